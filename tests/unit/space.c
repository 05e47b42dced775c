/* tests/unit/space.c — address spaces: RAM/ROM fast path, MMIO dispatch with
 * stride/width/endianness adapters, unmapped policies, map errors. */
#include "tests/harness.h"
#include "tests/unit/testchip.h"

static ww_space *mkspace(ww_machine *m, const char *name, unsigned bits, ww_endian e,
                         ww_unmapped_policy pol, uint64_t open)
{
    GError *err = NULL;
    ww_space_config cfg = { .addr_bits = bits, .page_bits = 12, .endian = e,
                            .unmapped = pol, .open_bus = open };
    ww_space *s = ww_machine_add_space(m, name, &cfg, &err);
    WW_CHECK_NOERR(s, err);
    return s;
}

static ww_chip *mkchip(ww_machine *m, const char *id)
{
    GError *err = NULL;
    ww_chip *c = ww_machine_add_chip(m, "wwtestchip", id, &err);
    WW_CHECK_NOERR(c, err);
    WW_CHECK_NOERR(ww_chip_realize(c, &err), err);
    return c;
}

static uint64_t rd(ww_space *s, uint64_t a, unsigned n)
{
    uint64_t v = 0;
    WW_CHECK_EQ(ww_space_read(s, a, n, &v), WW_BUS_OK);
    return v;
}

WW_TEST("unit/space/ram_endianness", t_ram_endian)
{
    ww_machine *m = ww_machine_new();
    GError *err = NULL;
    ww_space *le = mkspace(m, "le", 32, WW_LITTLE_ENDIAN, WW_UNMAPPED_OPEN_BUS, 0);
    ww_space *be = mkspace(m, "be", 32, WW_BIG_ENDIAN, WW_UNMAPPED_OPEN_BUS, 0);
    uint8_t *ram = ww_machine_add_memory(m, "ram", 0x10000, &err);
    WW_CHECK_NOERR(ram, err);
    WW_CHECK_NOERR(ww_space_map_ram(le, "ram", 0x10000, 0x10000, ram, false, 0, &err), err);
    WW_CHECK_NOERR(ww_space_map_ram(be, "ram", 0x10000, 0x10000, ram, false, 0, &err), err);
    /* A little-endian store is read back byte-reversed on a big-endian bus. */
    WW_CHECK_EQ(ww_space_write(le, 0x10100, 4, 0x11223344), WW_BUS_OK);
    WW_CHECK_EQ(ram[0x100], 0x44);
    WW_CHECK_EQ(rd(be, 0x10100, 4), 0x44332211);
    WW_CHECK_EQ(rd(be, 0x10100, 2), 0x4433);
    WW_CHECK_EQ(rd(le, 0x10100, 8), 0x11223344);
    /* Unaligned access across a page boundary takes the slow path and still works. */
    WW_CHECK_EQ(ww_space_write(be, 0x10FFE, 4, 0xAABBCCDD), WW_BUS_OK);
    WW_CHECK_EQ(rd(be, 0x10FFE, 4), 0xAABBCCDD);
    WW_CHECK_EQ(ram[0xFFE], 0xAA);
    WW_CHECK_EQ(ram[0x1001], 0xDD);
    /* The page table hands out the host pointer for RAM pages. */
    uint8_t *const *t = ww_space_read_table(le);
    WW_CHECK(ww_space_page_r(t, 12, 0x10123) == ram + 0x123);
    ww_machine_free(m);
}

WW_TEST("unit/space/rom_and_unmapped", t_rom)
{
    ww_machine *m = ww_machine_new();
    GError *err = NULL;
    ww_space *s = mkspace(m, "mem", 24, WW_BIG_ENDIAN, WW_UNMAPPED_BUS_ERROR, 0);
    ww_space *pc = mkspace(m, "io", 16, WW_LITTLE_ENDIAN, WW_UNMAPPED_OPEN_BUS, UINT64_MAX);
    uint8_t *rom = ww_machine_add_memory(m, "rom", 0x1000, &err);
    const uint8_t img[4] = { 0xDE, 0xAD, 0xBE, 0xEF };
    WW_CHECK_NOERR(ww_space_map_ram(s, "rom", 0x400000, 0x1000, rom, true, 0, &err), err);
    WW_CHECK_NOERR(ww_space_load(s, 0x400000, img, 4, &err), err);
    WW_CHECK_EQ(rd(s, 0x400000, 4), 0xDEADBEEF);
    /* Writes to ROM are dropped. */
    WW_CHECK_EQ(ww_space_write(s, 0x400000, 1, 0), WW_BUS_OK);
    WW_CHECK_EQ(rom[0], 0xDE);
    WW_CHECK(ww_space_write_table(s)[0x400] == NULL);
    /* Bus-error policy (a 68000 bus) versus open bus (PC I/O reads all ones). */
    uint64_t v = 0;
    WW_CHECK_EQ(ww_space_read(s, 0x123456, 2, &v), WW_BUS_ERROR);
    WW_CHECK_EQ(ww_space_read(pc, 0x80, 1, &v), WW_BUS_OK);
    WW_CHECK_EQ(v, 0xFF);
    WW_CHECK_EQ(ww_space_read(pc, 0x80, 2, &v), WW_BUS_OK);
    WW_CHECK_EQ(v, 0xFFFF);
    /* Invalid sizes are refused. */
    WW_CHECK_EQ(ww_space_read(s, 0x400000, 3, &v), WW_BUS_ERROR);
    ww_machine_free(m);
}

