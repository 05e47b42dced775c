/* CRC-32 (IEEE 802.3, reflected): table-driven and bitwise, over a buffer. */
#include "mini.h"
static u32 table[256];
static u8 data[8192];
int main(void)
{
    for (u32 i = 0; i < 256; i++) {
        u32 c = i;
        for (int k = 0; k < 8; k++) c = c & 1 ? 0xedb88320UL ^ (c >> 1) : c >> 1;
        table[i] = c;
    }
    u32 seed = 5;
    for (int i = 0; i < 8192; i++) data[i] = (u8)rnd(&seed);
    u32 crc = 0xffffffffUL;
    for (int r = 0; r < 4; r++)
        for (int i = 0; i < 8192; i++) crc = table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
    crc ^= 0xffffffffUL;
    u32 c2 = 0xffffffffUL;
    for (int i = 0; i < 1024; i++) {
        c2 ^= data[i];
        for (int k = 0; k < 8; k++) c2 = (c2 >> 1) ^ (0xedb88320UL & -(c2 & 1));
    }
    c2 ^= 0xffffffffUL;
    const char *s = "123456789";
    u32 c3 = 0xffffffffUL;
    while (*s) c3 = table[(c3 ^ (u8)*s++) & 0xff] ^ (c3 >> 8);
    printf_("crc %x bitwise %x check %x\n", crc, c2, c3 ^ 0xffffffffUL);
    return (int)(crc & 0x7f);
}
