/* chips/serial/z85c30.c — Zilog Z85C30 / Z8530 SCC ("ESCC"), the two-channel
 * serial controller of the Macintosh (Plus to the Quadras), the Power Macs' Mac
 * I/O ASICs and the NeXT.
 *
 * Source: Zilog "Z80C30/Z85C30/Z80230/Z85230/Z85233 SCC/ESCC User Manual"
 * (UM010903): ch. 2 "Interfacing the SCC" (register access: a control write
 * of WR0 sets the register pointer for the next control access, which then
 * returns to 0; "Point High" adds 8), ch. 5 "Register Descriptions" (WR0
 * commands, WR1 interrupt modes, WR3/WR5 enables, WR9 resets and MIE/NV/VIS,
 * WR15, RR0, RR1, RR2 (channel B: vector modified with the status), RR3
 * (channel A only: the six interrupt-pending bits), RR10, RR12/13, RR15),
 * table 5-? "Register Reset Values" (Tx buffer empty and Tx underrun set,
 * RR1 All Sent). The two bus layouts are the boards' address decoding:
 *  - "legacy": [0] B control, [1] A control, [2] B data, [3] A data — A/B̅ on
 *    the low address line, D/C̅ on the next: the classic Macs (Guide to the
 *    Macintosh Family Hardware, "SCC") and Mac I/O's escc-legacy block;
 *  - "macio": [0] B control, [1] B data, [2] A control, [3] A data — the Mac
 *    I/O "escc" block (OpenBIOS drivers/escc.c reg offsets 0x00/0x10/0x20/0x30,
 *    CHRP I/O Reference), mapped with a stride of 16.
 * Mac I/O wires each channel's interrupt separately (QEMU hw/char/escc.c and
 * the Heathrow sources 0x0F/0x10); int_a/int_b carry those, int is the chip's
 * one INT pin (either channel).
 *
 *            +---------+
 *  legacy  → | ch A    |→ int      (MIE and any IP bit in RR3)
 *  macio   → | ch B    |→ int_a, int_b  (per channel, MIE-gated)
 *  serial@0 ⇄ (A)     |
 *  serial@1 ⇄ (B)     |
 *            +---------+
 *
 * Transmission is instantaneous (the Tx buffer is empty again at once, and
 * Tx IP follows if enabled). Received bytes enter the 3-byte receive FIFO;
 * bytes the host sends while it is full, or while the receiver is disabled,
 * wait on the host side (flow control) instead of overrunning. No INTACK
 * cycle exists on these boards, so IUS is never set and the daisy chain plays
 * no part (Reset Highest IUS is accepted and does nothing). Not modelled:
 * synchronous modes (SDLC, CRC), DPLL, the baud-rate generator's timing
 * (WR12/13/14 are stored), modem-line changes from the host, DMA requests
 * (W/REQ), the ESCC's WR7' and FIFO extensions.
 * Test: tests/chips/serial/z85c30.c
 */
#include "core/chip.h"
#include "core/chardev.h"

#define RX_FIFO 3
#define BACKLOG 4096
#define NCHAN 2

enum { CH_A = 0, CH_B = 1 };

typedef struct {
    uint8_t wr[16];          /* write registers (WR9 and WR2 are the chip's: see below) */
    uint8_t rr0, rr1, rr10;
    uint8_t rx[RX_FIFO];
    uint8_t rx_count;
    uint8_t ptr;             /* register pointer for the next control access */
    uint8_t tx_ip, rx_ip, ext_ip;
    uint8_t rx_first_armed;  /* WR1 mode 01: the next character interrupts */
    uint8_t backlog[BACKLOG];
    uint32_t bl_head, bl_count;
} scc_chan;

typedef struct {
    ww_chip chip;
    scc_chan ch[NCHAN];      /* [0] channel A, [1] channel B */
    uint8_t wr2, wr9;        /* shared by both channels */
    ww_line irq, irq_ch[NCHAN];
    ww_chardev *chr[NCHAN];
} z85c30_t;

