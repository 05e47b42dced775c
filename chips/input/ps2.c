/* chips/input/ps2.c — PS/2 keyboard and mouse (variants of one device class),
 * the devices behind an 8042's keyboard and auxiliary ports.
 *
 * Sources: IBM "Keyboards (101- and 102-Key)" Technical Reference (1990),
 * "Commands from the System" (ED, EE, F0, F2-FF), "Commands to the System"
 * (AA, EE, FA, FE, overrun), "Typematic rate and delay"; IBM Personal
 * System/2 Hardware Interface Technical Reference (1988), "Pointing Device"
 * (mouse commands E6-FF, status bytes, data report format, scaling);
 * Microsoft "Keyboard Scan Code Specification" rev. 1.3a (2000), Appendix C
 * (USB HID usage → scan code sets 1 and 2); USB HID Usage Tables 1.12 §10
 * (Keyboard/Keypad page 07h); Microsoft IntelliMouse (ID 3: 200/100/80) and
 * IntelliMouse Explorer (ID 4: 200/200/80) sample-rate sequences as Linux's
 * psmouse probes them. Checked against QEMU's hw/input/ps2.c.
 *
 *           +------+
 *   port 0 ⇄| PS/2 |→ ready       DATA: read pops the next byte the device sends,
 *   port 1 ←|      |→ led@0-2           write is a byte from the host (command)
 *  (input)→ +------+              STATUS: bit 0 = a byte is waiting
 *
 * The link: a controller (chips/input/i8042.c) maps the device's "port"
 * region into its kbd or aux bus and reads DATA when `ready` is high and it
 * can take a byte, so the device holds bytes while the host inhibits the clock
 * (a full output buffer, a disabled interface) as a real one does. The byte
 * time on the wire is the controller's to model.
 *
 * Host input comes through the `input` backend (ww_inputdev): key(hid_usage,
 * down) for the keyboard, mouse(dx, dy, dz, buttons) for the mouse with dx
 * right, dy down (screen direction), dz > 0 = wheel away from the user
 * (scroll up), buttons bit 0 left, 1 right, 2 middle, 3 and 4 side buttons.
 * The front end should send key transitions only: the keyboard repeats held
 * keys itself (typematic).
 *
 * Responses to commands are sent before scan codes or movement waiting in
 * the device's buffer (the command interrupts the transmission); a mouse
 * drops buffered movement on any command but Resend. Deviations: scan code
 * set 3 is acknowledged but not selected (F0 00 still reports the set in
 * use, which Linux's atkbd reads as "no set 3"); PrintScreen and Pause send
 * their unmodified sequences whatever modifiers are down; the mouse reports
 * movement as soon as the previous report was taken (no sample-rate pacing)
 * and ignores the resolution; the 16-byte keyboard buffer stores whole key
 * sequences only (a key that does not fit is replaced by the overrun code).
 * Test: tests/chips/input/ps2.c (with the 8042: tests/chips/input/i8042.c)
 */
#include "core/chip.h"
#include "core/backend.h"

#define QSIZE 16

typedef struct {
    uint8_t buf[QSIZE];
    uint8_t head, count;
} ps2_queue;

typedef struct {
    ww_chip chip;
    uint32_t variant;          /* 0 keyboard, 1 mouse */
    /* registers with storage (internal) */
    uint8_t set;               /* keyboard: scan code set in use (1 or 2) */
    uint8_t leds;              /* keyboard: ED option byte */
    uint8_t typematic;         /* keyboard: F3 option byte */
    uint8_t rate;              /* mouse: samples per second */
    uint8_t resolution;        /* mouse: 0-3 (1, 2, 4, 8 counts/mm) */
    uint8_t mode;              /* mouse: MODE_* bits */
    uint8_t id;                /* mouse: 0, 3 (IntelliMouse) or 4 (Explorer) */
    /* internal state */
    ps2_queue resp;            /* command responses, sent first */
    ps2_queue data;            /* scan codes, movement reports */
    uint8_t cmd;               /* command waiting for its option byte (0: none) */
    uint8_t last;              /* last byte sent, for Resend */
    uint8_t enabled;           /* scanning (keyboard) / data reporting (mouse) */
    uint8_t overrun;           /* keyboard: the overrun code is queued */
    uint8_t tm_key;            /* keyboard: HID usage repeating (0: none) */
    uint8_t rates[3];          /* mouse: last three sample rates set, oldest first */
    uint8_t buttons, sent_buttons;
    int32_t dx, dy, dz;        /* mouse: movement not yet reported (PS/2 sense) */
    ww_timer repeat;
    ww_line ready;
    ww_line led[3];
    ww_inputdev *input;
} ps2_t;

enum { VARIANT_KEYBOARD, VARIANT_MOUSE };
enum { PS2_DATA = 0, PS2_STATUS = 1 };
enum { STATUS_READY = 0x01 };
enum { REGION_PORT, REGION__COUNT };
enum { PORT_READY, PORT_LED, PORT__COUNT };
enum { BACKEND_INPUT, BACKEND__COUNT };

