/* printf of doubles and floats in several formats. */
#include <stdio.h>
int main(void)
{
    double d[] = { 0.0, -0.0, 1.0, -1.5, 3.141592653589793, 1e-300, 1e300, 2.5e-10, 123456789.125,
                   1.0 / 3.0, 0.1, 6.02214076e23, 5e-324 };
    for (unsigned i = 0; i < sizeof d / sizeof d[0]; i++)
        printf("%g %e %.10f %a %.17g\n", d[i], d[i], d[i], d[i], d[i]);
    float f = 1.1f;
    for (int i = 0; i < 10; i++) {
        f = f * 1.7f - 0.3f;
        printf("%.9g\n", (double)f);
    }
    return 0;
}
