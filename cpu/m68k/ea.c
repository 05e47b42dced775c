/* cpu/m68k/ea.c — effective addresses (PRM §2.2, table 2-4).
 * Timing: each extension word and operand access is a 4-clock bus cycle;
 * -(An) and the indexed modes add 2 internal clocks (UM table 8-1).
 * 68020+: the brief extension word scales the index (×1/2/4/8) and the full
 * format adds base and outer displacements, base/index suppression and
 * memory indirection (PRM §2.2.12-2.2.16, table 2-2); its reserved I/IS
 * combinations take the illegal-instruction exception. The 68000 ignores
 * bits 10-8 of the extension word. */
#include "cpu/m68k/m68k.h"

int m68k_ea_class(unsigned mode, unsigned reg)
{
    if (mode < 7)
        return (int)mode;
    return reg <= 4 ? 7 + (int)reg : -1;
}

static uint32_t index_020(m68k_t *m, uint32_t base, uint16_t ext)
{
    unsigned r = (ext >> 12) & 7;
    uint32_t x = (ext & 0x8000) ? m->a[r] : m->d[r];
    if (!(ext & 0x0800))
        x = (uint32_t)(int32_t)(int16_t)x;
    x <<= (ext >> 9) & 3;
    m68k_idle(m, 2);
    if (!(ext & 0x0100))
        return base + x + (uint32_t)(int32_t)(int8_t)ext;
    /* Full format: BS (7), IS (6), BD size (5-4), I/IS (2-0). */
    unsigned bdsize = (ext >> 4) & 3, iis = ext & 7;
    if (!bdsize || (ext & 0x08) || iis == 4 || ((ext & 0x40) && iis > 3)) {
        m68k_illegal(m, 4);
        longjmp(*m->abort, 2);
    }
    uint32_t bd = 0, od = 0;
    if (bdsize == 2)
        bd = (uint32_t)(int32_t)(int16_t)m68k_ext(m);
    else if (bdsize == 3)
        bd = m68k_ext32(m);
    if (ext & 0x80)
        base = 0;
    if (ext & 0x40)
        x = 0;
    if (!iis)
        return base + bd + x;
    if ((iis & 3) == 2)
        od = (uint32_t)(int32_t)(int16_t)m68k_ext(m);
    else if ((iis & 3) == 3)
        od = m68k_ext32(m);
    m->prog_read = 0;          /* the pointer is data */
    if (iis < 4)               /* pre-indexed */
        return m68k_read32(m, base + bd + x) + od;
    return m68k_read32(m, base + bd) + x + od;   /* post-indexed */
}

static uint32_t index_disp(m68k_t *m, uint32_t base)
{
    uint16_t ext = m68k_ext(m);
    if (m->level)
        return index_020(m, base, ext);
    unsigned r = (ext >> 12) & 7;
    uint32_t x = (ext & 0x8000) ? m->a[r] : m->d[r];
    if (!(ext & 0x0800))
        x = (uint32_t)(int32_t)(int16_t)x;
    m68k_idle(m, 2);
    return base + x + (uint32_t)(int32_t)(int8_t)ext;
}

void m68k_ea_decode(m68k_t *m, m68k_ea *ea, unsigned mode, unsigned reg, unsigned size)
{
    ea->mode = (uint8_t)mode;
    ea->reg = (uint8_t)reg;
    ea->addr = 0;
    ea->pending = false;
    /* PC pushed by an address error on this operand, relative to AU after
     * the decode (measured on the vectors: MAME's microcode PC register). */
    m->ae_pc_adj = -2;
    m->prog_read = mode == 7 && (reg == 2 || reg == 3);
    if (mode == 5 || mode == 6 || m->prog_read)
        m->ae_pc_adj = -4;
    else if (mode == 4 && size != 4)
        m->ae_pc_adj = 0;
    switch (mode) {
    case 0: case 1:
        return;
    case 2:
        ea->addr = m->a[reg];
        return;
    case 3:
        ea->addr = m->a[reg];
        if (size == 4) {
            ea->pending = true;
            ea->new_an = m->a[reg] + 4;
        } else {
            m->a[reg] += (size == 1 && reg == 7) ? 2 : size;
        }
        return;
    case 4:
        m68k_idle(m, 2);
        ea->addr = m->a[reg] - ((size == 1 && reg == 7) ? 2 : size);
        m->a[reg] = ea->addr;
        return;
    case 5:
        ea->addr = m->a[reg] + (uint32_t)(int32_t)(int16_t)m68k_ext(m);
        return;
    case 6:
        ea->addr = index_disp(m, m->a[reg]);
        return;
    }
    switch (reg) {
    case 0:
        ea->addr = (uint32_t)(int32_t)(int16_t)m68k_ext(m);
        return;
    case 1:
        ea->addr = m68k_ext32(m);
        return;
    case 2: {
        uint32_t base = m->pc - 2;
        ea->addr = base + (uint32_t)(int32_t)(int16_t)m68k_ext(m);
        return;
    }
    case 3:
        ea->addr = index_disp(m, m->pc - 2);
        return;
    case 4:
        /* Immediate: the value is read by m68k_ea_read. */
        return;
    }
}

static void commit(m68k_t *m, m68k_ea *ea)
{
    if (ea->pending) {
        m->a[ea->reg] = ea->new_an;
        ea->pending = false;
    }
}

uint32_t m68k_ea_read(m68k_t *m, m68k_ea *ea, unsigned size)
{
    uint32_t v;
    switch (ea->mode) {
    case 0:
        return m->d[ea->reg] & m68k_mask(size);
    case 1:
        return m->a[ea->reg] & m68k_mask(size);
    case 7:
        if (ea->reg == 4) {
            if (size == 4)
                return m68k_ext32(m);
            return m68k_ext(m) & m68k_mask(size);
        }
        break;
    }
    switch (size) {
    case 1: v = m68k_read8(m, ea->addr); break;
    case 2: v = m68k_read16(m, ea->addr); break;
    default:
        v = m68k_read32(m, ea->addr);
        break;
    }
    commit(m, ea);
    return v;
}

void m68k_ea_write(m68k_t *m, m68k_ea *ea, unsigned size, uint32_t v)
{
    switch (ea->mode) {
    case 0:
        m68k_set_dn(m, ea->reg, size, v);
        return;
    case 1:
        m->a[ea->reg] = v;
        return;
    }
    switch (size) {
    case 1: m68k_write8(m, ea->addr, (uint8_t)v); break;
    case 2: m68k_write16(m, ea->addr, (uint16_t)v); break;
    default:
        if (ea->mode == 4 && !m->level) {
            if (ea->addr & 1)
                m68k_bus_fault(m, ea->addr + 2, true, false, true);
            m68k_write16(m, ea->addr + 2, (uint16_t)v);
            m68k_write16(m, ea->addr, (uint16_t)(v >> 16));
        } else {
            m68k_write32(m, ea->addr, v);
        }
        break;
    }
    commit(m, ea);
}

void m68k_ea_decode_op(m68k_t *m, uint16_t op, unsigned size, m68k_ea *ea)
{
    m68k_ea_decode(m, ea, (op >> 3) & 7, op & 7, size);
}

uint32_t m68k_read_ea_mem(m68k_t *m, uint16_t op, unsigned size, m68k_ea *ea)
{
    m68k_ea_decode(m, ea, (op >> 3) & 7, op & 7, size);
    return m68k_ea_read(m, ea, size);
}
