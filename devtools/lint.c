/* devtools/lint.c — `wirewrap lint FILE…`: validate machine descriptions
 * without running them (structure, then chip descriptors: types, props with
 * units and ranges, regions, ports, map overlaps; warnings for unconnected
 * required ports), then a second opinion from machines/wirewrap.rng.
 * Exit 0 clean, 1 errors, 2 usage. */
#include "core/command.h"
#include "core/mdl.h"
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <stdio.h>
#include <string.h>

static void schema_error(void *opaque, const xmlError *e)
{
    GString *out = opaque;
    if (e->level < XML_ERR_ERROR)
        return;
    char *msg = g_strdup(e->message ? e->message : "invalid");
    g_strdelimit(msg, "\n\r", ' ');   /* one line per problem */
    g_strstrip(msg);
    g_string_append_printf(out, "%s:%d: error: schema: %s\n", e->file ? e->file : "?", e->line,
                           msg);
    g_free(msg);
}

/* Second opinion from machines/wirewrap.rng on a file the loader accepted
 * (the two are kept in sync; a disagreement is a bug in one of them). */
static bool schema_check(const char *name, GString *out)
{
    char *rng = g_build_filename(ww_mdl_repo_dir(), "machines", "wirewrap.rng", NULL);
    char *path = ww_mdl_resolve(name, NULL, NULL);
    bool ok = true;
    xmlRelaxNGParserCtxtPtr pc = path && g_file_test(rng, G_FILE_TEST_IS_REGULAR)
                                 ? xmlRelaxNGNewParserCtxt(rng) : NULL;
    /* Whatever libxml2 reports through its global handlers (it prints them
     * itself otherwise) goes to the same list, as "file:line: error: …". */
    xmlStructuredErrorFunc old_serror = xmlStructuredError;
    void *old_sctx = xmlStructuredErrorContext;
    xmlSetStructuredErrorFunc(out, (xmlStructuredErrorFunc)schema_error);
    if (pc)
        xmlRelaxNGSetParserStructuredErrors(pc, (xmlStructuredErrorFunc)schema_error, out);
    xmlRelaxNGPtr schema = pc ? xmlRelaxNGParse(pc) : NULL;
    if (schema) {
        xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
                                    XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES);
        xmlRelaxNGValidCtxtPtr vc = xmlRelaxNGNewValidCtxt(schema);
        xmlRelaxNGSetValidStructuredErrors(vc, (xmlStructuredErrorFunc)schema_error, out);
        ok = doc && xmlRelaxNGValidateDoc(vc, doc) == 0;
        xmlRelaxNGFreeValidCtxt(vc);
        xmlFreeDoc(doc);
        xmlRelaxNGFree(schema);
    }
    if (pc)
        xmlRelaxNGFreeParserCtxt(pc);
    xmlSetStructuredErrorFunc(old_sctx, old_serror);
    g_free(path);
    g_free(rng);
    return ok;
}

static int lint_main(int argc, char **argv)
{
    GPtrArray *params = g_ptr_array_new(), *files = g_ptr_array_new();
    bool strict = false;
    int rc = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            printf("usage: wirewrap lint [-p NAME=VALUE]... [--werror] FILE|MACHINE...\n"
                   "Exit 0: clean; 1: errors (or warnings with --werror); 2: usage.\n");
            goto out;
        } else if (!strcmp(argv[i], "-p") && i + 1 < argc) {
            g_ptr_array_add(params, argv[++i]);
        } else if (!strcmp(argv[i], "--werror")) {
            strict = true;
        } else if (argv[i][0] == '-') {
            fprintf(stderr, "wirewrap lint: unknown option '%s'\n", argv[i]);
            rc = 2;
            goto out;
        } else {
            g_ptr_array_add(files, argv[i]);
        }
    }
    if (!files->len) {
        fprintf(stderr, "usage: wirewrap lint [-p NAME=VALUE]... FILE|MACHINE...\n");
        rc = 2;
        goto out;
    }
    g_ptr_array_add(params, NULL);
    for (guint i = 0; i < files->len; i++) {
        GString *diag = g_string_new(NULL);
        GError *err = NULL;
        bool ok = ww_mdl_lint(files->pdata[i], (const char *const *)params->pdata, NULL, diag,
                              &err);
        fputs(diag->str, stderr);
        gsize printed = diag->len;
        if (!ok) {
            fprintf(stderr, "%s\n", err->message);
            g_error_free(err);
            rc = 1;
        } else if (!schema_check(files->pdata[i], diag)) {
            fputs(diag->str + printed, stderr);
            rc = 1;
        } else if (strict && diag->len) {
            rc = 1;
        }
        g_string_free(diag, TRUE);
    }
out:
    g_ptr_array_free(params, TRUE);
    g_ptr_array_free(files, TRUE);
    return rc;
}

static const ww_command lint_cmd = {
    "lint", "FILE...", "check machine descriptions (0 clean, 1 errors, 2 usage)", lint_main };
WW_COMMAND_REGISTER(lint_cmd)
