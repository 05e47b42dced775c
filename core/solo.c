/* core/solo.c — one chip in a machine of its own (core/solo.h). */
#include "core/solo.h"
#include <string.h>

static unsigned bits_for(uint64_t size)
{
    unsigned b = 12;
    while (b < 40 && (1ull << b) < size)
        b++;
    return b;
}

ww_solo *ww_solo_new(const char *type, GError **err)
{
    ww_solo *s = g_new0(ww_solo, 1);
    s->m = ww_machine_new();
    s->chip = ww_machine_add_chip(s->m, type, "dut", err);
    if (!s->chip)
        goto fail;
    const ww_chip_class *cls = s->chip->cls;
    for (const ww_region_desc *r = cls->regions; r && r->name; r++)
        s->nregions++;
    s->region_space = g_new0(ww_space *, s->nregions + 1);
    unsigned i = 0;
    for (const ww_region_desc *r = cls->regions; r && r->name; r++, i++) {
        char *name = g_strdup_printf("region.%s", r->name);
        ww_space_config cfg = { .addr_bits = bits_for(r->size), .page_bits = 12,
                                .endian = r->endian, .open_bus = UINT64_MAX };
        s->region_space[i] = ww_machine_add_space(s->m, name, &cfg, err);
        bool ok = s->region_space[i] &&
                  ww_space_map_chip(s->region_space[i], r->name, 0, r->size, s->chip, i, 1, 0,
                                    0, err);
        g_free(name);
        if (!ok)
            goto fail;
    }
    i = 0;
    for (const ww_bus_desc *b = cls->buses; b && b->name; b++, i++) {
        char *name = g_strdup_printf("dut.%s", b->name);
        ww_space_config cfg = { .addr_bits = b->addr_bits ? b->addr_bits : 32, .page_bits = 12,
                                .endian = b->endian, .unmapped = b->unmapped,
                                .open_bus = b->open_bus };
        ww_space *sp = ww_machine_add_space(s->m, name, &cfg, err);
        g_free(name);
        if (!sp || !ww_chip_bind_bus(s->chip, b->name, sp, err))
            goto fail;
        uint64_t limit = cfg.addr_bits >= 64 ? UINT64_MAX : 1ull << cfg.addr_bits;
        uint64_t rs = MIN((uint64_t)WW_SOLO_RAM, limit);
        char *rid = g_strdup_printf("ram%u", i);
        uint8_t *ram = rs >= 4096 ? ww_machine_add_memory(s->m, rid, rs, err) : NULL;
        g_free(rid);
        if (ram && !ww_space_map_ram(sp, "ram", 0, rs, ram, false, 0, err))
            goto fail;
        g_clear_error(err);
    }
    for (const ww_port_desc *p = cls->ports; p && p->name; p++)
        if (p->dir == WW_PORT_IN)
            s->ninputs += ww_port_count(p);
    s->in_port = g_new0(uint16_t, s->ninputs + 1);
    s->in_index = g_new0(uint16_t, s->ninputs + 1);
    s->in_level = g_new0(uint8_t, s->ninputs + 1);
    unsigned k = 0, pi = 0;
    for (const ww_port_desc *p = cls->ports; p && p->name; p++, pi++)
        if (p->dir == WW_PORT_IN)
            for (unsigned j = 0; j < ww_port_count(p); j++, k++) {
                s->in_port[k] = (uint16_t)pi;
                s->in_index[k] = (uint16_t)j;
            }
    if (!ww_machine_realize(s->m, err))
        goto fail;
    i = 0;
    for (const ww_backend_desc *b = cls->backends; b && b->name; b++, i++)
        for (unsigned j = 0; j < (b->count ? b->count : 1u); j++) {
            void *obj = NULL;
            if (b->type == WW_BACKEND_CHARDEV && s->nchardev < G_N_ELEMENTS(s->chardevs))
                obj = s->chardevs[s->nchardev++] = ww_chardev_new_buffer();
            else if (b->type == WW_BACKEND_DISK && s->ndisk < G_N_ELEMENTS(s->disks))
                obj = s->disks[s->ndisk++] = ww_disk_new_memory("solo", 1u << 20, false);
            if (obj && !ww_chip_bind_backend(s->chip, b->type, b->name, j, obj, err))
                goto fail;
        }
    return s;
fail:
    ww_solo_free(s);
    return NULL;
}

void ww_solo_free(ww_solo *s)
{
    if (!s)
        return;
    ww_machine_free(s->m);
    for (unsigned i = 0; i < s->nchardev; i++)
        ww_chardev_free(s->chardevs[i]);
    for (unsigned i = 0; i < s->ndisk; i++)
        ww_disk_free(s->disks[i]);
    g_free(s->region_space);
    g_free(s->in_port);
    g_free(s->in_index);
    g_free(s->in_level);
    g_free(s);
}

void ww_solo_set_input(ww_solo *s, unsigned line, int level)
{
    if (line >= s->ninputs || !s->chip->cls->signal)
        return;
    level = level != 0;
    if (s->in_level[line] == level)
        return;
    s->in_level[line] = (uint8_t)level;
    s->chip->cls->signal(s->chip, s->in_port[line], s->in_index[line], level);
}

void ww_solo_advance(ww_solo *s, ww_time ns)
{
    ww_sched *sc = ww_machine_sched(s->m);
    ww_sched_advance(sc, ww_sched_now(sc) + ns);
}

void ww_solo_peek_all(ww_solo *s)
{
    const ww_chip_class *cls = s->chip->cls;
    unsigned i = 0;
    for (const ww_region_desc *r = cls->regions; r && r->name; r++, i++) {
        uint64_t n = MIN(r->size, (uint64_t)4096);
        for (uint64_t off = 0; off < n; off++)
            for (unsigned w = 1; w <= 8; w <<= 1) {
                uint64_t v;
                if (off + w <= r->size)
                    ww_space_peek(s->region_space[i], off, w, &v);
            }
    }
    for (const ww_reg_desc *r = cls->regs; r && r->name; r++)
        for (unsigned k = 0; k < ww_reg_count(r); k++)
            (void)ww_chip_reg_get(s->chip, r, k);
    GString *d = g_string_new(NULL);
    ww_chip_dump(s->chip, d);
    g_string_free(d, TRUE);
}
