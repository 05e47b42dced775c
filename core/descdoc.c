/* core/descdoc.c — one walk of a descriptor into a document model, and its
 * text and Markdown printers (core/descdoc.h). */
#include "core/descdoc.h"
#include "core/cpu.h"
#include "core/pci.h"
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
    if (c->state && c->state->name) {
        t = table(d, "Internal state", "state", 5, "name", "type", "reset", "since version",
                  "description");
        t->note = g_strdup("Saved in snapshots besides the registers with storage.");
        state_rows(t, c->state, "");
    }
    return d;
}

static void row_free(gpointer p)
{
    ww_doc_row *r = p;
    g_strfreev(r->cells);
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
                char *l = g_strdup_printf("      %-12s %-8s %s", f[1], bits, f[2]);
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
