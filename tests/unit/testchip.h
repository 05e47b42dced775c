/* tests/unit/testchip.h — the test-only chip "wwtestchip" (tests/unit/testchip.c).
 * Its own file proves self-registration: nothing else names it. */
#ifndef WW_TESTCHIP_H
#define WW_TESTCHIP_H
#include "core/machine.h"
#include "core/chardev.h"

/* A channel: a record with a register (CFG), state and a timer of its own. */
typedef struct {
    uint8_t cfg;
    uint32_t ticks;
    ww_timer t;
} testchip_chan;

typedef struct {
    ww_chip chip;
    uint64_t size_prop, freq, delay;
    uint32_t mode;          /* enum prop */
    bool flag;
    char *label;
    uint8_t ctrl, status;   /* registers with storage */
    uint32_t wide;          /* 32-bit register in region "wide" */
    uint8_t bytes[16];      /* region "bytes": plain byte array */
    uint32_t counter;       /* internal state */
    uint16_t hist[4];
    int last_level[4], edges;
    unsigned reads, writes; /* side-effect counters */
    testchip_chan chan[2];
    unsigned fired[2];      /* timer callbacks per channel index (not state) */
    ww_chardev *line;       /* backend "line" */
    ww_window *overlay;     /* window "overlay" */
    ww_line out[2];
} testchip_t;

enum { TC_CTRL_EN = 0x01, TC_CTRL_MODE = 0x06, TC_CTRL_IRQ = 0x80 };

#endif
