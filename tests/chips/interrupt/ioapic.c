/* tests/chips/interrupt/ioapic.c — the I/O APIC as Linux's io_apic.c
 * programs it (IOREGSEL/IOWIN at 0xFEC00000, redirection entries written
 * high half first), delivering to the local APIC through cpu.mem and taking
 * its EOI broadcasts. Section numbers refer to the 82093AA datasheet (290566).
 * The rig is tests/chips/apicrig.h. */
#include "tests/chips/apicrig.h"
#include "tests/chips/pcrig.h"

/* Redirection entry bits (§3.2.4). */
#define MASKED   (1ull << 16)
#define LEVEL    (1ull << 15)
#define REMOTE   (1ull << 14)
#define LOW      (1ull << 13)
#define LOGICAL  (1ull << 11)
#define DELIVS   (1ull << 12)
#define DEST(d)  ((uint64_t)(d) << 56)
#define DM(m)    ((uint64_t)(m) << 8)

/* What Linux's 32-bit "default" APIC driver programs: logical destination,
 * flat model, CPU 0's LDR bit. */
#define LINUX(vector) (LOGICAL | DEST(1) | (vector))

static void take(apicrig *r, unsigned vector)
{
    WW_CHECK_EQ(ar_line(r, AP_INTR), 1);
    WW_CHECK_EQ(ar_inta(r), vector);
}

static apicrig *rig(void)
{
    static apicrig r;
    ar_init(&r);
    ar_setup_local_apic(&r);
    return &r;
}

WW_TEST("chips/ioapic/power-on", t_power_on)
{
    apicrig r;
    ar_init(&r);
    /* ID 0, version 0x20 with 24 entries (MRE 17h), arbitration ID = ID. */
    WW_CHECK_EQ(ioapic_rd(&r, 0x00), 0);
    WW_CHECK_EQ(ioapic_rd(&r, 0x01), 0x00170020);
    WW_CHECK_EQ(ioapic_rd(&r, 0x02), 0);
    /* Every redirection entry is masked, nothing else set. */
    for (unsigned pin = 0; pin < 24; pin++)
        WW_CHECK_EQ(ioapic_rte_get(&r, pin), MASKED);
    /* IOREGSEL reads back the last index. */
    WW_CHECK_EQ(ar_rd32(&r, IOAPIC_BASE), 0x3F);
    ar_free(&r);
}

WW_TEST("chips/ioapic/82093aa-variant", t_82093aa)
{
    ww_machine *m = ww_test_machine_xml(
        "<machine name='test/ioapic' title='82093AA alone'>\n"
        "  <space name='mem' bits='32' endian='little' unmapped='open-bus' open-bus='0xffffffff'/>\n"
        "  <chip id='ioapic' type='ioapic' variant='82093aa' apic_id='2'/>\n"
        "  <map space='mem' at='0xFEC00000' size='4KiB' to='ioapic.mmio'/>\n"
        "</machine>\n");
    ww_space *mem = ww_machine_find_space(m, "mem");
    uint64_t v = 0;
    /* Version 0x11, and the ID from the property (bits 27:24). */
    ww_space_write(mem, IOAPIC_BASE, 4, 0x01);
    ww_space_read(mem, IOAPIC_BASE + 0x10, 4, &v);
    WW_CHECK_EQ(v, 0x00170011);
    ww_space_write(mem, IOAPIC_BASE, 4, 0x00);
    ww_space_read(mem, IOAPIC_BASE + 0x10, 4, &v);
    WW_CHECK_EQ(v, 0x02000000);
    /* The EOI register at 40h does not exist on the 82093AA: reserved, reads 0. */
    ww_chip *c = ww_machine_find_chip(m, "ioapic");
    unsigned idx;
    const ww_reg_desc *d = ww_chip_find_reg(c->cls, "IOREDTBL3", &idx);
    WW_CHECK(d != NULL && idx == 3);
    ww_chip_reg_set(c, d, idx, 0x4030 | LEVEL);    /* a debugger sets remote IRR */
    ww_space_write(mem, IOAPIC_BASE + 0x40, 4, 0x30);
    WW_CHECK_EQ(ww_chip_reg_get(c, d, idx) & REMOTE, REMOTE);
    ww_machine_free(m);
}

