/* cpu/m68k/bus.c — the 68000's bus accesses, slow paths: 24 address bits
 * on the 68000 (the space's width in user mode), word and byte cycles,
 * address errors on odd word/long addresses (UM §6.3.3), bus errors from the
 * space (UM §6.3.2). Each bus cycle counts 4 clocks (UM §8). The fast paths
 * (RAM/ROM through the page table) are inline in m68k.h. */
#include "cpu/m68k/m68k.h"

void m68k_refresh_tables(m68k_t *m)
{
    ww_space *s = m->cpu.chip.bus[M68K_BUS_MEM];
    m->rtab = s ? ww_space_read_table(s) : NULL;
    m->wtab = s ? ww_space_write_table(s) : NULL;
    m->gen = s ? ww_space_generation(s) : 0;
    m->page_bits = s ? ww_space_cfg(s)->page_bits : 12;
    unsigned bits = s ? ww_space_cfg(s)->addr_bits : 24;
    m->amask = bits >= 32 ? 0xffffffffu : (1u << bits) - 1;
    m->pmask = (1u << m->page_bits) - 1;
}

void m68k_check_tables(m68k_t *m)
{
    ww_space *s = m->cpu.chip.bus[M68K_BUS_MEM];
    if (s && ww_space_generation(s) != m->gen)
        m68k_refresh_tables(m);
}

void m68k_bus_fault(m68k_t *m, uint32_t addr, bool write, bool insn, bool addr_err)
{
    m->fault_addr = addr;
    m->fault_write = write;
    m->fault_insn = insn;
    m->fault_fc = (uint8_t)(insn || (m->prog_read && !write) ? m68k_pfc(m) : m68k_dfc(m));
    m->fault_addr_err = addr_err;
    m->cyc += 4;        /* the aborted bus cycle still takes its time */
    /* Every caller of the bus runs under a setjmp (run, step, reset). */
    longjmp(*m->abort, 1);
}

static uint32_t slow_read(m68k_t *m, uint32_t addr, unsigned size, bool insn)
{
    uint64_t v = 0;
    ww_space *s = m->cpu.chip.bus[M68K_BUS_MEM];
    m68k_sync_cycles(m);
    m->cyc += 4;
    if (!s || ww_space_read(s, addr & m->amask, size, &v) != WW_BUS_OK)
        m68k_bus_fault(m, addr, false, insn, false);
    m68k_check_tables(m);
    return (uint32_t)v;
}

static void slow_write(m68k_t *m, uint32_t addr, unsigned size, uint32_t v)
{
    ww_space *s = m->cpu.chip.bus[M68K_BUS_MEM];
    m68k_sync_cycles(m);
    m->cyc += 4;
    if (!s || ww_space_write(s, addr & m->amask, size, v) != WW_BUS_OK)
        m68k_bus_fault(m, addr, true, false, false);
    m68k_check_tables(m);
}

uint16_t m68k_read16_slow(m68k_t *m, uint32_t addr, bool insn)
{
    if (addr & 1)
        m68k_bus_fault(m, addr, false, insn, true);
    return (uint16_t)slow_read(m, addr, 2, insn);
}

uint8_t m68k_read8_slow(m68k_t *m, uint32_t addr)
{
    return (uint8_t)slow_read(m, addr, 1, false);
}

void m68k_write16_slow(m68k_t *m, uint32_t addr, uint16_t v)
{
    if (addr & 1)
        m68k_bus_fault(m, addr, true, false, true);
    slow_write(m, addr, 2, v);
}

void m68k_write8_slow(m68k_t *m, uint32_t addr, uint8_t v)
{
    slow_write(m, addr, 1, v);
}

void m68k_jump(m68k_t *m, uint32_t target)
{
    m->pc = target;
    m->irc = m68k_fetch_word(m, m->pc);
    m->pc += 2;
    m68k_prefetch(m);
}
