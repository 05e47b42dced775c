/* A table-driven tokenizer and a switch-based expression evaluator. */
#include "mini.h"
static const char *src = "12 + 34 * (5 - 2) / 3 - 7 * (8 + 9) % 5 + 100 / (3 + 4 * (2 - 1))";
static const char *p;
static long expr(void);
static void ws(void) { while (*p == ' ') p++; }
static long atom(void)
{
    ws();
    if (*p == '(') { p++; long v = expr(); ws(); p++; return v; }
    if (*p == '-') { p++; return -atom(); }
    long v = 0;
    while (*p >= '0' && *p <= '9') v = v * 10 + (*p++ - '0');
    return v;
}
static long term(void)
{
    long v = atom();
    for (;;) {
        ws();
        switch (*p) {
        case '*': p++; v *= atom(); break;
        case '/': p++; { long d = atom(); v = d ? v / d : 0; } break;
        case '%': p++; { long d = atom(); v = d ? v % d : 0; } break;
        default: return v;
        }
    }
}
static long expr(void)
{
    long v = term();
    for (;;) {
        ws();
        switch (*p) {
        case '+': p++; v += term(); break;
        case '-': p++; v -= term(); break;
        default: return v;
        }
    }
}
int main(void)
{
    int counts[8] = { 0 };
    for (const char *q = src; *q; q++) {
        switch (*q) {
        case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': case '8': case '9': counts[0]++; break;
        case '+': counts[1]++; break;
        case '-': counts[2]++; break;
        case '*': counts[3]++; break;
        case '/': counts[4]++; break;
        case '(': case ')': counts[5]++; break;
        case ' ': counts[6]++; break;
        default: counts[7]++; break;
        }
    }
    for (int i = 0; i < 8; i++) printf_("%d ", (long)counts[i]);
    p = src;
    long v = expr();
    long s = 0;
    for (int r = 0; r < 200; r++) { p = src; s += expr() ^ r; }
    printf_("\n= %d (%d)\n", v, s);
    return (int)(v & 0xff);
}
