/* cpu/m68k/m68k.h — internal state and helpers of the 68000/68020/68030/68040
 * interpreter.
 *
 * Sources: M68000 Family Programmer's Reference Manual (M68000PM/AD rev. 1,
 * "PRM"), M68000 8-/16-/32-bit Microprocessors User's Manual (M68000UM/AD
 * rev. 8), §6 (exception processing, group-0 frame, figure 6-7) and §8
 * (timing); MC68020 User's Manual (MC68020UM/AD rev. 2, "020UM"), MC68030
 * User's Manual (MC68030UM/AD rev. 2, "030UM"), MC68040 User's Manual
 * (MC68040UM/AD rev. 1, "040UM"), MC68881/MC68882 Floating-Point Coprocessor
 * User's Manual (MC68881UM/AD rev. 2, "881UM").
 * Behaviour of the 68000 in corner cases (undefined flags, address-error
 * frames) follows the SingleStepTests vectors (MAME's microcoded 68000), see
 * ../shared/vectors/m68000/README.md.
 *
 * The prefetch queue is modelled as the 68000 vectors see it, for every
 * model: `pc` is the address of the next prefetch (MAME's AU, instruction
 * address + 4 at the start of an instruction), `ir` the opcode being executed
 * and `irc` the word after it. An extension word is taken from irc, which is
 * refilled from pc. On the 68020 and later a prefetch that faults is not
 * reported until the word is used (020UM §7.1.1 / 030UM §8.1.1: "the
 * processor ... does not take the exception unless it needs the word"): the
 * fetch is marked bad (qbad/bad_pc) and fetched again, for real, by the
 * consumer.
 *
 * Models: the 68000 is cycle-exact; the 68020/030/040 are functionally
 * complete with approximate cycle counts (README.md, "CPU timing").
 */
#ifndef WW_M68K_H
#define WW_M68K_H
#include <setjmp.h>
#include "core/cpu.h"
#include "core/space.h"
#include "core/tcache.h"

/* Indices of the "model" property (cpu.c: m68k_models). */
enum {
    M68K_MODEL_68000, M68K_MODEL_68020, M68K_MODEL_68030, M68K_MODEL_68040,
    M68K_MODEL_68EC030, M68K_MODEL_68LC040,
};
/* What a model has (derived from the model and fpu properties at realize). */
enum { MMU_NONE, MMU_030, MMU_040, MMU_EC030 /* transparent-translation registers only */ };
enum { FPU_NONE, FPU_68881, FPU_68882, FPU_040 };

/* SR bits (PRM §1.3.2, 020UM §1.3.2) */
enum {
    SR_C = 0x0001, SR_V = 0x0002, SR_Z = 0x0004, SR_N = 0x0008, SR_X = 0x0010,
    SR_I = 0x0700, SR_M = 0x1000, SR_S = 0x2000, SR_T0 = 0x4000, SR_T = 0x8000,
    SR_MASK_68000 = 0xa71f,
    SR_MASK_68020 = 0xf71f,     /* T1 T0 S M I: 020UM §1.3.2, 030UM, 040UM §1.3.2 */
};

/* Function codes (UM §3.7) */
enum { FC_UDATA = 1, FC_UPROG = 2, FC_SDATA = 5, FC_SPROG = 6, FC_IACK = 7 };

/* Stack pointers that are not a7 (a7 is the active one): the 68000 has USP
 * and SSP (= ISP); the 68020+ add the master stack pointer (SR.M). */
enum { SP_USP, SP_ISP, SP_MSP };

typedef struct m68k m68k_t;
/* Property "engine" (cpu.c): interp runs the 68000 from decoded blocks of the
 * translation cache (tc_run.c), interp-slow fetches and dispatches every
 * instruction (the reference). The 68020+ always run the uncached loop. */
enum { M68K_ENGINE_INTERP, M68K_ENGINE_SLOW };
/* longjmp values to m->abort besides a bus/address error (1) and an
 * abandoned instruction (2): the cached engine leaves a block after a
 * record whose handler needs the run loop (tc_run.c slow(), cpu.c run()). */
enum { M68K_TC_STOP = 3 };
/* Instructions the cached engine runs per entry from its run loop at most
 * (64 blocks of the longest, tc_run.c M68K_TC_MAX_INSNS). */
