/* core/gdb.c — the GDB remote protocol of one connection (core/gdb.h).
 *
 * Packets are "$data#cs" (cs: two hex digits, the sum of the data bytes mod
 * 256), acknowledged '+' or '-' until QStartNoAckMode; 0x03 outside a packet
 * is Ctrl-C. Binary data ('X', qXfer replies) escapes '#', '$', '}' and '*'
 * as '}' followed by the byte xor 0x20. Sources: gdb's manual, appendix E
 * "GDB Remote Serial Protocol" (Packets, Stop Reply Packets, General Query
 * Packets, Target Descriptions), and for the feature and register names gdb
 * insists on, gdb/features/i386/32bit-core.xml, m68k-core.xml (+ the
 * org.gnu.gdb.coldfire.fp feature m68k_gdbarch_init looks for),
 * rs6000/power-core.xml and power-fpu.xml. */
#include "core/gdb.h"
#include "core/monitor.h"
#include <stdio.h>
#include <string.h>

/* ---- the register view ----------------------------------------------------------- */

typedef struct {
    const char *family, *arch;
    const char *core, *fpu;            /* feature names; fpu NULL: float regs are core */
    const char *const *renames;        /* descriptor name, gdb name, …, NULL */
    bool f96;                          /* extended as the 68881's 96-bit memory format */
} gdb_family;

static const char *const m68k_renames[] = { "a6", "fp", "a7", "sp", "sr", "ps", NULL };

static const gdb_family families[] = {
    { "x86", "i386", "org.gnu.gdb.i386.core", NULL, NULL, false },
    { "m68k", "m68k", "org.gnu.gdb.m68k.core", "org.gnu.gdb.coldfire.fp", m68k_renames, true },
    { "ppc", "powerpc:common", "org.gnu.gdb.power.core", "org.gnu.gdb.power.fpu", NULL, false },
};

typedef struct {
    int num;                   /* gdb number */
    char name[48];
    const ww_reg_desc *r;
    unsigned index;            /* element (direct) */
    const ww_gdb_alias *alias; /* or an alias element: index is the alias's i */
    unsigned bytes;            /* on the wire */
    ww_reg_format fmt;
    const char *feature;
    const char *group;
} gdb_reg;

typedef struct {
    const gdb_family *fam;
    GArray *regs;              /* gdb_reg, by number (contiguous from 0) */
    bool big;                  /* target byte order */
    char *xml;
} gdb_view;

static const gdb_family *family_of(ww_cpu *cpu)
{
    const char *f = ww_cpu_ops_of(cpu)->family;
    for (size_t i = 0; f && i < G_N_ELEMENTS(families); i++)
        if (!strcmp(families[i].family, f))
            return &families[i];
    return NULL;
}

static const char *gdb_group(const char *g)
{
    return g && (!strcmp(g, "general") || !strcmp(g, "float") || !strcmp(g, "vector"))
           ? g : "system";
}

static int by_num(const void *a, const void *b)
{
    return ((const gdb_reg *)a)->num - ((const gdb_reg *)b)->num;
}

static void reg_wire(gdb_reg *g, const gdb_family *fam)
{
    const ww_reg_desc *r = g->r;
    g->fmt = r->format;
    if (r->format == WW_FMT_F80)
        g->bytes = fam->f96 ? 12 : 10;
    else if (r->format == WW_FMT_F64)
        g->bytes = 8;
    else
        g->bytes = MAX(4u, ww_reg_width(r));   /* gdb's files: 32-bit words at least */
    if (g->bytes > 8 && r->format == WW_FMT_INT)
        g->bytes = 8;
}

static void view_free(gdb_view *v)
{
    if (!v)
        return;
    if (v->regs)
        g_array_free(v->regs, TRUE);
    g_free(v->xml);
    g_free(v);
}

static const char *type_of(const gdb_view *v, const gdb_reg *g)
{
    if (g->fmt == WW_FMT_F80)
        return v->fam->f96 ? "float" : "i387_ext";
    if (g->fmt == WW_FMT_F64)
        return "ieee_double";
    if (!strcmp(g->name, "pc") || !strcmp(g->name, "eip"))
        return "code_ptr";
    if (!strcmp(g->name, "sp") || !strcmp(g->name, "esp") || !strcmp(g->name, "fp") ||
        !strcmp(g->name, "ebp"))
        return "data_ptr";
    return "int";
}

