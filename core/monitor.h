/* core/monitor.h — the one table of monitor commands (DESIGN.md §9).
 *
 * Not the CLI registry of core/command.h: these are the commands a running
 * machine answers, over the human monitor (`--monitor stdio`), the JSON
 * protocol (core/qmp.h) and `wirewrap ctl`. Each command declares its
 * arguments (name, type, optional, doc) and returns a typed value tree
 * (json-glib nodes) or a GError in WW_MON_ERROR whose code is the error
 * class. Handlers never print, exit or abort: arguments are checked
 * generically from the declaration before a handler runs, and the two
 * printers — ww_mon_human_* for people, core/qmp.c for programs — render the
 * same value. */
#ifndef WW_MONITOR_H
#define WW_MONITOR_H
#include "core/session.h"
#include <json-glib/json-glib.h>

/* Error classes, as QMP spells them (docs/interop/qmp-spec, "Error"). */
#define WW_MON_ERROR ww_mon_error_quark()
GQuark ww_mon_error_quark(void);
typedef enum {
    WW_MON_GENERIC,          /* "GenericError": bad arguments, anything else */
    WW_MON_COMMAND_NOT_FOUND,/* "CommandNotFound" */
    WW_MON_DEVICE_NOT_FOUND, /* "DeviceNotFound": no such chip, CPU or serial line */
    WW_MON_DEVICE_NOT_ACTIVE,/* "DeviceNotActive": the machine is stopped/shut down */
} ww_mon_error_class;
const char *ww_mon_error_class_name(int code);
/* Any GError as a class: WW_MON_ERROR codes are classes, WW_ERROR_NOT_FOUND
 * is DeviceNotFound, everything else GenericError. */
ww_mon_error_class ww_mon_error_class_of(const GError *e);

typedef enum {
    WW_MON_STR,     /* JSON string */
    WW_MON_UINT,    /* JSON integer ≥ 0 (or "0x…" string above 2^63-1); human: 0x1F, 31 */
    WW_MON_INT,     /* JSON integer */
    WW_MON_BOOL,    /* JSON true/false; human: on/off, true/false, yes/no, 1/0 */
    WW_MON_TIME,    /* virtual time in ns: JSON integer, or a string with a unit ("2s") */
} ww_mon_type;

typedef struct ww_mon_arg {
    const char *name;
    ww_mon_type type;
    bool optional;
    const char *doc;
    bool rest;      /* human monitor: the last argument takes the rest of the line */
} ww_mon_arg;

typedef struct ww_mon_call ww_mon_call;

/* A handler returns the value (consumed by the caller), or NULL with err set.
 * A handler that cannot answer at once (wait-serial) calls ww_mon_defer()
 * and returns NULL without an error; it answers later with ww_mon_finish(). */
typedef JsonNode *(*ww_mon_handler)(ww_mon_call *call, JsonObject *args, GError **err);

typedef struct ww_mon_cmd {
    const char *name;          /* JSON name; the human name has spaces for '-' after
                                  "info" ("info-chip" is typed "info chip") */
    const ww_mon_arg *args;    /* NULL-name terminated; NULL = none */
    const char *doc;           /* one line */
    ww_mon_handler fn;
    /* Human layout of the returned value (NULL: the generic one). */
    void (*human)(JsonNode *value, GString *out);
} ww_mon_cmd;

/* The table, sorted by name. */
unsigned ww_mon_commands(const ww_mon_cmd *const **out);
const ww_mon_cmd *ww_mon_find(const char *name);

/* ---- executing ------------------------------------------------------------------ */
/* How a command's outcome reaches its printer: exactly one call per execute,
 * now or (deferred) later. value and err are borrowed. */
typedef void (*ww_mon_reply_fn)(void *opaque, JsonNode *value, const GError *err);

/* Check args against the declaration (missing, extra, wrong types: a
 * GenericError naming the parameter, as QMP words it), then run the handler.
 * owner identifies the client (its deferred commands are dropped by
 * ww_mon_cancel when it goes away). args may be NULL (no arguments). */
void ww_mon_execute(ww_session *s, const char *name, JsonObject *args, void *owner,
                    ww_mon_reply_fn reply, void *opaque);
void ww_mon_cancel(ww_session *s, void *owner);

ww_session *ww_mon_call_session(ww_mon_call *call);
void *ww_mon_call_owner(ww_mon_call *call);
void ww_mon_defer(ww_mon_call *call);
void ww_mon_finish(ww_mon_call *call, JsonNode *value, GError *err);  /* both consumed */

/* ---- the human printer -------------------------------------------------------------- */
/* Parse a line as the human monitor reads it — a command name (two words for
 * "info …"), then its arguments in declared order, separated by spaces,
 * "quoted" with C escapes (\n \r \t \\ \" \xHH) or bare, or NAME=VALUE — into
 * a command and a JSON argument object (typed from the declaration). An empty
 * line gives *cmd = NULL and no error. */
bool ww_mon_parse_line(const char *line, const ww_mon_cmd **cmd, JsonObject **args,
                       GError **err);
/* Lay out a value as the human monitor prints it (the command's layout, else
 * the generic one), and an error as "error: DESC". */
void ww_mon_human_value(const ww_mon_cmd *cmd, JsonNode *value, GString *out);
void ww_mon_human_error(const GError *err, GString *out);
/* The generic layout: objects as "key: value" lines, arrays as lists. */
void ww_mon_human_generic(JsonNode *value, GString *out);

/* The human name ("info chip") of a command (static buffer per call site). */
const char *ww_mon_human_name(const ww_mon_cmd *cmd, char *buf, size_t len);

/* Keys (HID usage IDs of core/backend.h) by QEMU's sendkey names ("a", "ret",
 * "ctrl", "f1"); 0 when unknown. */
unsigned ww_mon_key_usage(const char *name);

#endif
