/* chips/interrupt/lapic.c — the local APIC of a P6-family CPU (xAPIC register set).
 *
 * Source: Intel SDM vol. 3A chapter 10 "Advanced Programmable Interrupt
 * Controller (APIC)" (chapter 11 in editions from 2021 on; the section numbers
 * below are chapter 10's): Table 10-1 (register map), §10.4.3 (enabling and
 * disabling), §10.4.4 and Figure 10-5 (IA32_APIC_BASE), §10.4.6 (ID), §10.4.7
 * (state after power-up, software disable, INIT), §10.4.8 (version), §10.5.1
 * and Figure 10-8 (LVT), §10.5.3 (ESR), §10.5.4 (timer), §10.6.1–10.6.2 (ICR,
 * destinations), §10.8 (handling interrupts: IRR/ISR/TMR, TPR/PPR/APR, EOI),
 * §10.9 (spurious interrupt), §10.11 (message format: chips/interrupt/apic.h).
 * Checked against QEMU (hw/intc/apic.c) where the SDM leaves room.
 *
 * Version 0x00050014 (version 0x14, six LVT entries: timer, thermal, perf,
 * LINT0, LINT1, error) is what QEMU's "apic" reports (apic_mem_read, "version");
 * Linux then treats the APIC as an integrated xAPIC with 8-bit IDs. Like
 * QEMU's, the spurious vector has all 8 bits writable (the original P6
 * hard-wires bits 3:0 to 1) and the timer counts a 1 GHz bus clock by
 * default ("clock").
 *
 *               +-----------+
 *   lint@0  ───→|           |→ intr   ── CPU "intr"
 *   lint@1  ───→|  local    |→ nmi    ── CPU "nmi"
 *               |  APIC     |→ init   (pulse on INIT; for a CPU with an INIT input)
 *               +-----------+
 *   regions: mmio (4 KiB register page; a window at IA32_APIC_BASE)
 *            msg  (1 MiB: interrupt messages — I/O APIC, MSI, IPIs)
 *            iack (the CPU side: INTA, IA32_APIC_BASE)
 *   buses:   extint (INTA for ExtINT: the 8259 master's iack at 0)
 *            msg    (IPIs out, in the message format)   eoi (EOI broadcast out)
 *
 * Interface to the CPU (cpu/x86, its "iack" bus mapped onto region iack):
 *  - intr: high while an accepted interrupt may be taken (its priority class
 *    above PPR), an ExtINT is pending (LVT LINT0 in ExtINT mode and LINT0
 *    asserted, or an ExtINT message), or — APIC disabled — while LINT0 is high.
 *  - INTA: the CPU reads byte 0 of region iack. The answer is the vector the
 *    APIC accepted (IRR → ISR), the spurious vector (SVR) if the interrupt went
 *    away (§10.9), or for ExtINT (and always while disabled) the byte read at
 *    address 0 of bus "extint", where the PC maps the 8259 master's iack.
 *  - IA32_APIC_BASE: the MSR lives in the CPU (WRMSR 1Bh checks and stores it)
 *    and the CPU writes the new value, 8 bytes, at offset 8 of its iack space;
 *    this APIC keeps it as APICBASE, places its mmio window at the base and
 *    hides it while EN = 0. Both sides reset it to FEE00900h (BSP, EN).
 *  - nmi: pulses for NMI (LVT, message); follows LINT1 while disabled.
 * "Disabled" is EN = 0 (IA32_APIC_BASE) or the software disable of SVR: LINT0
 * and LINT1 then pass through as INTR and NMI, so the 8259 path works with
 * no APIC programming at all. (A real P6 masks every LVT entry while software
 * disabled and needs firmware's virtual-wire set-up; QEMU resets LINT0 to
 * ExtINT for the same effect.)
 *
 * Messages: a 4-byte write at offset o of region msg is the message with
 * address 0xFEE00000 + o (apic.h). So are writes at offsets 0x000-0x00F of the
 * mmio page (reserved there), as in QEMU's apic_mem_write, since an MSI to
 * destination 0 lands on the register page when the base is FEE00000h. A
 * message is accepted when the APIC is enabled and the destination matches
 * (physical: ID or FFh; logical: flat or cluster model of DFR, FFh = all).
 * While software-disabled only NMI, INIT, SMI and STARTUP are accepted
 * (§10.4.7.2). IPIs with no shorthand and "all including self" go out on bus
 * msg (the PC aliases it to cpu.mem, so they come back to region msg); "self"
 * is accepted directly; "all excluding self" reaches nobody in this
 * one-processor model. Delivery is synchronous: delivery status reads idle.
 *
 * EOI: a write to EOI retires the highest ISR vector; if its TMR bit says
 * level, the vector is broadcast as a 4-byte write at 0 of bus eoi (the I/O
 * APIC's eoi region), and LINT entries in level mode with that vector drop
 * their remote IRR.
 *
 * Not modelled: remote read (ICR mode 011 leaves RRS "invalid"), SMI (logged),
 * the CPU side of INIT/STARTUP (the x86 model has no INIT input: the init pulse
 * and the STARTUP vector are recorded only), focus processor checking,
 * arbitration and lowest-priority arbitration among several APICs (one CPU),
 * thermal and performance-counter interrupt sources, TSC-deadline mode, x2APIC.
 * Periodic timer interrupts come at most every 200 µs (KVM's
 * min_timer_period_us), so a guest cannot flood the scheduler; the count
 * itself follows the programmed period.
 * Test: tests/chips/interrupt/lapic.c
 */
#include "core/chip.h"
#include "core/space.h"
#include "chips/interrupt/apic.h"

enum { LVT_TIMER, LVT_THERMAL, LVT_PERF, LVT_LINT0, LVT_LINT1, LVT_ERROR, LVT__COUNT };

typedef struct {
    ww_chip chip;
    /* properties */
    uint32_t id_prop;
    bool bsp;
    uint64_t clock_hz;
    /* registers (storage; reset, dump and snapshots come from the table) */
    uint32_t id, tpr, ldr, dfr, svr, esr;
    uint32_t isr[8], tmr[8], irr[8];
    uint32_t icr_lo, icr_hi;
    uint32_t lvt[LVT__COUNT];
    uint32_t tmict, tdcr;
    uint64_t apicbase;
    /* internal state (state table) */
    uint32_t esr_pending;   /* errors since the last ESR write */
    uint8_t lint_level;     /* LINT0/LINT1 input levels, bit n = LINTn */
    bool extint_req;        /* an ExtINT message waits for its INTA */
    uint16_t sipi;          /* 0x100 | vector of the last STARTUP, 0 = none */
    uint64_t timer_start;   /* bus-clock tick at which the count was timer_count0 */
    uint32_t timer_count0;  /* 0: the timer is stopped */
    ww_timer timer;         /* the count reaching 0 */
    /* outputs and the window (not state) */
    ww_line intr, nmi, init;
    ww_window *mmio_win;
} lapic_t;

