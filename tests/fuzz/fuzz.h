/* tests/fuzz/fuzz.h — checks shared by the libFuzzer harnesses. A failed
 * check traps, which libFuzzer reports as a crash with the input saved. */
#ifndef WW_FUZZ_H
#define WW_FUZZ_H
#include "core/cpu.h"
#include <stdio.h>

#define FUZZ_CHECK(cond) do { if (!(cond)) { \
    fprintf(stderr, "%s:%d: fuzz check failed: %s\n", __FILE__, __LINE__, #cond); \
    __builtin_trap(); } } while (0)

/* run() as core/cpu.h promises: it returns exactly the cycles it added to
 * cpu->cycles, and overshoots the budget by at most one instruction
 * (`slack` = the longest instruction in cycles, for the family). */
static inline uint64_t fuzz_run_checked(ww_cpu *cpu, uint64_t budget, uint64_t slack)
{
    uint64_t before = cpu->cycles;
    uint64_t ran = ww_cpu_ops_of(cpu)->run(cpu, budget);
    FUZZ_CHECK(cpu->cycles - before == ran);
    FUZZ_CHECK(ran <= budget + slack);
    return ran;
}

#endif
