/* core/pci.c — the PCI configuration header, BAR windows, INTx and MSI for
 * every chip with a ww_pci_desc (core/pci.h).
 *
 * Source: PCI Local Bus Specification rev. 3.0, §6.1 (configuration space
 * organization), §6.2.2 command, §6.2.3 status, §6.2.5.1 base address
 * registers ("write all ones, read back the size mask"), §6.2.5.2 expansion
 * ROM BAR, §6.2.4 interrupt line/pin, §6.7 capabilities list, §6.8.1 MSI.
 * A BAR at address 0 or one that wraps past 4 GiB decodes nothing (as QEMU's
 * pci_bar_address treats it: firmware moves BARs through such values while
 * sizing them). */
#include "core/pci.h"
#include "core/dma.h"
#include <string.h>

struct ww_pci_bus {
    char *id;
    ww_space *cfg, *mem, *io, *dma;
    GHashTable *fns;   /* bus << 8 | devfn → ww_chip* */
};

#define F(m) WW_AT(ww_pci_function, m)
static const ww_state_desc pci_fn_state[] = {
    { "command",    WW_STATE_U16, F(command) },
    { "status",     WW_STATE_U16, F(status), "write-1-to-clear error bits" },
    { "bar",        WW_STATE_U32, F(bar), "address bits as programmed" },
    { "rom_bar",    WW_STATE_U32, F(rom_bar) },
    { "cache_line", WW_STATE_U8,  F(cache_line) },
    { "latency",    WW_STATE_U8,  F(latency) },
    { "int_line",   WW_STATE_U8,  F(int_line) },
    { "int_level",  WW_STATE_U8,  F(int_level), "INTx as the function asserts it" },
    { "msi_ctl",    WW_STATE_U16, F(msi_ctl) },
    { "msi_addr",   WW_STATE_U32, F(msi_addr) },
    { "msi_addr_hi", WW_STATE_U32, F(msi_addr_hi) },
    { "msi_data",   WW_STATE_U16, F(msi_data) },
    { 0 }
};
#undef F
const ww_record_desc ww_pci_function_record = { "pci", sizeof(ww_pci_function), pci_fn_state };

/* Header offsets (type 0, §6.1 Figure 6-1). */
enum {
    VENDOR = 0x00, DEVICE = 0x02, COMMAND = 0x04, STATUS = 0x06, REVISION = 0x08,
    CLASS = 0x09, CACHE_LINE = 0x0c, LATENCY = 0x0d, HEADER_TYPE = 0x0e, BIST = 0x0f,
    BAR0 = 0x10, SUBSYS_VENDOR = 0x2c, SUBSYS = 0x2e, ROM = 0x30, CAP_PTR = 0x34,
    INT_LINE = 0x3c, INT_PIN = 0x3d, HEADER_END = 0x40,
    ROM_BRIDGE = 0x38,
};
enum { MSI_CAP_ID = 0x05, MSI_CTL = 2, MSI_ADDR = 4, MSI_ADDR_HI = 8, MSI_DATA = 12, MSI_LEN = 14 };
enum { MSI_ENABLE = 0x0001, MSI_MME = 0x0070, MSI_64BIT = 0x0080 };

static const ww_field_desc command_fields[] = {
    { "IO", 0, 1, "I/O space decode" }, { "MEM", 1, 1, "memory space decode" },
    { "MASTER", 2, 1, "bus master (DMA) enable" }, { "PERR", 6, 1, "parity error response" },
    { "SERR", 8, 1, "SERR# enable" }, { "INTX_DIS", 10, 1, "INTx disable" }, { 0 }
};
static const ww_field_desc status_fields[] = {
    { "INT", 3, 1, "INTx asserted" }, { "CAP", 4, 1, "capabilities list" },
    { "MDPE", 8, 1, "master data parity error" }, { "STA", 11, 1, "signaled target abort" },
    { "RTA", 12, 1, "received target abort" }, { "RMA", 13, 1, "received master abort" },
    { "SSE", 14, 1, "signaled system error" }, { "DPE", 15, 1, "detected parity error" }, { 0 }
};
static const ww_field_desc msi_ctl_fields[] = {
    { "EN", 0, 1, "MSI enable" }, { "MMC", 1, 3, "multiple message capable (log2)" },
    { "MME", 4, 3, "multiple message enable (log2)" }, { "64", 7, 1, "64-bit address" }, { 0 }
};

