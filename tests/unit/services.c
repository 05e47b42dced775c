/* tests/unit/services.c — the chip services of descriptor v2 other than PCI
 * (tests/unit/pci.c): windows a chip moves, backends bound from XML, space
 * aliases, chip-owned timers with an index, DMA translation hooks, extended
 * floats, record resets. */
#include "tests/harness.h"
#include "core/machine.h"
#include "core/dma.h"
#include "tests/unit/testchip.h"

static const char *const window_xml =
    "<machine name='test/window' title='window test'>\n"
    "  <space name='bus' bits='16'/>\n"
    "  <ram id='ram' size='4KiB'/>\n"
    "  <ram id='ovl' size='4KiB'/>\n"
    "  <chip id='dev' type='wwtestchip'/>\n"
    "  <map space='bus' at='0' to='ram'/>\n"
    "  <map space='bus' at='0' to='ovl' access='ro' priority='1' window='dev.overlay'/>\n"
    "  <map space='bus' at='0x8000' to='dev.bytes'/>\n"
    "  <serial from='dev'/>\n"
    "</machine>\n";

WW_TEST("unit/services/window_from_xml", t_window)
{
    ww_machine *m = ww_test_machine_xml(window_xml);
    ww_space *bus = ww_machine_find_space(m, "bus");
    testchip_t *t = (testchip_t *)ww_machine_find_chip(m, "dev");
    WW_CHECK(t->overlay);
    /* The overlay (read-only, higher priority) covers RAM at 0: writes are lost. */
    ww_space_write(bus, 0x10, 1, 0xaa);
    uint64_t v = 0;
    ww_space_read(bus, 0x10, 1, &v);
    WW_CHECK_EQ(v, 0);
    /* The chip hides its window (CTRL.IRQ): RAM shows through. */
    ww_space_write(bus, 0x8000, 1, TC_CTRL_IRQ);
    ww_space_write(bus, 0x10, 1, 0xaa);
    ww_space_read(bus, 0x10, 1, &v);
    WW_CHECK_EQ(v, 0xaa);
    /* The space lists the window with its owner. */
    const ww_mapping *maps;
    unsigned n = ww_space_mappings(bus, &maps);
    bool found = false;
    for (unsigned i = 0; i < n; i++) {
        const ww_mapping *mp = ((const ww_mapping *const *)maps)[i];
        if (mp->window && mp->owner == &t->chip)
            found = mp->hidden;
    }
    WW_CHECK(found);
    /* Placing it again, then somewhere the space cannot hold (refused, hidden). */
    WW_CHECK(ww_window_place(t->overlay, 0x1000, 0x1000));
    WW_CHECK(!ww_window_place(t->overlay, 0xf800, 0x1000));   /* past 64 KiB */
    WW_CHECK(t->overlay->hidden);
    WW_CHECK(!ww_window_place(t->overlay, 0, 0x2000));        /* larger than its memory */
    ww_machine_free(m);
}

WW_TEST("unit/services/backend_slots", t_backends)
{
    ww_machine *m = ww_test_machine_xml(window_xml);
    ww_backend_slot *const *slots;
    unsigned n = ww_machine_backend_slots(m, &slots);
    WW_CHECK_EQ(n, 1);
    WW_CHECK_EQ(slots[0]->type, WW_BACKEND_CHARDEV);
    testchip_t *t = (testchip_t *)ww_machine_find_chip(m, "dev");
    ww_chardev *c = ww_chardev_new_buffer();
    GError *err = NULL;
    WW_CHECK_NOERR(ww_machine_bind(m, WW_BACKEND_CHARDEV, 0, c, &err), err);
    WW_CHECK(t->line == c);
    WW_CHECK_ERR(ww_machine_bind(m, WW_BACKEND_CHARDEV, 1, c, &err), err, "has 1 chardev slot");
    WW_CHECK_ERR(ww_machine_bind(m, WW_BACKEND_DISK, 0, c, &err), err, "0 disk slots");
    WW_CHECK_ERR(ww_chip_bind_backend(&t->chip, WW_BACKEND_DISK, NULL, 0, NULL, &err), err,
                 "has no disk backend");
    ww_machine_free(m);
    ww_chardev_free(c);
}

WW_TEST("unit/services/chip_timers_with_index", t_timers)
{
    ww_machine *m = ww_machine_new();
    GError *err = NULL;
    ww_chip *c = ww_machine_add_chip(m, "wwtestchip", "dev", &err);
    WW_CHECK_NOERR(ww_machine_realize(m, &err), err);
    testchip_t *t = (testchip_t *)c;
    /* The core initialized both channel timers; each reports its own index. */
    ww_timer_mod(&t->chan[1].t, 100);
    ww_timer_mod(&t->chan[0].t, 200);
    ww_sched_advance(ww_machine_sched(m), 150);
    WW_CHECK_EQ(t->fired[1], 1);
    WW_CHECK_EQ(t->fired[0], 0);
    WW_CHECK_EQ(t->chan[1].ticks, 8);          /* declared reset 7, plus one */
    /* A reset disarms the timers and resets the records. */
    ww_chip_reset(c, WW_RESET_SOFT);
    WW_CHECK(!ww_timer_armed(&t->chan[0].t));
    WW_CHECK_EQ(t->chan[1].ticks, 7);
    WW_CHECK_EQ(t->chan[0].cfg, 0x3c);          /* register array in the records */
    /* Saved armed, loaded armed at the same distance. */
    ww_timer_mod(&t->chan[0].t, ww_sched_now(ww_machine_sched(m)) + 500);
    GByteArray *b = g_byte_array_new();
    ww_chip_state_save(c, b);
    ww_timer_del(&t->chan[0].t);
    WW_CHECK_NOERR(ww_chip_state_load(c, b->data, b->len, &err), err);
    WW_CHECK(ww_timer_armed(&t->chan[0].t));
    WW_CHECK_EQ(t->chan[0].t.when, ww_sched_now(ww_machine_sched(m)) + 500);
    g_byte_array_free(b, TRUE);
    ww_machine_free(m);
}

