/* tests/cpu/ppc/smc.h — self-modifying-code programs for the PowerPC engines,
 * shared by tests/cpu/ppc/smc.c (expected results on both engines) and
 * tests/cpu/ppc/lockstep.c (both engines compared after every block).
 *
 * The machine: 64 KiB RAM at 0, the test chip "test-smcdev"
 * (tests/cpu/smcdev.h) with its registers at SMC_DEV (SRC, DST, LEN, CMD: 1
 * copies LEN bytes from SRC to DST by DMA, 2 hides or shows window A), its
 * code region at SMC_CODE ("li r3, n; blr", n counting the reads of the
 * word: the chip's counter on the immediate's low byte), and two
 * RAM windows at SMC_WIN: A (priority 2) over B (priority 1). Each program
 * ends in "b ." at the address smc_prog.halt, with its results in
 * registers. */
#ifndef WW_TESTS_PPC_SMC_H
#define WW_TESTS_PPC_SMC_H
#include "tests/cpu/ppc/rig.h"
#include "tests/cpu/smcdev.h"

enum { SMC_DEV = 0xf0000000u, SMC_CODE = 0xf0001000u, SMC_WIN = 0x6000u };
enum { SMC_SRC = SMCDEV_SRC, SMC_DST = SMCDEV_DST, SMC_LEN = SMCDEV_LEN, SMC_CMD = SMCDEV_CMD };

/* ---- a few encodings (MPCFPE32B appendix A) ---- */
static inline uint32_t A_addi(unsigned d, unsigned a, int v) { return 14u << 26 | d << 21 | a << 16 | (uint16_t)v; }
static inline uint32_t A_li(unsigned d, int v) { return A_addi(d, 0, v); }
static inline uint32_t A_lis(unsigned d, unsigned v) { return 15u << 26 | d << 21 | (v & 0xffff); }
static inline uint32_t A_ori(unsigned a, unsigned s, unsigned v) { return 24u << 26 | s << 21 | a << 16 | (v & 0xffff); }
static inline uint32_t A_lwz(unsigned d, int off, unsigned a) { return 32u << 26 | d << 21 | a << 16 | (uint16_t)off; }
static inline uint32_t A_stw(unsigned s, int off, unsigned a) { return 36u << 26 | s << 21 | a << 16 | (uint16_t)off; }
static inline uint32_t A_mr(unsigned a, unsigned s) { return 31u << 26 | s << 21 | a << 16 | s << 11 | 444 << 1; }
static inline uint32_t A_b(uint32_t from, uint32_t to) { return 18u << 26 | ((to - from) & 0x03fffffc); }
static inline uint32_t A_bl(uint32_t from, uint32_t to) { return A_b(from, to) | 1; }
static inline uint32_t A_bdnz(uint32_t from, uint32_t to) { return 16u << 26 | 16u << 21 | ((to - from) & 0xfffc); }
static inline uint32_t A_mtctr(unsigned s) { return 0x7c0903a6u | s << 21; }
static inline uint32_t A_mtlr(unsigned s) { return 0x7c0803a6u | s << 21; }
static inline uint32_t A_mflr(unsigned d) { return 0x7c0802a6u | d << 21; }
static inline uint32_t A_dcbst(unsigned a, unsigned b) { return 31u << 26 | a << 16 | b << 11 | 54 << 1; }
static inline uint32_t A_icbi(unsigned a, unsigned b) { return 31u << 26 | a << 16 | b << 11 | 982 << 1; }
enum { A_BLR = 0x4e800020u, A_BCTRL = 0x4e800421u, A_NOP = 0x60000000u, A_SYNC = 0x7c0004acu,
       A_ISYNC = 0x4c00012cu };

typedef struct {
    ppc_rig *r;
    uint32_t at;            /* where the next word goes */
} smc_asm;

static inline uint32_t smc_put(smc_asm *a, uint32_t w)
{
    uint32_t here = a->at;
    ppc_rig_put32(a->r, here, w);
    a->at += 4;
    return here;
}

