/* Sieve of Eratosthenes up to 500 000, and prime statistics. i * i is
 * formed by additions (the 68000 has no 32-bit multiply: it would be a call
 * to __mulsi3). */
#include "bench.h"
enum { N = 500000, ROOT = 707 };
static char comp[N];
int main(int argc, char **argv)
{
    long reps = bench_reps(argc, argv, 420);
    long count = 0, sum = 0;
    for (long r = 0; r < reps; r++) {
        memset(comp, 0, sizeof comp);
        long sq = 4;                       /* i * i, kept up to date */
        for (long i = 2; i < N; i++) {
            if (i > 2) sq += 2 * i - 1;
            if (comp[i]) continue;
            count++;
            sum += i;
            if (i <= ROOT)
                for (long j = sq; j < N; j += i) comp[j] = 1;
        }
    }
    printf_("sieve reps=%d primes=%d sum=%d\n", reps, count, sum);
    return 0;
}
