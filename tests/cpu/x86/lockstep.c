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
#include "cpu/x86/x86.h"
#include "core/machine.h"

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

typedef struct {
    ww_sched *sched;
    ww_chip *chip;
    ww_space *mem;
    uint8_t *ram, *rom;
} fw_rig;

static bool fw_new(fw_rig *m, const char *image, const char *engine)
{
    gchar *img = NULL;
    gsize len = 0;
    if (!g_file_get_contents(image, &img, &len, NULL) || len != 0x10000) {
        g_free(img);
        return false;
    }
    GError *err = NULL;
    m->sched = ww_sched_new();
    m->chip = ww_chip_new("x86", "cpu", m->sched, &err);
    WW_CHECK_NOERR(m->chip != NULL, err);
    WW_CHECK_NOERR(ww_chip_set_prop(m->chip, "engine", engine, &err), err);
    ww_space_config cfg = { 32, 12, WW_LITTLE_ENDIAN, WW_UNMAPPED_OPEN_BUS, 0xFFFFFFFF };
    m->mem = ww_space_new("cpu.mem", &cfg, &err);
    m->ram = g_malloc0(4 << 20);
    m->rom = (uint8_t *)img;
    WW_CHECK_NOERR(ww_space_map_ram(m->mem, "ram", 0, 4 << 20, m->ram, false, 0, &err), err);
    WW_CHECK_NOERR(ww_space_map_ram(m->mem, "rom", 0xFFFF0000u, 0x10000, m->rom, true, 1, &err), err);
    WW_CHECK_NOERR(ww_space_map_ram(m->mem, "rom-low", 0xF0000, 0x10000, m->rom, true, 1, &err), err);
    WW_CHECK_NOERR(ww_chip_bind_bus(m->chip, "mem", m->mem, &err), err);
    WW_CHECK_NOERR(ww_chip_realize(m->chip, &err), err);
    ww_chip_reset(m->chip, WW_RESET_POWER);
    return true;
}

static void fw_del(fw_rig *m)
{
    ww_chip_free(m->chip);
    ww_space_free(m->mem);
    ww_sched_free(m->sched);
    g_free(m->ram);
    g_free(m->rom);
}

WW_TEST("cpu/x86/lockstep/firmware", x86_lockstep_firmware)
{
    static const char *const images[] = { "bigreal", "pmode", "ring3", "tcache", "rmw" };
    unsigned ran = 0;
    for (unsigned i = 0; i < G_N_ELEMENTS(images); i++) {
        char *path = g_strdup_printf("%s/tests/firmware/x86/%s.bin", ww_test_build_dir(), images[i]);
        fw_rig a, b;
        if (!fw_new(&a, path, "interp")) {
            g_free(path);
            continue;
        }
        WW_CHECK(fw_new(&b, path, "interp-slow"));
        g_free(path);
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
        WW_CHECK(!memcmp(a.ram, b.ram, 4 << 20));
        ww_test_log("%s: %" G_GUINT64_FORMAT " slices, %" G_GUINT64_FORMAT " instructions",
                    images[i], slice, ca->cycles);
        fw_del(&a);
        fw_del(&b);
        ran++;
    }
    if (!ran)
        ww_test_skip("test firmware not built (i686 cross binutils missing?)");
}
