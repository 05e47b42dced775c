/* tests/chips/storage/scsi.c — the NCR 53C96 and the SCSI disk on the Quadra
 * 800, driven as Linux's esp_scsi.c + mac_esp.c drive them: registers every
 * 16 bytes at 0x50F10000, pseudo-DMA as 16-bit accesses at +0x100, DRQ on
 * VIA2 CA2, the interrupt on VIA2 CB2 (level 2). Selection with DMA'd command
 * bytes, INQUIRY, READ CAPACITY, READ and WRITE through the pseudo-DMA,
 * REQUEST SENSE after an error, a missing target (selection time-out), SCSI
 * bus reset, select-and-stop with a refused synchronous negotiation, and bad
 * input (absurd lengths, commands in the wrong phase, pseudo-DMA past the
 * count, LBAs past the end). */
#include "tests/chips/qrig.h"
#include "chips/apple/via6522.h"

enum { TCLO = 0, TCMID = 1, FIFO = 2, CMD = 3, STATUS = 4, INTR = 5, SEQ = 6, FFLAGS = 7,
       CFG1 = 8, CCF = 9, CFG2 = 11, CFG3 = 12 };
enum { BUSID = 4, TIMEO = 5 };
enum { IN_FC = 0x08, IN_BS = 0x10, IN_DC = 0x20, IN_ILL = 0x40, IN_RST = 0x80 };
enum { PH_DOUT = 0, PH_DIN = 1, PH_CMD = 2, PH_STAT = 3, PH_MOUT = 6, PH_MIN = 7 };

#define SECTORS 2048u

typedef struct { uint8_t status, seq, intr; } esp_int;

static uint8_t er(qrig *r, unsigned reg) { return q_rd8(r, QESP(reg)); }
static void ew(qrig *r, unsigned reg, uint8_t v) { q_wr8(r, QESP(reg), v); }

static ww_disk *attach(qrig *r)
{
    ww_disk *d = ww_disk_new_memory("scsi-test", (uint64_t)SECTORS * 512, false);
    uint8_t buf[512];
    GError *err = NULL;
    for (unsigned s = 0; s < SECTORS; s++) {
        for (unsigned i = 0; i < 512; i++)
            buf[i] = (uint8_t)(s * 3 + i);
        WW_CHECK_NOERR(ww_disk_write(d, (uint64_t)s * 512, buf, 512, &err), err);
    }
    WW_CHECK_NOERR(ww_machine_bind_id(r->m, "hd0", d, &err), err);
    return d;
}

static void host_init(qrig *r)
{
    /* esp_reset_esp as on the Quadra: reset, ID 7 with parity, cfg2/cfg3,
     * clock conversion 4 (16.5 MHz), the 250 ms selection time-out. */
    ew(r, CMD, 0x02);
    ew(r, CMD, 0x80);
    ew(r, CFG1, 0x17);
    ew(r, CFG2, 0x0a);
    ew(r, CFG3, 0x00);
    ew(r, CCF, 4);
    ew(r, TIMEO, 125);
    (void)er(r, INTR);
    q_wr8(r, QVIA2(VIA_PCR), 0x22);
    q_wr8(r, QVIA2(VIA_IFR), 0x7f);
}

/* Wait for the interrupt (at most `ms`), read status, step and interrupt. */
static esp_int wait_int(qrig *r, unsigned ms)
{
    for (unsigned i = 0; i < ms * 100 && !(er(r, STATUS) & 0x80); i++)
        q_advance(r, 10000);
    esp_int x = { er(r, STATUS), er(r, SEQ), 0 };
    x.intr = er(r, INTR);
    return x;
}

static void pdma_write(qrig *r, const uint8_t *p, unsigned n)
{
    unsigned i = 0;
    for (; i + 1 < n; i += 2)
        q_wr16(r, QPDMA, (uint16_t)(p[i] << 8 | p[i + 1]));
    if (i < n)
        q_wr8(r, QPDMA, p[i]);
}

