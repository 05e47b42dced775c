/* core/space.c — address spaces: page table fast path for RAM/ROM, MMIO
 * dispatch with width/endianness/stride adapters, unmapped policy. */
#include "core/space.h"
#include "core/pci.h"
#include <string.h>

struct ww_space {
    char *name;
    ww_space_config cfg;
    GPtrArray *maps;        /* ww_mapping*, sorted by priority, highest first */
    uint8_t **rtab, **wtab; /* flat page tables (addr_bits ≤ 32) */
    uint64_t npages;
    uint64_t generation;
    /* The tables exist once someone asks for them: until then every access
     * takes the slow path (always right) and changes only widen [dirty_lo,
     * dirty_hi], so building a machine (or linting one) with thousands of
     * maps or spaces neither allocates 16 MiB per space nor rewrites the
     * tables per map. */
    bool live, dirty;
    uint64_t dirty_lo, dirty_hi;
    ww_space_watch_fn watch;  /* guest accesses to chips (ww_space_set_watch) */
    void *watch_opaque;
};

static uint64_t space_limit(const ww_space *s)
{
    return s->cfg.addr_bits >= 64 ? UINT64_MAX : (1ull << s->cfg.addr_bits) - 1;
}

ww_space *ww_space_new(const char *name, const ww_space_config *cfg, GError **err)
{
    if (!cfg->addr_bits || cfg->addr_bits > 64) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID,
                    "space '%s': address width %u bits; expected 1..64", name, cfg->addr_bits);
        return NULL;
    }
    ww_space *s = g_new0(ww_space, 1);
    s->name = g_strdup(name);
    s->cfg = *cfg;
    if (!s->cfg.page_bits)
        s->cfg.page_bits = 12;
    s->maps = g_ptr_array_new();
    if (cfg->addr_bits <= 32 && cfg->addr_bits > s->cfg.page_bits)
        s->npages = 1ull << (cfg->addr_bits - s->cfg.page_bits);   /* tables: make_live() */
    return s;
}

static void track_free(ww_mapping *m);

static void mapping_free(ww_mapping *m)
{
    track_free(m);
    g_free(m->name);
    g_free(m);
}

void ww_space_free(ww_space *s)
{
    if (!s)
        return;
    for (unsigned i = 0; i < s->maps->len; i++)
        mapping_free(s->maps->pdata[i]);
    g_ptr_array_free(s->maps, TRUE);
    g_free(s->rtab);
    g_free(s->wtab);
    g_free(s->name);
    g_free(s);
}

const char *ww_space_name(const ww_space *s) { return s->name; }
const ww_space_config *ww_space_cfg(const ww_space *s) { return &s->cfg; }
static void rebuild_range(ww_space *s, uint64_t lo, uint64_t hi);
static bool track_clean(const ww_mapping *m, uint64_t hoff);
static void track_write(ww_space *s, ww_mapping *m, uint64_t addr, uint64_t len);

static void make_live(ww_space *s)
{
    if (s->live)
        return;
    s->live = true;
    if (!s->npages)
        return;
    s->rtab = g_new0(uint8_t *, s->npages);
    s->wtab = g_new0(uint8_t *, s->npages);
    if (s->dirty)
        rebuild_range(s, s->dirty_lo, s->dirty_hi);
}

uint8_t *const *ww_space_read_table(ww_space *s) { make_live(s); return s->rtab; }
uint8_t *const *ww_space_write_table(ww_space *s) { make_live(s); return s->wtab; }
uint64_t ww_space_generation(const ww_space *s) { return s->generation; }

unsigned ww_space_mappings(ww_space *s, const ww_mapping **out)
{
    /* Callers iterate; expose the pointer array as a list of mappings. */
    static __thread const ww_mapping **tmp;
    g_free(tmp);
    tmp = g_new(const ww_mapping *, s->maps->len + 1);
    for (unsigned i = 0; i < s->maps->len; i++)
        tmp[i] = s->maps->pdata[i];
    *out = (const ww_mapping *)tmp;
    return s->maps->len;
}

/* Recompute the page-table entries of pages overlapping [lo, hi] from every
 * mapping, lowest priority first, so a higher-priority mapping overrides; any
 * non-RAM mapping touching a page sends the whole page to the slow path.
 * Only the pages of the changed range are touched (a 32-bit table has 1M
 * entries: rebuilding it whole per mapping made user-mode start-up slow). */
