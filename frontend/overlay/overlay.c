/* frontend/overlay/overlay.c — the overlay's state, keys and prompt
 * (overlay.h); the panels are built in panels.c. */
#include "frontend/overlay/internal.h"
#include "core/monitor.h"
#include "core/descdoc.h"
#include <stdlib.h>
#include <string.h>

/* ---- monitor commands ------------------------------------------------------------------ */

typedef struct {
    ww_overlay *ov;      /* NULL once the overlay is gone */
    bool done, late;
    JsonNode *value;
    GError *err;
} reply_ctx;

static void set_message(ww_overlay *ov, const char *text)
{
    g_free(ov->message);
    ov->message = text ? g_strdup(text) : NULL;
    ov->dirty = true;
}

/* The human layout of an answer, as the monitor prints it, for the message line. */
static void message_from(ww_overlay *ov, const ww_mon_cmd *cmd, JsonNode *value, const GError *err)
{
    GString *out = g_string_new(NULL);
    if (err)
        ww_mon_human_error(err, out);
    else if (value)
        ww_mon_human_value(cmd, value, out);
    while (out->len && out->str[out->len - 1] == '\n')
        g_string_truncate(out, out->len - 1);
    set_message(ov, out->len ? out->str : "ok");
    g_string_free(out, TRUE);
}

static void on_reply(void *opaque, JsonNode *value, const GError *err)
{
    reply_ctx *c = opaque;
    c->done = true;
    if (!c->late) {
        c->value = value ? json_node_ref(value) : NULL;
        c->err = err ? g_error_copy(err) : NULL;
        return;
    }
    /* a deferred command (wait-serial) answered later */
    if (c->ov) {
        message_from(c->ov, NULL, value, err);
        g_ptr_array_remove(c->ov->late, c);
    }
    g_free(c);
}

/* Execute; a command that defers leaves its answer for the message line. */
static JsonNode *execute(ww_overlay *ov, const char *cmd, JsonObject *args, GError **err,
                         bool *deferred)
{
    reply_ctx *c = g_new0(reply_ctx, 1);
    c->ov = ov;
    ww_mon_execute(ov->s, cmd, args, ov, on_reply, c);
    *deferred = !c->done;
    if (!c->done) {
        c->late = true;
        g_ptr_array_add(ov->late, c);
        return NULL;
    }
    JsonNode *v = c->value;
    if (c->err)
        g_propagate_error(err, c->err);
    g_free(c);
    return v;
}

JsonNode *ww_ov_mon(ww_overlay *ov, const char *cmd, JsonObject *args, GError **err)
{
    bool deferred;
    JsonNode *v = execute(ov, cmd, args, err, &deferred);
    if (deferred)
        g_set_error(err, WW_ERROR, WW_ERROR_FAILED, "%s did not answer at once", cmd);
    return v;
}

/* Run a command for its effect; its answer or error becomes the message. */
static void act(ww_overlay *ov, const char *cmd, JsonObject *args)
{
    GError *e = NULL;
    bool deferred;
    JsonNode *v = execute(ov, cmd, args, &e, &deferred);
    if (!deferred)
        message_from(ov, ww_mon_find(cmd), v, e);
    if (v)
        json_node_unref(v);
    g_clear_error(&e);
    if (args)
        json_object_unref(args);
    ww_overlay_refresh(ov);
}

/* ---- lifecycle ------------------------------------------------------------------------ */

ww_overlay *ww_overlay_new(ww_session *s)
{
    ww_overlay *ov = g_new0(ww_overlay, 1);
    ov->s = s;
    ov->model = ww_ov_model_new();
    ov->last = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    ov->prompt = g_string_new(NULL);
    ov->late = g_ptr_array_new();
    ov->focus = WW_OV_CHIPS;
    /* Start on the first CPU's registers' neighbour: the first chip that is not a CPU. */
    ww_chip *const *chips;
    unsigned n = ww_machine_chips(ww_session_machine(s), &chips);
    for (unsigned i = 0; i < n && !ov->chip; i++)
        if (!ww_cpu_of(chips[i]))
            ov->chip = g_strdup(chips[i]->id);
    if (!ov->chip && n)
        ov->chip = g_strdup(chips[0]->id);
    ov->sel_key[WW_OV_CHIPS] = g_strdup(ov->chip);   /* the tree's selection starts on it */
    ov->dirty = true;
    return ov;
}

