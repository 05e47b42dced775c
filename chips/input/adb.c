/* chips/input/adb.c — ADB devices: the Apple Extended Keyboard ("adb-keyboard")
 * and the one-button Apple Desktop Bus Mouse ("adb-mouse"), for every host of
 * the ADB (chips/input/adb.h: the bus is a space, a device a window on it).
 *
 * Sources: Guide to the Macintosh Family Hardware 2nd ed., ch. 8 "Apple
 * Desktop Bus" (Talk/Listen/Flush/SendReset, register 3: SRQ enable, address,
 * handler ID; default addresses 2 keyboard, 3 mouse; the 0xFE "change address"
 * and 0x00 handler codes); Inside Macintosh: Devices, "ADB Manager" (keyboard
 * register 0: two key transitions, bit 7 = key released, 0xFF = none; mouse
 * register 0: bit 7 of byte 0 = button released, bits 6-0 the Y movement, byte
 * 1 bit 7 unused (1) and bits 6-0 the X movement, two's complement); Linux
 * drivers/macintosh/adbhid.c (handlers the drivers ask for: keyboard 1, 2, 3 =
 * extended with separate left/right modifiers; mouse 1 = 100 cpi, 2 = 200 cpi;
 * the ADB key codes, adb_to_linux_keycodes). Host keys arrive as USB HID usage
 * IDs (core/backend.h) and are translated with the table below.
 *
 *          +------------+
 *  adb   ⇄ | window at  |   (bus-master port "adb": alias it to the host's
 *  input → | address*40 |    ADB space, e.g. <space name="kbd.adb" alias="cuda.adb"/>)
 *          +------------+
 *
 * Not modelled: service requests (the host's autopoll talks to every device
 * anyway), the keyboard's LEDs in register 2 (stored, not shown), the power key
 * (0x7F7F), collisions between devices moved to the same address (the first
 * window opened wins; ADB's random-delay arbitration is not simulated).
 * Test: tests/chips/input/adb.c
 */
#include "core/chip.h"
#include "core/space.h"
#include "core/backend.h"
#include "chips/input/adb.h"

#define QUEUE 16

typedef struct {
    ww_chip chip;
    uint32_t kind;             /* which class (not a prop): 0 keyboard, 1 mouse */
    uint8_t addr, handler;     /* register 3 */
    uint8_t srq_enable;
    uint8_t reg[4][8];         /* data bytes of the register blocks (as last talked/listened) */
    uint8_t r2[2];             /* keyboard: LEDs / modifier state (as last listened) */
    uint8_t queue[QUEUE];      /* keyboard: key transitions; mouse: unused */
    uint8_t q_head, q_count;
    int32_t dx, dy;            /* mouse: movement not yet reported */
    uint8_t buttons, reported_buttons;
    ww_window *win;
    ww_inputdev *input;        /* backend */
} adb_dev_t;

enum { KIND_KEYBOARD, KIND_MOUSE };
enum { REGION_ADB, REGION__COUNT };
enum { BUS_ADB, BUS__COUNT };
enum { BACKEND_INPUT, BACKEND__COUNT };
/* Register 3 (high byte, low byte). */
enum { R3_EXCEPTION = 0x40, R3_SRQ = 0x20, R3_ADDR = 0x0f };
enum { HANDLER_SET_ALL = 0x00, HANDLER_ACTIVATOR = 0xfd, HANDLER_MOVE = 0xfe,
       HANDLER_SELFTEST = 0xff };

#define AT(m) WW_AT(adb_dev_t, m)

static const ww_reg_desc adb_regs[] = {
    { "ADDRESS", .flags = WW_REG_INTERNAL | WW_REG_CHIP_RESET, .at = AT(addr), .mask = 0x0f,
      .doc = "current ADB address (register 3 bits 11-8)" },
    { "HANDLER", .flags = WW_REG_INTERNAL | WW_REG_CHIP_RESET, .at = AT(handler),
      .doc = "device handler ID (register 3 bits 7-0)" },
    { "SRQ_ENABLE", .flags = WW_REG_INTERNAL, .at = AT(srq_enable), .reset = 1,
      .doc = "register 3 bit 13" },
    { 0 }
};

static const ww_state_desc adb_state[] = {
    { "reg",      WW_STATE_U8,  AT(reg),     "register data bytes (host side)" },
    { "r2",       WW_STATE_U8,  AT(r2),      "keyboard register 2 (LEDs) as listened",
      .reset = 0xff },
    { "queue",    WW_STATE_U8,  AT(queue),   "keyboard: key transitions not yet talked" },
    { "q_head",   WW_STATE_U8,  AT(q_head) },
    { "q_count",  WW_STATE_U8,  AT(q_count) },
    { "dx",       WW_STATE_I32, AT(dx),      "mouse movement not yet reported" },
    { "dy",       WW_STATE_I32, AT(dy) },
    { "buttons",  WW_STATE_U8,  AT(buttons), "mouse buttons now (bit 0: the button)" },
    { "reported_buttons", WW_STATE_U8, AT(reported_buttons) },
    { 0 }
};

