/* tests/chips/timer/pc_nmi_sc.c — port 0x61 (ICH9 NMI_SC) with the real 8254
 * behind it: gate 2, OUT2 status, speaker, refresh toggle, NMI sources, and
 * the TSC calibration loops of Linux (arch/x86/kernel/tsc.c) and SeaBIOS
 * that poll OUT2 through this port. The "CPU" here is the test: every port
 * read costs it some virtual time, as ISA I/O does (about a microsecond). */
#include "tests/chips/pcxml.h"

#define US 1000ull
#define MS 1000000ull

enum { PR_NMI = 0, PR_SPEAKER = 1, PR_GATE2 = 2, PR_OUT2 = 3 };
enum { DRV_SERR = 0, DRV_IOCHK = 1 };

static const char *const nmisc_xml =
    "<machine name='test/port61'>\n" PCXML_PICS
    "  <chip id='pit'   type='i8254' clock='1.193182MHz'/>\n"
    "  <chip id='nmisc' type='pc-nmi-sc'/>\n"
    "  <chip id='rtc'   type='mc146818'/>\n"
    "  <map space='cpu.io' at='0x40' size='4' to='pit.io'/>\n"
    "  <map space='cpu.io' at='0x61' to='nmisc.io'/>\n"
    "  <map space='cpu.io' at='0x70' size='2' to='rtc.io'/>\n"
    "  <wire from='pit.out@0'     to='pic0.ir@0'/>\n"
    "  <wire from='nmisc.gate2'   to='pit.gate@2,probe.in@2'/>\n"
    "  <wire from='pit.out@2'     to='nmisc.out2,probe.in@3'/>\n"
    "  <wire from='rtc.nmi-mask'  to='nmisc.nmi-mask'/>\n"
    "  <wire from='nmisc.nmi'     to='probe.in@0'/>\n"
    "  <wire from='nmisc.speaker' to='probe.in@1'/>\n"
    "  <wire from='probe.drv@0'   to='nmisc.serr'/>\n"
    "  <wire from='probe.drv@1'   to='nmisc.iochk'/>\n"
    "</machine>\n";

static ww_chip *nmisc(pcrig *r)
{
    return ww_machine_find_chip(r->m, "nmisc");
}

/* Counter latch command for counter 2, then LSB and MSB (in that order). */
static uint16_t latch2(pcrig *r)
{
    outb(r, 0x43, 0x80);
    uint8_t lo = inb(r, 0x42);
    uint8_t hi = inb(r, 0x42);
    return (uint16_t)(hi << 8 | lo);
}

/* A port read that costs the CPU `ns` of virtual time first. */
static uint8_t inb_slow(pcrig *r, uint16_t port, ww_time ns)
{
    advance_to(r, ww_sched_now(r->sched) + ns);
    return inb(r, port);
}

WW_TEST("chips/pc-nmi-sc/power-on", t_poweron)
{
    pcrig r;
    rig_xml(&r, nmisc_xml);
    /* 00h: gate off, speaker off, both NMI sources enabled and clear;
     * bit 5 shows OUT2, high while counter 2 is unprogrammed (mode 3). */
    WW_CHECK_EQ(inb(&r, 0x61), 0x20);
    WW_CHECK_EQ(line(&r, PR_GATE2), 0);
    WW_CHECK_EQ(line(&r, PR_SPEAKER), 0);
    WW_CHECK_EQ(line(&r, PR_NMI), 0);
    /* Nothing is scheduled for the refresh toggle. */
    WW_CHECK_EQ(ww_sched_next(r.sched), 1000000000ull);   /* the RTC's first update */
    rig_free(&r);
}

