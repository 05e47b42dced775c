/* chips/input/i8042.c — Intel 8042 keyboard controller (PS/2 "KBC"), as on PCs
 * at 0x60 (data) and 0x64 (status / command).
 *
 * Sources: IBM Personal System/2 Hardware Interface Technical Reference
 * (1988), "Keyboard/Auxiliary Device Controller": Status Register, Output
 * Buffer, Input Buffer, "Commands (I/O Address Hex 64)" (20-3F, 60-7F, A4,
 * A7-AE, C0, D0-D4, E0, F0-FF), Controller Command Byte, Output Port, the
 * set 2 → set 1 translation; IBM PC AT Technical Reference (1984), "Keyboard
 * Controller" (self test 55, interface test 00, pulse output port, system
 * reset on P20, A20 on P21). Linux's drivers/input/serio/i8042.c and
 * SeaBIOS's src/hw/ps2port.c were read for what firmware relies on; QEMU's
 * hw/input/pckbd.c for the power-on values and the ambiguous points (a write
 * to a disabled port re-enables it; one controller byte may wait for OBF).
 *
 *              +--------+
 *  io 0 (0x60) |        |→ irq1 irq12   (OBF from the keyboard / aux port)
 *  io 1 (0x64) |  8042  |→ a20 reset    (output port P21, P20 inverted + pulse)
 *  kbd-ready  →|        |⇄ kbd bus      (a ps2 device's "port" at 0)
 *  aux-ready  →|        |⇄ aux bus
 *              +--------+
 *
 * The devices are chips of their own (chips/input/ps2.c) on two byte-stream
 * buses the controller masters: a byte for a device is a write to offset 0
 * of its bus; a device with a byte to send raises its `ready` line, and the
 * controller takes the byte (a read of offset 0) when its output buffer is
 * empty and the port is enabled, `byte-time` after it could (the 11-bit frame
 * at the device's ~11 kHz clock). A port with nothing mapped has no device:
 * a byte sent there times out (status TIMEOUT, 0xFE in the output buffer).
 * Controller responses (self test, command byte, output port …) are
 * immediate; one waits if the output buffer is full.
 *
 * Deviations: the input buffer is processed at once (IBF always reads 0);
 * there is no keyboard lock, password or diagnostic dump (A5, A6, AC, C1, C2
 * are logged as unimplemented); parity errors never happen.
 * Test: tests/chips/input/i8042.c
 */
#include "core/chip.h"
#include "core/space.h"

typedef struct {
    ww_chip chip;
    uint64_t byte_time;
    /* registers with storage */
    uint8_t status;
    uint8_t obuf;
    uint8_t ccb;               /* controller RAM byte 0: the command byte */
    uint8_t ram[31];           /* controller RAM bytes 1-31 */
    uint8_t outp;              /* output port as written (bits 4/5 follow OBF) */
    /* internal state */
    uint8_t cmd;               /* command waiting for its data byte (0: none) */
    uint8_t pend;              /* controller byte waiting for the output buffer */
    uint8_t pend_flags;        /* PEND_* */
    uint8_t xlat_f0;           /* translation: F0 (break prefix) received */
    uint8_t pulse;             /* output port bits pulsed low (F0-FF) */
    ww_timer rx, pulse_end;
    ww_line irq1, irq12, a20, reset;
} i8042_t;

enum { IO_DATA = 0, IO_STATUS = 1 };   /* the 8042's A0 pin (PC: address line A2) */
enum { REGION_IO, REGION__COUNT };
enum { PORT_KBD_READY, PORT_AUX_READY, PORT_IRQ1, PORT_IRQ12, PORT_A20, PORT_RESET,
       PORT__COUNT };
enum { BUS_KBD, BUS_AUX, BUS__COUNT };
enum { R_DATA, R_STATUS, R_OBUF, R_CCB, R_RAM, R_OUTP, R__COUNT };

/* Status Register */
enum { ST_OBF = 0x01, ST_IBF = 0x02, ST_SYS = 0x04, ST_A2 = 0x08, ST_INH = 0x10,
       ST_AUXB = 0x20, ST_TIMEOUT = 0x40, ST_PARITY = 0x80 };
