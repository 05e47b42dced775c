/* tests/chips/bridge/ich9_lpc.c — the ICH9 LPC bridge (chips/bridge/ich9_lpc.c)
 * on a small PC-like machine: configuration mechanism #1 at CF8h, the LPC at
 * 00:1F.0 with its fixed ports (B2h, CF9h above pci-conf1, 61h, 92h, 4D0h),
 * the 8259 pair on its ISA IRQ outputs, the 8254 with GATE2/OUT2 through
 * port 61h (chips/timer/pc_nmi_sc.c, tested in tests/chips/timer/pc_nmi_sc.c), a test PCI function at 00:03.0 whose INTA# is PIRQH (QEMU's q35
 * swizzle (slot + pin) % 4 + PIRQE), and a probe driving the PIRQ inputs.
 * The steps follow SeaBIOS (src/fw/pciinit.c mch_isa_bridge_setup and
 * mch_isa_lpc_setup, src/fw/smm.c, src/hw/timer.c, src/hw/pci.c, src/apm.c)
 * and Linux (ACPI enable through SMI_CMD, the PM timer, S5 through PM1a_CNT,
 * reboot through CF9h). */
#include "tests/harness.h"
#include "core/machine.h"

static const char *const rig_fmt =
    "<machine name='test/ich9-lpc' title='ICH9 LPC test machine'>\n"
    "  <space name='cpu.mem' bits='32' endian='little' unmapped='open-bus' open-bus='0xffffffff'/>\n"
    "  <space name='cpu.io' bits='16' endian='little' unmapped='open-bus' open-bus='0xffffffff'/>\n"
    "  <ram id='ram' size='1MiB'/>\n"
    "  <map space='cpu.mem' at='0' to='ram'/>\n"
    "  <pcibus id='pci' mem='cpu.mem' io='cpu.io' dma='cpu.mem'/>\n"
    "  <chip id='conf' type='pci-conf1'/>\n"
    "  <space name='conf.cfg' alias='pci.cfg'/>\n"
    "  <map space='cpu.io' at='0xcf8' to='conf'/>\n"
    "  <chip id='lpc' type='ich9-lpc' smm='%s'/>\n"
    "  <space name='lpc.io' alias='cpu.io'/>\n"
    "  <space name='lpc.mem' alias='cpu.mem'/>\n"
    "  <pci chip='lpc' slot='31'/>\n"
    "  <map space='cpu.io' at='0xb2' to='lpc.apm'/>\n"
    "  <map space='cpu.io' at='0xcf9' to='lpc.rst' priority='1'/>\n"
    "  <chip id='nmisc' type='pc-nmi-sc'/>\n"
    "  <map space='cpu.io' at='0x61' to='nmisc.io'/>\n"
    "  <map space='cpu.io' at='0x92' to='lpc.port92'/>\n"
    "  <map space='cpu.io' at='0x4d0' to='lpc.elcr'/>\n"
    "  <chip id='pic0' type='i8259' variant='master'/>\n"
    "  <chip id='pic1' type='i8259' variant='slave'/>\n"
    "  <map space='cpu.io' at='0x20' to='pic0.io'/>\n"
    "  <map space='cpu.io' at='0xa0' to='pic1.io'/>\n"
    "  <map space='pic0.cas' at='2' to='pic1.iack'/>\n"
    "  <wire from='pic1.int' to='pic0.ir@2'/>\n"
    "  <wire from='lpc.isa_irq@[3-7]' to='pic0.ir@[3-7]'/>\n"
    "  <wire from='lpc.isa_irq@[8-15]' to='pic1.ir@[0-7]'/>\n"
    "  <chip id='pit' type='i8254' clock='1.193182MHz'/>\n"
    "  <map space='cpu.io' at='0x40' to='pit.io'/>\n"
    "  <wire from='pit.out@0' to='pic0.ir@0'/>\n"
    "  <wire from='nmisc.gate2' to='pit.gate@2'/>\n"
    "  <wire from='pit.out@2' to='nmisc.out2'/>\n"
    "  <chip id='dev' type='wwtestpci'/>\n"
    "  <pci chip='dev' slot='3'/>\n"
    "  <wire from='dev.intx' to='lpc.pirq@7'/>\n"
    "  <chip id='uart' type='ns16550'/>\n"
    "  <map space='cpu.io' at='0x3f8' to='uart'/>\n"
    "  <chip id='probe' type='pcrig-probe'/>\n"
    "  <wire from='probe.drv@[0-7]' to='lpc.pirq@[0-7]'/>\n"
    "</machine>\n";

enum { LPC = 31, PMB = 0x600 };   /* SeaBIOS: acpi_pm_base 0x600 with QEMU's tables */

typedef struct {
    ww_machine *m;
    ww_chip *lpc, *probe;
    ww_space *io, *mem;
    ww_sched *sched;
} rig;

static void rig_init_smm(rig *r, bool smm)
{
    char *xml = g_strdup_printf(rig_fmt, smm ? "true" : "false");
    r->m = ww_test_machine_xml(xml);
    g_free(xml);
    r->lpc = ww_machine_find_chip(r->m, "lpc");
    r->probe = ww_machine_find_chip(r->m, "probe");
    r->io = ww_machine_find_space(r->m, "cpu.io");
    r->mem = ww_machine_find_space(r->m, "cpu.mem");
    r->sched = ww_machine_sched(r->m);
    WW_CHECK(r->lpc && r->probe && r->io && r->mem);
}

static void rig_init(rig *r) { rig_init_smm(r, false); }

static uint32_t in(rig *r, uint16_t port, unsigned n)
{
    uint64_t v = 0;
    ww_space_read(r->io, port, n, &v);
    return (uint32_t)v;
}
static void out(rig *r, uint16_t port, unsigned n, uint32_t v) { ww_space_write(r->io, port, n, v); }

