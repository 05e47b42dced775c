/* tests/chips/input/i8042.c — the 8042 keyboard controller at 0x60/0x64 with
 * a PS/2 keyboard and mouse behind it, driven as SeaBIOS (src/hw/ps2port.c)
 * and Linux (drivers/input/serio/i8042.c) drive it. A device byte reaches
 * the output buffer one byte time (1 ms by default) after the controller
 * could take it. */
#include "tests/chips/input/kbcrig.h"

WW_TEST("chips/i8042/power-on", t_poweron)
{
    kbcrig k;
    kbc_rig(&k, KBC_KBD | KBC_MOUSE, NULL);
    /* Status: last write a command (A2), keyboard not inhibited (INH). */
    WW_CHECK_EQ(kstatus(&k), ST_A2 | ST_INH);
    /* Command byte INT|INT2; output port CFh: not in reset, A20 on. */
    WW_CHECK_EQ(kccb(&k), 0x03);
    kcmd(&k, 0xD0);
    WW_CHECK_EQ(kread(&k), 0xCF);
    WW_CHECK_EQ(line(&k.r, PK_A20), 1);
    WW_CHECK_EQ(line(&k.r, PK_RESET), 0);
    WW_CHECK_EQ(line(&k.r, PK_IRQ1), 0);
    WW_CHECK_EQ(line(&k.r, PK_IRQ12), 0);
    /* The devices are quiet: nothing to read. */
    KQUIET(&k);
    kbc_free(&k);
}

WW_TEST("chips/i8042/self-and-interface-tests", t_tests)
{
    kbcrig k;
    kbc_rig(&k, KBC_KBD | KBC_MOUSE, NULL);
    /* AA: self test passed, 55, and the system flag is set. */
    kcmd(&k, 0xAA);
    WW_CHECK_EQ(kread(&k), 0x55);
    WW_CHECK_EQ(kstatus(&k) & ST_SYS, ST_SYS);
    /* AB / A9: keyboard and aux interface tests, 00 = no line stuck. */
    kcmd(&k, 0xAB);
    WW_CHECK_EQ(kread(&k), 0x00);
    kcmd(&k, 0xA9);
    WW_CHECK_EQ(kread(&k), 0x00);
    /* A4: no password installed (F1); C0: input port, keyboard not inhibited. */
    kcmd(&k, 0xA4);
    WW_CHECK_EQ(kread(&k), 0xF1);
    kcmd(&k, 0xC0);
    WW_CHECK_EQ(kread(&k) & 0x80, 0x80);
    /* Controller responses are immediate: OBF right after the command. */
    kcmd(&k, 0xAA);
    WW_CHECK_EQ(kstatus(&k) & ST_OBF, ST_OBF);
    WW_CHECK_EQ(inb(&k.r, 0x60), 0x55);
    /* An unknown command answers nothing. */
    kcmd(&k, 0xC7);
    KQUIET(&k);
    kbc_free(&k);
}

WW_TEST("chips/i8042/command-byte-and-ram", t_ram)
{
    kbcrig k;
    kbc_rig(&k, 0, NULL);
    /* 60/20: write and read the command byte; SYS follows bit 2. */
    kcmd1(&k, 0x60, 0x65);
    WW_CHECK_EQ(kccb(&k), 0x65);
    WW_CHECK_EQ(kstatus(&k) & ST_SYS, ST_SYS);
    kcmd1(&k, 0x60, 0x61);
    WW_CHECK_EQ(kstatus(&k) & ST_SYS, 0);
    /* 61-7F / 21-3F: the other 31 bytes of controller RAM. */
    for (unsigned i = 1; i < 32; i++)
        kcmd1(&k, (uint8_t)(0x60 + i), (uint8_t)(i * 9));
    for (unsigned i = 1; i < 32; i++) {
        kcmd(&k, (uint8_t)(0x20 + i));
        WW_CHECK_EQ(kread(&k), (uint8_t)(i * 9));
    }
    WW_CHECK_EQ(kccb(&k), 0x61);
    /* A2 shows where the last write went: 0x64 (1) or 0x60 (0). */
    kcmd(&k, 0x60);
    WW_CHECK_EQ(kstatus(&k) & ST_A2, ST_A2);
    kdata(&k, 0x61);
    WW_CHECK_EQ(kstatus(&k) & ST_A2, 0);
    kbc_free(&k);
}

