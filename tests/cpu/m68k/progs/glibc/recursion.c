/* Recursion: Ackermann, Fibonacci, Towers of Hanoi, permutations. */
#include <stdio.h>
static int ack(int m, int n) { return m == 0 ? n + 1 : n == 0 ? ack(m - 1, 1) : ack(m - 1, ack(m, n - 1)); }
static long fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
static long moves;
static void hanoi(int n, int a, int b, int c) { if (n) { hanoi(n - 1, a, c, b); moves++; hanoi(n - 1, c, b, a); } }
static int perm[9], used[9], count;
static void permute(int k, int n)
{
    if (k == n) { if (perm[0] < perm[n - 1]) count++; return; }
    for (int i = 0; i < n; i++)
        if (!used[i]) { used[i] = 1; perm[k] = i; permute(k + 1, n); used[i] = 0; }
}
int main(void)
{
    hanoi(16, 1, 2, 3);
    permute(0, 8);
    printf("ack(2,9)=%d fib(24)=%ld hanoi %ld perms %d\n", ack(2, 9), fib(24), moves, count);
    return (int)(fib(20) & 0xff);
}
