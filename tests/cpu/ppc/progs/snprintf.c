/* Formatted output: widths, precisions, flags, integers of every size. */
#include <stdio.h>
#include <stdint.h>
int main(void)
{
    char buf[200];
    int n = snprintf(buf, sizeof buf, "[%5d|%-5d|%05d|%+d|%x|%X|%o|%#x|%c|%s|%.3s|%10.4f]", 42, 42, 42,
                     42, 255, 255, 8, 255, 'z', "str", "truncate", 3.14159265);
    printf("%d %s\n", n, buf);
    printf("%hhd %hd %ld %lld %llu %zu\n", (signed char)-5, (short)-1234, -123456789L,
           -1234567890123LL, 18446744073709551615ULL, sizeof(long double));
    printf("%*d|%-*s|%.*f\n", 8, 7, 6, "ab", 2, 2.71828);
    n = snprintf(buf, 10, "%s", "0123456789abcdef");
    printf("%d %s\n", n, buf);
    printf("%p %%\n", (void *)0x1234);
    return 0;
}
