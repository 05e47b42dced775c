/* tests/chips/serial/ns16550.c — the 16550A at 0x3F8 as a BIOS or Linux's
 * 8250 driver programs it, with a buffer chardev on the host side. Section
 * numbers refer to the National PC16550D datasheet. */
#include "tests/chips/pcrig.h"

enum { RBR = 0x3F8, THR = 0x3F8, IER = 0x3F9, IIR = 0x3FA, FCR = 0x3FA, LCR = 0x3FB,
       MCR = 0x3FC, LSR = 0x3FD, MSR = 0x3FE, SCR = 0x3FF };

static void host_send(pcrig *r, const char *s)
{
    ww_chardev_receive(r->chr, (const uint8_t *)s, strlen(s));
}

WW_TEST("chips/ns16550/thr-to-chardev", t_thr)
{
    pcrig r;
    rig_init(&r, 0);
    /* Reset state: LSR = THRE | TEMT, nothing pending (IIR = 0x01). */
    WW_CHECK_EQ(inb(&r, LSR), 0x60);
    WW_CHECK_EQ(inb(&r, IIR), 0x01);
    /* Polling output as a BIOS does: wait for THRE, write THR. */
    const char *msg = "Hello, 16550\r\n";
    for (const char *p = msg; *p; p++) {
        WW_CHECK(inb(&r, LSR) & 0x20);
        outb(&r, THR, (uint8_t)*p);
    }
    /* Every byte reached the host at once, and the transmitter is empty again. */
    WW_CHECK_STR(r.chr->captured->str, msg);
    WW_CHECK_EQ(inb(&r, LSR) & 0x60, 0x60);
    rig_free(&r);
}

WW_TEST("chips/ns16550/dlab-divisor", t_dlab)
{
    pcrig r;
    rig_init(&r, 0);
    /* Linux: LCR.DLAB=1, divisor 1 (115200 baud), then 8N1. */
    outb(&r, LCR, 0x80);
    outb(&r, 0x3F8, 0x01);
    outb(&r, 0x3F9, 0x00);
    /* With DLAB set offsets 0/1 read back the divisor latch. */
    WW_CHECK_EQ(inb(&r, 0x3F8), 0x01);
    WW_CHECK_EQ(inb(&r, 0x3F9), 0x00);
    WW_CHECK_EQ(chip_reg(r.uart, "DLL"), 0x01);
    /* A THR-offset write under DLAB transmits nothing. */
    WW_CHECK_EQ(r.chr->captured->len, 0);
    outb(&r, LCR, 0x03);
    /* DLAB clear: offset 1 is IER again (still 0), offset 0 is THR. */
    WW_CHECK_EQ(inb(&r, IER), 0x00);
    outb(&r, THR, 'x');
    WW_CHECK_STR(r.chr->captured->str, "x");
    WW_CHECK_EQ(chip_reg(r.uart, "DLM"), 0x00);
    WW_CHECK_EQ(chip_reg(r.uart, "LCR"), 0x03);
    rig_free(&r);
}

WW_TEST("chips/ns16550/rx-fifo", t_rx)
{
    pcrig r;
    rig_init(&r, 0);
    outb(&r, FCR, 0x07);               /* FIFOs on and cleared, trigger 1 */
    /* IIR shows FIFOs enabled (bits 7-6) as a 16550A. */
    WW_CHECK_EQ(inb(&r, IIR) & 0xc0, 0xc0);
    host_send(&r, "abc");
    /* LSR.DR set while data is waiting; bytes come out in order. */
    WW_CHECK_EQ(inb(&r, LSR) & 0x01, 0x01);
    WW_CHECK_EQ(inb(&r, RBR), 'a');
    WW_CHECK_EQ(inb(&r, RBR), 'b');
    WW_CHECK_EQ(inb(&r, LSR) & 0x01, 0x01);
    WW_CHECK_EQ(inb(&r, RBR), 'c');
    /* Empty: DR clear. */
    WW_CHECK_EQ(inb(&r, LSR) & 0x01, 0x00);
    /* A peek of RBR shows the head without consuming it. */
    host_send(&r, "z");
    WW_CHECK_EQ(peekb(&r, RBR), 'z');
    WW_CHECK_EQ(inb(&r, RBR), 'z');
    rig_free(&r);
}

