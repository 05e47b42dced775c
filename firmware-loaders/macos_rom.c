/* firmware-loaders/macos_rom.c — reading (and, for tests, writing) the New
 * World "Mac OS ROM" file (macos_rom.h has the format and its sources). Every
 * offset and length taken from the file is checked before use. */
#include "firmware-loaders/macos_rom.h"
#include "core/error.h"
#include <stdio.h>
#include <string.h>

#define RING 4096u
#define MAXMATCH 18u
#define THRESHOLD 2u
#define SCRIPT_MAX (64u << 10)   /* a boot script is a few KiB */

static bool fail(GError **err, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static bool fail(GError **err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *m = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_set_error_literal(err, WW_ERROR, WW_ERROR_INVALID, m);
    g_free(m);
    return false;
}

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* ---- LZSS ------------------------------------------------------------------ */

bool ww_lzss_decompress(const uint8_t *in, size_t len, size_t max_out, GByteArray *out,
                        GError **err)
{
    uint8_t ring[RING];
    memset(ring, ' ', sizeof ring);
    unsigned r = RING - MAXMATCH;
    size_t i = 0;
    while (i < len) {
        uint8_t flags = in[i++];
        for (unsigned bit = 0; bit < 8 && i < len; bit++) {
            if (flags & (1u << bit)) {
                if (out->len >= max_out)
                    return fail(err, "the LZSS image expands beyond %zu bytes", max_out);
                uint8_t c = in[i++];
                g_byte_array_append(out, &c, 1);
                ring[r++ % RING] = c;
            } else {
                if (i + 1 >= len)
                    return fail(err, "truncated LZSS stream: a match at byte %zu lacks its "
                                "second byte", i);
                unsigned pos = in[i] | (in[i + 1] & 0xf0u) << 4;
                unsigned n = (in[i + 1] & 0x0fu) + THRESHOLD + 1;
                i += 2;
                if (out->len + n > max_out)
                    return fail(err, "the LZSS image expands beyond %zu bytes", max_out);
                for (unsigned k = 0; k < n; k++) {
                    uint8_t c = ring[(pos + k) % RING];
                    g_byte_array_append(out, &c, 1);
                    ring[r++ % RING] = c;
                }
            }
        }
    }
    return true;
}

/* Greedy LZSS with a hash of 3-byte prefixes and a short chain of earlier
 * positions: not Okumura's optimal parse, but a stream his decoder reads.
 * Positions are ring indices: plain byte p is at (RING - MAXMATCH + p) % RING. */
GByteArray *ww_lzss_compress(const uint8_t *in, size_t len)
{
    enum { HASH = 1 << 14, CHAIN = 16 };
    GByteArray *out = g_byte_array_new();
    int32_t *head = g_new(int32_t, HASH), *prev = g_new(int32_t, len ? len : 1);
    for (unsigned k = 0; k < HASH; k++)
        head[k] = -1;
    size_t p = 0;
    while (p < len) {
        size_t flag_at = out->len;
        uint8_t flags = 0, z = 0;
        g_byte_array_append(out, &z, 1);
        for (unsigned bit = 0; bit < 8 && p < len; bit++) {
            size_t best = 0, best_q = 0;
            if (p + THRESHOLD + 1 <= len) {
                unsigned h = ((unsigned)in[p] << 8 ^ (unsigned)in[p + 1] << 4 ^ in[p + 2]) % HASH;
                int32_t q = head[h];
                for (unsigned c = 0; q >= 0 && c < CHAIN; c++, q = prev[q]) {
                    /* stay inside the part of the ring not yet overwritten */
                    if (p - (size_t)q > RING - MAXMATCH)
                        break;
                    size_t n = 0;
                    while (n < MAXMATCH && p + n < len && in[q + n] == in[p + n])
                        n++;
                    if (n > best) {
                        best = n;
                        best_q = (size_t)q;
                    }
                }
            }
            size_t step = best > THRESHOLD ? best : 1;
            if (best > THRESHOLD) {
                unsigned pos = (unsigned)((RING - MAXMATCH + best_q) % RING);
                uint8_t b[2] = { (uint8_t)pos, (uint8_t)((pos >> 4 & 0xf0) | (best - THRESHOLD - 1)) };
                g_byte_array_append(out, b, 2);
            } else {
                flags |= (uint8_t)(1u << bit);
                g_byte_array_append(out, &in[p], 1);
            }
            for (size_t k = 0; k < step; k++, p++) {
                if (p + 2 < len) {
                    unsigned h = ((unsigned)in[p] << 8 ^ (unsigned)in[p + 1] << 4 ^ in[p + 2]) % HASH;
                    prev[p] = head[h];
                    head[h] = (int32_t)p;
                }
            }
        }
        out->data[flag_at] = flags;
    }
    g_free(head);
    g_free(prev);
    return out;
}

/* ---- the boot script -------------------------------------------------------- */

/* "h# HEX constant NAME" in the script; false if absent. */
static bool constant(const char *script, const char *name, uint32_t *v)
{
    for (const char *p = strstr(script, "h#"); p; p = strstr(p + 2, "h#")) {
        const char *q = p + 2;
        while (*q == ' ' || *q == '\t')
            q++;
        char *end;
        unsigned long x = strtoul(q, &end, 16);
        if (end == q)
            continue;
        q = end;
        while (*q == ' ' || *q == '\t')
            q++;
        if (strncmp(q, "constant", 8))
            continue;
        q += 8;
        while (*q == ' ' || *q == '\t')
            q++;
        size_t n = strlen(name);
        if (!strncmp(q, name, n) && (q[n] == '\r' || q[n] == '\n' || q[n] == ' ' || !q[n])) {
            *v = (uint32_t)x;
            return true;
        }
    }
    return false;
}

/* The first non-empty line between <TAG> and </TAG>. */
static void tag_text(const char *script, const char *tag, char *out, size_t outlen)
{
    char open[40], close[40];
    snprintf(open, sizeof open, "<%s>", tag);
    snprintf(close, sizeof close, "</%s>", tag);
    out[0] = 0;
    const char *a = strstr(script, open), *b = a ? strstr(a, close) : NULL;
    if (!a || !b)
        return;
    a += strlen(open);
    while (a < b && (*a == '\r' || *a == '\n' || *a == ' ' || *a == '\t'))
        a++;
    size_t n = 0;
    while (a + n < b && a[n] != '\r' && a[n] != '\n')
        n++;
    n = MIN(n, outlen - 1);
    memcpy(out, a, n);
    out[n] = 0;
}

/* ---- parcels ------------------------------------------------------------------- */

enum { NODE_SIZE = 88, CHILD_SIZE = 60 };

/* Find the 'rom ' parcel's child and unpack it. */
static bool parcels_image(const uint8_t *p, size_t len, GByteArray *out, GError **err)
{
    if (len < 16 || memcmp(p, "prcl", 4))
        return fail(err, "the parcels blob does not start with 'prcl'");
    uint32_t at = be32(p + 12);
    for (unsigned nodes = 0; at; nodes++) {
        if (nodes > 10000)
            return fail(err, "the parcel list loops (more than 10000 parcels)");
        if (at > len || len - at < NODE_SIZE)
            return fail(err, "parcel at 0x%x lies outside the %zu-byte blob", at, len);
        const uint8_t *n = p + at;
        uint32_t link = be32(n), hdr = be32(n + 8), csize = be32(n + 20);
        if (hdr < NODE_SIZE || hdr > len - at)
            return fail(err, "parcel at 0x%x has a header size of %u", at, hdr);
        if (!memcmp(n + 4, "rom ", 4)) {
            if (csize < CHILD_SIZE || hdr - NODE_SIZE < csize)
                return fail(err, "the 'rom ' parcel has no child record");
            const uint8_t *c = n + NODE_SIZE;
            uint32_t unpacked = be32(c + 12), packed = be32(c + 20), ptr = be32(c + 24);
            if (ptr > len || packed > len - ptr)
                return fail(err, "truncated: the 'rom ' parcel's data (%u bytes at 0x%x) runs "
                            "past the end of the parcels (%zu bytes)", packed, ptr, len);
            if (!memcmp(c + 8, "lzss", 4)) {
                if (!ww_lzss_decompress(p + ptr, packed, WW_MACOS_ROM_MAX_IMAGE, out, err))
                    return false;
                if (unpacked && out->len != unpacked)
                    return fail(err, "the 'rom ' parcel unpacks to %u bytes; its record says %u",
                                out->len, unpacked);
            } else {
                g_byte_array_append(out, p + ptr, packed);
            }
            return true;
        }
        if (link && link <= at)
            return fail(err, "the parcel list goes backwards at 0x%x (a loop)", at);
        at = link;
    }
    return fail(err, "no 'rom ' parcel in the parcels");
}

/* ---- the file ------------------------------------------------------------------ */

void ww_macos_rom_clear(ww_macos_rom *r)
{
    if (r->image)
        g_byte_array_free(r->image, TRUE);
    memset(r, 0, sizeof *r);
}

bool ww_macos_rom_parse(const uint8_t *file, size_t len, ww_macos_rom *out, GError **err)
{
    memset(out, 0, sizeof *out);
    if (!ww_macos_rom_is(file, len))
        return fail(err, "not a Mac OS ROM file: it does not start with a <CHRP-BOOT> boot "
                    "script");
    size_t slen = MIN(len, (size_t)SCRIPT_MAX);
    char *script = g_strndup((const char *)file, slen);
    char *end = strstr(script, "</CHRP-BOOT>");
    bool ok = false;
    if (!end) {
        fail(err, len < SCRIPT_MAX ? "truncated Mac OS ROM file: the boot script never ends "
                                     "(no </CHRP-BOOT> in its %zu bytes)"
                                   : "not a Mac OS ROM file: no </CHRP-BOOT> in the first "
                                     "%zu bytes", slen);
        goto out;
    }
    end[0] = 0;
    tag_text(script, "COMPATIBLE", out->compatible, sizeof out->compatible);
    tag_text(script, "DESCRIPTION", out->description, sizeof out->description);
    constant(script, "info-size", &out->info_size);
    if (constant(script, "elf-offset", &out->elf_offset))
        constant(script, "elf-size", &out->elf_size);
    bool lz = constant(script, "lzss-offset", &out->data_offset) &&
              constant(script, "lzss-size", &out->data_size);
    bool pr = !lz && constant(script, "parcels-offset", &out->data_offset) &&
              constant(script, "parcels-size", &out->data_size);
    if (!lz && !pr) {
        fail(err, "not a Mac OS ROM file: its boot script names no ROM image (no lzss-offset/"
             "lzss-size or parcels-offset/parcels-size constants)");
        goto out;
    }
    out->parcels = pr;
    if (out->data_offset > len || out->data_size > len - out->data_offset) {
        fail(err, "truncated Mac OS ROM file: the %s (%u bytes at 0x%x) runs past the end of "
             "the file (%zu bytes)", pr ? "parcels" : "compressed ROM image", out->data_size,
             out->data_offset, len);
        goto out;
    }
    if (out->elf_size && (out->elf_offset > len || out->elf_size > len - out->elf_offset)) {
        fail(err, "truncated Mac OS ROM file: the trampoline ELF (%u bytes at 0x%x) runs past "
             "the end of the file (%zu bytes)", out->elf_size, out->elf_offset, len);
        goto out;
    }
    out->image = g_byte_array_new();
    const uint8_t *blob = file + out->data_offset;
    GError *e = NULL;
    if (pr ? !parcels_image(blob, out->data_size, out->image, &e)
           : !ww_lzss_decompress(blob, out->data_size, WW_MACOS_ROM_MAX_IMAGE, out->image, &e)) {
        fail(err, "damaged Mac OS ROM file: %s", e->message);
        g_error_free(e);
        goto out;
    }
    if (out->image->len < WW_MACOS_ROM_MIN_IMAGE) {
        fail(err, "damaged Mac OS ROM file: the ROM image is only %u bytes; expected a Toolbox "
             "ROM of at least %u KiB", out->image->len, WW_MACOS_ROM_MIN_IMAGE >> 10);
        goto out;
    }
    const uint8_t *img = out->image->data;
    out->checksum = be32(img);
    out->version = (uint16_t)(img[8] << 8 | img[9]);
    uint32_t sum = 0;
    for (size_t k = 4; k + 1 < out->image->len; k += 2)
        sum += (uint32_t)(img[k] << 8 | img[k + 1]);
    out->sum = sum;
    ok = true;
out:
    g_free(script);
    if (!ok) {
        GByteArray *im = out->image;
        out->image = NULL;
        if (im)
            g_byte_array_free(im, TRUE);
    }
    return ok;
}

GByteArray *ww_macos_rom_build(const uint8_t *image, size_t len, const char *description)
{
    GByteArray *lz = ww_lzss_compress(image, len);
    GString *s = g_string_new(NULL);
    /* Offsets are filled in once known: fixed-width hex, as the real scripts have. */
    g_string_append_printf(s, "<CHRP-BOOT>\r<COMPATIBLE>\rMacRISC MacRISC2 MacRISC3\r"
                              "</COMPATIBLE>\r<DESCRIPTION>\r%s\r</DESCRIPTION>\r"
                              "<BOOT-SCRIPT>\r"
                              "h# %08X constant lzss-offset\r"
                              "h# %08X constant lzss-size\r"
                              "h# %08X constant info-size\r"
                              "\" wirewrap test file: not bootable\" type cr\r"
                              "</BOOT-SCRIPT>\r</CHRP-BOOT>\r\x04",
                           description ? description : "wirewrap test ROM", 0u, 0u, 0u);
    while (s->len % 16)
        g_string_append_c(s, 0);
    uint32_t off = (uint32_t)s->len, size = lz->len, info = off + size;
    char num[9];
    const char *names[] = { "constant lzss-offset", "constant lzss-size", "constant info-size" };
    uint32_t vals[] = { off, size, info };
    for (unsigned k = 0; k < 3; k++) {
        char *at = strstr(s->str, names[k]);
        snprintf(num, sizeof num, "%08X", vals[k]);
        memcpy(at - 9, num, 8);
    }
    GByteArray *out = g_byte_array_new();
    g_byte_array_append(out, (const uint8_t *)s->str, (guint)s->len);
    g_byte_array_append(out, lz->data, lz->len);
    g_string_free(s, TRUE);
    g_byte_array_free(lz, TRUE);
    return out;
}

/* Published releases by the MD5 of the file's data fork. The list and its
 * source are in roms.txt (section "New World Power Macs: Mac OS ROM files"). */
static const struct { const char *md5, *release; } releases[] = {
    { "e0fc03faa589ee066c411b4603e0ac89", "Mac OS ROM 1.1" },
    { "17b134a0d837518498c06579aa4ff053", "Mac OS ROM 1.1.2" },
    { "133ef27acf2f360341870f212c7207d7", "Mac OS ROM 1.1.5" },
    { "3756f699eadaabf0abf8d3322bed70e5", "Mac OS ROM 1.2" },
    { "483233f45e8ca33fd2fbe5201f06ac18", "Mac OS ROM 1.2.1" },
    { "1bf445c27513dba473cca51219184b07", "Mac OS ROM 1.4" },
    { "be65e1c4f04a3f2881d6e8de47d66454", "Mac OS ROM 1.6" },
    { "dd26176882d14c39219aca668d7e97cb", "Mac OS ROM 1.7.1" },
    { "02350bfe27c4dea1d2c13008efb3a036", "Mac OS ROM 1.8.1" },
    { "722fe6481b4d5c04e005e5ba000eb00e", "Mac OS ROM 2.3.1" },
    { "4bb3e019c5d7bfd5f3a296c13ad7f08f", "Mac OS ROM 2.5.1" },
    { "d387acd4503ce24e941f1131433bbc0f", "Mac OS ROM 3.0" },
    { "9e990cde6c30a3ab916c1390b29786c7", "Mac OS ROM 3.1.1" },
    { "bbfbb4c884741dd75e03f3de67bf9370", "Mac OS ROM 3.2.1" },
    { "386ea1c81730f9b06bfc2e6c36be8d59", "Mac OS ROM 3.5" },
    { "8f388ccf6f96c58bda5ae83d207ca85a", "Mac OS ROM 3.7" },
    { "3f182e059a60546f93114ed3798d5751", "Mac OS ROM 3.8" },
    { "bf9f186ba2dcaaa0bc2b9762a4bf0c4a", "Mac OS ROM 4.6.1" },
    { "52ea9e30d59796ce8c4822eeeb0f543e", "Mac OS ROM 5.2.1" },
    { "5e9a959067e1261d19427f983dd10162", "Mac OS ROM 6.1" },
    { "19d596fc3028612edb1553e4d2e0f345", "Mac OS ROM 6.7.1" },
    { "14cd0b3d8a7e022620b815f4983269ce", "Mac OS ROM 7.5.1" },
    { "28a08b4d5d5e4ab113c5fc1b25955a7c", "Mac OS ROM 7.8.1" },
    { "1486fe0b293e23125c00b9209435365c", "Mac OS ROM 7.9.1" },
    { "6fc4679862b2106055b1ce301822ffeb", "Mac OS ROM 8.3.1" },
    { "f97d43821fea307578697a64b1705f8b", "Mac OS ROM 8.4" },
    { "d81574f35e97a658eab99df52529251e", "Mac OS ROM 8.6.1" },
    { "97db5e70d05ab7568d8a1f7ddd3b901a", "Mac OS ROM 8.7" },
    { "65e3bc1fee886bbe1aabe0faa4b8cda2", "Mac OS ROM 8.9.1" },
    { "66210b4f71df8a580eb175f52b9d0f88", "Mac OS ROM 9.0.1" },
    { "c5f7aaaf28d7c7eac746e9f26b183816", "Mac OS ROM 9.1.1" },
    { "13889037360fe1567c7e7f89807453b0", "Mac OS ROM 9.2.1f2" },
    { "b36a5f1d814291a22457adfa2331b379", "Mac OS ROM 9.5.1" },
    { "3c08de22aeaa7d7fdb14df848fbaa90d", "Mac OS ROM 9.6.1" },
    { "e74f8c6bb52a641b856d821be7a65275", "Mac OS ROM 9.7.1" },
    { "4e8d07f8e0d4af6d06336688013972c3", "Mac OS ROM 9.8.1" },
    { "1fb3de4d87889c26068dd88779dc20e2", "Mac OS ROM 10.1.1" },
    { "48fd7a428aaebeaec2dea347795a4910", "Mac OS ROM 10.2.1" },
};

const char *ww_macos_rom_release(const uint8_t *file, size_t len)
{
    gchar *md5 = g_compute_checksum_for_data(G_CHECKSUM_MD5, file, len);
    const char *r = NULL;
    for (size_t i = 0; i < G_N_ELEMENTS(releases) && !r; i++)
        if (!strcmp(md5, releases[i].md5))
            r = releases[i].release;
    g_free(md5);
    return r;
}
