/* libm: sqrt, exp, log, pow, floor, fmod, cbrt, hypot, tanh, rounding.
 * (sin/cos/atan2 are left out: glibc's versions use the ISA 3.0 mffscrni
 * encoding, which qemu-ppc rejects while a real 750 — and wirewrap — runs it
 * as mffs, ignoring the reserved field.) */
#include <stdio.h>
#include <math.h>
int main(void)
{
    double s = 0;
    for (int i = 1; i <= 200; i++) {
        double x = i * 0.37;
        s += sqrt(x) + exp(-x / 10) + log(x) + pow(x, 1.3) + floor(x) + fmod(x, 1.7) + log10(x);
    }
    printf("s=%.12f\n", s);
    printf("%.15g %.15g %.15g %.15g\n", asin(0.3), tanh(0.5), cbrt(27.5), hypot(3, 4.5));
    printf("%g %g %d %g\n", ceil(-2.5), round(2.5), (int)lround(-3.5), trunc(-7.9));
    return 0;
}
