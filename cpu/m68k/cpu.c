/* cpu/m68k/cpu.c — the "m68k" chip: Motorola 68000 (68020/030/040 later).
 *
 * Ports: input "irq" ×8 (irq@n asserted = interrupt request at level n;
 * level 7 is non-maskable and edge-triggered, UM §6.3.2). Buses: "mem" (24
 * address bits, big-endian, unmapped = bus error) and "iack" (interrupt
 * acknowledge: a byte read at address = level; bus error or no space means
 * autovector). Cycle counts follow the 68000's bus cycles (4 clocks each)
 * plus internal cycles (UM §8). Tests: tests/cpu/m68k/vectors.c. */
#include "cpu/m68k/m68k.h"
#include <signal.h>

static const char *const m68k_models[] = { "m68000", NULL };

static const ww_prop_desc m68k_props[] = {
    { "model", WW_PROP_ENUM, WW_AT(m68k_t, model), .def = "m68000", .choices = m68k_models,
      .doc = "CPU model" },
    { "clock", WW_PROP_UINT, WW_AT(m68k_t, cpu.clock_hz), .def = "8MHz", .unit = WW_UNIT_HZ,
      .doc = "input clock" },
    { NULL }
};

enum { PORT_IRQ, PORT__COUNT };
static const ww_port_desc m68k_ports[] = {
    [PORT_IRQ] = { "irq", WW_PORT_IN, 8, 0, 0, "interrupt request at level n (1..7; 7 = NMI, edge)" },
    [PORT__COUNT] = { NULL }
};

static const ww_bus_desc m68k_buses[] = {
    [M68K_BUS_MEM]  = { "mem", "program and data (FC 1/2/5/6)", 24, WW_BIG_ENDIAN,
                        WW_UNMAPPED_BUS_ERROR, 0 },
    [M68K_BUS_IACK] = { "iack", "interrupt acknowledge (FC 7): byte at the level = vector", 8,
                        WW_BIG_ENDIAN, WW_UNMAPPED_BUS_ERROR, 0 },
    [M68K_BUS__COUNT] = { NULL }
};

static const ww_field_desc sr_fields[] = {
    { "C", 0, 1, "carry" }, { "V", 1, 1, "overflow" }, { "Z", 2, 1, "zero" },
    { "N", 3, 1, "negative" }, { "X", 4, 1, "extend" },
    { "I", 8, 3, "interrupt mask" }, { "S", 13, 1, "supervisor" }, { "T", 15, 1, "trace" },
    { NULL }
};

#define AT(m) WW_AT(m68k_t, m)
/* gdb's m68k order: d0-d7 0-7, a0-a7 8-15 (fp, sp), ps 16, pc 17
 * (gdb/features/m68k-core.xml). After reset SSP and PC come from the vector
 * table and SR is 2700 (UM §5.2.3, §6.3.7): the chip computes those. */
enum { R_D, R_A, R_SR, R_PC, R_USP, R_SSP, R_IR, R_IRC, R__COUNT };
static const ww_reg_desc m68k_regs[] = {
    [R_D]   = { "d", .flags = WW_REG_INTERNAL, .at = AT(d[0]), .count = 8, .gdb = WW_GDB(0),
                .group = "general", .doc = "data registers" },
    [R_A]   = { "a", .flags = WW_REG_INTERNAL | WW_REG_CHIP_RESET, .at = AT(a[0]), .count = 8,
                .gdb = WW_GDB(8), .group = "general", .doc = "address registers; a7 = active SP" },
    [R_SR]  = { "sr", .flags = WW_REG_INTERNAL | WW_REG_SIDE | WW_REG_CHIP_RESET, .at = AT(sr),
                .fields = sr_fields, .gdb = WW_GDB(16), .group = "general" },
    [R_PC]  = { "pc", .flags = WW_REG_INTERNAL | WW_REG_SIDE, .width = 4, .gdb = WW_GDB(17),
                .group = "general", .doc = "address of the next instruction (refills the queue)" },
    [R_USP] = { "usp", .flags = WW_REG_INTERNAL, .width = 4, .group = "system",
                .doc = "user stack pointer (a7 or the inactive one)" },
    [R_SSP] = { "ssp", .flags = WW_REG_INTERNAL, .width = 4, .group = "system",
                .doc = "supervisor stack pointer" },
    [R_IR]  = { "ir", .flags = WW_REG_INTERNAL | WW_REG_CHIP_RESET, .at = AT(ir),
                .group = "system", .doc = "prefetch queue: opcode" },
    [R_IRC] = { "irc", .flags = WW_REG_INTERNAL | WW_REG_CHIP_RESET, .at = AT(irc),
                .group = "system", .doc = "prefetch queue: next word" },
    [R__COUNT] = { NULL }
};

