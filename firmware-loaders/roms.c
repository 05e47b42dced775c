/* firmware-loaders/roms.c — `wirewrap roms scan DIR…` (identify files by
 * hash against roms.txt) and `wirewrap roms list`. A progress bar goes to
 * stderr when it is a terminal and the scan has taken over a second. Every
 * file not hashed is reported on stderr with why, and counted in the
 * summary; a named path that does not exist is an error (exit 2). */
#include "core/command.h"
#include "core/mdl.h"
#include "firmware-loaders/romcat.h"
#include "firmware-loaders/macos_rom.h"
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define SCAN_MAX_FILE (64u << 20)
#define SCAN_MAX_DEPTH 8

/* A path found by the walk: to be hashed, or skipped for a reason that the
 * scan reports (nothing is skipped silently). */
typedef struct {
    char *path;
    char *skip;   /* NULL: hash it */
} scan_item;

static void item_free(gpointer p)
{
    scan_item *it = p;
    g_free(it->path);
    g_free(it->skip);
    g_free(it);
}

static void add_item(GPtrArray *out, const char *path, char *skip)
{
    scan_item *it = g_new0(scan_item, 1);
    it->path = g_strdup(path);
    it->skip = skip;
    g_ptr_array_add(out, it);
}

static const char *kind_of(mode_t m)
{
    return S_ISCHR(m) ? "a character device" : S_ISBLK(m) ? "a block device"
           : S_ISFIFO(m) ? "a FIFO" : S_ISSOCK(m) ? "a socket" : "not a regular file";
}

static void collect(const char *dir, GPtrArray *out, unsigned depth)
{
    GError *e = NULL;
    GDir *d = g_dir_open(dir, 0, &e);
    if (!d) {
        add_item(out, dir, g_strdup_printf("unreadable directory (%s)", e->message));
        g_error_free(e);
        return;
    }
    const char *n;
    while ((n = g_dir_read_name(d))) {
        char *p = g_build_filename(dir, n, NULL);
        GStatBuf lst, st;
        if (g_lstat(p, &lst) != 0) {
            add_item(out, p, g_strdup_printf("cannot stat (%s)", g_strerror(errno)));
        } else if (S_ISLNK(lst.st_mode) && g_stat(p, &st) != 0) {
            add_item(out, p, g_strdup("broken symbolic link"));
        } else if (S_ISLNK(lst.st_mode) && S_ISDIR(st.st_mode)) {
            add_item(out, p, g_strdup("symbolic link to a directory, not followed (loops)"));
        } else if (S_ISDIR(lst.st_mode)) {
            if (depth + 1 > SCAN_MAX_DEPTH)
                add_item(out, p, g_strdup_printf("directory more than %u levels deep, not "
                                                 "scanned", SCAN_MAX_DEPTH));
            else
                collect(p, out, depth + 1);
        } else {
            mode_t m = S_ISLNK(lst.st_mode) ? st.st_mode : lst.st_mode;
            add_item(out, p, S_ISREG(m) ? NULL : g_strdup(kind_of(m)));
        }
        g_free(p);
    }
    g_dir_close(d);
}

static int cmp_item(gconstpointer a, gconstpointer b)
{
    return strcmp((*(scan_item *const *)a)->path, (*(scan_item *const *)b)->path);
}

/* What a "Mac OS ROM" file is (its published release, the image's version and
 * checksum), or why it is not a valid one. */
static char *describe_macos_rom(const uint8_t *data, size_t len)
{
    ww_macos_rom r;
    GError *err = NULL;
    const char *rel = ww_macos_rom_release(data, len);
    if (!ww_macos_rom_parse(data, len, &r, &err)) {
        char *s = g_strdup_printf("%s: %s", rel ? rel : "\"Mac OS ROM\" file", err->message);
        g_error_free(err);
        return s;
    }
    char *s = g_strdup_printf("%s (%s), Toolbox image %u bytes from %s, version $%04X, "
                              "checksum %08X (%s)", rel ? rel : "Mac OS ROM file",
                              r.description[0] ? r.description : "no description",
                              r.image->len, r.parcels ? "parcels" : "LZSS", r.version,
                              r.checksum, r.checksum == r.sum ? "matches" : "header value");
    ww_macos_rom_clear(&r);
    return s;
}

