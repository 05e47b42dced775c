/* Double-precision matrix multiply and LU decomposition (FADD/FMUL/FDIV on
 * extended registers, FMOVE.D to memory). */
#include <stdio.h>
#define N 40
static double a[N][N], b[N][N], c[N][N];
int main(void)
{
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            a[i][j] = (i * 3 + j * 7) % 11 - 5.0 + (i == j ? N : 0);
            b[i][j] = ((i + 1) * (j + 2)) % 13 / 3.0;
        }
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            double s = 0;
            for (int k = 0; k < N; k++)
                s += a[i][k] * b[k][j];
            c[i][j] = s;
        }
    double tr = 0;
    for (int i = 0; i < N; i++)
        tr += c[i][i];
    /* LU without pivoting (a is diagonally dominant) -> determinant */
    double det = 1;
    for (int k = 0; k < N; k++) {
        det *= a[k][k];
        for (int i = k + 1; i < N; i++) {
            double f = a[i][k] / a[k][k];
            for (int j = k; j < N; j++)
                a[i][j] -= f * a[k][j];
        }
    }
    printf("trace %.10f c[3][5] %.10f det %.10e\n", tr, c[3][5], det);
    return (int)tr & 0xff;
}
