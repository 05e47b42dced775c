/* chips/storage/macio_ata.c — one ATA bus of Apple's Mac I/O ASICs (Heathrow,
 * Paddington, KeyLargo): the ATA task-file registers spread 16 bytes apart, the
 * timing register, and the bus's own DBDMA channel, with up to two ATA disks.
 *
 * Sources: ATA/ATAPI-6 (T13 1410D rev. 3b): §7 register block (data, error/
 * features, sector count, LBA low/mid/high, device, status/command, alternate
 * status/device control: BSY DRDY DF DRQ ERR, nIEN, SRST), §8 commands used
 * here (IDENTIFY DEVICE 0xEC with the words of table 27, READ/WRITE SECTOR(S)
 * 0x20/0x30, READ/WRITE DMA 0xC8/0xCA, SET FEATURES 0xEF, SET MULTIPLE 0xC6,
 * INITIALIZE DEVICE PARAMETERS 0x91, FLUSH CACHE 0xE7, the power commands
 * 0xE0-0xE5; anything else: ABRT); Linux drivers/ata/pata_macio.c (task file
 * at reg << 4, control/alternate status at 0x160, the timing register at
 * 0x200, the DBDMA channel from the node's second "reg": Mac I/O 0x8B00 + bus
 * × 0x200; the DBDMA programs it builds: INPUT/OUTPUT_MORE/LAST then STOP);
 * QEMU hw/ide/macio.c for the same layout (registers read 0 with no drive).
 *
 *             +-----------------+
 *   ata     → | task file ×16 B |→ irq     (INTRQ, unless nIEN)
 *   dma     → | DBDMA channel   |→ dmairq  (a pulse per interrupting descriptor)
 *   disk@0,1 ⇄ master / slave   |← bus-master "mem": descriptors and data
 *             +-----------------+
 *
 * Commands complete at once (the device is never BSY for longer than the
 * register write); PIO data moves a sector at a time through a 512-byte
 * buffer, DMA through the channel's INPUT/OUTPUT descriptors, in chunks of at
 * most 64 KiB per step. Every count and LBA a guest writes is checked against
 * the disk (beyond it: IDNF) and a sector count of 0 means 256. Not modelled:
 * ATAPI (PACKET devices), LBA48, CHS addressing (LBA only; IDENTIFY reports a
 * nominal 16/63 geometry), the timing register's effect, UDMA, media change.
 * Test: tests/chips/storage/macio_ata.c
 */
#include "core/chip.h"
#include "core/backend.h"
#include "core/dma.h"
#include "chips/dma/dbdma.h"

#define SECTOR 512
#define STEP_NS 1000
#define NDRIVE 2

typedef struct {
    ww_chip chip;
    /* task file (shadowed for both drives, as on a real bus) */
    uint8_t feature, error, nsect, lbal, lbam, lbah, device, status, devctl;
    uint32_t timing;
    /* the current command's data phase */
    uint8_t buf[SECTOR];
    uint16_t buf_pos;        /* bytes of buf moved by PIO */
    uint8_t pio_in, pio_out; /* a PIO data phase is going on (DRQ) */
    uint8_t dma_dir;         /* 0 none, 1 read (device → memory), 2 write */
    uint32_t lba, remaining; /* next sector, sectors left in the command */
    uint8_t irq_pending;
    uint8_t drive;           /* selected drive (DEV bit) */
    dbdma_chan ch;
    ww_timer step;
    ww_line irq, dmairq;
    ww_disk *disk[NDRIVE];
} macio_ata_t;

/* Register offsets: task-file register r at r << 4 (pata_macio). */
enum { R_DATA = 0x00, R_ERROR = 0x10, R_NSECT = 0x20, R_LBAL = 0x30, R_LBAM = 0x40,
       R_LBAH = 0x50, R_DEVICE = 0x60, R_STATUS = 0x70, R_CTL = 0x160, R_TIMING = 0x200 };
enum { ST_ERR = 0x01, ST_DRQ = 0x08, ST_DSC = 0x10, ST_DF = 0x20, ST_DRDY = 0x40,
       ST_BSY = 0x80 };
