/* firmware-loaders/romcat.c — roms.txt reader and ROM lookup by hash.
 * The format is documented at the top of roms.txt. */
#include "firmware-loaders/romcat.h"
#include "core/error.h"
#include "core/mdl.h"
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <string.h>
#include <zlib.h>

#define MAX_ROM_BYTES (64u << 20)

struct ww_romcat {
    GPtrArray *entries;   /* ww_rom_entry* */
};

static void entry_free(gpointer p)
{
    ww_rom_entry *e = p;
    g_free(e->id);
    g_strfreev(e->machines);
    g_strfreev(e->files);
    g_free(e->source);
    g_free(e->version);
    g_free(e->title);
    g_free(e);
}

void ww_romcat_free(ww_romcat *c)
{
    if (!c)
        return;
    g_ptr_array_free(c->entries, TRUE);
    g_free(c);
}

/* Split a line into whitespace-separated tokens; "double quotes" group. */
static GPtrArray *tokens(const char *line, bool *ok)
{
    GPtrArray *t = g_ptr_array_new_with_free_func(g_free);
    const char *p = line;
    *ok = true;
    while (*p) {
        while (g_ascii_isspace(*p))
            p++;
        if (!*p || *p == '#')
            break;
        GString *s = g_string_new(NULL);
        while (*p && !g_ascii_isspace(*p)) {
            if (*p == '"') {
                const char *q = strchr(p + 1, '"');
                if (!q) {
                    *ok = false;
                    g_string_free(s, TRUE);
                    return t;
                }
                g_string_append_len(s, p + 1, q - p - 1);
                p = q + 1;
            } else {
                g_string_append_c(s, *p++);
            }
        }
        g_ptr_array_add(t, g_string_free(s, FALSE));
    }
    return t;
}

static bool is_hex(const char *s, size_t n)
{
    if (strlen(s) != n)
        return false;
    for (; *s; s++)
        if (!g_ascii_isxdigit(*s))
            return false;
    return true;
}

ww_romcat *ww_romcat_load(const char *path, GError **err)
{
    gchar *data;
    GError *e = NULL;
    if (!g_file_get_contents(path, &data, NULL, &e)) {
        g_set_error(err, WW_ERROR, WW_ERROR_IO, "%s: error: %s", path, e->message);
        g_error_free(e);
        return NULL;
    }
    ww_romcat *c = g_new0(ww_romcat, 1);
    c->entries = g_ptr_array_new_with_free_func(entry_free);
    char **lines = g_strsplit(data, "\n", -1);
    g_free(data);
    bool fail = false;
    for (int ln = 0; lines[ln] && !fail; ln++) {
        bool ok;
        GPtrArray *t = tokens(lines[ln], &ok);
        if (!ok || (t->len && t->len < 4)) {
            g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "%s:%d: error: %s; expected ID SIZE "
                        "CRC32 SHA1 key=value…", path, ln + 1, ok ? "too few fields"
                        : "unterminated quote");
            fail = true;
        } else if (t->len) {
            char **f = (char **)t->pdata;
            ww_rom_entry *r = g_new0(ww_rom_entry, 1);
            r->id = g_strdup(f[0]);
            r->line = ln + 1;
            uint64_t size;
            if (!ww_parse_uint(f[1], WW_UNIT_BYTES, &size, NULL) || !size ||
                size > MAX_ROM_BYTES || !is_hex(f[2], 8) || !is_hex(f[3], 40)) {
                g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "%s:%d: error: bad size or hash; "
                            "expected SIZE (bytes, ≤ 64 MiB), 8 hex digits of CRC32, 40 of SHA-1",
                            path, ln + 1);
                entry_free(r);
                fail = true;
            } else {
                r->size = size;
                r->crc32 = (uint32_t)strtoul(f[2], NULL, 16);
                for (int i = 0; i < 40; i++)
                    r->sha1[i] = g_ascii_tolower(f[3][i]);
                for (guint i = 4; i < t->len && !fail; i++) {
                    const char *kv = f[i], *eq = strchr(kv, '=');
                    if (!eq) {
                        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "%s:%d: error: '%s'; "
                                    "expected key=value", path, ln + 1, kv);
                        fail = true;
                        break;
                    }
                    char *k = g_strndup(kv, (gsize)(eq - kv));
                    const char *v = eq + 1;
                    if (!strcmp(k, "machines")) { g_strfreev(r->machines); r->machines = g_strsplit(v, ",", -1); }
                    else if (!strcmp(k, "files")) { g_strfreev(r->files); r->files = g_strsplit(v, ",", -1); }
                    else if (!strcmp(k, "source")) { g_free(r->source); r->source = g_strdup(v); }
                    else if (!strcmp(k, "version")) { g_free(r->version); r->version = g_strdup(v); }
                    else if (!strcmp(k, "title")) { g_free(r->title); r->title = g_strdup(v); }
                    else if (!strcmp(k, "policy")) r->any_version = !strcmp(v, "any-version");
                    else {
                        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "%s:%d: error: unknown key "
                                    "'%s'; expected machines, files, source, version, title, "
                                    "policy", path, ln + 1, k);
                        fail = true;
                    }
                    g_free(k);
                }
                if (!fail && ww_romcat_find(c, r->id)) {
                    g_set_error(err, WW_ERROR, WW_ERROR_CONFLICT, "%s:%d: error: id '%s' listed "
                                "twice", path, ln + 1, r->id);
                    fail = true;
                }
                if (!r->machines) r->machines = g_new0(char *, 1);
                if (!r->files) r->files = g_new0(char *, 1);
                if (fail)
                    entry_free(r);
                else
                    g_ptr_array_add(c->entries, r);
            }
        }
        g_ptr_array_free(t, TRUE);
    }
    g_strfreev(lines);
    if (fail) {
        ww_romcat_free(c);
        return NULL;
    }
    return c;
}

