/* Floating-point arithmetic, conversions, comparisons, fused ops. */
#include <stdio.h>
#include <stdint.h>
#include <string.h>
static uint64_t bits(double d) { uint64_t b; memcpy(&b, &d, 8); return b; }
int main(void)
{
    volatile double a = 1.0, b = 3.0;
    double s = 0;
    for (int i = 1; i < 2000; i++) {
        s += a / (b * i) - (double)i * 1e-7;
        s = s * 1.0000001 + (i % 3 ? 0.5 : -0.25);
    }
    printf("s=%.17g %016llx\n", s, (unsigned long long)bits(s));
    volatile float fa = 1.5f, fb = 0.1f;
    float fs = 0;
    for (int i = 0; i < 1000; i++)
        fs = fs * 0.999f + fa * fb;
    printf("fs=%.9g\n", (double)fs);
    int conv = 0;
    for (double x = -100.7; x < 100; x += 3.3)
        conv += (int)x + (int)(x * 2.5) + (unsigned)(x > 0 ? x : -x);
    printf("conv=%d\n", conv);
    long long ll = (long long)(s * 1e6);
    double back = (double)ll / 7.0;
    printf("ll=%lld back=%.12f\n", ll, back);
    int cmp = (a < b) + 2 * (a == b) + 4 * (b > a) + 8 * (s != s);
    printf("cmp=%d\n", cmp);
    return cmp;
}
