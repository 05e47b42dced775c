/* tests/mdl/input.c — machine files as a new user (or someone else) hands
 * them over (issue 20): loading stays linear in the file's size, encodings
 * get one message of ours and libxml2 prints nothing, a path that is not a
 * file is named as such, and <rom file=> is confined like <include>. */
#include "tests/harness.h"
#include "core/mdl.h"
#include <glib/gstdio.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- size and count: linear, with the caps named ------------------------------ */

/* Three-letter attribute names aaa, aab, …: 130,000 of them fit in 1 MiB. */
static void attr_name(unsigned i, char out[4])
{
    static const char l[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    out[0] = l[i / (52 * 52) % 52];
    out[1] = l[i / 52 % 52];
    out[2] = l[i % 52];
    out[3] = 0;
}

static GString *element_with_attrs(unsigned n)
{
    GString *x = g_string_new("<machine name='big'>\n<chip id='c' type='mdltest'");
    for (unsigned i = 0; i < n; i++) {
        char a[4];
        attr_name(i, a);
        g_string_append_printf(x, " %s=\"\"", a);
    }
    g_string_append(x, "/>\n</machine>\n");
    return x;
}

WW_TEST("mdl/input/attribute-count", t_attrs)
{
    /* The file: one element with ~130,000 attributes in under 1 MiB
     * took 241 s to lint (a linear duplicate check per attribute here, and
     * libxml2 2.9's own pairwise one). Refused before libxml2 parses it. */
    GString *x = element_with_attrs(130000);
    WW_CHECK(x->len < WW_MDL_MAX_FILE);
    GError *err = NULL;
    WW_CHECK(!ww_mdl_parse_buffer("big.xml", x->str, x->len, ".", NULL, NULL, &err));
    WW_CHECK_STR(err->message, "big.xml:2: error: <chip> has more than 256 attributes; "
                 "expected at most 256");
    g_clear_error(&err);
    g_string_free(x, TRUE);
    /* At the cap (id, type and 254 more) the element parses. */
    x = element_with_attrs(WW_MDL_MAX_ATTRS - 2);
    ww_mdl_desc *d = ww_mdl_parse_buffer("cap.xml", x->str, x->len, ".", NULL, NULL, &err);
    WW_CHECK_NOERR(d, err);
    const ww_mdl_node *n = ww_mdl_find(d, "chip", "c");
    WW_CHECK(n && n->nattr == WW_MDL_MAX_ATTRS);
    ww_mdl_desc_free(d);
    g_string_free(x, TRUE);
    /* Quotes inside values, comments and CDATA do not count. */
    const char *q = "<machine><!-- \" ' \" --><chip id='c' type=\"mdltest\" a='x\"y\"z'/></machine>";
    d = ww_mdl_parse_buffer("q.xml", q, strlen(q), ".", NULL, NULL, &err);
    WW_CHECK_NOERR(d, err);
    WW_CHECK_STR(ww_mdl_node_get(ww_mdl_find(d, "chip", "c"), "a"), "x\"y\"z");
    ww_mdl_desc_free(d);
}

static char *tmp_file(const char *dir, const char *name, const char *text, gssize len)
{
    char *p = g_build_filename(dir, name, NULL);
    WW_CHECK(g_file_set_contents(p, text, len, NULL));
    return p;
}

WW_TEST("mdl/input/override-many-attributes", t_override)
{
    /* extends= overrides by id: every attribute of the derived element is
     * set on the base one (through an index, not a scan per attribute). */
    char *dir = g_dir_make_tmp("wwover-XXXXXX", NULL);
    GString *base = g_string_new("<machine>\n<chip id='c' type='mdltest'");
    GString *der = g_string_new("<machine extends='base.xml'>\n<chip id='c'");
    for (unsigned i = 0; i < 200; i++) {
        char a[4];
        attr_name(i, a);
        g_string_append_printf(base, " %s='b%u'", a, i);
        if (i % 2)
            g_string_append_printf(der, " %s='d%u'", a, i);
        attr_name(i + 200, a);
        if (i < 50)
            g_string_append_printf(der, " %s='n%u'", a, i);
    }
    g_string_append(base, "/>\n</machine>\n");
    g_string_append(der, "/>\n</machine>\n");
    char *bp = tmp_file(dir, "base.xml", base->str, -1);
    char *dp = tmp_file(dir, "derived.xml", der->str, -1);
    GError *err = NULL;
    ww_mdl_desc *d = ww_mdl_parse(dp, NULL, NULL, &err);
    WW_CHECK_NOERR(d, err);
    const ww_mdl_node *n = ww_mdl_find(d, "chip", "c");
    WW_CHECK(n);
    WW_CHECK_EQ(n->nattr, 2 + 200 + 50);
    char a[4];
    attr_name(4, a);
    WW_CHECK_STR(ww_mdl_node_get(n, a), "b4");
    attr_name(5, a);
    WW_CHECK_STR(ww_mdl_node_get(n, a), "d5");
    attr_name(249, a);
    WW_CHECK_STR(ww_mdl_node_get(n, a), "n49");
    WW_CHECK(g_str_has_suffix(n->file, "derived.xml"));
    ww_mdl_desc_free(d);
    g_unlink(bp), g_unlink(dp), g_rmdir(dir);
    g_free(bp), g_free(dp), g_free(dir);
    g_string_free(base, TRUE);
    g_string_free(der, TRUE);
}

WW_TEST("mdl/input/many-maps", t_many_maps)
{
    /* 9,990 maps of one RAM declared after them took 7.7 s (names #2, #3 …
     * found by counting up from 2 per map; the RAM found by a scan per map).
     * They lint, and the automatic names stay unique around a given one. */
    GString *x = g_string_new("<machine>\n<space name='bus' bits='32'/>\n"
                              "<map space='bus' at='0' to='ram' name='ram#3'/>\n");
    for (unsigned i = 1; i < 9990; i++)
        g_string_append_printf(x, "<map space='bus' at='0x%x' to='ram'/>\n", i * 0x1000);
    g_string_append(x, "<ram id='ram' size='4KiB'/>\n</machine>\n");
    GError *err = NULL;
    ww_mdl_desc *d = ww_mdl_parse_buffer("maps.xml", x->str, x->len, ".", NULL, NULL, &err);
    WW_CHECK_NOERR(d, err);
    ww_mdl_opts lint = { .check_only = true };
    ww_machine *m = ww_mdl_instantiate(d, &lint, &err);
    WW_CHECK_NOERR(m, err);
    ww_machine_free(m);
    m = ww_mdl_instantiate(d, NULL, &err);
    WW_CHECK_NOERR(m, err);
    /* The space refuses a repeated name, so these are all the names. */
    ww_space *bus = ww_machine_find_space(m, "bus");
    const char *names[] = { "ram", "ram#2", "ram#3", "ram#4", "ram#9990" };
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
        WW_CHECK_NOERR(ww_space_set_mirror(bus, names[i], 0, &err), err);
    WW_CHECK(!ww_space_set_mirror(bus, "ram#9991", 0, &err));
    g_clear_error(&err);
    /* The page tables see every map once a CPU asks for them. */
    uint8_t *ram = ww_machine_find_memory(m, "ram", NULL);
    WW_CHECK(ww_space_read_table(bus)[9989] == ram);
    ww_machine_free(m);
    ww_mdl_desc_free(d);
    g_string_free(x, TRUE);
}

WW_TEST("mdl/input/include-total", t_include_total)
{
    /* One 1 MiB fragment included 17 times: 17 MiB of XML for one machine. */
    char *dir = g_dir_make_tmp("wwinc-XXXXXX", NULL);
    GString *frag = g_string_new("<fragment>\n<!--");
    const char *tail = "-->\n</fragment>\n";
    while (frag->len < WW_MDL_MAX_FILE - strlen(tail))
        g_string_append_c(frag, '.');
    g_string_append(frag, tail);
    char *fp = tmp_file(dir, "f.xml", frag->str, (gssize)frag->len);
    GString *top = g_string_new("<machine>\n");
    for (int i = 0; i < 17; i++)
        g_string_append(top, "<include href='f.xml'/>\n");
    g_string_append(top, "</machine>\n");
    char *tp = tmp_file(dir, "top.xml", top->str, -1);
    GError *err = NULL;
    WW_CHECK(!ww_mdl_parse(tp, NULL, NULL, &err));
    WW_CHECK_MSG(g_str_has_suffix(err->message, "top.xml:17: error: include 'f.xml' takes the "
                 "XML read for this machine over 16 MiB; expected fewer or smaller files"),
                 "%s", err->message);
    g_clear_error(&err);
    g_unlink(fp), g_unlink(tp), g_rmdir(dir);
    g_free(fp), g_free(tp), g_free(dir);
    g_string_free(frag, TRUE);
    g_string_free(top, TRUE);
}

/* ---- encodings: one message of ours, nothing from libxml2 ---------------------- */

/* Parse buf with fd 2 redirected; returns what reached stderr. */
static char *parse_quietly(const char *name, const char *buf, size_t len, GError **err,
                           bool *ok)
{
    char *path = g_build_filename(g_get_tmp_dir(), "wwstderr-XXXXXX", NULL);
    int fd = g_mkstemp(path);
    WW_CHECK(fd >= 0);
    fflush(stderr);
    int saved = dup(STDERR_FILENO);
    dup2(fd, STDERR_FILENO);
    ww_mdl_desc *d = ww_mdl_parse_buffer(name, buf, len, ".", NULL, NULL, err);
    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
    close(fd);
    *ok = d != NULL;
    ww_mdl_desc_free(d);
    gchar *text = NULL;
    WW_CHECK(g_file_get_contents(path, &text, NULL, NULL));
    g_unlink(path);
    g_free(path);
    return text;
}

/* "<machine name=\"e\"/>" and friends in IBM037 (EBCDIC). */
static GString *ebcdic(const char *ascii)
{
    gsize w = 0;
    char *t = g_convert(ascii, -1, "IBM037", "UTF-8", NULL, &w, NULL);
    WW_CHECK_MSG(t, "this host's iconv has no IBM037");
    GString *s = g_string_new_len(t, (gssize)w);
    g_free(t);
    return s;
}

WW_TEST("mdl/input/encodings", t_encodings)
{
    static const struct { const char *name, *text; gssize len; const char *want; } bad[] = {
        /* Latin-1 bytes with no declaration: one line (libxml2's was two). */
        { "latin.xml", "<machine name=\"\xe9\">\n</machine>\n", -1,
          "latin.xml:1: error: not UTF-8 text (bytes 0xE9 0x22 0x3E 0x0A); expected UTF-8 (or "
          "UTF-16, or an ASCII-compatible encoding named in <?xml … encoding=\"…\"?>)" },
        { "nul.xml", "<machine>\n\n<ram id='r' size='1'/>\0\n</machine>\n", 45,
          "nul.xml:3: error: not UTF-8 text (bytes 0x00 0x0A 0x3C 0x2F)" },
        /* Declared Shift_JIS, a lead byte with no trail: iconv fails on line 2. */
        { "sjis.xml", "<?xml version='1.0' encoding='Shift_JIS'?>\n<machine name='\x81 '/>\n", -1,
          "sjis.xml:2: error: not valid Shift_JIS text (bytes 0x81 0x20 0x27 0x2F)" },
        { "u16.xml", "<?xml version='1.0' encoding='UTF-16'?>\n<machine/>\n", -1,
          "u16.xml:1: error: the XML declaration names encoding 'UTF-16', but the declaration "
          "is not written in it" },
        { "nosuch.xml", "<?xml version='1.0' encoding='no-such-charset'?>\n<machine/>\n", -1,
          "nosuch.xml:1: error: the XML declaration names encoding 'no-such-charset'" },
        { "ucs4.xml", "<\0\0\0m\0\0\0", 8, "ucs4.xml:1: error: the file is UCS-4 (UTF-32) encoded" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        GError *err = NULL;
        bool ok;
        size_t len = bad[i].len < 0 ? strlen(bad[i].text) : (size_t)bad[i].len;
        char *printed = parse_quietly(bad[i].name, bad[i].text, len, &err, &ok);
        WW_CHECK_MSG(!ok, "%s parsed", bad[i].name);
        WW_CHECK_MSG(g_str_has_prefix(err->message, bad[i].want), "%s: got\n    %s\nexpected\n"
                     "    %s…", bad[i].name, err->message, bad[i].want);
        WW_CHECK_MSG(!strchr(err->message, '\n'), "%s: two lines: %s", bad[i].name, err->message);
        WW_CHECK_MSG(!*printed, "%s: libxml2 printed \"%s\"", bad[i].name, printed);
        g_clear_error(&err);
        g_free(printed);
    }
    /* The file: EBCDIC, declaring Shift_JIS. libxml2 used to print
     * "encoding error : input conversion failed …" twice and "I/O error". */
    GString *e = ebcdic("<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>\n<machine name=\"e\">\n"
                        "</machine>\n");
    GError *err = NULL;
    bool ok;
    char *printed = parse_quietly("ebcdic.xml", e->str, e->len, &err, &ok);
    WW_CHECK(!ok);
    WW_CHECK_MSG(g_str_has_prefix(err->message, "ebcdic.xml:1: error: the file is EBCDIC "
                 "encoded; expected UTF-8"), "%s", err->message);
    WW_CHECK_MSG(!*printed, "libxml2 printed \"%s\"", printed);
    g_clear_error(&err);
    g_free(printed);
    g_string_free(e, TRUE);

    /* What does load: UTF-16 (BOM or none), Latin-1 and Shift_JIS declared,
     * a UTF-8 BOM; the title arrives as UTF-8. */
    const char *body = "<machine name=\"t\" title=\"caf\xc3\xa9\">\n<ram id=\"r\" size=\"1\"/>\n"
                       "</machine>\n";
    static const struct { const char *to, *decl, *bom; gssize bomlen; } good[] = {
        { "UTF-16LE", "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n", "\xff\xfe", 2 },
        { "UTF-16BE", "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n", "", 0 },
        { "UTF-16LE", "", "\xff\xfe", 2 },
        { "ISO-8859-1", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n", "", 0 },
        { "UTF-8", "<?xml version=\"1.0\"?>\n", "\xef\xbb\xbf", 3 },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(good); i++) {
        char *u = g_strconcat(good[i].decl, body, NULL);
        gsize w = 0;
        char *t = g_convert(u, -1, good[i].to, "UTF-8", NULL, &w, NULL);
        WW_CHECK(t);
        GString *f = g_string_new_len(good[i].bom, good[i].bomlen);
        g_string_append_len(f, t, (gssize)w);
        ww_mdl_desc *d = ww_mdl_parse_buffer("good.xml", f->str, f->len, ".", NULL, NULL, &err);
        WW_CHECK_MSG(d, "%s: %s", good[i].to, err ? err->message : "");
        WW_CHECK_STR(d->title, "caf\xc3\xa9");
        WW_CHECK_EQ(((ww_mdl_node *)d->nodes->pdata[0])->line, good[i].decl[0] ? 3 : 2);
        ww_mdl_desc_free(d);
        g_string_free(f, TRUE);
        g_free(t);
        g_free(u);
    }
    /* A UTF-8 BOM wins over a declaration that says otherwise, as in libxml2. */
    const char *bom = "\xef\xbb\xbf<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
                      "<machine name=\"t\" title=\"caf\xc3\xa9\"/>\n";
    ww_mdl_desc *d = ww_mdl_parse_buffer("bom.xml", bom, strlen(bom), ".", NULL, NULL, &err);
    WW_CHECK_NOERR(d, err);
    WW_CHECK_STR(d->title, "caf\xc3\xa9");
    ww_mdl_desc_free(d);
}

WW_TEST("mdl/input/doctype-before-libxml2", t_doctype)
{
    /* Found in the text, after comments and processing instructions. */
    const char *x = "<?xml version='1.0'?>\n<!-- <!DOCTYPE in a comment -->\n"
                    "<!DOCTYPE machine [ <!ENTITY a 'b'> ]>\n<machine/>\n";
    GError *err = NULL;
    WW_CHECK(!ww_mdl_parse_buffer("dt.xml", x, strlen(x), ".", NULL, NULL, &err));
    WW_CHECK_STR(err->message, "dt.xml:3: error: <!DOCTYPE> is not allowed; expected a plain "
                 "XML file without DTD or entities");
    g_clear_error(&err);
}

WW_TEST("mdl/input/not-a-file", t_not_a_file)
{
    /* A directory or a FIFO used to be "no such machine file" (and a FIFO
     * must not block). */
    char *dir = g_dir_make_tmp("wwnf-XXXXXX", NULL);
    char *fifo = g_build_filename(dir, "fifo", NULL);
    WW_CHECK(mkfifo(fifo, 0600) == 0);
    GError *err = NULL;
    WW_CHECK(!ww_mdl_parse(dir, NULL, NULL, &err));
    WW_CHECK_MSG(g_str_has_suffix(err->message, ": error: a directory; expected a machine file "
                 "(.xml) or a name like pc/q35"), "%s", err->message);
    g_clear_error(&err);
    GString *diag = g_string_new(NULL);
    WW_CHECK(!ww_mdl_lint(fifo, NULL, NULL, diag, &err));
    WW_CHECK_MSG(strstr(err->message, "/fifo: error: a FIFO; expected a machine file"), "%s",
                 err->message);
    g_clear_error(&err);
    g_string_free(diag, TRUE);
    g_unlink(fifo), g_rmdir(dir);
    g_free(fifo), g_free(dir);
}

/* ---- <rom file=> is confined like <include> ------------------------------------- */

static ww_machine *load_rom_machine(const char *dir, const char *file, const char *const *rom_path,
                                    bool lint, GError **err)
{
    char *xml = g_strdup_printf("<machine>\n<rom id='rom' size='1MiB' file='%s'/>\n</machine>\n",
                                file);
    char *m = tmp_file(dir, "m.xml", xml, -1);
    ww_mdl_opts o = { .rom_path = rom_path, .check_only = lint };
    ww_machine *mc = ww_mdl_load(m, NULL, &o, err);
    g_unlink(m);
    g_free(m);
    g_free(xml);
    return mc;
}

WW_TEST("mdl/rom/file-confined", t_rom_confined)
{
    /* A machine file from someone else could read any host file into guest
     * memory: file="/etc/passwd", "../../x", a symlink out of the tree. */
    char *top = g_dir_make_tmp("wwrom-XXXXXX", NULL);
    char *mdir = g_build_filename(top, "machine", NULL);
    char *roms = g_build_filename(top, "roms", NULL);
    WW_CHECK(g_mkdir(mdir, 0700) == 0 && g_mkdir(roms, 0700) == 0);
    char *outside = tmp_file(top, "outside.bin", "secret", -1);
    char *inside = tmp_file(mdir, "inside.bin", "\x12\x34", 2);
    char *inrom = tmp_file(roms, "r.bin", "\x56\x78", 2);
    char *link = g_build_filename(mdir, "link.bin", NULL);
    WW_CHECK(symlink(outside, link) == 0);
    GError *err = NULL;
    const char *refused[] = { "/etc/passwd", "../outside.bin", "link.bin", outside };
    for (size_t i = 0; i < G_N_ELEMENTS(refused); i++)
        for (int lint = 0; lint < 2; lint++) {
            WW_CHECK(!load_rom_machine(mdir, refused[i], NULL, lint, &err));
            WW_CHECK_MSG(err && strstr(err->message, "m.xml:2: error: file '") &&
                         strstr(err->message, "' is outside the directories ROM images may "
                                "come from; expected a file under the machine directories"),
                         "%s (lint %d): %s", refused[i], lint, err ? err->message : "no error");
            WW_CHECK(strstr(err->message, "--rom-path DIR adds one"));
            g_clear_error(&err);
        }
    /* Allowed: the machine's own directory, --rom-path, the build directory. */
    ww_machine *m = load_rom_machine(mdir, "inside.bin", NULL, false, &err);
    WW_CHECK_NOERR(m, err);
    WW_CHECK_EQ(ww_machine_find_memory(m, "rom", NULL)[1], 0x34);
    ww_machine_free(m);
    const char *rp[] = { roms, NULL };
    m = load_rom_machine(mdir, inrom, rp, false, &err);
    WW_CHECK_NOERR(m, err);
    WW_CHECK_EQ(ww_machine_find_memory(m, "rom", NULL)[0], 0x56);
    ww_machine_free(m);
    WW_CHECK(!load_rom_machine(mdir, inrom, NULL, false, &err));   /* without --rom-path */
    g_clear_error(&err);
    char *bin = g_build_filename(ww_test_build_dir(), "tests", "firmware", "mdl", "vector.bin",
                                 NULL);
    char *abs = g_canonicalize_filename(bin, NULL);
    m = load_rom_machine(mdir, abs, NULL, false, &err);
    WW_CHECK_NOERR(m, err);
    WW_CHECK_EQ(ww_machine_find_memory(m, "rom", NULL)[0], 0x12);
    ww_machine_free(m);
    /* A missing file: lint reads no ROM, so only the run says so. */
    m = load_rom_machine(mdir, "nosuch.bin", NULL, true, &err);
    WW_CHECK_NOERR(m, err);
    ww_machine_free(m);
    WW_CHECK(!load_rom_machine(mdir, "nosuch.bin", NULL, false, &err));
    WW_CHECK_MSG(strstr(err->message, "m.xml:2: error: file '") &&
                 strstr(err->message, "nosuch.bin': No such file or directory"), "%s",
                 err->message);
    g_clear_error(&err);
    g_unlink(link), g_unlink(outside), g_unlink(inside), g_unlink(inrom);
    g_rmdir(roms), g_rmdir(mdir), g_rmdir(top);
    g_free(link), g_free(outside), g_free(inside), g_free(inrom), g_free(roms), g_free(mdir);
    g_free(top), g_free(bin), g_free(abs);
}
