/* cpu/m68k/fpu.c — the 68881/68882 floating-point coprocessor (68020/68030)
 * and the 68040's built-in FPU, on the host's long double.
 *
 * Sources: MC68881/MC68882 User's Manual (881UM) §2-§6: data formats,
 * FPCR/FPSR/FPIAR, the conditional predicates (§4.6, "conditional
 * test definitions"), exception priorities and vectors 48-54, FSAVE/FRESTORE
 * frames (§6.4); PRM §5 (every FPU instruction, the encodings); 040UM §9
 * (the 68040's FPU: the instructions it executes, the FS/FD rounding forms,
 * the unimplemented-instruction exception with the format $2 frame, §9.4).
 *
 * The honest software floating point of the x87 (cpu/x86/fpu.c), the same
 * way: registers are host `long double`; on x86 hosts that is the 68881's
 * extended format (15-bit exponent, explicit 64-bit mantissa), so + - * /
 * sqrt, FMOVE between formats and the integer conversions round exactly as
 * the hardware does: the FPCR's precision (extended, single, double, with
 * the extended exponent range) and mode (nearest, zero, minus, plus) are
 * loaded into the host x87 control word around each such operation, and the
 * host's status word gives OPERR/OVFL/UNFL/DZ/INEX2. What is not the
 * hardware's, documented limits:
 *   - transcendentals (FSIN … FTENTOX) are the host libm's long double
 *     functions (glibc: within an ulp or so of extended, as the 68881's
 *     microcode is), rounded to the FPCR precision afterwards;
 *   - NaNs follow the 68881 rules the PRM states (§1.6.5): the destination
 *     NaN wins over the source, SNaNs are quieted, an invalid operation gives
 *     the default NaN (+, all-ones mantissa);
 *   - unnormalized extended operands are normalized on load; denormals are
 *     the host's;
 *   - the 68881/68882 take enabled exceptions at the next FPU instruction
 *     (pre-instruction, format $0) except BSUN, which is a mid-instruction
 *     exception of the conditional (format $9); the 68040 takes them after
 *     the instruction (post-instruction, format $3, 040UM §9.5.1); the
 *     internal state in FSAVE frames is zeroes apart from the "exception
 *     pending" bit (bit 27 of the last long word, 881UM §6.4.2; its low
 *     byte here holds the vector, so FRESTORE raises the same one);
 *   - 68040: the instructions it lacks (FSIN … FMOD, FREM, FGETEXP, FINT …,
 *     FMOVECR) take the line-F exception with the format $2 frame and leave
 *     the "unimp" state FSAVE writes (unimplemented040 below) for an FPSP to
 *     emulate; it executes packed
 *     decimal and denormal operands itself rather than taking the
 *     unimplemented-data-type exception (vector 55);
 *   - in the user-mode runner every model executes the whole 68881 set, as
 *     Linux's FPSP (and its FPU emulator on the 68LC040) would.
 * Non-x86 hosts: rounding through fesetround and float/double casts (double
 * rounding possible), flags from fenv. */
#include "cpu/m68k/m68k.h"
#include <fenv.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

typedef long double fx;

/* FPSR */
enum {
    CC_N = 1u << 27, CC_Z = 1u << 26, CC_I = 1u << 25, CC_NAN = 1u << 24,
    EXC_BSUN = 1u << 15, EXC_SNAN = 1u << 14, EXC_OPERR = 1u << 13, EXC_OVFL = 1u << 12,
    EXC_UNFL = 1u << 11, EXC_DZ = 1u << 10, EXC_INEX2 = 1u << 9, EXC_INEX1 = 1u << 8,
    AE_IOP = 1u << 7, AE_OVFL = 1u << 6, AE_UNFL = 1u << 5, AE_DZ = 1u << 4, AE_INEX = 1u << 3,
};
/* Vectors (881UM table 6-1) */
enum { V_BSUN = 48, V_INEX = 49, V_DZ = 50, V_UNFL = 51, V_OPERR = 52, V_OVFL = 53,
       V_SNAN = 54, V_FLINE = 11 };
/* Operand formats (bits 12-10 of the command word) */
enum { F_L, F_S, F_X, F_P, F_W, F_D, F_B, F_PK };
static const unsigned fmt_size[8] = { 4, 4, 12, 12, 2, 8, 1, 12 };

void m68k_fpu_reset(m68k_t *m)
{
    ww_f80 nan = { 0xffffffffffffffffull, 0x7fff };
    for (unsigned i = 0; i < 8; i++)
        m->fpu.fp[i] = ww_f80_to_ld(nan);
    m->fpu.fpcr = m->fpu.fpsr = m->fpu.fpiar = 0;
    m->fpu.null_state = 1;
    m->fpu.pending = 0;
    m->fpu.pending_pc = 0;
    m->fpu.unimp = 0;
}

/* ---- values -------------------------------------------------------------------- */

static fx default_nan(void)
{
    return ww_f80_to_ld((ww_f80){ 0xffffffffffffffffull, 0x7fff });
}

static bool is_snan(fx v)
{
    if (!isnan(v))
        return false;
    ww_f80 f = ww_f80_from_ld(v);
    return !(f.mant & 0x4000000000000000ull);
}

static fx quiet(fx v)
{
    ww_f80 f = ww_f80_from_ld(v);
    f.mant |= 0xc000000000000000ull;
    return ww_f80_to_ld(f);
}

/* The 68881's extended format: normalize unnormals, make infinities and NaNs
 * look as the host wants them (explicit integer bit). */
static fx from_ext(uint16_t sexp, uint64_t mant)
{
    unsigned e = sexp & 0x7fff;
    if (e == 0x7fff) {
        mant |= 0x8000000000000000ull;
    } else if (e && !(mant >> 63)) {
        if (!mant) {
            e = 0;            /* an unnormal zero is zero */
        } else {
            while (e > 1 && !(mant >> 63)) {
                mant <<= 1;
                e--;
            }
            if (!(mant >> 63))
                e = 0;        /* denormal */
        }
    }
    return ww_f80_to_ld((ww_f80){ mant, (uint16_t)((sexp & 0x8000) | e) });
}

static uint32_t cc_of(fx v)
{
    uint32_t cc = signbit(v) ? CC_N : 0;
    if (isnan(v))
        cc |= CC_NAN;
    else if (isinf(v))
        cc |= CC_I;
    else if (v == 0)
        cc |= CC_Z;
    return cc;
}

static void set_cc(m68k_t *m, fx v)
{
    m->fpu.fpsr = (m->fpu.fpsr & 0x00ffffffu) | cc_of(v);
}

/* ---- the host's arithmetic under the guest's FPCR ---------------------------------- */

/* prec: 0 extended, 1 single, 2 double (the FPCR's encoding), -1: FPCR's. */
static uint16_t host_cw(uint32_t fpcr, int prec)
{
    static const uint16_t pc[4] = { 3 << 8, 0 << 8, 2 << 8, 3 << 8 };
    static const uint16_t rc[4] = { 0 << 10, 3 << 10, 1 << 10, 2 << 10 };  /* RN RZ RM RP */
    unsigned p = prec >= 0 ? (unsigned)prec : (fpcr >> 6) & 3;
    return (uint16_t)(0x7f | pc[p] | rc[(fpcr >> 4) & 3]);
}

enum { OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_SQRT, OP_ROUND, OP_RINT };

/* Host status bits in the x87 status word's layout (the fenv path maps its flags onto
 * them), so exc_of below reads one encoding. */
enum { X_IE = 1, X_ZE = 4, X_OE = 8, X_UE = 16, X_PE = 32 };

#if defined(__x86_64__) || defined(__i386__)
#define HOST_X87 1
typedef uint16_t host_env;        /* the control word to restore */

/* Load the guest's precision and rounding into the x87 control word, flags cleared. */
static host_env host_enter(uint16_t cw)
{
    uint16_t old;
    __asm__ volatile("fnstcw %0" : "=m"(old) : : "memory");
    __asm__ volatile("fnclex\n\tfldcw %0" : : "m"(cw) : "memory");
    return old;
}

