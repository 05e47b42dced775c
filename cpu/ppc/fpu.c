/* cpu/ppc/fpu.c — the floating-point unit (MPCFPE32B chapter 3 and §4.2.2).
 *
 * Arithmetic uses the host's IEEE-754 double unit (C99 fenv: rounding mode
 * and exception flags), with the FPSCR computed exactly from them:
 *  - FI = inexact; FR ("fraction incremented") = the result differs from the
 *    same operation rounded toward zero, i.e. its magnitude was rounded up.
 *  - Single-precision results avoid double rounding: the operation is done in
 *    double with round-to-odd (round toward zero, then OR the sticky bit into
 *    the last place), which is exact for a second rounding to 24 bits.
 *  - PowerPC detects tininess before rounding, the host after: a result that
 *    rounds up to the smallest normal is checked against its round-toward-zero
 *    value to set UX as the PowerPC does.
 *  - NaNs follow MPCFPE32B §3.3.6.2.2: the first NaN of frA, frB, frC is
 *    returned quieted; an invalid operation makes 0x7FF8000000000000.
 *  - Enabled overflow/underflow (OE/UE = 1) deliver the exponent-wrapped
 *    result, computed by scaling a round-to-odd value (long double for doubles).
 * Not modelled: fres/frsqrte give the
 * exactly rounded value rather than the parts' table estimates; in non-IEEE
 * mode (NI) denormal results are flushed to zero of the same sign. */
#include "cpu/ppc/exec.h"
#include <fenv.h>
#include <float.h>
#include <math.h>

#define EXP_MASK  0x7ff0000000000000ull
#define FRAC_MASK 0x000fffffffffffffull
#define SIGN_BIT  0x8000000000000000ull
#define QUIET_BIT 0x0008000000000000ull
#define DEFAULT_QNAN 0x7ff8000000000000ull

static inline double D(uint64_t b) { double d; memcpy(&d, &b, 8); return d; }
static inline uint64_t B(double d) { uint64_t b; memcpy(&b, &d, 8); return b; }
static inline bool is_nan(uint64_t b) { return (b & EXP_MASK) == EXP_MASK && (b & FRAC_MASK); }
static inline bool is_snan(uint64_t b) { return is_nan(b) && !(b & QUIET_BIT); }
static inline bool is_inf(uint64_t b) { return (b & ~SIGN_BIT) == EXP_MASK; }
static inline bool is_zero(uint64_t b) { return !(b & ~SIGN_BIT); }
static inline bool is_denorm(uint64_t b) { return !(b & EXP_MASK) && (b & FRAC_MASK); }

/* ---- single <-> double as the load/store unit does (MPCFPE32B §3.4.3) ---- */

uint64_t ppc_single_to_double(uint32_t s)
{
    uint64_t sign = (uint64_t)(s >> 31) << 63;
    uint32_t exp = (s >> 23) & 0xff, frac = s & 0x7fffff;
    if (exp == 0xff)          /* inf/NaN: payload kept, an SNaN stays signalling */
        return sign | EXP_MASK | (uint64_t)frac << 29;
    if (exp)
        return sign | (uint64_t)(exp - 127 + 1023) << 52 | (uint64_t)frac << 29;
    if (!frac)
        return sign;
    int e = -126;             /* denormal: normalise */
    while (!(frac & 0x800000)) {
        frac <<= 1;
        e--;
    }
    return sign | (uint64_t)(e + 1023) << 52 | (uint64_t)(frac & 0x7fffff) << 29;
}

uint32_t ppc_double_to_single(uint64_t d)
{
    uint32_t sign = (uint32_t)(d >> 63) << 31;
    int exp = (int)((d >> 52) & 0x7ff);
    uint64_t frac = d & FRAC_MASK;
    if (exp > 896 || exp == 0x7ff || !exp)   /* normal single range, inf/NaN, zero */
        return sign | ((uint32_t)(d >> 32) & 0x40000000u) |
               (uint32_t)((d >> 29) & 0x3fffffffu);
    if (exp >= 874) {         /* denormalise, truncating */
        uint64_t m = (frac | (1ull << 52)) >> (29 + 897 - exp);
        return sign | (uint32_t)m;
    }
    return sign;              /* undefined in the architecture: zero */
}

/* ---- FPSCR bookkeeping ---------------------------------------------------- */

