/* chips/video/s3.c — S3 Trio64 (86C764), ViRGE (86C325) and Vision864
 * (86C864): a VGA (chips/video/vga.h) with S3's extended CRTC and sequencer
 * registers, a PCI function with the linear framebuffer in BAR0, the
 * hardware cursor, and the drawing engines (chips/video/s3_accel.c).
 *
 * Sources: S3 Trio32/Trio64 data book (86C732/86C764) and ViRGE (86C325)
 * data book, register chapters, as summarised in VGADOC 4b S3.TXT (Finn
 * Thøgersen) where the books were not at hand; Linux 6.1
 * drivers/video/fbdev/s3fb.c and core/svgalib.c (what the driver probes and
 * programs: CR2D-CR30 identification, CR36 memory size, SR10/SR11 MCLK,
 * SR12/SR13 DCLK with SR15 bit 5 load, CR31/CR3A/CR50/CR58/CR67 modes,
 * CR5D/CR5E overflows, CR51/CR69 offset and start bits, MMIO at BAR0 +
 * 16 MiB for DDC); 86Box src/video/vid_s3.c and vid_s3_virge.c for the
 * ambiguous parts (BAR0 sizes 8 MiB / 64 MiB, the linear window turning the
 * A0000h window off, the cursor pattern format and its colour stacks, CR30
 * reading FFh while locked, the identification values).
 *
 *   io/mem (legacy VGA) ─┐                        ┌─ BAR0: vram linear (RAM window,
 *   accel ports xxE8h ───┤  Trio64 / ViRGE /      │  tracked for the display) and,
 *   (Trio64, Vision864)  │  Vision864             │  ViRGE, MMIO at +16 MiB (S3d
 *   PCI config ──────────┘                        └─ engine, VGA ports, DDC)
 *
 * Variants (property "variant"):
 *   trio64     PCI 5333:8811, CR30 E1h CR2E 11h, BAR0 8 MiB, PLL in SR12/SR13,
 *              8514/A engine at xxE8h
 *   virge      PCI 5333:5631, CR30 E1h CR2D 56h CR2E 31h, BAR0 64 MiB (MMIO at
 *              +16 MiB when CR53 bit 3), PLL, S3d BitBLT/rectangle engine
 *   vision864  PCI 5333:88C0, CR30 C0h, BAR0 8 MiB, 8514/A engine; its RAMDAC
 *              and clock chip are external: the 86C716 SDAC is not modelled,
 *              pixel formats come from CR67 as on the Trio64, and clock select
 *              3 picks from CR42 in a fixed ICS2494-style table
 *
 * Differences from the real cards, on purpose:
 *  - The card's BIOS is SeaBIOS's plain VGA BIOS (firmware-loaders/vga_rom.c):
 *    it knows nothing of S3, so registers an S3 BIOS sets at POST take those
 *    values at reset: CR58 = 03h (4 MiB linear window size; s3fb only sets the
 *    enable bit), CR36 from the vram property, MCLK 59 MHz in SR10/SR11.
 *  - On PCI the linear window is where BAR0 is; CR59/CR5A mirror BAR0.
 * Not modelled: the Streams processor, the ViRGE 3D engine, line/polygon
 * commands of the S3d engine, old MMIO at A0000h, the vertical retrace
 * interrupt, interlace, DDC (no monitor answers: reads see both lines high).
 * Test: tests/chips/video/s3.c */
#include "chips/video/s3.h"
#include "core/machine.h"
#include <string.h>

enum { R_IO, R_MEM, R_CONFIG, R_LFB, R_ACCEL, R__COUNT };
enum { BUS_IO, BUS_MEM, BUS__COUNT };
enum { PORT_INTX, PORT__COUNT };
enum { BACKEND_SCREEN, BACKEND__COUNT };

#define MIB (1024ull * 1024)
#define MMIO_BASE (16 * MIB)        /* ViRGE: new MMIO at BAR0 + 16 MiB */
#define MMIO_SIZE 0x10000
#define LFB_REGION (64 * MIB)

/* ---- extended register fields (data book names) -------------------------------- */
enum { CR31_BOFF = 0x01, CR31_2PAGE = 0x02, CR31_VGA16 = 0x04, CR31_ENH = 0x08,
       CR31_SA = 0x30, CR31_HSTXT = 0x40 };
enum { CR35_BANK = 0x0f, CR35_VTLOCK = 0x10, CR35_HTLOCK = 0x20 };
enum { CR36_BUS = 0x03, CR36_MEM = 0x0c, CR36_SIZE = 0xe0 };
enum { CR3A_ENH256 = 0x10 };
enum { CR40_ENH = 0x01 };
enum { CR42_DCLK = 0x0f, CR42_INTL = 0x20 };
enum { CR43_OFF8 = 0x04 };
enum { CR45_HWC = 0x01 };
enum { CR50_GEW0 = 0x01, CR50_PXL = 0x30, CR50_GEW = 0xc0 };
enum { CR51_SA = 0x03, CR51_BANK = 0x0c, CR51_OFF = 0x30 };
enum { CR53_NMMIO = 0x08, CR53_OMMIO = 0x10 };
enum { CR55_X11 = 0x10 };
enum { CR56_HSOFF = 0x02, CR56_VSOFF = 0x04 };
enum { CR58_LAWSZ = 0x03, CR58_LAE = 0x10 };
enum { CR5D_HT8 = 0x01, CR5D_HDE8 = 0x02, CR5D_HBS8 = 0x04, CR5D_HBE6 = 0x08, CR5D_HSS8 = 0x10,
       CR5D_HSE5 = 0x20, CR5D_DTP8 = 0x40 };
enum { CR5E_VT10 = 0x01, CR5E_VDE10 = 0x02, CR5E_VBS10 = 0x04, CR5E_VSS10 = 0x10, CR5E_LC10 = 0x40 };
enum { CR67_STREAMS = 0x0c, CR67_MODE = 0xf0 };
enum { CR69_SA = 0x1f };
enum { CR6A_BANK = 0x7f };
enum { SR_PLL_N = 0x1f, SR_PLL_R = 0x60, SR_PLL_M = 0x7f };
enum { SR15_MLOAD = 0x01, SR15_DLOAD = 0x02, SR15_DCLK2 = 0x10, SR15_LOAD = 0x20 };
enum { SR18_CLK2X = 0x80 };

#define AT(m) WW_AT(s3_t, m)
#define CR(n) AT(vga.cr[n])
#define SR(n) AT(vga.sr[n])