/* Register page offsets (SDM Table 10-1). */
enum {
    ID = 0x020, VER = 0x030, TPR = 0x080, APR = 0x090, PPR = 0x0A0, EOI = 0x0B0, RRD = 0x0C0,
    LDR = 0x0D0, DFR = 0x0E0, SVR = 0x0F0, ISR0 = 0x100, TMR0 = 0x180, IRR0 = 0x200,
    ESR = 0x280, ICR_LO = 0x300, ICR_HI = 0x310, LVT0 = 0x320, TMICT = 0x380, TMCCT = 0x390,
    TDCR = 0x3E0,
};
enum { R_MMIO, R_MSG, R_IACK, R__COUNT };
enum { IACK_INTA = 0, IACK_APICBASE = 8 };   /* region iack offsets */
enum { PORT_LINT, PORT_INTR, PORT_NMI, PORT_INIT, PORT__COUNT };
enum { BUS_EXTINT, BUS_MSG, BUS_EOI, BUS__COUNT };
enum { WIN_MMIO, WIN__COUNT };

#define VERSION 0x00050014u   /* QEMU's: version 0x14, max LVT entry 5 */
#define MIN_PERIOD_NS 200000u /* periodic timer interrupts at most every 200 µs */

/* Fields (SDM Figures 10-5 to 10-28). */
enum { ID_APIC_ID = 0xFF000000u };
enum { VER_VERSION = 0x000000FFu, VER_MAX_LVT = 0x00FF0000u };
enum { TPR_SUBCLASS = 0x0F, TPR_CLASS = 0xF0 };
enum { LDR_LOGICAL_ID = 0xFF000000u };
enum { DFR_MODEL = 0xF0000000u, DFR_ONES = 0x0FFFFFFFu };
enum { SVR_VECTOR = 0xFF, SVR_APIC_ENABLE = 0x100, SVR_FOCUS_DISABLE = 0x200 };
enum { ESR_SEND_CS = 0x01, ESR_RECV_CS = 0x02, ESR_SEND_ACCEPT = 0x04, ESR_RECV_ACCEPT = 0x08,
       ESR_SEND_ILLEGAL = 0x20, ESR_RECV_ILLEGAL = 0x40, ESR_ILLEGAL_REG = 0x80 };
enum { ICR_VECTOR = 0xFF, ICR_DELIVERY_MODE = 0x700, ICR_DEST_MODE = 0x800,
       ICR_DELIVERY_STATUS = 0x1000, ICR_LEVEL = 0x4000, ICR_TRIGGER = 0x8000,
       ICR_RRS = 0x30000, ICR_SHORTHAND = 0xC0000 };
enum { ICR_DEST = 0xFF000000u };
enum { LVT_VECTOR = 0xFF, LVT_DELIVERY_MODE = 0x700, LVT_DELIVERY_STATUS = 0x1000,
       LVT_POLARITY = 0x2000, LVT_REMOTE_IRR = 0x4000, LVT_TRIGGER = 0x8000,
       LVT_MASK = 0x10000, LVT_PERIODIC = 0x20000 };
enum { TDCR_DIV_LO = 0x3, TDCR_DIV_HI = 0x8 };
#define BASE_BSP  0x100ull
#define BASE_EN   0x800ull
#define BASE_ADDR 0xFFFFFF000ull   /* bits 35:12 */
#define BASE_DEFAULT 0xFEE00000ull
enum { SH_NONE, SH_SELF, SH_ALL, SH_OTHERS };   /* ICR destination shorthand */

#define AT(m) WW_AT(lapic_t, m)

static const ww_field_desc id_fields[] = {
    WW_FIELD(ID_, APIC_ID, "APIC ID (8 bits, xAPIC)"), { 0 }
};
static const ww_field_desc ver_fields[] = {
    WW_FIELD(VER_, VERSION, "0x14: integrated APIC"),
    WW_FIELD(VER_, MAX_LVT, "number of LVT entries minus 1"), { 0 }
};
static const ww_field_desc tpr_fields[] = {
    WW_FIELD(TPR_, SUBCLASS, NULL), WW_FIELD(TPR_, CLASS, "priority class"), { 0 }
};
static const ww_field_desc ldr_fields[] = {
    WW_FIELD(LDR_, LOGICAL_ID, "logical APIC ID"), { 0 }
};
static const ww_field_desc dfr_fields[] = {
    WW_FIELD(DFR_, MODEL, "1111 flat, 0000 cluster"), WW_FIELD(DFR_, ONES, "read as ones"), { 0 }
};
static const ww_field_desc svr_fields[] = {
    WW_FIELD(SVR_, VECTOR, "spurious vector"),
    WW_FIELD(SVR_, APIC_ENABLE, "APIC software enable"),
    WW_FIELD(SVR_, FOCUS_DISABLE, "focus processor checking disabled (stored only)"), { 0 }
};
static const ww_field_desc esr_fields[] = {
    WW_FIELD(ESR_, SEND_CS, "send checksum error (never: no serial bus)"),
    WW_FIELD(ESR_, RECV_CS, "receive checksum error (never)"),
    WW_FIELD(ESR_, SEND_ACCEPT, "send accept error (never)"),
    WW_FIELD(ESR_, RECV_ACCEPT, "receive accept error (never)"),
    WW_FIELD(ESR_, SEND_ILLEGAL, "IPI with vector 0-15"),
    WW_FIELD(ESR_, RECV_ILLEGAL, "interrupt with vector 0-15 received or generated"),
    WW_FIELD(ESR_, ILLEGAL_REG, "access to a reserved register"), { 0 }
};
static const ww_field_desc icr_lo_fields[] = {
    WW_FIELD(ICR_, VECTOR, NULL),
    WW_FIELD(ICR_, DELIVERY_MODE,
             "0 fixed, 1 lowest, 2 SMI, 3 remote read, 4 NMI, 5 INIT, 6 STARTUP"),
    WW_FIELD(ICR_, DEST_MODE, "1 logical"),
    WW_FIELD(ICR_, DELIVERY_STATUS, "send pending (always idle: delivery is synchronous)"),
    WW_FIELD(ICR_, LEVEL, "assert (0 with INIT: level de-assert)"),
    WW_FIELD(ICR_, TRIGGER, "1 level"),
    WW_FIELD(ICR_, RRS, "remote read status"),
    WW_FIELD(ICR_, SHORTHAND, "0 none, 1 self, 2 all including self, 3 all excluding self"),
    { 0 }
};
static const ww_field_desc icr_hi_fields[] = {
    WW_FIELD(ICR_, DEST, "destination"), { 0 }
};
static const ww_field_desc lvt_timer_fields[] = {
    WW_FIELD(LVT_, VECTOR, NULL), WW_FIELD(LVT_, DELIVERY_STATUS, "always idle"),
    WW_FIELD(LVT_, MASK, NULL), WW_FIELD(LVT_, PERIODIC, "timer mode: 0 one-shot, 1 periodic"),
    { 0 }
};
static const ww_field_desc lvt_mode_fields[] = {
    WW_FIELD(LVT_, VECTOR, NULL),
    WW_FIELD(LVT_, DELIVERY_MODE, "0 fixed, 2 SMI, 4 NMI"),
    WW_FIELD(LVT_, DELIVERY_STATUS, "always idle"), WW_FIELD(LVT_, MASK, NULL), { 0 }
};
static const ww_field_desc lvt_lint_fields[] = {
    WW_FIELD(LVT_, VECTOR, NULL),
    WW_FIELD(LVT_, DELIVERY_MODE, "0 fixed, 2 SMI, 4 NMI, 5 INIT, 7 ExtINT"),
    WW_FIELD(LVT_, DELIVERY_STATUS, "always idle"),
    WW_FIELD(LVT_, POLARITY, "1 active low"),
    WW_FIELD(LVT_, REMOTE_IRR, "level-triggered fixed interrupt accepted, EOI pending"),
    WW_FIELD(LVT_, TRIGGER, "1 level (fixed mode)"), WW_FIELD(LVT_, MASK, NULL), { 0 }
};
static const ww_field_desc lvt_error_fields[] = {
    WW_FIELD(LVT_, VECTOR, NULL), WW_FIELD(LVT_, DELIVERY_STATUS, "always idle"),
    WW_FIELD(LVT_, MASK, NULL), { 0 }
};
static const ww_field_desc tdcr_fields[] = {
    WW_FIELD(TDCR_, DIV_LO, "divide value bits 1:0"),
    WW_FIELD(TDCR_, DIV_HI, "divide value bit 2: 000 = 2 ... 110 = 128, 111 = 1"), { 0 }
};
static const ww_field_desc base_fields[] = {
    WW_FIELD_MASK("BSP", BASE_BSP, "bootstrap processor"),
    WW_FIELD_MASK("EN", BASE_EN, "APIC global enable"),
    WW_FIELD_MASK("BASE", BASE_ADDR, "register page address bits 35:12"), { 0 }
};

