/* tests/unit/tcache.c — code pages of a space (core/space.h) and the shared
 * translation cache (core/tcache.h), without a CPU family: which writes reach
 * the watchers and when (before the bytes change), marks and the write fast
 * path, aliases, remapping; blocks found, invalidated by overlap only, flushed
 * on a remap or a full arena, two caches on one space. */
#include "tests/harness.h"
#include "core/machine.h"
#include "core/tcache.h"
#include "core/dma.h"

typedef struct {
    uint8_t *ram;           /* to see the bytes before the write */
    unsigned writes, protects;
    uint64_t addr[16], len[16];
    uint8_t before[16];     /* ram[addr - ram_base] when the watcher heard */
    uint64_t ram_base;
    uint64_t last_protect;
    bool keep;
} spy;

static bool spy_write(void *opaque, uint64_t addr, uint64_t len)
{
    spy *s = opaque;
    if (s->writes < 16) {
        s->addr[s->writes] = addr;
        s->len[s->writes] = len;
        s->before[s->writes] = s->ram && addr >= s->ram_base ? s->ram[addr - s->ram_base] : 0;
    }
    s->writes++;
    return s->keep;
}

static void spy_protect(void *opaque, uint64_t page)
{
    spy *s = opaque;
    s->protects++;
    s->last_protect = page;
}

static ww_space *mkspace(ww_machine *m, unsigned bits)
{
    GError *err = NULL;
    ww_space_config cfg = { .addr_bits = bits, .page_bits = 12, .endian = WW_BIG_ENDIAN,
                            .unmapped = WW_UNMAPPED_BUS_ERROR };
    ww_space *s = ww_machine_add_space(m, "mem", &cfg, &err);
    WW_CHECK_NOERR(s, err);
    return s;
}