static void rebuild_range(ww_space *s, uint64_t lo, uint64_t hi)
{
    s->generation++;
    if (!s->npages || lo >= (s->npages << s->cfg.page_bits))
        return;
    if (!s->live) {
        s->dirty_lo = s->dirty ? MIN(s->dirty_lo, lo) : lo;
        s->dirty_hi = s->dirty ? MAX(s->dirty_hi, hi) : hi;
        s->dirty = true;
        return;
    }
    unsigned pb = s->cfg.page_bits;
    uint64_t psz = 1ull << pb, pmask = psz - 1;
    uint64_t plo = lo >> pb, phi = MIN(hi >> pb, s->npages - 1);
    memset(s->rtab + plo, 0, (phi - plo + 1) * sizeof *s->rtab);
    memset(s->wtab + plo, 0, (phi - plo + 1) * sizeof *s->wtab);
    for (int i = (int)s->maps->len - 1; i >= 0; i--) {
        ww_mapping *m = s->maps->pdata[i];
        if (m->hidden)
            continue;
        uint64_t first = MAX(m->base >> pb, plo), last = MIN((m->base + m->size - 1) >> pb, phi);
        bool ram = (m->kind == WW_MAP_RAM || m->kind == WW_MAP_ROM) && !(m->mirror & pmask);
        for (uint64_t p = first; p <= last; p++) {
            uint64_t pa = p << pb;
            bool full = pa >= m->base && pa + psz - 1 <= m->base + m->size - 1;
            if (ram && full && !(m->base & pmask)) {
                uint8_t *h = m->host + ((pa - m->base) & ~m->mirror);
                s->rtab[p] = h;
                s->wtab[p] = m->kind == WW_MAP_RAM && !track_clean(m, pa - m->base) ? h : NULL;
            } else {
                s->rtab[p] = NULL;
                s->wtab[p] = NULL;
            }
        }
    }
}

static void rebuild_mapping(ww_space *s, const ww_mapping *m)
{
    rebuild_range(s, m->base, m->base + m->size - 1);
}

static bool range_ok(const ww_space *s, uint64_t base, uint64_t size)
{
    return size && base <= space_limit(s) && size - 1 <= space_limit(s) - base;
}

static bool add_mapping(ww_space *s, ww_mapping *m, GError **err)
{
    m->space = s;
    if (m->hidden)
        goto insert;   /* a hidden window is checked when it is placed */
    if (!m->size) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "space '%s': mapping '%s' has size 0",
                    s->name, m->name);
        goto fail;
    }
    if (m->base > space_limit(s) || m->size - 1 > space_limit(s) - m->base) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID,
                    "space '%s': mapping '%s' at 0x%" G_GINT64_MODIFIER "x size 0x%"
                    G_GINT64_MODIFIER "x goes beyond the %u-bit address space",
                    s->name, m->name, m->base, m->size, s->cfg.addr_bits);
        goto fail;
    }
    for (unsigned i = 0; i < s->maps->len; i++) {
        ww_mapping *o = s->maps->pdata[i];
        if (!strcmp(o->name, m->name)) {
            g_set_error(err, WW_ERROR, WW_ERROR_CONFLICT,
                        "space '%s': a mapping named '%s' already exists", s->name, m->name);
            goto fail;
        }
        bool overlap = m->base <= o->base + (o->size - 1) && o->base <= m->base + (m->size - 1);
        if (overlap && o->priority == m->priority && !o->hidden && !(o->window && m->window)) {
            g_set_error(err, WW_ERROR, WW_ERROR_CONFLICT,
                        "space '%s': '%s' (0x%" G_GINT64_MODIFIER "x-0x%" G_GINT64_MODIFIER
                        "x) overlaps '%s' (0x%" G_GINT64_MODIFIER "x-0x%" G_GINT64_MODIFIER
                        "x); give one of them a priority", s->name, m->name, m->base,
                        m->base + m->size - 1, o->name, o->base, o->base + o->size - 1);
            goto fail;
        }
    }
insert:;
    unsigned at = 0;
    while (at < s->maps->len && ((ww_mapping *)s->maps->pdata[at])->priority >= m->priority)
        at++;
    g_ptr_array_insert(s->maps, (gint)at, m);
    if (!m->hidden)
        rebuild_mapping(s, m);
    return true;
fail:
    mapping_free(m);
    return false;
}

bool ww_space_map_ram(ww_space *s, const char *name, uint64_t base, uint64_t size,
                      uint8_t *host, bool readonly, int priority, GError **err)
{
    ww_mapping *m = g_new0(ww_mapping, 1);
    *m = (ww_mapping){ .name = g_strdup(name), .kind = readonly ? WW_MAP_ROM : WW_MAP_RAM,
                       .base = base, .size = size, .priority = priority, .host = host,
                       .stride = 1 };
    return add_mapping(s, m, err);
}

