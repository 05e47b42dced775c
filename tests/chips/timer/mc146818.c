/* tests/chips/timer/mc146818.c — the MC146818A RTC as PC firmware and Linux
 * drive it: index 0x70 (bit 7 = NMI mask), data 0x71, upper bank 0x72/0x73,
 * IRQ8 through the slave 8259A, all on virtual time. The time base is 32.768
 * kHz (tick k at ceil(k·1e9/32768) ns); the first update is 1 s after power-on
 * and the clock starts at 2026-01-01 00:00:00, a Thursday (day 5). */
#include "tests/chips/pcxml.h"
#include "core/backend.h"

#define SEC 1000000000ull
#define MS 1000000ull
#define US 1000ull

enum { PR_IRQ8 = 0, PR_NMI_MASK = 1 };

static void rtc_rig(pcrig *r, const char *props)
{
    char *xml = g_strdup_printf(
        "<machine name='test/rtc'>\n" PCXML_PICS
        "  <chip id='rtc' type='mc146818' %s/>\n"
        "  <map space='cpu.io' at='0x70' size='4' to='rtc.io'/>\n"
        "  <wire from='rtc.irq' to='pic1.ir@0,probe.in@0'/>\n"
        "  <wire from='rtc.nmi-mask' to='probe.in@1'/>\n"
        "</machine>\n", props ? props : "");
    rig_xml(r, xml);
    g_free(xml);
}

static ww_chip *rtc(pcrig *r)
{
    return ww_machine_find_chip(r->m, "rtc");
}

static uint8_t rd(pcrig *r, uint8_t idx)
{
    outb(r, 0x70, idx);
    return inb(r, 0x71);
}

static void wr(pcrig *r, uint8_t idx, uint8_t v)
{
    outb(r, 0x70, idx);
    outb(r, 0x71, v);
}

/* Time of 32.768 kHz tick k. */
static ww_time tick(uint64_t k)
{
    return (ww_time)(((unsigned __int128)k * SEC + 32767) / 32768);
}

/* Set the clock as a BIOS setup program does: SET, the bytes, SET off. */
static void set_time(pcrig *r, uint8_t b, const uint8_t t[10])
{
    wr(r, 0x0B, (uint8_t)(b | 0x80));
    for (unsigned i = 0; i < 10; i++)
        if (i != 1 && i != 3 && i != 5)
            wr(r, (uint8_t)i, t[i]);
    wr(r, 0x0B, b);
}

/* Advance through every event up to `end`, reading C (as an IRQ8 handler
 * does) whenever IRQ is high; returns the number of rising edges seen. */
static unsigned run_handler(pcrig *r, ww_time end)
{
    unsigned before = rises(r, PR_IRQ8);
    for (;;) {
        if (line(r, PR_IRQ8))
            rd(r, 0x0C);
        ww_time n = ww_sched_next(r->sched);
        if (n > end)
            break;
        advance_to(r, n);
    }
    advance_to(r, end);
    if (line(r, PR_IRQ8))
        rd(r, 0x0C);
    return rises(r, PR_IRQ8) - before;
}

WW_TEST("chips/mc146818/power-on", t_poweron)
{
    pcrig r;
    rtc_rig(&r, NULL);
    /* A and B as a BIOS left them: 32.768 kHz, 1024 Hz rate, 24 h, BCD. */
    WW_CHECK_EQ(rd(&r, 0x0A), 0x26);
    WW_CHECK_EQ(rd(&r, 0x0B), 0x02);
    /* No flags, VRT set (the battery is good). */
    WW_CHECK_EQ(rd(&r, 0x0C), 0x00);
    WW_CHECK_EQ(rd(&r, 0x0D), 0x80);
    /* 2026-01-01 00:00:00, Thursday, in BCD; century 20 at 0x32. */
    static const uint8_t want[10] = { 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x01, 0x01, 0x26 };
    for (unsigned i = 0; i < 10; i++)
        if (i != 1 && i != 3 && i != 5)
            WW_CHECK_EQ(rd(&r, (uint8_t)i), want[i]);
    WW_CHECK_EQ(rd(&r, 0x32), 0x20);
    /* IRQ8 is low and the only event is the first update, at 1 s. */
    WW_CHECK_EQ(line(&r, PR_IRQ8), 0);
    WW_CHECK_EQ(ww_sched_next(r.sched), SEC);
    rig_free(&r);
}

WW_TEST("chips/mc146818/seconds-count-on-virtual-time", t_count)
{
    pcrig r;
    rtc_rig(&r, NULL);
    /* One nanosecond before the first update the clock still reads 0... */
    advance_to(&r, SEC - 1);
    WW_CHECK_EQ(rd(&r, 0x00), 0x00);
    /* ...and at 1 s exactly it reads 1. */
    advance_to(&r, SEC);
    WW_CHECK_EQ(rd(&r, 0x00), 0x01);
    /* 1 h 1 min 1 s: 01:01:01 in BCD. */
    advance_to(&r, 3661 * SEC);
    WW_CHECK_EQ(rd(&r, 0x00), 0x01);
    WW_CHECK_EQ(rd(&r, 0x02), 0x01);
    WW_CHECK_EQ(rd(&r, 0x04), 0x01);
    /* A day later: the 2nd, a Friday. */
    advance_to(&r, 86400 * SEC + 3661 * SEC);
    WW_CHECK_EQ(rd(&r, 0x07), 0x02);
    WW_CHECK_EQ(rd(&r, 0x06), 0x06);
    WW_CHECK_EQ(rd(&r, 0x04), 0x01);
    rig_free(&r);
}

