/* chips/timer/pc_nmi_sc.c — PC port 0x61: ICH9 NMI Status and Control (NMI_SC),
 * the AT "port B" that gates 8254 counter 2, enables the speaker, shows OUT2
 * and the refresh toggle, and latches the SERR#/IOCHK# NMI sources.
 *
 * Source: Intel I/O Controller Hub 9 (ICH9) Family datasheet 316972, §13.7.1
 * "NMI_SC—NMI Status and Control Register" (bit names below are its own),
 * §5.8.1 "Timer Programming" (counter 1 sets the REF_TOGGLE rate, counter 2
 * is gated by TIM_CNT2_EN and feeds the speaker), §5.7 NMI (NMI_EN in port
 * 70h bit 7 masks the sources); IBM PC AT Technical Reference (1984),
 * "System Timers" and "Speaker" (speaker = OUT2 AND port 61h bit 1).
 *
 *               +-----------+
 *   out2 (OUT2)→|           |→ gate2    (to pit.gate@2)
 *   serr       →|  NMI_SC   |→ speaker  (OUT2 · SPKR_DAT_EN)
 *   iochk      →|  io 0     |→ nmi      (to the CPU's NMI)
 *   nmi-mask   →|           |           (from the RTC index bit 7, NMI_EN)
 *               +-----------+
 *
 * Why a chip of its own: the register belongs to the ICH9's ISA-compatible
 * glue, not to the 8254 or the RTC; on the AT it was an 8255 port. It lives
 * under timer/ because its job is the 8254's counter 2 and the refresh clock.
 *
 * REF_TOGGLE: the ICH9 toggles it from 8254 counter 1, which BIOSes program in
 * mode 2 with count 18 (15.085 µs). It is computed here from virtual time at
 * that rate (properties `clock` and `refresh-ticks`) instead of listening to
 * pit.out@1, which would cost an event every 7.5 µs for a bit that is polled.
 * The SERR#/IOCHK# sources latch on a rising edge of their input while their
 * enable bit (2/3) is 0; writing the enable bit 1 clears the latch (§13.7.1).
 * Not modelled: the ICH9's other NMI sources (TCO, GPIO), which have no model yet.
 * Test: tests/chips/timer/pc_nmi_sc.c
 */
#include "core/chip.h"

typedef struct {
    ww_chip chip;
    uint64_t clock_hz;
    uint32_t refresh_ticks;
    uint8_t ctl;               /* bits 3..0 as written */
    uint8_t serr_sts, iochk_sts;
    ww_line gate2, speaker, nmi;
} pc_nmi_sc_t;

/* §13.7.1 NMI_SC */
enum { NMI_SC_TIM_CNT2_EN = 0x01, NMI_SC_SPKR_DAT_EN = 0x02, NMI_SC_PCI_SERR_EN = 0x04,
       NMI_SC_IOCHK_NMI_EN = 0x08, NMI_SC_REF_TOGGLE = 0x10, NMI_SC_TMR2_OUT_STS = 0x20,
       NMI_SC_IOCHK_NMI_STS = 0x40, NMI_SC_SERR_NMI_STS = 0x80 };
enum { CTL_BITS = 0x0f };

enum { REGION_IO, REGION__COUNT };
enum { PORT_OUT2, PORT_SERR, PORT_IOCHK, PORT_NMI_MASK, PORT_GATE2, PORT_SPEAKER, PORT_NMI,
       PORT__COUNT };
enum { R_NMI_SC, R_CTL, R__COUNT };

#define AT(m) WW_AT(pc_nmi_sc_t, m)

static const ww_field_desc nmi_sc_fields[] = {
    WW_FIELD(NMI_SC_, TIM_CNT2_EN,   "8254 counter 2 GATE"),
    WW_FIELD(NMI_SC_, SPKR_DAT_EN,   "speaker data enable (speaker = OUT2 AND this)"),
    WW_FIELD(NMI_SC_, PCI_SERR_EN,   "0: SERR# NMIs enabled; 1: disabled and status cleared"),
    WW_FIELD(NMI_SC_, IOCHK_NMI_EN,  "0: IOCHK# NMIs enabled; 1: disabled and status cleared"),
    WW_FIELD(NMI_SC_, REF_TOGGLE,    "toggles every refresh period (RO)"),
    WW_FIELD(NMI_SC_, TMR2_OUT_STS,  "8254 OUT2 (RO)"),
    WW_FIELD(NMI_SC_, IOCHK_NMI_STS, "IOCHK# NMI source (RO)"),
    WW_FIELD(NMI_SC_, SERR_NMI_STS,  "SERR# NMI source (RO)"),
    { 0 }
};

