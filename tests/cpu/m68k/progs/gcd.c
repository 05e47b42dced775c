/* GCD (Euclid and binary), LCM, modular exponentiation with a small modulus. */
#include "mini.h"
static u32 gcd(u32 a, u32 b) { while (b) { u32 t = a % b; a = b; b = t; } return a; }
static u32 bgcd(u32 a, u32 b)
{
    if (!a) return b;
    if (!b) return a;
    int s = 0;
    while (!((a | b) & 1)) { a >>= 1; b >>= 1; s++; }
    while (!(a & 1)) a >>= 1;
    do { while (!(b & 1)) b >>= 1; if (a > b) { u32 t = a; a = b; b = t; } b -= a; } while (b);
    return a << s;
}
static u32 modpow(u32 b, u32 e, u32 m)
{
    u32 r = 1;
    b %= m;
    while (e) { if (e & 1) r = r * b % m; b = b * b % m; e >>= 1; }
    return r;
}
int main(void)
{
    u32 seed = 21, h = 0, mism = 0;
    for (int i = 0; i < 2000; i++) {
        u32 a = rnd(&seed), b = rnd(&seed) & 0xffff;
        u32 g = gcd(a, b);
        if (g != bgcd(a, b)) mism++;
        h = h * 3 + g;
    }
    printf_("gcd hash %x mismatches %u\n", h, mism);
    u32 l = 1;
    for (u32 i = 1; i <= 20; i++) l = l / gcd(l, i) * i;
    printf_("lcm=%u\n", l);
    for (u32 p = 3; p < 60000; p += 7919) printf_("2^%u mod 65521 = %u\n", p, modpow(2, p, 65521));
    return (int)(l & 0xff);
}
