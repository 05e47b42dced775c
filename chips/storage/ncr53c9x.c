/* chips/storage/ncr53c9x.c — NCR 53C90A/53C94/53C96 "ESP" SCSI controller
 * (initiator role): the Quadra 800's SCSI chip (53C96) and the NeXT's
 * (53C90A), on the SCSI bus space (chips/storage/scsi.h) with a DMA data
 * port for the board's DMA or pseudo-DMA.
 *
 * Sources: NCR "53C94/53C95/53C96 Advanced SCSI Controller" data manual:
 * register map (read: transfer counter low/mid, FIFO, command, status,
 * interrupt, sequence step, FIFO flags, configuration 1-3; write: the counter's
 * latches, FIFO, command, destination ID, selection time-out, synchronous
 * period/offset, clock conversion, test, configuration), the status register
 * (bits 2-0 MSG C/D I/O, 4 terminal count, 5 parity error, 6 gross error, 7
 * interrupt), the interrupt register (selected, selected with ATN,
 * reselected, function complete, bus service, disconnect, illegal command,
 * SCSI reset) which a read clears together with the status's interrupt bit
 * and the sequence step, the command set (NOP, Flush FIFO, Reset Chip, Reset
 * SCSI Bus; Transfer Information, Initiator Command Complete Steps, Message
 * Accepted, Transfer Pad, Set/Reset ATN; Select without ATN, with ATN, with
 * ATN and Stop, with ATN3, Enable/Disable Selection; bit 7 = DMA, which loads
 * the counter from its latches, 0 meaning 64 KiB), the sequence step values
 * of the selection commands (0 selection only, 1 message byte sent and
 * stopped, 2 no command phase, 3 command phase left early, 4 done), the
 * selection time-out of (register × 8192 × clock conversion) clocks, and
 * configuration 1 bit 6 (no interrupt for a SCSI reset the chip itself did).
 * The Linux drivers are the reference for what a host expects:
 * drivers/scsi/esp_scsi.c (esp_get_revision: configuration 2 and 3 read back
 * identify the 53C9x; esp_finish_select: FDONE|BSERV or DC; data done: BSERV;
 * ICCS then MOK then DC) and mac_esp.c (pseudo-DMA: 16-bit accesses at +0x100,
 * the DRQ seen on VIA2 CA2). QEMU hw/scsi/esp.c was read for the same.
 *
 *          +-----------+
 *  regs  → | 53C9x     |→ irq  (INT, active high here: wire it inverted to an
 *  dma   ⇄ | FIFO (16) |        active-low input, e.g. the Quadra's VIA2 CB2)
 *          | TC        |→ drq  (DREQ: the DMA port wants or has a byte)
 *          |           |⇄ scsi (bus-master port: the SCSI bus space)
 *          +-----------+
 *
 * Every byte the host's DMA moves is one access of the dma region (1 or 2
 * bytes, big-endian); accesses beyond the count, outside a DMA command or in
 * the wrong phase move nothing (reads give 0) and are logged. Bus phases come
 * from the target; the chip never holds the bus by itself. Not modelled: the
 * target role and reselection (the model's targets never disconnect),
 * synchronous transfers (period/offset are stored), parity, the 24-bit
 * counter of the FAS variants, the FIFO's bottom register and the test
 * modes.
 * Test: tests/chips/storage/scsi.c
 */
#include "core/chip.h"
#include "core/space.h"
#include "chips/storage/scsi.h"

#define FIFO 16
#define NOTARGET 0xff

typedef struct {
    ww_chip chip;
    uint32_t variant;          /* prop */
    uint64_t clock_hz;         /* prop */
    uint64_t latency_ns;       /* prop */
    uint8_t tcl, tcm;          /* counter latches (TCLO/TCMID written) */
    uint32_t tc;               /* the counter */
    uint8_t fifo[FIFO], nfifo;
    uint8_t cmd, status, intr, seq;
    uint8_t cfg1, cfg2, cfg3, busid, timeo, stp, soff, ccf, test;
    /* the operation in progress */
    uint8_t target;            /* connected target, or NOTARGET */
    uint8_t atn;               /* ATN driven */
    uint8_t op;                /* OP_* */
    uint8_t dma;               /* the operation's bytes go through the DMA port */
    uint8_t dma_phase;         /* the bus phase a DMA transfer runs in */
    uint8_t sel_msgs;          /* selection: message bytes still to send */
    uint8_t sel_stop;          /* selection with ATN and stop */
    uint8_t ack_held;          /* a MESSAGE IN byte read but not yet acknowledged */
    uint8_t pend_intr, pend_seq;  /* interrupt to raise when the timer fires */
    ww_timer int_timer;
    ww_line irq, drq;
} esp_t;

