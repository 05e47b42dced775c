/* cpu/ppc/cpu.c — the "ppc" chip: class, properties, register descriptor,
 * reset, interrupt inputs and the interpreter loop.
 *
 * Models (property "model"): ppc603 (603e: software table search, TGPR),
 * ppc604 (604e), ppc750 (default). PVR values from the parts' user's manuals
 * (603e UM §2.1.2.1: version 0x0006; 604e UM: 0x0009; 750 UM: 0x0008).
 * Reset state: MPCFPE32B table 2-20 / 750 UM table 2-9 — PC 0xFFF00100 with
 * MSR[IP] set, everything else zero. Interpreter: one cycle per instruction
 * (timing is not modelled). Source for gdb numbering: gdb's
 * features/rs6000/power-core.xml + power-fpu.xml (r0-r31 0-31, f0-f31
 * 32-63, pc 64, msr 65, cr 66, lr 67, ctr 68, xer 69, fpscr 70). */
#include "cpu/ppc/ppc.h"
#include "cpu/ppc/disasm.h"

static const char *const ppc_models[] = { "ppc603", "ppc604", "ppc750", NULL };

uint32_t ppc_pvr(ppc_model m)
{
    switch (m) {
    case PPC_MODEL_603: return 0x00060103u;   /* 603e rev 1.3 */
    case PPC_MODEL_604: return 0x00090202u;   /* 604e rev 2.2 */
    default:            return 0x00080202u;   /* 750 rev 2.2 */
    }
}

void ppc_set_msr(ppc_cpu *c, uint32_t v)
{
    /* 603e: MSR[TGPR] maps r0-r3 to the TLB-miss shadow registers. */
    if (c->model == PPC_MODEL_603 && ((c->msr ^ v) & MSR_TGPR)) {
        for (unsigned k = 0; k < 4; k++) {
            uint32_t t = c->gpr[k];
            c->gpr[k] = c->gpr_shadow[k];
            c->gpr_shadow[k] = t;
        }
    }
    if (c->model != PPC_MODEL_603)
        v &= ~MSR_TGPR;
    c->msr = v;
    ppc_update_direct(c);
}

void ppc_update_direct(ppc_cpu *c)
{
    c->fetch_direct = c->cpu.user_mode || !(c->msr & MSR_IR);
    c->data_direct = c->cpu.user_mode ||
                     (!(c->msr & MSR_DR) && !(c->model != PPC_MODEL_603 && (c->spr[SPR_DABR] & 3)));
    ppc_update_attention(c);
}

/* ---- descriptor --------------------------------------------------------- */

#define AT(m) WW_AT(ppc_cpu, m)

static const ww_field_desc msr_fields[] = {
    { "POW", 18, 1, "power management enable" }, { "TGPR", 17, 1, "603: TLB-miss GPRs" },
    { "ILE", 16, 1, NULL }, { "EE", 15, 1, "external interrupts" },
    { "PR", 14, 1, "user mode" }, { "FP", 13, 1, "FPU available" },
    { "ME", 12, 1, "machine check enable" }, { "FE0", 11, 1, NULL }, { "SE", 10, 1, NULL },
    { "BE", 9, 1, NULL }, { "FE1", 8, 1, NULL }, { "IP", 6, 1, "vectors at 0xFFFxxxxx" },
    { "IR", 5, 1, "instruction translation" }, { "DR", 4, 1, "data translation" },
    { "PM", 2, 1, NULL }, { "RI", 1, 1, NULL }, { "LE", 0, 1, NULL }, { NULL, 0, 0, NULL }
};
static const ww_field_desc cr_fields[] = {
    { "CR0", 28, 4, NULL }, { "CR1", 24, 4, NULL }, { "CR2", 20, 4, NULL },
    { "CR3", 16, 4, NULL }, { "CR4", 12, 4, NULL }, { "CR5", 8, 4, NULL },
    { "CR6", 4, 4, NULL }, { "CR7", 0, 4, NULL }, { NULL, 0, 0, NULL }
};
static const ww_field_desc xer_fields[] = {
    { "SO", 31, 1, NULL }, { "OV", 30, 1, NULL }, { "CA", 29, 1, NULL },
    { "BC", 0, 7, "string byte count" }, { NULL, 0, 0, NULL }
};
static const ww_field_desc fpscr_fields[] = {
    { "FX", 31, 1, NULL }, { "FEX", 30, 1, NULL }, { "VX", 29, 1, NULL },
    { "OX", 28, 1, NULL }, { "UX", 27, 1, NULL }, { "ZX", 26, 1, NULL }, { "XX", 25, 1, NULL },
    { "VXSNAN", 24, 1, NULL }, { "VXISI", 23, 1, NULL }, { "VXIDI", 22, 1, NULL },
    { "VXZDZ", 21, 1, NULL }, { "VXIMZ", 20, 1, NULL }, { "VXVC", 19, 1, NULL },
    { "FR", 18, 1, NULL }, { "FI", 17, 1, NULL }, { "FPRF", 12, 5, NULL },
    { "VXSOFT", 10, 1, NULL }, { "VXSQRT", 9, 1, NULL }, { "VXCVI", 8, 1, NULL },
    { "VE", 7, 1, NULL }, { "OE", 6, 1, NULL }, { "UE", 5, 1, NULL }, { "ZE", 4, 1, NULL },
    { "XE", 3, 1, NULL }, { "NI", 2, 1, "non-IEEE mode" }, { "RN", 0, 2, "rounding" },
    { NULL, 0, 0, NULL }
};

