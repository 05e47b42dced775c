/* tests/unit/sched.c — virtual time: order, ties, re-arming, conversions. */
#include "tests/harness.h"
#include "core/sched.h"

typedef struct { GString *log; ww_timer *rearm; } ctx_t;

/* One callback for all timers: the argument says which one fired. */
static void fire(void *opaque, unsigned arg)
{
    ctx_t *c = opaque;
    g_string_append_c(c->log, (char)('a' + arg));
}

WW_TEST("unit/sched/order_and_ties", t_order)
{
    ww_sched *s = ww_sched_new();
    ctx_t c = { g_string_new(NULL), NULL };
    ww_timer t[5];
    for (unsigned i = 0; i < 5; i++)
        ww_timer_init(&t[i], s, fire, &c, i);
    ww_timer_mod(&t[0], 300);
    ww_timer_mod(&t[1], 100);
    ww_timer_mod(&t[2], 200);
    ww_timer_mod(&t[3], 200);   /* same time as c: fires after c, the arming order */
    ww_timer_mod(&t[4], 50);
    ww_timer_del(&t[4]);        /* cancelled */
    WW_CHECK(!ww_timer_armed(&t[4]));
    WW_CHECK_EQ(ww_sched_next(s), 100);
    ww_sched_advance(s, 250);
    WW_CHECK_STR(c.log->str, "bcd");
    WW_CHECK_EQ(ww_sched_now(s), 250);
    ww_timer_mod(&t[0], 260);   /* re-arm moves it */
    ww_sched_advance(s, 1000);
    WW_CHECK_STR(c.log->str, "bcda");
    WW_CHECK_EQ(ww_sched_next(s), WW_TIME_NEVER);
    g_string_free(c.log, TRUE);
    ww_sched_free(s);
}

WW_TEST("unit/sched/conversions", t_conv)
{
    WW_CHECK_EQ(ww_ticks_to_ns(1193182, 1193182), 1000000000ull);
    WW_CHECK_EQ(ww_ns_to_ticks(1000000000ull, 8000000), 8000000);
    /* A day of 3 GHz cycles does not overflow. */
    WW_CHECK_EQ(ww_ticks_to_ns(3000000000ull * 86400, 3000000000ull), 86400ull * 1000000000ull);
    WW_CHECK_EQ(ww_ticks_to_ns(5, 0), 0);
}
