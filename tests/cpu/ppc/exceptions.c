/* tests/cpu/ppc/exceptions.c — supervisor-model checks one instruction at a
 * time: vectors, SRR0/SRR1 bits and MSR after exceptions (MPCFPE32B chapter
 * 6), privilege, model-specific opcodes, the decrementer from virtual time,
 * and the user-mode stop rules. */
#include "tests/cpu/ppc/rig.h"

static void setup(ppc_rig *r, const char *model, uint32_t msr)
{
    ppc_rig_init(r, model, 64 * 1024);
    ppc_cpu *c = r->cpu;
    c->msr = msr;
}

WW_TEST("cpu/ppc/exc/illegal", ppc_exc_illegal)
{
    ppc_rig r;
    setup(&r, "ppc750", MSR_ME | MSR_EE | MSR_IR | MSR_DR | MSR_FP);
    r.cpu->msr = MSR_ME | MSR_EE | MSR_FP;
    /* primary opcode 1 does not exist: program exception, SRR1[12] (illegal) */
    ppc_rig_step1(&r, 0x04000000);
    WW_CHECK_EQ(r.cpu->pc, 0x700);
    WW_CHECK_EQ(r.cpu->spr[SPR_SRR0], 0);
    WW_CHECK_EQ(r.cpu->spr[SPR_SRR1], PROG_ILLEGAL | MSR_ME | MSR_EE | MSR_FP);
    WW_CHECK_EQ(r.cpu->msr, MSR_ME);             /* EE, FP cleared; ME kept */
    /* fsqrt is optional and absent on the 750 */
    r.cpu->msr = MSR_FP;
    ppc_rig_step1(&r, 0xfc60202c);
    WW_CHECK_EQ(r.cpu->pc, 0x700);
    WW_CHECK(r.cpu->spr[SPR_SRR1] & PROG_ILLEGAL);
    /* tlbld exists only on the 603 */
    r.cpu->msr = 0;
    ppc_rig_step1(&r, 0x7c0027a4);
    WW_CHECK_EQ(r.cpu->pc, 0x700);
    ppc_rig_free(&r);
    setup(&r, "ppc603", 0);
    r.cpu->spr[SPR_SRR1] = 0;
    ppc_rig_step1(&r, 0x7c0027a4);               /* tlbld r4 */
    WW_CHECK_EQ(r.cpu->pc, 4);
    ppc_rig_free(&r);
}

WW_TEST("cpu/ppc/exc/privilege-trap-sc", ppc_exc_priv)
{
    ppc_rig r;
    setup(&r, "ppc750", MSR_PR);
    ppc_rig_step1(&r, 0x7c6000a6);               /* mfmsr r3 in user state */
    WW_CHECK_EQ(r.cpu->pc, 0x700);
    WW_CHECK(r.cpu->spr[SPR_SRR1] & PROG_PRIV);
    WW_CHECK(r.cpu->spr[SPR_SRR1] & MSR_PR);
    WW_CHECK(!(r.cpu->msr & MSR_PR));
    r.cpu->msr = MSR_IP;                          /* vectors at 0xFFFxxxxx */
    r.cpu->gpr[3] = 5;
    ppc_rig_step1(&r, 0x0c830005);               /* tweqi r3, 5 */
    WW_CHECK_EQ(r.cpu->pc, 0xfff00700u);
    WW_CHECK(r.cpu->spr[SPR_SRR1] & PROG_TRAP);
    r.cpu->msr = 0;
    ppc_rig_step1(&r, 0x44000002);               /* sc */
    WW_CHECK_EQ(r.cpu->pc, 0xc00);
    WW_CHECK_EQ(r.cpu->spr[SPR_SRR0], 4);        /* the instruction after sc */
    ppc_rig_free(&r);
}

WW_TEST("cpu/ppc/exc/fp-unavailable-alignment", ppc_exc_fp_align)
{
    ppc_rig r;
    setup(&r, "ppc750", 0);
    ppc_rig_step1(&r, 0xfc60202a);               /* fadd without MSR[FP] */
    WW_CHECK_EQ(r.cpu->pc, 0x800);
    r.cpu->msr = 0;
    r.cpu->gpr[4] = 0x102;
    ppc_rig_step1(&r, 0x7c602028);               /* lwarx r3, 0, r4: unaligned */
    WW_CHECK_EQ(r.cpu->pc, 0x600);
    WW_CHECK_EQ(r.cpu->spr[SPR_DAR], 0x102);
    ppc_rig_free(&r);
}

WW_TEST("cpu/ppc/exc/machine-check", ppc_exc_mcheck)
{
    ppc_rig r;
    setup(&r, "ppc750", MSR_ME);
    r.cpu->gpr[4] = 0x80000000u;                 /* nothing mapped there */
    ppc_rig_step1(&r, 0x80640000);               /* lwz r3, 0(r4) */
    WW_CHECK_EQ(r.cpu->pc, 0x200);
    WW_CHECK(!(r.cpu->msr & MSR_ME));
    /* a second one with ME clear is a checkstop */
    ppc_rig_step1(&r, 0x80640000);
    WW_CHECK_EQ(r.cpu->cpu.stop, WW_STOP_FATAL);
    ppc_rig_free(&r);
}

