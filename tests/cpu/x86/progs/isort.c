/* Insertion sort and binary search on strings. */
#include <stdio.h>
#include <string.h>
int main(void)
{
    static char words[300][12];
    unsigned s = 7;
    for (int i = 0; i < 300; i++) {
        int len = 3 + i % 8;
        for (int k = 0; k < len; k++) { s = s * 69069u + 1; words[i][k] = (char)('a' + (s >> 24) % 26); }
        words[i][len] = 0;
    }
    char *p[300];
    for (int i = 0; i < 300; i++) p[i] = words[i];
    for (int i = 1; i < 300; i++) {
        char *k = p[i]; int j = i - 1;
        while (j >= 0 && strcmp(p[j], k) > 0) { p[j + 1] = p[j]; j--; }
        p[j + 1] = k;
    }
    for (int i = 0; i < 300; i += 37) printf("%s\n", p[i]);
    int lo = 0, hi = 299, found = -1;
    while (lo <= hi) { int m = (lo + hi) / 2; int c = strcmp(p[m], words[123]); if (!c) { found = m; break; } if (c < 0) lo = m + 1; else hi = m - 1; }
    printf("found %d\n", found);
    return 0;
}
