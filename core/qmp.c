/* core/qmp.c — framing, negotiation and dispatch of the JSON protocol
 * (core/qmp.h). Section numbers refer to QEMU's docs/interop/qmp-spec. */
#include "core/qmp.h"
#include "core/monitor.h"
#include <string.h>

#define MAX_QUEUED 256   /* commands held behind a deferred one */

typedef enum { F_IDLE, F_NESTED, F_STRING, F_BARE } frame_mode;

struct ww_qmp {
    ww_session *s;
    ww_qmp_send_fn send;
    void *opaque;
    bool negotiated;
    /* framer */
    frame_mode mode;
    bool in_str, esc;
    unsigned depth;
    GString *msg;
    bool oversize, too_deep;
    /* commands */
    GQueue *held;        /* char*: complete messages waiting behind a deferred command */
    bool busy;           /* a deferred command is unanswered */
    bool replied;        /* the command being executed has answered */
    JsonNode *cur_id;    /* "id" of the command being executed */
    bool draining;
};

/* ---- output ---------------------------------------------------------------------------- */

static void send_node(ww_qmp *q, JsonNode *n)
{
    JsonGenerator *g = json_generator_new();
    json_generator_set_root(g, n);
    gsize len;
    char *text = json_generator_to_data(g, &len);
    g_object_unref(g);
    GString *line = g_string_new_len(text, (gssize)len);
    g_string_append(line, "\r\n");
    q->send(q->opaque, line->str, line->len);
    g_string_free(line, TRUE);
    g_free(text);
}

/* §2.4.1 / §2.4.2: {"return": …} or {"error": {"class", "desc"}}, with the id. */
static void send_reply(ww_qmp *q, JsonNode *value, int cls, const char *desc, JsonNode *id)
{
    JsonObject *o = json_object_new();
    if (desc) {
        JsonObject *e = json_object_new();
        json_object_set_string_member(e, "class", ww_mon_error_class_name(cls));
        json_object_set_string_member(e, "desc", desc);
        json_object_set_object_member(o, "error", e);
    } else {
        if (value) {
            json_object_set_member(o, "return", json_node_copy(value));
        } else {
            JsonNode *e = json_node_new(JSON_NODE_OBJECT);
            json_node_take_object(e, json_object_new());
            json_object_set_member(o, "return", e);
        }
    }
    if (id)
        json_object_set_member(o, "id", json_node_copy(id));
    JsonNode *n = json_node_new(JSON_NODE_OBJECT);
    json_node_take_object(n, o);
    send_node(q, n);
    json_node_unref(n);
}

static void send_error(ww_qmp *q, int cls, const char *desc, JsonNode *id)
{
    send_reply(q, NULL, cls, desc, id);
}

/* §2.5: asynchronous events, only once negotiated. */
static void on_event(void *opaque, const char *event, JsonObject *data)
{
    ww_qmp *q = opaque;
    if (!q->negotiated)
        return;
    gint64 now = g_get_real_time();
    JsonObject *o = json_object_new();
    json_object_set_string_member(o, "event", event);
    json_object_set_object_member(o, "data", json_object_ref(data));
    JsonObject *ts = json_object_new();
    json_object_set_int_member(ts, "seconds", now / G_USEC_PER_SEC);
    json_object_set_int_member(ts, "microseconds", now % G_USEC_PER_SEC);
    json_object_set_object_member(o, "timestamp", ts);
    JsonNode *n = json_node_new(JSON_NODE_OBJECT);
    json_node_take_object(n, o);
    send_node(q, n);
    json_node_unref(n);
}

/* ---- commands --------------------------------------------------------------------------- */

static void on_reply(void *opaque, JsonNode *value, const GError *err)
{
    ww_qmp *q = opaque;
    if (err)
        send_error(q, ww_mon_error_class_of(err), err->message, q->cur_id);
    else
        send_reply(q, value, 0, NULL, q->cur_id);
    q->replied = true;
    if (q->busy) {
        /* A deferred answer (from inside a machine run): later commands run
         * at the next ww_qmp_drain, between chunks. */
        q->busy = false;
        if (q->cur_id)
            json_node_unref(q->cur_id);
        q->cur_id = NULL;
    }
}

