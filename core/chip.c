/* core/chip.c — instances, properties, ports, and the generic descriptor
 * walks: register reset, dump with decoded fields, the state walk. */
#include "core/chip.h"
#include "core/space.h"
#include "core/pci.h"
#include "core/cpu.h"
#include <float.h>
#include <stdio.h>
#include <math.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* ---- number parsing ------------------------------------------------------ */

typedef struct { const char *suffix; uint64_t mul; } unit_suffix;

static const unit_suffix bytes_units[] = {
    { "KiB", 1ull << 10 }, { "MiB", 1ull << 20 }, { "GiB", 1ull << 30 },
    { "K", 1ull << 10 }, { "M", 1ull << 20 }, { "G", 1ull << 30 }, { "B", 1 }, { NULL, 0 } };
static const unit_suffix hz_units[] = {
    { "Hz", 1 }, { "kHz", 1000 }, { "MHz", 1000000 }, { "GHz", 1000000000 }, { NULL, 0 } };
static const unit_suffix ns_units[] = {
    { "ns", 1 }, { "us", 1000 }, { "ms", 1000000 }, { "s", 1000000000 }, { NULL, 0 } };

static const unit_suffix *units_of(ww_unit u)
{
    switch (u) {
    case WW_UNIT_BYTES: return bytes_units;
    case WW_UNIT_HZ:    return hz_units;
    case WW_UNIT_NS:    return ns_units;
    default:            return NULL;
    }
}

static char *unit_list(const unit_suffix *us)
{
    GString *s = g_string_new(NULL);
    for (; us && us->suffix; us++)
        g_string_append_printf(s, "%s%s", s->len ? ", " : "", us->suffix);
    return g_string_free(s, FALSE);
}

bool ww_parse_uint(const char *text, ww_unit unit, uint64_t *out, GError **err)
{
    if (!text || !*text) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "empty number");
        return false;
    }
    const char *p = text;
    while (g_ascii_isspace(*p))
        p++;
    if (*p == '-') {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "'%s': negative numbers are not allowed", text);
        return false;
    }
    uint64_t ip = 0, frac = 0, fscale = 1;
    bool any = false;
    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        p += 2;
        while (g_ascii_isxdigit(*p)) {
            if (ip >> 60) goto overflow;
            ip = ip << 4 | (uint64_t)g_ascii_xdigit_value(*p++);
            any = true;
        }
    } else {
        while (g_ascii_isdigit(*p)) {
            unsigned d = (unsigned)(*p++ - '0');
            if (ip > (UINT64_MAX - d) / 10) goto overflow;
            ip = ip * 10 + d;
            any = true;
        }
        if (*p == '.' && unit != WW_UNIT_NONE) {
            p++;
            while (g_ascii_isdigit(*p)) {
                if (fscale < 1000000000000ull) {
                    frac = frac * 10 + (uint64_t)(*p - '0');
                    fscale *= 10;
                }
                p++;
                any = true;
            }
        }
    }
    if (!any) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "'%s' is not a number", text);
        return false;
    }
    const char *suf = p;
    while (g_ascii_isspace(*suf))
        suf++;
    char *end = g_strdup(suf);
    g_strchomp(end);
    uint64_t mul = 1;
    if (*end) {
        const unit_suffix *us = units_of(unit);
        bool found = false;
        for (; us && us->suffix; us++)
            if (!strcmp(us->suffix, end)) {
                mul = us->mul;
                found = true;
                break;
            }
        if (!found) {
            char *l = unit_list(units_of(unit));
            if (*l)
                g_set_error(err, WW_ERROR, WW_ERROR_INVALID,
                            "'%s': unknown unit '%s'; expected one of %s", text, end, l);
            else
                g_set_error(err, WW_ERROR, WW_ERROR_INVALID,
                            "'%s': trailing characters '%s'; expected a plain number", text, end);
            g_free(l);
            g_free(end);
            return false;
        }
    }
    g_free(end);
    if (ip && mul > UINT64_MAX / ip)
        goto overflow;
    uint64_t v = ip * mul;
    unsigned __int128 f = (unsigned __int128)frac * mul / fscale;
    if (f > UINT64_MAX - v)
        goto overflow;
    *out = v + (uint64_t)f;
    return true;
overflow:
    g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "'%s' is too large (over 64 bits)", text);
    return false;
}

/* ---- property storage ---------------------------------------------------- */

static void store_uint(void *base, size_t off, size_t size, uint64_t v)
{
    uint8_t *p = (uint8_t *)base + off;
    switch (size) {
    case 1: { uint8_t x = (uint8_t)v; memcpy(p, &x, 1); break; }
    case 2: { uint16_t x = (uint16_t)v; memcpy(p, &x, 2); break; }
    case 4: { uint32_t x = (uint32_t)v; memcpy(p, &x, 4); break; }
    default: memcpy(p, &v, 8); break;
    }
}

static uint64_t load_uint(const void *base, size_t off, size_t size)
{
    const uint8_t *p = (const uint8_t *)base + off;
    switch (size) {
    case 1: { uint8_t x; memcpy(&x, p, 1); return x; }
    case 2: { uint16_t x; memcpy(&x, p, 2); return x; }
    case 4: { uint32_t x; memcpy(&x, p, 4); return x; }
    case 8: { uint64_t x; memcpy(&x, p, 8); return x; }
    default: return 0;
    }
}

