/* tests/mdl/mdl.c — the machine-description language: every broken file in
 * tests/mdl/bad/ fails with its expected file:line and message; the good
 * machines (extends + include + param + -p) instantiate with the values the
 * overrides say; ROMs load before reset; a missing ROM names id, size, hashes
 * and directories; `run` stops on --expect / --until. Test chips: testchips.c. */
#include "tests/harness.h"
#include "tests/mdl/testchips.h"
#include "core/mdl.h"
#include "devtools/chipdoc.h"
#include "devtools/graph.h"
#include "firmware-loaders/romcat.h"
#include "frontend/run.h"
#include <glib/gstdio.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#define BAD_DIR "tests/mdl/bad"
#define GOOD_DIR "tests/mdl/good"

/* Text between `<!-- KEY: ` and ` -->`, or NULL. */
static char *comment_value(const char *text, const char *key)
{
    char *open = g_strdup_printf("<!-- %s: ", key);
    const char *p = strstr(text, open);
    char *r = NULL;
    if (p) {
        p += strlen(open);
        const char *e = strstr(p, " -->");
        if (e)
            r = g_strndup(p, (gsize)(e - p));
    }
    g_free(open);
    return r;
}

static void bad_file(void *data)
{
    const char *path = data;
    gchar *text;
    WW_CHECK(g_file_get_contents(path, &text, NULL, NULL));
    char *expect = comment_value(text, "expect");
    char *pstr = comment_value(text, "params");
    g_free(text);
    char **params = pstr ? g_strsplit(pstr, " ", -1) : NULL;
    GString *diag = g_string_new(NULL);
    GError *err = NULL;
    bool ok = ww_mdl_lint(path, (const char *const *)params, NULL, diag, &err);
    WW_CHECK_MSG(!ok, "%s loaded without error", path);
    WW_CHECK_MSG(expect, "%s has no <!-- expect: FILE:LINE: MESSAGE --> comment; error is\n%s",
                 path, err->message);
    /* "FILE:LINE: MESSAGE" → the error must read "…/FILE:LINE: error: MESSAGE". */
    const char *c1 = strchr(expect, ':');
    const char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
    WW_CHECK_MSG(c2 && c2[1] == ' ', "expect comment '%s' is not FILE:LINE: MESSAGE; error is\n%s",
                 expect, err->message);
    char *want = g_strdup_printf("%.*s: error: %s", (int)(c2 - expect), expect, c2 + 2);
    const char *msg = err->message;
    size_t ml = strlen(msg), wl = strlen(want);
    bool match = ml >= wl && !strcmp(msg + ml - wl, want) &&
                 (ml == wl || msg[ml - wl - 1] == '/');
    WW_CHECK_MSG(match, "error\n    %s\nexpected\n    %s", msg, want);
    g_error_free(err);
    g_string_free(diag, TRUE);
    g_strfreev(params);
    g_free(want);
    g_free(expect);
    g_free(pstr);
}

WW_TEST_GEN(bad_files)
{
    GDir *d = g_dir_open(BAD_DIR, 0, NULL);
    if (!d)
        return;
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    const char *n;
    while ((n = g_dir_read_name(d)))
        if (g_str_has_suffix(n, ".xml"))
            g_ptr_array_add(names, g_strdup(n));
    g_dir_close(d);
    for (guint i = 0; i < names->len; i++) {
        char *name = g_strdup_printf("mdl/bad/%s", (char *)names->pdata[i]);
        ww_test_register(name, bad_file, g_build_filename(BAD_DIR, names->pdata[i], NULL), 0);
        g_free(name);
    }
    g_ptr_array_free(names, TRUE);
}

WW_TEST("mdl/bad/count", bad_count)
{
    /* The issue asks for at least 30 broken machine files. */
    GDir *d = g_dir_open(BAD_DIR, 0, NULL);
    WW_CHECK(d);
    unsigned n = 0;
    const char *f;
    while ((f = g_dir_read_name(d)))
        n += g_str_has_suffix(f, ".xml");
    g_dir_close(d);
    WW_CHECK_MSG(n >= 30, "%u bad files", n);
}

/* ---- good machines ------------------------------------------------------------ */

