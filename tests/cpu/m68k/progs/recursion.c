/* Recursion: Fibonacci, Ackermann, Towers of Hanoi, mutual recursion. */
#include "mini.h"
static long fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
static long ack(long m, long n)
{
    if (!m) return n + 1;
    if (!n) return ack(m - 1, 1);
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
static int is_odd(unsigned n);
static int is_even(unsigned n) { return n == 0 ? 1 : is_odd(n - 1); }
static int is_odd(unsigned n) { return n == 0 ? 0 : is_even(n - 1); }
int main(void)
{
    for (int i = 0; i <= 22; i += 2)
        printf_("fib(%d)=%d\n", (long)i, fib(i));
    printf_("ack(2,3)=%d ack(3,3)=%d\n", ack(2, 3), ack(3, 3));
    hanoi(14, 1, 2, 3);
    printf_("hanoi(14)=%d\n", moves);
    printf_("even(777)=%d odd(778)=%d\n", (long)is_even(777), (long)is_odd(778));
    return (int)(fib(15) & 0xff);
}
