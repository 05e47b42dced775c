/* frontend/run.c — `wirewrap run MACHINE`: load a machine description, attach
 * the serial line, run in virtual time under a session (core/session.h), with
 * the monitors of --monitor (frontend/monitor/) polled between chunks and
 * blocked on while the machine is stopped, and take screenshots of the
 * machine's display at given virtual times (--screenshot FILE.png@TIME,
 * repeatable: the same times give the same pictures). Exit: 0 ran to --until
 * (or --expect matched, or nothing was left that could run), 1 the run failed
 * (the --expect string never appeared, a CPU stopped fatally, the serial
 * output could not be written), 2 usage or start-up error (bad machine file,
 * missing ROM: the message names file:line). A machine with a display opens
 * an SDL window (frontend/sdl/) unless --headless is given, paced to real
 * time (frontend/pace.h); without a window it runs flat out (--speed). */
#include "frontend/run.h"
#include "frontend/monitor/monitor.h"
#include "frontend/gdbstub/gdbstub.h"
#include "core/command.h"
#include "core/mdl.h"
#include "core/media.h"
#include "core/session.h"
#include "core/snapshot.h"
#include "core/display.h"
#include "firmware-loaders/prepare.h"
#include "frontend/pace.h"
#include "frontend/overlay/overlay.h"
#include "frontend/overlay/render.h"
#include "frontend/sdl/window.h"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define CHUNK_NS (10 * 1000 * 1000ull)   /* check --expect every 10 ms of guest time */

typedef struct {
    int fd;             /* -1: discard, or not open yet (path set) */
    bool close_fd;
    const char *path;   /* file: target, opened only once the machine loaded */
    GString *pending;   /* bytes written before the file was opened */
    const char *spec;   /* the --serial argument, for messages */
    int error;          /* errno of the first failed write (0: none) */
    ww_machine *m;      /* to stop the run when the sink fails */
    const char *expect;
    GString *tail;      /* last bytes, enough to find expect across writes */
    bool seen;
} serial_sink;

/* Write all of buf; false with errno set when the host side refuses. */
static bool write_all(int fd, const uint8_t *buf, size_t len)
{
    while (len) {
        ssize_t n = write(fd, buf, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            /* a non-blocking stdout (a terminal shared with another program) */
            struct pollfd p = { .fd = fd, .events = POLLOUT };
            poll(&p, 1, -1);
            continue;
        }
        if (n <= 0) {
            if (n == 0)
                errno = EIO;
            return false;
        }
        buf += n;
        len -= (size_t)n;
    }
    return true;
}

static void sink_write(ww_chardev *c, const uint8_t *buf, size_t len)
{
    serial_sink *s = c->opaque;
    if (s->fd < 0 && s->pending)
        g_string_append_len(s->pending, (const char *)buf, (gssize)len);
    else if (s->fd >= 0 && !s->error && !write_all(s->fd, buf, len)) {
        /* Reported once by the run loop, which then stops. */
        s->error = errno;
        if (s->m)
            ww_machine_request_exit(s->m);
    }
    if (s->expect && !s->seen) {
        g_string_append_len(s->tail, (const char *)buf, (gssize)len);
        if (memmem(s->tail->str, s->tail->len, s->expect, strlen(s->expect)))
            s->seen = true;
        size_t keep = strlen(s->expect);
        if (s->tail->len > keep)
            g_string_erase(s->tail, 0, (gssize)(s->tail->len - keep));
    }
}

static void sink_destroy(ww_chardev *c)
{
    serial_sink *s = c->opaque;
    if (s->close_fd && s->fd >= 0)
        close(s->fd);
    if (s->pending)
        g_string_free(s->pending, TRUE);
    g_string_free(s->tail, TRUE);
    g_free(s);
}

/* The file of --serial file:PATH, opened (and truncated) only now that the
 * machine has loaded: a run that fails to start leaves the file as it was. */
static bool sink_open(serial_sink *s)
{
    if (!s->path)
        return true;
    s->fd = open(s->path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOCTTY, 0644);
    if (s->fd < 0) {
        fprintf(stderr, "wirewrap run: --serial %s: %s\n", s->spec, g_strerror(errno));
        return false;
    }
    s->close_fd = true;
    GString *p = s->pending;
    s->pending = NULL;
    if (p->len && !write_all(s->fd, (const uint8_t *)p->str, p->len))
        s->error = errno;
    g_string_free(p, TRUE);
    return true;
}

/* ---- the console's input: stdin to the guest's serial line ------------------
 * With --serial stdio the host's stdin is the other end of the line. A terminal
 * is put in raw mode (every key goes to the guest, Ctrl-C included) and
 * restored on every exit path; Ctrl-A X quits, Ctrl-A Ctrl-A sends Ctrl-A,
 * Ctrl-A H prints the keys — as QEMU's -nographic console does. */

static struct termios saved_tty;
static bool tty_raw;

static void tty_restore(void)
{
    if (tty_raw) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tty);
        tty_raw = false;
    }
}

static void tty_signal(int sig)
{
    tty_restore();
    signal(sig, SIG_DFL);
    raise(sig);
}

