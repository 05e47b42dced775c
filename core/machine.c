/* core/machine.c — chips, memory, spaces and wires of one machine, and the
 * run loop: CPUs round-robin in fixed quanta of virtual time, timers fired
 * between slices (DESIGN.md §4, §5). */
#include "core/machine.h"
#include "core/signal_internal.h"
#include <string.h>

#define QUANTUM_NS 100000   /* 100 µs: BeBox-style SMP stays deterministic */

typedef struct {
    char *id;
    uint8_t *mem;
    uint64_t size;
} mem_block;

typedef struct {
    char *name;
    ww_space *space;
    bool alias;          /* another name of a space listed before: not owned */
} named_space;

struct ww_machine {
    ww_sched *sched;
    GPtrArray *chips;     /* ww_chip*, creation order */
    GPtrArray *mems;      /* mem_block* */
    GPtrArray *spaces;    /* named_space* */
    GPtrArray *pci;       /* ww_pci_bus* */
    GPtrArray *slots;     /* ww_backend_slot* */
    ww_machine_req request;
    char *name, *hash;
    GPtrArray *mem_ids;   /* views for ww_machine_memories */
    GPtrArray *mem_ptrs;
    GArray *mem_sizes;
    GPtrArray *space_names, *space_ptrs;  /* views for ww_machine_spaces */
    GArray *space_alias;
    volatile int exit_request;
};

ww_machine *ww_machine_new(void)
{
    ww_machine *m = g_new0(ww_machine, 1);
    m->sched = ww_sched_new();
    m->chips = g_ptr_array_new();
    m->mems = g_ptr_array_new();
    m->spaces = g_ptr_array_new();
    m->pci = g_ptr_array_new();
    m->slots = g_ptr_array_new();
    return m;
}

void ww_machine_free(ww_machine *m)
{
    if (!m)
        return;
    for (guint i = m->chips->len; i-- > 0;)
        ww_chip_free(m->chips->pdata[i]);
    for (guint i = 0; i < m->pci->len; i++)
        ww_pci_bus_free(m->pci->pdata[i]);
    for (guint i = 0; i < m->slots->len; i++) {
        ww_backend_slot *b = m->slots->pdata[i];
        g_free(b->id);
        g_free(b->file);
        g_free(b);
    }
    g_ptr_array_free(m->pci, TRUE);
    g_ptr_array_free(m->slots, TRUE);
    for (guint i = 0; i < m->spaces->len; i++) {
        named_space *n = m->spaces->pdata[i];
        if (!n->alias)
            ww_space_free(n->space);
        g_free(n->name);
        g_free(n);
    }
    for (guint i = 0; i < m->mems->len; i++) {
        mem_block *b = m->mems->pdata[i];
        g_free(b->mem);
        g_free(b->id);
        g_free(b);
    }
    g_ptr_array_free(m->chips, TRUE);
    g_ptr_array_free(m->spaces, TRUE);
    if (m->mem_ids) {
        g_ptr_array_free(m->mem_ids, TRUE);
        g_ptr_array_free(m->mem_ptrs, TRUE);
        g_array_free(m->mem_sizes, TRUE);
    }
    if (m->space_names) {
        g_ptr_array_free(m->space_names, TRUE);
        g_ptr_array_free(m->space_ptrs, TRUE);
        g_array_free(m->space_alias, TRUE);
    }
    g_free(m->name);
    g_free(m->hash);
    g_ptr_array_free(m->mems, TRUE);
    ww_sched_free(m->sched);
    g_free(m);
}

ww_sched *ww_machine_sched(ww_machine *m) { return m->sched; }

void ww_machine_set_identity(ww_machine *m, const char *name, const char *hash)
{
    g_free(m->name);
    g_free(m->hash);
    m->name = g_strdup(name);
    m->hash = g_strdup(hash);
}

const char *ww_machine_name(const ww_machine *m) { return m->name ? m->name : ""; }
const char *ww_machine_hash(const ww_machine *m) { return m->hash ? m->hash : ""; }

