/* chips/serial/ns16550.c — National Semiconductor NS16550A UART (8250 compatible).
 *
 * Source: National Semiconductor PC16550D UART with FIFOs datasheet (June
 * 1995): Table II "Register Summary", 8.4 Line Control Register, 8.5 Line
 * Status Register, 8.6 FIFO Control Register, 8.7 Interrupt Identification
 * Register (Table IV, priorities), 8.8 Interrupt Enable Register, 8.9 Modem
 * Control Register (loopback), 8.10 Modem Status Register, 8.11 Scratchpad.
 * Interpretations were compared with QEMU's hw/char/serial.c.
 *
 *          +---------+
 *  regs 0-7|         |→ irq (INTR)        offsets 0/1 are DLL/DLM when LCR.DLAB=1
 *          | 16550A  |→ dtr rts out1 out2 (MCR outputs, for board glue)
 *  chardev ⇄         |
 *          +---------+
 *
 * The transmitter is instantaneous: a byte written to THR goes to the host
 * stream at once and LSR keeps THRE/TEMT set, so polling firmware never
 * waits. Received bytes enter a 16-byte FIFO (1 byte in 16450 mode); the
 * character timeout (4 character times, 8.7) runs on virtual time from the
 * divisor and LCR. Bytes the host sends while the FIFO is full wait on the
 * host side of the line (a bounded backlog, i.e. flow control) instead of
 * overrunning; overrun (LSR.OE) happens when that backlog is full too, and
 * in loopback. Not modelled: parity/framing errors and break from the host,
 * DMA mode signalling (FCR bit 3 is stored only).
 * Test: tests/chips/serial/ns16550.c
 */
#include "core/chip.h"
#include "core/chardev.h"

#define FIFO_SIZE 16
#define BACKLOG 4096

typedef struct {
    ww_chip chip;
    uint64_t clock_hz;
    /* registers with storage */
    uint8_t ier, lcr, mcr, lsr, msr, scr, fcr, dll, dlm;
    /* internal state */
    uint8_t rx_fifo[FIFO_SIZE];
    uint8_t rx_head, rx_count;
    uint8_t thr_ipending;    /* THRE interrupt pending (cleared by IIR read / THR write) */
    uint8_t timeout_ipending;
    uint8_t backlog[BACKLOG];
    uint32_t bl_head, bl_count;
    ww_timer timeout;
    ww_line irq;
    ww_line dtr, rts, out1, out2;
    ww_chardev *chr;         /* host stream (a backend, not state) */
} ns16550_t;

enum { RBR = 0, THR = 0, DLL = 0, IER = 1, DLM = 1, IIR = 2, FCR = 2, LCR = 3, MCR = 4,
       LSR = 5, MSR = 6, SCR = 7 };

/* Table II "Register Summary": one mask constant per field; the field tables
 * below and the code both use these. */
enum { IER_ERBFI = 0x01, IER_ETBEI = 0x02, IER_ELSI = 0x04, IER_EDSSI = 0x08 };
enum { IIR_NOPEND = 0x01, IIR_IID = 0x0e, IIR_FIFOS = 0xc0 };
enum { IIR_NONE = 0x01, IIR_MSR = 0x00, IIR_THRE = 0x02, IIR_RDA = 0x04, IIR_RLS = 0x06,
       IIR_TIMEOUT = 0x0c };
enum { FCR_FE = 0x01, FCR_RFR = 0x02, FCR_TFR = 0x04, FCR_DMS = 0x08, FCR_RTL = 0xc0 };
enum { LCR_WLS = 0x03, LCR_STB = 0x04, LCR_PEN = 0x08, LCR_EPS = 0x10, LCR_SP = 0x20,
       LCR_BC = 0x40, LCR_DLAB = 0x80 };