WW_TEST("unit/services/record_reset", t_record_reset)
{
    testchip_chan ch = { .cfg = 1, .ticks = 99 };
    extern const ww_record_desc *ww_testchip_chan_record(void);
    ww_record_reset(ww_testchip_chan_record(), &ch);
    WW_CHECK_EQ(ch.ticks, 7);
    WW_CHECK_EQ(ch.cfg, 1);   /* CFG is a register, not a record field */
}

static ww_dma_status xlate(void *opaque, ww_chip *req, uint64_t addr, bool write, uint64_t *out,
                           uint64_t *len)
{
    /* Pages 0x0xxx map to 0x3xxx; anything else faults (an IOMMU miss). */
    if (addr >= 0x1000)
        return WW_DMA_FAULT;
    *out = addr + 0x3000;
    *len = 0x1000 - addr;
    (*(unsigned *)opaque)++;
    return WW_DMA_OK;
}

WW_TEST("unit/services/dma_checks_and_translation", t_dma)
{
    GError *err = NULL;
    ww_machine *m = ww_machine_new();
    ww_chip *c = ww_machine_add_chip(m, "wwtestchip", "dev", &err);
    ww_space_config cfg = { .addr_bits = 32, .page_bits = 12 };
    ww_space *s = ww_machine_add_space(m, "mem", &cfg, &err);
    uint8_t *ram = ww_machine_add_memory(m, "ram", 0x8000, &err);
    WW_CHECK_NOERR(ww_space_map_ram(s, "ram", 0, 0x8000, ram, false, 0, &err), err);
    c->bus[0] = s;   /* a bus-master port, as XML would bind it */
    uint8_t buf[32];
    memset(buf, 0x5a, sizeof buf);
    WW_CHECK_EQ(ww_dma_write(c, 0, 0x100, buf, sizeof buf), WW_DMA_OK);
    WW_CHECK_EQ(ram[0x100], 0x5a);
    WW_CHECK_EQ(ww_dma_write(c, 0, 0x7ff0, buf, sizeof buf), WW_DMA_ERROR);   /* past RAM */
    WW_CHECK_EQ(ram[0x7ff0], 0);
    WW_CHECK_EQ(ww_dma_read(c, 0, UINT64_MAX - 4, buf, 16), WW_DMA_ERROR);    /* wraps */
    WW_CHECK_EQ(ww_dma_read(c, 1, 0, buf, 16), WW_DMA_ERROR);                 /* no bus */
    unsigned calls = 0;
    ww_dma_set_translate(c, 0, xlate, &calls);
    WW_CHECK_EQ(ww_dma_write(c, 0, 0x10, buf, 8), WW_DMA_OK);
    WW_CHECK_EQ(ram[0x3010], 0x5a);
    WW_CHECK_EQ(ww_dma_read(c, 0, 0xff8, buf, 16), WW_DMA_FAULT);   /* second page faults */
    WW_CHECK(calls >= 2);
    ww_dma_set_translate(c, 0, NULL, NULL);
    ww_machine_free(m);
}

WW_TEST("unit/services/f80_host_independent", t_f80)
{
    const long double vals[] = { 0.0L, -0.0L, 1.0L, -2.5L, 1e-4940L, 1.18973149535723176502e4932L,
                                 3.14159265358979323846264338327950288L };
    for (size_t i = 0; i < G_N_ELEMENTS(vals); i++) {
        ww_f80 f = ww_f80_from_ld(vals[i]);
        uint8_t b[10];
        ww_f80_to_bytes(f, b);
        ww_f80 g = ww_f80_from_bytes(b);
        WW_CHECK_EQ(g.mant, f.mant);
        WW_CHECK_EQ(g.sexp, f.sexp);
        long double back = ww_f80_to_ld(g);
        WW_CHECK(memcmp(&back, &vals[i], 10) == 0);
    }
    ww_f80 one = ww_f80_from_ld(1.0L);
    WW_CHECK_EQ(one.sexp, 0x3fff);
    WW_CHECK_EQ(one.mant, 0x8000000000000000ull);
}

WW_TEST("unit/services/field_from_mask", t_field)
{
    static const ww_field_desc f[] = { WW_FIELD_MASK("X", 0x0f0, NULL),
                                       WW_FIELD_MASK("Y", 0x80000000u, NULL) };
    WW_CHECK_EQ(f[0].lsb, 4);
    WW_CHECK_EQ(f[0].width, 4);
    WW_CHECK_EQ(f[1].lsb, 31);
    WW_CHECK_EQ(f[1].width, 1);
}
