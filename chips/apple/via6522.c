/* chips/apple/via6522.c — Rockwell R6522 / MOS 6522 Versatile Interface
 * Adapter: the core every VIA of wirewrap uses (chips/apple/via6522.h; CUDA
 * embeds it) and the plain "via6522" chip, whose pins are ports the machine
 * wires (the Macintosh VIA1/VIA2: port assignments are the board's, in XML).
 *
 * Source: Rockwell "R6522 Versatile Interface Adapter" data sheet (Document
 * No. 29000D47): "Register Select Lines" (the sixteen registers), "Port A /
 * Port B" (IRA/IRB: pins where DDR is 0, latching on CA1/CB1 with ACR bits
 * 0/1), "Handshake Control" and the PCR table (CA1/CB1 active edge; CA2/CB2
 * input modes: edge, independent interrupt; output modes: handshake, pulse,
 * manual low/high), "Timer 1" (one-shot and free-run: a free-running period
 * of latch + 2 cycles; writing T1C-H loads the counter and clears IFR6;
 * reading T1C-L clears it; writing T1L-H clears it), "Timer 2" (one-shot
 * interval, pulse counting on PB6), "Shift Register" (the eight modes of ACR
 * bits 4-2, eight bits then IFR2; reading or writing SR clears IFR2 and
 * starts a transfer; external clock: CB1), "Interrupt Flag Register" (bit 7 =
 * any enabled flag), "Interrupt Enable Register" (bit 7 selects set/clear,
 * reads back with bit 7 set). Guide to the Macintosh Family Hardware 2nd ed.,
 * ch. 2 "VIA" (the Macs' register spacing of 0x200: `stride` in XML).
 *
 * Pins of the "via6522" chip (levels in wirewrap's convention, 1 = the wire is
 * asserted; an input pin reads its idle level XOR the wire, so a pulled-up pin
 * — idle 1 — reads 0 while an active-low source asserts it):
 *
 *             +-----------+
 *  pa_in@0-7 →|  port A   |→ pa@0-7   DDRA 1: ORA; DDRA 0: released (1)
 *  pb_in@0-7 →|  port B   |→ pb@0-7
 *  ca1, ca2  →|  control  |→ ca2_out, cb2_out  (PCR output modes, SR out on CB2)
 *  cb1, cb2  →|  T1 T2 SR |→ irq      (IFR & IER)
 *             +-----------+
 *
 * Not modelled: PB7 output of timer 1 (ACR bits 7-6 = 1x: stored, PB7 stays
 * ORB's), timer 2 pulse counting on PB6 (the counter stands still), the
 * shift register's T2-rate modes at their exact bit times (a byte takes 8 bit
 * times of T2 or φ2 and then interrupts, CB1 is not driven), the free-running
 * shift-out mode's output on CB2. Reading T1/T2 mid-cycle timing (the counters
 * are computed from virtual time at φ2 resolution).
 * Test: tests/chips/apple/via6522.c
 */
#include "chips/apple/via6522.h"

/* ---- the core's descriptors ---------------------------------------------------- */

const ww_field_desc via6522_ifr_fields[] = {
    WW_FIELD(VIA_IFR_, CA2, "CA2 active edge"), WW_FIELD(VIA_IFR_, CA1, "CA1 active edge"),
    WW_FIELD(VIA_IFR_, SR, "shift register: eight bits done"),
    WW_FIELD(VIA_IFR_, CB2, "CB2 active edge"), WW_FIELD(VIA_IFR_, CB1, "CB1 active edge"),
    WW_FIELD(VIA_IFR_, T2, "timer 2 time-out"), WW_FIELD(VIA_IFR_, T1, "timer 1 time-out"),
    WW_FIELD(VIA_IFR_, IRQ, "IFR: any enabled flag (read only); IER: set/clear on write"),
    { 0 }
};
const ww_field_desc via6522_acr_fields[] = {
    WW_FIELD(VIA_ACR_, PA_LATCH, "latch port A on CA1's active edge"),
    WW_FIELD(VIA_ACR_, PB_LATCH, "latch port B on CB1's active edge"),
    WW_FIELD(VIA_ACR_, SR, "shift register: 0 off, 1 in/T2, 2 in/φ2, 3 in/CB1, 4 out free, "
                           "5 out/T2, 6 out/φ2, 7 out/CB1"),
    WW_FIELD(VIA_ACR_, T2_COUNT, "timer 2 counts PB6 pulses"),
    WW_FIELD(VIA_ACR_, T1, "timer 1: 0 one-shot, 1 free-run (+2: PB7 output)"),
    { 0 }
};
const ww_field_desc via6522_pcr_fields[] = {
    WW_FIELD(VIA_PCR_, CA1, "CA1 active edge: 0 negative, 1 positive"),
    WW_FIELD(VIA_PCR_, CA2, "CA2: 0/1 input neg (1 independent), 2/3 pos, 4 handshake, "
                            "5 pulse, 6 low, 7 high"),
    WW_FIELD(VIA_PCR_, CB1, "CB1 active edge"),
    WW_FIELD(VIA_PCR_, CB2, "CB2 control (as CA2, with ORB writes)"),
    { 0 }
};