enum { MCR_DTR = 0x01, MCR_RTS = 0x02, MCR_OUT1 = 0x04, MCR_OUT2 = 0x08, MCR_LOOP = 0x10 };
enum { LSR_DR = 0x01, LSR_OE = 0x02, LSR_PE = 0x04, LSR_FE = 0x08, LSR_BI = 0x10,
       LSR_THRE = 0x20, LSR_TEMT = 0x40, LSR_ERR = 0x80 };
enum { MSR_DCTS = 0x01, MSR_DDSR = 0x02, MSR_TERI = 0x04, MSR_DDCD = 0x08, MSR_CTS = 0x10,
       MSR_DSR = 0x20, MSR_RI = 0x40, MSR_DCD = 0x80 };
enum { REGION_REGS, REGION__COUNT };
enum { PORT_IRQ, PORT_DTR, PORT_RTS, PORT_OUT1, PORT_OUT2, PORT__COUNT };
enum { BACKEND_SERIAL, BACKEND__COUNT };

#define AT(m) WW_AT(ns16550_t, m)

static const ww_field_desc ier_fields[] = {
    WW_FIELD(IER_, ERBFI, "received data available"), WW_FIELD(IER_, ETBEI, "THR empty"),
    WW_FIELD(IER_, ELSI,  "receiver line status"),    WW_FIELD(IER_, EDSSI, "modem status"),
    { 0 }
};
static const ww_field_desc iir_fields[] = {
    WW_FIELD(IIR_, NOPEND, "0: an interrupt is pending"),
    WW_FIELD(IIR_, IID,    "3 line status, 2 rx data, 6 timeout, 1 THRE, 0 modem"),
    WW_FIELD(IIR_, FIFOS,  "3 when FIFOs are enabled"),
    { 0 }
};
static const ww_field_desc fcr_fields[] = {
    WW_FIELD(FCR_, FE, "FIFO enable"), WW_FIELD(FCR_, RFR, "rx FIFO reset"),
    WW_FIELD(FCR_, TFR, "tx FIFO reset"), WW_FIELD(FCR_, DMS, "DMA mode select"),
    WW_FIELD(FCR_, RTL, "rx trigger: 1, 4, 8, 14 bytes"),
    { 0 }
};
static const ww_field_desc lcr_fields[] = {
    WW_FIELD(LCR_, WLS, "word length 5..8"), WW_FIELD(LCR_, STB, "2 stop bits"),
    WW_FIELD(LCR_, PEN, "parity"), WW_FIELD(LCR_, EPS, "even parity"),
    WW_FIELD(LCR_, SP, "stick parity"), WW_FIELD(LCR_, BC, "break"),
    WW_FIELD(LCR_, DLAB, "divisor latch access"),
    { 0 }
};
static const ww_field_desc mcr_fields[] = {
    WW_FIELD(MCR_, DTR, NULL), WW_FIELD(MCR_, RTS, NULL), WW_FIELD(MCR_, OUT1, NULL),
    WW_FIELD(MCR_, OUT2, NULL), WW_FIELD(MCR_, LOOP, "local loopback"),
    { 0 }
};
static const ww_field_desc lsr_fields[] = {
    WW_FIELD(LSR_, DR, "data ready"), WW_FIELD(LSR_, OE, "overrun"),
    WW_FIELD(LSR_, PE, "parity error"), WW_FIELD(LSR_, FE, "framing error"),
    WW_FIELD(LSR_, BI, "break"), WW_FIELD(LSR_, THRE, "THR empty"),
    WW_FIELD(LSR_, TEMT, "transmitter empty"), WW_FIELD(LSR_, ERR, "error in rx FIFO"),
    { 0 }
};
static const ww_field_desc msr_fields[] = {
    WW_FIELD(MSR_, DCTS, NULL), WW_FIELD(MSR_, DDSR, NULL), WW_FIELD(MSR_, TERI, NULL),
    WW_FIELD(MSR_, DDCD, NULL), WW_FIELD(MSR_, CTS, NULL), WW_FIELD(MSR_, DSR, NULL),
    WW_FIELD(MSR_, RI, NULL), WW_FIELD(MSR_, DCD, NULL),
    { 0 }
};

