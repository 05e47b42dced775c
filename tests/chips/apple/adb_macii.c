/* tests/chips/apple/adb_macii.c — the Mac II ADB transceiver through VIA1
 * as Linux's drivers/macintosh/via-macii.c uses it (written here from that
 * driver's protocol description: command byte in state 0, data bytes in the
 * even/odd states, /INT meaning time-out on the first even byte, a service
 * request on the first odd byte, the end of data afterwards, an autopoll
 * reply when idle): Talk and Listen to the keyboard and mouse, a time-out at
 * an empty address, SendReset, autopoll with a key press, a service request
 * from the other device, and absurd state sequences. */
#include "tests/chips/qrig.h"
#include "chips/apple/via6522.h"

enum { CTLR_IRQ = 0x08, ST_MASK = 0x30, ST_CMD = 0x00, ST_EVEN = 0x10, ST_ODD = 0x20,
       ST_IDLE = 0x30 };

#define B QVIA1(VIA_ORB)
#define DIRB QVIA1(VIA_DDRB)
#define SR QVIA1(VIA_SR)
#define ACR QVIA1(VIA_ACR)
#define IFR QVIA1(VIA_IFR)

static void host_init(qrig *r)
{
    /* macii_init_via: ST lines outputs, /INT an input, idle, SR shifting in. */
    q_wr8(r, DIRB, (uint8_t)((q_rd8(r, DIRB) | ST_EVEN | ST_ODD) & ~CTLR_IRQ));
    q_wr8(r, B, q_rd8(r, B) | ST_IDLE);
    q_wr8(r, ACR, (uint8_t)((q_rd8(r, ACR) & ~0x1c) | 0x0c));
    (void)q_rd8(r, SR);
}

static void set_state(qrig *r, uint8_t st)
{
    q_wr8(r, B, (uint8_t)((q_rd8(r, B) & ~ST_MASK) | st));
}

/* Wait for the shift register interrupt (polled, as macii_poll does);
 * returns the port B status bits, or -1 after 50 ms of nothing. */
static int wait_sr(qrig *r)
{
    for (int i = 0; i < 500; i++) {
        if (q_rd8(r, IFR) & VIA_IFR_SR) {
            q_wr8(r, IFR, VIA_IFR_SR);
            return q_rd8(r, B) & (ST_MASK | CTLR_IRQ);
        }
        q_advance(r, 100000);
    }
    return -1;
}

/* Read a reply the transceiver offers (the command byte is already in);
 * returns the number of data bytes (0: time-out), or -1. */
static int read_reply(qrig *r, uint8_t *out, bool *srq)
{
    int n = 0;
    bool timeout = false;
    uint8_t st = ST_EVEN;
    *srq = false;
    for (int k = 0; k < 12; k++) {
        set_state(r, st);
        int s = wait_sr(r);
        if (s < 0)
            return -1;
        uint8_t x = q_rd8(r, SR);
        if (!(s & CTLR_IRQ)) {
            if ((s & ST_MASK) == ST_EVEN && n == 0)
                timeout = true;
            else if ((s & ST_MASK) == ST_ODD && n == 1)
                *srq = true;
            else
                return timeout ? 0 : n;
        }
        if (n < 8)
            out[n++] = x;
        st ^= ST_MASK;
    }
    return -1;
}

/* One request: the command byte, the data bytes; for a Talk, the reply. */
static int request(qrig *r, uint8_t cmd, const uint8_t *data, unsigned len, uint8_t *reply,
                   bool *srq)
{
    q_wr8(r, ACR, q_rd8(r, ACR) | 0x10);
    q_wr8(r, SR, cmd);
    set_state(r, ST_CMD);
    int s = wait_sr(r);
    if (s < 0 || s == ST_CMD)
        return -2;                            /* an autopoll reply would be waiting */
    uint8_t st = ST_EVEN;
    for (unsigned i = 0; i < len; i++) {
        q_wr8(r, SR, data[i]);
        set_state(r, st);
        if (wait_sr(r) < 0)
            return -1;
        st ^= ST_MASK;
    }
    int n = 0;
    if ((cmd & 0x0c) == 0x0c) {
        q_wr8(r, ACR, q_rd8(r, ACR) & ~0x10);
        (void)q_rd8(r, SR);
        n = read_reply(r, reply, srq);
    }
    q_wr8(r, ACR, q_rd8(r, ACR) & ~0x10);
    (void)q_rd8(r, SR);
    set_state(r, ST_IDLE);
    q_advance(r, 300000);
    return n;
}

