/* chips/interrupt/ioapic.c — Intel 82093AA I/O APIC, and the ICH9's (version 0x20).
 *
 * Source: Intel 82093AA I/O Advanced Programmable Interrupt Controller
 * (IOAPIC) datasheet, order 290566-001: §3.0 "Register Description" (Table 1
 * memory-mapped registers IOREGSEL at 00h and IOWIN at 10h; Table 2 the
 * indirect registers), §3.1 IOREGSEL, §3.2 IOWIN, §3.2.1 IOAPICID, §3.2.2
 * IOAPICVER, §3.2.3 IOAPICARB, §3.2.4 IOREDTBL[23:0] (vector, delivery mode,
 * destination mode, delivery status, polarity, remote IRR, trigger, mask,
 * destination). Intel ICH9 datasheet (316972), the LPC bridge's APIC registers:
 * version 20h and the EOI register at 40h (a write of a vector clears the
 * remote IRR of the entries that carry it); interrupts leave as front-side-bus
 * messages. QEMU (hw/intc/ioapic.c) is the reference for what the datasheets
 * leave open: version 0x20 by default, 8-bit destinations, a write that makes
 * an entry edge-triggered clears its remote IRR (ioapic_fix_edge_remote_irr;
 * Linux's __eoi_ioapic_pin relies on it for version 0x11 parts).
 *
 *                +-----------+
 *   gsi@0-23 ──→ |  I/O APIC |── msg bus: interrupt messages (chips/interrupt/apic.h)
 *                +-----------+   regions: mmio (IOREGSEL 00h, IOWIN 10h, EOI 40h)
 *                                         eoi  (EOI broadcast from the local APICs)
 *
 * Inputs are levels; a redirection entry's polarity says which level asserts.
 * Edge-triggered entries send one message on each assertion while unmasked;
 * an edge on a masked entry is lost (§3.2.4, "Interrupt Mask"). Level-
 * triggered entries (fixed or lowest priority) send while the input is
 * asserted, the entry unmasked and remote IRR clear, and set remote IRR; an
 * EOI for the entry's vector clears it and the input is looked at again. SMI,
 * NMI, INIT and ExtINT are always sent edge-triggered. A message is a 4-byte
 * write on bus msg (PC: aliased to cpu.mem, where the local APIC's msg
 * region is); the local APIC's EOI broadcast arrives as a 4-byte write of the
 * vector to region eoi. Delivery is synchronous: delivery status reads idle.
 *
 * Variants: "ich9" (version 0x00170020, EOI register) and "82093aa"
 * (0x00170011, no EOI register). Not modelled: the 82093AA's IRQ pin
 * assertion register (20h), APIC serial bus arbitration (IOAPICARB reads the
 * ID it is loaded from), the 4-bit physical destination of the original APIC
 * bus (destinations are 8 bits, xAPIC).
 * Test: tests/chips/interrupt/ioapic.c
 */
#include "core/chip.h"
#include "core/space.h"
#include "chips/interrupt/apic.h"

#define NPINS 24

typedef struct {
    ww_chip chip;
    /* properties */
    uint32_t variant;     /* 0 ich9, 1 82093aa */
    uint32_t id_prop;
    /* registers (storage; the table below) */
    uint32_t ioregsel;
    uint32_t id;
    uint64_t redtbl[NPINS];
    /* internal state */
    uint32_t pins;        /* input levels, bit n = gsi n */
} ioapic_t;

enum { VARIANT_ICH9, VARIANT_82093AA };
/* Memory-mapped registers (Table 1; ICH9 EOI). */
enum { IOREGSEL = 0x00, IOWIN = 0x10, EOIR = 0x40 };
/* Indirect registers (Table 2). */
enum { IOAPICID = 0x00, IOAPICVER = 0x01, IOAPICARB = 0x02, IOREDTBL = 0x10 };
enum { R_MMIO, R_EOI, R__COUNT };
enum { REG_IOREGSEL, REG_IOWIN, REG_EOIR, REG_EOI, REG_ID, REG_VER, REG_ARB, REG_REDTBL,
       REG__COUNT };
enum { PORT_GSI, PORT__COUNT };
enum { BUS_MSG, BUS__COUNT };

/* Fields (§3.2.x). */
enum { ID_APIC_ID = 0x0F000000u };
enum { VER_VERSION = 0xFFu, VER_MRE = 0xFF0000u };
#define RTE_VECTOR   0x00000000000000FFull
#define RTE_DELMOD   0x0000000000000700ull
#define RTE_DESTMOD  0x0000000000000800ull
#define RTE_DELIVS   0x0000000000001000ull
#define RTE_INTPOL   0x0000000000002000ull
#define RTE_REMOTE_IRR 0x0000000000004000ull
#define RTE_TRIGGER  0x0000000000008000ull
#define RTE_MASK     0x0000000000010000ull
#define RTE_DEST     0xFF00000000000000ull
#define RTE_WRITABLE (RTE_VECTOR | RTE_DELMOD | RTE_DESTMOD | RTE_INTPOL | RTE_TRIGGER | \
                      RTE_MASK | RTE_DEST)

