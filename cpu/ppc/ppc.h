/* cpu/ppc/ppc.h — internal state and helpers of the 32-bit PowerPC core
 * (603e / 604e / 750 flavours).
 *
 * Source for every bit position and SPR number below: "PowerPC Microprocessor
 * Family: The Programming Environments for 32-Bit Microprocessors" (MPCFPE32B,
 * rev. 3), chapters 2 (registers), 4 (FPU), 6 (exceptions), 7 (MMU); the 603e
 * and 750 user's manuals for the implementation-specific SPRs and the 603
 * software table-search exceptions. Bit masks are written LSB-0 (the manuals
 * number bits MSB-0: IBM bit n is mask 1u << (31 - n)). */
#ifndef WW_CPU_PPC_H
#define WW_CPU_PPC_H
#include "core/cpu.h"
#include "core/space.h"
#include "core/tcache.h"
#include <string.h>

typedef enum { PPC_MODEL_603, PPC_MODEL_604, PPC_MODEL_750 } ppc_model;

/* Property "engine": interp runs blocks from the translation cache
 * (cpu/ppc/tc_run.c), interp-slow fetches and decodes every instruction. */
typedef enum { PPC_ENGINE_INTERP, PPC_ENGINE_SLOW } ppc_engine;

/* MSR (MPCFPE32B table 2-16). */
enum {
    MSR_POW = 1u << 18, MSR_TGPR = 1u << 17, MSR_ILE = 1u << 16, MSR_EE = 1u << 15,
    MSR_PR = 1u << 14, MSR_FP = 1u << 13, MSR_ME = 1u << 12, MSR_FE0 = 1u << 11,
    MSR_SE = 1u << 10, MSR_BE = 1u << 9, MSR_FE1 = 1u << 8, MSR_IP = 1u << 6,
    MSR_IR = 1u << 5, MSR_DR = 1u << 4, MSR_PM = 1u << 2, MSR_RI = 1u << 1, MSR_LE = 1u << 0,
};

/* XER */
enum { XER_SO = 1u << 31, XER_OV = 1u << 30, XER_CA = 1u << 29 };

/* FPSCR (MPCFPE32B table 2-4). */
enum {
    FPSCR_FX = 1u << 31, FPSCR_FEX = 1u << 30, FPSCR_VX = 1u << 29, FPSCR_OX = 1u << 28,
    FPSCR_UX = 1u << 27, FPSCR_ZX = 1u << 26, FPSCR_XX = 1u << 25, FPSCR_VXSNAN = 1u << 24,
    FPSCR_VXISI = 1u << 23, FPSCR_VXIDI = 1u << 22, FPSCR_VXZDZ = 1u << 21,
    FPSCR_VXIMZ = 1u << 20, FPSCR_VXVC = 1u << 19, FPSCR_FR = 1u << 18, FPSCR_FI = 1u << 17,
    FPSCR_FPRF = 0x1fu << 12, FPSCR_VXSOFT = 1u << 10, FPSCR_VXSQRT = 1u << 9,
    FPSCR_VXCVI = 1u << 8, FPSCR_VE = 1u << 7, FPSCR_OE = 1u << 6, FPSCR_UE = 1u << 5,
    FPSCR_ZE = 1u << 4, FPSCR_XE = 1u << 3, FPSCR_NI = 1u << 2, FPSCR_RN = 3u,
};
#define FPSCR_VX_ALL (FPSCR_VXSNAN | FPSCR_VXISI | FPSCR_VXIDI | FPSCR_VXZDZ | FPSCR_VXIMZ | \
                      FPSCR_VXVC | FPSCR_VXSOFT | FPSCR_VXSQRT | FPSCR_VXCVI)

