/* core/display.c — the display pipeline (core/display.h): pulls the chip's
 * picture, converts what changed into an XRGB8888 surface, renders text
 * cells with the guest's font, composites a hardware cursor, scales.
 *
 * Conversion: 16-, 24- and 32-bit pixels go through pixman (SRC composite
 * of a band of lines, which uses its SSE2 paths); PAL8 is a table look-up per
 * pixel (pixman has no fast path for indexed sources, only its generic fetch).
 * bench/display measures both against memcpy.
 * Lines are converted only when a page of memory they read is dirty, or
 * when something that changes every pixel changed (mode, palette, a cursor
 * over them). Guest-published numbers are clipped here as well as in the chip:
 * bytes outside `mem` read as black, sizes are capped, the cursor is clipped. */
#include "core/display.h"
#include "core/log.h"
#include <pixman.h>
#include <string.h>

/* ---- dirty maps ------------------------------------------------------------------ */

void ww_dirty_init(ww_dirty *d, uint64_t size, unsigned page_bits)
{
    d->page_bits = page_bits;
    d->npages = size ? ((size - 1) >> page_bits) + 1 : 0;
    d->bits = d->npages ? g_new0(uint64_t, (d->npages + 63) / 64) : NULL;
    d->all = true;
}

void ww_dirty_free(ww_dirty *d)
{
    g_free(d->bits);
    d->bits = NULL;
    d->npages = 0;
}

bool ww_dirty_test(const ww_dirty *d, uint64_t off, uint64_t len)
{
    if (d->all)
        return true;
    if (!len || !d->bits)
        return false;
    uint64_t p = off >> d->page_bits;
    uint64_t last = (off + len - 1) >> d->page_bits;
    if (off + len - 1 < off)
        last = d->npages - 1;
    if (p >= d->npages)
        return false;
    if (last >= d->npages)
        last = d->npages - 1;
    for (; p <= last; p++) {
        uint64_t w = d->bits[p >> 6];
        if (!w) {
            p |= 63;        /* skip the rest of an empty word */
            continue;
        }
        if (w >> (p & 63) & 1)
            return true;
    }
    return false;
}

bool ww_dirty_any(const ww_dirty *d)
{
    if (d->all)
        return true;
    for (uint64_t i = 0; i < (d->npages + 63) / 64; i++)
        if (d->bits[i])
            return true;
    return false;
}

void ww_dirty_clear(ww_dirty *d)
{
    if (d->bits)
        memset(d->bits, 0, (d->npages + 63) / 64 * sizeof *d->bits);
    d->all = false;
}

/* ---- formats -------------------------------------------------------------------- */

unsigned ww_pixfmt_bits(ww_pixfmt f)
{
    switch (f) {
    case WW_PIXFMT_PAL8:     return 8;
    case WW_PIXFMT_RGB555:
    case WW_PIXFMT_RGB565:   return 16;
    case WW_PIXFMT_RGB888:   return 24;
    case WW_PIXFMT_XRGB8888: return 32;
    default:                 return 8;
    }
}

const char *ww_pixfmt_name(ww_pixfmt f)
{
    static const char *const n[WW_PIXFMT__COUNT] = {
        [WW_PIXFMT_PAL8] = "pal8", [WW_PIXFMT_RGB555] = "rgb555",
        [WW_PIXFMT_RGB565] = "rgb565", [WW_PIXFMT_RGB888] = "rgb888",
        [WW_PIXFMT_XRGB8888] = "xrgb8888",
    };
    return f < WW_PIXFMT__COUNT ? n[f] : "?";
}

static pixman_format_code_t pixman_fmt(ww_pixfmt f)
{
    switch (f) {
    case WW_PIXFMT_RGB555:   return PIXMAN_x1r5g5b5;
    case WW_PIXFMT_RGB565:   return PIXMAN_r5g6b5;
    case WW_PIXFMT_RGB888:   return PIXMAN_r8g8b8;
    case WW_PIXFMT_XRGB8888: return PIXMAN_x8r8g8b8;
    default:                 return 0;
    }
}

/* 16-bit formats expanded the way pixman expands them (replicating the high
 * bits), for the unaligned fallback below. */
static inline uint32_t expand555(uint16_t v)
{
    uint32_t r = (v >> 10) & 31, g = (v >> 5) & 31, b = v & 31;
    return (r << 3 | r >> 2) << 16 | (g << 3 | g >> 2) << 8 | (b << 3 | b >> 2);
}

