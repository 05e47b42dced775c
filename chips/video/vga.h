/* chips/video/vga.h — the VGA core shared by chips/video/vga.c (the plain
 * "vga" chip) and chips/video/s3.c (which is a VGA with extensions).
 *
 * Layering is data: an extended chip's instance struct begins with a vga_t,
 * so the VGA's register rows (VGA_REG_ROWS), state rows (VGA_STATE_ROWS) and
 * regions (VGA_REGION_IO, VGA_REGION_MEM) describe it unchanged; it handles
 * its own ports and index values first and passes the rest to vga_io_read /
 * vga_io_write / vga_mem_read / vga_mem_write. What the extension changes in
 * the VGA's behaviour (address bits above the VGA's, a bank, linear packed
 * modes, a programmable clock) it states in the vga_t `x` fields, which are
 * derived values the extension recomputes after its register writes and in
 * post_load (they are not state).
 *
 * Video memory layout (as QEMU's and 86Box's VGAs): byte 4 × k + p of vram is
 * byte k of plane p, so chain-4 and S3's linear addressing see plain bytes,
 * and a planar offset k holds the four planes' bytes together. */
#ifndef WW_CHIPS_VGA_H
#define WW_CHIPS_VGA_H
#include "core/chip.h"
#include "core/display.h"
#include "core/space.h"

#define VGA_PORT_BASE 0x3b0          /* region "io" covers 3B0h-3DFh */
#define VGA_IO_SIZE 0x30
#define VGA_MEM_BASE 0xa0000         /* region "mem" covers A0000h-BFFFFh */
#define VGA_MEM_SIZE 0x20000

/* Port offsets in region "io" (port - 3B0h). */
enum {
    VGA_CRX_MONO = 0x04, VGA_CRD_MONO = 0x05, VGA_ST1_MONO = 0x0a,
    VGA_ARX = 0x10, VGA_ARD = 0x11, VGA_MISC_W = 0x12, VGA_ST0 = 0x12, VGA_VSE = 0x13,
    VGA_SRX = 0x14, VGA_SRD = 0x15, VGA_PEL_MASK = 0x16, VGA_PEL_IR = 0x17,
    VGA_DAC_STATE = 0x17, VGA_PEL_IW = 0x18, VGA_PEL_D = 0x19, VGA_FCR_R = 0x1a,
    VGA_MISC_R = 0x1c, VGA_GRX = 0x1e, VGA_GRD = 0x1f,
    VGA_CRX_COLOR = 0x24, VGA_CRD_COLOR = 0x25, VGA_ST1_COLOR = 0x2a,
};

/* Index register counts (the arrays are sized for the extended chips). */
#define VGA_NSR 0x20
#define VGA_NCR 0x100
#define VGA_NGR 0x10
#define VGA_NAR 0x20

typedef struct vga_t vga_t;

typedef struct vga_timing {
    unsigned htotal, hdisp, hsync_start;       /* character clocks */
    unsigned vtotal, vdisp, vsync_start, vsync_end;  /* scan lines */
    unsigned char_w;                            /* dots per character clock */
    uint64_t dot_hz;
    uint64_t frame_ns, line_ns;                 /* clamped to sane ranges */
} vga_timing;

