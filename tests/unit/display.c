/* tests/unit/display.c — the display pipeline (core/display.h) with a fake
 * source: dirty maps, conversion of every packed format against a reference,
 * only dirty lines converted, text cells, the hardware cursor, scaling, PNG
 * files, and sources that publish nonsense (sizes, pointers, cursors). */
#include "tests/harness.h"
#include "core/display.h"
#include <glib/gstdio.h>

typedef struct {
    ww_display_mode m;
    uint8_t *mem;
    size_t size;
    ww_dirty dirty;
    uint32_t pal[256];
    ww_display_cursor cur;
    unsigned lines_rendered;
} fake;

static void fake_mode(ww_chip *c, ww_display_mode *m)
{
    fake *f = (fake *)c;
    *m = f->m;
    m->mem = f->mem;
    m->mem_size = f->size;
    m->dirty = &f->dirty;
    m->palette = f->pal;
}

static void fake_line(ww_chip *c, unsigned y, uint32_t *dst)
{
    fake *f = (fake *)c;
    f->lines_rendered++;
    for (unsigned x = 0; x < f->m.width; x++)
        dst[x] = y << 8 | x;
}

static const ww_display_ops fake_ops = { .mode = fake_mode, .render_line = fake_line };

static void fake_init(fake *f, size_t size)
{
    memset(f, 0, sizeof *f);
    f->size = size;
    f->mem = g_malloc0(size);
    ww_dirty_init(&f->dirty, size, 10);
    for (unsigned i = 0; i < 256; i++)
        f->pal[i] = (i * 0x010203u) & 0xffffff;
}

static void fake_free(fake *f)
{
    g_free(f->mem);
    ww_dirty_free(&f->dirty);
}

static uint32_t px(ww_display *d, unsigned x, unsigned y)
{
    unsigned pitch;
    const uint32_t *p = ww_display_pixels(d, &pitch);
    return p[(size_t)y * pitch / 4 + x] & 0xffffff;
}

WW_TEST("unit/display/dirty_map", t_dirty)
{
    ww_dirty d;
    ww_dirty_init(&d, 1 << 20, 12);
    WW_CHECK(d.all);                     /* a new map asks for everything */
    ww_dirty_clear(&d);
    WW_CHECK(!ww_dirty_any(&d));
    ww_dirty_mark(&d, 0x3fff, 2);        /* straddles pages 3 and 4 */
    WW_CHECK(ww_dirty_test(&d, 0x3000, 1));
    WW_CHECK(ww_dirty_test(&d, 0x4fff, 1));
    WW_CHECK(!ww_dirty_test(&d, 0x5000, 0x1000));
    WW_CHECK(!ww_dirty_test(&d, 0x100000, 16));      /* past the end: no */
    ww_dirty_mark(&d, 0xfffff, 100);                  /* clipped to the last page */
    WW_CHECK(ww_dirty_test(&d, 0xff000, 1));
    WW_CHECK(ww_dirty_test(&d, 0, UINT64_MAX));       /* wrapping length: tested to the end */
    ww_dirty_free(&d);
}

