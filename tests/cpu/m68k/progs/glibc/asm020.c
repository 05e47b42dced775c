/* 68020 instructions through inline assembly, each result printed: bit
 * fields in registers and memory (BFEXTU/BFEXTS/BFINS/BFSET/BFCLR/BFCHG/
 * BFFFO/BFTST), CAS, CAS2, EXTB.L,
 * MULU.L/MULS.L 64-bit, DIVU.L/DIVS.L 64/32 and DIVUL.L, LINK.L/UNLK,
 * scaled index and memory-indirect addressing, MOVE from CCR-free flag
 * capture with MOVE from CCR. CMP2/CHK2 and PACK/UNPK are left to the test
 * firmware: qemu-m68k 7.2 takes the first as illegal and crashes on the
 * register forms of the others. */
#include <stdio.h>
#include <stdint.h>
static uint32_t flags(void)
{
    uint32_t f;
    __asm__ volatile("move.w %%ccr,%0\n\tand.l #0x1f,%0" : "=d"(f));  /* MOVE from CCR */
    return f;
}
int main(void)
{
    uint32_t x = 0x12345678, r, f;
    __asm__("bfextu %1{#4:#12},%0" : "=d"(r) : "d"(x)); printf("bfextu %08x\n", r);
    __asm__("bfexts %1{#20:#8},%0" : "=d"(r) : "d"(x)); printf("bfexts %08x\n", r);
    __asm__("bfextu %1{#28:#8},%0" : "=d"(r) : "d"(x)); printf("bfextu wrap %08x\n", r);
    r = x; __asm__("bfins %1,%0{#8:#16}" : "+d"(r) : "d"(0xabcdu)); printf("bfins %08x\n", r);
    r = x; __asm__("bfset %0{#30:#4}" : "+d"(r)); printf("bfset %08x\n", r);
    r = x; __asm__("bfclr %0{#0:#8}" : "+d"(r)); printf("bfclr %08x\n", r);
    r = x; __asm__("bfchg %0{#12:#12}" : "+d"(r)); printf("bfchg %08x\n", r);
    __asm__("bfffo %1{#0:#0},%0" : "=d"(r) : "d"(0x00040000u)); printf("bfffo %u\n", r);
    __asm__("bfffo %1{#4:#8},%0" : "=d"(r) : "d"(0u)); printf("bfffo none %u\n", r);
    __asm__ volatile("bftst %0{#16:#8}" : : "d"(x)); f = flags(); printf("bftst ccr %02x\n", f);
    static uint8_t mem[16] = { 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99 };
    int32_t off = -3;
    __asm__("bfextu (%1){%2:#20},%0" : "=d"(r) : "a"(mem + 2), "d"(off + 11)); printf("bfextu mem %08x\n", r);
    __asm__ volatile("bfins %1,(%0){#13:#11}" : : "a"(mem), "d"(0x7ffu) : "memory");
    __asm__ volatile("bfchg (%0){#37:#7}" : : "a"(mem) : "memory");
    printf("mem %02x %02x %02x %02x %02x %02x\n", mem[0], mem[1], mem[2], mem[3], mem[4], mem[5]);
    __asm__("bfffo (%1){%2:#16},%0" : "=d"(r) : "a"(mem + 4), "d"(-8)); printf("bfffo mem %d\n", (int)r);

    uint32_t cell = 5, dc = 5, du = 9;
    __asm__ volatile("cas.l %0,%2,%1" : "+d"(dc), "+m"(cell) : "d"(du)); f = flags();
    printf("cas ok cell %u dc %u ccr %02x\n", cell, dc, f);
    dc = 1;
    __asm__ volatile("cas.l %0,%2,%1" : "+d"(dc), "+m"(cell) : "d"(du)); f = flags();
    printf("cas fail cell %u dc %u ccr %02x\n", cell, dc, f);
    uint16_t w1 = 10, w2 = 20;
    uint32_t c1 = 10, c2 = 20, u1 = 11, u2 = 21;
    __asm__ volatile("cas2.w %0:%1,%2:%3,(%4):(%5)" : "+d"(c1), "+d"(c2) : "d"(u1), "d"(u2),
                     "a"(&w1), "a"(&w2) : "memory"); f = flags();
    printf("cas2 w1 %u w2 %u ccr %02x\n", w1, w2, f);

    r = 0x1234ff80;
    __asm__("extb.l %0" : "+d"(r)); printf("extb %08x\n", r);

    uint32_t lo = 0xfedcba98, hi;
    __asm__("mulu.l %2,%1:%0" : "+d"(lo), "=d"(hi) : "d"(0x87654321u)); printf("mulu64 %08x%08x\n", hi, lo);
    lo = (uint32_t)-123456789;
    __asm__("muls.l %2,%1:%0" : "+d"(lo), "=d"(hi) : "d"(987654321)); printf("muls64 %08x%08x\n", hi, lo);
    lo = 0x76543210; hi = 0x00000012;
    __asm__("divu.l %2,%1:%0" : "+d"(lo), "+d"(hi) : "d"(0x9abcdefu)); printf("divu64 q %08x r %08x\n", lo, hi);
    lo = (uint32_t)-1000000007;
    __asm__("divsl.l %2,%1:%0" : "+d"(lo), "=d"(hi) : "d"(-37)); printf("divsl q %d r %d\n", (int)lo, (int)hi);
    lo = 100; __asm__("divu.l %1,%0" : "+d"(lo) : "d"(7)); printf("divu.l %u\n", lo);

    uint32_t res;
    __asm__ volatile("link.l %%a6,#-100000\n\t"
                     "move.l %%sp,%0\n\t"
                     "sub.l %%a6,%0\n\t"
                     "unlk %%a6" : "=d"(res) : : "memory");
    printf("link.l %d\n", (int)res);
    static int32_t table[8] = { 10, 20, 30, 40, 50, 60, 70, 80 };
    static int32_t *ptrs[3] = { &table[1], &table[4], &table[6] };
    int32_t idx = 2, got, got2;
    __asm__("move.l (%1,%2.l*4),%0" : "=d"(got) : "a"(table), "d"(idx)); printf("scaled %d\n", got);
    __asm__("move.l ([%1,%2.l*4],8),%0" : "=d"(got) : "a"(ptrs), "d"(1)); printf("indirect pre %d\n", got);
    __asm__("move.l ([%1],%2.l*4,4),%0" : "=d"(got2) : "a"(ptrs), "d"(1)); printf("indirect post %d\n", got2);
    __asm__("move.l (64,%1,%2.w*2),%0" : "=d"(got) : "a"((char *)table - 64), "d"(6)); printf("bd %d\n", got);
    return 0;
}
