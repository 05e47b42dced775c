/* tests/cpu/x86/vectors8086.c — SingleStepTests 8086 v1 (hardware captures):
 * one test per opcode file, 200 cases each (../shared/vectors/8086). */
#include "tests/harness.h"
#include "tests/cpu/x86/vecrun.h"

static const x86_vec_set set8086 = { "8086/v1", "i8086", 20, false, false };

WW_TEST_GEN(gen_8086)
{
    ww_test_register_x86_vectors(&set8086, "cpu/x86/8086");
}