#define AT(m) WW_AT(ioapic_t, m)

static const ww_field_desc id_fields[] = {
    WW_FIELD(ID_, APIC_ID, "I/O APIC ID"), { 0 }
};
static const ww_field_desc ver_fields[] = {
    WW_FIELD(VER_, VERSION, "0x11 82093AA, 0x20 ICH9"),
    WW_FIELD(VER_, MRE, "maximum redirection entry (23)"), { 0 }
};
static const ww_field_desc rte_fields[] = {
    WW_FIELD_MASK("INTVEC", RTE_VECTOR, "vector"),
    WW_FIELD_MASK("DELMOD", RTE_DELMOD, "0 fixed, 1 lowest, 2 SMI, 4 NMI, 5 INIT, 7 ExtINT"),
    WW_FIELD_MASK("DESTMOD", RTE_DESTMOD, "1 logical"),
    WW_FIELD_MASK("DELIVS", RTE_DELIVS, "send pending (always idle)"),
    WW_FIELD_MASK("INTPOL", RTE_INTPOL, "1 active low"),
    WW_FIELD_MASK("REMOTE_IRR", RTE_REMOTE_IRR, "level interrupt accepted, EOI pending"),
    WW_FIELD_MASK("TRIGGER", RTE_TRIGGER, "1 level"),
    WW_FIELD_MASK("MASK", RTE_MASK, "masked"),
    WW_FIELD_MASK("DEST", RTE_DEST, "destination: APIC ID or logical set"),
    { 0 }
};
static const ww_field_desc sel_fields[] = {
    { "REGADDR", 0, 8, "index of the register IOWIN reaches" }, { 0 }
};

static const ww_reg_desc ioapic_regs[] = {
    /*                name         region  offset    w  flags */
    [REG_IOREGSEL] = { "IOREGSEL", R_MMIO, IOREGSEL, 4, WW_RW, .at = AT(ioregsel), .mask = 0xFF,
                       .fields = sel_fields, .doc = "register select" },
    [REG_IOWIN]    = { "IOWIN",    R_MMIO, IOWIN,    4, WW_REG_SIDE,
                       .doc = "the register IOREGSEL selects" },
    [REG_EOIR]     = { "EOIR",     R_MMIO, EOIR,     4, WW_REG_WO | WW_REG_SIDE,
                       .doc = "ich9: a vector written clears remote IRR of its entries" },
    [REG_EOI]      = { "EOI",      R_EOI,  0,        4, WW_REG_WO | WW_REG_SIDE,
                       .doc = "EOI broadcast from a local APIC: the vector (both variants)" },
    [REG_ID]       = { "IOAPICID", .flags = WW_REG_INTERNAL | WW_REG_CHIP_RESET, .at = AT(id),
                       .mask = ID_APIC_ID, .fields = id_fields,
                       .doc = "index 00h; reset: property apic_id" },
    [REG_VER]      = { "IOAPICVER", .flags = WW_REG_INTERNAL | WW_REG_RO, .width = 4,
                       .fields = ver_fields, .doc = "index 01h" },
    [REG_ARB]      = { "IOAPICARB", .flags = WW_REG_INTERNAL | WW_REG_RO, .width = 4,
                       .fields = id_fields, .doc = "index 02h: arbitration ID (the ID)" },
    [REG_REDTBL]   = { "IOREDTBL", .flags = WW_REG_INTERNAL, .reset = RTE_MASK, .at = AT(redtbl[0]),
                       .mask = RTE_WRITABLE | RTE_REMOTE_IRR, .fields = rte_fields, .count = NPINS,
                       .doc = "redirection entries, index 10h + 2n (low) and 11h + 2n (high)" },
    [REG__COUNT] = { 0 }
};

static const ww_state_desc ioapic_state[] = {
    { "pins", WW_STATE_U32, AT(pins), "input levels (bit n = gsi n)",
      .flags = WW_STATE_CHIP_RESET },
    { 0 }
};

/* ---- delivery ----------------------------------------------------------------- */

static unsigned delmod(uint64_t e) { return (unsigned)((e & RTE_DELMOD) >> 8); }

/* Level semantics apply to fixed and lowest-priority entries only. */
static bool level_entry(uint64_t e)
{
    return (e & RTE_TRIGGER) && (delmod(e) == APIC_DM_FIXED || delmod(e) == APIC_DM_LOWEST);
}

