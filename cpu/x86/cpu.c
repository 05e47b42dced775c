/* cpu/x86/cpu.c — the "x86" chip: class, properties, register descriptor
 * (gdb i386 order), reset, run loop, interrupt inputs.
 *
 * Reset state: CS:IP = F000:FFF0 with CS base FFFF0000 on 386+ (SDM vol. 3
 * §9.1.4), F0000 on 8086/286. Buses: "mem" (32-bit, little-endian, open bus
 * all ones), "io" (16-bit), "iack" (reading byte 0 acknowledges the interrupt
 * and returns its vector; unbound = no controller, INTR ignored; with
 * apic=true an 8-byte write at 8 tells the local APIC IA32_APIC_BASE, see
 * exec_0f.c). Ports: "intr" (level), "nmi" (edge). Cycles: 1 per instruction. */
#include "cpu/x86/x86.h"
#include "core/tcache.h"
#include <capstone/capstone.h>
#include <stdio.h>

static const char *const x86_models[] = { "i8086", "i286", "i386", "i486", "pentium-pro", NULL };
static const char *const x86_engines[] = { "interp", "interp-slow", NULL };

void x86_apply_model(x86_cpu *c)
{
    static const uint32_t masks[] = { 0xFFFFF, 0xFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF };
    unsigned m = c->model < 5 ? c->model : 4;
    c->level = (int)m;   /* X86_I8086 … X86_PPRO follow the model list */
    c->amask = masks[m] & (c->space_mask ? c->space_mask : 0xFFFFFFFFu);
}

uint64_t x86_tsc(x86_cpu *c)
{
    ww_sched *s = c->cpu.chip.sched;
    if (c->cpu.user_mode || !s)
        return c->cpu.cycles + c->tsc_offset;
    return ww_ns_to_ticks(ww_sched_now(s), c->cpu.clock_hz) + c->tsc_offset;
}

void x86_set_tsc(x86_cpu *c, uint64_t v)
{
    c->tsc_offset = 0;
    c->tsc_offset = v - x86_tsc(c);
}

/* The model-dependent part of the reset state (SDM vol. 3 Table 9-1); the
 * register table below declares everything that is the same on every model,
 * and the core applies it before this runs. */
void x86_cpu_reset_state(x86_cpu *c)
{
    x86_apply_model(c);
    for (int i = 0; i < 6; i++)
        c->seg[i].attr = 0x0093;
    c->seg[X86_CS].attr = 0x009B;
    c->seg[X86_CS].base = c->level >= X86_I386 ? 0xFFFF0000u : 0xF0000;
    c->ldtr.attr = 0x0082;
    c->tr.attr = 0x008B;
    c->eflags = c->level == X86_I8086 ? 0xF002 : 2;
    c->lf_op = LF_NONE;
    c->cr0 = c->level >= X86_I486 ? 0x60000010 : c->level == X86_I386 ? 0x10 : 0;
    memset(c->dr, 0, sizeof c->dr);
    c->dr[6] = 0xFFFF0FF0;
    c->dr[7] = 0x400;
    c->exc_depth = 0;
    c->last_exc = -1;
    x86_set_tsc(c, 0);   /* RESET clears the TSC (SDM vol. 3 §17.17) */
    /* EDX holds the component identification (SDM vol. 3 §9.1.4). */
    c->r[EDX] = c->level >= X86_I386 ? (c->level == X86_I486 ? 0x0480 : 0x0612) : 0;
    /* IA32_APIC_BASE: FEE00000h, BSP, enabled (SDM vol. 3 §10.4.4). */
    c->msr_apicbase = c->apic && c->level >= X86_PPRO ? 0xFEE00900u : 0;
    for (int i = 0; i < 6; i++)
        x86_seg_update_flat(&c->seg[i]);
    x86_tlb_flush(c);
    x86_fetch_flush(c);
}

