/* chips/apple/via6522.h — the Rockwell/MOS 6522 VIA as a core that chips
 * embed: the "via6522" chip itself (chips/apple/via6522.c: the VIA with its
 * pins as ports, wired in XML) and chips that are a VIA plus a controller
 * talking through it (chips/apple/cuda.c: CUDA behind its VIA), so there is
 * one VIA model.
 *
 * An embedding chip's struct starts with `ww_chip chip;` then
 * `via6522_core via;` (the core's timers find it there: via6522_prefix), lists
 * `VIA6522_STATE(type)` in its state table and the sixteen bus registers with
 * VIA6522_REGS(type, region, orb_fields, ora_fields) in its register table,
 * a "via-clock"-style prop at AT(via.hz), and calls via6522_core_reset from
 * reset() and via6522_core_post_load from post_load(). The embedding chip
 * answers the VIA's pins through the hooks: what it drives on the port inputs,
 * what it does when the outputs change, where the IRQ goes. */
#ifndef WW_VIA6522_H
#define WW_VIA6522_H
#include "core/chip.h"

/* Registers (R6522 data sheet, "Register Select Lines"). */
enum { VIA_ORB = 0, VIA_ORA = 1, VIA_DDRB = 2, VIA_DDRA = 3, VIA_T1CL = 4, VIA_T1CH = 5,
       VIA_T1LL = 6, VIA_T1LH = 7, VIA_T2CL = 8, VIA_T2CH = 9, VIA_SR = 10, VIA_ACR = 11,
       VIA_PCR = 12, VIA_IFR = 13, VIA_IER = 14, VIA_ORA_NH = 15 };
/* IFR/IER bits ("Interrupt Flag Register"). */
enum { VIA_IFR_CA2 = 0x01, VIA_IFR_CA1 = 0x02, VIA_IFR_SR = 0x04, VIA_IFR_CB2 = 0x08,
       VIA_IFR_CB1 = 0x10, VIA_IFR_T2 = 0x20, VIA_IFR_T1 = 0x40, VIA_IFR_IRQ = 0x80 };
/* ACR ("Auxiliary Control Register"). */
enum { VIA_ACR_PA_LATCH = 0x01, VIA_ACR_PB_LATCH = 0x02, VIA_ACR_SR = 0x1c,
       VIA_ACR_T2_COUNT = 0x20, VIA_ACR_T1 = 0xc0 };
enum { VIA_SR_OFF = 0x00, VIA_SR_IN_T2 = 0x04, VIA_SR_IN_PHI2 = 0x08, VIA_SR_IN_EXT = 0x0c,
       VIA_SR_OUT_FREE = 0x10, VIA_SR_OUT_T2 = 0x14, VIA_SR_OUT_PHI2 = 0x18,
       VIA_SR_OUT_EXT = 0x1c, VIA_SR_OUT = 0x10 };
enum { VIA_T1_CONT = 0x40, VIA_T1_PB7 = 0x80 };
/* PCR ("Peripheral Control Register"). */
enum { VIA_PCR_CA1 = 0x01, VIA_PCR_CA2 = 0x0e, VIA_PCR_CB1 = 0x10, VIA_PCR_CB2 = 0xe0 };

typedef struct via6522_hooks {
    /* The port outputs may have changed (a write of ORx or DDRx): port 0 is A,
     * 1 is B. via6522_port_out says what the pins are driven to. */
    void (*port_out)(ww_chip *chip, unsigned port);
    /* The levels the outside world drives on port 0 (A) or 1 (B); only the
     * bits whose DDR is 0 are read. NULL: all ones (pulled up). */
    uint8_t (*port_in)(ww_chip *chip, unsigned port);
    /* The IRQ output (active high here: an enabled flag is set). */
    void (*irq)(ww_chip *chip, bool level);
    /* CA2 (line 0) or CB2 (line 1) as an output changed (PCR manual,
     * handshake and pulse modes; CB2 also in shift-out modes). May be NULL. */
    void (*c2_out)(ww_chip *chip, unsigned line, int level);
} via6522_hooks;

typedef struct via6522_core {
    uint64_t hz;                 /* prop: the φ2 clock the timers count */
    uint8_t orb, ora, ddrb, ddra, sr, acr, pcr, ifr, ier;
    uint8_t ira, irb;            /* input latches (ACR latching) */
    uint16_t t1_latch;
    uint8_t t2_latch;            /* the low byte T2CL writes */
    ww_time t1_load, t2_load;    /* when the counters were loaded */
    uint16_t t1_start, t2_start; /* … with these values */
    uint8_t t1_armed, t2_armed;  /* one-shot: the next underflow interrupts */
    uint8_t sr_bits;             /* bits shifted in the current SR transfer */
    uint8_t sr_run;              /* an internally clocked SR transfer is under way */
    uint8_t sr_fell;             /* CB1 fell since the last bit (a clock pulse began) */
    uint8_t ca1, ca2, cb1, cb2;  /* input levels last seen */
    uint8_t ca2_out, cb2_out;    /* output levels driven (output modes) */
    uint8_t irq;                 /* the IRQ output as last driven */
    ww_timer t1_timer, t2_timer, sr_timer;
    const via6522_hooks *hooks;  /* set by the embedding chip's realize (not state) */
} via6522_core;

typedef struct { ww_chip chip; via6522_core via; } via6522_prefix;
#define VIA6522_CORE(c) (&((via6522_prefix *)(c))->via)