WW_TEST("chips/pc-nmi-sc/control-bits-and-readonly-status", t_bits)
{
    pcrig r;
    rig_xml(&r, nmisc_xml);
    /* Bits 3..0 read back; 7..4 are status and ignore writes. */
    outb(&r, 0x61, 0xFF);
    WW_CHECK_EQ(inb(&r, 0x61) & 0xCF, 0x0F);
    outb(&r, 0x61, 0xF0);
    WW_CHECK_EQ(inb(&r, 0x61) & 0xCF, 0x00);
    /* Bit 0 drives GATE2; bit 1 alone does not. */
    outb(&r, 0x61, 0x01);
    WW_CHECK_EQ(line(&r, PR_GATE2), 1);
    outb(&r, 0x61, 0x02);
    WW_CHECK_EQ(line(&r, PR_GATE2), 0);
    WW_CHECK_EQ(chip_reg(nmisc(&r), "CTL"), 0x02);
    rig_free(&r);
}

WW_TEST("chips/pc-nmi-sc/refresh-toggle-15us", t_refresh)
{
    pcrig r;
    rig_xml(&r, nmisc_xml);
    /* REF_TOGGLE flips every 18 clocks of 1.193182 MHz = 15.0857 µs. */
    advance_to(&r, pit_tick(18) - 1);
    WW_CHECK_EQ(inb(&r, 0x61) & 0x10, 0);
    advance_to(&r, pit_tick(18));
    WW_CHECK_EQ(inb(&r, 0x61) & 0x10, 0x10);
    advance_to(&r, pit_tick(36) - 1);
    WW_CHECK_EQ(inb(&r, 0x61) & 0x10, 0x10);
    advance_to(&r, pit_tick(36));
    WW_CHECK_EQ(inb(&r, 0x61) & 0x10, 0);
    /* Polled every 2 µs for 10 ms: 662 or 663 flips (10 ms / 15.0857 µs). */
    unsigned flips = 0, prev = inb(&r, 0x61) & 0x10;
    ww_time end = ww_sched_now(r.sched) + 10 * MS;
    while (ww_sched_now(r.sched) < end) {
        unsigned b = inb_slow(&r, 0x61, 2 * US) & 0x10;
        flips += b != prev;
        prev = b;
    }
    WW_CHECK_MSG(flips >= 662 && flips <= 663, "%u flips", flips);
    rig_free(&r);
}

WW_TEST("chips/pc-nmi-sc/refresh-delay-loop", t_refresh_delay)
{
    pcrig r;
    rig_xml(&r, nmisc_xml);
    advance_to(&r, 123456);
    /* A BIOS-style delay: wait for 66 flips of bit 4 ≈ 1 ms. */
    ww_time t0 = ww_sched_now(r.sched);
    unsigned prev = inb(&r, 0x61) & 0x10;
    for (unsigned n = 0; n < 66;) {
        unsigned b = inb_slow(&r, 0x61, 1 * US) & 0x10;
        n += b != prev;
        prev = b;
    }
    ww_time dt = ww_sched_now(r.sched) - t0;
    WW_CHECK_MSG(dt >= 980 * US && dt <= 1010 * US, "%" PRIu64 " ns", dt);
    rig_free(&r);
}

WW_TEST("chips/pc-nmi-sc/refresh-properties", t_refresh_props)
{
    pcrig r;
    char *xml = g_strdup(nmisc_xml);
    char *p = strstr(xml, "type='pc-nmi-sc'");
    WW_CHECK(p);
    char *x2 = g_strdup_printf("%.*stype='pc-nmi-sc' clock='1MHz' refresh-ticks='10'%s",
                               (int)(p - xml), xml, p + strlen("type='pc-nmi-sc'"));
    rig_xml(&r, x2);
    /* 10 clocks of 1 MHz: a flip every 10 µs. */
    advance_to(&r, 9999);
    WW_CHECK_EQ(inb(&r, 0x61) & 0x10, 0);
    advance_to(&r, 10000);
    WW_CHECK_EQ(inb(&r, 0x61) & 0x10, 0x10);
    advance_to(&r, 20000);
    WW_CHECK_EQ(inb(&r, 0x61) & 0x10, 0);
    rig_free(&r);
    g_free(xml);
    g_free(x2);
}