static uint8_t default_addr(const adb_dev_t *d)
{
    return d->kind == KIND_KEYBOARD ? 2 : 3;
}

static bool handler_ok(const adb_dev_t *d, uint8_t h)
{
    return d->kind == KIND_KEYBOARD ? (h >= 1 && h <= 3) : (h == 1 || h == 2);
}

static void place(adb_dev_t *d)
{
    if (d->win)
        ww_window_place(d->win, (uint64_t)d->addr * WW_ADB_DEVICE_SIZE, WW_ADB_DEVICE_SIZE);
}

static void device_reset(adb_dev_t *d)
{
    d->addr = default_addr(d);
    d->handler = 1;
    d->srq_enable = 1;
    d->q_head = d->q_count = 0;
    d->dx = d->dy = 0;
    d->reported_buttons = d->buttons;
    place(d);
}

static void flush(adb_dev_t *d)
{
    d->q_head = d->q_count = 0;
    d->dx = d->dy = 0;
    d->reported_buttons = d->buttons;
}

static int clamp7(int32_t v)
{
    return v > 63 ? 63 : v < -64 ? -64 : v;
}

/* Talk r: fill reg[r] and return how many bytes the device answers with. */
static unsigned talk(adb_dev_t *d, unsigned r, bool peek)
{
    uint8_t scratch[8];
    uint8_t *o = peek ? scratch : d->reg[r];   /* a peek changes nothing */
    switch (r) {
    case 0:
        if (d->kind == KIND_KEYBOARD) {
            if (!d->q_count)
                return 0;
            uint8_t a = d->queue[d->q_head];
            uint8_t b = d->q_count > 1 ? d->queue[(d->q_head + 1) % QUEUE] : 0xff;
            o[0] = a;
            o[1] = b;
            if (!peek) {
                unsigned n = d->q_count > 1 ? 2 : 1;
                d->q_head = (uint8_t)((d->q_head + n) % QUEUE);
                d->q_count = (uint8_t)(d->q_count - n);
            }
            return 2;
        } else {
            if (!d->dx && !d->dy && d->buttons == d->reported_buttons)
                return 0;
            int x = clamp7(d->dx), y = clamp7(d->dy);
            o[0] = (uint8_t)(((d->buttons & 1) ? 0 : 0x80) | (y & 0x7f));
            o[1] = (uint8_t)(0x80 | (x & 0x7f));
            if (!peek) {
                d->dx -= x;
                d->dy -= y;
                d->reported_buttons = d->buttons;
            }
            return 2;
        }
    case 2:
        if (d->kind != KIND_KEYBOARD)
            return 0;
        o[0] = 0xff;            /* no modifier pressed (bits are active low) */
        o[1] = d->r2[1];
        return 2;
    case 3:
        o[0] = (uint8_t)((d->srq_enable ? R3_SRQ : 0) | (d->addr & R3_ADDR));
        o[1] = d->handler;
        return 2;
    default:
        return 0;
    }
}

static void listen(adb_dev_t *d, unsigned r, unsigned n)
{
    const uint8_t *in = d->reg[r];
    if (r == 2 && d->kind == KIND_KEYBOARD && n >= 2) {
        d->r2[0] = in[0];
        d->r2[1] = in[1];
        return;
    }
    if (r != 3 || n < 2)
        return;
    uint8_t h = in[1], a = in[0] & R3_ADDR;
    switch (h) {
    case HANDLER_SET_ALL:
        d->srq_enable = (in[0] & R3_SRQ) != 0;
        /* the address too */
        __attribute__((fallthrough));
    case HANDLER_MOVE:
        if (a != d->addr) {
            d->addr = a;
            place(d);
        }
        break;
    case HANDLER_ACTIVATOR:   /* only while the activator key is down: never here */
    case HANDLER_SELFTEST:
        break;
    default:
        if (handler_ok(d, h))
            d->handler = h;
        break;
    }
}

static uint64_t adb_read(ww_chip *c, unsigned region, uint64_t off, unsigned size,
                         ww_access how)
{
    adb_dev_t *d = (adb_dev_t *)c;
    unsigned r = (unsigned)(off >> 4) & 3, k = (unsigned)off & 15;
    if (k < 8)
        return d->reg[r][k];
    if (k == WW_ADB_TALK)
        return talk(d, r, how == WW_PEEK);
    return 0;
}