WW_TEST("chips/mc146818/uip-244us-before-update", t_uip)
{
    pcrig r;
    rtc_rig(&r, NULL);
    /* UIP rises 8 ticks (244.140625 µs) before the update ("Update Cycle", tBUC). */
    advance_to(&r, tick(32760) - 1);
    WW_CHECK_EQ(rd(&r, 0x0A) & 0x80, 0);
    advance_to(&r, tick(32760));
    WW_CHECK_EQ(rd(&r, 0x0A), 0xA6);
    /* The time bytes still hold the old second while UIP is set. */
    WW_CHECK_EQ(rd(&r, 0x00), 0x00);
    advance_to(&r, SEC - 1);
    WW_CHECK_EQ(rd(&r, 0x0A) & 0x80, 0x80);
    /* At the update UIP falls and the new second is there. */
    advance_to(&r, SEC);
    WW_CHECK_EQ(rd(&r, 0x0A), 0x26);
    WW_CHECK_EQ(rd(&r, 0x00), 0x01);
    /* The window repeats every second. */
    advance_to(&r, SEC + tick(32760));
    WW_CHECK_EQ(rd(&r, 0x0A) & 0x80, 0x80);
    /* UIP is read-only: writing it changes nothing. */
    wr(&r, 0x0A, 0xA6);
    advance_to(&r, 2 * SEC + 100 * MS);
    WW_CHECK_EQ(rd(&r, 0x0A), 0x26);
    rig_free(&r);
}

WW_TEST("chips/mc146818/set-inhibits-updates", t_set)
{
    pcrig r;
    rtc_rig(&r, NULL);
    wr(&r, 0x0B, 0x12);                    /* UIE on */
    advance_to(&r, SEC + tick(32760));
    WW_CHECK_EQ(rd(&r, 0x0A) & 0x80, 0x80);
    /* SET clears UIP and UIE at once ("Register B"). */
    wr(&r, 0x0B, 0x92);
    WW_CHECK_EQ(rd(&r, 0x0A) & 0x80, 0);
    WW_CHECK_EQ(rd(&r, 0x0B), 0x82);
    /* While SET is on, no update happens: the seconds stay at 1. */
    wr(&r, 0x00, 0x30);
    advance_to(&r, 5 * SEC + 500 * MS);
    WW_CHECK_EQ(rd(&r, 0x00), 0x30);
    WW_CHECK_EQ(rd(&r, 0x0A) & 0x80, 0);
    /* SET off: counting resumes at the next divider second (6 s). */
    wr(&r, 0x0B, 0x02);
    advance_to(&r, 6 * SEC - 1);
    WW_CHECK_EQ(rd(&r, 0x00), 0x30);
    advance_to(&r, 6 * SEC);
    WW_CHECK_EQ(rd(&r, 0x00), 0x31);
    rig_free(&r);
}

WW_TEST("chips/mc146818/binary-mode-rollover", t_binary)
{
    pcrig r;
    rtc_rig(&r, NULL);
    /* Binary, 24 h: Saturday 31 Dec 99, 23:59:59. */
    static const uint8_t t[10] = { 59, 0, 59, 0, 23, 0, 7, 31, 12, 99 };
    set_time(&r, 0x06, t);
    advance_to(&r, SEC);
    /* Every counter rolls over: Sunday 1 Jan 00, 00:00:00. */
    WW_CHECK_EQ(rd(&r, 0x00), 0);
    WW_CHECK_EQ(rd(&r, 0x02), 0);
    WW_CHECK_EQ(rd(&r, 0x04), 0);
    WW_CHECK_EQ(rd(&r, 0x06), 1);
    WW_CHECK_EQ(rd(&r, 0x07), 1);
    WW_CHECK_EQ(rd(&r, 0x08), 1);
    WW_CHECK_EQ(rd(&r, 0x09), 0);
    /* Binary counts past 9 without BCD carries: 59 s later, 59. */
    advance_to(&r, 60 * SEC);
    WW_CHECK_EQ(rd(&r, 0x00), 59);
    rig_free(&r);
}

WW_TEST("chips/mc146818/bcd-leap-years", t_leap)
{
    pcrig r;
    rtc_rig(&r, NULL);
    /* 28 Feb 24, 23:59:59 (BCD): 2024 is a leap year, so the 29th follows. */
    static const uint8_t t1[10] = { 0x59, 0, 0x59, 0, 0x23, 0, 0x04, 0x28, 0x02, 0x24 };
    set_time(&r, 0x02, t1);
    advance_to(&r, SEC);
    WW_CHECK_EQ(rd(&r, 0x07), 0x29);
    WW_CHECK_EQ(rd(&r, 0x08), 0x02);
    /* 29 Feb 24 23:59:59 → 1 March. */
    static const uint8_t t2[10] = { 0x59, 0, 0x59, 0, 0x23, 0, 0x05, 0x29, 0x02, 0x24 };
    set_time(&r, 0x02, t2);
    advance_to(&r, 2 * SEC);
    WW_CHECK_EQ(rd(&r, 0x07), 0x01);
    WW_CHECK_EQ(rd(&r, 0x08), 0x03);
    /* 28 Feb 25 23:59:59 → 1 March (not a leap year). */
    static const uint8_t t3[10] = { 0x59, 0, 0x59, 0, 0x23, 0, 0x06, 0x28, 0x02, 0x25 };
    set_time(&r, 0x02, t3);
    advance_to(&r, 3 * SEC);
    WW_CHECK_EQ(rd(&r, 0x07), 0x01);
    WW_CHECK_EQ(rd(&r, 0x08), 0x03);
    /* 30 April → 1 May; BCD carries 0x09 → 0x10 in the date. */
    static const uint8_t t4[10] = { 0x59, 0, 0x59, 0, 0x23, 0, 0x04, 0x30, 0x04, 0x26 };
    set_time(&r, 0x02, t4);
    advance_to(&r, 4 * SEC);
    WW_CHECK_EQ(rd(&r, 0x07), 0x01);
    WW_CHECK_EQ(rd(&r, 0x08), 0x05);
    static const uint8_t t5[10] = { 0x59, 0, 0x59, 0, 0x23, 0, 0x04, 0x09, 0x05, 0x26 };
    set_time(&r, 0x02, t5);
    advance_to(&r, 5 * SEC);
    WW_CHECK_EQ(rd(&r, 0x07), 0x10);
    rig_free(&r);
}

