/* tests/unit/pci.c — the PCI services end to end, the way firmware uses them:
 * a test machine (inline XML, no CPU) with a <pcibus>, configuration
 * mechanism #1 at CF8h/CFCh and the test-only function "wwtestpci"
 * (tests/unit/testpci.c) placed by <pci>. Every step goes through the I/O and
 * memory spaces as a guest's OUT/IN and loads/stores would. */
#include "tests/harness.h"
#include "core/machine.h"
#include "tests/unit/testchip.h"

static const char *const machine_xml =
    "<machine name='test/pci' title='PCI test machine'>\n"
    "  <space name='cpu.mem' bits='32' endian='little' unmapped='open-bus' open-bus='0xffffffff'/>\n"
    "  <space name='cpu.io' bits='16' endian='little' unmapped='open-bus' open-bus='0xffffffff'/>\n"
    "  <ram id='ram' size='1MiB'/>\n"
    "  <map space='cpu.mem' at='0' to='ram'/>\n"
    "  <pcibus id='pci' mem='cpu.mem' io='cpu.io' dma='cpu.mem'/>\n"
    "  <chip id='conf' type='pci-conf1'/>\n"
    "  <space name='conf.cfg' alias='pci.cfg'/>\n"
    "  <map space='cpu.io' at='0xcf8' to='conf'/>\n"
    "  <chip id='dev' type='wwtestpci'/>\n"
    "  <chip id='dev1' type='wwtestpci'/>\n"
    "  <pci chip='dev' slot='3'/>\n"
    "  <pci chip='dev1' slot='3' function='1'/>\n"
    "  <chip id='probe' type='wwtestchip'/>\n"
    "  <wire from='dev.intx' to='probe.in@0'/>\n"
    "</machine>\n";

typedef struct {
    ww_machine *m;
    ww_space *io, *mem;
} rig;

static void rig_init(rig *r)
{
    r->m = ww_test_machine_xml(machine_xml);
    r->io = ww_machine_find_space(r->m, "cpu.io");
    r->mem = ww_machine_find_space(r->m, "cpu.mem");
    WW_CHECK(r->io && r->mem);
}

static uint32_t in32(rig *r, uint16_t port)
{
    uint64_t v = 0;
    ww_space_read(r->io, port, 4, &v);
    return (uint32_t)v;
}

static void out32(rig *r, uint16_t port, uint32_t v) { ww_space_write(r->io, port, 4, v); }

/* Configuration read/write of bus 0, device `dev`, function `fn` through
 * CF8h/CFCh, as SeaBIOS's pci_config_readl does. */
static uint32_t cfg_read(rig *r, unsigned dev, unsigned fn, unsigned reg)
{
    out32(r, 0xcf8, 0x80000000u | dev << 11 | fn << 8 | (reg & 0xfc));
    return in32(r, 0xcfc);
}

static void cfg_write(rig *r, unsigned dev, unsigned fn, unsigned reg, uint32_t v)
{
    out32(r, 0xcf8, 0x80000000u | dev << 11 | fn << 8 | (reg & 0xfc));
    out32(r, 0xcfc, v);
}

static uint32_t rd32(rig *r, uint32_t a)
{
    uint64_t v = 0;
    ww_space_read(r->mem, a, 4, &v);
    return (uint32_t)v;
}

static void wr32(rig *r, uint32_t a, uint32_t v) { ww_space_write(r->mem, a, 4, v); }

