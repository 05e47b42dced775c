/* cpu/m68k/cpu.c — the "m68k" chip: Motorola 68000, 68020, 68030, 68040
 * (and the 68EC030 without PMMU, the 68LC040 without FPU).
 *
 * Ports: input "irq" ×8 (irq@n asserted = interrupt request at level n;
 * level 7 is non-maskable and edge-triggered, UM §6.3.2). Buses: "mem" (24
 * address bits on the 68000, 32 on the others, big-endian, unmapped = bus
 * error) and "iack" (interrupt acknowledge: a byte read at address = level;
 * bus error or no space means autovector). 68000 cycle counts follow its bus
 * cycles (4 clocks each) plus internal cycles (UM §8); the 020+ counts are
 * the same model scaled (README.md, "CPU timing"). Tests:
 * tests/cpu/m68k/vectors.c (68000), system.c, diff.c (qemu-m68k),
 * firmware.c (MMU/FPU test firmware). */
#include "cpu/m68k/m68k.h"
#include <signal.h>

static const char *const m68k_models[] = {
    [M68K_MODEL_68000] = "m68000", [M68K_MODEL_68020] = "m68020",
    [M68K_MODEL_68030] = "m68030", [M68K_MODEL_68040] = "m68040",
    [M68K_MODEL_68EC030] = "m68ec030", [M68K_MODEL_68LC040] = "m68lc040", NULL
};
enum { FPUP_DEFAULT, FPUP_NONE, FPUP_68881, FPUP_68882 };
static const char *const m68k_fpus[] = {
    [FPUP_DEFAULT] = "default", [FPUP_NONE] = "none", [FPUP_68881] = "68881",
    [FPUP_68882] = "68882", NULL
};

static const char *const m68k_engines[] = {
    [M68K_ENGINE_INTERP] = "interp", [M68K_ENGINE_SLOW] = "interp-slow", NULL
};

static const ww_prop_desc m68k_props[] = {
    { "model", WW_PROP_ENUM, WW_AT(m68k_t, model), .def = "m68000", .choices = m68k_models,
      .doc = "CPU model" },
    { "fpu", WW_PROP_ENUM, WW_AT(m68k_t, fpu_prop), .def = "default", .choices = m68k_fpus,
      .doc = "floating-point coprocessor of a 68020/68030 (default: 68882); the 68040 has "
             "its own, the 68000 and 68LC040 none" },
    { "clock", WW_PROP_UINT, WW_AT(m68k_t, cpu.clock_hz), .def = "8MHz", .unit = WW_UNIT_HZ,
      .doc = "input clock" },
    { "engine", WW_PROP_ENUM, WW_AT(m68k_t, engine), .def = "interp", .choices = m68k_engines,
      .doc = "interp: the 68000 runs decoded blocks from the translation cache; interp-slow: "
             "fetch and dispatch every instruction (the reference; the 68020+ always do)" },
    { NULL }
};

enum { PORT_IRQ, PORT__COUNT };
static const ww_port_desc m68k_ports[] = {
    [PORT_IRQ] = { "irq", WW_PORT_IN, 8, 0, 0, "interrupt request at level n (1..7; 7 = NMI, edge)" },
    [PORT__COUNT] = { NULL }
};

static const ww_bus_desc m68k_buses[] = {
    [M68K_BUS_MEM]  = { "mem", "program and data (FC 1/2/5/6); 24 bits on the 68000, set "
                        "bits=\"32\" for the others", 24, WW_BIG_ENDIAN,
                        WW_UNMAPPED_BUS_ERROR, 0 },
    [M68K_BUS_IACK] = { "iack", "interrupt acknowledge (FC 7): byte at the level = vector", 8,
                        WW_BIG_ENDIAN, WW_UNMAPPED_BUS_ERROR, 0 },
    [M68K_BUS__COUNT] = { NULL }
};

static const ww_field_desc sr_fields[] = {
    { "C", 0, 1, "carry" }, { "V", 1, 1, "overflow" }, { "Z", 2, 1, "zero" },
    { "N", 3, 1, "negative" }, { "X", 4, 1, "extend" },
    { "I", 8, 3, "interrupt mask" }, { "M", 12, 1, "master/interrupt state (68020+)" },
    { "S", 13, 1, "supervisor" }, { "T0", 14, 1, "trace on change of flow (68020+)" },
    { "T", 15, 1, "trace (T1 on the 68020+)" },
    { NULL }
};

/* 881UM §4.5.1-§4.5.3 */
static const ww_field_desc fpcr_fields[] = {
    { "RND", 4, 2, "rounding: nearest, zero, minus, plus" },
    { "PREC", 6, 2, "precision: extended, single, double" },
    { "INEX1", 8, 1, "enable" }, { "INEX2", 9, 1, "enable" }, { "DZ", 10, 1, "enable" },
    { "UNFL", 11, 1, "enable" }, { "OVFL", 12, 1, "enable" }, { "OPERR", 13, 1, "enable" },
    { "SNAN", 14, 1, "enable" }, { "BSUN", 15, 1, "enable" },
    { NULL }
};
static const ww_field_desc fpsr_fields[] = {
    { "AEXC", 3, 5, "accrued: INEX DZ UNFL OVFL IOP" },
    { "EXC", 8, 8, "exception status: INEX1 INEX2 DZ UNFL OVFL OPERR SNAN BSUN" },
    { "QUOT", 16, 7, "quotient (FMOD, FREM)" }, { "QS", 23, 1, "quotient sign" },
    { "NAN", 24, 1, "condition: not a number" }, { "I", 25, 1, "condition: infinity" },
    { "Z", 26, 1, "condition: zero" }, { "N", 27, 1, "condition: negative" },
    { NULL }
};

