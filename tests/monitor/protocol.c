/* tests/monitor/protocol.c — the JSON protocol over a unix socket, driven
 * with libwirewrap-client against `wirewrap run … --monitor unix:PATH`:
 *   - test/m68k-shell (runs today): wait-serial sees the shell's prompt, `type`
 *     runs a command and its answer is read, the shell's `pic` command
 *     programs the 8259 and `info chip pic0` returns decoded fields equal to
 *     the human view, STOP/RESUME/RESET/BREAKPOINT/SHUTDOWN events arrive, a
 *     watchpoint on the PIC stops the guest;
 *   - pc/q35 with the i386 Linux guest: the same on the busybox prompt, run by
 *     tests/machines/pc-monitor.test.sh (which skips while the PC cannot boot);
 *   - socket permissions, the 1 MiB and depth-64 limits and bad input on a
 *     live connection, which stays usable. */
#include "tests/harness.h"
#include "client/wirewrap-client.h"
#include "core/monitor.h"
#include "core/descdoc.h"
#include <glib/gstdio.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct {
    char *dir, *sock, *serial;
    GPid pid;
    ww_client *c;
} server;

static const char *wirewrap_bin(void)
{
    static char *bin;
    if (!bin) {
        const char *e = getenv("WIREWRAP_BIN");
        bin = e ? g_strdup(e) : g_build_filename(ww_test_build_dir(), "wirewrap", NULL);
    }
    return bin;
}

/* Start `wirewrap run MACHINE --serial file:… --monitor unix:… EXTRA…` and
 * connect; skips when the machine cannot load here (firmware not built). */
static void server_start(server *sv, const char *machine, const char *const *extra)
{
    GError *err = NULL;
    sv->dir = g_dir_make_tmp("ww-monitor-XXXXXX", &err);   /* mode 0700 */
    WW_CHECK_NOERR(sv->dir, err);
    sv->sock = g_build_filename(sv->dir, "m.sock", NULL);
    sv->serial = g_build_filename(sv->dir, "serial", NULL);
    GPtrArray *argv = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(argv, g_strdup(wirewrap_bin()));
    g_ptr_array_add(argv, g_strdup("run"));
    g_ptr_array_add(argv, g_strdup(machine));
    g_ptr_array_add(argv, g_strdup("--serial"));
    g_ptr_array_add(argv, g_strdup_printf("file:%s", sv->serial));
    g_ptr_array_add(argv, g_strdup("--monitor"));
    g_ptr_array_add(argv, g_strdup_printf("unix:%s", sv->sock));
    for (const char *const *e = extra; e && *e; e++)
        g_ptr_array_add(argv, g_strdup(*e));
    g_ptr_array_add(argv, NULL);
    char *errlog = g_build_filename(sv->dir, "stderr", NULL);
    WW_CHECK_NOERR(g_spawn_async(NULL, (char **)argv->pdata, NULL,
                                 G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDIN_FROM_DEV_NULL,
                                 NULL, NULL, &sv->pid, &err), err);
    g_ptr_array_free(argv, TRUE);
    /* The socket appears once the machine has loaded. */
    for (int i = 0; i < 1000 && !sv->c; i++) {
        int status;
        if (waitpid(sv->pid, &status, WNOHANG) == sv->pid) {
            sv->pid = 0;
            ww_test_skip("wirewrap run %s ended before its monitor was up (exit %d)", machine,
                         WIFEXITED(status) ? WEXITSTATUS(status) : -1);
        }
        if (g_file_test(sv->sock, G_FILE_TEST_EXISTS)) {
            sv->c = ww_client_connect(sv->sock, &err);
            WW_CHECK_NOERR(sv->c, err);
        } else {
            g_usleep(10000);
        }
    }
    g_free(errlog);
    WW_CHECK_MSG(sv->c, "no monitor socket after 10 s");
    ww_client_set_timeout(sv->c, 120000);
}

