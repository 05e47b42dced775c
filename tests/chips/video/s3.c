/* tests/chips/video/s3.c — the S3 family (chips/video/s3.c) on a PCI bus,
 * driven as Linux's s3fb probes and programs it (s3_pci_probe,
 * s3fb_set_par), as an X server drives the 8514/A engine, and as XFree86's
 * s3virge driver drives the ViRGE's S3d engine; and guest values that
 * point outside video memory. */
#include "tests/chips/video/vgarig.h"
#include "core/sched.h"

WW_TEST("chips/s3/pci_identity_per_variant", t_ids)
{
    static const struct { const char *v; uint32_t id; uint8_t cr2d, cr2e, cr30; uint32_t bar; } k[] = {
        { "trio64", 0x88115333, 0x88, 0x11, 0xe1, 0xff800000 },
        { "virge", 0x56315333, 0x56, 0x31, 0xe1, 0xfc000000 },
        { "vision864", 0x88c05333, 0x88, 0xc0, 0xc0, 0xff800000 },
    };
    for (unsigned i = 0; i < G_N_ELEMENTS(k); i++) {
        vrig r;
        vrig_init(&r, "s3", k[i].v);
        /* The PCI header: IDs, VGA class, BAR0 sizing (8 MiB or 64 MiB). */
        WW_CHECK_EQ(vcfg(&r, 0x00), k[i].id);
        WW_CHECK_EQ(vcfg(&r, 0x08) >> 8, 0x030000);
        uint32_t save = vcfg(&r, 0x10);
        vcfg_w(&r, 0x10, 0xffffffff);
        WW_CHECK_EQ(vcfg(&r, 0x10), k[i].bar);
        vcfg_w(&r, 0x10, save);
        /* Locked, CR30 reads FFh; s3fb's unlock makes the IDs readable. */
        WW_CHECK_EQ(rcr(&r, 0x30), 0xff);
        s3fb_unlock(&r);
        WW_CHECK_EQ(rcr(&r, 0x2d), k[i].cr2d);
        WW_CHECK_EQ(rcr(&r, 0x2e), k[i].cr2e);
        WW_CHECK_EQ(rcr(&r, 0x2f), 0x00);
        WW_CHECK_EQ(rcr(&r, 0x30), k[i].cr30);
        /* CR36 bits 7-5: 4 MiB is code 0 in s3fb's s3_memsizes table; PCI bus. */
        WW_CHECK_EQ(rcr(&r, 0x36) >> 5, 0);
        WW_CHECK_EQ(rcr(&r, 0x36) & 3, 2);
        /* CR59/CR5A show where BAR0 is. */
        WW_CHECK_EQ(rcr(&r, 0x59), 0xe0);
        /* s3fb's MCLK formula on SR10/SR11 gives 59 MHz. */
        uint8_t sr10 = rsr(&r, 0x10), sr11 = rsr(&r, 0x11);
        unsigned mclk = ((sr11 + 2) * 14318u) / ((sr10 & 0x1f) + 2u) >> (sr10 >> 5);
        WW_CHECK_MSG(mclk > 55000 && mclk < 63000, "MCLK %u kHz", mclk);
        vrig_free(&r);
    }
}

WW_TEST("chips/s3/locks", t_locks)
{
    vrig r;
    vrig_init(&r, "s3", "trio64");
    /* CR31 (CR38 lock) and CR58 (CR39 lock) ignore writes while locked. */
    wcr(&r, 0x31, 0x08);
    WW_CHECK_EQ(rcr(&r, 0x31), 0x00);
    wcr(&r, 0x38, 0x48);
    wcr(&r, 0x31, 0x08);
    WW_CHECK_EQ(rcr(&r, 0x31), 0x08);
    wcr(&r, 0x58, 0x13);
    WW_CHECK_EQ(rcr(&r, 0x58), 0x03);
    wcr(&r, 0x39, 0xa5);
    wcr(&r, 0x58, 0x13);
    WW_CHECK_EQ(rcr(&r, 0x58), 0x13);
    /* SR12 needs SR08 = 06h. */
    wsr(&r, 0x12, 0x45);
    WW_CHECK_EQ(rsr(&r, 0x12), 0x00);
    wsr(&r, 0x08, 0x06);
    wsr(&r, 0x12, 0x45);
    WW_CHECK_EQ(rsr(&r, 0x12), 0x45);
    /* CR35 bit 5 locks the horizontal timings. */
    wcr(&r, 0x35, 0x20);
    wcr(&r, 0x11, 0x00);
    uint8_t cr0 = rcr(&r, 0x00);
    wcr(&r, 0x00, (uint8_t)(cr0 ^ 0x55));
    WW_CHECK_EQ(rcr(&r, 0x00), cr0);
    vrig_free(&r);
}

