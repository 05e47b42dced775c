/* tests/cpu/m68k/cached.c — the 68000's cached engine (cpu/m68k/tc_run.c)
 * against the uncached one (engine "interp-slow"):
 *  - self-modifying code: a write to the next instruction (already in the
 *    prefetch queue: the 68000 runs the old word, UM §6.1 / the queue model
 *    of cpu/m68k/m68k.h), to an instruction later in the running block, a
 *    loop that patches its own immediate, a rewrite across a page boundary,
 *    new code by DMA from the test chip (tests/cpu/smcdev.h), a code window
 *    the chip remaps under a subroutine already run; each gives the
 *    expected registers on both engines;
 *  - lockstep: the same programs, and the freestanding differential
 *    programs (tests/cpu/m68k/progs) under the user-mode runner, with the
 *    cached engine returning after every block (tc_max_blocks = 1) and the
 *    uncached one running the same number of cycles; registers, cycles and
 *    stop reasons compared after every block, memory at the end;
 *  - the instruction-length decoder agrees with what the uncached
 *    interpreter consumes, for every opcode of the hand-written programs.
 * A 68000 on a 24-bit space, 64 KiB RAM at 0, hand-assembled code (PRM
 * appendix A encodings). */
#include "tests/harness.h"
#include "tests/cpu/m68k/rig.h"
#include "cpu/m68k/m68k.h"
#include "core/machine.h"
#include "tests/cpu/smcdev.h"
#include "tests/cpu/lockstep.h"

enum { WIN = 0x6000 };       /* the test chip's code windows (tests/cpu/smcdev.h) */

/* ---- the rig ---------------------------------------------------------------- */

enum { DEV = 0xfff000 };    /* (xxx).w 0xf000 sign-extends to it */

typedef m68k_rig rig;

static void rig_init(rig *r, const char *engine)
{
    GError *err = NULL;
    m68k_rig_add(r, engine, 65536);
    ww_chip *dev = ww_machine_add_chip(r->mach, "test-smcdev", "dev", &err);
    WW_CHECK_NOERR(dev, err);
    WW_CHECK_NOERR(ww_chip_bind_bus(dev, "dma", r->mem, &err), err);
    m68k_rig_realize(r, engine);
    WW_CHECK_NOERR(ww_space_map_chip(r->mem, "dev", DEV, SMCDEV_REGS_SIZE, dev, SMCDEV_REGS, 1, 0,
                                     0, &err), err);
    /* The windows over RAM: A says moveq #1,d1; rts — B moveq #2,d1; rts. */
    uint8_t *a = ww_machine_add_memory(r->mach, "win-a", 4096, &err);
    uint8_t *b = ww_machine_add_memory(r->mach, "win-b", 4096, &err);
    WW_CHECK(a && b);
    ww_st_be16(a, 0x7201);
    ww_st_be16(a + 2, 0x4e75);
    ww_st_be16(b, 0x7202);
    ww_st_be16(b + 2, 0x4e75);
    ww_window *wb = ww_window_open_ram(r->mem, dev, "win-b", b, 4096, false, 1, &err);
    ww_window *wa = ww_window_open_ram(r->mem, dev, "win-a", a, 4096, false, 2, &err);
    WW_CHECK_NOERR(wa && wb, err);
    WW_CHECK(ww_window_place(wb, WIN, 4096) && ww_window_place(wa, WIN, 4096));
}

static void rig_free(rig *r)
{
    ww_machine_free(r->mach);
}

static void put16(rig *r, uint32_t a, uint16_t w) { ww_st_be16(r->ram + a, w); }

typedef struct {
    const char *name;
    uint32_t entry, halt;
    unsigned reg;           /* d register with the result */
    uint32_t want;
    uint32_t poke_at;       /* a word the program uses besides its own (0: none) */
    uint16_t poke;
    uint16_t w[32];         /* the program's words from entry */
    unsigned n;
} smc_case;
#define WORDS(...) .w = { __VA_ARGS__ }, \
                   .n = sizeof((const uint16_t[]){ __VA_ARGS__ }) / sizeof(uint16_t)

/* The program's words, then reset: SSP 0x8000, PC = entry. */
static void load(rig *r, uint32_t entry, const uint16_t *w, unsigned n)
{
    ww_st_be32(r->ram, 0x8000);
    ww_st_be32(r->ram + 4, entry);
    for (unsigned i = 0; i < n; i++)
        put16(r, entry + 2 * i, w[i]);
    ww_machine_reset(r->mach, WW_RESET_POWER);
}

