/* chips/apple/cuda.c — Apple's CUDA system controller (a 68HC05 running Apple
 * firmware: ADB host, real-time clock, 256-byte PRAM, power and reset) behind
 * the VIA 6522 it talks through, as on the Old World Power Macs and the later
 * 68k Macs (the "VIA1" of the Quadra 660AV/840AV, the LC/Performa 5xx).
 *
 * Sources:
 *  - the VIA: the one VIA model, chips/apple/via6522.c (embedded: this chip is
 *    a VIA plus the controller behind its port B and shift register); registers
 *    every 0x200 bytes on these boards (OpenBIOS drivers/cuda.c "RS 0x200") —
 *    here a 16-byte region the machine maps with stride="0x200";
 *  - the CUDA side of the handshake, as the drivers expect it: Linux
 *    drivers/macintosh/via-cuda.c (cuda_init_via's sync: TACK without TIP
 *    makes CUDA assert TREQ, and TREQ follows TACK; cuda_start/cuda_interrupt:
 *    with ACR shifting out, TIP asserted takes the first byte and each TACK
 *    toggle the next; negating TIP ends the packet; a reply is offered by
 *    asserting TREQ, TIP makes CUDA load the first byte into SR and each TACK
 *    toggle the next; TREQ negated with the last byte ends it; every step
 *    raises the SR interrupt) and OpenBIOS drivers/cuda.c (the same, polled);
 *  - the packets: Inside Macintosh "ADB Manager"/Guide to the Macintosh Family
 *    Hardware "Cuda" and the Linux include/uapi/linux/cuda.h and adb.h command
 *    numbers; replies are [type, flags, command, data…] (via-cuda.c strips the
 *    first two bytes of ADB replies and reads flag 0x02 as "no response";
 *    OpenBIOS expects the same); an unknown command answers [ERROR_PACKET, 2,
 *    type, command]; the clock counts seconds since 1904-01-01 (Linux
 *    RTC_OFFSET 2082844800); QEMU hw/misc/macio/cuda.c for the clock VIA runs
 *    at (4.7 MHz / 6) and the autopoll period (QEMU: 50 Hz here).
 *
 *            +------------------+
 *  via (16)  | VIA 6522         |→ irq  (IFR & IER: SR, T1, T2 …)
 *            |  port B: TREQ in |
 *            |  TACK, TIP out   |
 *            |  SR ⇄ CUDA       |→ poweroff, reset (board wires)
 *            | CUDA: ADB host   |→ adb (bus: ADB devices, chips/input/adb_*.c)
 *            |  RTC, PRAM       |
 *            +------------------+
 *
 * The ADB bus is a space: device address a, register r is the 16-byte block
 * at a * 0x40 + r * 0x10 (bytes 0-7 data, +8 read = Talk: the byte count the
 * device answers with, +9 write = Listen: take n data bytes), and +0x0E of
 * register 0's block takes 1 = SendReset, 2 = Flush (chips/input/adb.h). An
 * address nothing answers reads 0: no response.
 * Not modelled: the VIA's limits (chips/apple/via6522.c); CUDA's I2C, the "one second" interrupt, wake-up
 * timers, the file-server flag (accepted), Egret's differences.
 * Test: tests/chips/apple/cuda.c
 */
#include "core/chip.h"
#include "core/space.h"
#include "chips/apple/via6522.h"
#include "chips/input/adb.h"

#define BUF 64
#define PRAM_SIZE 256
#define RTC_1904_TO_1970 2082844800u

typedef struct {
    ww_chip chip;
    via6522_core via;           /* first after chip (chips/apple/via6522.h) */
    uint64_t rtc_base;          /* prop: seconds since 1904 at time 0 */
    /* CUDA */
    uint8_t treq;               /* 1: CUDA asserts TREQ (the pin is low) */
    uint8_t last_b;             /* port B outputs as last seen (TIP, TACK) */
    uint8_t out[BUF];           /* packet from the host */
    uint8_t out_len;
    uint8_t in[BUF];            /* packet to the host */
    uint8_t in_len, in_pos;
    uint8_t autopoll;
    uint16_t poll_mask;         /* SET_DEVICE_LIST: addresses to poll (0: all) */
    uint8_t pram[PRAM_SIZE];
    int64_t rtc_offset;         /* seconds added to the virtual clock (SET_TIME) */
    ww_timer poll_timer, sr_timer;
    ww_line irq, poweroff, reset_out;
} cuda_t;