static const ww_reg_desc ns16550_regs[] = {
    /* name       region       off  w  flags */
    { "RBR_THR",  REGION_REGS, RBR, 1, WW_REG_RC | WW_REG_SIDE,
      .doc = "read: receiver buffer (FIFO head); write: THR; DLL when DLAB=1" },
    { "IER_DLM",  REGION_REGS, IER, 1, WW_REG_SIDE, .doc = "IER, or DLM when DLAB=1" },
    { "IIR_FCR",  REGION_REGS, IIR, 1, WW_REG_RC | WW_REG_SIDE, .fields = iir_fields,
      .doc = "read: interrupt identification (clears THRE); write: FCR" },
    { "LCR",      REGION_REGS, LCR, 1, WW_RW,       .at = AT(lcr), .fields = lcr_fields },
    { "MCR",      REGION_REGS, MCR, 1, WW_REG_SIDE, .at = AT(mcr), .fields = mcr_fields },
    /* Table III "UART Reset Configuration": LSR = THRE|TEMT; MSR's upper bits
     * are the modem inputs (a connected terminal: CTS, DSR, DCD), deltas 0. */
    { "LSR",      REGION_REGS, LSR, 1, WW_REG_RC, .reset = LSR_THRE | LSR_TEMT, .at = AT(lsr),
      .fields = lsr_fields, .doc = "read clears OE PE FE BI" },
    { "MSR",      REGION_REGS, MSR, 1, WW_REG_RC, .reset = MSR_CTS | MSR_DSR | MSR_DCD,
      .at = AT(msr), .fields = msr_fields, .doc = "read clears the delta bits" },
    { "SCR",      REGION_REGS, SCR, 1, WW_RW,       .at = AT(scr), .doc = "scratch" },
    { "IER", .flags = WW_REG_INTERNAL, .at = AT(ier), .fields = ier_fields,
      .doc = "interrupt enable" },
    { "FCR", .flags = WW_REG_INTERNAL, .at = AT(fcr), .fields = fcr_fields,
      .doc = "FIFO control (write-only)" },
    { "DLL", .flags = WW_REG_INTERNAL, .reset = 0x0c, .at = AT(dll),
      .doc = "divisor latch LSB (reset: 9600 baud)" },
    { "DLM", .flags = WW_REG_INTERNAL, .at = AT(dlm), .doc = "divisor latch MSB" },
    { 0 }
};

static void timeout_fire(ww_chip *c, unsigned index);

static const ww_state_desc ns16550_state[] = {
    { "rx_fifo",          WW_STATE_U8,  AT(rx_fifo),          "receive FIFO (ring)" },
    { "rx_head",          WW_STATE_U8,  AT(rx_head) },
    { "rx_count",         WW_STATE_U8,  AT(rx_count) },
    { "thr_ipending",     WW_STATE_U8,  AT(thr_ipending),     "THRE interrupt pending" },
    { "timeout_ipending", WW_STATE_U8,  AT(timeout_ipending), "character timeout pending" },
    /* Bytes the host sent wait on the wire: a UART reset does not lose them. */
    { "backlog",  WW_STATE_U8,  AT(backlog),  "host bytes waiting on the line",
      .flags = WW_STATE_NORESET },
    { "bl_head",  WW_STATE_U32, AT(bl_head),  .flags = WW_STATE_NORESET },
    { "bl_count", WW_STATE_U32, AT(bl_count), .flags = WW_STATE_NORESET },
    { "timeout",  WW_STATE_TIMER, AT(timeout), "character timeout (4 character times)",
      .fire = timeout_fire },
    { 0 }
};

/* The monitor's view of the receive FIFO: its bytes oldest first (the ring
 * itself is rx_fifo/rx_head/rx_count in the state table). */
