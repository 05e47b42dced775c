/* tests/chips/timer/i8254.c — the 8254 as a PC BIOS or Linux programs it,
 * through the I/O space (0x40-0x43), on virtual time. Tick k of the 1.193182
 * MHz clock is at pit_tick(k); a count written during tick T is loaded at
 * tick T+1 (Intel 82C54 datasheet 231244, "Mode Definitions"). */
#include "tests/chips/pcrig.h"

static void count16(pcrig *r, unsigned ctr, uint16_t n)
{
    outb(r, (uint16_t)(0x40 + ctr), (uint8_t)n);
    outb(r, (uint16_t)(0x40 + ctr), (uint8_t)(n >> 8));
}

static uint16_t read16(pcrig *r, unsigned ctr)
{
    uint8_t lo = inb(r, (uint16_t)(0x40 + ctr));
    return (uint16_t)(lo | inb(r, (uint16_t)(0x40 + ctr)) << 8);
}

/* Counter latch command, then the two bytes. */
static uint16_t latch16(pcrig *r, unsigned ctr)
{
    outb(r, 0x43, (uint8_t)(ctr << 6));
    return read16(r, ctr);
}

/* Read-back of one counter's status byte only. */
static uint8_t status(pcrig *r, unsigned ctr)
{
    outb(r, 0x43, (uint8_t)(0xE0 | (2u << ctr)));
    return inb(r, (uint16_t)(0x40 + ctr));
}

WW_TEST("chips/i8254/power-on", t_poweron)
{
    pcrig r;
    rig_init(&r, 0);
    /* After reset every counter is in mode 3 without a count: OUT high, idle. */
    WW_CHECK_EQ(line(&r, PR_PIT_OUT0), 1);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT2), 1);
    WW_CHECK_EQ(chip_reg(r.pit, "CW0"), 0x36);
    /* Nothing is scheduled while nothing counts. */
    WW_CHECK_EQ(ww_sched_next(r.sched), WW_TIME_NEVER);
    rig_free(&r);
}

WW_TEST("chips/i8254/mode2-linux-rate-generator", t_mode2)
{
    pcrig r;
    rig_init(&r, 0);
    /* Linux's PIT clockevent (periodic): 0x34 = counter 0, LSB/MSB, mode 2, binary. */
    outb(&r, 0x43, 0x34);
    count16(&r, 0, 11932);              /* LATCH for HZ=100 */
    /* OUT0 stays high through the period... */
    advance_ticks(&r, 11931);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT0), 1);
    /* ...goes low for the one clock while CE = 1 ("Mode 2")... */
    advance_ticks(&r, 11932);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT0), 0);
    /* ...and high again when CE is reloaded, exactly at tick N+1. */
    advance_ticks(&r, 11933);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT0), 1);
    WW_CHECK_EQ(last_rise(&r, PR_PIT_OUT0), pit_tick(11933));
    /* Ten periods later, ten more rising edges. */
    unsigned before = rises(&r, PR_PIT_OUT0);
    advance_ticks(&r, 11933 + 10 * 11932);
    WW_CHECK_EQ(rises(&r, PR_PIT_OUT0) - before, 10);
    WW_CHECK_EQ(last_rise(&r, PR_PIT_OUT0), pit_tick(11933 + 10 * 11932));
    /* The live count: one tick after a reload it reads N - 1. */
    advance_ticks(&r, 11933 + 10 * 11932 + 1);
    WW_CHECK_EQ(latch16(&r, 0), 11931);
    rig_free(&r);
}

WW_TEST("chips/i8254/irq0-through-pic", t_irq0)
{
    pcrig r;
    rig_init(&r, 0);
    pic_init_linux(&r, false);
    outb(&r, 0x43, 0x34);
    count16(&r, 0, 11932);
    /* One second of virtual time, handling each IRQ0 like a kernel: INTA + EOI. */
    unsigned irq0 = 0;
    const uint64_t end = 100 * 11932 + 1;
    for (uint64_t t = 0; t <= end; t = (t < end && t + 500 > end) ? end : t + 500) {
        advance_ticks(&r, t);
        while (line(&r, PR_PIC0_INT)) {
            uint8_t v = iack(&r);
            WW_CHECK_EQ(v, 0x20);
            irq0++;
            outb(&r, 0x20, 0x20);
        }
    }
    /* 100 Hz for one second (plus the first tick): 100 interrupts. */
    WW_CHECK_EQ(irq0, 100);
    rig_free(&r);
}