WW_TEST("chips/ns16550/rx-backlog-paced", t_backlog)
{
    pcrig r;
    rig_init(&r, 0);
    outb(&r, FCR, 0x01);
    /* 100 bytes at once: 16 in the FIFO, the rest wait on the line, none lost. */
    char buf[101];
    for (int i = 0; i < 100; i++)
        buf[i] = (char)('0' + i % 64);
    buf[100] = 0;
    host_send(&r, buf);
    for (int i = 0; i < 100; i++) {
        WW_CHECK(inb(&r, LSR) & 0x01);
        WW_CHECK_EQ(inb(&r, RBR), (uint8_t)buf[i]);
    }
    WW_CHECK_EQ(inb(&r, LSR) & 0x03, 0x00);   /* no overrun */
    rig_free(&r);
}

WW_TEST("chips/ns16550/lsr-overrun", t_overrun)
{
    pcrig r;
    rig_init(&r, 0);
    /* 16450 mode (FIFOs off) in loopback: the holding register has room for one. */
    outb(&r, MCR, 0x10);
    outb(&r, THR, 'A');
    outb(&r, THR, 'B');
    /* The second character overran the first's unread register ("8.5 OE"). */
    uint8_t lsr = inb(&r, LSR);
    WW_CHECK_EQ(lsr & 0x03, 0x03);
    /* Reading LSR cleared OE; the data is still there. */
    WW_CHECK_EQ(inb(&r, LSR) & 0x03, 0x01);
    WW_CHECK_EQ(inb(&r, RBR), 'A');
    /* With FIFOs, 16 fit and the 17th overruns. */
    outb(&r, FCR, 0x07);
    for (int i = 0; i < 17; i++)
        outb(&r, THR, (uint8_t)('a' + i));
    WW_CHECK_EQ(inb(&r, LSR) & 0x03, 0x03);
    for (int i = 0; i < 16; i++)
        WW_CHECK_EQ(inb(&r, RBR), (uint8_t)('a' + i));
    WW_CHECK_EQ(inb(&r, LSR) & 0x01, 0);
    rig_free(&r);
}

WW_TEST("chips/ns16550/iir-priority", t_iir)
{
    pcrig r;
    rig_init(&r, 0);
    outb(&r, MCR, 0x10);               /* loopback, FIFOs off */
    outb(&r, THR, '1');
    outb(&r, THR, '2');                /* overrun: line status pending */
    outb(&r, IER, 0x0f);               /* all four sources enabled */
    /* Priority 1: receiver line status (0x06). */
    WW_CHECK_EQ(inb(&r, IIR), 0x06);
    inb(&r, LSR);                      /* reading LSR clears it */
    /* Priority 2: received data available (0x04). */
    WW_CHECK_EQ(inb(&r, IIR), 0x04);
    inb(&r, RBR);
    /* Priority 3: THR empty (0x02); reading IIR that shows it clears it. */
    WW_CHECK_EQ(inb(&r, IIR), 0x02);
    /* Priority 4: modem status (loopback change of MCR sets delta bits). */
    outb(&r, MCR, 0x11);               /* DTR → DSR changes: DDSR */
    WW_CHECK_EQ(inb(&r, IIR), 0x00);
    inb(&r, MSR);                      /* reading MSR clears the deltas */
    WW_CHECK_EQ(inb(&r, IIR), 0x01);
    rig_free(&r);
}

WW_TEST("chips/ns16550/thre-interrupt", t_thre)
{
    pcrig r;
    rig_init(&r, 0);
    pic_init_linux(&r, false);
    /* Enabling ETBEI with THR empty raises the THRE interrupt on IRQ4. */
    outb(&r, IER, 0x02);
    WW_CHECK_EQ(line(&r, PR_UART_IRQ), 1);
    WW_CHECK_EQ(iack(&r), 0x24);
    /* The handler reads IIR (THRE), which clears the source. */
    WW_CHECK_EQ(inb(&r, IIR), 0x02);
    WW_CHECK_EQ(line(&r, PR_UART_IRQ), 0);
    /* Writing THR: the byte leaves at once and THRE is pending again. */
    outb(&r, THR, 'q');
    WW_CHECK_EQ(line(&r, PR_UART_IRQ), 1);
    /* Disabling ETBEI drops the line. */
    outb(&r, IER, 0x00);
    WW_CHECK_EQ(line(&r, PR_UART_IRQ), 0);
    rig_free(&r);
}

