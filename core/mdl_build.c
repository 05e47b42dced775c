/* core/mdl_build.c — instantiate a parsed machine description: the semantic
 * pass against chip descriptors (types, props with units and ranges, regions,
 * ports and directions, map overlaps) is done by building the machine, so what
 * lint accepts is exactly what runs. Any failure frees the half-built machine
 * and returns a GError naming the element's file:line. */
#include "core/mdl.h"
#include "firmware-loaders/romcat.h"
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    ww_machine *m;
    const ww_mdl_opts *opts;
    const ww_mdl_desc *d;
    ww_romcat *cat;
    GHashTable *map_names;   /* "space\nname" already used */
    GHashTable *connected;   /* "chip.port" with a wire */
    GPtrArray *chip_nodes;   /* node per chip, creation order */
} bctx;

static bool at_node(GError **err, const ww_mdl_node *n, GError *inner)
{
    g_set_error(err, WW_ERROR, inner ? inner->code : WW_ERROR_INVALID, "%s:%d: error: %s",
                n->file, n->line, inner ? inner->message : "failed");
    g_clear_error(&inner);
    return false;
}

static bool errf(GError **err, const ww_mdl_node *n, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
static bool errf(GError **err, const ww_mdl_node *n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *m = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "%s:%d: error: %s", n->file, n->line, m);
    g_free(m);
    return false;
}

static bool num_attr(bctx *b, const ww_mdl_node *n, const char *attr, ww_unit unit,
                     uint64_t def, uint64_t *out, GError **err)
{
    const char *v = ww_mdl_node_get(n, attr);
    if (!v) {
        *out = def;
        return true;
    }
    GError *e = NULL;
    if (!ww_parse_uint(v, unit, out, &e)) {
        errf(err, n, "%s=\"%s\": %s", attr, v, e->message);
        g_error_free(e);
        return false;
    }
    return true;
}

static bool bool_attr(const ww_mdl_node *n, const char *attr, bool *out, GError **err)
{
    const char *v = ww_mdl_node_get(n, attr);
    *out = false;
    if (!v || !strcmp(v, "false"))
        return true;
    if (!strcmp(v, "true")) {
        *out = true;
        return true;
    }
    return errf(err, n, "%s=\"%s\"; expected true or false", attr, v);
}

/* Ids of chips and memories, for "did you mean". */
static char *id_suggestion(bctx *b, const char *id, bool with_mem)
{
    GPtrArray *a = g_ptr_array_new();
    for (guint i = 0; i < b->d->nodes->len; i++) {
        const ww_mdl_node *n = b->d->nodes->pdata[i];
        bool chip = !strcmp(n->kind, "chip") || !strcmp(n->kind, "cpu");
        bool mem = !strcmp(n->kind, "ram") || !strcmp(n->kind, "rom");
        if (chip || (with_mem && mem))
            g_ptr_array_add(a, (gpointer)ww_mdl_node_get(n, "id"));
    }
    g_ptr_array_add(a, NULL);
    char *s = ww_mdl_suggest_text(id, (const char *const *)a->pdata);
    g_ptr_array_free(a, TRUE);
    return s;
}

static ww_chip *need_chip(bctx *b, const ww_mdl_node *n, const char *attr, const char *id,
                          GError **err)
{
    ww_chip *c = ww_machine_find_chip(b->m, id);
    if (!c) {
        char *s = id_suggestion(b, id, false);
        errf(err, n, "%s=\"%s\": no chip with id '%s'%s", attr, id, id, s);
        g_free(s);
    }
    return c;
}

/* ---- chips ------------------------------------------------------------------ */

static bool build_chip(bctx *b, const ww_mdl_node *n, GError **err)
{
    const char *id = ww_mdl_node_get(n, "id"), *type = ww_mdl_node_get(n, "type");
    GError *e = NULL;
    ww_chip *c = ww_machine_add_chip(b->m, type, id, &e);
    if (!c)
        return at_node(err, n, e);
    bool is_cpu = !strcmp(n->kind, "cpu");
    if (is_cpu && !c->cls->cpu)
        return errf(err, n, "chip type '%s' is not a CPU; expected <chip> for it, or a CPU type "
                    "in <cpu>", type);
    if (!is_cpu && c->cls->cpu)
        return errf(err, n, "chip type '%s' is a CPU; expected <cpu id=\"%s\" type=\"%s\" …/>",
                    type, id, type);
    for (unsigned i = 0; i < n->nattr; i++) {
        if (!strcmp(n->names[i], "id") || !strcmp(n->names[i], "type"))
            continue;
        if (!ww_chip_set_prop(c, n->names[i], n->values[i], &e))
            return at_node(err, n, e);
    }
    g_ptr_array_add(b->chip_nodes, (gpointer)n);
    return true;
}

/* ---- memory ------------------------------------------------------------------ */

