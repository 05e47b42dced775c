/* Sieve of Eratosthenes, twin primes, prime gaps. */
#include "mini.h"
static u8 comp[40000];
int main(void)
{
    int n = 40000, count = 0, twins = 0, last = 2, gap = 0;
    for (int i = 2; i * i < n; i++)
        if (!comp[i])
            for (int j = i * i; j < n; j += i) comp[j] = 1;
    for (int i = 2; i < n; i++)
        if (!comp[i]) {
            count++;
            if (i - last == 2) twins++;
            if (i - last > gap) gap = i - last;
            last = i;
        }
    printf_("primes<%d: %d twins %d maxgap %d last %d\n", (long)n, (long)count, (long)twins,
            (long)gap, (long)last);
    return count & 0xff;
}
