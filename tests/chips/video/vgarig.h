/* tests/chips/video/vgarig.h — what the VGA and S3 chip tests share: a small
 * machine around one video chip (the CPU's memory and I/O spaces, RAM below
 * A0000h, for the S3 a PCI bus with configuration mechanism #1 and the card
 * at 00:02.0, and a display slot), port and memory helpers, the standard VGA
 * mode tables the VGA BIOS loads, and the register sequence Linux's s3fb
 * (s3fb_set_par, svgalib.c) writes for a mode. */
#ifndef WW_TESTS_VGARIG_H
#define WW_TESTS_VGARIG_H
#include "tests/harness.h"
#include "core/machine.h"
#include "core/display.h"

typedef struct {
    ww_machine *m;
    ww_space *io, *mem;
    ww_chip *chip;
    ww_display *d;
    uint32_t lfb;        /* S3: BAR0 as programmed */
} vrig;

/* type "vga" or "s3" (then variant is trio64/virge/vision864); the S3 is
 * enabled in PCI (command IO|MEM) with BAR0 at 0xe0000000 as firmware does. */
void vrig_init(vrig *r, const char *type, const char *variant);
void vrig_free(vrig *r);

void vout(vrig *r, uint16_t port, uint8_t v);
void voutw(vrig *r, uint16_t port, uint16_t v);
void voutl(vrig *r, uint16_t port, uint32_t v);
uint8_t vin(vrig *r, uint16_t port);
uint16_t vinw(vrig *r, uint16_t port);
void vwb(vrig *r, uint32_t addr, uint8_t v);
void vwl(vrig *r, uint32_t addr, uint32_t v);
uint8_t vrb(vrig *r, uint32_t addr);
uint8_t vpeekb(vrig *r, uint32_t addr);
uint32_t vcfg(vrig *r, unsigned reg);           /* PCI config of 00:02.0 */
void vcfg_w(vrig *r, unsigned reg, uint32_t v);

void wcr(vrig *r, uint8_t i, uint8_t v);
uint8_t rcr(vrig *r, uint8_t i);
void wsr(vrig *r, uint8_t i, uint8_t v);
uint8_t rsr(vrig *r, uint8_t i);
void wgr(vrig *r, uint8_t i, uint8_t v);
void war(vrig *r, uint8_t i, uint8_t v);   /* leaves the palette locked (PAS = 1) */
void crmask(vrig *r, uint8_t i, uint8_t v, uint8_t mask);
void srmask(vrig *r, uint8_t i, uint8_t v, uint8_t mask);

/* The standard modes as the IBM VGA BIOS tables (and SeaVGABIOS's) hold them. */
typedef struct {
    uint8_t misc, sr[5], cr[25], gr[9], ar[21];
} vga_regs;
extern const vga_regs vga_mode3, vga_mode12, vga_mode13;
void vga_load(vrig *r, const vga_regs *m);
/* DAC entries 0-63 as the EGA palette the BIOS loads for 16-colour modes,
 * and 64-255 grey ramps (enough for tests). */
void vga_load_dac(vrig *r);
/* A deterministic 8x16 font (glyph line l of char c = vrig_font(c, l)) in
 * plane 2 map 0, loaded the way the BIOS does (SR02/SR04/GR04-06). */
uint8_t vrig_font(unsigned c, unsigned l);
void vga_load_font(vrig *r);
/* DAC entry i as the display shows it (6-bit values widened). */
uint32_t dac_color(unsigned i);

/* Picture: update the bound display, return its pixel (x, y). */
unsigned vupdate(vrig *r);
uint32_t vpx(vrig *r, unsigned x, unsigned y);

/* s3fb_set_par for the Trio64/ViRGE family: the register writes Linux 6.1's
 * s3fb makes for xres x yres at bpp (8, 16 or 32) with the given timing
 * (pixclock in ps, margins and sync lengths in pixels/lines), multiplex as
 * the driver decides. */
typedef struct {
    unsigned xres, yres, bpp, pixclock;
    unsigned left, right, upper, lower, hsync, vsync;
} fbmode;
extern const fbmode fb_1024x768_60;    /* VESA 1024x768@60: 65 MHz */
void s3fb_set_par(vrig *r, const fbmode *fm, bool virge);
/* s3fb's probe: unlock, read the IDs and CR36, restore the locks. */
void s3fb_unlock(vrig *r);

#endif