WW_TEST("chips/ioapic/id-version-arbitration", t_id)
{
    apicrig r;
    ar_init(&r);
    /* Only bits 27:24 of the ID exist; ARB follows the ID it is loaded from. */
    ioapic_wr(&r, 0x00, 0xFFFFFFFF);
    WW_CHECK_EQ(ioapic_rd(&r, 0x00), 0x0F000000);
    WW_CHECK_EQ(ioapic_rd(&r, 0x02), 0x0F000000);
    /* Version and arbitration are read-only. */
    ioapic_wr(&r, 0x01, 0);
    ioapic_wr(&r, 0x02, 0);
    WW_CHECK_EQ(ioapic_rd(&r, 0x01), 0x00170020);
    WW_CHECK_EQ(ioapic_rd(&r, 0x02), 0x0F000000);
    /* IOREGSEL holds 8 bits; indices past the table are reserved and read 0. */
    ar_wr32(&r, IOAPIC_BASE, 0x1234);
    WW_CHECK_EQ(ar_rd32(&r, IOAPIC_BASE), 0x34);
    WW_CHECK_EQ(ioapic_rd(&r, 0x03), 0);
    WW_CHECK_EQ(ioapic_rd(&r, 0x40), 0);
    WW_CHECK_EQ(ioapic_rd(&r, 0xFF), 0);
    ar_free(&r);
}

WW_TEST("chips/ioapic/redirection-entry-fields", t_rte)
{
    apicrig r;
    ar_init(&r);
    /* Every writable bit reads back; delivery status (12) and remote IRR (14)
     * are read-only; the high half has only the destination (63:56). */
    ioapic_rte(&r, 5, 0xFFFFFFFFFFFFFFFFull);
    WW_CHECK_EQ(ioapic_rte_get(&r, 5), 0xFF0000000001AFFFull);
    ioapic_rte(&r, 5, LOW | DM(1) | 0x99 | MASKED | DEST(0x42));
    WW_CHECK_EQ(ioapic_rte_get(&r, 5), LOW | DM(1) | 0x99 | MASKED | DEST(0x42));
    /* Halves are independent registers. */
    ioapic_wr(&r, 0x10 + 2 * 5, 0x10041);
    WW_CHECK_EQ(ioapic_rte_get(&r, 5), DEST(0x42) | 0x10041);
    ioapic_wr(&r, 0x11 + 2 * 5, 0x07000000);
    WW_CHECK_EQ(ioapic_rte_get(&r, 5), DEST(0x07) | 0x10041);
    /* The descriptor shows the same entry (a peek). */
    WW_CHECK_EQ(chip_reg(r.ioapic, "IOREDTBL5"), DEST(0x07) | 0x10041);
    WW_CHECK_EQ(chip_reg(r.ioapic, "IOAPICVER"), 0x00170020);
    ar_free(&r);
}

WW_TEST("chips/ioapic/linux-setup-isa-pins", t_linux_setup)
{
    apicrig *r = rig();
    /* setup_IO_APIC: ISA IRQ n on pin n with vector 0x30+n, edge, active
     * high; IRQ0 on pin 2 (the MADT override); entries are unmasked later. */
    for (unsigned irq = 0; irq < 16; irq++) {
        unsigned pin = irq == 0 ? 2 : irq;
        if (irq == 2)
            continue;
        ioapic_rte(r, pin, LINUX(0x30 + irq) | MASKED);
    }
    WW_CHECK_EQ(ioapic_rte_get(r, 2), LINUX(0x30) | MASKED);
    WW_CHECK_EQ(ioapic_rte_get(r, 1), LINUX(0x31) | MASKED);
    /* Unmask IRQ1 (the keyboard): an edge on its line is vector 0x31. */
    ioapic_rte(r, 1, LINUX(0x31));
    ar_drive(r, AD_IRQ1, 1);
    WW_CHECK(lapic_bit(r, L_IRR, 0x31));
    WW_CHECK(!lapic_bit(r, L_TMR, 0x31));
    take(r, 0x31);
    lapic_wr(r, L_EOI, 0);
    ar_free(r);
}