const ww_prop_desc *ww_chip_find_prop(const ww_chip_class *cls, const char *name)
{
    for (const ww_prop_desc *p = cls->props; p && p->name; p++)
        if (!strcmp(p->name, name))
            return p;
    return NULL;
}

static bool set_prop(ww_chip *chip, const ww_prop_desc *p, const char *value, GError **err)
{
    switch (p->type) {
    case WW_PROP_UINT: {
        uint64_t v, max = p->max ? p->max
                        : (p->at.size >= 8 ? UINT64_MAX : (1ull << (8 * p->at.size)) - 1);
        if (!ww_parse_uint(value, p->unit, &v, err)) {
            g_prefix_error(err, "property '%s': ", p->name);
            return false;
        }
        if (v < p->min || v > max) {
            g_set_error(err, WW_ERROR, WW_ERROR_INVALID,
                        "property '%s': %s is out of range; expected %" G_GUINT64_FORMAT
                        "..%" G_GUINT64_FORMAT, p->name, value, p->min, max);
            return false;
        }
        store_uint(chip, p->at.offset, p->at.size, v);
        return true;
    }
    case WW_PROP_BOOL: {
        bool v;
        if (!g_ascii_strcasecmp(value, "true") || !strcmp(value, "1") ||
            !g_ascii_strcasecmp(value, "yes") || !g_ascii_strcasecmp(value, "on"))
            v = true;
        else if (!g_ascii_strcasecmp(value, "false") || !strcmp(value, "0") ||
                 !g_ascii_strcasecmp(value, "no") || !g_ascii_strcasecmp(value, "off"))
            v = false;
        else {
            g_set_error(err, WW_ERROR, WW_ERROR_INVALID,
                        "property '%s': '%s' is not a boolean; expected true or false",
                        p->name, value);
            return false;
        }
        memcpy((uint8_t *)chip + p->at.offset, &v, sizeof v);
        return true;
    }
    case WW_PROP_ENUM:
        for (uint32_t i = 0; p->choices && p->choices[i]; i++)
            if (!strcmp(p->choices[i], value)) {
                memcpy((uint8_t *)chip + p->at.offset, &i, sizeof i);
                return true;
            }
        {
            char *l = g_strjoinv(", ", (char **)p->choices);
            const char *s = ww_suggest(value, p->choices);
            g_set_error(err, WW_ERROR, WW_ERROR_INVALID,
                        "property '%s': '%s' is not allowed; expected one of %s%s%s%s",
                        p->name, value, l, s ? " (did you mean '" : "", s ? s : "",
                        s ? "'?)" : "");
            g_free(l);
        }
        return false;
    case WW_PROP_STRING: {
        char **slot = (char **)((uint8_t *)chip + p->at.offset);
        g_free(*slot);
        *slot = g_strdup(value);
        return true;
    }
    }
    return false;
}

bool ww_chip_set_prop(ww_chip *chip, const char *name, const char *value, GError **err)
{
    const ww_prop_desc *p = ww_chip_find_prop(chip->cls, name);
    if (!p) {
        GPtrArray *names = g_ptr_array_new();
        for (const ww_prop_desc *q = chip->cls->props; q && q->name; q++)
            g_ptr_array_add(names, (gpointer)q->name);
        g_ptr_array_add(names, NULL);
        const char *s = ww_suggest(name, (const char *const *)names->pdata);
        g_set_error(err, WW_ERROR, WW_ERROR_NOT_FOUND,
                    "chip type '%s' has no property '%s'%s%s%s", chip->cls->type, name,
                    s ? "; did you mean '" : "", s ? s : "", s ? "'?" : "");
        g_ptr_array_free(names, TRUE);
        return false;
    }
    if (chip->realized) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID,
                    "%s: property '%s' cannot change after realize", chip->id, name);
        return false;
    }
    return set_prop(chip, p, value, err);
}

char *ww_chip_get_prop(ww_chip *chip, const char *name)
{
    const ww_prop_desc *p = ww_chip_find_prop(chip->cls, name);
    if (!p)
        return NULL;
    const uint8_t *b = (const uint8_t *)chip + p->at.offset;
    switch (p->type) {
    case WW_PROP_UINT:
        return g_strdup_printf("%" G_GUINT64_FORMAT, load_uint(chip, p->at.offset, p->at.size));
    case WW_PROP_BOOL: {
        bool v;
        memcpy(&v, b, sizeof v);
        return g_strdup(v ? "true" : "false");
    }
    case WW_PROP_ENUM: {
        uint32_t i;
        memcpy(&i, b, sizeof i);
        return g_strdup(p->choices ? p->choices[i] : "");
    }
    case WW_PROP_STRING: {
        char *s;
        memcpy(&s, b, sizeof s);
        return g_strdup(s ? s : "");
    }
    }
    return NULL;
}

uint64_t ww_chip_prop_uint(ww_chip *chip, const char *name)
{
    const ww_prop_desc *p = ww_chip_find_prop(chip->cls, name);
    if (!p)
        return 0;
    if (p->type == WW_PROP_UINT)
        return load_uint(chip, p->at.offset, p->at.size);
    if (p->type == WW_PROP_ENUM)
        return load_uint(chip, p->at.offset, 4);
    if (p->type == WW_PROP_BOOL)
        return *((uint8_t *)chip + p->at.offset);
    return 0;
}