WW_TEST("unit/space/map_errors", t_map_errors)
{
    ww_machine *m = ww_machine_new();
    GError *err = NULL;
    ww_space *s = mkspace(m, "mem", 24, WW_BIG_ENDIAN, WW_UNMAPPED_BUS_ERROR, 0);
    ww_chip *c = mkchip(m, "dev");
    uint8_t *ram = ww_machine_add_memory(m, "ram", 0x100000, &err);
    WW_CHECK_NOERR(ww_space_map_ram(s, "ram", 0, 0x100000, ram, false, 0, &err), err);
    WW_CHECK_ERR(ww_space_map_chip(s, "dev", 0xFF000, 0x10, c, 0, 1, 0, 0, &err), err,
                 "overlaps 'ram' (0x0-0xfffff); give one of them a priority");
    WW_CHECK_ERR(ww_space_map_chip(s, "dev", 0xFFFFF0, 0x100, c, 0, 1, 0, 1, &err), err,
                 "goes beyond the 24-bit address space");
    WW_CHECK_ERR(ww_space_map_chip(s, "dev", 0x200000, 0x10, c, 7, 1, 0, 0, &err), err,
                 "has no region #7");
    WW_CHECK_ERR(ww_space_map_chip(s, "dev", 0x200000, 0, c, 0, 1, 0, 0, &err), err, "size 0");
    WW_CHECK_ERR(ww_space_map_ram(s, "ram", 0x300000, 0x10, ram, false, 0, &err), err,
                 "already exists");
    /* With a higher priority the chip wins over RAM, and its page leaves the fast path. */
    WW_CHECK_NOERR(ww_space_map_chip(s, "dev", 0xFF000, 0x10, c, 0, 1, 0, 1, &err), err);
    WW_CHECK(ww_space_read_table(s)[0xFF] == NULL);
    WW_CHECK(ww_space_read_table(s)[0xFE] == ram + 0xFE000);
    WW_CHECK_EQ(rd(s, 0xFF000, 1), 0x05);      /* CTRL reset value, from the chip */
    ww_space_unmap(s, "dev");
    WW_CHECK(ww_space_read_table(s)[0xFF] == ram + 0xFF000);
    ww_machine_free(m);
}

WW_TEST("unit/space/stride_and_width", t_stride)
{
    ww_machine *m = ww_machine_new();
    GError *err = NULL;
    ww_space *s = mkspace(m, "mem", 32, WW_BIG_ENDIAN, WW_UNMAPPED_BUS_ERROR, 0);
    ww_chip *c = mkchip(m, "dev");
    testchip_t *t = (testchip_t *)c;
    /* A byte-wide chip with one register every 0x200 bytes (Mac VIA style). */
    WW_CHECK_NOERR(ww_space_map_chip(s, "dev", 0x50F00000, 0x2000, c, 0, 0x200, 0, 0, &err), err);
    WW_CHECK_EQ(ww_space_write(s, 0x50F00000 + 4 * 0x200, 1, 0x5A), WW_BUS_OK);
    WW_CHECK_EQ(t->bytes[4], 0x5A);
    WW_CHECK_EQ(rd(s, 0x50F00000 + 4 * 0x200, 1), 0x5A);
    /* A 32-bit read of a byte-wide region is split into 4 byte reads, assembled
     * in bus (big-endian) order. */
    t->bytes[8] = 1, t->bytes[9] = 2, t->bytes[10] = 3, t->bytes[11] = 4;
    unsigned before = t->reads;
    WW_CHECK_EQ(rd(s, 0x50F00000 + 8 * 0x200, 4), 0x01020304);
    WW_CHECK_EQ(t->reads - before, 4);
    /* Beyond the 16-byte region: a guest error, then the unmapped policy. */
    uint64_t v;
    WW_CHECK_EQ(ww_space_read(s, 0x50F00000 + 16 * 0x200, 1, &v), WW_BUS_ERROR);
    ww_machine_free(m);
}