static const ww_reg_desc pc_nmi_sc_regs[] = {
    /*             name      region     off w  flags */
    [R_NMI_SC] = { "NMI_SC", REGION_IO, 0,  1, WW_REG_SIDE, .fields = nmi_sc_fields,
                   .doc = "read: status (7..4) and control (3..0); write: control bits 3..0" },
    [R_CTL]    = { "CTL", .flags = WW_REG_INTERNAL | WW_REG_SIDE, .mask = CTL_BITS,
                   .at = AT(ctl), .fields = nmi_sc_fields, .doc = "the control bits as written" },
    [R__COUNT] = { 0 }
};

static const ww_state_desc pc_nmi_sc_state[] = {
    { "serr_sts",  WW_STATE_U8, AT(serr_sts),  "SERR# NMI source latched" },
    { "iochk_sts", WW_STATE_U8, AT(iochk_sts), "IOCHK# NMI source latched" },
    { 0 }
};

static unsigned refresh_bit(pc_nmi_sc_t *s)
{
    if (!s->chip.realized || !s->refresh_ticks)
        return 0;
    uint64_t t = ww_ns_to_ticks(ww_sched_now(s->chip.sched), s->clock_hz);
    return (unsigned)((t / s->refresh_ticks) & 1);
}

static uint8_t nmi_sc_value(pc_nmi_sc_t *s)
{
    uint8_t v = s->ctl & CTL_BITS;
    if (refresh_bit(s))
        v |= NMI_SC_REF_TOGGLE;
    if (s->chip.realized && ww_input_level(&s->chip, PORT_OUT2, 0))
        v |= NMI_SC_TMR2_OUT_STS;
    if (s->iochk_sts)
        v |= NMI_SC_IOCHK_NMI_STS;
    if (s->serr_sts)
        v |= NMI_SC_SERR_NMI_STS;
    return v;
}

static void update_outputs(pc_nmi_sc_t *s)
{
    if (!s->chip.realized)
        return;
    ww_line_set(&s->gate2, !!(s->ctl & NMI_SC_TIM_CNT2_EN));
    ww_line_set(&s->speaker, (s->ctl & NMI_SC_SPKR_DAT_EN) &&
                             ww_input_level(&s->chip, PORT_OUT2, 0));
    bool masked = ww_input_level(&s->chip, PORT_NMI_MASK, 0);
    ww_line_set(&s->nmi, !masked && (s->serr_sts || s->iochk_sts));
}

static void write_ctl(pc_nmi_sc_t *s, uint8_t v)
{
    /* Bits 7..4 are read-only; an enable bit written 1 clears its source. */
    s->ctl = v & CTL_BITS;
    if (s->ctl & NMI_SC_PCI_SERR_EN)
        s->serr_sts = 0;
    if (s->ctl & NMI_SC_IOCHK_NMI_EN)
        s->iochk_sts = 0;
    update_outputs(s);
}

static uint64_t pc_nmi_sc_read(ww_chip *c, unsigned region, uint64_t off, unsigned size,
                               ww_access how)
{
    pc_nmi_sc_t *s = (pc_nmi_sc_t *)c;
    if (off == 0)
        return nmi_sc_value(s);
    if (how != WW_PEEK)
        ww_chip_unimp(c, "read", region, off);
    return 0xff;
}

static void pc_nmi_sc_write(ww_chip *c, unsigned region, uint64_t off, uint64_t val,
                            unsigned size)
{
    pc_nmi_sc_t *s = (pc_nmi_sc_t *)c;
    if (off == 0)
        write_ctl(s, (uint8_t)val);
    else
        ww_chip_unimp(c, "write", region, off);
}

static void pc_nmi_sc_signal(ww_chip *c, unsigned port, unsigned index, int level)
{
    pc_nmi_sc_t *s = (pc_nmi_sc_t *)c;
    /* The core reports changes only: a 1 is a rising edge. */
    if (port == PORT_SERR && level && !(s->ctl & NMI_SC_PCI_SERR_EN))
        s->serr_sts = 1;
    else if (port == PORT_IOCHK && level && !(s->ctl & NMI_SC_IOCHK_NMI_EN))
        s->iochk_sts = 1;
    update_outputs(s);
}

