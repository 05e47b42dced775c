/* bench/cpu-ppc/progs/bench.h — shared by the long CPU-bound benchmark
 * programs: the repeat count comes from argv[1] (default: the size that runs
 * at least a second under qemu-ppc), so the benchmark can also run a short
 * version of the same code for callgrind. */
#ifndef BENCH_H
#define BENCH_H
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
static inline long bench_reps(int argc, char **argv, long dflt)
{
    return argc > 1 ? strtol(argv[1], NULL, 0) : dflt;
}
#endif