WW_TEST("chips/i8042/keyboard-byte-timing", t_timing)
{
    kbcrig k;
    kbc_rig(&k, KBC_KBD, NULL);
    /* A key: its byte is in the output buffer one byte time later, with IRQ1. */
    hkey(&k, 0x04, true);                  /* 'a' make, set 2: 1C */
    WW_CHECK_EQ(kstatus(&k) & ST_OBF, 0);
    advance_to(&k.r, 1 * KMS - 1);
    WW_CHECK_EQ(kstatus(&k) & ST_OBF, 0);
    advance_to(&k.r, 1 * KMS);
    WW_CHECK_EQ(kstatus(&k) & (ST_OBF | ST_AUXB), ST_OBF);
    WW_CHECK_EQ(line(&k.r, PK_IRQ1), 1);
    /* The break (F0 1C) waits in the keyboard while the buffer is full. */
    hkey(&k, 0x04, false);
    advance_to(&k.r, 5 * KMS);
    WW_CHECK_EQ(inb(&k.r, 0x60), 0x1C);
    WW_CHECK_EQ(line(&k.r, PK_IRQ1), 0);
    /* Reading frees the buffer: the next byte a byte time after that. */
    advance_to(&k.r, 6 * KMS - 1);
    WW_CHECK_EQ(kstatus(&k) & ST_OBF, 0);
    advance_to(&k.r, 6 * KMS);
    WW_CHECK_EQ(inb(&k.r, 0x60), 0xF0);
    WW_CHECK_EQ(last_rise(&k.r, PK_IRQ1), 6 * KMS);
    KEXPECT(&k, 0x1C, false);
    /* A re-read of an empty buffer returns the last byte again. */
    WW_CHECK_EQ(inb(&k.r, 0x60), 0x1C);
    WW_CHECK_EQ(kstatus(&k) & ST_OBF, 0);
    kbc_free(&k);
}

WW_TEST("chips/i8042/byte-time-property", t_bytetime)
{
    kbcrig k;
    kbc_rig(&k, KBC_KBD, "byte-time='0'");
    /* byte-time=0: the byte is there as soon as the event is processed. */
    hkey(&k, 0x04, true);
    WW_CHECK_EQ(ww_sched_next(k.r.sched), 0);
    advance_to(&k.r, 0);
    WW_CHECK_EQ(kstatus(&k) & ST_OBF, ST_OBF);
    kbc_free(&k);
}

WW_TEST("chips/i8042/irq-enables", t_irq)
{
    kbcrig k;
    kbc_rig(&k, KBC_KBD | KBC_MOUSE, NULL);
    /* INT off: a keyboard byte sets OBF without IRQ1. */
    kcmd1(&k, 0x60, 0x02);
    hkey(&k, 0x05, true);
    kwait(&k, 2 * KMS);
    WW_CHECK_EQ(kstatus(&k) & ST_OBF, ST_OBF);
    WW_CHECK_EQ(line(&k.r, PK_IRQ1), 0);
    /* Enabling INT with the byte waiting raises IRQ1 at once. */
    kcmd1(&k, 0x60, 0x03);
    WW_CHECK_EQ(line(&k.r, PK_IRQ1), 1);
    inb(&k.r, 0x60);
    WW_CHECK_EQ(line(&k.r, PK_IRQ1), 0);
    /* An aux byte raises IRQ12 (INT2), not IRQ1; AUXB tells them apart. */
    kcmd1(&k, 0xD3, 0x42);
    WW_CHECK_EQ(kstatus(&k) & (ST_OBF | ST_AUXB), ST_OBF | ST_AUXB);
    WW_CHECK_EQ(line(&k.r, PK_IRQ12), 1);
    WW_CHECK_EQ(line(&k.r, PK_IRQ1), 0);
    WW_CHECK_EQ(inb(&k.r, 0x60), 0x42);
    WW_CHECK_EQ(line(&k.r, PK_IRQ12), 0);
    /* INT2 off: no IRQ12. */
    kcmd1(&k, 0x60, 0x01);
    kcmd1(&k, 0xD3, 0x43);
    WW_CHECK_EQ(line(&k.r, PK_IRQ12), 0);
    WW_CHECK_EQ(inb(&k.r, 0x60), 0x43);
    /* IRQ1 reaches the CPU as vector 0x21, IRQ12 as 0x2C (Linux's PIC setup). */
    pic_init_linux(&k.r, false);
    kcmd1(&k, 0x60, 0x03);
    kcmd1(&k, 0xD2, 0x11);
    WW_CHECK_EQ(iack(&k.r), 0x21);
    inb(&k.r, 0x60);
    outb(&k.r, 0x20, 0x20);
    kcmd1(&k, 0xD3, 0x12);
    WW_CHECK_EQ(iack(&k.r), 0x2C);
    kbc_free(&k);
}

WW_TEST("chips/i8042/port-disable-holds-bytes", t_disable)
{
    kbcrig k;
    kbc_rig(&k, KBC_KBD | KBC_MOUSE, NULL);
    /* AD: keyboard interface off (CCB bit 4); the keyboard keeps its bytes. */
    kcmd(&k, 0xAD);
    WW_CHECK_EQ(kccb(&k) & 0x10, 0x10);
    hkey(&k, 0x05, true);                  /* 'b': 32 */
    kwait(&k, 10 * KMS);
    WW_CHECK_EQ(kstatus(&k) & ST_OBF, 0);
    WW_CHECK_EQ(chip_reg(k.kbd, "STATUS"), 1);
    /* AE: on again, and the byte comes. */
    kcmd(&k, 0xAE);
    WW_CHECK_EQ(kccb(&k) & 0x10, 0x00);
    KEXPECT(&k, 0x32, false);
    /* A7/A8 do the same for the aux port (CCB bit 5). */
    maux(&k, 0xF4);                        /* enable reporting */
    kcmd(&k, 0xA7);
    WW_CHECK_EQ(kccb(&k) & 0x20, 0x20);
    hmouse(&k, 5, 0, 0, 0);
    kwait(&k, 10 * KMS);
    WW_CHECK_EQ(kstatus(&k) & ST_OBF, 0);
    kcmd(&k, 0xA8);
    WW_CHECK_EQ(kccb(&k) & 0x20, 0x00);
    KEXPECT(&k, 0x08, true);
    KEXPECT(&k, 0x05, true);
    KEXPECT(&k, 0x00, true);
    /* The same through the command byte, as SeaBIOS and Linux do it. */
    kcmd1(&k, 0x60, 0x33);
    hkey(&k, 0x05, false);
    kwait(&k, 10 * KMS);
    WW_CHECK_EQ(kstatus(&k) & ST_OBF, 0);
    kcmd1(&k, 0x60, 0x23);
    KEXPECT(&k, 0xF0, false);
    KEXPECT(&k, 0x32, false);
    kbc_free(&k);
}

