/* tests/cpu/smcdev.c — the self-modifying-code test chip (smcdev.h). */
#include "tests/cpu/smcdev.h"
#include "core/dma.h"
#include "core/space.h"

enum { BUS_DMA };

static const ww_region_desc smcdev_regions[] = {
    [SMCDEV_REGS] = { "regs", SMCDEV_REGS_SIZE, 2, 4, WW_BIG_ENDIAN, 0,
                      "SRC, DST, LEN, CMD at 0, 4, 8, 12 (1 = copy LEN bytes SRC -> DST, "
                      "2 = hide or show window win-a)" },
    [SMCDEV_REGS_LE] = { "regs-le", SMCDEV_REGS_SIZE, 2, 4, WW_LITTLE_ENDIAN, 0,
                         "the same registers for a little-endian bus" },
    [SMCDEV_CODE] = { "code", SMCDEV_CODE_SIZE, 1, 4, WW_BIG_ENDIAN, 0,
                      "16 bytes of memory-mapped code (MMIO, not RAM)" },
    { NULL }
};

static const ww_bus_desc smcdev_buses[] = {
    [BUS_DMA] = { "dma", "copies by DMA", 32, WW_BIG_ENDIAN, WW_UNMAPPED_BUS_ERROR, 0 },
    { NULL }
};

#define AT(m) WW_AT(smcdev, m)
static const ww_state_desc smcdev_state[] = {
    { "src", WW_STATE_U32, AT(src) }, { "dst", WW_STATE_U32, AT(dst) },
    { "len", WW_STATE_U32, AT(len) }, { "code", WW_STATE_U8, AT(code) },
    { "counter", WW_STATE_U8, AT(counter) },
    { NULL }
};

static uint64_t smcdev_read(ww_chip *c, unsigned region, uint64_t off, unsigned size,
                            ww_access how)
{
    smcdev *d = (smcdev *)c;
    if (region == SMCDEV_CODE) {
        if (off >= SMCDEV_CODE_SIZE || size > SMCDEV_CODE_SIZE - off)
            return 0;                    /* (the space checks the region's size) */
        unsigned k = d->counter - 1u;
        if (d->counter && how != WW_PEEK && k >= off && k < off + size)
            d->code[k]++;
        uint64_t v = 0;
        for (unsigned i = 0; i < size; i++)
            v = v << 8 | d->code[off + i];
        return v;
    }
    switch (off) {
    case SMCDEV_SRC: return d->src;
    case SMCDEV_DST: return d->dst;
    case SMCDEV_LEN: return d->len;
    default: return 0;
    }
}

/* CMD 2: the window "win-a" this chip owns, hidden or shown where it was. */
static void toggle_window(smcdev *d)
{
    ww_space *s = d->chip.bus[BUS_DMA];
    if (!s)
        return;
    const ww_mapping *maps;
    unsigned n = ww_space_mappings(s, &maps);
    for (unsigned i = 0; i < n; i++) {
        const ww_mapping *m = ((const ww_mapping **)maps)[i];
        if (m->owner == &d->chip && !strcmp(m->name, "win-a")) {
            ww_window *w = (ww_window *)m;
            if (w->hidden)
                ww_window_place(w, w->base, w->size);
            else
                ww_window_hide(w);
            return;
        }
    }
}

static void smcdev_write(ww_chip *c, unsigned region, uint64_t off, uint64_t val, unsigned size)
{
    smcdev *d = (smcdev *)c;
    if (region == SMCDEV_CODE) {
        if (off >= SMCDEV_CODE_SIZE || size > SMCDEV_CODE_SIZE - off)
            return;
        for (unsigned i = 0; i < size; i++)
            d->code[off + i] = (uint8_t)(val >> (8 * (size - 1 - i)));
        return;
    }
    switch (off) {
    case SMCDEV_SRC: d->src = (uint32_t)val; break;
    case SMCDEV_DST: d->dst = (uint32_t)val; break;
    case SMCDEV_LEN: d->len = (uint32_t)val; break;
    case SMCDEV_CMD:
        if (val == SMCDEV_COPY && d->len <= 64) {
            uint8_t buf[64];
            if (ww_dma_read(c, BUS_DMA, d->src, buf, d->len) == WW_DMA_OK)
                ww_dma_write(c, BUS_DMA, d->dst, buf, d->len);
        } else if (val == SMCDEV_WINDOW) {
            toggle_window(d);
        }
        break;
    }
}

static const ww_chip_class smcdev_class = {
    .type = "test-smcdev",
    .summary = "test only: DMA copies, a window toggle and MMIO code for the SMC tests",
    .size = sizeof(smcdev),
    .regions = smcdev_regions,
    .buses = smcdev_buses,
    .state = smcdev_state,
    .read = smcdev_read,
    .write = smcdev_write,
};
WW_CHIP_REGISTER(smcdev_class)

