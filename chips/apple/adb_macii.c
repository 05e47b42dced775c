/* chips/apple/adb_macii.c — the Mac II-style ADB transceiver: the
 * microcontroller (Mac II 342S0440; on the Quadras the same function in the
 * I/O glue) that runs the ADB for the host through VIA1: two state lines on
 * port B (ST0 = PB4, ST1 = PB5), an interrupt/status line (/INT = PB3) and
 * the VIA's shift register, clocked by the transceiver on CB1 with the data
 * on CB2. The devices are chips/input/adb.c's, on the ADB space (adb.h).
 *
 * Sources: Guide to the Macintosh Family Hardware 2nd ed., ch. 8 "Apple
 * Desktop Bus" (the Mac II transceiver: states 0 command, 1 even byte, 2 odd
 * byte, 3 idle, table 8-? "ADB transaction states"; in the idle state the
 * transceiver repeats the last Talk command and interrupts when a device
 * answers); Linux drivers/macintosh/via-macii.c, which is the host this is
 * held to (its comment block and macii_interrupt: a state change makes the
 * transceiver shift one byte through the VIA's SR; after the command byte
 * /INT asserted means an autopoll reply is waiting; in a reply, /INT with the
 * first even byte is a bus time-out, with the first odd byte a service
 * request from another device, later the end of the data; an autopoll reply
 * starts in the idle state with the command byte and /INT asserted). QEMU
 * hw/misc/mac_via.c was read for the same sequence (including the 0x00 and
 * 0xFF filler bytes at the end of a reply and of a time-out).
 *
 *          +--------------+
 *  st@0-1 →| state        |→ int     (asserted: /INT low, VIA1 PB3)
 *  data_in→| (VIA CB2 out)|→ clock   (VIA CB1: idle high, eight pulses a byte)
 *          |              |→ data    (VIA CB2 in: the bit while clock rises)
 *          |   ADB host   |⇄ adb     (bus-master port: the ADB space)
 *          +--------------+
 *
 * A state change is acted on after `byte-time` (the lines settle: the host
 * changes ST0 and ST1 in one write but the pins move one at a time; a real
 * byte on the ADB takes about that long). Service requests are a device that
 * has data to talk (a peek of its Talk R0). Not modelled: a device's SRQ
 * enable (register 3 bit 13: every device may request), the ADB's real
 * timing (attention, sync, bit cells), collisions.
 * Test: tests/chips/apple/adb_macii.c
 */
#include "core/chip.h"
#include "core/space.h"
#include "chips/input/adb.h"

enum { ST_CMD = 0, ST_EVEN = 1, ST_ODD = 2, ST_IDLE = 3 };
enum { DIR_NONE, DIR_OUT, DIR_IN };     /* OUT: host to device (Listen data) */
enum { PORT_ST, PORT_DATA_IN, PORT_INT, PORT_CLOCK, PORT_DATA, PORT__COUNT };
enum { BUS_ADB, BUS__COUNT };

typedef struct {
    ww_chip chip;
    uint64_t byte_ns, poll_ns;     /* props */
    uint8_t state;                 /* the state acted on last */
    uint8_t cmd;                   /* command of the transaction */
    uint8_t dir;
    uint8_t listen[8], nlisten;    /* Listen data so far */
    uint8_t reply[8], nreply;      /* a Talk's answer (or an autopoll's) */
    uint8_t idx;                   /* reply bytes handed to the host */
    uint8_t timeout;               /* the Talk got no answer */
    uint8_t ap_cmd, ap_valid;      /* the Talk repeated while idle */
    uint8_t ap_pending;            /* an autopoll reply was offered (command byte in SR) */
    uint8_t discard;               /* the host's command byte is refused (a reply waits) */
    ww_timer state_timer, poll_timer;
    ww_line intr, clock, data;
} adb_macii_t;

#define AT(m) WW_AT(adb_macii_t, m)

static void state_fire(ww_chip *c, unsigned i);
static void poll_fire(ww_chip *c, unsigned i);

static const ww_reg_desc tx_regs[] = {
    { "STATE", .flags = WW_REG_INTERNAL | WW_REG_CHIP_RESET, .at = AT(state), .mask = 3,
      .doc = "ADB state last acted on: 0 command, 1 even, 2 odd, 3 idle" },
    { "CMD", .flags = WW_REG_INTERNAL, .at = AT(cmd), .doc = "command of the transaction" },
    { "AUTOPOLL", .flags = WW_REG_INTERNAL, .at = AT(ap_cmd),
      .doc = "the Talk command repeated while idle" },
    { 0 }
};