static uint32_t cfg_rd(rig *r, unsigned dev, unsigned reg, unsigned n)
{
    out(r, 0xcf8, 4, 0x80000000u | dev << 11 | (reg & 0xfc));
    return in(r, (uint16_t)(0xcfc + (reg & (4 - n))), n);
}
static void cfg_wr(rig *r, unsigned dev, unsigned reg, unsigned n, uint32_t v)
{
    out(r, 0xcf8, 4, 0x80000000u | dev << 11 | (reg & 0xfc));
    out(r, (uint16_t)(0xcfc + (reg & (4 - n))), n, v);
}

static uint32_t mrd(rig *r, uint32_t a)
{
    uint64_t v = 0;
    ww_space_read(r->mem, a, 4, &v);
    return (uint32_t)v;
}

/* A level of one of the LPC's output lines. */
static int lpc_out(rig *r, const char *port, unsigned idx)
{
    int p = ww_chip_find_port(r->lpc->cls, port);
    WW_CHECK(p >= 0);
    return ww_line_get(ww_chip_out_line(r->lpc, (unsigned)p, idx));
}

static void pirq(rig *r, unsigned n, int level)
{
    int p = ww_chip_find_port(r->probe->cls, "drv");
    ww_line_set(ww_chip_out_line(r->probe, (unsigned)p, n), level);
}

static void advance(rig *r, ww_time ns) { ww_sched_advance(r->sched, ww_sched_now(r->sched) + ns); }

/* SeaBIOS mch_isa_bridge_setup + mch_isa_lpc_setup: PIRQA-H = 10 10 11 11,
 * ELCR level for 10 and 11, PMBASE 600h, ACPI_EN (SCI on IRQ9), RCBA. */
static void seabios_lpc_setup(rig *r)
{
    static const uint8_t irqs[4] = { 10, 10, 11, 11 };
    uint8_t elcr[2] = { 0, 0 };
    for (int i = 0; i < 4; i++) {
        elcr[irqs[i] >> 3] |= (uint8_t)(1 << (irqs[i] & 7));
        cfg_wr(r, LPC, 0x60 + i, 1, irqs[i]);
        cfg_wr(r, LPC, 0x68 + i, 1, irqs[i]);
    }
    out(r, 0x4d0, 1, elcr[0]);
    out(r, 0x4d1, 1, elcr[1]);
    cfg_wr(r, LPC, 0x40, 4, PMB | 1);
    cfg_wr(r, LPC, 0x44, 1, 0x80);
    cfg_wr(r, LPC, 0xf0, 4, 0xfed1c000 | 1);
}

/* Linux's acpi_enable(): SMI_CMD <- FADT.acpi_enable (02h for ICH9), then
 * poll SCI_EN. */
static void acpi_enable(rig *r)
{
    out(r, 0xb2, 1, 0x02);
    WW_CHECK(in(r, PMB + 4, 2) & 1);
}

/* ---- identity, reset ---------------------------------------------------------------- */

WW_TEST("chips/ich9-lpc/identity", t_identity)
{
    rig r;
    rig_init(&r);
    /* 00:1F.0: 8086:2918, class 06 01 00 (ISA bridge), revision 2, a
     * multi-function device (SATA and SMBus share D31 on a Q35). */
    WW_CHECK_EQ(cfg_rd(&r, LPC, 0x00, 4), 0x29188086);
    WW_CHECK_EQ(cfg_rd(&r, LPC, 0x08, 4), 0x06010002);
    WW_CHECK_EQ(cfg_rd(&r, LPC, 0x0e, 1), 0x80);
    WW_CHECK_EQ(cfg_rd(&r, LPC, 0x3d, 1), 0);
    WW_CHECK_EQ(cfg_rd(&r, LPC, 0x2c, 4), 0x11001af4);        /* QEMU's subsystem IDs */
    ww_machine_free(r.m);
}

WW_TEST("chips/ich9-lpc/reset_values", t_reset)
{
    rig r;
    rig_init(&r);
    /* §13.1: PMBASE 1 (I/O indicator), ACPI_CNTL 0, PIRQx_ROUT 80h (not
     * routed), RCBA 0, GEN_PMCON_1 0; nothing decodes at 600h yet. */
    WW_CHECK_EQ(cfg_rd(&r, LPC, 0x40, 4), 1);
    WW_CHECK_EQ(cfg_rd(&r, LPC, 0x44, 1), 0);
    WW_CHECK_EQ(cfg_rd(&r, LPC, 0x60, 4), 0x80808080);
    WW_CHECK_EQ(cfg_rd(&r, LPC, 0x68, 4), 0x80808080);
    WW_CHECK_EQ(cfg_rd(&r, LPC, 0x64, 1), 0x10);
    WW_CHECK_EQ(cfg_rd(&r, LPC, 0xf0, 4), 0);
    WW_CHECK_EQ(cfg_rd(&r, LPC, 0xa0, 2), 0);
    WW_CHECK_EQ(in(&r, PMB + 8, 4), 0xffffffff);
    /* LPC_EN: the machine maps a UART at 3F8h (COM A) and nothing at 2F8h,
     * 378h or 3F0h — what the DSDT's COM1 _STA reads. */
    WW_CHECK_EQ(cfg_rd(&r, LPC, 0x82, 2), 0x0001);
    /* Every output low. */
    for (unsigned i = 0; i < 16; i++)
        WW_CHECK_EQ(lpc_out(&r, "isa_irq", i), 0);
    WW_CHECK_EQ(lpc_out(&r, "reset", 0), 0);
    WW_CHECK_EQ(lpc_out(&r, "poweroff", 0), 0);
    ww_machine_free(r.m);
}

/* ---- interrupt routing -------------------------------------------------------------------- */

