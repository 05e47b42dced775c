/* Base64 encode and decode round trip. */
#include "mini.h"
static const char al[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static int enc(const u8 *in, int n, char *out)
{
    int o = 0;
    for (int i = 0; i < n; i += 3) {
        u32 v = (u32)in[i] << 16 | (i + 1 < n ? (u32)in[i + 1] << 8 : 0) | (i + 2 < n ? in[i + 2] : 0);
        out[o++] = al[v >> 18 & 63]; out[o++] = al[v >> 12 & 63];
        out[o++] = i + 1 < n ? al[v >> 6 & 63] : '='; out[o++] = i + 2 < n ? al[v & 63] : '=';
    }
    out[o] = 0;
    return o;
}
static int val(char c) { for (int i = 0; i < 64; i++) if (al[i] == c) return i; return -1; }
static int dec(const char *in, u8 *out)
{
    int o = 0;
    for (; in[0]; in += 4) {
        u32 v = (u32)val(in[0]) << 18 | (u32)val(in[1]) << 12;
        if (in[2] != '=') v |= (u32)val(in[2]) << 6;
        if (in[3] != '=') v |= (u32)val(in[3]);
        out[o++] = (u8)(v >> 16);
        if (in[2] != '=') out[o++] = (u8)(v >> 8);
        if (in[3] != '=') out[o++] = (u8)v;
    }
    return o;
}
int main(void)
{
    static u8 data[700], back[700];
    static char txt[1000];
    u32 seed = 9;
    for (int i = 0; i < 700; i++) data[i] = (u8)rnd(&seed);
    int ok = 0;
    for (int n = 1; n <= 700; n += 37) {
        enc(data, n, txt);
        int m = dec(txt, back);
        ok += m == n && !memcmp(data, back, (size_t)n);
    }
    enc((const u8 *)"Motorola 68000", 14, txt);
    printf_("%s ok=%d\n", txt, (long)ok);
    enc(data, 40, txt);
    printf_("%s\n", txt);
    return ok;
}
