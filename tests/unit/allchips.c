/* tests/unit/allchips.c — the guarantees every registered chip type gets from
 * its descriptor, checked for each type the registry holds (a new chip needs
 * no test code to be covered; the test-only chips are included):
 *   reset   — after power-on and after a reset that follows random register
 *             writes, every described field holds its declared reset value
 *             (fields flagged CHIP_RESET or NORESET, timers and extended
 *             floats excepted);
 *   peek    — reading every register offset with every width under WW_PEEK,
 *             every register through the descriptor, and the dump leave the
 *             serialized state byte-identical;
 *   restore — saving the state (timers included) and loading it into a fresh
 *             instance gives the same serialized state back. */
#include "tests/harness.h"
#include "core/solo.h"
#include "core/cpu.h"

static uint64_t rnd(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ull;
}

typedef struct {
    const char *type;
    GString *bad;
} reset_check;

static uint64_t width_mask(size_t es)
{
    return es >= 8 ? UINT64_MAX : (1ull << (8 * es)) - 1;
}

static bool check_reset_item(ww_chip *c, const ww_state_item *it, void *opaque, GError **err)
{
    reset_check *r = opaque;
    if (it->flags & (WW_STATE_CHIP_RESET | WW_STATE_NORESET) || it->type == WW_STATE_TIMER ||
        it->type == WW_STATE_F80 || it->type == WW_STATE_RECORD)
        return true;
    size_t es = ww_state_elem_size(it->type);
    uint64_t want = it->type == WW_STATE_BOOL ? it->reset != 0
                  : it->type == WW_STATE_I32 ? (uint64_t)(int64_t)(int32_t)it->reset
                  : it->reset & width_mask(es);
    for (unsigned i = 0; i < it->count; i++) {
        uint64_t v = ww_state_item_get(it, i);
        if (v != want && r->bad->len < 2000)
            g_string_append_printf(r->bad, " %s[%u]=0x%" PRIx64 " (declared 0x%" PRIx64 ")",
                                   it->name, i, v, want);
    }
    return true;
}

static void expect_reset_values(ww_chip *c, const char *when)
{
    reset_check r = { c->cls->type, g_string_new(NULL) };
    ww_chip_state_walk(c, check_reset_item, &r, NULL);
    WW_CHECK_MSG(!r.bad->len, "%s %s: fields differ from their declared reset:%s",
                 c->cls->type, when, r.bad->str);
    g_string_free(r.bad, TRUE);
}

/* Random guest-style activity: writes at every region offset with the widths
 * the region takes, input toggles, debugger register writes, time. */
static void poke(ww_solo *s, uint64_t *seed, unsigned rounds)
{
    const ww_chip_class *cls = s->chip->cls;
    for (unsigned k = 0; k < rounds; k++) {
        unsigned i = 0;
        for (const ww_region_desc *r = cls->regions; r && r->name; r++, i++) {
            unsigned mn = r->min_access ? r->min_access : 1, mx = r->max_access ? r->max_access : 8;
            uint64_t n = MIN(r->size, (uint64_t)4096);
            for (uint64_t off = 0; off + mn <= n; off += mn) {
                unsigned w = mn << (rnd(seed) % 4);
                while (w > mx || off + w > r->size)
                    w >>= 1;
                if (w < mn)
                    continue;
                uint64_t v = rnd(seed);
                if (rnd(seed) & 1)
                    ww_space_write(s->region_space[i], off, w, v);
                else
                    ww_space_read(s->region_space[i], off, w, &v);
            }
        }
        for (unsigned l = 0; l < s->ninputs; l++)
            ww_solo_set_input(s, l, (int)(rnd(seed) & 1));
        for (const ww_reg_desc *r = cls->regs; r && r->name; r++)
            if (r->flags & WW_REG_INTERNAL)
                for (unsigned e = 0; e < ww_reg_count(r); e++)
                    if (rnd(seed) % 4 == 0)
                        ww_chip_reg_set(s->chip, r, e, rnd(seed));
        for (unsigned c = 0; c < s->nchardev; c++) {
            uint8_t b = (uint8_t)rnd(seed);
            ww_chardev_receive(s->chardevs[c], &b, 1);
        }
        ww_solo_advance(s, rnd(seed) % 200000);
    }
}

static GByteArray *save(ww_chip *c)
{
    GByteArray *b = g_byte_array_new();
    ww_chip_state_save(c, b);
    return b;
}

static bool same(GByteArray *a, GByteArray *b)
{
    if (a->len == b->len && !memcmp(a->data, b->data, a->len))
        return true;
    for (guint i = 0; i < MIN(a->len, b->len); i++)
        if (a->data[i] != b->data[i]) {
            ww_test_log("first difference at byte %u of %u/%u: context %.*s", i, a->len, b->len,
                        (int)MIN(40u, i), (const char *)a->data + (i > 40 ? i - 40 : 0));
            break;
        }
    return false;
}

