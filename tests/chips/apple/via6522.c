/* tests/chips/apple/via6522.c — the VIA 6522 through the Quadra 800's bus as
 * Linux's arch/m68k/mac/via.c and the data sheet use it: reset values, ports
 * and DDRs, IFR/IER and the IRQ line to the glue, timer 1 one-shot and
 * free-running (the kernel's clock), timer 2, CA1/CA2/CB1/CB2 edges and the
 * PCR, input latching, the shift register under an external clock, and
 * absurd values (timers at 0, every register written). */
#include "tests/chips/qrig.h"
#include "chips/apple/via6522.h"

#define V1(r) QVIA1(VIA_##r)
#define V2(r) QVIA2(VIA_##r)

WW_TEST("chips/via6522/reset-values", t_reset)
{
    qrig r;
    qrig_init(&r);
    /* After reset every register the data sheet names is 0: DDRs (all
     * inputs), ACR, PCR, IFR, IER (which reads back with bit 7 set). */
    WW_CHECK_EQ(q_rd8(&r, V1(DDRA)), 0);
    WW_CHECK_EQ(q_rd8(&r, V1(DDRB)), 0);
    WW_CHECK_EQ(q_rd8(&r, V1(ACR)), 0);
    WW_CHECK_EQ(q_rd8(&r, V1(PCR)), 0);
    WW_CHECK_EQ(q_rd8(&r, V1(IFR)), 0);
    WW_CHECK_EQ(q_rd8(&r, V1(IER)), 0x80);
    /* No interrupt reaches the CPU. */
    WW_CHECK_EQ(q_ipl(&r), 0);
    qrig_free(&r);
}

WW_TEST("chips/via6522/ports-and-ddr", t_ports)
{
    qrig r;
    qrig_init(&r);
    /* VIA2 port A: every pin an input, pulled up (no slot interrupts): 0x3F
     * and more read as ones. */
    WW_CHECK_EQ(q_rd8(&r, V2(ORA_NH)), 0xff);
    /* Outputs read back what ORA holds where DDRA is 1. */
    q_wr8(&r, V2(DDRA), 0xc0);
    q_wr8(&r, V2(ORA), 0x00);
    WW_CHECK_EQ(q_rd8(&r, V2(ORA_NH)), 0x3f);
    /* A slot $A interrupt pulls PA1 low. */
    q_drive(&r, 0, 1);
    WW_CHECK_EQ(q_rd8(&r, V2(ORA_NH)), 0x3d);
    q_drive(&r, 0, 0);
    WW_CHECK_EQ(q_rd8(&r, V2(ORA_NH)), 0x3f);
    /* Port B outputs drive the pins other chips see: VIA2 PB1 (NuBus lock). */
    q_wr8(&r, V2(DDRB), 0x02);
    q_wr8(&r, V2(ORB), 0x02);
    WW_CHECK_EQ(q_rd8(&r, V2(ORB)) & 0x02, 0x02);
    qrig_free(&r);
}

WW_TEST("chips/via6522/ifr-ier-irq", t_ifr)
{
    qrig r;
    qrig_init(&r);
    /* Linux's via_init: clear every enable and flag. */
    q_wr8(&r, V1(IER), 0x7f);
    q_wr8(&r, V1(IFR), 0x7f);
    /* Timer 2 of 10 ticks, its interrupt disabled: the flag rises, no IRQ. */
    q_wr8(&r, V1(T2CL), 10);
    q_wr8(&r, V1(T2CH), 0);
    q_advance(&r, 100000);
    WW_CHECK_EQ(q_rd8(&r, V1(IFR)), VIA_IFR_T2);
    WW_CHECK_EQ(q_ipl(&r), 0);
    /* Enabling it (bit 7 set) raises IRQ: IFR bit 7 and the CPU's level 1
     * (the classic mapping: PB6 released). */
    q_wr8(&r, V1(IER), 0x80 | VIA_IFR_T2);
    WW_CHECK_EQ(q_rd8(&r, V1(IER)), 0x80 | VIA_IFR_T2);
    WW_CHECK_EQ(q_rd8(&r, V1(IFR)), 0x80 | VIA_IFR_T2);
    WW_CHECK_EQ(q_ipl(&r), 1);
    /* Writing 1 to the flag clears it, and the IRQ goes. */
    q_wr8(&r, V1(IFR), VIA_IFR_T2);
    WW_CHECK_EQ(q_rd8(&r, V1(IFR)), 0);
    WW_CHECK_EQ(q_ipl(&r), 0);
    /* Writing IER with bit 7 clear disables. */
    q_wr8(&r, V1(IER), VIA_IFR_T2);
    WW_CHECK_EQ(q_rd8(&r, V1(IER)), 0x80);
    qrig_free(&r);
}

