/* Bit fields: packing and unpacking a struct of odd-width fields. */
#include "mini.h"
struct pk {
    unsigned a : 3;
    unsigned b : 7;
    signed c : 5;
    unsigned d : 1;
    unsigned e : 12;
    signed f : 4;
};
int main(void)
{
    struct pk p[64];
    u32 seed = 7, sum = 0;
    for (int i = 0; i < 64; i++) {
        p[i].a = rnd(&seed);
        p[i].b = rnd(&seed);
        p[i].c = (int)rnd(&seed);
        p[i].d = rnd(&seed);
        p[i].e = rnd(&seed);
        p[i].f = (int)rnd(&seed);
    }
    for (int r = 0; r < 50; r++)
        for (int i = 0; i < 64; i++) {
            p[i].e += p[i].a * p[i].b;
            p[i].c -= p[i].f;
            p[i].d ^= p[i].c < 0;
            sum = sum * 31 + p[i].a + p[i].b + (u32)p[i].c + p[i].d + p[i].e + (u32)p[i].f;
        }
    for (int i = 0; i < 4; i++)
        printf_("%u %u %d %u %u %d\n", (u32)p[i].a, (u32)p[i].b, (long)p[i].c, (u32)p[i].d,
                (u32)p[i].e, (long)p[i].f);
    u32 w = 0x12345678;
    printf_("extract %x %x %x\n", (w >> 5) & 0x1f, (w >> 13) & 0x3ff, w & ~(0xfUL << 8));
    printf_("sum %x\n", sum);
    return 0;
}