static const ww_state_desc tx_state[] = {
    { "dir",        WW_STATE_U8, AT(dir),        "0 none, 1 host to device, 2 device to host" },
    { "listen",     WW_STATE_U8, AT(listen),     "Listen data from the host" },
    { "nlisten",    WW_STATE_U8, AT(nlisten) },
    { "reply",      WW_STATE_U8, AT(reply),      "the device's answer" },
    { "nreply",     WW_STATE_U8, AT(nreply) },
    { "idx",        WW_STATE_U8, AT(idx),        "reply bytes given to the host" },
    { "timeout",    WW_STATE_U8, AT(timeout),    "the Talk got no answer" },
    { "ap_valid",   WW_STATE_U8, AT(ap_valid),   "a Talk has been sent (autopoll on)" },
    { "ap_pending", WW_STATE_U8, AT(ap_pending), "an autopoll reply is offered" },
    { "discard",    WW_STATE_U8, AT(discard),    "the host's command waits for the reply" },
    { "state_timer", WW_STATE_TIMER, AT(state_timer), "acting on a state change",
      .fire = state_fire },
    { "poll_timer", WW_STATE_TIMER, AT(poll_timer), "next autopoll", .fire = poll_fire },
    { 0 }
};

static ww_time now(adb_macii_t *t)
{
    return ww_sched_now(t->chip.sched);
}

static unsigned read_state(adb_macii_t *t)
{
    return (unsigned)(ww_input_level(&t->chip, PORT_ST, 0) |
                      ww_input_level(&t->chip, PORT_ST, 1) << 1);
}

/* ---- the VIA's shift register, bit by bit ------------------------------------------ */

/* Shift a byte into the VIA (CB2 = data while CB1 rises, MSB first). */
static void shift_in(adb_macii_t *t, uint8_t b)
{
    for (int i = 7; i >= 0; i--) {
        ww_line_set(&t->data, (b >> i) & 1);
        ww_line_set(&t->clock, 0);
        ww_line_set(&t->clock, 1);
    }
}

/* Clock a byte out of the VIA: it puts a bit on CB2 at each falling edge. */
static uint8_t shift_out(adb_macii_t *t)
{
    uint8_t b = 0;
    for (int i = 0; i < 8; i++) {
        ww_line_set(&t->clock, 0);
        b = (uint8_t)(b << 1 | ww_input_level(&t->chip, PORT_DATA_IN, 0));
        ww_line_set(&t->clock, 1);
    }
    return b;
}

static void set_int(adb_macii_t *t, bool asserted)
{
    ww_line_set(&t->intr, asserted);
}

/* ---- the bus ----------------------------------------------------------------------- */

static unsigned talk(adb_macii_t *t, uint8_t cmd, uint8_t *out)
{
    ww_space *bus = t->chip.bus[BUS_ADB];
    if (!bus)
        return 0;
    uint64_t base = ww_adb_reg(cmd >> 4, cmd & 3), v = 0;
    ww_space_read(bus, base + WW_ADB_TALK, 1, &v);
    unsigned n = MIN((unsigned)v, 8u);
    for (unsigned k = 0; k < n; k++) {
        uint64_t b = 0;
        ww_space_read(bus, base + k, 1, &b);
        out[k] = (uint8_t)b;
    }
    return n;
}

static void listen(adb_macii_t *t, uint8_t cmd, const uint8_t *d, unsigned n)
{
    ww_space *bus = t->chip.bus[BUS_ADB];
    if (!bus || !n)
        return;
    uint64_t base = ww_adb_reg(cmd >> 4, cmd & 3);
    for (unsigned k = 0; k < n; k++)
        ww_space_write(bus, base + k, 1, d[k]);
    ww_space_write(bus, base + WW_ADB_LISTEN, 1, n);
}

/* A device other than `addr` asks for service: it has something to talk (a
 * peek of its Talk R0: nothing is consumed). */
static bool srq_other(adb_macii_t *t, unsigned addr)
{
    ww_space *bus = t->chip.bus[BUS_ADB];
    if (!bus)
        return false;
    for (unsigned a = 1; a < WW_ADB_DEVICES; a++) {
        uint64_t n = 0;
        if (a != addr && ww_space_peek(bus, ww_adb_reg(a, 0) + WW_ADB_TALK, 1, &n) == WW_BUS_OK &&
            n)
            return true;
    }
    return false;
}

