/* 64-bit arithmetic: multiply, divide, modulo, shifts (libgcc helpers). */
#include <stdio.h>
#include <stdint.h>
#include <inttypes.h>
int main(void)
{
    volatile int64_t v[] = { 0, 1, -1, 3, -3, 1000000007LL, -999999999999LL, INT64_MAX, INT64_MIN,
                             0x123456789abcdefLL, -0x7edcba987654321LL };
    unsigned n = sizeof v / sizeof v[0];
    uint64_t acc = 1469598103934665603ULL;
    for (unsigned i = 0; i < n; i++)
        for (unsigned j = 0; j < n; j++) {
            int64_t a = v[i], b = v[j];
            uint64_t x = (uint64_t)a * (uint64_t)b + (uint64_t)a - (uint64_t)b;
            if (b && !(a == INT64_MIN && b == -1))
                x ^= (uint64_t)(a / b) ^ (uint64_t)(a % b);
            if (b)
                x += (uint64_t)a / (uint64_t)b + (uint64_t)a % (uint64_t)b;
            x ^= (uint64_t)a << (j * 5 % 64);
            x ^= (uint64_t)(a >> (i * 7 % 64));
            acc = (acc ^ x) * 1099511628211ULL;
        }
    printf("acc=%016" PRIx64 " %" PRId64 " %" PRIu64 "\n", acc, (int64_t)acc, acc / 7);
    return (int)(acc % 200);
}