static bool load_rom(bctx *b, const ww_mdl_node *n, uint8_t *mem, uint64_t size, GError **err)
{
    const char *file = ww_mdl_node_get(n, "file"), *cat = ww_mdl_node_get(n, "catalogue");
    if (file && cat)
        return errf(err, n, "<rom> has both file= and catalogue=; expected one of them");
    if (!file && !cat)
        return errf(err, n, "<rom> needs file= or catalogue=");
    GError *e = NULL;
    gchar *data = NULL;
    gsize len = 0;
    if (cat) {
        if (!b->cat) {
            b->cat = b->opts && b->opts->catalogue ? ww_romcat_load(b->opts->catalogue, &e)
                                                   : ww_romcat_load_default(&e);
            if (!b->cat)
                return at_node(err, n, e);
        }
        const ww_rom_entry *r = ww_romcat_find(b->cat, cat);
        if (!r) {
            const ww_rom_entry *const *list;
            unsigned cnt = ww_romcat_entries(b->cat, &list);
            const char **ids = g_new0(const char *, cnt + 1);
            for (unsigned i = 0; i < cnt; i++)
                ids[i] = list[i]->id;
            char *s = ww_mdl_suggest_text(cat, ids);
            g_free(ids);
            errf(err, n, "catalogue=\"%s\": no such ROM in roms.txt%s", cat, s);
            g_free(s);
            return false;
        }
        if (r->size > size)
            return errf(err, n, "ROM '%s' is %" G_GUINT64_FORMAT " bytes; expected it to fit "
                        "size=%" G_GUINT64_FORMAT, cat, r->size, size);
        if (b->opts && b->opts->check_only)
            return true;
        size_t l;
        data = (gchar *)ww_rom_load(b->cat, r, b->opts ? b->opts->rom_path : NULL, &l, NULL, &e);
        if (!data)
            return at_node(err, n, e);
        len = l;
    } else {
        char *path;
        if (g_path_is_absolute(file)) {
            path = g_strdup(file);
        } else {   /* relative to the machine file that names it */
            char *dir = g_path_get_dirname(n->file);
            path = g_build_filename(dir, file, NULL);
            g_free(dir);
        }
        /* Confined like includes (core/mdl.c), plus the build directory and
         * the ROM search path, whose Debian directories the catalogue names. */
        if (!b->cat)
            b->cat = b->opts && b->opts->catalogue ? ww_romcat_load(b->opts->catalogue, NULL)
                                                   : ww_romcat_load_default(NULL);
        char **rdirs = ww_rom_search_dirs(b->cat, b->opts ? b->opts->rom_path : NULL);
        char *real = ww_mdl_confine_rom(b->d, path, (const char *const *)rdirs, &e);
        g_strfreev(rdirs);
        bool check_only = b->opts && b->opts->check_only;
        if (!real && !(check_only && g_error_matches(e, WW_ERROR, WW_ERROR_NOT_FOUND))) {
            g_free(path);
            return at_node(err, n, e);
        }
        g_clear_error(&e);
        if (check_only) {   /* lint reads no ROM file */
            g_free(real);
            g_free(path);
            return true;
        }
        g_free(path);
        path = real;   /* what was checked is what is read */
        GStatBuf st;
        if (g_stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
            errf(err, n, "file '%s' is not a regular file; expected a ROM image", path);
            g_free(path);
            return false;
        }
        if (g_stat(path, &st) == 0 && (uint64_t)st.st_size > size) {
            errf(err, n, "file '%s' is %lld bytes; expected at most size=%" G_GUINT64_FORMAT,
                 path, (long long)st.st_size, size);
            g_free(path);
            return false;
        }
        if (!g_file_get_contents(path, &data, &len, &e)) {
            errf(err, n, "file '%s': %s", path, e->message);
            g_error_free(e);
            g_free(path);
            return false;
        }
        g_free(path);
    }
    if (len > size) {
        g_free(data);
        return errf(err, n, "image is %zu bytes; expected at most size=%" G_GUINT64_FORMAT,
                    (size_t)len, size);
    }
    memcpy(mem, data, len);
    g_free(data);
    return true;
}

static bool build_memory(bctx *b, const ww_mdl_node *n, GError **err)
{
    uint64_t size;
    if (!num_attr(b, n, "size", WW_UNIT_BYTES, 0, &size, err))
        return false;
    if (!size || size > (4ull << 30))
        return errf(err, n, "size=\"%s\"; expected 1 B to 4 GiB", ww_mdl_node_get(n, "size"));
    const char *id = ww_mdl_node_get(n, "id");
    GError *e = NULL;
    uint8_t *mem;
    if (b->opts && b->opts->check_only && ww_machine_find_chip(b->m, id))
        return errf(err, n, "id '%s' is used twice", id);
    /* Lint does not allocate large guest memory: a 4 GiB machine lints in no time. */
    if (b->opts && b->opts->check_only && size > (16u << 20))
        mem = ww_machine_add_memory(b->m, id, 1, &e);
    else
        mem = ww_machine_add_memory(b->m, id, size, &e);
    if (!mem)
        return at_node(err, n, e);
    if (!strcmp(n->kind, "rom"))
        return load_rom(b, n, mem, size, err);
    return true;
}

/* ---- spaces ------------------------------------------------------------------- */

static const ww_mdl_node *find_node(bctx *b, const char *kind, const char *key, const char *val)
{
    /* Through the desc's index of key attributes: a scan per map or bus
     * port made 10,000 maps of a <ram> declared last take 1.3 s to lint. */
    const ww_mdl_node *n = ww_mdl_find(b->d, kind, val);
    const char *v = n ? ww_mdl_node_get(n, key) : NULL;
    return v && !strcmp(v, val) ? n : NULL;
}