void ww_overlay_free(ww_overlay *ov)
{
    if (!ov)
        return;
    ww_mon_cancel(ov->s, ov);
    for (guint i = 0; i < ov->late->len; i++) {
        reply_ctx *c = ov->late->pdata[i];
        g_free(c);    /* cancelled commands do not answer */
    }
    g_ptr_array_free(ov->late, TRUE);
    for (unsigned i = 0; i < WW_OV_NPANELS; i++)
        g_free(ov->sel_key[i]);
    ww_ov_model_free(ov->model);
    g_hash_table_destroy(ov->last);
    g_string_free(ov->prompt, TRUE);
    g_free(ov->chip);
    g_free(ov->mem_space);
    g_free(ov->message);
    g_free(ov);
}

ww_session *ww_overlay_session(ww_overlay *ov) { return ov->s; }
bool ww_overlay_is_open(const ww_overlay *ov) { return ov->open; }
ww_ov_model *ww_overlay_model(ww_overlay *ov) { return ov->model; }
ww_ov_panel_id ww_overlay_focused(const ww_overlay *ov) { return ov->focus; }

void ww_overlay_set_open(ww_overlay *ov, bool open)
{
    if (ov->open == open)
        return;
    ov->open = open;
    ov->dirty = true;
    if (open)
        ww_overlay_refresh(ov);
}

bool ww_overlay_take_dirty(ww_overlay *ov)
{
    bool d = ov->dirty;
    ov->dirty = false;
    return d;
}

static const char *key_help =
    "F12 close  Tab panel  \u2191\u2193 select  Enter choose  F5 run/pause  F10 step  "
    "F9 break  : command";

void ww_overlay_refresh(ww_overlay *ov)
{
    ww_ov_build(ov);
    ww_ov_model *m = ov->model;
    g_free(m->status);
    if (ov->prompt_open)
        m->status = g_strdup_printf(":%s_", ov->prompt->str);
    else
        m->status = g_strdup(key_help);
    g_free(m->message);
    m->message = g_strdup(ov->message);
    ov->dirty = true;
}

void ww_overlay_set_panel_size(ww_overlay *ov, ww_ov_panel_id panel, unsigned cols,
                               unsigned rows)
{
    if (panel < WW_OV_NPANELS) {
        ov->cols[panel] = cols;
        ov->rows[panel] = rows;
    }
}

void ww_overlay_panel_size(const ww_overlay *ov, ww_ov_panel_id panel, unsigned *cols,
                           unsigned *rows)
{
    *cols = panel < WW_OV_NPANELS ? ov->cols[panel] : 0;
    *rows = panel < WW_OV_NPANELS ? ov->rows[panel] : 0;
}

/* ---- selection ----------------------------------------------------------------------- */

void ww_overlay_focus(ww_overlay *ov, ww_ov_panel_id panel)
{
    if (panel < WW_OV_NPANELS) {
        ov->focus = panel;
        ov->dirty = true;
    }
}

bool ww_overlay_select_chip(ww_overlay *ov, const char *id, GError **err)
{
    if (!ww_machine_find_chip(ww_session_machine(ov->s), id)) {
        g_set_error(err, WW_ERROR, WW_ERROR_NOT_FOUND, "no chip '%s' (the chip tree lists them)",
                    id);
        return false;
    }
    g_free(ov->chip);
    ov->chip = g_strdup(id);
    g_free(ov->sel_key[WW_OV_CHIPS]);
    ov->sel_key[WW_OV_CHIPS] = g_strdup(id);
    g_free(ov->sel_key[WW_OV_REGISTERS]);
    ov->sel_key[WW_OV_REGISTERS] = NULL;
    ww_overlay_refresh(ov);
    return true;
}

