/* tests/cpu/m68k/vectors.c — SingleStepTests 68000 vectors (MAME's
 * microcoded 68000; ../shared/vectors/m68000/README.md). One test per file:
 * load `initial` (registers, prefetch queue, RAM), execute one instruction,
 * compare every register, SR, PC (the next-prefetch address), the prefetch
 * queue and every `final.ram` byte, and the cycle count (`length`): the
 * 68000 is exact in both. The test cpu/m68k/vectors/all runs every file and
 * logs the aggregate line. WW_M68K_CYCLES=1 lists cycle mismatches. */
#include "tests/harness.h"
#include "cpu/m68k/m68k.h"
#include <json-glib/json-glib.h>
#include <zlib.h>

#define RAM_SIZE (1u << 24)

typedef struct {
    unsigned tests, pass, cycles_ok;
    unsigned blocks;        /* cached: the tests whose instruction ran from a block */
    GString *fails;
    unsigned nfails;
} vec_stats;

static char *read_gz(const char *path, size_t *len)
{
    gzFile f = gzopen(path, "rb");
    if (!f)
        return NULL;
    GByteArray *b = g_byte_array_new();
    char buf[65536];
    int n;
    while ((n = gzread(f, buf, sizeof buf)) > 0)
        g_byte_array_append(b, (const guint8 *)buf, (guint)n);
    gzclose(f);
    *len = b->len;
    g_byte_array_append(b, (const guint8 *)"", 1);
    return (char *)g_byte_array_free(b, FALSE);
}

static uint32_t jint(JsonObject *o, const char *k)
{
    return (uint32_t)json_object_get_int_member(o, k);
}

static const char *const dnames[8] = { "d0", "d1", "d2", "d3", "d4", "d5", "d6", "d7" };
static const char *const anames[7] = { "a0", "a1", "a2", "a3", "a4", "a5", "a6" };

static void load_state(m68k_t *m, uint8_t *ram, JsonObject *st)
{
    for (int i = 0; i < 8; i++)
        m->d[i] = jint(st, dnames[i]);
    for (int i = 0; i < 7; i++)
        m->a[i] = jint(st, anames[i]);
    m->sr = (uint16_t)jint(st, "sr");
    if (m->sr & SR_S) {
        m->a[7] = jint(st, "ssp");
        m->sp[SP_USP] = jint(st, "usp");
    } else {
        m->a[7] = jint(st, "usp");
        m->sp[SP_ISP] = jint(st, "ssp");
    }
    m->pc = jint(st, "pc");
    JsonArray *pf = json_object_get_array_member(st, "prefetch");
    m->ir = (uint16_t)json_array_get_int_element(pf, 0);
    m->irc = (uint16_t)json_array_get_int_element(pf, 1);
    m->stopped = m->halted = m->trace_pending = 0;
    JsonArray *r = json_object_get_array_member(st, "ram");
    for (guint i = 0; i < json_array_get_length(r); i++) {
        JsonArray *p = json_array_get_array_element(r, i);
        ram[json_array_get_int_element(p, 0) & (RAM_SIZE - 1)] =
            (uint8_t)json_array_get_int_element(p, 1);
    }
}

