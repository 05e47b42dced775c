/* core/descdoc.c — one walk of a descriptor into a document model, and its
 * text and Markdown printers (core/descdoc.h). */
#include "core/descdoc.h"
#include "core/cpu.h"
#include "core/pci.h"
#include <errno.h>
#include <stdarg.h>
#include <string.h>

/* ---- model building ------------------------------------------------------------ */

static void row_free(gpointer p);

static ww_doc_table *table(ww_doc *d, const char *title, const char *id, unsigned n, ...)
{
    ww_doc_table *t = g_new0(ww_doc_table, 1);
    t->title = g_strdup(title);
    t->id = g_strdup(id);
    t->ncols = n;
    t->sub_ncols = 3;
    t->cols = g_new0(char *, n + 1);
    va_list ap;
    va_start(ap, n);
    for (unsigned i = 0; i < n; i++)
        t->cols[i] = g_strdup(va_arg(ap, const char *));
    va_end(ap);
    t->rows = g_ptr_array_new_with_free_func(row_free);
    g_ptr_array_add(d->tables, t);
    return t;
}

/* A row of n cells, each a string that is consumed (g_free'd with the doc). */
static ww_doc_row *row_take(GPtrArray *rows, unsigned n, char **cells)
{
    ww_doc_row *r = g_new0(ww_doc_row, 1);
    r->cells = g_new0(char *, n + 1);
    for (unsigned i = 0; i < n; i++)
        r->cells[i] = cells[i] ? cells[i] : g_strdup("");
    g_ptr_array_add(rows, r);
    return r;
}

#define ROW(t, ...) row_take((t)->rows, (t)->ncols, (char *[]){ __VA_ARGS__ })
#define S(x) g_strdup((x) ? (x) : "")
#define F(...) g_strdup_printf(__VA_ARGS__)

char *ww_reg_flags_text(uint32_t f)
{
    static const struct { uint32_t bit; const char *name; } names[] = {
        { WW_REG_RO, "RO" }, { WW_REG_WO, "WO" }, { WW_REG_W1C, "W1C" },
        { WW_REG_RC, "read-side-effect" }, { WW_REG_SIDE, "write-side-effect" },
        { WW_REG_INTERNAL, "internal" }, { WW_REG_NORESET, "kept-on-reset" },
        { WW_REG_CHIP_RESET, "reset-by-chip" } };
    GString *s = g_string_new(NULL);
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
        if (f & names[i].bit)
            g_string_append_printf(s, "%s%s", s->len ? "," : "", names[i].name);
    if (!(f & (WW_REG_RO | WW_REG_WO)))
        g_string_prepend(s, s->len ? "RW," : "RW");
    return g_string_free(s, FALSE);
}

static const char *prop_type_name(const ww_prop_desc *p)
{
    switch (p->type) {
    case WW_PROP_UINT:
        return p->unit == WW_UNIT_BYTES ? "size (B, KiB, MiB, GiB)"
             : p->unit == WW_UNIT_HZ ? "frequency (Hz, kHz, MHz, GHz)"
             : p->unit == WW_UNIT_NS ? "time (ns, us, ms, s)" : "integer";
    case WW_PROP_BOOL:   return "bool";
    case WW_PROP_ENUM:   return "choice";
    case WW_PROP_STRING: return "string";
    }
    return "?";
}

static const char *state_type_name(ww_state_type t)
{
    static const char *const names[] = {
        [WW_STATE_U8] = "u8", [WW_STATE_U16] = "u16", [WW_STATE_U32] = "u32",
        [WW_STATE_U64] = "u64", [WW_STATE_I32] = "i32", [WW_STATE_I64] = "i64",
        [WW_STATE_BOOL] = "bool", [WW_STATE_TIME] = "time", [WW_STATE_TIMER] = "timer",
        [WW_STATE_F80] = "f80", [WW_STATE_RECORD] = "record" };
    return (unsigned)t < G_N_ELEMENTS(names) ? names[t] : "?";
}

static const char *region_name(const ww_chip_class *c, unsigned region)
{
    unsigned i = 0;
    for (const ww_region_desc *g = c->regions; g && g->name; g++, i++)
        if (i == region)
            return g->name;
    return "?";
}

static char *range_text(uint64_t first, uint64_t last, bool hex)
{
    if (first == last)
        return hex ? F("0x%" G_GINT64_MODIFIER "x", first) : F("%" G_GUINT64_FORMAT, first);
    return hex ? F("0x%" G_GINT64_MODIFIER "x..0x%" G_GINT64_MODIFIER "x", first, last)
               : F("%" G_GUINT64_FORMAT "..%" G_GUINT64_FORMAT, first, last);
}

static void field_rows(ww_doc_row *r, const ww_field_desc *f)
{
    if (!f || !f->name)
        return;
    r->sub = g_ptr_array_new_with_free_func(row_free);
    for (; f->name; f++)
        row_take(r->sub, 3, (char *[]){
            f->width <= 1 ? F("%u", f->lsb) : F("%u:%u", f->lsb + f->width - 1, f->lsb),
            S(f->name), S(f->doc) });
}

