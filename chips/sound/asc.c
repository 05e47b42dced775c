/* chips/sound/asc.c — the Apple Sound Chip (ASC, 344S0063) and the Enhanced
 * ASC (EASC, 343S1063) of the 68k Macs: two 1 KiB sample FIFOs (or four
 * wavetable voices) played at 22.257 kHz. This model plays silence; its
 * FIFOs drain at the sample rate and its interrupts come when they would.
 *
 * Sources: QEMU hw/audio/asc.c, itself from MAME's asc.cpp (R. Belmont) — the
 * register map: FIFO A at 0x000, FIFO B at 0x400, VERSION 0x800 (0x00 ASC,
 * 0xB0 EASC), MODE 0x801 (1 FIFO, 2 wavetable; a change empties the FIFOs),
 * CONTROL 0x802, FIFO MODE 0x803 (bit 7 clears the FIFOs), FIFO IRQ STATUS
 * 0x804 (bits 0/1 FIFO A half empty / empty (or full while filling), 2/3 the
 * same for B; reading clears them and the interrupt), WAVETABLE CONTROL
 * 0x805, VOLUME 0x806, CLOCK RATE 0x807, PLAY/REC A 0x80A, TEST 0x80F, the
 * four voices' phase/increment 0x810-0x82F; the EASC's per-FIFO extra
 * registers at 0xF00 and 0xF20 (+0x08 FIFO control, +0x09 interrupt control:
 * bit 0 enables the half-empty interrupt); in FIFO mode, writes anywhere in a
 * FIFO's 1 KiB append to it; a FIFO reaching 0x200 bytes while filling, or
 * full, and draining to 0x1FF or empty, interrupt; and with both FIFOs empty
 * the engine still interrupts once a FIFO cycle (1024 samples), which Mac OS
 * waits for. Linux arch/m68k/mac/macboing.c (wavetable beeps) and macints.c
 * (the ASC's interrupt: A/UX level 5, else VIA2 CB1).
 *
 *          +---------+
 *  regs  → | FIFO A  |→ irq   (active high here)
 *          | FIFO B  |   audio: silence (no audio backend yet)
 *          +---------+
 *
 * Not modelled: the audio itself (CD-XA and companding modes are stored),
 * recording, the wavetable phase advance (the registers are stored).
 * Test: tests/chips/sound/asc.c
 */
#include "core/chip.h"

#define FIFO_SIZE 0x400u
#define RATE 22257u
#define CYCLE_NS ((uint64_t)WW_NS_PER_SEC * FIFO_SIZE / RATE)

typedef struct {
    uint8_t data[FIFO_SIZE];
    uint16_t wptr, rptr, cnt;
    uint8_t status;
    uint8_t ext[0x20];
} asc_fifo;

typedef struct {
    ww_chip chip;
    uint32_t variant;             /* prop */
    uint8_t reg[0x30];            /* 0x800-0x82F */
    asc_fifo f[2];
    ww_time drained_to;           /* samples consumed up to this time */
    ww_time empty_since;          /* both FIFOs empty since (0: not) */
    ww_timer tick;
    ww_line irq;
} asc_t;

enum { VAR_ASC, VAR_EASC };
enum { VERSION = 0x00, MODE = 0x01, CONTROL = 0x02, FIFOMODE = 0x03, FIFOIRQ = 0x04,
       WAVECTRL = 0x05, VOLUME = 0x06, CLOCK = 0x07, PLAYREC = 0x0a, TEST = 0x0f };
enum { ST_HALF = 0x01, ST_FULL_EMPTY = 0x02 };
enum { EXT_FIFOCTRL = 0x08, EXT_INTCTRL = 0x09 };
enum { REGION_REGS, REGION__COUNT };
enum { PORT_IRQ, PORT__COUNT };

#define AT(m) WW_AT(asc_t, m)
#define FF(m) WW_AT(asc_fifo, m)

static void tick_fire(ww_chip *c, unsigned i);