static bool space_config(bctx *b, const ww_mdl_node *n, ww_space_config *cfg, GError **err)
{
    if (!n)
        return true;
    uint64_t bits;
    if (!num_attr(b, n, "bits", WW_UNIT_NONE, cfg->addr_bits, &bits, err))
        return false;
    if (bits < 1 || bits > 64)
        return errf(err, n, "bits=\"%s\"; expected 1 to 64", ww_mdl_node_get(n, "bits"));
    cfg->addr_bits = (unsigned)bits;
    const char *en = ww_mdl_node_get(n, "endian");
    if (en) {
        if (!strcmp(en, "little")) cfg->endian = WW_LITTLE_ENDIAN;
        else if (!strcmp(en, "big")) cfg->endian = WW_BIG_ENDIAN;
        else {
            char *s = ww_mdl_suggest_text(en, (const char *const[]){ "little", "big", NULL });
            errf(err, n, "endian=\"%s\"; expected little or big%s", en, s);
            g_free(s);
            return false;
        }
    }
    const char *un = ww_mdl_node_get(n, "unmapped");
    if (un) {
        if (!strcmp(un, "open-bus")) cfg->unmapped = WW_UNMAPPED_OPEN_BUS;
        else if (!strcmp(un, "bus-error")) cfg->unmapped = WW_UNMAPPED_BUS_ERROR;
        else {
            char *s = ww_mdl_suggest_text(un, (const char *const[]){ "open-bus", "bus-error", NULL });
            errf(err, n, "unmapped=\"%s\"; expected open-bus or bus-error%s", un, s);
            g_free(s);
            return false;
        }
    }
    return num_attr(b, n, "open-bus", WW_UNIT_NONE, cfg->open_bus, &cfg->open_bus, err);
}

static char *space_suggestion(bctx *b, const char *name);

/* A PCI function's "dma" port placed by <pci> is bound to its bus's DMA space
 * at placement; its own space is created only if it is not placed. */
static bool placed_dma_port(bctx *b, ww_chip *c, const ww_bus_desc *bd)
{
    return c->cls->pci && !strcmp(bd->name, "dma") && find_node(b, "pci", "chip", c->id);
}

static bool make_port_space(bctx *b, ww_chip *c, unsigned i, const ww_bus_desc *bd,
                            const ww_mdl_node *over, GError **err)
{
    char *name = g_strdup_printf("%s.%s", c->id, bd->name);
    ww_space_config cfg = { .addr_bits = bd->addr_bits ? bd->addr_bits : 32,
                            .endian = bd->endian, .unmapped = bd->unmapped,
                            .open_bus = bd->open_bus };
    const ww_mdl_node *cn = b->chip_nodes->pdata[i];
    GError *e = NULL;
    ww_space *s = NULL;
    bool ok = space_config(b, over, &cfg, err) &&
              (s = ww_machine_add_space(b->m, name, &cfg, &e)) &&
              ww_chip_bind_bus(c, bd->name, s, &e);
    if (!ok && e)
        at_node(err, over ? over : cn, e);
    g_free(name);
    return ok;
}

static bool build_spaces(bctx *b, GError **err)
{
    ww_chip *const *chips;
    unsigned nc = ww_machine_chips(b->m, &chips);
    /* 1. every bus-master port gets its space, unless XML aliases it */
    for (unsigned i = 0; i < nc; i++) {
        ww_chip *c = chips[i];
        for (const ww_bus_desc *bd = c->cls->buses; bd && bd->name; bd++) {
            char *name = g_strdup_printf("%s.%s", c->id, bd->name);
            const ww_mdl_node *over = find_node(b, "space", "name", name);
            g_free(name);
            if ((over && ww_mdl_node_get(over, "alias")) || placed_dma_port(b, c, bd))
                continue;
            if (!make_port_space(b, c, i, bd, over, err))
                return false;
        }
    }
    /* 2. free-standing spaces */
    for (guint i = 0; i < b->d->nodes->len; i++) {
        const ww_mdl_node *n = b->d->nodes->pdata[i];
        const char *name = ww_mdl_node_get(n, "name");
        if (strcmp(n->kind, "space") || ww_mdl_node_get(n, "alias") ||
            ww_machine_find_space(b->m, name))
            continue;
        const char *dot = strchr(name, '.');
        if (dot) {
            char *cid = g_strndup(name, (gsize)(dot - name));
            ww_chip *c = ww_machine_find_chip(b->m, cid);
            g_free(cid);
            if (c) {
                GPtrArray *a = g_ptr_array_new();
                for (const ww_bus_desc *bd = c->cls->buses; bd && bd->name; bd++)
                    g_ptr_array_add(a, (gpointer)bd->name);
                g_ptr_array_add(a, NULL);
                char *s = ww_mdl_suggest_text(dot + 1, (const char *const *)a->pdata);
                errf(err, n, "space '%s': chip '%s' (%s) has no bus port '%s'%s", name, c->id,
                     c->cls->type, dot + 1, s);
                g_free(s);
                g_ptr_array_free(a, TRUE);
                return false;
            }
        }
        ww_space_config cfg = { .addr_bits = 32, .open_bus = UINT64_MAX };
        GError *e = NULL;
        if (!space_config(b, n, &cfg, err))
            return false;
        if (!ww_machine_add_space(b->m, name, &cfg, &e))
            return at_node(err, n, e);
    }
    /* 3. PCI buses (their configuration spaces may be alias targets) */
    for (guint i = 0; i < b->d->nodes->len; i++) {
        const ww_mdl_node *n = b->d->nodes->pdata[i];
        if (strcmp(n->kind, "pcibus"))
            continue;
        ww_space *sp[3] = { NULL, NULL, NULL };
        static const char *const attrs[3] = { "mem", "io", "dma" };
        for (unsigned k = 0; k < 3; k++) {
            const char *v = ww_mdl_node_get(n, attrs[k]);
            if (v && !(sp[k] = ww_machine_find_space(b->m, v))) {
                char *x = space_suggestion(b, v);
                errf(err, n, "%s=\"%s\": no space named '%s'; %s", attrs[k], v, v, x);
                g_free(x);
                return false;
            }
        }
        GError *e = NULL;
        if (!ww_machine_add_pci_bus(b->m, ww_mdl_node_get(n, "id"), sp[0], sp[1], sp[2], &e))
            return at_node(err, n, e);
    }
    /* 4. aliases: a port or a name bound to an existing space */
    for (guint i = 0; i < b->d->nodes->len; i++) {
        const ww_mdl_node *n = b->d->nodes->pdata[i];
        const char *target = ww_mdl_node_get(n, "alias");
        if (strcmp(n->kind, "space") || !target)
            continue;
        const char *name = ww_mdl_node_get(n, "name");
        if (n->nattr > 2)
            return errf(err, n, "space '%s' is an alias of '%s'; expected no other attributes "
                        "(the target's settings apply)", name, target);
        ww_space *t = ww_machine_find_space(b->m, target);
        if (!t) {
            char *x = space_suggestion(b, target);
            errf(err, n, "alias=\"%s\": no space named '%s'; %s", target, target, x);
            g_free(x);
            return false;
        }
        GError *e = NULL;
        if (!ww_machine_alias_space(b->m, name, t, &e))
            return at_node(err, n, e);
        const char *dot = strchr(name, '.');
        if (dot) {
            char *cid = g_strndup(name, (gsize)(dot - name));
            ww_chip *c = ww_machine_find_chip(b->m, cid);
            g_free(cid);
            if (c && !ww_chip_bind_bus(c, dot + 1, t, &e))
                return at_node(err, n, e);
        }
    }
    return true;
}

