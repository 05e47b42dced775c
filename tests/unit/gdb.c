/* tests/unit/gdb.c — the gdb remote protocol (core/gdb.c) without sockets, on
 * small machines of each family: the target descriptions name the features
 * and registers gdb insists on (i386 core with st0..st7; m68k core with fp,
 * sp, ps and the coldfire fp feature; power core + fpu); bad input gets the
 * documented answers (a bad checksum '-', an oversized packet "E01", an
 * unknown command the empty reply, memory where nothing is mapped "E14",
 * malformed arguments "E01"), and a breakpoint / continue / step round trip
 * and qRcmd work. */
#include "tests/harness.h"
#include "core/gdb.h"
#include "core/mdl.h"

static const char x86_xml[] =
    "<machine name='test/gdb-x86' title='gdb'>\n"
    "  <cpu id='cpu' type='x86' model='i486' clock='10MHz'/>\n"
    "  <ram id='ram' size='64KiB'/>\n"
    "  <ram id='top' size='64KiB'/>\n"
    "  <map space='cpu.mem' at='0x00000000' to='ram'/>\n"
    "  <map space='cpu.mem' at='0xFFFF0000' to='top'/>\n"
    "</machine>\n";
static const char m68k_xml[] =
    "<machine name='test/gdb-m68k' title='gdb'>\n"
    "  <cpu id='cpu' type='m68k' model='m68000' clock='8MHz'/>\n"
    "  <ram id='ram' size='64KiB'/>\n"
    "  <map space='cpu.mem' at='0x000000' to='ram'/>\n"
    "</machine>\n";
static const char ppc_xml[] =
    "<machine name='test/gdb-ppc' title='gdb'>\n"
    "  <cpu id='cpu' type='ppc' model='ppc603' clock='66MHz'/>\n"
    "  <ram id='ram' size='64KiB'/>\n"
    "  <ram id='top' size='1MiB'/>\n"
    "  <map space='cpu.mem' at='0x00000000' to='ram'/>\n"
    "  <map space='cpu.mem' at='0xFFF00000' to='top'/>\n"
    "</machine>\n";

typedef struct {
    ww_machine *m;
    ww_session *s;
    ww_gdb *g;
    GString *out;
} rig;

static void sink(void *opaque, const char *data, size_t len)
{
    g_string_append_len(((rig *)opaque)->out, data, (gssize)len);
}

static void rig_new(rig *r, const char *xml)
{
    GError *err = NULL;
    ww_mdl_opts opts = { 0 };
    ww_mdl_desc *d = ww_mdl_parse_buffer("gdb.xml", xml, strlen(xml), NULL, NULL, &opts, &err);
    WW_CHECK_NOERR(d, err);
    r->m = ww_mdl_instantiate(d, &opts, &err);
    WW_CHECK_NOERR(r->m, err);
    ww_mdl_desc_free(d);
    ww_machine_reset(r->m, WW_RESET_POWER);
    r->s = ww_session_new(r->m, NULL);
    ww_session_allow_files(r->s, false);
    r->out = g_string_new(NULL);
    r->g = ww_gdb_new(r->s, sink, r);
}

static void rig_free(rig *r)
{
    ww_gdb_free(r->g);
    ww_session_free(r->s);
    ww_machine_free(r->m);
    g_string_free(r->out, TRUE);
}

/* Send one packet (a correct checksum) and return what came back, acks included. */
static const char *ask(rig *r, const char *pkt)
{
    uint8_t sum = 0;
    for (const char *p = pkt; *p; p++)
        sum = (uint8_t)(sum + (uint8_t)*p);
    char *f = g_strdup_printf("$%s#%02x", pkt, sum);
    g_string_truncate(r->out, 0);
    ww_gdb_feed(r->g, f, strlen(f));
    g_free(f);
    return r->out->str;
}

/* The data of the reply to pkt ("+$DATA#cs" → DATA, in a static buffer). */
static const char *reply(rig *r, const char *pkt)
{
    static char buf[WW_GDB_MAX_PACKET + 8];
    const char *o = ask(r, pkt);
    const char *d = strchr(o, '$'), *e = d ? strrchr(d, '#') : NULL;
    if (!d || !e)
        return "(no reply)";
    g_strlcpy(buf, d + 1, MIN(sizeof buf, (size_t)(e - d)));
    return buf;
}

