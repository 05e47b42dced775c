/* core/qcow2.c — the qcow2 image format, versions 2 and 3, read-write.
 *
 * Source: QEMU's docs/interop/qcow2.txt (the format specification): the
 * header (§"Header", fields and the version 3 additions: feature bits,
 * refcount_order, header_length, compression_type), header extensions
 * (backing file format 0xE2792ACA), host cluster management (the refcount
 * table → refcount blocks, refcount_bits = 1 << refcount_order), cluster
 * mapping (L1 → L2 → data; the COPIED flag bit 63, the compressed flag bit 62,
 * the "all zeros" flag bit 0 of version 3) and the compressed cluster
 * descriptor (x = 62 - (cluster_bits - 8): host offset in bits 0..x-1, the
 * number of additional 512-byte sectors in bits x..61; raw deflate data).
 * Behaviour where the text is silent was checked against what qemu-img
 * (Debian's qemu-utils) writes and accepts: the tests create images with it
 * and run `qemu-img check` on everything this file writes.
 *
 * Crash safety (the order of writes):
 *  - A cluster is allocated by setting its refcount to 1 before anything
 *    points at it; new clusters are taken from the end of the file, a few
 *    at a time (a pool), so a crash leaks at most the unused ones — leaks
 *    are what qcow2 allows. A clean close gives the unused ones back.
 *  - New L2 entries and L1 entries are written back lazily (the L2 cache is
 *    write-back): fdatasync, then the L2 tables, then (fdatasync) the L1
 *    entries of new tables, so every pointer on disk names a cluster whose
 *    data and refcount are already there. A guest flush does this and a
 *    final fdatasync. Writes to clusters already allocated go in place.
 *  - A refcount block or a grown refcount table is written whole and synced
 *    before the refcount table entry or the header points at it; clusters
 *    given back (a compressed cluster copied out, the old refcount table)
 *    are decremented only after the pointers that dropped them are on disk.
 *  After a SIGKILL or power loss the image is consistent; at worst some
 *    clusters leak, and every write the guest flushed reads back.
 *
 * Checks against hostile images: every header field (cluster_bits 9-21,
 * sizes against the file and against QEMU's limits: L1 ≤ 32 MiB, refcount
 * table ≤ 8 MiB), L1/L2/refcount entries (alignment, reserved bits, inside
 * the file), metadata that overlaps metadata, data clusters that point at
 * metadata or past the end of the file (found when an L2 table is first
 * read: the image then refuses writes), compressed sizes, refcount
 * underflow. Writes are refused for images with internal snapshots, a dirty
 * (lazy refcounts) or corrupt flag, or unknown incompatible features.
 *
 * Not supported: encryption, external data files, extended L2 entries, zstd
 * compression (all refused on open), writing compressed clusters, internal
 * snapshots (read-only), lazy refcounts (never set).
 * Tests: tests/unit/qcow2.c; fuzz: tests/fuzz/qcow2.c. */
#include "core/media.h"
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define QCOW_MAGIC 0x514649fbu
#define MIN_CLUSTER_BITS 9
#define MAX_CLUSTER_BITS 21
#define MAX_L1_BYTES (32u << 20)        /* QEMU's QCOW_MAX_L1_SIZE */
#define MAX_REFTABLE_BYTES (8u << 20)   /* QEMU's QCOW_MAX_REFTABLE_SIZE */
#define MAX_IMAGE_SIZE (1ull << 56)
#define MAX_SNAPSHOTS 65536u
#define MAX_BACKING_NAME 1023u

/* Header offsets (big-endian fields). */
enum { H_MAGIC = 0, H_VERSION = 4, H_BACKING_OFF = 8, H_BACKING_SIZE = 16, H_CLUSTER_BITS = 20,
       H_SIZE = 24, H_CRYPT = 32, H_L1_SIZE = 36, H_L1_OFF = 40, H_RT_OFF = 48,
       H_RT_CLUSTERS = 56, H_NB_SNAPSHOTS = 60, H_SNAPSHOTS_OFF = 64, H_V2_LEN = 72,
       H_INCOMPAT = 72, H_COMPAT = 80, H_AUTOCLEAR = 88, H_REFCOUNT_ORDER = 96,
       H_HEADER_LEN = 100, H_COMPRESSION = 104, H_V3_LEN = 104 };
enum { INCOMPAT_DIRTY = 1u << 0, INCOMPAT_CORRUPT = 1u << 1, INCOMPAT_DATA_FILE = 1u << 2,
       INCOMPAT_COMPRESSION = 1u << 3, INCOMPAT_EXTL2 = 1u << 4 };
enum { EXT_END = 0, EXT_BACKING_FORMAT = 0xe2792acau };

#define OFLAG_COPIED     (1ull << 63)
#define OFLAG_COMPRESSED (1ull << 62)
#define OFLAG_ZERO       1ull
#define L1E_OFFSET_MASK  0x00fffffffffffe00ull
#define L2E_OFFSET_MASK  0x00fffffffffffe00ull
#define L1E_RESERVED     (~(L1E_OFFSET_MASK | OFLAG_COPIED))
#define L2E_STD_RESERVED 0x3f000000000001feull
#define REFT_OFFSET_MASK 0xfffffffffffffe00ull

#define L2_CACHE 16
#define RB_CACHE 4
#define POOL_CLUSTERS 32

typedef struct {
    uint64_t off;      /* host offset of the table, 0: free slot */
    uint64_t *t;       /* entries, host order */
    bool dirty;
    uint64_t used;
} l2_slot;

typedef struct {
    uint64_t off;
    uint8_t *b;        /* raw (on-disk) bytes */
    uint64_t used;
} rb_slot;

typedef struct {
    uint64_t first, count;   /* host clusters whose refcount drops by one */
} free_run;

typedef struct qcow2 {
    /* the host file: an fd, or memory (tests, fuzzing) */
    int fd;
    GByteArray *mem;
    bool writable;
    char *name;
    /* header */
    unsigned version, cluster_bits, refcount_order, l2_bits, rb_bits;
    uint64_t cs, size, incompat, autoclear;
    uint32_t header_len, nb_snapshots;
    uint64_t l1_off, rt_off;
    uint32_t l1_size, rt_clusters;
    uint64_t *l1, *rt;
    uint64_t rt_entries;
    uint32_t l1_dirty_lo, l1_dirty_hi;    /* dirty L1 range [lo, hi) */
    unsigned csize_shift;
    uint64_t csize_mask, coffset_mask;
    /* caches */
    l2_slot l2[L2_CACHE];
    rb_slot rb[RB_CACHE];
    uint64_t tick;
    uint8_t *cbuf, *zbuf, *zin;           /* a cluster; the decompressed one; its input */
    uint64_t zbuf_entry;                  /* the L2 entry zbuf holds (0: none) */
    /* allocation */
    uint64_t alloc_base;                  /* clusters in the file at open */
    uint64_t next_alloc;                  /* first cluster never handed out */
    uint64_t pool_next, pool_end;         /* allocated (refcount 1), not yet used */
    GArray *frees;                        /* free_run: after the next metadata write-back */
    GHashTable *meta;                     /* cluster index + 1 of every metadata cluster */
    GHashTable *checked;                  /* L2 tables (offset) whose entries were checked */
    char *bad;                            /* why writes are refused (corrupt image) */
    ww_disk *backing;
    ww_qcow2_stats stats;
} qcow2;

