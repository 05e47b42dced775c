/* cpu/m68k/bus.c — bus accesses, slow paths.
 *
 * 68000: 24 address bits (the space's width in user mode), word and byte
 * cycles, address errors on odd word/long addresses (UM §6.3.3), bus errors
 * from the space (UM §6.3.2). Each bus cycle counts 4 clocks (UM §8).
 *
 * 68020/030/040: 32 address bits, any alignment for data (020UM §5.2.2:
 * misaligned operands take several bus cycles; here byte by byte), an
 * address error only for an instruction fetch at an odd address (020UM
 * §6.1.3). The MMU (mmu.c) translates every access while TC.E is set: the
 * fast paths then see no table and everything comes here. Faults:
 *   - an instruction prefetch that faults is remembered (qbad, bad_pc) and
 *     reported only when the word is used (020UM §7.1.1, 030UM §8.1.1);
 *   - 040: a data write that faults is kept as a write-back (040UM §8.4.6:
 *     the instruction completes; WB1-3 of the format $7 frame) and the
 *     access error is taken at the end of the instruction;
 *   - everything else aborts the instruction (longjmp), which restarts from
 *     its first word when the handler returns (exceptions.c).
 * The fast paths (RAM/ROM through the page table) are inline in m68k.h. */
#include "cpu/m68k/m68k.h"

void m68k_refresh_tables(m68k_t *m)
{
    ww_space *s = m->cpu.chip.bus[M68K_BUS_MEM];
    m->prtab = s ? ww_space_read_table(s) : NULL;
    m->pwtab = s ? ww_space_write_table(s) : NULL;
    m->rtab = m->mmu_on ? NULL : m->prtab;
    m->wtab = m->mmu_on ? NULL : m->pwtab;
    m->gen = s ? ww_space_generation(s) : 0;
    m->page_bits = s ? ww_space_cfg(s)->page_bits : 12;
    unsigned bits = s ? ww_space_cfg(s)->addr_bits : 24;
    m->amask = bits >= 32 ? 0xffffffffu : (1u << bits) - 1;
    m->pmask = (1u << m->page_bits) - 1;
    m->ftag = 0xffffffffu;
    m->fhost = NULL;
    if (m->tc)
        ww_tcache_sync_space(m->tc);    /* a remap: the blocks go */
}

/* Fetch outside the cached 4 KiB (m68k_fetch_word): the fast table, which
 * becomes the new cached range, or the slow path. */
uint16_t m68k_fetch_miss(m68k_t *m, uint32_t addr)
{
    uint8_t *p;
    if (!(addr & 1) && (p = m68k_host(m, m->rtab, addr))) {
        if (m->pmask >= 0xfff) {
            m->ftag = addr & ~0xfffu;
            m->fhost = p - (addr & 0xfff);
        }
        m->cyc += 4;
        return ww_ld_be16(p);
    }
    return m68k_read16_slow(m, addr, true);
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
    if (m->fc_override)
        m->fault_fc = (uint8_t)(m->fc_override - 1);
    else
        m->fault_fc = (uint8_t)(insn || (m->prog_read && !write) ? m68k_pfc(m) : m68k_dfc(m));
    m->fault_addr_err = addr_err;
    m->fault_rmw = m->rmw;
    m->fc_override = 0;
    m->cyc += 4;        /* the aborted bus cycle still takes its time */
    /* Every caller of the bus runs under a setjmp (run, step, reset). */
    longjmp(*m->abort, 1);
}

static inline void sync_time(m68k_t *m)
{
    if (m->cpu.user_mode)
        return;              /* the runner counts instructions (cpu.c) */
    if (m->level)
        m68k_sync_cycles_scaled(m);
    else
        m68k_sync_cycles(m);
}

/* ---- 68000 ------------------------------------------------------------------ */