/* PCI functions not given their "dma" space by a placement get their own. */
static bool finish_spaces(bctx *b, GError **err)
{
    ww_chip *const *chips;
    unsigned nc = ww_machine_chips(b->m, &chips);
    for (unsigned i = 0; i < nc; i++) {
        unsigned k = 0;
        for (const ww_bus_desc *bd = chips[i]->cls->buses; bd && bd->name; bd++, k++)
            if (k < WW_MAX_BUSES && !chips[i]->bus[k] &&
                !make_port_space(b, chips[i], i, bd, NULL, err))
                return false;
    }
    return true;
}

/* ---- maps ----------------------------------------------------------------------- */

static char *space_suggestion(bctx *b, const char *name)
{
    GPtrArray *a = g_ptr_array_new_with_free_func(g_free);
    ww_chip *const *chips;
    unsigned nc = ww_machine_chips(b->m, &chips);
    for (unsigned i = 0; i < nc; i++)
        for (const ww_bus_desc *bd = chips[i]->cls->buses; bd && bd->name; bd++)
            g_ptr_array_add(a, g_strdup_printf("%s.%s", chips[i]->id, bd->name));
    for (guint i = 0; i < b->d->nodes->len; i++) {
        const ww_mdl_node *n = b->d->nodes->pdata[i];
        if (!strcmp(n->kind, "space") && !ww_mdl_node_get(n, "alias"))
            g_ptr_array_add(a, g_strdup(ww_mdl_node_get(n, "name")));
    }
    GString *l = g_string_new(NULL);
    for (guint i = 0; i < a->len; i++)
        g_string_append_printf(l, "%s%s", i ? ", " : "", (char *)a->pdata[i]);
    g_ptr_array_add(a, NULL);
    char *s = ww_mdl_suggest_text(name, (const char *const *)a->pdata);
    char *r = g_strdup_printf("expected one of %s%s", l->len ? l->str : "(no spaces)", s);
    g_free(s);
    g_string_free(l, TRUE);
    g_ptr_array_free(a, TRUE);
    return r;
}

/* window="chip.name[@N]": the chip owns this mapping and moves or hides it. */
static bool bind_window(bctx *b, const ww_mdl_node *n, ww_space *s, const char *mname,
                        GError **err)
{
    const char *w = ww_mdl_node_get(n, "window");
    const char *dot = strchr(w, '.');
    if (!dot)
        return errf(err, n, "window=\"%s\"; expected chip.window", w);
    char *cid = g_strndup(w, (gsize)(dot - w));
    char *wname = g_strdup(dot + 1);
    char *at = strchr(wname, '@');
    unsigned idx = 0;
    bool ok = false;
    if (at) {
        *at = 0;
        idx = (unsigned)g_ascii_strtoull(at + 1, NULL, 10);
    }
    ww_chip *c = need_chip(b, n, "window", cid, err);
    if (c) {
        int k = ww_chip_find_window(c->cls, wname);
        const ww_window_desc *wd = k >= 0 ? &c->cls->windows[k] : NULL;
        if (!wd) {
            GPtrArray *a = g_ptr_array_new();
            for (const ww_window_desc *x = c->cls->windows; x && x->name; x++)
                g_ptr_array_add(a, (gpointer)x->name);
            g_ptr_array_add(a, NULL);
            char *sg = ww_mdl_suggest_text(wname, (const char *const *)a->pdata);
            char *l = g_strjoinv(", ", (char **)a->pdata);
            errf(err, n, "window=\"%s\": %s (%s) has no window '%s'; expected one of %s%s", w,
                 c->id, c->cls->type, wname, *l ? l : "(none)", sg);
            g_free(l);
            g_free(sg);
            g_ptr_array_free(a, TRUE);
        } else if (idx >= (wd->count ? wd->count : 1u)) {
            errf(err, n, "window=\"%s\": %s has windows @0..@%u", w, wd->name,
                 (wd->count ? wd->count : 1u) - 1);
        } else {
            ww_window **slot = (ww_window **)((uint8_t *)c + wd->offset) + idx;
            GError *e = NULL;
            if (*slot)
                errf(err, n, "window=\"%s\" is bound twice", w);
            else if (!(*slot = ww_space_make_window(s, mname, c, &e)))
                at_node(err, n, e);
            else
                ok = true;
        }
    }
    g_free(cid);
    g_free(wname);
    return ok;
}

