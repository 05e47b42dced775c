/* firmware-loaders/bootram.c — boot files placed in guest RAM, bounds-checked
 * (bootram.h). */
#include "firmware-loaders/bootram.h"
#include "core/error.h"
#include <string.h>

void ww_bootram_init(ww_bootram *r, ww_space *mem, uint64_t ram)
{
    memset(r, 0, sizeof *r);
    r->mem = mem;
    r->ram = ram;
}

void ww_bootram_clear(ww_bootram *r)
{
    for (unsigned i = 0; i < r->n; i++)
        g_free(r->span[i].what);
    r->n = 0;
}

uint64_t ww_bootram_size(ww_space *mem)
{
    const ww_mapping *list;
    unsigned n = ww_space_mappings(mem, &list);
    const ww_mapping *const *maps = (const ww_mapping *const *)list;
    uint64_t best = 0;
    for (unsigned i = 0; i < n; i++)
        if (maps[i]->kind == WW_MAP_RAM && !maps[i]->hidden && maps[i]->base == 0)
            best = MAX(best, maps[i]->size);
    return best;
}

GBytes *ww_bootram_read(const char *opt, const char *path, GError **err)
{
    gchar *data = NULL;
    gsize len = 0;
    GError *e = NULL;
    if (!g_file_get_contents(path, &data, &len, &e)) {
        g_set_error(err, WW_ERROR, WW_ERROR_NOT_FOUND, "%s %s: %s", opt, path, e->message);
        g_error_free(e);
        return NULL;
    }
    if (!len) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "%s %s: the file is empty", opt, path);
        g_free(data);
        return NULL;
    }
    return g_bytes_new_take(data, len);
}

/* "16 MiB" for whole MiB, else the bytes (a test rig's RAM may be small). */
static void ram_size(char *buf, size_t n, uint64_t ram)
{
    if (ram && !(ram & 0xfffff))
        g_snprintf(buf, n, "%" G_GUINT64_FORMAT " MiB", ram >> 20);
    else
        g_snprintf(buf, n, "%" G_GUINT64_FORMAT " bytes", ram);
}

bool ww_bootram_check(const ww_bootram *r, const char *what, uint64_t at, uint64_t len,
                      GError **err)
{
    char rs[32];
    ram_size(rs, sizeof rs, r->ram);
    if (!len) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "%s: nothing to place at 0x%"
                    G_GINT64_MODIFIER "x (0 bytes)", what, at);
        return false;
    }
    if (len > r->ram) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "%s: %" G_GUINT64_FORMAT " bytes do not "
                    "fit in the %s of RAM; expected a larger ram= or a smaller file", what, len,
                    rs);
        return false;
    }
    if (at > r->ram - len) {    /* no overflow: len <= ram */
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "%s: %" G_GUINT64_FORMAT " bytes at 0x%"
                    G_GINT64_MODIFIER "x do not fit: they end at 0x%" G_GINT64_MODIFIER "x, "
                    "beyond the %s of RAM; expected a larger ram= or a smaller file", what, len,
                    at, at + len, rs);
        return false;
    }
    for (unsigned i = 0; i < r->n; i++) {
        const ww_bootram_span *s = &r->span[i];
        if (at < s->base + s->size && s->base < at + len) {
            g_set_error(err, WW_ERROR, WW_ERROR_CONFLICT, "%s: 0x%" G_GINT64_MODIFIER "x-0x%"
                        G_GINT64_MODIFIER "x overlaps %s at 0x%" G_GINT64_MODIFIER "x-0x%"
                        G_GINT64_MODIFIER "x", what, at, at + len - 1, s->what, s->base,
                        s->base + s->size - 1);
            return false;
        }
    }
    return true;
}

static bool claim(ww_bootram *r, const char *what, uint64_t at, uint64_t len, GError **err)
{
    if (r->n == WW_BOOTRAM_MAX_SPANS) {
        g_set_error(err, WW_ERROR, WW_ERROR_FAILED, "%s: more than %u pieces placed in RAM",
                    what, WW_BOOTRAM_MAX_SPANS);
        return false;
    }
    r->span[r->n++] = (ww_bootram_span){ at, len, g_strdup(what) };
    return true;
}

bool ww_bootram_reserve(ww_bootram *r, const char *what, uint64_t at, uint64_t len,
                        GError **err)
{
    return ww_bootram_check(r, what, at, len, err) && claim(r, what, at, len, err);
}

bool ww_bootram_load(ww_bootram *r, const char *what, uint64_t at, const void *data,
                     size_t len, GError **err)
{
    return ww_bootram_check(r, what, at, len, err) &&
           ww_space_load(r->mem, at, data, len, err) && claim(r, what, at, len, err);
}

bool ww_bootram_load_elf(ww_bootram *r, const char *what, const ww_elf32 *e,
                         const uint8_t *img, uint32_t mask, uint64_t offset, uint64_t *end,
                         GError **err)
{
    uint64_t top = 0;
    for (unsigned i = 0; i < e->nsegs; i++) {
        const ww_elf_seg *s = &e->seg[i];
        uint64_t at = (s->paddr & mask) + offset;
        if (!ww_bootram_check(r, what, at, s->memsz, err))
            return false;
        top = MAX(top, at + s->memsz);
    }
    for (unsigned i = 0; i < e->nsegs; i++) {
        const ww_elf_seg *s = &e->seg[i];
        uint64_t at = (s->paddr & mask) + offset;
        /* ww_elf32_parse checked filesz <= memsz and the file range; memsz > 0. */
        uint8_t *buf = g_malloc0(s->memsz);
        memcpy(buf, img + s->offset, s->filesz);
        bool ok = ww_space_load(r->mem, at, buf, s->memsz, err);
        g_free(buf);
        if (!ok)
            return false;
    }
    for (unsigned i = 0; i < e->nsegs; i++)
        if (!claim(r, what, (e->seg[i].paddr & mask) + offset, e->seg[i].memsz, err))
            return false;
    if (end)
        *end = top;
    return true;
}