bool ww_space_map_chip(ww_space *s, const char *name, uint64_t base, uint64_t size,
                       ww_chip *chip, unsigned region, uint64_t stride, uint64_t offset,
                       int priority, GError **err)
{
    unsigned nreg = 0;
    for (const ww_region_desc *r = chip->cls->regions; r && r->name; r++)
        nreg++;
    if (region >= nreg) {
        g_set_error(err, WW_ERROR, WW_ERROR_NOT_FOUND, "%s (%s) has no region #%u",
                    chip->id, chip->cls->type, region);
        return false;
    }
    if (!chip->cls->read || !chip->cls->write) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID,
                    "%s (%s) has no read/write handlers to map", chip->id, chip->cls->type);
        return false;
    }
    const ww_region_desc *r = &chip->cls->regions[region];
    unsigned mn = r->min_access ? r->min_access : 1, mx = r->max_access ? r->max_access : 8;
    if (mn > mx || (mn & (mn - 1)) || (mx & (mx - 1)) || mx > 8) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID,
                    "%s region '%s': access widths %u..%u are not valid", chip->id, r->name, mn, mx);
        return false;
    }
    ww_mapping *m = g_new0(ww_mapping, 1);
    *m = (ww_mapping){ .name = g_strdup(name), .kind = WW_MAP_CHIP, .base = base, .size = size,
                       .priority = priority, .chip = chip, .region = region,
                       .stride = stride ? stride : 1, .offset = offset };
    return add_mapping(s, m, err);
}

bool ww_space_map_unmapped(ww_space *s, const char *name, uint64_t base, uint64_t size,
                           int priority, GError **err)
{
    ww_mapping *m = g_new0(ww_mapping, 1);
    *m = (ww_mapping){ .name = g_strdup(name), .kind = WW_MAP_UNMAPPED, .base = base,
                       .size = size, .priority = priority, .stride = 1 };
    return add_mapping(s, m, err);
}

void ww_space_unmap(ww_space *s, const char *name)
{
    for (unsigned i = 0; i < s->maps->len; i++) {
        ww_mapping *m = s->maps->pdata[i];
        if (!strcmp(m->name, name)) {
            g_ptr_array_remove_index(s->maps, i);
            if (!m->hidden)
                rebuild_mapping(s, m);
            mapping_free(m);
            return;
        }
    }
}

/* ---- windows ---------------------------------------------------------------- */

static bool name_free(ww_space *s, const char *name, GError **err)
{
    for (unsigned i = 0; i < s->maps->len; i++)
        if (!strcmp(((ww_mapping *)s->maps->pdata[i])->name, name)) {
            g_set_error(err, WW_ERROR, WW_ERROR_CONFLICT,
                        "space '%s': a mapping named '%s' already exists", s->name, name);
            return false;
        }
    return true;
}

ww_window *ww_window_open_chip(ww_space *s, ww_chip *owner, const char *name, ww_chip *target,
                               unsigned region, int priority, GError **err)
{
    unsigned nreg = 0;
    for (const ww_region_desc *r = target->cls->regions; r && r->name; r++)
        nreg++;
    if (region >= nreg || !target->cls->read || !target->cls->write) {
        g_set_error(err, WW_ERROR, WW_ERROR_NOT_FOUND, "%s (%s) has no mappable region #%u",
                    target->id, target->cls->type, region);
        return NULL;
    }
    if (!name_free(s, name, err))
        return NULL;
    ww_mapping *m = g_new0(ww_mapping, 1);
    *m = (ww_mapping){ .name = g_strdup(name), .kind = WW_MAP_CHIP, .priority = priority,
                       .chip = target, .region = region, .stride = 1, .owner = owner,
                       .window = true, .hidden = true, .max_size = UINT64_MAX };
    return add_mapping(s, m, err) ? m : NULL;
}

ww_window *ww_window_open_ram(ww_space *s, ww_chip *owner, const char *name, uint8_t *host,
                              uint64_t max_size, bool readonly, int priority, GError **err)
{
    if (!name_free(s, name, err))
        return NULL;
    ww_mapping *m = g_new0(ww_mapping, 1);
    *m = (ww_mapping){ .name = g_strdup(name), .kind = readonly ? WW_MAP_ROM : WW_MAP_RAM,
                       .priority = priority, .host = host, .stride = 1, .owner = owner,
                       .window = true, .hidden = true, .max_size = max_size };
    return add_mapping(s, m, err) ? m : NULL;
}

