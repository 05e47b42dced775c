/* Jump tables (bctr) and function pointers (bctrl). */
#include <stdio.h>
static int f0(int x) { return x + 1; }
static int f1(int x) { return x * 3; }
static int f2(int x) { return x ^ 0x55; }
static int f3(int x) { return x - 7; }
static int (*const fns[])(int) = { f0, f1, f2, f3 };
static int sw(int op, int x)
{
    switch (op) {
    case 0: return x + 11; case 1: return x * 5; case 2: return x / 3; case 3: return x % 17;
    case 4: return -x; case 5: return x << 2; case 6: return x >> 1; case 7: return ~x;
    case 8: return x & 0xff; case 9: return x | 0x100; default: return 0;
    }
}
int main(void)
{
    int x = 1;
    for (int i = 0; i < 10000; i++) {
        x = sw(i % 11, x) & 0xffff;
        x = fns[(unsigned)x % 4](x) & 0xffff;
    }
    printf("x=%d\n", x);
    return x & 0x7f;
}