/* gdb's numbering: features/rs6000/power-core.xml + power-fpu.xml (r0-r31
 * 0-31, f0-f31 32-63, pc 64, msr 65, cr 66, lr 67, ctr 68, xer 69, fpscr 70).
 * SPRs are listed by name with their storage in spr[]; which exist depends on
 * the model (spr_exists in exec_sys.c), the rest of spr[] is never used. */
static const char *const bat_names[] = {
    "ibat0u", "ibat0l", "ibat1u", "ibat1l", "ibat2u", "ibat2l", "ibat3u", "ibat3l",
    "dbat0u", "dbat0l", "dbat1u", "dbat1l", "dbat2u", "dbat2l", "dbat3u", "dbat3l" };
static const char *const tlbmiss_names[] = {
    "dmiss", "dcmp", "hash1", "hash2", "imiss", "icmp", "rpa" };
static const char *const pm_names[] = {
    "mmcr0", "pmc1", "pmc2", "sia", "mmcr1", "pmc3", "pmc4", "sda" };
static const char *const thrm_names[] = { "thrm1", "thrm2", "thrm3" };

enum { R_GPR, R_FPR, R_PC, R_MSR, R_CR, R_LR, R_CTR, R_XER, R_FPSCR, R_SR, R_DSISR, R_DAR,
       R_SDR1, R_SRR0, R_SRR1, R_SPRG, R_EAR, R_PVR, R_BAT, R_HID0, R_HID1, R_IABR, R_DABR,
       R_TLBMISS, R_PM, R_L2CR, R_ICTC, R_THRM, R_PIR, R_DEC, R_TBL, R_TBU, R__COUNT };
#define REG(name, fl, member, ...) \
    { name, .flags = WW_REG_INTERNAL | (fl), .at = AT(member), __VA_ARGS__ }
