/* chips/timer/mc146818.c — Motorola MC146818A real-time clock plus RAM, as on PCs.
 *
 * Source: Motorola MC146818A "Real-Time Clock Plus RAM (RTC)" datasheet:
 * "Address Map", "Time, Calendar and Alarm Locations" and the table "Time,
 * Calendar and Alarm Data Modes", "Static CMOS RAM", "Interrupts", "Divider
 * Stages", "Periodic Interrupt Selection" and the table "Periodic Interrupt
 * Rate and Square-Wave Output Frequency", "Update Cycle" (tBUC = 244 µs),
 * "Register A" to "Register D", "RESET". PC use: IBM PC AT Technical
 * Reference (1984), "Real-Time Clock/CMOS RAM Information" (index port 0x70
 * with NMI mask in bit 7, data 0x71, the CMOS map); Intel ICH9 datasheet
 * 316972, RTC (upper 128-byte bank at 0x72/0x73, NMI_EN in 0x70 bit 7).
 * Ambiguous behaviour was checked against how QEMU (hw/rtc/mc146818rtc.c)
 * reads the datasheet, and the CMOS bytes firmware expects against QEMU's
 * pc_cmos_init (hw/i386/pc.c).
 *
 *          +-----------+
 *   io 0-3 | MC146818A |→ irq       (PC: IRQ8, pic1.ir@0)     io 0: index (bit 7 NMI mask)
 *          |  + CMOS   |→ nmi-mask  (index bit 7)             io 1: data
 *          +-----------+  nvram ⇄ disk (optional)             io 2/3: upper bank (size=256)
 *
 * Time: the time, calendar and alarm bytes are counters in the chip's RAM, as
 * on the part: an update timer fires at each second boundary of the divider
 * chain (virtual time) and advances them in the mode register B selects (BCD
 * or binary, 12/24 h, DSE). At realize they are set from the `date`
 * property (default 2026-01-01T00:00:00, so runs are deterministic; "host"
 * or "host-local" take the host clock at creation instead). Registers A and
 * B start as a BIOS leaves them (A = 0x26, B = 0x02: 32.768 kHz time base,
 * 1024 Hz rate, 24 h, BCD), like a PC whose battery has kept them.
 *
 * The 32.768 kHz time base is counted in ticks from machine start (tick k at
 * ceil(k·1e9/32768) ns); tBUC = 244 µs is exactly 8 ticks. The periodic flag
 * PF is computed from the divider phase when read, so a guest that leaves
 * RS = 6 and PIE = 0 costs no events; a timer runs only while PIE is set.
 *
 * Deviations: the update cycle takes no time (UIP is high for the 244 µs
 * before the second boundary, then the new time is readable at once, as in
 * QEMU); DV = 000/001 (4.19/1.05 MHz time bases) run like 010, and 011-101
 * stop the divider like 11x; leaving a stopped divider always puts the first
 * update 500 ms later; changing DM or 24/12 does not convert the stored
 * bytes (the datasheet asks software to re-initialize them); the century
 * byte 0x32 is RAM the chip never updates; the SQW pin is not modelled.
 * Test: tests/chips/timer/mc146818.c
 */
#include "core/chip.h"
#include "core/backend.h"
#include <stdio.h>
#include <string.h>

#define NCMOS 256
#define TICK_HZ 32768u         /* the time base */
#define TBUC_TICKS 8u          /* 244 µs before the update: UIP */
#define NEVER UINT64_MAX

typedef struct {
    ww_chip chip;
    /* properties */
    char *date;
    uint32_t size;             /* 0: 128 bytes, 1: 256 bytes */
    uint64_t ram_below_4g, ram_above_4g;
    uint32_t cpus;
    char *boot_order;
    uint64_t equipment;
    char *cmos_init;
    /* registers with storage */
    uint8_t index, xindex;     /* io 0 and io 2 as last written */
    uint8_t cmos[NCMOS];       /* time, alarm, A, B, (C, D computed), RAM */
    /* internal state */
    uint8_t flags;             /* PF AF UF latched (register C bits) */
    uint64_t pf_tick;          /* PF edges up to this tick are in flags */
    uint64_t next_sec;         /* tick of the next update (divider running) */
    uint8_t dse_fallen;        /* DSE: the October 1:59:59 fall-back happened today */
    ww_timer update, periodic;
    ww_line irq, nmi_mask;
    ww_disk *nvram;            /* backend */
} mc146818_t;

/* "Address Map" */
enum { SECONDS = 0x00, SECONDS_ALARM = 0x01, MINUTES = 0x02, MINUTES_ALARM = 0x03,
       HOURS = 0x04, HOURS_ALARM = 0x05, DAY_OF_WEEK = 0x06, DATE_OF_MONTH = 0x07,
       MONTH = 0x08, YEAR = 0x09, REG_A = 0x0A, REG_B = 0x0B, REG_C = 0x0C, REG_D = 0x0D,
       RAM0 = 0x0E };
/* PC CMOS locations (IBM PC AT Technical Reference; QEMU pc_cmos_init). */
enum { CMOS_FLOPPY = 0x10, CMOS_EQUIPMENT = 0x14, CMOS_BASE_LO = 0x15, CMOS_BASE_HI = 0x16,
       CMOS_EXT_LO = 0x17, CMOS_EXT_HI = 0x18, CMOS_CSUM_HI = 0x2E, CMOS_CSUM_LO = 0x2F,
       CMOS_EXT2_LO = 0x30, CMOS_EXT2_HI = 0x31, CMOS_CENTURY = 0x32, CMOS_MEM16M_LO = 0x34,
       CMOS_MEM16M_HI = 0x35, CMOS_BOOTFLAG1 = 0x38, CMOS_BOOTFLAG2 = 0x3D,
       CMOS_MEM4G_LO = 0x5B, CMOS_MEM4G_MID = 0x5C, CMOS_MEM4G_HI = 0x5D, CMOS_SMP_COUNT = 0x5F };