WW_TEST("unit/gdb/target_xml", t_xml)
{
    rig r;
    rig_new(&r, x86_xml);
    const char *x = reply(&r, "qXfer:features:read:target.xml:0,3fff");
    WW_CHECK(x[0] == 'l');
    WW_CHECK(strstr(x, "<architecture>i386</architecture>"));
    WW_CHECK(strstr(x, "<feature name=\"org.gnu.gdb.i386.core\">"));
    WW_CHECK(strstr(x, "<reg name=\"eax\" bitsize=\"32\" regnum=\"0\""));
    WW_CHECK(strstr(x, "<reg name=\"gs\" bitsize=\"32\" regnum=\"15\""));
    WW_CHECK(strstr(x, "<reg name=\"st0\" bitsize=\"80\" regnum=\"16\" type=\"i387_ext\""));
    WW_CHECK(strstr(x, "<reg name=\"st7\" bitsize=\"80\" regnum=\"23\""));
    WW_CHECK(strstr(x, "<reg name=\"fop\" bitsize=\"32\" regnum=\"31\""));
    WW_CHECK(strstr(x, "<reg name=\"cr0\""));   /* the rest, numbered after gdb's */
    /* st0 is ST(0) = R[TOP]: with TOP = 6 it is fpr6. */
    ww_cpu *cpu = ww_session_cpu(r.s, NULL, NULL);
    unsigned idx;
    const ww_reg_desc *fstat = ww_chip_find_reg(cpu->chip.cls, "fstat", &idx);
    const ww_reg_desc *fpr = ww_chip_find_reg(cpu->chip.cls, "fpr6", &idx);
    WW_CHECK(fstat && fpr);
    ww_chip_reg_set(&cpu->chip, fstat, 0, 6u << 11);
    long double one = 1.0L;
    memcpy((uint8_t *)cpu + fpr->at.offset + 6 * (fpr->stride ? fpr->stride : fpr->at.size),
           &one, sizeof one);
    WW_CHECK_STR(reply(&r, "p10"), "0000000000000080ff3f");   /* 1.0 as gdb's i387_ext */
    WW_CHECK_STR(reply(&r, "p11"), "00000000000000000000");
    rig_free(&r);

    rig_new(&r, m68k_xml);
    x = reply(&r, "qXfer:features:read:target.xml:0,3fff");
    WW_CHECK(strstr(x, "<architecture>m68k</architecture>"));
    WW_CHECK(strstr(x, "<feature name=\"org.gnu.gdb.m68k.core\">"));
    WW_CHECK(strstr(x, "<reg name=\"fp\" bitsize=\"32\" regnum=\"14\""));
    WW_CHECK(strstr(x, "<reg name=\"sp\" bitsize=\"32\" regnum=\"15\""));
    WW_CHECK(strstr(x, "<reg name=\"ps\" bitsize=\"32\" regnum=\"16\""));
    WW_CHECK(strstr(x, "<reg name=\"pc\" bitsize=\"32\" regnum=\"17\" type=\"code_ptr\""));
    WW_CHECK(strstr(x, "<feature name=\"org.gnu.gdb.coldfire.fp\">"));
    WW_CHECK(strstr(x, "<reg name=\"fp0\" bitsize=\"96\" regnum=\"18\" type=\"float\""));
    WW_CHECK(strstr(x, "<reg name=\"fpiaddr\" bitsize=\"32\" regnum=\"28\""));
    rig_free(&r);

    rig_new(&r, ppc_xml);
    x = reply(&r, "qXfer:features:read:target.xml:0,3fff");
    WW_CHECK(strstr(x, "<architecture>powerpc:common</architecture>"));
    WW_CHECK(strstr(x, "<feature name=\"org.gnu.gdb.power.core\">"));
    WW_CHECK(strstr(x, "<reg name=\"pc\" bitsize=\"32\" regnum=\"64\""));
    WW_CHECK(strstr(x, "<reg name=\"xer\" bitsize=\"32\" regnum=\"69\""));
    WW_CHECK(strstr(x, "<feature name=\"org.gnu.gdb.power.fpu\">"));
    WW_CHECK(strstr(x, "<reg name=\"f31\" bitsize=\"64\" regnum=\"63\" type=\"ieee_double\""));
    WW_CHECK(strstr(x, "<reg name=\"fpscr\" bitsize=\"32\" regnum=\"70\""));
    WW_CHECK_STR(reply(&r, "p40"), "fff00100");   /* big-endian pc at the reset vector */
    rig_free(&r);
}

