/* chips/storage/ata.c — the ATA/ATAPI command layer (chips/storage/ata.h):
 * IDENTIFY data, the ATA commands SeaBIOS and Linux's libata issue to a
 * disk, and the MMC commands of a CD/DVD-ROM drive for a CD boot and Linux's
 * sr/cdrom drivers. Sources are listed in ata.h; sections are cited per rule.
 * Not modelled: CHS geometry changes (INITIALIZE DEVICE PARAMETERS is
 * accepted, the geometry stays 16 heads × 63 sectors), security, SMART, HPA
 * (READ NATIVE MAX answers the capacity), TRIM, audio, CD-R/RW writing,
 * DVD structures, media changes while running (the medium is the image bound
 * at start), power states (the drive is always active).
 * Test: tests/chips/storage/ahci.c drives it through the AHCI chip. */
#include "chips/storage/ata.h"
#include "core/chip.h"
#include <string.h>

#define AT(m) WW_AT(ww_ata_drive, m)
static const ww_state_desc drive_fields[] = {
    { "sense_key",     WW_STATE_U8, AT(sense_key),     "ATAPI sense key of the last error" },
    { "asc",           WW_STATE_U8, AT(asc),           "additional sense code" },
    { "ascq",          WW_STATE_U8, AT(ascq),          "additional sense code qualifier" },
    { "multiple",      WW_STATE_U8, AT(multiple),      "SET MULTIPLE MODE sectors (0: off)" },
    { "wcache",        WW_STATE_U8, AT(wcache),        "write cache enabled", .reset = 1 },
    { "xfer_mode",     WW_STATE_U8, AT(xfer_mode),     "selected transfer mode (SET FEATURES 03h)",
      .reset = 0x45 },
    { "media_event",   WW_STATE_U8, AT(media_event),   "ATAPI: new medium not yet reported",
      .reset = 1 },
    { "locked",        WW_STATE_U8, AT(locked),        "ATAPI: medium removal prevented" },
    { "ncq_log",       WW_STATE_U8, AT(ncq_log),       "NCQ command error log 10h, bytes 0-15" },
    { "ncq_log_valid", WW_STATE_U8, AT(ncq_log_valid), "the NCQ error log holds an error" },
    { 0 }
};
#undef AT
const ww_record_desc ww_ata_drive_record = { "ata_drive", sizeof(ww_ata_drive), drive_fields };

#define CHS_HEADS 16
#define CHS_SECTORS 63
#define MAX_MULTIPLE 16
#define CHUNK (64u << 10)
#define CD_MAX_BLOCKS 404849u   /* 74-minute CD, 333,000 blocks + lead-out; above: DVD */

static uint64_t sectors_of(const ww_disk *disk) { return disk ? disk->size / ATA_SECTOR : 0; }
static uint64_t blocks_of(const ww_disk *disk) { return disk ? disk->size / ATAPI_BLOCK : 0; }

/* ---- signatures (ATA8-AAM §9.12) ---------------------------------------------- */
void ww_ata_reset(ww_ata_drive *d, const ww_disk *disk, ww_ata_tf *sig)
{
    ww_record_reset(&ww_ata_drive_record, d);
    *sig = (ww_ata_tf){ .command = ww_ata_is_atapi(disk) ? 0 : ATA_ST_DRDY | ATA_ST_DSC,
                        .error = 0x01, .count = 1,
                        .lba = ww_ata_is_atapi(disk) ? 0xeb1401 : 0x000001 };
}

uint32_t ww_ata_signature(const ww_disk *disk)
{
    return ww_ata_is_atapi(disk) ? 0xeb140101u : 0x00000101u;
}

/* ---- IDENTIFY (ACS §7.16 Table 22, §7.17 Table 24) ------------------------------ */
static void id_string(uint16_t *w, unsigned words, const char *s)
{
    /* ATA strings: two characters per word, the first in bits 15:8, space-padded. */
    size_t n = strlen(s);
    for (unsigned i = 0; i < words * 2; i++) {
        uint8_t c = i < n ? (uint8_t)s[i] : ' ';
        if (i & 1)
            w[i / 2] = (uint16_t)((w[i / 2] & 0xff00) | c);
        else
            w[i / 2] = (uint16_t)((w[i / 2] & 0x00ff) | c << 8);
    }
}

static void serial_of(const ww_disk *disk, char out[21])
{
    uint32_t h = 2166136261u;
    for (const char *p = disk && disk->name ? disk->name : ""; *p; p++)
        h = (h ^ (uint8_t)*p) * 16777619u;
    g_snprintf(out, 21, "WW%08X", h);
}

