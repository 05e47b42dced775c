/* firmware-loaders/acpi.h — building ACPI tables for firmware that links them
 * itself, as SeaBIOS does with QEMU's "etc/table-loader":
 *
 *   etc/acpi/tables  every table, one blob (SeaBIOS copies it to high memory)
 *   etc/acpi/rsdp    the RSDP, its own blob (copied to the F segment)
 *   etc/table-loader 128-byte commands (QEMU hw/acpi/bios-linker-loader.c,
 *                    run by SeaBIOS src/fw/romfile_loader.c): ALLOCATE a file
 *                    in a zone with an alignment, ADD_POINTER (add a file's
 *                    address to a little-endian pointer in another), ADD_CHECKSUM
 *                    (make a byte range sum to 0), all little-endian.
 *
 * Table layouts: ACPI Specification 6.4, §5.2.6 (header), §5.2.5.3 (RSDP). */
#ifndef WW_ACPI_H
#define WW_ACPI_H
#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#define WW_ACPI_HEADER 36
#define WW_ACPI_LOADER_FILESZ 56   /* file names in loader commands, NUL included */
#define WW_ACPI_LOADER_ENTRY 128

enum {
    WW_ACPI_LOADER_ALLOCATE = 1, WW_ACPI_LOADER_ADD_POINTER = 2,
    WW_ACPI_LOADER_ADD_CHECKSUM = 3, WW_ACPI_LOADER_WRITE_POINTER = 4,
};
enum { WW_ACPI_ZONE_HIGH = 1, WW_ACPI_ZONE_FSEG = 2 };

/* Who made the tables (OEMID 6, OEM table id 8, creator 4: space-padded). */
typedef struct ww_acpi_ids {
    const char *oem_id, *oem_table_id, *creator_id;
    uint32_t oem_revision, creator_revision;
} ww_acpi_ids;

/* Append a §5.2.6 header (length and checksum filled by _end); returns the
 * table's offset in t. */
size_t ww_acpi_table_begin(GByteArray *t, const char sig[4], uint8_t rev,
                           const ww_acpi_ids *ids);
/* Set the length of the table that starts at off (to the end of t) and a
 * checksum that is right until pointers are patched (the loader redoes it). */
void ww_acpi_table_end(GByteArray *t, size_t off);

/* The byte that makes `len` bytes sum to 0 with it (it counted as 0). */
uint8_t ww_acpi_checksum(const uint8_t *p, size_t len);

/* Little-endian stores into a blob. */
void ww_acpi_put(GByteArray *t, uint64_t v, unsigned bytes);
void ww_acpi_set(GByteArray *t, size_t off, uint64_t v, unsigned bytes);
/* §5.2.3.2 Generic Address Structure. */
void ww_acpi_put_gas(GByteArray *t, uint8_t space, uint8_t bit_width, uint8_t bit_offset,
                     uint8_t access, uint64_t addr);

/* Loader commands. Names longer than 55 bytes are refused (false). */
bool ww_acpi_loader_allocate(GByteArray *l, const char *file, uint32_t align, uint8_t zone);
bool ww_acpi_loader_add_pointer(GByteArray *l, const char *dest, uint32_t offset,
                                uint8_t size, const char *src);
bool ww_acpi_loader_add_checksum(GByteArray *l, const char *file, uint32_t start,
                                 uint32_t length, uint32_t cksum_offset);

#endif
