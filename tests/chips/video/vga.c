/* tests/chips/video/vga.c — the plain VGA (chips/video/vga.c) through its
 * ports and the A0000h window, the way the VGA BIOS and Linux's vgacon drive
 * it: mode tables, the font in plane 2, text through B8000h, planar drawing
 * with write modes 0-3 and read modes 0-1, mode 13h, the DAC, the retrace
 * bit, and guest values that would read or write outside video memory. */
#include "tests/chips/video/vgarig.h"
#include "core/sched.h"

/* The text cell (row, col) = (ch, attr), as int 10h teletype stores it. */
static void put_char(vrig *r, unsigned row, unsigned col, uint8_t ch, uint8_t attr)
{
    uint32_t a = 0xb8000 + (row * 80 + col) * 2;
    vwb(r, a, ch);
    vwb(r, a + 1, attr);
}

static void text_setup(vrig *r)
{
    vga_load(r, &vga_mode3);
    vga_load_dac(r);
    vga_load_font(r);
}

/* The pixel colour the glyph of ch shows at dot (x, y) of its cell with
 * attribute attr (mode 3: 9-dot cells, line graphics on, blink on). */
static uint32_t expect_dot(uint8_t ch, uint8_t attr, unsigned x, unsigned y)
{
    static const uint8_t ar[16] = { 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14, 0x07,
                                    0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d, 0x3e, 0x3f };
    unsigned bits = vrig_font(ch, y);
    bool on = x < 8 ? bits >> (7 - x) & 1 : (ch >= 0xc0 && ch <= 0xdf && (bits & 1));
    unsigned c = on ? attr & 15 : (attr >> 4) & 7;
    return dac_color(ar[c]);
}

WW_TEST("chips/vga/text_mode3_renders_the_font_from_plane2", t_text)
{
    vrig r;
    vrig_init(&r, "vga", NULL);
    text_setup(&r);
    /* The cursor off, as vgacon leaves it while drawing. */
    wcr(&r, 0x0a, 0x20);
    put_char(&r, 0, 0, 'W', 0x1f);
    put_char(&r, 0, 1, 0xc4, 0x07);        /* a line-graphics char: the 9th dot repeats */
    put_char(&r, 24, 79, 'z', 0x4e);
    WW_CHECK(vupdate(&r) > 0);
    /* 80x25 cells of 9x16 dots: 720x400. */
    WW_CHECK_EQ(ww_display_width(r.d), 720);
    WW_CHECK_EQ(ww_display_height(r.d), 400);
    const ww_display_mode *m = ww_display_current(r.d);
    WW_CHECK_EQ(m->kind, WW_DISPLAY_TEXT);
    for (unsigned y = 0; y < 16; y++)
        for (unsigned x = 0; x < 9; x++) {
            WW_CHECK_EQ(vpx(&r, x, y), expect_dot('W', 0x1f, x, y));
            WW_CHECK_EQ(vpx(&r, 9 + x, y), expect_dot(0xc4, 0x07, x, y));
            WW_CHECK_EQ(vpx(&r, 79 * 9 + x, 24 * 16 + y), expect_dot('z', 0x4e, x, y));
        }
    /* The text reads back through the chip's window (peek: no latch load). */
    WW_CHECK_EQ(vpeekb(&r, 0xb8000), 'W');
    WW_CHECK_EQ(vpeekb(&r, 0xb8001), 0x1f);
    vrig_free(&r);
}