WW_TEST("chips/mc146818/12-hour-mode", t_12h)
{
    pcrig r;
    rtc_rig(&r, NULL);
    /* 12-hour BCD (B = 0): 11:59:59 AM → 12:00:00 PM (0x92). */
    static const uint8_t am[10] = { 0x59, 0, 0x59, 0, 0x11, 0, 0x05, 0x01, 0x01, 0x26 };
    set_time(&r, 0x00, am);
    advance_to(&r, SEC);
    WW_CHECK_EQ(rd(&r, 0x04), 0x92);
    WW_CHECK_EQ(rd(&r, 0x07), 0x01);
    /* 12:59:59 PM → 1 PM (0x81). */
    wr(&r, 0x02, 0x59); wr(&r, 0x00, 0x59);
    advance_to(&r, 2 * SEC);
    WW_CHECK_EQ(rd(&r, 0x04), 0x81);
    /* 11:59:59 PM → 12:00:00 AM (0x12) of the next day. */
    static const uint8_t pm[10] = { 0x59, 0, 0x59, 0, 0x91, 0, 0x05, 0x01, 0x01, 0x26 };
    set_time(&r, 0x00, pm);
    advance_to(&r, 3 * SEC);
    WW_CHECK_EQ(rd(&r, 0x04), 0x12);
    WW_CHECK_EQ(rd(&r, 0x07), 0x02);
    WW_CHECK_EQ(rd(&r, 0x06), 0x06);
    /* 12:59:59 AM → 1 AM. */
    wr(&r, 0x02, 0x59); wr(&r, 0x00, 0x59);
    advance_to(&r, 4 * SEC);
    WW_CHECK_EQ(rd(&r, 0x04), 0x01);
    /* Binary 12-hour: 11 PM is 0x8B; the next hour is 12 AM = 12. */
    static const uint8_t bpm[10] = { 59, 0, 59, 0, 0x8B, 0, 5, 1, 1, 26 };
    set_time(&r, 0x04, bpm);
    advance_to(&r, 5 * SEC);
    WW_CHECK_EQ(rd(&r, 0x04), 12);
    rig_free(&r);
}

WW_TEST("chips/mc146818/periodic-1024hz-irq8", t_periodic)
{
    pcrig r;
    rtc_rig(&r, NULL);
    pic_init_linux(&r, false);
    /* PIE at the default rate (RS = 6: 32 ticks = 976.5625 µs). */
    wr(&r, 0x0B, 0x42);
    /* The first edge is tick 32, on the divider's phase. */
    advance_to(&r, tick(32) - 1);
    WW_CHECK_EQ(line(&r, PR_IRQ8), 0);
    advance_to(&r, tick(32));
    WW_CHECK_EQ(line(&r, PR_IRQ8), 1);
    /* IRQ8 reaches the CPU as the slave's vector 0x28. */
    WW_CHECK_EQ(line(&r, PX_PIC0_INT), 1);
    WW_CHECK_EQ(iack(&r), 0x28);
    /* Reading C acknowledges: IRQF|PF, then IRQ8 drops. */
    WW_CHECK_EQ(rd(&r, 0x0C), 0xC0);
    WW_CHECK_EQ(line(&r, PR_IRQ8), 0);
    outb(&r, 0xA0, 0x20);
    outb(&r, 0x20, 0x20);
    /* The next edge comes one period later, at tick 64. */
    advance_to(&r, tick(64));
    WW_CHECK_EQ(last_rise(&r, PR_IRQ8), tick(64));
    rd(&r, 0x0C);
    /* A handler that reads C every time sees 1024 interrupts per second. */
    WW_CHECK_EQ(run_handler(&r, tick(64) + SEC), 1024);
    rig_free(&r);
}

WW_TEST("chips/mc146818/rate-select-table", t_rates)
{
    pcrig r;
    rtc_rig(&r, NULL);
    wr(&r, 0x0B, 0x42);
    /* "Periodic Interrupt Rate": RS 3..15 give 8192 Hz .. 2 Hz; RS 1 and 2
     * repeat 256 and 128 Hz with a 32.768 kHz time base. */
    static const unsigned hz[16] = { 0, 256, 128, 8192, 4096, 2048, 1024, 512, 256, 128, 64,
                                     32, 16, 8, 4, 2 };
    ww_time t = SEC;
    for (unsigned rs = 1; rs < 16; rs++) {
        advance_to(&r, t);
        wr(&r, 0x0A, (uint8_t)(0x20 | rs));
        rd(&r, 0x0C);
        unsigned n = run_handler(&r, t + SEC);
        WW_CHECK_MSG(n == hz[rs], "RS=%u: %u interrupts in a second, want %u", rs, n, hz[rs]);
        t += SEC;
    }
    /* RS = 0: no periodic flag and no events besides the update. */
    advance_to(&r, t);
    wr(&r, 0x0A, 0x20);
    rd(&r, 0x0C);
    WW_CHECK_EQ(ww_sched_next(r.sched), t + SEC);
    advance_to(&r, t + SEC - 1);
    WW_CHECK_EQ(rd(&r, 0x0C), 0x00);
    rig_free(&r);
}

WW_TEST("chips/mc146818/pf-polled-without-pie", t_pf_poll)
{
    pcrig r;
    rtc_rig(&r, NULL);
    /* PIE off: PF still sets at the rate, IRQ stays low, no timer runs. */
    WW_CHECK_EQ(ww_sched_next(r.sched), SEC);
    advance_to(&r, tick(31));
    WW_CHECK_EQ(rd(&r, 0x0C), 0x00);
    advance_to(&r, tick(32));
    WW_CHECK_EQ(rd(&r, 0x0C), 0x40);
    WW_CHECK_EQ(line(&r, PR_IRQ8), 0);
    /* The read cleared it; it is set again only at the next edge. */
    advance_to(&r, tick(63));
    WW_CHECK_EQ(rd(&r, 0x0C), 0x00);
    advance_to(&r, tick(64));
    WW_CHECK_EQ(rd(&r, 0x0C), 0x40);
    /* Enabling PIE while PF is pending asserts IRQ at once ("Interrupts"). */
    advance_to(&r, tick(100));
    wr(&r, 0x0B, 0x42);
    WW_CHECK_EQ(line(&r, PR_IRQ8), 1);
    WW_CHECK_EQ(rd(&r, 0x0C), 0xC0);
    WW_CHECK_EQ(line(&r, PR_IRQ8), 0);
    /* Disabling PIE drops IRQ even with PF set: IRQF is PF·PIE. */
    advance_to(&r, tick(128));
    WW_CHECK_EQ(line(&r, PR_IRQ8), 1);
    wr(&r, 0x0B, 0x02);
    WW_CHECK_EQ(line(&r, PR_IRQ8), 0);
    WW_CHECK_EQ(rd(&r, 0x0C), 0x40);
    rig_free(&r);
}

