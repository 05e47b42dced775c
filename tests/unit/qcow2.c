/* tests/unit/qcow2.c — the block layer (core/media.h, core/qcow2.c) against
 * the reference tool: images made by `qemu-img create/convert` and `qemu-io`
 * (Debian's qemu-utils) are read and written here, and everything written
 * must pass `qemu-img check` and read back the same through
 * `qemu-img convert -O raw`. Skipped when qemu-img is not installed. */
#include "tests/harness.h"
#include "core/media.h"
#include <fcntl.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct {
    char *dir;
} tmpdir;

static void need_qemu_img(void)
{
    char *p = g_find_program_in_path("qemu-img");
    if (!p)
        ww_test_skip("qemu-img is not installed (Debian package qemu-utils)");
    g_free(p);
}

static void td_init(tmpdir *t)
{
    need_qemu_img();
    t->dir = g_dir_make_tmp("wwqcow2-XXXXXX", NULL);
    WW_CHECK(t->dir);
}

static void td_free(tmpdir *t)
{
    char *cmd = g_strdup_printf("rm -rf '%s'", t->dir);
    WW_CHECK(system(cmd) == 0);
    g_free(cmd);
    g_free(t->dir);
}

static char *path_in(tmpdir *t, const char *name) { return g_build_filename(t->dir, name, NULL); }

