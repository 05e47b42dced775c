/* cpu/m68k/exec_020.c — what the 68010/68020 add to the 68000's integer
 * instruction set (PRM §4, each instruction's page; 020UM §1.3 for the
 * control registers): bit fields (BFTST … BFINS), CAS/CAS2, CHK2/CMP2,
 * MULS/MULU.L and DIVS/DIVU.L (32- and 64-bit forms), PACK/UNPK, EXTB.L,
 * LINK.L, RTD, TRAPcc, BKPT, MOVES, MOVEC, MOVE from CCR, CHK.L, Bcc.L, and
 * the 020's wider addressing for TST and CMPI. The 68000 handlers serve the
 * rest (decode.c puts these first in the 020+ tables).
 *
 * Not modelled: CALLM/RTM (68020 only; no Motorola OS uses the module
 * mechanism) take the illegal-instruction exception; BKPT has no
 * breakpoint-acknowledge responder, so it takes illegal instruction, as a
 * system without one does (020UM §6.1.7).
 * Timing (approximate, before the 020+ scaling): bus cycles as everywhere,
 * plus the internal clocks named at each handler. */
#include "cpu/m68k/m68k.h"

/* ---- bit fields (PRM BFxxx, §2.2 "bit field operations") -------------------- */

enum { BF_TST, BF_EXTU, BF_CHG, BF_EXTS, BF_CLR, BF_FFO, BF_SET, BF_INS };

static void op_bitfield(m68k_t *m, uint16_t op)
{
    unsigned kind = (op >> 8) & 7;
    uint16_t ext = m68k_ext(m);
    unsigned reg = (ext >> 12) & 7;
    int32_t offset = (ext & 0x0800) ? (int32_t)m->d[(ext >> 6) & 7] : (int32_t)((ext >> 6) & 31);
    unsigned width = (ext & 0x0020) ? m->d[ext & 7] & 31 : ext & 31;
    if (!width)
        width = 32;
    uint32_t wmask = width == 32 ? 0xffffffffu : (1u << width) - 1;
    uint32_t field, ins = m->d[reg] & wmask;
    unsigned mode = (op >> 3) & 7;
    m68k_ea ea;
    uint64_t word = 0;
    unsigned nbytes = 0, shift = 0;
    uint32_t addr = 0;
    if (mode == 0) {
        unsigned off = (unsigned)offset & 31;
        uint32_t d = m->d[op & 7];
        uint32_t rot = off ? (d << off) | (d >> (32 - off)) : d;
        field = width == 32 ? rot : rot >> (32 - width);
    } else {
        m68k_ea_decode(m, &ea, mode, op & 7, 1);
        addr = ea.addr + (uint32_t)(offset >> 3);
        unsigned bitoff = (unsigned)offset & 7;
        nbytes = (bitoff + width + 7) / 8;
        for (unsigned i = 0; i < nbytes; i++)
            word = word << 8 | m68k_read8(m, addr + i);
        shift = nbytes * 8 - bitoff - width;
        field = (uint32_t)(word >> shift) & wmask;
    }
    uint32_t shown = kind == BF_INS ? ins : field;
    uint16_t f = m->sr & (uint16_t)~(SR_N | SR_Z | SR_V | SR_C);
    if (shown & (1u << (width - 1)))
        f |= SR_N;
    if (!shown)
        f |= SR_Z;
    m->sr = f;
    uint32_t newf = field;
    switch (kind) {
    case BF_TST:
        break;
    case BF_EXTU:
        m->d[reg] = field;
        break;
    case BF_EXTS:
        m->d[reg] = width == 32 ? field : (uint32_t)((int32_t)(field << (32 - width)) >> (32 - width));
        break;
    case BF_FFO: {
        unsigned n = 0;
        while (n < width && !(field & (1u << (width - 1 - n))))
            n++;
        m->d[reg] = (uint32_t)offset + n;
        break;
    }
    case BF_CHG: newf = ~field & wmask; break;
    case BF_CLR: newf = 0; break;
    case BF_SET: newf = wmask; break;
    case BF_INS: newf = ins; break;
    }
    m68k_idle(m, 8);
    if (kind == BF_CHG || kind == BF_CLR || kind == BF_SET || kind == BF_INS) {
        if (mode == 0) {
            unsigned off = (unsigned)offset & 31;
            uint32_t mk = width == 32 ? 0xffffffffu : wmask << (32 - width);
            uint32_t nv = width == 32 ? newf : newf << (32 - width);
            /* rotate right by off back into place */
            if (off) {
                mk = (mk >> off) | (mk << (32 - off));
                nv = (nv >> off) | (nv << (32 - off));
            }
            m->d[op & 7] = (m->d[op & 7] & ~mk) | (nv & mk);
        } else {
            uint64_t mk = (uint64_t)wmask << shift;
            word = (word & ~mk) | ((uint64_t)newf << shift & mk);
            for (unsigned i = 0; i < nbytes; i++)
                m68k_write8(m, addr + i, (uint8_t)(word >> (8 * (nbytes - 1 - i))));
        }
    }
    m68k_prefetch(m);
}

