/* tests/chips/interrupt/lapic.c — the local APIC as Linux and firmware
 * program it, through its register page in cpu.mem, the CPU's iack space
 * (INTA, IA32_APIC_BASE) and interrupt messages. Section numbers refer to
 * Intel SDM vol. 3A chapter 10. The rig is tests/chips/apicrig.h; the default
 * timer clock is 1 GHz, so one bus tick is one nanosecond. */
#include "tests/chips/apicrig.h"
#include "tests/chips/pcrig.h"

#define SELF (1u << 18)         /* ICR destination shorthand "self" */
#define ALL_BUT_SELF (3u << 18)

static void self_ipi(apicrig *r, unsigned vector)
{
    lapic_wr(r, L_ICR_LO, SELF | vector);
}

/* Take the interrupt the APIC offers, as the CPU does, and check its vector. */
static void take(apicrig *r, unsigned vector)
{
    WW_CHECK_EQ(ar_line(r, AP_INTR), 1);
    WW_CHECK_EQ(ar_inta(r), vector);
}

WW_TEST("chips/lapic/power-on", t_power_on)
{
    apicrig r;
    ar_init(&r);
    /* §10.4.7.1: ID from the hardware (0), version 0x14 with 6 LVT entries. */
    WW_CHECK_EQ(lapic_rd(&r, L_ID), 0);
    WW_CHECK_EQ(lapic_rd(&r, L_VER), 0x00050014);
    /* TPR, PPR, LDR zero; DFR all ones; SVR 0xFF: software-disabled. */
    WW_CHECK_EQ(lapic_rd(&r, L_TPR), 0);
    WW_CHECK_EQ(lapic_rd(&r, L_PPR), 0);
    WW_CHECK_EQ(lapic_rd(&r, L_LDR), 0);
    WW_CHECK_EQ(lapic_rd(&r, L_DFR), 0xFFFFFFFF);
    WW_CHECK_EQ(lapic_rd(&r, L_SVR), 0xFF);
    /* Every LVT entry holds only its mask bit. */
    for (uint32_t off = L_LVTT; off <= L_LVTERR; off += 0x10)
        WW_CHECK_EQ(lapic_rd(&r, off), 0x10000);
    /* ISR, TMR, IRR, the timer and ESR are clear. */
    for (unsigned i = 0; i < 8; i++) {
        WW_CHECK_EQ(lapic_rd(&r, L_ISR + 0x10 * i), 0);
        WW_CHECK_EQ(lapic_rd(&r, L_TMR + 0x10 * i), 0);
        WW_CHECK_EQ(lapic_rd(&r, L_IRR + 0x10 * i), 0);
    }
    WW_CHECK_EQ(lapic_rd(&r, L_TMICT), 0);
    WW_CHECK_EQ(lapic_rd(&r, L_TMCCT), 0);
    WW_CHECK_EQ(lapic_rd(&r, L_TDCR), 0);
    WW_CHECK_EQ(lapic_rd(&r, L_ESR), 0);
    /* IA32_APIC_BASE: FEE00000h, BSP, EN (Figure 10-5). */
    WW_CHECK_EQ(chip_reg(r.lapic, "APICBASE"), 0xFEE00900);
    /* Nothing is requesting: INTR and NMI are low. */
    WW_CHECK_EQ(ar_line(&r, AP_INTR), 0);
    WW_CHECK_EQ(ar_line(&r, AP_NMI), 0);
    ar_free(&r);
}

WW_TEST("chips/lapic/pic-passes-through-at-power-on", t_passthrough)
{
    apicrig r;
    ar_init(&r);
    /* The BIOS and a kernel with no APIC support program only the 8259. */
    ar_init_8259(&r);
    ar_outb(&r, 0x21, 0xFD);               /* unmask IRQ1 */
    /* IRQ1: the 8259's INT reaches INTR through LINT0 untouched. */
    ar_drive(&r, AD_IRQ1, 1);
    WW_CHECK_EQ(ar_line(&r, AP_INTR), 1);
    /* The INTA cycle is answered by the 8259 (over the ExtINT bus). */
    WW_CHECK_EQ(ar_inta(&r), 0x31);
    WW_CHECK_EQ(ar_line(&r, AP_INTR), 0);
    /* The APIC took no part: its ISR stays empty. */
    WW_CHECK(!lapic_bit(&r, L_ISR, 0x31));
    ar_outb(&r, 0x20, 0x20);               /* EOI to the 8259 */
    ar_drive(&r, AD_IRQ1, 0);
    ar_free(&r);
}

WW_TEST("chips/lapic/pic-passes-through-when-globally-disabled", t_passthrough_en0)
{
    apicrig r;
    ar_init(&r);
    /* Software-enable the APIC with LINT0 masked, then clear IA32_APIC_BASE.EN. */
    ar_setup_local_apic(&r);
    ar_apicbase(&r, 0xFEE00100);
    /* §10.4.3: the processor now behaves as one without an APIC; the page is gone
     * (the message window below it reads 0) and LINT0 is INTR again. */
    WW_CHECK_EQ(lapic_rd(&r, L_VER), 0);
    ar_init_8259(&r);
    ar_outb(&r, 0x21, 0xFD);
    ar_drive(&r, AD_IRQ1, 1);
    WW_CHECK_EQ(ar_line(&r, AP_INTR), 1);
    WW_CHECK_EQ(ar_inta(&r), 0x31);
    /* Enabled again, it is in its power-up state: software-disabled. */
    ar_apicbase(&r, 0xFEE00900);
    WW_CHECK_EQ(lapic_rd(&r, L_SVR), 0xFF);
    WW_CHECK_EQ(lapic_rd(&r, L_LVT0), 0x10000);
    ar_free(&r);
}

