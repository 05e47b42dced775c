/* Sorting pseudo-random integers: insertion sort, a hand-written quicksort
 * and a shell sort comparing through a function pointer. */
#include "bench.h"
enum { N = 3000, NI = 800 };
static u32 seed = 12345;
static long rnd_(void) { return (long)(rnd(&seed) & 0xfffff) - 0x80000; }
static int cmp(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}
static void quick(long *a, int lo, int hi)
{
    while (lo < hi) {
        long p = a[(lo + hi) >> 1];
        int i = lo, j = hi;
        while (i <= j) {
            while (a[i] < p) i++;
            while (a[j] > p) j--;
            if (i <= j) { long t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; }
        }
        if (j - lo < hi - i) { quick(a, lo, j); lo = i; } else { quick(a, i, hi); hi = j; }
    }
}
static void shell(long *a, int n, int (*c)(const void *, const void *))
{
    for (int gap = n >> 1; gap > 0; gap >>= 1)
        for (int i = gap; i < n; i++) {
            long v = a[i];
            int j = i;
            while (j >= gap && c(&a[j - gap], &v) > 0) { a[j] = a[j - gap]; j -= gap; }
            a[j] = v;
        }
}
static long a[N], b[N], c[N];
int main(int argc, char **argv)
{
    long reps = bench_reps(argc, argv, 950);
    u32 h = 0;
    for (long r = 0; r < reps; r++) {
        for (int i = 0; i < N; i++) a[i] = b[i] = c[i] = rnd_();
        for (int i = 1; i < NI; i++) {
            long v = b[i];
            int j = i - 1;
            while (j >= 0 && b[j] > v) { b[j + 1] = b[j]; j--; }
            b[j + 1] = v;
        }
        quick(a, 0, N - 1);
        shell(c, N, cmp);
        for (int i = 0; i < N; i += 97) h = (h << 5) + h + (u32)a[i] + (u32)c[i];
        for (int i = 0; i < NI; i += 31) h = (h << 5) + h + (u32)b[i];
    }
    printf_("sort reps=%d hash=%x\n", reps, h);
    return 0;
}
