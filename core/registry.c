/* core/registry.c — the chip class registry and name suggestions.
 * Filled by constructors before main() (WW_CHIP_REGISTER), read-only after. */
#include "core/chip.h"
#include <stdlib.h>
#include <string.h>

#define MAX_CLASSES 512
static const ww_chip_class *classes[MAX_CLASSES];
static unsigned nclasses;
static bool sorted;

void ww_chip_register(const ww_chip_class *cls)
{
    /* A constructor cannot report errors; a full table or a duplicate type is a
     * build defect, caught by the registry unit test (it counts entries). */
    if (nclasses < MAX_CLASSES && !ww_chip_class_find(cls->type))
        classes[nclasses++] = cls;
    sorted = false;
}

static int cmp_class(const void *a, const void *b)
{
    return strcmp((*(const ww_chip_class *const *)a)->type,
                  (*(const ww_chip_class *const *)b)->type);
}

unsigned ww_chip_class_list(const ww_chip_class *const **out)
{
    if (!sorted) {
        qsort(classes, nclasses, sizeof classes[0], cmp_class);
        sorted = true;
    }
    *out = classes;
    return nclasses;
}

const ww_chip_class *ww_chip_class_find(const char *type)
{
    if (!type)
        return NULL;
    for (unsigned i = 0; i < nclasses; i++)
        if (!strcmp(classes[i]->type, type))
            return classes[i];
    return NULL;
}

static unsigned edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return 1000;
    unsigned row[65];
    for (size_t j = 0; j <= lb; j++)
        row[j] = (unsigned)j;
    for (size_t i = 1; i <= la; i++) {
        unsigned prev = row[0];
        row[0] = (unsigned)i;
        for (size_t j = 1; j <= lb; j++) {
            unsigned cur = row[j];
            unsigned sub = prev + (g_ascii_tolower(a[i - 1]) != g_ascii_tolower(b[j - 1]));
            unsigned best = MIN(row[j] + 1, row[j - 1] + 1);
            row[j] = MIN(best, sub);
            prev = cur;
        }
    }
    return row[lb];
}

const char *ww_suggest(const char *name, const char *const *cands)
{
    if (!name || !cands)
        return NULL;
    size_t len = strlen(name);
    unsigned limit = MAX(2u, (unsigned)(len / 3)), best = limit + 1;
    const char *pick = NULL;
    for (const char *const *c = cands; *c; c++) {
        unsigned d = edit_distance(name, *c);
        /* A prefix match ("via" for "via6522") is a good hint too. */
        if (d > limit && len >= 3 && !g_ascii_strncasecmp(*c, name, len))
            d = limit;
        if (d < best) {
            best = d;
            pick = *c;
        }
    }
    return pick;
}

const char *ww_chip_class_suggest(const char *type)
{
    const ww_chip_class *const *list;
    unsigned n = ww_chip_class_list(&list);
    const char **names = g_new0(const char *, n + 1);
    for (unsigned i = 0; i < n; i++)
        names[i] = list[i]->type;
    const char *s = ww_suggest(type, names);
    g_free(names);
    return s;
}
