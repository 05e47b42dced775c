/* tests/chips/input/kbcrig.h — the PC keyboard controller as the machine file
 * wires it (i8042 at 0x60/0x64, a ps2 keyboard on its kbd bus, a ps2 mouse on
 * its aux bus, IRQ1 → pic0.ir@1, IRQ12 → pic1.ir@4), with host input bound
 * through the devices' input backends, and helpers that talk to it the way
 * Linux's and SeaBIOS's drivers do (poll the status, udelay(50) between). */
#ifndef WW_TESTS_KBCRIG_H
#define WW_TESTS_KBCRIG_H
#include "tests/chips/pcxml.h"
#include "core/backend.h"

#define KUS 1000ull
#define KMS 1000000ull

enum { PK_IRQ1 = 0, PK_IRQ12 = 1, PK_A20 = 2, PK_RESET = 3, PK_CAPS = 4, PK_NUM = 5 };
enum { KBC_KBD = 1u << 0, KBC_MOUSE = 1u << 1 };
enum { ST_OBF = 0x01, ST_SYS = 0x04, ST_A2 = 0x08, ST_INH = 0x10, ST_AUXB = 0x20,
       ST_TIMEOUT = 0x40 };

typedef struct {
    pcrig r;
    ww_chip *kbc, *kbd, *mouse;
    ww_inputdev kin, min;
} kbcrig;

static inline void kbc_rig(kbcrig *k, unsigned devices, const char *kbc_props)
{
    GString *x = g_string_new("<machine name='test/kbc'>\n" PCXML_PICS);
    g_string_append_printf(x, "  <chip id='kbc' type='i8042' %s/>\n"
                              "  <map space='cpu.io' at='0x60' size='1' to='kbc.io'/>\n"
                              "  <map space='cpu.io' at='0x64' size='1' to='kbc.io' offset='1'/>\n"
                              "  <wire from='kbc.irq1' to='pic0.ir@1,probe.in@0'/>\n"
                              "  <wire from='kbc.irq12' to='pic1.ir@4,probe.in@1'/>\n"
                              "  <wire from='kbc.a20' to='probe.in@2'/>\n"
                              "  <wire from='kbc.reset' to='probe.in@3'/>\n",
                           kbc_props ? kbc_props : "");
    if (devices & KBC_KBD)
        g_string_append(x, "  <chip id='kbd' type='ps2' variant='keyboard'/>\n"
                           "  <map space='kbc.kbd' at='0' to='kbd.port'/>\n"
                           "  <wire from='kbd.ready' to='kbc.kbd-ready'/>\n"
                           "  <wire from='kbd.led@2' to='probe.in@4'/>\n"
                           "  <wire from='kbd.led@1' to='probe.in@5'/>\n"
                           "  <input to='kbd'/>\n");
    if (devices & KBC_MOUSE)
        g_string_append(x, "  <chip id='mouse' type='ps2' variant='mouse'/>\n"
                           "  <map space='kbc.aux' at='0' to='mouse.port'/>\n"
                           "  <wire from='mouse.ready' to='kbc.aux-ready'/>\n"
                           "  <input to='mouse'/>\n");
    g_string_append(x, "</machine>\n");
    memset(k, 0, sizeof *k);
    rig_xml(&k->r, x->str);
    g_string_free(x, TRUE);
    k->kbc = ww_machine_find_chip(k->r.m, "kbc");
    k->kbd = ww_machine_find_chip(k->r.m, "kbd");
    k->mouse = ww_machine_find_chip(k->r.m, "mouse");
    GError *err = NULL;
    unsigned slot = 0;
    if (k->kbd)
        WW_CHECK_NOERR(ww_machine_bind(k->r.m, WW_BACKEND_INPUT, slot++, &k->kin, &err), err);
    if (k->mouse)
        WW_CHECK_NOERR(ww_machine_bind(k->r.m, WW_BACKEND_INPUT, slot++, &k->min, &err), err);
}

