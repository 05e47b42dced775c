/* core/tcache.c — the shared translation cache (core/tcache.h): block arena,
 * hash on (pc, flags, phys), jump cache, page → blocks lists and the space
 * watcher that invalidates blocks when their code bytes are written. */
#include "core/tcache.h"
#include <string.h>

enum { HASH_BITS = 14 };
#define DEFAULT_ARENA (16u << 20)

static size_t header_size(void)
{
    return (offsetof(ww_tc_block, ops) + 15) & ~(size_t)15;
}

static size_t block_size(const ww_tcache *tc, unsigned nops)
{
    return (header_size() + (size_t)nops * tc->cfg.op_size + 15) & ~(size_t)15;
}

static uint64_t hash_key(const ww_tcache *tc, uint64_t pc, uint32_t flags, uint64_t phys)
{
    uint64_t h = (pc >> tc->cfg.pc_shift) ^ ((phys >> tc->cfg.pc_shift) * 0x9e3779b97f4a7c15ull) ^
                 ((uint64_t)flags * 0xff51afd7ed558ccdull);
    return (h ^ (h >> 29)) & tc->hash_mask;
}

static uint64_t page_of(const ww_tcache *tc, uint64_t addr) { return addr >> tc->page_bits; }

/* ---- the space watcher ------------------------------------------------------- */

static bool watch_write(void *opaque, uint64_t addr, uint64_t len)
{
    ww_tcache *tc = opaque;
    ww_tcache_invalidate(tc, addr, len);
    return g_hash_table_contains(tc->pages, GSIZE_TO_POINTER(page_of(tc, addr)));
}

static void watch_protect(void *opaque, uint64_t page_addr)
{
    ww_tcache *tc = opaque;
    if (tc->cfg.protect)
        tc->cfg.protect(tc->cfg.opaque, page_addr);
}

ww_tcache *ww_tcache_new(const ww_tcache_config *cfg, ww_cpu *cpu, ww_space *space)
{
    ww_tcache *tc = g_new0(ww_tcache, 1);
    tc->cfg = *cfg;
    if (!tc->cfg.arena_bytes)
        tc->cfg.arena_bytes = DEFAULT_ARENA;
    if (!tc->cfg.jc_bits)
        tc->cfg.jc_bits = 12;
    tc->cpu = cpu;
    tc->space = space;
    tc->jc_mask = (1ull << tc->cfg.jc_bits) - 1;
    tc->jc = g_new0(ww_tc_block *, tc->jc_mask + 1);
    tc->hash_mask = (1ull << HASH_BITS) - 1;
    tc->hash = g_new0(ww_tc_block *, tc->hash_mask + 1);
    tc->pages = g_hash_table_new(g_direct_hash, g_direct_equal);
    tc->page_bits = space ? ww_space_cfg(space)->page_bits : 12;
    tc->space_gen = space ? ww_space_generation(space) : 0;
    tc->watcher = (ww_code_watcher){ watch_write, watch_protect, tc };
    if (space)
        ww_space_add_code_watcher(space, &tc->watcher);
    return tc;
}

void ww_tcache_free(ww_tcache *tc)
{
    if (!tc)
        return;
    if (tc->space)
        ww_space_remove_code_watcher(tc->space, &tc->watcher);
    g_hash_table_destroy(tc->pages);
    g_free(tc->hash);
    g_free(tc->jc);
    g_free(tc->arena);
    g_free(tc);
}

/* ---- lookups ---------------------------------------------------------------- */

ww_tc_block *ww_tcache_find(ww_tcache *tc, uint64_t pc, uint32_t flags, uint64_t phys)
{
    for (ww_tc_block *b = tc->hash[hash_key(tc, pc, flags, phys)]; b; b = b->hnext)
        if (b->pc == pc && b->flags == flags && b->phys == phys)
            return b;    /* only valid blocks are in the hash */
    return NULL;
}

void ww_tcache_jc_clear(ww_tcache *tc)
{
    memset(tc->jc, 0, (tc->jc_mask + 1) * sizeof *tc->jc);
}

/* ---- building ----------------------------------------------------------------- */

ww_tc_block *ww_tcache_begin(ww_tcache *tc, uint64_t pc, uint32_t flags, uint64_t phys)
{
    size_t need = block_size(tc, tc->cfg.max_ops);
    if (!tc->arena) {
        tc->cfg.arena_bytes = MAX(tc->cfg.arena_bytes, 4 * need);
        tc->arena = g_malloc(tc->cfg.arena_bytes);
        tc->top = tc->arena;
        tc->end = tc->arena + tc->cfg.arena_bytes;
    }
    if ((size_t)(tc->end - tc->top) < need)
        ww_tcache_flush(tc);
    ww_tc_block *b = (ww_tc_block *)tc->top;
    memset(b, 0, header_size());
    b->pc = pc;
    b->flags = flags;
    b->phys = phys;
    b->page2 = WW_TC_NO_PAGE;
    tc->building = b;
    return b;
}

void ww_tcache_abort(ww_tcache *tc, ww_tc_block *b)
{
    if (tc->building == b)
        tc->building = NULL;
}