WW_TEST("chips/s3/legacy_decode_follows_pci_command", t_command)
{
    vrig r;
    vrig_init(&r, "s3", "trio64");
    vout(&r, 0x3d4, 0x13);
    vout(&r, 0x3d5, 0x28);
    WW_CHECK_EQ(vin(&r, 0x3d5), 0x28);
    /* I/O decode off: the VGA ports float. */
    vcfg_w(&r, 0x04, 0x0002);
    WW_CHECK_EQ(vin(&r, 0x3d5), 0xff);
    vcfg_w(&r, 0x04, 0x0003);
    WW_CHECK_EQ(vin(&r, 0x3d5), 0x28);
    vrig_free(&r);
}

static void fill_lfb(vrig *r, unsigned bytes)
{
    for (unsigned a = 0; a < bytes; a += 4)
        vwl(r, r->lfb + a, a * 2654435761u);
}

static void check_1024x768(vrig *r, ww_pixfmt f)
{
    const ww_display_mode *m = ww_display_current(r->d);
    WW_CHECK(m);
    WW_CHECK_EQ(m->kind, WW_DISPLAY_PACKED);
    WW_CHECK_EQ(m->format, f);
    WW_CHECK_EQ(ww_display_width(r->d), 1024);
    WW_CHECK_EQ(ww_display_height(r->d), 768);
    WW_CHECK_EQ(m->pitch, 1024 * ww_pixfmt_bits(f) / 8);
}

WW_TEST("chips/s3/s3fb_1024x768_8bpp_lfb_and_dirty_lines", t_s3fb8)
{
    vrig r;
    vrig_init(&r, "s3", "trio64");
    s3fb_set_par(&r, &fb_1024x768_60, false);
    vga_load_dac(&r);
    /* The driver clears the screen through the linear window. */
    for (unsigned a = 0; a < 1024 * 768; a += 4)
        vwl(&r, r.lfb + a, 0);
    WW_CHECK_EQ(vupdate(&r), 768);
    check_1024x768(&r, WW_PIXFMT_PAL8);
    /* The PLL gives 65 MHz, the refresh 60 Hz. */
    const ww_display_mode *m = ww_display_current(r.d);
    WW_CHECK_MSG(m->refresh_mhz > 59000 && m->refresh_mhz < 61000, "refresh %u mHz", m->refresh_mhz);
    /* Nothing written: nothing converted. */
    WW_CHECK_EQ(vupdate(&r), 0);
    /* fbcon draws a glyph row: pixels on lines 100-115 through the window. */
    for (unsigned y = 100; y < 116; y++)
        for (unsigned x = 0; x < 8; x++)
            vwb(&r, r.lfb + y * 1024 + 16 + x, (uint8_t)(y + x));
    WW_CHECK_EQ(vupdate(&r), 16);
    WW_CHECK_EQ(vpx(&r, 16 + 3, 105), dac_color(108));
    WW_CHECK_EQ(vpx(&r, 0, 105), dac_color(0));
    /* The writes went to the RAM window (CPU fast path): the chip sees them only
     * through the write tracking, yet the picture is right. Panning moves the
     * start address (CR0C/CR0D/CR69) by whole lines. */
    wcr(&r, 0x0c, 0x00);
    wcr(&r, 0x0d, (uint8_t)(100 * 1024 / 4));
    wcr(&r, 0x0c, (uint8_t)((100 * 1024 / 4) >> 8));
    vupdate(&r);
    WW_CHECK_EQ(vpx(&r, 16 + 3, 5), dac_color(108));
    /* The A0000h window is off while linear addressing is on. */
    WW_CHECK_EQ(vrb(&r, 0xa0000), 0xff);
    vrig_free(&r);
}

