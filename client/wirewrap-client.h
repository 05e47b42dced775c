/* wirewrap-client.h — libwirewrap-client: drive a running wirewrap machine
 * over its JSON control protocol (`wirewrap run … --monitor unix:PATH` or
 * `tcp:127.0.0.1:PORT`).
 *
 * The protocol is QMP's shape (QEMU docs/interop/qmp-spec): a greeting,
 * capabilities negotiation, then {"execute", "arguments", "id"} answered by
 * {"return"} or {"error": {"class", "desc"}}, and asynchronous events. This
 * library does the connection, the greeting and the negotiation, matches
 * replies to requests by id, and queues the events that arrive meanwhile.
 * Values are json-glib nodes; failures are GErrors.
 *
 *     GError *err = NULL;
 *     ww_client *c = ww_client_connect("unix:/run/user/1000/ww.sock", &err);
 *     JsonNode *chip = ww_client_call(c, &err, "info-chip",
 *                                     "id", WW_CLIENT_STR, "pic0", NULL);
 *     ...
 *     json_node_unref(chip);
 *     char *event; JsonObject *data;
 *     if (ww_client_next_event(c, 1000, &event, &data, &err)) { … }
 *     ww_client_free(c);
 *
 * Build with `pkg-config --cflags --libs wirewrap-client`. Not thread-safe:
 * use one ww_client from one thread at a time. */
#ifndef WIREWRAP_CLIENT_H
#define WIREWRAP_CLIENT_H
#include <stdbool.h>
#include <stdint.h>
#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Errors: the server's error classes, then the client's own. */
#define WW_CLIENT_ERROR ww_client_error_quark()
GQuark ww_client_error_quark(void);
typedef enum {
    WW_CLIENT_ERROR_GENERIC,            /* server: "GenericError" (bad arguments, …) */
    WW_CLIENT_ERROR_COMMAND_NOT_FOUND,  /* server: "CommandNotFound" */
    WW_CLIENT_ERROR_DEVICE_NOT_FOUND,   /* server: "DeviceNotFound" */
    WW_CLIENT_ERROR_DEVICE_NOT_ACTIVE,  /* server: "DeviceNotActive" */
    WW_CLIENT_ERROR_OTHER_CLASS,        /* server: a class this version does not know */
    WW_CLIENT_ERROR_CONNECT,            /* could not connect (message has the errno text) */
    WW_CLIENT_ERROR_PROTOCOL,           /* the peer is not speaking this protocol */
    WW_CLIENT_ERROR_CLOSED,             /* the connection ended */
    WW_CLIENT_ERROR_TIMEOUT,            /* no reply within the timeout */
} ww_client_error_code;
/* The server's class name ("GenericError", …) of an error from
 * ww_client_execute, or NULL for the client's own errors. */
const char *ww_client_error_class(const GError *err);

typedef struct ww_client ww_client;

/* Connect to "unix:PATH", "tcp:HOST:PORT", or a path; read the greeting and
 * negotiate capabilities. NULL with err on failure. */
ww_client *ww_client_connect(const char *address, GError **err);
void ww_client_free(ww_client *c);
/* The greeting's "QMP" object (borrowed). */
JsonObject *ww_client_greeting(ww_client *c);
/* Milliseconds to wait for a reply (default -1: forever; wait-serial may
 * legitimately take long). */
void ww_client_set_timeout(ww_client *c, int ms);
/* The socket, for poll() (readable: call ww_client_next_event with 0). */
int ww_client_fd(ww_client *c);

/* Execute a command; arguments may be NULL (none) and are borrowed. Returns
 * the "return" value (the caller unrefs it), or NULL with err: the server's
 * error (WW_CLIENT_ERROR, code from its class, message = its "desc") or a
 * connection error. Events that arrive meanwhile are queued. */
JsonNode *ww_client_execute(ww_client *c, const char *command, JsonObject *arguments,
                            GError **err);

/* Typed arguments: NAME, TYPE, VALUE triples ended by NULL:
 *   ww_client_call(c, &err, "x", "addr", WW_CLIENT_UINT, (uint64_t)0x1000,
 *                  "len", WW_CLIENT_UINT, (uint64_t)16, NULL);
 * STR takes a const char *, UINT a uint64_t, INT an int64_t, BOOL an int. */
typedef enum {
    WW_CLIENT_STR = 1,
    WW_CLIENT_UINT,
    WW_CLIENT_INT,
    WW_CLIENT_BOOL,
} ww_client_type;
JsonNode *ww_client_call(ww_client *c, GError **err, const char *command, ...)
    G_GNUC_NULL_TERMINATED;

/* The next event (queued, or read within timeout_ms; 0 = only what has
 * arrived, -1 = wait forever): true with *name and *data (the caller frees
 * both: g_free, json_object_unref); false without err on timeout; false with
 * err when the connection failed. */
bool ww_client_next_event(ww_client *c, int timeout_ms, char **name, JsonObject **data,
                          GError **err);
/* Skip events until one named `name` (data may be NULL). */
bool ww_client_wait_event(ww_client *c, const char *name, int timeout_ms, JsonObject **data,
                          GError **err);

/* Unsigned numbers: the server sends 64-bit values above 2^63-1 as "0x…"
 * strings (json-glib integers are signed); this reads both forms. */
bool ww_client_get_uint(JsonNode *n, uint64_t *out);

G_END_DECLS

#endif
