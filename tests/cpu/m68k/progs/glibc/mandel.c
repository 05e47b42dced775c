/* Mandelbrot set in doubles, printed as ASCII. */
#include <stdio.h>
int main(void)
{
    int total = 0;
    for (int y = -12; y <= 12; y++) {
        for (int x = -39; x <= 20; x++) {
            double cr = x / 20.0, ci = y / 10.0, zr = 0, zi = 0;
            int it = 0;
            while (it < 200 && zr * zr + zi * zi < 4) {
                double t = zr * zr - zi * zi + cr;
                zi = 2 * zr * zi + ci;
                zr = t;
                it++;
            }
            total += it;
            putchar(" .:-=+*#%@"[it % 10]);
        }
        putchar('\n');
    }
    printf("total %d\n", total);
    return total & 0xff;
}