static void adb_write(ww_chip *c, unsigned region, uint64_t off, uint64_t val, unsigned size)
{
    adb_dev_t *d = (adb_dev_t *)c;
    unsigned r = (unsigned)(off >> 4) & 3, k = (unsigned)off & 15;
    if (k < 8) {
        d->reg[r][k] = (uint8_t)val;
    } else if (k == WW_ADB_LISTEN) {
        listen(d, r, MIN((unsigned)(val & 0xff), 8u));
    } else if (k == WW_ADB_CONTROL && r == 0) {
        if (val == WW_ADB_CTRL_RESET)
            device_reset(d);
        else if (val == WW_ADB_CTRL_FLUSH)
            flush(d);
    }
}

/* USB HID usage (keyboard page) → ADB key code; 0xff: no such key. */
static uint8_t hid_to_adb(unsigned u)
{
    static const uint8_t letters[26] = {   /* a … z */
        0x00, 0x0b, 0x08, 0x02, 0x0e, 0x03, 0x05, 0x04, 0x22, 0x26, 0x28, 0x25, 0x2e,
        0x2d, 0x1f, 0x23, 0x0c, 0x0f, 0x01, 0x11, 0x20, 0x09, 0x0d, 0x07, 0x10, 0x06 };
    static const uint8_t digits[10] = {    /* 1 … 9, 0 */
        0x12, 0x13, 0x14, 0x15, 0x17, 0x16, 0x1a, 0x1c, 0x19, 0x1d };
    static const uint8_t fkeys[12] = {     /* F1 … F12 */
        0x7a, 0x78, 0x63, 0x76, 0x60, 0x61, 0x62, 0x64, 0x65, 0x6d, 0x67, 0x6f };
    if (u >= 0x04 && u <= 0x1d)
        return letters[u - 0x04];
    if (u >= 0x1e && u <= 0x27)
        return digits[u - 0x1e];
    if (u >= 0x3a && u <= 0x45)
        return fkeys[u - 0x3a];
    switch (u) {
    case 0x28: return 0x24;   /* Return */
    case 0x29: return 0x35;   /* Escape */
    case 0x2a: return 0x33;   /* Delete (backspace) */
    case 0x2b: return 0x30;   /* Tab */
    case 0x2c: return 0x31;   /* Space */
    case 0x2d: return 0x1b;   /* - */
    case 0x2e: return 0x18;   /* = */
    case 0x2f: return 0x21;   /* [ */
    case 0x30: return 0x1e;   /* ] */
    case 0x31: return 0x2a;   /* \ */
    case 0x33: return 0x29;   /* ; */
    case 0x34: return 0x27;   /* ' */
    case 0x35: return 0x32;   /* ` */
    case 0x36: return 0x2b;   /* , */
    case 0x37: return 0x2f;   /* . */
    case 0x38: return 0x2c;   /* / */
    case 0x39: return 0x39;   /* Caps Lock */
    case 0x4f: return 0x3c;   /* Right */
    case 0x50: return 0x3b;   /* Left */
    case 0x51: return 0x3d;   /* Down */
    case 0x52: return 0x3e;   /* Up */
    case 0xe0: return 0x36;   /* Control */
    case 0xe1: return 0x38;   /* Shift */
    case 0xe2: return 0x3a;   /* Option */
    case 0xe3: return 0x37;   /* Command */
    case 0xe4: return 0x7d;   /* right Control (handler 3) */
    case 0xe5: return 0x7b;   /* right Shift */
    case 0xe6: return 0x7c;   /* right Option */
    case 0xe7: return 0x37;   /* right Command */
    default:   return 0xff;
    }
}

static void host_key(void *chip, unsigned usage, bool down)
{
    adb_dev_t *d = chip;
    uint8_t k = hid_to_adb(usage);
    if (k == 0xff || d->q_count >= QUEUE)
        return;
    d->queue[(d->q_head + d->q_count) % QUEUE] = (uint8_t)(k | (down ? 0 : 0x80));
    d->q_count++;
}

static void host_mouse(void *chip, int dx, int dy, int dz, unsigned buttons)
{
    adb_dev_t *d = chip;
    /* Accumulate (bounded: a flood of host events cannot overflow). */
    d->dx = MAX(-100000, MIN(100000, d->dx + dx));
    d->dy = MAX(-100000, MIN(100000, d->dy + dy));
    d->buttons = (uint8_t)(buttons & 1);
}

static void input_bound(ww_chip *c, unsigned index)
{
    adb_dev_t *d = (adb_dev_t *)c;
    if (!d->input)
        return;
    d->input->chip = d;
    if (d->kind == KIND_KEYBOARD)
        d->input->key = host_key;
    else
        d->input->mouse = host_mouse;
}

