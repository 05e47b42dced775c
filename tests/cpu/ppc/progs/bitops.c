/* Bit manipulation: popcount, clz/ctz, rotates, byte swaps, bitfields. */
#include <stdio.h>
#include <stdint.h>
struct bf { unsigned a : 3, b : 7, c : 12, d : 10; };
static uint32_t rotl(uint32_t x, int r) { return (x << r) | (x >> ((32 - r) & 31)); }
int main(void)
{
    uint32_t x = 0x12345678u, acc = 0;
    for (int i = 0; i < 1000; i++) {
        x = rotl(x, 5) ^ (x * 0x9e3779b9u);
        acc += (uint32_t)__builtin_popcount(x) + (uint32_t)__builtin_clz(x | 1) + (uint32_t)__builtin_ctz(x | 0x80000000u);
        acc ^= __builtin_bswap32(x) >> (i & 15);
        acc += (uint32_t)__builtin_bswap16((uint16_t)x);
    }
    struct bf v = { 5, 100, 4000, 1000 };
    for (int i = 0; i < 10; i++) { v.a += 3; v.b ^= 0x55; v.c += 777; v.d -= 13; }
    uint64_t y = 0xfedcba9876543210ull;
    printf("acc=%08x bf=%u,%u,%u,%u pop64=%d\n", acc, v.a, v.b, v.c, v.d, __builtin_popcountll(y));
    return (int)(acc & 0x7f);
}
