/* libm: sin, cos, tan, atan, atan2, asin, acos (glibc's m680x0 libm uses
 * the 68881's FSIN, FCOS, FTAN, FATAN … directly). */
#include <stdio.h>
#include <math.h>
int main(void)
{
    double s = 0;
    for (int i = -50; i <= 50; i++) {
        double x = i * 0.123;
        s += sin(x) + cos(x) + atan(x) + atan2(x, 1.5);
        if (i % 10 == 0)
            printf("x=%6.3f sin=%.12f cos=%.12f tan=%.10g\n", x, sin(x), cos(x), tan(x));
    }
    printf("sum=%.10f\n", s);
    printf("asin %.12f acos %.12f atan2 %.12f\n", asin(0.25), acos(-0.5), atan2(-1.0, -2.0));
    printf("big sin(1e6)=%.10f cos(100)=%.10f\n", sin(1e6), cos(100.0));
    return 0;
}
