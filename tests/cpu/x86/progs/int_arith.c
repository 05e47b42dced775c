/* Integer arithmetic: add/sub/mul/div/mod over signed and unsigned ranges. */
#include <stdio.h>
#include <limits.h>
int main(void)
{
    volatile int a[] = { 0, 1, -1, 7, -7, 12345, -99999, INT_MAX, INT_MIN + 1, 1 << 20 };
    unsigned n = sizeof a / sizeof a[0];
    long sum = 0;
    for (unsigned i = 0; i < n; i++)
        for (unsigned j = 0; j < n; j++) {
            int x = a[i], y = a[j];
            sum += (long)(x + y) ^ (long)(x - y);
            sum += (int)((unsigned)x * (unsigned)y);
            if (y != 0 && !(x == INT_MIN && y == -1)) {
                sum += x / y;
                sum += x % y;
                sum += (unsigned)x / (unsigned)y;
            }
            printf("%d %d -> %d %d\n", x, y, x * 3 - y, (x >> 3) + (y << 2));
        }
    printf("sum=%ld\n", sum);
    return (int)(sum & 0x7f);
}
