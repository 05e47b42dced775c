/* frontend/gdbstub/gdbstub.h — `wirewrap run --gdb SPEC`: a listening socket
 * for gdb's remote protocol (core/gdb.c speaks it), one debugger at a time
 * (a second connection is refused while one is attached). Single-threaded
 * like the monitor: the run loop polls these descriptors with its own
 * between chunks of virtual time and while the machine is stopped. */
#ifndef WW_FRONTEND_GDBSTUB_H
#define WW_FRONTEND_GDBSTUB_H
#include "core/session.h"
#include <poll.h>

typedef struct ww_gdbstub ww_gdbstub;

/* "tcp:PORT", "tcp:HOST:PORT" (127.0.0.1 unless HOST is given) or
 * "unix:PATH" (created 0600; the directory must be writable by you only). */
ww_gdbstub *ww_gdbstub_new(ww_session *s, const char *spec, GError **err);
unsigned ww_gdbstub_pollfds(ww_gdbstub *g, struct pollfd *fds, unsigned max);
void ww_gdbstub_dispatch(ww_gdbstub *g, const struct pollfd *fds, unsigned n);
/* Whether a debugger is attached. */
bool ww_gdbstub_attached(ww_gdbstub *g);
void ww_gdbstub_flush(ww_gdbstub *g, int timeout_ms);
void ww_gdbstub_free(ww_gdbstub *g);

#endif
