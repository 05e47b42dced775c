/* devtools/chipdoc.c — `wirewrap chips --markdown DIR`: one page per chip,
 * generated from its descriptor only (properties, regions, registers with
 * fields, ports, bus-master ports, state). */
#include "devtools/chipdoc.h"
#include "core/cpu.h"
#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

static void cell(GString *o, const char *s)   /* a Markdown table cell */
{
    for (; s && *s; s++) {
        if (*s == '|')
            g_string_append(o, "\\|");
        else if (*s == '\n')
            g_string_append_c(o, ' ');
        else
            g_string_append_c(o, *s);
    }
}

static const char *unit_name(const ww_prop_desc *p)
{
    switch (p->unit) {
    case WW_UNIT_BYTES: return "bytes (KiB, MiB, GiB)";
    case WW_UNIT_HZ:    return "frequency (Hz, kHz, MHz, GHz)";
    case WW_UNIT_NS:    return "time (ns, us, ms, s)";
    default:            return "";
    }
}

static const char *access_text(uint32_t f)
{
    if (f & WW_REG_INTERNAL) return "internal";
    if (f & WW_REG_RO) return "RO";
    if (f & WW_REG_WO) return "WO";
    if (f & WW_REG_W1C) return "W1C";
    return "RW";
}

void ww_chipdoc_markdown(const ww_chip_class *c, GString *o)
{
    g_string_append_printf(o, "# %s\n\n%s\n\n", c->type, c->summary ? c->summary : "");
    if (c->doc)
        g_string_append_printf(o, "%s\n\n", c->doc);
    if (c->cpu) {
        g_string_append_printf(o, "CPU family: `%s`", c->cpu->family);
        if (c->cpu->models) {
            char *l = g_strjoinv("`, `", (char **)c->cpu->models);
            g_string_append_printf(o, "; models: `%s`", l);
            g_free(l);
        }
        g_string_append(o, "\n\n");
    }
    g_string_append_printf(o, "In a machine file: `<%s id=\"…\" type=\"%s\" …/>`\n\n",
                           c->cpu ? "cpu" : "chip", c->type);

    g_string_append(o, "## Properties\n\n");
    if (!c->props || !c->props->name)
        g_string_append(o, "None.\n\n");
    else {
        g_string_append(o, "| name | type | default | allowed | description |\n"
                           "|---|---|---|---|---|\n");
        for (const ww_prop_desc *p = c->props; p->name; p++) {
            g_string_append_printf(o, "| `%s` | ", p->name);
            cell(o, p->type == WW_PROP_UINT ? (p->unit ? unit_name(p) : "integer")
                    : p->type == WW_PROP_BOOL ? "bool" : p->type == WW_PROP_ENUM ? "choice"
                    : "string");
            g_string_append(o, " | ");
            cell(o, p->def ? p->def : "");
            g_string_append(o, " | ");
            if (p->type == WW_PROP_ENUM && p->choices) {
                char *l = g_strjoinv(", ", (char **)p->choices);
                cell(o, l);
                g_free(l);
            } else if (p->type == WW_PROP_UINT && (p->min || p->max)) {
                g_string_append_printf(o, "%" G_GUINT64_FORMAT "–%" G_GUINT64_FORMAT,
                                       p->min, p->max);
            }
            g_string_append(o, " | ");
            cell(o, p->doc);
            g_string_append(o, " |\n");
        }
        g_string_append_c(o, '\n');
    }

    g_string_append(o, "## Regions\n\n");
    if (!c->regions || !c->regions->name)
        g_string_append(o, "None.\n\n");
    else {
        g_string_append(o, "| name | size | access | byte order | description |\n"
                           "|---|---|---|---|---|\n");
        for (const ww_region_desc *r = c->regions; r->name; r++) {
            g_string_append_printf(o, "| `%s` | 0x%" G_GINT64_MODIFIER "x | %u–%u bytes%s | %s | ",
                                   r->name, r->size, r->min_access ? r->min_access : 1,
                                   r->max_access ? r->max_access : 8, r->strict ? ", strict" : "",
                                   r->endian == WW_BIG_ENDIAN ? "big" : "little");
            cell(o, r->doc);
            g_string_append(o, " |\n");
        }
        g_string_append_c(o, '\n');
    }

    g_string_append(o, "## Registers\n\n");
    if (!c->regs || !c->regs->name)
        g_string_append(o, "None.\n\n");
    for (const ww_reg_desc *r = c->regs; r && r->name; r++) {
        const char *rn = "";
        unsigned i = 0;
        for (const ww_region_desc *g = c->regions; g && g->name; g++, i++)
            if (i == r->region)
                rn = g->name;
        g_string_append_printf(o, "### %s\n\n", r->name);
        if (r->flags & WW_REG_INTERNAL)
            g_string_append(o, "Internal (no bus offset)");
        else
            g_string_append_printf(o, "Region `%s`, offset 0x%" G_GINT64_MODIFIER "x", rn,
                                   r->offset);
        g_string_append_printf(o, ", %u bits, %s, reset 0x%" G_GINT64_MODIFIER "x%s%s%s.\n\n",
                               r->width * 8, access_text(r->flags), r->reset,
                               r->flags & WW_REG_RC ? ", read has side effects" : "",
                               r->flags & WW_REG_SIDE ? ", write has side effects" : "",
                               r->store_size ? "" : ", computed");
        if (r->doc)
            g_string_append_printf(o, "%s\n\n", r->doc);
        if (r->fields && r->fields->name) {
            g_string_append(o, "| bits | field | description |\n|---|---|---|\n");
            for (const ww_field_desc *f = r->fields; f->name; f++) {
                if (f->width <= 1)
                    g_string_append_printf(o, "| %u | `%s` | ", f->lsb, f->name);
                else
                    g_string_append_printf(o, "| %u:%u | `%s` | ", f->lsb + f->width - 1,
                                           f->lsb, f->name);
                cell(o, f->doc);
                g_string_append(o, " |\n");
            }
            g_string_append_c(o, '\n');
        }
    }

    g_string_append(o, "## Ports\n\n");
    if (!c->ports || !c->ports->name)
        g_string_append(o, "None.\n\n");
    else {
        g_string_append(o, "| name | direction | lines | flags | description |\n"
                           "|---|---|---|---|---|\n");
        for (const ww_port_desc *p = c->ports; p->name; p++) {
            g_string_append_printf(o, "| `%s` | %s | %u | %s%s | ", p->name,
                                   p->dir == WW_PORT_IN ? "in" : "out", ww_port_count(p),
                                   p->flags & WW_PORT_REQUIRED ? "required " : "",
                                   p->flags & WW_PORT_EDGE ? "edge" : "");
            cell(o, p->doc);
            g_string_append(o, " |\n");
        }
        g_string_append_c(o, '\n');
    }
    if (c->buses && c->buses->name) {
        g_string_append(o, "## Bus-master ports\n\nEach gets a space named `ID.PORT`.\n\n"
                           "| name | address bits | byte order | unmapped | description |\n"
                           "|---|---|---|---|---|\n");
        for (const ww_bus_desc *b = c->buses; b->name; b++) {
            g_string_append_printf(o, "| `%s` | %u | %s | %s | ", b->name,
                                   b->addr_bits ? b->addr_bits : 32,
                                   b->endian == WW_BIG_ENDIAN ? "big" : "little",
                                   b->unmapped == WW_UNMAPPED_BUS_ERROR ? "bus error"
                                                                        : "open bus");
            cell(o, b->doc);
            g_string_append(o, " |\n");
        }
        g_string_append_c(o, '\n');
    }
    if (c->state && c->state->name) {
        g_string_append(o, "## Internal state\n\nSaved in snapshots besides the registers "
                           "with storage.\n\n| name | since version | description |\n"
                           "|---|---|---|\n");
        for (const ww_state_desc *s = c->state; s->name; s++) {
            g_string_append_printf(o, "| `%s` | %u | ", s->name, s->version);
            cell(o, s->doc);
            g_string_append(o, " |\n");
        }
        g_string_append_c(o, '\n');
    }
}

