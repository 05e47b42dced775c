/* tests/monitor/core.c — the monitor's command table, session and JSON
 * protocol without sockets: commands through ww_mon_execute and the human
 * line parser, QMP framing, negotiation and limits through core/qmp.c, on
 * machines that run today (test/m68k-shell, test/ppc-bare) and an inline
 * machine holding the 8259 pair of pc/q35. */
#include "tests/harness.h"
#include "core/mdl.h"
#include "core/monitor.h"
#include "core/qmp.h"
#include "core/descdoc.h"
#include <glib/gstdio.h>

typedef struct {
    ww_machine *m;
    ww_chardev *cd;
    ww_session *s;
} rig;

static void rig_load(rig *r, const char *machine)
{
    GError *err = NULL;
    r->cd = ww_chardev_new_buffer();
    ww_mdl_opts opts = { .serial = r->cd };
    r->m = ww_mdl_load(machine, NULL, &opts, &err);
    if (!r->m)
        ww_test_skip("%s: %s", machine, err->message);
    r->s = ww_session_new(r->m, r->cd);
}

static void rig_free(rig *r)
{
    ww_session_free(r->s);
    ww_machine_free(r->m);
    ww_chardev_free(r->cd);
}

typedef struct {
    bool done;
    JsonNode *value;
    GError *err;
} result;

static void got(void *opaque, JsonNode *value, const GError *err)
{
    result *res = opaque;
    res->done = true;
    res->value = value ? json_node_copy(value) : NULL;
    res->err = err ? g_error_copy(err) : NULL;
}

static void result_clear(result *r)
{
    if (r->value)
        json_node_unref(r->value);
    if (r->err)
        g_error_free(r->err);
    *r = (result){ 0 };
}

/* Run a human line; the reply must come at once. */
static result human(ww_session *s, const char *line)
{
    result r = { 0 };
    const ww_mon_cmd *cmd;
    JsonObject *args;
    GError *err = NULL;
    if (!ww_mon_parse_line(line, &cmd, &args, &err)) {
        r.done = true;
        r.err = err;
        return r;
    }
    ww_mon_execute(s, cmd->name, args, NULL, got, &r);
    json_object_unref(args);
    return r;
}

static char *human_text(ww_session *s, const char *line)
{
    result r = human(s, line);
    WW_CHECK_MSG(r.done && !r.err, "%s: %s", line, r.err ? r.err->message : "no reply");
    const ww_mon_cmd *cmd;
    JsonObject *args;
    WW_CHECK(ww_mon_parse_line(line, &cmd, &args, NULL));
    json_object_unref(args);
    GString *out = g_string_new(NULL);
    ww_mon_human_value(cmd, r.value, out);
    result_clear(&r);
    return g_string_free(out, FALSE);
}

/* Run the machine in 1 ms chunks until cond or `limit` of virtual time. */
#define RUN_UNTIL(r, cond, limit) do { \
    ww_time end_ = ww_sched_now(ww_machine_sched((r)->m)) + (limit); \
    while (!(cond) && ww_sched_now(ww_machine_sched((r)->m)) < end_ && \
           ww_session_state_get((r)->s) == WW_SESSION_RUNNING) \
        ww_session_run((r)->s, ww_sched_now(ww_machine_sched((r)->m)) + 1000000); \
} while (0)

WW_TEST("monitor/core/shell-wait-type", t_shell)
{
    rig r;
    rig_load(&r, "test/m68k-shell");
    /* wait-serial is deferred: it answers once the prompt appears. */
    result w = { 0 };
    JsonObject *a = json_object_new();
    json_object_set_string_member(a, "text", "/ # ");
    ww_mon_execute(r.s, "wait-serial", a, &w, got, &w);
    json_object_unref(a);
    WW_CHECK(!w.done);
    RUN_UNTIL(&r, w.done, 100000000);
    WW_CHECK_MSG(w.done && !w.err, "prompt: %s (serial: %s)", w.err ? w.err->message : "not seen",
                 r.cd->captured->str);
    result_clear(&w);
    /* type a command; its answer appears. */
    result t = human(r.s, "type \"echo hello monitor\\r\"");
    WW_CHECK_MSG(t.done && !t.err, "%s", t.err ? t.err->message : "");
    result_clear(&t);
    a = json_object_new();
    json_object_set_string_member(a, "text", "hello monitor\r\n/ # ");
    ww_mon_execute(r.s, "wait-serial", a, &w, got, &w);
    json_object_unref(a);
    RUN_UNTIL(&r, w.done, 100000000);
    WW_CHECK_MSG(w.done && !w.err, "answer: %s (serial: %s)", w.err ? w.err->message : "not seen",
                 r.cd->captured->str);
    result_clear(&w);
    /* A wait with a timeout that passes is an error. */
    a = json_object_new();
    json_object_set_string_member(a, "text", "never printed");
    json_object_set_string_member(a, "timeout", "5ms");
    ww_mon_execute(r.s, "wait-serial", a, &w, got, &w);
    json_object_unref(a);
    RUN_UNTIL(&r, w.done, 100000000);
    WW_CHECK(w.done && w.err && strstr(w.err->message, "did not appear"));
    result_clear(&w);
    rig_free(&r);
}