WW_TEST("unit/gdb/bad_input", t_bad)
{
    rig r;
    rig_new(&r, m68k_xml);
    WW_CHECK_STR((g_string_truncate(r.out, 0), ww_gdb_feed(r.g, "$g#00", 5), r.out->str), "-");
    WW_CHECK_STR((g_string_truncate(r.out, 0), ww_gdb_feed(r.g, "$g#zz", 5), r.out->str), "-");
    /* An absurd length: answered E01 once it ends, nothing kept beyond the limit. */
    GString *big = g_string_new("$");
    for (int i = 0; i < 3 * WW_GDB_MAX_PACKET; i++)
        g_string_append_c(big, 'm');
    uint8_t sum = (uint8_t)(3 * WW_GDB_MAX_PACKET * 'm');
    g_string_append_printf(big, "#%02x", sum);
    g_string_truncate(r.out, 0);
    ww_gdb_feed(r.g, big->str, big->len);
    WW_CHECK_STR(r.out->str, "+$E01#a6");
    g_string_free(big, TRUE);
    WW_CHECK_STR(reply(&r, "jabberwocky"), "");       /* unknown: the empty reply */
    WW_CHECK_STR(reply(&r, "vFrobnicate;1"), "");
    WW_CHECK_STR(reply(&r, "m80000000,10"), "E14");   /* nothing mapped there */
    WW_CHECK_STR(reply(&r, "mfffffffffffffff0,ffffffffffffffff"), "E14");
    WW_CHECK_STR(reply(&r, "m0,zz"), "E01");
    WW_CHECK_STR(reply(&r, "m"), "E01");
    WW_CHECK_STR(reply(&r, "M80000000,2:0102"), "E14");
    WW_CHECK_STR(reply(&r, "M0,2:01"), "E02");
    WW_CHECK_STR(reply(&r, "p9999"), "E00");
    WW_CHECK_STR(reply(&r, "P0=12"), "E02");
    WW_CHECK_STR(reply(&r, "Hg99"), "E01");
    WW_CHECK_STR(reply(&r, "T2"), "E01");
    WW_CHECK_STR(reply(&r, "Z9,0,4"), "");
    WW_CHECK_STR(reply(&r, "Z2,0,0"), "E01");            /* zero-length watchpoint */
    WW_CHECK_STR(reply(&r, "Z2,80000000,4"), "OK");      /* (unmapped: never fires) */
    WW_CHECK_STR(reply(&r, "vCont;x"), "E01");
    WW_CHECK_STR(reply(&r, "qRcmd,6"), "E01");
    WW_CHECK_STR(reply(&r, "qXfer:features:read:other.xml:0,10"), "E00");
    /* A huge length is served short (a shorter reply is allowed). */
    const char *mem = reply(&r, "m0,100000");
    WW_CHECK(strlen(mem) > 0 && strlen(mem) <= WW_GDB_MAX_PACKET);
    /* Still answering. */
    WW_CHECK_STR(reply(&r, "m0,4"), "00000000");
    rig_free(&r);
}

