/* String search: naive, Boyer-Moore-Horspool and glibc strstr over a
 * generated text, counting every match of a few patterns. */
#include "bench.h"
#include <string.h>
enum { TLEN = 200000 };
static char text[TLEN + 1];
static long naive(const char *t, long n, const char *p, long m)
{
    long hits = 0;
    for (long i = 0; i + m <= n; i++) {
        long k = 0;
        while (k < m && t[i + k] == p[k]) k++;
        hits += k == m;
    }
    return hits;
}
static long horspool(const char *t, long n, const char *p, long m)
{
    long skip[256], hits = 0;
    for (int i = 0; i < 256; i++) skip[i] = m;
    for (long i = 0; i < m - 1; i++) skip[(unsigned char)p[i]] = m - 1 - i;
    for (long i = 0; i + m <= n; i += skip[(unsigned char)t[i + m - 1]]) {
        long k = m - 1;
        while (k >= 0 && t[i + k] == p[k]) k--;
        hits += k < 0;
    }
    return hits;
}
int main(int argc, char **argv)
{
    long reps = bench_reps(argc, argv, 160);
    static const char *const pats[] = { "abra", "cadabra", "zzzq", "the quick", "ab" };
    unsigned s = 1;
    for (int i = 0; i < TLEN; i++) {
        s = s * 1103515245u + 12345u;
        text[i] = "abcdrq the"[(s >> 16) % 10];
    }
    memcpy(text + 1000, "abracadabra", 11);
    long total = 0;
    for (long r = 0; r < reps; r++) {
        text[(r * 7919) % TLEN] = 'z';
        for (unsigned k = 0; k < sizeof pats / sizeof pats[0]; k++) {
            long m = (long)strlen(pats[k]);
            total += naive(text, TLEN, pats[k], m);
            total += horspool(text, TLEN, pats[k], m);
        }
        for (const char *q = text; (q = strstr(q, "abra")); q++) total++;
    }
    printf("strsearch reps=%ld total=%ld\n", reps, total);
    return 0;
}
