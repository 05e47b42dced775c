/* frontend/overlay/model.c — panels, lines and cells (model.h). */
#include "frontend/overlay/model.h"
#include <stdarg.h>
#include <string.h>

static const char *const panel_names[WW_OV_NPANELS] = {
    [WW_OV_CHIPS] = "chips",       [WW_OV_REGISTERS] = "registers", [WW_OV_CPU] = "cpu",
    [WW_OV_DISASM] = "disassembly", [WW_OV_MEMORY] = "memory",
    [WW_OV_BREAKPOINTS] = "breakpoints", [WW_OV_TIMELINE] = "timeline",
};

const char *ww_ov_panel_name(ww_ov_panel_id id)
{
    return id < WW_OV_NPANELS ? panel_names[id] : "?";
}

static void cell_free(gpointer p)
{
    ww_ov_cell *c = p;
    g_free(c->text);
    g_free(c);
}

static void line_free(gpointer p)
{
    ww_ov_line *l = p;
    g_ptr_array_free(l->cells, TRUE);
    g_free(l->key);
    g_free(l);
}

ww_ov_model *ww_ov_model_new(void)
{
    ww_ov_model *m = g_new0(ww_ov_model, 1);
    for (unsigned i = 0; i < WW_OV_NPANELS; i++) {
        m->panels[i].id = (ww_ov_panel_id)i;
        m->panels[i].name = panel_names[i];
        m->panels[i].title = g_strdup(panel_names[i]);
        m->panels[i].lines = g_ptr_array_new_with_free_func(line_free);
        m->panels[i].selected = -1;
    }
    return m;
}

void ww_ov_model_free(ww_ov_model *m)
{
    if (!m)
        return;
    for (unsigned i = 0; i < WW_OV_NPANELS; i++) {
        g_ptr_array_free(m->panels[i].lines, TRUE);
        g_free(m->panels[i].title);
    }
    g_free(m->status);
    g_free(m->message);
    g_free(m);
}

void ww_ov_panel_clear(ww_ov_panel *p)
{
    g_ptr_array_set_size(p->lines, 0);
}

ww_ov_line *ww_ov_add_line(ww_ov_panel *p, const char *key)
{
    ww_ov_line *l = g_new0(ww_ov_line, 1);
    l->cells = g_ptr_array_new_with_free_func(cell_free);
    l->key = g_strdup(key ? key : "");
    g_ptr_array_add(p->lines, l);
    return l;
}

ww_ov_cell *ww_ov_add_cell(ww_ov_line *l, ww_ov_style style, unsigned width, const char *text)
{
    ww_ov_cell *c = g_new0(ww_ov_cell, 1);
    c->text = g_strdup(text ? text : "");
    c->style = style;
    c->width = width;
    g_ptr_array_add(l->cells, c);
    return c;
}

ww_ov_cell *ww_ov_add_cellf(ww_ov_line *l, ww_ov_style style, unsigned width, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *t = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    ww_ov_cell *c = ww_ov_add_cell(l, style, width, t);
    g_free(t);
    return c;
}

void ww_ov_line_set_value(ww_ov_line *l, uint64_t v)
{
    l->has_value = true;
    l->value = v;
}

ww_ov_panel *ww_ov_find_panel(ww_ov_model *m, const char *name)
{
    for (unsigned i = 0; i < WW_OV_NPANELS; i++)
        if (!strcmp(m->panels[i].name, name))
            return &m->panels[i];
    return NULL;
}

ww_ov_line *ww_ov_find_line(const ww_ov_panel *p, const char *key)
{
    for (guint i = 0; i < p->lines->len; i++) {
        ww_ov_line *l = p->lines->pdata[i];
        if (!strcmp(l->key, key))
            return l;
    }
    return NULL;
}

char *ww_ov_line_text(const ww_ov_line *l)
{
    GString *s = g_string_new(NULL);
    for (unsigned i = 0; i < l->indent; i++)
        g_string_append(s, "  ");
    for (guint i = 0; i < l->cells->len; i++) {
        const ww_ov_cell *c = l->cells->pdata[i];
        if (i)
            g_string_append_c(s, ' ');
        g_string_append(s, c->text);
        for (glong n = g_utf8_strlen(c->text, -1); n < (glong)c->width; n++)
            g_string_append_c(s, ' ');
    }
    return g_string_free(s, FALSE);
}
