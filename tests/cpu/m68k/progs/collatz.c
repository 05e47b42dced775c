/* Collatz sequence lengths; the longest chain below a bound. */
#include "mini.h"
int main(void)
{
    u32 best = 0, arg = 0, total = 0;
    for (u32 n = 1; n < 30000; n++) {
        u32 x = n, len = 1;
        while (x != 1) { x = (x & 1) ? 3 * x + 1 : x >> 1; len++; }
        total += len;
        if (len > best) { best = len; arg = n; }
    }
    printf_("longest %u at %u total %u\n", best, arg, total);
    return (int)(best & 0xff);
}