/* The flags the operation raised; the host's control word back. */
static unsigned host_leave(host_env old)
{
    uint16_t s;
    __asm__ volatile("fnstsw %0" : "=m"(s) : : "memory");
    __asm__ volatile("fnclex\n\tfldcw %0" : : "m"(old) : "memory");
    return s & 0x3f;
}

/* libm under the host's default control word; flags from the status word. */
static void libm_enter(void)
{
    __asm__ volatile("fnclex" : : : "memory");
    feclearexcept(FE_ALL_EXCEPT);
}

static unsigned libm_leave(void)
{
    uint16_t s;
    __asm__ volatile("fnstsw %0" : "=m"(s) : : "memory");
    int e = fetestexcept(FE_ALL_EXCEPT);
    unsigned sw = s & 0x3f;
    if (e & FE_INVALID) sw |= X_IE;
    if (e & FE_DIVBYZERO) sw |= X_ZE;
    if (e & FE_OVERFLOW) sw |= X_OE;
    if (e & FE_UNDERFLOW) sw |= X_UE;
    if (e & FE_INEXACT) sw |= X_PE;
    __asm__ volatile("fnclex" : : : "memory");
    feclearexcept(FE_ALL_EXCEPT);
    return sw;
}
#else
#define HOST_X87 0
typedef int host_env;             /* the rounding mode to restore */

static int host_round_mode(uint16_t cw)
{
    switch ((cw >> 10) & 3) {
    case 1: return FE_DOWNWARD;
    case 2: return FE_UPWARD;
    case 3: return FE_TOWARDZERO;
    default: return FE_TONEAREST;
    }
}

static unsigned host_flags(void)
{
    int e = fetestexcept(FE_ALL_EXCEPT);
    return (e & FE_INVALID ? X_IE : 0) | (e & FE_DIVBYZERO ? X_ZE : 0) |
           (e & FE_OVERFLOW ? X_OE : 0) | (e & FE_UNDERFLOW ? X_UE : 0) |
           (e & FE_INEXACT ? X_PE : 0);
}

/* The guest's rounding mode, flags cleared (precision: host_op narrows by casts). */
static host_env host_enter(uint16_t cw)
{
    int old = fegetround();
    feclearexcept(FE_ALL_EXCEPT);
    fesetround(host_round_mode(cw));
    return old;
}

static unsigned host_leave(host_env old)
{
    unsigned s = host_flags();
    fesetround(old);
    return s;
}

static void libm_enter(void) { feclearexcept(FE_ALL_EXCEPT); }
static unsigned libm_leave(void) { unsigned s = host_flags(); feclearexcept(FE_ALL_EXCEPT); return s; }
#endif

/* One basic operation under the guest's control word (host_cw); *sw: the flags it raised. */
static fx host_op(uint16_t cw, unsigned op, fx a, fx b, unsigned *sw)
{
    volatile fx va = a, vb = b, vr = 0;
    host_env old = host_enter(cw);
    switch (op) {
    case OP_ADD: vr = va + vb; break;
    case OP_SUB: vr = va - vb; break;
    case OP_MUL: vr = va * vb; break;
    case OP_DIV: vr = va / vb; break;
    case OP_SQRT: vr = sqrtl(va); break;
#if HOST_X87
    case OP_ROUND: vr = va * 1.0L; break;     /* an x87 operation rounds to the CW's precision */
    default: {
        fx t = va;
        __asm__ volatile("frndint" : "+t"(t));
        vr = t;
        break;
    }
#else
    case OP_ROUND: vr = va; break;
    default: vr = nearbyintl(va); break;
#endif
    }
#if !HOST_X87
    switch ((cw >> 8) & 3) {          /* the precision-control field, by casts */
    case 0: vr = (float)vr; break;
    case 2: vr = (double)vr; break;
    }
#endif
    *sw = host_leave(old);
    return vr;
}

/* Store to single (size 4) or double (size 8) under the control word's rounding (the
 * x87's FST honours RC; elsewhere the cast under fesetround) and return the IEEE bits. */
static uint64_t host_store(uint16_t cw, fx a, unsigned size, unsigned *sw)
{
    volatile fx va = a;
    volatile float f = 0;
    volatile double d = 0;
    host_env old = host_enter(cw);
    if (size == 4)
        f = (float)va;
    else
        d = (double)va;
    *sw = host_leave(old);
    if (size == 4) {
        float fl = f;
        uint32_t u;
        memcpy(&u, &fl, 4);
        return u;
    }
    double db = d;
    uint64_t u;
    memcpy(&u, &db, 8);
    return u;
}

/* Host status word -> FPSR EXC bits. */
static uint32_t exc_of(unsigned sw, bool snan)
{
    uint32_t e = 0;
    if (sw & X_IE)
        e |= snan ? EXC_SNAN : EXC_OPERR;
    if (sw & X_ZE) e |= EXC_DZ;
    if (sw & X_OE) e |= EXC_OVFL | EXC_INEX2;
    if (sw & X_UE) e |= EXC_UNFL;
    if (sw & X_PE) e |= EXC_INEX2;
    return e;
}

/* ---- exceptions --------------------------------------------------------------------- */

/* EXC into AEXC (881UM §4.5.3) and, if enabled, the exception's vector. */
static unsigned accrue(m68k_t *m, uint32_t exc)
{
    m68k_fpu *f = &m->fpu;
    f->fpsr |= exc;
    uint32_t e = f->fpsr;
    if (e & (EXC_BSUN | EXC_SNAN | EXC_OPERR)) f->fpsr |= AE_IOP;
    if (e & EXC_OVFL) f->fpsr |= AE_OVFL;
    if ((e & EXC_UNFL) && (e & EXC_INEX2)) f->fpsr |= AE_UNFL;
    if (e & EXC_DZ) f->fpsr |= AE_DZ;
    if (e & (EXC_INEX1 | EXC_INEX2 | EXC_OVFL)) f->fpsr |= AE_INEX;
    uint32_t en = exc & f->fpcr & 0xff00;
    if (!en)
        return 0;
    if (en & EXC_BSUN) return V_BSUN;
    if (en & EXC_SNAN) return V_SNAN;
    if (en & EXC_OPERR) return V_OPERR;
    if (en & EXC_OVFL) return V_OVFL;
    if (en & EXC_UNFL) return V_UNFL;
    if (en & EXC_DZ) return V_DZ;
    return V_INEX;
}

/* An enabled exception of the instruction that just finished (its queue
 * already moved on: pc - 4 is the next instruction). */
static void report(m68k_t *m, unsigned vector, uint32_t ea)
{
    if (!vector)
        return;
    if (m->fpu_kind == FPU_040 || m->cpu.user_mode) {
        uint8_t x[4] = { (uint8_t)(ea >> 24), (uint8_t)(ea >> 16), (uint8_t)(ea >> 8),
                         (uint8_t)ea };
        m68k_exception_frame(m, vector, 3, m->pc - 4, x, 4);
        return;
    }
    m->fpu.pending = (uint8_t)vector;
    m->fpu.pending_pc = m->inst_pc;
}

/* 881/882: an exception waiting from an earlier instruction is taken before
 * this one starts (pre-instruction, format $0, the PC of this instruction). */
static bool take_pending(m68k_t *m)
{
    if (!m->fpu.pending)
        return false;
    unsigned v = m->fpu.pending;
    m->fpu.pending = 0;
    m68k_exception(m, v, m->inst_pc);
    return true;
}

static void fline(m68k_t *m)
{
    m68k_illegal(m, V_FLINE);
}

/* The operand tags of the 040's FSAVE frames (fpsp040/fpsp.h: norm_tag …
 * dnrm_tag, bits 7-5). */
