/* tests/cpu/x86/cpu.c — the x86 chip as a machine sees it: reset state,
 * HLT and wake-up by INTR through the "iack" bus, NMI, the trap flag,
 * CPUID per model, #UD for undefined opcodes, the register descriptor and
 * capstone disassembly. Each test builds a one-CPU machine with the C API
 * and runs a few hand-assembled instructions. */
#include "tests/harness.h"
#include "core/machine.h"
#include "cpu/x86/x86.h"

typedef struct rig {
    ww_sched *sched;
    ww_chip *chip;
    x86_cpu *c;
    ww_space *mem, *iack;
    uint8_t *ram, vec[1];
} rig;

/* 1 MiB RAM at 0 (and mirrored at the top for 386+ reset), an "iack" space
 * whose byte 0 is the vector an interrupt controller would return. */
static void rig_new(rig *r, const char *model, bool with_iack)
{
    GError *err = NULL;
    memset(r, 0, sizeof *r);
    r->sched = ww_sched_new();
    r->chip = ww_chip_new("x86", "cpu", r->sched, &err);
    WW_CHECK_NOERR(r->chip != NULL, err);
    WW_CHECK_NOERR(ww_chip_set_prop(r->chip, "model", model, &err), err);
    ww_space_config cfg = { 32, 12, WW_LITTLE_ENDIAN, WW_UNMAPPED_OPEN_BUS, 0xFFFFFFFF };
    r->mem = ww_space_new("cpu.mem", &cfg, &err);
    r->ram = g_malloc0(1 << 20);
    WW_CHECK_NOERR(ww_space_map_ram(r->mem, "ram", 0, 1 << 20, r->ram, false, 0, &err), err);
    WW_CHECK_NOERR(ww_space_map_ram(r->mem, "top", 0xFFF00000u, 1 << 20, r->ram, false, 0, &err), err);
    WW_CHECK_NOERR(ww_chip_bind_bus(r->chip, "mem", r->mem, &err), err);
    if (with_iack) {
        ww_space_config icfg = { 8, 4, WW_LITTLE_ENDIAN, WW_UNMAPPED_OPEN_BUS, 0xFF };
        r->iack = ww_space_new("cpu.iack", &icfg, &err);
        WW_CHECK_NOERR(ww_space_map_ram(r->iack, "vec", 0, 1, r->vec, true, 0, &err), err);
        WW_CHECK_NOERR(ww_chip_bind_bus(r->chip, "iack", r->iack, &err), err);
    }
    WW_CHECK_NOERR(ww_chip_realize(r->chip, &err), err);
    ww_chip_reset(r->chip, WW_RESET_POWER);
    r->c = (x86_cpu *)r->chip;
}

static void rig_free(rig *r)
{
    ww_chip_free(r->chip);
    ww_space_free(r->mem);
    ww_space_free(r->iack);
    ww_sched_free(r->sched);
    g_free(r->ram);
}

static uint64_t rig_run(rig *r, uint64_t n)
{
    r->c->cpu.stop = WW_STOP_NONE;
    r->c->cpu.exit_request = 0;       /* as the machine loop does before a slice */
    return ww_cpu_ops_of(&r->c->cpu)->run(&r->c->cpu, n);
}

/* Put code at 0000:1000 and jump there. */
static void rig_code(rig *r, const uint8_t *code, size_t len)
{
    memcpy(r->ram + 0x1000, code, len);
    x86_set_seg_real(r->c, X86_CS, 0);
    r->c->eip = 0x1000;
    x86_set_seg_real(r->c, X86_SS, 0);
    r->c->r[ESP] = 0x8000;
}

WW_TEST("cpu/x86/reset_state", t_reset)
{
    rig r;
    rig_new(&r, "pentium-pro", false);
    /* SDM vol. 3 table 9-1: CS F000 base FFFF0000, EIP FFF0, EFLAGS 2, CR0 60000010,
     * EDX = family/model/stepping. */
    WW_CHECK_EQ(r.c->seg[X86_CS].sel, 0xF000);
    WW_CHECK_EQ(r.c->seg[X86_CS].base, 0xFFFF0000u);
    WW_CHECK_EQ(r.c->eip, 0xFFF0);
    WW_CHECK_EQ(r.c->eflags, 2);
    WW_CHECK_EQ(r.c->cr0, 0x60000010u);
    WW_CHECK_EQ(r.c->r[EDX], 0x0612);
    WW_CHECK_EQ(ww_cpu_ops_of(&r.c->cpu)->get_pc(&r.c->cpu), 0xFFFFFFF0u);
    rig_free(&r);
}

