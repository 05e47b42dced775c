/* tests/chips/input/ps2.c — the PS/2 keyboard and mouse through the 8042, as
 * a BIOS or Linux's atkbd/psmouse talk to them: commands and their answers,
 * scan codes from host key events (USB HID usages), typematic repeat, mouse
 * reports from host motion. Translation is off unless a test turns it on. */
#include "tests/chips/input/kbcrig.h"

/* ---- keyboard ------------------------------------------------------------ */

WW_TEST("chips/ps2/kbd-reset-and-identify", t_kbd_reset)
{
    kbcrig k;
    kbc_rig(&k, KBC_KBD, NULL);
    /* FF: ACK, then the basic assurance test result AA. */
    mkbd(&k, 0xFF);
    KEXPECT(&k, 0xAA, false);
    /* F2: ACK, AB 83 (an MF2 keyboard). */
    mkbd(&k, 0xF2);
    KEXPECT(&k, 0xAB, false);
    KEXPECT(&k, 0x83, false);
    /* EE: echo, no ACK. */
    kdata(&k, 0xEE);
    KEXPECT(&k, 0xEE, false);
    KQUIET(&k);
    kbc_free(&k);
}

WW_TEST("chips/ps2/kbd-leds", t_leds)
{
    kbcrig k;
    kbc_rig(&k, KBC_KBD, NULL);
    /* ED 04: ACK, ACK, Caps Lock on. */
    mkbd(&k, 0xED);
    mkbd(&k, 0x04);
    WW_CHECK_EQ(line(&k.r, PK_CAPS), 1);
    WW_CHECK_EQ(chip_reg(k.kbd, "LEDS"), 0x04);
    /* ED 02: Num Lock only. */
    mkbd(&k, 0xED);
    mkbd(&k, 0x02);
    WW_CHECK_EQ(line(&k.r, PK_CAPS), 0);
    WW_CHECK_EQ(line(&k.r, PK_NUM), 1);
    /* A command where the option byte belongs ends ED and runs: F2. */
    mkbd(&k, 0xED);
    mkbd(&k, 0xF2);
    KEXPECT(&k, 0xAB, false);
    KEXPECT(&k, 0x83, false);
    WW_CHECK_EQ(chip_reg(k.kbd, "LEDS"), 0x02);
    /* FF turns the LEDs off. */
    mkbd(&k, 0xFF);
    KEXPECT(&k, 0xAA, false);
    WW_CHECK_EQ(line(&k.r, PK_NUM), 0);
    kbc_free(&k);
}

WW_TEST("chips/ps2/kbd-scancode-sets", t_sets)
{
    kbcrig k;
    kbc_rig(&k, KBC_KBD, NULL);
    /* F0 00: the set in use, 2. */
    mkbd(&k, 0xF0);
    mkbd(&k, 0x00);
    KEXPECT(&k, 0x02, false);
    /* F0 01: set 1; 'a' is 1E / 9E, Right Ctrl E0 1D / E0 9D. */
    mkbd(&k, 0xF0);
    mkbd(&k, 0x01);
    hkey(&k, 0x04, true);
    hkey(&k, 0x04, false);
    hkey(&k, 0xE4, true);
    hkey(&k, 0xE4, false);
    static const uint8_t s1[6] = { 0x1E, 0x9E, 0xE0, 0x1D, 0xE0, 0x9D };
    for (unsigned i = 0; i < 6; i++)
        KEXPECT(&k, s1[i], false);
    mkbd(&k, 0xF0);
    mkbd(&k, 0x00);
    KEXPECT(&k, 0x01, false);
    /* F0 03 is acknowledged, but set 1 stays (no set 3 here). */
    mkbd(&k, 0xF0);
    mkbd(&k, 0x03);
    mkbd(&k, 0xF0);
    mkbd(&k, 0x00);
    KEXPECT(&k, 0x01, false);
    /* An invalid set asks for a resend. */
    mkbd(&k, 0xF0);
    kdata(&k, 0x07);
    KEXPECT(&k, 0xFE, false);
    /* F0 02 and set 2 again: E0 14 / E0 F0 14. */
    mkbd(&k, 0xF0);
    mkbd(&k, 0x02);
    hkey(&k, 0xE4, true);
    hkey(&k, 0xE4, false);
    static const uint8_t s2[5] = { 0xE0, 0x14, 0xE0, 0xF0, 0x14 };
    for (unsigned i = 0; i < 5; i++)
        KEXPECT(&k, s2[i], false);
    kbc_free(&k);
}