WW_TEST("chips/lapic/linux-setup-local-apic", t_setup)
{
    apicrig r;
    ar_init(&r);
    ar_setup_local_apic(&r);
    /* What setup_local_APIC leaves, read back as verify code would. */
    WW_CHECK_EQ(lapic_rd(&r, L_SVR), 0x1FF);
    WW_CHECK_EQ(lapic_rd(&r, L_TPR), 0x10);
    WW_CHECK_EQ(lapic_rd(&r, L_PPR), 0x10);
    WW_CHECK_EQ(lapic_rd(&r, L_LDR), 0x01000000);
    WW_CHECK_EQ(lapic_rd(&r, L_DFR), 0xFFFFFFFF);
    WW_CHECK_EQ(lapic_rd(&r, L_LVT0), 0x10700);
    WW_CHECK_EQ(lapic_rd(&r, L_LVT1), 0x400);
    WW_CHECK_EQ(lapic_rd(&r, L_LVTERR), 0xFE);
    WW_CHECK_EQ(lapic_rd(&r, L_ESR), 0);
    /* The ID register is writable (xAPIC bits 31:24). */
    lapic_wr(&r, L_ID, 0x07123456);
    WW_CHECK_EQ(lapic_rd(&r, L_ID), 0x07000000);
    /* With LINT0 masked the 8259's requests no longer reach INTR. */
    ar_init_8259(&r);
    ar_outb(&r, 0x21, 0xFD);
    ar_drive(&r, AD_IRQ1, 1);
    WW_CHECK_EQ(ar_line(&r, AP_INTR), 0);
    ar_free(&r);
}

WW_TEST("chips/lapic/self-ipi-accept-inta-eoi", t_self_ipi)
{
    apicrig r;
    ar_init(&r);
    ar_setup_local_apic(&r);
    /* ICR with the "self" shorthand: the vector waits in IRR (edge: TMR 0). */
    self_ipi(&r, 0x40);
    WW_CHECK(lapic_bit(&r, L_IRR, 0x40));
    WW_CHECK(!lapic_bit(&r, L_TMR, 0x40));
    /* Delivery is synchronous: the delivery status bit reads idle. */
    WW_CHECK_EQ(lapic_rd(&r, L_ICR_LO), SELF | 0x40);
    /* INTA moves it to ISR; INTR drops; PPR takes its class. */
    take(&r, 0x40);
    WW_CHECK(!lapic_bit(&r, L_IRR, 0x40));
    WW_CHECK(lapic_bit(&r, L_ISR, 0x40));
    WW_CHECK_EQ(ar_line(&r, AP_INTR), 0);
    WW_CHECK_EQ(lapic_rd(&r, L_PPR), 0x40);
    /* EOI (any value written) retires it. */
    lapic_wr(&r, L_EOI, 0);
    WW_CHECK(!lapic_bit(&r, L_ISR, 0x40));
    WW_CHECK_EQ(lapic_rd(&r, L_PPR), 0x10);
    /* An EOI with nothing in service is harmless. */
    lapic_wr(&r, L_EOI, 0);
    WW_CHECK_EQ(lapic_rd(&r, L_PPR), 0x10);
    ar_free(&r);
}

WW_TEST("chips/lapic/priority-classes-and-nesting", t_priority)
{
    apicrig r;
    ar_init(&r);
    ar_setup_local_apic(&r);
    /* Three requests: the highest vector is taken first (§10.8.3). */
    self_ipi(&r, 0x45);
    self_ipi(&r, 0x61);
    self_ipi(&r, 0x63);
    take(&r, 0x63);
    /* 0x61 is in the class in service (6): held off until the EOI. */
    WW_CHECK_EQ(ar_line(&r, AP_INTR), 0);
    /* A higher class interrupts the handler: 0x71 nests. */
    self_ipi(&r, 0x71);
    take(&r, 0x71);
    WW_CHECK_EQ(lapic_rd(&r, L_PPR), 0x70);
    /* EOI retires the highest in service (0x71), then 0x63; then 0x61, 0x45 follow. */
    lapic_wr(&r, L_EOI, 0);
    WW_CHECK(lapic_bit(&r, L_ISR, 0x63));
    WW_CHECK(!lapic_bit(&r, L_ISR, 0x71));
    WW_CHECK_EQ(ar_line(&r, AP_INTR), 0);
    lapic_wr(&r, L_EOI, 0);
    take(&r, 0x61);
    lapic_wr(&r, L_EOI, 0);
    take(&r, 0x45);
    lapic_wr(&r, L_EOI, 0);
    WW_CHECK_EQ(ar_line(&r, AP_INTR), 0);
    /* TPR blocks classes at or below its own: 0x55 waits while TPR = 0x50. */
    lapic_wr(&r, L_TPR, 0x50);
    self_ipi(&r, 0x55);
    WW_CHECK_EQ(ar_line(&r, AP_INTR), 0);
    lapic_wr(&r, L_TPR, 0x4F);
    take(&r, 0x55);
    ar_free(&r);
}

