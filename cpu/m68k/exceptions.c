/* cpu/m68k/exceptions.c — SR writes with stack switching, exception
 * processing and the stack frames.
 *
 * 68000 (UM §6.2, §6.3):
 *   group 1/2 (trap, illegal, privilege, trace, interrupt): PC, SR (6 bytes);
 *   group 0 (bus error, address error, UM figure 6-7): PC, SR, IR, access
 *   address, special status word (14 bytes).
 * The SSW's upper bits hold the opcode in IR, as MAME's microcoded 68000
 * (the vectors' reference) stores them; bits 4..0 are R/W, I/N and FC.
 *
 * 68020/68030 (020UM §6.4, 030UM §8.4) and 68040 (040UM §8.4): every frame
 * starts SR, PC, format/vector word; the vector table is at VBR. Formats:
 *   $0 four words          interrupts, TRAP #n, illegal, line A/F, privilege,
 *                          format error, FPU pre-instruction exceptions
 *   $1 throwaway           interrupt taken with SR.M set (020UM §6.1.9)
 *   $2 six words + address CHK, CHK2, TRAPcc, TRAPV, trace, zero divide,
 *                          (040) address error
 *   $3 040 FP post-instr.  EA of the operand (fpu.c)
 *   $4 040 FP unimplemented EA and the PC of the faulted instruction (fpu.c)
 *   $7 040 access error    EA, SSW, write-backs, fault address (040UM §8.4.6)
 *   $9 coprocessor mid-instruction (fpu.c: BSUN)
 *   $A/$B short/long bus cycle fault (020UM §6.4.4): A for data writes, B for
 *                          data reads and instruction fetches
 * The 020+ bus faults are restartable the way this interpreter does it: the
 * instruction is aborted with its registers as they were when it began
 * (save_a, save_sr) and the stacked PC names it; RTE of a format $A/$B frame
 * (or a $7 read fault) runs it again from its first word. The internal
 * registers of those frames hold zeroes: nothing depends on them here
 * (documented limit: a handler that completes the faulted cycle itself and
 * clears DF still sees the instruction restarted). */
#include "cpu/m68k/m68k.h"

