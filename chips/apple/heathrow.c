/* chips/apple/heathrow.c — Apple's Heathrow Mac I/O ASIC (PCI 106b:0010) of the
 * Power Macintosh G3 (beige) and the PowerBook G3s, as the PCI function that
 * carries the Mac I/O devices: its 512 KiB memory BAR is a window onto the
 * "macio" space, where the machine maps the sub-chips at their offsets:
 *
 *   0x00000 interrupt controller (heathrow-pic; registers at 0x10-0x2F)
 *   0x00030 feature control (here: MBCR 0x34, FCR 0x38, AUX 0x3C)
 *   0x08000 DBDMA channels (dbdma; ATA channels 0x8B00/0x8D00 in macio-ata)
 *   0x12000 ESCC legacy layout, 0x13000 ESCC Mac I/O layout (z85c30)
 *   0x16000 VIA with CUDA (cuda; registers every 0x200)
 *   0x20000, 0x21000 ATA buses 0 and 1 (macio-ata)
 *   0x60000 NVRAM (mac-nvram; one byte every 16)
 *
 * Sources: QEMU hw/misc/macio/macio.c (the Old World layout above, the BAR
 * size 0x80000, device ID 0x0010, class "other"), OpenBIOS drivers/macio.c
 * and drivers/escc.c, drivers/ide.c (the offsets its device tree gives Linux);
 * Linux arch/powerpc/platforms/powermac/feature.c (HEATHROW_MBCR 0x34,
 * HEATHROW_FCR 0x38, written with set/clear of bits by the feature calls: sound,
 * modem, IDE, SCC enables) and include/asm/pmac_feature.h.
 *
 *             +-------------+
 *   config  → | PCI 106b:10 |   BAR0 512 KiB → "bar" → accesses forwarded to
 *   bar     → |   forward   |→  the bus-master port "macio" (offset kept)
 *   fcr     → | MBCR FCR    |   (map it at macio + 0x30)
 *             +-------------+
 *
 * The forwarding keeps byte addresses: the region and the macio space are
 * big-endian like the 60x bus, and each sub-chip declares its own byte order
 * (the PIC and DBDMA registers are little-endian). Interrupts are wires from
 * the sub-chips to the PIC; the PIC's output goes to the CPU (the G3 does not
 * route Mac I/O through a PCI INTx line). Not modelled: the feature bits'
 * effects (power to the SCC, sound, modem and the media bay; stored only).
 * Test: tests/chips/apple/heathrow.c
 */
#include "core/chip.h"
#include "core/pci.h"

#define BAR_SIZE 0x80000

typedef struct {
    ww_chip chip;
    ww_pci_function pci;
    uint32_t mbcr, fcr, aux;
} heathrow_t;

enum { REGION_CONFIG, REGION_BAR, REGION_FCR, REGION__COUNT };
enum { BUS_MACIO, BUS__COUNT };
enum { PORT_INTX, PORT__COUNT };
enum { MBCR = 0x4, FCR = 0x8, AUX = 0xc };
/* pmac_feature.h HEATHROW_FCR bits the drivers set and clear. */
enum { FCR_SCC_ENABLE = 0x00200000, FCR_SCCA_ENABLE = 0x00400000,
       FCR_SCCB_ENABLE = 0x00800000, FCR_IDE0_ENABLE = 0x00001000,
       FCR_IDE1_RESET_N = 0x00000008, FCR_SOUND_POWER = 0x04000000,
       FCR_SOUND_CLK_ENABLE = 0x02000000, FCR_MBPWR = 0x00000001 };

#define AT(m) WW_AT(heathrow_t, m)

static const ww_field_desc fcr_fields[] = {
    WW_FIELD(FCR_, MBPWR, "media bay power (active low)"),
    WW_FIELD(FCR_, IDE1_RESET_N, NULL),
    WW_FIELD(FCR_, IDE0_ENABLE, NULL),
    WW_FIELD(FCR_, SCC_ENABLE, NULL), WW_FIELD(FCR_, SCCA_ENABLE, NULL),
    WW_FIELD(FCR_, SCCB_ENABLE, NULL),
    WW_FIELD(FCR_, SOUND_CLK_ENABLE, NULL), WW_FIELD(FCR_, SOUND_POWER, NULL),
    { 0 }
};