static const ww_field_desc cr31_fields[] = {
    WW_FIELD(CR31_, BOFF, "CPU base address offset (bank) enabled"),
    WW_FIELD(CR31_, 2PAGE, "two-page screen image (2048 wide engine pitch)"),
    WW_FIELD(CR31_, VGA16, "VGA 16-bit memory bus"),
    WW_FIELD(CR31_, ENH, "enhanced memory mapping: 64K window at A0000h, linear"),
    WW_FIELD(CR31_, SA, "display start address bits 17-16 (old)"),
    WW_FIELD(CR31_, HSTXT, "high-speed text: font line-major in plane 2"),
    { 0 }
};
static const ww_field_desc cr35_fields[] = {
    WW_FIELD(CR35_, BANK, "CPU bank bits 3-0 (old)"),
    WW_FIELD(CR35_, VTLOCK, "vertical timing registers locked"),
    WW_FIELD(CR35_, HTLOCK, "horizontal timing registers locked"),
    { 0 }
};
static const ww_field_desc cr36_fields[] = {
    WW_FIELD(CR36_, BUS, "bus type (2: PCI)"), WW_FIELD(CR36_, MEM, "memory type"),
    WW_FIELD(CR36_, SIZE, "memory size: 0 4M, 2 3M, 3 8M, 4 2M, 5 6M, 6 1M, 7 512K"),
    { 0 }
};
static const ww_field_desc cr3a_fields[] = {
    WW_FIELD(CR3A_, ENH256, "enhanced mode: packed pixels (8 bits and more)"), { 0 }
};
static const ww_field_desc cr40_fields[] = {
    WW_FIELD(CR40_, ENH, "8514/A register access (ports xxE8h)"), { 0 }
};
static const ww_field_desc cr42_fields[] = {
    WW_FIELD(CR42_, DCLK, "clock select (external clock chip)"), WW_FIELD(CR42_, INTL, "interlaced"),
    { 0 }
};
static const ww_field_desc cr43_fields[] = {
    WW_FIELD(CR43_, OFF8, "offset bit 8 (old; CR51 bits 5-4 win)"), { 0 }
};
static const ww_field_desc cr45_fields[] = {
    WW_FIELD(CR45_, HWC, "hardware cursor on; reading resets the colour stacks"), { 0 }
};
static const ww_field_desc cr50_fields[] = {
    WW_FIELD(CR50_, GEW0, "engine width bit 0 (1152 / 1600)"),
    WW_FIELD(CR50_, PXL, "engine pixel length: 0 1 byte, 1 2, 3 4"),
    WW_FIELD(CR50_, GEW, "engine width: 0 1024, 1 640, 2 800, 3 1280"),
    { 0 }
};
static const ww_field_desc cr51_fields[] = {
    WW_FIELD(CR51_, SA, "display start address bits 19-18 (old)"),
    WW_FIELD(CR51_, BANK, "CPU bank bits 5-4 (old)"),
    WW_FIELD(CR51_, OFF, "offset bits 9-8"),
    { 0 }
};
static const ww_field_desc cr53_fields[] = {
    WW_FIELD(CR53_, NMMIO, "MMIO at BAR0 + 16 MiB (ViRGE)"),
    WW_FIELD(CR53_, OMMIO, "MMIO at A8000h (not modelled)"),
    { 0 }
};
static const ww_field_desc cr55_fields[] = {
    WW_FIELD(CR55_, X11, "X11 cursor format (else Windows)"), { 0 }
};
static const ww_field_desc cr56_fields[] = {
    WW_FIELD(CR56_, HSOFF, "HSYNC off"), WW_FIELD(CR56_, VSOFF, "VSYNC off"), { 0 }
};
static const ww_field_desc cr58_fields[] = {
    WW_FIELD(CR58_, LAWSZ, "linear window: 0 64K, 1 1M, 2 2M, 3 4M"),
    WW_FIELD(CR58_, LAE, "linear addressing on (the A0000h window off)"),
    { 0 }
};
static const ww_field_desc cr5d_fields[] = {
    WW_FIELD(CR5D_, HT8, "horizontal total bit 8"), WW_FIELD(CR5D_, HDE8, "display end bit 8"),
    WW_FIELD(CR5D_, HBS8, "blank start bit 8"), WW_FIELD(CR5D_, HBE6, "blank end bit 6"),
    WW_FIELD(CR5D_, HSS8, "sync start bit 8"), WW_FIELD(CR5D_, HSE5, "sync end bit 5"),
    WW_FIELD(CR5D_, DTP8, "data transfer position bit 8"),
    { 0 }
};
static const ww_field_desc cr5e_fields[] = {
    WW_FIELD(CR5E_, VT10, "vertical total bit 10"), WW_FIELD(CR5E_, VDE10, "display end bit 10"),
    WW_FIELD(CR5E_, VBS10, "blank start bit 10"), WW_FIELD(CR5E_, VSS10, "sync start bit 10"),
    WW_FIELD(CR5E_, LC10, "line compare bit 10"),
    { 0 }
};
static const ww_field_desc cr67_fields[] = {
    WW_FIELD(CR67_, STREAMS, "Streams processor (not modelled)"),
    WW_FIELD(CR67_, MODE, "colour mode: 0/1 8 bpp, 3 15 bpp, 5 16 bpp, 7 24 bpp, 13 32 bpp"),
    { 0 }
};
static const ww_field_desc cr69_fields[] = {
    WW_FIELD(CR69_, SA, "display start address bits 20-16 (new; wins when not 0)"), { 0 }
};
static const ww_field_desc cr6a_fields[] = {
    WW_FIELD(CR6A_, BANK, "CPU bank in 64K units (new; wins when not 0)"), { 0 }
};
static const ww_field_desc sr_pll_nr_fields[] = {
    WW_FIELD(SR_PLL_, N, "N - 2"), WW_FIELD(SR_PLL_, R, "R: post divider 2^R"), { 0 }
};
static const ww_field_desc sr_pll_m_fields[] = {
    WW_FIELD(SR_PLL_, M, "M - 2"), { 0 }
};
static const ww_field_desc sr15_fields[] = {
    WW_FIELD(SR15_, MLOAD, "load MCLK"), WW_FIELD(SR15_, DLOAD, "load DCLK"),
    WW_FIELD(SR15_, DCLK2, "DCLK / 2 (2 pixels per clock)"),
    WW_FIELD(SR15_, LOAD, "clock load strobe (0, 1, 0 activates SR12/SR13)"),
    { 0 }
};
static const ww_field_desc sr18_fields[] = {
    WW_FIELD(SR18_, CLK2X, "clock-doubled 8 bpp (2 pixels per clock)"), { 0 }
};

/* CRTC/sequencer indices this chip implements beyond the VGA's (writes to
 * others are logged as unimplemented). Locks: CR2D-CR3F need CR38 = 48h,
 * CR40 and up need CR39 = A0h/A5h, SR09 and up need SR08 = 06h. */
enum { K_RO = 1, K_RW = 2 };
static const uint8_t cr_kind[0x100] = {
    [0x2d] = K_RO, [0x2e] = K_RO, [0x2f] = K_RO, [0x30] = K_RO,
    [0x31] = K_RW, [0x32] = K_RW, [0x33] = K_RW, [0x34] = K_RW, [0x35] = K_RW, /* … */
    [0x36] = K_RO, [0x37] = K_RO, [0x38] = K_RW, [0x39] = K_RW, [0x3a] = K_RW,
    [0x3b] = K_RW, [0x3c] = K_RW,
    [0x40] = K_RW, [0x41] = K_RW, [0x42] = K_RW, [0x43] = K_RW, [0x45] = K_RW,
    [0x46] = K_RW, [0x47] = K_RW, [0x48] = K_RW, [0x49] = K_RW, [0x4a] = K_RW,
    [0x4b] = K_RW, [0x4c] = K_RW, [0x4d] = K_RW, [0x4e] = K_RW, [0x4f] = K_RW,
    [0x50] = K_RW, [0x51] = K_RW, [0x52] = K_RW, [0x53] = K_RW, [0x54] = K_RW,
    [0x55] = K_RW, [0x56] = K_RW, [0x57] = K_RW, [0x58] = K_RW, [0x59] = K_RO,
    [0x5a] = K_RO, [0x5c] = K_RW, [0x5d] = K_RW, [0x5e] = K_RW, [0x60] = K_RW,
    [0x61] = K_RW, [0x62] = K_RW, [0x65] = K_RW, [0x66] = K_RW, [0x67] = K_RW,
    [0x69] = K_RW, [0x6a] = K_RW, [0x6b] = K_RW, [0x6c] = K_RW,
};
static const uint8_t sr_kind[VGA_NSR] = {
    [0x08] = K_RW, [0x09] = K_RW, [0x0a] = K_RW, [0x0b] = K_RW, [0x0d] = K_RW,
    [0x10] = K_RW, [0x11] = K_RW, [0x12] = K_RW, [0x13] = K_RW, [0x14] = K_RW,
    [0x15] = K_RW, [0x18] = K_RW, [0x1a] = K_RW, [0x1b] = K_RW,
};

static const char *const variant_names[] = { "trio64", "virge", "vision864", NULL };

/* Reset values an S3 BIOS would have left (see the file comment). */
#define CR58_RESET 0x03
#define SR10_RESET 0x22         /* MCLK: N 2, R 1 */
#define SR11_RESET 0x1f         /* MCLK: M 31 -> 14.318 * 33 / 4 / 2 = 59 MHz */

/* Rows without storage the chip computes (reg_read dispatches on these). */
enum { REG_PLL_DCLK, REG_CR2D, REG_CR2E, REG_CR30, REG_CR36, REG_CR59, REG_CR5A, REG__COMPUTED };

