/* Integer arithmetic: add/sub/mul/div/mod with signs, overflow wrap, shifts. */
#include <stdio.h>
#include <stdint.h>
int main(void)
{
    volatile int32_t v[] = { 0, 1, -1, 7, -7, 100, -100, 0x7fffffff, -0x7fffffff - 1, 12345, -9876 };
    unsigned n = sizeof v / sizeof v[0];
    uint32_t acc = 0;
    for (unsigned i = 0; i < n; i++)
        for (unsigned j = 0; j < n; j++) {
            int32_t a = v[i], b = v[j];
            uint32_t s = (uint32_t)a + (uint32_t)b, d = (uint32_t)a - (uint32_t)b;
            uint32_t m = (uint32_t)a * (uint32_t)b;
            int32_t q = 0, r = 0;
            if (b != 0 && !(a == -0x7fffffff - 1 && b == -1)) { q = a / b; r = a % b; }
            uint32_t uq = b ? (uint32_t)a / (uint32_t)b : 0;
            acc = acc * 31 + (s ^ d ^ m ^ (uint32_t)q ^ (uint32_t)r ^ uq);
            acc ^= (uint32_t)a >> (j & 31);
            acc += (uint32_t)(a >> (i & 31));
            acc += (uint32_t)a << (j & 31);
        }
    printf("acc=%08x\n", acc);
    return acc & 0x7f;
}