static void tty_make_raw(void)
{
    if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &saved_tty) != 0)
        return;
    struct termios t = saved_tty;
    t.c_iflag &= ~(tcflag_t)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
    t.c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
    t.c_cflag &= ~(tcflag_t)(CSIZE | PARENB);
    t.c_cflag |= CS8;
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
    if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &t) != 0)
        return;
    tty_raw = true;
    atexit(tty_restore);
    signal(SIGTERM, tty_signal);
    signal(SIGHUP, tty_signal);
}

typedef struct {
    bool active;      /* reading stdin */
    bool escape;      /* the previous byte was Ctrl-A */
    bool quit;        /* Ctrl-A X */
    bool mux;         /* stdin serves both the serial console and the monitor */
    bool to_monitor;  /* stdin's bytes go to the human monitor */
} console_in;

/* stdin's bytes: Ctrl-A commands, then to the guest or the human monitor. */
static void console_bytes(console_in *ci, ww_chardev *cd, ww_monitor *mon, const uint8_t *buf,
                          size_t n)
{
    uint8_t out[256];
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        uint8_t b = buf[i];
        if (ci->escape) {
            ci->escape = false;
            if (b == 'x' || b == 'X') {
                ci->quit = true;
                break;
            }
            if (b == 'h' || b == 'H' || b == '?') {
                fprintf(stderr, "\r\nC-a x  quit\r\nC-a C-a  send C-a\r\n%sC-a h  this help\r\n",
                        ci->mux ? "C-a c  switch between the serial console and the monitor\r\n" : "");
                continue;
            }
            if ((b == 'c' || b == 'C') && ci->mux) {
                /* QEMU's mux: C-a c flips stdin between console and monitor. */
                if (k && !ci->to_monitor)
                    ww_chardev_receive(cd, out, k);
                else if (k)
                    ww_monitor_human_input(mon, out, k);
                k = 0;
                ci->to_monitor = !ci->to_monitor;
                if (ci->to_monitor)
                    ww_monitor_human_prompt(mon);
                else
                    fprintf(stderr, "\r\n[serial console]\r\n");
                continue;
            }
            if (b != 0x01)
                continue;
        } else if (b == 0x01) {
            ci->escape = true;
            continue;
        }
        out[k++] = b;
        if (k == sizeof out) {
            if (ci->to_monitor)
                ww_monitor_human_input(mon, out, k);
            else
                ww_chardev_receive(cd, out, k);
            k = 0;
        }
    }
    if (k && ci->to_monitor)
        ww_monitor_human_input(mon, out, k);
    else if (k)
        ww_chardev_receive(cd, out, k);
}

/* Whether a monitor can still send a command: sockets listen, or the human
 * monitor's stdin is open. */
static bool monitor_input_left(const console_in *ci, ww_monitor *mon, ww_gdbstub *gdb)
{
    struct pollfd fds[1];
    return gdb || (mon && ((ci->active && ww_monitor_has_human(mon)) ||
                           ww_monitor_pollfds(mon, fds, 1) > 0));
}

/* Wait up to timeout_ms (-1: until something happens) for stdin and the
 * monitor's sockets, and act on what arrived. */
static void io_poll(console_in *ci, ww_chardev *cd, ww_monitor *mon, ww_gdbstub *gdb,
                    int timeout_ms)
{
    struct pollfd fds[64];
    unsigned n = 0;
    if (ci->active)
        fds[n++] = (struct pollfd){ .fd = STDIN_FILENO, .events = POLLIN };
    unsigned first_gdb = n;
    if (gdb)
        n += ww_gdbstub_pollfds(gdb, fds + n, 2);
    unsigned first_mon = n;
    if (mon)
        n += ww_monitor_pollfds(mon, fds + n, (unsigned)G_N_ELEMENTS(fds) - n);
    if (!n) {
        if (timeout_ms)
            poll(NULL, 0, timeout_ms < 0 ? 100 : timeout_ms);
        return;
    }
    if (poll(fds, n, timeout_ms) <= 0)
        return;
    if (ci->active && (fds[0].revents & (POLLIN | POLLHUP | POLLERR))) {
        uint8_t buf[4096];
        ssize_t got = read(STDIN_FILENO, buf, sizeof buf);
        if (got <= 0)
            ci->active = false;   /* end of input: the line (and monitor) stay quiet */
        else
            console_bytes(ci, cd, mon, buf, (size_t)got);
    }
    if (gdb)
        ww_gdbstub_dispatch(gdb, fds + first_gdb, first_mon - first_gdb);
    if (mon)
        ww_monitor_dispatch(mon, fds + first_mon, n - first_mon);
}

/* Whether a CPU may still execute: one with a clock that did not stop at
 * HLT/STOP in its last slice (before the first slice, none has stopped). */
static bool cpu_may_run(ww_machine *m, bool *has_cpu)
{
    ww_chip *const *chips;
    unsigned n = ww_machine_chips(m, &chips);
    bool may = false;
    *has_cpu = false;
    for (unsigned i = 0; i < n; i++) {
        ww_cpu *c = ww_cpu_of(chips[i]);
        if (c && c->clock_hz) {
            *has_cpu = true;
            may |= c->stop != WW_STOP_HALT;
        }
    }
    return may;
}

static double start_seconds;

void ww_run_note_start(void)
{
    start_seconds = g_get_monotonic_time() / 1e6;
}

/* --screenshot FILE.png@TIME, in the order of their times. */
typedef struct {
    char *path;
    ww_time at;
} shot;