/* Bits a guest write stores, per LVT entry (Figure 10-8). */
#define LVT_W_TIMER (LVT_VECTOR | LVT_MASK | LVT_PERIODIC)
#define LVT_W_MODE  (LVT_VECTOR | LVT_DELIVERY_MODE | LVT_MASK)
#define LVT_W_LINT  (LVT_VECTOR | LVT_DELIVERY_MODE | LVT_POLARITY | LVT_TRIGGER | LVT_MASK)
#define LVT_W_ERROR (LVT_VECTOR | LVT_MASK)
static const uint32_t lvt_writable[LVT__COUNT] = {
    [LVT_TIMER] = LVT_W_TIMER, [LVT_THERMAL] = LVT_W_MODE, [LVT_PERF] = LVT_W_MODE,
    [LVT_LINT0] = LVT_W_LINT,  [LVT_LINT1] = LVT_W_LINT,   [LVT_ERROR] = LVT_W_ERROR,
};

#define ICR_WRITABLE (ICR_VECTOR | ICR_DELIVERY_MODE | ICR_DEST_MODE | ICR_LEVEL | ICR_TRIGGER | \
                      ICR_SHORTHAND)
#define LVT_REG(name, i, w, f, doc_) \
    { name, R_MMIO, LVT0 + 0x10 * (i), 4, WW_REG_SIDE, .reset = LVT_MASK, .at = AT(lvt[i]), \
      .mask = (w) | LVT_REMOTE_IRR, .fields = f, .doc = doc_ }

static const ww_reg_desc lapic_regs[] = {
    /* name      region  offset  w  flags */
    { "ID",      R_MMIO, ID,     4, WW_REG_CHIP_RESET, .at = AT(id), .mask = ID_APIC_ID,
      .fields = id_fields, .doc = "APIC ID; reset: property apic_id (INIT keeps it)" },
    { "VER",     R_MMIO, VER,    4, WW_REG_RO, .fields = ver_fields, .doc = "0x00050014" },
    { "TPR",     R_MMIO, TPR,    4, WW_REG_SIDE, .at = AT(tpr), .mask = 0xFF, .fields = tpr_fields,
      .doc = "task priority" },
    { "APR",     R_MMIO, APR,    4, WW_REG_RO, .fields = tpr_fields,
      .doc = "arbitration priority (P6, Pentium): from TPR, ISR and IRR" },
    { "PPR",     R_MMIO, PPR,    4, WW_REG_RO, .fields = tpr_fields,
      .doc = "processor priority: TPR or the class of the highest ISR vector" },
    { "EOI",     R_MMIO, EOI,    4, WW_REG_WO | WW_REG_SIDE,
      .doc = "write: retire the highest ISR vector (EOI message if level)" },
    { "RRD",     R_MMIO, RRD,    4, WW_REG_RO, .doc = "remote read data (not modelled: 0)" },
    { "LDR",     R_MMIO, LDR,    4, WW_RW, .at = AT(ldr), .mask = LDR_LOGICAL_ID,
      .fields = ldr_fields, .doc = "logical destination" },
    { "DFR",     R_MMIO, DFR,    4, WW_RW, .reset = 0xFFFFFFFF, .at = AT(dfr),
      .fields = dfr_fields, .doc = "destination format" },
    { "SVR",     R_MMIO, SVR,    4, WW_REG_SIDE, .reset = 0xFF, .at = AT(svr),
      .mask = SVR_VECTOR | SVR_APIC_ENABLE | SVR_FOCUS_DISABLE, .fields = svr_fields,
      .doc = "spurious vector; clearing APIC_ENABLE masks every LVT entry" },
    { "ISR",     R_MMIO, ISR0,   4, WW_REG_RO, .at = AT(isr[0]), .count = 8, .step = 0x10,
      .doc = "in service, vectors 32n..32n+31" },
    { "TMR",     R_MMIO, TMR0,   4, WW_REG_RO, .at = AT(tmr[0]), .count = 8, .step = 0x10,
      .doc = "trigger mode of accepted vectors (1 level)" },
    { "IRR",     R_MMIO, IRR0,   4, WW_REG_RO, .at = AT(irr[0]), .count = 8, .step = 0x10,
      .doc = "accepted, not yet in service" },
    { "ESR",     R_MMIO, ESR,    4, WW_REG_SIDE, .at = AT(esr), .mask = 0xEF, .fields = esr_fields,
      .doc = "errors; a write loads the errors found since the previous write" },
    { "ICR_LO",  R_MMIO, ICR_LO, 4, WW_REG_SIDE, .at = AT(icr_lo), .mask = ICR_WRITABLE | ICR_RRS,
      .fields = icr_lo_fields, .doc = "interrupt command; a write sends the IPI" },
    { "ICR_HI",  R_MMIO, ICR_HI, 4, WW_RW, .at = AT(icr_hi), .mask = ICR_DEST,
      .fields = icr_hi_fields },
    LVT_REG("LVT_TIMER",   LVT_TIMER,   LVT_W_TIMER, lvt_timer_fields, "timer"),
    LVT_REG("LVT_THERMAL", LVT_THERMAL, LVT_W_MODE,  lvt_mode_fields,  "thermal (no source)"),
    LVT_REG("LVT_PERF",    LVT_PERF,    LVT_W_MODE,  lvt_mode_fields,  "perf counters (none)"),
    LVT_REG("LVT_LINT0",   LVT_LINT0,   LVT_W_LINT,  lvt_lint_fields,  "LINT0 (PC: 8259 INT)"),
    LVT_REG("LVT_LINT1",   LVT_LINT1,   LVT_W_LINT,  lvt_lint_fields,  "LINT1 (PC: NMI)"),
    LVT_REG("LVT_ERROR",   LVT_ERROR,   LVT_W_ERROR, lvt_error_fields, "APIC error"),
    { "TMICT",   R_MMIO, TMICT,  4, WW_REG_SIDE, .at = AT(tmict),
      .doc = "timer initial count; a write starts counting (0 stops)" },
    { "TMCCT",   R_MMIO, TMCCT,  4, WW_REG_RO, .doc = "timer current count (from virtual time)" },
    { "TDCR",    R_MMIO, TDCR,   4, WW_REG_SIDE, .at = AT(tdcr), .mask = TDCR_DIV_LO | TDCR_DIV_HI,
      .fields = tdcr_fields, .doc = "timer divide configuration" },
    { "MSG",     R_MSG,  0,      4, WW_REG_WO | WW_REG_SIDE,
      .doc = "a 4-byte write at offset o is the message to 0xFEE00000+o (apic.h)" },
    { "INTA",    R_IACK, IACK_INTA, 1, WW_REG_RO | WW_REG_RC,
      .doc = "interrupt acknowledge: the vector (peek shows it without acknowledging)" },
    { "APICBASE", R_IACK, IACK_APICBASE, 8, WW_REG_SIDE | WW_REG_CHIP_RESET, .at = AT(apicbase),
      .mask = BASE_ADDR | BASE_EN | BASE_BSP, .fields = base_fields,
      .doc = "IA32_APIC_BASE as the CPU last wrote it; reset FEE00900h (BSP per property)" },
    { 0 }
};

