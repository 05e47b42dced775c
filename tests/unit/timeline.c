/* tests/unit/timeline.c — core/timeline.h: a wired line's level changes and
 * DMA transfers are recorded with their virtual times, oldest first, named
 * by chip and port; unchanged levels and failed transfers are not; the ring
 * keeps the newest WW_TIMELINE_SIZE. */
#include "tests/harness.h"
#include "tests/unit/testchip.h"
#include "core/timeline.h"
#include "core/dma.h"
#include "core/space.h"

WW_TEST("unit/timeline/lines_and_dma", t_lines)
{
    GError *err = NULL;
    ww_machine *m = ww_machine_new();
    ww_chip *x = ww_machine_add_chip(m, "wwtestchip", "a", &err);
    WW_CHECK_NOERR(x, err);
    ww_chip *y = ww_machine_add_chip(m, "wwtestchip", "b", &err);
    WW_CHECK_NOERR(y, err);
    ww_space_config cfg = { .addr_bits = 32, .page_bits = 12 };
    ww_space *s = ww_machine_add_space(m, "mem", &cfg, &err);
    uint8_t *ram = ww_machine_add_memory(m, "ram", 0x2000, &err);
    WW_CHECK_NOERR(ww_space_map_ram(s, "ram", 0, 0x2000, ram, false, 0, &err), err);
    WW_CHECK_NOERR(ww_machine_realize(m, &err), err);
    x->bus[0] = s;
    testchip_t *a = (testchip_t *)x;
    ww_timeline *tl = ww_machine_timeline(m);
    WW_CHECK_EQ(ww_timeline_total(tl), 0);
    /* An unwired output records nothing: only what the machine connected. */
    ww_line_set(&a->out[1], 1);
    WW_CHECK_EQ(ww_timeline_total(tl), 0);
    WW_CHECK_NOERR(ww_machine_connect(m, "a.out@0", "b.in@2", false, &err), err);
    ww_sched *sc = ww_machine_sched(m);
    ww_line_set(&a->out[0], 1);
    ww_sched_set_now(sc, 5000);
    ww_line_set(&a->out[0], 1);                 /* no change: not recorded */
    ww_line_set(&a->out[0], 0);
    uint8_t buf[16] = { 0 };
    WW_CHECK_EQ(ww_dma_write(x, 0, 0x100, buf, sizeof buf), WW_DMA_OK);
    WW_CHECK_EQ(ww_dma_read(x, 0, 0x1ff8, buf, 16), WW_DMA_ERROR);   /* failed: not recorded */
    ww_tl_event ev[8];
    unsigned n = ww_timeline_recent(tl, ev, 8);
    WW_CHECK_EQ(n, 3);
    WW_CHECK_EQ(ww_timeline_total(tl), 3);
    WW_CHECK_EQ(ev[0].kind, WW_TL_LINE);
    WW_CHECK_EQ(ev[0].value, 1);
    WW_CHECK_EQ(ev[0].time, 0);
    WW_CHECK_STR(ww_timeline_name(tl, ev[0].what), "a.out@0");
    WW_CHECK_EQ(ev[1].kind, WW_TL_LINE);
    WW_CHECK_EQ(ev[1].value, 0);
    WW_CHECK_EQ(ev[1].time, 5000);
    WW_CHECK_EQ(ev[2].kind, WW_TL_DMA);
    WW_CHECK_STR(ww_timeline_name(tl, ev[2].what), "a");
    WW_CHECK_EQ(ev[2].addr, 0x100);
    WW_CHECK_EQ(ev[2].value, 16);
    WW_CHECK(ev[2].write);
    /* The newest two, oldest first. */
    WW_CHECK_EQ(ww_timeline_recent(tl, ev, 2), 2);
    WW_CHECK_EQ(ev[0].time, 5000);
    WW_CHECK_EQ(ev[1].kind, WW_TL_DMA);
    WW_CHECK_STR(ww_timeline_name(tl, 999), "?");
    ww_machine_free(m);
}

WW_TEST("unit/timeline/ring_keeps_the_newest", t_ring)
{
    GError *err = NULL;
    ww_machine *m = ww_machine_new();
    ww_chip *x = ww_machine_add_chip(m, "wwtestchip", "a", &err);
    ww_chip *y = ww_machine_add_chip(m, "wwtestchip", "b", &err);
    WW_CHECK(x && y);
    WW_CHECK_NOERR(ww_machine_realize(m, &err), err);
    WW_CHECK_NOERR(ww_machine_connect(m, "a.out@0", "b.in@0", false, &err), err);
    testchip_t *a = (testchip_t *)x;
    ww_timeline *tl = ww_machine_timeline(m);
    unsigned total = WW_TIMELINE_SIZE + 100;
    for (unsigned i = 0; i < total; i++)
        ww_line_set(&a->out[0], (int)((i + 1) & 1));
    WW_CHECK_EQ(ww_timeline_total(tl), total);
    ww_tl_event *ev = g_new(ww_tl_event, WW_TIMELINE_SIZE + 10);
    unsigned n = ww_timeline_recent(tl, ev, WW_TIMELINE_SIZE + 10);
    WW_CHECK_EQ(n, WW_TIMELINE_SIZE);
    /* The last change drove the line to (total & 1); alternation holds throughout. */
    WW_CHECK_EQ(ev[n - 1].value, total & 1);
    for (unsigned i = 1; i < n; i++)
        WW_CHECK(ev[i].value != ev[i - 1].value);
    g_free(ev);
    ww_machine_free(m);
}
