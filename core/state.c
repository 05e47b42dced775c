/* core/state.c — a chip's state as bytes: the state walk, serialized by name,
 * host-independent (little-endian integers, extended floats as sign+exponent
 * and mantissa, times and timer deadlines relative to machine time).
 *
 * Layout: "WWST", u32 chip version, u32 item count, then per item:
 *   u16 name length, name, u8 type, u32 count, u32 version, payload.
 * Payload per element: integers in their width (BOOL one byte), TIME an i64
 * delta from now, TIMER u8 armed + i64 delta, F80 ten bytes. (The order of
 * timers due at the same instant is the machine snapshot's to keep.) The snapshot format (monitor issue) wraps one such blob per chip. */
#include "core/chip.h"
#include "core/pci.h"
#include "core/wire.h"
#include <string.h>

static unsigned wire_size(ww_state_type t)
{
    switch (t) {
    case WW_STATE_BOOL:  return 1;
    case WW_STATE_TIME:  return 8;
    case WW_STATE_TIMER: return 9;
    case WW_STATE_F80:   return 10;
    default:             return (unsigned)ww_state_elem_size(t);
    }
}

typedef struct {
    GByteArray *o;
    uint32_t n;
} save_ctx;

static bool save_item(ww_chip *chip, const ww_state_item *it, void *opaque, GError **err)
{
    save_ctx *sc = opaque;
    GByteArray *o = sc->o;
    sc->n++;
    ww_time now = chip->sched ? ww_sched_now(chip->sched) : 0;
    size_t nl = strlen(it->name);
    ww_wire_put(o, nl, 2);
    g_byte_array_append(o, (const uint8_t *)it->name, (guint)nl);
    ww_wire_put(o, it->type, 1);
    ww_wire_put(o, it->count, 4);
    ww_wire_put(o, it->version, 4);
    for (unsigned i = 0; i < it->count; i++) {
        switch (it->type) {
        case WW_STATE_TIMER: {
            const ww_timer *t = (const ww_timer *)it->ptr + i;
            bool armed = ww_timer_armed(t);
            ww_wire_put(o, armed, 1);
            ww_wire_put(o, armed ? (uint64_t)(int64_t)(t->when - now) : 0, 8);
            break;
        }
        case WW_STATE_TIME:
            ww_wire_put(o, ww_state_item_get(it, i) - now, 8);
            break;
        case WW_STATE_F80: {
            uint8_t b[10];
            ww_f80_to_bytes(ww_f80_from_ld(((const long double *)it->ptr)[i]), b);
            g_byte_array_append(o, b, 10);
            break;
        }
        default:
            ww_wire_put(o, ww_state_item_get(it, i), wire_size(it->type));
            break;
        }
    }
    return true;
}

void ww_chip_state_save(ww_chip *chip, GByteArray *out)
{
    g_byte_array_append(out, (const uint8_t *)"WWST", 4);
    ww_wire_put(out, chip->cls->version ? chip->cls->version : 1, 4);
    guint count_at = out->len;
    ww_wire_put(out, 0, 4);
    save_ctx sc = { out, 0 };
    ww_chip_state_walk(chip, save_item, &sc, NULL);
    for (unsigned i = 0; i < 4; i++)
        out->data[count_at + i] = (uint8_t)(sc.n >> (8 * i));
}

/* ---- loading -------------------------------------------------------------- */

typedef struct {
    const char *name;
    size_t name_len;
    ww_state_type type;
    uint32_t count, version;
    const uint8_t *payload;
    bool used;
} saved_item;

typedef struct {
    GHashTable *items;   /* name → saved_item* */
    uint32_t version;
    bool apply;
    GError **err;
} load_ctx;

static bool load_item(ww_chip *chip, const ww_state_item *it, void *opaque, GError **err)
{
    load_ctx *l = opaque;
    saved_item *s = g_hash_table_lookup(l->items, it->name);
    if (!s) {
        if (it->version > l->version)
            return true;   /* added after the saved version: keeps its reset value */
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "%s (%s): state has no field '%s'",
                    chip->id, chip->cls->type, it->name);
        return false;
    }
    if (s->type != it->type || s->count != it->count) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "%s (%s): state field '%s' has type %u × %u;"
                    " expected type %u × %u", chip->id, chip->cls->type, it->name, s->type,
                    s->count, it->type, it->count);
        return false;
    }
    s->used = true;
    if (!l->apply)
        return true;
    ww_time now = chip->sched ? ww_sched_now(chip->sched) : 0;
    const uint8_t *p = s->payload;
    unsigned w = wire_size(it->type);
    for (unsigned i = 0; i < it->count; i++, p += w) {
        switch (it->type) {
        case WW_STATE_TIMER: {
            ww_timer *t = (ww_timer *)it->ptr + i;
            if (p[0])
                ww_timer_mod(t, now + ww_wire_get(p + 1, 8));
            else
                ww_timer_del(t);
            break;
        }
        case WW_STATE_TIME:
            ww_state_item_set(it, i, now + ww_wire_get(p, 8));
            break;
        case WW_STATE_F80:
            ((long double *)it->ptr)[i] = ww_f80_to_ld(ww_f80_from_bytes(p));
            break;
        case WW_STATE_BOOL:
            ww_state_item_set(it, i, p[0] != 0);
            break;
        default:
            ww_state_item_set(it, i, ww_wire_get(p, w));
            break;
        }
    }
    return true;
}

