/* cpu/m68k/exec_alu.c — arithmetic and logic: ADD/SUB/CMP (+A, +I, +Q, +X),
 * NEG/NEGX, AND/OR/EOR/NOT (+I, to CCR/SR), CLR, TST, TAS, MULU/MULS,
 * DIVU/DIVS, ABCD/SBCD/NBCD (PRM §4, condition codes per table 3-18).
 * Read-modify-write to memory prefetches before the final write, as the
 * 68000 microcode does (visible in the vectors' bus transactions). */
#include "cpu/m68k/m68k.h"

enum { OP_ADD, OP_SUB, OP_CMP, OP_AND, OP_OR, OP_EOR };

static void set_ccr_bits(m68k_t *m, uint16_t mask, uint16_t f)
{
    m->sr = (uint16_t)((m->sr & ~mask) | (f & mask));
}

uint32_t m68k_alu_add(m68k_t *m, uint32_t s, uint32_t d, unsigned size, unsigned x, bool addx)
{
    return m68k_add_cc(m, s, d, size, x, addx);
}

uint32_t m68k_alu_sub(m68k_t *m, uint32_t s, uint32_t d, unsigned size, unsigned x,
                      bool subx, bool cmp)
{
    return m68k_sub_cc(m, s, d, size, x, subx, cmp);
}

static uint32_t alu(m68k_t *m, int kind, uint32_t s, uint32_t d, unsigned size)
{
    switch (kind) {
    case OP_ADD: return m68k_alu_add(m, s, d, size, 0, false);
    case OP_SUB: return m68k_alu_sub(m, s, d, size, 0, false, false);
    case OP_CMP: return m68k_alu_sub(m, s, d, size, 0, false, true);
    case OP_AND: d &= s; break;
    case OP_OR:  d |= s; break;
    default:     d ^= s; break;
    }
    m68k_flags_logic(m, d, size);
    return d & m68k_mask(size);
}

/* <ea> op Dn -> Dn (ADD, SUB, CMP, AND, OR: opmode 0..2). */
static void ea_to_dn(m68k_t *m, uint16_t op, int kind)
{
    unsigned size = m68k_size76(op), r = (op >> 9) & 7;
    m68k_ea ea;
    uint32_t s = m68k_read_ea(m, op, size, &ea);
    uint32_t v = alu(m, kind, s, m->d[r], size);
    m68k_prefetch(m);
    if (kind != OP_CMP)
        m68k_set_dn(m, r, size, v);
    if (size == 4) {
        /* UM table 8-4: <ea>,Dn long is 6(+) clocks, 8 from a register or
         * immediate; CMP.l is 6 either way. */
        bool regimm = ((op >> 3) & 7) < 2 || (op & 0x3f) == 0x3c;
        m68k_idle(m, kind != OP_CMP && regimm ? 4 : 2);
    }
}

/* Dn op <ea> -> <ea> (ADD, SUB, AND, OR, EOR: opmode 4..6). */
static void dn_to_ea(m68k_t *m, uint16_t op, int kind)
{
    unsigned size = m68k_size76(op), r = (op >> 9) & 7;
    m68k_ea ea;
    if (kind == OP_EOR && ((op >> 3) & 7) == 0) {
        uint32_t v = alu(m, kind, m->d[r], m->d[op & 7], size);
        m68k_prefetch(m);
        m68k_set_dn(m, op & 7, size, v);
        if (size == 4)
            m68k_idle(m, 4);
        return;
    }
    uint32_t d = m68k_read_ea(m, op, size, &ea);
    uint32_t v = alu(m, kind, m->d[r], d, size);
    m68k_prefetch(m);
    m68k_ea_write(m, &ea, size, v);
}

