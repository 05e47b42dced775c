/* core/mdl.c — machine-description parsing: XML → a flat list of nodes.
 *
 * Security (issue 5): libxml2 runs with XML_PARSE_NONET and without
 * XML_PARSE_NOENT/DTDLOAD/XINCLUDE; a DOCTYPE is refused outright, so no entity
 * can be declared; file size, element count, include depth and the length of
 * every ${param} expansion are capped (a billion-laughs chain of params stops
 * at WW_MDL_MAX_VALUE). <include> and extends= resolve only inside the allowed
 * directories (realpath check) and a file already being loaded is a cycle;
 * <rom file=> is confined the same way (ww_mdl_confine_rom, issue 20).
 * Issue 20: libxml2 sees UTF-8 only (to_utf8), after prescan() has refused a
 * DOCTYPE and elements with too many attributes; everything after is linear
 * in the file's size (hash tables for attributes, overrides and lookups). */
#include "core/mdl.h"
#include "core/cpu.h"
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- element vocabulary (keep machines/wirewrap.rng in sync) ----------- */

typedef struct {
    const char *name;
    const char *const *attrs;     /* allowed attributes; NULL = any (chip props) */
    const char *const *required;
    const char *key;              /* attribute that identifies it for extends overrides */
} elem_desc;

#define A(...) (const char *const[]){ __VA_ARGS__, NULL }
static const elem_desc elems[] = {
    { "param",   A("name", "default", "doc"), A("name"), "name" },
    { "cpu",     NULL, A("id", "type"), "id" },
    { "chip",    NULL, A("id", "type"), "id" },
    { "ram",     A("id", "size"), A("id", "size"), "id" },
    { "rom",     A("id", "size", "file", "catalogue"), A("id", "size"), "id" },
    { "space",   A("name", "bits", "endian", "unmapped", "open-bus", "alias"), A("name"), "name" },
    { "map",     A("space", "at", "size", "to", "stride", "offset", "mirror", "priority",
                   "access", "name", "window"), A("space", "at", "to"), NULL },
    { "wire",    A("from", "to", "invert"), A("from", "to"), NULL },
    { "pcibus",  A("id", "mem", "io", "dma"), A("id"), "id" },
    { "pci",     A("chip", "pcibus", "bus", "slot", "function"), A("chip", "slot"), "chip" },
    { "display", A("from"), A("from"), NULL },
    { "serial",  A("from"), A("from"), NULL },
    { "disk",    A("id", "to", "file"), A("id", "to"), "id" },
    { "input",   A("to"), A("to"), NULL },
    { "include", A("href"), A("href"), NULL },
    { NULL, NULL, NULL, NULL },
};
/* The registered CPU type that lists `model` among its models, or NULL. */
static const char *cpu_type_for_model(const char *model)
{
    const ww_chip_class *const *list;
    unsigned n = ww_chip_class_list(&list);
    for (unsigned i = 0; i < n; i++)
        for (const char *const *m = list[i]->cpu ? list[i]->cpu->models : NULL; m && *m; m++)
            if (!strcmp(*m, model))
                return list[i]->type;
    return NULL;
}

static const char *const elem_names[] = { "param", "cpu", "chip", "ram", "rom", "space", "map",
    "wire", "pcibus", "pci", "display", "serial", "disk", "input", "include", NULL };
static const char *const machine_attrs[] = { "name", "title", "extends", NULL };

static const elem_desc *find_elem(const char *name)
{
    for (const elem_desc *e = elems; e->name; e++)
        if (!strcmp(e->name, name))
            return e;
    return NULL;
}

static bool in_list(const char *s, const char *const *l)
{
    for (; l && *l; l++)
        if (!strcmp(*l, s))
            return true;
    return false;
}

char *ww_mdl_suggest_text(const char *name, const char *const *candidates)
{
    const char *s = ww_suggest(name, candidates);
    return s ? g_strdup_printf("; did you mean '%s'?", s) : g_strdup("");
}

static void node_error(GError **err, const char *file, int line, const char *fmt, ...)
    G_GNUC_PRINTF(4, 5);
static void node_error(GError **err, const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *m = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "%s:%d: error: %s", file, line, m);
    g_free(m);
}

/* ---- paths ----------------------------------------------------------------- */

static char *exe_dir(void)
{
    char buf[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0)
        return g_get_current_dir();
    buf[n] = 0;
    return g_path_get_dirname(buf);
}

static gpointer compute_build_dir(gpointer unused)
{
    char *d = exe_dir();
    char *base = g_path_get_basename(d);
    /* wwtest lives in build/<v>/tests, fuzzers in build/fuzz/fuzz. */
    if (!strcmp(base, "tests") || !strcmp(base, "fuzz")) {
        char *up = g_path_get_dirname(d);
        char *upbase = g_path_get_basename(up);
        bool is_variant = strcmp(upbase, "build") != 0;
        g_free(upbase);
        if (is_variant) {
            g_free(d);
            d = up;
        } else {
            g_free(up);
        }
    }
    g_free(base);
    return d;
}

const char *ww_mdl_build_dir(void)
{
    static GOnce once = G_ONCE_INIT;
    return g_once(&once, compute_build_dir, NULL);
}

static bool is_repo(const char *dir)
{
    char *p = g_build_filename(dir, "machines", "wirewrap.rng", NULL);
    bool ok = g_file_test(p, G_FILE_TEST_IS_REGULAR);
    g_free(p);
    return ok;
}

static gpointer compute_repo_dir(gpointer unused)
{
    /* build/<variant>/ is two levels below the repo root. */
    char *b = g_canonicalize_filename(ww_mdl_build_dir(), NULL);
    for (int up = 0; up < 3; up++) {
        if (is_repo(b))
            return b;
        char *p = g_path_get_dirname(b);
        g_free(b);
        b = p;
    }
    g_free(b);
    return g_get_current_dir();
}

const char *ww_mdl_repo_dir(void)
{
    static GOnce once = G_ONCE_INIT;
    return g_once(&once, compute_repo_dir, NULL);
}