WW_TEST("chips/i8042/write-reenables-port", t_reenable)
{
    kbcrig k;
    kbc_rig(&k, KBC_KBD | KBC_MOUSE, NULL);
    kcmd1(&k, 0x60, 0x33);                 /* both ports off */
    /* A byte to a disabled keyboard enables its port, so the ACK arrives. */
    kdata(&k, 0xEE);
    KEXPECT(&k, 0xEE, false);
    WW_CHECK_EQ(kccb(&k) & 0x30, 0x20);
    /* D4 does the same for the aux port. */
    kcmd1(&k, 0xD4, 0xF2);
    KEXPECT(&k, 0xFA, true);
    KEXPECT(&k, 0x00, true);
    WW_CHECK_EQ(kccb(&k) & 0x30, 0x00);
    kbc_free(&k);
}

WW_TEST("chips/i8042/output-port-a20-reset", t_outport)
{
    kbcrig k;
    kbc_rig(&k, KBC_KBD, NULL);
    /* D1 DD: A20 off (bit 1), not in reset (bit 0). */
    kcmd1(&k, 0xD1, 0xDD);
    WW_CHECK_EQ(line(&k.r, PK_A20), 0);
    WW_CHECK_EQ(line(&k.r, PK_RESET), 0);
    /* D0 reads it back; bits 4/5 are not stored but show which IRQ source
     * fills the buffer (none here). */
    kcmd(&k, 0xD0);
    WW_CHECK_EQ(kstatus(&k) & ST_OBF, ST_OBF);
    WW_CHECK_EQ(inb(&k.r, 0x60), 0xCD);
    /* With an aux byte in the buffer, bit 5 (IRQ12) is set. */
    kcmd1(&k, 0xD3, 0x00);
    kcmd(&k, 0xD0);
    inb(&k.r, 0x60);                       /* the D3 byte */
    WW_CHECK_EQ(kread(&k), 0xCD | 0x20);   /* D0's answer, waited for the buffer */
    /* Linux's boot A20 enable: D1 DF, then FF (a pulse of nothing). */
    kcmd1(&k, 0xD1, 0xDF);
    kcmd(&k, 0xFF);
    WW_CHECK_EQ(line(&k.r, PK_A20), 1);
    /* DD/DF (HP Vectra): A20 off and on without D1. */
    kcmd(&k, 0xDD);
    WW_CHECK_EQ(line(&k.r, PK_A20), 0);
    kcmd(&k, 0xDF);
    WW_CHECK_EQ(line(&k.r, PK_A20), 1);
    /* D1 with bit 0 = 0 holds the system in reset until bit 0 is set again. */
    kcmd1(&k, 0xD1, 0xDE);
    WW_CHECK_EQ(line(&k.r, PK_RESET), 1);
    kwait(&k, 1 * KMS);
    WW_CHECK_EQ(line(&k.r, PK_RESET), 1);
    kcmd1(&k, 0xD1, 0xDF);
    WW_CHECK_EQ(line(&k.r, PK_RESET), 0);
    kbc_free(&k);
}

WW_TEST("chips/i8042/pulse-reset-fe", t_pulse)
{
    kbcrig k;
    kbc_rig(&k, KBC_KBD, NULL);
    advance_to(&k.r, 3 * KMS);
    /* Linux native_machine_emergency_restart (reboot=k): kb_wait, then FE. */
    unsigned spins = 0;
    while (kstatus(&k) & 0x02)
        spins++;
    WW_CHECK_EQ(spins, 0);
    kcmd(&k, 0xFE);
    /* P20 low for ~6 µs: the reset line pulses once. */
    WW_CHECK_EQ(line(&k.r, PK_RESET), 1);
    WW_CHECK_EQ(last_rise(&k.r, PK_RESET), 3 * KMS);
    advance_to(&k.r, 3 * KMS + 5999);
    WW_CHECK_EQ(line(&k.r, PK_RESET), 1);
    advance_to(&k.r, 3 * KMS + 6000);
    WW_CHECK_EQ(line(&k.r, PK_RESET), 0);
    WW_CHECK_EQ(rises(&k.r, PK_RESET), 1);
    /* FD pulses A20 (bit 1) instead; the output port itself is unchanged. */
    kcmd(&k, 0xFD);
    WW_CHECK_EQ(line(&k.r, PK_A20), 0);
    WW_CHECK_EQ(line(&k.r, PK_RESET), 0);
    kwait(&k, 6 * KUS);
    WW_CHECK_EQ(line(&k.r, PK_A20), 1);
    kcmd(&k, 0xD0);
    WW_CHECK_EQ(kread(&k), 0xCF);
    /* F0: all four low bits pulsed together. */
    kcmd(&k, 0xF0);
    WW_CHECK_EQ(line(&k.r, PK_RESET), 1);
    WW_CHECK_EQ(line(&k.r, PK_A20), 0);
    kwait(&k, 6 * KUS);
    WW_CHECK_EQ(line(&k.r, PK_RESET), 0);
    WW_CHECK_EQ(rises(&k.r, PK_RESET), 2);
    kbc_free(&k);
}

