/* frontend/overlay/font.c — glyph masks from SDL2_ttf (font.h). */
#include "frontend/overlay/font.h"
#include <SDL.h>
#include <SDL_ttf.h>
#include <glib.h>
#include <string.h>

struct ww_font {
    TTF_Font *ttf;
    unsigned cw, ch;
    GHashTable *glyphs;   /* code point -> uint8_t[cw * ch] */
};

const char *ww_font_path(void)
{
    const char *e = g_getenv("WIREWRAP_FONT");
    return e && *e ? e : WW_FONT_DEFAULT;
}

ww_font *ww_font_open(const char *path, unsigned cell_h, GError **err)
{
    cell_h = CLAMP(cell_h, 8u, 64u);
    if (!g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
        g_set_error(err, WW_ERROR, WW_ERROR_NOT_FOUND, "the overlay's font %s is missing (Debian "
                    "package fonts-dejavu-core, or set WIREWRAP_FONT to a TrueType file)", path);
        return NULL;
    }
    if (TTF_Init() != 0) {
        g_set_error(err, WW_ERROR, WW_ERROR_FAILED, "SDL_ttf: %s", TTF_GetError());
        return NULL;
    }
    /* DejaVu's line is about 1.17 em: choose the point size (pixels at 72 dpi) for it. */
    int pt = MAX(6, (int)(cell_h * 100 / 117));
    TTF_Font *t = TTF_OpenFont(path, pt);
    if (!t) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "the overlay's font %s: %s", path,
                    TTF_GetError());
        TTF_Quit();
        return NULL;
    }
    int adv = 0;
    if (TTF_GlyphMetrics32(t, 'M', NULL, NULL, NULL, NULL, &adv) != 0 || adv <= 0)
        adv = pt * 6 / 10;
    ww_font *f = g_new0(ww_font, 1);
    f->ttf = t;
    f->cw = (unsigned)adv;
    f->ch = (unsigned)MAX(TTF_FontLineSkip(t), TTF_FontHeight(t));
    f->glyphs = g_hash_table_new_full(NULL, NULL, NULL, g_free);
    return f;
}

void ww_font_free(ww_font *f)
{
    if (!f)
        return;
    g_hash_table_destroy(f->glyphs);
    TTF_CloseFont(f->ttf);
    TTF_Quit();
    g_free(f);
}

unsigned ww_font_cell_w(const ww_font *f) { return f->cw; }
unsigned ww_font_cell_h(const ww_font *f) { return f->ch; }

const uint8_t *ww_font_glyph(ww_font *f, uint32_t cp)
{
    uint8_t *m = g_hash_table_lookup(f->glyphs, GUINT_TO_POINTER(cp));
    if (m)
        return m;
    m = g_malloc0((gsize)f->cw * f->ch);
    SDL_Surface *s = NULL;
    if (cp > ' ' && TTF_GlyphIsProvided32(f->ttf, cp))
        s = TTF_RenderGlyph32_Blended(f->ttf, cp, (SDL_Color){ 255, 255, 255, 255 });
    if (s) {
        /* Blended glyphs are ARGB8888: alpha is the coverage. */
        SDL_Surface *c = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_ARGB8888, 0);
        if (c && !SDL_LockSurface(c)) {
            unsigned w = MIN((unsigned)c->w, f->cw), h = MIN((unsigned)c->h, f->ch);
            for (unsigned y = 0; y < h; y++) {
                const uint32_t *row = (const uint32_t *)((const uint8_t *)c->pixels + y * c->pitch);
                for (unsigned x = 0; x < w; x++)
                    m[y * f->cw + x] = (uint8_t)(row[x] >> 24);
            }
            SDL_UnlockSurface(c);
        }
        SDL_FreeSurface(c);
        SDL_FreeSurface(s);
    } else if (cp > ' ') {
        /* no glyph: a box, so a missing character is seen, not silently dropped */
        for (unsigned y = 2; y + 2 < f->ch; y++)
            for (unsigned x = 1; x + 1 < f->cw; x++)
                if (y == 2 || y + 3 == f->ch || x == 1 || x + 2 == f->cw)
                    m[y * f->cw + x] = 160;
    }
    g_hash_table_insert(f->glyphs, GUINT_TO_POINTER(cp), m);
    return m;
}