static inline uint32_t expand565(uint16_t v)
{
    uint32_t r = (v >> 11) & 31, g = (v >> 5) & 63, b = v & 31;
    return (r << 3 | r >> 2) << 16 | (g << 2 | g >> 4) << 8 | (b << 3 | b >> 2);
}

static void convert_slow(ww_pixfmt f, const uint8_t *s, const uint32_t *pal, uint32_t *d,
                         unsigned width)
{
    for (unsigned x = 0; x < width; x++) {
        switch (f) {
        case WW_PIXFMT_PAL8:     d[x] = pal ? pal[s[x]] & 0xffffff : 0; break;
        case WW_PIXFMT_RGB555:   d[x] = expand555((uint16_t)(s[2 * x] | s[2 * x + 1] << 8)); break;
        case WW_PIXFMT_RGB565:   d[x] = expand565((uint16_t)(s[2 * x] | s[2 * x + 1] << 8)); break;
        case WW_PIXFMT_RGB888:   d[x] = (uint32_t)s[3 * x] | s[3 * x + 1] << 8 |
                                        (uint32_t)s[3 * x + 2] << 16; break;
        default:                 d[x] = ((uint32_t)s[4 * x] | s[4 * x + 1] << 8 |
                                         (uint32_t)s[4 * x + 2] << 16); break;
        }
    }
}

void ww_display_convert(ww_pixfmt f, const uint8_t *src, uint32_t src_pitch,
                        const uint32_t *palette, uint32_t *dst, unsigned dst_pitch,
                        unsigned width, unsigned lines)
{
    if (!width || !lines)
        return;
    if (f == WW_PIXFMT_PAL8) {
        uint32_t pal[256];
        for (unsigned i = 0; i < 256; i++)
            pal[i] = palette ? palette[i] & 0xffffff : 0;
        for (unsigned y = 0; y < lines; y++) {
            const uint8_t *s = src + (size_t)y * src_pitch;
            uint32_t *d = (uint32_t *)((uint8_t *)dst + (size_t)y * dst_pitch);
            for (unsigned x = 0; x < width; x++)
                d[x] = pal[s[x]];
        }
        return;
    }
    pixman_format_code_t pf = pixman_fmt(f);
    bool aligned = pf && !((uintptr_t)src & 3) && !(src_pitch & 3) && !(dst_pitch & 3);
    if (aligned) {
        pixman_image_t *si = pixman_image_create_bits(pf, (int)width, (int)lines,
                                                      (uint32_t *)(uintptr_t)src, (int)src_pitch);
        pixman_image_t *di = pixman_image_create_bits(PIXMAN_x8r8g8b8, (int)width, (int)lines,
                                                      dst, (int)dst_pitch);
        if (si && di)
            pixman_image_composite32(PIXMAN_OP_SRC, si, NULL, di, 0, 0, 0, 0, 0, 0,
                                     (int)width, (int)lines);
        if (si)
            pixman_image_unref(si);
        if (di)
            pixman_image_unref(di);
        if (si && di)
            return;
    }
    for (unsigned y = 0; y < lines; y++)
        convert_slow(f, src + (size_t)y * src_pitch, palette,
                     (uint32_t *)((uint8_t *)dst + (size_t)y * dst_pitch), width);
}

/* ---- the display ----------------------------------------------------------------- */

struct ww_display {
    const ww_display_ops *ops;
    ww_chip *chip;
    uint32_t *px;              /* surface, w × h, pitch w * 4 */
    unsigned w, h;
    ww_display_mode cur;       /* the mode of the last update */
    bool have_cur, invalid;
    uint32_t pal[256];         /* PAL8 palette of the last update */
    uint32_t text_pal[16];
    bool text_blink_on;
    unsigned text_cur_row, text_cur_col, text_cur_start, text_cur_end;
    bool text_cur_on;
    /* the cursor as drawn by the last update */
    bool cur_drawn;
    int cur_x, cur_y;
    unsigned cur_w, cur_h;
    uint32_t cur_px[WW_CURSOR_MAX * WW_CURSOR_MAX];
    uint8_t *redraw;           /* per line, scratch */
    uint32_t *line;            /* scratch line for LINES */
};

ww_display *ww_display_new(void)
{
    ww_display *d = g_new0(ww_display, 1);
    d->invalid = true;
    return d;
}

void ww_display_free(ww_display *d)
{
    if (!d)
        return;
    g_free(d->px);
    g_free(d->redraw);
    g_free(d->line);
    g_free(d);
}