ww_window *ww_space_make_window(ww_space *s, const char *name, ww_chip *owner, GError **err)
{
    for (unsigned i = 0; i < s->maps->len; i++) {
        ww_mapping *m = s->maps->pdata[i];
        if (!strcmp(m->name, name)) {
            m->owner = owner;
            m->window = true;
            m->max_size = m->kind == WW_MAP_CHIP ? UINT64_MAX : m->size;
            return m;
        }
    }
    g_set_error(err, WW_ERROR, WW_ERROR_NOT_FOUND, "space '%s' has no mapping '%s'", s->name, name);
    return NULL;
}

bool ww_window_place(ww_window *w, uint64_t base, uint64_t size)
{
    ww_space *s = w->space;
    if (!range_ok(s, base, size) || size > w->max_size) {
        if (w->owner)
            ww_chip_guest_error(w->owner, "window '%s' at 0x%" G_GINT64_MODIFIER "x size 0x%"
                                G_GINT64_MODIFIER "x does not fit %s; left unmapped", w->name,
                                base, size, s->name);
        ww_window_hide(w);
        return false;
    }
    if (!w->hidden && w->base == base && w->size == size)
        return true;
    if (!w->hidden) {
        w->hidden = true;
        rebuild_mapping(s, w);   /* the pages it leaves */
    }
    w->base = base;
    w->size = size;
    w->hidden = false;
    rebuild_mapping(s, w);
    return true;
}

void ww_window_hide(ww_window *w)
{
    if (w->hidden)
        return;
    w->hidden = true;
    rebuild_mapping(w->space, w);
}

bool ww_window_set_readonly(ww_window *w, bool readonly)
{
    if (w->kind != WW_MAP_RAM && w->kind != WW_MAP_ROM)
        return false;
    ww_map_kind k = readonly ? WW_MAP_ROM : WW_MAP_RAM;
    if (w->kind == k)
        return true;
    w->kind = k;
    if (!w->hidden)
        rebuild_mapping(w->space, w);   /* the write table changes */
    return true;
}

const ww_mapping *ww_space_fixed_overlap(ww_space *s, uint64_t base, uint64_t size)
{
    if (!size)
        return NULL;
    uint64_t last = size - 1 > UINT64_MAX - base ? UINT64_MAX : base + size - 1;
    for (unsigned i = 0; i < s->maps->len; i++) {
        const ww_mapping *m = s->maps->pdata[i];
        if (m->window || m->hidden || m->kind == WW_MAP_UNMAPPED)
            continue;
        if (base <= m->base + (m->size - 1) && m->base <= last)
            return m;
    }
    return NULL;
}

void ww_window_close(ww_window *w)
{
    if (w)
        ww_space_unmap(w->space, w->name);
}

bool ww_space_set_mirror(ww_space *s, const char *name, uint64_t mirror, GError **err)
{
    for (unsigned i = 0; i < s->maps->len; i++) {
        ww_mapping *m = s->maps->pdata[i];
        if (!strcmp(m->name, name)) {
            m->mirror = mirror;
            rebuild_mapping(s, m);
            return true;
        }
    }
    g_set_error(err, WW_ERROR, WW_ERROR_NOT_FOUND, "space '%s' has no mapping '%s'", s->name, name);
    return false;
}

static ww_mapping *lookup(ww_space *s, uint64_t addr)
{
    for (unsigned i = 0; i < s->maps->len; i++) {
        ww_mapping *m = s->maps->pdata[i];
        if (!m->hidden && addr >= m->base && addr - m->base < m->size)
            return m;
    }
    return NULL;
}

/* ---- access ---------------------------------------------------------------- */

enum { OP_READ, OP_WRITE, OP_PEEK };

static uint64_t size_mask(unsigned size)
{
    return size >= 8 ? UINT64_MAX : (1ull << (8 * size)) - 1;
}

static uint64_t bswap(uint64_t v, unsigned size)
{
    switch (size) {
    case 2: return GUINT16_SWAP_LE_BE((uint16_t)v);
    case 4: return GUINT32_SWAP_LE_BE((uint32_t)v);
    case 8: return GUINT64_SWAP_LE_BE(v);
    default: return v;
    }
}

static inline uint64_t host_load(const uint8_t *p, unsigned size, ww_endian e)
{
    uint64_t v;
    switch (size) {
    case 1: return *p;
    case 2: { uint16_t x; memcpy(&x, p, 2); return e == WW_BIG_ENDIAN ? GUINT16_FROM_BE(x) : GUINT16_FROM_LE(x); }
    case 4: { uint32_t x; memcpy(&x, p, 4); return e == WW_BIG_ENDIAN ? GUINT32_FROM_BE(x) : GUINT32_FROM_LE(x); }
    default: memcpy(&v, p, 8); return e == WW_BIG_ENDIAN ? GUINT64_FROM_BE(v) : GUINT64_FROM_LE(v);
    }
}

