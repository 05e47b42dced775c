/* chips/interrupt/i8259.c — Intel 8259A Programmable Interrupt Controller.
 *
 * Source: Intel 8259A/8259A-2 datasheet (order 231468): "Interrupt Sequence",
 * "Initialization Command Words" (Figure 6, ICW1–ICW4), "Operation Command
 * Words" (Figure 8, OCW1–OCW3), "Fully Nested Mode", "End of Interrupt",
 * "Automatic Rotation", "Specific Rotation", "Special Mask Mode", "Poll
 * Command", "Reading the 8259A Status", "Edge and Level Triggered Modes",
 * "The Cascade Buffer/Comparator". Ambiguous points were checked against how
 * QEMU (hw/intc/i8259.c) and Bochs (iodev/pic.cc) read the datasheet.
 *
 *           +--------+
 *   ir@0-7 →|        |→ int        io   offset 0/1 = A0 (0x20/0x21, 0xA0/0xA1)
 *           | 8259A  |             iack offset 0   = the INTA cycle (vector)
 *    (cas) ←|        |             cas bus-master port: master reads the
 *           +--------+             slave's vector at address N (IR number)
 *
 * The role (master/slave) is the `variant` property; ICW3 from the guest
 * still says which IR lines carry slaves (master) or the slave's ID.
 * Not modelled: the MCS-80/85 three-byte CALL sequence (uPM = 0 returns the
 * 8086-style vector byte), the BUF/SP-EN pin (buffered mode is stored only).
 * Test: tests/chips/interrupt/i8259.c
 */
#include "core/chip.h"
#include "core/space.h"

typedef struct {
    ww_chip chip;
    uint32_t variant;      /* 0 master, 1 slave */
    /* registers (storage; reset, dump and snapshots come from the table) */
    uint8_t irr, isr, imr;
    uint8_t icw1, icw2, icw3, icw4;
    uint8_t ocw3;          /* SMM (bit 5), RR/RIS (bits 1/0), P (bit 2, one-shot) */
    uint8_t init;          /* 0 ready, 1/2/3 = expecting ICW2/ICW3/ICW4 */
    uint8_t lowest;        /* IR with the lowest priority (rotation state) */
    uint8_t rotate_aeoi;   /* OCW2 "rotate in automatic EOI mode" flip-flop */
    uint8_t ir_level;      /* IR input levels as last signalled */
    ww_line int_out;       /* INT pin */
} i8259_t;

enum { A0_0 = 0, A0_1 = 1 };   /* "io" offsets */
enum { REGION_IO, REGION_IACK, REGION__COUNT };
enum { PORT_IR, PORT_INT, PORT__COUNT };
enum { BUS_CAS, BUS__COUNT };

/* ICW1 (datasheet Figure 6) */
enum { ICW1_IC4 = 0x01, ICW1_SNGL = 0x02, ICW1_ADI = 0x04, ICW1_LTIM = 0x08, ICW1_SEL = 0x10,
       ICW1_A7_A5 = 0xe0 };
enum { ICW2_T7_T3 = 0xf8 };
enum { ICW3_S_ID = 0xff };
/* ICW4 */
enum { ICW4_UPM = 0x01, ICW4_AEOI = 0x02, ICW4_M_S = 0x04, ICW4_BUF = 0x08, ICW4_SFNM = 0x10 };
/* OCW3 (Figure 8) */
enum { OCW3_RIS = 0x01, OCW3_RR = 0x02, OCW3_P = 0x04, OCW3_SEL = 0x08, OCW3_SMM = 0x20,
       OCW3_ESMM = 0x40 };
enum { INIT_STEP = 0x03, LOWEST_L = 0x07 };

#define AT(m) WW_AT(i8259_t, m)

