/* tests/cpu/m68k/diff.c — differential tests against `qemu-m68k -cpu m68000`:
 * every freestanding 68000 program in tests/cpu/m68k/progs (start.S + mini.c
 * runtime, built by the SConscript) gives the same stdout and exit status
 * under the user-mode runner (tests/cpu/difftest.c). */
#include "tests/harness.h"
#include "tests/cpu/difftest.h"

static const char *const m68k_qemu_args[] = { "-cpu", "m68000", NULL };
static const char *const m68k_support[] = { "mini", NULL };
static const ww_diff_family m68k_diff = {
    .family = "m68k", .qemu = "qemu-m68k", .qemu_args = m68k_qemu_args,
    .compiler = "m68k-linux-gnu-gcc", .not_programs = m68k_support,
    .max_insns = 4000000000ull, .timeout_s = 120,
};

WW_TEST_GEN(gen_m68k_diff)
{
    ww_test_register_diff(&m68k_diff);
}
