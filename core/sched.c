/* core/sched.c — virtual time: a binary min-heap of timers ordered by
 * (deadline, arming sequence), so equal deadlines fire in arming order. */
#include "core/sched.h"
#include "core/cpu.h"
#include <glib.h>

struct ww_sched {
    ww_time now;          /* time at the start of the running slice */
    ww_timer **heap;
    unsigned n, cap;
    uint64_t seq;
    ww_cpu *running;      /* extends now by its executed cycles */
    uint64_t run_base_cycles;
};

ww_sched *ww_sched_new(void)
{
    return g_new0(ww_sched, 1);
}

void ww_sched_free(ww_sched *s)
{
    if (!s)
        return;
    for (unsigned i = 0; i < s->n; i++)
        s->heap[i]->heap_index = -1;
    g_free(s->heap);
    g_free(s);
}

ww_time ww_ticks_to_ns(uint64_t ticks, uint64_t hz)
{
    if (!hz)
        return 0;
    return (ww_time)(((unsigned __int128)ticks * WW_NS_PER_SEC) / hz);
}

uint64_t ww_ns_to_ticks(ww_time ns, uint64_t hz)
{
    return (uint64_t)(((unsigned __int128)ns * hz) / WW_NS_PER_SEC);
}

ww_time ww_sched_now(ww_sched *s)
{
    if (s->running && s->running->clock_hz)
        return s->now + ww_ticks_to_ns(s->running->cycles - s->run_base_cycles,
                                       s->running->clock_hz);
    return s->now;
}

void ww_sched_set_now(ww_sched *s, ww_time t)
{
    s->now = t;
}

void ww_sched_set_running(ww_sched *s, ww_cpu *cpu)
{
    if (s->running)   /* fold the finished slice into now */
        s->now = ww_sched_now(s);
    s->running = cpu;
    if (cpu)
        s->run_base_cycles = cpu->cycles;
}

static bool before(const ww_timer *a, const ww_timer *b)
{
    return a->when < b->when || (a->when == b->when && a->seq < b->seq);
}

static void heap_swap(ww_sched *s, unsigned i, unsigned j)
{
    ww_timer *t = s->heap[i];
    s->heap[i] = s->heap[j];
    s->heap[j] = t;
    s->heap[i]->heap_index = (int)i;
    s->heap[j]->heap_index = (int)j;
}

static void sift_up(ww_sched *s, unsigned i)
{
    while (i > 0) {
        unsigned p = (i - 1) / 2;
        if (!before(s->heap[i], s->heap[p]))
            break;
        heap_swap(s, i, p);
        i = p;
    }
}

static void sift_down(ww_sched *s, unsigned i)
{
    for (;;) {
        unsigned l = 2 * i + 1, r = l + 1, m = i;
        if (l < s->n && before(s->heap[l], s->heap[m]))
            m = l;
        if (r < s->n && before(s->heap[r], s->heap[m]))
            m = r;
        if (m == i)
            break;
        heap_swap(s, i, m);
        i = m;
    }
}

static void heap_remove(ww_sched *s, unsigned i)
{
    s->heap[i]->heap_index = -1;
    s->n--;
    if (i == s->n)
        return;
    s->heap[i] = s->heap[s->n];
    s->heap[i]->heap_index = (int)i;
    sift_down(s, i);
    sift_up(s, i);
}

void ww_timer_init(ww_timer *t, ww_sched *s, void (*cb)(void *, unsigned), void *opaque,
                   unsigned arg)
{
    *t = (ww_timer){ .cb = cb, .opaque = opaque, .arg = arg, .sched = s, .heap_index = -1 };
}

bool ww_timer_armed(const ww_timer *t)
{
    return t->heap_index >= 0;
}

void ww_timer_del(ww_timer *t)
{
    if (t->sched && t->heap_index >= 0)
        heap_remove(t->sched, (unsigned)t->heap_index);
}

void ww_timer_mod(ww_timer *t, ww_time when)
{
    ww_sched *s = t->sched;
    if (!s)
        return;
    ww_timer_del(t);
    t->when = when;
    t->seq = s->seq++;
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 16;
        s->heap = g_renew(ww_timer *, s->heap, s->cap);
    }
    s->heap[s->n] = t;
    t->heap_index = (int)s->n;
    s->n++;
    sift_up(s, (unsigned)t->heap_index);
    /* A deadline inside the running slice: make the CPU come back for it. */
    if (s->running && s->heap[0] == t)
        ww_cpu_kick(s->running);
}

ww_time ww_sched_next(ww_sched *s)
{
    return s->n ? s->heap[0]->when : WW_TIME_NEVER;
}

void ww_sched_advance(ww_sched *s, ww_time t)
{
    while (s->n && s->heap[0]->when <= t) {
        ww_timer *x = s->heap[0];
        heap_remove(s, 0);
        if (x->when > s->now)
            s->now = x->when;
        x->cb(x->opaque, x->arg);
    }
    if (t > s->now)
        s->now = t;
}
