/* tests/firmware/x86/optionrom.S — the part of a BIOS that boots a BEV option
 * ROM, for tests/firmware-loaders/linuxboot.c (64 KiB ROM image).
 *
 * The test copies an option ROM to 0xC8000, as SeaBIOS copies fw_cfg's
 * "genroms/" files; from reset this program installs an INT 15h handler that
 * answers E801 (15 MiB below 16 MiB, then (RAM - 16 MiB) / 64 KiB in BX/DX for
 * a 32 MiB machine: 256), sets up SeaBIOS's boot stack (SS = 0, SP = 0x7000,
 * DS = ES = 0) and far-jumps to the Boot Entry Vector found through the
 * ROM's PnP header (BIOS Boot Specification 1.01, "PnP Option ROM Header": word at
 * 0x1A = PnP header offset, BEV at PnP + 0x1A), the way SeaBIOS's boot_rom
 * calls it.
 */
#include "pm_common.inc"
    reset_entry
    movw %ax, %es
    movw $int15, %es:(0x15*4)       /* IVT[0x15] = F000:int15 */
    movw $0xF000, %es:(0x15*4+2)
    movw $0xC800, %ax
    movw %ax, %ds
    movw 0x1a, %bx                  /* PnP header */
    movw 0x1a(%bx), %bx             /* its BEV offset */
    xorw %ax, %ax
    movw %ax, %ds
    pushw $0xC800
    pushw %bx
    lret

int15:
    movw $0x3c00, %ax               /* E801: KiB between 1 and 16 MiB */
    movw %ax, %cx
    movw $0x0100, %bx               /* 64 KiB blocks above 16 MiB */
    movw %bx, %dx
    iret

    reset_vector