/* r = 32-bit constant (lis + ori). */
static inline void smc_const(smc_asm *a, unsigned r, uint32_t v)
{
    smc_put(a, A_lis(r, v >> 16));
    smc_put(a, A_ori(r, r, v & 0xffff));
}

/* What a program is: where it starts and ends, the MSR and BATs it runs
 * with, and the registers that must hold what values at the end. */
typedef struct {
    const char *name;
    uint32_t entry, halt, msr;
    bool bats;              /* IBAT0 0x10000000 -> 0, DBAT0 0x20000000 -> 0 */
    unsigned nres;
    struct { unsigned reg; uint32_t want; } res[4];
} smc_prog;

/* The store rewrites an instruction two words ahead, in the running block. */
static inline smc_prog smc_next_insn(ppc_rig *r, bool architected)
{
    smc_asm a = { r, 0x1000 };
    uint32_t target = architected ? 0x1030 : 0x1014;
    smc_const(&a, 4, A_li(3, 2));
    smc_put(&a, A_li(5, (int)target));
    smc_put(&a, A_stw(4, 0, 5));
    if (architected) {           /* MPCFPE32B §5.1.5.2 */
        smc_put(&a, A_dcbst(0, 5));
        smc_put(&a, A_SYNC);
        smc_put(&a, A_icbi(0, 5));
        smc_put(&a, A_SYNC);
        smc_put(&a, A_ISYNC);
    }
    while (a.at < target)
        smc_put(&a, A_NOP);
    smc_put(&a, A_li(3, 1));     /* becomes li r3, 2 */
    uint32_t halt = smc_put(&a, A_b(a.at, a.at));
    return (smc_prog){ architected ? "next-insn-icbi" : "next-insn", 0x1000, halt, 0, false, 1,
                       { { 3, 2 } } };
}

/* A loop that bumps its own addi immediate every time round. */
static inline smc_prog smc_loop(ppc_rig *r)
{
    smc_asm a = { r, 0x1100 };
    smc_put(&a, A_li(5, 0));
    smc_put(&a, A_li(6, 10));
    smc_put(&a, A_mtctr(6));
    uint32_t loop = smc_put(&a, A_addi(5, 5, 1));
    smc_put(&a, A_lwz(7, (int)loop, 0));
    smc_put(&a, A_addi(7, 7, 1));
    smc_put(&a, A_stw(7, (int)loop, 0));
    smc_put(&a, A_bdnz(a.at, loop));
    uint32_t halt = smc_put(&a, A_b(a.at, a.at));
    return (smc_prog){ "patched-loop", 0x1100, halt, 0, false, 1, { { 5, 55 } } };
}

/* A subroutine that runs across a page boundary; its second-page half is
 * rewritten between two calls. */
static inline smc_prog smc_page_cross(ppc_rig *r)
{
    smc_asm s = { r, 0x1ff8 };
    smc_put(&s, A_li(3, 0));
    smc_put(&s, A_addi(3, 3, 1));
    uint32_t patched = smc_put(&s, A_addi(3, 3, 10));
    smc_put(&s, A_BLR);
    smc_asm a = { r, 0x1200 };
    smc_put(&a, A_bl(a.at, 0x1ff8));
    smc_put(&a, A_mr(10, 3));
    smc_const(&a, 4, A_addi(3, 3, 20));
    smc_put(&a, A_stw(4, (int)patched, 0));
    smc_put(&a, A_bl(a.at, 0x1ff8));
    uint32_t halt = smc_put(&a, A_b(a.at, a.at));
    return (smc_prog){ "page-cross", 0x1200, halt, 0, false, 2, { { 10, 11 }, { 3, 21 } } };
}

