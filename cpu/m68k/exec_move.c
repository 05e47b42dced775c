/* cpu/m68k/exec_move.c — data movement: MOVE, MOVEA, MOVEQ, MOVEM, MOVEP,
 * LEA, PEA, EXG, SWAP, EXT, LINK, UNLK, MOVE USP, MOVE to/from SR and CCR
 * (PRM §4; MOVEM/MOVEP order of transfer per the PRM text). */
#include "cpu/m68k/m68k.h"

static const unsigned move_size[4] = { 0, 1, 4, 2 };

static void op_move(m68k_t *m, uint16_t op)
{
    unsigned size = move_size[(op >> 12) & 3];
    unsigned dmode = (op >> 6) & 7, dreg = (op >> 9) & 7;
    m68k_ea src, dst;
    uint32_t v = m68k_read_ea(m, op, size, &src);
    if (dmode == 1) {          /* MOVEA: sign-extended, flags untouched */
        m->a[dreg] = m68k_sext(v, size);
        m68k_prefetch(m);
        return;
    }
    if (dmode == 0) {
        m68k_flags_logic(m, v, size);
        m68k_prefetch(m);
        m68k_set_dn(m, dreg, size, v);
        return;
    }
    m->prog_read = 0;
    m68k_ea_decode(m, &dst, dmode, dreg, size);
    /* The destination's (An)+ (and -(An) for long) is written back only
     * after the write succeeded. */
    if (dmode == 3 && !dst.pending) {
        dst.pending = true;
        dst.new_an = m->a[dreg];
        m->a[dreg] = dst.addr;
    } else if (dmode == 4 && size == 4) {
        dst.pending = true;
        dst.new_an = dst.addr;
        m->a[dreg] = dst.addr + 4;
    }
    m->prog_read = 0;
    m->ae_pc_adj = (dmode == 2 || dmode == 3) ? 0 : -2;
    if (dmode == 4)
        m->cyc -= 2;           /* no extra time for -(An) as a MOVE destination */
    if (dmode == 4 && size != 4) {
        m68k_flags_logic(m, v, size);
        m68k_prefetch(m);
        m68k_ea_write(m, &dst, size, v);
        return;
    }
    if (dmode == 4) {
        /* MOVE.l to -(An): the next word is fetched, then the low word is
         * written first; the frame still shows the opcode in IR. */
        uint16_t next = m->irc;
        m->irc = m68k_fetch_word(m, m->pc);
        m->pc += 2;
        m68k_flags_logic(m, v, size);
        m68k_ea_write(m, &dst, size, v);
        m->ir = next;
        return;
    }
    if (size == 4) {
        /* Where MOVE.l's flags stand when its write takes an address error
         * depends on how far the microcode's two 16-bit ALU passes over the
         * operand got before the write cycle (MAME's microcode, as the
         * SingleStepTests vectors record it; Moira's 68000 core documents
         * the same table):
         *   register/immediate source
         *     (An), (An)+          flags untouched (the write comes first)
         *     d16(An), d8(An,Xn)   only the high-word pass: N = bit 31,
         *                          Z = (high word == 0) and the old Z;
         *                          V, C untouched
         *     (xxx).w, (xxx).l     both passes: N, Z of the long, V = C = 0
         *   memory source
         *     (An), (An)+, (xxx).l N, Z of the low word, V = C = 0
         *     d16(An), d8(An,Xn), (xxx).w: N, Z of the long, V = C = 0
         * (-(An) is handled above: final flags before the write.) The
         * abs.w row is the one the address-error frames of MOVE.l Dn,(xxx).w
         * need: V and C are already clear in the stacked SR. */
        bool regsrc = src.mode < 2 || (src.mode == 7 && src.reg == 4);
        bool simple = dmode == 2 || dmode == 3;
        bool index = dmode == 5 || dmode == 6;
        if (regsrc) {
            if (index) {
                uint16_t f = m->sr & (uint16_t)~(SR_N | SR_Z);
                if (v & 0x80000000u)
                    f |= SR_N;
                if (!(v >> 16) && (m->sr & SR_Z))
                    f |= SR_Z;
                m->sr = f;
            } else if (!simple) {
                m68k_flags_logic(m, v, 4);
            }
        } else {
            bool low = simple || (dmode == 7 && dreg == 1);
            m68k_flags_logic(m, low ? v & 0xffff : v, low ? 2 : 4);
        }
    } else {
        m68k_flags_logic(m, v, size);
    }
    m68k_ea_write(m, &dst, size, v);
    m68k_flags_logic(m, v, size);
    m68k_prefetch(m);
}

static void op_moveq(m68k_t *m, uint16_t op)
{
    uint32_t v = (uint32_t)(int32_t)(int8_t)op;
    m->d[(op >> 9) & 7] = v;
    m68k_flags_logic(m, v, 4);
    m68k_prefetch(m);
}

/* MOVEM: the register list is the first extension word. The address
 * register of (An)+/-(An) is written once, at the end; reg->mem with -(An)
 * stores the register's initial value (PRM MOVEM notes). Mem->reg reads one
 * word beyond the list, as the 68000 does. */
