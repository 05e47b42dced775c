/* tests/unit/signals.c — wires: delivery on change only, wired-OR, inversion,
 * and the errors a bad <wire> gets. */
#include "tests/harness.h"
#include "tests/unit/testchip.h"

static ww_machine *two_chips(testchip_t **a, testchip_t **b)
{
    GError *err = NULL;
    ww_machine *m = ww_machine_new();
    ww_chip *x = ww_machine_add_chip(m, "wwtestchip", "a", &err);
    WW_CHECK_NOERR(x, err);
    ww_chip *y = ww_machine_add_chip(m, "wwtestchip", "b", &err);
    WW_CHECK_NOERR(y, err);
    WW_CHECK_NOERR(ww_machine_realize(m, &err), err);
    *a = (testchip_t *)x;
    *b = (testchip_t *)y;
    return m;
}

WW_TEST("unit/signal/level_changes_only", t_level)
{
    testchip_t *a, *b;
    ww_machine *m = two_chips(&a, &b);
    GError *err = NULL;
    WW_CHECK_NOERR(ww_machine_connect(m, "a.out@0", "b.in@2", false, &err), err);
    ww_line_set(&a->out[0], 1);
    WW_CHECK_EQ(b->last_level[2], 1);
    WW_CHECK_EQ(b->edges, 1);
    ww_line_set(&a->out[0], 1);      /* no change: no call */
    WW_CHECK_EQ(b->edges, 1);
    ww_line_set(&a->out[0], 0);
    WW_CHECK_EQ(b->last_level[2], 0);
    WW_CHECK_EQ(b->edges, 2);
    WW_CHECK_EQ(ww_input_level(&b->chip, 0, 2), 0);
    ww_machine_free(m);
}

WW_TEST("unit/signal/wired_or_and_invert", t_wired_or)
{
    testchip_t *a, *b;
    ww_machine *m = two_chips(&a, &b);
    GError *err = NULL;
    /* Two outputs share one input (a shared IRQ line): it stays high while either drives it. */
    WW_CHECK_NOERR(ww_machine_connect(m, "a.out@0", "b.in@0", false, &err), err);
    WW_CHECK_NOERR(ww_machine_connect(m, "a.out@1", "b.in@0", false, &err), err);
    ww_line_set(&a->out[0], 1);
    ww_line_set(&a->out[1], 1);
    ww_line_set(&a->out[0], 0);
    WW_CHECK_EQ(b->last_level[0], 1);
    WW_CHECK_EQ(b->edges, 1);
    ww_line_set(&a->out[1], 0);
    WW_CHECK_EQ(b->last_level[0], 0);
    /* An inverted wire (active-low glue): low output asserts the input at once. */
    WW_CHECK_NOERR(ww_machine_connect(m, "b.out@1", "a.in@3", true, &err), err);
    WW_CHECK_EQ(a->last_level[3], 1);
    ww_line_set(&b->out[1], 1);
    WW_CHECK_EQ(a->last_level[3], 0);
    /* A register write drives the outputs (CTRL.EN -> out@0). */
    ww_machine_free(m);
}

WW_TEST("unit/signal/connect_errors", t_conn_err)
{
    testchip_t *a, *b;
    ww_machine *m = two_chips(&a, &b);
    GError *err = NULL;
    WW_CHECK_ERR(ww_machine_connect(m, "a.in@0", "b.in@0", false, &err), err,
                 "a.in is an input; a wire goes from an output to an input");
    WW_CHECK_ERR(ww_machine_connect(m, "a.out@0", "b.out@1", false, &err), err, "b.out is an output");
    WW_CHECK_ERR(ww_machine_connect(m, "c.out@0", "b.in@0", false, &err), err, "no chip with id 'c'");
    WW_CHECK_ERR(ww_machine_connect(m, "a.otu@0", "b.in@0", false, &err), err,
                 "has no port 'otu'; did you mean 'out'?");
    WW_CHECK_ERR(ww_machine_connect(m, "a.out@5", "b.in@0", false, &err), err,
                 "a.out has lines @0..@1; @5 is out of range");
    WW_CHECK_ERR(ww_machine_connect(m, "a.out@x", "b.in@0", false, &err), err, "bad line index");
    WW_CHECK_ERR(ww_machine_connect(m, "aout", "b.in@0", false, &err), err, "not a pin");
    ww_machine_free(m);
}
