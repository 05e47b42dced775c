/* frontend/pace.c — real-time pacing and the speed figure (frontend/pace.h). */
#include "frontend/pace.h"
#include <time.h>

uint64_t ww_pace_host_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

void ww_pace_init(ww_pace *p, bool realtime, uint64_t host, ww_time virt)
{
    *p = (ww_pace){ .realtime = realtime };
    ww_pace_restart(p, host, virt);
}

void ww_pace_restart(ww_pace *p, uint64_t host, ww_time virt)
{
    p->host0 = p->win_host = host;
    p->virt0 = p->win_virt = virt;
}

uint64_t ww_pace_wait_ns(ww_pace *p, uint64_t host, ww_time virt)
{
    if (!p->realtime)
        return 0;
    if (virt < p->virt0 || host < p->host0) {   /* a reset or load moved time back */
        ww_pace_restart(p, host, virt);
        return 0;
    }
    uint64_t due = p->host0 + (virt - p->virt0);
    if (due > host)
        return due - host;
    if (host - due > WW_PACE_MAX_LAG) {
        /* Too far behind: take now as the new reference (no burst to catch up). */
        p->host0 = host;
        p->virt0 = virt;
    }
    return 0;
}

bool ww_pace_note(ww_pace *p, uint64_t host, ww_time virt)
{
    if (virt < p->win_virt || host < p->win_host) {
        p->win_host = host;
        p->win_virt = virt;
        return false;
    }
    uint64_t dh = host - p->win_host;
    if (dh < WW_PACE_WINDOW)
        return false;
    p->percent = 100.0 * (double)(virt - p->win_virt) / (double)dh;
    p->have_percent = true;
    p->win_host = host;
    p->win_virt = virt;
    return true;
}
