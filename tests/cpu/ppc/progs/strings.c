/* String functions: strlen/strcpy/strcat/strcmp/strchr/strstr/memcpy/memmove/memset. */
#include <stdio.h>
#include <string.h>
int main(void)
{
    char buf[256], buf2[256];
    strcpy(buf, "The quick brown fox");
    strcat(buf, " jumps over the lazy dog");
    printf("%zu %s\n", strlen(buf), buf);
    printf("%d %d %d\n", strcmp(buf, "The") > 0, strncmp(buf, "The quick", 9), strcmp("a", "b") < 0);
    printf("%s|%s|%s\n", strchr(buf, 'q'), strrchr(buf, 'o'), strstr(buf, "lazy"));
    memset(buf2, 'x', sizeof buf2);
    memcpy(buf2 + 3, buf, 20);
    buf2[40] = 0;
    printf("%s\n", buf2);
    memmove(buf + 4, buf, 30);
    buf[60] = 0;
    printf("%s\n", buf);
    for (int align = 0; align < 8; align++) {
        memset(buf2, 0, sizeof buf2);
        memset(buf2 + align, 'a' + align, 100 + align);
        memcpy(buf + align, buf2 + align, 101);
        printf("%zu ", strlen(buf2));
    }
    printf("\n%zu\n", strspn("abcabcxyz", "abc") + strcspn("hello world", " "));
    return (int)strlen(buf) & 0x7f;
}
