/* frontend/gdbstub/gdbstub.c — the gdb socket of `wirewrap run --gdb`
 * (gdbstub.h). The listening socket follows the monitor's rules
 * (frontend/monitor/monitor.h: ww_listen_unix/tcp). A debugger that stops
 * reading is dropped once 16 MiB of output wait for it. */
#include "frontend/gdbstub/gdbstub.h"
#include "frontend/monitor/monitor.h"
#include "core/gdb.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define OUT_MAX (16u << 20)

struct ww_gdbstub {
    ww_session *s;
    int lfd;
    char *unix_path;
    int fd;                 /* the attached debugger, -1 */
    ww_gdb *gdb;
    GString *out;
    bool dead;
};

static void set_nonblock(int fd)
{
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0)
        fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

ww_gdbstub *ww_gdbstub_new(ww_session *s, const char *spec, GError **err)
{
    int fd;
    const char *path = NULL;
    if (g_str_has_prefix(spec, "unix:")) {
        path = spec + 5;
        fd = ww_listen_unix("--gdb", spec, path, err);
    } else if (g_str_has_prefix(spec, "tcp:")) {
        fd = ww_listen_tcp("--gdb", spec, spec + 4, err);
    } else {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "--gdb %s: expected tcp:127.0.0.1:PORT, "
                    "tcp:PORT or unix:PATH", spec);
        return NULL;
    }
    if (fd < 0)
        return NULL;
    set_nonblock(fd);
    ww_gdbstub *g = g_new0(ww_gdbstub, 1);
    g->s = s;
    g->lfd = fd;
    g->unix_path = g_strdup(path);
    g->fd = -1;
    g->out = g_string_new(NULL);
    return g;
}

static void flush_out(ww_gdbstub *g)
{
    while (g->out->len && !g->dead) {
        ssize_t n = send(g->fd, g->out->str, g->out->len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        if (n <= 0) {
            g->dead = true;
            return;
        }
        g_string_erase(g->out, 0, n);
    }
}

static void send_fn(void *opaque, const char *data, size_t len)
{
    ww_gdbstub *g = opaque;
    if (g->dead)
        return;
    g_string_append_len(g->out, data, (gssize)len);
    flush_out(g);
    if (g->out->len > OUT_MAX)
        g->dead = true;
}

static void drop(ww_gdbstub *g)
{
    if (g->fd < 0)
        return;
    flush_out(g);
    ww_gdb_free(g->gdb);
    g->gdb = NULL;
    close(g->fd);
    g->fd = -1;
    g->dead = false;
    g_string_truncate(g->out, 0);
}

unsigned ww_gdbstub_pollfds(ww_gdbstub *g, struct pollfd *fds, unsigned max)
{
    unsigned n = 0;
    if (n < max)
        fds[n++] = (struct pollfd){ g->lfd, POLLIN, 0 };
    if (g->fd >= 0 && n < max)
        fds[n++] = (struct pollfd){ g->fd, (short)(POLLIN | (g->out->len ? POLLOUT : 0)), 0 };
    return n;
}

void ww_gdbstub_dispatch(ww_gdbstub *g, const struct pollfd *fds, unsigned n)
{
    for (unsigned k = 0; k < n; k++) {
        if (!fds[k].revents)
            continue;
        if (fds[k].fd == g->lfd) {
            int fd;
            while ((fd = accept4(g->lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
                if (g->fd >= 0) {    /* one debugger at a time */
                    static const char busy[] = "$E10#a6";
                    (void)!write(fd, busy, sizeof busy - 1);
                    close(fd);
                    continue;
                }
                g->fd = fd;
                g->gdb = ww_gdb_new(g->s, send_fn, g);
            }
        } else if (fds[k].fd == g->fd && g->fd >= 0) {
            if (fds[k].revents & POLLOUT)
                flush_out(g);
            if (fds[k].revents & (POLLIN | POLLHUP | POLLERR)) {
                char buf[65536];
                for (int rounds = 0; rounds < 64 && !g->dead; rounds++) {
                    ssize_t got = read(g->fd, buf, sizeof buf);
                    if (got < 0 && errno == EINTR)
                        continue;
                    if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
                        break;
                    if (got <= 0) {
                        g->dead = true;
                        break;
                    }
                    ww_gdb_feed(g->gdb, buf, (size_t)got);
                    if (ww_gdb_done(g->gdb))
                        break;
                }
            }
        }
    }
    if (g->fd >= 0 && (g->dead || ww_gdb_done(g->gdb)))
        drop(g);
}

bool ww_gdbstub_attached(ww_gdbstub *g) { return g && g->fd >= 0; }

void ww_gdbstub_flush(ww_gdbstub *g, int timeout_ms)
{
    gint64 end = g_get_monotonic_time() + (gint64)timeout_ms * 1000;
    while (g->fd >= 0 && g->out->len && !g->dead) {
        gint64 left = (end - g_get_monotonic_time()) / 1000;
        struct pollfd p = { g->fd, POLLOUT, 0 };
        if (left <= 0 || poll(&p, 1, (int)left) <= 0)
            return;
        flush_out(g);
    }
}

void ww_gdbstub_free(ww_gdbstub *g)
{
    if (!g)
        return;
    drop(g);
    close(g->lfd);
    if (g->unix_path)
        unlink(g->unix_path);
    g_free(g->unix_path);
    g_string_free(g->out, TRUE);
    g_free(g);
}
