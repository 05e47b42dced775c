/* devtools/chipinfo.c — `wirewrap chips [NAME]`: the registered chips, and for
 * one chip its properties, regions, registers (with fields), ports and state,
 * all generated from the descriptor. */
#include "devtools/chipinfo.h"
#include "devtools/chipdoc.h"
#include "core/command.h"
#include "core/cpu.h"
#include <stdio.h>
#include <string.h>

static const char *prop_type_name(const ww_prop_desc *p)
{
    switch (p->type) {
    case WW_PROP_UINT:
        return p->unit == WW_UNIT_BYTES ? "size" : p->unit == WW_UNIT_HZ ? "frequency"
             : p->unit == WW_UNIT_NS ? "time" : "integer";
    case WW_PROP_BOOL:   return "bool";
    case WW_PROP_ENUM:   return "choice";
    case WW_PROP_STRING: return "string";
    }
    return "?";
}

static const char *flags_text(uint32_t f, char *buf, size_t len)
{
    buf[0] = 0;
    static const struct { uint32_t bit; const char *name; } names[] = {
        { WW_REG_RO, "RO" }, { WW_REG_WO, "WO" }, { WW_REG_W1C, "W1C" },
        { WW_REG_RC, "read-side-effect" }, { WW_REG_SIDE, "write-side-effect" },
        { WW_REG_INTERNAL, "internal" } };
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
        if (f & names[i].bit) {
            if (buf[0])
                g_strlcat(buf, ",", len);
            g_strlcat(buf, names[i].name, len);
        }
    if (!buf[0])
        g_strlcpy(buf, "RW", len);
    return buf;
}

void ww_chipinfo_describe(const ww_chip_class *c, GString *o)
{
    g_string_append_printf(o, "%s — %s\n", c->type, c->summary ? c->summary : "");
    if (c->doc)
        g_string_append_printf(o, "\n%s\n", c->doc);
    if (c->cpu)
        g_string_append_printf(o, "\nCPU family: %s\n", c->cpu->family);

    g_string_append(o, "\nProperties:\n");
    if (!c->props || !c->props->name)
        g_string_append(o, "  (none)\n");
    for (const ww_prop_desc *p = c->props; p && p->name; p++) {
        g_string_append_printf(o, "  %-14s %-9s default %-10s", p->name, prop_type_name(p),
                               p->def ? p->def : "-");
        if (p->type == WW_PROP_ENUM && p->choices) {
            char *l = g_strjoinv("|", (char **)p->choices);
            g_string_append_printf(o, " one of %s", l);
            g_free(l);
        } else if (p->type == WW_PROP_UINT && (p->min || p->max)) {
            g_string_append_printf(o, " range %" G_GUINT64_FORMAT "..%" G_GUINT64_FORMAT,
                                   p->min, p->max);
        }
        if (p->doc)
            g_string_append_printf(o, "  — %s", p->doc);
        g_string_append_c(o, '\n');
    }

    g_string_append(o, "\nRegions:\n");
    if (!c->regions || !c->regions->name)
        g_string_append(o, "  (none)\n");
    for (const ww_region_desc *r = c->regions; r && r->name; r++)
        g_string_append_printf(o, "  %-10s size 0x%" G_GINT64_MODIFIER "x, %u..%u-byte access, %s-endian%s%s\n",
                               r->name, r->size, r->min_access ? r->min_access : 1,
                               r->max_access ? r->max_access : 8,
                               r->endian == WW_BIG_ENDIAN ? "big" : "little",
                               r->doc ? " — " : "", r->doc ? r->doc : "");

    g_string_append(o, "\nRegisters:\n");
    if (!c->regs || !c->regs->name)
        g_string_append(o, "  (none)\n");
    g_string_append_printf(o, "  %-10s %-9s %-6s %-5s %-10s %-22s %s\n", "name", "region", "offset",
                           "width", "reset", "access", "description");
    for (const ww_reg_desc *r = c->regs; r && r->name; r++) {
        char fl[96], off[16];
        const char *rn = "-";
        if (!(r->flags & WW_REG_INTERNAL)) {
            unsigned i = 0;
            for (const ww_region_desc *g = c->regions; g && g->name; g++, i++)
                if (i == r->region)
                    rn = g->name;
            snprintf(off, sizeof off, "0x%" G_GINT64_MODIFIER "x", r->offset);
        } else {
            g_strlcpy(off, "-", sizeof off);
        }
        g_string_append_printf(o, "  %-10s %-9s %-6s %-5u 0x%-8" G_GINT64_MODIFIER "x %-22s %s\n",
                               r->name, rn, off, r->width * 8, r->reset,
                               flags_text(r->flags, fl, sizeof fl), r->doc ? r->doc : "");
        for (const ww_field_desc *f = r->fields; f && f->name; f++) {
            char bits[16];
            if (f->width == 1)
                snprintf(bits, sizeof bits, "[%u]", f->lsb);
            else
                snprintf(bits, sizeof bits, "[%u:%u]", f->lsb + f->width - 1, f->lsb);
            g_string_append_printf(o, "      %-12s %-8s %s\n", f->name, bits, f->doc ? f->doc : "");
        }
    }

    g_string_append(o, "\nPorts:\n");
    if (!c->ports || !c->ports->name)
        g_string_append(o, "  (none)\n");
    for (const ww_port_desc *p = c->ports; p && p->name; p++) {
        char nm[48];
        if (ww_port_count(p) > 1)
            snprintf(nm, sizeof nm, "%s@0..%u", p->name, ww_port_count(p) - 1);
        else
            g_strlcpy(nm, p->name, sizeof nm);
        g_string_append_printf(o, "  %-14s %-6s %s\n", nm, p->dir == WW_PORT_IN ? "in" : "out",
                               p->doc ? p->doc : "");
    }
    if (c->buses && c->buses->name) {
        g_string_append(o, "\nBus-master ports:\n");
        for (const ww_bus_desc *b = c->buses; b->name; b++)
            g_string_append_printf(o, "  %-14s %s\n", b->name, b->doc ? b->doc : "");
    }
    if (c->state && c->state->name) {
        g_string_append(o, "\nInternal state (saved in snapshots besides stored registers):\n");
        for (const ww_state_desc *s = c->state; s->name; s++)
            g_string_append_printf(o, "  %-16s %s\n", s->name, s->doc ? s->doc : "");
    }
}

