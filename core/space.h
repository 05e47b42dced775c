/* core/space.h — address spaces (memory, I/O, PCI config).
 *
 * RAM and ROM pages are found through a flat page table of host pointers: the
 * fast path CPUs use (ww_space_page_r/w). Everything else goes through MMIO
 * dispatch to the owning chip's read/write, with the bus adapting access
 * width (split or widen), endianness (bus vs region byte order) and stride
 * (a byte-wide chip every 0x200 bytes). Unmapped accesses follow the space's
 * policy: open-bus value, or a bus error reported to the CPU. */
#ifndef WW_SPACE_H
#define WW_SPACE_H
#include "core/chip.h"

typedef struct ww_space_config {
    unsigned addr_bits;      /* 16 for x86 I/O, 24 for 68000, 32 … (≤ 32 use the flat table) */
    unsigned page_bits;      /* 12 = 4 KiB pages */
    ww_endian endian;        /* byte order of the bus */
    ww_unmapped_policy unmapped;
    uint64_t open_bus;       /* value read from unmapped addresses (PC: all ones) */
} ww_space_config;

typedef enum { WW_BUS_OK = 0, WW_BUS_ERROR = 1 } ww_bus_status;

typedef enum { WW_MAP_RAM, WW_MAP_ROM, WW_MAP_CHIP, WW_MAP_UNMAPPED } ww_map_kind;

typedef struct ww_space ww_space;

typedef struct ww_mapping {
    char *name;
    ww_map_kind kind;
    uint64_t base, size;     /* bus range */
    int priority;            /* higher wins where ranges overlap */
    uint8_t *host;           /* RAM/ROM */
    ww_chip *chip;           /* CHIP */
    unsigned region;
    uint64_t stride;         /* 1 = contiguous; n: register k at base + k*n */
    uint64_t offset;         /* added to the chip offset */
    uint64_t mirror;         /* address bits ignored inside the range */
    /* windows (ww_window_*): mappings their owner moves at run time */
    ww_space *space;
    ww_chip *owner;          /* NULL: fixed by the machine description */
    bool window;
    bool hidden;             /* a hidden window decodes nothing */
    uint64_t max_size;       /* what the target can back (RAM windows) */
    struct ww_write_track *track; /* write tracking (below), NULL: off */
} ww_mapping;

/* A window is a mapping that a chip opens, moves, resizes and hides itself
 * (a PCI BAR, a ROM overlay, a bank). The space owns it: graph and the monitor
 * list it with its owner. Same-priority overlaps between windows are allowed
 * (guests program BARs over each other): the window opened first wins. */
typedef struct ww_mapping ww_window;

ww_space *ww_space_new(const char *name, const ww_space_config *cfg, GError **err);
void ww_space_free(ww_space *s);
const char *ww_space_name(const ww_space *s);
const ww_space_config *ww_space_cfg(const ww_space *s);

/* Map host memory. size and base must be page-aligned for the fast path;
 * unaligned ranges still work through the slow path. */
bool ww_space_map_ram(ww_space *s, const char *name, uint64_t base, uint64_t size,
                      uint8_t *host, bool readonly, int priority, GError **err);
/* Map a chip's register region. stride 0 or 1 = contiguous. */
bool ww_space_map_chip(ww_space *s, const char *name, uint64_t base, uint64_t size,
                       ww_chip *chip, unsigned region, uint64_t stride,
                       uint64_t offset, int priority, GError **err);
/* A named hole: accesses log "space: NAME+off" and follow the unmapped policy. */
bool ww_space_map_unmapped(ww_space *s, const char *name, uint64_t base,
                           uint64_t size, int priority, GError **err);
void ww_space_unmap(ww_space *s, const char *name);

/* Open a hidden window onto a chip region, or onto host memory (at most
 * max_size bytes). Names are unique in the space like other mappings. */
ww_window *ww_window_open_chip(ww_space *s, ww_chip *owner, const char *name, ww_chip *target,
                               unsigned region, int priority, GError **err);
ww_window *ww_window_open_ram(ww_space *s, ww_chip *owner, const char *name, uint8_t *host,
                              uint64_t max_size, bool readonly, int priority, GError **err);
/* Turn an existing mapping into a window owned by owner (XML <map window=…>). */
ww_window *ww_space_make_window(ww_space *s, const char *name, ww_chip *owner, GError **err);
/* Show the window at [base, base+size). Guest-controlled values are checked:
 * a range outside the space or larger than the target is refused (logged as a
 * guest error under the owner), and the window stays hidden. */
bool ww_window_place(ww_window *w, uint64_t base, uint64_t size);
void ww_window_hide(ww_window *w);
void ww_window_close(ww_window *w);
/* Make a memory window read-only (writes are dropped, as for ROM) or
 * writable again, where it is (chipset shadow-RAM controls: PAM RO/RW).
 * Returns false (and changes nothing) for a window onto a chip region. */
bool ww_window_set_readonly(ww_window *w, bool readonly);
/* The first visible mapping fixed by the machine description (not a window,
 * not a named hole) that overlaps [base, base+size), or NULL: a chip checks a
 * guest-programmed decoder (an ACPI I/O block, a configuration window) with
 * it before placing a window over the machine's fixed devices. */