static char *prop(ww_machine *m, const char *chip, const char *name)
{
    ww_chip *c = ww_machine_find_chip(m, chip);
    WW_CHECK_MSG(c, "no chip %s", chip);
    return ww_chip_get_prop(c, name);
}

#define CHECK_PROP(m, chip, name, want) do { char *v_ = prop(m, chip, name); \
    WW_CHECK_STR(v_, want); g_free(v_); } while (0)

WW_TEST("mdl/good/extends-include-param-override", good_override)
{
    const char *params[] = { "clk=3MHz", NULL };
    GError *err = NULL;
    ww_machine *m = ww_mdl_load(GOOD_DIR "/derived.xml", params, NULL, &err);
    WW_CHECK_NOERR(m, err);
    /* -p clk=3MHz reached both users of ${clk} (one in the base file). */
    CHECK_PROP(m, "cpu", "clock", "3000000");
    CHECK_PROP(m, "dev", "clock", "3000000");
    /* derived.xml's param default (128KiB) overrides base.xml's (64KiB). */
    uint64_t size = 0;
    WW_CHECK(ww_machine_find_memory(m, "ram", &size));
    WW_CHECK_EQ(size, 128 * 1024);
    /* <chip id="dev" label=…/> amends the base's dev: new label, count kept. */
    CHECK_PROP(m, "dev", "label", "derived");
    CHECK_PROP(m, "dev", "count", "2");
    /* dev2 came from the included fragment. */
    CHECK_PROP(m, "dev2", "mode", "beta");
    /* The range wire is element-wise: dev.out@1 drives dev2.irq@3 only. */
    mdltest *dev = (mdltest *)ww_machine_find_chip(m, "dev");
    ww_chip *dev2 = ww_machine_find_chip(m, "dev2");
    ww_line_set(&dev->out[1], 1);
    WW_CHECK_EQ(ww_input_level(dev2, 0, 3), 1);
    WW_CHECK_EQ(ww_input_level(dev2, 0, 2), 0);
    ww_line_set(&dev->out[1], 0);
    /* A param used before its <param> line still expands. */
    CHECK_PROP(m, "uart", "delay", "2000000");
    /* The ROM was loaded before reset: mdlcpu read its first long as the vector. */
    mdlcpu *cpu = (mdlcpu *)ww_machine_find_chip(m, "cpu");
    WW_CHECK_EQ(cpu->reset_vector, 0x12345678);
    /* Spaces were made from the bus-port defaults: cpu.mem is 24-bit big-endian. */
    ww_space *s = ww_machine_find_space(m, "cpu.mem");
    WW_CHECK(s);
    WW_CHECK_EQ(ww_space_cfg(s)->addr_bits, 24);
    WW_CHECK_EQ(ww_space_cfg(s)->endian, WW_BIG_ENDIAN);
    /* The stride-2 map: data register 1 is at io 0x102. */
    uint64_t v;
    WW_CHECK_EQ(ww_space_write(ww_machine_find_space(m, "cpu.io"), 0x102, 1, 0xab), WW_BUS_OK);
    WW_CHECK_EQ(((mdltest *)ww_machine_find_chip(m, "dev"))->data[1], 0xab);
    WW_CHECK_EQ(ww_space_read(ww_machine_find_space(m, "cpu.io"), 0x10 + 1, 1, &v), WW_BUS_OK);
    WW_CHECK_EQ(v, 0x80);  /* STAT resets to 0x80 */
    ww_machine_free(m);
}

WW_TEST("mdl/good/default-params", good_defaults)
{
    GError *err = NULL;
    ww_machine *m = ww_mdl_load(GOOD_DIR "/derived.xml", NULL, NULL, &err);
    WW_CHECK_NOERR(m, err);
    CHECK_PROP(m, "dev", "clock", "2000000");   /* base.xml's default */
    ww_machine_free(m);
}

WW_TEST("mdl/good/unknown-p", good_unknown_p)
{
    const char *params[] = { "clock=3MHz", NULL };
    GError *err = NULL;
    WW_CHECK(!ww_mdl_load(GOOD_DIR "/derived.xml", params, NULL, &err));
    WW_CHECK_STR(err->message,
                 "-p clock: error: machine 'test/derived' has no param 'clock'; did you mean 'clk'?");
    g_error_free(err);
}

