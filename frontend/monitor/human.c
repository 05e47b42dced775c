/* frontend/monitor/human.c — the human monitor: a line editor on the
 * terminal (readline's keys: arrows, Home/End, Ctrl-B/F/E/K/U/W/P/N,
 * history, Tab completes command names), lines parsed by ww_mon_parse_line
 * and executed through the one command table, values laid out by the human
 * printer. Output goes to stdout; nothing here runs the machine. */
#include "frontend/monitor/human.h"
#include "core/monitor.h"
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define PROMPT "(wirewrap) "
#define HISTORY_MAX 200
#define LINE_MAX_BYTES 4096

struct ww_human {
    ww_session *s;
    bool tty;            /* raw terminal: we echo, redraw and write CR-LF */
    GString *line;
    size_t cursor;
    GPtrArray *history;  /* char* */
    guint hpos;          /* history position while browsing */
    int esc;             /* 0, 1 after ESC, 2 after ESC [ or ESC O */
    GString *esc_arg;
    bool last_cr;        /* CR seen: a following LF is the same end of line */
    bool busy;           /* a deferred command is unanswered */
    GQueue *held;        /* char*: lines typed while busy */
    const ww_mon_cmd *cur;
};

static void out(ww_human *h, const char *text, size_t len)
{
    GString *o = g_string_new(NULL);
    for (size_t i = 0; i < len; i++) {
        if (h->tty && text[i] == '\n' && (i == 0 || text[i - 1] != '\r'))
            g_string_append_c(o, '\r');
        g_string_append_c(o, text[i]);
    }
    const char *p = o->str;
    size_t left = o->len;
    while (left) {
        ssize_t n = write(STDOUT_FILENO, p, left);
        if (n < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (n <= 0)
            break;
        p += n;
        left -= (size_t)n;
    }
    g_string_free(o, TRUE);
}

static void outs(ww_human *h, const char *s) { out(h, s, strlen(s)); }

static void redraw(ww_human *h)
{
    if (!h->tty)
        return;
    GString *o = g_string_new("\r" PROMPT);
    g_string_append_len(o, h->line->str, (gssize)h->line->len);
    g_string_append(o, "\x1b[K");
    size_t back = g_utf8_strlen(h->line->str + h->cursor, (gssize)(h->line->len - h->cursor));
    if (back)
        g_string_append_printf(o, "\x1b[%zuD", back);
    out(h, o->str, o->len);
    g_string_free(o, TRUE);
}

void ww_human_prompt(ww_human *h)
{
    if (!h->busy)
        redraw(h);
}

static void on_reply(void *opaque, JsonNode *value, const GError *err)
{
    ww_human *h = opaque;
    GString *o = g_string_new(NULL);
    if (err)
        ww_mon_human_error(err, o);
    else
        ww_mon_human_value(h->cur, value, o);
    out(h, o->str, o->len);
    g_string_free(o, TRUE);
    if (h->busy) {
        h->busy = false;
        if (g_queue_is_empty(h->held))
            redraw(h);
    }
}

static void run_line(ww_human *h, const char *line)
{
    const ww_mon_cmd *cmd;
    JsonObject *args;
    GError *err = NULL;
    if (!ww_mon_parse_line(line, &cmd, &args, &err)) {
        GString *o = g_string_new(NULL);
        ww_mon_human_error(err, o);
        out(h, o->str, o->len);
        g_string_free(o, TRUE);
        g_error_free(err);
        return;
    }
    if (!cmd)
        return;
    h->cur = cmd;
    h->busy = true;       /* cleared by the reply, now or later */
    ww_mon_execute(h->s, cmd->name, args, h, on_reply, h);
    json_object_unref(args);
}

static void submit(ww_human *h)
{
    char *line = g_strndup(h->line->str, h->line->len);
    g_string_truncate(h->line, 0);
    h->cursor = 0;
    if (h->tty)
        outs(h, "\n");
    if (*line && (!h->history->len ||
                  strcmp(h->history->pdata[h->history->len - 1], line))) {
        g_ptr_array_add(h->history, g_strdup(line));
        if (h->history->len > HISTORY_MAX)
            g_ptr_array_remove_index(h->history, 0);
    }
    h->hpos = h->history->len;
    if (h->busy || !g_queue_is_empty(h->held)) {
        g_queue_push_tail(h->held, line);   /* run between chunks, in order */
        return;
    }
    run_line(h, line);
    g_free(line);
    if (!h->busy)
        redraw(h);
}

void ww_human_idle(ww_human *h)
{
    while (!h->busy && !g_queue_is_empty(h->held)) {
        char *line = g_queue_pop_head(h->held);
        run_line(h, line);
        g_free(line);
        if (!h->busy && g_queue_is_empty(h->held))
            redraw(h);
    }
}

static void set_line(ww_human *h, const char *text)
{
    g_string_assign(h->line, text);
    h->cursor = h->line->len;
}

static void complete(ww_human *h)
{
    if (h->cursor != h->line->len)
        return;
    const ww_mon_cmd *const *cmds;
    unsigned n = ww_mon_commands(&cmds);
    GPtrArray *hits = g_ptr_array_new_with_free_func(g_free);
    for (unsigned i = 0; i < n; i++) {
        char hn[64];
        ww_mon_human_name(cmds[i], hn, sizeof hn);
        if (g_str_has_prefix(hn, h->line->str))
            g_ptr_array_add(hits, g_strdup(hn));
    }
    if (hits->len == 1) {
        set_line(h, hits->pdata[0]);
        g_string_append_c(h->line, ' ');
        h->cursor++;
    } else if (hits->len > 1) {
        /* The common prefix, then the choices. */
        GString *common = g_string_new(hits->pdata[0]);
        for (guint i = 1; i < hits->len; i++) {
            const char *x = hits->pdata[i];
            size_t k = 0;
            while (k < common->len && x[k] == common->str[k])
                k++;
            g_string_truncate(common, k);
        }
        if (common->len > h->line->len) {
            set_line(h, common->str);
        } else {
            outs(h, "\n");
            for (guint i = 0; i < hits->len; i++) {
                outs(h, hits->pdata[i]);
                outs(h, i + 1 < hits->len ? "  " : "\n");
            }
        }
        g_string_free(common, TRUE);
    }
    g_ptr_array_free(hits, TRUE);
    redraw(h);
}

static void history_move(ww_human *h, int dir)
{
    if (dir < 0 && h->hpos > 0)
        h->hpos--;
    else if (dir > 0 && h->hpos < h->history->len)
        h->hpos++;
    else
        return;
    set_line(h, h->hpos < h->history->len ? h->history->pdata[h->hpos] : "");
    redraw(h);
}

/* Cursor moves by UTF-8 characters. */
static void left(ww_human *h)
{
    while (h->cursor > 0 && ((unsigned char)h->line->str[--h->cursor] & 0xc0) == 0x80)
        ;
}

static void right(ww_human *h)
{
    if (h->cursor < h->line->len)
        h->cursor++;
    while (h->cursor < h->line->len && ((unsigned char)h->line->str[h->cursor] & 0xc0) == 0x80)
        h->cursor++;
}

static void escape_key(ww_human *h, char final)
{
    switch (final) {
    case 'A': history_move(h, -1); return;
    case 'B': history_move(h, +1); return;
    case 'C': right(h); break;
    case 'D': left(h); break;
    case 'H': h->cursor = 0; break;
    case 'F': h->cursor = h->line->len; break;
    case '~':
        if (!strcmp(h->esc_arg->str, "3") && h->cursor < h->line->len) {   /* Delete */
            size_t at = h->cursor;
            right(h);
            g_string_erase(h->line, (gssize)at, (gssize)(h->cursor - at));
            h->cursor = at;
        } else if (!strcmp(h->esc_arg->str, "1") || !strcmp(h->esc_arg->str, "7")) {
            h->cursor = 0;
        } else if (!strcmp(h->esc_arg->str, "4") || !strcmp(h->esc_arg->str, "8")) {
            h->cursor = h->line->len;
        }
        break;
    default:
        return;
    }
    redraw(h);
}

void ww_human_input(ww_human *h, const uint8_t *buf, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        uint8_t b = buf[i];
        if (h->esc == 1) {
            h->esc = (b == '[' || b == 'O') ? 2 : 0;
            g_string_truncate(h->esc_arg, 0);
            continue;
        }
        if (h->esc == 2) {
            if ((b >= '0' && b <= '9') || b == ';') {
                if (h->esc_arg->len < 16)
                    g_string_append_c(h->esc_arg, (char)b);
                continue;
            }
            h->esc = 0;
            escape_key(h, (char)b);
            continue;
        }
        bool cr = h->last_cr;
        h->last_cr = false;
        switch (b) {
        case '\r':
            h->last_cr = true;
            submit(h);
            continue;
        case '\n':
            if (!cr)
                submit(h);
            continue;
        case 0x1b: h->esc = 1; continue;
        case 0x7f: case 0x08:               /* backspace */
            if (h->cursor) {
                size_t end = h->cursor;
                left(h);
                g_string_erase(h->line, (gssize)h->cursor, (gssize)(end - h->cursor));
            }
            break;
        case 0x02: left(h); break;           /* Ctrl-B */
        case 0x06: right(h); break;          /* Ctrl-F */
        case 0x05: h->cursor = h->line->len; break;   /* Ctrl-E */
        case 0x0b: g_string_truncate(h->line, h->cursor); break;   /* Ctrl-K */
        case 0x15:                           /* Ctrl-U */
            g_string_erase(h->line, 0, (gssize)h->cursor);
            h->cursor = 0;
            break;
        case 0x17: {                         /* Ctrl-W: the word before the cursor */
            size_t end = h->cursor;
            while (h->cursor && h->line->str[h->cursor - 1] == ' ')
                h->cursor--;
            while (h->cursor && h->line->str[h->cursor - 1] != ' ')
                h->cursor--;
            g_string_erase(h->line, (gssize)h->cursor, (gssize)(end - h->cursor));
            break;
        }
        case 0x03:                           /* Ctrl-C: drop the line, or the wait */
            if (h->busy) {
                ww_mon_cancel(h->s, h);      /* a pending wait-serial gives up */
                h->busy = false;
                g_queue_free_full(h->held, g_free);
                h->held = g_queue_new();
                outs(h, "^C (cancelled)\n");
            } else if (h->tty) {
                outs(h, "^C\n");
            }
            set_line(h, "");
            break;
        case 0x10: history_move(h, -1); continue;   /* Ctrl-P */
        case 0x0e: history_move(h, +1); continue;   /* Ctrl-N */
        case '\t': complete(h); continue;
        default:
            if (b < 0x20 || h->line->len >= LINE_MAX_BYTES)
                continue;
            g_string_insert_c(h->line, (gssize)h->cursor, (char)b);
            h->cursor++;
            if (h->tty && h->cursor == h->line->len && b < 0x80) {
                out(h, (const char *)&b, 1);   /* plain typing at the end: no redraw */
                continue;
            }
            break;
        }
        redraw(h);
    }
}