ww_romcat *ww_romcat_load_default(GError **err)
{
    char *p = g_build_filename(ww_mdl_repo_dir(), "roms.txt", NULL);
    ww_romcat *c = ww_romcat_load(p, err);
    g_free(p);
    return c;
}

unsigned ww_romcat_entries(const ww_romcat *c, const ww_rom_entry *const **out)
{
    *out = (const ww_rom_entry *const *)c->entries->pdata;
    return c->entries->len;
}

const ww_rom_entry *ww_romcat_find(const ww_romcat *c, const char *id)
{
    for (guint i = 0; i < c->entries->len; i++) {
        ww_rom_entry *e = c->entries->pdata[i];
        if (!strcmp(e->id, id))
            return e;
    }
    return NULL;
}

const ww_rom_entry *ww_romcat_identify(const ww_romcat *c, uint64_t size, const char *sha1)
{
    for (guint i = 0; i < c->entries->len; i++) {
        ww_rom_entry *e = c->entries->pdata[i];
        if (e->size == size && !g_ascii_strcasecmp(e->sha1, sha1))
            return e;
    }
    return NULL;
}

void ww_rom_hash(const uint8_t *data, size_t len, uint32_t *crc, char sha1[41])
{
    uLong c = crc32(0L, Z_NULL, 0);
    size_t off = 0;
    while (off < len) {   /* zlib takes uInt lengths */
        uInt n = (uInt)MIN(len - off, (size_t)1 << 30);
        c = crc32(c, data + off, n);
        off += n;
    }
    *crc = (uint32_t)c;
    GChecksum *cs = g_checksum_new(G_CHECKSUM_SHA1);
    g_checksum_update(cs, data, (gssize)len);
    g_strlcpy(sha1, g_checksum_get_string(cs), 41);
    g_checksum_free(cs);
}

static void add_dir(GPtrArray *a, const char *d)
{
    for (guint i = 0; i < a->len; i++)
        if (!strcmp(a->pdata[i], d))
            return;
    g_ptr_array_add(a, g_strdup(d));
}

