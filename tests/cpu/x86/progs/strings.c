/* String functions: glibc's i686 string code (rep movs/stos/scas/cmps). */
#include <stdio.h>
#include <string.h>
int main(void)
{
    char buf[512], buf2[512];
    memset(buf, 'a', sizeof buf);
    buf[sizeof buf - 1] = 0;
    for (int i = 0; i < 500; i += 7)
        buf[i] = (char)('A' + i % 26);
    memcpy(buf2, buf, sizeof buf);
    memmove(buf2 + 3, buf2, 200);
    printf("%zu %zu %d\n", strlen(buf), strlen(buf2 + 100), memcmp(buf, buf2, 300));
    printf("%s\n", strchr(buf, 'Z') ? strchr(buf, 'Z') + 480 - 480 : "none");
    char *p = strstr(buf, "aaaaaH");
    printf("%td\n", p ? p - buf : -1);
    char t[64];
    strcpy(t, "hello, ");
    strcat(t, "world");
    printf("%s %d %d %d\n", t, strcmp(t, "hello"), strncmp(t, "help", 3), (int)strspn(t, "hel"));
    printf("%s\n", strrchr(t, 'o'));
    return (int)strlen(t);
}
