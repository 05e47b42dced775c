/* setjmp/longjmp across frames (glibc i386 setjmp with pointer mangling via %gs). */
#include <stdio.h>
#include <setjmp.h>
static jmp_buf env;
static int depth;
static void dive(int n) { depth++; if (n == 0) longjmp(env, 42); dive(n - 1); depth += 1000; }
int main(void)
{
    volatile int round = 0;
    int r = setjmp(env);
    printf("setjmp returned %d (round %d)\n", r, round);
    if (round < 3) { round++; dive(10 * round); }
    printf("depth=%d\n", depth);
    return r == 42 ? 0 : 1;
}
