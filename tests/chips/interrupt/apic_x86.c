/* tests/chips/interrupt/apic_x86.c — interrupts end to end on the x86 CPU:
 * PIT, PCI device (INTx, MSI) or the local APIC's own timer → I/O APIC → local
 * APIC → CPU, and the 8259 path through LINT0 with the APIC untouched,
 * disabled by IA32_APIC_BASE or in virtual-wire mode (Linux's "noapic").
 *
 * The machine is inline XML wired as the PC's Q35 description should be. The
 * test code is a few hand-assembled bytes in RAM (GNU as --32, listing
 * below): from the reset vector it enters flat 32-bit protected mode, runs a
 * "setup table" of guest accesses the test writes, enables interrupts and
 * halts until CNT reaches TARGET. Every vector's IDT gate leads to a stub
 * that pushes the vector and jumps to one handler, which counts the vector
 * and runs the "handler table" (EOI, device acknowledge …). A table entry is
 * three dwords {kind, address, value}: 1 = 32-bit store, 2 = OUT byte,
 * 3 = 32-bit load into the entry's value, 4 = WRMSR (ECX = address,
 * EDX:EAX = 0:value), 0 = end. */
#include "tests/chips/chipread.h"
#include "tests/harness.h"
#include "core/machine.h"
#include "cpu/x86/x86.h"

enum {
    CNT = 0x500, LASTVEC = 0x504, TARGET = 0x508, DONE = 0x50C, CPUID1 = 0x510,
    GDTR = 0x600, GDT = 0x610, IDTR = 0x680, IDT = 0x1000, STUBS = 0x2000, CODE = 0x3000,
    SETUP = 0x4000, HANDLER = 0x5000, VECCOUNT = 0x6000,
    COMMON = 0x309B,   /* the shared handler in the code below */
};
enum { T_END, T_STORE, T_OUT, T_LOAD, T_WRMSR };

