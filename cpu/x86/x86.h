/* cpu/x86/x86.h — internal state and helpers of the x86 interpreter.
 *
 * One interpreter covers the 8086 through the P6 ("pentium-pro"); the model
 * picks the quirks (8086: PUSH SP pushes the new SP, shift counts unmasked,
 * 20-bit addresses, undefined opcodes alias documented ones; 286: 24-bit
 * addresses, #UD/#GP; 386+: 32-bit operands, paging). Sources: Intel 8086
 * Family User's Manual (1979), iAPX 286 Programmer's Reference (1983),
 * Intel SDM vol. 2/3 (instruction semantics, exceptions), and the
 * SingleStepTests 8086/80286 hardware captures for undocumented behaviour.
 *
 * Faults unwind with longjmp to the run loop (set up once per run call and
 * once per delivered exception, not per instruction). */
#ifndef WW_CPU_X86_H
#define WW_CPU_X86_H
#include "core/cpu.h"
#include "core/space.h"
#include <setjmp.h>

enum { X86_ES, X86_CS, X86_SS, X86_DS, X86_FS, X86_GS };
enum { EAX, ECX, EDX, EBX, ESP, EBP, ESI, EDI };
enum { X86_I8086, X86_I286, X86_I386, X86_I486, X86_PPRO };

/* EFLAGS bits (SDM vol. 1 §3.4.3). */
enum {
    F_CF = 1u << 0, F_PF = 1u << 2, F_AF = 1u << 4, F_ZF = 1u << 6, F_SF = 1u << 7,
    F_TF = 1u << 8, F_IF = 1u << 9, F_DF = 1u << 10, F_OF = 1u << 11,
    F_IOPL = 3u << 12, F_NT = 1u << 14, F_RF = 1u << 16, F_VM = 1u << 17,
    F_AC = 1u << 18, F_ID = 1u << 21,
};
#define F_ARITH (F_CF | F_PF | F_AF | F_ZF | F_SF | F_OF)

/* Exceptions (SDM vol. 3 §6.3.1). */
enum {
    X86_DE = 0, X86_DB = 1, X86_NMI = 2, X86_BP = 3, X86_OF = 4, X86_BR = 5, X86_UD = 6,
    X86_NM = 7, X86_DF = 8, X86_TS = 10, X86_NP = 11, X86_SS_EXC = 12, X86_GP = 13,
    X86_PF = 14, X86_MF = 16, X86_AC = 17,
};

/* A segment register with its hidden descriptor cache: real-mode loads
 * change only sel and base, so a limit loaded in protected mode survives
 * (big real mode). attr holds descriptor bits 40-55 (type, S, DPL, P,
 * AVL, D/B, G) as in the descriptor's high dword >> 8. */
/* Bus-master ports and input ports (designated indices of the tables in cpu.c). */
enum { X86_BUS_MEM = WW_CPU_BUS_MEM, X86_BUS_IO, X86_BUS_IACK, X86_BUS__COUNT };
enum { X86_PORT_INTR, X86_PORT_NMI, X86_PORT__COUNT };

typedef struct x86_seg {
    uint16_t sel;
    uint32_t base, limit;
    uint16_t attr;
    uint8_t flat;   /* derived: 1 = reads, 2 = writes need no checks (4 GiB, present, expand-up) */
} x86_seg;

#define SEG_P      0x0080
#define SEG_DB     0x4000
#define SEG_G      0x8000

typedef struct x86_tlb_entry {
    uint32_t tag;     /* linear page | valid bit 0 */
    uint32_t phys;    /* physical page */
    uint8_t flags;    /* bit0 writable, bit1 user, bit2 dirty-set */
} x86_tlb_entry;
#define X86_TLB_SIZE 256

/* The cached engine's memory fast path (cpu/x86/tc.c): linear page -> host
 * pointer, one table for reads and one for writes, each entry a subset of the
 * TLB entry of the same index (paging on) with the access's rights checked at
 * fill time for the CPL of ftlb_cpl; write entries only for pages the space
 * lets the CPU write directly (not code pages, not MMIO). */
typedef struct x86_ftlb {
    uint32_t tag;      /* linear page | 1, 0 = empty */
    uint32_t phys;     /* space page (for the code-page protect hook) */
    uintptr_t delta;   /* host address of linear address a = delta + a */
} x86_ftlb;