WW_TEST("mdl/good/warnings", good_warnings)
{
    /* dev.reset is wired in the fragment, uart has no required ports: no warnings;
     * a lone mdltest leaves its required reset input unconnected. */
    GString *diag = g_string_new(NULL);
    GError *err = NULL;
    WW_CHECK_NOERR(ww_mdl_lint(GOOD_DIR "/derived.xml", NULL, NULL, diag, &err), err);
    WW_CHECK_STR(diag->str, "");
    const char *xml = "<machine name='w'>\n<chip id='lone' type='mdltest'/>\n</machine>\n";
    ww_mdl_opts o = { .check_only = true, .warnings = diag };
    ww_mdl_desc *d = ww_mdl_parse_buffer("w.xml", xml, strlen(xml), ".", NULL, &o, &err);
    WW_CHECK_NOERR(d, err);
    ww_machine *m = ww_mdl_instantiate(d, &o, &err);
    WW_CHECK_NOERR(m, err);
    WW_CHECK_STR(diag->str, "w.xml:2: warning: lone (mdltest): required input port 'reset' "
                 "is not connected\n");
    ww_machine_free(m);
    ww_mdl_desc_free(d);
    g_string_free(diag, TRUE);
}

WW_TEST("mdl/good/resolve-name", good_resolve)
{
    /* "test/run-hello" resolves through $WIREWRAP_MACHINES to DIR/test/run-hello.xml. */
    char *dir = g_canonicalize_filename("tests/mdl/good/machines", NULL);
    g_setenv("WIREWRAP_MACHINES", dir, TRUE);
    GError *err = NULL;
    char *p = ww_mdl_resolve("test/run-hello", NULL, &err);
    WW_CHECK_NOERR(p, err);
    WW_CHECK(g_str_has_suffix(p, "tests/mdl/good/machines/test/run-hello.xml"));
    g_free(p);
    WW_CHECK(!ww_mdl_resolve("test/nope", NULL, &err));
    WW_CHECK(strstr(err->message, "no such machine file"));
    g_error_free(err);
    g_free(dir);
}

/* ---- ROMs ----------------------------------------------------------------------- */

WW_TEST("mdl/rom/missing-user-rom", rom_missing)
{
    /* HOME and the ROM path point at an empty directory so no real dump is found. */
    char *tmp = g_dir_make_tmp("wwrom-XXXXXX", NULL);
    g_setenv("HOME", tmp, TRUE);
    g_setenv("WIREWRAP_ROM_PATH", tmp, TRUE);
    GError *err = NULL;
    ww_machine *m = ww_mdl_load(GOOD_DIR "/missing-rom.xml", NULL, NULL, &err);
    WW_CHECK(!m);
    const char *msg = err->message;
    ww_test_log("%s", msg);
    WW_CHECK(strstr(msg, "missing-rom.xml:5: error: ROM 'macplus-v3-hi' not found: expected "
                    "65536 bytes, CRC32 f69697e6, SHA-1 41317614ac71eb94941e9952f6ea37407e21ffff"));
    WW_CHECK(strstr(msg, "searched "));
    WW_CHECK(strstr(msg, tmp));
    WW_CHECK(strstr(msg, "user-supplied"));
    g_error_free(err);
    g_rmdir(tmp);
    g_free(tmp);
}

WW_TEST("mdl/rom/catalogue", rom_catalogue)
{
    GError *err = NULL;
    ww_romcat *c = ww_romcat_load_default(&err);
    WW_CHECK_NOERR(c, err);
    const ww_rom_entry *const *l;
    unsigned n = ww_romcat_entries(c, &l);
    WW_CHECK_MSG(n >= 20, "%u entries", n);
    const ww_rom_entry *e = ww_romcat_find(c, "quadra800");
    WW_CHECK(e);
    WW_CHECK_EQ(e->size, 1048576);
    WW_CHECK_EQ(e->crc32, 0x4e70e3c0);
    /* The installed SeaBIOS loads through the Debian directory. */
    e = ww_romcat_find(c, "seabios-256k");
    if (!g_file_test("/usr/share/seabios/bios-256k.bin", G_FILE_TEST_EXISTS)) {
        ww_romcat_free(c);
        ww_test_skip("Debian package seabios is not installed");
    }
    size_t len;
    char *found = NULL;
    uint8_t *data = ww_rom_load(c, e, NULL, &len, &found, &err);
    WW_CHECK_NOERR(data, err);
    WW_CHECK_EQ(len, 262144);
    g_free(data);
    g_free(found);
    ww_romcat_free(c);
}