/* SPR numbers (MPCFPE32B table 8-9; 603e UM table 2-2; 750 UM table 2-1). */
enum {
    SPR_XER = 1, SPR_LR = 8, SPR_CTR = 9, SPR_DSISR = 18, SPR_DAR = 19, SPR_DEC = 22,
    SPR_SDR1 = 25, SPR_SRR0 = 26, SPR_SRR1 = 27, SPR_TBL_R = 268, SPR_TBU_R = 269,
    SPR_SPRG0 = 272, SPR_SPRG3 = 275, SPR_EAR = 282, SPR_TBL_W = 284, SPR_TBU_W = 285,
    SPR_PVR = 287, SPR_IBAT0U = 528, SPR_DBAT3L = 543,
    SPR_UMMCR0 = 936, SPR_USIA = 939, SPR_UMMCR1 = 940, SPR_UPMC4 = 942,
    SPR_MMCR0 = 952, SPR_PMC1 = 953, SPR_PMC2 = 954, SPR_SIA = 955, SPR_MMCR1 = 956,
    SPR_PMC3 = 957, SPR_PMC4 = 958, SPR_SDA = 959,
    SPR_DMISS = 976, SPR_DCMP = 977, SPR_HASH1 = 978, SPR_HASH2 = 979, SPR_IMISS = 980,
    SPR_ICMP = 981, SPR_RPA = 982,
    SPR_HID0 = 1008, SPR_HID1 = 1009, SPR_IABR = 1010, SPR_DABR = 1013, SPR_L2CR = 1017,
    SPR_ICTC = 1019, SPR_THRM1 = 1020, SPR_THRM3 = 1022, SPR_PIR = 1023,
};

/* Exception vectors (MPCFPE32B table 6-2; 603e UM §4.5.13 for 0x1000-0x1200). */
enum {
    EXC_RESET = 0x100, EXC_MCHECK = 0x200, EXC_DSI = 0x300, EXC_ISI = 0x400, EXC_EXT = 0x500,
    EXC_ALIGN = 0x600, EXC_PROGRAM = 0x700, EXC_FPU = 0x800, EXC_DEC = 0x900, EXC_SC = 0xC00,
    EXC_TRACE = 0xD00, EXC_PERF = 0xF00, EXC_ITLB = 0x1000, EXC_DLTLB = 0x1100,
    EXC_DSTLB = 0x1200, EXC_IABR = 0x1300, EXC_SMI = 0x1400, EXC_THERM = 0x1700,
};
/* SRR1 bits of a program exception. */
enum {
    PROG_FP = 1u << 20, PROG_ILLEGAL = 1u << 19, PROG_PRIV = 1u << 18, PROG_TRAP = 1u << 17,
};

/* Linux signal numbers reported to the user-mode runner. */
enum { SIG_ILL = 4, SIG_TRAP = 5, SIG_BUS = 7, SIG_FPE = 8, SIG_SEGV = 11 };

typedef struct ppc_cpu ppc_cpu;
enum { PPC_BUS_MEM = WW_CPU_BUS_MEM, PPC_BUS__COUNT };
typedef void (*ppc_exec_fn)(ppc_cpu *c, uint32_t insn);

/* One decode-table row: binds the opcode pattern to its handler and to the
 * metadata the fallback disassembler and tests use. */
typedef struct ppc_op {
    const char *name;     /* base mnemonic */
    uint8_t po;           /* primary opcode */
    uint16_t xo;          /* extended opcode (meaning depends on form) */
    uint8_t form;         /* PPC_F_* : where xo sits */
    uint8_t models;       /* bit per ppc_model; 0 = all */
    const char *operands; /* operand layout for the fallback disassembler */
    ppc_exec_fn exec;
} ppc_op;

enum {
    PPC_F_NONE,   /* primary opcode only */
    PPC_F_X10,    /* xo in bits 21-30 (10 bits) */
    PPC_F_XO9,    /* XO-form: xo in bits 22-30, OE at bit 21 (both values mapped) */
    PPC_F_A5,     /* A-form: xo in bits 26-30 (any frC) */
};

#define PPC_DISPATCH (64 + 4 * 1024)

/* 603 software TLB: 32 sets x 2 ways, separate for instructions and data. */
typedef struct { uint32_t cmp, rpa, ea; } ppc_tlb_entry;

/* Translation cache (604e/750: stands in for their hardware TLBs): page
 * translations already checked, per access kind. tag = EA page | MSR[PR] << 1
 * | valid. Flushed by tlbie, segment/SDR1/BAT writes, reset and snapshot load;
 * a write entry exists only once the PTE's C bit is set. Derived, not state. */
#define PPC_XC_SIZE 256
typedef struct { uint32_t tag, pa; } ppc_xc_entry;

/* Fast data TLB of the cached engine: effective page -> host pointer, one
 * direct-mapped table per access (read, write) and per translation mode
 * (real, supervisor, user), so the rights need no test: an entry exists only
 * once the slow path translated that page for that access in that mode and
 * found RAM (ROM for reads) behind it, with no DABR watch. tag = EA page, or
 * PPC_FTLB_INVALID; host = ea + addend. Derived, flushed with the translation
 * cache and on any remapping; write entries are dropped when their page
 * becomes a code page (core/space.h). */