/* ---- byte order ------------------------------------------------------------ */
static uint16_t be16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}
static uint64_t be64(const uint8_t *p) { return (uint64_t)be32(p) << 32 | be32(p + 4); }
static void st16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
static void st32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24); p[1] = (uint8_t)(v >> 16); p[2] = (uint8_t)(v >> 8); p[3] = (uint8_t)v;
}
static void st64(uint8_t *p, uint64_t v) { st32(p, (uint32_t)(v >> 32)); st32(p + 4, (uint32_t)v); }

/* ---- the host file ------------------------------------------------------------ */
static uint64_t file_size(qcow2 *q)
{
    if (q->mem)
        return q->mem->len;
    struct stat st;
    return fstat(q->fd, &st) == 0 ? (uint64_t)st.st_size : 0;
}

/* Read; what lies past the end of the file reads as zeros. */
static bool f_read(qcow2 *q, uint64_t off, void *buf, size_t len, GError **err)
{
    if (q->mem) {
        size_t have = off < q->mem->len ? MIN(len, q->mem->len - (size_t)off) : 0;
        if (have)
            memcpy(buf, q->mem->data + off, have);
        memset((uint8_t *)buf + have, 0, len - have);
        return true;
    }
    for (size_t done = 0; done < len;) {
        ssize_t n = pread(q->fd, (uint8_t *)buf + done, len - done, (off_t)(off + done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            g_set_error(err, WW_ERROR, WW_ERROR_IO, "%s: read: %s", q->name, g_strerror(errno));
            return false;
        }
        if (n == 0) {
            memset((uint8_t *)buf + done, 0, len - done);
            break;
        }
        done += (size_t)n;
    }
    return true;
}

static bool f_write(qcow2 *q, uint64_t off, const void *buf, size_t len, GError **err)
{
    if (!q->writable) {
        g_set_error(err, WW_ERROR, WW_ERROR_UNSUPPORTED, "%s is read-only", q->name);
        return false;
    }
    if (off > MAX_IMAGE_SIZE || len > MAX_IMAGE_SIZE - off) {
        g_set_error(err, WW_ERROR, WW_ERROR_IO, "%s: write beyond the format's limit", q->name);
        return false;
    }
    if (q->mem) {
        if (off + len > q->mem->len) {
            if (off + len > (1u << 30)) {
                g_set_error(err, WW_ERROR, WW_ERROR_IO, "%s: memory image over 1 GiB", q->name);
                return false;
            }
            size_t old = q->mem->len;
            g_byte_array_set_size(q->mem, (guint)(off + len));
            memset(q->mem->data + old, 0, q->mem->len - old);
        }
        memcpy(q->mem->data + off, buf, len);
        return true;
    }
    for (size_t done = 0; done < len;) {
        ssize_t n = pwrite(q->fd, (const uint8_t *)buf + done, len - done, (off_t)(off + done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            g_set_error(err, WW_ERROR, WW_ERROR_IO, "%s: write: %s", q->name,
                        n < 0 ? g_strerror(errno) : "no progress");
            return false;
        }
        done += (size_t)n;
    }
    return true;
}

/* An ordering point: everything written so far is durable. */
static bool f_sync(qcow2 *q, GError **err)
{
    q->stats.syncs++;
    if (q->mem)
        return true;
    if (fdatasync(q->fd) != 0) {
        g_set_error(err, WW_ERROR, WW_ERROR_IO, "%s: fdatasync: %s", q->name, g_strerror(errno));
        return false;
    }
    return true;
}

static bool corrupt(qcow2 *q, GError **err, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
static bool corrupt(qcow2 *q, GError **err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *m = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "%s: corrupt qcow2 image: %s", q->name, m);
    g_free(m);
    return false;
}

/* Refuse writes from now on (reads go on); keeps the first reason. */
static void mark_bad(qcow2 *q, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static void mark_bad(qcow2 *q, const char *fmt, ...)
{
    if (q->bad)
        return;
    va_list ap;
    va_start(ap, fmt);
    q->bad = g_strdup_vprintf(fmt, ap);
    va_end(ap);
}

/* ---- metadata clusters ----------------------------------------------------------- */
static bool is_meta(qcow2 *q, uint64_t cl)
{
    return g_hash_table_contains(q->meta, GSIZE_TO_POINTER((gsize)cl + 1));
}

/* Mark n clusters from `off` as metadata; false if one already was. */
static bool add_meta(qcow2 *q, uint64_t off, uint64_t n)
{
    bool fresh = true;
    for (uint64_t c = off >> q->cluster_bits, i = 0; i < n; i++, c++)
        fresh &= g_hash_table_add(q->meta, GSIZE_TO_POINTER((gsize)c + 1));
    return fresh;
}

static void del_meta(qcow2 *q, uint64_t off, uint64_t n)
{
    for (uint64_t c = off >> q->cluster_bits, i = 0; i < n; i++, c++)
        g_hash_table_remove(q->meta, GSIZE_TO_POINTER((gsize)c + 1));
}

/* ---- refcounts -------------------------------------------------------------------- */
static uint8_t *rb_load(qcow2 *q, uint64_t off, GError **err)
{
    rb_slot *victim = &q->rb[0];
    for (unsigned i = 0; i < RB_CACHE; i++) {
        if (q->rb[i].off == off && q->rb[i].b) {
            q->rb[i].used = ++q->tick;
            return q->rb[i].b;
        }
        if (q->rb[i].used < victim->used)
            victim = &q->rb[i];
    }
    if (!victim->b)
        victim->b = g_malloc(q->cs);
    victim->off = 0;
    if (!f_read(q, off, victim->b, q->cs, err))
        return NULL;
    victim->off = off;
    victim->used = ++q->tick;
    return victim->b;
}

static void rb_forget(qcow2 *q, uint64_t off)
{
    for (unsigned i = 0; i < RB_CACHE; i++)
        if (q->rb[i].off == off)
            q->rb[i].off = 0;
}

static uint64_t rb_get(qcow2 *q, const uint8_t *b, uint64_t i)
{
    unsigned bits = 1u << q->refcount_order;
    if (bits < 8)
        return (uint64_t)(b[i * bits / 8] >> (i * bits % 8)) & ((1u << bits) - 1);
    switch (bits) {
    case 8:  return b[i];
    case 16: return be16(b + 2 * i);
    case 32: return be32(b + 4 * i);
    default: return be64(b + 8 * i);
    }
}

/* Set entry i; returns the byte offset and length within the block that changed. */
static void rb_put(qcow2 *q, uint8_t *b, uint64_t i, uint64_t v, size_t *at, size_t *len)
{
    unsigned bits = 1u << q->refcount_order;
    if (bits < 8) {
        size_t k = (size_t)(i * bits / 8);
        unsigned sh = (unsigned)(i * bits % 8);
        uint8_t m = (uint8_t)(((1u << bits) - 1) << sh);
        b[k] = (uint8_t)((b[k] & ~m) | ((v << sh) & m));
        *at = k;
        *len = 1;
        return;
    }
    *at = (size_t)(i * bits / 8);
    *len = bits / 8;
    switch (bits) {
    case 8:  b[i] = (uint8_t)v; break;
    case 16: st16(b + 2 * i, (uint16_t)v); break;
    case 32: st32(b + 4 * i, (uint32_t)v); break;
    default: st64(b + 8 * i, v); break;
    }
}

static uint64_t rc_max(qcow2 *q)
{
    return q->refcount_order >= 6 ? UINT64_MAX : (1ull << (1u << q->refcount_order)) - 1;
}

static bool rc_get(qcow2 *q, uint64_t cl, uint64_t *v, GError **err)
{
    uint64_t rti = cl >> q->rb_bits;
    *v = 0;
    if (rti >= q->rt_entries || !(q->rt[rti] & REFT_OFFSET_MASK))
        return true;
    uint8_t *b = rb_load(q, q->rt[rti] & REFT_OFFSET_MASK, err);
    if (!b)
        return false;
    *v = rb_get(q, b, cl & ((1ull << q->rb_bits) - 1));
    return true;
}

/* Set the refcounts of clusters [first, first + n) (their blocks exist). */
static bool rc_set_range(qcow2 *q, uint64_t first, uint64_t n, uint64_t v, GError **err)
{
    uint64_t per = 1ull << q->rb_bits;
    if (v > rc_max(q))
        return corrupt(q, err, "refcount %" G_GUINT64_FORMAT " overflows", v);
    while (n) {
        uint64_t rti = first >> q->rb_bits, idx = first & (per - 1);
        uint64_t k = MIN(n, per - idx);
        uint64_t boff = rti < q->rt_entries ? q->rt[rti] & REFT_OFFSET_MASK : 0;
        if (!boff)
            return corrupt(q, err, "no refcount block for cluster %" G_GUINT64_FORMAT, first);
        uint8_t *b = rb_load(q, boff, err);
        if (!b)
            return false;
        size_t lo = SIZE_MAX, hi = 0, at, len;
        for (uint64_t i = 0; i < k; i++) {
            rb_put(q, b, idx + i, v, &at, &len);
            lo = MIN(lo, at);
            hi = MAX(hi, at + len);
        }
        if (!f_write(q, boff + lo, b + lo, hi - lo, err)) {
            rb_forget(q, boff);
            return false;
        }
        first += k;
        n -= k;
    }
    return true;
}

/* Grow the refcount table so that index `need` exists: the new table and the
 * refcount blocks that describe it go at the end of the file, are synced,
 * and then one header write switches to them; the old table is given back. */
static bool grow_reftable(qcow2 *q, uint64_t need, GError **err)
{
    uint64_t per_cl = q->cs / 8;
    uint64_t entries = MAX(q->rt_entries * 2, need + 1);
    entries = (entries + per_cl - 1) / per_cl * per_cl;
    if (entries * 8 > MAX_REFTABLE_BYTES)
        return corrupt(q, err, "the refcount table would exceed %u MiB", MAX_REFTABLE_BYTES >> 20);
    uint64_t tcl = entries / per_cl, T = q->next_alloc;
    /* Blocks needed for the clusters of the table and of the blocks themselves. */
    uint64_t nb = 0;
    for (;;) {
        uint64_t end = T + tcl + nb, want = 0;
        for (uint64_t r = T >> q->rb_bits; r <= (end - 1) >> q->rb_bits; r++)
            if (r >= q->rt_entries || !(q->rt[r] & REFT_OFFSET_MASK))
                want++;
        if (want <= nb)
            break;
        nb = want;
    }
    uint64_t end = T + tcl + nb;
    uint64_t *nrt = g_new0(uint64_t, entries);
    memcpy(nrt, q->rt, q->rt_entries * 8);
    uint64_t first_r = T >> q->rb_bits, last_r = (end - 1) >> q->rb_bits;
    uint64_t nr = last_r - first_r + 1;
    uint8_t **blocks = g_new0(uint8_t *, nr);
    uint64_t j = 0;
    for (uint64_t r = first_r; r <= last_r; r++)
        if (r >= q->rt_entries || !(q->rt[r] & REFT_OFFSET_MASK)) {
            nrt[r] = (T + tcl + j++) << q->cluster_bits;
            blocks[r - first_r] = g_malloc0(q->cs);
        }
    bool ok = true;
    for (uint64_t c = T; ok && c < end; c++) {
        uint64_t r = c >> q->rb_bits;
        size_t at, len;
        if (blocks[r - first_r])
            rb_put(q, blocks[r - first_r], c & ((1ull << q->rb_bits) - 1), 1, &at, &len);
        else
            ok = rc_set_range(q, c, 1, 1, err);
    }
    for (uint64_t r = first_r; ok && r <= last_r; r++)
        if (blocks[r - first_r])
            ok = f_write(q, nrt[r], blocks[r - first_r], q->cs, err);
    uint8_t *raw = g_malloc(entries * 8);
    for (uint64_t i = 0; i < entries; i++)
        st64(raw + 8 * i, nrt[i]);
    ok = ok && f_write(q, T << q->cluster_bits, raw, entries * 8, err) && f_sync(q, err);
    g_free(raw);
    if (ok) {
        uint8_t h[12];
        st64(h, T << q->cluster_bits);
        st32(h + 8, (uint32_t)tcl);
        ok = f_write(q, H_RT_OFF, h, sizeof h, err) && f_sync(q, err);
    }
    for (uint64_t r = 0; r < nr; r++)
        g_free(blocks[r]);
    g_free(blocks);
    if (!ok) {
        g_free(nrt);
        return false;
    }
    uint64_t old_off = q->rt_off, old_cl = q->rt_clusters;
    for (uint64_t r = first_r; r <= last_r; r++)
        if (r >= q->rt_entries || !(q->rt[r] & REFT_OFFSET_MASK))
            add_meta(q, nrt[r] & REFT_OFFSET_MASK, 1);
    g_free(q->rt);
    q->rt = nrt;
    q->rt_entries = entries;
    q->rt_off = T << q->cluster_bits;
    q->rt_clusters = (uint32_t)tcl;
    q->next_alloc = end;
    add_meta(q, q->rt_off, tcl);
    del_meta(q, old_off, old_cl);
    /* The header names the new table: the old one can go (a crash before
     * this leaks it). */
    return rc_set_range(q, old_off >> q->cluster_bits, old_cl, 0, err);
}

/* A refcount block for table index rti, placed at next_alloc (which lies in
 * range rti or in one that already has its block). */
static bool new_refblock(qcow2 *q, uint64_t rti, GError **err)
{
    uint64_t B = q->next_alloc;
    uint8_t *b = g_malloc0(q->cs);
    bool ok = true;
    if (B >> q->rb_bits == rti) {
        size_t at, len;
        rb_put(q, b, B & ((1ull << q->rb_bits) - 1), 1, &at, &len);   /* it describes itself */
    } else {
        ok = rc_set_range(q, B, 1, 1, err);
    }
    uint8_t e[8];
    st64(e, B << q->cluster_bits);
    ok = ok && f_write(q, B << q->cluster_bits, b, q->cs, err) && f_sync(q, err) &&
         f_write(q, q->rt_off + rti * 8, e, 8, err) && f_sync(q, err);
    g_free(b);
    if (!ok)
        return false;
    q->rt[rti] = B << q->cluster_bits;
    add_meta(q, B << q->cluster_bits, 1);
    q->next_alloc = B + 1;
    return true;
}

/* n contiguous fresh clusters with refcount 1, from the end of the file. */
static bool alloc_clusters(qcow2 *q, uint64_t n, uint64_t *out, GError **err)
{
    for (unsigned guard = 0; guard < 1000; guard++) {
        uint64_t first = q->next_alloc, last = first + n - 1;
        if ((last + 1) << q->cluster_bits > MAX_IMAGE_SIZE)
            return corrupt(q, err, "the image would exceed the format's size limit");
        bool again = false;
        for (uint64_t r = first >> q->rb_bits; !again && r <= last >> q->rb_bits; r++) {
            if (r >= q->rt_entries) {
                if (!grow_reftable(q, r, err))
                    return false;
                again = true;
            } else if (!(q->rt[r] & REFT_OFFSET_MASK)) {
                if (!new_refblock(q, r, err))
                    return false;
                again = true;
            }
        }
        if (again)
            continue;
        for (uint64_t c = first; !again && c <= last; c++) {
            uint64_t v;
            if (!rc_get(q, c, &v, err))
                return false;
            if (v) {          /* a leak past the end of the file: step over it */
                q->next_alloc = c + 1;
                again = true;
            }
        }
        if (again)
            continue;
        if (!rc_set_range(q, first, n, 1, err))
            return false;
        q->next_alloc = last + 1;
        q->stats.allocated += n;
        *out = first;
        return true;
    }
    return corrupt(q, err, "no free cluster found");
}

static bool alloc_one(qcow2 *q, uint64_t *out, GError **err)
{
    if (q->pool_next == q->pool_end) {
        uint64_t first;
        if (!alloc_clusters(q, POOL_CLUSTERS, &first, err))
            return false;
        q->pool_next = first;
        q->pool_end = first + POOL_CLUSTERS;
    }
    *out = q->pool_next++;
    return true;
}

/* ---- L2 tables ----------------------------------------------------------------------- */
static bool meta_flush(qcow2 *q, GError **err);

static bool valid_data_entry(qcow2 *q, uint64_t e)
{
    if (e & OFLAG_COMPRESSED)
        return true;
    uint64_t host = e & L2E_OFFSET_MASK;
    if (!host)
        return !(e & L2E_STD_RESERVED);
    return !(e & L2E_STD_RESERVED) && !(host & (q->cs - 1)) &&
           (host >> q->cluster_bits) < q->alloc_base && !is_meta(q, host >> q->cluster_bits);
}

/* The least recently used L2 cache slot, written back first if dirty, its table
 * allocated: for a table about to be read or created. */
static l2_slot *l2_victim(qcow2 *q, GError **err)
{
    l2_slot *victim = &q->l2[0];
    for (unsigned i = 0; i < L2_CACHE; i++)
        if (q->l2[i].used < victim->used)
            victim = &q->l2[i];
    if (victim->dirty && !meta_flush(q, err))
        return NULL;
    if (!victim->t)
        victim->t = g_malloc(q->cs);
    return victim;
}

static uint64_t *l2_load(qcow2 *q, uint64_t off, GError **err)
{
    for (unsigned i = 0; i < L2_CACHE; i++) {
        if (q->l2[i].off == off) {
            q->l2[i].used = ++q->tick;
            return q->l2[i].t;
        }
    }
    l2_slot *victim = l2_victim(q, err);
    if (!victim)
        return NULL;
    victim->off = 0;
    uint8_t *raw = (uint8_t *)victim->t;
    if (!f_read(q, off, raw, q->cs, err))
        return NULL;
    uint64_t n = q->cs / 8;
    for (uint64_t i = 0; i < n; i++) {
        uint64_t v;
        memcpy(&v, raw + 8 * i, 8);
        victim->t[i] = GUINT64_FROM_BE(v);
    }
    /* A table that was in the file at open is checked once: its entries must
     * point at data clusters inside the file that are not metadata. */
    if ((off >> q->cluster_bits) < q->alloc_base &&
        !g_hash_table_contains(q->checked, GSIZE_TO_POINTER((gsize)off))) {
        g_hash_table_add(q->checked, GSIZE_TO_POINTER((gsize)off));
        for (uint64_t i = 0; i < n; i++)
            if (!valid_data_entry(q, victim->t[i])) {
                mark_bad(q, "L2 table at 0x%" G_GINT64_MODIFIER "x entry %" G_GUINT64_FORMAT
                         " (0x%016" G_GINT64_MODIFIER "x) points outside the data area", off, i,
                         victim->t[i]);
                break;
            }
    }
    victim->off = off;
    victim->dirty = false;
    victim->used = ++q->tick;
    return victim->t;
}

static l2_slot *l2_slot_of(qcow2 *q, uint64_t off)
{
    for (unsigned i = 0; i < L2_CACHE; i++)
        if (q->l2[i].off == off)
            return &q->l2[i];
    return NULL;
}

/* The L2 entry of guest cluster cl (0: unallocated). */
static bool get_entry(qcow2 *q, uint64_t cl, uint64_t *e, GError **err)
{
    uint64_t l1i = cl >> q->l2_bits;
    *e = 0;
    if (l1i >= q->l1_size)
        return true;
    uint64_t off = q->l1[l1i] & L1E_OFFSET_MASK;
    if (!off)
        return true;
    uint64_t *t = l2_load(q, off, err);
    if (!t)
        return false;
    *e = t[cl & ((1ull << q->l2_bits) - 1)];
    return true;
}

/* Write back: data and refcounts first (sync), then L2 tables, then the L1
 * entries of new tables, then give back what those writes released. */
static bool meta_flush(qcow2 *q, GError **err)
{
    bool any = q->l1_dirty_hi > q->l1_dirty_lo || q->frees->len;
    for (unsigned i = 0; i < L2_CACHE; i++)
        any |= q->l2[i].dirty;
    if (!any)
        return true;
    q->stats.meta_flushes++;
    if (!f_sync(q, err))
        return false;
    uint8_t *raw = q->cbuf;
    for (unsigned i = 0; i < L2_CACHE; i++) {
        l2_slot *s = &q->l2[i];
        if (!s->dirty)
            continue;
        for (uint64_t k = 0; k < q->cs / 8; k++)
            st64(raw + 8 * k, s->t[k]);
        if (!f_write(q, s->off, raw, q->cs, err))
            return false;
        s->dirty = false;
    }
    if (q->l1_dirty_hi > q->l1_dirty_lo) {
        uint32_t lo = q->l1_dirty_lo, n = q->l1_dirty_hi - lo;
        uint8_t *b = g_malloc((size_t)n * 8);
        for (uint32_t k = 0; k < n; k++)
            st64(b + 8 * k, q->l1[lo + k]);
        bool ok = f_sync(q, err) && f_write(q, q->l1_off + (uint64_t)lo * 8, b, (size_t)n * 8, err);
        g_free(b);
        if (!ok)
            return false;
        q->l1_dirty_lo = q->l1_dirty_hi = 0;
    }
    if (q->frees->len) {
        if (!f_sync(q, err))
            return false;
        for (guint i = 0; i < q->frees->len; i++) {
            free_run *r = &g_array_index(q->frees, free_run, i);
            for (uint64_t c = r->first; c < r->first + r->count; c++) {
                uint64_t v;
                if (is_meta(q, c)) {
                    mark_bad(q, "a released data cluster (%" G_GUINT64_FORMAT ") is metadata", c);
                    continue;
                }
                if (!rc_get(q, c, &v, err))
                    return false;
                if (!v) {
                    mark_bad(q, "refcount of cluster %" G_GUINT64_FORMAT " would go below 0", c);
                    continue;
                }
                if (!rc_set_range(q, c, 1, v - 1, err))
                    return false;
            }
        }
        g_array_set_size(q->frees, 0);
    }
    return true;
}

static void queue_free(qcow2 *q, uint64_t first, uint64_t count)
{
    free_run r = { first, count };
    g_array_append_val(q->frees, r);
}

/* ---- reading ---------------------------------------------------------------------------- */
static bool read_backing(qcow2 *q, uint64_t off, uint8_t *buf, size_t n, GError **err)
{
    size_t have = 0;
    if (q->backing && off < q->backing->size) {
        have = (size_t)MIN((uint64_t)n, q->backing->size - off);
        if (!ww_disk_read(q->backing, off, buf, have, err))
            return false;
    }
    memset(buf + have, 0, n - have);
    return true;
}

/* The host clusters a compressed entry occupies. */
static void compressed_span(qcow2 *q, uint64_t e, uint64_t *off, uint64_t *len)
{
    uint64_t co = e & q->coffset_mask;
    uint64_t nsec = ((e >> q->csize_shift) & q->csize_mask) + 1;
    *off = co;
    *len = nsec * 512 - (co & 511);
}

static bool decompress(qcow2 *q, uint64_t e, GError **err)
{
    if (q->zbuf_entry == e)
        return true;
    uint64_t co, clen;
    compressed_span(q, e, &co, &clen);
    if (co >= file_size(q) || clen > 2 * q->cs + 512)
        return corrupt(q, err, "compressed cluster at 0x%" G_GINT64_MODIFIER "x is outside the "
                       "file", co);
    if (!f_read(q, co, q->zin, (size_t)clen, err))
        return false;
    z_stream z = { 0 };
    if (inflateInit2(&z, -12) != Z_OK)
        return corrupt(q, err, "zlib refused to start");
    z.next_in = q->zin;
    z.avail_in = (uInt)clen;
    z.next_out = q->zbuf;
    z.avail_out = (uInt)q->cs;
    int r = inflate(&z, Z_FINISH);
    bool ok = (r == Z_STREAM_END || r == Z_BUF_ERROR) && z.avail_out == 0;
    inflateEnd(&z);
    if (!ok) {
        q->zbuf_entry = 0;
        return corrupt(q, err, "compressed cluster at 0x%" G_GINT64_MODIFIER "x does not "
                       "inflate to a cluster", co);
    }
    q->zbuf_entry = e;
    return true;
}

/* n bytes at offset `in` of guest cluster cl whose entry is e. */
static bool read_in_cluster(qcow2 *q, uint64_t cl, uint64_t e, uint64_t in, uint8_t *buf,
                            size_t n, GError **err)
{
    if (e & OFLAG_COMPRESSED) {
        if (!decompress(q, e, err))
            return false;
        memcpy(buf, q->zbuf + in, n);
        return true;
    }
    if ((e & OFLAG_ZERO) && q->version >= 3) {
        memset(buf, 0, n);
        return true;
    }
    uint64_t host = e & L2E_OFFSET_MASK;
    if (!host)
        return read_backing(q, (cl << q->cluster_bits) + in, buf, n, err);
    if (host & (q->cs - 1))
        return corrupt(q, err, "data cluster 0x%" G_GINT64_MODIFIER "x is not aligned", host);
    return f_read(q, host + in, buf, n, err);
}

static bool q_read(ww_disk *d, uint64_t off, void *vbuf, size_t len, GError **err)
{
    qcow2 *q = d->opaque;
    uint8_t *buf = vbuf;
    while (len) {
        uint64_t cl = off >> q->cluster_bits, in = off & (q->cs - 1);
        size_t n = (size_t)MIN((uint64_t)len, q->cs - in);
        uint64_t e;
        if (!get_entry(q, cl, &e, err) || !read_in_cluster(q, cl, e, in, buf, n, err))
            return false;
        buf += n;
        off += n;
        len -= n;
    }
    return true;
}

/* ---- writing ------------------------------------------------------------------------------- */
static bool check_writable(qcow2 *q, GError **err)
{
    if (q->bad) {
        g_set_error(err, WW_ERROR, WW_ERROR_IO, "%s: writes refused: %s", q->name, q->bad);
        return false;
    }
    return true;
}

/* The L2 table of guest cluster cl, made writable (allocated if missing). */
static uint64_t *l2_for_write(qcow2 *q, uint64_t cl, l2_slot **slot, GError **err)
{
    uint64_t l1i = cl >> q->l2_bits;
    if (l1i >= q->l1_size) {
        corrupt(q, err, "L1 table too small");
        return NULL;
    }
    uint64_t e = q->l1[l1i], off = e & L1E_OFFSET_MASK;
    if (!off) {
        uint64_t c;
        if (!alloc_one(q, &c, err))
            return NULL;
        off = c << q->cluster_bits;
        l2_slot *victim = l2_victim(q, err);
        if (!victim)
            return NULL;
        memset(victim->t, 0, q->cs);
        victim->off = off;
        victim->dirty = true;
        victim->used = ++q->tick;
        add_meta(q, off, 1);
        q->l1[l1i] = off | OFLAG_COPIED;
        if (q->l1_dirty_hi == q->l1_dirty_lo) {
            q->l1_dirty_lo = (uint32_t)l1i;
            q->l1_dirty_hi = (uint32_t)l1i + 1;
        } else {
            q->l1_dirty_lo = MIN(q->l1_dirty_lo, (uint32_t)l1i);
            q->l1_dirty_hi = MAX(q->l1_dirty_hi, (uint32_t)l1i + 1);
        }
        *slot = victim;
        return victim->t;
    }
    if (!(e & OFLAG_COPIED)) {
        uint64_t rc;
        if (!rc_get(q, off >> q->cluster_bits, &rc, err))
            return NULL;
        if (rc != 1) {
            g_set_error(err, WW_ERROR, WW_ERROR_UNSUPPORTED, "%s: L2 table at 0x%"
                        G_GINT64_MODIFIER "x is shared (refcount %" G_GUINT64_FORMAT ")",
                        q->name, off, rc);
            return NULL;
        }
    }
    uint64_t *t = l2_load(q, off, err);
    if (!t)
        return NULL;
    *slot = l2_slot_of(q, off);
    return t;
}

static bool q_write(ww_disk *d, uint64_t off, const void *vbuf, size_t len, GError **err)
{
    qcow2 *q = d->opaque;
    const uint8_t *buf = vbuf;
    if (!check_writable(q, err))
        return false;
    while (len) {
        uint64_t cl = off >> q->cluster_bits, in = off & (q->cs - 1);
        size_t n = (size_t)MIN((uint64_t)len, q->cs - in);
        l2_slot *slot;
        uint64_t *t = l2_for_write(q, cl, &slot, err);
        if (!t || !check_writable(q, err))
            return false;
        uint64_t l2i = cl & ((1ull << q->l2_bits) - 1), e = t[l2i];
        uint64_t host = e & L2E_OFFSET_MASK;
        bool plain = !(e & OFLAG_COMPRESSED) && host;
        bool zero = (e & OFLAG_ZERO) && q->version >= 3 && !(e & OFLAG_COMPRESSED);
        bool in_place = false;
        if (plain) {
            if ((host & (q->cs - 1)) || is_meta(q, host >> q->cluster_bits) ||
                (host >> q->cluster_bits) >= q->next_alloc) {
                mark_bad(q, "data cluster 0x%" G_GINT64_MODIFIER "x overlaps metadata", host);
                return check_writable(q, err);
            }
            in_place = (e & OFLAG_COPIED) != 0;
            if (!in_place) {
                uint64_t rc;
                if (!rc_get(q, host >> q->cluster_bits, &rc, err))
                    return false;
                in_place = rc == 1;
            }
        }
        if (in_place && !zero) {
            if (!f_write(q, host + in, buf, n, err))
                return false;
            if (!(e & OFLAG_COPIED)) {
                t[l2i] = e | OFLAG_COPIED;
                slot->dirty = true;
            }
        } else {
            /* A new cluster (or the preallocated one of a zero cluster):
             * old content around the write, then the write, then the entry. */
            uint64_t c;
            if (in_place)
                c = host >> q->cluster_bits;
            else if (!alloc_one(q, &c, err))
                return false;
            const uint8_t *src = buf;
            if (n != q->cs) {
                if (zero)
                    memset(q->cbuf, 0, q->cs);
                else if (!read_in_cluster(q, cl, e, 0, q->cbuf, q->cs, err))
                    return false;
                memcpy(q->cbuf + in, buf, n);
                src = q->cbuf;
            }
            if (!f_write(q, c << q->cluster_bits, src, q->cs, err))
                return false;
            /* the table may have been evicted while reading the old data */
            t = l2_for_write(q, cl, &slot, err);
            if (!t)
                return false;
            t[l2i] = (c << q->cluster_bits) | OFLAG_COPIED;
            slot->dirty = true;
            if (e & OFLAG_COMPRESSED) {
                uint64_t co, clen;
                compressed_span(q, e, &co, &clen);
                uint64_t a = (co & ~511ull) >> q->cluster_bits;
                uint64_t b = ((co & ~511ull) + ((clen + (co & 511) + 511) & ~511ull) - 1) >>
                             q->cluster_bits;
                queue_free(q, a, b - a + 1);
                if (q->zbuf_entry == e)
                    q->zbuf_entry = 0;
            } else if (plain && !in_place) {
                queue_free(q, host >> q->cluster_bits, 1);
            }
        }
        buf += n;
        off += n;
        len -= n;
    }
    return true;
}

static bool q_flush(ww_disk *d, GError **err)
{
    qcow2 *q = d->opaque;
    return meta_flush(q, err) && f_sync(q, err);
}

static void q_destroy(ww_disk *d)
{
    qcow2 *q = d->opaque;
    if (q->writable && !q->bad) {
        GError *e = NULL;
        /* Give back the clusters allocated but never used, after the
         * metadata that uses the others is on disk. */
        if (meta_flush(q, &e) && q->pool_end > q->pool_next &&
            rc_set_range(q, q->pool_next, q->pool_end - q->pool_next, 0, &e))
            f_sync(q, &e);
        g_clear_error(&e);
    }
    if (q->fd >= 0)
        close(q->fd);
    if (q->mem)
        g_byte_array_free(q->mem, TRUE);
    for (unsigned i = 0; i < L2_CACHE; i++)
        g_free(q->l2[i].t);
    for (unsigned i = 0; i < RB_CACHE; i++)
        g_free(q->rb[i].b);
    g_free(q->l1);
    g_free(q->rt);
    g_free(q->cbuf);
    g_free(q->zbuf);
    g_free(q->zin);
    g_array_free(q->frees, TRUE);
    g_hash_table_destroy(q->meta);
    g_hash_table_destroy(q->checked);
    g_free(q->bad);
    ww_disk_free(q->backing);
    g_free(q->name);
    g_free(q);
}

/* ---- opening --------------------------------------------------------------------------------- */
typedef struct {
    char *backing_name;     /* NULL: none */
    char *backing_format;   /* from the header extension, or NULL */
} header_info;

static bool parse_header(qcow2 *q, header_info *hi, bool want_write, GError **err)
{
    uint64_t fsize = file_size(q);
    uint8_t h[H_V3_LEN + 8] = { 0 };
    if (fsize < H_V2_LEN)
        return corrupt(q, err, "%" G_GUINT64_FORMAT " bytes: shorter than a header", fsize);
    if (!f_read(q, 0, h, sizeof h, err))
        return false;
    if (be32(h + H_MAGIC) != QCOW_MAGIC)
        return corrupt(q, err, "no qcow2 magic");
    q->version = be32(h + H_VERSION);
    if (q->version != 2 && q->version != 3) {
        g_set_error(err, WW_ERROR, WW_ERROR_UNSUPPORTED, "%s: qcow2 version %u; expected 2 or 3",
                    q->name, q->version);
        return false;
    }
    q->cluster_bits = be32(h + H_CLUSTER_BITS);
    if (q->cluster_bits < MIN_CLUSTER_BITS || q->cluster_bits > MAX_CLUSTER_BITS)
        return corrupt(q, err, "cluster_bits %u; expected %d-%d", q->cluster_bits,
                       MIN_CLUSTER_BITS, MAX_CLUSTER_BITS);
    q->cs = 1ull << q->cluster_bits;
    q->l2_bits = q->cluster_bits - 3;
    q->size = be64(h + H_SIZE);
    if (q->size > MAX_IMAGE_SIZE)
        return corrupt(q, err, "virtual size %" G_GUINT64_FORMAT " is too large", q->size);
    if (be32(h + H_CRYPT)) {
        g_set_error(err, WW_ERROR, WW_ERROR_UNSUPPORTED, "%s: encrypted qcow2 images are not "
                    "supported", q->name);
        return false;
    }
    q->refcount_order = 4;
    q->header_len = H_V2_LEN;
    if (q->version == 3) {
        q->incompat = be64(h + H_INCOMPAT);
        q->autoclear = be64(h + H_AUTOCLEAR);
        q->refcount_order = be32(h + H_REFCOUNT_ORDER);
        q->header_len = be32(h + H_HEADER_LEN);
        if (q->header_len < H_V3_LEN || q->header_len > q->cs || (q->header_len & 7))
            return corrupt(q, err, "header_length %u", q->header_len);
        if (q->refcount_order > 6)
            return corrupt(q, err, "refcount_order %u; expected 0-6", q->refcount_order);
        uint64_t known = INCOMPAT_DIRTY | INCOMPAT_CORRUPT | INCOMPAT_COMPRESSION;
        if (q->incompat & ~known || q->incompat & (INCOMPAT_DATA_FILE | INCOMPAT_EXTL2)) {
            g_set_error(err, WW_ERROR, WW_ERROR_UNSUPPORTED, "%s: unsupported qcow2 features "
                        "0x%" G_GINT64_MODIFIER "x (external data file, extended L2 or newer)",
                        q->name, q->incompat & ~(uint64_t)(INCOMPAT_DIRTY | INCOMPAT_CORRUPT |
                                                           INCOMPAT_COMPRESSION));
            return false;
        }
        if (q->incompat & INCOMPAT_COMPRESSION) {
            uint8_t ct = 0;
            if (q->header_len > H_COMPRESSION && !f_read(q, H_COMPRESSION, &ct, 1, err))
                return false;
            if (ct != 0) {
                g_set_error(err, WW_ERROR, WW_ERROR_UNSUPPORTED, "%s: compression type %u "
                            "(zstd); only zlib is supported", q->name, ct);
                return false;
            }
        }
        if (want_write && (q->incompat & INCOMPAT_DIRTY)) {
            g_set_error(err, WW_ERROR, WW_ERROR_UNSUPPORTED, "%s: the image is marked dirty "
                        "(lazy refcounts); run `qemu-img check -r all` first", q->name);
            return false;
        }
        if (want_write && (q->incompat & INCOMPAT_CORRUPT)) {
            g_set_error(err, WW_ERROR, WW_ERROR_UNSUPPORTED, "%s: the image is marked corrupt; "
                        "run `qemu-img check -r all` first", q->name);
            return false;
        }
    }
    q->rb_bits = q->cluster_bits + 3 - q->refcount_order;
    q->csize_shift = 62 - (q->cluster_bits - 8);
    q->csize_mask = (1ull << (q->cluster_bits - 8)) - 1;
    q->coffset_mask = (1ull << q->csize_shift) - 1;
    /* L1 */
    q->l1_size = be32(h + H_L1_SIZE);
    q->l1_off = be64(h + H_L1_OFF);
    uint64_t per_l2 = 1ull << (q->l2_bits + q->cluster_bits);
    uint64_t need = (q->size + per_l2 - 1) / per_l2;
    if ((uint64_t)q->l1_size * 8 > MAX_L1_BYTES)
        return corrupt(q, err, "L1 table of %u entries exceeds %u MiB", q->l1_size,
                       MAX_L1_BYTES >> 20);
    if (q->l1_size < need)
        return corrupt(q, err, "L1 table of %u entries is too small for %" G_GUINT64_FORMAT
                       " bytes", q->l1_size, q->size);
    if (q->l1_size && ((q->l1_off & (q->cs - 1)) || q->l1_off < q->cs || q->l1_off > fsize ||
                       (uint64_t)q->l1_size * 8 > fsize - q->l1_off))
        return corrupt(q, err, "L1 table at 0x%" G_GINT64_MODIFIER "x is misplaced or beyond the "
                       "end of the file", q->l1_off);
    /* refcount table */
    q->rt_off = be64(h + H_RT_OFF);
    q->rt_clusters = be32(h + H_RT_CLUSTERS);
    if ((uint64_t)q->rt_clusters * q->cs > MAX_REFTABLE_BYTES || !q->rt_clusters)
        return corrupt(q, err, "refcount table of %u clusters", q->rt_clusters);
    if ((q->rt_off & (q->cs - 1)) || q->rt_off < q->cs || q->rt_off > fsize ||
        (uint64_t)q->rt_clusters * q->cs > fsize - q->rt_off)
        return corrupt(q, err, "refcount table at 0x%" G_GINT64_MODIFIER "x is misplaced or "
                       "beyond the end of the file", q->rt_off);
    q->nb_snapshots = be32(h + H_NB_SNAPSHOTS);
    if (q->nb_snapshots > MAX_SNAPSHOTS)
        return corrupt(q, err, "%u snapshots", q->nb_snapshots);
    if (q->nb_snapshots && want_write) {
        g_set_error(err, WW_ERROR, WW_ERROR_UNSUPPORTED, "%s has %u internal snapshots; writing "
                    "to it is not supported (use snapshot=on, or `qemu-img convert`)", q->name,
                    q->nb_snapshots);
        return false;
    }
    /* backing file name and header extensions, all inside cluster 0 */
    uint64_t boff = be64(h + H_BACKING_OFF);
    uint32_t bsize = be32(h + H_BACKING_SIZE);
    if (boff) {
        if (bsize == 0 || bsize > MAX_BACKING_NAME || boff < q->header_len || boff > q->cs ||
            bsize > q->cs - boff)
            return corrupt(q, err, "backing file name at 0x%" G_GINT64_MODIFIER "x, %u bytes",
                           boff, bsize);
        hi->backing_name = g_malloc0(bsize + 1);
        if (!f_read(q, boff, hi->backing_name, bsize, err))
            return false;
        if (strlen(hi->backing_name) != bsize)
            return corrupt(q, err, "backing file name contains a NUL byte");
    }
    uint64_t ext = q->header_len, ext_end = boff ? boff : q->cs;
    for (unsigned k = 0; k < 1024 && ext + 8 <= ext_end; k++) {
        uint8_t eh[8];
        if (!f_read(q, ext, eh, 8, err))
            return false;
        uint32_t type = be32(eh), len = be32(eh + 4);
        if (type == EXT_END)
            break;
        if (len > ext_end - ext - 8)
            return corrupt(q, err, "header extension 0x%08x of %u bytes overruns the header",
                           type, len);
        if (type == EXT_BACKING_FORMAT && len && len < 32) {
            g_free(hi->backing_format);
            hi->backing_format = g_malloc0(len + 1);
            if (!f_read(q, ext + 8, hi->backing_format, len, err))
                return false;
        }
        ext += 8 + (((uint64_t)len + 7) & ~7ull);
    }
    return true;
}

static bool load_tables(qcow2 *q, GError **err)
{
    uint64_t fsize = file_size(q);
    q->alloc_base = (fsize + q->cs - 1) >> q->cluster_bits;
    q->next_alloc = MAX(q->alloc_base, 1);
    add_meta(q, 0, 1);
    if (!add_meta(q, q->rt_off, q->rt_clusters))
        return corrupt(q, err, "the refcount table overlaps the header");
    if (q->l1_size) {
        uint64_t l1cl = ((uint64_t)q->l1_size * 8 + q->cs - 1) >> q->cluster_bits;
        if (!add_meta(q, q->l1_off, l1cl))
            return corrupt(q, err, "the L1 table overlaps other metadata");
    }
    q->rt_entries = (uint64_t)q->rt_clusters * q->cs / 8;
    q->rt = g_new(uint64_t, q->rt_entries);
    uint8_t *raw = g_malloc(q->rt_entries * 8);
    bool ok = f_read(q, q->rt_off, raw, q->rt_entries * 8, err);
    for (uint64_t i = 0; ok && i < q->rt_entries; i++) {
        uint64_t e = be64(raw + 8 * i);
        q->rt[i] = e;
        uint64_t o = e & REFT_OFFSET_MASK;
        if (!o && !(e & 511))
            continue;
        if ((e & 511) || (o & (q->cs - 1)) || o > fsize || q->cs > fsize - o ||
            !add_meta(q, o, 1))
            ok = corrupt(q, err, "refcount block %" G_GUINT64_FORMAT " at 0x%" G_GINT64_MODIFIER
                         "x is misplaced", i, o);
    }
    g_free(raw);
    if (!ok)
        return false;
    q->l1 = g_new0(uint64_t, q->l1_size ? q->l1_size : 1);
    raw = g_malloc((size_t)q->l1_size * 8 + 8);
    ok = f_read(q, q->l1_off, raw, (size_t)q->l1_size * 8, err);
    for (uint32_t i = 0; ok && i < q->l1_size; i++) {
        uint64_t e = be64(raw + 8 * (size_t)i), o = e & L1E_OFFSET_MASK;
        q->l1[i] = e;
        if (!o)
            continue;
        if ((e & L1E_RESERVED) || (o & (q->cs - 1)) || o > fsize || q->cs > fsize - o)
            ok = corrupt(q, err, "L1 entry %u (0x%016" G_GINT64_MODIFIER "x) is invalid", i, e);
        else if (!add_meta(q, o, 1))
            mark_bad(q, "L2 table at 0x%" G_GINT64_MODIFIER "x (L1 entry %u) overlaps other "
                     "metadata", o, i);
    }
    g_free(raw);
    return ok;
}

static qcow2 *q_new(const char *name)
{
    qcow2 *q = g_new0(qcow2, 1);
    q->fd = -1;
    q->name = g_strdup(name);
    q->frees = g_array_new(FALSE, FALSE, sizeof(free_run));
    q->meta = g_hash_table_new(g_direct_hash, g_direct_equal);
    q->checked = g_hash_table_new(g_direct_hash, g_direct_equal);
    return q;
}

static ww_disk *q_finish(qcow2 *q, bool want_write, header_info *hi, ww_disk *backing,
                         GError **err)
{
    q->writable = want_write;
    q->backing = backing;
    q->cbuf = g_malloc(q->cs);
    q->zbuf = g_malloc(q->cs);
    q->zin = g_malloc(2 * q->cs + 1024);
    if (want_write && q->version == 3 && q->autoclear) {
        /* Autoclear bits we do not maintain (bitmaps) must be cleared by a
         * writer that does not understand them. */
        uint8_t z[8] = { 0 };
        if (!f_write(q, H_AUTOCLEAR, z, 8, err) || !f_sync(q, err))
            goto fail;
        q->autoclear = 0;
    }
    ww_disk *d = g_new0(ww_disk, 1);
    *d = (ww_disk){ g_strdup(q->name), q->size, !want_write, q_read, q_write, q_flush,
                    q_destroy, q };
    g_free(hi->backing_name);
    g_free(hi->backing_format);
    return d;
fail:
    q->backing = NULL;
    ww_disk_free(backing);
    g_free(hi->backing_name);
    g_free(hi->backing_format);
    q->writable = false;
    ww_disk tmp = { .opaque = q };
    q_destroy(&tmp);
    return NULL;
}

static void q_abort(qcow2 *q, header_info *hi)
{
    g_free(hi->backing_name);
    g_free(hi->backing_format);
    q->writable = false;
    ww_disk tmp = { .opaque = q };
    q_destroy(&tmp);
}

ww_disk *ww_qcow2_open_chain(const char *path, bool readonly, ww_media_chain *chain,
                             GError **err)
{
    uint64_t size;
    int fd = ww_media_open_image(path, &readonly, &size, err);
    if (fd < 0)
        return NULL;
    qcow2 *q = q_new(path);
    q->fd = fd;
    header_info hi = { 0 };
    if (!parse_header(q, &hi, !readonly, err) || !load_tables(q, err)) {
        q_abort(q, &hi);
        return NULL;
    }
    ww_disk *backing = NULL;
    if (hi.backing_name) {
        backing = ww_media_open_backing(path, hi.backing_name, hi.backing_format, chain, err);
        if (!backing) {
            q_abort(q, &hi);
            return NULL;
        }
    }
    return q_finish(q, !readonly, &hi, backing, err);
}

ww_disk *ww_qcow2_open(const char *path, bool readonly, GError **err)
{
    ww_media_opts o = { .format = WW_FORMAT_QCOW2, .readonly = readonly };
    return ww_media_open(path, &o, err);
}

ww_disk *ww_qcow2_open_memory(const uint8_t *data, size_t len, bool readonly, ww_disk *backing,
                              GError **err)
{
    qcow2 *q = q_new("memory.qcow2");
    q->mem = g_byte_array_sized_new((guint)len);
    g_byte_array_append(q->mem, data, (guint)len);
    header_info hi = { 0 };
    if (!parse_header(q, &hi, !readonly, err) || !load_tables(q, err)) {
        q_abort(q, &hi);
        ww_disk_free(backing);
        return NULL;
    }
    if (hi.backing_name && !backing) {
        g_set_error(err, WW_ERROR, WW_ERROR_UNSUPPORTED, "%s names a backing file (%s); memory "
                    "images have none", q->name, hi.backing_name);
        q_abort(q, &hi);
        return NULL;
    }
    return q_finish(q, !readonly, &hi, backing, err);
}

const uint8_t *ww_qcow2_memory_bytes(ww_disk *d, size_t *len)
{
    qcow2 *q = d && d->read == q_read ? d->opaque : NULL;
    if (!q || !q->mem)
        return NULL;
    *len = q->mem->len;
    return q->mem->data;
}

bool ww_qcow2_get_stats(ww_disk *d, ww_qcow2_stats *out)
{
    if (!d || d->read != q_read)
        return false;
    *out = ((qcow2 *)d->opaque)->stats;
    return true;
}

/* ---- creating -------------------------------------------------------------------------------- */
bool ww_qcow2_format_fd(int fd, uint64_t size, unsigned cluster_bits, const char *backing_name,
                        GError **err)
{
    if (cluster_bits < 16 || cluster_bits > MAX_CLUSTER_BITS || size > MAX_IMAGE_SIZE ||
        (backing_name && strlen(backing_name) > MAX_BACKING_NAME)) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "qcow2: cannot create %" G_GUINT64_FORMAT
                    " bytes with %u-bit clusters", size, cluster_bits);
        return false;
    }
    uint64_t cs = 1ull << cluster_bits, per_l2 = 1ull << (2 * cluster_bits - 3);
    uint64_t l1_size = (size + per_l2 - 1) / per_l2;
    uint64_t l1cl = (l1_size * 8 + cs - 1) / cs;
    if (!l1cl)
        l1cl = 1;
    uint64_t total = 3 + l1cl;   /* header, refcount table, refcount block, L1 */
    if (total > cs / 2 || l1_size * 8 > MAX_L1_BYTES) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "qcow2: %" G_GUINT64_FORMAT " bytes is too "
                    "large to create", size);
        return false;
    }
    uint8_t *img = g_malloc0(total * cs);
    uint8_t *h = img;
    st32(h + H_MAGIC, QCOW_MAGIC);
    st32(h + H_VERSION, 3);
    st32(h + H_CLUSTER_BITS, cluster_bits);
    st64(h + H_SIZE, size);
    st32(h + H_L1_SIZE, (uint32_t)l1_size);
    st64(h + H_L1_OFF, 3 * cs);
    st64(h + H_RT_OFF, cs);
    st32(h + H_RT_CLUSTERS, 1);
    st32(h + H_REFCOUNT_ORDER, 4);
    st32(h + H_HEADER_LEN, 112);    /* with the compression type byte, padded to 8 */
    /* extensions end at 112 (8 zero bytes); the backing name follows */
    if (backing_name && *backing_name) {
        st64(h + H_BACKING_OFF, 128);
        st32(h + H_BACKING_SIZE, (uint32_t)strlen(backing_name));
        memcpy(h + 128, backing_name, strlen(backing_name));
    }
    st64(img + cs, 2 * cs);                       /* refcount table[0] = block at cluster 2 */
    for (uint64_t c = 0; c < total; c++)
        st16(img + 2 * cs + 2 * c, 1);
    bool ok = true;
    for (size_t done = 0; ok && done < total * cs;) {
        ssize_t n = pwrite(fd, img + done, total * cs - done, (off_t)done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            g_set_error(err, WW_ERROR, WW_ERROR_IO, "qcow2: write: %s",
                        n < 0 ? g_strerror(errno) : "no progress");
            ok = false;
        } else {
            done += (size_t)n;
        }
    }
    g_free(img);
    if (ok && fdatasync(fd) != 0) {
        g_set_error(err, WW_ERROR, WW_ERROR_IO, "qcow2: fdatasync: %s", g_strerror(errno));
        ok = false;
    }
    return ok;
}

ww_disk *ww_qcow2_new_overlay(ww_disk *base, GError **err)
{
    char *tmpl = NULL;
    int fd = g_file_open_tmp("wirewrap-snapshot-XXXXXX.qcow2", &tmpl, err);
    if (fd < 0) {
        ww_disk_free(base);
        return NULL;
    }
    unlink(tmpl);   /* gone with the process, whatever happens */
    g_free(tmpl);
    if (!ww_qcow2_format_fd(fd, base->size, 16, NULL, err)) {
        close(fd);
        ww_disk_free(base);
        return NULL;
    }
    char *name = g_strdup_printf("%s (snapshot)", base->name);
    qcow2 *q = q_new(name);
    g_free(name);
    q->fd = fd;
    header_info hi = { 0 };
    if (!parse_header(q, &hi, true, err) || !load_tables(q, err)) {
        q_abort(q, &hi);
        ww_disk_free(base);
        return NULL;
    }
    ww_disk *d = q_finish(q, true, &hi, base, err);
    if (d)
        d->cdrom = base->cdrom;
    return d;
}