enum { VAR_53C90A, VAR_53C94, VAR_53C96 };
enum { R_TCLO = 0, R_TCMID = 1, R_FIFO = 2, R_CMD = 3, R_STATUS = 4, R_INTR = 5, R_SEQ = 6,
       R_FFLAGS = 7, R_CFG1 = 8, R_CCF = 9, R_TEST = 10, R_CFG2 = 11, R_CFG3 = 12,
       R_TCHI = 14, R_FBOTTOM = 15 };
/* write-side names of the shared offsets */
enum { R_BUSID = 4, R_TIMEO = 5, R_STP = 6, R_SOFF = 7 };
enum { ST_PHASE = 0x07, ST_VGC = 0x08, ST_TC = 0x10, ST_PE = 0x20, ST_GE = 0x40,
       ST_INT = 0x80 };
enum { IN_SEL = 0x01, IN_SELATN = 0x02, IN_RESEL = 0x04, IN_FC = 0x08, IN_BS = 0x10,
       IN_DC = 0x20, IN_ILL = 0x40, IN_RST = 0x80 };
enum { CMD_DMA = 0x80, CMD_CODE = 0x7f };
enum { C_NOP = 0x00, C_FLUSH = 0x01, C_RESET = 0x02, C_BUSRESET = 0x03, C_TI = 0x10,
       C_ICCS = 0x11, C_MOK = 0x12, C_TPAD = 0x18, C_SATN = 0x1a, C_RATN = 0x1b,
       C_RSEL = 0x40, C_SEL = 0x41, C_SELATN = 0x42, C_SELATNS = 0x43, C_ESEL = 0x44,
       C_DSEL = 0x45, C_SELATN3 = 0x46, C_RSEL3 = 0x47 };
enum { CFG1_ID = 0x07, CFG1_SRRDISAB = 0x40 };
enum { OP_IDLE, OP_SELECT, OP_TI_OUT, OP_TI_IN, OP_PAD, OP_TIMEOUT };
enum { REGION_REGS, REGION_DMA, REGION__COUNT };
enum { PORT_IRQ, PORT_DRQ, PORT__COUNT };
enum { BUS_SCSI, BUS__COUNT };

#define AT(m) WW_AT(esp_t, m)

static const ww_field_desc status_fields[] = {
    WW_FIELD_MASK("PHASE", ST_PHASE, "MSG, C/D, I/O of the bus"),
    WW_FIELD(ST_, TC, "terminal count: the counter reached 0"),
    WW_FIELD(ST_, PE, "parity error"), WW_FIELD(ST_, GE, "gross error (FIFO overrun …)"),
    WW_FIELD(ST_, INT, "interrupt pending (cleared by reading the interrupt register)"),
    { 0 }
};
static const ww_field_desc intr_fields[] = {
    WW_FIELD(IN_, SEL, "selected"), WW_FIELD(IN_, SELATN, "selected with ATN"),
    WW_FIELD(IN_, RESEL, "reselected"), WW_FIELD(IN_, FC, "function complete"),
    WW_FIELD(IN_, BS, "bus service"), WW_FIELD(IN_, DC, "disconnect"),
    WW_FIELD(IN_, ILL, "illegal command"), WW_FIELD(IN_, RST, "SCSI reset"),
    { 0 }
};
static const ww_field_desc cmd_fields[] = {
    WW_FIELD_MASK("CODE", CMD_CODE, "the command"), WW_FIELD_MASK("DMA", CMD_DMA, "DMA mode"),
    { 0 }
};
static const ww_field_desc cfg1_fields[] = {
    WW_FIELD_MASK("ID", CFG1_ID, "the chip's own bus ID"),
    WW_FIELD_MASK("SRRDISAB", CFG1_SRRDISAB, "no interrupt for a reset the chip made"),
    { 0 }
};