/* io offsets */
enum { IO_INDEX = 0, IO_DATA = 1, IO_XINDEX = 2, IO_XDATA = 3 };

/* "Register A" */
enum { A_RS = 0x0f, A_DV = 0x70, A_UIP = 0x80 };
/* "Register B" */
enum { B_DSE = 0x01, B_24H = 0x02, B_DM = 0x04, B_SQWE = 0x08, B_UIE = 0x10, B_AIE = 0x20,
       B_PIE = 0x40, B_SET = 0x80 };
/* "Register C" */
enum { C_UF = 0x10, C_AF = 0x20, C_PF = 0x40, C_IRQF = 0x80 };
/* "Register D" */
enum { D_VRT = 0x80 };
/* io 0: the index register */
enum { INDEX_ADDR = 0x7f, INDEX_NMI = 0x80 };
enum { HOURS_PM = 0x80 };

enum { REGION_IO, REGION__COUNT };
enum { PORT_IRQ, PORT_NMI_MASK, PORT__COUNT };
enum { BACKEND_NVRAM, BACKEND__COUNT };

#define AT(m) WW_AT(mc146818_t, m)

static const ww_field_desc a_fields[] = {
    WW_FIELD(A_, RS, "periodic rate: 0 none, 3..15 = 2^(RS-1) ticks, 1/2 = 256/128 Hz"),
    WW_FIELD(A_, DV, "divider: 2 = 32.768 kHz running, 6/7 = reset"),
    { 0 }
};
static const ww_field_desc b_fields[] = {
    WW_FIELD(B_, DSE,  "daylight savings enable (last Sunday of April / October)"),
    WW_FIELD_MASK("24_12", B_24H, "1: 24-hour mode"),
    WW_FIELD(B_, DM,   "data mode: 1 binary, 0 BCD"),
    WW_FIELD(B_, SQWE, "square-wave enable (SQW pin not modelled)"),
    WW_FIELD(B_, UIE,  "update-ended interrupt enable"),
    WW_FIELD(B_, AIE,  "alarm interrupt enable"),
    WW_FIELD(B_, PIE,  "periodic interrupt enable"),
    WW_FIELD(B_, SET,  "1: updates inhibited while the time is set"),
    { 0 }
};
static const ww_field_desc c_fields[] = {
    WW_FIELD(C_, UF, "update ended"), WW_FIELD(C_, AF, "alarm"),
    WW_FIELD(C_, PF, "periodic"), WW_FIELD(C_, IRQF, "PF·PIE + AF·AIE + UF·UIE"),
    { 0 }
};
static const ww_field_desc d_fields[] = {
    WW_FIELD(D_, VRT, "valid RAM and time (the battery never fails here)"),
    { 0 }
};
static const ww_field_desc index_fields[] = {
    WW_FIELD_MASK("ADDR", INDEX_ADDR, "CMOS byte at 0x71"),
    WW_FIELD_MASK("NMI_MASK", INDEX_NMI, "1: NMIs masked (ICH9 NMI_EN)"),
    { 0 }
};

/* Names of the RAM bytes by CMOS offset (CMOS0E … CMOSFF). */
#define HEX16(h) "CMOS" h "0", "CMOS" h "1", "CMOS" h "2", "CMOS" h "3", "CMOS" h "4", \
    "CMOS" h "5", "CMOS" h "6", "CMOS" h "7", "CMOS" h "8", "CMOS" h "9", "CMOS" h "A", \
    "CMOS" h "B", "CMOS" h "C", "CMOS" h "D", "CMOS" h "E", "CMOS" h "F"
static const char *const ram_names[NCMOS - RAM0] = {
    "CMOS0E", "CMOS0F", HEX16("1"), HEX16("2"), HEX16("3"), HEX16("4"), HEX16("5"),
    HEX16("6"), HEX16("7"), HEX16("8"), HEX16("9"), HEX16("A"), HEX16("B"), HEX16("C"),
    HEX16("D"), HEX16("E"), HEX16("F"),
};

/* Registers; the enum names them for reg_read/reg_write. */
enum { R_INDEX, R_DATA, R_XINDEX, R_XDATA, R_SECONDS, R_SECONDS_ALARM, R_MINUTES,
       R_MINUTES_ALARM, R_HOURS, R_HOURS_ALARM, R_DAY_OF_WEEK, R_DATE_OF_MONTH, R_MONTH,
       R_YEAR, R_REGA, R_REGB, R_REGC, R_REGD, R_RAM, R__COUNT };
#define CLOCK(name, addr, text) \
    { name, .flags = WW_REG_INTERNAL | WW_REG_NORESET, .at = AT(cmos[addr]), .doc = text }