/* Every key of the table in set 2 through the 8042's translation equals the
 * same key in set 1 untranslated: the two code tables and the translation
 * table agree. */
static unsigned collect(kbcrig *k, uint8_t *out, unsigned max)
{
    unsigned n = 0;
    int b;
    while (n < max && (b = kread_st(k, 5 * KMS, NULL)) >= 0)
        out[n++] = (uint8_t)b;
    return n;
}

WW_TEST("chips/ps2/kbd-table-set1-equals-translated-set2", t_table)
{
    kbcrig k;
    kbc_rig(&k, KBC_KBD, NULL);
    unsigned keys = 0;
    for (unsigned u = 0x04; u <= 0xE7; u++) {
        uint8_t a[16], b[16];
        /* Set 2 with translation (command byte 0x43). */
        kcmd1(&k, 0x60, 0x43);
        hkey(&k, u, true);
        hkey(&k, u, false);
        unsigned na = collect(&k, a, 16);
        /* Set 1 without translation. */
        kcmd1(&k, 0x60, 0x03);
        mkbd(&k, 0xF0);
        mkbd(&k, 0x01);
        hkey(&k, u, true);
        hkey(&k, u, false);
        unsigned nb = collect(&k, b, 16);
        mkbd(&k, 0xF0);
        mkbd(&k, 0x02);
        WW_CHECK_MSG(na == nb && !memcmp(a, b, na), "usage 0x%02x: %u vs %u bytes", u, na, nb);
        keys += na > 0;
    }
    /* The 105-key layout, F13-F24, keypad = and the Japanese/Brazilian extras. */
    WW_CHECK_MSG(keys == 126, "%u keys", keys);
    kbc_free(&k);
}

WW_TEST("chips/ps2/kbd-set2-codes", t_codes)
{
    kbcrig k;
    kbc_rig(&k, KBC_KBD, NULL);
    /* A sample against the Scan Code Specification's set 2 column. */
    static const struct { uint8_t usage; uint8_t n; uint8_t make[4]; } want[] = {
        { 0x04, 1, { 0x1C } },             /* a */
        { 0x27, 1, { 0x45 } },             /* 0 */
        { 0x28, 1, { 0x5A } },             /* Enter */
        { 0x29, 1, { 0x76 } },             /* Esc */
        { 0x3A, 1, { 0x05 } },             /* F1 */
        { 0x40, 1, { 0x83 } },             /* F7 */
        { 0x45, 1, { 0x07 } },             /* F12 */
        { 0x4C, 2, { 0xE0, 0x71 } },       /* Delete */
        { 0x52, 2, { 0xE0, 0x75 } },       /* Up */
        { 0x54, 2, { 0xE0, 0x4A } },       /* KP / */
        { 0x58, 2, { 0xE0, 0x5A } },       /* KP Enter */
        { 0x62, 1, { 0x70 } },             /* KP 0 */
        { 0x64, 1, { 0x61 } },             /* ISO \ */
        { 0xE3, 2, { 0xE0, 0x1F } },       /* Left GUI */
        { 0xE6, 2, { 0xE0, 0x11 } },       /* Right Alt */
    };
    for (unsigned i = 0; i < G_N_ELEMENTS(want); i++) {
        hkey(&k, want[i].usage, true);
        hkey(&k, want[i].usage, false);
        uint8_t got[8];
        unsigned n = collect(&k, got, 8);
        /* make, then the break: the last byte after F0. */
        WW_CHECK_MSG(n == 2u * want[i].n + 1, "usage 0x%02x: %u bytes", want[i].usage, n);
        WW_CHECK(!memcmp(got, want[i].make, want[i].n));
        WW_CHECK_EQ(got[n - 2], 0xF0);
        WW_CHECK_EQ(got[n - 1], want[i].make[want[i].n - 1]);
    }
    /* Unknown usages (0x00-0x03, reserved) send nothing. */
    hkey(&k, 0x01, true);
    hkey(&k, 0x9A, true);
    KQUIET(&k);
    kbc_free(&k);
}

