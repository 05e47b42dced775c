/* frontend/overlay/internal.h — the overlay's state, shared by overlay.c
 * (input, commands) and panels.c (building the model). */
#ifndef WW_OV_INTERNAL_H
#define WW_OV_INTERNAL_H
#include "frontend/overlay/overlay.h"
#include <json-glib/json-glib.h>

struct ww_overlay {
    ww_session *s;
    bool open;
    bool dirty;
    ww_ov_model *model;
    GHashTable *last;          /* "panel/key" -> value (uint64_t*) of the previous build */
    ww_ov_panel_id focus;
    char *sel_key[WW_OV_NPANELS];  /* the selected line, by key (survives rebuilds) */
    unsigned cols[WW_OV_NPANELS], rows[WW_OV_NPANELS];
    char *chip;                /* the chip whose registers are shown */
    char *mem_space;           /* NULL: the CPU's view (through its MMU) */
    uint64_t mem_addr;
    bool mem_set;              /* else the view follows the CPU's stack pointer page */
    bool prompt_open;
    GString *prompt;
    char *message;
    GPtrArray *late;           /* replies of deferred commands still to come */
};

/* Run a monitor command now: its value (json_node_unref it) or NULL with err. */
JsonNode *ww_ov_mon(ww_overlay *ov, const char *cmd, JsonObject *args, GError **err);

/* panels.c: fill each panel of ov->model from the session. */
void ww_ov_build(ww_overlay *ov);

#endif
