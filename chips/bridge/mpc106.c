/* chips/bridge/mpc106.c — Motorola MPC106 "Grackle" PCI bridge/memory
 * controller, as PCI function 00:00.0 of the Power Macintosh G3 (beige) and
 * the PowerBook G3s: its identity and the configuration registers firmware
 * and Linux read and write (the memory controller's bank registers, PICR1/2,
 * the error registers).
 *
 * Source: Motorola "MPC106 PCI Bridge/Memory Controller User's Manual"
 * (MPC106UM/D rev. 1), ch. 3 "Device Programming" / table 3-? "Configuration
 * Registers": vendor 1057h, device 0002h, class 060000h; memory starting and
 * ending address registers 80h-8Fh / 90h-9Fh (bank n: bits 27-20 of the
 * address in byte n, extended bits 29-28 at 88h/98h), memory bank enable A0h,
 * memory page mode A3h, PICR1 A8h (reset FF14_1B98h), PICR2 ACh (reset
 * 0000_0C00h... software rewrites it), ECC and error registers B8h-C7h,
 * MCCR1-4 F0h-FFh. Linux arch/powerpc/sysdev/grackle.c reads and rewrites
 * PICR1 (store gathering, loop-snoop); OpenBIOS takes the RAM size from
 * fw_cfg and reads none of them.
 *
 * The configuration mechanism itself (CONFIG_ADDR at FEC00000h, CONFIG_DATA at
 * FEE00000h in address map B: little-endian, the #1 format) is the generic
 * pci-conf1 chip mapped there by the machine (machines/powermac/g3beige.xml);
 * the 60x↔PCI address maps are <map> lines.
 *
 *   config → header (core/pci.h) + 40h-FFh below, little-endian
 *
 * The bank registers describe the machine's RAM as one bank from 0 (property
 * "ram"), as firmware would have programmed them. Not modelled: anything the
 * registers control (refresh, ECC, timing, the error reporting they enable).
 * Test: tests/chips/bridge/mpc106.c
 */
#include "core/chip.h"
#include "core/pci.h"

#define CFG_FIRST 0x40
#define CFG_SIZE 256

typedef struct {
    ww_chip chip;
    ww_pci_function pci;
    uint64_t ram;                          /* prop */
    uint8_t cfg[CFG_SIZE - CFG_FIRST];     /* 40h-FFh */
} mpc106_t;

enum { REGION_CONFIG, REGION__COUNT };
enum { PORT_INTX, PORT__COUNT };
enum { MSAR1 = 0x80, EMSAR1 = 0x88, MEAR1 = 0x90, EMEAR1 = 0x98, MBER = 0xa0, PICR1 = 0xa8,
       PICR2 = 0xac, MCCR1 = 0xf0 };
enum { PICR1_LOOPSNOOP = 0x00000010, PICR1_STG = 0x00000040 };

#define AT(m) WW_AT(mpc106_t, m)

static const ww_field_desc picr1_fields[] = {
    WW_FIELD(PICR1_, LOOPSNOOP, "loop-snoop"), WW_FIELD(PICR1_, STG, "store gathering"),
    { 0 }
};

static const ww_reg_desc mpc106_regs[] = {
    /* name   region         offset w  flags */
    { "MSAR1", REGION_CONFIG, MSAR1,  4, WW_RW,
      .doc = "memory starting address, banks 0-3 (address bits 27-20)" },
    { "MEAR1", REGION_CONFIG, MEAR1,  4, WW_RW,
      .doc = "memory ending address, banks 0-3" },
    { "EMEAR1", REGION_CONFIG, EMEAR1, 4, WW_RW,
      .doc = "extended ending address bits 29-28" },
    { "MBER",  REGION_CONFIG, MBER,   1, WW_RW,
      .doc = "memory bank enable" },
    { "PICR1", REGION_CONFIG, PICR1,  4, WW_RW,
      .fields = picr1_fields, .doc = "processor interface configuration 1" },
    { "PICR2", REGION_CONFIG, PICR2,  4, WW_RW,
      .doc = "processor interface configuration 2" },
    { "MCCR1", REGION_CONFIG, MCCR1,  4, WW_RW,
      .doc = "memory control configuration 1" },
    { 0 }
};

