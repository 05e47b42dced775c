/* tests/cpu/difftest.h — the differential test every CPU family shares: each
 * program tests/cpu/<family>/<progs>/NAME.c (built by that folder's
 * SConscript into $WW_BUILD/tests/cpu/<family>/<progs>/NAME.elf) runs under
 * qemu-user and under the user-mode runner; stdout and the exit status must
 * be identical. One test per source file, named cpu/<family>/<name>/NAME; a
 * missing compiler or qemu makes it skip with the reason. A family can
 * register several sets (m68k: the 68000 programs, and the glibc programs on
 * two CPU models). */
#ifndef WW_TEST_DIFFTEST_H
#define WW_TEST_DIFFTEST_H
#include <stdint.h>

typedef struct {
    const char *family;            /* "x86", "m68k", "ppc" */
    const char *qemu;              /* "qemu-i386" */
    const char *const *qemu_args;  /* before the program (NULL-terminated), may be NULL */
    const char *compiler;          /* named in the skip message */
    const char *const *not_programs; /* support sources in progs/ ("mini"), may be NULL */
    uint64_t max_insns;            /* the runner's instruction limit */
    unsigned timeout_s;
    /* optional: */
    const char *progs;             /* sources under tests/cpu/<family>/ (default "progs") */
    const char *name;              /* test-name part (default "diff") */
    const char *cpu_model;         /* the runner's CPU model (default: the family's) */
} ww_diff_family;

/* Register one test per program; call from a WW_TEST_GEN generator. */
void ww_test_register_diff(const ww_diff_family *f);

#endif
