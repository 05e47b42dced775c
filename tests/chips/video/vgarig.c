/* tests/chips/video/vgarig.c — see vgarig.h. */
#include "tests/chips/video/vgarig.h"

static const char *const vga_xml =
    "<machine name='test/vga'>\n"
    "  <space name='cpu.mem' bits='32' endian='little' unmapped='open-bus' open-bus='0xffffffff'/>\n"
    "  <space name='cpu.io' bits='16' endian='little' unmapped='open-bus' open-bus='0xffffffff'/>\n"
    "  <ram id='ram' size='640KiB'/>\n"
    "  <map space='cpu.mem' at='0' to='ram'/>\n"
    "  <chip id='video' type='vga'/>\n"
    "  <space name='video.io' alias='cpu.io'/>\n"
    "  <space name='video.mem' alias='cpu.mem'/>\n"
    "  <display from='video'/>\n"
    "</machine>\n";

static const char *const s3_xml =
    "<machine name='test/s3'>\n"
    "  <space name='cpu.mem' bits='32' endian='little' unmapped='open-bus' open-bus='0xffffffff'/>\n"
    "  <space name='cpu.io' bits='16' endian='little' unmapped='open-bus' open-bus='0xffffffff'/>\n"
    "  <ram id='ram' size='640KiB'/>\n"
    "  <map space='cpu.mem' at='0' to='ram'/>\n"
    "  <pcibus id='pci' mem='cpu.mem' io='cpu.io' dma='cpu.mem'/>\n"
    "  <chip id='conf' type='pci-conf1'/>\n"
    "  <space name='conf.cfg' alias='pci.cfg'/>\n"
    "  <map space='cpu.io' at='0xcf8' to='conf'/>\n"
    "  <chip id='video' type='s3' variant='%s'/>\n"
    "  <pci chip='video' slot='2'/>\n"
    "  <space name='video.io' alias='cpu.io'/>\n"
    "  <space name='video.mem' alias='cpu.mem'/>\n"
    "  <display from='video'/>\n"
    "</machine>\n";

void vrig_init(vrig *r, const char *type, const char *variant)
{
    memset(r, 0, sizeof *r);
    if (!strcmp(type, "vga")) {
        r->m = ww_test_machine_xml(vga_xml);
    } else {
        char *x = g_strdup_printf(s3_xml, variant ? variant : "trio64");
        r->m = ww_test_machine_xml(x);
        g_free(x);
    }
    r->io = ww_machine_find_space(r->m, "cpu.io");
    r->mem = ww_machine_find_space(r->m, "cpu.mem");
    r->chip = ww_machine_find_chip(r->m, "video");
    WW_CHECK(r->io && r->mem && r->chip);
    r->d = ww_display_new();
    GError *err = NULL;
    WW_CHECK_NOERR(ww_machine_bind(r->m, WW_BACKEND_DISPLAY, 0, r->d, &err), err);
    if (strcmp(type, "vga")) {
        /* What SeaBIOS's pci_setup does: BAR0 in the PCI hole, I/O and memory on. */
        r->lfb = 0xe0000000;
        vcfg_w(r, 0x10, r->lfb);
        vcfg_w(r, 0x04, 0x0003);
        /* What the VGA BIOS leaves: colour ports (3D4h), memory enabled, 28 MHz. */
        vout(r, 0x3c2, 0x67);
    }
}

void vrig_free(vrig *r)
{
    ww_machine_free(r->m);
    ww_display_free(r->d);
}

void vout(vrig *r, uint16_t port, uint8_t v) { ww_space_write(r->io, port, 1, v); }
void voutw(vrig *r, uint16_t port, uint16_t v) { ww_space_write(r->io, port, 2, v); }
void voutl(vrig *r, uint16_t port, uint32_t v) { ww_space_write(r->io, port, 4, v); }

uint8_t vin(vrig *r, uint16_t port)
{
    uint64_t v = 0;
    ww_space_read(r->io, port, 1, &v);
    return (uint8_t)v;
}