static inline void host_store(uint8_t *p, unsigned size, ww_endian e, uint64_t v)
{
    switch (size) {
    case 1: *p = (uint8_t)v; return;
    case 2: { uint16_t x = e == WW_BIG_ENDIAN ? GUINT16_TO_BE((uint16_t)v) : GUINT16_TO_LE((uint16_t)v); memcpy(p, &x, 2); return; }
    case 4: { uint32_t x = e == WW_BIG_ENDIAN ? GUINT32_TO_BE((uint32_t)v) : GUINT32_TO_LE((uint32_t)v); memcpy(p, &x, 4); return; }
    default: { uint64_t x = e == WW_BIG_ENDIAN ? GUINT64_TO_BE(v) : GUINT64_TO_LE(v); memcpy(p, &x, 8); return; }
    }
}

static ww_bus_status unmapped(ww_space *s, ww_mapping *m, uint64_t addr, unsigned size,
                              uint64_t *val, int op)
{
    if (op != OP_PEEK) {
        if (m)
            ww_log(WW_LOG_GUEST_ERROR, "bus", "%s: %s of %u bytes at %s+0x%" G_GINT64_MODIFIER "x",
                   s->name, op == OP_WRITE ? "write" : "read", size, m->name, addr - m->base);
        else
            ww_log(WW_LOG_GUEST_ERROR, "bus", "%s: %s of %u bytes at unmapped 0x%"
                   G_GINT64_MODIFIER "x", s->name, op == OP_WRITE ? "write" : "read", size, addr);
    }
    if (val && op != OP_WRITE)
        *val = s->cfg.open_bus & size_mask(size);
    return s->cfg.unmapped == WW_UNMAPPED_BUS_ERROR ? WW_BUS_ERROR : WW_BUS_OK;
}

/* One access of `size` bytes at chip offset `off`, value in region byte order,
 * with size inside min..max of the region. */
static uint64_t chip_direct(ww_mapping *m, uint64_t off, unsigned size, uint64_t v, int op)
{
    ww_chip *c = m->chip;
    if (c->cls->regions[m->region].flags & WW_REGION_PCI_CONFIG) {
        /* The standard header is the core's; the rest goes to the chip. */
        if (op == OP_WRITE) {
            ww_pci_config_write(c, off, v & size_mask(size), size);
            return 0;
        }
        return ww_pci_config_read(c, off, size, op == OP_PEEK ? WW_PEEK : WW_ACCESS)
               & size_mask(size);
    }
    if (op == OP_WRITE) {
        c->cls->write(c, m->region, off, v & size_mask(size), size);
        return 0;
    }
    return c->cls->read(c, m->region, off, size, op == OP_PEEK ? WW_PEEK : WW_ACCESS)
           & size_mask(size);
}

static ww_bus_status chip_access(ww_space *s, ww_mapping *m, uint64_t addr, unsigned size,
                                 uint64_t *val, int op)
{
    const ww_region_desc *r = &m->chip->cls->regions[m->region];
    unsigned mn = r->min_access ? r->min_access : 1, mx = r->max_access ? r->max_access : 8;
    uint64_t boff = (addr - m->base) & ~m->mirror;
    /* stride n: register k sits at base + k*n; the byte lane within is ignored. */
    uint64_t off = boff / m->stride + m->offset;
    if (off >= r->size || size > r->size - off) {
        ww_log(WW_LOG_GUEST_ERROR, "bus", "%s: %s of %u bytes at %s+0x%" G_GINT64_MODIFIER
               "x is outside region '%s' of %s (size 0x%" G_GINT64_MODIFIER "x)", s->name,
               op == OP_WRITE ? "write" : "read", size, m->name, boff, r->name, m->chip->id, r->size);
        return unmapped(s, NULL, addr, size, val, OP_PEEK);
    }
    bool swap = r->endian != s->cfg.endian;
    uint64_t in = op == OP_WRITE ? *val & size_mask(size) : 0;
    if (size > mx) {
        /* Split into max-width pieces at consecutive offsets, assembled in bus order. */
        unsigned n = size / mx;
        uint64_t acc = 0;
        for (unsigned i = 0; i < n; i++) {
            unsigned sh = 8 * mx * (s->cfg.endian == WW_BIG_ENDIAN ? n - 1 - i : i);
            uint64_t piece = (in >> sh) & size_mask(mx);
            if (swap)
                piece = bswap(piece, mx);
            uint64_t got = chip_direct(m, off + i * mx, mx, piece, op);
            if (op != OP_WRITE)
                acc |= (swap ? bswap(got, mx) : got) << sh;
        }
        if (op != OP_WRITE)
            *val = acc;
        return WW_BUS_OK;
    }
    if (size < mn && (off & (mn - 1)) + size > mn) {
        /* Narrow but across two registers: one byte at a time, in bus order. */
        uint64_t acc = 0;
        for (unsigned i = 0; i < size; i++) {
            unsigned sh = 8 * (s->cfg.endian == WW_BIG_ENDIAN ? size - 1 - i : i);
            uint64_t b = (in >> sh) & 0xff;
            chip_access(s, m, addr + i, 1, &b, op);
            acc |= (b & 0xff) << sh;
        }
        if (op != OP_WRITE)
            *val = acc;
        return WW_BUS_OK;
    }
    if (size < mn) {
        /* Widen: access the aligned register, pick our bytes out of it. */
        uint64_t aoff = off & ~(uint64_t)(mn - 1);
        unsigned k = (unsigned)(off - aoff);
        unsigned sh = 8 * (r->endian == WW_BIG_ENDIAN ? mn - size - k : k);
        uint64_t part = swap ? bswap(in, size) : in;
        if (op == OP_WRITE) {
            chip_direct(m, aoff, mn, part << sh, op);
        } else {
            uint64_t got = (chip_direct(m, aoff, mn, 0, op) >> sh) & size_mask(size);
            *val = swap ? bswap(got, size) : got;
        }
        return WW_BUS_OK;
    }
    uint64_t got = chip_direct(m, off, size, swap ? bswap(in, size) : in, op);
    if (op != OP_WRITE)
        *val = swap ? bswap(got, size) : got;
    return WW_BUS_OK;
}