static const uint8_t code[] = {
    /* real mode, CS = 0 */
    0xfa,                                     /* 3000: cli */
    0x31, 0xc0,                               /* 3001: xor ax,ax */
    0x8e, 0xd8,                               /* 3003: mov ds,ax */
    0x66, 0x0f, 0x01, 0x16, 0x00, 0x06,       /* 3005: lgdt dword [0x600] */
    0x0f, 0x20, 0xc0,                         /* 300b: mov eax,cr0 */
    0x0c, 0x01,                               /* 300e: or al,1 */
    0x0f, 0x22, 0xc0,                         /* 3010: mov cr0,eax */
    0x66, 0xea, 0x1b, 0x30, 0x00, 0x00, 0x08, 0x00, /* 3013: jmp dword 0x08:0x301b */
    /* 32-bit protected mode, flat */
    0x66, 0xb8, 0x10, 0x00,                   /* 301b: mov ax,0x10 */
    0x8e, 0xd8,                               /* 301f: mov ds,eax */
    0x8e, 0xc0,                               /* 3021: mov es,eax */
    0x8e, 0xd0,                               /* 3023: mov ss,eax */
    0xbc, 0x00, 0x90, 0x00, 0x00,             /* 3025: mov esp,0x9000 */
    0x0f, 0x01, 0x1d, 0x80, 0x06, 0x00, 0x00, /* 302a: lidt [0x680] */
    0xbe, 0x00, 0x40, 0x00, 0x00,             /* 3031: mov esi,SETUP */
    0xe8, 0x2a, 0x00, 0x00, 0x00,             /* 3036: call run_table */
    0xb8, 0x01, 0x00, 0x00, 0x00,             /* 303b: mov eax,1 */
    0x0f, 0xa2,                               /* 3040: cpuid */
    0x89, 0x15, 0x10, 0x05, 0x00, 0x00,       /* 3042: mov [CPUID1],edx */
    0xfb,                                     /* 3048: sti */
    0xf4,                                     /* 3049: wait: hlt */
    0xa1, 0x00, 0x05, 0x00, 0x00,             /* 304a: mov eax,[CNT] */
    0x3b, 0x05, 0x08, 0x05, 0x00, 0x00,       /* 304f: cmp eax,[TARGET] */
    0x72, 0xf2,                               /* 3055: jb wait */
    0xfa,                                     /* 3057: cli */
    0xc7, 0x05, 0x0c, 0x05, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, /* 3058: mov dword [DONE],1 */
    0xf4,                                     /* 3062: stop: hlt */
    0xeb, 0xfd,                               /* 3063: jmp stop */
    /* run_table: ESI -> {kind, address, value} … {0} */
    0xad,                                     /* 3065: next: lodsd */
    0x85, 0xc0,                               /* 3066: test eax,eax */
    0x74, 0x30,                               /* 3068: jz done */
    0x89, 0xc3,                               /* 306a: mov ebx,eax */
    0xad,                                     /* 306c: lodsd */
    0x89, 0xc2,                               /* 306d: mov edx,eax */
    0xad,                                     /* 306f: lodsd */
    0x83, 0xfb, 0x01,                         /* 3070: cmp ebx,1 */
    0x75, 0x04,                               /* 3073: jne 3079 */
    0x89, 0x02,                               /* 3075: mov [edx],eax */
    0xeb, 0xec,                               /* 3077: jmp next */
    0x83, 0xfb, 0x02,                         /* 3079: cmp ebx,2 */
    0x75, 0x03,                               /* 307c: jne 3081 */
    0xee,                                     /* 307e: out dx,al */
    0xeb, 0xe4,                               /* 307f: jmp next */
    0x83, 0xfb, 0x03,                         /* 3081: cmp ebx,3 */
    0x75, 0x07,                               /* 3084: jne 308d */
    0x8b, 0x02,                               /* 3086: mov eax,[edx] */
    0x89, 0x46, 0xfc,                         /* 3088: mov [esi-4],eax */
    0xeb, 0xd8,                               /* 308b: jmp next */
    0x83, 0xfb, 0x04,                         /* 308d: cmp ebx,4 */
    0x75, 0xd3,                               /* 3090: jne next */
    0x89, 0xd1,                               /* 3092: mov ecx,edx */
    0x31, 0xd2,                               /* 3094: xor edx,edx */
    0x0f, 0x30,                               /* 3096: wrmsr */
    0xeb, 0xcb,                               /* 3098: jmp next */
    0xc3,                                     /* 309a: done: ret */
    /* common: the stub pushed the vector */
    0x60,                                     /* 309b: pushad */
    0x8b, 0x44, 0x24, 0x20,                   /* 309c: mov eax,[esp+32] */
    0x0f, 0xb6, 0xc0,                         /* 30a0: movzx eax,al */
    0xa3, 0x04, 0x05, 0x00, 0x00,             /* 30a3: mov [LASTVEC],eax */
    0xff, 0x04, 0x85, 0x00, 0x60, 0x00, 0x00, /* 30a8: inc dword [VECCOUNT+eax*4] */
    0xff, 0x05, 0x00, 0x05, 0x00, 0x00,       /* 30af: inc dword [CNT] */
    0xbe, 0x00, 0x50, 0x00, 0x00,             /* 30b5: mov esi,HANDLER */
    0xe8, 0xa6, 0xff, 0xff, 0xff,             /* 30ba: call run_table */
    0x61,                                     /* 30bf: popad */
    0x83, 0xc4, 0x04,                         /* 30c0: add esp,4 */
    0xcf,                                     /* 30c3: iretd */
};

static const char *const machine_xml =
    "<machine name='test/apic-x86' title='x86 with local APIC, I/O APIC, 8259A pair, 8254'>\n"
    "  <cpu id='cpu' type='x86' model='pentium-pro' apic='true'/>\n"
    "  <ram id='ram' size='1MiB'/>\n"
    "  <ram id='boot' size='64KiB'/>\n"
    "  <chip id='lapic' type='lapic'/>\n"
    "  <chip id='ioapic' type='ioapic'/>\n"
    "  <chip id='pic0' type='i8259' variant='master'/>\n"
    "  <chip id='pic1' type='i8259' variant='slave'/>\n"
    "  <chip id='pit' type='i8254' clock='1.193182MHz'/>\n"
    "  <space name='lapic.msg' alias='cpu.mem'/>\n"
    "  <space name='ioapic.msg' alias='cpu.mem'/>\n"
    "  <map space='cpu.mem' at='0' to='ram'/>\n"
    "  <map space='cpu.mem' at='0xFFFF0000' to='boot'/>\n"
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
    "  <wire from='lapic.intr' to='cpu.intr'/>\n"
    "  <wire from='lapic.nmi' to='cpu.nmi'/>\n"
    "  <wire from='pic1.int' to='pic0.ir@2'/>\n"
    "  <wire from='pic0.int' to='lapic.lint@0,ioapic.gsi@0'/>\n"
    "  <wire from='pit.out@0' to='pic0.ir@0,ioapic.gsi@2'/>\n"
    "  <wire from='dev.intx' to='ioapic.gsi@16'/>\n"
    "</machine>\n";