static const ww_reg_desc asc_regs[] = {
    { "MODE",     REGION_REGS, 0x801, 1, WW_REG_SIDE,
      .doc = "0 off, 1 FIFO, 2 wavetable" },
    { "CONTROL",  REGION_REGS, 0x802, 1, WW_RW },
    { "FIFOMODE", REGION_REGS, 0x803, 1, WW_REG_SIDE,
      .doc = "bit 7: clear the FIFOs" },
    { "FIFOIRQ",  REGION_REGS, 0x804, 1, WW_REG_RC | WW_REG_SIDE,
      .doc = "bits 0/1 A half / full-empty, 2/3 B; reading clears" },
    { "WAVECTRL", REGION_REGS, 0x805, 1, WW_RW },
    { "VOLUME",   REGION_REGS, 0x806, 1, WW_RW },
    { "CLOCK",    REGION_REGS, 0x807, 1, WW_RW },
    { 0 }
};

static const ww_state_desc fifo_fields[] = {
    { "data",   WW_STATE_U8,  FF(data), "samples" },
    { "wptr",   WW_STATE_U16, FF(wptr) },
    { "rptr",   WW_STATE_U16, FF(rptr) },
    { "cnt",    WW_STATE_U16, FF(cnt),  "bytes in the FIFO" },
    { "status", WW_STATE_U8,  FF(status), "interrupt status bits" },
    { "ext",    WW_STATE_U8,  FF(ext),  "EASC extra registers" },
    { 0 }
};
static const ww_record_desc fifo_record = { "fifo", sizeof(asc_fifo), fifo_fields };
static const char *const fifo_names[] = { "a", "b" };

static const ww_state_desc asc_state[] = {
    { "reg",  WW_STATE_U8, AT(reg), "registers 0x800-0x82F (the rest of them)" },
    { "f",    WW_STATE_RECORD, AT(f), "FIFOs A and B", .record = &fifo_record,
      .names = fifo_names },
    { "drained_to", WW_STATE_TIME, AT(drained_to), "samples played up to",
      .flags = WW_STATE_CHIP_RESET },
    { "empty_since", WW_STATE_TIME, AT(empty_since), "both FIFOs empty since" },
    { "tick", WW_STATE_TIMER, AT(tick), "next FIFO event", .fire = tick_fire },
    { 0 }
};

static ww_time now(asc_t *a)
{
    return ww_sched_now(a->chip.sched);
}

static bool fifo_mode(const asc_t *a)
{
    return (a->reg[MODE] & 3) == 1;
}

static void update_irq(asc_t *a)
{
    ww_line_set(&a->irq, ((a->f[0].status | a->f[1].status) & 3) != 0);
}

static void fifo_reset(asc_fifo *f)
{
    f->wptr = f->rptr = f->cnt = 0;
}

/* Consume the samples played since drained_to. */
static void drain(asc_t *a)
{
    ww_time t = now(a);
    if (!fifo_mode(a)) {
        a->drained_to = t;
        return;
    }
    uint64_t n = t > a->drained_to ? ww_ns_to_ticks(t - a->drained_to, RATE) : 0;
    if (!n)
        return;
    a->drained_to += ww_ticks_to_ns(n, RATE);
    for (unsigned i = 0; i < 2; i++) {
        asc_fifo *f = &a->f[i];
        if (!f->cnt)
            continue;
        unsigned take = (unsigned)MIN(n, (uint64_t)f->cnt);
        bool was_half = f->cnt > 0x1ff;
        f->rptr = (uint16_t)((f->rptr + take) % FIFO_SIZE);
        f->cnt = (uint16_t)(f->cnt - take);
        if (was_half && f->cnt <= 0x1ff)
            f->status |= ST_HALF;     /* drained to half: more wanted */
        if (!f->cnt) {
            f->status |= ST_FULL_EMPTY;
            if (!a->f[!i].cnt)
                a->empty_since = a->drained_to;
        }
    }
    if (!a->f[0].cnt && !a->f[1].cnt && a->empty_since &&
        a->drained_to >= a->empty_since + CYCLE_NS) {
        /* A whole FIFO cycle with nothing to play: the engine still interrupts. */
        a->f[0].status |= ST_HALF | ST_FULL_EMPTY;
        a->f[1].status |= ST_HALF | ST_FULL_EMPTY;
        a->empty_since = a->drained_to;
    }
    update_irq(a);
}

