/* Numerical loops: harmonic series, Horner polynomial, Newton's sqrt. */
#include <stdio.h>
int main(void)
{
    double h = 0;
    for (int i = 1; i <= 100000; i++) h += 1.0 / i;
    printf("H=%.12f\n", h);
    double c[] = { 1, -2.5, 3.25, -0.125, 0.0625 };
    for (double x = -2; x <= 2; x += 0.5) {
        double p = 0;
        for (int k = 4; k >= 0; k--) p = p * x + c[k];
        printf("p(%.2f)=%.9f\n", x, p);
    }
    double v = 2, r = 1;
    for (int i = 0; i < 8; i++) r = 0.5 * (r + v / r);
    printf("sqrt2=%.15f\n", r);
    return 0;
}