static void timer_fire(ww_chip *c, unsigned index);

static const ww_state_desc lapic_state[] = {
    { "esr_pending",  WW_STATE_U32,  AT(esr_pending), "errors since the last ESR write" },
    { "lint_level",   WW_STATE_U8,   AT(lint_level), "LINT0/LINT1 input levels (bit n = LINTn)",
      .flags = WW_STATE_CHIP_RESET },
    { "extint",       WW_STATE_BOOL, AT(extint_req), "an ExtINT message waits for its INTA" },
    { "sipi",         WW_STATE_U16,  AT(sipi), "0x100 | vector of the last STARTUP (0: none)" },
    { "timer_start",  WW_STATE_U64,  AT(timer_start), "bus-clock tick at which the count was "
                                                      "timer_count0" },
    { "timer_count0", WW_STATE_U32,  AT(timer_count0), "count at timer_start (0: stopped)" },
    { "timer",        WW_STATE_TIMER, AT(timer), "the count reaches 0", .fire = timer_fire },
    { 0 }
};

/* ---- 256-bit registers ------------------------------------------------------ */

static int highest(const uint32_t r[8])
{
    for (int i = 7; i >= 0; i--)
        if (r[i])
            return i * 32 + 31 - __builtin_clz(r[i]);
    return -1;
}

static bool test_bit(const uint32_t r[8], unsigned v)
{
    return (r[(v >> 5) & 7] >> (v & 31)) & 1;
}

static void set_bit(uint32_t r[8], unsigned v, bool on)
{
    uint32_t m = 1u << (v & 31);
    if (on)
        r[(v >> 5) & 7] |= m;
    else
        r[(v >> 5) & 7] &= ~m;
}

/* ---- state predicates ------------------------------------------------------- */

static bool hw_enabled(const lapic_t *l) { return l->apicbase & BASE_EN; }
static bool sw_enabled(const lapic_t *l) { return l->svr & SVR_APIC_ENABLE; }
static bool active(const lapic_t *l) { return hw_enabled(l) && sw_enabled(l); }

static unsigned lvt_mode(const lapic_t *l, unsigned i)
{
    /* The timer and error entries have no delivery mode field: fixed. */
    if (i == LVT_TIMER || i == LVT_ERROR)
        return APIC_DM_FIXED;
    return (l->lvt[i] & LVT_DELIVERY_MODE) >> 8;
}

/* LINTn after the entry's polarity. */
static bool lint_asserted(const lapic_t *l, unsigned n)
{
    bool level = (l->lint_level >> n) & 1;
    return level != ((l->lvt[LVT_LINT0 + n] & LVT_POLARITY) != 0);
}

/* §10.8.3.1: PPR is TPR, or the class of the highest vector in service. */
static uint32_t ppr(const lapic_t *l)
{
    int isrv = highest(l->isr);
    uint32_t isr_class = isrv < 0 ? 0 : (uint32_t)isrv & 0xF0;
    uint32_t tpr = l->tpr & 0xFF;
    return (tpr & 0xF0) >= isr_class ? tpr : isr_class;
}

/* Arbitration priority (P6, Pentium): TPR when it is at least the request
 * and above the service class, else the highest of the three classes. */
static uint32_t apr(const lapic_t *l)
{
    int irrv = highest(l->irr), isrv = highest(l->isr);
    uint32_t tc = l->tpr & 0xF0;
    uint32_t rc = irrv < 0 ? 0 : (uint32_t)irrv & 0xF0;
    uint32_t sc = isrv < 0 ? 0 : (uint32_t)isrv & 0xF0;
    if (tc >= rc && tc > sc)
        return l->tpr & 0xFF;
    return MAX(tc, MAX(rc, sc));
}

/* The vector an INTA would take: the highest IRR whose class is above PPR's. */
static int deliverable(const lapic_t *l)
{
    int irrv = highest(l->irr);
    if (irrv < 0 || ((uint32_t)irrv & 0xF0) <= (ppr(l) & 0xF0))
        return -1;
    return irrv;
}

