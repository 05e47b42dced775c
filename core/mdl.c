/* core/mdl.c — machine-description parsing: XML → a flat list of nodes.
 *
 * Security (issue 5): libxml2 runs with XML_PARSE_NONET and without
 * XML_PARSE_NOENT/DTDLOAD/XINCLUDE; a DOCTYPE is refused outright, so no entity
 * can be declared; file size, element count, include depth and the length of
 * every ${param} expansion are capped (a billion-laughs chain of params stops
 * at WW_MDL_MAX_VALUE). <include> and extends= resolve only inside the allowed
 * directories (realpath check) and a file already being loaded is a cycle. */
#include "core/mdl.h"
#include "core/cpu.h"
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
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

char *ww_mdl_resolve(const char *name, const ww_mdl_opts *opts, GError **err)
{
    if (g_file_test(name, G_FILE_TEST_IS_REGULAR))
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
    if (!found) {
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
    GPtrArray *allowed;   /* real paths of allowed directories */
    GPtrArray *loading;   /* real paths of files being loaded (cycle check) */
    GPtrArray *nodes;     /* raw_node* */
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

static bool path_allowed(pctx *c, const char *real)
{
    for (guint i = 0; i < c->allowed->len; i++) {
        const char *d = c->allowed->pdata[i];
        size_t n = strlen(d);
        if (!strncmp(real, d, n) && (real[n] == '/' || (n && d[n - 1] == '/')))
            return true;
    }
    return false;
}

static void allow_dir(pctx *c, const char *dir)
{
    char *r = realpath(dir, NULL);
    if (r) {
        g_ptr_array_add(c->allowed, g_strdup(r));
        free(r);
    }
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
    if (!path_allowed(c, real)) {
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
    if (c->nodes->len >= WW_MDL_MAX_NODES) {
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
    for (xmlAttr *a = x->properties; a; a = a->next) {
        const char *an = (const char *)a->name;
        if (ed->attrs && !in_list(an, ed->attrs)) {
            char *s = ww_mdl_suggest_text(an, ed->attrs);
            char *l = g_strjoinv(", ", (char **)ed->attrs);
            node_error(err, display, line, "<%s> has no attribute '%s'; expected %s%s", kind,
                       an, l, s);
            g_free(l);
            g_free(s);
            raw_free(r);
            return false;
        }
        if (a->ns) {
            node_error(err, display, line, "attribute '%s' has a namespace; expected plain "
                       "attributes", an);
            raw_free(r);
            return false;
        }
        xmlChar *v = xmlNodeListGetString(x->doc, a->children, 1);
        if (ww_mdl_node_get(&r->node, an)) {
            node_error(err, display, line, "attribute '%s' given twice", an);
            xmlFree(v);
            raw_free(r);
            return false;
        }
        node_set(&r->node, an, v ? (const char *)v : "");
        xmlFree(v);
    }
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
     * its attributes in place; twice in one file → error. */
    const char *key = ed->key ? ww_mdl_node_get(&r->node, ed->key) : NULL;
    if (key) {
        for (guint i = 0; i < c->nodes->len; i++) {
            raw_node *o = c->nodes->pdata[i];
            const elem_desc *od = find_elem(o->node.kind);
            if (!od->key || strcmp(od->key, ed->key))
                continue;   /* ids, param names, space names: separate namespaces */
            if (strcmp(ed->key, "id") && strcmp(o->node.kind, kind))
                continue;
            const char *okey = ww_mdl_node_get(&o->node, od->key);
            if (!okey || strcmp(okey, key))
                continue;
            if (o->origin == origin || strcmp(o->node.kind, kind)) {
                node_error(err, display, line, "%s '%s' is defined twice (first at %s:%d); "
                           "expected unique %ss", ed->key, key, o->node.file, o->node.line,
                           ed->key);
                raw_free(r);
                return false;
            }
            for (unsigned k = 0; k < r->node.nattr; k++)
                node_set(&o->node, r->node.names[k], r->node.values[k]);
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
            raw_free(r);
            return false;
        }
    g_ptr_array_add(c->nodes, r);
    return true;
}

static bool load_file(pctx *c, const char *display, const char *buf, size_t len,
                      const char *real, bool fragment, unsigned depth, GError **err)
{
    if (len > WW_MDL_MAX_FILE) {
        node_error(err, display, 1, "file is %zu bytes; expected at most %u", len,
                   WW_MDL_MAX_FILE);
        return false;
    }
    if (len > INT_MAX) /* unreachable given the cap; xmlCtxtReadMemory takes an int */
        return false;
    xmlParserCtxtPtr px = xmlNewParserCtxt();
    if (!px) {
        node_error(err, display, 1, "out of memory");
        return false;
    }
    xmlDocPtr doc = xmlCtxtReadMemory(px, buf, (int)len, NULL, NULL,
                                      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    bool ok = false;
    if (!doc) {
        const xmlError *e = xmlCtxtGetLastError(px);
        char *msg = g_strdup(e && e->message ? e->message : "unreadable");
        g_strchomp(msg);
        node_error(err, display, e && e->line > 0 ? e->line : 1,
                   "malformed XML: %s; expected a well-formed <%s> document", msg,
                   fragment ? "fragment" : "machine");
        g_free(msg);
        xmlFreeParserCtxt(px);
        return false;
    }
    xmlNode *root = xmlDocGetRootElement(doc);
    if (doc->intSubset || doc->extSubset) {
        /* libxml2 keeps no line for the DTD node: find it in the text. */
        int dline = 1;
        for (size_t i = 0; i < len; i++) {
            if (buf[i] == '\n')
                dline++;
            else if (len - i >= 4 && !memcmp(buf + i, "<!--", 4)) {
                const char *e = g_strstr_len(buf + i, (gssize)(len - i), "-->");
                for (const char *q = buf + i; e && q < e; q++)
                    dline += *q == '\n';
                i = e ? (size_t)(e - buf) + 2 : len;
            } else if (len - i >= 9 && !memcmp(buf + i, "<!DOCTYPE", 9))
                break;
        }
        node_error(err, display, dline,
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
    c.allowed = g_ptr_array_new_with_free_func(g_free);
    c.loading = g_ptr_array_new_with_free_func(g_free);
    c.nodes = g_ptr_array_new();
    char **dirs = ww_mdl_machine_dirs(opts);
    for (char **p = dirs; *p; p++)
        allow_dir(&c, *p);
    g_strfreev(dirs);
    allow_dir(&c, dir);
    ww_mdl_desc *d = g_new0(ww_mdl_desc, 1);
    d->file = g_strdup(display);
    d->nodes = g_ptr_array_new();
    d->params = g_ptr_array_new();
    bool ok = load_file(&c, display, buf, len, real, false, 0, err) &&
              apply_params(&c, d, params, err);
    d->name = c.name ? c.name : g_path_get_basename(display);
    d->title = c.title ? c.title : g_strdup(d->name);
    /* The desc takes over the nodes (raw_node starts with ww_mdl_node). */
    if (!ok) {
        g_ptr_array_set_size(d->nodes, 0);
        g_ptr_array_set_size(d->params, 0);
        for (guint i = 0; i < c.nodes->len; i++)
            raw_free(c.nodes->pdata[i]);
    }
    g_ptr_array_free(c.nodes, TRUE);
    g_ptr_array_free(c.allowed, TRUE);
    g_ptr_array_free(c.loading, TRUE);
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
    g_free(d);
}