static void reg_rows(const ww_chip_class *c, ww_doc_table *t, const ww_reg_desc *regs,
                     bool pci)
{
    for (const ww_reg_desc *r = regs; r && r->name; r++) {
        unsigned n = ww_reg_count(r);
        char first[64], last[64];
        ww_reg_name(r, 0, first, sizeof first);
        ww_reg_name(r, n - 1, last, sizeof last);
        char *name = n > 1 ? F("%s..%s", first, last) : g_strdup(first);
        bool internal = r->flags & WW_REG_INTERNAL;
        char *where = internal ? g_strdup("-") : g_strdup(pci ? "config" : region_name(c, r->region));
        char *off = internal ? g_strdup("-")
                  : range_text(ww_reg_offset(r, 0), ww_reg_offset(r, n - 1), true);
        unsigned bits = r->format == WW_FMT_F80 ? 80 : 8 * ww_reg_width(r);
        char *reset = (r->at.size && !(r->flags & WW_REG_CHIP_RESET))
                    ? F("0x%" G_GINT64_MODIFIER "x", r->reset)
                    : g_strdup(r->flags & WW_REG_CHIP_RESET ? "(chip)" : "-");
        char *gdb = r->gdb ? range_text((uint64_t)ww_reg_gdb(r, 0), (uint64_t)ww_reg_gdb(r, n - 1),
                                        false) : g_strdup("-");
        GString *doc = g_string_new(r->doc ? r->doc : "");
        if (!r->at.size && !pci)
            g_string_append_printf(doc, "%scomputed", doc->len ? "; " : "");
        if (r->names && n > 1) {
            g_string_append_printf(doc, "%s(", doc->len ? " " : "");
            for (unsigned i = 0; i < n; i++)
                g_string_append_printf(doc, "%s%s", i ? " " : "", r->names[i]);
            g_string_append_c(doc, ')');
        }
        ww_doc_row *row = ROW(t, name, where, off, F("%u", bits), reset,
                              ww_reg_flags_text(r->flags), gdb, S(r->group),
                              g_string_free(doc, FALSE));
        field_rows(row, r->fields);
    }
}

static void state_rows(ww_doc_table *t, const ww_state_desc *tab, const char *prefix)
{
    for (const ww_state_desc *s = tab; s && s->name; s++) {
        char *name = *prefix ? g_strconcat(prefix, ".", s->name, NULL) : g_strdup(s->name);
        if (s->type == WW_STATE_RECORD && s->record) {
            unsigned n = s->record->size ? (unsigned)(s->at.size / s->record->size) : 1;
            char *p = n > 1 ? F("%s[%u]", name, n) : g_strdup(name);
            state_rows(t, s->record->fields, p);
            g_free(p);
            g_free(name);
            continue;
        }
        size_t es = ww_state_elem_size(s->type);
        unsigned n = (unsigned)(es ? s->at.size / es : 1);
        char *reset = (s->flags & WW_STATE_CHIP_RESET) ? g_strdup("(chip)")
                    : (s->flags & WW_STATE_NORESET) ? g_strdup("(kept)")
                    : s->type == WW_STATE_TIMER ? g_strdup("disarmed")
                    : s->reset == WW_ONES ? g_strdup("all ones")
                    : F("0x%" G_GINT64_MODIFIER "x", s->reset);
        char *type = n > 1 ? F("%s[%u]", state_type_name(s->type), n) : S(state_type_name(s->type));
        ROW(t, name, type, reset, F("%u", s->version ? s->version : 1), S(s->doc));
    }
}

