/* core/timeline.h — what the signal layer and the DMA layer did, in virtual
 * time: the debugger overlay's IRQ/DMA timeline and the monitor's
 * `info timeline`.
 *
 * A machine owns one timeline. Every wired output line is given a trace
 * when the machine connects it (ww_line.trace), so ww_line_set() records
 * each level change with the virtual time (ww_sched_now: exact inside a CPU
 * slice); ww_dma_read/write record each transfer. Events go into a ring of
 * WW_TIMELINE_SIZE entries: the newest overwrite the oldest. Recording
 * changes no guest state and reads none, so a run is the same with or
 * without anyone looking. */
#ifndef WW_TIMELINE_H
#define WW_TIMELINE_H
#include "core/sched.h"
#include <stdbool.h>
#include <stdint.h>

typedef struct ww_chip ww_chip;
typedef struct ww_line ww_line;
typedef struct ww_timeline ww_timeline;

#define WW_TIMELINE_SIZE 8192u

typedef enum { WW_TL_LINE, WW_TL_DMA } ww_tl_kind;

typedef struct ww_tl_event {
    ww_time time;
    uint64_t addr;        /* DMA: bus address */
    uint32_t what;        /* LINE: index of the line (ww_timeline_line_name); DMA: source */
    uint32_t value;       /* LINE: the new level; DMA: length in bytes */
    uint8_t kind;         /* ww_tl_kind */
    uint8_t write;        /* DMA: to memory */
    uint8_t bus;          /* DMA: the chip's bus-master port */
} ww_tl_event;

/* The trace a wired output line carries (owned by the timeline). */
typedef struct ww_line_trace {
    ww_timeline *tl;
    uint32_t id;
} ww_line_trace;

ww_timeline *ww_timeline_new(ww_sched *sched);
void ww_timeline_free(ww_timeline *tl);

/* Give an output line of chip (port name, index in a multi-line port, or -1
 * for a single line) a trace, once; later calls for the same line keep it. */
void ww_timeline_trace_line(ww_timeline *tl, ww_line *l, ww_chip *chip, const char *port,
                            int index);
/* Called by ww_line_set on a change, and by the DMA layer. */
void ww_timeline_line(const ww_line_trace *t, int level);
void ww_timeline_dma(ww_timeline *tl, ww_chip *chip, unsigned bus, uint64_t addr, uint64_t len,
                     bool write);

/* "pic0.int", "lpc.isa_irq@1"; the DMA source id is a chip name too. */
const char *ww_timeline_name(const ww_timeline *tl, uint32_t what);
unsigned ww_timeline_names(const ww_timeline *tl);
/* Events recorded so far (the ring keeps the newest WW_TIMELINE_SIZE). */
uint64_t ww_timeline_total(const ww_timeline *tl);
/* Copy the newest events, oldest first, into out (at most max); returns how many. */
unsigned ww_timeline_recent(const ww_timeline *tl, ww_tl_event *out, unsigned max);

#endif
