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

static const ww_cpu_reg_desc ppc_regs[] = {
    /* name     bits gdb  storage */
    { "r0",     32,   0, AT(gpr[0]), NULL },
    { "r1",     32,   1, AT(gpr[1]), NULL },
    { "r2",     32,   2, AT(gpr[2]), NULL },
    { "r3",     32,   3, AT(gpr[3]), NULL },
    { "r4",     32,   4, AT(gpr[4]), NULL },
    { "r5",     32,   5, AT(gpr[5]), NULL },
    { "r6",     32,   6, AT(gpr[6]), NULL },
    { "r7",     32,   7, AT(gpr[7]), NULL },
    { "r8",     32,   8, AT(gpr[8]), NULL },
    { "r9",     32,   9, AT(gpr[9]), NULL },
    { "r10",    32,  10, AT(gpr[10]), NULL },
    { "r11",    32,  11, AT(gpr[11]), NULL },
    { "r12",    32,  12, AT(gpr[12]), NULL },
    { "r13",    32,  13, AT(gpr[13]), NULL },
    { "r14",    32,  14, AT(gpr[14]), NULL },
    { "r15",    32,  15, AT(gpr[15]), NULL },
    { "r16",    32,  16, AT(gpr[16]), NULL },
    { "r17",    32,  17, AT(gpr[17]), NULL },
    { "r18",    32,  18, AT(gpr[18]), NULL },
    { "r19",    32,  19, AT(gpr[19]), NULL },
    { "r20",    32,  20, AT(gpr[20]), NULL },
    { "r21",    32,  21, AT(gpr[21]), NULL },
    { "r22",    32,  22, AT(gpr[22]), NULL },
    { "r23",    32,  23, AT(gpr[23]), NULL },
    { "r24",    32,  24, AT(gpr[24]), NULL },
    { "r25",    32,  25, AT(gpr[25]), NULL },
    { "r26",    32,  26, AT(gpr[26]), NULL },
    { "r27",    32,  27, AT(gpr[27]), NULL },
    { "r28",    32,  28, AT(gpr[28]), NULL },
    { "r29",    32,  29, AT(gpr[29]), NULL },
    { "r30",    32,  30, AT(gpr[30]), NULL },
    { "r31",    32,  31, AT(gpr[31]), NULL },
    { "f0",     64,  32, AT(fpr[0]), NULL },
    { "f1",     64,  33, AT(fpr[1]), NULL },
    { "f2",     64,  34, AT(fpr[2]), NULL },
    { "f3",     64,  35, AT(fpr[3]), NULL },
    { "f4",     64,  36, AT(fpr[4]), NULL },
    { "f5",     64,  37, AT(fpr[5]), NULL },
    { "f6",     64,  38, AT(fpr[6]), NULL },
    { "f7",     64,  39, AT(fpr[7]), NULL },
    { "f8",     64,  40, AT(fpr[8]), NULL },
    { "f9",     64,  41, AT(fpr[9]), NULL },
    { "f10",    64,  42, AT(fpr[10]), NULL },
    { "f11",    64,  43, AT(fpr[11]), NULL },
    { "f12",    64,  44, AT(fpr[12]), NULL },
    { "f13",    64,  45, AT(fpr[13]), NULL },
    { "f14",    64,  46, AT(fpr[14]), NULL },
    { "f15",    64,  47, AT(fpr[15]), NULL },
    { "f16",    64,  48, AT(fpr[16]), NULL },
    { "f17",    64,  49, AT(fpr[17]), NULL },
    { "f18",    64,  50, AT(fpr[18]), NULL },
    { "f19",    64,  51, AT(fpr[19]), NULL },
    { "f20",    64,  52, AT(fpr[20]), NULL },
    { "f21",    64,  53, AT(fpr[21]), NULL },
    { "f22",    64,  54, AT(fpr[22]), NULL },
    { "f23",    64,  55, AT(fpr[23]), NULL },
    { "f24",    64,  56, AT(fpr[24]), NULL },
    { "f25",    64,  57, AT(fpr[25]), NULL },
    { "f26",    64,  58, AT(fpr[26]), NULL },
    { "f27",    64,  59, AT(fpr[27]), NULL },
    { "f28",    64,  60, AT(fpr[28]), NULL },
    { "f29",    64,  61, AT(fpr[29]), NULL },
    { "f30",    64,  62, AT(fpr[30]), NULL },
    { "f31",    64,  63, AT(fpr[31]), NULL },
    { "pc",     32,  64, AT(pc), NULL },
    { "msr",    32,  65, AT(msr), msr_fields },
    { "cr",     32,  66, AT(cr), cr_fields },
    { "lr",     32,  67, AT(spr[SPR_LR]), NULL },
    { "ctr",    32,  68, AT(spr[SPR_CTR]), NULL },
    { "xer",    32,  69, AT(spr[SPR_XER]), xer_fields },
    { "fpscr",  32,  70, AT(fpscr), fpscr_fields },
    { "sr0",    32,  -1, AT(sr[0]), NULL },
    { "sr1",    32,  -1, AT(sr[1]), NULL },
    { "sr2",    32,  -1, AT(sr[2]), NULL },
    { "sr3",    32,  -1, AT(sr[3]), NULL },
    { "sr4",    32,  -1, AT(sr[4]), NULL },
    { "sr5",    32,  -1, AT(sr[5]), NULL },
    { "sr6",    32,  -1, AT(sr[6]), NULL },
    { "sr7",    32,  -1, AT(sr[7]), NULL },
    { "sr8",    32,  -1, AT(sr[8]), NULL },
    { "sr9",    32,  -1, AT(sr[9]), NULL },
    { "sr10",   32,  -1, AT(sr[10]), NULL },
    { "sr11",   32,  -1, AT(sr[11]), NULL },
    { "sr12",   32,  -1, AT(sr[12]), NULL },
    { "sr13",   32,  -1, AT(sr[13]), NULL },
    { "sr14",   32,  -1, AT(sr[14]), NULL },
    { "sr15",   32,  -1, AT(sr[15]), NULL },
    { "dsisr",  32,  -1, AT(spr[SPR_DSISR]), NULL },
    { "dar",    32,  -1, AT(spr[SPR_DAR]), NULL },
    { "sdr1",   32,  -1, AT(spr[SPR_SDR1]), NULL },
    { "srr0",   32,  -1, AT(spr[SPR_SRR0]), NULL },
    { "srr1",   32,  -1, AT(spr[SPR_SRR1]), NULL },
    { "sprg0",  32,  -1, AT(spr[272]), NULL },
    { "sprg1",  32,  -1, AT(spr[273]), NULL },
    { "sprg2",  32,  -1, AT(spr[274]), NULL },
    { "sprg3",  32,  -1, AT(spr[275]), NULL },
    { "ear",    32,  -1, AT(spr[SPR_EAR]), NULL },
    { "pvr",    32,  -1, AT(spr[SPR_PVR]), NULL },
    { "ibat0u", 32,  -1, AT(spr[528]), NULL },
    { "ibat0l", 32,  -1, AT(spr[529]), NULL },
    { "ibat1u", 32,  -1, AT(spr[530]), NULL },
    { "ibat1l", 32,  -1, AT(spr[531]), NULL },
    { "ibat2u", 32,  -1, AT(spr[532]), NULL },
    { "ibat2l", 32,  -1, AT(spr[533]), NULL },
    { "ibat3u", 32,  -1, AT(spr[534]), NULL },
    { "ibat3l", 32,  -1, AT(spr[535]), NULL },
    { "dbat0u", 32,  -1, AT(spr[536]), NULL },
    { "dbat0l", 32,  -1, AT(spr[537]), NULL },
    { "dbat1u", 32,  -1, AT(spr[538]), NULL },
    { "dbat1l", 32,  -1, AT(spr[539]), NULL },
    { "dbat2u", 32,  -1, AT(spr[540]), NULL },
    { "dbat2l", 32,  -1, AT(spr[541]), NULL },
    { "dbat3u", 32,  -1, AT(spr[542]), NULL },
    { "dbat3l", 32,  -1, AT(spr[543]), NULL },
    { "hid0",   32,  -1, AT(spr[SPR_HID0]), NULL },
    { "hid1",   32,  -1, AT(spr[SPR_HID1]), NULL },
    { "iabr",   32,  -1, AT(spr[SPR_IABR]), NULL },
    { "dabr",   32,  -1, AT(spr[SPR_DABR]), NULL },
    { "dmiss",  32,  -1, AT(spr[SPR_DMISS]), NULL },
    { "dcmp",   32,  -1, AT(spr[SPR_DCMP]), NULL },
    { "hash1",  32,  -1, AT(spr[SPR_HASH1]), NULL },
    { "hash2",  32,  -1, AT(spr[SPR_HASH2]), NULL },
    { "imiss",  32,  -1, AT(spr[SPR_IMISS]), NULL },
    { "icmp",   32,  -1, AT(spr[SPR_ICMP]), NULL },
    { "rpa",    32,  -1, AT(spr[SPR_RPA]), NULL },
    { "l2cr",   32,  -1, AT(spr[SPR_L2CR]), NULL },
    { "ictc",   32,  -1, AT(spr[SPR_ICTC]), NULL },
    { "thrm1",  32,  -1, AT(spr[1020]), NULL },
    { "thrm2",  32,  -1, AT(spr[1021]), NULL },
    { "thrm3",  32,  -1, AT(spr[1022]), NULL },
    { "mmcr0",  32,  -1, AT(spr[SPR_MMCR0]), NULL },
    { "mmcr1",  32,  -1, AT(spr[SPR_MMCR1]), NULL },
    { "pmc1",   32,  -1, AT(spr[SPR_PMC1]), NULL },
    { "pmc2",   32,  -1, AT(spr[SPR_PMC2]), NULL },
    { "pmc3",   32,  -1, AT(spr[SPR_PMC3]), NULL },
    { "pmc4",   32,  -1, AT(spr[SPR_PMC4]), NULL },
    { "sia",    32,  -1, AT(spr[SPR_SIA]), NULL },
    { "pir",    32,  -1, AT(spr[SPR_PIR]), NULL },
    /* computed: read through get_reg (virtual time) */
    { "dec",     32,  -1, 0, 0, NULL },
    { "tbl",     32,  -1, 0, 0, NULL },
    { "tbu",     32,  -1, 0, 0, NULL },
    { NULL, 0, 0, 0, 0, NULL }
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

static const ww_port_desc ppc_ports[] = {
    { "int", WW_PORT_IN, 1, 0, 0, "external interrupt (level, taken when MSR[EE])" },
    { "mcp", WW_PORT_IN, 1, WW_PORT_EDGE, 0, "machine check request" },
    { "smi", WW_PORT_IN, 1, 0, 0, "system management interrupt (603e/750)" },
    { "sreset", WW_PORT_IN, 1, WW_PORT_EDGE, 0, "soft reset (vector 0x100)" },
    { NULL }
};
enum { PORT_INT, PORT_MCP, PORT_SMI, PORT_SRESET };

static const ww_bus_desc ppc_buses[] = {
    { "mem", "the 60x bus: 32-bit, big-endian; unmapped = machine check",
      32, WW_BIG_ENDIAN, WW_UNMAPPED_BUS_ERROR, 0 },
    { NULL }
};

static const ww_state_desc ppc_state[] = {
    { "gpr", WW_STATE_U32, AT(gpr), 1, NULL },
    { "fpr", WW_STATE_U64, AT(fpr), 1, NULL },
    { "pc", WW_STATE_U32, AT(pc), 1, NULL },
    { "msr", WW_STATE_U32, AT(msr), 1, NULL },
    { "cr", WW_STATE_U32, AT(cr), 1, NULL },
    { "fpscr", WW_STATE_U32, AT(fpscr), 1, NULL },
    { "sr", WW_STATE_U32, AT(sr), 1, NULL },
    { "spr", WW_STATE_U32, AT(spr), 1, "every SPR by number" },
    { "gpr_shadow", WW_STATE_U32, AT(gpr_shadow), 1, "603 TGPR r0-r3" },
    { "tb_offset", WW_STATE_U64, AT(tb_offset), 1, NULL },
    { "dec_load", WW_STATE_U32, AT(dec_load), 1, NULL },
    { "dec_stamp", WW_STATE_U64, AT(dec_stamp), 1, NULL },
    { "dec_timer", WW_STATE_TIMER, AT(dec_timer), 1, NULL },
    { "dec_pending", WW_STATE_BOOL, AT(dec_pending), 1, NULL },
    { "ext_level", WW_STATE_BOOL, AT(ext_level), 1, NULL },
    { "mcp_level", WW_STATE_BOOL, AT(mcp_level), 1, NULL },
    { "smi_level", WW_STATE_BOOL, AT(smi_level), 1, NULL },
    { "sreset_level", WW_STATE_BOOL, AT(sreset_level), 1, NULL },
    { "resv_valid", WW_STATE_BOOL, AT(resv_valid), 1, NULL },
    { "resv_addr", WW_STATE_U32, AT(resv_addr), 1, NULL },
    { "itlb", WW_STATE_U32, AT(itlb), 1, "603 I-TLB (cmp, rpa, ea)" },
    { "dtlb", WW_STATE_U32, AT(dtlb), 1, "603 D-TLB (cmp, rpa, ea)" },
    { "tlb_victim", WW_STATE_U8, AT(tlb_victim), 1, NULL },
    { NULL }
};

/* ---- lifecycle ------------------------------------------------------------ */

static bool ppc_realize(ww_chip *chip, GError **err)
{
    ppc_cpu *c = (ppc_cpu *)chip;
    if (!chip->bus[0]) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "bus port 'mem' is not bound");
        return false;
    }
    ppc_build_dispatch(c);
    ppc_timebase_init(c);
    c->map_gen = UINT64_MAX;
    return true;
}