WW_TEST("unit/gdb/run_control", t_run)
{
    rig r;
    rig_new(&r, m68k_xml);
    /* RAM holds zeros: SSP 0, PC 0, and "ori.b #0,d0" (4 bytes) everywhere. */
    WW_CHECK(strstr(reply(&r, "?"), "T05thread:1;"));
    WW_CHECK_STR(reply(&r, "QStartNoAckMode"), "OK");
    WW_CHECK_STR(reply(&r, "Z0,40,2"), "OK");
    WW_CHECK_STR(reply(&r, "Z0,40,2"), "OK");          /* again: idempotent */
    WW_CHECK_STR(ask(&r, "vCont;c"), "");              /* the reply comes at the stop */
    WW_CHECK(ww_session_running(r.s));
    ww_session_run(r.s, 1000000);
    WW_CHECK(strstr(r.out->str, "$T05thread:1;swbreak:;#"));
    WW_CHECK_STR(reply(&r, "p11"), "00000040");
    WW_CHECK_STR(reply(&r, "z0,40,2"), "OK");
    WW_CHECK(strstr(reply(&r, "vCont;s:1"), "T05thread:1;"));
    WW_CHECK_STR(reply(&r, "p11"), "00000044");
    WW_CHECK_STR(reply(&r, "M0,4:00000100"), "OK");    /* memory writes land */
    WW_CHECK_STR(reply(&r, "m0,4"), "00000100");
    /* Ctrl-C stops a running machine with SIGINT. */
    WW_CHECK_STR(ask(&r, "c"), "");
    g_string_truncate(r.out, 0);
    ww_gdb_feed(r.g, "\x03", 1);
    WW_CHECK(strstr(r.out->str, "T02thread:1;"));
    WW_CHECK(!ww_session_running(r.s));
    /* A watchpoint on memory the CPU writes: move.l d0,(a0)+ at 0x48 (20c0) with a0 = 0x100. */
    WW_CHECK_STR(reply(&r, "M48,2:20c0"), "OK");
    WW_CHECK_STR(reply(&r, "P8=00000100"), "OK");
    WW_CHECK_STR(reply(&r, "P11=00000044"), "OK");
    WW_CHECK_STR(reply(&r, "Z2,100,4"), "OK");
    WW_CHECK_STR(ask(&r, "c"), "");
    ww_session_run(r.s, ww_sched_now(ww_machine_sched(r.m)) + 1000000);
    WW_CHECK(strstr(r.out->str, "T05thread:1;watch:100;"));
    WW_CHECK_STR(reply(&r, "z2,100,4"), "OK");
    /* qRcmd runs a monitor command and sends its output. */
    const char *o = ask(&r, "qRcmd,696e666f20737461747573");   /* "info status" */
    WW_CHECK(strstr(o, "$O"));
    WW_CHECK(strstr(o, "$OK#9a"));
    /* Detach resumes what gdb stopped. */
    WW_CHECK_STR(reply(&r, "D"), "OK");
    WW_CHECK(ww_gdb_done(r.g));
    rig_free(&r);
}

/* A register as gdb reads it (ppc: big-endian hex) as a number. */
static uint32_t preg(rig *r, unsigned n)
{
    char pkt[16];
    g_snprintf(pkt, sizeof pkt, "p%x", n);
    return (uint32_t)strtoul(reply(r, pkt), NULL, 16);
}

/* The PowerPC's cached engine (engine=interp, the default) under gdb: a loop
 * run long enough that its block is translated and the fast TLB holds its
 * data page, then a write watchpoint, a read watchpoint, a breakpoint inside
 * the block, single steps through it, and a patch of its code through gdb's
 * memory write (which must reach the translation cache: the step after it
 * runs the new instruction). Blocks would otherwise run past all of these. */