static gint shot_cmp(gconstpointer a, gconstpointer b)
{
    const shot *x = a, *y = b;
    return x->at < y->at ? -1 : x->at > y->at;
}

/* What --screenshot draws: the display, and the overlay over it when open. */
typedef struct {
    ww_display *d;
    ww_overlay *ov;
    ww_ov_renderer *r;
} shot_src;

/* Take every screenshot due by now; false (message printed) on a failed write. */
static bool take_shots(GArray *shots, guint *next, const shot_src *src, ww_time now)
{
    for (; *next < shots->len; (*next)++) {
        shot *sh = &g_array_index(shots, shot, *next);
        if (sh->at > now)
            break;
        ww_display_update(src->d);
        GError *e = NULL;
        bool ok = src->ov && ww_overlay_is_open(src->ov)
                  ? (ww_overlay_refresh(src->ov),
                     ww_ov_screenshot(src->r, src->ov, src->d, sh->path, NULL, &e))
                  : ww_display_save_png(src->d, sh->path, &e);
        if (!ok) {
            fprintf(stderr, "wirewrap run: --screenshot %s\n", e->message);
            g_error_free(e);
            (*next)++;
            return false;
        }
    }
    return true;
}

/* A <disk id=…> slot of that name: checked before the image is opened. */
static bool disk_slot_known(ww_machine *m, const char *id)
{
    ww_backend_slot *const *sl;
    unsigned n = ww_machine_backend_slots(m, &sl);
    for (unsigned k = 0; k < n; k++)
        if (sl[k]->type == WW_BACKEND_DISK && sl[k]->id && !strcmp(sl[k]->id, id))
            return true;
    return false;
}

/* OPT FILE@TIME (--save-state, --screenshot): the file and a virtual time
 * with a unit; false with the message printed. */
static bool parse_file_at(const char *opt, const char *example, const char *v, char **file,
                          ww_time *t)
{
    const char *at = strrchr(v, '@');
    char *what = g_strdup_printf("%s FILE@TIME", opt);
    char *doc = g_strdup_printf("a virtual time with a unit, e.g. %s@2s", example);
    ww_num_option at_opt = { what, WW_UNIT_NS, true, 0, WW_TIME_NEVER - 1, doc };
    GError *e = NULL;
    uint64_t n = 0;
    bool ok = at && at != v && ww_command_parse_uint(&at_opt, at + 1, &n, &e);
    if (!ok && e)
        fprintf(stderr, "wirewrap run: %s %s: %s\n", opt, v, e->message);
    else if (!ok)
        fprintf(stderr, "wirewrap run: %s %s: expected FILE@TIME, e.g. %s@2s\n", opt, v,
                example);
    g_clear_error(&e);
    g_free(what);
    g_free(doc);
    if (ok) {
        *file = g_strndup(v, (gsize)(at - v));
        *t = n;
    }
    return ok;
}