static void op_add(m68k_t *m, uint16_t op) { (op & 0x100) ? dn_to_ea(m, op, OP_ADD) : ea_to_dn(m, op, OP_ADD); }
static void op_sub(m68k_t *m, uint16_t op) { (op & 0x100) ? dn_to_ea(m, op, OP_SUB) : ea_to_dn(m, op, OP_SUB); }
static void op_and(m68k_t *m, uint16_t op) { (op & 0x100) ? dn_to_ea(m, op, OP_AND) : ea_to_dn(m, op, OP_AND); }
static void op_or(m68k_t *m, uint16_t op)  { (op & 0x100) ? dn_to_ea(m, op, OP_OR) : ea_to_dn(m, op, OP_OR); }
static void op_cmp(m68k_t *m, uint16_t op) { ea_to_dn(m, op, OP_CMP); }
static void op_eor(m68k_t *m, uint16_t op) { dn_to_ea(m, op, OP_EOR); }

/* ADDA/SUBA/CMPA: the source is sign-extended to 32 bits. */
static void op_adda(m68k_t *m, uint16_t op)
{
    unsigned size = (op & 0x100) ? 4 : 2, r = (op >> 9) & 7;
    m68k_ea ea;
    uint32_t s = m68k_sext(m68k_read_ea(m, op, size, &ea), size);
    unsigned kind = op >> 12;
    m68k_prefetch(m);
    if (kind == 0xb) {
        m68k_alu_sub(m, s, m->a[r], 4, 0, false, true);
        m68k_idle(m, 2);
        return;
    }
    m->a[r] = kind == 0xd ? m->a[r] + s : m->a[r] - s;
    bool regimm = ((op >> 3) & 7) < 2 || (op & 0x3f) == 0x3c;
    m68k_idle(m, size == 2 || regimm ? 4 : 2);
}

/* ADDX/SUBX: Dy,Dx or -(Ay),-(Ax). */
static void op_addx(m68k_t *m, uint16_t op)
{
    unsigned size = m68k_size76(op), rx = (op >> 9) & 7, ry = op & 7;
    bool add = (op >> 12) == 0xd;
    unsigned x = (m->sr & SR_X) ? 1 : 0;
    if (!(op & 8)) {
        uint32_t v = add ? m68k_alu_add(m, m->d[ry], m->d[rx], size, x, true)
                         : m68k_alu_sub(m, m->d[ry], m->d[rx], size, x, true, false);
        m68k_prefetch(m);
        m68k_set_dn(m, rx, size, v);
        if (size == 4)
            m68k_idle(m, 4);
        return;
    }
    if (size == 4) {
        /* Long -(An): low word first, An stepping by 2 per word; a fault
         * on the first word leaves An unchanged and names An-2. */
        m68k_idle(m, 2);
        m->ae_pc_adj = 0;
        uint32_t s = m68k_read16(m, m->a[ry] - 2);
        m->a[ry] -= 2;
        s |= (uint32_t)m68k_read16(m, m->a[ry] - 2) << 16;
        m->a[ry] -= 2;
        uint32_t d = m68k_read16(m, m->a[rx] - 2);
        m->a[rx] -= 2;
        d |= (uint32_t)m68k_read16(m, m->a[rx] - 2) << 16;
        m->a[rx] -= 2;
        uint32_t v = add ? m68k_alu_add(m, s, d, 4, x, true)
                         : m68k_alu_sub(m, s, d, 4, x, true, false);
        m68k_prefetch(m);
        m68k_write16(m, m->a[rx] + 2, (uint16_t)v);
        m68k_write16(m, m->a[rx], (uint16_t)(v >> 16));
        return;
    }
    m68k_ea src, dst;
    m68k_ea_decode(m, &src, 4, ry, size);
    uint32_t s = m68k_ea_read(m, &src, size);
    m68k_ea_decode(m, &dst, 4, rx, size);
    m->cyc -= 2;   /* only the first -(An) calculation takes time */
    uint32_t d = m68k_ea_read(m, &dst, size);
    uint32_t v = add ? m68k_alu_add(m, s, d, size, x, true)
                     : m68k_alu_sub(m, s, d, size, x, true, false);
    m68k_prefetch(m);
    m68k_ea_write(m, &dst, size, v);
}

