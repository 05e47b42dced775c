/* A bytecode interpreter: switch jump tables and indirect calls. */
#include <stdio.h>
enum { PUSH, ADD, MUL, SUB, DUP, SWAP, JNZ, DEC, PRINT, HALT };
static int add(int a, int b) { return a + b; }
static int mul(int a, int b) { return a * b; }
static int sub(int a, int b) { return a - b; }
int main(void)
{
    int (*ops[])(int, int) = { add, mul, sub };
    int code[] = { PUSH, 1, PUSH, 10, /*loop*/ SWAP, PUSH, 3, MUL, PUSH, 1, ADD, SWAP, DEC, DUP, JNZ, 4, SWAP, PRINT, HALT };
    int st[64], sp = 0, pc = 0, steps = 0;
    for (;;) {
        steps++;
        switch (code[pc++]) {
        case PUSH: st[sp++] = code[pc++]; break;
        case ADD: sp--; st[sp - 1] = ops[0](st[sp - 1], st[sp]); break;
        case MUL: sp--; st[sp - 1] = ops[1](st[sp - 1], st[sp]); break;
        case SUB: sp--; st[sp - 1] = ops[2](st[sp - 1], st[sp]); break;
        case DUP: st[sp] = st[sp - 1]; sp++; break;
        case SWAP: { int t = st[sp - 1]; st[sp - 1] = st[sp - 2]; st[sp - 2] = t; break; }
        case JNZ: if (st[--sp]) pc = code[pc]; else pc++; break;
        case DEC: st[sp - 1]--; break;
        case PRINT: printf("%d\n", st[sp - 1]); break;
        case HALT: printf("steps=%d\n", steps); return 0;
        }
    }
}
