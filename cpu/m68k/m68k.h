/* cpu/m68k/m68k.h — internal state and helpers of the 68000 interpreter.
 *
 * Sources: M68000 Family Programmer's Reference Manual (M68000PM/AD rev. 1),
 * M68000 8-/16-/32-bit Microprocessors User's Manual (M68000UM/AD rev. 8),
 * §6 (exception processing, group-0 frame, figure 6-7) and §8 (timing).
 * Behaviour in corner cases (undefined flags, address-error frames) follows
 * the SingleStepTests vectors (MAME's microcoded 68000), see
 * ../shared/vectors/m68000/README.md.
 *
 * The prefetch queue is modelled as the vectors see it: `pc` is the address
 * of the next prefetch (MAME's AU, instruction address + 4 at the start of an
 * instruction), `ir` the opcode being executed and `irc` the word after it.
 * An extension word is taken from irc, which is refilled from pc.
 */
#ifndef WW_M68K_H
#define WW_M68K_H
#include <setjmp.h>
#include "core/cpu.h"
#include "core/space.h"

enum { M68K_MODEL_68000 };

/* SR bits (PRM §1.3.2) */
enum {
    SR_C = 0x0001, SR_V = 0x0002, SR_Z = 0x0004, SR_N = 0x0008, SR_X = 0x0010,
    SR_I = 0x0700, SR_S = 0x2000, SR_T = 0x8000,
    SR_MASK_68000 = 0xa71f,
};

/* Function codes (UM §3.7) */
enum { FC_UDATA = 1, FC_UPROG = 2, FC_SDATA = 5, FC_SPROG = 6, FC_IACK = 7 };

typedef struct m68k m68k_t;
/* Bus-master ports (designated indices of the table in cpu.c). */
enum { M68K_BUS_MEM = WW_CPU_BUS_MEM, M68K_BUS_IACK, M68K_BUS__COUNT };
typedef void (*m68k_handler)(m68k_t *m, uint16_t op);

struct m68k {
    ww_cpu cpu;
    uint32_t model;
    uint32_t d[8];
    uint32_t a[8];          /* a[7] is the active stack pointer */
    uint32_t osp;           /* the inactive one (USP in supervisor mode, else SSP) */
    uint32_t pc;            /* next prefetch address (AU) */
    uint16_t sr;
    uint16_t ir, irc;       /* prefetch queue */
    uint8_t irq_level;      /* highest asserted irq input (0 = none) */
    uint8_t nmi_edge;       /* level 7 went 0 -> 1 and is not yet taken */
    uint8_t stopped;        /* STOP executed, waiting for an interrupt */
    uint8_t halted;         /* double fault: only reset leaves this */
    uint8_t trace_pending;  /* T was set when the last instruction began */
    uint8_t attn;           /* something besides the next instruction is due */
    uint8_t irq_lines;      /* bit n = irq@n asserted */
    uint32_t inst_pc;       /* address of the instruction being executed */
    uint64_t cyc;           /* cycles of the current instruction so far */
    uint64_t cyc_done;      /* … of which already added to cpu.cycles */
    uint64_t insns;         /* instructions executed (statistics, benchmarks) */
    const m68k_handler *dispatch;
    /* Set while an instruction runs: abort target for bus/address errors. */
    jmp_buf *abort;
    /* Fast path cache */
    uint8_t *const *rtab, *const *wtab;
    uint64_t gen;
    unsigned page_bits;
    uint32_t amask;         /* address pins: 24 bits on the 68000 bus */
    uint32_t pmask;         /* offset within a page */
    /* For the frame of an address error (group 0) raised inside an
     * instruction: PC value pushed is adjusted by this (see exceptions.c). */
    int32_t ae_pc_adj;
    /* Or an absolute value (branches: the frame names the branch, not AU). */
    uint8_t ae_abs;
    uint32_t ae_pc;
    uint8_t prog_read;      /* PC-relative operand: FC is program space */
    /* The group-0 fault being raised (bus.c fills, exceptions.c frames). */
    uint32_t fault_addr;
    uint8_t fault_write, fault_insn, fault_fc, fault_addr_err;
    uint8_t in_exception;   /* stacking a frame: SSW I/N = 1, group 0 = halt */
    uint8_t exc_taken;      /* the current instruction raised an exception */
    uint8_t faults;         /* group-0 faults in the current unit of work */
};

