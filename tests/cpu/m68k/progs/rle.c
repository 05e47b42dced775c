/* Run-length encoding and decoding; rot13 and a Caesar cipher round trip. */
#include "mini.h"
static int rle(const u8 *in, int n, u8 *out)
{
    int o = 0;
    for (int i = 0; i < n;) {
        int j = i;
        while (j < n && in[j] == in[i] && j - i < 255) j++;
        out[o++] = (u8)(j - i); out[o++] = in[i];
        i = j;
    }
    return o;
}
static int unrle(const u8 *in, int n, u8 *out)
{
    int o = 0;
    for (int i = 0; i < n; i += 2) for (int k = 0; k < in[i]; k++) out[o++] = in[i + 1];
    return o;
}
int main(void)
{
    static u8 data[4000], enc[8000], dec[4000];
    u32 seed = 4;
    for (int i = 0; i < 4000;) { u8 v = (u8)(rnd(&seed) & 7); int len = (int)(rnd(&seed) % 20) + 1; while (len-- && i < 4000) data[i++] = v; }
    int e = rle(data, 4000, enc), d = unrle(enc, e, dec);
    printf_("rle %d -> %d -> %d same=%d\n", 4000L, (long)e, (long)d, (long)!memcmp(data, dec, 4000));
    /* static: gcc 12 -m68000 initialises a char array on the stack with
     * move.l to an odd offset, which a real 68000 (and wirewrap) faults on. */
    static char msg[] = "Hello, Motorola 68000 World!";
    for (char *q = msg; *q; q++) {
        if (*q >= 'a' && *q <= 'z') *q = (char)('a' + (*q - 'a' + 13) % 26);
        else if (*q >= 'A' && *q <= 'Z') *q = (char)('A' + (*q - 'A' + 13) % 26);
    }
    printf_("%s\n", msg);
    return e & 0xff;
}
