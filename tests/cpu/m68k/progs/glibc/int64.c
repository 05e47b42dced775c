/* 64-bit arithmetic: multiply, divide, modulo, shifts, comparisons (MULU.L
 * with a 64-bit product, DIVU.L with a 64-bit dividend in libgcc). */
#include <stdio.h>
#include <stdint.h>
int main(void)
{
    uint64_t a = 0x123456789abcdef0ull, b = 0xfedcba9876543210ull, h = 1469598103934665603ull;
    int64_t s = -987654321012345678ll;
    for (int i = 0; i < 1000; i++) {
        h ^= (uint64_t)i * 0x9e3779b97f4a7c15ull;
        h *= 1099511628211ull;
        a = a * 6364136223846793005ull + 1442695040888963407ull;
        s = s / 3 + (int64_t)(a >> 40) - (s % 7);
    }
    printf("h=%016llx a=%016llx s=%lld\n", (unsigned long long)h, (unsigned long long)a,
           (long long)s);
    printf("div %llu mod %llu sdiv %lld smod %lld\n", (unsigned long long)(b / 12345),
           (unsigned long long)(b % 12345), (long long)(s / -77), (long long)(s % -77));
    printf("shifts %llx %llx %llx\n", (unsigned long long)(b << 13), (unsigned long long)(b >> 29),
           (unsigned long long)((int64_t)b >> 35));
    uint32_t x = 0xdeadbeef, y = 0x12345678;
    uint64_t p = (uint64_t)x * y;
    int64_t q = (int64_t)(int32_t)x * (int32_t)y;
    printf("umul %llx smul %lld cmp %d %d\n", (unsigned long long)p, (long long)q, a < b, s < 0);
    return (int)(h & 0x7f);
}
