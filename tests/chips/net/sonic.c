/* tests/chips/net/sonic.c — the SONIC on the Quadra 800 as Linux's macsonic
 * probes and starts it: the PROM's bit-reversed address, registers every 4
 * bytes at +2, the silicon revision, software reset, Load CAM by DMA (32-bit
 * descriptors) and reading entry CEP back, the transmit list completed with
 * PTX and TXDN, the interrupt at level 3 (A/UX mapping), and descriptors that
 * are not in memory. */
#include "tests/chips/qrig.h"
#include "chips/apple/via6522.h"

#define SREG(n) (QIO + 0xA000u + (n) * 4u + 2u)
#define PROM(n) (QIO + 0x8000u + (n))

static uint8_t rev8(uint8_t b)
{
    uint8_t r = 0;
    for (unsigned k = 0; k < 8; k++)
        r = (uint8_t)(r << 1 | ((b >> k) & 1));
    return r;
}

WW_TEST("chips/dp83932/prom-and-revision", t_prom)
{
    qrig r;
    qrig_init(&r);
    /* The PROM holds 08:00:07:12:34:56 with each byte's bits reversed, and a
     * checksum at 7 (0xFF minus the XOR of the six). */
    static const uint8_t mac[6] = { 0x08, 0x00, 0x07, 0x12, 0x34, 0x56 };
    uint8_t x = 0;
    for (unsigned i = 0; i < 6; i++) {
        WW_CHECK_EQ(q_rd8(&r, PROM(i)), rev8(mac[i]));
        x ^= rev8(mac[i]);
    }
    WW_CHECK_EQ(q_rd8(&r, PROM(7)), (uint8_t)(0xff - x));
    /* Silicon revision 4 (DP83932B), read-only. */
    WW_CHECK_EQ(q_rd16(&r, SREG(0x28)), 0x0004);
    q_wr16(&r, SREG(0x28), 0x1234);
    WW_CHECK_EQ(q_rd16(&r, SREG(0x28)), 0x0004);
    qrig_free(&r);
}

WW_TEST("chips/dp83932/reset-and-cam", t_cam)
{
    qrig r;
    qrig_init(&r);
    /* Software reset: RST, STP, RXDIS. */
    q_wr16(&r, SREG(0x00), 0x0080);
    WW_CHECK_EQ(q_rd16(&r, SREG(0x00)), 0x0094);
    q_wr16(&r, SREG(0x00), 0x0000);                 /* out of reset */
    /* 32-bit mode; one CAM descriptor at 0x2000: entry 5 = 08:00:07:aa:bb:cc. */
    q_wr16(&r, SREG(0x01), 0x0020);
    static const uint16_t desc[] = { 5, 0x0008, 0xaa07, 0xccbb, 0x0020 };
    for (unsigned i = 0; i < 5; i++)
        q_wr32(&r, 0x2000 + 4 * i, desc[i]);
    q_wr16(&r, SREG(0x14), 0x0000);                 /* URRA */
    q_wr16(&r, SREG(0x26), 0x2000);                 /* CDP */
    q_wr16(&r, SREG(0x27), 1);                      /* CDC */
    q_wr16(&r, SREG(0x00), 0x0200);                 /* LCAM */
    WW_CHECK(q_rd16(&r, SREG(0x05)) & 0x1000);      /* ISR LCD */
    WW_CHECK_EQ(q_rd16(&r, SREG(0x00)) & 0x0200, 0);
    WW_CHECK_EQ(q_rd16(&r, SREG(0x25)), 0x0020);    /* CE */
    /* After a reset, CEP 5 and the CAP ports read the entry back. */
    q_wr16(&r, SREG(0x00), 0x0080);
    q_wr16(&r, SREG(0x21), 5);
    WW_CHECK_EQ(q_rd16(&r, SREG(0x24)), 0x0008);
    WW_CHECK_EQ(q_rd16(&r, SREG(0x23)), 0xaa07);
    WW_CHECK_EQ(q_rd16(&r, SREG(0x22)), 0xccbb);
    /* ISR is write 1 to clear. */
    q_wr16(&r, SREG(0x00), 0x0000);
    q_wr16(&r, SREG(0x05), 0x1000);
    WW_CHECK_EQ(q_rd16(&r, SREG(0x05)) & 0x1000, 0);
    qrig_free(&r);
}

WW_TEST("chips/dp83932/transmit-and-interrupt", t_tx)
{
    qrig r;
    qrig_init(&r);
    q_wr8(&r, QVIA1(VIA_DDRB), q_rd8(&r, QVIA1(VIA_DDRB)) | 0x40);
    q_wr8(&r, QVIA1(VIA_ORB), q_rd8(&r, QVIA1(VIA_ORB)) & ~0x40);   /* A/UX levels */
    q_wr16(&r, SREG(0x00), 0x0080);
    q_wr16(&r, SREG(0x00), 0x0000);
    q_wr16(&r, SREG(0x01), 0x0020);
    /* Two descriptors of one fragment each at 0x3000 and 0x3040, the second
     * with EOL in its link. */
    uint32_t d0 = 0x3000, d1 = 0x3040;
    uint16_t a[] = { 0, 0, 60, 1, 0x4000, 0x0000, 60, (uint16_t)d1 };
    uint16_t b[] = { 0, 0, 60, 1, 0x4000, 0x0000, 60, 0x0001 };
    for (unsigned i = 0; i < 8; i++) {
        q_wr32(&r, d0 + 4 * i, a[i]);
        q_wr32(&r, d1 + 4 * i, b[i]);
    }
    q_wr16(&r, SREG(0x04), 0x0200);                 /* IMR: TXDN */
    q_wr16(&r, SREG(0x06), 0x0000);                 /* UTDA */
    q_wr16(&r, SREG(0x07), (uint16_t)d0);           /* CTDA */
    q_wr16(&r, SREG(0x00), 0x0002);                 /* TXP */
    WW_CHECK_EQ(q_rd32(&r, d0) & 0xffff, 1);        /* PTX */
    WW_CHECK_EQ(q_rd32(&r, d1) & 0xffff, 1);
    WW_CHECK(q_rd16(&r, SREG(0x05)) & 0x0200);
    WW_CHECK_EQ(q_ipl(&r), 3);
    q_wr16(&r, SREG(0x05), 0x0200);
    WW_CHECK_EQ(q_ipl(&r), 0);
    qrig_free(&r);
}

WW_TEST("chips/dp83932/descriptors-outside-memory", t_bad)
{
    qrig r;
    qrig_init(&r);
    q_wr16(&r, SREG(0x00), 0x0080);
    q_wr16(&r, SREG(0x00), 0x0000);
    /* CAM and transmit descriptors in the I/O space or past RAM: nothing
     * moves, the chip stays usable. */
    q_wr16(&r, SREG(0x14), 0x50F0);
    q_wr16(&r, SREG(0x26), 0x0000);
    q_wr16(&r, SREG(0x27), 31);
    q_wr16(&r, SREG(0x00), 0x0200);
    q_wr16(&r, SREG(0x06), 0xFFFF);
    q_wr16(&r, SREG(0x07), 0xFFF0);
    q_wr16(&r, SREG(0x00), 0x0002);
    WW_CHECK_EQ(q_rd16(&r, SREG(0x00)) & 0x0202, 0);
    WW_CHECK_EQ(q_rd16(&r, SREG(0x28)), 0x0004);
    qrig_free(&r);
}
