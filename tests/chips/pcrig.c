/* tests/chips/pcrig.c — the shared PC-style test machine (see pcrig.h). */
#include "tests/chips/pcrig.h"

/* ---- the probe: a test-only chip with 8 watched inputs, 8 driven outputs -- */

struct pcrig_probe {
    ww_chip chip;
    unsigned rises[8];
    ww_time last_rise[8];
    ww_line drv[8];
};

static void probe_signal(ww_chip *c, unsigned port, unsigned index, int level)
{
    pcrig_probe *p = (pcrig_probe *)c;
    if (port == 0 && index < 8 && level) {
        p->rises[index]++;
        p->last_rise[index] = ww_sched_now(c->sched);
    }
}

static const ww_port_desc probe_ports[] = {
    { "in",  WW_PORT_IN,  8, 0, 0, "watched lines" },
    { "drv", WW_PORT_OUT, 8, 0, offsetof(pcrig_probe, drv), "driven lines" },
    { 0 }
};

static const ww_chip_class probe_class = {
    .type = "pcrig-probe",
    .summary = "test-only line probe",
    .size = sizeof(pcrig_probe),
    .ports = probe_ports,
    .signal = probe_signal,
};
WW_CHIP_REGISTER(probe_class)

/* ---- building ------------------------------------------------------------- */

static void must(bool ok, GError *err, const char *what)
{
    if (!ok)
        ww_test_fail_at(__FILE__, __LINE__, "%s: %s", what, err ? err->message : "?");
}

static void wire(pcrig *r, const char *from, const char *to)
{
    GError *err = NULL;
    must(ww_machine_connect(r->m, from, to, false, &err), err, from);
}

void rig_init(pcrig *r, unsigned flags)
{
    GError *err = NULL;
    memset(r, 0, sizeof *r);
    r->m = ww_machine_new();
    r->sched = ww_machine_sched(r->m);
    r->pic0 = ww_machine_add_chip(r->m, "i8259", "pic0", &err);
    must(r->pic0, err, "pic0");
    r->pic1 = ww_machine_add_chip(r->m, "i8259", "pic1", &err);
    must(r->pic1, err, "pic1");
    must(ww_chip_set_prop(r->pic1, "variant", "slave", &err), err, "variant");
    r->pit = ww_machine_add_chip(r->m, "i8254", "pit", &err);
    must(r->pit, err, "pit");
    r->uart = ww_machine_add_chip(r->m, "ns16550", "uart", &err);
    must(r->uart, err, "uart");
    ww_chip *pc = ww_machine_add_chip(r->m, "pcrig-probe", "probe", &err);
    must(pc, err, "probe");
    r->probe = (pcrig_probe *)pc;

    ww_space_config io = { .addr_bits = 16, .page_bits = 12, .endian = WW_LITTLE_ENDIAN,
                           .unmapped = WW_UNMAPPED_OPEN_BUS, .open_bus = 0xffffffffffffffffull };
    r->io = ww_machine_add_space(r->m, "io", &io, &err);
    must(r->io, err, "io");
    must(ww_space_map_chip(r->io, "pic0", 0x20, 2, r->pic0, 0, 1, 0, 0, &err), err, "map pic0");
    must(ww_space_map_chip(r->io, "pic1", 0xA0, 2, r->pic1, 0, 1, 0, 0, &err), err, "map pic1");
    must(ww_space_map_chip(r->io, "pit", 0x40, 4, r->pit, 0, 1, 0, 0, &err), err, "map pit");
    must(ww_space_map_chip(r->io, "uart", 0x3F8, 8, r->uart, 0, 1, 0, 0, &err), err, "map uart");

    ww_space_config small = { .addr_bits = 8, .page_bits = 8, .endian = WW_LITTLE_ENDIAN,
                              .unmapped = WW_UNMAPPED_OPEN_BUS, .open_bus = 0xff };
    r->intack = ww_machine_add_space(r->m, "cpu.intack", &small, &err);
    must(r->intack, err, "intack");
    must(ww_space_map_chip(r->intack, "pic0.iack", 0, 1, r->pic0, 1, 1, 0, 0, &err), err, "iack");
    if (!(flags & RIG_NO_CAS)) {
        ww_space *cas = ww_machine_add_space(r->m, "pic0.cas", &small, &err);
        must(cas, err, "cas");
        must(ww_chip_bind_bus(r->pic0, "cas", cas, &err), err, "bind cas");
        must(ww_space_map_chip(cas, "pic1.iack", 2, 1, r->pic1, 1, 1, 0, 0, &err), err, "cas map");
    }

    wire(r, "pit.out@0", "pic0.ir@0");
    wire(r, "pic1.int", "pic0.ir@2");
    wire(r, "uart.irq", "pic0.ir@4");
    wire(r, "probe.drv@0", "pic1.ir@0");
    wire(r, "probe.drv@1", "pic0.ir@1");
    wire(r, "probe.drv@2", "pic1.ir@4");
    wire(r, "probe.drv@3", "pic0.ir@3");
    wire(r, "probe.drv@4", "pit.gate@2");
    wire(r, "probe.drv@5", "pic0.ir@5");
    wire(r, "probe.drv@6", "pic0.ir@6");
    wire(r, "probe.drv@7", "pic0.ir@7");
    wire(r, "pic0.int", "probe.in@0");
    wire(r, "pit.out@0", "probe.in@1");
    wire(r, "pit.out@1", "probe.in@2");
    wire(r, "pit.out@2", "probe.in@3");
    wire(r, "uart.irq", "probe.in@4");
    wire(r, "pic1.int", "probe.in@5");
    must(ww_machine_realize(r->m, &err), err, "realize");

    r->chr = ww_chardev_new_buffer();
    WW_CHECK(ww_chip_bind_backend(r->uart, WW_BACKEND_CHARDEV, NULL, 0, r->chr, NULL));
}