void ww_ata_identify(const ww_ata_drive *d, const ww_disk *disk, uint16_t id[256])
{
    memset(id, 0, 512);
    char serial[21];
    serial_of(disk, serial);
    id_string(id + 10, 10, serial);
    id_string(id + 23, 4, "1.0");
    unsigned udma = (d->xfer_mode >> 3) == 8 ? d->xfer_mode & 7 : 0;
    unsigned mwdma = (d->xfer_mode >> 3) == 4 ? d->xfer_mode & 7 : 8;
    bool udma_sel = (d->xfer_mode >> 3) == 8;
    if (ww_ata_is_atapi(disk)) {
        /* word 0: ATAPI (10b), CD-ROM (05h), removable, DRQ in 50 µs, 12-byte packets */
        id[0] = 2u << 14 | 5u << 8 | 1u << 7 | 2u << 5;
        id_string(id + 27, 20, "WIREWRAP DVD-ROM");
        id[49] = 1u << 9 | 1u << 8;                 /* LBA, DMA */
        id[53] = 0x0006;                            /* words 64-70 and 88 valid */
        id[63] = 0x0007 | (mwdma < 8 ? 0x100u << mwdma : 0);
        id[64] = 0x0003;                            /* PIO 3 and 4 */
        id[65] = id[66] = id[67] = id[68] = 120;
        id[71] = id[72] = 30;
        id[76] = 0x0006;                            /* SATA Gen1, Gen2 */
        id[80] = 0x01f0;                            /* ATA/ATAPI-4 to -8 */
        id[82] = 1u << 14 | 1u << 4;                /* NOP, PACKET */
        id[83] = 1u << 14;
        id[84] = 1u << 14;
        id[85] = 1u << 14 | 1u << 4;
        id[87] = 1u << 14;
        id[88] = 0x007f | (udma_sel ? 0x100u << udma : 0);
    } else {
        uint64_t n = sectors_of(disk);
        uint64_t cyl = n / (CHS_HEADS * CHS_SECTORS);
        if (cyl > 16383)
            cyl = 16383;
        id[0] = 0x0040;                             /* fixed device */
        id[1] = (uint16_t)cyl;
        id[3] = CHS_HEADS;
        id[6] = CHS_SECTORS;
        id_string(id + 27, 20, "WIREWRAP HARDDISK");
        id[47] = 0x8000 | MAX_MULTIPLE;
        id[49] = 1u << 11 | 1u << 9 | 1u << 8;      /* IORDY, LBA, DMA */
        id[50] = 0x4000;
        id[53] = 0x0007;                            /* words 54-58, 64-70, 88 valid */
        id[54] = (uint16_t)cyl;
        id[55] = CHS_HEADS;
        id[56] = CHS_SECTORS;
        uint32_t chs = (uint32_t)(cyl * CHS_HEADS * CHS_SECTORS);
        id[57] = (uint16_t)chs;
        id[58] = (uint16_t)(chs >> 16);
        id[59] = d->multiple ? 0x0100 | d->multiple : 0;
        uint32_t n28 = n > 0x0fffffff ? 0x0fffffff : (uint32_t)n;
        id[60] = (uint16_t)n28;
        id[61] = (uint16_t)(n28 >> 16);
        id[63] = 0x0007 | (mwdma < 8 ? 0x100u << mwdma : 0);
        id[64] = 0x0003;
        id[65] = id[66] = id[67] = id[68] = 120;
        id[75] = 31;                                /* queue depth 32 */
        id[76] = 1u << 8 | 0x0006;                  /* NCQ, SATA Gen1, Gen2 */
        id[80] = 0x01f0;
        id[82] = 1u << 14 | 1u << 6 | 1u << 5;      /* NOP, look-ahead, write cache */
        id[83] = 1u << 14 | 1u << 13 | 1u << 12 | 1u << 10;   /* FLUSH EXT, FLUSH, 48-bit */
        id[84] = 1u << 14;
        id[85] = 1u << 14 | 1u << 6 | (d->wcache ? 1u << 5 : 0);
        id[86] = 1u << 13 | 1u << 12 | 1u << 10;
        id[87] = 1u << 14;
        id[88] = 0x007f | (udma_sel ? 0x100u << udma : 0);
        /* word 93 (hardware reset result) stays 0: a SATA device (libata's
         * ata_id_is_sata, else it applies PATA-bridge limits) */
        for (unsigned i = 0; i < 4; i++)
            id[100 + i] = (uint16_t)(n >> (16 * i));
        id[106] = 0x4000;                           /* one logical sector per physical */
        id[217] = 1;                                /* non-rotating medium */
    }
    /* word 255: integrity (§7.16.7.90): signature A5h, checksum of all 512 bytes = 0 */
    id[255] = 0x00a5;
    uint8_t sum = 0;
    for (unsigned i = 0; i < 255; i++)
        sum = (uint8_t)(sum + (id[i] & 0xff) + (id[i] >> 8));
    sum = (uint8_t)(sum + 0xa5);
    id[255] = (uint16_t)(((uint8_t)-sum) << 8 | 0xa5);
}

/* ---- results -------------------------------------------------------------------- */
static void ok(ww_ata_result *r)
{
    r->tf.command = ATA_ST_DRDY | ATA_ST_DSC;
    r->tf.error = 0;
}

static void fail(ww_ata_result *r, uint8_t error)
{
    r->tf.command = ATA_ST_DRDY | ATA_ST_ERR;
    r->tf.error = error;
}

