/* tests/cpu/difftest.c — see difftest.h. */
#include "tests/harness.h"
#include "tests/cpu/difftest.h"
#include "core/user.h"
#include <sys/wait.h>
#include <unistd.h>

typedef struct {
    const ww_diff_family *f;
    char *name;
} diff_case;

static void run_case(void *data)
{
    const diff_case *c = data;
    const ww_diff_family *f = c->f;
    char *elf = g_strdup_printf("%s/tests/cpu/%s/%s/%s.elf", ww_test_build_dir(), f->family,
                                f->progs ? f->progs : "progs", c->name);
    if (!g_file_test(elf, G_FILE_TEST_EXISTS))
        ww_test_skip("%s not built (%s missing?)", elf, f->compiler);
    char *qemu = g_find_program_in_path(f->qemu);
    if (!qemu)
        ww_test_skip("%s not installed (Debian package qemu-user)", f->qemu);

    GPtrArray *qargv = g_ptr_array_new();
    g_ptr_array_add(qargv, qemu);
    for (const char *const *a = f->qemu_args; a && *a; a++)
        g_ptr_array_add(qargv, (gpointer)*a);
    g_ptr_array_add(qargv, elf);
    g_ptr_array_add(qargv, NULL);
    char *qout = NULL;
    int qstatus = 0;
    GError *err = NULL;
    WW_CHECK_NOERR(g_spawn_sync(NULL, (char **)qargv->pdata, NULL, G_SPAWN_STDERR_TO_DEV_NULL,
                                NULL, NULL, &qout, NULL, &qstatus, &err), err);
    int qrc = WIFEXITED(qstatus) ? WEXITSTATUS(qstatus) : 128 + WTERMSIG(qstatus);

    char *tmp = NULL;
    int fd = g_file_open_tmp("ww-diff-XXXXXX", &tmp, &err);
    WW_CHECK_NOERR(fd >= 0, err);
    ww_user_opts o = { .out_fd = fd, .err_fd = fd, .max_cycles = f->max_insns,
                       .cpu_model = f->cpu_model };
    ww_user_result r = { 0 };
    char *argv_w[] = { elf, NULL };
    bool ok = ww_user_run(elf, 1, argv_w, &o, &r, &err);
    close(fd);
    WW_CHECK_NOERR(ok, err);
    char *wout = NULL;
    WW_CHECK_NOERR(g_file_get_contents(tmp, &wout, NULL, &err), err);
    unlink(tmp);
    ww_test_log("%s: %" G_GUINT64_FORMAT " guest instructions, exit %d (%s %d)", c->name,
                r.instructions, r.exit_code, f->qemu, qrc);
    if (strcmp(wout, qout)) {
        size_t i = 0;
        while (wout[i] && wout[i] == qout[i])
            i++;
        ww_test_fail_at(__FILE__, __LINE__, "%s: stdout differs from %s at byte %zu: "
                        "wirewrap \"%.60s\" qemu \"%.60s\"", c->name, f->qemu, i, wout + i,
                        qout + i);
    }
    WW_CHECK_EQ(r.exit_code, qrc);
    g_free(wout);
    g_free(tmp);
    g_free(qout);
    g_ptr_array_free(qargv, TRUE);
    g_free(qemu);
    g_free(elf);
}

void ww_test_register_diff(const ww_diff_family *f)
{
    char *dir = g_strdup_printf("tests/cpu/%s/%s", f->family, f->progs ? f->progs : "progs");
    GDir *d = g_dir_open(dir, 0, NULL);
    g_free(dir);
    if (!d)
        return;
    GPtrArray *names = g_ptr_array_new();   /* the names outlive it */
    const char *n;
    while ((n = g_dir_read_name(d))) {
        if (!g_str_has_suffix(n, ".c"))
            continue;
        char *base = g_strndup(n, strlen(n) - 2);
        bool support = false;
        for (const char *const *x = f->not_programs; x && *x; x++)
            support |= !strcmp(*x, base);
        if (support)
            g_free(base);
        else
            g_ptr_array_add(names, base);
    }
    g_dir_close(d);
    for (guint i = 0; i < names->len; i++) {
        /* The case lives for the whole run (tests are registered once). */
        diff_case *c = g_new0(diff_case, 1);
        c->f = f;
        c->name = names->pdata[i];
        char *tname = g_strdup_printf("cpu/%s/%s/%s", f->family, f->name ? f->name : "diff",
                                      c->name);
        ww_test_register(tname, run_case, c, f->timeout_s ? f->timeout_s : 120);
        g_free(tname);
    }
    g_ptr_array_free(names, TRUE);
}