#define AT(m) WW_AT(m68k_t, m)
/* gdb's m68k order: d0-d7 0-7, a0-a7 8-15 (fp, sp), ps 16, pc 17
 * (gdb/features/m68k-core.xml), fp0-fp7 18-25, fpcontrol 26, fpstatus 27,
 * fpiaddr 28 (m68k-fp.xml). After reset SSP and PC come from the vector
 * table and SR is 2700 (UM §5.2.3, §6.3.7): the chip computes those.
 * Which model has what: 68010+ VBR SFC DFC; 68020+ CACR MSP (ISP is the
 * 68000's SSP); 68020/030 CAAR; 68030 TC CRP SRP TT0 TT1 MMUSR (68EC030:
 * TT0/TT1 as AC0/AC1 only); 68040 TC URP SRP ITT0-1 DTT0-1 MMUSR;
 * FP registers on a 68020/030 with a 68881/68882 and on the 68040. A
 * register the model lacks reads 0 and takes no writes from the guest. */
enum { R_D, R_A, R_SR, R_PC, R_FP, R_FPCR, R_FPSR, R_FPIAR, R_USP, R_SSP, R_MSP, R_VBR, R_SFC,
       R_DFC, R_CACR, R_CAAR, R_TC, R_CRP, R_SRP, R_URP, R_TT0, R_TT1, R_ITT0, R_ITT1, R_DTT0,
       R_DTT1, R_MMUSR, R_IR, R_IRC, R__COUNT };
static const char *const fp_names[] = { "fp0", "fp1", "fp2", "fp3", "fp4", "fp5", "fp6", "fp7" };
static const ww_reg_desc m68k_regs[] = {
    [R_D]   = { "d", .flags = WW_REG_INTERNAL, .at = AT(d[0]), .count = 8, .gdb = WW_GDB(0),
                .group = "general", .doc = "data registers" },
    [R_A]   = { "a", .flags = WW_REG_INTERNAL | WW_REG_CHIP_RESET, .at = AT(a[0]), .count = 8,
                .gdb = WW_GDB(8), .group = "general", .doc = "address registers; a7 = active SP" },
    [R_SR]  = { "sr", .flags = WW_REG_INTERNAL | WW_REG_SIDE | WW_REG_CHIP_RESET, .at = AT(sr),
                .fields = sr_fields, .gdb = WW_GDB(16), .group = "general",
                .doc = "status register (gdb: ps); M, T0 on the 68020+" },
    [R_PC]  = { "pc", .flags = WW_REG_INTERNAL | WW_REG_SIDE, .width = 4, .gdb = WW_GDB(17),
                .group = "general", .doc = "address of the next instruction (refills the queue)" },
    [R_FP]  = { "fp", .flags = WW_REG_INTERNAL | WW_REG_CHIP_RESET, .at = AT(fpu.fp[0]),
                .count = 8, .names = fp_names, .format = WW_FMT_F80, .gdb = WW_GDB(18),
                .group = "float", .doc = "68881/68882/68040 data registers (80-bit extended); "
                "reset: non-signalling NaN" },
    [R_FPCR] = { "fpcontrol", .flags = WW_REG_INTERNAL, .at = AT(fpu.fpcr), .mask = 0xfff0,
                 .fields = fpcr_fields, .gdb = WW_GDB(26), .group = "float", .doc = "FPCR" },
    [R_FPSR] = { "fpstatus", .flags = WW_REG_INTERNAL, .at = AT(fpu.fpsr), .mask = 0x0ffffff8,
                 .fields = fpsr_fields, .gdb = WW_GDB(27), .group = "float", .doc = "FPSR" },
    [R_FPIAR] = { "fpiaddr", .flags = WW_REG_INTERNAL, .at = AT(fpu.fpiar), .gdb = WW_GDB(28),
                  .group = "float", .doc = "FPIAR: address of the last FPU instruction" },
    [R_USP] = { "usp", .flags = WW_REG_INTERNAL, .width = 4, .group = "system",
                .doc = "user stack pointer (a7 or the inactive one)" },
    [R_SSP] = { "isp", .flags = WW_REG_INTERNAL, .width = 4, .group = "system",
                .doc = "supervisor (68020+: interrupt) stack pointer: the 68000's SSP" },
    [R_MSP] = { "msp", .flags = WW_REG_INTERNAL, .width = 4, .group = "system",
                .doc = "master stack pointer (68020+, SR.M = 1)" },
    [R_VBR] = { "vbr", .flags = WW_REG_INTERNAL, .at = AT(vbr), .group = "system",
                .doc = "vector base (68010+; 0 on the 68000)" },
    [R_SFC] = { "sfc", .flags = WW_REG_INTERNAL, .at = AT(sfc), .mask = 7, .group = "system",
                .doc = "source function code (MOVES, 68010+)" },
    [R_DFC] = { "dfc", .flags = WW_REG_INTERNAL, .at = AT(dfc), .mask = 7, .group = "system",
                .doc = "destination function code (68010+)" },
    [R_CACR] = { "cacr", .flags = WW_REG_INTERNAL, .at = AT(cacr), .group = "system",
                 .doc = "cache control (68020+; the caches are flags, no contents)" },
    [R_CAAR] = { "caar", .flags = WW_REG_INTERNAL, .at = AT(caar), .group = "system",
                 .doc = "cache address (68020/68030)" },
    [R_TC]  = { "tc", .flags = WW_REG_INTERNAL | WW_REG_SIDE, .at = AT(mmu.tc), .group = "mmu",
                .doc = "translation control: 68030 E SRE FCL PS IS TIA-TID (030UM §9.5.2); "
                       "68040 E (bit 15), P (bit 14: 8K pages) (040UM §3.1.3)" },
    [R_CRP] = { "crp", .flags = WW_REG_INTERNAL | WW_REG_SIDE, .at = AT(mmu.crp), .group = "mmu",
                .doc = "68030 CPU root pointer: L/U LIMIT DT, table address" },
    [R_SRP] = { "srp", .flags = WW_REG_INTERNAL | WW_REG_SIDE, .at = AT(mmu.srp), .group = "mmu",
                .doc = "supervisor root pointer (68030: 64 bits; 68040: the low 32)" },
    [R_URP] = { "urp", .flags = WW_REG_INTERNAL | WW_REG_SIDE, .at = AT(mmu.urp), .group = "mmu",
                .doc = "68040 user root pointer" },
    [R_TT0] = { "tt0", .flags = WW_REG_INTERNAL, .at = AT(mmu.tt[0]), .group = "mmu",
                .doc = "68030 transparent translation 0 (68EC030: AC0)" },
    [R_TT1] = { "tt1", .flags = WW_REG_INTERNAL, .at = AT(mmu.tt[1]), .group = "mmu",
                .doc = "68030 transparent translation 1 (68EC030: AC1)" },
    [R_ITT0] = { "itt0", .flags = WW_REG_INTERNAL, .at = AT(mmu.itt[0]), .group = "mmu",
                 .doc = "68040 instruction transparent translation 0" },
    [R_ITT1] = { "itt1", .flags = WW_REG_INTERNAL, .at = AT(mmu.itt[1]), .group = "mmu",
                 .doc = "68040 instruction transparent translation 1" },
    [R_DTT0] = { "dtt0", .flags = WW_REG_INTERNAL, .at = AT(mmu.dtt[0]), .group = "mmu",
                 .doc = "68040 data transparent translation 0" },
    [R_DTT1] = { "dtt1", .flags = WW_REG_INTERNAL, .at = AT(mmu.dtt[1]), .group = "mmu",
                 .doc = "68040 data transparent translation 1" },
    [R_MMUSR] = { "mmusr", .flags = WW_REG_INTERNAL, .at = AT(mmu.mmusr), .group = "mmu",
                  .doc = "MMU status (68030: 16 bits, B L S W I M T N; 68040: physical "
                         "address, B G U1 U0 S CM M W T R)" },
    [R_IR]  = { "ir", .flags = WW_REG_INTERNAL | WW_REG_CHIP_RESET, .at = AT(ir),
                .group = "system", .doc = "prefetch queue: opcode" },
    [R_IRC] = { "irc", .flags = WW_REG_INTERNAL | WW_REG_CHIP_RESET, .at = AT(irc),
                .group = "system", .doc = "prefetch queue: next word" },
    [R__COUNT] = { NULL }
};

