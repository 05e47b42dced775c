/* tests/chips/apple/mac_rtc.c — the RTC and parameter RAM on VIA1 port B, as
 * Linux's arch/m68k/mac/misc.c drives them (via_rtc_send/recv,
 * via_rtc_command): the seconds, write-protect, the classic and extended PRAM
 * commands, an abandoned command, and the one-second output on CA2. */
#include "tests/chips/qrig.h"
#include "chips/apple/via6522.h"

enum { DATA = 0x01, CLK = 0x02, ENB = 0x04 };

static void init_lines(qrig *r)
{
    /* via_init: the RTC lines as outputs, RTC disabled, clock high. */
    q_wr8(r, QVIA1(VIA_DDRB), q_rd8(r, QVIA1(VIA_DDRB)) | ENB | CLK | DATA);
    q_wr8(r, QVIA1(VIA_ORB), q_rd8(r, QVIA1(VIA_ORB)) | ENB | CLK);
}

static void rtc_send(qrig *r, uint8_t data)
{
    uint8_t reg = q_rd8(r, QVIA1(VIA_ORB)) & (uint8_t)~(CLK | DATA);
    for (int i = 0; i < 8; i++) {
        uint8_t bit = data & 0x80 ? 1 : 0;
        data <<= 1;
        q_wr8(r, QVIA1(VIA_ORB), reg | bit);
        q_wr8(r, QVIA1(VIA_ORB), reg | bit | CLK);
    }
}

static uint8_t rtc_recv(qrig *r)
{
    uint8_t reg = q_rd8(r, QVIA1(VIA_ORB)) & (uint8_t)~CLK, data = 0;
    q_wr8(r, QVIA1(VIA_DDRB), q_rd8(r, QVIA1(VIA_DDRB)) & (uint8_t)~DATA);
    for (int i = 0; i < 8; i++) {
        q_wr8(r, QVIA1(VIA_ORB), reg);
        q_wr8(r, QVIA1(VIA_ORB), reg | CLK);
        data = (uint8_t)(data << 1 | (q_rd8(r, QVIA1(VIA_ORB)) & DATA));
    }
    q_wr8(r, QVIA1(VIA_DDRB), q_rd8(r, QVIA1(VIA_DDRB)) | DATA);
    return data;
}

/* via_rtc_command: one- or two-byte commands, the data byte sent or read. */
static uint8_t rtc_command(qrig *r, unsigned command, uint8_t data)
{
    command = (command & ~3u) | 1;
    q_wr8(r, QVIA1(VIA_ORB), (uint8_t)((q_rd8(r, QVIA1(VIA_ORB)) | CLK) & ~ENB));
    bool rd;
    if (command & 0xff00) {
        rtc_send(r, (uint8_t)(command >> 8));
        rtc_send(r, (uint8_t)command);
        rd = command & 0x8000;
    } else {
        rtc_send(r, (uint8_t)command);
        rd = command & 0x80;
    }
    if (rd)
        data = rtc_recv(r);
    else
        rtc_send(r, data);
    q_wr8(r, QVIA1(VIA_ORB), q_rd8(r, QVIA1(VIA_ORB)) | ENB);
    return data;
}

static uint32_t read_time(qrig *r)
{
    uint32_t t = 0;
    for (unsigned i = 0; i < 4; i++)
        t |= (uint32_t)rtc_command(r, 0x80 | i << 2, 0) << (8 * i);
    return t;
}

#define XPRAM_READ(a) (0xb800u | ((a) & 0xe0u) << 3 | ((a) & 0x1fu) << 2)
#define XPRAM_WRITE(a) (0x3800u | ((a) & 0xe0u) << 3 | ((a) & 0x1fu) << 2)

WW_TEST("chips/mac-rtc/seconds", t_seconds)
{
    qrig r;
    qrig_init(&r);
    init_lines(&r);
    /* The four seconds bytes, lowest first: the time property (2024-01-01). */
    WW_CHECK_EQ(read_time(&r), 3786912000u);
    /* Three seconds of virtual time later, three more. */
    q_advance(&r, 3 * WW_NS_PER_SEC);
    WW_CHECK_EQ(read_time(&r), 3786912003u);
    qrig_free(&r);
}

WW_TEST("chips/mac-rtc/set-time-and-write-protect", t_set)
{
    qrig r;
    qrig_init(&r);
    init_lines(&r);
    /* via_set_rtc_time: unprotect (0x55), write the bytes, protect (0xD5). */
    rtc_command(&r, 0x34, 0x55);
    uint32_t t = 0x12345678u;
    for (unsigned i = 0; i < 4; i++)
        rtc_command(&r, i << 2, (uint8_t)(t >> (8 * i)));
    rtc_command(&r, 0x34, 0xd5);
    WW_CHECK_EQ(read_time(&r), 0x12345678u);
    /* Protected: a write is ignored. */
    rtc_command(&r, 0x00, 0x00);
    WW_CHECK_EQ(read_time(&r), 0x12345678u);
    qrig_free(&r);
}