static uint8_t tag040(fx v)
{
    ww_f80 f = ww_f80_from_ld(v);
    unsigned e = f.sexp & 0x7fff;
    if (e == 0x7fff)
        return f.mant << 1 ? 0x60 : 0x40;
    if (e == 0)
        return f.mant ? 0x80 : 0x20;
    return 0x00;
}

static void ext_to_words(fx v, uint32_t w[3]);

static void put_ext(uint8_t *p, fx v)
{
    uint32_t w[3];
    ext_to_words(v, w);
    for (unsigned i = 0; i < 3; i++)
        for (unsigned b = 0; b < 4; b++)
            p[i * 4 + b] = (uint8_t)(w[i] >> (24 - 8 * b));
}

/* 68040 with its FPU: an instruction it lacks (FSIN … FMOD, FREM, FGETEXP,
 * FINT, FINTRZ, FMOVECR …) takes line F with the format $2 frame (vector
 * word $202C, the stacked PC the next instruction, the address the operand's
 * EA) after fetching and converting the source; FPIAR names the instruction
 * and the FPU holds an "unimp" state that FSAVE writes as a $41/$30 frame:
 * the source and destination tags, the command word, the destination in
 * FPTEMP and the source, as extended, in ETEMP, so the FPSP can emulate the
 * instruction (040UM §9.4, §9.6; the layout is what Linux's
 * arch/m68k/fpsp040 reads: fpsp.h STAG/CMDREG1B/DTAG/E_BYTE/FPTEMP/ETEMP,
 * x_unimp.S, x_fline.S "UNIMP_VEC"). The 68LC040's frame for a missing FPU
 * is format $4 (no_fpu below). The instruction has been decoded to its end
 * (its extension words used, An stepped). */
static void unimplemented040(m68k_t *m, uint16_t cmd, fx src, fx dst, uint32_t ea)
{
    m68k_fpu *f = &m->fpu;
    uint8_t *u = f->unimp_frame;
    memset(u, 0, sizeof f->unimp_frame);
    u[8] = tag040(src);                       /* STAG (frame offset 12) */
    u[12] = (uint8_t)(cmd >> 8);              /* CMDREG1B (16) */
    u[13] = (uint8_t)cmd;
    u[16] = tag040(dst);                      /* DTAG (20); E_BYTE (24) 0: no E1/E3 */
    put_ext(u + 24, dst);                     /* FPTEMP (28) */
    put_ext(u + 36, src);                     /* ETEMP (40) */
    f->unimp = 1;
    f->null_state = 0;
    f->fpiar = m->inst_pc;
    uint8_t x[4] = { (uint8_t)(ea >> 24), (uint8_t)(ea >> 16), (uint8_t)(ea >> 8), (uint8_t)ea };
    m68k_prefetch(m);
    m68k_exception_frame(m, V_FLINE, 2, m->pc - 4, x, 4);
}

/* No FPU (68020/030 without one, 68LC040) outside the user-mode runner: line
 * F before anything is decoded. The 68LC040 stacks the format $4 frame with
 * EA 0, the stacked PC naming the instruction itself (an emulator decodes
 * it from there). */
static bool no_fpu(m68k_t *m)
{
    if (m->fpu_kind != FPU_NONE || m->cpu.user_mode)
        return false;
    if (m->level == 4) {
        uint8_t x[8] = { 0, 0, 0, 0, (uint8_t)(m->inst_pc >> 24), (uint8_t)(m->inst_pc >> 16),
                         (uint8_t)(m->inst_pc >> 8), (uint8_t)m->inst_pc };
        m68k_idle(m, 4);
        m68k_exception_frame(m, V_FLINE, 4, m->inst_pc, x, 8);
    } else {
        fline(m);
    }
    return true;
}

/* ---- operands ------------------------------------------------------------------------ */

typedef struct {
    bool reg;          /* Dn (mode 0) */
    bool imm;
    unsigned r;
    uint32_t addr;
    uint32_t immw[3];  /* immediate data, big-endian longs */
} fop;

/* Locate an operand of `size` bytes (consumes extension words, steps An);
 * false = not an addressing mode this operand may use. */
static bool locate(m68k_t *m, uint16_t op, unsigned size, bool store, fop *o)
{
    unsigned mode = (op >> 3) & 7, reg = op & 7;
    memset(o, 0, sizeof *o);
    if (mode == 0) {
        if (size > 4)
            return false;
        o->reg = true;
        o->r = reg;
        return true;
    }
    if (mode == 1)
        return false;
    if (mode == 7 && reg == 4) {
        if (store)
            return false;
        o->imm = true;
        if (size <= 2) {
            o->immw[0] = m68k_ext(m);
        } else {
            for (unsigned i = 0; i < size / 4; i++)
                o->immw[i] = m68k_ext32(m);
        }
        return true;
    }
    if (store && mode == 7 && reg > 1)
        return false;
    m68k_ea ea;
    m68k_ea_decode(m, &ea, mode, reg, size);
    if (ea.pending) {
        m->a[ea.reg] = ea.new_an;
        ea.pending = false;
    }
    o->addr = ea.addr;
    return true;
}

static uint32_t rd_u(m68k_t *m, const fop *o, unsigned size)
{
    if (o->reg)
        return m->d[o->r] & m68k_mask(size);
    if (o->imm)
        return size == 1 ? o->immw[0] & 0xff : o->immw[0];
    switch (size) {
    case 1: return m68k_read8(m, o->addr);
    case 2: return m68k_read16(m, o->addr);
    default: return m68k_read32(m, o->addr);
    }
}

static void rd_n(m68k_t *m, const fop *o, uint32_t *w, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        w[i] = o->imm ? o->immw[i] : m68k_read32(m, o->addr + 4 * i);
}

static void wr_u(m68k_t *m, const fop *o, unsigned size, uint32_t v)
{
    if (o->reg) {
        m68k_set_dn(m, o->r, size, v);
        return;
    }
    switch (size) {
    case 1: m68k_write8(m, o->addr, (uint8_t)v); return;
    case 2: m68k_write16(m, o->addr, (uint16_t)v); return;
    default: m68k_write32(m, o->addr, v); return;
    }
}

static void wr_n(m68k_t *m, const fop *o, const uint32_t *w, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        m68k_write32(m, o->addr + 4 * i, w[i]);
}

static fx ext_from_words(const uint32_t w[3])
{
    return from_ext((uint16_t)(w[0] >> 16), (uint64_t)w[1] << 32 | w[2]);
}

static void ext_to_words(fx v, uint32_t w[3])
{
    ww_f80 f = ww_f80_from_ld(v);
    w[0] = (uint32_t)f.sexp << 16;
    w[1] = (uint32_t)(f.mant >> 32);
    w[2] = (uint32_t)f.mant;
}

/* ---- packed decimal (881UM §3.1.4) --------------------------------------------------- */

static fx packed_in(m68k_t *m, const uint32_t w[3], uint32_t *exc)
{
    unsigned expd = (w[0] >> 16) & 0xfff;
    uint64_t frac = (uint64_t)w[1] << 32 | w[2];
    bool neg = w[0] >> 31, eneg = (w[0] >> 30) & 1;
    if (expd == 0xfff) {
        if (!frac)
            return neg ? -INFINITY : INFINITY;
        ww_f80 f = { frac | 0x8000000000000000ull, (uint16_t)(0x7fff | (neg ? 0x8000 : 0)) };
        return ww_f80_to_ld(f);
    }
    char buf[64];
    char *p = buf;
    *p++ = neg ? '-' : '+';
    *p++ = (char)('0' + ((w[0] & 0xf) % 10));
    *p++ = '.';
    for (int i = 15; i >= 0; i--)
        *p++ = (char)('0' + ((frac >> (4 * i)) & 0xf) % 10);
    unsigned e = ((expd >> 8) & 0xf) % 10 * 100 + ((expd >> 4) & 0xf) % 10 * 10 + (expd & 0xf) % 10;
    snprintf(p, (size_t)(buf + sizeof buf - p), "e%c%u", eneg ? '-' : '+', e);
    int old = fegetround();
    static const int rm[4] = { FE_TONEAREST, FE_TOWARDZERO, FE_DOWNWARD, FE_UPWARD };
    fesetround(rm[(m->fpu.fpcr >> 4) & 3]);
    feclearexcept(FE_ALL_EXCEPT);
    fx v = strtold(buf, NULL);
    if (fetestexcept(FE_INEXACT))
        *exc |= EXC_INEX1;
    fesetround(old);
    return v;
}

