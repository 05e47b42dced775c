/* tests/chips/apple/cuda.c — the VIA and CUDA as the drivers use them: the
 * handshake of Linux's via-cuda.c (cuda_init_via's sync) and OpenBIOS's
 * polled cuda_request (send a packet, read the reply), the CUDA commands, ADB
 * transactions to the keyboard and mouse, autopoll, and the VIA timers. */
#include "tests/chips/g3rig.h"

#define VIA(reg) (MIO + 0x16000u + (reg) * 0x200u)
enum { B = 0, DIRB = 2, T1CL = 4, T1CH = 5, T1LL = 6, T1LH = 7, T2CL = 8, T2CH = 9, SR = 10,
       ACR = 11, IFR = 13, IER = 14 };
enum { TREQ = 0x08, TACK = 0x10, TIP = 0x20, SR_OUT = 0x10, SR_INT = 0x04, T1_INT = 0x40,
       T2_INT = 0x20 };
enum { IN_CUDA = 3, IN_POWEROFF = 7 };

static uint8_t rd(g3rig *r, unsigned reg) { return g3_rd8(r, VIA(reg)); }
static void wr(g3rig *r, unsigned reg, uint8_t v) { g3_wr8(r, VIA(reg), v); }

/* Wait for the SR interrupt (CUDA answers after a few microseconds) and clear it. */
static void wait_sr(g3rig *r)
{
    for (int i = 0; i < 100; i++) {
        uint8_t f = rd(r, IFR);
        wr(r, IFR, f & 0x7f);
        if (f & SR_INT)
            return;
        g3_advance(r, 5000);
    }
    ww_test_fail_at(__FILE__, __LINE__, "no SR interrupt from CUDA");
}

/* OpenBIOS drivers/cuda.c cuda_request: the packet out, then the reply in. */
static unsigned request(g3rig *r, const uint8_t *pkt, unsigned len, uint8_t *reply)
{
    wr(r, ACR, rd(r, ACR) | SR_OUT);
    wr(r, SR, pkt[0]);
    wr(r, B, rd(r, B) & ~TIP);
    for (unsigned i = 1; i < len; i++) {
        wait_sr(r);
        wr(r, SR, pkt[i]);
        wr(r, B, rd(r, B) ^ TACK);
    }
    wait_sr(r);
    wr(r, ACR, rd(r, ACR) & ~SR_OUT);
    (void)rd(r, SR);
    wr(r, B, rd(r, B) | TIP | TACK);
    unsigned n = 0;
    wait_sr(r);
    (void)rd(r, SR);
    wr(r, B, rd(r, B) & ~TIP);
    for (;;) {
        wait_sr(r);
        uint8_t v = rd(r, SR);
        if (n < 64)
            reply[n++] = v;
        if (rd(r, B) & TREQ)
            break;
        wr(r, B, rd(r, B) ^ TACK);
    }
    wr(r, B, rd(r, B) | TIP | TACK);
    wait_sr(r);
    (void)rd(r, SR);
    return n;
}

WW_TEST("chips/cuda/linux-sync", t_sync)
{
    g3rig r;
    g3rig_init(&r);
    /* cuda_init_via: TACK and TIP outputs, negated; SR shifts in. */
    wr(&r, DIRB, (rd(&r, DIRB) | TACK | TIP) & ~TREQ);
    wr(&r, B, rd(&r, B) | TACK | TIP);
    wr(&r, ACR, (rd(&r, ACR) & ~0x1c) | 0x0c);
    wr(&r, IER, 0x7f);
    /* TREQ negated while idle. */
    WW_CHECK(rd(&r, B) & TREQ);
    /* Sync: assert TACK without TIP; CUDA asserts TREQ and interrupts. */
    wr(&r, B, rd(&r, B) & ~TACK);
    WW_CHECK_EQ(rd(&r, B) & TREQ, 0);
    wait_sr(&r);
    /* Negate TACK: TREQ follows, another interrupt. */
    wr(&r, B, rd(&r, B) | TACK);
    WW_CHECK(rd(&r, B) & TREQ);
    wait_sr(&r);
    g3rig_free(&r);
}

WW_TEST("chips/cuda/get-set-time", t_time)
{
    g3rig r;
    g3rig_init(&r);
    uint8_t rep[64];
    /* GET_TIME: [1, 0, 3, t3 t2 t1 t0], seconds since 1904 (rtc property). */
    const uint8_t get[] = { 1, 0x03 };
    unsigned n = request(&r, get, 2, rep);
    WW_CHECK_EQ(n, 7);
    WW_CHECK_EQ(rep[0], 1);
    WW_CHECK_EQ(rep[1], 0);
    WW_CHECK_EQ(rep[2], 0x03);
    uint32_t t = (uint32_t)rep[3] << 24 | rep[4] << 16 | rep[5] << 8 | rep[6];
    WW_CHECK_EQ(t, 3786912000u);
    /* SET_TIME, then 2 s of virtual time later GET_TIME says +2. */
    const uint8_t set[] = { 1, 0x09, 0xb0, 0x00, 0x00, 0x00 };
    n = request(&r, set, 6, rep);
    WW_CHECK_EQ(n, 3);
    WW_CHECK_EQ(rep[2], 0x09);
    g3_advance(&r, 2 * WW_NS_PER_SEC);
    n = request(&r, get, 2, rep);
    t = (uint32_t)rep[3] << 24 | rep[4] << 16 | rep[5] << 8 | rep[6];
    WW_CHECK_EQ(t, 0xb0000002u);
    g3rig_free(&r);
}