#define SIDE WW_REG_SIDE
static const ww_reg_desc ppc_regs[] = {
    [R_GPR]   = REG("r", 0, gpr[0], .count = 32, .gdb = WW_GDB(0), .group = "general"),
    [R_FPR]   = REG("f", 0, fpr[0], .count = 32, .gdb = WW_GDB(32), .format = WW_FMT_F64, .group = "float", .doc = "IEEE double bits"),
    [R_PC]    = REG("pc", SIDE, pc, .reset = 0xfff00100u, .gdb = WW_GDB(64), .group = "general", .doc = "reset vector (MSR[IP] = 1)"),
    [R_MSR]   = REG("msr", SIDE, msr, .reset = MSR_IP, .fields = msr_fields, .gdb = WW_GDB(65), .group = "general"),
    [R_CR]    = REG("cr", 0, cr, .fields = cr_fields, .gdb = WW_GDB(66), .group = "general"),
    [R_LR]    = REG("lr", 0, spr[SPR_LR], .gdb = WW_GDB(67), .group = "general"),
    [R_CTR]   = REG("ctr", 0, spr[SPR_CTR], .gdb = WW_GDB(68), .group = "general"),
    [R_XER]   = REG("xer", 0, spr[SPR_XER], .fields = xer_fields, .gdb = WW_GDB(69), .group = "general"),
    [R_FPSCR] = REG("fpscr", 0, fpscr, .fields = fpscr_fields, .gdb = WW_GDB(70), .group = "float"),
    [R_SR]    = REG("sr", SIDE, sr[0], .count = 16, .group = "mmu"),
    [R_DSISR] = REG("dsisr", 0, spr[SPR_DSISR], .group = "system"),
    [R_DAR]   = REG("dar", 0, spr[SPR_DAR], .group = "system"),
    [R_SDR1]  = REG("sdr1", SIDE, spr[SPR_SDR1], .group = "mmu"),
    [R_SRR0]  = REG("srr0", 0, spr[SPR_SRR0], .group = "system"),
    [R_SRR1]  = REG("srr1", 0, spr[SPR_SRR1], .group = "system"),
    [R_SPRG]  = REG("sprg", 0, spr[SPR_SPRG0], .count = 4, .group = "system"),
    [R_EAR]   = REG("ear", 0, spr[SPR_EAR], .group = "system"),
    [R_PVR]   = REG("pvr", WW_REG_RO | WW_REG_CHIP_RESET, spr[SPR_PVR], .group = "system", .doc = "processor version (from the model)"),
    [R_BAT]   = REG("bat", SIDE, spr[SPR_IBAT0U], .count = 16, .names = bat_names, .group = "mmu"),
    [R_HID0]  = REG("hid0", 0, spr[SPR_HID0], .group = "system"),
    [R_HID1]  = REG("hid1", 0, spr[SPR_HID1], .group = "system"),
    [R_IABR]  = REG("iabr", SIDE, spr[SPR_IABR], .group = "system"),
    [R_DABR]  = REG("dabr", SIDE, spr[SPR_DABR], .group = "system", .doc = "604e/750"),
    [R_TLBMISS] = REG("tlbmiss", 0, spr[SPR_DMISS], .count = 7, .names = tlbmiss_names, .group = "mmu", .doc = "603e software table search"),
    [R_PM]    = REG("pm", 0, spr[SPR_MMCR0], .count = 8, .names = pm_names, .group = "system", .doc = "604e/750 performance monitor"),
    [R_L2CR]  = REG("l2cr", 0, spr[SPR_L2CR], .group = "system", .doc = "750"),
    [R_ICTC]  = REG("ictc", 0, spr[SPR_ICTC], .group = "system", .doc = "750"),
    [R_THRM]  = REG("thrm", 0, spr[SPR_THRM1], .count = 3, .names = thrm_names, .group = "system", .doc = "750 thermal assist"),
    [R_PIR]   = REG("pir", 0, spr[SPR_PIR], .group = "system", .doc = "604e"),
    /* computed from virtual time (timebase.c) */
    [R_DEC]   = { "dec", .flags = WW_REG_INTERNAL | SIDE, .width = 4, .group = "system" },
    [R_TBL]   = { "tbl", .flags = WW_REG_INTERNAL | SIDE, .width = 4, .group = "system" },
    [R_TBU]   = { "tbu", .flags = WW_REG_INTERNAL | SIDE, .width = 4, .group = "system" },
    [R__COUNT] = { NULL }
};

static const ww_prop_desc ppc_props[] = {
    { "model", WW_PROP_ENUM, AT(model), "ppc750", 0, 0, ppc_models, WW_UNIT_NONE,
      "implementation: PVR, 603 software TLB, model-specific SPRs" },
    { "clock", WW_PROP_UINT, AT(cpu.clock_hz), "266MHz", 1000, 10000000000ull, NULL, WW_UNIT_HZ,
      "core clock (one instruction per cycle)" },
    { "tb-freq", WW_PROP_UINT, AT(tb_freq), "0", 0, 10000000000ull, NULL, WW_UNIT_HZ,
      "time base / decrementer rate; 0 = clock / 4" },
    { NULL }
};