WW_TEST("chips/lapic/spurious-interrupt", t_spurious)
{
    apicrig r;
    ar_init(&r);
    ar_setup_local_apic(&r);
    self_ipi(&r, 0x50);
    WW_CHECK_EQ(ar_line(&r, AP_INTR), 1);
    /* The CPU is committed to the INTA, but TPR rose meanwhile (§10.9):
     * the answer is the spurious vector and ISR is not touched. */
    lapic_wr(&r, L_TPR, 0x50);
    WW_CHECK_EQ(ar_inta(&r), 0xFF);
    WW_CHECK(!lapic_bit(&r, L_ISR, 0xFF));
    WW_CHECK(!lapic_bit(&r, L_ISR, 0x50));
    WW_CHECK(lapic_bit(&r, L_IRR, 0x50));
    /* The request is still there once TPR comes down. */
    lapic_wr(&r, L_TPR, 0x10);
    take(&r, 0x50);
    ar_free(&r);
}

WW_TEST("chips/lapic/ppr-and-apr", t_ppr_apr)
{
    apicrig r;
    ar_init(&r);
    ar_setup_local_apic(&r);
    /* Nothing pending or in service: PPR = APR = TPR. */
    lapic_wr(&r, L_TPR, 0x35);
    WW_CHECK_EQ(lapic_rd(&r, L_PPR), 0x35);
    WW_CHECK_EQ(lapic_rd(&r, L_APR), 0x35);
    /* A request of a higher class: APR takes the class of IRRV, PPR stays. */
    self_ipi(&r, 0x52);
    WW_CHECK_EQ(lapic_rd(&r, L_APR), 0x50);
    WW_CHECK_EQ(lapic_rd(&r, L_PPR), 0x35);
    /* In service: PPR is the ISR class (it is above TPR's). */
    take(&r, 0x52);
    WW_CHECK_EQ(lapic_rd(&r, L_PPR), 0x50);
    WW_CHECK_EQ(lapic_rd(&r, L_APR), 0x50);
    /* TPR above the service class: PPR = TPR with its subclass. */
    lapic_wr(&r, L_TPR, 0x6A);
    WW_CHECK_EQ(lapic_rd(&r, L_PPR), 0x6A);
    WW_CHECK_EQ(lapic_rd(&r, L_APR), 0x6A);
    ar_free(&r);
}

WW_TEST("chips/lapic/illegal-vectors-and-error-lvt", t_illegal)
{
    apicrig r;
    ar_init(&r);
    ar_setup_local_apic(&r);
    /* A self IPI with vector 5: not sent; "send illegal vector" and the error
     * LVT (vector 0xFE) fires. */
    self_ipi(&r, 0x05);
    WW_CHECK(!lapic_bit(&r, L_IRR, 0x05));
    WW_CHECK(lapic_bit(&r, L_IRR, 0xFE));
    /* §10.5.3: ESR shows the error only after a write. */
    WW_CHECK_EQ(lapic_rd(&r, L_ESR), 0);
    lapic_wr(&r, L_ESR, 0);
    WW_CHECK_EQ(lapic_rd(&r, L_ESR), 0x20);
    /* A message with vector 3: "received illegal vector". */
    ar_wr32(&r, 0xFEE00000, 0x03);
    lapic_wr(&r, L_ESR, 0);
    WW_CHECK_EQ(lapic_rd(&r, L_ESR), 0x40);
    /* The next write clears what was logged. */
    lapic_wr(&r, L_ESR, 0);
    WW_CHECK_EQ(lapic_rd(&r, L_ESR), 0);
    ar_free(&r);
}

WW_TEST("chips/lapic/illegal-register-address", t_illegal_reg)
{
    apicrig r;
    ar_init(&r);
    ar_setup_local_apic(&r);
    /* Offset 0x40 is reserved: it reads 0 and logs "illegal register address". */
    WW_CHECK_EQ(lapic_rd(&r, 0x040), 0);
    lapic_wr(&r, L_ESR, 0);
    WW_CHECK_EQ(lapic_rd(&r, L_ESR), 0x80);
    /* Read-only registers ignore writes without an error. */
    lapic_wr(&r, L_ESR, 0);
    lapic_wr(&r, L_VER, 0);
    lapic_wr(&r, L_PPR, 0x77);
    WW_CHECK_EQ(lapic_rd(&r, L_VER), 0x00050014);
    lapic_wr(&r, L_ESR, 0);
    WW_CHECK_EQ(lapic_rd(&r, L_ESR), 0);
    ar_free(&r);
}