/* ---- decode table (decode.c) ------------------------------------------ */
typedef struct m68k_op_info {
    const char *pattern;    /* 16 chars: 0/1 fixed, anything else free */
    m68k_handler fn;
    const char *name;       /* mnemonic, for tracing and docs */
    uint16_t ea;            /* allowed modes for bits 5..0 (EA_* mask), 0 = no check */
    uint16_t ea2;           /* allowed modes for bits 11..6 (MOVE destination) */
    uint8_t flags;          /* OPF_* */
} m68k_op_info;

enum { OPF_SIZE76 = 1 };   /* size field in bits 7..6, value 3 invalid */

/* Addressing mode classes (PRM §2.2) as a bit mask. */
enum {
    EA_DN = 1 << 0, EA_AN = 1 << 1, EA_AI = 1 << 2, EA_PI = 1 << 3, EA_PD = 1 << 4,
    EA_DI = 1 << 5, EA_IX = 1 << 6, EA_AW = 1 << 7, EA_AL = 1 << 8, EA_PCDI = 1 << 9,
    EA_PCIX = 1 << 10, EA_IM = 1 << 11,
    EA_ALL = 0xfff,
    EA_DATA = EA_ALL & ~EA_AN,
    EA_MEM = EA_ALL & ~(EA_DN | EA_AN),
    EA_ALTMEM = EA_AI | EA_PI | EA_PD | EA_DI | EA_IX | EA_AW | EA_AL,
    EA_DALT = EA_DN | EA_ALTMEM,
    EA_ALT = EA_DN | EA_AN | EA_ALTMEM,
    EA_CTRL = EA_AI | EA_DI | EA_IX | EA_AW | EA_AL | EA_PCDI | EA_PCIX,
    EA_CALT = EA_AI | EA_DI | EA_IX | EA_AW | EA_AL,
};

const m68k_handler *m68k_dispatch(void);
const m68k_op_info *m68k_op_lookup(uint16_t op);
int m68k_ea_class(unsigned mode, unsigned reg);   /* index of EA_* bit, -1 invalid */

/* ---- bus (bus.c) ------------------------------------------------------ */
G_GNUC_NORETURN void m68k_bus_fault(m68k_t *m, uint32_t addr, bool write, bool insn,
                                    bool addr_err);
/* Slow paths (MMIO, unmapped, faults); the fast paths below go through the
 * space's page table. The table pointers are re-read when the space's
 * generation changes, which only MMIO callbacks or code outside run() can
 * cause: checked at run() entry and after every slow access. */
uint8_t m68k_read8_slow(m68k_t *m, uint32_t addr);
uint16_t m68k_read16_slow(m68k_t *m, uint32_t addr, bool insn);
void m68k_write8_slow(m68k_t *m, uint32_t addr, uint8_t v);
void m68k_write16_slow(m68k_t *m, uint32_t addr, uint16_t v);
void m68k_refresh_tables(m68k_t *m);
void m68k_check_tables(m68k_t *m);

static inline uint8_t *m68k_host(const m68k_t *m, uint8_t *const *tab, uint32_t addr)
{
    if (!tab)
        return NULL;
    uint32_t a = addr & m->amask;
    uint8_t *p = tab[a >> m->page_bits];
    return p ? p + (a & m->pmask) : NULL;
}

static inline uint16_t m68k_fetch_word(m68k_t *m, uint32_t addr)  /* program space */
{
    uint8_t *p;
    if (!(addr & 1) && (p = m68k_host(m, m->rtab, addr))) {
        m->cyc += 4;
        return ww_ld_be16(p);
    }
    return m68k_read16_slow(m, addr, true);
}
static inline uint16_t m68k_read16(m68k_t *m, uint32_t addr)
{
    uint8_t *p;
    if (!(addr & 1) && (p = m68k_host(m, m->rtab, addr))) {
        m->cyc += 4;
        return ww_ld_be16(p);
    }
    return m68k_read16_slow(m, addr, false);
}
static inline uint8_t m68k_read8(m68k_t *m, uint32_t addr)
{
    uint8_t *p = m68k_host(m, m->rtab, addr);
    if (p) {
        m->cyc += 4;
        return *p;
    }
    return m68k_read8_slow(m, addr);
}
static inline void m68k_write16(m68k_t *m, uint32_t addr, uint16_t v)
{
    uint8_t *p;
    if (!(addr & 1) && (p = m68k_host(m, m->wtab, addr))) {
        m->cyc += 4;
        ww_st_be16(p, v);
        return;
    }
    m68k_write16_slow(m, addr, v);
}
static inline void m68k_write8(m68k_t *m, uint32_t addr, uint8_t v)
{
    uint8_t *p = m68k_host(m, m->wtab, addr);
    if (p) {
        m->cyc += 4;
        *p = v;
        return;
    }
    m68k_write8_slow(m, addr, v);
}
/* Longs are two word cycles, high word first; an odd address faults on the
 * first (UM §6.3.3). */
