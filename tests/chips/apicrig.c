/* tests/chips/apicrig.c — the shared APIC test machine (see apicrig.h). */
#include "tests/chips/apicrig.h"

/* ---- the probe: a test-only chip with 8 watched inputs, 8 driven outputs ---- */

struct apicrig_probe {
    ww_chip chip;
    unsigned rises[8];
    ww_line drv[8];
};

static void probe_signal(ww_chip *c, unsigned port, unsigned index, int level)
{
    apicrig_probe *p = (apicrig_probe *)c;
    if (port == 0 && index < 8 && level)
        p->rises[index]++;
}

static const ww_port_desc probe_ports[] = {
    { "in",  WW_PORT_IN,  8, 0, 0, "watched lines" },
    { "drv", WW_PORT_OUT, 8, 0, offsetof(apicrig_probe, drv), "driven lines" },
    { 0 }
};

static const ww_chip_class probe_class = {
    .type = "apicrig-probe",
    .summary = "test-only line probe (APIC tests)",
    .size = sizeof(apicrig_probe),
    .ports = probe_ports,
    .signal = probe_signal,
};
WW_CHIP_REGISTER(probe_class)

static const char *const rig_xml =
    "<machine name='test/apicrig' title='local APIC and I/O APIC test rig'>\n"
    "  <space name='cpu.mem' bits='32' endian='little' unmapped='open-bus' open-bus='0xffffffff'/>\n"
    "  <space name='cpu.io' bits='16' endian='little' unmapped='open-bus' open-bus='0xffffffff'/>\n"
    "  <space name='cpu.iack' bits='8' endian='little' unmapped='open-bus' open-bus='0xff'/>\n"
    "  <ram id='ram' size='1MiB'/>\n"
    "  <chip id='lapic' type='lapic'/>\n"
    "  <chip id='ioapic' type='ioapic'/>\n"
    "  <chip id='pic0' type='i8259' variant='master'/>\n"
    "  <chip id='pic1' type='i8259' variant='slave'/>\n"
    "  <chip id='pit' type='i8254' clock='1.193182MHz'/>\n"
    "  <chip id='probe' type='apicrig-probe'/>\n"
    "  <space name='lapic.msg' alias='cpu.mem'/>\n"
    "  <space name='ioapic.msg' alias='cpu.mem'/>\n"
    "  <map space='cpu.mem' at='0' to='ram'/>\n"
    "  <map space='cpu.mem' at='0xFEC00000' size='4KiB' to='ioapic.mmio'/>\n"
    "  <map space='cpu.mem' at='0xFEE00000' size='1MiB' to='lapic.msg'/>\n"
    "  <map space='cpu.mem' at='0xFEE00000' size='4KiB' to='lapic.mmio' priority='1'"
    " window='lapic.mmio'/>\n"
    "  <map space='cpu.iack' at='0' to='lapic.iack'/>\n"
    "  <map space='lapic.extint' at='0' to='pic0.iack'/>\n"
    "  <map space='lapic.eoi' at='0' to='ioapic.eoi'/>\n"
    "  <map space='pic0.cas' at='2' to='pic1.iack'/>\n"
    "  <map space='cpu.io' at='0x20' size='2' to='pic0.io'/>\n"
    "  <map space='cpu.io' at='0xa0' size='2' to='pic1.io'/>\n"
    "  <map space='cpu.io' at='0x40' size='4' to='pit.io'/>\n"
    "  <pcibus id='pci' mem='cpu.mem' io='cpu.io' dma='cpu.mem'/>\n"
    "  <chip id='conf' type='pci-conf1'/>\n"
    "  <space name='conf.cfg' alias='pci.cfg'/>\n"
    "  <map space='cpu.io' at='0xcf8' to='conf'/>\n"
    "  <chip id='dev' type='wwtestpci'/>\n"
    "  <pci chip='dev' slot='3'/>\n"
    "  <wire from='pic1.int' to='pic0.ir@2'/>\n"
    "  <wire from='pic0.int' to='lapic.lint@0,ioapic.gsi@0'/>\n"
    "  <wire from='pit.out@0' to='pic0.ir@0,ioapic.gsi@2'/>\n"
    "  <wire from='lapic.intr' to='probe.in@0'/>\n"
    "  <wire from='lapic.nmi' to='probe.in@1'/>\n"
    "  <wire from='lapic.init' to='probe.in@2'/>\n"
    "  <wire from='probe.drv@0' to='ioapic.gsi@16'/>\n"
    "  <wire from='probe.drv@1' to='ioapic.gsi@1,pic0.ir@1'/>\n"
    "  <wire from='probe.drv@2' to='lapic.lint@1'/>\n"
    "  <wire from='probe.drv@3' to='ioapic.gsi@19' invert='true'/>\n"
    "  <wire from='probe.drv@4' to='ioapic.gsi@9,pic1.ir@1'/>\n"
    "</machine>\n";