static void op_movem(m68k_t *m, uint16_t op)
{
    bool to_reg = op & 0x400;
    unsigned size = (op & 0x40) ? 4 : 2;
    uint16_t mask = m68k_ext(m);
    unsigned mode = (op >> 3) & 7, reg = op & 7;
    m68k_ea ea;
    uint32_t addr;
    if (mode == 3 || mode == 4) {
        addr = m->a[reg];
    } else {
        m68k_ea_decode(m, &ea, mode, reg, size);
        addr = ea.addr;
    }
    m->ae_pc_adj = 0;
    if (to_reg) {
        for (unsigned i = 0; i < 16; i++) {
            if (!(mask & (1u << i)))
                continue;
            uint32_t v = size == 4 ? m68k_read32(m, addr) : m68k_sext(m68k_read16(m, addr), 2);
            if (i < 8)
                m->d[i] = v;
            else
                m->a[i - 8] = v;
            addr += size;
        }
        if (!m->level)
            m68k_read16(m, addr);  /* the 68000's extra read */
        if (mode == 3)
            m->a[reg] = addr;
    } else if (mode == 4) {
        uint32_t start = m->a[reg];
        for (unsigned i = 0; i < 16; i++) {
            if (!(mask & (1u << i)))
                continue;
            unsigned r = 15 - i;
            /* The 68000 stores An's initial value, the 68020+ the initial
             * value minus the operand size (PRM MOVEM, notes). */
            uint32_t v = r < 8 ? m->d[r] : (r - 8 == reg ? start - (m->level ? size : 0)
                                                         : m->a[r - 8]);
            addr -= size;
            if (size == 4) {
                m68k_write16(m, addr + 2, (uint16_t)v);
                m68k_write16(m, addr, (uint16_t)(v >> 16));
            } else {
                m68k_write16(m, addr, (uint16_t)v);
            }
        }
        m->a[reg] = addr;
    } else {
        for (unsigned i = 0; i < 16; i++) {
            if (!(mask & (1u << i)))
                continue;
            uint32_t v = i < 8 ? m->d[i] : m->a[i - 8];
            if (size == 4)
                m68k_write32(m, addr, v);
            else
                m68k_write16(m, addr, (uint16_t)v);
            addr += size;
        }
    }
    m68k_prefetch(m);
}

/* MOVEP: bytes at every other address from d16(An), high byte first. */
static void op_movep(m68k_t *m, uint16_t op)
{
    unsigned dr = (op >> 9) & 7, ar = op & 7;
    bool lng = op & 0x40, to_mem = op & 0x80;
    uint32_t addr = m->a[ar] + (uint32_t)(int32_t)(int16_t)m68k_ext(m);
    unsigned n = lng ? 4 : 2;
    if (to_mem) {
        for (unsigned i = 0; i < n; i++)
            m68k_write8(m, addr + 2 * i, (uint8_t)(m->d[dr] >> (8 * (n - 1 - i))));
    } else {
        uint32_t v = 0;
        for (unsigned i = 0; i < n; i++)
            v = v << 8 | m68k_read8(m, addr + 2 * i);
        m68k_set_dn(m, dr, n, v);
    }
    m68k_prefetch(m);
}

static void op_lea(m68k_t *m, uint16_t op)
{
    m68k_ea ea;
    m68k_ea_decode(m, &ea, (op >> 3) & 7, op & 7, 4);
    if (ea.mode == 6 || (ea.mode == 7 && ea.reg == 3))
        m68k_idle(m, 2);
    m->a[(op >> 9) & 7] = ea.addr;
    m68k_prefetch(m);
}

static void op_pea(m68k_t *m, uint16_t op)
{
    m68k_ea ea;
    m68k_ea_decode(m, &ea, (op >> 3) & 7, op & 7, 4);
    unsigned mode = (op >> 3) & 7;
    bool abs = mode == 7 && (op & 7) < 2;
    if (mode == 6 || (mode == 7 && (op & 7) == 3))
        m68k_idle(m, 2);
    if (abs)
        m68k_prefetch(m);
    m68k_push32(m, ea.addr);
    if (!abs)
        m68k_prefetch(m);
}

static void op_exg(m68k_t *m, uint16_t op)
{
    unsigned x = (op >> 9) & 7, y = op & 7;
    uint32_t *rx, *ry;
    switch ((op >> 3) & 0x1f) {
    case 0x08: rx = &m->d[x]; ry = &m->d[y]; break;
    case 0x09: rx = &m->a[x]; ry = &m->a[y]; break;
    default:   rx = &m->d[x]; ry = &m->a[y]; break;
    }
    uint32_t t = *rx;
    *rx = *ry;
    *ry = t;
    m68k_prefetch(m);
    m68k_idle(m, 2);
}

static void op_swap(m68k_t *m, uint16_t op)
{
    uint32_t v = m->d[op & 7];
    v = v << 16 | v >> 16;
    m->d[op & 7] = v;
    m68k_flags_logic(m, v, 4);
    m68k_prefetch(m);
}