const ww_reg_desc ww_pci_header_regs[] = {
    /* name          region off          w  flags */
    { "VENDOR_ID",   0, VENDOR,          2, WW_REG_RO, .doc = "from the descriptor" },
    { "DEVICE_ID",   0, DEVICE,          2, WW_REG_RO },
    { "COMMAND",     0, COMMAND,         2, WW_REG_SIDE, .fields = command_fields,
      .doc = "IO/MEM enable place the BAR windows" },
    { "STATUS",      0, STATUS,          2, WW_REG_W1C, .fields = status_fields },
    { "REVISION",    0, REVISION,        1, WW_REG_RO },
    { "CLASS",       0, CLASS,           3, WW_REG_RO, .doc = "base class, subclass, prog-if" },
    { "CACHE_LINE",  0, CACHE_LINE,      1, WW_RW },
    { "LATENCY",     0, LATENCY,         1, WW_RW },
    { "HEADER_TYPE", 0, HEADER_TYPE,     1, WW_REG_RO, .doc = "bit 7: multi-function" },
    { "BAR",         0, BAR0,            4, WW_REG_SIDE, .count = 6,
      .doc = "write all ones to read the size mask; moves the window" },
    { "SUBSYS_VENDOR", 0, SUBSYS_VENDOR, 2, WW_REG_RO },
    { "SUBSYS_ID",   0, SUBSYS,          2, WW_REG_RO },
    { "ROM_BAR",     0, ROM,             4, WW_REG_SIDE, .doc = "expansion ROM, bit 0 enable" },
    { "CAP_PTR",     0, CAP_PTR,         1, WW_REG_RO },
    { "INT_LINE",    0, INT_LINE,        1, WW_RW, .doc = "for software only" },
    { "INT_PIN",     0, INT_PIN,         1, WW_REG_RO, .doc = "1 INTA# … 4 INTD#" },
    { 0 }
};

static const ww_reg_desc msi_regs[] = {
    { "MSI_CTL",     0, MSI_CTL,     2, WW_REG_SIDE, .fields = msi_ctl_fields },
    { "MSI_ADDR",    0, MSI_ADDR,    4, WW_RW },
    { "MSI_ADDR_HI", 0, MSI_ADDR_HI, 4, WW_RW },
    { "MSI_DATA",    0, MSI_DATA,    2, WW_RW },
    { 0 }
};

ww_pci_function *ww_pci_fn(ww_chip *chip)
{
    return (ww_pci_function *)((uint8_t *)chip + chip->cls->pci->offset);
}

const ww_pci_desc *ww_pci_desc_of(ww_chip *chip)
{
    const ww_pci_desc *d = chip->cls->pci;
    const ww_pci_desc *v = d->variant ? d->variant(chip) : NULL;
    return v ? v : d;
}

static int config_region(const ww_chip_class *cls)
{
    int i = 0;
    for (const ww_region_desc *r = cls->regions; r && r->name; r++, i++)
        if (r->flags & WW_REGION_PCI_CONFIG)
            return i;
    return -1;
}

static bool is_bridge(const ww_pci_desc *d)
{
    return (d->header_type & 0x7f) == 1;
}

static unsigned nbars(const ww_pci_desc *d)
{
    return is_bridge(d) ? 2 : 6;
}

/* The BAR slot i is the high half of a 64-bit BAR. */
static bool high_half(const ww_pci_desc *d, unsigned i)
{
    return i > 0 && d->bars[i - 1].kind == WW_BAR_MEM64;
}

static uint32_t bar_low_bits(const ww_pci_bar_desc *b)
{
    switch (b->kind) {
    case WW_BAR_IO:    return 0x1;
    case WW_BAR_MEM64: return 0x4 | (b->prefetch ? 0x8 : 0);
    case WW_BAR_MEM32: return b->prefetch ? 0x8 : 0;
    default:           return 0;
    }
}