typedef struct x86_fpu {
    long double st[8];   /* physical registers; ST(i) = st[(top + i) & 7] */
    uint16_t cw, sw, tw; /* tw: 2 bits per register, 3 = empty */
    unsigned top;
    uint32_t fip, fdp;
    uint16_t fcs, fds, fop;
} x86_fpu;

enum { X86_ENGINE_INTERP, X86_ENGINE_INTERP_SLOW };
struct ww_tcache;
struct ww_tc_block;

typedef struct x86_cpu {
    ww_cpu cpu;
    uint32_t model;
    uint32_t engine;       /* property: X86_ENGINE_* (cpu.c x86_run) */
    /* architectural state */
    uint32_t r[8];
    uint32_t eip;
    uint32_t eflags;       /* exact outside the run loop; inside, the six arithmetic
                              flags are in lf_* while lf_op != LF_NONE (alu.c) */
    /* Lazy arithmetic flags (alu.c): the last flag-setting operation. The
     * operands and result are normalised so that the operation's sign bit is
     * bit 31 (value << lf_sh, lf_sh = 32 - 8 * size): ZF, SF, CF and the
     * signed compares are then plain 32-bit tests for every size. */
    uint32_t lf_a, lf_b, lf_res;
    uint8_t lf_op;         /* LF_* */
    uint8_t lf_sh;
    uint8_t lf_cf;         /* INC/DEC: the carry they keep */
    x86_seg seg[6];
    x86_seg ldtr, tr;
    uint32_t gdt_base, idt_base;
    uint16_t gdt_limit, idt_limit;
    uint32_t cr0, cr2, cr3, cr4;
    uint32_t dr[8];
    uint64_t msr_sysenter_cs, msr_sysenter_esp, msr_sysenter_eip, msr_apicbase;
    uint64_t msr_pat, msr_misc;
    uint64_t tsc_offset;    /* TSC = clock ticks of virtual time + offset (x86_tsc) */
    bool apic;             /* property: a local APIC is wired (CPUID, IA32_APIC_BASE) */
    uint8_t cpl;
    x86_fpu fpu;
    /* interrupt inputs */
    uint8_t nmi_blocked, halted;
    /* The rare per-instruction events, overlaid so the run loop tests one word. */
    union {
        struct {
            uint8_t intr_line, nmi_pending;
            uint8_t inhibit_irq;   /* one instruction after MOV SS/POP SS/STI */
            bool rep_more;         /* a REP string op stopped early: re-run it */
        };
        uint32_t events;
    };
    /* per-instruction decode state */
    uint32_t op_eip;       /* first byte of the current instruction */
    int seg_ovr;           /* -1 = none */
    uint8_t rep;           /* 0, 0xF2, 0xF3 */
    uint8_t lock;
    bool o32, a32;         /* operand/address size of this instruction */
    /* ModR/M */
    uint8_t modrm, mod, regf, rm;
    bool ea_reg;           /* operand is a register */
    bool ea_esp;           /* 32-bit addressing with a SIB whose base is ESP (POP r/m) */
    int ea_seg;
    uint32_t ea_off;
    /* configuration derived from the model */
    int level;             /* X86_I8086 … X86_PPRO */
    uint32_t amask;        /* physical address mask (20/24/32 bits) … */
    uint32_t space_mask;   /* … within the "mem" space's address bits (0 = none) */
    /* fast path */
    uint8_t *const *rtab;
    uint8_t *const *wtab;
    uint64_t gen;
    unsigned page_bits;
    x86_tlb_entry tlb[X86_TLB_SIZE];
    /* Instruction fetch window: IPs fast_lo .. fast_lo+fast_len-1 lie in one
     * RAM/ROM page inside the CS limit; byte at IP i is at host address
     * fast_delta + i. Dropped on TLB flushes, map changes, CS loads and
     * privilege changes (x86_fetch_flush). */
    uint32_t fast_lo, fast_len;
    uintptr_t fast_delta;
    /* fault unwinding */
    jmp_buf jb;
    int exc_vec, exc_err;  /* set by x86_fault before the longjmp */
    int exc_depth;         /* nested deliveries: 2 = double fault, 3 = shutdown */
    int last_exc;          /* last vector delivered (tests), -1 none */
    uint32_t user_gdt[16][2]; /* user mode: the GDT Linux gives a process (TLS 6-8) */
    /* the cached engine (cpu/x86/tc.c) */
    struct ww_tcache *tc;
    bool tc_tried;         /* x86_tc_init ran (tc NULL: nothing to protect code with) */
    bool tc_check;         /* a record's slow path ran: test for a reason to leave */
    uint8_t tc_slot;       /* how the last block ended (tc.c TC_*) */
    uint8_t ftlb_cpl;      /* CPL the ftlb entries were filled for */
    uint32_t tc_chain;     /* blocks entered by calls before the run loop's turn */
    uint64_t tc_base;      /* cycles at the running block's first instruction */
    uint64_t tc_end;       /* the budget's end */
    struct ww_tc_block *tc_blk;   /* the block that ended */
    void *tc_patch;        /* a record replaced by a stop (exact budget ends) */
    void *tc_patch_fn;     /* its handler */
    x86_ftlb ftlb_r[X86_TLB_SIZE], ftlb_w[X86_TLB_SIZE];
    uint64_t insns;
} x86_cpu;