WW_TEST("chips/via6522/timer1-linux-clock", t_t1_free)
{
    qrig r;
    qrig_init(&r);
    /* via_init_clock: latch 13054 (783360 / 60 - 2), free-running. */
    q_wr8(&r, V1(IER), 0x80 | VIA_IFR_T1);
    q_wr8(&r, V1(T1CL), 13054 & 0xff);
    q_wr8(&r, V1(T1CH), 13054 >> 8);
    q_wr8(&r, V1(ACR), q_rd8(&r, V1(ACR)) | 0x40);
    /* The first underflow after latch + 1 ticks: about 16.66 ms. */
    q_advance(&r, 16600000);
    WW_CHECK_EQ(q_rd8(&r, V1(IFR)) & VIA_IFR_T1, 0);
    q_advance(&r, 100000);
    WW_CHECK(q_rd8(&r, V1(IFR)) & VIA_IFR_T1);
    /* Reading T1CL clears the flag; reading T1CH does not (mac_read_clk). */
    (void)q_rd8(&r, V1(T1CH));
    WW_CHECK(q_rd8(&r, V1(IFR)) & VIA_IFR_T1);
    (void)q_rd8(&r, V1(T1CL));
    WW_CHECK_EQ(q_rd8(&r, V1(IFR)) & VIA_IFR_T1, 0);
    /* The counter reloads: sixty interrupts in one more second, give or take one. */
    unsigned n = 0;
    for (unsigned ms = 0; ms < 1000; ms++) {
        q_advance(&r, 1000000);
        if (q_rd8(&r, V1(IFR)) & VIA_IFR_T1) {
            n++;
            q_wr8(&r, V1(IFR), VIA_IFR_T1);
        }
    }
    WW_CHECK(n >= 59 && n <= 61);
    qrig_free(&r);
}

WW_TEST("chips/via6522/timer1-one-shot-counts-down", t_t1_once)
{
    qrig r;
    qrig_init(&r);
    /* One-shot of 1000 ticks: the count falls with virtual time. */
    q_wr8(&r, V1(T1CL), 1000 & 0xff);
    q_wr8(&r, V1(T1CH), 1000 >> 8);
    q_advance(&r, 500000);              /* ≈ 392 ticks */
    uint16_t c = (uint16_t)(q_rd8(&r, V1(T1CH)) << 8);
    c |= q_peek8(&r, V1(T1CL));
    WW_CHECK(c > 590 && c < 620);
    /* One interrupt only: it does not fire again after the counter wraps. */
    q_advance(&r, 2000000);
    WW_CHECK(q_rd8(&r, V1(IFR)) & VIA_IFR_T1);
    q_wr8(&r, V1(IFR), VIA_IFR_T1);
    q_advance(&r, 200000000);
    WW_CHECK_EQ(q_rd8(&r, V1(IFR)) & VIA_IFR_T1, 0);
    /* Writing T1LH clears a pending flag without reloading. */
    q_wr8(&r, V1(T1CH), 0);
    q_advance(&r, 10000000);
    WW_CHECK(q_rd8(&r, V1(IFR)) & VIA_IFR_T1);
    q_wr8(&r, V1(T1LH), 0x10);
    WW_CHECK_EQ(q_rd8(&r, V1(IFR)) & VIA_IFR_T1, 0);
    WW_CHECK_EQ(q_rd8(&r, V1(T1LH)), 0x10);
    qrig_free(&r);
}

WW_TEST("chips/via6522/timers-at-zero", t_zero)
{
    qrig r;
    qrig_init(&r);
    /* Latch 0, free-running: a period of 2 ticks; the machine keeps going
     * (and time advances) with the interrupt pending. */
    q_wr8(&r, V1(T1CL), 0);
    q_wr8(&r, V1(T1CH), 0);
    q_wr8(&r, V1(ACR), 0x40);
    q_advance(&r, 1000000);
    WW_CHECK(q_rd8(&r, V1(IFR)) & VIA_IFR_T1);
    WW_CHECK_EQ(ww_sched_now(r.sched), 1000000);
    /* Timer 2 at 0 interrupts once at once. */
    q_wr8(&r, V1(T2CL), 0);
    q_wr8(&r, V1(T2CH), 0);
    q_advance(&r, 10000);
    WW_CHECK(q_rd8(&r, V1(IFR)) & VIA_IFR_T2);
    qrig_free(&r);
}