/* ---- tools ------------------------------------------------------------------------ */

WW_TEST("mdl/chipdoc/test-chip", chipdoc_test_chip)
{
    GString *o = g_string_new(NULL);
    ww_chipdoc_markdown(ww_chip_class_find("mdltest"), o);
    WW_CHECK(strstr(o->str, "# mdltest\n"));
    WW_CHECK(strstr(o->str, "### CTRL\n"));
    WW_CHECK(strstr(o->str, "| 2:1 | `MODE` | mode select |"));
    WW_CHECK(strstr(o->str, "| `reset` | in | 1 | required | reset input (required) |"));
    g_string_free(o, TRUE);
}

WW_TEST("mdl/graph/test-machine", graph_test_machine)
{
    GError *err = NULL;
    ww_mdl_desc *d = ww_mdl_parse(GOOD_DIR "/derived.xml", NULL, NULL, &err);
    WW_CHECK_NOERR(d, err);
    GString *o = g_string_new(NULL);
    ww_graph_dot(d, o);
    WW_CHECK(g_str_has_prefix(o->str, "digraph \"test/derived\" {"));
    WW_CHECK(strstr(o->str, "\"cpu\" -> \"cpu.mem\""));
    WW_CHECK(strstr(o->str, "\"cpu.io\" -> \"dev\" [label=\"0x10 regs\"]"));
    WW_CHECK(strstr(o->str, "\"dev2\" -> \"cpu\" [style=dashed"));
    /* Graphviz accepts it (the pc/q35 run of this is tests/mdl/graph.test.sh). */
    char *dot = g_find_program_in_path("dot");
    if (dot) {
        char *file = g_build_filename(g_get_tmp_dir(), "wwgraph-XXXXXX", NULL);
        int fd = g_mkstemp(file);
        WW_CHECK(fd >= 0 && write(fd, o->str, o->len) == (ssize_t)o->len);
        close(fd);
        char *argv[] = { dot, "-Tsvg", file, NULL };
        char *svg = NULL;
        int status = -1;
        WW_CHECK_NOERR(g_spawn_sync(NULL, argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                                    &svg, NULL, &status, &err), err);
        WW_CHECK_EQ(status, 0);
        WW_CHECK(svg && strstr(svg, "<svg") && strstr(svg, "</svg>"));
        g_free(svg);
        g_unlink(file);
        g_free(file);
        g_free(dot);
    }
    g_string_free(o, TRUE);
    ww_mdl_desc_free(d);
}

/* ---- run ---------------------------------------------------------------------------- */

static int run(const char *const *args)
{
    int argc = 0;
    while (args[argc])
        argc++;
    /* The command prints its errors; keep the test output quiet. */
    fflush(stderr);
    int saved = dup(STDERR_FILENO), null = open("/dev/null", O_WRONLY);
    dup2(null, STDERR_FILENO);
    int rc = ww_run_main(argc, (char **)args);
    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
    close(null);
    return rc;
}

