/* tests/cpu/ppc/diff.c — differential tests: each tests/cpu/ppc/progs/NAME.c,
 * built by tests/cpu/ppc/SConscript with powerpc-linux-gnu-gcc -O2 -static,
 * runs under qemu-ppc and under the user-mode runner (in this process);
 * stdout and the exit status must be identical. Skips with the reason when
 * the cross compiler (so the .elf) or qemu-ppc is missing. */
#include "tests/harness.h"
#include "core/user.h"
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static void run_prog(void *data)
{
    const char *name = data;
    char *elf = g_strdup_printf("%s/tests/cpu/ppc/progs/%s.elf", ww_test_build_dir(), name);
    if (!g_file_test(elf, G_FILE_TEST_EXISTS))
        ww_test_skip("%s not built (powerpc-linux-gnu-gcc missing?)", elf);
    char *qemu = g_find_program_in_path("qemu-ppc");
    if (!qemu)
        ww_test_skip("qemu-ppc not installed");

    char *argv[] = { qemu, elf, NULL };
    char *qout = NULL;
    int qstatus = 0;
    GError *err = NULL;
    WW_CHECK_NOERR(g_spawn_sync(NULL, argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                                &qout, NULL, &qstatus, &err), err);
    int qcode = WIFEXITED(qstatus) ? WEXITSTATUS(qstatus) : 128 + WTERMSIG(qstatus);

    char *tmp = g_build_filename(g_get_tmp_dir(), "ww-ppc-diff-XXXXXX", NULL);
    int fd = g_mkstemp(tmp);
    WW_CHECK(fd >= 0);
    ww_user_opts o = { .out_fd = fd, .err_fd = fd, .max_cycles = 4000000000ull };
    ww_user_result res = { 0 };
    char *uargv[] = { elf, NULL };
    bool ok = ww_user_run(elf, 1, uargv, &o, &res, &err);
    close(fd);
    char *wout = NULL;
    WW_CHECK(g_file_get_contents(tmp, &wout, NULL, NULL));
    unlink(tmp);
    WW_CHECK_NOERR(ok, err);
    ww_test_log("%s: %" G_GUINT64_FORMAT " guest instructions, exit %d", name,
                res.instructions, res.exit_code);
    WW_CHECK_STR(wout, qout);
    WW_CHECK_EQ(res.exit_code, qcode);
    g_free(wout);
    g_free(qout);
    g_free(tmp);
    g_free(qemu);
    g_free(elf);
}

WW_TEST_GEN(ppc_diff_gen)
{
    GDir *d = g_dir_open("tests/cpu/ppc/progs", 0, NULL);
    if (!d)
        return;
    GPtrArray *names = g_ptr_array_new();
    const char *f;
    while ((f = g_dir_read_name(d)))
        if (g_str_has_suffix(f, ".c"))
            g_ptr_array_add(names, g_strndup(f, strlen(f) - 2));
    g_dir_close(d);
    g_ptr_array_sort(names, (GCompareFunc)g_strcmp0);
    for (guint i = 0; i < names->len; i++) {
        char *tname = g_strdup_printf("cpu/ppc/diff/%s", (char *)names->pdata[i]);
        ww_test_register(tname, run_prog, names->pdata[i], 300);  /* names live for the run */
        g_free(tname);
    }
    g_ptr_array_free(names, TRUE);   /* frees the array; the names stay */
}