/* Bits of a BAR slot that software can write. */
static uint32_t bar_mask(const ww_pci_desc *d, unsigned i)
{
    if (high_half(d, i))
        return (uint32_t)~((d->bars[i - 1].size - 1) >> 32);
    const ww_pci_bar_desc *b = &d->bars[i];
    if (b->kind == WW_BAR_UNUSED || !b->size)
        return 0;
    uint32_t low = b->kind == WW_BAR_IO ? 0x3 : 0xf;
    return (uint32_t)~(b->size - 1) & ~low;
}

static uint64_t bar_addr(const ww_pci_desc *d, const ww_pci_function *f, unsigned i)
{
    uint64_t a = f->bar[i] & bar_mask(d, i);
    if (d->bars[i].kind == WW_BAR_MEM64 && i + 1 < 6)
        a |= (uint64_t)(f->bar[i + 1] & bar_mask(d, i + 1)) << 32;
    return a;
}

static unsigned rom_offset(const ww_pci_desc *d)
{
    return is_bridge(d) ? ROM_BRIDGE : ROM;
}

static uint32_t rom_mask(const ww_pci_desc *d)
{
    return d->rom.size ? ((uint32_t)~(d->rom.size - 1) & 0xfffff800u) | 1 : 0;
}

/* ---- windows ------------------------------------------------------------------ */

static void place(ww_pci_function *f, unsigned w, bool on, uint64_t addr, uint64_t size,
                  bool io)
{
    if (!f->win[w])
        return;
    uint64_t last = addr + size - 1;
    /* Address 0 and ranges that wrap decode nothing (firmware passes through
     * them while sizing); 32-bit BARs cannot reach past 4 GiB. */
    if (!on || !addr || last < addr || (io && last > 0xffffffffu))
        ww_window_hide(f->win[w]);
    else
        ww_window_place(f->win[w], addr, size);
}

static void update_windows(ww_chip *chip)
{
    const ww_pci_desc *d = ww_pci_desc_of(chip);
    ww_pci_function *f = ww_pci_fn(chip);
    for (unsigned i = 0; i < nbars(d); i++) {
        const ww_pci_bar_desc *b = &d->bars[i];
        if (b->kind == WW_BAR_UNUSED || high_half(d, i))
            continue;
        bool io = b->kind == WW_BAR_IO;
        bool on = f->command & (io ? WW_PCI_CMD_IO : WW_PCI_CMD_MEM);
        uint64_t a = bar_addr(d, f, i);
        if (b->kind == WW_BAR_MEM32 && a + b->size - 1 > 0xffffffffu)
            on = false;
        place(f, i, on, a, b->size, false);
    }
    if (d->rom.size)
        place(f, 6, (f->command & WW_PCI_CMD_MEM) && (f->rom_bar & 1),
              f->rom_bar & rom_mask(d) & ~1u, d->rom.size, false);
    if (d->remap)
        d->remap(chip);
}

static void update_intx(ww_chip *chip)
{
    ww_pci_function *f = ww_pci_fn(chip);
    ww_line_set(&f->intx, f->int_level && !(f->command & WW_PCI_CMD_INTX_DISABLE));
}

/* ---- the header ---------------------------------------------------------------- */

static uint8_t cap_ptr(const ww_pci_desc *d)
{
    return d->msi_offset ? d->msi_offset : d->cap_next;
}

static bool in_msi(const ww_pci_desc *d, unsigned off)
{
    return d->msi_offset && off >= d->msi_offset && off < (unsigned)d->msi_offset + MSI_LEN;
}

/* Offsets the core answers; everything else belongs to the chip. Bridges
 * (type 1) keep their bus numbers, windows and bridge control (0x18-0x3F
 * but for the capability pointer, ROM BAR and interrupt registers). */