char **ww_rom_search_dirs(const ww_romcat *c, const char *const *rom_path)
{
    GPtrArray *a = g_ptr_array_new();
    for (const char *const *p = rom_path; p && *p; p++)
        add_dir(a, *p);
    const char *env = g_getenv("WIREWRAP_ROM_PATH");
    if (env && *env) {
        char **parts = g_strsplit(env, ":", -1);
        for (char **p = parts; *p; p++)
            if (**p)
                add_dir(a, *p);
        g_strfreev(parts);
    }
    char *home = g_build_filename(g_get_home_dir(), ".local", "share", "wirewrap", "roms", NULL);
    add_dir(a, home);
    g_free(home);
    /* Debian package directories named by the catalogue's sources. */
    for (guint i = 0; c && i < c->entries->len; i++) {
        ww_rom_entry *e = c->entries->pdata[i];
        if (e->source && g_str_has_prefix(e->source, "debian:")) {
            const char *path = strchr(e->source + 7, ':');
            if (path && path[1] == '/') {
                char *d = g_path_get_dirname(path + 1);
                add_dir(a, d);
                g_free(d);
            }
        }
    }
    g_ptr_array_add(a, NULL);
    return (char **)g_ptr_array_free(a, FALSE);
}

static const char *debian_path(const ww_rom_entry *e)
{
    if (!e->source || !g_str_has_prefix(e->source, "debian:"))
        return NULL;
    const char *p = strchr(e->source + 7, ':');
    return p ? p + 1 : NULL;
}

uint8_t *ww_rom_load(const ww_romcat *c, const ww_rom_entry *e, const char *const *rom_path,
                     size_t *len, char **found, GError **err)
{
    char **dirs = ww_rom_search_dirs(c, rom_path);
    GString *mismatch = g_string_new(NULL);
    uint8_t *result = NULL;
    for (char **d = dirs; *d && !result; d++)
        for (char **f = e->files; *f && !result; f++) {
            char *p = g_build_filename(*d, *f, NULL);
            GStatBuf st;
            gchar *data = NULL;
            gsize n = 0;
            if (g_stat(p, &st) == 0 && S_ISREG(st.st_mode) &&
                (uint64_t)st.st_size <= MAX_ROM_BYTES &&
                g_file_get_contents(p, &data, &n, NULL)) {
                uint32_t crc;
                char sha[41];
                ww_rom_hash((const uint8_t *)data, n, &crc, sha);
                bool match = n == e->size && !strcmp(sha, e->sha1);
                /* Debian updates change these images; accept the packaged file by size. */
                const char *dp = debian_path(e);
                if (!match && e->any_version && dp && n == e->size) {
                    char *r1 = realpath(p, NULL), *r2 = realpath(dp, NULL);
                    match = r1 && r2 && !strcmp(r1, r2);
                    free(r1);
                    free(r2);
                }
                if (match) {
                    result = (uint8_t *)data;
                    *len = n;
                    if (found)
                        *found = g_strdup(p);
                    data = NULL;
                } else {
                    g_string_append_printf(mismatch, "%s%s (%zu bytes, CRC32 %08x, SHA-1 %s)",
                                           mismatch->len ? ", " : "", p, (size_t)n, crc, sha);
                }
            }
            g_free(data);
            g_free(p);
        }
    if (!result) {
        char *dl = g_strjoinv(", ", dirs);
        char *fl = g_strjoinv(", ", e->files);
        g_set_error(err, WW_ERROR, WW_ERROR_NOT_FOUND,
                    "ROM '%s' not found: expected %" G_GUINT64_FORMAT " bytes, CRC32 %08x, "
                    "SHA-1 %s, named %s; searched %s%s%s%s", e->id, e->size, e->crc32, e->sha1,
                    *fl ? fl : "(no file name listed)", dl,
                    mismatch->len ? "; files with other hashes: " : "", mismatch->str,
                    e->source && !strcmp(e->source, "user-supplied")
                        ? "; this ROM is user-supplied: dump it from your own machine and put it "
                          "in one of those directories (wirewrap roms scan DIR identifies files)"
                        : "");
        g_free(dl);
        g_free(fl);
    }
    g_string_free(mismatch, TRUE);
    g_strfreev(dirs);
    return result;
}
