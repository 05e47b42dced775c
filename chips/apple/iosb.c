/* chips/apple/iosb.c — IOSB, the I/O subsystem controller of the Quadra
 * 610/650/800: it decodes the 256 KiB I/O slice (VIAs, SONIC, SCC, djMEMC,
 * SCSI and its pseudo-DMA, the sound chip, SWIM) that repeats through
 * 0x50000000-0x53FFFFFF, and has a few configuration registers of its own.
 *
 * Sources: QEMU hw/m68k/q800.c (the slice: IO_BASE 0x50000000, IO_SLICE
 * 0x40000 repeated up to IO_SIZE 0x04000000; the offsets of the devices in
 * it) and hw/misc/iosb.c (registers every 0x100 bytes: configuration (reset
 * 1: "BCLK 33 MHz"), configuration 2, SONIC/SCSI, revision, SCSI residual,
 * brightness, time-out) and the machine-ID register at 0x5FFFFFFC
 * (Q800_MACHINE_ID 0xA55A2BAD, read by the ROM). Linux reaches the slice at 0x50F00000 (arch/m68k/
 * include/asm/mac_via.h VIA1_BASE; drivers/scsi/mac_esp.c), the ROM at both.
 *
 *          +--------+
 *  io    → | decode |→ io (bus-master port: the slice's space, where the
 *  regs  → | config |        machine maps the devices at their offsets)
 *          +--------+
 *
 * The forwarding keeps offsets (region "io" offset n is address n of the io
 * space); the machine maps region "io" with a mirror over the 64 MiB. An
 * access to a hole of the slice reads 0 (logged by the space). Not modelled:
 * the registers' effects (bus timing, brightness).
 * Test: tests/chips/apple/quadra.c
 */
#include "core/chip.h"
#include "core/space.h"

#define SLICE 0x40000u
#define NREGS 7

typedef struct {
    ww_chip chip;
    uint32_t machine_id;       /* prop */
    uint32_t reg[NREGS];
} iosb_t;

enum { REGION_IO, REGION_REGS, REGION_ID, REGION__COUNT };
enum { BUS_IO, BUS__COUNT };

#define AT(m) WW_AT(iosb_t, m)

static const char *const reg_names[NREGS] = {
    "CONFIG", "CONFIG2", "SONIC_SCSI", "REVISION", "SCSI_RESID", "BRIGHTNESS", "TIMEOUT"
};

static const ww_reg_desc iosb_regs[] = {
    { "CONFIG", REGION_REGS, 0x000, 4, WW_RW, .at = AT(reg[0]), .reset = 1,
      .doc = "configuration (1: 33 MHz bus clock)" },
    { "REG", REGION_REGS, 0x100, 4, WW_RW, .at = AT(reg[1]), .count = NREGS - 1,
      .step = 0x100, .names = reg_names + 1,
      .doc = "configuration 2, SONIC/SCSI, revision, SCSI residual, brightness, time-out" },
    { 0 }
};

static uint64_t iosb_read(ww_chip *c, unsigned region, uint64_t off, unsigned size,
                          ww_access how)
{
    iosb_t *s = (iosb_t *)c;
    if (region == REGION_ID)
        return s->machine_id;
    if (region == REGION_IO) {
        uint64_t v = 0;
        if (c->bus[BUS_IO]) {
            if (how == WW_PEEK)
                ww_space_peek(c->bus[BUS_IO], off, size, &v);
            else
                ww_space_read(c->bus[BUS_IO], off, size, &v);
        }
        return v;
    }
    unsigned i = (unsigned)(off >> 8);
    if ((off & 0xff) == 0 && i < NREGS)
        return s->reg[i];
    if (how != WW_PEEK)
        ww_chip_unimp(c, "read", region, off);
    return 0;
}

static void iosb_write(ww_chip *c, unsigned region, uint64_t off, uint64_t val, unsigned size)
{
    iosb_t *s = (iosb_t *)c;
    if (region == REGION_ID)
        return;
    if (region == REGION_IO) {
        if (c->bus[BUS_IO])
            ww_space_write(c->bus[BUS_IO], off, size, val);
        return;
    }
    unsigned i = (unsigned)(off >> 8);
    if ((off & 0xff) == 0 && i < NREGS)
        s->reg[i] = (uint32_t)val;
    else
        ww_chip_unimp(c, "write", region, off);
}

static const ww_region_desc iosb_regions[] = {
    [REGION_IO]   = { "io", SLICE, 1, 4, WW_BIG_ENDIAN, 0,
                      "the I/O slice: forwarded to the io space at the same offset" },
    [REGION_REGS] = { "regs", 0x2000, 4, 4, WW_BIG_ENDIAN, 0,
                      "configuration registers every 0x100 bytes (map at slice + 0x18000)" },
    [REGION_ID]   = { "id", 4, 4, 4, WW_BIG_ENDIAN, 0,
                      "the machine ID the ROM reads (map at 0x5FFFFFFC)" },
    [REGION__COUNT] = { 0 }
};

static const ww_prop_desc iosb_props[] = {
    { "machine-id", WW_PROP_UINT, AT(machine_id), "0xA55A2BAD", 0, UINT32_MAX, NULL,
      WW_UNIT_NONE, "what the machine-ID register reads (QEMU's Q800_MACHINE_ID)" },
    { 0 }
};

static const ww_bus_desc iosb_buses[] = {
    [BUS_IO] = { "io", "the I/O slice's devices (18 bits)", 18, WW_BIG_ENDIAN,
                 WW_UNMAPPED_OPEN_BUS, 0 },
    [BUS__COUNT] = { 0 }
};

static const ww_chip_class iosb_class = {
    .type = "iosb",
    .summary = "Quadra 610/650/800 IOSB: the I/O slice's decoding and its configuration",
    .doc = "Forwards the 256 KiB I/O slice to its io space (mapped with a mirror through "
           "0x50000000-0x53FFFFFF); seven configuration registers (stored).",
    .size = sizeof(iosb_t),
    .version = 1,
    .props = iosb_props,
    .regions = iosb_regions,
    .regs = iosb_regs,
    .buses = iosb_buses,
    .read = iosb_read,
    .write = iosb_write,
};
WW_CHIP_REGISTER(iosb_class)