WW_TEST("chips/adb-macii/talk-register3", t_talk3)
{
    qrig r;
    qrig_init(&r);
    host_init(&r);
    uint8_t rep[8];
    bool srq;
    /* Talk R3 to the keyboard (address 2): address 2, handler 1 (SRQ enabled). */
    WW_CHECK_EQ(request(&r, 0x2f, NULL, 0, rep, &srq), 2);
    WW_CHECK_EQ(rep[0] & 0x0f, 2);
    WW_CHECK_EQ(rep[1], 1);
    /* The mouse at 3. */
    WW_CHECK_EQ(request(&r, 0x3f, NULL, 0, rep, &srq), 2);
    WW_CHECK_EQ(rep[0] & 0x0f, 3);
    qrig_free(&r);
}

WW_TEST("chips/adb-macii/timeout-at-empty-address", t_timeout)
{
    qrig r;
    qrig_init(&r);
    host_init(&r);
    uint8_t rep[8];
    bool srq;
    /* adb_scan_bus probes every address with Talk R3: nothing at 5. */
    WW_CHECK_EQ(request(&r, 0x5f, NULL, 0, rep, &srq), 0);
    WW_CHECK(!srq);
    /* And at 15; then the keyboard still answers. */
    WW_CHECK_EQ(request(&r, 0xff, NULL, 0, rep, &srq), 0);
    WW_CHECK_EQ(request(&r, 0x2f, NULL, 0, rep, &srq), 2);
    qrig_free(&r);
}

WW_TEST("chips/adb-macii/listen-moves-and-handler", t_listen)
{
    qrig r;
    qrig_init(&r);
    host_init(&r);
    uint8_t rep[8];
    bool srq;
    /* Listen R3 to the mouse: move to address 9 (handler 0xFE). */
    const uint8_t mv[2] = { 0x09, 0xfe };
    WW_CHECK_EQ(request(&r, 0x3b, mv, 2, rep, &srq), 0);
    WW_CHECK_EQ(chip_reg(r.mouse, "ADDRESS"), 9);
    WW_CHECK_EQ(request(&r, 0x9f, NULL, 0, rep, &srq), 2);
    WW_CHECK_EQ(rep[0] & 0x0f, 9);
    /* Listen R3 to the keyboard: handler 3 (extended keyboard). */
    const uint8_t h3[2] = { 0x22, 0x03 };
    request(&r, 0x2b, h3, 2, rep, &srq);
    WW_CHECK_EQ(chip_reg(r.kbd, "HANDLER"), 3);
    /* SendReset puts both back at their default addresses. */
    WW_CHECK_EQ(request(&r, 0x00, NULL, 0, rep, &srq), 0);
    WW_CHECK_EQ(chip_reg(r.mouse, "ADDRESS"), 3);
    WW_CHECK_EQ(chip_reg(r.kbd, "HANDLER"), 1);
    qrig_free(&r);
}