/* ---- CAS, CAS2 (PRM CAS, CAS2) ---------------------------------------------- */

static void op_cas(m68k_t *m, uint16_t op)
{
    static const unsigned sizes[4] = { 0, 1, 2, 4 };
    unsigned size = sizes[(op >> 9) & 3];
    uint16_t ext = m68k_ext(m);
    unsigned dc = ext & 7, du = (ext >> 6) & 7;
    m68k_ea ea;
    m->rmw = 1;
    m68k_ea_decode(m, &ea, (op >> 3) & 7, op & 7, size);
    uint32_t v = m68k_ea_read(m, &ea, size);
    m68k_alu_sub(m, m->d[dc], v, size, 0, false, true);
    if (m->sr & SR_Z)
        m68k_ea_write(m, &ea, size, m->d[du]);
    else
        m68k_set_dn(m, dc, size, v);
    m->rmw = 0;
    m68k_idle(m, 4);
    m68k_prefetch(m);
}

static uint32_t read_sized(m68k_t *m, uint32_t addr, unsigned size)
{
    return size == 2 ? m68k_read16(m, addr) : m68k_read32(m, addr);
}

static void write_sized(m68k_t *m, uint32_t addr, unsigned size, uint32_t v)
{
    if (size == 2)
        m68k_write16(m, addr, (uint16_t)v);
    else
        m68k_write32(m, addr, v);
}

static void op_cas2(m68k_t *m, uint16_t op)
{
    unsigned size = (op & 0x0200) ? 4 : 2;
    uint16_t e1 = m68k_ext(m), e2 = m68k_ext(m);
    uint32_t a1 = (e1 & 0x8000) ? m->a[(e1 >> 12) & 7] : m->d[(e1 >> 12) & 7];
    uint32_t a2 = (e2 & 0x8000) ? m->a[(e2 >> 12) & 7] : m->d[(e2 >> 12) & 7];
    unsigned dc1 = e1 & 7, du1 = (e1 >> 6) & 7, dc2 = e2 & 7, du2 = (e2 >> 6) & 7;
    m->rmw = 1;
    uint32_t v1 = read_sized(m, a1, size), v2 = read_sized(m, a2, size);
    m68k_alu_sub(m, m->d[dc1], v1, size, 0, false, true);
    if (m->sr & SR_Z)
        m68k_alu_sub(m, m->d[dc2], v2, size, 0, false, true);
    if (m->sr & SR_Z) {
        write_sized(m, a1, size, m->d[du1]);
        write_sized(m, a2, size, m->d[du2]);
    } else {
        m68k_set_dn(m, dc1, size, v1);
        m68k_set_dn(m, dc2, size, v2);
    }
    m->rmw = 0;
    m68k_idle(m, 8);
    m68k_prefetch(m);
}

/* ---- CHK2, CMP2 (PRM CHK2, CMP2) -------------------------------------------- */

static void op_chk2(m68k_t *m, uint16_t op)
{
    static const unsigned sizes[4] = { 1, 2, 4, 0 };
    unsigned size = sizes[(op >> 9) & 3];
    uint16_t ext = m68k_ext(m);
    m68k_ea ea;
    m68k_ea_decode(m, &ea, (op >> 3) & 7, op & 7, size);
    int32_t lb, ub, val;
    if (size == 1) {
        lb = (int8_t)m68k_read8(m, ea.addr);
        ub = (int8_t)m68k_read8(m, ea.addr + 1);
    } else if (size == 2) {
        lb = (int16_t)m68k_read16(m, ea.addr);
        ub = (int16_t)m68k_read16(m, ea.addr + 2);
    } else {
        lb = (int32_t)m68k_read32(m, ea.addr);
        ub = (int32_t)m68k_read32(m, ea.addr + 4);
    }
    unsigned r = (ext >> 12) & 7;
    /* An is compared whole with sign-extended bounds; Dn at the operand size. */
    val = (ext & 0x8000) ? (int32_t)m->a[r] : (int32_t)m68k_sext(m->d[r], size);
    /* lower > upper (as signed) is a range that wraps: the same test works for
     * signed and unsigned bounds. */
    bool out = lb <= ub ? (val < lb || val > ub) : (val > ub && val < lb);
    uint16_t f = m->sr & (uint16_t)~(SR_Z | SR_C);
    if (val == lb || val == ub)
        f |= SR_Z;
    if (out)
        f |= SR_C;
    m->sr = f;
    m68k_idle(m, 6);
    if (out && (ext & 0x0800)) {
        m68k_exception2(m, 6, m->pc - 2, m->inst_pc);
        return;
    }
    m68k_prefetch(m);
}