/* Controller Command Byte */
enum { CCB_INT = 0x01, CCB_INT2 = 0x02, CCB_SYS = 0x04, CCB_IGNLOCK = 0x08, CCB_EN = 0x10,
       CCB_EN2 = 0x20, CCB_XLAT = 0x40 };
/* Output Port */
enum { OUTP_RESET = 0x01, OUTP_A20 = 0x02, OUTP_AUX_CLK = 0x04, OUTP_AUX_DATA = 0x08,
       OUTP_OBF = 0x10, OUTP_AUXOBF = 0x20, OUTP_KBD_CLK = 0x40, OUTP_KBD_DATA = 0x80 };
/* Commands (I/O address 64h) */
enum { CMD_READ_RAM = 0x20, CMD_WRITE_RAM = 0x60, CMD_PASSWORD_TEST = 0xA4,
       CMD_AUX_DISABLE = 0xA7, CMD_AUX_ENABLE = 0xA8, CMD_AUX_TEST = 0xA9, CMD_SELF_TEST = 0xAA,
       CMD_KBD_TEST = 0xAB, CMD_KBD_DISABLE = 0xAD, CMD_KBD_ENABLE = 0xAE,
       CMD_READ_INPUT = 0xC0, CMD_READ_OUTPUT = 0xD0, CMD_WRITE_OUTPUT = 0xD1,
       CMD_WRITE_KBD_OBUF = 0xD2, CMD_WRITE_AUX_OBUF = 0xD3, CMD_WRITE_AUX = 0xD4,
       CMD_A20_OFF = 0xDD, CMD_A20_ON = 0xDF, CMD_READ_TEST = 0xE0, CMD_PULSE = 0xF0 };
enum { PEND_VALID = 0x01, PEND_AUX = 0x02, PEND_TIMEOUT = 0x04 };
/* The pulse width of F0-FF (PC AT Technical Reference: "about 6 µs"). */
#define PULSE_NS 6000u

#define AT(m) WW_AT(i8042_t, m)

static const ww_field_desc status_fields[] = {
    WW_FIELD(ST_, OBF,     "output buffer full"),
    WW_FIELD(ST_, IBF,     "input buffer full (always 0: processed at once)"),
    WW_FIELD(ST_, SYS,     "system flag (self test passed / command byte bit 2)"),
    WW_FIELD(ST_, A2,      "last write was a command (0x64)"),
    WW_FIELD(ST_, INH,     "1: keyboard not inhibited (no keylock)"),
    WW_FIELD(ST_, AUXB,    "the output buffer holds an aux byte"),
    WW_FIELD(ST_, TIMEOUT, "a device did not answer"),
    WW_FIELD(ST_, PARITY,  "parity error"),
    { 0 }
};
static const ww_field_desc ccb_fields[] = {
    WW_FIELD(CCB_, INT,     "IRQ1 on a keyboard byte"),
    WW_FIELD(CCB_, INT2,    "IRQ12 on an aux byte"),
    WW_FIELD(CCB_, SYS,     "system flag"),
    WW_FIELD(CCB_, IGNLOCK, "ignore the keyboard lock"),
    WW_FIELD(CCB_, EN,      "1: keyboard interface disabled"),
    WW_FIELD(CCB_, EN2,     "1: aux interface disabled"),
    WW_FIELD(CCB_, XLAT,    "translate keyboard set 2 to set 1"),
    { 0 }
};
static const ww_field_desc outp_fields[] = {
    WW_FIELD_MASK("RESET", OUTP_RESET, "0: system reset asserted"),
    WW_FIELD(OUTP_, A20,      "A20 gate"),
    WW_FIELD(OUTP_, AUX_CLK,  NULL), WW_FIELD(OUTP_, AUX_DATA, NULL),
    WW_FIELD(OUTP_, OBF,      "keyboard byte in the buffer (IRQ1 source; read-only)"),
    WW_FIELD(OUTP_, AUXOBF,   "aux byte in the buffer (IRQ12 source; read-only)"),
    WW_FIELD(OUTP_, KBD_CLK,  NULL), WW_FIELD(OUTP_, KBD_DATA, NULL),
    { 0 }
};