static ww_ata_xfer_status send(const ww_ata_xfer *x, ww_ata_result *r, const uint8_t *buf,
                               size_t len)
{
    ww_ata_xfer_status s = x->to_host(x->opaque, buf, len);
    r->xfer = s;
    if (s == WW_ATA_XFER_OK)
        r->bytes += len;
    return s;
}

/* ---- ATA block transfers ------------------------------------------------------------ */
static void rw_sectors(ww_ata_drive *d, ww_disk *disk, uint64_t lba, uint64_t n, bool write,
                       bool fua, const ww_ata_xfer *x, ww_ata_result *r)
{
    uint64_t cap = sectors_of(disk);
    if (!disk || lba > cap || n > cap - lba) {
        fail(r, ATA_ER_IDNF | ATA_ER_ABRT);   /* §6.2.4: address outside the medium */
        return;
    }
    uint8_t *buf = g_malloc(CHUNK);
    GError *err = NULL;
    while (n) {
        size_t len = (size_t)MIN(n * ATA_SECTOR, (uint64_t)CHUNK);
        uint64_t off = lba * ATA_SECTOR;
        if (write) {
            ww_ata_xfer_status s = x->from_host(x->opaque, buf, len);
            r->xfer = s;
            if (s != WW_ATA_XFER_OK) {
                fail(r, ATA_ER_ABRT);
                break;
            }
            r->bytes += len;
            if (!ww_disk_write(disk, off, buf, len, &err)) {
                fail(r, ATA_ER_ABRT);       /* a write the medium refused (read-only, I/O) */
                r->tf.lba = lba;
                break;
            }
        } else {
            if (!ww_disk_read(disk, off, buf, len, &err)) {
                fail(r, ATA_ER_UNC);        /* §6.2.7: uncorrectable data error */
                r->tf.lba = lba;
                break;
            }
            if (send(x, r, buf, len) != WW_ATA_XFER_OK) {
                fail(r, ATA_ER_ABRT);
                break;
            }
        }
        lba += len / ATA_SECTOR;
        n -= len / ATA_SECTOR;
    }
    g_clear_error(&err);
    g_free(buf);
    if (write && !n && (fua || !d->wcache) && !ww_disk_flush(disk, NULL)) {
        r->flush_failed = true;
        fail(r, ATA_ER_ABRT);
    }
}

/* LBA of a 28-bit command: LBA mode (device bit 6) or CHS. */
static uint64_t lba28(const ww_ata_tf *tf)
{
    if (tf->device & 0x40)
        return (tf->lba & 0xffffff) | (uint64_t)(tf->device & 0x0f) << 24;
    unsigned sector = tf->lba & 0xff, cyl = (tf->lba >> 8) & 0xffff, head = tf->device & 0x0f;
    if (!sector)
        return UINT64_MAX;
    return ((uint64_t)cyl * CHS_HEADS + head) * CHS_SECTORS + sector - 1;
}

static void read_log(ww_ata_drive *d, const ww_ata_tf *tf, const ww_ata_xfer *x,
                     ww_ata_result *r)
{
    unsigned log = tf->lba & 0xff, page = (tf->lba >> 8) & 0xffff, n = tf->count;
    uint8_t b[ATA_SECTOR] = { 0 };
    if (!n || page != 0 || (log != 0x00 && log != 0x10)) {
        fail(r, ATA_ER_ABRT);
        return;
    }
    if (log == 0x00) {          /* the log directory (ACS §A.2): version 1, log 10h: 1 page */
        b[0] = 1;
        b[0x10 * 2] = 1;
    } else {                    /* NCQ command error (ACS-2 §A.13); reading it clears it */
        if (d->ncq_log_valid)
            memcpy(b, d->ncq_log, sizeof d->ncq_log);
        else
            b[0] = 0x80;        /* NQ: no queued command failed */
        uint8_t sum = 0;
        for (unsigned i = 0; i < 511; i++)
            sum = (uint8_t)(sum + b[i]);
        b[511] = (uint8_t)-sum;
        d->ncq_log_valid = 0;
    }
    r->proto = WW_ATA_PIO_IN;
    for (unsigned i = 0; i < n; i++) {
        if (send(x, r, b, sizeof b) != WW_ATA_XFER_OK) {
            fail(r, ATA_ER_ABRT);
            return;
        }
        memset(b, 0, sizeof b);
    }
    ok(r);
}

void ww_ata_ncq_error(ww_ata_drive *d, unsigned tag, const ww_ata_tf *out)
{
    memset(d->ncq_log, 0, sizeof d->ncq_log);
    d->ncq_log[0] = (uint8_t)(tag & 31);
    d->ncq_log[2] = out->command;
    d->ncq_log[3] = out->error;
    d->ncq_log[4] = (uint8_t)out->lba;
    d->ncq_log[5] = (uint8_t)(out->lba >> 8);
    d->ncq_log[6] = (uint8_t)(out->lba >> 16);
    d->ncq_log[7] = out->device;
    d->ncq_log[8] = (uint8_t)(out->lba >> 24);
    d->ncq_log[9] = (uint8_t)(out->lba >> 32);
    d->ncq_log[10] = (uint8_t)(out->lba >> 40);
    d->ncq_log_valid = 1;
}

