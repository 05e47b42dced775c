/* chips/video/vga.c — the IBM VGA: sequencer, CRT controller, graphics
 * controller, attribute controller, DAC and the external registers, as the
 * core of every VGA-compatible chip (chips/video/vga.h) and as the plain
 * "vga" chip (an ISA VGA with 256 KiB).
 *
 * Sources: IBM VGA Technical Reference (Personal System/2 Hardware Interface
 * Technical Reference, "Video Subsystem": register descriptions, the memory
 * maps of GR06, write modes 0-3 and read modes 0-1 of the graphics
 * controller); FreeVGA "VGA/SVGA Video Programming" register pages (CRTC
 * offset scaling by the memory address size, character map select
 * encoding, attribute palette paths), compared with QEMU hw/display/vga.c
 * and 86Box src/video/vid_svga.c where the documents leave room. What the
 * VGA BIOS and Linux vgacon use is here: text modes with the font in plane 2
 * (8/9-dot cells, blink, cursor, line graphics), planar 16 colours, CGA-
 * compatible 4- and 2-colour modes, mode 13h (chain-4), odd/even, read modes
 * 0-1, write modes 0-3, the A0000h window's four maps, the DAC, the retrace
 * bits of input status 1 computed from virtual time.
 *
 *   io  (3B0h-3DFh) ─┐           ┌─ mem (A0000h-BFFFFh, placed per GR06)
 *                    │   VGA     │
 *       display  ◄───┤  core     ├──► vram (machine memory "<id>-vram")
 *
 * Not modelled: line compare (split screen), horizontal pixel panning, the
 * text cursor skew, light pen, the CRTC's MA13/MA15 word-mode rotation,
 * 6-bit DAC emulation of an 8-bit bus (values are 6-bit). Memory is laid out
 * as in QEMU: vram[4 × offset + plane]; chain-4 addresses vram linearly.
 * Test: tests/chips/video/vga.c */
#include "chips/video/vga.h"
#include "core/machine.h"
#include <string.h>

/* ---- fields (shared with s3.c through vga.h) -------------------------------------- */