/* The 8259 pair of pc/q35 on a free-standing I/O space (the PC cannot boot
 * yet, so no CPU): the guest's view is the space. */
static const char *const pic_xml =
    "<machine name='test/pic' title='8259 pair'>\n"
    "  <space name='cpu.io' bits='16' endian='little' unmapped='open-bus' open-bus='0xffffffff'/>\n"
    "  <chip id='pic0' type='i8259' variant='master'/>\n"
    "  <chip id='pic1' type='i8259' variant='slave'/>\n"
    "  <map space='cpu.io' at='0x20' size='2' to='pic0.io'/>\n"
    "  <map space='cpu.io' at='0xa0' size='2' to='pic1.io'/>\n"
    "  <map space='pic0.cas' at='2' to='pic1.iack'/>\n"
    "  <wire from='pic1.int' to='pic0.ir@2'/>\n"
    "</machine>\n";

/* Program the master as a PC BIOS does: ICW1-4, then mask everything but IR2. */
void monitor_test_program_pic(ww_machine *m);
void monitor_test_program_pic(ww_machine *m)
{
    ww_space *io = ww_machine_find_space(m, "cpu.io");
    WW_CHECK(io);
    ww_space_write(io, 0x20, 1, 0x11);   /* ICW1: edge, cascade, ICW4 */
    ww_space_write(io, 0x21, 1, 0x08);   /* ICW2: vectors 08h-0Fh */
    ww_space_write(io, 0x21, 1, 0x04);   /* ICW3: slave on IR2 */
    ww_space_write(io, 0x21, 1, 0x01);   /* ICW4: 8086 mode */
    ww_space_write(io, 0x21, 1, 0xfb);   /* OCW1: IMR = all but IR2 */
}

/* The field value the human view prints for REG's FIELD: the line
 * "      FIELD [bits] = VALUE" under "  REG …". */
static char *human_field(const char *text, const char *reg, const char *field)
{
    char **lines = g_strsplit(text, "\n", -1);
    bool in = false;
    char *val = NULL;
    for (char **l = lines; *l && !val; l++) {
        if (!strncmp(*l, "  ", 2) && (*l)[2] != ' ') {
            char **w = g_strsplit_set(*l + 2, " ", 2);
            in = !strcmp(w[0], reg);
            g_strfreev(w);
            continue;
        }
        if (!in || strncmp(*l, "      ", 6))
            continue;
        char name[64], bits[32], v[64];
        if (sscanf(*l, " %63s %31s = %63s", name, bits, v) == 3 && !strcmp(name, field))
            val = g_strdup(v);
    }
    g_strfreev(lines);
    return val;
}

