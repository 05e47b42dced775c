/* Linked lists: build, reverse, merge-sort a singly linked list. */
#include <stdio.h>
#include <stdlib.h>
struct node { int v; struct node *next; };
static struct node *merge(struct node *a, struct node *b)
{
    struct node h, *t = &h;
    while (a && b) { if (a->v <= b->v) { t->next = a; a = a->next; } else { t->next = b; b = b->next; } t = t->next; }
    t->next = a ? a : b;
    return h.next;
}
static struct node *sort(struct node *l)
{
    if (!l || !l->next) return l;
    struct node *slow = l, *fast = l->next;
    while (fast && fast->next) { slow = slow->next; fast = fast->next->next; }
    struct node *r = slow->next; slow->next = NULL;
    return merge(sort(l), sort(r));
}
int main(void)
{
    struct node *l = NULL;
    unsigned s = 99;
    for (int i = 0; i < 2000; i++) { struct node *n = malloc(sizeof *n); s = s * 1103515245u + 12345u; n->v = (int)(s >> 16) % 10000; n->next = l; l = n; }
    l = sort(l);
    struct node *prev = NULL, *cur = l;
    while (cur) { struct node *nx = cur->next; cur->next = prev; prev = cur; cur = nx; }
    l = prev;
    int i = 0; long h = 0;
    for (struct node *n = l; n; n = n->next, i++) { h = h * 17 + n->v; if (i < 5) printf("%d ", n->v); }
    printf("\n%d %ld\n", i, h);
    while (l) { struct node *n = l->next; free(l); l = n; }
    return 0;
}
