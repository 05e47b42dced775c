/* Sieve of Eratosthenes and prime statistics. */
#include <stdio.h>
#include <string.h>
int main(void)
{
    enum { N = 200000 };
    static char comp[N];
    memset(comp, 0, sizeof comp);
    int count = 0;
    long sum = 0;
    for (int i = 2; i < N; i++) {
        if (comp[i]) continue;
        count++;
        sum += i;
        if ((long long)i * i < N) for (int j = i * i; j < N; j += i) comp[j] = 1;
    }
    printf("primes=%d sum=%ld\n", count, sum);
    return count % 100;
}