static int chips_main(int argc, char **argv)
{
    if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        printf("usage: wirewrap chips [NAME]\n"
               "       wirewrap chips --markdown DIR\n"
               "Without NAME: every registered chip with its summary.\n"
               "With NAME: its properties, regions, registers with fields, ports.\n"
               "--markdown DIR: one Markdown page per chip (DIR/<type>.md) and DIR/index.md.\n");
        return 0;
    }
    if (argc > 1 && !strcmp(argv[1], "--markdown")) {
        if (argc != 3) {
            fprintf(stderr, "usage: wirewrap chips --markdown DIR\n");
            return 2;
        }
        GError *err = NULL;
        unsigned n = 0;
        if (!ww_chipdoc_write_all(argv[2], &n, &err)) {
            fprintf(stderr, "wirewrap chips: %s\n", err->message);
            g_error_free(err);
            return 2;
        }
        printf("%u chip pages written to %s\n", n, argv[2]);
        return 0;
    }
    if (argc > 2 || (argc == 2 && argv[1][0] == '-')) {
        fprintf(stderr, "usage: wirewrap chips [NAME]\n");
        return 2;
    }
    const ww_chip_class *const *list;
    unsigned n = ww_chip_class_list(&list);
    if (argc == 1) {
        for (unsigned i = 0; i < n; i++)
            printf("%-14s %s\n", list[i]->type, list[i]->summary ? list[i]->summary : "");
        return 0;
    }
    const ww_chip_class *c = ww_chip_class_find(argv[1]);
    if (!c) {
        const char *s = ww_chip_class_suggest(argv[1]);
        fprintf(stderr, "wirewrap: unknown chip '%s'%s%s%s\n", argv[1],
                s ? "; did you mean '" : "", s ? s : "", s ? "'?" : "");
        if (!s)
            fprintf(stderr, "`wirewrap chips` lists the %u known chip types\n", n);
        return 2;
    }
    GString *o = g_string_new(NULL);
    ww_chipinfo_describe(c, o);
    fputs(o->str, stdout);
    g_string_free(o, TRUE);
    return 0;
}

static const ww_command chips_cmd = {
    "chips", "[NAME | --markdown DIR]", "list chip models, or describe one from its descriptor", chips_main };
WW_COMMAND_REGISTER(chips_cmd)
