/* 386/486 bit and atomic instructions by inline asm: bt/bts/btr/btc (register
 * and memory forms), bsf/bsr, shld/shrd, xadd, cmpxchg, cmpxchg8b, bswap. */
#include <stdio.h>
#include <stdint.h>
int main(void)
{
    uint32_t mem[4] = { 0x80000001u, 0x12345678u, 0, 0xFFFFFFFFu };
    uint32_t acc = 0;
    for (int bit = -40; bit < 120; bit += 7) {
        unsigned char cf;
        __asm__ volatile("btsl %2, %1; setc %0" : "=q"(cf), "+m"(mem[1]) : "r"(bit) : "cc", "memory");
        acc = acc * 3 + cf;
        __asm__ volatile("btcl %2, %1; setc %0" : "=q"(cf), "+m"(mem[1]) : "r"(bit & 31) : "cc", "memory");
        acc = acc * 3 + cf;
        uint32_t r = mem[0] ^ (uint32_t)bit;
        __asm__ volatile("btrl $5, %1; setc %0" : "=q"(cf), "+r"(r) : : "cc");
        acc += cf + r;
    }
    printf("bt: %08x %08x %08x %08x %08x\n", acc, mem[0], mem[1], mem[2], mem[3]);
    uint32_t x = 0x00F0A000u, f, l;
    __asm__("bsfl %2, %0; bsrl %2, %1" : "=&r"(f), "=&r"(l) : "r"(x) : "cc");
    printf("bsf %u bsr %u\n", f, l);
    uint32_t hi = 0x12345678u, lo = 0x9ABCDEF0u, a = hi, b = lo;
    for (int n = 1; n < 32; n += 5) {
        a = hi; b = lo;
        __asm__("shldl %%cl, %2, %0" : "+r"(a) : "c"(n), "r"(lo) : "cc");
        __asm__("shrdl %%cl, %2, %0" : "+r"(b) : "c"(n), "r"(hi) : "cc");
        printf("n=%d shld %08x shrd %08x\n", n, a, b);
    }
    uint32_t v = 10, add = 5;
    __asm__ volatile("lock xaddl %0, %1" : "+r"(add), "+m"(v) : : "cc", "memory");
    printf("xadd old=%u new=%u\n", add, v);
    uint32_t cur = 15, expect = 15, repl = 99;
    unsigned char ok;
    __asm__ volatile("lock cmpxchgl %3, %1; sete %0" : "=q"(ok), "+m"(cur), "+a"(expect) : "r"(repl) : "cc", "memory");
    printf("cmpxchg ok=%d cur=%u\n", ok, cur);
    __asm__ volatile("lock cmpxchgl %3, %1; sete %0" : "=q"(ok), "+m"(cur), "+a"(expect) : "r"(repl) : "cc", "memory");
    printf("cmpxchg ok=%d eax=%u\n", ok, expect);
    uint64_t q = 0x1122334455667788ULL;
    uint32_t eax = 0x55667788u, edx = 0x11223344u;
    __asm__ volatile("lock cmpxchg8b %0; sete %1" : "+m"(q), "=q"(ok), "+a"(eax), "+d"(edx)
                     : "b"(0xCAFEBABEu), "c"(0xDEADBEEFu) : "cc", "memory");
    printf("cmpxchg8b ok=%d q=%016llx\n", ok, (unsigned long long)q);
    uint32_t sw = 0x01020304u;
    __asm__("bswap %0" : "+r"(sw));
    printf("bswap %08x\n", sw);
    return 0;
}