WW_TEST("mdl/run/expect", run_expect)
{
    char *out = g_build_filename(g_get_tmp_dir(), "wwrun-XXXXXX", NULL);
    int fd = g_mkstemp(out);
    WW_CHECK(fd >= 0);
    close(fd);
    char *serial = g_strconcat("file:", out, NULL);
    /* the uart prints "ready> " at 2 ms of virtual time */
    const char *ok[] = { "run", GOOD_DIR "/derived.xml", "--headless", "--serial", serial,
                         "--expect", "ready>", "--until", "1s", NULL };
    WW_CHECK_EQ(run(ok), 0);
    gchar *text;
    WW_CHECK(g_file_get_contents(out, &text, NULL, NULL));
    WW_CHECK_STR(text, "ready> ");
    g_free(text);
    /* -p delay=5ms with --until 3ms: the string never comes → 1 */
    const char *late[] = { "run", GOOD_DIR "/derived.xml", "-p", "delay=5ms", "--serial", "none",
                           "--expect", "ready>", "--until", "3ms", NULL };
    WW_CHECK_EQ(run(late), 1);
    /* a broken machine → 2 */
    const char *bad[] = { "run", BAD_DIR "/bad-unknown-chip.xml", "--until", "1ms", NULL };
    WW_CHECK_EQ(run(bad), 2);
    const char *usage[] = { "run", "--bogus", NULL };
    WW_CHECK_EQ(run(usage), 2);
    g_unlink(out);
    g_free(out);
    g_free(serial);
}

WW_TEST("mdl/run/until", run_until)
{
    /* No --expect: runs to --until and exits 0. */
    const char *args[] = { "run", GOOD_DIR "/derived.xml", "--serial", "none", "--until", "5ms",
                           NULL };
    WW_CHECK_EQ(run(args), 0);
}

static char *file_text(const char *path)
{
    gchar *t = NULL;
    WW_CHECK(g_file_get_contents(path, &t, NULL, NULL));
    return t;
}

WW_TEST("mdl/run/serial-file-kept-when-load-fails", run_serial_kept)
{
    /* Issue 20: the --serial file used to be truncated before the machine
     * loaded, so a typo in the machine name cost the previous log. */
    char *out = g_build_filename(g_get_tmp_dir(), "wwkeep-XXXXXX", NULL);
    int fd = g_mkstemp(out);
    WW_CHECK(fd >= 0 && write(fd, "keep\n", 5) == 5);
    close(fd);
    char *serial = g_strconcat("file:", out, NULL);
    const char *machines[] = { "nosuch/machine", BAD_DIR "/bad-malformed.xml",
                               BAD_DIR "/bad-unknown-chip.xml", GOOD_DIR "/missing-rom.xml" };
    for (size_t i = 0; i < G_N_ELEMENTS(machines); i++) {
        const char *args[] = { "run", machines[i], "--serial", serial, "--until", "1ms", NULL };
        WW_CHECK_EQ(run(args), 2);
        char *t = file_text(out);
        WW_CHECK_MSG(!strcmp(t, "keep\n"), "%s: the serial file now holds \"%s\"", machines[i], t);
        g_free(t);
    }
    /* A machine that loads owns the file: truncated, then the guest's bytes. */
    const char *ok[] = { "run", GOOD_DIR "/derived.xml", "--serial", serial, "--expect",
                         "ready>", "--until", "1s", NULL };
    WW_CHECK_EQ(run(ok), 0);
    char *t = file_text(out);
    WW_CHECK_STR(t, "ready> ");
    g_free(t);
    g_unlink(out);
    g_free(serial);
    g_free(out);
}

WW_TEST("mdl/run/serial-write-failure", run_serial_full)
{
    /* A sink that cannot be written ends the run with status 1 (it used to
     * drop the bytes and exit 0). */
    if (!g_file_test("/dev/full", G_FILE_TEST_EXISTS))
        ww_test_skip("no /dev/full on this host");
    const char *args[] = { "run", GOOD_DIR "/derived.xml", "--serial", "file:/dev/full",
                           "--until", "1s", NULL };
    WW_CHECK_EQ(run(args), 1);
    /* With --expect the string still reaches the matcher, but the failure wins. */
    const char *exp[] = { "run", GOOD_DIR "/derived.xml", "--serial", "file:/dev/full",
                          "--expect", "ready>", "--until", "1s", NULL };
    WW_CHECK_EQ(run(exp), 1);
}

WW_TEST("mdl/run/nothing-can-run", run_idle)
{
    /* test/minimal has no CPU and no timer: without --until the loop used
     * to spin forever (this test then hits its timeout). */
    const char *bare[] = { "run", "machines/test/minimal.xml", "--serial", "none", NULL };
    WW_CHECK_EQ(run(bare), 0);
    /* --until far away: virtual time jumps there. */
    const char *far[] = { "run", "machines/test/minimal.xml", "--until", "100000s", NULL };
    WW_CHECK_EQ(run(far), 0);
    /* Nothing will ever print: --expect fails at once instead of waiting. */
    const char *exp[] = { "run", "machines/test/minimal.xml", "--expect", "x", NULL };
    WW_CHECK_EQ(run(exp), 1);
}