static ww_bus_status slow(ww_space *s, uint64_t addr, unsigned size, uint64_t *val, int op)
{
    ww_mapping *m = lookup(s, addr);
    if (m && size > 1 && (addr - m->base) + size > m->size) {
        /* Straddles two mappings: byte by byte in bus order. */
        uint64_t acc = 0, in = op == OP_WRITE ? *val : 0;
        ww_bus_status st = WW_BUS_OK;
        for (unsigned i = 0; i < size; i++) {
            unsigned sh = 8 * (s->cfg.endian == WW_BIG_ENDIAN ? size - 1 - i : i);
            uint64_t b = (in >> sh) & 0xff;
            st |= slow(s, addr + i, 1, &b, op);
            acc |= (b & 0xff) << sh;
        }
        if (op != OP_WRITE)
            *val = acc;
        return st;
    }
    if (!m)
        return unmapped(s, NULL, addr, size, val, op);
    switch (m->kind) {
    case WW_MAP_RAM:
    case WW_MAP_ROM: {
        uint8_t *p = m->host + ((addr - m->base) & ~m->mirror);
        if (op == OP_WRITE) {
            if (m->kind == WW_MAP_ROM) {
                ww_log(WW_LOG_GUEST_ERROR, "bus", "%s: write to ROM %s+0x%" G_GINT64_MODIFIER "x",
                       s->name, m->name, addr - m->base);
                return WW_BUS_OK;
            }
            if (m->track)
                track_write(s, m, addr, size);
            host_store(p, size, s->cfg.endian, *val);
        } else {
            *val = host_load(p, size, s->cfg.endian);
        }
        return WW_BUS_OK;
    }
    case WW_MAP_CHIP: {
        ww_bus_status st = chip_access(s, m, addr, size, val, op);
        if (G_UNLIKELY(s->watch != NULL) && op != OP_PEEK)
            s->watch(s->watch_opaque, s, m->chip, m->region,
                     ((addr - m->base) & ~m->mirror) / m->stride + m->offset, size,
                     op == OP_WRITE, val ? *val & size_mask(size) : 0);
        return st;
    }
    case WW_MAP_UNMAPPED:
        return unmapped(s, m, addr, size, val, op);
    }
    return WW_BUS_ERROR;
}

void ww_space_set_watch(ww_space *s, ww_space_watch_fn fn, void *opaque)
{
    s->watch = fn;
    s->watch_opaque = opaque;
}

static inline bool valid_size(unsigned size)
{
    return size == 1 || size == 2 || size == 4 || size == 8;
}

ww_bus_status ww_space_read(ww_space *s, uint64_t addr, unsigned size, uint64_t *val)
{
    if (!valid_size(size))
        return WW_BUS_ERROR;
    if (s->rtab && addr <= UINT32_MAX) {
        unsigned pb = s->cfg.page_bits;
        uint64_t in = addr & ((1ull << pb) - 1);
        uint8_t *p = (addr >> pb) < s->npages ? s->rtab[addr >> pb] : NULL;
        if (p && in + size <= (1ull << pb)) {
            *val = host_load(p + in, size, s->cfg.endian);
            return WW_BUS_OK;
        }
    }
    return slow(s, addr, size, val, OP_READ);
}

