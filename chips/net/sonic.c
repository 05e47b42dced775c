/* chips/net/sonic.c — National Semiconductor DP83932 "SONIC" (Systems-Oriented
 * Network Interface Controller), the Quadras' built-in ethernet, with the
 * board's address PROM; no network is attached yet (no packets arrive, and
 * packets sent are taken and reported sent).
 *
 * Sources: National DP83932C data sheet: the register file (CR command: HTX,
 * TXP, RXDIS, RXEN, STP, ST, RST, RRRA, LCAM; DCR, RCR, TCR, IMR, ISR (write 1
 * to clear), the descriptor areas' upper/current address registers, the CAM
 * entry pointer and the three CAM address ports (reading them after a
 * software reset gives entry CEP), CE, CDP, CDC, the silicon revision
 * register, the tally counters, DCR2), the software reset (RST: CR reads
 * RST|STP|RXDIS, the chip idles until RST is cleared), Load CAM (descriptors
 * at URRA:CDP, CDC of them: entry pointer and three address words, then the
 * CAM enable word; ISR LCD when done), the transmit descriptor (status,
 * configuration, size, fragment count, fragments, link; status PTX when
 * sent; ISR TXDN at the end of the list) and 32-bit mode (DCR DW: every 16-bit
 * word in 32 bits, the data in the low half). Linux drivers/net/ethernet/
 * natsemi/macsonic.c and sonic.c: the registers every 4 bytes with the value
 * at +2 (reg_offset 2, 32-bit DMA), the PROM at 0x50F08000 holding the MAC
 * address bit-reversed (the kernel reverses it back), the revision read for
 * the boot message. QEMU hw/net/dp8393x.c and hw/m68k/q800.c (the PROM's
 * checksum byte at 7, the 08:00:07 Apple prefix).
 *
 *          +---------+
 *  regs  → | SONIC   |→ irq  (ISR & IMR)
 *  prom  → | + PROM  |⇄ dma  (bus-master port: descriptors and buffers in RAM)
 *          +---------+
 *
 * Not modelled: a network backend (nothing is received; transmitted packets
 * go nowhere), the receive engine and its buffer resources (RRRA only moves
 * the pointers), the watchdog timer, the tally counters counting.
 * Test: tests/chips/net/sonic.c
 */
#include "core/chip.h"
#include "core/dma.h"

#define NREG 64
#define MAX_DESC 64

typedef struct {
    ww_chip chip;
    uint64_t mac;                  /* prop: 48 bits */
    uint16_t reg[NREG];
    uint16_t cam[16][3];
    ww_line irq;
} sonic_t;

enum { CR = 0x00, DCR = 0x01, RCR = 0x02, TCR = 0x03, IMR = 0x04, ISR = 0x05, UTDA = 0x06,
       CTDA = 0x07, URDA = 0x0d, CRDA = 0x0e, EOBC = 0x13, URRA = 0x14, RSA = 0x15,
       REA = 0x16, RRP = 0x17, RWP = 0x18, CEP = 0x21, CAP2 = 0x22, CAP1 = 0x23, CAP0 = 0x24,
       CE = 0x25, CDP = 0x26, CDC = 0x27, SR = 0x28, WT0 = 0x29, WT1 = 0x2a, RSC = 0x2b,
       CRCT = 0x2c, FAET = 0x2d, MPT = 0x2e, MDT = 0x2f, DCR2 = 0x3f };
enum { CR_HTX = 0x0001, CR_TXP = 0x0002, CR_RXDIS = 0x0004, CR_RXEN = 0x0008,
       CR_STP = 0x0010, CR_ST = 0x0020, CR_RST = 0x0080, CR_RRRA = 0x0100, CR_LCAM = 0x0200 };
enum { DCR_DW = 0x0020 };
enum { ISR_RBE = 0x0020, ISR_TC = 0x0080, ISR_TXDN = 0x0200, ISR_LCD = 0x1000 };
enum { TX_PTX = 0x0001 };
enum { REGION_REGS, REGION_PROM, REGION__COUNT };
enum { PORT_IRQ, PORT__COUNT };
enum { BUS_DMA, BUS__COUNT };

#define AT(m) WW_AT(sonic_t, m)

