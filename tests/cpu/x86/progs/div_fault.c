/* A division by zero after a few that work (DIV, IDIV: the block cache's
 * group 3 record, cpu/x86/tc.c op_muldiv): #DE at the faulting instruction,
 * which Linux turns into SIGFPE (status 136 in a shell), as qemu-user does. */
#include <stdio.h>
#include <stdint.h>
volatile int32_t divisor = 7;   /* volatile: the compiler cannot fold the divisions */
int main(void)
{
    int32_t q = 0;
    uint32_t u = 0;
    for (int32_t i = -50; i < 50; i++) {
        q += (i * 1000003) / divisor + (i * 1000003) % divisor;
        u += (uint32_t)(i * 77777u) / (uint32_t)divisor;
    }
    printf("q %d u %u\n", (int)q, (unsigned)u);
    fflush(stdout);
    divisor = 0;
    return (int)(u / (uint32_t)divisor);
}