WW_TEST("chips/i8254/mode0-terminal-count", t_mode0)
{
    pcrig r;
    rig_init(&r, 0);
    pic_init_linux(&r, false);
    /* Linux's one-shot clockevent: 0x30 = counter 0, LSB/MSB, mode 0. */
    outb(&r, 0x43, 0x30);
    /* The control word sets OUT low at once ("Mode 0"). */
    WW_CHECK_EQ(line(&r, PR_PIT_OUT0), 0);
    count16(&r, 0, 100);
    /* Loaded at tick 1: CE = N; then one less per tick. */
    advance_ticks(&r, 1);
    WW_CHECK_EQ(latch16(&r, 0), 100);
    advance_ticks(&r, 40);
    WW_CHECK_EQ(latch16(&r, 0), 61);
    /* OUT goes high N+1 clocks after the write, not before. */
    advance_ticks(&r, 100);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT0), 0);
    advance_ticks(&r, 101);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT0), 1);
    WW_CHECK_EQ(last_rise(&r, PR_PIT_OUT0), pit_tick(101));
    /* The edge reached the PIC as IRQ0. */
    WW_CHECK_EQ(iack(&r), 0x20);
    /* The counter wraps and keeps counting; OUT stays high. */
    advance_ticks(&r, 103);
    WW_CHECK_EQ(latch16(&r, 0), 0xFFFE);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT0), 1);
    /* A new count restarts: OUT low on the write, high after N+1 clocks. */
    count16(&r, 0, 10);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT0), 0);
    advance_ticks(&r, 103 + 11);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT0), 1);
    rig_free(&r);
}

WW_TEST("chips/i8254/mode0-rewrite-two-bytes", t_mode0_rewrite)
{
    pcrig r;
    rig_init(&r, 0);
    outb(&r, 0x43, 0x30);
    count16(&r, 0, 1000);
    advance_ticks(&r, 101);            /* CE = 900 */
    /* A new LSB before the count rolled over stops the counter until the
     * MSB arrives (82C54 "Mode 0", item 3). */
    outb(&r, 0x40, 0x20);
    advance_ticks(&r, 301);
    WW_CHECK_EQ(latch16(&r, 0), 900);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT0), 0);
    /* The MSB loads the new count (0x0020) on the next clock. */
    outb(&r, 0x40, 0x00);
    advance_ticks(&r, 302);
    WW_CHECK_EQ(latch16(&r, 0), 0x20);
    advance_ticks(&r, 301 + 33);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT0), 1);
    /* After the count rolled over, a first byte sets OUT low at once but
     * does not stop counting (items 1 and 3). */
    advance_ticks(&r, 400);            /* CE = 0x10000 - 66 */
    outb(&r, 0x40, 0x10);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT0), 0);
    advance_ticks(&r, 410);
    WW_CHECK_EQ(latch16(&r, 0), 0x10000 - 76);
    /* The MSB loads 0x0010 on the next clock; OUT high 17 clocks after it. */
    outb(&r, 0x40, 0x00);
    advance_ticks(&r, 426);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT0), 0);
    advance_ticks(&r, 427);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT0), 1);
    rig_free(&r);
}

WW_TEST("chips/i8254/mode1-hw-oneshot", t_mode1)
{
    pcrig r;
    rig_init(&r, 0);
    drive(&r, DRV_GATE2, 1);           /* GATE2 low, as port 0x61 bit 0 = 0 */
    drive(&r, DRV_GATE2, 0);
    /* Counter 2, LSB/MSB, mode 1. */
    outb(&r, 0x43, 0xB2);
    count16(&r, 2, 50);
    /* OUT starts high and the count waits for a trigger. */
    advance_ticks(&r, 20);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT2), 1);
    /* Rising GATE: OUT low from the next clock, for N clocks. */
    drive(&r, DRV_GATE2, 1);           /* trigger during tick 20 */
    WW_CHECK_EQ(line(&r, PR_PIT_OUT2), 1);
    advance_ticks(&r, 21);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT2), 0);
    advance_ticks(&r, 70);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT2), 0);
    advance_ticks(&r, 71);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT2), 1);
    /* Retriggering during the pulse restarts the N clocks. */
    drive(&r, DRV_GATE2, 0);
    drive(&r, DRV_GATE2, 1);           /* trigger at tick 71 */
    advance_ticks(&r, 100);
    drive(&r, DRV_GATE2, 0);
    drive(&r, DRV_GATE2, 1);           /* retrigger at tick 100 */
    advance_ticks(&r, 122);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT2), 0);   /* first shot would have ended at 122 */
    advance_ticks(&r, 150);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT2), 0);
    advance_ticks(&r, 151);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT2), 1);
    rig_free(&r);
}

WW_TEST("chips/i8254/mode3-square-wave", t_mode3)
{
    pcrig r;
    rig_init(&r, 0);
    /* The BIOS's 18.2 Hz tick is mode 3; use a short even count here. */
    outb(&r, 0x43, 0x36);
    count16(&r, 0, 1000);
    /* High for N/2 clocks, low for N/2. */
    advance_ticks(&r, 500);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT0), 1);
    advance_ticks(&r, 501);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT0), 0);
    advance_ticks(&r, 1000);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT0), 0);
    advance_ticks(&r, 1001);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT0), 1);
    /* CE steps by two: 1000, 998, ... */
    advance_ticks(&r, 1011);
    WW_CHECK_EQ(latch16(&r, 0), 980);
    /* 100 periods: 100 more rising edges. */
    unsigned before = rises(&r, PR_PIT_OUT0);
    advance_ticks(&r, 1001 + 100 * 1000);
    WW_CHECK_EQ(rises(&r, PR_PIT_OUT0) - before, 100);
    rig_free(&r);
}