void ar_init(apicrig *r)
{
    memset(r, 0, sizeof *r);
    r->m = ww_test_machine_xml(rig_xml);
    r->sched = ww_machine_sched(r->m);
    r->mem = ww_machine_find_space(r->m, "cpu.mem");
    r->io = ww_machine_find_space(r->m, "cpu.io");
    r->iack = ww_machine_find_space(r->m, "cpu.iack");
    r->lapic = ww_machine_find_chip(r->m, "lapic");
    r->ioapic = ww_machine_find_chip(r->m, "ioapic");
    r->pic0 = ww_machine_find_chip(r->m, "pic0");
    r->pic1 = ww_machine_find_chip(r->m, "pic1");
    r->pit = ww_machine_find_chip(r->m, "pit");
    r->pcidev = ww_machine_find_chip(r->m, "dev");
    r->probe = (apicrig_probe *)ww_machine_find_chip(r->m, "probe");
    WW_CHECK(r->mem && r->io && r->iack && r->lapic && r->ioapic && r->pic0 && r->pit &&
             r->pcidev && r->probe);
    /* The inverting wire idles the active-low line high: deasserted. */
}

void ar_free(apicrig *r)
{
    ww_machine_free(r->m);
    memset(r, 0, sizeof *r);
}

uint32_t ar_rd32(apicrig *r, uint32_t addr)
{
    uint64_t v = 0;
    WW_CHECK_EQ(ww_space_read(r->mem, addr, 4, &v), WW_BUS_OK);
    return (uint32_t)v;
}

void ar_wr32(apicrig *r, uint32_t addr, uint32_t v)
{
    WW_CHECK_EQ(ww_space_write(r->mem, addr, 4, v), WW_BUS_OK);
}

uint32_t lapic_rd(apicrig *r, uint32_t off) { return ar_rd32(r, LAPIC_BASE + off); }
void lapic_wr(apicrig *r, uint32_t off, uint32_t v) { ar_wr32(r, LAPIC_BASE + off, v); }

uint32_t ioapic_rd(apicrig *r, uint32_t index)
{
    ar_wr32(r, IOAPIC_BASE, index);
    return ar_rd32(r, IOAPIC_BASE + 0x10);
}

void ioapic_wr(apicrig *r, uint32_t index, uint32_t v)
{
    ar_wr32(r, IOAPIC_BASE, index);
    ar_wr32(r, IOAPIC_BASE + 0x10, v);
}

void ioapic_rte(apicrig *r, unsigned pin, uint64_t e)
{
    /* io_apic.c __ioapic_write_entry: the high word first, then the low. */
    ioapic_wr(r, 0x11 + 2 * pin, (uint32_t)(e >> 32));
    ioapic_wr(r, 0x10 + 2 * pin, (uint32_t)e);
}

uint64_t ioapic_rte_get(apicrig *r, unsigned pin)
{
    uint64_t lo = ioapic_rd(r, 0x10 + 2 * pin);
    return (uint64_t)ioapic_rd(r, 0x11 + 2 * pin) << 32 | lo;
}

