/* cpu/x86/fpu.c — x87 FPU on the host's long double.
 *
 * Instruction set and encodings: SDM vol. 2 (FADD … FYL2XP1) and vol. 1
 * ch. 8 (status/control/tag words, FXAM classes, condition codes, the
 * 14/28-byte environment and 94/108-byte save layouts).
 *
 * Documented limits: registers are host `long double`. On x86 hosts that is
 * the x87 80-bit format, so loads/stores of m80 are exact and +,-,*,/,sqrt
 * round exactly as the hardware does (round to nearest, 64-bit precision).
 * The control word's precision (PC) and rounding (RC) fields are honoured:
 * on x86 hosts by loading them into the host x87 control word around each
 * arithmetic operation (glibc's libm sets PC to 53 bits and relies on it);
 * elsewhere by rounding results to float/double (double rounding possible). Transcendentals (FSIN, F2XM1, FYL2X, FPATAN …) use the
 * host libm on long double. Unmasked exceptions never raise #MF: flags are
 * recorded in the status word only (IE, ZE, SF). On a host whose long
 * double is not 80-bit, m80 values go through a portable converter. */
#include "cpu/x86/x86.h"
#include <float.h>
#include <math.h>

typedef long double f80;

/* Status word bits. */
enum { SW_IE = 1, SW_DE = 2, SW_ZE = 4, SW_OE = 8, SW_UE = 16, SW_PE = 32, SW_SF = 64,
       SW_ES = 128, SW_C0 = 0x100, SW_C1 = 0x200, SW_C2 = 0x400, SW_C3 = 0x4000 };

void x86_fpu_reset(x86_cpu *c)
{
    memset(&c->fpu, 0, sizeof c->fpu);
    c->fpu.cw = 0x037F;
    c->fpu.tw = 0xFFFF;
}

/* ---- stack --------------------------------------------------------------- */

static inline unsigned phys(x86_fpu *f, unsigned i) { return (f->top + i) & 7; }
static inline bool empty(x86_fpu *f, unsigned i) { return ((f->tw >> (2 * phys(f, i))) & 3) == 3; }

static void set_tag(x86_fpu *f, unsigned p, bool is_empty)
{
    f->tw = (uint16_t)((f->tw & ~(3u << (2 * p))) | ((is_empty ? 3u : 0u) << (2 * p)));
}

static f80 st(x86_fpu *f, unsigned i)
{
    if (empty(f, i)) {
        f->sw |= SW_IE | SW_SF;
        f->sw &= ~SW_C1;
        return -NAN;               /* the "real indefinite" */
    }
    return f->st[phys(f, i)];
}

static void st_set(x86_fpu *f, unsigned i, f80 v)
{
    f->st[phys(f, i)] = v;
    set_tag(f, phys(f, i), false);
}

static void push(x86_fpu *f, f80 v)
{
    f->top = (f->top - 1) & 7;
    if (!empty(f, 0)) {
        f->sw |= SW_IE | SW_SF | SW_C1;   /* stack overflow */
        v = -NAN;
    }
    st_set(f, 0, v);
}

static void pop(x86_fpu *f)
{
    set_tag(f, phys(f, 0), true);
    f->top = (f->top + 1) & 7;
}

/* ---- memory formats ------------------------------------------------------ */

static f80 load_m80(x86_cpu *c, int seg, uint32_t off)
{
    uint32_t am = c->a32 ? 0xFFFFFFFFu : 0xFFFF;
    uint64_t m = x86_rd(c, seg, off, 4) | (uint64_t)x86_rd(c, seg, (off + 4) & am, 4) << 32;
    uint16_t se = (uint16_t)x86_rd(c, seg, (off + 8) & am, 2);
#if LDBL_MANT_DIG == 64 && (defined(__x86_64__) || defined(__i386__))
    uint8_t b[sizeof(f80)] = { 0 };
    memcpy(b, &m, 8);
    memcpy(b + 8, &se, 2);
    f80 v;
    memcpy(&v, b, sizeof v);
    return v;
#else
    int e = se & 0x7FFF;
    f80 v;
    if (e == 0x7FFF)
        v = (m << 1) ? NAN : INFINITY;
    else
        v = ldexpl((f80)m, (e ? e : 1) - 16383 - 63);
    return (se & 0x8000) ? -v : v;
#endif
}