static int usage(FILE *f)
{
    fprintf(f, "usage: wirewrap run MACHINE [-p NAME=VALUE]... [--headless]\n"
               "         [--serial stdio|file:PATH|none] [--until TIME] [--expect STRING]\n"
               "         [--rom-path DIR]... [--load-state FILE] [--save-state FILE@TIME]\n"
               "         [--kernel FILE [--initrd FILE] [--append STR]]\n"
               "         [--monitor stdio|unix:PATH|tcp:[HOST:]PORT]... [--stats]\n"
               "         [--screenshot FILE.png@TIME]... [--speed realtime|max] [--overlay]\n"
               "         [--scale integer|aspect] [--fullscreen]\n"
               "         [--gdb tcp:[HOST:]PORT|unix:PATH] [--stopped]\n"
               "         [--disk ID=PATH[,format=raw|qcow2|iso][,snapshot=on][,readonly=on]]...\n"
               "MACHINE is a file or a name like pc/q35 (machines/pc/q35.xml).\n"
               "--until 2s stops at that virtual time (a unit is required: ns, us, ms, s;\n"
               "  default: until nothing is left that could run).\n"
               "--serial file:PATH is created or truncated once the machine has loaded; a\n"
               "  failed write stops the run with exit status 1.\n"
               "--expect STR exits 0 once STR appears on the serial line, 1 if --until passes.\n"
               "--kernel/--initrd/--append boot a Linux kernel directly (as QEMU's -kernel).\n"
               "--disk ID=PATH attaches an image to the machine's <disk id=ID> slot (pc/q35:\n"
               "  sata0-sata5). The format is probed unless given (qcow2 by its magic, an ISO\n"
               "  9660 image is a CD-ROM, else raw); snapshot=on sends writes to a temporary\n"
               "  overlay and leaves the image untouched. An image you may not write is\n"
               "  attached read-only; a comma in PATH is written twice.\n"
               "--stats prints a line on stderr when the first guest instruction runs and\n"
               "  virtual vs host time at the end.\n"
               "--load-state FILE starts from a saved state of the same machine (same file and\n"
               "  parameters); --save-state FILE@TIME saves one at that virtual time (FILE is\n"
               "  written whole or not at all; repeatable).\n"
               "--screenshot FILE.png@TIME writes the machine's display (its <display>) as a PNG\n"
               "  at that virtual time (repeatable; the same times give the same pictures);\n"
               "  without --until, --expect or a monitor the run ends after the last one.\n"
               "With --serial stdio, stdin is the other end of the serial line (a terminal\n"
               "  is switched to raw mode while the machine runs): Ctrl-A X quits, Ctrl-A\n"
               "  Ctrl-A sends Ctrl-A. The run ends with status 0 when the guest powers off.\n"
               "--monitor stdio is the human monitor on the terminal (`help` lists its\n"
               "  commands; with --serial stdio too, Ctrl-A C switches between them);\n"
               "  unix:PATH and tcp:PORT serve the JSON protocol (QMP-like; `wirewrap ctl`\n"
               "  and libwirewrap-client speak it). A unix socket is created 0600 and its\n"
               "  directory must be writable by you only; TCP listens on 127.0.0.1 unless\n"
               "  a host is given (tcp:HOST:PORT, with a warning). With a monitor, a\n"
               "  machine that stops (breakpoint, fatal CPU stop, nothing left to run)\n"
               "  waits for commands instead of ending.\n"
               "A machine with a display opens a window (SDL) unless --headless is given; with\n"
               "  no display to open it on (no X or Wayland) it says so and runs headless.\n"
               "  In the window the keyboard and mouse go to the guest. Keys of the window:\n"
               "    F12         the debugger overlay: chips, registers with decoded fields,\n"
               "                CPU, disassembly, memory, breakpoints (F5 run/pause, F10 step,\n"
               "                F9 breakpoint), IRQ/DMA timeline; Tab moves between panels,\n"
               "                ':' takes monitor commands. The guest never sees F12.\n"
               "    Ctrl+Alt    release the mouse (a click in the window grabs it)\n"
               "    Ctrl+Alt+F  fullscreen            Ctrl+Alt+S  integer / aspect scaling\n"
               "  Closing the window ends the run (status 0).\n"
               "--speed realtime keeps virtual time in step with the host clock and sleeps\n"
               "  while the guest idles (the default with a window); max runs flat out (the\n"
               "  default headless: tests, benchmarks).\n"
               "--overlay opens the debugger overlay from the start (headless too, so\n"
               "  --screenshot captures it); --scale picks the window's scaling (default\n"
               "  integer); --fullscreen starts fullscreen.\n"
               "--gdb tcp:127.0.0.1:PORT serves gdb's remote protocol (target remote :PORT;\n"
               "  the CPUs are threads; `monitor CMD` runs a monitor command); the machine\n"
               "  stops when gdb attaches. --stopped starts the machine stopped (continue it\n"
               "  from gdb or the monitor).\n");
    return f == stdout ? 0 : 2;
}