WW_TEST("chips/ich9-lpc/seabios_setup", t_seabios_setup)
{
    rig r;
    rig_init(&r);
    seabios_lpc_setup(&r);
    WW_CHECK_EQ(cfg_rd(&r, LPC, 0x60, 4), 0x0b0b0a0a);
    WW_CHECK_EQ(cfg_rd(&r, LPC, 0x68, 4), 0x0b0b0a0a);
    WW_CHECK_EQ(in(&r, 0x4d0, 1), 0x00);
    WW_CHECK_EQ(in(&r, 0x4d1, 1), 0x0c);                      /* IRQ 10, 11 level */
    WW_CHECK_EQ(cfg_rd(&r, LPC, 0x40, 4), PMB | 1);
    WW_CHECK_EQ(cfg_rd(&r, LPC, 0x44, 1), 0x80);
    WW_CHECK_EQ(cfg_rd(&r, LPC, 0xf0, 4), 0xfed1c001);
    /* The ACPI block answers at 600h: PM1_CNT has SCI_EN clear (legacy mode). */
    WW_CHECK_EQ(in(&r, PMB + 4, 2), 0);
    /* The chipset configuration registers at 0FED1C000h: D31IR INTA-D →
     * PIRQA-D, GCS NO_REBOOT; reserved space reads 0. */
    WW_CHECK_EQ(mrd(&r, 0xfed1c000 + 0x3140) & 0xffff, 0x3210);
    WW_CHECK_EQ(mrd(&r, 0xfed1c000 + 0x3410), 0x20);
    WW_CHECK_EQ(mrd(&r, 0xfed1c000 + 0x1000), 0);
    ww_machine_free(r.m);
}

WW_TEST("chips/ich9-lpc/pirq_to_pic_and_ioapic", t_pirq)
{
    rig r;
    rig_init(&r);
    seabios_lpc_setup(&r);
    /* PIRQA asserted: ISA IRQ 10 (the slave's IR2) and IOAPIC input 16. */
    pirq(&r, 0, 1);
    WW_CHECK_EQ(lpc_out(&r, "isa_irq", 10), 1);
    WW_CHECK_EQ(lpc_out(&r, "gsi", 16), 1);
    out(&r, 0xa0, 1, 0x0a);                                    /* OCW3: read IRR */
    WW_CHECK(in(&r, 0xa0, 1) & 0x04);
    /* PIRQB shares IRQ 10: the line stays up until both are released. */
    pirq(&r, 1, 1);
    pirq(&r, 0, 0);
    WW_CHECK_EQ(lpc_out(&r, "isa_irq", 10), 1);
    WW_CHECK_EQ(lpc_out(&r, "gsi", 16), 0);
    WW_CHECK_EQ(lpc_out(&r, "gsi", 17), 1);
    pirq(&r, 1, 0);
    WW_CHECK_EQ(lpc_out(&r, "isa_irq", 10), 0);
    /* PIRQH → IRQ 11 and GSI 23. */
    pirq(&r, 7, 1);
    WW_CHECK_EQ(lpc_out(&r, "isa_irq", 11), 1);
    WW_CHECK_EQ(lpc_out(&r, "gsi", 23), 1);
    pirq(&r, 7, 0);
    WW_CHECK_EQ(lpc_out(&r, "isa_irq", 11), 0);
    ww_machine_free(r.m);
}

WW_TEST("chips/ich9-lpc/pirq_disabled_and_reserved", t_pirq_values)
{
    rig r;
    rig_init(&r);
    /* IRQEN = 1 (the reset value): only the IOAPIC sees the PIRQ. */
    pirq(&r, 2, 1);
    for (unsigned i = 0; i < 16; i++)
        WW_CHECK_EQ(lpc_out(&r, "isa_irq", i), 0);
    WW_CHECK_EQ(lpc_out(&r, "gsi", 18), 1);
    /* Reserved routings (IRQ 0, 1, 2, 8, 13) are not driven; 3-7, 9-12, 14,
     * 15 are. */
    for (unsigned irq = 0; irq < 16; irq++) {
        cfg_wr(&r, LPC, 0x62, 1, irq);
        bool ok = irq != 0 && irq != 1 && irq != 2 && irq != 8 && irq != 13;
        for (unsigned i = 0; i < 16; i++)
            WW_CHECK_EQ(lpc_out(&r, "isa_irq", i), ok && i == irq);
    }
    /* Bits 6:4 are reserved. */
    cfg_wr(&r, LPC, 0x62, 1, 0x7b);
    WW_CHECK_EQ(cfg_rd(&r, LPC, 0x62, 1), 0x0b);
    ww_machine_free(r.m);
}

WW_TEST("chips/ich9-lpc/pirq_reroute_while_asserted", t_reroute)
{
    rig r;
    rig_init(&r);
    seabios_lpc_setup(&r);
    pirq(&r, 4, 1);                                              /* PIRQE → 10 */
    WW_CHECK_EQ(lpc_out(&r, "isa_irq", 10), 1);
    /* The OS moves PIRQE to IRQ 5 (a _SRS of LNKE): the level follows. */
    cfg_wr(&r, LPC, 0x68, 1, 5);
    WW_CHECK_EQ(lpc_out(&r, "isa_irq", 10), 0);
    WW_CHECK_EQ(lpc_out(&r, "isa_irq", 5), 1);
    /* … and off the 8259 altogether (IOAPIC mode). */
    cfg_wr(&r, LPC, 0x68, 1, 0x80);
    WW_CHECK_EQ(lpc_out(&r, "isa_irq", 5), 0);
    WW_CHECK_EQ(lpc_out(&r, "gsi", 20), 1);
    ww_machine_free(r.m);
}