static bool build_map(bctx *b, const ww_mdl_node *n, GError **err)
{
    const char *sname = ww_mdl_node_get(n, "space"), *to = ww_mdl_node_get(n, "to");
    ww_space *s = ww_machine_find_space(b->m, sname);
    if (!s) {
        char *x = space_suggestion(b, sname);
        errf(err, n, "no space named '%s'; %s", sname, x);
        g_free(x);
        return false;
    }
    uint64_t at, size, stride, offset, mirror, prio;
    if (!num_attr(b, n, "at", WW_UNIT_NONE, 0, &at, err) ||
        !num_attr(b, n, "size", WW_UNIT_BYTES, 0, &size, err) ||
        !num_attr(b, n, "stride", WW_UNIT_BYTES, 1, &stride, err) ||
        !num_attr(b, n, "offset", WW_UNIT_BYTES, 0, &offset, err) ||
        !num_attr(b, n, "mirror", WW_UNIT_NONE, 0, &mirror, err) ||
        !num_attr(b, n, "priority", WW_UNIT_NONE, 0, &prio, err))
        return false;
    if (prio > 1000)
        return errf(err, n, "priority=\"%s\"; expected 0 to 1000", ww_mdl_node_get(n, "priority"));
    if (!stride || stride > (1u << 24))
        return errf(err, n, "stride=\"%s\"; expected 1 to 16 MiB", ww_mdl_node_get(n, "stride"));
    const char *access = ww_mdl_node_get(n, "access");
    if (access && strcmp(access, "rw") && strcmp(access, "ro")) {
        char *x = ww_mdl_suggest_text(access, (const char *const[]){ "rw", "ro", NULL });
        errf(err, n, "access=\"%s\"; expected rw or ro%s", access, x);
        g_free(x);
        return false;
    }
    const char *given = ww_mdl_node_get(n, "name");
    /* Mapping names are unique per space: the target, then #2, #3 … Each
     * name's entry holds the next number to try after it, so 10,000 maps of
     * one target are named in linear time, not quadratic. */
    char *mname = g_strdup(given ? given : to);
    char *key = g_strdup_printf("%s\n%s", sname, mname);
    if (!g_hash_table_contains(b->map_names, key)) {
        g_hash_table_insert(b->map_names, key, GUINT_TO_POINTER(2));
    } else if (given) {
        errf(err, n, "space '%s' already has a mapping named '%s'; expected unique names",
             sname, given);
        g_free(key);
        g_free(mname);
        return false;
    } else {
        unsigned k = GPOINTER_TO_UINT(g_hash_table_lookup(b->map_names, key));
        for (;; k++) {
            g_free(mname);
            mname = g_strdup_printf("%s#%u", to, k);
            char *nk = g_strdup_printf("%s\n%s", sname, mname);
            if (!g_hash_table_contains(b->map_names, nk)) {
                g_hash_table_insert(b->map_names, nk, GUINT_TO_POINTER(2));
                break;
            }
            g_free(nk);
        }
        g_hash_table_insert(b->map_names, key, GUINT_TO_POINTER(k + 1));   /* frees key */
    }
    GError *e = NULL;
    bool ok = false;
    uint64_t msize;
    uint8_t *mem = ww_machine_find_memory(b->m, to, &msize);
    if (!strcmp(to, "unmapped")) {
        if (!given) {
            errf(err, n, "to=\"unmapped\" needs name= (stray accesses log it)");
            goto out;
        }
        if (!size) {
            errf(err, n, "to=\"unmapped\" needs size=");
            goto out;
        }
        ok = ww_space_map_unmapped(s, mname, at, size, (int)prio, &e);
    } else if (mem) {
        const ww_mdl_node *mn = find_node(b, "ram", "id", to);
        if (!mn)
            mn = find_node(b, "rom", "id", to);
        uint64_t real_size;
        if (!num_attr(b, mn, "size", WW_UNIT_BYTES, 0, &real_size, err))
            goto out;
        if (offset >= real_size) {
            errf(err, n, "offset=\"%s\" is beyond '%s' (%" G_GUINT64_FORMAT " bytes)",
                 ww_mdl_node_get(n, "offset"), to, real_size);
            goto out;
        }
        if (!size)
            size = real_size - offset;
        if (size > real_size - offset) {
            errf(err, n, "size 0x%" G_GINT64_MODIFIER "x is larger than '%s' from offset 0x%"
                 G_GINT64_MODIFIER "x (0x%" G_GINT64_MODIFIER "x bytes); expected at most 0x%"
                 G_GINT64_MODIFIER "x or a mirror=", size, to, offset, real_size,
                 real_size - offset);
            goto out;
        }
        if (stride != 1) {
            errf(err, n, "stride= on memory '%s'; expected stride only on chip regions", to);
            goto out;
        }
        bool ro = !strcmp(mn->kind, "rom") || (access && !strcmp(access, "ro"));
        /* Lint allocates 1 byte for large memories; the map is checked, never accessed. */
        uint8_t *host = msize == real_size ? mem + offset : mem;
        ok = ww_space_map_ram(s, mname, at, size, host, ro, (int)prio, &e);
    } else {
        const char *dot = strchr(to, '.');
        char *cid = dot ? g_strndup(to, (gsize)(dot - to)) : g_strdup(to);
        ww_chip *c = ww_machine_find_chip(b->m, cid);
        if (!c) {
            char *x = id_suggestion(b, cid, true);
            errf(err, n, "to=\"%s\": no chip or memory with id '%s'%s", to, cid, x);
            g_free(x);
            g_free(cid);
            goto out;
        }
        g_free(cid);
        unsigned nreg = 0;
        for (const ww_region_desc *r = c->cls->regions; r && r->name; r++)
            nreg++;
        GPtrArray *names = g_ptr_array_new();
        for (const ww_region_desc *r = c->cls->regions; r && r->name; r++)
            g_ptr_array_add(names, (gpointer)r->name);
        g_ptr_array_add(names, NULL);
        char *list = g_strjoinv(", ", (char **)names->pdata);
        int region = -1;
        if (dot) {
            region = ww_chip_find_region(c->cls, dot + 1);
            if (region < 0) {
                char *x = ww_mdl_suggest_text(dot + 1, (const char *const *)names->pdata);
                errf(err, n, "to=\"%s\": %s (%s) has no region '%s'; expected one of %s%s", to,
                     c->id, c->cls->type, dot + 1, nreg ? list : "(none)", x);
                g_free(x);
            }
        } else if (nreg == 1) {
            region = 0;
        } else {
            errf(err, n, "to=\"%s\": %s (%s) has %u regions; expected to=\"%s.REGION\" with "
                 "REGION one of %s", to, c->id, c->cls->type, nreg, c->id,
                 nreg ? list : "(none)");
        }
        g_free(list);
        g_ptr_array_free(names, TRUE);
        if (region < 0)
            goto out;
        if (access && strcmp(access, "rw")) {
            errf(err, n, "access=\"%s\" on a chip region; expected access only on memory", access);
            goto out;
        }
        const ww_region_desc *rd = &c->cls->regions[region];
        if (!size) {
            if (rd->size > UINT64_MAX / stride) {
                errf(err, n, "region size times stride overflows; expected a size=");
                goto out;
            }
            size = rd->size * stride;
        }
        ok = ww_space_map_chip(s, mname, at, size, c, (unsigned)region, stride, offset,
                               (int)prio, &e);
    }
    if (ok && mirror)
        ok = ww_space_set_mirror(s, mname, mirror, &e);
    if (!ok && e)
        at_node(err, n, e);
    if (ok && ww_mdl_node_get(n, "window"))
        ok = bind_window(b, n, s, mname, err);
out:
    g_free(mname);
    return ok;
}

