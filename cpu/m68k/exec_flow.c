/* cpu/m68k/exec_flow.c — program control and system instructions: Bcc,
 * BRA, BSR, DBcc, Scc, JMP, JSR, RTS, RTE, RTR, TRAP, TRAPV, CHK, NOP,
 * RESET, STOP, ILLEGAL (PRM §4, conditions per table 3-19). Branch targets
 * are relative to the address of the word after the opcode. */
#include "cpu/m68k/m68k.h"

static void op_bcc(m68k_t *m, uint16_t op)
{
    uint32_t base = m->pc - 2;
    uint32_t disp = (uint32_t)(int32_t)(int8_t)op;
    unsigned cc = (op >> 8) & 15;
    bool word = (op & 0xff) == 0;
    if (cc == 1) {                          /* BSR */
        if (word)
            disp = (uint32_t)(int32_t)(int16_t)m68k_irc(m);
        uint32_t ret = word ? base + 2 : base;
        m68k_idle(m, 2);
        m68k_push32(m, ret);
        m->ae_abs = 1;
        m->ae_pc = base + disp;
        m68k_jump(m, base + disp);
        return;
    }
    if (m68k_cond(m, cc)) {
        if (word)
            disp = (uint32_t)(int32_t)(int16_t)m68k_irc(m);
        m68k_idle(m, 2);
        m->ae_abs = 1;
        m->ae_pc = base;
        m68k_jump(m, base + disp);
        return;
    }
    m68k_idle(m, 4);
    if (word)
        m68k_ext(m);
    m68k_prefetch(m);
}

static void op_dbcc(m68k_t *m, uint16_t op)
{
    uint32_t base = m->pc - 2;
    uint32_t disp = (uint32_t)(int32_t)(int16_t)m68k_irc(m);
    unsigned r = op & 7;
    if (m68k_cond(m, (op >> 8) & 15)) {
        m68k_idle(m, 4);
        m68k_ext(m);
        m68k_prefetch(m);
        return;
    }
    uint16_t cnt = (uint16_t)(m->d[r] - 1);
    if (cnt != 0xffff) {
        /* The counter is written after the target fetch: an address
         * error there leaves Dn unchanged. */
        m68k_idle(m, 2);
        m->ae_abs = 1;
        m->ae_pc = base + 2;
        m68k_jump(m, base + disp);
        m68k_set_dn(m, r, 2, cnt);
        return;
    }
    m68k_set_dn(m, r, 2, cnt);
    m68k_idle(m, 2);
    m68k_ext(m);
    m68k_prefetch(m);
}

static void op_scc(m68k_t *m, uint16_t op)
{
    m68k_ea ea;
    bool t = m68k_cond(m, (op >> 8) & 15);
    if (m->level)
        m68k_ea_decode_op(m, op, 1, &ea);
    else
        m68k_read_ea(m, op, 1, &ea); /* the 68000 reads before writing */
    m68k_prefetch(m);
    m68k_ea_write(m, &ea, 1, t ? 0xff : 0);
    if (ea.mode == 0 && t)
        m68k_idle(m, 2);
}

/* JMP/JSR: the queue is reloaded from the target, so the refill after the
 * last extension word is not fetched (UM table 8-11 timings). */
static void skip_refill(m68k_t *m, uint16_t op)
{
    unsigned mode = (op >> 3) & 7;
    if (mode == 7 && (op & 7) == 1)
        m->cyc -= 4;               /* abs.l: 12 clocks for JMP */
    else if (mode >= 5)
        m->cyc -= 2;
    if (mode == 6 || (mode == 7 && (op & 7) == 3))
        m68k_idle(m, 2);
}

static void op_jmp(m68k_t *m, uint16_t op)
{
    m68k_ea ea;
    m68k_ea_decode(m, &ea, (op >> 3) & 7, op & 7, 4);
    skip_refill(m, op);
    m->ae_abs = 1;
    m->ae_pc = m->inst_pc + 2;
    m68k_jump(m, ea.addr);
}

static void op_jsr(m68k_t *m, uint16_t op)
{
    m68k_ea ea;
    m68k_ea_decode(m, &ea, (op >> 3) & 7, op & 7, 4);
    /* The first word at the target is fetched before the return address
     * is pushed (an odd target faults with nothing pushed). */
    uint32_t ret = m->pc - 2;
    skip_refill(m, op);
    m->ae_abs = 1;
    m->ae_pc = ret;
    m->qbad = 0;
    m->jumped = 1;
    m->pc = ea.addr;
    m->irc = m68k_fetch_word(m, m->pc);
    m->pc += 2;
    m68k_push32(m, ret);
    m68k_prefetch(m);
}

static void op_rts(m68k_t *m, uint16_t op)
{
    uint32_t pc = m68k_pop32(m);
    m->ae_abs = 1;
    m->ae_pc = m->inst_pc + 2;
    m68k_jump(m, pc);
}

