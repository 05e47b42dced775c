/* chips/timer/i8254.c — Intel 8254 (82C54) Programmable Interval Timer.
 *
 * Source: Intel 82C54 CHMOS Programmable Interval Timer datasheet (order
 * 231244): "Control Word Format", "Write Operations", "Read Operations"
 * (Counter Latch Command, Read-Back Command, Status Byte), "Mode Definitions"
 * (modes 0–5 and the GATE table, Figure 17 "Gate Pin Operations Summary"),
 * "Null Count". Ambiguous points were checked against QEMU (hw/timer/i8254*.c)
 * and Bochs (iodev/pit82c54.cc).
 *
 *           +--------+
 *  gate@0-2→| 8254   |→ out@0-2     io offset 0-2: counters 0-2, 3: control word
 *           +--------+              (PC: OUT0 → PIC IR0, OUT2 → speaker)
 *
 * Counting is a function of virtual time, not of per-tick callbacks: each
 * counter remembers the CLK tick at which its count was loaded (ticks are
 * numbered from machine start: tick k happens at ceil(k·1e9/clock) ns) and
 * computes CE and OUT from the ticks since. A ww_timer is armed only for the
 * next OUT transition, so OUT0 (and the PIC's IR0) changes at the exact tick.
 *
 * Tick convention (datasheet "Mode Definitions": "the count is loaded on the
 * next CLK pulse after it is written ... OUT goes high N+1 CLK pulses after
 * the initial count is written" in mode 0): a count written during tick T is
 * loaded at tick L = T+1 and decremented from tick S = L+1 on.
 *
 * Deviations: a gate line that was never driven counts as high (PC gates 0/1 are tied
 * high); mode 2/3 with N = 1 (illegal per the datasheet) keeps OUT high.
 * Test: tests/chips/timer/i8254.c
 */
#include "core/chip.h"

#define NCNT 3
#define NEVER UINT64_MAX

/* One counter: its registers and the internal state no register holds. */
typedef struct {
    /* registers with storage (the table below) */
    uint8_t cw;          /* control word bits 5..0: RW1 RW0 M2 M1 M0 BCD */
    uint16_t cr;         /* count register as written (BCD digits in BCD mode) */
    uint16_t ol;         /* output latch */
    uint8_t st;          /* latched status byte */
    /* internal state (counter_state below) */
    uint8_t ol_bytes;    /* latched count bytes still to read: bit0 LSB, bit1 MSB */
    uint8_t st_latched;
    uint8_t wr_msb;      /* RW=3: the next write is the MSB */
    uint8_t rd_msb;      /* RW=3: the next unlatched read is the MSB */
    uint8_t cr_lsb;      /* RW=3: LSB written, waiting for the MSB */
    uint8_t gate;
    uint8_t out_prev;    /* OUT until the pending load happens */
    uint8_t running;     /* decrementing (gate, trigger and write pause allowing) */
    uint8_t armed;       /* a count was written since the control word */
    uint8_t wr_pause;    /* mode 0: first byte of a rewrite stopped counting */
    uint32_t n;          /* count being counted, 1..65536 (1..10000 BCD) */
    uint32_t done;       /* modes 0/1/4/5: decrements before start_tick */
    uint32_t phase;      /* modes 2/3: position in the period at start_tick */
    uint32_t ce_prev;    /* CE before the load tick, or frozen (modes 2/3, gate low) */
    uint32_t next_n, next_phase;
    uint64_t load_tick;  /* L, or NEVER: no count loaded since the control word */
    uint64_t start_tick; /* S: first decrementing tick of the current segment */
    uint64_t next_tick;  /* S of a count waiting for the end of the cycle */
    uint64_t null_tick;  /* null count reads 1 while now < null_tick */
    ww_timer timer;      /* the next OUT transition */
} pit_counter;

typedef struct {
    ww_chip chip;
    uint64_t clock_hz;
    pit_counter c[NCNT];
    ww_line out[NCNT];
} i8254_t;