ww_doc *ww_doc_build(const ww_chip_class *c)
{
    ww_doc *d = g_new0(ww_doc, 1);
    d->title = g_strdup(c->type);
    d->summary = g_strdup(c->summary ? c->summary : "");
    d->paras = g_ptr_array_new_with_free_func(g_free);
    d->tables = g_ptr_array_new();
    if (c->doc)
        g_ptr_array_add(d->paras, g_strdup(c->doc));
    if (c->cpu) {
        char *models = c->cpu->models ? g_strjoinv(", ", (char **)c->cpu->models) : g_strdup("");
        g_ptr_array_add(d->paras, F("CPU family: %s; models: %s.", c->cpu->family, models));
        g_free(models);
    }
    g_ptr_array_add(d->paras, F("In a machine file: <%s id=\"…\" type=\"%s\" …/>",
                                c->cpu ? "cpu" : "chip", c->type));

    ww_doc_table *t = table(d, "Properties", "properties", 5, "name", "type", "default",
                            "allowed", "description");
    for (const ww_prop_desc *p = c->props; p && p->name; p++) {
        char *allowed = p->type == WW_PROP_ENUM && p->choices
                      ? g_strjoinv("|", (char **)p->choices)
                      : p->type == WW_PROP_UINT && (p->min || p->max)
                      ? F("%" G_GUINT64_FORMAT "..%" G_GUINT64_FORMAT, p->min, p->max)
                      : g_strdup("");
        ROW(t, S(p->name), S(prop_type_name(p)), S(p->def), allowed, S(p->doc));
    }

    t = table(d, "Regions", "regions", 6, "name", "size", "access", "byte order", "flags",
              "description");
    for (const ww_region_desc *r = c->regions; r && r->name; r++)
        ROW(t, S(r->name), F("0x%" G_GINT64_MODIFIER "x", r->size),
            F("%u..%u bytes", r->min_access ? r->min_access : 1, r->max_access ? r->max_access : 8),
            S(r->endian == WW_BIG_ENDIAN ? "big" : "little"),
            F("%s%s", r->flags & WW_REGION_STRICT ? "strict " : "",
              r->flags & WW_REGION_PCI_CONFIG ? "pci-config" : ""),
            S(r->doc));

    t = table(d, "Registers", "registers", 9, "name", "region", "offset", "bits", "reset",
              "access", "gdb", "group", "description");
    reg_rows(c, t, c->regs, false);

    if (c->pci) {
        const ww_pci_desc *p = c->pci;
        t = table(d, "PCI function", "pci", 2, "item", "value");
        ROW(t, S("vendor:device"), F("%04x:%04x", p->vendor, p->device));
        ROW(t, S("revision"), F("0x%02x", p->revision));
        ROW(t, S("class"), F("%06x", p->class_code));
        if (p->subsys_vendor || p->subsys)
            ROW(t, S("subsystem"), F("%04x:%04x", p->subsys_vendor, p->subsys));
        ROW(t, S("interrupt pin"), p->int_pin ? F("INT%c#", 'A' + p->int_pin - 1) : S("none"));
        ROW(t, S("MSI"), p->msi_offset ? F("at 0x%02x, %u vector%s", p->msi_offset,
                                           p->msi_vectors ? p->msi_vectors : 1,
                                           p->msi_vectors > 1 ? "s" : "")
                                       : S("no"));
        ROW(t, S("configuration space"), F("%u bytes", p->config_size ? p->config_size : 256));
        t = table(d, "PCI BARs", "bars", 5, "BAR", "kind", "size", "region", "description");
        static const char *const kinds[] = { "-", "mem32", "mem64", "io" };
        for (unsigned i = 0; i < 6; i++)
            if (p->bars[i].kind != WW_BAR_UNUSED)
                ROW(t, F("%u", i), F("%s%s", kinds[p->bars[i].kind],
                                    p->bars[i].prefetch ? " prefetchable" : ""),
                    F("0x%" G_GINT64_MODIFIER "x", p->bars[i].size),
                    S(region_name(c, p->bars[i].region)), S(p->bars[i].doc));
        if (p->rom.size)
            ROW(t, S("ROM"), S("mem32"), F("0x%" G_GINT64_MODIFIER "x", p->rom.size),
                S(region_name(c, p->rom.region)), S(p->rom.doc));
        t = table(d, "PCI configuration header", "pci_header", 9, "name", "region", "offset",
                  "bits", "reset", "access", "gdb", "group", "description");
        t->note = g_strdup("The standard header (PCI 3.0 §6.1), implemented by the core.");
        reg_rows(c, t, ww_pci_header_regs, true);
    }

    t = table(d, "Ports", "ports", 5, "name", "direction", "lines", "flags", "description");
    for (const ww_port_desc *p = c->ports; p && p->name; p++) {
        unsigned n = ww_port_count(p);
        ROW(t, n > 1 ? F("%s@0..%u", p->name, n - 1) : S(p->name),
            S(p->dir == WW_PORT_IN ? "in" : "out"), F("%u", n),
            F("%s%s%s", p->flags & WW_PORT_REQUIRED ? "required" : "",
              (p->flags & WW_PORT_REQUIRED) && (p->flags & WW_PORT_EDGE) ? "," : "",
              p->flags & WW_PORT_EDGE ? "edge" : ""),
            S(p->doc));
    }
    if (c->buses && c->buses->name) {
        t = table(d, "Bus-master ports", "buses", 5, "name", "address bits", "byte order",
                  "unmapped", "description");
        t->note = g_strdup("Each gets a space named ID.PORT (or an alias).");
        for (const ww_bus_desc *b = c->buses; b->name; b++)
            ROW(t, S(b->name), F("%u", b->addr_bits ? b->addr_bits : 32),
                S(b->endian == WW_BIG_ENDIAN ? "big" : "little"),
                S(b->unmapped == WW_UNMAPPED_BUS_ERROR ? "bus error" : "open bus"), S(b->doc));
    }
    if (c->backends && c->backends->name) {
        t = table(d, "Backends", "backends", 4, "name", "type", "slots", "description");
        for (const ww_backend_desc *b = c->backends; b->name; b++)
            ROW(t, S(b->name), S(ww_backend_type_name(b->type)), F("%u", b->count ? b->count : 1),
                S(b->doc));
    }
    if (c->windows && c->windows->name) {
        t = table(d, "Windows", "windows", 3, "name", "slots", "description");
        t->note = g_strdup("Mappings the chip moves or hides: <map … window=\"ID.NAME\"/>.");
        for (const ww_window_desc *w = c->windows; w->name; w++)
            ROW(t, S(w->name), F("%u", w->count ? w->count : 1), S(w->doc));
    }
    if (c->views && c->views->name) {
        t = table(d, "Views", "views", 2, "name", "description");
        t->note = g_strdup("Shown by the monitor's `info chip`, derived from the state.");
        for (const ww_view_desc *v = c->views; v->name; v++)
            ROW(t, S(v->name), S(v->doc));
    }
    if (c->state && c->state->name) {
        t = table(d, "Internal state", "state", 5, "name", "type", "reset", "since version",
                  "description");
        t->note = g_strdup("Saved in snapshots besides the registers with storage.");
        state_rows(t, c->state, "");
    }
    return d;
}

/* ---- the live walk: the same tables over an instance --------------------------- */

/* A register value as hex with the register's digits; a field's in decimal
 * for one bit, else hex. The one spelling of live values. */
static char *reg_value_text(uint64_t v, unsigned bits)
{
    return F("0x%0*" G_GINT64_MODIFIER "x", (int)((bits + 3) / 4), v);
}

