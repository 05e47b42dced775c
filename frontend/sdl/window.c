/* frontend/sdl/window.c — the SDL2 window: picture, input, overlay (window.h). */
#include "frontend/sdl/window.h"
#include "frontend/overlay/render.h"
#include "frontend/pace.h"
#include <SDL.h>
#include <stdio.h>
#include <string.h>

#define FRAME_NS 16000000ull      /* at most ~60 pictures a second */
#define OVERLAY_NS 250000000ull   /* the overlay's model is rebuilt 4 times a second */

struct ww_sdl {
    ww_session *s;
    ww_display *d;
    ww_overlay *ov;
    ww_ov_renderer *r;
    SDL_Window *win;
    SDL_Renderer *ren;
    SDL_Texture *tex, *otex;
    unsigned tex_w, tex_h, otex_w, otex_h;
    uint32_t *obuf;
    bool aspect, fullscreen, grabbed, user_sized, redraw, closed;
    uint64_t last_frame, last_overlay;
    uint8_t held[256];            /* HID usages the guest has seen go down */
    unsigned buttons;
    double speed;
    char *title;
    uint8_t told[SDL_NUM_SCANCODES / 8 + 1];  /* unknown keys already reported */
    bool told_flood, told_font;
};

static void set_title(ww_sdl *w)
{
    GString *t = g_string_new("wirewrap: ");
    g_string_append(t, ww_machine_name(ww_session_machine(w->s)));
    if (ww_session_state_get(w->s) == WW_SESSION_STOPPED)
        g_string_append(t, " (paused)");
    else if (w->speed >= 0)
        g_string_append_printf(t, " %.0f%%", w->speed);
    if (w->grabbed)
        g_string_append(t, " - mouse grabbed, Ctrl+Alt releases");
    else if (ww_session_mouse(w->s))
        g_string_append(t, " - click to grab the mouse");
    if (w->ov)
        g_string_append(t, ww_overlay_is_open(w->ov) ? " - F12 closes the debugger" : " - F12 debugger");
    if (!w->title || strcmp(w->title, t->str)) {
        SDL_SetWindowTitle(w->win, t->str);
        g_free(w->title);
        w->title = g_strdup(t->str);
    }
    g_string_free(t, TRUE);
}

/* The largest integer zoom (≤ 3) at which a w × h picture fits the desktop. */
static unsigned fit_zoom(ww_sdl *w, unsigned fw, unsigned fh)
{
    SDL_Rect b = { 0, 0, 1280, 800 };
    SDL_GetDisplayUsableBounds(w->win ? SDL_GetWindowDisplayIndex(w->win) : 0, &b);
    unsigned z = 3;
    while (z > 1 && (fw * z > (unsigned)b.w * 9 / 10 || fh * z > (unsigned)b.h * 9 / 10))
        z--;
    return z;
}

ww_sdl *ww_sdl_open(ww_session *s, ww_display *d, ww_overlay *ov, const ww_sdl_opts *o,
                    GError **err)
{
    if (!g_getenv("DISPLAY") && !g_getenv("WAYLAND_DISPLAY") && !g_getenv("SDL_VIDEODRIVER")) {
        g_set_error(err, WW_ERROR, WW_ERROR_NOT_FOUND, "no DISPLAY or WAYLAND_DISPLAY: no X "
                    "server or Wayland compositor to open a window on");
        return NULL;
    }
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
        g_set_error(err, WW_ERROR, WW_ERROR_FAILED, "SDL: %s", SDL_GetError());
        return NULL;
    }
    ww_sdl *w = g_new0(ww_sdl, 1);
    w->s = s;
    w->d = d;
    w->ov = ov;
    w->r = ov ? ww_ov_renderer_new() : NULL;
    w->aspect = o->aspect;
    w->fullscreen = o->fullscreen;
    w->speed = -1;
    ww_display_update(d);
    unsigned fw = ww_display_width(d) ? ww_display_width(d) : 640;
    unsigned fh = ww_display_height(d) ? ww_display_height(d) : 480;
    unsigned z = fit_zoom(w, fw, fh);
    w->win = SDL_CreateWindow("wirewrap", SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED,
                              (int)(fw * z), (int)(fh * z), SDL_WINDOW_RESIZABLE |
                              SDL_WINDOW_ALLOW_HIGHDPI |
                              (w->fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0));
    if (w->win) {
        w->ren = SDL_CreateRenderer(w->win, -1, SDL_RENDERER_ACCELERATED);
        if (!w->ren)   /* no GPU (Xvfb, a remote X): the software renderer */
            w->ren = SDL_CreateRenderer(w->win, -1, SDL_RENDERER_SOFTWARE);
    }
    if (!w->win || !w->ren) {
        g_set_error(err, WW_ERROR, WW_ERROR_FAILED, "SDL: %s", SDL_GetError());
        ww_sdl_free(w);
        return NULL;
    }
    w->redraw = true;
    set_title(w);
    return w;
}