static void pdma_read(qrig *r, uint8_t *p, unsigned n)
{
    unsigned i = 0;
    for (; i + 1 < n; i += 2) {
        uint16_t w = q_rd16(r, QPDMA);
        p[i] = (uint8_t)(w >> 8);
        p[i + 1] = (uint8_t)w;
    }
    if (i < n)
        p[i] = q_rd8(r, QPDMA);
}

/* mac_esp_send_pdma_cmd for a select with ATN: IDENTIFY then the CDB. */
static esp_int select_cmd(qrig *r, unsigned id, const uint8_t *cdb, unsigned len)
{
    uint8_t blk[17] = { 0x80 };
    memcpy(blk + 1, cdb, len);
    ew(r, CMD, 0x01);
    ew(r, TCLO, (uint8_t)(len + 1));
    ew(r, TCMID, 0);
    ew(r, BUSID, (uint8_t)id);
    ew(r, CMD, 0xc2);
    pdma_write(r, blk, len + 1);
    return wait_int(r, 1000);
}

/* The status phase: ICCS, status and message from the FIFO, MOK, disconnect. */
static uint8_t finish_cmd(qrig *r)
{
    ew(r, CMD, 0x01);
    ew(r, CMD, 0x11);
    esp_int x = wait_int(r, 10);
    WW_CHECK_EQ(x.intr, IN_FC);
    WW_CHECK_EQ(er(r, FFLAGS) & 0x1f, 2);
    uint8_t st = er(r, FIFO), msg = er(r, FIFO);
    WW_CHECK_EQ(msg, 0x00);                   /* COMMAND COMPLETE */
    ew(r, CMD, 0x12);
    x = wait_int(r, 10);
    WW_CHECK_EQ(x.intr, IN_DC);
    return st;
}

/* A whole command with a data-in phase of `n` bytes; returns the status byte. */
static int cmd_in(qrig *r, const uint8_t *cdb, unsigned len, uint8_t *buf, unsigned n)
{
    esp_int x = select_cmd(r, 0, cdb, len);
    if (x.intr != (IN_FC | IN_BS) || x.seq != 4)
        return -1;
    if ((x.status & 7) == PH_DIN) {
        ew(r, TCLO, (uint8_t)n);
        ew(r, TCMID, (uint8_t)(n >> 8));
        ew(r, CMD, 0x90);
        pdma_read(r, buf, n);
        x = wait_int(r, 10);
        if (x.intr != IN_BS)
            return -2;
    }
    if ((x.status & 7) != PH_STAT)
        return -3;
    return finish_cmd(r);
}

WW_TEST("chips/ncr53c9x/revision-probe", t_rev)
{
    qrig r;
    qrig_init(&r);
    /* esp_get_revision: configuration 2 and 3 read back, so a 53C9x ("ESP236"). */
    ew(&r, CFG2, 0x0a);
    WW_CHECK_EQ(er(&r, CFG2) & ~0xe0, 0x0a);
    ew(&r, CFG3, 5);
    WW_CHECK_EQ(er(&r, CFG3), 5);
    /* Chip reset clears the configuration; FIFO flags count bytes written. */
    ew(&r, CMD, 0x02);
    WW_CHECK_EQ(er(&r, CFG3), 0);
    ew(&r, FIFO, 1);
    ew(&r, FIFO, 2);
    WW_CHECK_EQ(er(&r, FFLAGS) & 0x1f, 2);
    ew(&r, CMD, 0x01);
    WW_CHECK_EQ(er(&r, FFLAGS) & 0x1f, 0);
    qrig_free(&r);
}