WW_TEST("chips/cuda/pram", t_pram)
{
    g3rig r;
    g3rig_init(&r);
    uint8_t rep[64];
    /* SET_PRAM at 0x10: three bytes; GET_PRAM reads them back one at a time. */
    const uint8_t set[] = { 1, 0x0c, 0x00, 0x10, 0xaa, 0xbb, 0xcc };
    WW_CHECK_EQ(request(&r, set, 7, rep), 3);
    for (unsigned k = 0; k < 3; k++) {
        const uint8_t get[] = { 1, 0x07, 0x00, (uint8_t)(0x10 + k) };
        WW_CHECK_EQ(request(&r, get, 4, rep), 4);
        WW_CHECK_EQ(rep[3], 0xaa + 0x11 * k);
    }
    /* PRAM survives a reset (battery-backed). */
    ww_chip_reset(r.cuda, WW_RESET_HARD);
    const uint8_t get[] = { 1, 0x07, 0x00, 0x11 };
    request(&r, get, 4, rep);
    WW_CHECK_EQ(rep[3], 0xbb);
    g3rig_free(&r);
}

WW_TEST("chips/cuda/adb-talk-r3", t_adb_r3)
{
    g3rig r;
    g3rig_init(&r);
    uint8_t rep[64];
    /* Talk R3 of address 2: the keyboard answers address 2, handler 1. */
    const uint8_t talk[] = { 0, 0x2f };
    unsigned n = request(&r, talk, 2, rep);
    WW_CHECK_EQ(n, 5);
    WW_CHECK_EQ(rep[0], 0);
    WW_CHECK_EQ(rep[1], 0);
    WW_CHECK_EQ(rep[2], 0x2f);
    WW_CHECK_EQ(rep[3] & 0x0f, 2);
    WW_CHECK_EQ(rep[4], 1);
    /* Address 5: nobody; the reply says timeout (flag 0x02) with no data. */
    const uint8_t none[] = { 0, 0x5f };
    n = request(&r, none, 2, rep);
    WW_CHECK_EQ(n, 3);
    WW_CHECK_EQ(rep[1], 0x02);
    g3rig_free(&r);
}

WW_TEST("chips/cuda/adb-listen-moves-device", t_adb_move)
{
    g3rig r;
    g3rig_init(&r);
    uint8_t rep[64];
    /* Listen R3 to the mouse (3) with handler 0xFE: move it to address 9. */
    const uint8_t listen[] = { 0, 0x3b, 0x09, 0xfe };
    request(&r, listen, 4, rep);
    WW_CHECK_EQ(chip_reg(r.mouse, "ADDRESS"), 9);
    const uint8_t talk9[] = { 0, 0x9f };
    WW_CHECK_EQ(request(&r, talk9, 2, rep), 5);
    WW_CHECK_EQ(rep[3] & 0x0f, 9);
    /* SendReset: everyone back at the default address. */
    const uint8_t reset[] = { 0, 0x00 };
    request(&r, reset, 2, rep);
    WW_CHECK_EQ(chip_reg(r.mouse, "ADDRESS"), 3);
    g3rig_free(&r);
}

WW_TEST("chips/cuda/autopoll-keyboard", t_autopoll)
{
    g3rig r;
    g3rig_init(&r);
    uint8_t rep[64];
    /* Autopoll on; a key press on the host shows up as an unsolicited ADB
     * packet (flag 0x40) with Talk R0 of address 2 and the key code. */
    const uint8_t ap[] = { 1, 0x01, 1 };
    WW_CHECK_EQ(request(&r, ap, 3, rep), 3);
    ww_inputdev *in = NULL;
    ww_backend_slot *const *slots;
    unsigned ns = ww_machine_backend_slots(r.m, &slots);
    for (unsigned i = 0; i < ns; i++)
        if (slots[i]->type == WW_BACKEND_INPUT && slots[i]->chip == r.kbd)
            in = g_new0(ww_inputdev, 1);
    WW_CHECK(in);
    GError *err = NULL;
    WW_CHECK_NOERR(ww_chip_bind_backend(r.kbd, WW_BACKEND_INPUT, NULL, 0, in, &err), err);
    in->key(in->chip, 0x04, true);   /* HID 'a' → ADB 0x00 */
    g3_advance(&r, 30 * 1000000);
    /* TREQ asserted: read the packet as an idle-state host does. */
    WW_CHECK_EQ(rd(&r, B) & TREQ, 0);
    wait_sr(&r);
    (void)rd(&r, SR);
    wr(&r, B, rd(&r, B) & ~TIP);
    unsigned n = 0;
    for (;;) {
        wait_sr(&r);
        rep[n++] = rd(&r, SR);
        if (rd(&r, B) & TREQ)
            break;
        wr(&r, B, rd(&r, B) ^ TACK);
    }
    wr(&r, B, rd(&r, B) | TIP | TACK);
    WW_CHECK_EQ(n, 5);
    WW_CHECK_EQ(rep[1], 0x40);
    WW_CHECK_EQ(rep[2], 0x2c);
    WW_CHECK_EQ(rep[3], 0x00);       /* 'a' down */
    WW_CHECK_EQ(rep[4], 0xff);       /* no second key */
    ww_chip_bind_backend(r.kbd, WW_BACKEND_INPUT, NULL, 0, NULL, NULL);
    g_free(in);
    g3rig_free(&r);
}