WW_TEST("chips/s3/s3fb_16_and_32bpp", t_s3fb16)
{
    for (unsigned pass = 0; pass < 2; pass++) {
        vrig r;
        vrig_init(&r, "s3", pass ? "virge" : "trio64");
        fbmode fm = fb_1024x768_60;
        fm.bpp = 16;
        s3fb_set_par(&r, &fm, pass);
        fill_lfb(&r, 1024 * 768 * 2);
        vupdate(&r);
        check_1024x768(&r, WW_PIXFMT_RGB565);
        /* pixel (7, 3) = the 565 value at byte 3 * 2048 + 14 */
        uint64_t v = 0;
        ww_space_read(r.mem, r.lfb + 3 * 2048 + 14, 2, &v);
        uint32_t rr = (v >> 11) & 31, g = (v >> 5) & 63, b = v & 31;
        WW_CHECK_EQ(vpx(&r, 7, 3), (rr << 3 | rr >> 2) << 16 | (g << 2 | g >> 4) << 8 | (b << 3 | b >> 2));
        fm.bpp = 32;
        s3fb_set_par(&r, &fm, pass);
        fill_lfb(&r, 1024 * 768 * 4);
        vupdate(&r);
        check_1024x768(&r, WW_PIXFMT_XRGB8888);
        ww_space_read(r.mem, r.lfb + 700 * 4096 + 40, 4, &v);
        WW_CHECK_EQ(vpx(&r, 10, 700), v & 0xffffff);
        vrig_free(&r);
    }
}

WW_TEST("chips/s3/bar_moves_the_linear_window", t_bar_move)
{
    vrig r;
    vrig_init(&r, "s3", "trio64");
    s3fb_set_par(&r, &fb_1024x768_60, false);
    vwl(&r, r.lfb + 64, 0x11223344);
    /* The OS moves BAR0: the window follows, the old place decodes nothing. */
    vcfg_w(&r, 0x10, 0xd0000000);
    uint64_t v = 0;
    ww_space_read(r.mem, 0xd0000040, 4, &v);
    WW_CHECK_EQ(v, 0x11223344);
    ww_space_read(r.mem, 0xe0000040, 4, &v);
    WW_CHECK_EQ(v, 0xffffffff);
    WW_CHECK_EQ(rcr(&r, 0x59), 0xd0);
    /* Memory decode off: no window at all. */
    vcfg_w(&r, 0x04, 0x0001);
    ww_space_read(r.mem, 0xd0000040, 4, &v);
    WW_CHECK_EQ(v, 0xffffffff);
    vrig_free(&r);
}

WW_TEST("chips/s3/pll_and_clock_select", t_pll)
{
    vrig r;
    vrig_init(&r, "s3", "trio64");
    s3fb_unlock(&r);
    /* 14.318 MHz * (M + 2) / ((N + 2) * 2^R) with M 0x7a, N 0x0b, R 2 -> 34.1 MHz */
    wsr(&r, 0x12, 0x0b | 2 << 5);
    wsr(&r, 0x13, 0x7a);
    vout(&r, 0x3c2, 0x6f);      /* clock select 3: the PLL */
    const ww_reg_desc *reg = ww_chip_find_reg(r.chip->cls, "PLL_DCLK", NULL);
    WW_CHECK(reg);
    uint64_t hz = ww_chip_reg_get(r.chip, reg, 0);
    WW_CHECK_MSG(hz > 34100000 && hz < 34200000, "DCLK %" PRIu64 " Hz", hz);
    vout(&r, 0x3c2, 0x67);      /* clock select 1: 28.322 MHz */
    WW_CHECK_EQ(ww_chip_reg_get(r.chip, reg, 0), 28322000);
    vrig_free(&r);
}