static const ww_reg_desc heathrow_regs[] = {
    /* name    region      off   w  flags */
    { "MBCR",  REGION_FCR, MBCR, 4, WW_RW, .at = AT(mbcr), .doc = "media bay control" },
    /* Power-on: the SCC and IDE enabled, as the boot ROM leaves them. */
    { "FCR",   REGION_FCR, FCR,  4, WW_RW, .at = AT(fcr), .fields = fcr_fields,
      .reset = FCR_SCC_ENABLE | FCR_SCCA_ENABLE | FCR_SCCB_ENABLE | FCR_IDE0_ENABLE |
               FCR_IDE1_RESET_N,
      .doc = "feature control: cell enables (stored; the cells always work here)" },
    { "AUX",   REGION_FCR, AUX,  4, WW_RW, .at = AT(aux), .doc = "auxiliary control" },
    { 0 }
};

static uint64_t heathrow_read(ww_chip *c, unsigned region, uint64_t off, unsigned size,
                              ww_access how)
{
    heathrow_t *h = (heathrow_t *)c;
    uint64_t v = size >= 8 ? UINT64_MAX : (1ull << (8 * size)) - 1;
    switch (region) {
    case REGION_BAR:
        if (c->bus[BUS_MACIO]) {
            if (how == WW_PEEK)
                ww_space_peek(c->bus[BUS_MACIO], off, size, &v);
            else
                ww_space_read(c->bus[BUS_MACIO], off, size, &v);
        }
        return v;
    case REGION_FCR:
        switch (off) {
        case MBCR: return h->mbcr;
        case FCR:  return h->fcr;
        case AUX:  return h->aux;
        default:   return 0;
        }
    default:
        return 0;   /* configuration beyond the header: nothing device-specific */
    }
}

static void heathrow_write(ww_chip *c, unsigned region, uint64_t off, uint64_t val,
                           unsigned size)
{
    heathrow_t *h = (heathrow_t *)c;
    switch (region) {
    case REGION_BAR:
        if (c->bus[BUS_MACIO])
            ww_space_write(c->bus[BUS_MACIO], off, size, val);
        return;
    case REGION_FCR:
        switch (off) {
        case MBCR: h->mbcr = (uint32_t)val; return;
        case FCR:  h->fcr = (uint32_t)val; return;
        case AUX:  h->aux = (uint32_t)val; return;
        default:   ww_chip_unimp(c, "write", region, off); return;
        }
    default:
        return;
    }
}

static const ww_region_desc heathrow_regions[] = {
    [REGION_CONFIG] = { "config", 256, 1, 4, WW_LITTLE_ENDIAN, WW_REGION_PCI_CONFIG,
                        "PCI configuration space" },
    [REGION_BAR]    = { "bar", BAR_SIZE, 1, 8, WW_BIG_ENDIAN, 0,
                        "BAR0: forwarded to the macio space at the same offset" },
    [REGION_FCR]    = { "fcr", 0x10, 4, 4, WW_LITTLE_ENDIAN, 0,
                        "feature control block (map at macio + 0x30)" },
    [REGION__COUNT] = { 0 }
};

static const ww_pci_desc heathrow_pci = {
    .offset = offsetof(heathrow_t, pci),
    .vendor = 0x106b, .device = 0x0010, .revision = 0x01, .class_code = 0xff0000,
    .int_pin = 1,
    .bars = { [0] = { WW_BAR_MEM32, BAR_SIZE, REGION_BAR, false, "Mac I/O registers" } },
};

static const ww_bus_desc heathrow_buses[] = {
    [BUS_MACIO] = { "macio", "the Mac I/O space the sub-chips are mapped in (19 bits)", 19,
                    WW_BIG_ENDIAN, WW_UNMAPPED_OPEN_BUS, 0 },
    [BUS__COUNT] = { 0 }
};

static const ww_port_desc heathrow_ports[] = {
    [PORT_INTX] = { "intx", WW_PORT_OUT, 1, 0, offsetof(heathrow_t, pci.intx),
                    "INTA# (unused on the G3: the PIC is wired to the CPU)" },
    [PORT__COUNT] = { 0 }
};

static const ww_chip_class heathrow_class = {
    .type = "heathrow",
    .summary = "Apple Heathrow Mac I/O (PCI 106b:0010): a BAR onto the Mac I/O sub-chips",
    .doc = "The PCI function of the Old World Mac I/O ASIC: BAR0 (512 KiB) forwards to "
           "the macio space where the machine maps PIC, DBDMA, ESCC, CUDA, ATA and NVRAM; "
           "MBCR/FCR feature registers are stored.",
    .size = sizeof(heathrow_t),
    .version = 1,
    .regions = heathrow_regions,
    .regs = heathrow_regs,
    .ports = heathrow_ports,
    .buses = heathrow_buses,
    .pci = &heathrow_pci,
    .read = heathrow_read,
    .write = heathrow_write,
};
WW_CHIP_REGISTER(heathrow_class)