typedef struct {
    ww_machine *m;
    uint8_t *ram;
    ww_chip *cpu, *lapic, *ioapic;
    unsigned nsetup, nhandler;
} pc;

static void put32(pc *p, uint32_t a, uint32_t v) { ww_st_le32(p->ram + a, v); }
static uint32_t get32(pc *p, uint32_t a) { return ww_ld_le32(p->ram + a); }

static void pc_init(pc *p, uint32_t target)
{
    memset(p, 0, sizeof *p);
    p->m = ww_test_machine_xml(machine_xml);
    uint64_t size = 0;
    p->ram = ww_machine_find_memory(p->m, "ram", &size);
    uint8_t *boot = ww_machine_find_memory(p->m, "boot", NULL);
    p->cpu = ww_machine_find_chip(p->m, "cpu");
    p->lapic = ww_machine_find_chip(p->m, "lapic");
    p->ioapic = ww_machine_find_chip(p->m, "ioapic");
    WW_CHECK(p->ram && size == 1u << 20 && boot && p->cpu && p->lapic && p->ioapic);
    /* Reset vector FFFFFFF0h: jmp far 0000:3000. */
    static const uint8_t jmp[] = { 0xEA, 0x00, 0x30, 0x00, 0x00 };
    memcpy(boot + 0xFFF0, jmp, sizeof jmp);
    memcpy(p->ram + CODE, code, sizeof code);
    /* GDT: null, flat 32-bit code (08h), flat data (10h). */
    put32(p, GDT + 8, 0x0000FFFF);
    put32(p, GDT + 12, 0x00CF9A00);
    put32(p, GDT + 16, 0x0000FFFF);
    put32(p, GDT + 20, 0x00CF9200);
    ww_st_le16(p->ram + GDTR, 23);
    put32(p, GDTR + 2, GDT);
    /* IDT: 256 interrupt gates to stubs "push vector; jmp common". */
    ww_st_le16(p->ram + IDTR, 256 * 8 - 1);
    put32(p, IDTR + 2, IDT);
    for (unsigned v = 0; v < 256; v++) {
        uint32_t stub = STUBS + 8 * v;
        put32(p, IDT + 8 * v, 0x00080000u | (stub & 0xFFFF));
        put32(p, IDT + 8 * v + 4, (stub & 0xFFFF0000u) | 0x8E00);
        p->ram[stub] = 0x6A;                      /* push imm8 */
        p->ram[stub + 1] = (uint8_t)v;
        p->ram[stub + 2] = 0xE9;                  /* jmp rel32 */
        put32(p, stub + 3, COMMON - (stub + 7));
    }
    put32(p, TARGET, target);
}

static void pc_free(pc *p)
{
    ww_machine_free(p->m);
}

static void entry(uint32_t table, unsigned *n, pc *p, uint32_t kind, uint32_t addr, uint32_t v)
{
    uint32_t a = table + 12 * (*n)++;
    put32(p, a, kind);
    put32(p, a + 4, addr);
    put32(p, a + 8, v);
    put32(p, a + 12, T_END);
}
#define SETUP_OP(p, k, a, v) entry(SETUP, &(p)->nsetup, (p), (k), (a), (v))
#define HANDLER_OP(p, k, a, v) entry(HANDLER, &(p)->nhandler, (p), (k), (a), (v))

/* The guest's programming sequences (as Linux's apic.c, i8259.c, io_apic.c). */
static void setup_local_apic(pc *p, uint32_t lvt0)
{
    SETUP_OP(p, T_STORE, 0xFEE000E0, 0xFFFFFFFF);   /* DFR flat */
    SETUP_OP(p, T_STORE, 0xFEE000D0, 0x01000000);   /* LDR: CPU 0's bit */
    SETUP_OP(p, T_STORE, 0xFEE00080, 0x10);         /* TPR */
    SETUP_OP(p, T_STORE, 0xFEE000F0, 0x1FF);        /* SVR: enable, spurious 0xFF */
    SETUP_OP(p, T_STORE, 0xFEE00350, lvt0);         /* LVT LINT0 */
    SETUP_OP(p, T_STORE, 0xFEE00360, 0x400);        /* LVT LINT1: NMI */
    SETUP_OP(p, T_STORE, 0xFEE00280, 0);            /* ESR */
    SETUP_OP(p, T_STORE, 0xFEE00370, 0xFE);         /* LVT error */
}

