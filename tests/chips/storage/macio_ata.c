/* tests/chips/storage/macio_ata.c — one Mac I/O ATA bus as OpenBIOS's ide.c
 * and Linux's pata_macio drive it: task-file register r at Mac I/O + 0x20000 +
 * (r << 4), alternate status at +0x160, the DBDMA channel at Mac I/O + 0x8B00.
 * The disk is a memory image whose byte k is (k * 7 + k / 512) & 0xff. */
#include "tests/chips/g3rig.h"

#define ATA(r) (MIO + 0x20000u + ((r) << 4))
enum { DATA = 0, ERR = 1, NSECT = 2, LBAL = 3, LBAM = 4, LBAH = 5, DEV = 6, CMD = 7 };
#define ALT (MIO + 0x20160u)
#define DMA(o) (MIO + 0x8B00u + (o))
enum { ST_ERR = 0x01, ST_DRQ = 0x08, ST_DRDY = 0x40, ST_BSY = 0x80 };
enum { IN_IRQ = 4, IN_DMAIRQ = 5 };

static uint8_t pattern(uint64_t k) { return (uint8_t)((k * 7 + k / 512) & 0xff); }

static void select_lba(g3rig *r, uint32_t lba, uint8_t count)
{
    g3_wr8(r, ATA(DEV), (uint8_t)(0xe0 | ((lba >> 24) & 0x0f)));
    g3_wr8(r, ATA(NSECT), count);
    g3_wr8(r, ATA(LBAL), (uint8_t)lba);
    g3_wr8(r, ATA(LBAM), (uint8_t)(lba >> 8));
    g3_wr8(r, ATA(LBAH), (uint8_t)(lba >> 16));
}

WW_TEST("chips/macio-ata/no-drive-reads-zero", t_nodrive)
{
    g3rig r;
    g3rig_init(&r);
    /* Without a disk the bus floats to 0: OpenBIOS's probe (write 0x55/0xAA
     * to the sector registers, read back) finds nothing. */
    g3_wr8(&r, ATA(NSECT), 0x55);
    g3_wr8(&r, ATA(LBAL), 0xaa);
    WW_CHECK_EQ(g3_rd8(&r, ATA(NSECT)), 0);
    WW_CHECK_EQ(g3_rd8(&r, ATA(CMD)), 0);
    /* A command to the missing drive does nothing, and never interrupts. */
    g3_wr8(&r, ATA(CMD), 0xec);
    WW_CHECK_EQ(g3_line(&r, IN_IRQ), 0);
    g3rig_free(&r);
}

WW_TEST("chips/macio-ata/identify", t_identify)
{
    g3rig r;
    g3rig_init(&r);
    g3rig_attach_disk(&r, 2048);
    /* Signature after reset, then IDENTIFY DEVICE: DRQ and an interrupt. */
    WW_CHECK_EQ(g3_rd8(&r, ATA(NSECT)), 1);
    WW_CHECK_EQ(g3_rd8(&r, ATA(LBAL)), 1);
    g3_wr8(&r, ATA(DEV), 0xa0);
    g3_wr8(&r, ATA(CMD), 0xec);
    WW_CHECK_EQ(g3_line(&r, IN_IRQ), 1);
    WW_CHECK_EQ(g3_rd8(&r, ALT) & (ST_DRQ | ST_BSY), ST_DRQ);
    WW_CHECK_EQ(g3_line(&r, IN_IRQ), 1);    /* the alternate status does not acknowledge */
    WW_CHECK_EQ(g3_rd8(&r, ATA(CMD)) & ST_DRQ, ST_DRQ);
    WW_CHECK_EQ(g3_line(&r, IN_IRQ), 0);
    uint16_t w[256];
    for (int i = 0; i < 256; i++)
        w[i] = g3_rdle16(&r, ATA(DATA));
    /* Word 49: LBA and DMA; words 60-61: the sector count; model string. */
    WW_CHECK_EQ(w[49] & 0x0300, 0x0300);
    WW_CHECK_EQ(w[60] | (uint32_t)w[61] << 16, 2048);
    WW_CHECK_EQ(w[27] >> 8, 'W');
    WW_CHECK_EQ(g3_rd8(&r, ATA(CMD)) & ST_DRQ, 0);
    g3rig_free(&r);
}

