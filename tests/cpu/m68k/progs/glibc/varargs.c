/* Variadic functions with mixed int/double/long long arguments, vsnprintf. */
#include <stdio.h>
#include <stdarg.h>
static double sum(int n, ...)
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
static int fmt(char *b, size_t n, const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    int r = vsnprintf(b, n, f, ap);
    va_end(ap);
    return r;
}
int main(void)
{
    double s = sum(9, 1, 2.5, 3ll, 4, 5.25, 6000000000ll, 7, 8.125, -9ll);
    char b[100];
    int n = fmt(b, sizeof b, "%s|%5d|%-8.3f|%llx|%c", "va", 42, 3.14159, 0xabcdef123ull, 'z');
    printf("sum %.4f fmt(%d) %s\n", s, n, b);
    return n;
}
