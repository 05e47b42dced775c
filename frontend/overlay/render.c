/* frontend/overlay/render.c — layout and drawing of the overlay (render.h).
 *
 *  +----------+--------------+----------------+
 *  | chips    | registers    | cpu            |
 *  |          |              +----------------+
 *  |          |              | disassembly    |
 *  +----------+              +----------------+
 *  | breaks   |              | memory         |
 *  +----------+--------------+----------------+
 *  | timeline                                 |
 *  +------------------------------------------+
 *  | keys / prompt / message                  |
 */
#include "frontend/overlay/render.h"
#include "frontend/overlay/font.h"
#include <string.h>

struct ww_ov_renderer {
    ww_font *font;
    unsigned font_h;      /* the cell height it was opened for */
};

/* Colours (0xAARRGGBB); panels are opaque. */
enum {
    C_PANEL = 0xff0e141c, C_TITLE = 0xff1e2a3a, C_TITLE_FOCUS = 0xff2c4a78,
    C_SEL = 0xff1f2d40, C_SEL_FOCUS = 0xff2a4060, C_BORDER = 0xff33465e,
    C_BORDER_FOCUS = 0xff6a9ad8, C_STATUS = 0xff1a2230,
};
static const uint32_t style_rgb[] = {
    [WW_OV_TEXT] = 0xd8dce2, [WW_OV_DIM] = 0x8792a4, [WW_OV_HEAD] = 0xf0c060,
    [WW_OV_VALUE] = 0x9ad8ff, [WW_OV_CHANGED] = 0xff8a60, [WW_OV_ACCENT] = 0x8cf08c,
    [WW_OV_WARN] = 0xff6060,
};

unsigned ww_ov_cell_height(unsigned h)
{
    return CLAMP(h / 46, 10u, 20u);
}

static ww_ov_rect rect(int x, int y, int w, int h) { return (ww_ov_rect){ x, y, MAX(w, 0), MAX(h, 0) }; }

void ww_ov_layout_compute(unsigned w, unsigned h, unsigned cw, unsigned ch, ww_ov_layout *L)
{
    memset(L, 0, sizeof *L);
    L->cell_w = cw;
    L->cell_h = ch;
    int g = (int)MAX(2u, ch / 3);                 /* gap: the guest shows through */
    int sh = (int)ch + 4;                         /* status bar */
    if (!cw || !ch || w < WW_OV_MIN_COLS * cw || h < WW_OV_MIN_ROWS * ch) {
        L->too_small = true;
        if (h >= (unsigned)sh && w >= 8 * cw)
            L->status = rect(0, (int)h - sh, (int)w, sh);
        return;
    }
    L->status = rect(g, (int)h - sh - g, (int)w - 2 * g, sh);
    int top = g, bottom = L->status.y - g;        /* the panels' area */
    int tl_h = (bottom - top) * 28 / 100;
    int main_h = bottom - top - tl_h - g;
    int x0 = g, W = (int)w - 2 * g;
    int c1 = W * 26 / 100, c2 = W * 34 / 100, c3 = W - c1 - c2 - 2 * g;
    int x1 = x0 + c1 + g, x2 = x1 + c2 + g;
    int chips_h = main_h * 62 / 100;
    L->panel[WW_OV_CHIPS] = rect(x0, top, c1, chips_h);
    L->panel[WW_OV_BREAKPOINTS] = rect(x0, top + chips_h + g, c1, main_h - chips_h - g);
    L->panel[WW_OV_REGISTERS] = rect(x1, top, c2, main_h);
    int cpu_h = main_h * 34 / 100, dis_h = main_h * 36 / 100;
    L->panel[WW_OV_CPU] = rect(x2, top, c3, cpu_h);
    L->panel[WW_OV_DISASM] = rect(x2, top + cpu_h + g, c3, dis_h);
    L->panel[WW_OV_MEMORY] = rect(x2, top + cpu_h + dis_h + 2 * g, c3, main_h - cpu_h - dis_h - 2 * g);
    L->panel[WW_OV_TIMELINE] = rect(x0, top + main_h + g, W, tl_h);
}

static bool in_rect(const ww_ov_rect *r, int x, int y)
{
    return x >= r->x && y >= r->y && x < r->x + r->w && y < r->y + r->h;
}

bool ww_ov_layout_covers(const ww_ov_layout *l, int x, int y)
{
    if (in_rect(&l->status, x, y))
        return true;
    for (unsigned i = 0; i < WW_OV_NPANELS; i++)
        if (in_rect(&l->panel[i], x, y))
            return true;
    return false;
}

ww_ov_renderer *ww_ov_renderer_new(void) { return g_new0(ww_ov_renderer, 1); }

void ww_ov_renderer_free(ww_ov_renderer *r)
{
    if (!r)
        return;
    ww_font_free(r->font);
    g_free(r);
}

/* ---- drawing ------------------------------------------------------------------------------- */

typedef struct {
    uint32_t *px;
    unsigned w, h, stride;   /* stride in pixels */
    ww_font *font;
} canvas;