static bool core_offset(const ww_pci_desc *d, unsigned off)
{
    if (in_msi(d, off))
        return true;
    if (off >= HEADER_END)
        return false;
    if (is_bridge(d) && off >= 0x18)
        return off == CAP_PTR || (off >= ROM_BRIDGE && off < ROM_BRIDGE + 4) ||
               off == INT_LINE || off == INT_PIN;
    return true;
}

static uint16_t msi_ctl_value(const ww_pci_desc *d, const ww_pci_function *f)
{
    unsigned mmc = 0;
    while ((1u << mmc) < d->msi_vectors && mmc < 5)
        mmc++;
    return (uint16_t)((f->msi_ctl & (MSI_ENABLE | MSI_MME)) | mmc << 1 | MSI_64BIT);
}

static uint32_t header_dword(ww_chip *chip, unsigned off)
{
    const ww_pci_desc *d = ww_pci_desc_of(chip);
    ww_pci_function *f = ww_pci_fn(chip);
    if (in_msi(d, off)) {
        switch (off - d->msi_offset) {
        case 0:           return MSI_CAP_ID | (uint32_t)d->cap_next << 8 |
                                 (uint32_t)msi_ctl_value(d, f) << 16;
        case MSI_ADDR:    return f->msi_addr;
        case MSI_ADDR_HI: return f->msi_addr_hi;
        case MSI_DATA:    return f->msi_data;
        default:          return 0;
        }
    }
    switch (off) {
    case VENDOR:  return d->vendor | (uint32_t)d->device << 16;
    case COMMAND: {
        uint16_t st = (uint16_t)(f->status | d->status_init |
                                 (cap_ptr(d) ? WW_PCI_STS_CAPLIST : 0) |
                                 (f->int_level ? WW_PCI_STS_INTERRUPT : 0));
        return f->command | (uint32_t)st << 16;
    }
    case REVISION:   return d->revision | d->class_code << 8;
    case CACHE_LINE: {
        bool mf = d->multifunction || f->multi;
        return f->cache_line | (uint32_t)f->latency << 8 |
               (uint32_t)(d->header_type | (mf ? 0x80 : 0)) << 16;
    }
    case CAP_PTR:    return cap_ptr(d);
    case INT_LINE:   return f->int_line | (uint32_t)d->int_pin << 8;
    default: break;
    }
    if (off >= BAR0 && off < BAR0 + 4 * nbars(d)) {
        unsigned i = (off - BAR0) / 4;
        if (high_half(d, i))
            return f->bar[i] & bar_mask(d, i);
        return d->bars[i].kind == WW_BAR_UNUSED ? 0
             : (f->bar[i] & bar_mask(d, i)) | bar_low_bits(&d->bars[i]);
    }
    if (off == SUBSYS_VENDOR && !is_bridge(d))
        return d->subsys_vendor | (uint32_t)d->subsys << 16;
    if (off == rom_offset(d))
        return f->rom_bar & rom_mask(d);
    return 0;
}

static uint8_t header_byte(ww_chip *chip, unsigned off)
{
    const ww_pci_desc *d = ww_pci_desc_of(chip);
    unsigned base = off & ~3u;
    if (in_msi(d, off))   /* the capability need not be dword aligned */
        base = d->msi_offset + ((off - d->msi_offset) & ~3u);
    return (uint8_t)(header_dword(chip, base) >> (8 * (off - base)));
}

static void set_byte32(uint32_t *v, unsigned k, uint8_t b)
{
    *v = (*v & ~(0xffu << (8 * k))) | (uint32_t)b << (8 * k);
}