static void set_features(ww_ata_drive *d, const ww_ata_tf *tf, ww_ata_result *r)
{
    switch (tf->features & 0xff) {
    case 0x02: d->wcache = 1; break;                     /* enable write cache */
    case 0x82: d->wcache = 0; break;                     /* disable write cache */
    case 0x03: {                                         /* set transfer mode */
        unsigned mode = tf->count & 0xff, kind = mode >> 3, sub = mode & 7;
        if (!((kind <= 1 && sub <= 4) || (kind == 4 && sub <= 2) || (kind == 8 && sub <= 6))) {
            fail(r, ATA_ER_ABRT);
            return;
        }
        d->xfer_mode = (uint8_t)mode;
        break;
    }
    case 0x10: case 0x90:                                /* SATA features: accepted, inert */
    case 0x55: case 0xaa:                                /* read look-ahead off / on */
    case 0x66: case 0xcc:                                /* power-on defaults */
    case 0x05: case 0x85:                                /* APM */
        break;
    default:
        fail(r, ATA_ER_ABRT);
        return;
    }
    ok(r);
}

/* ---- ATAPI (MMC-5) ---------------------------------------------------------------------- */
static void sense(ww_ata_drive *d, ww_ata_result *r, uint8_t key, uint8_t asc, uint8_t ascq)
{
    d->sense_key = key;
    d->asc = asc;
    d->ascq = ascq;
    r->tf.command = ATA_ST_DRDY | ATA_ST_ERR;
    r->tf.error = (uint8_t)(key << 4 | ATA_ER_ABRT);
    r->tf.count = 3;   /* interrupt reason: command/data = 1, I/O = 1 */
}

static void atapi_ok(ww_ata_drive *d, ww_ata_result *r)
{
    d->sense_key = d->asc = d->ascq = 0;
    r->tf.command = ATA_ST_DRDY | ATA_ST_DSC;
    r->tf.error = 0;
    r->tf.count = 3;
}

static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}
static void wr16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
static void wr32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24); p[1] = (uint8_t)(v >> 16); p[2] = (uint8_t)(v >> 8); p[3] = (uint8_t)v;
}

/* Send a small reply, cut to the allocation length. */
static void reply(ww_ata_drive *d, ww_ata_result *r, const ww_ata_xfer *x, const uint8_t *buf,
                  size_t len, size_t alloc)
{
    size_t n = MIN(len, alloc);
    r->proto = WW_ATA_PIO_IN;
    if (n && send(x, r, buf, n) == WW_ATA_XFER_BUS_ERROR) {
        sense(d, r, SENSE_ABORTED, 0, 0);
        return;
    }
    atapi_ok(d, r);
}

static void lba_to_msf(uint32_t lba, uint8_t *p)
{
    lba += 150;
    p[0] = 0;
    p[1] = (uint8_t)(lba / 75 / 60);
    p[2] = (uint8_t)(lba / 75 % 60);
    p[3] = (uint8_t)(lba % 75);
}

static void read_toc(ww_ata_drive *d, ww_disk *disk, const uint8_t *c, const ww_ata_xfer *x,
                     ww_ata_result *r)
{
    bool msf = c[1] & 2;
    unsigned format = c[2] & 0x0f, track = c[6];
    size_t alloc = rd16(c + 7);
    uint8_t b[64] = { 0 };
    size_t n;
    if (!format && c[9] >> 6)
        format = c[9] >> 6;     /* the older SFF-8020 format field */
    uint32_t blocks = (uint32_t)MIN(blocks_of(disk), (uint64_t)UINT32_MAX);
    if (format == 0) {          /* MMC-5 §6.26.2.3: formatted TOC */
        if (track > 1 && track != 0xaa) {
            sense(d, r, SENSE_ILLEGAL_REQUEST, 0x24, 0);
            return;
        }
        b[2] = 1;
        b[3] = 1;
        n = 4;
        if (track <= 1) {
            b[n + 1] = 0x14;    /* ADR 1, control: data track, copy permitted */
            b[n + 2] = 1;
            if (msf)
                lba_to_msf(0, b + n + 4);
            n += 8;
        }
        b[n + 1] = 0x14;
        b[n + 2] = 0xaa;        /* lead-out */
        if (msf)
            lba_to_msf(blocks, b + n + 4);
        else
            wr32(b + n + 4, blocks);
        n += 8;
    } else if (format == 1) {   /* §6.26.2.4: multi-session information */
        b[2] = 1;
        b[3] = 1;
        b[5] = 0x14;
        b[6] = 1;
        if (msf)
            lba_to_msf(0, b + 8);
        n = 12;
    } else {
        sense(d, r, SENSE_ILLEGAL_REQUEST, 0x24, 0);
        return;
    }
    wr16(b, (uint16_t)(n - 2));
    reply(d, r, x, b, n, alloc);
}

