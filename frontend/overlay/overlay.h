/* frontend/overlay/overlay.h — the debugger overlay of a session (DESIGN.md §9).
 *
 * Toggled with F12 in the window, or open from the start with `run
 * --overlay` (headless too: --screenshot then captures it). Panels: the chip
 * tree, the selected chip's registers decoded into fields, the CPU's
 * registers, the disassembly around the PC, a hex view of any address
 * space, breakpoints with run/pause/step, and the IRQ/DMA timeline. The
 * content is a model (model.h) rebuilt by ww_overlay_refresh() from the
 * monitor's commands, peek only: opening, refreshing and closing the overlay
 * leave the guest exactly as it was. What does change the guest — run,
 * pause, step, breakpoints, any monitor command typed at the overlay's
 * prompt — goes through the same command table as the monitor.
 *
 * Keys (HID usages, as the window and tests send them) while it is open:
 *   Tab / Shift+Tab   next / previous panel      Up, Down, PgUp, PgDn   move
 *   Enter             chips: show that chip's registers; breakpoints: delete
 *   F5                run / pause                F10   step one instruction
 *   F9                breakpoint on the selected disassembly line (on/off)
 *   :                 the prompt: `chip ID`, `mem [SPACE] ADDR`, or any
 *                     monitor command (`help` lists them); Esc leaves it
 * The overlay never prints; answers and errors go to the model's message. */
#ifndef WW_OVERLAY_H
#define WW_OVERLAY_H
#include "core/session.h"
#include "frontend/overlay/model.h"

typedef struct ww_overlay ww_overlay;

/* Modifier bits passed with keys. */
enum { WW_OV_MOD_SHIFT = 1, WW_OV_MOD_CTRL = 2, WW_OV_MOD_ALT = 4 };

/* HID usages the overlay acts on (USB HID Usage Tables §10). */
enum {
    WW_HID_ENTER = 0x28, WW_HID_ESCAPE = 0x29, WW_HID_BACKSPACE = 0x2a, WW_HID_TAB = 0x2b,
    WW_HID_SEMICOLON = 0x33, WW_HID_F5 = 0x3e, WW_HID_F9 = 0x42, WW_HID_F10 = 0x43,
    WW_HID_F12 = 0x45, WW_HID_PAGEUP = 0x4b, WW_HID_PAGEDOWN = 0x4e, WW_HID_RIGHT = 0x4f,
    WW_HID_LEFT = 0x50, WW_HID_DOWN = 0x51, WW_HID_UP = 0x52, WW_HID_HOME = 0x4a,
    WW_HID_END = 0x4d,
};

ww_overlay *ww_overlay_new(ww_session *s);
void ww_overlay_free(ww_overlay *ov);
ww_session *ww_overlay_session(ww_overlay *ov);

bool ww_overlay_is_open(const ww_overlay *ov);
void ww_overlay_set_open(ww_overlay *ov, bool open);
/* Rebuild the model (peek only). Cheap enough for a few times a second. */
void ww_overlay_refresh(ww_overlay *ov);
ww_ov_model *ww_overlay_model(ww_overlay *ov);
/* Whether the model changed since the last call (the window redraws then). */
bool ww_overlay_take_dirty(ww_overlay *ov);

/* Input while open: true when the overlay used the key. */
bool ww_overlay_key(ww_overlay *ov, unsigned hid_usage, unsigned mods);
/* Text typed (UTF-8): goes to the prompt when it is open; ':' opens it. */
void ww_overlay_text(ww_overlay *ov, const char *utf8);

/* What the keys do, callable directly (tests, the prompt). */
void ww_overlay_focus(ww_overlay *ov, ww_ov_panel_id panel);
ww_ov_panel_id ww_overlay_focused(const ww_overlay *ov);
bool ww_overlay_select_chip(ww_overlay *ov, const char *id, GError **err);
bool ww_overlay_show_memory(ww_overlay *ov, const char *space, uint64_t addr, GError **err);
/* Run a prompt line as if typed after ':'. */
void ww_overlay_command(ww_overlay *ov, const char *line);

/* Panel sizes (columns, rows) the renderer lays out, so the model fetches
 * as much memory, disassembly and timeline as fits. */
void ww_overlay_set_panel_size(ww_overlay *ov, ww_ov_panel_id panel, unsigned cols,
                               unsigned rows);
void ww_overlay_panel_size(const ww_overlay *ov, ww_ov_panel_id panel, unsigned *cols,
                           unsigned *rows);

#endif
