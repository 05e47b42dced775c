/* core/dma.h — DMA by bus masters (DESIGN.md §3a, §6).
 *
 * A chip that moves data itself (a PCI bus master, a DBDMA engine, a SCSI
 * controller's DMA) reads and writes memory through one of its bus-master
 * ports. The transfer is checked before any byte moves: the whole range must
 * be RAM (ROM may be read), with no wrap-around and a bounded length; anything
 * else — MMIO, a hole, beyond the space — is an error the chip sees and reports
 * to its guest (an aborted transfer, an error bit), never a host access.
 * An IOMMU installs a translation hook on a port: every page is translated
 * (and may fault) before the memory check. */
#ifndef WW_DMA_H
#define WW_DMA_H
#include "core/chip.h"

typedef enum {
    WW_DMA_OK = 0,
    WW_DMA_ERROR,   /* not memory, out of range, too long, no bus bound */
    WW_DMA_FAULT,   /* the translation hook refused it (IOMMU fault) */
} ww_dma_status;

#define WW_DMA_MAX_LEN (64u << 20)   /* longest single transfer */

/* Translate `addr` for a transfer by `requester`: set *out and *len (bytes
 * valid from addr with the same translation, ≥ 1), or return WW_DMA_FAULT. */
typedef ww_dma_status (*ww_dma_translate_fn)(void *opaque, ww_chip *requester, uint64_t addr,
                                             bool write, uint64_t *out, uint64_t *len);
struct ww_dma_hook {
    ww_dma_translate_fn fn;
    void *opaque;
};

ww_dma_status ww_dma_read(ww_chip *chip, unsigned bus, uint64_t addr, void *buf, size_t len);
ww_dma_status ww_dma_write(ww_chip *chip, unsigned bus, uint64_t addr, const void *buf,
                           size_t len);
/* Install (fn non-NULL) or remove a translation hook on a chip's bus port. */
void ww_dma_set_translate(ww_chip *chip, unsigned bus, ww_dma_translate_fn fn, void *opaque);

#endif
