/* client/client.c — libwirewrap-client (client/wirewrap-client.h). Needs
 * only glib and json-glib; nothing of the emulator. Messages from the server
 * are one per line (the server ends each with "\r\n"; JSON strings never hold
 * a raw newline). */
#include "client/wirewrap-client.h"
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdarg.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define MAX_LINE (256u << 20)    /* a reply larger than this is a protocol error */

G_DEFINE_QUARK(ww-client-error-quark, ww_client_error)

struct ww_client {
    int fd;
    GString *in;            /* bytes received, not yet a whole line */
    GQueue *events;         /* JsonNode* (event objects) */
    JsonNode *greeting;
    int timeout_ms;
    gint64 next_id;
    bool closed;
};

static const char *const classes[] = {
    [WW_CLIENT_ERROR_GENERIC] = "GenericError",
    [WW_CLIENT_ERROR_COMMAND_NOT_FOUND] = "CommandNotFound",
    [WW_CLIENT_ERROR_DEVICE_NOT_FOUND] = "DeviceNotFound",
    [WW_CLIENT_ERROR_DEVICE_NOT_ACTIVE] = "DeviceNotActive",
};

const char *ww_client_error_class(const GError *err)
{
    if (!err || err->domain != WW_CLIENT_ERROR || err->code > WW_CLIENT_ERROR_OTHER_CLASS)
        return NULL;
    return err->code < (int)G_N_ELEMENTS(classes) ? classes[err->code] : "GenericError";
}