static void x86_reset(ww_chip *chip, ww_reset_kind kind)
{
    x86_cpu *c = (x86_cpu *)chip;
    x86_refresh_tables(c);
    x86_cpu_reset_state(c);
}

static bool x86_realize(ww_chip *chip, GError **err)
{
    x86_cpu *c = (x86_cpu *)chip;
    x86_apply_model(c);
    if (!c->cpu.clock_hz)
        c->cpu.clock_hz = 100000000;
    return true;
}

/* Take a fault that longjmp'd out of an instruction. */
static void take_fault(x86_cpu *c)
{
    int vec = c->exc_vec, err = c->exc_err;
    x86_deliver(c, vec, err, X86_EXC, c->eip);
}

/* After an instruction, the rare cases (the caller tested stop | tf |
 * events): stop, the trap flag, REP restart, interrupt lines, interrupt
 * shadow. `tf` is TF as the instruction began. False: leave the loop. */
bool x86_after_step_rare(x86_cpu *c, uint32_t tf)
{
    ww_cpu *cpu = &c->cpu;
    if (cpu->stop != WW_STOP_NONE)
        return false;
    if (tf && !c->rep_more) {
        c->op_eip = c->eip;
        x86_deliver(c, X86_DB, -1, X86_EXT, c->eip);
        if (cpu->stop != WW_STOP_NONE)
            return false;
    }
    c->rep_more = false;
    if (c->intr_line || c->nmi_pending || c->inhibit_irq)
        x86_check_interrupts(c);
    return true;
}

static inline bool x86_after_step(x86_cpu *c, uint32_t tf)
{
    if (__builtin_expect(c->cpu.stop | tf | c->events, 0))
        return x86_after_step_rare(c, tf);
    return true;
}

static uint64_t x86_run_loop(ww_cpu *cpu, uint64_t budget)
{
    x86_cpu *c = (x86_cpu *)cpu;
    uint64_t start = cpu->cycles;
    const uint64_t end = start + budget;   /* not modified after setjmp: no volatile needed */
    if (cpu->chip.bus[X86_BUS_MEM] && ww_space_generation(cpu->chip.bus[X86_BUS_MEM]) != c->gen)
        x86_refresh_tables(c);
    cpu->stop = WW_STOP_NONE;
    if (setjmp(c->jb)) {
        /* A fault unwound an instruction (or an exception delivery). */
        x86_tc_unpatch(c);
        cpu->cycles++;
        if (cpu->stop == WW_STOP_NONE)
            take_fault(c);
        if (cpu->stop != WW_STOP_NONE)
            return cpu->cycles - start;
    }
    const bool fast = c->engine == X86_ENGINE_INTERP;
    if (fast && !c->tc_tried)
        x86_tc_init(c);
    for (;;) {
        if (fast) {
            x86_run_cached(c, end);   /* tc.c (exec.c x86_run_fast without a cache) */
            if (cpu->stop != WW_STOP_NONE)
                break;
        }
        if (!(cpu->cycles < end && !cpu->exit_request))
            break;
        if (c->halted) {
            if ((c->intr_line && (c->eflags & F_IF) && cpu->chip.bus[X86_BUS_IACK]) ||
                (c->nmi_pending && !c->nmi_blocked)) {
                x86_check_interrupts(c);
                continue;
            }
            cpu->stop = WW_STOP_HALT;
            break;
        }
        if (__builtin_expect(cpu->bp_on, 0) &&
            ww_cpu_break_check(cpu, c->seg[X86_CS].base + c->eip))
            break;   /* breakpoint (core/cpu.h debug contract) */
        uint32_t tf = c->eflags & F_TF;
        x86_step(c);
        /* The reference keeps no lazy flags across instructions: its readers
         * see exact EFLAGS, so the lockstep test and the fuzz harness hold
         * the lazy fast paths of "interp" (x86_cond, x86_cf) to them. */
        x86_flags_sync(c);
        cpu->cycles++;
        if (!x86_after_step(c, tf))
            break;
    }
    return cpu->cycles - start;
}

