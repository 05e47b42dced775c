/* IEEE edge cases: infinities, NaNs, signed zeros, denormals, rounding. */
#include <stdio.h>
#include <math.h>
#include <float.h>
int main(void)
{
    volatile double z = 0.0, one = 1.0, big = DBL_MAX, tiny = DBL_MIN;
    double v[] = { one / z, -one / z, z / z, big * 2, tiny / 3, tiny / 1e10, -z, sqrt(-one), 1e308 * 10 - 1e308 * 10 };
    for (unsigned i = 0; i < sizeof v / sizeof v[0]; i++)
        printf("%g %d %d %d\n", v[i], isnan(v[i]) != 0, isinf(v[i]) != 0, signbit(v[i]) != 0);
    volatile float f = FLT_MAX, g = FLT_MIN;
    printf("%g %g %g\n", (double)(f * 2), (double)(g / 4), (double)(float)(1.0 / 3.0));
    printf("%.20g %.20g\n", 0.1 + 0.2, (double)(0.1f + 0.2f));
    printf("%d %d\n", (int)(2.5 + 0.5), (int)-2.7);
    return 0;
}
