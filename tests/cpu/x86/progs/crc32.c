/* CRC-32 (IEEE 802.3, reflected) over generated data, table and bitwise. */
#include <stdio.h>
#include <stdint.h>
static uint32_t table[256];
int main(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        table[i] = c;
    }
    static uint8_t data[100000];
    for (unsigned i = 0; i < sizeof data; i++)
        data[i] = (uint8_t)(i * 31 + (i >> 7));
    uint32_t crc = 0xFFFFFFFFu;
    for (unsigned i = 0; i < sizeof data; i++)
        crc = table[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
    printf("crc32 %08x\n", crc ^ 0xFFFFFFFFu);
    uint32_t c2 = 0xFFFFFFFFu;
    for (unsigned i = 0; i < 1000; i++) {
        c2 ^= data[i];
        for (int k = 0; k < 8; k++)
            c2 = (c2 >> 1) ^ (0xEDB88320u & -(c2 & 1));
    }
    printf("bitwise %08x\n", c2 ^ 0xFFFFFFFFu);
    return 0;
}