/* LINT0 in ExtINT mode, unmasked and asserted: the 8259 is asking (virtual wire). */
static bool extint_level(const lapic_t *l)
{
    return !(l->lvt[LVT_LINT0] & LVT_MASK) && lvt_mode(l, LVT_LINT0) == APIC_DM_EXTINT &&
           lint_asserted(l, 0);
}

static void update_lines(lapic_t *l)
{
    bool intr;
    if (!active(l))
        intr = l->lint_level & 1;          /* LINT0 passes through as INTR */
    else
        intr = l->extint_req || extint_level(l) || deliverable(l) >= 0;
    ww_line_set(&l->intr, intr);
    ww_line_set(&l->nmi, !active(l) && (l->lint_level & 2));   /* LINT1 as NMI */
}

static void pulse(ww_line *line)
{
    if (ww_line_get(line))
        return;   /* held high (LINT1 pass-through): no new edge to give */
    ww_line_set(line, 1);
    ww_line_set(line, 0);
}

static void place_window(lapic_t *l)
{
    if (!l->mmio_win)
        return;
    if (hw_enabled(l))
        ww_window_place(l->mmio_win, l->apicbase & BASE_ADDR, 0x1000);
    else
        ww_window_hide(l->mmio_win);
}

/* ---- acceptance (§10.8.2, §10.8.4) and local interrupts (§10.5.1) ------------ */

static void lvt_deliver(lapic_t *l, unsigned i);

/* A fixed or lowest-priority interrupt arrives: it waits in IRR, TMR records
 * its trigger mode. Vectors 0-15 are refused with an error (§10.5.2);
 * `from` is the LVT entry that generated it, or -1 for a message. */
static bool accept(lapic_t *l, unsigned vector, bool level, int from)
{
    vector &= 0xFF;
    if (vector < 16) {
        l->esr_pending |= ESR_RECV_ILLEGAL;
        if (from != LVT_ERROR)
            lvt_deliver(l, LVT_ERROR);
        return false;
    }
    set_bit(l->irr, vector, true);
    set_bit(l->tmr, vector, level);
    update_lines(l);
    return true;
}

static void error(lapic_t *l, uint32_t bits)
{
    l->esr_pending |= bits;
    lvt_deliver(l, LVT_ERROR);
}

static void init_reset(lapic_t *l);

/* An edge from a local source (timer, error, thermal, perf, a LINT edge). */
static void lvt_deliver(lapic_t *l, unsigned i)
{
    uint32_t e = l->lvt[i];
    if (!active(l) || (e & LVT_MASK))
        return;
    switch (lvt_mode(l, i)) {
    case APIC_DM_FIXED:
        accept(l, e & LVT_VECTOR, false, (int)i);
        break;
    case APIC_DM_NMI:
        pulse(&l->nmi);
        break;
    case APIC_DM_SMI:
        ww_chip_trace(&l->chip, "LVT %u: SMI not modelled", i);
        break;
    case APIC_DM_INIT:
        if (i == LVT_LINT0 || i == LVT_LINT1) {
            pulse(&l->init);
            init_reset(l);
        }
        break;
    case APIC_DM_EXTINT:
        break;   /* a level: update_lines follows LINT0 */
    default:
        ww_chip_guest_error(&l->chip, "LVT %u: reserved delivery mode %u", i, lvt_mode(l, i));
        break;
    }
}

/* LINTn in fixed level-triggered mode: deliver while asserted, once per EOI
 * (the entry's remote IRR, Figure 10-8). */
static void lint_level_check(lapic_t *l, unsigned n)
{
    uint32_t *e = &l->lvt[LVT_LINT0 + n];
    if (!active(l) || (*e & (LVT_MASK | LVT_REMOTE_IRR)) || !(*e & LVT_TRIGGER) ||
        lvt_mode(l, LVT_LINT0 + n) != APIC_DM_FIXED || !lint_asserted(l, n))
        return;
    if (accept(l, *e & LVT_VECTOR, true, (int)(LVT_LINT0 + n)))
        *e |= LVT_REMOTE_IRR;
}

/* ---- messages (§10.6.2, apic.h) ---------------------------------------------- */

static bool dest_match(const lapic_t *l, unsigned dest, bool logical)
{
    if (dest == 0xFF)
        return true;                      /* broadcast, both modes */
    if (!logical)
        return dest == l->id >> 24;
    unsigned ldr = l->ldr >> 24;
    if ((l->dfr & DFR_MODEL) == DFR_MODEL)
        return (dest & ldr) != 0;         /* flat: a bit per APIC */
    /* cluster: cluster address in 7:4, a bit per APIC in 3:0 */
    return (dest >> 4) == (ldr >> 4) && (dest & ldr & 0x0F) != 0;
}

static void receive(lapic_t *l, unsigned dest, bool logical, uint32_t data)
{
    if (!hw_enabled(l) || !dest_match(l, dest, logical))
        return;
    unsigned vector = data & APIC_MSG_DATA_VECTOR;
    bool trigger = data & APIC_MSG_DATA_TRIGGER;
    switch ((data & APIC_MSG_DATA_DM) >> 8) {
    case APIC_DM_FIXED:
    case APIC_DM_LOWEST:   /* one processor: it is the lowest */
        if (!sw_enabled(l)) {
            ww_chip_trace(&l->chip, "vector 0x%02x ignored: APIC software-disabled", vector);
            return;
        }
        accept(l, vector, trigger, -1);
        break;
    case APIC_DM_NMI:
        pulse(&l->nmi);
        break;
    case APIC_DM_INIT:
        if (trigger && !(data & APIC_MSG_DATA_LEVEL))
            break;   /* INIT level de-assert: arbitration IDs only */
        pulse(&l->init);
        init_reset(l);
        break;
    case APIC_DM_STARTUP:
        l->sipi = (uint16_t)(0x100 | vector);
        ww_chip_trace(&l->chip, "STARTUP vector 0x%02x (no CPU input for it)", vector);
        break;
    case APIC_DM_EXTINT:
        if (!sw_enabled(l))
            return;
        l->extint_req = true;
        update_lines(l);
        break;
    case APIC_DM_SMI:
        ww_chip_trace(&l->chip, "SMI message not modelled");
        break;
    default:
        ww_chip_guest_error(&l->chip, "message with reserved delivery mode (data 0x%08x)", data);
        break;
    }
}

static void msg_write(lapic_t *l, uint64_t off, uint32_t data)
{
    uint32_t addr = APIC_MSG_BASE + (uint32_t)(off & 0xFFFFF);
    receive(l, (addr & APIC_MSG_ADDR_DEST) >> 12, addr & APIC_MSG_ADDR_DM, data);
}

