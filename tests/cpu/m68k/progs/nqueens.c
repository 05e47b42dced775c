/* N-queens by backtracking with bit masks, N = 1..9. */
#include "mini.h"
static long solve(int n, u32 cols, u32 d1, u32 d2, int row)
{
    if (row == n) return 1;
    long c = 0;
    u32 avail = ~(cols | d1 | d2) & ((1UL << n) - 1);
    while (avail) {
        u32 bit = avail & -avail;
        avail ^= bit;
        c += solve(n, cols | bit, (d1 | bit) << 1, (d2 | bit) >> 1, row + 1);
    }
    return c;
}
int main(void)
{
    long total = 0;
    for (int n = 1; n <= 9; n++) {
        long s = solve(n, 0, 0, 0, 0);
        total += s;
        printf_("%d-queens: %d\n", (long)n, s);
    }
    return (int)(total & 0xff);
}
