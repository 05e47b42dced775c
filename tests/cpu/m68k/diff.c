/* tests/cpu/m68k/diff.c — differential tests: each freestanding 68000
 * program in tests/cpu/m68k/progs (built by the SConscript beside this file)
 * runs under the user-mode runner and under `qemu-m68k -cpu m68000`; stdout
 * and the exit status must be identical. Skips when the program was not
 * built (no m68k-linux-gnu-gcc) or qemu-m68k is missing. */
#include "tests/harness.h"
#include "core/user.h"
#include <unistd.h>

static void test_prog(void *data)
{
    const char *name = data;
    char *elf = g_strdup_printf("%s/tests/cpu/m68k/progs/%s.elf", ww_test_build_dir(), name);
    if (!g_file_test(elf, G_FILE_TEST_EXISTS))
        ww_test_skip("%s not built (m68k-linux-gnu-gcc missing?)", elf);
    char *qemu = g_find_program_in_path("qemu-m68k");
    if (!qemu)
        ww_test_skip("qemu-m68k not installed");

    char *argv_q[] = { qemu, (char *)"-cpu", (char *)"m68000", elf, NULL };
    char *qout = NULL;
    int qstatus = 0;
    GError *err = NULL;
    WW_CHECK_NOERR(g_spawn_sync(NULL, argv_q, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                                &qout, NULL, &qstatus, &err), err);
    int qrc = WIFEXITED(qstatus) ? WEXITSTATUS(qstatus) : 128 + WTERMSIG(qstatus);

    char *tmp = g_build_filename(g_get_tmp_dir(), "ww-m68k-diff-XXXXXX", NULL);
    int fd = g_mkstemp(tmp);
    WW_CHECK(fd >= 0);
    ww_user_opts o = { .out_fd = fd, .err_fd = fd, .max_cycles = 4000000000ull };
    ww_user_result r = { 0 };
    char *argv_w[] = { elf, NULL };
    bool ok = ww_user_run(elf, 1, argv_w, &o, &r, &err);
    close(fd);
    char *wout = NULL;
    g_file_get_contents(tmp, &wout, NULL, NULL);
    unlink(tmp);
    ww_test_log("%s: qemu exit %d, wirewrap exit %d, %" G_GUINT64_FORMAT " cycles", name, qrc,
                r.exit_code, r.instructions);
    WW_CHECK_MSG(ok || r.exit_code, "%s: %s", name, err ? err->message : "run failed");
    WW_CHECK_STR(wout ? wout : "", qout ? qout : "");
    WW_CHECK_EQ(r.exit_code, qrc);
    g_clear_error(&err);
    g_free(wout);
    g_free(qout);
    g_free(tmp);
    g_free(qemu);
    g_free(elf);
}

WW_TEST_GEN(gen_m68k_diff)
{
    GDir *d = g_dir_open("tests/cpu/m68k/progs", 0, NULL);
    if (!d)
        return;
    GPtrArray *names = g_ptr_array_new();
    const char *n;
    while ((n = g_dir_read_name(d)))
        if (g_str_has_suffix(n, ".c") && strcmp(n, "mini.c"))
            g_ptr_array_add(names, g_strndup(n, strlen(n) - 2));
    g_dir_close(d);
    for (guint i = 0; i < names->len; i++) {
        char *tname = g_strdup_printf("cpu/m68k/diff/%s", (char *)names->pdata[i]);
        ww_test_register(tname, test_prog, names->pdata[i], 120);
        g_free(tname);
    }
    g_ptr_array_free(names, TRUE);
}
