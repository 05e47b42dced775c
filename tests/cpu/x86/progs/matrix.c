/* Matrix multiply in integers and doubles. */
#include <stdio.h>
enum { N = 40 };
static int A[N][N], B[N][N], C[N][N];
static double D[N][N], E[N][N], F[N][N];
int main(void)
{
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            A[i][j] = (i * 7 + j * 3) % 11 - 5; B[i][j] = (i + 2 * j) % 13 - 6;
            D[i][j] = (i - j) * 0.25; E[i][j] = 1.0 / (i + j + 1);
        }
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            int s = 0; double t = 0;
            for (int k = 0; k < N; k++) { s += A[i][k] * B[k][j]; t += D[i][k] * E[k][j]; }
            C[i][j] = s; F[i][j] = t;
        }
    long tr = 0; double ft = 0;
    for (int i = 0; i < N; i++) { tr += C[i][i]; ft += F[i][i]; }
    printf("%ld %d %.10f %.10f\n", tr, C[3][17], ft, F[10][20]);
    return 0;
}