/* Every way out of the run loop (a stop, the budget, a fault that ends the
 * slice) leaves EFLAGS exact: the register descriptor, snapshots, gdb, the
 * monitor and the tests read and write c->eflags directly. */
static uint64_t x86_run(ww_cpu *cpu, uint64_t budget)
{
    x86_cpu *c = (x86_cpu *)cpu;
    uint64_t n = x86_run_loop(cpu, budget);
    x86_flags_sync(c);
    return n;
}

static void x86_unrealize(ww_chip *chip)
{
    x86_tc_fini((x86_cpu *)chip);
}

static void x86_signal(ww_chip *chip, unsigned port, unsigned index, int level)
{
    x86_cpu *c = (x86_cpu *)chip;
    if (port == X86_PORT_INTR) {
        c->intr_line = level != 0;
        if (level)
            ww_cpu_kick(&c->cpu);
    } else if (port == X86_PORT_NMI && level) {
        c->nmi_pending = 1;
        ww_cpu_kick(&c->cpu);
    }
}

static uint64_t x86_get_pc(ww_cpu *cpu)
{
    x86_cpu *c = (x86_cpu *)cpu;
    return c->seg[X86_CS].base + c->eip;
}

static void x86_set_pc(ww_cpu *cpu, uint64_t pc)
{
    x86_cpu *c = (x86_cpu *)cpu;
    c->eip = (uint32_t)(pc - c->seg[X86_CS].base);
}

#define AT(m) WW_AT(x86_cpu, m)

static const ww_field_desc eflags_fields[] = {
    { "CF", 0, 1, "carry" }, { "PF", 2, 1, "parity" }, { "AF", 4, 1, "adjust" },
    { "ZF", 6, 1, "zero" }, { "SF", 7, 1, "sign" }, { "TF", 8, 1, "trap" },
    { "IF", 9, 1, "interrupt enable" }, { "DF", 10, 1, "direction" },
    { "OF", 11, 1, "overflow" }, { "IOPL", 12, 2, "I/O privilege level" },
    { "NT", 14, 1, "nested task" }, { "RF", 16, 1, "resume" }, { "VM", 17, 1, "virtual 8086" },
    { "AC", 18, 1, "alignment check" }, { "ID", 21, 1, "CPUID available" },
    { NULL }
};

static const ww_field_desc cr0_fields[] = {
    { "PE", 0, 1, "protection enable" }, { "MP", 1, 1, "monitor coprocessor" },
    { "EM", 2, 1, "emulation" }, { "TS", 3, 1, "task switched" },
    { "ET", 4, 1, "extension type" }, { "NE", 5, 1, "numeric error" },
    { "WP", 16, 1, "write protect" }, { "AM", 18, 1, "alignment mask" },
    { "NW", 29, 1, "not write-through" }, { "CD", 30, 1, "cache disable" },
    { "PG", 31, 1, "paging" }, { NULL }
};

static const ww_field_desc fsw_fields[] = {
    { "IE", 0, 1, "invalid" }, { "DE", 1, 1, "denormal" }, { "ZE", 2, 1, "zero divide" },
    { "OE", 3, 1, "overflow" }, { "UE", 4, 1, "underflow" }, { "PE", 5, 1, "precision" },
    { "SF", 6, 1, "stack fault" }, { "ES", 7, 1, "error summary" }, { "C0", 8, 1 },
    { "C1", 9, 1 }, { "C2", 10, 1 }, { "TOP", 11, 3, "stack top" }, { "C3", 14, 1 },
    { "B", 15, 1, "busy" }, { NULL }
};

static const char *const gpr_names[] = { "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi" };
static const char *const fpr_names[] = { "fpr0", "fpr1", "fpr2", "fpr3", "fpr4", "fpr5", "fpr6",
                                         "fpr7" };