WW_TEST("unit/tcache/code-pages", t_code_pages)
{
    GError *err = NULL;
    ww_machine *m = ww_machine_new();
    ww_space *s = mkspace(m, 32);
    uint8_t *ram = ww_machine_add_memory(m, "ram", 0x10000, &err);
    WW_CHECK_NOERR(ww_space_map_ram(s, "ram", 0, 0x10000, ram, false, 0, &err), err);
    spy sp = { .ram = ram, .keep = false };
    ww_code_watcher w = { spy_write, spy_protect, &sp };
    ww_space_add_code_watcher(s, &w);
    uint8_t *const *wt = ww_space_write_table(s);

    /* Marking takes the page off the write fast path and tells the watchers. */
    WW_CHECK(wt[1] != NULL);
    WW_CHECK(ww_space_mark_code(s, 0x1234));
    WW_CHECK(ww_space_is_code(s, 0x1000) && !ww_space_is_code(s, 0x2000));
    WW_CHECK(wt[1] == NULL);
    WW_CHECK_EQ(sp.protects, 1);
    WW_CHECK_EQ(sp.last_protect, 0x1000);

    /* A bus write to it reaches the watcher first, with its address and size
     * and the old byte still in memory; the watcher keeps nothing, so the
     * mark goes and the fast path comes back. */
    ram[0x1100] = 0xaa;
    WW_CHECK_EQ(ww_space_write(s, 0x1100, 2, 0x1234), WW_BUS_OK);
    WW_CHECK_EQ(sp.writes, 1);
    WW_CHECK_EQ(sp.addr[0], 0x1100);
    WW_CHECK_EQ(sp.len[0], 2);
    WW_CHECK_EQ(sp.before[0], 0xaa);
    WW_CHECK_EQ(ram[0x1100], 0x12);
    WW_CHECK(!ww_space_is_code(s, 0x1000) && wt[1] == ram + 0x1000);
    /* Unmarked pages are not reported. */
    WW_CHECK_EQ(ww_space_write(s, 0x1100, 4, 0), WW_BUS_OK);
    WW_CHECK_EQ(sp.writes, 1);

    /* A watcher that keeps code there keeps the mark. */
    sp.keep = true;
    WW_CHECK(ww_space_mark_code(s, 0x1000));
    WW_CHECK_EQ(ww_space_write(s, 0x1ffe, 4, 0x01020304), WW_BUS_OK);   /* across two pages */
    WW_CHECK_EQ(sp.writes, 2);
    WW_CHECK_EQ(sp.addr[1], 0x1ffe);
    WW_CHECK(ww_space_is_code(s, 0x1000) && wt[1] == NULL);

    /* Every other write path: _buf, _load, DMA, and a host write announced. */
    uint8_t b4[4] = { 1, 2, 3, 4 };
    WW_CHECK_EQ(ww_space_write_buf(s, 0x1010, b4, 4), WW_BUS_OK);
    WW_CHECK_EQ(sp.writes, 6);              /* byte by byte */
    WW_CHECK(ww_space_load(s, 0x1020, b4, 4, NULL));
    WW_CHECK_EQ(sp.writes, 7);
    WW_CHECK_EQ(sp.len[6], 4);
    ww_chip *dev = ww_machine_add_chip(m, "wwtestpci", "dev", &err);
    WW_CHECK_NOERR(dev, err);
    WW_CHECK_NOERR(ww_chip_bind_bus(dev, "dma", s, &err), err);
    WW_CHECK_EQ(ww_dma_write(dev, 0, 0x0ff0, b4, 4), WW_DMA_OK);      /* page 0: not code */
    WW_CHECK_EQ(sp.writes, 7);
    WW_CHECK_EQ(ww_dma_write(dev, 0, 0x0ffe, b4, 4), WW_DMA_OK);      /* 2 bytes into page 1 */
    WW_CHECK_EQ(sp.writes, 8);
    WW_CHECK_EQ(sp.addr[7], 0x1000);
    WW_CHECK_EQ(sp.len[7], 2);
    ww_space_notify_write(s, 0x1800, 0x1000);
    WW_CHECK_EQ(sp.writes, 9);
    WW_CHECK_EQ(sp.addr[8], 0x1800);
    WW_CHECK_EQ(sp.len[8], 0x800);

    /* A remap of the range forgets the mark (watchers flush on the generation). */
    uint64_t gen = ww_space_generation(s);
    WW_CHECK_NOERR(ww_space_map_unmapped(s, "hole", 0x1000, 0x1000, 1, &err), err);
    WW_CHECK(ww_space_generation(s) != gen && !ww_space_is_code(s, 0x1000));
    ww_space_unmap(s, "hole");
    WW_CHECK(!ww_space_is_code(s, 0x1000) && wt[1] == ram + 0x1000);

    /* Chips and holes are never code pages. */
    WW_CHECK(!ww_space_mark_code(s, 0x20000));
    ww_space_remove_code_watcher(s, &w);
    WW_CHECK(!ww_space_mark_code(s, 0x3000));   /* no watcher: nothing tracked any more */
    ww_machine_free(m);
}

/* The same host page at several bus addresses: marked and reported together. */
WW_TEST("unit/tcache/aliases", t_aliases)
{
    GError *err = NULL;
    ww_machine *m = ww_machine_new();
    ww_space *s = mkspace(m, 32);
    uint8_t *ram = ww_machine_add_memory(m, "ram", 0x10000, &err);
    WW_CHECK_NOERR(ww_space_map_ram(s, "ram", 0, 0x10000, ram, false, 0, &err), err);
    WW_CHECK_NOERR(ww_space_map_ram(s, "alias", 0x40000, 0x10000, ram, false, 0, &err), err);
    /* a mirrored mapping of the first 8 KiB, four times over 32 KiB */
    WW_CHECK_NOERR(ww_space_map_ram(s, "mirror", 0x80000, 0x8000, ram, false, 0, &err), err);
    WW_CHECK_NOERR(ww_space_set_mirror(s, "mirror", 0x6000, &err), err);
    spy sp = { .keep = false };
    ww_code_watcher w = { spy_write, spy_protect, &sp };
    ww_space_add_code_watcher(s, &w);
    WW_CHECK(ww_space_mark_code(s, 0x1000));
    static const uint64_t aliases[] = { 0x41000, 0x81000, 0x83000, 0x85000, 0x87000 };
    for (unsigned k = 0; k < G_N_ELEMENTS(aliases); k++)
        WW_CHECK_MSG(ww_space_is_code(s, aliases[k]), "0x%" PRIx64 " not marked", aliases[k]);
    WW_CHECK(!ww_space_is_code(s, 0x82000) && !ww_space_is_code(s, 0x42000));
    WW_CHECK_EQ(sp.protects, 6);
    /* A write through an alias is reported at the page the code came from. */
    WW_CHECK_EQ(ww_space_write(s, 0x85010, 4, 0xdeadbeef), WW_BUS_OK);
    bool seen = false;
    for (unsigned k = 0; k < sp.writes && k < 16; k++)
        seen |= sp.addr[k] == 0x1010 && sp.len[k] == 4;
    WW_CHECK(seen);
    WW_CHECK_EQ(ww_ld_be32(ram + 0x1010), 0xdeadbeef);
    /* Nobody kept code: every alias is off the list again. */
    WW_CHECK(!ww_space_is_code(s, 0x1000) && !ww_space_is_code(s, 0x41000));
    ww_space_remove_code_watcher(s, &w);
    ww_machine_free(m);
}