/* Returns a description of the differences (NULL = equal). */
static char *compare(m68k_t *m, uint8_t *ram, JsonObject *st)
{
    GString *s = g_string_new(NULL);
    for (int i = 0; i < 8; i++)
        if (m->d[i] != jint(st, dnames[i]))
            g_string_append_printf(s, " %s=%08x(want %08x)", dnames[i], m->d[i], jint(st, dnames[i]));
    for (int i = 0; i < 7; i++)
        if (m->a[i] != jint(st, anames[i]))
            g_string_append_printf(s, " %s=%08x(want %08x)", anames[i], m->a[i], jint(st, anames[i]));
    uint32_t usp = m68k_get_sp(m, SP_USP), ssp = m68k_get_sp(m, SP_ISP);
    if (usp != jint(st, "usp"))
        g_string_append_printf(s, " usp=%08x(want %08x)", usp, jint(st, "usp"));
    if (ssp != jint(st, "ssp"))
        g_string_append_printf(s, " ssp=%08x(want %08x)", ssp, jint(st, "ssp"));
    if (m->sr != jint(st, "sr"))
        g_string_append_printf(s, " sr=%04x(want %04x)", m->sr, jint(st, "sr"));
    if (m->pc != jint(st, "pc"))
        g_string_append_printf(s, " pc=%08x(want %08x)", m->pc, jint(st, "pc"));
    JsonArray *pf = json_object_get_array_member(st, "prefetch");
    if (m->ir != json_array_get_int_element(pf, 0) || m->irc != json_array_get_int_element(pf, 1))
        g_string_append_printf(s, " prefetch=%04x,%04x(want %04x,%04x)", m->ir, m->irc,
                               (unsigned)json_array_get_int_element(pf, 0),
                               (unsigned)json_array_get_int_element(pf, 1));
    JsonArray *r = json_object_get_array_member(st, "ram");
    unsigned bad = 0;
    for (guint i = 0; i < json_array_get_length(r); i++) {
        JsonArray *p = json_array_get_array_element(r, i);
        uint32_t a = (uint32_t)json_array_get_int_element(p, 0) & (RAM_SIZE - 1);
        uint8_t want = (uint8_t)json_array_get_int_element(p, 1);
        if (ram[a] != want && bad++ < 4)
            g_string_append_printf(s, " [%06x]=%02x(want %02x)", a, ram[a], want);
    }
    if (bad > 4)
        g_string_append_printf(s, " (+%u more bytes)", bad - 4);
    if (!s->len) {
        g_string_free(s, TRUE);
        return NULL;
    }
    return g_string_free(s, FALSE);
}

static void clear_ram(uint8_t *ram, JsonObject *st)
{
    JsonArray *r = json_object_get_array_member(st, "ram");
    for (guint i = 0; i < json_array_get_length(r); i++) {
        JsonArray *p = json_array_get_array_element(r, i);
        ram[json_array_get_int_element(p, 0) & (RAM_SIZE - 1)] = 0;
    }
}

/* One instruction on the cached engine (cpu/m68k/tc_run.c): blocks of one
 * instruction and a return after one block, so a run() runs its record (or
 * the uncached loop's one instruction when the block cannot be used), with
 * a budget no instruction's worst case exceeds (a machine enters a block
 * only when that fits); the blocks are dropped first (load_state wrote the
 * RAM behind the space's back). Its clocks. */
static unsigned step_cached(m68k_t *m, vec_stats *vs)
{
    ww_tcache_flush(m->tc);
    uint64_t before = m->cpu.cycles, entered = m->tc_entered;
    m->cpu.exit_request = 0;
    m->cpu.stop = WW_STOP_NONE;
    m->tc_max_insns = 1;
    m->tc_max_blocks = 1;
    m->cpu.chip.cls->cpu->run(&m->cpu, 1u << 20);
    if (m->tc_entered != entered)
        vs->blocks++;
    return (unsigned)(m->cpu.cycles - before);
}

/* Run one vector file; false if it cannot be read. cached: through the
 * cached engine's records instead of m68k_step. */
