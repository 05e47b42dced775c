/* tests/cpu/ppc/smc.c — self-modifying code on the PowerPC engines: a store
 * to the next instruction of the running block (with and without the
 * architected dcbst/sync/icbi/isync sequence), a loop patching itself, a
 * rewrite across a page boundary, new code by DMA, a remapped code page,
 * code fetched from a chip, a store through a data BAT onto code running
 * through an instruction BAT (tests/cpu/ppc/smc.h), and writes from outside
 * the CPU (the space's write paths, a loader, a host pointer announced).
 * Every program gives the expected registers on both engines and all three
 * models.
 *
 * The rule the engines follow (cpu/ppc/tc_run.c): instruction fetch always
 * sees memory as it is, with or without icbi/isync — stronger than the
 * architecture requires, so code written either way runs. */
#include "tests/cpu/ppc/smc.h"

/* ---- the programs ---------------------------------------------------------- */

static const char *const models[] = { "ppc603", "ppc604", "ppc750" };
static const char *const engines[] = { "interp", "interp-slow" };

static void run_prog(smc_builder build, const char *model, const char *engine)
{
    smc_rig s;
    smc_rig_init(&s, model, engine);
    smc_prog p = smc_load(&s, build);
    ppc_cpu *c = s.r.cpu;
    ww_cpu *cpu = &c->cpu;
    for (unsigned k = 0; k < 10 && c->pc != p.halt; k++) {
        cpu->exit_request = 0;
        cpu->chip.cls->cpu->run(cpu, 1000);
    }
    WW_CHECK_MSG(c->pc == p.halt, "%s on %s/%s: pc 0x%08x, expected to halt at 0x%08x", p.name,
                 model, engine, c->pc, p.halt);
    for (unsigned k = 0; k < p.nres; k++)
        WW_CHECK_MSG(c->gpr[p.res[k].reg] == p.res[k].want, "%s on %s/%s: r%u = %u, expected %u",
                     p.name, model, engine, p.res[k].reg, c->gpr[p.res[k].reg], p.res[k].want);
    smc_rig_free(&s);
}

WW_TEST("cpu/ppc/smc/programs", ppc_smc_programs)
{
    for (unsigned i = 0; i < G_N_ELEMENTS(smc_programs); i++)
        for (unsigned m = 0; m < G_N_ELEMENTS(models); m++)
            for (unsigned e = 0; e < G_N_ELEMENTS(engines); e++)
                run_prog(smc_programs[i], models[m], engines[e]);
}

/* Instruction by instruction (budget 1 per run): every stop lands inside a
 * block, and the results are the same. */
WW_TEST("cpu/ppc/smc/single-steps", ppc_smc_steps)
{
    for (unsigned i = 0; i < G_N_ELEMENTS(smc_programs); i++) {
        smc_rig s;
        smc_rig_init(&s, "ppc750", "interp");
        smc_prog p = smc_load(&s, smc_programs[i]);
        ppc_cpu *c = s.r.cpu;
        for (unsigned k = 0; k < 1000 && c->pc != p.halt; k++) {
            c->cpu.exit_request = 0;
            WW_CHECK_EQ(c->cpu.chip.cls->cpu->run(&c->cpu, 1), 1);
        }
        WW_CHECK_MSG(c->pc == p.halt, "%s stepped: pc 0x%08x", p.name, c->pc);
        for (unsigned k = 0; k < p.nres; k++)
            WW_CHECK_MSG(c->gpr[p.res[k].reg] == p.res[k].want, "%s stepped: r%u = %u, expected %u",
                         p.name, p.res[k].reg, c->gpr[p.res[k].reg], p.res[k].want);
        smc_rig_free(&s);
    }
}

/* Writes from outside the CPU between runs: through the space
 * (ww_space_write, _buf, _load) and through a host pointer announced with
 * ww_space_notify_write. Each time the next run sees the new word. */
WW_TEST("cpu/ppc/smc/outside-writes", ppc_smc_outside)
{
    for (unsigned e = 0; e < G_N_ELEMENTS(engines); e++) {
        smc_rig s;
        smc_rig_init(&s, "ppc750", engines[e]);
        ppc_cpu *c = s.r.cpu;
        smc_asm a = { &s.r, 0x2100 };
        uint32_t li = smc_put(&a, A_li(3, 1));
        uint32_t halt = smc_put(&a, A_b(a.at, a.at));
        for (unsigned way = 0; way < 6; way++) {
            c->pc = 0x2100;
            c->cpu.exit_request = 0;
            c->cpu.chip.cls->cpu->run(&c->cpu, 10);
            WW_CHECK_EQ(c->pc, halt);
            WW_CHECK_MSG(c->gpr[3] == way + 1, "%s, way %u: r3 = %u", engines[e], way, c->gpr[3]);
            if (way == 5)
                break;
            uint32_t next = A_li(3, (int)way + 2);
            uint8_t be[4];
            ww_st_be32(be, next);
            switch (way) {
            case 0: WW_CHECK_EQ(ww_space_write(s.r.mem, li, 4, next), WW_BUS_OK); break;
            case 1: WW_CHECK_EQ(ww_space_write_buf(s.r.mem, li, be, 4), WW_BUS_OK); break;
            case 2: WW_CHECK(ww_space_load(s.r.mem, li, be, 4, NULL)); break;
            case 3: WW_CHECK_EQ(ww_space_write(s.r.mem, li + 2, 2, next & 0xffff), WW_BUS_OK); break;
            default:
                ww_space_notify_write(s.r.mem, li, 4);
                memcpy(s.r.ram + li, be, 4);
                break;
            }
        }
        smc_rig_free(&s);
    }
}
