/* CRC-32 (IEEE 802.3), table-driven and bitwise, over a 16 KiB buffer. */
#include "bench.h"
static u32 table[256];
static u8 data[16384];
int main(int argc, char **argv)
{
    long reps = bench_reps(argc, argv, 13000);
    for (u32 i = 0; i < 256; i++) {
        u32 c = i;
        for (int k = 0; k < 8; k++) c = c & 1 ? 0xedb88320UL ^ (c >> 1) : c >> 1;
        table[i] = c;
    }
    for (unsigned i = 0; i < sizeof data; i++) data[i] = (u8)(i * 7 + (i >> 8));
    u32 acc = 0;
    for (long r = 0; r < reps; r++) {
        u32 crc = 0xffffffffUL ^ (u32)r;
        for (unsigned i = 0; i < sizeof data; i++) crc = table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
        u32 crc2 = ~crc;
        for (unsigned i = 0; i < 1024; i++) {
            crc2 ^= data[i];
            for (int k = 0; k < 8; k++) crc2 = crc2 & 1 ? 0xedb88320UL ^ (crc2 >> 1) : crc2 >> 1;
        }
        acc = (acc << 5) - acc + (crc ^ crc2);
    }
    printf_("crc32 reps=%d acc=%x\n", reps, acc);
    return 0;
}