static bool run_file(const char *path, vec_stats *vs, bool cached)
{
    size_t len;
    char *text = read_gz(path, &len);
    if (!text)
        return false;
    JsonParser *jp = json_parser_new();
    GError *err = NULL;
    bool ok = json_parser_load_from_data(jp, text, (gssize)len, &err);
    g_free(text);
    if (!ok) {
        g_clear_error(&err);
        g_object_unref(jp);
        return false;
    }
    JsonArray *tests = json_node_get_array(json_parser_get_root(jp));

    ww_space_config cfg = { .addr_bits = 24, .page_bits = cached ? 12 : 0,
                            .endian = WW_BIG_ENDIAN, .unmapped = WW_UNMAPPED_BUS_ERROR };
    ww_space *space = ww_space_new("cpu.mem", &cfg, &err);
    uint8_t *ram = g_malloc0(RAM_SIZE);
    ww_space_map_ram(space, "ram", 0, RAM_SIZE, ram, false, 0, &err);
    ww_chip *chip = ww_chip_new("m68k", "cpu", NULL, &err);
    WW_CHECK_NOERR(chip != NULL, err);
    if (cached)
        WW_CHECK_NOERR(ww_chip_set_prop(chip, "engine", "interp", &err), err);
    WW_CHECK_NOERR(ww_chip_bind_bus(chip, "mem", space, &err), err);
    WW_CHECK_NOERR(ww_chip_realize(chip, &err), err);
    m68k_t *m = (m68k_t *)chip;
    WW_CHECK(!cached || m->tc);

    for (guint i = 0; i < json_array_get_length(tests); i++) {
        JsonObject *t = json_array_get_object_element(tests, i);
        JsonObject *ini = json_object_get_object_member(t, "initial");
        JsonObject *fin = json_object_get_object_member(t, "final");
        load_state(m, ram, ini);
        unsigned cyc = cached ? step_cached(m, vs) : m68k_step(m);
        char *diff = compare(m, ram, fin);
        vs->tests++;
        if (!diff) {
            vs->pass++;
        } else if (vs->nfails++ < 5) {
            g_string_append_printf(vs->fails, "  %s:%s\n", json_object_get_string_member(t, "name"), diff);
        }
        g_free(diff);
        if (cyc == json_object_get_int_member(t, "length"))
            vs->cycles_ok++;
        else if (getenv("WW_M68K_CYCLES"))
            g_string_append_printf(vs->fails, "  cycles %s: %u want %u\n",
                                   json_object_get_string_member(t, "name"), cyc,
                                   (unsigned)json_object_get_int_member(t, "length"));
        clear_ram(ram, ini);
        clear_ram(ram, fin);
    }
    ww_chip_free(chip);
    ww_space_free(space);
    g_free(ram);
    g_object_unref(jp);
    return true;
}

static char *vec_dir(void)
{
    return g_build_filename(ww_test_vectors_dir(), "m68000", "v1", NULL);
}

static void test_file(void *data)
{
    char *dir = vec_dir();
    char *path = g_build_filename(dir, (const char *)data, NULL);
    vec_stats vs = { .fails = g_string_new(NULL) };
    if (!run_file(path, &vs, false))
        ww_test_skip("cannot read %s", path);
    ww_test_log("%s: %u/%u state match, cycles %u/%u (%.1f%%)", (const char *)data, vs.pass,
                vs.tests, vs.cycles_ok, vs.tests, vs.tests ? 100.0 * vs.cycles_ok / vs.tests : 0);
    if (vs.fails->len)
        ww_test_log("%s", vs.fails->str);
    WW_CHECK_MSG(vs.pass == vs.tests, "%s: %u of %u tests differ", (const char *)data,
                 vs.tests - vs.pass, vs.tests);
    WW_CHECK_MSG(vs.cycles_ok == vs.tests, "%s: %u of %u cycle counts differ", (const char *)data,
                 vs.tests - vs.cycles_ok, vs.tests);
    g_string_free(vs.fails, TRUE);
    g_free(path);
    g_free(dir);
}

static void test_all(void *data)
{
    char *dir = vec_dir();
    GDir *d = g_dir_open(dir, 0, NULL);
    if (!d)
        ww_test_skip("no vectors in %s", dir);
    vec_stats vs = { .fails = g_string_new(NULL) };
    unsigned files = 0;
    const char *n;
    while ((n = g_dir_read_name(d))) {
        if (!g_str_has_suffix(n, ".json.gz"))
            continue;
        char *path = g_build_filename(dir, n, NULL);
        if (run_file(path, &vs, false))
            files++;
        g_free(path);
    }
    g_dir_close(d);
    ww_test_log("m68000 vectors: %u files, %u/%u state match (%.2f%%), cycles %u/%u (%.2f%%)",
                files, vs.pass, vs.tests, vs.tests ? 100.0 * vs.pass / vs.tests : 0,
                vs.cycles_ok, vs.tests, vs.tests ? 100.0 * vs.cycles_ok / vs.tests : 0);
    WW_CHECK_MSG(files > 0, "no vector files read in %s", dir);
    WW_CHECK_MSG(vs.pass == vs.tests, "%u of %u tests differ", vs.tests - vs.pass, vs.tests);
    WW_CHECK_MSG(vs.cycles_ok == vs.tests, "%u of %u cycle counts differ",
                 vs.tests - vs.cycles_ok, vs.tests);
    g_string_free(vs.fails, TRUE);
    g_free(dir);
}