WW_TEST("chips/cuda/powerdown-and-unknown", t_power)
{
    g3rig r;
    g3rig_init(&r);
    uint8_t rep[64];
    /* An unknown command answers an error packet [2, 2, 1, cmd]. */
    const uint8_t bad[] = { 1, 0x7e };
    WW_CHECK_EQ(request(&r, bad, 2, rep), 4);
    WW_CHECK_EQ(rep[0], 2);
    WW_CHECK_EQ(rep[3], 0x7e);
    /* POWERDOWN acknowledges and pulses the poweroff line. */
    const uint8_t off[] = { 1, 0x0a };
    WW_CHECK_EQ(request(&r, off, 2, rep), 3);
    WW_CHECK_EQ(g3_rises(&r, IN_POWEROFF), 1);
    g3rig_free(&r);
}

WW_TEST("chips/cuda/overlong-packet", t_long)
{
    g3rig r;
    g3rig_init(&r);
    uint8_t pkt[200], rep[64];
    /* A 200-byte packet: the excess is dropped (logged), CUDA still answers. */
    memset(pkt, 0x11, sizeof pkt);
    pkt[0] = 1;
    pkt[1] = 0x7f;
    unsigned n = request(&r, pkt, sizeof pkt, rep);
    WW_CHECK_EQ(n, 4);
    WW_CHECK_EQ(rep[0], 2);
    /* … and a normal command after it works. */
    const uint8_t get[] = { 1, 0x03 };
    WW_CHECK_EQ(request(&r, get, 2, rep), 7);
    g3rig_free(&r);
}

WW_TEST("chips/cuda/via-timer1-continuous", t_t1)
{
    g3rig r;
    g3rig_init(&r);
    /* Linux via_calibrate_decr: T1 continuous, latch 10000 ticks. */
    wr(&r, ACR, (rd(&r, ACR) & 0x3f) | 0x40);
    wr(&r, T1CH, 2);
    wr(&r, T1LL, 10000 & 0xff);
    wr(&r, T1LH, 10000 >> 8);
    /* T1CH loaded the counter with 0x200 (latch low was 0): it underflows after 0x201 ticks. */
    g3_advance(&r, ww_ticks_to_ns(0x200 + 2, 783333));
    WW_CHECK(rd(&r, IFR) & T1_INT);
    (void)rd(&r, T1CL);                 /* reading T1CL clears it */
    WW_CHECK_EQ(rd(&r, IFR) & T1_INT, 0);
    /* The next one a period (latch + 2) later, not before. */
    g3_advance(&r, ww_ticks_to_ns(10000, 783333));
    WW_CHECK_EQ(rd(&r, IFR) & T1_INT, 0);
    g3_advance(&r, ww_ticks_to_ns(3, 783333));
    WW_CHECK(rd(&r, IFR) & T1_INT);
    g3rig_free(&r);
}

WW_TEST("chips/cuda/via-timer2-and-ier", t_t2)
{
    g3rig r;
    g3rig_init(&r);
    /* T2 one-shot of 100 ticks with its interrupt enabled: IRQ when it expires. */
    wr(&r, IER, 0x80 | T2_INT);
    WW_CHECK_EQ(rd(&r, IER), 0x80 | T2_INT);
    wr(&r, T2CL, 100);
    wr(&r, T2CH, 0);
    g3_advance(&r, ww_ticks_to_ns(50, 783333));
    WW_CHECK_EQ(g3_line(&r, IN_CUDA), 0);
    WW_CHECK(rd(&r, T2CL) < 60);
    g3_advance(&r, ww_ticks_to_ns(60, 783333));
    WW_CHECK_EQ(g3_line(&r, IN_CUDA), 1);
    WW_CHECK_EQ(rd(&r, IFR), 0x80 | T2_INT);
    /* Writing 1 to the IFR bit clears it and the line. */
    wr(&r, IFR, T2_INT);
    WW_CHECK_EQ(g3_line(&r, IN_CUDA), 0);
    /* IER bit 7 = 0 clears enables. */
    wr(&r, IER, T2_INT);
    WW_CHECK_EQ(rd(&r, IER), 0x80);
    g3rig_free(&r);
}