int ww_run_main(int argc, char **argv)
{
    GPtrArray *params = g_ptr_array_new();
    GPtrArray *rom_path = g_ptr_array_new();
    GPtrArray *monitors = g_ptr_array_new();
    GPtrArray *disks = g_ptr_array_new();      /* --disk ID=SPEC */
    GPtrArray *opened = g_ptr_array_new();     /* the ww_disks, freed after the machine */
    const char *machine = NULL, *serial = "stdio", *expect = NULL, *load_state = NULL;
    const char *kernel = NULL, *initrd = NULL, *append = NULL, *gdb_spec = NULL;
    bool start_stopped = false;
    /* --save-state FILE@TIME, repeatable: kept sorted by time. */
    GPtrArray *saves = g_ptr_array_new_with_free_func(g_free);
    GArray *save_times = g_array_new(FALSE, FALSE, sizeof(ww_time));
    GArray *shots = g_array_new(FALSE, FALSE, sizeof(shot));
    ww_display *disp = NULL;
    guint next_shot = 0;
    ww_time until = WW_TIME_NEVER;
    bool stats = false, headless = false, overlay_on = false, fullscreen = false, aspect = false;
    int speed = -1;   /* -1 default, 0 max, 1 realtime */
    ww_overlay *ov = NULL;
    ww_ov_renderer *ov_render = NULL;
    ww_sdl *ui = NULL;
    int rc = 2;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool has_next = i + 1 < argc;
        bool takes_value = !strcmp(a, "-p") || !strcmp(a, "--serial") ||
                           !strcmp(a, "--expect") || !strcmp(a, "--rom-path") ||
                           !strcmp(a, "--until") || !strcmp(a, "--load-state") ||
                           !strcmp(a, "--save-state") || !strcmp(a, "--kernel") ||
                           !strcmp(a, "--initrd") || !strcmp(a, "--append") ||
                           !strcmp(a, "--monitor") || !strcmp(a, "--screenshot") ||
                           !strcmp(a, "--speed") || !strcmp(a, "--scale") ||
                           !strcmp(a, "--gdb") || !strcmp(a, "--disk");
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            rc = usage(stdout);
            goto out;
        } else if (takes_value && !has_next) {
            fprintf(stderr, "wirewrap run: %s needs a value; `wirewrap run --help` lists the "
                    "options\n", a);
            goto out;
        } else if (!strcmp(a, "-p")) {
            g_ptr_array_add(params, argv[++i]);
        } else if (!strcmp(a, "--stats")) {
            stats = true;
        } else if (!strcmp(a, "--headless")) {
            headless = true;
        } else if (!strcmp(a, "--overlay")) {
            overlay_on = true;
        } else if (!strcmp(a, "--fullscreen")) {
            fullscreen = true;
        } else if (!strcmp(a, "--speed") || !strcmp(a, "--scale")) {
            const char *v = argv[++i];
            bool sp = !strcmp(a, "--speed");
            if (sp && (!strcmp(v, "realtime") || !strcmp(v, "max"))) {
                speed = !strcmp(v, "realtime");
            } else if (!sp && (!strcmp(v, "integer") || !strcmp(v, "aspect"))) {
                aspect = !strcmp(v, "aspect");
            } else {
                fprintf(stderr, "wirewrap run: %s %s: expected %s\n", a, v,
                        sp ? "realtime or max" : "integer or aspect");
                goto out;
            }
        } else if (!strcmp(a, "--serial")) {
            serial = argv[++i];
        } else if (!strcmp(a, "--expect")) {
            expect = argv[++i];
            if (!*expect) {
                fprintf(stderr, "wirewrap run: --expect needs a non-empty string\n");
                goto out;
            }
        } else if (!strcmp(a, "--kernel")) {
            kernel = argv[++i];
        } else if (!strcmp(a, "--initrd")) {
            initrd = argv[++i];
        } else if (!strcmp(a, "--append")) {
            append = argv[++i];
        } else if (!strcmp(a, "--rom-path")) {
            g_ptr_array_add(rom_path, argv[++i]);
        } else if (!strcmp(a, "--monitor")) {
            g_ptr_array_add(monitors, argv[++i]);
        } else if (!strcmp(a, "--gdb")) {
            gdb_spec = argv[++i];
        } else if (!strcmp(a, "--stopped")) {
            start_stopped = true;
        } else if (!strcmp(a, "--disk")) {
            const char *v = argv[++i], *eq = strchr(v, '=');
            if (!eq || eq == v || !eq[1]) {
                fprintf(stderr, "wirewrap run: --disk %s: expected ID=PATH[,format=…]"
                        "[,snapshot=on], e.g. --disk sata0=disk.qcow2\n", v);
                goto out;
            }
            for (guint k = 0; k < disks->len; k++) {
                const char *o = disks->pdata[k];
                if (!strncmp(o, v, (size_t)(eq - v) + 1)) {   /* the same "ID=" */
                    fprintf(stderr, "wirewrap run: --disk %.*s is given twice (%s, %s)\n",
                            (int)(eq - v), v, o, v);
                    goto out;
                }
            }
            g_ptr_array_add(disks, (gpointer)v);
        } else if (!strcmp(a, "--load-state")) {
            load_state = argv[++i];
        } else if (!strcmp(a, "--save-state")) {
            char *file;
            ww_time t;
            if (!parse_file_at("--save-state", "state.wws", argv[++i], &file, &t))
                goto out;
            guint k = 0;
            while (k < save_times->len && g_array_index(save_times, ww_time, k) <= t)
                k++;
            g_ptr_array_insert(saves, (gint)k, file);
            g_array_insert_val(save_times, k, t);
        } else if (!strcmp(a, "--screenshot")) {
            shot sh;
            if (!parse_file_at("--screenshot", "shot.png", argv[++i], &sh.path, &sh.at))
                goto out;
            g_array_append_val(shots, sh);
        } else if (!strcmp(a, "--until")) {
            static const ww_num_option until_opt = {
                "--until", WW_UNIT_NS, true, 0, WW_TIME_NEVER - 1,
                "a virtual time with a unit (ns, us, ms or s), e.g. 2s or 500ms" };
            GError *e = NULL;
            uint64_t t;
            if (!ww_command_parse_uint(&until_opt, argv[++i], &t, &e)) {
                fprintf(stderr, "wirewrap run: %s\n", e->message);
                g_error_free(e);
                goto out;
            }
            until = t;
        } else if (a[0] != '-' && !machine) {
            machine = a;
        } else {
            fprintf(stderr, "wirewrap run: unexpected argument '%s'\n", a);
            usage(stderr);
            goto out;
        }
    }
    if (!machine) {
        usage(stderr);
        goto out;
    }
    const char *path = NULL;
    if (g_str_has_prefix(serial, "file:")) {
        path = serial + 5;
        if (!*path) {
            fprintf(stderr, "wirewrap run: --serial file: needs a path, e.g. file:serial.log\n");
            goto out;
        }
    } else if (strcmp(serial, "stdio") && strcmp(serial, "none")) {
        fprintf(stderr, "wirewrap run: --serial %s: expected stdio, file:PATH or none\n", serial);
        goto out;
    }
    serial_sink *s = g_new0(serial_sink, 1);
    s->fd = !strcmp(serial, "stdio") ? STDOUT_FILENO : -1;
    s->path = path;
    s->pending = path ? g_string_new(NULL) : NULL;
    s->spec = serial;
    s->expect = expect;
    s->tail = g_string_new(NULL);
    ww_chardev *cd = g_new0(ww_chardev, 1);
    cd->write = sink_write;
    cd->destroy = sink_destroy;
    cd->opaque = s;

    g_ptr_array_add(params, NULL);
    g_ptr_array_add(rom_path, NULL);
    ww_mdl_opts opts = { .rom_path = (const char *const *)rom_path->pdata, .serial = cd,
                         .kernel = kernel, .initrd = initrd, .append = append };
    GError *err = NULL;
    ww_machine *m = ww_mdl_load(machine, (const char *const *)params->pdata, &opts, &err);
    if (m && !ww_firmware_prepare(m, &opts, &err)) {
        ww_machine_free(m);
        m = NULL;
    }
    if (!m) {
        fprintf(stderr, "%s\n", err->message);
        g_error_free(err);
        ww_chardev_free(cd);
        goto out;
    }
    for (guint i = 0; i < disks->len; i++) {
        const char *v = disks->pdata[i], *eq = strchr(v, '=');
        char *id = g_strndup(v, (gsize)(eq - v));
        if (!disk_slot_known(m, id)) {
            GString *have = g_string_new(NULL);
            ww_backend_slot *const *sl;
            unsigned n = ww_machine_backend_slots(m, &sl);
            for (unsigned k = 0; k < n; k++)
                if (sl[k]->type == WW_BACKEND_DISK && sl[k]->id)
                    g_string_append_printf(have, "%s%s", have->len ? ", " : "", sl[k]->id);
            fprintf(stderr, "wirewrap run: --disk %s: the machine has no disk slot '%s' (%s%s)\n",
                    v, id, have->len ? "it has " : "it has none", have->str);
            g_string_free(have, TRUE);
            g_free(id);
            ww_machine_free(m);
            ww_chardev_free(cd);
            goto out;
        }
        ww_disk *d = ww_media_open_spec(eq + 1, &err);
        bool ok = d && ww_machine_bind_id(m, id, d, &err);
        if (d)
            g_ptr_array_add(opened, d);
        if (!ok)
            fprintf(stderr, "wirewrap run: --disk %s: %s\n", v, err->message);
        g_clear_error(&err);
        g_free(id);
        if (!ok) {
            ww_machine_free(m);
            ww_chardev_free(cd);
            goto out;
        }
    }
    if (load_state && !ww_snapshot_load(m, load_state, &err)) {
        fprintf(stderr, "wirewrap run: --load-state %s\n", err->message);
        g_error_free(err);
        ww_machine_free(m);
        ww_chardev_free(cd);
        goto out;
    }
    bool has_display = false;
    {
        ww_backend_slot *const *slots;
        unsigned ns = ww_machine_backend_slots(m, &slots);
        for (unsigned k = 0; k < ns; k++)
            has_display |= slots[k]->type == WW_BACKEND_DISPLAY;
    }
    if (has_display && (!headless || overlay_on) && !shots->len) {
        /* the window's (and the overlay's) picture */
        disp = ww_display_new();
        if (!ww_machine_bind(m, WW_BACKEND_DISPLAY, 0, disp, &err)) {
            fprintf(stderr, "wirewrap run: %s\n", err->message);
            g_clear_error(&err);
            ww_machine_free(m);
            ww_chardev_free(cd);
            goto out;
        }
    }
    if (shots->len) {
        g_array_sort(shots, shot_cmp);
        disp = ww_display_new();
        if (!ww_machine_bind(m, WW_BACKEND_DISPLAY, 0, disp, &err)) {
            fprintf(stderr, "wirewrap run: --screenshot: %s has no display to take it from "
                    "(%s); expected a machine with a <display>\n", machine, err->message);
            g_clear_error(&err);
            ww_machine_free(m);
            ww_chardev_free(cd);
            goto out;
        }
        if (until == WW_TIME_NEVER && !expect && !monitors->len)
            until = g_array_index(shots, shot, shots->len - 1).at;
    }
    if (!sink_open(s)) {
        ww_machine_free(m);
        ww_chardev_free(cd);
        goto out;
    }
    s->m = m;
    ww_session *sess = ww_session_new(m, cd);
    ww_monitor *mon = monitors->len ? ww_monitor_new(sess) : NULL;
    for (guint i = 0; i < monitors->len; i++)
        if (!ww_monitor_add(mon, monitors->pdata[i], &err)) {
            fprintf(stderr, "wirewrap run: %s\n", err->message);
            g_clear_error(&err);
            ww_monitor_free(mon);
            ww_session_free(sess);
            ww_machine_free(m);
            ww_chardev_free(cd);
            goto out;
        }
    ww_gdbstub *gdb = NULL;
    if (gdb_spec && !(gdb = ww_gdbstub_new(sess, gdb_spec, &err))) {
        fprintf(stderr, "wirewrap run: %s\n", err->message);
        g_clear_error(&err);
        ww_monitor_free(mon);
        ww_session_free(sess);
        ww_machine_free(m);
        ww_chardev_free(cd);
        goto out;
    }
    if (start_stopped)
        ww_session_stop(sess, "user");
    if (overlay_on || (has_display && !headless)) {
        ov = ww_overlay_new(sess);
        ov_render = ww_ov_renderer_new();
    }
    if (overlay_on) {
        /* Headless, the overlay needs its font now, not at the first screenshot. */
        uint32_t probe[1];
        ww_overlay_set_open(ov, true);
        if (!ww_ov_render(ov_render, ov, probe, 1, 1, 4, NULL, &err)) {
            fprintf(stderr, "wirewrap run: --overlay: %s\n", err->message);
            g_clear_error(&err);
            ww_overlay_free(ov);
            ww_ov_renderer_free(ov_render);
            ov = NULL;
            ov_render = NULL;
            ww_gdbstub_free(gdb);
            ww_monitor_free(mon);
            ww_session_free(sess);
            ww_machine_free(m);
            ww_chardev_free(cd);
            goto out;
        }
    }
    if (has_display && !headless) {
        ww_sdl_opts so = { .fullscreen = fullscreen, .aspect = aspect };
        ui = ww_sdl_open(sess, disp, ov, &so, &err);
        if (!ui) {
            fprintf(stderr, "wirewrap run: no window (%s); running headless (--headless says "
                    "so without this message)\n", err->message);
            g_clear_error(&err);
        }
    }
    ww_pace pace;
    ww_pace_init(&pace, speed < 0 ? ui != NULL : speed == 1, ww_pace_host_ns(),
                 ww_sched_now(ww_machine_sched(m)));
    shot_src src = { disp, ov, ov_render };
    rc = 0;
    ww_sched *sched = ww_machine_sched(m);
    bool idle_before = false, idle_told = false;
    bool human = mon && ww_monitor_has_human(mon);
    console_in ci = { .active = !strcmp(serial, "stdio") || human,
                      .mux = human && !strcmp(serial, "stdio"),
                      .to_monitor = human && strcmp(serial, "stdio") };
    if (ci.active)
        tty_make_raw();
    if (human)
        ww_monitor_human_set_tty(mon, tty_raw);
    if (ci.mux)
        fprintf(stderr, "wirewrap run: Ctrl-A C switches between the serial console and the "
                "monitor\r\n");
    if (ci.to_monitor)
        ww_monitor_human_prompt(mon);
    /* --stats: a marker the start-up benchmark times (bench/boot-pc), printed
     * right before the first slice, and a summary at the end. */
    double host0 = g_get_monotonic_time() / 1e6;
    if (stats)
        fprintf(stderr, "wirewrap run: first guest instruction (start-up %.1f ms since main)\n",
                (host0 - (start_seconds ? start_seconds : host0)) * 1e3);
    while (!(expect && s->seen) && !s->error && !ci.quit) {
        ww_session_state st = ww_session_state_get(sess);
        if (st == WW_SESSION_SHUTDOWN)
            break;      /* the guest powered off, or `quit` */
        ww_time now = ww_sched_now(sched);
        if (now >= until)
            break;
        if (st == WW_SESSION_STOPPED) {
            if (ui) {
                /* the window (its overlay) can resume it: keep it alive */
                io_poll(&ci, cd, mon, gdb, 10);
                ww_sdl_events(ui);
                ww_sdl_frame(ui);
                ww_pace_restart(&pace, ww_pace_host_ns(), now);
                continue;
            }
            if (!monitor_input_left(&ci, mon, gdb)) {
                fprintf(stderr, "wirewrap run: the machine is stopped and no monitor input is "
                        "left (stdin ended, no socket); ending at %" G_GUINT64_FORMAT " ns\n", now);
                break;
            }
            io_poll(&ci, cd, mon, gdb, -1);   /* virtual time stands still: wait for commands */
            continue;
        }
        bool has_cpu;
        if (!cpu_may_run(m, &has_cpu) && ww_sched_next(sched) == WW_TIME_NEVER) {
            /* Nothing can ever happen again. A CPU that halted may have been
             * woken by the last timer of its slice: confirm over one more chunk. */
            if (!has_cpu || idle_before) {
                const char *why = has_cpu ? "every CPU is halted with no interrupt or timer "
                                            "pending"
                                          : "the machine has no CPU with a clock and no timer "
                                            "pending";
                if (until == WW_TIME_NEVER && ui) {
                    /* the window stays: the person decides when to close it */
                    io_poll(&ci, cd, mon, gdb, 10);
                    ww_sdl_events(ui);
                    ww_sdl_frame(ui);
                    continue;
                }
                if (until == WW_TIME_NEVER && monitor_input_left(&ci, mon, gdb)) {
                    /* With a monitor, wait for it instead (quit ends the run). */
                    if (!idle_told)
                        fprintf(stderr, "wirewrap run: %s: nothing can run (%s); waiting for "
                                "the monitor\r\n", machine, why);
                    idle_told = true;
                    io_poll(&ci, cd, mon, gdb, -1);
                    continue;
                }
                if (until == WW_TIME_NEVER) {
                    fprintf(stderr, "wirewrap run: %s: nothing can run (%s); stopping at %"
                            G_GUINT64_FORMAT " ns of virtual time\n", machine, why, now);
                } else {
                    fprintf(stderr, "wirewrap run: %s: nothing can run (%s); skipping to "
                            "--until (%" G_GUINT64_FORMAT " ns)\n", machine, why, until);
                    ww_sched_advance(sched, until);
                }
                break;
            }
            idle_before = true;
        } else {
            idle_before = false;
            idle_told = false;
        }
        /* Keyboard input: an idle guest waits for it in real time (so its
         * timers do not race ahead of the person typing); a busy one only
         * looks. The monitor's sockets are served the same way. */
        io_poll(&ci, cd, mon, gdb, !pace.realtime && (idle_before || !cpu_may_run(m, &has_cpu)) ? 10 : 0);
        if (ui)
            ww_sdl_events(ui);
        if (!ww_session_running(sess))
            continue;      /* the monitor or the window stopped it, or quit */
        ww_time next = until - now > CHUNK_NS ? now + CHUNK_NS : until;
        if (saves->len && g_array_index(save_times, ww_time, 0) > now &&
            g_array_index(save_times, ww_time, 0) < next)
            next = g_array_index(save_times, ww_time, 0);
        if (next_shot < shots->len) {
            ww_time t = g_array_index(shots, shot, next_shot).at;
            if (t > now && t < next)
                next = t;
        }
        ww_session_result res = ww_session_run(sess, next);
        bool save_failed = false;
        while (saves->len && ww_sched_now(sched) >= g_array_index(save_times, ww_time, 0)) {
            if (!ww_snapshot_save(m, saves->pdata[0], &err)) {
                fprintf(stderr, "wirewrap run: --save-state: %s\n", err->message);
                g_clear_error(&err);
                rc = 1;
                save_failed = true;
                break;
            }
            g_ptr_array_remove_index(saves, 0);
            g_array_remove_index(save_times, 0);
        }
        if (save_failed)
            break;
        /* Shots first: a monitor client waiting for the time sees them on disk. */
        if (!take_shots(shots, &next_shot, &src, ww_sched_now(sched))) {
            rc = 1;
            break;
        }
        if (mon)
            ww_monitor_idle(mon);
        if (ui) {
            ww_sdl_frame(ui);
            if (ww_pace_note(&pace, ww_pace_host_ns(), ww_sched_now(sched)))
                ww_sdl_set_speed(ui, pace.percent);
        }
        /* --speed realtime: wait for the host clock, serving input meanwhile */
        for (uint64_t wait; (wait = ww_pace_wait_ns(&pace, ww_pace_host_ns(),
                                                   ww_sched_now(sched))) > 0;) {
            io_poll(&ci, cd, mon, gdb, (int)MIN(wait / 1000000 + 1, 10u));
            if (ui) {
                ww_sdl_events(ui);
                ww_sdl_frame(ui);
            }
            if (!ww_session_running(sess))
                break;
        }
        if (res == WW_SESSION_OFF) {
            rc = 0;
            break;
        }
        if (res == WW_SESSION_FATAL) {
            fprintf(stderr, "wirewrap run: a CPU stopped (fatal) at %" G_GUINT64_FORMAT " ns%s\n",
                    ww_sched_now(sched), mon || gdb ? "; the machine is stopped" : "");
            rc = 1;
            if (!mon && !gdb)
                break;
        }
    }
    if (gdb) {
        ww_gdbstub_flush(gdb, 1000);
        ww_gdbstub_free(gdb);
    }
    if (mon) {
        ww_monitor_idle(mon);
        ww_monitor_flush(mon, 1000);   /* the answer to `quit`, the last events */
        ww_monitor_free(mon);
    }
    if (stats) {
        double host = g_get_monotonic_time() / 1e6 - host0;
        ww_time vt = ww_sched_now(sched);
        fprintf(stderr, "wirewrap run: %.3f s of virtual time in %.3f s of host time (%.2fx)\n",
                vt / 1e9, host, host > 0 ? vt / 1e9 / host : 0.0);
    }
    /* Screenshots due at the time the run stopped (--until equal to the last),
     * while the overlay and its session still exist. */
    if (rc == 0 && !take_shots(shots, &next_shot, &src, ww_sched_now(sched)))
        rc = 1;
    ww_sdl_free(ui);
    ww_overlay_free(ov);
    ww_ov_renderer_free(ov_render);
    ww_session_free(sess);
    tty_restore();
    if (rc == 0 && next_shot < shots->len) {
        fprintf(stderr, "wirewrap run: the run ended at %" G_GUINT64_FORMAT " ns, before "
                "--screenshot %s@%" G_GUINT64_FORMAT "ns\n", ww_sched_now(sched),
                g_array_index(shots, shot, next_shot).path,
                g_array_index(shots, shot, next_shot).at);
        rc = 1;
    }
    if (s->error) {
        fprintf(stderr, "wirewrap run: --serial %s: write failed at %" G_GUINT64_FORMAT
                " ns of virtual time: %s; stopping\n", serial, ww_sched_now(sched),
                g_strerror(s->error));
        rc = 1;
    }
    if (expect && !s->seen) {
        if (rc == 0)
            fprintf(stderr, "wirewrap run: '%s' did not appear on the serial line by %"
                    G_GUINT64_FORMAT " ns of virtual time\n", expect, ww_sched_now(sched));
        rc = 1;
    }
    ww_machine_free(m);
    ww_chardev_free(cd);
out:
    g_ptr_array_free(saves, TRUE);
    g_array_free(save_times, TRUE);
    ww_display_free(disp);
    for (guint i = 0; i < shots->len; i++)
        g_free(g_array_index(shots, shot, i).path);
    g_array_free(shots, TRUE);
    for (guint i = 0; i < opened->len; i++)
        ww_disk_free(opened->pdata[i]);   /* after the machine: a clean close of each image */
    g_ptr_array_free(opened, TRUE);
    g_ptr_array_free(disks, TRUE);
    g_ptr_array_free(params, TRUE);
    g_ptr_array_free(rom_path, TRUE);
    g_ptr_array_free(monitors, TRUE);
    return rc;
}

static const ww_command run_cmd = {
    "run", "MACHINE [OPTIONS]", "run a machine: a window for its display (F12: the debugger "
    "overlay), or headless (serial console, virtual time)",
    ww_run_main };
WW_COMMAND_REGISTER(run_cmd)
