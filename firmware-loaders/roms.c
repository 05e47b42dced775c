/* firmware-loaders/roms.c — `wirewrap roms scan DIR…` (identify files by
 * hash against roms.txt) and `wirewrap roms list`. A progress bar goes to
 * stderr when it is a terminal and the scan has taken over a second. */
#include "core/command.h"
#include "core/mdl.h"
#include "firmware-loaders/romcat.h"
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define SCAN_MAX_FILE (64u << 20)

static void collect(const char *dir, GPtrArray *out, unsigned depth)
{
    if (depth > 8)
        return;
    GDir *d = g_dir_open(dir, 0, NULL);
    if (!d) {
        if (g_file_test(dir, G_FILE_TEST_IS_REGULAR))
            g_ptr_array_add(out, g_strdup(dir));
        return;
    }
    const char *n;
    while ((n = g_dir_read_name(d))) {
        char *p = g_build_filename(dir, n, NULL);
        if (g_file_test(p, G_FILE_TEST_IS_SYMLINK) && g_file_test(p, G_FILE_TEST_IS_DIR))
            g_free(p);   /* do not follow directory links (loops) */
        else if (g_file_test(p, G_FILE_TEST_IS_DIR)) {
            collect(p, out, depth + 1);
            g_free(p);
        } else if (g_file_test(p, G_FILE_TEST_IS_REGULAR))
            g_ptr_array_add(out, p);
        else
            g_free(p);
    }
    g_dir_close(d);
}

static int cmp_str(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int scan(ww_romcat *cat, int argc, char **argv)
{
    GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
    for (int i = 0; i < argc; i++)
        collect(argv[i], files, 0);
    g_ptr_array_sort(files, cmp_str);
    bool tty = isatty(STDERR_FILENO);
    gint64 t0 = g_get_monotonic_time();
    bool bar = false;
    unsigned known = 0;
    for (guint i = 0; i < files->len; i++) {
        const char *p = files->pdata[i];
        if (tty && (bar || g_get_monotonic_time() - t0 > G_USEC_PER_SEC)) {
            bar = true;
            unsigned w = 30, done = (unsigned)((uint64_t)i * w / files->len);
            fprintf(stderr, "\r[%.*s%*s] %u/%u", (int)done, "##############################",
                    (int)(w - done), "", i, files->len);
            fflush(stderr);
        }
        GStatBuf st;
        if (g_stat(p, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size == 0 ||
            (uint64_t)st.st_size > SCAN_MAX_FILE)
            continue;
        gchar *data;
        gsize len;
        if (!g_file_get_contents(p, &data, &len, NULL))
            continue;
        uint32_t crc;
        char sha[41];
        ww_rom_hash((const uint8_t *)data, len, &crc, sha);
        g_free(data);
        const ww_rom_entry *e = ww_romcat_identify(cat, len, sha);
        if (bar)
            fprintf(stderr, "\r%*s\r", 50, "");
        if (e) {
            known++;
            printf("%s: %s (%s)\n", p, e->id, e->title ? e->title : "");
        }
    }
    if (bar)
        fprintf(stderr, "\r%*s\r", 50, "");
    printf("%u of %u files identified\n", known, files->len);
    g_ptr_array_free(files, TRUE);
    return 0;
}

static int roms_main(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        FILE *f = argc < 2 ? stderr : stdout;
        fprintf(f, "usage: wirewrap roms scan DIR|FILE...   identify ROM images by SHA-1\n"
                   "       wirewrap roms list               the catalogue (roms.txt)\n");
        return argc < 2 ? 2 : 0;
    }
    GError *err = NULL;
    ww_romcat *cat = ww_romcat_load_default(&err);
    if (!cat) {
        fprintf(stderr, "%s\n", err->message);
        g_error_free(err);
        return 2;
    }
    int rc = 2;
    if (!strcmp(argv[1], "scan") && argc > 2) {
        rc = scan(cat, argc - 2, argv + 2);
    } else if (!strcmp(argv[1], "list") && argc == 2) {
        const ww_rom_entry *const *l;
        unsigned n = ww_romcat_entries(cat, &l);
        for (unsigned i = 0; i < n; i++)
            printf("%-16s %8" G_GUINT64_FORMAT "  %s\n", l[i]->id, l[i]->size,
                   l[i]->title ? l[i]->title : "");
        rc = 0;
    } else {
        fprintf(stderr, "usage: wirewrap roms scan DIR|FILE... | wirewrap roms list\n");
    }
    ww_romcat_free(cat);
    return rc;
}

static const ww_command roms_cmd = {
    "roms", "scan DIR...|list", "identify ROM images by hash (roms.txt)", roms_main };
WW_COMMAND_REGISTER(roms_cmd)