unsigned ww_machine_memories(ww_machine *m, const char ***ids, uint8_t ***mems,
                             uint64_t **sizes)
{
    if (!m->mem_ids) {
        m->mem_ids = g_ptr_array_new();
        m->mem_ptrs = g_ptr_array_new();
        m->mem_sizes = g_array_new(FALSE, FALSE, sizeof(uint64_t));
    }
    g_ptr_array_set_size(m->mem_ids, 0);
    g_ptr_array_set_size(m->mem_ptrs, 0);
    g_array_set_size(m->mem_sizes, 0);
    for (guint i = 0; i < m->mems->len; i++) {
        mem_block *b = m->mems->pdata[i];
        g_ptr_array_add(m->mem_ids, b->id);
        g_ptr_array_add(m->mem_ptrs, b->mem);
        g_array_append_val(m->mem_sizes, b->size);
    }
    *ids = (const char **)m->mem_ids->pdata;
    *mems = (uint8_t **)m->mem_ptrs->pdata;
    *sizes = (uint64_t *)(void *)m->mem_sizes->data;
    return m->mems->len;
}

static bool valid_id(const char *id)
{
    if (!id || !*id || !(g_ascii_isalpha(*id) || *id == '_'))
        return false;
    for (const char *p = id; *p; p++)
        if (!(g_ascii_isalnum(*p) || *p == '_' || *p == '-'))
            return false;
    return true;
}

static bool id_taken(ww_machine *m, const char *id)
{
    return ww_machine_find_chip(m, id) || ww_machine_find_memory(m, id, NULL);
}

ww_chip *ww_machine_add_chip(ww_machine *m, const char *type, const char *id, GError **err)
{
    if (!valid_id(id)) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID,
                    "'%s' is not a valid id; expected a letter then letters, digits, _ or -",
                    id ? id : "");
        return NULL;
    }
    if (id_taken(m, id)) {
        g_set_error(err, WW_ERROR, WW_ERROR_CONFLICT, "id '%s' is used twice", id);
        return NULL;
    }
    ww_chip *c = ww_chip_new(type, id, m->sched, err);
    if (!c)
        return NULL;
    c->machine = m;
    g_ptr_array_add(m->chips, c);
    return c;
}

ww_chip *ww_machine_find_chip(ww_machine *m, const char *id)
{
    for (guint i = 0; i < m->chips->len; i++) {
        ww_chip *c = m->chips->pdata[i];
        if (!strcmp(c->id, id))
            return c;
    }
    return NULL;
}

unsigned ww_machine_chips(ww_machine *m, ww_chip *const **out)
{
    *out = (ww_chip *const *)m->chips->pdata;
    return m->chips->len;
}

bool ww_machine_realize(ww_machine *m, GError **err)
{
    for (guint i = 0; i < m->chips->len; i++)
        if (!ww_chip_realize(m->chips->pdata[i], err))
            return false;
    return true;
}

uint8_t *ww_machine_add_memory(ww_machine *m, const char *id, uint64_t size, GError **err)
{
    if (!valid_id(id)) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "'%s' is not a valid id", id ? id : "");
        return NULL;
    }
    if (id_taken(m, id)) {
        g_set_error(err, WW_ERROR, WW_ERROR_CONFLICT, "id '%s' is used twice", id);
        return NULL;
    }
    if (!size || size > (64ull << 30)) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID,
                    "memory '%s': size %" G_GUINT64_FORMAT " bytes; expected 1 B to 64 GiB", id, size);
        return NULL;
    }
    uint8_t *p = g_try_malloc0(size);
    if (!p) {
        g_set_error(err, WW_ERROR, WW_ERROR_FAILED, "memory '%s': cannot allocate %"
                    G_GUINT64_FORMAT " bytes", id, size);
        return NULL;
    }
    mem_block *b = g_new0(mem_block, 1);
    *b = (mem_block){ g_strdup(id), p, size };
    g_ptr_array_add(m->mems, b);
    return p;
}

uint8_t *ww_machine_find_memory(ww_machine *m, const char *id, uint64_t *size)
{
    for (guint i = 0; i < m->mems->len; i++) {
        mem_block *b = m->mems->pdata[i];
        if (!strcmp(b->id, id)) {
            if (size)
                *size = b->size;
            return b->mem;
        }
    }
    return NULL;
}

ww_space *ww_machine_add_space(ww_machine *m, const char *name, const ww_space_config *cfg,
                               GError **err)
{
    if (ww_machine_find_space(m, name)) {
        g_set_error(err, WW_ERROR, WW_ERROR_CONFLICT, "space '%s' is defined twice", name);
        return NULL;
    }
    ww_space *s = ww_space_new(name, cfg, err);
    if (!s)
        return NULL;
    named_space *n = g_new0(named_space, 1);
    *n = (named_space){ g_strdup(name), s };
    g_ptr_array_add(m->spaces, n);
    return s;
}