enum { M68K_TC_RUN = 64 * 48 };
/* Bus-master ports (designated indices of the table in cpu.c). */
enum { M68K_BUS_MEM = WW_CPU_BUS_MEM, M68K_BUS_IACK, M68K_BUS__COUNT };
typedef void (*m68k_handler)(m68k_t *m, uint16_t op);

/* ---- FPU (fpu.c) ------------------------------------------------------------ */
typedef struct m68k_fpu {
    long double fp[8];      /* FP0-FP7 in the host's long double (x87 extended) */
    uint32_t fpcr, fpsr, fpiar;
    uint8_t null_state;     /* FSAVE would write a NULL frame (881UM §6.4.1) */
    uint8_t pending;        /* 881/882: an enabled exception (vector) waits for the
                               next FPU instruction (pre-instruction, 881UM §6.1) */
    uint32_t pending_pc;    /* … the instruction that raised it (FSAVE frame) */
    uint8_t unimp;          /* 68040: an unimplemented instruction trapped; FSAVE
                               writes the "unimp" frame below (040UM §9.6) */
    uint8_t unimp_frame[48];/* … its body: tags, command word, FPTEMP, ETEMP */
} m68k_fpu;

/* ---- MMU (mmu.c) ------------------------------------------------------------- */
/* One address-translation-cache entry. 030: 22 entries, tagged by function
 * code and logical page (030UM §9.2); 040: 64 per ATC, data and instruction
 * (040UM §3.2.4); replacement is round-robin (the hardware's is
 * pseudo-random/LRU: nothing architecturally visible depends on it). */
typedef struct m68k_atc {
    uint32_t lpage;         /* logical address >> page shift */
    uint32_t ppage;         /* physical page address (low bits zero) */
    uint8_t valid;
    uint8_t fc;             /* 030: function code; 040: 1 = supervisor space */
    uint8_t wp, m, ci, b;   /* write protected, modified, cache inhibit, bus error */
    uint8_t s, g, u;        /* 040: supervisor only, global; 030 long: supervisor */
    uint8_t cm, ux;         /* 040: cache mode, U1/U0 */
} m68k_atc;

enum { ATC_030 = 22, ATC_040 = 64 };

typedef struct m68k_mmu {
    uint32_t tc;            /* 030: 32 bits; 040: 16 bits (E, P) */
    uint64_t crp, srp;      /* 030 root pointers (64-bit); 040: srp (low 32 bits) */
    uint32_t urp;           /* 040 user root pointer */
    uint32_t tt[2];         /* 030 TT0/TT1 (EC030: AC0/AC1) */
    uint32_t itt[2], dtt[2]; /* 040 transparent translation */
    uint32_t mmusr;         /* 030 MMUSR (16 bits) / 040 MMUSR (32 bits) */
    m68k_atc atc[ATC_030];  /* 030 */
    m68k_atc datc[ATC_040], iatc[ATC_040];   /* 040 */
    uint8_t next, dnext, inext;              /* replacement pointers */
    uint8_t dhint, ihint;   /* 040: the ATC entry that matched last (a search hint
                               only, not state: any value is safe) */
} m68k_mmu;

/* A pending 040 write-back (write that took an access error after the
 * instruction completed: 040UM §8.4.6, format $7 WB1-WB3). */
typedef struct m68k_wb {
    uint32_t addr, data;
    uint8_t size;           /* bytes */
    uint8_t fc;
    uint8_t atc;            /* MMU fault (1) or bus error (0) */
} m68k_wb;

