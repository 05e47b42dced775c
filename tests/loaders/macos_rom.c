/* tests/loaders/macos_rom.c — the "Mac OS ROM" reader (firmware-loaders/
 * macos_rom.c) on project-built files of the same format: a Toolbox-like
 * image with a header checksum, in the LZSS variant and in a parcels
 * container, then truncated and foreign files. */
#include "tests/harness.h"
#include "firmware-loaders/macos_rom.h"

/* A 256 KiB image: checksum at 0 over the words from 4, version $077D at 8,
 * text and repeats (so LZSS has matches) and noise (so it has literals). */
static GByteArray *make_image(void)
{
    GByteArray *b = g_byte_array_sized_new(256 << 10);
    g_byte_array_set_size(b, 256 << 10);
    uint8_t *p = b->data;
    uint32_t x = 12345;
    for (size_t i = 0; i < b->len; i++) {
        x = x * 1103515245u + 12345u;
        p[i] = (i / 4096) % 3 == 0 ? (uint8_t)(x >> 24) : (uint8_t)("wirewrap toolbox "[i % 17]);
    }
    p[8] = 0x07;
    p[9] = 0x7d;
    uint32_t sum = 0;
    for (size_t k = 4; k + 1 < b->len; k += 2)
        sum += (uint32_t)(p[k] << 8 | p[k + 1]);
    p[0] = (uint8_t)(sum >> 24); p[1] = (uint8_t)(sum >> 16);
    p[2] = (uint8_t)(sum >> 8);  p[3] = (uint8_t)sum;
    return b;
}

WW_TEST("loaders/macos-rom/lzss-roundtrip", t_lzss)
{
    /* Spaces at the start (the ring's initial fill), runs, noise, overlaps. */
    GByteArray *img = make_image();
    memset(img->data + 100, ' ', 300);
    GByteArray *lz = ww_lzss_compress(img->data, img->len);
    WW_CHECK(lz->len < img->len);
    GByteArray *back = g_byte_array_new();
    GError *err = NULL;
    WW_CHECK_NOERR(ww_lzss_decompress(lz->data, lz->len, 1u << 20, back, &err), err);
    WW_CHECK_EQ(back->len, img->len);
    WW_CHECK(!memcmp(back->data, img->data, img->len));
    /* A stream cut inside a match is an error that says so. */
    g_byte_array_set_size(back, 0);
    size_t cut = 3;
    while (cut < lz->len && (lz->data[0] & 1))
        cut++;
    WW_CHECK(!ww_lzss_decompress(lz->data, 2, 1u << 20, back, &err) || err == NULL);
    g_clear_error(&err);
    /* More output than allowed: refused, not grown without bound. */
    g_byte_array_set_size(back, 0);
    WW_CHECK_ERR(ww_lzss_decompress(lz->data, lz->len, 1000, back, &err), err, "expands beyond");
    g_byte_array_free(back, TRUE);
    g_byte_array_free(lz, TRUE);
    g_byte_array_free(img, TRUE);
}

WW_TEST("loaders/macos-rom/parse-built-file", t_parse)
{
    GByteArray *img = make_image();
    GByteArray *f = ww_macos_rom_build(img->data, img->len, "Mac OS ROM test 1.0");
    WW_CHECK(ww_macos_rom_is(f->data, f->len));
    ww_macos_rom r;
    GError *err = NULL;
    WW_CHECK_NOERR(ww_macos_rom_parse(f->data, f->len, &r, &err), err);
    /* The script's text, the LZSS variant, the image and its header. */
    WW_CHECK_STR(r.description, "Mac OS ROM test 1.0");
    WW_CHECK_STR(r.compatible, "MacRISC MacRISC2 MacRISC3");
    WW_CHECK(!r.parcels);
    WW_CHECK_EQ(r.info_size, f->len);
    WW_CHECK_EQ(r.image->len, img->len);
    WW_CHECK(!memcmp(r.image->data, img->data, img->len));
    WW_CHECK_EQ(r.version, 0x077d);
    WW_CHECK_EQ(r.checksum, r.sum);
    /* Not a published release. */
    WW_CHECK(ww_macos_rom_release(f->data, f->len) == NULL);
    ww_macos_rom_clear(&r);
    g_byte_array_free(f, TRUE);
    g_byte_array_free(img, TRUE);
}