static void op_rtr(m68k_t *m, uint16_t op)
{
    uint16_t ccr = m68k_pop16(m);
    uint32_t pc = m68k_pop32(m);
    m68k_set_ccr(m, (uint8_t)ccr);
    m->ae_abs = 1;
    m->ae_pc = m->inst_pc + 2;
    m68k_jump(m, pc);
}

static void op_rte(m68k_t *m, uint16_t op)
{
    if (!m68k_super(m)) {
        m68k_privilege_violation(m);
        return;
    }
    if (m->level) {
        m68k_rte(m);
        return;
    }
    uint32_t sp = m->a[7];
    uint16_t sr = m68k_read16(m, sp);
    uint32_t pc = m68k_read32(m, sp + 2);
    m->a[7] = sp + 6;
    m68k_set_sr(m, sr);
    m->ae_abs = 1;
    m->ae_pc = m->inst_pc + 2;
    m68k_jump(m, pc);
}

static void op_trap(m68k_t *m, uint16_t op)
{
    m68k_idle(m, 4);
    m68k_exception(m, 32 + (op & 15), m->pc - 2);
}

static void op_trapv(m68k_t *m, uint16_t op)
{
    if (m->sr & SR_V) {
        m68k_idle(m, 4);
        m68k_exception2(m, 7, m->pc - 2, m->inst_pc);
        return;
    }
    m68k_prefetch(m);
}

/* CHK <ea>,Dn (word): trap 6 if Dn < 0 or Dn > bound. */
static void op_chk(m68k_t *m, uint16_t op)
{
    m68k_ea ea;
    int16_t bound = (int16_t)m68k_read_ea(m, op, 2, &ea);
    int16_t v = (int16_t)m->d[(op >> 9) & 7];
    m68k_idle(m, 6);
    uint16_t f = m->sr & (uint16_t)~(SR_N | SR_Z | SR_V | SR_C);
    if (!v)
        f |= SR_Z;
    /* Dn > bound traps first; Dn < 0 is found 2 clocks later unless the
     * 16-bit difference Dn - bound came out positive (as the vectors time
     * it: MAME's microcode branches on that difference). */
    unsigned late = (v > bound || (int16_t)(uint16_t)(v - bound) > 0) ? 2 : 4;
    if (v < 0) {
        m->sr = f | SR_N;
        m68k_idle(m, late);
        m68k_exception2(m, 6, m->pc - 2, m->inst_pc);
        return;
    }
    if (v > bound) {
        m->sr = f;
        m68k_idle(m, late);
        m68k_exception2(m, 6, m->pc - 2, m->inst_pc);
        return;
    }
    m->sr = f;
    m68k_prefetch(m);
}

static void op_nop(m68k_t *m, uint16_t op) { m68k_prefetch(m); }

static void op_reset(m68k_t *m, uint16_t op)
{
    if (!m68k_super(m)) {
        m68k_privilege_violation(m);
        return;
    }
    /* Asserts RESET for 124 clocks (UM §5.1.4); external devices are not
     * reset through a port yet. */
    m68k_idle(m, 128);
    m68k_prefetch(m);
}

static void op_stop(m68k_t *m, uint16_t op)
{
    if (!m68k_super(m)) {
        m68k_privilege_violation(m);
        return;
    }
    /* The immediate is taken from IRC without a refill (as the vectors show). */
    m68k_set_sr(m, m68k_irc(m));
    m68k_idle(m, 4);
    m->stopped = 1;
    m68k_attn(m);
}

static void op_illegal(m68k_t *m, uint16_t op) { m68k_illegal(m, 4); }

const m68k_op_info m68k_ops_flow[] = {
    /* pattern               handler    name      ea */
    { "0100 1010 1111 1100", op_illegal, "illegal", 0 },
    { "0100 1110 0100 ----", op_trap,  "trap",    0 },
    { "0100 1110 0111 0000", op_reset, "reset",   0 },
    { "0100 1110 0111 0001", op_nop,   "nop",     0 },
    { "0100 1110 0111 0010", op_stop,  "stop",    0 },
    { "0100 1110 0111 0011", op_rte,   "rte",     0 },
    { "0100 1110 0111 0101", op_rts,   "rts",     0 },
    { "0100 1110 0111 0110", op_trapv, "trapv",   0 },
    { "0100 1110 0111 0111", op_rtr,   "rtr",     0 },
    { "0100 1110 10-- ----", op_jsr,   "jsr",     EA_CTRL },
    { "0100 1110 11-- ----", op_jmp,   "jmp",     EA_CTRL },
    { "0100 ---1 10-- ----", op_chk,   "chk",     EA_DATA },
    { "0101 ---- 1100 1---", op_dbcc,  "dbcc",    0 },
    { "0101 ---- 11-- ----", op_scc,   "scc",     EA_DALT },
    { "0110 ---- ---- ----", op_bcc,   "bcc",     0 },
    { NULL }
};