WW_TEST("chips/i8042/write-output-buffers", t_d2d3)
{
    kbcrig k;
    kbc_rig(&k, KBC_KBD | KBC_MOUSE, NULL);
    kcmd1(&k, 0x60, 0x43);                 /* translation on: D2 bytes are not translated */
    /* D2: a byte as if from the keyboard. */
    kcmd1(&k, 0xD2, 0x1C);
    WW_CHECK_EQ(kstatus(&k) & (ST_OBF | ST_AUXB), ST_OBF);
    WW_CHECK_EQ(line(&k.r, PK_IRQ1), 1);
    WW_CHECK_EQ(inb(&k.r, 0x60), 0x1C);
    /* D3: as if from the mouse. */
    kcmd1(&k, 0xD3, 0x5A);
    WW_CHECK_EQ(kstatus(&k) & (ST_OBF | ST_AUXB), ST_OBF | ST_AUXB);
    WW_CHECK_EQ(inb(&k.r, 0x60), 0x5A);
    kbc_free(&k);
}

WW_TEST("chips/i8042/controller-byte-waits-for-obf", t_pending)
{
    kbcrig k;
    kbc_rig(&k, KBC_KBD, NULL);
    /* A key byte sits in the buffer; a 20 command's answer waits for it. */
    hkey(&k, 0x04, true);
    kwait(&k, 2 * KMS);
    kcmd(&k, 0x20);
    WW_CHECK_EQ(inb(&k.r, 0x60), 0x1C);
    WW_CHECK_EQ(kstatus(&k) & ST_OBF, ST_OBF);
    WW_CHECK_EQ(inb(&k.r, 0x60), 0x03);
    /* And it goes before further device bytes. */
    hkey(&k, 0x04, false);
    kwait(&k, 2 * KMS);
    kcmd(&k, 0xAA);
    WW_CHECK_EQ(inb(&k.r, 0x60), 0xF0);
    WW_CHECK_EQ(inb(&k.r, 0x60), 0x55);
    KEXPECT(&k, 0x1C, false);
    kbc_free(&k);
}

WW_TEST("chips/i8042/translation", t_xlat)
{
    kbcrig k;
    kbc_rig(&k, KBC_KBD, NULL);
    /* Translation off: set 2 as the keyboard sends it. */
    hkey(&k, 0x04, true);
    hkey(&k, 0x04, false);
    KEXPECT(&k, 0x1C, false);
    KEXPECT(&k, 0xF0, false);
    KEXPECT(&k, 0x1C, false);
    /* XLAT on (CCB bit 6): set 1, the F0 prefix folded into bit 7. */
    kcmd1(&k, 0x60, 0x43);
    hkey(&k, 0x04, true);
    hkey(&k, 0x04, false);
    KEXPECT(&k, 0x1E, false);
    KEXPECT(&k, 0x9E, false);
    /* E0 keys keep their prefix: Right arrow E0 74 / E0 F0 74 → E0 4D / E0 CD. */
    hkey(&k, 0x4F, true);
    hkey(&k, 0x4F, false);
    KEXPECT(&k, 0xE0, false);
    KEXPECT(&k, 0x4D, false);
    KEXPECT(&k, 0xE0, false);
    KEXPECT(&k, 0xCD, false);
    /* F7 (set 2 0x83, above the table) translates to 0x41. */
    hkey(&k, 0x40, true);
    KEXPECT(&k, 0x41, false);
    /* Pause: E1 14 77 E1 F0 14 F0 77 → E1 1D 45 E1 9D C5. */
    hkey(&k, 0x48, true);
    static const uint8_t pause[6] = { 0xE1, 0x1D, 0x45, 0xE1, 0x9D, 0xC5 };
    for (unsigned i = 0; i < 6; i++)
        KEXPECT(&k, pause[i], false);
    /* Responses translate too: identify AB 83 reads AB 41 (what atkbd expects). */
    mkbd(&k, 0xF2);
    KEXPECT(&k, 0xAB, false);
    KEXPECT(&k, 0x41, false);
    KQUIET(&k);
    kbc_free(&k);
}

