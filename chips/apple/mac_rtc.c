/* chips/apple/mac_rtc.c — the Macintosh real-time clock with 256 bytes of
 * parameter RAM (the Mac II-era "RTC" chip, 343-0042-B): a serial device on
 * three VIA1 port B lines — data (PB0), clock (PB1), /enable (PB2) — and a
 * one-second square wave to VIA1 CA2.
 *
 * Sources: Inside Macintosh III, ch. 2 "The Real-Time Clock" (the command
 * byte: z = 1 read, 0 write; z0000001, z0000101, z0001001, z0001101 the four
 * seconds bytes, lowest first; 00110001 the test register, 00110101 the
 * write-protect register (bit 7 set: writes refused), z010aa01 and z1aaaa01
 * the 20 bytes of the original parameter RAM; bits sent most significant
 * first, the RTC sampling data on the clock's rising edge and presenting its
 * own bits after the falling edge); Guide to the Macintosh Family Hardware
 * 2nd ed., ch. 2 "VIA" (the lines on VIA1 port B, the one-second interrupt
 * on CA2); Linux arch/m68k/mac/misc.c (via_rtc_send/recv and
 * via_rtc_command: the two-byte extended command z0111aaa 0aaaaa01 that
 * reads or writes byte aaaaaaaa of the 256 bytes, with the data byte third).
 * The 20 original bytes are the extended RAM's $10-$1F ($00-$0F) and
 * $08-$0B ($10-$13), as Inside Macintosh V ("Parameter RAM") places them.
 *
 *          +---------+
 *  ce    → |  RTC    |→ data     (PB0 input: the bits the RTC sends; 1 otherwise)
 *  clk   → |  PRAM   |→ onesec   (1 Hz square wave: VIA1 CA2)
 *  data_in→| 256 B   |
 *          +---------+
 *
 * The seconds count from the "time" property at virtual time 0 (a fixed
 * default keeps runs deterministic); writing them moves the clock. Not
 * modelled: the test register's effects, the chip's oscillator trim.
 * Test: tests/chips/apple/mac_rtc.c
 */
#include "core/chip.h"

#define PRAM_SIZE 256

typedef struct {
    ww_chip chip;
    uint64_t time_base;        /* prop: seconds since 1904 at time 0 */
    uint8_t pram[PRAM_SIZE];
    int64_t offset;            /* seconds added by writes of the clock */
    uint8_t wp;                /* write-protect register bit 7 */
    uint8_t shift, nbits;      /* the byte coming in from the host */
    uint8_t cmd[2], nbytes;    /* command bytes so far */
    uint8_t out, nout;         /* the byte going out (nout bits left) */
    uint8_t clk, ce;           /* input levels last seen */
    uint8_t half;              /* the one-second output's level */
    ww_timer sec_timer;
    ww_line data, onesec;
} mac_rtc_t;

enum { PORT_CE, PORT_CLK, PORT_DATA_IN, PORT_DATA, PORT_ONESEC, PORT__COUNT };
/* Command byte (IM III): bit 7 read, bits 6-2 the register, bits 1-0 = 01. */
enum { CMD_READ = 0x80, CMD_REG = 0x7c, CMD_LOW = 0x03 };
enum { REG_SECONDS = 0x00, REG_TEST = 0x30, REG_WP = 0x34, REG_XPRAM = 0x38 };

#define AT(m) WW_AT(mac_rtc_t, m)

static void sec_fire(ww_chip *c, unsigned i);

static const ww_reg_desc rtc_regs[] = {
    { "WP", .flags = WW_REG_INTERNAL, .at = AT(wp), .doc = "write-protect (bit 7)" },
    { 0 }
};

static const ww_state_desc rtc_state[] = {
    { "pram",   WW_STATE_U8,  AT(pram),   "parameter RAM (battery-backed)",
      .flags = WW_STATE_NORESET },
    { "offset", WW_STATE_I64, AT(offset), "seconds = time + now + offset",
      .flags = WW_STATE_NORESET },
    { "shift",  WW_STATE_U8,  AT(shift),  "bits of the byte coming in" },
    { "nbits",  WW_STATE_U8,  AT(nbits) },
    { "cmd",    WW_STATE_U8,  AT(cmd),    "command bytes received" },
    { "nbytes", WW_STATE_U8,  AT(nbytes) },
    { "out",    WW_STATE_U8,  AT(out),    "byte being sent" },
    { "nout",   WW_STATE_U8,  AT(nout),   "bits of it still to send" },
    { "clk",    WW_STATE_U8,  AT(clk),    "clock level last seen", .flags = WW_STATE_CHIP_RESET },
    { "ce",     WW_STATE_U8,  AT(ce),     "/enable level last seen", .flags = WW_STATE_CHIP_RESET },
    { "half",   WW_STATE_U8,  AT(half),   "one-second output level" },
    { "sec_timer", WW_STATE_TIMER, AT(sec_timer), "next edge of the 1 Hz output",
      .fire = sec_fire },
    { 0 }
};