WW_TEST("chips/i8254/mode3-odd-count", t_mode3odd)
{
    pcrig r;
    rig_init(&r, 0);
    outb(&r, 0x43, 0x16);              /* counter 0, LSB only, mode 3 */
    outb(&r, 0x40, 5);
    /* Odd N: (N+1)/2 = 3 clocks high, (N-1)/2 = 2 low ("Mode 3"). */
    advance_ticks(&r, 3);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT0), 1);
    advance_ticks(&r, 4);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT0), 0);
    advance_ticks(&r, 5);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT0), 0);
    advance_ticks(&r, 6);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT0), 1);
    advance_ticks(&r, 9);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT0), 0);
    /* CE for odd N: 5, 4, 2 (high), 5, 2 (low): minus 1 then minus 2, and
     * minus 3 after the reload ("Mode 3 is implemented as follows"). */
    static const uint8_t ce[5] = { 5, 4, 2, 5, 2 };
    for (unsigned k = 0; k < 5; k++) {
        advance_ticks(&r, 11 + k);     /* period starts at tick 11 */
        outb(&r, 0x43, 0x00);
        WW_CHECK_EQ(inb(&r, 0x40), ce[k]);
    }
    rig_free(&r);
}

WW_TEST("chips/i8254/mode4-sw-strobe", t_mode4)
{
    pcrig r;
    rig_init(&r, 0);
    outb(&r, 0x43, 0x38);              /* counter 0, LSB/MSB, mode 4 */
    WW_CHECK_EQ(line(&r, PR_PIT_OUT0), 1);
    count16(&r, 0, 30);
    /* OUT pulses low for one clock N+1 clocks after the write. */
    advance_ticks(&r, 30);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT0), 1);
    advance_ticks(&r, 31);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT0), 0);
    advance_ticks(&r, 32);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT0), 1);
    /* Only once per count. */
    unsigned before = rises(&r, PR_PIT_OUT0);
    advance_ticks(&r, 200000);
    WW_CHECK_EQ(rises(&r, PR_PIT_OUT0), before);
    rig_free(&r);
}

WW_TEST("chips/i8254/mode5-hw-strobe", t_mode5)
{
    pcrig r;
    rig_init(&r, 0);
    drive(&r, DRV_GATE2, 1);           /* take GATE2 low (it counts as high until driven) */
    drive(&r, DRV_GATE2, 0);
    outb(&r, 0x43, 0xBA);              /* counter 2, LSB/MSB, mode 5 */
    count16(&r, 2, 10);
    /* Without a trigger nothing happens. */
    advance_ticks(&r, 100);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT2), 1);
    WW_CHECK_EQ(ww_sched_next(r.sched), WW_TIME_NEVER);
    /* Trigger at tick 100: a one-clock low pulse at tick 100 + N + 1. */
    drive(&r, DRV_GATE2, 1);
    advance_ticks(&r, 110);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT2), 1);
    advance_ticks(&r, 111);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT2), 0);
    advance_ticks(&r, 112);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT2), 1);
    rig_free(&r);
}

WW_TEST("chips/i8254/gate-mode0-suspends", t_gate0)
{
    pcrig r;
    rig_init(&r, 0);
    drive(&r, DRV_GATE2, 1);
    outb(&r, 0x43, 0xB0);              /* counter 2, LSB/MSB, mode 0 */
    count16(&r, 2, 100);
    advance_ticks(&r, 50);
    WW_CHECK_EQ(latch16(&r, 2), 51);
    /* GATE low: counting stops, CE holds. */
    drive(&r, DRV_GATE2, 0);
    advance_ticks(&r, 80);
    WW_CHECK_EQ(latch16(&r, 2), 51);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT2), 0);
    /* GATE high: counting resumes on the next clock, OUT high 51 clocks later. */
    drive(&r, DRV_GATE2, 1);
    advance_ticks(&r, 81);
    WW_CHECK_EQ(latch16(&r, 2), 50);
    advance_ticks(&r, 130);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT2), 0);
    advance_ticks(&r, 131);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT2), 1);
    rig_free(&r);
}

WW_TEST("chips/i8254/gate-mode2-reloads", t_gate2)
{
    pcrig r;
    rig_init(&r, 0);
    drive(&r, DRV_GATE2, 1);
    unsigned r0 = rises(&r, PR_PIT_OUT2);
    outb(&r, 0x43, 0xB4);              /* counter 2, LSB/MSB, mode 2 */
    count16(&r, 2, 10);
    advance_ticks(&r, 10);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT2), 0);
    /* GATE low forces OUT high at once and stops counting. */
    drive(&r, DRV_GATE2, 0);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT2), 1);
    advance_ticks(&r, 30);
    WW_CHECK_EQ(rises(&r, PR_PIT_OUT2) - r0, 1);
    /* GATE high reloads N on the next clock; the next low is N clocks on. */
    drive(&r, DRV_GATE2, 1);
    advance_ticks(&r, 39);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT2), 1);
    advance_ticks(&r, 40);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT2), 0);
    advance_ticks(&r, 41);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT2), 1);
    rig_free(&r);
}

