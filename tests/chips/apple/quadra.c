/* tests/chips/apple/quadra.c — the Quadra 800's glue through its bus: the I/O
 * slice the IOSB decodes and its mirrors, the IOSB and djMEMC registers, the
 * machine-ID register, the interrupt levels of both mappings (VIA1 PB6), the
 * classic routing of the SONIC and sound chip through VIA2, NMI, and the
 * power switch on VIA2 PB2. */
#include "tests/chips/qrig.h"
#include "chips/apple/via6522.h"

WW_TEST("chips/iosb/slice-mirrors", t_mirror)
{
    qrig r;
    qrig_init(&r);
    /* VIA2's DDRA through the slice at 0x50000000, at 0x50F00000 (Linux), and
     * at the last copy before 0x54000000: one register. */
    q_wr8(&r, 0x50002000u + VIA_DDRA * 0x200u, 0x5a);
    WW_CHECK_EQ(q_rd8(&r, QVIA2(VIA_DDRA)), 0x5a);
    WW_CHECK_EQ(q_rd8(&r, 0x53FC2000u + VIA_DDRA * 0x200u), 0x5a);
    /* Past the 64 MiB of slices: nothing (a bus error for the CPU). */
    uint64_t v;
    WW_CHECK_EQ(ww_space_read(r.mem, 0x54002000u + VIA_DDRA * 0x200u, 1, &v), WW_BUS_ERROR);
    qrig_free(&r);
}

WW_TEST("chips/iosb/registers-and-machine-id", t_iosb)
{
    qrig r;
    qrig_init(&r);
    /* CONFIG reads 1 after reset (33 MHz bus clock); the others store. */
    WW_CHECK_EQ(q_rd32(&r, QIO + 0x18000u), 1);
    q_wr32(&r, QIO + 0x18500u, 0x12345678u);
    WW_CHECK_EQ(q_rd32(&r, QIO + 0x18500u), 0x12345678u);
    /* The machine ID the ROM reads at 0x5FFFFFFC. */
    WW_CHECK_EQ(q_rd32(&r, 0x5FFFFFFCu), 0xA55A2BADu);
    q_wr32(&r, 0x5FFFFFFCu, 0);
    WW_CHECK_EQ(q_rd32(&r, 0x5FFFFFFCu), 0xA55A2BADu);
    qrig_free(&r);
}

WW_TEST("chips/djmemc/registers", t_dj)
{
    qrig r;
    qrig_init(&r);
    /* Bank configurations and memory top store what the ROM sizes. */
    for (unsigned i = 0; i < 14; i++)
        q_wr32(&r, QIO + 0xE000u + 4 * i, 0x100u * i + 7);
    for (unsigned i = 0; i < 14; i++)
        WW_CHECK_EQ(q_rd32(&r, QIO + 0xE000u + 4 * i), 0x100u * i + 7);
    /* Past them: 0. */
    WW_CHECK_EQ(q_rd32(&r, QIO + 0xE000u + 4 * 20), 0);
    qrig_free(&r);
}

WW_TEST("chips/djmemc/interrupt-levels", t_levels)
{
    qrig r;
    qrig_init(&r);
    /* A VIA1 interrupt: level 1 in the classic mapping (PB6 released). */
    q_wr8(&r, QVIA1(VIA_IER), 0x80 | VIA_IFR_CA1);
    q_drive(&r, 1, 1);
    q_drive(&r, 1, 0);
    WW_CHECK_EQ(q_ipl(&r), 1);
    /* via_init's alternate mapping: PB6 an output at 0 — VIA1 moves to 6. */
    q_wr8(&r, QVIA1(VIA_DDRB), q_rd8(&r, QVIA1(VIA_DDRB)) | 0x40);
    q_wr8(&r, QVIA1(VIA_ORB), q_rd8(&r, QVIA1(VIA_ORB)) & ~0x40);
    WW_CHECK_EQ(q_ipl(&r), 6);
    q_wr8(&r, QVIA1(VIA_IFR), 0x7f);
    WW_CHECK_EQ(q_ipl(&r), 0);
    /* The sound chip's interrupt is level 5 there; NMI is 7 and wins. */
    q_drive(&r, 3, 1);
    WW_CHECK_EQ(q_ipl(&r), 5);
    q_drive(&r, 2, 1);
    WW_CHECK_EQ(q_ipl(&r), 7);
    q_drive(&r, 2, 0);
    q_drive(&r, 3, 0);
    WW_CHECK_EQ(q_ipl(&r), 0);
    qrig_free(&r);
}

WW_TEST("chips/djmemc/classic-routes-through-via2", t_classic)
{
    qrig r;
    qrig_init(&r);
    /* Classic mapping: the sound chip's interrupt is VIA2 CB1 (negative edge),
     * not a CPU level of its own. */
    q_wr8(&r, QVIA2(VIA_IFR), 0x7f);
    q_wr8(&r, QVIA2(VIA_IER), 0x80 | VIA_IFR_CB1);
    q_drive(&r, 3, 1);
    WW_CHECK(q_rd8(&r, QVIA2(VIA_IFR)) & VIA_IFR_CB1);
    WW_CHECK_EQ(q_ipl(&r), 2);
    q_drive(&r, 3, 0);
    q_wr8(&r, QVIA2(VIA_IFR), 0x7f);
    WW_CHECK_EQ(q_ipl(&r), 0);
    qrig_free(&r);
}

WW_TEST("chips/djmemc/scc-level-4", t_scc)
{
    qrig r;
    qrig_init(&r);
    /* The SCC: level 4 in both mappings. A transmit interrupt on channel A. */
    q_wr8(&r, QSCC + 2, 9);
    q_wr8(&r, QSCC + 2, 0x08);                 /* WR9: MIE */
    q_wr8(&r, QSCC + 2, 5);
    q_wr8(&r, QSCC + 2, 0x08);                 /* WR5: transmitter on */
    q_wr8(&r, QSCC + 2, 1);
    q_wr8(&r, QSCC + 2, 0x02);                 /* WR1: Tx interrupt */
    q_wr8(&r, QSCC + 6, 'x');                  /* data: sent at once, Tx IP */
    WW_CHECK_EQ(q_ipl(&r), 4);
    WW_CHECK_EQ(r.chr_a->captured->len, 1);
    qrig_free(&r);
}

WW_TEST("chips/quadra/power-switch", t_power)
{
    qrig r;
    qrig_init(&r);
    /* via_shutdown: VIA2 DDRB bit 2 output, ORB bit 2 low — power off. */
    WW_CHECK_EQ(ww_machine_take_request(r.m), WW_REQ_NONE);
    q_wr8(&r, QVIA2(VIA_DDRB), q_rd8(&r, QVIA2(VIA_DDRB)) | 0x04);
    q_wr8(&r, QVIA2(VIA_ORB), q_rd8(&r, QVIA2(VIA_ORB)) & ~0x04);
    WW_CHECK_EQ(ww_machine_take_request(r.m), WW_REQ_POWEROFF);
    qrig_free(&r);
}