static const ww_field_desc ir_fields[] = {
    { "IR0", 0, 1 }, { "IR1", 1, 1 }, { "IR2", 2, 1 }, { "IR3", 3, 1 },
    { "IR4", 4, 1 }, { "IR5", 5, 1 }, { "IR6", 6, 1 }, { "IR7", 7, 1 },
    { 0 }
};
static const ww_field_desc icw1_fields[] = {
    WW_FIELD(ICW1_, IC4,   "ICW4 needed"),
    WW_FIELD(ICW1_, SNGL,  "single 8259A (no ICW3)"),
    WW_FIELD(ICW1_, ADI,   "call address interval 4 (8080 mode only)"),
    WW_FIELD(ICW1_, LTIM,  "level triggered mode"),
    WW_FIELD(ICW1_, A7_A5, "8080 vector address bits"),
    { 0 }
};
static const ww_field_desc icw2_fields[] = {
    WW_FIELD(ICW2_, T7_T3, "vector base (8086 mode): vector = T7..T3 | IR"),
    { 0 }
};
static const ww_field_desc icw3_fields[] = {
    WW_FIELD(ICW3_, S_ID, "master: bit n = slave on IRn; slave: ID in bits 2..0"),
    { 0 }
};
static const ww_field_desc icw4_fields[] = {
    WW_FIELD_MASK("uPM", ICW4_UPM, "8086/8088 mode (0: MCS-80/85)"),
    WW_FIELD(ICW4_, AEOI, "automatic end of interrupt"),
    WW_FIELD(ICW4_, M_S,  "buffered master (1) / slave (0)"),
    WW_FIELD(ICW4_, BUF,  "buffered mode"),
    WW_FIELD(ICW4_, SFNM, "special fully nested mode"),
    { 0 }
};
static const ww_field_desc ocw3_fields[] = {
    WW_FIELD(OCW3_, RIS, "read ISR (1) or IRR (0) at A0=0"),
    WW_FIELD(OCW3_, RR,  "read register command seen"),
    WW_FIELD(OCW3_, P,   "poll command pending (next A0=0 read)"),
    WW_FIELD(OCW3_, SMM, "special mask mode"),
    { 0 }
};
static const ww_field_desc init_fields[] = {
    WW_FIELD(INIT_, STEP, "0 ready, 1 expect ICW2, 2 expect ICW3, 3 expect ICW4"),
    { 0 }
};
static const ww_field_desc lowest_fields[] = {
    WW_FIELD(LOWEST_, L, "IR with the lowest priority (IR L+1 is highest)"),
    { 0 }
};

#define INTERNAL(name, member, ...) \
    { name, .flags = WW_REG_INTERNAL, .at = AT(member), __VA_ARGS__ }
static const ww_reg_desc i8259_regs[] = {
    /* name        region       off   w  flags */
    { "A0_0",      REGION_IO,   A0_0, 1, WW_REG_RC | WW_REG_SIDE,
      .doc = "read: IRR/ISR per OCW3, or the poll word; write: ICW1, OCW2, OCW3" },
    { "A0_1",      REGION_IO,   A0_1, 1, WW_REG_SIDE, .fields = ir_fields,
      .doc = "read: IMR; write: ICW2–ICW4 during initialization, else OCW1 (IMR)" },
    { "INTA",      REGION_IACK, 0,    1, WW_REG_RO | WW_REG_RC,
      .doc = "interrupt acknowledge: the vector byte (peek shows it without acknowledging)" },
    INTERNAL("IRR",  irr,  .fields = ir_fields, .doc = "interrupt request register"),
    INTERNAL("ISR",  isr,  .fields = ir_fields, .doc = "in-service register"),
    INTERNAL("IMR",  imr,  .fields = ir_fields, .doc = "interrupt mask register (OCW1)"),
    INTERNAL("ICW1", icw1, .fields = icw1_fields),
    INTERNAL("ICW2", icw2, .fields = icw2_fields),
    INTERNAL("ICW3", icw3, .fields = icw3_fields),
    INTERNAL("ICW4", icw4, .mask = 0x1f, .fields = icw4_fields),
    INTERNAL("OCW3", ocw3, .mask = OCW3_RIS | OCW3_RR | OCW3_P | OCW3_SMM, .fields = ocw3_fields, .doc = "read-register, poll and special-mask state"),
    INTERNAL("INIT", init, .mask = INIT_STEP, .fields = init_fields,
             .doc = "initialization sequence state"),
    INTERNAL("LOWEST", lowest, .reset = 0x07, .mask = LOWEST_L, .fields = lowest_fields,
             .doc = "priority rotation"),
    INTERNAL("ROT_AEOI", rotate_aeoi, .doc = "rotate in AEOI mode (OCW2 R=1 SL=0 EOI=0)"),
    { "IR_LEVEL", .flags = WW_REG_INTERNAL | WW_REG_CHIP_RESET, .at = AT(ir_level),
      .fields = ir_fields, .doc = "IR input levels (edge detection; sampled at reset)" },
    { 0 }
};

/* ---- priority resolver ("Fully Nested Mode", "Automatic Rotation") ------- */

static unsigned prio(const i8259_t *p, unsigned ir)
{
    return (ir - p->lowest - 1) & 7;   /* 0 = highest */
}