static const ww_reg_desc mc146818_regs[] = {
    /*           name      region     off        w  flags */
    [R_INDEX]  = { "INDEX",  REGION_IO, IO_INDEX,  1, WW_REG_WO | WW_REG_SIDE, .at = AT(index),
                   .fields = index_fields, .doc = "CMOS address and NMI mask (reads 0xFF)" },
    [R_DATA]   = { "DATA",   REGION_IO, IO_DATA,   1, WW_REG_RC | WW_REG_SIDE,
                   .doc = "the CMOS byte INDEX.ADDR selects (reading C clears it)" },
    [R_XINDEX] = { "XINDEX", REGION_IO, IO_XINDEX, 1, WW_REG_WO, .at = AT(xindex),
                   .doc = "upper bank address, bits 6..0 (size=256)" },
    [R_XDATA]  = { "XDATA",  REGION_IO, IO_XDATA,  1, WW_REG_SIDE,
                   .doc = "CMOS byte 0x80 + XINDEX" },
    [R_SECONDS]       = CLOCK("SECONDS",       SECONDS,       "0-59"),
    [R_SECONDS_ALARM] = CLOCK("SECONDS_ALARM", SECONDS_ALARM, "0xC0-0xFF: don't care"),
    [R_MINUTES]       = CLOCK("MINUTES",       MINUTES,       "0-59"),
    [R_MINUTES_ALARM] = CLOCK("MINUTES_ALARM", MINUTES_ALARM, "0xC0-0xFF: don't care"),
    [R_HOURS]         = CLOCK("HOURS",         HOURS,         "0-23, or 1-12 with bit 7 = PM"),
    [R_HOURS_ALARM]   = CLOCK("HOURS_ALARM",   HOURS_ALARM,   "0xC0-0xFF: don't care"),
    [R_DAY_OF_WEEK]   = CLOCK("DAY_OF_WEEK",   DAY_OF_WEEK,   "1-7, Sunday = 1"),
    [R_DATE_OF_MONTH] = CLOCK("DATE_OF_MONTH", DATE_OF_MONTH, "1-31"),
    [R_MONTH]         = CLOCK("MONTH",         MONTH,         "1-12"),
    [R_YEAR]          = CLOCK("YEAR",          YEAR,          "0-99"),
    [R_REGA] = { "REGA", .flags = WW_REG_INTERNAL | WW_REG_NORESET | WW_REG_SIDE,
                 .mask = A_DV | A_RS, .at = AT(cmos[REG_A]), .fields = a_fields,
                 .doc = "divider and rate select; UIP (bit 7) is computed on reads through DATA" },
    [R_REGB] = { "REGB", .flags = WW_REG_INTERNAL | WW_REG_NORESET | WW_REG_SIDE,
                 .at = AT(cmos[REG_B]), .fields = b_fields,
                 .doc = "RESET clears PIE, AIE, UIE and SQWE only" },
    [R_REGC] = { "REGC", .flags = WW_REG_INTERNAL | WW_REG_RO | WW_REG_RC | WW_REG_SIDE,
                 .fields = c_fields, .doc = "interrupt flags (computed; a guest read clears them)" },
    [R_REGD] = { "REGD", .flags = WW_REG_INTERNAL | WW_REG_RO, .fields = d_fields,
                 .doc = "VRT (computed)" },
    [R_RAM]  = { "RAM", .flags = WW_REG_INTERNAL | WW_REG_NORESET, .at = AT(cmos[RAM0]),
                 .count = NCMOS - RAM0, .names = ram_names,
                 .doc = "battery-backed RAM by CMOS offset (0x80-0xFF: the upper bank, size=256)" },
    [R__COUNT] = { 0 }
};

static void update_fire(ww_chip *c, unsigned index);
static void periodic_fire(ww_chip *c, unsigned index);

static const ww_state_desc mc146818_state[] = {
    { "flags",      WW_STATE_U8,    AT(flags),   "PF AF UF latched (register C bit positions)" },
    { "pf_tick",    WW_STATE_U64,   AT(pf_tick), "PF edges up to this 32.768 kHz tick are in flags",
      .flags = WW_STATE_CHIP_RESET },
    { "next_sec",   WW_STATE_U64,   AT(next_sec), "tick of the next update (divider phase)",
      .flags = WW_STATE_NORESET },
    { "dse_fallen", WW_STATE_U8,    AT(dse_fallen), "October fall-back done today",
      .flags = WW_STATE_NORESET },
    { "update",     WW_STATE_TIMER, AT(update),  "next second boundary (runs through resets)",
      .flags = WW_STATE_NORESET, .fire = update_fire },
    { "periodic",   WW_STATE_TIMER, AT(periodic), "next PF edge (only while PIE is set)",
      .fire = periodic_fire },
    { 0 }
};

/* ---- the time base ---------------------------------------------------------- */

static uint64_t now_tick(mc146818_t *m)
{
    return ww_ns_to_ticks(ww_sched_now(m->chip.sched), TICK_HZ);
}

/* Time of tick k, rounded up so that ww_ns_to_ticks(tick_time(k)) == k. */
static ww_time tick_time(uint64_t k)
{
    unsigned __int128 ns = ((unsigned __int128)k * WW_NS_PER_SEC + TICK_HZ - 1) / TICK_HZ;
    return ns > (unsigned __int128)(WW_TIME_NEVER - 1) ? WW_TIME_NEVER - 1 : (ww_time)ns;
}

/* "Divider Stages": 010 runs the 32.768 kHz chain; the other settings stop it
 * here (see Deviations for 000/001). */
static bool running(const mc146818_t *m)
{
    return ((m->cmos[REG_A] & A_DV) >> 4) <= 2;
}

/* "Periodic Interrupt Selection", 32.768 kHz column: RS 3..15 divide by
 * 2^(RS-1) (122.070 µs … 500 ms); RS 1 and 2 repeat 3.90625 and 7.8125 ms. */
static uint64_t period_ticks(const mc146818_t *m)
{
    unsigned rs = m->cmos[REG_A] & A_RS;
    if (!rs)
        return 0;
    return rs <= 2 ? 1ull << (rs + 6) : 1ull << (rs - 1);
}