enum { ERR_ABRT = 0x04, ERR_IDNF = 0x10, ERR_UNC = 0x40 };
enum { DEV_DEV = 0x10, DEV_LBA = 0x40 };
enum { CTL_NIEN = 0x02, CTL_SRST = 0x04 };
enum { CMD_READ = 0x20, CMD_READ_NR = 0x21, CMD_WRITE = 0x30, CMD_WRITE_NR = 0x31,
       CMD_READ_VERIFY = 0x40, CMD_INIT_PARAMS = 0x91, CMD_READ_MULTIPLE = 0xc4,
       CMD_SET_MULTIPLE = 0xc6, CMD_READ_DMA = 0xc8, CMD_READ_DMA_NR = 0xc9,
       CMD_WRITE_DMA = 0xca, CMD_WRITE_DMA_NR = 0xcb, CMD_STANDBY_NOW = 0xe0,
       CMD_IDLE_NOW = 0xe1, CMD_STANDBY = 0xe2, CMD_IDLE = 0xe3, CMD_CHECK_POWER = 0xe5,
       CMD_FLUSH = 0xe7, CMD_IDENTIFY = 0xec, CMD_SET_FEATURES = 0xef };
enum { REGION_ATA, REGION_DMA, REGION__COUNT };
enum { PORT_IRQ, PORT_DMAIRQ, PORT__COUNT };
enum { BUS_MEM, BUS__COUNT };
enum { BACKEND_DISK, BACKEND__COUNT };

#define AT(m) WW_AT(macio_ata_t, m)

static const ww_field_desc status_fields[] = {
    WW_FIELD(ST_, ERR, "error (see ERROR)"), WW_FIELD(ST_, DRQ, "data request"),
    WW_FIELD(ST_, DSC, "seek complete"), WW_FIELD(ST_, DF, "device fault"),
    WW_FIELD(ST_, DRDY, "device ready"), WW_FIELD(ST_, BSY, "busy"),
    { 0 }
};
static const ww_field_desc error_fields[] = {
    WW_FIELD(ERR_, ABRT, "command aborted"), WW_FIELD(ERR_, IDNF, "address not found"),
    WW_FIELD(ERR_, UNC, "uncorrectable data"),
    { 0 }
};
static const ww_field_desc ctl_fields[] = {
    WW_FIELD(CTL_, NIEN, "interrupts disabled"), WW_FIELD(CTL_, SRST, "software reset"),
    { 0 }
};

static const ww_reg_desc ata_regs[] = {
    /* name      region      off       w  flags */
    { "DATA",    REGION_ATA, R_DATA,   2, WW_REG_RC | WW_REG_SIDE,
      .doc = "PIO data (16-bit, little-endian)" },
    { "ERROR",   REGION_ATA, R_ERROR,  1, WW_REG_SIDE, .at = AT(error), .reset = 0x01, .fields = error_fields,
      .doc = "read: error; write: features" },
    { "NSECT",   REGION_ATA, R_NSECT,  1, WW_RW, .at = AT(nsect), .reset = 1, .doc = "sector count (0 = 256)" },
    { "LBAL",    REGION_ATA, R_LBAL,   1, WW_RW, .at = AT(lbal), .reset = 1, .doc = "LBA 7-0 (signature 1 after reset)" },
    { "LBAM",    REGION_ATA, R_LBAM,   1, WW_RW, .at = AT(lbam) },
    { "LBAH",    REGION_ATA, R_LBAH,   1, WW_RW, .at = AT(lbah) },
    { "DEVICE",  REGION_ATA, R_DEVICE, 1, WW_REG_SIDE, .at = AT(device),
      .doc = "bit 4 selects the drive, bit 6 LBA, bits 3-0 LBA 27-24" },
    { "STATUS",  REGION_ATA, R_STATUS, 1, WW_REG_RC | WW_REG_SIDE, .at = AT(status),
      .reset = ST_DRDY | ST_DSC, .fields = status_fields,
      .doc = "read clears INTRQ (0 with no drive selected); write: command" },
    { "CTL",     REGION_ATA, R_CTL,    1, WW_REG_SIDE, .at = AT(devctl), .fields = ctl_fields,
      .doc = "read: alternate status (no side effect); write: device control" },
    { "TIMING",  REGION_ATA, R_TIMING, 4, WW_RW, .at = AT(timing),
      .doc = "Heathrow PIO/DMA timing (stored)" },
    { "FEATURE", .flags = WW_REG_INTERNAL, .at = AT(feature) },
    { 0 }
};