static void fp_summary(ppc_cpu *c)
{
    uint32_t f = c->fpscr & ~(FPSCR_VX | FPSCR_FEX);
    if (f & FPSCR_VX_ALL)
        f |= FPSCR_VX;
    if (((f & FPSCR_VX) && (f & FPSCR_VE)) || ((f & FPSCR_OX) && (f & FPSCR_OE)) ||
        ((f & FPSCR_UX) && (f & FPSCR_UE)) || ((f & FPSCR_ZX) && (f & FPSCR_ZE)) ||
        ((f & FPSCR_XX) && (f & FPSCR_XE)))
        f |= FPSCR_FEX;
    c->fpscr = f;
}

/* Set sticky exception bits; FX records any 0 -> 1 transition. */
static void fp_raise(ppc_cpu *c, uint32_t bits)
{
    if (bits & ~c->fpscr)
        c->fpscr |= FPSCR_FX;
    c->fpscr |= bits;
}

static uint32_t fprf_of(uint64_t b)
{
    bool neg = b >> 63;
    if (is_nan(b))   return 0x11;
    if (is_inf(b))   return neg ? 0x09 : 0x05;
    if (is_zero(b))  return neg ? 0x12 : 0x02;
    if (is_denorm(b)) return neg ? 0x18 : 0x14;
    return neg ? 0x08 : 0x04;
}

/* FPRF of a single-precision result: its class in single format. */
static uint32_t fprf_single(uint64_t b)
{
    uint32_t exp = (uint32_t)((b >> 52) & 0x7ff);
    if (!is_nan(b) && !is_inf(b) && !is_zero(b) && exp < 897)
        return (b >> 63) ? 0x18 : 0x14;
    return fprf_of(b);
}

static void set_fprf(ppc_cpu *c, uint32_t fprf)
{
    c->fpscr = (c->fpscr & ~FPSCR_FPRF) | (fprf << 12);
}

static void set_frfi(ppc_cpu *c, bool fr, bool fi)
{
    c->fpscr &= ~(FPSCR_FR | FPSCR_FI);
    if (fr) c->fpscr |= FPSCR_FR;
    if (fi) c->fpscr |= FPSCR_FI;
}

/* End of every FPU instruction: summaries, CR1 for the record forms, and the
 * precise-mode program exception when an enabled exception is now pending. */
static void fp_finish(ppc_cpu *c, uint32_t insn, bool record)
{
    fp_summary(c);
    if (record && (insn & 1))
        ppc_set_cr_field(c, 1, c->fpscr >> 28);
    if ((c->fpscr & FPSCR_FEX) && !c->fex_before && (c->msr & (MSR_FE0 | MSR_FE1)))
        ppc_program(c, PROG_FP);
}

bool ppc_fp_available(ppc_cpu *c)
{
    c->fex_before = c->fpscr & FPSCR_FEX;
    if (c->msr & MSR_FP)
        return true;
    if (c->cpu.user_mode) {
        ppc_user_fault(c, SIG_ILL);
        return false;
    }
    ppc_exception(c, EXC_FPU, c->pc, 0);
    return false;
}

/* ---- the host side ------------------------------------------------------- */

static const int host_rm[4] = { FE_TONEAREST, FE_TOWARDZERO, FE_UPWARD, FE_DOWNWARD };

typedef enum { AR_ADD, AR_SUB, AR_MUL, AR_DIV, AR_MADD, AR_MSUB } arith_kind;

static double host_op(arith_kind k, double a, double b, double cc)
{
    volatile double va = a, vb = b, vc = cc, r;
    switch (k) {
    case AR_ADD:  r = va + vb; break;
    case AR_SUB:  r = va - vb; break;
    case AR_MUL:  r = va * vc; break;
    case AR_DIV:  r = va / vb; break;
    case AR_MADD: r = fma(va, vc, vb); break;
    default:      r = fma(va, vc, -vb); break;
    }
    return r;
}

typedef struct {
    uint64_t bits;
    bool inexact, fr, ox, ux;
    bool single;      /* classify FPRF in single format */
} rounded;

#define DBL_MIN_BITS 0x0010000000000000ull
#define FLT_MIN_BITS 0x00800000u

/* Would rounding away the low `drop` bits of x's fraction (mode rn) increment
 * the kept part? (the FR bit when the exponent range is ignored) */
