/* tests/cpu/ppc/vectors.c — the DingusPPC instruction vectors
 * (../shared/vectors/ppc, README there for the columns): every row of
 * ppcinttests.csv and ppcfloattests.csv, one test per file. Each row runs one
 * instruction at address 0 on a ppc750 in supervisor mode with MSR[FP] set:
 * r3 = rA, r4 = rB, XER = CR = 0 (integer); fr3 = 0, fr4/5/6 = frA/B/C,
 * FPSCR = rounding mode, CR = 0 (float). Compared: r3 (not for CMP*), XER,
 * CR; or fr3's bits (not for FCMP*), FPSCR, CR. */
#include "tests/cpu/ppc/rig.h"
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct {
    char *path;
    bool fp;
} vec_file;

static uint64_t dbits(double d) { uint64_t b; memcpy(&b, &d, 8); return b; }

/* Float operand: decimal, or snan/qnan/FLT_MAX/FLT_MIN/DBL_MAX/DBL_MIN, each
 * optionally negated. */
static bool parse_fp(const char *s, uint64_t *out)
{
    bool neg = *s == '-';
    const char *p = neg ? s + 1 : s;
    uint64_t b;
    if (!strcmp(p, "snan"))          b = 0x7ff4000000000000ull;
    else if (!strcmp(p, "qnan"))     b = 0x7ff8000000000000ull;
    else if (!strcmp(p, "FLT_MAX"))  b = dbits(FLT_MAX);
    else if (!strcmp(p, "FLT_MIN"))  b = dbits(FLT_MIN);
    else if (!strcmp(p, "DBL_MAX"))  b = dbits(DBL_MAX);
    else if (!strcmp(p, "DBL_MIN"))  b = dbits(DBL_MIN);
    else {
        char *end;
        double d = strtod(p, &end);
        if (end == p || *end)
            return false;
        b = dbits(d);
    }
    *out = neg ? b ^ 0x8000000000000000ull : b;
    return true;
}

static void run_file(void *data)
{
    vec_file *vf = data;
    FILE *f = fopen(vf->path, "r");
    if (!f)
        ww_test_skip("cannot open %s", vf->path);
    ppc_rig r;
    ppc_rig_init(&r, "ppc750", 64 * 1024);
    char line[1024];
    unsigned rows = 0, failed = 0, lineno = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        g_strchomp(line);
        if (!line[0] || line[0] == '#')
            continue;
        char **col = g_strsplit(line, ",", -1);
        if (!col[0] || !col[1]) {
            g_strfreev(col);
            continue;
        }
        const char *mn = col[0];
        uint32_t insn = (uint32_t)strtoul(col[1], NULL, 16);
        uint64_t want_d = 0, fa = 0, fb = 0, fc = 0;
        uint32_t want_r = 0, ra = 0, rb = 0, want_xer = 0, want_cr = 0, want_fpscr = 0, rn = 0;
        bool bad = false;
        for (unsigned k = 2; col[k]; k++) {
            char *eq = strchr(col[k], '=');
            if (!eq) { bad = true; break; }
            *eq = 0;
            const char *key = col[k], *val = eq + 1;
            if (!strcmp(key, "rD"))         want_r = (uint32_t)strtoul(val, NULL, 16);
            else if (!strcmp(key, "rA"))    ra = (uint32_t)strtoul(val, NULL, 16);
            else if (!strcmp(key, "rB"))    rb = (uint32_t)strtoul(val, NULL, 16);
            else if (!strcmp(key, "XER"))   want_xer = (uint32_t)strtoul(val, NULL, 16);
            else if (!strcmp(key, "CR"))    want_cr = (uint32_t)strtoul(val, NULL, 16);
            else if (!strcmp(key, "FPSCR")) want_fpscr = (uint32_t)strtoul(val, NULL, 16);
            else if (!strcmp(key, "frD"))   want_d = strtoull(val, NULL, 16);
            else if (!strcmp(key, "frA"))   bad |= !parse_fp(val, &fa);
            else if (!strcmp(key, "frB"))   bad |= !parse_fp(val, &fb);
            else if (!strcmp(key, "frC"))   bad |= !parse_fp(val, &fc);
            else if (!strcmp(key, "round")) {
                if (!strcmp(val, "RTN")) rn = 0;
                else if (!strcmp(val, "RTZ")) rn = 1;
                else if (!strcmp(val, "RPI")) rn = 2;
                else if (!strcmp(val, "RNI")) rn = 3;
                else if (!strcmp(val, "VEN")) rn = FPSCR_VE;
                else bad = true;
            } else bad = true;
        }
        rows++;
        ppc_cpu *c = r.cpu;
        ww_chip_reset(&c->cpu.chip, WW_RESET_HARD);
        c->msr = MSR_FP;
        c->cr = 0;
        char why[256] = "";
        if (bad) {
            snprintf(why, sizeof why, "unparsable row");
        } else if (!vf->fp) {
            c->gpr[3] = ra;
            c->gpr[4] = rb;
            c->spr[SPR_XER] = 0;
            ppc_rig_step1(&r, insn);
            bool cmp = g_str_has_prefix(mn, "CMP");
            if ((!cmp && c->gpr[3] != want_r) || c->spr[SPR_XER] != want_xer || c->cr != want_cr)
                snprintf(why, sizeof why, "rD 0x%08x/0x%08x XER 0x%08x/0x%08x CR 0x%08x/0x%08x "
                         "(got/want)", c->gpr[3], want_r, c->spr[SPR_XER], want_xer, c->cr, want_cr);
        } else {
            c->fpr[3] = 0;
            c->fpr[4] = fa;
            c->fpr[5] = fb;
            c->fpr[6] = fc;
            c->fpscr = rn;
            ppc_rig_step1(&r, insn);
            bool cmp = g_str_has_prefix(mn, "FCMP");
            if ((!cmp && c->fpr[3] != want_d) || c->fpscr != want_fpscr || c->cr != want_cr)
                snprintf(why, sizeof why, "frD 0x%016" PRIx64 "/0x%016" PRIx64 " FPSCR 0x%08x/0x%08x "
                         "CR 0x%08x/0x%08x (got/want)", c->fpr[3], want_d, c->fpscr, want_fpscr,
                         c->cr, want_cr);
        }
        if (why[0]) {
            failed++;
            if (failed <= 12)
                ww_test_log("line %u: %s: %s", lineno, line, why);
        }
        g_strfreev(col);
    }
    fclose(f);
    ppc_rig_free(&r);
    ww_test_log("%s: %u rows, %u passed, %u failed", vf->path, rows, rows - failed, failed);
    WW_CHECK_MSG(rows > 0, "%s: no rows", vf->path);
    WW_CHECK_MSG(failed == 0, "%u of %u rows failed (first ones above)", failed, rows);
}

WW_TEST_GEN(ppc_vectors_gen)
{
    static const struct { const char *file, *name; bool fp; } files[] = {
        { "ppcinttests.csv", "cpu/ppc/vectors/int", false },
        { "ppcfloattests.csv", "cpu/ppc/vectors/float", true },
    };
    for (unsigned k = 0; k < G_N_ELEMENTS(files); k++) {
        vec_file *vf = g_new0(vec_file, 1);   /* lives for the whole run */
        vf->path = g_build_filename(ww_test_vectors_dir(), "ppc", files[k].file, NULL);
        vf->fp = files[k].fp;
        ww_test_register(files[k].name, run_file, vf, 120);
    }
}
