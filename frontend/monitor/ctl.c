/* frontend/monitor/ctl.c — `wirewrap ctl SOCKET COMMAND [ARGS]`: one command
 * to a running machine over the JSON protocol, through libwirewrap-client.
 * Arguments are typed from the server's own `query-commands`: positional in
 * declared order, or NAME=VALUE. The answer is printed by the human printer
 * (the same layout as the human monitor), or as JSON with --json. Exit: 0
 * done, 1 the server answered with an error, 2 usage or connection error. */
#include "client/wirewrap-client.h"
#include "core/command.h"
#include "core/monitor.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(FILE *f)
{
    fprintf(f, "usage: wirewrap ctl [--json] [--timeout MS] SOCKET COMMAND [ARG|NAME=VALUE]...\n"
               "       wirewrap ctl [--json] [--timeout MS] SOCKET --events [COUNT]\n"
               "SOCKET is unix:PATH, tcp:HOST:PORT or a path (wirewrap run --monitor …).\n"
               "COMMAND is a monitor command (`wirewrap ctl SOCKET help` lists them; \"info\n"
               "chip\" is info-chip here). --events prints COUNT events (default: until the\n"
               "connection ends or --timeout passes).\n");
    return f == stdout ? 0 : 2;
}

static void print_json(JsonNode *n)
{
    JsonGenerator *g = json_generator_new();
    json_generator_set_pretty(g, TRUE);
    json_generator_set_root(g, n);
    char *t = json_generator_to_data(g, NULL);
    printf("%s\n", t);
    g_free(t);
    g_object_unref(g);
}

/* The declared arguments of `command` from the server's table. */
static JsonArray *declared_args(ww_client *c, const char *command, GError **err)
{
    JsonNode *list = ww_client_execute(c, "query-commands", NULL, err);
    if (!list)
        return NULL;
    JsonArray *found = NULL;
    JsonArray *a = JSON_NODE_HOLDS_ARRAY(list) ? json_node_get_array(list) : NULL;
    for (guint i = 0; a && i < json_array_get_length(a) && !found; i++) {
        JsonObject *o = json_array_get_object_element(a, i);
        if (!strcmp(json_object_get_string_member(o, "name"), command))
            found = json_array_ref(json_object_get_array_member(o, "args"));
    }
    json_node_unref(list);
    return found ? found : json_array_new();   /* unknown: the server says so */
}

static bool add_typed(JsonObject *args, const char *name, const char *type, const char *text)
{
    if (!strcmp(type, "uint")) {
        uint64_t v;
        GError *e = NULL;
        if (!ww_parse_uint(text, WW_UNIT_NONE, &v, &e)) {
            fprintf(stderr, "wirewrap ctl: %s '%s': %s\n", name, text, e->message);
            g_error_free(e);
            return false;
        }
        if (v <= (uint64_t)G_MAXINT64) {
            json_object_set_int_member(args, name, (gint64)v);
        } else {
            char buf[24];
            g_snprintf(buf, sizeof buf, "0x%" G_GINT64_MODIFIER "x", v);
            json_object_set_string_member(args, name, buf);
        }
    } else if (!strcmp(type, "int")) {
        char *end;
        errno = 0;
        gint64 v = g_ascii_strtoll(text, &end, 0);
        if (!*text || *end || errno) {
            fprintf(stderr, "wirewrap ctl: %s '%s': expected an integer\n", name, text);
            return false;
        }
        json_object_set_int_member(args, name, v);
    } else if (!strcmp(type, "bool")) {
        bool on = !strcmp(text, "on") || !strcmp(text, "true") || !strcmp(text, "yes") ||
                  !strcmp(text, "1");
        bool off = !strcmp(text, "off") || !strcmp(text, "false") || !strcmp(text, "no") ||
                   !strcmp(text, "0");
        if (!on && !off) {
            fprintf(stderr, "wirewrap ctl: %s '%s': expected on or off\n", name, text);
            return false;
        }
        json_object_set_boolean_member(args, name, on);
    } else {
        json_object_set_string_member(args, name, text);   /* string, time ("2s") */
    }
    return true;
}

static int events(ww_client *c, long count, int timeout_ms, bool json)
{
    for (long n = 0; count < 0 || n < count; n++) {
        char *name;
        JsonObject *data;
        GError *err = NULL;
        if (!ww_client_next_event(c, timeout_ms, &name, &data, &err)) {
            if (err) {
                if (err->code == WW_CLIENT_ERROR_CLOSED && count < 0) {
                    g_error_free(err);
                    return 0;
                }
                fprintf(stderr, "wirewrap ctl: %s\n", err->message);
                g_error_free(err);
                return 2;
            }
            return count < 0 ? 0 : 1;     /* timeout */
        }
        JsonNode *d = json_node_new(JSON_NODE_OBJECT);
        json_node_take_object(d, data);
        if (json) {
            JsonObject *o = json_object_new();
            json_object_set_string_member(o, "event", name);
            json_object_set_member(o, "data", json_node_copy(d));
            JsonNode *on = json_node_new(JSON_NODE_OBJECT);
            json_node_take_object(on, o);
            print_json(on);
            json_node_unref(on);
        } else {
            JsonGenerator *g = json_generator_new();
            json_generator_set_root(g, d);
            char *t = json_generator_to_data(g, NULL);
            printf("%s %s\n", name, t);
            g_free(t);
            g_object_unref(g);
        }
        fflush(stdout);
        json_node_unref(d);
        g_free(name);
    }
    return 0;
}

