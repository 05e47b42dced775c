/* core/dma.c — checked bus-master transfers (core/dma.h). */
#include "core/dma.h"
#include "core/space.h"
#include <string.h>

void ww_dma_set_translate(ww_chip *chip, unsigned bus, ww_dma_translate_fn fn, void *opaque)
{
    if (bus >= WW_MAX_BUSES)
        return;
    g_free(chip->dma[bus]);
    chip->dma[bus] = NULL;
    if (fn) {
        chip->dma[bus] = g_new0(struct ww_dma_hook, 1);
        *chip->dma[bus] = (struct ww_dma_hook){ fn, opaque };
    }
}

typedef struct {
    uint8_t *host;
    uint64_t phys, n;    /* phys: the space address (code-page notification) */
} piece;

/* Resolve the whole transfer into host pieces first, so that a failure
 * anywhere moves nothing. */
static ww_dma_status resolve(ww_chip *chip, unsigned bus, uint64_t addr, size_t len, bool write,
                             GArray *pieces)
{
    if (bus >= WW_MAX_BUSES || !chip->bus[bus])
        return WW_DMA_ERROR;
    if (len > WW_DMA_MAX_LEN || (len && addr + (len - 1) < addr)) {
        ww_chip_guest_error(chip, "DMA of %zu bytes at 0x%" G_GINT64_MODIFIER "x refused "
                            "(too long or wraps)", len, addr);
        return WW_DMA_ERROR;
    }
    ww_space *s = chip->bus[bus];
    struct ww_dma_hook *h = chip->dma[bus];
    uint64_t done = 0;
    while (done < len) {
        uint64_t a = addr + done, phys = a, span = len - done;
        if (h) {
            uint64_t tl = 0;
            ww_dma_status st = h->fn(h->opaque, chip, a, write, &phys, &tl);
            if (st != WW_DMA_OK)
                return st;
            if (!tl)
                return WW_DMA_FAULT;
            span = MIN(span, tl);
        }
        uint64_t avail = 0;
        uint8_t *p = ww_space_ram_ptr(s, phys, write, &avail);
        if (!p || !avail) {
            ww_chip_guest_error(chip, "DMA %s at 0x%" G_GINT64_MODIFIER "x (%s 0x%"
                                G_GINT64_MODIFIER "x): not memory", write ? "write" : "read",
                                a, ww_space_name(s), phys);
            return WW_DMA_ERROR;
        }
        piece pc = { p, phys, MIN(span, avail) };
        g_array_append_val(pieces, pc);
        done += pc.n;
    }
    return WW_DMA_OK;
}

ww_dma_status ww_dma_read(ww_chip *chip, unsigned bus, uint64_t addr, void *buf, size_t len)
{
    GArray *pieces = g_array_new(FALSE, FALSE, sizeof(piece));
    ww_dma_status st = resolve(chip, bus, addr, len, false, pieces);
    if (st == WW_DMA_OK) {
        uint8_t *b = buf;
        for (guint i = 0; i < pieces->len; i++) {
            piece *p = &g_array_index(pieces, piece, i);
            memcpy(b, p->host, p->n);
            b += p->n;
        }
    }
    g_array_free(pieces, TRUE);
    return st;
}

ww_dma_status ww_dma_write(ww_chip *chip, unsigned bus, uint64_t addr, const void *buf,
                           size_t len)
{
    GArray *pieces = g_array_new(FALSE, FALSE, sizeof(piece));
    ww_dma_status st = resolve(chip, bus, addr, len, true, pieces);
    if (st == WW_DMA_OK) {
        const uint8_t *b = buf;
        for (guint i = 0; i < pieces->len; i++) {
            piece *p = &g_array_index(pieces, piece, i);
            /* A CPU may hold code translated from these bytes (core/space.h). */
            ww_space_notify_write(chip->bus[bus], p->phys, p->n);
            memcpy(p->host, b, p->n);
            b += p->n;
        }
    }
    g_array_free(pieces, TRUE);
    return st;
}