/* Bytes to the system */
enum { REPLY_ACK = 0xFA, REPLY_RESEND = 0xFE, REPLY_BAT_OK = 0xAA, REPLY_ECHO = 0xEE };
/* Keyboard commands ("Commands from the System") */
enum { KBD_SET_LEDS = 0xED, KBD_ECHO = 0xEE, KBD_SCANSET = 0xF0, KBD_IDENTIFY = 0xF2,
       KBD_TYPEMATIC = 0xF3, KBD_ENABLE = 0xF4, KBD_DISABLE = 0xF5, KBD_DEFAULTS = 0xF6,
       KBD_ALL_TYPEMATIC = 0xF7, KBD_ALL_MAKE_BREAK = 0xF8, KBD_ALL_MAKE = 0xF9,
       KBD_ALL_TMB = 0xFA, KBD_KEY_TYPEMATIC = 0xFB, KBD_KEY_MAKE_BREAK = 0xFC,
       KBD_KEY_MAKE = 0xFD, CMD_RESEND = 0xFE, CMD_RESET = 0xFF };
/* Mouse commands ("Pointing Device") */
enum { AUX_SCALE11 = 0xE6, AUX_SCALE21 = 0xE7, AUX_SET_RES = 0xE8, AUX_STATUS = 0xE9,
       AUX_STREAM = 0xEA, AUX_READ_DATA = 0xEB, AUX_RESET_WRAP = 0xEC, AUX_WRAP = 0xEE,
       AUX_REMOTE = 0xF0, AUX_GET_ID = 0xF2, AUX_SET_RATE = 0xF3, AUX_ENABLE = 0xF4,
       AUX_DISABLE = 0xF5, AUX_DEFAULTS = 0xF6 };
/* The first command code: a lower byte after a command is its option byte. */
enum { FIRST_COMMAND = 0xED };
/* A list-taking set-3 command (FB-FD) is waiting for key codes. */
enum { CMD_KEY_LIST = 0x01 };

enum { LEDS_SCROLL = 0x01, LEDS_NUM = 0x02, LEDS_CAPS = 0x04 };
enum { TM_RATE = 0x1f, TM_DELAY = 0x60 };
enum { MODE_SCALE21 = 0x01, MODE_REMOTE = 0x02, MODE_WRAP = 0x04 };
/* Data report byte 1 */
enum { PKT_LEFT = 0x01, PKT_RIGHT = 0x02, PKT_MIDDLE = 0x04, PKT_ONE = 0x08, PKT_XSIGN = 0x10,
       PKT_YSIGN = 0x20, PKT_XOVF = 0x40, PKT_YOVF = 0x80 };
/* Status request byte 1 */
enum { ST_RIGHT = 0x01, ST_MIDDLE = 0x02, ST_LEFT = 0x04, ST_SCALE21 = 0x10, ST_ENABLED = 0x20,
       ST_REMOTE = 0x40 };

#define AT(m) WW_AT(ps2_t, m)
#define QT(m) WW_AT(ps2_queue, m)

static const ww_field_desc leds_fields[] = {
    WW_FIELD(LEDS_, SCROLL, "Scroll Lock"), WW_FIELD(LEDS_, NUM, "Num Lock"),
    WW_FIELD(LEDS_, CAPS, "Caps Lock"),
    { 0 }
};
static const ww_field_desc tm_fields[] = {
    WW_FIELD(TM_, RATE,  "period (8 + bits 2-0) × 2^(bits 4-3) × 4.17 ms"),
    WW_FIELD(TM_, DELAY, "delay (1 + n) × 250 ms"),
    { 0 }
};
static const ww_field_desc mode_fields[] = {
    WW_FIELD(MODE_, SCALE21, "2:1 scaling"), WW_FIELD(MODE_, REMOTE, "remote mode (else stream)"),
    WW_FIELD(MODE_, WRAP, "wrap (echo) mode"),
    { 0 }
};
static const ww_field_desc status_fields[] = {
    WW_FIELD(STATUS_, READY, "a byte is waiting to be sent"),
    { 0 }
};

#define INTERNAL(name, member, ...) \
    { name, .flags = WW_REG_INTERNAL, .at = AT(member), __VA_ARGS__ }
static const ww_reg_desc ps2_regs[] = {
    /* name     region       off         w  flags */
    { "DATA",   REGION_PORT, PS2_DATA,   1, WW_REG_RC | WW_REG_SIDE,
      .doc = "read: the next byte to the host (taken); write: a byte from the host" },
    { "STATUS", REGION_PORT, PS2_STATUS, 1, WW_REG_RO, .fields = status_fields },
    INTERNAL("SET", set, .reset = 2, .doc = "keyboard: scan code set (1 or 2)"),
    INTERNAL("LEDS", leds, .mask = 0x07, .fields = leds_fields, .doc = "keyboard: indicators"),
    INTERNAL("TYPEMATIC", typematic, .reset = 0x2B, .mask = 0x7f, .fields = tm_fields,
             .doc = "keyboard: rate/delay (default 10.9 cps, 500 ms)"),
    INTERNAL("RATE", rate, .reset = 100, .doc = "mouse: sample rate"),
    INTERNAL("RESOLUTION", resolution, .reset = 2, .mask = 0x03,
             .doc = "mouse: 0-3 = 1, 2, 4, 8 counts/mm"),
    INTERNAL("MODE", mode, .mask = 0x07, .fields = mode_fields, .doc = "mouse: modes"),
    INTERNAL("ID", id, .doc = "mouse: device ID (0 standard, 3 wheel, 4 5-button)"),
    { 0 }
};

static void repeat_fire(ww_chip *c, unsigned index);