static void t1_fire(ww_chip *c, unsigned i);
static void t2_fire(ww_chip *c, unsigned i);
static void sr_fire(ww_chip *c, unsigned i);

#define CORE(m) WW_AT(via6522_core, m)

static const ww_state_desc core_fields[] = {
    { "ira",      WW_STATE_U8,   CORE(ira),      "port A input latch" },
    { "irb",      WW_STATE_U8,   CORE(irb),      "port B input latch" },
    { "t1_load",  WW_STATE_TIME, CORE(t1_load),  "when timer 1 was loaded",
      .flags = WW_STATE_CHIP_RESET },
    { "t2_load",  WW_STATE_TIME, CORE(t2_load),  "when timer 2 was loaded",
      .flags = WW_STATE_CHIP_RESET },
    { "t1_start", WW_STATE_U16,  CORE(t1_start), "timer 1 count at t1_load" },
    { "t2_start", WW_STATE_U16,  CORE(t2_start), "timer 2 count at t2_load" },
    { "t1_armed", WW_STATE_U8,   CORE(t1_armed), "one-shot: the next underflow interrupts" },
    { "t2_armed", WW_STATE_U8,   CORE(t2_armed) },
    { "sr_bits",  WW_STATE_U8,   CORE(sr_bits),  "bits of the current shift-register byte" },
    { "sr_run",   WW_STATE_U8,   CORE(sr_run),   "an internally clocked SR byte is shifting" },
    { "sr_fell",  WW_STATE_U8,   CORE(sr_fell),  "CB1 fell since the last bit" },
    { "ca1",      WW_STATE_U8,   CORE(ca1),      "CA1 level last seen" },
    { "ca2",      WW_STATE_U8,   CORE(ca2),      "CA2 input level last seen" },
    { "cb1",      WW_STATE_U8,   CORE(cb1),      "CB1 level last seen" },
    { "cb2",      WW_STATE_U8,   CORE(cb2),      "CB2 input level last seen" },
    { "ca2_out",  WW_STATE_U8,   CORE(ca2_out),  "CA2 output level", .reset = 1 },
    { "cb2_out",  WW_STATE_U8,   CORE(cb2_out),  "CB2 output level", .reset = 1 },
    { "irq",      WW_STATE_U8,   CORE(irq),      "IRQ as last driven",
      .flags = WW_STATE_CHIP_RESET },
    { "t1_timer", WW_STATE_TIMER, CORE(t1_timer), "next timer 1 underflow", .fire = t1_fire },
    { "t2_timer", WW_STATE_TIMER, CORE(t2_timer), "timer 2 reaching 0", .fire = t2_fire },
    { "sr_timer", WW_STATE_TIMER, CORE(sr_timer), "end of an internally clocked SR byte",
      .fire = sr_fire },
    { 0 }
};
const ww_record_desc via6522_core_record = { "via6522", sizeof(via6522_core), core_fields };

/* ---- core ---------------------------------------------------------------------- */

static ww_time now(ww_chip *c)
{
    return ww_sched_now(c->sched);
}

static void update_irq(ww_chip *c, via6522_core *v)
{
    bool on = (v->ifr & v->ier & 0x7f) != 0;
    if (on == (v->irq != 0))
        return;
    v->irq = on;
    if (v->hooks && v->hooks->irq)
        v->hooks->irq(c, on);
}

void via6522_set_ifr(ww_chip *c, via6522_core *v, uint8_t bits)
{
    v->ifr |= bits & 0x7f;
    update_irq(c, v);
}

static void clear_ifr(ww_chip *c, via6522_core *v, uint8_t bits)
{
    v->ifr &= (uint8_t)~bits;
    update_irq(c, v);
}

static uint64_t ticks_since(ww_chip *c, const via6522_core *v, ww_time t0)
{
    ww_time n = now(c);
    return n > t0 ? ww_ns_to_ticks(n - t0, v->hz) : 0;
}

