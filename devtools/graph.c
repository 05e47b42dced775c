/* devtools/graph.c — `wirewrap graph MACHINE`: Graphviz DOT of the chips
 * (boxes), memories (cylinders), address spaces (ellipses; bus-master ports
 * draw chip → space, maps draw space → target labelled with the address) and
 * wires (dashed, labelled with the ports). Pipe into `dot -Tsvg`. */
#include "devtools/graph.h"
#include "core/command.h"
#include <stdio.h>
#include <string.h>

static void q(GString *o, const char *s)   /* a DOT quoted string */
{
    g_string_append_c(o, '"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            g_string_append_c(o, '\\');
        if (*s == '\n')
            g_string_append(o, "\\n");
        else
            g_string_append_c(o, *s);
    }
    g_string_append_c(o, '"');
}

static void pin_parts(const char *pin, char **chip, char **port)
{
    const char *dot = strchr(pin, '.');
    *chip = dot ? g_strndup(pin, (gsize)(dot - pin)) : g_strdup(pin);
    *port = g_strdup(dot ? dot + 1 : "");
}

void ww_graph_dot(const ww_mdl_desc *d, GString *o)
{
    g_string_append(o, "digraph ");
    q(o, d->name);
    g_string_append(o, " {\n  rankdir=LR;\n  label=");
    q(o, d->title);
    g_string_append(o, ";\n  node [fontname=\"DejaVu Sans\"];\n");
    GHashTable *spaces = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (guint i = 0; i < d->nodes->len; i++) {
        const ww_mdl_node *n = d->nodes->pdata[i];
        const char *id = ww_mdl_node_get(n, "id");
        if (!strcmp(n->kind, "chip") || !strcmp(n->kind, "cpu")) {
            const char *type = ww_mdl_node_get(n, "type");
            char *label = g_strdup_printf("%s\n%s", id, type);
            g_string_append(o, "  ");
            q(o, id);
            g_string_append_printf(o, " [shape=box%s, label=", !strcmp(n->kind, "cpu")
                                   ? ", style=bold" : "");
            q(o, label);
            g_string_append(o, "];\n");
            g_free(label);
            const ww_chip_class *cls = ww_chip_class_find(type);
            for (const ww_bus_desc *b = cls ? cls->buses : NULL; b && b->name; b++) {
                char *s = g_strdup_printf("%s.%s", id, b->name);
                g_string_append(o, "  ");
                q(o, s);
                g_string_append(o, " [shape=ellipse];\n  ");
                q(o, id);
                g_string_append(o, " -> ");
                q(o, s);
                g_string_append(o, " [label=\"masters\", style=bold];\n");
                g_hash_table_add(spaces, s);
            }
        } else if (!strcmp(n->kind, "ram") || !strcmp(n->kind, "rom")) {
            char *label = g_strdup_printf("%s\n%s %s", id, n->kind, ww_mdl_node_get(n, "size"));
            g_string_append(o, "  ");
            q(o, id);
            g_string_append(o, " [shape=cylinder, label=");
            q(o, label);
            g_string_append(o, "];\n");
            g_free(label);
        }
    }
    for (guint i = 0; i < d->nodes->len; i++) {
        const ww_mdl_node *n = d->nodes->pdata[i];
        if (!strcmp(n->kind, "space")) {
            const char *name = ww_mdl_node_get(n, "name");
            const char *alias = ww_mdl_node_get(n, "alias");
            if (!g_hash_table_contains(spaces, name)) {
                g_string_append(o, "  ");
                q(o, name);
                g_string_append(o, " [shape=ellipse];\n");
                g_hash_table_add(spaces, g_strdup(name));
            }
            if (alias) {
                g_string_append(o, "  ");
                q(o, name);
                g_string_append(o, " -> ");
                q(o, alias);
                g_string_append(o, " [label=\"alias\", style=dotted];\n");
            }
        } else if (!strcmp(n->kind, "pcibus")) {
            /* The configuration space; BARs are placed by the guest at run time. */
            const char *id = ww_mdl_node_get(n, "id");
            char *cfg = g_strconcat(id, ".cfg", NULL);
            g_string_append(o, "  ");
            q(o, cfg);
            g_string_append(o, " [shape=ellipse, label=");
            char *label = g_strdup_printf("%s\nPCI configuration", cfg);
            q(o, label);
            g_string_append(o, "];\n");
            static const char *const attrs[] = { "mem", "io", "dma" };
            for (unsigned k = 0; k < 3; k++) {
                const char *v = ww_mdl_node_get(n, attrs[k]);
                if (!v)
                    continue;
                g_string_append(o, "  ");
                q(o, cfg);
                g_string_append(o, " -> ");
                q(o, v);
                g_string_append_printf(o, " [label=\"%s (BARs%s)\", style=dotted];\n", attrs[k],
                                       k == 2 ? ", DMA" : "");
            }
            g_free(label);
            g_free(cfg);
        } else if (!strcmp(n->kind, "pci")) {
            const char *bus = ww_mdl_node_get(n, "pcibus");
            char *cfg = g_strconcat(bus ? bus : "pci", ".cfg", NULL);
            const char *fn = ww_mdl_node_get(n, "function");
            char *label = g_strdup_printf("%s:%s.%s", ww_mdl_node_get(n, "bus") ?
                                          ww_mdl_node_get(n, "bus") : "0",
                                          ww_mdl_node_get(n, "slot"), fn ? fn : "0");
            g_string_append(o, "  ");
            q(o, cfg);
            g_string_append(o, " -> ");
            q(o, ww_mdl_node_get(n, "chip"));
            g_string_append(o, " [label=");
            q(o, label);
            g_string_append(o, "];\n");
            g_free(label);
            g_free(cfg);
        } else if (!strcmp(n->kind, "map")) {
            const char *to = ww_mdl_node_get(n, "to");
            if (!strcmp(to, "unmapped"))
                continue;
            char *chip, *region;
            pin_parts(to, &chip, &region);
            const char *win = ww_mdl_node_get(n, "window");
            char *label = g_strdup_printf("%s%s%s%s%s", ww_mdl_node_get(n, "at"),
                                          *region ? " " : "", region,
                                          win ? "\nwindow of " : "", win ? win : "");
            g_string_append(o, "  ");
            q(o, ww_mdl_node_get(n, "space"));
            g_string_append(o, " -> ");
            q(o, chip);
            g_string_append(o, " [label=");
            q(o, label);
            g_string_append(o, "];\n");
            g_free(label);
            g_free(chip);
            g_free(region);
        } else if (!strcmp(n->kind, "wire")) {
            char *fc, *fp;
            pin_parts(ww_mdl_node_get(n, "from"), &fc, &fp);
            char **tos = g_strsplit(ww_mdl_node_get(n, "to"), ",", 64);
            for (char **t = tos; *t; t++) {
                char *tc, *tp;
                pin_parts(g_strstrip(*t), &tc, &tp);
                char *label = g_strdup_printf("%s → %s", fp, tp);
                g_string_append(o, "  ");
                q(o, fc);
                g_string_append(o, " -> ");
                q(o, tc);
                g_string_append(o, " [style=dashed, label=");
                q(o, label);
                g_string_append(o, "];\n");
                g_free(label);
                g_free(tc);
                g_free(tp);
            }
            g_strfreev(tos);
            g_free(fc);
            g_free(fp);
        }
    }
    g_string_append(o, "}\n");
    g_hash_table_destroy(spaces);
}

