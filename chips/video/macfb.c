/* chips/video/macfb.c — the Macintosh built-in frame buffer of the Quadras
 * ("macfb", after the Linux driver that drives it): VRAM the CPU maps at the
 * NuBus slot $9 address 0xF9000000, a DAFB-style register block at
 * 0xF9800000 with the colour look-up table, and the picture the display
 * pipeline shows (core/display.h).
 *
 * Sources: Linux drivers/video/fbdev/macfb.c (the DAFB CLUT as the kernel
 * programs it: DAFB_BASE 0xF9800200, a 32-bit write at +0 resets the
 * table's index, each byte written at +0x13 is the next of red, green, blue;
 * 1, 2, 4, 8 bit pseudo-colour, 16-bit x1r5g5b5 and 24/32-bit xrgb
 * big-endian; the geometry from the bootinfo: base, depth, row bytes,
 * dimensions); arch/m68k/kernel/head.S (maps the 4 MiB holding the VRAM);
 * Guide to the Macintosh Family Hardware 2nd ed., "Video" (index 0 white,
 * the last index black: the reset palette is a grey ramp from white to the
 * depth's last index);
 * QEMU hw/display/macfb.c for the same facts (VRAM at slot offset 0, DAFB at
 * +0x800000, reset palette 255 - i) and its interrupt registers (mask 0x104,
 * status 0x108, clear 0x10C: the vertical blanking interrupt, to the slot's
 * NuBus interrupt).
 *
 *          +-----------+
 *  vram  ⇄ | (a RAM    |   window on the bus-master port "mem" at `base`:
 *          |  window)  |   CPU writes at full speed, tracked for the display
 *  regs  → | DAFB regs |→ irq  (slot $9 /NMRQ: vertical blanking, if enabled)
 *  screen← | picture   |
 *          +-----------+
 *
 * Registers beyond the CLUT are this model's (the DAFB's own mode and timing
 * registers are not documented in what we have): START (offset of the
 * picture in VRAM) and ROWBYTES start at the props' geometry, and a guest may
 * move them; a picture that runs past the VRAM is cut there (the pipeline
 * shows black) and said so. Not modelled: the DAFB's timing generator,
 * monitor sense codes beyond a fixed value, a NuBus declaration ROM (Linux
 * takes the frame buffer from the bootinfo: firmware-loaders/linux_m68k.c).
 * Test: tests/chips/video/macfb.c
 */
#include "core/chip.h"
#include "core/machine.h"
#include "core/space.h"
#include "core/display.h"

typedef struct {
    ww_chip chip;
    uint64_t base, vram_size;          /* props */
    uint32_t width, height, depth, sense_prop;
    uint32_t start, rowbytes, ctrl, sense;   /* registers */
    uint32_t intr_mask, intr_stat;
    uint8_t clut[256][3];
    uint32_t clut_index;               /* 0..767: component being written */
    uint32_t pal[256];                 /* derived: 0x00RRGGBB */
    uint8_t warned;
    uint8_t *vram;
    bool vram_owned;
    ww_window *win;
    ww_dirty dirty;
    ww_display *display;
    ww_timer vbl_timer;
    ww_line irq;
} macfb_t;

enum { R_START = 0x000, R_ROWBYTES = 0x004, R_CTRL = 0x008, R_SENSE = 0x01c,
       R_INTR_MASK = 0x104, R_INTR_STAT = 0x108, R_INTR_CLEAR = 0x10c,
       R_CLUT_RESET = 0x200, R_CLUT = 0x210 };
enum { INTR_VBL = 0x01 };
enum { REGION_REGS, REGION__COUNT };
enum { PORT_IRQ, PORT__COUNT };
enum { BUS_MEM, BUS__COUNT };
enum { BACKEND_SCREEN, BACKEND__COUNT };

#define AT(m) WW_AT(macfb_t, m)
#define VBL_NS 16625000u               /* 60.15 Hz */

static void vbl_fire(ww_chip *c, unsigned i);