#define ATCF(m) WW_AT(m68k_atc, m)
static const ww_state_desc atc_fields[] = {
    { "lpage", WW_STATE_U32, ATCF(lpage), "logical page" },
    { "ppage", WW_STATE_U32, ATCF(ppage), "physical page address" },
    { "valid", WW_STATE_U8, ATCF(valid), "entry in use" },
    { "fc", WW_STATE_U8, ATCF(fc), "function code (68040: supervisor)" },
    { "wp", WW_STATE_U8, ATCF(wp), "write protected" },
    { "m", WW_STATE_U8, ATCF(m), "modified" },
    { "ci", WW_STATE_U8, ATCF(ci), "cache inhibit" },
    { "b", WW_STATE_U8, ATCF(b), "bus error in the table walk" },
    { "s", WW_STATE_U8, ATCF(s), "supervisor only" },
    { "g", WW_STATE_U8, ATCF(g), "global (68040)" },
    { "u", WW_STATE_U8, ATCF(u), "used" },
    { "cm", WW_STATE_U8, ATCF(cm), "cache mode (68040)" },
    { "ux", WW_STATE_U8, ATCF(ux), "U1/U0 (68040)" },
    { NULL }
};
static const ww_record_desc atc_record = { "atc", sizeof(m68k_atc), atc_fields };

#define WBF(m) WW_AT(m68k_wb, m)
static const ww_state_desc wb_fields[] = {
    { "addr", WW_STATE_U32, WBF(addr), "address" },
    { "data", WW_STATE_U32, WBF(data), "data" },
    { "size", WW_STATE_U8, WBF(size), "bytes" },
    { "fc", WW_STATE_U8, WBF(fc), "function code" },
    { "atc", WW_STATE_U8, WBF(atc), "MMU fault (not a bus error)" },
    { NULL }
};
static const ww_record_desc wb_record = { "wb", sizeof(m68k_wb), wb_fields };