static int connect_unix(const char *path, GError **err)
{
    struct sockaddr_un a = { .sun_family = AF_UNIX };
    if (strlen(path) >= sizeof a.sun_path) {
        g_set_error(err, WW_CLIENT_ERROR, WW_CLIENT_ERROR_CONNECT, "unix:%s: path too long", path);
        return -1;
    }
    strcpy(a.sun_path, path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a) < 0) {
        g_set_error(err, WW_CLIENT_ERROR, WW_CLIENT_ERROR_CONNECT, "unix:%s: %s", path,
                    g_strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}

static int connect_tcp(const char *hostport, GError **err)
{
    const char *colon = strrchr(hostport, ':');
    if (!colon || !colon[1]) {
        g_set_error(err, WW_CLIENT_ERROR, WW_CLIENT_ERROR_CONNECT,
                    "tcp:%s: expected tcp:HOST:PORT", hostport);
        return -1;
    }
    char *host = colon == hostport ? g_strdup("127.0.0.1") : g_strndup(hostport, (gsize)(colon - hostport));
    struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *res = NULL;
    int rc = getaddrinfo(host, colon + 1, &hints, &res);
    g_free(host);
    if (rc) {
        g_set_error(err, WW_CLIENT_ERROR, WW_CLIENT_ERROR_CONNECT, "tcp:%s: %s", hostport,
                    gai_strerror(rc));
        return -1;
    }
    int fd = -1, e = 0;
    for (struct addrinfo *r = res; r && fd < 0; r = r->ai_next) {
        fd = socket(r->ai_family, r->ai_socktype | SOCK_CLOEXEC, r->ai_protocol);
        if (fd >= 0 && connect(fd, r->ai_addr, r->ai_addrlen) < 0) {
            e = errno;
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(res);
    if (fd < 0)
        g_set_error(err, WW_CLIENT_ERROR, WW_CLIENT_ERROR_CONNECT, "tcp:%s: %s", hostport,
                    g_strerror(e ? e : ECONNREFUSED));
    return fd;
}

static gint64 now_ms(void)
{
    return g_get_monotonic_time() / 1000;
}

/* Read one message (a line), waiting at most until deadline_ms (-1: forever).
 * NULL without err: timeout. */
static JsonNode *read_message(ww_client *c, gint64 deadline_ms, GError **err)
{
    for (;;) {
        char *nl = memchr(c->in->str, '\n', c->in->len);
        if (nl) {
            size_t n = (size_t)(nl - c->in->str);
            JsonParser *p = json_parser_new();
            GError *e = NULL;
            JsonNode *node = NULL;
            if (json_parser_load_from_data(p, c->in->str, (gssize)n, &e) &&
                json_parser_get_root(p) && JSON_NODE_HOLDS_OBJECT(json_parser_get_root(p)))
                node = json_node_copy(json_parser_get_root(p));
            g_object_unref(p);
            g_string_erase(c->in, 0, (gssize)n + 1);
            if (!node) {
                g_set_error(err, WW_CLIENT_ERROR, WW_CLIENT_ERROR_PROTOCOL,
                            "the server sent something that is not a JSON object%s%s",
                            e ? ": " : "", e ? e->message : "");
                g_clear_error(&e);
                return NULL;
            }
            return node;
        }
        if (c->closed) {
            g_set_error(err, WW_CLIENT_ERROR, WW_CLIENT_ERROR_CLOSED, "the connection is closed");
            return NULL;
        }
        if (c->in->len > MAX_LINE) {
            g_set_error(err, WW_CLIENT_ERROR, WW_CLIENT_ERROR_PROTOCOL, "a message over 256 MiB");
            return NULL;
        }
        int wait = deadline_ms < 0 ? -1 : (int)MAX(0, deadline_ms - now_ms());
        struct pollfd pf = { .fd = c->fd, .events = POLLIN };
        int r = poll(&pf, 1, wait);
        if (r < 0 && errno == EINTR)
            continue;
        if (r == 0)
            return NULL;
        char buf[65536];
        ssize_t got = read(c->fd, buf, sizeof buf);
        if (got < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (got <= 0) {
            c->closed = true;
            continue;
        }
        g_string_append_len(c->in, buf, got);
    }
}

static bool send_all(ww_client *c, const char *buf, size_t len, GError **err)
{
    while (len) {
        ssize_t n = send(c->fd, buf, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            c->closed = true;
            g_set_error(err, WW_CLIENT_ERROR, WW_CLIENT_ERROR_CLOSED, "sending: %s",
                        g_strerror(n < 0 ? errno : EPIPE));
            return false;
        }
        buf += n;
        len -= (size_t)n;
    }
    return true;
}

static GError *server_error(JsonObject *e)
{
    const char *cls = json_object_has_member(e, "class") ? json_object_get_string_member(e, "class") : NULL;
    const char *desc = json_object_has_member(e, "desc") ? json_object_get_string_member(e, "desc") : NULL;
    int code = WW_CLIENT_ERROR_OTHER_CLASS;
    for (size_t i = 0; cls && i < G_N_ELEMENTS(classes); i++)
        if (!strcmp(cls, classes[i]))
            code = (int)i;
    return g_error_new(WW_CLIENT_ERROR, code, "%s", desc ? desc : "(no description)");
}

static JsonNode *request(ww_client *c, const char *command, JsonObject *arguments, GError **err)
{
    gint64 id = ++c->next_id;
    JsonObject *o = json_object_new();
    json_object_set_string_member(o, "execute", command);
    if (arguments)
        json_object_set_object_member(o, "arguments", json_object_ref(arguments));
    json_object_set_int_member(o, "id", id);
    JsonNode *n = json_node_new(JSON_NODE_OBJECT);
    json_node_take_object(n, o);
    JsonGenerator *g = json_generator_new();
    json_generator_set_root(g, n);
    gsize len;
    char *text = json_generator_to_data(g, &len);
    g_object_unref(g);
    json_node_unref(n);
    GString *line = g_string_new_len(text, (gssize)len);
    g_free(text);
    g_string_append(line, "\n");
    bool ok = send_all(c, line->str, line->len, err);
    g_string_free(line, TRUE);
    if (!ok)
        return NULL;
    gint64 deadline = c->timeout_ms < 0 ? -1 : now_ms() + c->timeout_ms;
    for (;;) {
        GError *e = NULL;
        JsonNode *m = read_message(c, deadline, &e);
        if (!m) {
            if (!e)
                g_set_error(&e, WW_CLIENT_ERROR, WW_CLIENT_ERROR_TIMEOUT,
                            "%s: no reply within %d ms", command, c->timeout_ms);
            g_propagate_error(err, e);
            return NULL;
        }
        JsonObject *mo = json_node_get_object(m);
        if (json_object_has_member(mo, "event")) {
            g_queue_push_tail(c->events, m);
            continue;
        }
        JsonNode *idn = json_object_get_member(mo, "id");
        bool ours = idn && JSON_NODE_HOLDS_VALUE(idn) && json_node_get_value_type(idn) == G_TYPE_INT64
                    && json_node_get_int(idn) == id;
        /* An error without an id answers a message the server could not read. */
        if (!ours && !(idn == NULL && json_object_has_member(mo, "error"))) {
            json_node_unref(m);
            continue;
        }
        JsonNode *ret = NULL;
        if (json_object_has_member(mo, "return"))
            ret = json_node_copy(json_object_get_member(mo, "return"));
        else if (json_object_has_member(mo, "error") &&
                 JSON_NODE_HOLDS_OBJECT(json_object_get_member(mo, "error")))
            g_propagate_error(err, server_error(json_object_get_object_member(mo, "error")));
        else
            g_set_error(err, WW_CLIENT_ERROR, WW_CLIENT_ERROR_PROTOCOL,
                        "a reply with neither return nor error");
        json_node_unref(m);
        return ret;
    }
}

ww_client *ww_client_connect(const char *address, GError **err)
{
    int fd;
    if (g_str_has_prefix(address, "tcp:"))
        fd = connect_tcp(address + 4, err);
    else
        fd = connect_unix(g_str_has_prefix(address, "unix:") ? address + 5 : address, err);
    if (fd < 0)
        return NULL;
    ww_client *c = g_new0(ww_client, 1);
    c->fd = fd;
    c->in = g_string_new(NULL);
    c->events = g_queue_new();
    c->timeout_ms = -1;
    GError *e = NULL;
    JsonNode *g = read_message(c, now_ms() + 10000, &e);
    if (!g || !json_object_has_member(json_node_get_object(g), "QMP")) {
        if (!e)
            g_set_error(&e, WW_CLIENT_ERROR, WW_CLIENT_ERROR_PROTOCOL,
                        "%s: no greeting from the server", address);
        g_propagate_error(err, e);
        if (g)
            json_node_unref(g);
        ww_client_free(c);
        return NULL;
    }
    c->greeting = g;
    JsonNode *r = request(c, "qmp_capabilities", NULL, err);
    if (!r) {
        ww_client_free(c);
        return NULL;
    }
    json_node_unref(r);
    return c;
}

void ww_client_free(ww_client *c)
{
    if (!c)
        return;
    close(c->fd);
    g_string_free(c->in, TRUE);
    g_queue_free_full(c->events, (GDestroyNotify)json_node_unref);
    if (c->greeting)
        json_node_unref(c->greeting);
    g_free(c);
}

JsonObject *ww_client_greeting(ww_client *c)
{
    return json_object_get_object_member(json_node_get_object(c->greeting), "QMP");
}

void ww_client_set_timeout(ww_client *c, int ms) { c->timeout_ms = ms; }
int ww_client_fd(ww_client *c) { return c->fd; }

JsonNode *ww_client_execute(ww_client *c, const char *command, JsonObject *arguments,
                            GError **err)
{
    return request(c, command, arguments, err);
}

JsonNode *ww_client_call(ww_client *c, GError **err, const char *command, ...)
{
    JsonObject *a = json_object_new();
    va_list ap;
    va_start(ap, command);
    for (const char *name; (name = va_arg(ap, const char *));) {
        ww_client_type t = va_arg(ap, ww_client_type);
        switch (t) {
        case WW_CLIENT_STR:
            json_object_set_string_member(a, name, va_arg(ap, const char *));
            break;
        case WW_CLIENT_UINT: {
            uint64_t v = va_arg(ap, uint64_t);
            if (v <= (uint64_t)G_MAXINT64) {
                json_object_set_int_member(a, name, (gint64)v);
            } else {
                char buf[24];
                g_snprintf(buf, sizeof buf, "0x%" G_GINT64_MODIFIER "x", v);
                json_object_set_string_member(a, name, buf);
            }
            break;
        }
        case WW_CLIENT_INT:
            json_object_set_int_member(a, name, va_arg(ap, int64_t));
            break;
        case WW_CLIENT_BOOL:
            json_object_set_boolean_member(a, name, va_arg(ap, int) != 0);
            break;
        default:
            va_end(ap);
            json_object_unref(a);
            g_set_error(err, WW_CLIENT_ERROR, WW_CLIENT_ERROR_GENERIC,
                        "%s: argument '%s' has no valid WW_CLIENT_* type", command, name);
            return NULL;
        }
    }
    va_end(ap);
    JsonNode *r = request(c, command, a, err);
    json_object_unref(a);
    return r;
}

bool ww_client_next_event(ww_client *c, int timeout_ms, char **name, JsonObject **data,
                          GError **err)
{
    gint64 deadline = timeout_ms < 0 ? -1 : now_ms() + timeout_ms;
    for (;;) {
        JsonNode *m = g_queue_pop_head(c->events);
        if (!m) {
            GError *e = NULL;
            m = read_message(c, deadline, &e);
            if (!m) {
                if (e)
                    g_propagate_error(err, e);
                return false;
            }
        }
        JsonObject *mo = json_node_get_object(m);
        if (!json_object_has_member(mo, "event")) {
            json_node_unref(m);      /* a late reply nobody waits for */
            continue;
        }
        *name = g_strdup(json_object_get_string_member(mo, "event"));
        if (data) {
            JsonNode *d = json_object_get_member(mo, "data");
            *data = d && JSON_NODE_HOLDS_OBJECT(d) ? json_object_ref(json_node_get_object(d))
                                                   : json_object_new();
        }
        json_node_unref(m);
        return true;
    }
}

bool ww_client_wait_event(ww_client *c, const char *name, int timeout_ms, JsonObject **data,
                          GError **err)
{
    gint64 deadline = timeout_ms < 0 ? -1 : now_ms() + timeout_ms;
    for (;;) {
        char *got = NULL;
        JsonObject *d = NULL;
        int left = deadline < 0 ? -1 : (int)MAX(0, deadline - now_ms());
        if (!ww_client_next_event(c, left, &got, &d, err))
            return false;
        bool match = !strcmp(got, name);
        g_free(got);
        if (match) {
            if (data)
                *data = d;
            else
                json_object_unref(d);
            return true;
        }
        json_object_unref(d);
    }
}

bool ww_client_get_uint(JsonNode *n, uint64_t *out)
{
    if (!n || !JSON_NODE_HOLDS_VALUE(n))
        return false;
    if (json_node_get_value_type(n) == G_TYPE_INT64) {
        gint64 v = json_node_get_int(n);
        if (v < 0)
            return false;
        *out = (uint64_t)v;
        return true;
    }
    if (json_node_get_value_type(n) == G_TYPE_STRING) {
        const char *s = json_node_get_string(n);
        char *end;
        if (!g_str_has_prefix(s, "0x") || !s[2])
            return false;
        errno = 0;
        *out = g_ascii_strtoull(s + 2, &end, 16);
        return !*end && !errno;
    }
    return false;
}
