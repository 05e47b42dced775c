/* malloc/realloc/free/calloc with a linked list and a growing array. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
struct node { struct node *next; int v; char name[20]; };
int main(void)
{
    struct node *head = NULL;
    for (int i = 0; i < 2000; i++) {
        struct node *n = malloc(sizeof *n);
        n->v = i * 7 % 1001;
        snprintf(n->name, sizeof n->name, "n%d", i);
        n->next = head;
        head = n;
    }
    long sum = 0;
    int cnt = 0;
    for (struct node *p = head; p; p = p->next)
        sum += p->v, cnt++;
    while (head) {
        struct node *n = head->next;
        free(head);
        head = n;
    }
    int *arr = NULL;
    size_t cap = 0, len = 0;
    for (int i = 0; i < 50000; i++) {
        if (len == cap) {
            cap = cap ? cap * 2 : 4;
            arr = realloc(arr, cap * sizeof *arr);
        }
        arr[len++] = i ^ (i >> 3);
    }
    long s2 = 0;
    for (size_t i = 0; i < len; i++)
        s2 += arr[i];
    free(arr);
    char *z = calloc(1000, 1);
    int zeros = 0;
    for (int i = 0; i < 1000; i++)
        zeros += z[i] == 0;
    free(z);
    printf("cnt %d sum %ld s2 %ld cap %zu zeros %d\n", cnt, sum, s2, cap, zeros);
    return (int)(sum % 256);
}
