/* Unbounded recursion runs off the end of the 8 MiB stack: SIGSEGV, as
 * Linux delivers it. 1 KiB frames, each written at both ends, so no access
 * skips the guard page below qemu-user's stack. */
#include <stdio.h>
static int deep(int n)
{
    volatile char frame[1024];
    frame[0] = (char)n;
    frame[sizeof frame - 1] = (char)n;
    return deep(n + 1) + frame[n & 1023];
}
int main(void)
{
    printf("recursing\n");
    fflush(stdout);
    return deep(0);
}
