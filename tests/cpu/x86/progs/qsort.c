/* Sorting with libc qsort and a hand-written merge sort. */
#include <stdio.h>
#include <stdlib.h>
static int cmp(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}
static void msort(int *a, int *tmp, int n)
{
    if (n < 2) return;
    int m = n / 2;
    msort(a, tmp, m);
    msort(a + m, tmp, n - m);
    int i = 0, j = m, k = 0;
    while (i < m && j < n) tmp[k++] = a[i] <= a[j] ? a[i++] : a[j++];
    while (i < m) tmp[k++] = a[i++];
    while (j < n) tmp[k++] = a[j++];
    for (i = 0; i < n; i++) a[i] = tmp[i];
}
int main(void)
{
    enum { N = 5000 };
    static int a[N], b[N], t[N];
    unsigned s = 1;
    for (int i = 0; i < N; i++) { s = s * 1103515245u + 12345u; a[i] = b[i] = (int)(s >> 8) - (1 << 22); }
    qsort(a, N, sizeof a[0], cmp);
    msort(b, t, N);
    long h = 0;
    for (int i = 0; i < N; i++) { if (a[i] != b[i]) { printf("mismatch %d\n", i); return 1; } h = h * 31 + a[i]; }
    printf("%d %d %d %ld\n", a[0], a[N / 2], a[N - 1], h);
    return 0;
}