WW_TEST("monitor/core/info-chip-pic", t_info_chip_pic)
{
    ww_machine *m = ww_test_machine_xml(pic_xml);
    ww_session *s = ww_session_new(m, NULL);
    monitor_test_program_pic(m);
    result r = { 0 };
    JsonObject *a = json_object_new();
    json_object_set_string_member(a, "id", "pic0");
    ww_mon_execute(s, "info-chip", a, NULL, got, &r);
    json_object_unref(a);
    WW_CHECK_MSG(r.done && !r.err, "%s", r.err ? r.err->message : "");
    char *text = human_text(s, "info chip pic0");
    ww_test_log("%s", text);
    /* Every register field in the JSON equals the human view's. */
    JsonArray *tables = json_object_get_array_member(json_node_get_object(r.value), "tables");
    unsigned compared = 0;
    bool imr_seen = false;
    for (guint t = 0; t < json_array_get_length(tables); t++) {
        JsonObject *to = json_array_get_object_element(tables, t);
        if (strcmp(json_object_get_string_member(to, "id"), "registers"))
            continue;
        JsonArray *rows = json_object_get_array_member(to, "rows");
        for (guint i = 0; i < json_array_get_length(rows); i++) {
            JsonObject *ro = json_array_get_object_element(rows, i);
            const char *reg = json_object_get_string_member(ro, "name");
            if (!strcmp(reg, "IMR")) {
                imr_seen = true;
                WW_CHECK_EQ(json_object_get_int_member(ro, "value"), 0xfb);
            }
            if (!json_object_has_member(ro, "fields"))
                continue;
            JsonArray *fa = json_object_get_array_member(ro, "fields");
            for (guint k = 0; k < json_array_get_length(fa); k++) {
                JsonObject *fo = json_array_get_object_element(fa, k);
                const char *fname = json_object_get_string_member(fo, "name");
                char *hv = human_field(text, reg, fname);
                WW_CHECK_MSG(hv, "%s.%s missing from the human view", reg, fname);
                JsonNode *vn = json_object_get_member(fo, "value");
                if (json_node_get_value_type(vn) == G_TYPE_INT64) {
                    uint64_t hx = g_ascii_strtoull(hv, NULL, 0);
                    WW_CHECK_MSG(hx == (uint64_t)json_node_get_int(vn), "%s.%s: JSON %" G_GINT64_FORMAT
                                 ", human %s", reg, fname, json_node_get_int(vn), hv);
                    if (!strcmp(reg, "IMR"))
                        WW_CHECK_EQ(json_node_get_int(vn), fname[2] == '2' ? 0 : 1);
                } else {
                    WW_CHECK_STR(hv, json_node_get_string(vn));
                }
                g_free(hv);
                compared++;
            }
        }
    }
    WW_CHECK(imr_seen);
    WW_CHECK_MSG(compared >= 40, "only %u fields compared", compared);
    /* The state and port tables are there too. */
    WW_CHECK(strstr(text, "Internal state:"));
    WW_CHECK(strstr(text, "Ports:"));
    g_free(text);
    result_clear(&r);
    ww_session_free(s);
    ww_machine_free(m);
}

/* The debug contract of core/cpu.h in every CPU's run loop: a breakpoint at
 * the reset PC stops before the first instruction (PC unchanged, nothing
 * executed); resuming passes it once; step is run(cpu, 1). */
WW_TEST("monitor/core/breakpoints-every-cpu", t_bp_cpus)
{
    const ww_chip_class *const *cls;
    unsigned n = ww_chip_class_list(&cls), tried = 0;
    for (unsigned i = 0; i < n; i++) {
        if (!cls[i]->cpu || !cls[i]->cpu->family ||
            (strcmp(cls[i]->cpu->family, "x86") && strcmp(cls[i]->cpu->family, "ppc") &&
             strcmp(cls[i]->cpu->family, "m68k")))
            continue;     /* the interpreters; not the tests' toy CPUs */
        char *xml = g_strdup_printf(
            "<machine name='test/bp' title='breakpoints'>\n"
            "  <cpu id='cpu' type='%s' clock='10MHz'/>\n"
            "  <ram id='ram' size='1MiB'/>\n"
            "  <map space='cpu.mem' at='0' to='ram'/>\n%s"
            "</machine>\n", cls[i]->type,
            /* PowerPC resets to 0xFFF00100 (MSR[IP] = 1) */
            !strcmp(cls[i]->cpu->family, "ppc")
            ? "  <ram id='hi' size='1MiB'/>\n  <map space='cpu.mem' at='0xFFF00000' to='hi'/>\n" : "");
        ww_machine *m = ww_test_machine_xml(xml);
        g_free(xml);
        ww_session *s = ww_session_new(m, NULL);
        GError *err = NULL;
        ww_cpu *cpu = ww_session_cpu(s, NULL, &err);
        WW_CHECK_NOERR(cpu, err);
        const ww_cpu_ops *ops = ww_cpu_ops_of(cpu);
        uint64_t pc0 = ops->get_pc(cpu), cyc0 = cpu->cycles;
        WW_CHECK_NOERR(ww_session_break(s, cpu, pc0, &err), err);
        WW_CHECK(cpu->bp_on);
        ww_session_result res = ww_session_run(s, 1000000);
        WW_CHECK_MSG(res == WW_SESSION_HIT, "%s: run ended with %d, stop %d", cls[i]->type, res,
                     cpu->stop);
        WW_CHECK_MSG(ops->get_pc(cpu) == pc0 && cpu->cycles == cyc0,
                     "%s: pc 0x%" PRIx64 " (want 0x%" PRIx64 "), %" PRIu64 " cycles run",
                     cls[i]->type, ops->get_pc(cpu), pc0, cpu->cycles - cyc0);
        WW_CHECK(ww_session_state_get(s) == WW_SESSION_STOPPED);
        /* step passes the breakpoint it stands on, and executes one instruction */
        unsigned stepped = ww_session_step(s, cpu, 1, &err);
        WW_CHECK_MSG(stepped == 1, "%s: step did %u (stop %d)", cls[i]->type, stepped, cpu->stop);
        WW_CHECK_MSG(cpu->cycles > cyc0, "%s: step executed nothing", cls[i]->type);
        /* delete: no check left in the loop */
        ww_session_point *const *pts;
        WW_CHECK_EQ(ww_session_points(s, &pts), 1);
        WW_CHECK_NOERR(ww_session_delete(s, pts[0]->id, &err), err);
        WW_CHECK(!cpu->bp_on);
        ww_session_cont(s);
        WW_CHECK(ww_session_run(s, ww_sched_now(ww_machine_sched(m)) + 100000) != WW_SESSION_HIT);
        ww_session_free(s);
        ww_machine_free(m);
        tried++;
    }
    WW_CHECK_MSG(tried >= 3, "only %u CPU types", tried);
}