static const char *const reg_names[NREG] = {
    [CR] = "CR", [DCR] = "DCR", [RCR] = "RCR", [TCR] = "TCR", [IMR] = "IMR", [ISR] = "ISR",
    [UTDA] = "UTDA", [CTDA] = "CTDA", [0x08] = "R08", [0x09] = "R09", [0x0a] = "R0A",
    [0x0b] = "R0B", [0x0c] = "R0C", [URDA] = "URDA", [CRDA] = "CRDA", [0x0f] = "R0F",
    [0x10] = "R10", [0x11] = "R11", [0x12] = "R12", [EOBC] = "EOBC", [URRA] = "URRA",
    [RSA] = "RSA", [REA] = "REA", [RRP] = "RRP", [RWP] = "RWP", [0x19] = "R19",
    [0x1a] = "R1A", [0x1b] = "R1B", [0x1c] = "R1C", [0x1d] = "R1D", [0x1e] = "R1E",
    [0x1f] = "R1F", [0x20] = "R20", [CEP] = "CEP", [CAP2] = "CAP2", [CAP1] = "CAP1",
    [CAP0] = "CAP0", [CE] = "CE", [CDP] = "CDP", [CDC] = "CDC", [SR] = "SR", [WT0] = "WT0",
    [WT1] = "WT1", [RSC] = "RSC", [CRCT] = "CRCT", [FAET] = "FAET", [MPT] = "MPT",
    [MDT] = "MDT", [0x30] = "R30", [0x31] = "R31", [0x32] = "R32", [0x33] = "R33",
    [0x34] = "R34", [0x35] = "R35", [0x36] = "R36", [0x37] = "R37", [0x38] = "R38",
    [0x39] = "R39", [0x3a] = "R3A", [0x3b] = "R3B", [0x3c] = "R3C", [0x3d] = "R3D",
    [0x3e] = "R3E", [DCR2] = "DCR2",
};

static const ww_reg_desc sonic_regs[] = {
    { "R", REGION_REGS, 0, 4, WW_REG_SIDE | WW_REG_CHIP_RESET, .at = AT(reg[0]), .count = NREG,
      .step = 4, .stride = 2, .names = reg_names,
      .doc = "registers every 4 bytes, the 16-bit value in the low half (Linux: at +2); "
             "CR is R0, ISR R5 (write 1 to clear)" },
    { 0 }
};

static const ww_state_desc sonic_state[] = {
    { "cam", WW_STATE_U16, AT(cam), "CAM: 16 entries of three address words" },
    { 0 }
};

static void update_irq(sonic_t *s)
{
    ww_line_set(&s->irq, (s->reg[ISR] & s->reg[IMR] & 0x7fff) != 0);
}

static void soft_reset(sonic_t *s)
{
    /* The datasheet's RST state: transmitter and receiver idle, timer stopped. */
    s->reg[CR] = CR_RST | CR_STP | CR_RXDIS;
    s->reg[ISR] = 0;
    s->reg[RCR] &= 0x7e00;
    s->reg[TCR] = (uint16_t)((s->reg[TCR] & 0xf000) | 0x0101);
    s->reg[DCR2] = 0;
    s->reg[CE] = 0;
    s->reg[RSC] = 0;
    update_irq(s);
}

static bool wide(const sonic_t *s)
{
    return s->reg[DCR] & DCR_DW;
}

/* A 16-bit descriptor word at word index i from `base` (32-bit mode: 4 bytes a word). */
static bool dma_word(sonic_t *s, uint32_t base, unsigned i, uint16_t *out)
{
    unsigned step = wide(s) ? 4 : 2;
    uint8_t b[4];
    if (ww_dma_read(&s->chip, BUS_DMA, base + (uint64_t)i * step, b, step) != WW_DMA_OK) {
        ww_chip_guest_error(&s->chip, "descriptor at 0x%08x word %u is not in memory", base, i);
        return false;
    }
    *out = (uint16_t)(step == 4 ? b[2] << 8 | b[3] : b[0] << 8 | b[1]);
    return true;
}