/* The cases: name, entry, the bra.s * it ends on, the result register and
 * value, the words. */
static const smc_case smc_cases[] = {
    /* A write to the very next instruction: it is in the queue already, so the
     * first pass runs the old moveq #1 and the second the new moveq #5: d3 = 6. */
    { "next", 0x1000, 0x1012, 3, 6, WORDS(
        0x7401,                     /* 1000 moveq #1,d2 */
        0x7600,                     /* 1002 moveq #0,d3 */
        0x31fc, 0x7205, 0x100a,     /* 1004 move.w #$7205,($100a).w */
        0x7201,                     /* 100a moveq #1,d1 */
        0xd681,                     /* 100c add.l d1,d3 */
        0x51ca, 0xfffa,             /* 100e dbf d2,$100a */
        0x60fe,                     /* 1012 bra.s * */
    ) },

    /* A write three words ahead in the running block: seen at once (d1 = 7). */
    { "ahead", 0x1100, 0x110c, 1, 7, WORDS(
        0x31fc, 0x7207, 0x110a,     /* 1100 move.w #$7207,($110a).w */
        0x4e71, 0x4e71,             /* 1106 nop; nop */
        0x7201,                     /* 110a moveq #1,d1 */
        0x60fe,                     /* 110c bra.s * */
    ) },

    /* A loop whose moveq immediate the loop increments: 0+1+2+3+4 = 10. */
    { "loop", 0x1200, 0x1210, 3, 10, WORDS(
        0x7404,                     /* 1200 moveq #4,d2 */
        0x7600,                     /* 1202 moveq #0,d3 */
        0x7200,                     /* 1204 moveq #0,d1 */
        0xd681,                     /* 1206 add.l d1,d3 */
        0x5278, 0x1204,             /* 1208 addq.w #1,($1204).w */
        0x51ca, 0xfff6,             /* 120c dbf d2,$1204 */
        0x60fe,                     /* 1210 bra.s * */
    ) },

    /* Code across the page boundary at 0x2000; the second pass rewrites the
     * moveq on the second page, which the first pass cached: 1 + 9 = 10. */
    { "page-cross", 0x1fe0, 0x200c, 3, 10, WORDS(
        0x3a3c, 0x7201,             /* 1fe0 move.w #$7201,d5 */
        0x7401,                     /* 1fe4 moveq #1,d2 */
        0x7600,                     /* 1fe6 moveq #0,d3 */
        0x31c5, 0x2004,             /* 1fe8 move.w d5,($2004).w */
        0x3a3c, 0x7209,             /* 1fec move.w #$7209,d5 */
        0x4e71, 0x4e71, 0x4e71, 0x4e71, 0x4e71,   /* 1ff0 nops */
        0x4e71, 0x4e71, 0x4e71, 0x4e71, 0x4e71,   /* 1ffa … 2002 */
        0x7201,                     /* 2004 moveq #1,d1 */
        0xd681,                     /* 2006 add.l d1,d3 */
        0x51ca, 0xffde,             /* 2008 dbf d2,$1fe8 */
        0x60fe,                     /* 200c bra.s * */
    ) },

    /* The test chip copies moveq #3,d1 from 0x1400 over the loop's moveq #1 by
     * DMA: 1 + 3 = 4. */
    { "dma", 0x1300, 0x1324, 3, 4, .poke_at = 0x1400, .poke = 0x7203, WORDS(
        0x7401,                     /* 1300 moveq #1,d2 */
        0x7600,                     /* 1302 moveq #0,d3 */
        0x7201,                     /* 1304 moveq #1,d1 */
        0xd681,                     /* 1306 add.l d1,d3 */
        0x31fc, 0x1400, 0xf000,     /* 1308 move.w #$1400,($f000).w  SRC */
        0x31fc, 0x1304, 0xf004,     /* 130e move.w #$1304,($f004).w  DST */
        0x31fc, 0x0002, 0xf008,     /* 1314 move.w #2,($f008).w      LEN */
        0x31fc, 0x0001, 0xf00c,     /* 131a move.w #1,($f00c).w      CMD: copy */
        0x51ca, 0xffe2,             /* 1320 dbf d2,$1304 */
        0x60fe,                     /* 1324 bra.s * */
    ) },

    /* A subroutine in window A, then the chip hides A (a remap: B shows through
     * at the same address) and the same call runs B's code: 1 + 2 = 3. */
    { "remap", 0x1500, 0x1514, 3, 3, WORDS(
        0x7401,                     /* 1500 moveq #1,d2 */
        0x7600,                     /* 1502 moveq #0,d3 */
        0x4eb8, 0x6000,             /* 1504 jsr ($6000).w */
        0xd681,                     /* 1508 add.l d1,d3 */
        0x31fc, 0x0002, 0xf00c,     /* 150a move.w #2,($f00c).w      CMD: hide A */
        0x51ca, 0xfff2,             /* 1510 dbf d2,$1504 */
        0x60fe,                     /* 1514 bra.s * */
    ) },

    /* A write to the immediate of the next instruction: its opcode is in the
     * queue, the immediate is fetched by the writer's closing prefetch, after
     * the write (the cached records take their extension words from the
     * block: it must be dropped first). Both passes add 5: d3 = 10. */
    { "next-immediate", 0x1600, 0x1612, 3, 10, WORDS(
        0x7401,                     /* 1600 moveq #1,d2 */
        0x7600,                     /* 1602 moveq #0,d3 */
        0x31fc, 0x0005, 0x160c,     /* 1604 move.w #5,($160c).w */
        0x0643, 0x0001,             /* 160a addi.w #1,d3 */
        0x51ca, 0xfff4,             /* 160e dbf d2,$1604 */
        0x60fe,                     /* 1612 bra.s * */
    ) },

    /* A write to the two words after a block (the block ending with the beq at
     * 180e): its records take the refill of the opcode after it from the block,
     * so the block owns them. The second and third passes run moveq #4:
     * 0 + 1 + 4 = 5. */
    { "after-block", 0x1800, 0x181c, 3, 5, WORDS(
        0x7402,                     /* 1800 moveq #2,d2 */
        0x7600,                     /* 1802 moveq #0,d3 */
        0x7200,                     /* 1804 moveq #0,d1 */
        0x6002,                     /* 1806 bra.s $180a */
        0x4e71,                     /* 1808 nop */
        0xd681,                     /* 180a add.l d1,d3 */
        0x4a42,                     /* 180c tst.w d2 */
        0x670c,                     /* 180e beq.s $181c */
        0x7201,                     /* 1810 moveq #1,d1 */
        0x31fc, 0x7204, 0x1810,     /* 1812 move.w #$7204,($1810).w */
        0x51ca, 0xfff0,             /* 1818 dbf d2,$180a */
        0x60fe,                     /* 181c bra.s * */
    ) },

    /* Group-0 faults in the middle of a block, with the frame the uncached
     * engine stacks (the lockstep compares memory): an address error (a word
     * read at an odd address) and a bus error (a read outside the map). The
     * handlers (vectors 3 and 2) stop; d1 / d2 show what ran. */
    { "address-error", 0x1900, 0x1980, 1, 5, WORDS(
        0x7000,                     /* 1900 moveq #0,d0 */
        0x41f8, 0x1951,             /* 1902 lea ($1951).w,a0 */
        0x7205,                     /* 1906 moveq #5,d1 */
        0x3010,                     /* 1908 move.w (a0),d0 */
        0x7207,                     /* 190a moveq #7,d1 */
        0x60fe,                     /* 190c bra.s * */
    ) },

    { "bus-error", 0x1a00, 0x1990, 2, 7, WORDS(
        0x7203,                     /* 1a00 moveq #3,d1 */
        0x227c, 0x00f8, 0x0000,     /* 1a02 movea.l #$f80000,a1 */
        0x7404,                     /* 1a08 moveq #4,d2 */
        0xd441,                     /* 1a0a add.w d1,d2 */
        0x3011,                     /* 1a0c move.w (a1),d0 */
        0x7406,                     /* 1a0e moveq #6,d2 */
        0x60fe,                     /* 1a10 bra.s * */
    ) },

    /* A loop that runs many times inside one block (its branch back to the
     * block's start): budgets end in the middle of it. 1 + 2 + … + 300. */
    { "tight-loop", 0x1b00, 0x1b12, 3, 45150, WORDS(
        0x243c, 0x0000, 0x012b,     /* 1b00 move.l #299,d2 */
        0x7600,                     /* 1b06 moveq #0,d3 */
        0x7200,                     /* 1b08 moveq #0,d1 */
        0x5281,                     /* 1b0a addq.l #1,d1 */
        0xd681,                     /* 1b0c add.l d1,d3 */
        0x5382,                     /* 1b0e subq.l #1,d2 */
        0x6cf8,                     /* 1b10 bge.s $1b0a */
        0x60fe,                     /* 1b12 bra.s * */
    ) },
};