WW_TEST("chips/ncr53c9x/inquiry-through-pdma", t_inquiry)
{
    qrig r;
    qrig_init(&r);
    ww_disk *d = attach(&r);
    host_init(&r);
    uint8_t cdb[6] = { 0x12, 0, 0, 0, 36, 0 }, buf[64];
    /* Select with ATN + DMA: DRQ falls on VIA2 CA2 (the IFR flag mac_esp polls). */
    esp_int x = select_cmd(&r, 0, cdb, 6);
    WW_CHECK(q_rd8(&r, QVIA2(VIA_IFR)) & VIA_IFR_CA2);
    /* Function complete + bus service, step 4, now in data in. */
    WW_CHECK_EQ(x.intr, IN_FC | IN_BS);
    WW_CHECK_EQ(x.seq, 4);
    WW_CHECK_EQ(x.status & 7, PH_DIN);
    /* TI with DMA, 36 bytes by 16-bit pseudo-DMA reads. */
    ew(&r, TCLO, 36);
    ew(&r, TCMID, 0);
    ew(&r, CMD, 0x90);
    pdma_read(&r, buf, 36);
    x = wait_int(&r, 10);
    WW_CHECK_EQ(x.intr, IN_BS);
    WW_CHECK(x.status & 0x10);                /* terminal count */
    WW_CHECK_EQ(x.status & 7, PH_STAT);
    WW_CHECK_EQ(er(&r, TCLO) | er(&r, TCMID), 0);
    WW_CHECK_EQ(buf[0], 0x00);                /* direct access */
    WW_CHECK_EQ(buf[2], 0x02);                /* SCSI-2 */
    WW_CHECK(!memcmp(buf + 8, "WIREWRAP", 8));
    WW_CHECK_EQ(finish_cmd(&r), 0x00);
    qrig_free(&r);
    ww_disk_free(d);
}

WW_TEST("chips/ncr53c9x/read-capacity-and-read10", t_read)
{
    qrig r;
    qrig_init(&r);
    ww_disk *d = attach(&r);
    host_init(&r);
    uint8_t buf[4096];
    uint8_t rc[10] = { 0x25 };
    WW_CHECK_EQ(cmd_in(&r, rc, 10, buf, 8), 0);
    WW_CHECK_EQ((uint32_t)buf[0] << 24 | buf[1] << 16 | buf[2] << 8 | buf[3], SECTORS - 1);
    WW_CHECK_EQ((uint32_t)buf[4] << 24 | buf[5] << 16 | buf[6] << 8 | buf[7], 512);
    /* READ(10) of 8 blocks at 100: the pattern s * 3 + i. */
    uint8_t rd[10] = { 0x28, 0, 0, 0, 0, 100, 0, 0, 8, 0 };
    WW_CHECK_EQ(cmd_in(&r, rd, 10, buf, 4096), 0);
    for (unsigned k = 0; k < 4096; k++)
        if (buf[k] != (uint8_t)((100 + k / 512) * 3 + k % 512))
            ww_test_fail_at(__FILE__, __LINE__, "byte %u: 0x%02x", k, buf[k]);
    qrig_free(&r);
    ww_disk_free(d);
}

WW_TEST("chips/ncr53c9x/write10-then-read", t_write)
{
    qrig r;
    qrig_init(&r);
    ww_disk *d = attach(&r);
    host_init(&r);
    uint8_t wr[10] = { 0x2a, 0, 0, 0, 0, 7, 0, 0, 2, 0 }, data[1024], back[1024];
    for (unsigned i = 0; i < 1024; i++)
        data[i] = (uint8_t)(i ^ 0xa5);
    esp_int x = select_cmd(&r, 0, wr, 10);
    WW_CHECK_EQ(x.intr, IN_FC | IN_BS);
    WW_CHECK_EQ(x.status & 7, PH_DOUT);
    /* TI with DMA out: pseudo-DMA writes. */
    ew(&r, TCLO, 0);
    ew(&r, TCMID, 4);
    ew(&r, CMD, 0x90);
    pdma_write(&r, data, 1024);
    x = wait_int(&r, 10);
    WW_CHECK_EQ(x.intr, IN_BS);
    WW_CHECK_EQ(x.status & 7, PH_STAT);
    WW_CHECK_EQ(finish_cmd(&r), 0);
    /* The medium has it; a READ(10) gives it back. */
    GError *err = NULL;
    WW_CHECK_NOERR(ww_disk_read(d, 7 * 512, back, 1024, &err), err);
    WW_CHECK(!memcmp(back, data, 1024));
    uint8_t rd[10] = { 0x28, 0, 0, 0, 0, 7, 0, 0, 2, 0 };
    memset(back, 0, sizeof back);
    WW_CHECK_EQ(cmd_in(&r, rd, 10, back, 1024), 0);
    WW_CHECK(!memcmp(back, data, 1024));
    qrig_free(&r);
    ww_disk_free(d);
}

