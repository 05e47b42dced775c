/* Base64 encode/decode round trip. */
#include <stdio.h>
#include <string.h>
static const char T[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static size_t enc(const unsigned char *in, size_t n, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = in[i] << 16 | (i + 1 < n ? in[i + 1] << 8 : 0) | (i + 2 < n ? in[i + 2] : 0);
        out[o++] = T[v >> 18]; out[o++] = T[(v >> 12) & 63];
        out[o++] = i + 1 < n ? T[(v >> 6) & 63] : '='; out[o++] = i + 2 < n ? T[v & 63] : '=';
    }
    out[o] = 0;
    return o;
}
static size_t dec(const char *in, unsigned char *out)
{
    size_t o = 0, n = strlen(in);
    for (size_t i = 0; i < n; i += 4) {
        unsigned v = 0;
        for (int k = 0; k < 4; k++) v = v << 6 | (in[i + k] == '=' ? 0 : (unsigned)(strchr(T, in[i + k]) - T));
        out[o++] = v >> 16; if (in[i + 2] != '=') out[o++] = v >> 8; if (in[i + 3] != '=') out[o++] = v;
    }
    return o;
}
int main(void)
{
    static unsigned char data[3001], back[3001];
    static char text[5000];
    for (int i = 0; i < 3001; i++) data[i] = (unsigned char)(i * 131 + 7);
    size_t e = enc(data, 3001, text);
    size_t d = dec(text, back);
    printf("enc %zu dec %zu same %d head %.24s\n", e, d, !memcmp(data, back, 3001), text);
    return (int)(e & 0xff);
}