/* CHK.L <ea>,Dn (020+). N set if Dn < 0, cleared if Dn > bound (PRM CHK). */
static void op_chk_l(m68k_t *m, uint16_t op)
{
    m68k_ea ea;
    int32_t bound = (int32_t)m68k_read_ea(m, op, 4, &ea);
    int32_t v = (int32_t)m->d[(op >> 9) & 7];
    m68k_idle(m, 8);
    uint16_t f = m->sr & (uint16_t)~(SR_N | SR_Z | SR_V | SR_C);
    if (!v)
        f |= SR_Z;
    if (v < 0 || v > bound) {
        m->sr = v < 0 ? (uint16_t)(f | SR_N) : f;
        m68k_exception2(m, 6, m->pc - 2, m->inst_pc);
        return;
    }
    m->sr = f;
    m68k_prefetch(m);
}

/* ---- MULL, DIVL (PRM MULS, MULU, DIVS, DIVU: long forms) --------------------- */

static void op_mull(m68k_t *m, uint16_t op)
{
    uint16_t ext = m68k_ext(m);
    m68k_ea ea;
    uint32_t s = m68k_read_ea(m, op, 4, &ea);
    unsigned dl = (ext >> 12) & 7, dh = ext & 7;
    bool sign = ext & 0x0800, wide = ext & 0x0400;
    uint64_t r;
    bool ovf;
    if (sign) {
        int64_t p = (int64_t)(int32_t)s * (int64_t)(int32_t)m->d[dl];
        r = (uint64_t)p;
        ovf = p != (int64_t)(int32_t)p;
    } else {
        r = (uint64_t)s * m->d[dl];
        ovf = r >> 32 != 0;
    }
    uint16_t f = m->sr & (uint16_t)~(SR_N | SR_Z | SR_V | SR_C);
    if (wide) {
        m->d[dh] = (uint32_t)(r >> 32);
        m->d[dl] = (uint32_t)r;
        if (!r)
            f |= SR_Z;
        if (r >> 63)
            f |= SR_N;
    } else {
        m->d[dl] = (uint32_t)r;
        if (!(uint32_t)r)
            f |= SR_Z;
        if ((uint32_t)r >> 31)
            f |= SR_N;
        if (ovf)
            f |= SR_V;
    }
    m->sr = f;
    m68k_idle(m, 40);
    m68k_prefetch(m);
}

static void op_divl(m68k_t *m, uint16_t op)
{
    uint16_t ext = m68k_ext(m);
    m68k_ea ea;
    uint32_t s = m68k_read_ea(m, op, 4, &ea);
    unsigned dq = (ext >> 12) & 7, dr = ext & 7;
    bool sign = ext & 0x0800, wide = ext & 0x0400;
    if (!s) {
        m->sr &= (uint16_t)~SR_C;
        m68k_idle(m, 4);
        m68k_exception2(m, 5, m->pc - 2, m->inst_pc);
        return;
    }
    uint16_t f = m->sr & (uint16_t)~(SR_N | SR_Z | SR_V | SR_C);
    uint32_t q, rem;
    bool ovf = false;
    if (sign) {
        int64_t n = wide ? (int64_t)((uint64_t)m->d[dr] << 32 | m->d[dq]) : (int64_t)(int32_t)m->d[dq];
        int64_t d = (int32_t)s;
        if (d == -1 && n == INT64_MIN) {
            ovf = true;
            q = rem = 0;
        } else {
            int64_t qq = n / d, rr = n % d;
            ovf = qq != (int64_t)(int32_t)qq;
            q = (uint32_t)qq;
            rem = (uint32_t)rr;
        }
    } else {
        uint64_t n = wide ? ((uint64_t)m->d[dr] << 32 | m->d[dq]) : m->d[dq];
        uint64_t qq = n / s;
        ovf = qq >> 32 != 0;
        q = (uint32_t)qq;
        rem = (uint32_t)(n % s);
    }
    if (ovf) {
        /* Operands unchanged, V set (PRM DIVS/DIVU); N, Z as the 68040 sets them. */
        f |= SR_V | SR_N;
    } else {
        if (dr != dq)
            m->d[dr] = rem;
        m->d[dq] = q;
        if (!q)
            f |= SR_Z;
        if (q >> 31)
            f |= SR_N;
    }
    m->sr = f;
    m68k_idle(m, 70);
    m68k_prefetch(m);
}