WW_TEST("chips/ich9-lpc/pci_device_intx_end_to_end", t_intx)
{
    rig r;
    rig_init(&r);
    seabios_lpc_setup(&r);
    /* SeaBIOS mch_pci_slot_get_irq: slot 3 pin A → pci_irqs[(0 + 3) & 3] = 11,
     * which is what PIRQH routes to. */
    cfg_wr(&r, 3, 0x10, 4, 0xe0000000);
    cfg_wr(&r, 3, 0x04, 2, 0x0006);
    ww_space_write(r.mem, 0xe000000c, 4, 2);                     /* the device raises INTA# */
    WW_CHECK_EQ(lpc_out(&r, "isa_irq", 11), 1);
    WW_CHECK_EQ(lpc_out(&r, "gsi", 23), 1);
    ww_space_write(r.mem, 0xe000000c, 4, 3);
    WW_CHECK_EQ(lpc_out(&r, "isa_irq", 11), 0);
    ww_machine_free(r.m);
}

/* ---- the ACPI block: timer, SCI, GPE -------------------------------------------------------- */

WW_TEST("chips/ich9-lpc/pm_timer_counts_virtual_time", t_pm_timer)
{
    rig r;
    rig_init(&r);
    seabios_lpc_setup(&r);
    /* PM1_TMR = 3.579545 MHz ticks of virtual time, 24 bits. */
    uint32_t t0 = in(&r, PMB + 8, 4);
    WW_CHECK_EQ(t0, ww_ns_to_ticks(ww_sched_now(r.sched), 3579545) & 0xffffff);
    advance(&r, 1000000);                                        /* 1 ms */
    uint32_t t1 = in(&r, PMB + 8, 4);
    WW_CHECK(t1 - t0 == 3579 || t1 - t0 == 3580);
    /* Bits 31:24 read 0; it wraps at 2^24 (≈4.69 s). */
    advance(&r, 5000000000ull);
    uint32_t t2 = in(&r, PMB + 8, 4);
    WW_CHECK_EQ(t2 >> 24, 0);
    WW_CHECK_EQ(t2, ww_ns_to_ticks(ww_sched_now(r.sched), 3579545) & 0xffffff);
    /* A byte read of bits 23:16 (as some code does) is consistent. */
    WW_CHECK_EQ(in(&r, PMB + 10, 1), (t2 >> 16) & 0xff);
    /* Writes do nothing. */
    out(&r, PMB + 8, 4, 0);
    WW_CHECK_EQ(in(&r, PMB + 8, 4), t2);
    ww_machine_free(r.m);
}

WW_TEST("chips/ich9-lpc/pm_timer_overflow_sci", t_tmrof)
{
    rig r;
    rig_init(&r);
    seabios_lpc_setup(&r);
    acpi_enable(&r);
    out(&r, PMB + 2, 2, 0x0001);                                /* TMROF_EN */
    WW_CHECK_EQ(lpc_out(&r, "sci", 0), 0);
    /* Bit 23 toggles after 2^23 ticks: TMROF_STS and the SCI on IRQ 9. */
    ww_time t = (ww_time)((((unsigned __int128)1 << 23) * 1000000000u + 3579544) / 3579545);
    ww_sched_advance(r.sched, t - 1);
    WW_CHECK_EQ(in(&r, PMB, 2) & 1, 0);
    ww_sched_advance(r.sched, t);
    WW_CHECK_EQ(in(&r, PMB, 2) & 1, 1);
    WW_CHECK_EQ(in(&r, PMB + 8, 4), 1u << 23);
    WW_CHECK_EQ(lpc_out(&r, "sci", 0), 1);
    WW_CHECK_EQ(lpc_out(&r, "isa_irq", 9), 1);
    /* The OS clears it (write 1): the SCI drops; the next toggle comes 2^23
     * ticks later. */
    out(&r, PMB, 2, 0x0001);
    WW_CHECK_EQ(in(&r, PMB, 2) & 1, 0);
    WW_CHECK_EQ(lpc_out(&r, "isa_irq", 9), 0);
    advance(&r, t);
    WW_CHECK_EQ(in(&r, PMB, 2) & 1, 1);
    /* With TMROF_EN clear the status still sets, the SCI does not. */
    out(&r, PMB + 2, 2, 0);
    WW_CHECK_EQ(lpc_out(&r, "sci", 0), 0);
    ww_machine_free(r.m);
}

WW_TEST("chips/ich9-lpc/sci_routing_and_gating", t_sci_route)
{
    rig r;
    rig_init(&r);
    seabios_lpc_setup(&r);
    out(&r, PMB + 2, 2, 0x0100);                                /* PWRBTN_EN */
    int pb = ww_chip_find_port(r.lpc->cls, "pwrbtn");
    r.lpc->cls->signal(r.lpc, (unsigned)pb, 0, 1);              /* the button is pressed */
    WW_CHECK(in(&r, PMB, 2) & 0x0100);
    /* Legacy mode (SCI_EN = 0): no SCI. */
    WW_CHECK_EQ(lpc_out(&r, "sci", 0), 0);
    acpi_enable(&r);
    WW_CHECK_EQ(lpc_out(&r, "isa_irq", 9), 1);
    /* SCI_IRQ_SEL: IRQ 10, 11, then IOAPIC 20-23; 011b is reserved. */
    static const struct { uint8_t sel; const char *port; unsigned line; } t[] = {
        { 1, "isa_irq", 10 }, { 2, "isa_irq", 11 }, { 4, "gsi", 20 }, { 5, "gsi", 21 },
        { 6, "gsi", 22 }, { 7, "gsi", 23 },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(t); i++) {
        cfg_wr(&r, LPC, 0x44, 1, 0x80 | t[i].sel);
        WW_CHECK_EQ(lpc_out(&r, t[i].port, t[i].line), 1);
        WW_CHECK_EQ(lpc_out(&r, "isa_irq", 9), 0);
    }
    cfg_wr(&r, LPC, 0x44, 1, 0x83);
    WW_CHECK_EQ(lpc_out(&r, "sci", 0), 1);
    for (unsigned i = 0; i < 16; i++)
        WW_CHECK_EQ(lpc_out(&r, "isa_irq", i), 0);
    /* ACPI_EN clear: no decode at PMBASE, no SCI. */
    cfg_wr(&r, LPC, 0x44, 1, 0x00);
    WW_CHECK_EQ(lpc_out(&r, "sci", 0), 0);
    WW_CHECK_EQ(in(&r, PMB, 2), 0xffff);
    /* Back on: the status waits; Linux acks it. */
    cfg_wr(&r, LPC, 0x44, 1, 0x80);
    WW_CHECK_EQ(lpc_out(&r, "isa_irq", 9), 1);
    out(&r, PMB, 2, 0x0100);
    WW_CHECK_EQ(lpc_out(&r, "isa_irq", 9), 0);
    ww_machine_free(r.m);
}