static void op_ext(m68k_t *m, uint16_t op)
{
    unsigned r = op & 7;
    if (op & 0x40) {
        m->d[r] = m68k_sext(m->d[r], 2);
        m68k_flags_logic(m, m->d[r], 4);
    } else {
        m68k_set_dn(m, r, 2, m68k_sext(m->d[r], 1));
        m68k_flags_logic(m, m->d[r], 2);
    }
    m68k_prefetch(m);
}

static void op_link(m68k_t *m, uint16_t op)
{
    unsigned r = op & 7;
    uint32_t disp = (uint32_t)(int32_t)(int16_t)m68k_ext(m);
    /* LINK A7 stores A7 before the decrement (as the vectors show). */
    uint32_t v = m->a[r];
    m->a[7] -= 4;
    m68k_write32(m, m->a[7], v);
    m->a[r] = m->a[7];
    m->a[7] += disp;
    m68k_prefetch(m);
}

static void op_unlk(m68k_t *m, uint16_t op)
{
    unsigned r = op & 7;
    m->ae_pc_adj = 0;
    uint32_t v = m68k_read32(m, m->a[r]);
    m->a[7] = m->a[r] + 4;
    m->a[r] = v;
    m68k_prefetch(m);
}

static void op_move_usp(m68k_t *m, uint16_t op)
{
    if (!m68k_super(m)) {
        m68k_privilege_violation(m);
        return;
    }
    if (op & 8)
        m->a[op & 7] = m->sp[SP_USP];
    else
        m->sp[SP_USP] = m->a[op & 7];
    m68k_prefetch(m);
}

static void op_move_from_sr(m68k_t *m, uint16_t op)
{
    m68k_ea ea;
    if (m->level) {
        /* Privileged on the 68010 and later (PRM MOVE from SR); no read. */
        if (!m68k_super(m)) {
            m68k_privilege_violation(m);
            return;
        }
        m68k_ea_decode_op(m, op, 2, &ea);
        m68k_prefetch(m);
        m68k_ea_write(m, &ea, 2, m->sr);
        return;
    }
    m68k_read_ea(m, op, 2, &ea);   /* read before write, like CLR */
    m68k_prefetch(m);
    m68k_ea_write(m, &ea, 2, m->sr);
    if (ea.mode == 0)
        m68k_idle(m, 2);
}

static void op_move_to_ccr(m68k_t *m, uint16_t op)
{
    m68k_ea ea;
    uint32_t v = m68k_read_ea(m, op, 2, &ea);
    m68k_set_ccr(m, (uint8_t)v);
    m68k_idle(m, 8);
    m68k_prefetch(m);
}

static void op_move_to_sr(m68k_t *m, uint16_t op)
{
    if (!m68k_super(m)) {
        m68k_privilege_violation(m);
        return;
    }
    m68k_ea ea;
    uint32_t v = m68k_read_ea(m, op, 2, &ea);
    m68k_set_sr(m, (uint16_t)v);
    m68k_idle(m, 8);
    m68k_prefetch(m);
}

const m68k_op_info m68k_ops_move[] = {
    /* pattern               handler          name      ea        ea2 */
    { "0000 ---1 --00 1---", op_movep,        "movep",  0 },
    { "0001 ---- ---- ----", op_move,         "move",   EA_DATA,  EA_DALT },
    { "0010 ---- ---- ----", op_move,         "move",   EA_ALL,   EA_ALT },
    { "0011 ---- ---- ----", op_move,         "move",   EA_ALL,   EA_ALT },
    { "0111 ---0 ---- ----", op_moveq,        "moveq",  0 },
    { "0100 0000 11-- ----", op_move_from_sr, "move",   EA_DALT },
    { "0100 0100 11-- ----", op_move_to_ccr,  "move",   EA_DATA },
    { "0100 0110 11-- ----", op_move_to_sr,   "move",   EA_DATA },
    { "0100 1000 0100 0---", op_swap,         "swap",   0 },
    { "0100 1000 01-- ----", op_pea,          "pea",    EA_CTRL },
    { "0100 1000 1-00 0---", op_ext,          "ext",    0 },
    { "0100 1000 1--- ----", op_movem,        "movem",  EA_CALT | EA_PD },
    { "0100 1100 1--- ----", op_movem,        "movem",  EA_CTRL | EA_PI },
    { "0100 ---1 11-- ----", op_lea,          "lea",    EA_CTRL },
    { "0100 1110 0101 0---", op_link,         "link",   0 },
    { "0100 1110 0101 1---", op_unlk,         "unlk",   0 },
    { "0100 1110 0110 ----", op_move_usp,     "move",   0 },
    { "1100 ---1 0100 0---", op_exg,          "exg",    0 },
    { "1100 ---1 0100 1---", op_exg,          "exg",    0 },
    { "1100 ---1 1000 1---", op_exg,          "exg",    0 },
    { NULL }
};
