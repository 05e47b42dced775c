/* frontend/monitor/monitor.h — the monitor's front ends for `wirewrap run
 * --monitor SPEC`: the human monitor on the terminal (line editing, history,
 * completion; `help` from the command table) and the JSON protocol on unix or
 * TCP sockets (core/qmp.c per connection, several clients at once).
 *
 * Single-threaded: the run loop asks for the descriptors to poll
 * (ww_monitor_pollfds), polls them with its own (stdin), hands the results
 * back (ww_monitor_dispatch), and calls ww_monitor_idle between chunks of
 * virtual time. The terminal's bytes reach the human monitor through
 * ww_monitor_human_input, because stdin may be shared with the serial console
 * (Ctrl-A C switches, as QEMU's mux does). */
#ifndef WW_FRONTEND_MONITOR_H
#define WW_FRONTEND_MONITOR_H
#include "core/session.h"
#include <poll.h>

typedef struct ww_monitor ww_monitor;

ww_monitor *ww_monitor_new(ww_session *s);
/* "stdio", "unix:PATH" (created 0600; the directory must be writable by you
 * only), "tcp:PORT" or "tcp:HOST:PORT" (127.0.0.1 unless HOST is given; a
 * HOST that is not a loopback address draws a warning on stderr). */
bool ww_monitor_add(ww_monitor *mon, const char *spec, GError **err);
bool ww_monitor_has_human(ww_monitor *mon);
/* Terminal output mode for the human monitor: raw (echo and CR-LF by us). */
void ww_monitor_human_set_tty(ww_monitor *mon, bool raw_tty);
void ww_monitor_human_input(ww_monitor *mon, const uint8_t *buf, size_t len);
/* Show the prompt again (after switching to the monitor with Ctrl-A C). */
void ww_monitor_human_prompt(ww_monitor *mon);

unsigned ww_monitor_pollfds(ww_monitor *mon, struct pollfd *fds, unsigned max);
void ww_monitor_dispatch(ww_monitor *mon, const struct pollfd *fds, unsigned n);
/* Between chunks: run held-back commands, close finished connections. */
void ww_monitor_idle(ww_monitor *mon);
/* Try to deliver pending output for up to timeout_ms (before exiting). */
void ww_monitor_flush(ww_monitor *mon, int timeout_ms);
void ww_monitor_free(ww_monitor *mon);

#endif