struct vga_t {
    ww_chip chip;
    /* property */
    uint64_t vram_size;
    /* registers (VGA_REG_ROWS describe them) */
    uint8_t misc, fcr, vse;
    uint8_t sr_index, sr[VGA_NSR];
    uint8_t cr_index, cr[VGA_NCR];
    uint8_t gr_index, gr[VGA_NGR];
    uint8_t ar_index, ar[VGA_NAR];
    uint8_t pel_mask, dac_read, dac_write, dac_state;
    uint8_t dac[256 * 3];           /* 6-bit red, green, blue per entry */
    /* internal state (VGA_STATE_ROWS) */
    uint8_t latch[4];
    uint8_t ar_flip;                /* 0: the next 3C0h write is an index */
    uint8_t dac_sub;                /* component 0..2 of the DAC entry being accessed */
    uint8_t dac_latch[3];           /* the entry being written */
    uint8_t font_written;           /* plane 2 written since the last display update */
    /* host objects and derived values (not state) */
    uint8_t *vram;                  /* vram_size bytes */
    bool vram_owned;                /* allocated here, not a machine memory block */
    ww_dirty dirty;                 /* pages of vram written since the last update */
    ww_window *win_io, *win_mem;    /* the legacy ports and the A0000h window */
    ww_display *display;            /* bound display (backend), or NULL */
    uint32_t palette[256];          /* DAC as 0x00RRGGBB */
    ww_display_cursor cursor;       /* extension's hardware cursor (x.cursor) */
    struct {
        uint32_t start_hi;          /* start address bits 16 and up */
        uint32_t offset_hi;         /* offset register bits 8 and up */
        uint32_t htotal_hi, hdisp_hi, hsync_hi;   /* bit 8 of the horizontal values */
        uint32_t vtotal_hi, vdisp_hi, vsync_hi;   /* bit 10 of the vertical values */
        uint32_t cursor_hi;         /* text cursor location bits 16 and up */
        uint64_t bank;              /* A0000h window: added to the VRAM offset (bytes) */
        bool win64k;                /* the window is 64 KiB at A0000h whatever GR06 says */
        bool no_window;             /* the window decodes nothing (linear addressing on) */
        bool linear;                /* the window addresses vram linearly (as chain-4, all of it) */
        bool enhanced;              /* the picture is packed pixels (S3 enhanced modes) */
        bool fast_text;             /* font line-major: plane 2 offset = line * 256 + char */
        ww_pixfmt format;           /* … their format */
        unsigned hclocks;           /* character clocks per 8 pixels (16bpp on Trio: 2) */
        uint64_t dot_hz;            /* programmable clock (0: the misc clock select) */
        bool cursor;                /* cursor valid (hardware cursor) */
        bool io_off, mem_off;       /* PCI decode disabled: no legacy ports / memory */
    } x;
};

/* Register fields shared by the tables and the code (IBM VGA Technical
 * Reference; FreeVGA "VGA/SVGA Video Programming" register pages). */
enum { MISC_IOS = 0x01, MISC_ERAM = 0x02, MISC_CS = 0x0c, MISC_PAGE = 0x20, MISC_HSP = 0x40,
       MISC_VSP = 0x80 };
enum { SR01_98DM = 0x01, SR01_SLR = 0x04, SR01_DCR = 0x08, SR01_SH4 = 0x10, SR01_SO = 0x20 };
enum { SR04_EXTMEM = 0x02, SR04_OE_DIS = 0x04, SR04_CHAIN4 = 0x08 };
enum { GR05_WM = 0x03, GR05_RM = 0x08, GR05_OE = 0x10, GR05_SR = 0x20, GR05_C256 = 0x40 };
enum { GR06_GRAPHICS = 0x01, GR06_OE = 0x02, GR06_MAP = 0x0c };
enum { AR10_GRAPHICS = 0x01, AR10_MONO = 0x02, AR10_LGE = 0x04, AR10_BLINK = 0x08,
       AR10_PPM = 0x20, AR10_8BIT = 0x40, AR10_P54S = 0x80 };
enum { ARX_INDEX = 0x1f, ARX_PAS = 0x20 };
enum { CR09_MSL = 0x1f, CR09_LC9 = 0x40, CR09_DS = 0x80 };
enum { CR0A_CSL = 0x1f, CR0A_CD = 0x20 };
enum { CR11_VRE = 0x0f, CR11_PROTECT = 0x80 };
enum { CR14_DW = 0x40 };
enum { CR17_CMS0 = 0x01, CR17_SRSC = 0x02, CR17_BYTE = 0x40, CR17_SE = 0x80 };

/* ---- shared descriptor rows -------------------------------------------------- */
extern const ww_field_desc vga_misc_fields[], vga_sr01_fields[], vga_sr02_fields[],
    vga_sr03_fields[], vga_sr04_fields[], vga_gr01_fields[], vga_gr03_fields[],
    vga_gr04_fields[], vga_gr05_fields[], vga_gr06_fields[], vga_ar10_fields[],
    vga_ar12_fields[], vga_ar14_fields[], vga_cr07_fields[], vga_cr09_fields[],
    vga_cr0a_fields[], vga_cr0b_fields[], vga_cr11_fields[], vga_cr14_fields[],
    vga_cr17_fields[], vga_arx_fields[];

#define VGA_AT(m) WW_AT(vga_t, m)
/* The VGA's registers for a class's regs[] (region indices given). The
 * index/data ports are bus registers; the indexed registers are internal,
 * one row each with the datasheet's name. */
