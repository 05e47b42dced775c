/* printf formatting paths: widths, precisions, flags, hex, octal, chars. */
#include <stdio.h>
int main(void)
{
    char buf[256];
    int n = snprintf(buf, sizeof buf, "[%5d|%-5d|%05d|%+d|%x|%X|%o|%#x|%c|%10.3s|%%]", 42, 42, 42, 42, 0xbeef, 0xbeef, 8, 255, 'Q', "abcdef");
    printf("%s %d\n", buf, n);
    printf("[%8.3f|%-8.2e|%G|%a]\n", 3.14159, 0.000123, 1e-10, 1.0);
    printf("[%lld|%llu|%llx]\n", -1234567890123LL, 18446744073709551615ULL, 0x1234567890abcdefULL);
    printf("[%p]\n", (void *)0);
    return 0;
}