static const ww_reg_desc fb_regs[] = {
    { "START",     REGION_REGS, R_START,     4, WW_REG_SIDE | WW_REG_CHIP_RESET, .at = AT(start),
      .doc = "offset of the picture in VRAM (bytes)" },
    { "ROWBYTES",  REGION_REGS, R_ROWBYTES,  4, WW_REG_SIDE | WW_REG_CHIP_RESET, .at = AT(rowbytes),
      .doc = "bytes from one line to the next" },
    { "CTRL",      REGION_REGS, R_CTRL,      4, WW_RW, .at = AT(ctrl), .doc = "stored" },
    { "SENSE",     REGION_REGS, R_SENSE,     4, WW_REG_RO | WW_REG_CHIP_RESET, .at = AT(sense),
      .doc = "monitor sense code (the sense property)" },
    { "INTR_MASK", REGION_REGS, R_INTR_MASK, 4, WW_REG_SIDE, .at = AT(intr_mask),
      .doc = "bit 0: vertical blanking interrupt enabled" },
    { "INTR_STAT", REGION_REGS, R_INTR_STAT, 4, WW_REG_RO, .at = AT(intr_stat),
      .doc = "bit 0: vertical blanking happened" },
    { "INTR_CLEAR", REGION_REGS, R_INTR_CLEAR, 4, WW_REG_WO | WW_REG_SIDE,
      .doc = "write: clear the status bits written" },
    { "CLUT_RESET", REGION_REGS, R_CLUT_RESET, 4, WW_REG_WO | WW_REG_SIDE,
      .doc = "write: the CLUT index back to entry 0, red" },
    { "CLUT",      REGION_REGS, R_CLUT,      4, WW_REG_SIDE,
      .doc = "each byte written (Linux: at +3) is the next component" },
    { "CLUT_INDEX", .flags = WW_REG_INTERNAL, .at = AT(clut_index),
      .doc = "component being written: entry * 3 + (0 red, 1 green, 2 blue)" },
    { 0 }
};

static const ww_state_desc fb_state[] = {
    { "clut", WW_STATE_U8, AT(clut), "colour table (red, green, blue)",
      .flags = WW_STATE_CHIP_RESET },
    { "warned", WW_STATE_U8, AT(warned), "a picture past the VRAM was reported" },
    { "vbl_timer", WW_STATE_TIMER, AT(vbl_timer), "next vertical blanking",
      .fire = vbl_fire },
    { 0 }
};

static unsigned depth_ok(uint32_t d)
{
    return d == 1 || d == 2 || d == 4 || d == 8 || d == 16 || d == 24 || d == 32;
}

static void update_pal(macfb_t *f)
{
    for (unsigned i = 0; i < 256; i++)
        f->pal[i] = (uint32_t)f->clut[i][0] << 16 | (uint32_t)f->clut[i][1] << 8 | f->clut[i][2];
    ww_dirty_mark_all(&f->dirty);
}

static void update_irq(macfb_t *f)
{
    ww_line_set(&f->irq, (f->intr_mask & f->intr_stat & INTR_VBL) != 0);
}

static void vbl_arm(macfb_t *f)
{
    if (!f->chip.realized)
        return;
    if (f->intr_mask & INTR_VBL) {
        if (!ww_timer_armed(&f->vbl_timer))
            ww_timer_mod(&f->vbl_timer, ww_sched_now(f->chip.sched) + VBL_NS);
    } else {
        ww_timer_del(&f->vbl_timer);
    }
}

static void vbl_fire(ww_chip *c, unsigned i)
{
    macfb_t *f = (macfb_t *)c;
    f->intr_stat |= INTR_VBL;
    update_irq(f);
    vbl_arm(f);
}

/* Bytes the picture needs from START on, and whether they fit. */
static uint64_t picture_end(const macfb_t *f)
{
    uint64_t line = ((uint64_t)f->width * f->depth + 7) / 8;
    return (uint64_t)f->start + (uint64_t)f->rowbytes * (f->height ? f->height - 1 : 0) + line;
}

