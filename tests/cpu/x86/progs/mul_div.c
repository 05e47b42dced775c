/* Widening multiply, division by constants (magic numbers), mixed sizes. */
#include <stdio.h>
#include <stdint.h>
int main(void)
{
    uint32_t acc = 0;
    for (uint32_t i = 1; i < 20000; i += 7) {
        uint64_t w = (uint64_t)i * 2654435761u;
        acc += (uint32_t)(w >> 32) ^ (uint32_t)w;
        acc += i / 3 + i / 7 + i / 10 + i / 1000 + i % 13;
        int32_t s = -(int32_t)i;
        acc += (uint32_t)(s / 5) + (uint32_t)(s % 9);
        int16_t h = (int16_t)(i * 3);
        int8_t b = (int8_t)i;
        acc += (uint32_t)(h * b) + (uint32_t)(uint16_t)(h >> 2);
    }
    printf("%u\n", acc);
    return 0;
}