/* When the next interrupt-worthy event happens. */
static void schedule(asc_t *a)
{
    if (!a->chip.realized)
        return;
    if (!fifo_mode(a)) {
        ww_timer_del(&a->tick);
        return;
    }
    uint64_t ticks = UINT64_MAX;
    for (unsigned i = 0; i < 2; i++) {
        unsigned c = a->f[i].cnt;
        if (c > 0x1ff)
            ticks = MIN(ticks, (uint64_t)(c - 0x1ff));
        else if (c)
            ticks = MIN(ticks, (uint64_t)c);
    }
    ww_time when;
    if (ticks != UINT64_MAX)
        when = a->drained_to + ww_ticks_to_ns(ticks, RATE);
    else
        when = (a->empty_since ? a->empty_since : now(a)) + CYCLE_NS;
    if (when <= now(a))
        when = now(a) + 1;
    ww_timer_mod(&a->tick, when);
}

static void tick_fire(ww_chip *c, unsigned i)
{
    asc_t *a = (asc_t *)c;
    drain(a);
    if (fifo_mode(a) && !a->empty_since && !a->f[0].cnt && !a->f[1].cnt)
        a->empty_since = now(a);
    schedule(a);
}

static void fifo_write(asc_t *a, unsigned i, unsigned off, uint8_t v)
{
    asc_fifo *f = &a->f[i];
    if (!fifo_mode(a)) {
        f->data[off % FIFO_SIZE] = v;          /* wavetable data in place */
        return;
    }
    drain(a);
    if (f->cnt >= FIFO_SIZE) {
        f->status |= ST_FULL_EMPTY;            /* full: the byte is lost */
        update_irq(a);
        return;
    }
    f->data[f->wptr] = v;
    f->wptr = (uint16_t)((f->wptr + 1) % FIFO_SIZE);
    f->cnt++;
    a->empty_since = 0;
    if (f->cnt == 0x200 && (f->ext[EXT_INTCTRL] & 1))
        f->status |= ST_HALF;
    if (f->cnt == FIFO_SIZE - 1)
        f->status |= ST_FULL_EMPTY;
    update_irq(a);
    schedule(a);
}

static uint64_t asc_read(ww_chip *c, unsigned region, uint64_t off, unsigned size,
                         ww_access how)
{
    asc_t *a = (asc_t *)c;
    if (off < 2 * FIFO_SIZE)
        return a->f[off / FIFO_SIZE].data[off % FIFO_SIZE];
    if (off >= 0xf00 && off < 0xf40)
        return a->variant == VAR_EASC ? a->f[(off - 0xf00) / 0x20].ext[off & 0x1f] : 0;
    if (off < 0x800 || off >= 0x830)
        return 0;
    unsigned r = (unsigned)off - 0x800;
    switch (r) {
    case VERSION:
        return a->variant == VAR_EASC ? 0xb0 : 0x00;
    case FIFOIRQ: {
        if (how == WW_PEEK)
            return (a->f[0].status & 3) | (a->f[1].status & 3) << 2;
        drain(a);
        uint8_t v = (uint8_t)((a->f[0].status & 3) | (a->f[1].status & 3) << 2);
        a->f[0].status = a->f[1].status = 0;
        update_irq(a);
        return v;
    }
    default:
        return a->reg[r];
    }
}