char **ww_mdl_machine_dirs(const ww_mdl_opts *opts)
{
    GPtrArray *a = g_ptr_array_new();
    for (const char *const *d = opts ? opts->machine_dirs : NULL; d && *d; d++)
        g_ptr_array_add(a, g_strdup(*d));
    const char *env = g_getenv("WIREWRAP_MACHINES");
    if (env && *env) {
        char **parts = g_strsplit(env, ":", -1);
        for (char **p = parts; *p; p++)
            if (**p)
                g_ptr_array_add(a, g_strdup(*p));
        g_strfreev(parts);
    }
    g_ptr_array_add(a, g_build_filename(ww_mdl_repo_dir(), "machines", NULL));
    g_ptr_array_add(a, g_build_filename(g_get_home_dir(), ".local", "share", "wirewrap",
                                        "machines", NULL));
    g_ptr_array_add(a, NULL);
    return (char **)g_ptr_array_free(a, FALSE);
}

static const char *file_kind(mode_t m)
{
    return S_ISDIR(m) ? "a directory" : S_ISCHR(m) ? "a character device" : S_ISBLK(m)
           ? "a block device" : S_ISFIFO(m) ? "a FIFO" : S_ISSOCK(m) ? "a socket"
           : "not a regular file";
}

char *ww_mdl_resolve(const char *name, const ww_mdl_opts *opts, GError **err)
{
    GStatBuf st;   /* stat, not open: a FIFO must not block the lookup */
    bool exists = g_stat(name, &st) == 0;
    if (exists && S_ISREG(st.st_mode))
        return g_strdup(name);
    char **dirs = ww_mdl_machine_dirs(opts);
    char *withext = g_str_has_suffix(name, ".xml") ? g_strdup(name)
                                                   : g_strconcat(name, ".xml", NULL);
    char *found = NULL;
    if (!g_path_is_absolute(name) && !strstr(name, ".."))
        for (char **d = dirs; *d && !found; d++) {
            char *p = g_build_filename(*d, withext, NULL);
            if (g_file_test(p, G_FILE_TEST_IS_REGULAR))
                found = p;
            else
                g_free(p);
        }
    if (!found && exists) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "%s: error: %s; expected a machine file "
                    "(.xml) or a name like pc/q35", name, file_kind(st.st_mode));
    } else if (!found) {
        char *l = g_strjoinv(", ", dirs);
        g_set_error(err, WW_ERROR, WW_ERROR_NOT_FOUND,
                    "%s: error: no such machine file; expected a path or a name like pc/q35 "
                    "under %s", name, l);
        g_free(l);
    }
    g_free(withext);
    g_strfreev(dirs);
    return found;
}

/* ---- parse context ---------------------------------------------------------- */

typedef struct {
    ww_mdl_node node;
    unsigned origin;      /* which file load created it (extends overrides) */
} raw_node;

typedef struct {
    const ww_mdl_opts *opts;
    char **allowed;       /* real paths of allowed directories (NULL-terminated) */
    GPtrArray *loading;   /* real paths of files being loaded (cycle check) */
    GPtrArray *nodes;     /* raw_node* */
    GHashTable *keys;     /* "namespace\nkey" → raw_node*, for extends overrides */
    unsigned elements;    /* seen so far, includes counted */
    size_t bytes;         /* of XML read so far, includes counted */
    unsigned origins;
    char *name, *title;
} pctx;

static void node_free(ww_mdl_node *n)
{
    for (unsigned i = 0; i < n->nattr; i++) {
        g_free(n->names[i]);
        g_free(n->values[i]);
    }
    g_free(n->names);
    g_free(n->values);
    g_free(n->kind);
    g_free(n->file);
}

static void raw_free(gpointer p)
{
    node_free(&((raw_node *)p)->node);
    g_free(p);
}

const ww_mdl_node *ww_mdl_find(const ww_mdl_desc *d, const char *kind, const char *key)
{
    char *ik = g_strdup_printf("%s\n%s", kind, key);
    const ww_mdl_node *n = g_hash_table_lookup(d->index, ik);
    g_free(ik);
    return n;
}

const char *ww_mdl_node_get(const ww_mdl_node *n, const char *attr)
{
    for (unsigned i = 0; i < n->nattr; i++)
        if (!strcmp(n->names[i], attr))
            return n->values[i];
    return NULL;
}

static void node_set(ww_mdl_node *n, const char *attr, const char *value)
{
    for (unsigned i = 0; i < n->nattr; i++)
        if (!strcmp(n->names[i], attr)) {
            g_free(n->values[i]);
            n->values[i] = g_strdup(value);
            return;
        }
    n->names = g_renew(char *, n->names, n->nattr + 1);
    n->values = g_renew(char *, n->values, n->nattr + 1);
    n->names[n->nattr] = g_strdup(attr);
    n->values[n->nattr] = g_strdup(value);
    n->nattr++;
}

/* Every attribute of `from` set on `to`: one pass with an index, since an
 * override may carry as many attributes as its base. */
static void node_merge(ww_mdl_node *to, const ww_mdl_node *from)
{
    GHashTable *at = g_hash_table_new(g_str_hash, g_str_equal);
    for (unsigned i = 0; i < to->nattr; i++)
        g_hash_table_insert(at, to->names[i], GUINT_TO_POINTER(i + 1));
    to->names = g_renew(char *, to->names, to->nattr + from->nattr);
    to->values = g_renew(char *, to->values, to->nattr + from->nattr);
    for (unsigned k = 0; k < from->nattr; k++) {
        unsigned i = GPOINTER_TO_UINT(g_hash_table_lookup(at, from->names[k]));
        if (i) {
            g_free(to->values[i - 1]);
            to->values[i - 1] = g_strdup(from->values[k]);
        } else {
            to->names[to->nattr] = g_strdup(from->names[k]);
            to->values[to->nattr] = g_strdup(from->values[k]);
            to->nattr++;
        }
    }
    g_hash_table_destroy(at);
}

bool ww_mdl_path_inside(const char *real, const char *const *dirs)
{
    for (; dirs && *dirs; dirs++) {
        size_t n = strlen(*dirs);
        if (!strncmp(real, *dirs, n) && (real[n] == '/' || (n && (*dirs)[n - 1] == '/')))
            return true;
    }
    return false;
}