static void store_m80(x86_cpu *c, int seg, uint32_t off, f80 v)
{
    uint32_t am = c->a32 ? 0xFFFFFFFFu : 0xFFFF;
    uint64_t m;
    uint16_t se;
#if LDBL_MANT_DIG == 64 && (defined(__x86_64__) || defined(__i386__))
    uint8_t b[sizeof(f80)];
    memcpy(b, &v, sizeof v);
    memcpy(&m, b, 8);
    memcpy(&se, b + 8, 2);
#else
    se = signbit(v) ? 0x8000 : 0;
    if (isnan(v)) { se |= 0x7FFF; m = 0xC000000000000000ull; }
    else if (isinf(v)) { se |= 0x7FFF; m = 0x8000000000000000ull; }
    else if (v == 0) { m = 0; }
    else {
        int e;
        f80 fr = frexpl(fabsl(v), &e);       /* [0.5, 1) */
        int be = e - 1 + 16383;
        if (be <= 0) { m = (uint64_t)ldexpl(fabsl(v), 16382 + 63); be = 0; }
        else m = (uint64_t)ldexpl(fr, 64);
        se |= (uint16_t)be;
    }
#endif
    x86_wr(c, seg, off, 4, (uint32_t)m);
    x86_wr(c, seg, (off + 4) & am, 4, (uint32_t)(m >> 32));
    x86_wr(c, seg, (off + 8) & am, 2, se);
}

static f80 load_real(x86_cpu *c, unsigned size)
{
    uint32_t am = c->a32 ? 0xFFFFFFFFu : 0xFFFF;
    if (size == 4) {
        uint32_t u = x86_rd(c, c->ea_seg, c->ea_off, 4);
        float fl;
        memcpy(&fl, &u, 4);
        return fl;
    }
    uint64_t u = x86_rd(c, c->ea_seg, c->ea_off, 4) |
                 (uint64_t)x86_rd(c, c->ea_seg, (c->ea_off + 4) & am, 4) << 32;
    double d;
    memcpy(&d, &u, 8);
    return d;
}

static void store_real(x86_cpu *c, unsigned size, f80 v)
{
    uint32_t am = c->a32 ? 0xFFFFFFFFu : 0xFFFF;
    if (size == 4) {
        float fl = (float)v;
        uint32_t u;
        memcpy(&u, &fl, 4);
        x86_wr(c, c->ea_seg, c->ea_off, 4, u);
        return;
    }
    double d = (double)v;
    uint64_t u;
    memcpy(&u, &d, 8);
    x86_wr(c, c->ea_seg, c->ea_off, 4, (uint32_t)u);
    x86_wr(c, c->ea_seg, (c->ea_off + 4) & am, 4, (uint32_t)(u >> 32));
}

static f80 load_int(x86_cpu *c, unsigned size)
{
    uint32_t am = c->a32 ? 0xFFFFFFFFu : 0xFFFF;
    if (size == 2)
        return (int16_t)x86_rd(c, c->ea_seg, c->ea_off, 2);
    if (size == 4)
        return (int32_t)x86_rd(c, c->ea_seg, c->ea_off, 4);
    uint64_t u = x86_rd(c, c->ea_seg, c->ea_off, 4) |
                 (uint64_t)x86_rd(c, c->ea_seg, (c->ea_off + 4) & am, 4) << 32;
    return (f80)(int64_t)u;
}

/* Round to an integer per CW.RC (SDM vol. 1 §4.8.4). */
static f80 round_rc(x86_fpu *f, f80 v)
{
    switch ((f->cw >> 10) & 3) {
    case 0: {
        f80 r = floorl(v), d = v - r;
        if (d > 0.5L || (d == 0.5L && fmodl(r, 2.0L) != 0))
            r += 1;
        return r;
    }
    case 1: return floorl(v);
    case 2: return ceill(v);
    default: return truncl(v);
    }
}

