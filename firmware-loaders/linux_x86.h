/* firmware-loaders/linux_x86.h — Linux x86 boot protocol for direct kernel
 * boot (QEMU -kernel/-initrd/-append): checking a bzImage and placing its
 * parts the way QEMU's hw/i386/x86.c x86_load_linux does, for SeaBIOS to run
 * linuxboot_dma.bin, which copies them from fw_cfg and jumps to the setup.
 *
 * Source: Linux Documentation/x86/boot.rst ("The real-mode kernel header",
 * "Details of header fields", "Loading the rest of the kernel", "Sample boot
 * configuration"); QEMU 7.2 x86_load_linux for the addresses and patches. */
#ifndef WW_LINUX_X86_H
#define WW_LINUX_X86_H
#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* boot.rst "The real-mode kernel header": offsets in the image. */
enum {
    LNX_SETUP_SECTS = 0x1f1, LNX_VID_MODE = 0x1fa, LNX_BOOT_FLAG = 0x1fe, LNX_HEADER = 0x202,
    LNX_VERSION = 0x206, LNX_TYPE_OF_LOADER = 0x210, LNX_LOADFLAGS = 0x211,
    LNX_RAMDISK_IMAGE = 0x218, LNX_RAMDISK_SIZE = 0x21c, LNX_HEAP_END_PTR = 0x224,
    LNX_CMD_LINE_PTR = 0x228, LNX_INITRD_ADDR_MAX = 0x22c, LNX_KERNEL_ALIGNMENT = 0x230,
    LNX_RELOCATABLE = 0x234, LNX_XLOADFLAGS = 0x236, LNX_CMDLINE_SIZE = 0x238,
    LNX_INIT_SIZE = 0x260,
    LNX_HEADER_MIN = 0x240,    /* bytes an image needs up to cmdline_size */
};
enum { LNX_LOADED_HIGH = 0x01, LNX_CAN_USE_HEAP = 0x80 };
enum { LNX_XLF_CAN_BE_LOADED_ABOVE_4G = 0x02 };

/* What the checks found in the header. */
typedef struct ww_bzimage {
    uint16_t version;          /* boot protocol, 0x0202 or newer */
    uint8_t loadflags;
    uint32_t setup_size;       /* bytes of the real-mode part: (setup_sects or 4, + 1) × 512 */
    uint32_t kernel_size;      /* bytes of the protected-mode part (the rest of the file) */
    uint32_t initrd_addr_max;  /* 2.03+; 0x37ffffff before */
    uint32_t cmdline_size;     /* 2.06+; 255 before */
    uint32_t kernel_alignment; /* 2.05+ (informational: the kernel relocates itself) */
    bool relocatable;
    uint16_t xloadflags;       /* 2.12+ */
    uint32_t init_size;        /* 2.10+: memory the kernel needs from its load address */
} ww_bzimage;

/* Where the parts go in guest memory (x86_load_linux, "High and recent kernel"). */
typedef struct ww_linux_layout {
    uint32_t real_addr;        /* setup (real-mode code + header): 0x10000 */
    uint32_t cmdline_addr;     /* 0x20000 */
    uint32_t prot_addr;        /* the protected-mode kernel: 0x100000 */
    uint32_t initrd_max;       /* highest address the initrd may reach */
    uint32_t initrd_addr;      /* 0 without an initrd */
} ww_linux_layout;

/* Firmware memory QEMU keeps free at the top of RAM below 4 GiB for the ACPI
 * tables and SeaBIOS's high allocations (hw/i386/pc.c: acpi_data_size =
 * 0x20000 + 0x8000): initrd_max stays below it. */
#define WW_LINUX_X86_ACPI_DATA 0x28000u

/* Check a kernel image: a bzImage ("HdrS" at 0x202, LOADED_HIGH) of boot
 * protocol 2.02 or newer whose setup fits below the command line. Errors
 * read "not a bzImage …", "boot protocol … is too old …". */
bool ww_bzimage_parse(const uint8_t *img, size_t len, ww_bzimage *out, GError **err);

/* Place setup, command line, kernel and initrd for RAM of below_4g bytes
 * from 0; fails when the command line is longer than the kernel takes or
 * the kernel or initrd does not fit. */
bool ww_linux_x86_layout(const ww_bzimage *k, size_t cmdline_len, uint64_t initrd_size,
                         uint64_t below_4g, ww_linux_layout *out, GError **err);

/* Patch the header inside a copy of the setup as x86_load_linux does:
 * cmd_line_ptr, vid_mode from "vga=", type_of_loader 0xB0, CAN_USE_HEAP and
 * heap_end_ptr, ramdisk_image/size. Fails on a malformed "vga=". */
bool ww_linux_x86_patch_setup(uint8_t *setup, size_t setup_size, const ww_linux_layout *l,
                              const char *cmdline, uint32_t initrd_size, GError **err);

#endif