/* Real paths of the directories that exist, in order, without repeats. */
static void add_real_dirs(GPtrArray *out, const char *const *dirs)
{
    for (; dirs && *dirs; dirs++) {
        char *r = realpath(*dirs, NULL);
        bool dup = !r;
        for (guint i = 0; r && i < out->len && !dup; i++)
            dup = out->pdata[i] && !strcmp(out->pdata[i], r);
        if (!dup)
            g_ptr_array_add(out, g_strdup(r));
        free(r);
    }
}

char *ww_mdl_confine_rom(const ww_mdl_desc *d, const char *path, const char *const *rom_dirs,
                         GError **err)
{
    char *r = realpath(path, NULL);
    if (!r) {
        g_set_error(err, WW_ERROR, WW_ERROR_NOT_FOUND, "file '%s': %s", path, g_strerror(errno));
        return NULL;
    }
    GPtrArray *dirs = g_ptr_array_new_with_free_func(g_free);
    add_real_dirs(dirs, (const char *const *)d->dirs);
    const char *build[] = { ww_mdl_build_dir(), NULL };
    add_real_dirs(dirs, build);
    add_real_dirs(dirs, rom_dirs);
    g_ptr_array_add(dirs, NULL);
    char *res = g_strdup(r);
    if (!ww_mdl_path_inside(r, (const char *const *)dirs->pdata)) {
        char *l = g_strjoinv(", ", (char **)dirs->pdata);
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "file '%s' is outside the directories ROM "
                    "images may come from; expected a file under the machine directories, the "
                    "machine's own directory, the build directory or the ROM search path (%s; "
                    "--rom-path DIR adds one)", path, l);
        g_free(l);
        g_free(res);
        res = NULL;
    }
    free(r);
    g_ptr_array_free(dirs, TRUE);
    return res;
}

/* Lexical join for messages: "machines/pc" + "../common/x.xml". */
static char *display_join(const char *from_file, const char *href)
{
    char *dir = g_path_get_dirname(from_file);
    char *j = g_build_filename(dir, href, NULL);
    g_free(dir);
    return j;
}

static bool load_file(pctx *c, const char *display, const char *buf, size_t len,
                      const char *real, bool fragment, unsigned depth, GError **err);

/* Read a file, refusing anything over the size cap before reading it. */
static bool read_capped(const char *path, gchar **data, gsize *len, GError **err)
{
    GStatBuf st;
    if (g_stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "not a regular file");
        return false;
    }
    if (g_stat(path, &st) == 0 && st.st_size > WW_MDL_MAX_FILE) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "file is %lld bytes; expected at most %u",
                    (long long)st.st_size, WW_MDL_MAX_FILE);
        return false;
    }
    return g_file_get_contents(path, data, len, err);
}

/* Read and load a file named from another file's attribute (include/extends). */
static bool load_ref(pctx *c, const char *from_file, int from_line, const char *href,
                     bool fragment, unsigned depth, GError **err)
{
    const char *what = fragment ? "include" : "extends";
    if (depth >= WW_MDL_MAX_DEPTH) {
        node_error(err, from_file, from_line, "%s '%s' nests deeper than %u files; expected "
                   "at most %u levels", what, href, WW_MDL_MAX_DEPTH, WW_MDL_MAX_DEPTH);
        return false;
    }
    if (!*href || g_path_is_absolute(href)) {
        node_error(err, from_file, from_line, "%s '%s': expected a relative path inside the "
                   "machine directories", what, href);
        return false;
    }
    char *disp = display_join(from_file, href);
    char *real = realpath(disp, NULL);
    if (!real && !fragment) {
        /* extends may name a machine like "pc/q35-base". */
        char *p = ww_mdl_resolve(href, c->opts, NULL);
        if (p) {
            real = realpath(p, NULL);
            g_free(disp);
            disp = p;
        }
    }
    bool ok = false;
    if (!real) {
        node_error(err, from_file, from_line, "%s '%s': no such file; expected a file "
                   "relative to this one", what, href);
        goto out;
    }
    if (!ww_mdl_path_inside(real, (const char *const *)c->allowed)) {
        node_error(err, from_file, from_line, "%s '%s' is outside the machine directories; "
                   "expected a file under machines/ or the machine's own directory", what, href);
        goto out;
    }
    for (guint i = 0; i < c->loading->len; i++)
        if (!strcmp(c->loading->pdata[i], real)) {
            node_error(err, from_file, from_line, "%s '%s' forms a cycle; expected each file "
                       "to be loaded once", what, href);
            goto out;
        }
    gchar *data = NULL;
    gsize dlen = 0;
    GError *e = NULL;
    if (!read_capped(real, &data, &dlen, &e)) {
        node_error(err, from_file, from_line, "%s '%s': %s", what, href, e->message);
        g_error_free(e);
        goto out;
    }
    if (dlen > WW_MDL_MAX_TOTAL - c->bytes) {   /* the same fragment included 10,000 times */
        node_error(err, from_file, from_line, "%s '%s' takes the XML read for this machine over "
                   "%u MiB; expected fewer or smaller files", what, href, WW_MDL_MAX_TOTAL >> 20);
        g_free(data);
        goto out;
    }
    ok = load_file(c, disp, data, dlen, real, fragment, depth + 1, err);
    g_free(data);
out:
    free(real);
    g_free(disp);
    return ok;
}

