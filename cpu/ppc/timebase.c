/* cpu/ppc/timebase.c — time base and decrementer (MPCFPE32B §2.2.5-2.2.6).
 *
 * Both count at "tb-freq" (default clock / 4, the 603e/750 bus-clock/4
 * relation on typical boards) and are functions of virtual time: nothing
 * ticks. TB = ticks(now) + offset; DEC = load - (ticks(now) - stamp). A
 * ww_timer is armed for the moment DEC bit 0 next goes from 0 to 1, which is
 * when the decrementer exception is requested. */
#include "cpu/ppc/ppc.h"

uint64_t ppc_tb_hz(const ppc_cpu *c)
{
    uint64_t hz = c->tb_freq ? c->tb_freq : c->cpu.clock_hz / 4;
    return hz ? hz : 1;
}

static uint64_t ticks_now(ppc_cpu *c)
{
    ww_sched *s = c->cpu.chip.sched;
    if (c->cpu.user_mode)      /* no machine loop: time is the instructions run */
        return ww_ns_to_ticks(ww_ticks_to_ns(c->cpu.cycles, c->cpu.clock_hz ? c->cpu.clock_hz : 1),
                              ppc_tb_hz(c));
    return s ? ww_ns_to_ticks(ww_sched_now(s), ppc_tb_hz(c)) : 0;
}

uint64_t ppc_tb_read(ppc_cpu *c)
{
    return ticks_now(c) + c->tb_offset;
}

void ppc_tb_write(ppc_cpu *c, bool upper, uint32_t v)
{
    uint64_t tb = ppc_tb_read(c);
    tb = upper ? (tb & 0xffffffffull) | (uint64_t)v << 32 : (tb & ~0xffffffffull) | v;
    c->tb_offset = tb - ticks_now(c);
}

uint32_t ppc_dec_read(ppc_cpu *c)
{
    return c->dec_load - (uint32_t)(ticks_now(c) - c->dec_stamp);
}

/* The first ns at which `ticks` ticks have elapsed (rounded up). */
static ww_time tick_time(ppc_cpu *c, uint64_t ticks)
{
    uint64_t hz = ppc_tb_hz(c);
    return (ww_time)(((unsigned __int128)ticks * WW_NS_PER_SEC + hz - 1) / hz);
}

static void arm(ppc_cpu *c)
{
    if (!c->cpu.chip.sched)
        return;
    /* From value v the 0 -> 0xFFFFFFFF step comes after v + 1 ticks. */
    uint64_t due = c->dec_stamp + (uint64_t)c->dec_load + 1;
    ww_timer_mod(&c->dec_timer, tick_time(c, due));
}

void ppc_dec_write(ppc_cpu *c, uint32_t v)
{
    c->dec_load = v;
    c->dec_stamp = ticks_now(c);
    arm(c);
}

void ppc_dec_fire(ww_chip *chip, unsigned index)
{
    ppc_cpu *c = (ppc_cpu *)chip;
    c->dec_pending = true;
    ppc_update_attention(c);
    /* Now 0xFFFFFFFF: the next underflow is 2^32 ticks away. */
    c->dec_stamp = c->dec_stamp + (uint64_t)c->dec_load + 1;
    c->dec_load = 0xffffffffu;
    arm(c);
    ww_cpu_kick(&c->cpu);
}