static bool adb_realize_kind(ww_chip *c, uint32_t kind, GError **err)
{
    adb_dev_t *d = (adb_dev_t *)c;
    d->kind = kind;
    if (c->bus[BUS_ADB]) {
        char *name = g_strdup_printf("%s.adb", c->id ? c->id : "adb");
        d->win = ww_window_open_chip(c->bus[BUS_ADB], c, name, c, REGION_ADB, 0, err);
        g_free(name);
        if (!d->win)
            return false;
    }
    return true;
}

static bool kbd_realize(ww_chip *c, GError **err)
{
    return adb_realize_kind(c, KIND_KEYBOARD, err);
}

static bool mouse_realize(ww_chip *c, GError **err)
{
    return adb_realize_kind(c, KIND_MOUSE, err);
}

static void adb_unrealize(ww_chip *c)
{
    adb_dev_t *d = (adb_dev_t *)c;
    if (d->win)
        ww_window_close(d->win);
    d->win = NULL;
    if (d->input && d->input->chip == d)
        d->input->key = NULL, d->input->mouse = NULL;
}

static void adb_reset(ww_chip *c, ww_reset_kind kind)
{
    device_reset((adb_dev_t *)c);
}

static bool adb_post_load(ww_chip *c, GError **err)
{
    adb_dev_t *d = (adb_dev_t *)c;
    d->addr &= 15;
    d->q_head %= QUEUE;
    d->q_count = (uint8_t)MIN(d->q_count, QUEUE);
    place(d);
    return true;
}

static const ww_region_desc adb_regions[] = {
    [REGION_ADB] = { "adb", WW_ADB_DEVICE_SIZE, 1, 1, WW_BIG_ENDIAN, 0,
                     "registers 0-3: 16 bytes each (chips/input/adb.h)" },
    [REGION__COUNT] = { 0 }
};

static const ww_bus_desc adb_buses[] = {
    [BUS_ADB] = { "adb", "the ADB this device is on (alias the host's adb space)",
                  WW_ADB_ADDR_BITS, WW_BIG_ENDIAN, WW_UNMAPPED_OPEN_BUS, 0 },
    [BUS__COUNT] = { 0 }
};

static const ww_backend_desc kbd_backends[] = {
    [BACKEND_INPUT] = { "keyboard", WW_BACKEND_INPUT, offsetof(adb_dev_t, input),
                        .doc = "host key events (<input to=…>)", .bound = input_bound },
    [BACKEND__COUNT] = { 0 }
};

static const ww_backend_desc mouse_backends[] = {
    [BACKEND_INPUT] = { "mouse", WW_BACKEND_INPUT, offsetof(adb_dev_t, input),
                        .doc = "host mouse events (<input to=…>)", .bound = input_bound },
    [BACKEND__COUNT] = { 0 }
};

static const ww_chip_class adb_keyboard_class = {
    .type = "adb-keyboard",
    .summary = "Apple Extended Keyboard on the ADB (default address 2, handler 1-3)",
    .doc = "Guide to the Macintosh Family Hardware ch. 8: register 0 key transitions, "
           "register 2 LEDs, register 3 address/handler with 0xFE moves; HID usages "
           "translated to ADB key codes.",
    .size = sizeof(adb_dev_t),
    .version = 1,
    .regions = adb_regions,
    .regs = adb_regs,
    .state = adb_state,
    .buses = adb_buses,
    .backends = kbd_backends,
    .realize = kbd_realize,
    .unrealize = adb_unrealize,
    .reset = adb_reset,
    .read = adb_read,
    .write = adb_write,
    .post_load = adb_post_load,
};
WW_CHIP_REGISTER(adb_keyboard_class)

static const ww_chip_class adb_mouse_class = {
    .type = "adb-mouse",
    .summary = "Apple Desktop Bus Mouse (default address 3, 100/200 cpi handlers 1/2)",
    .doc = "Inside Macintosh: Devices, ADB Manager: register 0 = button (bit 15, 1 = up), "
           "Y (14-8) and X (6-0) movement in 7-bit two's complement; reports only changes.",
    .size = sizeof(adb_dev_t),
    .version = 1,
    .regions = adb_regions,
    .regs = adb_regs,
    .state = adb_state,
    .buses = adb_buses,
    .backends = mouse_backends,
    .realize = mouse_realize,
    .unrealize = adb_unrealize,
    .reset = adb_reset,
    .read = adb_read,
    .write = adb_write,
    .post_load = adb_post_load,
};
WW_CHIP_REGISTER(adb_mouse_class)
