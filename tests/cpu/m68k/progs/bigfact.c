/* Big-number factorial (base 10000 digits) and powers of two in decimal. */
#include "mini.h"
static unsigned short dig[200];
static int nd;
static void mul(unsigned m)
{
    u32 carry = 0;
    for (int i = 0; i < nd; i++) { u32 v = (u32)dig[i] * m + carry; dig[i] = (unsigned short)(v % 10000); carry = v / 10000; }
    while (carry) { dig[nd++] = (unsigned short)(carry % 10000); carry /= 10000; }
}
static void show(void)
{
    print_uint(dig[nd - 1]);
    for (int i = nd - 2; i >= 0; i--) { u32 v = dig[i]; putch('0' + (int)(v / 1000)); putch('0' + (int)(v / 100 % 10)); putch('0' + (int)(v / 10 % 10)); putch('0' + (int)(v % 10)); }
    putch('\n');
}
int main(void)
{
    nd = 1; dig[0] = 1;
    for (unsigned i = 2; i <= 100; i++) mul(i);
    show();
    nd = 1; dig[0] = 1;
    for (int i = 0; i < 200; i++) mul(2);
    show();
    return nd;
}