static char *field_value_text(uint64_t v, unsigned width)
{
    return width <= 1 ? F("%" G_GUINT64_FORMAT, v) : F("0x%" G_GINT64_MODIFIER "x", v);
}

static void set_value(ww_doc_row *r, uint64_t v)
{
    r->has_value = true;
    r->value = v;
}

static void live_field_rows(ww_doc_row *r, ww_doc_table *t, const ww_field_desc *f, uint64_t v,
                            bool known)
{
    if (!f || !f->name)
        return;
    r->sub = g_ptr_array_new_with_free_func(row_free);
    t->sub_ncols = 4;
    for (; f->name; f++) {
        uint64_t fv = f->width >= 64 ? v >> f->lsb : (v >> f->lsb) & ((1ull << f->width) - 1);
        ww_doc_row *sr = row_take(r->sub, 4, (char *[]){
            f->width <= 1 ? F("%u", f->lsb) : F("%u:%u", f->lsb + f->width - 1, f->lsb),
            S(f->name), known ? field_value_text(fv, f->width) : S("-"), S(f->doc) });
        if (known)
            set_value(sr, fv);
    }
}

static void live_reg_rows(ww_chip *chip, ww_doc_table *t, const ww_reg_desc *regs, bool pci)
{
    const ww_chip_class *c = chip->cls;
    for (const ww_reg_desc *r = regs; r && r->name; r++) {
        unsigned n = ww_reg_count(r);
        bool internal = r->flags & WW_REG_INTERNAL;
        unsigned bits = r->format == WW_FMT_F80 ? 80 : 8 * ww_reg_width(r);
        for (unsigned i = 0; i < n; i++) {
            char name[64];
            ww_reg_name(r, i, name, sizeof name);
            char *val;
            bool known = true;
            uint64_t v = 0;
            if (!pci && (r->flags & WW_REG_WO) && !r->at.size) {
                val = g_strdup("(write-only)");
                known = false;
            } else if (r->format == WW_FMT_F80 && r->at.size) {
                long double ld;
                memcpy(&ld, (uint8_t *)chip + r->at.offset + (size_t)i *
                       (r->stride ? r->stride : r->at.size), sizeof ld);
                ww_f80 f = ww_f80_from_ld(ld);
                val = F("%04x:%016" G_GINT64_MODIFIER "x (%Lg)", f.sexp, f.mant, ld);
                known = false;
            } else {
                v = pci ? ww_pci_config_read(chip, ww_reg_offset(r, i), ww_reg_width(r), WW_PEEK)
                        : ww_chip_reg_get(chip, r, i);
                val = reg_value_text(v, bits);
            }
            ww_doc_row *row = ROW(t, g_strdup(name),
                                  internal ? g_strdup("-") : g_strdup(pci ? "config" : region_name(c, r->region)),
                                  internal ? g_strdup("-") : F("0x%" G_GINT64_MODIFIER "x", ww_reg_offset(r, i)),
                                  F("%u", bits), val, ww_reg_flags_text(r->flags), S(r->doc));
            if (known)
                set_value(row, v);
            live_field_rows(row, t, r->fields, v, known);
        }
    }
}

#define LIVE_ARRAY_MAX 16   /* elements of an array of scalars shown as text */

static void live_state_rows(ww_chip *chip, ww_doc_table *t, const ww_state_desc *tab,
                            uint8_t *base, const char *prefix)
{
    for (const ww_state_desc *s = tab; s && s->name; s++) {
        char *name = *prefix ? g_strconcat(prefix, ".", s->name, NULL) : g_strdup(s->name);
        if (s->type == WW_STATE_RECORD) {
            /* Element names as the state walk (and so snapshots) spell them. */
            size_t rs = s->record && s->record->size ? s->record->size : 1;
            unsigned n = (unsigned)(s->at.size / rs);
            for (unsigned k = 0; k < n; k++) {
                char *sub = s->names && s->names[k] ? g_strdup(s->names[k])
                          : n > 1 ? F("%s%u", name, k) : g_strdup(name);
                live_state_rows(chip, t, s->record ? s->record->fields : NULL,
                                base + s->at.offset + k * rs, sub);
                g_free(sub);
            }
            g_free(name);
            continue;
        }
        size_t es = ww_state_elem_size(s->type);
        unsigned n = (unsigned)(es ? s->at.size / es : 1);
        if (!n)
            n = 1;
        ww_state_item it = { name, s->type, base + s->at.offset, n, 1, s->reset, s->flags };
        char *type = n > 1 ? F("%s[%u]", state_type_name(s->type), n) : S(state_type_name(s->type));
        GString *text = g_string_new(NULL);
        GArray *vals = NULL;
        bool typed = true;
        uint64_t one = 0;
        GString *el = g_string_new(NULL);
        for (unsigned i = 0; i < n; i++) {
            uint8_t *p = (uint8_t *)it.ptr + (size_t)i * es;
            uint64_t v = 0;
            g_string_truncate(el, 0);
            switch (s->type) {
            case WW_STATE_TIMER: {
                const ww_timer *tm = (const ww_timer *)p;
                bool armed = ww_timer_armed(tm);
                if (armed)
                    g_string_append_printf(el, "at %" G_GUINT64_FORMAT " ns", tm->when);
                else
                    g_string_append(el, "disarmed");
                typed = typed && armed;
                v = armed ? tm->when : 0;
                break;
            }
            case WW_STATE_F80: {
                long double ld;
                memcpy(&ld, p, sizeof ld);
                g_string_append_printf(el, "%Lg", ld);
                typed = false;
                break;
            }
            case WW_STATE_BOOL:
                v = ww_state_item_get(&it, i);
                g_string_append(el, v ? "true" : "false");
                break;
            case WW_STATE_TIME:
                v = ww_state_item_get(&it, i);
                g_string_append_printf(el, "%" G_GUINT64_FORMAT " ns", v);
                break;
            case WW_STATE_I32: case WW_STATE_I64:
                v = ww_state_item_get(&it, i);
                g_string_append_printf(el, "%" G_GINT64_FORMAT, (gint64)v);
                break;
            default:
                v = ww_state_item_get(&it, i);
                g_string_append_printf(el, "0x%0*" G_GINT64_MODIFIER "x", (int)(2 * es), v);
                break;
            }
            /* The text shows the first elements; JSON has them all. */
            if (i < LIVE_ARRAY_MAX)
                g_string_append_printf(text, "%s%s", i ? " " : "", el->str);
            else if (i == LIVE_ARRAY_MAX)
                g_string_append_printf(text, " … (%u more)", n - i);
            if (n > 1) {
                if (!vals)
                    vals = g_array_new(FALSE, FALSE, sizeof(uint64_t));
                g_array_append_val(vals, v);
            } else {
                one = v;
            }
        }
        g_string_free(el, TRUE);
        ww_doc_row *row = ROW(t, name, type, g_string_free(text, FALSE), S(s->doc));
        if (typed && vals)
            row->values = vals;
        else if (vals)
            g_array_free(vals, TRUE);
        if (typed && n == 1)
            set_value(row, one);
    }
}

