/* Integer matrix multiply, transpose and trace (16x16 and 24x24). */
#include "mini.h"
static long A[24][24], B[24][24], C[24][24];
int main(void)
{
    u32 seed = 11;
    for (int i = 0; i < 24; i++)
        for (int j = 0; j < 24; j++) {
            A[i][j] = (long)(rnd(&seed) & 0x3ff) - 512;
            B[i][j] = (long)(rnd(&seed) & 0xff) - 128;
        }
    for (int r = 0; r < 3; r++)
        for (int i = 0; i < 24; i++)
            for (int j = 0; j < 24; j++) {
                long s = 0;
                for (int k = 0; k < 24; k++) s += A[i][k] * B[k][j];
                C[i][j] = s;
            }
    long tr = 0;
    u32 h = 0;
    for (int i = 0; i < 24; i++) {
        tr += C[i][i];
        for (int j = 0; j < 24; j++) h = h * 31 + (u32)C[j][i];
    }
    printf_("trace %d hash %x c[3][5] %d\n", tr, h, C[3][5]);
    return (int)(h & 0xff);
}
