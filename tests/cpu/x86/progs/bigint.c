/* Arbitrary precision: 100! and 2^500 with 32-bit limbs (adc/mul chains). */
#include <stdio.h>
#include <stdint.h>
#include <string.h>
static uint32_t n[64];
static int len = 1;
static void mul_small(uint32_t m) { uint64_t c = 0; for (int i = 0; i < len; i++) { uint64_t t = (uint64_t)n[i] * m + c; n[i] = (uint32_t)t; c = t >> 32; } if (c) n[len++] = (uint32_t)c; }
static uint32_t div_small(uint32_t d) { uint64_t r = 0; for (int i = len - 1; i >= 0; i--) { uint64_t t = (r << 32) | n[i]; n[i] = (uint32_t)(t / d); r = t % d; } while (len > 1 && !n[len - 1]) len--; return (uint32_t)r; }
static void print(void) { char buf[700]; int k = 0; uint32_t save[64]; int sl = len; memcpy(save, n, sizeof n); while (len > 1 || n[0]) { buf[k++] = (char)('0' + div_small(10)); if (len == 1 && !n[0]) break; } if (!k) buf[k++] = '0'; while (k) putchar(buf[--k]); putchar('\n'); memcpy(n, save, sizeof n); len = sl; }
int main(void)
{
    memset(n, 0, sizeof n); n[0] = 1; len = 1;
    for (uint32_t i = 2; i <= 100; i++) mul_small(i);
    print();
    memset(n, 0, sizeof n); n[0] = 1; len = 1;
    for (int i = 0; i < 500; i++) mul_small(2);
    print();
    return 0;
}
