/* setjmp/longjmp across recursion (glibc's m68k __sigsetjmp saves d2-d7,
 * a2-a7 and fp2-fp7 with FMOVEM). */
#include <stdio.h>
#include <setjmp.h>
static jmp_buf env;
static int depth_reached;
static void dive(int n, double f)
{
    if (n == 0) {
        depth_reached = (int)f;
        longjmp(env, 42);
    }
    dive(n - 1, f * 1.5 + 1);
}
int main(void)
{
    volatile double keep = 2.5;
    volatile int count = 0;
    int r = setjmp(env);
    if (r == 0) {
        dive(20, 1.0);
        printf("not reached\n");
    }
    count++;
    printf("setjmp returned %d, depth value %d, keep %g\n", r, depth_reached, keep);
    if (count < 3) {
        keep *= 2;
        longjmp(env, count + 100);
    }
    printf("count %d keep %g\n", count, keep);
    return count;
}