static bool dma_put_word(sonic_t *s, uint32_t base, unsigned i, uint16_t v)
{
    unsigned step = wide(s) ? 4 : 2;
    uint8_t b[4] = { 0, 0, 0, 0 };
    b[step - 2] = (uint8_t)(v >> 8);
    b[step - 1] = (uint8_t)v;
    if (ww_dma_write(&s->chip, BUS_DMA, base + (uint64_t)i * step, b, step) != WW_DMA_OK) {
        ww_chip_guest_error(&s->chip, "descriptor at 0x%08x word %u is not in memory", base, i);
        return false;
    }
    return true;
}

/* Load CAM: CDC descriptors at URRA:CDP, then the enable word. */
static void load_cam(sonic_t *s)
{
    uint32_t base = (uint32_t)s->reg[URRA] << 16 | s->reg[CDP];
    unsigned n = s->reg[CDC] & 0x1f, i = 0;
    for (; n && i < 16 + 1; n--) {
        uint16_t e, a0, a1, a2;
        if (!dma_word(s, base, i * 4, &e) || !dma_word(s, base, i * 4 + 1, &a0) ||
            !dma_word(s, base, i * 4 + 2, &a1) || !dma_word(s, base, i * 4 + 3, &a2))
            break;
        s->cam[e & 15][0] = a0;
        s->cam[e & 15][1] = a1;
        s->cam[e & 15][2] = a2;
        i++;
    }
    uint16_t ce;
    if (dma_word(s, base, i * 4, &ce))
        s->reg[CE] = ce;
    s->reg[CDP] = (uint16_t)(s->reg[CDP] + i * 4 * (wide(s) ? 4 : 2));
    s->reg[CDC] = 0;
    s->reg[CR] &= (uint16_t)~CR_LCAM;
    s->reg[ISR] |= ISR_LCD;
}

/* Transmit: every descriptor of the list is "sent" (no network): status PTX. */
static void transmit(sonic_t *s)
{
    for (unsigned k = 0; k < MAX_DESC; k++) {
        uint32_t d = (uint32_t)s->reg[UTDA] << 16 | s->reg[CTDA];
        uint16_t frags;
        if (!dma_word(s, d, 3, &frags))
            break;
        frags = (uint16_t)MIN(frags, 16);
        uint16_t link;
        if (!dma_word(s, d, 4 + 3u * frags, &link) || !dma_put_word(s, d, 0, TX_PTX))
            break;
        if (link & 1) {                       /* EOL: the end of the list */
            s->reg[ISR] |= ISR_TXDN;
            break;
        }
        s->reg[CTDA] = link & (uint16_t)~1;
    }
    s->reg[CR] &= (uint16_t)~CR_TXP;
}

static uint64_t sonic_read(ww_chip *c, unsigned region, uint64_t off, unsigned size,
                           ww_access how)
{
    sonic_t *s = (sonic_t *)c;
    if (region == REGION_PROM) {
        /* Bytes 0-5: the address with each byte's bits reversed; 7: checksum. */
        uint8_t p[8], x = 0;
        for (unsigned i = 0; i < 6; i++) {
            uint8_t b = (uint8_t)(s->mac >> (8 * (5 - i))), r = 0;
            for (unsigned k = 0; k < 8; k++)
                r = (uint8_t)(r << 1 | ((b >> k) & 1));
            p[i] = r;
            x ^= r;
        }
        p[6] = 0;
        p[7] = (uint8_t)(0xff - x);
        return p[off & 7];
    }
    unsigned r = (unsigned)(off >> 2) & (NREG - 1);
    if (r == CAP0 || r == CAP1 || r == CAP2) {
        /* After a reset, the CAM ports read entry CEP. */
        if (s->reg[CR] & CR_RST)
            return s->cam[s->reg[CEP] & 15][r == CAP0 ? 0 : r == CAP1 ? 1 : 2];
        return s->reg[r];
    }
    return s->reg[r];
}