static void packed_out(m68k_t *m, fx v, int k, uint32_t w[3], uint32_t *exc)
{
    memset(w, 0, 12);
    bool neg = signbit(v);
    if (isnan(v) || isinf(v)) {
        w[0] = (neg ? 0x80000000u : 0) | 0x7fff0000u;
        if (isnan(v)) {
            ww_f80 f = ww_f80_from_ld(v);
            w[1] = (uint32_t)(f.mant >> 32);
            w[2] = (uint32_t)f.mant;
        }
        return;
    }
    if (k > 17) {
        *exc |= EXC_OPERR;
        k = 17;
    }
    int old = fegetround();
    static const int rm[4] = { FE_TONEAREST, FE_TOWARDZERO, FE_DOWNWARD, FE_UPWARD };
    fesetround(rm[(m->fpu.fpcr >> 4) & 3]);
    char buf[80];
    int digits = k > 0 ? k : 17;
    if (k <= 0 && v != 0) {
        /* k <= 0: -k digits right of the decimal point. */
        snprintf(buf, sizeof buf, "%.16Le", fabsl(v));
        int e10 = atoi(strchr(buf, 'e') + 1);
        digits = e10 + 1 - k;
        if (digits < 1)
            digits = 1;
        if (digits > 17)
            digits = 17;
    }
    snprintf(buf, sizeof buf, "%.*Le", digits - 1, fabsl(v));
    fesetround(old);
    /* buf: d.ddddde±XX */
    const char *s = buf;
    w[0] = (uint32_t)(s[0] - '0');
    uint64_t frac = 0;
    unsigned n = 0;
    const char *q = s + 1;
    if (*q == '.')
        q++;
    for (; *q >= '0' && *q <= '9'; q++, n++)
        if (n < 16)
            frac |= (uint64_t)(*q - '0') << (4 * (15 - n));
    int e10 = atoi(strchr(buf, 'e') + 1);
    if (v == 0)
        e10 = 0;
    unsigned ae = (unsigned)(e10 < 0 ? -e10 : e10);
    if (ae > 999) {
        w[0] |= (ae / 1000 % 10) << 12;      /* EXP3 */
    }
    w[0] |= ((ae / 100 % 10) << 24) | ((ae / 10 % 10) << 20) | ((ae % 10) << 16);
    if (e10 < 0)
        w[0] |= 0x40000000u;
    if (neg)
        w[0] |= 0x80000000u;
    w[1] = (uint32_t)(frac >> 32);
    w[2] = (uint32_t)frac;
    if (strtold(buf, NULL) != fabsl(v))
        *exc |= EXC_INEX2;
}

/* Read a source operand in format fmt as an extended value. */
static fx load_operand(m68k_t *m, const fop *o, unsigned fmt, uint32_t *exc)
{
    uint32_t w[3];
    switch (fmt) {
    case F_L: return (fx)(int32_t)rd_u(m, o, 4);
    case F_W: return (fx)(int16_t)rd_u(m, o, 2);
    case F_B: return (fx)(int8_t)rd_u(m, o, 1);
    case F_S: {
        uint32_t u = rd_u(m, o, 4);
        float f;
        memcpy(&f, &u, 4);
        if (isnan(f)) {
            /* keep the payload: mantissa bits move to the top */
            ww_f80 x = { (uint64_t)(u & 0x7fffff) << 40 | 0x8000000000000000ull,
                         (uint16_t)(0x7fff | (u >> 31 ? 0x8000 : 0)) };
            return ww_f80_to_ld(x);
        }
        return f;
    }
    case F_D: {
        rd_n(m, o, w, 2);
        uint64_t u = (uint64_t)w[0] << 32 | w[1];
        double d;
        memcpy(&d, &u, 8);
        if (isnan(d)) {
            ww_f80 x = { (u & 0xfffffffffffffull) << 11 | 0x8000000000000000ull,
                         (uint16_t)(0x7fff | (u >> 63 ? 0x8000 : 0)) };
            return ww_f80_to_ld(x);
        }
        return d;
    }
    case F_X:
        rd_n(m, o, w, 3);
        return ext_from_words(w);
    default:
        rd_n(m, o, w, 3);
        return packed_in(m, w, exc);
    }
}

/* ---- the operations (881UM §4.6, PRM §5 per instruction) --------------------------- */

/* The 68881 NaN rule for dyadic operations (PRM §1.6.5): the destination's
 * NaN if it is one, else the source's, quieted; an SNaN sets SNAN. */
static bool nan_operands(fx dst, fx src, bool dyadic, fx *r, uint32_t *exc)
{
    bool dn = dyadic && isnan(dst), sn = isnan(src);
    if (!dn && !sn)
        return false;
    if ((dn && is_snan(dst)) || (sn && is_snan(src)))
        *exc |= EXC_SNAN;
    *r = quiet(dn ? dst : src);
    return true;
}

/* Round a result to the FPCR precision and mode (or an override). */
static fx round_prec(m68k_t *m, fx v, int prec, uint32_t *exc)
{
    if (isnan(v) || isinf(v))
        return v;
    unsigned sw;
    fx r = host_op(host_cw(m->fpu.fpcr, prec), OP_ROUND, v, 0, &sw);
    *exc |= exc_of(sw, false);
    return r;
}

static fx basic(m68k_t *m, unsigned op, fx a, fx b, int prec, uint32_t *exc)
{
    unsigned sw;
    fx r = host_op(host_cw(m->fpu.fpcr, prec), op, a, b, &sw);
    *exc |= exc_of(sw, false);
    if ((sw & X_IE) && isnan(r))
        r = default_nan();
    return r;
}

/* A libm function, then the FPCR rounding; domain errors give the default NaN. */
static fx libm(m68k_t *m, fx (*fn)(fx), fx x, uint32_t *exc)
{
    libm_enter();
    fx r = fn(x);
    unsigned sw = libm_leave();
    *exc |= exc_of(sw & ~(unsigned)X_UE, false);
    if ((sw & X_IE) && isnan(r))
        r = default_nan();
    if (sw & X_UE)
        *exc |= EXC_UNFL;
    return round_prec(m, r, -1, exc);
}

static fx f_exp10(fx x) { return exp10l(x); }
static fx f_exp2(fx x) { return exp2l(x); }

static fx f_getexp(fx x, uint32_t *exc)
{
    if (isinf(x)) {
        *exc |= EXC_OPERR;
        return default_nan();
    }
    if (x == 0)
        return x;
    return (fx)ilogbl(x);
}

static fx f_getman(fx x, uint32_t *exc)
{
    if (isinf(x)) {
        *exc |= EXC_OPERR;
        return default_nan();
    }
    if (x == 0)
        return x;
    return scalbnl(x, -ilogbl(x));
}

/* FMOD (quotient truncated) and FREM (IEEE: to nearest): the quotient byte
 * gets the sign and the low 7 bits of the quotient. */
static fx f_modrem(m68k_t *m, fx dst, fx src, bool rem, uint32_t *exc)
{
    if (isinf(dst) || src == 0) {
        *exc |= EXC_OPERR;
        m->fpu.fpsr &= 0xff00ffffu;
        return default_nan();
    }
    fx r;
    long quo = 0;
    if (isinf(src)) {
        r = dst;
    } else if (rem) {
        int q;
        r = remquol(dst, src, &q);
        quo = q;
    } else {
        r = fmodl(dst, src);
        fx q = truncl(dst / src);
        quo = (long)fmodl(fabsl(q), 128.0L) * (signbit(q) ? -1 : 1);
    }
    bool qneg = signbit(dst) != signbit(src);
    unsigned qb = (unsigned)(labs(quo) & 0x7f) | (qneg ? 0x80 : 0);
    m->fpu.fpsr = (m->fpu.fpsr & 0xff00ffffu) | (uint32_t)qb << 16;
    if (r == 0)
        r = copysignl(0, dst);
    return r;
}