static const ww_state_desc m68k_state[] = {
    { "sp", WW_STATE_U32, AT(sp), "stack pointers not in a7: USP, ISP, MSP",
      .flags = WW_STATE_CHIP_RESET },
    { "prefetch_pc", WW_STATE_U32, AT(pc), "next prefetch address (PC + 4)",
      .flags = WW_STATE_CHIP_RESET },
    { "irq_lines", WW_STATE_U8, AT(irq_lines), "asserted irq inputs (input levels)",
      .flags = WW_STATE_NORESET },
    { "nmi_edge", WW_STATE_U8, AT(nmi_edge), "level 7 edge pending" },
    { "stopped", WW_STATE_U8, AT(stopped), "STOP executed" },
    { "halted", WW_STATE_U8, AT(halted), "double bus fault", .flags = WW_STATE_CHIP_RESET },
    { "trace_pending", WW_STATE_U8, AT(trace_pending), "trace exception due" },
    { "trace_pc", WW_STATE_U32, AT(trace_pc), "… after the instruction at this address" },
    { "qbad", WW_STATE_U8, AT(qbad), "a prefetch faulted (68020+), not yet reported" },
    { "bad_pc", WW_STATE_U32, AT(bad_pc), "… its address" },
    { "fpu_null", WW_STATE_U8, AT(fpu.null_state), "FSAVE gives a NULL frame",
      .flags = WW_STATE_CHIP_RESET },
    { "fpu_pending", WW_STATE_U8, AT(fpu.pending), "68881/68882 exception vector waiting "
      "for the next FPU instruction" },
    { "fpu_pending_pc", WW_STATE_U32, AT(fpu.pending_pc), "… the instruction that raised it" },
    { "fpu_unimp", WW_STATE_U8, AT(fpu.unimp), "68040: FSAVE gives the unimplemented-"
      "instruction frame" },
    { "fpu_unimp_frame", WW_STATE_U8, AT(fpu.unimp_frame), "… its 48 bytes" },
    { "atc", WW_STATE_RECORD, AT(mmu.atc), "68030 address translation cache", .record = &atc_record },
    { "datc", WW_STATE_RECORD, AT(mmu.datc), "68040 data ATC", .record = &atc_record },
    { "iatc", WW_STATE_RECORD, AT(mmu.iatc), "68040 instruction ATC", .record = &atc_record },
    { "atc_next", WW_STATE_U8, AT(mmu.next), "68030 ATC replacement pointer" },
    { "datc_next", WW_STATE_U8, AT(mmu.dnext), "68040 data ATC replacement pointer" },
    { "iatc_next", WW_STATE_U8, AT(mmu.inext), "68040 instruction ATC replacement pointer" },
    { "user_tls", WW_STATE_U32, AT(user_tls), "user-mode runner: the thread pointer" },
    { "nwb", WW_STATE_U8, AT(nwb), "68040 write-backs waiting for the access error" },
    { "wb", WW_STATE_RECORD, AT(wb), "68040 write-backs", .record = &wb_record },
    { NULL }
};

/* ---- execution ------------------------------------------------------------ */

enum { DO_INSN, DO_IRQ, DO_TRACE, DO_RESET };

/* Per unit of work (instruction, interrupt, trace): reset what the frame
 * of a group-0 fault inside it needs; on the 020+ also what restarting it
 * needs (the registers it may change before a fault). */
static inline __attribute__((always_inline)) void begin(m68k_t *m, bool v020)
{
    m->cyc = 0;
    m->cyc_done = 0;
    m->exc_taken = 0;
    m->in_exception = 0;
    m->prog_read = 0;
    m->faults = 0;
    if (!v020) {
        m->ae_pc_adj = -2;     /* the 68000's address-error frames only */
        m->ae_abs = 0;
    } else {
        memcpy(m->save_a, m->a, sizeof m->a);
        m->save_sr = m->sr;
        m->inst_pc = m->pc - 4;
        m->rmw = 0;
        m->fc_override = 0;
    }
}

static inline void reset_ae_68000(m68k_t *m)
{
    m->ae_pc_adj = -2;
    m->ae_abs = 0;
    m->prog_read = 0;
}

static inline __attribute__((always_inline)) void exec_insn(m68k_t *m, bool v020)
{
    uint16_t trace = m->sr & (v020 ? SR_T | SR_T0 : SR_T);
    m->inst_pc = m->pc - 4;
    if (v020) {
        /* The opcode's own prefetch faulted: report it now (020UM §7.1.1). */
        if (G_UNLIKELY(m->qbad) && m->bad_pc == m->pc - 4)
            m68k_queue_check(m);
        m->jumped = 0;
    }
    m->insns++;
    uint16_t op = m->ir;
    m->dispatch[op](m, op);
    if (trace && !m->exc_taken && (!v020 || (trace & SR_T) || m->jumped)) {
        m->trace_pending = 1;
        m->attn = 1;
        m->trace_pc = m->inst_pc;
    }
}

static inline __attribute__((always_inline)) void do_work(m68k_t *m, int what,
                                                          unsigned level, bool v020)
{
    switch (what) {
    case DO_INSN:
        exec_insn(m, v020);
        break;
    case DO_IRQ:
        m68k_take_interrupt(m, level);
        break;
    case DO_TRACE:
        m->trace_pending = 0;
        m68k_idle(m, 4);
        /* 020+: format $2 with the address of the traced instruction. */
        m68k_exception2(m, 9, m->pc - 4, m->trace_pc);
        break;
    case DO_RESET:
        /* UM §6.3.1: S set, T clear, mask 7; SSP and PC from vectors 0 and 1
         * (020UM §6.1.1: also M clear, VBR 0; the MMU, caches and FPU reset). */
        m->vbr = 0;
        m68k_set_sr(m, SR_S | SR_I);
        m->a[7] = m68k_read32(m, 0);
        m68k_jump(m, m68k_read32(m, 4));
        m68k_idle(m, 132 - 16);
        break;
    }
}

/* After a longjmp from the bus: the 68000 aborts the cycle and starts
 * group-0 processing, which may fault again (a second fault while stacking
 * is a double fault: halt). Bounded so a wild vector table cannot loop.
 * A longjmp with 2 means the instruction was abandoned after it took an
 * exception itself (a reserved extension word, an FPU/MMU condition). */
