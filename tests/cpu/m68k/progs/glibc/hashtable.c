/* Open-addressing hash table of strings with FNV-1a, inserts and lookups. */
#include <stdio.h>
#include <string.h>
#include <stdint.h>
#define CAP 8192
static char keys[CAP][16];
static int vals[CAP], used[CAP];
static uint32_t fnv(const char *s) { uint32_t h = 2166136261u; while (*s) h = (h ^ (uint8_t)*s++) * 16777619u; return h; }
static int *slot(const char *k, int create)
{
    uint32_t i = fnv(k) & (CAP - 1);
    while (used[i]) { if (!strcmp(keys[i], k)) return &vals[i]; i = (i + 1) & (CAP - 1); }
    if (!create) return NULL;
    used[i] = 1; strcpy(keys[i], k); vals[i] = 0;
    return &vals[i];
}
int main(void)
{
    char k[16];
    for (int i = 0; i < 20000; i++) { snprintf(k, sizeof k, "k%d", (i * 37) % 5000); (*slot(k, 1))++; }
    long s = 0; int miss = 0;
    for (int i = 0; i < 6000; i++) { snprintf(k, sizeof k, "k%d", i); int *v = slot(k, 0); if (v) s += *v * i; else miss++; }
    printf("s %ld miss %d\n", s, miss);
    return miss & 0xff;
}