static bool add_element(pctx *c, xmlNode *x, const char *display, unsigned origin,
                        unsigned depth, GError **err)
{
    const char *kind = (const char *)x->name;
    int line = (int)xmlGetLineNo(x);
    const elem_desc *ed = find_elem(kind);
    if (!ed) {
        char *s = ww_mdl_suggest_text(kind, elem_names);
        char *l = g_strjoinv(", ", (char **)elem_names);
        node_error(err, display, line, "unknown element <%s>; expected one of %s%s", kind, l, s);
        g_free(l);
        g_free(s);
        return false;
    }
    if (x->ns) {
        node_error(err, display, line, "<%s> has an XML namespace; expected plain elements", kind);
        return false;
    }
    if (++c->elements > WW_MDL_MAX_NODES) {   /* includes count: each loads a file */
        node_error(err, display, line, "more than %u elements; expected a smaller machine",
                   WW_MDL_MAX_NODES);
        return false;
    }
    for (xmlNode *ch = x->children; ch; ch = ch->next)
        if (ch->type == XML_ELEMENT_NODE) {
            node_error(err, display, (int)xmlGetLineNo(ch), "<%s> inside <%s>; expected "
                       "elements only directly under <machine>", (const char *)ch->name, kind);
            return false;
        }
    raw_node *r = g_new0(raw_node, 1);
    r->origin = origin;
    r->node.kind = g_strdup(kind);
    r->node.file = g_strdup(display);
    r->node.line = line;
    unsigned nattr = 0;
    for (xmlAttr *a = x->properties; a; a = a->next)
        nattr++;
    r->node.names = g_new(char *, nattr);
    r->node.values = g_new(char *, nattr);
    /* libxml2 refuses repeated attributes already; the set keeps this linear anyway. */
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
    for (xmlAttr *a = x->properties; a; a = a->next) {
        const char *an = (const char *)a->name;
        if (ed->attrs && !in_list(an, ed->attrs)) {
            char *s = ww_mdl_suggest_text(an, ed->attrs);
            char *l = g_strjoinv(", ", (char **)ed->attrs);
            node_error(err, display, line, "<%s> has no attribute '%s'; expected %s%s", kind,
                       an, l, s);
            g_free(l);
            g_free(s);
            g_hash_table_destroy(seen);
            raw_free(r);
            return false;
        }
        if (a->ns) {
            node_error(err, display, line, "attribute '%s' has a namespace; expected plain "
                       "attributes", an);
            g_hash_table_destroy(seen);
            raw_free(r);
            return false;
        }
        if (!g_hash_table_add(seen, (gpointer)an)) {
            node_error(err, display, line, "attribute '%s' given twice", an);
            g_hash_table_destroy(seen);
            raw_free(r);
            return false;
        }
        xmlChar *v = xmlNodeListGetString(x->doc, a->children, 1);
        r->node.names[r->node.nattr] = g_strdup(an);
        r->node.values[r->node.nattr] = g_strdup(v ? (const char *)v : "");
        r->node.nattr++;
        xmlFree(v);
    }
    g_hash_table_destroy(seen);
    /* Required attributes: the key first (an override names only it + what changes). */
    if (ed->key && !ww_mdl_node_get(&r->node, ed->key)) {
        node_error(err, display, line, "<%s> needs attribute '%s'", kind, ed->key);
        raw_free(r);
        return false;
    }
    for (const char *const *q = ed->required; q && *q && !ed->key; q++)
        if (!ww_mdl_node_get(&r->node, *q)) {
            node_error(err, display, line, "<%s> needs attribute '%s'", kind, *q);
            raw_free(r);
            return false;
        }
    if (!strcmp(kind, "include")) {
        const char *href = ww_mdl_node_get(&r->node, "href");
        char *h = g_strdup(href);
        char *f = g_strdup(display);
        raw_free(r);
        bool ok = load_ref(c, f, line, h, true, depth, err);
        g_free(h);
        g_free(f);
        return ok;
    }
    /* extends / amend by id: same key as an element of another file → override
     * its attributes in place; twice in one file → error. Ids are one
     * namespace across kinds; param and space names, pci chips one per kind. */
    const char *key = ed->key ? ww_mdl_node_get(&r->node, ed->key) : NULL;
    char *hkey = NULL;
    if (key) {
        hkey = g_strdup_printf("%s\n%s", !strcmp(ed->key, "id") ? "id" : kind, key);
        raw_node *o = g_hash_table_lookup(c->keys, hkey);
        if (o) {
            g_free(hkey);
            hkey = NULL;
            if (o->origin == origin || strcmp(o->node.kind, kind)) {
                node_error(err, display, line, "%s '%s' is defined twice (first at %s:%d); "
                           "expected unique %ss", ed->key, key, o->node.file, o->node.line,
                           ed->key);
                raw_free(r);
                return false;
            }
            node_merge(&o->node, &r->node);
            g_free(o->node.file);
            o->node.file = g_strdup(display);
            o->node.line = line;
            o->origin = origin;
            raw_free(r);
            return true;
        }
    }
    /* <cpu model="m68040"> without type= (DESIGN.md §7): the CPU type whose
     * model list has that model. */
    if (!strcmp(kind, "cpu") && !ww_mdl_node_get(&r->node, "type") &&
        ww_mdl_node_get(&r->node, "model")) {
        const char *type = cpu_type_for_model(ww_mdl_node_get(&r->node, "model"));
        if (type)
            node_set(&r->node, "type", type);
    }
    for (const char *const *q = ed->required; q && *q; q++)
        if (!ww_mdl_node_get(&r->node, *q)) {
            node_error(err, display, line, "<%s> needs attribute '%s'", kind, *q);
            g_free(hkey);
            raw_free(r);
            return false;
        }
    if (hkey)
        g_hash_table_insert(c->keys, hkey, r);
    g_ptr_array_add(c->nodes, r);
    return true;
}

/* ---- the text before libxml2 sees it ------------------------------------------ */

static int line_of(const char *buf, size_t off)
{
    int line = 1;
    for (const char *p = buf, *e = buf + off; (p = memchr(p, '\n', (size_t)(e - p))); p++)
        line++;
    return line;
}

/* "0xE9 0x22 0x3E": up to four bytes at p, for encoding errors. */
static char *hex_bytes(const char *p, size_t left)
{
    GString *s = g_string_new(NULL);
    for (size_t i = 0; i < MIN(left, (size_t)4); i++)
        g_string_append_printf(s, "%s0x%02X", i ? " " : "", (unsigned char)p[i]);
    return g_string_free(s, FALSE);
}

/* The encoding named in the XML declaration, or NULL; *decl_len is the
 * declaration's length. Only ASCII-compatible text gets here. */