/* Register numbers (UM010903 ch. 5). */
enum { R0 = 0, R1, R2, R3, R4, R5, R6, R7, R8, R9, R10, R11, R12, R13, R14, R15 };
/* WR0 */
enum { WR0_REG = 0x07, WR0_CMD = 0x38, WR0_CRC = 0xc0 };
enum { CMD_NULL = 0x00, CMD_POINT_HIGH = 0x08, CMD_RESET_EXT = 0x10, CMD_ABORT = 0x18,
       CMD_RX_NEXT = 0x20, CMD_RESET_TX_IP = 0x28, CMD_ERROR_RESET = 0x30,
       CMD_RESET_IUS = 0x38 };
/* WR1 */
enum { WR1_EXT_IE = 0x01, WR1_TX_IE = 0x02, WR1_PARITY_SPECIAL = 0x04, WR1_RX_MODE = 0x18,
       WR1_WREQ_RX = 0x20, WR1_WREQ_FN = 0x40, WR1_WREQ_EN = 0x80 };
enum { RX_INT_OFF = 0x00, RX_INT_FIRST = 0x08, RX_INT_ALL = 0x10, RX_INT_SPECIAL = 0x18 };
/* WR3 */
enum { WR3_RX_EN = 0x01, WR3_SYNC_INHIBIT = 0x02, WR3_ADDR_SEARCH = 0x04, WR3_RX_CRC = 0x08,
       WR3_HUNT = 0x10, WR3_AUTO = 0x20, WR3_RX_BITS = 0xc0 };
/* WR5 */
enum { WR5_TX_CRC = 0x01, WR5_RTS = 0x02, WR5_CRC16 = 0x04, WR5_TX_EN = 0x08,
       WR5_BREAK = 0x10, WR5_TX_BITS = 0x60, WR5_DTR = 0x80 };
/* WR9 */
enum { WR9_VIS = 0x01, WR9_NV = 0x02, WR9_DLC = 0x04, WR9_MIE = 0x08, WR9_SHSL = 0x10,
       WR9_INTACK = 0x20, WR9_RESET = 0xc0 };
enum { RESET_NONE = 0x00, RESET_B = 0x40, RESET_A = 0x80, RESET_HW = 0xc0 };
/* WR15 */
enum { WR15_WR7P = 0x01, WR15_ZC_IE = 0x02, WR15_FIFO = 0x04, WR15_DCD_IE = 0x08,
       WR15_SYNC_IE = 0x10, WR15_CTS_IE = 0x20, WR15_TXU_IE = 0x40, WR15_BREAK_IE = 0x80 };
/* RR0 */
enum { RR0_RX_AVAIL = 0x01, RR0_ZERO_COUNT = 0x02, RR0_TX_EMPTY = 0x04, RR0_DCD = 0x08,
       RR0_SYNC = 0x10, RR0_CTS = 0x20, RR0_TX_UNDERRUN = 0x40, RR0_BREAK = 0x80 };
/* RR1 */
enum { RR1_ALL_SENT = 0x01, RR1_RESIDUE = 0x0e, RR1_PARITY = 0x10, RR1_OVERRUN = 0x20,
       RR1_FRAMING = 0x40, RR1_EOF = 0x80 };
/* RR3 (channel A): interrupt pending */
enum { RR3_B_EXT = 0x01, RR3_B_TX = 0x02, RR3_B_RX = 0x04, RR3_A_EXT = 0x08, RR3_A_TX = 0x10,
       RR3_A_RX = 0x20 };

enum { REGION_LEGACY, REGION_MACIO, REGION__COUNT };
enum { PORT_INT, PORT_INT_A, PORT_INT_B, PORT__COUNT };
enum { BACKEND_SERIAL, BACKEND__COUNT };

#define AT(m) WW_AT(z85c30_t, m)
#define CH(m) WW_AT(scc_chan, m)