static const ww_reg_desc esp_regs[] = {
    /* name      region       off        w  flags */
    { "TCLO",    REGION_REGS, R_TCLO,    1, WW_REG_SIDE, .doc = "read: counter bits 7-0; write: latch" },
    { "TCMID",   REGION_REGS, R_TCMID,   1, WW_REG_SIDE, .doc = "read: counter bits 15-8; write: latch" },
    { "FIFO",    REGION_REGS, R_FIFO,    1, WW_REG_RC | WW_REG_SIDE, .doc = "FIFO (16 bytes)" },
    { "CMD",     REGION_REGS, R_CMD,     1, WW_REG_SIDE, .at = AT(cmd), .fields = cmd_fields,
      .doc = "command (write executes it)" },
    { "STATUS",  REGION_REGS, R_STATUS,  1, WW_REG_SIDE, .at = AT(status), .fields = status_fields,
      .doc = "read: status; write: destination bus ID" },
    { "INTR",    REGION_REGS, R_INTR,    1, WW_REG_RC | WW_REG_SIDE, .at = AT(intr),
      .fields = intr_fields, .doc = "read: interrupt (clears it); write: selection time-out" },
    { "SEQ",     REGION_REGS, R_SEQ,     1, WW_REG_SIDE, .at = AT(seq),
      .doc = "read: sequence step; write: synchronous period" },
    { "FFLAGS",  REGION_REGS, R_FFLAGS,  1, WW_REG_SIDE,
      .doc = "read: FIFO count (bits 4-0), sequence step (7-5); write: synchronous offset" },
    { "CFG1",    REGION_REGS, R_CFG1,    1, WW_RW, .at = AT(cfg1), .fields = cfg1_fields },
    { "CCF",     REGION_REGS, R_CCF,     1, WW_REG_WO, .at = AT(ccf), .doc = "clock conversion (0 = 8)" },
    { "TEST",    REGION_REGS, R_TEST,    1, WW_REG_WO, .at = AT(test) },
    { "CFG2",    REGION_REGS, R_CFG2,    1, WW_RW, .at = AT(cfg2) },
    { "CFG3",    REGION_REGS, R_CFG3,    1, WW_RW, .at = AT(cfg3), .doc = "53C94/96 only" },
    { "BUSID",   .flags = WW_REG_INTERNAL, .at = AT(busid), .mask = 7, .doc = "destination ID" },
    { "TIMEO",   .flags = WW_REG_INTERNAL, .at = AT(timeo), .doc = "selection time-out" },
    { "STP",     .flags = WW_REG_INTERNAL, .at = AT(stp), .doc = "synchronous period" },
    { "SOFF",    .flags = WW_REG_INTERNAL, .at = AT(soff), .doc = "synchronous offset" },
    { "TC",      .flags = WW_REG_INTERNAL, .at = AT(tc), .mask = 0xffff, .doc = "the counter" },
    { "TCL",     .flags = WW_REG_INTERNAL, .at = AT(tcl), .doc = "counter latch low" },
    { "TCM",     .flags = WW_REG_INTERNAL, .at = AT(tcm), .doc = "counter latch mid" },
    { 0 }
};

static void int_fire(ww_chip *c, unsigned i);

static const ww_state_desc esp_state[] = {
    { "fifo",      WW_STATE_U8, AT(fifo),      "FIFO (fifo[0] is the next out)" },
    { "nfifo",     WW_STATE_U8, AT(nfifo) },
    { "target",    WW_STATE_U8, AT(target),    "connected target (0xFF: none)", .reset = NOTARGET },
    { "atn",       WW_STATE_U8, AT(atn),       "ATN driven" },
    { "op",        WW_STATE_U8, AT(op),        "operation in progress" },
    { "dma",       WW_STATE_U8, AT(dma),       "its bytes go through the DMA port" },
    { "dma_phase", WW_STATE_U8, AT(dma_phase), "the phase of the DMA transfer" },
    { "sel_msgs",  WW_STATE_U8, AT(sel_msgs),  "selection: message bytes to send" },
    { "sel_stop",  WW_STATE_U8, AT(sel_stop),  "select with ATN and stop" },
    { "ack_held",  WW_STATE_U8, AT(ack_held),  "a message byte waits for Message Accepted" },
    { "pend_intr", WW_STATE_U8, AT(pend_intr), "interrupt bits to raise" },
    { "pend_seq",  WW_STATE_U8, AT(pend_seq) },
    { "int_timer", WW_STATE_TIMER, AT(int_timer), "the pending interrupt", .fire = int_fire },
    { 0 }
};

/* ---- the bus ------------------------------------------------------------------------ */

static ww_space *bus(esp_t *e)
{
    return e->chip.bus[BUS_SCSI];
}

static uint8_t t_read(esp_t *e, unsigned reg, bool peek)
{
    uint64_t v = 0;
    if (e->target == NOTARGET || !bus(e))
        return 0;
    if (peek)
        ww_space_peek(bus(e), ww_scsi_reg(e->target, reg), 1, &v);
    else
        ww_space_read(bus(e), ww_scsi_reg(e->target, reg), 1, &v);
    return (uint8_t)v;
}