WW_TEST("chips/ioapic/edge-once-per-assertion", t_edge)
{
    apicrig *r = rig();
    ioapic_rte(r, 1, LINUX(0x31));
    /* One message per rising edge; a line held high sends nothing more. */
    ar_drive(r, AD_IRQ1, 1);
    take(r, 0x31);
    lapic_wr(r, L_EOI, 0);
    WW_CHECK_EQ(ar_line(r, AP_INTR), 0);
    ar_drive(r, AD_IRQ1, 0);
    WW_CHECK_EQ(ar_line(r, AP_INTR), 0);
    ar_drive(r, AD_IRQ1, 1);
    take(r, 0x31);
    /* Edge entries never set remote IRR. */
    WW_CHECK_EQ(ioapic_rte_get(r, 1) & REMOTE, 0);
    ar_free(r);
}

WW_TEST("chips/ioapic/edge-on-masked-entry-is-lost", t_edge_masked)
{
    apicrig *r = rig();
    ioapic_rte(r, 1, LINUX(0x31) | MASKED);
    /* §3.2.4: edges on a masked pin are ignored, not held pending. */
    ar_drive(r, AD_IRQ1, 1);
    ar_drive(r, AD_IRQ1, 0);
    ioapic_rte(r, 1, LINUX(0x31));
    WW_CHECK_EQ(ar_line(r, AP_INTR), 0);
    WW_CHECK(!lapic_bit(r, L_IRR, 0x31));
    /* Unmasking while the line is high is not an edge either. */
    ioapic_rte(r, 1, LINUX(0x31) | MASKED);
    ar_drive(r, AD_IRQ1, 1);
    ioapic_rte(r, 1, LINUX(0x31));
    WW_CHECK(!lapic_bit(r, L_IRR, 0x31));
    ar_free(r);
}

WW_TEST("chips/ioapic/level-remote-irr-and-eoi-broadcast", t_level)
{
    apicrig *r = rig();
    /* A PCI-style level line on pin 16, vector 0x41 (active high on this wire). */
    ioapic_rte(r, 16, LINUX(0x41) | LEVEL);
    ar_drive(r, AD_GSI16, 1);
    /* The message is level-triggered: TMR set, and remote IRR waits for the EOI. */
    WW_CHECK(lapic_bit(r, L_IRR, 0x41));
    WW_CHECK(lapic_bit(r, L_TMR, 0x41));
    WW_CHECK_EQ(ioapic_rte_get(r, 16) & REMOTE, REMOTE);
    take(r, 0x41);
    /* The handler does not silence the device: the local APIC's EOI is
     * broadcast, remote IRR clears, the still-asserted line is sent again. */
    lapic_wr(r, L_EOI, 0);
    WW_CHECK(lapic_bit(r, L_IRR, 0x41));
    WW_CHECK_EQ(ioapic_rte_get(r, 16) & REMOTE, REMOTE);
    take(r, 0x41);
    /* This time the device is acknowledged before the EOI: no new message. */
    ar_drive(r, AD_GSI16, 0);
    lapic_wr(r, L_EOI, 0);
    WW_CHECK(!lapic_bit(r, L_IRR, 0x41));
    WW_CHECK_EQ(ioapic_rte_get(r, 16) & REMOTE, 0);
    WW_CHECK_EQ(ar_line(r, AP_INTR), 0);
    ar_free(r);
}

WW_TEST("chips/ioapic/level-held-while-masked", t_level_masked)
{
    apicrig *r = rig();
    ioapic_rte(r, 16, LINUX(0x41) | LEVEL | MASKED);
    ar_drive(r, AD_GSI16, 1);
    WW_CHECK(!lapic_bit(r, L_IRR, 0x41));
    /* A level is a state: once unmasked it is sent. */
    ioapic_rte(r, 16, LINUX(0x41) | LEVEL);
    WW_CHECK(lapic_bit(r, L_IRR, 0x41));
    /* Rewriting the entry with remote IRR set sends nothing twice. */
    take(r, 0x41);
    ioapic_rte(r, 16, LINUX(0x41) | LEVEL);
    WW_CHECK(!lapic_bit(r, L_IRR, 0x41));
    WW_CHECK_EQ(ioapic_rte_get(r, 16) & REMOTE, REMOTE);
    ar_free(r);
}

