/* core/gdb.h — the GDB remote serial protocol of one connection, without I/O
 * (DESIGN.md §9; gdb's manual, "Remote Protocol"). frontend/gdbstub/ owns
 * the sockets; the fuzz harness (tests/fuzz/gdb.c) drives exactly this.
 *
 * The target is the session's machine: its CPUs (of the first CPU's class)
 * are gdb's threads 1, 2, …; the target description is built from that
 * class's register descriptor — every register with a gdb number, in gdb's
 * numbering, grouped into the features gdb expects for the family (i386 core,
 * m68k core + coldfire fp, power core + fpu), then every other CPU register
 * (no gdb number) in a feature of its own; ww_cpu_ops.gdb_alias adds arrays
 * seen through a rotation (x87 ST(i)). Memory is read and written as the
 * selected CPU sees it (its `translate` op first, when it has one); an
 * address that nothing decodes is an error reply. Breakpoints and
 * watchpoints are the session's (core/session.h: `info break` lists them,
 * the run loop stops on them for everyone). Continue and step are the
 * session's too: `c` resumes the session and the stop reply goes out when
 * it stops (breakpoint, watchpoint, Ctrl-C, a monitor's `stop`); `s` steps
 * the selected CPU at once. qRcmd runs a monitor command (core/monitor.c) and
 * sends its human output.
 *
 * Bad input never crashes or blocks: a bad checksum is NAKed ('-'), a packet
 * over WW_GDB_MAX_PACKET bytes is dropped and answered "E01", an unknown
 * command gets the empty reply, malformed arguments "E01"…"E03". */
#ifndef WW_GDB_H
#define WW_GDB_H
#include "core/session.h"

#define WW_GDB_MAX_PACKET 16384   /* the PacketSize we announce (qSupported) */

typedef struct ww_gdb ww_gdb;
/* Where the connection's bytes go. */
typedef void (*ww_gdb_send_fn)(void *opaque, const char *data, size_t len);

/* A new connection: the session is stopped (gdb expects a stopped target)
 * and listened to. */
ww_gdb *ww_gdb_new(ww_session *s, ww_gdb_send_fn send, void *opaque);
void ww_gdb_feed(ww_gdb *g, const void *buf, size_t len);
/* The peer went away: its breakpoints and watchpoints are removed, a machine
 * it stopped runs again (as after `detach`). */
void ww_gdb_free(ww_gdb *g);
/* Whether the connection asked to end (detach, kill): the front end closes it. */
bool ww_gdb_done(ww_gdb *g);

/* The target description of a CPU (what qXfer:features:read:target.xml
 * returns); NULL for a family without gdb support. Caller frees. */
char *ww_gdb_target_xml(ww_cpu *cpu);

#endif
