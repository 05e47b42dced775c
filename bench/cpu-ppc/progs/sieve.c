/* Sieve of Eratosthenes up to 2 million, and prime statistics. */
#include "bench.h"
#include <string.h>
enum { N = 2000000 };
static char comp[N];
int main(int argc, char **argv)
{
    long reps = bench_reps(argc, argv, 90);
    long count = 0, sum = 0;
    for (long r = 0; r < reps; r++) {
        memset(comp, 0, sizeof comp);
        for (int i = 2; i < N; i++) {
            if (comp[i]) continue;
            count++;
            sum += i;
            if ((long long)i * i < N) for (int j = i * i; j < N; j += i) comp[j] = 1;
        }
    }
    printf("sieve reps=%ld primes=%ld sum=%ld\n", reps, count, sum);
    return 0;
}