static bool asserted(const ioapic_t *a, unsigned pin)
{
    bool level = (a->pins >> pin) & 1;
    return level != ((a->redtbl[pin] & RTE_INTPOL) != 0);
}

static void send(ioapic_t *a, unsigned pin)
{
    uint64_t e = a->redtbl[pin];
    uint32_t addr = apic_msg_addr((unsigned)(e >> 56), e & RTE_DESTMOD);
    uint32_t data = apic_msg_data((unsigned)(e & RTE_VECTOR), delmod(e), true, level_entry(e));
    ww_chip_trace(&a->chip, "pin %u: message 0x%08x to 0x%08x", pin, data, addr);
    if (a->chip.bus[BUS_MSG])
        ww_space_write(a->chip.bus[BUS_MSG], addr, 4, data);
}

/* A level-triggered entry sends while its input is asserted, unmasked and
 * not waiting for an EOI ("Remote IRR"). */
static void service(ioapic_t *a, unsigned pin)
{
    uint64_t *e = &a->redtbl[pin];
    if ((*e & (RTE_MASK | RTE_REMOTE_IRR)) || !level_entry(*e) || !asserted(a, pin))
        return;
    *e |= RTE_REMOTE_IRR;
    send(a, pin);
}

static void eoi(ioapic_t *a, unsigned vector)
{
    for (unsigned pin = 0; pin < NPINS; pin++) {
        uint64_t *e = &a->redtbl[pin];
        if ((*e & RTE_REMOTE_IRR) && (*e & RTE_VECTOR) == (vector & 0xFF)) {
            *e &= ~RTE_REMOTE_IRR;
            service(a, pin);
        }
    }
}

/* ---- indirect registers ------------------------------------------------------------ */

static uint32_t version(const ioapic_t *a)
{
    return (NPINS - 1) << 16 | (a->variant == VARIANT_82093AA ? 0x11 : 0x20);
}

/* The redirection entry an index reaches: pin, and whether the high half. */
static bool rte_index(uint32_t sel, unsigned *pin, bool *high)
{
    if (sel < IOREDTBL || sel >= IOREDTBL + 2 * NPINS)
        return false;
    *pin = (sel - IOREDTBL) / 2;
    *high = (sel - IOREDTBL) & 1;
    return true;
}

static uint32_t iowin_read(ioapic_t *a, bool peek)
{
    uint32_t sel = a->ioregsel & 0xFF;
    unsigned pin;
    bool high;
    if (rte_index(sel, &pin, &high))
        return high ? (uint32_t)(a->redtbl[pin] >> 32) : (uint32_t)a->redtbl[pin];
    switch (sel) {
    case IOAPICID:  return a->id;
    case IOAPICVER: return version(a);
    case IOAPICARB: return a->id;
    default:
        if (!peek)
            ww_chip_guest_error(&a->chip, "IOWIN read of reserved index 0x%02x", sel);
        return 0;
    }
}

static void iowin_write(ioapic_t *a, uint32_t v)
{
    uint32_t sel = a->ioregsel & 0xFF;
    unsigned pin;
    bool high;
    if (rte_index(sel, &pin, &high)) {
        uint64_t *e = &a->redtbl[pin];
        uint64_t n = high ? (*e & 0xFFFFFFFFull) | (uint64_t)v << 32
                          : (*e & 0xFFFFFFFF00000000ull) | v;
        n = (n & RTE_WRITABLE) | (*e & RTE_REMOTE_IRR);   /* remote IRR, delivery status RO */
        if (!(n & RTE_TRIGGER))
            n &= ~RTE_REMOTE_IRR;   /* edge: no EOI is awaited (QEMU, Linux) */
        *e = n;
        service(a, pin);   /* a level asserted while masked is sent on unmask */
        return;
    }
    switch (sel) {
    case IOAPICID:
        a->id = v & ID_APIC_ID;
        break;
    case IOAPICVER:
    case IOAPICARB:
        break;   /* read-only */
    default:
        ww_chip_guest_error(&a->chip, "IOWIN write of reserved index 0x%02x", sel);
        break;
    }
}

/* ---- access ---------------------------------------------------------------------------- */

static uint64_t ioapic_read(ww_chip *c, unsigned region, uint64_t off, unsigned size,
                            ww_access how)
{
    ioapic_t *a = (ioapic_t *)c;
    bool peek = how == WW_PEEK;
    if (region != R_MMIO)
        return 0;
    switch (off) {
    case IOREGSEL: return a->ioregsel;
    case IOWIN:    return iowin_read(a, peek);
    case EOIR:     return 0;
    default:
        if (!peek)
            ww_chip_unimp(c, "read", region, off);
        return 0;
    }
}