WW_TEST("cpu/x86/hlt_intr_iack", t_hlt_intr)
{
    rig r;
    rig_new(&r, "i486", true);
    /* sti; hlt; mov byte [0x600], 1; hlt   — handler for vector 0x42 at 0000:2000:
     * mov byte [0x601], 0x42; iret */
    static const uint8_t code[] = { 0xFB, 0xF4, 0xC6, 0x06, 0x00, 0x06, 0x01, 0xF4 };
    static const uint8_t isr[] = { 0xC6, 0x06, 0x01, 0x06, 0x42, 0xCF };
    rig_code(&r, code, sizeof code);
    memcpy(r.ram + 0x2000, isr, sizeof isr);
    ww_st_le16(r.ram + 0x42 * 4, 0x2000);
    ww_st_le16(r.ram + 0x42 * 4 + 2, 0);
    x86_set_seg_real(r.c, X86_DS, 0);
    r.vec[0] = 0x42;
    rig_run(&r, 100);
    /* Halted with nothing pending: the run returns early with HALT. */
    WW_CHECK_EQ(r.c->cpu.stop, WW_STOP_HALT);
    WW_CHECK_EQ(r.ram[0x601], 0);
    /* Raise INTR: the CPU wakes, reads the vector from iack byte 0, runs the ISR. */
    r.chip->cls->signal(r.chip, 0, 0, 1);
    rig_run(&r, 100);
    WW_CHECK_EQ(r.ram[0x601], 0x42);
    /* The ISR did not clear the (level) request: the line is dropped by the
     * "controller" now, and the code after the first HLT ran to the second. */
    r.chip->cls->signal(r.chip, 0, 0, 0);
    rig_run(&r, 100);
    WW_CHECK_EQ(r.ram[0x600], 1);
    WW_CHECK_EQ(r.c->cpu.stop, WW_STOP_HALT);
    rig_free(&r);
}

WW_TEST("cpu/x86/intr_without_controller_ignored", t_no_iack)
{
    rig r;
    rig_new(&r, "i386", false);
    static const uint8_t code[] = { 0xFB, 0x90, 0x90, 0xF4 };
    rig_code(&r, code, sizeof code);
    r.chip->cls->signal(r.chip, 0, 0, 1);
    rig_run(&r, 100);
    /* No iack bus bound: INTR is ignored, the program reaches its HLT. */
    WW_CHECK_EQ(r.c->cpu.stop, WW_STOP_HALT);
    WW_CHECK_EQ(r.c->eip, 0x1004);
    rig_free(&r);
}

WW_TEST("cpu/x86/nmi_and_trap_flag", t_nmi_tf)
{
    rig r;
    rig_new(&r, "i386", false);
    /* cli; hlt — NMI (vector 2) wakes it regardless of IF. */
    static const uint8_t code[] = { 0xFA, 0xF4, 0xF4 };
    static const uint8_t isr[] = { 0xFE, 0x06, 0x00, 0x07, 0xCF };   /* inc byte [0x700]; iret */
    rig_code(&r, code, sizeof code);
    memcpy(r.ram + 0x2000, isr, sizeof isr);
    ww_st_le16(r.ram + 2 * 4, 0x2000);
    ww_st_le16(r.ram + 1 * 4, 0x2000);   /* #DB uses the same counter */
    x86_set_seg_real(r.c, X86_DS, 0);
    rig_run(&r, 50);
    WW_CHECK_EQ(r.c->cpu.stop, WW_STOP_HALT);
    r.chip->cls->signal(r.chip, 1, 0, 1);
    rig_run(&r, 50);
    WW_CHECK_EQ(r.ram[0x700], 1);
    /* Trap flag: three NOPs with TF set give three #DB traps. */
    static const uint8_t nops[] = { 0x90, 0x90, 0x90, 0xF4 };
    rig_code(&r, nops, sizeof nops);
    r.c->halted = 0;
    r.c->eflags |= F_TF;
    r.ram[0x700] = 0;
    rig_run(&r, 3 + 3 * 2);
    WW_CHECK_EQ(r.ram[0x700], 3);
    rig_free(&r);
}

