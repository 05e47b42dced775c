/* tests/chips/serial/z85c30.c — the Z85C30 SCC in the Mac I/O ESCC blocks, as
 * OpenBIOS's escc.c and Linux's pmac_zilog.c program it. Register numbers and
 * bits: Zilog UM010903 ch. 5. */
#include "tests/chips/g3rig.h"

enum { A_CTL = MIO + 0x13020, A_DATA = MIO + 0x13030, B_CTL = MIO + 0x13000,
       B_DATA = MIO + 0x13010,
       L_B_CTL = MIO + 0x12000, L_A_CTL = MIO + 0x12002, L_B_DATA = MIO + 0x12004,
       L_A_DATA = MIO + 0x12006 };
enum { IN_A = 1, IN_B = 2 };

static void wreg(g3rig *r, uint32_t ctl, unsigned reg, uint8_t v)
{
    g3_wr8(r, ctl, (uint8_t)reg);   /* WR0: point at the register (0-7) */
    g3_wr8(r, ctl, v);
}

static uint8_t rreg(g3rig *r, uint32_t ctl, unsigned reg)
{
    g3_wr8(r, ctl, (uint8_t)reg);
    return g3_rd8(r, ctl);
}

/* OpenBIOS uart_init_line for channel A: reset, x16 1 stop, baud, Rx/Tx on. */
static void init_line(g3rig *r, uint32_t ctl)
{
    wreg(r, ctl, 9, ctl == A_CTL ? 0x80 : 0x40);
    wreg(r, ctl, 4, 0x44);
    wreg(r, ctl, 3, 0xc1);
    wreg(r, ctl, 5, 0xea);
}

static void host_send(ww_chardev *c, const char *s)
{
    ww_chardev_receive(c, (const uint8_t *)s, strlen(s));
}

WW_TEST("chips/z85c30/reset-values", t_reset)
{
    g3rig r;
    g3rig_init(&r);
    /* RR0 after reset: Tx buffer empty and Tx underrun; RR1: all sent. */
    WW_CHECK_EQ(g3_rd8(&r, A_CTL), 0x44);
    WW_CHECK_EQ(g3_rd8(&r, B_CTL), 0x44);
    WW_CHECK_EQ(rreg(&r, A_CTL, 1) & 0x01, 0x01);
    /* Nothing pending (RR3 on channel A), no interrupt. */
    WW_CHECK_EQ(rreg(&r, A_CTL, 3), 0);
    WW_CHECK_EQ(g3_line(&r, IN_A), 0);
    g3rig_free(&r);
}

WW_TEST("chips/z85c30/transmit-polled", t_tx)
{
    g3rig r;
    g3rig_init(&r);
    init_line(&r, A_CTL);
    /* Polled output as OpenBIOS does it: wait for Tx buffer empty, write data. */
    const char *msg = "0 > ok\r\n";
    for (const char *p = msg; *p; p++) {
        WW_CHECK(g3_rd8(&r, A_CTL) & 0x04);
        g3_wr8(&r, A_DATA, (uint8_t)*p);
    }
    WW_CHECK_STR(r.chr_a->captured->str, msg);
    WW_CHECK_EQ(r.chr_b->captured->len, 0);
    g3rig_free(&r);
}

WW_TEST("chips/z85c30/register-pointer", t_ptr)
{
    g3rig r;
    g3rig_init(&r);
    /* A register pointer lasts one access: WR12 then the next write is WR0. */
    wreg(&r, A_CTL, 12, 0x0a);
    WW_CHECK_EQ(chip_reg(r.escc, "WR12A"), 0x0a);
    /* Point High (command 1) reaches WR8-WR15: WR13 = 0x00 | 8 + 5. */
    g3_wr8(&r, A_CTL, 0x08 | 5);
    g3_wr8(&r, A_CTL, 0x5a);
    WW_CHECK_EQ(chip_reg(r.escc, "WR13A"), 0x5a);
    /* RR12/RR13 read the time constant back; RR15 the external enables. */
    WW_CHECK_EQ(g3_rd8(&r, A_CTL), 0x44);   /* pointer back at RR0 */
    g3_wr8(&r, A_CTL, 0x08 | 4);
    WW_CHECK_EQ(g3_rd8(&r, A_CTL), 0x0a);   /* RR12 */
    /* Channel B's registers are its own. */
    WW_CHECK_EQ(chip_reg(r.escc, "WR12B"), 0);
    g3rig_free(&r);
}

WW_TEST("chips/z85c30/receive-fifo-and-backlog", t_rx)
{
    g3rig r;
    g3rig_init(&r);
    init_line(&r, A_CTL);
    /* Five bytes from the host: three fill the FIFO, two wait on the line. */
    host_send(r.chr_a, "hello");
    WW_CHECK_EQ(chip_state(r.escc, "a.rx_count", 0), 3);
    for (const char *p = "hello"; *p; p++) {
        WW_CHECK(g3_rd8(&r, A_CTL) & 0x01);   /* Rx character available */
        WW_CHECK_EQ(g3_rd8(&r, A_DATA), (uint8_t)*p);
    }
    WW_CHECK_EQ(g3_rd8(&r, A_CTL) & 0x01, 0);
    g3rig_free(&r);
}

WW_TEST("chips/z85c30/receiver-disabled-waits", t_rxoff)
{
    g3rig r;
    g3rig_init(&r);
    /* With the receiver off, host bytes wait on the line instead of being lost. */
    host_send(r.chr_a, "ab");
    WW_CHECK_EQ(g3_rd8(&r, A_CTL) & 0x01, 0);
    wreg(&r, A_CTL, 3, 0xc1);
    WW_CHECK_EQ(g3_rd8(&r, A_DATA), 'a');
    WW_CHECK_EQ(g3_rd8(&r, A_DATA), 'b');
    g3rig_free(&r);
}

