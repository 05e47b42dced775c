/* Bit operations: builtins (bsf/bsr), rotates, popcount, bswap. */
#include <stdio.h>
#include <stdint.h>
static uint32_t rol(uint32_t x, unsigned n) { return (x << (n & 31)) | (x >> ((32 - n) & 31)); }
int main(void)
{
    uint32_t x = 0x12345678u, acc = 0;
    for (int i = 0; i < 200; i++) {
        x = x * 1664525u + 1013904223u;
        acc ^= rol(x, (unsigned)i);
        acc += (uint32_t)__builtin_popcount(x);
        acc += x ? (uint32_t)__builtin_ctz(x) * 3 + (uint32_t)__builtin_clz(x) : 0;
        acc ^= __builtin_bswap32(x);
        acc += (x >> 5) & 0x3ff;
        acc ^= (uint32_t)((int32_t)x >> 13);
    }
    printf("%08x %u\n", acc, acc % 1000);
    unsigned char bits[64] = { 0 };
    for (int i = 0; i < 512; i += 3)
        bits[i / 8] |= (unsigned char)(1u << (i % 8));
    int cnt = 0;
    for (int i = 0; i < 512; i++)
        cnt += (bits[i / 8] >> (i % 8)) & 1;
    printf("%d\n", cnt);
    return 0;
}
