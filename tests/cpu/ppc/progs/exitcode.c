/* exit() from a nested call with atexit handlers and buffered output. */
#include <stdio.h>
#include <stdlib.h>
static void bye1(void) { printf("bye1\n"); }
static void bye2(void) { printf("bye2\n"); }
static void deep(int n) { if (n == 0) { printf("exiting\n"); exit(42); } deep(n - 1); }
int main(void)
{
    atexit(bye1);
    atexit(bye2);
    printf("start");
    deep(10);
    return 0;
}