enum { PORT_INT, PORT_MCP, PORT_SMI, PORT_SRESET, PORT__COUNT };
static const ww_port_desc ppc_ports[] = {
    [PORT_INT]    = { "int", WW_PORT_IN, 1, 0, 0, "external interrupt (level, taken when MSR[EE])" },
    [PORT_MCP]    = { "mcp", WW_PORT_IN, 1, WW_PORT_EDGE, 0, "machine check request" },
    [PORT_SMI]    = { "smi", WW_PORT_IN, 1, 0, 0, "system management interrupt (603e/750)" },
    [PORT_SRESET] = { "sreset", WW_PORT_IN, 1, WW_PORT_EDGE, 0, "soft reset (vector 0x100)" },
    [PORT__COUNT] = { NULL }
};

static const ww_bus_desc ppc_buses[] = {
    [PPC_BUS_MEM] = { "mem", "the 60x bus: 32-bit, big-endian; unmapped = machine check",
                      32, WW_BIG_ENDIAN, WW_UNMAPPED_BUS_ERROR, 0 },
    [PPC_BUS__COUNT] = { NULL }
};

static const ww_state_desc ppc_state[] = {
    { "gpr_shadow", WW_STATE_U32, AT(gpr_shadow), "603 TGPR r0-r3" },
    { "tb_offset", WW_STATE_U64, AT(tb_offset), "TB = ticks(now) + offset",
      .flags = WW_STATE_CHIP_RESET },
    { "dec_load", WW_STATE_U32, AT(dec_load), .flags = WW_STATE_CHIP_RESET },
    { "dec_stamp", WW_STATE_U64, AT(dec_stamp), .flags = WW_STATE_CHIP_RESET },
    { "dec_timer", WW_STATE_TIMER, AT(dec_timer), "next decrementer exception",
      .fire = ppc_dec_fire },
    { "dec_pending", WW_STATE_BOOL, AT(dec_pending) },
    { "ext_level", WW_STATE_BOOL, AT(ext_level), "int input level", .flags = WW_STATE_NORESET },
    { "mcp_level", WW_STATE_BOOL, AT(mcp_level) },
    { "smi_level", WW_STATE_BOOL, AT(smi_level), "smi input level", .flags = WW_STATE_NORESET },
    { "sreset_level", WW_STATE_BOOL, AT(sreset_level) },
    { "resv_valid", WW_STATE_BOOL, AT(resv_valid), "lwarx reservation" },
    { "resv_addr", WW_STATE_U32, AT(resv_addr) },
    { "itlb", WW_STATE_U32, AT(itlb), "603 I-TLB (cmp, rpa, ea)" },
    { "dtlb", WW_STATE_U32, AT(dtlb), "603 D-TLB (cmp, rpa, ea)" },
    { "tlb_victim", WW_STATE_U8, AT(tlb_victim) },
    { NULL }
};

/* ---- lifecycle ------------------------------------------------------------ */

static bool ppc_realize(ww_chip *chip, GError **err)
{
    ppc_cpu *c = (ppc_cpu *)chip;
    if (!chip->bus[PPC_BUS_MEM]) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "bus port 'mem' is not bound");
        return false;
    }
    ppc_build_dispatch(c);
    c->map_gen = UINT64_MAX;
    return true;
}

static void ppc_unrealize(ww_chip *chip)
{
    ppc_disasm_close((ppc_cpu *)chip);
}

static void ppc_reset(ww_chip *chip, ww_reset_kind kind)
{
    ppc_cpu *c = (ppc_cpu *)chip;
    /* The table reset everything to 0 but PC and MSR (MPCFPE32B table 2-20);
     * what remains depends on the model or on time. */
    ppc_tlb_flush(c);
    ppc_set_msr(c, c->msr);
    c->spr[SPR_PVR] = ppc_pvr(c->model);
    if (kind == WW_RESET_POWER) {
        uint64_t t = ppc_tb_read(c);
        c->tb_offset = (uint64_t)0 - (t - c->tb_offset);   /* TB reads 0 now */
    }
    ppc_dec_write(c, 0xffffffffu);
}

static bool ppc_post_load(ww_chip *chip, GError **err)
{
    ppc_cpu *c = (ppc_cpu *)chip;
    ppc_tlb_flush(c);          /* derived: the translation cache */
    c->map_gen = UINT64_MAX;   /* re-fetch the page-table pointers */
    ppc_update_direct(c);
    return true;
}

