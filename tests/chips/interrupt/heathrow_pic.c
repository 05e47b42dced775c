/* tests/chips/interrupt/heathrow_pic.c — the Heathrow interrupt controller as
 * Linux's powermac/pic.c drives it (little-endian registers through the Mac
 * I/O BAR): bank 1 (sources 0-31) at +0x20, bank 2 (32-63) at +0x10. */
#include "tests/chips/g3rig.h"

enum { EV2 = MIO + 0x10, MASK2 = MIO + 0x14, ACK2 = MIO + 0x18, LEV2 = MIO + 0x1C,
       EV1 = MIO + 0x20, MASK1 = MIO + 0x24, ACK1 = MIO + 0x28, LEV1 = MIO + 0x2C };
enum { IN_PIC = 0 };

WW_TEST("chips/heathrow-pic/reset-state", t_reset)
{
    g3rig r;
    g3rig_init(&r);
    /* After reset nothing is enabled, pending or high, and the CPU line is low. */
    WW_CHECK_EQ(g3_rdle32(&r, MASK1), 0);
    WW_CHECK_EQ(g3_rdle32(&r, MASK2), 0);
    WW_CHECK_EQ(g3_rdle32(&r, EV1), 0);
    WW_CHECK_EQ(g3_rdle32(&r, EV2), 0);
    WW_CHECK_EQ(g3_line(&r, IN_PIC), 0);
    /* The board's level-triggered sources are 20-28. */
    WW_CHECK_EQ(chip_reg(r.pic, "LEVEL_TRIGGERED1"), 0x1ff00000);
    g3rig_free(&r);
}

WW_TEST("chips/heathrow-pic/edge-latch-and-ack", t_edge)
{
    g3rig r;
    g3rig_init(&r);
    /* A rising edge on source 5 latches its event even while masked. */
    g3_drive(&r, 2, 1);
    WW_CHECK_EQ(g3_rdle32(&r, EV1), 1u << 5);
    WW_CHECK_EQ(g3_rdle32(&r, LEV1), 1u << 5);
    WW_CHECK_EQ(g3_line(&r, IN_PIC), 0);
    /* Unmasking it interrupts the CPU. */
    g3_wrle32(&r, MASK1, 1u << 5);
    WW_CHECK_EQ(g3_line(&r, IN_PIC), 1);
    /* The line falls: the event stays latched until acknowledged. */
    g3_drive(&r, 2, 0);
    WW_CHECK_EQ(g3_rdle32(&r, LEV1), 0);
    WW_CHECK_EQ(g3_line(&r, IN_PIC), 1);
    /* Writing the bit to ACK clears it and the CPU line. */
    g3_wrle32(&r, ACK1, 1u << 5);
    WW_CHECK_EQ(g3_rdle32(&r, EV1), 0);
    WW_CHECK_EQ(g3_line(&r, IN_PIC), 0);
    g3rig_free(&r);
}

WW_TEST("chips/heathrow-pic/level-source", t_level)
{
    g3rig r;
    g3rig_init(&r);
    g3_wrle32(&r, MASK1, 1u << 20);
    /* Source 20 is level-triggered: high → interrupt, no event latched. */
    g3_drive(&r, 0, 1);
    WW_CHECK_EQ(g3_line(&r, IN_PIC), 1);
    WW_CHECK_EQ(g3_rdle32(&r, EV1), 0);
    WW_CHECK_EQ(g3_rdle32(&r, LEV1), 1u << 20);
    /* Acknowledging does nothing while the line is high. */
    g3_wrle32(&r, ACK1, 1u << 20);
    WW_CHECK_EQ(g3_line(&r, IN_PIC), 1);
    /* The line falls: the interrupt goes with it. */
    g3_drive(&r, 0, 0);
    WW_CHECK_EQ(g3_line(&r, IN_PIC), 0);
    g3rig_free(&r);
}

