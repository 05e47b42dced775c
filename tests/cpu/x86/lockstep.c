/* tests/cpu/x86/lockstep.c — engine "interp" against "interp-slow" (the
 * reference, cpu/x86/cpu.c x86_run), slice by slice: the fast engine runs a
 * slice of a pseudo-random length (1 .. 4096 instructions, so slices end
 * anywhere, inside REP strings and right after faults too), the reference
 * then runs exactly as many, and the two CPUs must agree on every register,
 * EFLAGS, the segment caches, the cycle count and the stop reason after
 * every slice; memory, output and exit code are compared at the end. On the
 * differential programs (tests/cpu/x86/progs) under the user-mode runner,
 * system calls served in both, up to LOCKSTEP_MAX instructions each.
 * A decoded-block cache will take the place of the fast loop in "interp";
 * this test is its reference check. */
#include "tests/harness.h"
#include "core/user.h"
#include "cpu/x86/x86.h"
#include <fcntl.h>
#include <unistd.h>

#define LOCKSTEP_MAX 3000000ull

static bool same_regs(const x86_cpu *a, const x86_cpu *b)
{
    bool same = !memcmp(a->r, b->r, sizeof a->r) && a->eip == b->eip &&
                a->eflags == b->eflags && a->cpu.cycles == b->cpu.cycles &&
                a->cpu.stop == b->cpu.stop && a->cpl == b->cpl &&
                a->cr0 == b->cr0 && a->cr2 == b->cr2 && a->cr3 == b->cr3 && a->cr4 == b->cr4 &&
                !memcmp(&a->fpu, &b->fpu, sizeof a->fpu);
    for (unsigned s = 0; same && s < 6; s++)
        same = a->seg[s].sel == b->seg[s].sel && a->seg[s].base == b->seg[s].base &&
               a->seg[s].limit == b->seg[s].limit && a->seg[s].attr == b->seg[s].attr;
    return same;
}

static void explain(const char *what, uint64_t slice, const x86_cpu *a, const x86_cpu *b)
{
    GString *d = g_string_new(NULL);
    static const char *const names[8] = { "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi" };
    for (unsigned k = 0; k < 8; k++)
        if (a->r[k] != b->r[k])
            g_string_append_printf(d, " %s %08x/%08x", names[k], a->r[k], b->r[k]);
    ww_test_fail_at(__FILE__, __LINE__, "%s, slice %" G_GUINT64_FORMAT ": fast eip %08x cycles %"
                    G_GUINT64_FORMAT " stop %d, slow eip %08x cycles %" G_GUINT64_FORMAT
                    " stop %d; eflags %08x/%08x;%s", what, slice, a->eip, a->cpu.cycles,
                    a->cpu.stop, b->eip, b->cpu.cycles, b->cpu.stop, a->eflags, b->eflags,
                    d->str);
}

static uint64_t run_cpu(x86_cpu *c, uint64_t budget)
{
    c->cpu.exit_request = 0;
    c->cpu.stop = WW_STOP_NONE;
    return ww_cpu_ops_of(&c->cpu)->run(&c->cpu, budget);
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
    int fd = g_file_open_tmp("ww-x86-lockstep-XXXXXX", &path, NULL);
    WW_CHECK(fd >= 0);
    unlink(path);
    g_free(path);
    return fd;
}

typedef struct {
    char *name;
} prog_case;

static void run_prog_case(void *data)
{
    const prog_case *pc = data;
    char *elf = g_strdup_printf("%s/tests/cpu/x86/progs/%s.elf", ww_test_build_dir(), pc->name);
    if (!g_file_test(elf, G_FILE_TEST_EXISTS))
        ww_test_skip("%s not built (i686-linux-gnu-gcc missing?)", elf);
    GError *err = NULL;
    int fda = tmp_fd(), fdb = tmp_fd();
    ww_user_opts oa = { .out_fd = fda, .err_fd = fda, .engine = "interp" };
    ww_user_opts ob = { .out_fd = fdb, .err_fd = fdb, .engine = "interp-slow" };
    char *argv[] = { elf, NULL };
    ww_user_session *sa = ww_user_open(elf, 1, argv, &oa, &err);
    WW_CHECK_NOERR(sa, err);
    ww_user_session *sb = ww_user_open(elf, 1, argv, &ob, &err);
    WW_CHECK_NOERR(sb, err);
    x86_cpu *a = (x86_cpu *)ww_user_cpu(sa), *b = (x86_cpu *)ww_user_cpu(sb);
    WW_CHECK_EQ(a->engine, X86_ENGINE_INTERP);
    WW_CHECK_EQ(b->engine, X86_ENGINE_INTERP_SLOW);
    uint64_t slice = 0;
    uint32_t seed = 12345;
    while (!ww_user_exited(sa) && a->cpu.cycles < LOCKSTEP_MAX) {
        seed = seed * 1103515245u + 12345u;
        uint64_t len = 1 + ((seed >> 16) & 4095);
        uint64_t n = run_cpu(a, len);
        /* a stop at the budget's edge: the reference gets one cycle more */
        WW_CHECK_EQ(run_cpu(b, a->cpu.stop != WW_STOP_NONE ? n + 1 : n), n);
        if (!same_regs(a, b))
            explain(pc->name, slice, a, b);
        if (a->cpu.stop != WW_STOP_NONE) {
            WW_CHECK_NOERR(ww_user_handle_stop(sa, &err), err);
            WW_CHECK_NOERR(ww_user_handle_stop(sb, &err), err);
            WW_CHECK_EQ(ww_user_exited(sa), ww_user_exited(sb));
        }
        slice++;
    }
    WW_CHECK_MSG(same_memory(sa, sb), "%s: memory differs after %" G_GUINT64_FORMAT " instructions",
                 pc->name, a->cpu.cycles);
    ww_test_log("%s: %" G_GUINT64_FORMAT " slices, %" G_GUINT64_FORMAT " instructions%s", pc->name,
                slice, a->cpu.cycles, ww_user_exited(sa) ? ", to the end" : "");
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

WW_TEST_GEN(gen_x86_lockstep)
{
    GDir *d = g_dir_open("tests/cpu/x86/progs", 0, NULL);
    if (!d)
        return;
    const char *f;
    GPtrArray *names = g_ptr_array_new();
    while ((f = g_dir_read_name(d)))
        if (g_str_has_suffix(f, ".c"))
            g_ptr_array_add(names, g_strndup(f, strlen(f) - 2));
    g_dir_close(d);
    g_ptr_array_sort(names, (GCompareFunc)(void *)g_strcmp0);
    for (unsigned i = 0; i < names->len; i++) {
        prog_case *pc = g_new0(prog_case, 1);
        pc->name = names->pdata[i];
        char *tname = g_strdup_printf("cpu/x86/lockstep/user/%s", pc->name);
        ww_test_register(tname, run_prog_case, pc, 300);
        g_free(tname);
    }
    g_ptr_array_free(names, TRUE);
}