static inline uint32_t m68k_read32(m68k_t *m, uint32_t addr)
{
    uint32_t hi = m68k_read16(m, addr);
    return hi << 16 | m68k_read16(m, addr + 2);
}
static inline void m68k_write32(m68k_t *m, uint32_t addr, uint32_t v)
{
    m68k_write16(m, addr, (uint16_t)(v >> 16));
    m68k_write16(m, addr + 2, (uint16_t)v);
}

static inline bool m68k_super(const m68k_t *m) { return (m->sr & SR_S) != 0; }
static inline int m68k_dfc(const m68k_t *m) { return m68k_super(m) ? FC_SDATA : FC_UDATA; }
static inline int m68k_pfc(const m68k_t *m) { return m68k_super(m) ? FC_SPROG : FC_UPROG; }

/* Extension word: take irc, refill it from pc (UM §8: one read per word). */
static inline uint16_t m68k_ext(m68k_t *m)
{
    uint16_t w = m->irc;
    m->irc = m68k_fetch_word(m, m->pc);
    m->pc += 2;
    return w;
}
static inline uint32_t m68k_ext32(m68k_t *m)
{
    uint32_t hi = m68k_ext(m);
    return hi << 16 | m68k_ext(m);
}
/* End of an instruction: the next opcode moves up, one word is fetched. */
static inline void m68k_prefetch(m68k_t *m)
{
    m->ir = m->irc;
    m->irc = m68k_fetch_word(m, m->pc);
    m->pc += 2;
}
/* Branch: refill both words of the queue from `target`. */
void m68k_jump(m68k_t *m, uint32_t target);
static inline void m68k_idle(m68k_t *m, unsigned n) { m->cyc += n; }
/* Move the cycles counted so far into cpu.cycles: before an MMIO access
 * (so the chip sees the exact virtual time) and at the end of a unit. */
static inline void m68k_sync_cycles(m68k_t *m)
{
    m->cpu.cycles += m->cyc - m->cyc_done;
    m->cyc_done = m->cyc;
}

/* run() only looks beyond the next instruction when attn is set; every
 * change of what it summarises calls this. */
static inline void m68k_attn(m68k_t *m)
{
    m->attn = (uint8_t)(m->trace_pending | m->stopped | m->halted | m->nmi_edge |
                        (m->irq_level > ((m->sr >> 8) & 7)) |
                        (m->cpu.stop != WW_STOP_NONE));
}

/* ---- SR, stacks, exceptions (exceptions.c) ------------------------------ */
void m68k_set_sr(m68k_t *m, uint16_t sr);
static inline void m68k_set_ccr(m68k_t *m, uint8_t ccr)
{
    m->sr = (uint16_t)((m->sr & 0xff00) | (ccr & 0x1f));
}
void m68k_push16(m68k_t *m, uint16_t v);
void m68k_push32(m68k_t *m, uint32_t v);
uint16_t m68k_pop16(m68k_t *m);
uint32_t m68k_pop32(m68k_t *m);
/* Group 1/2 exception: pc_pushed is the return address. */
void m68k_exception(m68k_t *m, unsigned vector, uint32_t pc_pushed);
void m68k_privilege_violation(m68k_t *m);
void m68k_illegal(m68k_t *m, unsigned vector);   /* 4, 10 (line A), 11 (line F) */
void m68k_take_interrupt(m68k_t *m, unsigned level);
void m68k_group0(m68k_t *m);
/* User-mode runner: returns true if the exception was turned into a stop. */
bool m68k_user_stop(m68k_t *m, unsigned vector);