WW_TEST("unit/display/packed_formats", t_formats)
{
    static const ww_pixfmt fmts[] = { WW_PIXFMT_PAL8, WW_PIXFMT_RGB555, WW_PIXFMT_RGB565,
                                      WW_PIXFMT_RGB888, WW_PIXFMT_XRGB8888 };
    for (unsigned k = 0; k < G_N_ELEMENTS(fmts); k++) {
        fake f;
        fake_init(&f, 1 << 20);
        for (size_t i = 0; i < f.size; i++)
            f.mem[i] = (uint8_t)(i * 7 + (i >> 9));
        unsigned bpp = ww_pixfmt_bits(fmts[k]) / 8;
        f.m = (ww_display_mode){ .kind = WW_DISPLAY_PACKED, .width = 100, .height = 50,
                                 .format = fmts[k], .base = 12, .pitch = 100 * bpp + 16 };
        ww_display *d = ww_display_new();
        ww_display_attach(d, &fake_ops, (ww_chip *)&f);
        WW_CHECK_EQ(ww_display_update(d), 50);
        for (unsigned y = 0; y < 50; y += 7)
            for (unsigned x = 0; x < 100; x += 3) {
                const uint8_t *p = f.mem + 12 + y * f.m.pitch + x * bpp;
                uint32_t want;
                switch (fmts[k]) {
                case WW_PIXFMT_PAL8: want = f.pal[p[0]]; break;
                case WW_PIXFMT_RGB555: {
                    unsigned v = p[0] | p[1] << 8, r = v >> 10 & 31, g = v >> 5 & 31, b = v & 31;
                    want = (r << 3 | r >> 2) << 16 | (g << 3 | g >> 2) << 8 | (b << 3 | b >> 2);
                    break;
                }
                case WW_PIXFMT_RGB565: {
                    unsigned v = p[0] | p[1] << 8, r = v >> 11 & 31, g = v >> 5 & 63, b = v & 31;
                    want = (r << 3 | r >> 2) << 16 | (g << 2 | g >> 4) << 8 | (b << 3 | b >> 2);
                    break;
                }
                case WW_PIXFMT_RGB888: want = p[0] | p[1] << 8 | (uint32_t)p[2] << 16; break;
                default: want = p[0] | p[1] << 8 | (uint32_t)p[2] << 16; break;
                }
                WW_CHECK_MSG(px(d, x, y) == want, "%s (%u,%u): %06x, expected %06x",
                             ww_pixfmt_name(fmts[k]), x, y, px(d, x, y), want);
            }
        ww_display_free(d);
        fake_free(&f);
    }
}

WW_TEST("unit/display/only_dirty_lines", t_only_dirty)
{
    fake f;
    fake_init(&f, 1 << 20);
    f.m = (ww_display_mode){ .kind = WW_DISPLAY_PACKED, .width = 1024, .height = 768,
                             .format = WW_PIXFMT_PAL8, .pitch = 1024 };
    ww_display *d = ww_display_new();
    ww_display_attach(d, &fake_ops, (ww_chip *)&f);
    WW_CHECK_EQ(ww_display_update(d), 768);
    WW_CHECK_EQ(ww_display_update(d), 0);
    /* A byte of line 300 (1 KiB pages: one line per page). */
    f.mem[300 * 1024 + 5] = 9;
    ww_dirty_mark(&f.dirty, 300 * 1024 + 5, 1);
    WW_CHECK_EQ(ww_display_update(d), 1);
    WW_CHECK_EQ(px(d, 5, 300), f.pal[9]);
    /* A palette change redraws everything. */
    f.pal[9] = 0x123456;
    WW_CHECK_EQ(ww_display_update(d), 768);
    WW_CHECK_EQ(px(d, 5, 300), 0x123456);
    /* A geometry change too. */
    f.m.base = 1024;
    WW_CHECK_EQ(ww_display_update(d), 768);
    WW_CHECK_EQ(px(d, 5, 299), 0x123456);
    ww_display_free(d);
    fake_free(&f);
}

WW_TEST("unit/display/lines_and_blank", t_lines)
{
    fake f;
    fake_init(&f, 64 * 1024);
    f.m = (ww_display_mode){ .kind = WW_DISPLAY_LINES, .width = 64, .height = 32, .pitch = 256,
                             .line_bytes = 256 };
    ww_display *d = ww_display_new();
    ww_display_attach(d, &fake_ops, (ww_chip *)&f);
    WW_CHECK_EQ(ww_display_update(d), 32);
    WW_CHECK_EQ(px(d, 10, 20), 20u << 8 | 10);
    f.lines_rendered = 0;
    ww_dirty_mark(&f.dirty, 5 * 256, 1);       /* line 5's bytes share a 1 KiB page with 4 lines */
    WW_CHECK_EQ(ww_display_update(d), 4);
    WW_CHECK_EQ(f.lines_rendered, 4);
    f.m.kind = WW_DISPLAY_BLANK;
    WW_CHECK_EQ(ww_display_update(d), 32);
    WW_CHECK_EQ(px(d, 10, 20), 0);
    ww_display_free(d);
    fake_free(&f);
}