WW_TEST("chips/lapic/timer-one-shot", t_timer_oneshot)
{
    apicrig r;
    ar_init(&r);
    ar_setup_local_apic(&r);
    /* Divide by 16, one-shot, vector 0xEC (Linux's LOCAL_TIMER_VECTOR), 1000 counts. */
    lapic_wr(&r, L_TDCR, 0x3);
    lapic_wr(&r, L_LVTT, 0xEC);
    lapic_wr(&r, L_TMICT, 1000);
    WW_CHECK_EQ(lapic_rd(&r, L_TMCCT), 1000);
    /* One count per 16 ns at 1 GHz. */
    ar_advance(&r, 1600);
    WW_CHECK_EQ(lapic_rd(&r, L_TMCCT), 900);
    WW_CHECK(!lapic_bit(&r, L_IRR, 0xEC));
    /* At 16 µs the count reaches 0: the interrupt, and the count stays 0. */
    ar_advance(&r, 16000 - 1600 - 1);
    WW_CHECK_EQ(lapic_rd(&r, L_TMCCT), 1);
    WW_CHECK(!lapic_bit(&r, L_IRR, 0xEC));
    ar_advance(&r, 1);
    WW_CHECK(lapic_bit(&r, L_IRR, 0xEC));
    WW_CHECK_EQ(lapic_rd(&r, L_TMCCT), 0);
    take(&r, 0xEC);
    lapic_wr(&r, L_EOI, 0);
    ar_advance(&r, 100000);
    WW_CHECK(!lapic_bit(&r, L_IRR, 0xEC));
    /* Writing 0 to the initial count stops a count in progress. */
    lapic_wr(&r, L_TMICT, 1000);
    ar_advance(&r, 160);
    lapic_wr(&r, L_TMICT, 0);
    WW_CHECK_EQ(lapic_rd(&r, L_TMCCT), 0);
    ar_advance(&r, 100000);
    WW_CHECK(!lapic_bit(&r, L_IRR, 0xEC));
    ar_free(&r);
}

WW_TEST("chips/lapic/timer-periodic", t_timer_periodic)
{
    apicrig r;
    ar_init(&r);
    ar_setup_local_apic(&r);
    /* Divide by 1, periodic, 250 µs (HZ=4000). */
    lapic_wr(&r, L_TDCR, 0xB);
    lapic_wr(&r, L_LVTT, LVT_PERIODIC | 0xEC);
    lapic_wr(&r, L_TMICT, 250000);
    for (unsigned k = 0; k < 4; k++) {
        /* Mid-period the count is half way down… */
        ar_advance(&r, 125000);
        WW_CHECK_EQ(lapic_rd(&r, L_TMCCT), 125000);
        WW_CHECK(!lapic_bit(&r, L_IRR, 0xEC));
        /* … and at the end of each period the interrupt comes, the count reloads. */
        ar_advance(&r, 125000);
        WW_CHECK(lapic_bit(&r, L_IRR, 0xEC));
        WW_CHECK_EQ(lapic_rd(&r, L_TMCCT), 250000);
        take(&r, 0xEC);
        lapic_wr(&r, L_EOI, 0);
    }
    ar_free(&r);
}

WW_TEST("chips/lapic/timer-masked-keeps-counting", t_timer_masked)
{
    apicrig r;
    ar_init(&r);
    ar_setup_local_apic(&r);
    /* Masked periodic, divide by 1, 1000 counts: no interrupt, but the count
     * runs and reloads (it reaches 0 after 1000 ns, then 1000 again). */
    lapic_wr(&r, L_TDCR, 0xB);
    lapic_wr(&r, L_LVTT, LVT_MASKED | LVT_PERIODIC | 0xEC);
    lapic_wr(&r, L_TMICT, 1000);
    ar_advance(&r, 10500);
    WW_CHECK_EQ(lapic_rd(&r, L_TMCCT), 500);
    WW_CHECK(!lapic_bit(&r, L_IRR, 0xEC));
    /* Unmasked, it interrupts at its next 0 — 500 ns on… stretched to the
     * 200 µs floor for periodic interrupts. */
    lapic_wr(&r, L_LVTT, LVT_PERIODIC | 0xEC);
    WW_CHECK_EQ(lapic_rd(&r, L_TMCCT), 500);
    ar_advance(&r, 200000);
    WW_CHECK(lapic_bit(&r, L_IRR, 0xEC));
    ar_free(&r);
}

WW_TEST("chips/lapic/timer-divide-change", t_timer_divide)
{
    apicrig r;
    ar_init(&r);
    ar_setup_local_apic(&r);
    /* Divide by 2 (TDCR 0), 1000 counts: 800 left after 400 ns. */
    lapic_wr(&r, L_LVTT, 0xEC);
    lapic_wr(&r, L_TMICT, 1000);
    ar_advance(&r, 400);
    WW_CHECK_EQ(lapic_rd(&r, L_TMCCT), 800);
    /* Divide by 1 from now: the count continues from 800, one per ns. */
    lapic_wr(&r, L_TDCR, 0xB);
    WW_CHECK_EQ(lapic_rd(&r, L_TDCR), 0xB);
    ar_advance(&r, 300);
    WW_CHECK_EQ(lapic_rd(&r, L_TMCCT), 500);
    ar_advance(&r, 500);
    WW_CHECK(lapic_bit(&r, L_IRR, 0xEC));
    /* Divide by 128 (TDCR 1010b): TDCR keeps bits 0, 1 and 3 only. */
    lapic_wr(&r, L_TDCR, 0xFA);
    WW_CHECK_EQ(lapic_rd(&r, L_TDCR), 0xA);
    lapic_wr(&r, L_TMICT, 10);
    ar_advance(&r, 1280);
    WW_CHECK_EQ(lapic_rd(&r, L_TMCCT), 0);
    ar_free(&r);
}

