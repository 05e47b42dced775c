/* chips/video/s3_accel.c — the drawing engines of chips/video/s3.c.
 *
 * 8514/A-compatible engine (Trio64, Vision864), ports xxE8h. Sources: S3
 * Trio32/Trio64 data book, "Enhanced Mode Programming" (register list,
 * command bits, mixes) as summarised in VGADOC 4b S3.TXT; IBM 8514/A
 * Technical Reference for the mix functions; 86Box vid_s3.c for the byte
 * order of PIX_TRANS and the screen width decode of CR50. Commands: line
 * (non-radial Bresenham), rectangle fill, BitBLT, and rectangles fed from
 * the CPU through PIX_TRANS (colour or monochrome expansion). The engine is
 * instantaneous: GP_STAT never reports busy. Not modelled: short strokes,
 * radial lines, polygon and pattern fills, colour compare, read-back through
 * PIX_TRANS, the second point registers (xxEAh) of the Trio64.
 *
 * S3d engine (ViRGE), MMIO A4D4h-A50Ch. Sources: S3 ViRGE data book, "S3d
 * Engine" BitBLT/Rectangle Fill register set (names as XFree86's s3virge
 * driver uses them); 86Box vid_s3_virge.c for the command execution points.
 * Commands: BitBLT (screen source or CPU image transfer, colour or mono),
 * rectangle fill with solid or 8x8 mono pattern, any ternary ROP,
 * clipping. Not modelled: lines, polygons, 3D, colour patterns.
 *
 * Every pixel address is checked against vram: rectangles past the memory
 * are cut, and the first such command of a run is logged as a guest error. */
#include "chips/video/s3.h"
#include <string.h>

/* ---- shared pixel helpers ------------------------------------------------------ */

static inline bool in_vram(const s3_t *s, uint64_t a, unsigned n)
{
    return a + n <= s->vga.vram_size && a + n >= a;
}

static inline uint32_t get_px(const s3_t *s, uint64_t a, unsigned bpp)
{
    if (!in_vram(s, a, bpp))
        return 0;
    const uint8_t *p = s->vga.vram + a;
    switch (bpp) {
    case 1:  return p[0];
    case 2:  return (uint32_t)p[0] | p[1] << 8;
    case 3:  return (uint32_t)p[0] | p[1] << 8 | (uint32_t)p[2] << 16;
    default: return (uint32_t)p[0] | p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
    }
}

static inline bool put_px(s3_t *s, uint64_t a, unsigned bpp, uint32_t v)
{
    if (!in_vram(s, a, bpp))
        return false;
    uint8_t *p = s->vga.vram + a;
    for (unsigned k = 0; k < bpp; k++)
        p[k] = (uint8_t)(v >> (8 * k));
    vga_vram_written(&s->vga, a, bpp);
    return true;
}

/* ---- the 8514/A engine -------------------------------------------------------------- */

/* Register numbers: port >> 10. */
enum {
    GP_SUBSYS = 0x10, GP_ADVFUNC = 0x12,
    GP_CUR_Y = 0x20, GP_CUR_X = 0x21, GP_DESTY = 0x22, GP_DESTX = 0x23, GP_ERR = 0x24,
    GP_MAJ = 0x25, GP_CMD = 0x26, GP_SHORT = 0x27, GP_BKGD_COLOR = 0x28, GP_FRGD_COLOR = 0x29,
    GP_WRT_MASK = 0x2a, GP_RD_MASK = 0x2b, GP_COLOR_CMP = 0x2c, GP_BKGD_MIX = 0x2d,
    GP_FRGD_MIX = 0x2e, GP_MULTIFUNC = 0x2f, GP_PIX_TRANS = 0x38,
};
/* CMD (9AE8h write) fields. */
enum { CMD_WRITE = 0x0001, CMD_MULTI = 0x0002, CMD_LASTOFF = 0x0004, CMD_RADIAL = 0x0008,
       CMD_DRAW = 0x0010, CMD_XPOS = 0x0020, CMD_YMAJ = 0x0040, CMD_YPOS = 0x0080,
       CMD_PCDATA = 0x0100, CMD_BUS = 0x0600, CMD_SWAP = 0x1000, CMD_OP = 0xe000 };