void m68k_set_sr(m68k_t *m, uint16_t sr)
{
    sr &= m->sr_mask;
    unsigned from = m68k_sp_slot(m->sr), to = m68k_sp_slot(sr);
    if (from != to) {
        m->sp[from] = m->a[7];
        m->a[7] = m->sp[to];
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
    m68k_set_sr(m, (uint16_t)((m->sr | SR_S) & ~(SR_T | SR_T0)));
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

/* 020+: SR, PC, format/vector and `nextra` bytes after them. */
static void push_frame(m68k_t *m, uint16_t sr, uint32_t pc, unsigned format, unsigned vector,
                       const uint8_t *extra, unsigned nextra)
{
    m->a[7] -= 8 + nextra;
    uint32_t sp = m->a[7];
    for (unsigned i = 0; i + 1 < nextra; i += 2)
        m68k_write16(m, sp + 8 + i, (uint16_t)(extra[i] << 8 | extra[i + 1]));
    m68k_write16(m, sp + 6, (uint16_t)(format << 12 | (vector * 4)));
    m68k_write32(m, sp + 2, pc);
    m68k_write16(m, sp, sr);
}

static void vector_jump(m68k_t *m, unsigned vector)
{
    uint32_t target = m68k_read32(m, m->vbr + vector * 4);
    m->in_exception = 0;
    /* The two prefetches after an exception are 2 clocks apart. */
    m->qbad = 0;
    m->pc = target;
    m->irc = m68k_fetch_word(m, m->pc);
    m->pc += 2;
    m68k_idle(m, 2);
    m68k_prefetch(m);
}

/* Stack a 020+ frame and go; in_exception says how a fault meanwhile ends
 * (1: a bus error exception, 2: a double fault). */
static void take_frame(m68k_t *m, unsigned vector, unsigned format, uint32_t pc,
                       const uint8_t *extra, unsigned nextra)
{
    m->exc_taken = 1;
    uint16_t old = enter_super(m);
    push_frame(m, old, pc, format, vector, extra, nextra);
    vector_jump(m, vector);
}

void m68k_exception_frame(m68k_t *m, unsigned vector, unsigned format, uint32_t pc,
                          const uint8_t *extra, unsigned nextra)
{
    m->exc_taken = 1;
    if (m68k_user_stop(m, vector))
        return;
    m->in_exception = 1;
    take_frame(m, vector, format, pc, extra, nextra);
}

void m68k_exception(m68k_t *m, unsigned vector, uint32_t pc_pushed)
{
    if (m->level) {
        m68k_exception_frame(m, vector, 0, pc_pushed, NULL, 0);
        return;
    }
    m->exc_taken = 1;
    if (m68k_user_stop(m, vector))
        return;
    m->in_exception = 1;
    uint16_t old = enter_super(m);
    push_short_frame(m, pc_pushed, old);
    vector_jump(m, vector);
}

void m68k_exception2(m68k_t *m, unsigned vector, uint32_t pc_pushed, uint32_t addr)
{
    if (!m->level) {
        m68k_exception(m, vector, pc_pushed);
        return;
    }
    uint8_t x[4] = { (uint8_t)(addr >> 24), (uint8_t)(addr >> 16), (uint8_t)(addr >> 8),
                     (uint8_t)addr };
    m68k_exception_frame(m, vector, 2, pc_pushed, x, 4);
}

void m68k_privilege_violation(m68k_t *m)
{
    m68k_idle(m, 4);
    m68k_exception(m, 8, m->level ? m->inst_pc : m->pc - 4);
}

void m68k_illegal(m68k_t *m, unsigned vector)
{
    m68k_idle(m, 4);
    m68k_exception(m, vector, m->level ? m->inst_pc : m->pc - 4);
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
        if (m->level)
            m68k_sync_cycles_scaled(m);
        else
            m68k_sync_cycles(m);
        if (ww_space_read(iack, level, 1, &v) == WW_BUS_OK)
            vector = (unsigned)(v & 0xff);
    }
    m68k_idle(m, 4);
    if (!m->level) {
        push_short_frame(m, pc, old);
    } else {
        push_frame(m, old, pc, 0, vector, NULL, 0);
        if (m->sr & SR_M) {
            /* Master mode: a throwaway frame on the interrupt stack, with
             * the same SR except S (020UM §6.1.9, 030UM §8.1.9). */
            m68k_set_sr(m, m->sr & ~SR_M);
            push_frame(m, old | SR_S, pc, 1, vector, NULL, 0);
        }
    }
    vector_jump(m, vector);
}

/* ---- RTE ------------------------------------------------------------------ */

static unsigned frame_size(const m68k_t *m, unsigned format)
{
    switch (format) {
    case 0x0: return 8;
    case 0x1: return 8;
    case 0x2: return 12;
    case 0x3: return m->level == 4 ? 12 : 0;
    case 0x4: return m->level == 4 ? 16 : 0;
    case 0x7: return m->level == 4 ? 60 : 0;
    case 0x9: return m->level < 4 ? 20 : 0;
    case 0xa: return m->level < 4 ? 32 : 0;
    case 0xb: return m->level < 4 ? 92 : 0;
    default:  return 0;
    }
}

/* 020+ RTE (PRM RTE, 020UM §6.4): the format word says how much to pop;
 * an unknown format takes the format-error exception (vector 14). */
void m68k_rte(m68k_t *m)
{
    for (int depth = 0; depth < 4; depth++) {
        uint32_t sp = m->a[7];
        uint16_t fw = m68k_read16(m, sp + 6);
        unsigned format = fw >> 12, size = frame_size(m, format);
        if (!size) {
            m68k_exception(m, 14, m->inst_pc);
            return;
        }
        uint16_t sr = m68k_read16(m, sp);
        uint32_t pc = m68k_read32(m, sp + 2);
        m->a[7] = sp + size;
        m68k_set_sr(m, sr);
        if (format == 1)
            continue;       /* throwaway: RTE again from the stack SR selects */
        m->ae_abs = 1;
        m->ae_pc = m->inst_pc + 2;
        m68k_jump(m, pc);
        m->jumped = 1;
        return;
    }
    m68k_exception(m, 14, m->inst_pc);
}

/* ---- group 0 ---------------------------------------------------------------- */

static void put16(uint8_t *b, unsigned off, uint16_t v)
{
    b[off] = (uint8_t)(v >> 8);
    b[off + 1] = (uint8_t)v;
}

static void put32(uint8_t *b, unsigned off, uint32_t v)
{
    put16(b, off, (uint16_t)(v >> 16));
    put16(b, off + 2, (uint16_t)v);
}

/* 040 SSW size field (040UM table 8-8): 00 long, 01 byte, 10 word, 11 line. */
static unsigned size040(unsigned size)
{
    return size == 1 ? 1 : size == 2 ? 2 : size == 16 ? 3 : 0;
}

/* 020/030 bus error or address error: format $A (data writes) or $B. */
static void group0_030(m68k_t *m, bool addr_err)
{
    uint8_t x[84] = { 0 };   /* bytes 8.. of the frame */
    bool insn = m->fault_insn;
    unsigned sz = m->fault_size == 1 ? 1 : m->fault_size == 2 ? 2 : m->fault_size == 3 ? 3 : 0;
    uint16_t ssw = (uint16_t)(m->fault_fc & 7);
    if (insn) {
        ssw |= 0x4000 | 0x1000;          /* FB, RB: stage B */
    } else {
        ssw |= 0x0100;                   /* DF: rerun the data cycle on RTE */
        if (!m->fault_write)
            ssw |= 0x0040;               /* RW = read */
        if (m->fault_rmw)
            ssw |= 0x0080;               /* RM */
        ssw |= (uint16_t)(sz << 4);
    }
    bool fmt_a = !insn && m->fault_write;
    put16(x, 0x0a - 8, ssw);
    put16(x, 0x0c - 8, m->irc);          /* stage C */
    put16(x, 0x0e - 8, m->irc);          /* stage B (the queue holds no more) */
    put32(x, 0x10 - 8, insn ? 0 : m->fault_addr);
    put32(x, 0x18 - 8, m->fault_write ? m->fault_data : 0);
    if (!fmt_a) {
        put32(x, 0x24 - 8, insn ? m->fault_addr : m->inst_pc + 4);
        put16(x, 0x36 - 8, 0x1000);      /* version number 1 */
    }
    take_frame(m, addr_err ? 3 : 2, fmt_a ? 0xa : 0xb, m->inst_pc, x, fmt_a ? 24 : 84);
}

/* 040 access error (format $7) for a fault that aborts the instruction:
 * reads and instruction fetches (restarted: the PC names the instruction). */
static void group0_040(m68k_t *m)
{
    uint8_t x[52] = { 0 };
    unsigned tm = m->fault_fc & 7;
    uint16_t ssw = (uint16_t)(tm | size040(m->fault_size) << 5);
    if (m->fc_override)
        ssw |= 2 << 3;                   /* TT = alternate (MOVES) */
    if (!m->fault_write)
        ssw |= 0x0100;                   /* RW = read */
    if (m->fault_atc)
        ssw |= 0x0400;                   /* ATC: the MMU refused it */
    if (m->fault_rmw)
        ssw |= 0x0200;                   /* LK */
    put32(x, 0x08 - 8, m->fault_addr);   /* EA */
    put16(x, 0x0c - 8, ssw);
    put32(x, 0x14 - 8, m->fault_addr);   /* FA */
    if (m->fault_write) {
        put32(x, 0x2c - 8, m->fault_data);   /* PD0 */
    }
    take_frame(m, 2, 7, m->inst_pc, x, sizeof x);
}

void m68k_group0(m68k_t *m)
{
    if (m->in_exception == 2 || m68k_user_stop(m, m->fault_addr_err ? 3 : 2)) {
        /* A group-0 fault while stacking a group-0 frame: the 68000 halts
         * (UM §6.3.2 "double bus fault"), as do the 020+ (020UM §6.1.2). */
        if (!m->cpu.user_mode)
            m->halted = 1;
        m68k_attn(m);
        return;
    }
    if (m->level) {
        /* Put the registers back as they were when the instruction began:
         * the frame restarts it. */
        bool addr_err = m->fault_addr_err;
        memcpy(m->a, m->save_a, sizeof m->a);
        m->sr = m->save_sr;
        m->nwb = 0;
        m->stopped = 0;
        m68k_attn(m);
        m->in_exception = 2;
        m68k_idle(m, 8);
        if (m->level == 4) {
            if (addr_err) {
                uint8_t x[4];
                put32(x, 0, m->fault_addr);
                take_frame(m, 3, 2, m->inst_pc, x, 4);
            } else {
                group0_040(m);
            }
        } else {
            group0_030(m, addr_err);
        }
        m->in_exception = 0;
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

/* 040: writes of the instruction that just completed took access errors.
 * Format $7 with the write-backs (WB3 first, then WB2; 040UM §8.4.6.1); the
 * stacked PC is the next instruction; the handler completes the writes. */
void m68k_take_writeback_fault(m68k_t *m)
{
    uint8_t x[52] = { 0 };
    unsigned n = m->nwb;
    m->nwb = 0;
    m68k_attn(m);
    if (m68k_user_stop(m, 2))
        return;
    const m68k_wb *f = &m->wb[0];
    uint16_t ssw = (uint16_t)((f->fc & 7) | size040(f->size) << 5);
    if (f->atc)
        ssw |= 0x0400;
    put32(x, 0x08 - 8, f->addr);
    put16(x, 0x0c - 8, ssw);
    put32(x, 0x14 - 8, f->addr);
    static const unsigned sts[2] = { 0x0e - 8, 0x10 - 8 }, adr[2] = { 0x18 - 8, 0x20 - 8 };
    for (unsigned i = 0; i < n && i < 2; i++) {
        const m68k_wb *w = &m->wb[i];
        put16(x, sts[i], (uint16_t)(0x80 | size040(w->size) << 5 | (w->fc & 7)));
        put32(x, adr[i], w->addr);
        put32(x, adr[i] + 4, w->data);
    }
    m->in_exception = 2;
    take_frame(m, 2, 7, m->pc - 4, x, sizeof x);
    m->in_exception = 0;
}