/* Timer 1 counts down from t1_start; free-running it reloads from the latch
 * after passing 0 (a period of latch + 2 cycles); one-shot it keeps counting
 * down through 0xFFFF. */
uint16_t via6522_t1_count(ww_chip *c, const via6522_core *v)
{
    uint64_t d = ticks_since(c, v, v->t1_load);
    if (d <= (uint64_t)v->t1_start + 1 || !(v->acr & VIA_T1_CONT))
        return (uint16_t)(v->t1_start - d);
    uint64_t period = (uint64_t)v->t1_latch + 2;
    uint64_t k = (d - v->t1_start - 2) % period;
    return (uint16_t)(v->t1_latch - k);
}

uint16_t via6522_t2_count(ww_chip *c, const via6522_core *v)
{
    if (v->acr & VIA_ACR_T2_COUNT)
        return v->t2_start;            /* pulse counting: no pulses arrive */
    return (uint16_t)(v->t2_start - ticks_since(c, v, v->t2_load));
}

/* The next time timer 1 passes 0 (its count becomes 0xFFFF). */
static void t1_schedule(ww_chip *c, via6522_core *v)
{
    if (!c->realized)
        return;
    bool cont = v->acr & VIA_T1_CONT;
    if (!cont && !v->t1_armed) {
        ww_timer_del(&v->t1_timer);
        return;
    }
    uint64_t d = ticks_since(c, v, v->t1_load), next;
    uint64_t period = (uint64_t)v->t1_latch + 2;
    if (d <= (uint64_t)v->t1_start) {
        next = (uint64_t)v->t1_start + 1;
    } else if (cont) {
        uint64_t first = (uint64_t)v->t1_start + 1;
        next = first + ((d - first) / period + 1) * period;
    } else {
        ww_timer_del(&v->t1_timer);
        return;
    }
    /* Ticks and nanoseconds round differently: never arm at or before now. */
    ww_time when = v->t1_load + ww_ticks_to_ns(next, v->hz);
    for (unsigned k = 0; when <= now(c) && k < 4; k++) {
        if (!cont) {
            ww_timer_del(&v->t1_timer);
            return;
        }
        next += period;
        when = v->t1_load + ww_ticks_to_ns(next, v->hz);
    }
    if (when <= now(c))
        when = now(c) + 1;
    ww_timer_mod(&v->t1_timer, when);
}

static void t1_fire(ww_chip *c, unsigned i)
{
    via6522_core *v = VIA6522_CORE(c);
    v->t1_armed = 0;
    via6522_set_ifr(c, v, VIA_IFR_T1);
    t1_schedule(c, v);
}

static void t2_fire(ww_chip *c, unsigned i)
{
    via6522_core *v = VIA6522_CORE(c);
    if (v->t2_armed && !(v->acr & VIA_ACR_T2_COUNT)) {
        v->t2_armed = 0;
        via6522_set_ifr(c, v, VIA_IFR_T2);
    }
}

/* ---- shift register ------------------------------------------------------------ */

static unsigned sr_mode(const via6522_core *v)
{
    return v->acr & VIA_ACR_SR;
}

static void set_cb2_out(ww_chip *c, via6522_core *v, int level)
{
    level = level != 0;
    if (v->cb2_out == level)
        return;
    v->cb2_out = (uint8_t)level;
    if (v->hooks && v->hooks->c2_out)
        v->hooks->c2_out(c, 1, level);
}

/* An access to SR starts a byte: the counter restarts; in the internally
 * clocked modes the byte is done after eight bit times. */
static void sr_start(ww_chip *c, via6522_core *v)
{
    v->sr_bits = 0;
    v->sr_run = 0;
    v->sr_fell = 0;
    if (c->realized)
        ww_timer_del(&v->sr_timer);
    unsigned m = sr_mode(v);
    if (m == VIA_SR_OFF || m == VIA_SR_OUT_FREE || m == VIA_SR_IN_EXT || m == VIA_SR_OUT_EXT)
        return;
    /* T2 modes shift at T2's low latch + 2 per half bit; φ2 modes every 2 cycles. */
    uint64_t per_bit = (m == VIA_SR_IN_T2 || m == VIA_SR_OUT_T2)
                           ? 2 * ((uint64_t)v->t2_latch + 2) : 2;
    v->sr_run = 1;
    if (c->realized)
        ww_timer_mod(&v->sr_timer, now(c) + ww_ticks_to_ns(8 * per_bit, v->hz));
}