static void init_8259(pc *p, uint8_t master_mask)
{
    static const uint8_t seq[][2] = {
        { 0x21, 0xFF }, { 0xA1, 0xFF }, { 0x20, 0x11 }, { 0x21, 0x30 }, { 0x21, 0x04 },
        { 0x21, 0x01 }, { 0xA0, 0x11 }, { 0xA1, 0x38 }, { 0xA1, 0x02 }, { 0xA1, 0x01 },
        { 0xA1, 0xFF },
    };
    for (unsigned i = 0; i < G_N_ELEMENTS(seq); i++)
        SETUP_OP(p, T_OUT, seq[i][0], seq[i][1]);
    SETUP_OP(p, T_OUT, 0x21, master_mask);
}

static void pit_hz1000(pc *p)
{
    SETUP_OP(p, T_OUT, 0x43, 0x34);                 /* counter 0, LSB/MSB, mode 2 */
    SETUP_OP(p, T_OUT, 0x40, 1193 & 0xFF);
    SETUP_OP(p, T_OUT, 0x40, 1193 >> 8);
}

static void ioapic_entry(pc *p, unsigned pin, uint64_t e)
{
    SETUP_OP(p, T_STORE, 0xFEC00000, 0x11 + 2 * pin);
    SETUP_OP(p, T_STORE, 0xFEC00010, (uint32_t)(e >> 32));
    SETUP_OP(p, T_STORE, 0xFEC00000, 0x10 + 2 * pin);
    SETUP_OP(p, T_STORE, 0xFEC00010, (uint32_t)e);
}

static void pci_config(pc *p, unsigned reg, uint32_t v)
{
    ww_space *io = ww_machine_find_space(p->m, "cpu.io");
    ww_space_write(io, 0xcf8, 4, 0x80000000u | 3 << 11 | reg);
    ww_space_write(io, 0xcfc, 4, v);
}

static uint32_t pci_config_read(pc *p, unsigned reg)
{
    ww_space *io = ww_machine_find_space(p->m, "cpu.io");
    uint64_t v = 0;
    ww_space_write(io, 0xcf8, 4, 0x80000000u | 3 << 11 | reg);
    ww_space_read(io, 0xcfc, 4, &v);
    return (uint32_t)v;
}

static void run(pc *p, ww_time until)
{
    ww_cpu_stop st = ww_machine_run_until(p->m, until);
    WW_CHECK_MSG(st == WW_STOP_NONE, "machine stopped (%d) at pc 0x%" PRIx64, st,
                 ww_cpu_ops_of(ww_cpu_of(p->cpu))->get_pc(ww_cpu_of(p->cpu)));
}

/* No exception was taken: vectors 0-31 never counted. */
static void check_no_exceptions(pc *p)
{
    for (unsigned v = 0; v < 32; v++)
        WW_CHECK_MSG(get32(p, VECCOUNT + 4 * v) == 0, "exception %u taken", v);
}

WW_TEST("chips/apic-x86/pit-through-ioapic", t_pit_ioapic)
{
    pc p;
    pc_init(&p, 5);
    /* The local APIC as setup_local_APIC leaves it (LINT0 ExtINT masked), the
     * 8259 initialized and fully masked, IRQ0 on I/O APIC pin 2 to vector 0x30
     * (logical destination 1, edge), the PIT at HZ=1000; EOI in the handler. */
    setup_local_apic(&p, 0x10700);
    init_8259(&p, 0xFF);
    ioapic_entry(&p, 2, 0x0100000000000830ull);
    pit_hz1000(&p);
    HANDLER_OP(&p, T_STORE, 0xFEE000B0, 0);
    /* 5 ms of PIT ticks (period 0.99985 ms): just not yet done at 4.9 ms. */
    run(&p, 4900000);
    WW_CHECK_EQ(get32(&p, CNT), 4);
    run(&p, 20000000);
    /* Five timer interrupts, all with vector 0x30, and the loop finished. */
    WW_CHECK_EQ(get32(&p, DONE), 1);
    WW_CHECK_EQ(get32(&p, CNT), 5);
    WW_CHECK_EQ(get32(&p, VECCOUNT + 4 * 0x30), 5);
    check_no_exceptions(&p);
    /* CPUID.1:EDX reports the APIC (bit 9) on this pentium-pro with apic=true. */
    WW_CHECK(get32(&p, CPUID1) & (1u << 9));
    /* Every interrupt was retired: nothing in service. */
    WW_CHECK_EQ(chip_reg(p.lapic, "ISR1"), 0);
    pc_free(&p);
}

