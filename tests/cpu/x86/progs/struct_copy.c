/* Struct copies, unions, bitfields, arrays of structs. */
#include <stdio.h>
#include <string.h>
struct rec { char name[20]; int id; double score; unsigned flag : 3, kind : 5; };
union pun { float f; unsigned u; unsigned char b[4]; };
int main(void)
{
    struct rec r[10];
    for (int i = 0; i < 10; i++) {
        snprintf(r[i].name, sizeof r[i].name, "item%02d", i);
        r[i].id = i * i; r[i].score = i / 4.0; r[i].flag = i & 7; r[i].kind = (i * 5) & 31;
    }
    struct rec t = r[3]; r[3] = r[7]; r[7] = t;
    for (int i = 0; i < 10; i++) printf("%s %d %.2f %u %u\n", r[i].name, r[i].id, r[i].score, r[i].flag, r[i].kind);
    union pun p; p.f = -1.5f;
    printf("%08x %02x%02x%02x%02x\n", p.u, p.b[0], p.b[1], p.b[2], p.b[3]);
    return 0;
}