static uint32_t seconds(mac_rtc_t *r)
{
    return (uint32_t)(r->time_base + ww_sched_now(r->chip.sched) / WW_NS_PER_SEC +
                      (uint64_t)r->offset);
}

/* IM V: the original 20 bytes within the 256. */
static unsigned classic_addr(unsigned a)
{
    return a < 0x10 ? 0x10 + a : 0x08 + (a & 3);
}

static void send_byte(mac_rtc_t *r, uint8_t b)
{
    r->out = b;
    r->nout = 8;
}

static void idle(mac_rtc_t *r)
{
    r->nbits = r->nbytes = r->nout = 0;
    ww_line_set(&r->data, 1);
}

/* A byte from the host; returns when the command is complete or needs more. */
static void host_byte(mac_rtc_t *r, uint8_t b)
{
    if (r->nbytes < 2)
        r->cmd[r->nbytes] = b;
    r->nbytes++;
    uint8_t c = r->cmd[0];
    bool rd = c & CMD_READ;
    unsigned reg = c & CMD_REG;
    if ((c & 0x78) == REG_XPRAM) {
        /* Extended: z0111aaa 0aaaaa01, then the data byte (write) or the reply. */
        if (r->nbytes < 2)
            return;
        unsigned a = (unsigned)(c & 7) << 5 | ((r->cmd[1] >> 2) & 0x1f);
        if (r->nbytes == 2) {
            if (rd) {
                send_byte(r, r->pram[a]);
                r->nbytes = 0;
            }
            return;
        }
        if (!r->wp)
            r->pram[a] = b;
        r->nbytes = 0;
        return;
    }
    if ((c & CMD_LOW) != 0x01) {
        ww_chip_guest_error(&r->chip, "command byte 0x%02x does not end in 01", c);
        r->nbytes = 0;
        return;
    }
    if (rd) {
        r->nbytes = 0;
        if (reg < 0x10) {
            send_byte(r, (uint8_t)(seconds(r) >> (8 * ((reg >> 2) & 3))));
        } else if ((reg & 0x70) == 0x20) {          /* z010aa01 */
            send_byte(r, r->pram[classic_addr(0x10 + ((reg >> 2) & 3))]);
        } else if (reg & 0x40) {                    /* z1aaaa01 */
            send_byte(r, r->pram[classic_addr((reg >> 2) & 0x0f)]);
        } else {
            ww_chip_guest_error(&r->chip, "read of write-only register (command 0x%02x)", c);
            send_byte(r, 0);
        }
        return;
    }
    if (r->nbytes < 2)
        return;                                     /* the data byte follows */
    r->nbytes = 0;
    if (reg == REG_WP) {
        r->wp = b & 0x80;
        return;
    }
    if (r->wp || reg == REG_TEST)
        return;
    if (reg < 0x10) {
        unsigned sh = 8 * ((reg >> 2) & 3);
        uint32_t t = seconds(r);
        t = (t & ~(0xffu << sh)) | (uint32_t)b << sh;
        r->offset += (int64_t)t - (int64_t)seconds(r);
    } else if ((reg & 0x70) == 0x20) {
        r->pram[classic_addr(0x10 + ((reg >> 2) & 3))] = b;
    } else if (reg & 0x40) {
        r->pram[classic_addr((reg >> 2) & 0x0f)] = b;
    }
}

static void clock_edge(mac_rtc_t *r, bool rising)
{
    if (r->nout) {
        /* Sending: a bit after each falling edge, MSB first; the host reads it
         * after the rising edge, which ends the bit. */
        if (!rising)
            ww_line_set(&r->data, (r->out >> (r->nout - 1)) & 1);
        else
            r->nout--;      /* the line keeps the last bit until /enable rises */
        return;
    }
    if (!rising)
        return;
    r->shift = (uint8_t)(r->shift << 1 | ww_input_level(&r->chip, PORT_DATA_IN, 0));
    if (++r->nbits == 8) {
        r->nbits = 0;
        host_byte(r, r->shift);
    }
}

