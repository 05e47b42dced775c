/* frontend/sdl/window.h — the SDL2 window of `wirewrap run` (DESIGN.md §9).
 *
 * Shows the display pipeline's picture (core/display.h), scaled by an
 * integer factor or to the window keeping the aspect ratio, in a resizable,
 * HiDPI-aware window (sizes in drawable pixels); sends the host keyboard to
 * the guest's keyboard and the mouse to its mouse through the session's
 * paced input queue; hosts the debugger overlay (F12). The title names the
 * machine, the emulated speed in % of real time and the mouse grab.
 *
 * Keys the window keeps for itself (never sent to the guest):
 *   F12              the debugger overlay (frontend/overlay/overlay.h)
 *   Ctrl+Alt         release the mouse (a click in the window grabs it)
 *   Ctrl+Alt+F       fullscreen on/off      Ctrl+Alt+S   integer / aspect scaling
 * Closing the window shuts the session down ("host-ui"): the run ends with
 * status 0. Losing the focus releases the grab and every key held down, so
 * nothing stays pressed in the guest. */
#ifndef WW_SDL_WINDOW_H
#define WW_SDL_WINDOW_H
#include "core/session.h"
#include "core/display.h"
#include "frontend/overlay/overlay.h"

typedef struct ww_sdl ww_sdl;

typedef struct ww_sdl_opts {
    bool fullscreen;
    bool aspect;            /* scale to the window keeping the aspect ratio (else integer) */
} ww_sdl_opts;

/* Open the window (NULL with err when there is no display to open it on:
 * the caller runs headless). ov may be NULL (no overlay). */
ww_sdl *ww_sdl_open(ww_session *s, ww_display *d, ww_overlay *ov, const ww_sdl_opts *o,
                    GError **err);
void ww_sdl_free(ww_sdl *w);
/* Handle the events waiting (input, resize, close). */
void ww_sdl_events(ww_sdl *w);
/* Bring the window up to date (the picture, the overlay), at most about 60
 * times a second; draws only what changed. */
void ww_sdl_frame(ww_sdl *w);
/* The emulated speed for the title (percent of real time; < 0: unknown). */
void ww_sdl_set_speed(ww_sdl *w, double percent);

/* The host keyboard's key (an SDL_Scancode) as a USB HID usage, the numbering
 * the guest's keyboards take (core/backend.h); 0 for keys a PC keyboard
 * does not have. */
unsigned ww_sdl_scancode_usage(int scancode);

#endif