WW_TEST("chips/pc-nmi-sc/linux-pit-calibrate-tsc", t_linux_pit)
{
    pcrig r;
    rig_xml(&r, nmisc_xml);
    advance_to(&r, 777 * US);
    /* arch/x86/kernel/tsc.c pit_calibrate_tsc(PIT_LATCH = 11931, 10 ms, 1000):
     * gate high, speaker off. */
    outb(&r, 0x61, (uint8_t)((inb(&r, 0x61) & ~0x02) | 0x01));
    /* Counter 2, mode 0, LSB/MSB, binary: OUT2 goes low at once. */
    outb(&r, 0x43, 0xB0);
    WW_CHECK_EQ(inb(&r, 0x61) & 0x20, 0);
    uint64_t t_write = ww_ns_to_ticks(ww_sched_now(r.sched), 1193182);
    outb(&r, 0x42, 11931 & 0xff);
    outb(&r, 0x42, 11931 >> 8);
    /* tsc = t1 = get_cycles(); poll until OUT2 (bit 5) rises. */
    ww_time t1 = ww_sched_now(r.sched), tsc = t1, t2 = t1;
    uint64_t tscmin = UINT64_MAX, tscmax = 0;
    unsigned pitcnt = 0;
    while ((inb_slow(&r, 0x61, 1 * US) & 0x20) == 0) {
        t2 = ww_sched_now(r.sched);
        uint64_t delta = t2 - tsc;
        tsc = t2;
        tscmin = MIN(tscmin, delta);
        tscmax = MAX(tscmax, delta);
        pitcnt++;
    }
    t2 = ww_sched_now(r.sched);
    /* The sanity checks pass: enough loops, no SMI-like outliers. */
    WW_CHECK(pitcnt >= 1000);
    WW_CHECK(tscmax <= 10 * tscmin);
    /* OUT2 rose N+1 clocks after the count was written: 10.000 ms. */
    ww_time rise = pit_tick(t_write + 11931 + 1);
    WW_CHECK_EQ(last_rise(&r, PR_OUT2), rise);
    WW_CHECK(t2 >= rise && t2 < rise + 1 * US + 1);
    /* The kernel's result: delta / 10 ms = the "TSC" (1 GHz) in kHz, ±0.1%. */
    uint64_t khz = (t2 - t1) / 10;
    WW_CHECK_MSG(khz > 999000 && khz < 1001000, "%" PRIu64 " kHz", khz);
    rig_free(&r);
}

/* tsc.c pit_verify_msb(): ignore the LSB, compare the MSB. */
static bool verify_msb(pcrig *r, uint8_t val)
{
    inb_slow(r, 0x42, 500);
    return inb_slow(r, 0x42, 500) == val;
}

/* tsc.c pit_expect_msb(). */
static bool expect_msb(pcrig *r, uint8_t val, uint64_t *tscp, uint64_t *deltap)
{
    unsigned count;
    uint64_t tsc = 0, prev = 0;
    for (count = 0; count < 50000; count++) {
        if (!verify_msb(r, val))
            break;
        prev = tsc;
        tsc = ww_sched_now(r->sched);
    }
    *deltap = ww_sched_now(r->sched) - prev;
    *tscp = tsc;
    return count > 5;
}