/* ---- wires ----------------------------------------------------------------------- */

static void mark_connected(bctx *b, const char *pin)
{
    const char *at = strchr(pin, '@');
    g_hash_table_add(b->connected, at ? g_strndup(pin, (gsize)(at - pin)) : g_strdup(pin));
}

/* "chip.port@[a-b]" → chip.port@a … chip.port@b (Renode-style element-wise
 * ranges); anything else is one pin. */
static bool expand_pins(const ww_mdl_node *n, const char *text, GPtrArray *out, GError **err)
{
    const char *r = strstr(text, "@[");
    if (!r) {
        g_ptr_array_add(out, g_strdup(text));
        return true;
    }
    unsigned a, z;
    int used = 0;
    if (sscanf(r + 2, "%u-%u]%n", &a, &z, &used) != 2 || used <= 0 || r[2 + used] ||
        z < a || z - a > 255)
        return errf(err, n, "'%s': bad line range; expected chip.port@[first-last], at most "
                    "256 lines", text);
    for (unsigned i = a; i <= z; i++)
        g_ptr_array_add(out, g_strdup_printf("%.*s@%u", (int)(r - text), text, i));
    return true;
}

static bool build_wire(bctx *b, const ww_mdl_node *n, GError **err)
{
    bool invert;
    if (!bool_attr(n, "invert", &invert, err))
        return false;
    GPtrArray *from = g_ptr_array_new_with_free_func(g_free);
    char **tos = g_strsplit(ww_mdl_node_get(n, "to"), ",", 64);
    bool ok = expand_pins(n, ww_mdl_node_get(n, "from"), from, err);
    for (char **t = tos; *t && ok; t++) {
        GPtrArray *to = g_ptr_array_new_with_free_func(g_free);
        ok = expand_pins(n, g_strstrip(*t), to, err);
        if (ok && from->len != 1 && from->len != to->len)
            ok = errf(err, n, "from= has %u lines and to=\"%s\" has %u; expected the same "
                      "number (or one output fanned out)", from->len, *t, to->len);
        for (guint i = 0; ok && i < to->len; i++) {
            const char *f = from->pdata[from->len == 1 ? 0 : i];
            GError *e = NULL;
            if (!ww_machine_connect(b->m, f, to->pdata[i], invert, &e))
                ok = at_node(err, n, e);
            else {
                mark_connected(b, f);
                mark_connected(b, to->pdata[i]);
            }
        }
        g_ptr_array_free(to, TRUE);
    }
    g_strfreev(tos);
    g_ptr_array_free(from, TRUE);
    return ok;
}

/* ---- the rest -------------------------------------------------------------------- */

/* <serial from=…>, <display from=…>, <input to=…>, <disk id=… to=…>:
 * "chip", "chip.backend" or "chip.backend@N" names a backend slot. */