/* PF edges are the ticks ≡ next_sec (mod period): the rate taps the same
 * divider chain as the 1 Hz update. Edges in (a, b]. */
static uint64_t edges_up_to(const mc146818_t *m, uint64_t p, uint64_t x)
{
    uint64_t r = m->next_sec % p;
    return (x + p - r) / p;
}

static bool pf_pending(const mc146818_t *m, uint64_t t)
{
    uint64_t p = period_ticks(m);
    if (!p || !running(m) || t <= m->pf_tick)
        return false;
    return edges_up_to(m, p, t) != edges_up_to(m, p, m->pf_tick);
}

/* Fold PF edges that have passed into the latched flags. */
static void sync_pf(mc146818_t *m)
{
    uint64_t t = now_tick(m);
    if (pf_pending(m, t))
        m->flags |= C_PF;
    m->pf_tick = t;
}

/* Register C as a read would return it, without changing anything. */
static uint8_t reg_c(mc146818_t *m)
{
    uint8_t f = m->flags & (C_PF | C_AF | C_UF);
    if (m->chip.realized && pf_pending(m, now_tick(m)))
        f |= C_PF;
    if (f & m->cmos[REG_B] & (B_PIE | B_AIE | B_UIE))
        f |= C_IRQF;
    return f;
}

/* IRQ follows IRQF; PF edges need no folding for that (reg_c computes them). */
static void update_irq(mc146818_t *m)
{
    ww_line_set(&m->irq, (reg_c(m) & C_IRQF) != 0);
}

/* The periodic timer runs only while PIE can turn an edge into IRQ. */
static void update_periodic(mc146818_t *m)
{
    uint64_t p = period_ticks(m);
    if (!m->chip.realized || !p || !running(m) || !(m->cmos[REG_B] & B_PIE)) {
        ww_timer_del(&m->periodic);
        return;
    }
    uint64_t t = now_tick(m), r = m->next_sec % p;
    uint64_t next = (t + p - r) / p * p + r;   /* first edge after t */
    if (next <= t)
        next += p;
    ww_timer_mod(&m->periodic, tick_time(next));
}

static void periodic_fire(ww_chip *c, unsigned index)
{
    mc146818_t *m = (mc146818_t *)c;
    update_irq(m);
    update_periodic(m);
}

/* "Register A": UIP is 1 during the 244 µs before an update, and 0 while
 * SET inhibits updates or the divider is stopped. */
static bool uip(mc146818_t *m)
{
    if (!m->chip.realized || !running(m) || (m->cmos[REG_B] & B_SET))
        return false;
    uint64_t t = now_tick(m);
    return t + TBUC_TICKS >= m->next_sec && t < m->next_sec;
}

static void arm_update(mc146818_t *m)
{
    if (m->chip.realized && running(m))
        ww_timer_mod(&m->update, tick_time(m->next_sec));
    else
        ww_timer_del(&m->update);
}

/* ---- the calendar ("Time, Calendar and Alarm Data Modes") -------------------- */

static unsigned from_reg(const mc146818_t *m, uint8_t v)
{
    return (m->cmos[REG_B] & B_DM) ? v : (unsigned)(v >> 4) * 10 + (v & 15);
}

static uint8_t to_reg(const mc146818_t *m, unsigned n)
{
    return (m->cmos[REG_B] & B_DM) ? (uint8_t)n : (uint8_t)((n / 10) << 4 | n % 10);
}

/* The hours byte as 0-23 (12-hour mode: 1-12 with bit 7 = PM). */
static unsigned hour24(const mc146818_t *m, uint8_t v)
{
    if (m->cmos[REG_B] & B_24H)
        return from_reg(m, v);
    unsigned h = from_reg(m, v & (uint8_t)~HOURS_PM) % 12;
    return h + ((v & HOURS_PM) ? 12 : 0);
}

static uint8_t hour_reg(const mc146818_t *m, unsigned h)
{
    if (m->cmos[REG_B] & B_24H)
        return to_reg(m, h);
    unsigned h12 = h % 12 ? h % 12 : 12;
    return (uint8_t)(to_reg(m, h12) | (h >= 12 ? HOURS_PM : 0));
}

