/* String functions: strlen strcpy strcat strcmp strncmp strchr strrchr strstr
 * strtok memcpy memmove memset memcmp strspn strcspn toupper. */
#include <stdio.h>
#include <string.h>
#include <ctype.h>
int main(void)
{
    char buf[256], tmp[256];
    strcpy(buf, "The quick brown fox");
    strcat(buf, " jumps over the lazy dog");
    printf("len %zu cmp %d %d %d\n", strlen(buf), strcmp(buf, "The"), strncmp(buf, "The", 3),
           strcmp("abc", "abd"));
    printf("chr %s rchr %s str %s\n", strchr(buf, 'q'), strrchr(buf, 'o'), strstr(buf, "fox"));
    strcpy(tmp, buf);
    int n = 0;
    for (char *t = strtok(tmp, " "); t; t = strtok(NULL, " "))
        printf("[%s]", t), n++;
    printf(" %d words\n", n);
    memmove(buf + 4, buf, 20);
    printf("memmove: %.30s\n", buf);
    memset(buf, '*', 10);
    printf("memset: %.20s cmp %d\n", buf, memcmp(buf, "**********x", 11) > 0);
    printf("spn %zu cspn %zu\n", strspn("aaabbbccc", "ab"), strcspn("hello, world", ",;"));
    for (char *p = tmp; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    printf("upper %s\n", tmp);
    static char big[10000];
    for (int i = 0; i < 9999; i++)
        big[i] = (char)('a' + i % 26);
    memcpy(big + 1, big + 5000, 3000);
    unsigned h = 0;
    for (int i = 0; i < 9999; i++)
        h = h * 31 + (unsigned char)big[i];
    printf("hash %08x\n", h);
    return n;
}
