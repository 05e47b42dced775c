/* chips/bridge/pci_conf1.c — PCI configuration mechanism #1 (I/O ports
 * CF8h CONFIG_ADDRESS and CFCh-CFFh CONFIG_DATA).
 *
 * Source: PCI Local Bus Specification rev. 3.0 §3.2.2.3.2 "Software
 * Generation of Configuration Transactions": CONFIG_ADDRESS bit 31 enable,
 * 23:16 bus, 15:11 device, 10:8 function, 7:2 register; a CONFIG_DATA access
 * while bit 31 is set is a configuration cycle at (register | port & 3);
 * CONFIG_ADDRESS is claimed only by 32-bit accesses (other sizes at CF8h-CFBh
 * pass through as normal I/O — here: ignored, reads all ones). Intel ICH9
 * datasheet 316972 §10.1 lists the same pair for the Q35/ICH9 host.
 *
 *            io  0-3 CONFIG_ADDRESS (32-bit only), 4-7 CONFIG_DATA
 *  (cfg bus) →   the PCI configuration space, ECAM-addressed: alias it to a
 *               <pcibus> "ID.cfg" space (<space name="X.cfg" alias="pci.cfg"/>)
 *
 * Not modelled: mechanism #2 (CF8h as an 8-bit enable register).
 * Test: tests/chips/bridge/pci_conf1.c
 */
#include "core/chip.h"
#include "core/pci.h"

typedef struct {
    ww_chip chip;
    uint32_t address;   /* CONFIG_ADDRESS */
} pci_conf1_t;

enum { CONFIG_ADDRESS = 0, CONFIG_DATA = 4 };
enum { REGION_IO, REGION__COUNT };
enum { BUS_CFG, BUS__COUNT };
enum { CA_REG = 0x000000fc, CA_FN = 0x00000700, CA_DEV = 0x0000f800, CA_BUS = 0x00ff0000,
       CA_ENABLE = 0x80000000 };

#define AT(m) WW_AT(pci_conf1_t, m)

static const ww_field_desc ca_fields[] = {
    WW_FIELD(CA_, REG, "register (dword aligned)"),
    WW_FIELD(CA_, FN, "function"), WW_FIELD(CA_, DEV, "device"), WW_FIELD(CA_, BUS, "bus"),
    WW_FIELD(CA_, ENABLE, "CONFIG_DATA accesses are configuration cycles"),
    { 0 }
};

static const ww_reg_desc conf1_regs[] = {
    /* name              region     off             w  flags */
    { "CONFIG_ADDRESS",  REGION_IO, CONFIG_ADDRESS, 4, WW_RW, .mask = 0x80fffffc,
      .at = AT(address), .fields = ca_fields, .doc = "32-bit accesses only" },
    { "CONFIG_DATA",     REGION_IO, CONFIG_DATA,    4, WW_REG_SIDE,
      .doc = "the configuration register CONFIG_ADDRESS selects (any width, any byte)" },
    { 0 }
};

/* ECAM address of the configuration cycle for CONFIG_DATA + k. */
static uint64_t target(const pci_conf1_t *p, unsigned k)
{
    uint32_t a = p->address;
    return ww_pci_ecam((a >> 16) & 0xff, (a >> 11) & 0x1f, (a >> 8) & 7) + (a & 0xfc) + k;
}

static uint64_t conf1_read(ww_chip *c, unsigned region, uint64_t off, unsigned size,
                           ww_access how)
{
    pci_conf1_t *p = (pci_conf1_t *)c;
    uint64_t ones = size >= 8 ? UINT64_MAX : (1ull << (8 * size)) - 1;
    if (off < CONFIG_DATA)
        return off == CONFIG_ADDRESS && size == 4 ? p->address : ones;
    ww_space *cfg = c->bus[BUS_CFG];
    if (!(p->address & CA_ENABLE) || !cfg)
        return ones;   /* no cycle: the I/O read floats */
    uint64_t v = ones;
    if (how == WW_PEEK)
        ww_space_peek(cfg, target(p, (unsigned)(off - CONFIG_DATA)), size, &v);
    else
        ww_space_read(cfg, target(p, (unsigned)(off - CONFIG_DATA)), size, &v);
    return v;
}

static void conf1_write(ww_chip *c, unsigned region, uint64_t off, uint64_t val, unsigned size)
{
    pci_conf1_t *p = (pci_conf1_t *)c;
    if (off < CONFIG_DATA) {
        if (off == CONFIG_ADDRESS && size == 4)
            p->address = (uint32_t)val & 0x80fffffcu;   /* bits 30:24 reserved, 1:0 zero */
        return;
    }
    if ((p->address & CA_ENABLE) && c->bus[BUS_CFG])
        ww_space_write(c->bus[BUS_CFG], target(p, (unsigned)(off - CONFIG_DATA)), size, val);
}

static const ww_region_desc conf1_regions[] = {
    [REGION_IO] = { "io", 8, 1, 4, WW_LITTLE_ENDIAN, 0, "CF8h-CFFh" },
    [REGION__COUNT] = { 0 }
};

static const ww_bus_desc conf1_buses[] = {
    [BUS_CFG] = { "cfg", "the configuration space the cycles go to (alias a <pcibus> ID.cfg)",
                  WW_PCI_CFG_BITS, WW_LITTLE_ENDIAN, WW_UNMAPPED_OPEN_BUS, UINT64_MAX },
    [BUS__COUNT] = { 0 }
};

static const ww_chip_class pci_conf1_class = {
    .type = "pci-conf1",
    .summary = "PCI configuration mechanism #1 (CF8h/CFCh)",
    .doc = "PCI Local Bus Specification 3.0 §3.2.2.3.2: CONFIG_ADDRESS (32-bit accesses only) "
           "selects bus, device, function and register; CONFIG_DATA accesses of any width "
           "become configuration cycles on the cfg bus. Not modelled: mechanism #2.",
    .size = sizeof(pci_conf1_t),
    .version = 1,
    .regions = conf1_regions,
    .regs = conf1_regs,
    .buses = conf1_buses,
    .read = conf1_read,
    .write = conf1_write,
};
WW_CHIP_REGISTER(pci_conf1_class)