#define PPC_FTLB_BITS 8
#define PPC_FTLB_SIZE (1u << PPC_FTLB_BITS)
#define PPC_FTLB_INVALID 0x800u   /* never equals (ea & (page | align)) */
typedef struct { uint32_t tag; uintptr_t addend; } ppc_ftlb_entry;
enum { PPC_FTLB_REAL, PPC_FTLB_SUP, PPC_FTLB_USER, PPC_FTLB_MODES };

/* One decoded instruction of a translated block (cpu/ppc/tc_ops.c). fn runs
 * it and calls the next record's fn; exec is the decode table's handler (for
 * records that call it; a block's last record holds the block instead), insn
 * and pc the instruction word and its address,
 * d/a/b/x register numbers or fields arranged per handler (32 = the zero
 * register gpr[32]: rA = 0 in address and addi forms), imm an immediate, a
 * mask or a branch target. */
typedef struct ppc_dop ppc_dop;
typedef const ppc_dop *(*ppc_dfn)(ppc_cpu *c, const ppc_dop *op);
struct ppc_dop {
    ppc_dfn fn;
    union {
        ppc_exec_fn exec;
        ww_tc_block *blk;
    };
    uint32_t insn, pc, imm;
    uint8_t d, a, b, x;
};

/* The family bit of the attention word (core/cpu.h): an interrupt may be
 * taken, MSR[POW], a trace mode or the IABR. */
enum { PPC_ATTN = WW_CPU_ATTN_FAMILY };

struct ppc_cpu {
    ww_cpu cpu;
    uint32_t model;          /* property "model" (ppc_model) */
    uint64_t tb_freq;        /* property "tb-freq" (0 = clock / 4) */

    uint32_t gpr[33];        /* gpr[32] is always 0 (decoded rA = 0) */
    uint64_t fpr[32];        /* raw IEEE-754 double bits */
    uint32_t pc, msr, cr, fpscr;
    uint32_t sr[16];
    uint32_t spr[1024];      /* every SPR by number (XER, LR, CTR, SRR0 … HID0) */
    uint32_t gpr_shadow[4];  /* 603: r0-r3 swapped in while MSR[TGPR] */

    /* Time base and decrementer as functions of virtual time:
     * TB = ticks(now) + tb_offset; DEC = dec_load - (ticks(now) - dec_stamp). */
    uint64_t tb_offset;
    uint32_t dec_load;
    uint64_t dec_stamp;
    ww_timer dec_timer;
    bool dec_pending;

    bool ext_level, mcp_level, smi_level, sreset_level;
    bool resv_valid;         /* lwarx reservation */
    uint32_t resv_addr;

    uint32_t npc;            /* address of the next instruction */
    bool fex_before;         /* FPSCR[FEX] when the current FP instruction began */
    bool exc_taken;          /* the current instruction raised an exception */

    ppc_tlb_entry itlb[32][2], dtlb[32][2];
    ppc_xc_entry xc[3][PPC_XC_SIZE];   /* [PPC_ACC_READ/WRITE/FETCH] */
    uint8_t tlb_victim[2][32];

    /* Fast path to RAM/ROM pages. */
    uint8_t *const *rtab, *const *wtab;
    uint64_t map_gen;
    unsigned page_bits;
    uint32_t page_mask;
    bool fetch_direct, data_direct;  /* no translation: MSR[IR]/[DR] clear or user mode */

    size_t cs_handle;        /* capstone handle (opened on first disasm) */
    bool cs_ready;

    /* Cached engine (tc_run.c). */
    uint32_t engine;         /* property "engine" (ppc_engine) */
    ww_tcache *tc;           /* NULL: interp-slow, or no page table to protect code */
    uint32_t tc_flags;       /* block key: MSR IR/DR/PR/SE/BE, user mode */
    uint64_t tc_base;        /* cycles when the running block began */
    uint64_t tc_limit;       /* a block may chain to the next while tc_base <= this */
    uint32_t tc_pc;          /* its first instruction */
    uint32_t tc_slot;        /* how it ended: link slot 0/1, 2 look up npc, 3 left early */
    uint32_t tc_n;           /* slot 3: instructions it completed */
    ww_tc_block *tc_blk;     /* slots 0-2: the block that ended */
    uint32_t tc_chain;       /* blocks the records may still enter by calls */
    bool tc_fault;           /* the block lookup raised a fetch exception */
    uint64_t tc_max_blocks;  /* tests: return after this many blocks (0: no limit) */
    ppc_ftlb_entry *tlb_r, *tlb_w;   /* the current mode's fast TLB tables */
    bool ftlb_ok;            /* fast TLB entries may be made (no DABR watch) */
    bool tc_walks;           /* a fetch translation may walk the page table: blocks
                                are entered only while it is cached (604e/750, IR) */

