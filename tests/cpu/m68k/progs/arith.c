/* Integer arithmetic: signed/unsigned add, sub, mul, div, mod, wrap-around. */
#include "mini.h"
int main(void)
{
    u32 seed = 1;
    long acc = 0;
    unsigned long uacc = 0;
    for (int i = 0; i < 3000; i++) {
        long a = (long)rnd(&seed) - 0x400000, b = (long)(rnd(&seed) & 0xfff) + 1;
        if (i & 1)
            b = -b;
        acc += a / b + a % b;
        acc ^= a * b;
        uacc += (unsigned long)a / (unsigned long)(b < 0 ? -b : b);
        uacc = uacc * 33 + (unsigned long)a % 97;
        if (i % 500 == 0)
            printf_("%d: %d %u\n", (long)i, acc, uacc);
    }
    short s = 30000;
    s += 10000;
    unsigned char c = 250;
    c += 10;
    printf_("wrap %d %u\n", (long)s, (unsigned long)c);
    printf_("final %d %u\n", acc, uacc);
    return (int)(uacc & 0x7f);
}