static const ww_state_desc m68k_state[] = {
    { "osp", WW_STATE_U32, AT(osp), "inactive stack pointer", .flags = WW_STATE_CHIP_RESET },
    { "prefetch_pc", WW_STATE_U32, AT(pc), "next prefetch address (PC + 4)",
      .flags = WW_STATE_CHIP_RESET },
    { "irq_lines", WW_STATE_U8, AT(irq_lines), "asserted irq inputs (input levels)",
      .flags = WW_STATE_NORESET },
    { "nmi_edge", WW_STATE_U8, AT(nmi_edge), "level 7 edge pending" },
    { "stopped", WW_STATE_U8, AT(stopped), "STOP executed" },
    { "halted", WW_STATE_U8, AT(halted), "double bus fault", .flags = WW_STATE_CHIP_RESET },
    { "trace_pending", WW_STATE_U8, AT(trace_pending), "trace exception due" },
    { NULL }
};

/* ---- execution ------------------------------------------------------------ */

enum { DO_INSN, DO_IRQ, DO_TRACE, DO_RESET };

/* Per unit of work (instruction, interrupt, trace): reset what the frame
 * of a group-0 fault inside it needs. */
static inline void begin(m68k_t *m)
{
    m->cyc = 0;
    m->cyc_done = 0;
    m->exc_taken = 0;
    m->in_exception = 0;
    m->ae_pc_adj = -2;
    m->ae_abs = 0;
    m->prog_read = 0;
    m->faults = 0;
}

static inline void exec_insn(m68k_t *m)
{
    bool trace = m->sr & SR_T;
    uint16_t op = m->ir;
    m->inst_pc = m->pc - 4;
    m->insns++;
    m->dispatch[op](m, op);
    if (trace && !m->exc_taken) {
        m->trace_pending = 1;
        m->attn = 1;
    }
}

static void do_work(m68k_t *m, int what, unsigned level)
{
    switch (what) {
    case DO_INSN:
        exec_insn(m);
        break;
    case DO_IRQ:
        m68k_take_interrupt(m, level);
        break;
    case DO_TRACE:
        m->trace_pending = 0;
        m68k_idle(m, 4);
        m68k_exception(m, 9, m->pc - 4);
        break;
    case DO_RESET:
        /* UM §6.3.1: S set, T clear, mask 7; SSP and PC from vectors 0 and 1. */
        m68k_set_sr(m, SR_S | SR_I);
        m->a[7] = m68k_read32(m, 0);
        m68k_jump(m, m68k_read32(m, 4));
        m68k_idle(m, 132 - 16);
        break;
    }
}

/* After a longjmp from the bus: the 68000 aborts the cycle and starts
 * group-0 processing, which may fault again (a second fault while stacking
 * is a double fault: halt). Bounded so a wild vector table cannot loop. */
static void fault(m68k_t *m, bool in_reset)
{
    if (++m->faults > 8 || in_reset)
        m->halted = 1;
    else
        m68k_group0(m);
    m68k_attn(m);
}

/* One unit of work under its own abort target (tests, reset). */
static unsigned guarded(m68k_t *m, int what, unsigned level)
{
    jmp_buf jb;
    jmp_buf *outer = m->abort;
    begin(m);
    m->abort = &jb;
    m68k_check_tables(m);
    if (setjmp(jb))
        fault(m, what == DO_RESET);   /* may come back here */
    else
        do_work(m, what, level);
    m->abort = outer;
    return (unsigned)m->cyc;
}

