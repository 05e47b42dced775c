/* core/wire.h — little-endian fields of the byte formats wirewrap writes
 * (chip state, snapshots): append a value of n bytes, read one back through
 * a bounds-checked cursor. */
#ifndef WW_WIRE_H
#define WW_WIRE_H
#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

static inline void ww_wire_put(GByteArray *o, uint64_t v, unsigned n)
{
    uint8_t b[8];
    for (unsigned i = 0; i < n; i++)
        b[i] = (uint8_t)(v >> (8 * i));
    g_byte_array_append(o, b, n);
}

static inline uint64_t ww_wire_get(const uint8_t *p, unsigned n)
{
    uint64_t x = 0;
    for (unsigned i = 0; i < n; i++)
        x |= (uint64_t)p[i] << (8 * i);
    return x;
}

typedef struct {
    const uint8_t *p, *end;
} ww_cursor;

/* Take n bytes as a number; false (nothing taken) when fewer are left. */
static inline bool ww_cursor_take(ww_cursor *c, unsigned n, uint64_t *v)
{
    if ((size_t)(c->end - c->p) < n)
        return false;
    uint64_t x = ww_wire_get(c->p, n);
    c->p += n;
    if (v)
        *v = x;
    return true;
}

#endif