static bool mantissa_rounds_up(uint64_t x, unsigned drop, unsigned rn)
{
    uint64_t g = x & ((1ull << drop) - 1), half = 1ull << (drop - 1);
    bool neg = x >> 63, lsb = (x >> drop) & 1;
    switch (rn) {
    case 0:  return g > half || (g == half && lsb);
    case 2:  return g && !neg;
    case 3:  return g && neg;
    default: return false;
    }
}

/* Round an exact-enough double (already the round-to-odd value for single
 * results) to single precision in mode rn, with the flags PowerPC reports. */
static rounded round_to_single(double x, unsigned rn, bool prior_inexact)
{
    rounded r = { 0 };
    fesetround(host_rm[rn]);
    feclearexcept(FE_ALL_EXCEPT);
    volatile double vx = x;
    volatile float f = (float)vx;
    int fl = fetestexcept(FE_ALL_EXCEPT);
    fesetround(FE_TOWARDZERO);
    volatile float fz = (float)vx;
    fesetround(FE_TONEAREST);
    r.bits = B((double)f);
    r.single = true;
    r.inexact = (fl & FE_INEXACT) || prior_inexact;
    r.ox = fl & FE_OVERFLOW;
    r.ux = (fl & FE_UNDERFLOW) != 0;
    uint32_t fb, fzb;
    float ff = f, ffz = fz;
    memcpy(&fb, &ff, 4);
    memcpy(&fzb, &ffz, 4);
    if (r.inexact && (fb & 0x7fffffffu) == FLT_MIN_BITS && (fzb & 0x7fffffffu) < FLT_MIN_BITS)
        r.ux = true;     /* tiny before rounding */
    r.fr = r.inexact && fb != fzb;
    if (r.ox)            /* FR then describes the 24-bit rounding alone */
        r.fr = mantissa_rounds_up(B(x), 29, rn);
    return r;
}

static rounded compute(arith_kind k, uint64_t a, uint64_t b, uint64_t cc, unsigned rn,
                       bool single)
{
    rounded r = { 0 };
    if (single) {
        /* Round to odd in double, then once to single. */
        fesetround(FE_TOWARDZERO);
        feclearexcept(FE_ALL_EXCEPT);
        double x = host_op(k, D(a), D(b), D(cc));
        bool inex = fetestexcept(FE_INEXACT);
        if (x == 0 && !inex) {
            /* An exact zero takes its sign from the rounding mode. */
            fesetround(host_rm[rn]);
            x = host_op(k, D(a), D(b), D(cc));
        }
        fesetround(FE_TONEAREST);
        uint64_t xb = B(x);
        if (inex && !is_inf(xb) && !is_nan(xb))
            xb |= 1;
        return round_to_single(D(xb), rn, inex);
    }
    fesetround(host_rm[rn]);
    feclearexcept(FE_ALL_EXCEPT);
    double x = host_op(k, D(a), D(b), D(cc));
    int fl = fetestexcept(FE_ALL_EXCEPT);
    r.bits = B(x);
    r.inexact = fl & FE_INEXACT;
    r.ox = fl & FE_OVERFLOW;
    r.ux = fl & FE_UNDERFLOW;
    if (r.inexact) {
        fesetround(FE_TOWARDZERO);
        uint64_t z = B(host_op(k, D(a), D(b), D(cc)));
        r.fr = z != r.bits;
        if ((r.bits & ~SIGN_BIT) == DBL_MIN_BITS && (z & ~SIGN_BIT) < DBL_MIN_BITS)
            r.ux = true;
    }
    if (r.ox) {
        /* FR on overflow describes the 53-bit rounding with an unbounded
         * exponent: redo the operation scaled down by 2^-256. */
        double s = 0x1p-256, sa = D(a) * s;
        double sb = (k == AR_MUL || k == AR_DIV) ? D(b) : D(b) * s;
        fesetround(host_rm[rn]);
        uint64_t m = B(host_op(k, sa, sb, D(cc)));
        fesetround(FE_TOWARDZERO);
        uint64_t z = B(host_op(k, sa, sb, D(cc)));
        r.fr = m != z;
    }
    fesetround(FE_TONEAREST);
    return r;
}

/* Tiny: below the smallest normal of the target format (before rounding). */
static bool is_tiny(rounded r, bool single)
{
    uint64_t m = r.bits & ~SIGN_BIT;
    if (is_zero(r.bits) && !r.inexact)
        return false;
    uint64_t min = single ? 0x3810000000000000ull : DBL_MIN_BITS;
    return m < min || (r.ux && m == min);
}