static void fault(m68k_t *m, int why, bool in_reset)
{
    if (why == 2 || why == M68K_TC_STOP)
        return;
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
    bool v020 = m->level != 0;
    begin(m, v020);
    m->abort = &jb;
    m68k_check_tables(m);
    int why = setjmp(jb);
    if (why)
        fault(m, why, what == DO_RESET);   /* may come back here */
    else
        do_work(m, what, level, v020);
    m->abort = outer;
    return (unsigned)m->cyc;
}

unsigned m68k_step(m68k_t *m)
{
    unsigned n = guarded(m, DO_INSN, 0);
    if (m->level)
        m68k_sync_cycles_scaled(m);
    else
        m68k_sync_cycles(m);
    return n;
}

/* Count a unit of work: machines count clock cycles (the 68000's exact
 * ones, the 020+ scaled); the user-mode runner counts instructions, as its
 * budget and --max-insns do (one "cycle" per instruction). */
static inline __attribute__((always_inline)) void account(m68k_t *m, bool v020, bool user)
{
    if (user) {
        m->cpu.cycles++;
        m->cyc_done = m->cyc;
    } else if (v020) {
        m68k_sync_cycles_scaled(m);
    } else {
        m68k_sync_cycles(m);
    }
}

/* The run loop keeps one abort target for the whole slice: a fault lands
 * at the setjmp, is processed, and the loop goes on. One copy each for the
 * 68000 (cycle-exact, nothing else in its way) and the 020+, in a machine
 * and in the user-mode runner. */
static inline __attribute__((always_inline)) void loop(m68k_t *m, uint64_t start,
                                                       uint64_t budget, bool v020, bool user)
{
    ww_cpu *cpu = &m->cpu;
    while (cpu->cycles - start < budget && !cpu->exit_request) {
        if (G_LIKELY(!m->attn)) {
            if (G_UNLIKELY(cpu->bp_on) && ww_cpu_break_check(cpu, m->pc - 4))
                break;   /* breakpoint (core/cpu.h debug contract) */
            begin(m, v020);
            exec_insn(m, v020);
            account(m, v020, user);
            continue;
        }
        unsigned mask = (m->sr >> 8) & 7, lvl = m->irq_level;
        if (cpu->stop != WW_STOP_NONE)
            break;
        if (m->halted) {
            cpu->stop = WW_STOP_FATAL;
            break;
        }
        begin(m, v020);
        if (v020 && m->nwb) {
            m68k_take_writeback_fault(m);
        } else if (m->trace_pending && !m->stopped) {
            do_work(m, DO_TRACE, 0, v020);
        } else if (m->nmi_edge || lvl > mask) {
            if (lvl == 7)
                m->nmi_edge = 0;
            do_work(m, DO_IRQ, lvl ? lvl : 7, v020);
        } else if (m->stopped) {
            cpu->stop = WW_STOP_HALT;   /* STOP with no interrupt to take */
            break;
        } else {
            if (G_UNLIKELY(cpu->bp_on) && ww_cpu_break_check(cpu, m->pc - 4))
                break;   /* breakpoint (core/cpu.h debug contract) */
            exec_insn(m, v020);
        }
        account(m, v020, user);
        m68k_attn(m);
    }
}

/* The instructions the cached engine ran since the block run was entered
 * (loop_cached) up to the record before tc_cur: the blocks entered one from
 * the other subtract their instructions from tc_left (tc_run.c tc_enter;
 * tc_base is tc_left plus the first block's at entry), so those finished
 * are tc_base - tc_left less the running block's, and then tc_cur's place
 * in the running block. */
static inline uint64_t tc_before(const m68k_t *m)
{
    const m68k_dop *r0 = (const m68k_dop *)m->tc_block->ops;
    return m->tc_base - m->tc_left - m->tc_block->ninsns + (uint64_t)(m->tc_cur - r0);
}

/* The cached engine (68000; blocks from tc_run.c). Whatever is not a plain
 * instruction of a cached block — attention (interrupt, trace, STOP, a
 * runner stop), the trace bit, code the cache cannot hold, a queue whose
 * opcode is not the block's — runs one unit of the uncached loop, so both
 * engines do the same thing in the same order (a queue whose ir or irc is
 * not what the block was decoded from: m68k_tc_queue_ok). Inside a block
 * each record has what exec_insn() gives an instruction: begin()'s state
 * (set here once per run of blocks; the records keep it), inst_pc (set
 * before a decode-table handler runs), the count (added per block here, or
 * by run() for the records before a fault: tc_before). The checks
 * the uncached loop makes before an instruction are made after each one by
 * the records (tc_run.c slow(): attention) or at block entry (the budget:
 * the whole block must fit, its worst case in a machine; exit, attention;
 * breakpoints: run() uses the uncached loop while any is set). */
