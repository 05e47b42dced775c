/* tests/harness.h — the C test harness behind build/<variant>/tests/wwtest.
 *
 * A test file registers tests with WW_TEST(name, fn) { … } (a constructor,
 * so adding a file needs no other edit: SCons globs all of tests/). Tests whose
 * set is only known at run time (one per vector file) register from a
 * generator: WW_TEST_GEN(fn) runs fn() before the list is made.
 * Each test runs in a forked child, so a crash or a hang fails that test only.
 * Checks print file:line and the values, then end the test as failed. */
#ifndef WW_TEST_HARNESS_H
#define WW_TEST_HARNESS_H
#include <stdint.h>
#include <stdbool.h>
#include <inttypes.h>
#include <glib.h>
#include <string.h>

typedef void (*ww_test_fn)(void *data);

void ww_test_register(const char *name, ww_test_fn fn, void *data, unsigned timeout_s);
void ww_test_register_gen(void (*gen)(void));

#define WW_TEST(name, fn) \
    static void fn(void *ww_test_data); \
    static void __attribute__((constructor)) ww_test_reg_##fn(void) \
    { ww_test_register(name, fn, NULL, 0); } \
    static void fn(void *ww_test_data G_GNUC_UNUSED)

#define WW_TEST_GEN(fn) \
    static void fn(void); \
    static void __attribute__((constructor)) ww_test_gen_##fn(void) \
    { ww_test_register_gen(fn); } \
    static void fn(void)

G_GNUC_NORETURN void ww_test_fail_at(const char *file, int line, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);
G_GNUC_NORETURN void ww_test_skip(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
/* Soft failure: records, continues; the test fails at its end. */
void ww_test_note_failure(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
/* Extra output shown with -v and on failure. */
void ww_test_log(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

#define WW_CHECK(cond) do { if (!(cond)) \
    ww_test_fail_at(__FILE__, __LINE__, "check failed: %s", #cond); } while (0)
#define WW_CHECK_MSG(cond, ...) do { if (!(cond)) \
    ww_test_fail_at(__FILE__, __LINE__, __VA_ARGS__); } while (0)
#define WW_CHECK_EQ(a, b) do { uint64_t ww_a_ = (uint64_t)(a), ww_b_ = (uint64_t)(b); \
    if (ww_a_ != ww_b_) ww_test_fail_at(__FILE__, __LINE__, \
        "%s == %s: got 0x%" PRIx64 ", expected 0x%" PRIx64, #a, #b, ww_a_, ww_b_); } while (0)
#define WW_CHECK_STR(a, b) do { const char *ww_a_ = (a), *ww_b_ = (b); \
    if (!ww_a_ || !ww_b_ || strcmp(ww_a_, ww_b_) != 0) ww_test_fail_at(__FILE__, __LINE__, \
        "%s == %s: got \"%s\", expected \"%s\"", #a, #b, ww_a_ ? ww_a_ : "(null)", \
        ww_b_ ? ww_b_ : "(null)"); } while (0)
/* A GError-returning call must succeed: WW_CHECK_NOERR(f(x, &err), err). */
#define WW_CHECK_NOERR(call, err) do { if (!(call)) \
    ww_test_fail_at(__FILE__, __LINE__, "%s failed: %s", #call, \
                    (err) ? (err)->message : "(no error set)"); } while (0)
/* A call must fail with a message containing `substr`; err is cleared. */
#define WW_CHECK_ERR(call, err, substr) do { \
    if ((call)) { ww_test_fail_at(__FILE__, __LINE__, "%s succeeded, expected an error", #call); } \
    if (!(err) || !strstr((err)->message, (substr))) { ww_test_fail_at(__FILE__, __LINE__, \
        "%s: error \"%s\" lacks \"%s\"", #call, (err) ? (err)->message : "(none)", (substr)); } \
    g_clear_error(&(err)); } while (0)

/* A machine from an inline description, realized and reset (includes resolve
 * against the repo's machines/); any error fails the test with its message. */
struct ww_machine;
struct ww_machine *ww_test_machine_xml(const char *xml);

/* Paths: the repo root (cwd of the runner) and the vectors directory
 * ($WIREWRAP_VECTORS, default ../shared/vectors). */
const char *ww_test_vectors_dir(void);
const char *ww_test_build_dir(void); /* build/<variant> */

#endif