ww_doc *ww_doc_build_live(ww_chip *chip)
{
    const ww_chip_class *c = chip->cls;
    ww_doc *d = g_new0(ww_doc, 1);
    d->title = g_strdup(chip->id);
    d->summary = F("%s: %s", c->type, c->summary ? c->summary : "");
    d->paras = g_ptr_array_new_with_free_func(g_free);
    d->tables = g_ptr_array_new();

    ww_doc_table *t = table(d, "Properties", "properties", 3, "name", "value", "description");
    for (const ww_prop_desc *p = c->props; p && p->name; p++)
        ROW(t, S(p->name), ww_chip_get_prop(chip, p->name), S(p->doc));

    t = table(d, "Registers", "registers", 7, "name", "region", "offset", "bits", "value",
              "access", "description");
    t->note = g_strdup("Values read without side effects (peek).");
    live_reg_rows(chip, t, c->regs, false);
    if (c->pci) {
        t = table(d, "PCI configuration header", "pci_header", 7, "name", "region", "offset",
                  "bits", "value", "access", "description");
        live_reg_rows(chip, t, ww_pci_header_regs, true);
    }

    t = table(d, "Ports", "ports", 4, "name", "direction", "value", "description");
    t->note = g_strdup("Levels: what an output drives, what an input sees (after wired-OR).");
    unsigned pi = 0;
    for (const ww_port_desc *p = c->ports; p && p->name; p++, pi++) {
        unsigned n = ww_port_count(p);
        GString *text = g_string_new(NULL);
        GArray *vals = g_array_new(FALSE, FALSE, sizeof(uint64_t));
        for (unsigned i = 0; i < n; i++) {
            ww_line *l = p->dir == WW_PORT_OUT ? ww_chip_out_line(chip, pi, i) : NULL;
            uint64_t v = (uint64_t)(p->dir == WW_PORT_OUT ? (l ? ww_line_get(l) : 0)
                                                          : ww_input_level(chip, pi, i));
            g_string_append_printf(text, "%s%" G_GUINT64_FORMAT, i ? " " : "", v);
            g_array_append_val(vals, v);
        }
        ww_doc_row *row = ROW(t, n > 1 ? F("%s@0..%u", p->name, n - 1) : S(p->name),
                              S(p->dir == WW_PORT_IN ? "in" : "out"),
                              g_string_free(text, FALSE), S(p->doc));
        if (n > 1) {
            row->values = vals;
        } else {
            set_value(row, g_array_index(vals, uint64_t, 0));
            g_array_free(vals, TRUE);
        }
    }

    if (c->views && c->views->name) {
        t = table(d, "Views", "views", 3, "name", "value", "description");
        t->note = g_strdup("Derived from the state for reading (the chip's views).");
        for (const ww_view_desc *v = c->views; v->name; v++) {
            GString *text = g_string_new(NULL);
            GArray *vals = g_array_new(FALSE, FALSE, sizeof(uint64_t));
            v->fill(chip, text, vals);
            ww_doc_row *row = ROW(t, S(v->name), g_string_free(text, FALSE), S(v->doc));
            row->values = vals;   /* a list, possibly empty */
        }
    }

    t = table(d, "Internal state", "state", 4, "name", "type", "value", "description");
    if (c->cpu) {
        static const ww_state_desc cycles[] = {
            { "cpu.cycles", WW_STATE_U64, { offsetof(ww_cpu, cycles), sizeof(uint64_t) },
              "cycles executed since power-on" },
            { 0 } };
        live_state_rows(chip, t, cycles, (uint8_t *)chip, "");
    }
    live_state_rows(chip, t, c->state, (uint8_t *)chip, "");
    return d;
}

static void row_free(gpointer p)
{
    ww_doc_row *r = p;
    g_strfreev(r->cells);
    if (r->values)
        g_array_free(r->values, TRUE);
    if (r->sub)
        g_ptr_array_free(r->sub, TRUE);   /* created with row_free as free func */
    g_free(r);
}