static fx f_scale(m68k_t *m, fx dst, fx src, uint32_t *exc)
{
    if (isinf(src)) {
        *exc |= EXC_OPERR;
        return default_nan();
    }
    if (isinf(dst) || dst == 0)
        return dst;
    fx t = truncl(src);
    int n = t > 20000 ? 20000 : t < -20000 ? -20000 : (int)t;
    libm_enter();
    fx r = scalbnl(dst, n);
    unsigned sw = libm_leave();
    *exc |= exc_of(sw, false);
    return round_prec(m, r, -1, exc);
}

/* FCMP's condition codes: as if dest - src, with the manual's table for
 * infinities and zeroes (PRM FCMP). */
static uint32_t cmp_cc(fx dst, fx src)
{
    if (isnan(dst) || isnan(src))
        return CC_NAN;
    if (dst == src) {
        bool n = signbit(dst) && (isinf(dst) || (dst == 0 && !signbit(src)));
        return CC_Z | (n ? CC_N : 0);
    }
    return dst < src ? CC_N : 0;
}

/* ---- the general instruction (opclass 000/010) --------------------------------------- */

/* Opmodes the 68040 executes (040UM §9.3): FMOVE FSQRT FABS FNEG FDIV
 * FADD FMUL FSGLDIV FSGLMUL FSUB FCMP FTST and the FS/FD forms. */
static bool impl040(unsigned opmode)
{
    switch (opmode) {
    case 0x00: case 0x04: case 0x18: case 0x1a: case 0x20: case 0x22: case 0x23:
    case 0x24: case 0x27: case 0x28: case 0x38: case 0x3a:
        return true;
    default:
        return opmode >= 0x40;        /* every FS/FD form (defined_op checked which) */
    }
}

/* Is this opmode defined at all? */
static bool defined_op(m68k_t *m, unsigned opmode)
{
    if (opmode < 0x40)
        return !(opmode == 0x05 || opmode == 0x07 || opmode == 0x0b || opmode == 0x13 ||
                 opmode == 0x17 || opmode == 0x1b || (opmode >= 0x29 && opmode <= 0x2f) ||
                 opmode == 0x39 || opmode == 0x3b || opmode >= 0x3c);
    if (m->fpu_kind != FPU_040 && !m->cpu.user_mode)
        return false;
    switch (opmode) {
    case 0x40: case 0x41: case 0x44: case 0x45: case 0x58: case 0x5a: case 0x5c: case 0x5e:
    case 0x60: case 0x62: case 0x63: case 0x64: case 0x66: case 0x67: case 0x68: case 0x6c:
        return true;
    default:
        return false;
    }
}

static fx rom_constant(unsigned off)
{
    switch (off) {
    case 0x00: return 3.14159265358979323846264338327950288L;
    case 0x0b: return 0.301029995663981195213738894724493027L;   /* log10(2) */
    case 0x0c: return 2.71828182845904523536028747135266250L;    /* e */
    case 0x0d: return 1.44269504088896340735992468100189214L;    /* log2(e) */
    case 0x0e: return 0.434294481903251827651128918916605082L;   /* log10(e) */
    case 0x0f: return 0.0L;
    case 0x30: return 0.693147180559945309417232121458176568L;   /* ln(2) */
    case 0x31: return 2.30258509299404568401799145468436421L;    /* ln(10) */
    case 0x32: return 1e0L;
    case 0x33: return 1e1L;
    case 0x34: return 1e2L;
    case 0x35: return 1e4L;
    case 0x36: return 1e8L;
    case 0x37: return 1e16L;
    case 0x38: return 1e32L;
    case 0x39: return 1e64L;
    case 0x3a: return 1e128L;
    case 0x3b: return 1e256L;
    case 0x3c: return 1e512L;
    case 0x3d: return 1e1024L;
    case 0x3e: return 1e2048L;
    case 0x3f: return 1e4096L;
    default:   return 0.0L;                                      /* unused ROM offsets */
    }
}

/* Finish a general instruction: the result, the condition codes, EXC/AEXC
 * and an enabled exception. */
static void finish(m68k_t *m, unsigned dst, fx r, uint32_t exc, bool store, uint32_t ea)
{
    unsigned v = accrue(m, exc);
    bool blocked = v && (exc & m->fpu.fpcr & (EXC_SNAN | EXC_OPERR));
    if (store && !blocked) {
        m->fpu.fp[dst] = r;
        set_cc(m, r);
    }
    m68k_prefetch(m);
    report(m, v, ea);
}

