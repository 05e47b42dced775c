/* frontend/overlay/render.h — drawing the overlay's model (model.h) into
 * pixels: an ARGB8888 canvas, opaque where the panels are and transparent
 * where the guest's picture shows through. The window uploads it as a
 * blended texture over the guest's; --screenshot composes it over the frame
 * (ww_ov_compose). The renderer only draws: it builds nothing. */
#ifndef WW_OV_RENDER_H
#define WW_OV_RENDER_H
#include "frontend/overlay/overlay.h"
#include "core/display.h"

typedef struct ww_ov_rect {
    int x, y, w, h;
} ww_ov_rect;

typedef struct ww_ov_layout {
    ww_ov_rect panel[WW_OV_NPANELS];
    ww_ov_rect status;            /* the key help / prompt / message bar */
    unsigned cell_w, cell_h;
    bool too_small;               /* only a one-line notice fits (or nothing) */
} ww_ov_layout;

/* Smallest canvas the panels are laid out in, in cells. */
#define WW_OV_MIN_COLS 60
#define WW_OV_MIN_ROWS 16

/* Where everything goes on a w × h canvas with cw × ch cells. */
void ww_ov_layout_compute(unsigned w, unsigned h, unsigned cw, unsigned ch, ww_ov_layout *out);
/* The cell height the renderer picks for a canvas height. */
unsigned ww_ov_cell_height(unsigned h);
/* Whether (x, y) lies inside anything the overlay draws. */
bool ww_ov_layout_covers(const ww_ov_layout *l, int x, int y);

typedef struct ww_ov_renderer ww_ov_renderer;
ww_ov_renderer *ww_ov_renderer_new(void);
void ww_ov_renderer_free(ww_ov_renderer *r);

/* Draw ov (refreshing its model first when the panel sizes changed) into
 * argb, w × h pixels, pitch in bytes. false with err when no font can be
 * opened; a canvas too small for the panels gets a one-line notice
 * (layout->too_small) and true. */
bool ww_ov_render(ww_ov_renderer *r, ww_overlay *ov, uint32_t *argb, unsigned w, unsigned h,
                  unsigned pitch, ww_ov_layout *layout, GError **err);
/* The canvas over an XRGB8888 picture of the same size (alpha blending). */
void ww_ov_compose(uint32_t *xrgb, unsigned xpitch, const uint32_t *argb, unsigned apitch,
                   unsigned w, unsigned h);
/* The display's current picture with the overlay over it, as a PNG (written
 * whole or not at all); layout (may be NULL) receives where the panels went. */
bool ww_ov_screenshot(ww_ov_renderer *r, ww_overlay *ov, ww_display *d, const char *path,
                      ww_ov_layout *layout, GError **err);

#endif
