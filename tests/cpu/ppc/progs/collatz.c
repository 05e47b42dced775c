/* Collatz lengths: unsigned arithmetic, branching, 64-bit compare. */
#include <stdio.h>
#include <stdint.h>
int main(void)
{
    int best = 0, bestn = 0;
    for (int n = 1; n < 30000; n++) {
        uint64_t x = (uint64_t)n;
        int len = 0;
        while (x != 1) { x = x & 1 ? 3 * x + 1 : x / 2; len++; }
        if (len > best) { best = len; bestn = n; }
    }
    printf("best=%d at %d\n", best, bestn);
    return best & 0x7f;
}