static void fill(canvas *c, ww_ov_rect r, uint32_t argb)
{
    int x0 = MAX(r.x, 0), y0 = MAX(r.y, 0);
    int x1 = MIN(r.x + r.w, (int)c->w), y1 = MIN(r.y + r.h, (int)c->h);
    for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++)
            c->px[(size_t)y * c->stride + (size_t)x] = argb;
}

static void frame(canvas *c, ww_ov_rect r, uint32_t argb)
{
    fill(c, rect(r.x, r.y, r.w, 1), argb);
    fill(c, rect(r.x, r.y + r.h - 1, r.w, 1), argb);
    fill(c, rect(r.x, r.y, 1, r.h), argb);
    fill(c, rect(r.x + r.w - 1, r.y, 1, r.h), argb);
}

/* One glyph at (x, y), blended over what is there (the panels are opaque). */
static void glyph(canvas *c, int x, int y, uint32_t cp, uint32_t rgb, const ww_ov_rect *clip)
{
    const uint8_t *m = ww_font_glyph(c->font, cp);
    unsigned cw = ww_font_cell_w(c->font), ch = ww_font_cell_h(c->font);
    for (unsigned gy = 0; gy < ch; gy++) {
        int py = y + (int)gy;
        if (py < clip->y || py >= clip->y + clip->h || py < 0 || py >= (int)c->h)
            continue;
        for (unsigned gx = 0; gx < cw; gx++) {
            int px = x + (int)gx;
            unsigned a = m[gy * cw + gx];
            if (!a || px < clip->x || px >= clip->x + clip->w || px < 0 || px >= (int)c->w)
                continue;
            uint32_t *d = &c->px[(size_t)py * c->stride + (size_t)px];
            uint32_t o = 0;
            for (int sh = 0; sh < 24; sh += 8) {
                unsigned dv = (*d >> sh) & 0xff, sv = (rgb >> sh) & 0xff;
                o |= ((dv * (255 - a) + sv * a + 127) / 255) << sh;
            }
            *d = (*d & 0xff000000u) | o;
        }
    }
}

/* Text from column col of a row; returns the column after it. Clipped to clip. */
static unsigned text(canvas *c, int x, int y, unsigned col, const char *s, uint32_t rgb,
                     const ww_ov_rect *clip)
{
    unsigned cw = ww_font_cell_w(c->font);
    for (const char *p = s; p && *p; p = g_utf8_next_char(p)) {
        gunichar u = g_utf8_get_char_validated(p, -1);
        if (u == (gunichar)-1 || u == (gunichar)-2)
            break;
        if ((int)(x + (int)(col * cw)) >= clip->x + clip->w)
            break;
        glyph(c, x + (int)(col * cw), y, u, rgb, clip);
        col++;
    }
    return col;
}

static void draw_line(canvas *c, const ww_ov_line *l, int x, int y, const ww_ov_rect *clip)
{
    unsigned col = l->indent * 2;
    for (guint i = 0; i < l->cells->len; i++) {
        const ww_ov_cell *cell = l->cells->pdata[i];
        if (i)
            col++;
        unsigned start = col;
        col = text(c, x, y, col, cell->text, style_rgb[cell->style], clip);
        if (col < start + cell->width)
            col = start + cell->width;
    }
}

static void draw_panel(canvas *c, const ww_ov_panel *p, ww_ov_rect r, bool focus)
{
    unsigned ch = ww_font_cell_h(c->font);
    fill(c, r, C_PANEL);
    ww_ov_rect title = rect(r.x, r.y, r.w, (int)ch + 2);
    fill(c, title, focus ? C_TITLE_FOCUS : C_TITLE);
    frame(c, r, focus ? C_BORDER_FOCUS : C_BORDER);
    ww_ov_rect inner = rect(r.x + 3, r.y + 1, r.w - 6, r.h - 2);
    text(c, r.x + 4, r.y + 1, 0, p->title, style_rgb[WW_OV_HEAD], &inner);
    int top = r.y + (int)ch + 3;
    unsigned rows = r.h > (int)ch + 5 ? (unsigned)(r.h - (int)ch - 5) / ch : 0;
    if (!rows)
        return;
    /* Keep the selection in view, a third of the rows from the bottom. */
    unsigned first = 0, n = p->lines->len;
    if (p->selected >= 0 && (unsigned)p->selected >= rows - rows / 3 && n > rows)
        first = MIN((unsigned)p->selected - (rows - rows / 3) + 1, n - rows);
    ww_ov_rect body = rect(r.x + 3, top, r.w - 6, (int)(rows * ch));
    for (unsigned i = 0; i < rows && first + i < n; i++) {
        int y = top + (int)(i * ch);
        if ((int)(first + i) == p->selected)
            fill(c, rect(r.x + 1, y, r.w - 2, (int)ch), focus ? C_SEL_FOCUS : C_SEL);
        draw_line(c, p->lines->pdata[first + i], r.x + 4, y, &body);
    }
}