/* mem.c: linear/physical access, segmentation checks, paging */
uint8_t x86_phys_read8(x86_cpu *c, uint32_t pa);
void x86_phys_write8(x86_cpu *c, uint32_t pa, uint8_t v);
uint32_t x86_phys_read32(x86_cpu *c, uint32_t pa);
void x86_phys_write32(x86_cpu *c, uint32_t pa, uint32_t v);
uint32_t x86_rd(x86_cpu *c, int seg, uint32_t off, unsigned size);
void x86_wr(x86_cpu *c, int seg, uint32_t off, unsigned size, uint32_t v);
/* x86_wr's checks without the write (size up to 8): faults as the write would. */
void x86_wr_check(x86_cpu *c, int seg, uint32_t off, unsigned size);
uint32_t x86_lin_read(x86_cpu *c, uint32_t lin, unsigned size, bool sys);
/* Linear to physical for debuggers: peek only, no A/D bits, TLB or #PF. */
void x86_lin_write(x86_cpu *c, uint32_t lin, unsigned size, uint32_t v, bool sys);
void x86_tlb_flush(x86_cpu *c);
void x86_tlb_flush_page(x86_cpu *c, uint32_t lin);
uint8_t x86_fetch8_slow(x86_cpu *c);
static inline uint8_t x86_fetch8(x86_cpu *c)
{
    uint32_t ip = c->eip;
    if (__builtin_expect(ip - c->fast_lo < c->fast_len, 1)) {
        c->eip = ip + 1;
        return *(const uint8_t *)(c->fast_delta + ip);
    }
    return x86_fetch8_slow(c);
}
static inline uint16_t x86_fetch16(x86_cpu *c)
{
    uint32_t ip = c->eip;
    if (__builtin_expect(ip - c->fast_lo + 1 < c->fast_len, 1)) {
        c->eip = ip + 2;
        const uint8_t *p = (const uint8_t *)(c->fast_delta + ip);
        return (uint16_t)(p[0] | p[1] << 8);
    }
    uint16_t lo = x86_fetch8_slow(c);
    return (uint16_t)(lo | x86_fetch8(c) << 8);
}
static inline uint32_t x86_fetch32(x86_cpu *c)
{
    uint32_t ip = c->eip;
    if (__builtin_expect(ip - c->fast_lo + 3 < c->fast_len, 1)) {
        c->eip = ip + 4;
        const uint8_t *p = (const uint8_t *)(c->fast_delta + ip);
        return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
    }
    uint32_t lo = x86_fetch16(c);
    return lo | (uint32_t)x86_fetch16(c) << 16;
}
void x86_refresh_tables(x86_cpu *c);
static inline void x86_fetch_flush(x86_cpu *c) { c->fast_len = 0; }

/* seg.c: segment loads, descriptor tables, mode checks */
static inline bool x86_pmode(const x86_cpu *c) { return c->cr0 & 1; }
static inline bool x86_v86(const x86_cpu *c) { return c->eflags & F_VM; }
void x86_load_seg(x86_cpu *c, int sreg, uint16_t sel);
void x86_set_seg_real(x86_cpu *c, int sreg, uint16_t sel);
bool x86_read_desc(x86_cpu *c, uint16_t sel, uint32_t *lo, uint32_t *hi);
void x86_desc_to_cache(x86_seg *s, uint16_t sel, uint32_t lo, uint32_t hi);
void x86_far_jump(x86_cpu *c, uint16_t sel, uint32_t off, bool call, bool o32);
void x86_far_return(x86_cpu *c, uint16_t pop_extra, bool o32, bool iret);