WW_TEST("chips/heathrow-pic/bank2", t_bank2)
{
    g3rig r;
    g3rig_init(&r);
    /* Source 40 is bit 8 of bank 2 (at +0x10), not of bank 1. */
    g3_drive(&r, 1, 1);
    WW_CHECK_EQ(g3_rdle32(&r, EV2), 1u << 8);
    WW_CHECK_EQ(g3_rdle32(&r, EV1), 0);
    /* Bank 1's mask does not enable it; bank 2's does. */
    g3_wrle32(&r, MASK1, 0xffffffff);
    WW_CHECK_EQ(g3_line(&r, IN_PIC), 0);
    g3_wrle32(&r, MASK2, 1u << 8);
    WW_CHECK_EQ(g3_line(&r, IN_PIC), 1);
    g3_wrle32(&r, ACK2, 1u << 8);
    WW_CHECK_EQ(g3_line(&r, IN_PIC), 0);
    g3rig_free(&r);
}

WW_TEST("chips/heathrow-pic/mask-readback-and-ro", t_mask)
{
    g3rig r;
    g3rig_init(&r);
    /* MASK reads back as written; EVENTS and LEVELS ignore writes; ACK reads 0. */
    g3_wrle32(&r, MASK1, 0x12345678);
    WW_CHECK_EQ(g3_rdle32(&r, MASK1), 0x12345678);
    g3_wrle32(&r, EV1, 0xffffffff);
    g3_wrle32(&r, LEV1, 0xffffffff);
    WW_CHECK_EQ(g3_rdle32(&r, EV1), 0);
    WW_CHECK_EQ(g3_rdle32(&r, LEV1), 0);
    WW_CHECK_EQ(g3_rdle32(&r, ACK1), 0);
    g3rig_free(&r);
}

WW_TEST("chips/heathrow-pic/escc-and-cuda-sources", t_sources)
{
    g3rig r;
    g3rig_init(&r);
    /* The ESCC's channel A interrupt arrives as source 0x0F: enable Tx
     * interrupts and MIE, send a byte. */
    g3_wrle32(&r, MASK1, 1u << 15);
    g3_wr8(&r, MIO + 0x13020, 1);      /* WR1 */
    g3_wr8(&r, MIO + 0x13020, 0x02);   /* Tx interrupt enable */
    g3_wr8(&r, MIO + 0x13020, 5);
    g3_wr8(&r, MIO + 0x13020, 0x08);   /* Tx enable */
    g3_wr8(&r, MIO + 0x13020, 9);
    g3_wr8(&r, MIO + 0x13020, 0x08);   /* MIE */
    g3_wr8(&r, MIO + 0x13030, 'x');
    WW_CHECK_EQ(g3_rdle32(&r, EV1) & (1u << 15), 1u << 15);
    WW_CHECK_EQ(g3_line(&r, IN_PIC), 1);
    g3rig_free(&r);
}

WW_TEST("chips/heathrow-pic/odd-offsets", t_odd)
{
    g3rig r;
    g3rig_init(&r);
    /* Offsets below 0x10 and the space beyond 0x2F decode nothing: reads 0. */
    WW_CHECK_EQ(g3_rdle32(&r, MIO + 0x00), 0);
    WW_CHECK_EQ(g3_rdle32(&r, MIO + 0x0C), 0);
    g3_wrle32(&r, MIO + 0x04, 0xffffffff);
    WW_CHECK_EQ(g3_rdle32(&r, MASK1), 0);
    WW_CHECK_EQ(g3_rdle32(&r, MASK2), 0);
    g3rig_free(&r);
}

WW_TEST("chips/heathrow-pic/state-roundtrip", t_state)
{
    g3rig r, s;
    g3rig_init(&r);
    g3rig_init(&s);
    g3_wrle32(&r, MASK1, 1u << 5);
    g3_drive(&r, 2, 1);
    WW_CHECK_EQ(g3_line(&r, IN_PIC), 1);
    /* Saved and loaded into another machine, the pending interrupt is there. */
    GByteArray *b = g_byte_array_new();
    ww_chip_state_save(r.pic, b);
    GError *err = NULL;
    WW_CHECK_NOERR(ww_chip_state_load(s.pic, b->data, b->len, &err), err);
    WW_CHECK_EQ(g3_rdle32(&s, EV1), 1u << 5);
    WW_CHECK_EQ(g3_line(&s, IN_PIC), 1);
    g_byte_array_free(b, TRUE);
    g3rig_free(&r);
    g3rig_free(&s);
}