static const ww_reg_desc s3_regs[] = {
    [REG_PLL_DCLK] = { "PLL_DCLK", .flags = WW_REG_INTERNAL | WW_REG_RO, .width = 4,
      .doc = "pixel clock in Hz from the DCLK PLL or the clock select (computed)" },
    [REG_CR2D] = { "CR2D", .flags = WW_REG_INTERNAL | WW_REG_RO, .width = 1,
      .doc = "chip ID high (trio64 88h, virge 56h, vision864 88h)" },
    [REG_CR2E] = { "CR2E", .flags = WW_REG_INTERNAL | WW_REG_RO, .width = 1,
      .doc = "chip ID low (trio64 11h, virge 31h, vision864 C0h)" },
    [REG_CR30] = { "CR30", .flags = WW_REG_INTERNAL | WW_REG_RO, .width = 1,
      .doc = "chip ID/revision (E1h Trio64/ViRGE, C0h Vision864); reads FFh while CR38/CR39 lock" },
    [REG_CR36] = { "CR36", .flags = WW_REG_INTERNAL | WW_REG_RO, .width = 1, .fields = cr36_fields,
      .doc = "configuration 1 (straps: PCI, memory size from the vram property)" },
    [REG_CR59] = { "CR59", .flags = WW_REG_INTERNAL | WW_REG_RO, .width = 1,
      .doc = "linear window position bits 31-24 (on PCI: BAR0's)" },
    [REG_CR5A] = { "CR5A", .flags = WW_REG_INTERNAL | WW_REG_RO, .width = 1,
      .doc = "linear window position bits 23-16 (on PCI: BAR0's)" },
    VGA_REG_ROWS(R_IO),
    /* name    flags                    storage   reset / fields / doc */
    { "CR2F", .flags = WW_REG_INTERNAL | WW_REG_RO, .at = CR(0x2f), .doc = "revision" },
    { "CR31", .flags = WW_REG_INTERNAL, .at = CR(0x31), .fields = cr31_fields, .doc = "memory configuration (MEM_CNFG)" },
    { "CR32", .flags = WW_REG_INTERNAL, .at = CR(0x32), .doc = "backward compatibility 1" },
    { "CR33", .flags = WW_REG_INTERNAL, .at = CR(0x33), .doc = "backward compatibility 2" },
    { "CR34", .flags = WW_REG_INTERNAL, .at = CR(0x34), .doc = "backward compatibility 3 (bit 4 DTP enable)" },
    { "CR35", .flags = WW_REG_INTERNAL, .at = CR(0x35), .fields = cr35_fields, .doc = "CRT register lock" },
    { "CR37", .flags = WW_REG_INTERNAL | WW_REG_RO, .at = CR(0x37), .reset = 0xe5, .doc = "configuration 2" },
    { "CR38", .flags = WW_REG_INTERNAL, .at = CR(0x38), .doc = "register lock 1: 48h unlocks CR2D-CR3F" },
    { "CR39", .flags = WW_REG_INTERNAL, .at = CR(0x39), .doc = "register lock 2: A5h unlocks CR40 and up" },
    { "CR3A", .flags = WW_REG_INTERNAL, .at = CR(0x3a), .fields = cr3a_fields, .doc = "miscellaneous 1" },
    { "CR3B", .flags = WW_REG_INTERNAL, .at = CR(0x3b), .doc = "data transfer execute position" },
    { "CR3C", .flags = WW_REG_INTERNAL, .at = CR(0x3c), .doc = "interlace retrace start" },
    { "CR40", .flags = WW_REG_INTERNAL, .at = CR(0x40), .reset = 0x30, .fields = cr40_fields,
      .doc = "system configuration" },
    { "CR41", .flags = WW_REG_INTERNAL, .at = CR(0x41), .doc = "BIOS flag" },
    { "CR42", .flags = WW_REG_INTERNAL, .at = CR(0x42), .fields = cr42_fields, .doc = "mode control" },
    { "CR43", .flags = WW_REG_INTERNAL, .at = CR(0x43), .fields = cr43_fields, .doc = "extended mode" },
    { "CR45", .flags = WW_REG_INTERNAL, .at = CR(0x45), .fields = cr45_fields, .doc = "hardware cursor mode" },
    { "CR46", .flags = WW_REG_INTERNAL, .at = CR(0x46), .mask = 0x07, .doc = "cursor X bits 10-8" },
    { "CR47", .flags = WW_REG_INTERNAL, .at = CR(0x47), .doc = "cursor X bits 7-0" },
    { "CR48", .flags = WW_REG_INTERNAL, .at = CR(0x48), .mask = 0x07, .doc = "cursor Y bits 10-8" },
    { "CR49", .flags = WW_REG_INTERNAL, .at = CR(0x49), .doc = "cursor Y bits 7-0" },
    { "CR4A", .flags = WW_REG_INTERNAL, .at = CR(0x4a), .doc = "cursor foreground colour (a 3-byte stack)" },
    { "CR4B", .flags = WW_REG_INTERNAL, .at = CR(0x4b), .doc = "cursor background colour (a 3-byte stack)" },
    { "CR4C", .flags = WW_REG_INTERNAL, .at = CR(0x4c), .mask = 0x0f, .doc = "cursor pattern address bits 11-8 (KiB units)" },
    { "CR4D", .flags = WW_REG_INTERNAL, .at = CR(0x4d), .doc = "cursor pattern address bits 7-0 (KiB units)" },
    { "CR4E", .flags = WW_REG_INTERNAL, .at = CR(0x4e), .mask = 0x3f, .doc = "cursor pattern start X" },
    { "CR4F", .flags = WW_REG_INTERNAL, .at = CR(0x4f), .mask = 0x3f, .doc = "cursor pattern start Y" },
    { "CR50", .flags = WW_REG_INTERNAL, .at = CR(0x50), .fields = cr50_fields, .doc = "extended system control 1" },
    { "CR51", .flags = WW_REG_INTERNAL, .at = CR(0x51), .fields = cr51_fields, .doc = "extended system control 2" },
    { "CR52", .flags = WW_REG_INTERNAL, .at = CR(0x52), .doc = "extended BIOS flag 1" },
    { "CR53", .flags = WW_REG_INTERNAL, .at = CR(0x53), .fields = cr53_fields, .doc = "extended memory control 1" },
    { "CR54", .flags = WW_REG_INTERNAL, .at = CR(0x54), .doc = "extended memory control 2 (M parameter)" },
    { "CR55", .flags = WW_REG_INTERNAL, .at = CR(0x55), .fields = cr55_fields, .doc = "extended RAMDAC control" },
    { "CR56", .flags = WW_REG_INTERNAL, .at = CR(0x56), .fields = cr56_fields, .doc = "external sync control 1" },
    { "CR57", .flags = WW_REG_INTERNAL, .at = CR(0x57), .doc = "external sync control 2" },
    { "CR58", .flags = WW_REG_INTERNAL, .at = CR(0x58), .reset = CR58_RESET, .fields = cr58_fields,
      .doc = "linear address window control" },
    { "CR5C", .flags = WW_REG_INTERNAL, .at = CR(0x5c), .doc = "general output port" },
    { "CR5D", .flags = WW_REG_INTERNAL, .at = CR(0x5d), .fields = cr5d_fields, .doc = "extended horizontal overflow" },
    { "CR5E", .flags = WW_REG_INTERNAL, .at = CR(0x5e), .fields = cr5e_fields, .doc = "extended vertical overflow" },
    { "CR60", .flags = WW_REG_INTERNAL, .at = CR(0x60), .doc = "extended memory control 3 (N parameter)" },
    { "CR61", .flags = WW_REG_INTERNAL, .at = CR(0x61), .doc = "extended memory control 4 (L parameter)" },
    { "CR62", .flags = WW_REG_INTERNAL, .at = CR(0x62), .doc = "extended memory control 5 (L parameter)" },
    { "CR65", .flags = WW_REG_INTERNAL, .at = CR(0x65), .doc = "extended miscellaneous control" },
    { "CR66", .flags = WW_REG_INTERNAL, .at = CR(0x66), .doc = "extended miscellaneous control 1" },
    { "CR67", .flags = WW_REG_INTERNAL, .at = CR(0x67), .fields = cr67_fields, .doc = "extended miscellaneous control 2" },
    { "CR69", .flags = WW_REG_INTERNAL, .at = CR(0x69), .fields = cr69_fields, .doc = "extended system control 3" },
    { "CR6A", .flags = WW_REG_INTERNAL, .at = CR(0x6a), .fields = cr6a_fields, .doc = "extended system control 4" },
    { "CR6B", .flags = WW_REG_INTERNAL, .at = CR(0x6b), .doc = "extended BIOS flag 3" },
    { "CR6C", .flags = WW_REG_INTERNAL, .at = CR(0x6c), .doc = "extended BIOS flag 4" },
    { "SR08", .flags = WW_REG_INTERNAL, .at = SR(0x08), .doc = "unlock extended sequencer: 06h" },
    { "SR09", .flags = WW_REG_INTERNAL, .at = SR(0x09), .doc = "extended sequencer 9" },
    { "SR0A", .flags = WW_REG_INTERNAL, .at = SR(0x0a), .doc = "external bus request control" },
    { "SR0B", .flags = WW_REG_INTERNAL, .at = SR(0x0b), .doc = "miscellaneous extended sequencer" },
    { "SR0D", .flags = WW_REG_INTERNAL, .at = SR(0x0d), .doc = "extended sequencer D (DPMS, DDC select)" },
    { "SR10", .flags = WW_REG_INTERNAL, .at = SR(0x10), .reset = SR10_RESET, .fields = sr_pll_nr_fields,
      .doc = "MCLK PLL N and R" },
    { "SR11", .flags = WW_REG_INTERNAL, .at = SR(0x11), .reset = SR11_RESET, .fields = sr_pll_m_fields,
      .doc = "MCLK PLL M" },
    { "SR12", .flags = WW_REG_INTERNAL, .at = SR(0x12), .fields = sr_pll_nr_fields,
      .doc = "DCLK PLL N and R: f = 14.318 MHz * (M + 2) / ((N + 2) * 2^R)" },
    { "SR13", .flags = WW_REG_INTERNAL, .at = SR(0x13), .fields = sr_pll_m_fields, .doc = "DCLK PLL M" },
    { "SR14", .flags = WW_REG_INTERNAL, .at = SR(0x14), .doc = "clock synthesizer control 1" },
    { "SR15", .flags = WW_REG_INTERNAL, .at = SR(0x15), .fields = sr15_fields, .doc = "clock synthesizer control 2" },
    { "SR18", .flags = WW_REG_INTERNAL, .at = SR(0x18), .fields = sr18_fields, .doc = "RAMDAC/clock synthesizer control" },
    { "SR1A", .flags = WW_REG_INTERNAL, .at = SR(0x1a), .doc = "extended sequencer 1A" },
    { "SR1B", .flags = WW_REG_INTERNAL, .at = SR(0x1b), .doc = "extended sequencer 1B" },
    { "SERIAL", .flags = WW_REG_INTERNAL, .at = AT(ddc), .doc = "serial port FF20h (DDC lines as written)" },
    { 0 }
};