enum { OP_NOP = 0, OP_LINE = 1, OP_RECT = 2, OP_POLY = 3, OP_BLIT = 6, OP_PATTERN = 7 };
enum { MIX_FN = 0x000f, MIX_SRC = 0x0060 };
enum { SRC_BKGD = 0, SRC_FRGD = 1, SRC_CPU = 2, SRC_VRAM = 3 };
enum { PIX_MIXSEL = 0x00c0 };

unsigned s3_gp_bpp(const s3_t *s)
{
    switch ((s->vga.cr[S3_CR50] & 0x30) >> 4) {
    case 1:  return 2;
    case 3:  return 4;
    default: return 1;
    }
}

unsigned s3_gp_width(const s3_t *s)
{
    switch (s->vga.cr[S3_CR50] & 0xc1) {
    case 0x01: return 1152;
    case 0x40: return 640;
    case 0x80: return 800;
    case 0x81: return 1600;
    case 0xc0: return 1280;
    default:   return s->vga.cr[S3_CR31] & 0x02 ? 2048 : 1024;
    }
}

/* The 8514/A mix functions (source S, destination D). */
static uint32_t mix(unsigned fn, uint32_t S, uint32_t D)
{
    switch (fn & 15) {
    case 0:  return ~D;
    case 1:  return 0;
    case 2:  return ~0u;
    case 3:  return D;
    case 4:  return ~S;
    case 5:  return S ^ D;
    case 6:  return ~(S ^ D);
    case 7:  return S;
    case 8:  return ~S | ~D;
    case 9:  return D | ~S;
    case 10: return S | ~D;
    case 11: return S | D;
    case 12: return S & D;
    case 13: return ~S & D;
    case 14: return S & ~D;
    default: return ~S & ~D;
    }
}

static inline bool scissored(const s3_gp *g, int x, int y)
{
    return x < (int)g->scissor_l || x > (int)g->scissor_r || y < (int)g->scissor_t ||
           y > (int)g->scissor_b;
}

/* One pixel at (x, y): fg selects the foreground mix (else background);
 * cpu is the pixel the CPU supplied, src the BitBLT source pixel. */
static bool gp_pixel(s3_t *s, int x, int y, bool fg, uint32_t cpu, uint32_t src)
{
    s3_gp *g = &s->gp;
    if (x < 0 || y < 0 || scissored(g, x, y))
        return true;
    unsigned bpp = s3_gp_bpp(s);
    uint64_t a = ((uint64_t)(unsigned)y * s3_gp_width(s) + (unsigned)x) * bpp;
    uint16_t m = fg ? g->frgd_mix : g->bkgd_mix;
    uint32_t S;
    switch ((m & MIX_SRC) >> 5) {
    case SRC_BKGD: S = g->bkgd_color; break;
    case SRC_FRGD: S = g->frgd_color; break;
    case SRC_CPU:  S = cpu; break;
    default:       S = src; break;
    }
    uint32_t D = get_px(s, a, bpp);
    uint32_t r = mix(m & MIX_FN, S, D);
    r = (r & g->wrt_mask) | (D & ~g->wrt_mask);
    return put_px(s, a, bpp, r);
}

static void gp_clipped(s3_t *s, const char *what, int x, int y, unsigned w, unsigned h)
{
    ww_chip_guest_error(&s->vga.chip, "8514 %s at (%d,%d) %ux%u reaches past vram; cut", what,
                        x, y, w, h);
}

/* Signed 14-bit error terms and steps (the registers hold 14 bits). */
static inline int sx14(uint16_t v) { return (int)(int16_t)(uint16_t)(v << 2) >> 2; }

static void gp_rect(s3_t *s)
{
    s3_gp *g = &s->gp;
    unsigned w = (g->maj & 0xfff) + 1u, h = (g->min & 0xfff) + 1u;
    int x0 = g->cur_x & 0xfff, y0 = g->cur_y & 0xfff;
    int dx = g->cmd & CMD_XPOS ? 1 : -1, dy = g->cmd & CMD_YPOS ? 1 : -1;
    if (g->cmd & CMD_PCDATA) {      /* the pixels come through PIX_TRANS */
        g->xfer = OP_RECT;
        g->xfer_x = (uint16_t)x0;
        g->xfer_y = (uint16_t)y0;
        g->xfer_w = (uint16_t)w;
        g->xfer_h = (uint16_t)h;
        g->xfer_cx = g->xfer_cy = 0;
        return;
    }
    bool ok = true;
    if (g->cmd & CMD_DRAW)
        for (unsigned j = 0; j < h; j++)
            for (unsigned i = 0; i < w; i++)
                ok &= gp_pixel(s, x0 + dx * (int)i, y0 + dy * (int)j, true, 0, 0);
    if (!ok)
        gp_clipped(s, "rectangle", x0, y0, w, h);
    g->cur_y = (uint16_t)((y0 + dy * (int)h) & 0xfff);
}

