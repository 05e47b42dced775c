/* chips/storage/ata.h — the ATA/ATAPI command layer, independent of the
 * transport (AHCI's FISes and PRDTs in chips/storage/ahci.c; a parallel
 * task-file channel such as Mac I/O ATA moves the same data through its own
 * registers). A transport hands over a task file (and for PACKET the CDB),
 * supplies the data path as two callbacks, and gets back the task file the
 * device ends with. Commands run to completion in one call (the media are
 * host files); timing is the transport's business.
 *
 * The device state is a plain struct described by ww_ata_drive_record, so a
 * chip embeds it in its own state and snapshots carry it.
 *
 * Sources: ATA/ATAPI-8 ACS (T13/1699-D rev 6a): IDENTIFY DEVICE words
 * (§7.16, Table 22), IDENTIFY PACKET DEVICE (§7.17), the command set and its
 * error outputs (§7.x per command), READ/WRITE FPDMA QUEUED (§7.24, §7.59:
 * tag in COUNT 7:3, sector count in FEATURES), READ LOG EXT (§7.23) with the
 * NCQ command error log 10h (§A.13 of ACS-2); ATA8-AAM §9 (signatures:
 * 01h/01h/00h/00h for ATA, 01h/01h/14h/EBh for ATAPI); MMC-5 (T10/1675-D
 * rev 4) for the packet commands of a CD/DVD-ROM drive, and SPC-3 for
 * INQUIRY, REQUEST SENSE (fixed format sense data, §4.5.3) and MODE SENSE(10).
 */
#ifndef WW_STORAGE_ATA_H
#define WW_STORAGE_ATA_H
#include "core/backend.h"
#include "core/desc.h"

/* Status and error register bits (ACS §6.1, §6.2). */
enum { ATA_ST_ERR = 0x01, ATA_ST_DRQ = 0x08, ATA_ST_DF = 0x20, ATA_ST_DRDY = 0x40,
       ATA_ST_BSY = 0x80, ATA_ST_DSC = 0x10 };
enum { ATA_ER_AMNF = 0x01, ATA_ER_ABRT = 0x04, ATA_ER_IDNF = 0x10, ATA_ER_UNC = 0x40,
       ATA_ER_ICRC = 0x80 };
/* Command codes the layer implements (ACS chapter 7). */
enum {
    ATA_NOP = 0x00, ATA_DEVICE_RESET = 0x08, ATA_RECALIBRATE = 0x10, ATA_READ_SECTORS = 0x20,
    ATA_READ_SECTORS_EXT = 0x24, ATA_READ_DMA_EXT = 0x25, ATA_READ_NATIVE_MAX_EXT = 0x27,
    ATA_READ_MULTIPLE_EXT = 0x29, ATA_READ_LOG_EXT = 0x2f, ATA_WRITE_SECTORS = 0x30,
    ATA_WRITE_SECTORS_EXT = 0x34, ATA_WRITE_DMA_EXT = 0x35, ATA_WRITE_MULTIPLE_EXT = 0x39,
    ATA_WRITE_DMA_FUA_EXT = 0x3d, ATA_READ_VERIFY = 0x40, ATA_READ_VERIFY_EXT = 0x42,
    ATA_READ_FPDMA = 0x60, ATA_WRITE_FPDMA = 0x61, ATA_SEEK = 0x70, ATA_EXEC_DIAG = 0x90,
    ATA_INIT_PARAMS = 0x91, ATA_PACKET = 0xa0, ATA_IDENTIFY_PACKET = 0xa1,
    ATA_READ_MULTIPLE = 0xc4, ATA_WRITE_MULTIPLE = 0xc5, ATA_SET_MULTIPLE = 0xc6,
    ATA_READ_DMA = 0xc8, ATA_WRITE_DMA = 0xca, ATA_STANDBY_IMM = 0xe0, ATA_IDLE_IMM = 0xe1,
    ATA_STANDBY = 0xe2, ATA_IDLE = 0xe3, ATA_CHECK_POWER = 0xe5, ATA_SLEEP = 0xe6,
    ATA_FLUSH_CACHE = 0xe7, ATA_FLUSH_CACHE_EXT = 0xea, ATA_IDENTIFY = 0xec,
    ATA_SET_FEATURES = 0xef, ATA_READ_NATIVE_MAX = 0xf8,
};
/* SCSI sense keys and the additional sense codes used (SPC-3 §4.5.6, MMC-5). */
enum { SENSE_NONE = 0x0, SENSE_NOT_READY = 0x2, SENSE_MEDIUM_ERROR = 0x3,
       SENSE_ILLEGAL_REQUEST = 0x5, SENSE_UNIT_ATTENTION = 0x6, SENSE_DATA_PROTECT = 0x7,
       SENSE_ABORTED = 0xb };