enum { COUNTER0 = 0, CONTROL = 3 };
enum { PORT_GATE, PORT_OUT, PORT__COUNT };

#define AT(m) WW_AT(i8254_t, m)
#define CT(m) WW_AT(pit_counter, m)

/* "Control Word Format" */
enum { CW_BCD = 0x01, CW_M = 0x0e, CW_RW = 0x30, CW_SC = 0xc0 };
/* "Status Byte" (Figure 12) */
enum { ST_NULL_COUNT = 0x40, ST_OUTPUT = 0x80 };

static const ww_field_desc cw_fields[] = {
    WW_FIELD(CW_, BCD, "1: four-decade BCD counter"),
    WW_FIELD(CW_, M,   "mode 0-5 (6, 7 = 2, 3)"),
    WW_FIELD(CW_, RW,  "1 LSB only, 2 MSB only, 3 LSB then MSB"),
    { 0 }
};
static const ww_field_desc st_fields[] = {
    WW_FIELD(CW_, BCD, NULL), WW_FIELD(CW_, M, NULL), WW_FIELD(CW_, RW, NULL),
    WW_FIELD(ST_, NULL_COUNT, "CR written but not yet loaded into CE"),
    WW_FIELD(ST_, OUTPUT,     "OUT pin"),
    { 0 }
};
static const ww_field_desc sc_fields[] = {
    WW_FIELD(CW_, BCD, NULL), WW_FIELD(CW_, M, NULL), WW_FIELD(CW_, RW, NULL),
    WW_FIELD(CW_, SC, "counter select; 3 = read-back command"),
    { 0 }
};

/* Counter registers: elements 0-2 are counters 0-2 (CW0 … ST2). */
#define PER_COUNTER .count = NCNT, .stride = sizeof(pit_counter)
static const ww_reg_desc i8254_regs[] = {
    /* name      region off       w  flags */
    { "COUNTER", 0,     COUNTER0, 1, WW_REG_RC | WW_REG_SIDE, .count = NCNT,
      .doc = "next byte a read returns (status, latch or live CE); write: count register" },
    { "CONTROL", 0,     CONTROL,  1, WW_REG_WO | WW_REG_SIDE, .fields = sc_fields,
      .doc = "control word, counter latch (RW=0) or read-back (SC=3)" },
    { "CW", .flags = WW_REG_INTERNAL, .reset = 0x36, .at = AT(c[0].cw), .fields = cw_fields,
      PER_COUNTER, .doc = "counter mode" },
    { "CR", .flags = WW_REG_INTERNAL, .at = AT(c[0].cr), PER_COUNTER, .doc = "count register" },
    { "OL", .flags = WW_REG_INTERNAL, .at = AT(c[0].ol), PER_COUNTER, .doc = "output latch" },
    { "ST", .flags = WW_REG_INTERNAL, .at = AT(c[0].st), .fields = st_fields, PER_COUNTER,
      .doc = "latched status" },
    { 0 }
};

static void counter_fire(ww_chip *c, unsigned i);