WW_TEST("chips/ns16550/rx-interrupt-and-timeout", t_rxirq)
{
    pcrig r;
    rig_init(&r, 0);
    pic_init_linux(&r, false);
    /* 115200 8N1, FIFOs with a trigger of 8 as Linux sets (FCR 0x81). */
    outb(&r, LCR, 0x80); outb(&r, 0x3F8, 1); outb(&r, 0x3F9, 0); outb(&r, LCR, 0x03);
    outb(&r, FCR, 0x87);
    outb(&r, IER, 0x01);
    /* Three bytes: below the trigger, no interrupt yet. */
    host_send(&r, "abc");
    WW_CHECK_EQ(line(&r, PR_UART_IRQ), 0);
    /* Four character times later (4 × 10 bits at 115200 ≈ 347 µs): timeout (0xCC). */
    advance_to(&r, ww_sched_now(r.sched) + 340000);
    WW_CHECK_EQ(line(&r, PR_UART_IRQ), 0);
    advance_to(&r, ww_sched_now(r.sched) + 10000);
    WW_CHECK_EQ(line(&r, PR_UART_IRQ), 1);
    WW_CHECK_EQ(inb(&r, IIR), 0xcc);
    WW_CHECK_EQ(iack(&r), 0x24);
    /* A new character does not clear a pending timeout ("8.7" C). */
    host_send(&r, "d");
    WW_CHECK_EQ(inb(&r, IIR), 0xcc);
    /* Reading a byte clears the timeout; three remain, the timer restarts. */
    WW_CHECK_EQ(inb(&r, RBR), 'a');
    WW_CHECK_EQ(line(&r, PR_UART_IRQ), 0);
    inb(&r, RBR); inb(&r, RBR); inb(&r, RBR);
    /* Eight bytes reach the trigger level: data available (0xC4) at once. */
    host_send(&r, "01234567");
    WW_CHECK_EQ(line(&r, PR_UART_IRQ), 1);
    WW_CHECK_EQ(inb(&r, IIR), 0xc4);
    rig_free(&r);
}

WW_TEST("chips/ns16550/loopback", t_loop)
{
    pcrig r;
    rig_init(&r, 0);
    /* Linux's autoconfig loopback check: MCR = LOOP | OUT2 | RTS → MSR = DCD | CTS. */
    outb(&r, MCR, 0x1A);
    WW_CHECK_EQ(inb(&r, MSR) & 0xf0, 0x90);
    /* In loopback THR goes to RBR, not to the host. */
    outb(&r, THR, 'L');
    WW_CHECK_EQ(inb(&r, RBR), 'L');
    WW_CHECK_EQ(r.chr->captured->len, 0);
    /* Host bytes are not received while the input is disconnected. */
    host_send(&r, "h");
    WW_CHECK_EQ(inb(&r, LSR) & 0x01, 0);
    /* DTR → DSR, OUT1 → RI; RI falling sets TERI. */
    outb(&r, MCR, 0x15);
    WW_CHECK_EQ(inb(&r, MSR), 0x60 | 0x02 | 0x01 | 0x08);  /* DSR RI + DDSR DCTS DDCD */
    outb(&r, MCR, 0x11);
    WW_CHECK_EQ(inb(&r, MSR) & 0x4f, 0x04);
    /* Leaving loopback: the modem inputs are the host terminal's again. */
    outb(&r, MCR, 0x0B);
    WW_CHECK_EQ(inb(&r, MSR) & 0xf0, 0xb0);
    outb(&r, THR, 'T');
    WW_CHECK_STR(r.chr->captured->str, "T");
    rig_free(&r);
}

WW_TEST("chips/ns16550/scratch-and-fcr", t_scr)
{
    pcrig r;
    rig_init(&r, 0);
    /* The scratch register holds any value (8250 detection). */
    outb(&r, SCR, 0xa5);
    WW_CHECK_EQ(inb(&r, SCR), 0xa5);
    outb(&r, SCR, 0x5a);
    WW_CHECK_EQ(inb(&r, SCR), 0x5a);
    /* IER keeps only its four bits. */
    outb(&r, IER, 0xff);
    WW_CHECK_EQ(inb(&r, IER), 0x0f);
    outb(&r, IER, 0x00);
    /* FCR bit 1 clears the receive FIFO. */
    outb(&r, FCR, 0x01);
    host_send(&r, "xyz");
    outb(&r, FCR, 0x03);
    WW_CHECK_EQ(inb(&r, LSR) & 0x01, 0);
    /* Turning FIFOs off reads IIR bits 7-6 as 0 (16450 behaviour). */
    outb(&r, FCR, 0x00);
    WW_CHECK_EQ(inb(&r, IIR) & 0xc0, 0);
    /* The generic dump decodes LCR and LSR. */
    GString *s = g_string_new(NULL);
    ww_chip_dump(r.uart, s);
    WW_CHECK_MSG(strstr(s->str, "THRE=1") && strstr(s->str, "DLAB=0"), "%s", s->str);
    g_string_free(s, TRUE);
    rig_free(&r);
}