static void command(adb_macii_t *t, uint8_t cmd)
{
    ww_space *bus = t->chip.bus[BUS_ADB];
    t->cmd = cmd;
    t->nlisten = t->nreply = t->idx = 0;
    t->timeout = 0;
    switch (cmd & 0x0c) {
    case 0x00:
        t->dir = DIR_NONE;
        if (!bus)
            return;
        if ((cmd & 0x0f) == 0x00) {            /* SendReset: every device */
            for (unsigned a = 0; a < WW_ADB_DEVICES; a++)
                ww_space_write(bus, ww_adb_reg(a, 0) + WW_ADB_CONTROL, 1, WW_ADB_CTRL_RESET);
        } else if ((cmd & 0x0f) == 0x01) {     /* Flush */
            ww_space_write(bus, ww_adb_reg(cmd >> 4, 0) + WW_ADB_CONTROL, 1,
                           WW_ADB_CTRL_FLUSH);
        }
        return;
    case 0x08:                                  /* Listen: data follows */
        t->dir = DIR_OUT;
        return;
    case 0x0c:                                  /* Talk */
        t->dir = DIR_IN;
        t->nreply = (uint8_t)talk(t, cmd, t->reply);
        t->timeout = t->nreply == 0;
        t->ap_cmd = cmd;
        t->ap_valid = 1;
        return;
    default:                                    /* reserved: nothing on the bus */
        t->dir = DIR_NONE;
        return;
    }
}

/* The next byte of a reply to the host, with /INT as via-macii.c reads it. */
static void reply_byte(adb_macii_t *t)
{
    uint8_t b;
    bool intr;
    if (t->idx == 0) {
        b = t->timeout ? 0xff : t->reply[0];
        intr = t->timeout;                              /* time-out */
    } else if (t->idx == 1) {
        b = t->timeout ? 0xff : t->nreply > 1 ? t->reply[1] : 0;
        intr = srq_other(t, t->cmd >> 4);               /* service request */
    } else if (!t->timeout && t->idx < t->nreply) {
        b = t->reply[t->idx];
        intr = false;
    } else {
        b = t->timeout ? 0xff : 0x00;                   /* end of the data */
        intr = true;
    }
    if (t->idx < 255)
        t->idx++;
    set_int(t, intr);
    shift_in(t, b);
}

/* ---- states -------------------------------------------------------------------------- */

static void schedule_poll(adb_macii_t *t)
{
    if (t->chip.realized && t->ap_valid && t->state == ST_IDLE && !t->ap_pending)
        ww_timer_mod(&t->poll_timer, now(t) + t->poll_ns);
}

static void enter(adb_macii_t *t, unsigned st)
{
    unsigned old = t->state;
    t->state = (uint8_t)st;
    switch (st) {
    case ST_CMD: {
        ww_timer_del(&t->poll_timer);
        uint8_t cmd = shift_out(t);
        if (t->ap_pending) {
            /* An autopoll reply waits: /INT tells the host to read it first;
             * its command is not performed (it sends it again). */
            t->ap_pending = 0;
            t->discard = 1;
            t->dir = DIR_IN;
            t->idx = 0;
            set_int(t, true);
            return;
        }
        t->discard = 0;
        set_int(t, false);
        command(t, cmd);
        return;
    }
    case ST_EVEN:
    case ST_ODD:
        ww_timer_del(&t->poll_timer);
        if (old == ST_IDLE && t->ap_pending) {
            t->ap_pending = 0;                 /* the host reads the autopoll reply */
            t->dir = DIR_IN;
        }
        if (t->dir == DIR_OUT) {
            uint8_t b = shift_out(t);
            if (t->nlisten < sizeof t->listen)
                t->listen[t->nlisten++] = b;
            else
                ww_chip_guest_error(&t->chip, "Listen longer than 8 bytes; 0x%02x dropped", b);
            set_int(t, false);
        } else if (t->dir == DIR_IN) {
            reply_byte(t);
        } else {
            /* Nothing to move (after SendReset/Flush): a filler byte, end of data. */
            set_int(t, true);
            shift_in(t, 0xff);
        }
        return;
    case ST_IDLE:
    default:
        if (t->dir == DIR_OUT && !t->discard)
            listen(t, t->cmd, t->listen, t->nlisten);
        t->dir = DIR_NONE;
        t->discard = 0;
        set_int(t, false);
        schedule_poll(t);
        return;
    }
}

static void state_fire(ww_chip *c, unsigned i)
{
    adb_macii_t *t = (adb_macii_t *)c;
    unsigned st = read_state(t);
    if (st != t->state)
        enter(t, st);
}