/* CMPM's (An)+ steps An before each word read: a long read that faults
 * has already moved An by 2 (as the vectors show). */
static uint32_t cmpm_read(m68k_t *m, unsigned r, unsigned size, bool first)
{
    uint32_t addr = m->a[r];
    uint32_t step = size == 1 ? (r == 7 ? 2 : 1) : 2;
    if (first)
        m->a[r] += step;
    uint32_t v = size == 1 ? m68k_read8(m, addr) : m68k_read16(m, addr);
    if (!first)
        m->a[r] += step;
    if (size == 4) {
        m->a[r] += 2;
        v = v << 16 | m68k_read16(m, addr + 2);
    }
    return v;
}

/* CMPM (Ay)+,(Ax)+ */
static void op_cmpm(m68k_t *m, uint16_t op)
{
    unsigned size = m68k_size76(op);
    m->ae_pc_adj = 0;
    uint32_t s = cmpm_read(m, op & 7, size, true);
    uint32_t d = cmpm_read(m, (op >> 9) & 7, size, false);
    m68k_alu_sub(m, s, d, size, 0, false, true);
    m68k_prefetch(m);
}

/* Immediate to <ea>: ORI ANDI SUBI ADDI EORI CMPI. */
void m68k_op_imm(m68k_t *m, uint16_t op)
{
    static const int kinds[8] = { OP_OR, OP_AND, OP_SUB, OP_ADD, -1, OP_EOR, OP_CMP, -1 };
    int kind = kinds[(op >> 9) & 7];
    unsigned size = m68k_size76(op);
    uint32_t imm = size == 4 ? m68k_ext32(m) : (m68k_ext(m) & m68k_mask(size));
    m68k_ea ea;
    uint32_t d = m68k_read_ea(m, op, size, &ea);
    uint32_t v = alu(m, kind, imm, d, size);
    m68k_prefetch(m);
    if (kind == OP_CMP) {
        if (size == 4 && ea.mode == 0)
            m68k_idle(m, 2);
        return;
    }
    m68k_ea_write(m, &ea, size, v);
    if (size == 4 && ea.mode == 0)
        m68k_idle(m, 4);
}

/* ORI/ANDI/EORI to CCR and SR (SR forms are privileged). */
static void op_imm_sr(m68k_t *m, uint16_t op)
{
    bool sr = op & 0x40;
    if (sr && !m68k_super(m)) {
        m68k_privilege_violation(m);
        return;
    }
    uint16_t imm = m68k_ext(m);
    uint16_t v = m->sr;
    switch ((op >> 9) & 7) {
    case 0: v |= imm; break;
    case 1: v &= imm; break;
    default: v ^= imm; break;
    }
    if (sr)
        m68k_set_sr(m, v);
    else
        m68k_set_ccr(m, (uint8_t)v);
    m68k_idle(m, 12);
    m68k_prefetch(m);
}

/* ADDQ/SUBQ #1-8,<ea>; to An the whole register changes, no flags. */
static void op_addq(m68k_t *m, uint16_t op)
{
    unsigned size = m68k_size76(op);
    uint32_t q = (op >> 9) & 7;
    if (!q)
        q = 8;
    bool sub = op & 0x100;
    if (((op >> 3) & 7) == 1) {
        unsigned r = op & 7;
        m->a[r] = sub ? m->a[r] - q : m->a[r] + q;
        m68k_prefetch(m);
        m68k_idle(m, 4);
        return;
    }
    m68k_ea ea;
    uint32_t d = m68k_read_ea(m, op, size, &ea);
    uint32_t v = sub ? m68k_alu_sub(m, q, d, size, 0, false, false)
                     : m68k_alu_add(m, q, d, size, 0, false);
    m68k_prefetch(m);
    m68k_ea_write(m, &ea, size, v);
    if (size == 4 && ea.mode == 0)
        m68k_idle(m, 4);
}

