/* cpu/m68k/exec_shift.c — ASL/ASR, LSL/LSR, ROXL/ROXR, ROL/ROR on data
 * registers (count 1-8 immediate or Dn mod 64) and on memory words (count 1)
 * (PRM §4 and table 3-18). Time: 6+2n clocks, 8+2n for long (UM table 8-7). */
#include "cpu/m68k/m68k.h"

enum { SH_AS, SH_LS, SH_ROX, SH_RO };

static uint32_t shift(m68k_t *m, unsigned type, bool left, uint32_t v, unsigned count,
                      unsigned size)
{
    uint32_t mask = m68k_mask(size), msb = m68k_msb(size);
    v &= mask;
    unsigned x = (m->sr & SR_X) ? 1 : 0;
    unsigned c = 0;
    bool ovf = false;
    uint16_t keep_x = m->sr & SR_X;
    for (unsigned i = 0; i < count; i++) {
        unsigned out = left ? (v & msb) != 0 : (v & 1);
        uint32_t in;
        switch (type) {
        case SH_AS:
            in = left ? 0 : (v & msb);
            break;
        case SH_LS:
            in = 0;
            break;
        case SH_ROX:
            in = left ? x : (x ? msb : 0);
            break;
        default:
            in = left ? out : (out ? msb : 0);
            break;
        }
        uint32_t nv = left ? ((v << 1) & mask) | in : (v >> 1) | in;
        if (type == SH_AS && left && ((nv ^ v) & msb))
            ovf = true;
        v = nv & mask;
        c = out;
        x = out;
    }
    uint16_t f = 0;
    if (v & msb)
        f |= SR_N;
    if (!v)
        f |= SR_Z;
    if (ovf)
        f |= SR_V;
    if (count == 0) {
        if (type == SH_ROX && keep_x)
            f |= SR_C;
        f |= keep_x;
    } else {
        if (c)
            f |= SR_C;
        if (type != SH_RO)
            f |= c ? SR_X : 0;
        else
            f |= keep_x;
    }
    m->sr = (uint16_t)((m->sr & ~0x1f) | f);
    return v;
}

static void op_shift_reg(m68k_t *m, uint16_t op)
{
    unsigned size = m68k_size76(op), r = op & 7;
    unsigned cnt = (op >> 9) & 7;
    if (op & 0x20)
        cnt = m->d[cnt] & 63;
    else if (!cnt)
        cnt = 8;
    uint32_t v = shift(m, (op >> 3) & 3, op & 0x100, m->d[r], cnt, size);
    m68k_prefetch(m);
    m68k_set_dn(m, r, size, v);
    m68k_idle(m, (size == 4 ? 4 : 2) + 2 * cnt);
}

static void op_shift_mem(m68k_t *m, uint16_t op)
{
    m68k_ea ea;
    uint32_t v = m68k_read_ea(m, op, 2, &ea);
    v = shift(m, (op >> 9) & 3, op & 0x100, v, 1, 2);
    m68k_prefetch(m);
    m68k_ea_write(m, &ea, 2, v);
}

const m68k_op_info m68k_ops_shift[] = {
    /* pattern               handler        name    ea */
    { "1110 0000 11-- ----", op_shift_mem, "asr",   EA_ALTMEM },
    { "1110 0001 11-- ----", op_shift_mem, "asl",   EA_ALTMEM },
    { "1110 0010 11-- ----", op_shift_mem, "lsr",   EA_ALTMEM },
    { "1110 0011 11-- ----", op_shift_mem, "lsl",   EA_ALTMEM },
    { "1110 0100 11-- ----", op_shift_mem, "roxr",  EA_ALTMEM },
    { "1110 0101 11-- ----", op_shift_mem, "roxl",  EA_ALTMEM },
    { "1110 0110 11-- ----", op_shift_mem, "ror",   EA_ALTMEM },
    { "1110 0111 11-- ----", op_shift_mem, "rol",   EA_ALTMEM },
    { "1110 ---- ---- ----", op_shift_reg, "shift", 0, 0, OPF_SIZE76 },
    { NULL }
};
