/* core/tcache.h — the translation cache the CPU families share (DESIGN.md §4).
 *
 * A block is straight-line guest code decoded once: it starts at a guest PC,
 * runs to one control transfer (or a page end, a length cap, an instruction
 * that changes the mode bits) and holds one family-defined record per
 * instruction — a handler pointer and the operands already extracted — plus a
 * static cycle count. Blocks are keyed by
 *   pc     the address the CPU fetches from (x86: linear; ppc: effective;
 *          m68k: logical),
 *   flags  the mode bits that change how the bytes decode or may be fetched
 *          (x86: CS base/limit/D, CPL, paging; ppc: MSR IR/DR/PR/SE/BE;
 *          m68k: S, T), chosen by the family,
 *   phys   the space address of the first code byte (what pc translated to).
 *
 * What the family does (cpu/ppc/tc_run.c is the first user):
 *  - creates one cache per CPU on its memory space (ww_tcache_new) at
 *    realize, frees it at unrealize;
 *  - looks blocks up: ww_tcache_jc_find (a direct-mapped jump cache on pc and
 *    flags alone: its entries stay valid until the family calls
 *    ww_tcache_jc_clear because its translation changed), then
 *    ww_tcache_find with the translated phys, then translates: ww_tcache_begin,
 *    fill the records, ww_tcache_commit. Commit marks the code's pages in the
 *    space (core/space.h), so every later write to them — the CPU's own slow
 *    path, another CPU, DMA, a loader — invalidates the overlapping blocks
 *    before the bytes change. Code the space cannot protect (MMIO, a space
 *    without a page table) is never cached: commit fails and the family runs
 *    such code instruction by instruction from the bus, as its uncached
 *    interpreter does;
 *  - runs a block and follows its links (ww_tc_next / ww_tc_chain), testing
 *    the budget and cpu->attention once per block (core/cpu.h); when the
 *    budget ends inside a block it runs the block's records one at a time up
 *    to the budget (exact stops), and an instruction that may change what
 *    follows (an MMIO access, a store that hit a code page, an exception)
 *    leaves the block after itself;
 *  - calls ww_tcache_sync_space (or ww_tcache_flush) when the space's
 *    generation moved: any remapping flushes everything.
 * Invalidation and flushes set WW_CPU_ATTN_CODE in the CPU's attention word,
 * so a block that invalidated itself is left at the next check. Invalidated
 * blocks stay allocated until the next flush (links to them fail the valid
 * test instead of dangling); the arena is flushed whole when it fills up.
 *
 * For a JIT: a block's host_code may point at generated code for the same
 * block; the records, keys, links and invalidation stay as they are. */
#ifndef WW_TCACHE_H
#define WW_TCACHE_H
#include "core/cpu.h"
#include "core/space.h"

#define WW_TC_LINKS 2                 /* successors a block can chain to */
#define WW_TC_NO_PAGE UINT64_MAX

typedef struct ww_tc_block ww_tc_block;
struct ww_tc_block {
    uint64_t pc;            /* guest address of the first instruction */
    uint64_t phys;          /* space address of the first code byte */
    uint64_t page2;         /* space address of the second page when the code
                               crosses a page, else WW_TC_NO_PAGE */
    uint32_t flags;         /* the family's mode bits */
    uint32_t ninsns;        /* guest instructions */
    uint32_t cycles;        /* static cycle count of the whole block */
    uint32_t nops;          /* records in ops[] (may exceed ninsns: an end record) */
    uint32_t len0, len1;    /* code bytes on the first page, on the second */
    bool valid;             /* false once invalidated (memory lives until a flush) */
    ww_tc_block *link[WW_TC_LINKS];   /* chained successors: use ww_tc_next */
    void *host_code;        /* JIT entry point; NULL: the records are interpreted */
    void *family;           /* free for the family */
    ww_tc_block *hnext;     /* internal: hash chain */
    ww_tc_block *pnext[2];  /* internal: the lists of the pages phys and page2 */
    _Alignas(16) unsigned char ops[];   /* nops family records of op_size bytes */
};

