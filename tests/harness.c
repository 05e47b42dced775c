/* tests/harness.c — runs the registered tests, each in a forked child.
 *
 * Usage: wwtest [-v] [-j N] [-k PATTERN]… [--list]
 * Prints "FAIL name: why" / "SKIP name: why" (and "PASS name" with -v), then
 * "N passed, N failed[, N skipped]". Exit 1 on any failure. */
#include "tests/harness.h"
#include "core/mdl.h"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#define WW_LEAK_CHECK 1
#endif

typedef struct {
    char *name;
    ww_test_fn fn;
    void *data;
    unsigned timeout;
} test_ent;

static test_ent *tests;
static size_t ntests, captests;
static void (*gens[64])(void);
static size_t ngens;
static int result_fd = -1;   /* child: where to write the outcome */
static bool soft_failed;
static GString *child_log;
/* File-scope so a forked child's leak check sees them as reachable. */
static char **pats;
static struct running_s *run;

void ww_test_register(const char *name, ww_test_fn fn, void *data, unsigned timeout_s)
{
    if (ntests == captests) {
        captests = captests ? captests * 2 : 256;
        tests = realloc(tests, captests * sizeof *tests);
        if (!tests)
            abort();
    }
    tests[ntests++] = (test_ent){ strdup(name), fn, data, timeout_s ? timeout_s : 600 };
}

void ww_test_register_gen(void (*gen)(void))
{
    if (ngens < G_N_ELEMENTS(gens))
        gens[ngens++] = gen;
}

static G_GNUC_NORETURN void child_finish(char kind, const char *msg)
{
#ifdef WW_LEAK_CHECK
    /* Children end with _exit (no atexit leak check): check here, so a test
     * that leaks fails under ASan. Failed tests skip it (they jump out). */
    if (kind == 'P' && __lsan_do_recoverable_leak_check()) {
        kind = 'F';
        msg = "memory leaked (LeakSanitizer report on stderr)";
    }
#endif
    GString *s = g_string_new(NULL);
    g_string_append_c(s, kind);
    if (msg)
        g_string_append(s, msg);
    if (child_log && child_log->len && kind != 'S') {
        g_string_append_c(s, '\n');
        g_string_append(s, child_log->str);
    }
    const char *p = s->str;
    size_t left = s->len;
    while (left) {
        ssize_t n = write(result_fd, p, left);
        if (n <= 0)
            break;
        p += n;
        left -= (size_t)n;
    }
    _exit(kind == 'F' ? 1 : 0);
}

void ww_test_fail_at(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *m = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    char *full = g_strdup_printf("%s:%d: %s", file, line, m);
    if (result_fd < 0) {
        fprintf(stderr, "%s\n", full);
        abort();
    }
    child_finish('F', full);
}

void ww_test_skip(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *m = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    child_finish('S', m);
}

void ww_test_note_failure(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *m = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    soft_failed = true;
    if (!child_log)
        child_log = g_string_new(NULL);
    g_string_append_printf(child_log, "  %s\n", m);
    g_free(m);
}

void ww_test_log(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (!child_log)
        child_log = g_string_new(NULL);
    g_string_append(child_log, "  ");
    g_string_append_vprintf(child_log, fmt, ap);
    g_string_append_c(child_log, '\n');
    va_end(ap);
}

const char *ww_test_vectors_dir(void)
{
    const char *e = getenv("WIREWRAP_VECTORS");
    return e && *e ? e : "../shared/vectors";
}

const char *ww_test_build_dir(void)
{
    const char *e = getenv("WIREWRAP_BUILD");
    return e && *e ? e : "build/release";
}

typedef struct running_s {
    pid_t pid;
    int fd;
    size_t idx;
    GString *out;
    time_t deadline;
} running;

static bool matches(const char *name, char **pats, int npats)
{
    if (!npats)
        return true;
    for (int i = 0; i < npats; i++)
        if (strstr(name, pats[i]))
            return true;
    return false;
}

static int cmp_tests(const void *a, const void *b)
{
    return strcmp(((const test_ent *)a)->name, ((const test_ent *)b)->name);
}