WW_TEST("chips/pc-nmi-sc/linux-quick-pit-calibrate", t_quick_pit)
{
    pcrig r;
    rig_xml(&r, nmisc_xml);
    /* quick_pit_calibrate(): gate high, speaker off; counter 2 mode 0 from 0xFFFF. */
    outb(&r, 0x61, (uint8_t)((inb(&r, 0x61) & ~0x02) | 0x01));
    outb(&r, 0x43, 0xB0);
    outb(&r, 0x42, 0xFF);
    outb(&r, 0x42, 0xFF);
    /* "The PIT starts counting at the next edge": one dummy verify. */
    verify_msb(&r, 0);
    /* Follow the MSB down until the error is below 500 ppm. */
    enum { MAX_ITER = 50 * 1193182 / 1000 / 256 };
    uint64_t tsc, d1, delta = 0, d2;
    WW_CHECK(expect_msb(&r, 0xFF, &tsc, &d1));
    unsigned i;
    bool ok = false;
    for (i = 1; i <= MAX_ITER; i++) {
        WW_CHECK_MSG(expect_msb(&r, (uint8_t)(0xFF - i), &delta, &d2), "MSB 0x%02x", 0xFF - i);
        delta -= tsc;
        if (i == 1)
            WW_CHECK(d1 + d2 < (delta * MAX_ITER) >> 11);
        if (d1 + d2 >= delta >> 11)
            continue;
        WW_CHECK(verify_msb(&r, (uint8_t)(0xFE - i)));
        ok = true;
        break;
    }
    WW_CHECK(ok);
    /* success: khz = delta * PIT_TICK_RATE / (i * 256 * 1000). */
    uint64_t khz = delta * 1193182 / ((uint64_t)i * 256 * 1000);
    WW_CHECK_MSG(khz > 999500 && khz < 1000500, "%" PRIu64 " kHz after %u MSB steps", khz, i);
    rig_free(&r);
}

WW_TEST("chips/pc-nmi-sc/seabios-tsc-calibration", t_seabios)
{
    pcrig r;
    rig_xml(&r, nmisc_xml);
    advance_to(&r, 5 * MS);
    /* SeaBIOS timer_setup(): gate 2 on, speaker off; counter 2 mode 0, 0x800. */
    outb(&r, 0x61, (uint8_t)((inb(&r, 0x61) & ~0x02) | 0x01));
    outb(&r, 0x43, 0xB0);
    uint64_t tw = ww_ns_to_ticks(ww_sched_now(r.sched), 1193182);
    outb(&r, 0x42, 0x00);
    outb(&r, 0x42, 0x08);
    ww_time start = ww_sched_now(r.sched);
    while ((inb_slow(&r, 0x61, 1 * US) & 0x20) == 0)
        ;
    ww_time end = ww_sched_now(r.sched);
    /* 2049 clocks: 1.717 ms. */
    WW_CHECK(end >= pit_tick(tw + 0x801) && end <= pit_tick(tw + 0x801) + 1 * US);
    WW_CHECK(end - start > 1716 * US && end - start < 1719 * US);
    rig_free(&r);
}

WW_TEST("chips/pc-nmi-sc/gate-stops-counter2", t_gate)
{
    pcrig r;
    rig_xml(&r, nmisc_xml);
    /* Gate on, counter 2 mode 0 with 1000. */
    outb(&r, 0x61, 0x01);
    outb(&r, 0x43, 0xB0);
    outb(&r, 0x42, 0xE8);
    outb(&r, 0x42, 0x03);
    advance_ticks(&r, 500);
    /* Gate off through port 0x61: the count holds ("Mode 0", GATE low). */
    outb(&r, 0x61, 0x00);
    uint16_t c1 = latch2(&r);
    advance_ticks(&r, 5000);
    uint16_t c2 = latch2(&r);
    WW_CHECK_EQ(c1, c2);
    WW_CHECK_EQ(c1, 501);
    WW_CHECK_EQ(inb(&r, 0x61) & 0x20, 0);
    /* Gate on again: counting resumes, OUT2 rises when the 501 are done. */
    outb(&r, 0x61, 0x01);
    advance_ticks(&r, 5000 + 500);
    WW_CHECK_EQ(inb(&r, 0x61) & 0x20, 0);
    advance_ticks(&r, 5000 + 501);
    WW_CHECK_EQ(inb(&r, 0x61) & 0x20, 0x20);
    rig_free(&r);
}