static const ww_record_desc gp_record;
static const ww_state_desc gp_fields[] = {
#define G(m) WW_AT(s3_gp, m)
    { "cur_x", WW_STATE_U16, G(cur_x) }, { "cur_y", WW_STATE_U16, G(cur_y) },
    { "destx", WW_STATE_U16, G(destx) }, { "desty", WW_STATE_U16, G(desty) },
    { "err", WW_STATE_U16, G(err) }, { "maj", WW_STATE_U16, G(maj), "MAJ_AXIS_PCNT (width - 1)" },
    { "min", WW_STATE_U16, G(min), "MIN_AXIS_PCNT (height - 1)" },
    { "cmd", WW_STATE_U16, G(cmd) }, { "short_stroke", WW_STATE_U16, G(short_stroke) },
    { "bkgd_color", WW_STATE_U32, G(bkgd_color) }, { "frgd_color", WW_STATE_U32, G(frgd_color) },
    { "wrt_mask", WW_STATE_U32, G(wrt_mask), .reset = 0xffffffff },
    { "rd_mask", WW_STATE_U32, G(rd_mask), .reset = 0xffffffff },
    { "color_cmp", WW_STATE_U32, G(color_cmp) },
    { "bkgd_mix", WW_STATE_U16, G(bkgd_mix) }, { "frgd_mix", WW_STATE_U16, G(frgd_mix) },
    { "scissor_t", WW_STATE_U16, G(scissor_t) }, { "scissor_l", WW_STATE_U16, G(scissor_l) },
    { "scissor_b", WW_STATE_U16, G(scissor_b), .reset = 0xfff },
    { "scissor_r", WW_STATE_U16, G(scissor_r), .reset = 0xfff },
    { "mem_cntl", WW_STATE_U16, G(mem_cntl) }, { "pix_cntl", WW_STATE_U16, G(pix_cntl) },
    { "read_sel", WW_STATE_U16, G(read_sel) },
    { "subsys_cntl", WW_STATE_U16, G(subsys_cntl) }, { "adv_func", WW_STATE_U16, G(adv_func) },
    { "subsys_stat", WW_STATE_U8, G(subsys_stat) },
    { "xfer", WW_STATE_U8, G(xfer), "command waiting for PIX_TRANS data (0: none)" },
    { "xfer_x", WW_STATE_U16, G(xfer_x) }, { "xfer_y", WW_STATE_U16, G(xfer_y) },
    { "xfer_w", WW_STATE_U16, G(xfer_w) }, { "xfer_h", WW_STATE_U16, G(xfer_h) },
    { "xfer_cx", WW_STATE_U16, G(xfer_cx) }, { "xfer_cy", WW_STATE_U16, G(xfer_cy) },
#undef G
    { 0 }
};
static const ww_record_desc gp_record = { "gp", sizeof(s3_gp), gp_fields };

static const ww_state_desc s3d_fields[] = {
#define D(m) WW_AT(s3_s3d, m)
    { "src_base", WW_STATE_U32, D(src_base) }, { "dest_base", WW_STATE_U32, D(dest_base) },
    { "clip_lr", WW_STATE_U32, D(clip_lr) }, { "clip_tb", WW_STATE_U32, D(clip_tb) },
    { "stride", WW_STATE_U32, D(stride), "destination stride << 16 | source stride" },
    { "mono_pat", WW_STATE_U32, D(mono_pat) },
    { "pat_bg", WW_STATE_U32, D(pat_bg) }, { "pat_fg", WW_STATE_U32, D(pat_fg) },
    { "src_bg", WW_STATE_U32, D(src_bg) }, { "src_fg", WW_STATE_U32, D(src_fg) },
    { "cmd", WW_STATE_U32, D(cmd) }, { "rwh", WW_STATE_U32, D(rwh), "(width - 1) << 16 | height" },
    { "rsrc", WW_STATE_U32, D(rsrc) }, { "rdest", WW_STATE_U32, D(rdest) },
    { "xfer", WW_STATE_U8, D(xfer) }, { "xfer_x", WW_STATE_U32, D(xfer_x) },
    { "xfer_y", WW_STATE_U32, D(xfer_y) }, { "xfer_bits", WW_STATE_U32, D(xfer_bits) },
#undef D
    { 0 }
};
static const ww_record_desc s3d_record = { "s3d", sizeof(s3_s3d), s3d_fields };

static const ww_state_desc s3_state[] = {
    VGA_STATE_ROWS,
    { "hwc_fg", WW_STATE_U8, AT(hwc_fg), "cursor foreground colour bytes (CR4A stack)" },
    { "hwc_bg", WW_STATE_U8, AT(hwc_bg), "cursor background colour bytes (CR4B stack)" },
    { "hwc_fg_pos", WW_STATE_U8, AT(hwc_fg_pos) },
    { "hwc_bg_pos", WW_STATE_U8, AT(hwc_bg_pos) },
    { "gp", WW_STATE_RECORD, AT(gp), "8514/A engine (Trio64, Vision864)", .record = &gp_record },
    { "s3d", WW_STATE_RECORD, AT(s3d), "S3d engine (ViRGE)", .record = &s3d_record },
    { 0 }
};

/* ---- helpers ------------------------------------------------------------------------ */

static inline s3_t *S(ww_chip *c) { return (s3_t *)c; }

static bool cr_unlocked(const s3_t *s, unsigned i)
{
    const uint8_t *cr = s->vga.cr;
    if (i == 0x38 || i == 0x39)
        return true;
    if (i < 0x40)
        return (cr[0x38] & 0xcc) == 0x48;
    return (cr[0x39] & 0xe0) == 0xa0;
}

static bool sr_unlocked(const s3_t *s, unsigned i)
{
    return i == 0x08 || s->vga.sr[0x08] == 0x06;
}

