/* tests/cpu/m68k/chain.c — the 68000 cached engine's run loop (cpu/m68k/cpu.c
 * loop_cached, cpu/m68k/tc_run.c tc_next / tc_chain / q_sync) against the
 * uncached one (engine "interp-slow"):
 *  - blocks chained to each other (a loop over four blocks, both ways out
 *    of a conditional branch) under machine cycle budgets and under the
 *    user-mode runner's instruction budgets of 1 to 37, which end inside
 *    blocks and inside chains: the same instruction boundary, registers,
 *    queue (pc, ir, irc: lazy inside a block), counts after every run;
 *  - a taken branch to an odd address after records of the same block: the
 *    address error's group-0 frame holds the branch in its IR word (the
 *    queue made real before the refill that faults), on both engines, and
 *    the stacks agree.
 * A 68000 on a 24-bit space, 64 KiB RAM at 0, hand-assembled code (PRM
 * appendix A encodings). */
#include "tests/cpu/m68k/rig.h"

typedef m68k_rig rig;

static void rig_init(rig *r, const char *engine)
{
    m68k_rig_add(r, engine, 65536);
    m68k_rig_realize(r, engine);
}

static void put16(rig *r, uint32_t a, uint16_t w) { ww_st_be16(r->ram + a, w); }

/* The words at entry; SSP 0x8000; the address-error vector to a bra.s * at
 * 0x1990; reset. */
static void load(rig *r, uint32_t entry, const uint16_t *w, unsigned n)
{
    ww_st_be32(r->ram, 0x8000);
    ww_st_be32(r->ram + 4, entry);
    ww_st_be32(r->ram + 12, 0x1990);
    put16(r, 0x1990, 0x60fe);
    for (unsigned i = 0; i < n; i++)
        put16(r, entry + 2 * i, w[i]);
    ww_machine_reset(r->mach, WW_RESET_POWER);
}

/* Four blocks in a loop, d0 = 1 … 500: A adds d0 to d3 and tests its low
 * bit; odd: B adds it again and branches to D; even: C subtracts d1 (0)
 * and falls into D's code; D counts down and branches back to A. d3 =
 * 125250 + 62500. */
static const uint16_t chain_words[] = {
    0x7000,                     /* 1000 moveq #0,d0 */
    0x7600,                     /* 1002 moveq #0,d3 */
    0x243c, 0x0000, 0x01f3,     /* 1004 move.l #499,d2 */
    0x5280,                     /* 100a addq.l #1,d0         A */
    0xd680,                     /* 100c add.l d0,d3 */
    0x2200,                     /* 100e move.l d0,d1 */
    0x0281, 0x0000, 0x0001,     /* 1010 andi.l #1,d1 */
    0x6704,                     /* 1016 beq.s $101c */
    0xd680,                     /* 1018 add.l d0,d3          B */
    0x6002,                     /* 101a bra.s $101e */
    0x9681,                     /* 101c sub.l d1,d3          C */
    0x5382,                     /* 101e subq.l #1,d2         D */
    0x6ce8,                     /* 1020 bge.s $100a */
    0x60fe,                     /* 1022 bra.s * */
};
enum { CHAIN_AT = 0x1000, CHAIN_HALT = 0x1022 };

