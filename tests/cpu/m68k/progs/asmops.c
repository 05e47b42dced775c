/* 68000 instructions C does not emit: ABCD/SBCD/NBCD on valid BCD, ROXL/ROXR,
 * MULU/MULS/DIVU/DIVS, SWAP, EXG, EXT, DBRA, MOVEP, TAS; results and the
 * defined flags (X, C, Z of BCD). */
#include "mini.h"
static u32 bcd_add(u32 a, u32 b)   /* 8 digits, via ABCD -(An),-(An) */
{
    u8 x[4], y[4];
    for (int i = 0; i < 4; i++) { x[i] = (u8)(a >> (24 - 8 * i)); y[i] = (u8)(b >> (24 - 8 * i)); }
    u8 *px = x + 4, *py = y + 4;
    __asm__ volatile("andi #0xef,%%ccr\n\t"     /* X = 0 */
                     "abcd -(%0),-(%1)\n\tabcd -(%0),-(%1)\n\t"
                     "abcd -(%0),-(%1)\n\tabcd -(%0),-(%1)"
                     : "+a"(py), "+a"(px) : : "memory", "cc");
    return (u32)x[0] << 24 | (u32)x[1] << 16 | (u32)x[2] << 8 | x[3];
}
static u32 bcd_sub(u32 a, u32 b)
{
    u8 x[4], y[4];
    for (int i = 0; i < 4; i++) { x[i] = (u8)(a >> (24 - 8 * i)); y[i] = (u8)(b >> (24 - 8 * i)); }
    u8 *px = x + 4, *py = y + 4;
    __asm__ volatile("andi #0xef,%%ccr\n\t"
                     "sbcd -(%0),-(%1)\n\tsbcd -(%0),-(%1)\n\t"
                     "sbcd -(%0),-(%1)\n\tsbcd -(%0),-(%1)"
                     : "+a"(py), "+a"(px) : : "memory", "cc");
    return (u32)x[0] << 24 | (u32)x[1] << 16 | (u32)x[2] << 8 | x[3];
}
int main(void)
{
    printf_("bcd %x %x %x\n", bcd_add(0x12345678, 0x87654321), bcd_add(0x99999999, 1),
            bcd_sub(0x10000000, 0x1));
    u32 v = 0x80000001, c;
    __asm__("andi #0xef,%%ccr\n\troxl.l #1,%0\n\tmove %%sr,%1" : "+d"(v), "=d"(c) : : "cc");
    printf_("roxl %x x=%u\n", v, (c >> 4) & 1);
    __asm__("roxr.l #3,%0\n\tmove %%sr,%1" : "+d"(v), "=d"(c) : : "cc");
    printf_("roxr %x x=%u\n", v, (c >> 4) & 1);
    u32 d = 0xfffe, e = 0x1234;
    __asm__("mulu.w %1,%0" : "+d"(d) : "d"(e) : "cc");
    u32 f = 0xfffe;
    __asm__("muls.w %1,%0" : "+d"(f) : "d"(e) : "cc");
    u32 g = 1000001, h = -7000001;
    __asm__("divu.w #77,%0" : "+d"(g) : : "cc");
    __asm__("divs.w #-77,%0" : "+d"(h) : : "cc");
    printf_("mul %x %x div %x %x\n", d, f, g, h);
    u32 s = 0x12345678, t = 0xabcdef01;
    __asm__("swap %0\n\texg %0,%1" : "+d"(s), "+d"(t));
    u32 x1 = 0x1234ff80;
    __asm__("ext.w %0\n\text.l %0" : "+d"(x1) : : "cc");
    printf_("swap/exg %x %x ext %x\n", s, t, x1);
    u32 cnt = 9, acc = 0;
    __asm__("1: addq.l #3,%1\n\tdbra %0,1b" : "+d"(cnt), "+d"(acc) : : "cc");
    printf_("dbra %x %u\n", cnt, acc);
    u8 mp[8] = { 0 };
    u32 val = 0xa1b2c3d4, back = 0;
    u8 *pm = mp;
    __asm__ volatile("movep.l %2,0(%1)\n\tmovep.l 0(%1),%0" : "=d"(back) : "a"(pm), "d"(val) : "memory");
    printf_("movep %x %u %u %u\n", back, (u32)mp[0], (u32)mp[2], (u32)mp[6]);
    u8 lock = 0x05;
    u32 sr1;
    __asm__ volatile("tas %1\n\tmove %%sr,%0" : "=d"(sr1), "+m"(lock) : : "cc");
    printf_("tas %u z=%u n=%u\n", (u32)lock, (sr1 >> 2) & 1, (sr1 >> 3) & 1);
    return 0;
}
