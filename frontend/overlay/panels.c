/* frontend/overlay/panels.c — building each panel of the overlay's model
 * from the monitor's command table (internal.h). Every command used here
 * reads by peek: info-chips, info-mtree, info-chip (core/descdoc.c's live
 * walk), regs, disas, x/xp, info-status, info-break, info-timeline. */
#include "frontend/overlay/internal.h"
#include "core/descdoc.h"
#include <stdio.h>
#include <string.h>

static JsonObject *obj(JsonNode *n) { return n && JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL; }
static JsonArray *arr(JsonNode *n) { return n && JSON_NODE_HOLDS_ARRAY(n) ? json_node_get_array(n) : NULL; }

static const char *ostr(JsonObject *o, const char *name)
{
    JsonNode *n = o ? json_object_get_member(o, name) : NULL;
    return n && JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_STRING
           ? json_node_get_string(n) : "";
}

static uint64_t ouint(JsonObject *o, const char *name)
{
    uint64_t v = 0;
    JsonNode *n = o ? json_object_get_member(o, name) : NULL;
    if (n)
        ww_json_get_uint(n, &v);
    return v;
}

static JsonObject *args1(const char *name, const char *val)
{
    JsonObject *a = json_object_new();
    json_object_set_string_member(a, name, val);
    return a;
}

/* A line saying why a panel is empty. */
static void note(ww_ov_panel *p, ww_ov_style st, const char *text)
{
    ww_ov_add_cell(ww_ov_add_line(p, ""), st, 0, text);
}

static void error_line(ww_ov_panel *p, GError *e)
{
    note(p, WW_OV_WARN, e ? e->message : "no answer");
    g_clear_error(&e);
}

/* A value cell, marked when it differs from the previous build's. */
static void value_cell(ww_overlay *ov, ww_ov_panel *p, ww_ov_line *l, const char *text,
                       unsigned width)
{
    ww_ov_style st = WW_OV_VALUE;
    if (l->has_value) {
        char *k = g_strconcat(p->name, "/", l->key, NULL);
        uint64_t *old = g_hash_table_lookup(ov->last, k);
        if (old && *old != l->value)
            st = WW_OV_CHANGED;
        g_free(k);
    }
    ww_ov_add_cell(l, st, width, text);
}

/* ---- chips: the machine, its chips, the selected chip's mapped regions -------------- */

static void build_chips(ww_overlay *ov, ww_ov_panel *p)
{
    GError *e = NULL;
    JsonNode *chips = ww_ov_mon(ov, "info-chips", NULL, &e);
    if (!chips)
        return error_line(p, e);
    JsonNode *mt = ww_ov_mon(ov, "info-mtree", NULL, NULL);
    ww_ov_line *root = ww_ov_add_line(p, "");
    ww_ov_add_cell(root, WW_OV_HEAD, 0, ww_machine_name(ww_session_machine(ov->s)));
    JsonArray *ca = arr(chips);
    for (guint i = 0; ca && i < json_array_get_length(ca); i++) {
        JsonObject *c = json_array_get_object_element(ca, i);
        const char *id = ostr(c, "id");
        bool sel = ov->chip && !strcmp(ov->chip, id);
        ww_ov_line *l = ww_ov_add_line(p, id);
        l->indent = 1;
        l->selectable = true;
        ww_ov_add_cell(l, sel ? WW_OV_ACCENT : WW_OV_TEXT, 10, id);
        ww_ov_add_cell(l, WW_OV_DIM, 0, ostr(c, "type"));
        if (!sel)
            continue;
        /* Where the chosen chip's register windows are mapped (info mtree). */
        char *prefix = g_strconcat(id, ".", NULL);
        JsonArray *sa = arr(mt);
        for (guint s = 0; sa && s < json_array_get_length(sa); s++) {
            JsonObject *so = json_array_get_object_element(sa, s);
            JsonArray *ma = arr(json_object_get_member(so, "mappings"));
            for (guint k = 0; ma && k < json_array_get_length(ma); k++) {
                JsonObject *mo = json_array_get_object_element(ma, k);
                const char *target = ostr(mo, "target");
                if (!g_str_has_prefix(target, prefix))
                    continue;
                uint64_t base = ouint(mo, "base"), size = ouint(mo, "size");
                ww_ov_line *r = ww_ov_add_line(p, target);
                r->indent = 2;
                ww_ov_add_cell(r, WW_OV_DIM, 8, target + strlen(prefix));
                ww_ov_add_cellf(r, WW_OV_DIM, 0, "%s %" G_GINT64_MODIFIER "x-%" G_GINT64_MODIFIER
                                "x", ostr(so, "name"), base, size ? base + size - 1 : base);
            }
        }
        g_free(prefix);
    }
    g_free(p->title);
    p->title = g_strdup_printf("chips (%u)", ca ? json_array_get_length(ca) : 0);
    json_node_unref(chips);
    if (mt)
        json_node_unref(mt);
}