bool ww_overlay_show_memory(ww_overlay *ov, const char *space, uint64_t addr, GError **err)
{
    if (space && !ww_machine_find_space(ww_session_machine(ov->s), space)) {
        g_set_error(err, WW_ERROR, WW_ERROR_NOT_FOUND, "no space '%s' (`info mtree` lists them)",
                    space);
        return false;
    }
    g_free(ov->mem_space);
    ov->mem_space = g_strdup(space);
    ov->mem_addr = addr;
    ov->mem_set = true;
    ww_overlay_refresh(ov);
    return true;
}

static ww_ov_line *selected_line(ww_overlay *ov, ww_ov_panel_id id)
{
    ww_ov_panel *p = &ov->model->panels[id];
    return p->selected >= 0 && (guint)p->selected < p->lines->len ? p->lines->pdata[p->selected]
                                                                    : NULL;
}

/* Move the focused panel's selection by delta selectable lines. */
static void move(ww_overlay *ov, int delta)
{
    ww_ov_panel *p = &ov->model->panels[ov->focus];
    int n = (int)p->lines->len, i = p->selected < 0 ? -1 : p->selected;
    int step = delta < 0 ? -1 : 1, left = abs(delta), last = i;
    while (left > 0) {
        i += step;
        if (i < 0 || i >= n)
            break;
        if (((ww_ov_line *)p->lines->pdata[i])->selectable) {
            last = i;
            left--;
        }
    }
    if (last < 0)
        return;
    p->selected = last;
    g_free(ov->sel_key[ov->focus]);
    ov->sel_key[ov->focus] = g_strdup(((ww_ov_line *)p->lines->pdata[last])->key);
    /* Scrolling memory past its ends moves the address. */
    if (ov->focus == WW_OV_MEMORY && last == p->selected && i != last && p->lines->len > 1) {
        ww_ov_line *a = p->lines->pdata[0], *b = p->lines->pdata[1];
        uint64_t per = b->value - a->value;
        ov->mem_addr = a->value + (uint64_t)((int64_t)step * (int64_t)per * left);
        ov->mem_set = true;
    }
    ww_overlay_refresh(ov);
}

static void toggle_break(ww_overlay *ov)
{
    ww_ov_line *l = selected_line(ov, WW_OV_DISASM);
    if (!l || !l->has_value) {
        set_message(ov, "no disassembly line selected");
        return;
    }
    /* Remove the breakpoint there if there is one, else set one. */
    ww_ov_panel *bp = &ov->model->panels[WW_OV_BREAKPOINTS];
    for (guint i = 0; i < bp->lines->len; i++) {
        ww_ov_line *b = bp->lines->pdata[i];
        if (b->selectable && b->has_value && b->value == l->value) {
            JsonObject *a = json_object_new();
            json_object_set_int_member(a, "id", (gint64)g_ascii_strtoull(b->key, NULL, 10));
            act(ov, "delete", a);
            return;
        }
    }
    JsonObject *a = json_object_new();
    json_object_set_member(a, "addr", ww_json_uint(l->value));
    act(ov, "break", a);
}

static void enter(ww_overlay *ov)
{
    ww_ov_line *l = selected_line(ov, ov->focus);
    if (!l)
        return;
    if (ov->focus == WW_OV_CHIPS) {
        ww_overlay_select_chip(ov, l->key, NULL);
        ww_overlay_focus(ov, WW_OV_REGISTERS);
    } else if (ov->focus == WW_OV_BREAKPOINTS) {
        JsonObject *a = json_object_new();
        json_object_set_int_member(a, "id", (gint64)g_ascii_strtoull(l->key, NULL, 10));
        act(ov, "delete", a);
    } else if (ov->focus == WW_OV_DISASM) {
        toggle_break(ov);
    }
}

/* ---- the prompt ------------------------------------------------------------------------ */