/* ---- the descriptor walk ------------------------------------------------------ */

/* Everything described, flattened: registers with storage, the PCI header,
 * then state (records recursed). Reset, timer set-up and the state walk are
 * all this one walk with a different visitor. */
typedef struct {
    ww_state_item it;
    void (*fire)(ww_chip *, unsigned);
    unsigned index;            /* timers: element or record index */
} walk_item;

typedef bool (*walk_fn)(ww_chip *chip, const walk_item *w, void *opaque, GError **err);

unsigned ww_reg_count(const ww_reg_desc *r)
{
    return r->count ? r->count : 1;
}

unsigned ww_reg_width(const ww_reg_desc *r)
{
    if (r->width)
        return r->width;
    if (r->format == WW_FMT_F80)
        return 10;
    return r->at.size ? (unsigned)r->at.size : 1;
}

uint64_t ww_reg_offset(const ww_reg_desc *r, unsigned index)
{
    return r->offset + (uint64_t)index * (r->step ? r->step : ww_reg_width(r));
}

int ww_reg_gdb(const ww_reg_desc *r, unsigned index)
{
    return r->gdb ? r->gdb - 1 + (int)index : -1;
}

void ww_reg_name(const ww_reg_desc *r, unsigned index, char *buf, size_t len)
{
    if (r->names && r->names[index])
        g_strlcpy(buf, r->names[index], len);
    else if (ww_reg_count(r) > 1)
        snprintf(buf, len, "%s%u", r->name, index);
    else
        g_strlcpy(buf, r->name, len);
}

static size_t reg_store(const ww_reg_desc *r, unsigned index)
{
    return r->at.offset + (size_t)index * (r->stride ? r->stride : r->at.size);
}

static ww_state_type uint_type(size_t size)
{
    return size == 1 ? WW_STATE_U8 : size == 2 ? WW_STATE_U16 : size == 4 ? WW_STATE_U32
                     : WW_STATE_U64;
}

size_t ww_state_elem_size(ww_state_type t)
{
    switch (t) {
    case WW_STATE_U8:     return 1;
    case WW_STATE_BOOL:   return sizeof(bool);
    case WW_STATE_U16:    return 2;
    case WW_STATE_U32:
    case WW_STATE_I32:    return 4;
    case WW_STATE_U64:
    case WW_STATE_I64:
    case WW_STATE_TIME:   return 8;
    case WW_STATE_TIMER:  return sizeof(ww_timer);
    case WW_STATE_F80:    return sizeof(long double);
    case WW_STATE_RECORD: return 1;
    }
    return 1;
}

static bool walk_state(ww_chip *chip, const ww_state_desc *tab, uint8_t *base, const char *prefix,
                       unsigned outer, walk_fn fn, void *opaque, GError **err)
{
    for (const ww_state_desc *s = tab; s && s->name; s++) {
        char *name = *prefix ? g_strconcat(prefix, ".", s->name, NULL) : g_strdup(s->name);
        bool ok = true;
        if (s->type == WW_STATE_RECORD) {
            size_t rs = s->record && s->record->size ? s->record->size : 1;
            unsigned n = (unsigned)(s->at.size / rs);
            for (unsigned k = 0; ok && k < n; k++) {
                char *sub = s->names && s->names[k] ? g_strdup(s->names[k])
                          : n > 1 ? g_strdup_printf("%s%u", name, k) : g_strdup(name);
                ok = walk_state(chip, s->record ? s->record->fields : NULL,
                                base + s->at.offset + k * rs, sub, n > 1 ? k : outer, fn,
                                opaque, err);
                g_free(sub);
            }
        } else {
            size_t es = ww_state_elem_size(s->type);
            walk_item w = { .it = { name, s->type, base + s->at.offset,
                                    (unsigned)(s->at.size / es ? s->at.size / es : 1),
                                    s->version ? s->version : 1, s->reset, s->flags },
                            .fire = s->fire, .index = outer };
            ok = fn(chip, &w, opaque, err);
        }
        g_free(name);
        if (!ok)
            return false;
    }
    return true;
}

/* What every CPU has in its ww_cpu header: the executed cycles (x86's TSC,
 * the scheduler's mid-slice time). Power-on starts at 0; a reset does not
 * rewind it (the run loop resets between slices, never inside one). */
static const ww_state_desc cpu_state[] = {
    { "cpu.cycles", WW_STATE_U64, { offsetof(ww_cpu, cycles), sizeof(uint64_t) },
      "cycles executed since power-on", .flags = WW_STATE_NORESET },
    { 0 }
};

static uint32_t reg_state_flags(const ww_reg_desc *r)
{
    return ((r->flags & WW_REG_NORESET) ? WW_STATE_NORESET : 0) |
           ((r->flags & WW_REG_CHIP_RESET) ? WW_STATE_CHIP_RESET : 0);
}

