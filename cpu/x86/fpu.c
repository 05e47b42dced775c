/* cpu/x86/fpu.c — x87 FPU (placeholder until the x87 lands). */
#include "cpu/x86/x86.h"

void x86_fpu_reset(x86_cpu *c)
{
    memset(&c->fpu, 0, sizeof c->fpu);
    c->fpu.cw = 0x037F;
    c->fpu.tw = 0xFFFF;
}

void x86_exec_fpu(x86_cpu *c, uint8_t op)
{
    (void)op;
    x86_fault(c, X86_NM, -1);
}