struct m68k {
    ww_cpu cpu;
    uint32_t model;         /* property */
    uint32_t fpu_prop;      /* property: "default", "none", "68881", "68882" */
    uint8_t level;          /* 0 = 68000, 2 = 68020, 3 = 68030, 4 = 68040 */
    uint8_t mmu_kind, fpu_kind;
    uint16_t sr_mask;
    uint32_t d[8];
    uint32_t a[8];          /* a[7] is the active stack pointer */
    uint32_t sp[3];         /* the stack pointers that are not active (SP_*) */
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
    uint8_t qbad;           /* 020+: a prefetch at bad_pc faulted, not yet reported */
    uint8_t no_defer;       /* fetch for real (report the fault) */
    uint8_t jumped;         /* the instruction changed the flow (T0 trace) */
    uint32_t bad_pc;
    uint32_t trace_pc;      /* the instruction the pending trace follows */
    uint32_t inst_pc;       /* address of the instruction being executed */
    uint64_t cyc;           /* cycles of the current instruction so far */
    uint64_t cyc_done;      /* … of which already added to cpu.cycles */
    uint64_t insns;         /* instructions executed (statistics, benchmarks) */
    const m68k_handler *dispatch;
    /* Set while an instruction runs: abort target for bus/address errors. */
    jmp_buf *abort;
    /* Fast path cache: the space's tables, or NULL while the MMU translates. */
    uint8_t *const *rtab, *const *wtab;
    uint8_t *const *prtab, *const *pwtab;   /* physical (the space's own) */
    /* Instruction fetch: the 4 KiB of the fast table last fetched from
     * (ftag: its address, 0xffffffff when none; reset with the tables). */
    uint32_t ftag;
    const uint8_t *fhost;
    uint64_t gen;
    unsigned page_bits;
    uint32_t amask;         /* address pins: 24 bits on the 68000 bus */
    uint32_t pmask;         /* offset within a page */
    unsigned cyc_shift;     /* 020+: counted cycles >> this (approximate timing) */
    /* For the frame of an address error (group 0) raised inside an
     * instruction: PC value pushed is adjusted by this (see exceptions.c). */
    int32_t ae_pc_adj;
    /* Or an absolute value (branches: the frame names the branch, not AU). */
    uint8_t ae_abs;
    uint8_t prog_read;      /* PC-relative operand: FC is program space */
    /* Next to ae_abs and prog_read: begin() (cpu.c) clears them together. */
    uint8_t in_exception;   /* stacking a frame: SSW I/N = 1, group 0 = halt */
    uint8_t exc_taken;      /* the current instruction raised an exception */
    uint8_t faults;         /* group-0 faults in the current unit of work */
    uint32_t ae_pc;         /* with ae_abs */
    /* The group-0 fault being raised (bus.c fills, exceptions.c frames). */
    uint32_t fault_addr;
    uint8_t fault_write, fault_insn, fault_fc, fault_addr_err;
    uint8_t fault_size;     /* 020+: bytes of the faulting access */
    uint8_t fault_atc;      /* 020+: the MMU refused it (not a bus error) */
    uint8_t fault_rmw;      /* read-modify-write cycle (TAS, CAS) */
    uint32_t fault_data;    /* 020+: data of a faulting write */
    uint8_t rmw;            /* inside TAS/CAS/CAS2 (bus lock) */
    /* 020+ restart state: what an aborted instruction must not have changed
     * (030UM §8.2.1: the frame lets the instruction be restarted). */
    uint32_t save_a[8];
    uint16_t save_sr;
    /* 68010+ control registers (MOVEC, 020UM §1.3) */
    uint32_t vbr, cacr, caar;
    uint8_t sfc, dfc;
    uint8_t fc_override;    /* MOVES, PTEST: 1 + function code for the next access */
    /* 040 write-backs waiting for the end of the instruction */
    uint8_t nwb;
    m68k_wb wb[3];
    m68k_fpu fpu;
    m68k_mmu mmu;
    uint32_t user_tls;      /* user-mode runner: the thread pointer (user.c) */
    uint8_t mmu_on;         /* derived: TC.E (translation active) */
    uint8_t peek_walk;      /* a debugger's walk: descriptors read with peeks */
    /* Cached engine: the operands of a record that left its flags to be
     * made by the next one's slow path (tc_run.c nf_fix); meaningless
     * anywhere else, never saved. */
    uint32_t nf_s, nf_d;
    /* Cached engine (tc_run.c) */
    uint32_t engine;        /* property (M68K_ENGINE_*) */
    ww_tcache *tc;          /* NULL: uncached (interp-slow, a 68020+, no page table) */
    uint64_t tc_max_blocks; /* tests: return from run() after this many blocks (0: no limit) */
    /* tests: at most this many instructions per block (0: the engine's
     * own limit) — with tc_max_blocks = 1, one record per run() */
    uint32_t tc_max_insns;
    uint64_t tc_entered;    /* statistics: block runs entered from the run loop (tests) */
    /* The record of the running block (tc_block) that may fault or was
     * done last (NULL outside a block; tc_run.c tc_enter): a fault counts
     * the records before it, the run loop those done. */
    const struct m68k_dop *tc_cur;
    ww_tc_block *tc_block;            /* the running block */
    uint64_t tc_lim;                  /* machine: a block is entered while m->cyc + its worst case fits */
    /* Instructions that may still be entered after the running block
     * without the run loop: the runner's budget, at most M68K_TC_RUN (a
     * bound on the stack when the records' calls are not jumps). */
    uint64_t tc_left;
    uint64_t tc_base;                 /* tc_left + the first block's, at entry (cpu.c tc_before) */
};