static void t_write(esp_t *e, unsigned id, unsigned reg, uint8_t v)
{
    if (bus(e))
        ww_space_write(bus(e), ww_scsi_reg(id, reg), 1, v);
}

/* The bus phase (0-7), or -1 when the target let go of the bus. */
static int phase(esp_t *e)
{
    uint8_t s = t_read(e, WW_SCSI_STATUS, true);
    if (!(s & WW_SCSI_BSY)) {
        e->target = NOTARGET;
        return -1;
    }
    return s & WW_SCSI_PHASE;
}

/* ---- interrupts and DREQ -------------------------------------------------------- */

static void update_lines(esp_t *e)
{
    ww_line_set(&e->irq, (e->status & ST_INT) != 0);
    bool want = false;
    if (e->op == OP_TIMEOUT)
        want = e->dma && e->tc && e->nfifo < FIFO;   /* prefetching the selection bytes */
    else if (e->dma && e->tc && e->target != NOTARGET) {
        int p = phase(e);
        if (e->op == OP_TI_IN)
            want = p >= 0 && ww_scsi_phase_in((unsigned)p);
        else if (e->op == OP_TI_OUT || e->op == OP_SELECT)
            want = p >= 0 && !ww_scsi_phase_in((unsigned)p);
        else if (e->op == OP_PAD)
            want = p >= 0;
    }
    ww_line_set(&e->drq, want);
}

static void raise_now(esp_t *e, uint8_t bits, uint8_t seq)
{
    e->intr |= bits;
    e->seq = seq;
    e->status |= ST_INT;
    int p = e->target != NOTARGET ? phase(e) : -1;
    if (p >= 0)
        e->status = (uint8_t)((e->status & ~ST_PHASE) | p);
    update_lines(e);
}

static void int_fire(ww_chip *c, unsigned i)
{
    esp_t *e = (esp_t *)c;
    uint8_t bits = e->pend_intr, seq = e->pend_seq;
    e->pend_intr = 0;
    if (e->op == OP_TIMEOUT) {
        e->op = OP_IDLE;
        e->dma = 0;
    }
    raise_now(e, bits, seq);
}

/* An operation ends: the interrupt comes after the bus latency. */
static void finish(esp_t *e, uint8_t bits, uint8_t seq, ww_time delay)
{
    e->op = OP_IDLE;
    e->dma = 0;
    if (!e->chip.realized) {
        raise_now(e, bits, seq);
        return;
    }
    e->pend_intr |= bits;
    e->pend_seq = seq;
    ww_timer_mod(&e->int_timer, ww_sched_now(e->chip.sched) + delay);
    update_lines(e);
}

static void done(esp_t *e, uint8_t bits, uint8_t seq)
{
    finish(e, bits, seq, e->latency_ns);
}

/* After a transfer: bus service when the target asks for another phase,
 * disconnect when it let go. */
static void end_transfer(esp_t *e)
{
    done(e, phase(e) < 0 ? IN_DC : IN_BS, 0);
}

static void count_byte(esp_t *e)
{
    if (e->tc) {
        e->tc--;
        if (!e->tc)
            e->status |= ST_TC;
    }
}

/* ---- FIFO ----------------------------------------------------------------------------- */

static void fifo_push(esp_t *e, uint8_t b)
{
    if (e->nfifo >= FIFO) {
        e->status |= ST_GE;             /* overrun */
        return;
    }
    e->fifo[e->nfifo++] = b;
}

static uint8_t fifo_pop(esp_t *e)
{
    if (!e->nfifo)
        return 0;
    uint8_t b = e->fifo[0];
    memmove(e->fifo, e->fifo + 1, FIFO - 1);
    e->nfifo--;
    return b;
}

/* ---- the operations ----------------------------------------------------------------- */

/* One byte of a selection's message/command bytes (from the FIFO or DMA);
 * returns false when the selection ended. */
