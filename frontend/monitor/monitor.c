/* frontend/monitor/monitor.c — `--monitor` endpoints: the human monitor and
 * the JSON protocol's listening sockets and connections (monitor.h).
 *
 * Security: a unix socket is created with mode 0600 (umask while binding,
 * then chmod) in a directory that only the user can write — a directory
 * others can write (/tmp) is refused, since another user could replace the
 * socket under us; TCP listens on 127.0.0.1 unless an address is given, and
 * an address that is not loopback draws a warning. Limits per message are
 * core/qmp.c's (1 MiB, depth 64). A client that stops reading is dropped
 * once 64 MiB of output wait for it, so it cannot make the emulator grow
 * without bound. */
#include "frontend/monitor/monitor.h"
#include "frontend/monitor/human.h"
#include "core/qmp.h"
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define OUT_MAX (64u << 20)   /* output bytes a client may leave unread */

typedef struct {
    int fd;
    char *unix_path;          /* unlinked on free */
    char *spec;
} listener;

typedef struct {
    ww_monitor *mon;
    int fd;
    ww_qmp *qmp;
    GString *out;
    bool dead;
} client;

struct ww_monitor {
    ww_session *s;
    ww_human *human;
    GPtrArray *listeners;     /* listener* */
    GPtrArray *clients;       /* client* */
};

ww_monitor *ww_monitor_new(ww_session *s)
{
    ww_monitor *mon = g_new0(ww_monitor, 1);
    mon->s = s;
    mon->listeners = g_ptr_array_new();
    mon->clients = g_ptr_array_new();
    return mon;
}

static void set_nonblock(int fd)
{
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0)
        fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

/* The directory of path must be a directory owned by us that nobody else can
 * write into. */
static bool private_dir(const char *spec, const char *path, GError **err)
{
    char *dir = g_path_get_dirname(path);
    struct stat st;
    bool ok = false;
    if (stat(dir, &st) != 0)
        g_set_error(err, WW_ERROR, WW_ERROR_IO, "--monitor %s: directory %s: %s", spec, dir,
                    g_strerror(errno));
    else if (!S_ISDIR(st.st_mode))
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "--monitor %s: %s is not a directory", spec, dir);
    else if (st.st_uid != geteuid() || (st.st_mode & (S_IWGRP | S_IWOTH)))
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "--monitor %s: the directory %s can be "
                    "written by %s (mode %04o): another user could replace the socket; use a "
                    "directory only you can write, e.g. $XDG_RUNTIME_DIR or one made with "
                    "mkdir -m 700", spec, dir, st.st_uid != geteuid() ? "another user" : "others",
                    (unsigned)(st.st_mode & 07777));
    else
        ok = true;
    g_free(dir);
    return ok;
}

