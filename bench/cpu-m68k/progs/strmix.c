/* strmix — C library string and conversion work for bench/cpu-m68k:
 * snprintf of integers and doubles, strtod/strtol back, memcpy, strstr,
 * strlen. argv[1] scales the work (default 100: 1-2 s under
 * qemu-m68k). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(int argc, char **argv)
{
    int scale = argc > 1 ? atoi(argv[1]) : 100;
    static char buf[64 * 1024], line[128];
    double dsum = 0;
    long isum = 0, found = 0;
    for (int rep = 0; rep < scale; rep++) {
        size_t pos = 0;
        for (int i = 0; i < 2000; i++) {
            int n = snprintf(line, sizeof line, "%d:%x:%.6g;", i * 37 - 5000, i * 101,
                             i * 0.123456789);
            memcpy(buf + pos, line, (size_t)n);
            pos += (size_t)n;
        }
        buf[pos] = 0;
        for (char *p = buf; *p;) {
            char *end;
            isum += strtol(p, &end, 10);
            p = end + 1;
            isum += strtol(p, &end, 16);
            p = end + 1;
            dsum += strtod(p, &end);
            p = end + 1;
        }
        for (char *p = buf; (p = strstr(p, "7:")); p += 2)
            found++;
        isum += (long)strlen(buf);
    }
    printf("strmix %d: isum %ld dsum %.6f found %ld\n", scale, isum, dsum, found);
    return 0;
}
