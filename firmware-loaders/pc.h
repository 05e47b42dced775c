/* firmware-loaders/pc.h — what the PC preparers (pc_platform.c, linux_x86.c,
 * acpi_pc.c) need to know about a built machine, found from its chips and
 * its memory map, never from its name:
 *
 *  - it is a PC to them when it has an x86 CPU and a fw_cfg device of the
 *    "io" variant (the ports SeaBIOS reads);
 *  - its RAM is the memory block mapped as writable RAM at address 0 of the
 *    first x86 CPU's memory space (the whole block, even if the machine maps
 *    it in pieces, e.g. the part above 4 GiB at an offset);
 *  - that RAM is split below/above 4 GiB as QEMU's Q35 board splits it
 *    (hw/i386/pc_q35.c pc_q35_init: lowmem = 0x80000000 when RAM ≥
 *    0xB0000000, else 0xB0000000; below = min(RAM, lowmem)); the part below
 *    must be mapped as RAM from 0 up, and the part above is reported only if
 *    the CPU's memory space reaches it (more than 32 address bits, RAM
 *    mapped at 4 GiB). */
#ifndef WW_FW_PC_H
#define WW_FW_PC_H
#include "core/machine.h"

typedef struct ww_pc_info {
    ww_chip *fw_cfg;          /* the fw_cfg device (variant io) */
    ww_chip *cpu;             /* the first x86 CPU */
    unsigned ncpus;           /* x86 CPUs (LAPIC ids 0..ncpus-1) */
    ww_space *mem, *io;       /* that CPU's memory and I/O spaces */
    uint64_t ram;             /* bytes in the RAM block */
    uint64_t below_4g;        /* RAM from 0 (the Q35 split) */
    uint64_t above_4g;        /* RAM from 4 GiB that the CPU reaches (0: none) */
} ww_pc_info;

/* 1: a PC, *out filled; 0: not a PC (nothing to do); -1: a PC whose memory
 * does not fit the rules above (err set). */
int ww_pc_probe(ww_machine *m, ww_pc_info *out, GError **err);

/* Q35's split of `ram` bytes: the part below 4 GiB. */
uint64_t ww_pc_q35_below_4g(uint64_t ram);

/* The chip a space maps at `addr` (first mapping that decodes it), or NULL. */
ww_chip *ww_pc_chip_at(ww_space *s, uint64_t addr);

#endif
