/* chips/dma/dbdma_engine.c — the DBDMA descriptor engine (chips/dma/dbdma.h).
 * Not a chip: the code of one channel, used by every chip that owns channels.
 * Source and rules: see the header (CHRP "Macintosh Technology", ch. 5). */
#include "chips/dma/dbdma.h"
#include "core/dma.h"

#define CH(m) WW_AT(dbdma_chan, m)

static const ww_state_desc dbdma_chan_state[] = {
    { "status",     WW_STATE_U32, CH(status),     "ChannelStatus" },
    { "cmdptr",     WW_STATE_U32, CH(cmdptr),     "CommandPtrLo" },
    { "intr_sel",   WW_STATE_U32, CH(intr_sel),   "InterruptSelect (mask << 16 | value)" },
    { "branch_sel", WW_STATE_U32, CH(branch_sel), "BranchSelect" },
    { "wait_sel",   WW_STATE_U32, CH(wait_sel),   "WaitSelect" },
    { "xfer_mode",  WW_STATE_U32, CH(xfer_mode) },
    { "data2ptr",   WW_STATE_U32, CH(data2ptr) },
    { "address_hi", WW_STATE_U32, CH(address_hi) },
    { "cmdptr_hi",  WW_STATE_U32, CH(cmdptr_hi) },
    { "cur",        WW_STATE_U32, CH(cur),        "descriptor being executed" },
    { "done",       WW_STATE_U32, CH(done),       "bytes of it moved" },
    { "have_cur",   WW_STATE_U8,  CH(have_cur) },
    { "irq",        WW_STATE_U8,  CH(irq),        "interrupts signalled (owner pulses the line)" },
    { 0 }
};
const ww_record_desc dbdma_chan_record = { "dbdma", sizeof(dbdma_chan), dbdma_chan_state };

/* Bits the guest can set through ChannelControl. */
#define WRITABLE (DBDMA_RUN | DBDMA_PAUSE | DBDMA_FLUSH | DBDMA_WAKE | DBDMA_DEVSTAT)

void dbdma_reset(dbdma_chan *c)
{
    memset(c, 0, sizeof *c);
}

bool dbdma_active(const dbdma_chan *c)
{
    return (c->status & (DBDMA_RUN | DBDMA_ACTIVE)) == (DBDMA_RUN | DBDMA_ACTIVE) &&
           !(c->status & (DBDMA_PAUSE | DBDMA_DEAD));
}

uint32_t dbdma_read(dbdma_chan *c, uint64_t off)
{
    switch (off) {
    case DBDMA_CONTROL:     return 0;   /* write-only */
    case DBDMA_STATUS:      return c->status;
    case DBDMA_CMDPTR_HI:   return c->cmdptr_hi;
    case DBDMA_CMDPTR_LO:   return c->cmdptr;
    case DBDMA_INTR_SEL:    return c->intr_sel;
    case DBDMA_BRANCH_SEL:  return c->branch_sel;
    case DBDMA_WAIT_SEL:    return c->wait_sel;
    case DBDMA_XFER_MODE:   return c->xfer_mode;
    case DBDMA_DATA2PTR_HI: return 0;
    case DBDMA_DATA2PTR_LO: return c->data2ptr;
    case DBDMA_ADDRESS_HI:  return c->address_hi;
    default:                return 0;
    }
}

/* "Conditions": (s7-s0 & mask) == (value & mask), mask and value from the
 * select register's bits 23-16 and 7-0. */
static bool cond(const dbdma_chan *c, uint32_t sel)
{
    uint32_t mask = (sel >> 16) & 0xff, val = sel & 0xff;
    return (c->status & mask) == (val & mask);
}

static bool test(const dbdma_chan *c, unsigned field, uint32_t sel)
{
    switch (field & 3) {
    case 0:  return false;
    case 1:  return cond(c, sel);
    case 2:  return !cond(c, sel);
    default: return true;
    }
}

static void die(dbdma_chan *c, const dbdma_io *io, const char *why, uint32_t addr)
{
    ww_chip_guest_error(io->owner, "DBDMA channel %u: %s at 0x%08x; channel dead", io->index,
                        why, addr);
    c->status = (c->status | DBDMA_DEAD) & ~(uint32_t)DBDMA_ACTIVE;
    c->have_cur = 0;
    c->irq++;
}

bool dbdma_write(dbdma_chan *c, const dbdma_io *io, uint64_t off, uint32_t val)
{
    switch (off) {
    case DBDMA_CONTROL: {
        uint32_t mask = (val >> 16) & WRITABLE, data = val & 0xffff;
        uint32_t old = c->status;
        c->status = (c->status & ~mask) | (data & mask);
        if ((mask & DBDMA_RUN) && !(c->status & DBDMA_RUN)) {
            /* Clearing RUN stops the channel and clears DEAD/ACTIVE. */
            c->status &= ~(uint32_t)(DBDMA_ACTIVE | DBDMA_DEAD | DBDMA_BT);
            c->have_cur = 0;
        } else if ((c->status & DBDMA_RUN) && !(old & DBDMA_RUN)) {
            c->status = (c->status | DBDMA_ACTIVE) & ~(uint32_t)DBDMA_DEAD;
            c->have_cur = 0;
        }
        if (c->status & DBDMA_WAKE) {
            c->status &= ~(uint32_t)DBDMA_WAKE;
            if (c->status & DBDMA_RUN)
                c->status |= DBDMA_ACTIVE;
        }
        if (c->status & DBDMA_FLUSH) {
            /* Flush: report what the current descriptor moved so far
             * (written back when it completes; nothing is buffered here). */
            c->status &= ~(uint32_t)DBDMA_FLUSH;
        }
        return dbdma_active(c);
    }
    case DBDMA_CMDPTR_LO:
        if (c->status & (DBDMA_RUN | DBDMA_ACTIVE)) {
            ww_chip_guest_error(io->owner, "DBDMA channel %u: CommandPtr written while "
                                "running (ignored)", io->index);
            return false;
        }
        c->cmdptr = val & ~0xfu;   /* descriptors are 16-byte aligned */
        return false;
    case DBDMA_CMDPTR_HI:   c->cmdptr_hi = val; return false;
    case DBDMA_INTR_SEL:    c->intr_sel = val & 0x00ff00ff; return false;
    case DBDMA_BRANCH_SEL:  c->branch_sel = val & 0x00ff00ff; return dbdma_active(c);
    case DBDMA_WAIT_SEL:    c->wait_sel = val & 0x00ff00ff; return dbdma_active(c);
    case DBDMA_XFER_MODE:   c->xfer_mode = val; return false;
    case DBDMA_DATA2PTR_LO: c->data2ptr = val; return false;
    case DBDMA_ADDRESS_HI:  c->address_hi = val; return false;
    default:
        ww_chip_unimp(io->owner, "DBDMA register write", 0, off);
        return false;
    }
}

