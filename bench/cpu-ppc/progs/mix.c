/* The issue-17 program: CRC-32, insertion sort and a sieve in one run of
 * about 1.5 G guest instructions (NOTES.md: qemu-ppc about 0.47 s). */
#include "bench.h"
#include <string.h>
static uint32_t table[256];
static uint8_t data[65536];
enum { NS = 3000, NP = 1000000 };
static int b[NS];
static char comp[NP];
int main(int argc, char **argv)
{
    long reps = bench_reps(argc, argv, 43);
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
        table[i] = c;
    }
    for (unsigned i = 0; i < sizeof data; i++) data[i] = (uint8_t)(i * 7 + (i >> 8));
    uint32_t acc = 0;
    unsigned seed = 1;
    long primes = 0;
    for (long r = 0; r < reps; r++) {
        uint32_t crc = 0xffffffffu;
        for (unsigned i = 0; i < sizeof data; i++) crc = table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
        acc = acc * 31 + crc;
        for (int i = 0; i < NS; i++) { seed = seed * 1103515245u + 12345u; b[i] = (int)(seed >> 8); }
        for (int i = 1; i < NS; i++) {
            int v = b[i], j = i - 1;
            while (j >= 0 && b[j] > v) { b[j + 1] = b[j]; j--; }
            b[j + 1] = v;
        }
        acc = acc * 31 + (uint32_t)b[NS / 2];
        memset(comp, 0, sizeof comp);
        for (int i = 2; i < NP; i++) {
            if (comp[i]) continue;
            primes++;
            if ((long long)i * i < NP) for (int j = i * i; j < NP; j += i) comp[j] = 1;
        }
    }
    printf("mix reps=%ld acc=%08x primes=%ld\n", reps, acc, primes);
    return 0;
}
