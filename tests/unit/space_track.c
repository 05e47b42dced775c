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