static void op_neg(m68k_t *m, uint16_t op)
{
    unsigned size = m68k_size76(op);
    bool negx = !(op & 0x400);
    m68k_ea ea;
    uint32_t d = m68k_read_ea(m, op, size, &ea);
    uint32_t v = m68k_alu_sub(m, d, 0, size, negx && (m->sr & SR_X) ? 1 : 0, negx, false);
    m68k_prefetch(m);
    m68k_ea_write(m, &ea, size, v);
    if (size == 4 && ea.mode == 0)
        m68k_idle(m, 2);
}

static void op_not(m68k_t *m, uint16_t op)
{
    unsigned size = m68k_size76(op);
    m68k_ea ea;
    uint32_t v = ~m68k_read_ea(m, op, size, &ea);
    m68k_flags_logic(m, v, size);
    m68k_prefetch(m);
    m68k_ea_write(m, &ea, size, v);
    if (size == 4 && ea.mode == 0)
        m68k_idle(m, 2);
}

/* CLR reads its operand before writing zero (a 68000 quirk, UM §8 note). */
static void op_clr(m68k_t *m, uint16_t op)
{
    unsigned size = m68k_size76(op);
    m68k_ea ea;
    if (m->level)
        m68k_ea_decode_op(m, op, size, &ea);   /* the 68020+ do not read */
    else
        m68k_read_ea(m, op, size, &ea);
    m68k_flags_logic(m, 0, size);
    m68k_prefetch(m);
    m68k_ea_write(m, &ea, size, 0);
    if (size == 4 && ea.mode == 0)
        m68k_idle(m, 2);
}

void m68k_op_tst(m68k_t *m, uint16_t op)
{
    unsigned size = m68k_size76(op);
    m68k_ea ea;
    m68k_flags_logic(m, m68k_read_ea(m, op, size, &ea), size);
    m68k_prefetch(m);
}

/* TAS: read-modify-write cycle; sets bit 7. */
static void op_tas(m68k_t *m, uint16_t op)
{
    m68k_ea ea;
    uint32_t v = m68k_read_ea(m, op, 1, &ea);
    m68k_flags_logic(m, v, 1);
    if (ea.mode == 0) {
        m68k_set_dn(m, ea.reg, 1, v | 0x80);
    } else {
        m68k_idle(m, 2);
        m68k_ea_write(m, &ea, 1, v | 0x80);
    }
    m68k_prefetch(m);
}

/* MULU/MULS <ea>,Dn: 16x16 -> 32. Time 38 + 2n (UM table 8-4 notes). */
static void op_mul(m68k_t *m, uint16_t op)
{
    bool sign = op & 0x100;
    unsigned r = (op >> 9) & 7;
    m68k_ea ea;
    uint32_t s = m68k_read_ea(m, op, 2, &ea);
    uint32_t res;
    unsigned n = 0;
    if (sign) {
        res = (uint32_t)((int32_t)(int16_t)s * (int32_t)(int16_t)m->d[r]);
        uint32_t x = (s << 1) & 0x1ffff;   /* count 01/10 pairs */
        for (int i = 0; i < 16; i++, x >>= 1)
            if (((x & 3) == 1) || ((x & 3) == 2))
                n++;
    } else {
        res = (s & 0xffff) * (m->d[r] & 0xffff);
        for (uint32_t x = s & 0xffff; x; x &= x - 1)
            n++;
    }
    m->d[r] = res;
    m68k_flags_logic(m, res, 4);
    m68k_prefetch(m);
    m68k_idle(m, 34 + 2 * n);
}

/* DIVU/DIVS <ea>,Dn: 32/16 -> 16r:16q. Zero divisor: trap 5. Overflow sets V
 * and leaves Dn unchanged (PRM DIVS/DIVU). */
