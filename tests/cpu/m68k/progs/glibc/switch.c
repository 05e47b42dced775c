/* A switch-driven interpreter for a tiny stack machine (jump tables). */
#include <stdio.h>
enum { PUSH, ADD, SUB, MUL, DUP, SWAP, JNZ, DEC, PRINT, HALT };
int main(void)
{
    int prog[] = { PUSH, 1, PUSH, 20, /* loop: */ SWAP, PUSH, 3, MUL, PUSH, 7, ADD, SWAP, DEC, DUP, JNZ, 4, SWAP, PRINT, HALT };
    int st[64], sp = 0, pc = 0, steps = 0;
    long out = 0;
    for (;;) {
        steps++;
        switch (prog[pc++]) {
        case PUSH: st[sp++] = prog[pc++]; break;
        case ADD: sp--; st[sp - 1] += st[sp]; break;
        case SUB: sp--; st[sp - 1] -= st[sp]; break;
        case MUL: sp--; st[sp - 1] *= st[sp]; break;
        case DUP: st[sp] = st[sp - 1]; sp++; break;
        case SWAP: { int t = st[sp - 1]; st[sp - 1] = st[sp - 2]; st[sp - 2] = t; break; }
        case JNZ: { int t = st[--sp]; int target = prog[pc++]; if (t) pc = target; break; }
        case DEC: st[sp - 1]--; break;
        case PRINT: out = st[sp - 1]; printf("top %d\n", st[sp - 1]); break;
        case HALT: printf("steps %d\n", steps); return (int)(out & 0x7f);
        }
    }
}