/* The exponent-wrapped result for enabled overflow (dir -1: x 2^-1536 or
 * 2^-192) or underflow (dir +1). Singles scale their round-to-odd double
 * exactly; doubles use the host's 64-bit long double the same way (round to
 * odd with 64 >= 53 + 2 bits, scale, round once). Returns false where the
 * host has no such long double (the disabled result stays). */
static bool wrap_result(arith_kind k, uint64_t a, uint64_t b, uint64_t cc, unsigned rn,
                        bool single, int dir, rounded *out)
{
    if (single) {
        fesetround(FE_TOWARDZERO);
        feclearexcept(FE_ALL_EXCEPT);
        uint64_t xb = B(host_op(k, D(a), D(b), D(cc)));
        bool inex = fetestexcept(FE_INEXACT);
        fesetround(FE_TONEAREST);
        if (inex && !is_inf(xb) && !is_nan(xb))
            xb |= 1;
        rounded r = round_to_single(ldexp(D(xb), dir * 192), rn, inex);
        r.ox = r.ux = false;
        r.ox = dir < 0;
        *out = r;
        return true;
    }
#if LDBL_MANT_DIG == 64
    volatile long double la = D(a), lb = D(b), lc = D(cc), x;
    fesetround(FE_TOWARDZERO);
    feclearexcept(FE_ALL_EXCEPT);
    switch (k) {
    case AR_ADD:  x = la + lb; break;
    case AR_SUB:  x = la - lb; break;
    case AR_MUL:  x = la * lc; break;
    case AR_DIV:  x = la / lb; break;
    case AR_MADD: x = fmal(la, lc, lb); break;
    default:      x = fmal(la, lc, -lb); break;
    }
    bool inex = fetestexcept(FE_INEXACT);
    long double lx = x;
    if (inex) {                      /* round to odd: sticky into the last bit */
        uint64_t mant;
        memcpy(&mant, &lx, 8);       /* x87 extended: 64-bit significand first */
        mant |= 1;
        memcpy(&lx, &mant, 8);
    }
    lx = ldexpl(lx, dir * 1536);
    fesetround(host_rm[rn]);
    feclearexcept(FE_ALL_EXCEPT);
    volatile double d = (double)lx;
    bool inex2 = fetestexcept(FE_INEXACT);
    fesetround(FE_TOWARDZERO);
    volatile double dz = (double)lx;
    fesetround(FE_TONEAREST);
    rounded r = { .bits = B(d) };
    r.inexact = inex || inex2;
    r.fr = r.inexact && B(d) != B(dz);
    r.ox = dir < 0;
    *out = r;
    return true;
#else
    return false;
#endif
}

/* A NaN result of a single-precision instruction is the NaN in single format. */
static uint64_t nan_result(uint64_t n, bool single)
{
    n |= QUIET_BIT;
    if (single)
        n &= ~0x1fffffffull;
    return n;
}

/* ---- arithmetic (A-form) ------------------------------------------------- */

/* The 603e/750 FPU does single-precision multiplies in one pass of its
 * narrow multiplier: frC enters with its significand rounded to 25 bits (to
 * nearest, ties away from zero). The vectors require it (fmuls 0.25 * 0.35
 * is exact there); Dolphin documents the same for the 750-derived Gekko. */
static uint64_t round_frc(uint64_t cc)
{
    if (is_nan(cc) || is_inf(cc))
        return cc;
    uint64_t low = cc & 0xfffffffull;   /* the 28 bits below a 25-bit significand */
    return (cc - low) + ((low >> 27) ? 0x10000000ull : 0);
}

static uint64_t flush_denorm(uint64_t b) { return is_denorm(b) ? (b & SIGN_BIT) : b; }