void ww_display_attach(ww_display *d, const ww_display_ops *ops, ww_chip *chip)
{
    d->ops = chip ? ops : NULL;
    d->chip = chip;
    d->invalid = true;
    d->have_cur = false;
}

bool ww_display_attached(const ww_display *d) { return d && d->ops && d->chip; }
void ww_display_invalidate(ww_display *d) { d->invalid = true; }
unsigned ww_display_width(const ww_display *d) { return d->w; }
unsigned ww_display_height(const ww_display *d) { return d->h; }
const ww_display_mode *ww_display_current(const ww_display *d) { return d->have_cur ? &d->cur : NULL; }

const uint32_t *ww_display_pixels(const ww_display *d, unsigned *pitch)
{
    if (pitch)
        *pitch = d->w * 4;
    return d->px;
}

static void resize(ww_display *d, unsigned w, unsigned h)
{
    if (d->w == w && d->h == h && d->px)
        return;
    g_free(d->px);
    g_free(d->redraw);
    g_free(d->line);
    d->w = w;
    d->h = h;
    d->px = g_new0(uint32_t, (size_t)w * h);
    d->redraw = g_new0(uint8_t, h);
    d->line = g_new0(uint32_t, w);
    d->invalid = true;
    d->cur_drawn = false;
}

/* Bytes [off, off + len) of mem as far as they exist: how many can be read. */
static uint64_t avail(const ww_display_mode *m, uint64_t off, uint64_t len)
{
    if (!m->mem || off >= m->mem_size)
        return 0;
    return MIN(len, m->mem_size - off);
}

static bool same_geometry(const ww_display_mode *a, const ww_display_mode *b)
{
    if (a->kind != b->kind || a->width != b->width || a->height != b->height ||
        a->mem != b->mem || a->mem_size != b->mem_size)
        return false;
    switch (a->kind) {
    case WW_DISPLAY_PACKED:
    case WW_DISPLAY_LINES:
        return a->format == b->format && a->base == b->base && a->pitch == b->pitch &&
               a->line_bytes == b->line_bytes;
    case WW_DISPLAY_TEXT: {
        const ww_display_text *x = &a->text, *y = &b->text;
        return x->cols == y->cols && x->rows == y->rows && x->cell_w == y->cell_w &&
               x->cell_h == y->cell_h && x->cell_base == y->cell_base &&
               x->row_pitch == y->row_pitch && x->cell_pitch == y->cell_pitch &&
               x->attr_delta == y->attr_delta && x->font_base[0] == y->font_base[0] &&
               x->font_base[1] == y->font_base[1] && x->glyph_pitch == y->glyph_pitch &&
               x->line_pitch == y->line_pitch && x->wrap == y->wrap &&
               x->line_graphics == y->line_graphics && x->blink == y->blink &&
               x->underline == y->underline && x->underline_line == y->underline_line &&
               x->double_scan == y->double_scan;
    }
    default:
        return true;
    }
}

static void fill_black(uint32_t *p, size_t n)
{
    memset(p, 0, n * sizeof *p);
}

/* Convert picture lines y0..y1-1 of a PACKED mode. */
static void draw_packed(ww_display *d, const ww_display_mode *m, unsigned y0, unsigned y1)
{
    unsigned bpp = ww_pixfmt_bits(m->format);
    uint64_t lb = (uint64_t)m->width * bpp / 8;
    /* The band [y0, y1) in one call while every line is whole in memory. */
    while (y0 < y1) {
        uint64_t off = m->base + (uint64_t)y0 * m->pitch;
        uint32_t *dst = d->px + (size_t)y0 * d->w;
        uint64_t got = off >= m->base ? avail(m, off, lb) : 0;
        if (got < lb) {         /* partly or wholly outside memory: what exists, then black */
            fill_black(dst, d->w);
            unsigned px = (unsigned)(got * 8 / bpp);
            if (px)
                ww_display_convert(m->format, m->mem + off, m->pitch, m->palette, dst,
                                   d->w * 4, px, 1);
            y0++;
            continue;
        }
        unsigned n = 1;
        while (y0 + n < y1) {
            uint64_t o = m->base + (uint64_t)(y0 + n) * m->pitch;
            if (avail(m, o, lb) < lb)
                break;
            n++;
        }
        ww_display_convert(m->format, m->mem + off, m->pitch, m->palette, dst, d->w * 4,
                           m->width, n);
        y0 += n;
    }
}

