/* tests/chips/bridge/mpc106.c — the MPC106 as Linux's grackle.c and firmware
 * reach it: CONFIG_ADDR at 0xFEC00000 and CONFIG_DATA at 0xFEE00000 (the
 * little-endian #1 format, through pci-conf1), function 00:00.0. */
#include "tests/chips/g3rig.h"

WW_TEST("chips/mpc106/identity", t_id)
{
    g3rig r;
    g3rig_init(&r);
    /* 00:00.0 is Motorola 0x0002, a host bridge (class 0x060000). */
    WW_CHECK_EQ(g3_cfg_read(&r, 0, 0, 0x00), 0x00021057);
    WW_CHECK_EQ(g3_cfg_read(&r, 0, 0, 0x08) >> 8, 0x060000);
    /* An empty slot reads all ones. */
    WW_CHECK_EQ(g3_cfg_read(&r, 5, 0, 0x00), 0xffffffff);
    g3rig_free(&r);
}

WW_TEST("chips/mpc106/memory-banks", t_banks)
{
    g3rig r;
    g3rig_init(&r);
    /* 16 MiB in bank 0: start 0, end 0x00FFFFFF (bits 27-20 = 0x0F), enabled. */
    WW_CHECK_EQ(g3_cfg_read(&r, 0, 0, 0x80) & 0xff, 0x00);
    WW_CHECK_EQ(g3_cfg_read(&r, 0, 0, 0x90) & 0xff, 0x0f);
    WW_CHECK_EQ(g3_cfg_read(&r, 0, 0, 0xa0) & 0xff, 0x01);
    /* The other banks are empty (start above end). */
    WW_CHECK_EQ((g3_cfg_read(&r, 0, 0, 0x80) >> 8) & 0xff, 0xff);
    WW_CHECK_EQ((g3_cfg_read(&r, 0, 0, 0xa0) >> 1) & 7, 0);
    g3rig_free(&r);
}

WW_TEST("chips/mpc106/picr1-store-gathering", t_picr1)
{
    g3rig r;
    g3rig_init(&r);
    /* PICR1 resets to 0xFF141B98; grackle_set_stg sets bit 6 and reads it back. */
    uint32_t v = g3_cfg_read(&r, 0, 0, 0xa8);
    WW_CHECK_EQ(v, 0xff141b98);
    g3_cfg_write(&r, 0, 0, 0xa8, v | 0x40);
    WW_CHECK_EQ(g3_cfg_read(&r, 0, 0, 0xa8), v | 0x40);
    WW_CHECK_EQ(chip_reg(r.grackle, "PICR1") & 0x40, 0x40);
    g3rig_free(&r);
}

WW_TEST("chips/mpc106/config-byte-access", t_bytes)
{
    g3rig r;
    g3rig_init(&r);
    /* A byte read at CONFIG_DATA + 2 reads the device ID's low byte. */
    g3_wrle32(&r, 0xFEC00000u, 0x80000000u);
    WW_CHECK_EQ(g3_rd8(&r, 0xFEE00002u), 0x02);
    /* Without the enable bit, CONFIG_DATA reads all ones. */
    g3_wrle32(&r, 0xFEC00000u, 0x00000000u);
    WW_CHECK_EQ(g3_rdle32(&r, 0xFEE00000u), 0xffffffff);
    /* A byte write into a device-specific register leaves its neighbours. */
    g3_wrle32(&r, 0xFEC00000u, 0x800000acu);
    g3_wr8(&r, 0xFEE00001u, 0x5a);
    WW_CHECK_EQ(g3_cfg_read(&r, 0, 0, 0xac), 0x00005a00);
    g3rig_free(&r);
}