static void sr_fire(ww_chip *c, unsigned i)
{
    via6522_core *v = VIA6522_CORE(c);
    if (!v->sr_run)
        return;
    v->sr_run = 0;
    unsigned m = sr_mode(v);
    if (m == VIA_SR_IN_T2 || m == VIA_SR_IN_PHI2) {
        /* Eight samples of CB2 as it stands. */
        v->sr = v->cb2 ? 0xff : 0x00;
    } else if (m == VIA_SR_OUT_T2 || m == VIA_SR_OUT_PHI2) {
        set_cb2_out(c, v, v->sr & 1);   /* the last bit stays on CB2; SR rotates back */
    } else {
        return;
    }
    via6522_set_ifr(c, v, VIA_IFR_SR);
}

/* CB1 pulses clock the shift register in the external-clock modes: a pulse
 * is a falling edge then a rising one (a rise with no fall before it, the
 * line coming up from reset, is no bit). Shifting in samples CB2 at the
 * rise; shifting out puts the next bit on CB2 at the fall. */
static void sr_cb1_edge(ww_chip *c, via6522_core *v, bool rising)
{
    unsigned m = sr_mode(v);
    if ((m != VIA_SR_IN_EXT && m != VIA_SR_OUT_EXT) || v->sr_bits >= 8)
        return;
    if (!rising) {
        v->sr_fell = 1;
        if (m == VIA_SR_OUT_EXT)
            set_cb2_out(c, v, v->sr & 0x80);          /* MSB first */
        return;
    }
    if (!v->sr_fell)
        return;
    v->sr_fell = 0;
    if (m == VIA_SR_IN_EXT)
        v->sr = (uint8_t)(v->sr << 1 | (v->cb2 ? 1 : 0));
    else
        v->sr = (uint8_t)(v->sr << 1 | v->sr >> 7);   /* rotates: the byte stays */
    if (++v->sr_bits == 8)
        via6522_set_ifr(c, v, VIA_IFR_SR);
}

/* ---- control lines ----------------------------------------------------------------- */

static bool c2_is_input(uint8_t ctl)     /* ctl = PCR bits 3-1 (or 7-5) shifted down */
{
    return ctl < 4;
}

static bool c2_independent(uint8_t ctl)
{
    return ctl == 1 || ctl == 3;
}

static uint8_t ca2_ctl(const via6522_core *v) { return (v->pcr >> 1) & 7; }
static uint8_t cb2_ctl(const via6522_core *v) { return (v->pcr >> 5) & 7; }

static void set_ca2_out(ww_chip *c, via6522_core *v, int level)
{
    level = level != 0;
    if (v->ca2_out == level)
        return;
    v->ca2_out = (uint8_t)level;
    if (v->hooks && v->hooks->c2_out)
        v->hooks->c2_out(c, 0, level);
}

void via6522_control(ww_chip *c, via6522_core *v, unsigned line, int level)
{
    level = level != 0;
    switch (line) {
    case 0: {                                      /* CA1 */
        if (v->ca1 == level)
            return;
        v->ca1 = (uint8_t)level;
        bool pos = v->pcr & VIA_PCR_CA1;
        if (level == pos) {
            if (v->acr & VIA_ACR_PA_LATCH)
                v->ira = v->hooks && v->hooks->port_in ? v->hooks->port_in(c, 0) : 0xff;
            if (ca2_ctl(v) == 4)
                set_ca2_out(c, v, 1);              /* handshake: data taken */
            via6522_set_ifr(c, v, VIA_IFR_CA1);
        }
        return;
    }
    case 1: {                                      /* CA2 */
        if (v->ca2 == level)
            return;
        v->ca2 = (uint8_t)level;
        uint8_t ctl = ca2_ctl(v);
        if (c2_is_input(ctl) && level == (ctl >= 2))
            via6522_set_ifr(c, v, VIA_IFR_CA2);
        return;
    }
    case 2: {                                      /* CB1 */
        if (v->cb1 == level)
            return;
        v->cb1 = (uint8_t)level;
        sr_cb1_edge(c, v, level);
        bool pos = v->pcr & VIA_PCR_CB1;
        if (level == pos) {
            if (v->acr & VIA_ACR_PB_LATCH)
                v->irb = v->hooks && v->hooks->port_in ? v->hooks->port_in(c, 1) : 0xff;
            if (cb2_ctl(v) == 4)
                set_cb2_out(c, v, 1);
            via6522_set_ifr(c, v, VIA_IFR_CB1);
        }
        return;
    }
    case 3: {                                      /* CB2 */
        if (v->cb2 == level)
            return;
        v->cb2 = (uint8_t)level;
        uint8_t ctl = cb2_ctl(v);
        unsigned m = sr_mode(v);
        /* In the shift-register modes CB2 is the data line, not an interrupt. */
        if (m != VIA_SR_OFF)
            return;
        if (c2_is_input(ctl) && level == (ctl >= 2))
            via6522_set_ifr(c, v, VIA_IFR_CB2);
        return;
    }
    default:
        return;
    }
}

