/* tests/frontend/pace.c — --speed realtime's arithmetic (frontend/pace.h),
 * with host times passed in: a guest ahead of the host clock waits exactly
 * the difference; one behind goes on at once and a lag beyond
 * WW_PACE_MAX_LAG is forgiven (no burst afterwards); time moved back (a
 * reset, a loaded state) restarts the reference; --speed max never waits;
 * the speed figure is virtual / host time over about a second. */
#include "tests/harness.h"
#include "frontend/pace.h"

#define MS 1000000ull

WW_TEST("frontend/pace/realtime", t_realtime)
{
    ww_pace p;
    ww_pace_init(&p, true, 1000 * MS, 0);
    /* 10 ms of virtual time done at once: wait 10 ms. */
    WW_CHECK_EQ(ww_pace_wait_ns(&p, 1000 * MS, 10 * MS), 10 * MS);
    WW_CHECK_EQ(ww_pace_wait_ns(&p, 1004 * MS, 10 * MS), 6 * MS);
    WW_CHECK_EQ(ww_pace_wait_ns(&p, 1010 * MS, 10 * MS), 0);
    /* Behind by 100 ms: no wait, and the debt stays (the guest catches up). */
    WW_CHECK_EQ(ww_pace_wait_ns(&p, 1110 * MS, 10 * MS), 0);
    WW_CHECK_EQ(ww_pace_wait_ns(&p, 1110 * MS, 100 * MS), 0);
    WW_CHECK_EQ(ww_pace_wait_ns(&p, 1110 * MS, 120 * MS), 10 * MS);
    /* Behind by more than the limit: the reference moves to now. */
    WW_CHECK_EQ(ww_pace_wait_ns(&p, 2000 * MS, 130 * MS), 0);
    WW_CHECK_EQ(ww_pace_wait_ns(&p, 2000 * MS, 135 * MS), 5 * MS);
    /* Virtual time moved back: restart there, no wait. */
    WW_CHECK_EQ(ww_pace_wait_ns(&p, 2001 * MS, 0), 0);
    WW_CHECK_EQ(ww_pace_wait_ns(&p, 2001 * MS, 2 * MS), 2 * MS);
    /* A pause: restart, so the paused time is not made up. */
    ww_pace_restart(&p, 5000 * MS, 2 * MS);
    WW_CHECK_EQ(ww_pace_wait_ns(&p, 5000 * MS, 3 * MS), 1 * MS);
}

WW_TEST("frontend/pace/max-and-speed", t_max)
{
    ww_pace p;
    ww_pace_init(&p, false, 0, 0);
    WW_CHECK_EQ(ww_pace_wait_ns(&p, 0, 1000 * MS), 0);
    /* No figure before a second of host time; then virtual / host. */
    WW_CHECK(!ww_pace_note(&p, 500 * MS, 100 * MS));
    WW_CHECK(ww_pace_note(&p, 1000 * MS, 250 * MS));
    WW_CHECK(p.percent > 24.99 && p.percent < 25.01);
    WW_CHECK(!ww_pace_note(&p, 1500 * MS, 1000 * MS));
    WW_CHECK(ww_pace_note(&p, 2000 * MS, 2250 * MS));
    WW_CHECK(p.percent > 199.99 && p.percent < 200.01);
}