static void gp_blit(s3_t *s)
{
    s3_gp *g = &s->gp;
    unsigned w = (g->maj & 0xfff) + 1u, h = (g->min & 0xfff) + 1u;
    int sx = g->cur_x & 0xfff, sy = g->cur_y & 0xfff;
    int dxp = g->destx & 0xfff, dyp = g->desty & 0xfff;
    int dx = g->cmd & CMD_XPOS ? 1 : -1, dy = g->cmd & CMD_YPOS ? 1 : -1;
    unsigned bpp = s3_gp_bpp(s), width = s3_gp_width(s);
    bool ok = true;
    /* Row by row, in the direction the command asks, so overlapping copies
     * work as the driver planned them. */
    for (unsigned j = 0; j < h; j++)
        for (unsigned i = 0; i < w; i++) {
            int x = sx + dx * (int)i, y = sy + dy * (int)j;
            uint32_t src = 0;
            if (x >= 0 && y >= 0) {
                uint64_t a = ((uint64_t)(unsigned)y * width + (unsigned)x) * bpp;
                ok &= in_vram(s, a, bpp);
                src = get_px(s, a, bpp);
            }
            ok &= gp_pixel(s, dxp + dx * (int)i, dyp + dy * (int)j, true, 0, src);
        }
    if (!ok)
        gp_clipped(s, "blit", dxp, dyp, w, h);
    g->cur_y = (uint16_t)((sy + dy * (int)h) & 0xfff);
    g->desty = (uint16_t)((dyp + dy * (int)h) & 0xfff);
}

/* Lines: Bresenham as the 8514/A runs it — MAJ_AXIS_PCNT + 1 pixels, ERR_TERM
 * with the axial (DESTY_AXSTP) and diagonal (DESTX_DIASTP) steps. */
static void gp_line(s3_t *s)
{
    s3_gp *g = &s->gp;
    if (g->cmd & CMD_RADIAL) {
        ww_chip_unimp(&s->vga.chip, "8514 radial line", 0, g->cmd);
        return;
    }
    int x = g->cur_x & 0xfff, y = g->cur_y & 0xfff;
    int err = sx14(g->err), ax = sx14(g->desty), dia = sx14(g->destx);
    int dx = g->cmd & CMD_XPOS ? 1 : -1, dy = g->cmd & CMD_YPOS ? 1 : -1;
    bool ymaj = g->cmd & CMD_YMAJ;
    unsigned n = (g->maj & 0xfff) + 1u;
    for (unsigned k = 0; k < n; k++) {
        bool last = k + 1 == n;
        if ((g->cmd & CMD_DRAW) && !(last && (g->cmd & CMD_LASTOFF)))
            gp_pixel(s, x, y, true, 0, 0);
        if (ymaj)
            y += dy;
        else
            x += dx;
        if (err >= 0) {
            if (ymaj)
                x += dx;
            else
                y += dy;
            err += dia;
        } else {
            err += ax;
        }
    }
    g->cur_x = (uint16_t)(x & 0xfff);
    g->cur_y = (uint16_t)(y & 0xfff);
    g->err = (uint16_t)(err & 0x3fff);
}

static void gp_command(s3_t *s, uint16_t cmd)
{
    s3_gp *g = &s->gp;
    g->cmd = cmd;
    g->xfer = 0;
    switch ((cmd & CMD_OP) >> 13) {
    case OP_NOP:  break;
    case OP_LINE: gp_line(s); break;
    case OP_RECT: gp_rect(s); break;
    case OP_BLIT: gp_blit(s); break;
    default:
        ww_chip_unimp(&s->vga.chip, "8514 command", 0, cmd);
        break;
    }
}

/* Data through PIX_TRANS for the rectangle waiting for it: monochrome when
 * PIX_CNTL selects CPU data as the mix select (each bit picks the
 * foreground or background mix), else colour pixels. Rows start on a new
 * transfer. */