static char *declared_encoding(const char *buf, size_t len, size_t *decl_len)
{
    *decl_len = 0;
    if (len < 6 || memcmp(buf, "<?xml", 5) || !g_ascii_isspace(buf[5]))
        return NULL;
    const char *end = g_strstr_len(buf, (gssize)MIN(len, (size_t)1024), "?>");
    if (!end)
        return NULL;
    *decl_len = (size_t)(end - buf) + 2;
    char *decl = g_strndup(buf, *decl_len);
    char *enc = NULL, *p = strstr(decl, "encoding");
    if (p) {
        p += 8;
        while (g_ascii_isspace(*p))
            p++;
        if (*p++ == '=') {
            while (g_ascii_isspace(*p))
                p++;
            char q = *p;
            char *close = (q == '"' || q == '\'') ? strchr(p + 1, q) : NULL;
            if (close)
                enc = g_strndup(p + 1, (gsize)(close - p - 1));
        }
    }
    g_free(decl);
    return enc;
}

/* libxml2 gets machine files as UTF-8 only (XML_PARSE_IGNORE_ENC), so what
 * prescan() checks is what libxml2 parses, and a file in the wrong encoding
 * gets one message of ours on one line (libxml2 printed its iconv failures
 * to stderr itself, and split "not proper UTF-8" over two lines). UTF-16
 * (by BOM or "<?") and ASCII-compatible encodings named in the declaration
 * are converted; UCS-4 and EBCDIC are refused. *out is NULL when buf is
 * already valid UTF-8. */
static bool to_utf8(const char *display, const char *buf, size_t len, char **out,
                    size_t *out_len, GError **err)
{
    const unsigned char *u = (const unsigned char *)buf;
    const char *expect = "expected UTF-8 (or UTF-16, or an ASCII-compatible encoding named "
                         "in <?xml … encoding=\"…\"?>)";
    *out = NULL;
    *out_len = 0;
    if (len >= 4 && ((!u[0] && !u[1] && ((u[2] == 0xFE && u[3] == 0xFF) || (!u[2] && u[3] == '<'))) ||
                     (u[0] == 0xFF && u[1] == 0xFE && !u[2] && !u[3]) ||
                     (u[0] == '<' && !u[1] && !u[2] && !u[3]))) {
        node_error(err, display, 1, "the file is UCS-4 (UTF-32) encoded; %s", expect);
        return false;
    }
    if (len >= 4 && !memcmp(u, "\x4C\x6F\xA7\x94", 4)) {
        node_error(err, display, 1, "the file is EBCDIC encoded; %s", expect);
        return false;
    }
    const char *from = NULL;
    size_t skip = 0;
    char *declared = NULL;
    if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE)
        from = "UTF-16LE", skip = 2;
    else if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF)
        from = "UTF-16BE", skip = 2;
    else if (len >= 4 && !memcmp(u, "<\0?\0", 4))
        from = "UTF-16LE";
    else if (len >= 4 && !memcmp(u, "\0<\0?", 4))
        from = "UTF-16BE";
    else {
        /* A UTF-8 BOM decides, as for libxml2; libxml2 skips it. */
        bool bom = len >= 3 && !memcmp(u, "\xEF\xBB\xBF", 3);
        size_t dlen;
        declared = bom ? NULL : declared_encoding(buf, len, &dlen);
        if (declared && g_ascii_strcasecmp(declared, "UTF-8") &&
            g_ascii_strcasecmp(declared, "UTF8")) {
            /* The declaration itself must read the same in that encoding. */
            gsize w = 0;
            char *d = g_convert(buf, (gssize)dlen, "UTF-8", declared, NULL, &w, NULL);
            bool same = d && w == dlen && !memcmp(d, buf, dlen);
            g_free(d);
            if (!same) {
                node_error(err, display, 1, "the XML declaration names encoding '%s', but "
                           "the declaration is not written in it (or this host cannot convert "
                           "it); %s", declared, expect);
                g_free(declared);
                return false;
            }
            from = declared;
        }
    }
    bool ok = true;
    if (!from) {
        const char *bad;
        if (!g_utf8_validate_len(buf, len, &bad)) {
            char *hex = hex_bytes(bad, len - (size_t)(bad - buf));
            node_error(err, display, line_of(buf, (size_t)(bad - buf)), "not UTF-8 text "
                       "(bytes %s); %s", hex, expect);
            g_free(hex);
            ok = false;
        }
    } else {
        gsize rd = 0, w = 0;
        GError *e = NULL;
        char *t = g_convert(buf + skip, (gssize)(len - skip), "UTF-8", from, &rd, &w, &e);
        if (!t) {
            /* The valid prefix, converted, gives the line of the bad bytes. */
            gsize pw = 0;
            char *pre = g_convert(buf + skip, (gssize)rd, "UTF-8", from, NULL, &pw, NULL);
            char *hex = hex_bytes(buf + skip + rd, len - skip - rd);
            node_error(err, display, pre ? line_of(pre, pw) : 1, "not valid %s text (bytes %s); "
                       "%s", from, hex, expect);
            g_free(hex);
            g_free(pre);
            g_error_free(e);
            ok = false;
        } else {
            *out = t;
            *out_len = w;
        }
    }
    g_free(declared);
    return ok;
}

/* A pass over the (UTF-8) text before libxml2 parses it: refuses a
 * DOCTYPE, so no entity can be declared, and elements with more than
 * WW_MDL_MAX_ATTRS attributes: libxml2 2.9 checks attributes for duplicates
 * pairwise, so 130,000 attributes on one element took seconds inside the
 * parser. Comments, CDATA and processing instructions are skipped; anything
 * malformed is left for libxml2 to report. */