static void mode_sense(ww_ata_drive *d, const uint8_t *c, const ww_ata_xfer *x,
                       ww_ata_result *r)
{
    unsigned pc = c[2] >> 6, page = c[2] & 0x3f;
    size_t alloc = rd16(c + 7);
    uint8_t b[64] = { 0 };
    size_t n = 8;   /* the mode parameter header (10), no block descriptors */
    if (pc == 3) {
        sense(d, r, SENSE_ILLEGAL_REQUEST, 0x39, 0);   /* saving parameters not supported */
        return;
    }
    if (page == 0x01 || page == 0x3f) {   /* read error recovery (MMC-5 §7.3) */
        b[n] = 0x01;
        b[n + 1] = 6;
        b[n + 3] = pc == 1 ? 0 : 5;       /* read retry count */
        n += 8;
    }
    if (page == 0x2a || page == 0x3f) {   /* capabilities and mechanical status (§7.14 of MMC-3) */
        uint8_t *p = b + n;
        p[0] = 0x2a;
        p[1] = 18;
        if (pc != 1) {
            p[2] = 0x3b;                  /* reads CD-R, CD-RW, method 2, DVD-ROM, DVD-R, DVD-RAM */
            p[4] = 0x71;                  /* audio play, mode 2 form 1/2, multi-session */
            p[5] = 3u << 5;
            p[6] = 1u << 0 | 1u << 3 | 1u << 5 | (d->locked ? 1u << 1 : 0); /* lock, eject, tray */
            wr16(p + 8, 706);             /* maximum read speed, kB/s (4×) */
            wr16(p + 10, 2);              /* volume levels */
            wr16(p + 12, 512);            /* buffer, KiB */
            wr16(p + 14, 706);
        }
        n += 20;
    }
    if (n == 8) {
        sense(d, r, SENSE_ILLEGAL_REQUEST, 0x24, 0);     /* invalid field in CDB */
        return;
    }
    wr16(b, (uint16_t)(n - 2));
    b[2] = 0x70;   /* medium type code of a drive with its door closed (SFF-8020) */
    reply(d, r, x, b, n, alloc);
}

static void get_configuration(ww_ata_drive *d, ww_disk *disk, const uint8_t *c,
                              const ww_ata_xfer *x, ww_ata_result *r)
{
    size_t alloc = rd16(c + 7);
    unsigned rt = c[1] & 3, start = rd16(c + 2);
    bool dvd = blocks_of(disk) > CD_MAX_BLOCKS;
    uint8_t b[64] = { 0 };
    size_t n = 8;
    wr16(b + 6, dvd ? 0x0010 : 0x0008);            /* current profile: DVD-ROM / CD-ROM */
    if (start == 0) {                              /* feature 0000h: profile list */
        b[n + 2] = 0x03;                           /* persistent, current */
        b[n + 3] = 8;
        wr16(b + n + 4, 0x0010);
        b[n + 6] = dvd;
        wr16(b + n + 8, 0x0008);
        b[n + 10] = !dvd;
        n += 12;
    }
    if (rt != 2 ? start <= 1 : start == 1) {       /* feature 0001h: core, ATAPI interface */
        wr16(b + n, 1);
        b[n + 2] = 0x0b;                           /* version 2, persistent, current */
        b[n + 3] = 8;
        wr32(b + n + 4, 2);                        /* physical interface: ATAPI */
        b[n + 8] = 1;                              /* DBE */
        n += 12;
    }
    wr32(b, (uint32_t)(n - 4));
    reply(d, r, x, b, n, alloc);
}

static void event_status(ww_ata_drive *d, const uint8_t *c, const ww_ata_xfer *x,
                         ww_ata_result *r)
{
    size_t alloc = rd16(c + 7);
    uint8_t b[8] = { 0 };
    size_t n;
    if (!(c[1] & 1)) {             /* only polled operation (MMC-5 §6.7) */
        sense(d, r, SENSE_ILLEGAL_REQUEST, 0x24, 0);
        return;
    }
    b[3] = 1u << 4;                /* supported event classes: media */
    if (c[4] & (1u << 4)) {
        b[2] = 4;                  /* media class */
        b[4] = d->media_event ? 2 : 0;   /* new media, or no change */
        b[5] = 0x02;               /* media present, tray closed */
        d->media_event = 0;
        n = 8;
    } else {
        b[2] = 0x80;               /* NEA: no event of the requested classes */
        n = 4;
    }
    wr16(b, (uint16_t)(n - 2));
    reply(d, r, x, b, n, alloc);
}

static void atapi_read(ww_ata_drive *d, ww_disk *disk, uint64_t lba, uint64_t n,
                       const ww_ata_xfer *x, ww_ata_result *r)
{
    uint64_t cap = blocks_of(disk);
    if (lba > cap || n > cap - lba) {
        sense(d, r, SENSE_ILLEGAL_REQUEST, 0x21, 0);   /* logical block address out of range */
        return;
    }
    uint8_t *buf = g_malloc(CHUNK);
    GError *err = NULL;
    while (n) {
        size_t len = (size_t)MIN(n * ATAPI_BLOCK, (uint64_t)CHUNK);
        if (!ww_disk_read(disk, lba * ATAPI_BLOCK, buf, len, &err)) {
            g_clear_error(&err);
            sense(d, r, SENSE_MEDIUM_ERROR, 0x11, 0);  /* unrecovered read error */
            g_free(buf);
            return;
        }
        if (send(x, r, buf, len) != WW_ATA_XFER_OK) {
            sense(d, r, SENSE_ABORTED, 0, 0);
            g_free(buf);
            return;
        }
        lba += len / ATAPI_BLOCK;
        n -= len / ATAPI_BLOCK;
    }
    g_free(buf);
    atapi_ok(d, r);
}