WW_TEST("cpu/ppc/exc/decrementer", ppc_exc_dec)
{
    ppc_rig r;
    setup(&r, "ppc750", 0);
    ppc_cpu *c = r.cpu;
    /* an endless loop at 0x100; vector 0x900 holds another loop */
    ppc_rig_put32(&r, 0x100, 0x48000000);
    ppc_rig_put32(&r, 0x900, 0x48000000);
    c->pc = 0x100;
    c->gpr[3] = 100;
    ppc_rig_put32(&r, 0x0, 0x7c7603a6);          /* mtdec r3 */
    ppc_rig_put32(&r, 0x4, 0x48000100 - 4);      /* b 0x100 */
    c->pc = 0;
    c->msr = MSR_EE;
    /* 266 MHz core, TB at 66.5 MHz: 101 ticks ~ 1.52 us */
    ww_machine_run_until(r.m, 1000);
    WW_CHECK_EQ(c->pc, 0x100);
    WW_CHECK(ppc_dec_read(c) < 100);
    ww_machine_run_until(r.m, 3000);
    WW_CHECK_EQ(c->pc, 0x900);
    WW_CHECK_EQ(c->spr[SPR_SRR0], 0x100);
    WW_CHECK(ppc_dec_read(c) > 0x80000000u);     /* counted past zero */
    ppc_rig_free(&r);
}

WW_TEST("cpu/ppc/exc/user-mode-stops", ppc_exc_user)
{
    ppc_rig r;
    setup(&r, "ppc750", MSR_PR | MSR_FP);
    r.cpu->cpu.user_mode = true;
    ppc_rig_step1(&r, 0x44000002);               /* sc: stop, PC after it */
    WW_CHECK_EQ(r.cpu->cpu.stop, WW_STOP_SYSCALL);
    WW_CHECK_EQ(r.cpu->pc, 4);
    ppc_rig_step1(&r, 0x04000000);               /* illegal: SIGILL, PC stays */
    WW_CHECK_EQ(r.cpu->cpu.stop, WW_STOP_USER_FAULT);
    WW_CHECK_EQ(r.cpu->cpu.stop_info, 4);
    WW_CHECK_EQ(r.cpu->pc, 0);
    r.cpu->gpr[4] = 0x80000000u;
    ppc_rig_step1(&r, 0x80640000);               /* lwz from nothing mapped: SIGSEGV, */
    WW_CHECK_EQ(r.cpu->cpu.stop_info, 11);       /* as Linux (and qemu-ppc) deliver it */
    ppc_rig_step1(&r, 0x7fe00008);               /* trap: SIGTRAP */
    WW_CHECK_EQ(r.cpu->cpu.stop_info, 5);
    ppc_rig_free(&r);
}

WW_TEST("cpu/ppc/exc/iabr-dabr", ppc_exc_breakpoints)
{
    ppc_rig r;
    setup(&r, "ppc750", 0);
    ppc_cpu *c = r.cpu;
    /* IABR at 0 (enabled, untranslated): 0x1300 before the instruction runs */
    c->spr[SPR_IABR] = 0x00000002;
    c->gpr[3] = 7;
    ppc_rig_step1(&r, 0x38630001);               /* addi r3, r3, 1 */
    WW_CHECK_EQ(c->pc, 0x1300);
    WW_CHECK_EQ(c->spr[SPR_SRR0], 0);
    WW_CHECK_EQ(c->gpr[3], 7);
    c->spr[SPR_IABR] = 0;
    /* DABR on the double word at 0x2000, writes only */
    c->msr = 0;
    c->spr[SPR_DABR] = 0x00002000 | 2;
    c->gpr[4] = 0x2004;
    ppc_rig_step1(&r, 0x80640000);               /* lwz r3, 0(r4): reads do not match */
    WW_CHECK_EQ(c->pc, 4);
    ppc_rig_step1(&r, 0x90640000);               /* stw r3, 0(r4) */
    WW_CHECK_EQ(c->pc, 0x300);
    WW_CHECK_EQ(c->spr[SPR_DSISR], 0x02400000);
    WW_CHECK_EQ(c->spr[SPR_DAR], 0x2004);
    ppc_rig_free(&r);
}