WW_TEST("cpu/x86/cpuid_per_model", t_cpuid)
{
    static const uint8_t code[] = { 0x66, 0xB8, 1, 0, 0, 0, 0x0F, 0xA2, 0xF4 }; /* mov eax,1; cpuid */
    rig r;
    rig_new(&r, "pentium-pro", false);
    rig_code(&r, code, sizeof code);
    rig_run(&r, 10);
    WW_CHECK_EQ(r.c->r[EAX], 0x0612);
    /* FPU, PSE, TSC, MSR, CX8, CMOV — and nothing that is not implemented
     * (no MMX/SSE/SSE2, no PAE, no APIC, no SEP, no PGE). */
    WW_CHECK_EQ(r.c->r[EDX], 0x8139);
    rig_free(&r);
    /* The 386 has no CPUID: #UD (vector 6) through the IVT. */
    rig_new(&r, "i386", false);
    rig_code(&r, code, sizeof code);
    ww_st_le16(r.ram + 6 * 4, 0x3000);
    r.ram[0x3000] = 0xF4;
    rig_run(&r, 10);
    WW_CHECK_EQ(r.c->last_exc, X86_UD);
    WW_CHECK_EQ(r.c->eip, 0x3001);
    /* The return address on the stack is the CPUID instruction (a fault). */
    WW_CHECK_EQ(ww_ld_le16(r.ram + 0x8000 - 6), 0x1006);
    rig_free(&r);
}

WW_TEST("cpu/x86/undefined_opcode_ud", t_ud)
{
    rig r;
    rig_new(&r, "i286", false);
    /* 0F 0B (UD2) is not a 286 instruction either way; 0F FF is undefined. */
    static const uint8_t code[] = { 0x0F, 0xFF };
    rig_code(&r, code, sizeof code);
    ww_st_le16(r.ram + 6 * 4, 0x3000);
    r.ram[0x3000] = 0xF4;
    rig_run(&r, 5);
    WW_CHECK_EQ(r.c->last_exc, X86_UD);
    rig_free(&r);
}

WW_TEST("cpu/x86/regs_and_disasm", t_regs)
{
    rig r;
    rig_new(&r, "pentium-pro", false);
    const ww_cpu_ops *ops = ww_cpu_ops_of(&r.c->cpu);
    /* gdb's i386 order: eax ecx edx ebx esp ebp esi edi eip eflags cs ss ds es fs gs. */
    static const char *const order[] = { "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi",
                                         "edi", "eip", "eflags", "cs", "ss", "ds", "es",
                                         "fs", "gs" };
    ww_chip *chip = &r.c->cpu.chip;
    for (unsigned i = 0; i < G_N_ELEMENTS(order); i++) {
        unsigned idx;
        const ww_reg_desc *d = ww_chip_find_gdb_reg(chip->cls, (int)i, &idx);
        WW_CHECK(d);
        char name[32];
        ww_reg_name(d, idx, name, sizeof name);
        WW_CHECK_STR(name, order[i]);
    }
    unsigned idx;
    const ww_reg_desc *ebx = ww_chip_find_reg(chip->cls, "ebx", &idx);
    WW_CHECK(ebx);
    ww_chip_reg_set(chip, ebx, idx, 0x12345678);
    WW_CHECK_EQ(r.c->r[EBX], 0x12345678);
    WW_CHECK_EQ(ww_chip_reg_get(chip, ebx, idx), 0x12345678);
    static const uint8_t code[] = { 0x01, 0xD8 };     /* add ax, bx (16-bit real mode) */
    rig_code(&r, code, sizeof code);
    char buf[64];
    WW_CHECK_EQ(ops->disasm(&r.c->cpu, 0x1000, buf, sizeof buf), 2);
    WW_CHECK_STR(buf, "add ax, bx");
    rig_free(&r);
}

/* The debugger's view of linear memory (ops->translate, and disasm through
 * it): through the page tables when CR0.PG is set, by peek — the tables'
 * accessed bits stay clear, the TLB stays empty, a missing page is an
 * answer (false), not a #PF (CR2 unchanged). */