    const ppc_op *dispatch[PPC_DISPATCH];
    ppc_ftlb_entry ftlb[PPC_FTLB_MODES][2][PPC_FTLB_SIZE];
};

/* ---- decode.c ---- */
void ppc_build_dispatch(ppc_cpu *c);
extern const int8_t ppc_ext_groups[64];
static inline const ppc_op *ppc_decode(const ppc_cpu *c, uint32_t insn)
{
    unsigned po = insn >> 26;
    int g = ppc_ext_groups[po];
    return g < 0 ? c->dispatch[po] : c->dispatch[64 + 1024 * g + ((insn >> 1) & 0x3ff)];
}
extern const ppc_op ppc_ops[];

/* ---- exceptions.c ---- */
void ppc_exception(ppc_cpu *c, uint32_t vector, uint32_t srr0, uint32_t srr1_bits);
void ppc_program(ppc_cpu *c, uint32_t why);  /* program exception at c->pc */
void ppc_illegal(ppc_cpu *c, uint32_t insn);
void ppc_alignment(ppc_cpu *c, uint32_t insn, uint32_t ea);
bool ppc_check_interrupts(ppc_cpu *c);
void ppc_user_fault(ppc_cpu *c, int sig);
bool ppc_fp_available(ppc_cpu *c);

/* ---- mmu.c / memory ---- */
enum { PPC_ACC_READ = 0, PPC_ACC_WRITE = 1, PPC_ACC_FETCH = 2 };
bool ppc_translate(ppc_cpu *c, uint32_t ea, int acc, uint32_t *pa);
bool ppc_read_slow(ppc_cpu *c, uint32_t ea, unsigned size, uint32_t *val);
bool ppc_write_slow(ppc_cpu *c, uint32_t ea, unsigned size, uint32_t val);
bool ppc_fetch_slow(ppc_cpu *c, uint32_t ea, uint32_t *insn);
void ppc_refresh_tables(ppc_cpu *c);
void ppc_tlb_flush(ppc_cpu *c);
void ppc_tlb_invalidate(ppc_cpu *c, uint32_t ea);
void ppc_tlb_load(ppc_cpu *c, bool instr, uint32_t ea);
/* Physical access for the page-table walker (no translation). */
bool ppc_phys_read32(ppc_cpu *c, uint32_t pa, uint32_t *v);
bool ppc_phys_write32(ppc_cpu *c, uint32_t pa, uint32_t v);

/* Cached-engine memory paths (mmu.c): the same result and side effects as
 * ppc_read / ppc_write, and they make fast TLB entries. */
bool ppc_ld_fill(ppc_cpu *c, uint32_t ea, unsigned size, uint32_t *val);
bool ppc_st_fill(ppc_cpu *c, uint32_t ea, unsigned size, uint32_t val);
void ppc_ftlb_flush(ppc_cpu *c);
bool ppc_fetch_cached(const ppc_cpu *c, uint32_t ea, uint32_t pa);
void ppc_ftlb_protect(ppc_cpu *c, uint64_t page_addr);

/* ---- tc_run.c: the cached engine ---- */
bool ppc_tc_init(ppc_cpu *c);
void ppc_tc_fini(ppc_cpu *c);
uint64_t ppc_run_cached(ppc_cpu *c, uint64_t budget);
bool ppc_step(ppc_cpu *c);       /* one instruction the uncached way; true: stop */
uint32_t ppc_tc_flags(const ppc_cpu *c);

/* ---- timebase.c ---- */
uint64_t ppc_tb_read(ppc_cpu *c);
void ppc_tb_write(ppc_cpu *c, bool upper, uint32_t v);
uint32_t ppc_dec_read(ppc_cpu *c);
void ppc_dec_write(ppc_cpu *c, uint32_t v);
void ppc_dec_fire(ww_chip *chip, unsigned index);  /* the decrementer timer */
uint64_t ppc_tb_hz(const ppc_cpu *c);

