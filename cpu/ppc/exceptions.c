/* cpu/ppc/exceptions.c — exception delivery and interrupt sampling
 * (MPCFPE32B chapter 6: SRR0/SRR1 contents table 6-4 onwards, MSR after an
 * exception table 6-3, vector prefix from MSR[IP]).
 *
 * Under the user-mode runner there is no kernel: an exception stops run()
 * with WW_STOP_USER_FAULT and the Linux signal the kernel would deliver. */
#include "cpu/ppc/ppc.h"

void ppc_user_fault(ppc_cpu *c, int sig)
{
    c->cpu.stop = WW_STOP_USER_FAULT;
    c->cpu.stop_info = sig;
    c->exc_taken = true;
    c->npc = c->pc;
}

static int signal_for(uint32_t vector, uint32_t srr1)
{
    switch (vector) {
    case EXC_DSI: case EXC_ISI:   return SIG_SEGV;
    case EXC_ALIGN: case EXC_MCHECK: return SIG_BUS;
    case EXC_PROGRAM:
        return (srr1 & PROG_TRAP) ? SIG_TRAP : (srr1 & PROG_FP) ? SIG_FPE : SIG_ILL;
    case EXC_TRACE:               return SIG_TRAP;
    default:                      return SIG_ILL;
    }
}

void ppc_exception(ppc_cpu *c, uint32_t vector, uint32_t srr0, uint32_t srr1_bits)
{
    if (c->cpu.user_mode) {
        ppc_user_fault(c, signal_for(vector, srr1_bits));
        return;
    }
    c->spr[SPR_SRR0] = srr0;
    /* SRR1[16-23, 25-27, 30-31] take the MSR; the rest says why. */
    c->spr[SPR_SRR1] = (c->msr & 0x0000ff73u) | srr1_bits;
    uint32_t keep = MSR_IP | MSR_ILE | (vector == EXC_MCHECK ? 0 : MSR_ME);
    uint32_t msr = (c->msr & keep) | ((c->msr & MSR_ILE) ? MSR_LE : 0);
    ppc_set_msr(c, msr);
    c->npc = ((c->msr & MSR_IP) ? 0xfff00000u : 0) | vector;
    c->exc_taken = true;
}

/* Alignment exception: DAR = EA, DSISR from the instruction's opcode bits
 * (MPCFPE32B table 6-11; X-form and D-form layouts). */
void ppc_alignment(ppc_cpu *c, uint32_t insn, uint32_t ea)
{
    uint32_t d;
    if ((insn >> 26) == 31)
        d = ((insn >> 1) & 3) << 15 | ((insn >> 6) & 1) << 14 | ((insn >> 7) & 0xf) << 10;
    else
        d = ((insn >> 26) & 1) << 14 | ((insn >> 27) & 0xf) << 10;
    d |= ((insn >> 21) & 31) << 5 | ((insn >> 16) & 31);
    if (c->cpu.user_mode) {
        ppc_user_fault(c, SIG_BUS);
        return;
    }
    c->spr[SPR_DAR] = ea;
    c->spr[SPR_DSISR] = d;
    ppc_exception(c, EXC_ALIGN, c->pc, 0);
}

void ppc_program(ppc_cpu *c, uint32_t why)
{
    ppc_exception(c, EXC_PROGRAM, c->pc, why);
}

void ppc_illegal(ppc_cpu *c, uint32_t insn)
{
    ww_log(WW_LOG_GUEST_ERROR, "ppc", "%s: illegal instruction 0x%08x at 0x%08x",
           c->cpu.chip.id, insn, c->pc);
    ppc_program(c, PROG_ILLEGAL);
}

/* Between instructions: take the highest-priority pending interrupt
 * (MPCFPE32B table 6-1 ordering: reset, machine check, external,
 * decrementer; the 603e/750 SMI sits with external). */
bool ppc_check_interrupts(ppc_cpu *c)
{
    if (c->sreset_level) {
        c->sreset_level = false;          /* edge: one reset per assertion */
        ppc_exception(c, EXC_RESET, c->pc, 0);
        return true;
    }
    if (c->mcp_level) {
        if (!(c->msr & MSR_ME)) {
            c->cpu.stop = WW_STOP_FATAL;  /* checkstop */
            return true;
        }
        c->mcp_level = false;
        ppc_exception(c, EXC_MCHECK, c->pc, 1u << 19);
        return true;
    }
    if (!(c->msr & MSR_EE))
        return false;
    if (c->ext_level) {
        ppc_exception(c, EXC_EXT, c->pc, 0);
        return true;
    }
    if (c->smi_level && c->model != PPC_MODEL_604) {
        ppc_exception(c, EXC_SMI, c->pc, 0);
        return true;
    }
    if (c->dec_pending) {
        c->dec_pending = false;
        ppc_exception(c, EXC_DEC, c->pc, 0);
        return true;
    }
    return false;
}
