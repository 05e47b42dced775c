/* core/qmp.h — the JSON control protocol of one connection, without I/O.
 *
 * It follows QEMU's QMP (docs/interop/qmp-spec): on connect the server sends
 * a greeting {"QMP": {"version": …, "capabilities": []}}; the client must
 * first send {"execute": "qmp_capabilities"} (capabilities negotiation
 * mode), then commands {"execute": NAME, "arguments": {…}, "id": ANY} each
 * answered in order by {"return": VALUE, "id": …} or {"error": {"class": …,
 * "desc": …}, "id": …}; asynchronous events {"event": NAME, "data": {…},
 * "timestamp": {"seconds": …, "microseconds": …}} arrive between replies once
 * negotiated. Messages are sent as one line each, ending in "\r\n".
 *
 * Bytes come in through ww_qmp_feed() in whatever pieces the socket gives;
 * the framer finds each top-level JSON value by tracking strings and
 * nesting. A message over WW_QMP_MAX_MESSAGE bytes or nested deeper than
 * WW_QMP_MAX_DEPTH is skipped to its end and answered with an error; the
 * connection stays usable. Malformed JSON, a value that is not an object,
 * unknown members, unknown commands and bad arguments are error replies. A
 * deferred command (wait-serial) holds back the connection's later commands
 * until it is answered, so replies stay in order. */
#ifndef WW_QMP_H
#define WW_QMP_H
#include "core/session.h"

#define WW_QMP_MAX_MESSAGE (1u << 20)   /* bytes of one message */
#define WW_QMP_MAX_DEPTH 64             /* nesting of objects and arrays */

typedef struct ww_qmp ww_qmp;
/* Where the connection's output goes (the greeting, replies, events). */
typedef void (*ww_qmp_send_fn)(void *opaque, const char *data, size_t len);

/* Sends the greeting at once; listens to the session's events. */
ww_qmp *ww_qmp_new(ww_session *s, ww_qmp_send_fn send, void *opaque);
void ww_qmp_feed(ww_qmp *q, const void *buf, size_t len);
/* Run the commands held back behind a deferred one that has been answered
 * (its answer may come from inside a machine run, where no command may run):
 * the front end calls this between chunks. */
void ww_qmp_drain(ww_qmp *q);
/* The peer went away: pending commands are dropped, nothing more is sent. */
void ww_qmp_free(ww_qmp *q);

#endif