WW_TEST("chips/macio-ata/pio-read-sectors", t_pio_read)
{
    g3rig r;
    g3rig_init(&r);
    g3rig_attach_disk(&r, 64);
    /* READ SECTORS of 2 sectors from LBA 5: one interrupt per sector. */
    select_lba(&r, 5, 2);
    g3_wr8(&r, ATA(CMD), 0x20);
    for (unsigned s = 0; s < 2; s++) {
        WW_CHECK_EQ(g3_line(&r, IN_IRQ), 1);
        WW_CHECK(g3_rd8(&r, ATA(CMD)) & ST_DRQ);
        for (unsigned i = 0; i < 512; i += 2) {
            uint16_t v = g3_rdle16(&r, ATA(DATA));
            uint64_t k = (5 + s) * 512ull + i;
            WW_CHECK_EQ(v, pattern(k) | pattern(k + 1) << 8);
        }
    }
    uint8_t st = g3_rd8(&r, ATA(CMD));
    WW_CHECK_EQ(st & (ST_DRQ | ST_ERR | ST_BSY), 0);
    WW_CHECK(st & ST_DRDY);
    /* The LBA registers hold the last sector read. */
    WW_CHECK_EQ(g3_rd8(&r, ATA(LBAL)), 6);
    g3rig_free(&r);
}

WW_TEST("chips/macio-ata/pio-write-sectors", t_pio_write)
{
    g3rig r;
    g3rig_init(&r);
    g3rig_attach_disk(&r, 64);
    /* WRITE SECTORS of one sector at LBA 9, then read it back from the image. */
    select_lba(&r, 9, 1);
    g3_wr8(&r, ATA(CMD), 0x30);
    WW_CHECK(g3_rd8(&r, ALT) & ST_DRQ);
    for (unsigned i = 0; i < 256; i++)
        g3_wrle16(&r, ATA(DATA), (uint16_t)(i * 0x0101));
    WW_CHECK_EQ(g3_line(&r, IN_IRQ), 1);
    WW_CHECK_EQ(g3_rd8(&r, ATA(CMD)) & (ST_DRQ | ST_ERR), 0);
    uint8_t buf[512];
    GError *err = NULL;
    WW_CHECK_NOERR(ww_disk_read(r.disk, 9 * 512, buf, 512, &err), err);
    WW_CHECK_EQ(buf[2 * 7], 7);
    WW_CHECK_EQ(buf[2 * 200 + 1], 200);
    g3rig_free(&r);
}

WW_TEST("chips/macio-ata/absurd-count-and-lba", t_absurd)
{
    g3rig r;
    g3rig_init(&r);
    g3rig_attach_disk(&r, 64);
    /* 256 sectors (count 0) from LBA 10 of a 64-sector disk: IDNF, no data. */
    select_lba(&r, 10, 0);
    g3_wr8(&r, ATA(CMD), 0x20);
    uint8_t st = g3_rd8(&r, ATA(CMD));
    WW_CHECK_EQ(st & (ST_ERR | ST_DRQ), ST_ERR);
    WW_CHECK_EQ(g3_rd8(&r, ATA(ERR)), 0x10);
    /* An LBA far beyond the disk, by DMA: the same. */
    select_lba(&r, 0x0fffffff, 1);
    g3_wr8(&r, ATA(CMD), 0xc8);
    WW_CHECK_EQ(g3_rd8(&r, ATA(CMD)) & ST_ERR, ST_ERR);
    /* Reading the data register without a data phase returns all ones. */
    WW_CHECK_EQ(g3_rdle16(&r, ATA(DATA)), 0xffff);
    /* An unknown command is aborted. */
    g3_wr8(&r, ATA(CMD), 0x5a);
    WW_CHECK_EQ(g3_rd8(&r, ATA(ERR)), 0x04);
    g3rig_free(&r);
}