/* Port B as CUDA boards wire it (via-cuda.c): all active low. */
enum { PB_TREQ = 0x08, PB_TACK = 0x10, PB_TIP = 0x20 };
/* Packet types and CUDA commands (linux/cuda.h, adb.h). */
enum { ADB_PACKET = 0, CUDA_PACKET = 1, ERROR_PACKET = 2, TIMER_PACKET = 3,
       POWER_PACKET = 4, MACIIC_PACKET = 5 };
enum { CUDA_WARM_START = 0x00, CUDA_AUTOPOLL = 0x01, CUDA_GET_6805_ADDR = 0x02,
       CUDA_GET_TIME = 0x03, CUDA_GET_PRAM = 0x07, CUDA_SET_6805_ADDR = 0x08,
       CUDA_SET_TIME = 0x09, CUDA_POWERDOWN = 0x0a, CUDA_POWERUP_TIME = 0x0b,
       CUDA_SET_PRAM = 0x0c, CUDA_MS_RESET = 0x0d, CUDA_SEND_DFAC = 0x0e,
       CUDA_BATTERY_SWAP_SENSE = 0x10, CUDA_RESET_SYSTEM = 0x11, CUDA_SET_IPL = 0x12,
       CUDA_FILE_SERVER_FLAG = 0x13, CUDA_SET_AUTO_RATE = 0x14, CUDA_GET_AUTO_RATE = 0x16,
       CUDA_SET_DEVICE_LIST = 0x19, CUDA_GET_DEVICE_LIST = 0x1a,
       CUDA_SET_ONE_SECOND_MODE = 0x1b, CUDA_SET_POWER_MESSAGES = 0x21,
       CUDA_GET_SET_IIC = 0x22, CUDA_TIMER_TICKLE = 0x24, CUDA_COMBINED_FORMAT_IIC = 0x25 };
/* ADB reply flags. */
enum { ADB_FLAG_TIMEOUT = 0x02, ADB_FLAG_POLLED = 0x40 };
enum { ERR_BAD_PACKET = 1, ERR_BAD_COMMAND = 2 };

enum { REGION_VIA, REGION__COUNT };
enum { PORT_IRQ, PORT_POWEROFF, PORT_RESET, PORT__COUNT };
enum { BUS_ADB, BUS__COUNT };

#define POLL_NS (WW_NS_PER_SEC / 50)
/* CUDA answers a handshake step after a short while (QEMU: 20 µs for the SR
 * interrupt); drivers that poll IFR do not care, interrupt-driven ones need
 * the interrupt after they return from the handler that caused it. */
#define SR_DELAY_NS 20000u

#define AT(m) WW_AT(cuda_t, m)

static const ww_field_desc orb_fields[] = {
    WW_FIELD(PB_, TREQ, "CUDA transfer request (input, active low)"),
    WW_FIELD(PB_, TACK, "transfer acknowledge (output, active low)"),
    WW_FIELD(PB_, TIP, "transfer in progress (output, active low)"),
    { 0 }
};

static const ww_reg_desc cuda_regs[] = {
    VIA6522_REGS(cuda_t, REGION_VIA, orb_fields, NULL),
    { 0 }
};

static void poll_fire(ww_chip *c, unsigned i);
static void sr_fire(ww_chip *c, unsigned i);

static const ww_state_desc cuda_state[] = {
    VIA6522_STATE(cuda_t),
    { "treq",     WW_STATE_U8,   AT(treq),     "CUDA asserts TREQ" },
    { "last_b",   WW_STATE_U8,   AT(last_b),   "TIP/TACK as last seen", .reset = PB_TIP | PB_TACK },
    { "out",      WW_STATE_U8,   AT(out),      "packet being received from the host" },
    { "out_len",  WW_STATE_U8,   AT(out_len) },
    { "in",       WW_STATE_U8,   AT(in),       "packet being sent to the host" },
    { "in_len",   WW_STATE_U8,   AT(in_len) },
    { "in_pos",   WW_STATE_U8,   AT(in_pos) },
    { "autopoll", WW_STATE_U8,   AT(autopoll), "ADB autopolling on" },
    { "poll_mask", WW_STATE_U16, AT(poll_mask), "devices to poll (0: all)" },
    { "pram",     WW_STATE_U8,   AT(pram),     "parameter RAM (battery-backed)",
      .flags = WW_STATE_NORESET },
    { "rtc_offset", WW_STATE_I64, AT(rtc_offset), "clock = rtc-base + now + offset (s)",
      .flags = WW_STATE_NORESET },
    { "poll_timer", WW_STATE_TIMER, AT(poll_timer), "next ADB autopoll", .fire = poll_fire },
    { "sr_timer", WW_STATE_TIMER, AT(sr_timer), "CUDA's delayed SR interrupt", .fire = sr_fire },
    { 0 }
};