WW_TEST("unit/display/text_cells", t_text)
{
    fake f;
    fake_init(&f, 64 * 1024);
    ww_display_text *t = &f.m.text;
    f.m.kind = WW_DISPLAY_TEXT;
    *t = (ww_display_text){ .cols = 4, .rows = 2, .cell_w = 9, .cell_h = 4, .row_pitch = 8,
                            .cell_pitch = 2, .attr_delta = 1, .font_base = { 0x1000, 0x1000 },
                            .glyph_pitch = 4, .line_pitch = 1, .wrap = 0xffff,
                            .line_graphics = true, .blink = true, .blink_on = true };
    for (unsigned i = 0; i < 16; i++)
        t->palette[i] = i * 0x111111u;
    /* glyph 'A' line 1 = 0x81 (leftmost and rightmost dot), 0xC4 line 2 = 0x01 */
    f.mem[0x1000 + 'A' * 4 + 1] = 0x81;
    f.mem[0x1000 + 0xc4 * 4 + 2] = 0x01;
    f.mem[0] = 'A';
    f.mem[1] = 0x1f;     /* white on blue */
    f.mem[2] = 0xc4;
    f.mem[3] = 0x07;
    f.mem[8 + 2] = 'A';
    f.mem[8 + 3] = 0x8a;  /* blinking */
    ww_display *d = ww_display_new();
    ww_display_attach(d, &fake_ops, (ww_chip *)&f);
    ww_display_update(d);
    WW_CHECK_EQ(ww_display_width(d), 36);
    WW_CHECK_EQ(ww_display_height(d), 8);
    WW_CHECK_EQ(px(d, 0, 1), t->palette[15]);
    WW_CHECK_EQ(px(d, 1, 1), t->palette[1]);
    WW_CHECK_EQ(px(d, 7, 1), t->palette[15]);
    WW_CHECK_EQ(px(d, 8, 1), t->palette[1]);      /* 9th dot of a letter: background */
    WW_CHECK_EQ(px(d, 9 + 7, 2), t->palette[7]);
    WW_CHECK_EQ(px(d, 9 + 8, 2), t->palette[7]);  /* C4h: line graphics repeat */
    WW_CHECK_EQ(px(d, 9 + 0, 4 + 1), t->palette[10]);
    /* Blink phase off: the blinking cell shows its background only. */
    t->blink_on = false;
    WW_CHECK(ww_display_update(d) > 0);
    WW_CHECK_EQ(px(d, 9 + 0, 4 + 1), t->palette[0]);
    /* The cursor: its lines in the foreground colour. */
    t->cursor = true;
    t->cursor_row = 0;
    t->cursor_col = 3;
    t->cursor_start = 2;
    t->cursor_end = 3;
    WW_CHECK_EQ(ww_display_update(d), 4);
    WW_CHECK_EQ(px(d, 27 + 4, 3), t->palette[0]);   /* attribute 00h there: black on black */
    ww_display_free(d);
    fake_free(&f);
}

WW_TEST("unit/display/cursor_composite_and_clip", t_cursor)
{
    fake f;
    fake_init(&f, 1 << 16);
    f.m = (ww_display_mode){ .kind = WW_DISPLAY_PACKED, .width = 100, .height = 100,
                             .format = WW_PIXFMT_PAL8, .pitch = 100 };
    memset(f.mem, 1, 100 * 100);
    f.cur.on = true;
    f.cur.w = 4;
    f.cur.h = 2;
    f.cur.x = 98;                /* half off the right edge */
    f.cur.y = 10;
    for (unsigned i = 0; i < 8; i++)
        f.cur.pixels[i] = i < 4 ? 0xff00ff00u : WW_CURSOR_INVERT | 0xffffff;
    f.m.cursor = &f.cur;
    ww_display *d = ww_display_new();
    ww_display_attach(d, &fake_ops, (ww_chip *)&f);
    ww_display_update(d);
    WW_CHECK_EQ(px(d, 98, 10), 0x00ff00);
    WW_CHECK_EQ(px(d, 99, 11), f.pal[1] ^ 0xffffff);
    WW_CHECK_EQ(ww_display_update(d), 0);
    /* Far off screen, negative, huge: nothing drawn, the old place restored. */
    f.cur.x = -1000000;
    f.cur.y = 2000000000;
    WW_CHECK_EQ(ww_display_update(d), 2);
    WW_CHECK_EQ(px(d, 98, 10), f.pal[1]);
    f.cur.w = 1000;              /* larger than any cursor: capped */
    f.cur.x = 0;
    f.cur.y = 0;
    ww_display_update(d);
    ww_display_free(d);
    fake_free(&f);
}

