/* chips/storage/scsi_disk.c — a SCSI-2 direct-access disk ("scsi-disk") on the
 * SCSI bus space (chips/storage/scsi.h), its medium a disk backend (raw images
 * and the block layer behind ww_disk), 512-byte blocks.
 *
 * Sources: ANSI X3.131-1994 (SCSI-2): §5.1 bus phases and the target's phase
 * sequence (selection, MESSAGE OUT while ATN, COMMAND, DATA, STATUS, MESSAGE
 * IN: COMMAND COMPLETE, then bus free); §6.1 the command descriptor block
 * (group code: 6, 10, 10, reserved, 16, 12 bytes); §6.5 messages (IDENTIFY
 * with its LUN, MESSAGE REJECT, ABORT, BUS DEVICE RESET, the extended SDTR
 * and WDTR — answered here with MESSAGE REJECT: asynchronous, narrow); §7
 * common commands (TEST UNIT READY, REQUEST SENSE: fixed format, 18 bytes;
 * INQUIRY: 36 bytes of standard data, peripheral qualifier 3 for a LUN that
 * does not exist; MODE SENSE(6)/(10) with the block descriptor and pages 0x08
 * caching and 0x0A control; MODE SELECT taken and ignored) and §8 direct
 * access (READ CAPACITY, READ/WRITE(6) with 0 meaning 256 blocks, READ/
 * WRITE(10), VERIFY, SYNCHRONIZE CACHE, START STOP UNIT, PREVENT ALLOW MEDIUM
 * REMOVAL, FORMAT UNIT, SEEK); SPC-3 for REPORT LUNS and READ CAPACITY(16).
 * The sense keys and codes are SCSI-2's (ILLEGAL REQUEST 0x05 with 0x20
 * invalid opcode, 0x21 LBA out of range, 0x24 invalid field, 0x25 LUN not
 * supported; MEDIUM ERROR 0x03/0x11; DATA PROTECT 0x07/0x27).
 *
 *          +-------------+
 *  scsi  → | target      |   (a 0x40-byte block: map it at id * 0x40 of the
 *  disk  ⇄ | 512 B/block |    host adapter's scsi space)
 *          +-------------+
 *
 * A target with no medium bound does not answer selection (no drive at that
 * ID). Transfers stream one block at a time; every LBA and length the guest
 * gives is checked against the capacity before any byte moves. Not modelled:
 * disconnection (the target keeps the bus), tagged queuing (tags are taken
 * and ignored), synchronous transfers, a unit attention after reset, defect
 * lists, block sizes other than 512.
 * Test: tests/chips/storage/scsi.c
 */
#include "core/chip.h"
#include "core/backend.h"
#include "chips/storage/scsi.h"

#define BLOCK 512u
#define SMALL 256u

enum { ST_GOOD = 0x00, ST_CHECK = 0x02 };
enum { MSG_COMPLETE = 0x00, MSG_EXTENDED = 0x01, MSG_ABORT = 0x06, MSG_REJECT = 0x07,
       MSG_NOP = 0x08, MSG_BDR = 0x0c, MSG_IDENTIFY = 0x80 };
enum { KEY_NONE = 0, KEY_MEDIUM = 3, KEY_ILLEGAL = 5, KEY_PROTECT = 7, KEY_ABORTED = 0x0b };
enum { NONE = 0xff };
enum { OP_NONE, OP_READ, OP_WRITE, OP_DISCARD };

typedef struct {
    ww_chip chip;
    char *vendor, *product, *revision;    /* props */
    uint8_t bsy, phase, atn, lun, resume; /* resume: phase after a MESSAGE OUT */
    uint8_t done;                         /* the status was sent: bus free after MSG IN */
    uint8_t cdb[16], ncdb, need;
    uint8_t status;
    uint8_t msg_in[4], nmsg_in, pmsg_in;
    uint8_t ext[8], next_, ext_len;       /* an extended message coming in */
    uint8_t tag_bytes;                    /* a queue tag's second byte follows */
    uint8_t sense_key, asc, ascq;
    uint8_t small[SMALL];                 /* short replies (INQUIRY, sense, …) */
    uint8_t block[BLOCK];                 /* the block in flight */
    uint32_t pos;                         /* offset in small/block */
    uint32_t left;                        /* bytes left in the data phase */
    uint8_t op;                           /* what the data phase does with blocks */
    uint64_t lba;                         /* next block of a read/write */
    ww_disk *disk;                        /* backend */
} scsi_disk_t;