static void store_int(x86_cpu *c, unsigned size, f80 v)
{
    x86_fpu *f = &c->fpu;
    uint32_t am = c->a32 ? 0xFFFFFFFFu : 0xFFFF;
    f80 r = round_rc(f, v);
    int64_t iv;
    f80 lim = size == 2 ? 32768.0L : size == 4 ? 2147483648.0L : 9223372036854775808.0L;
    if (isnan(r) || r >= lim || r < -lim) {
        f->sw |= SW_IE;
        iv = size == 2 ? INT16_MIN : size == 4 ? INT32_MIN : INT64_MIN;  /* indefinite */
    } else {
        iv = (int64_t)r;
        if (r != v)
            f->sw |= SW_PE;
    }
    if (size <= 4) {
        x86_wr(c, c->ea_seg, c->ea_off, size, (uint32_t)iv);
    } else {
        x86_wr(c, c->ea_seg, c->ea_off, 4, (uint32_t)iv);
        x86_wr(c, c->ea_seg, (c->ea_off + 4) & am, 4, (uint32_t)((uint64_t)iv >> 32));
    }
}

/* ---- arithmetic ---------------------------------------------------------- */

/* One basic operation under the guest's PC and RC (see the header). The
 * volatile operands keep the compiler from moving the operation across the
 * control-word loads. */
static f80 host_op(uint16_t cw, unsigned op, f80 a, f80 b)
{
    volatile f80 va = a, vb = b, vr;
#if defined(__x86_64__) || defined(__i386__)
    uint16_t old, ncw;
    __asm__ volatile("fnstcw %0" : "=m"(old) : : "memory");
    ncw = (uint16_t)((old & ~0x0F00u) | (cw & 0x0F00u));
    __asm__ volatile("fldcw %0" : : "m"(ncw) : "memory");
#endif
    switch (op) {
    case 0: vr = va + vb; break;
    case 1: vr = va * vb; break;
    case 2: vr = va - vb; break;
    case 3: vr = va / vb; break;
    default: vr = sqrtl(va); break;
    }
#if defined(__x86_64__) || defined(__i386__)
    __asm__ volatile("fldcw %0" : : "m"(old) : "memory");
    return vr;
#else
    switch ((cw >> 8) & 3) {
    case 0: return (float)vr;
    case 2: return (double)vr;
    default: return vr;
    }
#endif
}

static f80 arith(x86_fpu *f, unsigned op, f80 a, f80 b)
{
    switch (op) {
    case 0: return host_op(f->cw, 0, a, b);
    case 1: return host_op(f->cw, 1, a, b);
    case 4: return host_op(f->cw, 2, a, b);
    case 5: return host_op(f->cw, 2, b, a);
    case 6:
        if (b == 0 && !isnan(a)) f->sw |= (a == 0) ? SW_IE : SW_ZE;
        return host_op(f->cw, 3, a, b);
    default:
        if (a == 0 && !isnan(b)) f->sw |= (b == 0) ? SW_IE : SW_ZE;
        return host_op(f->cw, 3, b, a);
    }
}

static void compare(x86_fpu *f, f80 a, f80 b, bool quiet)
{
    f->sw &= ~(SW_C0 | SW_C2 | SW_C3 | SW_C1);
    if (isnan(a) || isnan(b)) {
        f->sw |= SW_C0 | SW_C2 | SW_C3;
        if (!quiet)
            f->sw |= SW_IE;
    } else if (a < b) {
        f->sw |= SW_C0;
    } else if (a == b) {
        f->sw |= SW_C3;
    }
}

static void compare_eflags(x86_cpu *c, f80 a, f80 b, bool quiet)
{
    c->lf_op = LF_NONE;   /* all six are written */
    uint32_t fl = c->eflags & ~(F_ZF | F_PF | F_CF | F_OF | F_SF | F_AF);
    if (isnan(a) || isnan(b)) {
        fl |= F_ZF | F_PF | F_CF;
        if (!quiet)
            c->fpu.sw |= SW_IE;
    } else if (a < b) {
        fl |= F_CF;
    } else if (a == b) {
        fl |= F_ZF;
    }
    c->eflags = fl;
    c->fpu.sw &= ~SW_C1;
}

static void fxam(x86_fpu *f)
{
    f->sw &= ~(SW_C0 | SW_C1 | SW_C2 | SW_C3);
    if (empty(f, 0)) {
        f->sw |= SW_C3 | SW_C0;
        return;
    }
    f80 v = f->st[phys(f, 0)];
    if (signbit(v))
        f->sw |= SW_C1;
    switch (fpclassify(v)) {
    case FP_NAN: f->sw |= SW_C0; break;
    case FP_INFINITE: f->sw |= SW_C2 | SW_C0; break;
    case FP_ZERO: f->sw |= SW_C3; break;
    case FP_SUBNORMAL: f->sw |= SW_C3 | SW_C2; break;
    default: f->sw |= SW_C2; break;
    }
}