WW_TEST("chips/ich9-lpc/acpi_enable_disable_via_smi_cmd", t_acpi_mode)
{
    rig r;
    rig_init(&r);
    seabios_lpc_setup(&r);
    /* Linux acpi_enable(): SCI_EN is clear, so it writes FADT.acpi_enable
     * (02h) to SMI_CMD (B2h) and polls PM1a_CNT.SCI_EN. */
    WW_CHECK_EQ(in(&r, PMB + 4, 2) & 1, 0);
    out(&r, 0xb2, 1, 0x02);
    WW_CHECK_EQ(in(&r, PMB + 4, 2) & 1, 1);
    WW_CHECK_EQ(in(&r, 0xb2, 1), 0x02);
    /* acpi_disable: 03h clears it. Neither raises an SMI status. */
    out(&r, 0xb2, 1, 0x03);
    WW_CHECK_EQ(in(&r, PMB + 4, 2) & 1, 0);
    WW_CHECK_EQ(in(&r, PMB + 0x34, 4) & 0x20, 0);
    ww_machine_free(r.m);
}

WW_TEST("chips/ich9-lpc/gpe0_blocks", t_gpe)
{
    rig r;
    rig_init(&r);
    seabios_lpc_setup(&r);
    acpi_enable(&r);
    /* ACPICA accesses GPE registers a byte at a time (GPE0_BLK_LEN 16). */
    out(&r, PMB + 0x28 + 1, 1, 0x02);
    WW_CHECK_EQ(in(&r, PMB + 0x28, 4), 0x0200);
    /* An event with its enable set raises SCI (the status is set here by a
     * debugger write: no GPE sources are modelled). */
    const ww_reg_desc *sts = ww_chip_find_reg(r.lpc->cls, "GPE0_STS", NULL);
    ww_chip_reg_set(r.lpc, sts, 0, 0x0200);
    out(&r, PMB + 0x28 + 1, 1, 0x02);                          /* re-evaluate */
    WW_CHECK_EQ(lpc_out(&r, "isa_irq", 9), 1);
    /* Writing 0 changes nothing, writing 1 clears. */
    out(&r, PMB + 0x20 + 1, 1, 0x00);
    WW_CHECK_EQ(in(&r, PMB + 0x21, 1), 0x02);
    out(&r, PMB + 0x20 + 1, 1, 0x02);
    WW_CHECK_EQ(in(&r, PMB + 0x21, 1), 0x00);
    WW_CHECK_EQ(lpc_out(&r, "isa_irq", 9), 0);
    ww_machine_free(r.m);
}

WW_TEST("chips/ich9-lpc/pm_register_widths", t_widths)
{
    rig r;
    rig_init(&r);
    seabios_lpc_setup(&r);
    out(&r, PMB + 2, 2, 0x0521);                                /* PM1_EN */
    /* A dword at PMBASE reads PM1_STS and PM1_EN together (the FADT's
     * PM1a_EVT_BLK is 4 bytes). */
    WW_CHECK_EQ(in(&r, PMB, 4), 0x05210000);
    /* A word written at PMBASE+1 covers PM1_STS's high byte (W1C) and
     * PM1_EN's low byte. */
    out(&r, PMB + 1, 2, 0x2000);
    WW_CHECK_EQ(in(&r, PMB + 2, 2), 0x0520);
    /* Reserved PM1_EN bits do not stick. */
    out(&r, PMB + 2, 2, 0xffff);
    WW_CHECK_EQ(in(&r, PMB + 2, 2), 0x4521);
    /* Unmodelled offsets (TCO at 60h) read 0. */
    WW_CHECK_EQ(in(&r, PMB + 0x60, 4), 0);
    ww_machine_free(r.m);
}

/* ---- SMM -------------------------------------------------------------------------------------- */

WW_TEST("chips/ich9-lpc/smm_reads_as_initialized", t_smm_off)
{
    rig r;
    rig_init(&r);
    seabios_lpc_setup(&r);
    /* ich9_lpc_apmc_smm_setup: "check if SMM init is already done" — APMC_EN
     * in SMI_EN is set, so SeaBIOS skips SMRAM and the SMI it would wait for. */
    WW_CHECK(in(&r, PMB + 0x30, 4) & 0x20);
    WW_CHECK_EQ(in(&r, PMB + 0x30, 4), 0x20);
    /* Were it to go on: APM_STS is plain storage, an APM_CNT write sets
     * SMI_STS.APM_STS but, with GBL_SMI_EN clear, no SMI; APM_STS stays 01h,
     * which is why its `while (inb(0xb3) != 0)` would never end. */
    out(&r, 0xb3, 1, 0x01);
    out(&r, 0xb2, 1, 0x00);
    WW_CHECK_EQ(in(&r, 0xb3, 1), 0x01);
    WW_CHECK(in(&r, PMB + 0x34, 4) & 0x20);
    WW_CHECK_EQ(lpc_out(&r, "smi", 0), 0);
    /* SMI_STS is write-1-to-clear. */
    out(&r, PMB + 0x34, 4, 0x20);
    WW_CHECK_EQ(in(&r, PMB + 0x34, 4), 0);
    ww_machine_free(r.m);
}