static void arith(m68k_t *m, uint16_t op, uint16_t cmd)
{
    m68k_fpu *f = &m->fpu;
    unsigned opc = cmd >> 13, dst = (cmd >> 7) & 7, opmode = cmd & 0x7f;
    unsigned srcspec = (cmd >> 10) & 7;
    bool full = m->fpu_kind != FPU_040 || m->cpu.user_mode;
    fop o;
    uint32_t ea = 0;
    if (opc == 2 && srcspec == 7) {
        /* FMOVECR #offset,FPn (opmode = ROM offset) */
        if (!full) {
            unimplemented040(m, cmd, 0, f->fp[dst], 0);
            return;
        }
        f->fpiar = m->inst_pc;
        f->fpsr &= 0xffff00ffu;
        uint32_t exc = 0;
        fx r = round_prec(m, rom_constant(opmode), -1, &exc);
        m68k_idle(m, 20);
        finish(m, dst, r, exc, true, 0);
        return;
    }
    if (!defined_op(m, opmode)) {
        fline(m);
        return;
    }
    if (opc == 2) {
        unsigned size = fmt_size[srcspec];
        if (!locate(m, op, size, false, &o) || (o.reg && (srcspec == F_X || srcspec == F_P ||
                                                          srcspec == F_D))) {
            fline(m);
            return;
        }
        ea = o.addr;
    }
    if (!full && !impl040(opmode)) {
        uint32_t exc = 0;
        fx src = opc == 0 ? f->fp[srcspec] : load_operand(m, &o, srcspec, &exc);
        if (m->exc_taken)
            return;                    /* the operand's read faulted */
        unimplemented040(m, cmd, src, f->fp[dst], ea);
        return;
    }
    f->fpiar = m->inst_pc;
    f->fpsr &= 0xffff00ffu;          /* EXC is per instruction */
    uint32_t exc = 0;
    fx src = opc == 0 ? f->fp[srcspec] : load_operand(m, &o, srcspec, &exc);
    fx d = f->fp[dst], r = 0;
    int prec = -1;
    if (opmode >= 0x40) {
        /* 040 FSxxx/FDxxx: the base operation, rounded to single/double. */
        prec = (opmode & 4) ? 2 : 1;
        opmode &= ~0x44u;
        if (opmode == 0x01)
            opmode = 0x04;            /* FSSQRT, FDSQRT */
    }
    bool dyadic = (opmode >= 0x20 && opmode <= 0x28) || opmode == 0x38;
    m68k_idle(m, dyadic ? 24 : 16);
    if (opmode != 0x38 && opmode != 0x3a && opmode != 0x1a && opmode != 0x18 &&
        nan_operands(d, src, dyadic, &r, &exc)) {
        if (opmode >= 0x30 && opmode <= 0x37)
            f->fp[opmode & 7] = r;    /* FSINCOS: both results */
        finish(m, dst, r, exc, true, ea);
        return;
    }
    switch (opmode) {
    case 0x00: r = round_prec(m, src, prec, &exc); break;                    /* FMOVE */
    case 0x01: r = basic(m, OP_RINT, src, 0, prec, &exc);                     /* FINT */
        r = round_prec(m, r, prec, &exc); break;
    case 0x02: r = libm(m, sinhl, src, &exc); break;                          /* FSINH */
    case 0x03: {                                                              /* FINTRZ */
        fx t = truncl(src);
        if (t != src && !isinf(src))
            exc |= EXC_INEX2;
        r = round_prec(m, t, prec, &exc);
        break;
    }
    case 0x04: r = basic(m, OP_SQRT, src, 0, prec, &exc); break;              /* FSQRT */
    case 0x06: r = libm(m, log1pl, src, &exc); break;                         /* FLOGNP1 */
    case 0x08: r = libm(m, expm1l, src, &exc); break;                         /* FETOXM1 */
    case 0x09: r = libm(m, tanhl, src, &exc); break;                          /* FTANH */
    case 0x0a: r = libm(m, atanl, src, &exc); break;                          /* FATAN */
    case 0x0c: r = libm(m, asinl, src, &exc); break;                          /* FASIN */
    case 0x0d: r = libm(m, atanhl, src, &exc); break;                         /* FATANH */
    case 0x0e: r = libm(m, sinl, src, &exc); break;                           /* FSIN */
    case 0x0f: r = libm(m, tanl, src, &exc); break;                           /* FTAN */
    case 0x10: r = libm(m, expl, src, &exc); break;                           /* FETOX */
    case 0x11: r = libm(m, f_exp2, src, &exc); break;                         /* FTWOTOX */
    case 0x12: r = libm(m, f_exp10, src, &exc); break;                        /* FTENTOX */
    case 0x14: r = libm(m, logl, src, &exc); break;                           /* FLOGN */
    case 0x15: r = libm(m, log10l, src, &exc); break;                         /* FLOG10 */
    case 0x16: r = libm(m, log2l, src, &exc); break;                          /* FLOG2 */
    case 0x18:                                                                /* FABS */
        if (is_snan(src)) exc |= EXC_SNAN;
        r = isnan(src) ? fabsl(quiet(src)) : round_prec(m, fabsl(src), prec, &exc);
        break;
    case 0x19: r = libm(m, coshl, src, &exc); break;                          /* FCOSH */
    case 0x1a:                                                                /* FNEG */
        if (is_snan(src)) exc |= EXC_SNAN;
        r = isnan(src) ? -quiet(src) : round_prec(m, -src, prec, &exc);
        break;
    case 0x1c: r = libm(m, acosl, src, &exc); break;                          /* FACOS */
    case 0x1d: r = libm(m, cosl, src, &exc); break;                           /* FCOS */
    case 0x1e: r = f_getexp(src, &exc); break;                                /* FGETEXP */
    case 0x1f: r = f_getman(src, &exc); break;                                /* FGETMAN */
    case 0x20: r = basic(m, OP_DIV, d, src, prec, &exc); break;               /* FDIV */
    case 0x21: r = f_modrem(m, d, src, false, &exc); break;                   /* FMOD */
    case 0x22: r = basic(m, OP_ADD, d, src, prec, &exc); break;               /* FADD */
    case 0x23: r = basic(m, OP_MUL, d, src, prec, &exc); break;               /* FMUL */
    case 0x24: r = basic(m, OP_DIV, d, src, 1, &exc); break;                  /* FSGLDIV */
    case 0x25: r = f_modrem(m, d, src, true, &exc); break;                    /* FREM */
    case 0x26: r = f_scale(m, d, src, &exc); break;                           /* FSCALE */
    case 0x27: r = basic(m, OP_MUL, d, src, 1, &exc); break;                  /* FSGLMUL */
    case 0x28: r = basic(m, OP_SUB, d, src, prec, &exc); break;               /* FSUB */
    case 0x30: case 0x31: case 0x32: case 0x33:                               /* FSINCOS */
    case 0x34: case 0x35: case 0x36: case 0x37: {
        fx c = libm(m, cosl, src, &exc);
        r = libm(m, sinl, src, &exc);
        f->fp[opmode & 7] = c;
        break;
    }
    case 0x38:                                                                /* FCMP */
        if (is_snan(d) || is_snan(src))
            exc |= EXC_SNAN;
        f->fpsr = (f->fpsr & 0x00ffffffu) | cmp_cc(d, src);
        {
            unsigned v = accrue(m, exc);
            m68k_prefetch(m);
            report(m, v, ea);
        }
        return;
    case 0x3a:                                                                /* FTST */
        if (is_snan(src))
            exc |= EXC_SNAN;
        f->fpsr = (f->fpsr & 0x00ffffffu) | cc_of(src);
        {
            unsigned v = accrue(m, exc);
            m68k_prefetch(m);
            report(m, v, ea);
        }
        return;
    default:
        fline(m);
        return;
    }
    finish(m, dst, r, exc, true, ea);
}

/* ---- FMOVE FPn,<ea> (opclass 011) ----------------------------------------------------- */

static void fmove_out(m68k_t *m, uint16_t op, uint16_t cmd)
{
    m68k_fpu *f = &m->fpu;
    unsigned fmt = (cmd >> 10) & 7, src = (cmd >> 7) & 7;
    fop o;
    if (!locate(m, op, fmt_size[fmt], true, &o) ||
        (o.reg && (fmt == F_X || fmt == F_P || fmt == F_PK || fmt == F_D))) {
        fline(m);
        return;
    }
    f->fpiar = m->inst_pc;
    f->fpsr &= 0xffff00ffu;
    fx v = f->fp[src];
    uint32_t exc = 0, w[3];
    unsigned sw = 0;
    uint16_t cw = host_cw(f->fpcr, 0);
    m68k_idle(m, 16);
    if (is_snan(v))
        exc |= EXC_SNAN;
    switch (fmt) {
    case F_L: case F_W: case F_B: {
        int64_t lo = fmt == F_L ? INT32_MIN : fmt == F_W ? INT16_MIN : INT8_MIN;
        int64_t hi = fmt == F_L ? INT32_MAX : fmt == F_W ? INT16_MAX : INT8_MAX;
        int64_t iv;
        if (isnan(v)) {
            exc |= EXC_OPERR;
            iv = signbit(v) ? lo : hi;
        } else {
            fx t = host_op(cw, OP_RINT, v, 0, &sw);
            if (t != v)
                exc |= EXC_INEX2;
            if (t < (fx)lo || t > (fx)hi) {
                exc |= EXC_OPERR;
                exc &= ~(uint32_t)EXC_INEX2;
                iv = t < 0 ? lo : hi;
            } else {
                iv = (int64_t)t;
            }
        }
        if (!(exc & f->fpcr & EXC_OPERR))
            wr_u(m, &o, fmt_size[fmt], (uint32_t)iv);
        break;
    }
    case F_S: case F_D: {
        /* IEEE single / double: fraction bits, exponent bits */
        unsigned fb = fmt == F_S ? 23 : 52, eb = fmt == F_S ? 8 : 11;
        uint64_t u;
        if (isnan(v)) {                 /* sign, all-ones exponent, the top of the mantissa */
            ww_f80 x = ww_f80_from_ld(quiet(v));
            u = (x.sexp & 0x8000 ? 1ull << (fb + eb) : 0) | (((1ull << eb) - 1) << fb) |
                ((x.mant >> (63 - fb)) & ((1ull << fb) - 1));
        } else {
            u = host_store(cw, v, fmt_size[fmt], &sw);
        }
        exc |= exc_of(sw, false);
        if (fmt == F_S) {
            wr_u(m, &o, 4, (uint32_t)u);
        } else {
            w[0] = (uint32_t)(u >> 32);
            w[1] = (uint32_t)u;
            wr_n(m, &o, w, 2);
        }
        break;
    }
    case F_X:
        ext_to_words(isnan(v) ? quiet(v) : v, w);
        wr_n(m, &o, w, 3);
        break;
    default: {
        uint32_t kf = fmt == F_P ? cmd : m->d[(cmd >> 4) & 7];
        int k = (int)(kf & 0x3f) - (int)(kf & 0x40);       /* signed 7 bits */
        packed_out(m, v, k, w, &exc);
        wr_n(m, &o, w, 3);
        break;
    }
    }
    unsigned vec = accrue(m, exc);
    m68k_prefetch(m);
    report(m, vec, o.addr);
}

