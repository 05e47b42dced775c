/* tests/monitor/table.c — the command table's promises: every command has a
 * doc string (and every argument one), is reachable from both printers (the
 * human monitor's line parser and `help`, and the JSON protocol), and no
 * handler writes to stdout or stderr — everything reaches people through the
 * printers. Each command runs here with sample arguments, good and bad, on
 * test/m68k-shell while fds 1 and 2 point into a file that must stay empty. */
#include "tests/harness.h"
#include "core/mdl.h"
#include "core/monitor.h"
#include "core/qmp.h"
#include <fcntl.h>
#include <glib/gstdio.h>
#include <unistd.h>

/* Human lines for every command (a command missing here fails the test, so a
 * new command gets its sample). "@" is replaced by a state file's path. */
static const struct { const char *cmd; const char *lines[4]; } samples[] = {
    { "break", { "break 0x400", "break 0x400", "break addr=0x402 cpu=cpu", "break 1 nosuchcpu" } },
    { "cont", { "cont" } },
    { "delete", { "delete 1", "delete 99" } },
    { "help", { "help", "help info chip", "help nosuch" } },
    { "info-break", { "info break" } },
    { "info-chip", { "info chip pic0", "info chip uart", "info chip cpu", "info chip nosuch" } },
    { "info-chips", { "info chips" } },
    { "info-irq", { "info irq" } },
    { "info-mtree", { "info mtree" } },
    { "info-status", { "info status" } },
    { "loadvm", { "loadvm @", "loadvm /nonexistent/state" } },
    { "query-commands", { "query-commands" } },
    { "quit", { "quit" } },
    { "regs", { "regs", "regs cpu", "regs uart" } },
    { "savevm", { "savevm @", "savevm /nonexistent/dir/state" } },
    { "sendkey", { "sendkey ctrl-alt-delete", "sendkey nosuchkey" } },
    { "step", { "step", "step 5", "step 0" } },
    { "stop", { "stop" } },
    { "system_reset", { "system_reset" } },
    { "type", { "type echo hi", "type \"uname\\r\"", "type x device=keyboard", "type x device=nosuch" } },
    { "wait-serial", { "wait-serial \"/ # \" 1s", "wait-serial never 1ms" } },
    { "watch", { "watch pic0.A0_1", "watch pic0.IMR", "watch nosuch.X", "watch bad" } },
    { "x", { "x 0x400 16", "x 0xEF0000 8", "x 0 5000" } },
    { "xp", { "xp 0x400 16 cpu.mem", "xp 0 4 nosuch" } },
};

typedef struct {
    bool done;
    GString *text;
    const ww_mon_cmd *cmd;
} reply;

static void got(void *opaque, JsonNode *value, const GError *err)
{
    reply *r = opaque;
    r->done = true;
    if (err)
        ww_mon_human_error(err, r->text);
    else
        ww_mon_human_value(r->cmd, value, r->text);
}

static void qmp_out(void *opaque, const char *data, size_t len)
{
    g_string_append_len(opaque, data, (gssize)len);
}

WW_TEST("monitor/table/docs", t_docs)
{
    const ww_mon_cmd *const *cmds;
    unsigned n = ww_mon_commands(&cmds);
    WW_CHECK(n >= 20);
    for (unsigned i = 0; i < n; i++) {
        WW_CHECK_MSG(cmds[i]->doc && strlen(cmds[i]->doc) > 10, "%s: no doc", cmds[i]->name);
        WW_CHECK_MSG(cmds[i]->fn, "%s: no handler", cmds[i]->name);
        for (const ww_mon_arg *a = cmds[i]->args; a && a->name; a++)
            WW_CHECK_MSG(a->doc && *a->doc, "%s %s: no doc", cmds[i]->name, a->name);
        if (i)
            WW_CHECK_MSG(strcmp(cmds[i - 1]->name, cmds[i]->name) < 0, "table not sorted at %s",
                         cmds[i]->name);
        bool sampled = false;
        for (size_t k = 0; k < G_N_ELEMENTS(samples) && !sampled; k++)
            sampled = !strcmp(samples[k].cmd, cmds[i]->name);
        WW_CHECK_MSG(sampled, "%s has no sample in tests/monitor/table.c", cmds[i]->name);
    }
}