/* The MC146818A counts a leap year every four years. */
static unsigned days_in_month(unsigned month, unsigned year)
{
    static const uint8_t days[13] = { 31, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (month == 2 && year % 4 == 0)
        return 29;
    return month <= 12 ? days[month] : 31;
}

/* Advance a counter byte: values at or above the last one (garbage the guest
 * wrote included) roll over and carry. */
static bool bump(mc146818_t *m, unsigned addr, unsigned first, unsigned last)
{
    unsigned v = from_reg(m, m->cmos[addr]);
    bool carry = v >= last;
    m->cmos[addr] = to_reg(m, carry ? first : v + 1);
    return carry;
}

/* One update cycle: the time advances by one second ("Update Cycle"). */
static void tick_second(mc146818_t *m)
{
    uint8_t *r = m->cmos;
    unsigned h = hour24(m, r[HOURS]);
    bool at_159 = h == 1 && from_reg(m, r[MINUTES]) == 59 && from_reg(m, r[SECONDS]) == 59;
    if ((r[REG_B] & B_DSE) && at_159 && from_reg(m, r[DAY_OF_WEEK]) == 1) {
        /* "Register B", DSE: last Sunday in April 1:59:59 → 3:00:00, last
         * Sunday in October the first 1:59:59 → 1:00:00. */
        unsigned month = from_reg(m, r[MONTH]), date = from_reg(m, r[DATE_OF_MONTH]);
        if (month == 4 && date >= 24) {
            r[SECONDS] = to_reg(m, 0);
            r[MINUTES] = to_reg(m, 0);
            r[HOURS] = hour_reg(m, 3);
            return;
        }
        if (month == 10 && date >= 25 && !m->dse_fallen) {
            r[SECONDS] = to_reg(m, 0);
            r[MINUTES] = to_reg(m, 0);
            m->dse_fallen = 1;
            return;
        }
    }
    if (!bump(m, SECONDS, 0, 59) || !bump(m, MINUTES, 0, 59))
        return;
    if (h < 23) {
        r[HOURS] = hour_reg(m, h + 1);
        return;
    }
    r[HOURS] = hour_reg(m, 0);
    m->dse_fallen = 0;
    bump(m, DAY_OF_WEEK, 1, 7);
    unsigned month = from_reg(m, r[MONTH]), year = from_reg(m, r[YEAR]);
    if (!bump(m, DATE_OF_MONTH, 1, days_in_month(month, year)))
        return;
    if (bump(m, MONTH, 1, 12))
        bump(m, YEAR, 0, 99);
}

/* "Interrupts": the alarm matches when each of the three alarm bytes equals
 * its time byte or is a don't-care code (11xxxxxx). */
static bool alarm_match(const mc146818_t *m)
{
    static const uint8_t pairs[3][2] = { { SECONDS_ALARM, SECONDS }, { MINUTES_ALARM, MINUTES },
                                         { HOURS_ALARM, HOURS } };
    for (unsigned i = 0; i < 3; i++) {
        uint8_t a = m->cmos[pairs[i][0]];
        if ((a & 0xc0) != 0xc0 && a != m->cmos[pairs[i][1]])
            return false;
    }
    return true;
}

static void update_fire(ww_chip *c, unsigned index)
{
    mc146818_t *m = (mc146818_t *)c;
    if (!running(m))
        return;
    if (!(m->cmos[REG_B] & B_SET)) {
        tick_second(m);
        m->flags |= C_UF;
        if (alarm_match(m))
            m->flags |= C_AF;
    }
    m->next_sec += TICK_HZ;
    arm_update(m);
    update_irq(m);
}

/* ---- register access ------------------------------------------------------ */

static void nvram_store(mc146818_t *m, unsigned addr)
{
    if (!m->nvram || addr < RAM0 || addr >= m->nvram->size)
        return;
    GError *err = NULL;
    if (!ww_disk_write(m->nvram, addr, &m->cmos[addr], 1, &err)) {
        ww_chip_guest_error(&m->chip, "nvram write: %s", err->message);
        g_error_free(err);
    }
}

static void write_a(mc146818_t *m, uint8_t v)
{
    sync_pf(m);
    bool was = running(m);
    m->cmos[REG_A] = v & (A_DV | A_RS);   /* UIP is read-only */
    if (!was && running(m)) {
        /* "Divider Stages": the first update comes 500 ms after the
         * divider leaves reset. */
        m->next_sec = now_tick(m) + TICK_HZ / 2;
        m->pf_tick = now_tick(m);
    }
    arm_update(m);
    update_periodic(m);
    update_irq(m);
}

static void write_b(mc146818_t *m, uint8_t v)
{
    sync_pf(m);
    /* "Register B": SET going high aborts the update and clears UIE. */
    if (v & B_SET)
        v &= (uint8_t)~B_UIE;
    m->cmos[REG_B] = v;
    update_periodic(m);
    update_irq(m);
}

static uint8_t cmos_read(mc146818_t *m, unsigned addr, bool peek)
{
    switch (addr) {
    case REG_A:
        return (uint8_t)(m->cmos[REG_A] | (uip(m) ? A_UIP : 0));
    case REG_C: {
        uint8_t v = reg_c(m);
        if (!peek) {
            /* "Register C": all flags clear when it is read. */
            sync_pf(m);
            m->flags = 0;
            update_irq(m);
        }
        return v;
    }
    case REG_D:
        return D_VRT;
    default:
        return m->cmos[addr];
    }
}

static void cmos_write(mc146818_t *m, unsigned addr, uint8_t v)
{
    switch (addr) {
    case REG_A:
        write_a(m, v);
        break;
    case REG_B:
        write_b(m, v);
        break;
    case REG_C:
    case REG_D:
        ww_chip_guest_error(&m->chip, "write 0x%02x to read-only register %c", v,
                            addr == REG_C ? 'C' : 'D');
        break;
    default:
        m->cmos[addr] = v;
        nvram_store(m, addr);
        break;
    }
}

static uint64_t mc146818_read(ww_chip *c, unsigned region, uint64_t off, unsigned size,
                              ww_access how)
{
    mc146818_t *m = (mc146818_t *)c;
    bool peek = how == WW_PEEK;
    switch (off) {
    case IO_INDEX:
    case IO_XINDEX:
        return 0xff;   /* write-only (QEMU reads 0xFF too) */
    case IO_DATA:
        return cmos_read(m, m->index & INDEX_ADDR, peek);
    case IO_XDATA:
        if (m->size)
            return m->cmos[0x80 | (m->xindex & 0x7f)];
        return 0xff;
    default:
        if (!peek)
            ww_chip_unimp(c, "read", region, off);
        return 0xff;
    }
}

static void mc146818_write(ww_chip *c, unsigned region, uint64_t off, uint64_t val, unsigned size)
{
    mc146818_t *m = (mc146818_t *)c;
    uint8_t v = (uint8_t)val;
    switch (off) {
    case IO_INDEX:
        m->index = v;
        ww_line_set(&m->nmi_mask, !!(v & INDEX_NMI));
        break;
    case IO_DATA:
        cmos_write(m, m->index & INDEX_ADDR, v);
        break;
    case IO_XINDEX:
        m->xindex = v;
        break;
    case IO_XDATA:
        if (m->size) {
            unsigned addr = 0x80 | (m->xindex & 0x7f);
            m->cmos[addr] = v;
            nvram_store(m, addr);
        } else {
            ww_chip_unimp(c, "write (upper bank needs size=256)", region, off);
        }
        break;
    default:
        ww_chip_unimp(c, "write", region, off);
        break;
    }
}

static uint64_t mc146818_reg_read(ww_chip *c, const ww_reg_desc *r, unsigned index)
{
    mc146818_t *m = (mc146818_t *)c;
    if (r == &mc146818_regs[R_REGC])
        return reg_c(m);
    if (r == &mc146818_regs[R_REGD])
        return D_VRT;
    return 0;
}

/* A debugger's write to A, B or C takes effect as a guest's would (C: sets
 * the flags, to test interrupt handlers). */
static void mc146818_reg_write(ww_chip *c, const ww_reg_desc *r, unsigned index, uint64_t val)
{
    mc146818_t *m = (mc146818_t *)c;
    if (r == &mc146818_regs[R_REGA])
        write_a(m, (uint8_t)val);
    else if (r == &mc146818_regs[R_REGB])
        write_b(m, (uint8_t)val);
    else if (r == &mc146818_regs[R_REGC]) {
        sync_pf(m);
        m->flags = (uint8_t)val & (C_PF | C_AF | C_UF);
        update_irq(m);
    }
}

/* ---- configuration: the date and the bytes firmware reads ------------------- */

static bool parse_date(mc146818_t *m, unsigned f[6], GError **err)
{
    const char *d = m->date ? m->date : "";
    GDateTime *dt = NULL;
    if (!strcmp(d, "host"))
        dt = g_date_time_new_now_utc();
    else if (!strcmp(d, "host-local"))
        dt = g_date_time_new_now_local();
    if (dt) {
        f[0] = (unsigned)g_date_time_get_year(dt);
        f[1] = (unsigned)g_date_time_get_month(dt);
        f[2] = (unsigned)g_date_time_get_day_of_month(dt);
        f[3] = (unsigned)g_date_time_get_hour(dt);
        f[4] = (unsigned)g_date_time_get_minute(dt);
        f[5] = (unsigned)g_date_time_get_second(dt);
        g_date_time_unref(dt);
        return true;
    }
    char tail;
    if (sscanf(d, "%4u-%2u-%2uT%2u:%2u:%2u%c", &f[0], &f[1], &f[2], &f[3], &f[4], &f[5],
               &tail) != 6 || f[0] < 1000 || f[0] > 9999 || f[1] < 1 || f[1] > 12 ||
        !g_date_valid_dmy((GDateDay)f[2], (GDateMonth)f[1], (GDateYear)f[0]) || f[3] > 23 ||
        f[4] > 59 || f[5] > 59) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID,
                    "date '%s' is not YYYY-MM-DDTHH:MM:SS, \"host\" or \"host-local\"", d);
        return false;
    }
    return true;
}