static void view_rx(ww_chip *chip, GString *text, GArray *values)
{
    const ns16550_t *u = (const ns16550_t *)chip;
    for (unsigned i = 0; i < u->rx_count && i < FIFO_SIZE; i++) {
        uint64_t b = u->rx_fifo[(u->rx_head + i) % FIFO_SIZE];
        g_string_append_printf(text, "%s%02x", i ? " " : "", (unsigned)b);
        g_array_append_val(values, b);
    }
    if (!u->rx_count)
        g_string_append(text, "(empty)");
}

static const ww_view_desc ns16550_views[] = {
    { "rx queue", "received bytes the guest has not read, oldest first", view_rx },
    { 0 }
};

/* ---- helpers ----------------------------------------------------------- */

static bool fifo_on(const ns16550_t *u)
{
    return u->fcr & FCR_FE;
}

static unsigned rx_capacity(const ns16550_t *u)
{
    return fifo_on(u) ? FIFO_SIZE : 1;
}

static unsigned rx_trigger(const ns16550_t *u)
{
    static const uint8_t levels[4] = { 1, 4, 8, 14 };
    return fifo_on(u) ? levels[u->fcr >> 6] : 1;
}

/* Interrupt identification in priority order (Table IV). */
static uint8_t iir_id(const ns16550_t *u)
{
    if ((u->ier & IER_ELSI) && (u->lsr & (LSR_OE | LSR_PE | LSR_FE | LSR_BI)))
        return IIR_RLS;
    if ((u->ier & IER_ERBFI) && u->rx_count && u->rx_count >= rx_trigger(u))
        return IIR_RDA;
    if ((u->ier & IER_ERBFI) && u->timeout_ipending && u->rx_count)
        return IIR_TIMEOUT;
    if ((u->ier & IER_ETBEI) && u->thr_ipending)
        return IIR_THRE;
    if ((u->ier & IER_EDSSI) && (u->msr & 0x0f))
        return IIR_MSR;
    return IIR_NONE;
}

static void update_irq(ns16550_t *u)
{
    ww_line_set(&u->irq, iir_id(u) != IIR_NONE);
}

/* Time of 4 characters at the current divisor and frame ("8.7": the
 * timeout is 4 character times). */
static ww_time char_timeout(const ns16550_t *u)
{
    unsigned div = (unsigned)(u->dlm << 8 | u->dll);
    if (!div)
        div = 65536;   /* 0 is not a valid divisor; treat as the slowest */
    unsigned bits = 1 + 5 + (u->lcr & 3) + ((u->lcr & 4) ? 2 : 1) + ((u->lcr & 8) ? 1 : 0);
    uint64_t clocks = 4ull * bits * 16 * div;
    return ww_ticks_to_ns(clocks, u->clock_hz ? u->clock_hz : 1843200);
}

/* "8.7" C/D: a pending timeout is cleared (and the timer reset) when the
 * CPU reads a character; without one pending, the timer is also reset by
 * each character received. */
static void restart_timeout(ns16550_t *u)
{
    u->timeout_ipending = 0;
    if (!u->chip.realized)
        return;
    if (fifo_on(u) && u->rx_count)
        ww_timer_mod(&u->timeout, ww_sched_now(u->chip.sched) + char_timeout(u));
    else
        ww_timer_del(&u->timeout);
}

static void timeout_fire(ww_chip *c, unsigned index)
{
    ns16550_t *u = (ns16550_t *)c;
    if (fifo_on(u) && u->rx_count)
        u->timeout_ipending = 1;
    update_irq(u);
}

/* A character arrives at the receiver (from the host or the loopback). */
static bool rx_push(ns16550_t *u, uint8_t b)
{
    if (u->rx_count >= rx_capacity(u))
        return false;
    u->rx_fifo[(u->rx_head + u->rx_count) % FIFO_SIZE] = b;
    u->rx_count++;
    u->lsr |= LSR_DR;
    return true;
}