static void packet(ww_ata_drive *d, ww_disk *disk, const ww_ata_tf *tf, const uint8_t *c,
                   const ww_ata_xfer *x, ww_ata_result *r)
{
    bool dma = tf->features & 1;
    r->proto = dma ? WW_ATA_DMA_IN : WW_ATA_PIO_IN;
    uint8_t b[96] = { 0 };
    switch (c[0]) {
    case 0x00:   /* TEST UNIT READY */
    case 0x01:   /* REZERO UNIT */
    case 0x2b:   /* SEEK(10) */
    case 0xbb:   /* SET CD SPEED */
    case 0x1b:   /* START STOP UNIT (the medium stays: it is the image) */
        r->proto = WW_ATA_NODATA;
        atapi_ok(d, r);
        return;
    case 0x1e:   /* PREVENT ALLOW MEDIUM REMOVAL */
        d->locked = c[4] & 1;
        r->proto = WW_ATA_NODATA;
        atapi_ok(d, r);
        return;
    case 0x03: { /* REQUEST SENSE: fixed format (SPC-3 §4.5.3) */
        b[0] = 0x70;
        b[2] = d->sense_key;
        b[7] = 10;
        b[12] = d->asc;
        b[13] = d->ascq;
        size_t alloc = c[4];
        size_t n = MIN((size_t)18, alloc);
        r->proto = dma ? WW_ATA_DMA_IN : WW_ATA_PIO_IN;
        if (n && send(x, r, b, n) == WW_ATA_XFER_BUS_ERROR) {
            sense(d, r, SENSE_ABORTED, 0, 0);
            return;
        }
        atapi_ok(d, r);   /* the sense data is reported once */
        return;
    }
    case 0x12:   /* INQUIRY (SPC-3 §6.4) */
        if (c[1] & 1) {
            sense(d, r, SENSE_ILLEGAL_REQUEST, 0x24, 0);
            return;
        }
        b[0] = 0x05;          /* CD/DVD device */
        b[1] = 0x80;          /* removable */
        b[2] = 0x00;
        b[3] = 0x21;          /* ATAPI, response data format 1 */
        b[4] = 31;
        memcpy(b + 8, "WIREWRAP", 8);
        memcpy(b + 16, "DVD-ROM         ", 16);
        memcpy(b + 32, "1.0 ", 4);
        reply(d, r, x, b, 36, c[4]);
        return;
    case 0x25: { /* READ CAPACITY (MMC-5 §6.23) */
        uint64_t blocks = blocks_of(disk);
        wr32(b, blocks ? (uint32_t)MIN(blocks - 1, (uint64_t)UINT32_MAX) : 0);
        wr32(b + 4, ATAPI_BLOCK);
        reply(d, r, x, b, 8, 8);
        return;
    }
    case 0x28:   /* READ(10) */
        atapi_read(d, disk, rd32(c + 2), rd16(c + 7), x, r);
        return;
    case 0xa8:   /* READ(12) */
        atapi_read(d, disk, rd32(c + 2), rd32(c + 6), x, r);
        return;
    case 0x43:   /* READ TOC/PMA/ATIP */
        read_toc(d, disk, c, x, r);
        return;
    case 0x42:   /* READ SUB-CHANNEL: no audio status */
        b[1] = 0x15;
        reply(d, r, x, b, 4, rd16(c + 7));
        return;
    case 0x46:   /* GET CONFIGURATION */
        get_configuration(d, disk, c, x, r);
        return;
    case 0x4a:   /* GET EVENT STATUS NOTIFICATION */
        event_status(d, c, x, r);
        return;
    case 0x51: { /* READ DISC INFORMATION (§6.22): a finalized one-session disc */
        uint32_t blocks = (uint32_t)MIN(blocks_of(disk), (uint64_t)UINT32_MAX);
        wr16(b, 32);
        b[2] = 0x0e;          /* last session complete, disc complete */
        b[3] = 1;             /* first track */
        b[4] = 1;             /* sessions */
        b[5] = 1;
        b[6] = 1;
        b[7] = 0x20;          /* unrestricted use */
        wr32(b + 16, 0xffffffff);   /* last session lead-in: none */
        wr32(b + 20, 0xffffffff);
        (void)blocks;
        reply(d, r, x, b, 34, rd16(c + 7));
        return;
    }
    case 0x52: { /* READ TRACK INFORMATION (§6.27): track 1 is the disc */
        uint32_t blocks = (uint32_t)MIN(blocks_of(disk), (uint64_t)UINT32_MAX);
        wr16(b, 26);
        b[2] = 1;
        b[3] = 1;
        b[5] = 0x04;          /* data track, uninterrupted */
        b[6] = 0x01;          /* data mode 1 */
        wr32(b + 24, blocks);
        reply(d, r, x, b, 28, rd16(c + 7));
        return;
    }
    case 0x5a:   /* MODE SENSE(10) */
        mode_sense(d, c, x, r);
        return;
    case 0x55: { /* MODE SELECT(10): the parameters are read and ignored */
        size_t n = MIN((size_t)rd16(c + 7), sizeof b);
        r->proto = dma ? WW_ATA_DMA_OUT : WW_ATA_PIO_OUT;
        if (n && x->from_host(x->opaque, b, n) == WW_ATA_XFER_BUS_ERROR) {
            sense(d, r, SENSE_ABORTED, 0, 0);
            return;
        }
        atapi_ok(d, r);
        return;
    }
    case 0xbd:   /* MECHANISM STATUS (§6.11): no changer */
        wr16(b + 6, 0);
        reply(d, r, x, b, 8, rd16(c + 8));
        return;
    default:
        r->proto = WW_ATA_NODATA;
        sense(d, r, SENSE_ILLEGAL_REQUEST, 0x20, 0);   /* invalid command operation code */
        return;
    }
}

