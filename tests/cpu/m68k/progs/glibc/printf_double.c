/* printf of doubles: %f %e %g %a with widths and precisions (glibc's
 * printf_fp works on the mantissa with integer arithmetic; the values come
 * from 68881 arithmetic). */
#include <stdio.h>
int main(void)
{
    double v[] = { 0.0, -0.0, 1.0, -1.5, 3.14159265358979, 1e-300, 6.02214076e23,
                   123456789.125, 1.0 / 3.0, 2.0 / 7.0, 1e15 + 0.3, -9.999999e-5 };
    for (unsigned i = 0; i < sizeof v / sizeof v[0]; i++)
        printf("%2u |%f|%.3e|%g|%12.5g|%a|\n", i, v[i], v[i], v[i], v[i], v[i]);
    double acc = 1.0;
    for (int i = 0; i < 40; i++) {
        acc = acc * 1.37 + 0.001 * i;
        if (i % 8 == 0)
            printf("acc[%d] = %.17g\n", i, acc);
    }
    float f = 1.0f / 7.0f;
    printf("float %.9g %e\n", f, (double)f * 3);
    return (int)acc & 0x7f;
}