static void step_fire(ww_chip *c, unsigned i);

static const ww_state_desc ata_state[] = {
    { "buf",        WW_STATE_U8,  AT(buf),        "sector buffer" },
    { "buf_pos",    WW_STATE_U16, AT(buf_pos) },
    { "pio_in",     WW_STATE_U8,  AT(pio_in),     "PIO data phase, device to host" },
    { "pio_out",    WW_STATE_U8,  AT(pio_out),    "PIO data phase, host to device" },
    { "dma_dir",    WW_STATE_U8,  AT(dma_dir),    "DMA command waiting for the channel" },
    { "lba",        WW_STATE_U32, AT(lba),        "next sector of the command" },
    { "remaining",  WW_STATE_U32, AT(remaining),  "sectors left in the command" },
    { "irq_pending", WW_STATE_U8, AT(irq_pending), "INTRQ (before nIEN)" },
    { "drive",      WW_STATE_U8,  AT(drive),      "selected drive" },
    { "ch",         WW_STATE_RECORD, AT(ch),      "the bus's DBDMA channel",
      .record = &dbdma_chan_record },
    { "step",       WW_STATE_TIMER, AT(step),     "next DMA step", .fire = step_fire },
    { 0 }
};

static ww_disk *cur_disk(macio_ata_t *a)
{
    return a->disk[a->drive & 1];
}

static void update_irq(macio_ata_t *a)
{
    ww_line_set(&a->irq, a->irq_pending && !(a->devctl & CTL_NIEN) && cur_disk(a));
}

static void raise_irq(macio_ata_t *a)
{
    a->irq_pending = 1;
    update_irq(a);
}

static void abort_cmd(macio_ata_t *a, uint8_t err)
{
    a->error = err;
    a->status = ST_DRDY | ST_DSC | ST_ERR;
    a->pio_in = a->pio_out = 0;
    a->dma_dir = 0;
    a->remaining = 0;
    raise_irq(a);
}

static uint64_t disk_sectors(ww_disk *d)
{
    uint64_t n = d ? d->size / SECTOR : 0;
    return MIN(n, 0x0fffffffull);   /* LBA28 */
}

static uint32_t cmd_lba(macio_ata_t *a)
{
    return (uint32_t)(a->device & 0x0f) << 24 | (uint32_t)a->lbah << 16 |
           (uint32_t)a->lbam << 8 | a->lbal;
}

/* The LBA registers after a command, as a drive leaves them: the last sector. */
static void set_lba(macio_ata_t *a, uint32_t lba)
{
    a->lbal = (uint8_t)lba;
    a->lbam = (uint8_t)(lba >> 8);
    a->lbah = (uint8_t)(lba >> 16);
    a->device = (uint8_t)((a->device & 0xf0) | ((lba >> 24) & 0x0f));
}

static void put_string(uint16_t *w, unsigned words, const char *s)
{
    /* ATA strings: two characters per word, first in the high byte, space padded. */
    for (unsigned i = 0; i < words; i++) {
        char c0 = *s ? *s++ : ' ';
        char c1 = *s ? *s++ : ' ';
        w[i] = (uint16_t)((uint8_t)c0 << 8 | (uint8_t)c1);
    }
}