#define ATA_SECTOR 512u
#define ATAPI_BLOCK 2048u

/* A task file: what a Register H2D FIS carries in, and a D2H FIS out. */
typedef struct ww_ata_tf {
    uint8_t command;   /* in: command; out: status */
    uint8_t error;     /* out */
    uint8_t device;
    uint8_t control;
    uint16_t features; /* 15:8 = the EXT (previous) byte */
    uint16_t count;
    uint64_t lba;      /* 47:0 */
} ww_ata_tf;

/* The device's own state (registers of a drive that persist between commands). */
typedef struct ww_ata_drive {
    uint8_t sense_key, asc, ascq;  /* ATAPI: the sense data of the last error */
    uint8_t multiple;              /* SET MULTIPLE MODE count (0: disabled) */
    uint8_t wcache;                /* volatile write cache enabled (SET FEATURES 02h/82h) */
    uint8_t xfer_mode;             /* SET FEATURES 03h: the selected transfer mode */
    uint8_t media_event;           /* ATAPI: a "new media" event to report (GET EVENT STATUS) */
    uint8_t locked;                /* ATAPI: PREVENT MEDIUM REMOVAL */
    uint8_t ncq_log[16];           /* NCQ command error log 10h bytes 0-15, while valid */
    uint8_t ncq_log_valid;
} ww_ata_drive;
extern const ww_record_desc ww_ata_drive_record;

typedef enum { WW_ATA_NODATA, WW_ATA_PIO_IN, WW_ATA_PIO_OUT, WW_ATA_DMA_IN,
               WW_ATA_DMA_OUT } ww_ata_proto;

typedef enum {
    WW_ATA_XFER_OK,
    WW_ATA_XFER_SHORT,     /* the host's buffers end before the data (overflow/underflow) */
    WW_ATA_XFER_BUS_ERROR, /* a buffer is not memory (bad PRD address) */
} ww_ata_xfer_status;

/* The transport's data path: each call moves the next `len` bytes. */
typedef struct ww_ata_xfer {
    ww_ata_xfer_status (*to_host)(void *opaque, const uint8_t *buf, size_t len);
    ww_ata_xfer_status (*from_host)(void *opaque, uint8_t *buf, size_t len);
    void *opaque;
} ww_ata_xfer;

typedef struct ww_ata_result {
    ww_ata_tf tf;           /* the registers after the command (status in .command) */
    ww_ata_proto proto;     /* how the data moved */
    uint64_t bytes;         /* bytes moved */
    ww_ata_xfer_status xfer;/* the transport's last answer */
    bool flush_failed;      /* a FLUSH or FUA write did not reach the medium */
} ww_ata_result;

/* A disk bound to a transport is an ATAPI CD-ROM when disk->cdrom is set. */
static inline bool ww_ata_is_atapi(const ww_disk *disk) { return disk && disk->cdrom; }
/* Power-on / reset: the drive's defaults and the signature task file. */
void ww_ata_reset(ww_ata_drive *d, const ww_disk *disk, ww_ata_tf *sig);
/* The signature as AHCI's PxSIG packs it: count | lba 7:0 << 8 | 15:8 << 16 | 23:16 << 24. */
uint32_t ww_ata_signature(const ww_disk *disk);
/* Run one command. cdb: the 12/16-byte packet of a PACKET command (else unused). */
void ww_ata_exec(ww_ata_drive *d, ww_disk *disk, const ww_ata_tf *tf, const uint8_t cdb[16],
                 const ww_ata_xfer *x, ww_ata_result *r);
/* The 256 words of IDENTIFY (PACKET) DEVICE, host order. */
void ww_ata_identify(const ww_ata_drive *d, const ww_disk *disk, uint16_t id[256]);
/* NCQ: READ/WRITE FPDMA QUEUED, and their tag. */
static inline bool ww_ata_is_ncq(uint8_t command)
{
    return command == ATA_READ_FPDMA || command == ATA_WRITE_FPDMA;
}
static inline unsigned ww_ata_ncq_tag(const ww_ata_tf *tf) { return (tf->count >> 3) & 31; }
/* Record a failed queued command for READ LOG EXT page 10h. */
void ww_ata_ncq_error(ww_ata_drive *d, unsigned tag, const ww_ata_tf *out);

#endif