/* ---- VIA ---------------------------------------------------------------------- */

static ww_time now(cuda_t *u)
{
    return ww_sched_now(u->chip.sched);
}

static void set_ifr(cuda_t *u, uint8_t bits)
{
    via6522_set_ifr(&u->chip, &u->via, bits);
}

/* ---- CUDA -------------------------------------------------------------------- */

static void sr_int_later(cuda_t *u)
{
    if (!u->chip.realized) {
        set_ifr(u, VIA_IFR_SR);
        return;
    }
    ww_timer_mod(&u->sr_timer, now(u) + SR_DELAY_NS);
}

static void sr_fire(ww_chip *c, unsigned i)
{
    set_ifr((cuda_t *)c, VIA_IFR_SR);
}

static uint32_t rtc_now(cuda_t *u)
{
    return (uint32_t)(u->rtc_base + now(u) / WW_NS_PER_SEC + (uint64_t)u->rtc_offset);
}

/* Offer a packet to the host: TREQ is asserted while there is one (unless
 * the host is still in a transfer). */
static void send_packet(cuda_t *u, const uint8_t *data, unsigned len)
{
    len = MIN(len, BUF);
    memcpy(u->in, data, len);
    u->in_len = (uint8_t)len;
    u->in_pos = 0;
    if (len && (u->last_b & PB_TIP)) {
        u->treq = 1;
        sr_int_later(u);
    }
}

static void reply(cuda_t *u, uint8_t type, uint8_t flags, uint8_t cmd, const uint8_t *d,
                  unsigned n)
{
    uint8_t b[BUF];
    n = MIN(n, BUF - 3);
    b[0] = type;
    b[1] = flags;
    b[2] = cmd;
    if (n)
        memcpy(b + 3, d, n);
    send_packet(u, b, n + 3);
}

static void error_reply(cuda_t *u, uint8_t code, uint8_t type, uint8_t cmd)
{
    uint8_t b[4] = { ERROR_PACKET, code, type, cmd };
    send_packet(u, b, 4);
}

/* One ADB transaction on the bus (chips/input/adb.h); returns the reply
 * length (0: no response). */
static unsigned adb_transaction(cuda_t *u, uint8_t cmd, const uint8_t *data, unsigned n,
                                uint8_t *reply_buf)
{
    ww_space *bus = u->chip.bus[BUS_ADB];
    if (!bus)
        return 0;
    unsigned addr = cmd >> 4, reg = cmd & 3;
    uint64_t base = ww_adb_reg(addr, reg), v = 0;
    switch (cmd & 0x0c) {
    case 0x00:
        if ((cmd & 0x0f) == 0x00) {
            /* SendReset is a broadcast: every device goes to its defaults. */
            for (unsigned a = 0; a < WW_ADB_DEVICES; a++)
                ww_space_write(bus, ww_adb_reg(a, 0) + WW_ADB_CONTROL, 1, WW_ADB_CTRL_RESET);
        } else if ((cmd & 0x0f) == 0x01) {
            ww_space_write(bus, ww_adb_reg(addr, 0) + WW_ADB_CONTROL, 1, WW_ADB_CTRL_FLUSH);
        }
        return 0;
    case 0x08: /* Listen */
        n = MIN(n, 8u);
        for (unsigned k = 0; k < n; k++)
            ww_space_write(bus, base + k, 1, data[k]);
        ww_space_write(bus, base + WW_ADB_LISTEN, 1, n);
        return 0;
    case 0x0c: { /* Talk */
        ww_space_read(bus, base + WW_ADB_TALK, 1, &v);
        unsigned len = MIN((unsigned)v, 8u);
        for (unsigned k = 0; k < len; k++) {
            uint64_t b = 0;
            ww_space_read(bus, base + k, 1, &b);
            reply_buf[k] = (uint8_t)b;
        }
        return len;
    }
    default:
        return 0;
    }
}

static void adb_packet(cuda_t *u, const uint8_t *d, unsigned n)
{
    if (n < 1) {
        error_reply(u, ERR_BAD_PACKET, ADB_PACKET, 0);
        return;
    }
    uint8_t r[8];
    unsigned len = adb_transaction(u, d[0], d + 1, n - 1, r);
    bool talk = (d[0] & 0x0c) == 0x0c;
    if (talk && !len)
        reply(u, ADB_PACKET, ADB_FLAG_TIMEOUT, d[0], NULL, 0);
    else
        reply(u, ADB_PACKET, 0, d[0], r, len);
}

