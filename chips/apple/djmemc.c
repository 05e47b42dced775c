/* chips/apple/djmemc.c — djMEMC, the memory controller of the Quadra 610, 650
 * and 800 (and Centris 610/650), with the interrupt glue those boards put
 * beside it: the priority levels the CPU sees for VIA1, VIA2, the SCC, the
 * SONIC, the sound chip and NMI, in the two mappings the VIA1 "auxmode" line
 * (PB6) selects.
 *
 * Sources: mac68k.info "djMEMC Information" as QEMU hw/misc/djmemc.c reads
 * it (registers every 4 bytes: interleave configuration, ten bank
 * configurations, memory top, configuration, refresh rate; 32-bit accesses);
 * Linux arch/m68k/mac/macints.c (the two interrupt mappings: "A/UX" — VIA1 6,
 * VIA2 2, ethernet 3, SCC 4, sound 5 — chosen by clearing VIA1 PB6, as
 * via.c's via_alt_mapping does; otherwise VIA1 1, VIA2 2, SCC 4) and QEMU
 * hw/m68k/q800-glue.c (the NetBSD table of both modes; in the classic mode
 * the SONIC reaches VIA2 as the slot $9 interrupt and the sound chip VIA2's
 * CB1, negative edge; NMI is level 7).
 *
 *             +---------+
 *  via1, via2 →|  glue  |→ ipl@1-7   (to the CPU's irq@n: autovectored levels)
 *  scc, sonic →|        |→ sonic_slot (classic mode: SONIC as VIA2 PA0, slot $9)
 *  asc, nmi   →|        |→ asc_cb1    (classic mode: ASC to VIA2 CB1)
 *  auxmode    →| djMEMC |   (VIA1 PB6: 0 A/UX mapping, 1 classic)
 *             +---------+
 *
 * The memory registers are stored and read back; the machine's RAM map does
 * not follow them (the ROM's sizing writes are accepted, Linux gets the size
 * from the bootinfo). Not modelled: parity, refresh, the bank decoding itself.
 * Test: tests/chips/apple/quadra.c
 */
#include "core/chip.h"

#define NREGS 14

typedef struct {
    ww_chip chip;
    uint32_t gestalt;          /* prop */
    uint32_t reg[NREGS];
    ww_line ipl[8], sonic_slot, asc_cb1;
} djmemc_t;

enum { INTERLEAVE = 0x00, BANK0 = 0x04, MEMTOP = 0x2c, CONFIG = 0x30, REFRESH = 0x34 };
enum { REGION_REGS, REGION__COUNT };
enum { PORT_VIA1, PORT_VIA2, PORT_SCC, PORT_SONIC, PORT_ASC, PORT_NMI, PORT_AUXMODE,
       PORT_IPL, PORT_SONIC_SLOT, PORT_ASC_CB1, PORT__COUNT };

#define AT(m) WW_AT(djmemc_t, m)

static const char *const reg_names[NREGS] = {
    "INTERLEAVE", "BANK0", "BANK1", "BANK2", "BANK3", "BANK4", "BANK5", "BANK6", "BANK7",
    "BANK8", "BANK9", "MEMTOP", "CONFIG", "REFRESH"
};

static const ww_reg_desc dj_regs[] = {
    { "REG", REGION_REGS, 0, 4, WW_RW, .at = AT(reg[0]), .count = NREGS, .names = reg_names,
      .doc = "interleave, bank 0-9 configuration, memory top, configuration, refresh" },
    { 0 }
};

static bool level(djmemc_t *d, unsigned port)
{
    return ww_input_level(&d->chip, port, 0) != 0;
}

/* The level each source is routed to (0: not to the CPU). */
static void route(djmemc_t *d)
{
    bool classic = level(d, PORT_AUXMODE);
    bool want[8] = { false };
    want[classic ? 1 : 6] |= level(d, PORT_VIA1);
    want[2] |= level(d, PORT_VIA2);
    want[4] |= level(d, PORT_SCC);
    want[7] |= level(d, PORT_NMI);
    if (!classic) {
        want[3] |= level(d, PORT_SONIC);
        want[5] |= level(d, PORT_ASC);
    }
    for (unsigned l = 1; l < 8; l++)
        ww_line_set(&d->ipl[l], want[l]);
    ww_line_set(&d->sonic_slot, classic && level(d, PORT_SONIC));
    ww_line_set(&d->asc_cb1, classic && level(d, PORT_ASC));
}