WW_TEST("chips/i8042/absent-devices-time-out", t_absent)
{
    kbcrig k;
    kbc_rig(&k, 0, NULL);
    /* No keyboard: a byte to it times out with FE and TIMEOUT. */
    kdata(&k, 0xFF);
    uint8_t st = 0;
    WW_CHECK_EQ(kread_st(&k, 50 * KMS, &st), 0xFE);
    WW_CHECK_EQ(st & (ST_TIMEOUT | ST_AUXB), ST_TIMEOUT);
    /* No mouse: D4 likewise, from the aux side. */
    kcmd1(&k, 0xD4, 0xF2);
    WW_CHECK_EQ(kread_st(&k, 50 * KMS, &st), 0xFE);
    WW_CHECK_EQ(st & (ST_TIMEOUT | ST_AUXB), ST_TIMEOUT | ST_AUXB);
    /* The next good byte clears TIMEOUT. */
    kcmd(&k, 0xAA);
    WW_CHECK_EQ(kread_st(&k, 50 * KMS, &st), 0x55);
    WW_CHECK_EQ(st & ST_TIMEOUT, 0);
    /* The controller itself still works: loopback and tests. */
    kcmd1(&k, 0xD3, 0x77);
    WW_CHECK_EQ(kread(&k), 0x77);
    kbc_free(&k);
}

/* SeaBIOS __ps2_command(): disable both ports and IRQs, flush, enable the
 * target port, send, receive, restore the command byte. */
static int seabios_ps2_command(kbcrig *k, uint8_t *ctr, bool aux, uint8_t cmd, unsigned send,
                               unsigned recv, uint8_t *param)
{
    uint8_t newctr = (uint8_t)((*ctr | 0x30) & ~0x03);
    kcmd1(k, 0x60, newctr);
    kflush(k);
    newctr &= (uint8_t)~(aux ? 0x20 : 0x10);
    kcmd1(k, 0x60, newctr);
    int ret = 0;
    uint8_t bytes[4] = { cmd };
    for (unsigned i = 0; i < send; i++)
        bytes[1 + i] = param[i];
    for (unsigned i = 0; i <= send && !ret; i++) {
        if (aux)
            kcmd1(k, 0xD4, bytes[i]);
        else
            kdata(k, bytes[i]);
        uint8_t st = 0;
        int b = kread_st(k, 200 * KMS, &st);   /* ps2_recvbyte(needack) */
        if (b != 0xFA || !!(st & ST_AUXB) != aux)
            ret = -1;
    }
    for (unsigned i = 0; i < recv && !ret; i++) {
        int b = kread_st(k, (cmd == 0xFF ? 4000 : 500) * KMS, NULL);
        if (b < 0)
            ret = -1;
        else
            param[i] = (uint8_t)b;
    }
    kcmd1(k, 0x60, *ctr);
    return ret;
}

WW_TEST("chips/i8042/seabios-keyboard-init", t_seabios)
{
    kbcrig k;
    kbc_rig(&k, KBC_KBD | KBC_MOUSE, NULL);
    hkey(&k, 0x04, true);                  /* a key held at power-on */
    kwait(&k, 3 * KMS);
    uint8_t ctr = 0x30, p[2] = { 0, 0 };    /* Ps2ctr = KBDDIS | AUXDIS */
    /* keyboard_init(): flush, controller self test, keyboard interface test. */
    WW_CHECK(kflush(&k) <= 16);
    kcmd(&k, 0xAA);
    WW_CHECK_EQ(kread(&k), 0x55);
    kcmd(&k, 0xAB);
    WW_CHECK_EQ(kread(&k), 0x00);
    /* Reset the keyboard: FA, then AA. */
    WW_CHECK_EQ(seabios_ps2_command(&k, &ctr, false, 0xFF, 0, 1, p), 0);
    WW_CHECK_EQ(p[0], 0xAA);
    /* Disable (F5), scan code set 2 (F0 02). */
    WW_CHECK_EQ(seabios_ps2_command(&k, &ctr, false, 0xF5, 0, 0, p), 0);
    p[0] = 0x02;
    WW_CHECK_EQ(seabios_ps2_command(&k, &ctr, false, 0xF0, 1, 0, p), 0);
    /* Mouse off, translation on, keyboard IRQ on; then enable (F4). */
    ctr = 0x61;
    WW_CHECK_EQ(seabios_ps2_command(&k, &ctr, false, 0xF4, 0, 0, p), 0);
    WW_CHECK_EQ(kccb(&k), 0x61);
    /* The keyboard now types set 1 codes with IRQ1 (int 09h). */
    pic_init_linux(&k.r, false);
    hkey(&k, 0x2C, true);                  /* space: 29 → 39 */
    kwait(&k, 2 * KMS);
    WW_CHECK_EQ(line(&k.r, PK_IRQ1), 1);
    WW_CHECK_EQ(iack(&k.r), 0x21);
    WW_CHECK_EQ(inb(&k.r, 0x60), 0x39);
    /* int 15h C2 mouse reset: FF → FA AA 00 over the aux port. */
    WW_CHECK_EQ(seabios_ps2_command(&k, &ctr, true, 0xFF, 0, 2, p), 0);
    WW_CHECK_EQ(p[0], 0xAA);
    WW_CHECK_EQ(p[1], 0x00);
    kbc_free(&k);
}