static void fprem(x86_fpu *f, bool ieee)
{
    f80 a = st(f, 0), b = st(f, 1);
    f->sw &= ~(SW_C0 | SW_C1 | SW_C2 | SW_C3);
    if (isnan(a) || isnan(b) || isinf(a) || b == 0) {
        f->sw |= SW_IE;
        st_set(f, 0, NAN);
        return;
    }
    f80 r = ieee ? remainderl(a, b) : fmodl(a, b);
    f80 q = ieee ? nearbyintl((a - r) / b) : truncl((a - r) / b);
    uint64_t qi = (uint64_t)fabsl(fmodl(q, 8.0L));
    if (qi & 4) f->sw |= SW_C0;
    if (qi & 2) f->sw |= SW_C3;
    if (qi & 1) f->sw |= SW_C1;
    st_set(f, 0, r);
}

/* ---- environment ---------------------------------------------------------- */

static uint16_t tag_word_full(x86_fpu *f)
{
    uint16_t tw = 0;
    for (unsigned p = 0; p < 8; p++) {
        unsigned t;
        if (((f->tw >> (2 * p)) & 3) == 3) {
            t = 3;
        } else {
            f80 v = f->st[p];
            t = v == 0 ? 1 : (isnan(v) || isinf(v) || fpclassify(v) == FP_SUBNORMAL) ? 2 : 0;
        }
        tw |= (uint16_t)(t << (2 * p));
    }
    return tw;
}

static uint16_t status(x86_fpu *f)
{
    return (uint16_t)((f->sw & ~0x3800u) | (f->top << 11));
}

static uint32_t store_env(x86_cpu *c)
{
    x86_fpu *f = &c->fpu;
    uint32_t am = c->a32 ? 0xFFFFFFFFu : 0xFFFF, o = c->ea_off;
    unsigned w = c->o32 ? 4 : 2;
    uint32_t vals[7] = { f->cw, status(f), tag_word_full(f), f->fip, f->fcs, f->fdp, f->fds };
    for (unsigned i = 0; i < 7; i++)
        x86_wr(c, c->ea_seg, (o + i * w) & am, w, vals[i] | (w == 4 && i < 3 ? 0xFFFF0000u : 0));
    return 7 * w;
}

static uint32_t load_env(x86_cpu *c)
{
    x86_fpu *f = &c->fpu;
    uint32_t am = c->a32 ? 0xFFFFFFFFu : 0xFFFF, o = c->ea_off;
    unsigned w = c->o32 ? 4 : 2;
    f->cw = (uint16_t)x86_rd(c, c->ea_seg, o, 2);
    uint16_t sw = (uint16_t)x86_rd(c, c->ea_seg, (o + w) & am, 2);
    uint16_t tw = (uint16_t)x86_rd(c, c->ea_seg, (o + 2 * w) & am, 2);
    f->sw = sw & ~0x3800u;
    f->top = (sw >> 11) & 7;
    f->tw = 0;
    for (unsigned p = 0; p < 8; p++)
        if (((tw >> (2 * p)) & 3) == 3)
            f->tw |= (uint16_t)(3u << (2 * p));
    return 7 * w;
}

/* ---- dispatch --------------------------------------------------------------- */

static const f80 consts[7] = {
    1.0L,
    3.32192809488736234787031942948939018L,  /* log2(10) */
    1.44269504088896340735992468100189214L,  /* log2(e) */
    3.14159265358979323846264338327950288L,  /* pi */
    0.301029995663981195213738894724493027L, /* log10(2) */
    0.693147180559945309417232121458176568L, /* ln(2) */
    0.0L,
};