const ww_field_desc vga_misc_fields[] = {
    WW_FIELD(MISC_, IOS, "1: CRTC at 3D4h (colour), 0: at 3B4h (mono)"),
    WW_FIELD(MISC_, ERAM, "CPU access to video memory enabled"),
    WW_FIELD(MISC_, CS, "clock select: 0 25.175 MHz, 1 28.322 MHz, 3 external/PLL"),
    WW_FIELD(MISC_, PAGE, "odd/even page select"),
    WW_FIELD(MISC_, HSP, "horizontal sync polarity"), WW_FIELD(MISC_, VSP, "vertical sync polarity"),
    { 0 }
};
const ww_field_desc vga_sr01_fields[] = {
    WW_FIELD(SR01_, 98DM, "8-dot characters (else 9)"), WW_FIELD(SR01_, SLR, "shift load rate"),
    WW_FIELD(SR01_, DCR, "dot clock / 2"), WW_FIELD(SR01_, SH4, "shift four"),
    WW_FIELD(SR01_, SO, "screen off"),
    { 0 }
};
const ww_field_desc vga_sr02_fields[] = {
    WW_FIELD_MASK("MAP", 0x0f, "planes written by the CPU"), { 0 }
};
const ww_field_desc vga_sr03_fields[] = {
    WW_FIELD_MASK("CSB", 0x0c, "map B bits 1-0 (attribute bit 3 clear)"),
    WW_FIELD_MASK("CSA", 0x03, "map A bits 1-0 (attribute bit 3 set)"),
    WW_FIELD_MASK("CSB2", 0x20, "map B bit 2"), WW_FIELD_MASK("CSA2", 0x10, "map A bit 2"),
    { 0 }
};
const ww_field_desc vga_sr04_fields[] = {
    WW_FIELD(SR04_, EXTMEM, "more than 64 KiB"), WW_FIELD(SR04_, OE_DIS, "odd/even disabled"),
    WW_FIELD(SR04_, CHAIN4, "chain 4: address bits 1-0 select the plane"),
    { 0 }
};
const ww_field_desc vga_gr01_fields[] = {
    WW_FIELD_MASK("ESR", 0x0f, "planes taking the set/reset value in write mode 0"), { 0 }
};
const ww_field_desc vga_gr03_fields[] = {
    WW_FIELD_MASK("ROT", 0x07, "rotate count"),
    WW_FIELD_MASK("FUNC", 0x18, "0 replace, 1 AND, 2 OR, 3 XOR with the latches"),
    { 0 }
};
const ww_field_desc vga_gr04_fields[] = {
    WW_FIELD_MASK("MAP", 0x03, "plane read in read mode 0"), { 0 }
};
const ww_field_desc vga_gr05_fields[] = {
    WW_FIELD(GR05_, WM, "write mode 0-3"), WW_FIELD(GR05_, RM, "read mode 1: color compare"),
    WW_FIELD(GR05_, OE, "host odd/even reads"), WW_FIELD(GR05_, SR, "CGA shift register interleave"),
    WW_FIELD(GR05_, C256, "256-colour shift"),
    { 0 }
};
const ww_field_desc vga_gr06_fields[] = {
    WW_FIELD(GR06_, GRAPHICS, "graphics addressing (no character generator)"),
    WW_FIELD(GR06_, OE, "chain odd/even"),
    WW_FIELD(GR06_, MAP, "0 A0000h 128K, 1 A0000h 64K, 2 B0000h 32K, 3 B8000h 32K"),
    { 0 }
};
const ww_field_desc vga_ar10_fields[] = {
    WW_FIELD(AR10_, GRAPHICS, "graphics (else text)"), WW_FIELD(AR10_, MONO, "monochrome attributes"),
    WW_FIELD(AR10_, LGE, "line graphics: 9th dot of C0h-DFh"), WW_FIELD(AR10_, BLINK, "blink (else bright bg)"),
    WW_FIELD(AR10_, PPM, "pixel panning after line compare"), WW_FIELD(AR10_, 8BIT, "8-bit colour"),
    WW_FIELD(AR10_, P54S, "palette bits 5-4 from AR14"),
    { 0 }
};
const ww_field_desc vga_ar12_fields[] = {
    WW_FIELD_MASK("CPE", 0x0f, "planes that take part in the colour"), { 0 }
};
const ww_field_desc vga_ar14_fields[] = {
    WW_FIELD_MASK("C54", 0x03, "palette bits 5-4 (with AR10.P54S)"),
    WW_FIELD_MASK("C76", 0x0c, "palette bits 7-6"),
    { 0 }
};
const ww_field_desc vga_arx_fields[] = {
    WW_FIELD(ARX_, INDEX, "attribute register"),
    WW_FIELD(ARX_, PAS, "palette address source: 1 = screen on (palette locked)"),
    { 0 }
};
const ww_field_desc vga_cr07_fields[] = {
    WW_FIELD_MASK("VT8", 0x01, "vertical total bit 8"), WW_FIELD_MASK("VDE8", 0x02, "display end bit 8"),
    WW_FIELD_MASK("VRS8", 0x04, "retrace start bit 8"), WW_FIELD_MASK("VBS8", 0x08, "blank start bit 8"),
    WW_FIELD_MASK("LC8", 0x10, "line compare bit 8"), WW_FIELD_MASK("VT9", 0x20, "vertical total bit 9"),
    WW_FIELD_MASK("VDE9", 0x40, "display end bit 9"), WW_FIELD_MASK("VRS9", 0x80, "retrace start bit 9"),
    { 0 }
};
const ww_field_desc vga_cr09_fields[] = {
    WW_FIELD(CR09_, MSL, "maximum scan line (character height - 1)"),
    WW_FIELD_MASK("VBS9", 0x20, "blank start bit 9"), WW_FIELD(CR09_, LC9, "line compare bit 9"),
    WW_FIELD(CR09_, DS, "double scan"),
    { 0 }
};
const ww_field_desc vga_cr0a_fields[] = {
    WW_FIELD(CR0A_, CSL, "cursor start line"), WW_FIELD(CR0A_, CD, "cursor disabled"), { 0 }
};
const ww_field_desc vga_cr0b_fields[] = {
    WW_FIELD_MASK("CEL", 0x1f, "cursor end line"), WW_FIELD_MASK("SKEW", 0x60, "cursor skew"), { 0 }
};
const ww_field_desc vga_cr11_fields[] = {
    WW_FIELD(CR11_, VRE, "vertical retrace end (low 4 bits of the line)"),
    WW_FIELD_MASK("BW", 0x40, "memory refresh bandwidth"),
    WW_FIELD(CR11_, PROTECT, "CR00-CR07 write protected (CR07 bit 4 excepted)"),
    { 0 }
};
const ww_field_desc vga_cr14_fields[] = {
    WW_FIELD_MASK("UL", 0x1f, "underline scan line"), WW_FIELD_MASK("DIV4", 0x20, "count by 4"),
    WW_FIELD(CR14_, DW, "double-word addressing"),
    { 0 }
};
const ww_field_desc vga_cr17_fields[] = {
    WW_FIELD(CR17_, CMS0, "0: row scan bit 0 replaces address bit 13 (CGA)"),
    WW_FIELD(CR17_, SRSC, "0: row scan bit 1 replaces address bit 14 (Hercules)"),
    WW_FIELD_MASK("SLDIV", 0x04, "vertical counter / 2"), WW_FIELD_MASK("DIV2", 0x08, "count by 2"),
    WW_FIELD_MASK("AW", 0x20, "address wrap (word mode)"), WW_FIELD(CR17_, BYTE, "byte mode (else word)"),
    WW_FIELD(CR17_, SE, "sync enable"),
    { 0 }
};

/* ---- memory -------------------------------------------------------------------- */

static inline uint64_t vmask(const vga_t *v) { return v->vram_size - 1; }

