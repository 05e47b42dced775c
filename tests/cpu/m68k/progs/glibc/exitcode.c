/* exit() with atexit handlers and a computed status. */
#include <stdio.h>
#include <stdlib.h>
static int order[4], n;
static void a1(void) { order[n++] = 1; printf("atexit 1 (n=%d)\n", n); }
static void a2(void) { order[n++] = 2; printf("atexit 2 (n=%d)\n", n); }
int main(int argc, char **argv)
{
    atexit(a1);
    atexit(a2);
    printf("argc %d\n", argc);
    exit(argc + 40);
}
