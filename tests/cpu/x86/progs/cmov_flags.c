/* Branch-free code (cmov/setcc), adc/sbb via 64-bit adds, compare chains. */
#include <stdio.h>
#include <stdint.h>
static int maxi(int a, int b) { return a > b ? a : b; }
static unsigned clampu(unsigned v, unsigned lo, unsigned hi) { return v < lo ? lo : v > hi ? hi : v; }
int main(void)
{
    int best = -1000000; unsigned cl = 0; uint64_t s64 = 0; int signs = 0;
    unsigned x = 12345;
    for (int i = 0; i < 5000; i++) {
        x = x * 1103515245u + 12345u;
        int v = (int)(x >> 3) - (1 << 27);
        best = maxi(best, v % 1000);
        cl += clampu(x >> 20, 100, 3000);
        s64 += (uint64_t)x + ((uint64_t)x << 20);
        signs += (v < 0) + (v == 0) * 2 + ((unsigned)v > 1000u) * 4;
    }
    printf("%d %u %llu %d\n", best, cl, (unsigned long long)s64, signs);
    return 0;
}
