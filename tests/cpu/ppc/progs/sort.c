/* Sorting: qsort, insertion sort, merge sort on pseudo-random data. */
#include <stdio.h>
#include <stdlib.h>
static unsigned seed = 12345;
static unsigned rnd(void) { seed = seed * 1103515245u + 12345u; return seed >> 8; }
static int cmp(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}
static void msort(int *a, int *t, int n)
{
    if (n < 2) return;
    int h = n / 2;
    msort(a, t, h);
    msort(a + h, t, n - h);
    int i = 0, j = h, k = 0;
    while (i < h && j < n) t[k++] = a[i] <= a[j] ? a[i++] : a[j++];
    while (i < h) t[k++] = a[i++];
    while (j < n) t[k++] = a[j++];
    for (i = 0; i < n; i++) a[i] = t[i];
}
int main(void)
{
    enum { N = 3000 };
    static int a[N], b[N], c[N], t[N];
    for (int i = 0; i < N; i++) a[i] = b[i] = c[i] = (int)(rnd() % 100000) - 50000;
    qsort(a, N, sizeof a[0], cmp);
    for (int i = 1; i < N; i++) {
        int v = b[i], j = i - 1;
        while (j >= 0 && b[j] > v) { b[j + 1] = b[j]; j--; }
        b[j + 1] = v;
    }
    msort(c, t, N);
    unsigned h = 0;
    int same = 1;
    for (int i = 0; i < N; i++) {
        h = h * 33 + (unsigned)a[i];
        same &= a[i] == b[i] && b[i] == c[i];
    }
    printf("min=%d max=%d hash=%08x same=%d\n", a[0], a[N - 1], h, same);
    return same ? 0 : 1;
}