/* The IR of highest priority in mask, or -1. */
static int highest(const i8259_t *p, uint8_t mask)
{
    for (unsigned k = 0; k < 8; k++) {
        unsigned ir = (p->lowest + 1 + k) & 7;
        if (mask & (1u << ir))
            return (int)ir;
    }
    return -1;
}

static bool is_master(const i8259_t *p)
{
    return p->variant == 0;
}

/* IR lines that carry a slave: master role, cascade mode, per ICW3. */
static uint8_t slave_lines(const i8259_t *p)
{
    if (!is_master(p) || (p->icw1 & ICW1_SNGL))
        return 0;
    return p->icw3;
}

/* The request the resolver would present on INT, or -1. In special mask
 * mode an ISR bit whose level is masked does not inhibit lower levels
 * ("Special Mask Mode"); in special fully nested mode a slave's line may
 * interrupt while the same line is in service ("Special Fully Nested Mode"). */
static int pending_irq(const i8259_t *p)
{
    uint8_t req = p->irr & (uint8_t)~p->imr;
    int r = highest(p, req);
    if (r < 0)
        return -1;
    uint8_t busy = p->isr;
    if (p->ocw3 & OCW3_SMM)
        busy &= (uint8_t)~p->imr;
    int c = highest(p, busy);
    if (c < 0 || prio(p, (unsigned)r) < prio(p, (unsigned)c))
        return r;
    if (r == c && (p->icw4 & ICW4_SFNM) && (slave_lines(p) & (1u << r)))
        return r;
    return -1;
}

static void update_int(i8259_t *p)
{
    ww_line_set(&p->int_out, pending_irq(p) >= 0);
}

/* ---- EOI (OCW2, "End of Interrupt") ---------------------------------------- */

static void eoi_specific(i8259_t *p, unsigned ir, bool rotate)
{
    p->isr &= (uint8_t)~(1u << ir);
    if (rotate)
        p->lowest = (uint8_t)ir;
}

static void eoi_nonspecific(i8259_t *p, bool rotate)
{
    /* "resets the highest ISR bit of those that are set" */
    uint8_t busy = p->isr;
    if (p->ocw3 & OCW3_SMM)
        busy &= (uint8_t)~p->imr;
    int c = highest(p, busy);
    if (c >= 0)
        eoi_specific(p, (unsigned)c, rotate);
}

/* ---- the INTA cycle ("Interrupt Sequence") -------------------------------- */

static uint8_t vector_of(const i8259_t *p, unsigned ir)
{
    return (uint8_t)((p->icw2 & 0xf8) | ir);
}

/* Acknowledge: returns the IR acknowledged, or -1 for a spurious request
 * (no IRR bit left: the datasheet's "default IR7", ISR untouched). */
static int acknowledge(i8259_t *p)
{
    int ir = pending_irq(p);
    if (ir < 0)
        return -1;
    uint8_t bit = (uint8_t)(1u << ir);
    /* Edge mode: the request latch is reset by INTA and needs a new rising
     * edge. Level mode: IRR follows the line, so it stays while IR is high. */
    if (!(p->icw1 & ICW1_LTIM))
        p->irr &= (uint8_t)~bit;
    else
        p->irr = (uint8_t)((p->irr & ~bit) | (p->ir_level & bit));
    if (p->icw4 & ICW4_AEOI) {
        /* AEOI: the ISR bit is reset at the end of the last INTA pulse. */
        if (p->rotate_aeoi)
            p->lowest = (uint8_t)ir;
    } else {
        p->isr |= bit;
    }
    return ir;
}

static uint8_t iack_read(i8259_t *p)
{
    int ir = acknowledge(p);
    uint8_t vec;
    if (ir < 0) {
        vec = vector_of(p, 7);
    } else if ((slave_lines(p) & (1u << ir)) && p->chip.bus[BUS_CAS]) {
        /* "The Cascade Buffer/Comparator": the slave on CAS = ir puts the
         * vector on the bus. */
        uint64_t v = 0xff;
        ww_space_read(p->chip.bus[BUS_CAS], (uint64_t)ir, 1, &v);
        vec = (uint8_t)v;
    } else {
        vec = vector_of(p, (unsigned)ir);
    }
    update_int(p);
    return vec;
}