/* quit, and the run ends with status 0. */
static void server_stop(server *sv)
{
    GError *err = NULL;
    JsonNode *r = ww_client_execute(sv->c, "quit", NULL, &err);
    WW_CHECK_NOERR(r, err);
    json_node_unref(r);
    ww_client_free(sv->c);
    int status = -1;
    for (int i = 0; i < 1000 && sv->pid; i++) {
        if (waitpid(sv->pid, &status, WNOHANG) == sv->pid)
            sv->pid = 0;
        else
            g_usleep(10000);
    }
    if (sv->pid) {
        kill(sv->pid, SIGKILL);
        waitpid(sv->pid, &status, 0);
        ww_test_fail_at(__FILE__, __LINE__, "wirewrap run did not end after quit");
    }
    WW_CHECK_MSG(WIFEXITED(status) && WEXITSTATUS(status) == 0, "wirewrap run: status 0x%x", status);
    WW_CHECK(!g_file_test(sv->sock, G_FILE_TEST_EXISTS));     /* removed on exit */
    g_unlink(sv->serial);
    char *e = g_build_filename(sv->dir, "stderr", NULL);
    g_unlink(e);
    g_free(e);
    g_rmdir(sv->dir);
    g_free(sv->dir);
    g_free(sv->sock);
    g_free(sv->serial);
}

static JsonNode *call_ok(ww_client *c, const char *what, JsonNode *r, GError *err)
{
    WW_CHECK_MSG(r, "%s: %s", what, err ? err->message : "no value");
    return r;
}

