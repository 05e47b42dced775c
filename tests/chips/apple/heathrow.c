/* tests/chips/apple/heathrow.c — the Heathrow PCI function: its identity and
 * BAR as OpenBIOS sees them through the MPC106's configuration mechanism, the
 * forwarding to the Mac I/O sub-chips, and the feature registers. */
#include "tests/chips/g3rig.h"

WW_TEST("chips/heathrow/identity", t_id)
{
    g3rig r;
    g3rig_init(&r);
    /* 00:10.0 is Apple 0x0010, class "other" (0xff0000), interrupt pin A. */
    WW_CHECK_EQ(g3_cfg_read(&r, 16, 0, 0x00), 0x0010106b);
    WW_CHECK_EQ(g3_cfg_read(&r, 16, 0, 0x08) >> 8, 0xff0000);
    WW_CHECK_EQ((g3_cfg_read(&r, 16, 0, 0x3c) >> 8) & 0xff, 1);
    g3rig_free(&r);
}

WW_TEST("chips/heathrow/bar-sizing-and-move", t_bar)
{
    g3rig r;
    g3rig_init(&r);
    /* BAR0 is 512 KiB of memory. */
    g3_cfg_write(&r, 16, 0, 0x10, 0xffffffff);
    WW_CHECK_EQ(g3_cfg_read(&r, 16, 0, 0x10), 0xfff80000);
    /* Moved to 0x80000000: the PIC's MASK1 answers there, not at the old base. */
    g3_cfg_write(&r, 16, 0, 0x10, 0x80000000);
    g3_wrle32(&r, 0x80000024, 0x00008000);
    WW_CHECK_EQ(g3_rdle32(&r, 0x80000024), 0x00008000);
    WW_CHECK_EQ(g3_rd32(&r, MIO + 0x24), 0xffffffff);
    /* Memory decoding off: nothing answers. */
    g3_cfg_write(&r, 16, 0, 0x04, 0);
    WW_CHECK_EQ(g3_rd32(&r, 0x80000024), 0xffffffff);
    g3rig_free(&r);
}

WW_TEST("chips/heathrow/feature-registers", t_fcr)
{
    g3rig r;
    g3rig_init(&r);
    /* FCR comes up with the SCC and IDE enabled; Linux sets/clears bits. */
    uint32_t fcr = g3_rdle32(&r, MIO + 0x38);
    WW_CHECK(fcr & 0x00200000);
    g3_wrle32(&r, MIO + 0x38, fcr | 0x04000000);
    WW_CHECK_EQ(g3_rdle32(&r, MIO + 0x38), fcr | 0x04000000);
    g3_wrle32(&r, MIO + 0x34, 0x1234);
    WW_CHECK_EQ(g3_rdle32(&r, MIO + 0x34), 0x1234);
    g3rig_free(&r);
}

WW_TEST("chips/heathrow/holes-and-byte-order", t_holes)
{
    g3rig r;
    g3rig_init(&r);
    /* A hole in the Mac I/O space reads 0 (the macio space's open bus). */
    WW_CHECK_EQ(g3_rd32(&r, MIO + 0x40000), 0);
    /* Byte order is kept end to end: a big-endian 32-bit store to a
     * little-endian PIC register lands byte-reversed, as on the real bus. */
    g3_wr32(&r, MIO + 0x24, 0x01000000);
    WW_CHECK_EQ(chip_reg(r.pic, "MASK1"), 0x00000001);
    /* A byte access reaches the byte at its address (NVRAM byte 2 at +0x20). */
    g3_wr8(&r, MIO + 0x60020, 0x5a);
    WW_CHECK_EQ(g3_rd8(&r, MIO + 0x60020), 0x5a);
    g3rig_free(&r);
}