static void sonic_write(ww_chip *c, unsigned region, uint64_t off, uint64_t val, unsigned size)
{
    sonic_t *s = (sonic_t *)c;
    if (region == REGION_PROM)
        return;
    unsigned r = (unsigned)(off >> 2) & (NREG - 1);
    uint16_t v = (uint16_t)val;
    switch (r) {
    case CR:
        if (v & CR_RST) {
            soft_reset(s);
            return;
        }
        if (s->reg[CR] & CR_RST) {
            s->reg[CR] &= (uint16_t)~CR_RST;       /* out of reset; other bits wait */
            return;
        }
        if (v & CR_RXEN)
            s->reg[CR] = (uint16_t)((s->reg[CR] & ~CR_RXDIS) | CR_RXEN);
        if (v & CR_RXDIS)
            s->reg[CR] = (uint16_t)((s->reg[CR] & ~CR_RXEN) | CR_RXDIS);
        if (v & CR_ST)
            s->reg[CR] = (uint16_t)((s->reg[CR] & ~CR_STP) | CR_ST);
        if (v & CR_STP)
            s->reg[CR] = (uint16_t)((s->reg[CR] & ~CR_ST) | CR_STP);
        if (v & CR_RRRA) {
            s->reg[RRP] = (uint16_t)(s->reg[RRP] + (wide(s) ? 16 : 8));
            if (s->reg[RRP] >= s->reg[REA])
                s->reg[RRP] = s->reg[RSA];
        }
        if (v & CR_LCAM)
            load_cam(s);
        if ((v & CR_TXP) && !(v & CR_HTX))
            transmit(s);
        break;
    case ISR:
        s->reg[ISR] &= (uint16_t)~v;               /* write 1 to clear */
        break;
    case SR:
        break;                                     /* silicon revision: read only */
    case CRCT:
    case FAET:
    case MPT:
        s->reg[r] = (uint16_t)~v;                  /* tallies: writing loads the complement */
        break;
    default:
        s->reg[r] = v;
        break;
    }
    update_irq(s);
}

static void sonic_reset(ww_chip *c, ww_reset_kind kind)
{
    sonic_t *s = (sonic_t *)c;
    memset(s->reg, 0, sizeof s->reg);
    s->reg[SR] = 0x0004;                           /* DP83932B */
    soft_reset(s);
}

static bool sonic_post_load(ww_chip *c, GError **err)
{
    update_irq((sonic_t *)c);
    return true;
}

static const ww_prop_desc sonic_props[] = {
    { "mac", WW_PROP_UINT, AT(mac), "0x080007123456", 0, 0xffffffffffffull, NULL, WW_UNIT_NONE,
      "the station address in the PROM (Apple's 08:00:07 prefix)" },
    { 0 }
};

static const ww_region_desc sonic_regions[] = {
    [REGION_REGS] = { "regs", NREG * 4, 2, 4, WW_BIG_ENDIAN, 0,
                      "64 registers every 4 bytes, 16 bits in the low half" },
    [REGION_PROM] = { "prom", 8, 1, 1, WW_BIG_ENDIAN, 0,
                      "the address PROM (bit-reversed bytes, checksum at 7)" },
    [REGION__COUNT] = { 0 }
};

static const ww_port_desc sonic_ports[] = {
    [PORT_IRQ] = { "irq", WW_PORT_OUT, 1, 0, offsetof(sonic_t, irq), "INTR: ISR & IMR" },
    [PORT__COUNT] = { 0 }
};

static const ww_bus_desc sonic_buses[] = {
    [BUS_DMA] = { "dma", "descriptors and buffers (bind it to the CPU's memory)", 32,
                  WW_BIG_ENDIAN, WW_UNMAPPED_BUS_ERROR, 0 },
    [BUS__COUNT] = { 0 }
};

static const ww_chip_class sonic_class = {
    .type = "dp83932",
    .summary = "National DP83932 SONIC ethernet (registers, CAM, transmit list; no network)",
    .doc = "DP83932C data sheet: CR, ISR/IMR, software reset, Load CAM by DMA, the transmit "
           "descriptor list (sent packets marked PTX), 32-bit mode; the board's address PROM.",
    .size = sizeof(sonic_t),
    .version = 1,
    .props = sonic_props,
    .regions = sonic_regions,
    .regs = sonic_regs,
    .state = sonic_state,
    .ports = sonic_ports,
    .buses = sonic_buses,
    .reset = sonic_reset,
    .read = sonic_read,
    .write = sonic_write,
    .post_load = sonic_post_load,
};
WW_CHIP_REGISTER(sonic_class)