bool ww_machine_alias_space(ww_machine *m, const char *name, ww_space *space, GError **err)
{
    if (ww_machine_find_space(m, name)) {
        g_set_error(err, WW_ERROR, WW_ERROR_CONFLICT, "space '%s' is defined twice", name);
        return false;
    }
    named_space *n = g_new0(named_space, 1);
    *n = (named_space){ g_strdup(name), space, true };
    g_ptr_array_add(m->spaces, n);
    return true;
}

ww_pci_bus *ww_machine_add_pci_bus(ww_machine *m, const char *id, ww_space *mem, ww_space *io,
                                   ww_space *dma, GError **err)
{
    if (ww_machine_find_pci_bus(m, id)) {
        g_set_error(err, WW_ERROR, WW_ERROR_CONFLICT, "PCI bus '%s' is defined twice", id);
        return NULL;
    }
    char *name = g_strconcat(id, ".cfg", NULL);
    /* Unclaimed configuration reads return all ones (PCI 3.0 §6.1: a read of a
     * function that does not exist terminates with master abort). */
    ww_space_config cfg = { .addr_bits = WW_PCI_CFG_BITS, .page_bits = 12,
                            .endian = WW_LITTLE_ENDIAN, .unmapped = WW_UNMAPPED_OPEN_BUS,
                            .open_bus = UINT64_MAX };
    ww_space *s = ww_machine_add_space(m, name, &cfg, err);
    g_free(name);
    if (!s)
        return NULL;
    ww_pci_bus *b = ww_pci_bus_new(id, s, mem, io, dma);
    g_ptr_array_add(m->pci, b);
    return b;
}

ww_pci_bus *ww_machine_find_pci_bus(ww_machine *m, const char *id)
{
    for (guint i = 0; i < m->pci->len; i++)
        if (!strcmp(ww_pci_bus_id(m->pci->pdata[i]), id))
            return m->pci->pdata[i];
    return NULL;
}

unsigned ww_machine_pci_buses(ww_machine *m, ww_pci_bus *const **out)
{
    *out = (ww_pci_bus *const *)m->pci->pdata;
    return m->pci->len;
}

bool ww_machine_add_backend_slot(ww_machine *m, ww_backend_type type, const char *id,
                                 const char *file, ww_chip *chip, unsigned backend,
                                 unsigned index, GError **err)
{
    for (guint i = 0; i < m->slots->len; i++) {
        ww_backend_slot *o = m->slots->pdata[i];
        if (o->chip == chip && o->backend == backend && o->index == index) {
            g_set_error(err, WW_ERROR, WW_ERROR_CONFLICT, "%s: backend '%s'@%u is bound twice",
                        chip->id, chip->cls->backends[backend].name, index);
            return false;
        }
        if (id && o->id && !strcmp(o->id, id)) {
            g_set_error(err, WW_ERROR, WW_ERROR_CONFLICT, "id '%s' is used twice", id);
            return false;
        }
    }
    ww_backend_slot *b = g_new0(ww_backend_slot, 1);
    *b = (ww_backend_slot){ type, g_strdup(id), g_strdup(file), chip, backend, index, NULL };
    g_ptr_array_add(m->slots, b);
    return true;
}

unsigned ww_machine_backend_slots(ww_machine *m, ww_backend_slot *const **out)
{
    *out = (ww_backend_slot *const *)m->slots->pdata;
    return m->slots->len;
}

static bool bind_slot(ww_backend_slot *b, void *obj, GError **err)
{
    const ww_backend_desc *d = &b->chip->cls->backends[b->backend];
    if (!ww_chip_bind_backend(b->chip, d->type, d->name, b->index, obj, err))
        return false;
    b->bound = obj;
    return true;
}

bool ww_machine_bind(ww_machine *m, ww_backend_type type, unsigned n, void *obj, GError **err)
{
    unsigned k = 0;
    for (guint i = 0; i < m->slots->len; i++) {
        ww_backend_slot *b = m->slots->pdata[i];
        if (b->type == type && k++ == n)
            return bind_slot(b, obj, err);
    }
    g_set_error(err, WW_ERROR, WW_ERROR_NOT_FOUND, "the machine has %u %s slot%s; #%u does not "
                "exist", k, ww_backend_type_name(type), k == 1 ? "" : "s", n);
    return false;
}