#define VGA_REG_ROWS(RIO) \
    { "MISC",   RIO, VGA_MISC_W, 1, WW_REG_SIDE, .at = VGA_AT(misc), .fields = vga_misc_fields, \
      .doc = "miscellaneous output (write 3C2h, read 3CCh)" }, \
    { "ST01",   RIO, VGA_ST1_COLOR, 1, WW_REG_RC, .doc = "input status 1 (3DAh/3BAh): bit 0 " \
      "display disabled, bit 3 vertical retrace; reading resets the 3C0h flip-flop" }, \
    { "SRX",    RIO, VGA_SRX, 1, WW_RW, .at = VGA_AT(sr_index), .doc = "sequencer index" }, \
    { "GRX",    RIO, VGA_GRX, 1, WW_RW, .at = VGA_AT(gr_index), .doc = "graphics controller index" }, \
    { "CRX",    RIO, VGA_CRX_COLOR, 1, WW_RW, .at = VGA_AT(cr_index), .doc = "CRTC index (3D4h/3B4h)" }, \
    { "ARX",    RIO, VGA_ARX, 1, WW_REG_SIDE, .at = VGA_AT(ar_index), .mask = 0x3f, \
      .fields = vga_arx_fields, .doc = "attribute index; 3C0h alternates index and data" }, \
    { "PEL_MASK", RIO, VGA_PEL_MASK, 1, WW_RW, .reset = 0xff, .at = VGA_AT(pel_mask), \
      .doc = "DAC pixel mask" }, \
    { "DAC_RI", .flags = WW_REG_INTERNAL, .at = VGA_AT(dac_read), .doc = "DAC read index (3C7h)" }, \
    { "DAC_WI", .flags = WW_REG_INTERNAL, .at = VGA_AT(dac_write), .doc = "DAC write index (3C8h)" }, \
    { "DAC_STATE", .flags = WW_REG_INTERNAL, .at = VGA_AT(dac_state), \
      .doc = "3C7h read: 0 after a 3C8h write, 3 after a 3C7h write" }, \
    { "FCR",    .flags = WW_REG_INTERNAL, .at = VGA_AT(fcr), .doc = "feature control" }, \
    { "VSE",    .flags = WW_REG_INTERNAL, .at = VGA_AT(vse), .doc = "video subsystem enable (3C3h)" }, \
    { "SR00", .flags = WW_REG_INTERNAL, .at = VGA_AT(sr[0]), .reset = 0x03, .doc = "reset" }, \
    { "SR01", .flags = WW_REG_INTERNAL, .at = VGA_AT(sr[1]), .fields = vga_sr01_fields, \
      .doc = "clocking mode" }, \
    { "SR02", .flags = WW_REG_INTERNAL, .at = VGA_AT(sr[2]), .fields = vga_sr02_fields, \
      .doc = "map mask" }, \
    { "SR03", .flags = WW_REG_INTERNAL, .at = VGA_AT(sr[3]), .fields = vga_sr03_fields, \
      .doc = "character map select" }, \
    { "SR04", .flags = WW_REG_INTERNAL, .at = VGA_AT(sr[4]), .fields = vga_sr04_fields, \
      .doc = "memory mode" }, \
    { "CR00", .flags = WW_REG_INTERNAL, .at = VGA_AT(cr[0x00]), .doc = "horizontal total - 5" }, \
    { "CR01", .flags = WW_REG_INTERNAL, .at = VGA_AT(cr[0x01]), .doc = "horizontal display end - 1" }, \
    { "CR02", .flags = WW_REG_INTERNAL, .at = VGA_AT(cr[0x02]), .doc = "start horizontal blanking" }, \
    { "CR03", .flags = WW_REG_INTERNAL, .at = VGA_AT(cr[0x03]), .doc = "end horizontal blanking" }, \
    { "CR04", .flags = WW_REG_INTERNAL, .at = VGA_AT(cr[0x04]), .doc = "start horizontal retrace" }, \
    { "CR05", .flags = WW_REG_INTERNAL, .at = VGA_AT(cr[0x05]), .doc = "end horizontal retrace" }, \
    { "CR06", .flags = WW_REG_INTERNAL, .at = VGA_AT(cr[0x06]), .doc = "vertical total - 2 (bits 7-0)" }, \
    { "CR07", .flags = WW_REG_INTERNAL, .at = VGA_AT(cr[0x07]), .fields = vga_cr07_fields, \
      .doc = "overflow" }, \
    { "CR08", .flags = WW_REG_INTERNAL, .at = VGA_AT(cr[0x08]), .doc = "preset row scan" }, \
    { "CR09", .flags = WW_REG_INTERNAL, .at = VGA_AT(cr[0x09]), .fields = vga_cr09_fields, \
      .doc = "maximum scan line" }, \
    { "CR0A", .flags = WW_REG_INTERNAL, .at = VGA_AT(cr[0x0a]), .fields = vga_cr0a_fields, \
      .doc = "cursor start" }, \
    { "CR0B", .flags = WW_REG_INTERNAL, .at = VGA_AT(cr[0x0b]), .fields = vga_cr0b_fields, \
      .doc = "cursor end" }, \
    { "CR0C", .flags = WW_REG_INTERNAL, .at = VGA_AT(cr[0x0c]), .doc = "start address high" }, \
    { "CR0D", .flags = WW_REG_INTERNAL, .at = VGA_AT(cr[0x0d]), .doc = "start address low" }, \
    { "CR0E", .flags = WW_REG_INTERNAL, .at = VGA_AT(cr[0x0e]), .doc = "cursor location high" }, \
    { "CR0F", .flags = WW_REG_INTERNAL, .at = VGA_AT(cr[0x0f]), .doc = "cursor location low" }, \
    { "CR10", .flags = WW_REG_INTERNAL, .at = VGA_AT(cr[0x10]), .doc = "vertical retrace start" }, \
    { "CR11", .flags = WW_REG_INTERNAL, .at = VGA_AT(cr[0x11]), .fields = vga_cr11_fields, \
      .doc = "vertical retrace end" }, \
    { "CR12", .flags = WW_REG_INTERNAL, .at = VGA_AT(cr[0x12]), .doc = "vertical display end - 1" }, \
    { "CR13", .flags = WW_REG_INTERNAL, .at = VGA_AT(cr[0x13]), .doc = "offset (line pitch / 2 units)" }, \
    { "CR14", .flags = WW_REG_INTERNAL, .at = VGA_AT(cr[0x14]), .fields = vga_cr14_fields, \
      .doc = "underline location" }, \
    { "CR15", .flags = WW_REG_INTERNAL, .at = VGA_AT(cr[0x15]), .doc = "start vertical blanking" }, \
    { "CR16", .flags = WW_REG_INTERNAL, .at = VGA_AT(cr[0x16]), .doc = "end vertical blanking" }, \
    { "CR17", .flags = WW_REG_INTERNAL, .at = VGA_AT(cr[0x17]), .fields = vga_cr17_fields, \
      .doc = "CRTC mode control" }, \
    { "CR18", .flags = WW_REG_INTERNAL, .at = VGA_AT(cr[0x18]), .doc = "line compare" }, \
    { "GR00", .flags = WW_REG_INTERNAL, .at = VGA_AT(gr[0]), .mask = 0x0f, .doc = "set/reset" }, \
    { "GR01", .flags = WW_REG_INTERNAL, .at = VGA_AT(gr[1]), .mask = 0x0f, .fields = vga_gr01_fields, \
      .doc = "enable set/reset" }, \
    { "GR02", .flags = WW_REG_INTERNAL, .at = VGA_AT(gr[2]), .mask = 0x0f, .doc = "color compare" }, \
    { "GR03", .flags = WW_REG_INTERNAL, .at = VGA_AT(gr[3]), .mask = 0x1f, .fields = vga_gr03_fields, \
      .doc = "data rotate" }, \
    { "GR04", .flags = WW_REG_INTERNAL, .at = VGA_AT(gr[4]), .mask = 0x03, .fields = vga_gr04_fields, \
      .doc = "read map select" }, \
    { "GR05", .flags = WW_REG_INTERNAL, .at = VGA_AT(gr[5]), .mask = 0x7b, .fields = vga_gr05_fields, \
      .doc = "graphics mode" }, \
    { "GR06", .flags = WW_REG_INTERNAL, .at = VGA_AT(gr[6]), .mask = 0x0f, .fields = vga_gr06_fields, \
      .doc = "miscellaneous graphics" }, \
    { "GR07", .flags = WW_REG_INTERNAL, .at = VGA_AT(gr[7]), .mask = 0x0f, .doc = "color don't care" }, \
    { "GR08", .flags = WW_REG_INTERNAL, .at = VGA_AT(gr[8]), .reset = 0xff, .doc = "bit mask" }, \
    { "AR", .flags = WW_REG_INTERNAL, .at = VGA_AT(ar[0]), .count = 16, .mask = 0x3f, \
      .doc = "attribute palette 0-15 (6 bits each)" }, \
    { "AR10", .flags = WW_REG_INTERNAL, .at = VGA_AT(ar[0x10]), .fields = vga_ar10_fields, \
      .doc = "attribute mode control" }, \
    { "AR11", .flags = WW_REG_INTERNAL, .at = VGA_AT(ar[0x11]), .doc = "overscan color" }, \
    { "AR12", .flags = WW_REG_INTERNAL, .at = VGA_AT(ar[0x12]), .mask = 0x3f, \
      .fields = vga_ar12_fields, .doc = "color plane enable" }, \
    { "AR13", .flags = WW_REG_INTERNAL, .at = VGA_AT(ar[0x13]), .mask = 0x0f, \
      .doc = "horizontal pixel panning" }, \
    { "AR14", .flags = WW_REG_INTERNAL, .at = VGA_AT(ar[0x14]), .mask = 0x0f, \
      .fields = vga_ar14_fields, .doc = "color select" }, \
    { "DAC", .flags = WW_REG_INTERNAL, .at = VGA_AT(dac[0]), .count = 768, .mask = 0x3f, \
      .doc = "palette: red, green, blue of entry 0, then entry 1 …" }

