/* tests/fuzz/chips.c — one libFuzzer harness for every registered chip type's
 * register space, the way a hostile guest would drive it. A new chip is
 * covered without a line here: the first input byte picks the type (from the
 * sorted registry; $WW_FUZZ_CHIP=TYPE pins one type for a dedicated run),
 * then 8-byte records act on a solo machine (core/solo.h):
 *   op 0-3  write/read a value at a region offset, with a width the region takes
 *   op 4    drive an input line        op 5  advance time (fires the chip's timers)
 *   op 6    a debugger register write  op 7  host bytes on a chardev, or a
 *           save -> load round trip of the chip's state
 * At the end the harness checks peek purity (the state is unchanged by reading
 * everything under WW_PEEK). No crash, no sanitizer report, no leak.
 * Run: tests/fuzz/run chips 60  (WW_FUZZ_CHIP=ns16550 tests/fuzz/run chips 60). */
#include "tests/fuzz/fuzz.h"
#include "core/solo.h"
#include <stdlib.h>
#include <string.h>

static const ww_chip_class *pick(uint8_t b)
{
    const char *want = getenv("WW_FUZZ_CHIP");
    if (want && *want)
        return ww_chip_class_find(want);
    const ww_chip_class *const *list;
    unsigned n = ww_chip_class_list(&list);
    /* CPUs have their own harnesses (tests/fuzz/x86.c …); here only chips. */
    unsigned nc = 0;
    for (unsigned i = 0; i < n; i++)
        nc += !list[i]->cpu;
    if (!nc)
        return NULL;
    unsigned k = b % nc;
    for (unsigned i = 0; i < n; i++)
        if (!list[i]->cpu && k-- == 0)
            return list[i];
    return NULL;
}

static bool same_state(ww_chip *c, GByteArray *a)
{
    GByteArray *b = g_byte_array_new();
    ww_chip_state_save(c, b);
    bool eq = a->len == b->len && !memcmp(a->data, b->data, a->len);
    g_byte_array_free(b, TRUE);
    return eq;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!size)
        return 0;
    const ww_chip_class *cls = pick(data[0]);
    if (!cls)
        return 0;
    GError *err = NULL;
    ww_solo *s = ww_solo_new(cls->type, &err);
    FUZZ_CHECK(s);   /* every chip realizes with its defaults */
    ww_chip *c = s->chip;
    unsigned nregs = 0;
    for (const ww_reg_desc *r = cls->regs; r && r->name; r++)
        nregs++;
    for (size_t i = 1; i + 8 <= size; i += 8) {
        const uint8_t *p = data + i;
        unsigned op = p[0] & 7;
        uint32_t arg = (uint32_t)p[1] | (uint32_t)p[2] << 8 | (uint32_t)p[3] << 16;
        uint64_t val = (uint64_t)p[4] | (uint64_t)p[5] << 8 | (uint64_t)p[6] << 16 |
                       (uint64_t)p[7] << 24;
        val |= val << 32;
        switch (op) {
        case 0: case 1: case 2: case 3: {
            if (!s->nregions)
                break;
            unsigned r = (p[0] >> 3) % s->nregions;
            const ww_region_desc *rd = &cls->regions[r];
            unsigned mn = rd->min_access ? rd->min_access : 1;
            unsigned mx = rd->max_access ? rd->max_access : 8;
            unsigned w = mn << ((p[0] >> 6) & 3);
            if (w > mx)
                w = mx;
            uint64_t off = rd->size > w ? (arg % (rd->size - w + 1)) & ~(uint64_t)(mn - 1) : 0;
            uint64_t v;
            if (op < 2)
                ww_space_write(s->region_space[r], off, w, val);
            else if (op == 2)
                ww_space_read(s->region_space[r], off, w, &v);
            else
                ww_space_peek(s->region_space[r], off, w, &v);
            break;
        }
        case 4:
            if (s->ninputs)
                ww_solo_set_input(s, arg % s->ninputs, (int)(val & 1));
            break;
        case 5:
            ww_solo_advance(s, arg * 37ull);
            break;
        case 6:
            if (nregs) {
                const ww_reg_desc *r = &cls->regs[arg % nregs];
                if (r->flags & WW_REG_INTERNAL)
                    ww_chip_reg_set(c, r, (arg >> 8) % ww_reg_count(r), val);
            }
            break;
        default:
            if (s->nchardev && (p[0] & 8)) {
                ww_chardev_receive(s->chardevs[arg % s->nchardev], p + 4, 4);
            } else {
                GByteArray *b = g_byte_array_new();
                ww_chip_state_save(c, b);
                FUZZ_CHECK(ww_chip_state_load(c, b->data, b->len, &err));
                g_byte_array_free(b, TRUE);
            }
            break;
        }
    }
    GByteArray *before = g_byte_array_new();
    ww_chip_state_save(c, before);
    ww_solo_peek_all(s);
    FUZZ_CHECK(same_state(c, before));
    g_byte_array_free(before, TRUE);
    ww_solo_free(s);
    return 0;
}
