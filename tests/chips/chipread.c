/* tests/chips/chipread.c — see chipread.h. */
#include "tests/chips/chipread.h"
#include "tests/harness.h"

uint64_t chip_reg(ww_chip *c, const char *name)
{
    unsigned idx;
    const ww_reg_desc *d = ww_chip_find_reg(c->cls, name, &idx);
    if (!d)
        ww_test_fail_at(__FILE__, __LINE__, "%s has no register %s", c->id, name);
    return ww_chip_reg_get(c, d, idx);
}

typedef struct { const char *name; unsigned idx; uint64_t val; bool found; } find_state;

static bool find_visitor(ww_chip *c, const ww_state_item *it, void *opaque, GError **err)
{
    (void)c, (void)err;
    find_state *f = opaque;
    if (strcmp(it->name, f->name) || f->idx >= it->count)
        return true;
    f->val = ww_state_item_get(it, f->idx);
    f->found = true;
    return true;
}

uint64_t chip_state(ww_chip *c, const char *name, unsigned idx)
{
    find_state f = { name, idx, 0, false };
    ww_chip_state_walk(c, find_visitor, &f, NULL);
    if (!f.found)
        ww_test_fail_at(__FILE__, __LINE__, "%s has no state item %s[%u]", c->id, name, idx);
    return f.val;
}
