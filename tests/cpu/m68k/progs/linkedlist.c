/* Linked lists from a static pool: build, reverse, merge sorted, delete. */
#include "mini.h"
struct node { long v; struct node *next; };
static struct node pool[2000];
static int used;
static struct node *mk(long v, struct node *n) { struct node *p = &pool[used++]; p->v = v; p->next = n; return p; }
static struct node *rev(struct node *h)
{
    struct node *r = 0;
    while (h) { struct node *n = h->next; h->next = r; r = h; h = n; }
    return r;
}
static struct node *merge(struct node *a, struct node *b)
{
    struct node head, *t = &head;
    while (a && b) { if (a->v <= b->v) { t->next = a; a = a->next; } else { t->next = b; b = b->next; } t = t->next; }
    t->next = a ? a : b;
    return head.next;
}
int main(void)
{
    struct node *a = 0, *b = 0;
    for (long i = 500; i > 0; i--) a = mk(i * 3, a);
    for (long i = 600; i > 0; i--) b = mk(i * 5 - 2, b);
    struct node *m = merge(a, b);
    long sum = 0, n = 0;
    for (struct node *p = m; p; p = p->next) { sum += p->v * (n & 7); n++; }
    m = rev(m);
    printf_("n=%d sum=%d first=%d\n", n, sum, m->v);
    struct node **pp = &m;
    while (*pp) { if ((*pp)->v % 3 == 0) *pp = (*pp)->next; else pp = &(*pp)->next; }
    n = 0; sum = 0;
    for (struct node *p = m; p; p = p->next) { n++; sum ^= p->v << (n & 15); }
    printf_("after delete n=%d x=%x\n", n, (u32)sum);
    return (int)n & 0xff;
}
