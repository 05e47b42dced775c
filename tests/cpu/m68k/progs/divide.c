/* Division: 16-bit divu/divs paths, 32-bit runtime division, rounding toward zero. */
#include "mini.h"
int main(void)
{
    static const long num[] = { 0, 1, -1, 7, -7, 100, -100, 32767, -32768, 65535, 123456789,
                                -123456789, 2147483647L, -2147483647L };
    static const long den[] = { 1, -1, 2, -2, 3, -3, 7, 10, -10, 255, 1000, -32768, 65536 };
    u32 h = 0;
    for (unsigned i = 0; i < sizeof num / sizeof num[0]; i++)
        for (unsigned j = 0; j < sizeof den / sizeof den[0]; j++) {
            long q = num[i] / den[j], r = num[i] % den[j];
            h = h * 17 + (u32)q + (u32)r * 3;
            if (j == 4)
                printf_("%d / %d = %d r %d\n", num[i], den[j], q, r);
        }
    unsigned short us = 60000;
    short ss = -30000;
    for (int k = 1; k < 300; k++) {
        h += (unsigned short)(us / (unsigned short)k) + (short)(ss / (short)k);
        h += (unsigned short)(us % (unsigned short)k) ^ (u32)(short)(ss % (short)k);
    }
    printf_("hash %x\n", h);
    return (int)(h & 0xff);
}
