/* tests/cpu/ppc/disasm.c — our disassembly path (capstone 4, table
 * fallback) against DingusPPC's ppcdisasmtest.csv (address, word, mnemonic,
 * operands). Both sides are normalised before comparing: lower case, no
 * spaces, operands joined by commas, immediates compared as numbers (capstone
 * prints small ones in decimal, the CSV in hex), "X(0)" == "X" for rA = 0,
 * condition-register bits by number ("4*cr1+gt" == 5, "crN" == N), branch
 * hints (+/-) dropped (capstone 4 never prints them), and simplified
 * mnemonics expanded to their base instruction (clrlslwi/extlwi/inslwi/
 * rotrwi/slwi … -> rlwinm/rlwimi, mtcr -> mtcrf 0xff, mr -> or, lswi/stswi
 * NB 0 == 32) — the same encoding either way. What still differs is listed
 * with -v; see the threshold comment below. */
#include "tests/cpu/ppc/rig.h"
#include "cpu/ppc/disasm.h"
#include <stdio.h>
#include <stdlib.h>

/* Parse one operand: numbers (hex/decimal, signed), "X(0)" == X, registers
 * rN/fN/crN, condition-register bits "lt/gt/eq/so" and "4*crN+bit". Returns
 * a canonical string. */
static char *canon_operand(const char *t)
{
    static const char *const bits[] = { "lt", "gt", "eq", "so" };
    char *s = g_strdup(t);
    size_t l = strlen(s);
    if (l > 3 && !strcmp(s + l - 3, "(0)"))
        s[l - 3] = 0;
    for (unsigned b = 0; b < 4; b++)
        if (!strcmp(s, bits[b])) { g_free(s); return g_strdup_printf("%u", b); }
    unsigned n;
    char bn[4];
    if (sscanf(s, "4*cr%u+%2s", &n, bn) == 2)
        for (unsigned b = 0; b < 4; b++)
            if (!strcmp(bn, bits[b])) { g_free(s); return g_strdup_printf("%u", 4 * n + b); }
    if (s[0] == 'c' && s[1] == 'r' && g_ascii_isdigit(s[2]) && !s[3]) {
        char *r = g_strdup(s + 2);
        g_free(s);
        return r;
    }
    const char *p = s;
    bool neg = *p == '-';
    if (neg)
        p++;
    if (g_ascii_isdigit(*p)) {
        char *end;
        long long v = (long long)strtoull(p, &end, 0);
        if (*end == 0 || *end == '(') {
            char *r = g_strdup_printf("%lld%s", neg ? -v : v, end);
            g_free(s);
            return r;
        }
    }
    return s;
}

static void set_mn(char *mn, size_t mnlen, const char *name, bool dot)
{
    g_strlcpy(mn, name, mnlen);
    if (dot)
        g_strlcat(mn, ".", mnlen);
}

/* Rewrite simplified mnemonics to the base instruction (same encoding):
 * MPCFPE32B appendix F. ops[] hold canonical operand strings. */
static void expand(char *mn, size_t mnlen, GPtrArray *ops)
{
    char base[32];
    bool dot = false;
    g_strlcpy(base, mn, sizeof base);
    size_t l = strlen(base);
    while (l && (base[l - 1] == '+' || base[l - 1] == '-'))  /* branch hints */
        base[--l] = 0;
    if (l && base[l - 1] == '.') {
        dot = true;
        base[--l] = 0;
    }
    long v[6] = { 0 };
    for (guint k = 0; k < ops->len && k < 6; k++)
        v[k] = strtol(ops->pdata[k], NULL, 10);
#define SET(name, a, b, c) do { \
        set_mn(mn, mnlen, name, dot); \
        while (ops->len > 2) g_ptr_array_remove_index(ops, ops->len - 1); \
        g_ptr_array_add(ops, g_strdup_printf("%ld", (long)(a))); \
        g_ptr_array_add(ops, g_strdup_printf("%ld", (long)(b))); \
        g_ptr_array_add(ops, g_strdup_printf("%ld", (long)(c))); } while (0)
    if (ops->len == 4 && !strcmp(base, "clrlslwi")) SET("rlwinm", v[3], v[2] - v[3], 31 - v[3]);
    else if (ops->len == 3 && !strcmp(base, "clrrwi")) SET("rlwinm", 0, 0, 31 - v[2]);
    else if (ops->len == 3 && !strcmp(base, "clrlwi")) SET("rlwinm", 0, v[2], 31);
    else if (ops->len == 4 && !strcmp(base, "extlwi")) SET("rlwinm", v[3], 0, v[2] - 1);
    else if (ops->len == 4 && !strcmp(base, "extrwi")) SET("rlwinm", (v[3] + v[2]) & 31, 32 - v[2], 31);
    else if (ops->len == 4 && !strcmp(base, "inslwi")) SET("rlwimi", (32 - v[3]) & 31, v[3], v[3] + v[2] - 1);
    else if (ops->len == 4 && !strcmp(base, "insrwi")) SET("rlwimi", (32 - v[3] - v[2]) & 31, v[3], v[3] + v[2] - 1);
    else if (ops->len == 3 && !strcmp(base, "rotlwi")) SET("rlwinm", v[2], 0, 31);
    else if (ops->len == 3 && !strcmp(base, "rotrwi")) SET("rlwinm", (32 - v[2]) & 31, 0, 31);
    else if (ops->len == 3 && !strcmp(base, "slwi"))   SET("rlwinm", v[2], 0, 31 - v[2]);
    else if (ops->len == 3 && !strcmp(base, "srwi"))   SET("rlwinm", (32 - v[2]) & 31, v[2], 31);
    else if (ops->len == 1 && !strcmp(base, "mtcr")) {
        set_mn(mn, mnlen, "mtcrf", false);
        g_ptr_array_insert(ops, 0, g_strdup("255"));
    } else if (!strcmp(base, "cntlz")) {            /* POWER spelling of cntlzw */
        set_mn(mn, mnlen, "cntlzw", dot);
    } else if (ops->len == 2 && !strcmp(base, "mr")) {
        set_mn(mn, mnlen, "or", dot);
        g_ptr_array_add(ops, g_strdup(ops->pdata[1]));
    } else if (ops->len == 3 && (!strcmp(base, "lswi") || !strcmp(base, "stswi")) && v[2] == 0) {
        g_free(ops->pdata[2]);
        ops->pdata[2] = g_strdup("32");
        set_mn(mn, mnlen, base, false);
    } else {
        set_mn(mn, mnlen, base, dot);
    }