unsigned m68k_step(m68k_t *m)
{
    unsigned n = guarded(m, DO_INSN, 0);
    m68k_sync_cycles(m);
    return n;
}

/* The run loop keeps one abort target for the whole slice: a fault lands
 * at the setjmp, is processed, and the loop goes on. */
static uint64_t m68k_run(ww_cpu *cpu, uint64_t budget)
{
    m68k_t *m = (m68k_t *)cpu;
    jmp_buf jb;
    const uint64_t start = cpu->cycles;
    m->abort = &jb;
    m68k_check_tables(m);
    m68k_attn(m);
    if (setjmp(jb)) {
        fault(m, false);                /* may longjmp here again */
        m68k_sync_cycles(m);
    }
    while (cpu->cycles - start < budget && !cpu->exit_request) {
        if (G_LIKELY(!m->attn)) {
            if (G_UNLIKELY(cpu->bp_on) && ww_cpu_break_check(cpu, m->pc - 4))
                break;   /* breakpoint (core/cpu.h debug contract) */
            begin(m);
            exec_insn(m);
            m68k_sync_cycles(m);
            continue;
        }
        unsigned mask = (m->sr >> 8) & 7, lvl = m->irq_level;
        if (cpu->stop != WW_STOP_NONE)
            break;
        if (m->halted) {
            cpu->stop = WW_STOP_FATAL;
            break;
        }
        begin(m);
        if (m->trace_pending && !m->stopped) {
            do_work(m, DO_TRACE, 0);
        } else if (m->nmi_edge || lvl > mask) {
            if (lvl == 7)
                m->nmi_edge = 0;
            do_work(m, DO_IRQ, lvl ? lvl : 7);
        } else if (m->stopped) {
            cpu->stop = WW_STOP_HALT;   /* STOP with no interrupt to take */
            break;
        } else {
            if (G_UNLIKELY(cpu->bp_on) && ww_cpu_break_check(cpu, m->pc - 4))
                break;   /* breakpoint (core/cpu.h debug contract) */
            exec_insn(m);
        }
        m68k_sync_cycles(m);
        m68k_attn(m);
    }
    m->abort = NULL;
    return cpu->cycles - start;
}

bool m68k_user_stop(m68k_t *m, unsigned vector)
{
    if (!m->cpu.user_mode)
        return false;
    int sig;
    switch (vector) {
    case 32:
        /* trap #0: the system call; leave the CPU at the next instruction. */
        m->cpu.stop = WW_STOP_SYSCALL;
        m->attn = 1;
        m68k_prefetch(m);
        return true;
    case 2:  sig = SIGSEGV; break;
    case 3:  sig = SIGBUS; break;
    case 5: case 6: case 7: sig = SIGFPE; break;
    case 9: case 47: sig = SIGTRAP; break;
    default: sig = SIGILL; break;
    }
    m->cpu.stop = WW_STOP_USER_FAULT;
    m->cpu.stop_info = sig;
    m->attn = 1;
    return true;
}

/* ---- chip glue --------------------------------------------------------------- */

static bool m68k_realize(ww_chip *chip, GError **err)
{
    m68k_t *m = (m68k_t *)chip;
    m->dispatch = m68k_dispatch();
    m68k_refresh_tables(m);
    (void)err;
    return true;
}

static void m68k_reset(ww_chip *chip, ww_reset_kind kind)
{
    m68k_t *m = (m68k_t *)chip;
    m68k_refresh_tables(m);
    /* The user-mode runner sets PC and SP itself (cpu/m68k/user.c). */
    if (!chip->bus[M68K_BUS_MEM] || m->cpu.user_mode)
        return;
    guarded(m, DO_RESET, 0);
    m68k_sync_cycles(m);
}

static void update_irq_level(m68k_t *m);

static void m68k_signal(ww_chip *chip, unsigned port, unsigned index, int level)
{
    m68k_t *m = (m68k_t *)chip;
    if (port != PORT_IRQ || index > 7 || index == 0)
        return;
    uint8_t old = m->irq_lines;
    if (level)
        m->irq_lines |= (uint8_t)(1u << index);
    else
        m->irq_lines &= (uint8_t)~(1u << index);
    if (index == 7 && level && !(old & 0x80))
        m->nmi_edge = 1;
    update_irq_level(m);
    m68k_attn(m);
}