WW_TEST("chips/mc146818/update-ended-interrupt", t_uf)
{
    pcrig r;
    rtc_rig(&r, NULL);
    wr(&r, 0x0A, 0x20);                 /* no periodic rate: C shows only UF/AF */
    wr(&r, 0x0B, 0x12);                 /* UIE */
    /* UF and IRQ once per second, at the update. */
    advance_to(&r, SEC - 1);
    WW_CHECK_EQ(line(&r, PR_IRQ8), 0);
    advance_to(&r, SEC);
    WW_CHECK_EQ(line(&r, PR_IRQ8), 1);
    WW_CHECK_EQ(rd(&r, 0x0C), 0x90);
    WW_CHECK_EQ(line(&r, PR_IRQ8), 0);
    /* Ten more seconds, ten interrupts; each one right after the time changed. */
    WW_CHECK_EQ(run_handler(&r, 11 * SEC), 10);
    WW_CHECK_EQ(last_rise(&r, PR_IRQ8), 11 * SEC);
    WW_CHECK_EQ(rd(&r, 0x00), 0x11);
    /* Without UIE UF is still set each second, without IRQ. */
    wr(&r, 0x0B, 0x02);
    advance_to(&r, 12 * SEC);
    WW_CHECK_EQ(line(&r, PR_IRQ8), 0);
    WW_CHECK_EQ(rd(&r, 0x0C), 0x10);
    rig_free(&r);
}

WW_TEST("chips/mc146818/alarm", t_alarm)
{
    pcrig r;
    rtc_rig(&r, NULL);
    wr(&r, 0x0A, 0x20);
    /* Alarm at 00:00:05 (BCD), AIE on. */
    wr(&r, 0x01, 0x05);
    wr(&r, 0x03, 0x00);
    wr(&r, 0x05, 0x00);
    wr(&r, 0x0B, 0x22);
    advance_to(&r, 4 * SEC);
    WW_CHECK_EQ(line(&r, PR_IRQ8), 0);
    WW_CHECK_EQ(rd(&r, 0x0C), 0x10);    /* only UF so far */
    advance_to(&r, 5 * SEC);
    WW_CHECK_EQ(line(&r, PR_IRQ8), 1);
    WW_CHECK_EQ(rd(&r, 0x0C), 0xB0);    /* IRQF AF UF */
    /* The next second does not match: AF stays clear. */
    advance_to(&r, 6 * SEC);
    WW_CHECK_EQ(rd(&r, 0x0C), 0x10);
    /* Don't-care hours and minutes (0xC0-0xFF): every minute at :30. */
    wr(&r, 0x01, 0x30);
    wr(&r, 0x03, 0xFF);
    wr(&r, 0x05, 0xC0);
    unsigned n = run_handler(&r, 200 * SEC);
    WW_CHECK_EQ(n, 3);                  /* 0:00:30, 0:01:30, 0:02:30 */
    WW_CHECK_EQ(last_rise(&r, PR_IRQ8), 150 * SEC);
    /* All three don't care: every second. */
    wr(&r, 0x01, 0xC0);
    WW_CHECK_EQ(run_handler(&r, 210 * SEC), 10);
    rig_free(&r);
}

WW_TEST("chips/mc146818/alarm-12-hour-pm", t_alarm12)
{
    pcrig r;
    rtc_rig(&r, NULL);
    wr(&r, 0x0A, 0x20);
    /* 12-hour BCD, 1:59:58 PM; alarm at 2:00:00 PM (hours 0x82). */
    static const uint8_t t[10] = { 0x58, 0, 0x59, 0, 0x81, 0, 0x05, 0x01, 0x01, 0x26 };
    set_time(&r, 0x00, t);
    wr(&r, 0x01, 0x00);
    wr(&r, 0x03, 0x00);
    wr(&r, 0x05, 0x82);
    wr(&r, 0x0B, 0x20);
    advance_to(&r, SEC);
    WW_CHECK_EQ(line(&r, PR_IRQ8), 0);
    advance_to(&r, 2 * SEC);
    WW_CHECK_EQ(line(&r, PR_IRQ8), 1);
    WW_CHECK_EQ(rd(&r, 0x04), 0x82);
    /* 2:00:00 AM would be 0x02 — an AM alarm does not match PM. */
    rig_free(&r);
}

WW_TEST("chips/mc146818/divider-reset", t_divider)
{
    pcrig r;
    rtc_rig(&r, NULL);
    advance_to(&r, 300 * MS);
    rd(&r, 0x0C);
    /* DV = 11x holds the divider: no updates, no UIP, no PF. */
    wr(&r, 0x0A, 0x76);
    advance_to(&r, 5 * SEC);
    WW_CHECK_EQ(rd(&r, 0x00), 0x00);
    WW_CHECK_EQ(rd(&r, 0x0A), 0x76);
    WW_CHECK_EQ(rd(&r, 0x0C), 0x00);
    WW_CHECK_EQ(ww_sched_next(r.sched), WW_TIME_NEVER);
    /* Back to 010 ten ticks after 5 s: the first update comes 500 ms later
     * ("Divider Stages"). */
    uint64_t t0 = 5 * 32768 + 10;
    advance_to(&r, tick(t0));
    wr(&r, 0x0A, 0x26);
    advance_to(&r, tick(t0 + 16384 - 8) - 1);
    WW_CHECK_EQ(rd(&r, 0x0A) & 0x80, 0);
    advance_to(&r, tick(t0 + 16384 - 8));
    WW_CHECK_EQ(rd(&r, 0x0A) & 0x80, 0x80);
    advance_to(&r, tick(t0 + 16384) - 1);
    WW_CHECK_EQ(rd(&r, 0x00), 0x00);
    advance_to(&r, tick(t0 + 16384));
    WW_CHECK_EQ(rd(&r, 0x00), 0x01);
    /* Then once a second on the new phase. */
    advance_to(&r, tick(t0 + 16384 + 32768) - 1);
    WW_CHECK_EQ(rd(&r, 0x00), 0x01);
    advance_to(&r, tick(t0 + 16384 + 32768));
    WW_CHECK_EQ(rd(&r, 0x00), 0x02);
    /* The periodic edges moved with the divider: t0 + 32k ticks. */
    rd(&r, 0x0C);
    advance_to(&r, tick(t0 + 16384 + 32768 + 31));
    WW_CHECK_EQ(rd(&r, 0x0C) & 0x40, 0);
    advance_to(&r, tick(t0 + 16384 + 32768 + 32));
    WW_CHECK_EQ(rd(&r, 0x0C) & 0x40, 0x40);
    rig_free(&r);
}