static void ppc_signal(ww_chip *chip, unsigned port, unsigned index, int level)
{
    ppc_cpu *c = (ppc_cpu *)chip;
    switch (port) {
    case PORT_INT:    c->ext_level = level; break;
    case PORT_MCP:    if (level) c->mcp_level = true; break;
    case PORT_SMI:    c->smi_level = level; break;
    case PORT_SRESET: if (level) c->sreset_level = true; break;
    }
    ppc_update_attention(c);
    if (level)
        ww_cpu_kick(&c->cpu);
}

/* ---- interpreter ---------------------------------------------------------- */

static inline bool irq_maybe(const ppc_cpu *c)
{
    return c->sreset_level || c->mcp_level ||
           ((c->msr & MSR_EE) && (c->ext_level || c->dec_pending || c->smi_level));
}

/* The rare per-instruction conditions, folded into one flag the loop tests:
 * an interrupt line or request, MSR[POW] or MSR[SE]. Recomputed whenever
 * one of them may change (MSR writes, inputs, the decrementer timer). */
void ppc_update_attention(ppc_cpu *c)
{
    c->attention = !c->cpu.user_mode &&
                   (c->sreset_level || c->mcp_level || c->ext_level || c->dec_pending ||
                    c->smi_level || (c->msr & (MSR_POW | MSR_SE | MSR_BE)) ||
                    (c->spr[SPR_IABR] & 2));
}

static bool is_branch(uint32_t insn)
{
    unsigned po = insn >> 26, xo = (insn >> 1) & 0x3ff;
    return po == 16 || po == 18 || (po == 19 && (xo == 16 || xo == 528));
}

/* Slow part of an instruction boundary. */
enum { BOUNDARY_RUN, BOUNDARY_STOP, BOUNDARY_TAKEN };

static int boundary(ppc_cpu *c)
{
    ww_cpu *cpu = &c->cpu;
    if (irq_maybe(c) && ppc_check_interrupts(c)) {
        ppc_update_attention(c);
        if (cpu->stop != WW_STOP_NONE)     /* checkstop */
            return BOUNDARY_STOP;
        c->pc = c->npc;
        return BOUNDARY_TAKEN;
    }
    if (c->msr & MSR_POW) {               /* doze/nap: wait for an interrupt */
        cpu->stop = WW_STOP_HALT;
        return BOUNDARY_STOP;
    }
    /* IABR (MPCFPE32B §6.4 note, 750 UM §2.1.2.1): breakpoint enable is bit 30,
     * translation enable bit 31 must match MSR[IR]; taken before the
     * instruction executes, SRR0 = its address. */
    uint32_t iabr = c->spr[SPR_IABR];
    if ((iabr & 2) && (iabr & ~3u) == c->pc && !(iabr & 1) == !(c->msr & MSR_IR)) {
        ppc_exception(c, EXC_IABR, c->pc, 0);
        c->pc = c->npc;
        return BOUNDARY_TAKEN;
    }
    c->exc_taken = false;
    return BOUNDARY_RUN;
}

static uint64_t ppc_run(ww_cpu *cpu, uint64_t budget)
{
    ppc_cpu *c = (ppc_cpu *)cpu;
    uint64_t start = cpu->cycles, end = start + budget;
    cpu->stop = WW_STOP_NONE;
    ppc_check_map(c);
    ppc_update_direct(c);     /* tests and the runner may have set msr/user_mode */
    while (cpu->cycles < end && !cpu->exit_request) {
        c->npc = c->pc + 4;
        if (__builtin_expect(c->attention, 0)) {
            int b = boundary(c);
            if (b == BOUNDARY_STOP)
                break;
            if (b == BOUNDARY_TAKEN) {
                cpu->cycles++;
                continue;
            }
        }
        if (__builtin_expect(cpu->bp_on, 0) && ww_cpu_break_check(cpu, c->pc))
            break;   /* breakpoint (core/cpu.h debug contract) */
        uint32_t insn = 0;
        if (ppc_fetch(c, c->pc, &insn)) {
            const ppc_op *op = ppc_decode(c, insn);
            if (op)
                op->exec(c, insn);
            else if (cpu->user_mode)
                ppc_user_fault(c, SIG_ILL);
            else
                ppc_illegal(c, insn);
        }
        cpu->cycles++;
        if (__builtin_expect(cpu->stop != WW_STOP_NONE, 0)) {
            if (cpu->stop == WW_STOP_FATAL || cpu->stop == WW_STOP_USER_FAULT)
                break;           /* PC stays on the faulting instruction */
            c->pc = c->npc;
            break;
        }
        /* Single-step (SE) and branch (BE) trace: 0xD00 after the instruction,
         * SRR0 = the next one (MPCFPE32B §6.4.11). */
        if (__builtin_expect((c->msr & (MSR_SE | MSR_BE)) != 0, 0) && !c->exc_taken &&
            !cpu->user_mode && ((c->msr & MSR_SE) || is_branch(insn)))
            ppc_exception(c, EXC_TRACE, c->npc, 0);
        c->pc = c->npc;
    }
    return cpu->cycles - start;
}