WW_TEST("cpu/x86/debug_translate_peeks", t_debug_translate)
{
    rig r;
    rig_new(&r, "pentium-pro", false);
    const ww_cpu_ops *ops = ww_cpu_ops_of(&r.c->cpu);
    WW_CHECK(ops->translate);
    uint64_t pa = 0;
    /* Paging off: linear is physical. */
    WW_CHECK(ops->translate(&r.c->cpu, 0x12345, false, &pa));
    WW_CHECK_EQ(pa, 0x12345);
    /* Page directory at 0x20000, one table at 0x21000 mapping 0xC0000000 to 0x30000
     * (4 KiB pages), and 0xC0400000 as a 4 MiB page (CR4.PSE) at 0x400000. */
    uint32_t pde0 = 0x21000 | 3, pde1 = 0x400000 | 0x83, pte = 0x30000 | 3;
    memcpy(r.ram + 0x20000 + (0xC00 >> 0), &pde0, 4);          /* 0xC0000000 >> 22 = 0x300 */
    memcpy(r.ram + 0x20000 + 0xC04, &pde1, 4);
    memcpy(r.ram + 0x21000, &pte, 4);
    static const uint8_t nop_hlt[] = { 0x90, 0xF4 };
    memcpy(r.ram + 0x30010, nop_hlt, sizeof nop_hlt);
    r.c->cr3 = 0x20000;
    r.c->cr4 |= 0x10;
    r.c->cr0 |= 0x80000001u;
    r.c->cr2 = 0x5a5a;
    WW_CHECK(ops->translate(&r.c->cpu, 0xC0000010u, false, &pa));
    WW_CHECK_EQ(pa, 0x30010);
    WW_CHECK(ops->translate(&r.c->cpu, 0xC0412345u, true, &pa));
    WW_CHECK_EQ(pa, 0x412345);
    WW_CHECK(!ops->translate(&r.c->cpu, 0xC0001000u, false, &pa));   /* PTE not present */
    WW_CHECK(!ops->translate(&r.c->cpu, 0x00001000u, false, &pa));   /* PDE not present */
    char text[64];
    WW_CHECK_EQ(ops->disasm(&r.c->cpu, 0xC0000010u, text, sizeof text), 1);
    WW_CHECK_STR(text, "nop ");
    /* Nothing was set, filled or raised. */
    uint32_t v;
    memcpy(&v, r.ram + 0x20C00, 4);
    WW_CHECK_EQ(v, pde0);
    memcpy(&v, r.ram + 0x21000, 4);
    WW_CHECK_EQ(v, pte);
    WW_CHECK_EQ(r.c->cr2, 0x5a5a);
    for (unsigned i = 0; i < X86_TLB_SIZE; i++)
        WW_CHECK_EQ(r.c->tlb[i].tag, 0);
    rig_free(&r);
}

/* ---- 286 quirks (issue 17): rules from the SingleStepTests 80286 captures,
 * whole upstream files (cpu/x86/alu.c, exec.c string_op cite the counts). */

/* Run `code` at 0000:1000 on a 286 with DS = ES = 0 and every interrupt
 * vector pointing at a HLT at 0000:3000; returns the vector taken or -1. */
static int run286(rig *r, const uint8_t *code, size_t len)
{
    rig_code(r, code, len);
    x86_set_seg_real(r->c, X86_DS, 0);
    x86_set_seg_real(r->c, X86_ES, 0);
    for (int v = 0; v < 32; v++) {
        ww_st_le16(r->ram + v * 4, 0x3000);
        ww_st_le16(r->ram + v * 4 + 2, 0);
    }
    r->ram[0x3000] = 0xF4;
    r->c->last_exc = -1;
    rig_run(r, 200);
    return r->c->last_exc;
}