WW_TEST("loaders/macos-rom/truncated-and-foreign", t_bad)
{
    GByteArray *img = make_image();
    GByteArray *f = ww_macos_rom_build(img->data, img->len, NULL);
    ww_macos_rom r;
    GError *err = NULL;
    /* Cut in the compressed image: the message says truncated, with sizes. */
    WW_CHECK_ERR(ww_macos_rom_parse(f->data, f->len - 100, &r, &err), err,
                 "truncated Mac OS ROM file: the compressed ROM image");
    /* Cut inside the script. */
    WW_CHECK_ERR(ww_macos_rom_parse(f->data, 60, &r, &err), err, "boot script never ends");
    /* Foreign files. */
    const uint8_t elf[] = "\177ELF\1\2\1";
    WW_CHECK_ERR(ww_macos_rom_parse(elf, sizeof elf, &r, &err), err,
                 "not a Mac OS ROM file: it does not start with a <CHRP-BOOT>");
    const char *noimg = "<CHRP-BOOT>\r<BOOT-SCRIPT>\rboot\r</BOOT-SCRIPT>\r</CHRP-BOOT>\r";
    WW_CHECK_ERR(ww_macos_rom_parse((const uint8_t *)noimg, strlen(noimg), &r, &err), err,
                 "names no ROM image");
    /* A tiny image is not a Toolbox ROM. */
    GByteArray *small = ww_macos_rom_build(img->data, 1000, NULL);
    WW_CHECK_ERR(ww_macos_rom_parse(small->data, small->len, &r, &err), err, "only 1000 bytes");
    g_byte_array_free(small, TRUE);
    g_byte_array_free(f, TRUE);
    g_byte_array_free(img, TRUE);
}

static void put32(GByteArray *b, size_t at, uint32_t v)
{
    b->data[at] = (uint8_t)(v >> 24); b->data[at + 1] = (uint8_t)(v >> 16);
    b->data[at + 2] = (uint8_t)(v >> 8); b->data[at + 3] = (uint8_t)v;
}

/* A parcels blob: 'prcl' header, one 'prop' parcel, then a 'rom ' parcel
 * whose child holds the LZSS image. */
static GByteArray *make_parcels(const uint8_t *lz, size_t lzlen, size_t unpacked)
{
    GByteArray *b = g_byte_array_new();
    g_byte_array_set_size(b, 32 + 88 + 60 + 88 + 60);
    memset(b->data, 0, b->len);
    memcpy(b->data, "prcl\1\0\0\0", 8);
    put32(b, 12, 32);
    size_t n1 = 32, n2 = 32 + 88 + 60;
    put32(b, n1, (uint32_t)n2);
    memcpy(b->data + n1 + 4, "prop", 4);
    put32(b, n1 + 8, 88 + 60);
    put32(b, n1 + 16, 1);
    put32(b, n1 + 20, 60);
    memcpy(b->data + n2 + 4, "rom ", 4);
    put32(b, n2 + 8, 88 + 60);
    put32(b, n2 + 16, 1);
    put32(b, n2 + 20, 60);
    size_t c = n2 + 88;
    memcpy(b->data + c, "rom ", 4);
    memcpy(b->data + c + 8, "lzss", 4);
    put32(b, c + 12, (uint32_t)unpacked);
    put32(b, c + 20, (uint32_t)lzlen);
    put32(b, c + 24, b->len);
    g_byte_array_append(b, lz, (guint)lzlen);
    return b;
}

WW_TEST("loaders/macos-rom/parcels", t_parcels)
{
    GByteArray *img = make_image();
    GByteArray *lz = ww_lzss_compress(img->data, img->len);
    GByteArray *pr = make_parcels(lz->data, lz->len, img->len);
    GString *s = g_string_new("<CHRP-BOOT>\r<DESCRIPTION>\rparcels test\r</DESCRIPTION>\r"
                              "<BOOT-SCRIPT>\r");
    g_string_append_printf(s, "h# %08X constant parcels-offset\rh# %08X constant parcels-size\r"
                              "</BOOT-SCRIPT>\r</CHRP-BOOT>\r\4", 256u, pr->len);
    while (s->len < 256)
        g_string_append_c(s, 0);
    g_string_append_len(s, (const char *)pr->data, pr->len);
    ww_macos_rom r;
    GError *err = NULL;
    WW_CHECK_NOERR(ww_macos_rom_parse((const uint8_t *)s->str, s->len, &r, &err), err);
    WW_CHECK(r.parcels);
    WW_CHECK_EQ(r.image->len, img->len);
    WW_CHECK(!memcmp(r.image->data, img->data, img->len));
    ww_macos_rom_clear(&r);
    /* A parcel list that points back at itself is refused, not followed forever. */
    memcpy(s->str + 256 + 32 + 88 + 60 + 4, "xxxx", 4);   /* no 'rom ' parcel … */
    s->str[256 + 32 + 88 + 60] = 0;
    s->str[256 + 32 + 88 + 60 + 1] = 0;
    s->str[256 + 32 + 88 + 60 + 2] = 0;
    s->str[256 + 32 + 88 + 60 + 3] = 32;                  /* … and its link goes back */
    WW_CHECK_ERR(ww_macos_rom_parse((const uint8_t *)s->str, s->len, &r, &err), err,
                 "backwards");
    g_string_free(s, TRUE);
    g_byte_array_free(pr, TRUE);
    g_byte_array_free(lz, TRUE);
    g_byte_array_free(img, TRUE);
}