static int ctl_main(int argc, char **argv)
{
    bool json = false;
    int timeout_ms = -1;
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && strcmp(argv[i], "--events"); i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
            return usage(stdout);
        if (!strcmp(argv[i], "--json")) {
            json = true;
        } else if (!strcmp(argv[i], "--timeout") && i + 1 < argc) {
            static const ww_num_option opt = { "--timeout", WW_UNIT_NONE, false, 0, 86400000,
                                               "milliseconds, e.g. 5000" };
            uint64_t v;
            GError *e = NULL;
            if (!ww_command_parse_uint(&opt, argv[++i], &v, &e)) {
                fprintf(stderr, "wirewrap ctl: %s\n", e->message);
                g_error_free(e);
                return 2;
            }
            timeout_ms = (int)v;
        } else {
            fprintf(stderr, "wirewrap ctl: unknown option '%s'\n", argv[i]);
            return usage(stderr);
        }
    }
    if (argc - i < 2)
        return usage(stderr);
    const char *sock = argv[i++], *command = argv[i++];
    char *joined = NULL;      /* "info chip" as two words, as the human monitor reads it */
    if (!strcmp(command, "info") && i < argc)
        command = joined = g_strdup_printf("info-%s", argv[i++]);
    GError *err = NULL;
    ww_client *c = ww_client_connect(sock, &err);
    if (!c) {
        fprintf(stderr, "wirewrap ctl: %s\n", err->message);
        g_error_free(err);
        g_free(joined);
        return 2;
    }
    ww_client_set_timeout(c, timeout_ms);
    int rc;
    if (!strcmp(command, "--events")) {
        long count = -1;
        if (i < argc) {
            char *end;
            count = strtol(argv[i], &end, 10);
            if (*end || count < 1 || i + 1 < argc) {
                fprintf(stderr, "wirewrap ctl: --events COUNT: expected a number ≥ 1\n");
                ww_client_free(c);
                g_free(joined);
                return 2;
            }
        }
        rc = events(c, count, timeout_ms, json);
        ww_client_free(c);
        g_free(joined);
        return rc;
    }
    JsonArray *decl = declared_args(c, command, &err);
    if (!decl) {
        fprintf(stderr, "wirewrap ctl: %s\n", err->message);
        g_error_free(err);
        ww_client_free(c);
        g_free(joined);
        return 2;
    }
    JsonObject *args = json_object_new();
    guint next = 0;
    rc = 0;
    for (; i < argc && rc == 0; i++) {
        const char *tok = argv[i], *eq = strchr(tok, '=');
        JsonObject *d = NULL;
        const char *val = tok;
        for (guint k = 0; eq && k < json_array_get_length(decl) && !d; k++) {
            JsonObject *o = json_array_get_object_element(decl, k);
            const char *n = json_object_get_string_member(o, "name");
            if (strlen(n) == (size_t)(eq - tok) && !strncmp(n, tok, strlen(n))) {
                d = o;
                val = eq + 1;
            }
        }
        while (!d && next < json_array_get_length(decl) &&
               json_object_has_member(args, json_object_get_string_member(
                   json_array_get_object_element(decl, next), "name")))
            next++;
        if (!d && next < json_array_get_length(decl))
            d = json_array_get_object_element(decl, next++);
        if (!d) {
            fprintf(stderr, "wirewrap ctl: %s: too many arguments ('%s'); `wirewrap ctl %s help "
                    "%s` lists them\n", command, tok, sock, command);
            rc = 2;
            break;
        }
        if (!add_typed(args, json_object_get_string_member(d, "name"),
                       json_object_get_string_member(d, "type"), val))
            rc = 2;
    }
    json_array_unref(decl);
    if (rc == 0) {
        JsonNode *v = ww_client_execute(c, command, args, &err);
        if (!v) {
            const char *cls = ww_client_error_class(err);
            fprintf(stderr, "wirewrap ctl: %s%s%s\n", cls ? cls : "", cls ? ": " : "", err->message);
            rc = cls ? 1 : 2;
            g_error_free(err);
        } else {
            if (json) {
                print_json(v);
            } else {
                GString *out = g_string_new(NULL);
                ww_mon_human_value(ww_mon_find(command), v, out);
                fputs(out->str, stdout);
                g_string_free(out, TRUE);
            }
            json_node_unref(v);
        }
    }
    json_object_unref(args);
    ww_client_free(c);
    g_free(joined);
    return rc;
}

static const ww_command ctl_cmd = {
    "ctl", "SOCKET COMMAND [ARGS]", "send a monitor command to a running machine (JSON protocol)",
    ctl_main };
WW_COMMAND_REGISTER(ctl_cmd)
