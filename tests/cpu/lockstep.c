/* tests/cpu/lockstep.c — the shared lockstep driver (tests/cpu/lockstep.h). */
#include "tests/cpu/lockstep.h"
#include "tests/harness.h"
#include "core/user.h"
#include <fcntl.h>
#include <unistd.h>

typedef struct {
    const ww_lockstep_family *f;
    char *name;
} prog_case;

static uint64_t run_cpu(ww_cpu *c, uint64_t budget)
{
    c->exit_request = 0;
    c->stop = WW_STOP_NONE;
    return ww_cpu_ops_of(c)->run(c, budget);
}

static bool same_memory(ww_user_session *x, ww_user_session *y)
{
    /* The loaded segments whole; the start of the heap and mmap areas and the
     * top of the stack (where these programs write). */
    const ww_mapping *mx, *my;
    unsigned n = ww_space_mappings(ww_user_space(x), &mx);
    const ww_mapping **lx = g_memdup2(mx, n * sizeof *lx);
    unsigned n2 = ww_space_mappings(ww_user_space(y), &my);
    const ww_mapping **ly = (const ww_mapping **)my;
    bool same = n == n2;
    for (unsigned i = 0; same && i < n; i++) {
        const ww_mapping *p = lx[i], *q = ly[i];
        same = !strcmp(p->name, q->name) && p->size == q->size;
        uint64_t len = MIN(p->size, (uint64_t)4 << 20), off = 0;
        if (!strcmp(p->name, "stack"))
            off = p->size - len;
        same = same && !memcmp(p->host + off, q->host + off, len);
    }
    g_free(lx);
    return same;
}

static char *slurp_fd(int fd)
{
    lseek(fd, 0, SEEK_SET);
    GString *s = g_string_new(NULL);
    char buf[4096];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0)
        g_string_append_len(s, buf, n);
    close(fd);
    return g_string_free(s, FALSE);
}

static int tmp_fd(void)
{
    char *path = NULL;
    int fd = g_file_open_tmp("ww-lockstep-XXXXXX", &path, NULL);
    WW_CHECK(fd >= 0);
    unlink(path);
    g_free(path);
    return fd;
}

static void run_prog_case(void *data)
{
    const prog_case *pc = data;
    const ww_lockstep_family *f = pc->f;
    char *elf = g_strdup_printf("%s/tests/cpu/%s/progs/%s.elf", ww_test_build_dir(), f->family,
                                pc->name);
    if (!g_file_test(elf, G_FILE_TEST_EXISTS))
        ww_test_skip("%s not built (%s missing?)", elf, f->compiler);
    GError *err = NULL;
    int fda = tmp_fd(), fdb = tmp_fd();
    ww_user_opts oa = { .out_fd = fda, .err_fd = fda, .engine = "interp",
                        .cpu_model = f->cpu_model, .mem_size = f->mem_size };
    ww_user_opts ob = oa;
    ob.out_fd = ob.err_fd = fdb;
    ob.engine = "interp-slow";
    char *argv[] = { elf, NULL };
    ww_user_session *sa = ww_user_open(elf, 1, argv, &oa, &err);
    WW_CHECK_NOERR(sa, err);
    ww_user_session *sb = ww_user_open(elf, 1, argv, &ob, &err);
    WW_CHECK_NOERR(sb, err);
    ww_cpu *a = ww_user_cpu(sa), *b = ww_user_cpu(sb);
    if (f->setup)
        f->setup(a, b);
    uint64_t slice = 0;
    uint32_t seed = 12345;
    while (!ww_user_exited(sa) && a->cycles < f->max_insns) {
        uint64_t n = run_cpu(a, f->slice(&seed));
        WW_CHECK_EQ(run_cpu(b, a->stop != WW_STOP_NONE ? n + 1 : n), n);
        bool stopped = a->stop != WW_STOP_NONE;
        if (!f->same(a, b, stopped))
            f->explain(pc->name, slice, a, b);
        if (stopped) {
            WW_CHECK_NOERR(ww_user_handle_stop(sa, &err), err);
            WW_CHECK_NOERR(ww_user_handle_stop(sb, &err), err);
            WW_CHECK_EQ(ww_user_exited(sa), ww_user_exited(sb));
        }
        slice++;
    }
    if (!f->same(a, b, true))
        f->explain(pc->name, slice, a, b);
    WW_CHECK_MSG(same_memory(sa, sb), "%s: memory differs after %" G_GUINT64_FORMAT " instructions",
                 pc->name, a->cycles);
    ww_test_log("%s: %" G_GUINT64_FORMAT " %s, %" G_GUINT64_FORMAT " instructions%s", pc->name,
                slice, f->unit ? f->unit : "slices", a->cycles,
                ww_user_exited(sa) ? ", to the end" : "");
    ww_user_result ra, rb;
    ww_user_close(sa, &ra);
    ww_user_close(sb, &rb);
    WW_CHECK_EQ(ra.exit_code, rb.exit_code);
    char *outa = slurp_fd(fda), *outb = slurp_fd(fdb);
    WW_CHECK_STR(outa, outb);
    g_free(outa);
    g_free(outb);
    g_free(elf);
}

void ww_lockstep_register(const ww_lockstep_family *f)
{
    char *dir = g_strdup_printf("tests/cpu/%s/progs", f->family);
    GDir *d = g_dir_open(dir, 0, NULL);
    g_free(dir);
    if (!d)
        return;
    const char *e;
    GPtrArray *names = g_ptr_array_new();
    while ((e = g_dir_read_name(d)))
        if (g_str_has_suffix(e, ".c")) {
            char *n = g_strndup(e, strlen(e) - 2);
            if (f->not_programs && g_strv_contains((const gchar *const *)f->not_programs, n))
                g_free(n);
            else
                g_ptr_array_add(names, n);
        }
    g_dir_close(d);
    g_ptr_array_sort(names, (GCompareFunc)(void *)g_strcmp0);
    for (unsigned i = 0; i < names->len; i++) {
        prog_case *pc = g_new0(prog_case, 1);
        pc->f = f;
        pc->name = names->pdata[i];
        char *tname = g_strdup_printf("cpu/%s/%s/user/%s", f->family,
                                      f->name ? f->name : "lockstep", pc->name);
        ww_test_register(tname, run_prog_case, pc, 300);
        g_free(tname);
    }
    g_ptr_array_free(names, TRUE);
}
