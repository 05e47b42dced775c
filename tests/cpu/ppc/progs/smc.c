/* Self-modifying code in a user program: functions written into an
 * executable mapping and called, rewritten and called again — with the
 * cache flush the architecture asks for (__builtin___clear_cache: dcbst,
 * sync, icbi, isync) and without it; a function that rewrites an
 * instruction ahead of itself and synchronizes (MPCFPE32B §5.1.5.2); one that
 * spans a page boundary. qemu-ppc and wirewrap must print the same.
 *
 * Not here: a rewrite of an instruction ahead of the writer *without* the
 * sequence. The architecture leaves it open whether the old or the new
 * instruction runs; qemu-ppc runs the old one (it keeps precise
 * self-modifying code for x86 only), wirewrap always the new one
 * (tests/cpu/ppc/smc.c, "next-insn"). */
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>

typedef int (*fn_t)(uint32_t *self);

static uint32_t li(unsigned r, int v) { return 14u << 26 | r << 21 | (uint16_t)v; }
static uint32_t addi(unsigned d, unsigned a, int v) { return 14u << 26 | d << 21 | a << 16 | (uint16_t)v; }
static uint32_t lis(unsigned r, unsigned v) { return 15u << 26 | r << 21 | (v & 0xffff); }
static uint32_t ori(unsigned a, unsigned s, unsigned v) { return 24u << 26 | s << 21 | a << 16 | (v & 0xffff); }
static uint32_t stw(unsigned s, int off, unsigned a) { return 36u << 26 | s << 21 | a << 16 | (uint16_t)off; }
static uint32_t dcbst(unsigned a, unsigned b) { return 31u << 26 | a << 16 | b << 11 | 54u << 1; }
static uint32_t icbi(unsigned a, unsigned b) { return 31u << 26 | a << 16 | b << 11 | 982u << 1; }
enum { BLR = 0x4e800020u, NOP = 0x60000000u, SYNC = 0x7c0004acu, ISYNC = 0x4c00012cu };

static void flush(uint32_t *p, unsigned n) { __builtin___clear_cache((char *)p, (char *)(p + n)); }

int main(void)
{
    uint32_t *buf = mmap(0, 3 * 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (buf == MAP_FAILED) {
        printf("mmap failed\n");
        return 1;
    }
    fn_t f = (fn_t)(void *)buf;
    /* 1. li r3, N; blr — rewritten 500 times, flushed each time. */
    long sum = 0;
    for (int n = 0; n < 500; n++) {
        buf[0] = li(3, n);
        buf[1] = BLR;
        flush(buf, 2);
        sum += f(buf);
    }
    printf("flushed: %ld\n", sum);
    /* 2. The same without any cache instruction. */
    sum = 0;
    for (int n = 0; n < 500; n++) {
        buf[0] = li(3, 3 * n);
        sum += f(buf);
    }
    printf("unflushed: %ld\n", sum);
    /* 3. A function that rewrites an instruction ahead of itself with the new
     *    word "li r3, 2", then synchronizes:
     *    lis r4, hi; ori r4, r4, lo; addi r5, r3, 40; stw r4, 0(r5);
     *    dcbst 0, r5; sync; icbi 0, r5; sync; isync; nop; li r3, 1; blr */
    uint32_t neww = li(3, 2);
    uint32_t prog[] = { lis(4, neww >> 16), ori(4, 4, neww & 0xffff), addi(5, 3, 40), stw(4, 0, 5),
                        dcbst(0, 5), SYNC, icbi(0, 5),
                        SYNC, ISYNC, NOP, li(3, 1), BLR };
    int got = 0;
    for (int k = 0; k < 3; k++) {
        for (unsigned i = 0; i < sizeof prog / sizeof prog[0]; i++)
            buf[64 + i] = prog[i];
        flush(buf + 64, sizeof prog / sizeof prog[0]);
        got = got * 10 + ((fn_t)(void *)(buf + 64))(buf + 64);
    }
    printf("self-rewrite: %d\n", got);
    /* 4. Across a page boundary: li r3, 0 | addi r3, r3, 1 / addi r3, r3, X; blr,
     *    the second page's half rewritten between calls. */
    uint32_t *pc = buf + 1024 - 2;
    pc[0] = li(3, 0);
    pc[1] = addi(3, 3, 1);
    sum = 0;
    for (int n = 0; n < 100; n++) {
        pc[2] = addi(3, 3, 10 * n);
        pc[3] = BLR;
        if (n & 1)
            flush(pc, 4);
        sum += ((fn_t)(void *)pc)(pc);
    }
    printf("page-cross: %ld\n", sum);
    return (int)(sum & 0x7f);
}