static inline uint8_t text_byte(const ww_display_mode *m, uint64_t a)
{
    a &= m->text.wrap;
    return a < m->mem_size ? m->mem[a] : 0;
}

/* Render picture line y of a TEXT mode. */
static void draw_text_line(ww_display *d, const ww_display_mode *m, unsigned y)
{
    const ww_display_text *t = &m->text;
    uint32_t *dst = d->px + (size_t)y * d->w;
    unsigned ds = t->double_scan ? t->double_scan : 1;
    unsigned sl = y / ds;
    unsigned r = sl / t->cell_h, l = sl % t->cell_h;
    if (r >= t->rows) {
        fill_black(dst, d->w);
        return;
    }
    unsigned x = 0;
    for (unsigned c = 0; c < t->cols && x + t->cell_w <= d->w; c++) {
        uint64_t a = t->cell_base + (uint64_t)r * t->row_pitch + (uint64_t)c * t->cell_pitch;
        uint8_t ch = text_byte(m, a), attr = text_byte(m, a + t->attr_delta);
        unsigned fgi = attr & 15, bgi = (attr >> 4) & (t->blink ? 7 : 15);
        if (t->blink && (attr & 0x80) && !t->blink_on)
            fgi = bgi;
        uint32_t fg = t->palette[fgi] & 0xffffff, bg = t->palette[bgi] & 0xffffff;
        unsigned map = (attr >> 3) & 1;
        unsigned bits = text_byte(m, t->font_base[map] + (uint64_t)ch * t->glyph_pitch +
                                     (uint64_t)l * t->line_pitch);
        bits <<= 1;   /* dot 8 (the ninth) in bit 0 */
        if (t->cell_w == 9 && t->line_graphics && ch >= 0xc0 && ch <= 0xdf)
            bits |= (bits >> 1) & 1;
        if (t->underline && (attr & 0x77) == 0x01 && l == t->underline_line)
            bits = 0x1ff;
        if (t->cursor && r == t->cursor_row && c == t->cursor_col && l >= t->cursor_start &&
            l <= t->cursor_end)
            bits = 0x1ff;
        for (unsigned k = 0; k < t->cell_w; k++)
            dst[x + k] = (bits >> (8 - k)) & 1 ? fg : bg;
        x += t->cell_w;
    }
    if (x < d->w)
        fill_black(dst + x, d->w - x);
}

static void cursor_rows(const ww_display *d, int y, unsigned h, unsigned *y0, unsigned *y1)
{
    int a = MAX(y, 0), b = MIN(y + (int)h, (int)d->h);
    *y0 = a < b ? (unsigned)a : 0;
    *y1 = a < b ? (unsigned)b : 0;
}

static void composite_cursor(ww_display *d, const ww_display_cursor *c)
{
    for (unsigned j = 0; j < c->h; j++) {
        int y = c->y + (int)j;
        if (y < 0 || y >= (int)d->h)
            continue;
        uint32_t *row = d->px + (size_t)y * d->w;
        for (unsigned i = 0; i < c->w; i++) {
            int x = c->x + (int)i;
            if (x < 0 || x >= (int)d->w)
                continue;
            uint32_t p = c->pixels[j * c->w + i];
            uint32_t a = p & 0xff000000u;
            if (a == 0xff000000u)
                row[x] = p & 0xffffff;
            else if (a == WW_CURSOR_INVERT)
                row[x] ^= p & 0xffffff;
        }
    }
}

