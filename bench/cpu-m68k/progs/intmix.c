/* intmix — CPU-bound integer work for bench/cpu-m68k: qsort, CRC-32, a
 * sieve, an FNV hash table and 64-bit arithmetic. argv[1] scales the work
 * (default 125: 1-2 s under qemu-m68k here). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
static int cmp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}
static uint32_t v[20000], crc_tab[256];
static uint8_t sieve[200000];
static uint32_t keys[4096];
int main(int argc, char **argv)
{
    int scale = argc > 1 ? atoi(argv[1]) : 125;
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
        crc_tab[i] = c;
    }
    uint32_t seed = 1, crc = ~0u, primes = 0;
    uint64_t h64 = 1469598103934665603ull;
    for (int rep = 0; rep < scale; rep++) {
        for (int i = 0; i < 20000; i++) {
            seed = seed * 1103515245u + 12345u;
            v[i] = seed;
        }
        qsort(v, 20000, sizeof v[0], cmp);
        for (int i = 0; i < 20000; i++)
            for (int b = 0; b < 4; b++)
                crc = crc_tab[(crc ^ (v[i] >> (8 * b))) & 0xff] ^ (crc >> 8);
        memset(sieve, 0, sizeof sieve);
        for (uint32_t i = 2; i * i < sizeof sieve; i++)
            if (!sieve[i])
                for (uint32_t j = i * i; j < sizeof sieve; j += i)
                    sieve[j] = 1;
        for (uint32_t i = 2; i < sizeof sieve; i++)
            primes += !sieve[i];
        memset(keys, 0, sizeof keys);
        for (uint32_t i = 0; i < 3000; i++) {
            uint32_t k = v[i * 5] | 1, s = (k * 2654435761u) >> 20;
            while (keys[s] && keys[s] != k)
                s = (s + 1) & 4095;
            keys[s] = k;
            h64 = (h64 ^ k) * 1099511628211ull;
            h64 += h64 / (k | 3) + (h64 % 1000003);
        }
    }
    printf("intmix %d: crc %08x primes %u h %016llx\n", scale, ~crc, primes,
           (unsigned long long)h64);
    return 0;
}