/* Registers, in gdb's i386 numbering where gdb has them (gdb/features/i386/
 * 32bit-core.xml: eax..edi 0-7, eip 8, eflags 9, cs ss ds es fs gs 10-15,
 * st0-7 16-23, fctrl fstat ftag fiseg fioff foseg fooff fop 24-31). The x87
 * registers are listed physically (R0-R7; ST(i) is R[(TOP+i) mod 8]), so
 * they carry no gdb number: the gdb view maps them. */
enum { R_GPR, R_EIP, R_EFLAGS, R_CS, R_SS, R_DS, R_ES, R_FS, R_GS, R_FPR, R_FCTRL, R_FSTAT,
       R_FTAG, R_FISEG, R_FIOFF, R_FOSEG, R_FOOFF, R_FOP, R_CR0, R_CR2, R_CR3, R_CR4, R_DR,
       R_GDT_BASE, R_GDT_LIMIT, R_IDT_BASE, R_IDT_LIMIT, R_LDTR, R_TR, R_SYSENTER_CS,
       R_SYSENTER_ESP, R_SYSENTER_EIP, R_APICBASE, R_PAT, R_MISC, R__COUNT };
#define REG(name, fl, member, ...) \
    { name, .flags = WW_REG_INTERNAL | (fl), .at = AT(member), __VA_ARGS__ }
static const ww_reg_desc x86_regs[] = {
    [R_GPR]    = REG("r", WW_REG_CHIP_RESET, r[0], .count = 8, .names = gpr_names, .gdb = WW_GDB(0), .group = "general", .doc = "EDX holds the model's component id after reset"),
    [R_EIP]    = REG("eip", WW_REG_SIDE, eip, .reset = 0xFFF0, .gdb = WW_GDB(8), .group = "general"),
    [R_EFLAGS] = REG("eflags", WW_REG_CHIP_RESET, eflags, .fields = eflags_fields, .gdb = WW_GDB(9), .group = "general", .doc = "reset: 2 (8086: F002)"),
    [R_CS]     = REG("cs", 0, seg[X86_CS].sel, .reset = 0xF000, .gdb = WW_GDB(10), .group = "general"),
    [R_SS]     = REG("ss", 0, seg[X86_SS].sel, .gdb = WW_GDB(11), .group = "general"),
    [R_DS]     = REG("ds", 0, seg[X86_DS].sel, .gdb = WW_GDB(12), .group = "general"),
    [R_ES]     = REG("es", 0, seg[X86_ES].sel, .gdb = WW_GDB(13), .group = "general"),
    [R_FS]     = REG("fs", 0, seg[X86_FS].sel, .gdb = WW_GDB(14), .group = "general"),
    [R_GS]     = REG("gs", 0, seg[X86_GS].sel, .gdb = WW_GDB(15), .group = "general"),
    [R_FPR]    = REG("fpr", 0, fpu.st[0], .count = 8, .names = fpr_names, .format = WW_FMT_F80, .group = "float", .doc = "x87 physical registers R0-R7 (80-bit)"),
    [R_FCTRL]  = REG("fctrl", 0, fpu.cw, .reset = 0x037F, .gdb = WW_GDB(24), .group = "float"),
    [R_FSTAT]  = { "fstat", .flags = WW_REG_INTERNAL, .width = 2, .fields = fsw_fields,
                   .gdb = WW_GDB(25), .group = "float", .doc = "status word with TOP" },
    [R_FTAG]   = REG("ftag", 0, fpu.tw, .reset = 0xFFFF, .gdb = WW_GDB(26), .group = "float"),
    [R_FISEG]  = REG("fiseg", 0, fpu.fcs, .gdb = WW_GDB(27), .group = "float"),
    [R_FIOFF]  = REG("fioff", 0, fpu.fip, .gdb = WW_GDB(28), .group = "float"),
    [R_FOSEG]  = REG("foseg", 0, fpu.fds, .gdb = WW_GDB(29), .group = "float"),
    [R_FOOFF]  = REG("fooff", 0, fpu.fdp, .gdb = WW_GDB(30), .group = "float"),
    [R_FOP]    = REG("fop", 0, fpu.fop, .gdb = WW_GDB(31), .group = "float"),
    [R_CR0]    = REG("cr0", WW_REG_SIDE | WW_REG_CHIP_RESET, cr0, .fields = cr0_fields, .group = "system"),
    [R_CR2]    = REG("cr2", 0, cr2, .group = "system"),
    [R_CR3]    = REG("cr3", WW_REG_SIDE, cr3, .group = "system"),
    [R_CR4]    = REG("cr4", WW_REG_SIDE, cr4, .group = "system"),
    [R_DR]     = REG("dr", WW_REG_CHIP_RESET, dr[0], .count = 8, .group = "system", .doc = "DR6, DR7 reset per model"),
    [R_GDT_BASE]  = REG("gdtr_base", 0, gdt_base, .group = "system"),
    [R_GDT_LIMIT] = REG("gdtr_limit", 0, gdt_limit, .reset = 0xFFFF, .group = "system"),
    [R_IDT_BASE]  = REG("idtr_base", 0, idt_base, .group = "system"),
    [R_IDT_LIMIT] = REG("idtr_limit", 0, idt_limit, .reset = 0x3FF, .group = "system"),
    [R_LDTR]   = REG("ldtr", 0, ldtr.sel, .group = "system"),
    [R_TR]     = REG("tr", 0, tr.sel, .group = "system"),
    [R_SYSENTER_CS]  = REG("sysenter_cs", 0, msr_sysenter_cs, .group = "msr"),
    [R_SYSENTER_ESP] = REG("sysenter_esp", 0, msr_sysenter_esp, .group = "msr"),
    [R_SYSENTER_EIP] = REG("sysenter_eip", 0, msr_sysenter_eip, .group = "msr"),
    [R_APICBASE] = REG("apic_base", WW_REG_CHIP_RESET, msr_apicbase, .group = "msr", .doc = "reset FEE00900h with apic=true"),
    [R_PAT]    = REG("pat", 0, msr_pat, .group = "msr"),
    [R_MISC]   = REG("misc_enable", 0, msr_misc, .group = "msr"),
    [R__COUNT] = { 0 }
};

