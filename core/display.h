/* core/display.h — the display pipeline: what a video chip publishes and how
 * a front end turns it into XRGB8888 pixels (DESIGN.md §9: headless PNG
 * screenshots now, SDL and VNC later, all through this one object).
 *
 * The chip side. A video chip declares a WW_BACKEND_DISPLAY backend; when a
 * ww_display is bound to it (its `bound` callback), the chip attaches a
 * source: ww_display_attach(d, &ops, chip). From then on the display pulls:
 * at each update it asks the chip for the current mode (ops->mode), which
 * names the picture's memory (the VRAM), its geometry and format, and a
 * dirty map of that memory's pages (ww_dirty, owned by the chip, which marks
 * what it and the CPUs wrote since the last update; core/space.h has the
 * write tracking of RAM windows that feeds it). Nothing is pushed: a chip
 * with no display bound costs nothing, and a chip must work without one.
 *
 * Kinds of picture:
 *  - PACKED: pixels in memory (PAL8, RGB555, RGB565, RGB888, XRGB8888); line
 *    y starts at base + y * pitch. pixman converts them; only lines whose
 *    memory pages are dirty are converted again.
 *  - TEXT: character cells (VGA text modes and their kin) rendered here with
 *    the guest's own font, read from the memory the chip names (VGA: plane 2),
 *    with attributes, 8/9-dot cells, blink and the text cursor.
 *  - LINES: anything else (VGA planar 16-colour, CGA-compatible modes): the
 *    chip renders each line in XRGB8888 through ops->render_line; the dirty
 *    map still decides which lines are redrawn (line y depends on bytes
 *    [base + y * pitch, + line_bytes)).
 *  - BLANK: no picture (screen off, no sync, a mode the chip refuses): black.
 * A hardware cursor (S3 and later chips) is composited on top of any kind.
 *
 * Every number a chip publishes comes from guest-written registers, so the
 * pipeline checks them all: a size beyond WW_DISPLAY_MAX_*, lines or cells
 * beyond the memory, a cursor off screen are clipped (and memory outside the
 * buffer reads as black); nothing reads outside `mem` or writes outside the
 * surface. The chip should clamp and log first, under its own category. */
#ifndef WW_DISPLAY_H
#define WW_DISPLAY_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <glib.h>
#include "core/error.h"

typedef struct ww_chip ww_chip;
typedef struct ww_display ww_display;

#define WW_DISPLAY_MAX_W 4096
#define WW_DISPLAY_MAX_H 4096

/* ---- dirty pages ------------------------------------------------------------ */
/* One bit per 2^page_bits bytes of a memory; `all` means everything (a mode
 * or palette change the chip knows of). The chip owns it and marks; the
 * display reads and clears it at each update. */
typedef struct ww_dirty {
    uint64_t *bits;
    uint64_t npages;
    unsigned page_bits;
    bool all;
} ww_dirty;

void ww_dirty_init(ww_dirty *d, uint64_t size, unsigned page_bits);
void ww_dirty_free(ww_dirty *d);
static inline void ww_dirty_mark(ww_dirty *d, uint64_t off, uint64_t len)
{
    if (!len || !d->bits)
        return;
    uint64_t p = off >> d->page_bits, last = (off + len - 1) >> d->page_bits;
    if (last >= d->npages)
        last = d->npages - 1;
    for (; p <= last; p++)
        d->bits[p >> 6] |= 1ull << (p & 63);
}
static inline void ww_dirty_mark_all(ww_dirty *d) { d->all = true; }
/* Whether any byte of [off, off + len) is dirty (ranges past the end: no). */
bool ww_dirty_test(const ww_dirty *d, uint64_t off, uint64_t len);
bool ww_dirty_any(const ww_dirty *d);
void ww_dirty_clear(ww_dirty *d);

/* ---- what the chip publishes --------------------------------------------------- */
typedef enum {
    WW_DISPLAY_BLANK,
    WW_DISPLAY_PACKED,
    WW_DISPLAY_TEXT,
    WW_DISPLAY_LINES,
} ww_display_kind;

typedef enum {
    WW_PIXFMT_PAL8,      /* one byte: an index into palette[] */
    WW_PIXFMT_RGB555,    /* 16-bit little-endian x1r5g5b5 */
    WW_PIXFMT_RGB565,    /* 16-bit little-endian r5g6b5 */
    WW_PIXFMT_RGB888,    /* 3 bytes: blue, green, red */
    WW_PIXFMT_XRGB8888,  /* 32-bit little-endian, bits 31-24 ignored */
    WW_PIXFMT__COUNT
} ww_pixfmt;
unsigned ww_pixfmt_bits(ww_pixfmt f);
const char *ww_pixfmt_name(ww_pixfmt f);

/* Character cells. Addresses are byte offsets into mem, wrapped with
 * `wrap` (a power of two minus one, ≤ mem_size - 1): the character of cell
 * (row r, column c) is mem[(cell_base + r * row_pitch + c * cell_pitch) & wrap]
 * and its attribute sits attr_delta bytes after it; line l of glyph ch from
 * font map m is mem[(font_base[m] + ch * glyph_pitch + l * line_pitch) & wrap]
 * (bit 7 is the leftmost dot). Attribute bits (IBM PC): 3-0 foreground,
 * 6-4 background, 7 blink (when blink is on) or background intensity; bit 3
 * selects font map 1 (when font_base differ). */
