/* Open-addressing hash table with string keys (FNV-1a). */
#include <stdio.h>
#include <string.h>
#include <stdint.h>
enum { CAP = 4096 };
static char keys[CAP][16];
static int vals[CAP], used[CAP];
static uint32_t fnv(const char *s) { uint32_t h = 2166136261u; while (*s) { h ^= (unsigned char)*s++; h *= 16777619u; } return h; }
static void put(const char *k, int v) { uint32_t i = fnv(k) & (CAP - 1); while (used[i] && strcmp(keys[i], k)) i = (i + 1) & (CAP - 1); used[i] = 1; strcpy(keys[i], k); vals[i] += v; }
static int get(const char *k) { uint32_t i = fnv(k) & (CAP - 1); while (used[i]) { if (!strcmp(keys[i], k)) return vals[i]; i = (i + 1) & (CAP - 1); } return -1; }
int main(void)
{
    char k[16];
    for (int i = 0; i < 3000; i++) { snprintf(k, sizeof k, "k%d", (i * 7919) % 1500); put(k, i); }
    long s = 0;
    for (int i = 0; i < 1500; i += 50) { snprintf(k, sizeof k, "k%d", i); s += get(k); printf("%s=%d\n", k, get(k)); }
    printf("sum=%ld missing=%d\n", s, get("nope"));
    return 0;
}
