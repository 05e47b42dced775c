/* Open-addressing hash table with string keys. */
#include <stdio.h>
#include <string.h>
#include <stdint.h>
enum { SIZE = 4096 };
static char keys[SIZE][16];
static int vals[SIZE];
static uint32_t hash(const char *s) { uint32_t h = 2166136261u; while (*s) h = (h ^ (uint8_t)*s++) * 16777619u; return h; }
static void put(const char *k, int v)
{
    uint32_t i = hash(k) & (SIZE - 1);
    while (keys[i][0] && strcmp(keys[i], k)) i = (i + 1) & (SIZE - 1);
    strcpy(keys[i], k);
    vals[i] += v;
}
static int get(const char *k)
{
    uint32_t i = hash(k) & (SIZE - 1);
    while (keys[i][0]) { if (!strcmp(keys[i], k)) return vals[i]; i = (i + 1) & (SIZE - 1); }
    return -1;
}
int main(void)
{
    char k[16];
    for (int i = 0; i < 3000; i++) { sprintf(k, "k%d", i % 1700); put(k, i); }
    long s = 0;
    for (int i = 0; i < 1800; i++) { sprintf(k, "k%d", i); s += get(k); }
    printf("s=%ld k42=%d\n", s, get("k42"));
    return (int)(s & 0x7f);
}
