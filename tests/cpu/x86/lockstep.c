/* tests/cpu/x86/lockstep.c — engine "interp" against "interp-slow" (the
 * reference, cpu/x86/cpu.c x86_run), slice by slice: the fast engine runs a
 * slice of a pseudo-random length (1 .. 4096 instructions, so slices end
 * anywhere, inside REP strings and right after faults too), the reference
 * then runs exactly as many, and the two CPUs must agree on every register,
 * EFLAGS, the segment caches, the cycle count and the stop reason after
 * every slice; memory, output and exit code are compared at the end. On the
 * differential programs (tests/cpu/x86/progs) under the user-mode runner,
 * system calls served in both, up to LOCKSTEP_MAX instructions each (the
 * shared driver, tests/cpu/lockstep.h).
 * "interp" is the decoded-block cache (cpu/x86/tc.c); this test is its
 * reference check. The same on the project's test firmware
 * (tests/firmware/x86: real, big real and protected mode, paging, INVLPG,
 * CR3 loads, ring changes, faults, code remapped and run as 16- and 32-bit
 * code, read-modify-write instructions whose write faults), slice by slice
 * with slices of 1 .. 13 instructions, so budgets end inside blocks
 * everywhere. */
#include "tests/harness.h"
#include "tests/cpu/lockstep.h"
#include "tests/cpu/x86/fwrig.h"
#include "cpu/x86/x86.h"

#define LOCKSTEP_MAX 3000000ull

static bool same_regs(const x86_cpu *a, const x86_cpu *b)
{
    bool same = !memcmp(a->r, b->r, sizeof a->r) && a->eip == b->eip &&
                a->eflags == b->eflags && a->cpu.cycles == b->cpu.cycles &&
                a->cpu.stop == b->cpu.stop && a->cpl == b->cpl &&
                a->cr0 == b->cr0 && a->cr2 == b->cr2 && a->cr3 == b->cr3 && a->cr4 == b->cr4 &&
                !memcmp(&a->fpu, &b->fpu, sizeof a->fpu);
    for (unsigned s = 0; same && s < 6; s++)
        same = a->seg[s].sel == b->seg[s].sel && a->seg[s].base == b->seg[s].base &&
               a->seg[s].limit == b->seg[s].limit && a->seg[s].attr == b->seg[s].attr;
    return same;
}

static void explain(const char *what, uint64_t slice, const x86_cpu *a, const x86_cpu *b)
{
    GString *d = g_string_new(NULL);
    static const char *const names[8] = { "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi" };
    for (unsigned k = 0; k < 8; k++)
        if (a->r[k] != b->r[k])
            g_string_append_printf(d, " %s %08x/%08x", names[k], a->r[k], b->r[k]);
    ww_test_fail_at(__FILE__, __LINE__, "%s, slice %" G_GUINT64_FORMAT ": fast eip %08x cycles %"
                    G_GUINT64_FORMAT " stop %d, slow eip %08x cycles %" G_GUINT64_FORMAT
                    " stop %d; eflags %08x/%08x;%s", what, slice, a->eip, a->cpu.cycles,
                    a->cpu.stop, b->eip, b->cpu.cycles, b->cpu.stop, a->eflags, b->eflags,
                    d->str);
}

static uint64_t user_slice(uint32_t *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    return 1 + ((*seed >> 16) & 4095);
}

static bool user_same(const ww_cpu *a, const ww_cpu *b, bool at_stop)
{
    (void)at_stop;
    return same_regs((const x86_cpu *)a, (const x86_cpu *)b);
}

static void user_setup(ww_cpu *fast, ww_cpu *ref)
{
    WW_CHECK_EQ(((x86_cpu *)fast)->engine, X86_ENGINE_INTERP);
    WW_CHECK_EQ(((x86_cpu *)ref)->engine, X86_ENGINE_INTERP_SLOW);
}

static void user_explain(const char *prog, uint64_t slice, const ww_cpu *a, const ww_cpu *b)
{
    explain(prog, slice, (const x86_cpu *)a, (const x86_cpu *)b);
}

WW_TEST_GEN(gen_x86_lockstep)
{
    static const ww_lockstep_family f = {
        .family = "x86", .compiler = "i686-linux-gnu-gcc", .max_insns = LOCKSTEP_MAX,
        .setup = user_setup, .slice = user_slice, .same = user_same, .explain = user_explain,
    };
    ww_lockstep_register(&f);
}

/* ---- the test firmware, both engines ---- */

WW_TEST("cpu/x86/lockstep/firmware", x86_lockstep_firmware)
{
    static const char *const images[] = { "bigreal", "pmode", "ring3", "tcache", "rmw" };
    unsigned ran = 0;
    for (unsigned i = 0; i < G_N_ELEMENTS(images); i++) {
        x86_fw_rig a, b;
        if (!x86_fw_new(&a, images[i], NULL, "interp"))
            continue;
        WW_CHECK(x86_fw_new(&b, images[i], NULL, "interp-slow"));
        ww_cpu *ca = ww_cpu_of(a.chip), *cb = ww_cpu_of(b.chip);
        uint32_t seed = 1 + i;
        uint64_t slice = 0;
        for (; slice < 100000 && ca->stop != WW_STOP_HALT && ca->stop != WW_STOP_FATAL; slice++) {
            seed = seed * 1103515245u + 12345u;
            uint64_t n = 1 + ((seed >> 16) % 13);
            uint64_t na = ww_cpu_ops_of(ca)->run(ca, n);
            uint64_t nb = ww_cpu_ops_of(cb)->run(cb, n);
            WW_CHECK_MSG(na == nb, "%s slice %" G_GUINT64_FORMAT ": ran %" G_GUINT64_FORMAT
                         " and %" G_GUINT64_FORMAT, images[i], slice, na, nb);
            if (!same_regs((x86_cpu *)ca, (x86_cpu *)cb))
                explain(images[i], slice, (x86_cpu *)ca, (x86_cpu *)cb);
        }
        WW_CHECK_MSG(ca->stop == WW_STOP_HALT, "%s: no halt (stop %d)", images[i], ca->stop);
        WW_CHECK(!memcmp(a.ram, b.ram, X86_FW_RAM));
        ww_test_log("%s: %" G_GUINT64_FORMAT " slices, %" G_GUINT64_FORMAT " instructions",
                    images[i], slice, ca->cycles);
        x86_fw_free(&a);
        x86_fw_free(&b);
        ran++;
    }
    if (!ran)
        ww_test_skip("test firmware not built (i686 cross binutils missing?)");
}
