/* tests/unit/snapshot.c — machine state files on a machine that really runs:
 * machines/test/ppc-bare and m68k-bare (project-written firmware printing on a
 * 16550, the decrementer / timers armed). Determinism: a run saved at T and
 * continued to T+D, and a fresh machine loaded from the save and run to T+D,
 * end in identical states and identical serial output. Damaged files are
 * refused and change nothing. */
#include "tests/harness.h"
#include "core/mdl.h"
#include "core/snapshot.h"
#include <glib/gstdio.h>

typedef struct {
    ww_machine *m;
    ww_chardev *cd;
} rig;

static bool load(rig *r, const char *machine, GError **err)
{
    r->cd = ww_chardev_new_buffer();
    ww_mdl_opts opts = { .serial = r->cd };
    r->m = ww_mdl_load(machine, NULL, &opts, err);
    return r->m != NULL;
}

static void rig_free(rig *r)
{
    ww_machine_free(r->m);
    ww_chardev_free(r->cd);
}

/* Everything but the header: chips, memory, timers. */
static GByteArray *state_of(ww_machine *m)
{
    GError *err = NULL;
    GByteArray *b = ww_snapshot_build(m, &err);
    WW_CHECK_NOERR(b, err);
    return b;
}

static bool same(GByteArray *a, GByteArray *b)
{
    return a->len == b->len && !memcmp(a->data, b->data, a->len);
}

static void determinism(const char *machine, ww_time t, ww_time d)
{
    GError *err = NULL;
    rig a, b;
    if (!load(&a, machine, &err)) {
        ww_test_skip("%s: %s", machine, err->message);
    }
    ww_machine_run_until(a.m, t);
    ww_time saved_at = ww_sched_now(ww_machine_sched(a.m));
    GByteArray *saved = state_of(a.m);
    size_t out_at_t = a.cd->captured->len;
    ww_machine_run_until(a.m, t + d);
    WW_CHECK_NOERR(load(&b, machine, &err), err);
    WW_CHECK_NOERR(ww_snapshot_restore(b.m, saved->data, saved->len, &err), err);
    WW_CHECK_EQ(ww_sched_now(ww_machine_sched(b.m)), saved_at);
    ww_machine_run_until(b.m, t + d);
    GByteArray *sa = state_of(a.m), *sb = state_of(b.m);
    WW_CHECK_MSG(same(sa, sb), "%s: the resumed run differs from the uninterrupted one", machine);
    /* What the resumed machine printed after T is what the first printed. */
    WW_CHECK_STR(b.cd->captured->str, a.cd->captured->str + out_at_t);
    WW_CHECK(a.cd->captured->len > out_at_t || out_at_t > 0);
    g_byte_array_free(sa, TRUE);
    g_byte_array_free(sb, TRUE);
    g_byte_array_free(saved, TRUE);
    rig_free(&a);
    rig_free(&b);
}

WW_TEST("unit/snapshot/determinism_ppc", t_det_ppc)
{
    determinism("test/ppc-bare", 200000, 800000);   /* 0.2 ms in, 0.8 ms more */
}

WW_TEST("unit/snapshot/determinism_m68k", t_det_m68k)
{
    determinism("test/m68k-bare", 1000000, 4000000);
}

WW_TEST("unit/snapshot/file_roundtrip_and_damage", t_damage)
{
    GError *err = NULL;
    rig a;
    if (!load(&a, "test/ppc-bare", &err))
        ww_test_skip("test/ppc-bare: %s", err->message);
    ww_machine_run_until(a.m, 300000);
    char *dir = g_dir_make_tmp("ww-snap-XXXXXX", NULL);
    char *path = g_build_filename(dir, "state.wws", NULL);
    WW_CHECK_NOERR(ww_snapshot_save(a.m, path, &err), err);
    gchar *file;
    gsize len;
    WW_CHECK(g_file_get_contents(path, &file, &len, NULL));
    GByteArray *before = state_of(a.m);
    /* A bit flipped anywhere, or the file cut short anywhere: refused, and the
     * machine is unchanged. */
    uint64_t seed = 12345;
    for (int k = 0; k < 40; k++) {
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        size_t at = (size_t)(seed >> 20) % len;
        file[at] ^= (char)(1u << (seed % 8));
        WW_CHECK(!ww_snapshot_restore(a.m, (const uint8_t *)file, len, &err));
        WW_CHECK_MSG(err && (strstr(err->message, "damaged") || strstr(err->message, "magic") ||
                             strstr(err->message, "truncated") || strstr(err->message, "format")),
                     "flip at %zu: %s", at, err ? err->message : "(no error)");
        g_clear_error(&err);
        file[at] ^= (char)(1u << (seed % 8));
        size_t cut = (size_t)(seed >> 8) % len;
        WW_CHECK(!ww_snapshot_restore(a.m, (const uint8_t *)file, cut, &err));
        g_clear_error(&err);
    }
    GByteArray *after = state_of(a.m);
    WW_CHECK(same(before, after));
    /* The intact file loads. */
    WW_CHECK_NOERR(ww_snapshot_load(a.m, path, &err), err);
    /* Another machine's file is refused by name. */
    rig o;
    WW_CHECK_NOERR(load(&o, "test/m68k-bare", &err), err);
    WW_CHECK_ERR(ww_snapshot_load(o.m, path, &err), err, "of machine 'test/ppc-bare'");
    rig_free(&o);
    /* An empty file and a directory are refused. */
    WW_CHECK(g_file_set_contents(path, "", 0, NULL));
    WW_CHECK_ERR(ww_snapshot_load(a.m, path, &err), err, "bad magic");
    WW_CHECK_ERR(ww_snapshot_load(a.m, dir, &err), err, "not a regular file");
    g_byte_array_free(before, TRUE);
    g_byte_array_free(after, TRUE);
    g_free(file);
    g_unlink(path);
    g_rmdir(dir);
    g_free(path);
    g_free(dir);
    rig_free(&a);
}