/* A note for the person at the terminal when the machine stops by itself. */
static void on_event(void *opaque, const char *event, JsonObject *data)
{
    ww_human *h = opaque;
    GString *o = g_string_new(NULL);
    if (!strcmp(event, "BREAKPOINT")) {
        const char *type = json_object_get_string_member(data, "type");
        if (!strcmp(type, "watchpoint"))
            g_string_append_printf(o, "\nwatchpoint %d: %s %s = 0x%" G_GINT64_MODIFIER "x\n",
                                   (int)json_object_get_int_member(data, "id"),
                                   json_object_get_string_member(data, "access"),
                                   json_object_get_string_member(data, "register"),
                                   json_object_get_int_member(data, "value"));
        else
            g_string_append_printf(o, "\nbreakpoint %d: %s at 0x%" G_GINT64_MODIFIER "x\n",
                                   json_object_has_member(data, "id")
                                   ? (int)json_object_get_int_member(data, "id") : 0,
                                   json_object_get_string_member(data, "cpu"),
                                   json_object_get_int_member(data, "pc"));
    } else if (!strcmp(event, "STOP") &&
               !strcmp(json_object_get_string_member(data, "reason"), "fatal")) {
        g_string_append(o, "\nthe machine stopped: a CPU stopped fatally\n");
    } else if (!strcmp(event, "SHUTDOWN") && json_object_get_boolean_member(data, "guest")) {
        g_string_append(o, "\nthe guest powered off\n");
    }
    if (o->len) {
        out(h, o->str, o->len);
        if (!h->busy)
            redraw(h);
    }
    g_string_free(o, TRUE);
}

ww_human *ww_human_new(ww_session *s)
{
    ww_human *h = g_new0(ww_human, 1);
    h->s = s;
    h->line = g_string_new(NULL);
    h->history = g_ptr_array_new_with_free_func(g_free);
    h->esc_arg = g_string_new(NULL);
    h->held = g_queue_new();
    ww_session_listen(s, on_event, h);
    return h;
}

void ww_human_set_tty(ww_human *h, bool tty) { h->tty = tty; }

void ww_human_free(ww_human *h)
{
    if (!h)
        return;
    ww_session_unlisten(h->s, on_event, h);
    ww_mon_cancel(h->s, h);
    g_string_free(h->line, TRUE);
    g_string_free(h->esc_arg, TRUE);
    g_ptr_array_free(h->history, TRUE);
    g_queue_free_full(h->held, g_free);
    g_free(h);
}