/* ---- registers: the chip's live descriptor document (core/descdoc.c) ---------------- */

static void doc_rows(ww_overlay *ov, ww_ov_panel *p, ww_doc_table *t, bool regs)
{
    int name_col = 0, value_col = -1;
    for (unsigned c = 0; c < t->ncols; c++)
        if (!strcmp(t->cols[c], "value"))
            value_col = (int)c;
    if (value_col < 0 || !t->rows->len)
        return;
    ww_ov_line *h = ww_ov_add_line(p, "");
    ww_ov_add_cell(h, WW_OV_HEAD, 0, t->title);
    for (guint i = 0; i < t->rows->len; i++) {
        ww_doc_row *r = t->rows->pdata[i];
        ww_ov_line *l = ww_ov_add_line(p, r->cells[name_col]);
        l->selectable = true;
        if (r->has_value)
            ww_ov_line_set_value(l, r->value);
        ww_ov_add_cell(l, WW_OV_TEXT, 12, r->cells[name_col]);
        value_cell(ov, p, l, r->cells[value_col], 0);
        for (guint k = 0; regs && r->sub && k < r->sub->len; k++) {
            ww_doc_row *f = r->sub->pdata[k];
            /* field sub-rows: bits, name, value, description */
            char *key = g_strconcat(r->cells[name_col], ".", f->cells[1], NULL);
            ww_ov_line *fl = ww_ov_add_line(p, key);
            g_free(key);
            fl->indent = 1;
            if (f->has_value)
                ww_ov_line_set_value(fl, f->value);
            ww_ov_add_cell(fl, WW_OV_DIM, 5, f->cells[0]);
            ww_ov_add_cell(fl, WW_OV_TEXT, 10, f->cells[1]);
            value_cell(ov, p, fl, f->cells[2], 0);
        }
    }
}

static void build_registers(ww_overlay *ov, ww_ov_panel *p)
{
    if (!ov->chip)
        return note(p, WW_OV_DIM, "choose a chip (Enter in the chip tree)");
    GError *e = NULL;
    JsonObject *a = args1("id", ov->chip);
    JsonNode *v = ww_ov_mon(ov, "info-chip", a, &e);
    json_object_unref(a);
    if (!v)
        return error_line(p, e);
    ww_doc *d = ww_doc_from_json(v, &e);
    json_node_unref(v);
    if (!d)
        return error_line(p, e);
    g_free(p->title);
    p->title = g_strdup_printf("registers: %s (%s)", d->title, d->summary);
    for (guint i = 0; i < d->tables->len; i++) {
        ww_doc_table *t = d->tables->pdata[i];
        if (!strcmp(t->id, "registers") || !strcmp(t->id, "pci_header"))
            doc_rows(ov, p, t, true);
    }
    for (guint i = 0; i < d->tables->len; i++) {
        ww_doc_table *t = d->tables->pdata[i];
        if (!strcmp(t->id, "ports") || !strcmp(t->id, "state"))
            doc_rows(ov, p, t, false);
    }
    ww_doc_free(d);
}

/* ---- the CPU: registers, then the disassembly around the PC --------------------------- */