static bool select_byte(esp_t *e, uint8_t b)
{
    int p = phase(e);
    if (p == WW_SCSI_MSG_OUT && e->sel_msgs) {
        if (e->sel_msgs == 1 && !e->sel_stop) {
            e->atn = 0;                  /* ATN off before the last message byte */
            t_write(e, e->target, WW_SCSI_ATN, 0);
        }
        t_write(e, e->target, WW_SCSI_DATA, b);
        e->sel_msgs--;
        if (!e->sel_msgs && e->sel_stop) {
            done(e, IN_FC | IN_BS, 1);
            return false;
        }
    } else if (p == WW_SCSI_COMMAND) {
        e->sel_msgs = 0;
        t_write(e, e->target, WW_SCSI_DATA, b);
    } else {
        /* The target went elsewhere: the selection ends early. */
        done(e, IN_FC | IN_BS, e->sel_msgs ? 2 : 3);
        return false;
    }
    p = phase(e);
    if (p != WW_SCSI_COMMAND && p != WW_SCSI_MSG_OUT) {
        done(e, p < 0 ? IN_DC : IN_FC | IN_BS, 4);    /* the command went out */
        return false;
    }
    return true;
}

/* The selection's bytes ran out (FIFO empty or counter at 0). */
static void select_out_of_bytes(esp_t *e)
{
    int p = phase(e);
    done(e, p < 0 ? IN_DC : IN_FC | IN_BS, p == WW_SCSI_COMMAND ? 3 : 4);
}

static void run_select_fifo(esp_t *e)
{
    while (e->op == OP_SELECT && e->nfifo)
        if (!select_byte(e, fifo_pop(e)))
            return;
    if (e->op == OP_SELECT)
        select_out_of_bytes(e);
}

static ww_time selection_timeout(esp_t *e)
{
    uint64_t ccf = e->ccf & 7 ? e->ccf & 7 : 8;
    uint64_t t = e->timeo ? e->timeo : 256;
    return ww_ticks_to_ns(t * 8192 * ccf, e->clock_hz);
}

static void start_select(esp_t *e, uint8_t code, bool dma)
{
    if (e->target != NOTARGET) {
        done(e, IN_ILL, 0);              /* already connected */
        return;
    }
    unsigned id = e->busid & 7;
    bool atn = code != C_SEL;
    e->status &= (uint8_t)~ST_TC;
    t_write(e, id, WW_SCSI_SELECT, atn ? 1 : 0);
    e->target = (uint8_t)id;
    if (phase(e) < 0 || id == (e->cfg1 & CFG1_ID)) {
        /* Nothing answers: disconnect after the selection time-out. While the
         * chip waits it still takes a DMA selection's bytes into the FIFO
         * (they stay there; the driver flushes them): mac_esp.c writes them
         * by pseudo-DMA as soon as VIA2's DRQ flag is set (a flag no one
         * clears) and then waits for the FIFO to empty or the interrupt. */
        e->target = NOTARGET;
        e->atn = 0;
        finish(e, IN_DC, 0, selection_timeout(e));
        e->op = OP_TIMEOUT;
        e->dma = dma;
        update_lines(e);
        return;
    }
    e->atn = atn;
    e->op = OP_SELECT;
    e->dma = dma;
    e->sel_stop = code == C_SELATNS;
    e->sel_msgs = code == C_SEL ? 0 : code == C_SELATN3 ? 3 : 1;
    if (!dma)
        run_select_fifo(e);
    else if (!e->tc)
        select_out_of_bytes(e);
    update_lines(e);
}

/* Transfer Information in the present phase. */
static void start_ti(esp_t *e, bool dma, bool pad)
{
    int p = phase(e);
    if (p < 0) {
        done(e, IN_DC, 0);
        return;
    }
    e->dma = dma || pad;
    e->status &= (uint8_t)~ST_TC;
    bool in = ww_scsi_phase_in((unsigned)p);
    if (pad) {
        e->op = OP_PAD;
        while (e->tc && phase(e) == p) {
            if (in)
                (void)t_read(e, WW_SCSI_DATA, false);
            else
                t_write(e, e->target, WW_SCSI_DATA, 0);
            count_byte(e);
        }
        end_transfer(e);
        return;
    }
    if (!dma) {
        if (in) {
            if (p == WW_SCSI_MSG_IN) {
                /* One message byte; ACK is held until Message Accepted. */
                fifo_push(e, t_read(e, WW_SCSI_DATA, true));
                e->ack_held = 1;
                done(e, IN_FC, 0);
                return;
            }
            fifo_push(e, t_read(e, WW_SCSI_DATA, false));
            end_transfer(e);
            return;
        }
        /* OUT: the FIFO's bytes; ATN off before the last message byte. */
        while (e->nfifo && phase(e) == p) {
            if (p == WW_SCSI_MSG_OUT && e->nfifo == 1 && e->atn) {
                e->atn = 0;
                t_write(e, e->target, WW_SCSI_ATN, 0);
            }
            t_write(e, e->target, WW_SCSI_DATA, fifo_pop(e));
        }
        end_transfer(e);
        return;
    }
    e->op = in ? OP_TI_IN : OP_TI_OUT;
    e->dma_phase = (uint8_t)p;
    if (!e->tc)
        end_transfer(e);
    update_lines(e);
}