WW_TEST("chips/mc146818/reset-keeps-clock-and-ram", t_reset)
{
    pcrig r;
    rtc_rig(&r, NULL);
    wr(&r, 0x0B, 0x7B);                 /* PIE AIE UIE SQWE 24h DSE */
    wr(&r, 0x40, 0x5A);
    wr(&r, 0x0A, 0x2F);
    advance_to(&r, 2500 * MS);
    WW_CHECK_EQ(line(&r, PR_IRQ8), 1);
    /* RESET clears PIE AIE UIE SQWE and the flags, keeps DM 24/12 DSE SET. */
    ww_machine_reset(r.m, WW_RESET_HARD);
    WW_CHECK_EQ(line(&r, PR_IRQ8), 0);
    WW_CHECK_EQ(rd(&r, 0x0B), 0x03);
    WW_CHECK_EQ(rd(&r, 0x0C), 0x00);
    /* A, the RAM and the running clock are untouched. */
    WW_CHECK_EQ(rd(&r, 0x0A), 0x2F);
    WW_CHECK_EQ(rd(&r, 0x40), 0x5A);
    WW_CHECK_EQ(rd(&r, 0x00), 0x02);
    advance_to(&r, 3 * SEC);
    WW_CHECK_EQ(rd(&r, 0x00), 0x03);
    rig_free(&r);
}

WW_TEST("chips/mc146818/cmos-ram-and-nmi-mask", t_ram)
{
    pcrig r;
    rtc_rig(&r, NULL);
    /* Every RAM byte 0x0E-0x7F keeps what is written. */
    for (unsigned i = 0x0E; i < 0x80; i++)
        wr(&r, (uint8_t)i, (uint8_t)(i * 7 + 3));
    for (unsigned i = 0x0E; i < 0x80; i++)
        WW_CHECK_EQ(rd(&r, (uint8_t)i), (uint8_t)(i * 7 + 3));
    /* Index bit 7 is the NMI mask, not an address bit: 0x8F reads byte 0x0F. */
    WW_CHECK_EQ(rd(&r, 0x8F), (uint8_t)(0x0F * 7 + 3));
    WW_CHECK_EQ(line(&r, PR_NMI_MASK), 1);
    WW_CHECK_EQ(chip_reg(rtc(&r), "INDEX"), 0x8F);
    rd(&r, 0x0F);
    WW_CHECK_EQ(line(&r, PR_NMI_MASK), 0);
    /* The index port reads 0xFF; so does the upper bank without size=256. */
    WW_CHECK_EQ(inb(&r, 0x70), 0xFF);
    WW_CHECK_EQ(inb(&r, 0x73), 0xFF);
    /* Writes to C and D are ignored. */
    wr(&r, 0x0C, 0xF0);
    wr(&r, 0x0D, 0x00);
    WW_CHECK_EQ(rd(&r, 0x0C), 0x00);
    WW_CHECK_EQ(rd(&r, 0x0D), 0x80);
    rig_free(&r);
}

WW_TEST("chips/mc146818/upper-bank", t_upper)
{
    pcrig r;
    rtc_rig(&r, "size='256'");
    /* 0x72/0x73 reach bytes 0x80-0xFF (ICH9); bit 7 of the index is ignored. */
    for (unsigned i = 0; i < 128; i++) {
        outb(&r, 0x72, (uint8_t)i);
        outb(&r, 0x73, (uint8_t)(0xFF - i));
    }
    outb(&r, 0x72, 0x85);
    WW_CHECK_EQ(inb(&r, 0x73), 0xFA);
    WW_CHECK_EQ(chip_reg(rtc(&r), "CMOS85"), 0xFA);
    WW_CHECK_EQ(chip_reg(rtc(&r), "CMOSFF"), 0x80);
    /* The lower bank is separate: index 0x05 is the hours alarm. */
    WW_CHECK_EQ(rd(&r, 0x05), 0x00);
    rig_free(&r);
}

WW_TEST("chips/mc146818/memory-size-bytes", t_membytes)
{
    pcrig r;
    rtc_rig(&r, "ram-below-4g='512MiB' ram-above-4g='4GiB' cpus='4' boot-order='cdn'");
    /* QEMU pc_cmos_init's layout, which SeaBIOS reads. Base memory 640 KiB. */
    WW_CHECK_EQ(rd(&r, 0x15), 0x80);
    WW_CHECK_EQ(rd(&r, 0x16), 0x02);
    /* Extended memory above 1 MiB in KiB, capped at 0xFFFF, twice. */
    WW_CHECK_EQ(rd(&r, 0x17), 0xFF);
    WW_CHECK_EQ(rd(&r, 0x18), 0xFF);
    WW_CHECK_EQ(rd(&r, 0x30), 0xFF);
    WW_CHECK_EQ(rd(&r, 0x31), 0xFF);
    /* Above 16 MiB in 64 KiB units: 496 MiB = 0x1F00. */
    WW_CHECK_EQ(rd(&r, 0x34), 0x00);
    WW_CHECK_EQ(rd(&r, 0x35), 0x1F);
    /* Above 4 GiB in 64 KiB units: 0x010000. */
    WW_CHECK_EQ(rd(&r, 0x5B), 0x00);
    WW_CHECK_EQ(rd(&r, 0x5C), 0x00);
    WW_CHECK_EQ(rd(&r, 0x5D), 0x01);
    /* CPUs - 1; boot order c, d, n as nibbles 2, 3, 4. */
    WW_CHECK_EQ(rd(&r, 0x5F), 3);
    WW_CHECK_EQ(rd(&r, 0x3D), 0x32);
    WW_CHECK_EQ(rd(&r, 0x38), 0x40);
    /* Equipment: FPU and PS/2 mouse; no floppy; AT checksum of 0x10-0x2D. */
    WW_CHECK_EQ(rd(&r, 0x14), 0x06);
    WW_CHECK_EQ(rd(&r, 0x10), 0x00);
    WW_CHECK_EQ(rd(&r, 0x2E), 0x02);
    WW_CHECK_EQ(rd(&r, 0x2F), 0x86);
    rig_free(&r);
    /* A small machine: 15 MiB has nothing above 16 MiB; 14 MiB extended. */
    rtc_rig(&r, "ram-below-4g='15MiB'");
    WW_CHECK_EQ(rd(&r, 0x34), 0x00);
    WW_CHECK_EQ(rd(&r, 0x35), 0x00);
    WW_CHECK_EQ(rd(&r, 0x17), 0x00);
    WW_CHECK_EQ(rd(&r, 0x18), 0x38);
    /* The default boot order "cad": 0x3D = a|c, 0x38 = d in the high nibble. */
    WW_CHECK_EQ(rd(&r, 0x3D), 0x12);
    WW_CHECK_EQ(rd(&r, 0x38), 0x30);
    rig_free(&r);
    /* The q35 default of 128 MiB: 112 MiB above 16 MiB = 0x0700. */
    rtc_rig(&r, "ram-below-4g='128MiB'");
    WW_CHECK_EQ(rd(&r, 0x34), 0x00);
    WW_CHECK_EQ(rd(&r, 0x35), 0x07);
    rig_free(&r);
}