WW_TEST("chips/via6522/timer2-one-shot", t_t2)
{
    qrig r;
    qrig_init(&r);
    /* T2 of 0x100 ticks: not yet at 0x80 ticks, done after 0x101. */
    q_wr8(&r, V2(T2CL), 0x00);
    q_wr8(&r, V2(T2CH), 0x01);
    q_advance(&r, 128 * 1276);
    WW_CHECK_EQ(q_rd8(&r, V2(IFR)) & VIA_IFR_T2, 0);
    q_advance(&r, 140 * 1276);
    WW_CHECK(q_rd8(&r, V2(IFR)) & VIA_IFR_T2);
    /* Reading T2CL clears it. */
    (void)q_rd8(&r, V2(T2CL));
    WW_CHECK_EQ(q_rd8(&r, V2(IFR)) & VIA_IFR_T2, 0);
    /* Pulse counting (ACR bit 5): the counter stands still (no PB6 pulses). */
    q_wr8(&r, V2(ACR), 0x20);
    q_wr8(&r, V2(T2CL), 0x34);
    q_wr8(&r, V2(T2CH), 0x12);
    q_advance(&r, 10000000);
    WW_CHECK_EQ(q_rd8(&r, V2(T2CH)), 0x12);
    WW_CHECK_EQ(q_peek8(&r, V2(T2CL)), 0x34);
    qrig_free(&r);
}

WW_TEST("chips/via6522/ca1-edges-and-pcr", t_ca1)
{
    qrig r;
    qrig_init(&r);
    /* VIA1 CA1 with PCR bit 0 clear: the falling edge sets IFR1. */
    q_drive(&r, 1, 1);
    WW_CHECK_EQ(q_rd8(&r, V1(IFR)) & VIA_IFR_CA1, 0);
    q_drive(&r, 1, 0);
    WW_CHECK(q_rd8(&r, V1(IFR)) & VIA_IFR_CA1);
    /* Reading ORA (with handshake) clears it; ORA_NH would not. */
    (void)q_rd8(&r, V1(ORA_NH));
    WW_CHECK(q_rd8(&r, V1(IFR)) & VIA_IFR_CA1);
    (void)q_rd8(&r, V1(ORA));
    WW_CHECK_EQ(q_rd8(&r, V1(IFR)) & VIA_IFR_CA1, 0);
    /* PCR bit 0 set: the rising edge instead. */
    q_wr8(&r, V1(PCR), 0x01);
    q_drive(&r, 1, 1);
    WW_CHECK(q_rd8(&r, V1(IFR)) & VIA_IFR_CA1);
    qrig_free(&r);
}

WW_TEST("chips/via6522/cb2-independent-input", t_cb2)
{
    qrig r;
    qrig_init(&r);
    /* via_init: VIA2 PCR 0x22 — CA2 and CB2 independent inputs, negative
     * edge. The SCSI interrupt is active low on CB2 (ctl-idle: pulled up). */
    q_wr8(&r, V2(PCR), 0x22);
    q_wr8(&r, V2(IFR), 0x7f);
    q_drive(&r, 4, 1);                        /* asserted: CB2 falls */
    WW_CHECK(q_rd8(&r, V2(IFR)) & VIA_IFR_CB2);
    /* Independent: an ORB access leaves it. */
    q_wr8(&r, V2(ORB), q_rd8(&r, V2(ORB)));
    WW_CHECK(q_rd8(&r, V2(IFR)) & VIA_IFR_CB2);
    /* Enabled, it reaches the CPU at level 2 (VIA2). */
    q_wr8(&r, V2(IER), 0x80 | VIA_IFR_CB2);
    WW_CHECK_EQ(q_ipl(&r), 2);
    q_wr8(&r, V2(IFR), VIA_IFR_CB2);
    WW_CHECK_EQ(q_ipl(&r), 0);
    /* Held low, no new edge, no new flag. */
    WW_CHECK_EQ(q_rd8(&r, V2(IFR)) & VIA_IFR_CB2, 0);
    q_drive(&r, 4, 0);
    WW_CHECK_EQ(q_rd8(&r, V2(IFR)) & VIA_IFR_CB2, 0);
    qrig_free(&r);
}

