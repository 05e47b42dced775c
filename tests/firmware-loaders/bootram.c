/* tests/firmware-loaders/bootram.c — boot files placed in guest RAM
 * (firmware-loaders/bootram.c): what fits is written and claimed; what is too
 * large, runs past the end of RAM, is empty, starts past RAM or lands over
 * something already placed is refused with a message naming it, before any
 * byte is written; files that are missing or empty are named. */
#include "tests/harness.h"
#include "core/machine.h"
#include "firmware-loaders/bootram.h"
#include <glib/gstdio.h>

enum { RAM = 0x10000 };

typedef struct {
    ww_machine *m;
    ww_space *mem;
    uint8_t *host;
    ww_bootram r;
} rig;

/* 64 KiB of RAM at 0 of a 32-bit space, and a ROM above it (not RAM from 0). */
static void rig_init(rig *t)
{
    GError *err = NULL;
    t->m = ww_machine_new();
    ww_space_config cfg = { .addr_bits = 32, .page_bits = 12, .endian = WW_BIG_ENDIAN,
                            .unmapped = WW_UNMAPPED_OPEN_BUS, .open_bus = 0xff };
    t->mem = ww_machine_add_space(t->m, "mem", &cfg, &err);
    WW_CHECK_NOERR(t->mem, err);
    t->host = ww_machine_add_memory(t->m, "ram", RAM, &err);
    WW_CHECK_NOERR(t->host, err);
    WW_CHECK_NOERR(ww_space_map_ram(t->mem, "ram", 0, RAM, t->host, false, 0, &err), err);
    uint8_t *rom = ww_machine_add_memory(t->m, "rom", 0x1000, &err);
    WW_CHECK_NOERR(rom, err);
    WW_CHECK_NOERR(ww_space_map_ram(t->mem, "rom", 0x100000, 0x1000, rom, true, 0, &err), err);
    WW_CHECK_EQ(ww_bootram_size(t->mem), RAM);
    ww_bootram_init(&t->r, t->mem, ww_bootram_size(t->mem));
}

static void rig_free(rig *t)
{
    ww_bootram_clear(&t->r);
    ww_machine_free(t->m);
}

static bool untouched(const rig *t)
{
    for (unsigned i = 0; i < RAM; i++)
        if (t->host[i])
            return false;
    return true;
}

WW_TEST("firmware-loaders/bootram/places-and-claims", t_places)
{
    rig t;
    rig_init(&t);
    GError *err = NULL;
    uint8_t data[300];
    for (unsigned i = 0; i < sizeof data; i++)
        data[i] = (uint8_t)(i * 7 + 3);
    WW_CHECK_NOERR(ww_bootram_load(&t.r, "--initrd rd", 0x1000, data, sizeof data, &err), err);
    WW_CHECK(!memcmp(t.host + 0x1000, data, sizeof data));
    WW_CHECK_EQ(t.r.n, 1);
    /* Right after it, and ending exactly at the end of RAM: both fit. */
    WW_CHECK_NOERR(ww_bootram_load(&t.r, "a", 0x1000 + sizeof data, data, 1, &err), err);
    WW_CHECK_NOERR(ww_bootram_reserve(&t.r, "b", RAM - 16, 16, &err), err);
    WW_CHECK_EQ(t.r.n, 3);
    WW_CHECK_EQ(t.r.span[2].base, RAM - 16);
    WW_CHECK_STR(t.r.span[0].what, "--initrd rd");
    /* A reservation writes nothing. */
    WW_CHECK_EQ(t.host[RAM - 1], 0);
    rig_free(&t);
}