/* An access to ORA (with handshake) or ORB: flags cleared, handshake outputs. */
static void port_access(ww_chip *c, via6522_core *v, unsigned port, bool write)
{
    if (port == 0) {
        uint8_t ctl = ca2_ctl(v);
        uint8_t bits = VIA_IFR_CA1 | (c2_independent(ctl) ? 0 : VIA_IFR_CA2);
        clear_ifr(c, v, bits);
        if (ctl == 4 || ctl == 5) {
            set_ca2_out(c, v, 0);                   /* data ready / pulse */
            if (ctl == 5)
                set_ca2_out(c, v, 1);
        }
    } else {
        uint8_t ctl = cb2_ctl(v);
        uint8_t bits = VIA_IFR_CB1 | (c2_independent(ctl) ? 0 : VIA_IFR_CB2);
        clear_ifr(c, v, bits);
        if (write && (ctl == 4 || ctl == 5)) {
            set_cb2_out(c, v, 0);
            if (ctl == 5)
                set_cb2_out(c, v, 1);
        }
    }
}

/* PCR written: the manual output modes drive CA2/CB2 at once. */
static void pcr_outputs(ww_chip *c, via6522_core *v)
{
    uint8_t a = ca2_ctl(v), b = cb2_ctl(v);
    if (a == 6 || a == 7)
        set_ca2_out(c, v, a == 7);
    else if (c2_is_input(a))
        set_ca2_out(c, v, 1);                       /* released */
    if (sr_mode(v) == VIA_SR_OFF) {
        if (b == 6 || b == 7)
            set_cb2_out(c, v, b == 7);
        else if (c2_is_input(b))
            set_cb2_out(c, v, 1);
    }
}

uint8_t via6522_port_out(const via6522_core *v, unsigned port)
{
    return port == 0 ? (uint8_t)((v->ora & v->ddra) | ~v->ddra)
                     : (uint8_t)((v->orb & v->ddrb) | ~v->ddrb);
}

static uint8_t port_read(ww_chip *c, via6522_core *v, unsigned port)
{
    uint8_t ddr = port == 0 ? v->ddra : v->ddrb, out = port == 0 ? v->ora : v->orb;
    bool latch = port == 0 ? (v->acr & VIA_ACR_PA_LATCH) : (v->acr & VIA_ACR_PB_LATCH);
    uint8_t pins = latch ? (port == 0 ? v->ira : v->irb)
                         : (v->hooks && v->hooks->port_in ? v->hooks->port_in(c, port) : 0xff);
    return (uint8_t)((out & ddr) | (pins & ~ddr));
}

static void ports_changed(ww_chip *c, via6522_core *v, unsigned port)
{
    if (v->hooks && v->hooks->port_out)
        v->hooks->port_out(c, port);
}

uint8_t via6522_read(ww_chip *c, via6522_core *v, unsigned reg, bool peek)
{
    uint8_t r;
    switch (reg & 15) {
    case VIA_ORB:
        r = port_read(c, v, 1);
        if (!peek)
            port_access(c, v, 1, false);
        return r;
    case VIA_ORA:
        r = port_read(c, v, 0);
        if (!peek)
            port_access(c, v, 0, false);
        return r;
    case VIA_ORA_NH: return port_read(c, v, 0);
    case VIA_DDRB:   return v->ddrb;
    case VIA_DDRA:   return v->ddra;
    case VIA_T1CL:
        r = (uint8_t)via6522_t1_count(c, v);
        if (!peek)
            clear_ifr(c, v, VIA_IFR_T1);
        return r;
    case VIA_T1CH:   return via6522_t1_count(c, v) >> 8;
    case VIA_T1LL:   return v->t1_latch & 0xff;
    case VIA_T1LH:   return v->t1_latch >> 8;
    case VIA_T2CL:
        r = (uint8_t)via6522_t2_count(c, v);
        if (!peek)
            clear_ifr(c, v, VIA_IFR_T2);
        return r;
    case VIA_T2CH:   return via6522_t2_count(c, v) >> 8;
    case VIA_SR:
        r = v->sr;
        if (!peek) {
            clear_ifr(c, v, VIA_IFR_SR);
            sr_start(c, v);
        }
        return r;
    case VIA_ACR:    return v->acr;
    case VIA_PCR:    return v->pcr;
    case VIA_IFR:    return (uint8_t)(v->ifr | ((v->ifr & v->ier & 0x7f) ? VIA_IFR_IRQ : 0));
    default:         return v->ier | 0x80;      /* VIA_IER */
    }
}