WW_TEST("unit/pci/scan_identity_and_multifunction", t_scan)
{
    rig r;
    rig_init(&r);
    /* 00:03.0 answers with the descriptor's IDs; an empty slot reads all ones. */
    WW_CHECK_EQ(cfg_read(&r, 3, 0, 0x00), 0x56781234);
    WW_CHECK_EQ(cfg_read(&r, 4, 0, 0x00), 0xffffffff);
    /* class code ff0000, revision 2 */
    WW_CHECK_EQ(cfg_read(&r, 3, 0, 0x08), 0xff000002);
    /* Header type bit 7: slot 3 has two functions. */
    WW_CHECK_EQ((cfg_read(&r, 3, 0, 0x0c) >> 16) & 0xff, 0x80);
    /* Status bit 4: a capability list, starting at the MSI capability (0x50). */
    WW_CHECK(cfg_read(&r, 3, 0, 0x04) & (1u << 20));
    WW_CHECK_EQ(cfg_read(&r, 3, 0, 0x34) & 0xff, 0x50);
    WW_CHECK_EQ(cfg_read(&r, 3, 0, 0x50) & 0xff, 0x05);
    /* INT pin A; the line register is software's. */
    WW_CHECK_EQ((cfg_read(&r, 3, 0, 0x3c) >> 8) & 0xff, 1);
    cfg_write(&r, 3, 0, 0x3c, 0x0b);
    WW_CHECK_EQ(cfg_read(&r, 3, 0, 0x3c) & 0xff, 0x0b);
    /* A byte read of CONFIG_DATA + 2 reads the device ID's low byte. */
    out32(&r, 0xcf8, 0x80000000u | 3 << 11);
    uint64_t b = 0;
    ww_space_read(r.io, 0xcfe, 1, &b);
    WW_CHECK_EQ(b, 0x78);
    /* Device-specific configuration registers go to the chip. */
    cfg_write(&r, 3, 0, 0x40, 0xcafe1234);
    WW_CHECK_EQ(cfg_read(&r, 3, 0, 0x40), 0xcafe1234);
    /* Without the enable bit CONFIG_DATA reads all ones. */
    out32(&r, 0xcf8, 3 << 11);
    WW_CHECK_EQ(in32(&r, 0xcfc), 0xffffffff);
    ww_machine_free(r.m);
}

WW_TEST("unit/pci/bar_sizing_and_moves", t_bars)
{
    rig r;
    rig_init(&r);
    /* §6.2.5.1: write all ones, read back the size mask and the type bits. */
    cfg_write(&r, 3, 0, 0x10, 0xffffffff);
    WW_CHECK_EQ(cfg_read(&r, 3, 0, 0x10), 0xfffff000);      /* 4 KiB memory */
    cfg_write(&r, 3, 0, 0x14, 0xffffffff);
    WW_CHECK_EQ(cfg_read(&r, 3, 0, 0x14), 0xffffffe1);      /* 32 bytes of I/O */
    cfg_write(&r, 3, 0, 0x18, 0xffffffff);
    cfg_write(&r, 3, 0, 0x1c, 0xffffffff);
    WW_CHECK_EQ(cfg_read(&r, 3, 0, 0x18), 0xffff000c);      /* 64 KiB, 64-bit, prefetchable */
    WW_CHECK_EQ(cfg_read(&r, 3, 0, 0x1c), 0xffffffff);
    WW_CHECK_EQ(cfg_read(&r, 3, 0, 0x20), 0);               /* unused BAR */
    /* Program the BARs; nothing decodes until the command register says so. */
    cfg_write(&r, 3, 0, 0x10, 0xe0000000);
    cfg_write(&r, 3, 0, 0x14, 0xc000);
    cfg_write(&r, 3, 0, 0x18, 0xe1000000);
    cfg_write(&r, 3, 0, 0x1c, 0);
    wr32(&r, 0xe0000014, 0x11111111);
    WW_CHECK_EQ(rd32(&r, 0xe0000014), 0xffffffff);
    cfg_write(&r, 3, 0, 0x04, 0x0003);                      /* IO | MEM */
    wr32(&r, 0xe0000014, 0x12345678);
    WW_CHECK_EQ(rd32(&r, 0xe0000014), 0x12345678);
    WW_CHECK_EQ(rd32(&r, 0xe1000014), 0x12345678);          /* BAR2: the same registers */
    out32(&r, 0xc000, 0xabcd);
    WW_CHECK_EQ(in32(&r, 0xc000), 0xabcd);
    /* Move BAR0: the old address no longer decodes, the new one does. */
    cfg_write(&r, 3, 0, 0x10, 0xe2000000);
    WW_CHECK_EQ(rd32(&r, 0xe0000014), 0xffffffff);
    WW_CHECK_EQ(rd32(&r, 0xe2000014), 0x12345678);
    /* A BAR over RAM does not hide RAM (fixed mappings win). */
    wr32(&r, 0x8014, 0x5a5a5a5a);
    cfg_write(&r, 3, 0, 0x10, 0x8000);
    WW_CHECK_EQ(rd32(&r, 0x8014), 0x5a5a5a5a);
    /* Memory decode off: the windows vanish. */
    cfg_write(&r, 3, 0, 0x10, 0xe2000000);
    cfg_write(&r, 3, 0, 0x04, 0x0001);
    WW_CHECK_EQ(rd32(&r, 0xe2000014), 0xffffffff);
    WW_CHECK_EQ(in32(&r, 0xc000), 0xabcd);
    /* Function 1 has BARs of its own, unprogrammed. */
    WW_CHECK_EQ(cfg_read(&r, 3, 1, 0x10), 0);
    ww_machine_free(r.m);
}