/* Hash one file; a reason to skip it, or NULL with *e set (or not) on a match;
 * *note says what a file the catalogue does not know is, if anything. */
static char *identify(ww_romcat *cat, const char *p, const ww_rom_entry **e, char **note)
{
    *e = NULL;
    *note = NULL;
    GStatBuf st;
    if (g_stat(p, &st) != 0)
        return g_strdup_printf("cannot stat (%s)", g_strerror(errno));
    if (!S_ISREG(st.st_mode))
        return g_strdup(kind_of(st.st_mode));
    if (st.st_size == 0)
        return g_strdup("empty");
    if ((uint64_t)st.st_size > SCAN_MAX_FILE)
        return g_strdup_printf("larger than %u MiB, more than any ROM", SCAN_MAX_FILE >> 20);
    gchar *data;
    gsize len;
    GError *err = NULL;
    if (!g_file_get_contents(p, &data, &len, &err)) {
        char *r = g_strdup_printf("unreadable (%s)", err->message);
        g_error_free(err);
        return r;
    }
    uint32_t crc;
    char sha[41];
    ww_rom_hash((const uint8_t *)data, len, &crc, sha);
    *e = ww_romcat_identify(cat, len, sha);
    if (!*e && ww_macos_rom_is((const uint8_t *)data, len))
        *note = describe_macos_rom((const uint8_t *)data, len);
    g_free(data);
    return NULL;
}