WW_TEST("chips/lapic/timer-calibration-against-pit", t_calibrate)
{
    apicrig r;
    ar_init(&r);
    ar_setup_local_apic(&r);
    ar_init_8259(&r);
    /* IRQ0 through the I/O APIC (pin 2, the override), vector 0x30, edge. */
    ioapic_rte(&r, 2, 0x30);
    /* PIT channel 0, mode 2, LATCH for HZ=250 (tick: 4773 / 1.193182 MHz). */
    ar_outb(&r, 0x43, 0x34);
    ar_outb(&r, 0x40, 4773 & 0xFF);
    ar_outb(&r, 0x40, 4773 >> 8);
    /* calibrate_APIC_clock: periodic, masked, divide 16, 0xFFFFFFFF counts;
     * lapic_cal_handler reads TMCCT at every PIT tick, LAPIC_CAL_LOOPS = HZ/10. */
    lapic_wr(&r, L_TDCR, 0x3);
    lapic_wr(&r, L_LVTT, LVT_MASKED | LVT_PERIODIC | 0xEC);
    lapic_wr(&r, L_TMICT, 0xFFFFFFFF);
    uint32_t t1 = 0, t2 = 0;
    unsigned ticks = 0;
    for (unsigned step = 0; step < 200000 && ticks <= 25; step++) {
        ar_advance(&r, 1000);
        if (!ar_line(&r, AP_INTR))
            continue;
        WW_CHECK_EQ(ar_inta(&r), 0x30);
        uint32_t now = lapic_rd(&r, L_TMCCT);
        if (ticks == 0)
            t1 = now;
        t2 = now;
        ticks++;
        lapic_wr(&r, L_EOI, 0);
    }
    WW_CHECK_EQ(ticks, 26);
    /* 25 PIT periods of 4773 / 1193182 s at 1 GHz / 16: within one count of
     * the exact 6 250 272, up to the 1 µs sampling step (63 counts). */
    uint64_t delta = (uint64_t)t1 - t2;
    uint64_t want = 25ull * 4773 * 1000000000 / 1193182 / 16;
    ww_test_log("APIC delta %" PRIu64 ", expected %" PRIu64, delta, want);
    WW_CHECK(delta + 64 >= want && delta <= want + 64);
    ar_free(&r);
}

WW_TEST("chips/lapic/extint-virtual-wire", t_extint)
{
    apicrig r;
    ar_init(&r);
    /* noapic: setup_local_APIC programs LINT0 as unmasked ExtINT. */
    ar_setup_local_apic(&r);
    lapic_wr(&r, L_LVT0, DM_EXTINT);
    ar_init_8259(&r);
    ar_outb(&r, 0x21, 0xFD);
    /* The 8259's INT passes as INTR, the 8259 gives the vector, bypassing
     * the APIC's priorities: TPR does not hold it off, ISR stays empty. */
    lapic_wr(&r, L_TPR, 0xF0);
    ar_drive(&r, AD_IRQ1, 1);
    take(&r, 0x31);
    WW_CHECK(!lapic_bit(&r, L_ISR, 0x31));
    WW_CHECK_EQ(ar_line(&r, AP_INTR), 0);
    /* The 8259 holds it in service until its own EOI. */
    ar_outb(&r, 0x20, 0x0B);
    WW_CHECK_EQ(ar_inb(&r, 0x20), 0x02);
    ar_outb(&r, 0x20, 0x20);
    /* Masking LINT0 cuts the virtual wire. */
    ar_drive(&r, AD_IRQ1, 0);
    lapic_wr(&r, L_LVT0, DM_EXTINT | LVT_MASKED);
    ar_drive(&r, AD_IRQ1, 1);
    WW_CHECK_EQ(ar_line(&r, AP_INTR), 0);
    ar_free(&r);
}

WW_TEST("chips/lapic/lint1-nmi", t_lint1_nmi)
{
    apicrig r;
    ar_init(&r);
    ar_setup_local_apic(&r);
    /* LVT1 = NMI: each rising edge on LINT1 is one pulse on the CPU's NMI. */
    ar_drive(&r, AD_LINT1, 1);
    WW_CHECK_EQ(ar_rises(&r, AP_NMI), 1);
    WW_CHECK_EQ(ar_line(&r, AP_NMI), 0);
    ar_drive(&r, AD_LINT1, 0);
    ar_drive(&r, AD_LINT1, 1);
    WW_CHECK_EQ(ar_rises(&r, AP_NMI), 2);
    /* Masked: nothing. */
    ar_drive(&r, AD_LINT1, 0);
    lapic_wr(&r, L_LVT1, DM_NMI | LVT_MASKED);
    ar_drive(&r, AD_LINT1, 1);
    WW_CHECK_EQ(ar_rises(&r, AP_NMI), 2);
    /* Active low: the falling edge of the pin is the assertion. */
    lapic_wr(&r, L_LVT1, DM_NMI | LVT_ACTIVE_LOW);
    ar_drive(&r, AD_LINT1, 0);
    WW_CHECK_EQ(ar_rises(&r, AP_NMI), 3);
    ar_free(&r);
}