/* exceptions.c */
G_NORETURN void x86_fault(x86_cpu *c, int vec, int err);
enum { X86_EXC, X86_SOFT, X86_EXT };
void x86_deliver(x86_cpu *c, int vec, int err, int kind, uint32_t ret_eip);
void x86_check_interrupts(x86_cpu *c);

/* alu.c: flags.
 * Lazy kinds (x86_cpu.lf_op). A = lf_a, B = lf_b, R = lf_res, all << lf_sh:
 *  ADD/ADC/SUB/SBB: R = A op B (ADC/SBB: the kinds for carry-in 1; with
 *  carry-in 0 they are ADD/SUB); LOGIC: R only (CF = OF = AF = 0);
 *  INC/DEC: B = 1 << lf_sh, CF = lf_cf; SHL/SHR/SAR: lf_a the operand (not
 *  shifted), lf_b the count (1..255), R the result << lf_sh; IMUL (two and
 *  three operands): R the truncated product << lf_sh, CF = OF = lf_cf, AF
 *  (undefined; kept) in eflags.
 * Everything that reads or partly writes the arithmetic flags goes through
 * x86_flags / x86_flags_sync / x86_cf / x86_cond; x86_run (cpu.c) and
 * x86_deliver (exceptions.c) materialise them, so EFLAGS is exact whenever
 * the CPU is outside its run loop and in every pushed FLAGS image. */
enum { LF_NONE, LF_ADD, LF_ADC, LF_SUB, LF_SBB, LF_LOGIC, LF_INC, LF_DEC, LF_SHL, LF_SHR,
       LF_SAR, LF_IMUL };
uint32_t x86_shift(x86_cpu *c, unsigned op, uint32_t a, unsigned count, unsigned size);
void x86_set_szp(x86_cpu *c, uint32_t res, unsigned size);
bool x86_cond_slow(const x86_cpu *c, unsigned cc);
void x86_muldiv(x86_cpu *c, unsigned op, uint32_t src, unsigned size);
uint32_t x86_shld(x86_cpu *c, uint32_t dst, uint32_t src, unsigned count, unsigned size, bool right);
/* The six arithmetic flags of the lazy state (lf_op != LF_NONE). */
uint32_t x86_lazy_arith(const x86_cpu *c);

/* EFLAGS with the arithmetic flags exact, without changing the state. */
static inline uint32_t x86_flags(const x86_cpu *c)
{
    if (c->lf_op == LF_NONE)
        return c->eflags;
    return (c->eflags & ~F_ARITH) | x86_lazy_arith(c);
}

/* Materialise: before anything writes some of the arithmetic flags and
 * keeps the others, and on every way out of the run loop. */
static inline void x86_flags_sync(x86_cpu *c)
{
    if (c->lf_op != LF_NONE) {
        c->eflags = (c->eflags & ~F_ARITH) | x86_lazy_arith(c);
        c->lf_op = LF_NONE;
    }
}

static inline bool x86_cf(const x86_cpu *c)
{
    switch (c->lf_op) {
    case LF_NONE: return c->eflags & F_CF;
    case LF_ADD: return c->lf_res < c->lf_a;
    case LF_SUB: return c->lf_a < c->lf_b;
    case LF_LOGIC: return false;
    case LF_INC: case LF_DEC: case LF_IMUL: return c->lf_cf;
    default: return x86_lazy_arith(c) & F_CF;
    }
}

/* AF of the state, as x86_lazy_arith would give it, without the others. */
static inline bool x86_af(const x86_cpu *c)
{
    switch (c->lf_op) {
    case LF_NONE: case LF_IMUL:
        return c->eflags & F_AF;
    case LF_ADD: case LF_ADC: case LF_INC: case LF_SUB: case LF_SBB: case LF_DEC:
        return ((c->lf_a ^ c->lf_b ^ c->lf_res) >> (c->lf_sh + 4)) & 1;
    default:                    /* the logic ops and SHL/SHR/SAR clear it */
        return false;
    }
}

/* A lazy-flags result not yet in the CPU. A read-modify-write instruction
 * with a memory destination computes it (x86_alu_lf, x86_incdec_lf), writes
 * memory, then installs it (x86_lf_put): a write that faults (#PF on a
 * read-only page, #GP/#SS at a limit) must leave EFLAGS as they were before
 * the instruction, since a fault is restartable (SDM vol. 3 §6.5: the state
 * is the one before the faulting instruction). */
