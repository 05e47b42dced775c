/* tests/cpu/x86/diff.c — differential tests against qemu-i386: every
 * tests/cpu/x86/progs/NAME.c, built with i686-linux-gnu-gcc -O2 -static
 * (SConscript), gives the same stdout and exit status under the user-mode
 * runner (tests/cpu/difftest.c). */
#include "tests/harness.h"
#include "tests/cpu/difftest.h"

static const ww_diff_family x86_diff = {
    .family = "x86", .qemu = "qemu-i386", .compiler = "i686-linux-gnu-gcc",
    .max_insns = 2000000000ull, .timeout_s = 120,
};

WW_TEST_GEN(gen_x86_diff)
{
    ww_test_register_diff(&x86_diff);
}