/* Day of the week, Sunday = 1 (Gregorian calendar). */
static unsigned weekday(unsigned y, unsigned mo, unsigned d)
{
    static const uint8_t t[12] = { 0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4 };
    if (mo < 3)
        y--;
    return (y + y / 4 - y / 100 + y / 400 + t[mo - 1] + d) % 7 + 1;
}

static void set_clock(mc146818_t *m, const unsigned f[6])
{
    uint8_t *r = m->cmos;
    r[SECONDS] = to_reg(m, f[5]);
    r[MINUTES] = to_reg(m, f[4]);
    r[HOURS] = hour_reg(m, f[3]);
    r[DAY_OF_WEEK] = to_reg(m, weekday(f[0], f[1], f[2]));
    r[DATE_OF_MONTH] = to_reg(m, f[2]);
    r[MONTH] = to_reg(m, f[1]);
    r[YEAR] = to_reg(m, f[0] % 100);
    r[CMOS_CENTURY] = to_reg(m, f[0] / 100);
}

/* QEMU's boot_device2nibble: a/b floppy, c disk, d CD-ROM, n network. */
static bool boot_nibbles(const char *order, unsigned bds[3], GError **err)
{
    size_t n = order ? strlen(order) : 0;
    if (n > 3) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "boot-order '%s': at most 3 devices", order);
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        const char *p = strchr("abcdn", order[i]);
        if (!p || !order[i]) {
            g_set_error(err, WW_ERROR, WW_ERROR_INVALID,
                        "boot-order '%s': '%c' is not one of a, b, c, d, n", order, order[i]);
            return false;
        }
        static const uint8_t nib[5] = { 1, 1, 2, 3, 4 };
        bds[i] = nib[p - "abcdn"];
    }
    return true;
}

/* The bytes SeaBIOS reads, as QEMU's pc_cmos_init writes them: base memory
 * (KiB, ≤ 640), extended memory above 1 MiB (KiB, ≤ 65535) at 0x17 and 0x30,
 * memory above 16 MiB below 4 GiB in 64 KiB units at 0x34, above 4 GiB in
 * 64 KiB units at 0x5B-0x5D, CPUs - 1 at 0x5F, the boot order nibbles at
 * 0x3D/0x38 and the equipment byte; then the AT checksum of 0x10-0x2D. */