WW_TEST("chips/ncr53c9x/missing-target-times-out", t_missing)
{
    qrig r;
    qrig_init(&r);
    ww_disk *d = attach(&r);
    host_init(&r);
    uint8_t tur[6] = { 0 };
    uint8_t blk[7] = { 0x80 };
    /* Target 3 does not exist: the chip still asks for the selection's bytes
     * (DRQ: VIA2's CA2 flag) and takes them into its FIFO, as mac_esp.c
     * writes them before it waits; disconnect after ~250 ms, step 0. */
    ew(&r, CMD, 0x01);
    ew(&r, TCLO, 7);
    ew(&r, TCMID, 0);
    ew(&r, BUSID, 3);
    ew(&r, CMD, 0xc2);
    WW_CHECK(q_rd8(&r, QVIA2(VIA_IFR)) & VIA_IFR_CA2);
    pdma_write(&r, blk, 7);
    WW_CHECK_EQ(er(&r, FFLAGS) & 0x1f, 7);
    WW_CHECK_EQ(er(&r, TCLO), 0);
    WW_CHECK(er(&r, STATUS) & 0x10);          /* terminal count */
    q_advance(&r, 200000000);
    WW_CHECK_EQ(er(&r, STATUS) & 0x80, 0);
    q_advance(&r, 60000000);
    WW_CHECK(er(&r, STATUS) & 0x80);
    /* The interrupt reached the CPU at level 2 once enabled in VIA2. */
    q_wr8(&r, QVIA2(VIA_IER), 0x80 | VIA_IFR_CB2);
    WW_CHECK_EQ(q_ipl(&r), 2);
    WW_CHECK_EQ(er(&r, SEQ), 0);
    WW_CHECK_EQ(er(&r, INTR), IN_DC);
    WW_CHECK_EQ(er(&r, STATUS) & 0x80, 0);
    /* Pseudo-DMA writes now take nothing (the DRQ flag stays set in VIA2's
     * IFR: mac_esp may write anyway); the bytes wait in the FIFO until a
     * flush, and the disk at 0 still works afterwards. */
    pdma_write(&r, tur, 6);
    WW_CHECK_EQ(er(&r, FFLAGS) & 0x1f, 7);
    WW_CHECK_EQ(er(&r, STATUS) & 0x80, 0);
    WW_CHECK_EQ(cmd_in(&r, tur, 6, NULL, 0), 0);
    qrig_free(&r);
    ww_disk_free(d);
}

WW_TEST("chips/ncr53c9x/missing-target-prefetch-bounded", t_missing_full)
{
    /* A DMA selection of an absent target with a count past the FIFO: the
     * chip takes 16 bytes and no more (the rest are dropped, the counter
     * keeps what is left); a FIFO flush empties it after the disconnect. */
    qrig r;
    qrig_init(&r);
    ww_disk *d = attach(&r);
    host_init(&r);
    uint8_t blk[40];
    memset(blk, 0x5a, sizeof blk);
    ew(&r, CMD, 0x01);
    ew(&r, TCLO, 40);
    ew(&r, TCMID, 0);
    ew(&r, BUSID, 5);
    ew(&r, CMD, 0xc2);
    pdma_write(&r, blk, 40);
    WW_CHECK_EQ(er(&r, FFLAGS) & 0x1f, 16);
    WW_CHECK_EQ(er(&r, TCLO), 24);
    WW_CHECK_EQ(er(&r, STATUS) & 0x10, 0);
    esp_int x = wait_int(&r, 400);
    WW_CHECK_EQ(x.intr, IN_DC);
    WW_CHECK_EQ(x.seq, 0);
    ew(&r, CMD, 0x01);
    WW_CHECK_EQ(er(&r, FFLAGS) & 0x1f, 0);
    uint8_t tur[6] = { 0 };
    WW_CHECK_EQ(cmd_in(&r, tur, 6, NULL, 0), 0);
    qrig_free(&r);
    ww_disk_free(d);
}

