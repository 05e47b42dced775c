/* tests/cpu/x86/vecrun.h — shared runner for the SingleStepTests x86 sets
 * (8086 v1 and 80286 v1_real_mode): one file of gzip'd JSON tests at a time. */
#ifndef WW_TESTS_X86_VECRUN_H
#define WW_TESTS_X86_VECRUN_H
#include <stdbool.h>

typedef struct x86_vec_set {
    const char *subdir;     /* "8086/v1" */
    const char *model;      /* "i8086" */
    unsigned addr_bits;     /* 20 or 24 */
    bool ip_plus_one;       /* 286 set: a HLT follows, final IP is one past it */
    bool clear_flags_hi;    /* 286 set: bits 12-15 of the initial FLAGS are masked */
} x86_vec_set;

/* Runs every test of one file; returns through the harness (pass/fail). */
void x86_vec_run_file(const x86_vec_set *set, const char *file);
/* Registers one test per *.json.gz in the set's directory, or a skip. */
void ww_test_register_x86_vectors(const x86_vec_set *set, const char *prefix);

#endif
