/* A read through a null pointer: Linux delivers SIGSEGV (status 139 in a
 * shell) in every family; the runner must say the same as qemu-user. */
#include <stdio.h>
int *volatile null_ptr;   /* volatile: the compiler cannot turn it into a trap */
int main(void)
{
    printf("reading address 0\n");
    fflush(stdout);
    return *null_ptr;
}
