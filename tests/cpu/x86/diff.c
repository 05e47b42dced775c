/* tests/cpu/x86/diff.c — differential tests: each program of
 * tests/cpu/x86/progs (built by the SConscript with i686-linux-gnu-gcc -O2
 * -static) runs under the user-mode runner and under qemu-i386; stdout and
 * the exit code must be identical. Skips when the compiler or qemu-i386 is
 * missing. */
#include "tests/harness.h"
#include "core/user.h"
#include <unistd.h>
#include <sys/wait.h>

static char *progs_dir(void)
{
    return g_build_filename(ww_test_build_dir(), "tests", "cpu", "x86", "progs", NULL);
}

static void run_diff(void *data)
{
    const char *name = data;
    char *dir = progs_dir();
    char *elf = g_strdup_printf("%s/%s.elf", dir, name);
    if (!g_file_test(elf, G_FILE_TEST_EXISTS))
        ww_test_skip("%s not built (i686-linux-gnu-gcc missing?)", elf);
    char *qemu = g_find_program_in_path("qemu-i386");
    if (!qemu)
        ww_test_skip("qemu-i386 not installed (Debian package qemu-user)");

    char *argv_q[] = { qemu, elf, NULL };
    char *qout = NULL;
    int qstatus = 0;
    GError *err = NULL;
    WW_CHECK_NOERR(g_spawn_sync(NULL, argv_q, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                                &qout, NULL, &qstatus, &err), err);
    int qrc = WIFEXITED(qstatus) ? WEXITSTATUS(qstatus) : 128 + WTERMSIG(qstatus);

    char *tmp = NULL;
    int fd = g_file_open_tmp("ww-x86-diff-XXXXXX", &tmp, &err);
    WW_CHECK_NOERR(fd >= 0, err);
    ww_user_opts o = { .out_fd = fd, .err_fd = fd, .max_cycles = 2000000000ull };
    ww_user_result r = { 0 };
    char *argv_w[] = { elf, NULL };
    bool ok = ww_user_run(elf, 1, argv_w, &o, &r, &err);
    close(fd);
    WW_CHECK_NOERR(ok, err);
    char *wout = NULL;
    gsize wlen = 0;
    WW_CHECK_NOERR(g_file_get_contents(tmp, &wout, &wlen, &err), err);
    unlink(tmp);
    ww_test_log("%s: %" G_GUINT64_FORMAT " guest instructions, exit %d (qemu %d)", name,
                r.instructions, r.exit_code, qrc);
    if (strcmp(wout, qout)) {
        size_t i = 0;
        while (wout[i] && wout[i] == qout[i])
            i++;
        ww_test_fail_at(__FILE__, __LINE__, "%s: stdout differs from qemu-i386 at byte %zu: "
                        "wirewrap \"%.60s\" qemu \"%.60s\"", name, i, wout + i, qout + i);
    }
    WW_CHECK_EQ(r.exit_code, qrc);
    g_free(wout);
    g_free(tmp);
    g_free(qout);
    g_free(qemu);
    g_free(elf);
    g_free(dir);
}

WW_TEST_GEN(gen_x86_diff)
{
    /* One test per source file, so a missing build still lists (and skips) them. */
    GDir *d = g_dir_open("tests/cpu/x86/progs", 0, NULL);
    if (!d)
        return;
    GPtrArray *names = g_ptr_array_new();
    const char *f;
    while ((f = g_dir_read_name(d)))
        if (g_str_has_suffix(f, ".c"))
            g_ptr_array_add(names, g_strndup(f, strlen(f) - 2));
    g_dir_close(d);
    for (unsigned i = 0; i < names->len; i++) {
        char *tname = g_strdup_printf("cpu/x86/diff/%s", (char *)names->pdata[i]);
        ww_test_register(tname, run_diff, names->pdata[i], 120);
        g_free(tname);
    }
    g_ptr_array_free(names, TRUE);
}