WW_TEST("chips/z85c30/rx-interrupt-and-rr3", t_rxint)
{
    g3rig r;
    g3rig_init(&r);
    init_line(&r, A_CTL);
    /* Rx interrupts on all characters, MIE: a byte raises int_a and RR3 bit 5. */
    wreg(&r, A_CTL, 1, 0x10);
    wreg(&r, A_CTL, 9, 0x08);
    host_send(r.chr_a, "z");
    WW_CHECK_EQ(g3_line(&r, IN_A), 1);
    WW_CHECK_EQ(g3_line(&r, IN_B), 0);
    WW_CHECK_EQ(rreg(&r, A_CTL, 3), 0x20);
    /* Reading the character clears it. */
    WW_CHECK_EQ(g3_rd8(&r, A_DATA), 'z');
    WW_CHECK_EQ(g3_line(&r, IN_A), 0);
    /* Without MIE nothing interrupts. */
    wreg(&r, A_CTL, 9, 0x00);
    host_send(r.chr_a, "y");
    WW_CHECK_EQ(g3_line(&r, IN_A), 0);
    WW_CHECK_EQ(rreg(&r, A_CTL, 3), 0x20);
    g3rig_free(&r);
}

WW_TEST("chips/z85c30/tx-interrupt-reset-command", t_txint)
{
    g3rig r;
    g3rig_init(&r);
    init_line(&r, B_CTL);
    wreg(&r, B_CTL, 1, 0x02);
    wreg(&r, B_CTL, 9, 0x08);
    g3_wr8(&r, B_DATA, 'q');
    /* Tx buffer empty again: Tx IP on channel B (RR3 bit 1, read on A). */
    WW_CHECK_EQ(rreg(&r, A_CTL, 3), 0x02);
    WW_CHECK_EQ(g3_line(&r, IN_B), 1);
    /* WR0 command 5, "reset Tx interrupt pending". */
    g3_wr8(&r, B_CTL, 0x28);
    WW_CHECK_EQ(rreg(&r, A_CTL, 3), 0);
    WW_CHECK_EQ(g3_line(&r, IN_B), 0);
    WW_CHECK_STR(r.chr_b->captured->str, "q");
    g3rig_free(&r);
}

WW_TEST("chips/z85c30/vector-with-status", t_vector)
{
    g3rig r;
    g3rig_init(&r);
    init_line(&r, A_CTL);
    wreg(&r, A_CTL, 2, 0x30);
    /* Channel A's RR2 is WR2; channel B's carries the status when VIS. */
    WW_CHECK_EQ(rreg(&r, A_CTL, 2), 0x30);
    wreg(&r, A_CTL, 9, 0x09);          /* MIE | VIS */
    wreg(&r, A_CTL, 1, 0x10);
    host_send(r.chr_a, "k");
    /* A receive character available: status 110 in bits 3-1. */
    WW_CHECK_EQ(rreg(&r, B_CTL, 2), 0x30 | (6 << 1));
    g3rig_free(&r);
}

WW_TEST("chips/z85c30/legacy-layout", t_legacy)
{
    g3rig r;
    g3rig_init(&r);
    /* escc-legacy: B ctrl +0, A ctrl +2, B data +4, A data +6 reach the same channels. */
    wreg(&r, L_A_CTL, 5, 0x08);
    g3_wr8(&r, L_A_DATA, 'L');
    WW_CHECK_STR(r.chr_a->captured->str, "L");
    wreg(&r, L_B_CTL, 5, 0x08);
    g3_wr8(&r, L_B_DATA, 'M');
    WW_CHECK_STR(r.chr_b->captured->str, "M");
    /* The Mac I/O view sees the registers the legacy view wrote. */
    WW_CHECK_EQ(chip_reg(r.escc, "WR5A"), 0x08);
    g3rig_free(&r);
}

WW_TEST("chips/z85c30/channel-reset-and-peek", t_chreset)
{
    g3rig r;
    g3rig_init(&r);
    init_line(&r, A_CTL);
    host_send(r.chr_a, "p");
    /* A peek shows the byte without consuming it. */
    WW_CHECK_EQ(g3_peek8(&r, A_DATA), 'p');
    WW_CHECK_EQ(g3_rd8(&r, A_CTL) & 0x01, 0x01);
    /* WR9 channel A reset: the FIFO empties and WR3/WR5 go back to 0. */
    wreg(&r, A_CTL, 9, 0x80);
    WW_CHECK_EQ(g3_rd8(&r, A_CTL) & 0x01, 0);
    WW_CHECK_EQ(chip_reg(r.escc, "WR3A"), 0);
    /* With the transmitter off, data writes go nowhere. */
    g3_wr8(&r, A_DATA, 'X');
    WW_CHECK_EQ(r.chr_a->captured->len, 0);
    g3rig_free(&r);
}

WW_TEST("chips/z85c30/local-loopback", t_loop)
{
    g3rig r;
    g3rig_init(&r);
    init_line(&r, A_CTL);
    /* WR14 bit 4: what is transmitted is received, nothing reaches the host. */
    g3_wr8(&r, A_CTL, 0x08 | 6);
    g3_wr8(&r, A_CTL, 0x10);
    g3_wr8(&r, A_DATA, 'E');
    WW_CHECK_EQ(r.chr_a->captured->len, 0);
    WW_CHECK_EQ(g3_rd8(&r, A_DATA), 'E');
    g3rig_free(&r);
}
