/* Heap: malloc/realloc/free patterns (brk and mmap paths). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(void)
{
    void *p[200];
    size_t total = 0;
    for (int i = 0; i < 200; i++) {
        size_t sz = (size_t)(i * 37 % 500 + 1) * 16;
        p[i] = malloc(sz);
        if (!p[i]) return 1;
        memset(p[i], i, sz);
        total += sz;
    }
    for (int i = 0; i < 200; i += 2) { free(p[i]); p[i] = NULL; }
    for (int i = 1; i < 200; i += 4) { p[i] = realloc(p[i], 4000); if (!p[i]) return 2; }
    char *big = malloc(1 << 20);
    if (!big) return 3;
    for (int i = 0; i < (1 << 20); i += 4096) big[i] = (char)i;
    long sum = 0;
    for (int i = 0; i < (1 << 20); i += 4096) sum += big[i];
    free(big);
    int ok = 1;
    for (int i = 1; i < 200; i += 2) if (((unsigned char *)p[i])[0] != (unsigned char)i) ok = 0;
    for (int i = 0; i < 200; i++) free(p[i]);
    printf("total=%zu sum=%ld ok=%d\n", total, sum, ok);
    return 0;
}