#define VGA_STATE_ROWS \
    { "latch",        WW_STATE_U8, VGA_AT(latch), "the four plane latches" }, \
    { "ar_flip",      WW_STATE_U8, VGA_AT(ar_flip), "3C0h: 0 index next, 1 data next" }, \
    { "dac_sub",      WW_STATE_U8, VGA_AT(dac_sub), "DAC component (0 red, 1 green, 2 blue)" }, \
    { "dac_latch",    WW_STATE_U8, VGA_AT(dac_latch), "DAC entry being written" }, \
    { "font_written", WW_STATE_U8, VGA_AT(font_written), "plane 2 written since the last frame" }

#define VGA_REGION_IO { "io", VGA_IO_SIZE, 1, 1, WW_LITTLE_ENDIAN, 0, \
    "VGA ports 3B0h-3DFh (the chip places them in its io bus: offset = port - 3B0h)" }
#define VGA_REGION_MEM { "mem", VGA_MEM_SIZE, 1, 1, WW_LITTLE_ENDIAN, 0, \
    "legacy memory window A0000h-BFFFFh (offset = address - A0000h), placed per GR06" }

/* ---- the core ---------------------------------------------------------------------- */
/* realize: allocate vram (a machine memory block "<id>-vram" when the chip
 * belongs to a machine, so snapshots save it with RAM) and open the legacy
 * windows in the io and mem bus spaces (bus indices given; either may be NULL). */
