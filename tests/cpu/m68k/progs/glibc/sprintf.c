/* snprintf/sscanf/strtol/strtod/atoi round trips. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(void)
{
    char buf[128];
    int total = 0;
    for (int i = -5; i <= 5; i++) {
        snprintf(buf, sizeof buf, "%d %x %o %5.2f %-6s|%+d", i * 1234, i * 1234 & 0xffff,
                 i & 0777, i / 3.0, i < 0 ? "neg" : "pos", i);
        total += (int)strlen(buf);
        puts(buf);
    }
    int a;
    double d;
    char w[16];
    int n = sscanf("42 3.75e2 word", "%d %lf %15s", &a, &d, w);
    printf("sscanf %d: %d %g %s\n", n, a, d, w);
    printf("strtol %ld %ld %lu\n", strtol("-0x1F", NULL, 16), strtol("777", NULL, 8),
           strtoul("4294967295", NULL, 10));
    char *end;
    double x = strtod("  -12.5e-3xyz", &end);
    printf("strtod %.10g rest '%s' atoi %d atof %g\n", x, end, atoi("  123abc"), atof("0.125"));
    printf("%.20f\n%.0f\n%e\n", 0.1, 1e22, 123456.789e-200);
    return total & 0xff;
}