WW_TEST("chips/via6522/port-a-latch", t_latch)
{
    qrig r;
    qrig_init(&r);
    /* ACR bit 0 latches port A at CA1's active edge: VIA2's slot lines at
     * the moment the umbrella CA1 interrupt fell. */
    q_wr8(&r, V2(ACR), 0x01);
    q_drive(&r, 0, 1);                        /* slot $A: PA1 low, CA1 falls */
    WW_CHECK(q_rd8(&r, V2(IFR)) & VIA_IFR_CA1);
    q_drive(&r, 0, 0);                        /* released again */
    WW_CHECK_EQ(q_rd8(&r, V2(ORA_NH)) & 0x02, 0);   /* the latched value */
    q_wr8(&r, V2(ACR), 0x00);
    WW_CHECK_EQ(q_rd8(&r, V2(ORA_NH)) & 0x02, 0x02); /* the pins again */
    qrig_free(&r);
}

WW_TEST("chips/via6522/ca2-manual-output", t_ca2out)
{
    /* A bare VIA: PCR manual output modes drive CA2 and CB2. */
    ww_machine *m = ww_test_machine_xml(
        "<machine name='t' title='t'>\n"
        "  <space name='bus' bits='16' endian='big'/>\n"
        "  <chip id='v' type='via6522'/>\n"
        "  <chip id='u' type='via6522'/>\n"
        "  <map space='bus' at='0' to='v.regs'/>\n"
        "  <map space='bus' at='0x10' to='u.regs'/>\n"
        "  <wire from='v.ca2_out' to='u.ca1'/>\n"
        "  <wire from='v.pb@[0-7]' to='u.pa_in@[0-7]'/>\n"
        "</machine>\n");
    ww_space *s = ww_machine_find_space(m, "bus");
    uint64_t x = 0;
    /* u sees v's port B through the wires: v drives 0x5A on outputs. */
    ww_space_write(s, VIA_DDRB, 1, 0xff);
    ww_space_write(s, VIA_ORB, 1, 0x5a);
    /* u's pa-idle is 0xff: a wire at 1 reads 0, so u reads ~0x5A. */
    ww_space_read(s, 0x10 + VIA_ORA_NH, 1, &x);
    WW_CHECK_EQ(x, 0xa5);
    /* v's CA2 manual low (PCR 110 in bits 3-1) is a falling edge at u's CA1. */
    ww_space_write(s, 0x10 + VIA_IFR, 1, 0x7f);
    ww_space_write(s, VIA_PCR, 1, 0x0c);
    ww_space_read(s, 0x10 + VIA_IFR, 1, &x);
    WW_CHECK(x & VIA_IFR_CA1);
    ww_machine_free(m);
}

WW_TEST("chips/via6522/shift-in-external-clock", t_sr_in)
{
    ww_machine *m = ww_test_machine_xml(
        "<machine name='t' title='t'>\n"
        "  <space name='bus' bits='16' endian='big'/>\n"
        "  <chip id='v' type='via6522'/>\n"
        "  <chip id='d' type='via6522'/>\n"
        "  <map space='bus' at='0' to='v.regs'/>\n"
        "  <map space='bus' at='0x10' to='d.regs'/>\n"
        "  <wire from='d.pb@0' to='v.cb1'/>\n"
        "  <wire from='d.pb@1' to='v.cb2'/>\n"
        "</machine>\n");
    ww_space *s = ww_machine_find_space(m, "bus");
    uint64_t x = 0;
    /* v shifts in under CB1 (ACR mode 3); d's PB0/PB1 are the clock and data. */
    ww_space_write(s, VIA_ACR, 1, 0x0c);
    ww_space_read(s, VIA_SR, 1, &x);          /* an SR access starts a byte */
    ww_space_write(s, 0x10 + VIA_DDRB, 1, 0x03);
    uint8_t byte = 0xC5;
    for (int i = 7; i >= 0; i--) {
        unsigned b = (byte >> i) & 1;
        ww_space_write(s, 0x10 + VIA_ORB, 1, b << 1);       /* data, clock low */
        ww_space_write(s, 0x10 + VIA_ORB, 1, b << 1 | 1);   /* clock rises: sampled */
        ww_space_read(s, VIA_IFR, 1, &x);
        WW_CHECK_EQ((x & VIA_IFR_SR) != 0, i == 0);         /* IFR2 after the 8th bit */
    }
    ww_space_read(s, VIA_SR, 1, &x);
    WW_CHECK_EQ(x, 0xC5);
    /* The read cleared IFR2. */
    ww_space_read(s, VIA_IFR, 1, &x);
    WW_CHECK_EQ(x & VIA_IFR_SR, 0);
    ww_machine_free(m);
}

