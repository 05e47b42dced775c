/* frontend/main.c — `wirewrap COMMAND [ARGS]`: global options, then dispatch
 * to a registered subcommand (core/command.h). */
#include "core/command.h"
#include "frontend/run.h"
#include "core/chip.h"
#include "core/log.h"
#include <stdio.h>
#include <string.h>

#define WW_VERSION "0.1.0"

static void usage(FILE *f)
{
    fprintf(f, "usage: wirewrap [--version] [--help] [-d CATEGORIES] COMMAND [ARGS]\n");
}

static void help(void)
{
    usage(stdout);
    printf("\nwirewrap — retro-computer emulation suite: machines are XML files that wire\n"
           "chip models onto CPU engines.\n\nCommands:\n");
    const ww_command *const *list;
    unsigned n = ww_command_list(&list);
    for (unsigned i = 0; i < n; i++) {
        char head[64];
        snprintf(head, sizeof head, "%s %s", list[i]->name, list[i]->args ? list[i]->args : "");
        printf("  %-28s %s\n", head, list[i]->summary);
    }
    printf("\nOptions:\n"
           "  -d LIST      enable log categories: chip types or ids (pic,pit), guest, unimp, all\n"
           "  --version    print the version\n"
           "  --help       this text; `wirewrap COMMAND --help` for a command\n");
}

/* Categories of core code (core/log.h), the kinds, and every chip type: a
 * -d name outside these can only be a chip id, which the machine may lack. */
static const char *const core_categories[] = { "bus", "sched", "cpu", "mdl", "user", "guest",
                                               "unimp", "all", NULL };

static void check_categories(const char *list)
{
    const ww_chip_class *const *cls;
    unsigned n = ww_chip_class_list(&cls);
    GPtrArray *known = g_ptr_array_new();
    for (const char *const *c = core_categories; *c; c++)
        g_ptr_array_add(known, (gpointer)*c);
    for (unsigned i = 0; i < n; i++) {
        g_ptr_array_add(known, (gpointer)cls[i]->type);
        for (const char *const *c = cls[i]->log_categories; c && *c; c++)
            g_ptr_array_add(known, (gpointer)*c);
    }
    g_ptr_array_add(known, NULL);
    char **parts = g_strsplit(list, ",", -1);
    for (char **p = parts; *p; p++) {
        g_strstrip(*p);
        bool found = false;
        for (guint i = 0; known->pdata[i] && !found; i++)
            found = !strcmp(known->pdata[i], *p);
        if (found || !**p)
            continue;
        const char *near = ww_suggest(*p, (const char *const *)known->pdata);
        fprintf(stderr, "wirewrap: warning: -d %s: no chip type or log category (bus, sched, "
                "cpu, mdl, user, guest, unimp, all) has that name; it only matches a chip with "
                "that id%s%s%s\n", *p, near ? "; did you mean '" : "", near ? near : "",
                near ? "'?" : "");
    }
    g_strfreev(parts);
    g_ptr_array_free(known, TRUE);
}

static void log_to_stderr(ww_log_kind kind, const char *cat, const char *msg, void *opaque)
{
    static const char *const kinds[] = { "trace", "guest-error", "unimplemented", "warning" };
    fprintf(stderr, "[%s %s] %s\n", kinds[kind], cat ? cat : "-", msg);
}

int main(int argc, char **argv)
{
    ww_run_note_start();
    ww_log_set_handler(log_to_stderr, NULL);
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            help();
            return 0;
        } else if (!strcmp(argv[i], "--version")) {
            printf("wirewrap %s\n", WW_VERSION);
            return 0;
        } else if (!strcmp(argv[i], "-d") && i + 1 < argc) {
            check_categories(argv[++i]);
            ww_log_enable(argv[i]);
        } else if (!strcmp(argv[i], "-d")) {
            fprintf(stderr, "wirewrap: -d needs a list of log categories, e.g. -d pic,guest\n");
            return 2;
        } else {
            fprintf(stderr, "wirewrap: unknown option '%s'\n", argv[i]);
            usage(stderr);
            return 2;
        }
    }
    if (i >= argc) {
        usage(stderr);
        fprintf(stderr, "wirewrap: no command given; `wirewrap --help` lists them\n");
        return 2;
    }
    const ww_command *c = ww_command_find(argv[i]);
    if (!c) {
        fprintf(stderr, "wirewrap: unknown command '%s'\n", argv[i]);
        usage(stderr);
        return 2;
    }
    return c->main(argc - i, argv + i);
}