/* ---- registers for the debugger ------------------------------------------- */

static uint64_t ppc_get_pc(ww_cpu *cpu) { return ((ppc_cpu *)cpu)->pc; }
static void ppc_set_pc(ww_cpu *cpu, uint64_t pc) { ((ppc_cpu *)cpu)->pc = (uint32_t)pc & ~3u; }

static uint64_t ppc_reg_read(ww_chip *chip, const ww_reg_desc *r, unsigned index)
{
    ppc_cpu *c = (ppc_cpu *)chip;
    switch (r - ppc_regs) {
    case R_DEC: return ppc_dec_read(c);
    case R_TBL: return (uint32_t)ppc_tb_read(c);
    case R_TBU: return ppc_tb_read(c) >> 32;
    default:    return 0;
    }
}

/* A debugger's write has the effect the same mtspr/mtmsr/mtsr would have. */
static void ppc_reg_write(ww_chip *chip, const ww_reg_desc *r, unsigned index, uint64_t val)
{
    ppc_cpu *c = (ppc_cpu *)chip;
    uint32_t v = (uint32_t)val;
    switch (r - ppc_regs) {
    case R_PC:   c->pc = v & ~3u; return;
    case R_MSR:  ppc_set_msr(c, v); return;
    case R_SR:   c->sr[index] = v; ppc_tlb_flush(c); return;
    case R_SDR1: c->spr[SPR_SDR1] = v; ppc_tlb_flush(c); return;
    case R_BAT:  c->spr[SPR_IBAT0U + index] = v; ppc_tlb_flush(c); return;
    case R_IABR: c->spr[SPR_IABR] = v; ppc_update_direct(c); return;
    case R_DABR: c->spr[SPR_DABR] = v; ppc_update_direct(c); return;
    case R_DEC:  ppc_dec_write(c, v); return;
    case R_TBL:  ppc_tb_write(c, false, v); return;
    case R_TBU:  ppc_tb_write(c, true, v); return;
    default:     return;
    }
}

static const ww_cpu_ops ppc_ops_cpu = {
    .family = "ppc",
    .models = ppc_models,
    .run = ppc_run,
    .get_pc = ppc_get_pc,
    .set_pc = ppc_set_pc,
    .disasm = ppc_disasm,
};

static const ww_chip_class ppc_class = {
    .type = "ppc",
    .summary = "32-bit PowerPC CPU (603e, 604e, 750)",
    .doc = "Interpreter for the 32-bit PowerPC user and supervisor architecture: integer, "
           "FPU with exact FPSCR, BATs and hashed page table (603e software TLB reload), "
           "decrementer and time base from virtual time.",
    .size = sizeof(ppc_cpu),
    .version = 1,
    .props = ppc_props,
    .regs = ppc_regs,
    .state = ppc_state,
    .ports = ppc_ports,
    .buses = ppc_buses,
    .cpu = &ppc_ops_cpu,
    .realize = ppc_realize,
    .unrealize = ppc_unrealize,
    .reset = ppc_reset,
    .signal = ppc_signal,
    .post_load = ppc_post_load,
    .reg_read = ppc_reg_read,
    .reg_write = ppc_reg_write,
};
WW_CHIP_REGISTER(ppc_class)
