/* tests/cpu/lockstep.h — the lockstep test every CPU family with two engines
 * shares: each differential program (tests/cpu/<family>/progs/NAME.c, built
 * to $WW_BUILD/tests/cpu/<family>/progs/NAME.elf) runs under the user-mode
 * runner twice, on the fast engine ("interp": cached blocks or the fast
 * loop) and on the reference ("interp-slow"). The fast one runs a slice, the
 * reference exactly as many instructions (one more when the fast one stopped
 * at the budget's edge, as a HLT or a system call needs), the family's
 * compare says whether they agree; system calls are served in both. At the
 * end memory, output and exit code must be identical. One test per program,
 * named cpu/<family>/lockstep/user/NAME (or .name instead of lockstep). */
#ifndef WW_TEST_LOCKSTEP_H
#define WW_TEST_LOCKSTEP_H
#include "core/cpu.h"
#include <stdbool.h>
#include <stdint.h>

typedef struct {
    const char *family;      /* "x86": the folder and the test names */
    const char *compiler;    /* named in the skip message */
    uint64_t max_insns;      /* per program */
    /* optional: called once on both CPUs before the first slice */
    void (*setup)(ww_cpu *fast, ww_cpu *ref);
    /* the next slice's budget; seed is the test's own generator state */
    uint64_t (*slice)(uint32_t *seed);
    /* whether the two agree; at_stop: the fast CPU stopped (the moment to
     * compare what the family compares only at stops) */
    bool (*same)(const ww_cpu *fast, const ww_cpu *ref, bool at_stop);
    /* fail the test with what differs (ww_test_fail_at) */
    void (*explain)(const char *prog, uint64_t slice, const ww_cpu *fast, const ww_cpu *ref);
    const char *unit;        /* what a slice is called in the log ("slices", "blocks") */
    /* optional: */
    const char *name;        /* test-name part (default "lockstep") */
    const char *cpu_model;   /* the runner's CPU model (default: the family's) */
    uint64_t mem_size;       /* the runner's memory (default: its own) */
    const char *const *not_programs; /* support sources in progs/ ("mini"), NULL-terminated */
} ww_lockstep_family;

/* Register one test per program; call from a WW_TEST_GEN generator. */
void ww_lockstep_register(const ww_lockstep_family *f);

#endif
