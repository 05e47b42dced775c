/* devtools/chipinfo.c — `wirewrap chips [NAME]`: the registered chips, and for
 * one chip its properties, regions, registers (with fields), ports and state,
 * all generated from the descriptor by core/descdoc (the same walk the
 * Markdown pages use). */
#include "devtools/chipinfo.h"
#include "devtools/chipdoc.h"
#include "core/command.h"
#include "core/descdoc.h"
#include <stdio.h>
#include <string.h>

void ww_chipinfo_describe(const ww_chip_class *c, GString *o)
{
    ww_doc *d = ww_doc_build(c);
    ww_doc_print_text(d, o);
    ww_doc_free(d);
}

static int chips_main(int argc, char **argv)
{
    if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        printf("usage: wirewrap chips [NAME]\n"
               "       wirewrap chips --markdown DIR\n"
               "Without NAME: every registered chip with its summary.\n"
               "With NAME: its properties, regions, registers with fields, ports.\n"
               "--markdown DIR: one Markdown page per chip (DIR/<type>.md) and DIR/index.md.\n");
        return 0;
    }
    if (argc > 1 && !strcmp(argv[1], "--markdown")) {
        if (argc != 3) {
            fprintf(stderr, "usage: wirewrap chips --markdown DIR\n");
            return 2;
        }
        GError *err = NULL;
        unsigned n = 0;
        if (!ww_chipdoc_write_all(argv[2], &n, &err)) {
            fprintf(stderr, "wirewrap chips: %s\n", err->message);
            g_error_free(err);
            return 2;
        }
        printf("%u chip pages written to %s\n", n, argv[2]);
        return 0;
    }
    if (argc > 2 || (argc == 2 && argv[1][0] == '-')) {
        fprintf(stderr, "usage: wirewrap chips [NAME]\n");
        return 2;
    }
    const ww_chip_class *const *list;
    unsigned n = ww_chip_class_list(&list);
    if (argc == 1) {
        for (unsigned i = 0; i < n; i++)
            printf("%-14s %s\n", list[i]->type, list[i]->summary ? list[i]->summary : "");
        return 0;
    }
    const ww_chip_class *c = ww_chip_class_find(argv[1]);
    if (!c) {
        const char *s = ww_chip_class_suggest(argv[1]);
        fprintf(stderr, "wirewrap: unknown chip '%s'%s%s%s\n", argv[1],
                s ? "; did you mean '" : "", s ? s : "", s ? "'?" : "");
        if (!s)
            fprintf(stderr, "`wirewrap chips` lists the %u known chip types\n", n);
        return 2;
    }
    GString *o = g_string_new(NULL);
    ww_chipinfo_describe(c, o);
    fputs(o->str, stdout);
    g_string_free(o, TRUE);
    return 0;
}

static const ww_command chips_cmd = {
    "chips", "[NAME | --markdown DIR]", "list chip models, or describe one from its descriptor", chips_main };
WW_COMMAND_REGISTER(chips_cmd)