static void initiator_complete(esp_t *e)
{
    int p = phase(e);
    if (p < 0) {
        done(e, IN_DC, 0);
        return;
    }
    if (p == WW_SCSI_STATUS_IN) {
        fifo_push(e, t_read(e, WW_SCSI_DATA, false));
        p = phase(e);
    }
    if (p == WW_SCSI_MSG_IN) {
        fifo_push(e, t_read(e, WW_SCSI_DATA, true));
        e->ack_held = 1;
        done(e, IN_FC, 0);
        return;
    }
    done(e, p < 0 ? IN_DC : IN_BS, 0);
}

static void message_accepted(esp_t *e)
{
    if (e->ack_held && phase(e) == WW_SCSI_MSG_IN) {
        e->ack_held = 0;
        (void)t_read(e, WW_SCSI_DATA, false);
        end_transfer(e);
        return;
    }
    e->ack_held = 0;
    if (phase(e) < 0)
        done(e, IN_DC, 0);
    else
        done(e, IN_FC, 0);
}

static void bus_reset(esp_t *e)
{
    for (unsigned id = 0; id < WW_SCSI_TARGETS; id++)
        t_write(e, id, WW_SCSI_RESET, 1);
    e->target = NOTARGET;
    e->atn = 0;
    e->ack_held = 0;
    e->op = OP_IDLE;
    e->dma = 0;
    if (!(e->cfg1 & CFG1_SRRDISAB))
        done(e, IN_RST, 0);
    update_lines(e);
}

static void chip_reset(esp_t *e)
{
    e->tcl = e->tcm = 0;
    e->tc = 0;
    e->nfifo = 0;
    e->cmd = e->intr = e->seq = 0;
    e->status = 0;
    e->cfg1 = e->cfg2 = e->cfg3 = 0;
    e->busid = e->stp = e->soff = e->ccf = e->test = 0;
    e->timeo = 0;
    e->op = OP_IDLE;
    e->dma = 0;
    e->ack_held = 0;
    e->pend_intr = 0;
    if (e->chip.realized)
        ww_timer_del(&e->int_timer);
    /* The chip's reset does not reset the SCSI bus: a connected target stays. */
    update_lines(e);
}

static void command(esp_t *e, uint8_t v)
{
    uint8_t code = v & CMD_CODE;
    bool dma = v & CMD_DMA;
    e->cmd = v;
    if (dma) {
        /* DMA commands load the counter from its latches (0: 64 KiB). */
        e->tc = (uint32_t)e->tcm << 8 | e->tcl;
        if (!e->tc)
            e->tc = 0x10000;
        e->status &= (uint8_t)~ST_TC;
    }
    /* A new command ends a DMA operation still going (the host gave up). */
    if (e->op == OP_TI_IN || e->op == OP_TI_OUT || e->op == OP_SELECT || e->op == OP_PAD) {
        if (code != C_NOP && code != C_FLUSH && code != C_SATN && code != C_RATN) {
            e->op = OP_IDLE;
            e->dma = 0;
        }
    }
    switch (code) {
    case C_NOP:
        break;
    case C_FLUSH:
        e->nfifo = 0;
        break;
    case C_RESET:
        chip_reset(e);
        break;
    case C_BUSRESET:
        bus_reset(e);
        break;
    case C_TI:
    case C_TPAD:
        if (e->target == NOTARGET)
            done(e, IN_ILL, 0);
        else
            start_ti(e, dma, code == C_TPAD);
        break;
    case C_ICCS:
        if (e->target == NOTARGET)
            done(e, IN_ILL, 0);
        else
            initiator_complete(e);
        break;
    case C_MOK:
        if (e->target == NOTARGET)
            done(e, IN_ILL, 0);
        else
            message_accepted(e);
        break;
    case C_SATN:
        e->atn = 1;
        if (e->target != NOTARGET)
            t_write(e, e->target, WW_SCSI_ATN, 1);
        break;
    case C_RATN:
        e->atn = 0;
        if (e->target != NOTARGET)
            t_write(e, e->target, WW_SCSI_ATN, 0);
        break;
    case C_SEL:
    case C_SELATN:
    case C_SELATNS:
    case C_SELATN3:
        start_select(e, code, dma);
        break;
    case C_ESEL:
    case C_DSEL:
        break;                           /* no reselection: nothing to enable */
    default:
        ww_chip_guest_error(&e->chip, "command 0x%02x is not an initiator command", v);
        done(e, IN_ILL, 0);
        break;
    }
    update_lines(e);
}