WW_TEST("mdl/run/option-values", run_option_values)
{
    /* Numeric options go through ww_command_parse_uint: a bare number is
     * not a time, and junk is a usage error before anything loads. */
    const char *vals[] = { "1", "", "abc", "-5", "10x", "1 s" };
    for (size_t i = 0; i < G_N_ELEMENTS(vals); i++) {
        const char *args[] = { "run", GOOD_DIR "/derived.xml", "--until", vals[i], NULL };
        WW_CHECK_MSG(run(args) == 2, "--until '%s' was accepted", vals[i]);
    }
    const char *missing[] = { "run", GOOD_DIR "/derived.xml", "--until", NULL };
    WW_CHECK_EQ(run(missing), 2);
    const char *nofile[] = { "run", GOOD_DIR "/derived.xml", "--serial", "file:", NULL };
    WW_CHECK_EQ(run(nofile), 2);
}

/* ---- the shipped machines ------------------------------------------------------ */

static void lint_tree(const char *dir, unsigned *clean, GString *missing, GString *bad)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    const char *n;
    while (d && (n = g_dir_read_name(d))) {
        char *p = g_build_filename(dir, n, NULL);
        if (g_file_test(p, G_FILE_TEST_IS_DIR)) {
            lint_tree(p, clean, missing, bad);
        } else if (g_str_has_suffix(n, ".xml") && !strstr(p, "/common/")) {
            GError *err = NULL;
            GString *diag = g_string_new(NULL);
            if (ww_mdl_lint(p, NULL, NULL, diag, &err)) {
                (*clean)++;
            } else if (strstr(err->message, "unknown chip type")) {
                /* a chip model from a branch not merged yet */
                g_string_append_printf(missing, "%s%s", missing->len ? "; " : "", err->message);
            } else {
                g_string_append_printf(bad, "%s\n", err->message);
            }
            g_clear_error(&err);
            g_string_free(diag, TRUE);
        }
        g_free(p);
    }
    if (d)
        g_dir_close(d);
}

WW_TEST("mdl/machines/lint-all", machines_lint_all)
{
    /* Every machine file in machines/ lints clean. */
    unsigned clean = 0;
    GString *missing = g_string_new(NULL), *bad = g_string_new(NULL);
    lint_tree("machines", &clean, missing, bad);
    WW_CHECK_MSG(!bad->len, "%s", bad->str);
    WW_CHECK(clean >= 1);
    if (missing->len)
        ww_test_skip("%u clean; waiting for chip models: %s", clean, missing->str);
    g_string_free(missing, TRUE);
    g_string_free(bad, TRUE);
}

/* ---- limits ----------------------------------------------------------------------- */

WW_TEST("mdl/limits/element-count", limit_elements)
{
    /* 10001 elements: refused with the line of the first one over the cap. */
    GString *x = g_string_new("<machine name='big'>\n");
    for (unsigned i = 0; i <= WW_MDL_MAX_NODES; i++)
        g_string_append_printf(x, "<param name='p%u' default='1'/>\n", i);
    g_string_append(x, "</machine>\n");
    GError *err = NULL;
    ww_mdl_desc *d = ww_mdl_parse_buffer("big.xml", x->str, x->len, ".", NULL, NULL, &err);
    WW_CHECK(!d);
    WW_CHECK_STR(err->message, "big.xml:10002: error: more than 10000 elements; expected a "
                 "smaller machine");
    g_error_free(err);
    g_string_free(x, TRUE);
}

WW_TEST("mdl/limits/file-size", limit_file_size)
{
    char *big = g_malloc(WW_MDL_MAX_FILE + 1);
    memset(big, ' ', WW_MDL_MAX_FILE + 1);
    GError *err = NULL;
    WW_CHECK(!ww_mdl_parse_buffer("huge.xml", big, WW_MDL_MAX_FILE + 1, ".", NULL, NULL, &err));
    WW_CHECK(strstr(err->message, "huge.xml:1: error: file is 1048577 bytes; expected at most"));
    g_error_free(err);
    g_free(big);
}