static bool walk_all(ww_chip *chip, walk_fn fn, void *opaque, GError **err)
{
    uint8_t *base = (uint8_t *)chip;
    for (const ww_reg_desc *r = chip->cls->regs; r && r->name; r++) {
        if (!r->at.size)
            continue;
        unsigned n = ww_reg_count(r);
        ww_state_type t = r->format == WW_FMT_F80 ? WW_STATE_F80 : uint_type(r->at.size);
        bool contiguous = !r->stride || r->stride == r->at.size;
        for (unsigned i = 0; i < (contiguous ? 1 : n); i++) {
            char name[64];
            if (contiguous)
                g_strlcpy(name, r->name, sizeof name);
            else
                ww_reg_name(r, i, name, sizeof name);
            walk_item w = { .it = { name, t, base + reg_store(r, i), contiguous ? n : 1, 1,
                                    r->reset, reg_state_flags(r) } };
            if (!fn(chip, &w, opaque, err))
                return false;
        }
    }
    if (chip->cls->pci && !walk_state(chip, ww_pci_function_record.fields,
                                      base + chip->cls->pci->offset, "pci", 0, fn, opaque, err))
        return false;
    if (chip->cls->cpu && !walk_state(chip, cpu_state, base, "", 0, fn, opaque, err))
        return false;
    return walk_state(chip, chip->cls->state, base, "", 0, fn, opaque, err);
}

typedef struct {
    ww_state_visitor fn;
    void *opaque;
} public_walk;

static bool public_visit(ww_chip *chip, const walk_item *w, void *opaque, GError **err)
{
    public_walk *p = opaque;
    return p->fn(chip, &w->it, p->opaque, err);
}

bool ww_chip_state_walk(ww_chip *chip, ww_state_visitor fn, void *opaque, GError **err)
{
    public_walk p = { fn, opaque };
    return walk_all(chip, public_visit, &p, err);
}

uint64_t ww_state_item_get(const ww_state_item *it, unsigned i)
{
    size_t es = ww_state_elem_size(it->type);
    const uint8_t *p = (const uint8_t *)it->ptr + (size_t)i * es;
    switch (it->type) {
    case WW_STATE_BOOL: { bool b; memcpy(&b, p, sizeof b); return b; }
    case WW_STATE_I32:  { int32_t x; memcpy(&x, p, 4); return (uint64_t)(int64_t)x; }
    case WW_STATE_U8: case WW_STATE_U16: case WW_STATE_U32: case WW_STATE_U64:
    case WW_STATE_I64: case WW_STATE_TIME:
        return load_uint(p, 0, es);
    default:
        return 0;
    }
}

void ww_state_item_set(const ww_state_item *it, unsigned i, uint64_t v)
{
    size_t es = ww_state_elem_size(it->type);
    uint8_t *p = (uint8_t *)it->ptr + (size_t)i * es;
    switch (it->type) {
    case WW_STATE_BOOL: { bool b = v != 0; memcpy(p, &b, sizeof b); return; }
    case WW_STATE_U8: case WW_STATE_U16: case WW_STATE_U32: case WW_STATE_U64:
    case WW_STATE_I32: case WW_STATE_I64: case WW_STATE_TIME:
        store_uint(p, 0, es, v);
        return;
    default:
        return;
    }
}

/* ---- timers owned by chips ------------------------------------------------------ */

struct ww_chip_timer {
    ww_chip *chip;
    void (*fire)(ww_chip *, unsigned);
    unsigned index;
};

static void chip_timer_cb(void *opaque, unsigned arg)
{
    struct ww_chip_timer *t = opaque;
    (void)arg;
    t->fire(t->chip, t->index);
}

static bool count_timers(ww_chip *chip, const walk_item *w, void *opaque, GError **err)
{
    if (w->it.type == WW_STATE_TIMER)
        *(unsigned *)opaque += w->it.count;
    return true;
}

static bool init_timers(ww_chip *chip, const walk_item *w, void *opaque, GError **err)
{
    if (w->it.type != WW_STATE_TIMER)
        return true;
    unsigned *next = opaque;
    for (unsigned i = 0; i < w->it.count; i++) {
        struct ww_chip_timer *b = &chip->timers[(*next)++];
        *b = (struct ww_chip_timer){ chip, w->fire, w->it.count > 1 ? i : w->index };
        ww_timer_init((ww_timer *)w->it.ptr + i, chip->sched, chip_timer_cb, b, 0);
    }
    return true;
}

static bool del_timers(ww_chip *chip, const walk_item *w, void *opaque, GError **err)
{
    if (w->it.type == WW_STATE_TIMER)
        for (unsigned i = 0; i < w->it.count; i++)
            ww_timer_del((ww_timer *)w->it.ptr + i);
    return true;
}

/* ---- lifecycle ------------------------------------------------------------ */

unsigned ww_port_count(const ww_port_desc *p)
{
    return p->count ? p->count : 1;
}

struct ww_input_slot {
    uint32_t drivers;   /* connected outputs currently asserting (after invert) */
    int level;          /* level last reported to the chip */
};