static const ww_state_desc counter_state[] = {
    { "ol_bytes",   WW_STATE_U8,  CT(ol_bytes),   "latched bytes left (bit0 LSB, bit1 MSB)" },
    { "st_latched", WW_STATE_U8,  CT(st_latched), "status latched by read-back" },
    { "wr_msb",     WW_STATE_U8,  CT(wr_msb),     "RW=3 write flip-flop" },
    { "rd_msb",     WW_STATE_U8,  CT(rd_msb),     "RW=3 read flip-flop" },
    { "cr_lsb",     WW_STATE_U8,  CT(cr_lsb),     "LSB waiting for its MSB" },
    { "gate",       WW_STATE_U8,  CT(gate),       "GATE level (an input: reset does not change it)",
      .flags = WW_STATE_NORESET },
    { "out_prev",   WW_STATE_U8,  CT(out_prev),   "OUT before the pending load", .reset = 1 },
    { "running",    WW_STATE_U8,  CT(running),    "counting enabled" },
    { "armed",      WW_STATE_U8,  CT(armed),      "count written since control word" },
    { "wr_pause",   WW_STATE_U8,  CT(wr_pause),   "mode 0 rewrite in progress" },
    { "n",          WW_STATE_U32, CT(n),          "count in use", .reset = 65536 },
    { "done",       WW_STATE_U32, CT(done),       "decrements before start" },
    { "phase",      WW_STATE_U32, CT(phase),      "period position at start" },
    { "ce_prev",    WW_STATE_U32, CT(ce_prev),    "CE before load / frozen" },
    { "next_n",     WW_STATE_U32, CT(next_n),     "count for the next cycle", .reset = 65536 },
    { "next_phase", WW_STATE_U32, CT(next_phase), "phase for the next cycle" },
    { "load_tick",  WW_STATE_U64, CT(load_tick),  "CLK tick of the load", .reset = NEVER },
    { "start_tick", WW_STATE_U64, CT(start_tick), "first decrementing tick" },
    { "next_tick",  WW_STATE_U64, CT(next_tick),  "start of the next cycle's count", .reset = NEVER },
    { "null_tick",  WW_STATE_U64, CT(null_tick),  "tick at which null count clears", .reset = NEVER },
    { "timer",      WW_STATE_TIMER, CT(timer),    "next OUT transition", .fire = counter_fire },
    { 0 }
};
static const ww_record_desc counter_record = { "counter", sizeof(pit_counter), counter_state };

static const ww_state_desc i8254_state[] = {
    { "counter", WW_STATE_RECORD, AT(c), "counters 0-2", .record = &counter_record },
    { 0 }
};

/* ---- time ----------------------------------------------------------------- */

static uint64_t now_tick(i8254_t *p)
{
    return ww_ns_to_ticks(ww_sched_now(p->chip.sched), p->clock_hz);
}

/* Time of tick k, rounded up so that ww_ns_to_ticks(tick_time(k)) == k. */
static ww_time tick_time(i8254_t *p, uint64_t k)
{
    unsigned __int128 ns = (unsigned __int128)k * WW_NS_PER_SEC + p->clock_hz - 1;
    ns /= p->clock_hz;
    return ns > (unsigned __int128)(WW_TIME_NEVER - 1) ? WW_TIME_NEVER - 1 : (ww_time)ns;
}

/* ---- counter arithmetic ---------------------------------------------------- */

static unsigned mode_of(const i8254_t *p, unsigned i)
{
    unsigned m = (p->c[i].cw >> 1) & 7;
    return m > 5 ? m - 4 : m;   /* modes 6, 7 are 2, 3 */
}

static bool is_bcd(const i8254_t *p, unsigned i)
{
    return p->c[i].cw & 1;
}

static uint32_t modulus(const i8254_t *p, unsigned i)
{
    return is_bcd(p, i) ? 10000 : 65536;
}

/* The count a raw CR value stands for: 0 is the maximum ("Mode Definitions":
 * 0 = 2^16 binary, 10^4 BCD). Invalid BCD digits are taken at face value and
 * reduced modulo 10^4 so the count stays in range. */
static uint32_t count_value(const i8254_t *p, unsigned i, uint16_t raw)
{
    if (!is_bcd(p, i))
        return raw ? raw : 65536;
    uint32_t d = (uint32_t)(raw >> 12) * 1000 + ((raw >> 8) & 15) * 100 +
                 ((raw >> 4) & 15) * 10 + (raw & 15);
    d %= 10000;
    return d ? d : 10000;
}

static uint16_t to_bcd(uint32_t v)
{
    v %= 10000;
    return (uint16_t)((v / 1000) << 12 | (v / 100 % 10) << 8 | (v / 10 % 10) << 4 | v % 10);
}

/* A count waiting for the end of the current cycle takes over at its load tick. */
static void fold(i8254_t *p, unsigned i, uint64_t t)
{
    if (p->c[i].next_tick != NEVER && t + 1 >= p->c[i].next_tick) {
        p->c[i].start_tick = p->c[i].next_tick;
        p->c[i].load_tick = p->c[i].next_tick - 1;
        p->c[i].n = p->c[i].next_n;
        p->c[i].phase = p->c[i].next_phase;
        p->c[i].next_tick = NEVER;
    }
}