void rig_free(pcrig *r)
{
    ww_machine_free(r->m);
    ww_chardev_free(r->chr);
    memset(r, 0, sizeof *r);
}

/* ---- access ------------------------------------------------------------- */

void outb(pcrig *r, uint16_t port, uint8_t v)
{
    WW_CHECK_EQ(ww_space_write(r->io, port, 1, v), WW_BUS_OK);
}

uint8_t inb(pcrig *r, uint16_t port)
{
    uint64_t v = 0;
    WW_CHECK_EQ(ww_space_read(r->io, port, 1, &v), WW_BUS_OK);
    return (uint8_t)v;
}

uint8_t peekb(pcrig *r, uint16_t port)
{
    uint64_t v = 0;
    WW_CHECK_EQ(ww_space_peek(r->io, port, 1, &v), WW_BUS_OK);
    return (uint8_t)v;
}

uint8_t iack(pcrig *r)
{
    uint64_t v = 0;
    WW_CHECK_EQ(ww_space_read(r->intack, 0, 1, &v), WW_BUS_OK);
    return (uint8_t)v;
}

int line(pcrig *r, unsigned n)
{
    return ww_input_level(&r->probe->chip, 0, n);
}

unsigned rises(pcrig *r, unsigned n)
{
    return r->probe->rises[n];
}

ww_time last_rise(pcrig *r, unsigned n)
{
    return r->probe->last_rise[n];
}

void drive(pcrig *r, unsigned n, int level)
{
    ww_line_set(&r->probe->drv[n], level);
}

ww_time pit_tick(uint64_t k)
{
    return (ww_time)(((unsigned __int128)k * WW_NS_PER_SEC + 1193182 - 1) / 1193182);
}

void advance_to(pcrig *r, ww_time t)
{
    ww_sched_advance(r->sched, t);
}

void advance_ticks(pcrig *r, uint64_t k)
{
    ww_sched_advance(r->sched, pit_tick(k));
}

void pic_init_linux(pcrig *r, bool aeoi)
{
    outb(r, 0x21, 0xff);              /* mask all of 8259A-1 */
    outb(r, 0xA1, 0xff);              /* mask all of 8259A-2 */
    outb(r, 0x20, 0x11);              /* ICW1: select 8259A-1 init, edge, cascade, ICW4 */
    outb(r, 0x21, 0x20);              /* ICW2: IR0-7 mapped to vectors 0x20-0x27 */
    outb(r, 0x21, 0x04);              /* ICW3: 8259A-1 has a slave on IR2 */
    outb(r, 0x21, aeoi ? 0x03 : 0x01); /* ICW4: 8086 mode (+ AEOI) */
    outb(r, 0xA0, 0x11);              /* ICW1: select 8259A-2 init */
    outb(r, 0xA1, 0x28);              /* ICW2: IR0-7 mapped to vectors 0x28-0x2f */
    outb(r, 0xA1, 0x02);              /* ICW3: 8259A-2 is a slave on master's IR2 */
    outb(r, 0xA1, 0x01);              /* ICW4: 8086 mode (slaves never use AEOI in Linux) */
    outb(r, 0x21, 0x00);              /* unmask all */
    outb(r, 0xA1, 0x00);
}

/* ---- state copy through the chip's serialized state (what a snapshot saves) */

void rig_copy_state(ww_chip *from, ww_chip *to)
{
    GByteArray *buf = g_byte_array_new();
    ww_chip_state_save(from, buf);
    GError *err = NULL;
    WW_CHECK_NOERR(ww_chip_state_load(to, buf->data, buf->len, &err), err);
    g_byte_array_free(buf, TRUE);
}