static bool check_class(const ww_chip_class *cls, GError **err)
{
    /* Descriptor defects a constructor cannot report: caught at first use. */
    unsigned nreg = 0;
    for (const ww_region_desc *g = cls->regions; g && g->name; g++)
        nreg++;
    for (const ww_reg_desc *r = cls->regs; r && r->name; r++) {
        if (!(r->flags & WW_REG_INTERNAL) &&
            (r->region >= nreg ||
             ww_reg_offset(r, ww_reg_count(r) - 1) + ww_reg_width(r) > cls->regions[r->region].size)) {
            g_set_error(err, WW_ERROR, WW_ERROR_FAILED, "chip class '%s': register '%s' is not "
                        "inside a region (or mark it WW_REG_INTERNAL)", cls->type, r->name);
            return false;
        }
        if (r->at.size && r->at.size != 1 && r->at.size != 2 && r->at.size != 4 &&
            r->at.size != 8 && r->format != WW_FMT_F80) {
            g_set_error(err, WW_ERROR, WW_ERROR_FAILED, "chip class '%s': register '%s' has "
                        "storage of %zu bytes; expected 1, 2, 4 or 8", cls->type, r->name,
                        r->at.size);
            return false;
        }
        if (r->at.size && reg_store(r, ww_reg_count(r) - 1) + r->at.size > cls->size) {
            g_set_error(err, WW_ERROR, WW_ERROR_FAILED, "chip class '%s': register '%s' "
                        "storage is outside the instance", cls->type, r->name);
            return false;
        }
    }
    return true;
}

ww_chip *ww_chip_new(const char *type, const char *id, ww_sched *sched, GError **err)
{
    const ww_chip_class *cls = ww_chip_class_find(type);
    if (!cls) {
        const char *s = ww_chip_class_suggest(type);
        g_set_error(err, WW_ERROR, WW_ERROR_NOT_FOUND, "unknown chip type '%s'%s%s%s", type,
                    s ? "; did you mean '" : "", s ? s : "", s ? "'?" : "");
        return NULL;
    }
    if (cls->size < sizeof(ww_chip)) {
        g_set_error(err, WW_ERROR, WW_ERROR_FAILED, "chip class '%s' has a bad size", type);
        return NULL;
    }
    if (!check_class(cls, err))
        return NULL;
    ww_chip *c = g_malloc0(cls->size);
    c->cls = cls;
    c->id = g_strdup(id ? id : type);
    c->sched = sched;
    unsigned nin = 0;
    for (const ww_port_desc *p = cls->ports; p && p->name; p++)
        if (p->dir == WW_PORT_IN)
            nin += ww_port_count(p);
    c->n_inputs = nin;
    c->inputs = g_new0(struct ww_input_slot, nin ? nin : 1);
    unsigned nt = 0, next = 0;
    walk_all(c, count_timers, &nt, NULL);
    c->timers = g_new0(struct ww_chip_timer, nt ? nt : 1);
    walk_all(c, init_timers, &next, NULL);
    if (cls->pci)
        ww_pci_function_init(c);
    for (const ww_prop_desc *p = cls->props; p && p->name; p++) {
        if (!p->def)
            continue;
        if (!set_prop(c, p, p->def, err)) {
            g_prefix_error(err, "chip class '%s' default: ", type);
            ww_chip_free(c);
            return NULL;
        }
    }
    return c;
}

bool ww_chip_realize(ww_chip *chip, GError **err)
{
    if (chip->realized)
        return true;
    if (chip->cls->realize && !chip->cls->realize(chip, err)) {
        g_prefix_error(err, "%s (%s): ", chip->id, chip->cls->type);
        return false;
    }
    chip->realized = true;
    ww_chip_reset(chip, WW_RESET_POWER);
    return true;
}

static bool reset_item(ww_chip *chip, const walk_item *w, void *opaque, GError **err)
{
    const ww_state_item *it = &w->it;
    if (it->flags & WW_STATE_NORESET)
        return true;
    switch (it->type) {
    case WW_STATE_TIMER:
        for (unsigned i = 0; i < it->count; i++)
            ww_timer_del((ww_timer *)it->ptr + i);
        break;
    case WW_STATE_F80:
        for (unsigned i = 0; i < it->count; i++)
            ((long double *)it->ptr)[i] = 0.0L;
        break;
    case WW_STATE_RECORD:
        break;
    default:
        for (unsigned i = 0; i < it->count; i++)
            ww_state_item_set(it, i, it->reset);
        break;
    }
    return true;
}

void ww_record_reset(const ww_record_desc *r, void *rec)
{
    walk_state(NULL, r->fields, rec, "", 0, reset_item, NULL, NULL);
}

void ww_chip_reset(ww_chip *chip, ww_reset_kind kind)
{
    walk_all(chip, reset_item, NULL, NULL);
    if (chip->cls->pci)
        ww_pci_function_reset(chip);
    if (chip->cls->reset)
        chip->cls->reset(chip, kind);
}

void ww_chip_free(ww_chip *chip)
{
    if (!chip)
        return;
    if (chip->realized && chip->cls->unrealize)
        chip->cls->unrealize(chip);
    walk_all(chip, del_timers, NULL, NULL);
    if (chip->cls->cpu)
        ww_cpu_break_clear((ww_cpu *)chip);   /* core/cpudebug.c */
    if (chip->cls->pci)
        ww_pci_function_free(chip);
    for (const ww_prop_desc *p = chip->cls->props; p && p->name; p++)
        if (p->type == WW_PROP_STRING) {
            char **slot = (char **)((uint8_t *)chip + p->at.offset);
            g_free(*slot);
        }
    for (const ww_port_desc *p = chip->cls->ports; p && p->name; p++)
        if (p->dir == WW_PORT_OUT) {
            ww_line *l = (ww_line *)((uint8_t *)chip + p->offset);
            for (unsigned i = 0; i < ww_port_count(p); i++)
                g_free(l[i].sinks);
        }
    for (unsigned i = 0; i < WW_MAX_BUSES; i++)
        g_free(chip->dma[i]);
    g_free(chip->timers);
    g_free(chip->inputs);
    g_free(chip->id);
    g_free(chip);
}