/* ---- decode table (decode.c) ------------------------------------------ */
typedef struct m68k_op_info {
    const char *pattern;    /* 16 chars: 0/1 fixed, anything else free */
    m68k_handler fn;
    const char *name;       /* mnemonic, for tracing and docs */
    uint16_t ea;            /* allowed modes for bits 5..0 (EA_* mask), 0 = no check */
    uint16_t ea2;           /* allowed modes for bits 11..6 (MOVE destination) */
    uint8_t flags;          /* OPF_* */
    uint8_t models;         /* MODELS_* mask, 0 = every model */
} m68k_op_info;

enum { OPF_SIZE76 = 1 };   /* size field in bits 7..6, value 3 invalid */
/* Decode classes (one table each). */
enum { DEC_68000, DEC_68020, DEC_68030, DEC_68040, DEC__COUNT };
enum {
    MODELS_000 = 1 << DEC_68000, MODELS_020 = 1 << DEC_68020, MODELS_030 = 1 << DEC_68030,
    MODELS_040 = 1 << DEC_68040,
    MODELS_020UP = MODELS_020 | MODELS_030 | MODELS_040,
};

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

const m68k_handler *m68k_dispatch(unsigned dec);
const m68k_op_info *m68k_op_lookup(unsigned dec, uint16_t op);
int m68k_ea_class(unsigned mode, unsigned reg);   /* index of EA_* bit, -1 invalid */
unsigned m68k_decode_class(const m68k_t *m);

/* ---- bus (bus.c) ------------------------------------------------------ */
G_GNUC_NORETURN void m68k_bus_fault(m68k_t *m, uint32_t addr, bool write, bool insn,
                                    bool addr_err);
/* Slow paths (MMIO, unmapped, faults, misaligned and translated accesses);
 * the fast paths below go through the space's page table. The table pointers
 * are re-read when the space's generation changes, which only MMIO callbacks
 * or code outside run() can cause: checked at run() entry and after every
 * slow access. */
uint8_t m68k_read8_slow(m68k_t *m, uint32_t addr);
uint16_t m68k_read16_slow(m68k_t *m, uint32_t addr, bool insn);
void m68k_write8_slow(m68k_t *m, uint32_t addr, uint8_t v);
void m68k_write16_slow(m68k_t *m, uint32_t addr, uint16_t v);
uint32_t m68k_read32_slow(m68k_t *m, uint32_t addr);
void m68k_write32_slow(m68k_t *m, uint32_t addr, uint32_t v);
void m68k_refresh_tables(m68k_t *m);
void m68k_check_tables(m68k_t *m);
/* A deferred prefetch fault reaches a word in use (020+): fetch it for real. */
void m68k_queue_check(m68k_t *m);
/* 020+: an access with an explicit function code (MOVES, MOVE16, PTEST). */
uint32_t m68k_read_fc(m68k_t *m, uint32_t addr, unsigned size, unsigned fc);
void m68k_write_fc(m68k_t *m, uint32_t addr, unsigned size, uint32_t v, unsigned fc);

static inline uint8_t *m68k_host(const m68k_t *m, uint8_t *const *tab, uint32_t addr)
{
    if (!tab)
        return NULL;
    uint32_t a = addr & m->amask;
    uint8_t *p = tab[a >> m->page_bits];
    return p ? p + (a & m->pmask) : NULL;
}

