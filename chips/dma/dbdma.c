/* chips/dma/dbdma.c — the Mac I/O DBDMA block: 16 descriptor-based DMA
 * channels, 0x100 bytes apart (Heathrow/Grand Central at Mac I/O + 0x8000:
 * channels 0-3 SCSI/floppy/Ethernet, 4-7 the ESCC's, 8-10 sound, 11 and 13
 * the ATA buses — those two are part of chips/storage/macio_ata.c, which maps
 * its own channel block over this one).
 *
 * Source: "Macintosh Technology in the Common Hardware Reference Platform",
 * ch. 5 (chips/dma/dbdma.h has the details); channel addresses: OpenBIOS
 * drivers/escc.c (0x8000 + 4..7 * 0x100) and drivers/ide.c (0x8b00 + i * 0x200).
 *
 *           +-----------+
 *  regs   → | ch 0..15  |→ irq@0..15 (one pulse per descriptor interrupt)
 *  dma    ← | engine    |   (bus master: descriptors and data)
 *           +-----------+
 *
 * These channels have no device behind them: a program's INPUT/OUTPUT
 * descriptors wait (ACTIVE) until the guest stops the channel; every other
 * command (STORE_QUAD, LOAD_QUAD, NOP, STOP, branches, waits, interrupts)
 * runs. Programs run DBDMA_BUDGET descriptors per microsecond of virtual time.
 * Test: tests/chips/dma/dbdma.c
 */
#include "chips/dma/dbdma.h"

#define NCHAN 16
#define STEP_NS 1000

typedef struct {
    ww_chip chip;
    dbdma_chan ch[NCHAN];
    ww_timer step;
    ww_line irq[NCHAN];
} dbdma_t;

enum { REGION_REGS, REGION__COUNT };
enum { PORT_IRQ, PORT__COUNT };
enum { BUS_DMA, BUS__COUNT };

#define AT(m) WW_AT(dbdma_t, m)

static void step_fire(ww_chip *c, unsigned i);

static const ww_state_desc dbdma_state[] = {
    { "ch", WW_STATE_RECORD, AT(ch), "channels 0-15", .record = &dbdma_chan_record },
    { "step", WW_STATE_TIMER, AT(step), "next step of running programs", .fire = step_fire },
    { 0 }
};

static const ww_reg_desc dbdma_regs[] = {
    /* name          region       off                 w  flags */
    { "CONTROL",     REGION_REGS, DBDMA_CONTROL,      4, WW_REG_WO | WW_REG_SIDE, .count = NCHAN,
      .step = DBDMA_CHANNEL_SIZE, .doc = "ChannelControl: mask (31-16) and value (15-0)" },
    { "STATUS",      REGION_REGS, DBDMA_STATUS,       4, WW_REG_RO, .count = NCHAN,
      .step = DBDMA_CHANNEL_SIZE, .doc = "RUN PAUSE FLUSH WAKE DEAD ACTIVE BT s7-s0" },
    { "CMDPTR",      REGION_REGS, DBDMA_CMDPTR_LO,    4, WW_REG_SIDE, .count = NCHAN,
      .step = DBDMA_CHANNEL_SIZE, .doc = "CommandPtrLo (only while stopped)" },
    { "INTR_SEL",    REGION_REGS, DBDMA_INTR_SEL,     4, WW_RW, .count = NCHAN,
      .step = DBDMA_CHANNEL_SIZE },
    { "BRANCH_SEL",  REGION_REGS, DBDMA_BRANCH_SEL,   4, WW_RW, .count = NCHAN,
      .step = DBDMA_CHANNEL_SIZE },
    { "WAIT_SEL",    REGION_REGS, DBDMA_WAIT_SEL,     4, WW_RW, .count = NCHAN,
      .step = DBDMA_CHANNEL_SIZE },
    { 0 }
};

static void pulse(dbdma_t *d, unsigned i)
{
    if (d->ch[i].irq) {
        d->ch[i].irq = 0;
        ww_line_set(&d->irq[i], 1);
        ww_line_set(&d->irq[i], 0);
    }
}

static void run_all(dbdma_t *d)
{
    bool more = false;
    for (unsigned i = 0; i < NCHAN; i++) {
        dbdma_io io = { &d->chip, BUS_DMA, i, NULL };
        if (dbdma_active(&d->ch[i]))
            more |= dbdma_run(&d->ch[i], &io);
        pulse(d, i);
    }
    if (more && d->chip.realized)
        ww_timer_mod(&d->step, ww_sched_now(d->chip.sched) + STEP_NS);
}

static void step_fire(ww_chip *c, unsigned i)
{
    run_all((dbdma_t *)c);
}

static uint64_t dbdma_rd(ww_chip *c, unsigned region, uint64_t off, unsigned size,
                         ww_access how)
{
    dbdma_t *d = (dbdma_t *)c;
    return dbdma_read(&d->ch[(off >> 8) % NCHAN], off & 0xff);
}

static void dbdma_wr(ww_chip *c, unsigned region, uint64_t off, uint64_t val, unsigned size)
{
    dbdma_t *d = (dbdma_t *)c;
    unsigned i = (unsigned)(off >> 8) % NCHAN;
    dbdma_io io = { c, BUS_DMA, i, NULL };
    if (dbdma_write(&d->ch[i], &io, off & 0xff, (uint32_t)val))
        run_all(d);
}

static bool dbdma_post_load(ww_chip *c, GError **err)
{
    return true;
}

static const ww_region_desc dbdma_regions[] = {
    [REGION_REGS] = { "regs", NCHAN * DBDMA_CHANNEL_SIZE, 4, 4, WW_LITTLE_ENDIAN, 0,
                      "channel n at n * 0x100" },
    [REGION__COUNT] = { 0 }
};

static const ww_port_desc dbdma_ports[] = {
    [PORT_IRQ] = { "irq", WW_PORT_OUT, NCHAN, 0, offsetof(dbdma_t, irq),
                   "per channel: a pulse for each descriptor that interrupts" },
    [PORT__COUNT] = { 0 }
};

static const ww_bus_desc dbdma_buses[] = {
    [BUS_DMA] = { "dma", "descriptors and data (alias the PCI bus's memory)", 32,
                  WW_BIG_ENDIAN, WW_UNMAPPED_BUS_ERROR, 0 },
    [BUS__COUNT] = { 0 }
};

static const ww_chip_class dbdma_class = {
    .type = "dbdma",
    .summary = "Apple DBDMA: 16 descriptor-based DMA channels (Mac I/O)",
    .doc = "CHRP Macintosh Technology ch. 5: ChannelControl/Status, CommandPtr, "
           "interrupt/branch/wait selects; OUTPUT/INPUT (no device here: they wait), "
           "STORE_QUAD, LOAD_QUAD, NOP, STOP; descriptors through core DMA, bounded steps.",
    .size = sizeof(dbdma_t),
    .version = 1,
    .regions = dbdma_regions,
    .regs = dbdma_regs,
    .state = dbdma_state,
    .ports = dbdma_ports,
    .buses = dbdma_buses,
    .read = dbdma_rd,
    .write = dbdma_wr,
    .post_load = dbdma_post_load,
};
WW_CHIP_REGISTER(dbdma_class)