WW_TEST("mdl/limits/include-depth", limit_depth)
{
    /* top.xml includes f1 → f2 → … → f9: the 9th level is refused. */
    char *dir = g_dir_make_tmp("wwdepth-XXXXXX", NULL);
    WW_CHECK(dir);
    for (int i = 1; i <= 9; i++) {
        char *name = g_strdup_printf("%s/f%d.xml", dir, i);
        char *body = i < 9 ? g_strdup_printf("<fragment>\n<include href='f%d.xml'/>\n</fragment>\n", i + 1)
                           : g_strdup("<fragment/>\n");
        WW_CHECK(g_file_set_contents(name, body, -1, NULL));
        g_free(name);
        g_free(body);
    }
    char *top = g_strdup_printf("%s/top.xml", dir);
    WW_CHECK(g_file_set_contents(top, "<machine>\n<include href='f1.xml'/>\n</machine>\n", -1,
                                 NULL));
    GError *err = NULL;
    WW_CHECK(!ww_mdl_parse(top, NULL, NULL, &err));
    WW_CHECK_MSG(g_str_has_suffix(err->message, "/f8.xml:2: error: include 'f9.xml' nests "
                 "deeper than 8 files; expected at most 8 levels"), "%s", err->message);
    g_error_free(err);
    for (int i = 1; i <= 9; i++) {
        char *name = g_strdup_printf("%s/f%d.xml", dir, i);
        g_unlink(name);
        g_free(name);
    }
    g_unlink(top);
    g_rmdir(dir);
    g_free(top);
    g_free(dir);
}

/* ---- catalogue lookup end to end ------------------------------------------------- */

WW_TEST("mdl/rom/catalogue-lookup", rom_lookup)
{
    /* A private catalogue, a ROM directory given as --rom-path, and a machine
     * that names the ROM by id: the image is found by name, checked by hash,
     * and ends up in the ROM before the CPU reads its reset vector. */
    char *dir = g_dir_make_tmp("wwcat-XXXXXX", NULL);
    WW_CHECK(dir);
    uint8_t img[256];
    for (unsigned i = 0; i < sizeof img; i++)
        img[i] = (uint8_t)(0xA0 + i);
    uint32_t crc;
    char sha[41];
    ww_rom_hash(img, sizeof img, &crc, sha);
    char *cat = g_strdup_printf("%s/roms.txt", dir);
    char *line = g_strdup_printf("# test catalogue\ntest-rom 256 %08x %s files=test.rom "
                                 "source=user-supplied title=\"test image\"\n", crc, sha);
    WW_CHECK(g_file_set_contents(cat, line, -1, NULL));
    char *romdir = g_strdup_printf("%s/roms", dir);
    g_mkdir(romdir, 0755);
    char *rompath = g_strdup_printf("%s/test.rom", romdir);
    WW_CHECK(g_file_set_contents(rompath, (const char *)img, sizeof img, NULL));
    char *mfile = g_strdup_printf("%s/m.xml", dir);
    WW_CHECK(g_file_set_contents(mfile,
        "<machine name='cat'>\n"
        "  <cpu id='cpu' type='mdlcpu'/>\n"
        "  <rom id='rom' size='4KiB' catalogue='test-rom'/>\n"
        "  <map space='cpu.mem' at='0' to='rom'/>\n"
        "</machine>\n", -1, NULL));
    const char *rp[] = { romdir, NULL };
    ww_mdl_opts o = { .catalogue = cat, .rom_path = rp };
    GError *err = NULL;
    ww_machine *m = ww_mdl_load(mfile, NULL, &o, &err);
    WW_CHECK_NOERR(m, err);
    WW_CHECK_EQ(((mdlcpu *)ww_machine_find_chip(m, "cpu"))->reset_vector, 0xA0A1A2A3);
    ww_machine_free(m);

    /* Same name, other contents: refused, and the message shows what was found. */
    img[0] ^= 0xff;
    WW_CHECK(g_file_set_contents(rompath, (const char *)img, sizeof img, NULL));
    WW_CHECK(!ww_mdl_load(mfile, NULL, &o, &err));
    ww_test_log("%s", err->message);
    WW_CHECK(strstr(err->message, "m.xml:3: error: ROM 'test-rom' not found: expected 256 bytes"));
    char *other = g_strdup_printf("files with other hashes: %s (256 bytes, CRC32 ", rompath);
    WW_CHECK(strstr(err->message, other));
    g_free(other);
    g_error_free(err);

    /* roms scan's identify: the original hashes map back to the id. */
    ww_romcat *c = ww_romcat_load(cat, &err);
    WW_CHECK_NOERR(c, err);
    WW_CHECK_STR(ww_romcat_identify(c, 256, sha)->id, "test-rom");
    WW_CHECK(!ww_romcat_identify(c, 257, sha));
    ww_romcat_free(c);

    g_unlink(rompath);
    g_unlink(mfile);
    g_unlink(cat);
    g_rmdir(romdir);
    g_rmdir(dir);
    g_free(rompath);
    g_free(romdir);
    g_free(mfile);
    g_free(line);
    g_free(cat);
    g_free(dir);
}

