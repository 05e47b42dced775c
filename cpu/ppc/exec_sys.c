/* cpu/ppc/exec_sys.c — system call, supervisor-level and SPR instructions:
 * sc, rfi, mfmsr/mtmsr, mfspr/mtspr, mftb, segment registers, TLB
 * management (MPCFPE32B §4.4; 603e UM §5.5.2 for tlbld/tlbli; 750 UM
 * table 2-1 for its SPRs). */
#include "cpu/ppc/exec.h"

static bool supervisor(ppc_cpu *c)
{
    if (c->msr & MSR_PR) {
        ppc_program(c, PROG_PRIV);
        return false;
    }
    return true;
}

void ppc_sc(ppc_cpu *c, uint32_t i)
{
    if (c->cpu.user_mode) {
        /* The runner reads r0/r3-r8, then continues after the sc. */
        c->cpu.stop = WW_STOP_SYSCALL;
        return;
    }
    ppc_exception(c, EXC_SC, c->pc + 4, 0);
}

void ppc_rfi(ppc_cpu *c, uint32_t i)
{
    if (!supervisor(c))
        return;
    /* MSR[16-23, 25-27, 30-31] <- SRR1; the 603 also leaves TGPR mode. */
    uint32_t keep = 0xffff008cu & ~MSR_TGPR;
    ppc_set_msr(c, (c->msr & keep) | (c->spr[SPR_SRR1] & 0x0000ff73u));
    c->npc = c->spr[SPR_SRR0] & ~3u;
    c->resv_valid = false;
}

void ppc_mfmsr(ppc_cpu *c, uint32_t i)
{
    if (supervisor(c))
        c->gpr[RD(i)] = c->msr;
}

void ppc_mtmsr(ppc_cpu *c, uint32_t i)
{
    if (supervisor(c))
        ppc_set_msr(c, c->gpr[RD(i)]);
}

static unsigned spr_num(uint32_t i) { return ((i >> 16) & 0x1f) | ((i >> 6) & 0x3e0); }

/* Which SPRs exist on each model (others are illegal, as on the parts). */
static bool spr_exists(ppc_model m, unsigned n)
{
    switch (n) {
    case SPR_XER: case SPR_LR: case SPR_CTR: case SPR_DSISR: case SPR_DAR: case SPR_DEC:
    case SPR_SDR1: case SPR_SRR0: case SPR_SRR1: case 272: case 273: case 274: case 275:
    case SPR_EAR: case SPR_TBL_W: case SPR_TBU_W: case SPR_PVR: case SPR_HID0:
    case SPR_HID1: case SPR_IABR: case SPR_TBL_R: case SPR_TBU_R:
        return true;
    }
    if (n >= SPR_IBAT0U && n <= SPR_DBAT3L)
        return true;
    switch (m) {
    case PPC_MODEL_603:
        return n >= SPR_DMISS && n <= SPR_RPA;
    case PPC_MODEL_604:
        return (n >= SPR_MMCR0 && n <= SPR_SDA) || n == SPR_DABR || n == SPR_PIR;
    case PPC_MODEL_750:
        return (n >= SPR_UMMCR0 && n <= SPR_UPMC4) || (n >= SPR_MMCR0 && n <= SPR_PMC4) ||
               n == SPR_DABR || n == SPR_L2CR || (n >= SPR_ICTC && n <= SPR_THRM3);
    }
    return false;
}