/* New code arrives by DMA from the test chip over code that already ran. */
static inline smc_prog smc_dma(ppc_rig *r)
{
    smc_asm s = { r, 0x3000 };
    smc_put(&s, A_li(3, 1));
    smc_put(&s, A_BLR);
    smc_asm buf = { r, 0x5000 };
    smc_put(&buf, A_li(3, 7));
    smc_put(&buf, A_BLR);
    smc_asm a = { r, 0x1300 };
    smc_put(&a, A_bl(a.at, 0x3000));
    smc_put(&a, A_mr(10, 3));
    smc_put(&a, A_lis(9, SMC_DEV >> 16));
    smc_put(&a, A_li(4, 0x5000));
    smc_put(&a, A_stw(4, SMC_SRC, 9));
    smc_put(&a, A_li(4, 0x3000));
    smc_put(&a, A_stw(4, SMC_DST, 9));
    smc_put(&a, A_li(4, 8));
    smc_put(&a, A_stw(4, SMC_LEN, 9));
    smc_put(&a, A_li(4, 1));
    smc_put(&a, A_stw(4, SMC_CMD, 9));
    smc_put(&a, A_bl(a.at, 0x3000));
    uint32_t halt = smc_put(&a, A_b(a.at, a.at));
    return (smc_prog){ "dma", 0x1300, halt, 0, false, 2, { { 10, 1 }, { 3, 7 } } };
}

/* The page the code runs from changes its mapping (window A hidden: B
 * shows) through the CPU's own MMIO write. */
static inline smc_prog smc_remap(ppc_rig *r)
{
    smc_asm a = { r, 0x1400 };
    smc_put(&a, A_bl(a.at, SMC_WIN));
    smc_put(&a, A_mr(10, 3));
    smc_put(&a, A_lis(9, SMC_DEV >> 16));
    smc_put(&a, A_li(4, 2));
    smc_put(&a, A_stw(4, SMC_CMD, 9));
    smc_put(&a, A_bl(a.at, SMC_WIN));
    uint32_t halt = smc_put(&a, A_b(a.at, a.at));
    return (smc_prog){ "remap", 0x1400, halt, 0, false, 2, { { 10, 1 }, { 3, 2 } } };
}

/* Code fetched from a chip whose words change on every read. */
static inline smc_prog smc_mmio(ppc_rig *r)
{
    smc_asm a = { r, 0x1500 };
    smc_const(&a, 9, SMC_CODE);
    smc_put(&a, A_mtctr(9));
    smc_put(&a, A_BCTRL);
    smc_put(&a, A_mr(10, 3));
    smc_put(&a, A_BCTRL);
    smc_put(&a, A_mr(11, 3));
    smc_put(&a, A_BCTRL);
    uint32_t halt = smc_put(&a, A_b(a.at, a.at));
    return (smc_prog){ "mmio-code", 0x1500, halt, 0, false, 3, { { 10, 1 }, { 11, 2 }, { 3, 3 } } };
}

/* Translation on: code runs through IBAT0 at 0x10000000, the store that
 * rewrites it goes through DBAT0 at 0x20000000 (same physical page). */
static inline smc_prog smc_mmu_alias(ppc_rig *r)
{
    enum { CODE = 0x10000000u, DATA = 0x20000000u };
    smc_asm s = { r, 0x1700 };
    smc_put(&s, A_li(3, 1));
    smc_put(&s, A_BLR);
    smc_asm a = { r, 0x1600 };
    smc_put(&a, A_bl(a.at, 0x1700));
    smc_put(&a, A_mr(10, 3));
    smc_const(&a, 4, A_li(3, 5));
    smc_put(&a, A_lis(9, DATA >> 16));
    smc_put(&a, A_stw(4, 0x1700, 9));
    smc_put(&a, A_bl(a.at, 0x1700));
    uint32_t halt = smc_put(&a, A_b(a.at, a.at));
    return (smc_prog){ "mmu-alias", CODE + 0x1600, CODE + halt, MSR_IR | MSR_DR, true, 2,
                       { { 10, 1 }, { 3, 5 } } };
}