ww_bus_status ww_space_write(ww_space *s, uint64_t addr, unsigned size, uint64_t val)
{
    if (!valid_size(size))
        return WW_BUS_ERROR;
    if (s->wtab && addr <= UINT32_MAX) {
        unsigned pb = s->cfg.page_bits;
        uint64_t in = addr & ((1ull << pb) - 1);
        uint8_t *p = (addr >> pb) < s->npages ? s->wtab[addr >> pb] : NULL;
        if (p && in + size <= (1ull << pb)) {
            host_store(p + in, size, s->cfg.endian, val);
            return WW_BUS_OK;
        }
    }
    return slow(s, addr, size, &val, OP_WRITE);
}

ww_bus_status ww_space_peek(ww_space *s, uint64_t addr, unsigned size, uint64_t *val)
{
    if (!valid_size(size))
        return WW_BUS_ERROR;
    return slow(s, addr, size, val, OP_PEEK);
}

bool ww_space_access(ww_space *s, uint64_t addr, unsigned size, uint64_t *val, bool write,
                     GError **err)
{
    if (!valid_size(size)) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID,
                    "%s: access size %u; expected 1, 2, 4 or 8 bytes", s->name, size);
        return false;
    }
    ww_mapping *m = lookup(s, addr);
    if (!m || m->kind == WW_MAP_UNMAPPED) {
        g_set_error(err, WW_ERROR, WW_ERROR_NOT_FOUND, "%s: nothing mapped at 0x%"
                    G_GINT64_MODIFIER "x%s%s%s", s->name, addr, m ? " (hole '" : "",
                    m ? m->name : "", m ? "')" : "");
        return false;
    }
    if (m->kind == WW_MAP_CHIP) {
        const ww_region_desc *r = &m->chip->cls->regions[m->region];
        unsigned mn = r->min_access ? r->min_access : 1, mx = r->max_access ? r->max_access : 8;
        if ((r->flags & WW_REGION_STRICT) && (size < mn || size > mx)) {
            g_set_error(err, WW_ERROR, WW_ERROR_UNSUPPORTED,
                        "%s: %u-byte access at 0x%" G_GINT64_MODIFIER "x: region '%s' of %s "
                        "allows %u..%u bytes", s->name, size, addr, r->name, m->chip->id, mn, mx);
            return false;
        }
    }
    ww_bus_status st = write ? ww_space_write(s, addr, size, *val) : ww_space_read(s, addr, size, val);
    if (st != WW_BUS_OK) {
        g_set_error(err, WW_ERROR, WW_ERROR_FAILED, "%s: bus error at 0x%" G_GINT64_MODIFIER "x",
                    s->name, addr);
        return false;
    }
    return true;
}

ww_bus_status ww_space_read_buf(ww_space *s, uint64_t addr, void *buf, size_t len)
{
    uint8_t *b = buf;
    ww_bus_status st = WW_BUS_OK;
    for (size_t i = 0; i < len; i++) {
        uint64_t v = 0;
        st |= ww_space_read(s, addr + i, 1, &v);
        b[i] = (uint8_t)v;
    }
    return st;
}

ww_bus_status ww_space_write_buf(ww_space *s, uint64_t addr, const void *buf, size_t len)
{
    const uint8_t *b = buf;
    ww_bus_status st = WW_BUS_OK;
    for (size_t i = 0; i < len; i++)
        st |= ww_space_write(s, addr + i, 1, b[i]);
    return st;
}

uint8_t *ww_space_ram_ptr(ww_space *s, uint64_t addr, bool write, uint64_t *avail)
{
    ww_mapping *m = lookup(s, addr);
    if (!m || !(m->kind == WW_MAP_RAM || (m->kind == WW_MAP_ROM && !write)) || m->mirror)
        return NULL;
    *avail = m->size - (addr - m->base);
    if (write && m->track) {
        /* One page at a time, so every page the caller writes is marked. */
        uint64_t psz = 1ull << s->cfg.page_bits;
        *avail = MIN(*avail, psz - (addr & (psz - 1)));
        track_write(s, m, addr, *avail);
    }
    return m->host + (addr - m->base);
}