static inline __attribute__((always_inline)) void loop_cached(m68k_t *m, uint64_t start,
                                                              uint64_t budget, bool user)
{
    ww_cpu *cpu = &m->cpu;
    const uint32_t ubit = user ? 1u << 31 : 0;     /* m68k_tc_flags */
    uint64_t blocks = 0;
    while (cpu->cycles - start < budget && !cpu->exit_request) {
        if (G_UNLIKELY(cpu->attention)) {
            ww_cpu_attn_clear(cpu, WW_CPU_ATTN_CODE | WW_CPU_ATTN_EXIT);
            continue;
        }
        uint32_t flags = (m->sr & (SR_S | SR_T)) | ubit;
        ww_tc_block *b = NULL;
        if (!m->attn && !(flags & SR_T))
            b = m68k_tc_find(m, flags);
        /* The runner enters a block only when all of it fits in the
         * budget (its records do not test it): the rest of the budget runs
         * instruction by instruction. */
        const uint64_t left = budget - (cpu->cycles - start);
        const bool fits = !b || left >= (user ? b->ninsns : b->cycles);
        if (!b || !m68k_tc_queue_ok(m, b) || !fits) {
            /* One unit as the uncached loop runs it. */
            uint64_t before = cpu->cycles;
            loop(m, cpu->cycles, fits ? 1 : left, false, user);
            if (cpu->cycles == before)
                break;          /* it stopped (halt, STOP, a runner stop) */
            if (m->tc_max_blocks && ++blocks >= m->tc_max_blocks)
                break;
            continue;
        }
        /* Blocks, one after the other while each ends where a linked or
         * looked-up block begins with the opcode in ir. What begin() resets
         * holds from block to block: a fault leaves through run(), an
         * exception puts in_exception back; ae_pc_adj, ae_abs and
         * prog_read are put back by the records (tc_run.c). */
        m->cyc = m->cyc_done = 0;
        m->exc_taken = 0;
        m->in_exception = 0;
        m->faults = 0;
        reset_ae_68000(m);
        for (;;) {
            const m68k_dop *const r0 = (const m68k_dop *)b->ops;
            const uint64_t left = budget - (cpu->cycles - start);
            /* The block fits (tested before it is entered): the runner
             * counts one cycle per instruction; a machine's block is
             * entered only when its worst case fits the cycle budget
             * (m->cyc runs on through the block: m->cyc - cyc_done is what
             * cpu.cycles still lacks, so the limit holds across the syncs
             * of slow accesses), so no record tests it. A record whose
             * handler needs the run loop leaves through run() (tc_run.c
             * slow(): M68K_TC_STOP). */
            uint64_t run = m->tc_max_blocks ? b->ninsns : M68K_TC_RUN;
            if (user && left < run)
                run = left;
            m->tc_lim = user ? UINT64_MAX / 2 : m->cyc_done + left;
            m->tc_left = run - b->ninsns;       /* the block fits */
            m->tc_base = run;
            m->tc_block = b;
            m->tc_cur = r0;
            /* The records run each other (tc_run.c tc_next) and return
             * after the last one, or early: attention, an exception (the
             * flow left the block); they may have entered other blocks
             * (tc_enter), so the block that ended is tc_block. */
            m->tc_entered++;
            r0->fn(m, r0);
            b = m->tc_block;
            /* Count what ran (exec_insn()'s count, account()). */
            const uint64_t done = tc_before(m) + 1;
            const bool whole = m->tc_cur == (const m68k_dop *)b->ops + b->ninsns - 1;
            m->tc_cur = NULL;
            m->insns += done;
            if (user)
                cpu->cycles += done;    /* (cyc is not the runner's count) */
            else
                m68k_sync_cycles(m);
            if (!whole || (m->attn | cpu->attention) || cpu->cycles - start >= budget)
                goto left;
            if (m->tc_max_blocks && ++blocks >= m->tc_max_blocks)
                return;
            /* The successor: one of the two blocks last entered from here
             * (links are only made between blocks of the same flags), or a
             * lookup, which becomes the newest link. */
            uint32_t pc = m->pc - 4;
            ww_tc_block *n = b->link[0];
            if (!n || n->pc != pc || !n->valid) {
                n = b->link[1];
                if (!n || n->pc != pc || !n->valid) {
                    if (((m->sr & (SR_S | SR_T)) | ubit) != b->flags)
                        break;
                    uint64_t flushes = ww_tcache_flushes(m->tc);
                    n = m68k_tc_find(m, b->flags);
                    if (!n || ww_tcache_flushes(m->tc) != flushes)
                        break;
                    ww_tc_chain(b, 1, b->link[0]);
                    ww_tc_chain(b, 0, n);
                }
            }
            if (((m->sr & (SR_S | SR_T)) | ubit) != b->flags ||
                ((const m68k_dop *)n->ops)->op != m->ir ||
                budget - (cpu->cycles - start) < (user ? n->ninsns : n->cycles))
                break;
            b = n;
        }
        continue;
    left:
        if (m->tc_max_blocks && ++blocks >= m->tc_max_blocks)
            break;
    }
}

/* The four loops, each with its constants folded in. */
typedef void (*loop_fn)(m68k_t *m, uint64_t start, uint64_t budget);
static void loop_68000(m68k_t *m, uint64_t s, uint64_t b) { loop(m, s, b, false, false); }
static void loop_68020(m68k_t *m, uint64_t s, uint64_t b) { loop(m, s, b, true, false); }
static void loop_user_68000(m68k_t *m, uint64_t s, uint64_t b) { loop(m, s, b, false, true); }
static void loop_user_68020(m68k_t *m, uint64_t s, uint64_t b) { loop(m, s, b, true, true); }
static void loop_cached_68000(m68k_t *m, uint64_t s, uint64_t b) { loop_cached(m, s, b, false); }
static void loop_cached_user(m68k_t *m, uint64_t s, uint64_t b) { loop_cached(m, s, b, true); }

