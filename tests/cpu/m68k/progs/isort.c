/* Insertion sort and bubble sort of bytes and words; compare the two. */
#include "mini.h"
static u8 b1[600], b2[600];
static unsigned short w[500];
int main(void)
{
    u32 seed = 99;
    for (int i = 0; i < 600; i++) b1[i] = b2[i] = (u8)rnd(&seed);
    for (int i = 1; i < 600; i++) {
        u8 v = b1[i];
        int j = i - 1;
        while (j >= 0 && b1[j] > v) { b1[j + 1] = b1[j]; j--; }
        b1[j + 1] = v;
    }
    for (int n = 600; n > 1; n--)
        for (int i = 0; i + 1 < n; i++)
            if (b2[i] > b2[i + 1]) { u8 t = b2[i]; b2[i] = b2[i + 1]; b2[i + 1] = t; }
    printf_("same=%d\n", (long)!memcmp(b1, b2, 600));
    for (int i = 0; i < 500; i++) w[i] = (unsigned short)rnd(&seed);
    for (int i = 1; i < 500; i++) {
        unsigned short v = w[i];
        int j = i;
        while (j > 0 && w[j - 1] < v) { w[j] = w[j - 1]; j--; }
        w[j] = v;
    }
    for (int i = 0; i < 500; i += 61) printf_("%u ", (u32)w[i]);
    printf_("\n%u %u %u\n", (u32)b1[0], (u32)b1[300], (u32)b1[599]);
    return b1[300];
}