static void exec_d9_reg(x86_cpu *c)
{
    x86_fpu *f = &c->fpu;
    unsigned i = c->rm;
    f80 a, b;
    switch (c->regf) {
    case 0: a = st(f, i); push(f, a); return;                 /* FLD ST(i) */
    case 1: a = st(f, 0); b = st(f, i); st_set(f, 0, b); st_set(f, i, a); return; /* FXCH */
    case 2: if (i == 0) return; break;                        /* FNOP */
    case 4:
        switch (i) {
        case 0: st_set(f, 0, -st(f, 0)); return;              /* FCHS */
        case 1: st_set(f, 0, fabsl(st(f, 0))); return;        /* FABS */
        case 4: compare(f, st(f, 0), 0.0L, false); return;    /* FTST */
        case 5: fxam(f); return;                              /* FXAM */
        }
        break;
    case 5:
        if (i < 7) { push(f, consts[i]); return; }            /* FLD1 … FLDZ */
        break;
    case 6:
        f->sw &= ~SW_C2;
        switch (i) {
        case 0: st_set(f, 0, expm1l(st(f, 0) * consts[5])); return;       /* F2XM1 */
        case 1: a = st(f, 0); b = st(f, 1); pop(f); st_set(f, 0, b * log2l(a)); return; /* FYL2X */
        case 2: st_set(f, 0, tanl(st(f, 0))); push(f, 1.0L); return;       /* FPTAN */
        case 3: a = st(f, 0); b = st(f, 1); pop(f); st_set(f, 0, atan2l(b, a)); return; /* FPATAN */
        case 4: {                                                          /* FXTRACT */
            a = st(f, 0);
            if (a == 0) {
                f->sw |= SW_ZE;
                st_set(f, 0, -INFINITY);
                push(f, a);
                return;
            }
            int e;
            f80 m = frexpl(a, &e);
            st_set(f, 0, (f80)(e - 1));
            push(f, m * 2);
            return;
        }
        case 5: fprem(f, true); return;                                    /* FPREM1 */
        case 6: f->top = (f->top - 1) & 7; return;                        /* FDECSTP */
        case 7: f->top = (f->top + 1) & 7; return;                        /* FINCSTP */
        }
        break;
    case 7:
        f->sw &= ~SW_C2;
        switch (i) {
        case 0: fprem(f, false); return;                                   /* FPREM */
        case 1: a = st(f, 0); b = st(f, 1); pop(f);                        /* FYL2XP1 */
            st_set(f, 0, b * log1pl(a) / consts[5]); return;
        case 2:                                                            /* FSQRT */
            a = st(f, 0);
            if (a < 0) f->sw |= SW_IE;
            st_set(f, 0, host_op(f->cw, 4, a, 0));
            return;
        case 3: a = st(f, 0); st_set(f, 0, sinl(a)); push(f, cosl(a)); return; /* FSINCOS */
        case 4: st_set(f, 0, round_rc(f, st(f, 0))); return;               /* FRNDINT */
        case 5: a = st(f, 0); b = st(f, 1);                                /* FSCALE */
            st_set(f, 0, isinf(b) || isnan(b) ? a * exp2l(b) :
                         ldexpl(a, (int)fmaxl(fminl(truncl(b), 70000.0L), -70000.0L)));
            return;
        case 6: st_set(f, 0, sinl(st(f, 0))); return;                      /* FSIN */
        case 7: st_set(f, 0, cosl(st(f, 0))); return;                      /* FCOS */
        }
        break;
    }
    x86_fault(c, X86_UD, -1);
}

