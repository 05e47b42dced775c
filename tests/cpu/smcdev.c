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