void dbdma_set_devstat(dbdma_chan *c, uint8_t mask, uint8_t val)
{
    c->status = (c->status & ~(uint32_t)mask) | (val & mask);
}

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put_le32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24);
}

/* Finish the current descriptor: resCount and xferStatus (and LOAD_QUAD's
 * data) go back to memory, then interrupt, branch and wait are decided. */
static bool complete(dbdma_chan *c, const dbdma_io *io, unsigned cmd, uint32_t req)
{
    uint32_t w0 = c->cur[0];
    uint8_t tail[8];
    put_le32(tail, c->cur[2]);
    put_le32(tail + 4, (req - MIN(c->done, req)) | (c->status & 0xffff) << 16);
    if (ww_dma_write(io->owner, io->bus, c->cmdptr + 8, tail, 8) != WW_DMA_OK) {
        die(c, io, "descriptor write-back outside memory", c->cmdptr + 8);
        return false;
    }
    c->have_cur = 0;
    if (cmd == DBDMA_STOP)
        return true;
    if (test(c, (w0 >> 20) & 3, c->intr_sel))
        c->irq++;
    if (test(c, (w0 >> 18) & 3, c->branch_sel)) {
        c->cmdptr = c->cur[2] & ~0xfu;
        c->status |= DBDMA_BT;
    } else {
        c->cmdptr += 16;
        c->status &= ~(uint32_t)DBDMA_BT;
    }
    return true;
}

bool dbdma_run(dbdma_chan *c, const dbdma_io *io)
{
    for (unsigned n = 0; n < DBDMA_BUDGET; n++) {
        if (!dbdma_active(c))
            return false;
        if (!c->have_cur) {
            uint8_t d[16];
            if (ww_dma_read(io->owner, io->bus, c->cmdptr, d, 16) != WW_DMA_OK) {
                die(c, io, "descriptor outside memory", c->cmdptr);
                return false;
            }
            for (unsigned k = 0; k < 4; k++)
                c->cur[k] = le32(d + 4 * k);
            c->done = 0;
            c->have_cur = 1;
        }
        uint32_t w0 = c->cur[0], addr = c->cur[1];
        unsigned cmd = w0 >> 28;
        uint32_t req = w0 & 0xffff;
        /* A descriptor waits while its wait condition holds ("w" field). */
        if (test(c, (w0 >> 16) & 3, c->wait_sel))
            return false;
        switch (cmd) {
        case DBDMA_OUTPUT_MORE: case DBDMA_OUTPUT_LAST:
        case DBDMA_INPUT_MORE:  case DBDMA_INPUT_LAST: {
            bool input = cmd >= DBDMA_INPUT_MORE;
            while (c->done < req) {
                if (!io->xfer)
                    return false;   /* no device on this channel: it waits */
                int got = io->xfer(io->owner, io->index, input, addr + c->done, req - c->done,
                                   cmd == DBDMA_OUTPUT_LAST || cmd == DBDMA_INPUT_LAST);
                if (got < 0) {
                    die(c, io, input ? "INPUT buffer outside memory"
                                     : "OUTPUT buffer outside memory", addr + c->done);
                    return false;
                }
                if (got == 0)
                    return false;   /* the device has nothing now: wait for it */
                c->done += MIN((uint32_t)got, req - c->done);
            }
            break;
        }
        case DBDMA_STORE_QUAD: {
            uint8_t b[4];
            unsigned len = (req == 1 || req == 2) ? req : 4;
            put_le32(b, c->cur[2]);
            if (ww_dma_write(io->owner, io->bus, addr, b, len) != WW_DMA_OK) {
                die(c, io, "STORE_QUAD outside memory", addr);
                return false;
            }
            c->done = len;
            break;
        }
        case DBDMA_LOAD_QUAD: {
            uint8_t b[4] = { 0 };
            unsigned len = (req == 1 || req == 2) ? req : 4;
            if (ww_dma_read(io->owner, io->bus, addr, b, len) != WW_DMA_OK) {
                die(c, io, "LOAD_QUAD outside memory", addr);
                return false;
            }
            c->cur[2] = le32(b);
            c->done = len;
            break;
        }
        case DBDMA_NOP:
            break;
        case DBDMA_STOP:
            /* The channel stops at this descriptor: ACTIVE clears, a WAKE
             * refetches it. */
            c->status &= ~(uint32_t)DBDMA_ACTIVE;
            c->have_cur = 0;
            return false;
        default:
            die(c, io, "invalid command", c->cmdptr);
            return false;
        }
        if (!complete(c, io, cmd, req))
            return false;
    }
    return dbdma_active(c);
}