/* ---- PACK, UNPK (PRM PACK, UNPK) ---------------------------------------------- */

static void op_pack(m68k_t *m, uint16_t op)
{
    unsigned rx = op & 7, ry = (op >> 9) & 7;
    uint16_t adj = m68k_ext(m);
    if (!(op & 8)) {
        uint16_t v = (uint16_t)(m->d[rx] + adj);
        m68k_set_dn(m, ry, 1, ((v >> 4) & 0xf0) | (v & 0x0f));
    } else {
        uint32_t lo = m68k_read8(m, m->a[rx] - 1);
        uint32_t hi = m68k_read8(m, m->a[rx] - 2);
        m->a[rx] -= 2;
        uint16_t v = (uint16_t)((hi << 8 | lo) + adj);
        m->a[ry] -= 1;
        m68k_write8(m, m->a[ry], (uint8_t)(((v >> 4) & 0xf0) | (v & 0x0f)));
    }
    m68k_idle(m, 2);
    m68k_prefetch(m);
}

static void op_unpk(m68k_t *m, uint16_t op)
{
    unsigned rx = op & 7, ry = (op >> 9) & 7;
    uint16_t adj = m68k_ext(m);
    if (!(op & 8)) {
        uint32_t s = m->d[rx] & 0xff;
        m68k_set_dn(m, ry, 2, (((s & 0xf0) << 4) | (s & 0x0f)) + adj);
    } else {
        m->a[rx] -= 1;
        uint32_t s = m68k_read8(m, m->a[rx]);
        uint16_t v = (uint16_t)((((s & 0xf0) << 4) | (s & 0x0f)) + adj);
        m68k_write8(m, m->a[ry] - 1, (uint8_t)v);
        m68k_write8(m, m->a[ry] - 2, (uint8_t)(v >> 8));
        m->a[ry] -= 2;
    }
    m68k_idle(m, 4);
    m68k_prefetch(m);
}

/* ---- small ones ------------------------------------------------------------------- */

static void op_extb(m68k_t *m, uint16_t op)
{
    unsigned r = op & 7;
    m->d[r] = m68k_sext(m->d[r], 1);
    m68k_flags_logic(m, m->d[r], 4);
    m68k_prefetch(m);
}

static void op_link_l(m68k_t *m, uint16_t op)
{
    unsigned r = op & 7;
    uint32_t disp = m68k_ext32(m);
    uint32_t v = m->a[r];
    m->a[7] -= 4;
    m68k_write32(m, m->a[7], v);
    m->a[r] = m->a[7];
    m->a[7] += disp;
    m68k_prefetch(m);
}

static void op_rtd(m68k_t *m, uint16_t op)
{
    uint32_t disp = (uint32_t)(int32_t)(int16_t)m68k_ext(m);
    uint32_t pc = m68k_read32(m, m->a[7]);
    m->a[7] += 4 + disp;
    m68k_jump(m, pc);
}

static void op_bkpt(m68k_t *m, uint16_t op)
{
    m68k_illegal(m, 4);
}

static void op_trapcc(m68k_t *m, uint16_t op)
{
    switch (op & 7) {
    case 2: m68k_ext(m); break;
    case 3: m68k_ext32(m); break;
    }
    if (m68k_cond(m, (op >> 8) & 15)) {
        m68k_idle(m, 4);
        m68k_exception2(m, 7, m->pc - 2, m->inst_pc);
        return;
    }
    m68k_prefetch(m);
}