static uint32_t slow_read(m68k_t *m, uint32_t addr, unsigned size, bool insn)
{
    uint64_t v = 0;
    ww_space *s = m->cpu.chip.bus[M68K_BUS_MEM];
    sync_time(m);
    m->cyc += 4;
    if (!s || ww_space_read(s, addr & m->amask, size, &v) != WW_BUS_OK)
        m68k_bus_fault(m, addr, false, insn, false);
    m68k_check_tables(m);
    return (uint32_t)v;
}

static void slow_write(m68k_t *m, uint32_t addr, unsigned size, uint32_t v)
{
    ww_space *s = m->cpu.chip.bus[M68K_BUS_MEM];
    sync_time(m);
    m->cyc += 4;
    if (!s || ww_space_write(s, addr & m->amask, size, v) != WW_BUS_OK)
        m68k_bus_fault(m, addr, true, false, false);
    m68k_check_tables(m);
}

/* ---- 68020+ ----------------------------------------------------------------- */

/* One access to physical memory; false on a bus error. */
static bool phys_access(m68k_t *m, uint32_t pa, unsigned size, bool write, uint32_t *v)
{
    uint8_t *p = m68k_host(m, write ? m->pwtab : m->prtab, pa);
    if (p && ((pa & m->pmask) + size - 1) <= m->pmask) {
        switch (size) {
        case 1: if (write) *p = (uint8_t)*v; else *v = *p; return true;
        case 2: if (write) ww_st_be16(p, (uint16_t)*v); else *v = ww_ld_be16(p); return true;
        default: if (write) ww_st_be32(p, *v); else *v = ww_ld_be32(p); return true;
        }
    }
    ww_space *s = m->cpu.chip.bus[M68K_BUS_MEM];
    if (!s)
        return false;
    sync_time(m);
    uint64_t x = *v;
    ww_bus_status st = write ? ww_space_write(s, pa & m->amask, size, x)
                             : ww_space_read(s, pa & m->amask, size, &x);
    m68k_check_tables(m);
    *v = (uint32_t)x;
    return st == WW_BUS_OK;
}

static unsigned access_fc(const m68k_t *m, bool write, bool insn)
{
    if (m->fc_override)
        return m->fc_override - 1u;
    return insn || (m->prog_read && !write) ? (unsigned)m68k_pfc(m) : (unsigned)m68k_dfc(m);
}

/* One aligned part of an access: translate, then the bus. false = fault
 * (m->fault_atc says which kind). */
static bool part(m68k_t *m, uint32_t la, unsigned size, bool write, bool insn, uint32_t *v)
{
    uint32_t pa = la;
    m->fault_atc = 0;
    if (m->mmu_on && !m68k_translate(m, la, access_fc(m, write, insn), write, &pa))
        return false;
    return phys_access(m, pa, size, write, v);
}

/* Raise (or defer) the fault of an access at la; `first` = the faulting part
 * is the access's first (040 MA bit otherwise). */
static uint32_t fault020(m68k_t *m, uint32_t la, unsigned size, bool write, bool insn,
                         uint32_t v)
{
    if (insn && !m->no_defer) {
        if (!m->qbad) {
            m->qbad = 1;
            m->bad_pc = la;
        }
        return 0;
    }
    m->fault_size = (uint8_t)size;
    m->fault_data = v;
    if (write && m->level == 4 && !m->in_exception && !m->cpu.user_mode && m->nwb < 2) {
        /* 040: the write waits in a write-back slot; the access error comes
         * after the instruction (m68k_take_writeback_fault). */
        m68k_wb *w = &m->wb[m->nwb++];
        w->addr = la;
        w->data = v;
        w->size = (uint8_t)size;
        w->fc = (uint8_t)access_fc(m, true, false);
        w->atc = m->fault_atc;
        m->fc_override = 0;
        m->attn = 1;
        return 0;
    }
    m68k_bus_fault(m, la, write, insn, false);
}