bool vga_realize(vga_t *v, ww_space *io, ww_space *mem, GError **err)
{
    uint64_t sz = v->vram_size;
    if (sz < 64 * 1024 || sz > 64ull << 20 || (sz & (sz - 1))) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "%s: vram %" G_GUINT64_FORMAT " bytes; "
                    "expected a power of two from 64KiB to 64MiB", v->chip.id, sz);
        return false;
    }
    if (v->chip.machine) {
        char *id = g_strdup_printf("%s-vram", v->chip.id);
        v->vram = ww_machine_find_memory(v->chip.machine, id, NULL);
        if (!v->vram)
            v->vram = ww_machine_add_memory(v->chip.machine, id, sz, err);
        g_free(id);
        if (!v->vram)
            return false;
    } else {
        v->vram = g_malloc0(sz);
        v->vram_owned = true;
    }
    /* 1 KiB pages: one 1024-byte line, or two or three text rows (640 bytes
     * of interleaved planes each), per bit. */
    ww_dirty_init(&v->dirty, sz, 10);
    unsigned r_io = (unsigned)ww_chip_find_region(v->chip.cls, "io");
    unsigned r_mem = (unsigned)ww_chip_find_region(v->chip.cls, "mem");
    if (io) {
        char *n = g_strdup_printf("%s.vga-io", v->chip.id);
        v->win_io = ww_window_open_chip(io, &v->chip, n, &v->chip, r_io, 0, err);
        g_free(n);
        if (!v->win_io)
            return false;
    }
    if (mem) {
        /* Priority 1: the window wins over RAM a machine maps under it. */
        char *n = g_strdup_printf("%s.vga-mem", v->chip.id);
        v->win_mem = ww_window_open_chip(mem, &v->chip, n, &v->chip, r_mem, 1, err);
        g_free(n);
        if (!v->win_mem)
            return false;
    }
    return true;
}

void vga_unrealize(vga_t *v)
{
    ww_window_close(v->win_io);
    ww_window_close(v->win_mem);
    v->win_io = v->win_mem = NULL;
    if (v->vram_owned)
        g_free(v->vram);
    v->vram = NULL;
    ww_dirty_free(&v->dirty);
}

static inline uint32_t dac_rgb(const vga_t *v, unsigned i)
{
    const uint8_t *e = &v->dac[3 * (i & 0xff)];
    uint32_t r = e[0] & 0x3f, g = e[1] & 0x3f, b = e[2] & 0x3f;
    return (r << 2 | r >> 4) << 16 | (g << 2 | g >> 4) << 8 | (b << 2 | b >> 4);
}

void vga_update_palette(vga_t *v)
{
    for (unsigned i = 0; i < 256; i++)
        v->palette[i] = dac_rgb(v, i & v->pel_mask);
    ww_dirty_mark_all(&v->dirty);
}

void vga_update_windows(vga_t *v)
{
    if (v->win_io) {
        if (v->x.io_off)
            ww_window_hide(v->win_io);
        else
            ww_window_place(v->win_io, VGA_PORT_BASE, VGA_IO_SIZE);
    }
    if (!v->win_mem)
        return;
    if (v->x.mem_off || v->x.no_window || !(v->misc & MISC_ERAM)) {
        ww_window_hide(v->win_mem);
        return;
    }
    static const uint32_t base[4] = { 0xa0000, 0xa0000, 0xb0000, 0xb8000 };
    static const uint32_t size[4] = { 0x20000, 0x10000, 0x8000, 0x8000 };
    unsigned map = v->x.win64k ? 1 : (v->gr[6] & GR06_MAP) >> 2;
    v->win_mem->offset = base[map] - VGA_MEM_BASE;
    ww_window_place(v->win_mem, base[map], size[map]);
}

void vga_reset(vga_t *v)
{
    vga_update_palette(v);
    vga_update_windows(v);
    ww_dirty_mark_all(&v->dirty);
}

/* Offset within the active memory map of region offset off (bytes from
 * A0000h), or -1 when the map does not decode it. */
static int64_t map_offset(const vga_t *v, uint64_t off)
{
    if (v->x.win64k)
        return off < 0x10000 ? (int64_t)off : -1;
    switch ((v->gr[6] & GR06_MAP) >> 2) {
    case 0:  return off < 0x20000 ? (int64_t)off : -1;
    case 1:  return off < 0x10000 ? (int64_t)off : -1;
    case 2:  return off >= 0x10000 && off < 0x18000 ? (int64_t)(off - 0x10000) : -1;
    default: return off >= 0x18000 && off < 0x20000 ? (int64_t)(off - 0x18000) : -1;
    }
}

static inline bool linear(const vga_t *v)
{
    return (v->sr[4] & SR04_CHAIN4) || v->x.linear;
}

uint8_t vga_mem_read(vga_t *v, uint64_t off, ww_access how)
{
    int64_t a = map_offset(v, off);
    if (a < 0 || !v->vram)
        return 0xff;
    if (linear(v)) {
        uint64_t i = v->x.bank + (uint64_t)a;
        return i < v->vram_size ? v->vram[i] : 0xff;
    }
    uint64_t po = (v->x.bank >> 2) + (uint64_t)a;
    if (v->gr[5] & GR05_OE)       /* host odd/even: A0 picks the plane of a pair */
        po &= ~1ull;
    if (po * 4 >= v->vram_size)
        return 0xff;
    const uint8_t *q = v->vram + po * 4;
    if (how != WW_PEEK)
        memcpy(v->latch, q, 4);
    if (!(v->gr[5] & GR05_RM)) {
        unsigned plane = v->gr[4] & 3;
        if (v->gr[5] & GR05_OE)
            plane = (plane & 2) | (unsigned)(a & 1);
        return q[plane];
    }
    /* Read mode 1: a 1 for each pixel whose planes (those GR07 cares about)
     * equal the color compare value. */
    uint8_t r = 0xff;
    for (unsigned p = 0; p < 4; p++) {
        if (!(v->gr[7] >> p & 1))
            continue;
        uint8_t want = v->gr[2] >> p & 1 ? 0xff : 0x00;
        r &= (uint8_t)~(q[p] ^ want);
    }
    return r;
}