static uint8_t iack_peek(i8259_t *p)
{
    int ir = pending_irq(p);
    if (ir < 0)
        return vector_of(p, 7);
    if ((slave_lines(p) & (1u << ir)) && p->chip.bus[BUS_CAS]) {
        uint64_t v = 0xff;
        ww_space_peek(p->chip.bus[BUS_CAS], (uint64_t)ir, 1, &v);
        return (uint8_t)v;
    }
    return vector_of(p, (unsigned)ir);
}

/* "Poll Command": the next A0=0 read is an INTA; the word is I . . . . W2 W1 W0. */
static uint8_t poll_word(i8259_t *p, bool peek)
{
    int ir = peek ? pending_irq(p) : acknowledge(p);
    if (!peek) {
        p->ocw3 &= (uint8_t)~OCW3_P;
        update_int(p);
    }
    return ir < 0 ? 0x00 : (uint8_t)(0x80 | ir);
}

/* ---- register access ------------------------------------------------------ */

static void write_icw1(i8259_t *p, uint8_t v)
{
    /* ICW1 resets: edge sense, IMR, priority (IR7 lowest), special mask mode,
     * status read = IRR; ICW4 functions are zero when IC4 = 0 ("Initialization
     * Command Words", a–f). IRR and ISR are cleared as QEMU and Bochs do. */
    p->icw1 = v;
    p->icw4 = 0;
    p->imr = 0;
    p->isr = 0;
    p->irr = (v & ICW1_LTIM) ? p->ir_level : 0;
    p->lowest = 7;
    p->rotate_aeoi = 0;
    p->ocw3 = 0;
    p->init = 1;
    if (!(v & ICW1_IC4))
        ww_chip_trace(&p->chip, "ICW1 without IC4: MCS-80/85 mode");
}

static void write_a0_1(i8259_t *p, uint8_t v)
{
    switch (p->init) {
    case 1:
        p->icw2 = v;
        p->init = !(p->icw1 & ICW1_SNGL) ? 2 : (p->icw1 & ICW1_IC4) ? 3 : 0;
        break;
    case 2:
        p->icw3 = v;
        p->init = (p->icw1 & ICW1_IC4) ? 3 : 0;
        break;
    case 3:
        p->icw4 = v & 0x1f;
        if (v & 0xe0)
            ww_chip_guest_error(&p->chip, "ICW4 reserved bits set (0x%02x)", v);
        p->init = 0;
        break;
    default:
        p->imr = v;    /* OCW1 */
        break;
    }
}

static void write_ocw2(i8259_t *p, uint8_t v)
{
    unsigned l = v & 7;
    switch (v >> 5) {   /* R SL EOI */
    case 0: p->rotate_aeoi = 0; break;                 /* clear rotate in AEOI */
    case 1: eoi_nonspecific(p, false); break;          /* non-specific EOI */
    case 2: break;                                     /* no operation */
    case 3: eoi_specific(p, l, false); break;          /* specific EOI */
    case 4: p->rotate_aeoi = 1; break;                 /* set rotate in AEOI */
    case 5: eoi_nonspecific(p, true); break;           /* rotate on non-specific EOI */
    case 6: p->lowest = (uint8_t)l; break;             /* set priority */
    case 7: eoi_specific(p, l, true); break;           /* rotate on specific EOI */
    }
}

static void write_ocw3(i8259_t *p, uint8_t v)
{
    uint8_t o = p->ocw3;
    if (v & OCW3_ESMM)
        o = (uint8_t)((o & ~OCW3_SMM) | (v & OCW3_SMM));
    if (v & OCW3_RR)
        o = (uint8_t)((o & ~OCW3_RIS) | OCW3_RR | (v & OCW3_RIS));
    if (v & OCW3_P)
        o |= OCW3_P;
    p->ocw3 = o;
}

static uint64_t i8259_read(ww_chip *c, unsigned region, uint64_t off, unsigned size,
                           ww_access how)
{
    i8259_t *p = (i8259_t *)c;
    bool peek = how == WW_PEEK;
    if (region == REGION_IACK)
        return off == 0 ? (peek ? iack_peek(p) : iack_read(p)) : 0xff;
    if (region != REGION_IO)
        return 0xff;
    switch (off) {
    case A0_0:
        if (p->ocw3 & OCW3_P)
            return poll_word(p, peek);
        return (p->ocw3 & OCW3_RIS) ? p->isr : p->irr;
    case A0_1:
        return p->imr;
    default:
        if (!peek)
            ww_chip_unimp(c, "read", region, off);
        return 0xff;
    }
}