/* ---- dispatch -------------------------------------------------------------------------- */
/* IDENTIFY (PACKET) DEVICE: the 256 words (ww_ata_identify) as one PIO-in sector,
 * little-endian words (ACS §7.16, §7.17). */
static void identify(ww_ata_drive *d, ww_disk *disk, const ww_ata_xfer *x, ww_ata_result *r)
{
    uint16_t id[256];
    ww_ata_identify(d, disk, id);
    r->proto = WW_ATA_PIO_IN;
    uint8_t b[512];
    for (unsigned i = 0; i < 256; i++) {
        b[2 * i] = (uint8_t)id[i];
        b[2 * i + 1] = (uint8_t)(id[i] >> 8);
    }
    if (send(x, r, b, sizeof b) != WW_ATA_XFER_OK)
        fail(r, ATA_ER_ABRT);
    else
        ok(r);
}

void ww_ata_exec(ww_ata_drive *d, ww_disk *disk, const ww_ata_tf *tf, const uint8_t cdb[16],
                 const ww_ata_xfer *x, ww_ata_result *r)
{
    memset(r, 0, sizeof *r);
    r->tf = *tf;
    r->tf.device &= 0xf0;
    r->proto = WW_ATA_NODATA;
    bool atapi = ww_ata_is_atapi(disk);
    uint64_t lba48 = tf->lba & 0xffffffffffffull;
    unsigned n48 = tf->count ? tf->count : 65536;
    unsigned n28 = (tf->count & 0xff) ? tf->count & 0xff : 256;
    if (!disk) {
        fail(r, ATA_ER_ABRT);
        return;
    }
    if (atapi) {
        switch (tf->command) {
        case ATA_PACKET:
            packet(d, disk, tf, cdb, x, r);
            return;
        case ATA_IDENTIFY_PACKET:
            identify(d, disk, x, r);
            return;
        case ATA_DEVICE_RESET:
        case ATA_EXEC_DIAG: {
            ww_ata_tf sig;
            ww_ata_reset(d, disk, &sig);
            r->tf = sig;
            return;
        }
        case ATA_IDENTIFY:
        case ATA_READ_SECTORS:
        case ATA_READ_DMA:
        case ATA_READ_DMA_EXT:
            /* ATAPI devices abort these and show their signature (ACS §7.16.4) */
            fail(r, ATA_ER_ABRT);
            r->tf.count = 1;
            r->tf.lba = 0xeb1401;
            return;
        case ATA_SET_FEATURES:
            set_features(d, tf, r);
            return;
        case ATA_NOP:
            fail(r, ATA_ER_ABRT);
            return;
        case ATA_CHECK_POWER:
            ok(r);
            r->tf.count = 0xff;
            return;
        case ATA_IDLE_IMM: case ATA_STANDBY_IMM: case ATA_IDLE: case ATA_STANDBY:
        case ATA_SLEEP: case ATA_FLUSH_CACHE:
            ok(r);
            return;
        default:
            fail(r, ATA_ER_ABRT);
            return;
        }
    }
    switch (tf->command) {
    case ATA_IDENTIFY:
        identify(d, disk, x, r);
        return;
    case ATA_READ_DMA_EXT:
    case ATA_WRITE_DMA_EXT:
    case ATA_WRITE_DMA_FUA_EXT: {
        bool w = tf->command != ATA_READ_DMA_EXT;
        r->proto = w ? WW_ATA_DMA_OUT : WW_ATA_DMA_IN;
        ok(r);
        rw_sectors(d, disk, lba48, n48, w, tf->command == ATA_WRITE_DMA_FUA_EXT, x, r);
        return;
    }
    case ATA_READ_SECTORS_EXT:
    case ATA_READ_MULTIPLE_EXT:
    case ATA_WRITE_SECTORS_EXT:
    case ATA_WRITE_MULTIPLE_EXT: {
        bool w = tf->command == ATA_WRITE_SECTORS_EXT || tf->command == ATA_WRITE_MULTIPLE_EXT;
        if ((tf->command == ATA_READ_MULTIPLE_EXT || tf->command == ATA_WRITE_MULTIPLE_EXT) &&
            !d->multiple) {
            fail(r, ATA_ER_ABRT);
            return;
        }
        r->proto = w ? WW_ATA_PIO_OUT : WW_ATA_PIO_IN;
        ok(r);
        rw_sectors(d, disk, lba48, n48, w, false, x, r);
        return;
    }
    case ATA_READ_DMA:
    case ATA_WRITE_DMA:
    case ATA_READ_SECTORS:
    case ATA_WRITE_SECTORS:
    case ATA_READ_MULTIPLE:
    case ATA_WRITE_MULTIPLE: {
        bool w = tf->command == ATA_WRITE_DMA || tf->command == ATA_WRITE_SECTORS ||
                 tf->command == ATA_WRITE_MULTIPLE;
        bool dma = tf->command == ATA_READ_DMA || tf->command == ATA_WRITE_DMA;
        if ((tf->command == ATA_READ_MULTIPLE || tf->command == ATA_WRITE_MULTIPLE) &&
            !d->multiple) {
            fail(r, ATA_ER_ABRT);
            return;
        }
        uint64_t lba = lba28(tf);
        r->proto = dma ? (w ? WW_ATA_DMA_OUT : WW_ATA_DMA_IN) : (w ? WW_ATA_PIO_OUT : WW_ATA_PIO_IN);
        ok(r);
        if (lba == UINT64_MAX) {
            fail(r, ATA_ER_IDNF | ATA_ER_ABRT);
            return;
        }
        rw_sectors(d, disk, lba, n28, w, false, x, r);
        return;
    }
    case ATA_READ_FPDMA:
    case ATA_WRITE_FPDMA: {
        bool w = tf->command == ATA_WRITE_FPDMA;
        unsigned n = tf->features ? tf->features : 65536;
        r->proto = w ? WW_ATA_DMA_OUT : WW_ATA_DMA_IN;
        ok(r);
        rw_sectors(d, disk, lba48, n, w, w && (tf->device & 0x80), x, r);
        return;
    }
    case ATA_READ_VERIFY:
    case ATA_READ_VERIFY_EXT: {
        uint64_t lba = tf->command == ATA_READ_VERIFY ? lba28(tf) : lba48;
        uint64_t n = tf->command == ATA_READ_VERIFY ? n28 : n48;
        uint64_t cap = sectors_of(disk);
        if (lba > cap || n > cap - lba)
            fail(r, ATA_ER_IDNF | ATA_ER_ABRT);
        else
            ok(r);
        return;
    }
    case ATA_FLUSH_CACHE:
    case ATA_FLUSH_CACHE_EXT: {
        GError *err = NULL;
        if (!ww_disk_flush(disk, &err)) {
            g_clear_error(&err);
            r->flush_failed = true;
            fail(r, ATA_ER_ABRT);
        } else {
            ok(r);
        }
        return;
    }
    case ATA_SET_FEATURES:
        set_features(d, tf, r);
        return;
    case ATA_SET_MULTIPLE: {
        unsigned n = tf->count & 0xff;
        if (n > MAX_MULTIPLE || (n & (n - 1))) {
            fail(r, ATA_ER_ABRT);
            return;
        }
        d->multiple = (uint8_t)n;
        ok(r);
        return;
    }
    case ATA_READ_NATIVE_MAX_EXT:
    case ATA_READ_NATIVE_MAX: {
        uint64_t m = sectors_of(disk) ? sectors_of(disk) - 1 : 0;
        ok(r);
        if (tf->command == ATA_READ_NATIVE_MAX) {
            m = MIN(m, (uint64_t)0x0fffffff);
            r->tf.device = (uint8_t)(0x40 | ((m >> 24) & 0x0f));
            r->tf.lba = m & 0xffffff;
        } else {
            r->tf.lba = m;
        }
        return;
    }
    case ATA_READ_LOG_EXT:
        read_log(d, tf, x, r);
        return;
    case ATA_DEVICE_RESET:
        fail(r, ATA_ER_ABRT);   /* for packet devices only */
        return;
    case ATA_EXEC_DIAG: {
        ww_ata_tf sig;
        ww_ata_reset(d, disk, &sig);
        r->tf = sig;
        return;
    }
    case ATA_CHECK_POWER:
        ok(r);
        r->tf.count = 0xff;   /* active or idle */
        return;
    case ATA_RECALIBRATE:
    case ATA_SEEK:
    case ATA_INIT_PARAMS:
    case ATA_IDLE_IMM:
    case ATA_STANDBY_IMM:
    case ATA_IDLE:
    case ATA_STANDBY:
    case ATA_SLEEP:
        ok(r);
        return;
    default:
        fail(r, ATA_ER_ABRT);   /* §6.2.1: command not supported */
        return;
    }
}