#define CALL(c, ...) ({ GError *e_ = NULL; JsonNode *r_ = ww_client_call((c), &e_, __VA_ARGS__); \
                        call_ok((c), #__VA_ARGS__, r_, e_); })

static void expect_event(ww_client *c, const char *name, JsonObject **data)
{
    GError *err = NULL;
    bool ok = ww_client_wait_event(c, name, 60000, data, &err);
    WW_CHECK_MSG(ok, "event %s: %s", name, err ? err->message : "timed out");
}

static void wait_serial(ww_client *c, const char *text)
{
    JsonNode *r = CALL(c, "wait-serial", "text", WW_CLIENT_STR, text, "timeout", WW_CLIENT_STR,
                       "600s", NULL);
    WW_CHECK(json_object_get_boolean_member(json_node_get_object(r), "matched"));
    json_node_unref(r);
}

/* The value the human view prints for REG.FIELD ("      FIELD [bits] = V"). */
static char *human_field(const char *text, const char *reg, const char *field)
{
    char **lines = g_strsplit(text, "\n", -1);
    bool in = false;
    char *val = NULL;
    for (char **l = lines; *l && !val; l++) {
        if (!strncmp(*l, "  ", 2) && (*l)[2] != ' ') {
            char **w = g_strsplit_set(*l + 2, " ", 2);
            in = !strcmp(w[0], reg);
            g_strfreev(w);
            continue;
        }
        char name[64], bits[32], v[64];
        if (in && !strncmp(*l, "      ", 6) && sscanf(*l, " %63s %31s = %63s", name, bits, v) == 3 &&
            !strcmp(name, field))
            val = g_strdup(v);
    }
    g_strfreev(lines);
    return val;
}

/* `info chip ID` over the socket, against the human view of it: the text the
 * human monitor prints (`wirewrap ctl` runs the same printer on the reply).
 * Every decoded field must agree. Returns the JSON (caller unrefs). */
static JsonNode *info_chip_matches_human(server *sv, const char *id, unsigned *nfields)
{
    JsonNode *r = CALL(sv->c, "info-chip", "id", WW_CLIENT_STR, id, NULL);
    char *out = NULL, *errout = NULL;
    int status;
    GError *err = NULL;
    char *argv[] = { (char *)wirewrap_bin(), "ctl", sv->sock, "info", "chip", (char *)id, NULL };
    WW_CHECK_NOERR(g_spawn_sync(NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &errout,
                                &status, &err), err);
    WW_CHECK_MSG(g_spawn_check_wait_status(status, NULL), "wirewrap ctl: %s", errout);
    ww_test_log("%s", out);
    *nfields = 0;
    JsonArray *tables = json_object_get_array_member(json_node_get_object(r), "tables");
    for (guint t = 0; t < json_array_get_length(tables); t++) {
        JsonObject *to = json_array_get_object_element(tables, t);
        if (strcmp(json_object_get_string_member(to, "id"), "registers"))
            continue;
        JsonArray *rows = json_object_get_array_member(to, "rows");
        for (guint i = 0; i < json_array_get_length(rows); i++) {
            JsonObject *ro = json_array_get_object_element(rows, i);
            if (!json_object_has_member(ro, "fields"))
                continue;
            const char *reg = json_object_get_string_member(ro, "name");
            JsonArray *fa = json_object_get_array_member(ro, "fields");
            for (guint k = 0; k < json_array_get_length(fa); k++) {
                JsonObject *fo = json_array_get_object_element(fa, k);
                const char *fname = json_object_get_string_member(fo, "name");
                char *hv = human_field(out, reg, fname);
                WW_CHECK_MSG(hv, "%s.%s is not in the human view", reg, fname);
                uint64_t jv;
                if (ww_client_get_uint(json_object_get_member(fo, "value"), &jv))
                    WW_CHECK_MSG(g_ascii_strtoull(hv, NULL, 0) == jv, "%s.%s: JSON %" G_GUINT64_FORMAT
                                 ", human %s", reg, fname, jv, hv);
                else
                    WW_CHECK_STR(hv, json_object_get_string_member(fo, "value"));
                g_free(hv);
                (*nfields)++;
            }
        }
    }
    g_free(out);
    g_free(errout);
    return r;
}

static uint64_t reg_value(JsonNode *doc, const char *reg)
{
    JsonArray *tables = json_object_get_array_member(json_node_get_object(doc), "tables");
    for (guint t = 0; t < json_array_get_length(tables); t++) {
        JsonObject *to = json_array_get_object_element(tables, t);
        JsonArray *rows = json_object_get_array_member(to, "rows");
        for (guint i = 0; i < json_array_get_length(rows); i++) {
            JsonObject *ro = json_array_get_object_element(rows, i);
            uint64_t v;
            if (!strcmp(json_object_get_string_member(ro, "name"), reg) &&
                ww_client_get_uint(json_object_get_member(ro, "value"), &v))
                return v;
        }
    }
    ww_test_fail_at(__FILE__, __LINE__, "no register %s", reg);
}

static void check_run_control(server *sv)
{
    JsonObject *d;
    /* stop / cont: STOP then RESUME, and the status follows. */
    json_node_unref(CALL(sv->c, "stop", NULL));
    expect_event(sv->c, "STOP", &d);
    WW_CHECK_STR(json_object_get_string_member(d, "reason"), "user");
    json_object_unref(d);
    JsonNode *st = CALL(sv->c, "info-status", NULL);
    WW_CHECK_STR(json_object_get_string_member(json_node_get_object(st), "status"), "paused");
    json_node_unref(st);
    json_node_unref(CALL(sv->c, "cont", NULL));
    expect_event(sv->c, "RESUME", NULL);
    st = CALL(sv->c, "info-status", NULL);
    WW_CHECK(json_object_get_boolean_member(json_node_get_object(st), "running"));
    json_node_unref(st);
}

WW_TEST("monitor/protocol/m68k-shell", t_protocol_shell)
{
    server sv = { 0 };
    server_start(&sv, "test/m68k-shell", NULL);
    /* The greeting names the server and offers no capability. */
    JsonObject *g = ww_client_greeting(sv.c);
    WW_CHECK(json_object_has_member(json_object_get_object_member(g, "version"), "wirewrap"));
    WW_CHECK_EQ(json_array_get_length(json_object_get_array_member(g, "capabilities")), 0);

    /* wait-serial sees the prompt; `type` runs a command; its answer is read. */
    wait_serial(sv.c, "/ # ");
    JsonNode *r = CALL(sv.c, "type", "text", WW_CLIENT_STR, "echo $((6*7)) from the monitor\r", NULL);
    WW_CHECK_STR(json_object_get_string_member(json_node_get_object(r), "device"), "serial");
    json_node_unref(r);
    wait_serial(sv.c, "$((6*7)) from the monitor\r\n/ # ");

    /* The shell's `pic` programs the 8259; a watchpoint on its A0=1 port
     * stops the guest at the first write (ICW2 = 08h). */
    r = CALL(sv.c, "watch", "register", WW_CLIENT_STR, "pic0.A0_1", NULL);
    gint64 wid = json_object_get_int_member(json_node_get_object(r), "id");
    json_node_unref(r);
    json_node_unref(CALL(sv.c, "type", "text", WW_CLIENT_STR, "pic\r", NULL));
    JsonObject *d;
    expect_event(sv.c, "BREAKPOINT", &d);
    WW_CHECK_STR(json_object_get_string_member(d, "type"), "watchpoint");
    WW_CHECK_STR(json_object_get_string_member(d, "register"), "pic0.A0_1");
    WW_CHECK_STR(json_object_get_string_member(d, "access"), "write");
    WW_CHECK_EQ(json_object_get_int_member(d, "value"), 0x08);
    json_object_unref(d);
    expect_event(sv.c, "STOP", &d);
    WW_CHECK_STR(json_object_get_string_member(d, "reason"), "watchpoint");
    json_object_unref(d);
    json_node_unref(CALL(sv.c, "delete", "id", WW_CLIENT_UINT, (uint64_t)wid, NULL));
    json_node_unref(CALL(sv.c, "cont", NULL));
    wait_serial(sv.c, "pic programmed\r\n/ # ");

    /* info chip pic0: decoded fields equal to the human view. */
    json_node_unref(CALL(sv.c, "stop", NULL));
    unsigned nfields;
    r = info_chip_matches_human(&sv, "pic0", &nfields);
    WW_CHECK_MSG(nfields >= 40, "only %u fields compared", nfields);
    WW_CHECK_EQ(reg_value(r, "IMR"), 0xfb);
    WW_CHECK_EQ(reg_value(r, "ICW2"), 0x08);
    json_node_unref(r);
    json_node_unref(CALL(sv.c, "cont", NULL));

    check_run_control(&sv);

    /* A breakpoint at the reset entry (0x400), then a reset: RESET, then
     * BREAKPOINT and STOP with the PC there; step goes on from it. */
    r = CALL(sv.c, "break", "addr", WW_CLIENT_UINT, (uint64_t)0x400, NULL);
    json_node_unref(r);
    json_node_unref(CALL(sv.c, "system_reset", NULL));
    expect_event(sv.c, "RESET", &d);
    WW_CHECK_STR(json_object_get_string_member(d, "reason"), "host-qmp-system-reset");
    json_object_unref(d);
    expect_event(sv.c, "BREAKPOINT", &d);
    WW_CHECK_EQ(json_object_get_int_member(d, "pc"), 0x400);
    json_object_unref(d);
    r = CALL(sv.c, "step", "n", WW_CLIENT_UINT, (uint64_t)2, NULL);
    WW_CHECK_EQ(json_object_get_int_member(json_node_get_object(r), "steps"), 2);
    WW_CHECK(json_object_get_int_member(json_node_get_object(r), "pc") > 0x400);
    json_node_unref(r);
    r = CALL(sv.c, "info-break", NULL);
    WW_CHECK_EQ(json_array_get_length(json_node_get_array(r)), 1);
    json_node_unref(r);
    json_node_unref(CALL(sv.c, "delete", "id", WW_CLIENT_UINT, (uint64_t)2, NULL));
    json_node_unref(CALL(sv.c, "cont", NULL));
    wait_serial(sv.c, "wirewrap m68k shell\r\n/ # ");   /* the banner again, after the reset */

    /* Errors come back typed; the connection stays usable. */
    GError *err = NULL;
    WW_CHECK(!ww_client_call(sv.c, &err, "info-chip", "id", WW_CLIENT_STR, "nosuch", NULL));
    WW_CHECK_STR(ww_client_error_class(err), "DeviceNotFound");
    g_clear_error(&err);
    WW_CHECK(!ww_client_call(sv.c, &err, "no-such-command", NULL));
    WW_CHECK_STR(ww_client_error_class(err), "CommandNotFound");
    g_clear_error(&err);
    WW_CHECK(!ww_client_call(sv.c, &err, "x", "addr", WW_CLIENT_STR, "zero", NULL));
    WW_CHECK_MSG(strstr(err->message, "Invalid parameter type for 'addr'"), "%s", err->message);
    g_clear_error(&err);

    /* quit: SHUTDOWN reaches a second client, and the run ends with 0. */
    ww_client *c2 = ww_client_connect(sv.sock, &err);
    WW_CHECK_NOERR(c2, err);
    json_node_unref(CALL(sv.c, "quit", NULL));
    WW_CHECK(ww_client_wait_event(c2, "SHUTDOWN", 10000, &d, &err));
    WW_CHECK_STR(json_object_get_string_member(d, "reason"), "host-qmp-quit");
    json_object_unref(d);
    ww_client_free(c2);
    /* server_stop's quit finds the connection gone or answered: either is fine */
    ww_client_free(sv.c);
    int status = -1;
    waitpid(sv.pid, &status, 0);
    WW_CHECK_MSG(WIFEXITED(status) && WEXITSTATUS(status) == 0, "status 0x%x", status);
    g_unlink(sv.serial);
    char *e = g_build_filename(sv.dir, "stderr", NULL);
    g_unlink(e);
    g_free(e);
    g_rmdir(sv.dir);
    g_free(sv.dir);
    g_free(sv.sock);
    g_free(sv.serial);
}

/* The same on pc/q35 booting Linux to the busybox prompt. Run by
 * tests/machines/pc-monitor.test.sh with WW_PC_KERNEL / WW_PC_INITRD set
 * once pc/q35 boots (that script skips with the reason until then). */
WW_TEST("monitor/protocol/pc-linux", t_protocol_pc)
{
    const char *kernel = getenv("WW_PC_KERNEL"), *initrd = getenv("WW_PC_INITRD");
    if (!kernel || !initrd)
        ww_test_skip("needs WW_PC_KERNEL and WW_PC_INITRD: tests/machines/pc-monitor.test.sh "
                     "runs it once pc/q35 boots");
    /* cryptomgr.notests: as tests/machines/pc-linux.test.sh (a minute less). */
    const char *extra[] = { "--kernel", kernel, "--initrd", initrd, "--append",
                            "console=ttyS0 cryptomgr.notests", "--headless", NULL };
    server sv = { 0 };
    server_start(&sv, "pc/q35", extra);
    /* The boot takes a while on a busy host: the reply to wait-serial comes
     * when the prompt does. */
    ww_client_set_timeout(sv.c, 900000);
    wait_serial(sv.c, "ww-guest# ");
    ww_client_set_timeout(sv.c, 120000);
    json_node_unref(CALL(sv.c, "type", "text", WW_CLIENT_STR, "echo $((6*7))\r", NULL));
    wait_serial(sv.c, "42");
    json_node_unref(CALL(sv.c, "stop", NULL));
    expect_event(sv.c, "STOP", NULL);
    unsigned nfields;
    JsonNode *r = info_chip_matches_human(&sv, "pic0", &nfields);
    WW_CHECK(nfields >= 40);
    json_node_unref(r);
    json_node_unref(CALL(sv.c, "cont", NULL));
    expect_event(sv.c, "RESUME", NULL);
    json_node_unref(CALL(sv.c, "system_reset", NULL));
    expect_event(sv.c, "RESET", NULL);
    server_stop(&sv);
}

/* ---- security and limits on a live connection --------------------------------------------- */

/* A raw connection (no client library): the greeting, then negotiation. */
static int raw_connect(const char *path)
{
    struct sockaddr_un a = { .sun_family = AF_UNIX };
    g_strlcpy(a.sun_path, path, sizeof a.sun_path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    WW_CHECK(fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof a) == 0);
    return fd;
}

static void raw_send(int fd, const char *buf, size_t len)
{
    while (len) {
        ssize_t n = send(fd, buf, len, MSG_NOSIGNAL);
        WW_CHECK_MSG(n > 0, "send failed");
        buf += n;
        len -= (size_t)n;
    }
}

/* The next line from the server (reply or event), as a parsed object. */
static JsonObject *raw_line(int fd, GString *buf)
{
    for (;;) {
        char *nl = memchr(buf->str, '\n', buf->len);
        if (nl) {
            JsonParser *p = json_parser_new();
            GError *err = NULL;
            WW_CHECK_NOERR(json_parser_load_from_data(p, buf->str, nl - buf->str, &err), err);
            JsonObject *o = json_object_ref(json_node_get_object(json_parser_get_root(p)));
            g_object_unref(p);
            g_string_erase(buf, 0, nl - buf->str + 1);
            return o;
        }
        char tmp[4096];
        ssize_t n = recv(fd, tmp, sizeof tmp, 0);
        WW_CHECK_MSG(n > 0, "the server closed the connection");
        g_string_append_len(buf, tmp, n);
    }
}

/* The next reply (events skipped): its error desc, or NULL for a return. */
static char *raw_reply(int fd, GString *buf)
{
    for (;;) {
        JsonObject *o = raw_line(fd, buf);
        if (json_object_has_member(o, "event")) {
            json_object_unref(o);
            continue;
        }
        char *desc = json_object_has_member(o, "error")
                   ? g_strdup(json_object_get_string_member(json_object_get_object_member(o, "error"),
                                                            "desc"))
                   : NULL;
        json_object_unref(o);
        return desc;
    }
}

WW_TEST("monitor/protocol/limits-and-permissions", t_limits)
{
    server sv = { 0 };
    server_start(&sv, "test/m68k-shell", NULL);
    /* The socket is 0600, in a directory only we can write. */
    struct stat st;
    WW_CHECK(stat(sv.sock, &st) == 0);
    WW_CHECK(S_ISSOCK(st.st_mode));
    WW_CHECK_EQ(st.st_mode & 0777, 0600);

    int fd = raw_connect(sv.sock);
    GString *in = g_string_new(NULL);
    JsonObject *greet = raw_line(fd, in);
    WW_CHECK(json_object_has_member(greet, "QMP"));
    json_object_unref(greet);
    /* Before negotiation: commands are refused. */
    const char *early = "{\"execute\": \"info-status\"}\n";
    raw_send(fd, early, strlen(early));
    char *e = raw_reply(fd, in);
    WW_CHECK_MSG(e && strstr(e, "qmp_capabilities"), "%s", e ? e : "(return)");
    g_free(e);
    raw_send(fd, "{\"execute\":\"qmp_capabilities\"}", 30);
    WW_CHECK(!(e = raw_reply(fd, in)));

    /* A message over 1 MiB is refused; the connection stays usable. */
    GString *big = g_string_new("{\"execute\": \"type\", \"arguments\": {\"text\": \"");
    while (big->len <= (1u << 20))
        g_string_append(big, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
    g_string_append(big, "\"}}");
    raw_send(fd, big->str, big->len);
    e = raw_reply(fd, in);
    WW_CHECK_MSG(e && strstr(e, "longer than 1 MiB"), "%s", e ? e : "(return)");
    g_free(e);
    g_string_free(big, TRUE);
    raw_send(fd, "{\"execute\":\"info-status\"}", 25);
    WW_CHECK(!(e = raw_reply(fd, in)));

    /* Nested deeper than 64 is refused; 64 levels are read (and the extra
     * argument then refused by the command's declaration). */
    GString *deep = g_string_new("{\"execute\": \"info-status\", \"arguments\": {\"a\": ");
    for (int i = 0; i < 63; i++)
        g_string_append_c(deep, '[');
    for (int i = 0; i < 63; i++)
        g_string_append_c(deep, ']');
    g_string_append(deep, "}}");                 /* 1 + 1 + 63 = 65 levels */
    raw_send(fd, deep->str, deep->len);
    e = raw_reply(fd, in);
    WW_CHECK_MSG(e && strstr(e, "deeper than 64"), "%s", e ? e : "(return)");
    g_free(e);
    g_string_assign(deep, "{\"execute\": \"info-status\", \"arguments\": {\"a\": ");
    for (int i = 0; i < 62; i++)
        g_string_append_c(deep, '[');
    for (int i = 0; i < 62; i++)
        g_string_append_c(deep, ']');
    g_string_append(deep, "}}");                 /* 64 levels */
    raw_send(fd, deep->str, deep->len);
    e = raw_reply(fd, in);
    WW_CHECK_MSG(e && strstr(e, "Parameter 'a' is unexpected"), "%s", e ? e : "(return)");
    g_free(e);
    g_string_free(deep, TRUE);

    /* Bad input of every kind: an error each, never a crash. */
    static const char *const bad[][2] = {
        { "{\"execute\": ", "JSON parse error" },            /* completed by the next line */
        { "}", "JSON parse error" },
        { "[1, 2]", "must be a JSON object" },
        { "42", "must be a JSON object" },
        { "\"text\"", "must be a JSON object" },
        { "{\"exec\": \"stop\"}", "unexpected" },
        { "{\"execute\": 5}", "must be a string" },
        { "{\"execute\": \"x\", \"arguments\": []}", "must be an object" },
        { "{\"execute\": \"x\"}", "Parameter 'addr' is missing" },
        { "{\"execute\": \"x\", \"arguments\": {\"addr\": 1, \"zz\": 2}}", "'zz' is unexpected" },
        { "{\"execute\": \"x\", \"arguments\": {\"addr\": -1}}", "Invalid parameter type" },
        { "{\"execute\": \"x\", \"arguments\": {\"addr\": 1e999}}", "" },
        { "{\"execute\": \"x\", \"arguments\": {\"addr\": 123456789012345678901234567890}}", "" },
        { "{\"execute\": \"x\", \"arguments\": {\"addr\": 0, \"len\": 99999999}}", "expected 1..4096" },
        { "{\"execute\": \"step\", \"arguments\": {\"n\": 0}}", "expected 1.." },
        { "{\"execute\": \"qmp_capabilities\"}", "already complete" },
        { "{\"execute\": \"delete\", \"arguments\": {\"id\": 77}}", "no breakpoint" },
        { "{\"execute\": \"watch\", \"arguments\": {\"register\": \"pic0.IMR\"}}", "internal" },
        { "{\"execute\": \"sendkey\", \"arguments\": {\"keys\": \"ctrl-nosuch\"}}", "unknown key" },
        { "{\"execute\": \"nosuch\", \"id\": [1]}", "has not been found" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        raw_send(fd, bad[i][0], strlen(bad[i][0]));
        raw_send(fd, "\n", 1);
        if (i == 0)
            continue;      /* the parse error comes with the next message */
        e = raw_reply(fd, in);
        WW_CHECK_MSG(e && strstr(e, bad[i][1]), "'%s': %s", bad[i][0], e ? e : "(return)");
        g_free(e);
    }
    raw_send(fd, "{\"execute\":\"info-status\", \"id\": 7}", 35);
    WW_CHECK(!(e = raw_reply(fd, in)));
    /* A client that goes away in mid-message: the machine keeps running. */
    raw_send(fd, "{\"execute\": \"wait-serial\", \"arguments\": {\"te", 44);
    close(fd);
    g_string_free(in, TRUE);
    JsonNode *r = CALL(sv.c, "info-status", NULL);
    WW_CHECK(json_object_get_boolean_member(json_node_get_object(r), "running"));
    json_node_unref(r);
    /* A pending wait-serial of a client that left is dropped. */
    fd = raw_connect(sv.sock);
    const char *w = "{\"execute\":\"qmp_capabilities\"}{\"execute\":\"wait-serial\","
                    "\"arguments\":{\"text\":\"never\"}}";
    raw_send(fd, w, strlen(w));
    g_usleep(50000);
    close(fd);
    r = CALL(sv.c, "info-status", NULL);
    json_node_unref(r);
    server_stop(&sv);
}
