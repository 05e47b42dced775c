/* firmware-loaders/pc.c — finding the PC in a machine (pc.h). */
#include "firmware-loaders/pc.h"
#include "chips/firmware/fw_cfg.h"
#include <string.h>

#define GIB4 0x100000000ull

uint64_t ww_pc_q35_below_4g(uint64_t ram)
{
    /* hw/i386/pc_q35.c: "lowmem = ram >= 0xb0000000 ? 0x80000000 : 0xb0000000". */
    uint64_t lowmem = ram >= 0xb0000000ull ? 0x80000000ull : 0xb0000000ull;
    return MIN(ram, lowmem);
}

ww_chip *ww_pc_chip_at(ww_space *s, uint64_t addr)
{
    const ww_mapping *list;
    unsigned n = ww_space_mappings(s, &list);
    /* ww_space_mappings hands out its pointer array under that type. */
    const ww_mapping *const *maps = (const ww_mapping *const *)list;
    const ww_mapping *best = NULL;
    for (unsigned i = 0; i < n; i++) {
        const ww_mapping *mp = maps[i];
        if (mp->kind != WW_MAP_CHIP || mp->hidden || addr < mp->base ||
            addr - mp->base >= mp->size)
            continue;
        if (!best || mp->priority > best->priority)
            best = mp;
    }
    return best ? best->chip : NULL;
}

/* The RAM mapping at address 0 and the block behind it. */
static bool find_ram(ww_machine *m, ww_space *mem, uint64_t *ram, GError **err)
{
    const ww_mapping *list;
    unsigned n = ww_space_mappings(mem, &list);
    const ww_mapping *const *maps = (const ww_mapping *const *)list;
    const ww_mapping *at0 = NULL;
    for (unsigned i = 0; i < n; i++)
        if (maps[i]->kind == WW_MAP_RAM && !maps[i]->hidden && maps[i]->base == 0 &&
            (!at0 || maps[i]->size > at0->size))
            at0 = maps[i];
    if (!at0) {
        g_set_error(err, WW_ERROR, WW_ERROR_NOT_FOUND, "%s has no RAM mapped at address 0; "
                    "expected the PC's RAM there (<map space=\"%s\" at=\"0\" to=\"ram\"/>)",
                    ww_space_name(mem), ww_space_name(mem));
        return false;
    }
    /* The block behind it: the machine's RAM, whatever decodes it (the Q35 MCH
     * shows only its first 640 KiB at 0 and the rest in other windows). */
    const char **ids;
    uint8_t **mems;
    uint64_t *sizes;
    unsigned nm = ww_machine_memories(m, &ids, &mems, &sizes);
    *ram = at0->size;
    for (unsigned i = 0; i < nm; i++)
        if (at0->host >= mems[i] && at0->host < mems[i] + sizes[i])
            *ram = sizes[i];
    return true;
}

int ww_pc_probe(ww_machine *m, ww_pc_info *out, GError **err)
{
    memset(out, 0, sizeof *out);
    ww_chip *const *chips;
    unsigned n = ww_machine_chips(m, &chips);
    for (unsigned i = 0; i < n; i++) {
        if (!chips[i]->cls->cpu || strcmp(chips[i]->cls->type, "x86"))
            continue;
        if (!out->cpu)
            out->cpu = chips[i];
        out->ncpus++;
    }
    out->fw_cfg = ww_fw_cfg_find(m);
    if (!out->cpu || !out->fw_cfg || ww_fw_cfg_is_mmio(out->fw_cfg))
        return 0;
    out->mem = out->cpu->bus[WW_CPU_BUS_MEM];
    int io = ww_chip_find_bus(out->cpu->cls, "io");
    out->io = io >= 0 ? out->cpu->bus[io] : NULL;
    if (!out->mem) {
        g_set_error(err, WW_ERROR, WW_ERROR_NOT_FOUND, "%s has no memory space bound",
                    out->cpu->id);
        return -1;
    }
    if (!find_ram(m, out->mem, &out->ram, err))
        return -1;
    out->below_4g = ww_pc_q35_below_4g(out->ram);
    uint64_t avail = 0;
    uint8_t *p = ww_space_ram_ptr(out->mem, out->below_4g - 1, true, &avail);
    if (!p) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "%s: RAM of %" G_GUINT64_FORMAT " MiB "
                    "puts 0x%" G_GINT64_MODIFIER "x bytes below 4 GiB (as Q35 splits it), but "
                    "address 0x%" G_GINT64_MODIFIER "x is not RAM; expected the RAM mapped "
                    "from 0 to there", ww_space_name(out->mem), out->ram >> 20, out->below_4g,
                    out->below_4g - 1);
        return -1;
    }
    uint64_t rest = out->ram - out->below_4g;
    if (rest && ww_space_cfg(out->mem)->addr_bits > 32 &&
        ww_space_ram_ptr(out->mem, GIB4, true, &avail))
        out->above_4g = MIN(rest, avail);
    return 1;
}