void x86_exec_fpu(x86_cpu *c, uint8_t op)
{
    x86_fpu *f = &c->fpu;
    x86_decode_modrm(c);
    unsigned r = c->regf, i = c->rm;
    f80 a, b;
    uint16_t fop = (uint16_t)(((op & 7) << 8) | c->modrm);
    bool ctrl = (op == 0xD9 && !c->ea_reg && r >= 4) || (op == 0xDB && c->ea_reg && r == 4) ||
                (op == 0xDD && !c->ea_reg && r >= 4) || (op == 0xDF && c->ea_reg && r == 4);
    if (!ctrl) {
        f->fip = c->op_eip;
        f->fcs = c->seg[X86_CS].sel;
        f->fop = fop;
        if (!c->ea_reg) {
            f->fdp = c->ea_off;
            f->fds = c->seg[c->ea_seg].sel;
        }
    }
    if (!c->ea_reg) {
        switch (op) {
        case 0xD8: case 0xDC: case 0xDA: case 0xDE: {
            b = (op == 0xD8) ? load_real(c, 4) : (op == 0xDC) ? load_real(c, 8)
              : load_int(c, op == 0xDA ? 4 : 2);
            a = st(f, 0);
            if (r == 2 || r == 3) {
                compare(f, a, b, false);
                if (r == 3) pop(f);
            } else {
                st_set(f, 0, arith(f, r, a, b));
            }
            return;
        }
        case 0xD9:
            switch (r) {
            case 0: push(f, load_real(c, 4)); return;
            case 2: store_real(c, 4, st(f, 0)); return;
            case 3: store_real(c, 4, st(f, 0)); pop(f); return;
            case 4: load_env(c); return;
            case 5: f->cw = (uint16_t)x86_rd(c, c->ea_seg, c->ea_off, 2); return;
            case 6: store_env(c); f->cw |= 0x3F; return;   /* FNSTENV masks all */
            case 7: x86_wr(c, c->ea_seg, c->ea_off, 2, f->cw); return;
            }
            break;
        case 0xDB:
            switch (r) {
            case 0: push(f, load_int(c, 4)); return;
            case 2: store_int(c, 4, st(f, 0)); return;
            case 3: store_int(c, 4, st(f, 0)); pop(f); return;
            case 5: push(f, load_m80(c, c->ea_seg, c->ea_off)); return;
            case 7: store_m80(c, c->ea_seg, c->ea_off, st(f, 0)); pop(f); return;
            }
            break;
        case 0xDD:
            switch (r) {
            case 0: push(f, load_real(c, 8)); return;
            case 2: store_real(c, 8, st(f, 0)); return;
            case 3: store_real(c, 8, st(f, 0)); pop(f); return;
            case 4: case 6: {                 /* FRSTOR, FNSAVE */
                uint32_t am = c->a32 ? 0xFFFFFFFFu : 0xFFFF, base = c->ea_off;
                if (r == 4) {
                    uint32_t n = load_env(c);
                    for (unsigned k = 0; k < 8; k++)
                        f->st[phys(f, k)] = load_m80(c, c->ea_seg, (base + n + k * 10) & am);
                } else {
                    uint32_t n = store_env(c);
                    for (unsigned k = 0; k < 8; k++)
                        store_m80(c, c->ea_seg, (base + n + k * 10) & am, f->st[phys(f, k)]);
                    x86_fpu_reset(c);
                }
                return;
            }
            case 7: x86_wr(c, c->ea_seg, c->ea_off, 2, status(f)); return;
            }
            break;
        case 0xDF:
            switch (r) {
            case 0: push(f, load_int(c, 2)); return;
            case 2: store_int(c, 2, st(f, 0)); return;
            case 3: store_int(c, 2, st(f, 0)); pop(f); return;
            case 5: push(f, load_int(c, 8)); return;
            case 7: store_int(c, 8, st(f, 0)); pop(f); return;
            case 4: case 6: {                 /* FBLD, FBSTP: packed BCD */
                uint32_t am = c->a32 ? 0xFFFFFFFFu : 0xFFFF;
                if (r == 4) {
                    f80 v = 0;
                    for (int k = 8; k >= 0; k--) {
                        uint8_t bb = (uint8_t)x86_rd(c, c->ea_seg, (c->ea_off + (uint32_t)k) & am, 1);
                        v = v * 100 + (bb >> 4) * 10 + (bb & 15);
                    }
                    if (x86_rd(c, c->ea_seg, (c->ea_off + 9) & am, 1) & 0x80)
                        v = -v;
                    push(f, v);
                } else {
                    f80 v = round_rc(f, st(f, 0));
                    bool neg = signbit(v);
                    if (!(fabsl(v) < 1e18L)) {       /* NaN or too big: BCD indefinite */
                        f->sw |= SW_IE;
                        for (unsigned k = 0; k < 7; k++)
                            x86_wr(c, c->ea_seg, (c->ea_off + k) & am, 1, 0);
                        x86_wr(c, c->ea_seg, (c->ea_off + 7) & am, 1, 0xC0);
                        x86_wr(c, c->ea_seg, (c->ea_off + 8) & am, 1, 0xFF);
                        x86_wr(c, c->ea_seg, (c->ea_off + 9) & am, 1, 0xFF);
                        pop(f);
                        return;
                    }
                    uint64_t u = (uint64_t)fabsl(v);
                    for (unsigned k = 0; k < 9; k++) {
                        uint8_t bb = (uint8_t)(u % 10);
                        u /= 10;
                        bb |= (uint8_t)((u % 10) << 4);
                        u /= 10;
                        x86_wr(c, c->ea_seg, (c->ea_off + k) & am, 1, bb);
                    }
                    x86_wr(c, c->ea_seg, (c->ea_off + 9) & am, 1, neg ? 0x80 : 0);
                    pop(f);
                }
                return;
            }
            }
            break;
        }
        x86_fault(c, X86_UD, -1);
    }

    /* Register forms. */
    switch (op) {
    case 0xD8:
        a = st(f, 0); b = st(f, i);
        if (r == 2 || r == 3) { compare(f, a, b, false); if (r == 3) pop(f); }
        else st_set(f, 0, arith(f, r, a, b));
        return;
    case 0xD9:
        exec_d9_reg(c);
        return;
    case 0xDA:
        if (r < 4) {                       /* FCMOVB/E/BE/U */
            static const uint32_t m[4] = { F_CF, F_ZF, F_CF | F_ZF, F_PF };
            if (c->level < X86_PPRO) break;
            if (x86_flags(c) & m[r]) st_set(f, 0, st(f, i));
            return;
        }
        if (r == 5 && i == 1) {            /* FUCOMPP */
            compare(f, st(f, 0), st(f, 1), true);
            pop(f); pop(f);
            return;
        }
        break;
    case 0xDB:
        if (r < 4) {                       /* FCMOVNB/NE/NBE/NU */
            static const uint32_t m[4] = { F_CF, F_ZF, F_CF | F_ZF, F_PF };
            if (c->level < X86_PPRO) break;
            if (!(x86_flags(c) & m[r])) st_set(f, 0, st(f, i));
            return;
        }
        if (r == 4) {
            if (i == 2) { f->sw &= 0x7F00; return; }          /* FNCLEX */
            if (i == 3) { x86_fpu_reset(c); return; }          /* FNINIT */
            if (i == 0 || i == 1 || i == 4) return;            /* FENI/FDISI/FSETPM: no-ops */
            break;
        }
        if ((r == 5 || r == 6) && c->level >= X86_PPRO) {      /* FUCOMI, FCOMI */
            compare_eflags(c, st(f, 0), st(f, i), r == 5);
            return;
        }
        break;
    case 0xDC:
        if (r == 2 || r == 3) { compare(f, st(f, 0), st(f, i), false); if (r == 3) pop(f); return; }
        /* ST(i) = ST(i) op ST(0); SUB/SUBR and DIV/DIVR swap here (SDM table A-10). */
        st_set(f, i, arith(f, r >= 4 ? r ^ 1 : r, st(f, i), st(f, 0)));
        return;
    case 0xDD:
        switch (r) {
        case 0: set_tag(f, phys(f, i), true); return;          /* FFREE */
        case 2: st_set(f, i, st(f, 0)); return;                 /* FST ST(i) */
        case 3: st_set(f, i, st(f, 0)); pop(f); return;         /* FSTP ST(i) */
        case 4: compare(f, st(f, 0), st(f, i), true); return;   /* FUCOM */
        case 5: compare(f, st(f, 0), st(f, i), true); pop(f); return;
        }
        break;
    case 0xDE:
        if (r == 3 && i == 1) {                                 /* FCOMPP */
            compare(f, st(f, 0), st(f, 1), false);
            pop(f); pop(f);
            return;
        }
        if (r == 2 || r == 3)
            break;
        st_set(f, i, arith(f, r >= 4 ? r ^ 1 : r, st(f, i), st(f, 0)));
        pop(f);
        return;
    case 0xDF:
        if (r == 4 && i == 0) {                                 /* FNSTSW AX */
            x86_reg_write(c, EAX, 2, status(f));
            return;
        }
        if ((r == 5 || r == 6) && c->level >= X86_PPRO) {       /* FUCOMIP, FCOMIP */
            compare_eflags(c, st(f, 0), st(f, i), r == 5);
            pop(f);
            return;
        }
        if (r == 0) {                                           /* FFREEP */
            set_tag(f, phys(f, i), true);
            pop(f);
            return;
        }
        break;
    }
    x86_fault(c, X86_UD, -1);
}