/* The registers above are views of these bytes (no storage of their own). */
static const ww_state_desc mpc106_state[] = {
    { "cfg", WW_STATE_U8, AT(cfg), "configuration bytes 40h-FFh", .flags = WW_STATE_CHIP_RESET },
    { 0 }
};

static uint64_t mpc106_read(ww_chip *c, unsigned region, uint64_t off, unsigned size,
                            ww_access how)
{
    mpc106_t *m = (mpc106_t *)c;
    uint64_t v = 0;
    for (unsigned k = 0; k < size; k++) {
        uint64_t o = off + k;
        uint8_t b = o >= CFG_FIRST && o < CFG_SIZE ? m->cfg[o - CFG_FIRST] : 0;
        v |= (uint64_t)b << (8 * k);
    }
    return v;
}

static void mpc106_write(ww_chip *c, unsigned region, uint64_t off, uint64_t val, unsigned size)
{
    mpc106_t *m = (mpc106_t *)c;
    for (unsigned k = 0; k < size; k++) {
        uint64_t o = off + k;
        if (o >= CFG_FIRST && o < CFG_SIZE)
            m->cfg[o - CFG_FIRST] = (uint8_t)(val >> (8 * k));
    }
}

static void put32(mpc106_t *m, unsigned off, uint32_t v)
{
    for (unsigned k = 0; k < 4; k++)
        m->cfg[off - CFG_FIRST + k] = (uint8_t)(v >> (8 * k));
}

static void mpc106_reset(ww_chip *c, ww_reset_kind kind)
{
    mpc106_t *m = (mpc106_t *)c;
    /* Bank 0 from 0 to ram - 1, the others empty (start > end), enabled: bank 0. */
    uint64_t end = m->ram ? m->ram - 1 : 0;
    put32(m, PICR1, 0xff141b98);
    put32(m, PICR2, 0x00000c00);
    put32(m, MCCR1, 0xff800000);
    put32(m, MSAR1, 0xffffff00);
    put32(m, MEAR1, 0x00000000 | (uint32_t)((end >> 20) & 0xff));
    put32(m, EMSAR1, 0x03030300);
    put32(m, EMEAR1, (uint32_t)((end >> 28) & 3));
    m->cfg[MBER - CFG_FIRST] = m->ram ? 0x01 : 0x00;
}

static const ww_prop_desc mpc106_props[] = {
    { "ram", WW_PROP_UINT, AT(ram), "256MiB", 0, 1ull << 30, NULL, WW_UNIT_BYTES,
      "RAM the bank registers describe (bank 0 from address 0)" },
    { 0 }
};

static const ww_region_desc mpc106_regions[] = {
    [REGION_CONFIG] = { "config", CFG_SIZE, 1, 4, WW_LITTLE_ENDIAN, WW_REGION_PCI_CONFIG,
                        "PCI configuration space" },
    [REGION__COUNT] = { 0 }
};

static const ww_pci_desc mpc106_pci = {
    .offset = offsetof(mpc106_t, pci),
    .vendor = 0x1057, .device = 0x0002, .revision = 0x40, .class_code = 0x060000,
};

static const ww_port_desc mpc106_ports[] = {
    [PORT_INTX] = { "intx", WW_PORT_OUT, 1, 0, offsetof(mpc106_t, pci.intx), "unused" },
    [PORT__COUNT] = { 0 }
};

static const ww_chip_class mpc106_class = {
    .type = "mpc106",
    .summary = "Motorola MPC106 (Grackle) host bridge: PCI 1057:0002 and its memory registers",
    .doc = "MPC106 User's Manual ch. 3: identity and configuration registers 40h-FFh "
           "(bank start/end/enable from the ram property, PICR1/2, MCCR1) stored; the "
           "CF8-style mechanism at FEC00000h/FEE00000h is pci-conf1 in the machine.",
    .size = sizeof(mpc106_t),
    .version = 1,
    .props = mpc106_props,
    .regions = mpc106_regions,
    .regs = mpc106_regs,
    .state = mpc106_state,
    .ports = mpc106_ports,
    .pci = &mpc106_pci,
    .reset = mpc106_reset,
    .read = mpc106_read,
    .write = mpc106_write,
};
WW_CHIP_REGISTER(mpc106_class)