static void page_add(ww_tcache *tc, uint64_t page, ww_tc_block *b, unsigned k)
{
    gpointer key = GSIZE_TO_POINTER(page);
    b->pnext[k] = g_hash_table_lookup(tc->pages, key);
    g_hash_table_insert(tc->pages, key, b);
}

bool ww_tcache_commit(ww_tcache *tc, ww_tc_block *b, unsigned nops, unsigned ninsns,
                      uint32_t cycles, uint32_t len0, uint64_t page2, uint32_t len1)
{
    if (tc->building != b || nops > tc->cfg.max_ops || !nops)
        return false;
    tc->building = NULL;
    /* The code must be protected before the block can be found. */
    if (!tc->space || !ww_space_mark_code(tc->space, b->phys) ||
        (page2 != WW_TC_NO_PAGE && !ww_space_mark_code(tc->space, page2)))
        return false;
    b->nops = nops;
    b->ninsns = ninsns;
    b->cycles = cycles;
    b->len0 = len0;
    b->page2 = page2;
    b->len1 = page2 == WW_TC_NO_PAGE ? 0 : len1;
    b->valid = true;
    tc->top += block_size(tc, nops);
    uint64_t h = hash_key(tc, b->pc, b->flags, b->phys);
    b->hnext = tc->hash[h];
    tc->hash[h] = b;
    page_add(tc, page_of(tc, b->phys), b, 0);
    if (page2 != WW_TC_NO_PAGE)
        page_add(tc, page_of(tc, page2), b, 1);
    ww_tcache_jc_put(tc, b);
    tc->translated++;
    return true;
}

/* ---- invalidation --------------------------------------------------------------- */

/* Which of b's two page links belongs to page. */
static unsigned page_slot(const ww_tcache *tc, const ww_tc_block *b, uint64_t page)
{
    return page_of(tc, b->phys) == page ? 0 : 1;
}

static void page_remove(ww_tcache *tc, uint64_t page, ww_tc_block *b)
{
    gpointer key = GSIZE_TO_POINTER(page);
    ww_tc_block *head = g_hash_table_lookup(tc->pages, key), *prev = NULL;
    for (ww_tc_block *x = head; x; prev = x, x = x->pnext[page_slot(tc, x, page)]) {
        if (x != b)
            continue;
        ww_tc_block *next = x->pnext[page_slot(tc, x, page)];
        if (prev)
            prev->pnext[page_slot(tc, prev, page)] = next;
        else if (next)
            g_hash_table_insert(tc->pages, key, next);
        else
            g_hash_table_remove(tc->pages, key);
        return;
    }
}

static void kill_block(ww_tcache *tc, ww_tc_block *b)
{
    ww_tc_block **pp = &tc->hash[hash_key(tc, b->pc, b->flags, b->phys)];
    while (*pp && *pp != b)
        pp = &(*pp)->hnext;
    if (*pp)
        *pp = b->hnext;
    page_remove(tc, page_of(tc, b->phys), b);
    if (b->page2 != WW_TC_NO_PAGE)
        page_remove(tc, page_of(tc, b->page2), b);
    b->valid = false;
    tc->invalidated++;
    if (tc->cfg.invalidate)
        tc->cfg.invalidate(tc->cfg.opaque, b);
}

static bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
    return alen && blen && a < b + blen && b < a + alen;
}

unsigned ww_tcache_invalidate(ww_tcache *tc, uint64_t addr, uint64_t len)
{
    if (!len)
        return 0;
    unsigned n = 0;
    uint64_t last = addr + len - 1 < addr ? UINT64_MAX : addr + len - 1;
    for (uint64_t p = page_of(tc, addr); p <= page_of(tc, last); p++) {
        ww_tc_block *b = g_hash_table_lookup(tc->pages, GSIZE_TO_POINTER(p));
        while (b) {
            ww_tc_block *next = b->pnext[page_slot(tc, b, p)];
            if (overlaps(addr, len, b->phys, b->len0) ||
                (b->page2 != WW_TC_NO_PAGE && overlaps(addr, len, b->page2, b->len1))) {
                kill_block(tc, b);
                n++;
            }
            b = next;
        }
        if (p == UINT64_MAX >> tc->page_bits)
            break;
    }
    if (n && tc->cpu)
        ww_cpu_attn_set(tc->cpu, WW_CPU_ATTN_CODE);
    return n;
}

void ww_tcache_flush(ww_tcache *tc)
{
    memset(tc->hash, 0, (tc->hash_mask + 1) * sizeof *tc->hash);
    ww_tcache_jc_clear(tc);
    g_hash_table_remove_all(tc->pages);
    tc->top = tc->arena;
    tc->building = NULL;
    tc->flushes++;
    if (tc->cpu)
        ww_cpu_attn_set(tc->cpu, WW_CPU_ATTN_CODE);
}

bool ww_tcache_sync_space(ww_tcache *tc)
{
    if (!tc->space || ww_space_generation(tc->space) == tc->space_gen)
        return false;
    tc->space_gen = ww_space_generation(tc->space);
    ww_tcache_flush(tc);
    return true;
}
