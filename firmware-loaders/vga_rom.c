/* firmware-loaders/vga_rom.c — the "vga-rom" preparer: SeaBIOS's own VGA
 * BIOS (catalogue id "vgabios": Debian's vgabios.bin, SeaVGABIOS built for a
 * plain VGA) for a machine whose display card is VGA-compatible (chip types
 * "vga" and "s3"), as fw_cfg file "vgaroms/vgabios.bin". SeaBIOS runs what it
 * finds under "vgaroms/" as the video BIOS (src/optionroms.c vgarom_setup ->
 * run_file_roms("vgaroms/", 1, NULL)), then switches to mode 3 and prints its
 * banner on the screen (enable_vga_console); QEMU serves an ISA VGA's BIOS
 * the same way.
 *
 * Why fw_cfg and not the card's PCI expansion ROM BAR: SeaBIOS runs a BAR's
 * ROM only if its PCI data structure names the card's vendor and device
 * (src/optionroms.c map_pcirom), and vgabios.bin has no "PCIR" structure at
 * all (it is the ISA build: word 18h is 0) — the card would have to serve a
 * patched image. And the ROM is the PC firmware's business, not the chip's:
 * the same chips/video/s3.c Vision864 goes into the BeBox, which runs no x86
 * BIOS. A real S3 card's BIOS would also program S3 registers at POST; the
 * chip comes up with those values (chips/video/s3.c).
 *
 * Keyed by chip types; a machine without such a card or without fw_cfg is
 * left alone, and a "vgaroms/vgabios.bin" already present is kept. */
#include "firmware-loaders/prepare.h"
#include "chips/firmware/fw_cfg.h"
#include "core/machine.h"
#include <string.h>

static bool vga_compatible(const ww_chip *c)
{
    return !strcmp(c->cls->type, "vga") || !strcmp(c->cls->type, "s3");
}

static bool vga_rom_run(ww_prep *p, GError **err)
{
    ww_chip *const *chips;
    unsigned n = ww_machine_chips(p->m, &chips);
    bool card = false;
    for (unsigned i = 0; i < n && !card; i++)
        card = vga_compatible(chips[i]);
    ww_chip *fw = ww_fw_cfg_find(p->m);
    if (!card || !fw || ww_fw_cfg_get_file(fw, "vgaroms/vgabios.bin", NULL))
        return true;
    GError *e = NULL;
    GBytes *rom = ww_prep_rom(p, "vgabios", &e);
    if (!rom) {
        g_set_error(err, WW_ERROR, e->code, "the VGA card needs SeaBIOS's VGA BIOS: %s",
                    e->message);
        g_error_free(e);
        return false;
    }
    bool ok = ww_fw_cfg_add_file(fw, "vgaroms/vgabios.bin", rom, err);
    g_bytes_unref(rom);
    return ok;
}

static const ww_preparer vga_rom = {
    "vga-rom", "SeaBIOS's VGA BIOS for a VGA-compatible card (fw_cfg vgaroms/vgabios.bin)", 20,
    vga_rom_run };
WW_PREPARER_REGISTER(vga_rom)
