/* tests/chips/storage/swim.c — the SWIM on the Quadra 800 (0x50F1E000,
 * registers 0x200 apart) as Linux's swim driver probes it: the IWM latches,
 * the 1-0-1-1 switch to the ISM, the ISM's registers, and no drive. */
#include "tests/chips/qrig.h"

#define SWIM(n) (QIO + 0x1E000u + (n) * 0x200u)

static void to_ism(qrig *r)
{
    /* Q6 and Q7 set (registers 13 and 15), then the mode register written
     * with bit 6: 1, 0, 1, 1. */
    q_wr8(r, SWIM(13), 0);
    q_wr8(r, SWIM(15), 0x57);
    q_wr8(r, SWIM(15), 0x17);
    q_wr8(r, SWIM(15), 0x57);
    q_wr8(r, SWIM(15), 0x57);
}

WW_TEST("chips/swim/iwm-to-ism", t_switch)
{
    qrig r;
    qrig_init(&r);
    /* IWM after reset: the status register (Q6 on) reads no drive. */
    (void)q_rd8(&r, SWIM(13));
    WW_CHECK_EQ(q_rd8(&r, SWIM(14)) & 0x80, 0);
    to_ism(&r);
    WW_CHECK_EQ(chip_reg(qrig_chip(&r, "swim"), "ISM"), 1);
    /* ISM status shows the ISM mode bit. */
    WW_CHECK(q_rd8(&r, SWIM(14)) & 0x40);
    qrig_free(&r);
}

WW_TEST("chips/swim/no-drive", t_nodrive)
{
    qrig r;
    qrig_init(&r);
    to_ism(&r);
    /* Select "drive present" on the phase lines: SENSE says no. */
    q_wr8(&r, SWIM(4), 0x77);
    WW_CHECK_EQ(q_rd8(&r, SWIM(12)), 0x77);
    WW_CHECK(q_rd8(&r, SWIM(15)) & 0x08);
    /* Parameter RAM: 16 bytes, index reset by a mode 0 write. */
    for (unsigned i = 0; i < 16; i++)
        q_wr8(&r, SWIM(3), (uint8_t)(i * 3));
    q_wr8(&r, SWIM(6), 0x00);
    WW_CHECK_EQ(q_rd8(&r, SWIM(11)), 0);
    WW_CHECK_EQ(q_rd8(&r, SWIM(11)), 3);
    /* Clearing the mode bit goes back to the IWM. */
    q_wr8(&r, SWIM(6), 0x40);
    WW_CHECK_EQ(chip_reg(qrig_chip(&r, "swim"), "ISM"), 0);
    qrig_free(&r);
}

WW_TEST("chips/swim/absurd-sequences", t_absurd)
{
    qrig r;
    qrig_init(&r);
    uint32_t s = 99;
    for (unsigned i = 0; i < 3000; i++) {
        s = s * 1103515245u + 12345u;
        if (s & 0x10000)
            q_wr8(&r, SWIM((s >> 8) & 15), (uint8_t)(s >> 20));
        else
            (void)q_rd8(&r, SWIM((s >> 8) & 15));
    }
    /* Whatever state it was left in, the switch sequence still works. */
    q_wr8(&r, SWIM(6), 0xff);
    to_ism(&r);
    WW_CHECK_EQ(chip_reg(qrig_chip(&r, "swim"), "ISM"), 1);
    qrig_free(&r);
}