WW_TEST("chips/ich9-lpc/smm_property_and_smi_lock", t_smm_on)
{
    rig r;
    rig_init_smm(&r, true);
    seabios_lpc_setup(&r);
    /* With an SMI handler the BIOS finds SMM uninitialized … */
    WW_CHECK_EQ(in(&r, PMB + 0x30, 4), 0);
    /* … arms APMC and GBL_SMI_EN, locks it (GEN_PMCON_1 read as a word,
     * written as a dword) and raises the SMI. */
    out(&r, PMB + 0x30, 4, 0x20 | 0x01);
    uint32_t v = cfg_rd(&r, LPC, 0xa0, 2);
    cfg_wr(&r, LPC, 0xa0, 4, v | 0x10);
    WW_CHECK_EQ(cfg_rd(&r, LPC, 0xa0, 2), 0x10);
    out(&r, 0xb3, 1, 0x01);
    out(&r, 0xb2, 1, 0x00);
    WW_CHECK_EQ(lpc_out(&r, "smi", 0), 1);
    /* The handler acks SMI_STS: SMI# drops. */
    out(&r, PMB + 0x34, 4, 0x20);
    WW_CHECK_EQ(lpc_out(&r, "smi", 0), 0);
    /* SMI_LOCK: GBL_SMI_EN cannot be cleared, SMI_LOCK cannot be cleared. */
    out(&r, PMB + 0x30, 4, 0x20);
    WW_CHECK_EQ(in(&r, PMB + 0x30, 4), 0x21);
    cfg_wr(&r, LPC, 0xa0, 2, 0);
    WW_CHECK_EQ(cfg_rd(&r, LPC, 0xa0, 2), 0x10);
    /* A reset clears the lock. */
    ww_chip_reset(r.lpc, WW_RESET_HARD);
    WW_CHECK_EQ(cfg_rd(&r, LPC, 0xa0, 2), 0);
    ww_machine_free(r.m);
}

/* ---- sleep and reset --------------------------------------------------------------------------- */

WW_TEST("chips/ich9-lpc/linux_poweroff_s5", t_poweroff)
{
    rig r;
    rig_init(&r);
    seabios_lpc_setup(&r);
    acpi_enable(&r);
    /* acpi_hw_legacy_sleep(S5): clear WAK_STS, write SLP_TYP, then SLP_TYP |
     * SLP_EN (16-bit PM1a_CNT); _S5 is {0, 0} in the q35 tables. */
    out(&r, PMB, 2, 0x8000);
    uint16_t cnt = (uint16_t)in(&r, PMB + 4, 2) & ~(0x1c00 | 0x2000);
    out(&r, PMB + 4, 2, cnt);
    WW_CHECK_EQ(lpc_out(&r, "poweroff", 0), 0);
    out(&r, PMB + 4, 2, cnt | 0x2000);
    WW_CHECK_EQ(lpc_out(&r, "poweroff", 0), 1);
    /* SLP_EN is write-only; SCI_EN and SLP_TYP read back. */
    WW_CHECK_EQ(in(&r, PMB + 4, 2), 0x0001);
    /* Only a reset takes the request back. */
    ww_chip_reset(r.lpc, WW_RESET_POWER);
    WW_CHECK_EQ(lpc_out(&r, "poweroff", 0), 0);
    ww_machine_free(r.m);
}

WW_TEST("chips/ich9-lpc/poweroff_ich9_s5_and_seabios_apm", t_poweroff_other)
{
    rig r;
    rig_init(&r);
    seabios_lpc_setup(&r);
    /* The datasheet's S5 encoding, 111b. */
    out(&r, PMB + 4, 2, 0x1c00 | 0x2000);
    WW_CHECK_EQ(lpc_out(&r, "poweroff", 0), 1);
    WW_CHECK_EQ(in(&r, PMB + 4, 2), 0x1c00);
    ww_chip_reset(r.lpc, WW_RESET_POWER);
    seabios_lpc_setup(&r);
    /* SeaBIOS apm_shutdown(): outw(0x2000, acpi_pm1a_cnt). */
    out(&r, PMB + 4, 2, 0x2000);
    WW_CHECK_EQ(lpc_out(&r, "poweroff", 0), 1);
    ww_machine_free(r.m);
}

WW_TEST("chips/ich9-lpc/other_sleep_types_and_slp_smi", t_sleep_other)
{
    rig r;
    rig_init(&r);
    seabios_lpc_setup(&r);
    /* S3 in QEMU's tables (SLP_TYP 1) is not modelled: an instant wake-up. */
    out(&r, PMB, 2, 0x8000);
    out(&r, PMB + 4, 2, 0x0400 | 0x2000);
    WW_CHECK_EQ(lpc_out(&r, "poweroff", 0), 0);
    WW_CHECK(in(&r, PMB, 2) & 0x8000);
    /* SLP_SMI_EN traps SLP_EN into an SMI status instead of powering off. */
    out(&r, PMB + 0x30, 4, 0x10 | 0x20);
    out(&r, PMB + 4, 2, 0x2000);
    WW_CHECK_EQ(lpc_out(&r, "poweroff", 0), 0);
    WW_CHECK(in(&r, PMB + 0x34, 4) & 0x10);
    ww_machine_free(r.m);
}

