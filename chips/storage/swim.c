/* chips/storage/swim.c — Apple SWIM floppy controller ("Sander-Wozniak
 * Integrated Machine"): the IWM's eight latches at power-on, the switch to
 * the ISM register set, and the ISM's registers — with no drive attached.
 *
 * Sources: Guide to the Macintosh Family Hardware 2nd ed., ch. 14 "The
 * SWIM" (the IWM state: eight switches set or cleared by an access to
 * register 2n+1 or 2n; the IWM register chosen by Q6, Q7 and ENABLE; the
 * mode register, whose bit 6 written 1, 0, 1, 1 switches to the ISM; the ISM
 * registers: write data, mark, CRC, parameter, phase, setup, mode 0 (clear
 * bits) and mode 1 (set bits); read data, mark, error, parameter, phase,
 * setup, status, handshake); Linux drivers/block/swim.c and swim_asm.S (the
 * switch, the phase values that select a drive's status line, SENSE in the
 * handshake register for "no drive"); QEMU hw/block/swim.c for the same
 * ("always answer no drive present", the 16-byte parameter RAM with an
 * index reset by mode 0 writes).
 *
 *          +---------+
 *  regs  → | IWM/ISM |   16 registers; the Quadras space them 0x200 apart
 *          +---------+
 *
 * Not modelled: drives and media (every drive reads as absent), the IWM's
 * read/write state machine and the ISM's FIFO, interrupts (none are wired on
 * the Quadra 800).
 * Test: tests/chips/storage/swim.c
 */
#include "core/chip.h"

typedef struct {
    ww_chip chip;
    uint8_t ism;                 /* 1: the ISM register set */
    uint8_t latches;             /* IWM switches (bit n = latch n) */
    uint8_t iwm_mode;            /* IWM mode register */
    uint8_t switch_step;         /* progress of the 1, 0, 1, 1 sequence */
    uint8_t phase, setup, mode, param[16], param_idx;
} swim_t;

enum { REGION_REGS, REGION__COUNT };
/* IWM latches (GMFH ch. 14). */
enum { L_PH0 = 0, L_MOTOR = 4, L_DRIVE = 5, L_Q6 = 6, L_Q7 = 7 };
/* ISM registers: 0-7 written, 8-15 read. */
enum { W_DATA = 0, W_MARK, W_CRC, W_PARAM, W_PHASE, W_SETUP, W_MODE0, W_MODE1,
       R_DATA = 8, R_MARK, R_ERROR, R_PARAM, R_PHASE, R_SETUP, R_STATUS, R_HANDSHAKE };
enum { MODE_ISM = 0x40, HS_SENSE = 0x08 };

#define AT(m) WW_AT(swim_t, m)

static const ww_reg_desc swim_regs[] = {
    { "ISM", .flags = WW_REG_INTERNAL, .at = AT(ism), .mask = 1,
      .doc = "1: the ISM registers are selected (after the IWM's switch sequence)" },
    { "LATCHES", .flags = WW_REG_INTERNAL, .at = AT(latches),
      .doc = "IWM switches: phases 0-3, motor, drive select, Q6, Q7" },
    { "IWM_MODE", .flags = WW_REG_INTERNAL, .at = AT(iwm_mode) },
    { "PHASE", .flags = WW_REG_INTERNAL, .at = AT(phase), .doc = "ISM phase register" },
    { "SETUP", .flags = WW_REG_INTERNAL, .at = AT(setup) },
    { "MODE", .flags = WW_REG_INTERNAL, .at = AT(mode), .doc = "ISM mode (bit 6: ISM)" },
    { 0 }
};

static const ww_state_desc swim_state[] = {
    { "switch_step", WW_STATE_U8, AT(switch_step), "progress of the IWM-to-ISM switch" },
    { "param",       WW_STATE_U8, AT(param),       "ISM parameter RAM" },
    { "param_idx",   WW_STATE_U8, AT(param_idx) },
    { 0 }
};

/* An access to register n flips IWM latch n/2 to n&1; returns the register
 * Q6/Q7 (and ENABLE) select now: 0 all ones, 1 data, 2/3 status, 4/5 the
 * write handshake, 6 mode (write), 7 data (write). */