void ww_sdl_free(ww_sdl *w)
{
    if (!w)
        return;
    if (w->tex)
        SDL_DestroyTexture(w->tex);
    if (w->otex)
        SDL_DestroyTexture(w->otex);
    if (w->ren)
        SDL_DestroyRenderer(w->ren);
    if (w->win)
        SDL_DestroyWindow(w->win);
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
    ww_ov_renderer_free(w->r);
    g_free(w->obuf);
    g_free(w->title);
    g_free(w);
}

void ww_sdl_set_speed(ww_sdl *w, double percent)
{
    w->speed = percent;
    set_title(w);
}

/* ---- input ------------------------------------------------------------------------------- */

static void send_key(ww_sdl *w, unsigned usage, bool down)
{
    GError *e = NULL;
    if (ww_session_key(w->s, usage, down, &e)) {
        w->held[usage] = down;
        return;
    }
    if (!w->told_flood)   /* a key flood: say it once; the guest gets what fits */
        fprintf(stderr, "wirewrap: %s\n", e->message);
    w->told_flood = true;
    g_error_free(e);
}

static void set_grab(ww_sdl *w, bool on)
{
    if (on == w->grabbed)
        return;
    w->grabbed = on;
    SDL_SetRelativeMouseMode(on ? SDL_TRUE : SDL_FALSE);
    if (!on && w->buttons) {
        w->buttons = 0;
        ww_session_mouse_event(w->s, 0, 0, 0, 0, NULL);
    }
    set_title(w);
}

/* Nothing stays pressed in the guest: focus lost, overlay opened. */
static void release_all(ww_sdl *w)
{
    for (unsigned u = 0; u < G_N_ELEMENTS(w->held); u++)
        if (w->held[u])
            send_key(w, u, false);
    set_grab(w, false);
}

static unsigned mods_of(Uint16 mod)
{
    return ((mod & KMOD_SHIFT) ? WW_OV_MOD_SHIFT : 0) | ((mod & KMOD_CTRL) ? WW_OV_MOD_CTRL : 0) |
           ((mod & KMOD_ALT) ? WW_OV_MOD_ALT : 0);
}