WW_TEST("chips/lapic/lint1-passes-through-when-disabled", t_lint1_pass)
{
    apicrig r;
    ar_init(&r);
    /* Software-disabled (power-on): LINT1 is the NMI pin itself. */
    ar_drive(&r, AD_LINT1, 1);
    WW_CHECK_EQ(ar_line(&r, AP_NMI), 1);
    ar_drive(&r, AD_LINT1, 0);
    WW_CHECK_EQ(ar_line(&r, AP_NMI), 0);
    WW_CHECK_EQ(ar_rises(&r, AP_NMI), 1);
    ar_free(&r);
}

WW_TEST("chips/lapic/lint-level-remote-irr", t_lint_level)
{
    apicrig r;
    ar_init(&r);
    ar_setup_local_apic(&r);
    /* LINT1 as a level-triggered fixed interrupt, vector 0x58. */
    lapic_wr(&r, L_LVT1, LVT_LEVEL | 0x58);
    ar_drive(&r, AD_LINT1, 1);
    /* Accepted as level (TMR), and remote IRR holds further deliveries. */
    WW_CHECK(lapic_bit(&r, L_TMR, 0x58));
    WW_CHECK_EQ(lapic_rd(&r, L_LVT1), LVT_LEVEL | LVT_REMOTE_IRR | 0x58);
    take(&r, 0x58);
    /* EOI with the line still asserted: remote IRR clears, the interrupt
     * comes again. */
    lapic_wr(&r, L_EOI, 0);
    WW_CHECK(lapic_bit(&r, L_IRR, 0x58));
    take(&r, 0x58);
    /* The source goes away before the EOI: nothing more. */
    ar_drive(&r, AD_LINT1, 0);
    lapic_wr(&r, L_EOI, 0);
    WW_CHECK(!lapic_bit(&r, L_IRR, 0x58));
    WW_CHECK_EQ(lapic_rd(&r, L_LVT1), LVT_LEVEL | 0x58);
    ar_free(&r);
}

WW_TEST("chips/lapic/software-disable-masks-lvt", t_sw_disable)
{
    apicrig r;
    ar_init(&r);
    ar_setup_local_apic(&r);
    lapic_wr(&r, L_LVTT, 0xEC);
    /* §10.4.7.2: clearing the enable bit sets every mask bit … */
    lapic_wr(&r, L_SVR, 0xFF);
    WW_CHECK_EQ(lapic_rd(&r, L_LVTT), 0x100EC);
    WW_CHECK_EQ(lapic_rd(&r, L_LVT1), 0x10400);
    WW_CHECK_EQ(lapic_rd(&r, L_LVTERR), 0x100FE);
    /* … and they cannot be cleared while disabled. */
    lapic_wr(&r, L_LVTT, 0xEC);
    WW_CHECK_EQ(lapic_rd(&r, L_LVTT), 0x100EC);
    /* IRR and ISR are held; fixed messages are not accepted. */
    ar_wr32(&r, 0xFEE00000, 0x41);
    WW_CHECK(!lapic_bit(&r, L_IRR, 0x41));
    /* Enabled again, entries stay masked until written. */
    lapic_wr(&r, L_SVR, 0x1FF);
    WW_CHECK_EQ(lapic_rd(&r, L_LVTT), 0x100EC);
    lapic_wr(&r, L_LVTT, 0xEC);
    WW_CHECK_EQ(lapic_rd(&r, L_LVTT), 0xEC);
    ar_free(&r);
}

WW_TEST("chips/lapic/apic-base-relocation", t_relocate)
{
    apicrig r;
    ar_init(&r);
    ar_wr32(&r, 0xF0030, 0x12345678);   /* RAM under the new place */
    /* WRMSR 1Bh moves the page to 0x000F0000 (the CPU writes the MSR value
     * at offset 8 of its iack space). */
    ar_apicbase(&r, 0x000F0900);
    WW_CHECK_EQ(chip_reg(r.lapic, "APICBASE"), 0x000F0900);
    WW_CHECK_EQ(ar_rd32(&r, 0xF0030), 0x00050014);
    /* The old address is the message window now: it reads 0. */
    WW_CHECK_EQ(ar_rd32(&r, 0xFEE00030), 0);
    /* Registers keep their contents across the move. */
    ar_wr32(&r, 0xF0080, 0x20);
    ar_apicbase(&r, 0xFEE00900);
    WW_CHECK_EQ(lapic_rd(&r, L_TPR), 0x20);
    WW_CHECK_EQ(ar_rd32(&r, 0xF0030), 0x12345678);
    /* A base outside the 32-bit space cannot be mapped: the page is hidden. */
    ar_apicbase(&r, 0x100000900ull);
    WW_CHECK_EQ(lapic_rd(&r, L_VER), 0);
    ar_apicbase(&r, 0xFEE00900);
    WW_CHECK_EQ(lapic_rd(&r, L_VER), 0x00050014);
    ar_free(&r);
}