WW_TEST("chips/macio-ata/dma-read", t_dma_read)
{
    g3rig r;
    g3rig_init(&r);
    g3rig_attach_disk(&r, 64);
    /* pata_macio's program: INPUT_MORE 512 → 0x10000, INPUT_LAST 512 → 0x20000, STOP. */
    g3_wrle32(&r, 0x1000, 0x20000000u | 512);
    g3_wrle32(&r, 0x1004, 0x10000);
    g3_wrle32(&r, 0x1010, 0x30000000u | 512);
    g3_wrle32(&r, 0x1014, 0x20000);
    g3_wrle32(&r, 0x1020, 0x70000000u);
    g3_wrle32(&r, DMA(0x0c), 0x1000);
    g3_wrle32(&r, DMA(0x00), 0x80008000u);   /* RUN */
    /* READ DMA of two sectors from LBA 3. */
    select_lba(&r, 3, 2);
    g3_wr8(&r, ATA(CMD), 0xc8);
    WW_CHECK_EQ(g3_line(&r, IN_IRQ), 1);
    WW_CHECK_EQ(g3_rd8(&r, ATA(CMD)) & (ST_BSY | ST_DRQ | ST_ERR), 0);
    for (unsigned i = 0; i < 512; i += 4) {
        uint32_t a = g3_rd32(&r, 0x10000 + i), b = g3_rd32(&r, 0x20000 + i);
        uint64_t k = 3 * 512ull + i, m = 4 * 512ull + i;
        WW_CHECK_EQ(a, (uint32_t)pattern(k) << 24 | pattern(k + 1) << 16 |
                       pattern(k + 2) << 8 | pattern(k + 3));
        WW_CHECK_EQ(b, (uint32_t)pattern(m) << 24 | pattern(m + 1) << 16 |
                       pattern(m + 2) << 8 | pattern(m + 3));
    }
    /* The descriptors report resCount 0; the channel stopped at the STOP. */
    WW_CHECK_EQ(g3_rdle32(&r, 0x100c) & 0xffff, 0);
    WW_CHECK_EQ(g3_rdle32(&r, DMA(0x0c)), 0x1020);
    g3rig_free(&r);
}

WW_TEST("chips/macio-ata/dma-write-outside-ram", t_dma_bad)
{
    g3rig r;
    g3rig_init(&r);
    g3rig_attach_disk(&r, 64);
    /* WRITE DMA whose buffer is beyond RAM: the channel dies, the command aborts,
     * the disk is unchanged. */
    g3_wrle32(&r, 0x1000, 0x10000000u | 512);   /* OUTPUT_LAST */
    g3_wrle32(&r, 0x1004, 0x7ffff000u);
    g3_wrle32(&r, 0x1010, 0x70000000u);
    g3_wrle32(&r, DMA(0x0c), 0x1000);
    g3_wrle32(&r, DMA(0x00), 0x80008000u);
    select_lba(&r, 1, 1);
    g3_wr8(&r, ATA(CMD), 0xca);
    WW_CHECK(g3_rdle32(&r, DMA(0x04)) & 0x0800);   /* DEAD */
    WW_CHECK_EQ(g3_rd8(&r, ATA(CMD)) & ST_ERR, ST_ERR);
    uint8_t buf[512];
    GError *err = NULL;
    WW_CHECK_NOERR(ww_disk_read(r.disk, 512, buf, 512, &err), err);
    WW_CHECK_EQ(buf[0], pattern(512));
    g3rig_free(&r);
}

WW_TEST("chips/macio-ata/srst-and-nien", t_srst)
{
    g3rig r;
    g3rig_init(&r);
    g3rig_attach_disk(&r, 64);
    /* nIEN masks INTRQ; SRST puts the signature back. */
    g3_wr8(&r, ALT, 0x02);
    g3_wr8(&r, ATA(DEV), 0xa0);
    g3_wr8(&r, ATA(CMD), 0xe7);                 /* FLUSH CACHE */
    WW_CHECK_EQ(g3_line(&r, IN_IRQ), 0);
    g3_wr8(&r, ALT, 0x00);
    WW_CHECK_EQ(g3_line(&r, IN_IRQ), 1);
    g3_wr8(&r, ATA(NSECT), 0x33);
    g3_wr8(&r, ALT, 0x04);
    g3_wr8(&r, ALT, 0x00);
    WW_CHECK_EQ(g3_rd8(&r, ATA(NSECT)), 1);
    WW_CHECK_EQ(g3_line(&r, IN_IRQ), 0);
    /* The timing register keeps what pata_macio writes. */
    g3_wrle32(&r, MIO + 0x20200, 0x00074526);
    WW_CHECK_EQ(g3_rdle32(&r, MIO + 0x20200), 0x00074526);
    g3rig_free(&r);
}
