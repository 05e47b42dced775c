/* chips/dma/dbdma.h — the DBDMA channel engine (Apple "Descriptor-Based DMA")
 * shared by the chips that own channels: the Mac I/O DBDMA block
 * (chips/dma/dbdma.c, channels without a device of their own) and the devices
 * whose channel is part of them (chips/storage/macio_ata.c).
 *
 * Source: Apple "Macintosh Technology in the Common Hardware Reference
 * Platform" (1995), ch. 5 "DBDMA": the channel registers (ChannelControl with
 * its write mask in the high half, ChannelStatus, CommandPtr, InterruptSelect,
 * BranchSelect, WaitSelect), the 16-byte little-endian descriptor (reqCount,
 * i/b/w fields, command, key; address; cmdDep; resCount, xferStatus), the
 * commands (OUTPUT_MORE/LAST, INPUT_MORE/LAST, STORE_QUAD, LOAD_QUAD, NOP,
 * STOP) and the condition rule ((status & mask) == value on the device status
 * bits s7-s0). Linux include/asm/dbdma.h names the same bits.
 *
 * The engine fetches and writes descriptors only through ww_dma_read/write on
 * the owner's bus-master port; a descriptor that cannot be read or a transfer
 * outside memory makes the channel DEAD (and interrupts), never a host access.
 * A program runs at most DBDMA_BUDGET descriptors per step: a looping program
 * goes on in later steps (the owner's timer), so it costs virtual time and
 * never hangs the host. */
#ifndef WW_DBDMA_H
#define WW_DBDMA_H
#include "core/chip.h"

/* Channel registers (offsets within a channel's 0x100-byte block). */
enum { DBDMA_CONTROL = 0x00, DBDMA_STATUS = 0x04, DBDMA_CMDPTR_HI = 0x08,
       DBDMA_CMDPTR_LO = 0x0c, DBDMA_INTR_SEL = 0x10, DBDMA_BRANCH_SEL = 0x14,
       DBDMA_WAIT_SEL = 0x18, DBDMA_XFER_MODE = 0x1c, DBDMA_DATA2PTR_HI = 0x20,
       DBDMA_DATA2PTR_LO = 0x24, DBDMA_ADDRESS_HI = 0x2c, DBDMA_CHANNEL_SIZE = 0x100 };
/* ChannelStatus bits. */
enum { DBDMA_RUN = 0x8000, DBDMA_PAUSE = 0x4000, DBDMA_FLUSH = 0x2000, DBDMA_WAKE = 0x1000,
       DBDMA_DEAD = 0x0800, DBDMA_ACTIVE = 0x0400, DBDMA_BT = 0x0100,
       DBDMA_DEVSTAT = 0x00ff };
/* Descriptor commands (bits 31-28 of the first word). */
enum { DBDMA_OUTPUT_MORE = 0, DBDMA_OUTPUT_LAST = 1, DBDMA_INPUT_MORE = 2,
       DBDMA_INPUT_LAST = 3, DBDMA_STORE_QUAD = 4, DBDMA_LOAD_QUAD = 5, DBDMA_NOP = 6,
       DBDMA_STOP = 7 };
#define DBDMA_BUDGET 64

typedef struct dbdma_chan {
    uint32_t status;          /* ChannelStatus (RUN … s7-s0) */
    uint32_t cmdptr;          /* CommandPtrLo */
    uint32_t intr_sel, branch_sel, wait_sel;
    uint32_t xfer_mode, data2ptr, address_hi, cmdptr_hi;
    /* the descriptor being executed (internal) */
    uint32_t cur[4];          /* its four words as fetched (host order) */
    uint32_t done;            /* bytes of it transferred so far */
    uint8_t have_cur;         /* cur is valid (a transfer waiting for its device) */
    uint8_t irq;              /* interrupt output level (the owner drives the line) */
} dbdma_chan;

/* The owner's side of a channel: move up to len bytes between guest memory
 * at addr and the device (input: device → memory). Return bytes moved (0: the
 * device has nothing now — the channel waits), or -1: a DMA error. `last`:
 * the descriptor is an *_LAST. */
typedef int (*dbdma_xfer_fn)(ww_chip *owner, unsigned chan, bool input, uint32_t addr,
                             uint32_t len, bool last);

typedef struct dbdma_io {
    ww_chip *owner;
    unsigned bus;             /* the owner's bus-master port for descriptors and data */
    unsigned index;           /* channel number, for the callback and logs */
    dbdma_xfer_fn xfer;       /* NULL: no device (INPUT/OUTPUT wait forever) */
} dbdma_io;

extern const ww_record_desc dbdma_chan_record;

void dbdma_reset(dbdma_chan *c);
uint32_t dbdma_read(dbdma_chan *c, uint64_t off);
/* A register write; returns true when the channel should run (the owner calls
 * dbdma_run now or from a timer). */
bool dbdma_write(dbdma_chan *c, const dbdma_io *io, uint64_t off, uint32_t val);
/* Run up to DBDMA_BUDGET descriptors. Returns true when the program can go on
 * (budget spent): the owner schedules another step. */
bool dbdma_run(dbdma_chan *c, const dbdma_io *io);
/* Device status bits s7-s0 (e.g. an ATA interrupt), for the conditions. */
void dbdma_set_devstat(dbdma_chan *c, uint8_t mask, uint8_t val);
bool dbdma_active(const dbdma_chan *c);

#endif