WW_TEST("chips/i8042/linux-probe", t_linux)
{
    kbcrig k;
    kbc_rig(&k, KBC_KBD | KBC_MOUSE, NULL);
    /* A BIOS left translation on with both IRQs. */
    kcmd1(&k, 0x60, 0x47);
    /* i8042_controller_check(): the flush finds a controller (status != FF). */
    WW_CHECK(kstatus(&k) != 0xFF);
    kflush(&k);
    /* i8042_controller_selftest(). */
    kcmd(&k, 0xAA);
    WW_CHECK_EQ(kread(&k), 0x55);
    /* i8042_controller_init(): read CTR until two reads agree. */
    uint8_t ctr = kccb(&k);
    WW_CHECK_EQ(kccb(&k), ctr);
    /* Keylock off: STR_KEYLOCK (INH) is set. */
    WW_CHECK_EQ(kstatus(&k) & ST_INH, ST_INH);
    /* Translation on, so i8042_direct stays false; disable both ports meanwhile. */
    WW_CHECK(ctr & 0x40);
    ctr = (uint8_t)((ctr | 0x30) & ~0x03);
    kcmd1(&k, 0x60, ctr);
    /* i8042_check_aux(): loopback 5A comes back from the aux side. */
    kflush(&k);
    uint8_t st = 0;
    kcmd1(&k, 0xD3, 0x5A);
    WW_CHECK_EQ(kread_st(&k, 500 * KMS, &st), 0x5A);
    WW_CHECK(st & ST_AUXB);
    /* Bit assignment test: A7 sets AUXDIS, A8 clears it. */
    kcmd(&k, 0xA7);
    WW_CHECK(kccb(&k) & 0x20);
    kcmd(&k, 0xA8);
    WW_CHECK(!(kccb(&k) & 0x20));
    /* AUX IRQ delivery test: AUXINT on, A5 through the loopback raises IRQ12. */
    pic_init_linux(&k.r, false);
    ctr = (uint8_t)((ctr | 0x02) & ~0x20);
    kcmd1(&k, 0x60, ctr);
    kcmd1(&k, 0xD3, 0xA5);
    WW_CHECK_EQ(line(&k.r, PK_IRQ12), 1);
    WW_CHECK_EQ(iack(&k.r), 0x2C);
    WW_CHECK_EQ(inb(&k.r, 0x60), 0xA5);
    outb(&k.r, 0xA0, 0x20);
    outb(&k.r, 0x20, 0x20);
    /* i8042_set_mux_mode(): F0 and 56 loop back, and A4 does too — so the
     * third test fails and no active multiplexer is reported. */
    static const uint8_t mux[3] = { 0xF0, 0x56, 0xA4 };
    for (unsigned i = 0; i < 3; i++) {
        kcmd1(&k, 0xD3, mux[i]);
        WW_CHECK_EQ(kread(&k), mux[i]);
    }
    /* Enable both ports with interrupts; atkbd probes: F2 → FA AB 41 (translated). */
    kcmd1(&k, 0x60, 0x47);
    mkbd(&k, 0xF2);
    KEXPECT(&k, 0xAB, false);
    KEXPECT(&k, 0x41, false);
    /* atkbd_deactivate/activate, repeat rate, LEDs. */
    mkbd(&k, 0xF5);
    mkbd(&k, 0xF4);
    mkbd(&k, 0xF3);
    mkbd(&k, 0x00);
    mkbd(&k, 0xED);
    mkbd(&k, 0x00);
    /* psmouse: GETID 00, reset-disable, then stream mode and enable. */
    maux(&k, 0xF2);
    KEXPECT(&k, 0x00, true);
    maux(&k, 0xF6);
    maux(&k, 0xF4);
    hmouse(&k, -3, 0, 0, 1);
    KEXPECT(&k, 0x19, true);
    KEXPECT(&k, 0xFD, true);
    KEXPECT(&k, 0x00, true);
    kbc_free(&k);
}

WW_TEST("chips/i8042/peek-does-not-take", t_peek)
{
    kbcrig k;
    kbc_rig(&k, KBC_KBD, NULL);
    hkey(&k, 0x04, true);
    kwait(&k, 2 * KMS);
    /* A debugger's read of 0x60 leaves OBF and IRQ1 alone. */
    WW_CHECK_EQ(peekb(&k.r, 0x60), 0x1C);
    WW_CHECK_EQ(kstatus(&k) & ST_OBF, ST_OBF);
    WW_CHECK_EQ(line(&k.r, PK_IRQ1), 1);
    WW_CHECK_EQ(chip_reg(k.kbc, "OBUF"), 0x1C);
    GString *s = g_string_new(NULL);
    ww_chip_dump(k.kbc, s);
    WW_CHECK_MSG(strstr(s->str, "CCB") && strstr(s->str, "XLAT"), "%s", s->str);
    g_string_free(s, TRUE);
    /* The device's DATA register peeks the next byte without sending it. */
    hkey(&k, 0x04, false);
    WW_CHECK_EQ(chip_reg(k.kbd, "DATA"), 0xF0);
    WW_CHECK_EQ(chip_reg(k.kbd, "DATA"), 0xF0);
    WW_CHECK_EQ(inb(&k.r, 0x60), 0x1C);
    KEXPECT(&k, 0xF0, false);
    KEXPECT(&k, 0x1C, false);
    kbc_free(&k);
}