WW_TEST("firmware-loaders/bootram/refuses-bad-placements", t_refuses)
{
    rig t;
    rig_init(&t);
    GError *err = NULL;
    uint8_t *big = g_malloc0(RAM + 1);
    memset(big, 0xa5, RAM + 1);
    /* Larger than all of RAM. */
    WW_CHECK_ERR(ww_bootram_load(&t.r, "--initrd big", 0, big, RAM + 1, &err), err,
                 "--initrd big: 65537 bytes do not fit in the 65536 bytes of RAM");
    /* Fits in RAM but runs past its end (and at + len beyond 2^64 wraps nowhere). */
    WW_CHECK_ERR(ww_bootram_load(&t.r, "--kernel k", RAM - 0x100, big, 0x101, &err), err,
                 "they end at 0x10001, beyond the 65536 bytes of RAM");
    WW_CHECK_ERR(ww_bootram_check(&t.r, "x", UINT64_MAX - 4, 8, &err), err, "do not fit");
    /* An address past RAM: the ROM above it is not RAM for boot files. */
    WW_CHECK_ERR(ww_bootram_load(&t.r, "--append", 0x100000, big, 16, &err), err,
                 "--append: 16 bytes at 0x100000 do not fit");
    WW_CHECK_ERR(ww_bootram_reserve(&t.r, "recs", RAM, 1, &err), err, "beyond the");
    /* Zero length. */
    WW_CHECK_ERR(ww_bootram_load(&t.r, "--initrd empty", 0x100, big, 0, &err), err,
                 "--initrd empty: nothing to place at 0x100 (0 bytes)");
    WW_CHECK(untouched(&t));
    WW_CHECK_EQ(t.r.n, 0);
    /* Overlapping what is placed: at the start, the end, inside, around. */
    WW_CHECK_NOERR(ww_bootram_reserve(&t.r, "--kernel vmlinux", 0x2000, 0x1000, &err), err);
    static const struct { uint64_t at, len; } over[] = {
        { 0x1800, 0x801 }, { 0x2fff, 0x10 }, { 0x2400, 0x10 }, { 0x1000, 0x3000 },
    };
    for (unsigned i = 0; i < G_N_ELEMENTS(over); i++)
        WW_CHECK_ERR(ww_bootram_load(&t.r, "--initrd rd", over[i].at, big, over[i].len, &err),
                     err, "overlaps --kernel vmlinux at 0x2000-0x2fff");
    WW_CHECK(untouched(&t));
    /* Touching on either side is not overlapping. */
    WW_CHECK_NOERR(ww_bootram_load(&t.r, "below", 0x1800, big, 0x800, &err), err);
    WW_CHECK_NOERR(ww_bootram_load(&t.r, "above", 0x3000, big, 0x10, &err), err);
    WW_CHECK_EQ(t.r.n, 3);
    g_free(big);
    rig_free(&t);
}

WW_TEST("firmware-loaders/bootram/reads-files", t_read)
{
    GError *err = NULL;
    WW_CHECK_ERR(ww_bootram_read("--initrd", "/nonexistent/initrd", &err), err,
                 "--initrd /nonexistent/initrd: ");
    char *path = NULL;
    int fd = g_file_open_tmp("wwbootram-XXXXXX", &path, NULL);
    WW_CHECK(fd >= 0);
    close(fd);
    WW_CHECK_ERR(ww_bootram_read("--kernel", path, &err), err, ": the file is empty");
    WW_CHECK(g_file_set_contents(path, "abc", 3, NULL));
    GBytes *b = ww_bootram_read("--kernel", path, &err);
    WW_CHECK_NOERR(b, err);
    WW_CHECK_EQ(g_bytes_get_size(b), 3);
    g_bytes_unref(b);
    g_unlink(path);
    g_free(path);
}

WW_TEST("firmware-loaders/bootram/elf-segments", t_elf)
{
    rig t;
    rig_init(&t);
    GError *err = NULL;
    /* Two segments from a 64-byte image: one with bss, placed at (paddr & mask) + offset. */
    uint8_t img[64];
    for (unsigned i = 0; i < sizeof img; i++)
        img[i] = (uint8_t)(0x80 | i);
    ww_elf32 e = { .nsegs = 2 };
    e.seg[0] = (ww_elf_seg){ .offset = 0, .paddr = 0xc0000100, .filesz = 16, .memsz = 32 };
    e.seg[1] = (ww_elf_seg){ .offset = 16, .paddr = 0xc0000400, .filesz = 48, .memsz = 48 };
    memset(t.host + 0x1110, 0xee, 16);    /* where the bss goes: zeroed */
    uint64_t end = 0;
    WW_CHECK_NOERR(ww_bootram_load_elf(&t.r, "--kernel k", &e, img, 0x0fffffff, 0x1000, &end,
                                       &err), err);
    WW_CHECK_EQ(end, 0x1430);
    WW_CHECK(!memcmp(t.host + 0x1100, img, 16));
    WW_CHECK_EQ(t.host[0x1110], 0);
    WW_CHECK_EQ(t.host[0x111f], 0);
    WW_CHECK(!memcmp(t.host + 0x1400, img + 16, 48));
    WW_CHECK_EQ(t.r.n, 2);
    /* The same again overlaps itself; a segment past RAM is refused before any is written. */
    WW_CHECK_ERR(ww_bootram_load_elf(&t.r, "--kernel k2", &e, img, 0x0fffffff, 0x1000, NULL,
                                     &err), err, "overlaps --kernel k at 0x1100-0x111f");
    rig_free(&t);
    rig_init(&t);
    e.seg[1].paddr = 0xc000fff0;
    WW_CHECK_ERR(ww_bootram_load_elf(&t.r, "--kernel k", &e, img, 0x0fffffff, 0, NULL, &err),
                 err, "48 bytes at 0xfff0 do not fit");
    WW_CHECK(untouched(&t));
    rig_free(&t);
}