static int listen_unix(const char *spec, const char *path, GError **err)
{
    struct sockaddr_un a = { .sun_family = AF_UNIX };
    if (!*path || strlen(path) >= sizeof a.sun_path) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "--monitor %s: %s", spec,
                    *path ? "path longer than 107 bytes" : "needs a path, e.g. unix:ww.sock");
        return -1;
    }
    if (!private_dir(spec, path, err))
        return -1;
    strcpy(a.sun_path, path);
    struct stat st;
    if (lstat(path, &st) == 0) {
        if (!S_ISSOCK(st.st_mode)) {
            g_set_error(err, WW_ERROR, WW_ERROR_CONFLICT, "--monitor %s: %s exists and is not a "
                        "socket", spec, path);
            return -1;
        }
        /* A socket nobody answers on is left over from an earlier run. */
        int probe = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        bool live = probe >= 0 && connect(probe, (struct sockaddr *)&a, sizeof a) == 0;
        if (probe >= 0)
            close(probe);
        if (live) {
            g_set_error(err, WW_ERROR, WW_ERROR_CONFLICT, "--monitor %s: another program is "
                        "listening on %s", spec, path);
            return -1;
        }
        unlink(path);
    }
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    mode_t old = umask(0177);
    int rc = fd < 0 ? -1 : bind(fd, (struct sockaddr *)&a, sizeof a);
    umask(old);
    if (rc == 0)
        rc = chmod(path, 0600);
    if (rc == 0)
        rc = listen(fd, 8);
    if (rc != 0) {
        g_set_error(err, WW_ERROR, WW_ERROR_IO, "--monitor %s: %s", spec, g_strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}

static bool is_loopback(const struct sockaddr *sa)
{
    if (sa->sa_family == AF_INET)
        return (ntohl(((const struct sockaddr_in *)sa)->sin_addr.s_addr) >> 24) == 127;
    if (sa->sa_family == AF_INET6) {
        const struct in6_addr *a = &((const struct sockaddr_in6 *)sa)->sin6_addr;
        return IN6_IS_ADDR_LOOPBACK(a) ||
               (IN6_IS_ADDR_V4MAPPED(a) && a->s6_addr[12] == 127);
    }
    return false;
}

static int listen_tcp(const char *spec, const char *hostport, GError **err)
{
    const char *colon = strrchr(hostport, ':');
    char *host = colon && colon != hostport ? g_strndup(hostport, (gsize)(colon - hostport))
                                            : g_strdup("127.0.0.1");
    const char *port = colon ? colon + 1 : hostport;
    bool explicit_host = colon && colon != hostport;
    if (host[0] == '[' && host[strlen(host) - 1] == ']') {   /* [::1]:4444 */
        memmove(host, host + 1, strlen(host));
        host[strlen(host) - 1] = 0;
    }
    struct addrinfo hints = { .ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE }, *res = NULL;
    int rc = *port ? getaddrinfo(host, port, &hints, &res) : EAI_NONAME;
    if (rc) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "--monitor %s: %s; expected tcp:PORT or "
                    "tcp:HOST:PORT", spec, *port ? gai_strerror(rc) : "no port");
        g_free(host);
        return -1;
    }
    int fd = -1, e = 0;
    bool loop = true;
    for (struct addrinfo *r = res; r && fd < 0; r = r->ai_next) {
        fd = socket(r->ai_family, r->ai_socktype | SOCK_CLOEXEC, r->ai_protocol);
        if (fd < 0)
            continue;
        int one = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (bind(fd, r->ai_addr, r->ai_addrlen) < 0 || listen(fd, 8) < 0) {
            e = errno;
            close(fd);
            fd = -1;
            continue;
        }
        loop = is_loopback(r->ai_addr);
    }
    freeaddrinfo(res);
    if (fd < 0) {
        g_set_error(err, WW_ERROR, WW_ERROR_IO, "--monitor %s: %s", spec, g_strerror(e));
        g_free(host);
        return -1;
    }
    if (explicit_host && !loop)
        fprintf(stderr, "wirewrap run: warning: --monitor %s listens on %s, not only on this "
                "machine: whoever can reach it controls the emulator and can read and write "
                "files as you (savevm, loadvm)\n", spec, host);
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    if (!strcmp(port, "0") && getsockname(fd, (struct sockaddr *)&ss, &sl) == 0) {
        unsigned p = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
                                                    : ((struct sockaddr_in *)&ss)->sin_port);
        fprintf(stderr, "wirewrap run: monitor listening on tcp:%s:%u\n", host, p);
    }
    g_free(host);
    return fd;
}

bool ww_monitor_add(ww_monitor *mon, const char *spec, GError **err)
{
    if (!strcmp(spec, "stdio")) {
        if (mon->human) {
            g_set_error(err, WW_ERROR, WW_ERROR_CONFLICT, "--monitor stdio given twice");
            return false;
        }
        mon->human = ww_human_new(mon->s);
        return true;
    }
    int fd;
    const char *path = NULL;
    if (g_str_has_prefix(spec, "unix:")) {
        path = spec + 5;
        fd = listen_unix(spec, path, err);
    } else if (g_str_has_prefix(spec, "tcp:")) {
        fd = listen_tcp(spec, spec + 4, err);
    } else {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "--monitor %s: expected stdio, unix:PATH or "
                    "tcp:127.0.0.1:PORT", spec);
        return false;
    }
    if (fd < 0)
        return false;
    set_nonblock(fd);
    listener *l = g_new0(listener, 1);
    *l = (listener){ fd, g_strdup(path), g_strdup(spec) };
    g_ptr_array_add(mon->listeners, l);
    return true;
}

bool ww_monitor_has_human(ww_monitor *mon) { return mon->human != NULL; }

void ww_monitor_human_set_tty(ww_monitor *mon, bool raw_tty)
{
    if (mon->human)
        ww_human_set_tty(mon->human, raw_tty);
}

void ww_monitor_human_input(ww_monitor *mon, const uint8_t *buf, size_t len)
{
    if (mon->human)
        ww_human_input(mon->human, buf, len);
}

void ww_monitor_human_prompt(ww_monitor *mon)
{
    if (mon->human)
        ww_human_prompt(mon->human);
}

/* ---- connections ------------------------------------------------------------------------- */

