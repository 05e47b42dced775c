/* Merge sort (top-down, with a scratch buffer) of shorts. */
#include "mini.h"
static short a[3000], tmp[3000];
static void ms(int lo, int hi)
{
    if (hi - lo < 2) return;
    int mid = (lo + hi) / 2;
    ms(lo, mid);
    ms(mid, hi);
    int i = lo, j = mid, k = lo;
    while (i < mid && j < hi) tmp[k++] = a[i] <= a[j] ? a[i++] : a[j++];
    while (i < mid) tmp[k++] = a[i++];
    while (j < hi) tmp[k++] = a[j++];
    memcpy(a + lo, tmp + lo, (size_t)(hi - lo) * sizeof a[0]);
}
int main(void)
{
    u32 seed = 3;
    for (int i = 0; i < 3000; i++) a[i] = (short)rnd(&seed);
    ms(0, 3000);
    u32 h = 0;
    for (int i = 0; i < 3000; i++) h = h * 7 + (u32)a[i];
    printf_("min %d max %d median %d hash %x\n", (long)a[0], (long)a[2999], (long)a[1500], h);
    return 0;
}