WW_TEST("cpu/ppc/mmu/tlbie-remap", ppc_mmu_tlbie)
{
    /* A page-table mapping, a changed PTE, and tlbie making the change seen
     * (the translation cache must not keep the old one). */
    ppc_rig r;
    ppc_rig_init(&r, "ppc750", 1u << 20);
    ppc_cpu *c = r.cpu;
    c->spr[SPR_SDR1] = 0x00080000;               /* HTAB at 512 KiB, 64 KiB */
    c->sr[1] = 1;                                 /* VSID 1 */
    ppc_rig_put32(&r, 0x80040, 0x80000080);       /* V | VSID 1 | API 0 */
    ppc_rig_put32(&r, 0x80044, 0x00010002);       /* -> PA 0x10000, PP 10 */
    ppc_rig_put32(&r, 0x10000, 0x11111111);
    ppc_rig_put32(&r, 0x20000, 0x22222222);
    c->msr = MSR_DR;
    c->gpr[4] = 0x10000000;
    ppc_rig_step1(&r, 0x80640000);               /* lwz r3, 0(r4) */
    WW_CHECK_EQ(c->gpr[3], 0x11111111);
    WW_CHECK_EQ(ww_ld_be32(r.ram + 0x80044) & 0x180, 0x100);   /* R set, C clear */
    ppc_rig_put32(&r, 0x80044, 0x00020002);       /* remap to PA 0x20000 … */
    ppc_rig_step1(&r, 0x7c002264);               /* … and tlbie r4, as software must */
    ppc_rig_step1(&r, 0x80640000);
    WW_CHECK_EQ(c->gpr[3], 0x22222222);
    ppc_rig_step1(&r, 0x90640004);               /* stw r3, 4(r4): sets C */
    WW_CHECK_EQ(ww_ld_be32(r.ram + 0x80044) & 0x180, 0x180);
    WW_CHECK_EQ(ww_ld_be32(r.ram + 0x20004), 0x22222222);
    ppc_rig_free(&r);
}

WW_TEST("cpu/ppc/fpu/enabled-overflow-underflow", ppc_fpu_wrap)
{
    /* MPCFPE32B §3.3.6.2: with OE/UE set the result's exponent is wrapped by
     * 1536 (double) or 192 (single) and FEX is set; MSR[FE0|FE1] = 0 here,
     * so no program exception. */
    ppc_rig r;
    ppc_rig_init(&r, "ppc750", 64 * 1024);
    ppc_cpu *c = r.cpu;
    c->msr = MSR_FP;
    c->fpr[4] = 0x7fefffffffffffffull;           /* DBL_MAX */
    c->fpr[6] = 0x4000000000000000ull;           /* 2.0 */
    c->fpscr = FPSCR_OE;
    ppc_rig_step1(&r, 0xfc6401b2);               /* fmul f3, f4, f6 */
    WW_CHECK_EQ(c->fpr[3], 0x1fffffffffffffffull);
    WW_CHECK(c->fpscr & FPSCR_OX);
    WW_CHECK(c->fpscr & FPSCR_FEX);
    WW_CHECK(!(c->fpscr & FPSCR_XX));            /* exact after wrapping */
    WW_CHECK_EQ(c->pc, 4);
    c->fpr[4] = 0x47efffffe0000000ull;           /* FLT_MAX */
    c->fpscr = FPSCR_OE;
    ppc_rig_step1(&r, 0xec6401b2);               /* fmuls f3, f4, f6 */
    WW_CHECK_EQ(c->fpr[3], 0x3bffffffe0000000ull);
    c->fpr[4] = 0x0010000000000000ull;           /* DBL_MIN */
    c->fpr[5] = 0x4010000000000000ull;           /* 4.0 */
    c->fpscr = FPSCR_UE;
    ppc_rig_step1(&r, 0xfc642824);               /* fdiv f3, f4, f5 */
    WW_CHECK_EQ(c->fpr[3], 0x5ff0000000000000ull);
    WW_CHECK(c->fpscr & FPSCR_UX);               /* tiny though exact */
    WW_CHECK(!(c->fpscr & FPSCR_XX));
    /* and with FE0 set the enabled exception is a program exception */
    c->msr = MSR_FP | MSR_FE0;
    c->fpscr = FPSCR_UE;
    ppc_rig_step1(&r, 0xfc642824);
    WW_CHECK_EQ(c->pc, 0x700);
    WW_CHECK(c->spr[SPR_SRR1] & PROG_FP);
    ppc_rig_free(&r);
}

WW_TEST("cpu/ppc/exc/trace", ppc_exc_trace)
{
    ppc_rig r;
    ppc_rig_init(&r, "ppc750", 64 * 1024);
    ppc_cpu *c = r.cpu;
    c->msr = MSR_SE;                             /* single step: after any instruction */
    ppc_rig_step1(&r, 0x38600001);               /* li r3, 1 */
    WW_CHECK_EQ(c->gpr[3], 1);
    WW_CHECK_EQ(c->pc, 0xd00);
    WW_CHECK_EQ(c->spr[SPR_SRR0], 4);
    c->msr = MSR_BE;                             /* branch trace: not after li … */
    ppc_rig_step1(&r, 0x38600002);
    WW_CHECK_EQ(c->pc, 4);
    c->msr = MSR_BE;
    ppc_rig_step1(&r, 0x48000100);               /* … but after b 0x100 */
    WW_CHECK_EQ(c->pc, 0xd00);
    WW_CHECK_EQ(c->spr[SPR_SRR0], 0x100);
    ppc_rig_free(&r);
}