static const char *const ram_names[31] = {
    "RAM1", "RAM2", "RAM3", "RAM4", "RAM5", "RAM6", "RAM7", "RAM8", "RAM9", "RAM10", "RAM11",
    "RAM12", "RAM13", "RAM14", "RAM15", "RAM16", "RAM17", "RAM18", "RAM19", "RAM20", "RAM21",
    "RAM22", "RAM23", "RAM24", "RAM25", "RAM26", "RAM27", "RAM28", "RAM29", "RAM30", "RAM31",
};

static const ww_reg_desc i8042_regs[] = {
    /*             name      region     off        w  flags */
    [R_DATA]   = { "DATA",   REGION_IO, IO_DATA,   1, WW_REG_RC | WW_REG_SIDE,
                   .doc = "read: the output buffer (clears OBF); write: data for a command, "
                          "else a byte for the keyboard" },
    [R_STATUS] = { "STATUS", REGION_IO, IO_STATUS, 1, WW_REG_SIDE, .reset = ST_A2 | ST_INH,
                   .at = AT(status), .fields = status_fields,
                   .doc = "read: status; write: a controller command" },
    [R_OBUF]   = { "OBUF", .flags = WW_REG_INTERNAL, .at = AT(obuf), .doc = "output buffer" },
    [R_CCB]    = { "CCB", .flags = WW_REG_INTERNAL | WW_REG_SIDE, .reset = CCB_INT | CCB_INT2,
                   .at = AT(ccb), .fields = ccb_fields, .doc = "controller command byte (RAM 0)" },
    [R_RAM]    = { "RAM", .flags = WW_REG_INTERNAL, .at = AT(ram[0]), .count = 31,
                   .names = ram_names, .doc = "controller RAM bytes 1-31 (commands 21-3F, 61-7F)" },
    [R_OUTP]   = { "OUTP", .flags = WW_REG_INTERNAL | WW_REG_SIDE, .reset = 0xCF, .mask = 0xCF,
                   .at = AT(outp), .fields = outp_fields,
                   .doc = "output port (bits 4/5 read as the IRQ sources)" },
    [R__COUNT] = { 0 }
};

static void rx_fire(ww_chip *c, unsigned index);
static void pulse_fire(ww_chip *c, unsigned index);

static const ww_state_desc i8042_state[] = {
    { "cmd",        WW_STATE_U8, AT(cmd),        "command waiting for its data byte" },
    { "pend",       WW_STATE_U8, AT(pend),       "controller byte waiting for the buffer" },
    { "pend_flags", WW_STATE_U8, AT(pend_flags), "1 valid, 2 aux, 4 timeout" },
    { "xlat_f0",    WW_STATE_U8, AT(xlat_f0),    "translation: break prefix seen" },
    { "pulse",      WW_STATE_U8, AT(pulse),      "output port bits pulsed low" },
    { "rx",         WW_STATE_TIMER, AT(rx),      "next byte taken from a device", .fire = rx_fire },
    { "pulse_end",  WW_STATE_TIMER, AT(pulse_end), "end of an output port pulse",
      .fire = pulse_fire },
    { 0 }
};

/* "Controller Command Byte", bit 6: the scan code set 2 → set 1 table (a
 * byte after F0 is translated and gets bit 7). Codes of no key translate as
 * on IBM's controller; 0x83 and 0x84 are F7 and SysRq, 0x85 and above pass
 * unchanged (E0, E1, FA, AA, EE, FE …). */