WW_TEST("unit/space/endian_adapt_and_strict", t_strict)
{
    ww_machine *m = ww_machine_new();
    GError *err = NULL;
    ww_space *le = mkspace(m, "le", 32, WW_LITTLE_ENDIAN, WW_UNMAPPED_OPEN_BUS, 0);
    ww_chip *c = mkchip(m, "dev");
    testchip_t *t = (testchip_t *)c;
    WW_CHECK_NOERR(ww_space_map_chip(le, "wide", 0x1000, 8, c, 1, 1, 0, 0, &err), err);
    /* The region is big-endian: a little-endian bus sees its bytes swapped. */
    WW_CHECK_EQ(t->wide, 0x11223344);
    WW_CHECK_EQ(rd(le, 0x1000, 4), 0x44332211);
    WW_CHECK_EQ(ww_space_write(le, 0x1000, 4, 0x44332211), WW_BUS_OK);
    WW_CHECK_EQ(t->wide, 0x11223344);
    /* A byte read of a 32-bit-minimum register reads it whole and picks the lane:
     * byte 0 of a big-endian register is its most significant byte. */
    WW_CHECK_EQ(rd(le, 0x1000, 1), 0x11);
    WW_CHECK_EQ(rd(le, 0x1003, 1), 0x44);
    /* A word inside one register, and one across two (memory bytes 44h at 3,
     * CAh at 4: register 4 reads 0CAFEF00Dh): each byte from its register. */
    WW_CHECK_EQ(rd(le, 0x1001, 2), 0x3322);
    WW_CHECK_EQ(rd(le, 0x1003, 2), 0xCA44);
    /* The checked access refuses what a strict region does not allow. */
    uint64_t v = 0;
    WW_CHECK_ERR(ww_space_access(le, 0x1000, 1, &v, false, &err), err,
                 "1-byte access at 0x1000: region 'wide' of dev allows 4..4 bytes");
    WW_CHECK_ERR(ww_space_access(le, 0x1000, 3, &v, false, &err), err, "expected 1, 2, 4 or 8");
    WW_CHECK_ERR(ww_space_access(le, 0x9000, 4, &v, false, &err), err, "nothing mapped at 0x9000");
    WW_CHECK_NOERR(ww_space_access(le, 0x1000, 4, &v, false, &err), err);
    WW_CHECK_EQ(v, 0x44332211);
    ww_machine_free(m);
}

WW_TEST("unit/space/peek_has_no_side_effects", t_peek)
{
    ww_machine *m = ww_machine_new();
    GError *err = NULL;
    ww_space *s = mkspace(m, "io", 16, WW_LITTLE_ENDIAN, WW_UNMAPPED_OPEN_BUS, 0);
    ww_chip *c = mkchip(m, "dev");
    testchip_t *t = (testchip_t *)c;
    WW_CHECK_NOERR(ww_space_map_chip(s, "dev", 0x40, 16, c, 0, 1, 0, 0, &err), err);
    uint64_t v;
    /* STATUS clears when read; a peek must not clear it. */
    WW_CHECK_EQ(ww_space_peek(s, 0x41, 1, &v), WW_BUS_OK);
    WW_CHECK_EQ(v, 0x80);
    WW_CHECK_EQ(t->status, 0x80);
    WW_CHECK_EQ(rd(s, 0x41, 1), 0x80);
    WW_CHECK_EQ(t->status, 0);
    ww_machine_free(m);
}

WW_TEST("unit/space/mirror_and_straddle", t_mirror)
{
    ww_machine *m = ww_machine_new();
    GError *err = NULL;
    ww_space *s = mkspace(m, "mem", 24, WW_BIG_ENDIAN, WW_UNMAPPED_OPEN_BUS, 0xFFFFFFFF);
    uint8_t *ram = ww_machine_add_memory(m, "ram", 0x10000, &err);
    /* 64 KiB of RAM decoded over 256 KiB: address bits 16-17 ignored. */
    WW_CHECK_NOERR(ww_space_map_ram(s, "ram", 0, 0x40000, ram, false, 0, &err), err);
    WW_CHECK_NOERR(ww_space_set_mirror(s, "ram", 0x30000, &err), err);
    WW_CHECK_EQ(ww_space_write(s, 0x30010, 1, 0x77), WW_BUS_OK);
    WW_CHECK_EQ(ram[0x10], 0x77);
    WW_CHECK_EQ(rd(s, 0x10010, 1), 0x77);
    /* A word straddling the end of RAM: one byte from RAM, one open-bus byte. */
    ram[0xFFFF] = 0x12;
    WW_CHECK_EQ(rd(s, 0x3FFFF, 2), 0x12FF);
    ww_machine_free(m);
}