static void asc_write(ww_chip *c, unsigned region, uint64_t off, uint64_t val, unsigned size)
{
    asc_t *a = (asc_t *)c;
    uint8_t v = (uint8_t)val;
    if (off < 2 * FIFO_SIZE) {
        fifo_write(a, (unsigned)(off / FIFO_SIZE), (unsigned)(off % FIFO_SIZE), v);
        return;
    }
    if (off >= 0xf00 && off < 0xf40) {
        if (a->variant == VAR_EASC)
            a->f[(off - 0xf00) / 0x20].ext[off & 0x1f] = v;
        return;
    }
    if (off < 0x800 || off >= 0x830) {
        ww_chip_unimp(c, "write", region, off);
        return;
    }
    unsigned r = (unsigned)off - 0x800;
    drain(a);
    switch (r) {
    case VERSION:
    case FIFOIRQ:
        return;                                 /* read-only */
    case MODE:
        v &= 3;
        if (v != (a->reg[MODE] & 3)) {
            fifo_reset(&a->f[0]);
            fifo_reset(&a->f[1]);
            a->f[0].status = a->f[1].status = 0;
            a->drained_to = now(a);
            a->empty_since = v == 1 ? now(a) : 0;
        }
        a->reg[MODE] = v;
        update_irq(a);
        schedule(a);
        return;
    case FIFOMODE:
        if (v & 0x80) {
            fifo_reset(&a->f[0]);
            fifo_reset(&a->f[1]);
            a->f[0].status = a->f[1].status = 0;
            if (fifo_mode(a))
                a->empty_since = now(a);
            update_irq(a);
            schedule(a);
        }
        a->reg[FIFOMODE] = v & 0x7f;
        return;
    default:
        a->reg[r] = v;
        return;
    }
}

static void asc_reset(ww_chip *c, ww_reset_kind kind)
{
    asc_t *a = (asc_t *)c;
    a->drained_to = now(a);
    update_irq(a);
}

static bool asc_post_load(ww_chip *c, GError **err)
{
    asc_t *a = (asc_t *)c;
    for (unsigned i = 0; i < 2; i++) {
        a->f[i].wptr %= FIFO_SIZE;
        a->f[i].rptr %= FIFO_SIZE;
        a->f[i].cnt = (uint16_t)MIN(a->f[i].cnt, FIFO_SIZE);
    }
    update_irq(a);
    return true;
}

static const char *const variants[] = { "asc", "easc", NULL };

static const ww_prop_desc asc_props[] = {
    { "variant", WW_PROP_ENUM, AT(variant), "easc", .choices = variants,
      .doc = "asc (version 0x00) or easc (0xB0, with the per-FIFO extra registers)" },
    { 0 }
};

static const ww_region_desc asc_regions[] = {
    [REGION_REGS] = { "regs", 0x2000, 1, 1, WW_BIG_ENDIAN, 0,
                      "FIFO A 0x000, FIFO B 0x400, registers 0x800, EASC extras 0xF00" },
    [REGION__COUNT] = { 0 }
};

static const ww_port_desc asc_ports[] = {
    [PORT_IRQ] = { "irq", WW_PORT_OUT, 1, 0, offsetof(asc_t, irq),
                   "FIFO interrupt (active high here)" },
    [PORT__COUNT] = { 0 }
};

static const ww_chip_class asc_class = {
    .type = "asc",
    .summary = "Apple Sound Chip / Enhanced ASC: FIFOs and wavetables (plays silence)",
    .doc = "Two 1 KiB FIFOs drained at 22.257 kHz with half/empty/full interrupts (and the "
           "empty-cycle interrupt Mac OS waits for); wavetable registers stored; no audio.",
    .size = sizeof(asc_t),
    .version = 1,
    .props = asc_props,
    .regions = asc_regions,
    .regs = asc_regs,
    .state = asc_state,
    .ports = asc_ports,
    .reset = asc_reset,
    .read = asc_read,
    .write = asc_write,
    .post_load = asc_post_load,
};
WW_CHIP_REGISTER(asc_class)
