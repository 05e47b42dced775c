/* x87 operations with exact results, by inline asm: fxtract, fscale, fprem,
 * fprem1, frndint under each rounding mode, fbstp/fbld, fist of halves,
 * fxam classes, fcomi/fucomi, fcmov, long double printf. */
#include <stdio.h>
#include <stdint.h>
#include <math.h>
static long double xtract(long double v, long double *exp)
{
    long double sig;
    __asm__("fxtract" : "=t"(sig), "=u"(*exp) : "0"(v));
    return sig;
}
static long double rnd(long double v, unsigned rc)
{
    unsigned short old, cw;
    __asm__ volatile("fnstcw %0" : "=m"(old));
    cw = (unsigned short)((old & ~0xC00u) | (rc << 10));
    __asm__ volatile("fldcw %0" : : "m"(cw));
    long double r;
    __asm__ volatile("frndint" : "=t"(r) : "0"(v));
    __asm__ volatile("fldcw %0" : : "m"(old));
    return r;
}
int main(void)
{
    long double vals[] = { 1.0L, -3.75L, 1e10L, 0.0078125L, 123456.5L, -2.5L, 0.5L, 1.5L };
    for (unsigned i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        long double e, s = xtract(vals[i], &e);
        printf("%Lg: sig %.20Lg exp %Lg rnd %Lg %Lg %Lg %Lg\n", vals[i], s, e,
               rnd(vals[i], 0), rnd(vals[i], 1), rnd(vals[i], 2), rnd(vals[i], 3));
    }
    long double sc;
    __asm__("fscale" : "=t"(sc) : "0"(3.0L), "u"(5.0L));
    printf("fscale %Lg\n", sc);
    long double r1, r2; unsigned short sw;
    __asm__("1: fprem; fnstsw %%ax; testw $0x400, %%ax; jnz 1b" : "=t"(r1), "=a"(sw) : "0"(100.75L), "u"(7.0L) : "cc");
    __asm__("fprem1" : "=t"(r2) : "0"(100.75L), "u"(7.0L));
    printf("fprem %Lg (q bits %x) fprem1 %Lg\n", r1, (sw >> 8) & 0x43, r2);
    unsigned char bcd[10];
    __asm__ volatile("fbstp %0" : "=m"(bcd) : "t"(-9876543210.0L) : "st");
    for (int i = 9; i >= 0; i--) printf("%02x", bcd[i]);
    long double back;
    __asm__ volatile("fbld %1" : "=t"(back) : "m"(bcd));
    printf(" -> %Lf\n", back);
    volatile long double halves[] = { 0.5L, 1.5L, 2.5L, -0.5L, -1.5L };
    for (int i = 0; i < 5; i++) {
        int32_t iv; int64_t lv;
        __asm__ volatile("fistl %0" : "=m"(iv) : "t"(halves[i]));
        __asm__ volatile("fistpll %0" : "=m"(lv) : "t"(halves[i]) : "st");
        printf("%Lg -> %d %lld\n", halves[i], iv, (long long)lv);
    }
    long double cls[] = { 0.0L, -1.0L, INFINITY, NAN, 1e-4940L };
    for (int i = 0; i < 5; i++) {
        unsigned short s2;
        __asm__("fxam; fnstsw %0" : "=a"(s2) : "t"(cls[i]));
        printf("fxam %d: %04x\n", i, s2 & 0x4700);
    }
    long double a = 2.0L, b = 3.0L, m;
    unsigned char below, eq;
    __asm__("fcomi %%st(1), %%st; setb %0; sete %1" : "=q"(below), "=q"(eq) : "t"(a), "u"(b) : "cc");
    __asm__("fcmovb %%st(1), %%st" : "=t"(m) : "0"(a), "u"(b));
    printf("fcomi below=%d eq=%d fcmovb %Lg\n", below, eq, m);
    printf("%.25Lf %La\n", 1.0L / 3.0L, 2.0L / 3.0L);
    return 0;
}
