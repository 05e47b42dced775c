/* tests/firmware-loaders/pcfw.h — what the firmware-preparation tests share:
 * a small PC (x86 CPU, RAM at 0, fw_cfg at 0x510/0x514 with DMA into the
 * CPU's memory, optionally a Q35 MCH stand-in at 00:00.0 and ISA chips),
 * generated bzImages, and a scratch directory with a catalogue whose
 * "linuxboot-dma"/"linuxboot" entries are test files (so the tests need no
 * qemu-system-data). */
#ifndef WW_TESTS_PCFW_H
#define WW_TESTS_PCFW_H
#include "tests/harness.h"
#include "core/machine.h"
#include "core/mdl.h"

enum {
    PCFW_MCH = 1u << 0,      /* the test Q35 MCH (8086:29c0) at 00:00.0 */
    PCFW_ISA = 1u << 1,      /* a 16550 at 0x3f8, chips at 0x60/0x64 and 0x70 */
    PCFW_NODMA = 1u << 2,    /* fw_cfg dma="false" */
    PCFW_NOFWCFG = 1u << 3,  /* no fw_cfg at all */
    PCFW_DISPLAY = 1u << 4,  /* a display backend slot (no NOGRAPHIC) */
};

typedef struct pcfw {
    ww_machine *m;
    ww_chip *fw;
    char *dir;               /* scratch directory (removed by pcfw_free) */
    char *catalogue;         /* dir/roms.txt */
    const char *rom_path[2]; /* { dir, NULL } */
    GBytes *optionrom;       /* the fake linuxboot_dma.bin the catalogue names */
} pcfw;

/* A machine of `ram` bytes with the parts in flags. */
void pcfw_init(pcfw *p, const char *ram, unsigned flags);
void pcfw_free(pcfw *p);
/* Options for ww_firmware_prepare: the scratch catalogue and ROM path. */
ww_mdl_opts pcfw_opts(pcfw *p, const char *kernel, const char *initrd, const char *append);
/* Write a file into the scratch directory; returns its path (owned by the caller). */
char *pcfw_file(pcfw *p, const char *name, const void *data, size_t len);

/* A bzImage: `sects` setup sectors after the boot sector, boot protocol
 * `version`, loadflags, initrd_addr_max, cmdline_size, and `kernel` bytes of
 * a counting pattern as the protected-mode part. */
GByteArray *pcfw_bzimage(uint16_t version, uint8_t sects, uint8_t loadflags,
                         uint32_t initrd_max, uint32_t cmdline_size, size_t kernel);

/* A protocol 2.15 bzImage (4 setup sectors, `kernel` bytes after) whose
 * real-mode setup prints the command line it finds at 0x20000 on the debug
 * console port 0x402, then a newline, and halts. */
GByteArray *pcfw_printing_kernel(size_t kernel);

uint32_t pcfw_u32(ww_chip *fw, uint16_t key);   /* a little-endian 32-bit item */

#endif