static void build_cpu(ww_overlay *ov, ww_ov_panel *p)
{
    GError *e = NULL;
    JsonNode *v = ww_ov_mon(ov, "regs", NULL, &e);
    if (!v)
        return error_line(p, e);
    JsonObject *o = obj(v);
    g_free(p->title);
    p->title = g_strdup_printf("cpu: %s", ostr(o, "cpu"));
    JsonArray *ra = arr(json_object_get_member(o, "registers"));
    unsigned cols = ov->cols[p->id] ? ov->cols[p->id] : 48;
    unsigned per = MAX(1u, cols / 18);   /* "name value" pairs per line */
    const char *group = NULL;
    ww_ov_line *l = NULL;
    unsigned k = 0;
    for (guint i = 0; ra && i < json_array_get_length(ra); i++) {
        JsonObject *r = json_array_get_object_element(ra, i);
        const char *g = ostr(r, "group");
        if (!group || strcmp(g, group)) {
            group = g;
            if (*g)
                ww_ov_add_cell(ww_ov_add_line(p, ""), WW_OV_HEAD, 0, g);
            k = 0;
        }
        if (k++ % per == 0)
            l = ww_ov_add_line(p, "");
        char *text;
        uint64_t x;
        JsonNode *val = json_object_get_member(r, "value");
        bool num = val && ww_json_get_uint(val, &x);
        if (num)
            text = g_strdup_printf("%0*" G_GINT64_MODIFIER "x",
                                   (int)((json_object_get_int_member(r, "bits") + 3) / 4), x);
        else
            text = g_strdup(ostr(r, "value"));
        ww_ov_add_cell(l, WW_OV_DIM, 5, ostr(r, "name"));
        /* the line's key is its first register (tests look registers up by cell) */
        if (!*l->key) {
            g_free(l->key);
            l->key = g_strdup(ostr(r, "name"));
        }
        ww_ov_add_cell(l, WW_OV_VALUE, 11, text);
        g_free(text);
    }
    json_node_unref(v);
}

static void build_disasm(ww_overlay *ov, ww_ov_panel *p)
{
    unsigned rows = ov->rows[p->id] ? ov->rows[p->id] : 16;
    JsonObject *a = json_object_new();
    json_object_set_int_member(a, "n", MIN(rows, 256u));
    json_object_set_int_member(a, "before", MIN(rows / 3, 32u));
    GError *e = NULL;
    JsonNode *v = ww_ov_mon(ov, "disas", a, &e);
    json_object_unref(a);
    if (!v)
        return error_line(p, e);
    JsonObject *o = obj(v);
    uint64_t pc = ouint(o, "pc");
    g_free(p->title);
    p->title = g_strdup_printf("disassembly: %s at %08" G_GINT64_MODIFIER "x", ostr(o, "cpu"), pc);
    JsonArray *ia = arr(json_object_get_member(o, "instructions"));
    for (guint i = 0; ia && i < json_array_get_length(ia); i++) {
        JsonObject *io = json_array_get_object_element(ia, i);
        uint64_t addr = ouint(io, "addr");
        char key[32];
        snprintf(key, sizeof key, "0x%" G_GINT64_MODIFIER "x", addr);
        ww_ov_line *l = ww_ov_add_line(p, key);
        l->selectable = true;
        ww_ov_line_set_value(l, addr);
        bool brk = json_object_get_boolean_member(io, "break");
        ww_ov_add_cell(l, addr == pc ? WW_OV_ACCENT : WW_OV_DIM, 2, addr == pc ? "=>" : "");
        ww_ov_add_cell(l, WW_OV_WARN, 1, brk ? "*" : "");
        ww_ov_add_cellf(l, addr == pc ? WW_OV_ACCENT : WW_OV_DIM, 0, "%08" G_GINT64_MODIFIER "x",
                        addr);
        ww_ov_add_cell(l, addr == pc ? WW_OV_ACCENT : WW_OV_TEXT, 0, ostr(io, "text"));
    }
    json_node_unref(v);
}

/* ---- memory: a hex view of the CPU's view or of any space ----------------------------- */