typedef struct x86_lf {
    uint32_t a, b, res;    /* normalised, as lf_a/lf_b/lf_res */
    uint8_t op, sh, cf;    /* lf_op, lf_sh; INC/DEC: lf_cf */
} x86_lf;

static inline void x86_lf_put(x86_cpu *c, const x86_lf *f)
{
    c->lf_a = f->a;        /* (unused by LOGIC) */
    c->lf_b = f->b;
    c->lf_res = f->res;
    c->lf_sh = f->sh;
    c->lf_op = f->op;
}

/* ALU op (the 00-3F row's order: ADD OR ADC SBB AND SUB XOR CMP): the flag
 * state it produces, the CPU unchanged; the result is res >> sh. Inline: on
 * the path of most instructions. */
static inline __attribute__((always_inline)) x86_lf x86_alu_lf(const x86_cpu *c, unsigned op, uint32_t a, uint32_t b, unsigned size)
{
    unsigned sh = 32 - size * 8;
    uint32_t na = a << sh, nb = b << sh, r;
    unsigned kind;
    switch (op) {
    case 0: r = na + nb; kind = LF_ADD; break;
    case 2:
        if (x86_cf(c)) {
            r = na + nb + (1u << sh);
            kind = LF_ADC;
        } else {
            r = na + nb;
            kind = LF_ADD;
        }
        break;
    case 3:
        if (x86_cf(c)) {
            r = na - nb - (1u << sh);
            kind = LF_SBB;
        } else {
            r = na - nb;
            kind = LF_SUB;
        }
        break;
    case 5: case 7: r = na - nb; kind = LF_SUB; break;
    case 1: r = na | nb; kind = LF_LOGIC; break;
    case 4: r = na & nb; kind = LF_LOGIC; break;
    default: r = na ^ nb; kind = LF_LOGIC; break;
    }
    return (x86_lf){ na, nb, r, (uint8_t)kind, (uint8_t)sh, 0 };
}

/* The same, flags installed (lazy): the result. */
static inline __attribute__((always_inline)) uint32_t x86_alu(x86_cpu *c, unsigned op, uint32_t a, uint32_t b, unsigned size)
{
    x86_lf f = x86_alu_lf(c, op, a, b, size);
    x86_lf_put(c, &f);
    return f.res >> f.sh;
}

/* INC/DEC: as x86_alu_lf (the carry they keep in cf; x86_incdec_put). */
static inline x86_lf x86_incdec_lf(const x86_cpu *c, bool dec, uint32_t a, unsigned size)
{
    unsigned sh = 32 - size * 8;
    uint32_t na = a << sh, one = 1u << sh;
    uint32_t r = dec ? na - one : na + one;
    return (x86_lf){ na, one, r, dec ? LF_DEC : LF_INC, (uint8_t)sh, x86_cf(c) };
}

static inline void x86_incdec_put(x86_cpu *c, const x86_lf *f)
{
    c->lf_cf = f->cf;
    x86_lf_put(c, f);
}

static inline uint32_t x86_incdec(x86_cpu *c, bool dec, uint32_t a, unsigned size)
{
    x86_lf f = x86_incdec_lf(c, dec, a, size);
    x86_incdec_put(c, &f);
    return f.res >> f.sh;
}

/* The whole arithmetic flag state, for the read-modify-write forms whose
 * flag helpers write it directly (shifts, rotates, SHLD/SHRD): run the
 * helper, then x86_rmw_wr writes memory with the state from before put back,
 * and the helper's after the write (see x86_lf). */
typedef struct x86_fstate {
    x86_lf lf;
    uint32_t eflags;
} x86_fstate;

static inline x86_fstate x86_fstate_get(const x86_cpu *c)
{
    return (x86_fstate){ { c->lf_a, c->lf_b, c->lf_res, c->lf_op, c->lf_sh, c->lf_cf },
                         c->eflags };
}

static inline void x86_fstate_put(x86_cpu *c, const x86_fstate *s)
{
    x86_lf_put(c, &s->lf);
    c->lf_cf = s->lf.cf;
    c->eflags = s->eflags;
}

static inline bool x86_zf(const x86_cpu *c)
{
    if (c->lf_op == LF_NONE)
        return c->eflags & F_ZF;
    return c->lf_res == 0;   /* every lazy kind: ZF = (result == 0) */
}

