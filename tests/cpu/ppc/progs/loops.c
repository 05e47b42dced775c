/* Counted loops (bdnz), nested loops and early exits. */
#include <stdio.h>
int main(void)
{
    unsigned long s = 0;
    for (unsigned i = 0; i < 300; i++)
        for (unsigned j = 0; j < 300; j++) {
            if (((i * j) & 1023) == 77) continue;
            s += (i ^ j) * (i + 1);
            if (s > 4000000000u) s -= 4000000000u;
        }
    int found = -1;
    for (int k = 0; k < 100000; k++) if ((k * k) % 9973 == 1234) { found = k; break; }
    printf("s=%lu found=%d\n", s, found);
    return found & 0x7f;
}