WW_TEST("chips/i8254/gate-mode3", t_gate3)
{
    pcrig r;
    rig_init(&r, 0);
    drive(&r, DRV_GATE2, 1);
    /* The PC speaker: counter 2, mode 3; GATE2 from port 0x61. */
    outb(&r, 0x43, 0xB6);
    count16(&r, 2, 100);
    advance_ticks(&r, 60);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT2), 0);
    drive(&r, DRV_GATE2, 0);           /* speaker off: OUT high, no edges */
    WW_CHECK_EQ(line(&r, PR_PIT_OUT2), 1);
    unsigned before = rises(&r, PR_PIT_OUT2);
    advance_ticks(&r, 10000);
    WW_CHECK_EQ(rises(&r, PR_PIT_OUT2), before);
    drive(&r, DRV_GATE2, 1);           /* restart from a full period at tick 10001 */
    advance_ticks(&r, 10050);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT2), 1);
    advance_ticks(&r, 10051);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT2), 0);
    rig_free(&r);
}

WW_TEST("chips/i8254/counter-latch", t_latch)
{
    pcrig r;
    rig_init(&r, 0);
    outb(&r, 0x43, 0x34);
    count16(&r, 0, 1000);
    advance_ticks(&r, 101);
    /* Latch: OL holds 900 while CE goes on counting. */
    outb(&r, 0x43, 0x00);
    advance_ticks(&r, 151);
    /* A second latch before the read is ignored ("Counter Latch Command"). */
    outb(&r, 0x43, 0x00);
    advance_ticks(&r, 201);
    WW_CHECK_EQ(read16(&r, 0), 900);
    /* After both bytes are read the counter reads live again. */
    WW_CHECK_EQ(read16(&r, 0), 800);
    /* Latching one byte and mixing with a latch of another counter is independent. */
    outb(&r, 0x43, 0x74);              /* counter 1, LSB/MSB, mode 2 */
    count16(&r, 1, 500);
    advance_ticks(&r, 211);
    outb(&r, 0x43, 0x40);              /* latch counter 1 */
    outb(&r, 0x43, 0x00);              /* latch counter 0 */
    advance_ticks(&r, 300);
    WW_CHECK_EQ(read16(&r, 1), 491);
    WW_CHECK_EQ(read16(&r, 0), 790);
    rig_free(&r);
}

WW_TEST("chips/i8254/read-back-status-and-count", t_readback)
{
    pcrig r;
    rig_init(&r, 0);
    outb(&r, 0x43, 0x34);
    count16(&r, 0, 1000);
    advance_ticks(&r, 101);
    /* Read-back 0xC2: latch count and status of counter 0. */
    outb(&r, 0x43, 0xC2);
    advance_ticks(&r, 150);
    /* Status first: OUT=1, NULL=0, RW=3, M=2, BCD=0 = 0xB4 ("Status Byte"). */
    WW_CHECK_EQ(inb(&r, 0x40), 0xB4);
    /* Then the count latched at the command. */
    WW_CHECK_EQ(read16(&r, 0), 900);
    /* Status-only (0xE2) during the low clock shows OUT=0. */
    advance_ticks(&r, 1000);
    WW_CHECK_EQ(status(&r, 0), 0x34);
    /* Count-only (0xD2) latches the count and no status. */
    outb(&r, 0x43, 0xD2);
    WW_CHECK_EQ(read16(&r, 0), 1);
    rig_free(&r);
}

WW_TEST("chips/i8254/read-back-multiple", t_readback_multi)
{
    pcrig r;
    rig_init(&r, 0);
    outb(&r, 0x43, 0x34); count16(&r, 0, 1000);
    outb(&r, 0x43, 0x70); count16(&r, 1, 2000);   /* counter 1, mode 0 */
    outb(&r, 0x43, 0x96); outb(&r, 0x42, 200);    /* counter 2, LSB, mode 3 */
    advance_ticks(&r, 11);
    /* 0xCE: count and status of all three counters at one instant. */
    outb(&r, 0x43, 0xCE);
    advance_ticks(&r, 500);
    WW_CHECK_EQ(inb(&r, 0x40), 0xB4);
    WW_CHECK_EQ(read16(&r, 0), 990);
    WW_CHECK_EQ(inb(&r, 0x41), 0x30);             /* OUT low in mode 0 */
    WW_CHECK_EQ(read16(&r, 1), 1990);
    WW_CHECK_EQ(inb(&r, 0x42), 0x96);
    WW_CHECK_EQ(inb(&r, 0x42), 180);              /* LSB only, mode 3: 200 - 2*10 */
    /* A second status latch before reading is ignored: the first status stays. */
    outb(&r, 0x43, 0xE2);
    advance_ticks(&r, 1001);
    outb(&r, 0x43, 0xE2);
    WW_CHECK_EQ(inb(&r, 0x40), 0xB4);
    rig_free(&r);
}

