/* atoi/strtol/strtoul in several bases, and itoa by hand. */
#include <stdio.h>
#include <stdlib.h>
int main(void)
{
    const char *s[] = { "0", "42", "-17", "0x1F", "0777", "2147483647", "-2147483648", "zz", "  +99abc" };
    for (unsigned i = 0; i < sizeof s / sizeof s[0]; i++) {
        char *end;
        long v = strtol(s[i], &end, 0);
        printf("%s -> %d %ld %lu rest='%s' b36=%ld\n", s[i], atoi(s[i]), v, strtoul(s[i], NULL, 16), end, strtol(s[i], NULL, 36));
    }
    char buf[40];
    for (int v = -5000; v <= 5000; v += 1250) {
        int x = v < 0 ? -v : v, n = 0; char tmp[20];
        do { tmp[n++] = (char)('0' + x % 10); x /= 10; } while (x);
        int k = 0; if (v < 0) buf[k++] = '-';
        while (n) buf[k++] = tmp[--n];
        buf[k] = 0;
        printf("%s ", buf);
    }
    printf("\n");
    return 0;
}