/* Clocks of DIVU/DIVS without the operand fetch, following the shift-
 * subtract microcode loop as analysed in J. Cwik, "68000 divide timing"
 * (2014): one pass per quotient bit, 2 more clocks when a pass does not
 * subtract. Overflow found by the first comparison ends early. */
static unsigned divu_clocks(uint32_t dividend, uint16_t divisor)
{
    if ((dividend >> 16) >= divisor)
        return 10;
    unsigned half = 38;
    uint32_t hdiv = (uint32_t)divisor << 16;
    for (int i = 0; i < 15; i++) {
        uint32_t before = dividend;
        dividend <<= 1;
        if (before & 0x80000000u) {
            dividend -= hdiv;
        } else {
            half += 2;
            if (dividend >= hdiv) {
                dividend -= hdiv;
                half--;
            }
        }
    }
    return half * 2;
}

static unsigned divs_clocks(int32_t dividend, int16_t divisor)
{
    unsigned half = dividend < 0 ? 7 : 6;
    uint32_t adend = dividend < 0 ? -(uint32_t)dividend : (uint32_t)dividend;
    uint32_t asor = divisor < 0 ? (uint32_t)-(int32_t)divisor : (uint32_t)divisor;
    if ((adend >> 16) >= asor)
        return (half + 2) * 2;
    uint32_t aquot = adend / asor;
    half += 55;
    if (divisor >= 0)
        half += dividend >= 0 ? -1u : 1u;
    for (int i = 0; i < 15; i++) {
        if (!(aquot & 0x8000))
            half++;
        aquot <<= 1;
    }
    return half * 2;
}

static void op_div(m68k_t *m, uint16_t op)
{
    bool sign = op & 0x100;
    unsigned r = (op >> 9) & 7;
    m68k_ea ea;
    uint32_t s = m68k_read_ea(m, op, 2, &ea) & 0xffff;
    uint32_t d = m->d[r];
    if (!s) {
        /* MAME: N and Z from the dividend's sign, V and C clear. */
        m->sr &= (uint16_t)~(SR_N | SR_Z | SR_V | SR_C);
        m68k_idle(m, 4);
        m68k_exception2(m, 5, m->pc - 2, m->inst_pc);
        return;
    }
    if (!sign) {
        uint32_t q = d / s, rem = d % s;
        if (q > 0xffff) {
            m->sr = (uint16_t)((m->sr & ~(SR_N | SR_Z | SR_V | SR_C)) | SR_V | SR_N);
        } else {
            m->d[r] = rem << 16 | q;
            m68k_flags_logic(m, q, 2);
        }
        m68k_idle(m, divu_clocks(d, (uint16_t)s) - 4);
    } else {
        int32_t dd = (int32_t)d, ss = (int16_t)s;
        if (dd == INT32_MIN && ss == -1) {
            m->sr = (uint16_t)((m->sr & ~(SR_N | SR_Z | SR_V | SR_C)) | SR_V | SR_N);
        } else {
            int32_t q = dd / ss, rem = dd % ss;
            if (q > 32767 || q < -32768) {
                m->sr = (uint16_t)((m->sr & ~(SR_N | SR_Z | SR_V | SR_C)) | SR_V | SR_N);
            } else {
                m->d[r] = (uint32_t)(uint16_t)rem << 16 | (uint16_t)q;
                m68k_flags_logic(m, (uint32_t)q, 2);
            }
        }
        m68k_idle(m, divs_clocks((int32_t)d, (int16_t)s) - 4);
    }
    m68k_prefetch(m);
}

/* BCD (PRM ABCD/SBCD/NBCD): X and C carry, Z cleared if non-zero; N and V
 * follow the 68000's adder (MSB of result; V from the decimal correction). */
