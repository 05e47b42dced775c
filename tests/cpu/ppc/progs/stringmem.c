/* memcmp/memchr/strncpy/strtok/strdup and string reversal in place. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
int main(void)
{
    char s[] = "alpha,beta;gamma delta,,epsilon";
    int n = 0;
    for (char *t = strtok(s, ",; "); t; t = strtok(NULL, ",; ")) { printf("[%s]", t); n++; }
    printf(" n=%d\n", n);
    char *d = strdup("reverse me please");
    size_t L = strlen(d);
    for (size_t i = 0; i < L / 2; i++) { char c = d[i]; d[i] = d[L - 1 - i]; d[L - 1 - i] = c; }
    printf("%s\n", d);
    char b[12];
    strncpy(b, "abc", sizeof b);
    printf("%d %d %s %d\n", memcmp("abcd", "abce", 4) < 0, memcmp(b, "abc\0\0", 5), (char *)memchr(d, 'm', L), b[11]);
    free(d);
    return n;
}