WW_TEST("chips/ps2/kbd-printscreen-pause", t_special)
{
    kbcrig k;
    kbc_rig(&k, KBC_KBD, NULL);
    /* PrintScreen set 2: E0 12 E0 7C, break E0 F0 7C E0 F0 12. */
    hkey(&k, 0x46, true);
    hkey(&k, 0x46, false);
    static const uint8_t ps2[10] = { 0xE0, 0x12, 0xE0, 0x7C, 0xE0, 0xF0, 0x7C, 0xE0, 0xF0, 0x12 };
    for (unsigned i = 0; i < 10; i++)
        KEXPECT(&k, ps2[i], false);
    /* Pause: E1 14 77 E1 F0 14 F0 77 on the press, nothing on release. */
    hkey(&k, 0x48, true);
    hkey(&k, 0x48, false);
    static const uint8_t pa[8] = { 0xE1, 0x14, 0x77, 0xE1, 0xF0, 0x14, 0xF0, 0x77 };
    for (unsigned i = 0; i < 8; i++)
        KEXPECT(&k, pa[i], false);
    KQUIET(&k);
    /* Set 1: E0 2A E0 37 / E0 B7 E0 AA, and E1 1D 45 E1 9D C5. */
    mkbd(&k, 0xF0);
    mkbd(&k, 0x01);
    hkey(&k, 0x46, true);
    hkey(&k, 0x46, false);
    static const uint8_t ps1[8] = { 0xE0, 0x2A, 0xE0, 0x37, 0xE0, 0xB7, 0xE0, 0xAA };
    for (unsigned i = 0; i < 8; i++)
        KEXPECT(&k, ps1[i], false);
    hkey(&k, 0x48, true);
    static const uint8_t pa1[6] = { 0xE1, 0x1D, 0x45, 0xE1, 0x9D, 0xC5 };
    for (unsigned i = 0; i < 6; i++)
        KEXPECT(&k, pa1[i], false);
    kbc_free(&k);
}

WW_TEST("chips/ps2/kbd-typematic", t_typematic)
{
    kbcrig k;
    kbc_rig(&k, KBC_KBD, "byte-time='0'");
    /* Default: 500 ms delay, then 10.9 cps (91.74 ms = 11 × 2 × 4.17 ms). */
    hkey(&k, 0x04, true);
    KEXPECT(&k, 0x1C, false);
    advance_to(&k.r, 500 * KMS - 1);
    WW_CHECK_EQ(kstatus(&k) & ST_OBF, 0);
    advance_to(&k.r, 500 * KMS);
    WW_CHECK_EQ(inb(&k.r, 0x60), 0x1C);
    advance_to(&k.r, 500 * KMS + 91740 * KUS - 1);
    WW_CHECK_EQ(kstatus(&k) & ST_OBF, 0);
    advance_to(&k.r, 500 * KMS + 91740 * KUS);
    WW_CHECK_EQ(inb(&k.r, 0x60), 0x1C);
    /* Release: the break, and the repeat stops. */
    hkey(&k, 0x04, false);
    KEXPECT(&k, 0xF0, false);
    KEXPECT(&k, 0x1C, false);
    kwait(&k, 2000 * KMS);
    WW_CHECK_EQ(kstatus(&k) & ST_OBF, 0);
    /* F3 00: 30 cps (33.36 ms) after 250 ms; only the last key pressed repeats. */
    mkbd(&k, 0xF3);
    mkbd(&k, 0x00);
    WW_CHECK_EQ(chip_reg(k.kbd, "TYPEMATIC"), 0x00);
    ww_time t0 = know(&k);
    hkey(&k, 0xE1, true);                  /* Shift */
    hkey(&k, 0x05, true);                  /* b */
    KEXPECT(&k, 0x12, false);
    KEXPECT(&k, 0x32, false);
    unsigned reps = 0;
    while (know(&k) < t0 + 250 * KMS + 10 * 33360 * KUS) {
        int b = kread_st(&k, 1 * KMS, NULL);
        if (b >= 0) {
            WW_CHECK_EQ(b, 0x32);
            reps++;
        }
    }
    WW_CHECK_EQ(reps, 11);
    /* Pause does not repeat and stops the repeat of the key before it. */
    hkey(&k, 0x48, true);
    WW_CHECK_EQ(kdrain(&k), 8);
    kwait(&k, 1000 * KMS);
    KQUIET(&k);
    kbc_free(&k);
}