WW_TEST("chips/i8254/null-count", t_null)
{
    pcrig r;
    rig_init(&r, 0);
    advance_ticks(&r, 10);
    /* A control word sets null count. */
    outb(&r, 0x43, 0x34);
    WW_CHECK_EQ(status(&r, 0) & 0x40, 0x40);
    /* A count written: still null until it is loaded on the next clock. */
    count16(&r, 0, 100);
    WW_CHECK_EQ(status(&r, 0) & 0x40, 0x40);
    advance_ticks(&r, 11);
    WW_CHECK_EQ(status(&r, 0) & 0x40, 0x00);
    /* Mode 2: a new count mid-period stays null until the period ends. */
    advance_ticks(&r, 50);
    count16(&r, 0, 300);
    WW_CHECK_EQ(status(&r, 0) & 0x40, 0x40);
    advance_ticks(&r, 110);
    WW_CHECK_EQ(status(&r, 0) & 0x40, 0x40);
    advance_ticks(&r, 111);
    WW_CHECK_EQ(status(&r, 0) & 0x40, 0x00);
    /* Mode 1: null until the gate trigger transfers CR to CE. */
    drive(&r, DRV_GATE2, 0);
    outb(&r, 0x43, 0xB2);
    count16(&r, 2, 5);
    advance_ticks(&r, 200);
    WW_CHECK_EQ(status(&r, 2) & 0x40, 0x40);
    drive(&r, DRV_GATE2, 1);
    advance_ticks(&r, 201);
    WW_CHECK_EQ(status(&r, 2) & 0x40, 0x00);
    rig_free(&r);
}

WW_TEST("chips/i8254/mode2-new-count-next-period", t_mode2_new)
{
    pcrig r;
    rig_init(&r, 0);
    outb(&r, 0x43, 0x34);
    count16(&r, 0, 100);
    advance_ticks(&r, 50);
    /* A new count during counting does not disturb the current period. */
    count16(&r, 0, 200);
    advance_ticks(&r, 100);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT0), 0);
    advance_ticks(&r, 101);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT0), 1);
    /* The next period is 200 clocks long. */
    advance_ticks(&r, 150);
    WW_CHECK_EQ(latch16(&r, 0), 151);
    advance_ticks(&r, 299);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT0), 1);
    advance_ticks(&r, 300);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT0), 0);
    advance_ticks(&r, 301);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT0), 1);
    rig_free(&r);
}

WW_TEST("chips/i8254/bcd", t_bcd)
{
    pcrig r;
    rig_init(&r, 0);
    /* 0x31: counter 0, LSB/MSB, mode 0, BCD. 0x1000 is one thousand. */
    outb(&r, 0x43, 0x31);
    count16(&r, 0, 0x1000);
    advance_ticks(&r, 1);
    WW_CHECK_EQ(latch16(&r, 0), 0x1000);
    advance_ticks(&r, 2);
    WW_CHECK_EQ(latch16(&r, 0), 0x0999);
    /* Terminal count after 1000 + 1 clocks, then the decade counter wraps to 9999. */
    advance_ticks(&r, 1000);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT0), 0);
    advance_ticks(&r, 1001);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT0), 1);
    advance_ticks(&r, 1002);
    WW_CHECK_EQ(latch16(&r, 0), 0x9999);
    /* Count 0 in BCD is 10^4. */
    count16(&r, 0, 0x0000);
    advance_ticks(&r, 1004);
    WW_CHECK_EQ(latch16(&r, 0), 0x9999);
    advance_ticks(&r, 1002 + 10001);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT0), 1);
    WW_CHECK_EQ(last_rise(&r, PR_PIT_OUT0), pit_tick(1002 + 10001));
    rig_free(&r);
}

WW_TEST("chips/i8254/lsb-msb-only", t_lsbmsb)
{
    pcrig r;
    rig_init(&r, 0);
    /* RW=1: LSB only; the MSB is zero. */
    outb(&r, 0x43, 0x10);
    outb(&r, 0x40, 0x20);
    advance_ticks(&r, 1);
    WW_CHECK_EQ(inb(&r, 0x40), 0x20);
    WW_CHECK_EQ(inb(&r, 0x40), 0x20);   /* every read is the LSB */
    advance_ticks(&r, 34);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT0), 1);  /* 32 + 1 clocks after the write */
    /* RW=2: MSB only; the LSB is zero: count 0x0100. */
    outb(&r, 0x43, 0x60);               /* counter 1, MSB only, mode 0 */
    outb(&r, 0x41, 0x01);
    advance_ticks(&r, 35);
    WW_CHECK_EQ(inb(&r, 0x41), 0x01);
    advance_ticks(&r, 36);
    WW_CHECK_EQ(inb(&r, 0x41), 0x00);   /* 0x00FF now */
    /* A latch in RW=2 gives one byte. */
    outb(&r, 0x43, 0x40);
    WW_CHECK_EQ(inb(&r, 0x41), 0x00);
    advance_ticks(&r, 37);
    WW_CHECK_EQ(inb(&r, 0x41), 0x00);
    rig_free(&r);
}

