/* Sorting pseudo-random integers: insertion sort, a hand-written quicksort
 * and glibc's qsort (comparisons through a function pointer). */
#include "bench.h"
enum { N = 4000, NI = 1500 };
static unsigned seed = 12345;
static unsigned rnd(void) { seed = seed * 1103515245u + 12345u; return seed >> 8; }
static int cmp(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}
static void quick(int *a, int lo, int hi)
{
    while (lo < hi) {
        int p = a[(lo + hi) / 2], i = lo, j = hi;
        while (i <= j) {
            while (a[i] < p) i++;
            while (a[j] > p) j--;
            if (i <= j) { int t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; }
        }
        if (j - lo < hi - i) { quick(a, lo, j); lo = i; } else { quick(a, i, hi); hi = j; }
    }
}
static int a[N], b[N], c[N];
int main(int argc, char **argv)
{
    long reps = bench_reps(argc, argv, 560);
    unsigned h = 0;
    for (long r = 0; r < reps; r++) {
        for (int i = 0; i < N; i++) a[i] = b[i] = c[i] = (int)(rnd() % 1000000) - 500000;
        for (int i = 1; i < NI; i++) {
            int v = b[i], j = i - 1;
            while (j >= 0 && b[j] > v) { b[j + 1] = b[j]; j--; }
            b[j + 1] = v;
        }
        quick(a, 0, N - 1);
        qsort(c, N, sizeof c[0], cmp);
        for (int i = 0; i < N; i += 97) h = h * 33 + (unsigned)a[i] + (unsigned)c[i];
        for (int i = 0; i < NI; i += 31) h = h * 33 + (unsigned)b[i];
    }
    printf("sort reps=%ld hash=%08x\n", reps, h);
    return 0;
}