WW_TEST("chips/ncr53c9x/check-condition-and-sense", t_sense)
{
    qrig r;
    qrig_init(&r);
    ww_disk *d = attach(&r);
    host_init(&r);
    uint8_t buf[32];
    /* READ(10) past the end: CHECK CONDITION, no data phase. */
    uint8_t rd[10] = { 0x28, 0, 0, 0, 0x10, 0, 0, 0, 1, 0 };
    WW_CHECK_EQ(cmd_in(&r, rd, 10, buf, 512), 0x02);
    /* REQUEST SENSE: ILLEGAL REQUEST, LBA out of range (0x21). */
    uint8_t rs[6] = { 0x03, 0, 0, 0, 18, 0 };
    WW_CHECK_EQ(cmd_in(&r, rs, 6, buf, 18), 0);
    WW_CHECK_EQ(buf[0], 0x70);
    WW_CHECK_EQ(buf[2], 0x05);
    WW_CHECK_EQ(buf[12], 0x21);
    /* An unknown opcode: ILLEGAL REQUEST, invalid opcode (0x20). */
    uint8_t bad[6] = { 0xc7, 0, 0, 0, 0, 0 };
    WW_CHECK_EQ(cmd_in(&r, bad, 6, buf, 0), 0x02);
    WW_CHECK_EQ(cmd_in(&r, rs, 6, buf, 18), 0);
    WW_CHECK_EQ(buf[12], 0x20);
    /* LUN 3 answers INQUIRY with qualifier 3 (no device). */
    uint8_t blk[7] = { 0x83, 0x12, 0x60, 0, 0, 36, 0 };
    ew(&r, CMD, 0x01);
    ew(&r, TCLO, 7);
    ew(&r, TCMID, 0);
    ew(&r, BUSID, 0);
    ew(&r, CMD, 0xc2);
    pdma_write(&r, blk, 7);
    esp_int x = wait_int(&r, 10);
    WW_CHECK_EQ(x.status & 7, PH_DIN);
    ew(&r, TCLO, 36);
    ew(&r, CMD, 0x90);
    pdma_read(&r, buf, 32);
    pdma_read(&r, buf, 4);
    WW_CHECK_EQ(wait_int(&r, 10).intr, IN_BS);
    WW_CHECK_EQ(finish_cmd(&r), 0);
    qrig_free(&r);
    ww_disk_free(d);
}

WW_TEST("chips/ncr53c9x/short-data-phase", t_short)
{
    qrig r;
    qrig_init(&r);
    ww_disk *d = attach(&r);
    host_init(&r);
    uint8_t buf[96];
    /* REQUEST SENSE with 96 bytes of count: the target stops after 18, the
     * transfer ends with bus service in status and 78 left in the counter;
     * the host's extra pseudo-DMA reads give 0 (as mac_esp's loop does them). */
    uint8_t rs[6] = { 0x03, 0, 0, 0, 96, 0 };
    esp_int x = select_cmd(&r, 0, rs, 6);
    WW_CHECK_EQ(x.status & 7, PH_DIN);
    ew(&r, TCLO, 96);
    ew(&r, TCMID, 0);
    ew(&r, CMD, 0x90);
    pdma_read(&r, buf, 96);
    x = wait_int(&r, 10);
    WW_CHECK_EQ(x.intr, IN_BS);
    WW_CHECK_EQ(x.status & 7, PH_STAT);
    WW_CHECK_EQ(er(&r, TCLO), 78);
    WW_CHECK_EQ(buf[18], 0);
    WW_CHECK_EQ(finish_cmd(&r), 0);
    qrig_free(&r);
    ww_disk_free(d);
}