WW_TEST("chips/i8254/word-flip-flop", t_word)
{
    pcrig r;
    rig_init(&r, 0);
    outb(&r, 0x43, 0x34);
    count16(&r, 0, 0x1234);
    advance_ticks(&r, 1);
    /* RW=3 unlatched reads alternate LSB, MSB. */
    WW_CHECK_EQ(inb(&r, 0x40), 0x34);
    WW_CHECK_EQ(inb(&r, 0x40), 0x12);
    WW_CHECK_EQ(inb(&r, 0x40), 0x34);
    /* A control word resets the flip-flops: LSB first again. */
    outb(&r, 0x43, 0x34);
    count16(&r, 0, 0x5678);
    advance_ticks(&r, 2);
    WW_CHECK_EQ(inb(&r, 0x40), 0x78);
    WW_CHECK_EQ(inb(&r, 0x40), 0x56);
    rig_free(&r);
}

WW_TEST("chips/i8254/peek-does-not-disturb", t_peek)
{
    pcrig r;
    rig_init(&r, 0);
    outb(&r, 0x43, 0x34);
    count16(&r, 0, 0x1234);
    advance_ticks(&r, 1);
    WW_CHECK_EQ(inb(&r, 0x40), 0x34);
    /* Peeks show the next byte (MSB) without moving the flip-flop. */
    WW_CHECK_EQ(peekb(&r, 0x40), 0x12);
    WW_CHECK_EQ(peekb(&r, 0x40), 0x12);
    WW_CHECK_EQ(inb(&r, 0x40), 0x12);
    /* A latched status and count survive peeks and the generic dump. */
    outb(&r, 0x43, 0xC2);
    WW_CHECK_EQ(peekb(&r, 0x40), 0xB4);
    GString *s = g_string_new(NULL);
    ww_chip_dump(r.pit, s);
    WW_CHECK_MSG(strstr(s->str, "CW0") && strstr(s->str, "M=0x2"), "%s", s->str);
    g_string_free(s, TRUE);
    WW_CHECK_EQ(inb(&r, 0x40), 0xB4);
    WW_CHECK_EQ(read16(&r, 0), 0x1234);
    /* The control register cannot be read: open value. */
    WW_CHECK_EQ(inb(&r, 0x43), 0xff);
    rig_free(&r);
}

WW_TEST("chips/i8254/control-word-resets-out", t_cwout)
{
    pcrig r;
    rig_init(&r, 0);
    outb(&r, 0x43, 0x34);
    count16(&r, 0, 100);
    advance_ticks(&r, 50);
    /* Mode 0 control word: OUT low immediately, counting stops. */
    outb(&r, 0x43, 0x30);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT0), 0);
    WW_CHECK_EQ(ww_sched_next(r.sched), WW_TIME_NEVER);
    /* Mode 2 control word: OUT high. */
    outb(&r, 0x43, 0x34);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT0), 1);
    rig_free(&r);
}

WW_TEST("chips/i8254/clock-property", t_clock)
{
    GError *err = NULL;
    ww_machine *m = ww_machine_new();
    ww_chip *pit = ww_machine_add_chip(m, "i8254", "pit", &err);
    WW_CHECK_NOERR(pit, err);
    /* The clock takes units; a 1 MHz clock makes one tick a microsecond. */
    WW_CHECK_NOERR(ww_chip_set_prop(pit, "clock", "1MHz", &err), err);
    WW_CHECK(!ww_chip_set_prop(pit, "clock", "0", &err));
    WW_CHECK(err && strstr(err->message, "out of range"));
    g_clear_error(&err);
    ww_space_config io = { .addr_bits = 16, .page_bits = 12, .open_bus = 0xff };
    ww_space *s = ww_machine_add_space(m, "io", &io, &err);
    WW_CHECK_NOERR(ww_space_map_chip(s, "pit", 0x40, 4, pit, 0, 1, 0, 0, &err), err);
    WW_CHECK_NOERR(ww_machine_realize(m, &err), err);
    ww_space_write(s, 0x43, 1, 0x30);
    ww_space_write(s, 0x40, 1, 10);
    ww_space_write(s, 0x40, 1, 0);
    /* Terminal count after 11 µs: the read-back status shows OUT. */
    uint64_t st = 0;
    ww_sched_advance(ww_machine_sched(m), 10999);
    ww_space_write(s, 0x43, 1, 0xE2);
    ww_space_read(s, 0x40, 1, &st);
    WW_CHECK_EQ(st & 0x80, 0);
    ww_sched_advance(ww_machine_sched(m), 11000);
    ww_space_write(s, 0x43, 1, 0xE2);
    ww_space_read(s, 0x40, 1, &st);
    WW_CHECK_EQ(st & 0x80, 0x80);
    /* Nothing listens to OUT0 here, so no timer was ever armed for it. */
    WW_CHECK_EQ(ww_sched_next(ww_machine_sched(m)), WW_TIME_NEVER);
    ww_machine_free(m);
}