static void check_geometry(macfb_t *f)
{
    bool bad = picture_end(f) > f->vram_size;
    if (bad && !f->warned)
        ww_chip_guest_error(&f->chip, "picture %ux%ux%u at 0x%x, %u bytes a line, runs past the "
                            "%" G_GUINT64_FORMAT " KiB of VRAM; the rest shows black", f->width,
                            f->height, f->depth, f->start, f->rowbytes, f->vram_size >> 10);
    f->warned = bad;
    ww_dirty_mark_all(&f->dirty);
}

static uint64_t fb_read(ww_chip *c, unsigned region, uint64_t off, unsigned size, ww_access how)
{
    macfb_t *f = (macfb_t *)c;
    switch (off & ~3ull) {
    case R_START:     return f->start;
    case R_ROWBYTES:  return f->rowbytes;
    case R_CTRL:      return f->ctrl;
    case R_SENSE:     return f->sense;
    case R_INTR_MASK: return f->intr_mask;
    case R_INTR_STAT: return f->intr_stat;
    default:          return 0;
    }
}

static void fb_write(ww_chip *c, unsigned region, uint64_t off, uint64_t val, unsigned size)
{
    macfb_t *f = (macfb_t *)c;
    uint32_t v = (uint32_t)val;
    if (off >= R_CLUT && off < R_CLUT + 4) {
        /* Each byte of the access is a component (Linux writes one byte at +3). */
        for (unsigned k = 0; k < size; k++) {
            uint8_t b = (uint8_t)(val >> (8 * (size - 1 - k)));
            f->clut_index %= 768;            /* any value a debugger left is safe */
            f->clut[f->clut_index / 3][f->clut_index % 3] = b;
            f->clut_index = (f->clut_index + 1) % 768;
        }
        update_pal(f);
        return;
    }
    switch (off & ~3ull) {
    case R_START:
        f->start = v & 0xffffff;
        check_geometry(f);
        return;
    case R_ROWBYTES:
        f->rowbytes = v & 0xffff;
        check_geometry(f);
        return;
    case R_CTRL:
        f->ctrl = v;
        return;
    case R_INTR_MASK:
        f->intr_mask = v & INTR_VBL;
        update_irq(f);
        vbl_arm(f);
        return;
    case R_INTR_CLEAR:
        f->intr_stat &= ~v;
        update_irq(f);
        return;
    case R_CLUT_RESET:
        f->clut_index = 0;
        return;
    default:
        ww_chip_unimp(c, "write", region, off);
        return;
    }
}

/* ---- the picture ---------------------------------------------------------------------- */

static uint8_t vram_at(const macfb_t *f, uint64_t a)
{
    return a < f->vram_size ? f->vram[a] : 0;
}

/* Depths without a pipeline format (1-4 bit, big-endian 16/24/32): by line. */
static void fb_render_line(ww_chip *c, unsigned y, uint32_t *dst)
{
    macfb_t *f = (macfb_t *)c;
    uint64_t a = (uint64_t)f->start + (uint64_t)y * f->rowbytes;
    for (unsigned x = 0; x < f->width; x++) {
        uint32_t px;
        switch (f->depth) {
        case 1: case 2: case 4: {
            unsigned per = 8 / f->depth;
            uint8_t b = vram_at(f, a + x / per);
            unsigned sh = 8 - f->depth * (x % per + 1);
            px = f->pal[(b >> sh) & ((1u << f->depth) - 1)];
            break;
        }
        case 16: {
            uint16_t p = (uint16_t)(vram_at(f, a + 2 * x) << 8 | vram_at(f, a + 2 * x + 1));
            px = (uint32_t)((p >> 10) & 0x1f) << 19 | (uint32_t)((p >> 5) & 0x1f) << 11 |
                 (uint32_t)(p & 0x1f) << 3;
            break;
        }
        case 24:
            px = (uint32_t)vram_at(f, a + 3 * x) << 16 | (uint32_t)vram_at(f, a + 3 * x + 1) << 8 |
                 vram_at(f, a + 3 * x + 2);
            break;
        default:   /* 32: x, r, g, b */
            px = (uint32_t)vram_at(f, a + 4 * x + 1) << 16 | (uint32_t)vram_at(f, a + 4 * x + 2) << 8 |
                 vram_at(f, a + 4 * x + 3);
            break;
        }
        dst[x] = px;
    }
}