static void cuda_packet(cuda_t *u, const uint8_t *d, unsigned n)
{
    if (n < 1) {
        error_reply(u, ERR_BAD_PACKET, CUDA_PACKET, 0);
        return;
    }
    uint8_t cmd = d[0], r[8];
    switch (cmd) {
    case CUDA_AUTOPOLL:
        u->autopoll = n > 1 && d[1];
        if (u->chip.realized) {
            if (u->autopoll)
                ww_timer_mod(&u->poll_timer, now(u) + POLL_NS);
            else
                ww_timer_del(&u->poll_timer);
        }
        reply(u, CUDA_PACKET, 0, cmd, NULL, 0);
        return;
    case CUDA_GET_TIME: {
        uint32_t t = rtc_now(u);
        r[0] = (uint8_t)(t >> 24); r[1] = (uint8_t)(t >> 16);
        r[2] = (uint8_t)(t >> 8);  r[3] = (uint8_t)t;
        reply(u, CUDA_PACKET, 0, cmd, r, 4);
        return;
    }
    case CUDA_SET_TIME:
        if (n < 5) {
            error_reply(u, ERR_BAD_PACKET, CUDA_PACKET, cmd);
            return;
        }
        {
            uint32_t t = (uint32_t)d[1] << 24 | (uint32_t)d[2] << 16 | (uint32_t)d[3] << 8 | d[4];
            u->rtc_offset = (int64_t)t - (int64_t)(u->rtc_base + now(u) / WW_NS_PER_SEC);
        }
        reply(u, CUDA_PACKET, 0, cmd, NULL, 0);
        return;
    case CUDA_GET_PRAM:
        if (n < 3) {
            error_reply(u, ERR_BAD_PACKET, CUDA_PACKET, cmd);
            return;
        }
        r[0] = u->pram[((unsigned)d[1] << 8 | d[2]) % PRAM_SIZE];
        reply(u, CUDA_PACKET, 0, cmd, r, 1);
        return;
    case CUDA_SET_PRAM:
        if (n < 3) {
            error_reply(u, ERR_BAD_PACKET, CUDA_PACKET, cmd);
            return;
        }
        for (unsigned k = 3, a = (unsigned)d[1] << 8 | d[2]; k < n; k++, a++)
            u->pram[a % PRAM_SIZE] = d[k];
        reply(u, CUDA_PACKET, 0, cmd, NULL, 0);
        return;
    case CUDA_SET_DEVICE_LIST:
        u->poll_mask = n >= 3 ? (uint16_t)(d[1] << 8 | d[2]) : 0;
        reply(u, CUDA_PACKET, 0, cmd, NULL, 0);
        return;
    case CUDA_GET_DEVICE_LIST:
        r[0] = (uint8_t)(u->poll_mask >> 8);
        r[1] = (uint8_t)u->poll_mask;
        reply(u, CUDA_PACKET, 0, cmd, r, 2);
        return;
    case CUDA_GET_AUTO_RATE:
        r[0] = POLL_NS / 1000000;   /* ms */
        reply(u, CUDA_PACKET, 0, cmd, r, 1);
        return;
    case CUDA_POWERDOWN:
        reply(u, CUDA_PACKET, 0, cmd, NULL, 0);
        ww_line_set(&u->poweroff, 1);
        ww_line_set(&u->poweroff, 0);
        return;
    case CUDA_RESET_SYSTEM:
        reply(u, CUDA_PACKET, 0, cmd, NULL, 0);
        ww_line_set(&u->reset_out, 1);
        ww_line_set(&u->reset_out, 0);
        return;
    case CUDA_WARM_START:
    case CUDA_SET_AUTO_RATE:
    case CUDA_FILE_SERVER_FLAG:
    case CUDA_SET_POWER_MESSAGES:
    case CUDA_SET_ONE_SECOND_MODE:
    case CUDA_SET_IPL:
    case CUDA_SEND_DFAC:
    case CUDA_TIMER_TICKLE:
    case CUDA_MS_RESET:
        reply(u, CUDA_PACKET, 0, cmd, NULL, 0);
        return;
    default:
        ww_chip_guest_error(&u->chip, "unknown CUDA command 0x%02x (%u bytes)", cmd, n);
        error_reply(u, ERR_BAD_COMMAND, CUDA_PACKET, cmd);
        return;
    }
}

