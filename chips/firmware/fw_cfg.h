/* chips/firmware/fw_cfg.h — the host side of the QEMU firmware configuration
 * device (chips/firmware/fw_cfg.c): what the items contain.
 *
 * The guest-visible state of the device (selector, offset, DMA address) is
 * chip state in its descriptor; the contents of the items are configuration
 * the host supplies after the machine is built (firmware-loaders/prepare.h:
 * the kernel, the ACPI tables, the e820 map), like a backend: they are not
 * saved with the chip and survive its resets. Files are served in the order
 * QEMU serves them — sorted by name, selectors 0x0020 upwards — so adding a
 * file renumbers the ones after it; add everything before the guest runs.
 *
 * Item numbers and layouts: QEMU docs/specs/fw_cfg.txt ("Selector Register
 * Reserved Item Keys", "File Directory", "DMA interface") and
 * include/standard-headers/linux/qemu_fw_cfg.h. Numbers the host stores with
 * ww_fw_cfg_set_u16/u32/u64 are little-endian, as QEMU's fw_cfg_add_i16/
 * i32/i64 store them; the file directory is big-endian, as the spec says. */
#ifndef WW_FW_CFG_H
#define WW_FW_CFG_H
#include "core/chip.h"

typedef struct ww_machine ww_machine;

/* fw_cfg.txt "Selector Register Reserved Item Keys" (and QEMU's fw_cfg_keys.h). */
enum {
    WW_FW_CFG_SIGNATURE      = 0x00,  /* "QEMU" (generated) */
    WW_FW_CFG_ID             = 0x01,  /* feature bits, LE32 (generated) */
    WW_FW_CFG_UUID           = 0x02,
    WW_FW_CFG_RAM_SIZE       = 0x03,
    WW_FW_CFG_NOGRAPHIC      = 0x04,
    WW_FW_CFG_NB_CPUS        = 0x05,
    WW_FW_CFG_MACHINE_ID     = 0x06,
    WW_FW_CFG_KERNEL_ADDR    = 0x07,
    WW_FW_CFG_KERNEL_SIZE    = 0x08,
    WW_FW_CFG_KERNEL_CMDLINE = 0x09,
    WW_FW_CFG_INITRD_ADDR    = 0x0a,
    WW_FW_CFG_INITRD_SIZE    = 0x0b,
    WW_FW_CFG_BOOT_DEVICE    = 0x0c,
    WW_FW_CFG_NUMA           = 0x0d,
    WW_FW_CFG_BOOT_MENU      = 0x0e,
    WW_FW_CFG_MAX_CPUS       = 0x0f,
    WW_FW_CFG_KERNEL_ENTRY   = 0x10,
    WW_FW_CFG_KERNEL_DATA    = 0x11,
    WW_FW_CFG_INITRD_DATA    = 0x12,
    WW_FW_CFG_CMDLINE_ADDR   = 0x13,
    WW_FW_CFG_CMDLINE_SIZE   = 0x14,
    WW_FW_CFG_CMDLINE_DATA   = 0x15,
    WW_FW_CFG_SETUP_ADDR     = 0x16,
    WW_FW_CFG_SETUP_SIZE     = 0x17,
    WW_FW_CFG_SETUP_DATA     = 0x18,
    WW_FW_CFG_FILE_DIR       = 0x19,  /* the file directory (generated) */
    WW_FW_CFG_FILE_FIRST     = 0x20,  /* selector of the first file */
    WW_FW_CFG_WRITE_CHANNEL  = 0x4000,
    WW_FW_CFG_ARCH_LOCAL     = 0x8000,
    WW_FW_CFG_INVALID        = 0xffff,
};
/* x86 arch-local items (QEMU hw/i386/fw_cfg.h). */
enum {
    WW_FW_CFG_ACPI_TABLES    = WW_FW_CFG_ARCH_LOCAL + 0,
    WW_FW_CFG_SMBIOS_ENTRIES = WW_FW_CFG_ARCH_LOCAL + 1,
    WW_FW_CFG_IRQ0_OVERRIDE  = WW_FW_CFG_ARCH_LOCAL + 2,
    WW_FW_CFG_E820_TABLE     = WW_FW_CFG_ARCH_LOCAL + 3,
    WW_FW_CFG_HPET           = WW_FW_CFG_ARCH_LOCAL + 4,
};

#define WW_FW_CFG_MAX_NAME  56      /* bytes of a directory name, NUL included */
#define WW_FW_CFG_MAX_FILES 0x3fe0  /* selectors 0x0020..0x3fff */
#define WW_FW_CFG_MAX_ITEM  0xfffffffeu  /* sizes are 32-bit in the directory */

/* Is this chip a fw_cfg device? */
bool ww_fw_cfg_is(const ww_chip *chip);
/* The first fw_cfg device of a machine (creation order), or NULL. */
ww_chip *ww_fw_cfg_find(ww_machine *m);
/* "io" (x86 ports) or "mmio" (PowerPC/ARM layout): the variant property. */
bool ww_fw_cfg_is_mmio(const ww_chip *chip);
/* Whether the device offers the DMA interface (ID bit 1). */
bool ww_fw_cfg_has_dma(const ww_chip *chip);

/* Add a file under `name` (1..55 bytes, no NUL inside). The device takes a
 * reference to data. Fails on a duplicate or over-long name, a full
 * directory, an item over 4 GiB, or a chip that is not a realized fw_cfg. */
bool ww_fw_cfg_add_file(ww_chip *chip, const char *name, GBytes *data, GError **err);
/* The same with a copy of len bytes. */
bool ww_fw_cfg_add_file_copy(ww_chip *chip, const char *name, const void *data, size_t len,
                             GError **err);
/* Set (or replace) a numbered item: 0x02..0x18 except the generated ones,
 * or an arch-local key 0x8000..0x801f. */
bool ww_fw_cfg_set_item(ww_chip *chip, uint16_t key, GBytes *data, GError **err);
bool ww_fw_cfg_set_u16(ww_chip *chip, uint16_t key, uint16_t v, GError **err);
bool ww_fw_cfg_set_u32(ww_chip *chip, uint16_t key, uint32_t v, GError **err);
bool ww_fw_cfg_set_u64(ww_chip *chip, uint16_t key, uint64_t v, GError **err);

/* What the guest reads for a selector (generated items included), or NULL;
 * borrowed. For tests and for preparers that build on each other. */
GBytes *ww_fw_cfg_get(ww_chip *chip, uint16_t key);
/* A file by name; *key (may be NULL) gets its selector. Borrowed, or NULL. */
GBytes *ww_fw_cfg_get_file(ww_chip *chip, const char *name, uint16_t *key);
/* Number of files. */
unsigned ww_fw_cfg_file_count(ww_chip *chip);

#endif
