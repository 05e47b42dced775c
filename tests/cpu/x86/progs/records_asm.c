/* The instruction forms the block cache (cpu/x86/tc.c) has its own records
 * for, by inline asm, so the differential test (against qemu-i386) and the
 * lockstep test (the cache against interp-slow, every register and EFLAGS
 * after every slice, memory at the end) see each of them with edge operands:
 * IMUL r, r/m and r, r/m, imm (16 and 32 bits, register and memory sources,
 * overflow or not), CMP/TEST with a memory operand (8/16/32 bits, against a
 * register and an immediate), SHL/SHR/SAR r32 by an immediate, ALU
 * reg, reg / reg, imm per operation, all 16 conditions as Jcc (after an
 * operation that is not fused with it), SETcc and CMOVcc r32, 16-bit
 * PUSH/POP, and an indirect jump table. Printed: results and the flags the
 * SDM defines; the undefined ones (after IMUL: SF ZF AF PF) go only into
 * `hidden`, which lockstep compares as memory and qemu never sees. */
#include <stdio.h>
#include <stdint.h>

static volatile uint32_t hidden[64];
static unsigned nhidden;

static void hide(uint32_t v)
{
    hidden[nhidden++ & 63] += v;
}

static const uint32_t vals[] = {
    0, 1, 2, 7, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x10000, 0x12345,
    0x7FFFFFFFu, 0x80000000u, 0x80000001u, 0xFFFFFFFFu, 0xFFFFFFFEu, 0xDEADBEEFu,
};
#define NV (sizeof vals / sizeof vals[0])

/* All 16 conditions of the current flags as a bit mask, by SETcc. */
/* Run one flag-setting asm statement and fold the 16 conditions after it
 * into sum (c is the scratch). */
#define MIX(stmt)                                                                   \
    do {                                                                            \
        stmt;                                                                       \
        CONDS(c);                                                                   \
        sum = sum * 31 + c;                                                         \
    } while (0)

#define CONDS(out)                                                                  \
    __asm__ volatile("xorl %0, %0\n\t"                                              \
                     "seto %%dl; orb %%dl, %b0; shll $1, %0\n\t"                    \
                     "setno %%dl; orb %%dl, %b0; shll $1, %0\n\t"                   \
                     "setb %%dl; orb %%dl, %b0; shll $1, %0\n\t"                    \
                     "setae %%dl; orb %%dl, %b0; shll $1, %0\n\t"                   \
                     "sete %%dl; orb %%dl, %b0; shll $1, %0\n\t"                    \
                     "setne %%dl; orb %%dl, %b0; shll $1, %0\n\t"                   \
                     "setbe %%dl; orb %%dl, %b0; shll $1, %0\n\t"                   \
                     "seta %%dl; orb %%dl, %b0; shll $1, %0\n\t"                    \
                     "sets %%dl; orb %%dl, %b0; shll $1, %0\n\t"                    \
                     "setns %%dl; orb %%dl, %b0; shll $1, %0\n\t"                   \
                     "setp %%dl; orb %%dl, %b0; shll $1, %0\n\t"                    \
                     "setnp %%dl; orb %%dl, %b0; shll $1, %0\n\t"                   \
                     "setl %%dl; orb %%dl, %b0; shll $1, %0\n\t"                    \
                     "setge %%dl; orb %%dl, %b0; shll $1, %0\n\t"                   \
                     "setle %%dl; orb %%dl, %b0; shll $1, %0\n\t"                   \
                     "setg %%dl; orb %%dl, %b0"                                     \
                     : "=&q"(out) : : "edx")

static uint32_t flags_now(void)
{
    uint32_t f;
    __asm__ volatile("pushfl; popl %0" : "=r"(f));
    return f;
}