/* ---- FMOVE(M) control registers (opclass 100/101) ----------------------------------- */

static void fmove_ctrl(m68k_t *m, uint16_t op, uint16_t cmd)
{
    m68k_fpu *f = &m->fpu;
    bool to_mem = cmd & 0x2000;
    unsigned list = (cmd >> 10) & 7;
    unsigned mode = (op >> 3) & 7, reg = op & 7;
    if (!list)
        list = 1;                          /* an empty list selects FPIAR */
    unsigned n = (list & 1) + ((list >> 1) & 1) + ((list >> 2) & 1);
    uint32_t *regs[3] = { &f->fpcr, &f->fpsr, &f->fpiar };
    static const uint32_t masks[3] = { 0x0000fff0, 0x0ffffff8, 0xffffffff };
    if ((mode == 0 && n > 1) || (mode == 1 && list != 1) || (to_mem && mode == 7 && reg > 1)) {
        fline(m);
        return;
    }
    uint32_t addr = 0;
    if (mode == 3) {
        addr = m->a[reg];
        m->a[reg] += 4 * n;
    } else if (mode == 4) {
        m->a[reg] -= 4 * n;
        addr = m->a[reg];
    } else if (mode >= 2 && !(mode == 7 && reg == 4)) {
        m68k_ea ea;
        m68k_ea_decode(m, &ea, mode, reg, 4);
        addr = ea.addr;
    }
    for (unsigned i = 0; i < 3; i++) {
        if (!(list & (4u >> i)))
            continue;
        if (to_mem) {
            uint32_t v = *regs[i];
            if (mode == 0)
                m->d[reg] = v;
            else if (mode == 1)
                m->a[reg] = v;
            else {
                m68k_write32(m, addr, v);
                addr += 4;
            }
        } else {
            uint32_t v;
            if (mode == 0)
                v = m->d[reg];
            else if (mode == 1)
                v = m->a[reg];
            else if (mode == 7 && reg == 4)
                v = m68k_ext32(m);
            else {
                v = m68k_read32(m, addr);
                addr += 4;
            }
            *regs[i] = v & masks[i];
        }
    }
    m->fpu.null_state = 0;
    m68k_idle(m, 8);
    m68k_prefetch(m);
}

/* ---- FMOVEM data registers (opclass 110/111) ----------------------------------------- */

static void fmovem(m68k_t *m, uint16_t op, uint16_t cmd)
{
    m68k_fpu *f = &m->fpu;
    bool to_mem = cmd & 0x2000;
    unsigned mode = (op >> 3) & 7, reg = op & 7;
    unsigned mm = (cmd >> 11) & 3;          /* bit 12: postinc/control, bit 11: dynamic */
    unsigned list = (mm & 1) ? m->d[(cmd >> 4) & 7] & 0xff : cmd & 0xff;
    bool predec = !(mm & 2);
    if (mode < 2 || (mode == 7 && reg == 4) || (to_mem && mode == 3) || (!to_mem && mode == 4) ||
        (predec != (mode == 4)) || (to_mem && mode == 7 && reg > 1)) {
        fline(m);
        return;
    }
    uint32_t addr;
    if (mode == 3 || mode == 4) {
        addr = m->a[reg];
    } else {
        m68k_ea ea;
        m68k_ea_decode(m, &ea, mode, reg, 4);
        addr = ea.addr;
    }
    uint32_t w[3];
    if (predec) {
        /* -(An): bit 0 = FP0 ... bit 7 = FP7, stored from FP7 down. */
        for (int r = 7; r >= 0; r--) {
            if (!(list & (1u << r)))
                continue;
            addr -= 12;
            ext_to_words(f->fp[r], w);
            for (unsigned i = 0; i < 3; i++)
                m68k_write32(m, addr + 4 * i, w[i]);
        }
        m->a[reg] = addr;
    } else {
        /* control/postincrement: bit 7 = FP0 ... bit 0 = FP7. */
        for (unsigned r = 0; r < 8; r++) {
            if (!(list & (0x80u >> r)))
                continue;
            if (to_mem) {
                ext_to_words(f->fp[r], w);
                for (unsigned i = 0; i < 3; i++)
                    m68k_write32(m, addr + 4 * i, w[i]);
            } else {
                for (unsigned i = 0; i < 3; i++)
                    w[i] = m68k_read32(m, addr + 4 * i);
                f->fp[r] = ext_from_words(w);
            }
            addr += 12;
        }
        if (mode == 3)
            m->a[reg] = addr;
    }
    m->fpu.null_state = 0;
    m68k_idle(m, 8);
    m68k_prefetch(m);
}

static void op_fgen(m68k_t *m, uint16_t op)
{
    if (no_fpu(m))
        return;
    uint16_t cmd = m68k_ext(m);
    m->fpu.null_state = 0;
    /* A waiting 881/882 exception comes before an arithmetic instruction or
     * FMOVE starts (nothing has changed yet: it runs again after RTE). */
    if ((cmd >> 13) <= 3 && take_pending(m))
        return;
    switch (cmd >> 13) {
    case 0: case 2: arith(m, op, cmd); return;
    case 3: fmove_out(m, op, cmd); return;
    case 4: case 5: fmove_ctrl(m, op, cmd); return;
    case 6: case 7: fmovem(m, op, cmd); return;
    default: fline(m); return;
    }
}

/* ---- conditionals (881UM §4.6, PRM §3.6.2) --------------------------------------- */

/* The predicate (6 bits) on FPCC; sets BSUN for the signalling half when
 * NAN is set. false with *bad for undefined predicates. */
static bool fcond(m68k_t *m, unsigned pred, uint32_t *exc, bool *bad)
{
    uint32_t cc = m->fpu.fpsr;
    bool n = cc & CC_N, z = cc & CC_Z, nan = cc & CC_NAN;
    *bad = pred > 0x1f;
    if (*bad)
        return false;
    if ((pred & 0x10) && nan)
        *exc |= EXC_BSUN;
    switch (pred & 0x0f) {
    case 0x0: return false;
    case 0x1: return z;
    case 0x2: return !(nan || z || n);
    case 0x3: return z || !(nan || n);
    case 0x4: return n && !(nan || z);
    case 0x5: return z || (n && !nan);
    case 0x6: return !(nan || z);
    case 0x7: return !nan;
    case 0x8: return nan;
    case 0x9: return nan || z;
    case 0xa: return nan || !(n || z);
    case 0xb: return nan || z || !n;
    case 0xc: return nan || (n && !z);
    case 0xd: return nan || z || n;
    case 0xe: return !z;
    default:  return true;
    }
}

/* Evaluate for a conditional instruction: true when it may go on; a BSUN
 * that is enabled becomes the exception (mid-instruction, format $9 on the
 * 020/030; format $0 on the 040). */
static bool cond_eval(m68k_t *m, unsigned pred, bool *result)
{
    uint32_t exc = 0;
    bool bad;
    *result = fcond(m, pred, &exc, &bad);
    if (bad) {
        fline(m);
        return false;
    }
    m->fpu.fpiar = m->inst_pc;
    if (exc) {
        unsigned v = accrue(m, exc);
        if (v) {
            if (m->level < 4 && !m->cpu.user_mode) {
                uint8_t x[12] = { (uint8_t)(m->inst_pc >> 24), (uint8_t)(m->inst_pc >> 16),
                                  (uint8_t)(m->inst_pc >> 8), (uint8_t)m->inst_pc };
                m68k_exception_frame(m, v, 9, m->inst_pc, x, sizeof x);
            } else {
                m68k_exception(m, v, m->inst_pc);
            }
            return false;
        }
    }
    return true;
}