static void apply_config(mc146818_t *m, const unsigned bds[3])
{
    uint8_t *r = m->cmos;
    uint64_t lo = m->ram_below_4g;
    uint64_t base = MIN(lo / 1024, 640);
    uint64_t ext = lo > (1u << 20) ? MIN((lo - (1u << 20)) / 1024, 65535) : 0;
    uint64_t mid = lo > (16u << 20) ? MIN((lo - (16u << 20)) / 65536, 65535) : 0;
    uint64_t hi = MIN(m->ram_above_4g / 65536, 0xffffff);
    r[CMOS_BASE_LO] = (uint8_t)base;
    r[CMOS_BASE_HI] = (uint8_t)(base >> 8);
    r[CMOS_EXT_LO] = r[CMOS_EXT2_LO] = (uint8_t)ext;
    r[CMOS_EXT_HI] = r[CMOS_EXT2_HI] = (uint8_t)(ext >> 8);
    r[CMOS_MEM16M_LO] = (uint8_t)mid;
    r[CMOS_MEM16M_HI] = (uint8_t)(mid >> 8);
    r[CMOS_MEM4G_LO] = (uint8_t)hi;
    r[CMOS_MEM4G_MID] = (uint8_t)(hi >> 8);
    r[CMOS_MEM4G_HI] = (uint8_t)(hi >> 16);
    r[CMOS_SMP_COUNT] = (uint8_t)(m->cpus - 1);
    r[CMOS_BOOTFLAG2] = (uint8_t)(bds[1] << 4 | bds[0]);
    r[CMOS_BOOTFLAG1] = (uint8_t)(bds[2] << 4);   /* bit 0 = 0: floppy signature check on */
    r[CMOS_EQUIPMENT] = (uint8_t)m->equipment;
    r[CMOS_FLOPPY] = 0;
    unsigned sum = 0;
    for (unsigned i = 0x10; i <= 0x2d; i++)
        sum += r[i];
    r[CMOS_CSUM_HI] = (uint8_t)(sum >> 8);
    r[CMOS_CSUM_LO] = (uint8_t)sum;
}

/* The `cmos` property: "0x3d=0x21,0x5f=1" — bytes set after the others. */
static bool apply_cmos_init(mc146818_t *m, bool store, GError **err)
{
    if (!m->cmos_init || !*m->cmos_init)
        return true;
    char **items = g_strsplit(m->cmos_init, ",", -1);
    bool ok = true;
    for (char **it = items; *it && ok; it++) {
        char *s = g_strstrip(*it);
        if (!*s)
            continue;
        char *eq = strchr(s, '=');
        uint64_t a = 0, v = 0;
        if (eq)
            *eq = 0;
        unsigned limit = m->size ? NCMOS : 128;
        if (!eq || !ww_parse_uint(g_strstrip(s), WW_UNIT_NONE, &a, NULL) ||
            !ww_parse_uint(g_strstrip(eq + 1), WW_UNIT_NONE, &v, NULL) || a < RAM0 ||
            a >= limit || v > 255) {
            g_set_error(err, WW_ERROR, WW_ERROR_INVALID,
                        "cmos: '%s%s%s' is not OFFSET=BYTE with OFFSET 0x0e..0x%x", s,
                        eq ? "=" : "", eq ? eq + 1 : "", limit - 1);
            ok = false;
            break;
        }
        m->cmos[a] = (uint8_t)v;
        if (store)
            nvram_store(m, (unsigned)a);
    }
    g_strfreev(items);
    return ok;
}

static bool mc146818_realize(ww_chip *c, GError **err)
{
    mc146818_t *m = (mc146818_t *)c;
    unsigned f[6], bds[3] = { 0, 0, 0 };
    if (!parse_date(m, f, err) || !boot_nibbles(m->boot_order, bds, err))
        return false;
    /* The battery kept what a BIOS set up: 32.768 kHz, 1024 Hz, 24 h, BCD. */
    m->cmos[REG_A] = 0x26;
    m->cmos[REG_B] = B_24H;
    set_clock(m, f);
    apply_config(m, bds);
    if (!apply_cmos_init(m, false, err))
        return false;
    m->next_sec = now_tick(m) + TICK_HZ;
    return true;
}

static void mc146818_reset(ww_chip *c, ww_reset_kind kind)
{
    mc146818_t *m = (mc146818_t *)c;
    /* "RESET": PIE, AIE, UIE, SQWE and the flags clear; the clock, the
     * calendar, A, the rest of B and the RAM are kept. */
    m->cmos[REG_B] &= (uint8_t)~(B_PIE | B_AIE | B_UIE | B_SQWE);
    m->pf_tick = now_tick(m);
    if (!ww_timer_armed(&m->update)) {
        if (m->next_sec <= now_tick(m))
            m->next_sec = now_tick(m) + TICK_HZ;
        arm_update(m);
    }
    ww_line_set(&m->nmi_mask, !!(m->index & INDEX_NMI));
    update_periodic(m);
    update_irq(m);
}

static bool mc146818_post_load(ww_chip *c, GError **err)
{
    mc146818_t *m = (mc146818_t *)c;
    m->cmos[REG_A] &= A_DV | A_RS;
    uint64_t t = now_tick(m);
    if (m->pf_tick > t)
        m->pf_tick = t;
    if (running(m) && !ww_timer_armed(&m->update)) {
        if (m->next_sec <= t)
            m->next_sec = t + TICK_HZ;
        arm_update(m);
    }
    ww_line_set(&m->nmi_mask, !!(m->index & INDEX_NMI));
    update_periodic(m);
    update_irq(m);
    return true;
}

/* The nvram disk was bound: its bytes 0x0E.. replace the RAM (the clock and
 * the century byte keep the `date`), then the configuration bytes are written again so the
 * memory size and boot order follow the machine. */