static void pc_nmi_sc_reg_write(ww_chip *c, const ww_reg_desc *r, unsigned index, uint64_t val)
{
    if (r == &pc_nmi_sc_regs[R_CTL])
        write_ctl((pc_nmi_sc_t *)c, (uint8_t)val);
}

static void pc_nmi_sc_reset(ww_chip *c, ww_reset_kind kind)
{
    /* §13.7.1: the register resets to 00h (counter 2 gated off, speaker off). */
    update_outputs((pc_nmi_sc_t *)c);
}

static bool pc_nmi_sc_post_load(ww_chip *c, GError **err)
{
    pc_nmi_sc_t *s = (pc_nmi_sc_t *)c;
    s->ctl &= CTL_BITS;
    s->serr_sts = !!s->serr_sts;
    s->iochk_sts = !!s->iochk_sts;
    update_outputs(s);
    return true;
}

static const ww_prop_desc pc_nmi_sc_props[] = {
    { "clock", WW_PROP_UINT, AT(clock_hz), "1193182", 1, 100000000, NULL, WW_UNIT_HZ,
      "the 8254's CLK, which times REF_TOGGLE" },
    { "refresh-ticks", WW_PROP_UINT, AT(refresh_ticks), "18", 0, 65536, NULL, WW_UNIT_NONE,
      "clocks per REF_TOGGLE flip (counter 1's BIOS count; 0 = never toggles)" },
    { 0 }
};

static const ww_region_desc pc_nmi_sc_regions[] = {
    [REGION_IO] = { "io", 1, 1, 1, WW_LITTLE_ENDIAN, 0, "NMI_SC (PC: 0x61)" },
    [REGION__COUNT] = { 0 }
};

static const ww_port_desc pc_nmi_sc_ports[] = {
    [PORT_OUT2]     = { "out2", WW_PORT_IN, 1, 0, 0, "8254 OUT2 (pit.out@2): TMR2_OUT_STS" },
    [PORT_SERR]     = { "serr", WW_PORT_IN, 1, WW_PORT_EDGE, 0, "PCI SERR# (active high here)" },
    [PORT_IOCHK]    = { "iochk", WW_PORT_IN, 1, WW_PORT_EDGE, 0, "ISA IOCHK# (active high here)" },
    [PORT_NMI_MASK] = { "nmi-mask", WW_PORT_IN, 1, 0, 0,
                        "NMI_EN (port 70h bit 7, rtc.nmi-mask): 1 masks the nmi output" },
    [PORT_GATE2]    = { "gate2", WW_PORT_OUT, 1, 0, offsetof(pc_nmi_sc_t, gate2),
                        "TIM_CNT2_EN: to pit.gate@2" },
    [PORT_SPEAKER]  = { "speaker", WW_PORT_OUT, 1, 0, offsetof(pc_nmi_sc_t, speaker),
                        "speaker data: OUT2 AND SPKR_DAT_EN" },
    [PORT_NMI]      = { "nmi", WW_PORT_OUT, 1, 0, offsetof(pc_nmi_sc_t, nmi),
                        "NMI: a latched source and not masked" },
    [PORT__COUNT] = { 0 }
};

static const ww_chip_class pc_nmi_sc_class = {
    .type = "pc-nmi-sc",
    .summary = "PC port 61h: ICH9 NMI status and control (timer 2 gate, speaker, refresh)",
    .doc = "ICH9 datasheet 316972 §13.7.1 NMI_SC: TIM_CNT2_EN drives the 8254 GATE2, "
           "TMR2_OUT_STS reads OUT2, SPKR_DAT_EN gates the speaker, REF_TOGGLE flips every "
           "15.085 µs of virtual time, SERR#/IOCHK# NMI sources with enables.",
    .size = sizeof(pc_nmi_sc_t),
    .version = 1,
    .props = pc_nmi_sc_props,
    .regions = pc_nmi_sc_regions,
    .regs = pc_nmi_sc_regs,
    .state = pc_nmi_sc_state,
    .ports = pc_nmi_sc_ports,
    .reset = pc_nmi_sc_reset,
    .read = pc_nmi_sc_read,
    .write = pc_nmi_sc_write,
    .signal = pc_nmi_sc_signal,
    .post_load = pc_nmi_sc_post_load,
    .reg_write = pc_nmi_sc_reg_write,
};
WW_CHIP_REGISTER(pc_nmi_sc_class)
