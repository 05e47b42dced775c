/* C bit-fields and bit tricks: gcc uses BFEXTU/BFEXTS/BFINS/BFFFO for these on
 * the 68020+ (__builtin_clz is BFFFO). */
#include <stdio.h>
#include <stdint.h>
struct pk { unsigned a : 3, b : 7, c : 13; int d : 5; unsigned e : 4; };
int main(void)
{
    struct pk p[64];
    uint32_t seed = 7;
    for (int i = 0; i < 64; i++) {
        seed = seed * 69069 + 1;
        p[i].a = seed; p[i].b = seed >> 3; p[i].c = seed >> 10; p[i].d = (int)(seed >> 23);
        p[i].e = seed >> 28;
    }
    long s = 0;
    for (int i = 0; i < 64; i++)
        s += p[i].a * 1 + p[i].b * 3 + p[i].c * 5 + p[i].d * 7 + p[i].e * 11;
    int clz = 0, ctz = 0, pop = 0;
    for (uint32_t x = 1; x; x <<= 1) {
        uint32_t y = x | (x >> 7);
        clz += __builtin_clz(y);
        ctz += __builtin_ctz(y);
        pop += __builtin_popcount(y * 0x01010101u);
    }
    uint64_t big = 0x00000f0000000000ull;
    printf("s %ld clz %d ctz %d pop %d clzll %d\n", s, clz, ctz, pop, __builtin_clzll(big));
    return (int)(s & 0xff);
}
