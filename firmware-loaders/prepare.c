/* firmware-loaders/prepare.c — the preparer registry and the run that applies
 * it to a machine (prepare.h). Filled by constructors before main. */
#include "firmware-loaders/prepare.h"
#include "firmware-loaders/romcat.h"
#include <stdlib.h>
#include <string.h>

#define MAX_PREPARERS 64
static const ww_preparer *preparers[MAX_PREPARERS];
static unsigned npreparers;
static bool sorted;

void ww_preparer_register(const ww_preparer *p)
{
    /* A duplicate name or a full table is a build defect (the registry test
     * counts and names them). */
    for (unsigned i = 0; i < npreparers; i++)
        if (!strcmp(preparers[i]->name, p->name))
            return;
    if (npreparers < MAX_PREPARERS)
        preparers[npreparers++] = p;
    sorted = false;
}

static int cmp_prep(const void *a, const void *b)
{
    const ww_preparer *x = *(const ww_preparer *const *)a, *y = *(const ww_preparer *const *)b;
    if (x->order != y->order)
        return x->order < y->order ? -1 : 1;
    return strcmp(x->name, y->name);
}

unsigned ww_preparer_list(const ww_preparer *const **out)
{
    if (!sorted) {
        qsort(preparers, npreparers, sizeof preparers[0], cmp_prep);
        sorted = true;
    }
    *out = preparers;
    return npreparers;
}

GBytes *ww_prep_rom(ww_prep *p, const char *id, GError **err)
{
    if (!p->cat) {
        const char *path = p->opts ? p->opts->catalogue : NULL;
        p->cat = path ? ww_romcat_load(path, err) : ww_romcat_load_default(err);
        if (!p->cat)
            return NULL;
    }
    const ww_rom_entry *e = ww_romcat_find(p->cat, id);
    if (!e) {
        g_set_error(err, WW_ERROR, WW_ERROR_NOT_FOUND, "ROM '%s' is not in the catalogue "
                    "(roms.txt)", id);
        return NULL;
    }
    size_t len = 0;
    uint8_t *data = ww_rom_load(p->cat, e, p->opts ? p->opts->rom_path : NULL, &len, NULL, err);
    return data ? g_bytes_new_take(data, len) : NULL;
}

bool ww_firmware_prepare(ww_machine *m, const ww_mdl_opts *opts, GError **err)
{
    if (opts && !opts->kernel && (opts->initrd || opts->append)) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "%s given without --kernel; expected "
                    "--kernel FILE too", opts->initrd ? "--initrd" : "--append");
        return false;
    }
    ww_prep p = { .m = m, .opts = opts,
                  .boot_devices = g_ptr_array_new_with_free_func(g_free) };
    const ww_preparer *const *list;
    unsigned n = ww_preparer_list(&list);
    bool ok = true;
    for (unsigned i = 0; ok && i < n; i++) {
        GError *e = NULL;
        if (!list[i]->run(&p, &e)) {
            g_set_error(err, WW_ERROR, e ? e->code : WW_ERROR_FAILED, "%s%s",
                        e ? "" : list[i]->name, e ? e->message : ": failed");
            g_clear_error(&e);
            ok = false;
        }
    }
    if (ok && opts && opts->kernel && !p.kernel_taken) {
        g_set_error(err, WW_ERROR, WW_ERROR_UNSUPPORTED, "--kernel %s: this machine has no "
                    "way to boot a kernel directly (no firmware preparer takes one: the PC "
                    "needs an x86 CPU and a fw_cfg device)", opts->kernel);
        ok = false;
    }
    g_ptr_array_free(p.boot_devices, TRUE);
    ww_romcat_free(p.cat);
    return ok;
}

ww_chip *ww_prep_find_type(ww_machine *m, const char *type)
{
    ww_chip *const *chips;
    unsigned n = ww_machine_chips(m, &chips);
    for (unsigned i = 0; i < n; i++)
        if (!strcmp(chips[i]->cls->type, type))
            return chips[i];
    return NULL;
}

ww_chip *ww_prep_find_cpu(ww_machine *m, const char *family, unsigned *count)
{
    ww_chip *const *chips, *first = NULL;
    unsigned n = ww_machine_chips(m, &chips), k = 0;
    for (unsigned i = 0; i < n; i++) {
        const ww_cpu_ops *ops = chips[i]->cls->cpu;
        if (ops && ops->family && !strcmp(ops->family, family)) {
            if (!first)
                first = chips[i];
            k++;
        }
    }
    if (count)
        *count = k;
    return first;
}

bool ww_prep_has_display(ww_machine *m)
{
    ww_backend_slot *const *slots;
    unsigned n = ww_machine_backend_slots(m, &slots);
    for (unsigned i = 0; i < n; i++)
        if (slots[i]->type == WW_BACKEND_DISPLAY)
            return true;
    return false;
}
