/* tests/cpu/ppc/lockstep.c — the cached engine against the uncached one,
 * block by block: engine "interp" runs one block (or one uncached step)
 * per run() (tc_max_blocks = 1), engine "interp-slow" then runs exactly as
 * many cycles, and the two CPUs must agree on every register, the cycle
 * count and the stop reason after every block; memory is compared at the
 * end. On
 *   - the self-modifying-code programs (tests/cpu/ppc/smc.h), all models;
 *   - the ppc-bare test firmware (MMU, exceptions, decrementer, sleep) on a
 *     machine whose scheduler the test drives as the machine loop does;
 *   - the differential programs (tests/cpu/ppc/progs) under the user-mode
 *     runner, system calls served in both, up to LOCKSTEP_MAX instructions
 *     each (the whole program for all but the longest few). */
#include "tests/cpu/ppc/smc.h"
#include "tests/cpu/lockstep.h"

#define LOCKSTEP_MAX 6000000ull

/* The registers every block can change. */
static bool same_fast(const ppc_cpu *a, const ppc_cpu *b)
{
    return !memcmp(a->gpr, b->gpr, 32 * sizeof a->gpr[0]) && !memcmp(a->fpr, b->fpr, sizeof a->fpr) &&
           a->pc == b->pc && a->msr == b->msr && a->cr == b->cr && a->fpscr == b->fpscr &&
           a->spr[SPR_XER] == b->spr[SPR_XER] && a->spr[SPR_LR] == b->spr[SPR_LR] &&
           a->spr[SPR_CTR] == b->spr[SPR_CTR] && a->cpu.cycles == b->cpu.cycles &&
           a->cpu.stop == b->cpu.stop && a->resv_valid == b->resv_valid &&
           a->resv_addr == b->resv_addr;
}

/* Everything architectural. */
static bool same_all(const ppc_cpu *a, const ppc_cpu *b)
{
    return same_fast(a, b) && !memcmp(a->spr, b->spr, sizeof a->spr) &&
           !memcmp(a->sr, b->sr, sizeof a->sr) && !memcmp(a->gpr_shadow, b->gpr_shadow, sizeof a->gpr_shadow) &&
           !memcmp(a->itlb, b->itlb, sizeof a->itlb) && !memcmp(a->dtlb, b->dtlb, sizeof a->dtlb) &&
           a->dec_pending == b->dec_pending && a->dec_load == b->dec_load &&
           a->dec_stamp == b->dec_stamp && a->tb_offset == b->tb_offset &&
           a->cpu.stop_info == b->cpu.stop_info;
}

static void explain(const char *what, uint64_t step, const ppc_cpu *a, const ppc_cpu *b)
{
    GString *d = g_string_new(NULL);
    for (unsigned k = 0; k < 32; k++)
        if (a->gpr[k] != b->gpr[k])
            g_string_append_printf(d, " r%u %08x/%08x", k, a->gpr[k], b->gpr[k]);
    for (unsigned k = 0; k < 1024; k++)
        if (a->spr[k] != b->spr[k])
            g_string_append_printf(d, " spr%u %08x/%08x", k, a->spr[k], b->spr[k]);
    ww_test_fail_at(__FILE__, __LINE__, "%s, block %" G_GUINT64_FORMAT ": cached pc %08x cycles %"
                    G_GUINT64_FORMAT " stop %d, uncached pc %08x cycles %" G_GUINT64_FORMAT
                    " stop %d; msr %08x/%08x cr %08x/%08x;%s", what, step, a->pc, a->cpu.cycles,
                    a->cpu.stop, b->pc, b->cpu.cycles, b->cpu.stop, a->msr, b->msr, a->cr, b->cr,
                    d->str);
}

static uint64_t run_cpu(ppc_cpu *c, uint64_t budget)
{
    c->cpu.exit_request = 0;
    c->cpu.stop = WW_STOP_NONE;
    return c->cpu.chip.cls->cpu->run(&c->cpu, budget);
}

/* ---- the self-modifying-code programs ------------------------------------------ */

WW_TEST("cpu/ppc/lockstep/smc", ppc_lockstep_smc)
{
    static const char *const models[] = { "ppc603", "ppc604", "ppc750" };
    for (unsigned i = 0; i < G_N_ELEMENTS(smc_programs); i++)
        for (unsigned m = 0; m < G_N_ELEMENTS(models); m++) {
            smc_rig fa, sl;
            smc_rig_init(&fa, models[m], "interp");
            smc_rig_init(&sl, models[m], "interp-slow");
            smc_prog p = smc_load(&fa, smc_programs[i]);
            smc_load(&sl, smc_programs[i]);
            ppc_cpu *a = fa.r.cpu, *b = sl.r.cpu;
            a->tc_max_blocks = 1;
            uint64_t step = 0;
            while (a->pc != p.halt && step < 10000) {
                uint64_t n = run_cpu(a, 1000);
                WW_CHECK_EQ(run_cpu(b, a->cpu.stop != WW_STOP_NONE ? n + 1 : n), n);
                if (!same_all(a, b))
                    explain(p.name, step, a, b);
                step++;
            }
            WW_CHECK_MSG(a->pc == p.halt, "%s on %s: did not halt", p.name, models[m]);
            WW_CHECK(!memcmp(fa.r.ram, sl.r.ram, 64 * 1024));
            smc_rig_free(&fa);
            smc_rig_free(&sl);
        }
}

/* ---- the bare firmware, with virtual time -------------------------------------- */

