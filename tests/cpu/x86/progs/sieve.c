/* Sieve of Eratosthenes. */
#include <stdio.h>
#include <string.h>
int main(void)
{
    enum { N = 200000 };
    static char comp[N + 1];
    memset(comp, 0, sizeof comp);
    int count = 0, last = 0;
    for (int i = 2; i <= N; i++) {
        if (comp[i]) continue;
        count++; last = i;
        for (long long j = (long long)i * i; j <= N; j += i) comp[j] = 1;
    }
    printf("%d primes below %d, last %d\n", count, N, last);
    return count % 256;
}
