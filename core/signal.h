/* core/signal.h — wires between chip ports.
 *
 * An output port is an array of ww_line in the chip's struct; the chip drives
 * it with ww_line_set(). The machine connects outputs to inputs (optionally
 * inverted). An input driven by several outputs sees their wired-OR (shared
 * IRQ lines); the core calls the input chip's signal() only when the level it
 * sees changes, so chips detect edges by comparing with the old level. A
 * wired line also records each change in the machine's timeline. */
#ifndef WW_SIGNAL_H
#define WW_SIGNAL_H
#include <stdbool.h>
#include <stdint.h>

typedef struct ww_chip ww_chip;

typedef struct ww_sink {
    ww_chip *chip;
    uint16_t port, index;
    bool invert;
} ww_sink;

struct ww_line_trace;

typedef struct ww_line {
    int level;         /* 0 or 1, as driven by the owner */
    unsigned nsinks;
    ww_sink *sinks;    /* owned by the core; not chip state */
    const struct ww_line_trace *trace;  /* the machine's timeline (core/timeline.h), or NULL */
} ww_line;

void ww_line_set(ww_line *l, int level);
static inline int ww_line_get(const ww_line *l) { return l->level; }
/* Level currently seen by an input line of a chip (after wired-OR/invert). */
int ww_input_level(ww_chip *chip, unsigned port, unsigned index);

#endif