static void rtc_signal(ww_chip *c, unsigned port, unsigned index, int level)
{
    mac_rtc_t *r = (mac_rtc_t *)c;
    switch (port) {
    case PORT_CE:
        if (r->ce == level)
            return;
        r->ce = (uint8_t)level;
        if (level)
            idle(r);          /* disabled: a command in progress is abandoned */
        return;
    case PORT_CLK:
        if (r->clk == level)
            return;
        r->clk = (uint8_t)level;
        if (!r->ce)
            clock_edge(r, level);
        return;
    default:
        return;
    }
}

static void sec_fire(ww_chip *c, unsigned i)
{
    mac_rtc_t *r = (mac_rtc_t *)c;
    r->half ^= 1;
    ww_line_set(&r->onesec, r->half);
    ww_timer_mod(&r->sec_timer, ww_sched_now(c->sched) + WW_NS_PER_SEC / 2);
}

static void rtc_reset(ww_chip *c, ww_reset_kind kind)
{
    mac_rtc_t *r = (mac_rtc_t *)c;
    r->ce = (uint8_t)ww_input_level(c, PORT_CE, 0);
    r->clk = (uint8_t)ww_input_level(c, PORT_CLK, 0);
    ww_line_set(&r->data, 1);
    ww_line_set(&r->onesec, r->half);
    if (c->realized)
        ww_timer_mod(&r->sec_timer, ww_sched_now(c->sched) + WW_NS_PER_SEC / 2);
}

static bool rtc_post_load(ww_chip *c, GError **err)
{
    mac_rtc_t *r = (mac_rtc_t *)c;
    r->nout = (uint8_t)MIN(r->nout, 8);
    r->nbits &= 7;
    r->nbytes = (uint8_t)MIN(r->nbytes, 2);
    ww_line_set(&r->data, r->nout ? (r->out >> (r->nout - 1)) & 1 : 1);
    ww_line_set(&r->onesec, r->half);
    return true;
}

static const ww_prop_desc rtc_props[] = {
    { "time", WW_PROP_UINT, AT(time_base), "3786912000", 0, UINT32_MAX, NULL, WW_UNIT_NONE,
      "the clock at power-on, seconds since 1904-01-01 (default 2024-01-01 00:00 UTC)" },
    { 0 }
};

static const ww_port_desc rtc_ports[] = {
    [PORT_CE]      = { "ce", WW_PORT_IN, 1, 0, 0, "/RTC enable (VIA1 PB2): 0 enabled" },
    [PORT_CLK]     = { "clk", WW_PORT_IN, 1, WW_PORT_EDGE, 0, "serial clock (VIA1 PB1)" },
    [PORT_DATA_IN] = { "data_in", WW_PORT_IN, 1, 0, 0, "data from the VIA (PB0 as an output)" },
    [PORT_DATA]    = { "data", WW_PORT_OUT, 1, 0, offsetof(mac_rtc_t, data),
                       "data to the VIA (PB0 as an input): the bits sent, 1 when idle" },
    [PORT_ONESEC]  = { "onesec", WW_PORT_OUT, 1, 0, offsetof(mac_rtc_t, onesec),
                       "1 Hz square wave (VIA1 CA2: the one-second interrupt)" },
    [PORT__COUNT]  = { 0 }
};

static const ww_chip_class mac_rtc_class = {
    .type = "mac-rtc",
    .summary = "Macintosh RTC with 256-byte parameter RAM on three VIA lines",
    .doc = "Inside Macintosh III ch. 2: seconds, write-protect and PRAM commands over a "
           "serial line (MSB first); the extended XPRAM command of Linux's "
           "arch/m68k/mac/misc.c; a 1 Hz output.",
    .size = sizeof(mac_rtc_t),
    .version = 1,
    .props = rtc_props,
    .regs = rtc_regs,
    .state = rtc_state,
    .ports = rtc_ports,
    .reset = rtc_reset,
    .signal = rtc_signal,
    .post_load = rtc_post_load,
};
WW_CHIP_REGISTER(mac_rtc_class)