void ppc_fp_arith(ppc_cpu *c, uint32_t insn)
{
    if (!ppc_fp_available(c))
        return;
    bool single = (insn >> 26) == 59;
    unsigned xo = (insn >> 1) & 31, rn = c->fpscr & FPSCR_RN;
    uint64_t a = c->fpr[RA(insn)], b = c->fpr[RB(insn)], cc = c->fpr[RC_(insn)];
    bool ni = c->fpscr & FPSCR_NI;
    if (ni) {
        a = flush_denorm(a);
        b = flush_denorm(b);
        cc = flush_denorm(cc);
    }

    if (xo == 23) {              /* fsel: no exceptions, no FPSCR change */
        c->fpr[RD(insn)] = (!is_nan(a) && (is_zero(a) || !(a >> 63))) ? cc : b;
        fp_finish(c, insn, true);
        return;
    }

    arith_kind k;
    bool use_a = true, use_b = true, use_c = false, negate = false;
    switch (xo) {
    case 18: k = AR_DIV; break;
    case 20: k = AR_SUB; break;
    case 21: k = AR_ADD; break;
    case 24:                     /* fres: 1 / frB */
        k = AR_DIV; a = 0x3ff0000000000000ull; use_a = false; break;
    case 25: k = AR_MUL; use_b = false; use_c = true; break;
    case 26: k = AR_DIV; a = 0x3ff0000000000000ull; use_a = false; break;  /* frsqrte */
    case 28: k = AR_MSUB; use_c = true; break;
    case 29: k = AR_MADD; use_c = true; break;
    case 30: k = AR_MSUB; use_c = true; negate = true; break;
    case 31: k = AR_MADD; use_c = true; negate = true; break;
    default:
        ppc_illegal(c, insn);
        return;
    }
    bool frsqrte = xo == 26 && !single;
    if (single && use_c)
        cc = round_frc(cc);

    /* Signalling NaNs and NaN propagation. */
    bool snan = (use_a && is_snan(a)) || (use_b && is_snan(b)) || (use_c && is_snan(cc));
    uint32_t vx = snan ? FPSCR_VXSNAN : 0;
    uint64_t res = 0;
    bool have_res = false;
    if (use_a && is_nan(a))      { res = a; have_res = true; }
    else if (use_b && is_nan(b)) { res = b; have_res = true; }
    else if (use_c && is_nan(cc)) { res = cc; have_res = true; }
    if (have_res) {
        res = nan_result(res, single);
    } else {
        /* Invalid operations on non-NaN operands. */
        bool sa = a >> 63, sb = b >> 63, sc = cc >> 63;
        switch (k) {
        case AR_ADD:
        case AR_SUB:
            if (is_inf(a) && is_inf(b) && ((sa != sb) == (k == AR_ADD)))
                vx |= FPSCR_VXISI;
            break;
        case AR_MUL:
            if ((is_inf(a) && is_zero(cc)) || (is_zero(a) && is_inf(cc)))
                vx |= FPSCR_VXIMZ;
            break;
        case AR_DIV:
            if (frsqrte) {
                if ((b >> 63) && !is_zero(b))
                    vx |= FPSCR_VXSQRT;
            } else if (is_inf(a) && is_inf(b)) {
                vx |= FPSCR_VXIDI;
            } else if (is_zero(a) && is_zero(b)) {
                vx |= FPSCR_VXZDZ;
            }
            break;
        default:                 /* fused: product, then the sum */
            if ((is_inf(a) && is_zero(cc)) || (is_zero(a) && is_inf(cc)))
                vx |= FPSCR_VXIMZ;
            else if ((is_inf(a) || is_inf(cc)) && is_inf(b) &&
                     ((sa ^ sc) != (sb ^ (k == AR_MSUB))))
                vx |= FPSCR_VXISI;
            break;
        }
        if (vx) {
            res = DEFAULT_QNAN;
            have_res = true;
        }
    }
    if (vx) {
        fp_raise(c, vx);
        if (c->fpscr & FPSCR_VE) {   /* enabled: frD and FPRF untouched */
            set_frfi(c, false, false);
            fp_finish(c, insn, true);
            return;
        }
    }
    if (have_res) {
        c->fpr[RD(insn)] = res;
        set_frfi(c, false, false);
        set_fprf(c, fprf_of(res));
        fp_finish(c, insn, true);
        return;
    }

    /* Division by zero of a finite non-zero number. */
    if (k == AR_DIV && is_zero(b) && !is_inf(a)) {
        fp_raise(c, FPSCR_ZX);
        if (c->fpscr & FPSCR_ZE) {
            set_frfi(c, false, false);
            fp_finish(c, insn, true);
            return;
        }
        res = EXP_MASK | ((a ^ b) & SIGN_BIT);
        c->fpr[RD(insn)] = res;
        set_frfi(c, false, false);
        set_fprf(c, fprf_of(res));
        fp_finish(c, insn, true);
        return;
    }

    rounded r;
    if (frsqrte) {
        fesetround(host_rm[rn]);
        volatile double x = D(b);
        r = (rounded){ .bits = B(1.0 / sqrt(x)) };
        fesetround(FE_TONEAREST);
    } else {
        r = compute(k, a, b, cc, rn, single);
    }
    bool wrapped = false;
    if (!frsqrte) {
        /* Enabled overflow/underflow deliver the result with the exponent
         * wrapped by 1536 (double) or 192 (single): MPCFPE32B §3.3.6.2.1-2.
         * With UE = 1 underflow is any tiny result, exact or not. */
        bool tiny = is_tiny(r, single);
        int wrap = (r.ox && (c->fpscr & FPSCR_OE)) ? -1 : (tiny && (c->fpscr & FPSCR_UE)) ? 1 : 0;
        if (wrap && wrap_result(k, a, b, cc, rn, single, wrap, &r)) {
            wrapped = true;
            if (wrap > 0)
                r.ux = true;
        }
    }
    if (negate && !is_nan(r.bits))
        r.bits ^= SIGN_BIT;
    if (ni && !wrapped && is_denorm(r.bits)) {
        r.bits &= SIGN_BIT;
        r.ux = r.inexact = true;
    }
    uint32_t ex = 0;
    if (r.ox) ex |= wrapped ? FPSCR_OX : FPSCR_OX | FPSCR_XX;
    if (r.ux) ex |= FPSCR_UX;
    if (r.inexact) ex |= FPSCR_XX;
    fp_raise(c, ex);
    c->fpr[RD(insn)] = r.bits;
    set_frfi(c, r.fr, r.inexact);
    set_fprf(c, single ? fprf_single(r.bits) : fprf_of(r.bits));
    fp_finish(c, insn, true);
}