bool ww_chipdoc_write_all(const char *dir, unsigned *count, GError **err)
{
    if (g_mkdir_with_parents(dir, 0755) != 0) {
        g_set_error(err, WW_ERROR, WW_ERROR_IO, "%s: cannot create: %s", dir, g_strerror(errno));
        return false;
    }
    const ww_chip_class *const *list;
    unsigned n = ww_chip_class_list(&list);
    GString *index = g_string_new("# Chips\n\nGenerated by `wirewrap chips --markdown` from "
                                  "the chip descriptors.\n\n");
    for (unsigned i = 0; i < n; i++) {
        GString *o = g_string_new(NULL);
        ww_chipdoc_markdown(list[i], o);
        char *name = g_strconcat(list[i]->type, ".md", NULL);
        char *path = g_build_filename(dir, name, NULL);
        bool ok = g_file_set_contents(path, o->str, (gssize)o->len, err);
        g_string_append_printf(index, "- [%s](%s) — %s\n", list[i]->type, name,
                               list[i]->summary ? list[i]->summary : "");
        g_free(path);
        g_free(name);
        g_string_free(o, TRUE);
        if (!ok) {
            g_string_free(index, TRUE);
            return false;
        }
    }
    char *ip = g_build_filename(dir, "index.md", NULL);
    bool ok = g_file_set_contents(ip, index->str, (gssize)index->len, err);
    g_free(ip);
    g_string_free(index, TRUE);
    if (count)
        *count = n;
    return ok;
}