enum { REGION_SCSI, REGION__COUNT };
enum { BACKEND_DISK, BACKEND__COUNT };

#define AT(m) WW_AT(scsi_disk_t, m)

static const ww_reg_desc sd_regs[] = {
    { "PHASE", .flags = WW_REG_INTERNAL, .at = AT(phase), .mask = 7,
      .doc = "bus phase while BSY (0 data out, 1 data in, 2 command, 3 status, 6/7 message)" },
    { "BSY", .flags = WW_REG_INTERNAL, .at = AT(bsy), .mask = 1, .doc = "selected" },
    { "SENSE_KEY", .flags = WW_REG_INTERNAL, .at = AT(sense_key), .mask = 0xf,
      .doc = "sense key for REQUEST SENSE" },
    { "ASC", .flags = WW_REG_INTERNAL, .at = AT(asc), .doc = "additional sense code" },
    { 0 }
};

static const ww_state_desc sd_state[] = {
    { "atn",       WW_STATE_U8,  AT(atn),      "ATN as the initiator drives it" },
    { "lun",       WW_STATE_U8,  AT(lun),      "LUN of the IDENTIFY message" },
    { "resume",    WW_STATE_U8,  AT(resume),   "phase to go back to after MESSAGE OUT",
      .reset = NONE },
    { "done",      WW_STATE_U8,  AT(done),     "status sent: bus free after the message" },
    { "cdb",       WW_STATE_U8,  AT(cdb),      "command bytes" },
    { "ncdb",      WW_STATE_U8,  AT(ncdb) },
    { "need",      WW_STATE_U8,  AT(need),     "length of this command" },
    { "status",    WW_STATE_U8,  AT(status) },
    { "msg_in",    WW_STATE_U8,  AT(msg_in),   "messages to send" },
    { "nmsg_in",   WW_STATE_U8,  AT(nmsg_in) },
    { "pmsg_in",   WW_STATE_U8,  AT(pmsg_in) },
    { "ext",       WW_STATE_U8,  AT(ext),      "extended message bytes" },
    { "next",      WW_STATE_U8,  AT(next_) },
    { "ext_len",   WW_STATE_U8,  AT(ext_len) },
    { "tag_bytes", WW_STATE_U8,  AT(tag_bytes) },
    { "ascq",      WW_STATE_U8,  AT(ascq) },
    { "small",     WW_STATE_U8,  AT(small),    "short reply" },
    { "block",     WW_STATE_U8,  AT(block),    "block in flight" },
    { "pos",       WW_STATE_U32, AT(pos) },
    { "left",      WW_STATE_U32, AT(left),     "bytes left in the data phase" },
    { "op",        WW_STATE_U8,  AT(op),       "0 reply, 1 read, 2 write, 3 discard" },
    { "lba",       WW_STATE_U64, AT(lba),      "next block of the transfer" },
    { 0 }
};

static uint64_t blocks(scsi_disk_t *d)
{
    return d->disk ? d->disk->size / BLOCK : 0;
}

static void bus_free(scsi_disk_t *d)
{
    d->bsy = 0;
    d->phase = 0;
    d->resume = NONE;
    d->left = 0;
    d->op = OP_NONE;
}

static void sense(scsi_disk_t *d, uint8_t key, uint8_t asc, uint8_t ascq)
{
    d->sense_key = key;
    d->asc = asc;
    d->ascq = ascq;
}

static void to_status(scsi_disk_t *d, uint8_t st)
{
    d->status = st;
    d->phase = WW_SCSI_STATUS_IN;
    d->left = 1;
}

static void check(scsi_disk_t *d, uint8_t key, uint8_t asc, uint8_t ascq)
{
    sense(d, key, asc, ascq);
    to_status(d, ST_CHECK);
}

/* A short reply: at most `alloc` bytes of small[0..n). */
static void reply(scsi_disk_t *d, unsigned n, unsigned alloc)
{
    n = MIN(n, alloc);
    if (!n) {
        to_status(d, ST_GOOD);
        return;
    }
    d->op = OP_NONE;
    d->pos = 0;
    d->left = n;
    d->phase = WW_SCSI_DATA_IN;
}