static gdb_view *view_build(ww_cpu *cpu)
{
    const gdb_family *fam = family_of(cpu);
    if (!fam)
        return NULL;
    const ww_chip_class *cls = cpu->chip.cls;
    gdb_view *v = g_new0(gdb_view, 1);
    v->fam = fam;
    v->regs = g_array_new(FALSE, TRUE, sizeof(gdb_reg));
    ww_space *mem = cpu->chip.bus[WW_CPU_BUS_MEM];
    v->big = mem ? ww_space_cfg(mem)->endian == WW_BIG_ENDIAN
                 : cls->buses && cls->buses[0].endian == WW_BIG_ENDIAN;
    int max = -1;
    /* Registers with gdb numbers, then the aliases. */
    for (const ww_reg_desc *r = cls->regs; r && r->name; r++) {
        if (!(r->flags & WW_REG_INTERNAL))
            continue;
        for (unsigned i = 0; i < ww_reg_count(r); i++) {
            int n = ww_reg_gdb(r, i);
            if (n < 0)
                continue;
            gdb_reg g = { .num = n, .r = r, .index = i };
            ww_reg_name(r, i, g.name, sizeof g.name);
            for (const char *const *rn = fam->renames; rn && rn[0]; rn += 2)
                if (!g_ascii_strcasecmp(g.name, rn[0]))
                    g_strlcpy(g.name, rn[1], sizeof g.name);
            reg_wire(&g, fam);
            g_array_append_val(v->regs, g);
            max = MAX(max, n);
        }
    }
    const ww_gdb_alias *al = ww_cpu_ops_of(cpu)->gdb_alias;
    for (; al && al->count; al++) {
        for (unsigned i = 0; i < al->count; i++) {
            gdb_reg g = { .num = al->gdb + (int)i, .r = &cls->regs[al->reg], .index = i,
                          .alias = al };
            snprintf(g.name, sizeof g.name, "%s%u", al->name, i);
            reg_wire(&g, fam);
            g_array_append_val(v->regs, g);
            max = MAX(max, g.num);
        }
    }
    g_array_sort(v->regs, by_num);
    /* gdb's numbering must be dense from 0 and unique: drop what is not. */
    for (guint i = 0; i < v->regs->len; i++)
        if (g_array_index(v->regs, gdb_reg, i).num != (int)i) {
            g_array_set_size(v->regs, i);
            max = (int)i - 1;
            break;
        }
    for (guint i = 0; i < v->regs->len; i++) {
        gdb_reg *g = &g_array_index(v->regs, gdb_reg, i);
        g->group = gdb_group(g->r->group);
        g->feature = fam->fpu && g->r->group && !strcmp(g->r->group, "float") ? fam->fpu
                                                                               : fam->core;
    }
    /* Every other CPU register, numbered after gdb's. */
    for (const ww_reg_desc *r = cls->regs; r && r->name; r++) {
        if (!(r->flags & WW_REG_INTERNAL) || r->gdb)
            continue;
        for (unsigned i = 0; i < ww_reg_count(r); i++) {
            gdb_reg g = { .num = ++max, .r = r, .index = i, .feature = "org.wirewrap.registers",
                          .group = gdb_group(r->group) };
            ww_reg_name(r, i, g.name, sizeof g.name);
            reg_wire(&g, fam);
            g_array_append_val(v->regs, g);
        }
    }
    GString *x = g_string_new("<?xml version=\"1.0\"?>\n"
                              "<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
                              "<target version=\"1.0\">\n");
    g_string_append_printf(x, "  <architecture>%s</architecture>\n", fam->arch);
    const char *feats[] = { fam->core, fam->fpu, "org.wirewrap.registers" };
    for (size_t f = 0; f < G_N_ELEMENTS(feats); f++) {
        if (!feats[f])
            continue;
        bool open = false;
        for (guint i = 0; i < v->regs->len; i++) {
            gdb_reg *g = &g_array_index(v->regs, gdb_reg, i);
            if (strcmp(g->feature, feats[f]))
                continue;
            if (!open)
                g_string_append_printf(x, "  <feature name=\"%s\">\n", feats[f]);
            open = true;
            g_string_append_printf(x, "    <reg name=\"%s\" bitsize=\"%u\" regnum=\"%d\" "
                                   "type=\"%s\" group=\"%s\"/>\n", g->name, 8 * g->bytes, g->num,
                                   type_of(v, g), g->group);
        }
        if (open)
            g_string_append(x, "  </feature>\n");
    }
    g_string_append(x, "</target>\n");
    v->xml = g_string_free(x, FALSE);
    return v;
}

char *ww_gdb_target_xml(ww_cpu *cpu)
{
    gdb_view *v = view_build(cpu);
    char *x = v ? g_strdup(v->xml) : NULL;
    view_free(v);
    return x;
}

/* The descriptor element a gdb register is now. */
static unsigned reg_element(ww_cpu *cpu, const gdb_reg *g)
{
    if (!g->alias)
        return g->index;
    unsigned e = g->alias->element(cpu, g->index);
    return e < ww_reg_count(g->r) ? e : 0;
}

static long double *f80_ptr(ww_cpu *cpu, const ww_reg_desc *r, unsigned e)
{
    return (long double *)(void *)((uint8_t *)cpu + r->at.offset +
                                   (size_t)e * (r->stride ? r->stride : r->at.size));
}