/* ---- the cache ------------------------------------------------------------- */

typedef struct { uint32_t word; } rec;

static unsigned invalidated_calls;
static void on_invalidate(void *opaque, ww_tc_block *b) { invalidated_calls++; }

static ww_tc_block *add_block(ww_tcache *tc, uint64_t pc, uint32_t flags, uint64_t phys,
                              unsigned ninsns)
{
    ww_tc_block *b = ww_tcache_begin(tc, pc, flags, phys);
    WW_CHECK(b);
    for (unsigned i = 0; i < ninsns; i++)
        ((rec *)ww_tcache_op(tc, b, i))->word = (uint32_t)(pc + 4 * i);
    WW_CHECK(ww_tcache_commit(tc, b, ninsns, ninsns, ninsns, 4 * ninsns, WW_TC_NO_PAGE, 0));
    return b;
}

WW_TEST("unit/tcache/blocks", t_blocks)
{
    GError *err = NULL;
    ww_machine *m = ww_machine_new();
    ww_space *s = mkspace(m, 32);
    uint8_t *ram = ww_machine_add_memory(m, "ram", 0x10000, &err);
    WW_CHECK_NOERR(ww_space_map_ram(s, "ram", 0, 0x10000, ram, false, 0, &err), err);
    ww_cpu cpu = { 0 }, cpu2 = { 0 };
    ww_tcache_config cfg = { .op_size = sizeof(rec), .max_ops = 16, .pc_shift = 2,
                             .invalidate = on_invalidate };
    ww_tcache *tc = ww_tcache_new(&cfg, &cpu, s);

    /* Found by (pc, flags, phys), in the jump cache by (pc, flags). */
    ww_tc_block *a = add_block(tc, 0x10001000, 1, 0x1000, 4);
    ww_tc_block *b = add_block(tc, 0x10001010, 1, 0x1010, 4);
    ww_tc_block *c = add_block(tc, 0x10001010, 2, 0x1010, 4);    /* other mode */
    WW_CHECK(ww_tcache_find(tc, 0x10001000, 1, 0x1000) == a);
    WW_CHECK(ww_tcache_find(tc, 0x10001000, 1, 0x5000) == NULL);  /* other translation */
    WW_CHECK(ww_tcache_find(tc, 0x10001010, 2, 0x1010) == c);
    WW_CHECK(ww_tcache_jc_find(tc, 0x10001010, 2) == c);
    WW_CHECK(ww_tcache_jc_find(tc, 0x10001000, 1) == a);
    WW_CHECK(ww_space_is_code(s, 0x1000));
    ww_tc_chain(a, 0, b);
    WW_CHECK(ww_tc_next(a, 0) == b);

    /* A write next to the code leaves it alone (the page stays a code page);
     * one into b's bytes invalidates b and c, not a, and raises attention. */
    WW_CHECK_EQ(ww_space_write(s, 0x1020, 4, 0), WW_BUS_OK);
    WW_CHECK(a->valid && b->valid && c->valid && !cpu.attention && ww_space_is_code(s, 0x1000));
    WW_CHECK_EQ(ww_space_write(s, 0x1014, 1, 0x55), WW_BUS_OK);
    WW_CHECK(a->valid && !b->valid && !c->valid);
    WW_CHECK_EQ(invalidated_calls, 2);
    WW_CHECK(cpu.attention & WW_CPU_ATTN_CODE);
    WW_CHECK(ww_tcache_find(tc, 0x10001010, 1, 0x1010) == NULL);
    WW_CHECK(ww_tcache_jc_find(tc, 0x10001010, 2) == NULL);
    WW_CHECK(ww_tc_next(a, 0) == NULL);                 /* links test validity */
    WW_CHECK(ww_space_is_code(s, 0x1000));              /* a is still there */
    WW_CHECK_EQ(ww_space_write(s, 0x1000, 4, 0), WW_BUS_OK);
    WW_CHECK(!a->valid && !ww_space_is_code(s, 0x1000));

    /* Two caches on one space: a write invalidates both; the page stays
     * marked while either still holds code. */
    ww_tcache *tc2 = ww_tcache_new(&cfg, &cpu2, s);
    ww_tc_block *x = add_block(tc, 0x2000, 1, 0x2000, 2);
    ww_tc_block *y = add_block(tc2, 0x2000, 1, 0x2000, 2);
    ww_tc_block *z = add_block(tc2, 0x2100, 1, 0x2100, 2);
    WW_CHECK_EQ(ww_space_write(s, 0x2004, 4, 0), WW_BUS_OK);
    WW_CHECK(!x->valid && !y->valid && z->valid && ww_space_is_code(s, 0x2000));
    WW_CHECK(cpu2.attention & WW_CPU_ATTN_CODE);

    /* A remap flushes at the next sync; the flush count tells holders of
     * block pointers. */
    uint64_t fl = ww_tcache_flushes(tc);
    WW_CHECK(!ww_tcache_sync_space(tc));
    WW_CHECK_NOERR(ww_space_map_unmapped(s, "hole", 0x8000, 0x1000, 1, &err), err);
    WW_CHECK(ww_tcache_sync_space(tc));
    WW_CHECK_EQ(ww_tcache_flushes(tc), fl + 1);
    WW_CHECK(ww_tcache_find(tc, 0x2000, 1, 0x2000) == NULL && ww_tcache_jc_find(tc, 0x2000, 1) == NULL);
    WW_CHECK(ww_tcache_sync_space(tc2));
    /* Code from a hole cannot be protected: commit refuses it. */
    ww_tc_block *h = ww_tcache_begin(tc, 0x8000, 1, 0x8000);
    WW_CHECK(!ww_tcache_commit(tc, h, 1, 1, 1, 4, WW_TC_NO_PAGE, 0));
    WW_CHECK(ww_tcache_find(tc, 0x8000, 1, 0x8000) == NULL);
    /* A block across two pages is invalidated by a write to either. */
    ww_tc_block *two = ww_tcache_begin(tc, 0x3ffc, 1, 0x3ffc);
    WW_CHECK(ww_tcache_commit(tc, two, 2, 2, 2, 4, 0x5000, 4));
    WW_CHECK(ww_space_is_code(s, 0x3000) && ww_space_is_code(s, 0x5000));
    WW_CHECK_EQ(ww_space_write(s, 0x5002, 1, 0), WW_BUS_OK);
    WW_CHECK(!two->valid);
    ww_tcache_free(tc2);
    ww_tcache_free(tc);
    ww_machine_free(m);
}

WW_TEST("unit/tcache/arena-full", t_arena)
{
    GError *err = NULL;
    ww_machine *m = ww_machine_new();
    ww_space *s = mkspace(m, 32);
    uint8_t *ram = ww_machine_add_memory(m, "ram", 0x100000, &err);
    WW_CHECK_NOERR(ww_space_map_ram(s, "ram", 0, 0x100000, ram, false, 0, &err), err);
    ww_cpu cpu = { 0 };
    ww_tcache_config cfg = { .op_size = 32, .max_ops = 8, .pc_shift = 2, .arena_bytes = 8192 };
    ww_tcache *tc = ww_tcache_new(&cfg, &cpu, s);
    uint64_t fl = ww_tcache_flushes(tc);
    for (uint64_t pc = 0; pc < 0x10000; pc += 0x40)
        add_block(tc, pc, 0, pc, 8);
    WW_CHECK(ww_tcache_flushes(tc) > fl);
    WW_CHECK(ww_tcache_find(tc, 0xffc0, 0, 0xffc0) != NULL);   /* the latest survive */
    WW_CHECK(ww_tcache_find(tc, 0, 0, 0) == NULL);
    ww_tcache_free(tc);
    ww_machine_free(m);
}