static const uint8_t xlat[128] = {
    0xff, 0x43, 0x41, 0x3f, 0x3d, 0x3b, 0x3c, 0x58, 0x64, 0x44, 0x42, 0x40, 0x3e, 0x0f, 0x29, 0x59,
    0x65, 0x38, 0x2a, 0x70, 0x1d, 0x10, 0x02, 0x5a, 0x66, 0x71, 0x2c, 0x1f, 0x1e, 0x11, 0x03, 0x5b,
    0x67, 0x2e, 0x2d, 0x20, 0x12, 0x05, 0x04, 0x5c, 0x68, 0x39, 0x2f, 0x21, 0x14, 0x13, 0x06, 0x5d,
    0x69, 0x31, 0x30, 0x23, 0x22, 0x15, 0x07, 0x5e, 0x6a, 0x72, 0x32, 0x24, 0x16, 0x08, 0x09, 0x5f,
    0x6b, 0x33, 0x25, 0x17, 0x18, 0x0b, 0x0a, 0x60, 0x6c, 0x34, 0x35, 0x26, 0x27, 0x19, 0x0c, 0x61,
    0x6d, 0x73, 0x28, 0x74, 0x1a, 0x0d, 0x62, 0x6e, 0x3a, 0x36, 0x1c, 0x1b, 0x75, 0x2b, 0x63, 0x76,
    0x55, 0x56, 0x77, 0x78, 0x79, 0x7a, 0x0e, 0x7b, 0x7c, 0x4f, 0x7d, 0x4b, 0x47, 0x7e, 0x7f, 0x6f,
    0x52, 0x53, 0x50, 0x4c, 0x4d, 0x48, 0x01, 0x45, 0x57, 0x4e, 0x51, 0x4a, 0x37, 0x49, 0x46, 0x54,
};

static uint8_t translate(uint8_t b)
{
    if (b < 0x80)
        return xlat[b];
    if (b == 0x83)
        return 0x41;   /* F7 */
    if (b == 0x84)
        return 0x54;   /* Alt+PrintScreen (SysRq) */
    return b;
}

/* ---- outputs ------------------------------------------------------------ */

static void update_irq(i8042_t *k)
{
    bool full = k->status & ST_OBF, aux = k->status & ST_AUXB;
    ww_line_set(&k->irq1, full && !aux && (k->ccb & CCB_INT));
    ww_line_set(&k->irq12, full && aux && (k->ccb & CCB_INT2));
}

/* A20 is P21; the system reset is P20 low (asserted while 0 or pulsed). */
static void update_port_lines(i8042_t *k)
{
    uint8_t p = (uint8_t)(k->outp & ~k->pulse);
    ww_line_set(&k->a20, !!(p & OUTP_A20));
    ww_line_set(&k->reset, !(p & OUTP_RESET));
}

static uint8_t output_port(const i8042_t *k)
{
    uint8_t p = k->outp & (uint8_t)~(OUTP_OBF | OUTP_AUXOBF);
    if (k->status & ST_OBF)
        p |= (k->status & ST_AUXB) ? OUTP_AUXOBF : OUTP_OBF;
    return p;
}

/* ---- the output buffer ---------------------------------------------------- */

static void fill_obuf(i8042_t *k, uint8_t v, bool aux, bool timeout)
{
    k->obuf = v;
    k->status = (uint8_t)((k->status & ~(ST_AUXB | ST_TIMEOUT | ST_PARITY)) | ST_OBF |
                          (aux ? ST_AUXB : 0) | (timeout ? ST_TIMEOUT : 0));
    update_irq(k);
}

static bool port_enabled(const i8042_t *k, unsigned bus)
{
    return !(k->ccb & (bus == BUS_KBD ? CCB_EN : CCB_EN2));
}

static bool device_ready(i8042_t *k, unsigned bus)
{
    return port_enabled(k, bus) && k->chip.bus[bus] &&
           ww_input_level(&k->chip, bus == BUS_KBD ? PORT_KBD_READY : PORT_AUX_READY, 0);
}

/* Fill the output buffer if it is empty: a waiting controller byte at once,
 * a device byte after the byte time. */
static void poll(i8042_t *k)
{
    if (!k->chip.realized || (k->status & ST_OBF))
        return;
    if (k->pend_flags & PEND_VALID) {
        uint8_t f = k->pend_flags;
        k->pend_flags = 0;
        fill_obuf(k, k->pend, f & PEND_AUX, f & PEND_TIMEOUT);
        return;
    }
    if (ww_timer_armed(&k->rx))
        return;
    if (device_ready(k, BUS_KBD) || device_ready(k, BUS_AUX))
        ww_timer_mod(&k->rx, ww_sched_now(k->chip.sched) + k->byte_time);
}