WW_TEST("chips/i8254/random-writes", t_random)
{
    pcrig r;
    rig_init(&r, 0);
    uint64_t s = 0x8254;
    unsigned checked = 0;
    for (unsigned n = 0; n < 100000; n++) {
        uint64_t x = rig_rand(&s);
        switch (x & 7) {
        case 0: case 1: case 2:          /* random bytes to counters and control */
            outb(&r, (uint16_t)(0x40 + ((x >> 8) & 3)), (uint8_t)(x >> 16));
            break;
        case 3:
            if (((x >> 16) & 3) == 3) {  /* a control word with a sane count after it */
                outb(&r, 0x43, (uint8_t)(x >> 24));
                break;
            }
            inb(&r, (uint16_t)(0x40 + ((x >> 8) & 3)));
            break;
        case 4:
            drive(&r, DRV_GATE2, (x >> 8) & 1);
            break;
        case 5:
            peekb(&r, (uint16_t)(0x40 + ((x >> 8) & 3)));
            break;
        default:                         /* up to ~3.4 µs: a few clocks */
            advance_to(&r, ww_sched_now(r.sched) + ((x >> 8) & 0xfff));
            break;
        }
        if (n % 16 == 0) {
            /* OUT on the wire equals the OUT bit of a fresh read-back status. */
            for (unsigned c = 0; c < 3; c++) {
                static const char *const latched[3] = { "counter0.st_latched",
                    "counter1.st_latched", "counter2.st_latched" };
                if (chip_state(r.pit, latched[c], 0))
                    continue;
                uint8_t st = status(&r, c);
                WW_CHECK_EQ(st >> 7, line(&r, PR_PIT_OUT0 + c));
                static const char *const cw[3] = { "CW0", "CW1", "CW2" };
                WW_CHECK_EQ(st & 0x3f, chip_reg(r.pit, cw[c]));
                checked++;
            }
        }
    }
    ww_test_log("%u status checks; %u OUT0 edges", checked, rises(&r, PR_PIT_OUT0));
    WW_CHECK(checked > 1000);
    rig_free(&r);
}

/* Run a rig for `ticks`, acknowledging interrupts like a kernel; record
 * (time, vector) pairs into log. */
static void run_kernel(pcrig *r, uint64_t from, uint64_t ticks, GArray *log)
{
    for (uint64_t t = from; t <= from + ticks; t += 97) {
        advance_ticks(r, t);
        while (line(r, PR_PIC0_INT)) {
            uint64_t ev = (uint64_t)ww_sched_now(r->sched) << 8 | iack(r);
            g_array_append_val(log, ev);
            if ((ev & 0xff) == 0x24)
                while (inb(r, 0x3FD) & 1)
                    inb(r, 0x3F8);
            if ((ev & 0xff) >= 0x28)
                outb(r, 0xA0, 0x20);
            outb(r, 0x20, 0x20);
        }
    }
}

WW_TEST("chips/i8254/state-walk-roundtrip", t_snapshot)
{
    /* Machine A: the PIC pair, the PIT (counter 0 mode 2, counter 2 mode 3,
     * a latch in flight) and the UART with bytes in its FIFO. */
    pcrig a, b;
    rig_init(&a, 0);
    rig_init(&b, 0);
    pic_init_linux(&a, false);
    outb(&a, 0x43, 0x34); count16(&a, 0, 1193);
    outb(&a, 0x43, 0xB6); count16(&a, 2, 777);
    outb(&a, 0x3F9, 0x01); outb(&a, 0x3FA, 0xC1);
    advance_ticks(&a, 5000);
    ww_chardev_receive(a.chr, (const uint8_t *)"snap", 4);
    outb(&a, 0x43, 0x00);              /* latch counter 0, read one byte */
    inb(&a, 0x40);
    /* Machine B only reaches the same time; then takes A's state. */
    advance_ticks(&b, 5000);
    rig_copy_state(a.pit, b.pit);
    rig_copy_state(a.uart, b.uart);
    rig_copy_state(a.pic1, b.pic1);
    rig_copy_state(a.pic0, b.pic0);
    /* The half-read latch continues in B as in A. */
    WW_CHECK_EQ(inb(&b, 0x40), inb(&a, 0x40));
    /* Both machines now behave identically for 20 ms: the same interrupts at
     * the same virtual times. */
    GArray *la = g_array_new(FALSE, FALSE, sizeof(uint64_t));
    GArray *lb = g_array_new(FALSE, FALSE, sizeof(uint64_t));
    run_kernel(&a, 5000, 24000, la);
    run_kernel(&b, 5000, 24000, lb);
    WW_CHECK(la->len > 20);
    WW_CHECK_EQ(la->len, lb->len);
    for (guint k = 0; k < la->len; k++)
        WW_CHECK_EQ(g_array_index(la, uint64_t, k), g_array_index(lb, uint64_t, k));
    WW_CHECK_EQ(line(&a, PR_PIT_OUT2), line(&b, PR_PIT_OUT2));
    WW_CHECK_EQ(latch16(&a, 2), latch16(&b, 2));
    g_array_free(la, TRUE);
    g_array_free(lb, TRUE);
    rig_free(&a);
    rig_free(&b);
}

