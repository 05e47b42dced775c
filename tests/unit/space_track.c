/* tests/unit/space_track.c — write tracking of RAM mappings (core/space.h
 * "write tracking"): the dirty pages a framebuffer window reports, the write
 * table entries it takes out and puts back, the generation it bumps only when
 * re-arming removed something, and the writes that do not go through the
 * page table (ww_space_load, DMA's ww_space_ram_ptr, moved windows). */
#include "tests/harness.h"
#include "core/machine.h"

typedef struct {
    ww_machine *m;
    ww_space *s;
    uint8_t *fb;
    ww_window *w;
} rig;

static void rig_init(rig *r, uint64_t size)
{
    GError *err = NULL;
    r->m = ww_machine_new();
    ww_space_config cfg = { .addr_bits = 32, .page_bits = 12, .endian = WW_LITTLE_ENDIAN };
    r->s = ww_machine_add_space(r->m, "mem", &cfg, &err);
    WW_CHECK_NOERR(r->s, err);
    r->fb = ww_machine_add_memory(r->m, "fb", size, &err);
    WW_CHECK_NOERR(r->fb, err);
    r->w = ww_window_open_ram(r->s, NULL, "lfb", r->fb, size, false, 0, &err);
    WW_CHECK_NOERR(r->w, err);
    (void)ww_space_write_table(r->s);   /* make the tables live, as a CPU does */
}

static uint64_t collect(rig *r, uint64_t *bits, uint64_t n)
{
    memset(bits, 0, (n + 63) / 64 * 8);
    return ww_mapping_collect_writes(r->w, bits, n);
}

WW_TEST("unit/space/track/first_write_per_page_then_fast", t_track_basic)
{
    rig r;
    rig_init(&r, 64 * 1024);
    WW_CHECK(ww_window_place(r.w, 0xe0000000, 64 * 1024));
    uint8_t *const *wt = ww_space_write_table(r.s);
    /* Before tracking, every page of the window is in the write table. */
    WW_CHECK(wt[0xe0000] == r.fb);
    uint64_t gen = ww_space_generation(r.s);
    WW_CHECK(ww_mapping_track_writes(r.w, true));
    WW_CHECK(ww_space_generation(r.s) != gen);
    /* Tracking on: clean pages leave the write table (reads stay fast). */
    WW_CHECK(wt[0xe0000] == NULL && wt[0xe000f] == NULL);
    WW_CHECK(ww_space_read_table(r.s)[0xe0003] == r.fb + 0x3000);
    /* The first write to page 3 takes the slow path, lands, and puts the page back. */
    WW_CHECK_EQ(ww_space_write(r.s, 0xe0003010, 4, 0xdeadbeef), WW_BUS_OK);
    WW_CHECK_EQ(r.fb[0x3010], 0xef);
    WW_CHECK(wt[0xe0003] == r.fb + 0x3000);
    WW_CHECK(wt[0xe0004] == NULL);
    /* A write straddling pages 5 and 6 marks both. */
    WW_CHECK_EQ(ww_space_write(r.s, 0xe0005ffe, 4, 0x01020304), WW_BUS_OK);
    uint64_t bits[1];
    WW_CHECK_EQ(collect(&r, bits, 16), 3);
    WW_CHECK_EQ(bits[0], (1u << 3) | (1u << 5) | (1u << 6));
    /* Collecting re-armed the pages (out of the write table again) and moved
     * the generation, so CPUs drop cached write pointers. */
    WW_CHECK(wt[0xe0003] == NULL && wt[0xe0005] == NULL);
    gen = ww_space_generation(r.s);
    /* Nothing written since: an empty collect, and the generation stays. */
    WW_CHECK_EQ(collect(&r, bits, 16), 0);
    WW_CHECK_EQ(bits[0], 0);
    WW_CHECK_EQ(ww_space_generation(r.s), gen);
    ww_machine_free(r.m);
}

WW_TEST("unit/space/track/fast_path_writes_after_rearm_are_seen", t_track_cycle)
{
    rig r;
    rig_init(&r, 16 * 4096);
    WW_CHECK(ww_window_place(r.w, 0x100000, 16 * 4096));
    WW_CHECK(ww_mapping_track_writes(r.w, true));
    uint8_t *const *wt = ww_space_write_table(r.s);
    uint64_t bits[1];
    for (unsigned frame = 0; frame < 4; frame++) {
        /* A CPU writes page `frame` through the table when it can, else the slow path. */
        for (unsigned k = 0; k < 100; k++) {
            uint64_t a = 0x100000 + frame * 4096 + k * 8;
            uint8_t *p = ww_space_page_r(wt, 12, a);
            if (p)
                *p = (uint8_t)k;
            else
                ww_space_write(r.s, a, 1, k);
        }
        WW_CHECK_EQ(collect(&r, bits, 16), 1);
        WW_CHECK_EQ(bits[0], 1u << frame);
        WW_CHECK_EQ(r.fb[frame * 4096 + 99 * 8], 99);
    }
    ww_machine_free(r.m);
}

