/* core/timeline.c — the ring of line changes and DMA transfers (core/timeline.h). */
#include "core/timeline.h"
#include "core/chip.h"

struct ww_timeline {
    ww_sched *sched;
    ww_tl_event ring[WW_TIMELINE_SIZE];
    uint64_t total;          /* events ever recorded; the next goes to total % SIZE */
    GPtrArray *names;        /* char*, by id */
    GPtrArray *traces;       /* ww_line_trace*, owned */
    GHashTable *dma_ids;     /* ww_chip* -> id + 1 */
};

ww_timeline *ww_timeline_new(ww_sched *sched)
{
    ww_timeline *tl = g_new0(ww_timeline, 1);
    tl->sched = sched;
    tl->names = g_ptr_array_new_with_free_func(g_free);
    tl->traces = g_ptr_array_new_with_free_func(g_free);
    tl->dma_ids = g_hash_table_new(NULL, NULL);
    return tl;
}

void ww_timeline_free(ww_timeline *tl)
{
    if (!tl)
        return;
    g_ptr_array_free(tl->names, TRUE);
    g_ptr_array_free(tl->traces, TRUE);
    g_hash_table_destroy(tl->dma_ids);
    g_free(tl);
}

void ww_timeline_trace_line(ww_timeline *tl, ww_line *l, ww_chip *chip, const char *port,
                            int index)
{
    if (!l || l->trace)
        return;
    ww_line_trace *t = g_new0(ww_line_trace, 1);
    t->tl = tl;
    t->id = tl->names->len;
    g_ptr_array_add(tl->names, index < 0 ? g_strdup_printf("%s.%s", chip->id, port)
                                         : g_strdup_printf("%s.%s@%d", chip->id, port, index));
    g_ptr_array_add(tl->traces, t);
    l->trace = t;
}

static ww_tl_event *next_slot(ww_timeline *tl)
{
    ww_tl_event *e = &tl->ring[tl->total++ % WW_TIMELINE_SIZE];
    *e = (ww_tl_event){ .time = ww_sched_now(tl->sched) };
    return e;
}

void ww_timeline_line(const ww_line_trace *t, int level)
{
    ww_tl_event *e = next_slot(t->tl);
    e->kind = WW_TL_LINE;
    e->what = t->id;
    e->value = (uint32_t)level;
}

void ww_timeline_dma(ww_timeline *tl, ww_chip *chip, unsigned bus, uint64_t addr, uint64_t len,
                     bool write)
{
    gpointer idp = g_hash_table_lookup(tl->dma_ids, chip);
    if (!idp) {
        idp = GUINT_TO_POINTER(tl->names->len + 1);
        g_ptr_array_add(tl->names, g_strdup(chip->id));
        g_hash_table_insert(tl->dma_ids, chip, idp);
    }
    ww_tl_event *e = next_slot(tl);
    e->kind = WW_TL_DMA;
    e->what = GPOINTER_TO_UINT(idp) - 1;
    e->value = len > UINT32_MAX ? UINT32_MAX : (uint32_t)len;
    e->addr = addr;
    e->write = write;
    e->bus = (uint8_t)bus;
}

const char *ww_timeline_name(const ww_timeline *tl, uint32_t what)
{
    return what < tl->names->len ? tl->names->pdata[what] : "?";
}

unsigned ww_timeline_names(const ww_timeline *tl) { return tl->names->len; }
uint64_t ww_timeline_total(const ww_timeline *tl) { return tl->total; }

unsigned ww_timeline_recent(const ww_timeline *tl, ww_tl_event *out, unsigned max)
{
    uint64_t have = MIN(tl->total, (uint64_t)WW_TIMELINE_SIZE);
    unsigned n = (unsigned)MIN(have, (uint64_t)max);
    for (unsigned i = 0; i < n; i++)
        out[i] = tl->ring[(tl->total - n + i) % WW_TIMELINE_SIZE];
    return n;
}