WW_TEST("unit/display/nonsense_sources", t_nonsense)
{
    fake f;
    fake_init(&f, 4096);
    ww_display *d = ww_display_new();
    ww_display_attach(d, &fake_ops, (ww_chip *)&f);
    /* Larger than the maximum, pitch and base past memory, a bad format. */
    f.m = (ww_display_mode){ .kind = WW_DISPLAY_PACKED, .width = 100000, .height = 100000,
                             .format = WW_PIXFMT_XRGB8888, .base = UINT64_MAX - 5,
                             .pitch = 0xffffffff };
    ww_display_update(d);
    WW_CHECK(ww_display_width(d) <= WW_DISPLAY_MAX_W && ww_display_height(d) <= WW_DISPLAY_MAX_H);
    f.m.base = 4000;
    f.m.width = 64;
    f.m.height = 4;
    f.m.pitch = 1;
    ww_display_update(d);
    f.m.format = (ww_pixfmt)99;
    ww_display_update(d);
    f.m = (ww_display_mode){ .kind = WW_DISPLAY_TEXT, .text = { .cols = 100000, .rows = 100000,
                             .cell_w = 200, .cell_h = 0, .cell_base = UINT64_MAX, .row_pitch = ~0u,
                             .cell_pitch = ~0u, .font_base = { UINT64_MAX, 5 },
                             .glyph_pitch = ~0u, .line_pitch = ~0u, .wrap = UINT64_MAX,
                             .cursor = true, .cursor_row = 5, .cursor_col = 5 } };
    ww_display_update(d);
    WW_CHECK(ww_display_width(d) <= WW_DISPLAY_MAX_W && ww_display_height(d) <= WW_DISPLAY_MAX_H);
    f.m = (ww_display_mode){ .kind = WW_DISPLAY_LINES, .width = 0, .height = 7 };
    ww_display_update(d);
    /* A display with nothing attached shows black. */
    ww_display *e = ww_display_new();
    ww_display_update(e);
    WW_CHECK_EQ(ww_display_width(e), 640);
    WW_CHECK_EQ(px(e, 3, 3), 0);
    ww_display_free(e);
    ww_display_free(d);
    fake_free(&f);
}

WW_TEST("unit/display/scale_and_png", t_png)
{
    fake f;
    fake_init(&f, 1 << 16);
    f.m = (ww_display_mode){ .kind = WW_DISPLAY_PACKED, .width = 8, .height = 4,
                             .format = WW_PIXFMT_PAL8, .pitch = 8 };
    for (unsigned i = 0; i < 32; i++)
        f.mem[i] = (uint8_t)(i * 8);
    ww_display *d = ww_display_new();
    ww_display_attach(d, &fake_ops, (ww_chip *)&f);
    ww_display_update(d);
    /* Integer scale: nearest neighbour, each pixel a 2x3 block. */
    uint32_t big[16 * 12];
    WW_CHECK(ww_display_scale(d, 16, 12, big));
    WW_CHECK_EQ(big[(2 * 3 + 1) * 16 + 5 * 2 + 1] & 0xffffff, f.pal[(2 * 8 + 5) * 8]);
    /* PNG round trip. */
    GError *err = NULL;
    char *dir = g_dir_make_tmp("wwpng-XXXXXX", &err);
    WW_CHECK_NOERR(dir, err);
    char *path = g_build_filename(dir, "shot.png", NULL);
    WW_CHECK_NOERR(ww_display_save_png(d, path, &err), err);
    unsigned w, h;
    uint32_t *back = ww_png_read_xrgb(path, &w, &h, &err);
    WW_CHECK_NOERR(back, err);
    WW_CHECK_EQ(w, 8);
    WW_CHECK_EQ(h, 4);
    for (unsigned i = 0; i < 32; i++)
        WW_CHECK_EQ(back[i], f.pal[i * 8]);
    g_free(back);
    /* A PNG into a directory that does not exist fails with the path, leaves nothing. */
    char *bad = g_build_filename(dir, "no", "such", "x.png", NULL);
    WW_CHECK_ERR(ww_display_save_png(d, bad, &err), err, "x.png");
    WW_CHECK(!ww_png_read_xrgb(bad, &w, &h, &err));
    g_clear_error(&err);
    g_free(bad);
    g_unlink(path);
    g_rmdir(dir);
    g_free(path);
    g_free(dir);
    ww_display_free(d);
    fake_free(&f);
}
