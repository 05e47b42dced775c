/* CRC-32 (table and bitwise) over a pseudo-random buffer. */
#include <stdio.h>
#include <stdint.h>
#include <string.h>
static uint32_t table[256];
int main(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
        table[i] = c;
    }
    static uint8_t buf[200000];
    uint32_t x = 1;
    for (size_t i = 0; i < sizeof buf; i++) {
        x ^= x << 13; x ^= x >> 17; x ^= x << 5;
        buf[i] = (uint8_t)x;
    }
    uint32_t crc = ~0u;
    for (size_t i = 0; i < sizeof buf; i++)
        crc = table[(crc ^ buf[i]) & 0xff] ^ (crc >> 8);
    crc = ~crc;
    uint32_t c2 = ~0u;
    for (size_t i = 0; i < 5000; i++) {
        c2 ^= buf[i];
        for (int k = 0; k < 8; k++)
            c2 = (c2 >> 1) ^ (0xedb88320u & -(c2 & 1));
    }
    printf("crc32 %08x bitwise %08x\n", crc, ~c2);
    return crc & 0xff;
}