/* Linear window size from CR58 (Trio64 and ViRGE: 64K, 1M, 2M, 4M). */
static uint64_t law_size(const s3_t *s)
{
    static const uint64_t sz[4] = { 64 * 1024, MIB, 2 * MIB, 4 * MIB };
    return sz[s->vga.cr[0x58] & CR58_LAWSZ];
}

static bool law_on(const s3_t *s)
{
    return (s->vga.cr[0x58] & CR58_LAE) && s->vga.vram;
}

/* The pixel clock: the DCLK PLL (Trio64, ViRGE) or the external clock
 * chip's table (Vision864) when MISC selects clock 3, else 25/28 MHz. */
static uint64_t dclk_hz(const s3_t *s)
{
    unsigned cs = (s->vga.misc & MISC_CS) >> 2;
    if (cs == 0)
        return 25175000;
    if (cs == 1)
        return 28322000;
    if (s->variant == S3_VISION864) {
        static const uint32_t ics2494[16] = {
            25175000, 28322000, 40000000, 72000000, 50000000, 77000000, 36000000, 44889000,
            130000000, 120000000, 80000000, 31500000, 110000000, 65000000, 75000000, 94500000 };
        return ics2494[s->vga.cr[0x42] & CR42_DCLK];
    }
    uint64_t m = (s->vga.sr[0x13] & SR_PLL_M) + 2u, n = (s->vga.sr[0x12] & SR_PLL_N) + 2u;
    unsigned r = (s->vga.sr[0x12] & SR_PLL_R) >> 5;
    return 14318180ull * m / (n << r);
}

static unsigned bytes_pp(ww_pixfmt f)
{
    return ww_pixfmt_bits(f) / 8;
}

/* Recompute the derived values the VGA core uses (vga.h "x") from the
 * extended registers, then re-place what moves. */
static void s3_update(s3_t *s)
{
    vga_t *v = &s->vga;
    const uint8_t *cr = v->cr;
    unsigned sa_old = ((cr[0x31] & CR31_SA) >> 4) | (cr[0x51] & CR51_SA) << 2;
    unsigned sa = cr[0x69] & CR69_SA ? cr[0x69] & CR69_SA : sa_old;
    v->x.start_hi = (uint32_t)sa << 16;
    unsigned off = (cr[0x51] & CR51_OFF) >> 4;
    v->x.offset_hi = off ? off << 8 : (cr[0x43] & CR43_OFF8 ? 0x100u : 0u);
    v->x.htotal_hi = cr[0x5d] & CR5D_HT8 ? 256 : 0;
    v->x.hdisp_hi = cr[0x5d] & CR5D_HDE8 ? 256 : 0;
    v->x.hsync_hi = cr[0x5d] & CR5D_HSS8 ? 256 : 0;
    v->x.vtotal_hi = cr[0x5e] & CR5E_VT10 ? 1024 : 0;
    v->x.vdisp_hi = cr[0x5e] & CR5E_VDE10 ? 1024 : 0;
    v->x.vsync_hi = cr[0x5e] & CR5E_VSS10 ? 1024 : 0;
    unsigned bank = cr[0x6a] & CR6A_BANK ? cr[0x6a] & CR6A_BANK
                  : (cr[0x35] & CR35_BANK) | ((cr[0x51] & CR51_BANK) >> 2) << 4;
    v->x.bank = (uint64_t)bank << 16;
    if (v->x.bank >= v->vram_size) {
        ww_chip_guest_error(&v->chip, "bank %u is past the %" G_GUINT64_FORMAT " KiB of vram; "
                            "using bank 0", bank, v->vram_size >> 10);
        v->x.bank = 0;
    }
    v->x.win64k = cr[0x31] & CR31_ENH;
    v->x.linear = cr[0x31] & CR31_ENH;
    v->x.fast_text = cr[0x31] & CR31_HSTXT;
    v->x.no_window = law_on(s) && law_size(s) > 64 * 1024;
    v->x.enhanced = cr[0x3a] & CR3A_ENH256;
    switch ((cr[0x67] & CR67_MODE) >> 4) {
    case 3:  v->x.format = WW_PIXFMT_RGB555;   v->x.hclocks = 2; break;
    case 5:  v->x.format = WW_PIXFMT_RGB565;   v->x.hclocks = 2; break;
    case 7:  v->x.format = WW_PIXFMT_RGB888;   v->x.hclocks = 1; break;
    case 13: v->x.format = WW_PIXFMT_XRGB8888; v->x.hclocks = 1; break;
    default: v->x.format = WW_PIXFMT_PAL8;     v->x.hclocks = 1; break;
    }
    /* The CRTC counts clocks, the PLL gives pixels: 16 bpp takes 2 clocks. */
    v->x.dot_hz = dclk_hz(s) * (v->x.enhanced ? v->x.hclocks : 1);
    vga_update_windows(v);
}

/* ---- the linear window and the engine ports --------------------------------------- */

static void place_lfb(s3_t *s)
{
    if (!s->lfb)
        return;
    ww_window *bar = ww_pci_fn(&s->vga.chip)->win[0];
    uint64_t size = MIN(law_size(s), s->vga.vram_size);
    if (!law_on(s) || !bar || bar->hidden || bar->size < size) {
        ww_window_hide(s->lfb);
        s->lfb_at = s->lfb_size = 0;
        return;
    }
    if (ww_window_place(s->lfb, bar->base, size)) {
        s->lfb_at = bar->base;
        s->lfb_size = size;
    }
}

/* Ports of the 8514/A engine: (port >> 10) selects the register. */
static const uint16_t accel_ports[] = {
    0x42e8, 0x4ae8, 0x82e8, 0x86e8, 0x8ae8, 0x8ee8, 0x92e8, 0x96e8, 0x9ae8, 0x9ee8,
    0xa2e8, 0xa6e8, 0xaae8, 0xaee8, 0xb2e8, 0xb6e8, 0xbae8, 0xbee8, 0xe2e8,
};

static bool has_gp(const s3_t *s) { return s->variant != S3_VIRGE; }

static void place_accel(s3_t *s)
{
    bool on = has_gp(s) && (s->vga.cr[0x40] & CR40_ENH) && !s->vga.x.io_off;
    for (unsigned i = 0; i < G_N_ELEMENTS(accel_ports); i++) {
        ww_window *w = s->accel_io[i];
        if (!w)
            continue;
        if (on)
            ww_window_place(w, accel_ports[i], 4);
        else
            ww_window_hide(w);
    }
}

static void s3_remap(ww_chip *c)
{
    s3_t *s = S(c);
    ww_pci_function *f = ww_pci_fn(c);
    if (f->placed) {
        s->vga.x.io_off = !(f->command & WW_PCI_CMD_IO);
        s->vga.x.mem_off = !(f->command & WW_PCI_CMD_MEM);
    }
    if (!s->vga.vram)
        return;       /* placed before realize: reset places everything */
    vga_update_windows(&s->vga);
    place_lfb(s);
    place_accel(s);
}

static void update_all(s3_t *s)
{
    s3_update(s);
    place_lfb(s);
    place_accel(s);
}

/* ---- ports ---------------------------------------------------------------------------- */

static unsigned cr36_size(uint64_t vram);

/* Identification and strap registers, and the window position of BAR0. */
static uint8_t cr_computed(s3_t *s, unsigned i)
{
    static const uint8_t id[S3__VARIANTS][3] = {
        [S3_TRIO64] = { 0x88, 0x11, 0xe1 },
        [S3_VIRGE] = { 0x56, 0x31, 0xe1 },
        [S3_VISION864] = { 0x88, 0xc0, 0xc0 },
    };
    unsigned k = s->variant < S3__VARIANTS ? s->variant : 0;
    uint32_t bar = s->vga.chip.cls->pci ? ww_pci_fn(&s->vga.chip)->bar[0] : 0;
    switch (i) {
    case 0x2d: return id[k][0];
    case 0x2e: return id[k][1];
    case 0x30: return id[k][2];
    case 0x36: return (uint8_t)(2 | 3 << 2 | 1 << 4 | cr36_size(s->vga.vram_size) << 5);
    case 0x59: return (uint8_t)(bar >> 24);
    default:   return (uint8_t)(bar >> 16);
    }
}

