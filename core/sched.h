/* core/sched.h — virtual time in nanoseconds and timers.
 *
 * Timers due at the same time fire in the order they were armed (a sequence
 * number breaks ties), so runs are deterministic. Host time never enters here
 * (DESIGN.md §5). While a CPU runs a slice, ww_sched_now() includes the cycles
 * it has executed so far, so a chip read mid-slice sees the exact time. */
#ifndef WW_SCHED_H
#define WW_SCHED_H
#include <stdbool.h>
#include <stdint.h>

typedef uint64_t ww_time; /* ns since machine start */
#define WW_TIME_NEVER UINT64_MAX
#define WW_NS_PER_SEC 1000000000ull

typedef struct ww_sched ww_sched;
typedef struct ww_cpu ww_cpu;

typedef struct ww_timer {
    ww_time when;
    uint64_t seq;
    void (*cb)(void *opaque, unsigned arg);
    void *opaque;
    unsigned arg;      /* passed to cb: which of the owner's timers fired */
    ww_sched *sched;
    int heap_index; /* -1 when not armed */
} ww_timer;

ww_sched *ww_sched_new(void);
void ww_sched_free(ww_sched *s);
ww_time ww_sched_now(ww_sched *s);
/* Deadline of the earliest armed timer, or WW_TIME_NEVER. */
ww_time ww_sched_next(ww_sched *s);
/* Fire every timer due at or before t (in order), then set now = t. */
void ww_sched_advance(ww_sched *s, ww_time t);
/* For the machine loop only: rewind/set now (all CPUs of a round start at
 * the same time). Timers are not fired. */
void ww_sched_set_now(ww_sched *s, ww_time t);
/* The CPU whose executed cycles extend now (NULL outside a slice). */
void ww_sched_set_running(ww_sched *s, ww_cpu *cpu);

/* Chips do not call this: their timers are WW_STATE_TIMER items the core
 * initializes (the callback gets the chip and the element index). */
void ww_timer_init(ww_timer *t, ww_sched *s, void (*cb)(void *, unsigned), void *opaque,
                   unsigned arg);
void ww_timer_mod(ww_timer *t, ww_time when); /* (re)arm at absolute time */
void ww_timer_del(ww_timer *t);
bool ww_timer_armed(const ww_timer *t);

/* Convert n ticks of a clock of hz to ns (and back), without overflow for
 * any realistic span (128-bit intermediate). */
ww_time ww_ticks_to_ns(uint64_t ticks, uint64_t hz);
uint64_t ww_ns_to_ticks(ww_time ns, uint64_t hz);

#endif