WW_TEST("chips/i8042/debugger-ccb-write", t_dbg)
{
    kbcrig k;
    kbc_rig(&k, KBC_KBD, NULL);
    kcmd(&k, 0xAD);
    hkey(&k, 0x04, true);
    kwait(&k, 5 * KMS);
    WW_CHECK_EQ(kstatus(&k) & ST_OBF, 0);
    /* Setting CCB from the debugger acts as a 60 command: the port opens. */
    unsigned idx;
    const ww_reg_desc *d = ww_chip_find_reg(k.kbc->cls, "CCB", &idx);
    ww_chip_reg_set(k.kbc, d, idx, 0x03);
    KEXPECT(&k, 0x1C, false);
    kbc_free(&k);
}

WW_TEST("chips/i8042/reset", t_reset)
{
    kbcrig k;
    kbc_rig(&k, KBC_KBD, NULL);
    kcmd1(&k, 0x60, 0x74);
    kcmd1(&k, 0xD1, 0x0D);
    kcmd(&k, 0xAA);
    /* A reset brings status, command byte and output port back. */
    ww_chip_reset(k.kbc, WW_RESET_HARD);
    WW_CHECK_EQ(kstatus(&k), ST_A2 | ST_INH);
    WW_CHECK_EQ(kccb(&k), 0x03);
    WW_CHECK_EQ(line(&k.r, PK_A20), 1);
    /* A byte the keyboard held is taken once the (now enabled) port allows. */
    kcmd(&k, 0xAD);
    hkey(&k, 0x04, true);
    ww_chip_reset(k.kbc, WW_RESET_HARD);
    KEXPECT(&k, 0x1C, false);
    kbc_free(&k);
}

WW_TEST("chips/i8042/state-roundtrip", t_state)
{
    kbcrig a, b;
    kbc_rig(&a, KBC_KBD | KBC_MOUSE, NULL);
    kbc_rig(&b, KBC_KBD | KBC_MOUSE, NULL);
    kcmd1(&a, 0x60, 0x47);
    maux(&a, 0xF4);
    /* A: a key in flight (rx timer armed) and a mouse report waiting. */
    hkey(&a, 0x2C, true);
    hmouse(&a, 7, -2, 0, 2);
    kwait(&a, 400 * KUS);
    advance_to(&b.r, know(&a));
    /* Copy all three chips' state to B. */
    rig_copy_state(a.kbd, b.kbd);
    rig_copy_state(a.mouse, b.mouse);
    rig_copy_state(a.kbc, b.kbc);
    /* Both deliver the same bytes at the same times. */
    for (unsigned i = 0; i < 5; i++) {
        uint8_t sa = 0, sb = 0;
        int va = kread_st(&a, 50 * KMS, &sa), vb = kread_st(&b, 50 * KMS, &sb);
        WW_CHECK_EQ(va, vb);
        WW_CHECK_EQ(sa, sb);
        WW_CHECK_EQ(know(&a), know(&b));
    }
    KQUIET(&a);
    KQUIET(&b);
    kbc_free(&a);
    kbc_free(&b);
}

/* The lines the PC machine (machines/pc/q35.xml) takes for the RTC, port 0x61
 * and the keyboard controller, next to the PIC and PIT lines it has today. */
