/* Rounding and classification: floor, ceil, round, trunc, rint, lround,
 * fmod, remainder, frexp, ldexp, modf, fabs, copysign, isnan/isinf. */
#include <stdio.h>
#include <math.h>
int main(void)
{
    double v[] = { -2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.7, -3.7, 1e10 + 0.5 };
    for (unsigned i = 0; i < sizeof v / sizeof v[0]; i++) {
        double ip;
        int e;
        double fr = frexp(v[i], &e);
        printf("%g: floor %g ceil %g round %g trunc %g rint %g lround %ld modf %g frexp %g,%d\n",
               v[i], floor(v[i]), ceil(v[i]), round(v[i]), trunc(v[i]), rint(v[i]),
               lround(v[i]), modf(v[i], &ip), fr, e);
    }
    printf("fmod %g %g rem %g ldexp %g\n", fmod(10.5, 3), fmod(-10.5, 3), remainder(10.5, 3),
           ldexp(0.75, 10));
    volatile double z = 0;
    double inf = 1 / z, nan = z / z;
    printf("inf %d nan %d fin %d copysign %g fabs %g\n", isinf(inf), isnan(nan) != 0,
           isfinite(1.0), copysign(3, -0.0), fabs(-7.25));
    printf("%f %f\n", inf, -inf);
    return 0;
}