WW_TEST("chips/s3/hardware_cursor", t_cursor)
{
    vrig r;
    vrig_init(&r, "s3", "trio64");
    s3fb_set_par(&r, &fb_1024x768_60, false);
    vga_load_dac(&r);
    for (unsigned a = 0; a < 1024 * 768; a += 4)
        vwl(&r, r.lfb + a, 0x03030303);
    /* Pattern at 1023 KiB (CR4C/CR4D): line 0 all foreground (AND 0, XOR 1),
     * line 1 all inverting (AND 1, XOR 1), the rest transparent (AND 1, XOR 0). */
    uint32_t pat = r.lfb + 1023 * 1024;
    for (unsigned j = 0; j < 64; j++)
        for (unsigned g = 0; g < 4; g++) {
            uint8_t and_ = j == 0 ? 0x00 : 0xff, xor_ = j <= 1 ? 0xff : 0x00;
            vwb(&r, pat + j * 16 + g * 4 + 0, and_);
            vwb(&r, pat + j * 16 + g * 4 + 1, and_);
            vwb(&r, pat + j * 16 + g * 4 + 2, xor_);
            vwb(&r, pat + j * 16 + g * 4 + 3, xor_);
        }
    wcr(&r, 0x4c, 0x03);
    wcr(&r, 0x4d, 0xff);
    rcr(&r, 0x45);               /* reading CR45 resets the colour stacks */
    wcr(&r, 0x4a, 0x0c);         /* foreground: palette entry 12 */
    wcr(&r, 0x4b, 0x00);
    wcr(&r, 0x46, 0x01);         /* X = 300 */
    wcr(&r, 0x47, 0x2c);
    wcr(&r, 0x48, 0x00);         /* Y = 200 */
    wcr(&r, 0x49, 0xc8);
    wcr(&r, 0x4e, 0);
    wcr(&r, 0x4f, 0);
    wcr(&r, 0x45, 0x01);
    vupdate(&r);
    WW_CHECK_EQ(vpx(&r, 300, 200), dac_color(12));
    WW_CHECK_EQ(vpx(&r, 363, 200), dac_color(12));
    WW_CHECK_EQ(vpx(&r, 364, 200), dac_color(3));
    WW_CHECK_EQ(vpx(&r, 310, 201), dac_color(3) ^ 0xffffff);
    WW_CHECK_EQ(vpx(&r, 310, 202), dac_color(3));
    /* Moving it redraws what it covered. */
    wcr(&r, 0x49, 0xd0);
    vupdate(&r);
    WW_CHECK_EQ(vpx(&r, 300, 200), dac_color(3));
    WW_CHECK_EQ(vpx(&r, 300, 208), dac_color(12));
    /* Off screen at the far corner: clipped, no crash. */
    wcr(&r, 0x46, 0x07);
    wcr(&r, 0x47, 0xff);
    wcr(&r, 0x48, 0x07);
    wcr(&r, 0x49, 0xff);
    vupdate(&r);
    WW_CHECK_EQ(vpx(&r, 300, 208), dac_color(3));
    vrig_free(&r);
}

/* ---- 8514/A engine ------------------------------------------------------------------- */

static void gp_setup(vrig *r)
{
    s3fb_set_par(r, &fb_1024x768_60, false);
    wcr(r, 0x40, 0x31);          /* enhanced register access */
    for (unsigned a = 0; a < 1024 * 768; a += 4)
        vwl(r, r->lfb + a, 0);
}

static uint8_t fbpx(vrig *r, unsigned x, unsigned y)
{
    uint64_t v = 0;
    ww_space_read(r->mem, r->lfb + y * 1024 + x, 1, &v);
    return (uint8_t)v;
}