static inline uint8_t alu(const vga_t *v, uint8_t d, uint8_t latch)
{
    switch ((v->gr[3] >> 3) & 3) {
    case 1:  return d & latch;
    case 2:  return d | latch;
    case 3:  return d ^ latch;
    default: return d;
    }
}

void vga_mem_write(vga_t *v, uint64_t off, uint8_t val)
{
    int64_t a = map_offset(v, off);
    if (a < 0 || !v->vram)
        return;
    if (linear(v)) {
        uint64_t i = v->x.bank + (uint64_t)a;
        if (i >= v->vram_size)
            return;
        if (!v->x.linear && !(v->sr[2] >> (i & 3) & 1))
            return;
        v->vram[i] = val;
        ww_dirty_mark(&v->dirty, i, 1);
        if ((i & 3) == 2)
            v->font_written = 1;
        return;
    }
    uint64_t po = (v->x.bank >> 2) + (uint64_t)a;
    unsigned planes = v->sr[2] & 0x0f;
    if (!(v->sr[4] & SR04_OE_DIS)) {   /* odd/even: even bytes to planes 0/2, odd to 1/3 */
        planes &= a & 1 ? 0x0a : 0x05;
        po &= ~1ull;
    }
    if (po * 4 >= v->vram_size || !planes)
        return;
    uint8_t *q = v->vram + po * 4;
    uint8_t rot = (uint8_t)((val >> (v->gr[3] & 7)) | (val << (8 - (v->gr[3] & 7))));
    uint8_t mask = v->gr[8];
    uint8_t data[4];
    switch (v->gr[5] & GR05_WM) {
    case 0:
        for (unsigned p = 0; p < 4; p++) {
            uint8_t d = v->gr[1] >> p & 1 ? (v->gr[0] >> p & 1 ? 0xff : 0) : rot;
            data[p] = alu(v, d, v->latch[p]);
        }
        break;
    case 1:
        mask = 0;          /* the latches, whole */
        memset(data, 0, 4);
        break;
    case 2:
        for (unsigned p = 0; p < 4; p++)
            data[p] = alu(v, val >> p & 1 ? 0xff : 0, v->latch[p]);
        break;
    default:
        mask &= rot;
        for (unsigned p = 0; p < 4; p++)
            data[p] = alu(v, v->gr[0] >> p & 1 ? 0xff : 0, v->latch[p]);
        break;
    }
    for (unsigned p = 0; p < 4; p++)
        if (planes >> p & 1)
            q[p] = (uint8_t)((data[p] & mask) | (v->latch[p] & ~mask));
    ww_dirty_mark(&v->dirty, po * 4, 4);
    if (planes & 4)
        v->font_written = 1;
}

/* ---- timing -------------------------------------------------------------------------- */

void vga_timing_get(const vga_t *v, vga_timing *t)
{
    const uint8_t *cr = v->cr;
    t->htotal = cr[0x00] + 5u + v->x.htotal_hi;
    t->hdisp = cr[0x01] + 1u + v->x.hdisp_hi;
    t->hsync_start = cr[0x04] + v->x.hsync_hi;
    t->vtotal = (cr[0x06] | (cr[0x07] & 0x01u) << 8 | (cr[0x07] & 0x20u) << 4) + 2u + v->x.vtotal_hi;
    t->vdisp = (cr[0x12] | (cr[0x07] & 0x02u) << 7 | (cr[0x07] & 0x40u) << 3) + 1u + v->x.vdisp_hi;
    t->vsync_start = (cr[0x10] | (cr[0x07] & 0x04u) << 6 | (cr[0x07] & 0x80u) << 2) + v->x.vsync_hi;
    t->vsync_end = (t->vsync_start & ~0xfu) | (cr[0x11] & CR11_VRE);
    if (t->vsync_end <= t->vsync_start)
        t->vsync_end += 16;
    bool text = !(v->ar[0x10] & AR10_GRAPHICS);
    t->char_w = text && !(v->sr[1] & SR01_98DM) ? 9 : 8;
    uint64_t hz = v->x.dot_hz;
    if (!hz)
        hz = ((v->misc & MISC_CS) >> 2) == 1 ? 28322000 : 25175000;
    if (v->sr[1] & SR01_DCR)
        hz /= 2;
    t->dot_hz = hz ? hz : 25175000;
    unsigned ht = MAX(t->htotal, t->hdisp), vt = MAX(t->vtotal, t->vdisp);
    uint64_t line = (uint64_t)ht * t->char_w * 1000000000ull / t->dot_hz;
    uint64_t frame = line * vt;
    /* Nonsense timings (the guest's) still give a picture rate between
     * 10 Hz and 500 Hz, so retrace polling loops end. */
    if (frame < 2000000 || frame > 100000000) {
        frame = CLAMP(frame, 2000000ull, 100000000ull);
        line = MAX(frame / vt, 1ull);
    }
    t->frame_ns = frame;
    t->line_ns = MAX(line, 1ull);
}

