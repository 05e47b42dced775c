/* __atomic/__sync builtins: the 68020+ CAS and CAS2 (gcc emits CAS for
 * compare-and-swap loops on the 020+). */
#include <stdio.h>
#include <stdint.h>
int main(void)
{
    int v = 0;
    unsigned short h = 100;
    unsigned char c = 1;
    for (int i = 0; i < 1000; i++) {
        __sync_fetch_and_add(&v, i);
        __sync_fetch_and_xor(&h, (unsigned short)i);
        __atomic_fetch_or(&c, (unsigned char)(1u << (i & 7)), __ATOMIC_SEQ_CST);
    }
    int expected = v;
    int ok = __atomic_compare_exchange_n(&v, &expected, 7, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    int old = __sync_val_compare_and_swap(&v, 8, 9);
    int swapped = __sync_bool_compare_and_swap(&v, 7, 11);
    printf("v %d h %u c %u ok %d old %d swapped %d\n", v, h, c, ok, old, swapped);
    return v;
}