typedef smc_prog (*smc_builder)(ppc_rig *r);
static inline smc_prog smc_next_plain(ppc_rig *r) { return smc_next_insn(r, false); }
static inline smc_prog smc_next_arch(ppc_rig *r) { return smc_next_insn(r, true); }
static const smc_builder smc_programs[] = {
    smc_next_plain, smc_next_arch, smc_loop, smc_page_cross, smc_dma, smc_remap, smc_mmio,
    smc_mmu_alias,
};

/* The machine around the rig: the test chip, its mappings and windows. */
typedef struct {
    ppc_rig r;
    ww_chip *dev;
    uint8_t *buf_a, *buf_b;
} smc_rig;

static inline void smc_rig_init(smc_rig *s, const char *model, const char *engine)
{
    GError *err = NULL;
    ppc_rig_init_engine(&s->r, model, engine, 64 * 1024);
    s->dev = ww_machine_add_chip(s->r.m, "test-smcdev", "dev", &err);
    WW_CHECK_NOERR(s->dev, err);
    WW_CHECK_NOERR(ww_chip_bind_bus(s->dev, "dma", s->r.mem, &err), err);
    WW_CHECK_NOERR(ww_machine_realize(s->r.m, &err), err);
    WW_CHECK_NOERR(ww_space_map_chip(s->r.mem, "dev", SMC_DEV, SMCDEV_REGS_SIZE, s->dev,
                                     SMCDEV_REGS, 1, 0, 0, &err), err);
    WW_CHECK_NOERR(ww_space_map_chip(s->r.mem, "code", SMC_CODE, 8, s->dev, SMCDEV_CODE, 1, 0,
                                     0, &err), err);
    /* The windows: A says li r3, 1; B says li r3, 2. */
    s->buf_a = ww_machine_add_memory(s->r.m, "win-a", 4096, &err);
    s->buf_b = ww_machine_add_memory(s->r.m, "win-b", 4096, &err);
    WW_CHECK(s->buf_a && s->buf_b);
    ww_st_be32(s->buf_a, A_li(3, 1));
    ww_st_be32(s->buf_a + 4, A_BLR);
    ww_st_be32(s->buf_b, A_li(3, 2));
    ww_st_be32(s->buf_b + 4, A_BLR);
    ww_window *b = ww_window_open_ram(s->r.mem, s->dev, "win-b", s->buf_b, 4096, false, 1, &err);
    ww_window *a = ww_window_open_ram(s->r.mem, s->dev, "win-a", s->buf_a, 4096, false, 2, &err);
    WW_CHECK_NOERR(a && b, err);
    WW_CHECK(ww_window_place(b, SMC_WIN, 4096) && ww_window_place(a, SMC_WIN, 4096));
    ww_machine_reset(s->r.m, WW_RESET_POWER);
    /* After the reset (it clears the chip's state): li r3, 0; blr, the
     * immediate's low byte counting reads, so the first fetch is li r3, 1. */
    smcdev *d = (smcdev *)s->dev;
    ww_st_be32(d->code, A_li(3, 0));
    ww_st_be32(d->code + 4, A_BLR);
    d->counter = 1 + 3;
}

/* Load program p (its words, MSR, BATs) into a freshly reset machine. */
static inline smc_prog smc_load(smc_rig *s, smc_builder build)
{
    smc_prog p = build(&s->r);
    ppc_cpu *c = s->r.cpu;
    c->pc = p.entry;
    c->msr = p.msr;
    if (p.bats) {
        c->spr[SPR_IBAT0U] = 0x10000002u;   /* 128 KiB, supervisor valid */
        c->spr[SPR_IBAT0U + 1] = 0x00000002u; /* PA 0, read/write */
        c->spr[SPR_IBAT0U + 8] = 0x20000002u;
        c->spr[SPR_IBAT0U + 9] = 0x00000002u;
        ppc_tlb_flush(c);
    }
    return p;
}

static inline void smc_rig_free(smc_rig *s)
{
    ppc_rig_free(&s->r);
}

#endif