/* ---- the DMA port -------------------------------------------------------------------- */

static bool dma_ready(esp_t *e, bool in)
{
    if (!e->dma || !e->tc || e->target == NOTARGET)
        return false;
    if (in)
        return e->op == OP_TI_IN;
    return e->op == OP_TI_OUT || e->op == OP_SELECT;
}

static uint8_t dma_in_byte(esp_t *e)
{
    if (!dma_ready(e, true) || phase(e) != e->dma_phase) {
        ww_chip_guest_error(&e->chip, "DMA read with nothing to give (op %u, count %u)", e->op,
                            e->tc);
        return 0;
    }
    uint8_t b = t_read(e, WW_SCSI_DATA, false);
    count_byte(e);
    if (!e->tc || phase(e) != e->dma_phase)
        end_transfer(e);           /* the count ran out, or the target changed phase */
    return b;
}

static void dma_out_byte(esp_t *e, uint8_t b)
{
    if (e->op == OP_TIMEOUT && e->dma && e->tc && e->nfifo < FIFO) {
        e->fifo[e->nfifo++] = b;       /* a selection's byte, prefetched */
        count_byte(e);
        return;
    }
    if (!dma_ready(e, false)) {
        ww_chip_guest_error(&e->chip, "DMA write of 0x%02x with nothing to take it (op %u, "
                            "count %u)", b, e->op, e->tc);
        return;
    }
    if (e->op == OP_SELECT) {
        count_byte(e);
        if (select_byte(e, b) && !e->tc)
            select_out_of_bytes(e);
        return;
    }
    int p = phase(e);
    if (p != e->dma_phase) {
        end_transfer(e);
        return;
    }
    count_byte(e);
    if (p == WW_SCSI_MSG_OUT && e->tc == 0 && e->atn) {
        e->atn = 0;
        t_write(e, e->target, WW_SCSI_ATN, 0);
    }
    t_write(e, e->target, WW_SCSI_DATA, b);
    if (!e->tc || phase(e) != e->dma_phase)
        end_transfer(e);
}

/* ---- register access ------------------------------------------------------------------ */

static uint64_t esp_read(ww_chip *c, unsigned region, uint64_t off, unsigned size,
                         ww_access how)
{
    esp_t *e = (esp_t *)c;
    bool peek = how == WW_PEEK;
    if (region == REGION_DMA) {
        if (peek)
            return 0;
        uint64_t v = 0;
        for (unsigned i = 0; i < size; i++)
            v = v << 8 | dma_in_byte(e);
        update_lines(e);
        return v;
    }
    uint8_t v;
    switch (off) {
    case R_TCLO:   return e->tc & 0xff;
    case R_TCMID:  return (e->tc >> 8) & 0xff;
    case R_FIFO:
        if (peek)
            return e->nfifo ? e->fifo[0] : 0;
        return fifo_pop(e);
    case R_CMD:    return e->cmd;
    case R_STATUS: {
        int p = e->target != NOTARGET ? t_read(e, WW_SCSI_STATUS, true) : 0;
        if (p & WW_SCSI_BSY)
            return (e->status & ~ST_PHASE) | (p & ST_PHASE);
        return e->status;
    }
    case R_INTR:
        v = e->intr;
        if (!peek) {
            e->intr = 0;
            e->seq = 0;
            e->status &= (uint8_t)~(ST_INT | ST_GE | ST_PE);
            update_lines(e);
        }
        return v;
    case R_SEQ:    return e->seq;
    case R_FFLAGS: return (uint8_t)((e->seq & 7) << 5 | (e->nfifo & 0x1f));
    case R_CFG1:   return e->cfg1;
    case R_CFG2:   return e->cfg2;
    case R_CFG3:   return e->variant == VAR_53C90A ? 0 : e->cfg3;
    default:
        return 0;
    }
}