static void rx_overrun(ns16550_t *u)
{
    /* "8.5 OE": the character in the shift register is lost. */
    u->lsr |= LSR_OE;
}

/* Move bytes waiting on the host side into the FIFO. */
static void drain_backlog(ns16550_t *u)
{
    while (u->bl_count && u->rx_count < rx_capacity(u)) {
        rx_push(u, u->backlog[u->bl_head]);
        u->bl_head = (u->bl_head + 1) % BACKLOG;
        u->bl_count--;
    }
}

static void host_rx(void *opaque, const uint8_t *buf, size_t len)
{
    ns16550_t *u = opaque;
    if (u->mcr & MCR_LOOP)
        return;   /* "8.9 LOOP": the serial input is disconnected */
    for (size_t k = 0; k < len; k++) {
        if (u->bl_count == 0 && rx_push(u, buf[k]))
            continue;
        if (u->bl_count < BACKLOG) {
            u->backlog[(u->bl_head + u->bl_count) % BACKLOG] = buf[k];
            u->bl_count++;
        } else {
            rx_overrun(u);
        }
    }
    if (!u->timeout_ipending)
        restart_timeout(u);
    update_irq(u);
}

static uint8_t rx_pop(ns16550_t *u)
{
    if (!u->rx_count)
        return 0;
    uint8_t b = u->rx_fifo[u->rx_head];
    u->rx_head = (uint8_t)((u->rx_head + 1) % FIFO_SIZE);
    u->rx_count--;
    drain_backlog(u);
    if (!u->rx_count)
        u->lsr &= (uint8_t)~LSR_DR;
    restart_timeout(u);
    return b;
}

static void rx_clear(ns16550_t *u)
{
    u->rx_head = u->rx_count = 0;
    u->lsr &= (uint8_t)~LSR_DR;
    drain_backlog(u);
    restart_timeout(u);
}

/* Modem inputs: in loopback DTR→DSR, RTS→CTS, OUT1→RI, OUT2→DCD ("8.9");
 * otherwise the host side looks like a connected terminal (CTS DSR DCD). */
static void update_msr(ns16550_t *u)
{
    uint8_t in;
    if (u->mcr & MCR_LOOP)
        in = (uint8_t)(((u->mcr & MCR_RTS) ? MSR_CTS : 0) | ((u->mcr & MCR_DTR) ? MSR_DSR : 0) |
                       ((u->mcr & MCR_OUT1) ? MSR_RI : 0) | ((u->mcr & MCR_OUT2) ? MSR_DCD : 0));
    else
        in = MSR_CTS | MSR_DSR | MSR_DCD;
    uint8_t old = u->msr & 0xf0, ch = old ^ in, d = 0;
    if (ch & MSR_CTS) d |= MSR_DCTS;
    if (ch & MSR_DSR) d |= MSR_DDSR;
    if (ch & MSR_DCD) d |= MSR_DDCD;
    if ((old & MSR_RI) && !(in & MSR_RI)) d |= MSR_TERI;   /* trailing edge of RI */
    u->msr = (uint8_t)(in | (u->msr & 0x0f) | d);
}

static void update_outputs(ns16550_t *u)
{
    /* In loopback the modem outputs are forced inactive ("8.9"). */
    uint8_t m = (u->mcr & MCR_LOOP) ? 0 : u->mcr;
    ww_line_set(&u->dtr, !!(m & MCR_DTR));
    ww_line_set(&u->rts, !!(m & MCR_RTS));
    ww_line_set(&u->out1, !!(m & MCR_OUT1));
    ww_line_set(&u->out2, !!(m & MCR_OUT2));
}

static void transmit(ns16550_t *u, uint8_t b)
{
    if (u->mcr & MCR_LOOP) {
        if (!rx_push(u, b))
            rx_overrun(u);
        if (!u->timeout_ipending)
            restart_timeout(u);
    } else {
        ww_chardev_write(u->chr, &b, 1);
    }
    /* THR is empty again at once: THRE interrupt (8.7, priority 3). */
    u->thr_ipending = 1;
}