void via6522_write(ww_chip *c, via6522_core *v, unsigned reg, uint8_t val)
{
    switch (reg & 15) {
    case VIA_ORB:
        v->orb = val;
        port_access(c, v, 1, true);
        ports_changed(c, v, 1);
        break;
    case VIA_ORA:
        v->ora = val;
        port_access(c, v, 0, true);
        ports_changed(c, v, 0);
        break;
    case VIA_ORA_NH:
        v->ora = val;
        ports_changed(c, v, 0);
        break;
    case VIA_DDRB:
        v->ddrb = val;
        ports_changed(c, v, 1);
        break;
    case VIA_DDRA:
        v->ddra = val;
        ports_changed(c, v, 0);
        break;
    case VIA_T1CL:
    case VIA_T1LL:
        v->t1_latch = (uint16_t)((v->t1_latch & 0xff00) | val);
        break;
    case VIA_T1CH:
        /* Latch high, counter loaded from the latch, T1 cleared, started. */
        v->t1_latch = (uint16_t)((v->t1_latch & 0x00ff) | val << 8);
        v->t1_start = v->t1_latch;
        v->t1_load = now(c);
        v->t1_armed = 1;
        clear_ifr(c, v, VIA_IFR_T1);
        t1_schedule(c, v);
        break;
    case VIA_T1LH:
        v->t1_latch = (uint16_t)((v->t1_latch & 0x00ff) | val << 8);
        clear_ifr(c, v, VIA_IFR_T1);
        break;
    case VIA_T2CL:
        v->t2_latch = val;
        break;
    case VIA_T2CH:
        v->t2_start = (uint16_t)(val << 8 | v->t2_latch);
        v->t2_load = now(c);
        v->t2_armed = 1;
        clear_ifr(c, v, VIA_IFR_T2);
        if (c->realized && !(v->acr & VIA_ACR_T2_COUNT))
            ww_timer_mod(&v->t2_timer,
                         v->t2_load + ww_ticks_to_ns((uint64_t)v->t2_start + 1, v->hz));
        break;
    case VIA_SR:
        v->sr = val;
        clear_ifr(c, v, VIA_IFR_SR);
        sr_start(c, v);
        break;
    case VIA_ACR: {
        uint8_t old = v->acr;
        v->acr = val;
        if ((old ^ val) & VIA_ACR_SR) {
            if (!(val & VIA_SR_OUT))
                set_cb2_out(c, v, 1);       /* shifting in: CB2 is an input again */
            sr_start(c, v);
        }
        if ((old ^ val) & VIA_ACR_T2_COUNT) {
            /* Timer 2 changes what it counts: it keeps its present count. */
            uint16_t cnt = (uint16_t)(old & VIA_ACR_T2_COUNT ? v->t2_start
                                      : v->t2_start - ticks_since(c, v, v->t2_load));
            v->t2_start = cnt;
            v->t2_load = now(c);
            if (c->realized) {
                if ((val & VIA_ACR_T2_COUNT) || !v->t2_armed)
                    ww_timer_del(&v->t2_timer);
                else
                    ww_timer_mod(&v->t2_timer,
                                 v->t2_load + ww_ticks_to_ns((uint64_t)cnt + 1, v->hz));
            }
        }
        t1_schedule(c, v);
        pcr_outputs(c, v);
        break;
    }
    case VIA_PCR:
        v->pcr = val;
        pcr_outputs(c, v);
        break;
    case VIA_IFR:
        clear_ifr(c, v, val & 0x7f);
        break;
    default:   /* VIA_IER */
        if (val & 0x80)
            v->ier |= val & 0x7f;
        else
            v->ier &= (uint8_t)~(val & 0x7f);
        update_irq(c, v);
        break;
    }
}

void via6522_core_reset(ww_chip *c, via6522_core *v)
{
    v->t1_load = v->t2_load = now(c);
    v->irq = 0;
    if (v->hooks && v->hooks->irq)
        v->hooks->irq(c, false);
    if (v->hooks && v->hooks->c2_out) {
        v->hooks->c2_out(c, 0, v->ca2_out);
        v->hooks->c2_out(c, 1, v->cb2_out);
    }
}

void via6522_core_post_load(ww_chip *c, via6522_core *v)
{
    v->sr_bits = (uint8_t)MIN(v->sr_bits, 8);
    bool on = (v->ifr & v->ier & 0x7f) != 0;
    v->irq = on;
    if (v->hooks && v->hooks->irq)
        v->hooks->irq(c, on);
}