static const ww_state_desc queue_state[] = {
    { "buf",   WW_STATE_U8, QT(buf),   "bytes (ring)" },
    { "head",  WW_STATE_U8, QT(head) },
    { "count", WW_STATE_U8, QT(count) },
    { 0 }
};
static const ww_record_desc queue_record = { "queue", sizeof(ps2_queue), queue_state };

static const ww_state_desc ps2_state[] = {
    { "resp",    WW_STATE_RECORD, AT(resp), "command responses (sent first)",
      .record = &queue_record },
    { "data",    WW_STATE_RECORD, AT(data), "scan codes / movement reports",
      .record = &queue_record },
    { "cmd",     WW_STATE_U8,  AT(cmd),     "command waiting for its option byte" },
    { "last",    WW_STATE_U8,  AT(last),    "last byte sent (Resend)" },
    { "enabled", WW_STATE_U8,  AT(enabled), "scanning (keyboard: on at reset) / data reporting "
      "(mouse: off)", .flags = WW_STATE_CHIP_RESET },
    { "overrun", WW_STATE_U8,  AT(overrun), "overrun code queued" },
    { "tm_key",  WW_STATE_U8,  AT(tm_key),  "HID usage of the repeating key" },
    { "rates",   WW_STATE_U8,  AT(rates),   "last three sample rates (ID sequences)" },
    { "buttons", WW_STATE_U8,  AT(buttons), "buttons down (host bits)" },
    { "sent_buttons", WW_STATE_U8, AT(sent_buttons), "buttons in the last report" },
    { "dx",      WW_STATE_I32, AT(dx),      "movement not yet reported" },
    { "dy",      WW_STATE_I32, AT(dy) },
    { "dz",      WW_STATE_I32, AT(dz) },
    { "repeat",  WW_STATE_TIMER, AT(repeat), "next typematic repeat", .fire = repeat_fire },
    { 0 }
};

/* ---- scan codes (Microsoft Keyboard Scan Code Specification, Appendix C) --- */

/* Make codes of scan code sets 1 and 2 by USB HID usage (page 07h); E0 marks
 * a code sent after an E0 prefix. Breaks: set 1 sets bit 7, set 2 sends F0
 * before the last byte. PrintScreen and Pause have sequences of their own. */