WW_TEST("monitor/table/both-printers-no-output", t_printers)
{
    GError *err = NULL;
    ww_chardev *cd = ww_chardev_new_buffer();
    ww_mdl_opts opts = { .serial = cd };
    ww_machine *m = ww_mdl_load("test/m68k-shell", NULL, &opts, &err);
    if (!m)
        ww_test_skip("test/m68k-shell: %s", err->message);
    ww_session *s = ww_session_new(m, cd);
    ww_session_run(s, 50000000);       /* the shell is at its prompt */
    char *dir = g_dir_make_tmp("ww-table-XXXXXX", &err);
    WW_CHECK_NOERR(dir, err);
    char *state = g_build_filename(dir, "state.wws", NULL);
    char *outfile = g_build_filename(dir, "stdout+stderr", NULL);

    /* The human printer's help lists every command by its human name. */
    reply help = { false, g_string_new(NULL), ww_mon_find("help") };
    ww_mon_execute(s, "help", NULL, NULL, got, &help);
    const ww_mon_cmd *const *cmds;
    unsigned n = ww_mon_commands(&cmds);
    for (unsigned i = 0; i < n; i++) {
        char hn[64];
        ww_mon_human_name(cmds[i], hn, sizeof hn);
        WW_CHECK_MSG(strstr(help.text->str, hn), "help does not list %s", hn);
    }
    g_string_free(help.text, TRUE);

    /* The JSON printer: one negotiated protocol connection. */
    GString *qout = g_string_new(NULL);
    ww_qmp *q = ww_qmp_new(s, qmp_out, qout);
    const char *neg = "{\"execute\":\"qmp_capabilities\"}";
    ww_qmp_feed(q, neg, strlen(neg));

    /* From here on nothing may reach fds 1 and 2. */
    fflush(stdout);
    fflush(stderr);
    int saved1 = dup(1), saved2 = dup(2);
    int fd = open(outfile, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    WW_CHECK(fd >= 0 && saved1 >= 0 && saved2 >= 0);
    dup2(fd, 1);
    dup2(fd, 2);
    GString *log = g_string_new(NULL);
    unsigned ran = 0;
    for (size_t k = 0; k < G_N_ELEMENTS(samples); k++) {
        bool is_quit = !strcmp(samples[k].cmd, "quit");
        for (unsigned j = 0; j < G_N_ELEMENTS(samples[k].lines) && samples[k].lines[j]; j++) {
            GString *line = g_string_new(samples[k].lines[j]);
            char *at = strchr(line->str, '@');
            if (at) {
                gssize pos = at - line->str;
                g_string_erase(line, pos, 1);
                g_string_insert(line, pos, state);
            }
            if (is_quit)
                continue;    /* last, below */
            const ww_mon_cmd *cmd;
            JsonObject *args;
            GError *e = NULL;
            bool parsed = ww_mon_parse_line(line->str, &cmd, &args, &e);
            if (!parsed) {
                g_string_append_printf(log, "parse '%s': %s\n", line->str, e->message);
                g_error_free(e);
                g_string_free(line, TRUE);
                continue;      /* a bad argument for the parser itself: fine */
            }
            if (strcmp(cmd->name, samples[k].cmd))
                g_string_append_printf(log, "FAIL '%s' parsed as %s\n", line->str, cmd->name);
            /* Human path. */
            reply r = { false, g_string_new(NULL), cmd };
            ww_mon_execute(s, cmd->name, args, &r, got, &r);
            for (int chunk = 0; !r.done && chunk < 200; chunk++)
                ww_session_run(s, ww_sched_now(ww_machine_sched(m)) + 1000000);
            if (!r.done) {
                g_string_append_printf(log, "FAIL '%s': no reply\n", line->str);
                ww_mon_cancel(s, &r);
            }
            ww_session_cont(s);
            /* JSON path, with the same arguments. */
            JsonObject *req = json_object_new();
            json_object_set_string_member(req, "execute", cmd->name);
            json_object_set_object_member(req, "arguments", json_object_ref(args));
            JsonNode *rn = json_node_new(JSON_NODE_OBJECT);
            json_node_take_object(rn, req);
            char *text = json_to_string(rn, FALSE);
            json_node_unref(rn);
            g_string_truncate(qout, 0);
            ww_qmp_feed(q, text, strlen(text));
            for (int chunk = 0; !strstr(qout->str, "\"return\"") && !strstr(qout->str, "\"error\"")
                 && chunk < 200; chunk++) {
                ww_session_run(s, ww_sched_now(ww_machine_sched(m)) + 1000000);
                ww_qmp_drain(q);
            }
            if (strstr(qout->str, "CommandNotFound") || (!strstr(qout->str, "\"return\"") &&
                                                         !strstr(qout->str, "\"error\"")))
                g_string_append_printf(log, "FAIL JSON %s: %s\n", text, qout->str);
            ww_session_cont(s);
            g_free(text);
            json_object_unref(args);
            g_string_append_printf(log, "%s -> %.60s\n", line->str, r.text->str);
            g_string_free(r.text, TRUE);
            g_string_free(line, TRUE);
            ran++;
        }
    }
    /* quit, through both printers. */
    reply r = { false, g_string_new(NULL), ww_mon_find("quit") };
    ww_mon_execute(s, "quit", NULL, &r, got, &r);
    WW_CHECK(r.done && ww_session_state_get(s) == WW_SESSION_SHUTDOWN);
    g_string_free(r.text, TRUE);
    const char *qq = "{\"execute\":\"quit\"}";
    ww_qmp_feed(q, qq, strlen(qq));
    fflush(stdout);
    fflush(stderr);
    dup2(saved1, 1);
    dup2(saved2, 2);
    close(saved1);
    close(saved2);
    close(fd);
    ww_test_log("%s", log->str);
    WW_CHECK_MSG(!strstr(log->str, "FAIL"), "%s", log->str);
    char *written = NULL;
    gsize len = 0;
    WW_CHECK(g_file_get_contents(outfile, &written, &len, NULL));
    WW_CHECK_MSG(len == 0, "commands wrote %zu bytes to stdout/stderr: %.300s", (size_t)len, written);
    WW_CHECK_MSG(ran >= 40, "only %u sample lines ran", ran);
    g_free(written);
    g_string_free(log, TRUE);
    ww_qmp_free(q);
    g_string_free(qout, TRUE);
    ww_session_free(s);
    ww_machine_free(m);
    ww_chardev_free(cd);
    g_unlink(state);
    g_unlink(outfile);
    g_rmdir(dir);
    g_free(state);
    g_free(outfile);
    g_free(dir);
}

/* The human line parser: quoting, escapes, NAME=VALUE, the rest of a line. */
WW_TEST("monitor/table/human-parser", t_parser)
{
    const ww_mon_cmd *cmd;
    JsonObject *a;
    GError *err = NULL;
    WW_CHECK(ww_mon_parse_line("   ", &cmd, &a, &err) && !cmd);
    WW_CHECK(ww_mon_parse_line("type echo  two  spaces", &cmd, &a, &err));
    WW_CHECK_STR(json_object_get_string_member(a, "text"), "echo  two  spaces");
    json_object_unref(a);
    WW_CHECK(ww_mon_parse_line("type \"a\\tb\\r\\n\\x41\\\"\" keyboard", &cmd, &a, &err));
    WW_CHECK_STR(json_object_get_string_member(a, "text"), "a\tb\r\nA\"");
    WW_CHECK_STR(json_object_get_string_member(a, "device"), "keyboard");
    json_object_unref(a);
    WW_CHECK(ww_mon_parse_line("x len=8 0x10", &cmd, &a, &err));
    WW_CHECK_STR(cmd->name, "x");
    WW_CHECK_EQ(json_object_get_int_member(a, "addr"), 0x10);
    WW_CHECK_EQ(json_object_get_int_member(a, "len"), 8);
    json_object_unref(a);
    WW_CHECK(ww_mon_parse_line("x 0xffffffffffffffff", &cmd, &a, &err));
    WW_CHECK_STR(json_object_get_string_member(a, "addr"), "0xffffffffffffffff");
    json_object_unref(a);
    WW_CHECK_ERR(ww_mon_parse_line("x 0x1ffffffffffffffff", &cmd, &a, &err), err, "addr");
    WW_CHECK_ERR(ww_mon_parse_line("x 1 2 cpu extra", &cmd, &a, &err), err, "too many arguments");
    WW_CHECK_ERR(ww_mon_parse_line("type \"open", &cmd, &a, &err), err, "unterminated");
    WW_CHECK_ERR(ww_mon_parse_line("type \"\\q\"", &cmd, &a, &err), err, "bad escape");
    WW_CHECK_ERR(ww_mon_parse_line("info chipz", &cmd, &a, &err), err, "did you mean 'info chip");
    WW_CHECK_ERR(ww_mon_parse_line("regz", &cmd, &a, &err), err, "did you mean 'regs'");
}