static bool prescan(const char *display, const char *buf, size_t len, GError **err)
{
    int line = 1;
    size_t i = 0;
    while (i < len) {
        if (buf[i] == '\n')
            line++;
        if (buf[i] != '<') {
            i++;
            continue;
        }
        const char *p = buf + i;
        size_t left = len - i, open = 0;
        const char *close = NULL;
        if (left >= 4 && !memcmp(p, "<!--", 4))
            close = "-->", open = 4;
        else if (left >= 9 && !memcmp(p, "<![CDATA[", 9))
            close = "]]>", open = 9;
        else if (left >= 2 && p[1] == '?')
            close = "?>", open = 2;
        else if (left >= 9 && !memcmp(p, "<!DOCTYPE", 9)) {
            node_error(err, display, line, "<!DOCTYPE> is not allowed; expected a plain XML "
                       "file without DTD or entities");
            return false;
        }
        if (close) {
            const char *e = memmem(p + open, left - open, close, strlen(close));
            size_t stop = e ? (size_t)(e - buf) + strlen(close) : len;
            line += line_of(buf + i, stop - i) - 1;
            i = stop;
            continue;
        }
        if (left < 2 || p[1] == '/' || p[1] == '!') {
            i++;
            continue;
        }
        /* A start tag: every quote opened outside a quote begins a value. */
        size_t name = 1;
        while (name < left && (g_ascii_isalnum(p[name]) || strchr("_:.-", p[name])) && name < 65)
            name++;
        int tline = line;
        unsigned nattr = 0;
        char quote = 0;
        size_t k = i + 1;
        for (; k < len; k++) {
            char ch = buf[k];
            if (ch == '\n')
                line++;
            if (quote) {
                if (ch == quote)
                    quote = 0;
            } else if (ch == '"' || ch == '\'') {
                quote = ch;
                if (++nattr > WW_MDL_MAX_ATTRS) {
                    node_error(err, display, tline, "<%.*s> has more than %u attributes; "
                               "expected at most %u", (int)(name - 1), p + 1, WW_MDL_MAX_ATTRS,
                               WW_MDL_MAX_ATTRS);
                    return false;
                }
            } else if (ch == '>') {
                break;
            }
        }
        i = k + 1;
    }
    return true;
}

/* libxml2 reports some problems (iconv, I/O) through its global handlers,
 * which print to stderr: during a parse they come here, and the first error
 * joins the message of the parse failure. */
typedef struct {
    char *msg;
    int line;
} xml_errors;

static void collect_xml_error(void *opaque, const xmlError *e)
{
    xml_errors *x = opaque;
    if (e->level < XML_ERR_ERROR || x->msg)
        return;
    x->msg = g_strdup(e->message ? e->message : "unknown error");
    x->line = e->line;
}

static void ignore_generic(void *opaque, const char *fmt, ...)
{
}

/* One line: libxml2 messages end in "\n" and some continue on a second. */
static char *one_line(const char *msg)
{
    char *m = g_strdup(msg ? msg : "unreadable");
    for (char *p = m; *p; p++)
        if (*p == '\n' || *p == '\r' || *p == '\t')
            *p = ' ';
    g_strstrip(m);
    char *q = m;
    for (char *p = m; *p; p++)   /* collapse the spaces the newlines left */
        if (!(*p == ' ' && q > m && q[-1] == ' '))
            *q++ = *p;
    *q = 0;
    return m;
}

static bool load_file(pctx *c, const char *display, const char *buf, size_t len,
                      const char *real, bool fragment, unsigned depth, GError **err)
{
    if (len > WW_MDL_MAX_FILE) {
        node_error(err, display, 1, "file is %zu bytes; expected at most %u", len,
                   WW_MDL_MAX_FILE);
        return false;
    }
    c->bytes += len;
    char *conv = NULL;
    size_t conv_len = 0;
    if (!to_utf8(display, buf, len, &conv, &conv_len, err))
        return false;
    const char *text = conv ? conv : buf;
    size_t tlen = conv ? conv_len : len;
    if (tlen > INT_MAX)   /* UTF-16 grows by half at most: unreachable */
        node_error(err, display, 1, "file is too large after conversion to UTF-8");
    if (tlen > INT_MAX || !prescan(display, text, tlen, err)) {
        g_free(conv);
        return false;
    }
    xmlParserCtxtPtr px = xmlNewParserCtxt();
    if (!px) {
        g_free(conv);
        node_error(err, display, 1, "out of memory");
        return false;
    }
    xml_errors xe = { NULL, 0 };
    xmlStructuredErrorFunc old_serror = xmlStructuredError;
    void *old_sctx = xmlStructuredErrorContext;
    xmlGenericErrorFunc old_generic = xmlGenericError;
    void *old_gctx = xmlGenericErrorContext;
    xmlSetStructuredErrorFunc(&xe, (xmlStructuredErrorFunc)collect_xml_error);
    xmlSetGenericErrorFunc(NULL, ignore_generic);
    xmlDocPtr doc = xmlCtxtReadMemory(px, text, (int)tlen, NULL, "UTF-8",
                                      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                      XML_PARSE_IGNORE_ENC | XML_PARSE_BIG_LINES);
    xmlSetStructuredErrorFunc(old_sctx, old_serror);
    xmlSetGenericErrorFunc(old_gctx, old_generic);
    g_free(conv);
    bool ok = false;
    if (!doc) {
        /* The parser's last error says where it gave up. */
        const xmlError *e = xmlCtxtGetLastError(px);
        char *msg = one_line(e && e->message ? e->message : xe.msg);
        node_error(err, display, e && e->line > 0 ? e->line : xe.line > 0 ? xe.line : 1,
                   "malformed XML: %s; expected a well-formed <%s> document", msg,
                   fragment ? "fragment" : "machine");
        g_free(msg);
        g_free(xe.msg);
        xmlFreeParserCtxt(px);
        return false;
    }
    g_free(xe.msg);
    xmlNode *root = xmlDocGetRootElement(doc);
    if (doc->intSubset || doc->extSubset) {   /* prescan() refuses it first */
        node_error(err, display, 1,
                   "<!DOCTYPE> is not allowed; expected a plain XML file without DTD or entities");
        goto out;
    }
    const char *want = fragment ? "fragment" : "machine";
    if (!root || strcmp((const char *)root->name, want)) {
        node_error(err, display, root ? (int)xmlGetLineNo(root) : 1,
                   "root element is <%s>; expected <%s>", root ? (const char *)root->name : "",
                   want);
        goto out;
    }
    if (real)
        g_ptr_array_add(c->loading, g_strdup(real));
    unsigned origin = ++c->origins;
    int rline = (int)xmlGetLineNo(root);
    char *extends = NULL;
    for (xmlAttr *a = root->properties; a; a = a->next) {
        const char *an = (const char *)a->name;
        if (fragment || !in_list(an, machine_attrs)) {
            char *s = fragment ? g_strdup("") : ww_mdl_suggest_text(an, machine_attrs);
            node_error(err, display, rline, "<%s> has no attribute '%s'; expected %s%s", want,
                       an, fragment ? "none" : "name, title, extends", s);
            g_free(s);
            g_free(extends);
            goto pop;
        }
        xmlChar *v = xmlNodeListGetString(doc, a->children, 1);
        const char *vs = v ? (const char *)v : "";
        if (!strcmp(an, "extends")) {
            extends = g_strdup(vs);
        } else if (depth == 0 || !c->name) {
            /* The top file names the machine; a base only fills what is unset. */
            char **slot = !strcmp(an, "name") ? &c->name : &c->title;
            if (depth == 0 || !*slot) {
                g_free(*slot);
                *slot = g_strdup(vs);
            }
        }
        xmlFree(v);
    }
    if (extends) {
        bool e_ok = load_ref(c, display, rline, extends, false, depth, err);
        g_free(extends);
        if (!e_ok)
            goto pop;
        origin = ++c->origins;   /* our elements override the base's */
    }
    for (xmlNode *x = root->children; x; x = x->next) {
        if (x->type == XML_ELEMENT_NODE) {
            if (!add_element(c, x, display, origin, depth, err))
                goto pop;
        } else if (x->type == XML_TEXT_NODE) {
            for (const xmlChar *t = x->content; t && *t; t++)
                if (!g_ascii_isspace(*t)) {
                    node_error(err, display, (int)xmlGetLineNo(x), "text inside <%s>; expected "
                               "only elements and comments", want);
                    goto pop;
                }
        } else if (x->type == XML_ENTITY_REF_NODE) {
            node_error(err, display, (int)xmlGetLineNo(x), "entity reference; expected none");
            goto pop;
        }
    }
    ok = true;
pop:
    if (real) {
        g_ptr_array_remove_index(c->loading, c->loading->len - 1);
    }
out:
    xmlFreeDoc(doc);
    xmlFreeParserCtxt(px);
    return ok;
}