static void handle_message(ww_qmp *q, const char *text, size_t len)
{
    JsonParser *p = json_parser_new();
    GError *e = NULL;
    if (!json_parser_load_from_data(p, text, (gssize)len, &e)) {
        char *d = g_strdup_printf("JSON parse error, %s", e->message);
        send_error(q, WW_MON_GENERIC, d, NULL);
        g_free(d);
        g_error_free(e);
        g_object_unref(p);
        return;
    }
    JsonNode *root = json_parser_get_root(p);
    if (!root || !JSON_NODE_HOLDS_OBJECT(root)) {
        send_error(q, WW_MON_GENERIC, "QMP input must be a JSON object", NULL);
        g_object_unref(p);
        return;
    }
    JsonObject *o = json_node_get_object(root);
    JsonNode *id = json_object_get_member(o, "id");
    JsonNode *ex = json_object_get_member(o, "execute");
    JsonNode *an = json_object_get_member(o, "arguments");
    GList *names = json_object_get_members(o);
    char *bad = NULL;
    for (GList *l = names; l && !bad; l = l->next)
        if (strcmp(l->data, "execute") && strcmp(l->data, "arguments") && strcmp(l->data, "id"))
            bad = g_strdup_printf("QMP input member '%s' is unexpected", (const char *)l->data);
    g_list_free(names);
    if (!bad && !ex)
        bad = g_strdup("QMP input lacks member 'execute'");
    else if (!bad && (!JSON_NODE_HOLDS_VALUE(ex) || json_node_get_value_type(ex) != G_TYPE_STRING))
        bad = g_strdup("QMP input member 'execute' must be a string");
    else if (!bad && an && !JSON_NODE_HOLDS_OBJECT(an))
        bad = g_strdup("QMP input member 'arguments' must be an object");
    if (bad) {
        send_error(q, WW_MON_GENERIC, bad, id);
        g_free(bad);
        g_object_unref(p);
        return;
    }
    const char *name = json_node_get_string(ex);
    JsonObject *args = an ? json_node_get_object(an) : NULL;
    /* §4: capabilities negotiation mode accepts qmp_capabilities only. */
    if (!strcmp(name, "qmp_capabilities")) {
        if (q->negotiated) {
            send_error(q, WW_MON_COMMAND_NOT_FOUND,
                       "Capabilities negotiation is already complete, command ignored", id);
        } else {
            JsonNode *en = args ? json_object_get_member(args, "enable") : NULL;
            GList *extra = args ? json_object_get_members(args) : NULL;
            bool other = false;
            for (GList *l = extra; l; l = l->next)
                other |= strcmp(l->data, "enable") != 0;
            g_list_free(extra);
            if (other) {
                send_error(q, WW_MON_GENERIC, "Parameter 'enable' is the only one accepted", id);
            } else if (en && (!JSON_NODE_HOLDS_ARRAY(en) ||
                              json_array_get_length(json_node_get_array(en)))) {
                /* We offer no capability (no "oob"): any request is refused. */
                send_error(q, WW_MON_GENERIC, "Capabilities requested are not available; this "
                           "server offers none", id);
            } else {
                q->negotiated = true;
                send_reply(q, NULL, 0, NULL, id);
            }
        }
        g_object_unref(p);
        return;
    }
    if (!q->negotiated) {
        send_error(q, WW_MON_COMMAND_NOT_FOUND,
                   "Expecting capabilities negotiation with 'qmp_capabilities'", id);
        g_object_unref(p);
        return;
    }
    q->cur_id = id ? json_node_copy(id) : NULL;
    q->replied = false;
    ww_mon_execute(q->s, name, args, q, on_reply, q);
    if (!q->replied) {
        q->busy = true;      /* deferred: cur_id is kept for the answer */
    } else if (q->cur_id) {
        json_node_unref(q->cur_id);
        q->cur_id = NULL;
    }
    g_object_unref(p);
}

static void complete(ww_qmp *q)
{
    if (q->oversize) {
        send_error(q, WW_MON_GENERIC, "message refused: longer than 1 MiB (1048576 bytes)", NULL);
    } else if (q->too_deep) {
        send_error(q, WW_MON_GENERIC, "message refused: nested deeper than 64 levels", NULL);
    } else if (q->busy || !g_queue_is_empty(q->held)) {
        if (g_queue_get_length(q->held) >= MAX_QUEUED)
            send_error(q, WW_MON_GENERIC, "message refused: 256 commands are already waiting "
                       "behind an unanswered one", NULL);
        else
            g_queue_push_tail(q->held, g_strndup(q->msg->str, q->msg->len));
    } else {
        handle_message(q, q->msg->str, q->msg->len);
    }
    g_string_truncate(q->msg, 0);
    q->mode = F_IDLE;
    q->depth = 0;
    q->in_str = q->esc = false;
    q->oversize = q->too_deep = false;
}