#define E0 0x100
typedef struct { uint16_t set1, set2; } ps2_code;
enum { HID_PRINTSCREEN = 0x46, HID_PAUSE = 0x48 };
static const ps2_code keymap[256] = {
    [0x04] = { 0x1E, 0x1C }, [0x05] = { 0x30, 0x32 }, [0x06] = { 0x2E, 0x21 },  /* a b c */
    [0x07] = { 0x20, 0x23 }, [0x08] = { 0x12, 0x24 }, [0x09] = { 0x21, 0x2B },  /* d e f */
    [0x0A] = { 0x22, 0x34 }, [0x0B] = { 0x23, 0x33 }, [0x0C] = { 0x17, 0x43 },  /* g h i */
    [0x0D] = { 0x24, 0x3B }, [0x0E] = { 0x25, 0x42 }, [0x0F] = { 0x26, 0x4B },  /* j k l */
    [0x10] = { 0x32, 0x3A }, [0x11] = { 0x31, 0x31 }, [0x12] = { 0x18, 0x44 },  /* m n o */
    [0x13] = { 0x19, 0x4D }, [0x14] = { 0x10, 0x15 }, [0x15] = { 0x13, 0x2D },  /* p q r */
    [0x16] = { 0x1F, 0x1B }, [0x17] = { 0x14, 0x2C }, [0x18] = { 0x16, 0x3C },  /* s t u */
    [0x19] = { 0x2F, 0x2A }, [0x1A] = { 0x11, 0x1D }, [0x1B] = { 0x2D, 0x22 },  /* v w x */
    [0x1C] = { 0x15, 0x35 }, [0x1D] = { 0x2C, 0x1A },                          /* y z */
    [0x1E] = { 0x02, 0x16 }, [0x1F] = { 0x03, 0x1E }, [0x20] = { 0x04, 0x26 },  /* 1 2 3 */
    [0x21] = { 0x05, 0x25 }, [0x22] = { 0x06, 0x2E }, [0x23] = { 0x07, 0x36 },  /* 4 5 6 */
    [0x24] = { 0x08, 0x3D }, [0x25] = { 0x09, 0x3E }, [0x26] = { 0x0A, 0x46 },  /* 7 8 9 */
    [0x27] = { 0x0B, 0x45 },                                                    /* 0 */
    [0x28] = { 0x1C, 0x5A }, [0x29] = { 0x01, 0x76 }, [0x2A] = { 0x0E, 0x66 },  /* Enter Esc Bksp */
    [0x2B] = { 0x0F, 0x0D }, [0x2C] = { 0x39, 0x29 }, [0x2D] = { 0x0C, 0x4E },  /* Tab Space - */
    [0x2E] = { 0x0D, 0x55 }, [0x2F] = { 0x1A, 0x54 }, [0x30] = { 0x1B, 0x5B },  /* = [ ] */
    [0x31] = { 0x2B, 0x5D }, [0x32] = { 0x2B, 0x5D }, [0x33] = { 0x27, 0x4C },  /* \ ISO# ; */
    [0x34] = { 0x28, 0x52 }, [0x35] = { 0x29, 0x0E }, [0x36] = { 0x33, 0x41 },  /* ' ` , */
    [0x37] = { 0x34, 0x49 }, [0x38] = { 0x35, 0x4A }, [0x39] = { 0x3A, 0x58 },  /* . / Caps */
    [0x3A] = { 0x3B, 0x05 }, [0x3B] = { 0x3C, 0x06 }, [0x3C] = { 0x3D, 0x04 },  /* F1 F2 F3 */
    [0x3D] = { 0x3E, 0x0C }, [0x3E] = { 0x3F, 0x03 }, [0x3F] = { 0x40, 0x0B },  /* F4 F5 F6 */
    [0x40] = { 0x41, 0x83 }, [0x41] = { 0x42, 0x0A }, [0x42] = { 0x43, 0x01 },  /* F7 F8 F9 */
    [0x43] = { 0x44, 0x09 }, [0x44] = { 0x57, 0x78 }, [0x45] = { 0x58, 0x07 },  /* F10 F11 F12 */
    [0x47] = { 0x46, 0x7E },                                                    /* Scroll Lock */
    [0x49] = { E0 | 0x52, E0 | 0x70 }, [0x4A] = { E0 | 0x47, E0 | 0x6C },      /* Insert Home */
    [0x4B] = { E0 | 0x49, E0 | 0x7D }, [0x4C] = { E0 | 0x53, E0 | 0x71 },      /* PgUp Delete */
    [0x4D] = { E0 | 0x4F, E0 | 0x69 }, [0x4E] = { E0 | 0x51, E0 | 0x7A },      /* End PgDn */
    [0x4F] = { E0 | 0x4D, E0 | 0x74 }, [0x50] = { E0 | 0x4B, E0 | 0x6B },      /* Right Left */
    [0x51] = { E0 | 0x50, E0 | 0x72 }, [0x52] = { E0 | 0x48, E0 | 0x75 },      /* Down Up */
    [0x53] = { 0x45, 0x77 },      [0x54] = { E0 | 0x35, E0 | 0x4A },           /* NumLock KP/ */
    [0x55] = { 0x37, 0x7C },      [0x56] = { 0x4A, 0x7B },                     /* KP* KP- */
    [0x57] = { 0x4E, 0x79 },      [0x58] = { E0 | 0x1C, E0 | 0x5A },           /* KP+ KPEnter */
    [0x59] = { 0x4F, 0x69 }, [0x5A] = { 0x50, 0x72 }, [0x5B] = { 0x51, 0x7A },  /* KP1 KP2 KP3 */
    [0x5C] = { 0x4B, 0x6B }, [0x5D] = { 0x4C, 0x73 }, [0x5E] = { 0x4D, 0x74 },  /* KP4 KP5 KP6 */
    [0x5F] = { 0x47, 0x6C }, [0x60] = { 0x48, 0x75 }, [0x61] = { 0x49, 0x7D },  /* KP7 KP8 KP9 */
    [0x62] = { 0x52, 0x70 }, [0x63] = { 0x53, 0x71 },                          /* KP0 KP. */
    [0x64] = { 0x56, 0x61 },                                                    /* ISO \ (102nd) */
    [0x65] = { E0 | 0x5D, E0 | 0x2F }, [0x66] = { E0 | 0x5E, E0 | 0x37 },      /* App Power */
    [0x67] = { 0x59, 0x0F },                                                    /* KP= */
    [0x68] = { 0x64, 0x08 }, [0x69] = { 0x65, 0x10 }, [0x6A] = { 0x66, 0x18 },  /* F13 F14 F15 */
    [0x6B] = { 0x67, 0x20 }, [0x6C] = { 0x68, 0x28 }, [0x6D] = { 0x69, 0x30 },  /* F16 F17 F18 */
    [0x6E] = { 0x6A, 0x38 }, [0x6F] = { 0x6B, 0x40 }, [0x70] = { 0x6C, 0x48 },  /* F19 F20 F21 */
    [0x71] = { 0x6D, 0x50 }, [0x72] = { 0x6E, 0x57 }, [0x73] = { 0x76, 0x5F },  /* F22 F23 F24 */
    [0x85] = { 0x7E, 0x6D },                                                    /* KP, (Brazil) */
    [0x87] = { 0x73, 0x51 }, [0x88] = { 0x70, 0x13 }, [0x89] = { 0x7D, 0x6A },  /* Ro Kana Yen */
    [0x8A] = { 0x79, 0x64 }, [0x8B] = { 0x7B, 0x67 },                          /* Henkan Muhenkan */
    [0xE0] = { 0x1D, 0x14 }, [0xE1] = { 0x2A, 0x12 }, [0xE2] = { 0x38, 0x11 },  /* LCtrl LShift LAlt */
    [0xE3] = { E0 | 0x5B, E0 | 0x1F }, [0xE4] = { E0 | 0x1D, E0 | 0x14 },      /* LGUI RCtrl */
    [0xE5] = { 0x36, 0x59 }, [0xE6] = { E0 | 0x38, E0 | 0x11 },                 /* RShift RAlt */
    [0xE7] = { E0 | 0x5C, E0 | 0x27 },                                          /* RGUI */
};

/* ---- the byte queues ------------------------------------------------------ */

static unsigned q_count(const ps2_queue *q)
{
    return MIN(q->count, (unsigned)QSIZE);
}

static bool q_push(ps2_queue *q, uint8_t b)
{
    if (q_count(q) >= QSIZE)
        return false;
    q->buf[(q->head + q_count(q)) % QSIZE] = b;
    q->count = (uint8_t)(q_count(q) + 1);
    return true;
}

