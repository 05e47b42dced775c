/* tests/chips/dma/dbdma.c — DBDMA programs as drivers write them: descriptors
 * in RAM (16 bytes, little-endian), CommandPtr, then RUN through
 * ChannelControl (mask in the high half). Channel 4 (ESCC A transmit) at Mac
 * I/O + 0x8400 is used; its interrupt is probe input 6. */
#include "tests/chips/g3rig.h"

#define CH(n) (MIO + 0x8000u + (n) * 0x100u)
enum { CONTROL = 0x00, STATUS = 0x04, CMDPTR = 0x0c, INTR_SEL = 0x10, BRANCH_SEL = 0x14,
       WAIT_SEL = 0x18 };
enum { RUN = 0x8000, PAUSE = 0x4000, WAKE = 0x1000, DEAD = 0x0800, ACTIVE = 0x0400, BT = 0x0100 };
enum { OUTPUT_MORE = 0, INPUT_LAST = 3, STORE_QUAD = 4, LOAD_QUAD = 5, NOP = 6, STOP = 7 };
enum { IN_DMA4 = 6 };

static void put_le32(g3rig *r, uint32_t a, uint32_t v) { g3_wrle32(r, a, v); }
static uint32_t get_le32(g3rig *r, uint32_t a) { return g3_rdle32(r, a); }

/* One descriptor at `at`: command, key, i, b, w, reqCount, address, cmdDep. */
static void desc(g3rig *r, uint32_t at, unsigned cmd, unsigned key, unsigned i, unsigned b,
                 unsigned w, unsigned req, uint32_t addr, uint32_t dep)
{
    put_le32(r, at, (uint32_t)cmd << 28 | key << 24 | i << 20 | b << 18 | w << 16 | req);
    put_le32(r, at + 4, addr);
    put_le32(r, at + 8, dep);
    put_le32(r, at + 12, 0);
}

static void start(g3rig *r, unsigned ch, uint32_t prog)
{
    g3_wrle32(r, CH(ch) + CMDPTR, prog);
    g3_wrle32(r, CH(ch) + CONTROL, (uint32_t)RUN << 16 | RUN);
}

WW_TEST("chips/dbdma/store-quad-nop-stop", t_store)
{
    g3rig r;
    g3rig_init(&r);
    /* STORE_QUAD 0xCAFEF00D to 0x2000, a NOP, STOP. */
    desc(&r, 0x1000, STORE_QUAD, 6, 0, 0, 0, 4, 0x2000, 0xcafef00d);
    desc(&r, 0x1010, NOP, 0, 0, 0, 0, 0, 0, 0);
    desc(&r, 0x1020, STOP, 0, 0, 0, 0, 0, 0, 0);
    start(&r, 4, 0x1000);
    WW_CHECK_EQ(get_le32(&r, 0x2000), 0xcafef00d);
    /* Stopped at the STOP: RUN still set, ACTIVE clear, CommandPtr at it. */
    uint32_t st = g3_rdle32(&r, CH(4) + STATUS);
    WW_CHECK_EQ(st & (RUN | ACTIVE | DEAD), RUN);
    WW_CHECK_EQ(g3_rdle32(&r, CH(4) + CMDPTR), 0x1020);
    /* Each completed descriptor got its xferStatus (RUN|ACTIVE) written back. */
    WW_CHECK_EQ(get_le32(&r, 0x100c) >> 16, RUN | ACTIVE);
    g3rig_free(&r);
}

WW_TEST("chips/dbdma/load-quad", t_load)
{
    g3rig r;
    g3rig_init(&r);
    put_le32(&r, 0x3000, 0x11223344);
    desc(&r, 0x1000, LOAD_QUAD, 6, 0, 0, 0, 4, 0x3000, 0);
    desc(&r, 0x1010, STOP, 0, 0, 0, 0, 0, 0, 0);
    start(&r, 4, 0x1000);
    /* The value read lands in the descriptor's cmdDep word. */
    WW_CHECK_EQ(get_le32(&r, 0x1008), 0x11223344);
    g3rig_free(&r);
}

WW_TEST("chips/dbdma/interrupt-always", t_irq)
{
    g3rig r;
    g3rig_init(&r);
    /* i = 3 (always): one interrupt pulse per descriptor. */
    desc(&r, 0x1000, NOP, 0, 3, 0, 0, 0, 0, 0);
    desc(&r, 0x1010, NOP, 0, 3, 0, 0, 0, 0, 0);
    desc(&r, 0x1020, STOP, 0, 0, 0, 0, 0, 0, 0);
    start(&r, 4, 0x1000);
    WW_CHECK(g3_rises(&r, IN_DMA4) >= 1);
    g3rig_free(&r);
}