WW_TEST("chips/vga/text_dirty_rows_and_cursor", t_text_dirty)
{
    vrig r;
    vrig_init(&r, "vga", NULL);
    text_setup(&r);
    wcr(&r, 0x0a, 0x0d);       /* cursor lines 13-14 */
    wcr(&r, 0x0b, 0x0e);
    wcr(&r, 0x0e, 0x00);       /* at row 1, column 5 */
    wcr(&r, 0x0f, 85);
    put_char(&r, 1, 5, ' ', 0x07);
    vupdate(&r);
    /* Nothing changed: nothing is redrawn. */
    WW_CHECK_EQ(vupdate(&r), 0);
    /* The cursor is in its visible phase at time 0: lines 13-14 of the cell in white. */
    WW_CHECK_EQ(vpx(&r, 5 * 9 + 3, 16 + 13), dac_color(0x07));
    WW_CHECK_EQ(vpx(&r, 5 * 9 + 3, 16 + 12), expect_dot(' ', 0x07, 3, 12));
    /* One character written: its row (16 lines) is converted again, with the
     * rows sharing its 1 KiB page of video memory (a text row is 640 bytes of
     * interleaved planes), not the screen. */
    put_char(&r, 10, 3, 'A', 0x02);
    unsigned n = vupdate(&r);
    WW_CHECK_MSG(n >= 16 && n <= 48, "%u lines redrawn", n);
    WW_CHECK_EQ(vpx(&r, 3 * 9 + 1, 10 * 16 + 2), expect_dot('A', 0x02, 1, 2));
    /* 8 frames later (70 Hz) the cursor is in its hidden phase: its row redraws. */
    ww_sched *s = ww_machine_sched(r.m);
    ww_sched_advance(s, ww_sched_now(s) + 9 * 14285715ull);
    WW_CHECK_EQ(vupdate(&r), 16);
    WW_CHECK_EQ(vpx(&r, 5 * 9 + 3, 16 + 13), expect_dot(' ', 0x07, 3, 13));
    vrig_free(&r);
}

WW_TEST("chips/vga/mode13h_chain4", t_mode13)
{
    vrig r;
    vrig_init(&r, "vga", NULL);
    vga_load(&r, &vga_mode13);
    vga_load_dac(&r);
    /* Chain-4: byte n of A0000h is pixel n. */
    for (unsigned i = 0; i < 320; i++)
        vwb(&r, 0xa0000 + 320 * 7 + i, (uint8_t)i);
    vupdate(&r);
    WW_CHECK_EQ(ww_display_width(r.d), 320);
    WW_CHECK_EQ(ww_display_height(r.d), 200);
    WW_CHECK_EQ(vpx(&r, 0, 7), dac_color(0));
    WW_CHECK_EQ(vpx(&r, 100, 7), dac_color(100));
    WW_CHECK_EQ(vpx(&r, 255, 7), dac_color(255));
    WW_CHECK_EQ(vrb(&r, 0xa0000 + 320 * 7 + 200), 200);
    /* A DAC change redraws with the new colour. */
    vout(&r, 0x3c8, 100);
    vout(&r, 0x3c9, 0x3f);
    vout(&r, 0x3c9, 0x00);
    vout(&r, 0x3c9, 0x00);
    vupdate(&r);
    WW_CHECK_EQ(vpx(&r, 100, 7), 0xff0000);
    /* The DAC reads back in the same order. */
    vout(&r, 0x3c7, 100);
    WW_CHECK_EQ(vin(&r, 0x3c9), 0x3f);
    WW_CHECK_EQ(vin(&r, 0x3c9), 0x00);
    WW_CHECK_EQ(vin(&r, 0x3c7), 3);
    vrig_free(&r);
}

