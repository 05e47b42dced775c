/* Parsing numbers: strtol/strtoul/strtod/atoi/sscanf. */
#include <stdio.h>
#include <stdlib.h>
int main(void)
{
    const char *s[] = { "123", "-456", "0x7fffffff", "0777", "  +89xyz", "99999999999", "-0" };
    long acc = 0;
    for (unsigned i = 0; i < sizeof s / sizeof s[0]; i++) {
        char *end;
        long v = strtol(s[i], &end, 0);
        unsigned long u = strtoul(s[i], NULL, 10);
        printf("%s -> %ld (%lu) rest='%s'\n", s[i], v, u, end);
        acc += v;
    }
    const char *d[] = { "3.25", "-1e10", "1e-5", "0.1", "nan", "inf", "2.2250738585072014e-308" };
    for (unsigned i = 0; i < sizeof d / sizeof d[0]; i++)
        printf("%s -> %.17g\n", d[i], strtod(d[i], NULL));
    int a, b;
    float f;
    char w[16];
    int n = sscanf("12 34 5.5 word", "%d %d %f %15s", &a, &b, &f, w);
    printf("n=%d %d %d %g %s atoi=%d\n", n, a, b, (double)f, w, atoi("-77"));
    return (int)(acc & 0x7f);
}