static void put_be(uint8_t *p, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        p[i] = (uint8_t)(v >> (8 * (n - 1 - i)));
}

static uint64_t get_be(const uint8_t *p, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v = v << 8 | p[i];
    return v;
}

static void pad_copy(uint8_t *dst, const char *s, unsigned n)
{
    size_t l = s ? strlen(s) : 0;
    for (unsigned i = 0; i < n; i++)
        dst[i] = i < l ? (uint8_t)s[i] : ' ';
}

static void inquiry(scsi_disk_t *d)
{
    unsigned alloc = d->cdb[4];
    memset(d->small, 0, SMALL);
    if (d->cdb[1] & 0x01) {                 /* EVPD: no vital product data pages */
        check(d, KEY_ILLEGAL, 0x24, 0);
        return;
    }
    if (d->lun) {
        d->small[0] = 0x7f;                 /* qualifier 3: no device at this LUN */
        d->small[4] = 31;                   /* still 36 bytes (scsi_scan.c warns on fewer) */
        reply(d, 36, alloc);
        return;
    }
    d->small[0] = 0x00;                     /* direct access */
    d->small[2] = 0x02;                     /* SCSI-2 */
    d->small[3] = 0x02;                     /* response data format 2 */
    d->small[4] = 31;                       /* additional length */
    pad_copy(d->small + 8, d->vendor, 8);
    pad_copy(d->small + 16, d->product, 16);
    pad_copy(d->small + 32, d->revision, 4);
    reply(d, 36, alloc);
}

/* MODE SENSE(6)/(10): header, one block descriptor, pages 0x08 and 0x0A. */
static void mode_sense(scsi_disk_t *d, bool ten)
{
    unsigned page = d->cdb[2] & 0x3f, pc = d->cdb[2] >> 6;
    bool dbd = d->cdb[1] & 0x08;
    unsigned alloc = ten ? (unsigned)get_be(d->cdb + 7, 2) : d->cdb[4];
    unsigned hdr = ten ? 8 : 4, n = hdr;
    memset(d->small, 0, SMALL);
    if (pc == 3) {                          /* saved values: not supported */
        check(d, KEY_ILLEGAL, 0x39, 0);
        return;
    }
    if (!dbd) {
        uint64_t nb = blocks(d);
        put_be(d->small + n + 1, nb > 0xffffff ? 0xffffff : nb, 3);
        put_be(d->small + n + 5, BLOCK, 3);
        n += 8;
    }
    bool any = false;
    if (page == 0x08 || page == 0x3f) {     /* caching: write cache off */
        d->small[n] = 0x08;
        d->small[n + 1] = 0x12;
        n += 0x14;
        any = true;
    }
    if (page == 0x0a || page == 0x3f) {     /* control */
        d->small[n] = 0x0a;
        d->small[n + 1] = 0x0a;
        n += 0x0c;
        any = true;
    }
    if (!any && page != 0x00) {
        check(d, KEY_ILLEGAL, 0x24, 0);
        return;
    }
    uint8_t wp = d->disk && d->disk->readonly ? 0x80 : 0;
    if (ten) {
        put_be(d->small, n - 2, 2);
        d->small[3] = wp;
        d->small[7] = dbd ? 0 : 8;
    } else {
        d->small[0] = (uint8_t)(n - 1);
        d->small[2] = wp;
        d->small[3] = dbd ? 0 : 8;
    }
    reply(d, n, alloc);
}

/* Start a read or write of `count` blocks at `lba`, checked first. */
static void transfer(scsi_disk_t *d, uint64_t lba, uint64_t count, bool write)
{
    uint64_t nb = blocks(d);
    if (lba > nb || count > nb - lba) {
        check(d, KEY_ILLEGAL, 0x21, 0);
        return;
    }
    if (write && d->disk->readonly) {
        check(d, KEY_PROTECT, 0x27, 0);
        return;
    }
    if (!count) {
        to_status(d, ST_GOOD);
        return;
    }
    d->lba = lba;
    d->left = (uint32_t)MIN(count * BLOCK, (uint64_t)UINT32_MAX & ~(uint64_t)(BLOCK - 1));
    d->pos = BLOCK;                         /* no block loaded yet */
    d->op = write ? OP_WRITE : OP_READ;
    if (write)
        d->pos = 0;
    d->phase = write ? WW_SCSI_DATA_OUT : WW_SCSI_DATA_IN;
}