/* ICR (§10.6.1): a write of the low half sends. */
static void send_ipi(lapic_t *l)
{
    uint32_t lo = l->icr_lo;
    unsigned vector = lo & ICR_VECTOR, mode = (lo & ICR_DELIVERY_MODE) >> 8;
    bool level = lo & ICR_LEVEL, trigger = lo & ICR_TRIGGER, logical = lo & ICR_DEST_MODE;
    unsigned shorthand = (lo & ICR_SHORTHAND) >> 18;
    switch (mode) {
    case APIC_DM_FIXED:
    case APIC_DM_LOWEST:
        if (vector < 16) {
            error(l, ESR_SEND_ILLEGAL);
            return;
        }
        break;
    case APIC_DM_REMOTE_READ:
        ww_chip_trace(&l->chip, "remote read not modelled: status invalid");
        return;
    case APIC_DM_EXTINT:
        ww_chip_guest_error(&l->chip, "ICR: reserved delivery mode 7");
        return;
    default:
        break;
    }
    uint32_t data = apic_msg_data(vector, mode, level, trigger);
    ww_space *bus = l->chip.bus[BUS_MSG];
    switch (shorthand) {
    case SH_NONE:
        if (bus)
            ww_space_write(bus, apic_msg_addr(l->icr_hi >> 24, logical), 4, data);
        break;
    case SH_SELF:
        receive(l, l->id >> 24, false, data);
        break;
    case SH_ALL:
        if (bus)
            ww_space_write(bus, apic_msg_addr(0xFF, false), 4, data);
        break;
    default:
        break;   /* all excluding self: no other processor here */
    }
}

/* ---- EOI (§10.8.5) and INTA ---------------------------------------------------- */

static void eoi(lapic_t *l)
{
    int v = highest(l->isr);
    if (v < 0)
        return;
    set_bit(l->isr, (unsigned)v, false);
    bool level = test_bit(l->tmr, (unsigned)v);
    for (unsigned n = 0; n < 2; n++) {
        uint32_t *e = &l->lvt[LVT_LINT0 + n];
        if ((*e & LVT_REMOTE_IRR) && (*e & LVT_VECTOR) == (unsigned)v)
            *e &= ~LVT_REMOTE_IRR;
    }
    update_lines(l);
    if (level && l->chip.bus[BUS_EOI])
        ww_space_write(l->chip.bus[BUS_EOI], 0, 4, (uint64_t)v);
    for (unsigned n = 0; n < 2; n++)
        lint_level_check(l, n);
}

static uint8_t extint_vector(lapic_t *l, bool peek)
{
    uint64_t v = 0xFF;
    ww_space *s = l->chip.bus[BUS_EXTINT];
    if (s) {
        if (peek)
            ww_space_peek(s, 0, 1, &v);
        else
            ww_space_read(s, 0, 1, &v);
    }
    return (uint8_t)v;
}

static uint8_t inta(lapic_t *l, bool peek)
{
    if (!active(l) || l->extint_req || extint_level(l)) {
        /* ExtINT bypasses the priority logic: the 8259 gives the vector. */
        if (!peek)
            l->extint_req = false;
        uint8_t v = extint_vector(l, peek);
        if (!peek)
            update_lines(l);
        return v;
    }
    int v = deliverable(l);
    if (v < 0)
        return l->svr & SVR_VECTOR;   /* §10.9: spurious, ISR untouched */
    if (!peek) {
        set_bit(l->irr, (unsigned)v, false);
        set_bit(l->isr, (unsigned)v, true);
        update_lines(l);
    }
    return (uint8_t)v;
}

/* ---- timer (§10.5.4) -------------------------------------------------------------- */

/* Divide configuration: 000 = 2, 001 = 4 … 110 = 128, 111 = 1. */
static unsigned divider(const lapic_t *l)
{
    unsigned v = (l->tdcr & TDCR_DIV_LO) | (l->tdcr & TDCR_DIV_HI) >> 1;
    return 1u << ((v + 1) & 7);
}

static uint64_t now_tick(const lapic_t *l)
{
    return ww_ns_to_ticks(ww_sched_now(l->chip.sched), l->clock_hz);
}

/* Time of bus tick k, rounded up so that now_tick() there is k. */
static ww_time tick_time(const lapic_t *l, uint64_t k)
{
    unsigned __int128 ns = (unsigned __int128)k * WW_NS_PER_SEC + l->clock_hz - 1;
    ns /= l->clock_hz;
    return ns > (unsigned __int128)(WW_TIME_NEVER - 1) ? WW_TIME_NEVER - 1 : (ww_time)ns;
}

static bool periodic(const lapic_t *l) { return l->lvt[LVT_TIMER] & LVT_PERIODIC; }

static uint32_t current_count(const lapic_t *l)
{
    if (!l->timer_count0)
        return 0;
    uint64_t t = now_tick(l);
    uint64_t k = t > l->timer_start ? (t - l->timer_start) / divider(l) : 0;
    if (k < l->timer_count0)
        return (uint32_t)(l->timer_count0 - k);
    if (!periodic(l) || !l->tmict)
        return 0;
    /* Periodic: reloaded from TMICT each time the count reaches 0. */
    return l->tmict - (uint32_t)((k - l->timer_count0) % l->tmict);
}

/* The tick at which the count next reaches 0 and an interrupt is due. */
static uint64_t timer_due(const lapic_t *l)
{
    uint64_t ticks = (uint64_t)l->timer_count0 * divider(l);
    if (periodic(l))
        ticks = MAX(ticks, ww_ns_to_ticks(MIN_PERIOD_NS, l->clock_hz));
    return l->timer_start + ticks;
}

static void timer_arm(lapic_t *l)
{
    /* A masked periodic count needs no events: current_count follows it. */
    if (!l->timer_count0 || (periodic(l) && (l->lvt[LVT_TIMER] & LVT_MASK))) {
        ww_timer_del(&l->timer);
        return;
    }
    ww_timer_mod(&l->timer, tick_time(l, timer_due(l)));
}

/* Continue the current count from now (divider or mode about to change). */
static void timer_rebase(lapic_t *l)
{
    uint32_t cur = current_count(l);
    l->timer_start = now_tick(l);
    l->timer_count0 = cur;
}

static void timer_fire(ww_chip *c, unsigned index)
{
    lapic_t *l = (lapic_t *)c;
    if (!l->timer_count0)
        return;
    if (periodic(l) && l->tmict) {
        l->timer_start = timer_due(l);
        l->timer_count0 = l->tmict;
    } else {
        l->timer_count0 = 0;   /* one-shot: stays at 0 */
    }
    timer_arm(l);
    lvt_deliver(l, LVT_TIMER);
}

/* ---- register writes ---------------------------------------------------------------- */

static void write_svr(lapic_t *l, uint32_t v)
{
    l->svr = v & (SVR_VECTOR | SVR_APIC_ENABLE | SVR_FOCUS_DISABLE);
    if (!sw_enabled(l)) {
        /* §10.4.7.2: software disable sets every LVT mask bit. */
        timer_rebase(l);
        for (unsigned i = 0; i < LVT__COUNT; i++)
            l->lvt[i] |= LVT_MASK;
        timer_arm(l);
    }
    update_lines(l);
}

