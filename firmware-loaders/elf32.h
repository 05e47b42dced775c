/* firmware-loaders/elf32.h — 32-bit ELF images as firmware and kernels come
 * (OpenBIOS's openbios-ppc, a PowerPC vmlinux): the checks and the loadable
 * segments, for the preparers that place them (elf_rom.c, openbios_ppc.c).
 *
 * Source: the System V ABI "ELF" chapter (e_ident, e_phoff/e_phentsize/e_phnum,
 * PT_LOAD with p_offset, p_paddr, p_filesz ≤ p_memsz). Every field that becomes
 * an offset or a length is checked against the image before use: a truncated
 * or foreign file is an error naming what is wrong, never a read outside it. */
#ifndef WW_ELF32_H
#define WW_ELF32_H
#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#define WW_ELF_MAX_SEGS 16

typedef struct ww_elf_seg {
    uint32_t offset, paddr, vaddr, filesz, memsz;
} ww_elf_seg;

typedef struct ww_elf32 {
    bool big_endian;
    uint16_t machine;          /* e_machine: 20 = PowerPC, 4 = 68k, 3 = i386 */
    uint32_t entry;
    unsigned nsegs;
    ww_elf_seg seg[WW_ELF_MAX_SEGS];
    uint32_t lowest, highest;  /* physical span of the loadable segments [lowest, highest) */
} ww_elf32;

static inline bool ww_elf_is(const uint8_t *img, size_t len)
{
    return len >= 4 && img[0] == 0x7f && img[1] == 'E' && img[2] == 'L' && img[3] == 'F';
}
/* Parse and check; err names the problem ("a 64-bit ELF", "segment 2 runs past
 * the end of the file", …). */
bool ww_elf32_parse(const uint8_t *img, size_t len, ww_elf32 *out, GError **err);

#endif