static const char *const q35_legacy_xml =
    "<machine name='test/q35-legacy'>\n"
    "  <param name='ram' default='128MiB'/>\n"
    "  <space name='cpu.io' bits='16' endian='little' unmapped='open-bus' open-bus='0xffffffff'/>\n"
    "  <space name='intack' bits='8' endian='little' unmapped='open-bus' open-bus='0xff'/>\n"
    "  <chip id='pic0' type='i8259' variant='master'/>\n"
    "  <chip id='pic1' type='i8259' variant='slave'/>\n"
    "  <chip id='pit'  type='i8254' clock='1.193182MHz'/>\n"
    "  <map space='cpu.io' at='0x20' size='2' to='pic0.io'/>\n"
    "  <map space='cpu.io' at='0xa0' size='2' to='pic1.io'/>\n"
    "  <map space='cpu.io' at='0x40' size='4' to='pit.io'/>\n"
    "  <map space='pic0.cas' at='2' to='pic1.iack'/>\n"
    "  <map space='intack' at='0' to='pic0.iack'/>\n"
    "  <wire from='pic1.int'  to='pic0.ir@2'/>\n"
    "  <wire from='pit.out@0' to='pic0.ir@0'/>\n"
    /* ---- the snippet ---- */
    "  <chip id='rtc' type='mc146818' ram-below-4g='${ram}' cpus='1'/>\n"
    "  <map space='cpu.io' at='0x70' size='2' to='rtc.io'/>\n"
    "  <wire from='rtc.irq' to='pic1.ir@0'/>\n"
    "  <chip id='nmisc' type='pc-nmi-sc'/>\n"
    "  <map space='cpu.io' at='0x61' to='nmisc.io'/>\n"
    "  <wire from='nmisc.gate2'  to='pit.gate@2'/>\n"
    "  <wire from='pit.out@2'    to='nmisc.out2'/>\n"
    "  <wire from='rtc.nmi-mask' to='nmisc.nmi-mask'/>\n"
    "  <chip id='kbc'   type='i8042'/>\n"
    "  <chip id='kbd'   type='ps2' variant='keyboard'/>\n"
    "  <chip id='mouse' type='ps2' variant='mouse'/>\n"
    "  <map space='cpu.io' at='0x60' size='1' to='kbc.io'/>\n"
    "  <map space='cpu.io' at='0x64' size='1' to='kbc.io' offset='1'/>\n"
    "  <map space='kbc.kbd' at='0' to='kbd.port'/>\n"
    "  <map space='kbc.aux' at='0' to='mouse.port'/>\n"
    "  <wire from='kbd.ready'   to='kbc.kbd-ready'/>\n"
    "  <wire from='mouse.ready' to='kbc.aux-ready'/>\n"
    "  <wire from='kbc.irq1'    to='pic0.ir@1'/>\n"
    "  <wire from='kbc.irq12'   to='pic1.ir@4'/>\n"
    "  <input to='kbd'/>\n"
    "  <input to='mouse'/>\n"
    "</machine>\n";

WW_TEST("chips/i8042/q35-legacy-snippet", t_q35)
{
    kbcrig k;
    memset(&k, 0, sizeof k);
    rig_xml(&k.r, q35_legacy_xml);
    k.kbc = ww_machine_find_chip(k.r.m, "kbc");
    GError *err = NULL;
    WW_CHECK_NOERR(ww_machine_bind(k.r.m, WW_BACKEND_INPUT, 0, &k.kin, &err), err);
    WW_CHECK_NOERR(ww_machine_bind(k.r.m, WW_BACKEND_INPUT, 1, &k.min, &err), err);
    /* A BIOS's PIC setup: vectors 08h and 70h. */
    outb(&k.r, 0x20, 0x11); outb(&k.r, 0x21, 0x08); outb(&k.r, 0x21, 0x04); outb(&k.r, 0x21, 0x01);
    outb(&k.r, 0xA0, 0x11); outb(&k.r, 0xA1, 0x70); outb(&k.r, 0xA1, 0x02); outb(&k.r, 0xA1, 0x01);
    outb(&k.r, 0x21, 0x00); outb(&k.r, 0xA1, 0x00);
    /* CMOS: 112 MiB above 16 MiB (the ${ram} param), and the date. */
    outb(&k.r, 0x70, 0x35);
    WW_CHECK_EQ(inb(&k.r, 0x71), 0x07);
    outb(&k.r, 0x70, 0x09);
    WW_CHECK_EQ(inb(&k.r, 0x71), 0x26);
    /* Port 61h gates PIT counter 2: mode 0 count 100 sets bit 5 101 clocks on. */
    outb(&k.r, 0x61, 0x01);
    outb(&k.r, 0x43, 0xB0);
    outb(&k.r, 0x42, 100);
    outb(&k.r, 0x42, 0);
    uint64_t t0 = ww_ns_to_ticks(know(&k), 1193182);
    advance_to(&k.r, pit_tick(t0 + 100));
    WW_CHECK_EQ(inb(&k.r, 0x61) & 0x20, 0);
    advance_to(&k.r, pit_tick(t0 + 101));
    WW_CHECK_EQ(inb(&k.r, 0x61) & 0x20, 0x20);
    /* The keyboard: translation on, a key → IRQ1 → vector 09h. */
    kcmd1(&k, 0x60, 0x47);
    hkey(&k, 0x04, true);
    kwait(&k, 2 * KMS);
    WW_CHECK_EQ(iack(&k.r), 0x09);
    WW_CHECK_EQ(inb(&k.r, 0x60), 0x1E);
    outb(&k.r, 0x20, 0x20);
    hkey(&k, 0x04, false);                 /* (polled: the IRQ1 request is withdrawn) */
    KEXPECT(&k, 0x9E, false);
    /* The mouse: a report → IRQ12 → vector 74h. */
    maux(&k, 0xF4);
    hmouse(&k, 1, 0, 0, 0);
    kwait(&k, 2 * KMS);
    WW_CHECK_EQ(iack(&k.r), 0x74);
    /* The RTC's update interrupt → IRQ8 → vector 70h (after the mouse's is done). */
    kdrain(&k);
    outb(&k.r, 0xA0, 0x20);
    outb(&k.r, 0x20, 0x20);
    outb(&k.r, 0x70, 0x0B);
    outb(&k.r, 0x71, 0x12);
    advance_to(&k.r, 1000000000ull);
    WW_CHECK_EQ(iack(&k.r), 0x70);
    kbc_free(&k);
}