WW_TEST("chips/lapic/msi-messages", t_msi)
{
    apicrig r;
    ar_init(&r);
    ar_setup_local_apic(&r);
    /* Physical destination 0 (this APIC), fixed, edge: 0xFEE00000 is offset 0
     * of the register page, which takes it as a message. */
    ar_wr32(&r, 0xFEE00000, 0x51);
    WW_CHECK(lapic_bit(&r, L_IRR, 0x51));
    /* Destination 1: not this APIC. */
    ar_wr32(&r, 0xFEE01000, 0x52);
    WW_CHECK(!lapic_bit(&r, L_IRR, 0x52));
    /* Logical (DM=1), MDA 01h: LDR bit 0 in the flat model matches. */
    ar_wr32(&r, 0xFEE01004, 0x53);
    WW_CHECK(lapic_bit(&r, L_IRR, 0x53));
    ar_wr32(&r, 0xFEE02004, 0x54);
    WW_CHECK(!lapic_bit(&r, L_IRR, 0x54));
    /* Broadcast FFh, level-triggered: TMR records it. */
    ar_wr32(&r, 0xFEEFF000, 0xC055);
    WW_CHECK(lapic_bit(&r, L_IRR, 0x55));
    WW_CHECK(lapic_bit(&r, L_TMR, 0x55));
    /* Lowest priority with one processor: it is accepted here. */
    ar_wr32(&r, 0xFEE00000, 0x0156);
    WW_CHECK(lapic_bit(&r, L_IRR, 0x56));
    ar_free(&r);
}

WW_TEST("chips/lapic/msi-from-pci-function", t_msi_pci)
{
    apicrig r;
    ar_init(&r);
    ar_setup_local_apic(&r);
    /* 00:03.0: BAR0 at 0xE0000000, memory + bus master; MSI address
     * 0xFEE00000 (destination 0), data 0x0062 (fixed, vector 0x62), enabled. */
    WW_CHECK_EQ(ww_space_write(r.io, 0xcf8, 4, 0x80000000u | 3 << 11 | 0x10), WW_BUS_OK);
    WW_CHECK_EQ(ww_space_write(r.io, 0xcfc, 4, 0xE0000000), WW_BUS_OK);
    WW_CHECK_EQ(ww_space_write(r.io, 0xcf8, 4, 0x80000000u | 3 << 11 | 0x04), WW_BUS_OK);
    WW_CHECK_EQ(ww_space_write(r.io, 0xcfc, 4, 0x0006), WW_BUS_OK);
    const struct { unsigned reg; uint32_t v; } msi[] = {
        { 0x54, LAPIC_BASE }, { 0x58, 0 }, { 0x5c, 0x0062 },
    };
    for (unsigned i = 0; i < G_N_ELEMENTS(msi); i++) {
        WW_CHECK_EQ(ww_space_write(r.io, 0xcf8, 4, 0x80000000u | 3 << 11 | msi[i].reg), WW_BUS_OK);
        WW_CHECK_EQ(ww_space_write(r.io, 0xcfc, 4, msi[i].v), WW_BUS_OK);
    }
    uint64_t ctl = 0;
    ww_space_write(r.io, 0xcf8, 4, 0x80000000u | 3 << 11 | 0x50);
    ww_space_read(r.io, 0xcfc, 4, &ctl);
    ww_space_write(r.io, 0xcfc, 4, ctl | 1u << 16);
    /* The device signals: a memory write through cpu.mem reaches the APIC. */
    ar_wr32(&r, 0xE000000C, 4);
    WW_CHECK(lapic_bit(&r, L_IRR, 0x62));
    take(&r, 0x62);
    ar_free(&r);
}

WW_TEST("chips/lapic/logical-cluster-model", t_cluster)
{
    apicrig r;
    ar_init(&r);
    ar_setup_local_apic(&r);
    /* DFR cluster (0000b), LDR: cluster 2, member bit 0. */
    lapic_wr(&r, L_DFR, 0x0FFFFFFF);
    lapic_wr(&r, L_LDR, 0x21000000);
    WW_CHECK_EQ(lapic_rd(&r, L_DFR), 0x0FFFFFFF);
    /* MDA 21h and 23h name this APIC; 12h and 31h do not. */
    ar_wr32(&r, 0xFEE21004, 0x61);
    ar_wr32(&r, 0xFEE23004, 0x62);
    ar_wr32(&r, 0xFEE12004, 0x63);
    ar_wr32(&r, 0xFEE31004, 0x64);
    WW_CHECK(lapic_bit(&r, L_IRR, 0x61));
    WW_CHECK(lapic_bit(&r, L_IRR, 0x62));
    WW_CHECK(!lapic_bit(&r, L_IRR, 0x63));
    WW_CHECK(!lapic_bit(&r, L_IRR, 0x64));
    ar_free(&r);
}

