/* cpu/m68k/exec_bit.c — BTST, BCHG, BCLR, BSET with a bit number in Dn or
 * immediate. On a data register the bit number is mod 32 (long), in memory
 * mod 8 (byte) (PRM §4 BTST). Z = the tested bit was zero. */
#include "cpu/m68k/m68k.h"

static void bitop(m68k_t *m, uint16_t op, unsigned bit)
{
    unsigned kind = (op >> 6) & 3;     /* 0 tst, 1 chg, 2 clr, 3 set */
    m68k_ea ea;
    bool dn = ((op >> 3) & 7) == 0;
    unsigned size = dn ? 4 : 1;
    bit &= dn ? 31 : 7;
    uint32_t v = m68k_read_ea(m, op, size, &ea);
    uint32_t b = 1u << bit;
    m->sr = (uint16_t)((v & b) ? (m->sr & ~SR_Z) : (m->sr | SR_Z));
    switch (kind) {
    case 0:
        m68k_prefetch(m);
        if (dn || (ea.mode == 7 && ea.reg == 4))
            m68k_idle(m, 2);
        return;
    case 1: v ^= b; break;
    case 2: v &= ~b; break;
    default: v |= b; break;
    }
    m68k_prefetch(m);
    if (dn)
        m68k_idle(m, (kind == 2 ? 4 : 2) + (bit >= 16 ? 2 : 0));
    m68k_ea_write(m, &ea, size, v);
}

static void op_bit_dyn(m68k_t *m, uint16_t op) { bitop(m, op, m->d[(op >> 9) & 7]); }
static void op_bit_imm(m68k_t *m, uint16_t op) { bitop(m, op, m68k_ext(m) & 0xff); }

const m68k_op_info m68k_ops_bit[] = {
    /* pattern               handler      name    ea */
    { "0000 ---1 00-- ----", op_bit_dyn, "btst",  EA_DATA },
    { "0000 ---1 01-- ----", op_bit_dyn, "bchg",  EA_DALT },
    { "0000 ---1 10-- ----", op_bit_dyn, "bclr",  EA_DALT },
    { "0000 ---1 11-- ----", op_bit_dyn, "bset",  EA_DALT },
    { "0000 1000 00-- ----", op_bit_imm, "btst",  EA_DATA & ~EA_IM },
    { "0000 1000 01-- ----", op_bit_imm, "bchg",  EA_DALT },
    { "0000 1000 10-- ----", op_bit_imm, "bclr",  EA_DALT },
    { "0000 1000 11-- ----", op_bit_imm, "bset",  EA_DALT },
    { NULL }
};
