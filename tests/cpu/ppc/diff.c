/* tests/cpu/ppc/diff.c — differential tests against qemu-ppc: every
 * tests/cpu/ppc/progs/NAME.c, built with powerpc-linux-gnu-gcc -O2 -static
 * (SConscript), gives the same stdout and exit status under the user-mode
 * runner (tests/cpu/difftest.c). */
#include "tests/harness.h"
#include "tests/cpu/difftest.h"

static const ww_diff_family ppc_diff = {
    .family = "ppc", .qemu = "qemu-ppc", .compiler = "powerpc-linux-gnu-gcc",
    .max_insns = 4000000000ull, .timeout_s = 300,
};

WW_TEST_GEN(gen_ppc_diff)
{
    ww_test_register_diff(&ppc_diff);
}