static void free_item(gpointer p) { g_free(p); }

static bool state_load(ww_chip *chip, const uint8_t *buf, size_t len, bool apply, GError **err);

bool ww_chip_state_load(ww_chip *chip, const uint8_t *buf, size_t len, GError **err)
{
    return state_load(chip, buf, len, true, err);
}

bool ww_chip_state_check(ww_chip *chip, const uint8_t *buf, size_t len, GError **err)
{
    return state_load(chip, buf, len, false, err);
}

static bool state_load(ww_chip *chip, const uint8_t *buf, size_t len, bool apply, GError **err)
{
    ww_cursor c = { buf, buf + len };
    uint64_t ver, n;
    if (len < 12 || memcmp(buf, "WWST", 4) != 0) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "%s: not a chip state (bad magic or "
                    "truncated)", chip->id);
        return false;
    }
    c.p += 4;
    ww_cursor_take(&c, 4, &ver);
    ww_cursor_take(&c, 4, &n);
    unsigned mine = chip->cls->version ? chip->cls->version : 1;
    if (ver > mine) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "%s (%s): state version %u is newer than "
                    "this build's %u", chip->id, chip->cls->type, (unsigned)ver, mine);
        return false;
    }
    GHashTable *items = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, free_item);
    bool ok = true;
    for (uint64_t i = 0; ok && i < n; i++) {
        uint64_t nl, type, cnt, v;
        saved_item *s = g_new0(saved_item, 1);
        ok = ww_cursor_take(&c, 2, &nl) && (size_t)(c.end - c.p) >= nl;
        if (ok) {
            s->name = (const char *)c.p;
            s->name_len = nl;
            c.p += nl;
            ok = ww_cursor_take(&c, 1, &type) && type <= WW_STATE_RECORD && ww_cursor_take(&c, 4, &cnt) &&
                 ww_cursor_take(&c, 4, &v);
        }
        if (ok) {
            s->type = (ww_state_type)type;
            s->count = (uint32_t)cnt;
            s->version = (uint32_t)v;
            uint64_t bytes = cnt * wire_size(s->type);
            ok = bytes <= (uint64_t)(c.end - c.p);
            s->payload = c.p;
            if (ok)
                c.p += bytes;
        }
        if (!ok) {
            g_free(s);
            g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "%s: chip state truncated at item %u",
                        chip->id, (unsigned)i);
            break;
        }
        char *key = g_strndup(s->name, s->name_len);
        if (g_hash_table_contains(items, key)) {
            g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "%s: chip state names '%s' twice",
                        chip->id, key);
            g_free(key);
            g_free(s);
            ok = false;
            break;
        }
        g_hash_table_insert(items, key, s);
    }
    if (ok && c.p != c.end) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "%s: %zu bytes after the chip state",
                    chip->id, (size_t)(c.end - c.p));
        ok = false;
    }
    load_ctx l = { items, (uint32_t)ver, false, err };
    /* Check everything first; change nothing unless all of it fits. */
    ok = ok && ww_chip_state_walk(chip, load_item, &l, err);
    if (ok) {
        GHashTableIter it;
        gpointer k, v;
        g_hash_table_iter_init(&it, items);
        while (g_hash_table_iter_next(&it, &k, &v))
            if (!((saved_item *)v)->used) {
                g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "%s (%s): state field '%s' is not "
                            "known to this build", chip->id, chip->cls->type, (const char *)k);
                ok = false;
                break;
            }
    }
    if (ok && apply) {
        l.apply = true;
        ok = ww_chip_state_walk(chip, load_item, &l, err);
    }
    g_hash_table_destroy(items);
    if (!ok || !apply)
        return ok;
    if (chip->cls->pci)
        ww_pci_function_post_load(chip);
    if (chip->cls->post_load && !chip->cls->post_load(chip, err)) {
        g_prefix_error(err, "%s (%s): ", chip->id, chip->cls->type);
        return false;
    }
    return true;
}