static uint64_t stack_pointer(ww_overlay *ov)
{
    JsonNode *v = ww_ov_mon(ov, "regs", NULL, NULL);
    uint64_t sp = 0;
    JsonArray *ra = arr(v ? json_object_get_member(obj(v), "registers") : NULL);
    for (guint i = 0; ra && i < json_array_get_length(ra); i++) {
        JsonObject *r = json_array_get_object_element(ra, i);
        const char *n = ostr(r, "name");
        if (!strcmp(n, "esp") || !strcmp(n, "sp") || !strcmp(n, "a7") || !strcmp(n, "r1")) {
            sp = ouint(r, "value");
            break;
        }
    }
    if (v)
        json_node_unref(v);
    return sp;
}

static void build_memory(ww_overlay *ov, ww_ov_panel *p)
{
    unsigned cols = ov->cols[p->id] ? ov->cols[p->id] : 48;
    unsigned rows = ov->rows[p->id] ? ov->rows[p->id] : 8;
    /* "aaaaaaaa: " + 3 per byte + 1 per byte of text */
    unsigned per = 4;
    while (per * 2 * 4 + 10 <= cols && per < 32)
        per *= 2;
    uint64_t addr = ov->mem_set ? ov->mem_addr : stack_pointer(ov) & ~(uint64_t)(per - 1);
    uint64_t len = MIN((uint64_t)per * rows, 4096u);
    JsonObject *a = json_object_new();
    json_object_set_member(a, "addr", ww_json_uint(addr));
    json_object_set_int_member(a, "len", (gint64)len);
    if (ov->mem_space)
        json_object_set_string_member(a, "space", ov->mem_space);
    GError *e = NULL;
    JsonNode *v = ww_ov_mon(ov, ov->mem_space ? "xp" : "x", a, &e);
    json_object_unref(a);
    g_free(p->title);
    p->title = g_strdup_printf("memory: %s%s at %" G_GINT64_MODIFIER "x",
                               ov->mem_space ? ov->mem_space : "the CPU's view",
                               ov->mem_set ? "" : " (stack)", addr);
    if (!v)
        return error_line(p, e);
    JsonArray *b = arr(json_object_get_member(obj(v), "bytes"));
    guint n = b ? json_array_get_length(b) : 0;
    for (guint i = 0; i < n; i += per) {
        char key[32];
        snprintf(key, sizeof key, "0x%" G_GINT64_MODIFIER "x", addr + i);
        ww_ov_line *l = ww_ov_add_line(p, key);
        l->selectable = true;
        ww_ov_line_set_value(l, addr + i);
        ww_ov_add_cellf(l, WW_OV_DIM, 0, "%08" G_GINT64_MODIFIER "x", addr + i);
        GString *hex = g_string_new(NULL), *asc = g_string_new(NULL);
        for (guint k = i; k < i + per && k < n; k++) {
            JsonNode *x = json_array_get_element(b, k);
            if (JSON_NODE_HOLDS_NULL(x)) {
                g_string_append(hex, k > i ? " --" : "--");
                g_string_append_c(asc, ' ');
                continue;
            }
            unsigned c = (unsigned)json_node_get_int(x);
            g_string_append_printf(hex, k > i ? " %02x" : "%02x", c);
            g_string_append_c(asc, c >= 0x20 && c < 0x7f ? (char)c : '.');
        }
        ww_ov_add_cell(l, WW_OV_VALUE, 0, hex->str);
        ww_ov_add_cell(l, WW_OV_DIM, 0, asc->str);
        g_string_free(hex, TRUE);
        g_string_free(asc, TRUE);
    }
    json_node_unref(v);
}

/* ---- breakpoints and run control -------------------------------------------------------- */