static uint32_t access020(m68k_t *m, uint32_t la, unsigned size, bool write, bool insn,
                          uint32_t v)
{
    m->cyc += 4;
    if (insn && (la & 1)) {
        m->fault_size = 2;
        m->fault_atc = 0;
        m68k_bus_fault(m, la, false, true, true);
    }
    /* Misaligned (it may cross a page of the MMU or the space): byte by
     * byte, high byte first. */
    if (la & (size - 1)) {
        uint32_t r = 0;
        for (unsigned i = 0; i < size; i++) {
            uint32_t b = (v >> (8 * (size - 1 - i))) & 0xff;
            if (!part(m, la + i, 1, write, insn, &b))
                return fault020(m, la + i, size, write, insn, v);
            r = r << 8 | (b & 0xff);
        }
        m->fc_override = 0;
        return r;
    }
    uint32_t x = v;
    if (!part(m, la, size, write, insn, &x))
        return fault020(m, la, size, write, insn, v);
    m->fc_override = 0;
    return x;
}

/* ---- the entry points ------------------------------------------------------- */

uint16_t m68k_read16_slow(m68k_t *m, uint32_t addr, bool insn)
{
    if (m->level)
        return (uint16_t)access020(m, addr, 2, false, insn, 0);
    if (addr & 1)
        m68k_bus_fault(m, addr, false, insn, true);
    return (uint16_t)slow_read(m, addr, 2, insn);
}

uint8_t m68k_read8_slow(m68k_t *m, uint32_t addr)
{
    if (m->level)
        return (uint8_t)access020(m, addr, 1, false, false, 0);
    return (uint8_t)slow_read(m, addr, 1, false);
}

void m68k_write16_slow(m68k_t *m, uint32_t addr, uint16_t v)
{
    if (m->level) {
        access020(m, addr, 2, true, false, v);
        return;
    }
    if (addr & 1)
        m68k_bus_fault(m, addr, true, false, true);
    slow_write(m, addr, 2, v);
}

void m68k_write8_slow(m68k_t *m, uint32_t addr, uint8_t v)
{
    if (m->level) {
        access020(m, addr, 1, true, false, v);
        return;
    }
    slow_write(m, addr, 1, v);
}

uint32_t m68k_read32_slow(m68k_t *m, uint32_t addr)
{
    m->cyc += 4;     /* a long counts two bus cycles, as on the 68000 */
    return access020(m, addr, 4, false, false, 0);
}

void m68k_write32_slow(m68k_t *m, uint32_t addr, uint32_t v)
{
    m->cyc += 4;
    access020(m, addr, 4, true, false, v);
}

uint32_t m68k_read_fc(m68k_t *m, uint32_t addr, unsigned size, unsigned fc)
{
    m->fc_override = (uint8_t)(fc + 1);
    return access020(m, addr, size, false, false, 0);
}

void m68k_write_fc(m68k_t *m, uint32_t addr, unsigned size, uint32_t v, unsigned fc)
{
    m->fc_override = (uint8_t)(fc + 1);
    access020(m, addr, size, true, false, v);
}

/* Fetch the word at addr for real: a fault is raised now. */
static uint16_t fetch_now(m68k_t *m, uint32_t addr)
{
    m->no_defer = 1;
    uint16_t w = (uint16_t)access020(m, addr, 2, false, true, 0);
    m->no_defer = 0;
    return w;
}

void m68k_queue_check(m68k_t *m)
{
    if (m->bad_pc == m->pc - 2) {
        /* irc is the bad word: the consumer needs it. */
        m->qbad = 0;
        m->irc = fetch_now(m, m->pc - 2);
    } else if (m->bad_pc == m->pc - 4) {
        /* The opcode itself (run loop, at the start of an instruction). */
        m->qbad = 0;
        m->ir = fetch_now(m, m->pc - 4);
        m->irc = m68k_fetch_word(m, m->pc - 2);
    } else if (m->bad_pc < m->pc - 4 || m->bad_pc > m->pc) {
        m->qbad = 0;     /* a word the flow left behind */
    }
}

