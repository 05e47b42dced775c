/* String operations: copy, compare, reverse, case, search, tokenize. */
#include "mini.h"
static void reverse(char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n / 2; i++) {
        char t = s[i];
        s[i] = s[n - 1 - i];
        s[n - 1 - i] = t;
    }
}
static char *find(const char *h, const char *n)
{
    size_t ln = strlen(n);
    for (; *h; h++)
        if (!memcmp(h, n, ln))
            return (char *)h;
    return 0;
}
int main(void)
{
    char buf[128], b2[128];
    const char *words[] = { "motorola", "sixty", "eight", "thousand", "prefetch", "queue",
                            "exception", "vector" };
    strcpy(buf, "The quick brown fox jumps over the lazy dog");
    reverse(buf);
    puts_(buf);
    putch('\n');
    for (char *p = buf; *p; p++)
        if (*p >= 'a' && *p <= 'z')
            *p = (char)(*p - 32);
    puts_(buf);
    putch('\n');
    for (int i = 0; i < 8; i++)
        for (int j = 0; j < 8; j++) {
            int c = strcmp(words[i], words[j]);
            putch(c < 0 ? '<' : c > 0 ? '>' : '=');
            if (j == 7)
                putch('\n');
        }
    strcpy(b2, "alpha,beta,,gamma,delta");
    int n = 0;
    for (char *s = b2, *t; s; s = t) {
        t = find(s, ",");
        if (t)
            *t++ = 0;
        printf_("tok%d=[%s] len %u\n", (long)n++, s, (u32)strlen(s));
    }
    char *f = find("find the needle in the haystack", "needle");
    printf_("found at %d\n", f ? (long)(f - "find the needle in the haystack") : -1L);
    return n;
}