/* ---- register access ---------------------------------------------------- */

static uint64_t ns16550_read(ww_chip *c, unsigned region, uint64_t off, unsigned size,
                             ww_access how)
{
    ns16550_t *u = (ns16550_t *)c;
    bool peek = how == WW_PEEK;
    uint8_t v;
    switch (off) {
    case RBR:
        if (u->lcr & LCR_DLAB)
            return u->dll;
        if (peek)
            return u->rx_count ? u->rx_fifo[u->rx_head] : 0;
        v = rx_pop(u);
        break;
    case IER:
        return (u->lcr & LCR_DLAB) ? u->dlm : u->ier;
    case IIR: {
        uint8_t id = iir_id(u);
        v = (uint8_t)(id | (fifo_on(u) ? IIR_FIFOS : 0));
        /* Reading IIR while it reports THRE clears that interrupt (Table IV). */
        if (!peek && id == IIR_THRE)
            u->thr_ipending = 0;
        if (peek)
            return v;
        break;
    }
    case LCR:
        return u->lcr;
    case MCR:
        return u->mcr;
    case LSR:
        v = u->lsr;
        if (peek)
            return v;
        u->lsr &= (uint8_t)~(LSR_OE | LSR_PE | LSR_FE | LSR_BI | LSR_ERR);
        break;
    case MSR:
        v = u->msr;
        if (peek)
            return v;
        u->msr &= 0xf0;
        break;
    case SCR:
        return u->scr;
    default:
        if (!peek)
            ww_chip_unimp(c, "read", region, off);
        return 0xff;
    }
    update_irq(u);
    return v;
}

static void ns16550_write(ww_chip *c, unsigned region, uint64_t off, uint64_t val, unsigned size)
{
    ns16550_t *u = (ns16550_t *)c;
    uint8_t v = (uint8_t)val;
    switch (off) {
    case THR:
        if (u->lcr & LCR_DLAB) {
            u->dll = v;
            return;
        }
        transmit(u, v);
        break;
    case IER:
        if (u->lcr & LCR_DLAB) {
            u->dlm = v;
            return;
        }
        /* Enabling ETBEI while THR is empty raises THRE at once (as on the
         * 16550A; Linux's UART_BUG_THRE test relies on it). */
        if ((v & IER_ETBEI) && !(u->ier & IER_ETBEI))
            u->thr_ipending = 1;
        u->ier = v & 0x0f;
        break;
    case FCR:
        /* Changing FE resets both FIFOs ("8.6 bit 0"). */
        if ((v ^ u->fcr) & FCR_FE) {
            u->fcr = (uint8_t)(v & (FCR_FE | FCR_DMS | FCR_RTL));
            rx_clear(u);
        } else {
            u->fcr = (uint8_t)(v & (FCR_FE | FCR_DMS | FCR_RTL));
            if (v & FCR_RFR)
                rx_clear(u);
        }
        if (!fifo_on(u))
            u->fcr = 0;
        break;
    case LCR:
        u->lcr = v;
        break;
    case MCR:
        u->mcr = v & 0x1f;
        update_msr(u);
        update_outputs(u);
        if (!(u->mcr & MCR_LOOP))
            drain_backlog(u);
        break;
    case LSR:
        /* LSR is for factory test; writes are ignored here (QEMU does too). */
        ww_chip_guest_error(c, "write 0x%02x to LSR ignored", v);
        return;
    case MSR:
        ww_chip_guest_error(c, "write 0x%02x to MSR ignored", v);
        return;
    case SCR:
        u->scr = v;
        return;
    default:
        ww_chip_unimp(c, "write", region, off);
        return;
    }
    update_irq(u);
}

/* The host stream was bound (or unbound): take its received bytes. */
static void serial_bound(ww_chip *c, unsigned index)
{
    ns16550_t *u = (ns16550_t *)c;
    if (u->chr) {
        u->chr->rx = host_rx;
        u->chr->rx_chip = u;
    }
}