static uint64_t m68k_run(ww_cpu *cpu, uint64_t budget)
{
    m68k_t *m = (m68k_t *)cpu;
    bool v020 = m->level != 0, user = cpu->user_mode;
    /* Breakpoints run the uncached loop: it checks before every instruction
     * (core/cpu.h debug contract); blocks would run past the address. */
    bool cached = m->tc && !v020 && !cpu->bp_on;
    const loop_fn body = cached ? (user ? loop_cached_user : loop_cached_68000)
                       : user ? (v020 ? loop_user_68020 : loop_user_68000)
                              : (v020 ? loop_68020 : loop_68000);
    if (cpu->exit_request)
        ww_cpu_attn_set(cpu, WW_CPU_ATTN_EXIT);
    jmp_buf jb;
    const uint64_t start = cpu->cycles;
    m->abort = &jb;
    m68k_check_tables(m);
    m68k_attn(m);
    int why = setjmp(jb);
    if (why) {
        if (m->tc_cur) {
            /* A fault inside a block: count the records before it (the
             * faulting one is counted below, as exec_insn() counts it); a
             * block left after a record (M68K_TC_STOP: tc_run.c slow())
             * is counted the same way, that record as done. */
            uint64_t before = tc_before(m);
            m->insns += before + 1;
            if (user)
                cpu->cycles += before;
            m->tc_cur = NULL;
        }
        fault(m, why, false);                /* may longjmp here again */
        if (user)
            account(m, false, true);
        else if (v020)
            account(m, true, false);
        else
            account(m, false, false);
        /* The block (or the uncached loop's instruction) that stopped or
         * faulted counts as one of the tests' blocks (as when loop_cached
         * sees the block return early). */
        if (m->tc_max_blocks) {
            m->abort = NULL;
            return cpu->cycles - start;
        }
    }
    body(m, start, budget);
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
    case 48: case 49: case 50: case 51: case 52: case 53: case 54: sig = SIGFPE; break;
    case 9: case 47: sig = SIGTRAP; break;
    default: sig = SIGILL; break;
    }
    m->cpu.stop = WW_STOP_USER_FAULT;
    m->cpu.stop_info = sig;
    m->attn = 1;
    return true;
}

/* ---- control registers (MOVEC, 020UM §1.3, 030UM §1.3, 040UM §1.3) ---------- */

static uint32_t cacr_mask(const m68k_t *m)
{
    switch (m->level) {
    case 2:  return 0x00000003;   /* E F (CE, C write-only) */
    case 3:  return 0x00003313;   /* EI FI IBE ED FD DBE WA (CEI CI CED CD write-only) */
    default: return 0x80008000;   /* DE IE */
    }
}

bool m68k_movec_read(m68k_t *m, unsigned reg, uint32_t *v)
{
    bool l4 = m->level == 4;
    switch (reg) {
    case 0x000: *v = m->sfc; return true;
    case 0x001: *v = m->dfc; return true;
    case 0x002: *v = m->cacr; return true;
    case 0x800: *v = m68k_get_sp(m, SP_USP); return true;
    case 0x801: *v = m->vbr; return true;
    case 0x802: if (l4) return false; *v = m->caar; return true;
    case 0x803: *v = m68k_get_sp(m, SP_MSP); return true;
    case 0x804: *v = m68k_get_sp(m, SP_ISP); return true;
    }
    if (!l4 || m->mmu_kind != MMU_040)
        return false;
    switch (reg) {
    case 0x003: *v = m->mmu.tc; return true;
    case 0x004: *v = m->mmu.itt[0]; return true;
    case 0x005: *v = m->mmu.itt[1]; return true;
    case 0x006: *v = m->mmu.dtt[0]; return true;
    case 0x007: *v = m->mmu.dtt[1]; return true;
    case 0x805: *v = m->mmu.mmusr; return true;
    case 0x806: *v = m->mmu.urp; return true;
    case 0x807: *v = (uint32_t)m->mmu.srp; return true;
    }
    return false;
}

bool m68k_movec_write(m68k_t *m, unsigned reg, uint32_t v)
{
    bool l4 = m->level == 4;
    switch (reg) {
    case 0x000: m->sfc = v & 7; return true;
    case 0x001: m->dfc = v & 7; return true;
    case 0x002: m->cacr = v & cacr_mask(m); return true;
    case 0x800: m68k_put_sp(m, SP_USP, v); return true;
    case 0x801: m->vbr = v; return true;
    case 0x802: if (l4) return false; m->caar = v & 0xfc; return true;
    case 0x803: m68k_put_sp(m, SP_MSP, v); return true;
    case 0x804: m68k_put_sp(m, SP_ISP, v); return true;
    }
    if (!l4 || m->mmu_kind != MMU_040)
        return false;
    switch (reg) {
    case 0x003: m->mmu.tc = v & 0xc000; m68k_mmu_update(m); return true;
    case 0x004: m->mmu.itt[0] = v & 0xffffe364; return true;
    case 0x005: m->mmu.itt[1] = v & 0xffffe364; return true;
    case 0x006: m->mmu.dtt[0] = v & 0xffffe364; return true;
    case 0x007: m->mmu.dtt[1] = v & 0xffffe364; return true;
    case 0x805: m->mmu.mmusr = v & 0xfffff3ff; return true;
    case 0x806: m->mmu.urp = v & 0xfffffe00; return true;
    case 0x807: m->mmu.srp = v & 0xfffffe00; return true;
    }
    return false;
}

/* ---- chip glue --------------------------------------------------------------- */

static void configure(m68k_t *m)
{
    static const uint8_t level[] = {
        [M68K_MODEL_68000] = 0, [M68K_MODEL_68020] = 2, [M68K_MODEL_68030] = 3,
        [M68K_MODEL_68040] = 4, [M68K_MODEL_68EC030] = 3, [M68K_MODEL_68LC040] = 4,
    };
    unsigned model = m->model < G_N_ELEMENTS(level) ? m->model : M68K_MODEL_68000;
    m->level = level[model];
    m->sr_mask = m->level ? SR_MASK_68020 : SR_MASK_68000;
    m->cyc_shift = m->level == 4 ? 2 : m->level ? 1 : 0;
    switch (model) {
    case M68K_MODEL_68030:   m->mmu_kind = MMU_030; break;
    case M68K_MODEL_68EC030: m->mmu_kind = MMU_EC030; break;
    case M68K_MODEL_68040:
    case M68K_MODEL_68LC040: m->mmu_kind = MMU_040; break;
    default:                 m->mmu_kind = MMU_NONE; break;
    }
    if (m->level == 0 || model == M68K_MODEL_68LC040)
        m->fpu_kind = FPU_NONE;
    else if (m->level == 4)
        m->fpu_kind = FPU_040;
    else
        m->fpu_kind = m->fpu_prop == FPUP_NONE ? FPU_NONE
                    : m->fpu_prop == FPUP_68881 ? FPU_68881 : FPU_68882;
    m->dispatch = m68k_dispatch(m68k_decode_class(m));
}