static void header_write_byte(ww_chip *chip, unsigned off, uint8_t b)
{
    const ww_pci_desc *d = ww_pci_desc_of(chip);
    ww_pci_function *f = ww_pci_fn(chip);
    if (in_msi(d, off)) {
        unsigned r = off - d->msi_offset;
        if (r == MSI_CTL) {
            f->msi_ctl = (uint16_t)((f->msi_ctl & 0xff00) | b);
        } else if (r >= MSI_ADDR && r < MSI_ADDR + 4) {
            set_byte32(&f->msi_addr, r - MSI_ADDR, b);
            f->msi_addr &= ~3u;   /* dword aligned (§6.8.1.4) */
        } else if (r >= MSI_ADDR_HI && r < MSI_ADDR_HI + 4) {
            set_byte32(&f->msi_addr_hi, r - MSI_ADDR_HI, b);
        } else if (r == MSI_DATA || r == MSI_DATA + 1) {
            uint32_t v = f->msi_data;
            set_byte32(&v, r - MSI_DATA, b);
            f->msi_data = (uint16_t)v;
        }
        return;
    }
    uint16_t cmask = d->command_mask ? d->command_mask
                   : WW_PCI_CMD_IO | WW_PCI_CMD_MEM | WW_PCI_CMD_MASTER | WW_PCI_CMD_PERR |
                     WW_PCI_CMD_SERR | WW_PCI_CMD_INTX_DISABLE;
    switch (off) {
    case COMMAND:
        f->command = (uint16_t)(((f->command & 0xff00) | b) & cmask);
        return;
    case COMMAND + 1:
        f->command = (uint16_t)(((f->command & 0x00ff) | b << 8) & cmask);
        return;
    case STATUS:
    case STATUS + 1:
        f->status &= (uint16_t)~((b << (8 * (off - STATUS))) & WW_PCI_STS_W1C);
        return;
    case CACHE_LINE: f->cache_line = b; return;
    case LATENCY:    f->latency = b; return;
    case INT_LINE:   f->int_line = b; return;
    default: break;
    }
    if (off >= BAR0 && off < BAR0 + 4 * nbars(d)) {
        unsigned i = (off - BAR0) / 4;
        set_byte32(&f->bar[i], (off - BAR0) % 4, b);
        f->bar[i] &= bar_mask(d, i);
        return;
    }
    unsigned ro = rom_offset(d);
    if (off >= ro && off < ro + 4) {
        set_byte32(&f->rom_bar, off - ro, b);
        f->rom_bar &= rom_mask(d);
    }
}

uint64_t ww_pci_config_read(ww_chip *chip, uint64_t off, unsigned size, ww_access how)
{
    const ww_pci_desc *d = ww_pci_desc_of(chip);
    bool any_core = false, all_core = true;
    for (unsigned i = 0; i < size; i++) {
        bool c = core_offset(d, (unsigned)(off + i));
        any_core |= c;
        all_core &= c;
    }
    int region = config_region(chip->cls);
    if (!any_core)
        return chip->cls->read ? chip->cls->read(chip, (unsigned)region, off, size, how) : 0;
    uint64_t v = 0;
    for (unsigned i = 0; i < size; i++) {
        unsigned o = (unsigned)(off + i);
        uint64_t b = core_offset(d, o) ? header_byte(chip, o)
                   : (chip->cls->read ? chip->cls->read(chip, (unsigned)region, o, 1, how) & 0xff : 0);
        v |= b << (8 * i);
    }
    (void)all_core;
    return v;
}

void ww_pci_config_write(ww_chip *chip, uint64_t off, uint64_t val, unsigned size)
{
    const ww_pci_desc *d = ww_pci_desc_of(chip);
    bool any_core = false;
    for (unsigned i = 0; i < size; i++)
        any_core |= core_offset(d, (unsigned)(off + i));
    int region = config_region(chip->cls);
    if (!any_core) {
        if (chip->cls->write)
            chip->cls->write(chip, (unsigned)region, off, val, size);
        return;
    }
    for (unsigned i = 0; i < size; i++) {
        unsigned o = (unsigned)(off + i);
        uint8_t b = (uint8_t)(val >> (8 * i));
        if (core_offset(d, o))
            header_write_byte(chip, o, b);
        else if (chip->cls->write)
            chip->cls->write(chip, (unsigned)region, o, b, 1);
    }
    update_windows(chip);
    update_intx(chip);
}

/* ---- lifecycle -------------------------------------------------------------- */

void ww_pci_function_init(ww_chip *chip)
{
    (void)chip;
}

void ww_pci_function_reset(ww_chip *chip)
{
    /* The state walk zeroed command, BARs and MSI: nothing decodes. */
    update_windows(chip);
    update_intx(chip);
}