static void store(ww_qmp *q, char c)
{
    if (q->oversize)
        return;
    if (q->msg->len >= WW_QMP_MAX_MESSAGE) {
        q->oversize = true;        /* skip to the end of the message, then refuse it */
        g_string_truncate(q->msg, 0);
        return;
    }
    g_string_append_c(q->msg, c);
}

void ww_qmp_drain(ww_qmp *q)
{
    if (q->draining)
        return;
    q->draining = true;
    while (!q->busy && !g_queue_is_empty(q->held)) {
        char *m = g_queue_pop_head(q->held);
        handle_message(q, m, strlen(m));
        g_free(m);
    }
    q->draining = false;
}

void ww_qmp_feed(ww_qmp *q, const void *data, size_t len)
{
    ww_qmp_drain(q);
    const char *b = data;
    for (size_t i = 0; i < len; i++) {
        char c = b[i];
        switch (q->mode) {
        case F_IDLE:
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
                break;
            if (c == '{' || c == '[') {
                q->mode = F_NESTED;
                q->depth = 1;
                store(q, c);
            } else if (c == '"') {
                q->mode = F_STRING;
                q->in_str = true;
                store(q, c);
            } else if (c == '}' || c == ']') {
                store(q, c);
                complete(q);     /* a stray closer: a parse error reply */
            } else {
                q->mode = F_BARE;
                store(q, c);
            }
            break;
        case F_BARE:
            /* A top-level scalar (a number, true, garbage) ends at a space or
             * the start of another value. */
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                complete(q);
            } else if (c == '{' || c == '[' || c == '"') {
                complete(q);
                i--;             /* it starts the next message */
            } else {
                store(q, c);
            }
            break;
        case F_STRING:
        case F_NESTED:
            store(q, c);
            if (q->in_str) {
                if (q->esc) {
                    q->esc = false;
                } else if (c == '\\') {
                    q->esc = true;
                } else if (c == '"') {
                    q->in_str = false;
                    if (q->mode == F_STRING)
                        complete(q);     /* a top-level string: not an object */
                }
            } else if (c == '"') {
                q->in_str = true;
            } else if (c == '{' || c == '[') {
                if (++q->depth > WW_QMP_MAX_DEPTH)
                    q->too_deep = true;
            } else if (c == '}' || c == ']') {
                if (--q->depth == 0)
                    complete(q);
            }
            break;
        }
    }
}

/* ---- lifecycle ----------------------------------------------------------------------------- */

ww_qmp *ww_qmp_new(ww_session *s, ww_qmp_send_fn send, void *opaque)
{
    ww_qmp *q = g_new0(ww_qmp, 1);
    q->s = s;
    q->send = send;
    q->opaque = opaque;
    q->msg = g_string_new(NULL);
    q->held = g_queue_new();
    /* §2.2: the greeting. */
    JsonObject *ver = json_object_new(), *num = json_object_new();
    json_object_set_int_member(num, "major", 0);
    json_object_set_int_member(num, "minor", 1);
    json_object_set_int_member(num, "micro", 0);
    json_object_set_object_member(ver, "wirewrap", num);
    json_object_set_string_member(ver, "package", "wirewrap");
    JsonObject *qmp = json_object_new();
    json_object_set_object_member(qmp, "version", ver);
    json_object_set_array_member(qmp, "capabilities", json_array_new());
    JsonObject *o = json_object_new();
    json_object_set_object_member(o, "QMP", qmp);
    JsonNode *n = json_node_new(JSON_NODE_OBJECT);
    json_node_take_object(n, o);
    send_node(q, n);
    json_node_unref(n);
    ww_session_listen(s, on_event, q);
    return q;
}

void ww_qmp_free(ww_qmp *q)
{
    if (!q)
        return;
    ww_session_unlisten(q->s, on_event, q);
    ww_mon_cancel(q->s, q);
    if (q->cur_id)
        json_node_unref(q->cur_id);
    g_queue_free_full(q->held, g_free);
    g_string_free(q->msg, TRUE);
    g_free(q);
}
