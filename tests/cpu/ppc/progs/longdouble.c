/* long double (IBM double-double on ppc32 glibc) arithmetic and printing. */
#include <stdio.h>
int main(void)
{
    long double a = 1.0L, s = 0;
    for (int i = 1; i <= 50; i++) { a /= i; s += a; }
    printf("e-1 ~ %.25Lf\n", s);
    long double x = 1e300L;
    x = x * 1e5L / 1e5L;
    printf("%Lg %Lg\n", x, (long double)1 / 3);
    return 0;
}