void ww_pci_function_post_load(ww_chip *chip)
{
    const ww_pci_desc *d = ww_pci_desc_of(chip);
    ww_pci_function *f = ww_pci_fn(chip);
    for (unsigned i = 0; i < 6; i++)
        f->bar[i] &= bar_mask(d, i);
    f->rom_bar &= rom_mask(d);
    update_windows(chip);
    update_intx(chip);
}

void ww_pci_function_free(ww_chip *chip)
{
    ww_pci_function *f = ww_pci_fn(chip);
    for (unsigned i = 0; i < 7; i++)
        if (f->win[i]) {
            ww_window_close(f->win[i]);
            f->win[i] = NULL;
        }
    if (f->bus)
        g_hash_table_remove(f->bus->fns, GUINT_TO_POINTER((guint)f->busnr << 8 | f->devfn));
}

static void dump_regs(ww_chip *chip, const ww_reg_desc *tab, unsigned base, GString *out)
{
    for (const ww_reg_desc *r = tab; r->name; r++)
        for (unsigned i = 0; i < ww_reg_count(r); i++) {
            char name[32];
            ww_reg_name(r, i, name, sizeof name);
            uint64_t v = ww_pci_config_read(chip, base + ww_reg_offset(r, i), ww_reg_width(r),
                                            WW_PEEK);
            g_string_append_printf(out, "  %-13s = 0x%0*" G_GINT64_MODIFIER "x", name,
                                   (int)(2 * ww_reg_width(r)), v);
            for (const ww_field_desc *fd = r->fields; fd && fd->name; fd++)
                g_string_append_printf(out, " %s=%u", fd->name,
                                       (unsigned)((v >> fd->lsb) & ((1u << fd->width) - 1)));
            g_string_append_c(out, '\n');
        }
}

void ww_pci_dump(ww_chip *chip, GString *out)
{
    const ww_pci_desc *d = ww_pci_desc_of(chip);
    ww_pci_function *f = ww_pci_fn(chip);
    if (f->placed)
        g_string_append_printf(out, "  PCI %02x:%02x.%x on %s\n", f->busnr, f->devfn >> 3,
                               f->devfn & 7, f->bus->id);
    dump_regs(chip, ww_pci_header_regs, 0, out);
    if (d->msi_offset)
        dump_regs(chip, msi_regs, d->msi_offset, out);
}

/* ---- for chips -------------------------------------------------------------- */

void ww_pci_set_irq(ww_chip *chip, int level)
{
    ww_pci_fn(chip)->int_level = level != 0;
    update_intx(chip);
}

bool ww_pci_msi_enabled(ww_chip *chip)
{
    return ww_pci_desc_of(chip)->msi_offset && (ww_pci_fn(chip)->msi_ctl & MSI_ENABLE);
}

bool ww_pci_master_enabled(ww_chip *chip)
{
    return ww_pci_fn(chip)->command & WW_PCI_CMD_MASTER;
}

bool ww_pci_msi_notify(ww_chip *chip, unsigned vector)
{
    ww_pci_function *f = ww_pci_fn(chip);
    if (!ww_pci_msi_enabled(chip) || !f->bus || !f->bus->dma)
        return false;
    /* §6.8.1.6: with 2^MME messages enabled the function modifies the low MME
     * bits of the data; an MSI is a memory write, so it needs bus mastering. */
    unsigned n = 1u << ((f->msi_ctl & MSI_MME) >> 4);
    uint32_t data = (f->msi_data & ~(n - 1)) | (vector & (n - 1));
    if (!(f->command & WW_PCI_CMD_MASTER)) {
        ww_chip_guest_error(chip, "MSI with bus mastering disabled: dropped");
        return true;
    }
    uint64_t addr = (uint64_t)f->msi_addr_hi << 32 | f->msi_addr;
    ww_space_write(f->bus->dma, addr, 4, data);
    return true;
}

/* ---- buses -------------------------------------------------------------------- */