static const ww_field_desc wr0_fields[] = {
    WW_FIELD(WR0_, REG, "register pointer (with Point High: +8)"),
    WW_FIELD(WR0_, CMD, "command: 1 point high, 2 reset ext/status, 4 rx int on next, "
                        "5 reset Tx IP, 6 error reset, 7 reset highest IUS"),
    WW_FIELD(WR0_, CRC, "CRC reset codes (synchronous modes)"),
    { 0 }
};
static const ww_field_desc wr1_fields[] = {
    WW_FIELD(WR1_, EXT_IE, "external/status interrupt enable"),
    WW_FIELD(WR1_, TX_IE, "transmit interrupt enable"),
    WW_FIELD(WR1_, PARITY_SPECIAL, "parity is a special condition"),
    WW_FIELD(WR1_, RX_MODE, "0 off, 1 first char or special, 2 all chars or special, 3 special"),
    WW_FIELD(WR1_, WREQ_RX, "W/REQ on receive"), WW_FIELD(WR1_, WREQ_FN, "W/REQ function"),
    WW_FIELD(WR1_, WREQ_EN, "W/REQ enable"),
    { 0 }
};
static const ww_field_desc wr3_fields[] = {
    WW_FIELD(WR3_, RX_EN, "receiver enable"), WW_FIELD(WR3_, SYNC_INHIBIT, NULL),
    WW_FIELD(WR3_, ADDR_SEARCH, NULL), WW_FIELD(WR3_, RX_CRC, NULL), WW_FIELD(WR3_, HUNT, NULL),
    WW_FIELD(WR3_, AUTO, "auto enables"), WW_FIELD(WR3_, RX_BITS, "5, 7, 6, 8 bits"),
    { 0 }
};
static const ww_field_desc wr5_fields[] = {
    WW_FIELD(WR5_, TX_CRC, NULL), WW_FIELD(WR5_, RTS, NULL), WW_FIELD(WR5_, CRC16, NULL),
    WW_FIELD(WR5_, TX_EN, "transmitter enable"), WW_FIELD(WR5_, BREAK, "send break"),
    WW_FIELD(WR5_, TX_BITS, "5, 7, 6, 8 bits"), WW_FIELD(WR5_, DTR, NULL),
    { 0 }
};
static const ww_field_desc wr9_fields[] = {
    WW_FIELD(WR9_, VIS, "vector includes status"), WW_FIELD(WR9_, NV, "no vector"),
    WW_FIELD(WR9_, DLC, "disable lower chain"), WW_FIELD(WR9_, MIE, "master interrupt enable"),
    WW_FIELD(WR9_, SHSL, "status high/low"), WW_FIELD(WR9_, INTACK, "software INTACK enable"),
    WW_FIELD(WR9_, RESET, "1 channel B reset, 2 channel A reset, 3 force hardware reset"),
    { 0 }
};
static const ww_field_desc rr0_fields[] = {
    WW_FIELD(RR0_, RX_AVAIL, "receive character available"), WW_FIELD(RR0_, ZERO_COUNT, NULL),
    WW_FIELD(RR0_, TX_EMPTY, "transmit buffer empty"), WW_FIELD(RR0_, DCD, NULL),
    WW_FIELD(RR0_, SYNC, NULL), WW_FIELD(RR0_, CTS, NULL),
    WW_FIELD(RR0_, TX_UNDERRUN, "Tx underrun/EOM"), WW_FIELD(RR0_, BREAK, "break/abort"),
    { 0 }
};
static const ww_field_desc rr1_fields[] = {
    WW_FIELD(RR1_, ALL_SENT, "all characters sent"), WW_FIELD(RR1_, RESIDUE, NULL),
    WW_FIELD(RR1_, PARITY, "parity error"), WW_FIELD(RR1_, OVERRUN, "Rx overrun"),
    WW_FIELD(RR1_, FRAMING, "CRC/framing error"), WW_FIELD(RR1_, EOF, "end of frame (SDLC)"),
    { 0 }
};

/* Per-channel registers: element 0 is channel A, element 1 channel B. */
#define PER_CHAN(n) .count = NCHAN, .stride = sizeof(scc_chan), \
    .names = (const char *const[]){ n "A", n "B" }