WW_TEST("chips/dbdma/branch-on-condition", t_branch)
{
    g3rig r;
    g3rig_init(&r);
    /* Branch if s0 is set (BranchSelect mask 1, value 1); s0 set via ChannelControl. */
    g3_wrle32(&r, CH(4) + BRANCH_SEL, 0x00010001);
    g3_wrle32(&r, CH(4) + CONTROL, 0x00010001);
    desc(&r, 0x1000, NOP, 0, 0, 1, 0, 0, 0, 0x1100);
    desc(&r, 0x1010, STORE_QUAD, 6, 0, 0, 0, 4, 0x2000, 0xbad);
    desc(&r, 0x1020, STOP, 0, 0, 0, 0, 0, 0, 0);
    desc(&r, 0x1100, STORE_QUAD, 6, 0, 0, 0, 4, 0x2000, 0x600d);
    desc(&r, 0x1110, STOP, 0, 0, 0, 0, 0, 0, 0);
    start(&r, 4, 0x1000);
    WW_CHECK_EQ(get_le32(&r, 0x2000), 0x600d);
    /* … and stopped at the STOP after the branch target. */
    WW_CHECK_EQ(g3_rdle32(&r, CH(4) + CMDPTR), 0x1110);
    g3rig_free(&r);
}

WW_TEST("chips/dbdma/looping-program-is-bounded", t_loop)
{
    g3rig r;
    g3rig_init(&r);
    /* A program that branches to itself forever runs in bounded steps: the
     * write returns, virtual time moves on, and clearing RUN stops it. */
    desc(&r, 0x1000, NOP, 0, 0, 3, 0, 0, 0, 0x1000);
    start(&r, 4, 0x1000);
    WW_CHECK(g3_rdle32(&r, CH(4) + STATUS) & ACTIVE);
    g3_advance(&r, 100000);
    WW_CHECK(g3_rdle32(&r, CH(4) + STATUS) & ACTIVE);
    g3_wrle32(&r, CH(4) + CONTROL, (uint32_t)RUN << 16);
    WW_CHECK_EQ(g3_rdle32(&r, CH(4) + STATUS) & (RUN | ACTIVE), 0);
    g3_advance(&r, 100000);
    g3rig_free(&r);
}

WW_TEST("chips/dbdma/descriptor-outside-ram-is-dead", t_dead)
{
    g3rig r;
    g3rig_init(&r);
    /* CommandPtr beyond RAM: the channel goes DEAD and interrupts; no host access. */
    start(&r, 4, 0x40000000);
    uint32_t st = g3_rdle32(&r, CH(4) + STATUS);
    WW_CHECK_EQ(st & (DEAD | ACTIVE), DEAD);
    WW_CHECK(g3_rises(&r, IN_DMA4) >= 1);
    /* A STORE_QUAD to the Mac I/O registers (MMIO) is refused the same way. */
    g3_wrle32(&r, CH(4) + CONTROL, (uint32_t)RUN << 16);
    desc(&r, 0x1000, STORE_QUAD, 6, 0, 0, 0, 4, MIO + 0x24, 0xffffffff);
    start(&r, 4, 0x1000);
    WW_CHECK(g3_rdle32(&r, CH(4) + STATUS) & DEAD);
    WW_CHECK_EQ(g3_rdle32(&r, MIO + 0x24), 0);
    g3rig_free(&r);
}

WW_TEST("chips/dbdma/output-waits-without-device", t_wait)
{
    g3rig r;
    g3rig_init(&r);
    /* These channels have no device: OUTPUT_MORE stays ACTIVE until stopped. */
    desc(&r, 0x1000, OUTPUT_MORE, 0, 0, 0, 0, 16, 0x2000, 0);
    start(&r, 4, 0x1000);
    g3_advance(&r, 10000);
    WW_CHECK_EQ(g3_rdle32(&r, CH(4) + STATUS) & (RUN | ACTIVE), RUN | ACTIVE);
    WW_CHECK_EQ(g3_rdle32(&r, CH(4) + CMDPTR), 0x1000);
    /* CommandPtr cannot be moved while running. */
    g3_wrle32(&r, CH(4) + CMDPTR, 0x5000);
    WW_CHECK_EQ(g3_rdle32(&r, CH(4) + CMDPTR), 0x1000);
    g3rig_free(&r);
}

WW_TEST("chips/dbdma/wake-after-stop", t_wake)
{
    g3rig r;
    g3rig_init(&r);
    /* A STOP, then the driver rewrites the descriptor and sets WAKE. */
    desc(&r, 0x1000, STOP, 0, 0, 0, 0, 0, 0, 0);
    start(&r, 4, 0x1000);
    WW_CHECK_EQ(g3_rdle32(&r, CH(4) + STATUS) & ACTIVE, 0);
    desc(&r, 0x1000, STORE_QUAD, 6, 0, 0, 0, 2, 0x2000, 0xbeef);
    desc(&r, 0x1010, STOP, 0, 0, 0, 0, 0, 0, 0);
    g3_wrle32(&r, CH(4) + CONTROL, (uint32_t)WAKE << 16 | WAKE);
    /* A 2-byte STORE_QUAD writes the low half only. */
    WW_CHECK_EQ(get_le32(&r, 0x2000), 0xbeef);
    WW_CHECK_EQ(g3_rdle32(&r, CH(4) + CMDPTR), 0x1010);
    g3rig_free(&r);
}