static void execute(scsi_disk_t *d)
{
    const uint8_t *c = d->cdb;
    if (!d->disk) {
        check(d, 0x02, 0x3a, 0);             /* NOT READY: medium not present */
        return;
    }
    if (d->lun && c[0] != 0x12 && c[0] != 0x03) {
        check(d, KEY_ILLEGAL, 0x25, 0);      /* logical unit not supported */
        return;
    }
    switch (c[0]) {
    case 0x00:                               /* TEST UNIT READY */
    case 0x01:                               /* REZERO UNIT */
    case 0x04:                               /* FORMAT UNIT (nothing to format) */
    case 0x0b:                               /* SEEK(6) */
    case 0x1b:                               /* START STOP UNIT */
    case 0x1e:                               /* PREVENT ALLOW MEDIUM REMOVAL */
    case 0x2b:                               /* SEEK(10) */
    case 0x2f:                               /* VERIFY(10): the medium is always good */
        to_status(d, ST_GOOD);
        return;
    case 0x35: {                             /* SYNCHRONIZE CACHE */
        GError *e = NULL;
        if (d->disk->flush && !d->disk->flush(d->disk, &e)) {
            ww_chip_guest_error(&d->chip, "flush of %s: %s", d->disk->name, e->message);
            g_error_free(e);
            check(d, KEY_MEDIUM, 0x0c, 0);
            return;
        }
        to_status(d, ST_GOOD);
        return;
    }
    case 0x03: {                             /* REQUEST SENSE: fixed format */
        memset(d->small, 0, 18);
        d->small[0] = 0x70;
        d->small[2] = d->sense_key;
        d->small[7] = 10;
        d->small[12] = d->asc;
        d->small[13] = d->ascq;
        if (d->lun) {
            d->small[2] = KEY_ILLEGAL;
            d->small[12] = 0x25;
        }
        sense(d, KEY_NONE, 0, 0);
        reply(d, 18, c[4] ? c[4] : 4);
        return;
    }
    case 0x12:
        inquiry(d);
        return;
    case 0x1a:
        mode_sense(d, false);
        return;
    case 0x5a:
        mode_sense(d, true);
        return;
    case 0x15:                               /* MODE SELECT(6): data taken, ignored */
    case 0x55: {                             /* MODE SELECT(10) */
        unsigned len = c[0] == 0x15 ? c[4] : (unsigned)get_be(c + 7, 2);
        if (!len) {
            to_status(d, ST_GOOD);
            return;
        }
        d->op = OP_DISCARD;
        d->left = len;
        d->phase = WW_SCSI_DATA_OUT;
        return;
    }
    case 0x25: {                             /* READ CAPACITY(10) */
        uint64_t last = blocks(d) ? blocks(d) - 1 : 0;
        memset(d->small, 0, 8);
        put_be(d->small, last > 0xffffffffu ? 0xffffffffu : last, 4);
        put_be(d->small + 4, BLOCK, 4);
        reply(d, 8, 8);
        return;
    }
    case 0x9e:                               /* SERVICE ACTION IN: READ CAPACITY(16) */
        if ((c[1] & 0x1f) != 0x10) {
            check(d, KEY_ILLEGAL, 0x24, 0);
            return;
        }
        memset(d->small, 0, 32);
        put_be(d->small, blocks(d) ? blocks(d) - 1 : 0, 8);
        put_be(d->small + 8, BLOCK, 4);
        reply(d, 32, (unsigned)MIN(get_be(c + 10, 4), 32u));
        return;
    case 0xa0:                               /* REPORT LUNS: LUN 0 only */
        memset(d->small, 0, 16);
        put_be(d->small, 8, 4);
        reply(d, 16, (unsigned)MIN(get_be(c + 6, 4), 16u));
        return;
    case 0x08:                               /* READ(6) */
    case 0x0a: {                             /* WRITE(6) */
        uint64_t lba = get_be(c + 1, 3) & 0x1fffff, n = c[4] ? c[4] : 256;
        transfer(d, lba, n, c[0] == 0x0a);
        return;
    }
    case 0x28:                               /* READ(10) */
    case 0x2a:                               /* WRITE(10) */
    case 0x2e:                               /* WRITE AND VERIFY(10) */
        transfer(d, get_be(c + 2, 4), get_be(c + 7, 2), c[0] != 0x28);
        return;
    case 0xa8:                               /* READ(12) */
    case 0xaa:                               /* WRITE(12) */
        transfer(d, get_be(c + 2, 4), get_be(c + 6, 4), c[0] == 0xaa);
        return;
    case 0x88:                               /* READ(16) */
    case 0x8a:                               /* WRITE(16) */
        transfer(d, get_be(c + 2, 8), get_be(c + 10, 4), c[0] == 0x8a);
        return;
    default:
        check(d, KEY_ILLEGAL, 0x20, 0);      /* invalid command operation code */
        return;
    }
}