/* A chip's view (core/desc.h ww_view_desc) in `info chip`: the 16550's
 * receive FIFO in queue order, as a typed list in JSON and as text. */
WW_TEST("monitor/core/info-chip-view", t_view)
{
    ww_machine *m = ww_test_machine_xml(
        "<machine name='test/uart' title='uart'>\n"
        "  <space name='bus' bits='16' endian='little'/>\n"
        "  <chip id='uart' type='ns16550' clock='1.8432MHz'/>\n"
        "  <map space='bus' at='0x3f8' size='8' to='uart.regs'/>\n"
        "  <serial from='uart'/>\n"
        "</machine>\n");
    ww_chardev *cd = ww_chardev_new_buffer();
    GError *err = NULL;
    WW_CHECK_NOERR(ww_machine_bind(m, WW_BACKEND_CHARDEV, 0, cd, &err), err);
    ww_space *bus = ww_machine_find_space(m, "bus");
    ww_space_write(bus, 0x3fa, 1, 0x07);          /* FCR: FIFOs on */
    ww_session *s = ww_session_new(m, cd);
    WW_CHECK_NOERR(ww_session_serial_send(s, "ab", 2, &err), err);
    result r = human(s, "info chip uart");
    WW_CHECK_MSG(r.done && !r.err, "%s", r.err ? r.err->message : "");
    JsonArray *tables = json_object_get_array_member(json_node_get_object(r.value), "tables");
    bool found = false;
    for (guint t = 0; t < json_array_get_length(tables); t++) {
        JsonObject *to = json_array_get_object_element(tables, t);
        if (strcmp(json_object_get_string_member(to, "id"), "views"))
            continue;
        JsonObject *row = json_array_get_object_element(json_object_get_array_member(to, "rows"), 0);
        WW_CHECK_STR(json_object_get_string_member(row, "name"), "rx queue");
        JsonArray *v = json_object_get_array_member(row, "value");
        WW_CHECK_EQ(json_array_get_length(v), 2);
        WW_CHECK_EQ(json_array_get_int_element(v, 0), 'a');
        WW_CHECK_EQ(json_array_get_int_element(v, 1), 'b');
        WW_CHECK_STR(json_object_get_string_member(row, "value-text"), "61 62");
        found = true;
    }
    WW_CHECK(found);
    result_clear(&r);
    char *text = human_text(s, "info chip uart");
    WW_CHECK_MSG(strstr(text, "Views:") && strstr(text, "rx queue 61 62"), "%s", text);
    g_free(text);
    ww_session_free(s);
    ww_machine_free(m);
    ww_chardev_free(cd);
}