WW_TEST("chips/ps2/kbd-enable-disable-defaults", t_enable)
{
    kbcrig k;
    kbc_rig(&k, KBC_KBD, NULL);
    /* F5: defaults and stop scanning: keys are ignored. */
    mkbd(&k, 0xF3);
    mkbd(&k, 0x7F);
    mkbd(&k, 0xF5);
    WW_CHECK_EQ(chip_reg(k.kbd, "TYPEMATIC"), 0x2B);
    hkey(&k, 0x04, true);
    KQUIET(&k);
    /* F4: scanning again, with an empty buffer. */
    mkbd(&k, 0xF4);
    hkey(&k, 0x05, true);
    KEXPECT(&k, 0x32, false);
    /* F6: defaults, scanning continues, the buffer is cleared. */
    mkbd(&k, 0xF3);
    mkbd(&k, 0x1F);
    hkey(&k, 0x05, false);
    kdata(&k, 0xF6);
    KEXPECT(&k, 0xFA, false);
    KQUIET(&k);
    WW_CHECK_EQ(chip_reg(k.kbd, "TYPEMATIC"), 0x2B);
    hkey(&k, 0x06, true);
    KEXPECT(&k, 0x21, false);
    /* F7-FA (set 3 key types) are acknowledged; FB takes key codes until a command. */
    mkbd(&k, 0xF8);
    mkbd(&k, 0xFB);
    mkbd(&k, 0x1C);
    mkbd(&k, 0x32);
    mkbd(&k, 0xF4);
    kbc_free(&k);
}

WW_TEST("chips/ps2/kbd-resend-and-invalid", t_resend)
{
    kbcrig k;
    kbc_rig(&k, KBC_KBD, NULL);
    mkbd(&k, 0xF2);
    KEXPECT(&k, 0xAB, false);
    KEXPECT(&k, 0x83, false);
    /* FE: the last byte sent, again. */
    kdata(&k, 0xFE);
    KEXPECT(&k, 0x83, false);
    /* A byte that is no command: Resend (FE) from the keyboard. */
    kdata(&k, 0x42);
    KEXPECT(&k, 0xFE, false);
    kdata(&k, 0xF1);
    KEXPECT(&k, 0xFE, false);
    kbc_free(&k);
}

WW_TEST("chips/ps2/kbd-response-before-scan-codes", t_order)
{
    kbcrig k;
    kbc_rig(&k, KBC_KBD, NULL);
    /* Keys wait in the keyboard while its port is disabled... */
    kcmd(&k, 0xAD);
    hkey(&k, 0x04, true);
    hkey(&k, 0x04, false);
    /* ...a command (ED, as atkbd sends for Caps Lock) is answered first,
     * and the scan codes follow, none lost. */
    kdata(&k, 0xED);
    KEXPECT(&k, 0xFA, false);
    kdata(&k, 0x04);
    KEXPECT(&k, 0xFA, false);
    KEXPECT(&k, 0x1C, false);
    KEXPECT(&k, 0xF0, false);
    KEXPECT(&k, 0x1C, false);
    kbc_free(&k);
}

WW_TEST("chips/ps2/kbd-overrun", t_overrun)
{
    kbcrig k;
    kbc_rig(&k, KBC_KBD, NULL);
    kcmd(&k, 0xAD);
    /* 20 presses into the 16-byte buffer: 15 fit, then the overrun code 00. */
    for (unsigned i = 0; i < 20; i++)
        hkey(&k, 0x04 + i, true);
    kcmd(&k, 0xAE);
    uint8_t got[32];
    unsigned n = collect(&k, got, 32);
    WW_CHECK_EQ(n, 16);
    WW_CHECK_EQ(got[0], 0x1C);
    WW_CHECK_EQ(got[15], 0x00);
    /* Once the buffer has drained, keys come through again. */
    hkey(&k, 0x04, false);
    KEXPECT(&k, 0xF0, false);
    KEXPECT(&k, 0x1C, false);
    /* In set 1 the overrun code is FF. */
    mkbd(&k, 0xF0);
    mkbd(&k, 0x01);
    kcmd(&k, 0xAD);
    for (unsigned i = 0; i < 20; i++)
        hkey(&k, 0x04 + i, true);
    kcmd(&k, 0xAE);
    n = collect(&k, got, 32);
    WW_CHECK_EQ(n, 16);
    WW_CHECK_EQ(got[15], 0xFF);
    kbc_free(&k);
}

/* ---- mouse ------------------------------------------------------------- */

