/* cpu/x86/alu.c — arithmetic with EFLAGS (lazy for the common ops, see x86.h).
 *
 * Flag rules: SDM vol. 2 per instruction, appendix A of vol. 1 (EFLAGS
 * cross-reference). Where Intel leaves a flag undefined we pick a value; the
 * SingleStepTests metadata masks those flags, so the choice is not tested.
 * 8086 quirks (shift counts not masked, /6 of the shift group is "SETMO",
 * IDIV with a REP prefix negates the quotient, IDIV quotient limited to
 * ±127/±32767) come from the 8086 hardware captures and K. Shirriff's notes
 * on the 8086 divide microcode (righto.com, 2023). */
#include "cpu/x86/x86.h"

static inline bool parity8(uint32_t v)
{
    return !__builtin_parity(v & 0xFF);
}

/* Eager writers of some of the arithmetic flags call this after
 * x86_flags_sync (they keep the flags they do not set). */
void x86_set_szp(x86_cpu *c, uint32_t res, unsigned size)
{
    uint32_t f = c->eflags & ~(F_SF | F_ZF | F_PF);
    res &= x86_mask(size);
    if (!res)
        f |= F_ZF;
    if (res & x86_sign(size))
        f |= F_SF;
    if (parity8(res))
        f |= F_PF;
    c->eflags = f;
}

static inline void set_flag(x86_cpu *c, uint32_t flag, bool on)
{
    c->eflags = on ? (c->eflags | flag) : (c->eflags & ~flag);
}

/* The six flags of the lazy state, by the rules the eager code used (SDM
 * vol. 2 per instruction; tests/cpu/x86/lazyflags.c holds the eager formulas
 * as the reference): carries and overflows from the normalised operands, AF
 * from bit 4 and PF from the low byte of the unnormalised result. */
uint32_t x86_lazy_arith(const x86_cpu *c)
{
    uint32_t a = c->lf_a, b = c->lf_b, r = c->lf_res;
    unsigned sh = c->lf_sh, w = 32 - sh;
    bool cf, of, af;
    switch (c->lf_op) {
    case LF_ADD: cf = r < a; goto add;
    case LF_ADC: cf = r <= a; goto add;
    case LF_INC: cf = c->lf_cf;
    add:
        of = ((a ^ r) & (b ^ r)) >> 31;
        af = ((a ^ b ^ r) >> (sh + 4)) & 1;
        break;
    case LF_SUB: cf = a < b; goto sub;
    case LF_SBB: cf = a <= b; goto sub;
    case LF_DEC: cf = c->lf_cf;
    sub:
        of = ((a ^ b) & (a ^ r)) >> 31;
        af = ((a ^ b ^ r) >> (sh + 4)) & 1;
        break;
    case LF_SHL:
        /* CF: the last bit out (none past the width: 8086 counts are not
         * masked); OF = MSB(result) ^ CF, for every count. */
        cf = b <= w ? (a >> (w - b)) & 1 : 0;
        of = (r >> 31) != cf;
        af = false;
        break;
    case LF_SHR:
        cf = b <= w ? (a >> (b - 1)) & 1 : 0;
        of = b == 1 && ((a >> (w - 1)) & 1);   /* the MSB before the last step */
        af = false;
        break;
    case LF_SAR: {
        int32_t sv = (int32_t)(a << sh) >> sh;
        cf = (sv >> (b >= w ? w - 1 : b - 1)) & 1;
        of = af = false;
        break;
    }
    case LF_LOGIC:
        cf = of = af = false;
        break;
    case LF_IMUL:
        cf = of = c->lf_cf;
        af = c->eflags & F_AF;
        break;
    default:
        return c->eflags & F_ARITH;
    }
    uint32_t f = 0;
    if (cf) f |= F_CF;
    if (of) f |= F_OF;
    if (af) f |= F_AF;
    if (!r) f |= F_ZF;
    if (r >> 31) f |= F_SF;
    if (parity8(r >> sh)) f |= F_PF;
    return f;
}

/* Shift/rotate group (op = ModR/M reg). count is already masked for 286+.
 * SHL/SHR/SAR set all six flags and go lazy; the rotates (which keep SF,
 * ZF, AF, PF) and the 8086's SETMO stay eager. */