WW_TEST("chips/adb-macii/autopoll-key", t_autopoll)
{
    qrig r;
    qrig_init(&r);
    host_init(&r);
    uint8_t rep[8];
    bool srq;
    /* Talk R0 to the keyboard with nothing pressed: a time-out (no data). */
    WW_CHECK_EQ(request(&r, 0x2c, NULL, 0, rep, &srq), 0);
    /* Idle: nothing to say, no interrupt. */
    q_advance(&r, 50000000);
    WW_CHECK_EQ(q_rd8(&r, IFR) & VIA_IFR_SR, 0);
    /* A key goes down (HID 0x04 'a' = ADB 0x00): the transceiver's autopoll
     * finds it and offers it with /INT asserted while idle. */
    ww_inputdev *in = NULL;
    (void)in;
    ww_chip *kbd = r.kbd;
    ww_inputdev dev = { 0 };
    GError *err = NULL;
    WW_CHECK_NOERR(ww_chip_bind_backend(kbd, WW_BACKEND_INPUT, NULL, 0, &dev, &err), err);
    dev.key(dev.chip, 0x04, true);
    int s = wait_sr(&r);
    WW_CHECK(s >= 0);
    WW_CHECK_EQ(s & CTLR_IRQ, 0);
    WW_CHECK_EQ(s & ST_MASK, ST_IDLE);
    WW_CHECK_EQ(q_rd8(&r, SR), 0x2c);          /* the command byte first */
    int n = read_reply(&r, rep, &srq);
    WW_CHECK_EQ(n, 2);
    WW_CHECK_EQ(rep[0], 0x00);                 /* 'a' down */
    WW_CHECK_EQ(rep[1], 0xff);                 /* no second key */
    set_state(&r, ST_IDLE);
    q_advance(&r, 50000000);
    WW_CHECK_EQ(q_rd8(&r, IFR) & VIA_IFR_SR, 0);   /* consumed: quiet again */
    WW_CHECK_NOERR(ww_chip_bind_backend(kbd, WW_BACKEND_INPUT, NULL, 0, NULL, &err), err);
    qrig_free(&r);
}

WW_TEST("chips/adb-macii/service-request", t_srq)
{
    qrig r;
    qrig_init(&r);
    host_init(&r);
    uint8_t rep[8];
    bool srq;
    ww_inputdev dev = { 0 };
    GError *err = NULL;
    WW_CHECK_NOERR(ww_chip_bind_backend(r.mouse, WW_BACKEND_INPUT, NULL, 0, &dev, &err), err);
    /* The mouse moves while the host talks to the keyboard: the keyboard's
     * time-out comes with /INT on the first odd byte (service request). */
    dev.mouse(dev.chip, 5, -3, 0, 0);
    WW_CHECK_EQ(request(&r, 0x2c, NULL, 0, rep, &srq), 0);
    WW_CHECK(srq);
    /* Talk R0 to the mouse: the movement (Y -3 in bits 6-0 of byte 0, X 5). */
    WW_CHECK_EQ(request(&r, 0x3c, NULL, 0, rep, &srq), 2);
    WW_CHECK_EQ(rep[0], 0x80 | 0x7d);
    WW_CHECK_EQ(rep[1], 0x80 | 0x05);
    WW_CHECK_NOERR(ww_chip_bind_backend(r.mouse, WW_BACKEND_INPUT, NULL, 0, NULL, &err), err);
    qrig_free(&r);
}

WW_TEST("chips/adb-macii/absurd-states", t_absurd)
{
    qrig r;
    qrig_init(&r);
    host_init(&r);
    /* Every state change in any order, with the SR in either direction and
     * commands to absent devices: nothing breaks; afterwards a normal Talk
     * works. */
    uint32_t x = 12345;
    for (int i = 0; i < 400; i++) {
        x = x * 1103515245u + 12345u;
        q_wr8(&r, ACR, (uint8_t)(0x0c | ((x >> 8) & 0x10)));
        q_wr8(&r, SR, (uint8_t)(x >> 16));
        set_state(&r, (uint8_t)((x >> 24) & ST_MASK));
        q_advance(&r, (x >> 4) & 0xffff);
        if (q_rd8(&r, IFR) & VIA_IFR_SR)
            q_wr8(&r, IFR, VIA_IFR_SR);
    }
    q_wr8(&r, ACR, 0x0c);
    (void)q_rd8(&r, SR);
    set_state(&r, ST_IDLE);
    q_advance(&r, 100000000);
    while (q_rd8(&r, IFR) & VIA_IFR_SR) {
        /* an autopoll offer from the noise: read it out */
        bool srq;
        uint8_t rep[8];
        (void)q_rd8(&r, SR);
        read_reply(&r, rep, &srq);
        set_state(&r, ST_IDLE);
        q_advance(&r, 20000000);
    }
    uint8_t rep[8];
    bool srq;
    WW_CHECK_EQ(request(&r, 0x2f, NULL, 0, rep, &srq), 2);
    WW_CHECK_EQ(rep[0] & 0x0f, 2);
    qrig_free(&r);
}