WW_TEST("cpu/x86/286_idiv8_quotient_edge", t_286_idiv8)
{
    /* IDIV DH with AX = 8C60h (-29600), DH = 67h (103): the quotient -287
     * overflows, but 8C60h ^ 4000h = CC60h (-13216) = -128 * 103 - 32, so
     * the 286 stores AL = 80h, AH = E0h (-32) and raises nothing. */
    static const uint8_t code[] = { 0xF6, 0xFE, 0xF4 };   /* idiv dh; hlt */
    static const struct { const char *model; uint16_t ax, dx, want_ax; int exc; } cases[] = {
        { "i286", 0x8C60, 0x6700, 0xE080, -1 },
        { "i8086", 0x8C60, 0x6700, 0x8C60, X86_DE },      /* the 8086 faults */
        /* 8000h ^ 4000h = C000h: -16384 / 1 is in no 8-bit range: #DE */
        { "i286", 0x8000, 0x0100, 0x8000, X86_DE },
        /* the ordinary edge: -128 fits on the 286, +128 does not */
        { "i286", 0xFF80, 0x0100, 0x0080, -1 },
        { "i286", 0x0080, 0x0100, 0x0080, X86_DE },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        rig r;
        rig_new(&r, cases[i].model, false);
        r.c->r[EAX] = cases[i].ax;
        r.c->r[EDX] = cases[i].dx;
        int exc = run286(&r, code, sizeof code);
        WW_CHECK_EQ(exc, cases[i].exc);
        WW_CHECK_EQ(r.c->r[EAX] & 0xFFFF, cases[i].want_ax);
        rig_free(&r);
    }
}

WW_TEST("cpu/x86/286_rep_string_limit_fault_cx", t_286_rep_cx)
{
    /* A word access at offset FFFFh overruns the real-mode limit (#GP, INT
     * 13). CX afterwards: a faulting ES:DI write (MOVSW, STOSW) has been
     * decremented twice in that iteration, a faulting read once (MOVSW's
     * DS:SI, LODSW, SCASW); CMPSW decrements between its ES:DI read and its
     * DS:SI read. */
    static const struct {
        const char *what;
        uint8_t op[2];
        uint16_t cx, si, di, want_cx, want_si, want_di;
    } cases[] = {
        { "rep movsw, write faults", { 0xF3, 0xA5 }, 5, 0x0100, 0xFFFF, 3, 0x0102, 0x0001 },
        { "rep movsw, write faults, cx 1", { 0xF3, 0xA5 }, 1, 0x0100, 0xFFFF, 0xFFFF, 0x0102, 0x0001 },
        { "rep movsw, read faults", { 0xF3, 0xA5 }, 5, 0xFFFF, 0x0100, 4, 0x0001, 0x0100 },
        /* two whole iterations first, then the write at FFFFh faults */
        { "rep stosw, third word faults", { 0xF3, 0xAB }, 9, 0x0000, 0xFFFB, 5, 0x0000, 0x0001 },
        { "rep lodsw, read faults", { 0xF3, 0xAD }, 5, 0xFFFF, 0x0000, 4, 0x0001, 0x0000 },
        { "repne scasw, read faults", { 0xF2, 0xAF }, 1, 0x0000, 0xFFFF, 0, 0x0000, 0x0001 },
        { "repne cmpsw, ES:DI read faults", { 0xF2, 0xA7 }, 5, 0x0100, 0xFFFF, 5, 0x0100, 0x0001 },
        { "repe cmpsw, DS:SI read faults", { 0xF3, 0xA7 }, 5, 0xFFFF, 0x0100, 4, 0x0001, 0x0102 },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        rig r;
        rig_new(&r, "i286", false);
        uint8_t code[] = { cases[i].op[0], cases[i].op[1], 0xF4 };
        r.c->r[ECX] = cases[i].cx;
        r.c->r[ESI] = cases[i].si;
        r.c->r[EDI] = cases[i].di;
        r.c->r[EAX] = 0x1234;
        r.ram[0x0100] = r.ram[0x0101] = 0x55;   /* CMPSW/SCASW keep going (REPE: equal) */
        r.ram[0xFFFF] = 0x55;
        r.ram[0x0000] = 0x55;
        int exc = run286(&r, code, sizeof code);
        ww_test_log("%s", cases[i].what);
        WW_CHECK_EQ(exc, X86_GP);
        WW_CHECK_EQ(r.c->r[ECX] & 0xFFFF, cases[i].want_cx);
        WW_CHECK_EQ(r.c->r[ESI] & 0xFFFF, cases[i].want_si);
        WW_CHECK_EQ(r.c->r[EDI] & 0xFFFF, cases[i].want_di);
        rig_free(&r);
    }
}
