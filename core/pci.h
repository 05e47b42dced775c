/* core/pci.h — PCI services for chips (DESIGN.md §3a, §6).
 *
 * A PCI function is a chip whose class points at a ww_pci_desc: its identity,
 * BARs and capabilities are data. The chip embeds a ww_pci_function (at
 * desc->offset) and declares one region with WW_REGION_PCI_CONFIG; the core
 * then implements the standard configuration header (PCI Local Bus
 * Specification 3.0 §6.1–6.2: IDs, command, status, BARs with the sizing
 * protocol of §6.2.5.1, expansion ROM, interrupt line/pin) and the MSI
 * capability (§6.8.1), and forwards every other configuration offset to the
 * chip's read/write on that region. Mapping follows the guest: when a BAR or
 * the command register changes, the core places or hides the BAR's window in
 * the bus's memory or I/O space.
 *
 * A PCI bus (<pcibus id=… mem=… io=… dma=…/>) owns a configuration space
 * "ID.cfg" addressed like ECAM (bus << 20 | device << 15 | function << 12 |
 * register); <pci chip=… slot=… function=…/> maps a function there. Host
 * bridges reach it through a bus-master port aliased to it (CF8/CFC, an ECAM
 * window). Interrupt routing (INTx) is wires in XML; MSI is a memory write
 * through the function's "dma" port. */
#ifndef WW_PCI_H
#define WW_PCI_H
#include "core/chip.h"
#include "core/space.h"

typedef enum { WW_BAR_UNUSED = 0, WW_BAR_MEM32, WW_BAR_MEM64, WW_BAR_IO } ww_bar_kind;

typedef struct ww_pci_bar_desc {
    ww_bar_kind kind;
    uint64_t size;        /* a power of two: ≥ 16 (memory), ≥ 4 (I/O) */
    uint8_t region;       /* the chip region the BAR decodes */
    bool prefetch;
    const char *doc;
} ww_pci_bar_desc;

/* Command register bits (§6.2.2). */
enum {
    WW_PCI_CMD_IO = 1u << 0, WW_PCI_CMD_MEM = 1u << 1, WW_PCI_CMD_MASTER = 1u << 2,
    WW_PCI_CMD_PERR = 1u << 6, WW_PCI_CMD_SERR = 1u << 8, WW_PCI_CMD_INTX_DISABLE = 1u << 10,
};
/* Status register bits (§6.2.3). */
enum {
    WW_PCI_STS_INTERRUPT = 1u << 3, WW_PCI_STS_CAPLIST = 1u << 4,
    WW_PCI_STS_W1C = 0xf900,   /* parity, target/master aborts, SERR: write 1 to clear */
};

typedef struct ww_pci_desc {
    size_t offset;             /* the ww_pci_function in the instance struct */
    uint16_t vendor, device;
    uint8_t revision;
    uint32_t class_code;       /* base class << 16 | subclass << 8 | prog-if */
    uint16_t subsys_vendor, subsys;
    uint8_t header_type;       /* 0 device, 1 PCI-PCI bridge (bit 7 is set by placement
                                  when the slot has other functions, or by multifunction) */
    bool multifunction;
    uint8_t int_pin;           /* 0 none, 1 INTA# … 4 INTD# */
    ww_pci_bar_desc bars[6];   /* a MEM64 BAR uses the next slot for its high half */
    ww_pci_bar_desc rom;       /* expansion ROM BAR (kind MEM32), size 0: none */
    uint8_t msi_offset;        /* MSI capability here (0x40..0xF0), 0: none */
    uint8_t msi_vectors;       /* vectors the function asks for: 1, 2, 4 … 32 */
    uint8_t cap_next;          /* first capability of the chip's own list (0: none) */
    uint16_t config_size;      /* 256 (PCI, default) or 4096 (PCI Express) */
    uint16_t command_mask;     /* writable command bits (0: IO MEM MASTER PERR SERR INTX) */
    uint16_t status_init;      /* RO status bits (66 MHz, fast back-to-back, DEVSEL) */
    /* Called after the core placed or hid the BAR windows (a BAR or the
     * command register was written, placement, reset, state load), so the
     * chip can move what it maps itself relative to them: a RAM window over
     * part of a BAR (a framebuffer on the CPU's fast path), legacy decode that
     * follows the command register (VGA). May be NULL. */
    void (*remap)(ww_chip *chip);
    /* One class, several PCI identities (variants of a chip family): the
     * descriptor this instance answers with, chosen from its properties, or
     * NULL for this one. The alternatives keep `offset`, `remap` and the
     * configuration region; the core asks whenever it needs the descriptor. */
    const struct ww_pci_desc *(*variant)(ww_chip *chip);
} ww_pci_desc;

