/* core/monitor.c — the monitor's command table, its generic argument
 * checking and dispatch, and the human printer (core/monitor.h).
 *
 * Where QMP (QEMU's docs/interop/qmp-spec) has a convention we follow it: the
 * error classes, "Parameter 'x' is missing" style argument errors,
 * `query-commands`, `cont`/`stop`/`system_reset`/`quit`, the SHUTDOWN and
 * RESET reasons. */
#include "core/monitor.h"
#include "core/descdoc.h"
#include "core/snapshot.h"
#include "core/backend.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>

G_DEFINE_QUARK(ww-monitor-error-quark, ww_mon_error)

static const char *const class_names[] = {
    [WW_MON_GENERIC] = "GenericError",
    [WW_MON_COMMAND_NOT_FOUND] = "CommandNotFound",
    [WW_MON_DEVICE_NOT_FOUND] = "DeviceNotFound",
    [WW_MON_DEVICE_NOT_ACTIVE] = "DeviceNotActive",
};

const char *ww_mon_error_class_name(int code)
{
    return code >= 0 && (size_t)code < G_N_ELEMENTS(class_names) ? class_names[code]
                                                                 : "GenericError";
}

ww_mon_error_class ww_mon_error_class_of(const GError *e)
{
    if (e && e->domain == WW_MON_ERROR && e->code >= 0 &&
        (size_t)e->code < G_N_ELEMENTS(class_names))
        return (ww_mon_error_class)e->code;
    if (e && e->domain == WW_ERROR && e->code == WW_ERROR_NOT_FOUND)
        return WW_MON_DEVICE_NOT_FOUND;
    return WW_MON_GENERIC;
}

#define MAX_X_BYTES 4096u     /* x / xp: bytes per call */
#define MAX_STEPS 1000000u    /* step: instructions per call */

/* ---- calls ----------------------------------------------------------------------------- */

struct ww_mon_call {
    ww_session *s;
    void *owner;
    ww_mon_reply_fn reply;
    void *opaque;
    bool deferred;
    bool in_handler;   /* a deferred answer may come before the handler returns */
    bool finished;
};

ww_session *ww_mon_call_session(ww_mon_call *c) { return c->s; }
void *ww_mon_call_owner(ww_mon_call *c) { return c->owner; }
void ww_mon_defer(ww_mon_call *c) { c->deferred = true; }

void ww_mon_finish(ww_mon_call *c, JsonNode *value, GError *err)
{
    c->reply(c->opaque, err ? NULL : value, err);
    if (value)
        json_node_unref(value);
    if (err)
        g_error_free(err);
    c->finished = true;
    if (!c->in_handler)
        g_free(c);
}

/* ---- argument helpers for handlers (arguments are checked before a handler runs) -------- */

static const char *arg_str(JsonObject *a, const char *name, const char *def)
{
    return a && json_object_has_member(a, name) ? json_object_get_string_member(a, name) : def;
}

static uint64_t arg_uint(JsonObject *a, const char *name, uint64_t def)
{
    uint64_t v = def;
    if (a && json_object_has_member(a, name))
        ww_json_get_uint(json_object_get_member(a, name), &v);
    return v;
}

static uint64_t arg_time(JsonObject *a, const char *name, uint64_t def)
{
    if (!a || !json_object_has_member(a, name))
        return def;
    JsonNode *n = json_object_get_member(a, name);
    uint64_t v = def;
    if (json_node_get_value_type(n) == G_TYPE_STRING)
        ww_parse_uint(json_node_get_string(n), WW_UNIT_NS, &v, NULL);
    else
        ww_json_get_uint(n, &v);
    return v;
}

