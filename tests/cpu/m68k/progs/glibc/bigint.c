/* Arbitrary precision: 300! and 2^1000 in base 10^4 limbs (DIVU.L / MULU.L). */
#include <stdio.h>
#include <stdint.h>
static uint32_t d[1000];
static int n;
static void mul(uint32_t k) { uint32_t c = 0; for (int i = 0; i < n; i++) { uint64_t t = (uint64_t)d[i] * k + c; d[i] = t % 10000; c = (uint32_t)(t / 10000); } while (c) { d[n++] = c % 10000; c /= 10000; } }
static void print(const char *what)
{
    unsigned s = 0;
    for (int i = 0; i < n; i++) s += d[i];
    printf("%s: %d limbs, digit sum-ish %u, top %u%04u, low %04u\n", what, n, s, d[n - 1], d[n - 2], d[0]);
}
int main(void)
{
    n = 1; d[0] = 1;
    for (uint32_t k = 2; k <= 300; k++) mul(k);
    print("300!");
    n = 1; d[0] = 1;
    for (int k = 0; k < 1000; k++) mul(2);
    print("2^1000");
    return n & 0xff;
}