static void fb_mode(ww_chip *c, ww_display_mode *m)
{
    macfb_t *f = (macfb_t *)c;
    if (f->win) {
        unsigned pb = ww_space_cfg(f->win->space)->page_bits;
        uint64_t np = ((f->vram_size - 1) >> pb) + 1;
        uint64_t *bits = g_new0(uint64_t, (np + 63) / 64);
        if (ww_mapping_collect_writes(f->win, bits, np))
            for (uint64_t i = 0; i < np; i++)
                if (bits[i >> 6] >> (i & 63) & 1)
                    ww_dirty_mark(&f->dirty, i << pb, 1ull << pb);
        g_free(bits);
    }
    m->width = MIN(f->width, (uint32_t)WW_DISPLAY_MAX_W);
    m->height = MIN(f->height, (uint32_t)WW_DISPLAY_MAX_H);
    m->base = f->start;
    m->pitch = f->rowbytes;
    m->mem = f->vram;
    m->mem_size = f->vram_size;
    m->dirty = &f->dirty;
    m->palette = f->pal;
    m->refresh_mhz = 60150;
    m->line_bytes = (uint32_t)(((uint64_t)f->width * f->depth + 7) / 8);
    m->kind = f->depth == 8 ? WW_DISPLAY_PACKED : WW_DISPLAY_LINES;
    m->format = WW_PIXFMT_PAL8;
}

static const ww_display_ops fb_display_ops = { .mode = fb_mode, .render_line = fb_render_line };

static void screen_bound(ww_chip *c, unsigned index)
{
    macfb_t *f = (macfb_t *)c;
    if (f->display)
        ww_display_attach(f->display, &fb_display_ops, c);
    ww_dirty_mark_all(&f->dirty);
}

/* ---- lifecycle ------------------------------------------------------------------------- */

static bool fb_realize(ww_chip *c, GError **err)
{
    macfb_t *f = (macfb_t *)c;
    if (!depth_ok(f->depth)) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "%s: depth %u; expected 1, 2, 4, 8, 16, 24 "
                    "or 32", c->id, f->depth);
        return false;
    }
    uint64_t line = ((uint64_t)f->width * f->depth + 7) / 8;
    if (line * f->height > f->vram_size) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "%s: %ux%ux%u needs %" G_GUINT64_FORMAT
                    " bytes, more than the %" G_GUINT64_FORMAT " of vram", c->id, f->width,
                    f->height, f->depth, line * f->height, f->vram_size);
        return false;
    }
    if (c->machine) {
        char *id = g_strdup_printf("%s-vram", c->id);
        f->vram = ww_machine_find_memory(c->machine, id, NULL);
        if (!f->vram)
            f->vram = ww_machine_add_memory(c->machine, id, f->vram_size, err);
        g_free(id);
        if (!f->vram)
            return false;
    } else {
        f->vram = g_malloc0(f->vram_size);
        f->vram_owned = true;
    }
    ww_dirty_init(&f->dirty, f->vram_size, 10);
    if (c->bus[BUS_MEM] && f->vram) {
        char *n = g_strdup_printf("%s.vram", c->id);
        f->win = ww_window_open_ram(c->bus[BUS_MEM], c, n, f->vram, f->vram_size, false, 1, err);
        g_free(n);
        if (!f->win)
            return false;
        if (!ww_window_place(f->win, f->base, f->vram_size) ||
            !ww_mapping_track_writes(f->win, true)) {
            g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "%s: VRAM at 0x%" G_GINT64_MODIFIER
                        "x (%" G_GUINT64_FORMAT " bytes) does not fit its bus", c->id, f->base,
                        f->vram_size);
            return false;
        }
    }
    return true;
}

static void fb_unrealize(ww_chip *c)
{
    macfb_t *f = (macfb_t *)c;
    if (f->win)
        ww_window_close(f->win);
    f->win = NULL;
    if (f->display)
        ww_display_attach(f->display, NULL, NULL);
    ww_dirty_free(&f->dirty);
    if (f->vram_owned)
        g_free(f->vram);
    f->vram = NULL;
}