static uint8_t cr_read(s3_t *s, unsigned i, ww_access how)
{
    const uint8_t *cr = s->vga.cr;
    if (i == 0x30 && !((cr[0x38] & 0xcc) == 0x48 || (cr[0x39] & 0xe0) == 0xa0))
        return 0xff;
    if (!cr_kind[i])
        return 0xff;
    if (i == 0x2d || i == 0x2e || i == 0x30 || i == 0x36 || i == 0x59 || i == 0x5a)
        return cr_computed(s, i);
    if (i == 0x45 && how != WW_PEEK)
        s->hwc_fg_pos = s->hwc_bg_pos = 0;
    return cr[i];
}

static void cr_write(s3_t *s, unsigned i, uint8_t val)
{
    vga_t *v = &s->vga;
    if (cr_kind[i] != K_RW) {
        if (!cr_kind[i])
            ww_chip_unimp(&v->chip, "write of CRTC register", R_IO, i);
        return;
    }
    if (!cr_unlocked(s, i)) {
        ww_chip_trace(&v->chip, "CR%02X write %02Xh ignored: locked", i, val);
        return;
    }
    switch (i) {
    case 0x46: case 0x48: case 0x4c: val &= 0x0f; break;
    case 0x4e: case 0x4f: val &= 0x3f; break;
    case 0x4a:
        s->hwc_fg[s->hwc_fg_pos % 3] = val;
        s->hwc_fg_pos = (uint8_t)((s->hwc_fg_pos + 1) % 3);
        break;
    case 0x4b:
        s->hwc_bg[s->hwc_bg_pos % 3] = val;
        s->hwc_bg_pos = (uint8_t)((s->hwc_bg_pos + 1) % 3);
        break;
    default: break;
    }
    v->cr[i] = val;
    update_all(s);
    ww_dirty_mark_all(&v->dirty);
}

static uint8_t sr_read(s3_t *s, unsigned i)
{
    if (i >= VGA_NSR || !sr_kind[i] || !sr_unlocked(s, i))
        return i == 0x08 ? s->vga.sr[8] : 0x00;
    return s->vga.sr[i];
}

static void sr_write(s3_t *s, unsigned i, uint8_t val)
{
    vga_t *v = &s->vga;
    if (i >= VGA_NSR || !sr_kind[i]) {
        ww_chip_unimp(&v->chip, "write of sequencer register", R_IO, i);
        return;
    }
    if (!sr_unlocked(s, i))
        return;
    if (v->sr[i] == val && i != 0x15)
        return;
    v->sr[i] = val;
    s3_update(s);
}

/* CR00-CR18 writes honour CR35's timing locks (Trio64 data book, CR35). */
static bool timing_locked(const s3_t *s, unsigned i)
{
    uint8_t l = s->vga.cr[0x35];
    if ((l & CR35_HTLOCK) && i <= 5)
        return true;
    if ((l & CR35_VTLOCK) && (i == 6 || i == 7 || i == 0x10 || i == 0x11 || i == 0x12 ||
                              i == 0x15 || i == 0x16))
        return true;
    return false;
}

static uint64_t s3_io_read(s3_t *s, unsigned off, ww_access how)
{
    vga_t *v = &s->vga;
    if (vga_is_crd(v, off) && v->cr_index > 0x18)
        return cr_read(s, v->cr_index, how);
    if (off == VGA_SRD && v->sr_index >= 5)
        return sr_read(s, v->sr_index);
    return vga_io_read(v, off, how);
}

static void s3_io_write(s3_t *s, unsigned off, uint8_t val)
{
    vga_t *v = &s->vga;
    if (vga_is_crd(v, off)) {
        if (v->cr_index > 0x18) {
            cr_write(s, v->cr_index, val);
            return;
        }
        if (timing_locked(s, v->cr_index))
            return;
    }
    if (off == VGA_SRD && v->sr_index >= 5) {
        sr_write(s, v->sr_index, val);
        return;
    }
    vga_io_write(v, off, val);
    if (off == VGA_MISC_W || (off == VGA_SRD && v->sr_index == 1))
        s3_update(s);     /* clock select, dot clock divider */
}

/* ---- BAR0: linear framebuffer and MMIO --------------------------------------------------- */

static uint64_t ones(unsigned size) { return size >= 8 ? UINT64_MAX : (1ull << (8 * size)) - 1; }

static bool mmio_on(const s3_t *s)
{
    return s->variant == S3_VIRGE && (s->vga.cr[0x53] & CR53_NMMIO);
}

static uint64_t mmio_read(s3_t *s, unsigned off, unsigned size, ww_access how)
{
    if (off >= 0x83b0 && off < 0x83e0) {
        uint64_t v = 0;
        for (unsigned k = 0; k < size && off + k < 0x83e0; k++)
            v |= s3_io_read(s, off + k - 0x83b0, how) << (8 * k);
        return v;
    }
    if (off >= 0xff20 && off < 0xff24) {
        /* DDC: nothing drives the lines, so both read high (SCL_IN bit 2, SDA_IN bit 3). */
        uint32_t r = (s->ddc & 0x13) | 0x0c;
        return r >> (8 * (off - 0xff20)) & ones(size);
    }
    if (off >= 0x8500 && off < 0xb800)
        return s3_s3d_read(s, off, size, how);
    return 0;
}

static void mmio_write(s3_t *s, unsigned off, uint64_t val, unsigned size)
{
    if (off < 0x8000) {       /* image transfer port */
        if (size == 4)
            s3_s3d_data(s, (uint32_t)val);
        else
            ww_chip_guest_error(&s->vga.chip, "image transfer write of %u bytes (expected 4)", size);
        return;
    }
    if (off >= 0x83b0 && off < 0x83e0) {
        for (unsigned k = 0; k < size && off + k < 0x83e0; k++)
            s3_io_write(s, off + k - 0x83b0, (uint8_t)(val >> (8 * k)));
        return;
    }
    if (off == 0xff20) {
        s->ddc = (uint8_t)val;
        return;
    }
    if (off >= 0x8500 && off < 0xb800) {
        s3_s3d_write(s, off, val, size);
        return;
    }
    ww_chip_unimp(&s->vga.chip, "MMIO write", R_LFB, MMIO_BASE + off);
}

static uint64_t lfb_read(s3_t *s, uint64_t off, unsigned size, ww_access how)
{
    vga_t *v = &s->vga;
    if (law_on(s) && off < law_size(s) && off + size <= v->vram_size) {
        uint64_t r = 0;
        for (unsigned k = 0; k < size; k++)
            r |= (uint64_t)v->vram[off + k] << (8 * k);
        return r;
    }
    if (mmio_on(s) && off >= MMIO_BASE && off - MMIO_BASE + size <= MMIO_SIZE)
        return mmio_read(s, (unsigned)(off - MMIO_BASE), size, how);
    return ones(size);
}

static void lfb_write(s3_t *s, uint64_t off, uint64_t val, unsigned size)
{
    vga_t *v = &s->vga;
    if (law_on(s) && off < law_size(s) && off + size <= v->vram_size) {
        for (unsigned k = 0; k < size; k++)
            v->vram[off + k] = (uint8_t)(val >> (8 * k));
        vga_vram_written(v, off, size);
        return;
    }
    if (mmio_on(s) && off >= MMIO_BASE && off - MMIO_BASE + size <= MMIO_SIZE) {
        mmio_write(s, (unsigned)(off - MMIO_BASE), val, size);
        return;
    }
    ww_chip_guest_error(&v->chip, "write of %u bytes at BAR0+0x%" G_GINT64_MODIFIER "x: nothing "
                        "decodes there (linear window %s, %" G_GUINT64_FORMAT " KiB)", size, off,
                        law_on(s) ? "on" : "off", law_size(s) >> 10);
}

static uint64_t s3_read(ww_chip *c, unsigned region, uint64_t off, unsigned size, ww_access how)
{
    s3_t *s = S(c);
    switch (region) {
    case R_IO:     return s3_io_read(s, (unsigned)off, how);
    case R_MEM:    return vga_mem_read(&s->vga, off, how);
    case R_LFB:    return lfb_read(s, off, size, how);
    case R_ACCEL:  return has_gp(s) ? s3_gp_read(s, (unsigned)off, size, how) : ones(size);
    default:       return 0;   /* configuration space beyond the header */
    }
}