uint16_t vinw(vrig *r, uint16_t port)
{
    uint64_t v = 0;
    ww_space_read(r->io, port, 2, &v);
    return (uint16_t)v;
}

void vwb(vrig *r, uint32_t a, uint8_t v) { ww_space_write(r->mem, a, 1, v); }
void vwl(vrig *r, uint32_t a, uint32_t v) { ww_space_write(r->mem, a, 4, v); }

uint8_t vrb(vrig *r, uint32_t a)
{
    uint64_t v = 0;
    ww_space_read(r->mem, a, 1, &v);
    return (uint8_t)v;
}

uint8_t vpeekb(vrig *r, uint32_t a)
{
    uint64_t v = 0;
    ww_space_peek(r->mem, a, 1, &v);
    return (uint8_t)v;
}

uint32_t vcfg(vrig *r, unsigned reg)
{
    voutl(r, 0xcf8, 0x80000000u | 2u << 11 | (reg & 0xfc));
    uint64_t v = 0;
    ww_space_read(r->io, 0xcfc, 4, &v);
    return (uint32_t)v;
}

void vcfg_w(vrig *r, unsigned reg, uint32_t v)
{
    voutl(r, 0xcf8, 0x80000000u | 2u << 11 | (reg & 0xfc));
    voutl(r, 0xcfc, v);
}

void wcr(vrig *r, uint8_t i, uint8_t v) { vout(r, 0x3d4, i); vout(r, 0x3d5, v); }
uint8_t rcr(vrig *r, uint8_t i) { vout(r, 0x3d4, i); return vin(r, 0x3d5); }
void wsr(vrig *r, uint8_t i, uint8_t v) { vout(r, 0x3c4, i); vout(r, 0x3c5, v); }
uint8_t rsr(vrig *r, uint8_t i) { vout(r, 0x3c4, i); return vin(r, 0x3c5); }
void wgr(vrig *r, uint8_t i, uint8_t v) { vout(r, 0x3ce, i); vout(r, 0x3cf, v); }

void war(vrig *r, uint8_t i, uint8_t v)
{
    vin(r, 0x3da);               /* reset the flip-flop to "index" */
    vout(r, 0x3c0, i);
    vout(r, 0x3c0, v);
    vin(r, 0x3da);
    vout(r, 0x3c0, 0x20);        /* palette locked, screen on */
}

void crmask(vrig *r, uint8_t i, uint8_t v, uint8_t mask)
{
    wcr(r, i, (uint8_t)((rcr(r, i) & ~mask) | (v & mask)));
}

void srmask(vrig *r, uint8_t i, uint8_t v, uint8_t mask)
{
    wsr(r, i, (uint8_t)((rsr(r, i) & ~mask) | (v & mask)));
}

/* IBM VGA BIOS parameter tables (the same values SeaVGABIOS's stdvgamodes.c has). */
const vga_regs vga_mode3 = {
    0x67, { 0x03, 0x00, 0x03, 0x00, 0x02 },
    { 0x5f, 0x4f, 0x50, 0x82, 0x55, 0x81, 0xbf, 0x1f, 0x00, 0x4f, 0x0d, 0x0e, 0x00, 0x00, 0x00,
      0x00, 0x9c, 0x8e, 0x8f, 0x28, 0x1f, 0x96, 0xb9, 0xa3, 0xff },
    { 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x0e, 0x00, 0xff },
    { 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14, 0x07, 0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d, 0x3e,
      0x3f, 0x0c, 0x00, 0x0f, 0x08, 0x00 },
};
const vga_regs vga_mode12 = {
    0xe3, { 0x03, 0x01, 0x0f, 0x00, 0x06 },
    { 0x5f, 0x4f, 0x50, 0x82, 0x54, 0x80, 0x0b, 0x3e, 0x00, 0x40, 0x00, 0x00, 0x00, 0x00, 0x00,
      0x00, 0xea, 0x8c, 0xdf, 0x28, 0x00, 0xe7, 0x04, 0xe3, 0xff },
    { 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x0f, 0xff },
    { 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14, 0x07, 0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d, 0x3e,
      0x3f, 0x01, 0x00, 0x0f, 0x00, 0x00 },
};
const vga_regs vga_mode13 = {
    0x63, { 0x03, 0x01, 0x0f, 0x00, 0x0e },
    { 0x5f, 0x4f, 0x50, 0x82, 0x54, 0x80, 0xbf, 0x1f, 0x00, 0x41, 0x00, 0x00, 0x00, 0x00, 0x00,
      0x00, 0x9c, 0x8e, 0x8f, 0x28, 0x40, 0x96, 0xb9, 0xa3, 0xff },
    { 0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x05, 0x0f, 0xff },
    { 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e,
      0x0f, 0x41, 0x00, 0x0f, 0x00, 0x00 },
};