/* One run() as core/machine.c's loop does it for a lone CPU, at most max
 * cycles: due timers fired, the budget up to the next event. */
static uint64_t slice(ww_machine *m, ppc_cpu *c, uint64_t max)
{
    ww_sched *s = ww_machine_sched(m);
    while (ww_sched_next(s) <= ww_sched_now(s))
        ww_sched_advance(s, ww_sched_now(s));
    ww_time t0 = ww_sched_now(s), next = MIN(ww_sched_next(s), t0 + 100000);
    uint64_t budget = MIN(MAX(ww_ns_to_ticks(next - t0, c->cpu.clock_hz), 1), max);
    ww_sched_set_running(s, &c->cpu);
    uint64_t ran = run_cpu(c, budget);
    ww_sched_set_running(s, NULL);
    ww_time reached = c->cpu.stop == WW_STOP_HALT ? next : ww_sched_now(s);
    ww_sched_set_now(s, t0);
    ww_sched_advance(s, MAX(reached, t0 + 1));
    return ran;
}

static ppc_cpu *firmware_machine(ppc_rig *r, const char *model, const char *engine, const gchar *img,
                                 gsize len)
{
    GError *err = NULL;
    ppc_rig_init_engine(r, model, engine, 4u << 20);
    uint8_t *rom = ww_machine_add_memory(r->m, "rom", 1u << 20, &err);
    WW_CHECK_NOERR(rom, err);
    memcpy(rom, img, len);
    WW_CHECK_NOERR(ww_space_map_ram(r->mem, "rom", 0xfff00000u, 1u << 20, rom, true, 0, &err), err);
    ww_chip *u = ww_machine_add_chip(r->m, "ppctest-capuart", "uart", &err);
    WW_CHECK_NOERR(u, err);
    WW_CHECK_NOERR(ww_machine_realize(r->m, &err), err);
    WW_CHECK_NOERR(ww_space_map_chip(r->mem, "uart", 0xf0000000u, 8, u, 0, 1, 0, 0, &err), err);
    ww_machine_reset(r->m, WW_RESET_POWER);
    return r->cpu;
}

WW_TEST("cpu/ppc/lockstep/firmware", ppc_lockstep_firmware)
{
    char *path = g_strdup_printf("%s/tests/firmware/ppc/bare.bin", ww_test_build_dir());
    gchar *img = NULL;
    gsize len = 0;
    if (!g_file_get_contents(path, &img, &len, NULL))
        ww_test_skip("%s not built (powerpc-linux-gnu-as missing?)", path);
    g_free(path);
    WW_CHECK(len <= (1u << 20));
    static const char *const models[] = { "ppc603", "ppc604", "ppc750" };
    for (unsigned m = 0; m < G_N_ELEMENTS(models); m++) {
        ppc_rig fa, sl;
        ppc_cpu *a = firmware_machine(&fa, models[m], "interp", img, len);
        ppc_cpu *b = firmware_machine(&sl, models[m], "interp-slow", img, len);
        a->tc_max_blocks = 1;
        uint64_t step = 0;
        /* To sleep (MSR[POW]) and a little beyond: the decrementer wakes it. */
        while (ww_sched_now(ww_machine_sched(fa.m)) < 20 * 1000 * 1000 && step < 2000000) {
            uint64_t n = slice(fa.m, a, 100000);
            /* A stop found at a boundary (sleep) ends the run before that
             * boundary's instruction: the other CPU needs room to get there. */
            WW_CHECK_EQ(slice(sl.m, b, a->cpu.stop != WW_STOP_NONE ? n + 1 : n), n);
            WW_CHECK_EQ(ww_sched_now(ww_machine_sched(fa.m)), ww_sched_now(ww_machine_sched(sl.m)));
            if (!same_all(a, b))
                explain(models[m], step, a, b);
            step++;
        }
        WW_CHECK(a->msr & MSR_POW);
        WW_CHECK(!memcmp(fa.ram, sl.ram, fa.ram_size));
        ww_test_log("%s: %" G_GUINT64_FORMAT " blocks, %" G_GUINT64_FORMAT " instructions", models[m],
                    step, a->cpu.cycles);
        ppc_rig_free(&fa);
        ppc_rig_free(&sl);
    }
    g_free(img);
}

/* ---- the differential programs under the user-mode runner ----------------------- */

static void user_setup(ww_cpu *fast, ww_cpu *ref)
{
    (void)ref;
    ((ppc_cpu *)fast)->tc_max_blocks = 1;   /* one block per run() */
}

static uint64_t user_slice(uint32_t *seed)
{
    (void)seed;
    return 1u << 20;   /* tc_max_blocks ends the slice after one block */
}

static bool user_same(const ww_cpu *a, const ww_cpu *b, bool at_stop)
{
    const ppc_cpu *x = (const ppc_cpu *)a, *y = (const ppc_cpu *)b;
    return at_stop ? same_all(x, y) : same_fast(x, y);
}

static void user_explain(const char *prog, uint64_t block, const ww_cpu *a, const ww_cpu *b)
{
    explain(prog, block, (const ppc_cpu *)a, (const ppc_cpu *)b);
}

WW_TEST_GEN(gen_ppc_lockstep)
{
    static const ww_lockstep_family f = {
        .family = "ppc", .compiler = "powerpc-linux-gnu-gcc", .max_insns = LOCKSTEP_MAX,
        .setup = user_setup, .slice = user_slice, .same = user_same, .explain = user_explain,
        .unit = "blocks",
    };
    ww_lockstep_register(&f);
}