static void i8259_write(ww_chip *c, unsigned region, uint64_t off, uint64_t val, unsigned size)
{
    i8259_t *p = (i8259_t *)c;
    uint8_t v = (uint8_t)val;
    if (region != REGION_IO || off > A0_1) {
        ww_chip_unimp(c, "write", region, off);
        return;
    }
    if (off == A0_1)
        write_a0_1(p, v);
    else if (v & ICW1_SEL)
        write_icw1(p, v);
    else if (v & OCW3_SEL)
        write_ocw3(p, v);
    else
        write_ocw2(p, v);
    update_int(p);
}

/* ---- inputs ("Edge and Level Triggered Modes") ----------------------------- */

static void i8259_signal(ww_chip *c, unsigned port, unsigned index, int level)
{
    i8259_t *p = (i8259_t *)c;
    if (port != PORT_IR || index > 7)
        return;
    uint8_t bit = (uint8_t)(1u << index);
    if (level) {
        /* the core reports changes only, so a 1 here is a rising edge */
        p->ir_level |= bit;
        p->irr |= bit;
    } else {
        /* A request withdrawn before INTA is lost in both modes (a later
         * INTA then yields the default IR7); Bochs clears IRR the same way. */
        p->ir_level &= (uint8_t)~bit;
        p->irr &= (uint8_t)~bit;
    }
    update_int(p);
}

static void i8259_reset(ww_chip *c, ww_reset_kind kind)
{
    i8259_t *p = (i8259_t *)c;
    /* The registers took their table reset values; pick up the input levels
     * the wires present now (a driver may have changed before realize). */
    for (unsigned i = 0; i < 8; i++)
        if (ww_input_level(c, PORT_IR, i))
            p->ir_level |= (uint8_t)(1u << i);
    update_int(p);
}

static bool i8259_post_load(ww_chip *c, GError **err)
{
    i8259_t *p = (i8259_t *)c;
    p->lowest &= 7;
    p->init &= 3;
    update_int(p);
    return true;
}

static const char *const i8259_variants[] = { "master", "slave", NULL };

static const ww_prop_desc i8259_props[] = {
    { "variant", WW_PROP_ENUM, AT(variant), "master", 0, 0, i8259_variants, WW_UNIT_NONE,
      "role in a cascade: the master reads slave vectors over its cas bus" },
    { 0 }
};

static const ww_region_desc i8259_regions[] = {
    [REGION_IO]   = { "io",   2, 1, 1, WW_LITTLE_ENDIAN, 0,
                      "A0 = offset: 0x20/0x21 (master), 0xA0/0xA1 (slave)" },
    [REGION_IACK] = { "iack", 1, 1, 1, WW_LITTLE_ENDIAN, 0,
                      "INTA cycle: read offset 0 for the vector byte" },
    [REGION__COUNT] = { 0 }
};

static const ww_port_desc i8259_ports[] = {
    [PORT_IR]  = { "ir",  WW_PORT_IN,  8, WW_PORT_EDGE, 0, "IR0–IR7 request lines" },
    [PORT_INT] = { "int", WW_PORT_OUT, 1, 0, offsetof(i8259_t, int_out),
                   "INT: to the CPU's INTR, or a slave's INT to the master's ir@2" },
    [PORT__COUNT] = { 0 }
};

static const ww_bus_desc i8259_buses[] = {
    [BUS_CAS] = { "cas", "cascade bus CAS0-2: the master reads 1 byte at address N (the IR "
                         "number) to get the slave's vector; map the slave's iack there", 3,
                  WW_LITTLE_ENDIAN, WW_UNMAPPED_OPEN_BUS, 0xff },
    [BUS__COUNT] = { 0 }
};

static const ww_chip_class i8259_class = {
    .type = "i8259",
    .summary = "Intel 8259A programmable interrupt controller",
    .doc = "Intel 8259A datasheet (231468): ICW1-4, OCW1-3, fully nested and special "
           "fully nested modes, rotation, AEOI, special mask, poll, edge/level triggering, "
           "cascade over the cas bus, default IR7 on a withdrawn request. "
           "Not modelled: the MCS-80/85 CALL sequence.",
    .size = sizeof(i8259_t),
    .version = 1,
    .props = i8259_props,
    .regions = i8259_regions,
    .regs = i8259_regs,
    .ports = i8259_ports,
    .buses = i8259_buses,
    .reset = i8259_reset,
    .read = i8259_read,
    .write = i8259_write,
    .signal = i8259_signal,
    .post_load = i8259_post_load,
};
WW_CHIP_REGISTER(i8259_class)