void ww_overlay_command(ww_overlay *ov, const char *line)
{
    while (*line == ' ')
        line++;
    GError *e = NULL;
    char **w = g_strsplit_set(line, " \t", -1);
    unsigned n = g_strv_length(w);
    if (n && !strcmp(w[0], "chip")) {
        if (n != 2)
            set_message(ov, "usage: chip ID");
        else if (!ww_overlay_select_chip(ov, w[1], &e))
            set_message(ov, e->message);
    } else if (n && !strcmp(w[0], "mem")) {
        uint64_t addr;
        const char *space = n == 3 ? w[1] : NULL, *at = n == 3 ? w[2] : n == 2 ? w[1] : NULL;
        if (!at || !ww_parse_uint(at, WW_UNIT_NONE, &addr, &e))
            set_message(ov, e ? e->message : "usage: mem [SPACE] ADDR");
        else if (!ww_overlay_show_memory(ov, space, addr, &e))
            set_message(ov, e->message);
    } else if (*line) {
        const ww_mon_cmd *cmd;
        JsonObject *args;
        if (!ww_mon_parse_line(line, &cmd, &args, &e))
            set_message(ov, e->message);
        else if (cmd)
            act(ov, cmd->name, args);
    }
    g_clear_error(&e);
    g_strfreev(w);
    ww_overlay_refresh(ov);
}

void ww_overlay_text(ww_overlay *ov, const char *utf8)
{
    if (!ov->open || !utf8)
        return;
    if (!ov->prompt_open) {
        if (utf8[0] == ':') {
            ov->prompt_open = true;
            g_string_truncate(ov->prompt, 0);
            utf8++;
        } else {
            return;
        }
    }
    /* printable text only, and a line of reasonable length */
    for (const char *p = utf8; *p && ov->prompt->len < 512; p++)
        if ((unsigned char)*p >= 0x20 && *p != 0x7f)
            g_string_append_c(ov->prompt, *p);
    ww_overlay_refresh(ov);
}

static bool prompt_key(ww_overlay *ov, unsigned usage)
{
    switch (usage) {
    case WW_HID_ESCAPE:
        ov->prompt_open = false;
        break;
    case WW_HID_BACKSPACE:
        if (ov->prompt->len)
            g_string_truncate(ov->prompt, ov->prompt->len - 1);
        break;
    case WW_HID_ENTER: {
        char *line = g_strdup(ov->prompt->str);
        ov->prompt_open = false;
        ww_overlay_command(ov, line);
        g_free(line);
        return true;
    }
    default:
        return true;   /* the text arrives through ww_overlay_text */
    }
    ww_overlay_refresh(ov);
    return true;
}

/* ---- keys -------------------------------------------------------------------------------- */

bool ww_overlay_key(ww_overlay *ov, unsigned usage, unsigned mods)
{
    if (!ov->open)
        return false;
    if (ov->prompt_open)
        return prompt_key(ov, usage);
    unsigned rows = ov->rows[ov->focus] ? ov->rows[ov->focus] : 8;
    switch (usage) {
    case WW_HID_TAB:
        ww_overlay_focus(ov, (ww_ov_panel_id)((ov->focus + ((mods & WW_OV_MOD_SHIFT)
                                                            ? WW_OV_NPANELS - 1 : 1)) % WW_OV_NPANELS));
        return true;
    case WW_HID_UP:       move(ov, -1); return true;
    case WW_HID_DOWN:     move(ov, 1); return true;
    case WW_HID_PAGEUP:   move(ov, -(int)MAX(1u, rows - 1)); return true;
    case WW_HID_PAGEDOWN: move(ov, (int)MAX(1u, rows - 1)); return true;
    case WW_HID_ENTER:    enter(ov); return true;
    case WW_HID_F9:       toggle_break(ov); return true;
    case WW_HID_F10:
        act(ov, "step", NULL);
        g_free(ov->sel_key[WW_OV_DISASM]);   /* follow the PC again */
        ov->sel_key[WW_OV_DISASM] = NULL;
        ww_overlay_refresh(ov);
        return true;
    case WW_HID_F5:
        act(ov, ww_session_running(ov->s) ? "stop" : "cont", NULL);
        return true;
    case WW_HID_ESCAPE:
        set_message(ov, NULL);
        ww_overlay_refresh(ov);
        return true;
    }
    return true;   /* every other key stays with the overlay, away from the guest */
}