WW_TEST("chips/ich9-lpc/cf9_reset_seabios_pci_reboot", t_cf9)
{
    rig r;
    rig_init(&r);
    /* pci_reboot(): v = inb(0xcf9) & ~6; outb(v|2); udelay(50); outb(v|6). */
    uint8_t v = (uint8_t)(in(&r, 0xcf9, 1) & ~6u);
    WW_CHECK_EQ(v, 0);
    out(&r, 0xcf9, 1, v | 2);
    WW_CHECK_EQ(lpc_out(&r, "reset", 0), 0);
    WW_CHECK_EQ(in(&r, 0xcf9, 1), 0x02);
    advance(&r, 50000);
    out(&r, 0xcf9, 1, v | 6);
    WW_CHECK_EQ(lpc_out(&r, "reset", 0), 1);
    WW_CHECK_EQ(in(&r, 0xcf9, 1), 0x02);                      /* RST_CPU reads 0 */
    /* CONFIG_ADDRESS at CF8h (32-bit) still belongs to pci-conf1. */
    out(&r, 0xcf8, 4, 0x8000f800);
    WW_CHECK_EQ(in(&r, 0xcf8, 4), 0x8000f800);
    WW_CHECK_EQ(in(&r, 0xcfc, 4), 0x29188086);
    /* The machine resets: the request (and RST_CNT) clear. */
    ww_chip_reset(r.lpc, WW_RESET_HARD);
    WW_CHECK_EQ(lpc_out(&r, "reset", 0), 0);
    WW_CHECK_EQ(in(&r, 0xcf9, 1), 0);
    ww_machine_free(r.m);
}

WW_TEST("chips/ich9-lpc/cf9_reset_linux_cold", t_cf9_linux)
{
    rig r;
    rig_init(&r);
    /* Linux BOOT_CF9_FORCE, cold: cf9 = inb & ~0x0e; outb(cf9|2);
     * udelay(50); outb(cf9|0x0e) (FULL_RST | RST_CPU | SYS_RST). */
    uint8_t cf9 = (uint8_t)(in(&r, 0xcf9, 1) & ~0x0eu);
    out(&r, 0xcf9, 1, cf9 | 2);
    advance(&r, 50000);
    out(&r, 0xcf9, 1, cf9 | 0x0e);
    WW_CHECK_EQ(lpc_out(&r, "reset", 0), 1);
    WW_CHECK_EQ(in(&r, 0xcf9, 1), 0x0a);
    /* A soft reset (SYS_RST = 0) is a reset request too, as in QEMU. */
    ww_chip_reset(r.lpc, WW_RESET_HARD);
    out(&r, 0xcf9, 1, 0x04);
    WW_CHECK_EQ(lpc_out(&r, "reset", 0), 1);
    ww_machine_free(r.m);
}

WW_TEST("chips/ich9-lpc/port92_a20_and_init", t_port92)
{
    rig r;
    rig_init(&r);
    /* SeaBIOS set_a20(): read-modify-write of bit 1. */
    out(&r, 0x92, 1, (in(&r, 0x92, 1) & ~2u) | 2);
    WW_CHECK_EQ(in(&r, 0x92, 1), 0x02);
    WW_CHECK_EQ(lpc_out(&r, "a20", 0), 1);
    out(&r, 0x92, 1, 0);
    WW_CHECK_EQ(lpc_out(&r, "a20", 0), 0);
    WW_CHECK_EQ(lpc_out(&r, "reset", 0), 0);
    /* INIT_NOW: a reset request; the bit reads 0. */
    out(&r, 0x92, 1, 0x03);
    WW_CHECK_EQ(lpc_out(&r, "reset", 0), 1);
    WW_CHECK_EQ(in(&r, 0x92, 1), 0x02);
    ww_machine_free(r.m);
}

/* ---- decoders placed by the guest ------------------------------------------------------------- */

WW_TEST("chips/ich9-lpc/pmbase_moves_and_guest_errors", t_pmbase)
{
    rig r;
    rig_init(&r);
    seabios_lpc_setup(&r);
    WW_CHECK_EQ(in(&r, PMB + 0x30, 4), 0x20);
    /* Moved to B000h (SeaBIOS's default without QEMU's tables). */
    cfg_wr(&r, LPC, 0x40, 4, 0xb001);
    WW_CHECK_EQ(in(&r, PMB + 0x30, 4), 0xffffffff);
    WW_CHECK_EQ(in(&r, 0xb030, 4), 0x20);
    /* Bits 6:1 and 31:16 are not address bits; bit 0 reads 1. */
    cfg_wr(&r, LPC, 0x40, 4, 0xffffb07e);
    WW_CHECK_EQ(cfg_rd(&r, LPC, 0x40, 4), 0xb001);
    /* 0: nothing is decoded. */
    cfg_wr(&r, LPC, 0x40, 4, 0);
    WW_CHECK_EQ(cfg_rd(&r, LPC, 0x40, 4), 1);
    WW_CHECK_EQ(in(&r, 0xb030, 4), 0xffffffff);
    /* Over the slave 8259 and APM (80h-FFh), or over CF8h: refused, the
     * devices keep their ports. */
    cfg_wr(&r, LPC, 0x40, 4, 0x0081);
    WW_CHECK_EQ(in(&r, 0xb2, 1), 0x00);
    out(&r, 0xb3, 1, 0x5a);
    WW_CHECK_EQ(in(&r, 0xb3, 1), 0x5a);
    cfg_wr(&r, LPC, 0x40, 4, 0x0c81);                          /* 0C80h-0CFFh */
    out(&r, 0xcf8, 4, 0x8000f800);
    WW_CHECK_EQ(in(&r, 0xcfc, 4), 0x29188086);
    WW_CHECK_EQ(in(&r, 0xc80, 2), 0xffff);
    /* A free range is fine again. */
    cfg_wr(&r, LPC, 0x40, 4, 0x0401);
    WW_CHECK_EQ(in(&r, 0x430, 4), 0x20);
    ww_machine_free(r.m);
}

