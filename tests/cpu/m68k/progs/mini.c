/* mini.c — runtime for the freestanding 68000 differential programs:
 * system calls through trap #0 (Linux/m68k: d0 = number, d1.. = args),
 * buffered output, printf subset, string functions, and the libgcc helpers
 * -m68000 code calls (__mulsi3, __divsi3, __udivsi3, __modsi3, __umodsi3),
 * written with shifts and adds only because Debian's libgcc is 68020 code. */
#include "mini.h"

long sys_write(int fd, const void *buf, size_t len)
{
    register long d0 __asm__("d0") = 4;
    register long d1 __asm__("d1") = fd;
    register long d2 __asm__("d2") = (long)buf;
    register long d3 __asm__("d3") = (long)len;
    __asm__ volatile("trap #0" : "+d"(d0) : "d"(d1), "d"(d2), "d"(d3) : "memory");
    return d0;
}

static char obuf[512];
static unsigned olen;

void flush(void)
{
    if (olen)
        sys_write(1, obuf, olen);
    olen = 0;
}

void sys_exit(int code)
{
    flush();
    register long d0 __asm__("d0") = 1;
    register long d1 __asm__("d1") = code;
    __asm__ volatile("trap #0" : : "d"(d0), "d"(d1) : "memory");
    for (;;)
        ;
}

void putch(int c)
{
    obuf[olen++] = (char)c;
    if (olen == sizeof obuf || c == '\n')
        flush();
}

void puts_(const char *s)
{
    while (*s)
        putch(*s++);
}

unsigned long __udivsi3(unsigned long n, unsigned long d);
unsigned long __umodsi3(unsigned long n, unsigned long d);
long __divsi3(long n, long d);
long __modsi3(long n, long d);
unsigned long __mulsi3(unsigned long a, unsigned long b);

static unsigned long udivmod(unsigned long n, unsigned long d, unsigned long *rem)
{
    unsigned long q = 0, r = 0;
    if (!d) {
        *rem = n;
        return 0xffffffffUL;
    }
    for (int i = 31; i >= 0; i--) {
        r = (r << 1) | ((n >> i) & 1);
        if (r >= d) {
            r -= d;
            q |= 1UL << i;
        }
    }
    *rem = r;
    return q;
}

unsigned long __udivsi3(unsigned long n, unsigned long d)
{
    unsigned long r;
    return udivmod(n, d, &r);
}

unsigned long __umodsi3(unsigned long n, unsigned long d)
{
    unsigned long r;
    udivmod(n, d, &r);
    return r;
}

long __divsi3(long n, long d)
{
    int neg = (n < 0) != (d < 0);
    unsigned long r, q = udivmod(n < 0 ? -(unsigned long)n : (unsigned long)n,
                                  d < 0 ? -(unsigned long)d : (unsigned long)d, &r);
    return neg ? -(long)q : (long)q;
}

long __modsi3(long n, long d)
{
    unsigned long r;
    udivmod(n < 0 ? -(unsigned long)n : (unsigned long)n,
            d < 0 ? -(unsigned long)d : (unsigned long)d, &r);
    return n < 0 ? -(long)r : (long)r;
}

unsigned long __mulsi3(unsigned long a, unsigned long b)
{
    unsigned long r = 0;
    while (b) {
        if (b & 1)
            r += a;
        a <<= 1;
        b >>= 1;
    }
    return r;
}

void print_uint(unsigned long v)
{
    char b[12];
    int n = 0;
    do {
        unsigned long r;
        v = udivmod(v, 10, &r);
        b[n++] = (char)('0' + r);
    } while (v);
    while (n)
        putch(b[--n]);
}

void print_int(long v)
{
    if (v < 0) {
        putch('-');
        print_uint(-(unsigned long)v);
    } else {
        print_uint((unsigned long)v);
    }
}

void print_hex(unsigned long v, int digits)
{
    for (int i = digits - 1; i >= 0; i--)
        putch("0123456789abcdef"[(v >> (4 * i)) & 15]);
}

void printf_(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            putch(*fmt);
            continue;
        }
        switch (*++fmt) {
        case 'd': print_int(va_arg(ap, long)); break;
        case 'u': print_uint(va_arg(ap, unsigned long)); break;
        case 'x': print_hex(va_arg(ap, unsigned long), 8); break;
        case 'c': putch(va_arg(ap, int)); break;
        case 's': puts_(va_arg(ap, const char *)); break;
        case '%': putch('%'); break;
        default: putch('?'); break;
        }
    }
    va_end(ap);
}

void *memcpy(void *d, const void *s, size_t n)
{
    u8 *dp = d;
    const u8 *sp = s;
    while (n--)
        *dp++ = *sp++;
    return d;
}

void *memmove(void *d, const void *s, size_t n)
{
    u8 *dp = d;
    const u8 *sp = s;
    if (dp < sp) {
        while (n--)
            *dp++ = *sp++;
    } else {
        while (n--)
            dp[n] = sp[n];
    }
    return d;
}

void *memset(void *d, int c, size_t n)
{
    u8 *dp = d;
    while (n--)
        *dp++ = (u8)c;
    return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const u8 *x = a, *y = b;
    for (; n; n--, x++, y++)
        if (*x != *y)
            return *x - *y;
    return 0;
}

size_t strlen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

int strcmp(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return (u8)*a - (u8)*b;
}

char *strcpy(char *d, const char *s)
{
    char *r = d;
    while ((*d++ = *s++))
        ;
    return r;
}

u32 rnd(u32 *state)
{
    *state = *state * 1103515245UL + 12345UL;
    return *state >> 8;
}
