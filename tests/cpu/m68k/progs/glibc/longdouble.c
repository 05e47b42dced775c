/* long double is the 68881's 96-bit extended format: arithmetic and
 * printing with %Lf/%Le, conversions to and from double. */
#include <stdio.h>
#include <math.h>
int main(void)
{
    long double a = 1.0L, s = 0;
    for (int i = 1; i <= 30; i++) {
        a /= i;
        s += a;
    }
    printf("e-1 ~ %.20Lf\n", s);
    long double x = 1e300L;
    x = x * 1e300L;
    printf("%Le %Lg %.18Lg\n", x, (long double)1 / 3, (long double)2 / 3);
    long double big = 1e4000L;
    printf("%Le %Le\n", big, 1 / big);
    double d = (double)(s * 3);
    printf("%.17g %.20Lg\n", d, sqrtl(2.0L));
    long double h = 0;
    for (int i = 1; i <= 1000; i++)
        h += 1.0L / i;
    printf("H1000 %.19Lf\n", h);
    return 0;
}