unsigned ww_display_update(ww_display *d)
{
    ww_display_mode m = { 0 };
    if (d->ops && d->ops->mode)
        d->ops->mode(d->chip, &m);
    else
        m.kind = WW_DISPLAY_BLANK;
    /* Sizes first: everything below indexes the surface with them. */
    if (m.kind == WW_DISPLAY_TEXT) {
        ww_display_text *t = &m.text;
        t->cell_w = t->cell_w == 9 ? 9 : 8;
        t->cell_h = CLAMP(t->cell_h, 1u, 32u);
        t->double_scan = CLAMP(t->double_scan, 1u, 2u);
        t->cols = MIN(t->cols, WW_DISPLAY_MAX_W / t->cell_w);
        t->rows = MIN(t->rows, WW_DISPLAY_MAX_H / (t->cell_h * t->double_scan));
        if (!m.width || !m.height) {
            m.width = t->cols * t->cell_w;
            m.height = t->rows * t->cell_h * t->double_scan;
        }
        if (!m.mem || !m.mem_size)
            m.kind = WW_DISPLAY_BLANK;
        else if (t->wrap > m.mem_size - 1)
            t->wrap = m.mem_size - 1;
    }
    if ((m.kind == WW_DISPLAY_PACKED || m.kind == WW_DISPLAY_LINES) &&
        (m.format >= WW_PIXFMT__COUNT || (m.kind == WW_DISPLAY_PACKED && !m.mem)))
        m.kind = WW_DISPLAY_BLANK;
    if (m.kind == WW_DISPLAY_LINES && !(d->ops && d->ops->render_line))
        m.kind = WW_DISPLAY_BLANK;
    m.width = MIN(m.width, WW_DISPLAY_MAX_W);
    m.height = MIN(m.height, WW_DISPLAY_MAX_H);
    if (!m.width || !m.height) {
        m.kind = WW_DISPLAY_BLANK;
        m.width = d->w ? d->w : 640;
        m.height = d->h ? d->h : 480;
    }
    resize(d, m.width, m.height);

    bool full = d->invalid || !d->have_cur || !same_geometry(&m, &d->cur) || !m.dirty ||
                m.dirty->all;
    if (m.kind == WW_DISPLAY_PACKED && m.format == WW_PIXFMT_PAL8) {
        uint32_t pal[256];
        for (unsigned i = 0; i < 256; i++)
            pal[i] = m.palette ? m.palette[i] & 0xffffff : 0;
        if (memcmp(pal, d->pal, sizeof pal)) {
            memcpy(d->pal, pal, sizeof pal);
            full = true;
        }
    }
    memset(d->redraw, 0, d->h);
    switch (m.kind) {
    case WW_DISPLAY_BLANK:
        if (full)
            memset(d->redraw, 1, d->h);
        break;
    case WW_DISPLAY_PACKED:
    case WW_DISPLAY_LINES: {
        uint64_t lb = m.line_bytes ? m.line_bytes
                                   : (uint64_t)m.width * ww_pixfmt_bits(m.format) / 8;
        for (unsigned y = 0; y < d->h; y++)
            d->redraw[y] = full || ww_dirty_test(m.dirty, m.base + (uint64_t)y * m.pitch, lb);
        break;
    }
    case WW_DISPLAY_TEXT: {
        ww_display_text *t = &m.text;
        for (unsigned i = 0; i < 16; i++)
            t->palette[i] &= 0xffffff;
        bool all = full || t->font_changed || memcmp(t->palette, d->text_pal, sizeof d->text_pal) ||
                   t->blink_on != d->text_blink_on;
        memcpy(d->text_pal, t->palette, sizeof d->text_pal);
        d->text_blink_on = t->blink_on;
        unsigned rowh = t->cell_h * t->double_scan;
        for (unsigned r = 0; r <= t->rows && r * rowh < d->h; r++) {
            if (r == t->rows) {     /* below the last row: black, drawn with everything */
                if (all)
                    memset(d->redraw + r * rowh, 1, d->h - r * rowh);
                break;
            }
            bool dirty = all;
            if (!dirty) {
                uint64_t a = t->cell_base + (uint64_t)r * t->row_pitch;
                uint64_t len = (uint64_t)t->cols * t->cell_pitch + t->attr_delta + 1;
                uint64_t lo = a & t->wrap;
                dirty = lo + len - 1 > t->wrap || ww_dirty_test(m.dirty, lo, len);
            }
            bool cur_now = t->cursor && t->cursor_row == r;
            bool cur_before = d->text_cur_on && d->text_cur_row == r;
            bool moved = t->cursor_col != d->text_cur_col || t->cursor_start != d->text_cur_start ||
                         t->cursor_end != d->text_cur_end;
            if (cur_now != cur_before || (cur_now && moved))
                dirty = true;
            if (dirty)
                memset(d->redraw + r * rowh, 1, MIN(rowh, d->h - r * rowh));
        }
        d->text_cur_on = t->cursor;
        d->text_cur_row = t->cursor_row;
        d->text_cur_col = t->cursor_col;
        d->text_cur_start = t->cursor_start;
        d->text_cur_end = t->cursor_end;
        break;
    }
    }
    /* The hardware cursor: lines it covered and covers are redrawn whenever it
     * moved, changed, or anything under it is redrawn. */
    const ww_display_cursor *c = m.cursor && m.cursor->on ? m.cursor : NULL;
    unsigned cw = c ? MIN(c->w, (unsigned)WW_CURSOR_MAX) : 0, ch = c ? MIN(c->h, (unsigned)WW_CURSOR_MAX) : 0;
    unsigned oy0 = 0, oy1 = 0, ny0 = 0, ny1 = 0;
    if (d->cur_drawn)
        cursor_rows(d, d->cur_y, d->cur_h, &oy0, &oy1);
    if (c)
        cursor_rows(d, c->y, ch, &ny0, &ny1);
    bool cur_changed = !c != !d->cur_drawn ||
                       (c && (c->x != d->cur_x || c->y != d->cur_y || cw != d->cur_w ||
                              ch != d->cur_h ||
                              memcmp(c->pixels, d->cur_px, (size_t)cw * ch * 4)));
    bool under = false;
    for (unsigned y = ny0; y < ny1 && !under; y++)
        under = d->redraw[y];
    if (cur_changed || under) {
        memset(d->redraw + oy0, 1, oy1 - oy0);
        memset(d->redraw + ny0, 1, ny1 - ny0);
    }

    unsigned n = 0;
    for (unsigned y = 0; y < d->h;) {
        if (!d->redraw[y]) {
            y++;
            continue;
        }
        unsigned e = y + 1;
        while (e < d->h && d->redraw[e])
            e++;
        switch (m.kind) {
        case WW_DISPLAY_BLANK:
            fill_black(d->px + (size_t)y * d->w, (size_t)(e - y) * d->w);
            break;
        case WW_DISPLAY_PACKED:
            draw_packed(d, &m, y, e);
            break;
        case WW_DISPLAY_TEXT:
            for (unsigned k = y; k < e; k++)
                draw_text_line(d, &m, k);
            break;
        case WW_DISPLAY_LINES:
            for (unsigned k = y; k < e; k++) {
                fill_black(d->line, d->w);
                d->ops->render_line(d->chip, k, d->line);
                memcpy(d->px + (size_t)k * d->w, d->line, (size_t)d->w * 4);
            }
            break;
        }
        n += e - y;
        y = e;
    }
    if (c) {
        ww_display_cursor cc = *c;
        cc.w = cw;
        cc.h = ch;
        if (cur_changed || under)
            composite_cursor(d, &cc);
        d->cur_x = c->x;
        d->cur_y = c->y;
        d->cur_w = cw;
        d->cur_h = ch;
        memcpy(d->cur_px, c->pixels, (size_t)cw * ch * 4);
    }
    d->cur_drawn = c != NULL;
    if (m.dirty)
        ww_dirty_clear(m.dirty);
    if (d->ops && d->ops->sync)
        d->ops->sync(d->chip);
    d->cur = m;
    d->cur.cursor = NULL;
    d->have_cur = true;
    d->invalid = false;
    return n;
}