static void client_flush(client *c)
{
    while (c->out->len && !c->dead) {
        ssize_t n = send(c->fd, c->out->str, c->out->len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        if (n <= 0) {
            c->dead = true;
            return;
        }
        g_string_erase(c->out, 0, n);
    }
}

static void client_send(void *opaque, const char *data, size_t len)
{
    client *c = opaque;
    if (c->dead)
        return;
    g_string_append_len(c->out, data, (gssize)len);
    client_flush(c);
    if (c->out->len > OUT_MAX)
        c->dead = true;      /* it does not read: drop it (freed in ww_monitor_idle) */
}

static void client_free(client *c)
{
    ww_qmp_free(c->qmp);
    close(c->fd);
    g_string_free(c->out, TRUE);
    g_free(c);
}

static void accept_all(ww_monitor *mon, listener *l)
{
    for (;;) {
        int fd = accept4(l->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0)
            return;
        client *c = g_new0(client, 1);
        c->mon = mon;
        c->fd = fd;
        c->out = g_string_new(NULL);
        g_ptr_array_add(mon->clients, c);
        c->qmp = ww_qmp_new(mon->s, client_send, c);   /* sends the greeting */
    }
}

static void client_read(client *c)
{
    char buf[65536];
    for (int rounds = 0; rounds < 64 && !c->dead; rounds++) {
        ssize_t n = read(c->fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        if (n <= 0) {
            c->dead = true;   /* gone, maybe in mid-message: nothing to answer */
            return;
        }
        ww_qmp_feed(c->qmp, buf, (size_t)n);
    }
}

unsigned ww_monitor_pollfds(ww_monitor *mon, struct pollfd *fds, unsigned max)
{
    unsigned n = 0;
    for (guint i = 0; i < mon->listeners->len && n < max; i++)
        fds[n++] = (struct pollfd){ ((listener *)mon->listeners->pdata[i])->fd, POLLIN, 0 };
    for (guint i = 0; i < mon->clients->len && n < max; i++) {
        client *c = mon->clients->pdata[i];
        fds[n++] = (struct pollfd){ c->fd, (short)(POLLIN | (c->out->len ? POLLOUT : 0)), 0 };
    }
    return n;
}

void ww_monitor_dispatch(ww_monitor *mon, const struct pollfd *fds, unsigned n)
{
    for (unsigned k = 0; k < n; k++) {
        if (!fds[k].revents)
            continue;
        for (guint i = 0; i < mon->listeners->len; i++) {
            listener *l = mon->listeners->pdata[i];
            if (l->fd == fds[k].fd)
                accept_all(mon, l);
        }
        for (guint i = 0; i < mon->clients->len; i++) {
            client *c = mon->clients->pdata[i];
            if (c->fd != fds[k].fd)
                continue;
            if (fds[k].revents & POLLOUT)
                client_flush(c);
            if (fds[k].revents & (POLLIN | POLLHUP | POLLERR))
                client_read(c);
        }
    }
    ww_monitor_idle(mon);
}

void ww_monitor_idle(ww_monitor *mon)
{
    if (mon->human)
        ww_human_idle(mon->human);
    for (guint i = mon->clients->len; i-- > 0;) {
        client *c = mon->clients->pdata[i];
        if (!c->dead)
            ww_qmp_drain(c->qmp);
        if (c->dead) {
            g_ptr_array_remove_index(mon->clients, i);
            client_free(c);
        }
    }
}

void ww_monitor_flush(ww_monitor *mon, int timeout_ms)
{
    gint64 end = g_get_monotonic_time() + (gint64)timeout_ms * 1000;
    for (;;) {
        struct pollfd fds[64];
        unsigned n = 0;
        for (guint i = 0; i < mon->clients->len && n < G_N_ELEMENTS(fds); i++) {
            client *c = mon->clients->pdata[i];
            if (!c->dead && c->out->len)
                fds[n++] = (struct pollfd){ c->fd, POLLOUT, 0 };
        }
        gint64 left = (end - g_get_monotonic_time()) / 1000;
        if (!n || left <= 0)
            return;
        if (poll(fds, n, (int)left) <= 0)
            return;
        for (guint i = 0; i < mon->clients->len; i++)
            client_flush(mon->clients->pdata[i]);
    }
}

void ww_monitor_free(ww_monitor *mon)
{
    if (!mon)
        return;
    for (guint i = 0; i < mon->clients->len; i++)
        client_free(mon->clients->pdata[i]);
    for (guint i = 0; i < mon->listeners->len; i++) {
        listener *l = mon->listeners->pdata[i];
        close(l->fd);
        if (l->unix_path)
            unlink(l->unix_path);
        g_free(l->unix_path);
        g_free(l->spec);
        g_free(l);
    }
    g_ptr_array_free(mon->clients, TRUE);
    g_ptr_array_free(mon->listeners, TRUE);
    ww_human_free(mon->human);
    g_free(mon);
}