static inline void kbc_free(kbcrig *k)
{
    rig_free(&k->r);
}

static inline ww_time know(kbcrig *k)
{
    return ww_sched_now(k->r.sched);
}

static inline void kwait(kbcrig *k, ww_time ns)
{
    advance_to(&k->r, know(k) + ns);
}

static inline uint8_t kstatus(kbcrig *k)
{
    return inb(&k->r, 0x64);
}

/* i8042_wait_read(): poll OBF every 50 µs; the byte, or -1 after `timeout`.
 * *st gets the status that had OBF set. */
static inline int kread_st(kbcrig *k, ww_time timeout, uint8_t *st)
{
    ww_time end = know(k) + timeout;
    for (;;) {
        uint8_t s = kstatus(k);
        if (s & ST_OBF) {
            if (st)
                *st = s;
            return inb(&k->r, 0x60);
        }
        if (know(k) >= end)
            return -1;
        kwait(k, 50 * KUS);
    }
}

static inline int kread(kbcrig *k)
{
    return kread_st(k, 50 * KMS, NULL);
}

/* The next byte must be v, from the aux port or not. */
#define KEXPECT(k, v, aux) do { uint8_t st_ = 0; int b_ = kread_st((k), 50 * KMS, &st_); \
    WW_CHECK_MSG(b_ == (int)(v), "expected 0x%02x, got %d (0x%02x)", (unsigned)(v), b_, \
                 (unsigned)(b_ & 0xff)); \
    WW_CHECK_MSG(!!(st_ & ST_AUXB) == !!(aux), "byte 0x%02x: status 0x%02x", \
                 (unsigned)(v), st_); } while (0)

/* Nothing more arrives within 10 ms. */
#define KQUIET(k) do { int b_ = kread_st((k), 10 * KMS, NULL); \
    WW_CHECK_MSG(b_ < 0, "unexpected byte 0x%02x", (unsigned)b_); } while (0)

static inline void kcmd(kbcrig *k, uint8_t c)
{
    outb(&k->r, 0x64, c);
}

static inline void kdata(kbcrig *k, uint8_t v)
{
    outb(&k->r, 0x60, v);
}

/* A controller command with one data byte. */
static inline void kcmd1(kbcrig *k, uint8_t c, uint8_t v)
{
    kcmd(k, c);
    kdata(k, v);
}

static inline uint8_t kccb(kbcrig *k)
{
    kcmd(k, 0x20);
    return (uint8_t)kread(k);
}

/* i8042_flush(): read what is there now, 50 µs apart. */
static inline unsigned kflush(kbcrig *k)
{
    unsigned n = 0;
    while (kstatus(k) & ST_OBF) {
        kwait(k, 50 * KUS);
        inb(&k->r, 0x60);
        n++;
    }
    return n;
}

/* Read everything until 10 ms pass quietly. */
static inline unsigned kdrain(kbcrig *k)
{
    unsigned n = 0;
    while (kread_st(k, 10 * KMS, NULL) >= 0)
        n++;
    return n;
}

static inline void hkey(kbcrig *k, unsigned usage, bool down)
{
    WW_CHECK(k->kin.key && k->kin.chip);
    k->kin.key(k->kin.chip, usage, down);
}

static inline void hmouse(kbcrig *k, int dx, int dy, int dz, unsigned buttons)
{
    WW_CHECK(k->min.mouse && k->min.chip);
    k->min.mouse(k->min.chip, dx, dy, dz, buttons);
}

/* A command to the mouse through D4, and its ACK. */
static inline void maux(kbcrig *k, uint8_t v)
{
    kcmd1(k, 0xD4, v);
    KEXPECT(k, 0xFA, true);
}

/* A command to the keyboard through 0x60, and its ACK. */
static inline void mkbd(kbcrig *k, uint8_t v)
{
    kdata(k, v);
    KEXPECT(k, 0xFA, false);
}

#endif