/* Decrements of the current segment up to tick t. */
static uint64_t decs(const i8254_t *p, unsigned i, uint64_t t)
{
    if (!p->c[i].running || t < p->c[i].start_tick)
        return 0;
    return t - p->c[i].start_tick + 1;
}

/* CE (numeric, 0..modulus-1) and OUT at tick t of a counter already folded
 * to t. */
static void state_at_folded(i8254_t *p, unsigned i, uint64_t t, uint32_t *ce, int *out);

/* CE and OUT at tick t. Reads change nothing: a due count is folded into a
 * copy (callers that change the counter fold it themselves). */
static void state_at(i8254_t *p, unsigned i, uint64_t t, uint32_t *ce, int *out)
{
    pit_counter saved = p->c[i];
    fold(p, i, t);
    state_at_folded(p, i, t, ce, out);
    p->c[i] = saved;
}

static void state_at_folded(i8254_t *p, unsigned i, uint64_t t, uint32_t *ce, int *out)
{
    uint32_t mod = modulus(p, i), n = p->c[i].n;
    if (p->c[i].load_tick == NEVER || t < p->c[i].load_tick) {
        *ce = p->c[i].ce_prev % mod;
        *out = p->c[i].out_prev;
        return;
    }
    uint64_t d = decs(p, i, t);
    switch (mode_of(p, i)) {
    case 0:   /* interrupt on terminal count: OUT high once the count reaches 0 */
    case 1:   /* one-shot: OUT low from the trigger until 0 */
    case 4:   /* software strobe: OUT low for the one clock at 0 */
    case 5: { /* hardware strobe */
        uint64_t tot = p->c[i].done + d;
        *ce = (uint32_t)((n + mod - tot % mod) % mod);
        unsigned m = mode_of(p, i);
        *out = (m <= 1) ? tot >= n : tot != n;
        if (m == 0 && p->c[i].wr_msb)
            *out = 0;   /* first byte of a new count written */
        return;
    }
    case 2: { /* rate generator: CE N..1, OUT low while CE = 1 */
        if (!p->c[i].running) {
            *ce = p->c[i].ce_prev % mod;
            *out = 1;
            return;
        }
        uint32_t ph = (uint32_t)((d + p->c[i].phase) % n);
        *ce = (n - ph) % mod;
        *out = n == 1 || ph != n - 1;
        return;
    }
    default: { /* 3, square wave: (N+1)/2 clocks high, N/2 low, CE steps by 2 */
        if (!p->c[i].running) {
            *ce = p->c[i].ce_prev % mod;
            *out = 1;
            return;
        }
        uint32_t ph = (uint32_t)((d + p->c[i].phase) % n), hi = (n + 1) / 2;
        *out = ph < hi;
        /* Even N: load N, then minus 2 per clock; OUT flips and N reloads
         * when the count expires. Odd N: load N, minus 1, then minus 2;
         * after the flip to low the first clock takes 3 ("Mode 3 is
         * implemented as follows"). */
        if (n % 2 == 0)
            *ce = (n - 2 * (ph % hi)) % mod;
        else if (ph < hi)
            *ce = (ph == 0 ? n : n + 1 - 2 * ph) % mod;
        else
            *ce = (ph == hi ? n : n - 1 - 2 * (ph - hi)) % mod;
        return;
    }
    }
}