static void op_bcc_l(m68k_t *m, uint16_t op)
{
    uint32_t base = m->pc - 2;
    unsigned cc = (op >> 8) & 15;
    uint32_t disp = m68k_ext32(m);
    if (cc == 1) {
        m68k_push32(m, m->pc - 2);
        m68k_jump(m, base + disp);
        return;
    }
    if (m68k_cond(m, cc)) {
        m68k_idle(m, 2);
        m68k_jump(m, base + disp);
        return;
    }
    m68k_prefetch(m);
}

static void op_move_from_ccr(m68k_t *m, uint16_t op)
{
    m68k_ea ea;
    m68k_ea_decode_op(m, op, 2, &ea);
    m68k_prefetch(m);
    m68k_ea_write(m, &ea, 2, m->sr & 0x1f);
}

/* MOVES (privileged): the access uses SFC (to a register) or DFC. */
static void op_moves(m68k_t *m, uint16_t op)
{
    if (!m68k_super(m)) {
        m68k_privilege_violation(m);
        return;
    }
    unsigned size = m68k_size76(op);
    uint16_t ext = m68k_ext(m);
    unsigned r = (ext >> 12) & 7;
    bool to_mem = ext & 0x0800, areg = ext & 0x8000;
    uint32_t regv = areg ? m->a[r] : m->d[r];   /* before the EA changes An */
    m68k_ea ea;
    m68k_ea_decode(m, &ea, (op >> 3) & 7, op & 7, size);
    if (ea.pending) {
        m->a[ea.reg] = ea.new_an;
        ea.pending = false;
    }
    if (to_mem) {
        m68k_write_fc(m, ea.addr, size, regv & m68k_mask(size), m->dfc);
    } else {
        uint32_t v = m68k_read_fc(m, ea.addr, size, m->sfc);
        if (areg)
            m->a[r] = m68k_sext(v, size);
        else
            m68k_set_dn(m, r, size, v);
    }
    m68k_prefetch(m);
}

static void op_movec(m68k_t *m, uint16_t op)
{
    if (!m68k_super(m)) {
        m68k_privilege_violation(m);
        return;
    }
    uint16_t ext = m68k_ext(m);
    unsigned r = (ext >> 12) & 7, cr = ext & 0xfff;
    uint32_t *reg = (ext & 0x8000) ? &m->a[r] : &m->d[r];
    if (op & 1) {
        if (!m68k_movec_write(m, cr, *reg)) {
            m68k_illegal(m, 4);
            return;
        }
    } else {
        uint32_t v;
        if (!m68k_movec_read(m, cr, &v)) {
            m68k_illegal(m, 4);
            return;
        }
        *reg = v;
    }
    m68k_idle(m, 6);
    m68k_prefetch(m);
}

/* MOVE and MOVEA without the 68000's bus-order quirks (flags before the
 * write, the extra prefetch of -(An).L …): on the 020+ a fault restarts the
 * instruction, so only the result matters. The most frequent instruction,
 * so it has its own handler. */
static void op_move020(m68k_t *m, uint16_t op)
{
    static const unsigned move_size[4] = { 0, 1, 4, 2 };
    unsigned size = move_size[(op >> 12) & 3];
    unsigned dmode = (op >> 6) & 7, dreg = (op >> 9) & 7;
    m68k_ea src, dst;
    uint32_t v = m68k_read_ea(m, op, size, &src);
    if (dmode == 1) {
        m->a[dreg] = m68k_sext(v, size);
    } else if (dmode == 0) {
        m68k_set_dn(m, dreg, size, v);
        m68k_flags_logic(m, v, size);
    } else {
        m->prog_read = 0;
        m68k_ea_decode(m, &dst, dmode, dreg, size);
        m68k_ea_write(m, &dst, size, v);
        m68k_flags_logic(m, v, size);
    }
    m68k_prefetch(m);
}

/* TST and CMPI are the 68000's handlers (exec_alu.c) with the 020's wider
 * addressing modes. */