bool ww_machine_bind_id(ww_machine *m, const char *id, void *obj, GError **err)
{
    for (guint i = 0; i < m->slots->len; i++) {
        ww_backend_slot *b = m->slots->pdata[i];
        if (b->id && !strcmp(b->id, id))
            return bind_slot(b, obj, err);
    }
    g_set_error(err, WW_ERROR, WW_ERROR_NOT_FOUND, "the machine has no backend slot '%s'", id);
    return false;
}

unsigned ww_machine_spaces(ww_machine *m, const char *const **names, ww_space *const **spaces,
                           const int **alias_of)
{
    if (!m->space_names) {
        m->space_names = g_ptr_array_new();
        m->space_ptrs = g_ptr_array_new();
        m->space_alias = g_array_new(FALSE, FALSE, sizeof(int));
    }
    g_ptr_array_set_size(m->space_names, 0);
    g_ptr_array_set_size(m->space_ptrs, 0);
    g_array_set_size(m->space_alias, 0);
    for (guint i = 0; i < m->spaces->len; i++) {
        named_space *n = m->spaces->pdata[i];
        int of = -1;
        for (guint k = 0; n->alias && k < i && of < 0; k++)
            if (((named_space *)m->spaces->pdata[k])->space == n->space)
                of = (int)k;
        g_ptr_array_add(m->space_names, n->name);
        g_ptr_array_add(m->space_ptrs, n->space);
        g_array_append_val(m->space_alias, of);
    }
    if (names)
        *names = (const char *const *)m->space_names->pdata;
    if (spaces)
        *spaces = (ww_space *const *)m->space_ptrs->pdata;
    if (alias_of)
        *alias_of = (const int *)(void *)m->space_alias->data;
    return m->spaces->len;
}

ww_space *ww_machine_find_space(ww_machine *m, const char *name)
{
    for (guint i = 0; i < m->spaces->len; i++) {
        named_space *n = m->spaces->pdata[i];
        if (!strcmp(n->name, name))
            return n->space;
    }
    return NULL;
}

/* Parse "chip.port" or "chip.port@N" into its parts. */
static bool parse_pin(ww_machine *m, const char *text, ww_port_dir want, ww_chip **chip,
                      unsigned *port, unsigned *index, GError **err)
{
    const char *dot = strchr(text, '.');
    if (!dot) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID,
                    "'%s' is not a pin; expected chip.port or chip.port@N", text);
        return false;
    }
    char *cid = g_strndup(text, (gsize)(dot - text));
    char *pname = g_strdup(dot + 1);
    char *at = strchr(pname, '@');
    unsigned idx = 0;
    bool ok = false;
    if (at) {
        *at = 0;
        uint64_t v;
        if (!ww_parse_uint(at + 1, WW_UNIT_NONE, &v, err) || v > 0xffff) {
            g_clear_error(err);
            g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "'%s': bad line index '%s'", text, at + 1);
            goto out;
        }
        idx = (unsigned)v;
    }
    ww_chip *c = ww_machine_find_chip(m, cid);
    if (!c) {
        GPtrArray *ids = g_ptr_array_new();
        for (guint i = 0; i < m->chips->len; i++)
            g_ptr_array_add(ids, ((ww_chip *)m->chips->pdata[i])->id);
        g_ptr_array_add(ids, NULL);
        const char *s = ww_suggest(cid, (const char *const *)ids->pdata);
        g_set_error(err, WW_ERROR, WW_ERROR_NOT_FOUND, "no chip with id '%s'%s%s%s", cid,
                    s ? "; did you mean '" : "", s ? s : "", s ? "'?" : "");
        g_ptr_array_free(ids, TRUE);
        goto out;
    }
    int p = ww_chip_find_port(c->cls, pname);
    if (p < 0) {
        GPtrArray *names = g_ptr_array_new();
        for (const ww_port_desc *d = c->cls->ports; d && d->name; d++)
            if (d->dir == want)
                g_ptr_array_add(names, (gpointer)d->name);
        g_ptr_array_add(names, NULL);
        const char *s = ww_suggest(pname, (const char *const *)names->pdata);
        g_set_error(err, WW_ERROR, WW_ERROR_NOT_FOUND, "%s (%s) has no port '%s'%s%s%s", cid,
                    c->cls->type, pname, s ? "; did you mean '" : "", s ? s : "", s ? "'?" : "");
        g_ptr_array_free(names, TRUE);
        goto out;
    }
    const ww_port_desc *d = &c->cls->ports[p];
    if (d->dir != want) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "%s.%s is an %s; a wire goes from an "
                    "output to an input", cid, pname, d->dir == WW_PORT_IN ? "input" : "output");
        goto out;
    }
    if (idx >= ww_port_count(d)) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "%s.%s has lines @0..@%u; @%u is out of range",
                    cid, pname, ww_port_count(d) - 1, idx);
        goto out;
    }
    *chip = c;
    *port = (unsigned)p;
    *index = idx;
    ok = true;