/* The next tick after t at which OUT (or the loaded count) may change. */
static uint64_t next_event(i8254_t *p, unsigned i, uint64_t t)
{
    uint64_t best = NEVER;
#define CAND(x) do { uint64_t c_ = (x); if (c_ > t && c_ < best) best = c_; } while (0)
    if (p->c[i].next_tick != NEVER)
        CAND(p->c[i].next_tick - 1);
    if (p->c[i].load_tick == NEVER)
        return best;
    if (t < p->c[i].load_tick) {
        CAND(p->c[i].load_tick);
        return best;
    }
    if (!p->c[i].running)
        return best;
    uint64_t d = decs(p, i, t);
    uint32_t n = p->c[i].n;
    switch (mode_of(p, i)) {
    case 0: case 1: case 4: case 5: {
        uint64_t tot = p->c[i].done + d;
        if (tot < n)
            CAND(t + (n - tot));
        else if (tot == n && mode_of(p, i) >= 4)
            CAND(t + 1);
        break;
    }
    case 2: {
        if (n < 2)
            break;
        uint32_t ph = (uint32_t)((d + p->c[i].phase) % n);
        CAND(ph < n - 1 ? t + (n - 1 - ph) : t + 1);
        break;
    }
    default: {
        uint32_t ph = (uint32_t)((d + p->c[i].phase) % n), hi = (n + 1) / 2;
        if (n < 2)
            break;
        CAND(ph < hi ? t + (hi - ph) : t + (n - ph));
        break;
    }
    }
#undef CAND
    return best;
}

static void update(i8254_t *p, unsigned i)
{
    if (!p->chip.realized)
        return;
    uint64_t t = now_tick(p);
    uint32_t ce;
    int out;
    fold(p, i, t);
    state_at(p, i, t, &ce, &out);
    ww_line_set(&p->out[i], out);
    /* An OUT nobody listens to needs no timer: its level is computed when
     * read back (PC counter 1, the refresh clock, would cost an event every
     * 7.5 µs otherwise). A wire connected later is handled at the next write. */
    if (!p->out[i].nsinks) {
        ww_timer_del(&p->c[i].timer);
        return;
    }
    uint64_t nx = next_event(p, i, t);
    if (nx == NEVER)
        ww_timer_del(&p->c[i].timer);
    else
        ww_timer_mod(&p->c[i].timer, tick_time(p, nx));
}

static void counter_fire(ww_chip *c, unsigned i)
{
    update((i8254_t *)c, i);
}

static uint32_t ce_now(i8254_t *p, unsigned i, int *out)
{
    uint32_t ce;
    int o;
    state_at(p, i, now_tick(p), &ce, &o);
    if (out)
        *out = o;
    return ce;
}

static uint16_t ce_bits(i8254_t *p, unsigned i, uint32_t ce)
{
    return is_bcd(p, i) ? to_bcd(ce) : (uint16_t)ce;
}

static bool null_count(i8254_t *p, unsigned i)
{
    return now_tick(p) < p->c[i].null_tick;
}

/* Stop decrementing (modes 0/4: gate low, or the first byte of a rewrite). */
static void stop_counting(i8254_t *p, unsigned i, uint64_t t)
{
    if (!p->c[i].running)
        return;
    if (p->c[i].load_tick != NEVER && t >= p->c[i].load_tick)
        p->c[i].done += (uint32_t)MIN(decs(p, i, t), (uint64_t)UINT32_MAX - p->c[i].done);
    p->c[i].running = 0;
}

/* Load CR on the next CLK pulse and start a fresh count (a new count in
 * modes 0/4, a trigger in modes 1/5, a gate rise in modes 2/3). */
static void reload(i8254_t *p, unsigned i, uint64_t t, bool counting)
{
    uint32_t ce;
    int out;
    state_at(p, i, t, &ce, &out);
    p->c[i].ce_prev = ce;
    p->c[i].out_prev = (uint8_t)out;
    p->c[i].load_tick = t + 1;
    p->c[i].start_tick = t + 2;
    p->c[i].n = count_value(p, i, p->c[i].cr);
    p->c[i].done = 0;
    p->c[i].phase = 0;
    p->c[i].next_tick = NEVER;
    p->c[i].running = counting;
    p->c[i].null_tick = t + 1;
}

/* ---- "Write Operations" ----------------------------------------------------- */