const m68k_op_info m68k_ops_020[] = {
    /* pattern               handler           name      ea                 ea2 flags       models */
    { "0001 ---- ---- ----", op_move020,       "move",   EA_DATA,           EA_DALT, 0,    MODELS_020UP },
    { "0010 ---- ---- ----", op_move020,       "move",   EA_ALL,            EA_ALT, 0,     MODELS_020UP },
    { "0011 ---- ---- ----", op_move020,       "move",   EA_ALL,            EA_ALT, 0,     MODELS_020UP },
    { "0000 0000 11-- ----", op_chk2,          "chk2",   EA_CTRL,           0, 0,          MODELS_020UP },
    { "0000 0010 11-- ----", op_chk2,          "chk2",   EA_CTRL,           0, 0,          MODELS_020UP },
    { "0000 0100 11-- ----", op_chk2,          "chk2",   EA_CTRL,           0, 0,          MODELS_020UP },
    { "0000 1100 1111 1100", op_cas2,          "cas2",   0,                 0, 0,          MODELS_020UP },
    { "0000 1110 1111 1100", op_cas2,          "cas2",   0,                 0, 0,          MODELS_020UP },
    { "0000 1010 11-- ----", op_cas,           "cas",    EA_ALTMEM,         0, 0,          MODELS_020UP },
    { "0000 1100 11-- ----", op_cas,           "cas",    EA_ALTMEM,         0, 0,          MODELS_020UP },
    { "0000 1110 11-- ----", op_cas,           "cas",    EA_ALTMEM,         0, 0,          MODELS_020UP },
    { "0000 1110 ---- ----", op_moves,         "moves",  EA_ALTMEM,         0, OPF_SIZE76, MODELS_020UP },
    { "0000 1100 ---- ----", m68k_op_imm,      "cmpi",   EA_DATA & ~EA_IM,  0, OPF_SIZE76, MODELS_020UP },
    { "0100 0010 11-- ----", op_move_from_ccr, "move",   EA_DALT,           0, 0,          MODELS_020UP },
    { "0100 1000 0000 1---", op_link_l,        "link",   0,                 0, 0,          MODELS_020UP },
    { "0100 1000 0100 1---", op_bkpt,          "bkpt",   0,                 0, 0,          MODELS_020UP },
    { "0100 1001 1100 0---", op_extb,          "extb",   0,                 0, 0,          MODELS_020UP },
    { "0100 1010 ---- ----", m68k_op_tst,      "tst",    EA_ALL,            0, OPF_SIZE76, MODELS_020UP },
    { "0100 1100 00-- ----", op_mull,          "mull",   EA_DATA,           0, 0,          MODELS_020UP },
    { "0100 1100 01-- ----", op_divl,          "divl",   EA_DATA,           0, 0,          MODELS_020UP },
    { "0100 1110 0111 0100", op_rtd,           "rtd",    0,                 0, 0,          MODELS_020UP },
    { "0100 1110 0111 101-", op_movec,         "movec",  0,                 0, 0,          MODELS_020UP },
    { "0100 ---1 00-- ----", op_chk_l,         "chk",    EA_DATA,           0, 0,          MODELS_020UP },
    { "0101 ---- 1111 1010", op_trapcc,        "trapcc", 0,                 0, 0,          MODELS_020UP },
    { "0101 ---- 1111 1011", op_trapcc,        "trapcc", 0,                 0, 0,          MODELS_020UP },
    { "0101 ---- 1111 1100", op_trapcc,        "trapcc", 0,                 0, 0,          MODELS_020UP },
    { "0110 ---- 1111 1111", op_bcc_l,         "bcc",    0,                 0, 0,          MODELS_020UP },
    { "1000 ---1 0100 ----", op_pack,          "pack",   0,                 0, 0,          MODELS_020UP },
    { "1000 ---1 1000 ----", op_unpk,          "unpk",   0,                 0, 0,          MODELS_020UP },
    { "1110 1000 11-- ----", op_bitfield,      "bftst",  EA_DN | EA_CTRL,   0, 0,          MODELS_020UP },
    { "1110 1001 11-- ----", op_bitfield,      "bfextu", EA_DN | EA_CTRL,   0, 0,          MODELS_020UP },
    { "1110 1010 11-- ----", op_bitfield,      "bfchg",  EA_DN | EA_CALT,   0, 0,          MODELS_020UP },
    { "1110 1011 11-- ----", op_bitfield,      "bfexts", EA_DN | EA_CTRL,   0, 0,          MODELS_020UP },
    { "1110 1100 11-- ----", op_bitfield,      "bfclr",  EA_DN | EA_CALT,   0, 0,          MODELS_020UP },
    { "1110 1101 11-- ----", op_bitfield,      "bfffo",  EA_DN | EA_CTRL,   0, 0,          MODELS_020UP },
    { "1110 1110 11-- ----", op_bitfield,      "bfset",  EA_DN | EA_CALT,   0, 0,          MODELS_020UP },
    { "1110 1111 11-- ----", op_bitfield,      "bfins",  EA_DN | EA_CALT,   0, 0,          MODELS_020UP },
    { NULL }
};