static void build_breakpoints(ww_overlay *ov, ww_ov_panel *p)
{
    JsonNode *st = ww_ov_mon(ov, "info-status", NULL, NULL);
    ww_ov_line *l = ww_ov_add_line(p, "status");
    const char *status = ostr(obj(st), "status");
    ww_ov_add_cell(l, !strcmp(status, "running") ? WW_OV_VALUE : WW_OV_ACCENT, 0, status);
    ww_ov_add_cellf(l, WW_OV_DIM, 0, "at %.6f s", (double)ouint(obj(st), "time-ns") / 1e9);
    if (st)
        json_node_unref(st);
    GError *e = NULL;
    JsonNode *v = ww_ov_mon(ov, "info-break", NULL, &e);
    if (!v)
        return error_line(p, e);
    JsonArray *a = arr(v);
    if (!a || !json_array_get_length(a))
        note(p, WW_OV_DIM, "no breakpoints (F9 on a disassembly line)");
    for (guint i = 0; a && i < json_array_get_length(a); i++) {
        JsonObject *o = json_array_get_object_element(a, i);
        char key[16];
        snprintf(key, sizeof key, "%u", (unsigned)json_object_get_int_member(o, "id"));
        ww_ov_line *bl = ww_ov_add_line(p, key);
        bl->selectable = true;
        ww_ov_line_set_value(bl, json_object_has_member(o, "pc") ? ouint(o, "pc") : 0);
        ww_ov_add_cellf(bl, WW_OV_ACCENT, 3, "%s", key);
        ww_ov_add_cell(bl, WW_OV_TEXT, 0, ostr(o, "what"));
        ww_ov_add_cellf(bl, WW_OV_DIM, 0, "%d hits", (int)json_object_get_int_member(o, "hits"));
    }
    json_node_unref(v);
    note(p, WW_OV_DIM, "F5 run/pause  F10 step  F9 break  Enter delete");
}

/* ---- the IRQ/DMA timeline: one waveform row per line that changed ---------------------- */

typedef struct {
    const char *name;
    bool dma;
    int level0;              /* level before the first change in the window */
    GArray *t;               /* ww_time of each change */
    GArray *lv;              /* its new level */
    ww_time last;
} wave;

static void build_timeline(ww_overlay *ov, ww_ov_panel *p)
{
    JsonObject *a = json_object_new();
    json_object_set_int_member(a, "n", 2048);
    GError *e = NULL;
    JsonNode *v = ww_ov_mon(ov, "info-timeline", a, &e);
    json_object_unref(a);
    if (!v)
        return error_line(p, e);
    JsonObject *o = obj(v);
    ww_time now = ouint(o, "time-ns");
    JsonArray *ev = arr(json_object_get_member(o, "events"));
    guint n = ev ? json_array_get_length(ev) : 0;
    /* The span: the smallest power of ten (from 100 us) holding the newest 64 events. */
    ww_time span = 100000;
    if (n) {
        ww_time oldest = ouint(json_array_get_object_element(ev, n > 64 ? n - 64 : 0), "time-ns");
        while (span < 10000000000ull && now - oldest > span)
            span *= 10;
    }
    ww_time t0 = now > span ? now - span : 0;
    GHashTable *by = g_hash_table_new(g_str_hash, g_str_equal);
    GPtrArray *waves = g_ptr_array_new();
    for (guint i = 0; i < n; i++) {
        JsonObject *x = json_array_get_object_element(ev, i);
        ww_time t = ouint(x, "time-ns");
        bool dma = !strcmp(ostr(x, "kind"), "dma");
        const char *name = dma ? ostr(x, "chip") : ostr(x, "line");
        int level = dma ? 1 : (int)json_object_get_int_member(x, "level");
        if (t < t0)
            continue;
        wave *w = g_hash_table_lookup(by, name);
        if (!w) {
            w = g_new0(wave, 1);
            w->name = name;
            w->dma = dma;
            w->level0 = !level;
            w->t = g_array_new(FALSE, FALSE, sizeof(ww_time));
            w->lv = g_array_new(FALSE, FALSE, sizeof(int));
            g_hash_table_insert(by, (gpointer)name, w);
            g_ptr_array_add(waves, w);
        }
        g_array_append_val(w->t, t);
        g_array_append_val(w->lv, level);
        w->last = t;
    }
    g_free(p->title);
    p->title = g_strdup_printf("timeline: the last %s (%" G_GUINT64_FORMAT " events recorded)",
                               span >= 1000000000ull ? span == 1000000000ull ? "1 s" : "10 s"
                               : span >= 1000000 ? span == 1000000 ? "1 ms" : span == 10000000
                               ? "10 ms" : "100 ms" : "100 us", ouint(o, "total"));
    if (!waves->len)
        note(p, WW_OV_DIM, "no line changed in this span");
    unsigned cols = ov->cols[p->id] ? ov->cols[p->id] : 80;
    unsigned wcols = cols > 34 ? cols - 34 : 8;
    for (guint i = 0; i < waves->len; i++) {
        wave *w = waves->pdata[i];
        ww_ov_line *l = ww_ov_add_line(p, w->name);
        l->selectable = true;
        ww_ov_line_set_value(l, w->t->len);
        ww_ov_add_cell(l, w->dma ? WW_OV_ACCENT : WW_OV_TEXT, 20, w->name);
        /* Each column is span / wcols of time: its level at the column's end,
         * '|' where the line changed more than once inside it, '#' DMA. */
        GString *g = g_string_new(NULL);
        int level = w->level0;
        guint k = 0;
        for (unsigned c = 0; c < wcols; c++) {
            ww_time end = t0 + (span * (c + 1)) / wcols;
            unsigned changes = 0;
            while (k < w->t->len && g_array_index(w->t, ww_time, k) <= end) {
                level = g_array_index(w->lv, int, k++);
                changes++;
            }
            if (w->dma)
                g_string_append(g, changes ? "#" : ".");
            else if (changes > 1)
                g_string_append(g, "|");
            else
                g_string_append(g, level ? "\u203e" : "_");
        }
        ww_ov_add_cell(l, w->dma ? WW_OV_ACCENT : WW_OV_VALUE, 0, g->str);
        g_string_free(g, TRUE);
        ww_ov_add_cellf(l, WW_OV_DIM, 0, "%u%s, -%" G_GUINT64_FORMAT " us", w->t->len,
                        w->dma ? " DMA" : "", (now - w->last) / 1000);
        g_array_free(w->t, TRUE);
        g_array_free(w->lv, TRUE);
        g_free(w);
    }
    g_ptr_array_free(waves, TRUE);
    g_hash_table_destroy(by);
    json_node_unref(v);
}