WW_TEST("chips/vga/planar_write_and_read_modes", t_planar)
{
    vrig r;
    vrig_init(&r, "vga", NULL);
    vga_load(&r, &vga_mode12);
    vga_load_dac(&r);
    /* Write mode 2 with a bit mask, as vgacon/the BIOS plot pixels: colour 9
     * at pixels 2 and 3 of byte 0 of line 5. */
    wgr(&r, 0x05, 0x02);
    wgr(&r, 0x08, 0x30);
    vrb(&r, 0xa0000 + 80 * 5);       /* load the latches */
    vwb(&r, 0xa0000 + 80 * 5, 9);
    /* Write mode 0 with set/reset for planes 0 and 2 (colour 5), whole byte 1. */
    wgr(&r, 0x05, 0x00);
    wgr(&r, 0x08, 0xff);
    wgr(&r, 0x00, 0x05);
    wgr(&r, 0x01, 0x0f);
    vwb(&r, 0xa0000 + 80 * 5 + 1, 0x00);
    wgr(&r, 0x01, 0x00);
    /* Write mode 1 copies the latches: byte 1 -> byte 2. */
    wgr(&r, 0x05, 0x01);
    vrb(&r, 0xa0000 + 80 * 5 + 1);
    vwb(&r, 0xa0000 + 80 * 5 + 2, 0x00);
    /* Write mode 3: rotated data ANDed with the bit mask, colour from set/reset (12). */
    wgr(&r, 0x05, 0x03);
    wgr(&r, 0x00, 0x0c);
    vrb(&r, 0xa0000 + 80 * 5 + 3);
    vwb(&r, 0xa0000 + 80 * 5 + 3, 0x0f);
    wgr(&r, 0x05, 0x00);
    vupdate(&r);
    WW_CHECK_EQ(ww_display_width(r.d), 640);
    WW_CHECK_EQ(ww_display_height(r.d), 480);
    static const uint8_t ar[16] = { 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14, 0x07,
                                    0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d, 0x3e, 0x3f };
    WW_CHECK_EQ(vpx(&r, 1, 5), dac_color(ar[0]));
    WW_CHECK_EQ(vpx(&r, 2, 5), dac_color(ar[9]));
    WW_CHECK_EQ(vpx(&r, 3, 5), dac_color(ar[9]));
    WW_CHECK_EQ(vpx(&r, 4, 5), dac_color(ar[0]));
    WW_CHECK_EQ(vpx(&r, 8, 5), dac_color(ar[5]));
    WW_CHECK_EQ(vpx(&r, 16 + 7, 5), dac_color(ar[5]));
    WW_CHECK_EQ(vpx(&r, 24 + 3, 5), dac_color(ar[0]));
    WW_CHECK_EQ(vpx(&r, 24 + 4, 5), dac_color(ar[12]));
    /* Read mode 0 picks a plane; read mode 1 compares colours (5 at byte 1). */
    wgr(&r, 0x04, 0x02);
    WW_CHECK_EQ(vrb(&r, 0xa0000 + 80 * 5 + 1), 0xff);
    wgr(&r, 0x04, 0x01);
    WW_CHECK_EQ(vrb(&r, 0xa0000 + 80 * 5 + 1), 0x00);
    wgr(&r, 0x05, 0x08);
    wgr(&r, 0x02, 0x05);
    wgr(&r, 0x07, 0x0f);
    WW_CHECK_EQ(vrb(&r, 0xa0000 + 80 * 5 + 1), 0xff);
    wgr(&r, 0x02, 0x00);
    WW_CHECK_EQ(vrb(&r, 0xa0000 + 80 * 5 + 0), 0xcf);   /* all but pixels 2,3 (colour 9) are 0 */
    vrig_free(&r);
}

WW_TEST("chips/vga/window_maps_and_ports", t_windows)
{
    vrig r;
    vrig_init(&r, "vga", NULL);
    /* After reset MISC is 0: RAM access off, the CRTC at 3B4h. */
    WW_CHECK_EQ(vrb(&r, 0xb8000), 0xff);
    vout(&r, 0x3b4, 0x13);
    vout(&r, 0x3b5, 0x28);
    WW_CHECK_EQ(vin(&r, 0x3b5), 0x28);
    WW_CHECK_EQ(vin(&r, 0x3d5), 0xff);         /* the colour CRTC does not answer */
    text_setup(&r);
    /* Mode 3 maps B8000h-BFFFFh only (GR06 map 3). */
    vwb(&r, 0xb8000, 'x');
    WW_CHECK_EQ(vrb(&r, 0xb8000), 'x');
    WW_CHECK_EQ(vrb(&r, 0xa0000), 0xff);
    WW_CHECK_EQ(vrb(&r, 0xb0000), 0xff);
    /* Map 1 (A0000h 64K) unmaps B8000h. */
    wgr(&r, 0x06, 0x04);
    WW_CHECK_EQ(vrb(&r, 0xb8000), 0xff);
    /* The attribute flip-flop: 3DAh resets it to index. */
    vin(&r, 0x3da);
    vout(&r, 0x3c0, 0x12);
    vout(&r, 0x3c0, 0x0a);
    vin(&r, 0x3da);
    vout(&r, 0x3c0, 0x32);
    WW_CHECK_EQ(vin(&r, 0x3c1), 0x0a);
    WW_CHECK_EQ(vin(&r, 0x3c0), 0x32);
    /* CR11 bit 7 protects CR00-CR07. */
    wcr(&r, 0x11, 0x8e);
    wcr(&r, 0x00, 0x12);
    WW_CHECK_EQ(rcr(&r, 0x00), 0x5f);
    vrig_free(&r);
}

