/* String search: naive, Boyer-Moore-Horspool and a first-character scan
 * (strstr-like) over a generated text, counting every match of a few
 * patterns. */
#include "bench.h"
enum { TLEN = 50000 };
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
static const char *find(const char *h, const char *n)
{
    for (; *h; h++) {
        if (*h != *n) continue;
        const char *a = h, *b = n;
        while (*b && *a == *b) { a++; b++; }
        if (!*b) return h;
    }
    return 0;
}
int main(int argc, char **argv)
{
    long reps = bench_reps(argc, argv, 700);
    static const char *const pats[] = { "abra", "cadabra", "zzzq", "the quick", "ab" };
    u32 s = 1;
    for (int i = 0; i < TLEN; i++) text[i] = "abcdrq the"[(rnd(&s) >> 4) % 10];
    memcpy(text + 1000, "abracadabra", 11);
    long total = 0;
    for (long r = 0; r < reps; r++) {
        text[(r * 7919) % TLEN] = 'z';
        for (unsigned k = 0; k < sizeof pats / sizeof pats[0]; k++) {
            long m = (long)strlen(pats[k]);
            total += naive(text, TLEN, pats[k], m);
            total += horspool(text, TLEN, pats[k], m);
        }
        for (const char *q = text; (q = find(q, "abra")); q++) total++;
    }
    printf_("strsearch reps=%d total=%d\n", reps, total);
    return 0;
}