static void fb_reset(ww_chip *c, ww_reset_kind kind)
{
    macfb_t *f = (macfb_t *)c;
    f->start = 0;
    f->rowbytes = (uint32_t)(((uint64_t)f->width * f->depth + 7) / 8);
    f->sense = f->sense_prop;
    /* A grey ramp from white (index 0) to black (the last index of the depth). */
    unsigned last = f->depth < 8 ? (1u << f->depth) - 1 : 255;
    for (unsigned i = 0; i < 256; i++) {
        unsigned g = i >= last ? 0 : 255 - i * 255 / last;
        f->clut[i][0] = f->clut[i][1] = f->clut[i][2] = (uint8_t)g;
    }
    update_pal(f);
    update_irq(f);
}

static bool fb_post_load(ww_chip *c, GError **err)
{
    macfb_t *f = (macfb_t *)c;
    f->intr_mask &= INTR_VBL;
    update_pal(f);
    update_irq(f);
    return true;
}

static const ww_prop_desc fb_props[] = {
    { "base", WW_PROP_UINT, AT(base), "0xF9000000", 0, UINT32_MAX, NULL, WW_UNIT_NONE,
      "where the VRAM appears on the CPU's bus (NuBus slot $9's standard space)" },
    { "vram", WW_PROP_UINT, AT(vram_size), "2MiB", 64 * 1024, 16 << 20, NULL, WW_UNIT_BYTES,
      "video memory" },
    { "width", WW_PROP_UINT, AT(width), "640", 1, 4096, NULL, WW_UNIT_NONE, "pixels" },
    { "height", WW_PROP_UINT, AT(height), "480", 1, 4096, NULL, WW_UNIT_NONE, "lines" },
    { "depth", WW_PROP_UINT, AT(depth), "8", 1, 32, NULL, WW_UNIT_NONE,
      "bits per pixel: 1, 2, 4, 8 (CLUT), 16, 24, 32" },
    { "sense", WW_PROP_UINT, AT(sense_prop), "6", 0, 7, NULL, WW_UNIT_NONE,
      "monitor sense code the SENSE register reads" },
    { 0 }
};

static const ww_region_desc fb_regions[] = {
    [REGION_REGS] = { "regs", 0x1000, 1, 4, WW_BIG_ENDIAN, 0,
                      "the DAFB-style registers (map at 0xF9800000)" },
    [REGION__COUNT] = { 0 }
};

static const ww_port_desc fb_ports[] = {
    [PORT_IRQ] = { "irq", WW_PORT_OUT, 1, 0, offsetof(macfb_t, irq),
                   "the slot interrupt (active high here; NuBus /NMRQ is active low)" },
    [PORT__COUNT] = { 0 }
};

static const ww_bus_desc fb_buses[] = {
    [BUS_MEM] = { "mem", "where the VRAM window opens (bind it to the CPU's memory)", 32,
                  WW_BIG_ENDIAN, WW_UNMAPPED_BUS_ERROR, 0 },
    [BUS__COUNT] = { 0 }
};

static const ww_backend_desc fb_backends[] = {
    [BACKEND_SCREEN] = { "screen", WW_BACKEND_DISPLAY, offsetof(macfb_t, display), 1,
                         "the picture (core/display.h)", screen_bound },
    [BACKEND__COUNT] = { 0 }
};

static const ww_chip_class macfb_class = {
    .type = "macfb",
    .summary = "Macintosh built-in frame buffer (DAFB-style CLUT) at NuBus slot $9",
    .doc = "VRAM as a RAM window at `base`, 1-32 bits per pixel, the DAFB CLUT as Linux's "
           "macfb programs it, vertical blanking interrupt; the picture for screenshots.",
    .size = sizeof(macfb_t),
    .version = 1,
    .props = fb_props,
    .regions = fb_regions,
    .regs = fb_regs,
    .state = fb_state,
    .ports = fb_ports,
    .buses = fb_buses,
    .backends = fb_backends,
    .realize = fb_realize,
    .unrealize = fb_unrealize,
    .reset = fb_reset,
    .read = fb_read,
    .write = fb_write,
    .post_load = fb_post_load,
};
WW_CHIP_REGISTER(macfb_class)
