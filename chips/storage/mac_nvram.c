/* chips/storage/mac_nvram.c — the Old World Power Mac's battery-backed NVRAM
 * in the Mac I/O ASIC (8 KiB on Heathrow, the Open Firmware configuration and
 * the Mac OS PRAM image live there).
 *
 * Sources: Linux arch/powerpc/platforms/powermac/nvram.c ("direct" access:
 * NVRAM byte n at the Mac I/O NVRAM base + (n << 4), 8 KiB on Heathrow/Gossamer);
 * OpenBIOS drivers/macio.c (OW_IO_NVRAM_OFFSET 0x60000, size 0x20000, shift 4);
 * QEMU hw/nvram/mac_nvram.c ("size" 0x2000, "it_shift" 4 for the Old World).
 * The one-byte-every-16 layout is the board's decoding: the region here is the
 * plain byte array and the machine maps it with stride="16".
 *
 *   nvram: byte n at offset n (the map spreads it); contents survive reset.
 *
 * Not modelled: the "port" access mode of the earlier boards (an address latch
 * at +0 and data at +0x10; Linux's pmac_nvram "indirect"), persistence to a
 * host file, QEMU's pre-formatted partitions (OpenBIOS formats a blank NVRAM
 * itself: "nvram error detected, zapping pram").
 * Test: tests/chips/storage/mac_nvram.c
 */
#include "core/chip.h"

#define NVRAM_MAX (8u << 10)

typedef struct {
    ww_chip chip;
    uint64_t size;          /* prop */
    uint8_t data[NVRAM_MAX];
} mac_nvram_t;

enum { REGION_NVRAM, REGION__COUNT };

#define AT(m) WW_AT(mac_nvram_t, m)

static const ww_state_desc nvram_state[] = {
    { "data", WW_STATE_U8, AT(data), "the NVRAM bytes (battery-backed)",
      .flags = WW_STATE_NORESET },
    { 0 }
};

static uint64_t nvram_read(ww_chip *c, unsigned region, uint64_t off, unsigned size,
                           ww_access how)
{
    mac_nvram_t *n = (mac_nvram_t *)c;
    return off < n->size ? n->data[off] : 0xff;
}

static void nvram_write(ww_chip *c, unsigned region, uint64_t off, uint64_t val, unsigned size)
{
    mac_nvram_t *n = (mac_nvram_t *)c;
    if (off < n->size)
        n->data[off] = (uint8_t)val;
    else
        ww_chip_guest_error(c, "write 0x%02x at 0x%x, beyond the %u-byte NVRAM",
                            (unsigned)(val & 0xff), (unsigned)off, (unsigned)n->size);
}

static const ww_prop_desc nvram_props[] = {
    { "size", WW_PROP_UINT, AT(size), "8KiB", 256, NVRAM_MAX, NULL, WW_UNIT_BYTES,
      "bytes of NVRAM (Heathrow: 8 KiB, the most); beyond size reads 0xFF" },
    { 0 }
};

static const ww_region_desc nvram_regions[] = {
    [REGION_NVRAM] = { "nvram", NVRAM_MAX, 1, 1, WW_BIG_ENDIAN, 0,
                       "byte n at offset n (Heathrow maps it with stride 16)" },
    [REGION__COUNT] = { 0 }
};

static const ww_chip_class mac_nvram_class = {
    .type = "mac-nvram",
    .summary = "Old World Power Mac NVRAM (Mac I/O, battery-backed, 8 KiB)",
    .doc = "Linux powermac/nvram.c direct mode and OpenBIOS macio.c: one byte every 16 "
           "bus bytes (the map's stride), contents kept across resets.",
    .size = sizeof(mac_nvram_t),
    .version = 1,
    .props = nvram_props,
    .regions = nvram_regions,
    .state = nvram_state,
    .read = nvram_read,
    .write = nvram_write,
};
WW_CHIP_REGISTER(mac_nvram_class)