/* ---- the via6522 chip ------------------------------------------------------------- */

typedef struct {
    ww_chip chip;
    via6522_core via;
    uint8_t pa_idle, pb_idle, ctl_idle;   /* props */
    ww_line irq, pa[8], pb[8], ca2_out, cb2_out;
} via6522_t;

enum { REGION_REGS, REGION__COUNT };
enum { PORT_IRQ, PORT_PA, PORT_PB, PORT_CA2_OUT, PORT_CB2_OUT, PORT_PA_IN, PORT_PB_IN,
       PORT_CA1, PORT_CA2, PORT_CB1, PORT_CB2, PORT__COUNT };

#define AT(m) WW_AT(via6522_t, m)

static const ww_reg_desc chip_regs[] = {
    VIA6522_REGS(via6522_t, REGION_REGS, NULL, NULL),
    { 0 }
};

static const ww_state_desc chip_state[] = {
    VIA6522_STATE(via6522_t),
    { 0 }
};

static void chip_irq(ww_chip *c, bool level)
{
    ww_line_set(&((via6522_t *)c)->irq, level);
}

static void chip_port_out(ww_chip *c, unsigned port)
{
    via6522_t *d = (via6522_t *)c;
    uint8_t p = via6522_port_out(&d->via, port);
    ww_line *l = port == 0 ? d->pa : d->pb;
    for (unsigned i = 0; i < 8; i++)
        ww_line_set(&l[i], (p >> i) & 1);
}

static uint8_t chip_port_in(ww_chip *c, unsigned port)
{
    via6522_t *d = (via6522_t *)c;
    uint8_t pins = 0;
    for (unsigned i = 0; i < 8; i++)
        pins |= (uint8_t)(ww_input_level(c, port == 0 ? PORT_PA_IN : PORT_PB_IN, i) << i);
    return pins ^ (port == 0 ? d->pa_idle : d->pb_idle);
}

static void chip_c2_out(ww_chip *c, unsigned line, int level)
{
    via6522_t *d = (via6522_t *)c;
    ww_line_set(line == 0 ? &d->ca2_out : &d->cb2_out, level);
}

static const via6522_hooks chip_hooks = {
    .port_out = chip_port_out, .port_in = chip_port_in, .irq = chip_irq,
    .c2_out = chip_c2_out,
};

static unsigned ctl_line(unsigned port)
{
    return port - PORT_CA1;   /* CA1, CA2, CB1, CB2 = 0..3 */
}

static void chip_signal(ww_chip *c, unsigned port, unsigned index, int level)
{
    via6522_t *d = (via6522_t *)c;
    if (port >= PORT_CA1 && port <= PORT_CB2) {
        unsigned line = ctl_line(port);
        via6522_control(c, &d->via, line, level ^ ((d->ctl_idle >> line) & 1));
    }
    /* Port pins are read when the CPU reads them (or latched on CA1/CB1). */
}

static bool chip_realize(ww_chip *c, GError **err)
{
    ((via6522_t *)c)->via.hooks = &chip_hooks;
    return true;
}

static void sync_controls(via6522_t *d)
{
    /* Levels of the control inputs as the wires stand (after a reset or load). */
    for (unsigned line = 0; line < 4; line++) {
        int lv = ww_input_level(&d->chip, PORT_CA1 + line, 0) ^ ((d->ctl_idle >> line) & 1);
        uint8_t *slot = line == 0 ? &d->via.ca1 : line == 1 ? &d->via.ca2
                      : line == 2 ? &d->via.cb1 : &d->via.cb2;
        *slot = (uint8_t)lv;
    }
}

static void chip_reset(ww_chip *c, ww_reset_kind kind)
{
    via6522_t *d = (via6522_t *)c;
    d->via.hooks = &chip_hooks;
    sync_controls(d);
    via6522_core_reset(c, &d->via);
    chip_port_out(c, 0);
    chip_port_out(c, 1);
}

static bool chip_post_load(ww_chip *c, GError **err)
{
    via6522_t *d = (via6522_t *)c;
    via6522_core_post_load(c, &d->via);
    chip_port_out(c, 0);
    chip_port_out(c, 1);
    ww_line_set(&d->ca2_out, d->via.ca2_out);
    ww_line_set(&d->cb2_out, d->via.cb2_out);
    return true;
}

static uint64_t chip_read(ww_chip *c, unsigned region, uint64_t off, unsigned size,
                          ww_access how)
{
    via6522_t *d = (via6522_t *)c;
    return via6522_read(c, &d->via, (unsigned)off & 15, how == WW_PEEK);
}