WW_TEST("unit/space/window_readonly_toggle", t_window_ro)
{
    ww_machine *m = ww_machine_new();
    GError *err = NULL;
    ww_space *s = mkspace(m, "mem", 32, WW_LITTLE_ENDIAN, WW_UNMAPPED_OPEN_BUS, 0xFFFFFFFF);
    ww_chip *c = mkchip(m, "dev");
    uint8_t *ram = ww_machine_add_memory(m, "ram", 0x4000, &err);
    WW_CHECK_NOERR(ram, err);
    /* A shadow-RAM window, the way a chipset's PAM register shows it: writable … */
    ww_window *w = ww_window_open_ram(s, c, "shadow", ram, 0x4000, false, 1, &err);
    WW_CHECK_NOERR(w, err);
    WW_CHECK(ww_window_place(w, 0xF0000, 0x4000));
    WW_CHECK_EQ(ww_space_write(s, 0xF0010, 4, 0x11223344), WW_BUS_OK);
    WW_CHECK_EQ(rd(s, 0xF0010, 4), 0x11223344);
    WW_CHECK(ww_space_write_table(s)[0xF0] == ram);
    /* … then read-only in place: reads still hit the fast path, writes are dropped. */
    WW_CHECK(ww_window_set_readonly(w, true));
    WW_CHECK(ww_space_write_table(s)[0xF0] == NULL);
    WW_CHECK(ww_space_read_table(s)[0xF0] == ram);
    WW_CHECK_EQ(ww_space_write(s, 0xF0010, 4, 0), WW_BUS_OK);
    WW_CHECK_EQ(rd(s, 0xF0010, 4), 0x11223344);
    /* A hidden window changes kind without touching the tables; placing it
     * again uses the new kind. */
    ww_window_hide(w);
    WW_CHECK(ww_window_set_readonly(w, false));
    WW_CHECK(ww_space_write_table(s)[0xF0] == NULL);
    WW_CHECK(ww_window_place(w, 0xF0000, 0x4000));
    WW_CHECK(ww_space_write_table(s)[0xF0] == ram);
    WW_CHECK_EQ(ww_space_write(s, 0xF0010, 4, 0x55), WW_BUS_OK);
    WW_CHECK_EQ(ram[0x10], 0x55);
    /* A window onto a chip region has no read-only form. */
    ww_window *cw = ww_window_open_chip(s, c, "regs", c, 0, 1, &err);
    WW_CHECK_NOERR(cw, err);
    WW_CHECK(!ww_window_set_readonly(cw, true));
    WW_CHECK_EQ(cw->kind, WW_MAP_CHIP);
    ww_machine_free(m);
}

WW_TEST("unit/space/fixed_overlap", t_fixed_overlap)
{
    ww_machine *m = ww_machine_new();
    GError *err = NULL;
    ww_space *io = mkspace(m, "io", 16, WW_LITTLE_ENDIAN, WW_UNMAPPED_OPEN_BUS, 0xFFFFFFFF);
    ww_chip *c = mkchip(m, "dev");
    WW_CHECK_NOERR(ww_space_map_chip(io, "pic", 0x20, 2, c, 0, 1, 0, 0, &err), err);
    WW_CHECK_NOERR(ww_space_map_unmapped(io, "isa-hole", 0x100, 0x100, 0, &err), err);
    ww_window *w = ww_window_open_chip(io, c, "bar", c, 0, 0, &err);
    WW_CHECK_NOERR(w, err);
    WW_CHECK(ww_window_place(w, 0xC000, 0x10));
    /* A range over a fixed device is reported with the mapping it hits … */
    const ww_mapping *hit = ww_space_fixed_overlap(io, 0x00, 0x80);
    WW_CHECK(hit && !strcmp(hit->name, "pic"));
    WW_CHECK(ww_space_fixed_overlap(io, 0x21, 1) == hit);
    /* … named holes and windows (BARs) do not count, nor do free ranges. */
    WW_CHECK(!ww_space_fixed_overlap(io, 0x100, 0x80));
    WW_CHECK(!ww_space_fixed_overlap(io, 0xC000, 0x80));
    WW_CHECK(!ww_space_fixed_overlap(io, 0x22, 0x10));
    WW_CHECK(!ww_space_fixed_overlap(io, 0x600, 0));
    /* A range that runs off the end of the address arithmetic still works. */
    WW_CHECK(!ww_space_fixed_overlap(io, 0xFF00, UINT64_MAX));
    WW_CHECK(ww_space_fixed_overlap(io, 0x10, UINT64_MAX) == hit);
    ww_machine_free(m);
}
