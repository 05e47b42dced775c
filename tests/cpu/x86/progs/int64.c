/* 64-bit arithmetic on a 32-bit CPU: libgcc __divdi3/__moddi3, shifts, mul. */
#include <stdio.h>
#include <stdint.h>
int main(void)
{
    volatile int64_t v[] = { 0, 1, -1, 3, 1000000007LL, -999999999999LL, INT64_MAX, INT64_MIN + 1,
                             0x123456789abcdefLL, -0x0fedcba987654321LL };
    unsigned n = sizeof v / sizeof v[0];
    uint64_t acc = 1469598103934665603ULL;
    for (unsigned i = 0; i < n; i++)
        for (unsigned j = 0; j < n; j++) {
            int64_t a = v[i], b = v[j];
            uint64_t r = (uint64_t)a * (uint64_t)b;
            if (b) {
                r ^= (uint64_t)(a / b);
                r += (uint64_t)(a % b);
                r ^= (uint64_t)a / (uint64_t)b;
                r += (uint64_t)a % (uint64_t)b;
            }
            r += (uint64_t)a << (j & 63);
            r ^= (uint64_t)(a >> (i & 63));
            acc = (acc ^ r) * 1099511628211ULL;
        }
    printf("%llu %llx %lld\n", (unsigned long long)acc, (unsigned long long)acc, (long long)acc);
    return 0;
}