static bool build_backend(bctx *b, const ww_mdl_node *n, ww_backend_type type,
                          const char *attr, GError **err)
{
    const char *v = ww_mdl_node_get(n, attr);
    const char *dot = strchr(v, '.');
    char *cid = dot ? g_strndup(v, (gsize)(dot - v)) : g_strdup(v);
    char *bname = dot ? g_strdup(dot + 1) : NULL;
    char *at = bname ? strchr(bname, '@') : NULL;
    unsigned idx = 0;
    bool ok = false;
    if (at) {
        *at = 0;
        uint64_t x;
        if (!ww_parse_uint(at + 1, WW_UNIT_NONE, &x, NULL) || x > 0xffff) {
            errf(err, n, "%s=\"%s\": bad slot index; expected chip.backend@N", attr, v);
            goto out;
        }
        idx = (unsigned)x;
    }
    ww_chip *c = need_chip(b, n, attr, cid, err);
    if (!c)
        goto out;
    int k = ww_chip_find_backend(c->cls, type, bname);
    if (k < 0) {
        GString *l = g_string_new(NULL);
        for (const ww_backend_desc *d = c->cls->backends; d && d->name; d++)
            if (d->type == type)
                g_string_append_printf(l, "%s%s", l->len ? ", " : "", d->name);
        if (l->len)
            errf(err, n, "%s=\"%s\": %s (%s) has no %s backend '%s'; expected one of %s", attr,
                 v, c->id, c->cls->type, ww_backend_type_name(type), bname ? bname : "", l->str);
        else {
            static const char *const noun[WW_BACKEND__COUNT][2] = {
                [WW_BACKEND_CHARDEV] = { "serial line", "serial" },
                [WW_BACKEND_DISK] = { "disk", "storage" },
                [WW_BACKEND_DISPLAY] = { "display", "display" },
                [WW_BACKEND_INPUT] = { "input", "keyboard or mouse" },
                [WW_BACKEND_NET] = { "network link", "network" },
                [WW_BACKEND_AUDIO] = { "audio output", "sound" } };
            errf(err, n, "%s (%s) has no %s to attach; expected a %s chip", c->id, c->cls->type,
                 noun[type][0], noun[type][1]);
        }
        g_string_free(l, TRUE);
        goto out;
    }
    const ww_backend_desc *bd = &c->cls->backends[k];
    if (idx >= (bd->count ? bd->count : 1u)) {
        errf(err, n, "%s=\"%s\": backend '%s' has slots @0..@%u", attr, v, bd->name,
             (bd->count ? bd->count : 1u) - 1);
        goto out;
    }
    GError *e = NULL;
    if (!ww_machine_add_backend_slot(b->m, type, ww_mdl_node_get(n, "id"),
                                     ww_mdl_node_get(n, "file"), c, (unsigned)k, idx, &e)) {
        at_node(err, n, e);
        goto out;
    }
    ok = true;
out:
    g_free(cid);
    g_free(bname);
    return ok;
}

static bool build_pci(bctx *b, const ww_mdl_node *n, GError **err)
{
    ww_chip *c = need_chip(b, n, "chip", ww_mdl_node_get(n, "chip"), err);
    if (!c)
        return false;
    uint64_t slot, fn, bus;
    if (!num_attr(b, n, "slot", WW_UNIT_NONE, 0, &slot, err) ||
        !num_attr(b, n, "function", WW_UNIT_NONE, 0, &fn, err) ||
        !num_attr(b, n, "bus", WW_UNIT_NONE, 0, &bus, err))
        return false;
    if (slot > 31 || fn > 7 || bus > 255)
        return errf(err, n, "PCI %02" G_GINT64_MODIFIER "x:%02" G_GINT64_MODIFIER "x.%"
                    G_GINT64_MODIFIER "x; expected bus 0-255, slot 0-31, function 0-7",
                    bus, slot, fn);
    ww_pci_bus *const *buses;
    unsigned nb = ww_machine_pci_buses(b->m, &buses);
    const char *want = ww_mdl_node_get(n, "pcibus");
    ww_pci_bus *pb = NULL;
    if (want) {
        pb = ww_machine_find_pci_bus(b->m, want);
        if (!pb) {
            const char **ids = g_new0(const char *, nb + 1);
            for (unsigned i = 0; i < nb; i++)
                ids[i] = ww_pci_bus_id(buses[i]);
            char *x = ww_mdl_suggest_text(want, ids);
            errf(err, n, "pcibus=\"%s\": no <pcibus id=\"%s\">%s", want, want, x);
            g_free(x);
            g_free(ids);
            return false;
        }
    } else if (nb == 1) {
        pb = buses[0];
    } else {
        return errf(err, n, "<pci> needs pcibus=: the machine has %u PCI buses%s", nb,
                    nb ? "" : "; expected a <pcibus id=… mem=… io=…/> first");
    }
    GError *e = NULL;
    if (!ww_pci_place(pb, c, (unsigned)bus, (unsigned)slot, (unsigned)fn, &e))
        return at_node(err, n, e);
    return true;
}

static bool build_other(bctx *b, const ww_mdl_node *n, GError **err)
{
    if (!strcmp(n->kind, "serial"))
        return build_backend(b, n, WW_BACKEND_CHARDEV, "from", err);
    if (!strcmp(n->kind, "display"))
        return build_backend(b, n, WW_BACKEND_DISPLAY, "from", err);
    if (!strcmp(n->kind, "input"))
        return build_backend(b, n, WW_BACKEND_INPUT, "to", err);
    if (!strcmp(n->kind, "disk"))
        return build_backend(b, n, WW_BACKEND_DISK, "to", err);
    if (!strcmp(n->kind, "pci"))
        return build_pci(b, n, err);
    return true;
}

