/* Heap: malloc/realloc/free patterns and a linked list. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
struct node { struct node *next; int v; char pad[20]; };
int main(void)
{
    struct node *head = NULL;
    for (int i = 0; i < 5000; i++) {
        struct node *n = malloc(sizeof *n);
        n->v = i * 7 % 1000;
        n->next = head;
        head = n;
    }
    long sum = 0;
    for (struct node *n = head; n; n = n->next) sum += n->v;
    while (head) { struct node *n = head->next; free(head); head = n; }
    char *s = NULL;
    size_t len = 0;
    for (int i = 0; i < 300; i++) {
        s = realloc(s, len + 16);
        len += (size_t)sprintf(s + len, "%d,", i);
    }
    printf("sum=%ld len=%zu tail=%s\n", sum, len, s + len - 12);
    free(s);
    void *big = malloc(1 << 20);
    memset(big, 1, 1 << 20);
    printf("big=%d\n", ((unsigned char *)big)[12345]);
    free(big);
    return (int)(sum % 128);
}
