/* firmware-loaders/romcat.h — the ROM catalogue (roms.txt) and ROM lookup
 * (DESIGN.md §8). Lookup order: --rom-path, $WIREWRAP_ROM_PATH,
 * ~/.local/share/wirewrap/roms, then the Debian package directories. */
#ifndef WW_ROMCAT_H
#define WW_ROMCAT_H
#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct ww_rom_entry {
    char *id;
    uint64_t size;
    uint32_t crc32;
    char sha1[41];        /* lower-case hex */
    char **machines;      /* NULL-terminated */
    char **files;         /* file names to look for, NULL-terminated */
    char *source;         /* "debian:PACKAGE:/usr/share/…" or "user-supplied" */
    char *version;        /* package version the hashes were taken from, or NULL */
    bool any_version;     /* policy=any-version: the Debian file is accepted by size */
    char *title;
    int line;             /* in roms.txt */
} ww_rom_entry;

typedef struct ww_romcat ww_romcat;

/* Parse a catalogue; errors name file:line. */
ww_romcat *ww_romcat_load(const char *path, GError **err);
/* The repo's roms.txt (found like machines/). */
ww_romcat *ww_romcat_load_default(GError **err);
void ww_romcat_free(ww_romcat *c);
unsigned ww_romcat_entries(const ww_romcat *c, const ww_rom_entry *const **out);
const ww_rom_entry *ww_romcat_find(const ww_romcat *c, const char *id);
const ww_rom_entry *ww_romcat_identify(const ww_romcat *c, uint64_t size, const char *sha1);

/* Hash a buffer: CRC32 (zlib) and SHA-1 (GChecksum). */
void ww_rom_hash(const uint8_t *data, size_t len, uint32_t *crc, char sha1[41]);
/* Directories searched, in order (NULL-terminated; g_strfreev). */
char **ww_rom_search_dirs(const ww_romcat *c, const char *const *rom_path);
/* Find and read a ROM image whose hashes match the entry. On failure the error
 * names the id, expected size and hashes, and every directory searched. */
uint8_t *ww_rom_load(const ww_romcat *c, const ww_rom_entry *e, const char *const *rom_path,
                     size_t *len, char **found, GError **err);

#endif
