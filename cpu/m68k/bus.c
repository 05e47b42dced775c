/* cpu/m68k/bus.c — the 68000's bus accesses: 24 address bits, word and byte
 * cycles (a long is two word cycles, high word first), address errors on odd
 * word/long addresses (UM §6.3.3), bus errors from the space (UM §6.3.2).
 * Each bus cycle counts 4 clocks (UM §8: "read or write cycle = 4 clocks"). */
#include "cpu/m68k/m68k.h"

void m68k_refresh_tables(m68k_t *m)
{
    ww_space *s = m->cpu.chip.bus[0];
    m->rtab = s ? ww_space_read_table(s) : NULL;
    m->wtab = s ? ww_space_write_table(s) : NULL;
    m->gen = s ? ww_space_generation(s) : 0;
    m->page_bits = s ? ww_space_cfg(s)->page_bits : 12;
    unsigned bits = s ? ww_space_cfg(s)->addr_bits : 24;
    m->amask = bits >= 32 ? 0xffffffffu : (1u << bits) - 1;
}

static inline void check_gen(m68k_t *m)
{
    ww_space *s = m->cpu.chip.bus[0];
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
    /* Every caller of the bus runs under a setjmp (m68k_step, reset). */
    longjmp(*m->abort, 1);
}

static uint32_t slow_read(m68k_t *m, uint32_t addr, unsigned size, bool insn)
{
    uint64_t v = 0;
    ww_space *s = m->cpu.chip.bus[0];
    if (!s || ww_space_read(s, addr & m->amask, size, &v) != WW_BUS_OK)
        m68k_bus_fault(m, addr, false, insn, false);
    return (uint32_t)v;
}

static void slow_write(m68k_t *m, uint32_t addr, unsigned size, uint32_t v)
{
    ww_space *s = m->cpu.chip.bus[0];
    if (!s || ww_space_write(s, addr & m->amask, size, v) != WW_BUS_OK)
        m68k_bus_fault(m, addr, true, false, false);
}

static inline uint16_t rd16(m68k_t *m, uint32_t addr, bool insn)
{
    if (addr & 1)
        m68k_bus_fault(m, addr, false, insn, true);
    m->cyc += 4;
    check_gen(m);
    uint32_t a = addr & m->amask;
    if (m->rtab) {
        uint8_t *p = ww_space_page_r(m->rtab, m->page_bits, a);
        if (p)
            return ww_ld_be16(p);
    }
    return (uint16_t)slow_read(m, addr, 2, insn);
}

uint16_t m68k_fetch_word(m68k_t *m, uint32_t addr) { return rd16(m, addr, true); }
uint16_t m68k_read16(m68k_t *m, uint32_t addr) { return rd16(m, addr, false); }

uint32_t m68k_read32(m68k_t *m, uint32_t addr)
{
    if (addr & 1)
        m68k_bus_fault(m, addr, false, false, true);
    uint32_t hi = rd16(m, addr, false);
    return hi << 16 | rd16(m, addr + 2, false);
}

uint8_t m68k_read8(m68k_t *m, uint32_t addr)
{
    m->cyc += 4;
    check_gen(m);
    uint32_t a = addr & m->amask;
    if (m->rtab) {
        uint8_t *p = ww_space_page_r(m->rtab, m->page_bits, a);
        if (p)
            return *p;
    }
    return (uint8_t)slow_read(m, addr, 1, false);
}

void m68k_write8(m68k_t *m, uint32_t addr, uint8_t v)
{
    m->cyc += 4;
    check_gen(m);
    uint32_t a = addr & m->amask;
    if (m->wtab) {
        uint8_t *p = ww_space_page_r(m->wtab, m->page_bits, a);
        if (p) {
            *p = v;
            return;
        }
    }
    slow_write(m, addr, 1, v);
}

void m68k_write16(m68k_t *m, uint32_t addr, uint16_t v)
{
    if (addr & 1)
        m68k_bus_fault(m, addr, true, false, true);
    m->cyc += 4;
    check_gen(m);
    uint32_t a = addr & m->amask;
    if (m->wtab) {
        uint8_t *p = ww_space_page_r(m->wtab, m->page_bits, a);
        if (p) {
            ww_st_be16(p, v);
            return;
        }
    }
    slow_write(m, addr, 2, v);
}

void m68k_write32(m68k_t *m, uint32_t addr, uint32_t v)
{
    if (addr & 1)
        m68k_bus_fault(m, addr, true, false, true);
    m68k_write16(m, addr, (uint16_t)(v >> 16));
    m68k_write16(m, addr + 2, (uint16_t)v);
}

void m68k_jump(m68k_t *m, uint32_t target)
{
    m->pc = target;
    m->irc = m68k_fetch_word(m, m->pc);
    m->pc += 2;
    m68k_prefetch(m);
}
