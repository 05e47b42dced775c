/* Adler-32, Fletcher-16, an LFSR stream and a 16-bit CRC (CCITT). */
#include "mini.h"
int main(void)
{
    static u8 buf[6000];
    u32 lfsr = 0xace1u;
    for (int i = 0; i < 6000; i++) {
        for (int k = 0; k < 8; k++) { u32 bit = ((lfsr >> 0) ^ (lfsr >> 2) ^ (lfsr >> 3) ^ (lfsr >> 5)) & 1; lfsr = (lfsr >> 1) | (bit << 15); }
        buf[i] = (u8)lfsr;
    }
    u32 a = 1, b = 0;
    for (int i = 0; i < 6000; i++) { a = (a + buf[i]) % 65521; b = (b + a) % 65521; }
    unsigned short s1 = 0, s2 = 0;
    for (int i = 0; i < 6000; i++) { s1 = (unsigned short)((s1 + buf[i]) % 255); s2 = (unsigned short)((s2 + s1) % 255); }
    unsigned short crc = 0xffff;
    for (int i = 0; i < 6000; i++) {
        crc ^= (unsigned short)(buf[i] << 8);
        for (int k = 0; k < 8; k++) crc = (unsigned short)(crc & 0x8000 ? (crc << 1) ^ 0x1021 : crc << 1);
    }
    printf_("adler %x fletcher %x crc16 %x lfsr %x\n", b << 16 | a, (u32)s2 << 8 | s1, (u32)crc, lfsr);
    return crc & 0xff;
}