static void write_count(i8254_t *p, unsigned i, uint16_t raw)
{
    uint64_t t = now_tick(p);
    fold(p, i, t);
    p->c[i].cr = raw;
    p->c[i].wr_pause = 0;
    bool first = !p->c[i].armed;
    p->c[i].armed = 1;
    switch (mode_of(p, i)) {
    case 0:
        /* OUT goes low on the write and high at terminal count; a new count
         * is loaded on the next CLK pulse. */
        reload(p, i, t, p->c[i].gate);
        p->c[i].out_prev = 0;
        break;
    case 4:
        reload(p, i, t, p->c[i].gate);
        break;
    case 1:
    case 5:
        /* The new count is used from the next trigger on. */
        if (p->c[i].null_tick <= t)
            p->c[i].null_tick = NEVER;
        break;
    default: { /* 2, 3 */
        if (first || p->c[i].load_tick == NEVER || t < p->c[i].load_tick || !p->c[i].running) {
            if (p->c[i].gate)
                reload(p, i, t, true);
            else
                p->c[i].null_tick = NEVER;   /* loaded when GATE rises */
            break;
        }
        /* Counting: the new count takes over at the end of the current
         * period (mode 2) or half-period (mode 3). */
        uint64_t d = decs(p, i, t);
        uint32_t n = p->c[i].n, nn = count_value(p, i, raw);
        uint32_t ph = (uint32_t)((d + p->c[i].phase) % n);
        uint64_t db, nph = 0;
        if (mode_of(p, i) == 2) {
            db = d + (n - ph);
        } else {
            uint32_t hi = (n + 1) / 2;
            if (ph < hi && n > 1) {
                db = d + (hi - ph);
                nph = (nn + 1) / 2;   /* the new count starts in its low half */
            } else {
                db = d + (n - ph);
            }
        }
        p->c[i].next_tick = p->c[i].start_tick + db;   /* S of the new count */
        p->c[i].next_n = nn;
        p->c[i].next_phase = (uint32_t)nph;
        p->c[i].null_tick = p->c[i].next_tick - 1;
        break;
    }
    }
}

static void write_counter(i8254_t *p, unsigned i, uint8_t v)
{
    switch ((p->c[i].cw >> 4) & 3) {
    case 1:
        write_count(p, i, v);
        break;
    case 2:
        write_count(p, i, (uint16_t)(v << 8));
        break;
    default:
        if (!p->c[i].wr_msb) {
            p->c[i].cr_lsb = v;
            p->c[i].wr_msb = 1;
            p->c[i].null_tick = NEVER;   /* CR is being written ("Null Count") */
            /* Mode 0, first byte of a new count: OUT goes low at once (see
             * state_at); a count in progress stops if it has not yet
             * rolled over past 0, and keeps counting if it has ("Mode 0",
             * items 1 and 3). */
            if (mode_of(p, i) == 0 && p->c[i].armed) {
                uint64_t t = now_tick(p);
                fold(p, i, t);
                bool rolled = p->c[i].load_tick != NEVER && t >= p->c[i].load_tick &&
                              p->c[i].done + decs(p, i, t) > p->c[i].n;
                if (!rolled) {
                    stop_counting(p, i, t);
                    p->c[i].wr_pause = 1;
                }
            }
        } else {
            p->c[i].wr_msb = 0;
            write_count(p, i, (uint16_t)(v << 8 | p->c[i].cr_lsb));
        }
        break;
    }
    update(p, i);
}

static void latch_count(i8254_t *p, unsigned i)
{
    if (p->c[i].ol_bytes)
        return;   /* a second latch before the read is ignored */
    p->c[i].ol = ce_bits(p, i, ce_now(p, i, NULL));
    unsigned rw = (p->c[i].cw >> 4) & 3;
    p->c[i].ol_bytes = rw == 1 ? 1 : rw == 2 ? 2 : 3;
}

static void latch_status(i8254_t *p, unsigned i)
{
    if (p->c[i].st_latched)
        return;
    int out;
    ce_now(p, i, &out);
    p->c[i].st = (uint8_t)((out ? 0x80 : 0) | (null_count(p, i) ? 0x40 : 0) | (p->c[i].cw & 0x3f));
    p->c[i].st_latched = 1;
}