int main(int argc, char **argv)
{
    bool verbose = false, list = false;
    int jobs = (int)sysconf(_SC_NPROCESSORS_ONLN);
    pats = calloc((size_t)argc + 1, sizeof *pats);
    int npats = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-v"))
            verbose = true;
        else if (!strcmp(argv[i], "--list"))
            list = true;
        else if (!strcmp(argv[i], "-j") && i + 1 < argc)
            jobs = atoi(argv[++i]);
        else if (!strncmp(argv[i], "-j", 2) && argv[i][2])
            jobs = atoi(argv[i] + 2);
        else if (!strcmp(argv[i], "-k") && i + 1 < argc)
            pats[npats++] = argv[++i];
        else {
            fprintf(stderr, "usage: wwtest [-v] [-j N] [-k PATTERN]... [--list]\n");
            return 2;
        }
    }
    if (jobs < 1)
        jobs = 1;
    for (size_t i = 0; i < ngens; i++)
        gens[i]();
    qsort(tests, ntests, sizeof *tests, cmp_tests);
    if (list) {
        for (size_t i = 0; i < ntests; i++)
            if (matches(tests[i].name, pats, npats))
                printf("%s\n", tests[i].name);
        free(pats);
        return 0;
    }
    signal(SIGPIPE, SIG_IGN);
    unsigned passed = 0, failed = 0, skipped = 0;
    run = calloc((size_t)jobs, sizeof *run);
    unsigned nrun = 0;
    size_t next = 0;
    fflush(stdout);
    for (;;) {
        while (nrun < (unsigned)jobs && next < ntests) {
            size_t i = next++;
            if (!matches(tests[i].name, pats, npats))
                continue;
            int p[2];
            if (pipe(p) != 0)
                abort();
            pid_t pid = fork();
            if (pid == 0) {
                close(p[0]);
                result_fd = p[1];
                alarm(tests[i].timeout);
                tests[i].fn(tests[i].data);
                if (soft_failed)
                    child_finish('F', "soft failures:");
                child_finish('P', NULL);
            }
            close(p[1]);
            run[nrun++] = (running){ pid, p[0], i, g_string_new(NULL), 0 };
        }
        if (!nrun)
            break;
        struct pollfd *pf = calloc((size_t)nrun, sizeof *pf);
        for (unsigned k = 0; k < nrun; k++)
            pf[k] = (struct pollfd){ .fd = run[k].fd, .events = POLLIN };
        if (poll(pf, (nfds_t)nrun, -1) < 0 && errno != EINTR)
            abort();
        for (unsigned k = 0; k < nrun; k++) {
            if (!(pf[k].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            char buf[4096];
            ssize_t n = read(run[k].fd, buf, sizeof buf);
            if (n > 0) {
                g_string_append_len(run[k].out, buf, n);
                continue;
            }
            /* EOF: the child is done. */
            int st = 0;
            waitpid(run[k].pid, &st, 0);
            close(run[k].fd);
            const char *name = tests[run[k].idx].name;
            GString *o = run[k].out;
            char kind = o->len ? o->str[0] : '?';
            const char *msg = o->len ? o->str + 1 : "";
            if (kind == 'P' && WIFEXITED(st) && WEXITSTATUS(st) == 0) {
                passed++;
                if (verbose) {
                    printf("PASS %s\n", name);
                    if (*msg)
                        printf("%s\n", msg + (*msg == '\n'));
                }
            } else if (kind == 'S' && WIFEXITED(st) && WEXITSTATUS(st) == 0) {
                skipped++;
                printf("SKIP %s: %s\n", name, msg);
            } else {
                failed++;
                if (kind == 'F')
                    printf("FAIL %s: %s\n", name, msg);
                else if (WIFSIGNALED(st))
                    printf("FAIL %s: killed by signal %d (%s)%s\n", name, WTERMSIG(st),
                           WTERMSIG(st) == SIGALRM ? "timeout" : strsignal(WTERMSIG(st)),
                           "");
                else
                    printf("FAIL %s: exited with status %d without a result\n", name,
                           WIFEXITED(st) ? WEXITSTATUS(st) : -1);
            }
            fflush(stdout);
            g_string_free(o, TRUE);
            run[k] = run[--nrun];
            pf[k] = pf[nrun];
            k--;
        }
        free(pf);
    }
    free(run);
    free(pats);
    if (skipped)
        printf("%u passed, %u failed, %u skipped\n", passed, failed, skipped);
    else
        printf("%u passed, %u failed\n", passed, failed);
    fflush(stdout);
    return failed ? 1 : 0;
}

struct ww_machine *ww_test_machine_xml(const char *xml)
{
    GError *err = NULL;
    char *dir = g_build_filename(ww_mdl_repo_dir(), "machines", NULL);
    ww_mdl_desc *d = ww_mdl_parse_buffer("inline.xml", xml, strlen(xml), dir, NULL, NULL, &err);
    g_free(dir);
    if (!d)
        ww_test_fail_at(__FILE__, __LINE__, "inline machine: %s", err->message);
    ww_machine *m = ww_mdl_instantiate(d, NULL, &err);
    ww_mdl_desc_free(d);
    if (!m)
        ww_test_fail_at(__FILE__, __LINE__, "inline machine: %s", err->message);
    return m;
}