WW_TEST("chips/ps2/mouse-reset-and-id", t_mouse_reset)
{
    kbcrig k;
    kbc_rig(&k, KBC_MOUSE, NULL);
    /* FF: ACK, AA, ID 00 — all from the aux side. */
    maux(&k, 0xFF);
    KEXPECT(&k, 0xAA, true);
    KEXPECT(&k, 0x00, true);
    /* F2: 00, a standard mouse. */
    maux(&k, 0xF2);
    KEXPECT(&k, 0x00, true);
    /* psmouse's IntelliMouse probe: rates 200, 100, 80 → ID 03. */
    static const uint8_t im[3] = { 200, 100, 80 }, ex[3] = { 200, 200, 80 };
    for (unsigned i = 0; i < 3; i++) {
        maux(&k, 0xF3);
        maux(&k, im[i]);
    }
    maux(&k, 0xF2);
    KEXPECT(&k, 0x03, true);
    /* The Explorer probe after it: 200, 200, 80 → ID 04. */
    for (unsigned i = 0; i < 3; i++) {
        maux(&k, 0xF3);
        maux(&k, ex[i]);
    }
    maux(&k, 0xF2);
    KEXPECT(&k, 0x04, true);
    /* Reset returns to ID 00. */
    maux(&k, 0xFF);
    KEXPECT(&k, 0xAA, true);
    KEXPECT(&k, 0x00, true);
    maux(&k, 0xF2);
    KEXPECT(&k, 0x00, true);
    /* 200/200/80 without the IntelliMouse step first is just a rate. */
    for (unsigned i = 0; i < 3; i++) {
        maux(&k, 0xF3);
        maux(&k, ex[i]);
    }
    maux(&k, 0xF2);
    KEXPECT(&k, 0x00, true);
    kbc_free(&k);
}

WW_TEST("chips/ps2/mouse-status-rate-resolution", t_status)
{
    kbcrig k;
    kbc_rig(&k, KBC_MOUSE, NULL);
    /* E9 after reset: stream, disabled, 1:1, no buttons; resolution 2; rate 100. */
    maux(&k, 0xE9);
    KEXPECT(&k, 0x00, true);
    KEXPECT(&k, 0x02, true);
    KEXPECT(&k, 100, true);
    /* F3 40, E8 03, E7, F4, left and middle held: status reflects all of it. */
    maux(&k, 0xF3);
    maux(&k, 40);
    maux(&k, 0xE8);
    maux(&k, 0x03);
    maux(&k, 0xE7);
    maux(&k, 0xF4);
    hmouse(&k, 0, 0, 0, 0x05);
    kdrain(&k);
    maux(&k, 0xE9);
    KEXPECT(&k, 0x20 | 0x10 | 0x04 | 0x02, true);
    KEXPECT(&k, 0x03, true);
    KEXPECT(&k, 40, true);
    /* Remote mode and the right button: bit 6 and bit 0. */
    maux(&k, 0xF0);
    hmouse(&k, 0, 0, 0, 0x02);
    maux(&k, 0xE9);
    KEXPECT(&k, 0x40 | 0x20 | 0x10 | 0x01, true);
    KEXPECT(&k, 0x03, true);
    KEXPECT(&k, 40, true);
    /* F6: defaults (stream, disabled, 1:1, res 2, 100/s). */
    maux(&k, 0xF6);
    maux(&k, 0xE9);
    KEXPECT(&k, 0x01, true);
    KEXPECT(&k, 0x02, true);
    KEXPECT(&k, 100, true);
    kbc_free(&k);
}

