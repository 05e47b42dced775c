/* core/chip.c — instances, properties, ports, and the generic descriptor
 * walks: register reset, dump with decoded fields, the state walk. */
#include "core/chip.h"
#include "core/space.h"
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
                        : (p->size >= 8 ? UINT64_MAX : (1ull << (8 * p->size)) - 1);
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
        store_uint(chip, p->offset, p->size, v);
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
        memcpy((uint8_t *)chip + p->offset, &v, sizeof v);
        return true;
    }
    case WW_PROP_ENUM:
        for (uint32_t i = 0; p->choices && p->choices[i]; i++)
            if (!strcmp(p->choices[i], value)) {
                memcpy((uint8_t *)chip + p->offset, &i, sizeof i);
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
        char **slot = (char **)((uint8_t *)chip + p->offset);
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
    const uint8_t *b = (const uint8_t *)chip + p->offset;
    switch (p->type) {
    case WW_PROP_UINT:
        return g_strdup_printf("%" G_GUINT64_FORMAT, load_uint(chip, p->offset, p->size));
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
        return load_uint(chip, p->offset, p->size);
    if (p->type == WW_PROP_ENUM)
        return load_uint(chip, p->offset, 4);
    if (p->type == WW_PROP_BOOL)
        return *((uint8_t *)chip + p->offset);
    return 0;
}

/* ---- lifecycle ------------------------------------------------------------ */

unsigned ww_port_count(const ww_port_desc *p)
{
    return p->count ? p->count : 1;
}

struct ww_input {
    uint32_t drivers;   /* connected outputs currently asserting (after invert) */
    int level;          /* level last reported to the chip */
};

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
    ww_chip *c = g_malloc0(cls->size);
    c->cls = cls;
    c->id = g_strdup(id ? id : type);
    c->sched = sched;
    unsigned nin = 0;
    for (const ww_port_desc *p = cls->ports; p && p->name; p++)
        if (p->dir == WW_PORT_IN)
            nin += ww_port_count(p);
    c->n_inputs = nin;
    c->inputs = g_new0(struct ww_input, nin ? nin : 1);
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

void ww_chip_reset(ww_chip *chip, ww_reset_kind kind)
{
    for (const ww_reg_desc *r = chip->cls->regs; r && r->name; r++)
        if (r->store_size)
            store_uint(chip, r->store, r->store_size, r->reset);
    if (chip->cls->reset)
        chip->cls->reset(chip, kind);
}

void ww_chip_free(ww_chip *chip)
{
    if (!chip)
        return;
    if (chip->realized && chip->cls->unrealize)
        chip->cls->unrealize(chip);
    for (const ww_prop_desc *p = chip->cls->props; p && p->name; p++)
        if (p->type == WW_PROP_STRING) {
            char **slot = (char **)((uint8_t *)chip + p->offset);
            g_free(*slot);
        }
    for (const ww_port_desc *p = chip->cls->ports; p && p->name; p++)
        if (p->dir == WW_PORT_OUT) {
            ww_line *l = (ww_line *)((uint8_t *)chip + p->offset);
            for (unsigned i = 0; i < ww_port_count(p); i++)
                g_free(l[i].sinks);
        }
    g_free(chip->inputs);
    g_free(chip->id);
    g_free(chip);
}

bool ww_chip_bind_bus(ww_chip *chip, const char *bus, ww_space *space, GError **err)
{
    unsigned i = 0;
    for (const ww_bus_desc *b = chip->cls->buses; b && b->name; b++, i++)
        if (!strcmp(b->name, bus) && i < WW_MAX_BUSES) {
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
    struct ww_input *in = &chip->inputs[s];
    in->drivers = (uint32_t)((int)in->drivers + delta);
    int level = in->drivers > 0;
    if (level != in->level) {
        in->level = level;
        if (chip->cls->signal)
            chip->cls->signal(chip, port, index, level);
    }
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

const ww_reg_desc *ww_chip_find_reg(const ww_chip_class *cls, const char *name)
{
    for (const ww_reg_desc *r = cls->regs; r && r->name; r++)
        if (!g_ascii_strcasecmp(r->name, name))
            return r;
    return NULL;
}

uint64_t ww_chip_reg_value(ww_chip *chip, const ww_reg_desc *r)
{
    if (r->store_size)
        return load_uint(chip, r->store, r->store_size);
    if (!(r->flags & WW_REG_INTERNAL) && chip->cls->read)
        return chip->cls->read(chip, r->region, r->offset, r->width, WW_PEEK);
    return 0;
}

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
        w = MAX(w, strlen(r->name));
    for (const ww_reg_desc *r = cls->regs; r && r->name; r++) {
        if ((r->flags & WW_REG_WO) && !r->store_size)
            continue;   /* nothing to show: write-only and not stored */
        uint64_t v = ww_chip_reg_value(chip, r);
        g_string_append_printf(out, "  %-*s = 0x%0*" G_GINT64_MODIFIER "x", (int)w, r->name,
                               (int)(r->width ? r->width * 2 : 2), v);
        if (r->fields) {
            g_string_append(out, "  [");
            dump_fields(out, r->fields, v);
            g_string_append(out, " ]");
        }
        g_string_append_c(out, '\n');
    }
}

/* ---- state walk ---------------------------------------------------------- */

size_t ww_state_elem_size(ww_state_type t)
{
    switch (t) {
    case WW_STATE_U8:    return 1;
    case WW_STATE_BOOL:  return sizeof(bool);
    case WW_STATE_U16:   return 2;
    case WW_STATE_U32:
    case WW_STATE_I32:   return 4;
    case WW_STATE_U64:
    case WW_STATE_I64:
    case WW_STATE_TIME:  return 8;
    case WW_STATE_TIMER: return sizeof(ww_timer);
    }
    return 1;
}

bool ww_chip_state_walk(ww_chip *chip, ww_state_visitor fn, void *opaque, GError **err)
{
    for (const ww_reg_desc *r = chip->cls->regs; r && r->name; r++) {
        if (!r->store_size)
            continue;
        ww_state_type t = r->store_size == 1 ? WW_STATE_U8 : r->store_size == 2 ? WW_STATE_U16
                        : r->store_size == 4 ? WW_STATE_U32 : WW_STATE_U64;
        ww_state_item it = { r->name, t, (uint8_t *)chip + r->store, 1, 1 };
        if (!fn(chip, &it, opaque, err))
            return false;
    }
    for (const ww_state_desc *s = chip->cls->state; s && s->name; s++) {
        size_t es = ww_state_elem_size(s->type);
        ww_state_item it = { s->name, s->type, (uint8_t *)chip + s->offset,
                             (unsigned)(s->size / es ? s->size / es : 1),
                             s->version ? s->version : 1 };
        if (!fn(chip, &it, opaque, err))
            return false;
    }
    return true;
}

/* ---- logging ------------------------------------------------------------- */

void ww_chip_unimp(ww_chip *chip, const char *what, unsigned region, uint64_t off)
{
    const char *rname = "?";
    unsigned i = 0;
    for (const ww_region_desc *r = chip->cls->regions; r && r->name; r++, i++)
        if (i == region)
            rname = r->name;
    const char *reg = NULL;
    for (const ww_reg_desc *r = chip->cls->regs; r && r->name; r++)
        if (!(r->flags & WW_REG_INTERNAL) && r->region == region && r->offset == off)
            reg = r->name;
    ww_log(WW_LOG_UNIMP, chip->cls->type, "%s: %s of unimplemented %s%s%s+0x%" G_GINT64_MODIFIER "x",
           chip->id, what, reg ? reg : "", reg ? " at " : "", rname, off);
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