int ww_chip_find_bus(const ww_chip_class *cls, const char *name)
{
    int i = 0;
    for (const ww_bus_desc *b = cls->buses; b && b->name; b++, i++)
        if (!strcmp(b->name, name))
            return i < WW_MAX_BUSES ? i : -1;
    return -1;
}

bool ww_chip_bind_bus(ww_chip *chip, const char *bus, ww_space *space, GError **err)
{
    int i = ww_chip_find_bus(chip->cls, bus);
    if (i >= 0) {
        chip->bus[i] = space;
        return true;
    }
    g_set_error(err, WW_ERROR, WW_ERROR_NOT_FOUND, "%s (%s) has no bus port '%s'",
                chip->id, chip->cls->type, bus);
    return false;
}

/* ---- ports and signals ------------------------------------------------- */

int ww_chip_find_port(const ww_chip_class *cls, const char *name)
{
    int i = 0;
    for (const ww_port_desc *p = cls->ports; p && p->name; p++, i++)
        if (!strcmp(p->name, name))
            return i;
    return -1;
}

ww_line *ww_chip_out_line(ww_chip *chip, unsigned port, unsigned index)
{
    unsigned i = 0;
    for (const ww_port_desc *p = chip->cls->ports; p && p->name; p++, i++)
        if (i == port) {
            if (p->dir != WW_PORT_OUT || index >= ww_port_count(p))
                return NULL;
            return (ww_line *)((uint8_t *)chip + p->offset) + index;
        }
    return NULL;
}

/* Flat index of an input line among the chip's inputs, or -1. */
static int input_slot(ww_chip *chip, unsigned port, unsigned index)
{
    unsigned i = 0, slot = 0;
    for (const ww_port_desc *p = chip->cls->ports; p && p->name; p++, i++) {
        if (i == port)
            return (p->dir == WW_PORT_IN && index < ww_port_count(p)) ? (int)(slot + index) : -1;
        if (p->dir == WW_PORT_IN)
            slot += ww_port_count(p);
    }
    return -1;
}

int ww_input_level(ww_chip *chip, unsigned port, unsigned index)
{
    int s = input_slot(chip, port, index);
    return s < 0 ? 0 : chip->inputs[s].level;
}

/* Called by signal.c: one driver of an input changed its asserted state. */
void ww_input_drive(ww_chip *chip, unsigned port, unsigned index, int delta);
void ww_input_drive(ww_chip *chip, unsigned port, unsigned index, int delta)
{
    int s = input_slot(chip, port, index);
    if (s < 0)
        return;
    struct ww_input_slot *in = &chip->inputs[s];
    in->drivers = (uint32_t)((int)in->drivers + delta);
    int level = in->drivers > 0;
    if (level != in->level) {
        in->level = level;
        if (chip->cls->signal)
            chip->cls->signal(chip, port, index, level);
    }
}

/* ---- backends and windows ------------------------------------------------------ */

const char *ww_backend_type_name(ww_backend_type t)
{
    static const char *const names[WW_BACKEND__COUNT] = {
        [WW_BACKEND_CHARDEV] = "chardev", [WW_BACKEND_DISK] = "disk",
        [WW_BACKEND_DISPLAY] = "display", [WW_BACKEND_INPUT] = "input",
        [WW_BACKEND_NET] = "net", [WW_BACKEND_AUDIO] = "audio",
    };
    return (unsigned)t < WW_BACKEND__COUNT ? names[t] : "?";
}

int ww_chip_find_backend(const ww_chip_class *cls, ww_backend_type type, const char *name)
{
    int i = 0;
    for (const ww_backend_desc *b = cls->backends; b && b->name; b++, i++)
        if (b->type == type && (!name || !strcmp(b->name, name)))
            return i;
    return -1;
}

void *ww_chip_backend(ww_chip *chip, unsigned backend, unsigned index)
{
    const ww_backend_desc *b = &chip->cls->backends[backend];
    void **slot = (void **)((uint8_t *)chip + b->offset);
    return index < (b->count ? b->count : 1u) ? slot[index] : NULL;
}

bool ww_chip_bind_backend(ww_chip *chip, ww_backend_type type, const char *name, unsigned index,
                          void *obj, GError **err)
{
    int i = ww_chip_find_backend(chip->cls, type, name);
    if (i < 0) {
        g_set_error(err, WW_ERROR, WW_ERROR_NOT_FOUND, "%s (%s) has no %s backend%s%s%s",
                    chip->id, chip->cls->type, ww_backend_type_name(type), name ? " '" : "",
                    name ? name : "", name ? "'" : "");
        return false;
    }
    const ww_backend_desc *b = &chip->cls->backends[i];
    unsigned n = b->count ? b->count : 1;
    if (index >= n) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "%s (%s): backend '%s' has slots @0..@%u; "
                    "@%u is out of range", chip->id, chip->cls->type, b->name, n - 1, index);
        return false;
    }
    void **slot = (void **)((uint8_t *)chip + b->offset);
    slot[index] = obj;
    if (b->bound)
        b->bound(chip, index);
    return true;
}