#define WRN(n, f, d) { "WR" #n, .flags = WW_REG_INTERNAL | WW_REG_CHIP_RESET, \
    .at = AT(ch[0].wr[n]), PER_CHAN("WR" #n), .fields = f, .doc = d }

/* The bus registers are the four access points; every SCC register is reached
 * through them and is described below as an internal register per channel. */
static const ww_reg_desc scc_regs[] = {
    /* name          region         off w  flags */
    { "B_CTRL",      REGION_LEGACY, 0,  1, WW_REG_RC | WW_REG_SIDE,
      .doc = "channel B control: WR0 / the register WR0 points at; read RRn" },
    { "A_CTRL",      REGION_LEGACY, 1,  1, WW_REG_RC | WW_REG_SIDE, .doc = "channel A control" },
    { "B_DATA",      REGION_LEGACY, 2,  1, WW_REG_RC | WW_REG_SIDE, .doc = "channel B data (WR8/RR8)" },
    { "A_DATA",      REGION_LEGACY, 3,  1, WW_REG_RC | WW_REG_SIDE, .doc = "channel A data" },
    { "MB_CTRL",     REGION_MACIO,  0,  1, WW_REG_RC | WW_REG_SIDE, .doc = "Mac I/O: channel B control" },
    { "MB_DATA",     REGION_MACIO,  1,  1, WW_REG_RC | WW_REG_SIDE, .doc = "Mac I/O: channel B data" },
    { "MA_CTRL",     REGION_MACIO,  2,  1, WW_REG_RC | WW_REG_SIDE, .doc = "Mac I/O: channel A control" },
    { "MA_DATA",     REGION_MACIO,  3,  1, WW_REG_RC | WW_REG_SIDE, .doc = "Mac I/O: channel A data" },
    /* channel A's write registers, then channel B's (WR2 and WR9 are shared) */
    WRN(0, wr0_fields, "last WR0 written (pointer and command)"),
    WRN(1, wr1_fields, "interrupt and W/REQ modes"),
    WRN(3, wr3_fields, "receive parameters"),
    WRN(4, NULL, "clock mode, stop bits, parity"),
    WRN(5, wr5_fields, "transmit parameters"),
    WRN(6, NULL, "sync character / SDLC address"), WRN(7, NULL, "sync character / flag"),
    WRN(10, NULL, "misc transmit/receive control"), WRN(11, NULL, "clock mode control"),
    WRN(12, NULL, "baud-rate time constant, low"), WRN(13, NULL, "time constant, high"),
    WRN(14, NULL, "misc control (bit 4: local loopback)"),
    WRN(15, NULL, "external/status interrupt enables"),
    { "WR2", .flags = WW_REG_INTERNAL, .at = AT(wr2), .doc = "interrupt vector (shared)" },
    { "WR9", .flags = WW_REG_INTERNAL, .at = AT(wr9), .fields = wr9_fields,
      .doc = "master interrupt control (shared; the reset commands are not stored)" },
    { "RR0", .flags = WW_REG_INTERNAL | WW_REG_CHIP_RESET, .at = AT(ch[0].rr0),
      PER_CHAN("RR0"), .fields = rr0_fields, .doc = "transmit/receive buffer and status" },
    { "RR1", .flags = WW_REG_INTERNAL | WW_REG_CHIP_RESET, .at = AT(ch[0].rr1),
      PER_CHAN("RR1"), .fields = rr1_fields, .doc = "special receive conditions" },
    { 0 }
};

static const ww_state_desc chan_state[] = {
    { "rr10",      WW_STATE_U8,  CH(rr10),      "misc status" },
    { "rx",        WW_STATE_U8,  CH(rx),        "receive FIFO (rx[0] is the head)" },
    { "rx_count",  WW_STATE_U8,  CH(rx_count) },
    { "ptr",       WW_STATE_U8,  CH(ptr),       "register pointer" },
    { "tx_ip",     WW_STATE_U8,  CH(tx_ip),     "transmit interrupt pending" },
    { "rx_ip",     WW_STATE_U8,  CH(rx_ip),     "receive interrupt pending" },
    { "ext_ip",    WW_STATE_U8,  CH(ext_ip),    "external/status interrupt pending" },
    { "rx_first_armed", WW_STATE_U8, CH(rx_first_armed), "WR1 mode 1: next char interrupts",
      .reset = 1 },
    /* Bytes the host sent wait on the wire: a reset does not lose them. */
    { "backlog",   WW_STATE_U8,  CH(backlog),   "host bytes waiting on the line",
      .flags = WW_STATE_NORESET },
    { "bl_head",   WW_STATE_U32, CH(bl_head),   .flags = WW_STATE_NORESET },
    { "bl_count",  WW_STATE_U32, CH(bl_count),  .flags = WW_STATE_NORESET },
    { 0 }
};
static const ww_record_desc chan_record = { "channel", sizeof(scc_chan), chan_state };
static const char *const chan_names[] = { "a", "b" };

static const ww_state_desc scc_state[] = {
    { "ch", WW_STATE_RECORD, AT(ch), "channels A and B", .record = &chan_record,
      .names = chan_names },
    { 0 }
};

/* ---- helpers ----------------------------------------------------------- */

static bool rx_int_enabled(const scc_chan *s)
{
    uint8_t m = s->wr[R1] & WR1_RX_MODE;
    return m == RX_INT_FIRST || m == RX_INT_ALL;
}

/* RR3 (UM010903 ch. 5, "Read Register 3"): the interrupt-pending bits. */
static uint8_t rr3(const z85c30_t *z)
{
    const scc_chan *a = &z->ch[CH_A], *b = &z->ch[CH_B];
    return (uint8_t)((b->ext_ip ? RR3_B_EXT : 0) | (b->tx_ip ? RR3_B_TX : 0) |
                     (b->rx_ip ? RR3_B_RX : 0) | (a->ext_ip ? RR3_A_EXT : 0) |
                     (a->tx_ip ? RR3_A_TX : 0) | (a->rx_ip ? RR3_A_RX : 0));
}

static void update_irq(z85c30_t *z)
{
    bool mie = z->wr9 & WR9_MIE;
    uint8_t ip = rr3(z);
    ww_line_set(&z->irq_ch[CH_A], mie && (ip & (RR3_A_EXT | RR3_A_TX | RR3_A_RX)));
    ww_line_set(&z->irq_ch[CH_B], mie && (ip & (RR3_B_EXT | RR3_B_TX | RR3_B_RX)));
    ww_line_set(&z->irq, mie && ip);
}

/* The vector channel B's RR2 returns: WR2 modified by the highest pending
 * interrupt when VIS (status low: bits 3-1; status high: bits 4-6 reversed). */
static uint8_t vector_b(const z85c30_t *z)
{
    uint8_t ip = rr3(z), st;
    if (ip & RR3_A_RX)       st = 6;
    else if (ip & RR3_A_TX)  st = 4;
    else if (ip & RR3_A_EXT) st = 5;
    else if (ip & RR3_B_RX)  st = 2;
    else if (ip & RR3_B_TX)  st = 0;
    else if (ip & RR3_B_EXT) st = 1;
    else                     st = 3;   /* no interrupt pending */
    if (z->wr9 & WR9_SHSL) {
        uint8_t rev = (uint8_t)(((st & 1) << 2) | (st & 2) | ((st & 4) >> 2));
        return (uint8_t)((z->wr2 & 0x8f) | rev << 4);
    }
    return (uint8_t)((z->wr2 & 0xf1) | st << 1);
}

static void rx_refresh(scc_chan *s)
{
    if (s->rx_count)
        s->rr0 |= RR0_RX_AVAIL;
    else
        s->rr0 &= (uint8_t)~RR0_RX_AVAIL;
}

/* A character enters the receive FIFO. */
static void rx_char(scc_chan *s, uint8_t b)
{
    s->rx[s->rx_count++] = b;
    rx_refresh(s);
    uint8_t m = s->wr[R1] & WR1_RX_MODE;
    if (m == RX_INT_ALL || (m == RX_INT_FIRST && s->rx_first_armed)) {
        s->rx_ip = 1;
        s->rx_first_armed = 0;
    }
}

/* Host bytes waiting on the line enter the FIFO while it has room and the
 * receiver is enabled. */
static void drain(scc_chan *s)
{
    while (s->bl_count && s->rx_count < RX_FIFO && (s->wr[R3] & WR3_RX_EN)) {
        rx_char(s, s->backlog[s->bl_head]);
        s->bl_head = (s->bl_head + 1) % BACKLOG;
        s->bl_count--;
    }
}

static uint8_t rx_pop(scc_chan *s)
{
    if (!s->rx_count)
        return 0;
    uint8_t b = s->rx[0];
    memmove(s->rx, s->rx + 1, RX_FIFO - 1);
    s->rx_count--;
    /* Rx IP stays while characters remain (all-characters mode). */
    if (!s->rx_count || (s->wr[R1] & WR1_RX_MODE) != RX_INT_ALL)
        s->rx_ip = 0;
    drain(s);
    if (s->rx_count && (s->wr[R1] & WR1_RX_MODE) == RX_INT_ALL)
        s->rx_ip = 1;
    rx_refresh(s);
    return b;
}

static void host_rx(z85c30_t *z, unsigned ch, const uint8_t *buf, size_t len)
{
    scc_chan *s = &z->ch[ch];
    for (size_t k = 0; k < len; k++) {
        if (s->bl_count < BACKLOG) {
            s->backlog[(s->bl_head + s->bl_count) % BACKLOG] = buf[k];
            s->bl_count++;
        } else {
            s->rr1 |= RR1_OVERRUN;   /* the host outran even the line's backlog */
        }
    }
    drain(s);
    update_irq(z);
}

static void host_rx_a(void *opaque, const uint8_t *buf, size_t len)
{
    host_rx(opaque, CH_A, buf, len);
}

static void host_rx_b(void *opaque, const uint8_t *buf, size_t len)
{
    host_rx(opaque, CH_B, buf, len);
}

/* Channel reset (WR9 commands, "Register Reset Values"): the channel's write
 * registers take their reset values and pending interrupts are dropped. */
static void channel_reset(z85c30_t *z, unsigned ch)
{
    scc_chan *s = &z->ch[ch];
    memset(s->wr, 0, sizeof s->wr);
    s->wr[R4] = 0x04;                  /* 1 stop bit */
    s->wr[R11] = 0x08;                 /* TRxC out: BR generator? (reset: 00001000) */
    s->wr[R14] = 0x20;                 /* local loopback off, search mode */
    s->wr[R15] = 0xf8;                 /* every external/status source enabled */
    s->rr0 = (uint8_t)(RR0_TX_EMPTY | RR0_TX_UNDERRUN | (s->rx_count ? RR0_RX_AVAIL : 0));
    s->rr1 = RR1_ALL_SENT | 0x06;
    s->rr10 = 0;
    s->ptr = 0;
    s->tx_ip = s->rx_ip = s->ext_ip = 0;
    s->rx_first_armed = 1;
    s->rx_count = 0;
    rx_refresh(s);
}

static void wr0_command(z85c30_t *z, scc_chan *s, uint8_t v)
{
    s->ptr = v & WR0_REG;
    switch (v & WR0_CMD) {
    case CMD_POINT_HIGH:
        s->ptr |= 8;
        break;
    case CMD_RESET_EXT:
        s->ext_ip = 0;
        break;
    case CMD_RX_NEXT:
        s->rx_first_armed = 1;
        break;
    case CMD_RESET_TX_IP:
        s->tx_ip = 0;
        break;
    case CMD_ERROR_RESET:
        s->rr1 &= (uint8_t)~(RR1_PARITY | RR1_OVERRUN | RR1_FRAMING | RR1_EOF);
        break;
    default:   /* null, send abort (SDLC), reset highest IUS (no IUS without INTACK) */
        break;
    }
    update_irq(z);
}

static void write_reg(z85c30_t *z, unsigned ch, unsigned r, uint8_t v)
{
    scc_chan *s = &z->ch[ch];
    switch (r) {
    case R2:
        z->wr2 = v;
        s->wr[R2] = v;
        break;
    case R8:
        break;   /* reached through the data register only */
    case R9:
        switch (v & WR9_RESET) {
        case RESET_A:  channel_reset(z, CH_A); break;
        case RESET_B:  channel_reset(z, CH_B); break;
        case RESET_HW:
            channel_reset(z, CH_A);
            channel_reset(z, CH_B);
            z->wr9 = (uint8_t)(z->wr9 & ~(WR9_MIE | WR9_NV | WR9_DLC | WR9_VIS | WR9_SHSL |
                                          WR9_INTACK));
            z->wr2 = 0;
            break;
        }
        /* Reset bits are commands; the rest of WR9 is stored (a reset command
         * also stores the other bits written with it except after a hardware reset). */
        if ((v & WR9_RESET) != RESET_HW)
            z->wr9 = v & (uint8_t)~WR9_RESET;
        drain(&z->ch[CH_A]);
        drain(&z->ch[CH_B]);
        break;
    case R1:
        s->wr[R1] = v;
        if (!(v & WR1_TX_IE))
            s->tx_ip = 0;
        if (!rx_int_enabled(s))
            s->rx_ip = 0;
        break;
    case R3:
        s->wr[R3] = v;
        drain(s);
        break;
    default:
        s->wr[r] = v;
        break;
    }
    update_irq(z);
}

static uint8_t read_reg(z85c30_t *z, unsigned ch, unsigned r)
{
    scc_chan *s = &z->ch[ch];
    /* Images (UM010903 "Read Registers"): RR4-RR7 mirror RR0-RR3, RR9 = RR13,
     * RR11 = RR15, RR14 = RR10 on the NMOS/CMOS SCC without WR15 bit 2. */
    switch (r) {
    case R0: case R4:  return s->rr0;
    case R1: case R5:  return s->rr1;
    case R2: case R6:  return ch == CH_A ? z->wr2 : vector_b(z);
    case R3: case R7:  return ch == CH_A ? rr3(z) : 0;
    case R8:           return s->rx_count ? s->rx[0] : 0;
    case R10: case R14: return s->rr10;
    case R12:          return s->wr[R12];
    case R13: case R9: return s->wr[R13];
    default:           return s->wr[R15];   /* R15, R11 */
    }
}

/* Region offset → (channel, data?) for the two layouts. */
static void decode(unsigned region, uint64_t off, unsigned *ch, bool *data)
{
    if (region == REGION_LEGACY) {
        *ch = (off & 1) ? CH_A : CH_B;
        *data = (off & 2) != 0;
    } else {
        *ch = (off & 2) ? CH_A : CH_B;
        *data = (off & 1) != 0;
    }
}

static uint64_t scc_read(ww_chip *c, unsigned region, uint64_t off, unsigned size,
                         ww_access how)
{
    z85c30_t *z = (z85c30_t *)c;
    unsigned ch;
    bool data;
    decode(region, off, &ch, &data);
    scc_chan *s = &z->ch[ch];
    if (how == WW_PEEK)
        return data ? read_reg(z, ch, R8) : read_reg(z, ch, s->ptr);
    if (data) {
        uint8_t b = rx_pop(s);
        update_irq(z);
        return b;
    }
    uint8_t v = read_reg(z, ch, s->ptr);
    if (s->ptr == R8) {
        rx_pop(s);
        update_irq(z);
    }
    s->ptr = 0;
    return v;
}

static void transmit(z85c30_t *z, unsigned ch, uint8_t v)
{
    scc_chan *s = &z->ch[ch];
    if (!(s->wr[R5] & WR5_TX_EN)) {
        ww_chip_guest_error(&z->chip, "channel %c: write 0x%02x with the transmitter off",
                            ch == CH_A ? 'A' : 'B', v);
        return;
    }
    if (s->wr[R14] & 0x10) {           /* WR14 bit 4: local loopback */
        if (s->rx_count < RX_FIFO && (s->wr[R3] & WR3_RX_EN))
            rx_char(s, v);
        else if (s->wr[R3] & WR3_RX_EN)
            s->rr1 |= RR1_OVERRUN;
    } else {
        ww_chardev_write(z->chr[ch], &v, 1);
    }
    /* The buffer is empty again at once: Tx IP if enabled. */
    s->rr0 |= RR0_TX_EMPTY;
    s->rr1 |= RR1_ALL_SENT;
    if (s->wr[R1] & WR1_TX_IE)
        s->tx_ip = 1;
}

static void scc_write(ww_chip *c, unsigned region, uint64_t off, uint64_t val, unsigned size)
{
    z85c30_t *z = (z85c30_t *)c;
    unsigned ch;
    bool data;
    uint8_t v = (uint8_t)val;
    decode(region, off, &ch, &data);
    scc_chan *s = &z->ch[ch];
    if (data) {
        s->tx_ip = 0;                  /* writing the data register clears Tx IP */
        transmit(z, ch, v);
        update_irq(z);
        return;
    }
    unsigned r = s->ptr;
    s->ptr = 0;
    if (r == R0) {
        wr0_command(z, s, v);
        s->wr[R0] = v;
        return;
    }
    if (r == R8) {
        s->tx_ip = 0;
        transmit(z, ch, v);
        update_irq(z);
        return;
    }
    write_reg(z, ch, r, v);
}

static void serial_bound(ww_chip *c, unsigned index)
{
    z85c30_t *z = (z85c30_t *)c;
    if (index < NCHAN && z->chr[index]) {
        z->chr[index]->rx = index == CH_A ? host_rx_a : host_rx_b;
        z->chr[index]->rx_chip = z;
    }
}

static void scc_unrealize(ww_chip *c)
{
    z85c30_t *z = (z85c30_t *)c;
    for (unsigned i = 0; i < NCHAN; i++)
        if (z->chr[i] && z->chr[i]->rx_chip == z)
            z->chr[i]->rx = NULL;
}

static void scc_reset(ww_chip *c, ww_reset_kind kind)
{
    z85c30_t *z = (z85c30_t *)c;
    /* A hardware reset: both channels as after WR9 = C0. */
    channel_reset(z, CH_A);
    channel_reset(z, CH_B);
    update_irq(z);
}

static bool scc_post_load(ww_chip *c, GError **err)
{
    z85c30_t *z = (z85c30_t *)c;
    for (unsigned i = 0; i < NCHAN; i++) {
        scc_chan *s = &z->ch[i];
        s->rx_count = (uint8_t)MIN(s->rx_count, RX_FIFO);
        s->ptr &= 15;
        s->bl_head %= BACKLOG;
        s->bl_count = MIN(s->bl_count, BACKLOG);
    }
    update_irq(z);
    return true;
}

static const ww_region_desc scc_regions[] = {
    [REGION_LEGACY] = { "legacy", 4, 1, 1, WW_BIG_ENDIAN, 0,
                        "B ctrl, A ctrl, B data, A data (classic Mac, escc-legacy; stride 2)" },
    [REGION_MACIO]  = { "macio", 4, 1, 1, WW_BIG_ENDIAN, 0,
                        "B ctrl, B data, A ctrl, A data (Mac I/O escc; stride 16)" },
    [REGION__COUNT] = { 0 }
};

static const ww_port_desc scc_ports[] = {
    [PORT_INT]   = { "int", WW_PORT_OUT, 1, 0, offsetof(z85c30_t, irq),
                     "INT: MIE and any interrupt pending" },
    [PORT_INT_A] = { "int_a", WW_PORT_OUT, 1, 0, offsetof(z85c30_t, irq_ch[CH_A]),
                     "channel A's interrupt (Mac I/O wires channels separately)" },
    [PORT_INT_B] = { "int_b", WW_PORT_OUT, 1, 0, offsetof(z85c30_t, irq_ch[CH_B]),
                     "channel B's interrupt" },
    [PORT__COUNT] = { 0 }
};

static const ww_backend_desc scc_backends[] = {
    [BACKEND_SERIAL] = { "serial", WW_BACKEND_CHARDEV, offsetof(z85c30_t, chr), NCHAN,
                         "the host side of the lines: @0 channel A (modem port), @1 B",
                         serial_bound },
    [BACKEND__COUNT] = { 0 }
};

static const ww_chip_class z85c30_class = {
    .type = "z85c30",
    .summary = "Zilog Z85C30 SCC: two asynchronous serial channels (Macs, NeXT)",
    .doc = "UM010903: register pointer protocol, WR0 commands, WR1 interrupt modes, WR9 "
           "resets and MIE, RR0/RR1/RR2/RR3, 3-byte receive FIFO; legacy and Mac I/O "
           "layouts. Transmission is instant; asynchronous mode only.",
    .size = sizeof(z85c30_t),
    .version = 1,
    .regions = scc_regions,
    .regs = scc_regs,
    .state = scc_state,
    .ports = scc_ports,
    .backends = scc_backends,
    .unrealize = scc_unrealize,
    .reset = scc_reset,
    .read = scc_read,
    .write = scc_write,
    .post_load = scc_post_load,
};
WW_CHIP_REGISTER(z85c30_class)