WW_TEST("chips/ps2/mouse-stream-packets", t_packets)
{
    kbcrig k;
    kbc_rig(&k, KBC_MOUSE, NULL);
    pic_init_linux(&k.r, false);
    /* Reporting off: motion is not reported (nor kept). */
    hmouse(&k, 10, 10, 0, 0);
    KQUIET(&k);
    /* F4: a 3-byte report per motion, with IRQ12. Right 5, down 3 (PS/2 Y up). */
    maux(&k, 0xF4);
    hmouse(&k, 5, 3, 0, 0);
    kwait(&k, 1 * KMS);
    WW_CHECK_EQ(line(&k.r, PK_IRQ12), 1);
    WW_CHECK_EQ(iack(&k.r), 0x2C);
    KEXPECT(&k, 0x08 | 0x20, true);        /* Y negative */
    KEXPECT(&k, 0x05, true);
    KEXPECT(&k, 0xFD, true);
    /* Left 2, up 4, left button: X sign, Y positive, bit 0. */
    hmouse(&k, -2, -4, 0, 0x01);
    KEXPECT(&k, 0x08 | 0x10 | 0x01, true);
    KEXPECT(&k, 0xFE, true);
    KEXPECT(&k, 0x04, true);
    /* A button change alone is a report too. */
    hmouse(&k, 0, 0, 0, 0x03);
    KEXPECT(&k, 0x08 | 0x03, true);
    KEXPECT(&k, 0x00, true);
    KEXPECT(&k, 0x00, true);
    /* Motion that arrives while a report is waiting is added up. */
    hmouse(&k, 1, 0, 0, 0x03);
    hmouse(&k, 2, 0, 0, 0x03);
    hmouse(&k, 3, 0, 0, 0x03);
    KEXPECT(&k, 0x08 | 0x03, true);
    KEXPECT(&k, 0x01, true);
    KEXPECT(&k, 0x00, true);
    KEXPECT(&k, 0x08 | 0x03, true);
    KEXPECT(&k, 0x05, true);
    KEXPECT(&k, 0x00, true);
    /* 300 counts right: 255 in one report, 45 in the next (9-bit range). */
    hmouse(&k, 300, 0, 0, 0);
    KEXPECT(&k, 0x08, true);
    KEXPECT(&k, 0xFF, true);
    KEXPECT(&k, 0x00, true);
    KEXPECT(&k, 0x08, true);
    KEXPECT(&k, 45, true);
    KEXPECT(&k, 0x00, true);
    /* F5: off again. */
    maux(&k, 0xF5);
    hmouse(&k, 1, 1, 0, 0);
    KQUIET(&k);
    kbc_free(&k);
}

WW_TEST("chips/ps2/mouse-scaling-2to1", t_scaling)
{
    kbcrig k;
    kbc_rig(&k, KBC_MOUSE, NULL);
    maux(&k, 0xE7);
    maux(&k, 0xF4);
    /* "Scaling": 1 2 3 4 5 → 1 1 3 6 9, then 2n. */
    static const int in[7] = { 1, 2, 3, 4, 5, 6, -10 };
    static const uint8_t out[7] = { 1, 1, 3, 6, 9, 12, 0xEC };
    for (unsigned i = 0; i < 7; i++) {
        hmouse(&k, in[i], 0, 0, 0);
        KEXPECT(&k, in[i] < 0 ? 0x18 : 0x08, true);
        KEXPECT(&k, out[i], true);
        KEXPECT(&k, 0x00, true);
    }
    /* E6: back to 1:1. */
    maux(&k, 0xE6);
    maux(&k, 0xF4);
    hmouse(&k, 5, 0, 0, 0);
    KEXPECT(&k, 0x08, true);
    KEXPECT(&k, 0x05, true);
    KEXPECT(&k, 0x00, true);
    kbc_free(&k);
}

WW_TEST("chips/ps2/mouse-remote-read-data", t_remote)
{
    kbcrig k;
    kbc_rig(&k, KBC_MOUSE, NULL);
    maux(&k, 0xF4);
    /* F0: remote mode, no reports on their own. */
    maux(&k, 0xF0);
    hmouse(&k, 7, -1, 0, 0x04);
    hmouse(&k, 1, 0, 0, 0x04);
    KQUIET(&k);
    /* EB: ACK and one report of the movement since the last. */
    maux(&k, 0xEB);
    KEXPECT(&k, 0x08 | 0x04, true);
    KEXPECT(&k, 0x08, true);
    KEXPECT(&k, 0x01, true);
    maux(&k, 0xEB);
    KEXPECT(&k, 0x08 | 0x04, true);
    KEXPECT(&k, 0x00, true);
    KEXPECT(&k, 0x00, true);
    /* EA: stream mode again. */
    maux(&k, 0xEA);
    hmouse(&k, 2, 0, 0, 0);
    KEXPECT(&k, 0x08, true);
    KEXPECT(&k, 0x02, true);
    KEXPECT(&k, 0x00, true);
    kbc_free(&k);
}

WW_TEST("chips/ps2/mouse-wrap-mode", t_wrap)
{
    kbcrig k;
    kbc_rig(&k, KBC_MOUSE, NULL);
    /* EE: wrap mode; every byte comes back... */
    maux(&k, 0xEE);
    kcmd1(&k, 0xD4, 0x12);
    KEXPECT(&k, 0x12, true);
    kcmd1(&k, 0xD4, 0xF2);
    KEXPECT(&k, 0xF2, true);
    kcmd1(&k, 0xD4, 0xFE);
    KEXPECT(&k, 0xFE, true);
    /* ...except EC, which leaves it. */
    maux(&k, 0xEC);
    maux(&k, 0xF2);
    KEXPECT(&k, 0x00, true);
    /* FF also leaves wrap mode (a reset). */
    maux(&k, 0xEE);
    maux(&k, 0xFF);
    KEXPECT(&k, 0xAA, true);
    KEXPECT(&k, 0x00, true);
    kbc_free(&k);
}