int ww_chip_find_window(const ww_chip_class *cls, const char *name)
{
    int i = 0;
    for (const ww_window_desc *w = cls->windows; w && w->name; w++, i++)
        if (!strcmp(w->name, name))
            return i;
    return -1;
}

/* ---- registers ----------------------------------------------------------- */

int ww_chip_find_region(const ww_chip_class *cls, const char *name)
{
    int i = 0;
    for (const ww_region_desc *r = cls->regions; r && r->name; r++, i++)
        if (!strcmp(r->name, name))
            return i;
    return -1;
}

const ww_reg_desc *ww_chip_find_reg(const ww_chip_class *cls, const char *name,
                                    unsigned *index)
{
    for (const ww_reg_desc *r = cls->regs; r && r->name; r++)
        for (unsigned i = 0; i < ww_reg_count(r); i++) {
            char n[64];
            ww_reg_name(r, i, n, sizeof n);
            if (!g_ascii_strcasecmp(n, name)) {
                if (index)
                    *index = i;
                return r;
            }
        }
    return NULL;
}

const ww_reg_desc *ww_chip_find_gdb_reg(const ww_chip_class *cls, int n, unsigned *index)
{
    for (const ww_reg_desc *r = cls->regs; r && r->name; r++)
        if (r->gdb && n >= ww_reg_gdb(r, 0) && n < ww_reg_gdb(r, 0) + (int)ww_reg_count(r)) {
            if (index)
                *index = (unsigned)(n - ww_reg_gdb(r, 0));
            return r;
        }
    return NULL;
}

uint64_t ww_chip_reg_get(ww_chip *chip, const ww_reg_desc *r, unsigned index)
{
    if (index >= ww_reg_count(r))
        return 0;
    if (r->at.size) {
        if (r->format == WW_FMT_F80) {
            long double v;
            memcpy(&v, (uint8_t *)chip + reg_store(r, index), sizeof v);
            return ww_f80_from_ld(v).mant;
        }
        return load_uint(chip, reg_store(r, index), r->at.size);
    }
    if (r->flags & WW_REG_INTERNAL)
        return chip->cls->reg_read ? chip->cls->reg_read(chip, r, index) : 0;
    if (chip->cls->read)
        return chip->cls->read(chip, r->region, ww_reg_offset(r, index), ww_reg_width(r),
                               WW_PEEK);
    return 0;
}

void ww_chip_reg_set(ww_chip *chip, const ww_reg_desc *r, unsigned index, uint64_t val)
{
    if (index >= ww_reg_count(r))
        return;
    if (r->mask)
        val &= r->mask;
    bool internal = r->flags & WW_REG_INTERNAL;
    if (internal && (r->flags & WW_REG_SIDE || !r->at.size)) {
        if (chip->cls->reg_write)
            chip->cls->reg_write(chip, r, index, val);
        return;
    }
    if (r->at.size && r->format != WW_FMT_F80) {
        store_uint(chip, reg_store(r, index), r->at.size, val);
        return;
    }
    if (!internal && chip->cls->write)
        chip->cls->write(chip, r->region, ww_reg_offset(r, index), val, ww_reg_width(r));
}

/* ---- extended precision ------------------------------------------------------- */

ww_f80 ww_f80_from_ld(long double v)
{
    ww_f80 f = { 0, 0 };
#if LDBL_MANT_DIG == 64
    uint8_t b[sizeof v];
    memcpy(b, &v, sizeof v);   /* x87 layout: 8 bytes mantissa, 2 bytes sign+exponent */
    memcpy(&f.mant, b, 8);
    memcpy(&f.sexp, b + 8, 2);
    f.mant = GUINT64_FROM_LE(f.mant);
    f.sexp = GUINT16_FROM_LE(f.sexp);
#else
    uint16_t sign = signbit(v) ? 0x8000 : 0;
    if (isnan(v)) {
        f = (ww_f80){ 0xC000000000000000ull, (uint16_t)(sign | 0x7fff) };
    } else if (isinf(v)) {
        f = (ww_f80){ 0x8000000000000000ull, (uint16_t)(sign | 0x7fff) };
    } else if (v != 0) {
        int e;
        long double m = frexpl(fabsl(v), &e);   /* v = m * 2^e, 0.5 <= m < 1 */
        int be = e - 1 + 16383;
        if (be <= 0) {                          /* denormal in extended */
            m = ldexpl(m, be - 1);
            be = 0;
        }
        f.mant = (uint64_t)ldexpl(m, 64);
        f.sexp = (uint16_t)(sign | (unsigned)be);
    } else {
        f.sexp = sign;
    }
#endif
    return f;
}

long double ww_f80_to_ld(ww_f80 f)
{
#if LDBL_MANT_DIG == 64
    long double v = 0;
    uint8_t b[sizeof v];
    memset(b, 0, sizeof b);
    uint64_t m = GUINT64_TO_LE(f.mant);
    uint16_t se = GUINT16_TO_LE(f.sexp);
    memcpy(b, &m, 8);
    memcpy(b + 8, &se, 2);
    memcpy(&v, b, sizeof v);
    return v;
#else
    bool neg = f.sexp & 0x8000;
    int e = f.sexp & 0x7fff;
    long double v;
    if (e == 0x7fff)
        v = (f.mant << 1) ? NAN : INFINITY;
    else
        v = ldexpl((long double)f.mant, (e ? e : 1) - 16383 - 63);
    return neg ? -v : v;
#endif
}

