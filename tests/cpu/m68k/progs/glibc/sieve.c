/* Sieve of Eratosthenes up to 2,000,000 and a prime-gap histogram. */
#include <stdio.h>
#include <string.h>
static unsigned char comp[2000001];
int main(void)
{
    int n = 2000000, count = 0, last = 2, maxgap = 0, gaps[8] = { 0 };
    for (int i = 2; (long)i * i <= n; i++)
        if (!comp[i])
            for (int j = i * i; j <= n; j += i)
                comp[j] = 1;
    for (int i = 2; i <= n; i++)
        if (!comp[i]) {
            count++;
            int g = i - last;
            if (g > maxgap) maxgap = g;
            if (g / 2 < 8) gaps[g / 2]++;
            last = i;
        }
    printf("primes %d maxgap %d gaps", count, maxgap);
    for (int i = 0; i < 8; i++) printf(" %d", gaps[i]);
    printf("\n");
    return count & 0xff;
}