static void load_case(rig *r, const smc_case *c)
{
    load(r, c->entry, c->w, c->n);
    if (c->poke_at)
        put16(r, c->poke_at, c->poke);
    /* bus and address error: handlers that stop */
    ww_st_be32(r->ram + 8, 0x1990);
    ww_st_be32(r->ram + 12, 0x1980);
    put16(r, 0x1980, 0x60fe);
    put16(r, 0x1990, 0x60fe);
}

static bool halted_at(const m68k_t *m, uint32_t halt) { return m->pc - 4 == halt; }

WW_TEST("cpu/m68k/cached/smc", m68k_cached_smc)
{
    static const char *const engines[] = { "interp", "interp-slow" };
    for (unsigned i = 0; i < G_N_ELEMENTS(smc_cases); i++)
        for (unsigned e = 0; e < 2; e++) {
            rig r;
            rig_init(&r, engines[e]);
            load_case(&r, &smc_cases[i]);
            const smc_case *p = &smc_cases[i];
            /* Slices a block's worst case fits (a machine enters a block
             * only then): the cached engine's records run. */
            for (unsigned k = 0; k < 1000 && !halted_at(r.m, p->halt); k++)
                m68k_rig_run(r.m, 3000);
            WW_CHECK_MSG(halted_at(r.m, p->halt), "%s on %s: pc %06x", p->name, engines[e],
                         r.m->pc - 4);
            WW_CHECK_MSG(r.m->d[p->reg] == p->want, "%s on %s: d%u = %u, want %u", p->name,
                         engines[e], p->reg, r.m->d[p->reg], p->want);
            if (e == 0)
                WW_CHECK_MSG(r.m->tc_entered > 0, "%s: no block ran", p->name);
            rig_free(&r);
        }
}