static void op_fcc(m68k_t *m, uint16_t op)
{
    if (no_fpu(m))
        return;
    uint16_t pred = m68k_ext(m);
    unsigned mode = (op >> 3) & 7;
    if (take_pending(m))
        return;
    bool t;
    if (mode == 1) {                                   /* FDBcc Dn,<label> */
        uint32_t base = m->pc - 2;
        uint32_t disp = (uint32_t)(int32_t)(int16_t)m68k_ext(m);
        if (!cond_eval(m, pred & 0x3f, &t))
            return;
        if (!t) {
            unsigned r = op & 7;
            uint16_t cnt = (uint16_t)(m->d[r] - 1);
            m68k_set_dn(m, r, 2, cnt);
            if (cnt != 0xffff) {
                m68k_jump(m, base + disp);
                return;
            }
        }
        m68k_prefetch(m);
        return;
    }
    if (mode == 7 && (op & 7) >= 2) {                  /* FTRAPcc */
        switch (op & 7) {
        case 2: m68k_ext(m); break;
        case 3: m68k_ext32(m); break;
        case 4: break;
        default: fline(m); return;
        }
        if (!cond_eval(m, pred & 0x3f, &t))
            return;
        if (t) {
            m68k_exception2(m, 7, m->pc - 2, m->inst_pc);
            return;
        }
        m68k_prefetch(m);
        return;
    }
    /* FScc <ea> */
    m68k_ea ea;
    if (mode == 1 || (mode == 7 && (op & 7) > 1)) {
        fline(m);
        return;
    }
    m68k_ea_decode_op(m, op, 1, &ea);
    if (!cond_eval(m, pred & 0x3f, &t))
        return;
    m68k_ea_write(m, &ea, 1, t ? 0xff : 0);
    m68k_prefetch(m);
}

static void op_fbcc(m68k_t *m, uint16_t op)
{
    if (no_fpu(m))
        return;
    uint32_t base = m->pc - 2;
    uint32_t disp = (op & 0x40) ? m68k_ext32(m) : (uint32_t)(int32_t)(int16_t)m68k_ext(m);
    if (take_pending(m))
        return;
    bool t;
    if (!cond_eval(m, op & 0x3f, &t))
        return;
    if (t) {
        m68k_jump(m, base + disp);
        return;
    }
    m68k_prefetch(m);
}

/* ---- FSAVE, FRESTORE (881UM §6.4; 040UM §9.6) ----------------------------------------- */

static unsigned idle_size(const m68k_t *m)
{
    return m->fpu_kind == FPU_040 ? 0 : m->fpu_kind == FPU_68881 ? 0x18 : 0x38;
}

static uint8_t version(const m68k_t *m)
{
    return m->fpu_kind == FPU_040 ? 0x41 : m->fpu_kind == FPU_68881 ? 0x1f : 0x20;
}

static void op_fsave(m68k_t *m, uint16_t op)
{
    if (no_fpu(m))
        return;
    if (!m68k_super(m)) {
        m68k_privilege_violation(m);
        return;
    }
    unsigned mode = (op >> 3) & 7, reg = op & 7;
    if (mode < 2 || mode == 3 || (mode == 7 && reg > 1)) {
        fline(m);
        return;
    }
    bool unimp = m->fpu_kind == FPU_040 && m->fpu.unimp && !m->fpu.null_state;
    unsigned size = m->fpu.null_state ? 0 : unimp ? 0x30 : idle_size(m);
    uint32_t hdr = m->fpu.null_state ? 0 : (uint32_t)version(m) << 24 | size << 16;
    uint32_t addr;
    if (mode == 4) {
        m->a[reg] -= 4 + size;
        addr = m->a[reg];
    } else {
        m68k_ea ea;
        m68k_ea_decode(m, &ea, mode, reg, 4);
        addr = ea.addr;
    }
    m68k_write32(m, addr, hdr);
    for (unsigned i = 0; i < size; i += 4) {
        uint32_t v = 0;
        if (unimp)
            v = (uint32_t)m->fpu.unimp_frame[i] << 24 | (uint32_t)m->fpu.unimp_frame[i + 1] << 16 |
                (uint32_t)m->fpu.unimp_frame[i + 2] << 8 | m->fpu.unimp_frame[i + 3];
        else if (i + 4 == size && m->fpu.pending)
            v = 1u << 27 | m->fpu.pending;   /* exception pending (BIU flags); which */
        m68k_write32(m, addr + 4 + i, v);
    }
    m->fpu.pending = 0;
    m->fpu.unimp = 0;                        /* FSAVE leaves the FPU idle */
    m68k_idle(m, 16);
    m68k_prefetch(m);
}

static void op_frestore(m68k_t *m, uint16_t op)
{
    if (no_fpu(m))
        return;
    if (!m68k_super(m)) {
        m68k_privilege_violation(m);
        return;
    }
    unsigned mode = (op >> 3) & 7, reg = op & 7;
    if (mode < 2 || mode == 4 || (mode == 7 && reg == 4)) {
        fline(m);
        return;
    }
    uint32_t addr;
    if (mode == 3) {
        addr = m->a[reg];
    } else {
        m68k_ea ea;
        m68k_ea_decode(m, &ea, mode, reg, 4);
        addr = ea.addr;
    }
    uint32_t hdr = m68k_read32(m, addr);
    unsigned ver = hdr >> 24, size = (hdr >> 16) & 0xff;
    if (ver == 0) {
        /* NULL frame: reset the FPU (881UM §6.4.1). */
        m68k_fpu_reset(m);
        if (mode == 3)
            m->a[reg] = addr + 4;
    } else {
        bool ok = ver == version(m) && (size == idle_size(m) ||
                  (m->fpu_kind == FPU_68881 && size == 0xb4) ||
                  (m->fpu_kind == FPU_68882 && size == 0xd4) ||
                  (m->fpu_kind == FPU_040 && (size == 0x28 || size == 0x30 || size == 0x60)));
        if (!ok) {
            m68k_exception(m, 14, m->inst_pc);     /* format error */
            return;
        }
        uint32_t last = size ? m68k_read32(m, addr + size) : 0;
        m->fpu.null_state = 0;
        m->fpu.pending = 0;
        m->fpu.unimp = 0;
        if (m->fpu_kind == FPU_040 && size == 0x30) {
            /* the unimp frame back: the state FSAVE would write again */
            for (unsigned i = 0; i < 48; i += 4) {
                uint32_t v = m68k_read32(m, addr + 4 + i);
                for (unsigned b = 0; b < 4; b++)
                    m->fpu.unimp_frame[i + b] = (uint8_t)(v >> (24 - 8 * b));
            }
            m->fpu.unimp = 1;
        }
        if (size == idle_size(m) && size && (last & (1u << 27))) {
            unsigned v = last & 0xff;    /* the vector FSAVE noted, if it is one */
            m->fpu.pending = (uint8_t)(v >= V_BSUN && v <= V_SNAN ? v : V_INEX);
        }
        if (mode == 3)
            m->a[reg] = addr + 4 + size;
    }
    m68k_idle(m, 16);
    m68k_prefetch(m);
}

const m68k_op_info m68k_ops_fpu[] = {
    /* pattern               handler      name        ea  ea2 flags models */
    { "1111 0010 00-- ----", op_fgen,     "fgen",     0,  0,  0,    MODELS_020UP },
    { "1111 0010 01-- ----", op_fcc,      "fscc",     0,  0,  0,    MODELS_020UP },
    { "1111 0010 1--- ----", op_fbcc,     "fbcc",     0,  0,  0,    MODELS_020UP },
    { "1111 0011 00-- ----", op_fsave,    "fsave",    0,  0,  0,    MODELS_020UP },
    { "1111 0011 01-- ----", op_frestore, "frestore", 0,  0,  0,    MODELS_020UP },
    { NULL }
};