out:
    g_free(cid);
    g_free(pname);
    return ok;
}

bool ww_machine_connect(ww_machine *m, const char *from, const char *to, bool invert,
                        GError **err)
{
    ww_chip *fc, *tc;
    unsigned fp, fi, tp, ti;
    if (!parse_pin(m, from, WW_PORT_OUT, &fc, &fp, &fi, err) ||
        !parse_pin(m, to, WW_PORT_IN, &tc, &tp, &ti, err))
        return false;
    ww_line_connect(ww_chip_out_line(fc, fp, fi), tc, tp, ti, invert);
    return true;
}

void ww_machine_reset(ww_machine *m, ww_reset_kind kind)
{
    for (guint i = 0; i < m->chips->len; i++) {
        ww_chip *c = m->chips->pdata[i];
        if (c->realized)
            ww_chip_reset(c, kind);
    }
}

void ww_machine_request(ww_machine *m, ww_machine_req r)
{
    /* A power-off outranks a reset raised in the same slice. */
    if (r > WW_REQ_NONE && (m->request == WW_REQ_NONE || r == WW_REQ_POWEROFF))
        m->request = r;
    ww_machine_request_exit(m);
}

ww_machine_req ww_machine_take_request(ww_machine *m)
{
    ww_machine_req r = m->request;
    m->request = WW_REQ_NONE;
    return r;
}

void ww_machine_request_exit(ww_machine *m)
{
    m->exit_request = 1;
    for (guint i = 0; i < m->chips->len; i++) {
        ww_cpu *c = ww_cpu_of(m->chips->pdata[i]);
        if (c)
            ww_cpu_kick(c);
    }
}

ww_cpu_stop ww_machine_run_until(ww_machine *m, ww_time until)
{
    ww_sched *s = m->sched;
    m->exit_request = 0;
    for (;;) {
        ww_time t0 = ww_sched_now(s);
        if (t0 >= until || m->exit_request)
            return WW_STOP_NONE;
        ww_time next = MIN(ww_sched_next(s), until);
        if (next <= t0) {
            ww_sched_advance(s, t0);   /* fire what is due */
            continue;
        }
        next = MIN(next, t0 + QUANTUM_NS);
        ww_time reached = t0;
        bool ran = false;
        ww_cpu_stop stop = WW_STOP_NONE;
        for (guint i = 0; i < m->chips->len; i++) {
            ww_cpu *c = ww_cpu_of(m->chips->pdata[i]);
            if (!c || !c->chip.realized || !c->clock_hz)
                continue;
            ww_sched_set_now(s, t0);
            c->exit_request = 0;
            c->stop = WW_STOP_NONE;
            uint64_t budget = ww_ns_to_ticks(next - t0, c->clock_hz);
            ww_sched_set_running(s, c);
            c->chip.cls->cpu->run(c, budget ? budget : 1);
            ww_sched_set_running(s, NULL);
            reached = MAX(reached, ww_sched_now(s));
            if (c->stop != WW_STOP_HALT)
                ran = true;
            if (c->stop != WW_STOP_NONE && c->stop != WW_STOP_HALT && stop == WW_STOP_NONE)
                stop = c->stop;
        }
        if (!ran)
            reached = next;  /* every CPU idle: skip to the next event */
        ww_sched_set_now(s, t0);
        ww_sched_advance(s, MAX(reached, t0 + 1));
        if (stop != WW_STOP_NONE)
            return stop;
    }
}