/* Run a shell command in the directory; returns its exit status, output in *out. */
static int sh(tmpdir *t, char **out, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
static int sh(tmpdir *t, char **out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *cmd = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    char *full = g_strdup_printf("cd '%s' && %s 2>&1", t->dir, cmd);
    char *argv[] = { "/bin/sh", "-c", full, NULL };
    char *o = NULL;
    int status = -1;
    GError *e = NULL;
    if (!g_spawn_sync(NULL, argv, NULL, 0, NULL, NULL, &o, NULL, &status, &e))
        ww_test_fail_at(__FILE__, __LINE__, "spawn %s: %s", cmd, e->message);
    ww_test_log("$ %s\n%s", cmd, o);
    int rc = g_spawn_check_wait_status(status, NULL) ? 0 : (WIFEXITED(status) ? WEXITSTATUS(status) : 128);
    if (out)
        *out = o;
    else
        g_free(o);
    g_free(cmd);
    g_free(full);
    return rc;
}

static void check_clean(tmpdir *t, const char *img)
{
    char *o;
    int rc = sh(t, &o, "qemu-img check %s", img);
    WW_CHECK_MSG(rc == 0, "qemu-img check %s: exit %d:\n%s", img, rc, o);
    g_free(o);
}

static uint8_t *read_file(const char *path, size_t *len)
{
    gchar *c = NULL;
    gsize n = 0;
    WW_CHECK(g_file_get_contents(path, &c, &n, NULL));
    *len = n;
    return (uint8_t *)c;
}

/* qemu-img's view of the image's content equals `want` (size bytes). */
static void check_content(tmpdir *t, const char *img, const uint8_t *want, size_t size)
{
    WW_CHECK(sh(t, NULL, "rm -f out.raw && qemu-img convert -O raw %s out.raw", img) == 0);
    char *p = path_in(t, "out.raw");
    size_t n;
    uint8_t *got = read_file(p, &n);
    WW_CHECK_EQ(n, size);
    for (size_t i = 0; i < size; i++)
        if (got[i] != want[i])
            ww_test_fail_at(__FILE__, __LINE__, "%s: byte %zu is 0x%02x, expected 0x%02x", img,
                            i, got[i], want[i]);
    g_free(got);
    g_free(p);
}

static void fill(uint8_t *b, size_t n, uint64_t seed)
{
    for (size_t i = 0; i < n; i++) {
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        b[i] = (uint8_t)(seed >> 56);
    }
}

/* Writes of awkward shapes: unaligned, across clusters, overwrites, the end. */
static void exercise(ww_disk *d, uint8_t *model, uint64_t size, uint64_t seed)
{
    GError *err = NULL;
    static const struct { uint64_t off, len; } w[] = {
        { 0, 512 }, { 4096, 65536 }, { 65536 - 100, 300 }, { 1 << 20, 3 << 16 },
        { (1 << 20) + 7, 1000 }, { 5 << 20, 128 << 10 }, { 100, 20 },
    };
    uint8_t *buf = g_malloc(256 << 10);
    for (unsigned i = 0; i < G_N_ELEMENTS(w); i++) {
        uint64_t off = w[i].off, len = w[i].len;
        if (off + len > size)
            continue;
        fill(buf, len, seed + i);
        WW_CHECK_NOERR(ww_disk_write(d, off, buf, len, &err), err);
        memcpy(model + off, buf, len);
    }
    fill(buf, 4096, seed + 99);
    WW_CHECK_NOERR(ww_disk_write(d, size - 4096, buf, 4096, &err), err);
    memcpy(model + size - 4096, buf, 4096);
    WW_CHECK_NOERR(ww_disk_flush(d, &err), err);
    /* Read back through our own reader too, in odd pieces. */
    for (uint64_t off = 0; off < size; off += 200000) {
        size_t n = (size_t)MIN((uint64_t)(256 << 10), size - off);
        WW_CHECK_NOERR(ww_disk_read(d, off, buf, n, &err), err);
        WW_CHECK(memcmp(buf, model + off, n) == 0);
    }
    g_free(buf);
}

static ww_disk *open_img(tmpdir *t, const char *name, const char *opts)
{
    GError *err = NULL;
    char *p = path_in(t, name);
    char *spec = g_strdup_printf("%s%s", p, opts ? opts : "");
    ww_disk *d = ww_media_open_spec(spec, &err);
    WW_CHECK_NOERR(d, err);
    g_free(p);
    g_free(spec);
    return d;
}

WW_TEST("unit/qcow2/qemu_img_v3_read_write_check", t_v3)
{
    tmpdir t;
    td_init(&t);
    uint64_t size = 8 << 20;
    WW_CHECK(sh(&t, NULL, "qemu-img create -f qcow2 a.qcow2 8M") == 0);
    uint8_t *model = g_malloc0(size);
    ww_disk *d = open_img(&t, "a.qcow2", NULL);
    WW_CHECK_EQ(d->size, size);
    WW_CHECK(!d->readonly);
    exercise(d, model, size, 1);
    ww_disk_free(d);
    check_clean(&t, "a.qcow2");
    check_content(&t, "a.qcow2", model, size);
    /* Reopen: the data is there; write more over the same clusters (in place). */
    d = open_img(&t, "a.qcow2", ",format=qcow2");
    exercise(d, model, size, 2);
    ww_disk_free(d);
    check_clean(&t, "a.qcow2");
    check_content(&t, "a.qcow2", model, size);
    g_free(model);
    td_free(&t);
}

WW_TEST("unit/qcow2/v2_small_clusters_grow_refcount_table", t_v2small)
{
    tmpdir t;
    td_init(&t);
    /* 512-byte clusters: one refcount block covers 128 KiB and the first
     * refcount table 8 MiB of host file, so 12 MiB of data grows both. */
    uint64_t size = 12 << 20;
    WW_CHECK(sh(&t, NULL, "qemu-img create -f qcow2 -o compat=0.10,cluster_size=512 b.qcow2 12M")
             == 0);
    uint8_t *model = g_malloc0(size);
    ww_disk *d = open_img(&t, "b.qcow2", NULL);
    GError *err = NULL;
    uint8_t *buf = g_malloc(1 << 20);
    for (uint64_t off = 0; off < size; off += 1 << 20) {
        fill(buf, 1 << 20, off);
        WW_CHECK_NOERR(ww_disk_write(d, off, buf, 1 << 20, &err), err);
        memcpy(model + off, buf, 1 << 20);
    }
    exercise(d, model, size, 3);
    ww_disk_free(d);
    g_free(buf);
    check_clean(&t, "b.qcow2");
    check_content(&t, "b.qcow2", model, size);
    g_free(model);
    td_free(&t);
}

WW_TEST("unit/qcow2/refcount_widths", t_widths)
{
    tmpdir t;
    td_init(&t);
    static const unsigned bits[] = { 1, 2, 4, 8, 32, 64 };
    uint64_t size = 6 << 20;
    for (unsigned i = 0; i < G_N_ELEMENTS(bits); i++) {
        WW_CHECK(sh(&t, NULL, "rm -f c.qcow2 && qemu-img create -f qcow2 -o "
                    "refcount_bits=%u,cluster_size=4096 c.qcow2 6M", bits[i]) == 0);
        uint8_t *model = g_malloc0(size);
        ww_disk *d = open_img(&t, "c.qcow2", NULL);
        exercise(d, model, size, 10 + i);
        ww_disk_free(d);
        check_clean(&t, "c.qcow2");
        check_content(&t, "c.qcow2", model, size);
        g_free(model);
    }
    td_free(&t);
}

WW_TEST("unit/qcow2/backing_compressed_zero", t_backing)
{
    tmpdir t;
    td_init(&t);
    uint64_t size = 4 << 20;
    uint8_t *base = g_malloc(size);
    fill(base, size, 42);
    memset(base + (1 << 20), 0, 1 << 20);   /* a stretch of zeros compresses away */
    char *bp = path_in(&t, "base.raw");
    WW_CHECK(g_file_set_contents(bp, (char *)base, (gssize)size, NULL));
    WW_CHECK(sh(&t, NULL, "qemu-img create -f qcow2 -b base.raw -F raw top.qcow2") == 0);
    uint8_t *model = g_memdup2(base, size);
    ww_disk *d = open_img(&t, "top.qcow2", NULL);
    exercise(d, model, size, 20);   /* partial clusters copy the rest from the backing file */
    ww_disk_free(d);
    check_clean(&t, "top.qcow2");
    check_content(&t, "top.qcow2", model, size);
    size_t n;
    uint8_t *after = read_file(bp, &n);
    WW_CHECK(n == size && memcmp(after, base, size) == 0);   /* the base is never written */
    g_free(after);
    /* A compressed copy: read, then written over (the clusters are copied out). */
    WW_CHECK(sh(&t, NULL, "qemu-img convert -c -O qcow2 base.raw z.qcow2") == 0);
    d = open_img(&t, "z.qcow2", NULL);
    uint8_t *got = g_malloc(size);
    GError *err = NULL;
    WW_CHECK_NOERR(ww_disk_read(d, 0, got, size, &err), err);
    WW_CHECK(memcmp(got, base, size) == 0);
    memcpy(model, base, size);
    exercise(d, model, size, 21);
    ww_disk_free(d);
    check_clean(&t, "z.qcow2");
    check_content(&t, "z.qcow2", model, size);
    /* Zero clusters (version 3), with and without preallocated space. */
    WW_CHECK(sh(&t, NULL, "qemu-img convert -O qcow2 base.raw zc.qcow2 && "
                "qemu-io -c 'write -z 0 1M' -c 'write -z -u 2M 512k' zc.qcow2") == 0);
    memcpy(model, base, size);
    memset(model, 0, 1 << 20);
    memset(model + (2 << 20), 0, 512 << 10);
    d = open_img(&t, "zc.qcow2", NULL);
    WW_CHECK_NOERR(ww_disk_read(d, 0, got, size, &err), err);
    WW_CHECK(memcmp(got, model, size) == 0);
    exercise(d, model, size, 22);
    ww_disk_free(d);
    check_clean(&t, "zc.qcow2");
    check_content(&t, "zc.qcow2", model, size);
    g_free(got);
    g_free(model);
    g_free(base);
    g_free(bp);
    td_free(&t);
}

static char *sha256_of(const char *path)
{
    size_t n;
    uint8_t *b = read_file(path, &n);
    char *h = g_compute_checksum_for_data(G_CHECKSUM_SHA256, b, n);
    g_free(b);
    return h;
}

WW_TEST("unit/qcow2/snapshot_leaves_image_untouched", t_snapshot)
{
    tmpdir t;
    td_init(&t);
    WW_CHECK(sh(&t, NULL, "qemu-img create -f qcow2 s.qcow2 4M && "
                "qemu-io -c 'write -P 0x5a 0 1M' s.qcow2 && qemu-img create -f raw r.raw 4M")
             == 0);
    static const char *const imgs[] = { "s.qcow2", "r.raw" };
    for (unsigned i = 0; i < 2; i++) {
        char *p = path_in(&t, imgs[i]);
        char *before = sha256_of(p);
        uint64_t size = 4 << 20;
        uint8_t *model = g_malloc0(size);
        GError *err = NULL;
        ww_disk *d = open_img(&t, imgs[i], ",snapshot=on");
        WW_CHECK_NOERR(ww_disk_read(d, 0, model, size, &err), err);
        exercise(d, model, size, 30 + i);
        ww_disk_free(d);
        char *after = sha256_of(p);
        WW_CHECK_STR(after, before);
        g_free(before);
        g_free(after);
        g_free(model);
        g_free(p);
    }
    td_free(&t);
}

WW_TEST("unit/qcow2/our_format_passes_check", t_format)
{
    tmpdir t;
    td_init(&t);
    char *p = path_in(&t, "new.qcow2");
    int fd = open(p, O_RDWR | O_CREAT | O_TRUNC, 0644);
    WW_CHECK(fd >= 0);
    GError *err = NULL;
    uint64_t size = 16 << 20;
    WW_CHECK_NOERR(ww_qcow2_format_fd(fd, size, 16, NULL, &err), err);
    close(fd);
    check_clean(&t, "new.qcow2");
    uint8_t *model = g_malloc0(size);
    ww_disk *d = open_img(&t, "new.qcow2", NULL);
    exercise(d, model, size, 40);
    ww_disk_free(d);
    check_clean(&t, "new.qcow2");
    check_content(&t, "new.qcow2", model, size);
    g_free(model);
    g_free(p);
    td_free(&t);
}

/* A hostile header field: patch a big-endian field of a fresh image. */
static void patch(tmpdir *t, const char *img, unsigned off, unsigned width, uint64_t v)
{
    char *p = path_in(t, img);
    int fd = open(p, O_RDWR);
    WW_CHECK(fd >= 0);
    uint8_t b[8];
    for (unsigned i = 0; i < width; i++)
        b[i] = (uint8_t)(v >> (8 * (width - 1 - i)));
    WW_CHECK(pwrite(fd, b, width, off) == (ssize_t)width);
    close(fd);
    g_free(p);
}

static void expect_refused(tmpdir *t, const char *spec, const char *substr)
{
    GError *err = NULL;
    char *p = path_in(t, spec);
    WW_CHECK_ERR(ww_media_open_spec(p, &err), err, substr);
    g_free(p);
}

WW_TEST("unit/qcow2/hostile_images", t_hostile)
{
    tmpdir t;
    td_init(&t);
    const char *mk = "rm -f h.qcow2 && qemu-img create -f qcow2 h.qcow2 64M >/dev/null";
    WW_CHECK(sh(&t, NULL, "%s", mk) == 0);
    patch(&t, "h.qcow2", 36, 4, 0x7fffffff);          /* l1_size */
    expect_refused(&t, "h.qcow2", "L1 table");
    WW_CHECK(sh(&t, NULL, "%s", mk) == 0);
    patch(&t, "h.qcow2", 36, 4, 0);                   /* l1_size too small for 64 MiB */
    expect_refused(&t, "h.qcow2", "too small");
    WW_CHECK(sh(&t, NULL, "%s", mk) == 0);
    patch(&t, "h.qcow2", 20, 4, 40);                  /* cluster_bits */
    expect_refused(&t, "h.qcow2", "cluster_bits");
    WW_CHECK(sh(&t, NULL, "%s", mk) == 0);
    patch(&t, "h.qcow2", 56, 4, 0x10000000);          /* refcount_table_clusters */
    expect_refused(&t, "h.qcow2", "refcount table");
    WW_CHECK(sh(&t, NULL, "%s", mk) == 0);
    patch(&t, "h.qcow2", 40, 8, 0x7ffffff0000ull);    /* l1_table_offset beyond the file */
    expect_refused(&t, "h.qcow2", "beyond the end");
    WW_CHECK(sh(&t, NULL, "%s", mk) == 0);
    patch(&t, "h.qcow2", 96, 4, 9);                   /* refcount_order */
    expect_refused(&t, "h.qcow2", "refcount_order");
    WW_CHECK(sh(&t, NULL, "%s", mk) == 0);
    patch(&t, "h.qcow2", 72, 8, 1u << 4);             /* extended L2 entries */
    expect_refused(&t, "h.qcow2", "unsupported");
    WW_CHECK(sh(&t, NULL, "%s && truncate -s 100 h.qcow2", mk) == 0);
    expect_refused(&t, "h.qcow2", "corrupt qcow2");   /* truncated */
    /* The L1 table points at the header: refused for writing, readable. */
    WW_CHECK(sh(&t, NULL, "%s && qemu-io -c 'write -P 1 0 64k' h.qcow2 >/dev/null", mk) == 0);
    patch(&t, "h.qcow2", 0x30000, 8, 0x8000000000000000ull | 0);
    {
        GError *err = NULL;
        char *p = path_in(&t, "h.qcow2");
        ww_disk *d = ww_media_open_spec(p, &err);
        WW_CHECK_NOERR(d, err);   /* L1 entry with offset 0 = unallocated */
        ww_disk_free(d);
        g_free(p);
    }
    /* Backing files: a loop, a path outside the directory, a missing one. */
    WW_CHECK(sh(&t, NULL, "qemu-img create -f qcow2 l1.qcow2 1M && "
                "qemu-img create -f qcow2 -F qcow2 -b l1.qcow2 l2.qcow2 && "
                "qemu-img rebase -u -F qcow2 -b l2.qcow2 l1.qcow2") == 0);
    expect_refused(&t, "l2.qcow2", "loop");
    WW_CHECK(sh(&t, NULL, "qemu-img create -f qcow2 -F raw -b /etc/passwd -u o.qcow2 1M") == 0);
    expect_refused(&t, "o.qcow2", "outside the image's directory");
    WW_CHECK(sh(&t, NULL, "mkdir -p sub && qemu-img create -f raw up.raw 1M && "
                "qemu-img create -f qcow2 -F raw -b ../up.raw -u sub/o2.qcow2 1M") == 0);
    expect_refused(&t, "sub/o2.qcow2", "outside the image's directory");
    WW_CHECK(sh(&t, NULL, "ln -s /etc/passwd sub/link.raw && "
                "qemu-img create -f qcow2 -F raw -b link.raw -u sub/o3.qcow2 1M") == 0);
    expect_refused(&t, "sub/o3.qcow2", "outside the image's directory");
    WW_CHECK(sh(&t, NULL, "qemu-img create -f qcow2 -F raw -b nothere.raw -u m.qcow2 1M") == 0);
    expect_refused(&t, "m.qcow2", "nothere.raw");
    /* Options. */
    GError *err = NULL;
    WW_CHECK_ERR(ww_media_open_spec("x.img,format=vmdk", &err), err, "expected raw, qcow2");
    WW_CHECK_ERR(ww_media_open_spec("x.img,snapshoot=on", &err), err, "did you mean 'snapshot'");
    WW_CHECK_ERR(ww_media_open_spec(",format=raw", &err), err, "no image path");
    char *path;
    ww_media_opts o;
    WW_CHECK_NOERR(ww_media_parse_spec("a,,b.img,format=qcow2,snapshot=on", &path, &o, &err), err);
    WW_CHECK_STR(path, "a,b.img");
    WW_CHECK(o.format == WW_FORMAT_QCOW2 && o.snapshot && !o.readonly);
    g_free(path);
    td_free(&t);
}

WW_TEST("unit/qcow2/readonly_file_is_readonly_disk", t_ro)
{
    tmpdir t;
    td_init(&t);
    if (geteuid() == 0) {
        /* root ignores file modes: use readonly=on, which must behave the same */
        WW_CHECK(sh(&t, NULL, "qemu-img create -f qcow2 ro.qcow2 1M") == 0);
        ww_disk *d = open_img(&t, "ro.qcow2", ",readonly=on");
        WW_CHECK(d->readonly);
        GError *err = NULL;
        uint8_t b[512] = { 1 };
        WW_CHECK_ERR(ww_disk_write(d, 0, b, sizeof b, &err), err, "read-only");
        ww_disk_free(d);
    } else {
        WW_CHECK(sh(&t, NULL, "qemu-img create -f qcow2 ro.qcow2 1M && chmod 444 ro.qcow2") == 0);
        ww_disk *d = open_img(&t, "ro.qcow2", NULL);
        WW_CHECK(d->readonly);
        ww_disk_free(d);
    }
    td_free(&t);
}
