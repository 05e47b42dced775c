/* core/snapshot.c — machine state files (core/snapshot.h).
 *
 * Layout (little-endian):
 *   header   "WWSNAP\r\n", u32 format version, u64 virtual time (ns),
 *            u16 + machine name, u16 + hash of the expanded description,
 *            u32 section count, u32 CRC32 of the header bytes before it
 *   section  u32 kind, u16 + name, u64 payload length, payload,
 *            u32 CRC32 of the section bytes before it
 *   kinds    CHIP  name = chip id, payload = ww_chip_state_save
 *            MEMB  name = memory id, payload = u64 size, u8 codec (0 raw,
 *                  1 zlib), data
 *            TORD  payload = u32 n, n × (u32 chip index, u32 timer ordinal):
 *                  the armed chip timers in firing order, so timers due at
 *                  the same instant fire as they would have. */
#include "core/snapshot.h"
#include "core/wire.h"
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

static const char magic[8] = { 'W', 'W', 'S', 'N', 'A', 'P', '\r', '\n' };
enum { SEC_CHIP = 0x50494843, SEC_MEMB = 0x424d454d, SEC_TORD = 0x44524f54 };   /* "CHIP" … */
enum { CODEC_RAW = 0, CODEC_ZLIB = 1 };

static void put_str(GByteArray *o, const char *s)
{
    size_t n = strlen(s);
    ww_wire_put(o, n, 2);
    g_byte_array_append(o, (const uint8_t *)s, (guint)n);
}

static uint32_t crc(const uint8_t *p, size_t n)
{
    uLong c = crc32(0L, Z_NULL, 0);
    while (n) {
        uInt k = (uInt)MIN(n, (size_t)1 << 30);
        c = crc32(c, p, k);
        p += k;
        n -= k;
    }
    return (uint32_t)c;
}

static void section(GByteArray *o, uint32_t kind, const char *name, const uint8_t *data,
                    size_t len)
{
    guint start = o->len;
    ww_wire_put(o, kind, 4);
    put_str(o, name);
    ww_wire_put(o, len, 8);
    g_byte_array_append(o, data, (guint)len);
    ww_wire_put(o, crc(o->data + start, o->len - start), 4);
}

/* ---- timers in firing order ---------------------------------------------------- */

typedef struct {
    uint32_t chip, ordinal;
    ww_time when;
    uint64_t seq;
    ww_timer *t;
} timer_ref;

typedef struct {
    GArray *refs;
    uint32_t chip, ordinal;
} timer_walk;

static bool find_timers(ww_chip *c, const ww_state_item *it, void *opaque, GError **err)
{
    timer_walk *w = opaque;
    if (it->type != WW_STATE_TIMER)
        return true;
    for (unsigned i = 0; i < it->count; i++, w->ordinal++) {
        ww_timer *t = (ww_timer *)it->ptr + i;
        timer_ref r = { w->chip, w->ordinal, t->when, t->seq, t };
        g_array_append_val(w->refs, r);
    }
    return true;
}

/* Every chip timer (armed or not), by chip index and ordinal. */
static GArray *all_timers(ww_machine *m)
{
    timer_walk w = { g_array_new(FALSE, FALSE, sizeof(timer_ref)), 0, 0 };
    ww_chip *const *chips;
    unsigned n = ww_machine_chips(m, &chips);
    for (unsigned i = 0; i < n; i++) {
        w.chip = i;
        w.ordinal = 0;
        ww_chip_state_walk(chips[i], find_timers, &w, NULL);
    }
    return w.refs;
}