/* ---- fpu.c ---- */
uint64_t ppc_single_to_double(uint32_t s);
uint32_t ppc_double_to_single(uint64_t d);

/* ---- misc ---- */
void ppc_set_msr(ppc_cpu *c, uint32_t v);
void ppc_update_direct(ppc_cpu *c);
void ppc_update_attention(ppc_cpu *c);
uint32_t ppc_pvr(ppc_model m);

/* ---- memory fast paths ------------------------------------------------------
 * Untranslated accesses within one RAM page go straight to the host page;
 * everything else (translation, MMIO, page crossing, faults) is out of line.
 * The page-table pointers are re-validated at the start of run() and after
 * every slow-path bus access (an MMIO write is what can remap the bus). */
/* Big-endian loads/stores on host pages (one access + byte swap). */
static inline uint32_t ppc_be32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    v = __builtin_bswap32(v);
#endif
    return v;
}

static inline void ppc_st_be32(uint8_t *p, uint32_t v)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    v = __builtin_bswap32(v);
#endif
    memcpy(p, &v, 4);
}

static inline void ppc_check_map(ppc_cpu *c)
{
    if (c->map_gen != ww_space_generation(c->cpu.chip.bus[PPC_BUS_MEM]))
        ppc_refresh_tables(c);
}

static inline uint8_t *ppc_fast_page(ppc_cpu *c, uint8_t *const *tab, uint32_t ea, unsigned size,
                                     bool direct)
{
    if (!tab || !direct || (ea & c->page_mask) + size > c->page_mask + 1)
        return NULL;
    uint8_t *p = tab[ea >> c->page_bits];
    return p ? p + (ea & c->page_mask) : NULL;
}

static inline bool ppc_fetch(ppc_cpu *c, uint32_t ea, uint32_t *insn)
{
    uint8_t *p = c->rtab && c->fetch_direct ? c->rtab[ea >> c->page_bits] : NULL;
    if (p) {
        *insn = ppc_be32(p + (ea & c->page_mask));
        return true;
    }
    return ppc_fetch_slow(c, ea, insn);
}

static inline bool ppc_read(ppc_cpu *c, uint32_t ea, unsigned size, uint32_t *val)
{
    uint8_t *p = ppc_fast_page(c, c->rtab, ea, size, c->data_direct);
    if (p) {
        *val = size == 4 ? ppc_be32(p) : size == 2 ? ww_ld_be16(p) : p[0];
        return true;
    }
    return ppc_read_slow(c, ea, size, val);
}

static inline bool ppc_write(ppc_cpu *c, uint32_t ea, unsigned size, uint32_t val)
{
    uint8_t *p = ppc_fast_page(c, c->wtab, ea, size, c->data_direct);
    if (p) {
        if (size == 4)
            ppc_st_be32(p, val);
        else if (size == 2)
            ww_st_be16(p, (uint16_t)val);
        else
            p[0] = (uint8_t)val;
        return true;
    }
    return ppc_write_slow(c, ea, size, val);
}

/* ---- small field and flag helpers ---- */
static inline unsigned RD(uint32_t i) { return (i >> 21) & 31; }
static inline unsigned RA(uint32_t i) { return (i >> 16) & 31; }
static inline unsigned RB(uint32_t i) { return (i >> 11) & 31; }
static inline unsigned RC_(uint32_t i) { return (i >> 6) & 31; }
static inline int32_t SIMM(uint32_t i) { return (int16_t)(i & 0xffff); }
static inline uint32_t UIMM(uint32_t i) { return i & 0xffff; }
static inline bool RCBIT(uint32_t i) { return i & 1; }

static inline void ppc_set_cr_field(ppc_cpu *c, unsigned f, uint32_t v)
{
    unsigned sh = 4 * (7 - f);
    c->cr = (c->cr & ~(0xfu << sh)) | ((v & 0xf) << sh);
}

static inline void ppc_cr0(ppc_cpu *c, uint32_t r)
{
    uint32_t v = (int32_t)r < 0 ? 8 : r ? 4 : 2;
    ppc_set_cr_field(c, 0, v | ((c->spr[SPR_XER] >> 31) & 1));
}

#endif