bool ww_space_load(ww_space *s, uint64_t addr, const void *buf, size_t len, GError **err)
{
    const uint8_t *b = buf;
    size_t done = 0;
    while (done < len) {
        ww_mapping *m = lookup(s, addr + done);
        if (!m || (m->kind != WW_MAP_RAM && m->kind != WW_MAP_ROM)) {
            g_set_error(err, WW_ERROR, WW_ERROR_INVALID,
                        "%s: cannot load at 0x%" G_GINT64_MODIFIER "x: no RAM or ROM there",
                        s->name, addr + done);
            return false;
        }
        uint64_t off = addr + done - m->base;
        size_t n = (size_t)MIN((uint64_t)(len - done), m->size - off);
        if (m->track && m->kind == WW_MAP_RAM)
            track_write(s, m, addr + done, n);
        for (size_t i = 0; i < n; i++)
            m->host[(off + i) & ~m->mirror] = b[done + i];
        done += n;
    }
    return true;
}

/* ---- write tracking ---------------------------------------------------------
 * (space.h "write tracking"). The state per tracked mapping is one bit per
 * page of its host memory: set = written since the last collect. The page
 * table's rule (rebuild_range) is that a tracked RAM page is in the write
 * table only while its bit is set; the slow path sets bits (track_write) and
 * restores the entries, collecting clears bits and removes them.
 *
 * This is the one place the write table is edited outside rebuild_range; the
 * code-page write notification of the translation cache follows the same rule
 * (a page is in the write table only if no one watches its writes), so both
 * reduce to "a page is fast-writable iff every tracker says so". */
typedef struct ww_write_track {
    uint64_t *bits;
    uint64_t npages;
} ww_write_track;

static void track_free(ww_mapping *m)
{
    if (m->track) {
        g_free(m->track->bits);
        g_free(m->track);
        m->track = NULL;
    }
}

/* Host page holding mapping offset hoff is tracked and clean. */
static bool track_clean(const ww_mapping *m, uint64_t hoff)
{
    if (!m->track)
        return false;
    uint64_t i = hoff >> (m->space ? m->space->cfg.page_bits : 12);
    return i >= m->track->npages || !(m->track->bits[i >> 6] >> (i & 63) & 1);
}

/* Bytes [addr, addr + len) of mapping m (a RAM mapping of space s) are being
 * written: mark their pages and let later writes take the fast path. */
static void track_write(ww_space *s, ww_mapping *m, uint64_t addr, uint64_t len)
{
    ww_write_track *t = m->track;
    unsigned pb = s->cfg.page_bits;
    if (!len || addr < m->base)
        return;
    uint64_t first = (addr - m->base) >> pb;
    uint64_t last = (addr - m->base + len - 1) >> pb;
    for (uint64_t i = first; i <= last && i < t->npages; i++) {
        if (t->bits[i >> 6] >> (i & 63) & 1)
            continue;
        t->bits[i >> 6] |= 1ull << (i & 63);
        /* Back into the write table where this page is what the table maps. */
        uint64_t bp = (m->base >> pb) + i;
        uint8_t *h = m->host + (i << pb);
        if (s->wtab && !(m->base & ((1ull << pb) - 1)) && bp < s->npages && s->rtab[bp] == h &&
            m->kind == WW_MAP_RAM)
            s->wtab[bp] = h;
    }
}

bool ww_mapping_track_writes(ww_mapping *m, bool on)
{
    if (m->kind != WW_MAP_RAM)
        return false;
    if (!on) {
        track_free(m);
    } else if (!m->track) {
        uint64_t size = m->window ? m->max_size : m->size;
        if (!size || size == UINT64_MAX)
            return false;
        m->track = g_new0(ww_write_track, 1);
        m->track->npages = ((size - 1) >> m->space->cfg.page_bits) + 1;
        m->track->bits = g_new0(uint64_t, (m->track->npages + 63) / 64);
    }
    if (!m->hidden)
        rebuild_range(m->space, m->base, m->base + m->size - 1);
    return true;
}

uint64_t ww_mapping_collect_writes(ww_mapping *m, uint64_t *bits, uint64_t npages)
{
    ww_write_track *t = m->track;
    if (!t)
        return 0;
    ww_space *s = m->space;
    unsigned pb = s->cfg.page_bits;
    uint64_t n = 0;
    bool removed = false;
    for (uint64_t w = 0; w < (t->npages + 63) / 64; w++) {
        uint64_t v = t->bits[w];
        if (!v)
            continue;
        t->bits[w] = 0;
        while (v) {
            uint64_t i = w * 64 + (uint64_t)__builtin_ctzll(v);
            v &= v - 1;
            n++;
            if (bits && i < npages)
                bits[i >> 6] |= 1ull << (i & 63);
            uint64_t bp = (m->base >> pb) + i;
            if (!m->hidden && s->wtab && bp < s->npages && s->wtab[bp] == m->host + (i << pb)) {
                s->wtab[bp] = NULL;
                removed = true;
            }
        }
    }
    /* CPUs that cache write pointers drop them when the generation moves. */
    if (removed)
        s->generation++;
    return n;
}