static uint64_t m68k_get_pc(ww_cpu *cpu) { return ((m68k_t *)cpu)->pc - 4; }

/* Peek the queue from a new PC without bus side effects (debugger, loader). */
static void m68k_set_pc(ww_cpu *cpu, uint64_t pc)
{
    m68k_t *m = (m68k_t *)cpu;
    uint64_t v = 0;
    m68k_refresh_tables(m);
    m->pc = (uint32_t)pc + 4;
    if (cpu->chip.bus[M68K_BUS_MEM]) {
        if (ww_space_peek(cpu->chip.bus[M68K_BUS_MEM], pc & m->amask & ~1ull, 2, &v) != WW_BUS_OK)
            v = 0;
        m->ir = (uint16_t)v;
        if (ww_space_peek(cpu->chip.bus[M68K_BUS_MEM], (pc + 2) & m->amask & ~1ull, 2, &v) != WW_BUS_OK)
            v = 0;
        m->irc = (uint16_t)v;
    }
    m->stopped = 0;
    m68k_attn(m);
}

static uint64_t m68k_reg_read(ww_chip *chip, const ww_reg_desc *r, unsigned index)
{
    m68k_t *m = (m68k_t *)chip;
    bool s = m68k_super(m);
    switch (r - m68k_regs) {
    case R_PC:  return m->pc - 4;
    case R_USP: return s ? m->osp : m->a[7];
    case R_SSP: return s ? m->a[7] : m->osp;
    default:    return 0;
    }
}

static void m68k_reg_write(ww_chip *chip, const ww_reg_desc *r, unsigned index, uint64_t val)
{
    m68k_t *m = (m68k_t *)chip;
    bool s = m68k_super(m);
    uint32_t v = (uint32_t)val;
    switch (r - m68k_regs) {
    case R_SR:  m68k_set_sr(m, (uint16_t)v); return;
    case R_PC:  m68k_set_pc(&m->cpu, v); return;
    case R_USP: if (s) m->osp = v; else m->a[7] = v; return;
    case R_SSP: if (s) m->a[7] = v; else m->osp = v; return;
    default:    return;
    }
}

static void update_irq_level(m68k_t *m)
{
    unsigned l = 0;
    for (unsigned i = 7; i > 0; i--)
        if (m->irq_lines & (1u << i)) {
            l = i;
            break;
        }
    m->irq_level = (uint8_t)l;
}

static bool m68k_post_load(ww_chip *chip, GError **err)
{
    m68k_t *m = (m68k_t *)chip;
    update_irq_level(m);   /* derived from the input levels */
    m68k_refresh_tables(m);
    m68k_attn(m);
    return true;
}

unsigned m68k_disasm(ww_cpu *cpu, uint64_t addr, char *out, size_t outlen);

static const ww_cpu_ops m68k_ops = {
    .family = "m68k",
    .models = m68k_models,
    .run = m68k_run,
    .get_pc = m68k_get_pc,
    .set_pc = m68k_set_pc,
    .disasm = m68k_disasm,
};

static const ww_chip_class m68k_class = {
    .type = "m68k",
    .summary = "Motorola 68000 CPU (interpreter)",
    .doc = "68000 with prefetch queue, exact group-0 frames and cycle counts; "
           "sources: M68000PM/AD, M68000UM/AD, SingleStepTests vectors",
    .size = sizeof(m68k_t),
    .version = 1,
    .props = m68k_props,
    .regs = m68k_regs,
    .state = m68k_state,
    .ports = m68k_ports,
    .buses = m68k_buses,
    .cpu = &m68k_ops,
    .realize = m68k_realize,
    .reset = m68k_reset,
    .signal = m68k_signal,
    .post_load = m68k_post_load,
    .reg_read = m68k_reg_read,
    .reg_write = m68k_reg_write,
};
WW_CHIP_REGISTER(m68k_class)