static void write_lvt(lapic_t *l, unsigned i, uint32_t v)
{
    uint32_t n = v & lvt_writable[i];
    if (!sw_enabled(l))
        n |= LVT_MASK;   /* §10.4.7.2: masks cannot be cleared while disabled */
    if ((i == LVT_LINT0 || i == LVT_LINT1) && (n & LVT_TRIGGER))
        n |= l->lvt[i] & LVT_REMOTE_IRR;   /* read-only; meaningless for edge */
    if (i == LVT_TIMER) {
        timer_rebase(l);   /* the count so far follows the old mode */
        l->lvt[i] = n;
        timer_arm(l);
    } else {
        l->lvt[i] = n;
    }
    if (i == LVT_LINT0 || i == LVT_LINT1)
        lint_level_check(l, i - LVT_LINT0);
    update_lines(l);
}

static void write_base(lapic_t *l, uint64_t v)
{
    bool was = hw_enabled(l);
    v &= BASE_ADDR | BASE_EN | BASE_BSP;
    if (was && !(v & BASE_EN)) {
        /* §10.4.3: disabling may return the APIC to its power-up state; the
         * front-side-bus rule applies (it can be enabled again). */
        ww_chip_reset(&l->chip, WW_RESET_SOFT);
    }
    l->apicbase = v;
    place_window(l);
    update_lines(l);
}

/* §10.4.7.3: INIT gives the power-up state, except the APIC ID (and the base,
 * which the CPU's MSR holds). */
static void init_reset(lapic_t *l)
{
    uint32_t id = l->id;
    uint64_t base = l->apicbase;
    ww_chip_reset(&l->chip, WW_RESET_SOFT);
    l->id = id;
    l->apicbase = base;
    place_window(l);
    update_lines(l);
}

/* ---- register access ----------------------------------------------------------------- */

static bool in_array(uint64_t off, uint64_t base)
{
    return off >= base && off < base + 0x80;
}

static uint64_t mmio_read(lapic_t *l, uint64_t off, bool peek)
{
    if (in_array(off, ISR0) && !(off & 0xF))
        return l->isr[(off - ISR0) >> 4];
    if (in_array(off, TMR0) && !(off & 0xF))
        return l->tmr[(off - TMR0) >> 4];
    if (in_array(off, IRR0) && !(off & 0xF))
        return l->irr[(off - IRR0) >> 4];
    if (off >= LVT0 && off < LVT0 + 0x10 * LVT__COUNT && !(off & 0xF))
        return l->lvt[(off - LVT0) >> 4];
    switch (off) {
    case ID:     return l->id;
    case VER:    return VERSION;
    case TPR:    return l->tpr;
    case APR:    return apr(l);
    case PPR:    return ppr(l);
    case EOI:    return 0;
    case RRD:    return 0;
    case LDR:    return l->ldr;
    case DFR:    return l->dfr | DFR_ONES;
    case SVR:    return l->svr;
    case ESR:    return l->esr;
    case ICR_LO: return l->icr_lo;
    case ICR_HI: return l->icr_hi;
    case TMICT:  return l->tmict;
    case TMCCT:  return current_count(l);
    case TDCR:   return l->tdcr;
    default:
        if (!peek) {
            ww_chip_unimp(&l->chip, "read", R_MMIO, off);
            error(l, ESR_ILLEGAL_REG);
        }
        return 0;
    }
}

static void mmio_write(lapic_t *l, uint64_t off, uint32_t v)
{
    if (off < 0x10) {
        msg_write(l, off, v);   /* reserved here: an interrupt message (see top) */
        return;
    }
    if (off >= LVT0 && off < LVT0 + 0x10 * LVT__COUNT && !(off & 0xF)) {
        write_lvt(l, (unsigned)(off - LVT0) >> 4, v);
        return;
    }
    if ((in_array(off, ISR0) || in_array(off, TMR0) || in_array(off, IRR0)) && !(off & 0xF))
        return;   /* read-only */
    switch (off) {
    case ID:
        l->id = v & ID_APIC_ID;
        break;
    case TPR:
        l->tpr = v & 0xFF;
        update_lines(l);
        break;
    case EOI:
        eoi(l);
        break;
    case LDR:
        l->ldr = v & LDR_LOGICAL_ID;
        break;
    case DFR:
        l->dfr = (v & DFR_MODEL) | DFR_ONES;
        break;
    case SVR:
        write_svr(l, v);
        break;
    case ESR:
        l->esr = l->esr_pending & 0xEF;
        l->esr_pending = 0;
        break;
    case ICR_LO:
        l->icr_lo = v & ICR_WRITABLE;   /* delivery status idle, RRS invalid */
        send_ipi(l);
        break;
    case ICR_HI:
        l->icr_hi = v & ICR_DEST;
        break;
    case TMICT:
        l->tmict = v;
        l->timer_start = now_tick(l);
        l->timer_count0 = v;
        timer_arm(l);
        break;
    case TDCR:
        timer_rebase(l);
        l->tdcr = v & (TDCR_DIV_LO | TDCR_DIV_HI);
        timer_arm(l);
        break;
    case VER: case APR: case PPR: case RRD: case TMCCT:
        break;   /* read-only */
    default:
        ww_chip_unimp(&l->chip, "write", R_MMIO, off);
        error(l, ESR_ILLEGAL_REG);
        break;
    }
}

static uint64_t size_mask(unsigned size)
{
    return size >= 8 ? UINT64_MAX : (1ull << (8 * size)) - 1;
}

static uint64_t lapic_read(ww_chip *c, unsigned region, uint64_t off, unsigned size,
                           ww_access how)
{
    lapic_t *l = (lapic_t *)c;
    bool peek = how == WW_PEEK;
    switch (region) {
    case R_MMIO:
        return mmio_read(l, off, peek);
    case R_IACK:
        if (off == IACK_INTA)
            return inta(l, peek);
        if (off >= IACK_APICBASE && off < IACK_APICBASE + 8)
            return (l->apicbase >> (8 * (off - IACK_APICBASE))) & size_mask(size);
        return 0;
    default:
        return 0;   /* the message window has nothing to read */
    }
}

static void lapic_write(ww_chip *c, unsigned region, uint64_t off, uint64_t val, unsigned size)
{
    lapic_t *l = (lapic_t *)c;
    switch (region) {
    case R_MMIO:
        mmio_write(l, off, (uint32_t)val);
        break;
    case R_MSG:
        msg_write(l, off, (uint32_t)val);
        break;
    case R_IACK:
        if (off >= IACK_APICBASE && off + size <= IACK_APICBASE + 8) {
            unsigned sh = 8 * (unsigned)(off - IACK_APICBASE);
            uint64_t m = size_mask(size) << sh;
            write_base(l, (l->apicbase & ~m) | ((val << sh) & m));
        } else {
            ww_chip_unimp(c, "write", region, off);
        }
        break;
    default:
        break;
    }
}