static uint64_t x86_desc_reg_read(ww_chip *chip, const ww_reg_desc *r, unsigned index)
{
    x86_cpu *c = (x86_cpu *)chip;
    if (r == &x86_regs[R_FSTAT])
        return (c->fpu.sw & ~0x3800u) | (c->fpu.top << 11);
    return 0;
}

static void x86_desc_reg_write(ww_chip *chip, const ww_reg_desc *r, unsigned index, uint64_t v)
{
    x86_cpu *c = (x86_cpu *)chip;
    switch (r - x86_regs) {
    case R_EIP:   c->eip = (uint32_t)v; x86_fetch_flush(c); return;
    case R_FSTAT: c->fpu.sw = (uint16_t)(v & ~0x3800u); c->fpu.top = (v >> 11) & 7; return;
    case R_CR0:   c->cr0 = (uint32_t)v; break;
    case R_CR3:   c->cr3 = (uint32_t)v; break;
    case R_CR4:   c->cr4 = (uint32_t)v; break;
    default:      return;
    }
    x86_tlb_flush(c);    /* paging or its tables changed */
    x86_fetch_flush(c);
}

static unsigned x86_disasm(ww_cpu *cpu, uint64_t addr, char *out, size_t outlen)
{
    x86_cpu *c = (x86_cpu *)cpu;
    uint8_t buf[16];
    size_t n = 0;
    ww_space *s = cpu->chip.bus[X86_BUS_MEM];
    if (!s || !outlen)
        return 0;
    for (; n < sizeof buf; n++) {
        uint64_t v;
        uint64_t pa;
        /* addr is linear (get_pc: CS base + EIP): through the page tables */
        if (!x86_debug_translate(cpu, (addr + n) & c->amask, false, &pa) ||
            ww_space_peek(s, pa & c->amask, 1, &v) != WW_BUS_OK)
            break;
        buf[n] = (uint8_t)v;
    }
    if (!n)
        return 0;
    csh h;
    bool b32 = (c->seg[X86_CS].attr & SEG_DB) && x86_pmode(c);
    if (cs_open(CS_ARCH_X86, b32 ? CS_MODE_32 : CS_MODE_16, &h) != CS_ERR_OK)
        return 0;
    cs_insn *insn;
    size_t cnt = cs_disasm(h, buf, n, addr, 1, &insn);
    unsigned len = 0;
    if (cnt) {
        snprintf(out, outlen, "%s %s", insn->mnemonic, insn->op_str);
        len = insn->size;
        cs_free(insn, cnt);
    } else {
        snprintf(out, outlen, "(bad)");
        len = 1;
    }
    cs_close(&h);
    return len;
}