/* ---- compare ------------------------------------------------------------ */

void ppc_fp_cmp(ppc_cpu *c, uint32_t insn)
{
    if (!ppc_fp_available(c))
        return;
    uint64_t a = c->fpr[RA(insn)], b = c->fpr[RB(insn)];
    bool ordered = ((insn >> 1) & 0x3ff) == 32;
    uint32_t cc;
    if (is_nan(a) || is_nan(b)) {
        cc = 1;
        bool snan = is_snan(a) || is_snan(b);
        uint32_t vx = snan ? FPSCR_VXSNAN : 0;
        if (ordered && (!snan || !(c->fpscr & FPSCR_VE)))
            vx |= FPSCR_VXVC;
        fp_raise(c, vx);
    } else {
        double x = D(a), y = D(b);
        cc = x < y ? 8 : x > y ? 4 : 2;
    }
    c->fpscr = (c->fpscr & ~0xf000u) | cc << 12;
    ppc_set_cr_field(c, (insn >> 23) & 7, cc);
    fp_finish(c, insn, false);
}

/* ---- moves (no FPSCR change) -------------------------------------------- */

void ppc_fp_move(ppc_cpu *c, uint32_t insn)
{
    if (!ppc_fp_available(c))
        return;
    uint64_t b = c->fpr[RB(insn)];
    switch ((insn >> 1) & 0x3ff) {
    case 40:  b ^= SIGN_BIT; break;   /* fneg */
    case 136: b |= SIGN_BIT; break;   /* fnabs */
    case 264: b &= ~SIGN_BIT; break;  /* fabs */
    default:  break;                  /* fmr */
    }
    c->fpr[RD(insn)] = b;
    if (insn & 1)
        ppc_set_cr_field(c, 1, c->fpscr >> 28);
}

/* ---- frsp and fctiw[z] --------------------------------------------------- */

void ppc_frsp(ppc_cpu *c, uint32_t insn)
{
    if (!ppc_fp_available(c))
        return;
    uint64_t b = c->fpr[RB(insn)];
    if (c->fpscr & FPSCR_NI)
        b = flush_denorm(b);
    if (is_nan(b)) {
        if (is_snan(b)) {
            fp_raise(c, FPSCR_VXSNAN);
            if (c->fpscr & FPSCR_VE) {
                set_frfi(c, false, false);
                fp_finish(c, insn, true);
                return;
            }
        }
        uint64_t res = nan_result(b, true);
        c->fpr[RD(insn)] = res;
        set_frfi(c, false, false);
        set_fprf(c, fprf_of(res));
        fp_finish(c, insn, true);
        return;
    }
    rounded r = round_to_single(D(b), c->fpscr & FPSCR_RN, false);
    uint32_t ex = 0;
    if (r.ox) ex |= FPSCR_OX | FPSCR_XX;
    if (r.ux) ex |= FPSCR_UX;
    if (r.inexact) ex |= FPSCR_XX;
    fp_raise(c, ex);
    c->fpr[RD(insn)] = r.bits;
    set_frfi(c, r.fr, r.inexact);
    set_fprf(c, fprf_single(r.bits));
    fp_finish(c, insn, true);
}

