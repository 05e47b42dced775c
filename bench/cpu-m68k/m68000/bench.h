/* bench/cpu-m68k/m68000/bench.h — shared by the long CPU-bound 68000
 * programs (freestanding: tests/cpu/m68k/progs/start.S + mini.c, since
 * Debian's m68k libc needs a 68020). The repeat count comes from argv[1]
 * (default: the size that runs at least a second under
 * `qemu-m68k -cpu m68000`), so the benchmark can also run a short version of
 * the same code for callgrind. */
#ifndef BENCH_H
#define BENCH_H
#include "mini.h"
static inline long bench_reps(int argc, char **argv, long dflt)
{
    if (argc < 2)
        return dflt;
    long v = 0;
    for (const char *s = argv[1]; *s >= '0' && *s <= '9'; s++)
        v = v * 10 + (*s - '0');
    return v;
}
#endif