static void identify(macio_ata_t *a, ww_disk *d)
{
    uint16_t w[256] = { 0 };
    uint64_t n = disk_sectors(d);
    w[0] = 0x0040;                        /* fixed device */
    w[1] = 16383; w[3] = 16; w[6] = 63;   /* nominal geometry */
    put_string(w + 10, 10, a->drive ? "WW-ATA-1" : "WW-ATA-0");
    put_string(w + 23, 4, "1.0");
    put_string(w + 27, 20, "WIREWRAP ATA DISK");
    w[47] = 0x8010;                       /* READ/WRITE MULTIPLE: 16 sectors */
    w[49] = 0x0300;                       /* LBA, DMA */
    w[51] = 0x0200;
    w[53] = 0x0003;                       /* words 54-58 and 64-70 valid */
    w[54] = 16383; w[55] = 16; w[56] = 63;
    uint32_t chs = 16383u * 16 * 63;
    w[57] = (uint16_t)chs; w[58] = (uint16_t)(chs >> 16);
    w[60] = (uint16_t)n; w[61] = (uint16_t)(n >> 16);
    w[63] = 0x0407;                       /* MWDMA 0-2 supported, 2 selected */
    w[64] = 0x0003;                       /* PIO 3-4 */
    w[65] = w[66] = w[67] = w[68] = 120;
    w[80] = 0x007e;                       /* ATA-1 … ATA-6 */
    w[82] = 0x4000; w[83] = 0x4000; w[84] = 0x4000;
    w[85] = 0x4000; w[86] = 0x4000; w[87] = 0x4000;
    for (unsigned i = 0; i < 256; i++) {
        a->buf[2 * i] = (uint8_t)w[i];
        a->buf[2 * i + 1] = (uint8_t)(w[i] >> 8);
    }
}

/* Load the next sector of a read into buf (false: an error ended the command). */
static bool read_sector(macio_ata_t *a)
{
    GError *e = NULL;
    ww_disk *d = cur_disk(a);
    if (!d || !ww_disk_read(d, (uint64_t)a->lba * SECTOR, a->buf, SECTOR, &e)) {
        if (e) {
            ww_chip_guest_error(&a->chip, "read of sector %u failed: %s", a->lba, e->message);
            g_error_free(e);
        }
        abort_cmd(a, ERR_UNC);
        return false;
    }
    return true;
}

static bool write_sector(macio_ata_t *a)
{
    GError *e = NULL;
    ww_disk *d = cur_disk(a);
    if (!d || !ww_disk_write(d, (uint64_t)a->lba * SECTOR, a->buf, SECTOR, &e)) {
        if (e) {
            ww_chip_guest_error(&a->chip, "write of sector %u failed: %s", a->lba, e->message);
            g_error_free(e);
        }
        abort_cmd(a, ERR_UNC);
        return false;
    }
    return true;
}

static void finish(macio_ata_t *a)
{
    a->status = ST_DRDY | ST_DSC;
    a->pio_in = a->pio_out = 0;
    a->dma_dir = 0;
    raise_irq(a);
}

static void run_dma(macio_ata_t *a);