typedef struct ww_pci_bus ww_pci_bus;

typedef struct ww_pci_function {
    /* state (described by ww_pci_function_record; reset by the core) */
    uint16_t command, status;
    uint32_t bar[6];
    uint32_t rom_bar;
    uint8_t cache_line, latency, int_line;
    uint8_t int_level;         /* INTx as the chip asserts it (before INTx disable) */
    uint16_t msi_ctl;
    uint32_t msi_addr, msi_addr_hi;
    uint16_t msi_data;
    /* placement and host objects (not state) */
    ww_pci_bus *bus;
    uint8_t busnr, devfn;
    bool placed;
    bool multi;                /* other functions share the slot */
    ww_window *win[7];         /* BAR 0-5, ROM */
    ww_line intx;              /* the chip's INTx output port points here */
} ww_pci_function;

extern const ww_record_desc ww_pci_function_record;
/* The standard header registers, for docs and dumps (storage relative to
 * ww_pci_function; computed ones read from the descriptor). */
extern const ww_reg_desc ww_pci_header_regs[];

ww_pci_function *ww_pci_fn(ww_chip *chip);
/* The PCI descriptor of this instance (its class's, or the variant's). */
const ww_pci_desc *ww_pci_desc_of(ww_chip *chip);
/* Called by core/chip.c. */
void ww_pci_function_init(ww_chip *chip);
void ww_pci_function_reset(ww_chip *chip);
void ww_pci_function_free(ww_chip *chip);
void ww_pci_dump(ww_chip *chip, GString *out);
/* Called by core/space.c for a WW_REGION_PCI_CONFIG region. */
uint64_t ww_pci_config_read(ww_chip *chip, uint64_t off, unsigned size, ww_access how);
void ww_pci_config_write(ww_chip *chip, uint64_t off, uint64_t val, unsigned size);
/* Recompute BAR windows and INTx after a state load. */
void ww_pci_function_post_load(ww_chip *chip);

/* ---- for chips ---------------------------------------------------------- */
/* Level of the function's INTx pin as the device asserts it. */
void ww_pci_set_irq(ww_chip *chip, int level);
/* Signal message `vector` by MSI if the guest enabled it (returns true), else
 * nothing (the caller uses INTx). */
bool ww_pci_msi_notify(ww_chip *chip, unsigned vector);
bool ww_pci_msi_enabled(ww_chip *chip);
/* Bus master enable: a function must not DMA while it is clear. */
bool ww_pci_master_enabled(ww_chip *chip);

/* ---- buses and placement --------------------------------------------------- */
ww_pci_bus *ww_pci_bus_new(const char *id, ww_space *cfg, ww_space *mem, ww_space *io,
                           ww_space *dma);
void ww_pci_bus_free(ww_pci_bus *b);
const char *ww_pci_bus_id(const ww_pci_bus *b);
ww_space *ww_pci_bus_dma(const ww_pci_bus *b);
/* ECAM address of a function's configuration space. */
static inline uint64_t ww_pci_ecam(unsigned bus, unsigned slot, unsigned fn)
{
    return (uint64_t)bus << 20 | (uint64_t)slot << 15 | (uint64_t)fn << 12;
}
#define WW_PCI_CFG_BITS 28   /* 256 buses × 32 devices × 8 functions × 4 KiB */
bool ww_pci_place(ww_pci_bus *b, ww_chip *chip, unsigned bus, unsigned slot, unsigned fn,
                  GError **err);

#endif