/* Idle: repeat the last Talk; a device that answers (or a service request
 * from another one) is offered to the host with the command byte and /INT. */
static void poll_fire(ww_chip *c, unsigned i)
{
    adb_macii_t *t = (adb_macii_t *)c;
    if (t->state != ST_IDLE || !t->ap_valid || t->ap_pending)
        return;
    uint8_t r[8];
    unsigned n = talk(t, t->ap_cmd, r);
    if (n || srq_other(t, t->ap_cmd >> 4)) {
        memcpy(t->reply, r, n);
        t->nreply = (uint8_t)n;
        t->timeout = n == 0;
        t->cmd = t->ap_cmd;
        t->idx = 0;
        t->ap_pending = 1;
        set_int(t, true);
        shift_in(t, t->ap_cmd);
        return;
    }
    schedule_poll(t);
}

static void tx_signal(ww_chip *c, unsigned port, unsigned index, int level)
{
    adb_macii_t *t = (adb_macii_t *)c;
    if (port == PORT_ST && c->realized && !ww_timer_armed(&t->state_timer))
        ww_timer_mod(&t->state_timer, now(t) + t->byte_ns);
}

static void tx_reset(ww_chip *c, ww_reset_kind kind)
{
    adb_macii_t *t = (adb_macii_t *)c;
    ww_line_set(&t->clock, 1);
    ww_line_set(&t->data, 1);
    set_int(t, false);
    t->state = (uint8_t)read_state(t);
}

static bool tx_post_load(ww_chip *c, GError **err)
{
    adb_macii_t *t = (adb_macii_t *)c;
    t->state &= 3;          /* (a state from elsewhere: the register keeps 2 bits) */
    t->nlisten = (uint8_t)MIN(t->nlisten, 8);
    t->nreply = (uint8_t)MIN(t->nreply, 8);
    ww_line_set(&t->clock, 1);
    return true;
}

static const ww_prop_desc tx_props[] = {
    { "byte-time", WW_PROP_UINT, AT(byte_ns), "100us", 1000, 100000000, NULL, WW_UNIT_NS,
      "from a state change to the byte in the shift register" },
    { "poll-interval", WW_PROP_UINT, AT(poll_ns), "11ms", 100000, 1000000000, NULL, WW_UNIT_NS,
      "autopoll period while idle" },
    { 0 }
};

static const ww_port_desc tx_ports[] = {
    [PORT_ST]      = { "st", WW_PORT_IN, 2, WW_PORT_EDGE, 0,
                       "ST0, ST1 (VIA1 PB4, PB5): 0 command, 1 even, 2 odd, 3 idle" },
    [PORT_DATA_IN] = { "data_in", WW_PORT_IN, 1, 0, 0, "the VIA's CB2 output (shift out)" },
    [PORT_INT]     = { "int", WW_PORT_OUT, 1, 0, offsetof(adb_macii_t, intr),
                       "/INT asserted (VIA1 PB3 reads 0 with pb-idle 1)" },
    [PORT_CLOCK]   = { "clock", WW_PORT_OUT, 1, 0, offsetof(adb_macii_t, clock),
                       "shift clock to the VIA's CB1 (idle 1)" },
    [PORT_DATA]    = { "data", WW_PORT_OUT, 1, 0, offsetof(adb_macii_t, data),
                       "shift data to the VIA's CB2 input" },
    [PORT__COUNT]  = { 0 }
};

static const ww_bus_desc tx_buses[] = {
    [BUS_ADB] = { "adb", "the ADB: devices at address * 0x40 (chips/input/adb.h)",
                  WW_ADB_ADDR_BITS, WW_BIG_ENDIAN, WW_UNMAPPED_OPEN_BUS, 0 },
    [BUS__COUNT] = { 0 }
};

static const ww_chip_class adb_macii_class = {
    .type = "adb-macii",
    .summary = "Mac II-style ADB transceiver on VIA1 (state lines, /INT, the VIA's SR)",
    .doc = "Guide to the Macintosh Family Hardware ch. 8 and Linux via-macii.c: command, "
           "even, odd, idle states; bytes through the VIA's shift register clocked on "
           "CB1; /INT for time-out, service request, end of data and autopoll replies.",
    .size = sizeof(adb_macii_t),
    .version = 1,
    .props = tx_props,
    .regs = tx_regs,
    .state = tx_state,
    .ports = tx_ports,
    .buses = tx_buses,
    .reset = tx_reset,
    .signal = tx_signal,
    .post_load = tx_post_load,
};
WW_CHIP_REGISTER(adb_macii_class)
