/* devtools/machines.c — `wirewrap machines`: every machine file in the
 * machine directories with its title and whether its ROMs are found. */
#include "core/command.h"
#include "core/mdl.h"
#include "firmware-loaders/romcat.h"
#include <stdio.h>
#include <string.h>

static void find_xml(const char *root, const char *rel, GPtrArray *out, unsigned depth)
{
    char *dir = rel ? g_build_filename(root, rel, NULL) : g_strdup(root);
    GDir *d = depth < 6 ? g_dir_open(dir, 0, NULL) : NULL;
    const char *n;
    while (d && (n = g_dir_read_name(d))) {
        char *r = rel ? g_build_filename(rel, n, NULL) : g_strdup(n);
        char *p = g_build_filename(root, r, NULL);
        if (g_file_test(p, G_FILE_TEST_IS_DIR) && !g_file_test(p, G_FILE_TEST_IS_SYMLINK))
            find_xml(root, r, out, depth + 1);
        else if (g_str_has_suffix(n, ".xml"))
            g_ptr_array_add(out, g_strndup(r, strlen(r) - 4));
        g_free(p);
        g_free(r);
    }
    if (d)
        g_dir_close(d);
    g_free(dir);
}

static int cmp_str(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "ok", "missing: id, id", or "-" when the machine uses no catalogue ROM. */
static char *rom_status(const ww_mdl_desc *d, ww_romcat *cat)
{
    GString *missing = g_string_new(NULL);
    bool any = false;
    for (guint i = 0; i < d->nodes->len; i++) {
        const ww_mdl_node *n = d->nodes->pdata[i];
        const char *id = strcmp(n->kind, "rom") ? NULL : ww_mdl_node_get(n, "catalogue");
        if (!id)
            continue;
        any = true;
        const ww_rom_entry *e = cat ? ww_romcat_find(cat, id) : NULL;
        size_t len;
        uint8_t *data = e ? ww_rom_load(cat, e, NULL, &len, NULL, NULL) : NULL;
        if (!data)
            g_string_append_printf(missing, "%s%s", missing->len ? ", " : "", id);
        g_free(data);
    }
    char *r = !any ? g_strdup("-") : missing->len ? g_strdup_printf("missing: %s", missing->str)
                                                  : g_strdup("ok");
    g_string_free(missing, TRUE);
    return r;
}

static int machines_main(int argc, char **argv)
{
    if (argc > 1) {
        printf("usage: wirewrap machines\nLists each machine file, its title, and whether "
               "its ROMs are found.\n");
        return strcmp(argv[1], "--help") && strcmp(argv[1], "-h") ? 2 : 0;
    }
    ww_romcat *cat = ww_romcat_load_default(NULL);
    char **dirs = ww_mdl_machine_dirs(NULL);
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    for (char **d = dirs; *d; d++) {
        GPtrArray *found = g_ptr_array_new_with_free_func(g_free);
        find_xml(*d, NULL, found, 0);
        g_ptr_array_sort(found, cmp_str);
        for (guint i = 0; i < found->len; i++) {
            const char *name = found->pdata[i];
            bool dup = false;
            for (guint k = 0; k < names->len; k++)
                dup |= !strcmp(names->pdata[k], name);
            /* fragments (included files) and test machines are not machines to run */
            if (dup || g_str_has_prefix(name, "common/"))
                continue;
            g_ptr_array_add(names, g_strdup(name));
            char *path = g_strconcat(*d, "/", name, ".xml", NULL);
            GError *err = NULL;
            ww_mdl_desc *desc = ww_mdl_parse(path, NULL, NULL, &err);
            if (!desc) {
                printf("%-22s (does not load: %s)\n", name, err->message);
                g_clear_error(&err);
            } else {
                char *st = rom_status(desc, cat);
                printf("%-22s %-40s ROMs: %s\n", name, desc->title, st);
                g_free(st);
                ww_mdl_desc_free(desc);
            }
            g_free(path);
        }
        g_ptr_array_free(found, TRUE);
    }
    g_ptr_array_free(names, TRUE);
    g_strfreev(dirs);
    ww_romcat_free(cat);
    return 0;
}

static const ww_command machines_cmd = {
    "machines", "", "list machines, their titles, and whether their ROMs are found",
    machines_main };
WW_COMMAND_REGISTER(machines_cmd)