static uint8_t bcd_add(m68k_t *m, uint8_t s, uint8_t d)
{
    unsigned x = (m->sr & SR_X) ? 1 : 0;
    unsigned lo = (s & 0xf) + (d & 0xf) + x;
    unsigned bin = s + d + x;
    unsigned res = bin;
    if (lo > 9)
        res += 6;
    /* The decimal carry comes from the binary sum (MAME's microcode). */
    bool carry = bin > 0x99;
    if (carry)
        res += 0x60;
    uint16_t f = m->sr & SR_Z;
    if (carry)
        f |= SR_C | SR_X;
    if ((res & 0xff))
        f &= (uint16_t)~SR_Z;
    if (res & 0x80)
        f |= SR_N;
    if (~bin & res & 0x80)
        f |= SR_V;
    set_ccr_bits(m, 0x1f, f);
    return (uint8_t)res;
}

static uint8_t bcd_sub(m68k_t *m, uint8_t s, uint8_t d)
{
    unsigned x = (m->sr & SR_X) ? 1 : 0;
    int lo = (d & 0xf) - (s & 0xf) - (int)x;
    int bin = d - s - (int)x;
    int res = bin;
    if (lo < 0)
        res -= 6;
    bool borrow = bin < 0;
    if (borrow)
        res -= 0x60;
    uint16_t f = m->sr & SR_Z;
    if (borrow || res < 0)
        f |= SR_C | SR_X;
    if (res & 0xff)
        f &= (uint16_t)~SR_Z;
    if (res & 0x80)
        f |= SR_N;
    if (bin & ~res & 0x80)
        f |= SR_V;
    set_ccr_bits(m, 0x1f, f);
    return (uint8_t)res;
}

static void op_abcd(m68k_t *m, uint16_t op)
{
    bool add = (op >> 12) == 0xc;
    unsigned rx = (op >> 9) & 7, ry = op & 7;
    if (!(op & 8)) {
        uint8_t v = add ? bcd_add(m, (uint8_t)m->d[ry], (uint8_t)m->d[rx])
                        : bcd_sub(m, (uint8_t)m->d[ry], (uint8_t)m->d[rx]);
        m68k_prefetch(m);
        m68k_set_dn(m, rx, 1, v);
        m68k_idle(m, 2);
        return;
    }
    m68k_ea src, dst;
    m68k_ea_decode(m, &src, 4, ry, 1);
    uint8_t s = (uint8_t)m68k_ea_read(m, &src, 1);
    m68k_ea_decode(m, &dst, 4, rx, 1);
    uint8_t d = (uint8_t)m68k_ea_read(m, &dst, 1);
    uint8_t v = add ? bcd_add(m, s, d) : bcd_sub(m, s, d);
    m->cyc -= 2;
    m68k_prefetch(m);
    m68k_ea_write(m, &dst, 1, v);
}

static void op_nbcd(m68k_t *m, uint16_t op)
{
    m68k_ea ea;
    uint8_t d = (uint8_t)m68k_read_ea(m, op, 1, &ea);
    uint8_t v = bcd_sub(m, d, 0);
    m68k_prefetch(m);
    m68k_ea_write(m, &ea, 1, v);
    if (ea.mode == 0)
        m68k_idle(m, 2);
}