static unsigned iwm_access(swim_t *s, unsigned n, bool peek)
{
    uint8_t l = s->latches;
    unsigned latch = (n >> 1) & 7;
    l = (uint8_t)((n & 1) ? l | 1u << latch : l & ~(1u << latch));
    if (!peek)
        s->latches = l;
    return (unsigned)((l >> L_Q7 & 1) << 2 | (l >> L_Q6 & 1) << 1 | (l >> L_MOTOR & 1));
}

static uint64_t swim_read(ww_chip *c, unsigned region, uint64_t off, unsigned size,
                          ww_access how)
{
    swim_t *s = (swim_t *)c;
    unsigned n = (unsigned)off & 15;
    bool peek = how == WW_PEEK;
    if (!s->ism) {
        unsigned r = iwm_access(s, n, peek);
        switch (r) {
        case 0: case 1: return 0xff;                 /* no data: all ones */
        case 2: case 3: return s->iwm_mode & 0x1f;   /* status: mode bits, no drive */
        default:        return 0xc0;                 /* write handshake: ready */
        }
    }
    switch (n) {
    case R_PHASE:     return s->phase;
    case R_SETUP:     return s->setup;
    case R_STATUS:    return s->mode | MODE_ISM;
    case R_HANDSHAKE:
        /* The selected drive's status line (e.g. phase 0x77, "drive present")
         * reads SENSE high: "no", whatever is asked — there are no drives. */
        return HS_SENSE;
    case R_PARAM: {
        uint8_t v = s->param[s->param_idx & 15];
        if (!peek)
            s->param_idx = (s->param_idx + 1) & 15;
        return v;
    }
    default:          return 0;
    }
}

static void swim_write(ww_chip *c, unsigned region, uint64_t off, uint64_t val, unsigned size)
{
    swim_t *s = (swim_t *)c;
    unsigned n = (unsigned)off & 15;
    uint8_t v = (uint8_t)val;
    if (!s->ism) {
        unsigned r = iwm_access(s, n, false);
        if (r == 6 || r == 7) {
            if (r == 6)
                s->iwm_mode = v;
            /* Bit 6 written 1, 0, 1, 1: the ISM registers (GMFH ch. 14). */
            bool b = v & MODE_ISM;
            static const uint8_t seq[4] = { 1, 0, 1, 1 };
            if (b == seq[s->switch_step & 3]) {
                if (++s->switch_step == 4) {
                    s->ism = 1;
                    s->mode = MODE_ISM;
                    s->switch_step = 0;
                }
            } else {
                s->switch_step = b ? 1 : 0;
            }
        }
        return;
    }
    switch (n) {
    case W_PHASE: s->phase = v; break;
    case W_SETUP: s->setup = v; break;
    case W_MODE0:
        s->mode &= (uint8_t)~v;
        s->param_idx = 0;
        if (!(s->mode & MODE_ISM)) {
            s->ism = 0;                          /* back to the IWM */
            s->latches = 0;
        }
        break;
    case W_MODE1: s->mode |= v; break;
    case W_PARAM:
        s->param[s->param_idx & 15] = v;
        s->param_idx = (s->param_idx + 1) & 15;
        break;
    default:
        break;                                   /* data, mark, CRC: no drive to write */
    }
}

static bool swim_post_load(ww_chip *c, GError **err)
{
    swim_t *s = (swim_t *)c;
    s->param_idx &= 15;
    s->switch_step &= 3;
    return true;
}

static const ww_region_desc swim_regions[] = {
    [REGION_REGS] = { "regs", 16, 1, 1, WW_BIG_ENDIAN, 0,
                      "16 registers (the Quadras space them 0x200 apart: stride)" },
    [REGION__COUNT] = { 0 }
};

static const ww_chip_class swim_class = {
    .type = "swim",
    .summary = "Apple SWIM floppy controller: IWM latches, the ISM switch, no drive",
    .doc = "GMFH ch. 14: IWM switches and registers, the 1-0-1-1 switch to the ISM, ISM "
           "phase/setup/mode/parameter registers; every drive reads as absent.",
    .size = sizeof(swim_t),
    .version = 1,
    .regions = swim_regions,
    .regs = swim_regs,
    .state = swim_state,
    .read = swim_read,
    .write = swim_write,
    .post_load = swim_post_load,
};
WW_CHIP_REGISTER(swim_class)