typedef struct ww_tcache_config {
    size_t op_size;         /* bytes of one decoded instruction record */
    unsigned max_ops;       /* records one block may hold */
    size_t arena_bytes;     /* block memory, flushed whole when full (0: 16 MiB) */
    unsigned jc_bits;       /* jump cache of 1 << jc_bits entries (0: 12) */
    unsigned pc_shift;      /* low PC bits that are always zero (ppc 2, m68k 1, x86 0) */
    /* A page of the space was marked as code: drop any host write pointer the
     * CPU caches for it (ww_code_watcher.protect). May be NULL. */
    void (*protect)(void *opaque, uint64_t page_addr);
    /* Block b was just invalidated. Links into it are not cut (they are
     * one-way and many); a family that follows links without ww_tc_next's
     * valid test makes b's entry leave at once here (a stub first record, a
     * patched jump). May be NULL. */
    void (*invalidate)(void *opaque, ww_tc_block *b);
    void *opaque;
} ww_tcache_config;

typedef struct ww_tcache {
    /* read-only outside core/tcache.c */
    ww_tcache_config cfg;
    ww_cpu *cpu;
    ww_space *space;
    ww_tc_block **jc;       /* jump cache */
    uint64_t jc_mask;
    uint64_t flushes;       /* counts ww_tcache_flush */
    uint64_t translated, invalidated;   /* statistics */
    /* internal */
    ww_tc_block **hash;
    uint64_t hash_mask;
    GHashTable *pages;      /* page number -> first block of its list */
    unsigned char *arena, *top, *end;
    ww_tc_block *building;
    uint64_t space_gen;
    unsigned page_bits;
    ww_code_watcher watcher;
} ww_tcache;

ww_tcache *ww_tcache_new(const ww_tcache_config *cfg, ww_cpu *cpu, ww_space *space);
void ww_tcache_free(ww_tcache *tc);

/* The valid block for (pc, flags, phys), or NULL. */
ww_tc_block *ww_tcache_find(ww_tcache *tc, uint64_t pc, uint32_t flags, uint64_t phys);

/* Jump cache: the block last found for (pc, flags) if still valid. Entries
 * are not checked against phys: clear them when the family's address
 * translation changes (TLB flush, segment reload, mode change of the MMU). */
static inline ww_tc_block *ww_tcache_jc_find(const ww_tcache *tc, uint64_t pc, uint32_t flags)
{
    ww_tc_block *b = tc->jc[(pc >> tc->cfg.pc_shift) & tc->jc_mask];
    return b && b->pc == pc && b->flags == flags && b->valid ? b : NULL;
}
static inline void ww_tcache_jc_put(ww_tcache *tc, ww_tc_block *b)
{
    tc->jc[(b->pc >> tc->cfg.pc_shift) & tc->jc_mask] = b;
}
void ww_tcache_jc_clear(ww_tcache *tc);

/* Translation: begin hands out a block with room for max_ops records (it may
 * flush the whole cache first when the arena is full: compare
 * ww_tcache_flushes before and after to know whether block pointers held
 * across the call died). Fill b->ops, then commit with the real sizes; commit
 * marks the code pages in the space and enters the block in the lookups, or
 * returns false (the block is dropped) when the space cannot protect the code.
 * abort drops the block under construction. */
ww_tc_block *ww_tcache_begin(ww_tcache *tc, uint64_t pc, uint32_t flags, uint64_t phys);
bool ww_tcache_commit(ww_tcache *tc, ww_tc_block *b, unsigned nops, unsigned ninsns,
                      uint32_t cycles, uint32_t len0, uint64_t page2, uint32_t len1);
void ww_tcache_abort(ww_tcache *tc, ww_tc_block *b);

static inline void *ww_tcache_op(const ww_tcache *tc, ww_tc_block *b, unsigned i)
{
    return b->ops + (size_t)i * tc->cfg.op_size;
}

/* Invalidate every block whose code overlaps [addr, addr + len) of the space
 * (the watcher does it for writes; families call it for explicit cache
 * control if they want). Returns how many. */
unsigned ww_tcache_invalidate(ww_tcache *tc, uint64_t addr, uint64_t len);
/* Drop everything (remap, snapshot load, arena full). */
void ww_tcache_flush(ww_tcache *tc);
/* Flush if the space's generation moved since the last call; true if it did. */
bool ww_tcache_sync_space(ww_tcache *tc);
static inline uint64_t ww_tcache_flushes(const ww_tcache *tc) { return tc->flushes; }

/* Chaining: from's successor in slot, if it is still valid. Chain only blocks
 * whose keys stay right together: same flags, and either the same page or a
 * mode in which pc and phys cannot change their relation (no translation). */
static inline ww_tc_block *ww_tc_next(const ww_tc_block *from, unsigned slot)
{
    ww_tc_block *n = from->link[slot];
    return n && n->valid ? n : NULL;
}
static inline void ww_tc_chain(ww_tc_block *from, unsigned slot, ww_tc_block *to)
{
    from->link[slot] = to;
}

#endif