/* The order a VGA BIOS loads a mode in: sequencer (held in reset), misc,
 * sequencer out of reset, CRTC (protection off first), graphics, attributes. */
void vga_load(vrig *r, const vga_regs *m)
{
    wsr(r, 0, 0x01);
    for (unsigned i = 1; i < 5; i++)
        wsr(r, (uint8_t)i, m->sr[i]);
    vout(r, 0x3c2, m->misc);
    wsr(r, 0, 0x03);
    wcr(r, 0x11, (uint8_t)(rcr(r, 0x11) & 0x7f));
    for (unsigned i = 0; i < 25; i++)
        wcr(r, (uint8_t)i, m->cr[i]);
    for (unsigned i = 0; i < 9; i++)
        wgr(r, (uint8_t)i, m->gr[i]);
    vin(r, 0x3da);
    for (unsigned i = 0; i < 21; i++) {
        vout(r, 0x3c0, (uint8_t)i);
        vout(r, 0x3c0, m->ar[i]);
    }
    vout(r, 0x3c0, 0x20);
}

static uint8_t ega6(unsigned i, unsigned hi, unsigned lo)
{
    return (uint8_t)((i >> hi & 1) * 0x2a + (i >> lo & 1) * 0x15);
}

void vga_load_dac(vrig *r)
{
    vout(r, 0x3c6, 0xff);
    vout(r, 0x3c8, 0);
    for (unsigned i = 0; i < 256; i++) {
        if (i < 64) {
            vout(r, 0x3c9, ega6(i, 2, 5));
            vout(r, 0x3c9, ega6(i, 1, 4));
            vout(r, 0x3c9, ega6(i, 0, 3));
        } else {
            uint8_t g = (uint8_t)(i & 0x3f);
            vout(r, 0x3c9, g);
            vout(r, 0x3c9, (uint8_t)(0x3f - g));
            vout(r, 0x3c9, (uint8_t)(i >> 2 & 0x3f));
        }
    }
}

uint32_t dac_color(unsigned i)
{
    unsigned c[3];
    if (i < 64) {
        c[0] = ega6(i, 2, 5);
        c[1] = ega6(i, 1, 4);
        c[2] = ega6(i, 0, 3);
    } else {
        c[0] = i & 0x3f;
        c[1] = 0x3f - (i & 0x3f);
        c[2] = i >> 2 & 0x3f;
    }
    uint32_t v = 0;
    for (unsigned k = 0; k < 3; k++)
        v = v << 8 | (c[k] << 2 | c[k] >> 4);
    return v;
}

uint8_t vrig_font(unsigned c, unsigned l)
{
    if (l >= 14)
        return 0;
    return (uint8_t)((c * 37 + l * 11 + (c >> 3)) ^ (l * 0x55));
}