/* ---- effective addresses (ea.c) ------------------------------------------ */
typedef struct m68k_ea {
    uint8_t mode;          /* 0..7 */
    uint8_t reg;           /* 0..7 */
    uint32_t addr;         /* memory modes */
    /* (An)+ and long -(An) write An only once the access succeeded (an
     * address error leaves it unchanged, as the vectors show). */
    bool pending;
    uint32_t new_an;
} m68k_ea;

/* size in bytes 1/2/4. m68k_ea_decode computes the address (with (An)+/-(An)
 * updates and extension fetches) but does not touch the operand. */
void m68k_ea_decode(m68k_t *m, m68k_ea *ea, unsigned mode, unsigned reg, unsigned size);
uint32_t m68k_ea_read(m68k_t *m, m68k_ea *ea, unsigned size);
void m68k_ea_write(m68k_t *m, m68k_ea *ea, unsigned size, uint32_t v);
/* Convenience: decode bits 5..0 of op and read; register operands take a
 * short path (no decode state, nothing can fault). */
uint32_t m68k_read_ea_mem(m68k_t *m, uint16_t op, unsigned size, m68k_ea *ea);
static inline uint32_t m68k_read_ea(m68k_t *m, uint16_t op, unsigned size, m68k_ea *ea)
{
    unsigned mode = (op >> 3) & 7, reg = op & 7;
    if (mode < 2) {
        ea->mode = (uint8_t)mode;
        ea->reg = (uint8_t)reg;
        ea->pending = false;
        uint32_t v = mode ? m->a[reg] : m->d[reg];
        return size == 4 ? v : size == 2 ? (v & 0xffff) : (v & 0xff);
    }
    return m68k_read_ea_mem(m, op, size, ea);
}

static inline unsigned m68k_size76(uint16_t op) { return 1u << ((op >> 6) & 3); }
static inline uint32_t m68k_mask(unsigned size)
{
    return size == 1 ? 0xff : size == 2 ? 0xffff : 0xffffffffu;
}
static inline uint32_t m68k_msb(unsigned size) { return 1u << (size * 8 - 1); }
static inline uint32_t m68k_sext(uint32_t v, unsigned size)
{
    return size == 1 ? (uint32_t)(int32_t)(int8_t)v
         : size == 2 ? (uint32_t)(int32_t)(int16_t)v : v;
}
/* Write the low `size` bytes of a data register. */
static inline void m68k_set_dn(m68k_t *m, unsigned r, unsigned size, uint32_t v)
{
    uint32_t mask = m68k_mask(size);
    m->d[r] = (m->d[r] & ~mask) | (v & mask);
}

/* Flags for a logical result (N,Z from value; V,C cleared; X kept). */
static inline void m68k_flags_logic(m68k_t *m, uint32_t v, unsigned size)
{
    v &= m68k_mask(size);
    uint16_t f = 0;
    if (!v) f |= SR_Z;
    if (v & m68k_msb(size)) f |= SR_N;
    m->sr = (uint16_t)((m->sr & ~(SR_N | SR_Z | SR_V | SR_C)) | f);
}
/* Condition tests (PRM table 3-19) as a truth table: bit (N,Z,V,C) of
 * entry cc says whether condition cc holds for those flags. Order: T, F,
 * HI, LS, CC, CS, NE, EQ, VC, VS, PL, MI, GE, LT, GT, LE. */
static inline bool m68k_cond(const m68k_t *m, unsigned cc)
{
    static const uint16_t table[16] = {
        0xffff, 0x0000, 0x0505, 0xfafa, 0x5555, 0xaaaa, 0x0f0f, 0xf0f0,
        0x3333, 0xcccc, 0x00ff, 0xff00, 0xcc33, 0x33cc, 0x0c03, 0xf3fc,
    };
    return (table[cc & 15] >> (m->sr & 15)) & 1;
}

/* ---- instruction groups (exec_*.c): register their patterns -------------- */
extern const m68k_op_info m68k_ops_alu[];
extern const m68k_op_info m68k_ops_move[];
extern const m68k_op_info m68k_ops_shift[];
extern const m68k_op_info m68k_ops_bit[];
extern const m68k_op_info m68k_ops_flow[];

/* ---- execution (cpu.c) ---------------------------------------------------- */
/* Execute exactly one instruction (no interrupt/trace check first); returns
 * its cycles. Used by run() and by the vectors test. */
unsigned m68k_step(m68k_t *m);

#endif
