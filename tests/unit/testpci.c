/* tests/unit/testpci.c — "wwtestpci", a test-only PCI function written
 * against the core's PCI and DMA services and nothing else: identity, BARs
 * and MSI are descriptor data; it copies memory by DMA on command, raises
 * INTx or an MSI. Registered here and nowhere else (tests/unit/pci.c uses it
 * by its type name only).
 *
 * BAR0 mem32 4 KiB and BAR2 mem64 64 KiB prefetchable both decode "mmio";
 * BAR1 is 32 bytes of I/O decoding "io". mmio registers (32-bit):
 *   0x00 SRC  0x04 DST  0x08 LEN  0x0C CMD (1 copy SRC→DST, 2 INTx on,
 *   3 INTx off, 4 MSI vector 0)  0x10 STATUS (bit 0 done, bit 1 DMA error)
 *   0x14 SCRATCH.  Config 0x40: a device-specific scratch register. */
#include "core/chip.h"
#include "core/pci.h"
#include "core/dma.h"

typedef struct {
    ww_chip chip;
    ww_pci_function pci;
    uint32_t src, dst, len, status, scratch, io_scratch;
    uint32_t cfg_scratch;
} testpci_t;

enum { R_CONFIG, R_MMIO, R_IO, R__COUNT };
enum { SRC = 0x00, DST = 0x04, LEN = 0x08, CMD = 0x0c, STATUS = 0x10, SCRATCH = 0x14 };
enum { CFG_SCRATCH = 0x40 };
enum { ST_DONE = 0x1, ST_ERROR = 0x2 };
enum { BUS_DMA, BUS__COUNT };
enum { PORT_INTX, PORT__COUNT };
#define MAX_COPY 4096u

#define AT(m) WW_AT(testpci_t, m)

static const ww_field_desc status_fields[] = {
    WW_FIELD(ST_, DONE, "the last command finished"),
    WW_FIELD(ST_, ERROR, "the last DMA failed (not memory, too long, mastering off)"),
    { 0 }
};

static const ww_reg_desc testpci_regs[] = {
    /* name          region    off          w  flags */
    { "SRC",         R_MMIO,   SRC,         4, WW_RW, .at = AT(src) },
    { "DST",         R_MMIO,   DST,         4, WW_RW, .at = AT(dst) },
    { "LEN",         R_MMIO,   LEN,         4, WW_RW, .at = AT(len) },
    { "CMD",         R_MMIO,   CMD,         4, WW_REG_WO | WW_REG_SIDE },
    { "STATUS",      R_MMIO,   STATUS,      4, WW_REG_W1C, .at = AT(status), .fields = status_fields },
    { "SCRATCH",     R_MMIO,   SCRATCH,     4, WW_RW, .at = AT(scratch) },
    { "IO_SCRATCH",  R_IO,     0,           4, WW_RW, .at = AT(io_scratch) },
    { "CFG_SCRATCH", R_CONFIG, CFG_SCRATCH, 4, WW_RW, .at = AT(cfg_scratch) },
    { 0 }
};

static void copy(testpci_t *t)
{
    uint8_t buf[MAX_COPY];
    bool ok = ww_pci_master_enabled(&t->chip) && t->len <= MAX_COPY &&
              ww_dma_read(&t->chip, BUS_DMA, t->src, buf, t->len) == WW_DMA_OK &&
              ww_dma_write(&t->chip, BUS_DMA, t->dst, buf, t->len) == WW_DMA_OK;
    t->status = ST_DONE | (ok ? 0 : ST_ERROR);
}

static uint64_t testpci_read(ww_chip *c, unsigned region, uint64_t off, unsigned size,
                             ww_access how)
{
    testpci_t *t = (testpci_t *)c;
    switch (region) {
    case R_CONFIG:
        return off == CFG_SCRATCH ? t->cfg_scratch : 0;
    case R_IO:
        return off == 0 ? t->io_scratch : 0xffffffff;
    default:
        switch (off) {
        case SRC:     return t->src;
        case DST:     return t->dst;
        case LEN:     return t->len;
        case STATUS:  return t->status;
        case SCRATCH: return t->scratch;
        default:      return 0xffffffff;
        }
    }
}

static void testpci_write(ww_chip *c, unsigned region, uint64_t off, uint64_t val, unsigned size)
{
    testpci_t *t = (testpci_t *)c;
    uint32_t v = (uint32_t)val;
    if (region == R_CONFIG) {
        if (off == CFG_SCRATCH)
            t->cfg_scratch = v;
        return;
    }
    if (region == R_IO) {
        if (off == 0)
            t->io_scratch = v;
        return;
    }
    switch (off) {
    case SRC:     t->src = v; break;
    case DST:     t->dst = v; break;
    case LEN:     t->len = v; break;
    case STATUS:  t->status &= ~v; break;
    case SCRATCH: t->scratch = v; break;
    case CMD:
        switch (v) {
        case 1: copy(t); break;
        case 2: ww_pci_set_irq(c, 1); break;
        case 3: ww_pci_set_irq(c, 0); break;
        case 4: ww_pci_msi_notify(c, 0); break;
        default: ww_chip_guest_error(c, "unknown command %u", v); break;
        }
        break;
    default:
        ww_chip_unimp(c, "write", region, off);
    }
}

static const ww_region_desc testpci_regions[] = {
    [R_CONFIG] = { "config", 256, 1, 4, WW_LITTLE_ENDIAN, WW_REGION_PCI_CONFIG,
                   "configuration space" },
    [R_MMIO]   = { "mmio", 0x100, 4, 4, WW_LITTLE_ENDIAN, 0, "command registers" },
    [R_IO]     = { "io", 0x20, 4, 4, WW_LITTLE_ENDIAN, 0, "I/O scratch" },
    [R__COUNT] = { 0 }
};

static const ww_pci_desc testpci_pci = {
    .offset = offsetof(testpci_t, pci),
    .vendor = 0x1234, .device = 0x5678, .revision = 2, .class_code = 0xff0000,
    .int_pin = 1,
    .bars = {
        [0] = { WW_BAR_MEM32, 0x1000, R_MMIO, false, "registers" },
        [1] = { WW_BAR_IO, 0x20, R_IO, false, "I/O scratch" },
        [2] = { WW_BAR_MEM64, 0x10000, R_MMIO, true, "the registers again, 64-bit" },
    },
    .msi_offset = 0x50, .msi_vectors = 1,
};

static const ww_port_desc testpci_ports[] = {
    [PORT_INTX] = { "intx", WW_PORT_OUT, 1, 0, offsetof(testpci_t, pci.intx), "INTA#" },
    [PORT__COUNT] = { 0 }
};

static const ww_bus_desc testpci_buses[] = {
    [BUS_DMA] = { "dma", "bus-master transfers (bound by <pci> to the bus's dma space)", 32,
                  WW_LITTLE_ENDIAN, WW_UNMAPPED_BUS_ERROR, 0 },
    [BUS__COUNT] = { 0 }
};

static const ww_chip_class testpci_class = {
    .type = "wwtestpci",
    .summary = "test-only PCI function: BARs, DMA copy, INTx, MSI",
    .size = sizeof(testpci_t),
    .version = 1,
    .regions = testpci_regions,
    .regs = testpci_regs,
    .ports = testpci_ports,
    .buses = testpci_buses,
    .pci = &testpci_pci,
    .read = testpci_read,
    .write = testpci_write,
};
WW_CHIP_REGISTER(testpci_class)