static void gp_data(s3_t *s, uint32_t val, unsigned size)
{
    s3_gp *g = &s->gp;
    if (!g->xfer)
        return;
    uint8_t b[4];
    for (unsigned k = 0; k < size; k++)
        b[k] = (uint8_t)(val >> (8 * k));
    if (size > 1 && !(g->cmd & CMD_SWAP))   /* without byte swap the high byte goes first */
        for (unsigned k = 0; k < size / 2; k++) {
            uint8_t t = b[k];
            b[k] = b[size - 1 - k];
            b[size - 1 - k] = t;
        }
    int dx = g->cmd & CMD_XPOS ? 1 : -1, dy = g->cmd & CMD_YPOS ? 1 : -1;
    bool mono = (g->pix_cntl & PIX_MIXSEL) == 0x80;
    unsigned bpp = s3_gp_bpp(s);
    unsigned units = mono ? size * 8 : size / bpp;
    for (unsigned u = 0; u < units && g->xfer; u++) {
        int x = (int)g->xfer_x + dx * (int)g->xfer_cx, y = (int)g->xfer_y + dy * (int)g->xfer_cy;
        if (mono) {
            bool bit = b[u / 8] >> (7 - u % 8) & 1;
            if (g->cmd & CMD_DRAW)
                gp_pixel(s, x, y, bit, 0, 0);
        } else {
            uint32_t px = 0;
            for (unsigned k = 0; k < bpp; k++)
                px |= (uint32_t)b[u * bpp + k] << (8 * k);
            if (g->cmd & CMD_DRAW)
                gp_pixel(s, x, y, true, px, 0);
        }
        if (++g->xfer_cx >= g->xfer_w) {
            g->xfer_cx = 0;
            if (++g->xfer_cy >= g->xfer_h) {
                g->xfer = 0;
                g->cur_y = (uint16_t)((g->xfer_y + dy * (int)g->xfer_h) & 0xfff);
            }
            break;     /* the rest of this transfer pads the row */
        }
    }
}

static void gp_multifunc(s3_t *s, uint16_t v)
{
    s3_gp *g = &s->gp;
    uint16_t d = v & 0x0fff;
    switch (v >> 12) {
    case 0x0: g->min = d; break;
    case 0x1: g->scissor_t = d; break;
    case 0x2: g->scissor_l = d; break;
    case 0x3: g->scissor_b = d; break;
    case 0x4: g->scissor_r = d; break;
    case 0x5: g->mem_cntl = d; break;
    case 0xa: g->pix_cntl = d; break;
    case 0xf: g->read_sel = d; break;
    default:  ww_chip_unimp(&s->vga.chip, "MULTIFUNC_CNTL index", 0, v >> 12); break;
    }
}

static uint16_t *gp_reg16(s3_gp *g, unsigned k)
{
    switch (k) {
    case GP_CUR_Y:     return &g->cur_y;
    case GP_CUR_X:     return &g->cur_x;
    case GP_DESTY:     return &g->desty;
    case GP_DESTX:     return &g->destx;
    case GP_ERR:       return &g->err;
    case GP_MAJ:       return &g->maj;
    case GP_SHORT:     return &g->short_stroke;
    case GP_BKGD_MIX:  return &g->bkgd_mix;
    case GP_FRGD_MIX:  return &g->frgd_mix;
    case GP_ADVFUNC:   return &g->adv_func;
    default:           return NULL;
    }
}

static uint32_t *gp_reg32(s3_gp *g, unsigned k)
{
    switch (k) {
    case GP_BKGD_COLOR: return &g->bkgd_color;
    case GP_FRGD_COLOR: return &g->frgd_color;
    case GP_WRT_MASK:   return &g->wrt_mask;
    case GP_RD_MASK:    return &g->rd_mask;
    case GP_COLOR_CMP:  return &g->color_cmp;
    default:            return NULL;
    }
}

uint64_t s3_gp_read(s3_t *s, unsigned off, unsigned size, ww_access how)
{
    s3_gp *g = &s->gp;
    unsigned k = off / 4, lane = off & 3;
    uint32_t v;
    switch (k) {
    case GP_SUBSYS: v = g->subsys_stat; break;
    case GP_CMD:    v = 0;  break;          /* GP_STAT: idle, FIFO empty */
    default: {
        uint16_t *r16 = gp_reg16(g, k);
        uint32_t *r32 = gp_reg32(g, k);
        v = r16 ? *r16 : r32 ? *r32 : 0xffffffffu;
        break;
    }
    }
    v >>= 8 * lane;
    return size >= 4 ? v : v & ((1u << (8 * size)) - 1);
}