/* ---- lockstep ------------------------------------------------------------------ */

static void explain(const char *what, uint64_t step, const m68k_t *a, const m68k_t *b)
{
    GString *d = g_string_new(NULL);
    for (unsigned k = 0; k < 8; k++) {
        if (a->d[k] != b->d[k])
            g_string_append_printf(d, " d%u %08x/%08x", k, a->d[k], b->d[k]);
        if (a->a[k] != b->a[k])
            g_string_append_printf(d, " a%u %08x/%08x", k, a->a[k], b->a[k]);
    }
    ww_test_fail_at(__FILE__, __LINE__, "%s, block %" G_GUINT64_FORMAT ": cached pc %06x cycles %"
                    G_GUINT64_FORMAT " stop %d sr %04x ir %04x irc %04x, uncached pc %06x cycles %"
                    G_GUINT64_FORMAT " stop %d sr %04x ir %04x irc %04x;%s", what, step,
                    a->pc, a->cpu.cycles, a->cpu.stop, a->sr, a->ir, a->irc, b->pc,
                    b->cpu.cycles, b->cpu.stop, b->sr, b->ir, b->irc, d->str);
}

/* Both engines on case c, state compared after every run() call. per_block:
 * the cached engine returns after every block (tc_max_blocks = 1) and the
 * uncached one runs as many cycles (it stops once the budget is reached,
 * like the cached one); otherwise both get budgets of 1 to 41 cycles in
 * turn, which end inside blocks (and inside a block's loops), and must stop
 * at the same instruction boundary. */
static void lockstep_case(const smc_case *c, bool per_block)
{
    const char *unit = per_block ? "block" : "call";
    rig fa, sl;
    rig_init(&fa, "interp");
    rig_init(&sl, "interp-slow");
    load_case(&fa, c);
    load_case(&sl, c);
    m68k_t *a = fa.m, *b = sl.m;
    if (per_block)
        a->tc_max_blocks = 1;
    WW_CHECK(m68k_rig_same(a, b));
    for (uint64_t step = 0; !halted_at(a, c->halt) && step < (per_block ? 10000 : 200000);
         step++) {
        uint64_t budget = per_block ? 1u << 20 : 1 + step % 41;   /* a block fits */
        uint64_t n = m68k_rig_run(a, budget), m = m68k_rig_run(b, per_block ? n : budget);
        WW_CHECK_MSG(m == n, "%s %s %" G_GUINT64_FORMAT ": %" G_GUINT64_FORMAT
                     " cycles cached, %" G_GUINT64_FORMAT " uncached", c->name, unit, step, n, m);
        if (!m68k_rig_same(a, b))
            explain(c->name, step, a, b);
    }
    WW_CHECK_MSG(halted_at(a, c->halt), "%s: did not halt", c->name);
    WW_CHECK_MSG(a->d[c->reg] == c->want, "%s: d%u = %u, want %u", c->name, c->reg,
                 a->d[c->reg], c->want);
    WW_CHECK(!memcmp(fa.ram, sl.ram, 65536));
    if (per_block)
        WW_CHECK_MSG(a->tc_entered > 0, "%s: no block ran", c->name);
    rig_free(&fa);
    rig_free(&sl);
}

