/* qsort and bsearch of ints, doubles and strings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
static int cmpi(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}
static int cmpd(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}
static int cmps(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}
int main(void)
{
    static int v[5000];
    static double d[2000];
    unsigned seed = 12345;
    for (int i = 0; i < 5000; i++) {
        seed = seed * 1103515245 + 12345;
        v[i] = (int)(seed >> 8) % 100000 - 50000;
    }
    for (int i = 0; i < 2000; i++)
        d[i] = (v[i] * 0.001) / (1 + (i % 13));
    qsort(v, 5000, sizeof v[0], cmpi);
    qsort(d, 2000, sizeof d[0], cmpd);
    long sum = 0;
    for (int i = 0; i < 5000; i += 250)
        sum += v[i], printf("%d ", v[i]);
    printf("\nd: %.6f %.6f %.6f\n", d[0], d[1000], d[1999]);
    int key = v[1234];
    int *f = bsearch(&key, v, 5000, sizeof v[0], cmpi);
    printf("found %d at %d\n", key, f ? (int)(f - v) >= 0 : -1);
    const char *w[] = { "pear", "apple", "fig", "banana", "kiwi", "date", "cherry", "grape" };
    qsort(w, 8, sizeof w[0], cmps);
    for (int i = 0; i < 8; i++)
        printf("%s%c", w[i], i == 7 ? '\n' : ',');
    return (int)(sum & 0xff);
}
