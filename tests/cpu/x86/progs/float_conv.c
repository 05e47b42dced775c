/* Conversions: int<->double, float<->double, rounding, strtod, long double. */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
int main(void)
{
    volatile double d[] = { 0.5, 1.5, 2.5, -0.5, -1.5, 1e10, -1e10, 123456789.987, 3.999999 };
    for (unsigned i = 0; i < sizeof d / sizeof d[0]; i++) {
        int iv = (int)d[i];
        long long lv = (long long)d[i];
        printf("%g -> %d %lld %u\n", d[i], iv, lv, (unsigned)(d[i] < 0 ? 0 : d[i] < 4e9 ? d[i] : 0));
    }
    printf("%f %f\n", strtod("3.14159265358979", NULL), strtod("-2.5e-3", NULL));
    long double ld = 1.0L / 3.0L;
    printf("%.18Lf\n", ld);
    uint64_t big = 18446744073709551615ULL;
    printf("%f %f\n", (double)big, (double)(int64_t)-123456789012345LL);
    return 0;
}