static void host_packet(cuda_t *u, const uint8_t *p, unsigned n)
{
    if (n == 0)
        return;
    switch (p[0]) {
    case ADB_PACKET:  adb_packet(u, p + 1, n - 1); break;
    case CUDA_PACKET: cuda_packet(u, p + 1, n - 1); break;
    default:
        ww_chip_guest_error(&u->chip, "unknown packet type 0x%02x (%u bytes)", p[0], n);
        error_reply(u, ERR_BAD_PACKET, p[0], n > 1 ? p[1] : 0);
        break;
    }
}

/* Autopoll: Talk R0 to each device (the device list, or every address); the
 * first that answers is sent as an unsolicited ADB packet, flag 0x40. */
static void poll_fire(ww_chip *c, unsigned i)
{
    cuda_t *u = (cuda_t *)c;
    if (!u->autopoll)
        return;
    ww_timer_mod(&u->poll_timer, now(u) + POLL_NS);
    if (u->in_pos < u->in_len || !(u->last_b & PB_TIP) || u->out_len)
        return;   /* a transfer is going on: try at the next poll */
    for (unsigned a = 1; a < WW_ADB_DEVICES; a++) {
        if (u->poll_mask && !(u->poll_mask & (1u << a)))
            continue;
        uint8_t r[8], cmd = (uint8_t)(a << 4 | 0x0c);
        unsigned len = adb_transaction(u, cmd, NULL, 0, r);
        if (len) {
            reply(u, ADB_PACKET, ADB_FLAG_POLLED, cmd, r, len);
            return;
        }
    }
}

/* Port B changed (TIP/TACK from the host): CUDA's side of the handshake. */
static void handshake(cuda_t *u)
{
    uint8_t b = u->via.orb;
    uint8_t tip = b & PB_TIP, tack = b & PB_TACK;
    uint8_t old_tip = u->last_b & PB_TIP, old_tack = u->last_b & PB_TACK;
    u->last_b = (uint8_t)(tip | tack);
    if (!tip) {
        /* A transfer: each change of TIP/TACK moves one byte. */
        if (tip == old_tip && tack == old_tack)
            return;
        if (u->via.acr & VIA_SR_OUT) {
            if (u->out_len < BUF)
                u->out[u->out_len++] = u->via.sr;
            else
                ww_chip_guest_error(&u->chip, "packet longer than %u bytes; byte 0x%02x dropped",
                                    BUF, u->via.sr);
            sr_int_later(u);
        } else if (u->in_pos < u->in_len) {
            u->via.sr = u->in[u->in_pos++];
            if (u->in_pos >= u->in_len) {
                u->treq = 0;               /* the last byte: TREQ negated with it */
                u->in_len = u->in_pos = 0;
            }
            sr_int_later(u);
        }
        return;
    }
    if (!old_tip) {
        /* TIP negated: the end of a transfer. A packet from the host is
         * executed; its reply (if any) is offered with TREQ. */
        sr_int_later(u);
        if (u->out_len) {
            uint8_t p[BUF];
            unsigned n = u->out_len;
            memcpy(p, u->out, n);
            u->out_len = 0;
            host_packet(u, p, n);
        }
        if (u->in_pos < u->in_len)
            u->treq = 1;
        return;
    }
    if (tack != old_tack) {
        /* Idle sync (cuda_init_via): TREQ follows TACK. */
        u->treq = !tack;
        sr_int_later(u);
    }
}

/* ---- register access ----------------------------------------------------------- */

/* Port B: TIP and TACK are what ORB holds and TREQ is CUDA's, whatever DDRB
 * says (OpenBIOS never programs DDRB and read-modify-writes ORB; QEMU's CUDA
 * behaves the same): the pins CUDA "drives" are ORB's bits with TREQ. Port A
 * (unused on CUDA boards) reads back as written. */
static uint8_t cuda_port_in(ww_chip *c, unsigned port)
{
    cuda_t *u = (cuda_t *)c;
    if (port == 0)
        return u->via.ora;
    return (uint8_t)((u->via.orb & ~PB_TREQ) | (u->treq ? 0 : PB_TREQ));
}

/* ORB or DDRB written: CUDA's side of the handshake looks at TIP/TACK. */
static void cuda_port_out(ww_chip *c, unsigned port)
{
    if (port == 1)
        handshake((cuda_t *)c);
}

static void cuda_irq(ww_chip *c, bool level)
{
    ww_line_set(&((cuda_t *)c)->irq, level);
}

