/* libm: exp, log, log10, log2, pow, sqrt, cbrt, sinh, cosh, tanh, expm1,
 * log1p (FETOX, FLOGN, FLOG10, … and glibc's pow on the 68881). */
#include <stdio.h>
#include <math.h>
int main(void)
{
    double s = 0;
    for (int i = 1; i <= 100; i++) {
        double x = i * 0.37;
        s += exp(-x / 10) + log(x) + log10(x) + log2(x) + pow(x, 1.3) + sqrt(x);
    }
    printf("s=%.10f\n", s);
    printf("exp(1)=%.15g log(10)=%.15g pow(2,0.5)=%.15g\n", exp(1.0), log(10.0), pow(2, 0.5));
    printf("pow(1.0001,10000)=%.12g pow(-2,3)=%g pow(10,-3)=%g\n", pow(1.0001, 10000),
           pow(-2, 3), pow(10, -3));
    printf("cbrt %.12g sinh %.12g cosh %.12g tanh %.12g\n", cbrt(27.5), sinh(1.5), cosh(0.7),
           tanh(0.5));
    printf("expm1 %.12g log1p %.12g hypot %.12g\n", expm1(1e-5), log1p(1e-4), hypot(3, 4.5));
    return 0;
}