WW_TEST("chips/ich9-lpc/rcba_block", t_rcba)
{
    rig r;
    rig_init(&r);
    seabios_lpc_setup(&r);
    uint32_t base = 0xfed1c000;
    /* iTCO_wdt clears GCS.NO_REBOOT; only the defined bits stick. */
    ww_space_write(r.mem, base + 0x3410, 4, mrd(&r, base + 0x3410) & ~0x20u);
    WW_CHECK_EQ(mrd(&r, base + 0x3410), 0);
    ww_space_write(r.mem, base + 0x3410, 4, 0xffffffff);
    WW_CHECK_EQ(mrd(&r, base + 0x3410), 0xc21);
    /* HPTC (HPET address select / enable) and OIC are stored. */
    ww_space_write(r.mem, base + 0x3404, 4, 0x80);
    WW_CHECK_EQ(mrd(&r, base + 0x3404), 0x80);
    /* Moved; disabled; over RAM (refused). */
    cfg_wr(&r, LPC, 0xf0, 4, 0xfed20001);
    WW_CHECK_EQ(mrd(&r, base + 0x3404), 0xffffffff);
    WW_CHECK_EQ(mrd(&r, 0xfed20000 + 0x3404), 0x80);
    cfg_wr(&r, LPC, 0xf0, 4, 0xfed20000);
    WW_CHECK_EQ(mrd(&r, 0xfed20000 + 0x3404), 0xffffffff);
    ww_space_write(r.mem, 0x3404, 4, 0x12345678);
    cfg_wr(&r, LPC, 0xf0, 4, 0x00000001);
    WW_CHECK_EQ(mrd(&r, 0x3404), 0x12345678);
    /* Bits 13:1 of RCBA are reserved. */
    cfg_wr(&r, LPC, 0xf0, 4, 0xfed1fffe);
    WW_CHECK_EQ(cfg_rd(&r, LPC, 0xf0, 4), 0xfed1c000);
    ww_machine_free(r.m);
}

/* ---- state, peek ------------------------------------------------------------------------------ */

WW_TEST("chips/ich9-lpc/state_round_trip", t_state)
{
    rig r;
    rig_init(&r);
    seabios_lpc_setup(&r);
    acpi_enable(&r);
    out(&r, PMB + 2, 2, 0x0100);
    pirq(&r, 0, 1);
    out(&r, 0x92, 1, 0x02);
    GByteArray *b = g_byte_array_new();
    ww_chip_state_save(r.lpc, b);
    /* A reset: no decode, routing off (the PIRQ input stays a wire level). */
    ww_chip_reset(r.lpc, WW_RESET_HARD);
    WW_CHECK_EQ(in(&r, PMB + 4, 2), 0xffff);
    WW_CHECK_EQ(lpc_out(&r, "isa_irq", 10), 0);
    WW_CHECK_EQ(lpc_out(&r, "gsi", 16), 1);
    WW_CHECK_EQ(lpc_out(&r, "a20", 0), 0);
    /* Loading brings the windows, the routing and the outputs back. */
    GError *err = NULL;
    WW_CHECK_NOERR(ww_chip_state_load(r.lpc, b->data, b->len, &err), err);
    WW_CHECK_EQ(in(&r, PMB + 4, 2), 0x0001);
    WW_CHECK_EQ(in(&r, PMB + 2, 2), 0x0100);
    WW_CHECK_EQ(lpc_out(&r, "isa_irq", 10), 1);
    WW_CHECK_EQ(lpc_out(&r, "a20", 0), 1);
    WW_CHECK_EQ(mrd(&r, 0xfed1c000 + 0x3140) & 0xffff, 0x3210);
    g_byte_array_free(b, TRUE);
    ww_machine_free(r.m);
}

WW_TEST("chips/ich9-lpc/peek_is_pure", t_peek)
{
    rig r;
    rig_init(&r);
    seabios_lpc_setup(&r);
    acpi_enable(&r);
    advance(&r, 123456789);
    GByteArray *a = g_byte_array_new(), *b = g_byte_array_new();
    ww_chip_state_save(r.lpc, a);
    uint64_t v, t;
    for (unsigned off = 0; off < 128; off++)
        ww_space_peek(r.io, PMB + off, 1, &v);
    for (unsigned off = 0x40; off < 256; off += 4) {
        out(&r, 0xcf8, 4, 0x80000000u | LPC << 11 | off);
        ww_space_peek(r.io, 0xcfc, 4, &v);
    }
    for (uint16_t port = 0x61; port <= 0x61; port++)
        ww_space_peek(r.io, port, 1, &v);
    ww_space_peek(r.io, 0xcf9, 1, &v);
    ww_space_peek(r.io, 0xb2, 2, &v);
    ww_chip_state_save(r.lpc, b);
    WW_CHECK(a->len == b->len && !memcmp(a->data, b->data, a->len));
    /* A peek of the PM timer sees what a read sees. */
    ww_space_peek(r.io, PMB + 8, 4, &v);
    ww_space_read(r.io, PMB + 8, 4, &t);
    WW_CHECK_EQ(v, t);
    g_byte_array_free(a, TRUE);
    g_byte_array_free(b, TRUE);
    ww_machine_free(r.m);
}

WW_TEST("chips/ich9-lpc/every_register_at_its_offset", t_offsets)
{
    rig r;
    rig_init(&r);
    /* Each register with storage, set through the descriptor, reads back at
     * its bus offset: the decode and the table agree. */
    const ww_chip_class *cls = r.lpc->cls;
    for (const ww_reg_desc *d = cls->regs; d->name; d++) {
        if (!d->at.size)
            continue;
        for (unsigned e = 0; e < ww_reg_count(d); e++) {
            uint64_t w = ww_reg_width(d);
            uint64_t pat = 0x5aa5c33c96699669ull & (w >= 8 ? UINT64_MAX : (1ull << (8 * w)) - 1);
            if (d->mask)
                pat &= d->mask;
            ww_chip_reg_set(r.lpc, d, e, pat);
            uint64_t got = cls->read(r.lpc, d->region, ww_reg_offset(d, e), (unsigned)w, WW_PEEK);
            char name[32];
            ww_reg_name(d, e, name, sizeof name);
            WW_CHECK_MSG(got == pat, "%s: wrote 0x%" PRIx64 " through the descriptor, read 0x%"
                         PRIx64 " at its offset", name, pat, got);
        }
    }
    ww_machine_free(r.m);
}