WW_TEST("chips/s3/8514_fill_blit_and_cpu_data", t_8514)
{
    vrig r;
    vrig_init(&r, "s3", "trio64");
    gp_setup(&r);
    /* Rectangle fill: 20x10 at (100, 50) in colour 0x5a, replace mix. */
    voutw(&r, 0xbee8, 0xa000);   /* PIX_CNTL: foreground mix always */
    voutw(&r, 0xbae8, 0x0027);   /* FRGD_MIX: foreground colour, replace */
    voutw(&r, 0xa6e8, 0x005a);
    voutw(&r, 0xaae8, 0x00ff);   /* WRT_MASK */
    voutw(&r, 0x86e8, 100);
    voutw(&r, 0x82e8, 50);
    voutw(&r, 0x96e8, 19);
    voutw(&r, 0xbee8, 0x0000 | 9);
    voutw(&r, 0x9ae8, 0x40b1);   /* rectangle, +X +Y, draw, write */
    WW_CHECK_EQ(vinw(&r, 0x9ae8) & 0x0200, 0);   /* GP_STAT: not busy */
    WW_CHECK_EQ(fbpx(&r, 100, 50), 0x5a);
    WW_CHECK_EQ(fbpx(&r, 119, 59), 0x5a);
    WW_CHECK_EQ(fbpx(&r, 120, 59), 0x00);
    WW_CHECK_EQ(fbpx(&r, 119, 60), 0x00);
    /* BitBLT it to (500, 300): source display memory, replace. */
    voutw(&r, 0xbae8, 0x0067);
    voutw(&r, 0x86e8, 100);
    voutw(&r, 0x82e8, 50);
    voutw(&r, 0x8ee8, 500);
    voutw(&r, 0x8ae8, 300);
    voutw(&r, 0x96e8, 19);
    voutw(&r, 0xbee8, 0x0000 | 9);
    voutw(&r, 0x9ae8, 0xc0b1);
    WW_CHECK_EQ(fbpx(&r, 500, 300), 0x5a);
    WW_CHECK_EQ(fbpx(&r, 519, 309), 0x5a);
    WW_CHECK_EQ(fbpx(&r, 520, 309), 0x00);
    /* Monochrome expansion through PIX_TRANS (how X draws glyphs): 16x2,
     * foreground 0x11 where bits are 1, background 0x22. */
    voutw(&r, 0xbee8, 0xa080);   /* PIX_CNTL: CPU data selects the mix */
    voutw(&r, 0xbae8, 0x0027);
    voutw(&r, 0xb6e8, 0x0007);   /* BKGD_MIX: background colour, replace */
    voutw(&r, 0xa6e8, 0x0011);
    voutw(&r, 0xa2e8, 0x0022);
    voutw(&r, 0x86e8, 10);
    voutw(&r, 0x82e8, 10);
    voutw(&r, 0x96e8, 15);
    voutw(&r, 0xbee8, 0x0000 | 1);
    voutw(&r, 0x9ae8, 0x41b3 | 0x1000 | 0x0200);  /* rect, wait for CPU data, 16-bit, swap */
    voutw(&r, 0xe2e8, 0x00f0);   /* row 0: byte 0 = f0h, byte 1 = 00h */
    voutw(&r, 0xe2e8, 0xff0f);   /* row 1 */
    WW_CHECK_EQ(fbpx(&r, 10, 10), 0x11);
    WW_CHECK_EQ(fbpx(&r, 14, 10), 0x22);
    WW_CHECK_EQ(fbpx(&r, 18, 10), 0x22);
    WW_CHECK_EQ(fbpx(&r, 13, 11), 0x22);
    WW_CHECK_EQ(fbpx(&r, 14, 11), 0x11);
    WW_CHECK_EQ(fbpx(&r, 25, 11), 0x11);
    /* The engine's writes reach the display's dirty map too. */
    vupdate(&r);
    voutw(&r, 0xbee8, 0xa000);
    voutw(&r, 0x86e8, 0);
    voutw(&r, 0x82e8, 700);
    voutw(&r, 0x96e8, 3);
    voutw(&r, 0xbee8, 0x0000 | 1);
    voutw(&r, 0x9ae8, 0x40b1);
    WW_CHECK_EQ(vupdate(&r), 2);
    vrig_free(&r);
}

