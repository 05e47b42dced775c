/* CRC-32 (IEEE 802.3), table-driven and bitwise, over a 64 KiB buffer. */
#include "bench.h"
static uint32_t table[256];
static uint8_t data[65536];
int main(int argc, char **argv)
{
    long reps = bench_reps(argc, argv, 3600);
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
        table[i] = c;
    }
    for (unsigned i = 0; i < sizeof data; i++) data[i] = (uint8_t)(i * 7 + (i >> 8));
    uint32_t acc = 0;
    for (long r = 0; r < reps; r++) {
        uint32_t crc = 0xffffffffu ^ (uint32_t)r;
        for (unsigned i = 0; i < sizeof data; i++) crc = table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
        uint32_t crc2 = ~crc;
        for (unsigned i = 0; i < 4096; i++) {
            crc2 ^= data[i];
            for (int k = 0; k < 8; k++) crc2 = crc2 & 1 ? 0xedb88320u ^ (crc2 >> 1) : crc2 >> 1;
        }
        acc = acc * 31 + (crc ^ crc2);
    }
    printf("crc32 reps=%ld acc=%08x\n", reps, acc);
    return 0;
}
