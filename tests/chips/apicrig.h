/* tests/chips/apicrig.h — the machine the APIC tests share, wired as the PC
 * (Q35) wires it but without a CPU: the test plays the CPU, through the same
 * spaces. Memory "cpu.mem" (32-bit): RAM 1 MiB at 0, the I/O APIC at
 * 0xFEC00000, the local APIC's message window (1 MiB) at 0xFEE00000 and its
 * register page over it as a window at IA32_APIC_BASE; "cpu.io": 8259A pair
 * at 0x20/0xA0, 8254 at 0x40, PCI configuration mechanism #1 at 0xCF8 with the
 * test function wwtestpci at 00:03.0 (MSI through cpu.mem); "cpu.iack" maps
 * lapic.iack (INTA at 0, IA32_APIC_BASE at 8). The I/O APIC's and the local
 * APIC's message buses are cpu.mem; the local APIC's EOI bus maps ioapic.eoi;
 * its ExtINT bus maps the 8259 master's iack.
 *
 * Wires: PIT OUT0 → pic0 IR0 and I/O APIC pin 2 (the IRQ0 override);
 * pic0 INT → lapic LINT0 and I/O APIC pin 0; pic1 INT → pic0 IR2.
 * Probe inputs (in@n):  0 lapic.intr  1 lapic.nmi  2 lapic.init
 * Probe outputs (drv@n): 0 → gsi 16 (a level device)  1 → gsi 1 and pic0 IR1
 *                        2 → lapic LINT1 (NMI)  3 → gsi 19 through an inverting
 *                        wire (an active-low line)  4 → gsi 9 and pic1 IR1 */
#ifndef WW_TESTS_APICRIG_H
#define WW_TESTS_APICRIG_H
#include "core/machine.h"
#include "tests/harness.h"

enum { AP_INTR, AP_NMI, AP_INIT };
enum { AD_GSI16, AD_IRQ1, AD_LINT1, AD_GSI19_LOW, AD_IRQ9 };

/* Register page offsets (SDM Table 10-1) and values the tests program. */
enum {
    L_ID = 0x020, L_VER = 0x030, L_TPR = 0x080, L_APR = 0x090, L_PPR = 0x0A0, L_EOI = 0x0B0,
    L_LDR = 0x0D0, L_DFR = 0x0E0, L_SVR = 0x0F0, L_ISR = 0x100, L_TMR = 0x180, L_IRR = 0x200,
    L_ESR = 0x280, L_ICR_LO = 0x300, L_ICR_HI = 0x310, L_LVTT = 0x320, L_LVTTHMR = 0x330,
    L_LVTPC = 0x340, L_LVT0 = 0x350, L_LVT1 = 0x360, L_LVTERR = 0x370, L_TMICT = 0x380,
    L_TMCCT = 0x390, L_TDCR = 0x3E0,
};
enum { LVT_MASKED = 0x10000, LVT_PERIODIC = 0x20000, LVT_LEVEL = 0x8000, LVT_ACTIVE_LOW = 0x2000,
       LVT_REMOTE_IRR = 0x4000, DM_NMI = 0x400, DM_INIT = 0x500, DM_EXTINT = 0x700,
       DM_STARTUP = 0x600, SVR_ENABLE = 0x100 };
#define LAPIC_BASE  0xFEE00000u
#define IOAPIC_BASE 0xFEC00000u

typedef struct apicrig_probe apicrig_probe;

typedef struct {
    ww_machine *m;
    ww_sched *sched;
    ww_space *mem, *io, *iack;
    ww_chip *lapic, *ioapic, *pic0, *pic1, *pit, *pcidev;
    apicrig_probe *probe;
} apicrig;

void ar_init(apicrig *r);
void ar_free(apicrig *r);

uint32_t ar_rd32(apicrig *r, uint32_t addr);
void ar_wr32(apicrig *r, uint32_t addr, uint32_t v);
uint32_t lapic_rd(apicrig *r, uint32_t off);            /* at LAPIC_BASE + off */
void lapic_wr(apicrig *r, uint32_t off, uint32_t v);
uint32_t ioapic_rd(apicrig *r, uint32_t index);         /* IOREGSEL, then IOWIN */
void ioapic_wr(apicrig *r, uint32_t index, uint32_t v);
void ioapic_rte(apicrig *r, unsigned pin, uint64_t e);  /* high half, then low (as Linux) */
uint64_t ioapic_rte_get(apicrig *r, unsigned pin);
void ar_outb(apicrig *r, uint16_t port, uint8_t v);
uint8_t ar_inb(apicrig *r, uint16_t port);
uint8_t ar_inta(apicrig *r);                            /* the CPU's INTA cycle */
uint8_t ar_inta_peek(apicrig *r);
void ar_apicbase(apicrig *r, uint64_t v);               /* what WRMSR 1Bh sends */

int ar_line(apicrig *r, unsigned probe_in);
unsigned ar_rises(apicrig *r, unsigned probe_in);
void ar_drive(apicrig *r, unsigned drv, int level);
void ar_advance(apicrig *r, ww_time ns);                /* relative */

/* Bit v of a 256-bit LAPIC register (ISR, TMR, IRR) read through the page. */
bool lapic_bit(apicrig *r, uint32_t reg, unsigned v);

/* Linux's sequences (arch/x86/kernel/apic/apic.c, i8259.c). */
void ar_setup_local_apic(apicrig *r);   /* setup_local_APIC on the BSP with an I/O APIC */
void ar_init_8259(apicrig *r);          /* init_8259A: vectors 0x30 / 0x38 here (as Linux's
                                           ISA_IRQ_VECTOR(0) = 0x30), cascade on IR2 */

#endif
