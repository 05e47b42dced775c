/* Struct copy, arrays of structs, passing and returning structs by value,
 * unions, pointer arithmetic. */
#include <stdio.h>
#include <string.h>
typedef struct { int id; double w; char tag[6]; short s; } item;
typedef struct { item a, b; long sum; } pair;
static pair mk(int i) { pair p; memset(&p, 0, sizeof p); p.a.id = i; p.a.w = i * 0.5; p.b = p.a; p.b.id = -i; strcpy(p.a.tag, "abc"); p.sum = i * 3; return p; }
static long use(pair p) { return p.a.id - p.b.id + (long)(p.a.w * 4) + p.sum + p.a.tag[1]; }
union u { double d; unsigned char c[8]; unsigned int w[2]; };
int main(void)
{
    long t = 0;
    pair arr[50];
    for (int i = 0; i < 50; i++) arr[i] = mk(i);
    for (int i = 0; i < 50; i++) t += use(arr[i]);
    union u x; x.d = -1.5;
    printf("t %ld sizeof(item) %zu union %08x %08x %02x\n", t, sizeof(item), x.w[0], x.w[1], x.c[0]);
    item *p = &arr[10].a, *q = &arr[20].b;
    printf("diff %ld\n", (long)((char *)q - (char *)p));
    return (int)(t & 0xff);
}