void s3_gp_write(s3_t *s, unsigned off, uint64_t val, unsigned size)
{
    s3_gp *g = &s->gp;
    unsigned k = off / 4, lane = off & 3;
    uint32_t v = (uint32_t)val;
    if (k == GP_PIX_TRANS) {
        gp_data(s, v, size);
        return;
    }
    uint32_t *r32 = gp_reg32(g, k);
    if (r32) {    /* 32-bit colours: one dword write, or the low then the high word */
        uint32_t mask = size >= 4 ? 0xffffffffu : ((1u << (8 * size)) - 1) << (8 * lane);
        *r32 = (*r32 & ~mask) | ((v << (8 * lane)) & mask);
        return;
    }
    if (lane >= 2) {
        ww_chip_unimp(&s->vga.chip, "8514 second-point register", 0, off);
        return;
    }
    if (k == GP_CMD || k == GP_MULTIFUNC || k == GP_SUBSYS) {
        if (size < 2 || lane) {
            ww_chip_unimp(&s->vga.chip, "byte write of an 8514 command register", 0, off);
            return;
        }
        if (k == GP_CMD)
            gp_command(s, (uint16_t)v);
        else if (k == GP_MULTIFUNC)
            gp_multifunc(s, (uint16_t)v);
        else
            g->subsys_cntl = (uint16_t)v;
        return;
    }
    uint16_t *r16 = gp_reg16(g, k);
    if (!r16) {
        ww_chip_unimp(&s->vga.chip, "8514 register write", 0, off);
        return;
    }
    if (size == 1)
        *r16 = (uint16_t)((*r16 & ~(0xff << (8 * lane))) | (v & 0xff) << (8 * lane));
    else
        *r16 = (uint16_t)v;
}

/* ---- the ViRGE S3d engine --------------------------------------------------------------- */

enum {
    S3D_SRC_BASE = 0xa4d4, S3D_DEST_BASE = 0xa4d8, S3D_CLIP_LR = 0xa4dc, S3D_CLIP_TB = 0xa4e0,
    S3D_STRIDE = 0xa4e4, S3D_PAT0 = 0xa4e8, S3D_PAT1 = 0xa4ec, S3D_PAT_BG = 0xa4f0,
    S3D_PAT_FG = 0xa4f4, S3D_SRC_BG = 0xa4f8, S3D_SRC_FG = 0xa4fc, S3D_CMD = 0xa500,
    S3D_RWH = 0xa504, S3D_RSRC = 0xa508, S3D_RDEST = 0xa50c,
    S3D_STATUS = 0x8504, S3D_ADVFUNC = 0x850c,
};
enum { SC_AUTO = 1u << 0, SC_CLIP = 1u << 1, SC_FMT = 7u << 2, SC_DRAW = 1u << 5,
       SC_MONO_SRC = 1u << 6, SC_CPU = 1u << 7, SC_MONO_PAT = 1u << 8, SC_TRANSP = 1u << 9,
       SC_ROP = 0xffu << 17, SC_XPOS = 1u << 25, SC_YPOS = 1u << 26, SC_OP = 0xfu << 27 };
enum { S3D_BLIT = 0, S3D_RECT = 2, S3D_NOP = 15 };

static uint32_t rop3(unsigned rop, uint32_t P, uint32_t S, uint32_t D)
{
    uint32_t r = 0;
    for (unsigned i = 0; i < 8; i++)
        if (rop >> i & 1)
            r |= (i & 4 ? P : ~P) & (i & 2 ? S : ~S) & (i & 1 ? D : ~D);
    return r;
}

static unsigned s3d_bpp(const s3_s3d *d)
{
    switch ((d->cmd & SC_FMT) >> 2) {
    case 1:  return 2;
    case 2:  return 3;
    default: return 1;
    }
}

static bool s3d_clipped(const s3_s3d *d, int x, int y)
{
    if (!(d->cmd & SC_CLIP))
        return false;
    int l = (int)(d->clip_lr >> 16 & 0x7ff), r = (int)(d->clip_lr & 0x7ff);
    int t = (int)(d->clip_tb >> 16 & 0x7ff), b = (int)(d->clip_tb & 0x7ff);
    return x < l || x > r || y < t || y > b;
}