void vga_load_font(vrig *r)
{
    /* SeaVGABIOS get_font_access: planar, plane 2, A0000h 64 KiB, no odd/even. */
    wsr(r, 0x00, 0x01);
    wsr(r, 0x02, 0x04);
    wsr(r, 0x04, 0x07);
    wsr(r, 0x00, 0x03);
    wgr(r, 0x04, 0x02);
    wgr(r, 0x05, 0x00);
    wgr(r, 0x06, 0x04);
    for (unsigned c = 0; c < 256; c++)
        for (unsigned l = 0; l < 32; l++)
            vwb(r, 0xa0000 + c * 32 + l, l < 16 ? vrig_font(c, l) : 0);
    /* release_font_access: back to text addressing. */
    wsr(r, 0x00, 0x01);
    wsr(r, 0x02, 0x03);
    wsr(r, 0x04, 0x02);
    wsr(r, 0x00, 0x03);
    wgr(r, 0x04, 0x00);
    wgr(r, 0x05, 0x10);
    wgr(r, 0x06, 0x0e);
}

unsigned vupdate(vrig *r)
{
    return ww_display_update(r->d);
}

uint32_t vpx(vrig *r, unsigned x, unsigned y)
{
    unsigned pitch;
    const uint32_t *p = ww_display_pixels(r->d, &pitch);
    WW_CHECK(x < ww_display_width(r->d) && y < ww_display_height(r->d));
    return p[(size_t)y * (pitch / 4) + x] & 0xffffff;
}

/* ---- s3fb ----------------------------------------------------------------------------
 * Register sets as drivers/video/fbdev/s3fb.c lists them: a value spread
 * over (register, low bit, high bit) pieces, lowest bits first. */
typedef struct { uint8_t reg, lo, hi; } rset;
#define END { 0xff, 0, 0 }
static const rset h_total[] = { { 0x00, 0, 7 }, { 0x5d, 0, 0 }, END };
static const rset h_display[] = { { 0x01, 0, 7 }, { 0x5d, 1, 1 }, END };
static const rset h_blank_start[] = { { 0x02, 0, 7 }, { 0x5d, 2, 2 }, END };
static const rset h_blank_end[] = { { 0x03, 0, 4 }, { 0x05, 7, 7 }, END };
static const rset h_sync_start[] = { { 0x04, 0, 7 }, { 0x5d, 4, 4 }, END };
static const rset h_sync_end[] = { { 0x05, 0, 4 }, END };
static const rset v_total[] = { { 0x06, 0, 7 }, { 0x07, 0, 0 }, { 0x07, 5, 5 }, { 0x5e, 0, 0 }, END };
static const rset v_display[] = { { 0x12, 0, 7 }, { 0x07, 1, 1 }, { 0x07, 6, 6 }, { 0x5e, 1, 1 }, END };
static const rset v_blank_start[] = { { 0x15, 0, 7 }, { 0x07, 3, 3 }, { 0x09, 5, 5 }, { 0x5e, 2, 2 }, END };
static const rset v_blank_end[] = { { 0x16, 0, 7 }, END };
static const rset v_sync_start[] = { { 0x10, 0, 7 }, { 0x07, 2, 2 }, { 0x07, 7, 7 }, { 0x5e, 4, 4 }, END };
static const rset v_sync_end[] = { { 0x11, 0, 3 }, END };
static const rset line_compare[] = { { 0x18, 0, 7 }, { 0x07, 4, 4 }, { 0x09, 6, 6 }, { 0x5e, 6, 6 }, END };
static const rset start_address[] = { { 0x0d, 0, 7 }, { 0x0c, 0, 7 }, { 0x69, 0, 4 }, END };
static const rset offset[] = { { 0x13, 0, 7 }, { 0x51, 4, 5 }, END };
static const rset dtpc[] = { { 0x3b, 0, 7 }, { 0x5d, 6, 6 }, END };

static void wcr_multi(vrig *r, const rset *s, uint32_t v)
{
    for (; s->reg != 0xff; s++) {
        uint8_t x = rcr(r, s->reg);
        for (unsigned b = s->lo; b <= s->hi; b++) {
            x = (uint8_t)((x & ~(1u << b)) | (v & 1) << b);
            v >>= 1;
        }
        wcr(r, s->reg, x);
    }
}