static unsigned cdb_length(uint8_t op)
{
    switch (op >> 5) {                       /* group code (SCSI-2 §6.1.2) */
    case 0:  return 6;
    case 1:
    case 2:  return 10;
    case 4:  return 16;
    case 5:  return 12;
    default: return 6;                       /* reserved/vendor groups: 6, then refused */
    }
}

static void queue_msg(scsi_disk_t *d, uint8_t m)
{
    if (d->nmsg_in < sizeof d->msg_in)
        d->msg_in[d->nmsg_in++] = m;
}

/* Where the target goes when a MESSAGE OUT ends (ATN negated). */
static void after_msg_out(scsi_disk_t *d)
{
    if (d->atn)
        return;                              /* more message bytes */
    if (d->nmsg_in) {
        d->pmsg_in = 0;
        d->phase = WW_SCSI_MSG_IN;
        return;
    }
    if (d->resume != NONE) {
        d->phase = d->resume;
        d->resume = NONE;
        return;
    }
    d->phase = WW_SCSI_COMMAND;
    d->ncdb = 0;
    d->need = 0;
}

static void message_out(scsi_disk_t *d, uint8_t b)
{
    if (d->tag_bytes) {
        d->tag_bytes--;                      /* the tag: taken, not used */
    } else if (d->ext_len || d->next_) {
        /* an extended message: length, then its bytes */
        if (!d->ext_len) {
            d->ext_len = b ? b : 1;
            d->next_ = 0;
        } else {
            if (d->next_ < sizeof d->ext)
                d->ext[d->next_] = b;
            d->next_++;
            if (d->next_ >= d->ext_len) {
                /* SDTR, WDTR and the rest: asynchronous and narrow — reject */
                d->ext_len = d->next_ = 0;
                queue_msg(d, MSG_REJECT);
            }
        }
    } else if (b & MSG_IDENTIFY) {
        d->lun = b & 7;
    } else if (b == MSG_EXTENDED) {
        d->next_ = 1;                        /* the length byte comes next */
        d->ext_len = 0;
    } else if (b >= 0x20 && b <= 0x2f) {
        d->tag_bytes = 1;                    /* two-byte messages (queue tags) */
    } else if (b == MSG_ABORT || b == MSG_BDR) {
        bus_free(d);
        return;
    } else if (b == MSG_REJECT || b == MSG_NOP) {
        /* nothing to do */
    } else {
        queue_msg(d, MSG_REJECT);
    }
    after_msg_out(d);
}

/* A byte from the initiator (an OUT phase). */
static void byte_out(scsi_disk_t *d, uint8_t b)
{
    switch (d->phase) {
    case WW_SCSI_MSG_OUT:
        message_out(d, b);
        return;
    case WW_SCSI_COMMAND:
        if (d->ncdb == 0)
            d->need = (uint8_t)cdb_length(b);
        d->cdb[d->ncdb++] = b;
        if (d->ncdb >= d->need) {
            d->ncdb = 0;
            execute(d);
        }
        return;
    case WW_SCSI_DATA_OUT:
        if (!d->left)
            return;
        if (d->op == OP_WRITE && !d->disk) {
            check(d, 0x02, 0x3a, 0);
            return;
        }
        d->left--;
        if (d->op == OP_WRITE) {
            d->block[d->pos++] = b;
            if (d->pos == BLOCK) {
                GError *e = NULL;
                d->pos = 0;
                if (!ww_disk_write(d->disk, d->lba * BLOCK, d->block, BLOCK, &e)) {
                    ww_chip_guest_error(&d->chip, "write of block %" G_GUINT64_FORMAT ": %s",
                                        d->lba, e->message);
                    g_error_free(e);
                    check(d, KEY_MEDIUM, 0x0c, 0);
                    return;
                }
                d->lba++;
            }
        }
        if (!d->left)
            to_status(d, ST_GOOD);
        return;
    default:
        ww_chip_guest_error(&d->chip, "byte 0x%02x sent in phase %u (an IN phase)", b,
                            d->phase);
        return;
    }
}

