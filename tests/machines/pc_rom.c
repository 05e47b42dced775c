/* tests/machines/pc_rom.c — pc/q35 without its firmware: a missing
 * bios-256k.bin stops start-up with the roms.txt message (catalogue id, size,
 * hashes, where it comes from and every directory searched), not a crash or
 * a half-built machine. The test points the catalogue's Debian source at a
 * directory that does not exist, so the host's /usr/share/seabios is not
 * found. */
#include "tests/harness.h"
#include "core/mdl.h"
#include <glib/gstdio.h>

WW_TEST("machines/pc/missing_bios", t_missing_bios)
{
    char *roms = g_build_filename(ww_mdl_repo_dir(), "roms.txt", NULL);
    gchar *text;
    WW_CHECK(g_file_get_contents(roms, &text, NULL, NULL));
    GString *cat = g_string_new(text);
    g_string_replace(cat, ":/usr/share/seabios/", ":/nonexistent-ww/", 0);
    char *dir = g_dir_make_tmp("ww-rom-XXXXXX", NULL);
    char *path = g_build_filename(dir, "roms.txt", NULL);
    WW_CHECK(g_file_set_contents(path, cat->str, (gssize)cat->len, NULL));
    g_setenv("WIREWRAP_ROM_PATH", dir, TRUE);   /* an empty search directory */
    g_setenv("HOME", dir, TRUE);                /* no ~/.local/share/wirewrap/roms either */
    ww_mdl_opts opts = { .catalogue = path };
    GError *err = NULL;
    ww_machine *m = ww_mdl_load("pc/q35", NULL, &opts, &err);
    WW_CHECK(!m);
    WW_CHECK(err);
    ww_test_log("%s", err->message);
    WW_CHECK(strstr(err->message, "q35.xml:"));              /* file:line of the <rom> */
    WW_CHECK(strstr(err->message, "seabios-256k"));
    WW_CHECK(strstr(err->message, "262144"));
    WW_CHECK(strstr(err->message, "1ee27b6c94759a5c47ee867c24b476a905c98504"));
    WW_CHECK(strstr(err->message, "/nonexistent-ww"));       /* the directories searched */
    g_error_free(err);
    g_unlink(path);
    g_rmdir(dir);
    g_free(path);
    g_free(dir);
    g_free(roms);
    g_free(text);
    g_string_free(cat, TRUE);
}
