/* libm on x87: sqrt, sin, cos, exp, log, pow, atan2, floor/ceil, fmod. */
#include <stdio.h>
#include <math.h>
int main(void)
{
    for (int i = 1; i <= 12; i++) {
        double x = i * 0.37;
        printf("%d %.12f %.12f %.12f %.12f %.12f\n", i, sqrt(x), sin(x), cos(x), exp(x), log(x));
        printf("  %.12f %.12f %.6f %.6f %.12f\n", pow(x, 1.7), atan2(x, 1.0 - x), floor(x * 3), ceil(x * 3), fmod(x * 10, 3.3));
    }
    printf("%.15f\n", M_PI * 2);
    return 0;
}