static void command(macio_ata_t *a, uint8_t cmd)
{
    ww_disk *d = cur_disk(a);
    if (!d)
        return;   /* no such drive: nothing answers the command */
    a->error = 0;
    a->irq_pending = 0;
    a->buf_pos = 0;
    uint32_t count = a->nsect ? a->nsect : 256;
    switch (cmd) {
    case CMD_IDENTIFY:
        identify(a, d);
        a->pio_in = 1;
        a->remaining = 1;
        a->status = ST_DRDY | ST_DSC | ST_DRQ;
        raise_irq(a);
        return;
    case CMD_READ: case CMD_READ_NR: case CMD_READ_MULTIPLE:
    case CMD_WRITE: case CMD_WRITE_NR:
    case CMD_READ_DMA: case CMD_READ_DMA_NR: case CMD_WRITE_DMA: case CMD_WRITE_DMA_NR:
    case CMD_READ_VERIFY: {
        uint32_t lba = cmd_lba(a);
        if (!(a->device & DEV_LBA)) {
            ww_chip_guest_error(&a->chip, "command 0x%02x with CHS addressing (only LBA here)",
                                cmd);
            abort_cmd(a, ERR_ABRT);
            return;
        }
        if ((uint64_t)lba + count > disk_sectors(d)) {
            ww_chip_guest_error(&a->chip, "command 0x%02x: sectors %u+%u beyond the disk's "
                                "%" G_GUINT64_FORMAT, cmd, lba, count, disk_sectors(d));
            abort_cmd(a, ERR_IDNF);
            return;
        }
        a->lba = lba;
        a->remaining = count;
        if (cmd == CMD_READ_VERIFY) {
            set_lba(a, lba + count - 1);
            finish(a);
        } else if (cmd == CMD_READ || cmd == CMD_READ_NR || cmd == CMD_READ_MULTIPLE) {
            if (!read_sector(a))
                return;
            a->pio_in = 1;
            a->status = ST_DRDY | ST_DSC | ST_DRQ;
            raise_irq(a);
        } else if (cmd == CMD_WRITE || cmd == CMD_WRITE_NR) {
            a->pio_out = 1;
            a->status = ST_DRDY | ST_DSC | ST_DRQ;   /* no interrupt before the first sector */
        } else {
            a->dma_dir = (cmd == CMD_READ_DMA || cmd == CMD_READ_DMA_NR) ? 1 : 2;
            a->status = ST_DRDY | ST_DSC | ST_DRQ | ST_BSY;
            run_dma(a);
        }
        return;
    }
    case CMD_SET_FEATURES: case CMD_SET_MULTIPLE: case CMD_INIT_PARAMS: case CMD_FLUSH:
    case CMD_STANDBY_NOW: case CMD_IDLE_NOW: case CMD_STANDBY: case CMD_IDLE:
        finish(a);
        return;
    case CMD_CHECK_POWER:
        a->nsect = 0xff;   /* active or idle */
        finish(a);
        return;
    default:
        ww_chip_guest_error(&a->chip, "ATA command 0x%02x not supported: aborted", cmd);
        abort_cmd(a, ERR_ABRT);
        return;
    }
}

/* PIO: the host read (or wrote) the whole sector buffer. */
static void pio_sector_done(macio_ata_t *a)
{
    a->buf_pos = 0;
    if (a->pio_in) {
        if (a->remaining)
            a->remaining--;
        if (a->remaining && a->lba + 1 < disk_sectors(cur_disk(a))) {
            a->lba++;
            if (!read_sector(a))
                return;
            raise_irq(a);
        } else {
            set_lba(a, a->lba);
            a->pio_in = 0;
            a->remaining = 0;
            a->status = ST_DRDY | ST_DSC;
        }
    } else if (a->pio_out) {
        if (!write_sector(a))
            return;
        set_lba(a, a->lba);
        if (--a->remaining) {
            a->lba++;
            raise_irq(a);
        } else {
            finish(a);
        }
    }
}

static uint16_t data_read(macio_ata_t *a, bool peek)
{
    if (!a->pio_in || a->buf_pos >= SECTOR)
        return 0xffff;
    uint16_t v = (uint16_t)(a->buf[a->buf_pos] | a->buf[a->buf_pos + 1] << 8);
    if (!peek) {
        a->buf_pos += 2;
        if (a->buf_pos >= SECTOR)
            pio_sector_done(a);
    }
    return v;
}

static void data_write(macio_ata_t *a, uint16_t v)
{
    if (!a->pio_out || a->buf_pos >= SECTOR)
        return;
    a->buf[a->buf_pos] = (uint8_t)v;
    a->buf[a->buf_pos + 1] = (uint8_t)(v >> 8);
    a->buf_pos += 2;
    if (a->buf_pos >= SECTOR)
        pio_sector_done(a);
}