uint32_t x86_shift(x86_cpu *c, unsigned op, uint32_t a, unsigned count, unsigned size)
{
    unsigned w = size * 8;
    uint32_t m = x86_mask(size), s = x86_sign(size);
    a &= m;
    if (count == 0)
        return a;
    uint32_t res;
    bool cf;
    switch (op) {
    case 0: { /* ROL */
        x86_flags_sync(c);
        unsigned n = count % w;
        res = n ? ((a << n) | (a >> (w - n))) & m : a;
        cf = res & 1;
        set_flag(c, F_CF, cf);
        set_flag(c, F_OF, ((res & s) != 0) != cf);
        return res;
    }
    case 1: { /* ROR */
        x86_flags_sync(c);
        unsigned n = count % w;
        res = n ? ((a >> n) | (a << (w - n))) & m : a;
        cf = (res & s) != 0;
        set_flag(c, F_CF, cf);
        set_flag(c, F_OF, (((res << 1) ^ res) & s) != 0);
        return res;
    }
    case 2: case 3: { /* RCL, RCR: rotate through CF, w+1 bits */
        x86_flags_sync(c);
        unsigned n = count % (w + 1);
        uint64_t v = a | ((uint64_t)((c->eflags & F_CF) ? 1 : 0) << w);
        uint64_t wm = (2ull << w) - 1;
        if (n) {
            if (op == 2)
                v = ((v << n) | (v >> (w + 1 - n))) & wm;
            else
                v = ((v >> n) | (v << (w + 1 - n))) & wm;
        }
        res = (uint32_t)v & m;
        cf = (v >> w) & 1;
        set_flag(c, F_CF, cf);
        if (op == 2)
            set_flag(c, F_OF, ((res & s) != 0) != cf);
        else
            set_flag(c, F_OF, (((res << 1) ^ res) & s) != 0);
        return res;
    }
    case 6:
        if (c->level == X86_I8086) {
            /* SETMO: all ones, flags as for OR with all ones. */
            x86_flags_sync(c);
            res = m;
            c->eflags &= ~(F_CF | F_OF | F_AF);
            x86_set_szp(c, res, size);
            return res;
        }
        /* 286+ execute /6 as SHL */
        /* fall through */
    case 4: /* SHL */
        res = count < 32 ? (a << count) & m : 0;
        c->lf_op = LF_SHL;
        break;
    case 5: /* SHR */
        res = count < 32 ? a >> count : 0;
        c->lf_op = LF_SHR;
        break;
    default: { /* SAR */
        int32_t sv = (int32_t)x86_sext(a, size);
        unsigned n = count >= w ? w - 1 : count - 1;
        res = (uint32_t)((sv >> n) >> 1) & m;
        c->lf_op = LF_SAR;
        break;
    }
    }
    c->lf_a = a;
    c->lf_b = count;
    c->lf_sh = (uint8_t)(32 - w);
    c->lf_res = res << (32 - w);
    return res;
}

/* SHLD/SHRD (SDM vol. 2): count already masked to 5 bits, non-zero. */
uint32_t x86_shld(x86_cpu *c, uint32_t dst, uint32_t src, unsigned count, unsigned size,
                  bool right)
{
    unsigned w = size * 8;
    uint32_t m = x86_mask(size), s = x86_sign(size);
    uint64_t v;
    uint32_t res;
    bool cf;
    dst &= m;
    src &= m;
    x86_flags_sync(c);
    if (count > w) /* 16-bit forms with count > 16: undefined; wrap */
        count %= w;
    if (!count)
        return dst;
    if (!right) {
        v = ((uint64_t)dst << w) | src;
        v <<= count;
        res = (uint32_t)(v >> w) & m;
        cf = (dst >> (w - count)) & 1;
    } else {
        v = ((uint64_t)src << w) | dst;
        cf = (v >> (count - 1)) & 1;
        v >>= count;
        res = (uint32_t)v & m;
    }
    set_flag(c, F_CF, cf);
    set_flag(c, F_OF, ((res ^ dst) & s) != 0);
    c->eflags &= ~F_AF;
    x86_set_szp(c, res, size);
    return res;
}

/* Conditions the lazy fast paths of x86_cond (x86.h) do not answer. */
bool x86_cond_slow(const x86_cpu *c, unsigned cc)
{
    uint32_t f = x86_flags(c);
    bool r;
    switch (cc >> 1) {
    case 0: r = f & F_OF; break;
    case 1: r = f & F_CF; break;
    case 2: r = f & F_ZF; break;
    case 3: r = f & (F_CF | F_ZF); break;
    case 4: r = f & F_SF; break;
    case 5: r = f & F_PF; break;
    case 6: r = !(f & F_SF) != !(f & F_OF); break;
    default: r = (f & F_ZF) || (!(f & F_SF) != !(f & F_OF)); break;
    }
    return (cc & 1) ? !r : r;
}

/* The 286's IDIV r/m8 edge: an overflowing division does not raise #DE
 * when the dividend with bit 14 flipped divides to exactly -128; the result
 * is then that division's (AL = 80h, AH = its remainder). Found on the
 * SingleStepTests 80286 captures (F6.7: all 4 such cases of 5,000, and no
 * other overflow escapes; 811 overflowing cases whose flipped dividend gives
 * another in-range quotient do raise #DE). SingleStepTests/80386 issue 3
 * reports the same on the 386; word IDIV (F7.7) shows no such case. */