/* Jcc/SETcc/CMOVcc condition cc (0-15, SDM vol. 1 appendix B): the common
 * producers (CMP/SUB, the logic ops; ZF and SF of every kind) answered from
 * the lazy state without building EFLAGS. */
static inline __attribute__((always_inline)) bool x86_cond(const x86_cpu *c, unsigned cc)
{
    unsigned k = c->lf_op;
    uint32_t a = c->lf_a, b = c->lf_b, r = c->lf_res;
    bool t;
    switch (cc >> 1) {
    case 1:                                       /* B: CF */
        if (k == LF_SUB) t = a < b;
        else if (k == LF_LOGIC) t = false;
        else return x86_cond_slow(c, cc);
        break;
    case 2:                                       /* Z */
        t = k == LF_NONE ? (c->eflags & F_ZF) != 0 : r == 0;
        break;
    case 3:                                       /* BE: CF or ZF */
        if (k == LF_SUB) t = a <= b;
        else if (k == LF_LOGIC) t = r == 0;
        else return x86_cond_slow(c, cc);
        break;
    case 4:                                       /* S */
        t = k == LF_NONE ? (c->eflags & F_SF) != 0 : (int32_t)r < 0;
        break;
    case 6:                                       /* L: SF != OF */
        if (k == LF_SUB) t = (int32_t)a < (int32_t)b;
        else if (k == LF_LOGIC) t = (int32_t)r < 0;
        else return x86_cond_slow(c, cc);
        break;
    case 7:                                       /* LE: ZF or SF != OF */
        if (k == LF_SUB) t = (int32_t)a <= (int32_t)b;
        else if (k == LF_LOGIC) t = (int32_t)r <= 0;
        else return x86_cond_slow(c, cc);
        break;
    default:                                      /* O, P */
        return x86_cond_slow(c, cc);
    }
    return t ^ (cc & 1);
}

/* exec.c */
void x86_step(x86_cpu *c);
/* The fast uncached loop (exec.c): instructions until the budget ends, a
 * stop, or something the careful loop in cpu.c x86_run handles (halt,
 * breakpoints, an exit request). Engine "interp" runs it where the block
 * cache (tc.c) cannot: the 8086 and 286 models, a space without a page table. */
void x86_run_fast(x86_cpu *c, uint64_t end);
bool x86_after_step_rare(x86_cpu *c, uint32_t tf);
void x86_set_flags(x86_cpu *c, uint32_t v, uint32_t mask);
uint32_t x86_get_flags(const x86_cpu *c);

/* tc.c: the cached engine */
void x86_run_cached(x86_cpu *c, uint64_t end);
void x86_tc_init(x86_cpu *c);
void x86_tc_fini(x86_cpu *c);
void x86_tc_unpatch(x86_cpu *c);   /* after a fault unwound a block */
void x86_ftlb_flush(x86_cpu *c);
static inline void x86_ftlb_drop(x86_cpu *c, uint32_t lin)
{
    unsigned i = (lin >> 12) & (X86_TLB_SIZE - 1);
    c->ftlb_r[i].tag = c->ftlb_w[i].tag = 0;
}

/* exec_0f.c */
void x86_exec_0f(x86_cpu *c);

/* debug.c (core/cpu.h's translate and gdb alias) */
bool x86_debug_translate(ww_cpu *cpu, uint64_t vaddr, bool write, uint64_t *paddr);
unsigned x86_debug_st_element(ww_cpu *cpu, unsigned i);

/* fpu.c */
void x86_fpu_reset(x86_cpu *c);
void x86_exec_fpu(x86_cpu *c, uint8_t op);

/* ea.c */
void x86_decode_modrm(x86_cpu *c);

/* stack helpers (exec.c) */
void x86_push(x86_cpu *c, unsigned size, uint32_t v);
void x86_push_n(x86_cpu *c, unsigned size, const uint32_t *v, unsigned n);
uint32_t x86_pop(x86_cpu *c, unsigned size);

/* cpu.c */
void x86_apply_model(x86_cpu *c);
void x86_cpu_reset_state(x86_cpu *c);
void x86_seg_update_flat(x86_seg *s);
/* The time-stamp counter: it counts core clocks of virtual time, halted or
 * not (P6: the TSC runs on in HLT), so it agrees with the PIT and the ACPI
 * PM timer. The user-mode runner has no machine time: there it counts cycles. */