static GError *mon_error(ww_mon_error_class cls, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static GError *mon_error(ww_mon_error_class cls, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    GError *e = g_error_new_valist(WW_MON_ERROR, cls, fmt, ap);
    va_end(ap);
    return e;
}

#define FAIL(cls, ...) do { g_propagate_error(err, mon_error(cls, __VA_ARGS__)); return NULL; } while (0)

static JsonNode *obj_node(JsonObject *o)
{
    JsonNode *n = json_node_new(JSON_NODE_OBJECT);
    json_node_take_object(n, o);
    return n;
}

static JsonNode *arr_node(JsonArray *a)
{
    JsonNode *n = json_node_new(JSON_NODE_ARRAY);
    json_node_take_array(n, a);
    return n;
}

static JsonNode *empty(void) { return obj_node(json_object_new()); }

static ww_machine *M(ww_mon_call *c) { return ww_session_machine(c->s); }

/* A GError from the core, as a monitor error (class from its code). */
static JsonNode *core_fail(GError **err, GError *e)
{
    g_set_error_literal(err, WW_MON_ERROR, ww_mon_error_class_of(e), e->message);
    g_error_free(e);
    return NULL;
}

static ww_cpu *find_cpu(ww_mon_call *c, JsonObject *a, GError **err)
{
    GError *e = NULL;
    ww_cpu *cpu = ww_session_cpu(c->s, arg_str(a, "cpu", NULL), &e);
    if (!cpu)
        core_fail(err, e);
    return cpu;
}

static const char *state_name(ww_session_state st)
{
    return st == WW_SESSION_RUNNING ? "running" : st == WW_SESSION_STOPPED ? "paused"
                                                                          : "shutdown";
}

/* ---- handlers ------------------------------------------------------------------------- */

static JsonNode *h_help(ww_mon_call *c, JsonObject *a, GError **err);
static JsonNode *h_query_commands(ww_mon_call *c, JsonObject *a, GError **err);

static JsonNode *h_info_status(ww_mon_call *c, JsonObject *a, GError **err)
{
    JsonObject *o = json_object_new();
    ww_session_state st = ww_session_state_get(c->s);
    json_object_set_boolean_member(o, "running", st == WW_SESSION_RUNNING);
    json_object_set_string_member(o, "status", state_name(st));
    json_object_set_int_member(o, "time-ns", (gint64)ww_sched_now(ww_machine_sched(M(c))));
    json_object_set_string_member(o, "machine", ww_machine_name(M(c)) ? ww_machine_name(M(c)) : "");
    return obj_node(o);
}

static JsonNode *h_info_chips(ww_mon_call *c, JsonObject *a, GError **err)
{
    ww_chip *const *chips;
    unsigned n = ww_machine_chips(M(c), &chips);
    JsonArray *arr = json_array_new();
    for (unsigned i = 0; i < n; i++) {
        JsonObject *o = json_object_new();
        json_object_set_string_member(o, "id", chips[i]->id);
        json_object_set_string_member(o, "type", chips[i]->cls->type);
        json_object_set_string_member(o, "summary", chips[i]->cls->summary ? chips[i]->cls->summary : "");
        json_object_set_boolean_member(o, "cpu", chips[i]->cls->cpu != NULL);
        json_array_add_object_element(arr, o);
    }
    return arr_node(arr);
}

static ww_chip *find_chip(ww_mon_call *c, const char *id, GError **err)
{
    ww_chip *chip = ww_machine_find_chip(M(c), id);
    if (!chip) {
        ww_chip *const *chips;
        unsigned n = ww_machine_chips(M(c), &chips);
        const char **ids = g_new0(const char *, n + 1);
        for (unsigned i = 0; i < n; i++)
            ids[i] = chips[i]->id;
        const char *near = ww_suggest(id, ids);
        g_set_error(err, WW_MON_ERROR, WW_MON_DEVICE_NOT_FOUND, "no chip '%s' in this machine%s%s%s",
                    id, near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
        g_free(ids);
    }
    return chip;
}

static JsonNode *h_info_chip(ww_mon_call *c, JsonObject *a, GError **err)
{
    ww_chip *chip = find_chip(c, arg_str(a, "id", ""), err);
    if (!chip)
        return NULL;
    ww_doc *d = ww_doc_build_live(chip);
    JsonNode *n = ww_doc_to_json(d);
    ww_doc_free(d);
    return n;
}

static const char *kind_name(ww_map_kind k)
{
    switch (k) {
    case WW_MAP_RAM: return "ram";
    case WW_MAP_ROM: return "rom";
    case WW_MAP_CHIP: return "chip";
    case WW_MAP_UNMAPPED: return "unmapped";
    }
    return "?";
}

static JsonNode *h_info_mtree(ww_mon_call *c, JsonObject *a, GError **err)
{
    const char *const *names;
    ww_space *const *spaces;
    const int *alias;
    unsigned n = ww_machine_spaces(M(c), &names, &spaces, &alias);
    JsonArray *arr = json_array_new();
    for (unsigned i = 0; i < n; i++) {
        JsonObject *o = json_object_new();
        const ww_space_config *cfg = ww_space_cfg(spaces[i]);
        json_object_set_string_member(o, "name", names[i]);
        if (alias[i] >= 0) {
            json_object_set_string_member(o, "alias-of", names[alias[i]]);
            json_array_add_object_element(arr, o);
            continue;
        }
        json_object_set_int_member(o, "bits", cfg->addr_bits);
        json_object_set_string_member(o, "endian", cfg->endian == WW_BIG_ENDIAN ? "big" : "little");
        json_object_set_string_member(o, "unmapped", cfg->unmapped == WW_UNMAPPED_BUS_ERROR
                                                     ? "bus-error" : "open-bus");
        const ww_mapping *maps;
        unsigned nm = ww_space_mappings(spaces[i], &maps);
        JsonArray *ma = json_array_new();
        for (unsigned k = 0; k < nm; k++) {
            /* ww_space_mappings hands out an array of pointers (core/space.c) */
            const ww_mapping *mp = ((const ww_mapping *const *)maps)[k];
            JsonObject *mo = json_object_new();
            json_object_set_string_member(mo, "name", mp->name ? mp->name : "");
            json_object_set_string_member(mo, "kind", kind_name(mp->kind));
            json_object_set_member(mo, "base", ww_json_uint(mp->base));
            json_object_set_member(mo, "size", ww_json_uint(mp->size));
            json_object_set_int_member(mo, "priority", mp->priority);
            if (mp->kind == WW_MAP_CHIP && mp->chip) {
                char *t = g_strdup_printf("%s.%s", mp->chip->id,
                                          mp->chip->cls->regions[mp->region].name);
                json_object_set_string_member(mo, "target", t);
                g_free(t);
                if (mp->stride > 1)
                    json_object_set_member(mo, "stride", ww_json_uint(mp->stride));
                if (mp->offset)
                    json_object_set_member(mo, "offset", ww_json_uint(mp->offset));
            }
            if (mp->mirror)
                json_object_set_member(mo, "mirror", ww_json_uint(mp->mirror));
            if (mp->window) {
                json_object_set_boolean_member(mo, "window", true);
                json_object_set_string_member(mo, "owner", mp->owner ? mp->owner->id : "");
                json_object_set_boolean_member(mo, "hidden", mp->hidden);
            }
            json_array_add_object_element(ma, mo);
        }
        json_object_set_array_member(o, "mappings", ma);
        json_array_add_object_element(arr, o);
    }
    return arr_node(arr);
}

static JsonNode *h_info_irq(ww_mon_call *c, JsonObject *a, GError **err)
{
    ww_chip *const *chips;
    unsigned n = ww_machine_chips(M(c), &chips);
    JsonArray *arr = json_array_new();
    for (unsigned i = 0; i < n; i++) {
        unsigned pi = 0;
        for (const ww_port_desc *p = chips[i]->cls->ports; p && p->name; p++, pi++) {
            for (unsigned k = 0; k < ww_port_count(p); k++) {
                JsonObject *o = json_object_new();
                char *line = ww_port_count(p) > 1 ? g_strdup_printf("%s.%s@%u", chips[i]->id, p->name, k)
                                                  : g_strdup_printf("%s.%s", chips[i]->id, p->name);
                json_object_set_string_member(o, "line", line);
                g_free(line);
                json_object_set_string_member(o, "direction", p->dir == WW_PORT_OUT ? "out" : "in");
                if (p->dir == WW_PORT_OUT) {
                    ww_line *l = ww_chip_out_line(chips[i], pi, k);
                    json_object_set_int_member(o, "level", l ? ww_line_get(l) : 0);
                    JsonArray *to = json_array_new();
                    for (unsigned si = 0; l && si < l->nsinks; si++) {
                        const ww_sink *sk = &l->sinks[si];
                        const ww_port_desc *tp = &sk->chip->cls->ports[sk->port];
                        char *t = ww_port_count(tp) > 1
                                ? g_strdup_printf("%s%s.%s@%u", sk->invert ? "!" : "", sk->chip->id,
                                                  tp->name, sk->index)
                                : g_strdup_printf("%s%s.%s", sk->invert ? "!" : "", sk->chip->id, tp->name);
                        json_array_add_string_element(to, t);
                        g_free(t);
                    }
                    json_object_set_array_member(o, "to", to);
                } else {
                    json_object_set_int_member(o, "level", ww_input_level(chips[i], pi, k));
                }
                json_array_add_object_element(arr, o);
            }
        }
    }
    return arr_node(arr);
}

static JsonNode *point_json(const ww_session_point *p)
{
    JsonObject *o = json_object_new();
    json_object_set_int_member(o, "id", p->id);
    json_object_set_string_member(o, "type", p->watch ? "watchpoint" : "breakpoint");
    json_object_set_string_member(o, "what", p->name);
    if (!p->watch) {
        json_object_set_string_member(o, "cpu", p->cpu->chip.id);
        json_object_set_member(o, "pc", ww_json_uint(p->pc));
    }
    json_object_set_int_member(o, "hits", (gint64)p->hits);
    return obj_node(o);
}

static JsonNode *h_info_break(ww_mon_call *c, JsonObject *a, GError **err)
{
    ww_session_point *const *pts;
    unsigned n = ww_session_points(c->s, &pts);
    JsonArray *arr = json_array_new();
    for (unsigned i = 0; i < n; i++)
        json_array_add_element(arr, point_json(pts[i]));
    return arr_node(arr);
}

static JsonNode *dump_bytes(ww_space *sp, const char *space, uint64_t addr, uint64_t phys,
                            uint64_t len)
{
    JsonObject *o = json_object_new();
    json_object_set_string_member(o, "space", space);
    json_object_set_member(o, "address", ww_json_uint(addr));
    if (phys != addr)
        json_object_set_member(o, "physical", ww_json_uint(phys));
    JsonArray *b = json_array_new();
    for (uint64_t i = 0; i < len; i++) {
        uint64_t v = 0;
        if (ww_space_peek(sp, phys + i, 1, &v) == WW_BUS_OK)
            json_array_add_int_element(b, (gint64)(v & 0xff));
        else
            json_array_add_null_element(b);   /* bus error: nothing answers there */
    }
    json_object_set_array_member(o, "bytes", b);
    return obj_node(o);
}

static bool check_len(uint64_t len, GError **err)
{
    if (len == 0 || len > MAX_X_BYTES) {
        g_set_error(err, WW_MON_ERROR, WW_MON_GENERIC,
                    "Parameter 'len' is %" G_GUINT64_FORMAT "; expected 1..%u bytes", len, MAX_X_BYTES);
        return false;
    }
    return true;
}

static JsonNode *h_x(ww_mon_call *c, JsonObject *a, GError **err)
{
    uint64_t addr = arg_uint(a, "addr", 0), len = arg_uint(a, "len", 64);
    if (!check_len(len, err))
        return NULL;
    ww_cpu *cpu = find_cpu(c, a, err);
    if (!cpu)
        return NULL;
    ww_space *sp = cpu->chip.bus[WW_CPU_BUS_MEM];
    if (!sp)
        FAIL(WW_MON_DEVICE_NOT_FOUND, "%s has no memory bus bound", cpu->chip.id);
    uint64_t phys = addr;
    const ww_cpu_ops *ops = ww_cpu_ops_of(cpu);
    if (ops->translate && !ops->translate(cpu, addr, false, &phys))
        FAIL(WW_MON_GENERIC, "0x%" G_GINT64_MODIFIER "x: no translation in %s's MMU", addr,
             cpu->chip.id);
    return dump_bytes(sp, ww_space_name(sp), addr, phys, len);
}

static JsonNode *h_xp(ww_mon_call *c, JsonObject *a, GError **err)
{
    uint64_t addr = arg_uint(a, "addr", 0), len = arg_uint(a, "len", 64);
    if (!check_len(len, err))
        return NULL;
    ww_space *sp;
    const char *name = arg_str(a, "space", NULL);
    if (name) {
        sp = ww_machine_find_space(M(c), name);
        if (!sp)
            FAIL(WW_MON_DEVICE_NOT_FOUND, "no space '%s'; `info mtree` lists them", name);
    } else {
        ww_cpu *cpu = find_cpu(c, NULL, err);
        if (!cpu)
            return NULL;
        sp = cpu->chip.bus[WW_CPU_BUS_MEM];
        if (!sp)
            FAIL(WW_MON_DEVICE_NOT_FOUND, "%s has no memory bus bound", cpu->chip.id);
    }
    return dump_bytes(sp, ww_space_name(sp), addr, addr, len);
}

static void add_pc(JsonObject *o, ww_cpu *cpu)
{
    const ww_cpu_ops *ops = ww_cpu_ops_of(cpu);
    if (!ops->get_pc)
        return;
    uint64_t pc = ops->get_pc(cpu);
    json_object_set_member(o, "pc", ww_json_uint(pc));
    char buf[128] = "";
    if (ops->disasm && ops->disasm(cpu, pc, buf, sizeof buf))
        json_object_set_string_member(o, "insn", buf);
}

static JsonNode *h_regs(ww_mon_call *c, JsonObject *a, GError **err)
{
    ww_cpu *cpu = find_cpu(c, a, err);
    if (!cpu)
        return NULL;
    JsonObject *o = json_object_new();
    json_object_set_string_member(o, "cpu", cpu->chip.id);
    add_pc(o, cpu);
    JsonArray *arr = json_array_new();
    for (const ww_reg_desc *r = cpu->chip.cls->regs; r && r->name; r++) {
        if (!(r->flags & WW_REG_INTERNAL))
            continue;
        for (unsigned i = 0; i < ww_reg_count(r); i++) {
            char name[64];
            ww_reg_name(r, i, name, sizeof name);
            JsonObject *ro = json_object_new();
            json_object_set_string_member(ro, "name", name);
            json_object_set_string_member(ro, "group", r->group ? r->group : "");
            if (r->format == WW_FMT_F80 && r->at.size) {
                long double v;
                memcpy(&v, (uint8_t *)cpu + r->at.offset + (size_t)i * (r->stride ? r->stride : r->at.size),
                       sizeof v);
                char *t = g_strdup_printf("%Lg", v);
                json_object_set_string_member(ro, "value", t);
                g_free(t);
            } else {
                json_object_set_member(ro, "value", ww_json_uint(ww_chip_reg_get(&cpu->chip, r, i)));
            }
            json_object_set_int_member(ro, "bits", r->format == WW_FMT_F80 ? 80 : 8 * ww_reg_width(r));
            json_array_add_object_element(arr, ro);
        }
    }
    json_object_set_array_member(o, "registers", arr);
    return obj_node(o);
}

static JsonNode *h_step(ww_mon_call *c, JsonObject *a, GError **err)
{
    uint64_t n = arg_uint(a, "n", 1);
    if (n == 0 || n > MAX_STEPS)
        FAIL(WW_MON_GENERIC, "Parameter 'n' is %" G_GUINT64_FORMAT "; expected 1..%u", n, MAX_STEPS);
    if (ww_session_state_get(c->s) == WW_SESSION_SHUTDOWN)
        FAIL(WW_MON_DEVICE_NOT_ACTIVE, "the machine has shut down");
    ww_cpu *cpu = find_cpu(c, a, err);
    if (!cpu)
        return NULL;
    GError *e = NULL;
    unsigned done = ww_session_step(c->s, cpu, (unsigned)n, &e);
    if (e)
        return core_fail(err, e);
    JsonObject *o = json_object_new();
    json_object_set_string_member(o, "cpu", cpu->chip.id);
    json_object_set_int_member(o, "steps", done);
    json_object_set_string_member(o, "stop", cpu->stop == WW_STOP_BREAK ? "breakpoint"
                                  : cpu->stop == WW_STOP_HALT ? "halted"
                                  : cpu->stop == WW_STOP_FATAL ? "fatal" : "none");
    add_pc(o, cpu);
    return obj_node(o);
}

static JsonNode *h_cont(ww_mon_call *c, JsonObject *a, GError **err)
{
    if (ww_session_state_get(c->s) == WW_SESSION_SHUTDOWN)
        FAIL(WW_MON_DEVICE_NOT_ACTIVE, "the machine has shut down");
    ww_session_cont(c->s);
    return empty();
}

static JsonNode *h_stop(ww_mon_call *c, JsonObject *a, GError **err)
{
    ww_session_stop(c->s, "user");
    return empty();
}

static JsonNode *h_break(ww_mon_call *c, JsonObject *a, GError **err)
{
    ww_cpu *cpu = find_cpu(c, a, err);
    if (!cpu)
        return NULL;
    GError *e = NULL;
    unsigned id = ww_session_break(c->s, cpu, arg_uint(a, "addr", 0), &e);
    if (!id)
        return core_fail(err, e);
    JsonObject *o = json_object_new();
    json_object_set_int_member(o, "id", id);
    return obj_node(o);
}

static JsonNode *h_watch(ww_mon_call *c, JsonObject *a, GError **err)
{
    GError *e = NULL;
    unsigned id = ww_session_watch(c->s, arg_str(a, "register", ""), &e);
    if (!id)
        return core_fail(err, e);
    JsonObject *o = json_object_new();
    json_object_set_int_member(o, "id", id);
    return obj_node(o);
}

static JsonNode *h_delete(ww_mon_call *c, JsonObject *a, GError **err)
{
    GError *e = NULL;
    uint64_t id = arg_uint(a, "id", 0);
    if (id > G_MAXUINT || !ww_session_delete(c->s, (unsigned)id, &e)) {
        if (!e)
            g_set_error(&e, WW_ERROR, WW_ERROR_NOT_FOUND, "no breakpoint or watchpoint %"
                        G_GUINT64_FORMAT, id);
        return core_fail(err, e);
    }
    return empty();
}

/* QEMU's sendkey names (qapi QKeyCode) for the keys of a PC keyboard, as USB
 * HID usage IDs (HID Usage Tables 1.12, §10 Keyboard/Keypad Page). */
static const struct { const char *name; unsigned usage; } keys[] = {
    { "ret", 0x28 }, { "esc", 0x29 }, { "backspace", 0x2a }, { "tab", 0x2b }, { "spc", 0x2c },
    { "minus", 0x2d }, { "equal", 0x2e }, { "bracket_left", 0x2f }, { "bracket_right", 0x30 },
    { "backslash", 0x31 }, { "semicolon", 0x33 }, { "apostrophe", 0x34 }, { "grave_accent", 0x35 },
    { "comma", 0x36 }, { "dot", 0x37 }, { "slash", 0x38 }, { "caps_lock", 0x39 },
    { "print", 0x46 }, { "scroll_lock", 0x47 }, { "pause", 0x48 }, { "insert", 0x49 },
    { "home", 0x4a }, { "pgup", 0x4b }, { "delete", 0x4c }, { "end", 0x4d }, { "pgdn", 0x4e },
    { "right", 0x4f }, { "left", 0x50 }, { "down", 0x51 }, { "up", 0x52 }, { "num_lock", 0x53 },
    { "ctrl", 0xe0 }, { "shift", 0xe1 }, { "alt", 0xe2 }, { "meta_l", 0xe3 },
    { "ctrl_r", 0xe4 }, { "shift_r", 0xe5 }, { "alt_r", 0xe6 }, { "meta_r", 0xe7 },
};

unsigned ww_mon_key_usage(const char *name)
{
    if (name[0] >= 'a' && name[0] <= 'z' && !name[1])
        return 0x04 + (unsigned)(name[0] - 'a');
    if (name[0] >= '1' && name[0] <= '9' && !name[1])
        return 0x1e + (unsigned)(name[0] - '1');
    if (!strcmp(name, "0"))
        return 0x27;
    if (name[0] == 'f' && g_ascii_isdigit(name[1])) {
        int n = atoi(name + 1);
        if (n >= 1 && n <= 12 && (name[2] == 0 || (g_ascii_isdigit(name[2]) && !name[3])))
            return 0x3a + (unsigned)(n - 1);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(keys); i++)
        if (!strcmp(keys[i].name, name))
            return keys[i].usage;
    return 0;
}

static ww_inputdev *keyboard(ww_mon_call *c, GError **err)
{
    ww_inputdev *k = ww_session_keyboard(c->s);
    if (!k)
        g_set_error(err, WW_MON_ERROR, WW_MON_DEVICE_NOT_FOUND,
                    "the machine has no keyboard (no <input> slot with a keyboard chip)");
    return k;
}

static JsonNode *h_sendkey(ww_mon_call *c, JsonObject *a, GError **err)
{
    const char *spec = arg_str(a, "keys", "");
    char **names = g_strsplit(spec, "-", -1);
    unsigned usage[16], n = 0;
    for (char **k = names; *k; k++) {
        unsigned u = **k ? ww_mon_key_usage(*k) : 0;
        if (!u || n == G_N_ELEMENTS(usage)) {
            g_set_error(err, WW_MON_ERROR, WW_MON_GENERIC, n == G_N_ELEMENTS(usage)
                        ? "'%s': more than 16 keys at once" : "'%s': unknown key '%s' (names as "
                        "QEMU's sendkey: a, 1, ret, spc, ctrl, alt, shift, f1, delete, …)", spec, *k);
            g_strfreev(names);
            return NULL;
        }
        usage[n++] = u;
    }
    g_strfreev(names);
    if (!n)
        FAIL(WW_MON_GENERIC, "Parameter 'keys' is empty; expected e.g. ctrl-alt-delete");
    ww_inputdev *k = keyboard(c, err);
    if (!k)
        return NULL;
    for (unsigned i = 0; i < n; i++)       /* press in order, release in reverse */
        k->key(k->chip, usage[i], true);
    for (unsigned i = n; i-- > 0;)
        k->key(k->chip, usage[i], false);
    return empty();
}

/* The HID usage (and shift) that types an ASCII character on a US keyboard. */
static unsigned char_usage(char ch, bool *shift)
{
    static const char plain[] = "-=[]\\;'`,./", shifted[] = "_+{}|:\"~<>?";
    static const unsigned punct[] = { 0x2d, 0x2e, 0x2f, 0x30, 0x31, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38 };
    static const char digits_shifted[] = "!@#$%^&*()";
    *shift = false;
    if (ch >= 'a' && ch <= 'z')
        return 0x04 + (unsigned)(ch - 'a');
    if (ch >= 'A' && ch <= 'Z') {
        *shift = true;
        return 0x04 + (unsigned)(ch - 'A');
    }
    if (ch >= '1' && ch <= '9')
        return 0x1e + (unsigned)(ch - '1');
    if (ch == '0')
        return 0x27;
    const char *p;
    if ((p = strchr(digits_shifted, ch)) && ch) {
        *shift = true;
        return 0x1e + (unsigned)(p - digits_shifted);
    }
    if ((p = strchr(plain, ch)) && ch)
        return punct[p - plain];
    if ((p = strchr(shifted, ch)) && ch) {
        *shift = true;
        return punct[p - shifted];
    }
    switch (ch) {
    case ' ': return 0x2c;
    case '\n': case '\r': return 0x28;
    case '\t': return 0x2b;
    case '\b': return 0x2a;
    case 27: return 0x29;
    }
    return 0;
}

static JsonNode *h_type(ww_mon_call *c, JsonObject *a, GError **err)
{
    const char *text = arg_str(a, "text", "");
    const char *dev = arg_str(a, "device", NULL);
    if (!dev)
        dev = ww_session_serial(c->s) || !ww_session_keyboard(c->s) ? "serial" : "keyboard";
    if (!strcmp(dev, "serial")) {
        GError *e = NULL;
        if (!ww_session_serial_send(c->s, text, strlen(text), &e))
            return core_fail(err, e);
    } else if (!strcmp(dev, "keyboard")) {
        for (const char *p = text; *p; p++) {
            bool shift;
            if (!char_usage(*p, &shift))
                FAIL(WW_MON_GENERIC, "character 0x%02x cannot be typed on the keyboard",
                     (unsigned char)*p);
        }
        ww_inputdev *k = keyboard(c, err);
        if (!k)
            return NULL;
        for (const char *p = text; *p; p++) {
            bool shift;
            unsigned u = char_usage(*p, &shift);
            if (shift)
                k->key(k->chip, 0xe1, true);
            k->key(k->chip, u, true);
            k->key(k->chip, u, false);
            if (shift)
                k->key(k->chip, 0xe1, false);
        }
    } else {
        FAIL(WW_MON_GENERIC, "Parameter 'device' is '%s'; expected serial or keyboard", dev);
    }
    JsonObject *o = json_object_new();
    json_object_set_int_member(o, "sent", (gint64)strlen(text));
    json_object_set_string_member(o, "device", dev);
    return obj_node(o);
}

static void wait_done(void *opaque, bool matched, const char *text)
{
    ww_mon_call *c = opaque;
    if (!text) {           /* cancelled: the client went away */
        g_free(c);
        return;
    }
    if (!matched) {
        ww_mon_finish(c, NULL, mon_error(WW_MON_GENERIC, "'%s' did not appear on the serial "
                                         "line before the timeout", text));
        return;
    }
    JsonObject *o = json_object_new();
    json_object_set_boolean_member(o, "matched", true);
    json_object_set_string_member(o, "text", text);
    json_object_set_int_member(o, "time-ns",
                               (gint64)ww_sched_now(ww_machine_sched(ww_session_machine(c->s))));
    ww_mon_finish(c, obj_node(o), NULL);
}

static JsonNode *h_wait_serial(ww_mon_call *c, JsonObject *a, GError **err)
{
    const char *text = arg_str(a, "text", "");
    if (!*text)
        FAIL(WW_MON_GENERIC, "Parameter 'text' is empty");
    if (!ww_session_serial(c->s))
        FAIL(WW_MON_DEVICE_NOT_FOUND, "the machine has no serial line");
    ww_time now = ww_sched_now(ww_machine_sched(M(c)));
    uint64_t t = arg_time(a, "timeout", WW_TIME_NEVER);
    ww_time deadline = t == WW_TIME_NEVER || t > WW_TIME_NEVER - now ? WW_TIME_NEVER : now + t;
    ww_mon_defer(c);
    ww_session_wait_serial(c->s, text, deadline, c->owner, wait_done, c);
    return NULL;
}

static JsonNode *h_system_reset(ww_mon_call *c, JsonObject *a, GError **err)
{
    ww_session_reset(c->s, "host-qmp-system-reset");
    return empty();
}

static JsonNode *h_quit(ww_mon_call *c, JsonObject *a, GError **err)
{
    ww_session_shutdown(c->s, "host-qmp-quit");
    return empty();
}

static bool files_ok(ww_mon_call *c, GError **err)
{
    if (ww_session_files_allowed(c->s))
        return true;
    g_set_error(err, WW_MON_ERROR, WW_MON_GENERIC, "host files are off in this session");
    return false;
}

static JsonNode *h_savevm(ww_mon_call *c, JsonObject *a, GError **err)
{
    GError *e = NULL;
    if (!files_ok(c, err))
        return NULL;
    if (!ww_snapshot_save(M(c), arg_str(a, "file", ""), &e))
        return core_fail(err, e);
    return empty();
}

static JsonNode *h_loadvm(ww_mon_call *c, JsonObject *a, GError **err)
{
    GError *e = NULL;
    if (!files_ok(c, err))
        return NULL;
    if (!ww_snapshot_load(M(c), arg_str(a, "file", ""), &e))
        return core_fail(err, e);
    return empty();
}

/* ---- human layouts ---------------------------------------------------------------------- */

static JsonObject *as_obj(JsonNode *n) { return n && JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL; }
static JsonArray *as_arr(JsonNode *n) { return n && JSON_NODE_HOLDS_ARRAY(n) ? json_node_get_array(n) : NULL; }

static const char *ostr(JsonObject *o, const char *name)
{
    JsonNode *n = o ? json_object_get_member(o, name) : NULL;
    return n && JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_STRING
           ? json_node_get_string(n) : NULL;
}

static uint64_t ouint(JsonObject *o, const char *name)
{
    uint64_t v = 0;
    if (o && json_object_has_member(o, name))
        ww_json_get_uint(json_object_get_member(o, name), &v);
    return v;
}

static void human_doc(JsonNode *v, GString *out)
{
    ww_doc *d = ww_doc_from_json(v, NULL);
    if (!d) {
        ww_mon_human_generic(v, out);
        return;
    }
    ww_doc_print_text(d, out);
    ww_doc_free(d);
}

static void human_help(JsonNode *v, GString *out)
{
    JsonArray *a = as_arr(v);
    for (guint i = 0; a && i < json_array_get_length(a); i++) {
        JsonObject *o = json_array_get_object_element(a, i);
        GString *head = g_string_new(ostr(o, "human"));
        JsonArray *args = as_arr(json_object_get_member(o, "args"));
        for (guint k = 0; args && k < json_array_get_length(args); k++) {
            JsonObject *ao = json_array_get_object_element(args, k);
            bool opt = json_object_get_boolean_member(ao, "optional");
            char *up = g_ascii_strup(ostr(ao, "name"), -1);
            g_string_append_printf(head, " %s%s%s", opt ? "[" : "", up, opt ? "]" : "");
            g_free(up);
        }
        g_string_append_printf(out, "%-34s %s\n", head->str, ostr(o, "doc"));
        g_string_free(head, TRUE);
        if (json_array_get_length(a) == 1)
            for (guint k = 0; args && k < json_array_get_length(args); k++) {
                JsonObject *ao = json_array_get_object_element(args, k);
                char *up = g_ascii_strup(ostr(ao, "name"), -1);
                g_string_append_printf(out, "  %-10s %-6s %s\n", up, ostr(ao, "type"), ostr(ao, "doc"));
                g_free(up);
            }
    }
}

static void human_bytes(JsonNode *v, GString *out)
{
    JsonObject *o = as_obj(v);
    JsonArray *b = as_arr(o ? json_object_get_member(o, "bytes") : NULL);
    uint64_t addr = ouint(o, "address");
    guint n = b ? json_array_get_length(b) : 0;
    for (guint i = 0; i < n; i += 16) {
        g_string_append_printf(out, "%08" G_GINT64_MODIFIER "x:", addr + i);
        GString *asc = g_string_new(NULL);
        for (guint k = i; k < i + 16 && k < n; k++) {
            JsonNode *e = json_array_get_element(b, k);
            if (JSON_NODE_HOLDS_NULL(e)) {
                g_string_append(out, " --");
                g_string_append_c(asc, ' ');
                continue;
            }
            unsigned x = (unsigned)json_node_get_int(e);
            g_string_append_printf(out, " %02x", x);
            g_string_append_c(asc, x >= 0x20 && x < 0x7f ? (char)x : '.');
        }
        g_string_append_printf(out, "  %s\n", asc->str);
        g_string_free(asc, TRUE);
    }
}

static void human_chips(JsonNode *v, GString *out)
{
    JsonArray *a = as_arr(v);
    for (guint i = 0; a && i < json_array_get_length(a); i++) {
        JsonObject *o = json_array_get_object_element(a, i);
        g_string_append_printf(out, "%-12s %-14s %s\n", ostr(o, "id"), ostr(o, "type"), ostr(o, "summary"));
    }
}

static void human_mtree(JsonNode *v, GString *out)
{
    JsonArray *a = as_arr(v);
    for (guint i = 0; a && i < json_array_get_length(a); i++) {
        JsonObject *o = json_array_get_object_element(a, i);
        if (ostr(o, "alias-of")) {
            g_string_append_printf(out, "%s: alias of %s\n", ostr(o, "name"), ostr(o, "alias-of"));
            continue;
        }
        unsigned bits = (unsigned)ouint(o, "bits");
        int w = (int)(bits + 3) / 4;
        g_string_append_printf(out, "%s (%u bits, %s endian, unmapped: %s)\n", ostr(o, "name"), bits,
                               ostr(o, "endian"), ostr(o, "unmapped"));
        JsonArray *ma = as_arr(json_object_get_member(o, "mappings"));
        for (guint k = 0; ma && k < json_array_get_length(ma); k++) {
            JsonObject *m = json_array_get_object_element(ma, k);
            uint64_t base = ouint(m, "base"), size = ouint(m, "size");
            g_string_append_printf(out, "  %0*" G_GINT64_MODIFIER "x-%0*" G_GINT64_MODIFIER "x "
                                   "(prio %d) %-8s %s", w, base, w, size ? base + size - 1 : base,
                                   (int)json_object_get_int_member(m, "priority"), ostr(m, "kind"),
                                   ostr(m, "target") ? ostr(m, "target") : ostr(m, "name"));
            if (json_object_has_member(m, "stride"))
                g_string_append_printf(out, " stride 0x%" G_GINT64_MODIFIER "x", ouint(m, "stride"));
            if (json_object_has_member(m, "window"))
                g_string_append_printf(out, " [window '%s' of %s%s]", ostr(m, "name"), ostr(m, "owner"),
                                       json_object_get_boolean_member(m, "hidden") ? ", hidden" : "");
            g_string_append_c(out, '\n');
        }
    }
}

static void human_irq(JsonNode *v, GString *out)
{
    JsonArray *a = as_arr(v);
    for (guint i = 0; a && i < json_array_get_length(a); i++) {
        JsonObject *o = json_array_get_object_element(a, i);
        g_string_append_printf(out, "%-20s %-3s %d", ostr(o, "line"), ostr(o, "direction"),
                               (int)json_object_get_int_member(o, "level"));
        JsonArray *to = as_arr(json_object_get_member(o, "to"));
        for (guint k = 0; to && k < json_array_get_length(to); k++)
            g_string_append_printf(out, "%s%s", k ? ", " : " -> ", json_array_get_string_element(to, k));
        g_string_append_c(out, '\n');
    }
}

static void human_pc(JsonObject *o, GString *out)
{
    if (json_object_has_member(o, "pc"))
        g_string_append_printf(out, "%s: 0x%08" G_GINT64_MODIFIER "x  %s\n", ostr(o, "cpu"),
                               ouint(o, "pc"), ostr(o, "insn") ? ostr(o, "insn") : "");
}

static void human_regs(JsonNode *v, GString *out)
{
    JsonObject *o = as_obj(v);
    JsonArray *a = as_arr(o ? json_object_get_member(o, "registers") : NULL);
    const char *group = NULL;
    unsigned col = 0;
    for (guint i = 0; a && i < json_array_get_length(a); i++) {
        JsonObject *r = json_array_get_object_element(a, i);
        const char *g = ostr(r, "group");
        if (!group || strcmp(g, group)) {
            if (col)
                g_string_append_c(out, '\n');
            g_string_append_printf(out, "%s%s:\n", group ? "\n" : "", *g ? g : "registers");
            group = g;
            col = 0;
        }
        JsonNode *val = json_object_get_member(r, "value");
        uint64_t x;
        if (ww_json_get_uint(val, &x))
            g_string_append_printf(out, "  %-6s %0*" G_GINT64_MODIFIER "x", ostr(r, "name"),
                                   (int)((json_object_get_int_member(r, "bits") + 3) / 4), x);
        else
            g_string_append_printf(out, "  %-6s %s", ostr(r, "name"), ostr(r, "value"));
        if (++col == 4) {
            g_string_append_c(out, '\n');
            col = 0;
        }
    }
    if (col)
        g_string_append_c(out, '\n');
    if (o)
        human_pc(o, out);
}

static void human_step(JsonNode *v, GString *out)
{
    JsonObject *o = as_obj(v);
    if (!o)
        return;
    const char *stop = ostr(o, "stop");
    if (stop && strcmp(stop, "none"))
        g_string_append_printf(out, "(%s after %d instructions)\n", stop,
                               (int)json_object_get_int_member(o, "steps"));
    human_pc(o, out);
}

static void human_points(JsonNode *v, GString *out)
{
    JsonArray *a = as_arr(v);
    if (a && !json_array_get_length(a))
        g_string_append(out, "no breakpoints or watchpoints\n");
    for (guint i = 0; a && i < json_array_get_length(a); i++) {
        JsonObject *o = json_array_get_object_element(a, i);
        g_string_append_printf(out, "%3d %-10s %s (%d hits)\n", (int)json_object_get_int_member(o, "id"),
                               ostr(o, "type"), ostr(o, "what"), (int)json_object_get_int_member(o, "hits"));
    }
}

static void human_id(JsonNode *v, GString *out)
{
    JsonObject *o = as_obj(v);
    if (o && json_object_has_member(o, "id"))
        g_string_append_printf(out, "%d\n", (int)json_object_get_int_member(o, "id"));
}

static void human_quiet(JsonNode *v, GString *out) { }

static void human_status(JsonNode *v, GString *out)
{
    JsonObject *o = as_obj(v);
    if (o)
        g_string_append_printf(out, "%s at %" G_GUINT64_FORMAT " ns of virtual time\n",
                               ostr(o, "status"), ouint(o, "time-ns"));
}

static void human_wait(JsonNode *v, GString *out)
{
    JsonObject *o = as_obj(v);
    if (o)
        g_string_append_printf(out, "'%s' seen at %" G_GUINT64_FORMAT " ns\n", ostr(o, "text"),
                               ouint(o, "time-ns"));
}

/* ---- the table ---------------------------------------------------------------------- */

static const ww_mon_arg a_help[] = {
    { "command", WW_MON_STR, true, "a command name: shows its arguments", true }, { 0 } };
static const ww_mon_arg a_id[] = {
    { "id", WW_MON_STR, false, "chip id (`info chips` lists them)" }, { 0 } };
static const ww_mon_arg a_x[] = {
    { "addr", WW_MON_UINT, false, "address as the CPU sees it (through its MMU when it has one)" },
    { "len", WW_MON_UINT, true, "bytes (1..4096, default 64)" },
    { "cpu", WW_MON_STR, true, "CPU id (default: the first CPU)" }, { 0 } };
static const ww_mon_arg a_xp[] = {
    { "addr", WW_MON_UINT, false, "bus address" },
    { "len", WW_MON_UINT, true, "bytes (1..4096, default 64)" },
    { "space", WW_MON_STR, true, "address space (default: the first CPU's memory bus)" }, { 0 } };
static const ww_mon_arg a_cpu[] = {
    { "cpu", WW_MON_STR, true, "CPU id (default: the first CPU)" }, { 0 } };
static const ww_mon_arg a_step[] = {
    { "n", WW_MON_UINT, true, "instructions (default 1)" },
    { "cpu", WW_MON_STR, true, "CPU id (default: the first CPU)" }, { 0 } };
static const ww_mon_arg a_break[] = {
    { "addr", WW_MON_UINT, false, "PC to stop at, before the instruction runs" },
    { "cpu", WW_MON_STR, true, "CPU id (default: the first CPU)" }, { 0 } };
static const ww_mon_arg a_delete[] = {
    { "id", WW_MON_UINT, false, "breakpoint or watchpoint number" }, { 0 } };
static const ww_mon_arg a_watch[] = {
    { "register", WW_MON_STR, false, "CHIP.REG, e.g. pic0.IMR" }, { 0 } };
static const ww_mon_arg a_sendkey[] = {
    { "keys", WW_MON_STR, false, "keys pressed together, e.g. ctrl-alt-delete" }, { 0 } };
static const ww_mon_arg a_type[] = {
    { "text", WW_MON_STR, false, "text to send (human monitor: the rest of the line, or \"quoted\" "
      "with \\n escapes)", true },
    { "device", WW_MON_STR, true, "serial or keyboard (default: serial if the machine has one)" },
    { 0 } };
static const ww_mon_arg a_wait[] = {
    { "text", WW_MON_STR, false, "text to wait for in the serial output" },
    { "timeout", WW_MON_TIME, true, "virtual time to wait at most (2s, 500ms; default: no limit)" },
    { 0 } };
static const ww_mon_arg a_file[] = {
    { "file", WW_MON_STR, false, "state file" }, { 0 } };

static const ww_mon_cmd commands[] = {
    { "break", a_break, "set a breakpoint: stop before the CPU executes ADDR", h_break, human_id },
    { "cont", NULL, "resume the machine", h_cont, human_quiet },
    { "delete", a_delete, "remove a breakpoint or watchpoint", h_delete, human_quiet },
    { "help", a_help, "list the commands, or one command's arguments", h_help, human_help },
    { "info-break", NULL, "list breakpoints and watchpoints", h_info_break, human_points },
    { "info-chip", a_id, "a chip's state from its descriptor: registers with decoded fields "
      "(peek only), properties, line levels, state fields", h_info_chip, human_doc },
    { "info-chips", NULL, "list the machine's chips", h_info_chips, human_chips },
    { "info-irq", NULL, "every signal line: its level and where it goes", h_info_irq, human_irq },
    { "info-mtree", NULL, "address spaces and what maps where (windows with their owners)",
      h_info_mtree, human_mtree },
    { "info-status", NULL, "running, paused or shut down, and the virtual time", h_info_status,
      human_status },
    { "loadvm", a_file, "restore the machine from a state file (checked whole first)", h_loadvm,
      human_quiet },
    { "query-commands", NULL, "the command table: names, arguments and docs", h_query_commands,
      NULL },
    { "quit", NULL, "end the emulator", h_quit, human_quiet },
    { "regs", a_cpu, "a CPU's registers", h_regs, human_regs },
    { "savevm", a_file, "save the machine's state to a file (written whole or not at all)",
      h_savevm, human_quiet },
    { "sendkey", a_sendkey, "press and release keys on the keyboard", h_sendkey, human_quiet },
    { "step", a_step, "execute N instructions (stops the machine first)", h_step, human_step },
    { "stop", NULL, "stop the machine (virtual time stands still)", h_stop, human_quiet },
    { "system_reset", NULL, "reset the machine", h_system_reset, human_quiet },
    { "type", a_type, "send text to the serial line or type it on the keyboard", h_type,
      human_quiet },
    { "wait-serial", a_wait, "wait until TEXT appears in the serial output (output since the "
      "last match counts)", h_wait_serial, human_wait },
    { "watch", a_watch, "stop after any guest access to a device register", h_watch, human_id },
    { "x", a_x, "memory as the CPU sees it (peek: no side effects)", h_x, human_bytes },
    { "xp", a_xp, "memory of a bus at a physical address (peek: no side effects)", h_xp,
      human_bytes },
};

unsigned ww_mon_commands(const ww_mon_cmd *const **out)
{
    static const ww_mon_cmd *list[G_N_ELEMENTS(commands)];
    for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
        list[i] = &commands[i];
    *out = list;
    return G_N_ELEMENTS(commands);
}

const ww_mon_cmd *ww_mon_find(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
        if (!strcmp(commands[i].name, name))
            return &commands[i];
    return NULL;
}

const char *ww_mon_human_name(const ww_mon_cmd *cmd, char *buf, size_t len)
{
    g_strlcpy(buf, cmd->name, len);
    if (g_str_has_prefix(buf, "info-"))
        buf[4] = ' ';
    return buf;
}

static const char *type_name(ww_mon_type t)
{
    static const char *const n[] = { [WW_MON_STR] = "string", [WW_MON_UINT] = "uint",
                                     [WW_MON_INT] = "int", [WW_MON_BOOL] = "bool",
                                     [WW_MON_TIME] = "time" };
    return n[t];
}

static JsonNode *command_list(const char *only)
{
    JsonArray *arr = json_array_new();
    for (size_t i = 0; i < G_N_ELEMENTS(commands); i++) {
        const ww_mon_cmd *c = &commands[i];
        char hn[64];
        ww_mon_human_name(c, hn, sizeof hn);
        if (only && strcmp(only, c->name) && strcmp(only, hn))
            continue;
        JsonObject *o = json_object_new();
        json_object_set_string_member(o, "name", c->name);
        json_object_set_string_member(o, "human", hn);
        json_object_set_string_member(o, "doc", c->doc);
        JsonArray *args = json_array_new();
        for (const ww_mon_arg *a = c->args; a && a->name; a++) {
            JsonObject *ao = json_object_new();
            json_object_set_string_member(ao, "name", a->name);
            json_object_set_string_member(ao, "type", type_name(a->type));
            json_object_set_boolean_member(ao, "optional", a->optional);
            json_object_set_string_member(ao, "doc", a->doc);
            json_array_add_object_element(args, ao);
        }
        json_object_set_array_member(o, "args", args);
        json_array_add_object_element(arr, o);
    }
    return arr_node(arr);
}

static JsonNode *h_help(ww_mon_call *c, JsonObject *a, GError **err)
{
    const char *only = arg_str(a, "command", NULL);
    if (only) {
        char *norm = g_strdup(only);
        if (g_str_has_prefix(norm, "info ") && norm[5])
            norm[4] = '-';
        const ww_mon_cmd *cmd = ww_mon_find(norm);
        g_free(norm);
        if (!cmd) {
            g_set_error(err, WW_MON_ERROR, WW_MON_GENERIC, "no command '%s'; `help` lists them",
                        only);
            return NULL;
        }
        return command_list(cmd->name);
    }
    return command_list(NULL);
}

static JsonNode *h_query_commands(ww_mon_call *c, JsonObject *a, GError **err)
{
    return command_list(NULL);
}

/* ---- generic checking and dispatch -------------------------------------------------------- */

static bool check_arg(const ww_mon_arg *d, JsonNode *n, GError **err)
{
    bool ok = false;
    GType t = JSON_NODE_HOLDS_VALUE(n) ? json_node_get_value_type(n) : G_TYPE_INVALID;
    uint64_t u;
    switch (d->type) {
    case WW_MON_STR:
        ok = t == G_TYPE_STRING;
        break;
    case WW_MON_UINT:
        ok = ww_json_get_uint(n, &u);
        break;
    case WW_MON_INT:
        ok = t == G_TYPE_INT64;
        break;
    case WW_MON_BOOL:
        ok = t == G_TYPE_BOOLEAN;
        break;
    case WW_MON_TIME:
        ok = (t == G_TYPE_INT64 && json_node_get_int(n) >= 0) ||
             (t == G_TYPE_STRING && ww_parse_uint(json_node_get_string(n), WW_UNIT_NS, &u, NULL));
        break;
    }
    if (!ok) {
        /* QMP: "Invalid parameter type for 'x', expected: integer" */
        static const char *const want[] = {
            [WW_MON_STR] = "string", [WW_MON_UINT] = ("unsigned integer (0..2^63-1, or a \"0x…\" "
            "string for larger values)"), [WW_MON_INT] = "integer", [WW_MON_BOOL] = "boolean",
            [WW_MON_TIME] = "time (integer ns ≥ 0, or a string with a unit: 2s, 500ms)" };
        g_set_error(err, WW_MON_ERROR, WW_MON_GENERIC, "Invalid parameter type for '%s', "
                    "expected: %s", d->name, want[d->type]);
    }
    return ok;
}

static bool check_args(const ww_mon_cmd *cmd, JsonObject *args, GError **err)
{
    for (const ww_mon_arg *d = cmd->args; d && d->name; d++) {
        JsonNode *n = args ? json_object_get_member(args, d->name) : NULL;
        if (!n) {
            if (d->optional)
                continue;
            g_set_error(err, WW_MON_ERROR, WW_MON_GENERIC, "Parameter '%s' is missing", d->name);
            return false;
        }
        if (!check_arg(d, n, err))
            return false;
    }
    if (args) {
        GList *names = json_object_get_members(args);
        for (GList *l = names; l; l = l->next) {
            bool known = false;
            for (const ww_mon_arg *d = cmd->args; d && d->name && !known; d++)
                known = !strcmp(d->name, l->data);
            if (!known) {
                g_set_error(err, WW_MON_ERROR, WW_MON_GENERIC, "Parameter '%s' is unexpected",
                            (const char *)l->data);
                g_list_free(names);
                return false;
            }
        }
        g_list_free(names);
    }
    return true;
}

void ww_mon_execute(ww_session *s, const char *name, JsonObject *args, void *owner,
                    ww_mon_reply_fn reply, void *opaque)
{
    ww_mon_call *c = g_new0(ww_mon_call, 1);
    *c = (ww_mon_call){ s, owner, reply, opaque, false };
    const ww_mon_cmd *cmd = ww_mon_find(name);
    GError *err = NULL;
    if (!cmd) {
        /* QMP: "The command foo has not been found" */
        ww_mon_finish(c, NULL, mon_error(WW_MON_COMMAND_NOT_FOUND, "The command %s has not been found",
                                         name));
        return;
    }
    if (!check_args(cmd, args, &err)) {
        ww_mon_finish(c, NULL, err);
        return;
    }
    c->in_handler = true;
    JsonNode *v = cmd->fn(c, args, &err);
    c->in_handler = false;
    if (c->finished) {   /* a deferred command that answered at once */
        g_free(c);
        return;
    }
    if (c->deferred && !v && !err)
        return;          /* answered later through ww_mon_finish */
    if (!v && !err)
        err = mon_error(WW_MON_GENERIC, "%s: no value (internal error)", name);
    ww_mon_finish(c, v, err);
}

void ww_mon_cancel(ww_session *s, void *owner)
{
    ww_session_cancel(s, owner);
}

/* ---- the human printer: parsing a line -------------------------------------------------- */

/* One token: "quoted" with escapes, or bare up to a space. Returns false on a
 * bad quote; *p advances. */
static bool next_token(const char **p, char **out, bool *quoted, GError **err)
{
    const char *s = *p;
    while (*s == ' ' || *s == '\t')
        s++;
    if (!*s) {
        *out = NULL;
        *p = s;
        return true;
    }
    GString *t = g_string_new(NULL);
    *quoted = *s == '"';
    if (*quoted) {
        s++;
        while (*s && *s != '"') {
            if (*s != '\\') {
                g_string_append_c(t, *s++);
                continue;
            }
            s++;
            switch (*s) {
            case 'n': g_string_append_c(t, '\n'); s++; break;
            case 'r': g_string_append_c(t, '\r'); s++; break;
            case 't': g_string_append_c(t, '\t'); s++; break;
            case '\\': g_string_append_c(t, '\\'); s++; break;
            case '"': g_string_append_c(t, '"'); s++; break;
            case 'x':
                if (g_ascii_isxdigit(s[1]) && g_ascii_isxdigit(s[2])) {
                    int v = g_ascii_xdigit_value(s[1]) * 16 + g_ascii_xdigit_value(s[2]);
                    if (v) {
                        g_string_append_c(t, (char)v);
                        s += 3;
                        break;
                    }
                }
                /* fall through */
            default:
                g_set_error(err, WW_MON_ERROR, WW_MON_GENERIC, "bad escape '\\%.1s' (known: \\n \\r "
                            "\\t \\\\ \\\" \\xHH, not \\x00)", *s ? s : "");
                g_string_free(t, TRUE);
                return false;
            }
        }
        if (*s != '"') {
            g_set_error(err, WW_MON_ERROR, WW_MON_GENERIC, "unterminated \"quoted\" argument");
            g_string_free(t, TRUE);
            return false;
        }
        s++;
    } else {
        while (*s && *s != ' ' && *s != '\t')
            g_string_append_c(t, *s++);
    }
    *p = s;
    *out = g_string_free(t, FALSE);
    return true;
}

static bool set_typed(JsonObject *args, const ww_mon_arg *d, const char *text, GError **err)
{
    uint64_t u;
    GError *e = NULL;
    switch (d->type) {
    case WW_MON_STR:
        json_object_set_string_member(args, d->name, text);
        return true;
    case WW_MON_UINT:
        if (!ww_parse_uint(text, WW_UNIT_NONE, &u, &e))
            break;
        json_object_set_member(args, d->name, ww_json_uint(u));
        return true;
    case WW_MON_TIME:
        json_object_set_string_member(args, d->name, text);
        return true;    /* checked with the JSON rules */
    case WW_MON_INT: {
        char *end;
        errno = 0;
        gint64 v = g_ascii_strtoll(text, &end, 0);
        if (*text && !*end && !errno) {
            json_object_set_int_member(args, d->name, v);
            return true;
        }
        break;
    }
    case WW_MON_BOOL:
        if (!strcmp(text, "on") || !strcmp(text, "true") || !strcmp(text, "yes") || !strcmp(text, "1")) {
            json_object_set_boolean_member(args, d->name, true);
            return true;
        }
        if (!strcmp(text, "off") || !strcmp(text, "false") || !strcmp(text, "no") || !strcmp(text, "0")) {
            json_object_set_boolean_member(args, d->name, false);
            return true;
        }
        break;
    }
    g_set_error(err, WW_MON_ERROR, WW_MON_GENERIC, "%s '%s': expected %s%s%s", d->name, text,
                d->type == WW_MON_UINT ? "a number (31, 0x1f)" : d->type == WW_MON_INT
                ? "an integer" : "on or off", e ? "; " : "", e ? e->message : "");
    g_clear_error(&e);
    return false;
}

bool ww_mon_parse_line(const char *line, const ww_mon_cmd **cmd, JsonObject **args, GError **err)
{
    *cmd = NULL;
    *args = NULL;
    const char *p = line;
    char *word = NULL;
    bool quoted;
    if (!next_token(&p, &word, &quoted, err))
        return false;
    if (!word)
        return true;              /* empty line */
    char *name = word;
    if (!strcmp(word, "info")) {
        char *sub = NULL;
        if (!next_token(&p, &sub, &quoted, err)) {
            g_free(word);
            return false;
        }
        name = g_strdup_printf("info-%s", sub ? sub : "");
        g_free(sub);
        g_free(word);
    }
    const ww_mon_cmd *c = ww_mon_find(name);
    if (!c) {
        const ww_mon_cmd *const *all;
        unsigned n = ww_mon_commands(&all);
        const char **names = g_new0(const char *, n + 1);
        for (unsigned i = 0; i < n; i++)
            names[i] = all[i]->name;
        const char *near = ww_suggest(name, names);
        char hn[64] = "";
        if (near)
            ww_mon_human_name(ww_mon_find(near), hn, sizeof hn);
        if (g_str_has_prefix(name, "info-"))
            name[4] = ' ';
        g_set_error(err, WW_MON_ERROR, WW_MON_COMMAND_NOT_FOUND, "unknown command '%s'%s%s%s; "
                    "`help` lists them", name, near ? "; did you mean '" : "", hn, near ? "'?" : "");
        g_free(names);
        g_free(name);
        return false;
    }
    g_free(name);
    JsonObject *a = json_object_new();
    const ww_mon_arg *next = c->args;
    for (;;) {
        const char *before = p;
        while (*before == ' ' || *before == '\t')
            before++;
        if (next && next->name && next->rest && *before && *before != '"') {
            json_object_set_string_member(a, next->name, before);   /* the rest of the line */
            break;
        }
        char *tok = NULL;
        if (!next_token(&p, &tok, &quoted, err))
            goto fail;
        if (!tok)
            break;
        const ww_mon_arg *d = NULL;
        char *eq = quoted ? NULL : strchr(tok, '=');
        const char *val = tok;
        if (eq) {
            *eq = 0;
            for (const ww_mon_arg *x = c->args; x && x->name && !d; x++)
                if (!strcmp(x->name, tok))
                    d = x;
            if (d)
                val = eq + 1;
            else
                *eq = '=';
        }
        if (!d) {
            while (next && next->name && json_object_has_member(a, next->name))
                next++;
            if (!next || !next->name) {
                g_set_error(err, WW_MON_ERROR, WW_MON_GENERIC, "too many arguments ('%s'); "
                            "`help %s` shows them", tok, c->name);
                g_free(tok);
                goto fail;
            }
            d = next++;
        }
        bool ok = set_typed(a, d, val, err);
        g_free(tok);
        if (!ok)
            goto fail;
    }
    *cmd = c;
    *args = a;
    return true;
fail:
    json_object_unref(a);
    return false;
}

/* ---- the human printer: values ------------------------------------------------------------- */

static void generic(JsonNode *n, GString *out, int indent, bool inline_ok);

static void scalar(JsonNode *n, GString *out)
{
    if (JSON_NODE_HOLDS_NULL(n)) {
        g_string_append(out, "-");
        return;
    }
    GType t = json_node_get_value_type(n);
    if (t == G_TYPE_STRING)
        g_string_append(out, json_node_get_string(n));
    else if (t == G_TYPE_INT64)
        g_string_append_printf(out, "%" G_GINT64_FORMAT, json_node_get_int(n));
    else if (t == G_TYPE_BOOLEAN)
        g_string_append(out, json_node_get_boolean(n) ? "true" : "false");
    else if (t == G_TYPE_DOUBLE)
        g_string_append_printf(out, "%g", json_node_get_double(n));
}

static bool is_scalar(JsonNode *n)
{
    return JSON_NODE_HOLDS_VALUE(n) || JSON_NODE_HOLDS_NULL(n);
}

static void generic(JsonNode *n, GString *out, int indent, bool inline_ok)
{
    if (is_scalar(n)) {
        g_string_append_printf(out, "%*s", indent, "");
        scalar(n, out);
        g_string_append_c(out, '\n');
        return;
    }
    if (JSON_NODE_HOLDS_ARRAY(n)) {
        JsonArray *a = json_node_get_array(n);
        bool flat = true;
        for (guint i = 0; i < json_array_get_length(a) && flat; i++)
            flat = is_scalar(json_array_get_element(a, i));
        if (flat) {
            g_string_append_printf(out, "%*s", indent, "");
            for (guint i = 0; i < json_array_get_length(a); i++) {
                if (i)
                    g_string_append_c(out, ' ');
                scalar(json_array_get_element(a, i), out);
            }
            g_string_append_c(out, '\n');
            return;
        }
        for (guint i = 0; i < json_array_get_length(a); i++) {
            if (i && !is_scalar(json_array_get_element(a, i)))
                g_string_append_printf(out, "%*s--\n", indent, "");
            generic(json_array_get_element(a, i), out, indent, inline_ok);
        }
        return;
    }
    JsonObject *o = json_node_get_object(n);
    GList *names = json_object_get_members(o);
    for (GList *l = names; l; l = l->next) {
        JsonNode *v = json_object_get_member(o, l->data);
        g_string_append_printf(out, "%*s%s:", indent, "", (const char *)l->data);
        if (is_scalar(v) || (JSON_NODE_HOLDS_ARRAY(v) && !json_array_get_length(json_node_get_array(v)))) {
            g_string_append_c(out, ' ');
            if (is_scalar(v))
                scalar(v, out);
            g_string_append_c(out, '\n');
        } else {
            g_string_append_c(out, '\n');
            generic(v, out, indent + 2, inline_ok);
        }
    }
    g_list_free(names);
}

void ww_mon_human_generic(JsonNode *value, GString *out)
{
    if (value)
        generic(value, out, 0, true);
}

void ww_mon_human_value(const ww_mon_cmd *cmd, JsonNode *value, GString *out)
{
    if (cmd && cmd->human)
        cmd->human(value, out);
    else
        ww_mon_human_generic(value, out);
}

void ww_mon_human_error(const GError *err, GString *out)
{
    g_string_append_printf(out, "error: %s\n", err->message);
}