WW_TEST("chips/s3/8514_rectangles_outside_vram_are_cut", t_8514_bad)
{
    vrig r;
    vrig_init(&r, "s3", "trio64");
    gp_setup(&r);
    /* 4096x4096 from (4000, 4000) at 2048 pitch, 4 bytes a pixel: far past 4 MiB. */
    wcr(&r, 0x50, 0x30);
    wcr(&r, 0x31, rcr(&r, 0x31) | 0x02);
    voutw(&r, 0xbee8, 0xa000);
    voutw(&r, 0xbae8, 0x0027);
    voutl(&r, 0xa6e8, 0xdeadbeef);
    voutw(&r, 0x86e8, 0x0fa0);
    voutw(&r, 0x82e8, 0x0fa0);
    voutw(&r, 0x96e8, 0x0fff);
    voutw(&r, 0xbee8, 0x0fff);
    voutw(&r, 0x9ae8, 0x40b1);
    /* A blit with its source past the end, and negative directions. */
    voutw(&r, 0xbae8, 0x0067);
    voutw(&r, 0x8ee8, 0);
    voutw(&r, 0x8ae8, 0);
    voutw(&r, 0x9ae8, 0xc011);
    /* Bresenham line of 4096 pixels. */
    voutw(&r, 0x96e8, 0x0fff);
    voutw(&r, 0x92e8, 0x1000);
    voutw(&r, 0x9ae8, 0x20b3);
    /* Still alive and the first bytes intact. */
    WW_CHECK_EQ(fbpx(&r, 0, 0) | 0xff, 0xff);
    vrig_free(&r);
}

/* ---- ViRGE S3d ---------------------------------------------------------------------------- */

static void s3d_w(vrig *r, uint32_t reg, uint32_t v) { vwl(r, r->lfb + 0x1000000 + reg, v); }

WW_TEST("chips/s3/virge_s3d_fill_blit_and_mono_transfer", t_s3d)
{
    vrig r;
    vrig_init(&r, "s3", "virge");
    s3fb_set_par(&r, &fb_1024x768_60, true);
    wcr(&r, 0x53, 0x08);         /* MMIO at BAR0 + 16 MiB, as s3fb enables it for DDC */
    /* The engine is idle. */
    uint64_t st = 0;
    ww_space_read(r.mem, r.lfb + 0x1008504, 4, &st);
    WW_CHECK_EQ(st & 0x2000, 0x2000);
    /* The VGA ports are mirrored at 83B0h. */
    vwb(&r, r.lfb + 0x10083d4, 0x13);
    WW_CHECK_EQ(vrb(&r, r.lfb + 0x10083d5), rcr(&r, 0x13));
    /* Rectangle fill, PATCOPY (F0h) of the pattern foreground, 8 bpp. */
    s3d_w(&r, 0xa4d8, 0);                        /* DEST_BASE */
    s3d_w(&r, 0xa4e4, 1024u << 16 | 1024);       /* strides */
    s3d_w(&r, 0xa4f4, 0x77);                     /* PAT_FG */
    s3d_w(&r, 0xa504, (30u - 1) << 16 | 4);      /* 30 x 4 */
    s3d_w(&r, 0xa50c, 200u << 16 | 100);         /* at (200, 100) */
    s3d_w(&r, 0xa500, 2u << 27 | 0xf0u << 17 | 1u << 26 | 1u << 25 | 1u << 5);
    WW_CHECK_EQ(fbpx(&r, 200, 100), 0x77);
    WW_CHECK_EQ(fbpx(&r, 229, 103), 0x77);
    WW_CHECK_EQ(fbpx(&r, 230, 103), 0x00);
    /* BitBLT SRCCOPY (CCh) with autoexecute on the RDEST write. */
    s3d_w(&r, 0xa4d4, 0);
    s3d_w(&r, 0xa500, 0u << 27 | 0xccu << 17 | 1u << 26 | 1u << 25 | 1u << 5 | 1u);
    s3d_w(&r, 0xa504, (30u - 1) << 16 | 4);
    s3d_w(&r, 0xa508, 200u << 16 | 100);
    s3d_w(&r, 0xa50c, 10u << 16 | 700);
    WW_CHECK_EQ(fbpx(&r, 10, 700), 0x77);
    WW_CHECK_EQ(fbpx(&r, 39, 703), 0x77);
    /* Mono image transfer: 8x2, source fg 0x44 / bg 0x55 via the image port. */
    s3d_w(&r, 0xa4fc, 0x44);
    s3d_w(&r, 0xa4f8, 0x55);
    s3d_w(&r, 0xa504, (8u - 1) << 16 | 2);
    s3d_w(&r, 0xa50c, 0u << 16 | 0);
    s3d_w(&r, 0xa500, 0u << 27 | 0xccu << 17 | 1u << 26 | 1u << 25 | 1u << 5 | 1u << 7 | 1u << 6);
    vwl(&r, r.lfb + 0x1000000, 0x000000f0);
    vwl(&r, r.lfb + 0x1000000, 0x0000000f);
    WW_CHECK_EQ(fbpx(&r, 0, 0), 0x44);
    WW_CHECK_EQ(fbpx(&r, 4, 0), 0x55);
    WW_CHECK_EQ(fbpx(&r, 0, 1), 0x55);
    WW_CHECK_EQ(fbpx(&r, 7, 1), 0x44);
    /* A fill reaching past vram is cut. */
    s3d_w(&r, 0xa4d8, 0x3ffff8);
    s3d_w(&r, 0xa504, 0x7ffu << 16 | 0x7ff);
    s3d_w(&r, 0xa50c, 0x7ffu << 16 | 0x7ff);
    s3d_w(&r, 0xa500, 2u << 27 | 0xf0u << 17 | 1u << 26 | 1u << 25 | 1u << 5 | 2u << 2);
    vrig_free(&r);
}