WW_TEST("chips/via6522/shift-out-external-clock", t_sr_out)
{
    ww_machine *m = ww_test_machine_xml(
        "<machine name='t' title='t'>\n"
        "  <space name='bus' bits='16' endian='big'/>\n"
        "  <chip id='v' type='via6522'/>\n"
        "  <chip id='d' type='via6522' pa-idle='0'/>\n"
        "  <map space='bus' at='0' to='v.regs'/>\n"
        "  <map space='bus' at='0x10' to='d.regs'/>\n"
        "  <wire from='d.pb@0' to='v.cb1'/>\n"
        "  <wire from='v.cb2_out' to='d.pa_in@0'/>\n"
        "</machine>\n");
    ww_space *s = ww_machine_find_space(m, "bus");
    uint64_t x = 0;
    /* v shifts out under CB1 (mode 7): a bit on CB2 after each falling edge. */
    ww_space_write(s, VIA_ACR, 1, 0x1c);
    ww_space_write(s, VIA_SR, 1, 0x96);
    ww_space_write(s, 0x10 + VIA_ORB, 1, 1);       /* the clock idles high */
    ww_space_write(s, 0x10 + VIA_DDRB, 1, 0x01);
    uint8_t got = 0;
    for (int i = 0; i < 8; i++) {
        ww_space_write(s, 0x10 + VIA_ORB, 1, 0);            /* falling: next bit out */
        ww_space_read(s, 0x10 + VIA_ORA_NH, 1, &x);
        got = (uint8_t)(got << 1 | (x & 1));
        ww_space_write(s, 0x10 + VIA_ORB, 1, 1);
    }
    WW_CHECK_EQ(got, 0x96);
    ww_space_read(s, VIA_IFR, 1, &x);
    WW_CHECK(x & VIA_IFR_SR);
    /* More clocks after the eighth bit do nothing until SR is accessed. */
    ww_space_write(s, 0x10 + VIA_ORB, 1, 0);
    ww_space_write(s, 0x10 + VIA_ORB, 1, 1);
    ww_space_read(s, VIA_SR, 1, &x);
    WW_CHECK_EQ(x, 0x96);
    ww_machine_free(m);
}

WW_TEST("chips/via6522/shift-register-phi2", t_sr_phi2)
{
    qrig r;
    qrig_init(&r);
    /* Mode 6 (out under φ2): eight bits in 16 ticks, then IFR2. */
    q_wr8(&r, V2(ACR), 0x18);
    q_wr8(&r, V2(SR), 0xAA);
    WW_CHECK_EQ(q_rd8(&r, V2(IFR)) & VIA_IFR_SR, 0);
    q_advance(&r, 100000);
    WW_CHECK(q_rd8(&r, V2(IFR)) & VIA_IFR_SR);
    /* Mode 0: nothing shifts. */
    q_wr8(&r, V2(ACR), 0x00);
    q_wr8(&r, V2(SR), 0x55);
    q_advance(&r, 100000);
    WW_CHECK_EQ(q_rd8(&r, V2(IFR)) & VIA_IFR_SR, 0);
    qrig_free(&r);
}

WW_TEST("chips/via6522/every-register-every-value", t_all)
{
    qrig r;
    qrig_init(&r);
    /* Any value in any register leaves a working chip: afterwards Linux's
     * via_init sequence still gives a quiet VIA. */
    for (unsigned reg = 0; reg < 16; reg++)
        for (unsigned v = 0; v < 256; v += 7) {
            q_wr8(&r, QVIA2(reg), (uint8_t)v);
            (void)q_rd8(&r, QVIA2(reg));
            q_advance(&r, 3000);
        }
    q_wr8(&r, V2(ACR), 0);
    q_wr8(&r, V2(PCR), 0x22);
    q_wr8(&r, V2(IER), 0x7f);
    q_wr8(&r, V2(IFR), 0x7f);
    WW_CHECK_EQ(q_rd8(&r, V2(IFR)), 0);
    WW_CHECK_EQ(q_rd8(&r, V2(IER)), 0x80);
    qrig_free(&r);
}