static void enable_dev(rig *r, uint16_t command)
{
    cfg_write(r, 3, 0, 0x10, 0xe0000000);
    cfg_write(r, 3, 0, 0x04, command);
}

WW_TEST("unit/pci/dma_into_ram_and_errors", t_dma)
{
    rig r;
    rig_init(&r);
    enable_dev(&r, 0x0006);                                 /* MEM | MASTER */
    for (uint32_t i = 0; i < 64; i++)
        wr32(&r, 0x1000 + 4 * i, 0x01010101u * i);
    /* Copy 256 bytes 0x1000 -> 0x2000 by DMA. */
    wr32(&r, 0xe0000000, 0x1000);
    wr32(&r, 0xe0000004, 0x2000);
    wr32(&r, 0xe0000008, 256);
    wr32(&r, 0xe000000c, 1);
    WW_CHECK_EQ(rd32(&r, 0xe0000010), 1);                   /* done, no error */
    for (uint32_t i = 0; i < 64; i++)
        WW_CHECK_EQ(rd32(&r, 0x2000 + 4 * i), 0x01010101u * i);
    /* A destination outside RAM is an error the device sees; RAM is untouched. */
    wr32(&r, 0xe0000010, 3);                                /* W1C */
    wr32(&r, 0xe0000004, 0xfffff000);
    wr32(&r, 0xe000000c, 1);
    WW_CHECK_EQ(rd32(&r, 0xe0000010), 3);
    /* … also one that starts in RAM and runs past its end … */
    wr32(&r, 0xe0000010, 3);
    wr32(&r, 0xe0000004, 0x100000 - 16);
    wr32(&r, 0xe000000c, 1);
    WW_CHECK_EQ(rd32(&r, 0xe0000010), 3);
    WW_CHECK_EQ(rd32(&r, 0x100000 - 16), 0);                /* nothing was written */
    /* … or an MMIO window (the device's own BAR). */
    wr32(&r, 0xe0000010, 3);
    wr32(&r, 0xe0000004, 0xe0000000);
    wr32(&r, 0xe000000c, 1);
    WW_CHECK_EQ(rd32(&r, 0xe0000010) & 2, 2);
    /* Bus mastering off: no DMA at all. */
    wr32(&r, 0xe0000004, 0x3000);
    cfg_write(&r, 3, 0, 0x04, 0x0002);
    wr32(&r, 0xe0000010, 3);
    wr32(&r, 0xe000000c, 1);
    WW_CHECK_EQ(rd32(&r, 0xe0000010), 3);
    WW_CHECK_EQ(rd32(&r, 0x3000), 0);
    ww_machine_free(r.m);
}