/* The channel's side: move whole sectors between the disk and guest memory. */
static int dma_xfer(ww_chip *c, unsigned chan, bool input, uint32_t addr, uint32_t len,
                    bool last)
{
    macio_ata_t *a = (macio_ata_t *)c;
    if (!a->dma_dir || !a->remaining || input != (a->dma_dir == 1))
        return 0;   /* the drive has nothing for this descriptor now */
    uint32_t moved = 0;
    while (moved < len && a->remaining && moved < 65536) {
        uint32_t off = a->buf_pos, n = MIN(len - moved, (uint32_t)SECTOR - off);
        if (input) {
            if (off == 0 && !read_sector(a))
                return moved ? (int)moved : 0;
            if (ww_dma_write(c, BUS_MEM, addr + moved, a->buf + off, n) != WW_DMA_OK) {
                abort_cmd(a, ERR_ABRT);
                return -1;
            }
        } else {
            if (ww_dma_read(c, BUS_MEM, addr + moved, a->buf + off, n) != WW_DMA_OK) {
                abort_cmd(a, ERR_ABRT);
                return -1;
            }
            if (off + n == SECTOR && !write_sector(a))
                return moved ? (int)moved : 0;
        }
        moved += n;
        a->buf_pos = (uint16_t)(off + n);
        if (a->buf_pos == SECTOR) {
            a->buf_pos = 0;
            set_lba(a, a->lba);
            a->lba++;
            a->remaining--;
        }
    }
    if (!a->remaining)
        finish(a);
    return (int)moved;
}

static void pulse_dma(macio_ata_t *a)
{
    if (a->ch.irq) {
        a->ch.irq = 0;
        ww_line_set(&a->dmairq, 1);
        ww_line_set(&a->dmairq, 0);
    }
}

static void run_dma(macio_ata_t *a)
{
    dbdma_io io = { &a->chip, BUS_MEM, 0, dma_xfer };
    bool more = dbdma_active(&a->ch) && dbdma_run(&a->ch, &io);
    pulse_dma(a);
    if (more && a->chip.realized)
        ww_timer_mod(&a->step, ww_sched_now(a->chip.sched) + STEP_NS);
}

static void step_fire(ww_chip *c, unsigned i)
{
    run_dma((macio_ata_t *)c);
}

static void soft_reset(macio_ata_t *a)
{
    a->error = 0x01;   /* diagnostic: no error */
    a->nsect = 1;
    a->lbal = 1;
    a->lbam = a->lbah = 0;
    a->device = 0;
    a->drive = 0;
    a->status = ST_DRDY | ST_DSC;
    a->pio_in = a->pio_out = 0;
    a->dma_dir = 0;
    a->remaining = 0;
    a->irq_pending = 0;
    update_irq(a);
}

static uint64_t ata_read(ww_chip *c, unsigned region, uint64_t off, unsigned size,
                         ww_access how)
{
    macio_ata_t *a = (macio_ata_t *)c;
    bool peek = how == WW_PEEK;
    if (region == REGION_DMA)
        return dbdma_read(&a->ch, off);
    if (off == R_TIMING)
        return a->timing;
    if (off == R_DATA) {
        uint64_t v = data_read(a, peek);
        if (size == 4)
            v |= (uint64_t)data_read(a, peek) << 16;   /* pata_macio's 32-bit PIO */
        return v;
    }
    /* No drive selected: the bus floats to 0 (QEMU's ide does the same). */
    if (!cur_disk(a))
        return 0;
    switch (off) {
    case R_ERROR:  return a->error;
    case R_NSECT:  return a->nsect;
    case R_LBAL:   return a->lbal;
    case R_LBAM:   return a->lbam;
    case R_LBAH:   return a->lbah;
    case R_DEVICE: return a->device | 0xa0;
    case R_STATUS:
        if (!peek) {
            a->irq_pending = 0;
            update_irq(a);
        }
        return a->status;
    case R_CTL:    return a->status;
    default:       return 0;
    }
}