/* Input status 1 from virtual time: bit 3 during vertical retrace, bit 0
 * while the display is not drawing (horizontal or vertical blanking). */
static uint8_t status1(const vga_t *v)
{
    vga_timing t;
    vga_timing_get(v, &t);
    ww_time now = v->chip.sched ? ww_sched_now(v->chip.sched) : 0;
    uint64_t in = now % t.frame_ns;
    uint64_t line = in / t.line_ns, x = in % t.line_ns;
    uint64_t hdisp_ns = t.line_ns * MIN(t.hdisp, t.htotal) / MAX(t.htotal, 1u);
    uint8_t s = 0;
    if (line >= t.vsync_start && line < t.vsync_end)
        s |= 0x08;
    if (line >= t.vdisp || x >= hdisp_ns)
        s |= 0x01;
    return s;
}

/* ---- ports ------------------------------------------------------------------------- */

bool vga_is_crx(const vga_t *v, unsigned off)
{
    return off == (v->misc & MISC_IOS ? VGA_CRX_COLOR : VGA_CRX_MONO);
}

bool vga_is_crd(const vga_t *v, unsigned off)
{
    return off == (v->misc & MISC_IOS ? VGA_CRD_COLOR : VGA_CRD_MONO);
}

static bool is_st1(const vga_t *v, unsigned off)
{
    return off == (v->misc & MISC_IOS ? VGA_ST1_COLOR : VGA_ST1_MONO);
}

static const uint8_t sr_mask[5] = { 0x03, 0x3d, 0x0f, 0x3f, 0x0e };
static const uint8_t gr_mask[9] = { 0x0f, 0x0f, 0x0f, 0x1f, 0x03, 0x7b, 0x0f, 0x0f, 0xff };

uint64_t vga_io_read(vga_t *v, unsigned off, ww_access how)
{
    if (vga_is_crx(v, off))
        return v->cr_index;
    if (vga_is_crd(v, off))
        return v->cr_index <= 0x18 ? v->cr[v->cr_index] : 0xff;
    if (is_st1(v, off)) {
        if (how != WW_PEEK)
            v->ar_flip = 0;
        return status1(v);
    }
    switch (off) {
    case VGA_ARX:      return v->ar_index;
    case VGA_ARD:      return (v->ar_index & ARX_INDEX) <= 0x14 ? v->ar[v->ar_index & ARX_INDEX] : 0;
    case VGA_ST0:      return 0x00;
    case VGA_VSE:      return v->vse;
    case VGA_SRX:      return v->sr_index;
    case VGA_SRD:      return v->sr_index < 5 ? v->sr[v->sr_index] : 0xff;
    case VGA_PEL_MASK: return v->pel_mask;
    case VGA_DAC_STATE: return v->dac_state;
    case VGA_PEL_IW:   return v->dac_write;
    case VGA_PEL_D: {
        uint8_t r = v->dac[3 * v->dac_read + v->dac_sub % 3];
        if (how != WW_PEEK && ++v->dac_sub >= 3) {
            v->dac_sub = 0;
            v->dac_read++;
        }
        return r;
    }
    case VGA_FCR_R:    return v->fcr;
    case VGA_MISC_R:   return v->misc;
    case VGA_GRX:      return v->gr_index;
    case VGA_GRD:      return v->gr_index < 9 ? v->gr[v->gr_index] : 0xff;
    default:           return 0xff;
    }
}

void vga_io_write(vga_t *v, unsigned off, uint8_t val)
{
    if (vga_is_crx(v, off)) {
        v->cr_index = val;
        return;
    }
    if (vga_is_crd(v, off)) {
        unsigned i = v->cr_index;
        if (i > 0x18) {
            ww_chip_unimp(&v->chip, "write of an extended CRTC register", 0, i);
            return;
        }
        if ((v->cr[0x11] & CR11_PROTECT) && i <= 7) {
            if (i == 7)   /* the line compare bit stays writable */
                v->cr[7] = (uint8_t)((v->cr[7] & ~0x10) | (val & 0x10));
            return;
        }
        v->cr[i] = val;
        return;
    }
    if (is_st1(v, off)) {      /* write: feature control */
        v->fcr = val;
        return;
    }
    switch (off) {
    case VGA_ARX:
        if (!v->ar_flip) {
            v->ar_index = val & 0x3f;
        } else {
            unsigned i = v->ar_index & ARX_INDEX;
            static const uint8_t ar_mask[0x15] = {
                0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f, 0x3f,
                0x3f, 0x3f, 0xef, 0xff, 0x3f, 0x0f, 0x0f };
            if (i <= 0x14)
                v->ar[i] = val & ar_mask[i];
            ww_dirty_mark_all(&v->dirty);
        }
        v->ar_flip ^= 1;
        return;
    case VGA_MISC_W:
        v->misc = val;
        vga_update_windows(v);
        return;
    case VGA_VSE:
        v->vse = val & 1;
        return;
    case VGA_SRX:
        v->sr_index = val;
        return;
    case VGA_SRD:
        if (v->sr_index < 5) {
            v->sr[v->sr_index] = val & sr_mask[v->sr_index];
            ww_dirty_mark_all(&v->dirty);
        }
        return;
    case VGA_PEL_MASK:
        v->pel_mask = val;
        vga_update_palette(v);
        return;
    case VGA_PEL_IR:
        v->dac_read = val;
        v->dac_sub = 0;
        v->dac_state = 3;
        return;
    case VGA_PEL_IW:
        v->dac_write = val;
        v->dac_sub = 0;
        v->dac_state = 0;
        return;
    case VGA_PEL_D:
        v->dac_latch[v->dac_sub % 3] = val & 0x3f;
        if (++v->dac_sub >= 3) {
            memcpy(&v->dac[3 * v->dac_write], v->dac_latch, 3);
            v->dac_write++;
            v->dac_sub = 0;
            vga_update_palette(v);
        }
        return;
    case VGA_GRX:
        v->gr_index = val;
        return;
    case VGA_GRD:
        if (v->gr_index < 9) {
            v->gr[v->gr_index] = val & gr_mask[v->gr_index];
            if (v->gr_index == 6)
                vga_update_windows(v);
        }
        return;
    default:
        return;
    }
}