static void ppc_unrealize(ww_chip *chip)
{
    ppc_cpu *c = (ppc_cpu *)chip;
    ww_timer_del(&c->dec_timer);
    ppc_disasm_close(c);
}

static void ppc_reset(ww_chip *chip, ww_reset_kind kind)
{
    ppc_cpu *c = (ppc_cpu *)chip;
    memset(c->gpr, 0, sizeof c->gpr);
    memset(c->fpr, 0, sizeof c->fpr);
    memset(c->sr, 0, sizeof c->sr);
    memset(c->spr, 0, sizeof c->spr);
    memset(c->gpr_shadow, 0, sizeof c->gpr_shadow);
    memset(c->itlb, 0, sizeof c->itlb);
    memset(c->dtlb, 0, sizeof c->dtlb);
    ppc_tlb_flush(c);
    c->cr = c->fpscr = 0;
    c->msr = MSR_IP;
    c->pc = 0xfff00100u;
    c->spr[SPR_PVR] = ppc_pvr(c->model);
    c->resv_valid = false;
    c->dec_pending = false;
    c->sreset_level = c->mcp_level = false;
    c->tb_offset = 0;
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

static uint64_t ppc_get_reg(ww_cpu *cpu, unsigned idx)
{
    ppc_cpu *c = (ppc_cpu *)cpu;
    unsigned n = 0;
    while (ppc_regs[n].name)
        n++;
    if (idx >= n)
        return 0;
    const ww_cpu_reg_desc *r = &ppc_regs[idx];
    if (!strcmp(r->name, "dec"))
        return ppc_dec_read(c);
    if (!strcmp(r->name, "tbl"))
        return (uint32_t)ppc_tb_read(c);
    if (!strcmp(r->name, "tbu"))
        return ppc_tb_read(c) >> 32;
    if (r->size == 8) {
        uint64_t v;
        memcpy(&v, (uint8_t *)c + r->offset, 8);
        return v;
    }
    uint32_t v;
    memcpy(&v, (uint8_t *)c + r->offset, 4);
    return v;
}

static void ppc_set_reg(ww_cpu *cpu, unsigned idx, uint64_t val)
{
    ppc_cpu *c = (ppc_cpu *)cpu;
    unsigned n = 0;
    while (ppc_regs[n].name)
        n++;
    if (idx >= n)
        return;
    const ww_cpu_reg_desc *r = &ppc_regs[idx];
    if (!strcmp(r->name, "dec")) {
        ppc_dec_write(c, (uint32_t)val);
    } else if (!strcmp(r->name, "tbl") || !strcmp(r->name, "tbu")) {
        ppc_tb_write(c, r->name[2] == 'u', (uint32_t)val);
    } else if (!strcmp(r->name, "msr")) {
        ppc_set_msr(c, (uint32_t)val);
    } else if (r->size == 8) {
        memcpy((uint8_t *)c + r->offset, &val, 8);
    } else if (r->size == 4) {
        uint32_t v = (uint32_t)val;
        if (!strcmp(r->name, "pc"))
            v &= ~3u;
        memcpy((uint8_t *)c + r->offset, &v, 4);
    }
}

static const ww_cpu_ops ppc_ops_cpu = {
    .family = "ppc",
    .models = ppc_models,
    .run = ppc_run,
    .get_pc = ppc_get_pc,
    .set_pc = ppc_set_pc,
    .regs = ppc_regs,
    .get_reg = ppc_get_reg,
    .set_reg = ppc_set_reg,
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
    .state = ppc_state,
    .ports = ppc_ports,
    .buses = ppc_buses,
    .cpu = &ppc_ops_cpu,
    .realize = ppc_realize,
    .unrealize = ppc_unrealize,
    .reset = ppc_reset,
    .signal = ppc_signal,
    .post_load = ppc_post_load,
};
WW_CHIP_REGISTER(ppc_class)