static bool idiv8_286_edge(int64_t dd, int64_t dv, uint32_t *rem)
{
    int64_t d2 = (int16_t)(uint16_t)((uint64_t)dd ^ 0x4000);
    int64_t q2 = d2 / dv;           /* C truncates toward zero, as IDIV */
    if (q2 != -128)
        return false;
    *rem = (uint32_t)(d2 - q2 * dv) & 0xFF;
    return true;
}

/* MUL/IMUL/DIV/IDIV with the accumulator (group 3 /4../7). */
void x86_muldiv(x86_cpu *c, unsigned op, uint32_t src, unsigned size)
{
    unsigned w = size * 8;
    uint32_t m = x86_mask(size);
    src &= m;
    uint64_t lo = x86_reg_read(c, EAX, size);
    uint64_t hi = size == 1 ? (c->r[EAX] >> 8) & 0xFF : x86_reg_read(c, EDX, size);
    uint64_t dividend = (hi << w) | lo;
    bool negate = c->level == X86_I8086 && c->rep; /* 8086: REP flips the sign */
    switch (op) {
    case 4: case 5: {
        uint64_t prod;
        bool ovf;
        c->lf_op = LF_NONE;   /* all six flags are written below */
        if (op == 4) {
            prod = lo * src;
            ovf = (prod >> w) != 0;
        } else {
            int64_t p = (int64_t)(int32_t)x86_sext((uint32_t)lo, size) *
                        (int32_t)x86_sext(src, size);
            if (negate)
                p = -p;
            prod = (uint64_t)p;
            ovf = (int64_t)(int32_t)x86_sext((uint32_t)prod & m, size) != p;
        }
        if (size == 1) {
            x86_reg_write(c, EAX, 2, (uint32_t)prod);
        } else {
            x86_reg_write(c, EAX, size, (uint32_t)prod);
            x86_reg_write(c, EDX, size, (uint32_t)(prod >> w));
        }
        c->eflags = ovf ? (c->eflags | F_CF | F_OF) : (c->eflags & ~(F_CF | F_OF));
        /* SF/ZF/PF undefined; the 8086 leaves them from its adder: use the
         * high half as the 286 docs' successors do. */
        x86_set_szp(c, (uint32_t)(size == 1 ? prod >> 8 : prod >> w), size);
        c->eflags &= ~F_AF;
        return;
    }
    case 6: {
        if (src == 0)
            x86_fault(c, X86_DE, -1);
        uint64_t q = dividend / src, r = dividend % src;
        if (q > m)
            x86_fault(c, X86_DE, -1);
        if (size == 1) {
            x86_reg_write(c, EAX, 2, (uint32_t)((r << 8) | q));
        } else {
            x86_reg_write(c, EAX, size, (uint32_t)q);
            x86_reg_write(c, EDX, size, (uint32_t)r);
        }
        return;
    }
    default: {
        int64_t dd = w == 32 ? (int64_t)dividend
                   : (int64_t)(dividend << (64 - 2 * w)) >> (64 - 2 * w);
        int64_t dv = (int32_t)x86_sext(src, size);
        if (dv == 0)
            x86_fault(c, X86_DE, -1);
        /* Magnitudes, as the microcode works (INT64_MIN cannot occur: the
         * dividend is at most 64 bits only for 32-bit operands). */
        uint64_t ud = dd < 0 ? (uint64_t)0 - (uint64_t)dd : (uint64_t)dd;
        uint64_t uv = dv < 0 ? (uint64_t)-dv : (uint64_t)dv;
        uint64_t uq = ud / uv, ur = ud % uv;
        bool qneg = (dd < 0) != (dv < 0);
        if (negate)
            qneg = !qneg;
        uint64_t limit = (uint64_t)x86_sign(size) - (c->level == X86_I8086 || !qneg ? 1 : 0);
        uint32_t q, r;
        if (uq <= limit) {
            q = (uint32_t)(qneg ? (uint64_t)0 - uq : uq) & m;
            r = (uint32_t)(dd < 0 ? (uint64_t)0 - ur : ur) & m;
        } else if (size == 1 && c->level == X86_I286 && idiv8_286_edge(dd, dv, &r)) {
            q = 0x80;
        } else {
            x86_fault(c, X86_DE, -1);
        }
        if (size == 1) {
            x86_reg_write(c, EAX, 2, (r << 8) | q);
        } else {
            x86_reg_write(c, EAX, size, q);
            x86_reg_write(c, EDX, size, r);
        }
        return;
    }
    }
}