const ww_mapping *ww_space_fixed_overlap(ww_space *s, uint64_t base, uint64_t size);
/* Apply a mirror mask to the named mapping (address bits to ignore). */
bool ww_space_set_mirror(ww_space *s, const char *name, uint64_t mirror, GError **err);
unsigned ww_space_mappings(ww_space *s, const ww_mapping **out);

/* Watch guest accesses to chip registers (the monitor's `watch CHIP.REG`):
 * once set, fn is called after every read or write (never a peek) that the
 * chip dispatch of this space delivers, with the chip, region, chip offset,
 * size and value (read: the value returned). MMIO always takes the slow
 * path, so RAM and ROM accesses are never seen and cost nothing. NULL
 * removes the hook. */
typedef void (*ww_space_watch_fn)(void *opaque, ww_space *s, ww_chip *chip, unsigned region,
                                  uint64_t off, unsigned size, bool write, uint64_t val);
void ww_space_set_watch(ww_space *s, ww_space_watch_fn fn, void *opaque);

/* ---- write tracking (dirty pages of RAM) ------------------------------------
 * A RAM mapping or RAM window can report which of its pages were written
 * (a framebuffer the CPU writes through the fast path; the display pipeline
 * converts only those lines). While tracking is on, a page that is clean is
 * kept out of the write table, so the first write to it takes the slow path,
 * which marks it dirty and puts it back in the table: later writes to it run
 * at full speed. Collecting the dirty pages takes them out of the table again
 * (re-arms them) and bumps the generation only when it did take a page out,
 * so a frame in which nothing was written costs nothing. Writes through
 * ww_space_load and DMA (ww_space_ram_ptr for writing) are tracked too; a
 * second mapping of the same host memory is not (tracking is per mapping).
 * Bits: one per page of the space (2^page_bits bytes) of the mapping's host
 * memory, bit i covering host bytes [i << page_bits, (i + 1) << page_bits). */
bool ww_mapping_track_writes(ww_mapping *m, bool on);
/* OR the pages written since the last call into bits[] (npages bits), clear
 * them and re-arm them; returns how many there were. */
uint64_t ww_mapping_collect_writes(ww_mapping *m, uint64_t *bits, uint64_t npages);

/* Any access: size 1, 2, 4 or 8. Values are numbers in bus byte order
 * (a big-endian bus reading 12 34 returns 0x1234). */
ww_bus_status ww_space_read(ww_space *s, uint64_t addr, unsigned size, uint64_t *val);
ww_bus_status ww_space_write(ww_space *s, uint64_t addr, unsigned size, uint64_t val);
/* Checked access for the monitor and tests: a size that is not 1/2/4/8, or
 * outside a strict region's min..max, or an unmapped address is a GError. */
bool ww_space_access(ww_space *s, uint64_t addr, unsigned size, uint64_t *val,
                     bool write, GError **err);
/* Side-effect-free read (debugger, disassembler). */
ww_bus_status ww_space_peek(ww_space *s, uint64_t addr, unsigned size, uint64_t *val);
/* Copy bytes (RAM/ROM only through the table, chips via byte accesses).
 * ww_space_load writes ROM too (for loaders). */
ww_bus_status ww_space_read_buf(ww_space *s, uint64_t addr, void *buf, size_t len);
ww_bus_status ww_space_write_buf(ww_space *s, uint64_t addr, const void *buf, size_t len);
bool ww_space_load(ww_space *s, uint64_t addr, const void *buf, size_t len, GError **err);
/* Host pointer to RAM (or ROM when !write) at addr and how many bytes follow
 * contiguously in the same mapping; NULL if addr is not plain memory (DMA). */
uint8_t *ww_space_ram_ptr(ww_space *s, uint64_t addr, bool write, uint64_t *avail);

/* Fast path: host pointer to the page holding addr (NULL: use the slow path).
 * Only valid for spaces with addr_bits ≤ 32. */
static inline uint8_t *ww_space_page_r(uint8_t *const *tbl, unsigned page_bits, uint64_t addr)
{
    uint8_t *p = tbl[addr >> page_bits];
    return p ? p + (addr & ((1ull << page_bits) - 1)) : NULL;
}
uint8_t *const *ww_space_read_table(ww_space *s);
uint8_t *const *ww_space_write_table(ww_space *s);
/* Bumped whenever the map changes (CPUs that cache pointers re-validate). */
uint64_t ww_space_generation(const ww_space *s);

/* Byte-order helpers for CPUs reading host pages. */
static inline uint16_t ww_ld_be16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static inline uint32_t ww_ld_be32(const uint8_t *p)
{ return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]; }
static inline uint16_t ww_ld_le16(const uint8_t *p) { return (uint16_t)(p[1] << 8 | p[0]); }
static inline uint32_t ww_ld_le32(const uint8_t *p)
{ return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0]; }
static inline void ww_st_be16(uint8_t *p, uint16_t v) { p[0] = v >> 8; p[1] = (uint8_t)v; }
static inline void ww_st_be32(uint8_t *p, uint32_t v)
{ p[0] = v >> 24; p[1] = (uint8_t)(v >> 16); p[2] = (uint8_t)(v >> 8); p[3] = (uint8_t)v; }
static inline void ww_st_le16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = v >> 8; }
static inline void ww_st_le32(uint8_t *p, uint32_t v)
{ p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); p[2] = (uint8_t)(v >> 16); p[3] = v >> 24; }

#endif