static void write_control(i8254_t *p, uint8_t v)
{
    unsigned sc = v >> 6;
    if (sc == 3) {
        /* Read-Back Command: D5 = !COUNT, D4 = !STATUS, D3..D1 = CNT2..CNT0. */
        for (unsigned i = 0; i < NCNT; i++) {
            if (!(v & (2u << i)))
                continue;
            if (!(v & 0x10))
                latch_status(p, i);
            if (!(v & 0x20))
                latch_count(p, i);
        }
        return;
    }
    unsigned i = sc;
    if (!(v & 0x30)) {            /* Counter Latch Command */
        latch_count(p, i);
        return;
    }
    /* "When a Control Word is written to a Counter, all Control Logic is
     * immediately reset and OUT goes to a known initial state": low in mode 0,
     * high in modes 1–5. The count register and latches are registers, so
     * they keep their contents; GATE is an input and stays. */
    uint64_t t = now_tick(p);
    uint32_t ce;
    int out;
    state_at(p, i, t, &ce, &out);
    ww_record_reset(&counter_record, &p->c[i]);
    p->c[i].ce_prev = ce;
    p->c[i].cw = v & 0x3f;
    p->c[i].out_prev = mode_of(p, i) != 0;
    update(p, i);
}

/* ---- "Read Operations" ------------------------------------------------------ */

static uint8_t read_counter(i8254_t *p, unsigned i, bool peek)
{
    if (p->c[i].st_latched) {
        if (!peek)
            p->c[i].st_latched = 0;
        return p->c[i].st;
    }
    unsigned rw = (p->c[i].cw >> 4) & 3;
    if (p->c[i].ol_bytes) {
        bool lsb = p->c[i].ol_bytes & 1;
        if (!peek)
            p->c[i].ol_bytes = (rw == 3 && lsb) ? 2 : 0;
        return lsb ? (uint8_t)p->c[i].ol : (uint8_t)(p->c[i].ol >> 8);
    }
    uint16_t v = ce_bits(p, i, ce_now(p, i, NULL));
    bool msb = rw == 2 || (rw == 3 && p->c[i].rd_msb);
    if (!peek && rw == 3)
        p->c[i].rd_msb ^= 1;
    return msb ? (uint8_t)(v >> 8) : (uint8_t)v;
}

static uint64_t i8254_read(ww_chip *c, unsigned region, uint64_t off, unsigned size,
                           ww_access how)
{
    i8254_t *p = (i8254_t *)c;
    if (off < NCNT)
        return read_counter(p, (unsigned)off, how == WW_PEEK);
    /* The control word register cannot be read ("Read Operations"). */
    if (how != WW_PEEK)
        ww_chip_guest_error(c, "read of the write-only control word register");
    return 0xff;
}

static void i8254_write(ww_chip *c, unsigned region, uint64_t off, uint64_t val, unsigned size)
{
    i8254_t *p = (i8254_t *)c;
    if (off < NCNT)
        write_counter(p, (unsigned)off, (uint8_t)val);
    else if (off == CONTROL)
        write_control(p, (uint8_t)val);
    else
        ww_chip_unimp(c, "write", region, off);
}

/* ---- GATE (Figure 17, "Gate Pin Operations Summary") ---------------------- */

