/* A small bytecode interpreter: a stack machine with switch dispatch runs a
 * program that counts primes below n by trial division. The bytecode is
 * assembled at start-up (labels patched), so it reads like assembly. MUL and
 * MOD are 16-bit (MULS.W, DIVS.W) so the interpreter, not libgcc, is the
 * work. */
#include "bench.h"
enum { PUSH, LOAD, STORE, ADD, MUL, MOD, LT, JZ, JMP, INC, HALT };
static short code[128];
static int ncode;
static int emit(int op) { code[ncode] = (short)op; return ncode++; }
/* a % b by DIVS.W (the quotient fits: b >= 2, a < 32768). */
static inline long mod16(long a, short b)
{
    __asm__("divs.w %1,%0" : "+d"(a) : "dm"(b));
    return (short)(a >> 16);
}
static long run(long n)
{
    long v[4] = { n, 0, 0, 0 }, st[16];   /* v0 = n, v1 = count, v2 = i, v3 = d */
    int sp = 0, pc = 0;
    for (;;) {
        switch (code[pc++]) {
        case PUSH:  st[sp++] = code[pc++]; break;
        case LOAD:  st[sp++] = v[code[pc++]]; break;
        case STORE: v[code[pc++]] = st[--sp]; break;
        case ADD:   sp--; st[sp - 1] += st[sp]; break;
        case MUL:   sp--; st[sp - 1] = (long)(short)st[sp - 1] * (short)st[sp]; break;
        case MOD:   sp--; st[sp - 1] = mod16(st[sp - 1], (short)st[sp]); break;
        case LT:    sp--; st[sp - 1] = st[sp - 1] < st[sp]; break;
        case JZ:    if (!st[--sp]) pc = code[pc]; else pc++; break;
        case JMP:   pc = code[pc]; break;
        case INC:   v[code[pc++]]++; break;
        default:    return v[1];
        }
    }
}
static void assemble(void)
{
    emit(PUSH); emit(2); emit(STORE); emit(2);                      /* i = 2 */
    int loop_i = ncode;
    emit(LOAD); emit(2); emit(LOAD); emit(0); emit(LT);             /* i < n ? */
    emit(JZ); int j_done = emit(0);
    emit(PUSH); emit(2); emit(STORE); emit(3);                      /* d = 2 */
    int loop_d = ncode;
    emit(LOAD); emit(3); emit(LOAD); emit(3); emit(MUL);
    emit(LOAD); emit(2); emit(PUSH); emit(1); emit(ADD); emit(LT);  /* d*d <= i ? */
    emit(JZ); int j_prime = emit(0);                                /* no: i is prime */
    emit(LOAD); emit(2); emit(LOAD); emit(3); emit(MOD);            /* i % d */
    emit(JZ); int j_next = emit(0);
    emit(INC); emit(3); emit(JMP); emit(loop_d);                    /* d++ */
    code[j_prime] = (short)ncode;                                   /* prime: count++ */
    emit(INC); emit(1);
    code[j_next] = (short)ncode;                                    /* next i */
    emit(INC); emit(2); emit(JMP); emit(loop_i);
    code[j_done] = (short)ncode;
    emit(HALT);
}
int main(int argc, char **argv)
{
    long reps = bench_reps(argc, argv, 32);
    assemble();
    long total = 0;
    for (long r = 0; r < reps; r++) total += run(20000 + r);
    printf_("interp reps=%d primes=%d\n", reps, total);
    return 0;
}
