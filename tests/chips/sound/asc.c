/* tests/chips/sound/asc.c — the Apple Sound Chip on the Quadra 800 (EASC at
 * 0x50F14000): the version, FIFO mode, the half-empty and empty interrupts as
 * the FIFO drains at 22.257 kHz, the empty-cycle interrupt with nothing to
 * play, clearing by a read of the status, the FIFO clear bit and mode
 * changes; the interrupt reaches the CPU at level 5 in the A/UX mapping. */
#include "tests/chips/qrig.h"
#include "chips/apple/via6522.h"

#define ASC(off) (QIO + 0x14000u + (off))

static void aux_mode(qrig *r)
{
    q_wr8(r, QVIA1(VIA_DDRB), q_rd8(r, QVIA1(VIA_DDRB)) | 0x40);
    q_wr8(r, QVIA1(VIA_ORB), q_rd8(r, QVIA1(VIA_ORB)) & ~0x40);
}

WW_TEST("chips/asc/version-and-registers", t_ver)
{
    qrig r;
    qrig_init(&r);
    /* The Quadra 800's is an EASC: version 0xB0. */
    WW_CHECK_EQ(q_rd8(&r, ASC(0x800)), 0xb0);
    q_wr8(&r, ASC(0x806), 0xe0);
    WW_CHECK_EQ(q_rd8(&r, ASC(0x806)), 0xe0);
    /* Off, nothing interrupts however long. */
    q_advance(&r, 200000000);
    WW_CHECK_EQ(q_rd8(&r, ASC(0x804)), 0);
    qrig_free(&r);
}

WW_TEST("chips/asc/fifo-drains-and-interrupts", t_fifo)
{
    qrig r;
    qrig_init(&r);
    aux_mode(&r);
    /* FIFO mode; 1000 bytes in FIFO A (half-empty interrupt enabled). */
    q_wr8(&r, ASC(0xF09), 1);
    q_wr8(&r, ASC(0x801), 1);
    (void)q_rd8(&r, ASC(0x804));
    for (unsigned i = 0; i < 1000; i++)
        q_wr8(&r, ASC(0x000), (uint8_t)i);
    (void)q_rd8(&r, ASC(0x804));                /* the filling interrupts, read away */
    WW_CHECK_EQ(q_ipl(&r), 0);
    /* 1000 - 511 samples later (≈ 22 ms) it is half empty: level 5. */
    q_advance(&r, 20000000);
    WW_CHECK_EQ(q_peek8(&r, ASC(0x804)) & 1, 0);
    q_advance(&r, 3000000);
    WW_CHECK(q_peek8(&r, ASC(0x804)) & 1);
    WW_CHECK_EQ(q_ipl(&r), 5);
    /* Reading the status clears it and the interrupt. */
    (void)q_rd8(&r, ASC(0x804));
    WW_CHECK_EQ(q_ipl(&r), 0);
    /* Empty after all 1000 (≈ 45 ms). */
    q_advance(&r, 25000000);
    WW_CHECK(q_rd8(&r, ASC(0x804)) & 2);
    qrig_free(&r);
}

WW_TEST("chips/asc/empty-cycle-interrupt", t_cycle)
{
    qrig r;
    qrig_init(&r);
    aux_mode(&r);
    /* FIFO mode with nothing to play: an interrupt every FIFO cycle (1024
     * samples), which Mac OS waits for. */
    q_wr8(&r, ASC(0x801), 1);
    unsigned n = 0;
    for (unsigned i = 0; i < 50; i++) {
        q_advance(&r, 10000000);
        if (q_rd8(&r, ASC(0x804)) & 3)
            n++;
    }
    WW_CHECK(n >= 9 && n <= 12);
    qrig_free(&r);
}

WW_TEST("chips/asc/clear-and-mode-change", t_clear)
{
    qrig r;
    qrig_init(&r);
    q_wr8(&r, ASC(0x801), 1);
    for (unsigned i = 0; i < 300; i++)
        q_wr8(&r, ASC(0x400), 0x80);
    /* FIFO MODE bit 7 empties both FIFOs at once. */
    q_wr8(&r, ASC(0x803), 0x80);
    (void)q_rd8(&r, ASC(0x804));
    /* Wavetable mode: writes go into the table, nothing drains or interrupts. */
    q_wr8(&r, ASC(0x801), 2);
    q_wr8(&r, ASC(0x010), 0x42);
    WW_CHECK_EQ(q_rd8(&r, ASC(0x010)), 0x42);
    q_advance(&r, 100000000);
    WW_CHECK_EQ(q_rd8(&r, ASC(0x804)), 0);
    qrig_free(&r);
}

WW_TEST("chips/asc/fifo-overflow", t_over)
{
    qrig r;
    qrig_init(&r);
    /* 5000 bytes into a 1 KiB FIFO: the rest is lost, "full" is flagged; the
     * chip still drains and interrupts. */
    q_wr8(&r, ASC(0x801), 1);
    for (unsigned i = 0; i < 5000; i++)
        q_wr8(&r, ASC(0x000), 1);
    WW_CHECK(q_rd8(&r, ASC(0x804)) & 2);
    q_advance(&r, 60000000);
    WW_CHECK(q_rd8(&r, ASC(0x804)) & 3);
    qrig_free(&r);
}
