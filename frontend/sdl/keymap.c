/* frontend/sdl/keymap.c — host keys to USB HID usages (window.h).
 *
 * SDL's scancodes are defined as the USB HID Keyboard/Keypad page's usage
 * IDs (SDL_scancode.h: "based on the USB usage page standard"), 4 (A) to
 * 231 (Right GUI), which is the numbering core/backend.h gives the guest's
 * keyboards; each keyboard chip maps usages to its own codes (the PS/2
 * keyboard to scan code sets 1 and 2, chips/input/ps2.c; ADB later). What
 * SDL numbers beyond 231 (media and application keys) has no key on a PC
 * keyboard: 0. */
#include "frontend/sdl/window.h"
#include <SDL.h>

unsigned ww_sdl_scancode_usage(int scancode)
{
    if (scancode >= SDL_SCANCODE_A && scancode <= SDL_SCANCODE_RGUI)
        return (unsigned)scancode;
    return 0;
}