static void warn_unconnected(bctx *b)
{
    if (!b->opts || !b->opts->warnings)
        return;
    ww_chip *const *chips;
    unsigned nc = ww_machine_chips(b->m, &chips);
    for (unsigned i = 0; i < nc; i++)
        for (const ww_port_desc *p = chips[i]->cls->ports; p && p->name; p++) {
            if (!(p->flags & WW_PORT_REQUIRED))
                continue;
            char *key = g_strdup_printf("%s.%s", chips[i]->id, p->name);
            if (!g_hash_table_contains(b->connected, key)) {
                const ww_mdl_node *n = b->chip_nodes->pdata[i];
                g_string_append_printf(b->opts->warnings, "%s:%d: warning: %s (%s): required "
                                       "%s port '%s' is not connected\n", n->file, n->line,
                                       chips[i]->id, chips[i]->cls->type,
                                       p->dir == WW_PORT_IN ? "input" : "output", p->name);
            }
            g_free(key);
        }
}

/* A hash of the expanded description (every element and attribute, in
 * order, after includes and ${} expansion): two machines built from the same
 * text with the same parameters have the same one. */
static char *desc_hash(const ww_mdl_desc *d)
{
    GChecksum *h = g_checksum_new(G_CHECKSUM_SHA256);
    for (guint i = 0; i < d->nodes->len; i++) {
        const ww_mdl_node *n = d->nodes->pdata[i];
        g_checksum_update(h, (const guchar *)n->kind, (gssize)strlen(n->kind) + 1);
        for (unsigned k = 0; k < n->nattr; k++) {
            g_checksum_update(h, (const guchar *)n->names[k], (gssize)strlen(n->names[k]) + 1);
            g_checksum_update(h, (const guchar *)n->values[k], (gssize)strlen(n->values[k]) + 1);
        }
        g_checksum_update(h, (const guchar *)"\n", 1);
    }
    char *r = g_strdup(g_checksum_get_string(h));
    g_checksum_free(h);
    return r;
}

ww_machine *ww_mdl_instantiate(const ww_mdl_desc *d, const ww_mdl_opts *opts, GError **err)
{
    bctx b = { .m = ww_machine_new(), .opts = opts, .d = d };
    {
        char *hash = desc_hash(d);
        ww_machine_set_identity(b.m, d->name ? d->name : "", hash);
        g_free(hash);
    }
    b.map_names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    b.connected = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    b.chip_nodes = g_ptr_array_new();
    bool ok = true;
    GPtrArray *nodes = d->nodes;
    /* Chips and memory first (maps and wires may name any of them), then
     * the spaces of every bus-master port, then maps, wires and the rest. */
    for (guint i = 0; ok && i < nodes->len; i++) {
        const ww_mdl_node *n = nodes->pdata[i];
        if (!strcmp(n->kind, "chip") || !strcmp(n->kind, "cpu"))
            ok = build_chip(&b, n, err);
        else if (!strcmp(n->kind, "ram") || !strcmp(n->kind, "rom"))
            ok = build_memory(&b, n, err);
    }
    ok = ok && build_spaces(&b, err);
    for (guint i = 0; ok && i < nodes->len; i++) {
        const ww_mdl_node *n = nodes->pdata[i];
        if (!strcmp(n->kind, "map"))
            ok = build_map(&b, n, err);
        else if (!strcmp(n->kind, "wire"))
            ok = build_wire(&b, n, err);
        else if (strcmp(n->kind, "chip") && strcmp(n->kind, "cpu") && strcmp(n->kind, "ram") &&
                 strcmp(n->kind, "rom") && strcmp(n->kind, "space") && strcmp(n->kind, "pcibus"))
            ok = build_other(&b, n, err);
    }
    ok = ok && finish_spaces(&b, err);
    if (ok)
        warn_unconnected(&b);
    if (ok && !(opts && opts->check_only)) {
        ww_chip *const *chips;
        unsigned nc = ww_machine_chips(b.m, &chips);
        for (unsigned i = 0; ok && i < nc; i++) {
            GError *e = NULL;
            if (!ww_chip_realize(chips[i], &e))
                ok = at_node(err, b.chip_nodes->pdata[i], e);
        }
        if (ok) {
            /* Memory is loaded and everything mapped: CPUs fetch reset vectors now. */
            ww_machine_reset(b.m, WW_RESET_POWER);
            ww_backend_slot *const *slots;
            unsigned ns = ww_machine_backend_slots(b.m, &slots);
            for (unsigned i = 0; opts && opts->serial && i < ns; i++)
                if (slots[i]->type == WW_BACKEND_CHARDEV) {
                    ww_machine_bind(b.m, WW_BACKEND_CHARDEV, 0, opts->serial, NULL);
                    break;
                }
        }
    }
    g_hash_table_destroy(b.map_names);
    g_hash_table_destroy(b.connected);
    g_ptr_array_free(b.chip_nodes, TRUE);
    ww_romcat_free(b.cat);
    if (!ok) {
        ww_machine_free(b.m);
        return NULL;
    }
    return b.m;
}

ww_machine *ww_mdl_load(const char *name, const char *const *params, const ww_mdl_opts *opts,
                        GError **err)
{
    ww_mdl_desc *d = ww_mdl_parse(name, params, opts, err);
    if (!d)
        return NULL;
    ww_machine *m = ww_mdl_instantiate(d, opts, err);
    ww_mdl_desc_free(d);
    return m;
}

bool ww_mdl_lint(const char *name, const char *const *params, const ww_mdl_opts *opts,
                 GString *diagnostics, GError **err)
{
    ww_mdl_opts o = opts ? *opts : (ww_mdl_opts){ 0 };
    o.check_only = true;
    o.warnings = diagnostics;
    ww_machine *m = ww_mdl_load(name, params, &o, err);
    ww_machine_free(m);
    return m != NULL;
}