static void i8254_signal(ww_chip *c, unsigned port, unsigned index, int level)
{
    i8254_t *p = (i8254_t *)c;
    if (port != PORT_GATE || index >= NCNT)
        return;
    unsigned i = index;
    p->c[i].gate = level != 0;
    if (!c->realized)
        return;
    uint64_t t = now_tick(p);
    fold(p, i, t);
    switch (mode_of(p, i)) {
    case 0:
    case 4:   /* GATE low disables counting, high enables it */
        if (!level) {
            stop_counting(p, i, t);
        } else if (p->c[i].armed && !p->c[i].wr_pause && !p->c[i].running) {
            p->c[i].running = 1;
            p->c[i].start_tick = MAX(t + 1, p->c[i].load_tick + 1);
        }
        break;
    case 1:
    case 5:   /* a rising edge triggers: CR is loaded on the next CLK pulse */
        if (level && p->c[i].armed)
            reload(p, i, t, true);
        break;
    default:  /* 2, 3: low stops counting and forces OUT high; a rise reloads */
        if (!level) {
            uint32_t ce;
            int out;
            state_at(p, i, t, &ce, &out);
            if (p->c[i].load_tick != NEVER && t >= p->c[i].load_tick)
                p->c[i].ce_prev = ce;
            p->c[i].running = 0;
            if (p->c[i].next_tick != NEVER) {
                p->c[i].next_tick = NEVER;       /* CR is loaded at the gate rise */
                p->c[i].null_tick = NEVER;
            }
        } else if (p->c[i].armed) {
            reload(p, i, t, true);
            p->c[i].out_prev = 1;
        }
        break;
    }
    update(p, i);
}

/* ---- lifecycle ------------------------------------------------------------- */

static bool i8254_realize(ww_chip *c, GError **err)
{
    i8254_t *p = (i8254_t *)c;
    for (unsigned i = 0; i < NCNT; i++)
        p->c[i].gate = 1;   /* undriven gates are high (PC: tied to +5 V) */
    return true;
}

static void i8254_reset(ww_chip *c, ww_reset_kind kind)
{
    i8254_t *p = (i8254_t *)c;
    /* Each counter now holds the table's control word (mode 3, no count):
     * OUT high, nothing counting until the guest writes a count. */
    for (unsigned i = 0; i < NCNT; i++)
        update(p, i);
}

static bool i8254_post_load(ww_chip *c, GError **err)
{
    i8254_t *p = (i8254_t *)c;
    /* A count is 1..65536; 0 would divide by zero. Anything else a guest
     * can reach is kept as saved. */
    for (unsigned i = 0; i < NCNT; i++) {
        if (!p->c[i].n || p->c[i].n > 65536)
            p->c[i].n = 65536;
        if (!p->c[i].next_n || p->c[i].next_n > 65536)
            p->c[i].next_n = 65536;
        update(p, i);
    }
    return true;
}

static const ww_prop_desc i8254_props[] = {
    { "clock", WW_PROP_UINT, AT(clock_hz), "1193182", 1, 100000000, NULL, WW_UNIT_HZ,
      "CLK input of all three counters (PC: 14.31818 MHz / 12)" },
    { 0 }
};

static const ww_region_desc i8254_regions[] = {
    { "io", 4, 1, 1, WW_LITTLE_ENDIAN, 0, "counters 0-2, control word (PC: 0x40-0x43)" },
    { 0 }
};

static const ww_port_desc i8254_ports[] = {
    [PORT_GATE] = { "gate", WW_PORT_IN,  NCNT, WW_PORT_EDGE, 0, "GATE0-2; never driven = high" },
    [PORT_OUT]  = { "out",  WW_PORT_OUT, NCNT, 0, offsetof(i8254_t, out),
                    "OUT0-2 (PC: OUT0 → PIC IR0, OUT2 → speaker)" },
    [PORT__COUNT] = { 0 }
};

static const ww_chip_class i8254_class = {
    .type = "i8254",
    .summary = "Intel 8254 programmable interval timer",
    .doc = "Intel 82C54 datasheet (231244): modes 0-5, LSB/MSB/word access, counter "
           "latch, read-back (status and count), BCD, gate semantics, null count. "
           "Counts are computed from virtual time; OUT edges are scheduled exactly.",
    .size = sizeof(i8254_t),
    .version = 1,
    .props = i8254_props,
    .regions = i8254_regions,
    .regs = i8254_regs,
    .state = i8254_state,
    .ports = i8254_ports,
    .realize = i8254_realize,
    .reset = i8254_reset,
    .read = i8254_read,
    .write = i8254_write,
    .signal = i8254_signal,
    .post_load = i8254_post_load,
};
WW_CHIP_REGISTER(i8254_class)