static void nvram_bound(ww_chip *c, unsigned index)
{
    mc146818_t *m = (mc146818_t *)c;
    if (!m->nvram)
        return;
    unsigned n = (unsigned)MIN(m->nvram->size, (uint64_t)(m->size ? NCMOS : 128));
    uint8_t century = m->cmos[CMOS_CENTURY];
    GError *err = NULL;
    if (n > RAM0 && !ww_disk_read(m->nvram, RAM0, &m->cmos[RAM0], n - RAM0, &err)) {
        ww_chip_guest_error(c, "nvram read: %s", err->message);
        g_clear_error(&err);
    }
    m->cmos[CMOS_CENTURY] = century;   /* part of the clock, like 0x00-0x09 */
    unsigned bds[3] = { 0, 0, 0 };
    boot_nibbles(m->boot_order, bds, NULL);
    apply_config(m, bds);
    apply_cmos_init(m, false, NULL);
    for (unsigned a = RAM0; a < n; a++)
        nvram_store(m, a);
}

static const char *const mc146818_sizes[] = { "128", "256", NULL };

static const ww_prop_desc mc146818_props[] = {
    { "date", WW_PROP_STRING, AT(date), "2026-01-01T00:00:00", 0, 0, NULL, WW_UNIT_NONE,
      "clock at virtual time 0: YYYY-MM-DDTHH:MM:SS, or \"host\" / \"host-local\" for the "
      "host clock at creation (not deterministic)" },
    { "size", WW_PROP_ENUM, AT(size), "128", 0, 0, mc146818_sizes, WW_UNIT_NONE,
      "CMOS bytes: 256 adds the upper bank at io 2/3 (ICH9 0x72/0x73)" },
    { "ram-below-4g", WW_PROP_UINT, AT(ram_below_4g), "0", 0, 0, NULL, WW_UNIT_BYTES,
      "RAM below 4 GiB: sets CMOS 0x15-0x18, 0x30/0x31, 0x34/0x35" },
    { "ram-above-4g", WW_PROP_UINT, AT(ram_above_4g), "0", 0, 0, NULL, WW_UNIT_BYTES,
      "RAM above 4 GiB: sets CMOS 0x5B-0x5D (64 KiB units)" },
    { "cpus", WW_PROP_UINT, AT(cpus), "1", 1, 256, NULL, WW_UNIT_NONE,
      "CPU count: CMOS 0x5F = cpus - 1" },
    { "boot-order", WW_PROP_STRING, AT(boot_order), "cad", 0, 0, NULL, WW_UNIT_NONE,
      "up to 3 of a/b (floppy), c (disk), d (CD-ROM), n (network): CMOS 0x3D, 0x38" },
    { "equipment", WW_PROP_UINT, AT(equipment), "0x06", 0, 255, NULL, WW_UNIT_NONE,
      "CMOS 0x14 equipment byte (0x02 FPU, 0x04 PS/2 mouse)" },
    { "cmos", WW_PROP_STRING, AT(cmos_init), "", 0, 0, NULL, WW_UNIT_NONE,
      "more bytes, written last: \"0x3d=0x21,0x5f=1\" (offsets 0x0e and up)" },
    { 0 }
};

static const ww_region_desc mc146818_regions[] = {
    [REGION_IO] = { "io", 4, 1, 1, WW_LITTLE_ENDIAN, 0,
                    "index, data, upper-bank index, upper-bank data (PC: 0x70-0x73)" },
    [REGION__COUNT] = { 0 }
};

static const ww_port_desc mc146818_ports[] = {
    [PORT_IRQ]      = { "irq", WW_PORT_OUT, 1, 0, offsetof(mc146818_t, irq),
                        "IRQ (active high here; PC: IRQ8 = pic1.ir@0)" },
    [PORT_NMI_MASK] = { "nmi-mask", WW_PORT_OUT, 1, 0, offsetof(mc146818_t, nmi_mask),
                        "index bit 7: 1 = NMI sources masked (ICH9 NMI_EN)" },
    [PORT__COUNT] = { 0 }
};

static const ww_backend_desc mc146818_backends[] = {
    [BACKEND_NVRAM] = { "nvram", WW_BACKEND_DISK, offsetof(mc146818_t, nvram),
                        .doc = "battery-backed RAM image: byte n = CMOS n (0x0E.. loaded at "
                               "bind, every RAM write stored)", .bound = nvram_bound },
    [BACKEND__COUNT] = { 0 }
};

static const ww_chip_class mc146818_class = {
    .type = "mc146818",
    .summary = "Motorola MC146818A real-time clock and CMOS RAM (PC RTC)",
    .doc = "MC146818A datasheet: time/calendar/alarm in BCD or binary, 12/24 h, DSE, "
           "registers A-D, periodic/alarm/update-ended interrupts, UIP timing, divider "
           "reset; PC CMOS bytes (memory size, CPUs, boot order) from properties; "
           "optional upper 128-byte bank and nvram disk. Time is virtual.",
    .size = sizeof(mc146818_t),
    .version = 1,
    .props = mc146818_props,
    .regions = mc146818_regions,
    .regs = mc146818_regs,
    .state = mc146818_state,
    .ports = mc146818_ports,
    .backends = mc146818_backends,
    .realize = mc146818_realize,
    .reset = mc146818_reset,
    .read = mc146818_read,
    .write = mc146818_write,
    .post_load = mc146818_post_load,
    .reg_read = mc146818_reg_read,
    .reg_write = mc146818_reg_write,
};
WW_CHIP_REGISTER(mc146818_class)