const fbmode fb_1024x768_60 = { 1024, 768, 8, 15384, 160, 24, 29, 3, 136, 6 };

/* svga_compute_pll with s3fb's s3_pll limits: M 3-129, N 3-33, R 0-3,
 * VCO 35-240 MHz, base 14.318 MHz; the closest M/N for the highest R. */
static void compute_pll(unsigned khz, unsigned *m, unsigned *n, unsigned *rr)
{
    unsigned r = 3, vco = khz << r;
    while (r > 0 && vco > 240000) {
        r--;
        vco >>= 1;
    }
    unsigned am = 3, an = 3, best = ~0u;
    *m = *n = 0;
    while (am <= 129 && an <= 33) {
        unsigned f = 14318 * am / an;
        unsigned d = f > vco ? f - vco : vco - f;
        if (d < best) {
            best = d;
            *m = am;
            *n = an;
        }
        if (f <= vco)
            am++;
        else
            an++;
    }
    *rr = r;
}

void s3fb_unlock(vrig *r)
{
    wsr(r, 0x08, 0x06);
    wcr(r, 0x38, 0x48);
    wcr(r, 0x39, 0xa5);
}

void s3fb_set_par(vrig *r, const fbmode *fm, bool virge)
{
    unsigned bpp = fm->bpp, hmul = 1;
    bool multiplex = false;
    unsigned offset_value = fm->xres * bpp / 64;
    /* Unlock, blank, sync off. */
    wcr(r, 0x38, 0x48);
    wcr(r, 0x39, 0xa5);
    wsr(r, 0x08, 0x06);
    crmask(r, 0x11, 0x00, 0x80);
    srmask(r, 0x01, 0x20, 0x20);
    crmask(r, 0x17, 0x00, 0x80);
    /* svga_set_default_gfx_regs / atc / seq / crt */
    static const uint8_t gfx[9] = { 0, 0, 0, 0, 0, 0x00, 0x05, 0x0f, 0xff };
    for (unsigned i = 0; i < 9; i++)
        wgr(r, (uint8_t)i, gfx[i]);
    vin(r, 0x3da);
    vout(r, 0x3c0, 0x00);        /* palette unlocked, screen off while loading */
    for (unsigned i = 0; i < 16; i++) {
        vin(r, 0x3da);           /* svga_wattr: flip-flop reset, index, data */
        vout(r, 0x3c0, (uint8_t)i);
        vout(r, 0x3c0, (uint8_t)i);
    }
    static const uint8_t atc[5][2] = { { 0x10, 0x01 }, { 0x11, 0 }, { 0x12, 0x0f }, { 0x13, 0 }, { 0x14, 0 } };
    for (unsigned i = 0; i < 5; i++) {
        vin(r, 0x3da);
        vout(r, 0x3c0, atc[i][0]);
        vout(r, 0x3c0, atc[i][1]);
    }
    vin(r, 0x3da);
    vout(r, 0x3c0, 0x20);
    wsr(r, 0x01, 0x01);
    wsr(r, 0x02, 0x0f);
    wsr(r, 0x03, 0x00);
    wsr(r, 0x04, 0x06);
    crmask(r, 0x03, 0x80, 0x80);
    wcr(r, 0x08, 0);
    crmask(r, 0x09, 0, 0x1f);
    wcr(r, 0x14, 0);
    wcr(r, 0x17, 0xe3);
    wcr_multi(r, line_compare, 0xffffffff);
    wcr_multi(r, start_address, 0);
    /* S3 specific */
    crmask(r, 0x58, 0x10, 0x10);
    crmask(r, 0x31, 0x08, 0x08);
    crmask(r, 0x33, 0x00, 0x08);
    crmask(r, 0x43, 0x00, 0x01);
    crmask(r, 0x5d, 0x00, 0x28);
    wcr_multi(r, offset, offset_value);
    wcr(r, 0x54, 0x18);
    wcr(r, 0x60, 0xff);
    wcr(r, 0x61, 0xff);
    wcr(r, 0x62, 0xff);
    wcr(r, 0x3a, 0x35);
    vin(r, 0x3da);
    vout(r, 0x3c0, 0x33);        /* svga_wattr(0x33, 0): AR13 with the palette locked */
    vout(r, 0x3c0, 0x00);
    crmask(r, 0x09, 0x00, 0x80);
    crmask(r, 0x42, 0x00, 0x20);
    crmask(r, 0x45, 0x00, 0x01);
    crmask(r, 0x67, 0x00, 0x0c);
    wcr(r, 0x34, 0x10);
    crmask(r, 0x31, 0x00, 0x40);
    switch (bpp) {
    case 8:
        crmask(r, 0x50, 0x00, 0x30);
        if (fm->pixclock > 20000) {
            crmask(r, 0x67, 0x00, 0xf0);
        } else {
            crmask(r, 0x67, 0x10, 0xf0);
            multiplex = true;
        }
        break;
    case 16:
        crmask(r, 0x50, 0x10, 0x30);
        crmask(r, 0x67, 0x50, 0xf0);
        hmul = 2;
        break;
    default:
        crmask(r, 0x50, 0x30, 0x30);
        crmask(r, 0x67, 0xd0, 0xf0);
        break;
    }
    (void)virge;
    srmask(r, 0x15, multiplex ? 0x10 : 0x00, 0x10);
    srmask(r, 0x18, multiplex ? 0x80 : 0x00, 0x80);
    /* s3_set_pixclock */
    unsigned m, n, rr;
    compute_pll(1000000000u / fm->pixclock, &m, &n, &rr);
    vout(r, 0x3c2, (uint8_t)(vin(r, 0x3cc) | 0x0c));
    wsr(r, 0x12, (uint8_t)((n - 2) | rr << 5));
    wsr(r, 0x13, (uint8_t)(m - 2));
    uint8_t sr15 = rsr(r, 0x15);
    wsr(r, 0x15, sr15 & ~0x20);
    wsr(r, 0x15, sr15 | 0x20);
    wsr(r, 0x15, sr15 & ~0x20);
    /* svga_set_timings (hmul, hdiv 1, vmul 1, vdiv 1, hborder hmul) */
    unsigned ht = fm->xres + fm->left + fm->right + fm->hsync;
    unsigned hb = hmul;
    wcr_multi(r, h_total, ht * hmul / 8 - 5);
    wcr_multi(r, h_display, fm->xres * hmul / 8 - 1);
    wcr_multi(r, h_blank_start, fm->xres * hmul / 8 - 1 + hb);
    wcr_multi(r, h_blank_end, ht * hmul / 8 - 1 - hb);
    wcr_multi(r, h_sync_start, (fm->xres + fm->right) * hmul / 8);
    wcr_multi(r, h_sync_end, (fm->xres + fm->right + fm->hsync) * hmul / 8);
    unsigned vt = fm->yres + fm->upper + fm->lower + fm->vsync;
    wcr_multi(r, v_total, vt - 2);
    wcr_multi(r, v_display, fm->yres - 1);
    wcr_multi(r, v_blank_start, fm->yres);
    wcr_multi(r, v_blank_end, vt - 2);
    wcr_multi(r, v_sync_start, fm->yres + fm->lower);
    wcr_multi(r, v_sync_end, fm->yres + fm->lower + fm->vsync);
    vout(r, 0x3c2, (uint8_t)(vin(r, 0x3cc) | 0xc0));
    unsigned htotal = ht * hmul / 8 - 5;
    wcr(r, 0x3c, (uint8_t)((htotal + 1) / 2));
    unsigned hss = (fm->xres + fm->right) * hmul / 8;
    unsigned value = CLAMP((htotal + hss + 1) / 2 + 2, hss + 4, htotal + 1);
    wcr_multi(r, dtpc, value);
    /* memset_io(screen_base, 0, screen_size) is the caller's; screen back on. */
    crmask(r, 0x17, 0x80, 0x80);
    srmask(r, 0x01, 0x00, 0x20);
}