WW_TEST("chips/pc-nmi-sc/out2-status-square-wave", t_out2)
{
    pcrig r;
    rig_xml(&r, nmisc_xml);
    /* Counter 2 in mode 3 with 100: bit 5 is high 50 clocks, low 50. */
    outb(&r, 0x61, 0x01);
    outb(&r, 0x43, 0xB6);
    outb(&r, 0x42, 100);
    outb(&r, 0x42, 0);
    advance_ticks(&r, 50);
    WW_CHECK_EQ(inb(&r, 0x61) & 0x20, 0x20);
    advance_ticks(&r, 51);
    WW_CHECK_EQ(inb(&r, 0x61) & 0x20, 0x00);
    advance_ticks(&r, 101);
    WW_CHECK_EQ(inb(&r, 0x61) & 0x20, 0x20);
    /* Gate low in mode 3 forces OUT2 high (8254 "Gate Pin Operations"). */
    advance_ticks(&r, 160);
    WW_CHECK_EQ(inb(&r, 0x61) & 0x20, 0x00);
    outb(&r, 0x61, 0x00);
    WW_CHECK_EQ(inb(&r, 0x61) & 0x20, 0x20);
    rig_free(&r);
}

WW_TEST("chips/pc-nmi-sc/speaker", t_speaker)
{
    pcrig r;
    rig_xml(&r, nmisc_xml);
    /* A 1 kHz beep: counter 2 mode 3, 1193; gate on but speaker data off. */
    outb(&r, 0x43, 0xB6);
    outb(&r, 0x42, 1193 & 0xff);
    outb(&r, 0x42, 1193 >> 8);
    outb(&r, 0x61, 0x01);
    advance_to(&r, 10 * MS);
    WW_CHECK_EQ(rises(&r, PR_SPEAKER), 0);
    WW_CHECK(rises(&r, PR_OUT2) >= 9);
    /* Bits 0 and 1: the speaker follows OUT2, ten cycles in 10 ms. */
    outb(&r, 0x61, 0x03);
    unsigned before = rises(&r, PR_SPEAKER);
    advance_to(&r, 20 * MS);
    unsigned n = rises(&r, PR_SPEAKER) - before;
    WW_CHECK_MSG(n >= 9 && n <= 11, "%u speaker cycles", n);
    /* Bit 1 off: silence at once. */
    outb(&r, 0x61, 0x01);
    WW_CHECK_EQ(line(&r, PR_SPEAKER), 0);
    rig_free(&r);
}

WW_TEST("chips/pc-nmi-sc/serr-nmi", t_serr)
{
    pcrig r;
    rig_xml(&r, nmisc_xml);
    /* SERR# with PCI_SERR_EN = 0: status bit 7 and an NMI. */
    drive(&r, DRV_SERR, 1);
    WW_CHECK_EQ(inb(&r, 0x61) & 0x80, 0x80);
    WW_CHECK_EQ(line(&r, PR_NMI), 1);
    /* The source stays latched after SERR# goes away. */
    drive(&r, DRV_SERR, 0);
    WW_CHECK_EQ(inb(&r, 0x61) & 0x80, 0x80);
    /* Writing bit 2 = 1 clears it (the handler's acknowledge), 0 re-enables. */
    outb(&r, 0x61, 0x04);
    WW_CHECK_EQ(inb(&r, 0x61) & 0x80, 0);
    WW_CHECK_EQ(line(&r, PR_NMI), 0);
    /* While bit 2 is 1, SERR# is ignored. */
    drive(&r, DRV_SERR, 1);
    drive(&r, DRV_SERR, 0);
    WW_CHECK_EQ(inb(&r, 0x61) & 0x80, 0);
    outb(&r, 0x61, 0x00);
    drive(&r, DRV_SERR, 1);
    WW_CHECK_EQ(rises(&r, PR_NMI), 2);
    rig_free(&r);
}