WW_TEST("chips/vga/retrace_follows_virtual_time", t_retrace)
{
    vrig r;
    vrig_init(&r, "vga", NULL);
    vga_load(&r, &vga_mode3);
    ww_sched *s = ww_machine_sched(r.m);
    /* Mode 3: 449 lines of 900 dots at 28.322 MHz -> 70.1 Hz; retrace at line 412. */
    unsigned seen = 0, toggles = 0;
    uint8_t last = vin(&r, 0x3da) & 8;
    for (unsigned k = 0; k < 2000; k++) {
        ww_sched_advance(s, ww_sched_now(s) + 20000);   /* 20 us steps over 40 ms */
        uint8_t b = vin(&r, 0x3da) & 8;
        seen += b != 0;
        toggles += b != last;
        last = b;
    }
    /* About 2 ms of retrace per frame (2 lines of 31.8 us = 64 us, ~3 samples) x ~2.8 frames. */
    WW_CHECK_MSG(toggles >= 4 && toggles <= 8, "retrace toggled %u times", toggles);
    WW_CHECK_MSG(seen >= 3 && seen <= 30, "retrace seen in %u samples", seen);
    vrig_free(&r);
}

WW_TEST("chips/vga/bad_values_stay_inside_memory", t_bad)
{
    vrig r;
    vrig_init(&r, "vga", NULL);
    text_setup(&r);
    /* A start address near the end of memory, huge offset and timings: the
     * picture is clamped, cells wrap inside vram, nothing crashes. */
    wcr(&r, 0x11, 0x0e);
    wcr(&r, 0x0c, 0xff);
    wcr(&r, 0x0d, 0xff);
    wcr(&r, 0x13, 0xff);
    wcr(&r, 0x01, 0xff);
    wcr(&r, 0x12, 0xff);
    wcr(&r, 0x07, 0xff);
    wcr(&r, 0x09, 0x1f);
    vupdate(&r);
    WW_CHECK(ww_display_width(r.d) <= WW_DISPLAY_MAX_W);
    WW_CHECK(ww_display_height(r.d) <= WW_DISPLAY_MAX_H);
    /* Zero-sized timings give a picture too (at least 1x1 or the last size). */
    for (unsigned i = 0; i < 0x19; i++)
        wcr(&r, (uint8_t)i, 0);
    vupdate(&r);
    WW_CHECK(ww_display_width(r.d) >= 1 && ww_display_height(r.d) >= 1);
    /* Graphics modes with the same values. */
    vga_load(&r, &vga_mode12);
    wcr(&r, 0x11, 0x0e);
    wcr(&r, 0x0c, 0xff);
    wcr(&r, 0x13, 0xff);
    vupdate(&r);
    vga_load(&r, &vga_mode13);
    wcr(&r, 0x11, 0x0e);
    wcr(&r, 0x0c, 0xff);
    wcr(&r, 0x0d, 0xff);
    wcr(&r, 0x13, 0xff);
    vupdate(&r);
    /* Out-of-range indices read as nothing and store nothing. */
    vout(&r, 0x3c4, 0x47);
    vout(&r, 0x3c5, 0x12);
    WW_CHECK_EQ(vin(&r, 0x3c5), 0xff);
    vrig_free(&r);
}