static bool try_props(const char *const *kv, GError **err)
{
    ww_machine *m = ww_machine_new();
    ww_chip *c = ww_machine_add_chip(m, "mc146818", "rtc", err);
    bool ok = c != NULL;
    for (unsigned i = 0; ok && kv[i]; i += 2)
        ok = ww_chip_set_prop(c, kv[i], kv[i + 1], err);
    ok = ok && ww_machine_realize(m, err);
    ww_machine_free(m);
    return ok;
}

WW_TEST("chips/mc146818/preload-property", t_preload)
{
    pcrig r;
    rtc_rig(&r, "cpus='2' cmos='0x3d=0x21, 0x40=7,0x5f=0x09'");
    /* The cmos bytes are written after the configuration ones. */
    WW_CHECK_EQ(rd(&r, 0x3D), 0x21);
    WW_CHECK_EQ(rd(&r, 0x40), 0x07);
    WW_CHECK_EQ(rd(&r, 0x5F), 0x09);
    rig_free(&r);
    GError *err = NULL;
    /* The clock and control bytes are not RAM: refused, as are malformed items. */
    const char *const bad1[] = { "cmos", "0x05=1", NULL };
    WW_CHECK_ERR(try_props(bad1, &err), err, "0x0e");
    const char *const bad2[] = { "cmos", "0x3d", NULL };
    WW_CHECK_ERR(try_props(bad2, &err), err, "OFFSET=BYTE");
    const char *const bad3[] = { "cmos", "0x40=256", NULL };
    WW_CHECK_ERR(try_props(bad3, &err), err, "OFFSET=BYTE");
    /* The upper bank is only there with size=256. */
    const char *const bad4[] = { "cmos", "0x90=1", NULL };
    WW_CHECK_ERR(try_props(bad4, &err), err, "0x7f");
    const char *const ok4[] = { "cmos", "0x90=1", "size", "256", NULL };
    WW_CHECK_NOERR(try_props(ok4, &err), err);
    /* Boot devices are a, b, c, d, n, at most three. */
    const char *const bad5[] = { "boot-order", "cx", NULL };
    WW_CHECK_ERR(try_props(bad5, &err), err, "'x'");
    const char *const bad6[] = { "boot-order", "cdna", NULL };
    WW_CHECK_ERR(try_props(bad6, &err), err, "at most 3");
}

WW_TEST("chips/mc146818/date-property", t_date)
{
    pcrig r;
    rtc_rig(&r, "date='1999-12-31T23:59:58'");
    /* Friday 31 Dec 1999, 23:59:58; century 19. */
    WW_CHECK_EQ(rd(&r, 0x00), 0x58);
    WW_CHECK_EQ(rd(&r, 0x04), 0x23);
    WW_CHECK_EQ(rd(&r, 0x06), 0x06);
    WW_CHECK_EQ(rd(&r, 0x09), 0x99);
    WW_CHECK_EQ(rd(&r, 0x32), 0x19);
    /* Two seconds in, the year rolls to 00; the chip leaves the century byte alone. */
    advance_to(&r, 2 * SEC);
    WW_CHECK_EQ(rd(&r, 0x09), 0x00);
    WW_CHECK_EQ(rd(&r, 0x08), 0x01);
    WW_CHECK_EQ(rd(&r, 0x06), 0x07);
    WW_CHECK_EQ(rd(&r, 0x32), 0x19);
    rig_free(&r);
    GError *err = NULL;
    /* Impossible dates are refused at creation. */
    const char *const bad1[] = { "date", "2026-02-29T00:00:00", NULL };
    WW_CHECK_ERR(try_props(bad1, &err), err, "YYYY-MM-DD");
    const char *const bad2[] = { "date", "2026-01-01 00:00", NULL };
    WW_CHECK_ERR(try_props(bad2, &err), err, "YYYY-MM-DD");
    const char *const ok1[] = { "date", "2024-02-29T12:00:00", NULL };
    WW_CHECK_NOERR(try_props(ok1, &err), err);
    /* "host" takes the host clock (only checked to be plausible). */
    rtc_rig(&r, "date='host'");
    WW_CHECK(rd(&r, 0x09) >= 0x24 && rd(&r, 0x32) >= 0x20);
    rig_free(&r);
}