uint64_t x86_tsc(x86_cpu *c);
void x86_set_tsc(x86_cpu *c, uint64_t v);

static inline uint32_t x86_mask(unsigned size)
{
    return size == 4 ? 0xFFFFFFFFu : (1u << (size * 8)) - 1;
}
static inline uint32_t x86_sign(unsigned size) { return 1u << (size * 8 - 1); }
static inline uint32_t x86_sext(uint32_t v, unsigned size)
{
    return size == 1 ? (uint32_t)(int32_t)(int8_t)v
         : size == 2 ? (uint32_t)(int32_t)(int16_t)v : v;
}
/* Stack pointer width follows SS.B in protected mode. */
static inline bool x86_ss32(const x86_cpu *c) { return (c->seg[X86_SS].attr & SEG_DB) != 0; }
static inline uint32_t x86_ip_mask(const x86_cpu *c)
{
    return (c->seg[X86_CS].attr & SEG_DB) ? 0xFFFFFFFFu : 0xFFFFu;
}

/* Register and ModR/M operand access (inline: on every instruction's path).
 * 8-bit registers 0-3 are AL CL DL BL, 4-7 AH CH DH BH. */
static inline uint32_t x86_reg_read(x86_cpu *c, unsigned reg, unsigned size)
{
    if (size == 1)
        return reg < 4 ? c->r[reg] & 0xFF : (c->r[reg - 4] >> 8) & 0xFF;
    return size == 2 ? c->r[reg] & 0xFFFF : c->r[reg];
}

static inline void x86_reg_write(x86_cpu *c, unsigned reg, unsigned size, uint32_t v)
{
    if (size == 1) {
        if (reg < 4)
            c->r[reg] = (c->r[reg] & ~0xFFu) | (v & 0xFF);
        else
            c->r[reg - 4] = (c->r[reg - 4] & ~0xFF00u) | ((v & 0xFF) << 8);
    } else if (size == 2) {
        c->r[reg] = (c->r[reg] & 0xFFFF0000u) | (v & 0xFFFF);
    } else {
        c->r[reg] = v;
    }
}

static inline uint32_t x86_rm_read(x86_cpu *c, unsigned size)
{
    if (c->ea_reg)
        return x86_reg_read(c, c->rm, size);
    return x86_rd(c, c->ea_seg, c->ea_off, size);
}

static inline void x86_rm_write(x86_cpu *c, unsigned size, uint32_t v)
{
    if (c->ea_reg)
        x86_reg_write(c, c->rm, size, v);
    else
        x86_wr(c, c->ea_seg, c->ea_off, size, v);
}

/* The memory write of a read-modify-write instruction whose flags were
 * already computed from the state `before` (x86_fstate): memory is written
 * with `before` in place, so a fault pushes and restarts from it, and the
 * new state is installed after the write. */
static inline void x86_rmw_wr(x86_cpu *c, int seg, uint32_t off, unsigned size, uint32_t v,
                              const x86_fstate *before)
{
    x86_fstate after = x86_fstate_get(c);
    x86_fstate_put(c, before);
    x86_wr(c, seg, off, size, v);
    x86_fstate_put(c, &after);
}

/* IMUL with a destination register (0F AF r, r/m; 69/6B r, r/m, imm; the
 * uncached step and tc.c's records): the product of the sign-extended
 * operands truncated to size. CF = OF = the product does not fit (SDM vol. 2
 * IMUL); SF/ZF/PF, undefined, from the truncated result; AF, undefined, kept
 * (these are the flags the eager code gave: materialise, write CF/OF, then
 * SF/ZF/PF). Lazy: the kept AF moves into eflags, the rest is LF_IMUL. */
static inline __attribute__((always_inline)) uint32_t x86_imul(x86_cpu *c, uint32_t a, uint32_t b, unsigned size)
{
    int64_t p = (int64_t)(int32_t)x86_sext(a, size) * (int32_t)x86_sext(b, size);
    uint32_t r = (uint32_t)p & x86_mask(size);
    unsigned sh = 32 - size * 8;
    if (c->lf_op != LF_NONE && c->lf_op != LF_IMUL)
        c->eflags = (c->eflags & ~F_AF) | (x86_af(c) ? F_AF : 0);
    c->lf_cf = (int64_t)(int32_t)x86_sext(r, size) != p;
    c->lf_res = r << sh;
    c->lf_sh = (uint8_t)sh;
    c->lf_op = LF_IMUL;
    return r;
}

#endif