WW_TEST("chips/mac-rtc/xpram", t_xpram)
{
    qrig r;
    qrig_init(&r);
    init_lines(&r);
    rtc_command(&r, 0x34, 0x55);
    /* Extended commands reach all 256 bytes. */
    for (unsigned a = 0; a < 256; a += 37)
        rtc_command(&r, XPRAM_WRITE(a), (uint8_t)(a ^ 0x5a));
    for (unsigned a = 0; a < 256; a += 37)
        WW_CHECK_EQ(rtc_command(&r, XPRAM_READ(a), 0), (a ^ 0x5a) & 0xff);
    /* The classic command z1aaaa01 reads classic byte 2 = XPRAM $12. */
    rtc_command(&r, XPRAM_WRITE(0x12), 0xc3);
    WW_CHECK_EQ(rtc_command(&r, 0x80 | 0x40 | 2 << 2, 0), 0xc3);
    /* z010aa01 reads classic $11 = XPRAM $09. */
    rtc_command(&r, XPRAM_WRITE(0x09), 0x3c);
    WW_CHECK_EQ(rtc_command(&r, 0x80 | 0x20 | 1 << 2, 0), 0x3c);
    qrig_free(&r);
}

WW_TEST("chips/mac-rtc/abandoned-command", t_abandon)
{
    qrig r;
    qrig_init(&r);
    init_lines(&r);
    /* Enable, send half a command byte, disable: the next command is whole. */
    q_wr8(&r, QVIA1(VIA_ORB), (uint8_t)((q_rd8(&r, QVIA1(VIA_ORB)) | CLK) & ~ENB));
    uint8_t reg = q_rd8(&r, QVIA1(VIA_ORB)) & (uint8_t)~(CLK | DATA);
    for (int i = 0; i < 3; i++) {
        q_wr8(&r, QVIA1(VIA_ORB), reg | 1);
        q_wr8(&r, QVIA1(VIA_ORB), reg | 1 | CLK);
    }
    q_wr8(&r, QVIA1(VIA_ORB), q_rd8(&r, QVIA1(VIA_ORB)) | ENB);
    WW_CHECK_EQ(read_time(&r), 3786912000u);
    /* Clocks while disabled are ignored. */
    for (int i = 0; i < 20; i++) {
        q_wr8(&r, QVIA1(VIA_ORB), q_rd8(&r, QVIA1(VIA_ORB)) & (uint8_t)~CLK);
        q_wr8(&r, QVIA1(VIA_ORB), q_rd8(&r, QVIA1(VIA_ORB)) | CLK);
    }
    WW_CHECK_EQ(read_time(&r), 3786912000u);
    qrig_free(&r);
}

WW_TEST("chips/mac-rtc/bad-commands", t_bad)
{
    qrig r;
    qrig_init(&r);
    init_lines(&r);
    /* Command bytes not ending in 01, reads of write-only registers, every
     * byte: the clock and PRAM survive. */
    for (unsigned c = 0; c < 256; c++)
        if ((c & 0x78) != 0x38)
            rtc_command(&r, c & 0xfc ? c : 0x02, (uint8_t)c);
    rtc_command(&r, 0x34, 0xd5);
    uint32_t t = read_time(&r);
    q_advance(&r, WW_NS_PER_SEC);
    WW_CHECK_EQ(read_time(&r), t + 1);
    qrig_free(&r);
}

WW_TEST("chips/mac-rtc/one-second-interrupt", t_onesec)
{
    qrig r;
    qrig_init(&r);
    /* VIA1 CA2 gets a 1 Hz square wave: with PCR CA2 "input, negative edge",
     * one flag per second. */
    q_wr8(&r, QVIA1(VIA_PCR), 0x00);
    q_wr8(&r, QVIA1(VIA_IFR), 0x7f);
    unsigned n = 0;
    for (unsigned i = 0; i < 40; i++) {
        q_advance(&r, WW_NS_PER_SEC / 10);
        if (q_rd8(&r, QVIA1(VIA_IFR)) & VIA_IFR_CA2) {
            n++;
            q_wr8(&r, QVIA1(VIA_IFR), VIA_IFR_CA2);
        }
    }
    WW_CHECK(n >= 3 && n <= 5);
    qrig_free(&r);
}