WW_TEST("chips/mc146818/dse", t_dse)
{
    pcrig r;
    rtc_rig(&r, NULL);
    /* Sunday 26 April 2026 (the last one), 1:59:58, DSE on. */
    static const uint8_t apr[10] = { 0x58, 0, 0x59, 0, 0x01, 0, 0x01, 0x26, 0x04, 0x26 };
    set_time(&r, 0x03, apr);
    advance_to(&r, SEC);
    WW_CHECK_EQ(rd(&r, 0x00), 0x59);
    /* 1:59:59 → 3:00:00. */
    advance_to(&r, 2 * SEC);
    WW_CHECK_EQ(rd(&r, 0x04), 0x03);
    WW_CHECK_EQ(rd(&r, 0x02), 0x00);
    WW_CHECK_EQ(rd(&r, 0x00), 0x00);
    /* Sunday 19 April is not the last Sunday: 1:59:59 → 2:00:00. */
    static const uint8_t apr19[10] = { 0x59, 0, 0x59, 0, 0x01, 0, 0x01, 0x19, 0x04, 0x26 };
    set_time(&r, 0x03, apr19);
    advance_to(&r, 3 * SEC);
    WW_CHECK_EQ(rd(&r, 0x04), 0x02);
    /* Sunday 25 October 2026, 1:59:59: the first time back to 1:00:00... */
    static const uint8_t oct[10] = { 0x59, 0, 0x59, 0, 0x01, 0, 0x01, 0x25, 0x10, 0x26 };
    set_time(&r, 0x03, oct);
    advance_to(&r, 4 * SEC);
    WW_CHECK_EQ(rd(&r, 0x04), 0x01);
    WW_CHECK_EQ(rd(&r, 0x02), 0x00);
    WW_CHECK_EQ(rd(&r, 0x00), 0x00);
    /* ...the second time on to 2:00:00. */
    advance_to(&r, (4 + 3600) * SEC);
    WW_CHECK_EQ(rd(&r, 0x04), 0x02);
    WW_CHECK_EQ(rd(&r, 0x02), 0x00);
    /* Without DSE nothing special happens on those Sundays. */
    static const uint8_t apr2[10] = { 0x59, 0, 0x59, 0, 0x01, 0, 0x01, 0x26, 0x04, 0x26 };
    set_time(&r, 0x02, apr2);
    advance_to(&r, (5 + 3600) * SEC);
    WW_CHECK_EQ(rd(&r, 0x04), 0x02);
    rig_free(&r);
}

WW_TEST("chips/mc146818/seabios-rtc-setup", t_seabios)
{
    pcrig r;
    rtc_rig(&r, NULL);
    /* Start inside an update window so rtc_updating() has to wait. */
    advance_to(&r, 2 * SEC - 100 * US);
    /* SeaBIOS rtc_setup(): every index write sets NMI_DISABLE_BIT (0x80). */
    wr(&r, 0x8A, 0x26);                               /* 32 kHz, 976.5 µs */
    uint8_t b = rd(&r, 0x8B);
    wr(&r, 0x8B, (uint8_t)((b & ~0x01) | 0x02));      /* mask(~DSE, 24HR) */
    rd(&r, 0x8C);
    rd(&r, 0x8D);
    WW_CHECK_EQ(line(&r, PR_NMI_MASK), 1);
    /* rtc_updating(): wait while UIP is set (yielding ~10 µs per poll). */
    unsigned polls = 0;
    while (rd(&r, 0x8A) & 0x80) {
        advance_to(&r, ww_sched_now(r.sched) + 10 * US);
        polls++;
    }
    WW_CHECK(polls >= 9 && polls <= 11);
    /* clock_setup(): BCD seconds, minutes, hours and the century byte. */
    WW_CHECK_EQ(rd(&r, 0x80), 0x02);
    WW_CHECK_EQ(rd(&r, 0x82), 0x00);
    WW_CHECK_EQ(rd(&r, 0x84), 0x00);
    WW_CHECK_EQ(rd(&r, 0xB2), 0x20);
    /* rtc_use(): PIE on for the int 15h wait; IRQ8 comes at 1024 Hz. */
    b = rd(&r, 0x8B);
    wr(&r, 0x8B, (uint8_t)(b | 0x40));
    WW_CHECK_EQ(run_handler(&r, ww_sched_now(r.sched) + 100 * MS), 102);
    rig_free(&r);
}

/* Linux 6.1 drivers/rtc/rtc-mc146818-lib.c mc146818_get_time(): read the
 * seconds, retry after mdelay(1) while UIP is set, re-read and compare. */
static unsigned linux_get_time(pcrig *r, uint8_t out[6])
{
    unsigned iter = 0;
    for (;;) {
        iter++;
        uint8_t sec = rd(r, 0x00);
        if (rd(r, 0x0A) & 0x80) {
            advance_to(r, ww_sched_now(r->sched) + MS);
            continue;
        }
        if (sec != rd(r, 0x00))
            continue;
        out[0] = sec;
        out[1] = rd(r, 0x02);
        out[2] = rd(r, 0x04);
        out[3] = rd(r, 0x07);
        out[4] = rd(r, 0x08);
        out[5] = rd(r, 0x09);
        uint8_t ctrl = rd(r, 0x0B);
        WW_CHECK_EQ(ctrl & 0x06, 0x02);   /* BCD, 24 h: what rtc-cmos requires */
        bool retry = rd(r, 0x0A) & 0x80;
        retry |= sec != rd(r, 0x00);
        if (!retry)
            return iter;
    }
}

WW_TEST("chips/mc146818/linux-get-time", t_linux)
{
    pcrig r;
    rtc_rig(&r, "date='2026-03-15T08:30:59'");
    uint8_t t[6];
    /* Outside the update window one pass is enough. */
    advance_to(&r, 500 * MS);
    WW_CHECK_EQ(linux_get_time(&r, t), 1);
    WW_CHECK_EQ(t[0], 0x59);
    WW_CHECK_EQ(t[1], 0x30);
    WW_CHECK_EQ(t[2], 0x08);
    /* Inside it, one mdelay(1) and the new minute. */
    advance_to(&r, SEC - 50 * US);
    WW_CHECK_EQ(linux_get_time(&r, t), 2);
    WW_CHECK_EQ(t[0], 0x00);
    WW_CHECK_EQ(t[1], 0x31);
    WW_CHECK_EQ(t[3], 0x15);
    WW_CHECK_EQ(t[4], 0x03);
    WW_CHECK_EQ(t[5], 0x26);
    /* cmos_do_probe() disables PIE/AIE/UIE and reads C to ack: IRQ8 stays low. */
    uint8_t b = rd(&r, 0x0B);
    wr(&r, 0x0B, (uint8_t)(b & ~0x70));
    rd(&r, 0x0C);
    advance_to(&r, 3 * SEC);
    WW_CHECK_EQ(rises(&r, PR_IRQ8), 0);
    rig_free(&r);
}

