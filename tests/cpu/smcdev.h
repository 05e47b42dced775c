/* tests/cpu/smcdev.h — "test-smcdev", the test chip of the self-modifying-code
 * tests of every CPU family (tests/cpu/x86/smc.c, tests/cpu/ppc/smc.h,
 * tests/cpu/m68k/cached.c): code that arrives by DMA, a code page that is
 * remapped, code fetched from a chip.
 *  - Registers SRC, DST, LEN, CMD at 0, 4, 8, 12, in two regions that differ
 *    only in byte order ("regs" big-endian, "regs-le" little-endian: a rig
 *    maps the one of its bus). An access of 2 or 4 bytes at 4k is the whole
 *    value of register k, so 16-bit CPUs (the 8086's OUT, the 68000's
 *    MOVE.W) and 32-bit ones program it alike. CMD 1 copies LEN bytes (at
 *    most 64) from SRC to DST over the "dma" bus; CMD 2 hides the RAM window
 *    "win-a" the rig opened with this chip as owner, or shows it again where
 *    it was.
 *  - Region "code": 16 bytes of memory-mapped code (MMIO, never RAM: no
 *    CPU may cache what it fetches there), read and written as bytes in
 *    big-endian order. With `counter` set (1 + a byte offset), that byte
 *    adds one before every read that covers it (not peeks), so the code
 *    changes on every fetch. */
#ifndef WW_TESTS_CPU_SMCDEV_H
#define WW_TESTS_CPU_SMCDEV_H
#include "core/chip.h"

enum { SMCDEV_REGS, SMCDEV_REGS_LE, SMCDEV_CODE };          /* regions */
enum { SMCDEV_SRC = 0, SMCDEV_DST = 4, SMCDEV_LEN = 8, SMCDEV_CMD = 12, SMCDEV_REGS_SIZE = 16 };
enum { SMCDEV_COPY = 1, SMCDEV_WINDOW = 2 };                /* CMD values */
enum { SMCDEV_CODE_SIZE = 16 };

typedef struct smcdev {
    ww_chip chip;
    uint32_t src, dst, len;
    uint8_t code[SMCDEV_CODE_SIZE];
    uint8_t counter;        /* 1 + offset of the byte of code that counts reads; 0: none */
} smcdev;

#endif