/* ---- ${param} expansion ------------------------------------------------------- */

static bool valid_param_name(const char *s)
{
    if (!s || !(g_ascii_isalpha(*s) || *s == '_'))
        return false;
    for (; *s; s++)
        if (!(g_ascii_isalnum(*s) || *s == '_' || *s == '-'))
            return false;
    return true;
}

static char *expand(const char *in, GHashTable *params, const ww_mdl_node *n, GError **err)
{
    GString *o = g_string_new(NULL);
    const char *p = in;
    while (*p) {
        if (p[0] == '$' && p[1] == '{') {
            const char *end = strchr(p + 2, '}');
            if (!end) {
                node_error(err, n->file, n->line, "'%s': unterminated '${'; expected ${name}", in);
                goto fail;
            }
            char *name = g_strndup(p + 2, (gsize)(end - p - 2));
            const char *v = g_hash_table_lookup(params, name);
            if (!v) {
                GList *keys = g_hash_table_get_keys(params);
                GPtrArray *a = g_ptr_array_new();
                for (GList *k = keys; k; k = k->next)
                    g_ptr_array_add(a, k->data);
                g_ptr_array_add(a, NULL);
                char *s = ww_mdl_suggest_text(name, (const char *const *)a->pdata);
                node_error(err, n->file, n->line, "unknown param '${%s}'; expected a <param> "
                           "defined in this machine%s", name, s);
                g_free(s);
                g_ptr_array_free(a, TRUE);
                g_list_free(keys);
                g_free(name);
                goto fail;
            }
            g_free(name);
            g_string_append(o, v);
            p = end + 1;
        } else {
            g_string_append_c(o, *p++);
        }
        if (o->len > WW_MDL_MAX_VALUE) {
            node_error(err, n->file, n->line, "value expands to more than %u bytes; expected a "
                       "shorter value (params nest too deep?)", WW_MDL_MAX_VALUE);
            goto fail;
        }
    }
    return g_string_free(o, FALSE);
fail:
    g_string_free(o, TRUE);
    return NULL;
}

static bool apply_params(pctx *c, ww_mdl_desc *d, const char *const *cmdline, GError **err)
{
    GHashTable *vals = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    GHashTable *over = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    bool ok = false;
    g_hash_table_insert(vals, g_strdup("build"), g_strdup(ww_mdl_build_dir()));
    g_hash_table_insert(vals, g_strdup("repo"), g_strdup(ww_mdl_repo_dir()));
    for (const char *const *p = cmdline; p && *p; p++) {
        const char *eq = strchr(*p, '=');
        char *name = eq ? g_strndup(*p, (gsize)(eq - *p)) : g_strdup(*p);
        if (!eq || !valid_param_name(name)) {
            g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "-p %s: error: expected name=value", *p);
            g_free(name);
            goto out;
        }
        if (strlen(eq + 1) > WW_MDL_MAX_VALUE) {
            g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "-p %s: error: value longer than %u "
                        "bytes", name, WW_MDL_MAX_VALUE);
            g_free(name);
            goto out;
        }
        g_hash_table_insert(over, name, g_strdup(eq + 1));
    }
    /* Params first, in document order; each default sees the params before it. */
    for (guint i = 0; i < c->nodes->len; i++) {
        ww_mdl_node *n = &((raw_node *)c->nodes->pdata[i])->node;
        if (strcmp(n->kind, "param"))
            continue;
        const char *name = ww_mdl_node_get(n, "name");
        if (!valid_param_name(name)) {
            node_error(err, n->file, n->line, "param name '%s'; expected a letter then letters, "
                       "digits, _ or -", name);
            goto out;
        }
        if (!strcmp(name, "build") || !strcmp(name, "repo")) {
            node_error(err, n->file, n->line, "param '%s' is built in; expected another name",
                       name);
            goto out;
        }
        const char *o = g_hash_table_lookup(over, name);
        char *v;
        if (o)
            v = g_strdup(o);
        else if (ww_mdl_node_get(n, "default")) {
            v = expand(ww_mdl_node_get(n, "default"), vals, n, err);
            if (!v)
                goto out;
        } else {
            node_error(err, n->file, n->line, "param '%s' has no default and no -p %s=VALUE "
                       "was given", name, name);
            goto out;
        }
        node_set(n, "value", v);
        g_hash_table_insert(vals, g_strdup(name), v);
    }
    GHashTableIter it;
    gpointer k;
    g_hash_table_iter_init(&it, over);
    while (g_hash_table_iter_next(&it, &k, NULL))
        if (!g_hash_table_contains(vals, k) || !strcmp(k, "build") || !strcmp(k, "repo")) {
            GList *keys = g_hash_table_get_keys(vals);
            GPtrArray *a = g_ptr_array_new();
            for (GList *l = keys; l; l = l->next)
                if (strcmp(l->data, "build") && strcmp(l->data, "repo"))
                    g_ptr_array_add(a, l->data);
            g_ptr_array_add(a, NULL);
            char *s = ww_mdl_suggest_text(k, (const char *const *)a->pdata);
            g_set_error(err, WW_ERROR, WW_ERROR_NOT_FOUND, "-p %s: error: machine '%s' has no "
                        "param '%s'%s", (char *)k, c->name ? c->name : d->file, (char *)k, s);
            g_free(s);
            g_ptr_array_free(a, TRUE);
            g_list_free(keys);
            goto out;
        }
    for (guint i = 0; i < c->nodes->len; i++) {
        raw_node *r = c->nodes->pdata[i];
        ww_mdl_node *n = &r->node;
        if (!strcmp(n->kind, "param")) {
            g_ptr_array_add(d->params, n);
            continue;
        }
        for (unsigned a = 0; a < n->nattr; a++) {
            char *v = expand(n->values[a], vals, n, err);
            if (!v)
                goto out;
            g_free(n->values[a]);
            n->values[a] = v;
        }
        const elem_desc *ed = find_elem(n->kind);
        const char *key = ed && ed->key ? ww_mdl_node_get(n, ed->key) : NULL;
        char *ik = key ? g_strdup_printf("%s\n%s", n->kind, key) : NULL;
        if (ik && !g_hash_table_contains(d->index, ik))
            g_hash_table_insert(d->index, ik, n);
        else
            g_free(ik);
        g_ptr_array_add(d->nodes, n);
    }
    ok = true;