ww_pci_bus *ww_pci_bus_new(const char *id, ww_space *cfg, ww_space *mem, ww_space *io,
                           ww_space *dma)
{
    ww_pci_bus *b = g_new0(ww_pci_bus, 1);
    *b = (ww_pci_bus){ g_strdup(id), cfg, mem, io, dma, g_hash_table_new(NULL, NULL) };
    return b;
}

void ww_pci_bus_free(ww_pci_bus *b)
{
    if (!b)
        return;
    g_hash_table_destroy(b->fns);
    g_free(b->id);
    g_free(b);
}

const char *ww_pci_bus_id(const ww_pci_bus *b) { return b->id; }
ww_space *ww_pci_bus_dma(const ww_pci_bus *b) { return b->dma; }

bool ww_pci_place(ww_pci_bus *b, ww_chip *chip, unsigned bus, unsigned slot, unsigned fn,
                  GError **err)
{
    const ww_pci_desc *d = chip->cls->pci ? ww_pci_desc_of(chip) : NULL;
    int region = config_region(chip->cls);
    if (!d || region < 0) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "%s (%s) is not a PCI function; expected a "
                    "chip type with a PCI descriptor", chip->id, chip->cls->type);
        return false;
    }
    if (bus > 255 || slot > 31 || fn > 7) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "PCI %x:%x.%x; expected bus 0-255, slot "
                    "0-31, function 0-7", bus, slot, fn);
        return false;
    }
    ww_pci_function *f = ww_pci_fn(chip);
    if (f->placed) {
        g_set_error(err, WW_ERROR, WW_ERROR_CONFLICT, "%s is already placed at %02x:%02x.%x",
                    chip->id, f->busnr, f->devfn >> 3, f->devfn & 7);
        return false;
    }
    guint key = (guint)bus << 8 | slot << 3 | fn;
    ww_chip *other = g_hash_table_lookup(b->fns, GUINT_TO_POINTER(key));
    if (other) {
        g_set_error(err, WW_ERROR, WW_ERROR_CONFLICT, "PCI %02x:%02x.%x on %s is taken by %s",
                    bus, slot, fn, b->id, other->id);
        return false;
    }
    unsigned size = d->config_size ? d->config_size : 256;
    if (!ww_space_map_chip(b->cfg, chip->id, ww_pci_ecam(bus, slot, fn), size, chip,
                           (unsigned)region, 1, 0, 0, err))
        return false;
    g_hash_table_insert(b->fns, GUINT_TO_POINTER(key), chip);
    /* Header type bit 7: the slot has more than one function (§6.2.1). */
    for (unsigned k = 0; k < 8; k++) {
        ww_chip *o = g_hash_table_lookup(b->fns, GUINT_TO_POINTER((guint)bus << 8 | slot << 3 | k));
        if (o && o != chip) {
            ww_pci_fn(o)->multi = true;
            f->multi = true;
        }
    }
    f->bus = b;
    f->busnr = (uint8_t)bus;
    f->devfn = (uint8_t)(slot << 3 | fn);
    f->placed = true;
    for (unsigned i = 0; i < nbars(d); i++) {
        const ww_pci_bar_desc *bd = &d->bars[i];
        if (bd->kind == WW_BAR_UNUSED || high_half(d, i))
            continue;
        ww_space *s = bd->kind == WW_BAR_IO ? b->io : b->mem;
        if (!s)
            continue;
        char *name = g_strdup_printf("%s.bar%u", chip->id, i);
        f->win[i] = ww_window_open_chip(s, chip, name, chip, bd->region, 0, err);
        g_free(name);
        if (!f->win[i])
            return false;
    }
    if (d->rom.size && b->mem) {
        char *name = g_strdup_printf("%s.rom", chip->id);
        f->win[6] = ww_window_open_chip(b->mem, chip, name, chip, d->rom.region, 0, err);
        g_free(name);
        if (!f->win[6])
            return false;
    }
    int dma = ww_chip_find_bus(chip->cls, "dma");
    if (dma >= 0 && !chip->bus[dma])
        chip->bus[dma] = b->dma;
    update_windows(chip);
    return true;
}