void ww_doc_free(ww_doc *d)
{
    if (!d)
        return;
    for (guint i = 0; i < d->tables->len; i++) {
        ww_doc_table *t = d->tables->pdata[i];
        g_ptr_array_free(t->rows, TRUE);
        g_strfreev(t->cols);
        g_free(t->title);
        g_free(t->id);
        g_free(t->note);
        g_free(t);
    }
    g_ptr_array_free(d->tables, TRUE);
    g_ptr_array_free(d->paras, TRUE);
    g_free(d->title);
    g_free(d->summary);
    g_free(d);
}

/* ---- printers ------------------------------------------------------------------- */

/* A column whose every cell is empty (or "-") is left out of a printed table. */
static bool column_used(const ww_doc_table *t, unsigned col)
{
    for (guint i = 0; i < t->rows->len; i++) {
        const char *c = ((ww_doc_row *)t->rows->pdata[i])->cells[col];
        if (*c && strcmp(c, "-"))
            return true;
    }
    return false;
}

void ww_doc_print_text(const ww_doc *d, GString *o)
{
    g_string_append_printf(o, "%s — %s\n", d->title, d->summary);
    for (guint i = 0; i < d->paras->len; i++)
        g_string_append_printf(o, "\n%s\n", (char *)d->paras->pdata[i]);
    for (guint ti = 0; ti < d->tables->len; ti++) {
        const ww_doc_table *t = d->tables->pdata[ti];
        g_string_append_printf(o, "\n%s:\n", t->title);
        if (!t->rows->len) {
            g_string_append(o, "  (none)\n");
            continue;
        }
        size_t *w = g_new0(size_t, t->ncols);
        bool *use = g_new0(bool, t->ncols);
        for (unsigned c = 0; c < t->ncols; c++) {
            use[c] = c == 0 || column_used(t, c);
            w[c] = g_utf8_strlen(t->cols[c], -1);
            for (guint r = 0; r < t->rows->len; r++)
                w[c] = MAX(w[c], (size_t)g_utf8_strlen(((ww_doc_row *)t->rows->pdata[r])->cells[c], -1));
        }
        for (int r = -1; r < (int)t->rows->len; r++) {
            const ww_doc_row *row = r >= 0 ? t->rows->pdata[r] : NULL;
            GString *line = g_string_new("  ");
            for (unsigned c = 0; c < t->ncols; c++) {
                if (!use[c])
                    continue;
                const char *cell = row ? row->cells[c] : t->cols[c];
                g_string_append(line, cell);
                if (c + 1 < t->ncols)
                    for (size_t k = (size_t)g_utf8_strlen(cell, -1); k < w[c] + 1; k++)
                        g_string_append_c(line, ' ');
            }
            while (line->len && line->str[line->len - 1] == ' ')
                g_string_truncate(line, line->len - 1);
            g_string_append_printf(o, "%s\n", line->str);
            g_string_free(line, TRUE);
            for (guint s = 0; row && row->sub && s < row->sub->len; s++) {
                char **f = ((ww_doc_row *)row->sub->pdata[s])->cells;
                char *bits = g_strdup_printf("[%s]", f[0]);
                char *l = t->sub_ncols == 4
                        ? g_strdup_printf("      %-12s %-8s = %-6s %s", f[1], bits, f[2], f[3])
                        : g_strdup_printf("      %-12s %-8s %s", f[1], bits, f[2]);
                g_string_append_printf(o, "%s\n", g_strchomp(l));
                g_free(l);
                g_free(bits);
            }
        }
        g_free(w);
        g_free(use);
    }
}

static void md_cell(GString *o, const char *s)
{
    for (; s && *s; s++) {
        if (*s == '|')
            g_string_append(o, "\\|");
        else if (*s == '\n')
            g_string_append_c(o, ' ');
        else
            g_string_append_c(o, *s);
    }
}

static void md_table(GString *o, unsigned ncols, char *const *cols, const GPtrArray *rows,
                     const bool *use, unsigned code_col)
{
    g_string_append(o, "|");
    for (unsigned c = 0; c < ncols; c++)
        if (use[c])
            g_string_append_printf(o, " %s |", cols[c]);
    g_string_append(o, "\n|");
    for (unsigned c = 0; c < ncols; c++)
        if (use[c])
            g_string_append(o, "---|");
    g_string_append_c(o, '\n');
    for (guint r = 0; r < rows->len; r++) {
        char **cells = ((ww_doc_row *)rows->pdata[r])->cells;
        g_string_append(o, "|");
        for (unsigned c = 0; c < ncols; c++) {
            if (!use[c])
                continue;
            g_string_append_c(o, ' ');
            bool code = c == code_col && *cells[c];
            if (code)
                g_string_append_c(o, '`');
            md_cell(o, cells[c]);
            if (code)
                g_string_append_c(o, '`');
            g_string_append(o, " |");
        }
        g_string_append_c(o, '\n');
    }
    g_string_append_c(o, '\n');
}