const m68k_op_info m68k_ops_alu[] = {
    /* pattern               handler     name     ea          ea2 flags */
    { "0000 0000 0011 1100", op_imm_sr, "ori",    0 },        /* to CCR */
    { "0000 0000 0111 1100", op_imm_sr, "ori",    0 },        /* to SR */
    { "0000 0010 0011 1100", op_imm_sr, "andi",   0 },
    { "0000 0010 0111 1100", op_imm_sr, "andi",   0 },
    { "0000 1010 0011 1100", op_imm_sr, "eori",   0 },
    { "0000 1010 0111 1100", op_imm_sr, "eori",   0 },
    { "0000 0000 ---- ----", m68k_op_imm,    "ori",    EA_DALT, 0, OPF_SIZE76 },
    { "0000 0010 ---- ----", m68k_op_imm,    "andi",   EA_DALT, 0, OPF_SIZE76 },
    { "0000 0100 ---- ----", m68k_op_imm,    "subi",   EA_DALT, 0, OPF_SIZE76 },
    { "0000 0110 ---- ----", m68k_op_imm,    "addi",   EA_DALT, 0, OPF_SIZE76 },
    { "0000 1010 ---- ----", m68k_op_imm,    "eori",   EA_DALT, 0, OPF_SIZE76 },
    { "0000 1100 ---- ----", m68k_op_imm,    "cmpi",   EA_DALT, 0, OPF_SIZE76 },
    { "0100 0000 ---- ----", op_neg,    "negx",   EA_DALT, 0, OPF_SIZE76 },
    { "0100 0010 ---- ----", op_clr,    "clr",    EA_DALT, 0, OPF_SIZE76 },
    { "0100 0100 ---- ----", op_neg,    "neg",    EA_DALT, 0, OPF_SIZE76 },
    { "0100 0110 ---- ----", op_not,    "not",    EA_DALT, 0, OPF_SIZE76 },
    { "0100 1000 00-- ----", op_nbcd,   "nbcd",   EA_DALT },
    { "0100 1010 11-- ----", op_tas,    "tas",    EA_DALT },
    { "0100 1010 ---- ----", m68k_op_tst,    "tst",    EA_DALT, 0, OPF_SIZE76 },
    { "0101 ---0 ---- ----", op_addq,   "addq",   EA_ALT,  0, OPF_SIZE76 },
    { "0101 ---1 ---- ----", op_addq,   "subq",   EA_ALT,  0, OPF_SIZE76 },
    { "1000 ---0 11-- ----", op_div,    "divu",   EA_DATA },
    { "1000 ---1 11-- ----", op_div,    "divs",   EA_DATA },
    { "1000 ---1 0000 ----", op_abcd,   "sbcd",   0 },
    { "1000 ---0 ---- ----", op_or,     "or",     EA_DATA, 0, OPF_SIZE76 },
    { "1000 ---1 ---- ----", op_or,     "or",     EA_ALTMEM, 0, OPF_SIZE76 },
    { "1001 ---- 11-- ----", op_adda,   "suba",   EA_ALL },
    { "1001 ---1 --00 ----", op_addx,   "subx",   0,       0, OPF_SIZE76 },
    { "1001 ---0 ---- ----", op_sub,    "sub",    EA_ALL,  0, OPF_SIZE76 },
    { "1001 ---1 ---- ----", op_sub,    "sub",    EA_ALTMEM, 0, OPF_SIZE76 },
    { "1011 ---- 11-- ----", op_adda,   "cmpa",   EA_ALL },
    { "1011 ---1 --00 1---", op_cmpm,   "cmpm",   0,       0, OPF_SIZE76 },
    { "1011 ---0 ---- ----", op_cmp,    "cmp",    EA_ALL,  0, OPF_SIZE76 },
    { "1011 ---1 ---- ----", op_eor,    "eor",    EA_DALT, 0, OPF_SIZE76 },
    { "1100 ---0 11-- ----", op_mul,    "mulu",   EA_DATA },
    { "1100 ---1 11-- ----", op_mul,    "muls",   EA_DATA },
    { "1100 ---1 0000 ----", op_abcd,   "abcd",   0 },
    { "1100 ---0 ---- ----", op_and,    "and",    EA_DATA, 0, OPF_SIZE76 },
    { "1100 ---1 ---- ----", op_and,    "and",    EA_ALTMEM, 0, OPF_SIZE76 },
    { "1101 ---- 11-- ----", op_adda,   "adda",   EA_ALL },
    { "1101 ---1 --00 ----", op_addx,   "addx",   0,       0, OPF_SIZE76 },
    { "1101 ---0 ---- ----", op_add,    "add",    EA_ALL,  0, OPF_SIZE76 },
    { "1101 ---1 ---- ----", op_add,    "add",    EA_ALTMEM, 0, OPF_SIZE76 },
    { NULL }
};