static void rx_fire(ww_chip *c, unsigned index)
{
    i8042_t *k = (i8042_t *)c;
    if (k->status & ST_OBF)
        return;   /* taken up again when the guest reads the buffer */
    unsigned bus = device_ready(k, BUS_KBD) ? BUS_KBD : BUS_AUX;
    if (!device_ready(k, bus))
        return;
    uint64_t v = 0xff;
    ww_space_read(k->chip.bus[bus], 0, 1, &v);
    uint8_t b = (uint8_t)v;
    if (bus == BUS_KBD && (k->ccb & CCB_XLAT)) {
        if (b == 0xF0) {
            k->xlat_f0 = 1;   /* the break prefix is folded into the next byte */
            poll(k);
            return;
        }
        b = (uint8_t)(translate(b) | (k->xlat_f0 ? 0x80 : 0));
        k->xlat_f0 = 0;
    }
    fill_obuf(k, b, bus == BUS_AUX, false);
}

/* A controller byte for the host: at once, or when the buffer empties. */
static void respond(i8042_t *k, uint8_t v, uint8_t flags)
{
    if (k->pend_flags & PEND_VALID)
        ww_chip_guest_error(&k->chip, "controller byte 0x%02x replaced by 0x%02x", k->pend, v);
    k->pend = v;
    k->pend_flags = (uint8_t)(PEND_VALID | flags);
    poll(k);
}

/* A byte from the host to a device; no device there: a timeout. */
static void send_to_device(i8042_t *k, unsigned bus, uint8_t v)
{
    /* Sending re-enables a disabled port (as QEMU reads it; Linux's
     * i8042 relies on nothing else). */
    k->ccb &= (uint8_t)~(bus == BUS_KBD ? CCB_EN : CCB_EN2);
    k->xlat_f0 = 0;
    if (!k->chip.bus[bus] || ww_space_write(k->chip.bus[bus], 0, 1, v) != WW_BUS_OK)
        respond(k, 0xFE, (uint8_t)(PEND_TIMEOUT | (bus == BUS_AUX ? PEND_AUX : 0)));
    poll(k);
}

/* ---- commands ("Commands (I/O Address Hex 64)") --------------------------- */

static uint8_t *ram_byte(i8042_t *k, unsigned n)
{
    n &= 0x1f;
    return n ? &k->ram[n - 1] : &k->ccb;
}

static void write_ccb(i8042_t *k, uint8_t v)
{
    k->ccb = v;
    /* The system flag in the status register follows command byte bit 2. */
    k->status = (uint8_t)((k->status & ~ST_SYS) | (v & CCB_SYS ? ST_SYS : 0));
    update_irq(k);
    poll(k);
}

static void write_outp(i8042_t *k, uint8_t v)
{
    k->outp = v & (uint8_t)~(OUTP_OBF | OUTP_AUXOBF);
    update_port_lines(k);
}