void ww_doc_print_markdown(const ww_doc *d, GString *o)
{
    g_string_append_printf(o, "# %s\n\n%s\n\n", d->title, d->summary);
    for (guint i = 0; i < d->paras->len; i++)
        g_string_append_printf(o, "%s\n\n", (char *)d->paras->pdata[i]);
    for (guint ti = 0; ti < d->tables->len; ti++) {
        const ww_doc_table *t = d->tables->pdata[ti];
        g_string_append_printf(o, "## %s\n\n", t->title);
        if (t->note)
            g_string_append_printf(o, "%s\n\n", t->note);
        if (!t->rows->len) {
            g_string_append(o, "None.\n\n");
            continue;
        }
        bool *use = g_new0(bool, t->ncols);
        for (unsigned c = 0; c < t->ncols; c++)
            use[c] = c == 0 || column_used(t, c);
        md_table(o, t->ncols, t->cols, t->rows, use, 0);
        g_free(use);
        /* Rows with fields get a section of their own. */
        static char *const field_cols[] = { "bits", "field", "description", NULL };
        static const bool all3[3] = { true, true, true };
        for (guint r = 0; r < t->rows->len; r++) {
            const ww_doc_row *row = t->rows->pdata[r];
            if (!row->sub)
                continue;
            g_string_append_printf(o, "### %s\n\n", row->cells[0]);
            if (t->ncols > 8 && *row->cells[8])
                g_string_append_printf(o, "%s\n\n", row->cells[8]);
            md_table(o, 3, field_cols, row->sub, all3, 1);
        }
    }
}

/* ---- JSON ------------------------------------------------------------------------ */

JsonNode *ww_json_uint(uint64_t v)
{
    JsonNode *n = json_node_new(JSON_NODE_VALUE);
    if (v <= (uint64_t)G_MAXINT64) {
        json_node_set_int(n, (gint64)v);
    } else {
        char buf[24];
        g_snprintf(buf, sizeof buf, "0x%" G_GINT64_MODIFIER "x", v);
        json_node_set_string(n, buf);
    }
    return n;
}

bool ww_json_get_uint(JsonNode *n, uint64_t *out)
{
    if (!n || JSON_NODE_TYPE(n) != JSON_NODE_VALUE)
        return false;
    GType t = json_node_get_value_type(n);
    if (t == G_TYPE_INT64) {
        gint64 v = json_node_get_int(n);
        if (v < 0)
            return false;
        *out = (uint64_t)v;
        return true;
    }
    if (t == G_TYPE_STRING) {
        const char *s = json_node_get_string(n);
        char *end;
        if (!s || !g_str_has_prefix(s, "0x") || !s[2])
            return false;
        errno = 0;
        guint64 v = g_ascii_strtoull(s + 2, &end, 16);
        if (*end || errno)
            return false;
        *out = v;
        return true;
    }
    return false;
}

static void row_to_json(JsonBuilder *b, unsigned ncols, char *const *cols, const ww_doc_row *r,
                        unsigned sub_ncols, char *const *sub_cols)
{
    json_builder_begin_object(b);
    for (unsigned c = 0; c < ncols; c++) {
        bool typed = !strcmp(cols[c], "value") && (r->has_value || r->values);
        json_builder_set_member_name(b, cols[c]);
        if (!typed) {
            json_builder_add_string_value(b, r->cells[c]);
            continue;
        }
        if (r->values) {
            json_builder_begin_array(b);
            for (guint i = 0; i < r->values->len; i++)
                json_builder_add_value(b, ww_json_uint(g_array_index(r->values, uint64_t, i)));
            json_builder_end_array(b);
        } else {
            json_builder_add_value(b, ww_json_uint(r->value));
        }
        json_builder_set_member_name(b, "value-text");
        json_builder_add_string_value(b, r->cells[c]);
    }
    if (r->sub) {
        json_builder_set_member_name(b, "fields");
        json_builder_begin_array(b);
        for (guint i = 0; i < r->sub->len; i++)
            row_to_json(b, sub_ncols, sub_cols, r->sub->pdata[i], 0, NULL);
        json_builder_end_array(b);
    }
    json_builder_end_object(b);
}

static char *const field_cols3[] = { "bits", "name", "description", NULL };
static char *const field_cols4[] = { "bits", "name", "value", "description", NULL };

JsonNode *ww_doc_to_json(const ww_doc *d)
{
    JsonBuilder *b = json_builder_new();
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "title");
    json_builder_add_string_value(b, d->title);
    json_builder_set_member_name(b, "summary");
    json_builder_add_string_value(b, d->summary);
    json_builder_set_member_name(b, "paras");
    json_builder_begin_array(b);
    for (guint i = 0; i < d->paras->len; i++)
        json_builder_add_string_value(b, d->paras->pdata[i]);
    json_builder_end_array(b);
    json_builder_set_member_name(b, "tables");
    json_builder_begin_array(b);
    for (guint ti = 0; ti < d->tables->len; ti++) {
        const ww_doc_table *t = d->tables->pdata[ti];
        json_builder_begin_object(b);
        json_builder_set_member_name(b, "id");
        json_builder_add_string_value(b, t->id);
        json_builder_set_member_name(b, "title");
        json_builder_add_string_value(b, t->title);
        if (t->note) {
            json_builder_set_member_name(b, "note");
            json_builder_add_string_value(b, t->note);
        }
        json_builder_set_member_name(b, "columns");
        json_builder_begin_array(b);
        for (unsigned c = 0; c < t->ncols; c++)
            json_builder_add_string_value(b, t->cols[c]);
        json_builder_end_array(b);
        json_builder_set_member_name(b, "rows");
        json_builder_begin_array(b);
        for (guint r = 0; r < t->rows->len; r++)
            row_to_json(b, t->ncols, t->cols, t->rows->pdata[r], t->sub_ncols,
                        t->sub_ncols == 4 ? field_cols4 : field_cols3);
        json_builder_end_array(b);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_builder_end_object(b);
    JsonNode *n = json_builder_get_root(b);
    g_object_unref(b);
    return n;
}

