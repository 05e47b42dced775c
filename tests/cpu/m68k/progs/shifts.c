/* Shifts and rotates: logical/arithmetic by constants and variables, rotates
 * built from shifts, sign extension. */
#include "mini.h"
static u32 rol(u32 v, unsigned n) { n &= 31; return n ? v << n | v >> (32 - n) : v; }
static u32 ror(u32 v, unsigned n) { n &= 31; return n ? v >> n | v << (32 - n) : v; }
int main(void)
{
    u32 h = 0;
    u32 seed = 12;
    for (int i = 0; i < 2000; i++) {
        u32 v = rnd(&seed) << 8 | rnd(&seed) >> 16;
        unsigned n = rnd(&seed) & 31;
        long sv = (long)v;
        h ^= v << n; h += v >> n; h ^= (u32)(sv >> n); h += rol(v, n) ^ ror(v, n + 3);
        unsigned short w = (unsigned short)v; short sw = (short)v;
        h += (u32)(unsigned short)(w << (n & 15)) + (u32)(short)(sw >> (n & 15));
        u8 b = (u8)v; signed char sb = (signed char)v;
        h ^= (u32)(u8)(b >> (n & 7)) + (u32)(signed char)(sb >> (n & 7)) + (u32)(u8)(b << 3);
        h = rol(h, 5);
    }
    printf_("%x %x %x\n", rol(0x80000001UL, 1), ror(0x12345678UL, 12), (u32)(-1234567L >> 7));
    printf_("hash %x\n", h);
    return (int)(h & 0x3f);
}
