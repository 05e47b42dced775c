/* core/session.h — a machine under control: what the run loop, the monitor
 * (text and JSON) and the gdbstub share.
 *
 * A session holds a machine and its control state: running or stopped,
 * breakpoints (core/cpu.h's per-CPU sets) and watchpoints on device
 * registers (core/space.h's watch hook), the serial output captured for
 * wait-serial, and the listeners that receive events. It runs nothing by
 * itself: the front end's loop calls ww_session_run() for each chunk of
 * virtual time while the session is running, and polls its I/O between
 * chunks (blocking on it while the session is stopped), so everything stays
 * on one thread. Nothing here prints.
 *
 * Events are named as QMP names them (docs/interop/qmp-spec, "Asynchronous
 * events"; QEMU's STOP, RESUME, RESET, SHUTDOWN) plus BREAKPOINT and
 * SERIAL_MATCH; their data is a JSON object that always has "time-ns", the
 * virtual time. */
#ifndef WW_SESSION_H
#define WW_SESSION_H
#include "core/machine.h"
#include "core/backend.h"
#include <json-glib/json-glib.h>

typedef struct ww_session ww_session;

/* serial may be NULL (a machine without a serial line); it is not owned. */
ww_session *ww_session_new(ww_machine *m, ww_chardev *serial);
void ww_session_free(ww_session *s);
ww_machine *ww_session_machine(ww_session *s);
ww_chardev *ww_session_serial(ww_session *s);

/* ---- events -------------------------------------------------------------------- */
/* data is borrowed for the call. */
typedef void (*ww_session_event_fn)(void *opaque, const char *event, JsonObject *data);
void ww_session_listen(ww_session *s, ww_session_event_fn fn, void *opaque);
void ww_session_unlisten(ww_session *s, ww_session_event_fn fn, void *opaque);
/* Send an event to every listener; data (may be NULL) is consumed; "time-ns"
 * is added. */
void ww_session_emit(ww_session *s, const char *event, JsonObject *data);

/* ---- running and stopped --------------------------------------------------------- */
typedef enum {
    WW_SESSION_RUNNING,
    WW_SESSION_STOPPED,     /* by `stop`, a breakpoint or watchpoint, a fatal CPU stop */
    WW_SESSION_SHUTDOWN,    /* the guest powered off, or `quit`: the loop ends */
} ww_session_state;

ww_session_state ww_session_state_get(ww_session *s);
static inline bool ww_session_running(ww_session *s)
{ return ww_session_state_get(s) == WW_SESSION_RUNNING; }
/* STOP (reason: "user", "breakpoint", "watchpoint", "fatal"); no-op when stopped. */
void ww_session_stop(ww_session *s, const char *reason);
/* RESUME; a CPU standing on a breakpoint passes it once. */
void ww_session_cont(ww_session *s);
/* SHUTDOWN with the reason ("guest-shutdown", "host-qmp-quit"). */
void ww_session_shutdown(ww_session *s, const char *reason);
/* RESET, then the machine is reset (hard). */
void ww_session_reset(ww_session *s, const char *reason);

typedef enum {
    WW_SESSION_RAN,         /* the chunk ran (or the session was not running) */
    WW_SESSION_HIT,         /* stopped at a breakpoint or watchpoint */
    WW_SESSION_FATAL,       /* a CPU stopped fatally (the session is stopped) */
    WW_SESSION_OFF,         /* the guest powered off (the session is shut down) */
} ww_session_result;
/* Run the machine to virtual time `until` (or less: a stop, a request) when
 * running; acts on board requests (reset, power-off) and the CPUs' stop
 * reasons, and emits the events. */
ww_session_result ww_session_run(ww_session *s, ww_time until);
/* Execute up to n instructions on cpu (NULL: the first CPU) while stopped;
 * returns the number executed (fewer: halted, or a breakpoint was reached
 * after the first). */
unsigned ww_session_step(ww_session *s, ww_cpu *cpu, unsigned n, GError **err);

/* The first CPU (with a clock), or the CPU with this id; NULL with err. */
ww_cpu *ww_session_cpu(ww_session *s, const char *id, GError **err);

/* ---- breakpoints and watchpoints --------------------------------------------------- */
typedef struct ww_session_point {
    unsigned id;            /* numbers shared by breakpoints and watchpoints */
    bool watch;
    ww_cpu *cpu;            /* breakpoint */
    uint64_t pc;
    ww_chip *chip;          /* watchpoint: chip, register element */
    const ww_reg_desc *reg;
    unsigned index;
    char *name;             /* "pic0.IMR" */
    uint64_t hits;
} ww_session_point;
/* Returns the new point's id, 0 with err. */
unsigned ww_session_break(ww_session *s, ww_cpu *cpu, uint64_t pc, GError **err);
/* "CHIP.REG": stop after any guest access to that register. */
unsigned ww_session_watch(ww_session *s, const char *what, GError **err);
bool ww_session_delete(ww_session *s, unsigned id, GError **err);
unsigned ww_session_points(ww_session *s, ww_session_point *const **out);

/* ---- serial line ------------------------------------------------------------------- */
/* Bytes to the guest (the other end of the serial line). */
bool ww_session_serial_send(ww_session *s, const void *buf, size_t len, GError **err);
/* Wait until `text` appears in the serial output not yet consumed by an
 * earlier wait (so output before the wait counts), or until virtual time
 * `deadline` (WW_TIME_NEVER: no limit). done() is called once: matched true
 * (the output up to the match is consumed; SERIAL_MATCH is emitted), or
 * false at the deadline. owner groups waits so a client that goes away can
 * cancel its own (ww_session_cancel). */
/* text is NULL when the wait was cancelled (ww_session_cancel, session free). */
typedef void (*ww_session_wait_fn)(void *opaque, bool matched, const char *text);
void ww_session_wait_serial(ww_session *s, const char *text, ww_time deadline, void *owner,
                            ww_session_wait_fn done, void *opaque);
void ww_session_cancel(ww_session *s, void *owner);
/* Serial output kept (at most 1 MiB, the newest), from the oldest byte no wait
 * consumed yet. */
const GString *ww_session_serial_log(ww_session *s);

/* ---- host files ---------------------------------------------------------------------- */
/* Whether commands may read and write host files (savevm, loadvm); on by
 * default, off for the fuzz harness. */
void ww_session_allow_files(ww_session *s, bool allow);
bool ww_session_files_allowed(ww_session *s);

/* ---- input devices ----------------------------------------------------------------- */
/* The first keyboard (an <input> backend slot the session bound), or NULL. */
ww_inputdev *ww_session_keyboard(ww_session *s);

#endif