WW_TEST("mdl/rom/catalogue-errors", rom_cat_errors)
{
    /* roms.txt errors name file:line and what was expected. */
    char *dir = g_dir_make_tmp("wwcat-XXXXXX", NULL);
    char *cat = g_strdup_printf("%s/roms.txt", dir);
    static const struct { const char *text, *want; } cases[] = {
        { "# c\nx 256 0000000g 0123456789012345678901234567890123456789\n",
          "roms.txt:2: error: bad size or hash" },
        { "x 256\n", "roms.txt:1: error: too few fields" },
        { "x 256 00000000 0123456789012345678901234567890123456789 colour=red\n",
          "roms.txt:1: error: unknown key 'colour'" },
        { "x 1 00000000 0123456789012345678901234567890123456789\n"
          "x 1 00000000 0123456789012345678901234567890123456789\n",
          "roms.txt:2: error: id 'x' listed twice" },
        { "x 1 00000000 0123456789012345678901234567890123456789 title=\"open\n",
          "roms.txt:1: error: unterminated quote" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        WW_CHECK(g_file_set_contents(cat, cases[i].text, -1, NULL));
        GError *err = NULL;
        WW_CHECK(!ww_romcat_load(cat, &err));
        WW_CHECK_MSG(strstr(err->message, cases[i].want), "%s lacks %s", err->message,
                     cases[i].want);
        g_error_free(err);
    }
    g_unlink(cat);
    g_rmdir(dir);
    g_free(cat);
    g_free(dir);
}

WW_TEST("mdl/good/cpu-type-from-model", good_cpu_model)
{
    /* DESIGN.md §7 writes <cpu id="cpu" model="m68040" …/> with no type=: the
     * loader picks the CPU type whose model list has the model. */
    static const char xml[] =
        "<machine name=\"t\" title=\"t\">\n"
        "  <cpu id=\"cpu\" model=\"m2\" clock=\"2MHz\"/>\n"
        "</machine>\n";
    GError *err = NULL;
    ww_mdl_desc *d = ww_mdl_parse_buffer("inline.xml", xml, sizeof xml - 1, GOOD_DIR, NULL, NULL, &err);
    WW_CHECK_NOERR(d, err);
    ww_machine *m = ww_mdl_instantiate(d, NULL, &err);
    WW_CHECK_NOERR(m, err);
    ww_chip *c = ww_machine_find_chip(m, "cpu");
    WW_CHECK(c && c->cls->cpu);
    CHECK_PROP(m, "cpu", "model", "m2");
    ww_machine_free(m);
    ww_mdl_desc_free(d);
    /* A model no CPU type has: the usual "needs attribute 'type'" error. */
    static const char bad[] = "<machine name=\"t\" title=\"t\">\n  <cpu id=\"cpu\" model=\"zz9\"/>\n</machine>\n";
    WW_CHECK_ERR(ww_mdl_parse_buffer("inline.xml", bad, sizeof bad - 1, GOOD_DIR, NULL, NULL, &err),
                 err, "inline.xml:2: error: <cpu> needs attribute 'type'");
}