WW_TEST("unit/gdb/ppc_cached", t_ppc_cached)
{
    rig r;
    rig_new(&r, ppc_xml);
    ww_sched *sched = ww_machine_sched(r.m);
    /* 0x100: addi r4,r4,1; stw r4,0(r5); lwz r6,0(r5); b 0x100 — r5 = 0x2000
     * (another page than the code's, so its writes keep the fast path). */
    WW_CHECK_STR(reply(&r, "QStartNoAckMode"), "OK");
    WW_CHECK_STR(reply(&r, "M100,10:388400019085000080c500004bfffff4"), "OK");
    WW_CHECK_STR(reply(&r, "P40=00000100"), "OK");
    WW_CHECK_STR(reply(&r, "P5=00002000"), "OK");
    WW_CHECK_STR(ask(&r, "c"), "");
    ww_session_run(r.s, ww_sched_now(sched) + 1000000);
    WW_CHECK(ww_session_running(r.s));
    g_string_truncate(r.out, 0);
    ww_gdb_feed(r.g, "\x03", 1);
    WW_CHECK(strstr(r.out->str, "T02thread:1;"));
    uint32_t n = preg(&r, 4);
    WW_CHECK_MSG(n > 1000, "the loop ran %u times in 1 ms", n);
    /* Write watchpoint: stops after the stw, PC on the lwz. */
    WW_CHECK_STR(reply(&r, "Z2,2000,4"), "OK");
    WW_CHECK_STR(ask(&r, "c"), "");
    ww_session_run(r.s, ww_sched_now(sched) + 1000000);
    WW_CHECK(strstr(r.out->str, "T05thread:1;watch:2000;"));
    WW_CHECK_EQ(preg(&r, 0x40), 0x108);
    WW_CHECK_EQ(preg(&r, 4), n + 1);
    WW_CHECK_STR(reply(&r, "z2,2000,4"), "OK");
    /* Read watchpoint: stops after the lwz. */
    WW_CHECK_STR(reply(&r, "Z3,2000,4"), "OK");
    WW_CHECK_STR(ask(&r, "c"), "");
    ww_session_run(r.s, ww_sched_now(sched) + 1000000);
    WW_CHECK(strstr(r.out->str, "T05thread:1;rwatch:2000;"));
    WW_CHECK_EQ(preg(&r, 0x40), 0x10c);
    WW_CHECK_EQ(preg(&r, 6), n + 1);
    WW_CHECK_STR(reply(&r, "z3,2000,4"), "OK");
    /* Free running again (no point left: the cached loop), then a
     * breakpoint in the middle of the block. */
    WW_CHECK_STR(ask(&r, "c"), "");
    ww_session_run(r.s, ww_sched_now(sched) + 1000000);
    g_string_truncate(r.out, 0);
    ww_gdb_feed(r.g, "\x03", 1);
    uint32_t m = preg(&r, 4);
    WW_CHECK(m > n + 1000);
    WW_CHECK_STR(reply(&r, "Z0,104,4"), "OK");
    WW_CHECK_STR(ask(&r, "c"), "");
    ww_session_run(r.s, ww_sched_now(sched) + 1000000);
    WW_CHECK(strstr(r.out->str, "T05thread:1;swbreak:;"));
    WW_CHECK_EQ(preg(&r, 0x40), 0x104);
    WW_CHECK_STR(reply(&r, "z0,104,4"), "OK");
    /* Single steps with no breakpoint set: one instruction each. */
    uint32_t v = preg(&r, 4);
    static const uint32_t pcs[] = { 0x108, 0x10c, 0x100, 0x104 };
    for (unsigned i = 0; i < G_N_ELEMENTS(pcs); i++) {
        WW_CHECK(strstr(reply(&r, "vCont;s:1"), "T05thread:1;"));
        WW_CHECK_EQ(preg(&r, 0x40), pcs[i]);
    }
    WW_CHECK_EQ(preg(&r, 4), v + 1);
    /* Patch the translated addi to add 2: the next pass runs the new code. */
    WW_CHECK_STR(reply(&r, "M100,4:38840002"), "OK");
    for (unsigned i = 0; i < 4; i++)
        WW_CHECK(strstr(reply(&r, "vCont;s:1"), "T05thread:1;"));
    WW_CHECK_EQ(preg(&r, 0x40), 0x104);
    WW_CHECK_EQ(preg(&r, 4), v + 3);
    v = preg(&r, 4);
    WW_CHECK_STR(ask(&r, "c"), "");
    ww_session_run(r.s, ww_sched_now(sched) + 1000000);
    g_string_truncate(r.out, 0);
    ww_gdb_feed(r.g, "\x03", 1);
    WW_CHECK_EQ((preg(&r, 4) - v) % 2, 0);   /* only adds of 2 since */
    rig_free(&r);
}

/* Write a 32-bit big-endian word into RAM through gdb. */
static void poke32(rig *r, uint32_t addr, uint32_t v)
{
    char pkt[40];
    g_snprintf(pkt, sizeof pkt, "M%x,4:%08x", addr, v);
    WW_CHECK_STR(reply(r, pkt), "OK");
}

static void set_reg(rig *r, const char *name, uint64_t v)
{
    ww_cpu *cpu = ww_session_cpu(r->s, NULL, NULL);
    unsigned idx;
    const ww_reg_desc *d = ww_chip_find_reg(cpu->chip.cls, name, &idx);
    WW_CHECK_MSG(d != NULL, "no register %s", name);
    if (d)
        ww_chip_reg_set(&cpu->chip, d, idx, v);
}