/* ---- inputs ---------------------------------------------------------------------------- */

static void lapic_signal(ww_chip *c, unsigned port, unsigned index, int level)
{
    lapic_t *l = (lapic_t *)c;
    if (port != PORT_LINT || index > 1)
        return;
    bool was = lint_asserted(l, index);
    uint8_t bit = (uint8_t)(1u << index);
    l->lint_level = level ? (l->lint_level | bit) : (l->lint_level & ~bit);
    uint32_t e = l->lvt[LVT_LINT0 + index];
    if (lvt_mode(l, LVT_LINT0 + index) == APIC_DM_FIXED && (e & LVT_TRIGGER))
        lint_level_check(l, index);
    else if (lint_asserted(l, index) && !was)
        lvt_deliver(l, LVT_LINT0 + index);
    update_lines(l);
}

/* ---- lifecycle ---------------------------------------------------------------------------- */

static void lapic_reset(ww_chip *c, ww_reset_kind kind)
{
    lapic_t *l = (lapic_t *)c;
    /* §10.4.7.1: every described register took its power-up value; the ID is
     * hardware-assigned (property), IA32_APIC_BASE is FEE00000h with EN. */
    l->id = l->id_prop << 24;
    l->apicbase = BASE_DEFAULT | BASE_EN | (l->bsp ? BASE_BSP : 0);
    for (unsigned i = 0; i < 2; i++)
        if (ww_input_level(c, PORT_LINT, i))
            l->lint_level |= (uint8_t)(1u << i);
    place_window(l);
    update_lines(l);
}

static bool lapic_post_load(ww_chip *c, GError **err)
{
    lapic_t *l = (lapic_t *)c;
    l->lint_level &= 3;
    place_window(l);
    update_lines(l);
    return true;
}

static const ww_prop_desc lapic_props[] = {
    { "apic_id", WW_PROP_UINT, AT(id_prop), "0", 0, 255, NULL, WW_UNIT_NONE,
      "APIC ID after power-up (hardware-assigned)" },
    { "bsp", WW_PROP_BOOL, AT(bsp), "true", 0, 0, NULL, WW_UNIT_NONE,
      "bootstrap processor: IA32_APIC_BASE.BSP after reset" },
    { "clock", WW_PROP_UINT, AT(clock_hz), "1GHz", 1000, 10000000000ull, NULL, WW_UNIT_HZ,
      "timer input before the divider (the bus clock; QEMU uses 1 GHz)" },
    { 0 }
};

static const ww_region_desc lapic_regions[] = {
    [R_MMIO] = { "mmio", 0x1000, 4, 4, WW_LITTLE_ENDIAN, 0,
                 "register page (SDM Table 10-1), 32-bit; a window placed at IA32_APIC_BASE" },
    [R_MSG]  = { "msg", 0x100000, 4, 4, WW_LITTLE_ENDIAN, 0,
                 "interrupt messages: a 4-byte write at offset o is addressed 0xFEE00000+o" },
    [R_IACK] = { "iack", 16, 1, 8, WW_LITTLE_ENDIAN, 0,
                 "the CPU's iack space: read 0 = INTA vector; 8-byte write at 8 = IA32_APIC_BASE" },
    [R__COUNT] = { 0 }
};

static const ww_port_desc lapic_ports[] = {
    [PORT_LINT] = { "lint", WW_PORT_IN, 2, 0, 0,
                    "LINT0 (PC: 8259 master INT) and LINT1 (PC: NMI); levels" },
    [PORT_INTR] = { "intr", WW_PORT_OUT, 1, 0, offsetof(lapic_t, intr), "to the CPU's INTR" },
    [PORT_NMI]  = { "nmi", WW_PORT_OUT, 1, 0, offsetof(lapic_t, nmi), "to the CPU's NMI (pulses)" },
    [PORT_INIT] = { "init", WW_PORT_OUT, 1, 0, offsetof(lapic_t, init),
                    "pulses on an INIT message or LVT INIT (for a CPU with an INIT input)" },
    [PORT__COUNT] = { 0 }
};

static const ww_bus_desc lapic_buses[] = {
    [BUS_EXTINT] = { "extint", "ExtINT acknowledge: read byte 0 (map the 8259 master's iack "
                               "at 0)", 8, WW_LITTLE_ENDIAN, WW_UNMAPPED_OPEN_BUS, 0xFF },
    [BUS_MSG]    = { "msg", "IPIs out as 4-byte message writes at 0xFEExxxxx (PC: alias to "
                            "cpu.mem, where the msg regions are)", 32, WW_LITTLE_ENDIAN,
                     WW_UNMAPPED_OPEN_BUS, 0xFFFFFFFF },
    [BUS_EOI]    = { "eoi", "EOI broadcast: a 4-byte write of the vector at 0 (map the "
                            "I/O APIC's eoi region at 0)", 8, WW_LITTLE_ENDIAN,
                     WW_UNMAPPED_OPEN_BUS, 0xFFFFFFFF },
    [BUS__COUNT] = { 0 }
};

static const ww_window_desc lapic_windows[] = {
    [WIN_MMIO] = { "mmio", offsetof(lapic_t, mmio_win), 1,
                   "the register page: moved to IA32_APIC_BASE, hidden while EN = 0" },
    [WIN__COUNT] = { 0 }
};

static const ww_chip_class lapic_class = {
    .type = "lapic",
    .summary = "local APIC (P6 family, xAPIC registers)",
    .doc = "Intel SDM vol. 3A ch. 10: ID, version 0x00050014, TPR/APR/PPR, EOI with EOI "
           "broadcast, LDR/DFR (flat, cluster), SVR, ISR/TMR/IRR, ESR, ICR (fixed, lowest, "
           "NMI, INIT, STARTUP; shorthands), LVT timer/thermal/perf/LINT0/LINT1/error, timer "
           "(one-shot, periodic, divider) from virtual time, ExtINT and pass-through of LINT0 "
           "while disabled, MSI and IPI messages, IA32_APIC_BASE relocation. Not modelled: "
           "remote read, SMI, focus checking, multi-APIC arbitration, x2APIC.",
    .size = sizeof(lapic_t),
    .version = 1,
    .props = lapic_props,
    .regions = lapic_regions,
    .regs = lapic_regs,
    .state = lapic_state,
    .ports = lapic_ports,
    .buses = lapic_buses,
    .windows = lapic_windows,
    .reset = lapic_reset,
    .read = lapic_read,
    .write = lapic_write,
    .signal = lapic_signal,
    .post_load = lapic_post_load,
};
WW_CHIP_REGISTER(lapic_class)