WW_TEST("chips/lapic/init-and-startup", t_init_sipi)
{
    apicrig r;
    ar_init(&r);
    ar_setup_local_apic(&r);
    lapic_wr(&r, L_ID, 0x05000000);
    lapic_wr(&r, L_TPR, 0x20);
    /* INIT level de-assert (trigger level, level 0) changes nothing. */
    ar_wr32(&r, 0xFEE05000, 0x8500);
    WW_CHECK_EQ(lapic_rd(&r, L_TPR), 0x20);
    WW_CHECK_EQ(ar_rises(&r, AP_INIT), 0);
    /* INIT to APIC 5: the init pulse, and the power-up state but the ID (§10.4.7.3). */
    ar_wr32(&r, 0xFEE05000, 0x4500);
    WW_CHECK_EQ(ar_rises(&r, AP_INIT), 1);
    WW_CHECK_EQ(lapic_rd(&r, L_TPR), 0);
    WW_CHECK_EQ(lapic_rd(&r, L_SVR), 0xFF);
    WW_CHECK_EQ(lapic_rd(&r, L_LVT1), 0x10000);
    WW_CHECK_EQ(lapic_rd(&r, L_ID), 0x05000000);
    WW_CHECK_EQ(chip_reg(r.lapic, "APICBASE"), 0xFEE00900);
    /* STARTUP with vector 9Ah: recorded (software-disabled APICs take it). */
    ar_wr32(&r, 0xFEE05000, 0x469A);
    WW_CHECK_EQ(chip_state(r.lapic, "sipi", 0), 0x19A);
    /* An INIT IPI to self through the ICR with no shorthand goes out on the
     * message bus (cpu.mem) and comes back. */
    lapic_wr(&r, L_ICR_HI, 0x05000000);
    lapic_wr(&r, L_ICR_LO, 0x4500);
    WW_CHECK_EQ(ar_rises(&r, AP_INIT), 2);
    ar_free(&r);
}

WW_TEST("chips/lapic/nmi-messages-and-shorthands", t_nmi_msg)
{
    apicrig r;
    ar_init(&r);
    /* NMI is accepted even while software-disabled (§10.4.7.2) … */
    ar_wr32(&r, 0xFEE00000, 0x0400);
    WW_CHECK_EQ(ar_rises(&r, AP_NMI), 1);
    /* … fixed messages are not. */
    ar_wr32(&r, 0xFEE00000, 0x0041);
    WW_CHECK(!lapic_bit(&r, L_IRR, 0x41));
    ar_setup_local_apic(&r);
    /* "All including self" reaches this APIC (broadcast on the bus) … */
    lapic_wr(&r, L_ICR_LO, (2u << 18) | 0x42);
    WW_CHECK(lapic_bit(&r, L_IRR, 0x42));
    /* … "all excluding self" does not. */
    lapic_wr(&r, L_ICR_LO, ALL_BUT_SELF | 0x43);
    WW_CHECK(!lapic_bit(&r, L_IRR, 0x43));
    /* An NMI IPI to self. */
    lapic_wr(&r, L_ICR_LO, SELF | 0x400);
    WW_CHECK_EQ(ar_rises(&r, AP_NMI), 2);
    /* Globally disabled, not even NMI messages are taken. */
    ar_apicbase(&r, 0xFEE00100);
    ar_wr32(&r, 0xFEE00000, 0x0400);
    WW_CHECK_EQ(ar_rises(&r, AP_NMI), 2);
    ar_free(&r);
}

WW_TEST("chips/lapic/peek-does-not-acknowledge", t_peek)
{
    apicrig r;
    ar_init(&r);
    ar_setup_local_apic(&r);
    self_ipi(&r, 0x40);
    /* A debugger's read of INTA shows the vector and changes nothing. */
    WW_CHECK_EQ(ar_inta_peek(&r), 0x40);
    WW_CHECK(lapic_bit(&r, L_IRR, 0x40));
    WW_CHECK(!lapic_bit(&r, L_ISR, 0x40));
    /* Through the descriptor: every register, TMCCT included. */
    WW_CHECK_EQ(chip_reg(r.lapic, "VER"), 0x00050014);
    WW_CHECK_EQ(chip_reg(r.lapic, "PPR"), 0x10);
    /* ExtINT: a peek shows the 8259's vector without acknowledging it. */
    take(&r, 0x40);
    lapic_wr(&r, L_EOI, 0);
    lapic_wr(&r, L_LVT0, DM_EXTINT);
    ar_init_8259(&r);
    ar_outb(&r, 0x21, 0xFD);
    ar_drive(&r, AD_IRQ1, 1);
    WW_CHECK_EQ(ar_inta_peek(&r), 0x31);
    ar_outb(&r, 0x20, 0x0B);
    WW_CHECK_EQ(ar_inb(&r, 0x20), 0);
    take(&r, 0x31);
    ar_free(&r);
}

WW_TEST("chips/lapic/state-roundtrip-with-timer", t_state)
{
    apicrig a, b;
    ar_init(&a);
    ar_init(&b);
    ar_setup_local_apic(&a);
    lapic_wr(&a, L_LVTT, 0xEC);
    lapic_wr(&a, L_TMICT, 5000);
    self_ipi(&a, 0x77);
    /* Both machines at the same time; the state moves through the walk. */
    ar_advance(&a, 1000);
    ar_advance(&b, 1000);
    rig_copy_state(a.lapic, b.lapic);
    WW_CHECK_EQ(lapic_rd(&b, L_TMCCT), lapic_rd(&a, L_TMCCT));
    WW_CHECK(lapic_bit(&b, L_IRR, 0x77));
    WW_CHECK_EQ(ar_line(&b, AP_INTR), 1);   /* post_load drives INTR */
    /* The timer was saved: it fires in the copy at the same moment. */
    ar_advance(&b, 2 * 5000 - 1000);
    WW_CHECK(lapic_bit(&b, L_IRR, 0xEC));
    ar_free(&a);
    ar_free(&b);
}