/* ---- the whole model ----------------------------------------------------------------- */

static void remember(ww_overlay *ov)
{
    g_hash_table_remove_all(ov->last);
    for (unsigned i = 0; i < WW_OV_NPANELS; i++) {
        ww_ov_panel *p = &ov->model->panels[i];
        for (guint k = 0; k < p->lines->len; k++) {
            ww_ov_line *l = p->lines->pdata[k];
            if (l->has_value && *l->key)
                g_hash_table_insert(ov->last, g_strconcat(p->name, "/", l->key, NULL),
                                    g_memdup2(&l->value, sizeof l->value));
        }
    }
}

void ww_ov_build(ww_overlay *ov)
{
    static void (*const build[WW_OV_NPANELS])(ww_overlay *, ww_ov_panel *) = {
        [WW_OV_CHIPS] = build_chips,     [WW_OV_REGISTERS] = build_registers,
        [WW_OV_CPU] = build_cpu,         [WW_OV_DISASM] = build_disasm,
        [WW_OV_MEMORY] = build_memory,   [WW_OV_BREAKPOINTS] = build_breakpoints,
        [WW_OV_TIMELINE] = build_timeline,
    };
    for (unsigned i = 0; i < WW_OV_NPANELS; i++) {
        ww_ov_panel *p = &ov->model->panels[i];
        ww_ov_panel_clear(p);
        build[i](ov, p);
        /* the selection follows its key; else the PC's line, else the first */
        p->selected = -1;
        for (guint k = 0; k < p->lines->len; k++) {
            ww_ov_line *l = p->lines->pdata[k];
            if (!l->selectable)
                continue;
            if (p->selected < 0)
                p->selected = (int)k;
            bool pc_line = i == WW_OV_DISASM && !ov->sel_key[i] && l->cells->len &&
                           !strcmp(((ww_ov_cell *)l->cells->pdata[0])->text, "=>");
            if (pc_line || (ov->sel_key[i] && !strcmp(ov->sel_key[i], l->key))) {
                p->selected = (int)k;
                break;
            }
        }
    }
    remember(ov);
}
