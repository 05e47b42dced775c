/* frontend/overlay/font.h — a monospaced font as coverage masks per cell,
 * rendered by SDL2_ttf (DejaVu Sans Mono from fonts-dejavu-core by default;
 * $WIREWRAP_FONT names another TrueType file). Works without a window or
 * SDL's video subsystem, so the overlay renders headless. */
#ifndef WW_OV_FONT_H
#define WW_OV_FONT_H
#include "core/error.h"
#include <stdint.h>

typedef struct ww_font ww_font;

#define WW_FONT_DEFAULT "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"

/* The file the overlay uses: $WIREWRAP_FONT, else WW_FONT_DEFAULT. */
const char *ww_font_path(void);
/* Open it for cells about cell_h pixels tall (8..64); NULL with err when the
 * file is missing or not a font (the message says what to install). */
ww_font *ww_font_open(const char *path, unsigned cell_h, GError **err);
void ww_font_free(ww_font *f);
unsigned ww_font_cell_w(const ww_font *f);
unsigned ww_font_cell_h(const ww_font *f);
/* The glyph of a code point as cell_w × cell_h coverage bytes (0-255);
 * a code point the font lacks gives its replacement box; cached. */
const uint8_t *ww_font_glyph(ww_font *f, uint32_t cp);

#endif
