/* cpu/x86/debug.c — what a debugger needs of the x86 beyond the register
 * descriptor (core/cpu.h): linear-to-physical translation without side
 * effects, and gdb's st0..st7 as a rotation of the physical x87 registers.
 *
 * The walk is page_walk's (cpu/x86/mem.c, SDM vol. 3 §4.3: two levels,
 * 4 MiB pages with CR4.PSE) but reads the tables with peeks, sets no
 * accessed/dirty bit, fills no TLB entry and raises nothing; a supervisor
 * access is assumed (a debugger sees what the kernel sees). */
#include "cpu/x86/x86.h"

static bool peek32(x86_cpu *c, uint32_t pa, uint32_t *v)
{
    ww_space *s = c->cpu.chip.bus[X86_BUS_MEM];
    uint64_t x = 0;
    if (!s || ww_space_peek(s, pa & c->amask, 4, &x) != WW_BUS_OK)
        return false;
    *v = (uint32_t)x;
    return true;
}

bool x86_debug_translate(ww_cpu *cpu, uint64_t vaddr, bool write, uint64_t *paddr)
{
    x86_cpu *c = (x86_cpu *)cpu;
    uint32_t lin = (uint32_t)vaddr;
    if (vaddr > UINT32_MAX)
        return false;
    if (!(c->cr0 & 0x80000000u)) {
        *paddr = lin & c->amask;
        return true;
    }
    uint32_t pde, pte;
    if (!peek32(c, (c->cr3 & 0xFFFFF000u) | ((lin >> 20) & 0xFFC), &pde) || !(pde & 1))
        return false;
    if ((pde & 0x80) && (c->cr4 & 0x10)) {
        if (write && !(pde & 2) && (c->cr0 & (1u << 16)))
            return false;
        *paddr = ((pde & 0xFFC00000u) | (lin & 0x3FFFFF)) & c->amask;
        return true;
    }
    if (!peek32(c, (pde & 0xFFFFF000u) | ((lin >> 10) & 0xFFC), &pte) || !(pte & 1))
        return false;
    if (write && !((pde & 2) && (pte & 2)) && (c->cr0 & (1u << 16)))
        return false;
    *paddr = ((pte & 0xFFFFF000u) | (lin & 0xFFF)) & c->amask;
    return true;
}

/* gdb's ST(i) (gdb/features/i386/32bit-core.xml st0..st7, numbers 16..23). */
unsigned x86_debug_st_element(ww_cpu *cpu, unsigned i)
{
    return (((x86_cpu *)cpu)->fpu.top + i) & 7;
}