static void s3_write(ww_chip *c, unsigned region, uint64_t off, uint64_t val, unsigned size)
{
    s3_t *s = S(c);
    switch (region) {
    case R_IO:    s3_io_write(s, (unsigned)off, (uint8_t)val); break;
    case R_MEM:   vga_mem_write(&s->vga, off, (uint8_t)val); break;
    case R_LFB:   lfb_write(s, off, val, size); break;
    case R_ACCEL:
        if (has_gp(s))
            s3_gp_write(s, (unsigned)off, val, size);
        break;
    default: break;
    }
}

static uint64_t s3_reg_read(ww_chip *c, const ww_reg_desc *r, unsigned index)
{
    static const uint8_t cr_of[REG__COMPUTED] = {
        [REG_CR2D] = 0x2d, [REG_CR2E] = 0x2e, [REG_CR30] = 0x30, [REG_CR36] = 0x36,
        [REG_CR59] = 0x59, [REG_CR5A] = 0x5a,
    };
    if (r == &s3_regs[REG_PLL_DCLK])
        return dclk_hz(S(c));
    for (unsigned k = REG_CR2D; k < REG__COMPUTED; k++)
        if (r == &s3_regs[k])
            return cr_computed(S(c), cr_of[k]);
    return 0;
}

/* ---- the picture ------------------------------------------------------------------------ */

static uint32_t cursor_color(const s3_t *s, const uint8_t c[3], ww_pixfmt f)
{
    switch (f) {
    case WW_PIXFMT_RGB555: {
        uint16_t x = (uint16_t)(c[0] | c[1] << 8);
        uint32_t r = (x >> 10) & 31, g = (x >> 5) & 31, b = x & 31;
        return (r << 3 | r >> 2) << 16 | (g << 3 | g >> 2) << 8 | (b << 3 | b >> 2);
    }
    case WW_PIXFMT_RGB565: {
        uint16_t x = (uint16_t)(c[0] | c[1] << 8);
        uint32_t r = (x >> 11) & 31, g = (x >> 5) & 63, b = x & 31;
        return (r << 3 | r >> 2) << 16 | (g << 2 | g >> 4) << 8 | (b << 3 | b >> 2);
    }
    case WW_PIXFMT_RGB888:
    case WW_PIXFMT_XRGB8888:
        return (uint32_t)c[2] << 16 | c[1] << 8 | c[0];
    default:
        return s->vga.palette[c[0]];
    }
}

/* The 64x64 2-bit cursor pattern (Trio64 data book, "Hardware Graphics
 * Cursor"; layout as 86Box draws it): per line 16 bytes, groups of 4 bytes
 * = an AND word and an XOR word, most significant bit first. Windows mode:
 * AND 0 -> XOR picks foreground/background, AND 1 -> XOR 1 inverts, else
 * transparent. X11 mode: AND 1 -> XOR picks, else transparent. */
static void build_cursor(s3_t *s, ww_pixfmt f)
{
    vga_t *v = &s->vga;
    const uint8_t *cr = v->cr;
    ww_display_cursor *c = &v->cursor;
    unsigned xoff = cr[0x4e] & 0x3f, yoff = cr[0x4f] & 0x3f;
    uint64_t addr = ((uint64_t)(cr[0x4c] & 0x0f) << 8 | cr[0x4d]) * 1024 + yoff * 16;
    int x = ((cr[0x46] & 7) << 8 | cr[0x47]), y = ((cr[0x48] & 7) << 8 | cr[0x49]);
    uint32_t fg = cursor_color(s, s->hwc_fg, f), bg = cursor_color(s, s->hwc_bg, f);
    bool x11 = cr[0x55] & CR55_X11;
    c->on = true;
    c->x = x - (int)xoff;
    c->y = y;
    c->w = 64;
    c->h = 64 - yoff;
    for (unsigned j = 0; j < c->h; j++) {
        for (unsigned g = 0; g < 4; g++) {
            uint64_t a = addr + j * 16 + g * 4;
            uint8_t b[4];
            for (unsigned k = 0; k < 4; k++)
                b[k] = a + k < v->vram_size ? v->vram[a + k] : 0;
            uint16_t and = (uint16_t)(b[0] << 8 | b[1]), xor = (uint16_t)(b[2] << 8 | b[3]);
            for (unsigned i = 0; i < 16; i++) {
                bool an = and >> (15 - i) & 1, xo = xor >> (15 - i) & 1;
                uint32_t p;
                if (x11)
                    p = an ? 0xff000000u | (xo ? fg : bg) : 0;
                else if (!an)
                    p = 0xff000000u | (xo ? fg : bg);
                else
                    p = xo ? WW_CURSOR_INVERT | 0xffffff : 0;
                c->pixels[j * 64 + g * 16 + i] = p;
            }
        }
    }
}

static void s3_display_mode(ww_chip *c, ww_display_mode *m)
{
    s3_t *s = S(c);
    vga_t *v = &s->vga;
    /* CPU writes through the linear window since the last update. */
    if (s->lfb && s->lfb_size) {
        unsigned pb = ww_space_cfg(s->lfb->space)->page_bits;
        uint64_t np = ((v->vram_size - 1) >> pb) + 1;
        uint64_t bits[(4 * MIB >> 12) / 64] = { 0 };
        if (np > G_N_ELEMENTS(bits) * 64) {
            if (ww_mapping_collect_writes(s->lfb, NULL, 0))
                ww_dirty_mark_all(&v->dirty);
        } else if (ww_mapping_collect_writes(s->lfb, bits, np)) {
            for (uint64_t i = 0; i < np; i++)
                if (bits[i >> 6] >> (i & 63) & 1)
                    ww_dirty_mark(&v->dirty, i << pb, 1ull << pb);
        }
    }
    vga_display_mode(v, m);
    if (m->kind == WW_DISPLAY_PACKED && v->x.enhanced) {
        /* The start address and pitch are guest values: a picture that runs
         * past the memory is cut where the memory ends (and said so). */
        uint64_t need = m->base + (uint64_t)m->pitch * (m->height ? m->height - 1 : 0) +
                        (uint64_t)m->width * bytes_pp(m->format);
        bool bad = need > v->vram_size;
        if (bad && !s->warned_picture)
            ww_chip_guest_error(c, "picture %ux%u at 0x%" G_GINT64_MODIFIER "x pitch %u runs past "
                                "the %" G_GUINT64_FORMAT " KiB of vram; the rest shows black",
                                m->width, m->height, m->base, m->pitch, v->vram_size >> 10);
        s->warned_picture = bad;
    }
    if ((v->cr[0x45] & CR45_HWC) && m->kind == WW_DISPLAY_PACKED) {
        build_cursor(s, m->format);
        m->cursor = &v->cursor;
    }
}

static void s3_render_line(ww_chip *c, unsigned y, uint32_t *dst) { vga_render_line(&S(c)->vga, y, dst); }
static void s3_sync(ww_chip *c) { S(c)->vga.font_written = 0; }

static const ww_display_ops s3_display_ops = {
    .mode = s3_display_mode, .render_line = s3_render_line, .sync = s3_sync,
};

/* ---- lifecycle ------------------------------------------------------------------------ */

static unsigned cr36_size(uint64_t vram)
{
    switch (vram >> 10) {
    case 512:  return 7;
    case 1024: return 6;
    case 2048: return 4;
    case 8192: return 3;
    default:   return 0;   /* 4 MiB */
    }
}

static bool s3_realize(ww_chip *c, GError **err)
{
    s3_t *s = S(c);
    if (s->variant >= S3__VARIANTS) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "%s: bad variant", c->id);
        return false;
    }
    uint64_t sz = s->vga.vram_size;
    if (sz != 512 * 1024 && sz != MIB && sz != 2 * MIB && sz != 4 * MIB) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "%s: vram %" G_GUINT64_FORMAT " bytes; "
                    "expected 512KiB, 1MiB, 2MiB or 4MiB", c->id, sz);
        return false;
    }
    if (!vga_realize(&s->vga, c->bus[BUS_IO], c->bus[BUS_MEM], err))
        return false;
    ww_pci_function *f = ww_pci_fn(c);
    if (f->placed && f->win[0]) {
        char *n = g_strdup_printf("%s.lfb", c->id);
        s->lfb = ww_window_open_ram(f->win[0]->space, c, n, s->vga.vram, sz, false, 1, err);
        g_free(n);
        if (!s->lfb || !ww_mapping_track_writes(s->lfb, true)) {
            if (s->lfb)
                g_set_error(err, WW_ERROR, WW_ERROR_FAILED, "%s: cannot track the linear window", c->id);
            return false;
        }
    }
    if (has_gp(s) && c->bus[BUS_IO]) {
        unsigned r = (unsigned)R_ACCEL;
        for (unsigned i = 0; i < G_N_ELEMENTS(accel_ports); i++) {
            char *n = g_strdup_printf("%s.%04x", c->id, accel_ports[i]);
            s->accel_io[i] = ww_window_open_chip(c->bus[BUS_IO], c, n, c, r, 0, err);
            g_free(n);
            if (!s->accel_io[i])
                return false;
            s->accel_io[i]->offset = (uint64_t)(accel_ports[i] >> 10) * 4;
        }
    }
    return true;
}

