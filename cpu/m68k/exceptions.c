/* cpu/m68k/exceptions.c — SR writes with stack switching, exception
 * processing and the three stack frames of the 68000 (UM §6.2, §6.3):
 *   group 1/2 (trap, illegal, privilege, trace, interrupt): PC, SR (6 bytes);
 *   group 0 (bus error, address error, UM figure 6-7): PC, SR, IR, access
 *   address, special status word (14 bytes).
 * The SSW's upper bits hold the opcode in IR, as MAME's microcoded 68000
 * (the vectors' reference) stores them; bits 4..0 are R/W, I/N and FC. */
#include "cpu/m68k/m68k.h"

void m68k_set_sr(m68k_t *m, uint16_t sr)
{
    sr &= SR_MASK_68000;
    if ((sr ^ m->sr) & SR_S) {
        uint32_t t = m->a[7];
        m->a[7] = m->osp;
        m->osp = t;
    }
    m->sr = sr;
    m68k_attn(m);
}

void m68k_push16(m68k_t *m, uint16_t v)
{
    m->a[7] -= 2;
    m68k_write16(m, m->a[7], v);
}

void m68k_push32(m68k_t *m, uint32_t v)
{
    m->a[7] -= 4;
    m68k_write32(m, m->a[7], v);
}

uint16_t m68k_pop16(m68k_t *m)
{
    uint16_t v = m68k_read16(m, m->a[7]);
    m->a[7] += 2;
    return v;
}

uint32_t m68k_pop32(m68k_t *m)
{
    uint32_t v = m68k_read32(m, m->a[7]);
    m->a[7] += 4;
    return v;
}

/* Enter supervisor mode, trace off; returns the SR to stack. */
static uint16_t enter_super(m68k_t *m)
{
    uint16_t old = m->sr;
    m68k_set_sr(m, (uint16_t)((m->sr | SR_S) & ~SR_T));
    return old;
}

/* Stack PC and SR the way the 68000 writes them (PC low, SR, PC high). */
static void push_short_frame(m68k_t *m, uint32_t pc, uint16_t sr)
{
    m->a[7] -= 6;
    m68k_write16(m, m->a[7] + 4, (uint16_t)pc);
    m68k_write16(m, m->a[7], sr);
    m68k_write16(m, m->a[7] + 2, (uint16_t)(pc >> 16));
}

static void vector_jump(m68k_t *m, unsigned vector)
{
    uint32_t target = m68k_read32(m, vector * 4);
    m->in_exception = 0;
    /* The two prefetches after an exception are 2 clocks apart. */
    m->pc = target;
    m->irc = m68k_fetch_word(m, m->pc);
    m->pc += 2;
    m68k_idle(m, 2);
    m68k_prefetch(m);
}

void m68k_exception(m68k_t *m, unsigned vector, uint32_t pc_pushed)
{
    m->exc_taken = 1;
    if (m68k_user_stop(m, vector))
        return;
    m->in_exception = 1;
    uint16_t old = enter_super(m);
    push_short_frame(m, pc_pushed, old);
    vector_jump(m, vector);
}

void m68k_privilege_violation(m68k_t *m)
{
    m68k_idle(m, 4);
    m68k_exception(m, 8, m->pc - 4);
}

void m68k_illegal(m68k_t *m, unsigned vector)
{
    m68k_idle(m, 4);
    m68k_exception(m, vector, m->pc - 4);
}

void m68k_take_interrupt(m68k_t *m, unsigned level)
{
    /* After STOP the return address is the next instruction (STOP took its
     * operand from the queue without a refill, so AU is already there). */
    uint32_t pc = m->stopped ? m->pc : m->pc - 4;
    m->stopped = 0;
    m->in_exception = 1;
    uint16_t old = enter_super(m);
    m->sr = (uint16_t)((m->sr & ~SR_I) | (level << 8));
    m68k_attn(m);
    /* Acknowledge: a byte from the "iack" space at the level; a bus error
     * or no space bound means autovector (VPA, UM §6.3.2). */
    unsigned vector = 24 + level;
    ww_space *iack = m->cpu.chip.bus[M68K_BUS_IACK];
    m68k_idle(m, 10);
    if (iack) {
        uint64_t v;
        m68k_sync_cycles(m);
        if (ww_space_read(iack, level, 1, &v) == WW_BUS_OK)
            vector = (unsigned)(v & 0xff);
    }
    m68k_idle(m, 4);
    push_short_frame(m, pc, old);
    vector_jump(m, vector);
}

void m68k_group0(m68k_t *m)
{
    if (m->in_exception == 2 || m68k_user_stop(m, m->fault_addr_err ? 3 : 2)) {
        /* A group-0 fault while stacking a group-0 frame: the 68000 halts
         * (UM §6.3.2 "double bus fault"). */
        if (!m->cpu.user_mode)
            m->halted = 1;
        m68k_attn(m);
        return;
    }
    uint16_t ssw = (uint16_t)((m->ir & 0xffe0) | (m->fault_write ? 0 : 0x10)
                              | (m->in_exception ? 0x08 : 0) | m->fault_fc);
    uint32_t pc = m->ae_abs ? m->ae_pc : m->pc + (uint32_t)m->ae_pc_adj;
    m->in_exception = 2;
    m68k_idle(m, 8);
    uint16_t old = enter_super(m);
    m->a[7] -= 14;
    uint32_t sp = m->a[7];
    m68k_write16(m, sp + 12, (uint16_t)pc);
    m68k_write16(m, sp + 8, old);
    m68k_write16(m, sp + 10, (uint16_t)(pc >> 16));
    m68k_write16(m, sp + 6, m->ir);
    m68k_write16(m, sp + 4, (uint16_t)m->fault_addr);
    m68k_write16(m, sp, ssw);
    m68k_write16(m, sp + 2, (uint16_t)(m->fault_addr >> 16));
    m->in_exception = 1;
    vector_jump(m, m->fault_addr_err ? 3 : 2);
}
