/* setjmp/longjmp across nested calls. */
#include <stdio.h>
#include <setjmp.h>
static jmp_buf env;
static int depth;
static void dive(int n)
{
    depth++;
    if (n == 0)
        longjmp(env, depth);
    dive(n - 1);
}
int main(void)
{
    volatile int total = 0;
    for (int k = 1; k <= 5; k++) {
        depth = 0;
        int r = setjmp(env);
        if (r == 0)
            dive(k * 3);
        else
            total += r;
        printf("k=%d r=%d\n", k, r);
    }
    printf("total=%d\n", total);
    return total;
}