void ppc_mfspr(ppc_cpu *c, uint32_t i)
{
    unsigned n = spr_num(i);
    /* Linux emulates mfpvr for user programs (arch/powerpc/kernel/traps.c
     * emulate_instruction); glibc's start-up reads it. */
    bool emulated = c->cpu.user_mode && n == SPR_PVR;
    if ((n & 0x10) && !emulated && !supervisor(c))
        return;
    if (!spr_exists(c->model, n)) {
        ppc_illegal(c, i);
        return;
    }
    uint32_t v;
    switch (n) {
    case SPR_DEC:   v = ppc_dec_read(c); break;
    case SPR_TBL_R: v = (uint32_t)ppc_tb_read(c); break;
    case SPR_TBU_R: v = (uint32_t)(ppc_tb_read(c) >> 32); break;
    case SPR_PVR:   v = ppc_pvr(c->model); break;
    /* 750 user-level read-only mirrors of the monitor registers. */
    case 936: case 937: case 938: case 939: case 940: case 941: case 942:
        v = c->spr[n + 16];
        break;
    default:        v = c->spr[n]; break;
    }
    c->gpr[RD(i)] = v;
}

void ppc_mtspr(ppc_cpu *c, uint32_t i)
{
    unsigned n = spr_num(i);
    uint32_t v = c->gpr[RD(i)];
    if ((n & 0x10) && !supervisor(c))
        return;
    if (!spr_exists(c->model, n) || n == SPR_TBL_R || n == SPR_TBU_R ||
        (n >= SPR_UMMCR0 && n <= SPR_UPMC4)) {
        ppc_illegal(c, i);
        return;
    }
    switch (n) {
    case SPR_DEC:   ppc_dec_write(c, v); return;
    case SPR_TBL_W: ppc_tb_write(c, false, v); return;
    case SPR_TBU_W: ppc_tb_write(c, true, v); return;
    case SPR_PVR:   return;                 /* read-only */
    case SPR_SDR1:
        c->spr[n] = v;
        ppc_tlb_flush(c);
        return;
    case SPR_XER:
        c->spr[n] = v & 0xe000ff7fu;
        return;
    case SPR_IABR:
    case SPR_DABR:
        c->spr[n] = v;
        ppc_update_direct(c);       /* breakpoints take the slow paths */
        return;
    default:
        c->spr[n] = v;
        if (n >= SPR_IBAT0U && n <= SPR_DBAT3L)
            ppc_tlb_flush(c);
        return;
    }
}

void ppc_mftb(ppc_cpu *c, uint32_t i)
{
    unsigned n = spr_num(i);
    uint64_t tb = ppc_tb_read(c);
    if (n == SPR_TBL_R)
        c->gpr[RD(i)] = (uint32_t)tb;
    else if (n == SPR_TBU_R)
        c->gpr[RD(i)] = (uint32_t)(tb >> 32);
    else
        ppc_illegal(c, i);
}

void ppc_mfsr(ppc_cpu *c, uint32_t i)
{
    if (supervisor(c))
        c->gpr[RD(i)] = c->sr[(i >> 16) & 15];
}

void ppc_mfsrin(ppc_cpu *c, uint32_t i)
{
    if (supervisor(c))
        c->gpr[RD(i)] = c->sr[c->gpr[RB(i)] >> 28];
}

void ppc_mtsr(ppc_cpu *c, uint32_t i)
{
    if (supervisor(c)) {
        c->sr[(i >> 16) & 15] = c->gpr[RD(i)];
        ppc_tlb_flush(c);
    }
}

void ppc_mtsrin(ppc_cpu *c, uint32_t i)
{
    if (supervisor(c)) {
        c->sr[c->gpr[RB(i)] >> 28] = c->gpr[RD(i)];
        ppc_tlb_flush(c);
    }
}

void ppc_tlbie(ppc_cpu *c, uint32_t i)
{
    if (supervisor(c))
        ppc_tlb_invalidate(c, c->gpr[RB(i)]);
}

void ppc_tlbsync(ppc_cpu *c, uint32_t i)
{
    supervisor(c);
}

void ppc_tlbld(ppc_cpu *c, uint32_t i)
{
    if (supervisor(c))
        ppc_tlb_load(c, false, c->gpr[RB(i)]);
}

void ppc_tlbli(ppc_cpu *c, uint32_t i)
{
    if (supervisor(c))
        ppc_tlb_load(c, true, c->gpr[RB(i)]);
}
