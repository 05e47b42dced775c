/* tests/chips/storage/mac_nvram.c — the Old World NVRAM at Mac I/O + 0x60000,
 * byte n at + (n << 4), as Linux's nvram.c (direct mode) and OpenBIOS reach it. */
#include "tests/chips/g3rig.h"

#define NV(n) (MIO + 0x60000u + ((n) << 4))

WW_TEST("chips/mac-nvram/byte-every-16", t_layout)
{
    g3rig r;
    g3rig_init(&r);
    /* Bytes 0, 1 and 0x1FFF are 16 bus bytes apart; nothing in between. */
    g3_wr8(&r, NV(0), 0x11);
    g3_wr8(&r, NV(1), 0x22);
    g3_wr8(&r, NV(0x1fff), 0x33);
    WW_CHECK_EQ(g3_rd8(&r, NV(0)), 0x11);
    WW_CHECK_EQ(g3_rd8(&r, NV(1)), 0x22);
    WW_CHECK_EQ(g3_rd8(&r, NV(0x1fff)), 0x33);
    /* The low four address bits are not decoded: +1 is byte 0 again. */
    WW_CHECK_EQ(g3_rd8(&r, NV(0) + 1), 0x11);
    g3rig_free(&r);
}

WW_TEST("chips/mac-nvram/survives-reset", t_reset)
{
    g3rig r;
    g3rig_init(&r);
    /* Battery-backed: a machine reset keeps the contents. */
    for (unsigned n = 0; n < 64; n++)
        g3_wr8(&r, NV(n), (uint8_t)(n ^ 0xa5));
    ww_machine_reset(r.m, WW_RESET_HARD);
    g3_cfg_write(&r, 16, 0, 0x10, MIO);
    g3_cfg_write(&r, 16, 0, 0x04, 0x0006);
    for (unsigned n = 0; n < 64; n++)
        WW_CHECK_EQ(g3_rd8(&r, NV(n)), n ^ 0xa5);
    g3rig_free(&r);
}

WW_TEST("chips/mac-nvram/beyond-size", t_beyond)
{
    g3rig r;
    g3rig_init(&r);
    /* Beyond the 8 KiB of a Heathrow NVRAM (via the chip's region directly):
     * reads 0xFF, writes are dropped. */
    ww_space *s = ww_machine_find_space(r.m, "mio.macio");
    WW_CHECK(s);
    uint64_t v = 0;
    ww_space_read(s, 0x60000 + 0x1fff * 16, 1, &v);
    WW_CHECK_EQ(v, 0);
    WW_CHECK_EQ(ww_chip_prop_uint(r.nvram, "size"), 8192);
    uint64_t b = 0;
    WW_CHECK_EQ(r.nvram->cls->read(r.nvram, 0, 0x2000, 1, WW_PEEK), 0xff);
    r.nvram->cls->write(r.nvram, 0, 0x2000, 0x12, 1);
    WW_CHECK_EQ(r.nvram->cls->read(r.nvram, 0, 0x2000, 1, WW_PEEK), 0xff);
    (void)b;
    g3rig_free(&r);
}