WW_TEST("chips/mc146818/peek-does-not-acknowledge", t_peek)
{
    pcrig r;
    rtc_rig(&r, NULL);
    wr(&r, 0x0B, 0x52);                 /* PIE UIE */
    advance_to(&r, SEC);
    outb(&r, 0x70, 0x0C);
    /* A debugger's read shows IRQF PF UF without clearing them. */
    WW_CHECK_EQ(peekb(&r, 0x71), 0xD0);
    WW_CHECK_EQ(peekb(&r, 0x71), 0xD0);
    WW_CHECK_EQ(chip_reg(rtc(&r), "REGC"), 0xD0);
    GString *s = g_string_new(NULL);
    ww_chip_dump(rtc(&r), s);
    WW_CHECK_MSG(strstr(s->str, "REGB") && strstr(s->str, "PIE"), "%s", s->str);
    g_string_free(s, TRUE);
    WW_CHECK_EQ(line(&r, PR_IRQ8), 1);
    /* The guest's read does. */
    WW_CHECK_EQ(inb(&r, 0x71), 0xD0);
    WW_CHECK_EQ(line(&r, PR_IRQ8), 0);
    WW_CHECK_EQ(peekb(&r, 0x71), 0x00);
    /* A debugger write to REGB acts like the guest's (SET clears UIE). */
    unsigned idx;
    const ww_reg_desc *d = ww_chip_find_reg(rtc(&r)->cls, "REGB", &idx);
    ww_chip_reg_set(rtc(&r), d, idx, 0x92);
    WW_CHECK_EQ(rd(&r, 0x0B), 0x82);
    rig_free(&r);
}

/* Run a rig for a while like a kernel with the RTC at 1024 Hz, logging
 * (time, vector) of every interrupt. */
static void run_log(pcrig *r, ww_time end, GArray *log)
{
    for (;;) {
        while (line(r, PX_PIC0_INT)) {
            uint64_t ev = (uint64_t)ww_sched_now(r->sched) << 8 | iack(r);
            g_array_append_val(log, ev);
            rd(r, 0x0C);
            outb(r, 0xA0, 0x20);
            outb(r, 0x20, 0x20);
        }
        ww_time n = ww_sched_next(r->sched);
        if (n > end)
            break;
        advance_to(r, n);
    }
}

WW_TEST("chips/mc146818/state-roundtrip", t_snapshot)
{
    pcrig a, b;
    rtc_rig(&a, "ram-below-4g='64MiB'");
    rtc_rig(&b, NULL);
    pic_init_linux(&a, false);
    pic_init_linux(&b, false);
    /* A: 512 Hz periodic + update interrupts + an alarm, divider phase moved. */
    advance_to(&a, 300 * MS);
    advance_to(&b, 300 * MS);
    wr(&a, 0x0A, 0x70);
    wr(&a, 0x0A, 0x27);
    wr(&a, 0x01, 0x03); wr(&a, 0x03, 0xC0); wr(&a, 0x05, 0xC0);
    wr(&a, 0x0B, 0x72);
    wr(&a, 0x50, 0x99);
    advance_to(&a, 1234 * MS);
    advance_to(&b, 1234 * MS);
    /* B takes A's state (timers, divider phase, RAM) at the same time. */
    rig_copy_state(rtc(&a), rtc(&b));
    WW_CHECK_EQ(rd(&b, 0x50), 0x99);
    WW_CHECK_EQ(rd(&b, 0x34), rd(&a, 0x34));
    /* Both then raise the same interrupts at the same virtual times. */
    GArray *la = g_array_new(FALSE, FALSE, sizeof(uint64_t));
    GArray *lb = g_array_new(FALSE, FALSE, sizeof(uint64_t));
    run_log(&a, 4 * SEC, la);
    run_log(&b, 4 * SEC, lb);
    WW_CHECK(la->len > 1000);
    WW_CHECK_EQ(la->len, lb->len);
    for (guint k = 0; k < la->len; k++)
        WW_CHECK_EQ(g_array_index(la, uint64_t, k), g_array_index(lb, uint64_t, k));
    WW_CHECK_EQ(rd(&a, 0x00), rd(&b, 0x00));
    g_array_free(la, TRUE);
    g_array_free(lb, TRUE);
    rig_free(&a);
    rig_free(&b);
}

WW_TEST("chips/mc146818/nvram-disk", t_nvram)
{
    pcrig r;
    rtc_rig(&r, "cpus='2'");
    ww_disk *d = ww_disk_new_memory("cmos.bin", 128, false);
    GError *err = NULL;
    uint8_t pre[128];
    for (unsigned i = 0; i < 128; i++)
        pre[i] = (uint8_t)(0xA0 ^ i);
    WW_CHECK_NOERR(ww_disk_write(d, 0, pre, 128, &err), err);
    /* Binding the image loads RAM bytes 0x0E-0x7F from it... */
    WW_CHECK_NOERR(ww_chip_bind_backend(rtc(&r), WW_BACKEND_DISK, "nvram", 0, d, &err), err);
    WW_CHECK_EQ(rd(&r, 0x40), 0xA0 ^ 0x40);
    WW_CHECK_EQ(rd(&r, 0x0E), 0xA0 ^ 0x0E);
    /* ...but not the clock (nor its century byte), and the machine's
     * configuration bytes win. */
    WW_CHECK_EQ(rd(&r, 0x09), 0x26);
    WW_CHECK_EQ(rd(&r, 0x32), 0x20);
    WW_CHECK_EQ(rd(&r, 0x5F), 0x01);
    /* A guest write lands in the image at its CMOS offset. */
    wr(&r, 0x41, 0x34);
    uint8_t v = 0;
    WW_CHECK_NOERR(ww_disk_read(d, 0x41, &v, 1, &err), err);
    WW_CHECK_EQ(v, 0x34);
    WW_CHECK_NOERR(ww_disk_read(d, 0x5F, &v, 1, &err), err);
    WW_CHECK_EQ(v, 0x01);
    rig_free(&r);
    /* The next machine with the same image finds the byte there. */
    rtc_rig(&r, NULL);
    WW_CHECK_NOERR(ww_chip_bind_backend(rtc(&r), WW_BACKEND_DISK, "nvram", 0, d, &err), err);
    WW_CHECK_EQ(rd(&r, 0x41), 0x34);
    rig_free(&r);
    ww_disk_free(d);
}
