/* chips/interrupt/heathrow_pic.c — the interrupt controller inside Apple's
 * Heathrow (and Grand Central) Mac I/O ASIC of the Old World Power Macs.
 *
 * Sources: Linux arch/powerpc/platforms/powermac/pic.c (struct pmac_irq_hw:
 * event, enable, ack, level, one 16-byte block per bank of 32 sources, the
 * bank for sources 0-31 at +0x20 and the one for 32-63 at +0x10;
 * pmac_pic_get_irq reads events plus the level register masked by the
 * level-triggered sources); QEMU hw/intc/heathrow_pic.c for the same layout,
 * the level-triggered set (sources 20-28: the PCI slots and the other level
 * sources of the G3 board) and the rule that acknowledging a level source does
 * nothing while its input is high. The registers are little-endian 32-bit (the
 * drivers use in_le32/out_le32 through the PCI BAR).
 *
 *              +----------+
 *  in@0..63  → | events   |→ int (to the CPU's external interrupt input)
 *              | mask     |   int = OR over both banks of
 *              | levels   |         (events | levels & level_triggered) & mask
 *              +----------+
 *
 * An edge source latches its event bit on a rising input; writing 1s to ACK
 * clears event bits (not those of level sources). Not modelled: Grand
 * Central's "cascade" of a second Heathrow (the G3 has none).
 * Test: tests/chips/interrupt/heathrow_pic.c
 */
#include "core/chip.h"

#define NBANK 2
#define NSRC 64

typedef struct {
    uint32_t events, mask, levels, level_triggered;
} pic_bank;

typedef struct {
    ww_chip chip;
    pic_bank b[NBANK];  /* b[0]: sources 32-63 (at +0x10); b[1]: sources 0-31 (+0x20) */
    ww_line irq;
} heathrow_pic_t;

/* pmac_irq_hw offsets within a bank's block; blocks at 0x10 (bank 2) and 0x20 (bank 1). */
enum { BANK2 = 0x10, BANK1 = 0x20, BANK_STEP = 0x10 };
enum { EVENTS = 0x0, MASK = 0x4, ACK = 0x8, LEVELS = 0xc };
enum { REGION_REGS, REGION__COUNT };
enum { PORT_IN, PORT_INT, PORT__COUNT };

/* The G3's level-triggered sources (QEMU heathrow_pic_reset): 20-28. */
#define LEVEL_SOURCES_0_31 0x1ff00000u

#define AT(m) WW_AT(heathrow_pic_t, m)
#define PER_BANK .count = NBANK, .step = BANK_STEP, .stride = sizeof(pic_bank)

static const char *const events_names[] = { "EVENTS2", "EVENTS1" };
static const char *const mask_names[] = { "MASK2", "MASK1" };
static const char *const ack_names[] = { "ACK2", "ACK1" };
static const char *const levels_names[] = { "LEVELS2", "LEVELS1" };
static const char *const lt_names[] = { "LEVEL_TRIGGERED2", "LEVEL_TRIGGERED1" };

static const ww_reg_desc pic_regs[] = {
    /* name      region       offset         w  flags */
    { "EVENTS",  REGION_REGS, BANK2 + EVENTS, 4, WW_REG_RO, .at = AT(b[0].events), PER_BANK,
      .names = events_names, .doc = "latched edge events (2: sources 32-63, 1: 0-31)" },
    { "MASK",    REGION_REGS, BANK2 + MASK,   4, WW_REG_SIDE, .at = AT(b[0].mask), PER_BANK,
      .names = mask_names, .doc = "enable: 1 lets the source interrupt the CPU" },
    { "ACK",     REGION_REGS, BANK2 + ACK,    4, WW_REG_WO | WW_REG_SIDE, PER_BANK,
      .names = ack_names, .doc = "write 1s to clear edge events (reads 0)" },
    { "LEVELS",  REGION_REGS, BANK2 + LEVELS, 4, WW_REG_RO, .at = AT(b[0].levels), PER_BANK,
      .names = levels_names, .doc = "the input lines as they are now" },
    { "LEVEL_TRIGGERED", .flags = WW_REG_INTERNAL | WW_REG_CHIP_RESET,
      .at = AT(b[0].level_triggered), PER_BANK, .names = lt_names,
      .doc = "board wiring: sources that interrupt while high instead of latching" },
    { 0 }
};

static bool check(const pic_bank *b)
{
    return ((b->events | (b->levels & b->level_triggered)) & b->mask) != 0;
}

static void update(heathrow_pic_t *p)
{
    ww_line_set(&p->irq, check(&p->b[0]) || check(&p->b[1]));
}