static bool s3d_mono_pat(const s3_s3d *d, int x, int y)
{
    unsigned row = (unsigned)y & 7, col = (unsigned)x & 7;
    uint32_t w = d->mono_pat[row >> 2];
    return w >> ((row & 3) * 8 + (7 - col)) & 1;
}

/* Pixel (x, y) of the destination with source value S (when the ROP uses it). */
static bool s3d_pixel(s3_t *s, int x, int y, uint32_t S)
{
    s3_s3d *d = &s->s3d;
    if (x < 0 || y < 0 || s3d_clipped(d, x, y))
        return true;
    unsigned bpp = s3d_bpp(d);
    uint64_t a = (d->dest_base & 0x3ffff8) + (uint64_t)(unsigned)y * ((d->stride >> 16) & 0xfff8) +
                 (uint64_t)(unsigned)x * bpp;
    uint32_t P = d->cmd & SC_MONO_PAT ? (s3d_mono_pat(d, x, y) ? d->pat_fg : d->pat_bg) : d->pat_fg;
    uint32_t D = get_px(s, a, bpp);
    uint32_t r = rop3((d->cmd & SC_ROP) >> 17, P, S, D);
    return put_px(s, a, bpp, r);
}

static void s3d_execute(s3_t *s)
{
    s3_s3d *d = &s->s3d;
    unsigned op = (d->cmd & SC_OP) >> 27;
    d->xfer = 0;
    if (op == S3D_NOP || !(d->cmd & SC_DRAW))
        return;
    if (op != S3D_BLIT && op != S3D_RECT) {
        ww_chip_unimp(&s->vga.chip, "S3d command", 0, op);
        return;
    }
    unsigned w = ((d->rwh >> 16) & 0x7ff) + 1u, h = d->rwh & 0x7ff;
    int dx0 = (int)(d->rdest >> 16 & 0x7ff), dy0 = (int)(d->rdest & 0x7ff);
    int sx0 = (int)(d->rsrc >> 16 & 0x7ff), sy0 = (int)(d->rsrc & 0x7ff);
    int xs = d->cmd & SC_XPOS ? 1 : -1, ys = d->cmd & SC_YPOS ? 1 : -1;
    if (op == S3D_BLIT && (d->cmd & SC_CPU)) {   /* the source arrives through the image port */
        d->xfer = 1;
        d->xfer_x = d->xfer_y = 0;
        d->xfer_bits = 0;
        return;
    }
    unsigned bpp = s3d_bpp(d);
    bool ok = true;
    for (unsigned j = 0; j < h; j++)
        for (unsigned i = 0; i < w; i++) {
            uint32_t S = 0;
            if (op == S3D_BLIT) {
                int x = sx0 + xs * (int)i, y = sy0 + ys * (int)j;
                uint64_t a = (d->src_base & 0x3ffff8) + (uint64_t)(unsigned)y * (d->stride & 0xfff8) +
                             (uint64_t)(unsigned)x * bpp;
                if (x >= 0 && y >= 0) {
                    ok &= in_vram(s, a, bpp);
                    S = get_px(s, a, bpp);
                }
            }
            ok &= s3d_pixel(s, dx0 + xs * (int)i, dy0 + ys * (int)j, S);
        }
    if (!ok)
        ww_chip_guest_error(&s->vga.chip, "S3d %s at (%d,%d) %ux%u reaches past vram; cut",
                            op == S3D_BLIT ? "blit" : "fill", dx0, dy0, w, h);
}

void s3_s3d_data(s3_t *s, uint32_t val)
{
    s3_s3d *d = &s->s3d;
    if (!d->xfer)
        return;
    unsigned w = ((d->rwh >> 16) & 0x7ff) + 1u, h = d->rwh & 0x7ff;
    int dx0 = (int)(d->rdest >> 16 & 0x7ff), dy0 = (int)(d->rdest & 0x7ff);
    int xs = d->cmd & SC_XPOS ? 1 : -1, ys = d->cmd & SC_YPOS ? 1 : -1;
    bool mono = d->cmd & SC_MONO_SRC;
    unsigned bpp = s3d_bpp(d);
    /* Rows start on a dword: mono bits most significant first in each byte,
     * bytes in memory order; colour pixels packed little-endian. */
    unsigned units = mono ? 32 : 4 / bpp ? 4 / bpp : 1;
    for (unsigned u = 0; u < units && d->xfer; u++) {
        int x = dx0 + xs * (int)d->xfer_x, y = dy0 + ys * (int)d->xfer_y;
        if (mono) {
            bool bit = (val >> (8 * (u / 8))) >> (7 - u % 8) & 1;
            if (bit || !(d->cmd & SC_TRANSP))
                s3d_pixel(s, x, y, bit ? d->src_fg : d->src_bg);
        } else {
            uint32_t px = bpp >= 4 ? val : (val >> (8 * bpp * u)) & ((1u << (8 * bpp)) - 1);
            s3d_pixel(s, x, y, px);
        }
        if (++d->xfer_x >= w) {
            d->xfer_x = 0;
            if (++d->xfer_y >= h)
                d->xfer = 0;
            break;
        }
    }
}