/* gdb's st0..st7 (numbers 16..23) are ST(i) = R[(TOP+i) mod 8]. */
static const ww_gdb_alias x86_gdb_alias[] = {
    { 16, 8, "st", R_FPR, x86_debug_st_element }, { 0 } };

static const ww_cpu_ops x86_ops = {
    .family = "x86",
    .models = x86_models,
    .run = x86_run,
    .get_pc = x86_get_pc,
    .set_pc = x86_set_pc,
    .disasm = x86_disasm,
    .translate = x86_debug_translate,
    .gdb_alias = x86_gdb_alias,
};

static const ww_prop_desc x86_props[] = {
    { "model", WW_PROP_ENUM, WW_AT(x86_cpu, model), "pentium-pro", 0, 0, x86_models,
      WW_UNIT_NONE, "CPU model: i8086, i286, i386, i486, pentium-pro" },
    { "clock", WW_PROP_UINT, WW_AT(x86_cpu, cpu.clock_hz), "100MHz", 0, 0, NULL, WW_UNIT_HZ,
      "core clock (1 cycle per instruction)" },
    { "apic", WW_PROP_BOOL, WW_AT(x86_cpu, apic), "false", 0, 0, NULL, WW_UNIT_NONE,
      "a local APIC is wired (pentium-pro): CPUID.1:EDX.APIC, IA32_APIC_BASE reaches it" },
    { "engine", WW_PROP_ENUM, WW_AT(x86_cpu, engine), "interp", 0, 0, x86_engines, WW_UNIT_NONE,
      "interp: run decoded blocks from the translation cache (386 and later; the 8086 and "
      "286, and code the cache cannot hold, run the fast uncached loop); interp-slow: the "
      "uncached interpreter, every check per instruction (the reference the cache is "
      "tested against)" },
    { NULL }
};

static const ww_port_desc x86_ports[] = {
    [X86_PORT_INTR] = { "intr", WW_PORT_IN, 1, 0, 0, "maskable interrupt request (level)" },
    [X86_PORT_NMI]  = { "nmi", WW_PORT_IN, 1, WW_PORT_EDGE, 0, "non-maskable interrupt (rising edge)" },
    [X86_PORT__COUNT] = { NULL }
};

static const ww_bus_desc x86_buses[] = {
    [X86_BUS_MEM]  = { "mem", "memory", 32, WW_LITTLE_ENDIAN, WW_UNMAPPED_OPEN_BUS, 0xFFFFFFFFu },
    [X86_BUS_IO]   = { "io", "I/O ports", 16, WW_LITTLE_ENDIAN, WW_UNMAPPED_OPEN_BUS, 0xFFFFFFFFu },
    [X86_BUS_IACK] = { "iack", "interrupt acknowledge: read byte 0 = vector", 8, WW_LITTLE_ENDIAN,
                       WW_UNMAPPED_OPEN_BUS, 0xFF },
    [X86_BUS__COUNT] = { NULL }
};

