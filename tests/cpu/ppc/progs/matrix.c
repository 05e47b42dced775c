/* Double-precision matrix multiply and determinant by elimination. */
#include <stdio.h>
int main(void)
{
    enum { N = 24 };
    static double a[N][N], b[N][N], c[N][N];
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            a[i][j] = (i * 3 + j * 7) % 11 - 5 + 0.25 * (i == j);
            b[i][j] = (i + 1.0) / (j + 2.0);
        }
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            double s = 0;
            for (int k = 0; k < N; k++) s += a[i][k] * b[k][j];
            c[i][j] = s;
        }
    double tr = 0;
    for (int i = 0; i < N; i++) tr += c[i][i];
    double det = 1;
    for (int i = 0; i < N; i++) {
        int p = i;
        for (int r = i + 1; r < N; r++) if ((a[r][i] < 0 ? -a[r][i] : a[r][i]) > (a[p][i] < 0 ? -a[p][i] : a[p][i])) p = r;
        if (p != i) { for (int k = 0; k < N; k++) { double t = a[i][k]; a[i][k] = a[p][k]; a[p][k] = t; } det = -det; }
        det *= a[i][i];
        for (int r = i + 1; r < N; r++) {
            double f = a[r][i] / a[i][i];
            for (int k = i; k < N; k++) a[r][k] -= f * a[i][k];
        }
    }
    printf("trace=%.10e det=%.10e\n", tr, det);
    return 0;
}