void ww_f80_to_bytes(ww_f80 f, uint8_t out[10])
{
    for (unsigned i = 0; i < 8; i++)
        out[i] = (uint8_t)(f.mant >> (8 * i));
    out[8] = (uint8_t)f.sexp;
    out[9] = (uint8_t)(f.sexp >> 8);
}

ww_f80 ww_f80_from_bytes(const uint8_t in[10])
{
    ww_f80 f = { 0, (uint16_t)(in[8] | in[9] << 8) };
    for (unsigned i = 0; i < 8; i++)
        f.mant |= (uint64_t)in[i] << (8 * i);
    return f;
}

/* ---- dump ------------------------------------------------------------------ */

static void dump_fields(GString *out, const ww_field_desc *f, uint64_t v)
{
    for (; f && f->name; f++) {
        uint64_t m = f->width >= 64 ? UINT64_MAX : ((1ull << f->width) - 1);
        uint64_t x = (v >> f->lsb) & m;
        if (f->width == 1)
            g_string_append_printf(out, " %s=%u", f->name, (unsigned)x);
        else
            g_string_append_printf(out, " %s=0x%" G_GINT64_MODIFIER "x", f->name, x);
    }
}

void ww_chip_dump(ww_chip *chip, GString *out)
{
    const ww_chip_class *cls = chip->cls;
    g_string_append_printf(out, "%s (%s): %s\n", chip->id, cls->type, cls->summary ? cls->summary : "");
    size_t w = 4;
    for (const ww_reg_desc *r = cls->regs; r && r->name; r++)
        w = MAX(w, strlen(r->name) + (ww_reg_count(r) > 1 ? 2 : 0));
    for (const ww_reg_desc *r = cls->regs; r && r->name; r++) {
        if ((r->flags & WW_REG_WO) && !r->at.size)
            continue;   /* nothing to show: write-only and not stored */
        for (unsigned i = 0; i < ww_reg_count(r); i++) {
            char name[64];
            ww_reg_name(r, i, name, sizeof name);
            if (r->format == WW_FMT_F80 && r->at.size) {
                long double v;
                memcpy(&v, (uint8_t *)chip + reg_store(r, i), sizeof v);
                ww_f80 f = ww_f80_from_ld(v);
                g_string_append_printf(out, "  %-*s = %04x:%016" G_GINT64_MODIFIER "x (%Lg)\n",
                                       (int)w, name, f.sexp, f.mant, v);
                continue;
            }
            uint64_t v = ww_chip_reg_get(chip, r, i);
            g_string_append_printf(out, "  %-*s = 0x%0*" G_GINT64_MODIFIER "x", (int)w, name,
                                   (int)(ww_reg_width(r) * 2), v);
            if (r->fields) {
                g_string_append(out, "  [");
                dump_fields(out, r->fields, v);
                g_string_append(out, " ]");
            }
            g_string_append_c(out, '\n');
        }
    }
    if (cls->pci)
        ww_pci_dump(chip, out);
}

/* ---- logging ------------------------------------------------------------- */

void ww_chip_unimp(ww_chip *chip, const char *what, unsigned region, uint64_t off)
{
    const char *rname = "?";
    unsigned i = 0;
    for (const ww_region_desc *r = chip->cls->regions; r && r->name; r++, i++)
        if (i == region)
            rname = r->name;
    char reg[64] = "";
    for (const ww_reg_desc *r = chip->cls->regs; r && r->name && !reg[0]; r++)
        if (!(r->flags & WW_REG_INTERNAL) && r->region == region)
            for (unsigned k = 0; k < ww_reg_count(r); k++)
                if (ww_reg_offset(r, k) == off) {
                    ww_reg_name(r, k, reg, sizeof reg);
                    break;
                }
    ww_log(WW_LOG_UNIMP, chip->cls->type, "%s: %s of unimplemented %s%s%s+0x%" G_GINT64_MODIFIER "x",
           chip->id, what, reg, reg[0] ? " at " : "", rname, off);
}

void ww_chip_guest_error(ww_chip *chip, const char *fmt, ...)
{
    const char *cat = ww_log_enabled(WW_LOG_GUEST_ERROR, chip->id) ? chip->id : chip->cls->type;
    if (!ww_log_enabled(WW_LOG_GUEST_ERROR, cat))
        return;
    va_list ap;
    va_start(ap, fmt);
    char *m = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    ww_log(WW_LOG_GUEST_ERROR, cat, "%s: %s", chip->id, m);
    g_free(m);
}

void ww_chip_trace(ww_chip *chip, const char *fmt, ...)
{
    const char *cat = ww_log_enabled(WW_LOG_TRACE, chip->id) ? chip->id : chip->cls->type;
    if (!ww_log_enabled(WW_LOG_TRACE, cat))
        return;
    va_list ap;
    va_start(ap, fmt);
    char *m = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    ww_log(WW_LOG_TRACE, cat, "%s: %s", chip->id, m);
    g_free(m);
}
