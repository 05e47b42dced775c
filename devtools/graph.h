/* devtools/graph.h — Graphviz DOT of a machine description. */
#ifndef WW_GRAPH_H
#define WW_GRAPH_H
#include "core/mdl.h"

/* The description must have passed ww_mdl_instantiate (check_only). */
void ww_graph_dot(const ww_mdl_desc *d, GString *out);

#endif