WW_TEST("unit/space/track/load_dma_and_moves", t_track_other_writers)
{
    rig r;
    GError *err = NULL;
    rig_init(&r, 8 * 4096);
    WW_CHECK(ww_window_place(r.w, 0x200000, 8 * 4096));
    WW_CHECK(ww_mapping_track_writes(r.w, true));
    uint64_t bits[1];
    /* ww_space_load (loaders) marks what it writes. */
    static const uint8_t blob[5000] = { 1 };
    WW_CHECK_NOERR(ww_space_load(r.s, 0x200800, blob, sizeof blob, &err), err);
    WW_CHECK_EQ(collect(&r, bits, 8), 2);
    WW_CHECK_EQ(bits[0], 0x3);
    /* DMA asks for a host pointer to write: it gets one page at a time, marked. */
    uint64_t avail = 0;
    uint8_t *p = ww_space_ram_ptr(r.s, 0x202100, true, &avail);
    WW_CHECK(p == r.fb + 0x2100);
    WW_CHECK_EQ(avail, 0x1000 - 0x100);
    WW_CHECK_EQ(collect(&r, bits, 8), 1);
    WW_CHECK_EQ(bits[0], 1u << 2);
    /* A read pointer marks nothing. */
    WW_CHECK(ww_space_ram_ptr(r.s, 0x203000, false, &avail));
    WW_CHECK_EQ(collect(&r, bits, 8), 0);
    /* The window moves (a BAR reprogrammed): tracking goes with it, by host page. */
    WW_CHECK(ww_window_place(r.w, 0x400000, 8 * 4096));
    uint8_t *const *wt = ww_space_write_table(r.s);
    WW_CHECK(wt[0x400] == NULL);
    WW_CHECK_EQ(ww_space_write(r.s, 0x401004, 2, 0x5555), WW_BUS_OK);
    WW_CHECK(wt[0x401] == r.fb + 0x1000);
    WW_CHECK_EQ(collect(&r, bits, 8), 1);
    WW_CHECK_EQ(bits[0], 1u << 1);
    /* Hidden: nothing decodes, nothing is marked; shown again, still tracked. */
    ww_window_hide(r.w);
    WW_CHECK_EQ(ww_space_write(r.s, 0x401004, 2, 0x1234), WW_BUS_OK);
    WW_CHECK_EQ(collect(&r, bits, 8), 0);
    WW_CHECK(ww_window_place(r.w, 0x400000, 8 * 4096));
    WW_CHECK(wt[0x401] == NULL);
    /* Off: the pages are plain RAM again, in the write table. */
    WW_CHECK(ww_mapping_track_writes(r.w, false));
    WW_CHECK(wt[0x401] == r.fb + 0x1000);
    WW_CHECK_EQ(ww_mapping_collect_writes(r.w, bits, 8), 0);
    ww_machine_free(r.m);
}

WW_TEST("unit/space/track/only_ram", t_track_only_ram)
{
    ww_machine *m = ww_machine_new();
    GError *err = NULL;
    ww_space_config cfg = { .addr_bits = 32, .page_bits = 12 };
    ww_space *s = ww_machine_add_space(m, "mem", &cfg, &err);
    uint8_t *rom = ww_machine_add_memory(m, "rom", 4096, &err);
    WW_CHECK_NOERR(ww_space_map_ram(s, "rom", 0, 4096, rom, true, 0, &err), err);
    const ww_mapping *list;
    WW_CHECK_EQ(ww_space_mappings(s, &list), 1);
    /* ww_space_mappings hands out its pointer array under that type. */
    ww_mapping *rm = (ww_mapping *)((const ww_mapping *const *)list)[0];
    WW_CHECK(!ww_mapping_track_writes(rm, true));
    ww_machine_free(m);
}

/* Code marks and write tracking on the same page: the page is fast-writable
 * only when neither wants to see the write ("write tracking" note in space.c).
 * A written code page loses its mark but stays slow while tracking has it
 * clean; a dirtied page that becomes code leaves the write table again. */
static bool keep_none(void *opaque, uint64_t addr, uint64_t len)
{
    (void)len;
    ++*(unsigned *)opaque;
    return addr >> 12 == 0x13;   /* page 3 still holds code after a write */
}

