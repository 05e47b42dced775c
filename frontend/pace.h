/* frontend/pace.h — --speed realtime: keep virtual time in step with host time.
 *
 * The run loop asks, after each chunk of virtual time, how long to wait
 * before the next (ww_pace_wait_ns): when the guest is ahead of the host
 * clock — always so when it idles, since a halted CPU lets virtual time jump
 * to its next timer — the loop sleeps (polling its window and monitors), so
 * an idle guest costs little host CPU. When the guest falls behind (a busy
 * guest on a slow interpreter) it runs flat out, and a lag of more than
 * WW_PACE_MAX_LAG is forgiven rather than caught up in a burst. A stopped
 * session restarts the reference (ww_pace_restart) so that time spent paused
 * is not made up afterwards. Times are passed in, not read, so the arithmetic
 * is testable; ww_pace_host_ns() is the clock the run loop uses. */
#ifndef WW_PACE_H
#define WW_PACE_H
#include "core/sched.h"
#include <stdbool.h>
#include <stdint.h>

#define WW_PACE_MAX_LAG 250000000ull        /* 250 ms */
#define WW_PACE_WINDOW 1000000000ull        /* speed is measured over about 1 s */

typedef struct ww_pace {
    bool realtime;
    uint64_t host0;        /* host ns at the reference point */
    ww_time virt0;         /* virtual ns at the reference point */
    /* speed measurement */
    uint64_t win_host;     /* start of the current window */
    ww_time win_virt;
    double percent;        /* virtual / host time in the last full window, × 100 */
    bool have_percent;
} ww_pace;

uint64_t ww_pace_host_ns(void);
void ww_pace_init(ww_pace *p, bool realtime, uint64_t host, ww_time virt);
void ww_pace_restart(ww_pace *p, uint64_t host, ww_time virt);
/* Host ns to wait until virtual time `virt` is due (0: go on at once). */
uint64_t ww_pace_wait_ns(ww_pace *p, uint64_t host, ww_time virt);
/* Note progress for the speed figure; true when a new figure is ready. */
bool ww_pace_note(ww_pace *p, uint64_t host, ww_time virt);

#endif