WW_TEST("cpu/m68k/cached/lockstep/smc", m68k_lockstep_smc)
{
    for (unsigned i = 0; i < G_N_ELEMENTS(smc_cases); i++)
        lockstep_case(&smc_cases[i], true);
}

WW_TEST("cpu/m68k/cached/lockstep/budget", m68k_lockstep_budget)
{
    for (unsigned i = 0; i < G_N_ELEMENTS(smc_cases); i++)
        lockstep_case(&smc_cases[i], false);
}

/* Every opcode of the programs: the decoder's length is what the uncached
 * interpreter consumes (pc moves by the length for straight-line code). */
WW_TEST("cpu/m68k/cached/length", m68k_cached_length)
{
    static const struct { uint16_t w[5]; unsigned len; } ins[] = {
        { { 0x7401 }, 2 }, { { 0x31fc, 0x7205, 0x100a }, 6 }, { { 0xd681 }, 2 },
        { { 0x3a3c, 0x7201 }, 4 }, { { 0x31c5, 0x2004 }, 4 }, { { 0x4e71 }, 2 },
        { { 0x5278, 0x1204 }, 4 }, { { 0x23fc, 0, 1, 0, 0x3000 }, 10 },   /* move.l #,abs.l */
        { { 0x41e8, 0x0010 }, 4 }, { { 0x2030, 0x0800 }, 4 },            /* lea, d8(a0,d0) */
        { { 0x0c80, 0, 5 }, 6 }, { { 0x0839, 3, 0, 0x3000 }, 8 },         /* cmpi.l, btst #,abs.l */
        { { 0x48e7, 0xc0c0 }, 4 }, { { 0xe388 }, 2 }, { { 0x4840 }, 2 },  /* movem, lsl, swap */
    };
    for (unsigned i = 0; i < G_N_ELEMENTS(ins); i++) {
        WW_CHECK_EQ(m68k_len_68000(ins[i].w[0]), ins[i].len);
        rig r;
        rig_init(&r, "interp-slow");
        load(&r, 0x1000, ins[i].w, 5);
        ww_st_be32(r.ram + 0x3000, 0);
        put16(&r, 0x100a, 0x4e71);
        m68k_step(r.m);
        WW_CHECK_MSG(r.m->pc - 4 == 0x1000 + ins[i].len, "%04x: pc %06x", ins[i].w[0], r.m->pc - 4);
        rig_free(&r);
    }
}

/* ---- the differential programs under the user-mode runner ------------------- */

#define LOCKSTEP_MAX 3000000ull

static void user_setup(ww_cpu *fast, ww_cpu *ref)
{
    m68k_t *a = (m68k_t *)fast, *b = (m68k_t *)ref;
    WW_CHECK(a->tc && !b->tc);
    a->tc_max_blocks = 1;   /* one block per run() */
}

static uint64_t user_slice(uint32_t *seed)
{
    (void)seed;
    return 1u << 20;   /* tc_max_blocks ends the slice after one block */
}

static bool user_same(const ww_cpu *a, const ww_cpu *b, bool at_stop)
{
    (void)at_stop;
    return m68k_rig_same((const m68k_t *)a, (const m68k_t *)b);
}

static void user_explain(const char *prog, uint64_t block, const ww_cpu *a, const ww_cpu *b)
{
    explain(prog, block, (const m68k_t *)a, (const m68k_t *)b);
}

WW_TEST_GEN(gen_m68k_lockstep)
{
    static const char *const support[] = { "mini", NULL };
    static const ww_lockstep_family f = {
        .family = "m68k", .compiler = "m68k-linux-gnu-gcc", .max_insns = LOCKSTEP_MAX,
        .setup = user_setup, .slice = user_slice, .same = user_same, .explain = user_explain,
        .unit = "blocks", .name = "cached/lockstep", .cpu_model = "m68000",
        .mem_size = 16u << 20, .not_programs = support,
    };
    ww_lockstep_register(&f);
}