WW_TEST("chips/ncr53c9x/select-and-stop-sdtr-rejected", t_sdtr)
{
    qrig r;
    qrig_init(&r);
    ww_disk *d = attach(&r);
    host_init(&r);
    /* Select with ATN and stop: IDENTIFY sent, stopped in message out, step 1. */
    ew(&r, CMD, 0x01);
    ew(&r, FIFO, 0x80);
    ew(&r, BUSID, 0);
    ew(&r, CMD, 0x43);
    esp_int x = wait_int(&r, 10);
    WW_CHECK_EQ(x.intr, IN_FC | IN_BS);
    WW_CHECK_EQ(x.seq, 1);
    WW_CHECK_EQ(x.status & 7, PH_MOUT);
    /* The SDTR message (5 bytes) through the FIFO: the target answers
     * MESSAGE REJECT in message in. */
    const uint8_t sdtr[5] = { 0x01, 0x03, 0x01, 25, 15 };
    ew(&r, CMD, 0x01);
    for (unsigned i = 0; i < 5; i++)
        ew(&r, FIFO, sdtr[i]);
    ew(&r, CMD, 0x10);
    x = wait_int(&r, 10);
    WW_CHECK_EQ(x.intr, IN_BS);
    WW_CHECK_EQ(x.status & 7, PH_MIN);
    /* TI in message in: one byte, ACK held, function complete. */
    ew(&r, CMD, 0x01);
    ew(&r, CMD, 0x10);
    x = wait_int(&r, 10);
    WW_CHECK_EQ(x.intr, IN_FC);
    WW_CHECK_EQ(er(&r, FIFO), 0x07);
    /* Message accepted: the target goes to command phase. */
    ew(&r, CMD, 0x12);
    x = wait_int(&r, 10);
    WW_CHECK_EQ(x.intr, IN_BS);
    WW_CHECK_EQ(x.status & 7, PH_CMD);
    /* The CDB by DMA TI: TEST UNIT READY, then status. */
    uint8_t tur[6] = { 0 };
    ew(&r, TCLO, 6);
    ew(&r, TCMID, 0);
    ew(&r, CMD, 0x90);
    pdma_write(&r, tur, 6);
    x = wait_int(&r, 10);
    WW_CHECK_EQ(x.intr, IN_BS);
    WW_CHECK_EQ(x.status & 7, PH_STAT);
    WW_CHECK_EQ(finish_cmd(&r), 0);
    qrig_free(&r);
    ww_disk_free(d);
}

WW_TEST("chips/ncr53c9x/bus-reset", t_busreset)
{
    qrig r;
    qrig_init(&r);
    ww_disk *d = attach(&r);
    host_init(&r);
    /* Reset with configuration 1 bit 6 set (esp_bootup_reset): no interrupt. */
    ew(&r, CFG1, 0x57);
    ew(&r, CMD, 0x03);
    q_advance(&r, 100000);
    WW_CHECK_EQ(er(&r, STATUS) & 0x80, 0);
    /* Without it: the SCSI reset interrupt. */
    ew(&r, CFG1, 0x17);
    ew(&r, CMD, 0x03);
    esp_int x = wait_int(&r, 10);
    WW_CHECK_EQ(x.intr, IN_RST);
    /* A reset in the middle of a command frees the bus. */
    uint8_t rd[10] = { 0x28, 0, 0, 0, 0, 0, 0, 0, 4, 0 };
    x = select_cmd(&r, 0, rd, 10);
    WW_CHECK_EQ(x.status & 7, PH_DIN);
    ew(&r, CMD, 0x03);
    x = wait_int(&r, 10);
    WW_CHECK_EQ(x.intr, IN_RST);
    uint8_t tur[6] = { 0 };
    WW_CHECK_EQ(cmd_in(&r, tur, 6, NULL, 0), 0);
    qrig_free(&r);
    ww_disk_free(d);
}

