/* tests/cpu/m68k/diff.c — differential tests against qemu-m68k through the
 * user-mode runner (tests/cpu/difftest.c): the same stdout and exit status.
 *   cpu/m68k/diff/NAME          the freestanding 68000 programs in progs/
 *                               (start.S + mini.c runtime), -cpu m68000;
 *   cpu/m68k/glibc-m68020/NAME  the static glibc programs in progs/glibc/,
 *   cpu/m68k/glibc-m68040/NAME  on the 68020 (+68882) and on the 68040 (the
 *                               runner executes the whole 68881 set, as
 *                               Linux's FPSP would). */
#include "tests/harness.h"
#include "tests/cpu/difftest.h"

static const char *const m68k_qemu_args[] = { "-cpu", "m68000", NULL };
static const char *const m68k_support[] = { "mini", NULL };
static const ww_diff_family m68k_diff = {
    .family = "m68k", .qemu = "qemu-m68k", .qemu_args = m68k_qemu_args,
    .compiler = "m68k-linux-gnu-gcc", .not_programs = m68k_support,
    .max_insns = 4000000000ull, .timeout_s = 120, .cpu_model = "m68000",
};

static const char *const m020_qemu_args[] = { "-cpu", "m68020", NULL };
static const ww_diff_family m68020_diff = {
    .family = "m68k", .qemu = "qemu-m68k", .qemu_args = m020_qemu_args,
    .compiler = "m68k-linux-gnu-gcc", .max_insns = 4000000000ull, .timeout_s = 120,
    .progs = "progs/glibc", .name = "glibc-m68020", .cpu_model = "m68020",
};

static const char *const m040_qemu_args[] = { "-cpu", "m68040", NULL };
static const ww_diff_family m68040_diff = {
    .family = "m68k", .qemu = "qemu-m68k", .qemu_args = m040_qemu_args,
    .compiler = "m68k-linux-gnu-gcc", .max_insns = 4000000000ull, .timeout_s = 120,
    .progs = "progs/glibc", .name = "glibc-m68040", .cpu_model = "m68040",
};

WW_TEST_GEN(gen_m68k_diff)
{
    ww_test_register_diff(&m68k_diff);
    ww_test_register_diff(&m68020_diff);
    ww_test_register_diff(&m68040_diff);
}
