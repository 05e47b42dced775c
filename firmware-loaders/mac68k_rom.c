/* firmware-loaders/mac68k_rom.c — the 68k Macs' own ROM (the "mac68k-rom"
 * preparer): without --kernel, the board starts from the ROM the user
 * supplies (roms.txt; never in the repository), as a real Quadra does.
 *
 * Keyed by what the machine holds: a 68k CPU, the djMEMC (its "gestalt"
 * property names the board: 35 the Quadra 800, whose ROM is catalogued as
 * "mac-quadra800" and "mac-quadra800-23f1"), and a memory block "rom" the
 * machine maps read-only at 0x40800000 (and its alias at 0x40000000). It runs
 * after linux-m68k and does nothing when a kernel was taken.
 *
 * The start: the CPU in its reset state (supervisor, interrupts masked, MMU
 * off), the PC at the ROM's entry — the ROM's second long word is an offset
 * from the ROM's base (QEMU hw/m68k/q800.c: "reset initial PC" = MACROM_ADDR +
 * ldl(rom + 4); the first word is the ROM's checksum, F1ACAD13, not a stack),
 * as the real machine reaches it through the boot-time overlay of the ROM at
 * address 0. Where the ROM stops depends on how much of the board it checks
 * is modelled: see the machine's notes; `-d` logging of unimplemented registers
 * (e.g. -d iosb,dj,via1) shows what it touched last. */
#include "firmware-loaders/prepare.h"
#include "core/error.h"
#include <string.h>

#define ROM_BASE 0x40800000u

static const struct { unsigned gestalt; const char *ids[3]; const char *name; } boards[] = {
    { 35, { "mac-quadra800", "mac-quadra800-23f1", NULL }, "Quadra 800" },
};

static bool mac68k_rom_run(ww_prep *p, GError **err)
{
    ww_chip *cpu = ww_prep_find_cpu(p->m, "m68k", NULL), *board = ww_prep_find_type(p->m, "djmemc");
    uint64_t rom_size = 0;
    uint8_t *rom = ww_machine_find_memory(p->m, "rom", &rom_size);
    if (!cpu || !board || !rom || p->kernel_taken)
        return true;
    unsigned g = (unsigned)ww_chip_prop_uint(board, "gestalt");
    unsigned k = 0;
    while (k < G_N_ELEMENTS(boards) && boards[k].gestalt != g)
        k++;
    if (k == G_N_ELEMENTS(boards)) {
        g_set_error(err, WW_ERROR, WW_ERROR_NOT_FOUND, "no ROM is catalogued for the 68k Mac "
                    "with Gestalt ID %u; expected --kernel (direct Linux boot)", g);
        return false;
    }
    GBytes *img = NULL;
    GError *first = NULL;
    for (unsigned i = 0; boards[k].ids[i] && !img; i++) {
        GError *e = NULL;
        img = ww_prep_rom(p, boards[k].ids[i], &e);
        if (!img && !first)
            first = e;
        else if (e)
            g_error_free(e);
    }
    if (!img) {
        g_set_error(err, WW_ERROR, WW_ERROR_NOT_FOUND, "the %s starts from its ROM unless "
                    "--kernel is given, and %s%s; expected the ROM (dumped from your own "
                    "machine; put it on --rom-path) or --kernel vmlinux", boards[k].name,
                    first ? "" : "it was not found", first ? first->message : "");
        g_clear_error(&first);
        return false;
    }
    g_clear_error(&first);
    size_t len;
    const uint8_t *d = g_bytes_get_data(img, &len);
    bool ok = false;
    if (len < 8 || len > rom_size) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "the %s ROM is %zu bytes; expected at "
                    "most %" G_GUINT64_FORMAT, boards[k].name, len, rom_size);
        goto out;
    }
    memcpy(rom, d, len);
    uint32_t entry = (uint32_t)d[4] << 24 | (uint32_t)d[5] << 16 | (uint32_t)d[6] << 8 | d[7];
    if (entry >= len) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "the %s ROM's entry offset 0x%x is outside "
                    "its %zu bytes; expected a Mac ROM", boards[k].name, entry, len);
        goto out;
    }
    unsigned idx;
    const ww_reg_desc *pc = ww_chip_find_reg(cpu->cls, "pc", &idx);
    const ww_reg_desc *sr = ww_chip_find_reg(cpu->cls, "sr", &idx);
    if (!pc || !sr) {
        g_set_error(err, WW_ERROR, WW_ERROR_FAILED, "%s has no pc/sr registers", cpu->id);
        goto out;
    }
    ww_chip_reg_set(cpu, sr, 0, 0x2700);
    ww_chip_reg_set(cpu, pc, 0, ROM_BASE + entry);
    ok = true;
out:
    g_bytes_unref(img);
    return ok;
}

static const ww_preparer mac68k_rom = {
    "mac68k-rom", "a 68k Mac without --kernel: its user-supplied ROM (roms.txt), the CPU at "
    "the ROM's entry", 40, mac68k_rom_run };
WW_PREPARER_REGISTER(mac68k_rom)