static uint8_t q_peek(const ps2_queue *q)
{
    return q->buf[q->head % QSIZE];
}

static uint8_t q_pop(ps2_queue *q)
{
    uint8_t b = q_peek(q);
    q->head = (uint8_t)((q->head + 1) % QSIZE);
    q->count = (uint8_t)(q_count(q) - 1);
    return b;
}

static void q_clear(ps2_queue *q)
{
    q->head = q->count = 0;
}

static bool is_mouse(const ps2_t *d)
{
    return d->variant == VARIANT_MOUSE;
}

static void update_ready(ps2_t *d)
{
    ww_line_set(&d->ready, q_count(&d->resp) + q_count(&d->data) != 0);
}

static void reply(ps2_t *d, uint8_t b)
{
    if (!q_push(&d->resp, b))
        ww_chip_guest_error(&d->chip, "response 0x%02x lost: the host is not reading", b);
}

static void update_leds(ps2_t *d)
{
    ww_line_set(&d->led[0], !!(d->leds & LEDS_SCROLL));
    ww_line_set(&d->led[1], !!(d->leds & LEDS_NUM));
    ww_line_set(&d->led[2], !!(d->leds & LEDS_CAPS));
}

/* ---- keyboard ----------------------------------------------------------- */

/* The bytes of one key transition in the current set; returns the count. */
static unsigned key_bytes(const ps2_t *d, unsigned usage, bool down, uint8_t out[8])
{
    bool set1 = d->set == 1;
    unsigned n = 0;
    if (usage == HID_PAUSE) {
        static const uint8_t s1[6] = { 0xE1, 0x1D, 0x45, 0xE1, 0x9D, 0xC5 };
        static const uint8_t s2[8] = { 0xE1, 0x14, 0x77, 0xE1, 0xF0, 0x14, 0xF0, 0x77 };
        if (!down)
            return 0;   /* Pause has no break code */
        memcpy(out, set1 ? s1 : s2, set1 ? 6 : 8);
        return set1 ? 6 : 8;
    }
    if (usage == HID_PRINTSCREEN) {
        static const uint8_t s1m[4] = { 0xE0, 0x2A, 0xE0, 0x37 }, s1b[4] = { 0xE0, 0xB7, 0xE0, 0xAA };
        static const uint8_t s2m[4] = { 0xE0, 0x12, 0xE0, 0x7C };
        static const uint8_t s2b[6] = { 0xE0, 0xF0, 0x7C, 0xE0, 0xF0, 0x12 };
        if (set1) {
            memcpy(out, down ? s1m : s1b, 4);
            return 4;
        }
        memcpy(out, down ? s2m : s2b, down ? 4 : 6);
        return down ? 4 : 6;
    }
    uint16_t code = set1 ? keymap[usage & 0xff].set1 : keymap[usage & 0xff].set2;
    if (!code)
        return 0;
    if (code & E0)
        out[n++] = 0xE0;
    if (set1) {
        out[n++] = (uint8_t)(code | (down ? 0 : 0x80));
    } else {
        if (!down)
            out[n++] = 0xF0;
        out[n++] = (uint8_t)code;
    }
    return n;
}

/* Queue a key's bytes whole, or the overrun code (set 1: FF, sets 2/3: 00). */
static void queue_key(ps2_t *d, unsigned usage, bool down)
{
    uint8_t b[8];
    unsigned n = key_bytes(d, usage, down, b);
    if (!n)
        return;
    if (q_count(&d->data) + n > QSIZE - 1 || d->overrun) {
        if (!d->overrun && q_count(&d->data) < QSIZE) {
            q_push(&d->data, d->set == 1 ? 0xFF : 0x00);
            d->overrun = 1;
        }
        return;
    }
    for (unsigned i = 0; i < n; i++)
        q_push(&d->data, b[i]);
}

/* "Typematic rate and delay": period (8 + A) × 2^B × 4.17 ms, delay (1 + D) × 250 ms. */
static ww_time typematic_period(const ps2_t *d)
{
    unsigned a = d->typematic & 7, b = (d->typematic >> 3) & 3;
    return (ww_time)(8 + a) * (1u << b) * 4170000ull;
}

static ww_time typematic_delay(const ps2_t *d)
{
    return (ww_time)(1 + ((d->typematic >> 5) & 3)) * 250000000ull;
}

static void repeat_fire(ww_chip *c, unsigned index)
{
    ps2_t *d = (ps2_t *)c;
    if (!d->tm_key || !d->enabled)
        return;
    queue_key(d, d->tm_key, true);
    update_ready(d);
    ww_timer_mod(&d->repeat, ww_sched_now(c->sched) + typematic_period(d));
}

static void host_key(void *opaque, unsigned usage, bool down)
{
    ps2_t *d = opaque;
    if (is_mouse(d) || !d->enabled || usage > 0xff)
        return;
    queue_key(d, usage, down);
    if (down) {
        /* Typematic repeats the last key pressed (not Pause). */
        bool repeats = usage != HID_PAUSE && (keymap[usage].set2 || usage == HID_PRINTSCREEN);
        d->tm_key = repeats ? (uint8_t)usage : 0;
        if (repeats)
            ww_timer_mod(&d->repeat, ww_sched_now(d->chip.sched) + typematic_delay(d));
        else
            ww_timer_del(&d->repeat);
    } else if (usage == d->tm_key) {
        d->tm_key = 0;
        ww_timer_del(&d->repeat);
    }
    update_ready(d);
}