static void imul_forms(void)
{
    uint32_t sum = 0;
    for (unsigned i = 0; i < NV; i++)
        for (unsigned j = 0; j < NV; j++) {
            uint32_t a = vals[i], b = vals[j], m = vals[j], r, f = a ^ b;
            unsigned char cf, of;
            /* 0F AF r32, r32: an ADD first leaves AF for IMUL to keep */
            r = a;
            __asm__ volatile("addl %3, %3; imull %4, %0; setc %1; seto %2"
                             : "+r"(r), "=q"(cf), "=q"(of), "+r"(f) : "r"(b) : "cc");
            f = flags_now();
            hide(f);
            sum = sum * 31 + r + cf * 2u + of;
            /* 0F AF r32, m32 */
            r = a;
            __asm__ volatile("imull %3, %0; setc %1; seto %2"
                             : "+r"(r), "=q"(cf), "=q"(of) : "m"(m) : "cc");
            hide(flags_now());
            sum = sum * 31 + r + cf * 2u + of;
            /* 69 r32, r/m32, imm32 and 6B r32, r/m32, imm8 */
            __asm__ volatile("imull $-559038737, %3, %0; setc %1; seto %2"
                             : "=r"(r), "=q"(cf), "=q"(of) : "r"(a) : "cc");
            hide(flags_now());
            sum = sum * 31 + r + cf * 2u + of;
            __asm__ volatile("imull $0x7fffffff, %3, %0; setc %1; seto %2"
                             : "=r"(r), "=q"(cf), "=q"(of) : "m"(m) : "cc");
            sum = sum * 31 + r + cf * 2u + of;
            __asm__ volatile("imull $-128, %3, %0; setc %1; seto %2"
                             : "=r"(r), "=q"(cf), "=q"(of) : "r"(a) : "cc");
            sum = sum * 31 + r + cf * 2u + of;
            __asm__ volatile("imull $127, %3, %0; setc %1; seto %2"
                             : "=r"(r), "=q"(cf), "=q"(of) : "m"(m) : "cc");
            hide(flags_now());
            sum = sum * 31 + r + cf * 2u + of;
            /* 16-bit forms (66 0F AF, 66 69, 66 6B) */
            uint16_t w = (uint16_t)a, wm = (uint16_t)m;
            __asm__ volatile("imulw %3, %0; setc %1; seto %2"
                             : "+r"(w), "=q"(cf), "=q"(of) : "r"((uint16_t)b) : "cc");
            sum = sum * 31 + w + cf * 2u + of;
            __asm__ volatile("imulw %3, %0; setc %1; seto %2"
                             : "+r"(w), "=q"(cf), "=q"(of) : "m"(wm) : "cc");
            sum = sum * 31 + w + cf * 2u + of;
            __asm__ volatile("imulw $-12345, %3, %0; setc %1; seto %2"
                             : "=r"(w), "=q"(cf), "=q"(of) : "m"(wm) : "cc");
            sum = sum * 31 + w + cf * 2u + of;
            __asm__ volatile("imulw $100, %3, %0; setc %1; seto %2"
                             : "=r"(w), "=q"(cf), "=q"(of) : "r"((uint16_t)a) : "cc");
            hide(flags_now());
            sum = sum * 31 + w + cf * 2u + of;
            /* CF after IMUL feeds ADC; IMUL after IMUL keeps the same AF */
            r = a;
            uint32_t t = b;
            __asm__ volatile("imull %2, %0; adcl $0, %1; imull %2, %0"
                             : "+r"(r), "+r"(t) : "r"(b) : "cc");
            hide(flags_now());
            sum = sum * 31 + r + t;
        }
    printf("imul %08x\n", sum);
}

static void cmp_mem(void)
{
    uint32_t sum = 0, c;
    for (unsigned i = 0; i < NV; i++)
        for (unsigned j = 0; j < NV; j++) {
            uint32_t m = vals[i], b = vals[j];
            uint16_t mw = (uint16_t)m;
            uint8_t mb = (uint8_t)m;
            MIX(__asm__ volatile("cmpl %0, %1" : : "r"(b), "m"(m) : "cc"));
            MIX(__asm__ volatile("cmpw %0, %1" : : "r"((uint16_t)b), "m"(mw) : "cc"));
            MIX(__asm__ volatile("cmpb %0, %1" : : "q"((uint8_t)b), "m"(mb) : "cc"));
            MIX(__asm__ volatile("testl %0, %1" : : "r"(b), "m"(m) : "cc"));
            MIX(__asm__ volatile("testb %0, %1" : : "q"((uint8_t)b), "m"(mb) : "cc"));
        }
    for (unsigned i = 0; i < NV; i++) {
        uint32_t m = vals[i];
        uint16_t mw = (uint16_t)m;
        uint8_t mb = (uint8_t)m;
        MIX(__asm__ volatile("cmpl $0x80000000, %0" : : "m"(m) : "cc"));
        MIX(__asm__ volatile("cmpl $-1, %0" : : "m"(m) : "cc"));
        MIX(__asm__ volatile("cmpl $7, %0" : : "m"(m) : "cc"));
        MIX(__asm__ volatile("cmpw $0x8000, %0" : : "m"(mw) : "cc"));
        MIX(__asm__ volatile("cmpb $0x7f, %0" : : "m"(mb) : "cc"));
    }
    printf("cmp mem %08x\n", sum);
}

