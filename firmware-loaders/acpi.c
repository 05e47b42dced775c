/* firmware-loaders/acpi.c — ACPI table headers, checksums and the
 * linker/loader script (acpi.h). */
#include "firmware-loaders/acpi.h"
#include <string.h>

void ww_acpi_put(GByteArray *t, uint64_t v, unsigned bytes)
{
    for (unsigned i = 0; i < bytes; i++) {
        uint8_t b = (uint8_t)(v >> (8 * i));
        g_byte_array_append(t, &b, 1);
    }
}

void ww_acpi_set(GByteArray *t, size_t off, uint64_t v, unsigned bytes)
{
    for (unsigned i = 0; i < bytes && off + i < t->len; i++)
        t->data[off + i] = (uint8_t)(v >> (8 * i));
}

static void put_padded(GByteArray *t, const char *s, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        uint8_t c = (uint8_t)(s && i < strlen(s) ? s[i] : ' ');
        g_byte_array_append(t, &c, 1);
    }
}

void ww_acpi_put_gas(GByteArray *t, uint8_t space, uint8_t bit_width, uint8_t bit_offset,
                     uint8_t access, uint64_t addr)
{
    ww_acpi_put(t, space, 1);
    ww_acpi_put(t, bit_width, 1);
    ww_acpi_put(t, bit_offset, 1);
    ww_acpi_put(t, access, 1);
    ww_acpi_put(t, addr, 8);
}

uint8_t ww_acpi_checksum(const uint8_t *p, size_t len)
{
    uint8_t sum = 0;
    for (size_t i = 0; i < len; i++)
        sum = (uint8_t)(sum + p[i]);
    return (uint8_t)-sum;
}

size_t ww_acpi_table_begin(GByteArray *t, const char sig[4], uint8_t rev,
                           const ww_acpi_ids *ids)
{
    size_t off = t->len;
    /* §5.2.6 Table 5.4: Signature, Length, Revision, Checksum, OEMID, OEM
     * Table ID, OEM Revision, Creator ID, Creator Revision. */
    g_byte_array_append(t, (const uint8_t *)sig, 4);
    ww_acpi_put(t, 0, 4);
    ww_acpi_put(t, rev, 1);
    ww_acpi_put(t, 0, 1);
    put_padded(t, ids->oem_id, 6);
    put_padded(t, ids->oem_table_id, 8);
    ww_acpi_put(t, ids->oem_revision, 4);
    put_padded(t, ids->creator_id, 4);
    ww_acpi_put(t, ids->creator_revision, 4);
    return off;
}

void ww_acpi_table_end(GByteArray *t, size_t off)
{
    size_t len = t->len - off;
    ww_acpi_set(t, off + 4, len, 4);
    t->data[off + 9] = 0;
    t->data[off + 9] = ww_acpi_checksum(t->data + off, len);
}

static bool put_name(GByteArray *l, const char *name)
{
    size_t n = strlen(name);
    if (n >= WW_ACPI_LOADER_FILESZ)
        return false;
    uint8_t f[WW_ACPI_LOADER_FILESZ] = { 0 };
    memcpy(f, name, n);
    g_byte_array_append(l, f, sizeof f);
    return true;
}

static void pad_entry(GByteArray *l, size_t start)
{
    while (l->len < start + WW_ACPI_LOADER_ENTRY) {
        uint8_t z = 0;
        g_byte_array_append(l, &z, 1);
    }
}

bool ww_acpi_loader_allocate(GByteArray *l, const char *file, uint32_t align, uint8_t zone)
{
    size_t start = l->len;
    ww_acpi_put(l, WW_ACPI_LOADER_ALLOCATE, 4);
    if (!put_name(l, file)) {
        g_byte_array_set_size(l, (guint)start);
        return false;
    }
    ww_acpi_put(l, align, 4);
    ww_acpi_put(l, zone, 1);
    pad_entry(l, start);
    return true;
}

bool ww_acpi_loader_add_pointer(GByteArray *l, const char *dest, uint32_t offset,
                                uint8_t size, const char *src)
{
    size_t start = l->len;
    ww_acpi_put(l, WW_ACPI_LOADER_ADD_POINTER, 4);
    if (!put_name(l, dest) || !put_name(l, src)) {
        g_byte_array_set_size(l, (guint)start);
        return false;
    }
    ww_acpi_put(l, offset, 4);
    ww_acpi_put(l, size, 1);
    pad_entry(l, start);
    return true;
}

bool ww_acpi_loader_add_checksum(GByteArray *l, const char *file, uint32_t start_,
                                 uint32_t length, uint32_t cksum_offset)
{
    size_t start = l->len;
    ww_acpi_put(l, WW_ACPI_LOADER_ADD_CHECKSUM, 4);
    if (!put_name(l, file)) {
        g_byte_array_set_size(l, (guint)start);
        return false;
    }
    /* SeaBIOS romfile_loader_entry_s: cksum_offset, cksum_start, cksum_length. */
    ww_acpi_put(l, cksum_offset, 4);
    ww_acpi_put(l, start_, 4);
    ww_acpi_put(l, length, 4);
    pad_entry(l, start);
    return true;
}