WW_TEST("chips/ioapic/active-low-polarity", t_polarity)
{
    apicrig *r = rig();
    /* Pin 19 sits behind an inverting wire: the pin is low when the device
     * asserts. INTPOL = 1 says low asserts. */
    ioapic_rte(r, 19, LINUX(0x43) | LEVEL | LOW);
    WW_CHECK(!lapic_bit(r, L_IRR, 0x43));
    ar_drive(r, AD_GSI19_LOW, 1);
    WW_CHECK(lapic_bit(r, L_IRR, 0x43));
    take(r, 0x43);
    ar_drive(r, AD_GSI19_LOW, 0);
    lapic_wr(r, L_EOI, 0);
    WW_CHECK(!lapic_bit(r, L_IRR, 0x43));
    /* The same pin read as active high is asserted while the device is idle. */
    ioapic_rte(r, 19, LINUX(0x43) | LEVEL);
    WW_CHECK(lapic_bit(r, L_IRR, 0x43));
    ar_free(r);
}

WW_TEST("chips/ioapic/eoi-register", t_eoir)
{
    apicrig *r = rig();
    ioapic_rte(r, 16, LINUX(0x41) | LEVEL);
    ar_drive(r, AD_GSI16, 1);
    take(r, 0x41);
    /* ICH9: a write of the vector to EOIR (40h) clears remote IRR directly
     * (io_apic.c io_apic_eoi for version >= 0x20); the line is high: resent. */
    ar_wr32(r, IOAPIC_BASE + 0x40, 0x99);
    WW_CHECK_EQ(ioapic_rte_get(r, 16) & REMOTE, REMOTE);
    ar_wr32(r, IOAPIC_BASE + 0x40, 0x41);
    WW_CHECK(lapic_bit(r, L_IRR, 0x41));
    ar_free(r);
}

WW_TEST("chips/ioapic/edge-write-clears-remote-irr", t_edge_clears)
{
    apicrig *r = rig();
    ioapic_rte(r, 16, LINUX(0x41) | LEVEL);
    ar_drive(r, AD_GSI16, 1);
    WW_CHECK_EQ(ioapic_rte_get(r, 16) & REMOTE, REMOTE);
    /* __eoi_ioapic_pin for version 0x11 parts: mask, switch to edge (remote
     * IRR clears), restore level; the line is still high: sent again. */
    take(r, 0x41);
    ioapic_rte(r, 16, LINUX(0x41) | MASKED);
    WW_CHECK_EQ(ioapic_rte_get(r, 16) & REMOTE, 0);
    ioapic_rte(r, 16, LINUX(0x41) | LEVEL);
    WW_CHECK(lapic_bit(r, L_IRR, 0x41));
    ar_free(r);
}

WW_TEST("chips/ioapic/destination-matching", t_dest)
{
    apicrig *r = rig();
    /* Physical destination 3: not this processor (ID 0). */
    ioapic_rte(r, 1, DEST(3) | 0x31);
    ar_drive(r, AD_IRQ1, 1);
    WW_CHECK(!lapic_bit(r, L_IRR, 0x31));
    ar_drive(r, AD_IRQ1, 0);
    /* Physical 0 and broadcast FFh reach it, logical 02h does not (LDR 01h). */
    ioapic_rte(r, 1, DEST(0) | 0x32);
    ar_drive(r, AD_IRQ1, 1);
    ar_drive(r, AD_IRQ1, 0);
    ioapic_rte(r, 1, DEST(0xFF) | 0x33);
    ar_drive(r, AD_IRQ1, 1);
    ar_drive(r, AD_IRQ1, 0);
    ioapic_rte(r, 1, LOGICAL | DEST(2) | 0x34);
    ar_drive(r, AD_IRQ1, 1);
    ar_drive(r, AD_IRQ1, 0);
    WW_CHECK(lapic_bit(r, L_IRR, 0x32));
    WW_CHECK(lapic_bit(r, L_IRR, 0x33));
    WW_CHECK(!lapic_bit(r, L_IRR, 0x34));
    ar_free(r);
}

WW_TEST("chips/ioapic/lowest-priority-delivery", t_lowest)
{
    apicrig *r = rig();
    /* Lowest priority to the logical set {CPU0}: the one processor takes it. */
    ioapic_rte(r, 9, LINUX(0x39) | DM(1));
    ar_drive(r, AD_IRQ9, 1);
    take(r, 0x39);
    ar_free(r);
}