bool ww_display_scale(ww_display *d, unsigned w, unsigned h, uint32_t *dst)
{
    if (!d->px || !w || !h)
        return false;
    pixman_image_t *src = pixman_image_create_bits(PIXMAN_x8r8g8b8, (int)d->w, (int)d->h,
                                                   d->px, (int)d->w * 4);
    pixman_image_t *out = pixman_image_create_bits(PIXMAN_x8r8g8b8, (int)w, (int)h, dst,
                                                   (int)w * 4);
    if (!src || !out) {
        if (src)
            pixman_image_unref(src);
        if (out)
            pixman_image_unref(out);
        return false;
    }
    pixman_transform_t t;
    pixman_transform_init_scale(&t, pixman_double_to_fixed((double)d->w / w),
                                pixman_double_to_fixed((double)d->h / h));
    pixman_image_set_transform(src, &t);
    bool integer = w % d->w == 0 && h % d->h == 0;
    pixman_image_set_filter(src, integer ? PIXMAN_FILTER_NEAREST : PIXMAN_FILTER_BILINEAR,
                            NULL, 0);
    pixman_image_set_repeat(src, PIXMAN_REPEAT_PAD);
    pixman_image_composite32(PIXMAN_OP_SRC, src, NULL, out, 0, 0, 0, 0, 0, 0, (int)w, (int)h);
    pixman_image_unref(src);
    pixman_image_unref(out);
    return true;
}

bool ww_display_save_png(ww_display *d, const char *path, GError **err)
{
    if (!d->px) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "%s: the display has no picture yet", path);
        return false;
    }
    return ww_png_write_xrgb(path, d->px, d->w, d->h, d->w * 4, err);
}
