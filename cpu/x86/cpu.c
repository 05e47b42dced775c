/* cpu/x86/cpu.c — the "x86" chip: class, properties, register descriptor
 * (gdb i386 order), reset, run loop, interrupt inputs.
 *
 * Reset state: CS:IP = F000:FFF0 with CS base FFFF0000 on 386+ (SDM vol. 3
 * §9.1.4), F0000 on 8086/286. Buses: "mem" (32-bit, little-endian, open bus
 * all ones), "io" (16-bit), "iack" (reading byte 0 acknowledges the interrupt
 * and returns its vector; unbound = no controller, INTR ignored).
 * Ports: "intr" (level), "nmi" (edge). Cycles: 1 per instruction. */
#include "cpu/x86/x86.h"
#include <capstone/capstone.h>
#include <stdio.h>

static const char *const x86_models[] = { "i8086", "i286", "i386", "i486", "pentium-pro", NULL };

void x86_apply_model(x86_cpu *c)
{
    static const uint32_t masks[] = { 0xFFFFF, 0xFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF };
    unsigned m = c->model < 5 ? c->model : 4;
    c->level = (int)m;   /* X86_I8086 … X86_PPRO follow the model list */
    c->amask = masks[m] & (c->space_mask ? c->space_mask : 0xFFFFFFFFu);
}

