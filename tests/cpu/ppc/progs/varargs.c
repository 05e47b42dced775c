/* Variable arguments with ints, doubles and long longs mixed. */
#include <stdio.h>
#include <stdarg.h>
static double mix(int n, ...)
{
    va_list ap;
    va_start(ap, n);
    double s = 0;
    for (int i = 0; i < n; i++) {
        switch (i % 3) {
        case 0: s += va_arg(ap, int); break;
        case 1: s += va_arg(ap, double); break;
        default: s += (double)va_arg(ap, long long); break;
        }
    }
    va_end(ap);
    return s;
}
int main(void)
{
    double r = mix(9, 1, 2.5, 3LL, 4, 5.25, 6000000000LL, -7, -8.5, -9LL);
    printf("r=%.4f\n", r);
    return (int)r & 0x7f;
}