WW_TEST("chips/apic-x86/pic-path-with-apic-untouched", t_pic_untouched)
{
    pc p;
    pc_init(&p, 5);
    /* A kernel that knows nothing of the APIC: 8259 with IRQ0 unmasked, the
     * PIT; the handler's EOI goes to the 8259. */
    init_8259(&p, 0xFE);
    pit_hz1000(&p);
    HANDLER_OP(&p, T_OUT, 0x20, 0x20);
    run(&p, 20000000);
    WW_CHECK_EQ(get32(&p, DONE), 1);
    WW_CHECK_EQ(get32(&p, VECCOUNT + 4 * 0x30), 5);
    check_no_exceptions(&p);
    /* The local APIC stayed software-disabled and saw nothing. */
    WW_CHECK_EQ(chip_reg(p.lapic, "SVR"), 0xFF);
    WW_CHECK_EQ(chip_reg(p.lapic, "ISR1"), 0);
    pc_free(&p);
}

WW_TEST("chips/apic-x86/pic-path-with-apic-disabled-by-msr", t_pic_msr)
{
    pc p;
    pc_init(&p, 5);
    /* WRMSR IA32_APIC_BASE with EN = 0 (Linux "nolapic" style), then the 8259. */
    SETUP_OP(&p, T_WRMSR, 0x1B, 0xFEE00000);
    init_8259(&p, 0xFE);
    pit_hz1000(&p);
    HANDLER_OP(&p, T_OUT, 0x20, 0x20);
    run(&p, 20000000);
    WW_CHECK_EQ(get32(&p, DONE), 1);
    WW_CHECK_EQ(get32(&p, VECCOUNT + 4 * 0x30), 5);
    check_no_exceptions(&p);
    /* The MSR kept BSP (read-only) and EN = 0; the APIC got the same value,
     * and CPUID no longer reports an APIC (SDM §10.4.3). */
    WW_CHECK_EQ(chip_reg(p.cpu, "apic_base"), 0xFEE00100);
    WW_CHECK_EQ(chip_reg(p.lapic, "APICBASE"), 0xFEE00100);
    WW_CHECK_EQ(get32(&p, CPUID1) & (1u << 9), 0);
    pc_free(&p);
}

WW_TEST("chips/apic-x86/virtual-wire-noapic", t_virtual_wire)
{
    pc p;
    pc_init(&p, 5);
    /* "noapic": the local APIC is enabled with LINT0 as unmasked ExtINT; the
     * 8259 delivers through it and answers the INTA. */
    setup_local_apic(&p, 0x700);
    init_8259(&p, 0xFE);
    pit_hz1000(&p);
    HANDLER_OP(&p, T_OUT, 0x20, 0x20);
    run(&p, 20000000);
    WW_CHECK_EQ(get32(&p, DONE), 1);
    WW_CHECK_EQ(get32(&p, VECCOUNT + 4 * 0x30), 5);
    check_no_exceptions(&p);
    WW_CHECK_EQ(chip_reg(p.lapic, "SVR"), 0x1FF);
    WW_CHECK_EQ(chip_reg(p.lapic, "ISR1"), 0);
    pc_free(&p);
}

WW_TEST("chips/apic-x86/level-pci-intx-and-eoi-broadcast", t_level)
{
    pc p;
    pc_init(&p, 2);
    /* Firmware placed the PCI function: BAR0 0xE0000000, memory + master. */
    pci_config(&p, 0x10, 0xE0000000);
    pci_config(&p, 0x04, 0x0006);
    /* Pin 16 level-triggered, vector 0x41; the device asserts INTx at the end
     * of the set-up. The handler acknowledges the device (CMD 3: INTx off),
     * then EOIs: the EOI is broadcast and clears remote IRR. */
    setup_local_apic(&p, 0x10700);
    ioapic_entry(&p, 16, 0x0100000000008841ull);
    SETUP_OP(&p, T_STORE, 0xE000000C, 2);
    HANDLER_OP(&p, T_STORE, 0xE000000C, 3);
    HANDLER_OP(&p, T_STORE, 0xFEE000B0, 0);
    run(&p, 1000000);
    WW_CHECK_EQ(get32(&p, CNT), 1);
    WW_CHECK_EQ(get32(&p, LASTVEC), 0x41);
    /* Accepted as level (TMR), retired, and the I/O APIC waits for no EOI. */
    WW_CHECK(chip_reg(p.lapic, "TMR2") & (1u << 1));
    WW_CHECK_EQ(chip_reg(p.lapic, "ISR2"), 0);
    WW_CHECK_EQ(chip_reg(p.ioapic, "IOREDTBL16") & (1u << 14), 0);
    /* The device asserts again later (a write from outside the CPU). */
    ww_space_write(ww_machine_find_space(p.m, "cpu.mem"), 0xE000000C, 4, 2);
    run(&p, 2000000);
    WW_CHECK_EQ(get32(&p, CNT), 2);
    WW_CHECK_EQ(get32(&p, DONE), 1);
    check_no_exceptions(&p);
    pc_free(&p);
}