static void dj_signal(ww_chip *c, unsigned port, unsigned index, int lv)
{
    if (port <= PORT_AUXMODE)
        route((djmemc_t *)c);
}

static uint64_t dj_read(ww_chip *c, unsigned region, uint64_t off, unsigned size,
                        ww_access how)
{
    djmemc_t *d = (djmemc_t *)c;
    unsigned i = (unsigned)(off >> 2);
    if (i < NREGS)
        return d->reg[i];
    if (how != WW_PEEK)
        ww_chip_unimp(c, "read", region, off);
    return 0;
}

static void dj_write(ww_chip *c, unsigned region, uint64_t off, uint64_t val, unsigned size)
{
    djmemc_t *d = (djmemc_t *)c;
    unsigned i = (unsigned)(off >> 2);
    if (i < NREGS)
        d->reg[i] = (uint32_t)val;
    else
        ww_chip_unimp(c, "write", region, off);
}

static void dj_reset(ww_chip *c, ww_reset_kind kind)
{
    route((djmemc_t *)c);
}

static bool dj_post_load(ww_chip *c, GError **err)
{
    route((djmemc_t *)c);
    return true;
}

static const ww_prop_desc dj_props[] = {
    { "gestalt", WW_PROP_UINT, AT(gestalt), "35", 1, 255, NULL, WW_UNIT_NONE,
      "the board's Gestalt model ID (bootinfo-mac.h MAC_MODEL_*: 35 Quadra 800, 36 Quadra "
      "650, 53 Quadra 610, 52 Centris 610, 30 Centris 650); the Linux preparer passes it" },
    { 0 }
};

static const ww_region_desc dj_regions[] = {
    [REGION_REGS] = { "regs", 0x2000, 4, 4, WW_BIG_ENDIAN, 0,
                      "configuration registers every 4 bytes (32-bit accesses)" },
    [REGION__COUNT] = { 0 }
};

static const ww_port_desc dj_ports[] = {
    [PORT_VIA1]    = { "via1", WW_PORT_IN, 1, 0, 0, "VIA1 IRQ" },
    [PORT_VIA2]    = { "via2", WW_PORT_IN, 1, 0, 0, "VIA2 IRQ" },
    [PORT_SCC]     = { "scc", WW_PORT_IN, 1, 0, 0, "SCC INT" },
    [PORT_SONIC]   = { "sonic", WW_PORT_IN, 1, 0, 0, "SONIC INT" },
    [PORT_ASC]     = { "asc", WW_PORT_IN, 1, 0, 0, "Apple Sound Chip IRQ" },
    [PORT_NMI]     = { "nmi", WW_PORT_IN, 1, 0, 0, "NMI (programmer's switch)" },
    [PORT_AUXMODE] = { "auxmode", WW_PORT_IN, 1, 0, 0,
                       "VIA1 PB6: 0 the A/UX mapping, 1 (released) the classic one" },
    [PORT_IPL]     = { "ipl", WW_PORT_OUT, 8, 0, offsetof(djmemc_t, ipl),
                       "interrupt request at level n (wire @1-@7 to the CPU's irq@n)" },
    [PORT_SONIC_SLOT] = { "sonic_slot", WW_PORT_OUT, 1, 0, offsetof(djmemc_t, sonic_slot),
                          "classic mode: the SONIC as NuBus slot $9's interrupt (VIA2 PA0)" },
    [PORT_ASC_CB1] = { "asc_cb1", WW_PORT_OUT, 1, 0, offsetof(djmemc_t, asc_cb1),
                       "classic mode: the sound chip's interrupt to VIA2 CB1" },
    [PORT__COUNT]  = { 0 }
};

static const ww_chip_class djmemc_class = {
    .type = "djmemc",
    .summary = "Quadra 610/650/800 djMEMC memory controller and interrupt glue",
    .doc = "Memory configuration registers (stored); interrupt levels for VIA1, VIA2, SCC, "
           "SONIC, ASC and NMI in the A/UX and classic mappings selected by VIA1 PB6.",
    .size = sizeof(djmemc_t),
    .version = 1,
    .props = dj_props,
    .regions = dj_regions,
    .regs = dj_regs,
    .ports = dj_ports,
    .reset = dj_reset,
    .read = dj_read,
    .write = dj_write,
    .signal = dj_signal,
    .post_load = dj_post_load,
};
WW_CHIP_REGISTER(djmemc_class)
