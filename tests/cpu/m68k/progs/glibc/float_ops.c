/* Single-precision floats: arithmetic, conversions, comparisons, int casts
 * (FINTRZ + FMOVE.L), unsigned conversions. */
#include <stdio.h>
int main(void)
{
    float f = 0.1f, g = 3.0f, acc = 0;
    for (int i = 0; i < 1000; i++) {
        acc += f * g - (float)i / 1000.0f;
        if (acc > 100.0f)
            acc -= 99.5f;
    }
    printf("acc %.7g\n", acc);
    double vals[] = { 2.5, -2.5, 3.99, -3.99, 1e9, 4294967295.0, -1e-9, 65535.5 };
    for (unsigned i = 0; i < 8; i++) {
        double v = vals[i];
        printf("%g -> int %d long long %lld uint %u float %.8g\n", v, (int)v, (long long)v,
               (unsigned)(v > 0 ? v : 0), (float)v);
    }
    int cmp = 0;
    for (int i = -5; i < 5; i++)
        cmp += (i * 0.5 < 1.0) + (i * 0.5 == 1.0) * 2 + (i * 0.5 >= -1.0) * 4;
    unsigned long long u = 18446744073709551615ull;
    printf("cmp %d u->d %.17g d->u %llu\n", cmp, (double)u, (unsigned long long)1e19);
    return cmp;
}