static void command(i8042_t *k, uint8_t v)
{
    k->cmd = 0;
    if (v >= CMD_READ_RAM && v < CMD_READ_RAM + 0x20) {
        respond(k, *ram_byte(k, v), 0);
        return;
    }
    if (v >= CMD_WRITE_RAM && v < CMD_WRITE_RAM + 0x20) {
        k->cmd = v;
        return;
    }
    if (v >= CMD_PULSE) {
        /* Pulse the output port bits whose command bit is 0 (FE: reset). */
        k->pulse = (uint8_t)(~v & 0x0f);
        if (k->pulse)
            ww_timer_mod(&k->pulse_end, ww_sched_now(k->chip.sched) + PULSE_NS);
        update_port_lines(k);
        return;
    }
    switch (v) {
    case CMD_PASSWORD_TEST:
        respond(k, 0xF1, 0);   /* no password installed */
        break;
    case CMD_AUX_DISABLE:
        k->ccb |= CCB_EN2;
        break;
    case CMD_AUX_ENABLE:
        k->ccb &= (uint8_t)~CCB_EN2;
        poll(k);
        break;
    case CMD_AUX_TEST:
    case CMD_KBD_TEST:
        respond(k, 0x00, 0);   /* no clock or data line stuck */
        break;
    case CMD_SELF_TEST:
        k->status |= ST_SYS;
        respond(k, 0x55, 0);
        break;
    case CMD_KBD_DISABLE:
        k->ccb |= CCB_EN;
        break;
    case CMD_KBD_ENABLE:
        k->ccb &= (uint8_t)~CCB_EN;
        poll(k);
        break;
    case CMD_READ_INPUT:
        respond(k, 0x80, 0);   /* P17: keyboard not inhibited; the rest 0 as in QEMU */
        break;
    case CMD_READ_OUTPUT:
        respond(k, output_port(k), 0);
        break;
    case CMD_WRITE_OUTPUT:
    case CMD_WRITE_KBD_OBUF:
    case CMD_WRITE_AUX_OBUF:
    case CMD_WRITE_AUX:
        k->cmd = v;
        break;
    case CMD_A20_OFF:
        write_outp(k, k->outp & (uint8_t)~OUTP_A20);
        break;
    case CMD_A20_ON:
        write_outp(k, k->outp | OUTP_A20);
        break;
    case CMD_READ_TEST:
        respond(k, 0x00, 0);
        break;
    default:
        ww_chip_unimp(&k->chip, "controller command", REGION_IO, v);
        break;
    }
}

static void data_byte(i8042_t *k, uint8_t v)
{
    uint8_t cmd = k->cmd;
    k->cmd = 0;
    if (cmd >= CMD_WRITE_RAM && cmd < CMD_WRITE_RAM + 0x20) {
        if (cmd == CMD_WRITE_RAM)
            write_ccb(k, v);
        else
            *ram_byte(k, cmd) = v;
        return;
    }
    switch (cmd) {
    case CMD_WRITE_OUTPUT:
        write_outp(k, v);
        break;
    case CMD_WRITE_KBD_OBUF:
        respond(k, v, 0);
        break;
    case CMD_WRITE_AUX_OBUF:
        respond(k, v, PEND_AUX);
        break;
    case CMD_WRITE_AUX:
        send_to_device(k, BUS_AUX, v);
        break;
    default:
        send_to_device(k, BUS_KBD, v);
        break;
    }
}

/* ---- register access -------------------------------------------------------- */

static uint64_t i8042_read(ww_chip *c, unsigned region, uint64_t off, unsigned size,
                           ww_access how)
{
    i8042_t *k = (i8042_t *)c;
    switch (off) {
    case IO_DATA:
        if (how == WW_PEEK)
            return k->obuf;
    {
        /* Reading the output buffer empties it (the last byte stays readable
         * until the next one), and the next byte may come. */
        uint8_t v = k->obuf;
        k->status &= (uint8_t)~(ST_OBF | ST_AUXB);
        update_irq(k);
        poll(k);
        return v;
    }
    case IO_STATUS:
        return k->status;
    default:
        if (how != WW_PEEK)
            ww_chip_unimp(c, "read", region, off);
        return 0xff;
    }
}

static void i8042_write(ww_chip *c, unsigned region, uint64_t off, uint64_t val, unsigned size)
{
    i8042_t *k = (i8042_t *)c;
    uint8_t v = (uint8_t)val;
    switch (off) {
    case IO_DATA:
        k->status &= (uint8_t)~ST_A2;
        data_byte(k, v);
        break;
    case IO_STATUS:
        k->status |= ST_A2;
        command(k, v);
        break;
    default:
        ww_chip_unimp(c, "write", region, off);
        break;
    }
}

static void i8042_signal(ww_chip *c, unsigned port, unsigned index, int level)
{
    if (level && (port == PORT_KBD_READY || port == PORT_AUX_READY))
        poll((i8042_t *)c);
}

static void pulse_fire(ww_chip *c, unsigned index)
{
    i8042_t *k = (i8042_t *)c;
    k->pulse = 0;
    update_port_lines(k);
}

static void i8042_reg_write(ww_chip *c, const ww_reg_desc *r, unsigned index, uint64_t val)
{
    i8042_t *k = (i8042_t *)c;
    if (r == &i8042_regs[R_CCB])
        write_ccb(k, (uint8_t)val);
    else if (r == &i8042_regs[R_OUTP])
        write_outp(k, (uint8_t)val);
}

