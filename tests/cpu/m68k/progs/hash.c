/* Open-addressing hash table keyed by strings (FNV-1a), insert/lookup/count. */
#include "mini.h"
#define SZ 1024
static char keys[SZ][12];
static long vals[SZ];
static u32 fnv(const char *s) { u32 h = 2166136261UL; while (*s) { h ^= (u8)*s++; h *= 16777619UL; } return h; }
static void mkkey(char *b, u32 n) { int i = 0; do { b[i++] = (char)('a' + n % 26); n /= 26; } while (n); b[i] = 0; }
static long *slot(const char *k, int create)
{
    u32 i = fnv(k) & (SZ - 1);
    while (keys[i][0]) { if (!strcmp(keys[i], k)) return &vals[i]; i = (i + 1) & (SZ - 1); }
    if (!create) return 0;
    strcpy(keys[i], k);
    return &vals[i];
}
int main(void)
{
    char k[12];
    u32 seed = 77;
    for (int i = 0; i < 3000; i++) { mkkey(k, rnd(&seed) % 600); *slot(k, 1) += i; }
    long found = 0, miss = 0, sum = 0;
    for (u32 n = 0; n < 800; n++) { mkkey(k, n); long *v = slot(k, 0); if (v) { found++; sum += *v; } else miss++; }
    printf_("found %d missing %d sum %d fnv %x\n", found, miss, sum, fnv("wirewrap"));
    return (int)(found & 0xff);
}
