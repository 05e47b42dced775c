/* Recursion: Ackermann, Fibonacci, Towers of Hanoi, mutual recursion. */
#include <stdio.h>
static int ack(int m, int n) { return m == 0 ? n + 1 : n == 0 ? ack(m - 1, 1) : ack(m - 1, ack(m, n - 1)); }
static long fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
static int moves;
static void hanoi(int n, int a, int b, int c) { if (!n) return; hanoi(n - 1, a, c, b); moves++; hanoi(n - 1, c, b, a); }
static int is_odd(int n);
static int is_even(int n) { return n == 0 ? 1 : is_odd(n - 1); }
static int is_odd(int n) { return n == 0 ? 0 : is_even(n - 1); }
int main(void)
{
    printf("ack(2,3)=%d ack(3,4)=%d\n", ack(2, 3), ack(3, 4));
    printf("fib(25)=%ld\n", fib(25));
    hanoi(16, 1, 2, 3);
    printf("hanoi moves=%d\n", moves);
    printf("even(1001)=%d\n", is_even(1001));
    return 0;
}