static void chip_write(ww_chip *c, unsigned region, uint64_t off, uint64_t val, unsigned size)
{
    via6522_t *d = (via6522_t *)c;
    via6522_write(c, &d->via, (unsigned)off & 15, (uint8_t)val);
}

static const ww_prop_desc chip_props[] = {
    { "clock", WW_PROP_UINT, AT(via.hz), "783360", 1000, 100000000, NULL, WW_UNIT_HZ,
      "φ2, the clock timers 1 and 2 count (the Macs: 783.36 kHz)" },
    { "pa-idle", WW_PROP_UINT, AT(pa_idle), "0xff", 0, 0xff, NULL, WW_UNIT_NONE,
      "port A input pins with no wire asserting them (1 = pulled up); an asserted "
      "wire reads as the other level" },
    { "pb-idle", WW_PROP_UINT, AT(pb_idle), "0xff", 0, 0xff, NULL, WW_UNIT_NONE,
      "port B input pins with no wire asserting them" },
    { "ctl-idle", WW_PROP_UINT, AT(ctl_idle), "0", 0, 0xf, NULL, WW_UNIT_NONE,
      "CA1 (bit 0), CA2 (1), CB1 (2), CB2 (3) inputs with no wire asserting them" },
    { 0 }
};

static const ww_region_desc chip_regions[] = {
    [REGION_REGS] = { "regs", 16, 1, 1, WW_BIG_ENDIAN, 0,
                      "registers 0-15 (the Macs space them 0x200 apart: stride)" },
    [REGION__COUNT] = { 0 }
};

static const ww_port_desc chip_ports[] = {
    [PORT_IRQ]     = { "irq", WW_PORT_OUT, 1, 0, offsetof(via6522_t, irq),
                       "IRQ (active high here): IFR & IER" },
    [PORT_PA]      = { "pa", WW_PORT_OUT, 8, 0, offsetof(via6522_t, pa),
                       "port A pins as driven: ORA where DDRA is 1, else released (1)" },
    [PORT_PB]      = { "pb", WW_PORT_OUT, 8, 0, offsetof(via6522_t, pb),
                       "port B pins as driven" },
    [PORT_CA2_OUT] = { "ca2_out", WW_PORT_OUT, 1, 0, offsetof(via6522_t, ca2_out),
                       "CA2 in the PCR output modes (released: 1)" },
    [PORT_CB2_OUT] = { "cb2_out", WW_PORT_OUT, 1, 0, offsetof(via6522_t, cb2_out),
                       "CB2 in the PCR output modes and as shift-register data out" },
    [PORT_PA_IN]   = { "pa_in", WW_PORT_IN, 8, 0, 0, "port A pins driven from outside" },
    [PORT_PB_IN]   = { "pb_in", WW_PORT_IN, 8, 0, 0, "port B pins driven from outside" },
    [PORT_CA1]     = { "ca1", WW_PORT_IN, 1, WW_PORT_EDGE, 0, "CA1 (edge, PCR bit 0)" },
    [PORT_CA2]     = { "ca2", WW_PORT_IN, 1, WW_PORT_EDGE, 0, "CA2 as an input" },
    [PORT_CB1]     = { "cb1", WW_PORT_IN, 1, WW_PORT_EDGE, 0,
                       "CB1 (edge; the shift register's external clock)" },
    [PORT_CB2]     = { "cb2", WW_PORT_IN, 1, WW_PORT_EDGE, 0,
                       "CB2 as an input (shift-register data in)" },
    [PORT__COUNT]  = { 0 }
};

static const ww_chip_class via6522_class = {
    .type = "via6522",
    .summary = "Rockwell/MOS 6522 VIA: two 8-bit ports, two timers, shift register",
    .doc = "R6522 data sheet: ports with DDR and input latching, CA1/CA2/CB1/CB2 (PCR), "
           "timer 1 one-shot/free-run, timer 2 one-shot, the shift register's eight modes "
           "(external clock on CB1 bit by bit), IFR/IER. Pins are ports; inputs read their "
           "idle level XOR the wire (pa-idle, pb-idle, ctl-idle).",
    .size = sizeof(via6522_t),
    .version = 1,
    .props = chip_props,
    .regions = chip_regions,
    .regs = chip_regs,
    .state = chip_state,
    .ports = chip_ports,
    .realize = chip_realize,
    .reset = chip_reset,
    .read = chip_read,
    .write = chip_write,
    .signal = chip_signal,
    .post_load = chip_post_load,
};
WW_CHIP_REGISTER(via6522_class)