uint16_t m68k_fetch_miss(m68k_t *m, uint32_t addr);
static inline uint16_t m68k_fetch_word(m68k_t *m, uint32_t addr)  /* program space */
{
    /* An odd address keeps bit 0 and never matches the tag. */
    if (G_LIKELY((addr & ~(uint32_t)0xffe) == m->ftag)) {
        m->cyc += 4;
        return ww_ld_be16(m->fhost + (addr & 0xffe));
    }
    return m68k_fetch_miss(m, addr);
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
 * first (UM §6.3.3). The 020+ take any alignment (020UM §5.2.2) and make a
 * long one access (its fault reports a long; still two 68000-style bus
 * cycles of time before the scaling). */
static inline uint32_t m68k_read32(m68k_t *m, uint32_t addr)
{
    if (m->level) {
        uint8_t *p;
        if (!(addr & 1) && (addr & m->pmask) <= m->pmask - 3 && (p = m68k_host(m, m->rtab, addr))) {
            m->cyc += 8;
            return ww_ld_be32(p);
        }
        return m68k_read32_slow(m, addr);
    }
    uint32_t hi = m68k_read16(m, addr);
    return hi << 16 | m68k_read16(m, addr + 2);
}
static inline void m68k_write32(m68k_t *m, uint32_t addr, uint32_t v)
{
    if (m->level) {
        uint8_t *p;
        if (!(addr & 1) && (addr & m->pmask) <= m->pmask - 3 && (p = m68k_host(m, m->wtab, addr))) {
            m->cyc += 8;
            ww_st_be32(p, v);
            return;
        }
        m68k_write32_slow(m, addr, v);
        return;
    }
    m68k_write16(m, addr, (uint16_t)(v >> 16));
    m68k_write16(m, addr + 2, (uint16_t)v);
}

static inline bool m68k_super(const m68k_t *m) { return (m->sr & SR_S) != 0; }
static inline int m68k_dfc(const m68k_t *m) { return m68k_super(m) ? FC_SDATA : FC_UDATA; }
static inline int m68k_pfc(const m68k_t *m) { return m68k_super(m) ? FC_SPROG : FC_UPROG; }
static inline unsigned m68k_sp_slot(uint16_t sr)
{
    return !(sr & SR_S) ? SP_USP : (sr & SR_M) ? SP_MSP : SP_ISP;
}
/* A stack pointer by slot, wherever it lives now. */
static inline uint32_t m68k_get_sp(const m68k_t *m, unsigned slot)
{
    return m68k_sp_slot(m->sr) == slot ? m->a[7] : m->sp[slot];
}
static inline void m68k_put_sp(m68k_t *m, unsigned slot, uint32_t v)
{
    if (m68k_sp_slot(m->sr) == slot)
        m->a[7] = v;
    else
        m->sp[slot] = v;
}

/* The word in irc, fetched for real if its prefetch faulted (020+). */
static inline uint16_t m68k_irc(m68k_t *m)
{
    if (G_UNLIKELY(m->qbad))
        m68k_queue_check(m);
    return m->irc;
}
/* Extension word: take irc, refill it from pc (UM §8: one read per word). */
static inline uint16_t m68k_ext(m68k_t *m)
{
    uint16_t w = m68k_irc(m);
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
/* Branch: refill both words of the queue from `target` (inline: the decode
 * table's flow handlers and the cached engine's records share it). */
static inline void m68k_jump(m68k_t *m, uint32_t target)
{
    m->qbad = 0;
    m->jumped = 1;
    m->pc = target;
    m->irc = m68k_fetch_word(m, m->pc);
    m->pc += 2;
    m68k_prefetch(m);
}
static inline void m68k_idle(m68k_t *m, unsigned n) { m->cyc += n; }
/* Move the cycles counted so far into cpu.cycles: before an MMIO access
 * (so the chip sees the exact virtual time) and at the end of a unit. The
 * 020+ count like the 68000 and scale (cyc_shift, approximate). */
static inline void m68k_sync_cycles(m68k_t *m)
{
    m->cpu.cycles += m->cyc - m->cyc_done;
    m->cyc_done = m->cyc;
}
static inline void m68k_sync_cycles_scaled(m68k_t *m)
{
    m->cpu.cycles += (m->cyc >> m->cyc_shift) - (m->cyc_done >> m->cyc_shift);
    m->cyc_done = m->cyc;
}

/* run() only looks beyond the next instruction when attn is set; every
 * change of what it summarises calls this. */
static inline void m68k_attn(m68k_t *m)
{
    m->attn = (uint8_t)(m->trace_pending | m->stopped | m->halted | m->nmi_edge |
                        (m->irq_level > ((m->sr >> 8) & 7)) | m->nwb |
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
/* Group 1/2 exception: pc_pushed is the return address. On the 020+ the
 * frame is format 0 (four words). */
void m68k_exception(m68k_t *m, unsigned vector, uint32_t pc_pushed);
/* 020+ format $2 frame (six words: + the instruction address, 020UM §6.4):
 * CHK, CHK2, TRAPcc, TRAPV, trace, divide by zero, cpTRAPcc. On the 68000 a
 * short frame. */
void m68k_exception2(m68k_t *m, unsigned vector, uint32_t pc_pushed, uint32_t addr);
/* Any frame format (020+): `extra` bytes after the format word. */
void m68k_exception_frame(m68k_t *m, unsigned vector, unsigned format, uint32_t pc,
                          const uint8_t *extra, unsigned nextra);
void m68k_privilege_violation(m68k_t *m);
void m68k_illegal(m68k_t *m, unsigned vector);   /* 4, 10 (line A), 11 (line F) */
void m68k_take_interrupt(m68k_t *m, unsigned level);
void m68k_group0(m68k_t *m);
void m68k_take_writeback_fault(m68k_t *m);       /* 040: pending write-back faults */
void m68k_rte(m68k_t *m);
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

/* size in bytes 1/2/4 (8, 12 for FPU operands). m68k_ea_decode computes the
 * address (with (An)+/-(An) updates and extension fetches) but does not touch
 * the operand. */
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
/* 020+: the 68000 reads the operand of CLR, Scc and MOVE from SR before
 * writing it; the 020+ only compute the address. */
void m68k_ea_decode_op(m68k_t *m, uint16_t op, unsigned size, m68k_ea *ea);

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

/* ADD/SUB/CMP and their X forms (ADDX, SUBX, NEGX: x in, Z only cleared)
 * with the condition codes of PRM table 3-18; CMP leaves X. Inline so that a
 * constant size folds (the cached engine's per-size records, tc_run.c);
 * exec_alu.c's m68k_alu_add/sub are these out of line. */
static inline __attribute__((always_inline)) uint32_t
m68k_add_cc(m68k_t *m, uint32_t s, uint32_t d, unsigned size, unsigned x, bool addx)
{
    uint32_t mask = m68k_mask(size), msb = m68k_msb(size);
    s &= mask;
    d &= mask;
    uint64_t r64 = (uint64_t)s + d + x;
    uint32_t r = (uint32_t)r64 & mask;
    uint16_t f = 0;
    if (r64 >> (size * 8))
        f |= SR_C | SR_X;
    if ((s ^ r) & (d ^ r) & msb)
        f |= SR_V;
    if (r & msb)
        f |= SR_N;
    if (addx)
        f |= r ? 0 : (m->sr & SR_Z);
    else if (!r)
        f |= SR_Z;
    m->sr = (uint16_t)((m->sr & ~0x1f) | f);
    return r;
}
static inline __attribute__((always_inline)) uint32_t
m68k_sub_cc(m68k_t *m, uint32_t s, uint32_t d, unsigned size, unsigned x, bool subx, bool cmp)
{
    uint32_t mask = m68k_mask(size), msb = m68k_msb(size);
    s &= mask;
    d &= mask;
    uint64_t r64 = (uint64_t)d - s - x;
    uint32_t r = (uint32_t)r64 & mask;
    uint16_t f = 0;
    if ((r64 >> (size * 8)) & 1)
        f |= SR_C | SR_X;
    if ((s ^ d) & (r ^ d) & msb)
        f |= SR_V;
    if (r & msb)
        f |= SR_N;
    if (subx)
        f |= r ? 0 : (m->sr & SR_Z);
    else if (!r)
        f |= SR_Z;
    uint16_t cc = cmp ? 0x0f : 0x1f;
    m->sr = (uint16_t)((m->sr & ~cc) | (f & cc));
    return r;
}
uint32_t m68k_alu_add(m68k_t *m, uint32_t s, uint32_t d, unsigned size, unsigned x, bool addx);
uint32_t m68k_alu_sub(m68k_t *m, uint32_t s, uint32_t d, unsigned size, unsigned x,
                      bool subx, bool cmp);

/* Handlers the 020+ tables reuse with wider addressing modes (exec_alu.c). */
void m68k_op_tst(m68k_t *m, uint16_t op);
void m68k_op_imm(m68k_t *m, uint16_t op);

/* ---- instruction groups (exec_*.c): register their patterns -------------- */
extern const m68k_op_info m68k_ops_alu[];
extern const m68k_op_info m68k_ops_move[];
extern const m68k_op_info m68k_ops_shift[];
extern const m68k_op_info m68k_ops_bit[];
extern const m68k_op_info m68k_ops_flow[];
extern const m68k_op_info m68k_ops_020[];     /* exec_020.c */
extern const m68k_op_info m68k_ops_fpu[];     /* fpu.c */
extern const m68k_op_info m68k_ops_mmu[];     /* mmu.c */

/* ---- FPU (fpu.c) ---------------------------------------------------------- */
void m68k_fpu_reset(m68k_t *m);

/* ---- MMU (mmu.c) ---------------------------------------------------------- */
void m68k_mmu_reset(m68k_t *m);
void m68k_mmu_update(m68k_t *m);     /* after TC changes: mmu_on, fast-path tables */
bool m68k_debug_translate(ww_cpu *cpu, uint64_t vaddr, bool write, uint64_t *paddr);
/* Translate a logical address: true with *pa, or false with m->fault_* set
 * (the caller raises the fault). */
bool m68k_translate(m68k_t *m, uint32_t la, unsigned fc, bool write, uint32_t *pa);
/* 030 TTx / 040 xTTx match (also used with the MMU off on the EC030). */
void m68k_mmu_flush_all(m68k_t *m);

/* ---- execution (cpu.c) ---------------------------------------------------- */
/* Execute exactly one instruction (no interrupt/trace check first); returns
 * its cycles. Used by run() and by the vectors test. */
unsigned m68k_step(m68k_t *m);
/* 020+ control registers for MOVEC (cpu.c): false = not on this model. */
bool m68k_movec_read(m68k_t *m, unsigned reg, uint32_t *v);
bool m68k_movec_write(m68k_t *m, unsigned reg, uint32_t v);

/* ---- the cached engine (tc_run.c) ------------------------------------------ */
/* One decoded instruction of a block: the handler that runs it (a
 * specialised one, or m68k_op_generic calling the decode table's), the
 * table's handler, the prefetch address the instruction starts with
 * (its address + 4), the opcode and operands extracted at decode time. */
typedef struct m68k_dop m68k_dop;
typedef void (*m68k_dfn)(m68k_t *m, const m68k_dop *d);
struct m68k_dop {
    m68k_dfn fn;
    m68k_handler h;
    uint32_t pc4;
    uint16_t op;
    uint8_t x, y;           /* registers */
    uint32_t imm;           /* immediate / quick data */
    uint8_t size;
    uint8_t smode, dmode;   /* effective-address modes (7 + reg for mode 7) */
    uint8_t kind;
    /* The words after the opcode as decoded, through the one the closing
     * prefetch reads (ext[j]: at the instruction's address + 2 + 2j). */
    uint16_t ext[6];
    uint8_t nfp;            /* the record before left its flags to this one's slow path */
};
/* The prefetch queue holds what block b was decoded from (irc: the word
 * after the first opcode, which the block owns). */
static inline bool m68k_tc_queue_ok(const m68k_t *m, const ww_tc_block *b)
{
    const m68k_dop *d = (const m68k_dop *)b->ops;
    return d->op == m->ir && d->ext[0] == m->irc;
}
bool m68k_tc_init(m68k_t *m);
void m68k_tc_fini(m68k_t *m);
/* Bytes of the 68000 instruction with this opcode (2-10), from the opcode
 * alone; 0 for an opcode the 68000 does not decode. */
unsigned m68k_len_68000(uint16_t op);
uint32_t m68k_tc_flags(const m68k_t *m);
/* The block at the instruction in ir (pc - 4), translated if need be; NULL
 * when the code cannot be cached (a chip, a hole). */
ww_tc_block *m68k_tc_find(m68k_t *m, uint32_t flags);

#endif