WW_TEST("chips/ioapic/nmi-and-init-delivery", t_nmi_init)
{
    apicrig *r = rig();
    /* Delivery mode NMI: the vector is ignored, the CPU's NMI pulses; NMI is
     * always edge, even with the trigger bit set. */
    ioapic_rte(r, 9, LINUX(0) | DM(4) | LEVEL);
    ar_drive(r, AD_IRQ9, 1);
    WW_CHECK_EQ(ar_rises(r, AP_NMI), 1);
    WW_CHECK_EQ(ioapic_rte_get(r, 9) & REMOTE, 0);
    ar_drive(r, AD_IRQ9, 0);
    ar_drive(r, AD_IRQ9, 1);
    WW_CHECK_EQ(ar_rises(r, AP_NMI), 2);
    ar_drive(r, AD_IRQ9, 0);
    /* Delivery mode INIT: the local APIC is INIT-reset. */
    ioapic_rte(r, 9, LINUX(0) | DM(5));
    ar_drive(r, AD_IRQ9, 1);
    WW_CHECK_EQ(ar_rises(r, AP_INIT), 1);
    WW_CHECK_EQ(lapic_rd(r, L_SVR), 0xFF);
    ar_free(r);
}

WW_TEST("chips/ioapic/extint-virtual-wire", t_extint)
{
    apicrig *r = rig();
    /* Virtual wire through the I/O APIC (check_timer's fallback): pin 0
     * carries the 8259's INT, delivery mode ExtINT; the INTA goes to the 8259. */
    ar_init_8259(r);
    ar_outb(r, 0x21, 0xFD);
    ioapic_rte(r, 0, DEST(0) | DM(7));
    ar_drive(r, AD_IRQ1, 1);
    take(r, 0x31);
    WW_CHECK(!lapic_bit(r, L_ISR, 0x31));
    WW_CHECK_EQ(ar_line(r, AP_INTR), 0);
    ar_free(r);
}

WW_TEST("chips/ioapic/shared-vector-eoi", t_shared)
{
    apicrig *r = rig();
    /* Two level pins with one vector: an EOI for it clears both remote IRRs. */
    ioapic_rte(r, 16, LINUX(0x45) | LEVEL);
    ioapic_rte(r, 19, LINUX(0x45) | LEVEL | LOW);
    ar_drive(r, AD_GSI16, 1);
    ar_drive(r, AD_GSI19_LOW, 1);
    WW_CHECK_EQ(ioapic_rte_get(r, 16) & REMOTE, REMOTE);
    WW_CHECK_EQ(ioapic_rte_get(r, 19) & REMOTE, REMOTE);
    take(r, 0x45);
    ar_drive(r, AD_GSI16, 0);
    ar_drive(r, AD_GSI19_LOW, 0);
    lapic_wr(r, L_EOI, 0);
    WW_CHECK_EQ(ioapic_rte_get(r, 16) & REMOTE, 0);
    WW_CHECK_EQ(ioapic_rte_get(r, 19) & REMOTE, 0);
    ar_free(r);
}

WW_TEST("chips/ioapic/eoi-message-region", t_eoi_region)
{
    apicrig *r = rig();
    ioapic_rte(r, 16, LINUX(0x41) | LEVEL);
    ar_drive(r, AD_GSI16, 1);
    ar_drive(r, AD_GSI16, 0);
    WW_CHECK_EQ(ioapic_rte_get(r, 16) & REMOTE, REMOTE);
    /* The local APIC's EOI bus: a 4-byte write of the vector at 0. */
    ww_space *eoi = ww_machine_find_space(r->m, "lapic.eoi");
    WW_CHECK(eoi != NULL);
    WW_CHECK_EQ(ww_space_write(eoi, 0, 4, 0x41), WW_BUS_OK);
    WW_CHECK_EQ(ioapic_rte_get(r, 16) & REMOTE, 0);
    ar_free(r);
}