/* Power-on defaults ("Set Default", F6): typematic 10.9 cps / 500 ms, set 2
 * kept or restored, keys all typematic/make/break. */
static void kbd_defaults(ps2_t *d)
{
    d->typematic = 0x2B;
    d->tm_key = 0;
    ww_timer_del(&d->repeat);
    q_clear(&d->data);
    d->overrun = 0;
}

static void kbd_command(ps2_t *d, uint8_t v)
{
    switch (v) {
    case KBD_SET_LEDS:
    case KBD_TYPEMATIC:
    case KBD_SCANSET:
        d->cmd = v;
        reply(d, REPLY_ACK);
        break;
    case KBD_ECHO:
        reply(d, REPLY_ECHO);
        break;
    case KBD_IDENTIFY:
        reply(d, REPLY_ACK);
        reply(d, 0xAB);
        reply(d, 0x83);
        break;
    case KBD_ENABLE:
        q_clear(&d->data);
        d->overrun = 0;
        d->enabled = 1;
        reply(d, REPLY_ACK);
        break;
    case KBD_DISABLE:
        kbd_defaults(d);
        d->enabled = 0;
        reply(d, REPLY_ACK);
        break;
    case KBD_DEFAULTS:
        kbd_defaults(d);
        reply(d, REPLY_ACK);
        break;
    case KBD_ALL_TYPEMATIC:
    case KBD_ALL_MAKE_BREAK:
    case KBD_ALL_MAKE:
    case KBD_ALL_TMB:
        reply(d, REPLY_ACK);   /* set 3 key types: no effect in sets 1 and 2 */
        break;
    case KBD_KEY_TYPEMATIC:
    case KBD_KEY_MAKE_BREAK:
    case KBD_KEY_MAKE:
        d->cmd = CMD_KEY_LIST;
        reply(d, REPLY_ACK);
        break;
    case CMD_RESET:
        /* ACK, then the basic assurance test passes: AA; LEDs off, set 2. */
        kbd_defaults(d);
        d->set = 2;
        d->leds = 0;
        d->enabled = 1;
        update_leds(d);
        reply(d, REPLY_ACK);
        reply(d, REPLY_BAT_OK);
        break;
    default:
        reply(d, REPLY_RESEND);
        break;
    }
}

static void kbd_option(ps2_t *d, uint8_t cmd, uint8_t v)
{
    switch (cmd) {
    case KBD_SET_LEDS:
        d->leds = v & 0x07;
        update_leds(d);
        reply(d, REPLY_ACK);
        break;
    case KBD_TYPEMATIC:
        d->typematic = v & 0x7f;
        reply(d, REPLY_ACK);
        break;
    case KBD_SCANSET:
        if (v == 0) {
            reply(d, REPLY_ACK);
            reply(d, d->set);
        } else if (v <= 3) {
            if (v < 3)
                d->set = v;   /* set 3 is acknowledged, not selected (see top) */
            q_clear(&d->data);
            d->overrun = 0;
            reply(d, REPLY_ACK);
        } else {
            reply(d, REPLY_RESEND);
        }
        break;
    default:   /* CMD_KEY_LIST: key codes for FB-FD */
        d->cmd = CMD_KEY_LIST;
        reply(d, REPLY_ACK);
        break;
    }
}

/* ---- mouse -------------------------------------------------------------- */

static void mouse_defaults(ps2_t *d)
{
    d->rate = 100;
    d->resolution = 2;
    d->mode = 0;
    d->enabled = 0;
    q_clear(&d->data);
}

/* "Scaling": 2:1 maps 1..5 to 1 1 3 6 9 and n ≥ 6 to 2n (stream mode). */
static int scale21(int v)
{
    static const int8_t small[6] = { 0, 1, 1, 3, 6, 9 };
    int a = v < 0 ? -v : v;
    int s = a < 6 ? small[a] : 2 * a;
    return v < 0 ? -s : s;
}