/* The record the embedding chip lists in its state table. */
extern const ww_record_desc via6522_core_record;
#define VIA6522_STATE(type) \
    { "via", WW_STATE_RECORD, WW_AT(type, via), "the VIA's timers, latches and lines", \
      .record = &via6522_core_record }

extern const ww_field_desc via6522_ifr_fields[], via6522_acr_fields[], via6522_pcr_fields[];

/* The sixteen bus registers of the VIA in `region` (offsets 0-15). */
#define VIA6522_REGS(type, region, orb_f, ora_f) \
    { "ORB", region, VIA_ORB, 1, WW_REG_SIDE, .at = WW_AT(type, via.orb), .fields = orb_f, \
      .doc = "port B output; reads give the pins where DDRB is 0 (IRB)" }, \
    { "ORA", region, VIA_ORA, 1, WW_REG_RC | WW_REG_SIDE, .at = WW_AT(type, via.ora), \
      .fields = ora_f, .doc = "port A with handshake (access clears CA1/CA2)" }, \
    { "DDRB", region, VIA_DDRB, 1, WW_REG_SIDE, .at = WW_AT(type, via.ddrb), \
      .doc = "port B direction (1 = output)" }, \
    { "DDRA", region, VIA_DDRA, 1, WW_REG_SIDE, .at = WW_AT(type, via.ddra), \
      .doc = "port A direction (1 = output)" }, \
    { "T1CL", region, VIA_T1CL, 1, WW_REG_RC | WW_REG_SIDE, \
      .doc = "timer 1 counter low (read clears T1); write: latch low" }, \
    { "T1CH", region, VIA_T1CH, 1, WW_REG_SIDE, \
      .doc = "timer 1 counter high; write: latch high, load and start, clear T1" }, \
    { "T1LL", region, VIA_T1LL, 1, WW_RW, .doc = "timer 1 latch low" }, \
    { "T1LH", region, VIA_T1LH, 1, WW_REG_SIDE, .doc = "timer 1 latch high (write clears T1)" }, \
    { "T2CL", region, VIA_T2CL, 1, WW_REG_RC | WW_REG_SIDE, \
      .doc = "timer 2 counter low (read clears T2); write: latch low" }, \
    { "T2CH", region, VIA_T2CH, 1, WW_REG_SIDE, .doc = "timer 2 high; write: load and start" }, \
    { "SR", region, VIA_SR, 1, WW_REG_RC | WW_REG_SIDE, .at = WW_AT(type, via.sr), \
      .doc = "shift register; an access clears SR and starts a transfer" }, \
    { "ACR", region, VIA_ACR, 1, WW_REG_SIDE, .at = WW_AT(type, via.acr), \
      .fields = via6522_acr_fields }, \
    { "PCR", region, VIA_PCR, 1, WW_REG_SIDE, .at = WW_AT(type, via.pcr), \
      .fields = via6522_pcr_fields }, \
    { "IFR", region, VIA_IFR, 1, WW_REG_W1C | WW_REG_SIDE, .at = WW_AT(type, via.ifr), \
      .fields = via6522_ifr_fields, \
      .doc = "write 1 to clear; bit 7 reads 1 when an enabled flag is set" }, \
    { "IER", region, VIA_IER, 1, WW_REG_SIDE, .at = WW_AT(type, via.ier), \
      .fields = via6522_ifr_fields, \
      .doc = "write: bit 7 = 1 sets, 0 clears the other bits; reads with bit 7 set" }, \
    { "ORA_NH", region, VIA_ORA_NH, 1, WW_REG_SIDE, .doc = "port A without handshake" }, \
    { "T1L", .flags = WW_REG_INTERNAL, .at = WW_AT(type, via.t1_latch), \
      .doc = "timer 1 latch" }, \
    { "T2L", .flags = WW_REG_INTERNAL, .at = WW_AT(type, via.t2_latch), \
      .doc = "timer 2 latch (low byte)" }

/* Register access (reg 0-15); a peek changes nothing. */
uint8_t via6522_read(ww_chip *chip, via6522_core *v, unsigned reg, bool peek);
void via6522_write(ww_chip *chip, via6522_core *v, unsigned reg, uint8_t val);
/* What port 0 (A) / 1 (B) drives: ORx where DDRx is 1, else 1 (the pin is
 * released: pulled up by the board, or driven by the other side). */
uint8_t via6522_port_out(const via6522_core *v, unsigned port);
/* Set IFR bits from outside (an embedded controller's SR interrupt). */
void via6522_set_ifr(ww_chip *chip, via6522_core *v, uint8_t bits);
/* The control inputs: line 0 CA1, 1 CA2, 2 CB1, 3 CB2 (levels, 0/1). CB1
 * clocks the shift register in the external-clock modes (in: CB2 sampled on
 * the rising edge; out: the next bit on CB2 at the falling edge). */
void via6522_control(ww_chip *chip, via6522_core *v, unsigned line, int level);
/* From the embedding chip's reset() and post_load(): the timers' epoch, the
 * IRQ hook (and c2_out) told the present levels; port_out is not called (the
 * embedding chip refreshes what its ports drive itself). */
void via6522_core_reset(ww_chip *chip, via6522_core *v);
void via6522_core_post_load(ww_chip *chip, via6522_core *v);
/* Timer 1/2 counts now (tests, views). */
uint16_t via6522_t1_count(ww_chip *chip, const via6522_core *v);
uint16_t via6522_t2_count(ww_chip *chip, const via6522_core *v);

#endif