static pic_bank *bank_at(heathrow_pic_t *p, uint64_t off)
{
    if (off >= BANK2 && off < BANK2 + BANK_STEP)
        return &p->b[0];
    if (off >= BANK1 && off < BANK1 + BANK_STEP)
        return &p->b[1];
    return NULL;
}

static uint64_t pic_read(ww_chip *c, unsigned region, uint64_t off, unsigned size,
                         ww_access how)
{
    heathrow_pic_t *p = (heathrow_pic_t *)c;
    pic_bank *b = bank_at(p, off);
    if (!b) {
        if (how != WW_PEEK)
            ww_chip_unimp(c, "read", region, off);
        return 0;
    }
    switch (off & 0xc) {
    case EVENTS: return b->events;
    case MASK:   return b->mask;
    case LEVELS: return b->levels;
    default:     return 0;   /* ACK reads 0 */
    }
}

static void pic_write(ww_chip *c, unsigned region, uint64_t off, uint64_t val, unsigned size)
{
    heathrow_pic_t *p = (heathrow_pic_t *)c;
    pic_bank *b = bank_at(p, off);
    uint32_t v = (uint32_t)val;
    if (!b) {
        ww_chip_unimp(c, "write", region, off);
        return;
    }
    switch (off & 0xc) {
    case MASK:
        b->mask = v;
        break;
    case ACK:
        /* Acknowledging a level source does nothing: its line is still high. */
        b->events &= ~(v & ~b->level_triggered);
        break;
    default:
        ww_chip_guest_error(c, "write 0x%08x to read-only %s at +0x%02x", v,
                            (off & 0xc) == EVENTS ? "EVENTS" : "LEVELS", (unsigned)off);
        return;
    }
    update(p);
}

static void pic_signal(ww_chip *c, unsigned port, unsigned index, int level)
{
    heathrow_pic_t *p = (heathrow_pic_t *)c;
    if (port != PORT_IN || index >= NSRC)
        return;
    pic_bank *b = &p->b[index < 32 ? 1 : 0];
    uint32_t bit = 1u << (index & 31);
    if (level) {
        if (!(b->levels & bit))
            b->events |= bit & ~b->level_triggered;   /* rising edge */
        b->levels |= bit;
    } else {
        b->levels &= ~bit;
    }
    update(p);
}

static void pic_reset(ww_chip *c, ww_reset_kind kind)
{
    heathrow_pic_t *p = (heathrow_pic_t *)c;
    p->b[1].level_triggered = LEVEL_SOURCES_0_31;
    p->b[0].level_triggered = 0;
    /* Inputs that are high now are seen again (their level, not an event). */
    for (unsigned i = 0; i < NSRC; i++)
        if (ww_input_level(c, PORT_IN, i))
            p->b[i < 32 ? 1 : 0].levels |= 1u << (i & 31);
    update(p);
}

static bool pic_post_load(ww_chip *c, GError **err)
{
    update((heathrow_pic_t *)c);
    return true;
}

static const ww_region_desc pic_regions[] = {
    [REGION_REGS] = { "regs", 0x30, 4, 4, WW_LITTLE_ENDIAN, 0,
                      "bank 2 (sources 32-63) at 0x10, bank 1 (0-31) at 0x20" },
    [REGION__COUNT] = { 0 }
};

static const ww_port_desc pic_ports[] = {
    [PORT_IN]  = { "in", WW_PORT_IN, NSRC, WW_PORT_EDGE, 0,
                   "interrupt sources 0-63 (G3: 0x0F ESCC A, 0x10 ESCC B, 0x12 CUDA, "
                   "0x0D/0x0E ATA, 0x02/0x03 ATA DMA, 21-24 PCI)" },
    [PORT_INT] = { "int", WW_PORT_OUT, 1, 0, offsetof(heathrow_pic_t, irq),
                   "to the CPU's external interrupt input" },
    [PORT__COUNT] = { 0 }
};

static const ww_chip_class heathrow_pic_class = {
    .type = "heathrow-pic",
    .summary = "Heathrow Mac I/O interrupt controller (64 sources, two banks)",
    .doc = "Linux powermac/pic.c layout: per bank events, enable mask, ack (write 1 to "
           "clear), levels; bank 2 (sources 32-63) at 0x10, bank 1 (0-31) at 0x20, "
           "little-endian. Sources 20-28 are level-triggered as on the G3 (QEMU).",
    .size = sizeof(heathrow_pic_t),
    .version = 1,
    .regions = pic_regions,
    .regs = pic_regs,
    .ports = pic_ports,
    .reset = pic_reset,
    .read = pic_read,
    .write = pic_write,
    .signal = pic_signal,
    .post_load = pic_post_load,
};
WW_CHIP_REGISTER(heathrow_pic_class)