uint64_t s3_s3d_read(s3_t *s, unsigned off, unsigned size, ww_access how)
{
    s3_s3d *d = &s->s3d;
    unsigned reg = off & ~3u, sh = 8 * (off & 3);
    uint32_t v;
    switch (reg) {
    case S3D_STATUS:    v = 0xf000 | s->gp.subsys_stat; break;   /* S3d idle, FIFO free */
    case S3D_ADVFUNC:   v = s->gp.adv_func; break;
    case S3D_SRC_BASE:  v = d->src_base; break;
    case S3D_DEST_BASE: v = d->dest_base; break;
    case S3D_CLIP_LR:   v = d->clip_lr; break;
    case S3D_CLIP_TB:   v = d->clip_tb; break;
    case S3D_STRIDE:    v = d->stride; break;
    case S3D_PAT0:      v = d->mono_pat[0]; break;
    case S3D_PAT1:      v = d->mono_pat[1]; break;
    case S3D_PAT_BG:    v = d->pat_bg; break;
    case S3D_PAT_FG:    v = d->pat_fg; break;
    case S3D_SRC_BG:    v = d->src_bg; break;
    case S3D_SRC_FG:    v = d->src_fg; break;
    case S3D_CMD:       v = d->cmd; break;
    case S3D_RWH:       v = d->rwh; break;
    case S3D_RSRC:      v = d->rsrc; break;
    case S3D_RDEST:     v = d->rdest; break;
    default:            v = 0; break;
    }
    v >>= sh;
    return size >= 4 ? v : v & ((1u << (8 * size)) - 1);
}

void s3_s3d_write(s3_t *s, unsigned off, uint64_t val, unsigned size)
{
    s3_s3d *d = &s->s3d;
    unsigned reg = off & ~3u;
    if (size != 4 || (off & 3)) {
        if (reg == S3D_STATUS || reg == S3D_ADVFUNC) {
            if (reg == S3D_ADVFUNC && !(off & 3))
                s->gp.adv_func = (uint16_t)val;
            return;
        }
        ww_chip_unimp(&s->vga.chip, "S3d register write narrower than 32 bits", 0, off);
        return;
    }
    uint32_t v = (uint32_t)val;
    switch (reg) {
    case S3D_STATUS:    return;            /* subsystem control: interrupts not modelled */
    case S3D_ADVFUNC:   s->gp.adv_func = (uint16_t)v; return;
    case S3D_SRC_BASE:  d->src_base = v; return;
    case S3D_DEST_BASE: d->dest_base = v; return;
    case S3D_CLIP_LR:   d->clip_lr = v; return;
    case S3D_CLIP_TB:   d->clip_tb = v; return;
    case S3D_STRIDE:    d->stride = v; return;
    case S3D_PAT0:      d->mono_pat[0] = v; return;
    case S3D_PAT1:      d->mono_pat[1] = v; return;
    case S3D_PAT_BG:    d->pat_bg = v; return;
    case S3D_PAT_FG:    d->pat_fg = v; return;
    case S3D_SRC_BG:    d->src_bg = v; return;
    case S3D_SRC_FG:    d->src_fg = v; return;
    case S3D_CMD:
        d->cmd = v;
        if (!(v & SC_AUTO))
            s3d_execute(s);
        return;
    case S3D_RWH:       d->rwh = v; return;
    case S3D_RSRC:      d->rsrc = v; return;
    case S3D_RDEST:
        d->rdest = v;
        if (d->cmd & SC_AUTO)
            s3d_execute(s);
        return;
    default:
        ww_chip_unimp(&s->vga.chip, "S3d register", 0, off);
        return;
    }
}