/* ---- bus-level tests of the chip ------------------------------------------- */
#include "tests/harness.h"
#include "core/machine.h"

enum { T_RAM = 0x10000, T_REGS = 0x20000, T_CODE = 0x21000 };

static smcdev *t_rig(ww_machine **mach, ww_space **mem, uint8_t **ram)
{
    GError *err = NULL;
    *mach = ww_machine_new();
    ww_space_config cfg = { .addr_bits = 24, .page_bits = 12, .endian = WW_BIG_ENDIAN,
                            .unmapped = WW_UNMAPPED_BUS_ERROR };
    *mem = ww_machine_add_space(*mach, "mem", &cfg, &err);
    WW_CHECK_NOERR(*mem, err);
    *ram = ww_machine_add_memory(*mach, "ram", T_RAM, &err);
    WW_CHECK_NOERR(*ram, err);
    WW_CHECK_NOERR(ww_space_map_ram(*mem, "ram", 0, T_RAM, *ram, false, 0, &err), err);
    ww_chip *dev = ww_machine_add_chip(*mach, "test-smcdev", "dev", &err);
    WW_CHECK_NOERR(dev, err);
    WW_CHECK_NOERR(ww_chip_bind_bus(dev, "dma", *mem, &err), err);
    WW_CHECK_NOERR(ww_machine_realize(*mach, &err), err);
    WW_CHECK_NOERR(ww_space_map_chip(*mem, "regs", T_REGS, SMCDEV_REGS_SIZE, dev, SMCDEV_REGS,
                                     1, 0, 0, &err), err);
    WW_CHECK_NOERR(ww_space_map_chip(*mem, "code", T_CODE, SMCDEV_CODE_SIZE, dev, SMCDEV_CODE,
                                     1, 0, 0, &err), err);
    return (smcdev *)dev;
}

static uint64_t t_rd(ww_space *s, uint64_t a, unsigned size)
{
    uint64_t v = 0;
    WW_CHECK(ww_space_read(s, a, size, &v) == WW_BUS_OK);
    return v;
}

static void t_wr(ww_space *s, uint64_t a, unsigned size, uint64_t v)
{
    WW_CHECK(ww_space_write(s, a, size, v) == WW_BUS_OK);
}

/* Registers: a 2- or 4-byte access is the whole register; CMD 1 copies LEN
 * bytes over the dma bus, and nothing when LEN is above 64. */
WW_TEST("cpu/smcdev/regs-and-copy", smcdev_regs_copy)
{
    ww_machine *mach;
    ww_space *mem;
    uint8_t *ram;
    smcdev *d = t_rig(&mach, &mem, &ram);
    t_wr(mem, T_REGS + SMCDEV_SRC, 4, 0x100);
    t_wr(mem, T_REGS + SMCDEV_DST, 2, 0x200);
    WW_CHECK(t_rd(mem, T_REGS + SMCDEV_SRC, 4) == 0x100);
    WW_CHECK(t_rd(mem, T_REGS + SMCDEV_DST, 2) == 0x200 && d->dst == 0x200);
    for (unsigned i = 0; i < 65; i++)
        ram[0x100 + i] = (uint8_t)(i + 1);
    t_wr(mem, T_REGS + SMCDEV_LEN, 4, 65);
    t_wr(mem, T_REGS + SMCDEV_CMD, 4, SMCDEV_COPY);
    WW_CHECK_MSG(ram[0x200] == 0, "a copy of 65 bytes (over the bound) was made");
    t_wr(mem, T_REGS + SMCDEV_LEN, 4, 64);
    t_wr(mem, T_REGS + SMCDEV_CMD, 4, SMCDEV_COPY);
    WW_CHECK(!memcmp(ram + 0x200, ram + 0x100, 64) && ram[0x240] == 0);
    ww_machine_free(mach);
}

/* Code: bytes in big-endian order; the counting byte adds one before each
 * read that covers it. */
WW_TEST("cpu/smcdev/code-counter", smcdev_code_counter)
{
    ww_machine *mach;
    ww_space *mem;
    uint8_t *ram;
    smcdev *d = t_rig(&mach, &mem, &ram);
    t_wr(mem, T_CODE, 4, 0x11223344);
    WW_CHECK(d->code[0] == 0x11 && d->code[3] == 0x44);
    WW_CHECK(t_rd(mem, T_CODE, 2) == 0x1122);
    d->counter = 1 + 3;
    WW_CHECK(t_rd(mem, T_CODE, 4) == 0x11223345);
    WW_CHECK(t_rd(mem, T_CODE + 3, 1) == 0x46);
    WW_CHECK(t_rd(mem, T_CODE, 2) == 0x1122);      /* not covering it: unchanged */
    WW_CHECK(d->code[3] == 0x46);
    ww_machine_free(mach);
}
