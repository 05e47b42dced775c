/* Quicksort of pseudo-random longs; checksum of the result. */
#include "mini.h"
static void qs(long *a, int lo, int hi)
{
    while (lo < hi) {
        long p = a[(lo + hi) / 2];
        int i = lo, j = hi;
        while (i <= j) {
            while (a[i] < p) i++;
            while (a[j] > p) j--;
            if (i <= j) { long t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; }
        }
        if (j - lo < hi - i) { qs(a, lo, j); lo = i; }
        else { qs(a, i, hi); hi = j; }
    }
}
static long a[4000];
int main(void)
{
    u32 seed = 42;
    for (int i = 0; i < 4000; i++)
        a[i] = (long)rnd(&seed) - 0x800000;
    qs(a, 0, 3999);
    u32 h = 0;
    int ok = 1;
    for (int i = 0; i < 4000; i++) {
        h = (h << 5) + h + (u32)a[i];
        if (i && a[i - 1] > a[i]) ok = 0;
    }
    printf_("sorted=%d first=%d last=%d hash=%x\n", (long)ok, a[0], a[3999], h);
    return ok;
}