WW_TEST("chips/s3/start_address_and_pitch_past_vram", t_past_end)
{
    vrig r;
    vrig_init(&r, "s3", "trio64");
    s3fb_set_par(&r, &fb_1024x768_60, false);
    for (unsigned a = 0; a < 1024 * 768; a += 4)
        vwl(&r, r.lfb + a, 0x01010101);
    vga_load_dac(&r);
    /* Start address at the last line of the 4 MiB: the first line shows the
     * end of memory, the rest is black, nothing is read past it. */
    wcr(&r, 0x69, 0x0f);
    wcr(&r, 0x0c, 0xff);
    wcr(&r, 0x0d, 0x00);
    vupdate(&r);
    WW_CHECK_EQ(ww_display_width(r.d), 1024);
    WW_CHECK_EQ(vpx(&r, 0, 767), 0);
    /* The largest offset (CR13 + CR51: 1023 x 8 bytes a line) and start address. */
    wcr(&r, 0x13, 0xff);
    wcr(&r, 0x51, 0x30);
    wcr(&r, 0x69, 0x1f);
    wcr(&r, 0x0c, 0xff);
    wcr(&r, 0x0d, 0xff);
    vupdate(&r);
    WW_CHECK_EQ(vpx(&r, 5, 5), 0);
    /* Every CRTC value at its maximum, with the overflows: clamped picture. */
    for (unsigned i = 0; i < 0x19; i++)
        wcr(&r, (uint8_t)i, 0xff);
    wcr(&r, 0x5d, 0xff);
    wcr(&r, 0x5e, 0xff);
    vupdate(&r);
    WW_CHECK(ww_display_width(r.d) <= WW_DISPLAY_MAX_W && ww_display_height(r.d) <= WW_DISPLAY_MAX_H);
    /* A bank past the memory is refused (bank 0 used) and logged. */
    wcr(&r, 0x58, 0x00);
    wcr(&r, 0x6a, 0x7f);
    vwb(&r, 0xa0000, 0x42);
    vrig_free(&r);
}