/* The descriptor cache of a segment register (its selector is a register). */
static const ww_state_desc seg_cache_state[] = {
    { "base",  WW_STATE_U32, WW_AT(x86_seg, base),  .flags = WW_STATE_CHIP_RESET },
    { "limit", WW_STATE_U32, WW_AT(x86_seg, limit), .reset = 0xFFFF },
    { "attr",  WW_STATE_U16, WW_AT(x86_seg, attr),  .flags = WW_STATE_CHIP_RESET },
    { NULL }
};
static const ww_record_desc seg_cache = { "segment cache", sizeof(x86_seg), seg_cache_state };
static const char *const seg_names[] = { "es", "cs", "ss", "ds", "fs", "gs" };

/* Everything a snapshot needs besides the registers. */
static const ww_state_desc x86_state[] = {
    { "seg",  WW_STATE_RECORD, AT(seg),  "descriptor caches (ES CS SS DS FS GS)",
      .record = &seg_cache, .names = seg_names },
    { "ldtr", WW_STATE_RECORD, AT(ldtr), "LDT descriptor cache", .record = &seg_cache },
    { "tr",   WW_STATE_RECORD, AT(tr),   "task register descriptor cache", .record = &seg_cache },
    { "cpl", WW_STATE_U8, AT(cpl), "current privilege level" },
    { "tsc_offset", WW_STATE_U64, AT(tsc_offset), "TSC minus the clock ticks of virtual time",
      .flags = WW_STATE_CHIP_RESET },
    { "fpu_sw", WW_STATE_U16, AT(fpu.sw), "x87 status word without TOP" },
    { "fpu_top", WW_STATE_U32, AT(fpu.top), "x87 stack top" },
    { "intr_line", WW_STATE_U8, AT(intr_line) },
    { "nmi_pending", WW_STATE_U8, AT(nmi_pending) },
    { "nmi_blocked", WW_STATE_U8, AT(nmi_blocked) },
    { "halted", WW_STATE_U8, AT(halted) },
    { "inhibit_irq", WW_STATE_U8, AT(inhibit_irq), "interrupt shadow after MOV SS / STI" },
    { "rep_more", WW_STATE_BOOL, AT(rep_more), "a REP string instruction continues" },
    { "user_gdt", WW_STATE_U32, AT(user_gdt), "user-mode runner: the process GDT (TLS)" },
    { NULL }
};

static bool x86_post_load(ww_chip *chip, GError **err)
{
    x86_cpu *c = (x86_cpu *)chip;
    x86_apply_model(c);
    c->fpu.top &= 7;
    c->cpl &= 3;
    for (int i = 0; i < 6; i++)
        x86_seg_update_flat(&c->seg[i]);   /* derived from the caches */
    x86_refresh_tables(c);
    x86_tlb_flush(c);
    x86_fetch_flush(c);
    if (c->tc)
        ww_tcache_flush(c->tc);  /* memory may have been restored behind the space */
    return true;
}

static const ww_chip_class x86_class = {
    .type = "x86",
    .summary = "Intel x86 CPU, 8086 to Pentium Pro (interpreter)",
    .doc = "Interpreter for i8086, i286, i386, i486 and pentium-pro models: real, "
           "protected and big real mode, 2-level paging with 4 MiB pages, x87 FPU "
           "(host long double). See cpu/x86/x86.h for sources.",
    .size = sizeof(x86_cpu),
    .version = 1,
    .props = x86_props,
    .regs = x86_regs,
    .state = x86_state,
    .ports = x86_ports,
    .buses = x86_buses,
    .cpu = &x86_ops,
    .realize = x86_realize,
    .unrealize = x86_unrealize,
    .reset = x86_reset,
    .signal = x86_signal,
    .post_load = x86_post_load,
    .reg_read = x86_desc_reg_read,
    .reg_write = x86_desc_reg_write,
};
WW_CHIP_REGISTER(x86_class)