WW_TEST("chips/ioapic/irq0-override-pit", t_irq0)
{
    apicrig *r = rig();
    ar_init_8259(r);
    /* IRQ0 on pin 2 (vector 0x30); the PIT at HZ=1000 (LATCH 1193). */
    ioapic_rte(r, 2, LINUX(0x30));
    ar_outb(r, 0x43, 0x34);
    ar_outb(r, 0x40, 1193 & 0xFF);
    ar_outb(r, 0x40, 1193 >> 8);
    /* Ten milliseconds: ten timer interrupts, one per PIT period. */
    unsigned n = 0, rises = ar_rises(r, AP_INTR);
    for (unsigned us = 0; us < 10000; us += 10) {
        ar_advance(r, 10000);
        if (ar_line(r, AP_INTR)) {
            WW_CHECK_EQ(ar_inta(r), 0x30);
            lapic_wr(r, L_EOI, 0);
            n++;
        }
    }
    WW_CHECK_EQ(n, 10);
    /* INTR rose once for each. */
    WW_CHECK_EQ(ar_rises(r, AP_INTR) - rises, 10);
    ar_free(r);
}

WW_TEST("chips/ioapic/reset-masks-keeps-pin-levels", t_reset)
{
    apicrig *r = rig();
    ioapic_rte(r, 16, LINUX(0x41) | LEVEL);
    ioapic_wr(r, 0x00, 0x05000000);
    ar_drive(r, AD_GSI16, 1);
    ww_chip_reset(r->ioapic, WW_RESET_HARD);
    /* Every entry masked, ID back to 0 … */
    WW_CHECK_EQ(ioapic_rte_get(r, 16), MASKED);
    WW_CHECK_EQ(ioapic_rd(r, 0x00), 0);
    /* … but the line is still high: unmasked as level, it is sent. */
    take(r, 0x41);
    lapic_wr(r, L_EOI, 0);
    ioapic_rte(r, 16, LINUX(0x42) | LEVEL);
    WW_CHECK(lapic_bit(r, L_IRR, 0x42));
    ar_free(r);
}

WW_TEST("chips/ioapic/state-roundtrip", t_state)
{
    apicrig a, b;
    ar_init(&a);
    ar_init(&b);
    ar_setup_local_apic(&a);
    ar_setup_local_apic(&b);
    ioapic_rte(&a, 16, LINUX(0x41) | LEVEL);
    ioapic_rte(&a, 7, LINUX(0x37) | LOW);
    ar_drive(&a, AD_GSI16, 1);
    ar_drive(&b, AD_GSI16, 1);
    /* The copy holds the entries, the remote IRR and the pin levels. */
    rig_copy_state(a.ioapic, b.ioapic);
    WW_CHECK_EQ(ioapic_rte_get(&b, 16), LINUX(0x41) | LEVEL | REMOTE);
    WW_CHECK_EQ(ioapic_rte_get(&b, 7), LINUX(0x37) | LOW);
    WW_CHECK_EQ(chip_state(b.ioapic, "pins", 0) >> 16 & 1, 1);
    /* The EOI in the copy sends the held level again. */
    ww_space_write(ww_machine_find_space(b.m, "lapic.eoi"), 0, 4, 0x41);
    WW_CHECK(lapic_bit(&b, L_IRR, 0x41));
    ar_free(&a);
    ar_free(&b);
}

WW_TEST("chips/ioapic/peek-is-pure", t_peek)
{
    apicrig *r = rig();
    ioapic_rte(r, 16, LINUX(0x41) | LEVEL);
    ar_wr32(r, IOAPIC_BASE, 0x10 + 2 * 16);
    /* Peeking IOWIN shows the selected entry; it neither sends nor changes. */
    uint64_t v = 0;
    WW_CHECK_EQ(ww_space_peek(r->mem, IOAPIC_BASE + 0x10, 4, &v), WW_BUS_OK);
    WW_CHECK_EQ(v, (uint32_t)(LINUX(0x41) | LEVEL));
    WW_CHECK_EQ(ww_space_peek(r->mem, IOAPIC_BASE + 0x40, 4, &v), WW_BUS_OK);
    WW_CHECK_EQ(v, 0);
    WW_CHECK_EQ(ar_rd32(r, IOAPIC_BASE), 0x30);
    WW_CHECK(!lapic_bit(r, L_IRR, 0x41));
    ar_free(r);
}
