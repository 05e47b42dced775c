/* tests/chips/video/macfb.c — the Quadra's frame buffer as Linux's macfb and
 * the display pipeline see it: VRAM at 0xF9000000 written by the CPU, the
 * DAFB CLUT as dafb_setpalette programs it, the picture (8-bit packed, 1-bit
 * and 16-bit by line), the VBL interrupt, and geometry past the VRAM. */
#include "tests/chips/qrig.h"
#include "core/display.h"

#define VRAM 0xF9000000u
#define DAFB 0xF9800000u

static ww_display *bind(qrig *r)
{
    ww_display *d = ww_display_new();
    GError *err = NULL;
    WW_CHECK_NOERR(ww_machine_bind(r->m, WW_BACKEND_DISPLAY, 0, d, &err), err);
    return d;
}

static uint32_t px(ww_display *d, unsigned x, unsigned y)
{
    unsigned pitch;
    const uint32_t *p = ww_display_pixels(d, &pitch);
    return p[y * (pitch / 4) + x] & 0xffffff;
}

/* dafb_setpalette for one entry after a reset of the index. */
static void set_entry(qrig *r, unsigned n, uint8_t red, uint8_t g, uint8_t b)
{
    q_wr32(r, DAFB + 0x200, 0);
    for (unsigned i = 0; i < n; i++)
        for (unsigned k = 0; k < 3; k++)
            q_wr8(r, DAFB + 0x213, (uint8_t)(255 - i));
    q_wr8(r, DAFB + 0x213, red);
    q_wr8(r, DAFB + 0x213, g);
    q_wr8(r, DAFB + 0x213, b);
}

WW_TEST("chips/macfb/picture-and-clut", t_pic)
{
    qrig r;
    qrig_init(&r);
    ww_display *d = bind(&r);
    /* 640x480x8: the reset palette runs from white (0) to black (255). */
    ww_display_update(d);
    WW_CHECK_EQ(ww_display_width(d), 640);
    WW_CHECK_EQ(ww_display_height(d), 480);
    WW_CHECK_EQ(px(d, 0, 0), 0xffffff);
    /* The CPU writes pixel (10, 2) = 255: black. */
    q_wr8(&r, VRAM + 2 * 640 + 10, 0xff);
    ww_display_update(d);
    WW_CHECK_EQ(px(d, 10, 2), 0x000000);
    /* Entry 255 red, as fbcon's palette writes do. */
    set_entry(&r, 255, 0xff, 0x00, 0x00);
    ww_display_update(d);
    WW_CHECK_EQ(px(d, 10, 2), 0xff0000);
    WW_CHECK_EQ(px(d, 11, 2), 0xffffff);
    qrig_free(&r);
    ww_display_free(d);
}

WW_TEST("chips/macfb/vram-is-memory", t_vram)
{
    qrig r;
    qrig_init(&r);
    /* Long words read back; the 2 MiB of VRAM end where the bus ends. */
    q_wr32(&r, VRAM + 0x1000, 0xdeadbeefu);
    WW_CHECK_EQ(q_rd32(&r, VRAM + 0x1000), 0xdeadbeefu);
    q_wr32(&r, VRAM + (2u << 20) - 4, 0x01020304u);
    WW_CHECK_EQ(q_rd32(&r, VRAM + (2u << 20) - 4), 0x01020304u);
    uint64_t v;
    WW_CHECK_EQ(ww_space_read(r.mem, VRAM + (2u << 20), 4, &v), WW_BUS_ERROR);
    /* NuBus slot $9's declaration ROM area: nothing (Linux's probe skips). */
    WW_CHECK_EQ(ww_space_read(r.mem, 0xF9FFFFFCu, 4, &v), WW_BUS_ERROR);
    qrig_free(&r);
}

WW_TEST("chips/macfb/geometry-past-vram", t_geom)
{
    qrig r;
    qrig_init(&r);
    ww_display *d = bind(&r);
    /* START and ROWBYTES moved so the picture runs past the 2 MiB: the rest
     * shows black, nothing reads outside the VRAM. */
    q_wr32(&r, DAFB + 0x000, 0xFFFFFF);
    q_wr32(&r, DAFB + 0x004, 0xFFFF);
    WW_CHECK_EQ(q_rd32(&r, DAFB + 0x000), 0xFFFFFF);
    ww_display_update(d);
    WW_CHECK_EQ(px(d, 639, 479), 0);
    /* Back to sane values: the picture again. */
    q_wr32(&r, DAFB + 0x000, 0);
    q_wr32(&r, DAFB + 0x004, 640);
    ww_display_update(d);
    WW_CHECK_EQ(px(d, 0, 0), 0xffffff);
    qrig_free(&r);
    ww_display_free(d);
}

WW_TEST("chips/macfb/vbl-interrupt", t_vbl)
{
    qrig r;
    qrig_init(&r);
    /* Masked: no interrupt. Enabled: VBL at 60 Hz on slot $9's line, which is
     * VIA2 PA6 (internal video) and CA1. */
    q_advance(&r, 50000000);
    WW_CHECK_EQ(q_rd32(&r, DAFB + 0x108), 0);
    q_wr32(&r, DAFB + 0x104, 1);
    q_advance(&r, 20000000);
    WW_CHECK_EQ(q_rd32(&r, DAFB + 0x108), 1);
    WW_CHECK_EQ(q_rd8(&r, QVIA2(15)) & 0x40, 0);
    q_wr32(&r, DAFB + 0x10C, 1);
    WW_CHECK_EQ(q_rd32(&r, DAFB + 0x108), 0);
    WW_CHECK(q_rd8(&r, QVIA2(15)) & 0x40);
    qrig_free(&r);
}

WW_TEST("chips/macfb/depths", t_depths)
{
    /* 1-bit and 16-bit frame buffers by line (Mac order: MSB first, x1r5g5b5
     * big-endian). */
    ww_machine *m = ww_test_machine_xml(
        "<machine name='t' title='t'>\n"
        "  <space name='bus' bits='32' endian='big' unmapped='bus-error'/>\n"
        "  <chip id='fb' type='macfb' width='64' height='8' depth='1' vram='64KiB'/>\n"
        "  <chip id='fc' type='macfb' width='16' height='4' depth='16' vram='64KiB' base='0x100000'/>\n"
        "  <space name='fb.mem' alias='bus'/>\n"
        "  <space name='fc.mem' alias='bus'/>\n"
        "  <display from='fb'/>\n"
        "  <display from='fc'/>\n"
        "</machine>\n");
    ww_space *s = ww_machine_find_space(m, "bus");
    ww_display *a = ww_display_new(), *b = ww_display_new();
    GError *err = NULL;
    WW_CHECK_NOERR(ww_machine_bind(m, WW_BACKEND_DISPLAY, 0, a, &err), err);
    WW_CHECK_NOERR(ww_machine_bind(m, WW_BACKEND_DISPLAY, 1, b, &err), err);
    ww_space_write(s, 0xF9000000u, 1, 0x80);       /* pixel 0 set: index 1, black */
    ww_display_update(a);
    WW_CHECK_EQ(px(a, 0, 0), 0x000000);
    WW_CHECK_EQ(px(a, 1, 0), 0xffffff);
    ww_space_write(s, 0x100000u + 2, 2, 0x7c00);   /* pixel 1: full red */
    ww_display_update(b);
    WW_CHECK_EQ(px(b, 1, 0), 0xf80000);
    WW_CHECK_EQ(px(b, 0, 0), 0x000000);
    ww_machine_free(m);
    ww_display_free(a);
    ww_display_free(b);
}
