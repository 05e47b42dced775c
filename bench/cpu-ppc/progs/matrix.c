/* Integer matrix multiply (96x96, i-k-j order) and a transpose check. */
#include "bench.h"
enum { N = 96 };
static int32_t a[N][N], b[N][N], c[N][N];
int main(int argc, char **argv)
{
    long reps = bench_reps(argc, argv, 1400);
    uint32_t h = 0;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            a[i][j] = (i * 3 + j * 7) % 11 - 5;
            b[i][j] = (i * 5 + j) % 13 - 6;
        }
    for (long r = 0; r < reps; r++) {
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++) c[i][j] = 0;
        for (int i = 0; i < N; i++)
            for (int k = 0; k < N; k++) {
                int32_t x = a[i][k];
                for (int j = 0; j < N; j++) c[i][j] += x * b[k][j];
            }
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++) h = h * 31 + (uint32_t)c[j][i];
        a[r % N][(r * 7) % N] += 1;
    }
    printf("matrix reps=%ld hash=%08x\n", reps, h);
    return 0;
}
