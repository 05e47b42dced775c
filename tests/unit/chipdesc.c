/* tests/unit/chipdesc.c — everything generic comes from the descriptor:
 * register reset, the dump with decoded fields, the state walk. */
#include "tests/harness.h"
#include "tests/unit/testchip.h"

WW_TEST("unit/chip/reset_from_descriptor", t_reset)
{
    GError *err = NULL;
    ww_chip *c = ww_chip_new("wwtestchip", "dev", NULL, &err);
    WW_CHECK_NOERR(c, err);
    testchip_t *t = (testchip_t *)c;
    WW_CHECK_NOERR(ww_chip_realize(c, &err), err);
    WW_CHECK_EQ(t->ctrl, 0x05);
    WW_CHECK_EQ(t->status, 0x80);
    WW_CHECK_EQ(t->wide, 0x11223344);
    WW_CHECK_EQ(t->counter, 0x1234);   /* the chip's own reset hook ran after */
    t->ctrl = 0xFF;
    ww_chip_reset(c, WW_RESET_SOFT);
    WW_CHECK_EQ(t->ctrl, 0x05);
    ww_chip_free(c);
}

WW_TEST("unit/chip/dump_decodes_fields", t_dump)
{
    GError *err = NULL;
    ww_chip *c = ww_chip_new("wwtestchip", "dev0", NULL, &err);
    WW_CHECK_NOERR(c, err);
    WW_CHECK_NOERR(ww_chip_realize(c, &err), err);
    testchip_t *t = (testchip_t *)c;
    t->ctrl = 0x83;   /* EN=1 MODE=1 IRQ=1 */
    GString *o = g_string_new(NULL);
    ww_chip_dump(c, o);
    ww_test_log("%s", o->str);
    WW_CHECK(strstr(o->str, "dev0 (wwtestchip)"));
    WW_CHECK(strstr(o->str, "CTRL   = 0x83  [ EN=1 MODE=0x1 IRQ=1 ]"));
    /* Computed registers are read with a peek: COUNT shows the counter's low byte. */
    WW_CHECK(strstr(o->str, "COUNT  = 0x34"));
    /* The dump did not clear STATUS (read-clears register, peeked). */
    WW_CHECK_EQ(t->status, 0x80);
    WW_CHECK_EQ(t->reads, 0);
    g_string_free(o, TRUE);
    ww_chip_free(c);
}

static bool visit(ww_chip *c, const ww_state_item *it, void *opaque, GError **err)
{
    GString *s = opaque;
    g_string_append_printf(s, "%s:%d:%u ", it->name, (int)it->type, it->count);
    return true;
}

static bool visit_fail(ww_chip *c, const ww_state_item *it, void *opaque, GError **err)
{
    if (!strcmp(it->name, "WIDE")) {
        g_set_error(err, WW_ERROR, WW_ERROR_IO, "disk full at %s", it->name);
        return false;
    }
    return true;
}

WW_TEST("unit/chip/state_walk", t_walk)
{
    GError *err = NULL;
    ww_chip *c = ww_chip_new("wwtestchip", "dev", NULL, &err);
    WW_CHECK_NOERR(c, err);
    GString *s = g_string_new(NULL);
    /* Stored registers first (COUNT is computed: not saved; CFG is strided
     * through the channel records, so one item per element), then state
     * fields, records flattened by name. */
    WW_CHECK_NOERR(ww_chip_state_walk(c, visit, s, &err), err);
    WW_CHECK_STR(s->str, "CTRL:0:1 STATUS:0:1 WIDE:2:1 CFG0:0:1 CFG1:0:1 counter:2:1 hist:1:4 "
                         "chan0.ticks:2:1 chan0.t:8:1 chan1.ticks:2:1 chan1.t:8:1 ");
    WW_CHECK_ERR(ww_chip_state_walk(c, visit_fail, NULL, &err), err, "disk full at WIDE");
    g_string_free(s, TRUE);
    ww_chip_free(c);
}

WW_TEST("unit/machine/ids_and_memory", t_machine)
{
    GError *err = NULL;
    ww_machine *m = ww_machine_new();
    WW_CHECK_NOERR(ww_machine_add_chip(m, "wwtestchip", "dev", &err), err);
    WW_CHECK_ERR(ww_machine_add_chip(m, "wwtestchip", "dev", &err), err, "id 'dev' is used twice");
    WW_CHECK_ERR(ww_machine_add_memory(m, "dev", 16, &err), err, "used twice");
    WW_CHECK_ERR(ww_machine_add_chip(m, "wwtestchip", "9lives", &err), err, "not a valid id");
    WW_CHECK_ERR(ww_machine_add_memory(m, "huge", 1ull << 40, &err), err, "expected 1 B to 64 GiB");
    WW_CHECK_NOERR(ww_machine_add_memory(m, "ram", 4096, &err), err);
    uint64_t sz = 0;
    WW_CHECK(ww_machine_find_memory(m, "ram", &sz) && sz == 4096);
    ww_space_config cfg = { .addr_bits = 16 };
    WW_CHECK_NOERR(ww_machine_add_space(m, "io", &cfg, &err), err);
    WW_CHECK_ERR(ww_machine_add_space(m, "io", &cfg, &err), err, "defined twice");
    cfg.addr_bits = 65;
    WW_CHECK_ERR(ww_machine_add_space(m, "big", &cfg, &err), err, "expected 1..64");
    WW_CHECK(ww_machine_find_space(m, "io") != NULL);
    ww_machine_free(m);
}