WW_TEST("unit/space/track/with_code_marks", t_track_code)
{
    rig r;
    rig_init(&r, 4 * 4096);
    WW_CHECK(ww_window_place(r.w, 0x10000, 4 * 4096));
    unsigned heard = 0;
    ww_code_watcher cw = { keep_none, NULL, &heard };
    ww_space_add_code_watcher(r.s, &cw);
    uint8_t *const *wt = ww_space_write_table(r.s);
    WW_CHECK(ww_mapping_track_writes(r.w, true));
    uint64_t bits[1];
    /* Page 0: tracked clean, then code. A write is heard by both; the mark
     * goes, tracking has it dirty, so now it is fast. */
    WW_CHECK(ww_space_mark_code(r.s, 0x10000));
    WW_CHECK(wt[0x10] == NULL);
    WW_CHECK_EQ(ww_space_write(r.s, 0x10010, 1, 0x5a), WW_BUS_OK);
    WW_CHECK_EQ(heard, 1);
    WW_CHECK(!ww_space_is_code(r.s, 0x10000));
    WW_CHECK(wt[0x10] == r.fb);
    /* Page 1: dirtied first (fast), then marked as code: out of the table,
     * and the next write reaches the watcher. */
    WW_CHECK_EQ(ww_space_write(r.s, 0x11000, 1, 1), WW_BUS_OK);
    WW_CHECK(wt[0x11] == r.fb + 0x1000);
    WW_CHECK(ww_space_mark_code(r.s, 0x11000));
    WW_CHECK(wt[0x11] == NULL);
    /* Collecting re-arms page 1: it must stay out of the table. */
    memset(bits, 0, sizeof bits);
    WW_CHECK_EQ(ww_mapping_collect_writes(r.w, bits, 4), 2);
    WW_CHECK(wt[0x11] == NULL && wt[0x10] == NULL);
    WW_CHECK_EQ(ww_space_write(r.s, 0x11004, 2, 0x1234), WW_BUS_OK);
    WW_CHECK_EQ(heard, 2);
    WW_CHECK(wt[0x11] == r.fb + 0x1000);   /* unmarked and dirty again */
    memset(bits, 0, sizeof bits);
    WW_CHECK_EQ(ww_mapping_collect_writes(r.w, bits, 4), 1);
    WW_CHECK_EQ(bits[0], 1u << 1);
    /* Page 2: marked as code while clean; the first write through
     * ww_space_load is heard by both as well. */
    WW_CHECK(ww_space_mark_code(r.s, 0x12000));
    uint8_t b = 7;
    WW_CHECK(ww_space_load(r.s, 0x12008, &b, 1, NULL));
    WW_CHECK_EQ(heard, 3);
    WW_CHECK_EQ(r.fb[0x2008], 7);
    memset(bits, 0, sizeof bits);
    WW_CHECK_EQ(ww_mapping_collect_writes(r.w, bits, 4), 1);
    WW_CHECK_EQ(bits[0], 1u << 2);
    /* Page 3: the watcher keeps its code after the write, so the first
     * (tracked) write must not put the page back into the write table. */
    WW_CHECK(ww_space_mark_code(r.s, 0x13000));
    WW_CHECK_EQ(ww_space_write(r.s, 0x13000, 4, 0x11223344), WW_BUS_OK);
    WW_CHECK_EQ(heard, 4);
    WW_CHECK(ww_space_is_code(r.s, 0x13000));
    WW_CHECK(wt[0x13] == NULL);
    WW_CHECK_EQ(ww_space_write(r.s, 0x13004, 4, 0x55667788), WW_BUS_OK);
    WW_CHECK_EQ(heard, 5);
    ww_space_remove_code_watcher(r.s, &cw);
    ww_machine_free(r.m);
}

/* A debugger's watchpoint on a tracked page: the first (tracked) write must
 * not put the page back into the write table, or the next writes would slip
 * past the watch. */
static void count_watch(void *opaque, ww_space *s, uint64_t addr, unsigned size, bool write,
                        uint64_t val)
{
    (void)s, (void)addr, (void)size, (void)write, (void)val;
    ++*(unsigned *)opaque;
}

WW_TEST("unit/space/track/with_mem_watch", t_track_watch)
{
    rig r;
    rig_init(&r, 4 * 4096);
    WW_CHECK(ww_window_place(r.w, 0x20000, 4 * 4096));
    uint8_t *const *wt = ww_space_write_table(r.s);
    WW_CHECK(ww_mapping_track_writes(r.w, true));
    unsigned hits = 0;
    ww_space_mem_watch w = { 0x21100, 4, false };
    ww_space_set_mem_watch(r.s, &w, 1, count_watch, &hits);
    WW_CHECK_EQ(ww_space_write(r.s, 0x21100, 4, 1), WW_BUS_OK);
    WW_CHECK_EQ(hits, 1);
    WW_CHECK(wt[0x21] == NULL);
    WW_CHECK_EQ(ww_space_write(r.s, 0x21102, 1, 2), WW_BUS_OK);
    WW_CHECK_EQ(hits, 2);
    /* An unwatched page of the window goes fast after its first write. */
    WW_CHECK_EQ(ww_space_write(r.s, 0x22000, 1, 3), WW_BUS_OK);
    WW_CHECK(wt[0x22] == r.fb + 0x2000);
    ww_space_set_mem_watch(r.s, NULL, 0, NULL, NULL);
    WW_CHECK(wt[0x21] == r.fb + 0x1000);   /* dirty and unwatched: fast again */
    ww_machine_free(r.m);
}
