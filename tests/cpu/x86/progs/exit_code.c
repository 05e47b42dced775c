/* Exit status through exit() after atexit handlers and buffered output. */
#include <stdio.h>
#include <stdlib.h>
static void bye(void) { printf("atexit ran\n"); }
int main(int argc, char **argv)
{
    atexit(bye);
    printf("argc=%d argv0 set=%d\n", argc, argv[0] != NULL);
    for (int i = 0; i < 5; i++) printf("line %d\n", i);
    exit(77);
}