/* A byte to the initiator (an IN phase); peek changes nothing. */
static uint8_t byte_in(scsi_disk_t *d, bool peek)
{
    uint8_t b;
    switch (d->phase) {
    case WW_SCSI_DATA_IN:
        if (!d->left)
            return 0;
        if (d->op == OP_READ) {
            if (d->pos >= BLOCK) {
                if (peek)
                    return 0;
                if (!d->disk) {
                    check(d, 0x02, 0x3a, 0);
                    return 0;
                }
                GError *e = NULL;
                if (!ww_disk_read(d->disk, d->lba * BLOCK, d->block, BLOCK, &e)) {
                    ww_chip_guest_error(&d->chip, "read of block %" G_GUINT64_FORMAT ": %s",
                                        d->lba, e->message);
                    g_error_free(e);
                    check(d, KEY_MEDIUM, 0x11, 0);
                    return 0;
                }
                d->lba++;
                d->pos = 0;
            }
            b = d->block[d->pos];
        } else {
            b = d->pos < SMALL ? d->small[d->pos] : 0;
        }
        if (!peek) {
            d->pos++;
            if (!--d->left)
                to_status(d, ST_GOOD);
        }
        return b;
    case WW_SCSI_STATUS_IN:
        if (!peek) {
            d->done = 1;
            d->nmsg_in = 0;
            queue_msg(d, MSG_COMPLETE);
            d->pmsg_in = 0;
            d->phase = WW_SCSI_MSG_IN;
            d->left = 1;
        }
        return d->status;
    case WW_SCSI_MSG_IN:
        b = d->pmsg_in < d->nmsg_in ? d->msg_in[d->pmsg_in] : MSG_NOP;
        if (peek)
            return b;
        if (++d->pmsg_in >= d->nmsg_in) {
            d->nmsg_in = d->pmsg_in = 0;
            if (d->done) {
                d->done = 0;
                bus_free(d);                 /* COMMAND COMPLETE: the target lets go */
            } else if (d->atn) {
                d->phase = WW_SCSI_MSG_OUT;
            } else if (d->resume != NONE) {
                d->phase = d->resume;
                d->resume = NONE;
            } else {
                d->phase = WW_SCSI_COMMAND;
                d->ncdb = d->need = 0;
            }
        }
        return b;
    default:
        if (!peek)
            ww_chip_guest_error(&d->chip, "byte read in phase %u (an OUT phase)", d->phase);
        return 0;
    }
}

static uint32_t phase_left(scsi_disk_t *d)
{
    switch (d->phase) {
    case WW_SCSI_DATA_IN:
    case WW_SCSI_DATA_OUT: return d->left;
    case WW_SCSI_COMMAND:  return d->need ? (uint32_t)(d->need - d->ncdb) : 1;
    case WW_SCSI_MSG_IN:   return d->nmsg_in - d->pmsg_in;
    default:               return 1;
    }
}

static void do_reset(scsi_disk_t *d)
{
    bus_free(d);
    d->atn = 0;
    d->nmsg_in = d->pmsg_in = 0;
    d->ext_len = d->next_ = d->tag_bytes = 0;
    d->done = 0;
}

static uint64_t sd_read(ww_chip *c, unsigned region, uint64_t off, unsigned size, ww_access how)
{
    scsi_disk_t *d = (scsi_disk_t *)c;
    switch (off) {
    case WW_SCSI_STATUS:
        return d->bsy ? (uint64_t)(WW_SCSI_BSY | WW_SCSI_REQ | (d->phase & 7)) : 0;
    case WW_SCSI_DATA:
        return d->bsy ? byte_in(d, how == WW_PEEK) : 0;
    case WW_SCSI_LEFT:     return d->bsy ? phase_left(d) >> 24 : 0;
    case WW_SCSI_LEFT + 1: return d->bsy ? (phase_left(d) >> 16) & 0xff : 0;
    case WW_SCSI_LEFT + 2: return d->bsy ? (phase_left(d) >> 8) & 0xff : 0;
    case WW_SCSI_LEFT + 3: return d->bsy ? phase_left(d) & 0xff : 0;
    default:
        return 0;
    }
}