WW_TEST("chips/pc-nmi-sc/iochk-nmi", t_iochk)
{
    pcrig r;
    rig_xml(&r, nmisc_xml);
    drive(&r, DRV_IOCHK, 1);
    WW_CHECK_EQ(inb(&r, 0x61) & 0xC0, 0x40);
    WW_CHECK_EQ(line(&r, PR_NMI), 1);
    /* Bit 3 = 1 clears and disables IOCHK#; SERR# is separate. */
    outb(&r, 0x61, 0x08);
    WW_CHECK_EQ(inb(&r, 0x61) & 0x40, 0);
    WW_CHECK_EQ(line(&r, PR_NMI), 0);
    drive(&r, DRV_SERR, 1);
    WW_CHECK_EQ(inb(&r, 0x61) & 0xC0, 0x80);
    WW_CHECK_EQ(line(&r, PR_NMI), 1);
    rig_free(&r);
}

WW_TEST("chips/pc-nmi-sc/nmi-en-masks", t_nmi_en)
{
    pcrig r;
    rig_xml(&r, nmisc_xml);
    /* NMI_EN (port 0x70 bit 7, through the RTC) masks the output... */
    outb(&r, 0x70, 0x8D);
    drive(&r, DRV_SERR, 1);
    WW_CHECK_EQ(inb(&r, 0x61) & 0x80, 0x80);
    WW_CHECK_EQ(line(&r, PR_NMI), 0);
    /* ...and unmasking delivers the pending source. */
    outb(&r, 0x70, 0x0D);
    WW_CHECK_EQ(line(&r, PR_NMI), 1);
    outb(&r, 0x70, 0x80);
    WW_CHECK_EQ(line(&r, PR_NMI), 0);
    rig_free(&r);
}

WW_TEST("chips/pc-nmi-sc/reset", t_reset)
{
    pcrig r;
    rig_xml(&r, nmisc_xml);
    outb(&r, 0x61, 0x03);
    drive(&r, DRV_IOCHK, 1);
    WW_CHECK_EQ(line(&r, PR_NMI), 1);
    /* A reset puts NMI_SC at 00h: gate, speaker and sources off. */
    ww_chip_reset(nmisc(&r), WW_RESET_HARD);
    WW_CHECK_EQ(inb(&r, 0x61) & 0xCF, 0x00);
    WW_CHECK_EQ(line(&r, PR_GATE2), 0);
    WW_CHECK_EQ(line(&r, PR_NMI), 0);
    rig_free(&r);
}

WW_TEST("chips/pc-nmi-sc/debugger-write", t_debugger)
{
    pcrig r;
    rig_xml(&r, nmisc_xml);
    /* Setting CTL from the debugger acts as the guest's write would. */
    unsigned idx;
    const ww_reg_desc *d = ww_chip_find_reg(nmisc(&r)->cls, "CTL", &idx);
    WW_CHECK(d);
    ww_chip_reg_set(nmisc(&r), d, idx, 0xF1);
    WW_CHECK_EQ(line(&r, PR_GATE2), 1);
    WW_CHECK_EQ(inb(&r, 0x61) & 0x0F, 0x01);
    /* NMI_SC itself reads through the handler: the peek equals the read. */
    advance_to(&r, pit_tick(18));
    WW_CHECK_EQ(chip_reg(nmisc(&r), "NMI_SC"), inb(&r, 0x61));
    WW_CHECK_EQ(peekb(&r, 0x61), 0x31);
    rig_free(&r);
}

WW_TEST("chips/pc-nmi-sc/state-roundtrip", t_state)
{
    pcrig a, b;
    rig_xml(&a, nmisc_xml);
    rig_xml(&b, nmisc_xml);
    outb(&a, 0x61, 0x07);
    drive(&a, DRV_IOCHK, 1);
    advance_to(&a, 3 * MS);
    advance_to(&b, 3 * MS);
    /* The control bits and the latched source travel with the state. */
    rig_copy_state(nmisc(&a), nmisc(&b));
    WW_CHECK_EQ(inb(&b, 0x61) & 0xCF, inb(&a, 0x61) & 0xCF);
    WW_CHECK_EQ(inb(&b, 0x61) & 0xCF, 0x47);
    WW_CHECK_EQ(line(&b, PR_GATE2), 1);
    WW_CHECK_EQ(line(&b, PR_NMI), 1);
    rig_free(&a);
    rig_free(&b);
}