static void esp_write(ww_chip *c, unsigned region, uint64_t off, uint64_t val, unsigned size)
{
    esp_t *e = (esp_t *)c;
    if (region == REGION_DMA) {
        for (unsigned i = 0; i < size; i++)
            dma_out_byte(e, (uint8_t)(val >> (8 * (size - 1 - i))));
        update_lines(e);
        return;
    }
    uint8_t v = (uint8_t)val;
    switch (off) {
    case R_TCLO:   e->tcl = v; break;
    case R_TCMID:  e->tcm = v; break;
    case R_FIFO:
        fifo_push(e, v);
        if (e->op == OP_SELECT && !e->dma)
            run_select_fifo(e);
        break;
    case R_CMD:    command(e, v); break;
    case R_BUSID:  e->busid = v & 7; break;
    case R_TIMEO:  e->timeo = v; break;
    case R_STP:    e->stp = v & 0x1f; break;
    case R_SOFF:   e->soff = v & 0x0f; break;
    case R_CFG1:   e->cfg1 = v; break;
    case R_CCF:    e->ccf = v & 7; break;
    case R_TEST:   e->test = v & 7; break;
    case R_CFG2:   e->cfg2 = v; break;
    case R_CFG3:
        if (e->variant != VAR_53C90A)
            e->cfg3 = v;
        break;
    default:
        break;
    }
    update_lines(e);
}

static void esp_reset(ww_chip *c, ww_reset_kind kind)
{
    esp_t *e = (esp_t *)c;
    update_lines(e);
}

static bool esp_post_load(ww_chip *c, GError **err)
{
    esp_t *e = (esp_t *)c;
    e->nfifo = (uint8_t)MIN(e->nfifo, FIFO);
    e->tc = MIN(e->tc, 0x10000u);
    if (e->target != NOTARGET)
        e->target &= 7;
    if (e->op > OP_TIMEOUT)
        e->op = OP_IDLE;
    update_lines(e);
    return true;
}

static const char *const variants[] = { "53c90a", "53c94", "53c96", NULL };

static const ww_prop_desc esp_props[] = {
    { "variant", WW_PROP_ENUM, AT(variant), "53c96", .choices = variants,
      .doc = "53c90a (no configuration 3: the NeXT), 53c94, 53c96 (the Quadras)" },
    { "clock", WW_PROP_UINT, AT(clock_hz), "16.5MHz", 1000000, 100000000, NULL, WW_UNIT_HZ,
      "the chip's clock (selection time-out); the Quadra 800: 16.5 MHz" },
    { "latency", WW_PROP_UINT, AT(latency_ns), "2us", 0, 10000000, NULL, WW_UNIT_NS,
      "from the end of an operation on the bus to its interrupt" },
    { 0 }
};

static const ww_region_desc esp_regions[] = {
    [REGION_REGS] = { "regs", 16, 1, 1, WW_BIG_ENDIAN, 0,
                      "registers 0-15 (the Quadra spaces them 16 bytes apart: stride)" },
    [REGION_DMA]  = { "dma", 16, 1, 2, WW_BIG_ENDIAN, 0,
                      "the DMA data port: each access moves its width in bytes (pseudo-DMA)" },
    [REGION__COUNT] = { 0 }
};

static const ww_port_desc esp_ports[] = {
    [PORT_IRQ] = { "irq", WW_PORT_OUT, 1, 0, offsetof(esp_t, irq),
                   "INT (active high here; the pin is active low)" },
    [PORT_DRQ] = { "drq", WW_PORT_OUT, 1, 0, offsetof(esp_t, drq),
                   "DREQ: the DMA port wants (out) or has (in) a byte" },
    [PORT__COUNT] = { 0 }
};

static const ww_bus_desc esp_buses[] = {
    [BUS_SCSI] = { "scsi", "the SCSI bus: targets at id * 0x40 (chips/storage/scsi.h)",
                   WW_SCSI_ADDR_BITS, WW_BIG_ENDIAN, WW_UNMAPPED_OPEN_BUS, 0 },
    [BUS__COUNT] = { 0 }
};

static const ww_chip_class ncr53c9x_class = {
    .type = "ncr53c9x",
    .summary = "NCR 53C90A/94/96 ESP SCSI controller (initiator) with a DMA data port",
    .doc = "53C94/96 data manual: registers, status/interrupt/sequence step, FIFO, the "
           "initiator commands (selection with/without ATN, stop, ATN3; transfer "
           "information, ICCS, message accepted, pad, ATN), DMA through the data port with "
           "the transfer counter, selection time-out, bus reset.",
    .size = sizeof(esp_t),
    .version = 1,
    .props = esp_props,
    .regions = esp_regions,
    .regs = esp_regs,
    .state = esp_state,
    .ports = esp_ports,
    .buses = esp_buses,
    .reset = esp_reset,
    .read = esp_read,
    .write = esp_write,
    .post_load = esp_post_load,
};
WW_CHIP_REGISTER(ncr53c9x_class)