static void put_int(uint8_t *out, uint64_t v, unsigned n, bool big)
{
    for (unsigned i = 0; i < n; i++)
        out[big ? n - 1 - i : i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get_int(const uint8_t *in, unsigned n, bool big)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v |= (uint64_t)in[big ? n - 1 - i : i] << (8 * i);
    return v;
}

static void reg_read(const gdb_view *v, ww_cpu *cpu, const gdb_reg *g, uint8_t *out)
{
    unsigned e = reg_element(cpu, g);
    if (g->fmt == WW_FMT_F80) {
        ww_f80 f = { 0, 0 };
        if (g->r->at.size)
            f = ww_f80_from_ld(*f80_ptr(cpu, g->r, e));
        if (v->fam->f96) {      /* 68881: sign+exponent, 16 zero bits, mantissa; big-endian */
            put_int(out, f.sexp, 2, true);
            out[2] = out[3] = 0;
            put_int(out + 4, f.mant, 8, true);
        } else {
            ww_f80_to_bytes(f, out);
        }
        return;
    }
    put_int(out, ww_chip_reg_get(&cpu->chip, g->r, e), g->bytes, v->big);
}

static void reg_write(const gdb_view *v, ww_cpu *cpu, const gdb_reg *g, const uint8_t *in)
{
    unsigned e = reg_element(cpu, g);
    if (g->fmt == WW_FMT_F80) {
        if (!g->r->at.size)
            return;
        ww_f80 f;
        if (v->fam->f96) {
            f.sexp = (uint16_t)get_int(in, 2, true);
            f.mant = get_int(in + 4, 8, true);
        } else {
            f = ww_f80_from_bytes(in);
        }
        *f80_ptr(cpu, g->r, e) = ww_f80_to_ld(f);
        return;
    }
    ww_chip_reg_set(&cpu->chip, g->r, e, get_int(in, g->bytes, v->big));
}

/* ---- the connection --------------------------------------------------------------- */

enum { IN_IDLE, IN_DATA, IN_CS1, IN_CS2 };

typedef struct {
    char type;                 /* '0'..'4' */
    uint64_t addr, len;
    GArray *ids;               /* session point ids */
} gdb_point;

struct ww_gdb {
    ww_session *s;
    ww_gdb_send_fn send;
    void *opaque;
    int in_state;
    GString *pkt;
    uint8_t sum;
    char cs[2];
    bool overflow;
    bool noack;
    GString *last;             /* the last packet sent, for a '-' */
    ww_cpu **cpus;
    unsigned ncpu;
    gdb_view *view;
    unsigned gthread, cthread; /* 1-based; registers/memory and step use them */
    bool waiting;              /* a stop reply is owed (after c / vCont;c) */
    bool interrupted;          /* Ctrl-C: the stop reply says SIGINT */
    bool we_stopped;           /* the session was stopped by this connection */
    bool done;
    /* the last stop, for '?' and the stop replies */
    int last_sig;
    unsigned last_thread;
    char last_reason[64];
    unsigned hit_id;           /* session point of the last BREAKPOINT event */
    char hit_type;             /* 'b' breakpoint, 'w' watchpoint */
    GPtrArray *points;         /* gdb_point* */
    GPtrArray *rcmds;          /* rcmd_ctx* of qRcmd answers still owed (wait-serial) */
};

bool ww_gdb_done(ww_gdb *g) { return g->done; }

static void send_raw(ww_gdb *g, const char *data, size_t len)
{
    g->send(g->opaque, data, len);
}

static void send_packet_len(ww_gdb *g, const char *data, size_t len)
{
    GString *o = g_string_sized_new(len + 4);
    uint8_t sum = 0;
    g_string_append_c(o, '$');
    for (size_t i = 0; i < len; i++)
        sum = (uint8_t)(sum + (uint8_t)data[i]);
    g_string_append_len(o, data, (gssize)len);
    g_string_append_printf(o, "#%02x", sum);
    g_string_assign(g->last, o->str);
    send_raw(g, o->str, o->len);
    g_string_free(o, TRUE);
}

static void send_packet(ww_gdb *g, const char *s) { send_packet_len(g, s, strlen(s)); }

static void hex_append(GString *o, const uint8_t *p, size_t n)
{
    static const char hx[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        g_string_append_c(o, hx[p[i] >> 4]);
        g_string_append_c(o, hx[p[i] & 15]);
    }
}

static int hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Hex digits at *p into *out (at most 16 digits); false if none. */
static bool parse_hex(const char **p, const char *end, uint64_t *out)
{
    uint64_t v = 0;
    int n = 0;
    while (*p < end && hexval(**p) >= 0) {
        if (++n > 16)
            return false;
        v = v << 4 | (uint64_t)hexval(**p);
        (*p)++;
    }
    *out = v;
    return n > 0;
}

static bool parse_hexbytes(const char *p, const char *end, uint8_t *out, size_t n)
{
    if ((size_t)(end - p) != 2 * n)
        return false;
    for (size_t i = 0; i < n; i++) {
        int a = hexval(p[2 * i]), b = hexval(p[2 * i + 1]);
        if (a < 0 || b < 0)
            return false;
        out[i] = (uint8_t)(a << 4 | b);
    }
    return true;
}

static ww_cpu *thread_cpu(ww_gdb *g, unsigned t)
{
    return t >= 1 && t <= g->ncpu ? g->cpus[t - 1] : g->ncpu ? g->cpus[0] : NULL;
}

static unsigned cpu_thread(ww_gdb *g, const char *id)
{
    for (unsigned i = 0; id && i < g->ncpu; i++)
        if (!strcmp(g->cpus[i]->chip.id, id))
            return i + 1;
    return g->gthread ? g->gthread : 1;
}

/* ---- stop replies ------------------------------------------------------------------- */

static gdb_point *point_of_id(ww_gdb *g, unsigned id)
{
    for (guint i = 0; i < g->points->len; i++) {
        gdb_point *p = g->points->pdata[i];
        for (guint k = 0; k < p->ids->len; k++)
            if (g_array_index(p->ids, unsigned, k) == id)
                return p;
    }
    return NULL;
}

/* Note the stop (signal, thread, reason) and, when one is owed, reply. */
static void stop_reply(ww_gdb *g, int sig)
{
    g->last_sig = sig;
    g->last_reason[0] = 0;
    if (sig == 5 && g->hit_id) {
        gdb_point *p = point_of_id(g, g->hit_id);
        if (g->hit_type == 'w' && p && p->type >= '2')
            snprintf(g->last_reason, sizeof g->last_reason, "%s:%" G_GINT64_MODIFIER "x;",
                     p->type == '2' ? "watch" : p->type == '3' ? "rwatch" : "awatch", p->addr);
        else if (g->hit_type == 'b' && p && p->type == '1')
            g_strlcpy(g->last_reason, "hwbreak:;", sizeof g->last_reason);
        else if (g->hit_type == 'b')
            g_strlcpy(g->last_reason, "swbreak:;", sizeof g->last_reason);
    }
    char buf[128];
    snprintf(buf, sizeof buf, "T%02xthread:%x;%s", sig, g->last_thread ? g->last_thread : 1,
             g->last_reason);
    g->hit_id = 0;
    g->hit_type = 0;
    if (g->waiting) {
        g->waiting = false;
        send_packet(g, buf);
    }
}

static void on_event(void *opaque, const char *event, JsonObject *data)
{
    ww_gdb *g = opaque;
    if (!strcmp(event, "BREAKPOINT")) {
        const char *type = json_object_get_string_member_with_default(data, "type", "");
        g->hit_type = !strcmp(type, "watchpoint") ? 'w' : 'b';
        g->hit_id = (unsigned)json_object_get_int_member_with_default(data, "id", 0);
        g->last_thread = cpu_thread(g, json_object_get_string_member_with_default(data, "cpu",
                                                                                  NULL));
    } else if (!strcmp(event, "STOP")) {
        const char *why = json_object_get_string_member_with_default(data, "reason", "");
        int sig = !strcmp(why, "breakpoint") || !strcmp(why, "watchpoint") ? 5
                : !strcmp(why, "fatal") ? 11 : 2;
        if (g->interrupted)
            sig = 2;
        g->interrupted = false;
        if (sig != 5)
            g->last_thread = g->gthread ? g->gthread : 1;
        stop_reply(g, sig);
    } else if (!strcmp(event, "SHUTDOWN")) {
        if (g->waiting) {
            g->waiting = false;
            send_packet(g, "W00");
        }
    }
}

/* ---- memory -------------------------------------------------------------------------- */

/* The bus address of a CPU address, or false. */
static bool to_bus(ww_cpu *cpu, uint64_t addr, bool write, uint64_t *pa)
{
    const ww_cpu_ops *ops = ww_cpu_ops_of(cpu);
    *pa = addr;
    return !ops->translate || ops->translate(cpu, addr, write, pa);
}

static bool decoded(ww_space *sp, uint64_t pa)
{
    const ww_mapping *m = ww_space_lookup(sp, pa);
    return m && m->kind != WW_MAP_UNMAPPED;
}

/* Bytes read (as far as memory answers). */
static size_t mem_read(ww_cpu *cpu, uint64_t addr, uint8_t *buf, size_t len)
{
    ww_space *sp = cpu->chip.bus[WW_CPU_BUS_MEM];
    size_t i = 0;
    for (; sp && i < len; i++) {
        uint64_t pa, v = 0;
        if (!to_bus(cpu, addr + i, false, &pa) || !decoded(sp, pa) ||
            ww_space_peek(sp, pa, 1, &v) != WW_BUS_OK)
            break;
        buf[i] = (uint8_t)v;
    }
    return i;
}

static bool mem_write(ww_cpu *cpu, uint64_t addr, const uint8_t *buf, size_t len)
{
    ww_space *sp = cpu->chip.bus[WW_CPU_BUS_MEM];
    if (!sp)
        return false;
    for (size_t i = 0; i < len; i++) {   /* check everything first */
        uint64_t pa;
        if (!to_bus(cpu, addr + i, true, &pa) || !decoded(sp, pa))
            return false;
    }
    for (size_t i = 0; i < len; i++) {
        uint64_t pa, avail;
        to_bus(cpu, addr + i, true, &pa);
        uint8_t *h = ww_space_ram_ptr(sp, pa, true, &avail);
        if (h) {
            /* Past the space's write path: a translation cache holding code
             * from this byte must hear of it first (core/space.h). */
            ww_space_notify_write(sp, pa, 1);
            *h = buf[i];
        } else
            ww_space_write(sp, pa, 1, buf[i]);
    }
    return true;
}

/* ---- commands ---------------------------------------------------------------------------- */

static ww_cpu *gcpu(ww_gdb *g) { return thread_cpu(g, g->gthread); }

static void reply_regs(ww_gdb *g)
{
    ww_cpu *cpu = gcpu(g);
    GString *o = g_string_new(NULL);
    uint8_t b[16];
    for (guint i = 0; i < g->view->regs->len; i++) {
        gdb_reg *r = &g_array_index(g->view->regs, gdb_reg, i);
        if (8 * o->len + 2 * r->bytes > WW_GDB_MAX_PACKET * 8 - 64)
            break;
        reg_read(g->view, cpu, r, b);
        hex_append(o, b, r->bytes);
    }
    send_packet(g, o->str);
    g_string_free(o, TRUE);
}

static void write_regs(ww_gdb *g, const char *p, const char *end)
{
    ww_cpu *cpu = gcpu(g);
    uint8_t b[16];
    for (guint i = 0; i < g->view->regs->len && p < end; i++) {
        gdb_reg *r = &g_array_index(g->view->regs, gdb_reg, i);
        if ((size_t)(end - p) < 2 * r->bytes || !parse_hexbytes(p, p + 2 * r->bytes, b, r->bytes)) {
            send_packet(g, "E01");
            return;
        }
        reg_write(g->view, cpu, r, b);
        p += 2 * r->bytes;
    }
    send_packet(g, "OK");
}

static void cmd_p(ww_gdb *g, const char *p, const char *end, bool write)
{
    uint64_t n;
    if (!parse_hex(&p, end, &n) || n >= g->view->regs->len || (write && (p >= end || *p != '='))) {
        send_packet(g, write || p != end ? "E01" : "E00");
        return;
    }
    gdb_reg *r = &g_array_index(g->view->regs, gdb_reg, n);
    uint8_t b[16];
    if (write) {
        if (!parse_hexbytes(p + 1, end, b, r->bytes)) {
            send_packet(g, "E02");
            return;
        }
        reg_write(g->view, gcpu(g), r, b);
        send_packet(g, "OK");
        return;
    }
    if (p != end) {
        send_packet(g, "E01");
        return;
    }
    reg_read(g->view, gcpu(g), r, b);
    GString *o = g_string_new(NULL);
    hex_append(o, b, r->bytes);
    send_packet(g, o->str);
    g_string_free(o, TRUE);
}

/* "ADDR,LEN" then *p at what follows. */
static bool addr_len(const char **p, const char *end, uint64_t *addr, uint64_t *len)
{
    return parse_hex(p, end, addr) && *p < end && *(*p)++ == ',' && parse_hex(p, end, len);
}

static void cmd_m(ww_gdb *g, const char *p, const char *end)
{
    uint64_t addr, len;
    if (!addr_len(&p, end, &addr, &len) || p != end) {
        send_packet(g, "E01");
        return;
    }
    len = MIN(len, (uint64_t)(WW_GDB_MAX_PACKET - 16) / 2);   /* a shorter reply is allowed */
    uint8_t *buf = g_malloc(len ? len : 1);
    size_t got = mem_read(gcpu(g), addr, buf, (size_t)len);
    if (!got && len) {
        send_packet(g, "E14");   /* EFAULT: nothing answers there */
    } else {
        GString *o = g_string_new(NULL);
        hex_append(o, buf, got);
        send_packet(g, o->str);
        g_string_free(o, TRUE);
    }
    g_free(buf);
}

static void cmd_M(ww_gdb *g, const char *p, const char *end, bool binary)
{
    uint64_t addr, len;
    if (!addr_len(&p, end, &addr, &len) || p >= end || *p++ != ':' || len > WW_GDB_MAX_PACKET) {
        send_packet(g, "E01");
        return;
    }
    uint8_t *buf = g_malloc(len ? len : 1);
    bool ok;
    if (binary) {
        size_t n = 0;
        while (p < end && n < len) {
            char c = *p++;
            if (c == '}') {
                if (p >= end)
                    break;
                c = (char)(*p++ ^ 0x20);
            }
            buf[n++] = (uint8_t)c;
        }
        ok = n == len && p == end;
    } else {
        ok = parse_hexbytes(p, end, buf, (size_t)len);
    }
    if (!ok)
        send_packet(g, "E02");
    else
        send_packet(g, !len || mem_write(gcpu(g), addr, buf, (size_t)len) ? "OK" : "E14");
    g_free(buf);
}

static void point_free(gpointer p)
{
    gdb_point *pt = p;
    g_array_free(pt->ids, TRUE);
    g_free(pt);
}

static void point_remove(ww_gdb *g, guint i)
{
    gdb_point *p = g->points->pdata[i];
    for (guint k = 0; k < p->ids->len; k++)
        ww_session_delete(g->s, g_array_index(p->ids, unsigned, k), NULL);
    g_ptr_array_remove_index(g->points, i);
}

static void cmd_z(ww_gdb *g, const char *p, const char *end, bool insert)
{
    char type = p < end ? *p++ : 0;
    uint64_t addr, len;
    if (type < '0' || type > '4') {
        send_packet(g, "");      /* unsupported type */
        return;
    }
    if (p >= end || *p++ != ',' || !addr_len(&p, end, &addr, &len)) {
        send_packet(g, "E01");
        return;
    }
    /* (conditions and commands after ';' are ignored: gdb evaluates them) */
    for (guint i = 0; i < g->points->len; i++) {
        gdb_point *pt = g->points->pdata[i];
        if (pt->type == type && pt->addr == addr && (type <= '1' || pt->len == len)) {
            if (!insert)
                point_remove(g, i);
            send_packet(g, "OK");
            return;
        }
    }
    if (!insert) {
        send_packet(g, "OK");    /* not ours (or already gone) */
        return;
    }
    gdb_point *pt = g_new0(gdb_point, 1);
    pt->type = type;
    pt->addr = addr;
    pt->len = len;
    pt->ids = g_array_new(FALSE, FALSE, sizeof(unsigned));
    bool ok = true;
    if (type <= '1') {
        for (unsigned i = 0; i < g->ncpu; i++) {
            if (ww_cpu_break_has(g->cpus[i], addr))
                continue;        /* a monitor's breakpoint stops there already */
            unsigned id = ww_session_break(g->s, g->cpus[i], addr, NULL);
            if (id)
                g_array_append_val(pt->ids, id);
        }
    } else {
        /* Watch the bus addresses of the range, page piece by page piece. */
        ww_cpu *cpu = gcpu(g);
        unsigned kind = type == '2' ? WW_WATCH_WRITE : type == '3' ? WW_WATCH_READ
                                                                   : WW_WATCH_ACCESS;
        ok = len >= 1 && len <= 4096 && addr + len - 1 >= addr;
        for (uint64_t off = 0; ok && off < len;) {
            uint64_t pa, piece = MIN(len - off, 4096 - ((addr + off) & 4095));
            ok = to_bus(cpu, addr + off, false, &pa);
            unsigned id = ok ? ww_session_watch_mem(g->s, cpu->chip.bus[WW_CPU_BUS_MEM], pa,
                                                    piece, kind, NULL) : 0;
            ok = id != 0;
            if (ok)
                g_array_append_val(pt->ids, id);
            off += piece;
        }
    }
    g_ptr_array_add(g->points, pt);
    if (!ok) {
        point_remove(g, g->points->len - 1);
        send_packet(g, "E01");
        return;
    }
    send_packet(g, "OK");
}

static void do_continue(ww_gdb *g)
{
    g->waiting = true;
    g->we_stopped = false;
    if (ww_session_state_get(g->s) == WW_SESSION_STOPPED)
        ww_session_cont(g->s);
    else if (ww_session_state_get(g->s) == WW_SESSION_SHUTDOWN)
        on_event(g, "SHUTDOWN", NULL);
}

static void do_step(ww_gdb *g, unsigned thread)
{
    ww_cpu *cpu = thread_cpu(g, thread);
    g->hit_id = 0;
    g->hit_type = 0;
    if (ww_session_state_get(g->s) == WW_SESSION_SHUTDOWN) {
        send_packet(g, "W00");
        return;
    }
    ww_session_step(g->s, cpu, 1, NULL);
    g->we_stopped = true;
    g->last_thread = thread ? thread : 1;
    if (ww_session_state_get(g->s) == WW_SESSION_SHUTDOWN) {
        send_packet(g, "W00");
        return;
    }
    g->waiting = true;
    stop_reply(g, 5);
}

/* vCont;ACTION[:THREAD]… — all-stop: a step action steps its thread (the
 * others stay), otherwise a continue resumes the machine. */
static void cmd_vcont(ww_gdb *g, const char *p, const char *end)
{
    bool cont = false;
    unsigned step = 0;
    while (p < end) {
        if (*p++ != ';' || p >= end) {
            send_packet(g, "E01");
            return;
        }
        char a = *p++;
        if (a == 'C' || a == 'S') {        /* signal number: ignored */
            uint64_t sig;
            if (!parse_hex(&p, end, &sig)) {
                send_packet(g, "E01");
                return;
            }
            a = (char)(a + 'a' - 'A');
        }
        uint64_t t = 0;
        bool all = true;
        if (p < end && *p == ':') {
            p++;
            if (p + 1 < end && p[0] == '-' && p[1] == '1')
                p += 2;
            else if (!parse_hex(&p, end, &t)) {
                send_packet(g, "E01");
                return;
            } else
                all = false;
        }
        if (a == 's' && !step)
            step = all ? (g->cthread ? g->cthread : 1) : (unsigned)t;
        else if (a == 'c')
            cont = true;
        else if (a != 's' && a != 't') {
            send_packet(g, "E01");
            return;
        }
    }
    if (step) {
        if (step > g->ncpu) {
            send_packet(g, "E01");
            return;
        }
        do_step(g, step);
    } else if (cont) {
        do_continue(g);
    } else {
        send_packet(g, "OK");
    }
}

/* ---- qRcmd: monitor commands ------------------------------------------------------------- */

typedef struct {
    ww_gdb *g;
    const ww_mon_cmd *cmd;
} rcmd_ctx;

static void send_output(ww_gdb *g, const char *text, size_t len)
{
    for (size_t off = 0; off < len; off += 1024) {
        GString *o = g_string_new("O");
        hex_append(o, (const uint8_t *)text + off, MIN(1024, len - off));
        send_packet(g, o->str);
        g_string_free(o, TRUE);
    }
}

static void rcmd_reply(void *opaque, JsonNode *value, const GError *err)
{
    rcmd_ctx *c = opaque;
    ww_gdb *g = c->g;
    GString *out = g_string_new(NULL);
    if (err)
        ww_mon_human_error(err, out);
    else if (value)
        ww_mon_human_value(c->cmd, value, out);
    if (out->len && out->str[out->len - 1] != '\n')
        g_string_append_c(out, '\n');
    send_output(g, out->str, out->len);
    send_packet(g, "OK");
    g_ptr_array_remove_fast(g->rcmds, c);
    g_string_free(out, TRUE);
    g_free(c);
}

static void cmd_rcmd(ww_gdb *g, const char *p, const char *end)
{
    size_t n = (size_t)(end - p) / 2;
    char *line = g_malloc(n + 1);
    if ((size_t)(end - p) % 2 || !parse_hexbytes(p, end, (uint8_t *)line, n) ||
        memchr(line, 0, n)) {
        g_free(line);
        send_packet(g, "E01");
        return;
    }
    line[n] = 0;
    const ww_mon_cmd *cmd = NULL;
    JsonObject *args = NULL;
    GError *e = NULL;
    if (!ww_mon_parse_line(line, &cmd, &args, &e) || !cmd) {
        GString *out = g_string_new(NULL);
        if (e)
            ww_mon_human_error(e, out);
        else
            g_string_append(out, "`monitor help` lists the commands");
        g_string_append_c(out, '\n');
        send_output(g, out->str, out->len);
        send_packet(g, "OK");
        g_string_free(out, TRUE);
        g_clear_error(&e);
        g_free(line);
        return;
    }
    rcmd_ctx *c = g_new0(rcmd_ctx, 1);
    c->g = g;
    c->cmd = cmd;
    g_ptr_array_add(g->rcmds, c);
    ww_mon_execute(g->s, cmd->name, args, g, rcmd_reply, c);
    if (args)
        json_object_unref(args);
    g_free(line);
}

/* ---- queries ------------------------------------------------------------------------------ */

static void send_binary(ww_gdb *g, char lead, const char *data, size_t len)
{
    GString *o = g_string_new(NULL);
    g_string_append_c(o, lead);
    for (size_t i = 0; i < len; i++) {
        char c = data[i];
        if (c == '#' || c == '$' || c == '}' || c == '*') {
            g_string_append_c(o, '}');
            c ^= 0x20;
        }
        g_string_append_c(o, c);
    }
    send_packet_len(g, o->str, o->len);
    g_string_free(o, TRUE);
}

static bool starts(const char *p, const char *end, const char *what)
{
    size_t n = strlen(what);
    return (size_t)(end - p) >= n && !memcmp(p, what, n);
}

static void cmd_q(ww_gdb *g, const char *p, const char *end)
{
    if (starts(p, end, "qSupported")) {
        char buf[160];
        snprintf(buf, sizeof buf, "PacketSize=%x;qXfer:features:read+;swbreak+;hwbreak+;"
                 "vContSupported+;QStartNoAckMode+", WW_GDB_MAX_PACKET);
        send_packet(g, buf);
    } else if (starts(p, end, "qXfer:features:read:")) {
        const char *q = p + strlen("qXfer:features:read:");
        const char *colon = memchr(q, ':', (size_t)(end - q));
        uint64_t off, len;
        if (!colon) {
            send_packet(g, "E00");
            return;
        }
        bool target = (size_t)(colon - q) == strlen("target.xml") &&
                      !memcmp(q, "target.xml", (size_t)(colon - q));
        const char *r = colon + 1;
        if (!addr_len(&r, end, &off, &len) || r != end) {
            send_packet(g, "E00");
            return;
        }
        if (!target) {
            send_packet(g, "E00");
            return;
        }
        size_t total = strlen(g->view->xml);
        len = MIN(len, (uint64_t)WW_GDB_MAX_PACKET / 2 - 8);
        if (off >= total)
            send_packet(g, "l");
        else
            send_binary(g, off + len >= total ? 'l' : 'm', g->view->xml + off,
                        (size_t)MIN(len, total - off));
    } else if (starts(p, end, "qfThreadInfo")) {
        GString *o = g_string_new("m");
        for (unsigned i = 0; i < g->ncpu; i++)
            g_string_append_printf(o, "%s%x", i ? "," : "", i + 1);
        send_packet(g, o->str);
        g_string_free(o, TRUE);
    } else if (starts(p, end, "qsThreadInfo")) {
        send_packet(g, "l");
    } else if (p + 2 == end && starts(p, end, "qC")) {
        char buf[32];
        snprintf(buf, sizeof buf, "QC%x", g->gthread ? g->gthread : 1);
        send_packet(g, buf);
    } else if (starts(p, end, "qAttached")) {
        send_packet(g, "1");     /* quitting gdb detaches: the machine goes on */
    } else if (starts(p, end, "qThreadExtraInfo,")) {
        const char *q = p + strlen("qThreadExtraInfo,");
        uint64_t t;
        if (!parse_hex(&q, end, &t) || q != end || t < 1 || t > g->ncpu) {
            send_packet(g, "E01");
            return;
        }
        ww_cpu *c = g->cpus[t - 1];
        char *info = g_strdup_printf("%s (%s)", c->chip.id, c->chip.cls->type);
        GString *o = g_string_new(NULL);
        hex_append(o, (const uint8_t *)info, strlen(info));
        send_packet(g, o->str);
        g_string_free(o, TRUE);
        g_free(info);
    } else if (starts(p, end, "qRcmd,")) {
        cmd_rcmd(g, p + 6, end);
    } else if (starts(p, end, "qSymbol")) {
        send_packet(g, "OK");
    } else {
        send_packet(g, "");
    }
}

static void cmd_H(ww_gdb *g, const char *p, const char *end)
{
    char op = p < end ? *p++ : 0;
    uint64_t t = 0;
    bool all = p + 2 == end && p[0] == '-' && p[1] == '1';
    if ((op != 'g' && op != 'c') || (!all && (!parse_hex(&p, end, &t) || p != end)) ||
        (!all && t > g->ncpu)) {
        send_packet(g, "E01");
        return;
    }
    unsigned th = all || t == 0 ? 0 : (unsigned)t;
    if (op == 'g')
        g->gthread = th ? th : 1;
    else
        g->cthread = th;
    send_packet(g, "OK");
}

static void detach(ww_gdb *g)
{
    while (g->points->len)
        point_remove(g, g->points->len - 1);
    g->waiting = false;
    if (ww_session_state_get(g->s) == WW_SESSION_STOPPED && g->we_stopped)
        ww_session_cont(g->s);
    g->we_stopped = false;
}

static void handle(ww_gdb *g, const char *p, size_t n)
{
    const char *end = p + n;
    if (!n) {
        send_packet(g, "");
        return;
    }
    if (!g->view) {               /* no CPU gdb knows: only the basics */
        if (*p == '?' ) {
            send_packet(g, "W00");
            return;
        }
        if (*p == 'q' && starts(p, end, "qRcmd,")) {
            cmd_rcmd(g, p + 6, end);
            return;
        }
        send_packet(g, *p == 'D' ? "OK" : "E01");
        if (*p == 'D')
            g->done = true;
        return;
    }
    switch (*p) {
    case '?': {
        char buf[96];
        snprintf(buf, sizeof buf, "T%02xthread:%x;%s", g->last_sig ? g->last_sig : 5,
                 g->last_thread ? g->last_thread : 1, g->last_reason);
        send_packet(g, buf);
        return;
    }
    case 'g':
        if (n == 1)
            reply_regs(g);
        else
            send_packet(g, "E01");
        return;
    case 'G':
        write_regs(g, p + 1, end);
        return;
    case 'p':
        cmd_p(g, p + 1, end, false);
        return;
    case 'P':
        cmd_p(g, p + 1, end, true);
        return;
    case 'm':
        cmd_m(g, p + 1, end);
        return;
    case 'M':
        cmd_M(g, p + 1, end, false);
        return;
    case 'X':
        cmd_M(g, p + 1, end, true);
        return;
    case 'Z':
    case 'z':
        cmd_z(g, p + 1, end, *p == 'Z');
        return;
    case 'H':
        cmd_H(g, p + 1, end);
        return;
    case 'T': {
        const char *q = p + 1;
        uint64_t t;
        send_packet(g, parse_hex(&q, end, &t) && q == end && t >= 1 && t <= g->ncpu ? "OK"
                                                                                   : "E01");
        return;
    }
    case 'c':
    case 'C':
        /* An address to resume at (c ADDR) is honoured; a signal (C SIG) is not. */
        if (*p == 'c' && n > 1) {
            const char *q = p + 1;
            uint64_t a;
            if (!parse_hex(&q, end, &a) || q != end) {
                send_packet(g, "E01");
                return;
            }
            ww_cpu *c = thread_cpu(g, g->cthread);
            if (ww_cpu_ops_of(c)->set_pc)
                ww_cpu_ops_of(c)->set_pc(c, a);
        }
        do_continue(g);
        return;
    case 's':
    case 'S':
        do_step(g, g->cthread ? g->cthread : 1);
        return;
    case 'q':
        cmd_q(g, p, end);
        return;
    case 'Q':
        if (starts(p, end, "QStartNoAckMode")) {
            send_packet(g, "OK");
            g->noack = true;
        } else {
            send_packet(g, "");
        }
        return;
    case 'v':
        if (starts(p, end, "vCont?"))
            send_packet(g, "vCont;c;C;s;S;t");
        else if (starts(p, end, "vCont;"))
            cmd_vcont(g, p + 5, end);
        else if (starts(p, end, "vKill")) {
            send_packet(g, "OK");
            detach(g);
            ww_session_shutdown(g->s, "host-gdb-kill");
            g->done = true;
        } else
            send_packet(g, "");
        return;
    case 'D':
        send_packet(g, "OK");
        detach(g);
        g->done = true;
        return;
    case 'k':
        detach(g);
        ww_session_shutdown(g->s, "host-gdb-kill");
        g->done = true;
        return;
    default:
        send_packet(g, "");
        return;
    }
}

/* ---- framing ------------------------------------------------------------------------------ */

static void interrupt(ww_gdb *g)
{
    if (ww_session_state_get(g->s) == WW_SESSION_RUNNING) {
        g->interrupted = true;
        g->we_stopped = true;
        ww_session_stop(g->s, "user");
    } else if (g->waiting) {
        g->last_thread = g->gthread ? g->gthread : 1;
        stop_reply(g, 2);
    }
}

void ww_gdb_feed(ww_gdb *g, const void *buf, size_t len)
{
    const char *p = buf;
    for (size_t i = 0; i < len && !g->done; i++) {
        char c = p[i];
        switch (g->in_state) {
        case IN_IDLE:
            if (c == '$') {
                g_string_truncate(g->pkt, 0);
                g->sum = 0;
                g->overflow = false;
                g->in_state = IN_DATA;
            } else if (c == 0x03) {
                interrupt(g);
            } else if (c == '-' && !g->noack && g->last->len) {
                send_raw(g, g->last->str, g->last->len);
            }
            break;   /* '+' and noise between packets are ignored */
        case IN_DATA:
            if (c == '#') {
                g->in_state = IN_CS1;
            } else if (c == '$') {   /* a new packet: the old one was cut off */
                g_string_truncate(g->pkt, 0);
                g->sum = 0;
                g->overflow = false;
            } else {
                g->sum = (uint8_t)(g->sum + (uint8_t)c);
                if (g->pkt->len < WW_GDB_MAX_PACKET)
                    g_string_append_c(g->pkt, c);
                else
                    g->overflow = true;
            }
            break;
        case IN_CS1:
            g->cs[0] = c;
            g->in_state = IN_CS2;
            break;
        case IN_CS2: {
            g->cs[1] = c;
            g->in_state = IN_IDLE;
            int a = hexval(g->cs[0]), b = hexval(g->cs[1]);
            if (!g->noack && (a < 0 || b < 0 || (uint8_t)(a << 4 | b) != g->sum)) {
                send_raw(g, "-", 1);
                break;
            }
            if (!g->noack)
                send_raw(g, "+", 1);
            if (g->overflow)
                send_packet(g, "E01");
            else
                handle(g, g->pkt->str, g->pkt->len);
            break;
        }
        }
    }
}

ww_gdb *ww_gdb_new(ww_session *s, ww_gdb_send_fn send, void *opaque)
{
    ww_gdb *g = g_new0(ww_gdb, 1);
    g->s = s;
    g->send = send;
    g->opaque = opaque;
    g->pkt = g_string_new(NULL);
    g->last = g_string_new(NULL);
    g->points = g_ptr_array_new_with_free_func(point_free);
    g->rcmds = g_ptr_array_new();
    ww_chip *const *chips;
    unsigned n = ww_machine_chips(ww_session_machine(s), &chips);
    g->cpus = g_new0(ww_cpu *, n ? n : 1);
    const ww_chip_class *cls = NULL;
    for (unsigned i = 0; i < n; i++) {
        ww_cpu *c = ww_cpu_of(chips[i]);
        if (!c || !c->chip.realized || (cls && c->chip.cls != cls))
            continue;
        cls = c->chip.cls;
        g->cpus[g->ncpu++] = c;
    }
    g->view = g->ncpu ? view_build(g->cpus[0]) : NULL;
    g->gthread = 1;
    g->last_sig = 5;
    if (ww_session_state_get(s) == WW_SESSION_RUNNING) {
        ww_session_stop(s, "user");
        g->we_stopped = true;
    }
    ww_session_listen(s, on_event, g);
    return g;
}

void ww_gdb_free(ww_gdb *g)
{
    if (!g)
        return;
    ww_session_unlisten(g->s, on_event, g);
    ww_mon_cancel(g->s, g);        /* deferred answers are never sent now */
    g_ptr_array_set_free_func(g->rcmds, g_free);
    g_ptr_array_free(g->rcmds, TRUE);
    detach(g);
    g_ptr_array_free(g->points, TRUE);
    view_free(g->view);
    g_free(g->cpus);
    g_string_free(g->pkt, TRUE);
    g_string_free(g->last, TRUE);
    g_free(g);
}