WW_TEST("unit/pci/intx_and_msi", t_irq)
{
    rig r;
    rig_init(&r);
    enable_dev(&r, 0x0006);
    testchip_t *probe = (testchip_t *)ww_machine_find_chip(r.m, "probe");
    /* INTx: the wire to the probe follows the device, and the status bit too. */
    wr32(&r, 0xe000000c, 2);
    WW_CHECK_EQ(probe->last_level[0], 1);
    WW_CHECK(cfg_read(&r, 3, 0, 0x04) & (1u << 19));
    /* INTx disable (command bit 10) masks the pin, not the status. */
    cfg_write(&r, 3, 0, 0x04, 0x0406);
    WW_CHECK_EQ(probe->last_level[0], 0);
    WW_CHECK(cfg_read(&r, 3, 0, 0x04) & (1u << 19));
    cfg_write(&r, 3, 0, 0x04, 0x0006);
    wr32(&r, 0xe000000c, 3);
    WW_CHECK_EQ(probe->last_level[0], 0);
    /* MSI: address 0x3000, data 0x4242, enable; the message is a memory write. */
    cfg_write(&r, 3, 0, 0x54, 0x3000);
    cfg_write(&r, 3, 0, 0x58, 0);
    cfg_write(&r, 3, 0, 0x5c, 0x4242);
    cfg_write(&r, 3, 0, 0x50, cfg_read(&r, 3, 0, 0x50) | 1u << 16);
    WW_CHECK(cfg_read(&r, 3, 0, 0x50) & (1u << 16));
    WW_CHECK(cfg_read(&r, 3, 0, 0x50) & (1u << 23));        /* 64-bit capable */
    wr32(&r, 0xe000000c, 4);
    WW_CHECK_EQ(rd32(&r, 0x3000), 0x4242);
    ww_machine_free(r.m);
}

WW_TEST("unit/pci/state_and_reset", t_state)
{
    rig r;
    rig_init(&r);
    enable_dev(&r, 0x0006);
    wr32(&r, 0xe0000014, 0x77);
    ww_chip *dev = ww_machine_find_chip(r.m, "dev");
    /* The configuration header is part of the chip's state … */
    GByteArray *b = g_byte_array_new();
    ww_chip_state_save(dev, b);
    /* … a reset clears it (no decode) … */
    ww_chip_reset(dev, WW_RESET_HARD);
    WW_CHECK_EQ(rd32(&r, 0xe0000014), 0xffffffff);
    WW_CHECK_EQ(cfg_read(&r, 3, 0, 0x10), 0);
    /* … and loading it back places the window again. */
    GError *err = NULL;
    WW_CHECK_NOERR(ww_chip_state_load(dev, b->data, b->len, &err), err);
    WW_CHECK_EQ(rd32(&r, 0xe0000014), 0x77);
    g_byte_array_free(b, TRUE);
    ww_machine_free(r.m);
}

WW_TEST("unit/pci/placement_errors", t_place)
{
    GError *err = NULL;
    ww_machine *m = ww_machine_new();
    ww_space_config cfg = { .addr_bits = 32 };
    ww_space *mem = ww_machine_add_space(m, "mem", &cfg, &err);
    ww_pci_bus *bus = ww_machine_add_pci_bus(m, "pci", mem, NULL, mem, &err);
    WW_CHECK_NOERR(bus, err);
    ww_chip *a = ww_machine_add_chip(m, "wwtestpci", "a", &err);
    ww_chip *b = ww_machine_add_chip(m, "wwtestpci", "b", &err);
    ww_chip *t = ww_machine_add_chip(m, "wwtestchip", "t", &err);
    WW_CHECK_NOERR(ww_pci_place(bus, a, 0, 1, 0, &err), err);
    WW_CHECK_ERR(ww_pci_place(bus, b, 0, 1, 0, &err), err, "is taken by a");
    WW_CHECK_ERR(ww_pci_place(bus, a, 0, 2, 0, &err), err, "already placed");
    WW_CHECK_ERR(ww_pci_place(bus, b, 0, 32, 0, &err), err, "slot 0-31");
    WW_CHECK_ERR(ww_pci_place(bus, t, 0, 2, 0, &err), err, "not a PCI function");
    ww_machine_free(m);
}