bool vga_realize(vga_t *v, ww_space *io, ww_space *mem, GError **err);
void vga_unrealize(vga_t *v);
/* reset: recompute derived values and place the windows (after the core reset
 * the registers). */
void vga_reset(vga_t *v);
/* Re-place the legacy windows after anything that moves them changed. */
void vga_update_windows(vga_t *v);
void vga_update_palette(vga_t *v);

uint64_t vga_io_read(vga_t *v, unsigned off, ww_access how);
void vga_io_write(vga_t *v, unsigned off, uint8_t val);
/* The active CRTC index/data offsets (colour or mono per MISC bit 0). */
bool vga_is_crd(const vga_t *v, unsigned off);
bool vga_is_crx(const vga_t *v, unsigned off);
uint8_t vga_mem_read(vga_t *v, uint64_t off, ww_access how);   /* off in region "mem" */
void vga_mem_write(vga_t *v, uint64_t off, uint8_t val);
/* Mark vram bytes written by the extension (linear window, blitter). */
static inline void vga_vram_written(vga_t *v, uint64_t off, uint64_t len)
{
    ww_dirty_mark(&v->dirty, off, len);
}

void vga_timing_get(const vga_t *v, vga_timing *t);
/* The picture: what the display pipeline asks for (core/display.h). */
void vga_display_mode(vga_t *v, ww_display_mode *m);
void vga_render_line(vga_t *v, unsigned y, uint32_t *dst);
extern const ww_display_ops vga_display_ops;
/* A backend `bound` helper: attach or detach the display bound at slot 0. */
void vga_bind_display(vga_t *v, ww_display *d, const ww_display_ops *ops);

/* The chip's log category helper for clamped guest values. */
#define vga_guest_error(v, ...) ww_chip_guest_error(&(v)->chip, __VA_ARGS__)

#endif
