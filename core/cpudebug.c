/* core/cpudebug.c — the generic CPU debug interface of core/cpu.h: a sorted
 * set of breakpoint PCs per CPU and the check the run loops call (only when
 * cpu->bp_on is set, so a CPU without breakpoints pays one predictable branch
 * per instruction). */
#include "core/cpu.h"
#include <string.h>

/* Index of the first element >= pc. */
static unsigned lower_bound(const ww_cpu *cpu, uint64_t pc)
{
    unsigned lo = 0, hi = cpu->nbp;
    while (lo < hi) {
        unsigned mid = lo + (hi - lo) / 2;
        if (cpu->bp[mid] < pc)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

bool ww_cpu_break_has(const ww_cpu *cpu, uint64_t pc)
{
    unsigned i = lower_bound(cpu, pc);
    return i < cpu->nbp && cpu->bp[i] == pc;
}

bool ww_cpu_break_check(ww_cpu *cpu, uint64_t pc)
{
    bool skip = cpu->bp_skip && pc == cpu->bp_skip_pc;
    cpu->bp_skip = false;          /* only the first instruction of a resume */
    if (skip || !ww_cpu_break_has(cpu, pc))
        return false;
    cpu->stop = WW_STOP_BREAK;
    cpu->stop_info = 0;
    return true;
}

bool ww_cpu_break_insert(ww_cpu *cpu, uint64_t pc)
{
    unsigned i = lower_bound(cpu, pc);
    if (i < cpu->nbp && cpu->bp[i] == pc)
        return false;
    cpu->bp = g_renew(uint64_t, cpu->bp, cpu->nbp + 1);
    memmove(&cpu->bp[i + 1], &cpu->bp[i], (cpu->nbp - i) * sizeof *cpu->bp);
    cpu->bp[i] = pc;
    cpu->nbp++;
    cpu->bp_on = 1;
    return true;
}

bool ww_cpu_break_remove(ww_cpu *cpu, uint64_t pc)
{
    unsigned i = lower_bound(cpu, pc);
    if (i >= cpu->nbp || cpu->bp[i] != pc)
        return false;
    memmove(&cpu->bp[i], &cpu->bp[i + 1], (cpu->nbp - i - 1) * sizeof *cpu->bp);
    if (--cpu->nbp == 0)
        ww_cpu_break_clear(cpu);
    return true;
}

void ww_cpu_break_clear(ww_cpu *cpu)
{
    g_free(cpu->bp);
    cpu->bp = NULL;
    cpu->nbp = 0;
    cpu->bp_on = 0;
    cpu->bp_skip = false;
}

void ww_cpu_break_resume(ww_cpu *cpu)
{
    const ww_cpu_ops *ops = ww_cpu_ops_of(cpu);
    cpu->bp_skip = ops->get_pc != NULL;
    cpu->bp_skip_pc = ops->get_pc ? ops->get_pc(cpu) : 0;
}
