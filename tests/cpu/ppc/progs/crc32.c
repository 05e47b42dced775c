/* CRC-32 (IEEE) bitwise and table-driven over generated data. */
#include <stdio.h>
#include <stdint.h>
static uint32_t table[256];
int main(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
        table[i] = c;
    }
    static uint8_t data[65536];
    for (unsigned i = 0; i < sizeof data; i++) data[i] = (uint8_t)(i * 7 + (i >> 8));
    uint32_t crc = 0xffffffffu;
    for (unsigned i = 0; i < sizeof data; i++) crc = table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
    crc ^= 0xffffffffu;
    uint32_t crc2 = 0xffffffffu;
    for (unsigned i = 0; i < 4096; i++) {
        crc2 ^= data[i];
        for (int k = 0; k < 8; k++) crc2 = crc2 & 1 ? 0xedb88320u ^ (crc2 >> 1) : crc2 >> 1;
    }
    printf("crc=%08x crc2=%08x\n", crc, ~crc2);
    return (int)(crc & 0x3f);
}
