/* 16-bit integer matrix multiply (64x64, i-k-j order: MULS.W), 32-bit sums,
 * and a transpose check. */
#include "bench.h"
enum { N = 64 };
typedef short s16;
static s16 a[N][N], b[N][N];
static long c[N][N];
int main(int argc, char **argv)
{
    long reps = bench_reps(argc, argv, 2400);
    u32 h = 0;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            a[i][j] = (s16)((i * 3 + j * 7) % 11 - 5);
            b[i][j] = (s16)((i * 5 + j) % 13 - 6);
        }
    for (long r = 0; r < reps; r++) {
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++) c[i][j] = 0;
        for (int i = 0; i < N; i++)
            for (int k = 0; k < N; k++) {
                s16 x = a[i][k];
                long *ci = c[i];
                const s16 *bk = b[k];
                for (int j = 0; j < N; j++) ci[j] += (long)x * bk[j];
            }
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++) h = (h << 5) + h + (u32)c[j][i];
        a[r & (N - 1)][(r * 7) & (N - 1)] += 1;
    }
    printf_("matrix reps=%d hash=%x\n", reps, h);
    return 0;
}