/* Memory through the m68k MMU as gdb sees it (m68k_debug_translate): a
 * logical page mapped by the tables reads the physical page behind it, an
 * unmapped one is an error, a write-protected one reads but refuses writes,
 * and the walk set no used/modified bit in the descriptors. 68040: 4 KiB
 * pages, root 0x1000 -> pointer table 0x1200 -> page table 0x1400; 68030:
 * TC PS=12 TIA=10 TIB=10, CRP short descriptors, 0x1000 -> 0x2000. Both map
 * 0x10000000 to 0x3000 and 0x10001000 (write-protected) to 0x4000. */
WW_TEST("unit/gdb/m68k_translate", t_m68k_translate)
{
    static const char *const models[] = { "m68040", "m68030" };
    for (unsigned k = 0; k < G_N_ELEMENTS(models); k++) {
        char *xml = g_strdup_printf(
            "<machine name='test/gdb-m68k-mmu' title='gdb'>\n"
            "  <cpu id='cpu' type='m68k' model='%s' clock='25MHz'/>\n"
            "  <ram id='ram' size='64KiB'/>\n"
            "  <map space='cpu.mem' at='0x00000000' to='ram'/>\n"
            "</machine>\n", models[k]);
        rig r;
        rig_new(&r, xml);
        g_free(xml);
        WW_CHECK_STR(reply(&r, "QStartNoAckMode"), "OK");
        poke32(&r, 0x3000, 0xcafef00d);
        poke32(&r, 0x4000, 0x12345678);
        uint32_t d_page0, d_page1;
        if (k == 0) {
            poke32(&r, 0x1000 + 8 * 4, 0x1200 | 3);   /* root index 8 (LA 31-25) */
            poke32(&r, 0x1200, 0x1400 | 3);           /* pointer index 0 */
            poke32(&r, 0x1400, d_page0 = 0x3000 | 1); /* page 0: resident */
            poke32(&r, 0x1404, d_page1 = 0x4000 | 5); /* page 1: resident, W */
            set_reg(&r, "srp", 0x1000);
            set_reg(&r, "urp", 0x1000);
            set_reg(&r, "tc", 0x8000);
        } else {
            poke32(&r, 0x1000 + 0x40 * 4, 0x2000 | 2);  /* TIA index 0x40 -> short table */
            poke32(&r, 0x2000, d_page0 = 0x3000 | 1);
            poke32(&r, 0x2004, d_page1 = 0x4000 | 5);   /* WP */
            set_reg(&r, "crp", 0x7fff000200001000ull);  /* limit 0x7fff, DT 2, table 0x1000 */
            set_reg(&r, "tc", 0x80c0aa00u);             /* E, PS 12, IS 0, TIA 10, TIB 10 */
        }
        WW_CHECK_STR(reply(&r, "m10000000,4"), "cafef00d");
        WW_CHECK_STR(reply(&r, "m10001000,4"), "12345678");
        WW_CHECK_STR(reply(&r, "m20000000,4"), "E14");       /* no table entry */
        WW_CHECK_STR(reply(&r, "M10001000,4:00000000"), "E14");   /* write-protected */
        WW_CHECK_STR(reply(&r, "M10000004,4:01020304"), "OK");
        WW_CHECK_STR(reply(&r, "m10000004,4"), "01020304");
        WW_CHECK_STR(reply(&r, "m3004,4"), "E14");           /* logical 0x3004: not mapped */
        /* Translation off: physical addresses again. The write landed in the
         * physical page; no U (8) or M (0x10) bit: the walks had no side
         * effects. */
        set_reg(&r, "tc", 0);
        WW_CHECK_STR(reply(&r, "m3004,4"), "01020304");
        char want[16];
        g_snprintf(want, sizeof want, "%08x", d_page0);
        WW_CHECK_STR(reply(&r, k == 0 ? "m1400,4" : "m2000,4"), want);
        g_snprintf(want, sizeof want, "%08x", d_page1);
        WW_CHECK_STR(reply(&r, k == 0 ? "m1404,4" : "m2004,4"), want);
        rig_free(&r);
    }
}