void x86_cpu_reset_state(x86_cpu *c)
{
    x86_apply_model(c);
    memset(c->r, 0, sizeof c->r);
    for (int i = 0; i < 6; i++)
        c->seg[i] = (x86_seg){ 0, 0, 0xFFFF, 0x0093, 0 };
    c->seg[X86_CS] = (x86_seg){ 0xF000, c->level >= X86_I386 ? 0xFFFF0000u : 0xF0000, 0xFFFF,
                                0x009B };
    c->ldtr = (x86_seg){ 0, 0, 0xFFFF, 0x0082 };
    c->tr = (x86_seg){ 0, 0, 0xFFFF, 0x008B };
    c->eip = 0xFFF0;
    c->eflags = c->level == X86_I8086 ? 0xF002 : 2;
    c->gdt_base = c->idt_base = 0;
    c->gdt_limit = c->idt_limit = 0xFFFF;
    c->idt_limit = 0x3FF;
    c->cr0 = c->level >= X86_I486 ? 0x60000010 : c->level == X86_I386 ? 0x10 : 0;
    c->cr2 = c->cr3 = c->cr4 = 0;
    memset(c->dr, 0, sizeof c->dr);
    c->dr[6] = 0xFFFF0FF0;
    c->dr[7] = 0x400;
    c->msr_apicbase = 0;
    c->cpl = 0;
    c->halted = 0;
    c->nmi_pending = c->nmi_blocked = 0;
    c->inhibit_irq = 0;
    c->rep_more = false;
    c->exc_depth = 0;
    c->last_exc = -1;
    c->r[EDX] = c->level >= X86_I386 ? (c->level == X86_I486 ? 0x0480 : 0x0612) : 0;
    x86_tlb_flush(c);
    x86_fpu_reset(c);
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

static uint64_t x86_run(ww_cpu *cpu, uint64_t budget)
{
    x86_cpu *c = (x86_cpu *)cpu;
    uint64_t start = cpu->cycles;
    const uint64_t end = start + budget;   /* not modified after setjmp: no volatile needed */
    if (cpu->chip.bus[0] && ww_space_generation(cpu->chip.bus[0]) != c->gen)
        x86_refresh_tables(c);
    cpu->stop = WW_STOP_NONE;
    if (setjmp(c->jb)) {
        /* A fault unwound an instruction (or an exception delivery). */
        cpu->cycles++;
        if (cpu->stop == WW_STOP_NONE)
            take_fault(c);
        if (cpu->stop != WW_STOP_NONE)
            return cpu->cycles - start;
    }
    while (cpu->cycles < end && !cpu->exit_request) {
        if (c->halted) {
            if ((c->intr_line && (c->eflags & F_IF) && cpu->chip.bus[2]) ||
                (c->nmi_pending && !c->nmi_blocked)) {
                x86_check_interrupts(c);
                continue;
            }
            cpu->stop = WW_STOP_HALT;
            break;
        }
        uint32_t tf = c->eflags & F_TF;
        x86_step(c);
        cpu->cycles++;
        /* One test for the rare cases: stop, trap flag, REP restart,
         * interrupt lines, interrupt shadow. */
        if (__builtin_expect(cpu->stop | tf | c->events, 0)) {
            if (cpu->stop != WW_STOP_NONE)
                break;
            if (tf && !c->rep_more) {
                c->op_eip = c->eip;
                x86_deliver(c, X86_DB, -1, X86_EXT, c->eip);
                if (cpu->stop != WW_STOP_NONE)
                    break;
            }
            c->rep_more = false;
            if (c->intr_line || c->nmi_pending || c->inhibit_irq)
                x86_check_interrupts(c);
        }
    }
    return cpu->cycles - start;
}

static void x86_signal(ww_chip *chip, unsigned port, unsigned index, int level)
{
    x86_cpu *c = (x86_cpu *)chip;
    if (port == 0) {
        c->intr_line = level != 0;
        if (level)
            ww_cpu_kick(&c->cpu);
    } else if (port == 1 && level) {
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

#define R(n, m, g) { n, 32, g, WW_AT(x86_cpu, m), NULL }

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

/* gdb's i386 order: eax ecx edx ebx esp ebp esi edi eip eflags cs ss ds es fs gs. */
static const ww_cpu_reg_desc x86_regs[] = {
    R("eax", r[EAX], 0), R("ecx", r[ECX], 1), R("edx", r[EDX], 2), R("ebx", r[EBX], 3),
    R("esp", r[ESP], 4), R("ebp", r[EBP], 5), R("esi", r[ESI], 6), R("edi", r[EDI], 7),
    R("eip", eip, 8),
    { "eflags", 32, 9, WW_AT(x86_cpu, eflags), eflags_fields },
    { "cs", 16, 10, WW_AT(x86_cpu, seg[X86_CS].sel), NULL },
    { "ss", 16, 11, WW_AT(x86_cpu, seg[X86_SS].sel), NULL },
    { "ds", 16, 12, WW_AT(x86_cpu, seg[X86_DS].sel), NULL },
    { "es", 16, 13, WW_AT(x86_cpu, seg[X86_ES].sel), NULL },
    { "fs", 16, 14, WW_AT(x86_cpu, seg[X86_FS].sel), NULL },
    { "gs", 16, 15, WW_AT(x86_cpu, seg[X86_GS].sel), NULL },
    { "cr0", 32, -1, WW_AT(x86_cpu, cr0), cr0_fields },
    R("cr2", cr2, -1), R("cr3", cr3, -1), R("cr4", cr4, -1),
    { "cs_base", 32, -1, WW_AT(x86_cpu, seg[X86_CS].base), NULL },
    { "ds_base", 32, -1, WW_AT(x86_cpu, seg[X86_DS].base), NULL },
    { "ds_limit", 32, -1, WW_AT(x86_cpu, seg[X86_DS].limit), NULL },
    { "gdt_base", 32, -1, WW_AT(x86_cpu, gdt_base), NULL },
    { "idt_base", 32, -1, WW_AT(x86_cpu, idt_base), NULL },
    { NULL }
};

static const ww_cpu_reg_desc *reg_at(unsigned idx)
{
    unsigned n = 0;
    while (x86_regs[n].name)
        n++;
    return idx < n ? &x86_regs[idx] : NULL;
}

static uint64_t x86_get_reg(ww_cpu *cpu, unsigned idx)
{
    const ww_cpu_reg_desc *d = reg_at(idx);
    if (!d)
        return 0;
    uint64_t v = 0;
    memcpy(&v, (uint8_t *)cpu + d->offset, d->size);
    return v;
}

static void x86_set_reg(ww_cpu *cpu, unsigned idx, uint64_t val)
{
    const ww_cpu_reg_desc *d = reg_at(idx);
    if (!d)
        return;
    memcpy((uint8_t *)cpu + d->offset, &val, d->size);
}

static unsigned x86_disasm(ww_cpu *cpu, uint64_t addr, char *out, size_t outlen)
{
    x86_cpu *c = (x86_cpu *)cpu;
    uint8_t buf[16];
    size_t n = 0;
    ww_space *s = cpu->chip.bus[0];
    if (!s || !outlen)
        return 0;
    for (; n < sizeof buf; n++) {
        uint64_t v;
        if (ww_space_peek(s, (addr + n) & c->amask, 1, &v) != WW_BUS_OK)
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

static const ww_cpu_ops x86_ops = {
    .family = "x86",
    .models = x86_models,
    .run = x86_run,
    .get_pc = x86_get_pc,
    .set_pc = x86_set_pc,
    .regs = x86_regs,
    .get_reg = x86_get_reg,
    .set_reg = x86_set_reg,
    .disasm = x86_disasm,
};

static const ww_prop_desc x86_props[] = {
    { "model", WW_PROP_ENUM, WW_AT(x86_cpu, model), "pentium-pro", 0, 0, x86_models,
      WW_UNIT_NONE, "CPU model: i8086, i286, i386, i486, pentium-pro" },
    { "clock", WW_PROP_UINT, WW_AT(x86_cpu, cpu.clock_hz), "100MHz", 0, 0, NULL, WW_UNIT_HZ,
      "core clock (1 cycle per instruction)" },
    { NULL }
};

static const ww_port_desc x86_ports[] = {
    { "intr", WW_PORT_IN, 1, 0, 0, "maskable interrupt request (level)" },
    { "nmi", WW_PORT_IN, 1, WW_PORT_EDGE, 0, "non-maskable interrupt (rising edge)" },
    { NULL }
};

static const ww_bus_desc x86_buses[] = {
    { "mem", "memory", 32, WW_LITTLE_ENDIAN, WW_UNMAPPED_OPEN_BUS, 0xFFFFFFFFu },
    { "io", "I/O ports", 16, WW_LITTLE_ENDIAN, WW_UNMAPPED_OPEN_BUS, 0xFFFFFFFFu },
    { "iack", "interrupt acknowledge: read byte 0 = vector", 8, WW_LITTLE_ENDIAN,
      WW_UNMAPPED_OPEN_BUS, 0xFF },
    { NULL }
};

/* Everything a snapshot needs besides what the register descriptor holds. */
static const ww_state_desc x86_state[] = {
    { "regs", WW_STATE_U32, WW_AT(x86_cpu, r), 1, "EAX ECX EDX EBX ESP EBP ESI EDI" },
    { "eip", WW_STATE_U32, WW_AT(x86_cpu, eip), 1, NULL },
    { "eflags", WW_STATE_U32, WW_AT(x86_cpu, eflags), 1, NULL },
    { "es.sel", WW_STATE_U16, WW_AT(x86_cpu, seg[X86_ES].sel), 1, NULL },
    { "es.base", WW_STATE_U32, WW_AT(x86_cpu, seg[X86_ES].base), 1, "descriptor cache" },
    { "es.limit", WW_STATE_U32, WW_AT(x86_cpu, seg[X86_ES].limit), 1, NULL },
    { "es.attr", WW_STATE_U16, WW_AT(x86_cpu, seg[X86_ES].attr), 1, NULL },
    { "cs.sel", WW_STATE_U16, WW_AT(x86_cpu, seg[X86_CS].sel), 1, NULL },
    { "cs.base", WW_STATE_U32, WW_AT(x86_cpu, seg[X86_CS].base), 1, NULL },
    { "cs.limit", WW_STATE_U32, WW_AT(x86_cpu, seg[X86_CS].limit), 1, NULL },
    { "cs.attr", WW_STATE_U16, WW_AT(x86_cpu, seg[X86_CS].attr), 1, NULL },
    { "ss.sel", WW_STATE_U16, WW_AT(x86_cpu, seg[X86_SS].sel), 1, NULL },
    { "ss.base", WW_STATE_U32, WW_AT(x86_cpu, seg[X86_SS].base), 1, NULL },
    { "ss.limit", WW_STATE_U32, WW_AT(x86_cpu, seg[X86_SS].limit), 1, NULL },
    { "ss.attr", WW_STATE_U16, WW_AT(x86_cpu, seg[X86_SS].attr), 1, NULL },
    { "ds.sel", WW_STATE_U16, WW_AT(x86_cpu, seg[X86_DS].sel), 1, NULL },
    { "ds.base", WW_STATE_U32, WW_AT(x86_cpu, seg[X86_DS].base), 1, NULL },
    { "ds.limit", WW_STATE_U32, WW_AT(x86_cpu, seg[X86_DS].limit), 1, NULL },
    { "ds.attr", WW_STATE_U16, WW_AT(x86_cpu, seg[X86_DS].attr), 1, NULL },
    { "fs.sel", WW_STATE_U16, WW_AT(x86_cpu, seg[X86_FS].sel), 1, NULL },
    { "fs.base", WW_STATE_U32, WW_AT(x86_cpu, seg[X86_FS].base), 1, NULL },
    { "fs.limit", WW_STATE_U32, WW_AT(x86_cpu, seg[X86_FS].limit), 1, NULL },
    { "fs.attr", WW_STATE_U16, WW_AT(x86_cpu, seg[X86_FS].attr), 1, NULL },
    { "gs.sel", WW_STATE_U16, WW_AT(x86_cpu, seg[X86_GS].sel), 1, NULL },
    { "gs.base", WW_STATE_U32, WW_AT(x86_cpu, seg[X86_GS].base), 1, NULL },
    { "gs.limit", WW_STATE_U32, WW_AT(x86_cpu, seg[X86_GS].limit), 1, NULL },
    { "gs.attr", WW_STATE_U16, WW_AT(x86_cpu, seg[X86_GS].attr), 1, NULL },
    { "ldtr.sel", WW_STATE_U16, WW_AT(x86_cpu, ldtr.sel), 1, NULL },
    { "ldtr.base", WW_STATE_U32, WW_AT(x86_cpu, ldtr.base), 1, NULL },
    { "ldtr.limit", WW_STATE_U32, WW_AT(x86_cpu, ldtr.limit), 1, NULL },
    { "ldtr.attr", WW_STATE_U16, WW_AT(x86_cpu, ldtr.attr), 1, NULL },
    { "tr.sel", WW_STATE_U16, WW_AT(x86_cpu, tr.sel), 1, NULL },
    { "tr.base", WW_STATE_U32, WW_AT(x86_cpu, tr.base), 1, NULL },
    { "tr.limit", WW_STATE_U32, WW_AT(x86_cpu, tr.limit), 1, NULL },
    { "tr.attr", WW_STATE_U16, WW_AT(x86_cpu, tr.attr), 1, NULL },
    { "gdt_base", WW_STATE_U32, WW_AT(x86_cpu, gdt_base), 1, NULL },
    { "gdt_limit", WW_STATE_U16, WW_AT(x86_cpu, gdt_limit), 1, NULL },
    { "idt_base", WW_STATE_U32, WW_AT(x86_cpu, idt_base), 1, NULL },
    { "idt_limit", WW_STATE_U16, WW_AT(x86_cpu, idt_limit), 1, NULL },
    { "cr0", WW_STATE_U32, WW_AT(x86_cpu, cr0), 1, NULL },
    { "cr2", WW_STATE_U32, WW_AT(x86_cpu, cr2), 1, NULL },
    { "cr3", WW_STATE_U32, WW_AT(x86_cpu, cr3), 1, NULL },
    { "cr4", WW_STATE_U32, WW_AT(x86_cpu, cr4), 1, NULL },
    { "dr", WW_STATE_U32, WW_AT(x86_cpu, dr), 1, NULL },
    { "msr_sysenter_cs", WW_STATE_U64, WW_AT(x86_cpu, msr_sysenter_cs), 1, NULL },
    { "msr_sysenter_esp", WW_STATE_U64, WW_AT(x86_cpu, msr_sysenter_esp), 1, NULL },
    { "msr_sysenter_eip", WW_STATE_U64, WW_AT(x86_cpu, msr_sysenter_eip), 1, NULL },
    { "msr_apicbase", WW_STATE_U64, WW_AT(x86_cpu, msr_apicbase), 1, NULL },
    { "msr_pat", WW_STATE_U64, WW_AT(x86_cpu, msr_pat), 1, NULL },
    { "msr_misc", WW_STATE_U64, WW_AT(x86_cpu, msr_misc), 1, NULL },
    { "cpl", WW_STATE_U8, WW_AT(x86_cpu, cpl), 1, NULL },
    { "intr_line", WW_STATE_U8, WW_AT(x86_cpu, intr_line), 1, NULL },
    { "nmi_pending", WW_STATE_U8, WW_AT(x86_cpu, nmi_pending), 1, NULL },
    { "nmi_blocked", WW_STATE_U8, WW_AT(x86_cpu, nmi_blocked), 1, NULL },
    { "halted", WW_STATE_U8, WW_AT(x86_cpu, halted), 1, NULL },
    { "inhibit_irq", WW_STATE_U8, WW_AT(x86_cpu, inhibit_irq), 1, NULL },
    { "fpu.st", WW_STATE_U8, WW_AT(x86_cpu, fpu.st), 1, "x87 registers as host long double bytes (x86-64 host format)" },
    { "fpu.cw", WW_STATE_U16, WW_AT(x86_cpu, fpu.cw), 1, NULL },
    { "fpu.sw", WW_STATE_U16, WW_AT(x86_cpu, fpu.sw), 1, NULL },
    { "fpu.tw", WW_STATE_U16, WW_AT(x86_cpu, fpu.tw), 1, NULL },
    { "fpu.top", WW_STATE_U32, WW_AT(x86_cpu, fpu.top), 1, NULL },
    { "fpu.fip", WW_STATE_U32, WW_AT(x86_cpu, fpu.fip), 1, NULL },
    { "fpu.fdp", WW_STATE_U32, WW_AT(x86_cpu, fpu.fdp), 1, NULL },
    { "fpu.fcs", WW_STATE_U16, WW_AT(x86_cpu, fpu.fcs), 1, NULL },
    { "fpu.fds", WW_STATE_U16, WW_AT(x86_cpu, fpu.fds), 1, NULL },
    { "fpu.fop", WW_STATE_U16, WW_AT(x86_cpu, fpu.fop), 1, NULL },
    { "user_gdt", WW_STATE_U32, WW_AT(x86_cpu, user_gdt), 1, "user-mode runner: the process GDT (TLS)" },
    { NULL }
};

static const ww_chip_class x86_class = {
    .type = "x86",
    .summary = "Intel x86 CPU, 8086 to Pentium Pro (interpreter)",
    .doc = "Interpreter for i8086, i286, i386, i486 and pentium-pro models: real, "
           "protected and big real mode, 2-level paging with 4 MiB pages, x87 FPU "
           "(host long double). See cpu/x86/x86.h for sources.",
    .size = sizeof(x86_cpu),
    .version = 1,
    .props = x86_props,
    .state = x86_state,
    .ports = x86_ports,
    .buses = x86_buses,
    .cpu = &x86_ops,
    .realize = x86_realize,
    .reset = x86_reset,
    .signal = x86_signal,
};
WW_CHIP_REGISTER(x86_class)