static bool ensure_font(ww_ov_renderer *r, unsigned h, GError **err)
{
    unsigned want = ww_ov_cell_height(h);
    if (r->font && r->font_h == want)
        return true;
    ww_font *f = ww_font_open(ww_font_path(), want, err);
    if (!f)
        return false;
    ww_font_free(r->font);
    r->font = f;
    r->font_h = want;
    return true;
}

bool ww_ov_render(ww_ov_renderer *r, ww_overlay *ov, uint32_t *argb, unsigned w, unsigned h,
                  unsigned pitch, ww_ov_layout *layout, GError **err)
{
    ww_ov_layout L;
    canvas c = { argb, w, h, pitch / 4, NULL };
    fill(&c, rect(0, 0, (int)w, (int)h), 0);      /* transparent: the guest shows */
    if (!ensure_font(r, h, err))
        return false;
    c.font = r->font;
    unsigned cw = ww_font_cell_w(r->font), ch = ww_font_cell_h(r->font);
    ww_ov_layout_compute(w, h, cw, ch, &L);
    if (layout)
        *layout = L;
    if (L.too_small) {
        fill(&c, L.status, C_STATUS);
        text(&c, L.status.x + 2, L.status.y + 2, 0, "window too small for the overlay (F12 closes)",
             style_rgb[WW_OV_WARN], &L.status);
        return true;
    }
    /* Tell the model how much fits; rebuild it when that changed. */
    bool changed = false;
    for (unsigned i = 0; i < WW_OV_NPANELS; i++) {
        unsigned cols = (unsigned)MAX(L.panel[i].w - 8, 0) / cw;
        unsigned rows = L.panel[i].h > (int)ch + 5 ? (unsigned)(L.panel[i].h - (int)ch - 5) / ch : 0;
        unsigned oc, orows;
        ww_overlay_panel_size(ov, (ww_ov_panel_id)i, &oc, &orows);
        if (oc != cols || orows != rows) {
            ww_overlay_set_panel_size(ov, (ww_ov_panel_id)i, cols, rows);
            changed = true;
        }
    }
    if (changed)
        ww_overlay_refresh(ov);
    ww_ov_model *m = ww_overlay_model(ov);
    for (unsigned i = 0; i < WW_OV_NPANELS; i++)
        draw_panel(&c, &m->panels[i], L.panel[i], ww_overlay_focused(ov) == i);
    fill(&c, L.status, C_STATUS);
    frame(&c, L.status, C_BORDER);
    ww_ov_rect inner = rect(L.status.x + 2, L.status.y, L.status.w - 4, L.status.h);
    unsigned col = 0;
    if (m->message) {
        /* the first line of the last answer, then the keys */
        char *first = g_strndup(m->message, strcspn(m->message, "\n"));
        col = text(&c, L.status.x + 4, L.status.y + 2, 0, first, style_rgb[WW_OV_VALUE], &inner) + 3;
        g_free(first);
    }
    text(&c, L.status.x + 4, L.status.y + 2, col, m->status, style_rgb[WW_OV_DIM], &inner);
    return true;
}

void ww_ov_compose(uint32_t *xrgb, unsigned xpitch, const uint32_t *argb, unsigned apitch,
                   unsigned w, unsigned h)
{
    for (unsigned y = 0; y < h; y++) {
        uint32_t *d = (uint32_t *)((uint8_t *)xrgb + (size_t)y * xpitch);
        const uint32_t *s = (const uint32_t *)((const uint8_t *)argb + (size_t)y * apitch);
        for (unsigned x = 0; x < w; x++) {
            unsigned a = s[x] >> 24;
            if (!a)
                continue;
            uint32_t o = 0;
            for (int sh = 0; sh < 24; sh += 8) {
                unsigned dv = (d[x] >> sh) & 0xff, sv = (s[x] >> sh) & 0xff;
                o |= ((dv * (255 - a) + sv * a + 127) / 255) << sh;
            }
            d[x] = o;
        }
    }
}

bool ww_ov_screenshot(ww_ov_renderer *r, ww_overlay *ov, ww_display *d, const char *path,
                      ww_ov_layout *layout, GError **err)
{
    unsigned w = ww_display_width(d), h = ww_display_height(d), pitch;
    const uint32_t *px = ww_display_pixels(d, &pitch);
    if (!w || !h || !px)
        return ww_display_save_png(d, path, err);   /* nothing to draw over: its own message */
    uint32_t *pic = g_new(uint32_t, (gsize)w * h), *ovl = g_new(uint32_t, (gsize)w * h);
    for (unsigned y = 0; y < h; y++)
        memcpy(pic + (size_t)y * w, (const uint8_t *)px + (size_t)y * pitch, (size_t)w * 4);
    bool ok = ww_ov_render(r, ov, ovl, w, h, w * 4, layout, err);
    if (ok) {
        ww_ov_compose(pic, w * 4, ovl, w * 4, w, h);
        ok = ww_png_write_xrgb(path, pic, w, h, w * 4, err);
    }
    g_free(pic);
    g_free(ovl);
    return ok;
}
