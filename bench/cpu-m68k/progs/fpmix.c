/* fpmix — CPU-bound floating point for bench/cpu-m68k: Mandelbrot rows, a
 * small n-body step loop and libm (sin, exp, log, pow, sqrt) in doubles.
 * argv[1] scales the work (default 30: 1.5-2.5 s under qemu-m68k here). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv)
{
    int scale = argc > 1 ? atoi(argv[1]) : 30;
    double acc = 0;
    long iters = 0;
    for (int rep = 0; rep < scale; rep++) {
        for (int y = 0; y < 60; y++)
            for (int x = 0; x < 80; x++) {
                double cr = -2.0 + x * 0.0375, ci = -1.2 + y * 0.04, zr = 0, zi = 0;
                int it = 0;
                while (it < 100 && zr * zr + zi * zi < 4) {
                    double t = zr * zr - zi * zi + cr;
                    zi = 2 * zr * zi + ci;
                    zr = t;
                    it++;
                }
                iters += it;
            }
        double px[4] = { 0, 1, 0, -1 }, py[4] = { 1, 0, -1, 0 }, vx[4] = { 0 }, vy[4] = { 0 };
        for (int step = 0; step < 2000; step++) {
            for (int i = 0; i < 4; i++)
                for (int j = 0; j < 4; j++) {
                    if (i == j)
                        continue;
                    double dx = px[j] - px[i], dy = py[j] - py[i];
                    double d2 = dx * dx + dy * dy + 0.01, inv = 1 / (d2 * sqrt(d2));
                    vx[i] += dx * inv * 1e-3;
                    vy[i] += dy * inv * 1e-3;
                }
            for (int i = 0; i < 4; i++) {
                px[i] += vx[i] * 1e-2;
                py[i] += vy[i] * 1e-2;
            }
        }
        for (int i = 1; i <= 3000; i++) {
            double x = i * 0.001;
            acc += sin(x) * exp(-x) + log(1 + x) + pow(x, 0.75);
        }
        acc += px[0] + py[3];
    }
    printf("fpmix %d: iters %ld acc %.6f\n", scale, iters, acc);
    return 0;
}