static void sd_write(ww_chip *c, unsigned region, uint64_t off, uint64_t val, unsigned size)
{
    scsi_disk_t *d = (scsi_disk_t *)c;
    switch (off) {
    case WW_SCSI_SELECT:
        if (!d->disk)
            return;                          /* no drive: the selection times out */
        do_reset(d);
        d->bsy = 1;
        d->atn = val & 1;
        d->lun = 0;
        if (d->atn) {
            d->phase = WW_SCSI_MSG_OUT;
        } else {
            d->phase = WW_SCSI_COMMAND;
            d->ncdb = d->need = 0;
        }
        return;
    case WW_SCSI_DATA:
        if (d->bsy)
            byte_out(d, (uint8_t)val);
        return;
    case WW_SCSI_ATN:
        d->atn = val & 1;
        if (d->bsy && d->atn && d->phase != WW_SCSI_MSG_OUT) {
            /* The initiator wants to send a message: after this byte. */
            d->resume = d->phase;
            d->phase = WW_SCSI_MSG_OUT;
        } else if (d->bsy && !d->atn && d->phase == WW_SCSI_MSG_OUT && d->resume != NONE) {
            /* ATN withdrawn before any message byte */
        }
        return;
    case WW_SCSI_RESET:
        do_reset(d);
        sense(d, KEY_NONE, 0, 0);
        return;
    default:
        return;
    }
}

static void sd_reset(ww_chip *c, ww_reset_kind kind)
{
    do_reset((scsi_disk_t *)c);
}

static bool sd_post_load(ww_chip *c, GError **err)
{
    scsi_disk_t *d = (scsi_disk_t *)c;
    d->phase &= 7;
    d->pos = MIN(d->pos, BLOCK);
    d->ncdb = (uint8_t)MIN(d->ncdb, sizeof d->cdb);
    d->need = (uint8_t)MIN(d->need, sizeof d->cdb);
    d->nmsg_in = (uint8_t)MIN(d->nmsg_in, sizeof d->msg_in);
    d->pmsg_in = (uint8_t)MIN(d->pmsg_in, d->nmsg_in);
    if (d->op == OP_NONE && d->left > SMALL)
        d->left = SMALL;
    if ((d->op == OP_READ || d->op == OP_WRITE) && !d->disk)
        do_reset(d);
    return true;
}

static const ww_prop_desc sd_props[] = {
    { "vendor", WW_PROP_STRING, AT(vendor), "WIREWRAP", .doc = "INQUIRY vendor (8 characters)" },
    { "product", WW_PROP_STRING, AT(product), "SCSI DISK", .doc = "INQUIRY product (16)" },
    { "revision", WW_PROP_STRING, AT(revision), "1.0", .doc = "INQUIRY revision (4)" },
    { 0 }
};

static const ww_region_desc sd_regions[] = {
    [REGION_SCSI] = { "scsi", WW_SCSI_BLOCK, 1, 1, WW_BIG_ENDIAN, 0,
                      "the target's block on the bus (chips/storage/scsi.h)" },
    [REGION__COUNT] = { 0 }
};

static const ww_backend_desc sd_backends[] = {
    [BACKEND_DISK] = { "disk", WW_BACKEND_DISK, offsetof(scsi_disk_t, disk), 1,
                       "the medium (raw image, or the block layer's formats)" },
    [BACKEND__COUNT] = { 0 }
};

static const ww_chip_class scsi_disk_class = {
    .type = "scsi-disk",
    .summary = "SCSI-2 direct-access disk (512-byte blocks) on the SCSI bus space",
    .doc = "Phases, IDENTIFY/extended messages (SDTR/WDTR rejected), INQUIRY, REQUEST SENSE, "
           "MODE SENSE/SELECT, READ CAPACITY(10/16), READ/WRITE(6/10/12/16), VERIFY, "
           "SYNCHRONIZE CACHE, REPORT LUNS; LBA and lengths checked.",
    .size = sizeof(scsi_disk_t),
    .version = 1,
    .props = sd_props,
    .regions = sd_regions,
    .regs = sd_regs,
    .state = sd_state,
    .backends = sd_backends,
    .reset = sd_reset,
    .read = sd_read,
    .write = sd_write,
    .post_load = sd_post_load,
};
WW_CHIP_REGISTER(scsi_disk_class)
