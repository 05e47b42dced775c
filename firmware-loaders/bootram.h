/* firmware-loaders/bootram.h — the files of a direct kernel boot (the kernel's
 * ELF segments, an initrd, a command line, boot records) placed in the guest's
 * RAM by the preparers that boot a kernel without firmware doing the loading
 * (linux_m68k.c, openbios_ppc.c).
 *
 * Every placement is checked before a byte is written: inside the RAM mapped
 * from address 0, not empty, not over anything placed before. Errors are
 * GErrors that start with the caller's label ("--initrd /tmp/rd: ...") and
 * say what did not fit where, so the user sees which file and what to change
 * (a larger ram=, a smaller file). The machine is not started after an error,
 * so a partly written RAM does not matter. */
#ifndef WW_BOOTRAM_H
#define WW_BOOTRAM_H
#include "core/space.h"
#include "firmware-loaders/elf32.h"
#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#define WW_BOOTRAM_MAX_SPANS (WW_ELF_MAX_SEGS + 8)

typedef struct ww_bootram_span {
    uint64_t base, size;
    char *what;                /* the label it was placed under */
} ww_bootram_span;

typedef struct ww_bootram {
    ww_space *mem;             /* the CPU's memory */
    uint64_t ram;              /* bytes of RAM from address 0 */
    unsigned n;
    ww_bootram_span span[WW_BOOTRAM_MAX_SPANS];
} ww_bootram;

void ww_bootram_init(ww_bootram *r, ww_space *mem, uint64_t ram);
void ww_bootram_clear(ww_bootram *r);

/* Bytes of RAM mapped from address 0 of a space (the largest such mapping), 0: none. */
uint64_t ww_bootram_size(ww_space *mem);

/* A host file read whole. A missing or unreadable file is WW_ERROR_NOT_FOUND, an empty one
 * WW_ERROR_INVALID; both messages start "OPT PATH: ". */
GBytes *ww_bootram_read(const char *opt, const char *path, GError **err);

/* Whether [at, at + len) may be placed: len > 0, inside RAM, over nothing placed. */
bool ww_bootram_check(const ww_bootram *r, const char *what, uint64_t at, uint64_t len,
                      GError **err);
/* Check and claim [at, at + len) without writing (room the caller fills later). */
bool ww_bootram_reserve(ww_bootram *r, const char *what, uint64_t at, uint64_t len,
                        GError **err);
/* Check, write `len` bytes of data at `at`, claim the span. */
bool ww_bootram_load(ww_bootram *r, const char *what, uint64_t at, const void *data,
                     size_t len, GError **err);
/* Load an ELF's segments, each at (paddr & mask) + offset with its bss zeroed (memsz
 * bytes, filesz of them from the file); *end: where the highest one ends. The segments
 * are checked against RAM and against what was placed before, not against each other
 * (an ELF's own layout is the ELF's business, as the loaders always treated it). */
bool ww_bootram_load_elf(ww_bootram *r, const char *what, const ww_elf32 *e,
                         const uint8_t *img, uint32_t mask, uint64_t offset, uint64_t *end,
                         GError **err);

#endif