/* ---- the picture ----------------------------------------------------------------------- */

/* Attribute colour index (0-15) to the 0x00RRGGBB it shows. */
static inline uint32_t attr_color(const vga_t *v, unsigned c)
{
    unsigned p = v->ar[c & 15] & 0x3f;
    if (v->ar[0x10] & AR10_P54S)
        p = (p & 0x0f) | (v->ar[0x14] & 3u) << 4;
    p |= (v->ar[0x14] & 0x0cu) << 4;
    return v->palette[p & 0xff];
}

static unsigned addr_shift(const vga_t *v)
{
    if (v->cr[0x14] & CR14_DW)
        return 2;
    return v->cr[0x17] & CR17_BYTE ? 0 : 1;
}

static uint32_t start_address(const vga_t *v)
{
    return ((uint32_t)v->cr[0x0c] << 8 | v->cr[0x0d]) + v->x.start_hi;
}

static uint32_t line_offset(const vga_t *v)
{
    return v->cr[0x13] + v->x.offset_hi;
}

static uint64_t frame_number(const vga_t *v, const vga_timing *t)
{
    ww_time now = v->chip.sched ? ww_sched_now(v->chip.sched) : 0;
    return now / t->frame_ns;
}

/* CGA-compatible addressing: row scan bits replace address bits 13/14. */
static bool cga_addressing(const vga_t *v)
{
    return (v->cr[0x17] & (CR17_CMS0 | CR17_SRSC)) != (CR17_CMS0 | CR17_SRSC);
}