WW_TEST("chips/i8254/mode3-new-count-half-cycle", t_mode3_new)
{
    pcrig r;
    rig_init(&r, 0);
    outb(&r, 0x43, 0x36);
    count16(&r, 0, 100);               /* high ticks 1-50, low 51-100 */
    advance_ticks(&r, 20);
    /* A new count mid-half-cycle waits for the end of the half-cycle
     * (82C54 "Mode 3"): OUT still falls at tick 51... */
    count16(&r, 0, 40);
    WW_CHECK_EQ(status(&r, 0) & 0x40, 0x40);
    advance_ticks(&r, 50);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT0), 1);
    advance_ticks(&r, 51);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT0), 0);
    WW_CHECK_EQ(status(&r, 0) & 0x40, 0x00);
    /* ...and the low half that follows already uses the new count: 20 clocks. */
    advance_ticks(&r, 70);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT0), 0);
    advance_ticks(&r, 71);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT0), 1);
    advance_ticks(&r, 91);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT0), 0);
    rig_free(&r);
}

WW_TEST("chips/i8254/mode1-new-count-waits-for-trigger", t_mode1_new)
{
    pcrig r;
    rig_init(&r, 0);
    drive(&r, DRV_GATE2, 1);
    drive(&r, DRV_GATE2, 0);
    outb(&r, 0x43, 0xB2);
    count16(&r, 2, 100);
    drive(&r, DRV_GATE2, 1);           /* trigger at tick 0: low ticks 1-100 */
    advance_ticks(&r, 10);
    /* Rewriting the count during the pulse does not change it ("Mode 1"). */
    count16(&r, 2, 5);
    advance_ticks(&r, 100);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT2), 0);
    advance_ticks(&r, 101);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT2), 1);
    /* The next trigger uses it: 5 clocks low. */
    drive(&r, DRV_GATE2, 0);
    drive(&r, DRV_GATE2, 1);
    advance_ticks(&r, 102);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT2), 0);
    /* CE counts down from the new count. */
    WW_CHECK_EQ(latch16(&r, 2), 5);
    advance_ticks(&r, 106);            /* low for ticks 102-106 */
    WW_CHECK_EQ(line(&r, PR_PIT_OUT2), 0);
    advance_ticks(&r, 107);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT2), 1);
    rig_free(&r);
}

WW_TEST("chips/i8254/gate-mode4", t_gate4)
{
    pcrig r;
    rig_init(&r, 0);
    drive(&r, DRV_GATE2, 1);           /* GATE2 was never driven: high until it is */
    drive(&r, DRV_GATE2, 0);
    outb(&r, 0x43, 0xB8);              /* counter 2, LSB/MSB, mode 4 */
    /* Written with GATE low: loaded on the next clock but not counted. */
    count16(&r, 2, 10);
    advance_ticks(&r, 50);
    WW_CHECK_EQ(latch16(&r, 2), 10);
    WW_CHECK_EQ(status(&r, 2) & 0x40, 0x00);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT2), 1);
    /* GATE high at tick 50: the strobe comes N clocks later. */
    drive(&r, DRV_GATE2, 1);
    advance_ticks(&r, 59);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT2), 1);
    advance_ticks(&r, 60);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT2), 0);
    advance_ticks(&r, 61);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT2), 1);
    rig_free(&r);
}

WW_TEST("chips/i8254/bcd-mode2", t_bcd2)
{
    pcrig r;
    rig_init(&r, 0);
    /* Mode 2 in BCD with count 0x0100 (one hundred): period 100 clocks. */
    outb(&r, 0x43, 0x35);
    count16(&r, 0, 0x0100);
    advance_ticks(&r, 11);
    WW_CHECK_EQ(latch16(&r, 0), 0x0090);
    advance_ticks(&r, 100);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT0), 0);
    advance_ticks(&r, 101);
    WW_CHECK_EQ(line(&r, PR_PIT_OUT0), 1);
    /* An invalid BCD digit never makes a count out of range. */
    count16(&r, 0, 0xFFFF);
    advance_ticks(&r, 20000);
    WW_CHECK(latch16(&r, 0) <= 0x9999);
    rig_free(&r);
}