WW_TEST("chips/ps2/mouse-wheel-and-buttons", t_wheel)
{
    kbcrig k;
    kbc_rig(&k, KBC_MOUSE, NULL);
    /* An ID 0 mouse ignores the wheel. */
    maux(&k, 0xF4);
    hmouse(&k, 0, 0, 1, 0);
    KQUIET(&k);
    /* IntelliMouse (ID 3): 4-byte reports, Z towards the user positive. */
    static const uint8_t im[3] = { 200, 100, 80 }, ex[3] = { 200, 200, 80 };
    for (unsigned i = 0; i < 3; i++) {
        maux(&k, 0xF3);
        maux(&k, im[i]);
    }
    maux(&k, 0xF4);
    hmouse(&k, 1, 0, 1, 0);                /* scroll up one notch */
    KEXPECT(&k, 0x08, true);
    KEXPECT(&k, 0x01, true);
    KEXPECT(&k, 0x00, true);
    KEXPECT(&k, 0xFF, true);
    hmouse(&k, 0, 0, -20, 0);              /* a big scroll down is clamped to 7 */
    KEXPECT(&k, 0x08, true);
    KEXPECT(&k, 0x00, true);
    KEXPECT(&k, 0x00, true);
    KEXPECT(&k, 0x07, true);
    kdrain(&k);
    /* Explorer (ID 4): Z in bits 3-0, buttons 4 and 5 in bits 4 and 5. */
    for (unsigned i = 0; i < 3; i++) {
        maux(&k, 0xF3);
        maux(&k, ex[i]);
    }
    maux(&k, 0xF4);
    hmouse(&k, 0, 0, 2, 0x18);
    KEXPECT(&k, 0x08, true);
    KEXPECT(&k, 0x00, true);
    KEXPECT(&k, 0x00, true);
    KEXPECT(&k, 0x30 | 0x0E, true);
    kbc_free(&k);
}

WW_TEST("chips/ps2/mouse-command-drops-movement", t_drop)
{
    kbcrig k;
    kbc_rig(&k, KBC_MOUSE, NULL);
    maux(&k, 0xF4);
    /* A report waits in the mouse (aux port off)... */
    kcmd(&k, 0xA7);
    hmouse(&k, 9, 0, 0, 0);
    kwait(&k, 5 * KMS);
    /* ...a command discards it and only its answer comes. */
    maux(&k, 0xF2);
    KEXPECT(&k, 0x00, true);
    KQUIET(&k);
    /* FE (Resend) is the exception: the last byte again. */
    kcmd1(&k, 0xD4, 0xFE);
    KEXPECT(&k, 0x00, true);
    /* An unknown command: FE. */
    kcmd1(&k, 0xD4, 0x42);
    KEXPECT(&k, 0xFE, true);
    kbc_free(&k);
}

WW_TEST("chips/ps2/mouse-linux-probes", t_probes)
{
    kbcrig k;
    kbc_rig(&k, KBC_MOUSE, NULL);
    /* synaptics_detect(): E6, four E8 nibbles of "identify" (0x00), E9: the
     * second status byte is the resolution, never Synaptics' 0x47. */
    maux(&k, 0xE6);
    for (unsigned i = 0; i < 4; i++) {
        maux(&k, 0xE8);
        maux(&k, 0x00);
    }
    maux(&k, 0xE9);
    KEXPECT(&k, 0x00, true);
    KEXPECT(&k, 0x00, true);
    KEXPECT(&k, 100, true);
    /* ps2pp_detect(): E8 00, E6 ×3, E9: resolution 0 → not a Logitech. */
    maux(&k, 0xE8);
    maux(&k, 0x00);
    for (unsigned i = 0; i < 3; i++)
        maux(&k, 0xE6);
    maux(&k, 0xE9);
    KEXPECT(&k, 0x00, true);
    KEXPECT(&k, 0x00, true);
    KEXPECT(&k, 100, true);
    /* genius_detect(): E8 03, E6 ×3, E9 must not give 00 33 55. */
    maux(&k, 0xE8);
    maux(&k, 0x03);
    for (unsigned i = 0; i < 3; i++)
        maux(&k, 0xE6);
    maux(&k, 0xE9);
    KEXPECT(&k, 0x00, true);
    KEXPECT(&k, 0x03, true);
    KEXPECT(&k, 100, true);
    /* psmouse_initialize(): rate 100, resolution 8/mm (3), 1:1, enable. */
    maux(&k, 0xF3);
    maux(&k, 100);
    maux(&k, 0xE8);
    maux(&k, 0x03);
    maux(&k, 0xE6);
    maux(&k, 0xF4);
    WW_CHECK_EQ(chip_reg(k.mouse, "RESOLUTION"), 3);
    kbc_free(&k);
}