out:
    g_hash_table_destroy(vals);
    g_hash_table_destroy(over);
    return ok;
}

/* ---- entry points ------------------------------------------------------------ */

static ww_mdl_desc *parse_common(const char *display, const char *buf, size_t len,
                                 const char *real, const char *dir, const char *const *params,
                                 const ww_mdl_opts *opts, GError **err)
{
    pctx c = { .opts = opts };
    c.loading = g_ptr_array_new_with_free_func(g_free);
    c.nodes = g_ptr_array_new();
    c.keys = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    char **mdirs = ww_mdl_machine_dirs(opts);
    GPtrArray *allowed = g_ptr_array_new();
    add_real_dirs(allowed, (const char *const *)mdirs);
    const char *own[] = { dir, NULL };
    add_real_dirs(allowed, own);
    g_ptr_array_add(allowed, NULL);
    c.allowed = (char **)g_ptr_array_free(allowed, FALSE);
    g_strfreev(mdirs);
    ww_mdl_desc *d = g_new0(ww_mdl_desc, 1);
    d->file = g_strdup(display);
    d->dirs = g_strdupv(c.allowed);
    d->nodes = g_ptr_array_new();
    d->params = g_ptr_array_new();
    d->index = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    bool ok = load_file(&c, display, buf, len, real, false, 0, err) &&
              apply_params(&c, d, params, err);
    d->name = c.name ? c.name : g_path_get_basename(display);
    d->title = c.title ? c.title : g_strdup(d->name);
    /* The desc takes over the nodes (raw_node starts with ww_mdl_node). */
    if (!ok) {
        g_ptr_array_set_size(d->nodes, 0);
        g_ptr_array_set_size(d->params, 0);
        g_hash_table_remove_all(d->index);
        for (guint i = 0; i < c.nodes->len; i++)
            raw_free(c.nodes->pdata[i]);
    }
    g_ptr_array_free(c.nodes, TRUE);
    g_strfreev(c.allowed);
    g_ptr_array_free(c.loading, TRUE);
    g_hash_table_destroy(c.keys);
    if (!ok) {
        ww_mdl_desc_free(d);
        return NULL;
    }
    return d;
}

ww_mdl_desc *ww_mdl_parse_buffer(const char *display, const char *buf, size_t len,
                                 const char *dir, const char *const *params,
                                 const ww_mdl_opts *opts, GError **err)
{
    return parse_common(display, buf, len, NULL, dir, params, opts, err);
}

ww_mdl_desc *ww_mdl_parse(const char *name, const char *const *params,
                          const ww_mdl_opts *opts, GError **err)
{
    char *path = ww_mdl_resolve(name, opts, err);
    if (!path)
        return NULL;
    ww_mdl_desc *d = NULL;
    char *real = realpath(path, NULL);
    gchar *data = NULL;
    gsize len = 0;
    GError *e = NULL;
    if (!real || !read_capped(real, &data, &len, &e)) {
        g_set_error(err, WW_ERROR, WW_ERROR_IO, "%s: error: cannot read: %s", path,
                    e ? e->message : "no such file");
        g_clear_error(&e);
    } else {
        char *dir = g_path_get_dirname(real);
        d = parse_common(path, data, len, real, dir, params, opts, err);
        g_free(dir);
    }
    g_free(data);
    free(real);
    g_free(path);
    return d;
}

void ww_mdl_desc_free(ww_mdl_desc *d)
{
    if (!d)
        return;
    /* Nodes are raw_node allocations whose first member is the ww_mdl_node. */
    for (guint i = 0; i < d->nodes->len; i++)
        raw_free(d->nodes->pdata[i]);
    for (guint i = 0; i < d->params->len; i++)
        raw_free(d->params->pdata[i]);
    g_ptr_array_free(d->nodes, TRUE);
    g_ptr_array_free(d->params, TRUE);
    g_free(d->file);
    g_free(d->name);
    g_free(d->title);
    g_strfreev(d->dirs);
    if (d->index)
        g_hash_table_destroy(d->index);
    g_free(d);
}