static void ns16550_unrealize(ww_chip *c)
{
    ns16550_t *u = (ns16550_t *)c;
    if (u->chr && u->chr->rx_chip == u)
        u->chr->rx = NULL;
}

static void ns16550_reset(ww_chip *c, ww_reset_kind kind)
{
    ns16550_t *u = (ns16550_t *)c;
    /* The registers took Table III's values; bytes waiting on the wire enter
     * the (now 1-byte) receiver, and the outputs follow MCR = 0. */
    drain_backlog(u);
    update_outputs(u);
    update_irq(u);
}

static bool ns16550_post_load(ww_chip *c, GError **err)
{
    ns16550_t *u = (ns16550_t *)c;
    /* Indices come from the file: keep them inside the rings. The timeout
     * timer was restored with its deadline. */
    u->rx_head %= FIFO_SIZE;
    u->rx_count = (uint8_t)MIN(u->rx_count, FIFO_SIZE);
    u->bl_head %= BACKLOG;
    u->bl_count = MIN(u->bl_count, BACKLOG);
    update_outputs(u);
    update_irq(u);
    return true;
}

static const ww_prop_desc ns16550_props[] = {
    { "clock", WW_PROP_UINT, AT(clock_hz), "1843200", 1, 1000000000, NULL, WW_UNIT_HZ,
      "XIN; baud = clock / (16 × divisor)" },
    { 0 }
};

static const ww_region_desc ns16550_regions[] = {
    [REGION_REGS] = { "regs", 8, 1, 1, WW_LITTLE_ENDIAN, 0, "RBR/THR IER IIR/FCR LCR MCR LSR MSR SCR" },
    [REGION__COUNT] = { 0 }
};

static const ww_port_desc ns16550_ports[] = {
    [PORT_IRQ]  = { "irq",  WW_PORT_OUT, 1, 0, offsetof(ns16550_t, irq),  "INTR (PC boards gate it with OUT2)" },
    [PORT_DTR]  = { "dtr",  WW_PORT_OUT, 1, 0, offsetof(ns16550_t, dtr),  "MCR.DTR (active high here)" },
    [PORT_RTS]  = { "rts",  WW_PORT_OUT, 1, 0, offsetof(ns16550_t, rts),  "MCR.RTS" },
    [PORT_OUT1] = { "out1", WW_PORT_OUT, 1, 0, offsetof(ns16550_t, out1), "MCR.OUT1" },
    [PORT_OUT2] = { "out2", WW_PORT_OUT, 1, 0, offsetof(ns16550_t, out2), "MCR.OUT2" },
    [PORT__COUNT] = { 0 }
};

static const ww_backend_desc ns16550_backends[] = {
    [BACKEND_SERIAL] = { "serial", WW_BACKEND_CHARDEV, offsetof(ns16550_t, chr),
                         .doc = "the host side of the line (<serial from=…>, --serial)",
                         .bound = serial_bound },
    [BACKEND__COUNT] = { 0 }
};

static const ww_chip_class ns16550_class = {
    .type = "ns16550",
    .summary = "NS16550A UART with 16-byte FIFOs (8250 compatible)",
    .views = ns16550_views,
    .doc = "PC16550D datasheet: all registers incl. DLAB, FIFO control and trigger levels, "
           "interrupt priorities, character timeout, loopback. Transmission is instant.",
    .size = sizeof(ns16550_t),
    .version = 1,
    .props = ns16550_props,
    .regions = ns16550_regions,
    .regs = ns16550_regs,
    .state = ns16550_state,
    .ports = ns16550_ports,
    .backends = ns16550_backends,
    .unrealize = ns16550_unrealize,
    .reset = ns16550_reset,
    .read = ns16550_read,
    .write = ns16550_write,
    .post_load = ns16550_post_load,
};
WW_CHIP_REGISTER(ns16550_class)