static const via6522_hooks cuda_hooks = {
    .port_out = cuda_port_out, .port_in = cuda_port_in, .irq = cuda_irq,
};

static uint64_t cuda_read(ww_chip *c, unsigned region, uint64_t off, unsigned size,
                          ww_access how)
{
    cuda_t *u = (cuda_t *)c;
    return via6522_read(c, &u->via, (unsigned)off & 15, how == WW_PEEK);
}

static void cuda_write(ww_chip *c, unsigned region, uint64_t off, uint64_t val, unsigned size)
{
    cuda_t *u = (cuda_t *)c;
    via6522_write(c, &u->via, (unsigned)off & 15, (uint8_t)val);
}

static bool cuda_realize(ww_chip *c, GError **err)
{
    ((cuda_t *)c)->via.hooks = &cuda_hooks;
    return true;
}

static void cuda_reset(ww_chip *c, ww_reset_kind kind)
{
    cuda_t *u = (cuda_t *)c;
    u->via.hooks = &cuda_hooks;
    via6522_core_reset(c, &u->via);
}

static bool cuda_post_load(ww_chip *c, GError **err)
{
    cuda_t *u = (cuda_t *)c;
    u->out_len = (uint8_t)MIN(u->out_len, BUF);
    u->in_len = (uint8_t)MIN(u->in_len, BUF);
    u->in_pos = (uint8_t)MIN(u->in_pos, u->in_len);
    via6522_core_post_load(c, &u->via);
    return true;
}

static const ww_prop_desc cuda_props[] = {
    { "via-clock", WW_PROP_UINT, AT(via.hz), "783333", 1000, 100000000, NULL, WW_UNIT_HZ,
      "the VIA's timer clock (Power Macs: 4.7 MHz / 6; Quadras: 783.36 kHz)" },
    { "rtc", WW_PROP_UINT, AT(rtc_base), "3786912000", 0, UINT32_MAX, NULL, WW_UNIT_NONE,
      "the clock at power-on, seconds since 1904-01-01 (default 2024-01-01 00:00 UTC; "
      "a fixed value keeps runs deterministic)" },
    { 0 }
};

static const ww_region_desc cuda_regions[] = {
    [REGION_VIA] = { "via", 16, 1, 1, WW_BIG_ENDIAN, 0,
                     "VIA registers 0-15 (boards space them 0x200 apart: stride)" },
    [REGION__COUNT] = { 0 }
};

static const ww_port_desc cuda_ports[] = {
    [PORT_IRQ]      = { "irq", WW_PORT_OUT, 1, 0, offsetof(cuda_t, irq),
                        "the VIA's IRQ (Heathrow source 0x12)" },
    [PORT_POWEROFF] = { "poweroff", WW_PORT_OUT, 1, 0, offsetof(cuda_t, poweroff),
                        "pulse on CUDA_POWERDOWN (to the board's machine-control)" },
    [PORT_RESET]    = { "reset", WW_PORT_OUT, 1, 0, offsetof(cuda_t, reset_out),
                        "pulse on CUDA_RESET_SYSTEM" },
    [PORT__COUNT] = { 0 }
};

static const ww_bus_desc cuda_buses[] = {
    [BUS_ADB] = { "adb", "the ADB: devices at address * 0x40 (chips/input/adb.h)",
                  WW_ADB_ADDR_BITS, WW_BIG_ENDIAN, WW_UNMAPPED_OPEN_BUS, 0 },
    [BUS__COUNT] = { 0 }
};

static const ww_chip_class cuda_class = {
    .type = "cuda",
    .summary = "Apple CUDA (ADB, clock, PRAM, power) behind a VIA 6522",
    .doc = "R6522 VIA (timers 1/2, shift register, IFR/IER) with CUDA's TIP/TACK/TREQ "
           "handshake as Linux via-cuda.c and OpenBIOS drive it; ADB packets and autopoll "
           "over the adb bus, GET/SET_TIME, GET/SET_PRAM, POWERDOWN and RESET_SYSTEM as "
           "board wires.",
    .size = sizeof(cuda_t),
    .version = 1,
    .props = cuda_props,
    .regions = cuda_regions,
    .regs = cuda_regs,
    .state = cuda_state,
    .ports = cuda_ports,
    .buses = cuda_buses,
    .realize = cuda_realize,
    .reset = cuda_reset,
    .read = cuda_read,
    .write = cuda_write,
    .post_load = cuda_post_load,
};
WW_CHIP_REGISTER(cuda_class)