static void chain_lockstep(bool user)
{
    rig fa, sl;
    rig_init(&fa, "interp");
    rig_init(&sl, "interp-slow");
    load(&fa, CHAIN_AT, chain_words, G_N_ELEMENTS(chain_words));
    load(&sl, CHAIN_AT, chain_words, G_N_ELEMENTS(chain_words));
    m68k_t *a = fa.m, *b = sl.m;
    /* The user-mode runner's count: one cycle per instruction. */
    a->cpu.user_mode = b->cpu.user_mode = user;
    uint64_t step = 0;
    while (a->pc - 4 != CHAIN_HALT && step < 100000) {
        /* The runner's budgets count instructions; a machine's are cycles,
         * and it enters a block only when its worst case fits. */
        uint64_t budget = user ? 1 + step % 37 : 1 + (step * 53) % 1500;
        uint64_t n = m68k_rig_run(a, budget), m = m68k_rig_run(b, budget);
        WW_CHECK_MSG(m == n, "%s call %" G_GUINT64_FORMAT ": %" G_GUINT64_FORMAT
                     " cycles cached, %" G_GUINT64_FORMAT " uncached", user ? "runner" : "machine",
                     step, n, m);
        if (!m68k_rig_same(a, b)) {
            ww_test_fail_at(__FILE__, __LINE__, "%s call %" G_GUINT64_FORMAT ": cached pc %06x "
                            "ir %04x irc %04x d0 %u insns %" G_GUINT64_FORMAT ", uncached pc %06x "
                            "ir %04x irc %04x d0 %u insns %" G_GUINT64_FORMAT,
                            user ? "runner" : "machine", step, a->pc, a->ir, a->irc, a->d[0],
                            a->insns, b->pc, b->ir, b->irc, b->d[0], b->insns);
            break;
        }
        step++;
    }
    WW_CHECK_MSG(a->pc - 4 == CHAIN_HALT, "did not halt: pc %06x", a->pc - 4);
    WW_CHECK_EQ(a->d[3], 187750u);
    WW_CHECK(a->tc->translated >= 4);
    WW_CHECK_MSG(a->tc_entered > 0, "%s: no block ran", user ? "runner" : "machine");
    ww_machine_free(fa.mach);
    ww_machine_free(sl.mach);
}

WW_TEST("cpu/m68k/chain/machine-budget", m68k_chain_machine) { chain_lockstep(false); }
WW_TEST("cpu/m68k/chain/runner-budget", m68k_chain_runner) { chain_lockstep(true); }

/* Bcc.s and Bcc.w to an odd address, after other records of their block:
 * an address error whose frame (68000 UM §6.3.9.1: at SP+6 the IR) names
 * the branch. */
WW_TEST("cpu/m68k/chain/odd-branch", m68k_chain_odd_branch)
{
    static const struct { uint16_t w[6]; unsigned n; uint16_t ir; } cases[] = {
        { { 0x7001, 0x7202, 0xd280, 0x6001 }, 4, 0x6001 },          /* bra.s $1109 */
        { { 0x7003, 0x7404, 0xd480, 0x6000, 0x0003 }, 5, 0x6000 },  /* bra.w $1109 */
    };
    static const char *const engines[] = { "interp", "interp-slow" };
    for (unsigned i = 0; i < G_N_ELEMENTS(cases); i++) {
        rig r[2];
        for (unsigned e = 0; e < 2; e++) {
            rig_init(&r[e], engines[e]);
            load(&r[e], 0x1100, cases[i].w, cases[i].n);
            for (unsigned k = 0; k < 100 && r[e].m->pc - 4 != 0x1990; k++)
                m68k_rig_run(r[e].m, 3000);
            WW_CHECK_MSG(r[e].m->pc - 4 == 0x1990, "case %u on %s: pc %06x", i, engines[e],
                         r[e].m->pc - 4);
            WW_CHECK_MSG(r[e].m->a[7] == 0x8000 - 14, "case %u on %s: sp %08x", i, engines[e],
                         r[e].m->a[7]);
            WW_CHECK_MSG(ww_ld_be16(r[e].ram + 0x8000 - 14 + 6) == cases[i].ir,
                         "case %u on %s: frame IR %04x", i, engines[e],
                         ww_ld_be16(r[e].ram + 0x8000 - 14 + 6));
        }
        WW_CHECK(m68k_rig_same(r[0].m, r[1].m));
        WW_CHECK(!memcmp(r[0].ram + 0x7f00, r[1].ram + 0x7f00, 0x100));
        WW_CHECK(r[0].m->tc_entered > 0);
        for (unsigned e = 0; e < 2; e++)
            ww_machine_free(r[e].mach);
    }
}