void ppc_fctiw(ppc_cpu *c, uint32_t insn)
{
    if (!ppc_fp_available(c))
        return;
    uint64_t b = c->fpr[RB(insn)];
    unsigned rn = ((insn >> 1) & 0x3ff) == 15 ? 1 : (c->fpscr & FPSCR_RN);
    uint32_t out;
    bool fr = false, fi = false;
    uint32_t vx = 0;
    if (is_nan(b)) {
        vx = FPSCR_VXCVI | (is_snan(b) ? FPSCR_VXSNAN : 0);
        out = 0x80000000u;
    } else {
        fesetround(host_rm[rn]);
        volatile double x = D(b);
        double ri = nearbyint(x);
        fesetround(FE_TONEAREST);
        if (ri > 2147483647.0) {
            vx = FPSCR_VXCVI;
            out = 0x7fffffffu;
        } else if (ri < -2147483648.0) {
            vx = FPSCR_VXCVI;
            out = 0x80000000u;
        } else {
            out = (uint32_t)(int32_t)ri;
            fi = ri != D(b);
            fr = fi && fabs(ri) > fabs(D(b));
        }
    }
    if (vx) {
        fp_raise(c, vx);
        set_frfi(c, false, false);
        if (c->fpscr & FPSCR_VE) {
            fp_finish(c, insn, true);
            return;
        }
    } else {
        if (fi)
            fp_raise(c, FPSCR_XX);
        set_frfi(c, fr, fi);
    }
    /* The upper word is undefined; the 750 leaves 0xFFF80000 there. */
    c->fpr[RD(insn)] = 0xfff8000000000000ull | out;
    fp_finish(c, insn, true);
}

/* ---- FPSCR instructions -------------------------------------------------- */

/* Exception bits that mcrfs clears and mtfsb1 counts for FX. */
#define FPSCR_EXC_BITS (FPSCR_FX | FPSCR_OX | FPSCR_UX | FPSCR_ZX | FPSCR_XX | FPSCR_VX_ALL)

void ppc_fpscr_op(ppc_cpu *c, uint32_t insn)
{
    if (!ppc_fp_available(c))
        return;
    unsigned xo = (insn >> 1) & 0x3ff;
    switch (xo) {
    case 583:                                   /* mffs */
        c->fpr[RD(insn)] = 0xfff8000000000000ull | c->fpscr;
        break;
    case 64: {                                  /* mcrfs */
        unsigned sf = (insn >> 18) & 7, sh = 4 * (7 - sf);
        ppc_set_cr_field(c, (insn >> 23) & 7, c->fpscr >> sh);
        c->fpscr &= ~((0xfu << sh) & FPSCR_EXC_BITS);
        break;
    }
    case 38:                                    /* mtfsb1 */
    case 70: {                                  /* mtfsb0 */
        uint32_t bit = 0x80000000u >> RD(insn);
        if (bit & (FPSCR_FEX | FPSCR_VX))
            break;
        if (xo == 38)
            fp_raise(c, bit);
        else
            c->fpscr &= ~bit;
        break;
    }
    case 134: {                                 /* mtfsfi */
        unsigned sh = 4 * (7 - ((insn >> 23) & 7));
        uint32_t m = 0xfu << sh & ~(FPSCR_FEX | FPSCR_VX);
        c->fpscr = (c->fpscr & ~m) | ((((insn >> 12) & 0xfu) << sh) & m);
        break;
    }
    case 711: {                                 /* mtfsf */
        unsigned fm = (insn >> 17) & 0xff;
        uint32_t m = 0;
        for (unsigned f = 0; f < 8; f++)
            if (fm & (0x80 >> f))
                m |= 0xf0000000u >> (4 * f);
        m &= ~(FPSCR_FEX | FPSCR_VX);
        c->fpscr = (c->fpscr & ~m) | ((uint32_t)c->fpr[RB(insn)] & m);
        break;
    }
    default:
        ppc_illegal(c, insn);
        return;
    }
    fp_finish(c, insn, xo != 64);
}
