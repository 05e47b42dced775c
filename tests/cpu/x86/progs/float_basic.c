/* x87 floating point: arithmetic and printf of doubles. */
#include <stdio.h>
int main(void)
{
    double a = 1.0, b = 3.0;
    printf("%f %f %f %f\n", a + b, a - b, a * b, a / b);
    printf("%.15g %.17g %e %g\n", a / b, 2.0 / 3.0, 12345.678e10, 0.0001234);
    double x = 0.1;
    for (int i = 0; i < 10; i++) x = x * 1.5 + 0.25;
    printf("%.10f\n", x);
    float f = 1.0f / 7.0f;
    printf("%f %.9g\n", (double)f, (double)f);
    printf("%f %f\n", -0.0, 1e300 * 10.0);
    return 0;
}