void ar_outb(apicrig *r, uint16_t port, uint8_t v)
{
    WW_CHECK_EQ(ww_space_write(r->io, port, 1, v), WW_BUS_OK);
}

uint8_t ar_inb(apicrig *r, uint16_t port)
{
    uint64_t v = 0;
    WW_CHECK_EQ(ww_space_read(r->io, port, 1, &v), WW_BUS_OK);
    return (uint8_t)v;
}

uint8_t ar_inta(apicrig *r)
{
    uint64_t v = 0;
    WW_CHECK_EQ(ww_space_read(r->iack, 0, 1, &v), WW_BUS_OK);
    return (uint8_t)v;
}

uint8_t ar_inta_peek(apicrig *r)
{
    uint64_t v = 0;
    WW_CHECK_EQ(ww_space_peek(r->iack, 0, 1, &v), WW_BUS_OK);
    return (uint8_t)v;
}

void ar_apicbase(apicrig *r, uint64_t v)
{
    WW_CHECK_EQ(ww_space_write(r->iack, 8, 8, v), WW_BUS_OK);
}

int ar_line(apicrig *r, unsigned n)
{
    return ww_input_level(&r->probe->chip, 0, n);
}

unsigned ar_rises(apicrig *r, unsigned n)
{
    return r->probe->rises[n];
}

void ar_drive(apicrig *r, unsigned n, int level)
{
    ww_line_set(&r->probe->drv[n], level);
}

void ar_advance(apicrig *r, ww_time ns)
{
    ww_sched_advance(r->sched, ww_sched_now(r->sched) + ns);
}

bool lapic_bit(apicrig *r, uint32_t reg, unsigned v)
{
    return (lapic_rd(r, reg + 0x10 * (v >> 5)) >> (v & 31)) & 1;
}

void ar_setup_local_apic(apicrig *r)
{
    /* init_apic_ldr (flat): DFR flat, this CPU's bit in LDR. */
    lapic_wr(r, L_DFR, 0xFFFFFFFF);
    lapic_wr(r, L_LDR, 1u << 24);
    /* "accept all except vectors 0-31" */
    lapic_wr(r, L_TPR, (lapic_rd(r, L_TPR) & ~0xFFu) | 0x10);
    /* enable, spurious vector 0xff */
    lapic_wr(r, L_SVR, (lapic_rd(r, L_SVR) & ~0xFFu) | SVR_ENABLE | 0xFF);
    /* LINT0: ExtINT masked (the I/O APIC is in use); LINT1: NMI on the BSP. */
    lapic_wr(r, L_LVT0, DM_EXTINT | LVT_MASKED);
    lapic_wr(r, L_LVT1, DM_NMI);
    /* lapic_setup_esr: maxlvt > 3, so ESR writes before reads */
    lapic_wr(r, L_ESR, 0);
    lapic_wr(r, L_LVTERR, 0xFE);
    lapic_wr(r, L_ESR, 0);
}

void ar_init_8259(apicrig *r)
{
    ar_outb(r, 0x21, 0xff);   /* mask all of 8259A-1 */
    ar_outb(r, 0xA1, 0xff);
    ar_outb(r, 0x20, 0x11);   /* ICW1: edge, cascade, ICW4 */
    ar_outb(r, 0x21, 0x30);   /* ICW2: ISA_IRQ_VECTOR(0) */
    ar_outb(r, 0x21, 0x04);   /* ICW3: slave on IR2 */
    ar_outb(r, 0x21, 0x01);   /* ICW4: 8086 mode, normal EOI */
    ar_outb(r, 0xA0, 0x11);
    ar_outb(r, 0xA1, 0x38);
    ar_outb(r, 0xA1, 0x02);
    ar_outb(r, 0xA1, 0x01);
    ar_outb(r, 0x21, 0xFB);   /* the cached masks: all but the cascade */
    ar_outb(r, 0xA1, 0xFF);
}