typedef struct ww_display_text {
    unsigned cols, rows;
    unsigned cell_w;         /* 8 or 9 dots */
    unsigned cell_h;         /* scan lines per row, 1..32 */
    uint64_t cell_base;
    uint32_t row_pitch, cell_pitch, attr_delta;
    uint64_t font_base[2];
    uint32_t glyph_pitch, line_pitch;
    uint64_t wrap;
    uint32_t palette[16];    /* attribute colour index -> 0x00RRGGBB */
    bool line_graphics;      /* 9th dot of C0h-DFh repeats the 8th */
    bool blink;              /* attribute bit 7 blinks (else: bright background) */
    bool blink_on;           /* phase: blinking characters are shown */
    bool font_changed;       /* the chip saw font memory written since the last update
                                (the cells' pages share memory with the font on VGA) */
    bool underline;          /* monochrome: attribute x0000001 underlines */
    unsigned underline_line; /* scan line of the underline */
    bool cursor;             /* the cursor is enabled and in its visible phase */
    unsigned cursor_row, cursor_col, cursor_start, cursor_end;  /* scan lines */
    unsigned double_scan;    /* each scan line shown 1 or 2 times */
} ww_display_text;

/* A hardware cursor over the picture: w × h pixels 0xAARRGGBB where alpha
 * 0xff is opaque, 0 transparent and WW_CURSOR_INVERT inverts the screen
 * (XOR with the rgb bits, as the AND/XOR cursors of Windows do). x, y may lie
 * partly or wholly off the picture. */
#define WW_CURSOR_INVERT 0x01000000u
#define WW_CURSOR_MAX 64
typedef struct ww_display_cursor {
    bool on;
    int x, y;
    unsigned w, h;
    uint32_t pixels[WW_CURSOR_MAX * WW_CURSOR_MAX];
} ww_display_cursor;

typedef struct ww_display_mode {
    ww_display_kind kind;
    unsigned width, height;  /* picture size in pixels */
    /* PACKED and LINES */
    ww_pixfmt format;
    uint64_t base;
    uint32_t pitch;
    uint32_t line_bytes;     /* LINES: bytes a line depends on (0: width × bpp / 8) */
    /* memory the picture comes from (PACKED, TEXT; LINES for dirty tests) */
    const uint8_t *mem;
    uint64_t mem_size;
    ww_dirty *dirty;         /* pages of mem written since the last update (may be NULL: all) */
    const uint32_t *palette; /* PAL8: 256 × 0x00RRGGBB */
    ww_display_text text;    /* TEXT */
    const ww_display_cursor *cursor;  /* NULL: none */
    uint32_t refresh_mhz;    /* refresh in millihertz (information for the front end) */
} ww_display_mode;

typedef struct ww_display_ops {
    /* Fill *m with the current picture (zeroed by the caller). */
    void (*mode)(ww_chip *chip, ww_display_mode *m);
    /* LINES: draw line y (< height) as width XRGB8888 pixels. */
    void (*render_line)(ww_chip *chip, unsigned y, uint32_t *dst);
    /* Called once per update after the picture was read, so the chip may
     * re-arm write tracking (e.g. ww_window_collect_dirty). May be NULL. */
    void (*sync)(ww_chip *chip);
} ww_display_ops;

/* ---- the front end's side ------------------------------------------------------ */
ww_display *ww_display_new(void);
void ww_display_free(ww_display *d);
/* Called by the chip's backend `bound` callback (chip NULL: detach). */
void ww_display_attach(ww_display *d, const ww_display_ops *ops, ww_chip *chip);
bool ww_display_attached(const ww_display *d);

/* Bring the surface up to date with the chip: re-convert what changed.
 * Returns the number of lines converted (0 when nothing changed). */
unsigned ww_display_update(ww_display *d);
/* Force the next update to redraw everything. */
void ww_display_invalidate(ww_display *d);

/* The surface (XRGB8888, row pitch in bytes): valid until the next update.
 * Bits 31-24 are undefined (pixman fills them with ones for some formats). */
unsigned ww_display_width(const ww_display *d);
unsigned ww_display_height(const ww_display *d);
const uint32_t *ww_display_pixels(const ww_display *d, unsigned *pitch);
/* The mode the last update used (its pointers are the chip's). */
const ww_display_mode *ww_display_current(const ww_display *d);
/* The surface scaled to w × h (nearest neighbour when both are integer
 * multiples, else bilinear), into dst (w × h × 4 bytes, pitch w * 4). */
bool ww_display_scale(ww_display *d, unsigned w, unsigned h, uint32_t *dst);

/* Write the surface as an 8-bit RGB PNG (written to a temporary file, then
 * renamed: the file is whole or absent). */
bool ww_display_save_png(ww_display *d, const char *path, GError **err);
/* Any XRGB8888 buffer as a PNG (tests, the overlay later). */
bool ww_png_write_xrgb(const char *path, const uint32_t *px, unsigned w, unsigned h,
                       unsigned pitch, GError **err);
/* Read a PNG back as XRGB8888 (tests); g_free the result. */
uint32_t *ww_png_read_xrgb(const char *path, unsigned *w, unsigned *h, GError **err);

/* ---- conversion helpers (bench/display, tests) ------------------------------------ */
/* Convert `lines` lines of packed pixels to XRGB8888 (dst pitch in bytes). */
void ww_display_convert(ww_pixfmt f, const uint8_t *src, uint32_t src_pitch,
                        const uint32_t *palette, uint32_t *dst, unsigned dst_pitch,
                        unsigned width, unsigned lines);

#endif
