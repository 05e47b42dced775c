/* lwarx/stwcx. through GCC atomics, and memory barriers. */
#include <stdio.h>
int main(void)
{
    int counter = 0, flags = 0;
    for (int i = 0; i < 10000; i++) {
        __atomic_fetch_add(&counter, 3, __ATOMIC_SEQ_CST);
        __atomic_fetch_xor(&flags, i, __ATOMIC_ACQ_REL);
        int expected = counter;
        __atomic_compare_exchange_n(&counter, &expected, expected - 1, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    }
    int old = __atomic_exchange_n(&flags, 7, __ATOMIC_SEQ_CST);
    __sync_synchronize();
    printf("counter=%d old=%d flags=%d\n", counter, old, flags);
    return counter & 0x7f;
}