void vga_display_mode(vga_t *v, ww_display_mode *m)
{
    vga_timing t;
    vga_timing_get(v, &t);
    m->refresh_mhz = (uint32_t)MIN(1000000000000ull / t.frame_ns, (uint64_t)UINT32_MAX);
    m->mem = v->vram;
    m->mem_size = v->vram_size;
    m->dirty = &v->dirty;
    m->palette = v->palette;
    unsigned msl = (v->cr[0x09] & CR09_MSL) + 1u;
    unsigned ds = v->cr[0x09] & CR09_DS ? 2 : 1;
    unsigned hdisp = MIN(t.hdisp, WW_DISPLAY_MAX_W / 8u);
    unsigned vdisp = MIN(t.vdisp, (unsigned)WW_DISPLAY_MAX_H);
    uint32_t sa = start_address(v), off = line_offset(v);
    bool text = !(v->ar[0x10] & AR10_GRAPHICS);
    if ((v->sr[1] & SR01_SO) || !(v->ar_index & ARX_PAS) || !(v->cr[0x17] & CR17_SE) || !v->vram) {
        m->kind = WW_DISPLAY_BLANK;
        m->width = hdisp * t.char_w;
        m->height = vdisp;
        return;
    }
    if (text) {
        ww_display_text *x = &m->text;
        unsigned sh = addr_shift(v);
        x->cell_w = t.char_w;
        x->cell_h = msl;
        x->double_scan = ds;
        x->cols = hdisp;
        x->rows = vdisp / (msl * ds);
        x->cell_base = 4ull * ((uint64_t)sa << sh);
        x->row_pitch = (uint32_t)(4ull * ((2ull * off) << sh));
        x->cell_pitch = 4u << sh;
        x->attr_delta = 1;
        unsigned s3 = v->sr[3];
        unsigned mapa = (s3 & 3) | (s3 >> 2 & 4), mapb = (s3 >> 2 & 3) | (s3 >> 3 & 4);
        x->font_base[0] = 4ull * (((mapb & 3) * 2 + (mapb >> 2)) * 8192u) + 2;
        x->font_base[1] = 4ull * (((mapa & 3) * 2 + (mapa >> 2)) * 8192u) + 2;
        x->glyph_pitch = v->x.fast_text ? 4 : 4 * 32;
        x->line_pitch = v->x.fast_text ? 4 * 256 : 4;
        x->wrap = vmask(v);
        for (unsigned i = 0; i < 16; i++)
            x->palette[i] = attr_color(v, i);
        x->line_graphics = v->ar[0x10] & AR10_LGE;
        x->blink = v->ar[0x10] & AR10_BLINK;
        uint64_t fr = frame_number(v, &t);
        x->blink_on = (fr >> 4) & 1;        /* 16 frames on, 16 off */
        x->font_changed = v->font_written;
        x->underline = v->ar[0x10] & AR10_MONO;
        x->underline_line = v->cr[0x14] & 0x1f;
        x->cursor_start = v->cr[0x0a] & CR0A_CSL;
        x->cursor_end = v->cr[0x0b] & 0x1f;
        uint32_t ca = ((uint32_t)v->cr[0x0e] << 8 | v->cr[0x0f]) + v->x.cursor_hi;
        uint32_t per_row = 2 * off;
        bool on = !(v->cr[0x0a] & CR0A_CD) && ((fr >> 3) & 1) == 0 && ca >= sa && per_row;
        if (on) {
            x->cursor_row = (ca - sa) / per_row;
            x->cursor_col = (ca - sa) % per_row;
            on = x->cursor_row < x->rows && x->cursor_col < x->cols;
        }
        x->cursor = on;
        m->kind = WW_DISPLAY_TEXT;
        m->width = x->cols * x->cell_w;
        m->height = vdisp;
        return;
    }
    bool c256 = (v->ar[0x10] & AR10_8BIT) || v->x.enhanced;
    if (c256) {
        unsigned hc = v->x.enhanced && v->x.hclocks ? v->x.hclocks : 2;
        m->kind = WW_DISPLAY_PACKED;
        m->format = v->x.enhanced ? v->x.format : WW_PIXFMT_PAL8;
        m->width = hdisp * 8 / hc;
        m->height = vdisp / (msl * ds);
        m->base = 4ull * sa;
        m->pitch = 8 * off;
        return;
    }
    unsigned sh = addr_shift(v);
    m->kind = WW_DISPLAY_LINES;
    m->format = WW_PIXFMT_PAL8;
    m->width = hdisp * 8;
    if (cga_addressing(v)) {
        m->height = vdisp / ds;
        m->dirty = NULL;     /* interleaved rows: not a linear span, redraw whole */
    } else {
        m->height = vdisp / (msl * ds);
        m->base = 4ull * ((uint64_t)sa << sh);
        m->pitch = (uint32_t)(4ull * ((2ull * off) << sh));
        m->line_bytes = (uint32_t)(4ull * ((uint64_t)hdisp << sh));
    }
}

void vga_render_line(vga_t *v, unsigned y, uint32_t *dst)
{
    vga_timing t;
    vga_timing_get(v, &t);
    unsigned hdisp = MIN(t.hdisp, WW_DISPLAY_MAX_W / 8u);
    unsigned msl = (v->cr[0x09] & CR09_MSL) + 1u;
    unsigned sh = addr_shift(v);
    uint32_t off = line_offset(v);
    unsigned row = y, scan = 0;
    if (cga_addressing(v)) {
        row = y / msl;
        scan = y % msl;
    }
    uint64_t ma = start_address(v) + (uint64_t)row * 2 * off;
    uint64_t mask = vmask(v);
    unsigned cpe = v->ar[0x12] & 0x0f;
    bool cga4 = v->gr[5] & GR05_SR;
    for (unsigned i = 0; i < hdisp; i++) {
        uint64_t a = ma + i;
        if (!(v->cr[0x17] & CR17_CMS0))
            a = (a & ~(1ull << 13)) | (uint64_t)(scan & 1) << 13;
        if (!(v->cr[0x17] & CR17_SRSC))
            a = (a & ~(1ull << 14)) | (uint64_t)(scan >> 1 & 1) << 14;
        uint64_t po = (a << sh) * 4;
        uint8_t b[4];
        for (unsigned p = 0; p < 4; p++)
            b[p] = v->vram[(po + p) & mask];
        uint32_t *d = dst + (size_t)i * 8;
        if (cga4) {
            /* Shift register interleave: 4 pixels of 2 bits from plane 0,
             * then 4 from plane 1 (planes 2/3 give bits 3-2 the same way). */
            for (unsigned k = 0; k < 8; k++) {
                unsigned lo = k < 4 ? b[0] : b[1], hi = k < 4 ? b[2] : b[3];
                unsigned s = 6 - 2 * (k & 3);
                unsigned c = ((lo >> s) & 3) | ((hi >> s) & 3) << 2;
                d[k] = attr_color(v, c & cpe);
            }
        } else {
            for (unsigned k = 0; k < 8; k++) {
                unsigned bit = 7 - k;
                unsigned c = (b[0] >> bit & 1) | (b[1] >> bit & 1) << 1 |
                             (b[2] >> bit & 1) << 2 | (b[3] >> bit & 1) << 3;
                d[k] = attr_color(v, c & cpe);
            }
        }
    }
}

static void vga_ops_mode(ww_chip *c, ww_display_mode *m) { vga_display_mode((vga_t *)c, m); }
static void vga_ops_line(ww_chip *c, unsigned y, uint32_t *dst) { vga_render_line((vga_t *)c, y, dst); }
static void vga_ops_sync(ww_chip *c) { ((vga_t *)c)->font_written = 0; }