static void ioapic_write(ww_chip *c, unsigned region, uint64_t off, uint64_t val, unsigned size)
{
    ioapic_t *a = (ioapic_t *)c;
    uint32_t v = (uint32_t)val;
    if (region == R_EOI) {
        if (off == 0)
            eoi(a, v & 0xFF);
        return;
    }
    switch (off) {
    case IOREGSEL:
        a->ioregsel = v & 0xFF;
        break;
    case IOWIN:
        iowin_write(a, v);
        break;
    case EOIR:
        if (a->variant == VARIANT_ICH9)
            eoi(a, v & 0xFF);
        else
            ww_chip_unimp(c, "write", region, off);   /* reserved on the 82093AA */
        break;
    default:
        ww_chip_unimp(c, "write", region, off);
        break;
    }
}

static uint64_t ioapic_reg_read(ww_chip *c, const ww_reg_desc *r, unsigned index)
{
    ioapic_t *a = (ioapic_t *)c;
    if (r == &ioapic_regs[REG_VER])
        return version(a);
    return a->id;   /* IOAPICARB */
}

/* ---- inputs ----------------------------------------------------------------------------- */

static void ioapic_signal(ww_chip *c, unsigned port, unsigned index, int level)
{
    ioapic_t *a = (ioapic_t *)c;
    if (port != PORT_GSI || index >= NPINS)
        return;
    bool was = asserted(a, index);
    uint32_t bit = 1u << index;
    a->pins = level ? (a->pins | bit) : (a->pins & ~bit);
    uint64_t e = a->redtbl[index];
    if (level_entry(e))
        service(a, index);
    else if (asserted(a, index) && !was && !(e & RTE_MASK))
        send(a, index);
}

static void ioapic_reset(ww_chip *c, ww_reset_kind kind)
{
    ioapic_t *a = (ioapic_t *)c;
    /* Every entry is masked (§3.2.4); the inputs keep the levels they have. */
    a->id = (a->id_prop & 0xF) << 24;
    for (unsigned i = 0; i < NPINS; i++)
        if (ww_input_level(c, PORT_GSI, i))
            a->pins |= 1u << i;
}

static const char *const ioapic_variants[] = { "ich9", "82093aa", NULL };

static const ww_prop_desc ioapic_props[] = {
    { "variant", WW_PROP_ENUM, AT(variant), "ich9", 0, 0, ioapic_variants, WW_UNIT_NONE,
      "ich9: version 0x20 with the EOI register (QEMU q35); 82093aa: version 0x11" },
    { "apic_id", WW_PROP_UINT, AT(id_prop), "0", 0, 15, NULL, WW_UNIT_NONE,
      "IOAPICID after reset (firmware normally programs it)" },
    { 0 }
};

static const ww_region_desc ioapic_regions[] = {
    [R_MMIO] = { "mmio", 0x1000, 4, 4, WW_LITTLE_ENDIAN, 0,
                 "IOREGSEL 00h, IOWIN 10h, EOI 40h (ich9); 32-bit (PC: 0xFEC00000)" },
    [R_EOI]  = { "eoi", 4, 4, 4, WW_LITTLE_ENDIAN, 0,
                 "EOI messages: a 4-byte write of the vector (map at 0 of lapic.eoi)" },
    [R__COUNT] = { 0 }
};

static const ww_port_desc ioapic_ports[] = {
    [PORT_GSI] = { "gsi", WW_PORT_IN, NPINS, 0, 0,
                   "interrupt inputs 0-23 (levels; INTPOL of the entry says which asserts)" },
    [PORT__COUNT] = { 0 }
};

static const ww_bus_desc ioapic_buses[] = {
    [BUS_MSG] = { "msg", "interrupt messages out: 4-byte writes at 0xFEExxxxx (PC: alias to "
                         "cpu.mem)", 32, WW_LITTLE_ENDIAN, WW_UNMAPPED_OPEN_BUS, 0xFFFFFFFF },
    [BUS__COUNT] = { 0 }
};

static const ww_chip_class ioapic_class = {
    .type = "ioapic",
    .summary = "Intel 82093AA / ICH9 I/O APIC (24 inputs)",
    .doc = "Intel 82093AA datasheet (290566): IOREGSEL/IOWIN, ID, version, arbitration, 24 "
           "redirection entries with edge/level triggering, polarity, remote IRR and EOI, "
           "masking; ICH9 EOI register. Interrupts leave as APIC messages on bus msg.",
    .size = sizeof(ioapic_t),
    .version = 1,
    .props = ioapic_props,
    .regions = ioapic_regions,
    .regs = ioapic_regs,
    .state = ioapic_state,
    .ports = ioapic_ports,
    .buses = ioapic_buses,
    .reset = ioapic_reset,
    .read = ioapic_read,
    .write = ioapic_write,
    .signal = ioapic_signal,
    .reg_read = ioapic_reg_read,
};
WW_CHIP_REGISTER(ioapic_class)