typedef struct { GPtrArray *names; GArray *vals; } collect;

static bool collect_item(ww_chip *c, const ww_state_item *it, void *opaque, GError **err)
{
    collect *k = opaque;
    for (unsigned i = 0; i < it->count; i++) {
        uint64_t v = it->type == WW_STATE_TIMER ? ((ww_timer *)it->ptr)[i].when
                   : it->type == WW_STATE_F80 ? 0 : ww_state_item_get(it, i);
        g_ptr_array_add(k->names, g_strdup_printf("%s[%u]", it->name, i));
        g_array_append_val(k->vals, v);
    }
    return true;
}

/* Name the fields that differ between two instances (for the failure log). */
static void log_diff(ww_chip *a, ww_chip *b)
{
    collect ka = { g_ptr_array_new_with_free_func(g_free), g_array_new(0, 0, 8) };
    collect kb = { g_ptr_array_new_with_free_func(g_free), g_array_new(0, 0, 8) };
    ww_chip_state_walk(a, collect_item, &ka, NULL);
    ww_chip_state_walk(b, collect_item, &kb, NULL);
    for (guint i = 0; i < ka.names->len && i < kb.names->len; i++) {
        uint64_t va = g_array_index(ka.vals, uint64_t, i), vb = g_array_index(kb.vals, uint64_t, i);
        if (va != vb)
            ww_test_log("%s: 0x%" PRIx64 " vs 0x%" PRIx64, (char *)ka.names->pdata[i], va, vb);
    }
    g_ptr_array_free(ka.names, TRUE);
    g_ptr_array_free(kb.names, TRUE);
    g_array_free(ka.vals, TRUE);
    g_array_free(kb.vals, TRUE);
}

static void t_chip_type(void *data)
{
    const char *type = data;
    GError *err = NULL;
    ww_solo *s = ww_solo_new(type, &err);
    WW_CHECK_NOERR(s, err);
    ww_chip *c = s->chip;

    /* reset: power-on values */
    expect_reset_values(c, "after power-on");

    uint64_t seed = g_str_hash(type) | 1;
    for (unsigned round = 0; round < 3; round++) {
        poke(s, &seed, 2);
        /* peek: nothing the debugger, the dump or the monitor reads changes state */
        GByteArray *before = save(c);
        ww_solo_peek_all(s);
        GByteArray *after = save(c);
        WW_CHECK_MSG(same(before, after), "%s: a WW_PEEK read changed the state (round %u)",
                     type, round);
        /* restore: save -> load into a fresh instance -> save is the identity */
        ww_solo *t = ww_solo_new(type, &err);
        WW_CHECK_NOERR(t, err);
        ww_solo_advance(t, ww_sched_now(ww_machine_sched(s->m)));   /* same machine time */
        WW_CHECK_NOERR(ww_chip_state_load(t->chip, before->data, before->len, &err), err);
        GByteArray *copy = save(t->chip);
        if (!same(before, copy))
            log_diff(c, t->chip);
        WW_CHECK_MSG(same(before, copy), "%s: save -> load -> save differs (round %u)", type,
                     round);
        /* a damaged state is refused and changes nothing */
        if (before->len > 16) {
            GByteArray *t0 = save(t->chip);
            WW_CHECK(!ww_chip_state_load(t->chip, before->data, before->len - 3, &err));
            g_clear_error(&err);
            GByteArray *t1 = save(t->chip);
            WW_CHECK_MSG(same(t0, t1), "%s: a truncated state load changed the chip", type);
            g_byte_array_free(t0, TRUE);
            g_byte_array_free(t1, TRUE);
        }
        g_byte_array_free(copy, TRUE);
        ww_solo_free(t);
        g_byte_array_free(before, TRUE);
        g_byte_array_free(after, TRUE);
    }

    /* reset: after activity, a reset gives the declared values again */
    ww_chip_reset(c, WW_RESET_POWER);
    expect_reset_values(c, "after activity and reset");
    ww_solo_free(s);
}

WW_TEST_GEN(gen_allchips)
{
    const ww_chip_class *const *list;
    unsigned n = ww_chip_class_list(&list);
    for (unsigned i = 0; i < n; i++) {
        char *name = g_strdup_printf("registry/%s", list[i]->type);
        ww_test_register(name, t_chip_type, (void *)list[i]->type, 60);
        g_free(name);
    }
}

WW_TEST("registry/covers_every_type", t_covers)
{
    /* The generator above ran over the same registry: at least the chips the
     * PC needs and the test-only chip (tests/unit/testchip.c) are in it. */
    const char *const want[] = { "i8259", "i8254", "ns16550", "x86", "m68k", "ppc",
                                 "wwtestchip" };
    for (size_t i = 0; i < G_N_ELEMENTS(want); i++)
        WW_CHECK_MSG(ww_chip_class_find(want[i]), "%s is not registered", want[i]);
}
