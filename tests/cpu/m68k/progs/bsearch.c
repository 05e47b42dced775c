/* Binary search over a sorted table, population count, bit reversal. */
#include "mini.h"
static long tab[1024];
static int bs(long k)
{
    int lo = 0, hi = 1023;
    while (lo <= hi) { int m = (lo + hi) >> 1; if (tab[m] == k) return m; if (tab[m] < k) lo = m + 1; else hi = m - 1; }
    return -1;
}
static int pop(u32 v) { int c = 0; while (v) { v &= v - 1; c++; } return c; }
static u32 brev(u32 v) { u32 r = 0; for (int i = 0; i < 32; i++) { r = r << 1 | (v & 1); v >>= 1; } return r; }
int main(void)
{
    for (int i = 0; i < 1024; i++) tab[i] = (long)i * 7 - 3000;
    long hits = 0, pos = 0;
    for (long k = -3100; k < 4300; k += 3) { int r = bs(k); if (r >= 0) { hits++; pos += r; } }
    u32 seed = 8, pc = 0, br = 0;
    for (int i = 0; i < 3000; i++) { u32 v = rnd(&seed) * 2654435761UL; pc += (u32)pop(v); br ^= brev(v); }
    printf_("hits %d pos %d pop %u brev %x\n", hits, pos, pc, br);
    return (int)(hits & 0xff);
}