static void shifts_alu(void)
{
    uint32_t sum = 0, c;
    for (unsigned i = 0; i < NV; i++) {
        uint32_t a = vals[i], r;
#define SH(insn)                                                                    \
        r = a;                                                                      \
        __asm__ volatile(insn " %0" : "+r"(r) : : "cc");                             \
        CONDS(c);                                                                   \
        sum = sum * 31 + r + c;
        SH("shll $1,") SH("shll $5,") SH("shll $31,") SH("shrl $1,") SH("shrl $8,")
        SH("shrl $31,") SH("sarl $1,") SH("sarl $13,") SH("sarl $31,") SH("shll")
        SH("shrl") SH("sarl")
#undef SH
        for (unsigned j = 0; j < NV; j++) {
            uint32_t b = vals[j];
#define ALU(insn)                                                                   \
            r = a;                                                                  \
            __asm__ volatile(insn " %1, %0" : "+r"(r) : "r"(b) : "cc");              \
            CONDS(c);                                                               \
            sum = sum * 31 + r + c;                                                 \
            r = a;                                                                  \
            __asm__ volatile(insn " $0x80000001, %0" : "+r"(r) : : "cc");            \
            CONDS(c);                                                               \
            sum = sum * 31 + r + c;
            ALU("addl") ALU("orl") ALU("andl") ALU("subl") ALU("xorl") ALU("cmpl")
            ALU("adcl") ALU("sbbl")
#undef ALU
            /* CMOVcc r32, r32 for every condition after a CMP */
            uint32_t acc = 0;
#define CMOV(cc)                                                                    \
            r = 0;                                                                  \
            __asm__ volatile("cmpl %2, %1; cmov" cc " %3, %0"                         \
                             : "+r"(r) : "r"(a), "r"(b), "r"(0x5A5A5A5Au) : "cc");    \
            acc = acc * 3 + (r != 0);
            CMOV("o") CMOV("no") CMOV("b") CMOV("ae") CMOV("e") CMOV("ne") CMOV("be")
            CMOV("a") CMOV("s") CMOV("ns") CMOV("p") CMOV("np") CMOV("l") CMOV("ge")
            CMOV("le") CMOV("g")
#undef CMOV
            sum = sum * 31 + acc;
            /* Jcc on every condition after an ADD (not fused with it) */
            acc = 0;
#define JCC(cc)                                                                     \
            r = a;                                                                  \
            __asm__ volatile("movl $0, %1; addl %2, %0; j" cc " 1f; movl $1, %1\n1:" \
                             : "+r"(r), "=&r"(c) : "r"(b) : "cc");                   \
            acc = acc * 2 + c;
            JCC("o") JCC("no") JCC("b") JCC("ae") JCC("e") JCC("ne") JCC("be")
            JCC("a") JCC("s") JCC("ns") JCC("p") JCC("np") JCC("l") JCC("ge")
            JCC("le") JCC("g")
#undef JCC
            sum = sum * 31 + acc;
        }
    }
    printf("shift alu %08x\n", sum);
}

static uint32_t stack16(uint32_t a)
{
    uint32_t r = 0;
    __asm__ volatile("pushw %w1; pushl $0x1234; popl %0; popw %w0"
                     : "+r"(r) : "r"(a) : "memory");
    return r;
}

static int dispatch(int op, int x)
{
    switch (op) {
    case 0: return x + 1;
    case 1: return x * 3;
    case 2: return x ^ 0x55;
    case 3: return x - 7;
    case 4: return x << 2;
    case 5: return x >> 1;
    case 6: return ~x;
    default: return x;
    }
}

int main(void)
{
    imul_forms();
    cmp_mem();
    shifts_alu();
    uint32_t s = 0;
    for (unsigned i = 0; i < NV; i++)
        s = s * 31 + stack16(vals[i]);
    printf("stack16 %08x\n", s);
    int x = 1;
    for (int i = 0; i < 2000; i++)
        x = dispatch((i * 7 + (x & 3)) % 9, x);
    printf("dispatch %d\n", x);
    uint32_t h = 0;
    for (unsigned i = 0; i < 64; i++)
        h = h * 31 + hidden[i];
    (void)h;   /* not printed: the undefined flags differ from qemu-i386 */
    return 0;
}