/* The vector files of the instructions with cached records, run through
 * the records: the same state, frames and cycles as m68k_step gives (and
 * the vectors want). About half the tests run from a block; the rest (the
 * trace bit, set in about half the initial SRs; a queue that is not what
 * memory holds) take the uncached loop. */
static const char *const cached_files[] = {
    "ADD.b", "ADD.l", "ADD.w", "ADDA.l", "ADDA.w", "ADDX.b", "ADDX.l", "ADDX.w", "AND.b", "AND.l",
    "AND.w", "ASL.b", "ASL.l", "ASL.w", "ASR.b", "ASR.l", "ASR.w", "BCHG", "BCLR", "BSET", "BTST",
    "Bcc", "CLR.b", "CLR.l", "CLR.w", "CMP.b", "CMP.l", "CMP.w", "CMPA.l", "CMPA.w", "DBcc",
    "EOR.b", "EOR.l", "EOR.w", "EXT.l", "EXT.w", "JMP", "JSR", "LEA", "LSL.b", "LSL.l", "LSL.w",
    "LSR.b", "LSR.l", "LSR.w", "MOVE.b", "MOVE.l", "MOVE.q", "MOVE.w", "MOVEA.l", "MOVEA.w",
    "MOVEM.l", "MOVEM.w", "MULS", "MULU", "NEG.b", "NEG.l", "NEG.w", "NOT.b", "NOT.l", "NOT.w",
    "OR.b", "OR.l", "OR.w", "PEA", "RTS", "SUB.b", "SUB.l", "SUB.w", "SUBA.l", "SUBA.w", "SUBX.b",
    "SUBX.l", "SUBX.w", "SWAP", "Scc", "TST.b", "TST.l", "TST.w",
};

static void test_cached(void *data)
{
    char *dir = vec_dir();
    char *file = g_strdup_printf("%s.json.gz", (const char *)data);
    char *path = g_build_filename(dir, file, NULL);
    vec_stats vs = { .fails = g_string_new(NULL) };
    if (!run_file(path, &vs, true))
        ww_test_skip("cannot read %s", path);
    ww_test_log("%s (cached): %u/%u state match, cycles %u/%u, %u from a block", file, vs.pass,
                vs.tests, vs.cycles_ok, vs.tests, vs.blocks);
    if (vs.fails->len)
        ww_test_log("%s", vs.fails->str);
    WW_CHECK_MSG(vs.pass == vs.tests, "%s: %u of %u tests differ", file, vs.tests - vs.pass,
                 vs.tests);
    WW_CHECK_MSG(vs.cycles_ok == vs.tests, "%s: %u of %u cycle counts differ", file,
                 vs.tests - vs.cycles_ok, vs.tests);
    WW_CHECK_MSG(vs.blocks > vs.tests / 4, "%s: only %u of %u tests ran from a block", file,
                 vs.blocks, vs.tests);
    g_string_free(vs.fails, TRUE);
    g_free(path);
    g_free(file);
    g_free(dir);
}

static gint cmp_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

WW_TEST_GEN(gen_m68k_vectors)
{
    char *dir = vec_dir();
    GDir *d = g_dir_open(dir, 0, NULL);
    if (d) {
        GPtrArray *names = g_ptr_array_new();
        const char *n;
        while ((n = g_dir_read_name(d)))
            if (g_str_has_suffix(n, ".json.gz"))
                g_ptr_array_add(names, g_strdup(n));
        g_dir_close(d);
        g_ptr_array_sort(names, cmp_names);
        for (guint i = 0; i < names->len; i++) {
            char *file = names->pdata[i];
            char *base = g_strndup(file, strlen(file) - strlen(".json.gz"));
            char *tname = g_strdup_printf("cpu/m68k/vectors/%s", base);
            ww_test_register(tname, test_file, file, 120);
            g_free(tname);
            g_free(base);
        }
        g_ptr_array_free(names, TRUE);
    }
    ww_test_register("cpu/m68k/vectors/all", test_all, NULL, 600);
    for (unsigned i = 0; i < G_N_ELEMENTS(cached_files); i++) {
        char *tname = g_strdup_printf("cpu/m68k/vectors/cached/%s", cached_files[i]);
        ww_test_register(tname, test_cached, (void *)cached_files[i], 240);
        g_free(tname);
    }
    g_free(dir);
}