WW_TEST("chips/pc-nmi-sc/random-writes", t_random)
{
    pcrig r;
    rig_xml(&r, nmisc_xml);
    uint64_t s = 0x61;
    uint8_t ctl = 0;
    for (unsigned n = 0; n < 20000; n++) {
        uint64_t x = rig_rand(&s);
        switch (x & 3) {
        case 0:
            ctl = (uint8_t)(x >> 8);
            outb(&r, 0x61, ctl);
            break;
        case 1:
            outb(&r, (uint16_t)(0x40 + ((x >> 8) & 3)), (uint8_t)(x >> 16));
            break;
        case 2:
            advance_to(&r, ww_sched_now(r.sched) + ((x >> 8) & 0xffff));
            break;
        default: {
            /* Every read agrees with the wires: control bits, OUT2, gate. */
            uint8_t v = inb(&r, 0x61);
            WW_CHECK_EQ(v & 0x0F, ctl & 0x0F);
            WW_CHECK_EQ((v >> 5) & 1, line(&r, PR_OUT2));
            WW_CHECK_EQ(line(&r, PR_GATE2), ctl & 1);
            WW_CHECK_EQ(line(&r, PR_SPEAKER), (ctl >> 1) & line(&r, PR_OUT2) & 1);
            break;
        }
        }
    }
    rig_free(&r);
}

WW_TEST("chips/pc-nmi-sc/linux-pcspkr", t_pcspkr)
{
    pcrig r;
    rig_xml(&r, nmisc_xml);
    /* drivers/input/misc/pcspkr.c pcspkr_do_sound(440 Hz): counter 2 mode 3,
     * then bits 0 and 1 on. */
    unsigned count = 1193182 / 440;
    outb(&r, 0x43, 0xB6);
    outb(&r, 0x42, (uint8_t)count);
    outb(&r, 0x42, (uint8_t)(count >> 8));
    outb(&r, 0x61, (uint8_t)(inb(&r, 0x61) | 3));
    advance_to(&r, 100 * MS);
    unsigned n = rises(&r, PR_SPEAKER);
    WW_CHECK_MSG(n >= 43 && n <= 45, "%u cycles in 100 ms", n);
    /* Off: bits 0 and 1 cleared; no more edges, OUT2 held high by the gate. */
    outb(&r, 0x61, (uint8_t)(inb(&r, 0x61) & 0xFC));
    advance_to(&r, 200 * MS);
    WW_CHECK_EQ(rises(&r, PR_SPEAKER), n);
    WW_CHECK_EQ(inb(&r, 0x61) & 0x23, 0x20);
    rig_free(&r);
}

WW_TEST("chips/pc-nmi-sc/without-a-pit", t_nopit)
{
    pcrig r;
    rig_xml(&r, "<machine name='test/port61-alone'>\n"
                "  <space name='cpu.io' bits='16' endian='little' unmapped='open-bus'/>\n"
                "  <chip id='nmisc' type='pc-nmi-sc'/>\n"
                "  <map space='cpu.io' at='0x61' to='nmisc.io'/>\n"
                "</machine>\n");
    /* Unconnected inputs read low: no OUT2, no sources, no mask. */
    outb(&r, 0x61, 0x03);
    WW_CHECK_EQ(inb(&r, 0x61) & 0xEF, 0x03);
    advance_to(&r, pit_tick(18));
    WW_CHECK_EQ(inb(&r, 0x61), 0x13);
    rig_free(&r);
}