static int scan(ww_romcat *cat, int argc, char **argv)
{
    /* Every named path must exist: a typo is not "0 of 0 files identified". */
    for (int i = 0; i < argc; i++) {
        GStatBuf st;
        if (g_stat(argv[i], &st) != 0) {
            fprintf(stderr, "wirewrap roms scan: %s: %s\n", argv[i], g_strerror(errno));
            return 2;
        }
    }
    GPtrArray *items = g_ptr_array_new_with_free_func(item_free);
    for (int i = 0; i < argc; i++) {
        GStatBuf st;
        if (g_stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
            collect(argv[i], items, 0);
        else
            add_item(items, argv[i], NULL);   /* a named file: identify() checks it */
    }
    g_ptr_array_sort(items, cmp_item);
    bool tty = isatty(STDERR_FILENO);
    gint64 t0 = g_get_monotonic_time();
    bool bar = false;
    unsigned known = 0, hashed = 0, skipped = 0;
    for (guint i = 0; i < items->len; i++) {
        scan_item *it = items->pdata[i];
        if (tty && (bar || g_get_monotonic_time() - t0 > G_USEC_PER_SEC)) {
            bar = true;
            unsigned w = 30, done = (unsigned)((uint64_t)i * w / items->len);
            fprintf(stderr, "\r[%.*s%*s] %u/%u", (int)done, "##############################",
                    (int)(w - done), "", i, items->len);
            fflush(stderr);
        }
        const ww_rom_entry *e = NULL;
        char *note = NULL;
        char *skip = it->skip ? g_strdup(it->skip) : identify(cat, it->path, &e, &note);
        if (bar)
            fprintf(stderr, "\r%*s\r", 50, "");
        if (skip) {
            skipped++;
            fprintf(stderr, "wirewrap roms scan: %s: skipped: %s\n", it->path, skip);
            g_free(skip);
            continue;
        }
        hashed++;
        if (e) {
            known++;
            printf("%s: %s (%s)\n", it->path, e->id, e->title ? e->title : "");
        } else if (note) {
            known++;
            printf("%s: %s\n", it->path, note);
        }
        g_free(note);
    }
    if (bar)
        fprintf(stderr, "\r%*s\r", 50, "");
    printf("%u of %u files identified", known, hashed);
    if (skipped)
        printf("; %u skipped (reasons above)", skipped);
    printf("\n");
    g_ptr_array_free(items, TRUE);
    return 0;
}

/* `roms macos-rom FILE [-o IMAGE]` and `roms macos-rom --build IMAGE OUT [DESC]`. */
static int macos_rom_cmd(int argc, char **argv)
{
    GError *err = NULL;
    gchar *data = NULL;
    gsize len = 0;
    if (argc >= 3 && !strcmp(argv[0], "--build")) {
        if (!g_file_get_contents(argv[1], &data, &len, &err)) {
            fprintf(stderr, "wirewrap roms macos-rom: %s\n", err->message);
            g_error_free(err);
            return 1;
        }
        GByteArray *f = ww_macos_rom_build((const uint8_t *)data, len, argc > 3 ? argv[3] : NULL);
        bool ok = g_file_set_contents(argv[2], (const gchar *)f->data, f->len, &err);
        g_byte_array_free(f, TRUE);
        g_free(data);
        if (!ok) {
            fprintf(stderr, "wirewrap roms macos-rom: %s\n", err->message);
            g_error_free(err);
            return 1;
        }
        return 0;
    }
    if (argc != 1 && !(argc == 3 && !strcmp(argv[1], "-o"))) {
        fprintf(stderr, "usage: wirewrap roms macos-rom FILE [-o IMAGE] | --build IMAGE OUT "
                "[DESCRIPTION]\n");
        return 2;
    }
    if (!g_file_get_contents(argv[0], &data, &len, &err)) {
        fprintf(stderr, "wirewrap roms macos-rom: %s\n", err->message);
        g_error_free(err);
        return 1;
    }
    ww_macos_rom r;
    int rc = 0;
    if (!ww_macos_rom_parse((const uint8_t *)data, len, &r, &err)) {
        fprintf(stderr, "wirewrap roms macos-rom: %s: %s\n", argv[0], err->message);
        g_error_free(err);
        g_free(data);
        return 1;
    }
    const char *rel = ww_macos_rom_release((const uint8_t *)data, len);
    printf("release:      %s\n", rel ? rel : "(not a published release by its MD5)");
    printf("description:  %s\n", r.description);
    printf("compatible:   %s\n", r.compatible);
    printf("image:        %u bytes (%s at 0x%x, %u bytes in the file)\n", r.image->len,
           r.parcels ? "parcels" : "LZSS", r.data_offset, r.data_size);
    if (r.elf_size)
        printf("trampoline:   ELF, %u bytes at 0x%x\n", r.elf_size, r.elf_offset);
    printf("version:      $%04X\n", r.version);
    printf("checksum:     %08X (sum of the words after it: %08X, %s)\n", r.checksum, r.sum,
           r.checksum == r.sum ? "matches" : "differs");
    if (argc == 3 && !g_file_set_contents(argv[2], (const gchar *)r.image->data, r.image->len,
                                          &err)) {
        fprintf(stderr, "wirewrap roms macos-rom: %s\n", err->message);
        g_error_free(err);
        rc = 1;
    }
    ww_macos_rom_clear(&r);
    g_free(data);
    return rc;
}

static int roms_main(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        FILE *f = argc < 2 ? stderr : stdout;
        fprintf(f, "usage: wirewrap roms scan DIR|FILE...   identify ROM images by SHA-1\n"
                   "       wirewrap roms list               the catalogue (roms.txt)\n"
                   "       wirewrap roms macos-rom FILE [-o IMAGE]\n"
                   "                                        check a \"Mac OS ROM\" file, report its\n"
                   "                                        image's version and checksum, extract it\n"
                   "       wirewrap roms macos-rom --build IMAGE OUT [DESCRIPTION]\n"
                   "                                        wrap an image in that format (tests)\n");
        return argc < 2 ? 2 : 0;
    }
    if (!strcmp(argv[1], "macos-rom"))
        return macos_rom_cmd(argc - 2, argv + 2);
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