static void toggle_fullscreen(ww_sdl *w)
{
    w->fullscreen = !w->fullscreen;
    SDL_SetWindowFullscreen(w->win, w->fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
    w->redraw = true;
}

static void key_event(ww_sdl *w, const SDL_KeyboardEvent *k)
{
    bool down = k->type == SDL_KEYDOWN;
    SDL_Scancode sc = k->keysym.scancode;
    bool ctrl_alt = (k->keysym.mod & KMOD_CTRL) && (k->keysym.mod & KMOD_ALT);
    if (down && sc == SDL_SCANCODE_F12 && w->ov) {
        if (!k->repeat) {
            bool open = !ww_overlay_is_open(w->ov);
            if (open)
                release_all(w);     /* keys now go to the overlay */
            ww_overlay_set_open(w->ov, open);
            w->redraw = true;
            set_title(w);
        }
        return;
    }
    if (down && ctrl_alt && (sc == SDL_SCANCODE_F || sc == SDL_SCANCODE_S)) {
        if (!k->repeat) {
            if (sc == SDL_SCANCODE_F)
                toggle_fullscreen(w);
            else
                w->aspect = !w->aspect, w->redraw = true;
        }
        return;
    }
    if (down && ctrl_alt && w->grabbed &&
        (sc == SDL_SCANCODE_LCTRL || sc == SDL_SCANCODE_RCTRL || sc == SDL_SCANCODE_LALT ||
         sc == SDL_SCANCODE_RALT)) {
        set_grab(w, false);          /* the guest still gets the modifiers (and their release) */
    }
    if (w->ov && ww_overlay_is_open(w->ov)) {
        unsigned u = ww_sdl_scancode_usage(sc);
        if (down && u)
            ww_overlay_key(w->ov, u, mods_of(k->keysym.mod));
        return;
    }
    if (k->repeat)
        return;                      /* the guest's keyboard repeats by itself (typematic) */
    unsigned usage = ww_sdl_scancode_usage(sc);
    if (!usage) {
        if ((unsigned)sc < SDL_NUM_SCANCODES && !(w->told[sc / 8] & (1u << (sc % 8)))) {
            w->told[sc / 8] |= (uint8_t)(1u << (sc % 8));
            fprintf(stderr, "wirewrap: the host key '%s' (scancode %d) has no key on the guest's "
                    "keyboard; ignored\n", SDL_GetScancodeName(sc), (int)sc);
        }
        return;
    }
    if (down != (bool)w->held[usage])
        send_key(w, usage, down);
}

static unsigned button_bit(Uint8 b)
{
    switch (b) {
    case SDL_BUTTON_LEFT: return 1;
    case SDL_BUTTON_RIGHT: return 2;
    case SDL_BUTTON_MIDDLE: return 4;
    case SDL_BUTTON_X1: return 8;
    case SDL_BUTTON_X2: return 16;
    }
    return 0;
}

void ww_sdl_events(ww_sdl *w)
{
    SDL_Event ev;
    bool overlay = w->ov && ww_overlay_is_open(w->ov);
    while (SDL_PollEvent(&ev)) {
        switch (ev.type) {
        case SDL_QUIT:
            w->closed = true;
            ww_session_shutdown(w->s, "host-ui");
            break;
        case SDL_WINDOWEVENT:
            switch (ev.window.event) {
            case SDL_WINDOWEVENT_CLOSE:
                w->closed = true;
                ww_session_shutdown(w->s, "host-ui");
                break;
            case SDL_WINDOWEVENT_FOCUS_LOST:
                release_all(w);
                break;
            case SDL_WINDOWEVENT_RESIZED:
                w->user_sized = true;
                w->redraw = true;
                break;
            default:
                w->redraw = true;    /* exposed, size changed, shown */
            }
            break;
        case SDL_KEYDOWN:
        case SDL_KEYUP:
            key_event(w, &ev.key);
            overlay = w->ov && ww_overlay_is_open(w->ov);
            break;
        case SDL_TEXTINPUT:
            if (overlay)
                ww_overlay_text(w->ov, ev.text.text);
            break;
        case SDL_MOUSEBUTTONDOWN:
        case SDL_MOUSEBUTTONUP:
            if (overlay || !ww_session_mouse(w->s))
                break;
            if (!w->grabbed) {
                if (ev.type == SDL_MOUSEBUTTONDOWN)
                    set_grab(w, true);   /* the grabbing click is not the guest's */
                break;
            }
            if (ev.type == SDL_MOUSEBUTTONDOWN)
                w->buttons |= button_bit(ev.button.button);
            else
                w->buttons &= ~button_bit(ev.button.button);
            ww_session_mouse_event(w->s, 0, 0, 0, w->buttons, NULL);
            break;
        case SDL_MOUSEMOTION:
            if (w->grabbed && !overlay && (ev.motion.xrel || ev.motion.yrel))
                ww_session_mouse_event(w->s, ev.motion.xrel, ev.motion.yrel, 0, w->buttons, NULL);
            break;
        case SDL_MOUSEWHEEL:
            if (w->grabbed && !overlay && ev.wheel.y)
                ww_session_mouse_event(w->s, 0, 0, ev.wheel.y, w->buttons, NULL);
            break;
        }
    }
}

/* ---- drawing -------------------------------------------------------------------------------- */

/* Where the picture goes in an ow × oh drawable. */
static SDL_Rect place(const ww_sdl *w, unsigned fw, unsigned fh, int ow, int oh)
{
    SDL_Rect r = { 0, 0, ow, oh };
    unsigned z = MIN((unsigned)ow / fw, (unsigned)oh / fh);
    if (!w->aspect && z >= 1) {
        r.w = (int)(fw * z);
        r.h = (int)(fh * z);
    } else {
        double s = MIN((double)ow / fw, (double)oh / fh);
        r.w = MAX(1, (int)(fw * s));
        r.h = MAX(1, (int)(fh * s));
    }
    r.x = (ow - r.w) / 2;
    r.y = (oh - r.h) / 2;
    return r;
}

static bool draw_overlay(ww_sdl *w, int ow, int oh, uint64_t now)
{
    bool rebuilt = false;
    if (now - w->last_overlay >= OVERLAY_NS) {
        ww_overlay_refresh(w->ov);      /* peek only */
        w->last_overlay = now;
        rebuilt = true;
    }
    if (!ww_overlay_take_dirty(w->ov) && !rebuilt && !w->redraw && w->otex &&
        w->otex_w == (unsigned)ow && w->otex_h == (unsigned)oh)
        return false;
    if (!w->otex || w->otex_w != (unsigned)ow || w->otex_h != (unsigned)oh) {
        if (w->otex)
            SDL_DestroyTexture(w->otex);
        w->otex = SDL_CreateTexture(w->ren, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STREAMING,
                                    ow, oh);
        if (!w->otex)
            return false;
        SDL_SetTextureBlendMode(w->otex, SDL_BLENDMODE_BLEND);
        w->otex_w = (unsigned)ow;
        w->otex_h = (unsigned)oh;
        g_free(w->obuf);
        w->obuf = g_new(uint32_t, (gsize)ow * (gsize)oh);
    }
    GError *e = NULL;
    if (!ww_ov_render(w->r, w->ov, w->obuf, (unsigned)ow, (unsigned)oh, (unsigned)ow * 4, NULL, &e)) {
        /* no font: say so once and close the overlay; the window goes on */
        if (!w->told_font)
            fprintf(stderr, "wirewrap: the debugger overlay cannot draw: %s\n", e->message);
        w->told_font = true;
        g_error_free(e);
        ww_overlay_set_open(w->ov, false);
        set_title(w);
        return true;
    }
    SDL_UpdateTexture(w->otex, NULL, w->obuf, ow * 4);
    return true;
}

void ww_sdl_frame(ww_sdl *w)
{
    uint64_t now = ww_pace_host_ns();
    if (now - w->last_frame < FRAME_NS && !w->redraw)
        return;
    w->last_frame = now;
    bool changed = ww_display_update(w->d) > 0;
    unsigned fw = ww_display_width(w->d), fh = ww_display_height(w->d), pitch;
    const uint32_t *px = ww_display_pixels(w->d, &pitch);
    if (fw && fh && (fw != w->tex_w || fh != w->tex_h)) {
        if (w->tex)
            SDL_DestroyTexture(w->tex);
        w->tex = SDL_CreateTexture(w->ren, SDL_PIXELFORMAT_RGB888, SDL_TEXTUREACCESS_STREAMING,
                                   (int)fw, (int)fh);
        w->tex_w = w->tex ? fw : 0;
        w->tex_h = w->tex ? fh : 0;
        if (w->tex)
            SDL_SetTextureScaleMode(w->tex, SDL_ScaleModeNearest);
        /* a new mode: fit the window to it, unless the person sized it */
        if (!w->user_sized && !w->fullscreen) {
            unsigned z = fit_zoom(w, fw, fh);
            SDL_SetWindowSize(w->win, (int)(fw * z), (int)(fh * z));
        }
        changed = true;
    }
    if (changed && w->tex && px)
        SDL_UpdateTexture(w->tex, NULL, px, (int)pitch);
    int ow = 0, oh = 0;
    SDL_GetRendererOutputSize(w->ren, &ow, &oh);
    if (ow < 1 || oh < 1)
        return;          /* minimised, or 0 × 0: nothing to draw on */
    bool ovl = w->ov && ww_overlay_is_open(w->ov);
    bool odraw = ovl && draw_overlay(w, ow, oh, now);
    if (!changed && !odraw && !w->redraw)
        return;          /* nothing moved: an idle guest costs no drawing */
    w->redraw = false;
    SDL_SetRenderDrawColor(w->ren, 0, 0, 0, 255);
    SDL_RenderClear(w->ren);
    if (w->tex) {
        SDL_SetTextureScaleMode(w->tex, w->aspect ? SDL_ScaleModeLinear : SDL_ScaleModeNearest);
        SDL_Rect dst = place(w, w->tex_w, w->tex_h, ow, oh);
        SDL_RenderCopy(w->ren, w->tex, NULL, &dst);
    }
    if (ovl && w->otex && ww_overlay_is_open(w->ov))
        SDL_RenderCopy(w->ren, w->otex, NULL, NULL);
    SDL_RenderPresent(w->ren);
    set_title(w);
}
