/* Direct string instructions: rep movsb/movsl/stosl, repne scasb, repe cmpsb, std. */
#include <stdio.h>
int main(void)
{
    static char src[300], dst[300];
    for (int i = 0; i < 300; i++) src[i] = (char)(i * 7);
    void *d = dst, *s = src; int c = 300;
    __asm__ volatile("rep movsb" : "+D"(d), "+S"(s), "+c"(c) : : "memory");
    unsigned words[64]; void *w = words; c = 64;
    __asm__ volatile("rep stosl" : "+D"(w), "+c"(c) : "a"(0xdeadbeef) : "memory");
    const char *str = "find the x here"; const void *p = str; c = 100;
    __asm__ volatile("repne scasb" : "+D"(p), "+c"(c) : "a"('x') : "memory");
    int pos = (int)((const char *)p - str) - 1;
    const void *a = src, *b = dst; c = 300; unsigned char eq;
    __asm__ volatile("repe cmpsb; sete %3" : "+S"(a), "+D"(b), "+c"(c), "=q"(eq) : : "memory");
    char rev[8] = "abcdefg"; char out[8] = { 0 }; void *ds = out + 6; const void *ss = rev + 6; c = 7;
    __asm__ volatile("std; rep movsb; cld" : "+D"(ds), "+S"(ss), "+c"(c) : : "memory");
    int sum = 0; for (int i = 0; i < 300; i++) sum += (unsigned char)dst[i];
    printf("%d %08x %d %d %s\n", sum, words[63], pos, eq, out);
    return 0;
}