static void i8042_reset(ww_chip *c, ww_reset_kind kind)
{
    i8042_t *k = (i8042_t *)c;
    /* Power-on values as QEMU gives them: status A2|INH, command byte
     * INT|INT2, output port CFh (not in reset, A20 on). Bytes the devices
     * hold are taken once the guest enables their ports. */
    update_irq(k);
    update_port_lines(k);
    poll(k);
}

static bool i8042_post_load(ww_chip *c, GError **err)
{
    i8042_t *k = (i8042_t *)c;
    k->pulse &= 0x0f;
    update_irq(k);
    update_port_lines(k);
    return true;
}

static const ww_prop_desc i8042_props[] = {
    { "byte-time", WW_PROP_UINT, AT(byte_time), "1ms", 0, 1000000000, NULL, WW_UNIT_NS,
      "time to receive one byte from a device (11 bits at ~11 kHz)" },
    { 0 }
};

static const ww_region_desc i8042_regions[] = {
    [REGION_IO] = { "io", 2, 1, 1, WW_LITTLE_ENDIAN, 0,
                    "A0 = offset: 0 data (PC 0x60), 1 status/command (PC 0x64, map it with "
                    "offset=1)" },
    [REGION__COUNT] = { 0 }
};

static const ww_port_desc i8042_ports[] = {
    [PORT_KBD_READY] = { "kbd-ready", WW_PORT_IN, 1, 0, 0, "keyboard device has a byte (kbd.ready)" },
    [PORT_AUX_READY] = { "aux-ready", WW_PORT_IN, 1, 0, 0, "aux device has a byte (mouse.ready)" },
    [PORT_IRQ1]  = { "irq1",  WW_PORT_OUT, 1, 0, offsetof(i8042_t, irq1),  "keyboard interrupt (PC: IRQ1)" },
    [PORT_IRQ12] = { "irq12", WW_PORT_OUT, 1, 0, offsetof(i8042_t, irq12), "aux interrupt (PC: IRQ12)" },
    [PORT_A20]   = { "a20",   WW_PORT_OUT, 1, 0, offsetof(i8042_t, a20),   "output port P21: A20 gate" },
    [PORT_RESET] = { "reset", WW_PORT_OUT, 1, 0, offsetof(i8042_t, reset),
                     "system reset: 1 while P20 is low (D1 bit 0 = 0, or the FE pulse)" },
    [PORT__COUNT] = { 0 }
};

static const ww_bus_desc i8042_buses[] = {
    [BUS_KBD] = { "kbd", "keyboard port: map a ps2 device's port region at 0", 8,
                  WW_LITTLE_ENDIAN, WW_UNMAPPED_BUS_ERROR, 0xff },
    [BUS_AUX] = { "aux", "auxiliary (mouse) port: map a ps2 device's port region at 0", 8,
                  WW_LITTLE_ENDIAN, WW_UNMAPPED_BUS_ERROR, 0xff },
    [BUS__COUNT] = { 0 }
};

static const ww_chip_class i8042_class = {
    .type = "i8042",
    .summary = "Intel 8042 keyboard controller (PS/2 keyboard and aux ports)",
    .doc = "IBM PS/2 and PC AT references: status, command byte, RAM 20-3F/60-7F, self and "
           "interface tests, port enables, output port (A20, reset), D2/D3 loop-back, D4 to "
           "aux, F0-FF pulses, set 2 to set 1 translation, IRQ1/IRQ12. The PS/2 devices are "
           "ps2 chips on the kbd and aux buses.",
    .size = sizeof(i8042_t),
    .version = 1,
    .props = i8042_props,
    .regions = i8042_regions,
    .regs = i8042_regs,
    .state = i8042_state,
    .ports = i8042_ports,
    .buses = i8042_buses,
    .reset = i8042_reset,
    .read = i8042_read,
    .write = i8042_write,
    .signal = i8042_signal,
    .post_load = i8042_post_load,
    .reg_write = i8042_reg_write,
};
WW_CHIP_REGISTER(i8042_class)