WW_TEST("chips/ncr53c9x/commands-out-of-order", t_order)
{
    qrig r;
    qrig_init(&r);
    ww_disk *d = attach(&r);
    host_init(&r);
    /* Transfer, ICCS, message accepted with nothing connected: illegal command. */
    static const uint8_t cmds[] = { 0x10, 0x90, 0x11, 0x12, 0x18 };
    for (unsigned i = 0; i < sizeof cmds; i++) {
        ew(&r, CMD, cmds[i]);
        WW_CHECK_EQ(wait_int(&r, 10).intr, IN_ILL);
    }
    /* Target-mode commands: illegal too. */
    ew(&r, CMD, 0x22);
    WW_CHECK_EQ(wait_int(&r, 10).intr, IN_ILL);
    /* ICCS in data in phase: bus service, nothing consumed. */
    uint8_t rd[10] = { 0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0 };
    esp_int x = select_cmd(&r, 0, rd, 10);
    WW_CHECK_EQ(x.status & 7, PH_DIN);
    ew(&r, CMD, 0x11);
    x = wait_int(&r, 10);
    WW_CHECK_EQ(x.intr, IN_BS);
    /* A second selection while connected: illegal. */
    ew(&r, CMD, 0x42);
    WW_CHECK_EQ(wait_int(&r, 10).intr, IN_ILL);
    /* The data still comes, then status. */
    uint8_t buf[512];
    ew(&r, TCLO, 0);
    ew(&r, TCMID, 2);
    ew(&r, CMD, 0x90);
    pdma_read(&r, buf, 512);
    WW_CHECK_EQ(wait_int(&r, 10).intr, IN_BS);
    WW_CHECK_EQ(buf[5], 5);
    WW_CHECK_EQ(finish_cmd(&r), 0);
    qrig_free(&r);
    ww_disk_free(d);
}

WW_TEST("chips/ncr53c9x/absurd-lengths-and-pdma", t_absurd)
{
    qrig r;
    qrig_init(&r);
    ww_disk *d = attach(&r);
    host_init(&r);
    /* READ(10) of 65535 blocks: beyond the disk, refused before any byte. */
    uint8_t big[10] = { 0x28, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0 };
    WW_CHECK_EQ(cmd_in(&r, big, 10, NULL, 0), 0x02);
    /* READ(6) with 0 blocks means 256: fine on a 2048-block disk. */
    uint8_t r6[6] = { 0x08, 0, 0, 0, 0, 0 };
    esp_int x = select_cmd(&r, 0, r6, 6);
    WW_CHECK_EQ(x.status & 7, PH_DIN);
    /* Pseudo-DMA before a DMA command: 0 and nothing moves. */
    WW_CHECK_EQ(q_rd16(&r, QPDMA), 0);
    /* The counter at 0 is 64 KiB; read 128 KiB of pseudo-DMA: the first
     * 64 KiB come, the transfer ends with bus service, the rest are zeros. */
    ew(&r, TCLO, 0);
    ew(&r, TCMID, 0);
    ew(&r, CMD, 0x90);
    uint8_t *buf = g_malloc(131072);
    pdma_read(&r, buf, 131072);
    x = wait_int(&r, 10);
    WW_CHECK_EQ(x.intr, IN_BS);
    WW_CHECK_EQ(x.status & 7, PH_DIN);        /* 64 KiB of the 128 KiB left */
    WW_CHECK_EQ(buf[65536 + 3], 0);
    WW_CHECK_EQ(buf[512 + 1], (uint8_t)(1 * 3 + 1));
    g_free(buf);
    /* A bus reset gets out of it. */
    ew(&r, CMD, 0x03);
    WW_CHECK_EQ(wait_int(&r, 10).intr, IN_RST);
    /* Random register writes, then a normal command. */
    uint32_t s = 7;
    for (unsigned i = 0; i < 2000; i++) {
        s = s * 1664525u + 1013904223u;
        unsigned reg = (s >> 8) & 15;
        if (reg == CMD && ((s >> 16) & 0x7f) == 0x03)
            continue;
        ew(&r, reg, (uint8_t)(s >> 16));
        if (s & 0x80000000u)
            (void)q_rd16(&r, QPDMA);
        q_advance(&r, 1000);
    }
    ew(&r, CMD, 0x02);
    ew(&r, CMD, 0x03);
    q_advance(&r, 300000000);
    host_init(&r);
    uint8_t tur[6] = { 0 };
    WW_CHECK_EQ(cmd_in(&r, tur, 6, NULL, 0), 0);
    qrig_free(&r);
    ww_disk_free(d);
}