WW_TEST("chips/ps2/devices-need-no-host", t_nohost)
{
    kbcrig k;
    kbc_rig(&k, KBC_KBD | KBC_MOUSE, NULL);
    /* Unbinding the host input leaves the devices answering commands. */
    GError *err = NULL;
    WW_CHECK_NOERR(ww_chip_bind_backend(k.kbd, WW_BACKEND_INPUT, NULL, 0, NULL, &err), err);
    mkbd(&k, 0xF2);
    KEXPECT(&k, 0xAB, false);
    KEXPECT(&k, 0x83, false);
    maux(&k, 0xF2);
    KEXPECT(&k, 0x00, true);
    /* The mouse offers no key call and the keyboard no mouse call: a front
     * end tells them apart by what they offer. */
    WW_CHECK(!k.min.key && k.min.mouse);
    WW_CHECK(k.kin.key && !k.kin.mouse);
    KQUIET(&k);
    kbc_free(&k);
}

WW_TEST("chips/ps2/random-traffic", t_random)
{
    kbcrig k;
    kbc_rig(&k, KBC_KBD | KBC_MOUSE, "byte-time='100us'");
    uint64_t s = 0x9042;
    unsigned bytes = 0;
    for (unsigned n = 0; n < 30000; n++) {
        uint64_t x = rig_rand(&s);
        uint8_t v = (uint8_t)(x >> 16);
        switch (x & 7) {
        case 0:                            /* a byte to the keyboard */
            kdata(&k, v);
            break;
        case 1:                            /* a byte to the mouse */
            kcmd1(&k, 0xD4, v);
            break;
        case 2:
            hkey(&k, v, (x >> 8) & 1);
            break;
        case 3:
            hmouse(&k, (int8_t)v, (int8_t)(x >> 24), (int8_t)(x >> 32) % 3, (x >> 40) & 0x1f);
            break;
        case 4:                            /* the command byte: ports, IRQs, XLAT */
            kcmd1(&k, 0x60, (uint8_t)(v & 0x73));
            break;
        case 5:
            if (kstatus(&k) & ST_OBF) {
                inb(&k.r, 0x60);
                bytes++;
            }
            break;
        default:
            kwait(&k, (x >> 8) & 0x3ffff);
            break;
        }
        /* Invariants: IRQ1/IRQ12 follow OBF, AUXB and the enables; the
         * devices' queues stay in range; a peek changes nothing. */
        uint8_t st = kstatus(&k), ccb = (uint8_t)chip_reg(k.kbc, "CCB");
        WW_CHECK_EQ(line(&k.r, PK_IRQ1), (st & ST_OBF) && !(st & ST_AUXB) && (ccb & 1));
        WW_CHECK_EQ(line(&k.r, PK_IRQ12), (st & ST_OBF) && (st & ST_AUXB) && (ccb & 2));
        WW_CHECK(chip_state(k.kbd, "data.count", 0) <= 16 && chip_state(k.mouse, "resp.count", 0) <= 16);
        uint8_t p = peekb(&k.r, 0x60);
        WW_CHECK_EQ(peekb(&k.r, 0x60), p);
        WW_CHECK_EQ(kstatus(&k), st);
    }
    ww_test_log("%u bytes read", bytes);
    WW_CHECK(bytes > 1000);
    /* Afterwards both devices still answer a reset. */
    kcmd1(&k, 0x60, 0x03);
    kdrain(&k);
    mkbd(&k, 0xFF);
    KEXPECT(&k, 0xAA, false);
    maux(&k, 0xFF);
    KEXPECT(&k, 0xAA, true);
    KEXPECT(&k, 0x00, true);
    kbc_free(&k);
}
