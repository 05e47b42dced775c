/* Structures by value, arrays of structs, unaligned packed members. */
#include <stdio.h>
#include <string.h>
struct v3 { double x, y, z; };
struct __attribute__((packed)) pk { char c; int i; short s; long long l; };
static struct v3 add(struct v3 a, struct v3 b) { return (struct v3){ a.x + b.x, a.y + b.y, a.z + b.z }; }
static struct v3 cross(struct v3 a, struct v3 b)
{ return (struct v3){ a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x }; }
int main(void)
{
    struct v3 acc = { 0, 0, 0 }, u = { 1, 2, 3 }, w = { -2, 0.5, 4 };
    for (int i = 0; i < 50; i++) { acc = add(acc, cross(u, w)); u = add(u, (struct v3){ 0.1, -0.2, 0.05 }); }
    printf("%.6f %.6f %.6f\n", acc.x, acc.y, acc.z);
    struct pk p[4];
    memset(p, 0, sizeof p);
    for (int i = 0; i < 4; i++) { p[i].c = (char)('a' + i); p[i].i = i * 100000; p[i].s = (short)(-i); p[i].l = (long long)i << 40; }
    long long s = 0;
    for (int i = 0; i < 4; i++) s += p[i].i + p[i].s + p[i].l + p[i].c;
    printf("sizeof=%zu s=%lld\n", sizeof(struct pk), s);
    return (int)(s & 0x7f);
}
