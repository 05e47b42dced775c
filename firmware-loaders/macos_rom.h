/* firmware-loaders/macos_rom.h — the "Mac OS ROM" file of the New World Power
 * Macs (Mac OS 8.5 and later keep it in the System Folder; Open Firmware loads
 * it as a CHRP "bootinfo" file): a <CHRP-BOOT> script whose Forth constants
 * locate, in the same file, a trampoline ELF and the Toolbox ROM image —
 * LZSS-compressed ("lzss-offset"/"lzss-size", up to Mac OS ROM 7.x) or inside
 * a "prcl" parcels container ("parcels-offset"/"parcels-size", later ones) whose
 * 'rom ' parcel holds it, itself usually LZSS-compressed.
 *
 * Sources (format facts only): the "tbxi" Toolbox Imager's documentation and
 * dumper (Elliot Nunn; tbxi/bootinfo_dump.py: the "h# HEX constant NAME"
 * lines, the EOT after </CHRP-BOOT>; tbxi/lowlevel.py: the parcel node (link,
 * type, header size, flags, child count, child size, a[32], b[32]) and child
 * (type, flags, compression, unpacked length, checksum, packed length,
 * offset, name[32]) records, big-endian, the first node's offset at +12;
 * tbxi/slow_lzss.py: Okumura's LZSS, 4 KiB ring filled with spaces, writes from
 * 4096 - 18, flag bits LSB first, 1 = literal, 2-byte matches of 3-18 bytes);
 * the classic Mac ROM header (Inside Macintosh / Guide to the Macintosh Family
 * Hardware: checksum at 0, version word at 8) for what `roms` reports. */
#ifndef WW_MACOS_ROM_H
#define WW_MACOS_ROM_H
#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#define WW_MACOS_ROM_MAX_IMAGE (8u << 20)   /* a Toolbox image is 3-4 MiB */
#define WW_MACOS_ROM_MIN_IMAGE (64u << 10)

typedef struct ww_macos_rom {
    bool parcels;             /* the image came from a 'prcl' container */
    uint32_t info_size;       /* the script's info-size (0: absent) */
    uint32_t data_offset, data_size;   /* the lzss or parcels blob in the file */
    uint32_t elf_offset, elf_size;     /* the trampoline (0: absent) */
    char compatible[128];     /* <COMPATIBLE> text, first line */
    char description[128];    /* <DESCRIPTION> text, first line */
    GByteArray *image;        /* the decompressed Toolbox ROM image */
    uint32_t checksum;        /* the image header's checksum (offset 0) */
    uint32_t sum;             /* sum of the big-endian 16-bit words from offset 4 */
    uint16_t version;         /* the image header's version word (offset 8) */
} ww_macos_rom;

/* Check and unpack a "Mac OS ROM" file. On error, *err names what is wrong
 * (not a bootinfo file, a script that never ends, no image constants, a
 * truncated image or LZSS stream, a damaged parcel tree, an image too small
 * or too large) and *out holds nothing. */
bool ww_macos_rom_parse(const uint8_t *file, size_t len, ww_macos_rom *out, GError **err);
void ww_macos_rom_clear(ww_macos_rom *r);
static inline bool ww_macos_rom_is(const uint8_t *p, size_t len)
{
    return len >= 11 && !memcmp(p, "<CHRP-BOOT>", 11);
}

/* LZSS as the Mac OS ROM uses it. Decompression stops at the end of the input
 * (a final flag byte may announce fewer than 8 units); a match cut off by the
 * end, or output beyond max_out, is an error. */
bool ww_lzss_decompress(const uint8_t *in, size_t len, size_t max_out, GByteArray *out,
                        GError **err);
GByteArray *ww_lzss_compress(const uint8_t *in, size_t len);

/* A file of the same format around `image` (LZSS variant, no trampoline):
 * what the tests and `wirewrap roms macos-rom --build` make. */
GByteArray *ww_macos_rom_build(const uint8_t *image, size_t len, const char *description);

/* The published release a file is, by the MD5 of the whole file (roms.txt
 * lists them and says where they come from), or NULL. */
const char *ww_macos_rom_release(const uint8_t *file, size_t len);

#endif