static int graph_main(int argc, char **argv)
{
    GPtrArray *params = g_ptr_array_new();
    const char *machine = NULL;
    int rc = 2;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            printf("usage: wirewrap graph [-p NAME=VALUE]... MACHINE | dot -Tsvg > m.svg\n");
            rc = 0;
            goto out;
        } else if (!strcmp(argv[i], "-p") && i + 1 < argc) {
            g_ptr_array_add(params, argv[++i]);
        } else if (argv[i][0] != '-' && !machine) {
            machine = argv[i];
        } else {
            fprintf(stderr, "usage: wirewrap graph [-p NAME=VALUE]... MACHINE\n");
            goto out;
        }
    }
    if (!machine) {
        fprintf(stderr, "usage: wirewrap graph [-p NAME=VALUE]... MACHINE\n");
        goto out;
    }
    g_ptr_array_add(params, NULL);
    ww_mdl_opts opts = { .check_only = true };
    GError *err = NULL;
    ww_mdl_desc *d = ww_mdl_parse(machine, (const char *const *)params->pdata, &opts, &err);
    ww_machine *m = d ? ww_mdl_instantiate(d, &opts, &err) : NULL;
    if (!m) {
        fprintf(stderr, "%s\n", err->message);
        g_error_free(err);
        ww_mdl_desc_free(d);
        goto out;
    }
    ww_machine_free(m);
    GString *o = g_string_new(NULL);
    ww_graph_dot(d, o);
    fputs(o->str, stdout);
    g_string_free(o, TRUE);
    ww_mdl_desc_free(d);
    rc = 0;
out:
    g_ptr_array_free(params, TRUE);
    return rc;
}

static const ww_command graph_cmd = {
    "graph", "MACHINE", "Graphviz DOT of a machine's chips, buses and wires", graph_main };
WW_COMMAND_REGISTER(graph_cmd)
