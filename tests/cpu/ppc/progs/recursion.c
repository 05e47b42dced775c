/* Recursion: fibonacci, ackermann, towers of hanoi. */
#include <stdio.h>
static int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
static int ack(int m, int n)
{
    if (m == 0) return n + 1;
    if (n == 0) return ack(m - 1, 1);
    return ack(m - 1, ack(m, n - 1));
}
static long moves;
static void hanoi(int n, int a, int b, int c)
{
    if (!n) return;
    hanoi(n - 1, a, c, b);
    moves++;
    hanoi(n - 1, c, b, a);
}
int main(void)
{
    printf("fib(24)=%d\n", fib(24));
    printf("ack(2,5)=%d ack(3,4)=%d\n", ack(2, 5), ack(3, 4));
    hanoi(16, 1, 2, 3);
    printf("hanoi=%ld\n", moves);
    return fib(10);
}