static void s3_unrealize(ww_chip *c)
{
    s3_t *s = S(c);
    ww_window_close(s->lfb);
    s->lfb = NULL;
    for (unsigned i = 0; i < G_N_ELEMENTS(s->accel_io); i++) {
        ww_window_close(s->accel_io[i]);
        s->accel_io[i] = NULL;
    }
    vga_unrealize(&s->vga);
}

static void s3_reset(ww_chip *c, ww_reset_kind kind)
{
    s3_t *s = S(c);
    vga_reset(&s->vga);
    s3_remap(c);
    update_all(s);
}

static bool s3_post_load(ww_chip *c, GError **err)
{
    s3_t *s = S(c);
    s->hwc_fg_pos %= 3;
    s->hwc_bg_pos %= 3;
    vga_update_palette(&s->vga);
    s3_remap(c);
    update_all(s);
    return true;
}

static void s3_bound(ww_chip *c, unsigned index)
{
    vga_bind_display(&S(c)->vga, ww_chip_backend(c, BACKEND_SCREEN, 0), &s3_display_ops);
}

/* ---- descriptor --------------------------------------------------------------------------- */

static const ww_prop_desc s3_props[] = {
    { "variant", WW_PROP_ENUM, AT(variant), "trio64", .choices = variant_names,
      .doc = "trio64 (5333:8811), virge (5333:5631) or vision864 (5333:88c0)" },
    { "vram", WW_PROP_UINT, AT(vga.vram_size), "4MiB", 512 * 1024, 4 * MIB, .unit = WW_UNIT_BYTES,
      .doc = "video memory: 512KiB, 1MiB, 2MiB or 4MiB (CR36 reports it)" },
    { 0 }
};

static const ww_region_desc s3_regions[] = {
    [R_IO] = VGA_REGION_IO,
    [R_MEM] = VGA_REGION_MEM,
    [R_CONFIG] = { "config", 256, 1, 4, WW_LITTLE_ENDIAN, WW_REGION_PCI_CONFIG, "PCI configuration" },
    [R_LFB] = { "lfb", LFB_REGION, 1, 4, WW_LITTLE_ENDIAN, 0,
                "BAR0: vram from 0 (linear window, CR58) and, on the ViRGE, MMIO at 16 MiB "
                "(CR53 bit 3): image port 0-7FFFh, VGA ports 83B0h, S3d engine A4D4h-A50Ch, "
                "status 8504h, DDC FF20h" },
    [R_ACCEL] = { "accel", 64 * 4, 1, 4, WW_LITTLE_ENDIAN, 0,
                  "8514/A engine ports xxE8h-xxEBh (Trio64, Vision864; CR40 bit 0): offset "
                  "(port >> 10) * 4 + (port & 3)" },
    [R__COUNT] = { 0 }
};

static const ww_bus_desc s3_buses[] = {
    [BUS_IO] = { "io", "where the legacy VGA and engine ports decode (alias the CPU's I/O space)",
                 16, WW_LITTLE_ENDIAN, WW_UNMAPPED_OPEN_BUS, UINT64_MAX },
    [BUS_MEM] = { "mem", "where A0000h-BFFFFh decodes (alias the CPU's memory)", 32,
                  WW_LITTLE_ENDIAN, WW_UNMAPPED_OPEN_BUS, UINT64_MAX },
    [BUS__COUNT] = { 0 }
};

static const ww_port_desc s3_ports[] = {
    [PORT_INTX] = { "intx", WW_PORT_OUT, 1, 0, offsetof(s3_t, pci.intx),
                    "INTA# (the vertical retrace interrupt is not modelled: never asserted)" },
    [PORT__COUNT] = { 0 }
};

static const ww_backend_desc s3_backends[] = {
    [BACKEND_SCREEN] = { "screen", WW_BACKEND_DISPLAY, offsetof(s3_t, vga.display), 1,
                         "the picture (core/display.h)", s3_bound },
    [BACKEND__COUNT] = { 0 }
};

static const ww_pci_desc *s3_pci_variant(ww_chip *c);

static const ww_pci_desc s3_pci_trio64 = {
    .offset = offsetof(s3_t, pci),
    .vendor = 0x5333, .device = 0x8811, .class_code = 0x030000, .int_pin = 1,
    .bars = { [0] = { WW_BAR_MEM32, 8 * MIB, R_LFB, false, "linear framebuffer" } },
    .status_init = 0x0200,       /* medium DEVSEL */
    .remap = s3_remap, .variant = s3_pci_variant,
};
static const ww_pci_desc s3_pci_virge = {
    .offset = offsetof(s3_t, pci),
    .vendor = 0x5333, .device = 0x5631, .class_code = 0x030000, .int_pin = 1,
    .bars = { [0] = { WW_BAR_MEM32, 64 * MIB, R_LFB, false, "linear framebuffer + MMIO at 16 MiB" } },
    .status_init = 0x0200,
    .remap = s3_remap, .variant = s3_pci_variant,
};
static const ww_pci_desc s3_pci_vision864 = {
    .offset = offsetof(s3_t, pci),
    .vendor = 0x5333, .device = 0x88c0, .class_code = 0x030000, .int_pin = 1,
    .bars = { [0] = { WW_BAR_MEM32, 8 * MIB, R_LFB, false, "linear framebuffer" } },
    .status_init = 0x0200,
    .remap = s3_remap, .variant = s3_pci_variant,
};

static const ww_pci_desc *s3_pci_variant(ww_chip *c)
{
    switch (S(c)->variant) {
    case S3_VIRGE:     return &s3_pci_virge;
    case S3_VISION864: return &s3_pci_vision864;
    default:           return &s3_pci_trio64;
    }
}

static const ww_chip_class s3_class = {
    .type = "s3",
    .summary = "S3 Trio64 / ViRGE / Vision864 PCI VGA with linear framebuffer, cursor, 2D engine",
    .doc = "A VGA (chips/video/vga.h) with S3's extended registers: CR2D-CR30 identification, "
           "CR38/CR39 and SR08 unlocks, CR31/CR35/CR51/CR69/CR6A start address and bank bits, "
           "CR58 linear window over BAR0, CR66/CR67 pixel formats, the DCLK PLL in SR12/SR13 "
           "(the refresh is computed from it), the 64x64 hardware cursor (CR45-CR4F), and the "
           "drawing engines: the 8514/A engine at ports xxE8h (Trio64, Vision864: rectangle "
           "fill, screen-to-screen blit, CPU image transfers, lines) and the ViRGE's S3d "
           "BitBLT/rectangle fill through MMIO. PCI identity per variant (trio64 5333:8811, "
           "virge 5333:5631, vision864 5333:88c0). Legacy ports, A0000h and the engine ports are "
           "windows in the io/mem buses and follow the PCI command register. Sources: S3 data "
           "books (via VGADOC), Linux s3fb.c/svgalib.c, 86Box.",
    .size = sizeof(s3_t),
    .version = 1,
    .props = s3_props,
    .regions = s3_regions,
    .regs = s3_regs,
    .state = s3_state,
    .ports = s3_ports,
    .buses = s3_buses,
    .backends = s3_backends,
    .pci = &s3_pci_trio64,
    .realize = s3_realize,
    .unrealize = s3_unrealize,
    .reset = s3_reset,
    .read = s3_read,
    .write = s3_write,
    .post_load = s3_post_load,
    .reg_read = s3_reg_read,
};
WW_CHIP_REGISTER(s3_class)