static void ata_write(ww_chip *c, unsigned region, uint64_t off, uint64_t val, unsigned size)
{
    macio_ata_t *a = (macio_ata_t *)c;
    uint8_t v = (uint8_t)val;
    if (region == REGION_DMA) {
        dbdma_io io = { c, BUS_MEM, 0, dma_xfer };
        if (dbdma_write(&a->ch, &io, off, (uint32_t)val))
            run_dma(a);
        return;
    }
    switch (off) {
    case R_DATA:
        data_write(a, (uint16_t)val);
        if (size == 4)
            data_write(a, (uint16_t)(val >> 16));
        return;
    case R_ERROR:  a->feature = v; return;
    case R_NSECT:  a->nsect = v; return;
    case R_LBAL:   a->lbal = v; return;
    case R_LBAM:   a->lbam = v; return;
    case R_LBAH:   a->lbah = v; return;
    case R_DEVICE:
        a->device = v;
        a->drive = (v & DEV_DEV) ? 1 : 0;
        update_irq(a);
        return;
    case R_STATUS:
        command(a, v);
        return;
    case R_CTL:
        if ((v & CTL_SRST) && !(a->devctl & CTL_SRST))
            soft_reset(a);
        a->devctl = v;
        update_irq(a);
        return;
    case R_TIMING:
        a->timing = (uint32_t)val;
        return;
    default:
        ww_chip_unimp(c, "write", region, off);
        return;
    }
}

static void ata_reset(ww_chip *c, ww_reset_kind kind)
{
    macio_ata_t *a = (macio_ata_t *)c;
    dbdma_reset(&a->ch);
    soft_reset(a);
}

static bool ata_post_load(ww_chip *c, GError **err)
{
    macio_ata_t *a = (macio_ata_t *)c;
    if (a->buf_pos > SECTOR || (a->buf_pos & 1))
        a->buf_pos = 0;
    a->drive &= 1;
    update_irq(a);
    return true;
}

static const ww_region_desc ata_regions[] = {
    [REGION_ATA] = { "ata", 0x1000, 1, 4, WW_LITTLE_ENDIAN, 0,
                     "task file at r << 4, control at 0x160, timing at 0x200" },
    [REGION_DMA] = { "dma", DBDMA_CHANNEL_SIZE, 4, 4, WW_LITTLE_ENDIAN, 0,
                     "the bus's DBDMA channel (Heathrow: Mac I/O 0x8B00 + bus × 0x200)" },
    [REGION__COUNT] = { 0 }
};

static const ww_port_desc ata_ports[] = {
    [PORT_IRQ]    = { "irq", WW_PORT_OUT, 1, 0, offsetof(macio_ata_t, irq),
                      "INTRQ (Heathrow source 0x0D bus 0, 0x0E bus 1)" },
    [PORT_DMAIRQ] = { "dmairq", WW_PORT_OUT, 1, 0, offsetof(macio_ata_t, dmairq),
                      "the DBDMA channel's interrupt (0x02, 0x03)" },
    [PORT__COUNT] = { 0 }
};

static const ww_bus_desc ata_buses[] = {
    [BUS_MEM] = { "mem", "DMA descriptors and data (alias the PCI bus's memory)", 32,
                  WW_BIG_ENDIAN, WW_UNMAPPED_BUS_ERROR, 0 },
    [BUS__COUNT] = { 0 }
};

static const ww_backend_desc ata_backends[] = {
    [BACKEND_DISK] = { "disk", WW_BACKEND_DISK, offsetof(macio_ata_t, disk), NDRIVE,
                       "@0 master, @1 slave (raw images)" },
    [BACKEND__COUNT] = { 0 }
};

static const ww_chip_class macio_ata_class = {
    .type = "macio-ata",
    .summary = "Mac I/O ATA bus (Heathrow/KeyLargo): task file, timing, DBDMA channel",
    .doc = "ATA/ATAPI-6 task file at 16-byte spacing as pata_macio drives it; IDENTIFY, "
           "READ/WRITE SECTORS and DMA (through the bus's DBDMA channel), SET FEATURES, "
           "power and flush commands; LBA28 disks, no ATAPI.",
    .size = sizeof(macio_ata_t),
    .version = 1,
    .regions = ata_regions,
    .regs = ata_regs,
    .state = ata_state,
    .ports = ata_ports,
    .buses = ata_buses,
    .backends = ata_backends,
    .reset = ata_reset,
    .read = ata_read,
    .write = ata_write,
    .post_load = ata_post_load,
};
WW_CHIP_REGISTER(macio_ata_class)