static bool m68k_realize(ww_chip *chip, GError **err)
{
    m68k_t *m = (m68k_t *)chip;
    configure(m);
    m68k_refresh_tables(m);
    if (m->engine == M68K_ENGINE_INTERP)
        m68k_tc_init(m);
    (void)err;
    return true;
}

static void m68k_unrealize(ww_chip *chip)
{
    m68k_tc_fini((m68k_t *)chip);
}

static void m68k_reset(ww_chip *chip, ww_reset_kind kind)
{
    m68k_t *m = (m68k_t *)chip;
    configure(m);
    m->qbad = 0;
    m68k_fpu_reset(m);
    m68k_mmu_reset(m);
    m68k_refresh_tables(m);
    if (m->tc)
        ww_tcache_flush(m->tc);     /* (a reset may follow a reload behind the space) */
    /* The user-mode runner sets PC and SP itself (cpu/m68k/user.c). */
    if (!chip->bus[M68K_BUS_MEM] || m->cpu.user_mode)
        return;
    guarded(m, DO_RESET, 0);
    if (m->level)
        m68k_sync_cycles_scaled(m);
    else
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
    m->qbad = 0;
    if (cpu->chip.bus[M68K_BUS_MEM] && !m->mmu_on) {
        if (ww_space_peek(cpu->chip.bus[M68K_BUS_MEM], pc & m->amask & ~1ull, 2, &v) != WW_BUS_OK)
            v = 0;
        m->ir = (uint16_t)v;
        if (ww_space_peek(cpu->chip.bus[M68K_BUS_MEM], (pc + 2) & m->amask & ~1ull, 2, &v) != WW_BUS_OK)
            v = 0;
        m->irc = (uint16_t)v;
    } else if (m->mmu_on) {
        /* Translated: fetch both words at the next instruction. */
        m->qbad = 1;
        m->bad_pc = m->pc - 4;
        m->attn = 1;
    }
    m->stopped = 0;
    m68k_attn(m);
}

static uint64_t m68k_reg_read(ww_chip *chip, const ww_reg_desc *r, unsigned index)
{
    m68k_t *m = (m68k_t *)chip;
    switch (r - m68k_regs) {
    case R_PC:  return m->pc - 4;
    case R_USP: return m68k_get_sp(m, SP_USP);
    case R_SSP: return m68k_get_sp(m, SP_ISP);
    case R_MSP: return m->level ? m68k_get_sp(m, SP_MSP) : 0;
    default:    return 0;
    }
}

static void m68k_reg_write(ww_chip *chip, const ww_reg_desc *r, unsigned index, uint64_t val)
{
    m68k_t *m = (m68k_t *)chip;
    uint32_t v = (uint32_t)val;
    switch (r - m68k_regs) {
    case R_SR:  m68k_set_sr(m, (uint16_t)v); return;
    case R_PC:  m68k_set_pc(&m->cpu, v); return;
    case R_USP: m68k_put_sp(m, SP_USP, v); return;
    case R_SSP: m68k_put_sp(m, SP_ISP, v); return;
    case R_MSP: if (m->level) m68k_put_sp(m, SP_MSP, v); return;
    case R_TC:  m->mmu.tc = v; m68k_mmu_update(m); return;
    case R_CRP: m->mmu.crp = val; m68k_mmu_flush_all(m); return;
    case R_SRP: m->mmu.srp = val; m68k_mmu_flush_all(m); return;
    case R_URP: m->mmu.urp = v; m68k_mmu_flush_all(m); return;
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
    configure(m);
    m68k_mmu_update(m);
    m68k_refresh_tables(m);
    m68k_attn(m);
    /* Memory may have been restored behind the space; the records take
     * their extension words from the blocks. */
    if (m->tc)
        ww_tcache_flush(m->tc);
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
    .translate = m68k_debug_translate,
};

static const ww_chip_class m68k_class = {
    .type = "m68k",
    .summary = "Motorola 68000/68020/68030/68040 CPU (interpreter)",
    .doc = "68000 with prefetch queue, exact group-0 frames and cycle counts; 68020, 68030 "
           "(PMMU), 68040 (MMU, FPU subset + FPSP exceptions), 68EC030, 68LC040, with the "
           "68881/68882 on the 020/030, approximate cycle counts; sources: M68000PM/AD, "
           "M68000UM/AD, MC68020UM, MC68030UM, MC68040UM, MC68881UM, SingleStepTests vectors",
    .size = sizeof(m68k_t),
    .version = 2,
    .props = m68k_props,
    .regs = m68k_regs,
    .state = m68k_state,
    .ports = m68k_ports,
    .buses = m68k_buses,
    .cpu = &m68k_ops,
    .realize = m68k_realize,
    .unrealize = m68k_unrealize,
    .reset = m68k_reset,
    .signal = m68k_signal,
    .post_load = m68k_post_load,
    .reg_read = m68k_reg_read,
    .reg_write = m68k_reg_write,
};
WW_CHIP_REGISTER(m68k_class)