WW_TEST("chips/apic-x86/lapic-timer-periodic", t_lapic_timer)
{
    pc p;
    pc_init(&p, 5);
    /* The local APIC timer alone: periodic, divide 16, 1 ms at 1 GHz. */
    setup_local_apic(&p, 0x10700);
    SETUP_OP(&p, T_STORE, 0xFEE003E0, 0x3);
    SETUP_OP(&p, T_STORE, 0xFEE00320, 0x200EC);
    SETUP_OP(&p, T_STORE, 0xFEE00380, 62500);
    HANDLER_OP(&p, T_STORE, 0xFEE000B0, 0);
    run(&p, 4990000);
    WW_CHECK_EQ(get32(&p, CNT), 4);
    run(&p, 5100000);
    WW_CHECK_EQ(get32(&p, DONE), 1);
    WW_CHECK_EQ(get32(&p, VECCOUNT + 4 * 0xEC), 5);
    check_no_exceptions(&p);
    pc_free(&p);
}

WW_TEST("chips/apic-x86/msi-from-pci-function", t_msi)
{
    pc p;
    pc_init(&p, 1);
    /* MSI to destination 0, vector 0x62; the device signals at the end of the
     * set-up (CMD 4), the write through cpu.mem reaches the local APIC. */
    pci_config(&p, 0x10, 0xE0000000);
    pci_config(&p, 0x04, 0x0006);
    pci_config(&p, 0x54, 0xFEE00000);
    pci_config(&p, 0x58, 0);
    pci_config(&p, 0x5C, 0x0062);
    pci_config(&p, 0x50, pci_config_read(&p, 0x50) | 1u << 16);   /* MSI enable */
    setup_local_apic(&p, 0x10700);
    SETUP_OP(&p, T_STORE, 0xE000000C, 4);
    HANDLER_OP(&p, T_STORE, 0xFEE000B0, 0);
    run(&p, 1000000);
    WW_CHECK_EQ(get32(&p, DONE), 1);
    WW_CHECK_EQ(get32(&p, VECCOUNT + 4 * 0x62), 1);
    check_no_exceptions(&p);
    pc_free(&p);
}

WW_TEST("chips/apic-x86/apic-base-relocated-by-wrmsr", t_relocate)
{
    pc p;
    pc_init(&p, 1);
    /* WRMSR moves the register page to 0x000F0000; the self IPI and the EOI
     * go to the new place. */
    SETUP_OP(&p, T_WRMSR, 0x1B, 0x000F0900);
    SETUP_OP(&p, T_STORE, 0x000F00F0, 0x1FF);
    SETUP_OP(&p, T_LOAD, 0x000F0030, 0);            /* the version, read back */
    SETUP_OP(&p, T_STORE, 0x000F0300, 0x40050);     /* ICR: self, vector 0x50 */
    HANDLER_OP(&p, T_STORE, 0x000F00B0, 0);
    run(&p, 1000000);
    WW_CHECK_EQ(get32(&p, DONE), 1);
    WW_CHECK_EQ(get32(&p, VECCOUNT + 4 * 0x50), 1);
    WW_CHECK_EQ(get32(&p, SETUP + 2 * 12 + 8), 0x00050014);
    check_no_exceptions(&p);
    WW_CHECK_EQ(chip_reg(p.cpu, "apic_base"), 0x000F0900);
    WW_CHECK_EQ(chip_reg(p.lapic, "APICBASE"), 0x000F0900);
    WW_CHECK_EQ(chip_reg(p.lapic, "ISR2"), 0);
    pc_free(&p);
}