static int clampi(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* One data report from the movement not yet reported (what does not fit in
 * 9 bits stays for the next report). */
static void queue_packet(ps2_t *d, bool stream)
{
    int x = clampi(d->dx, -256, 255), y = clampi(d->dy, -256, 255), z = clampi(d->dz, -8, 7);
    d->dx -= x;
    d->dy -= y;
    d->dz -= d->id ? z : d->dz;
    if (stream && (d->mode & MODE_SCALE21)) {
        x = clampi(scale21(x), -256, 255);
        y = clampi(scale21(y), -256, 255);
    }
    uint8_t b = d->buttons;
    uint8_t b0 = (uint8_t)(PKT_ONE | (b & 1 ? PKT_LEFT : 0) | (b & 2 ? PKT_RIGHT : 0) |
                           (b & 4 ? PKT_MIDDLE : 0) | (x < 0 ? PKT_XSIGN : 0) |
                           (y < 0 ? PKT_YSIGN : 0));
    q_push(&d->data, b0);
    q_push(&d->data, (uint8_t)x);
    q_push(&d->data, (uint8_t)y);
    if (d->id == 3)
        q_push(&d->data, (uint8_t)z);
    else if (d->id == 4)
        q_push(&d->data, (uint8_t)((z & 0x0f) | (b & 0x08 ? 0x10 : 0) | (b & 0x10 ? 0x20 : 0)));
    d->sent_buttons = b;
}

/* Stream mode: report when there is something to report and the last report
 * has been taken. */
static void mouse_stream(ps2_t *d)
{
    if (!is_mouse(d) || !d->enabled || (d->mode & (MODE_REMOTE | MODE_WRAP)) ||
        q_count(&d->data))
        return;
    if (d->dx || d->dy || (d->dz && d->id) || d->buttons != d->sent_buttons)
        queue_packet(d, true);
}

static void host_mouse(void *opaque, int dx, int dy, int dz, unsigned buttons)
{
    ps2_t *d = opaque;
    if (!is_mouse(d))
        return;
    /* PS/2 Y grows upwards; Z is positive towards the user. */
    d->dx = clampi(d->dx + clampi(dx, -65536, 65536), -65536, 65536);
    d->dy = clampi(d->dy - clampi(dy, -65536, 65536), -65536, 65536);
    d->dz = clampi(d->dz - clampi(dz, -65536, 65536), -65536, 65536);
    d->buttons = (uint8_t)(buttons & 0x1f);
    if (!d->enabled || (d->mode & MODE_REMOTE)) {
        if (!d->enabled)
            d->dx = d->dy = d->dz = 0;   /* reporting off: movement is not kept */
        return;
    }
    mouse_stream(d);
    update_ready(d);
}

static void mouse_command(ps2_t *d, uint8_t v)
{
    if (d->mode & MODE_WRAP) {
        /* Wrap mode echoes everything but Reset Wrap Mode and Reset. */
        if (v != AUX_RESET_WRAP && v != CMD_RESET) {
            reply(d, v);
            return;
        }
    }
    if (v != CMD_RESEND)
        q_clear(&d->data);
    switch (v) {
    case AUX_SCALE11:
        d->mode &= (uint8_t)~MODE_SCALE21;
        reply(d, REPLY_ACK);
        break;
    case AUX_SCALE21:
        d->mode |= MODE_SCALE21;
        reply(d, REPLY_ACK);
        break;
    case AUX_SET_RES:
    case AUX_SET_RATE:
        d->cmd = v;
        reply(d, REPLY_ACK);
        break;
    case AUX_STATUS: {
        uint8_t b = d->buttons;
        reply(d, REPLY_ACK);
        reply(d, (uint8_t)((d->mode & MODE_REMOTE ? ST_REMOTE : 0) | (d->enabled ? ST_ENABLED : 0) |
                           (d->mode & MODE_SCALE21 ? ST_SCALE21 : 0) | (b & 1 ? ST_LEFT : 0) |
                           (b & 4 ? ST_MIDDLE : 0) | (b & 2 ? ST_RIGHT : 0)));
        reply(d, d->resolution & 3);
        reply(d, d->rate);
        break;
    }
    case AUX_STREAM:
        d->mode &= (uint8_t)~MODE_REMOTE;
        reply(d, REPLY_ACK);
        break;
    case AUX_READ_DATA:
        reply(d, REPLY_ACK);
        queue_packet(d, false);
        break;
    case AUX_RESET_WRAP:
        d->mode &= (uint8_t)~MODE_WRAP;
        reply(d, REPLY_ACK);
        break;
    case AUX_WRAP:
        d->mode |= MODE_WRAP;
        reply(d, REPLY_ACK);
        break;
    case AUX_REMOTE:
        d->mode |= MODE_REMOTE;
        reply(d, REPLY_ACK);
        break;
    case AUX_GET_ID:
        reply(d, REPLY_ACK);
        reply(d, d->id);
        break;
    case AUX_ENABLE:
        d->enabled = 1;
        d->dx = d->dy = d->dz = 0;
        d->sent_buttons = d->buttons;
        reply(d, REPLY_ACK);
        break;
    case AUX_DISABLE:
        d->enabled = 0;
        reply(d, REPLY_ACK);
        break;
    case AUX_DEFAULTS:
        mouse_defaults(d);
        reply(d, REPLY_ACK);
        break;
    case CMD_RESET:
        mouse_defaults(d);
        d->id = 0;
        memset(d->rates, 0, sizeof d->rates);
        reply(d, REPLY_ACK);
        reply(d, REPLY_BAT_OK);
        reply(d, 0x00);
        break;
    default:
        reply(d, REPLY_RESEND);
        break;
    }
}

static void mouse_option(ps2_t *d, uint8_t cmd, uint8_t v)
{
    if (cmd == AUX_SET_RES) {
        d->resolution = v & 3;
        reply(d, REPLY_ACK);
        return;
    }
    /* AUX_SET_RATE; the IntelliMouse sequences switch the ID. */
    d->rate = v;
    d->rates[0] = d->rates[1];
    d->rates[1] = d->rates[2];
    d->rates[2] = v;
    if (d->id == 0 && d->rates[0] == 200 && d->rates[1] == 100 && d->rates[2] == 80)
        d->id = 3;
    else if (d->id == 3 && d->rates[0] == 200 && d->rates[1] == 200 && d->rates[2] == 80)
        d->id = 4;
    reply(d, REPLY_ACK);
}

/* ---- the link ------------------------------------------------------------ */

static void host_byte(ps2_t *d, uint8_t v)
{
    uint8_t cmd = d->cmd;
    if (v == CMD_RESEND && !(is_mouse(d) && (d->mode & MODE_WRAP))) {
        /* Resend: the last byte again, before anything else. */
        reply(d, d->last);
        return;
    }
    if (cmd && v < FIRST_COMMAND && !(is_mouse(d) && (d->mode & MODE_WRAP))) {
        d->cmd = 0;
        if (is_mouse(d))
            mouse_option(d, cmd, v);
        else
            kbd_option(d, cmd, v);
        return;
    }
    /* A command where an option byte was expected is a new command. */
    d->cmd = 0;
    if (is_mouse(d))
        mouse_command(d, v);
    else
        kbd_command(d, v);
}

static uint64_t ps2_read(ww_chip *c, unsigned region, uint64_t off, unsigned size, ww_access how)
{
    ps2_t *d = (ps2_t *)c;
    switch (off) {
    case PS2_DATA: {
        ps2_queue *q = q_count(&d->resp) ? &d->resp : q_count(&d->data) ? &d->data : NULL;
        if (!q)
            return d->last;
        if (how == WW_PEEK)
            return q_peek(q);
        uint8_t b = q_pop(q);
        d->last = b;
        if (!q_count(&d->data))
            d->overrun = 0;
        mouse_stream(d);
        update_ready(d);
        return b;
    }
    case PS2_STATUS:
        return (q_count(&d->resp) + q_count(&d->data)) ? STATUS_READY : 0;
    default:
        if (how != WW_PEEK)
            ww_chip_unimp(c, "read", region, off);
        return 0xff;
    }
}

static void ps2_write(ww_chip *c, unsigned region, uint64_t off, uint64_t val, unsigned size)
{
    ps2_t *d = (ps2_t *)c;
    if (off != PS2_DATA) {
        ww_chip_unimp(c, "write", region, off);
        return;
    }
    host_byte(d, (uint8_t)val);
    update_ready(d);
}

static void input_bound(ww_chip *c, unsigned index)
{
    ps2_t *d = (ps2_t *)c;
    if (d->input) {
        d->input->key = host_key;
        d->input->mouse = host_mouse;
        d->input->chip = d;
    }
}

static void ps2_unrealize(ww_chip *c)
{
    ps2_t *d = (ps2_t *)c;
    if (d->input && d->input->chip == d) {
        d->input->key = NULL;
        d->input->mouse = NULL;
        d->input->chip = NULL;
    }
}

static void ps2_reset(ww_chip *c, ww_reset_kind kind)
{
    ps2_t *d = (ps2_t *)c;
    /* Power-on: the keyboard scans (set 2) and has sent AA; the mouse is in
     * stream mode with reporting disabled. The AA is not queued: a BIOS
     * resets the device itself and flushes first. */
    d->enabled = !is_mouse(d);
    update_leds(d);
    update_ready(d);
}

static bool ps2_post_load(ww_chip *c, GError **err)
{
    ps2_t *d = (ps2_t *)c;
    d->resp.head %= QSIZE;
    d->data.head %= QSIZE;
    d->resp.count = (uint8_t)q_count(&d->resp);
    d->data.count = (uint8_t)q_count(&d->data);
    update_leds(d);
    update_ready(d);
    return true;
}

static const char *const ps2_variants[] = { "keyboard", "mouse", NULL };

static const ww_prop_desc ps2_props[] = {
    { "variant", WW_PROP_ENUM, AT(variant), "keyboard", 0, 0, ps2_variants, WW_UNIT_NONE,
      "keyboard (MF2, ID AB 83) or mouse (ID 00; 03/04 after the IntelliMouse sequences)" },
    { 0 }
};

static const ww_region_desc ps2_regions[] = {
    [REGION_PORT] = { "port", 2, 1, 1, WW_LITTLE_ENDIAN, 0,
                      "the link as a controller sees it: DATA, STATUS" },
    [REGION__COUNT] = { 0 }
};

static const ww_port_desc ps2_ports[] = {
    [PORT_READY] = { "ready", WW_PORT_OUT, 1, 0, offsetof(ps2_t, ready),
                     "a byte is waiting to be sent (to the controller's kbd-ready/aux-ready)" },
    [PORT_LED]   = { "led", WW_PORT_OUT, 3, 0, offsetof(ps2_t, led),
                     "keyboard indicators: @0 Scroll, @1 Num, @2 Caps Lock" },
    [PORT__COUNT] = { 0 }
};

static const ww_backend_desc ps2_backends[] = {
    [BACKEND_INPUT] = { "input", WW_BACKEND_INPUT, offsetof(ps2_t, input),
                        .doc = "host keys (HID usages) or mouse motion (<input to=…>)",
                        .bound = input_bound },
    [BACKEND__COUNT] = { 0 }
};

static const ww_chip_class ps2_class = {
    .type = "ps2",
    .summary = "PS/2 keyboard or mouse (the device on an 8042 port)",
    .doc = "IBM keyboard and PS/2 pointing device references: keyboard commands ED-FF, "
           "scan code sets 1 and 2 from USB HID usages, typematic repeat, LEDs; mouse "
           "commands E6-FF, stream/remote/wrap modes, 2:1 scaling, IntelliMouse IDs 3/4, "
           "3- and 4-byte reports. Host input through an input backend.",
    .size = sizeof(ps2_t),
    .version = 1,
    .props = ps2_props,
    .regions = ps2_regions,
    .regs = ps2_regs,
    .state = ps2_state,
    .ports = ps2_ports,
    .backends = ps2_backends,
    .unrealize = ps2_unrealize,
    .reset = ps2_reset,
    .read = ps2_read,
    .write = ps2_write,
    .post_load = ps2_post_load,
};
WW_CHIP_REGISTER(ps2_class)