static int by_firing(const void *a, const void *b)
{
    const timer_ref *x = a, *y = b;
    if (x->when != y->when)
        return x->when < y->when ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* ---- saving ------------------------------------------------------------------ */

GByteArray *ww_snapshot_build(ww_machine *m, GError **err)
{
    GByteArray *o = g_byte_array_new();
    g_byte_array_append(o, (const uint8_t *)magic, sizeof magic);
    ww_wire_put(o, WW_SNAPSHOT_VERSION, 4);
    ww_wire_put(o, ww_sched_now(ww_machine_sched(m)), 8);
    put_str(o, ww_machine_name(m));
    put_str(o, ww_machine_hash(m));
    ww_chip *const *chips;
    unsigned nc = ww_machine_chips(m, &chips);
    const char **ids;
    uint8_t **mems;
    uint64_t *sizes;
    unsigned nm = ww_machine_memories(m, &ids, &mems, &sizes);
    ww_wire_put(o, nc + nm + 1, 4);
    ww_wire_put(o, crc(o->data, o->len), 4);
    GByteArray *b = g_byte_array_new();
    for (unsigned i = 0; i < nc; i++) {
        g_byte_array_set_size(b, 0);
        ww_chip_state_save(chips[i], b);
        section(o, SEC_CHIP, chips[i]->id, b->data, b->len);
    }
    for (unsigned i = 0; i < nm; i++) {
        g_byte_array_set_size(b, 0);
        ww_wire_put(b, sizes[i], 8);
        uLongf clen = compressBound((uLong)sizes[i]);
        g_byte_array_set_size(b, 9 + (guint)clen);
        /* Level 1: RAM is mostly zeros or code; speed matters more (a save is
         * part of an interactive command). */
        if (sizes[i] <= UINT32_MAX &&
            compress2(b->data + 9, &clen, mems[i], (uLong)sizes[i], 1) == Z_OK) {
            b->data[8] = CODEC_ZLIB;
            g_byte_array_set_size(b, 9 + (guint)clen);
        } else {
            b->data[8] = CODEC_RAW;
            g_byte_array_set_size(b, 9);
            g_byte_array_append(b, mems[i], (guint)sizes[i]);
        }
        section(o, SEC_MEMB, ids[i], b->data, b->len);
    }
    GArray *t = all_timers(m);
    g_byte_array_set_size(b, 0);
    GArray *armed = g_array_new(FALSE, FALSE, sizeof(timer_ref));
    for (guint i = 0; i < t->len; i++)
        if (ww_timer_armed(g_array_index(t, timer_ref, i).t))
            g_array_append_val(armed, g_array_index(t, timer_ref, i));
    g_array_sort(armed, by_firing);
    ww_wire_put(b, armed->len, 4);
    for (guint i = 0; i < armed->len; i++) {
        ww_wire_put(b, g_array_index(armed, timer_ref, i).chip, 4);
        ww_wire_put(b, g_array_index(armed, timer_ref, i).ordinal, 4);
    }
    section(o, SEC_TORD, "timers", b->data, b->len);
    g_array_free(armed, TRUE);
    g_array_free(t, TRUE);
    g_byte_array_free(b, TRUE);
    (void)err;
    return o;
}

static bool write_all(int fd, const uint8_t *p, size_t n)
{
    while (n) {
        ssize_t k = write(fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return false;
        p += k;
        n -= (size_t)k;
    }
    return true;
}

bool ww_snapshot_save(ww_machine *m, const char *path, GError **err)
{
    GByteArray *o = ww_snapshot_build(m, err);
    if (!o)
        return false;
    char *dir = g_path_get_dirname(path);
    char *base = g_path_get_basename(path);
    char *tmp = g_strdup_printf("%s/.%s.tmp-XXXXXX", dir, base);
    int fd = g_mkstemp_full(tmp, O_WRONLY | O_CLOEXEC, 0644);
    bool ok = fd >= 0;
    if (!ok)
        g_set_error(err, WW_ERROR, WW_ERROR_IO, "%s: cannot create a file in %s: %s", path, dir,
                    g_strerror(errno));
    if (ok && (!write_all(fd, o->data, o->len) || fsync(fd) != 0)) {
        g_set_error(err, WW_ERROR, WW_ERROR_IO, "%s: write failed: %s", path, g_strerror(errno));
        ok = false;
    }
    if (fd >= 0 && close(fd) != 0 && ok) {
        g_set_error(err, WW_ERROR, WW_ERROR_IO, "%s: %s", path, g_strerror(errno));
        ok = false;
    }
    if (ok && g_rename(tmp, path) != 0) {
        g_set_error(err, WW_ERROR, WW_ERROR_IO, "%s: cannot rename the new state into place: %s",
                    path, g_strerror(errno));
        ok = false;
    }
    if (!ok && fd >= 0)
        g_unlink(tmp);
    if (ok) {   /* make the rename itself durable */
        int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd >= 0) {
            fsync(dfd);
            close(dfd);
        }
    }
    g_free(tmp);
    g_free(base);
    g_free(dir);
    g_byte_array_free(o, TRUE);
    return ok;
}

/* ---- loading ------------------------------------------------------------------ */

static bool get_str(ww_cursor *c, char **out)
{
    uint64_t n;
    if (!ww_cursor_take(c, 2, &n) || (size_t)(c->end - c->p) < n)
        return false;
    *out = g_strndup((const char *)c->p, n);
    c->p += n;
    return true;
}

typedef struct {
    uint32_t kind;
    char *name;
    const uint8_t *data;
    size_t len;
    bool used;
} sec;

static void sec_clear(gpointer p)
{
    g_free(((sec *)p)->name);
}

static sec *find_sec(GArray *secs, uint32_t kind, const char *name)
{
    for (guint i = 0; i < secs->len; i++) {
        sec *s = &g_array_index(secs, sec, i);
        if (s->kind == kind && !strcmp(s->name, name))
            return s;
    }
    return NULL;
}

static const char *kind_name(uint32_t k)
{
    return k == SEC_CHIP ? "chip" : k == SEC_MEMB ? "memory" : k == SEC_TORD ? "timers" : "?";
}

bool ww_snapshot_restore(ww_machine *m, const uint8_t *buf, size_t len, GError **err)
{
    ww_cursor c = { buf, buf + len };
    uint64_t ver, now, nsec, hcrc;
    char *name = NULL, *hash = NULL;
    GArray *secs = g_array_new(FALSE, TRUE, sizeof(sec));
    g_array_set_clear_func(secs, sec_clear);
    GPtrArray *bufs = g_ptr_array_new_with_free_func(g_free);
    bool ok = false;
    if (len < sizeof magic || memcmp(buf, magic, sizeof magic) != 0) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "not a wirewrap state file (bad magic)");
        goto out;
    }
    c.p += sizeof magic;
    if (!ww_cursor_take(&c, 4, &ver) || !ww_cursor_take(&c, 8, &now) || !get_str(&c, &name) || !get_str(&c, &hash) ||
        !ww_cursor_take(&c, 4, &nsec)) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "state file truncated in its header");
        goto out;
    }
    size_t hlen = (size_t)(c.p - buf);
    if (!ww_cursor_take(&c, 4, &hcrc) || hcrc != crc(buf, hlen)) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "state file header is damaged (CRC)");
        goto out;
    }
    if (ver > WW_SNAPSHOT_VERSION || ver == 0) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "state file format %u; this build reads "
                    "formats up to %u", (unsigned)ver, WW_SNAPSHOT_VERSION);
        goto out;
    }
    if (strcmp(name, ww_machine_name(m)) || strcmp(hash, ww_machine_hash(m))) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "state file is of machine '%s'%s; this is "
                    "'%s'", name, strcmp(name, ww_machine_name(m)) ? ""
                    : " built from a different description (file or parameters)",
                    ww_machine_name(m));
        goto out;
    }
    if (nsec > 1000000) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "state file claims %" G_GUINT64_FORMAT
                    " sections", nsec);
        goto out;
    }
    for (uint64_t i = 0; i < nsec; i++) {
        const uint8_t *start = c.p;
        uint64_t kind, plen, scrc;
        sec s = { 0 };
        if (!ww_cursor_take(&c, 4, &kind) || !get_str(&c, &s.name) || !ww_cursor_take(&c, 8, &plen) ||
            plen > (uint64_t)(c.end - c.p)) {
            g_free(s.name);
            g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "state file truncated in section %u",
                        (unsigned)i);
            goto out;
        }
        s.kind = (uint32_t)kind;
        s.data = c.p;
        s.len = (size_t)plen;
        c.p += plen;
        if (!ww_cursor_take(&c, 4, &scrc) || scrc != crc(start, (size_t)(c.p - 4 - start))) {
            g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "state file section %u (%s '%s') is %s",
                        (unsigned)i, kind_name(s.kind), s.name,
                        c.p > c.end ? "truncated" : "damaged (CRC)");
            g_free(s.name);
            goto out;
        }
        g_array_append_val(secs, s);
    }
    if (c.p != c.end) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "state file has %zu bytes after its last "
                    "section", (size_t)(c.end - c.p));
        goto out;
    }
    /* Check everything before changing anything. */
    ww_chip *const *chips;
    unsigned nc = ww_machine_chips(m, &chips);
    for (unsigned i = 0; i < nc; i++) {
        sec *s = find_sec(secs, SEC_CHIP, chips[i]->id);
        if (!s) {
            g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "state file has no section for chip "
                        "'%s'", chips[i]->id);
            goto out;
        }
        s->used = true;
        if (!ww_chip_state_check(chips[i], s->data, s->len, err)) {
            g_prefix_error(err, "state file section chip '%s': ", chips[i]->id);
            goto out;
        }
    }
    const char **ids;
    uint8_t **mems;
    uint64_t *sizes;
    unsigned nm = ww_machine_memories(m, &ids, &mems, &sizes);
    for (unsigned i = 0; i < nm; i++) {
        sec *s = find_sec(secs, SEC_MEMB, ids[i]);
        uint64_t size = 0;
        ww_cursor mc = { s ? s->data : NULL, s ? s->data + s->len : NULL };
        if (!s || !ww_cursor_take(&mc, 8, &size) || size != sizes[i] || mc.p >= mc.end) {
            g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "state file section memory '%s': %s",
                        ids[i], !s ? "missing" : "its size differs from this machine's");
            goto out;
        }
        s->used = true;
        uint8_t codec = *mc.p++;
        uint8_t *data = g_try_malloc(size ? size : 1);
        if (!data) {
            g_set_error(err, WW_ERROR, WW_ERROR_FAILED, "out of memory for '%s'", ids[i]);
            goto out;
        }
        g_ptr_array_add(bufs, data);
        uLongf dlen = (uLongf)size;
        bool good = codec == CODEC_RAW ? (size_t)(mc.end - mc.p) == size
                  : codec == CODEC_ZLIB &&
                    uncompress(data, &dlen, mc.p, (uLong)(mc.end - mc.p)) == Z_OK && dlen == size;
        if (!good) {
            g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "state file section memory '%s' does "
                        "not decode to %" G_GUINT64_FORMAT " bytes", ids[i], size);
            goto out;
        }
        if (codec == CODEC_RAW)
            memcpy(data, mc.p, size);
    }
    GArray *timers = all_timers(m);
    GArray *order = g_array_new(FALSE, FALSE, sizeof(timer_ref *));
    sec *ts = find_sec(secs, SEC_TORD, "timers");
    bool tok = ts != NULL;
    if (ts) {
        ts->used = true;
        ww_cursor tc = { ts->data, ts->data + ts->len };
        uint64_t n, ci, oi;
        tok = ww_cursor_take(&tc, 4, &n) && n <= timers->len;
        for (uint64_t k = 0; tok && k < n; k++) {
            tok = ww_cursor_take(&tc, 4, &ci) && ww_cursor_take(&tc, 4, &oi);
            timer_ref *hit = NULL;
            for (guint j = 0; tok && j < timers->len && !hit; j++) {
                timer_ref *r = &g_array_index(timers, timer_ref, j);
                if (r->chip == ci && r->ordinal == oi)
                    hit = r;
            }
            tok = tok && hit;
            if (tok)
                g_array_append_val(order, hit);
        }
        tok = tok && tc.p == tc.end;
    }
    if (!tok) {
        g_array_free(order, TRUE);
        g_array_free(timers, TRUE);
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "state file section timers is %s",
                    ts ? "malformed" : "missing");
        goto out;
    }
    for (guint i = 0; i < secs->len; i++)
        if (!g_array_index(secs, sec, i).used) {
            g_array_free(order, TRUE);
            g_array_free(timers, TRUE);
            g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "state file has %s '%s', which this "
                        "machine does not", kind_name(g_array_index(secs, sec, i).kind),
                        g_array_index(secs, sec, i).name);
            goto out;
        }
    /* Apply: time, memory, chips (their timers re-armed at the saved distance),
     * then the timers again in their saved firing order. */
    ww_sched_set_now(ww_machine_sched(m), now);
    for (unsigned i = 0; i < nm; i++)
        memcpy(mems[i], bufs->pdata[i], sizes[i]);
    ok = true;
    for (unsigned i = 0; i < nc && ok; i++) {
        sec *s = find_sec(secs, SEC_CHIP, chips[i]->id);
        ok = ww_chip_state_load(chips[i], s->data, s->len, err);
    }
    for (guint i = 0; ok && i < order->len; i++) {
        ww_timer *t = g_array_index(order, timer_ref *, i)->t;
        if (ww_timer_armed(t))
            ww_timer_mod(t, t->when);
    }
    g_array_free(order, TRUE);
    g_array_free(timers, TRUE);
out:
    g_free(name);
    g_free(hash);
    g_array_free(secs, TRUE);
    g_ptr_array_free(bufs, TRUE);
    return ok;
}

bool ww_snapshot_load(ww_machine *m, const char *path, GError **err)
{
    gchar *data;
    gsize len;
    GStatBuf st;
    if (g_stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "%s: not a regular file", path);
        return false;
    }
    if (!g_file_get_contents(path, &data, &len, err))
        return false;
    bool ok = ww_snapshot_restore(m, (const uint8_t *)data, len, err);
    if (!ok)
        g_prefix_error(err, "%s: ", path);
    g_free(data);
    return ok;
}