/* A string member, or NULL. */
static const char *jstr(JsonObject *o, const char *name)
{
    JsonNode *n = o ? json_object_get_member(o, name) : NULL;
    return n && JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_STRING
           ? json_node_get_string(n) : NULL;
}

static ww_doc_row *row_from_json(GPtrArray *rows, unsigned ncols, char *const *cols,
                                 JsonObject *o)
{
    char **cells = g_new0(char *, ncols + 1);
    for (unsigned c = 0; c < ncols; c++) {
        const char *v = !strcmp(cols[c], "value") && jstr(o, "value-text")
                      ? jstr(o, "value-text") : jstr(o, cols[c]);
        cells[c] = g_strdup(v ? v : "");
    }
    ww_doc_row *r = row_take(rows, ncols, cells);
    g_free(cells);   /* the strings now belong to the row */
    uint64_t v;
    if (json_object_has_member(o, "value-text") &&
        ww_json_get_uint(json_object_get_member(o, "value"), &v))
        set_value(r, v);
    return r;
}

ww_doc *ww_doc_from_json(JsonNode *node, GError **err)
{
    JsonObject *o = node && JSON_NODE_HOLDS_OBJECT(node) ? json_node_get_object(node) : NULL;
    JsonNode *tn = o ? json_object_get_member(o, "tables") : NULL;
    if (!o || !jstr(o, "title") || !tn || !JSON_NODE_HOLDS_ARRAY(tn)) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "not a document (title, tables)");
        return NULL;
    }
    ww_doc *d = g_new0(ww_doc, 1);
    d->title = g_strdup(jstr(o, "title"));
    d->summary = g_strdup(jstr(o, "summary") ? jstr(o, "summary") : "");
    d->paras = g_ptr_array_new_with_free_func(g_free);
    d->tables = g_ptr_array_new();
    JsonNode *pn = json_object_get_member(o, "paras");
    if (pn && JSON_NODE_HOLDS_ARRAY(pn)) {
        JsonArray *pa = json_node_get_array(pn);
        for (guint i = 0; i < json_array_get_length(pa); i++) {
            JsonNode *e = json_array_get_element(pa, i);
            if (JSON_NODE_HOLDS_VALUE(e) && json_node_get_value_type(e) == G_TYPE_STRING)
                g_ptr_array_add(d->paras, g_strdup(json_node_get_string(e)));
        }
    }
    JsonArray *ta = json_node_get_array(tn);
    for (guint ti = 0; ti < json_array_get_length(ta); ti++) {
        JsonNode *e = json_array_get_element(ta, ti);
        JsonObject *to = JSON_NODE_HOLDS_OBJECT(e) ? json_node_get_object(e) : NULL;
        JsonNode *cn = to ? json_object_get_member(to, "columns") : NULL;
        JsonNode *rn = to ? json_object_get_member(to, "rows") : NULL;
        if (!cn || !JSON_NODE_HOLDS_ARRAY(cn) || !rn || !JSON_NODE_HOLDS_ARRAY(rn))
            continue;
        JsonArray *ca = json_node_get_array(cn);
        ww_doc_table *t = g_new0(ww_doc_table, 1);
        t->title = g_strdup(jstr(to, "title") ? jstr(to, "title") : "");
        t->id = g_strdup(jstr(to, "id") ? jstr(to, "id") : "");
        t->note = g_strdup(jstr(to, "note"));
        t->ncols = json_array_get_length(ca);
        t->sub_ncols = 3;
        t->cols = g_new0(char *, t->ncols + 1);
        for (unsigned c = 0; c < t->ncols; c++) {
            JsonNode *x = json_array_get_element(ca, c);
            t->cols[c] = g_strdup(JSON_NODE_HOLDS_VALUE(x) &&
                                  json_node_get_value_type(x) == G_TYPE_STRING
                                  ? json_node_get_string(x) : "");
        }
        t->rows = g_ptr_array_new_with_free_func(row_free);
        g_ptr_array_add(d->tables, t);
        JsonArray *ra = json_node_get_array(rn);
        for (guint r = 0; r < json_array_get_length(ra); r++) {
            JsonNode *x = json_array_get_element(ra, r);
            if (!JSON_NODE_HOLDS_OBJECT(x))
                continue;
            JsonObject *ro = json_node_get_object(x);
            ww_doc_row *row = row_from_json(t->rows, t->ncols, t->cols, ro);
            JsonNode *fn = json_object_get_member(ro, "fields");
            if (!fn || !JSON_NODE_HOLDS_ARRAY(fn))
                continue;
            JsonArray *fa = json_node_get_array(fn);
            row->sub = g_ptr_array_new_with_free_func(row_free);
            for (guint k = 0; k < json_array_get_length(fa); k++) {
                JsonNode *f = json_array_get_element(fa, k);
                if (!JSON_NODE_HOLDS_OBJECT(f))
                    continue;
                JsonObject *fo = json_node_get_object(f);
                if (json_object_has_member(fo, "value"))
                    t->sub_ncols = 4;
                row_from_json(row->sub, t->sub_ncols,
                              t->sub_ncols == 4 ? field_cols4 : field_cols3, fo);
            }
        }
    }
    return d;
}