const ww_display_ops vga_display_ops = {
    .mode = vga_ops_mode, .render_line = vga_ops_line, .sync = vga_ops_sync,
};

void vga_bind_display(vga_t *v, ww_display *d, const ww_display_ops *ops)
{
    if (v->display && v->display != d)
        ww_display_attach(v->display, NULL, NULL);
    v->display = d;
    if (d)
        ww_display_attach(d, ops, &v->chip);
    ww_dirty_mark_all(&v->dirty);
}

/* ---- the plain VGA chip ----------------------------------------------------------------- */

enum { R_IO, R_MEM, R__COUNT };
enum { BUS_IO, BUS_MEM, BUS__COUNT };
enum { BACKEND_SCREEN, BACKEND__COUNT };

static const ww_reg_desc isa_vga_regs[] = {
    VGA_REG_ROWS(R_IO),
    { 0 }
};

static const ww_state_desc isa_vga_state[] = {
    VGA_STATE_ROWS,
    { 0 }
};

static const ww_prop_desc isa_vga_props[] = {
    { "vram", WW_PROP_UINT, VGA_AT(vram_size), "256KiB", 64 * 1024, 256 * 1024, .unit = WW_UNIT_BYTES,
      .doc = "video memory (the IBM VGA has 256 KiB)" },
    { 0 }
};

static const ww_region_desc isa_vga_regions[] = {
    [R_IO] = VGA_REGION_IO,
    [R_MEM] = VGA_REGION_MEM,
    [R__COUNT] = { 0 }
};

static const ww_bus_desc isa_vga_buses[] = {
    [BUS_IO] = { "io", "where the chip decodes 3B0h-3DFh (alias the CPU's I/O space)", 16,
                 WW_LITTLE_ENDIAN, WW_UNMAPPED_OPEN_BUS, UINT64_MAX },
    [BUS_MEM] = { "mem", "where the chip decodes A0000h-BFFFFh (alias the CPU's memory)", 32,
                  WW_LITTLE_ENDIAN, WW_UNMAPPED_OPEN_BUS, UINT64_MAX },
    [BUS__COUNT] = { 0 }
};

static void isa_vga_bound(ww_chip *c, unsigned index)
{
    vga_bind_display((vga_t *)c, ww_chip_backend(c, BACKEND_SCREEN, 0), &vga_display_ops);
}

static const ww_backend_desc isa_vga_backends[] = {
    [BACKEND_SCREEN] = { "screen", WW_BACKEND_DISPLAY, offsetof(vga_t, display), 1,
                         "the picture (core/display.h)", isa_vga_bound },
    [BACKEND__COUNT] = { 0 }
};

static bool isa_vga_realize(ww_chip *c, GError **err)
{
    return vga_realize((vga_t *)c, c->bus[BUS_IO], c->bus[BUS_MEM], err);
}

static void isa_vga_unrealize(ww_chip *c) { vga_unrealize((vga_t *)c); }
static void isa_vga_reset(ww_chip *c, ww_reset_kind k) { vga_reset((vga_t *)c); }

static uint64_t isa_vga_read(ww_chip *c, unsigned region, uint64_t off, unsigned size,
                             ww_access how)
{
    vga_t *v = (vga_t *)c;
    if (region == R_MEM)
        return vga_mem_read(v, off, how);
    return vga_io_read(v, (unsigned)off, how);
}

static void isa_vga_write(ww_chip *c, unsigned region, uint64_t off, uint64_t val, unsigned size)
{
    vga_t *v = (vga_t *)c;
    if (region == R_MEM)
        vga_mem_write(v, off, (uint8_t)val);
    else
        vga_io_write(v, (unsigned)off, (uint8_t)val);
}

static bool isa_vga_post_load(ww_chip *c, GError **err)
{
    vga_t *v = (vga_t *)c;
    vga_update_palette(v);
    vga_update_windows(v);
    return true;
}

static const ww_chip_class isa_vga_class = {
    .type = "vga",
    .summary = "IBM VGA (ISA): text, planar, CGA-compatible and 256-colour modes",
    .doc = "The VGA core every VGA-compatible card builds on (chips/video/vga.h). Ports "
           "3B0h-3DFh and the A0000h window are windows the chip places in its io and mem buses "
           "(alias them to the CPU's spaces); video memory is the machine memory '<id>-vram'. "
           "Sources: IBM VGA Technical Reference; FreeVGA. Not modelled: line compare, pixel "
           "panning, cursor skew.",
    .size = sizeof(vga_t),
    .version = 1,
    .props = isa_vga_props,
    .regions = isa_vga_regions,
    .regs = isa_vga_regs,
    .state = isa_vga_state,
    .buses = isa_vga_buses,
    .backends = isa_vga_backends,
    .realize = isa_vga_realize,
    .unrealize = isa_vga_unrealize,
    .reset = isa_vga_reset,
    .read = isa_vga_read,
    .write = isa_vga_write,
    .post_load = isa_vga_post_load,
};
WW_CHIP_REGISTER(isa_vga_class)
