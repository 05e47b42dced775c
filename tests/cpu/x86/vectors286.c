/* tests/cpu/x86/vectors286.c — SingleStepTests 80286 v1 real mode (hardware
 * captures): one test per opcode file, 200 cases each
 * (../shared/vectors/80286). Each case ends with a HLT: final IP is one
 * past it, so the runner adds 1 to ours. */
#include "tests/harness.h"
#include "tests/cpu/x86/vecrun.h"

static const x86_vec_set set286 = { "80286/v1_real_mode", "i286", 24, true, true };

WW_TEST_GEN(gen_286)
{
    ww_test_register_x86_vectors(&set286, "cpu/x86/286");
}