#undef SET
}

static char *canon(const char *text)
{
    char *low = g_ascii_strdown(text, -1);
    char *p = low;
    while (*p == ' ')
        p++;
    size_t n = strcspn(p, " ,");
    char mn[32];
    g_strlcpy(mn, p, MIN(n + 1, sizeof mn));
    p += n;
    GPtrArray *ops = g_ptr_array_new_with_free_func(g_free);
    char **parts = g_strsplit_set(p, ",", -1);
    for (char **o = parts; *o; o++) {
        char *t = g_strstrip(*o);
        if (*t)
            g_ptr_array_add(ops, canon_operand(t));
    }
    g_strfreev(parts);
    expand(mn, sizeof mn, ops);
    GString *s = g_string_new(mn);
    for (guint k = 0; k < ops->len; k++)
        g_string_append_printf(s, ",%s", (char *)ops->pdata[k]);
    g_ptr_array_free(ops, TRUE);
    g_free(low);
    return g_string_free(s, FALSE);
}

WW_TEST("cpu/ppc/disasm/dingus", ppc_disasm_dingus)
{
    char *path = g_build_filename(ww_test_vectors_dir(), "ppc", "ppcdisasmtest.csv", NULL);
    FILE *f = fopen(path, "r");
    if (!f)
        ww_test_skip("cannot open %s", path);
    ppc_rig r;
    ppc_rig_init(&r, "ppc750", 4096);
    char line[512];
    unsigned total = 0, exact = 0, equiv = 0, shown = 0;
    bool section601 = false;
    unsigned total601 = 0;
    while (fgets(line, sizeof line, f)) {
        g_strchomp(line);
        if (strstr(line, "601"))
            section601 = true;
        if (!line[0] || line[0] == '#')
            continue;
        char **col = g_strsplit(line, ",", 3);
        if (!col[0] || !col[1] || !col[2]) {
            g_strfreev(col);
            continue;
        }
        uint32_t addr = (uint32_t)strtoul(col[0], NULL, 16);
        uint32_t word = (uint32_t)strtoul(col[1], NULL, 16);
        char got[128];
        ppc_disasm_insn(r.cpu, addr, word, got, sizeof got);
        char *want_text = g_strdup(col[2]);
        /* Expected text as the assembler would write it: "mn op1,op2". */
        char *sp = strchr(want_text, ',');
        if (sp)
            *sp = ' ';
        char *a = canon(got), *b = canon(want_text);
        char *got_plain = g_ascii_strdown(got, -1);
        GString *wplain = g_string_new(NULL);
        g_string_append(wplain, col[2]);
        total++;
        total601 += section601;
        char *wlow = g_ascii_strdown(col[2], -1);
        /* exact: same text once the mnemonic/operand separator is a comma */
        GString *gg = g_string_new(NULL);
        for (const char *q = got_plain; *q; q++)
            if (*q == ' ') {
                if (gg->len && gg->str[gg->len - 1] != ',')
                    g_string_append_c(gg, ',');
            } else {
                g_string_append_c(gg, *q);
            }
        if (!strcmp(gg->str, wlow))
            exact++;
        else if (!strcmp(a, b))
            equiv++;
        else if (shown++ < 400)
            ww_test_log("%s%08x %08x: got \"%s\" want \"%s\"", section601 ? "[601] " : "",
                        addr, word, got, col[2]);
        g_string_free(gg, TRUE);
        g_free(wlow);
        g_string_free(wplain, TRUE);
        g_free(got_plain);
        g_free(a);
        g_free(b);
        g_free(want_text);
        g_strfreev(col);
    }
    fclose(f);
    ppc_rig_free(&r);
    g_free(path);
    unsigned agree = exact + equiv;
    ww_test_log("ppcdisasmtest.csv: %u cases, %u exact, %u equivalent after normalising, "
                "%u differ (%u cases in the file's POWER/601 section); agreement %.1f%%", total, exact, equiv,
                total - agree, total601, total ? 100.0 * agree / total : 0.0);
    WW_CHECK(total > 0);
    /* Threshold (measured: 345 of 397, 86.9%). Every remaining difference is a
     * word that is not an instruction of the 603e/604e/750: 47 POWER/601-only
     * instructions (doz, abs, nabs, mul, div, divs, clcs, maskg, rlmi, sle,
     * sliq, sriq … — capstone and our table both give .long, the CSV the POWER
     * mnemonic), 4 invalid forms the CSV prints as dc.l (reserved bits set;
     * we show what the 750 executes) and cmp with L = 1 (capstone: cmpd). */
    WW_CHECK_MSG(agree * 100 >= total * 86, "only %u of %u agree", agree, total);
}
