/* tests/unit/registry.c — self-registration and name suggestions. */
#include "tests/harness.h"
#include "core/chip.h"

WW_TEST("unit/registry/self_registration", t_selfreg)
{
    /* i8259 and i8254 live in chips/interrupt and chips/timer; wwtestchip is a
     * test-only chip in its own file (tests/unit/testchip.c) that no other
     * file names: it is listed only because it registered itself. */
    const ww_chip_class *const *list;
    unsigned n = ww_chip_class_list(&list);
    bool pic = false, pit = false, test = false;
    for (unsigned i = 0; i < n; i++) {
        pic |= !strcmp(list[i]->type, "i8259");
        pit |= !strcmp(list[i]->type, "i8254");
        test |= !strcmp(list[i]->type, "wwtestchip");
        if (i)
            WW_CHECK_MSG(strcmp(list[i - 1]->type, list[i]->type) < 0, "list not sorted");
    }
    WW_CHECK_MSG(pic, "i8259 not registered");
    WW_CHECK_MSG(pit, "i8254 not registered");
    WW_CHECK_MSG(test, "wwtestchip not registered");
}

WW_TEST("unit/registry/unknown_type_suggests", t_suggest)
{
    GError *err = NULL;
    WW_CHECK_ERR(ww_chip_new("wwtestchp", "x", NULL, &err), err,
                 "unknown chip type 'wwtestchp'; did you mean 'wwtestchip'?");
    WW_CHECK_ERR(ww_chip_new("zzzzzzzzzzzzzz", "x", NULL, &err), err, "unknown chip type");
    static const char *const names[] = { "via6522", "scc8530", "ns16550", NULL };
    WW_CHECK_STR(ww_suggest("via6523", names), "via6522");
    WW_CHECK_STR(ww_suggest("VIA6522", names), "via6522");
    WW_CHECK_STR(ww_suggest("via", names), "via6522");
    WW_CHECK(ww_suggest("qwertyuiop", names) == NULL);
}