WW_TEST("chips/ns16550/random-writes", t_random)
{
    pcrig r;
    rig_init(&r, 0);
    uint64_t s = 0x16550;
    unsigned irqs = 0;
    for (unsigned n = 0; n < 100000; n++) {
        uint64_t x = rig_rand(&s);
        uint16_t port = (uint16_t)(0x3F8 + ((x >> 8) & 7));
        switch (x & 7) {
        case 0: case 1: case 2:
            outb(&r, port, (uint8_t)(x >> 16));
            break;
        case 3:
            inb(&r, port);
            break;
        case 4: {
            uint8_t b[3] = { (uint8_t)(x >> 16), (uint8_t)(x >> 24), (uint8_t)(x >> 32) };
            ww_chardev_receive(r.chr, b, (x >> 40) % 3 + 1);
            break;
        }
        case 5:
            peekb(&r, port);
            break;
        default:
            advance_to(&r, ww_sched_now(r.sched) + ((x >> 8) & 0xffff) * 16);
            break;
        }
        /* INTR is exactly "IIR reports a pending interrupt" (peeked). */
        uint8_t iir;
        uint64_t v = 0;
        ww_space_peek(r.io, 0x3FA, 1, &v);
        iir = (uint8_t)v;
        WW_CHECK_EQ(line(&r, PR_UART_IRQ), !(iir & 1));
        /* DR is set exactly when the FIFO holds data. */
        WW_CHECK_EQ(chip_reg(r.uart, "LSR") & 1, chip_state(r.uart, "rx_count", 0) != 0);
        WW_CHECK(chip_state(r.uart, "rx_count", 0) <= 16);
        irqs += line(&r, PR_UART_IRQ);
    }
    ww_test_log("INTR high after %u of 100000 steps", irqs);
    WW_CHECK(irqs > 1000);
    rig_free(&r);
}

WW_TEST("chips/ns16550/big-endian-stride", t_stride)
{
    GError *err = NULL;
    ww_machine *m = ww_machine_new();
    ww_chip *u = ww_machine_add_chip(m, "ns16550", "uart", &err);
    WW_CHECK_NOERR(u, err);
    /* A 32-bit big-endian bus with the UART's registers every 16 bytes, the
     * way the m68k/ppc test machines map it: the bus handles the stride. */
    ww_space_config cfg = { .addr_bits = 32, .page_bits = 12, .endian = WW_BIG_ENDIAN,
                            .unmapped = WW_UNMAPPED_BUS_ERROR };
    ww_space *s = ww_machine_add_space(m, "mem", &cfg, &err);
    WW_CHECK_NOERR(s, err);
    WW_CHECK_NOERR(ww_space_map_chip(s, "uart", 0xF0000000, 0x80, u, 0, 16, 0, 0, &err), err);
    WW_CHECK_NOERR(ww_machine_realize(m, &err), err);
    ww_chardev *chr = ww_chardev_new_buffer();
    WW_CHECK_NOERR(ww_chip_bind_backend(u, WW_BACKEND_CHARDEV, "serial", 0, chr, &err), err);
    /* LSR (register 5) at base + 0x50: THRE | TEMT. */
    uint64_t v = 0;
    WW_CHECK_EQ(ww_space_read(s, 0xF0000050, 1, &v), WW_BUS_OK);
    WW_CHECK_EQ(v, 0x60);
    /* THR (register 0) at the base; SCR (7) at base + 0x70. */
    ww_space_write(s, 0xF0000000, 1, 'B');
    ww_space_write(s, 0xF0000000, 1, 'E');
    WW_CHECK_STR(chr->captured->str, "BE");
    ww_space_write(s, 0xF0000070, 1, 0x3c);
    WW_CHECK_EQ(ww_space_read(s, 0xF0000070, 1, &v), WW_BUS_OK);
    WW_CHECK_EQ(v, 0x3c);
    /* A received byte is read at the base. */
    ww_chardev_receive(chr, (const uint8_t *)"k", 1);
    WW_CHECK_EQ(ww_space_read(s, 0xF0000000, 1, &v), WW_BUS_OK);
    WW_CHECK_EQ(v, 'k');
    ww_machine_free(m);
    ww_chardev_free(chr);
}
