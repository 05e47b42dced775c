/* frontend/overlay/model.h — what the debugger overlay shows, as data.
 *
 * The overlay's content is a model: panels of lines, lines of cells, each
 * line naming what it is about (`key`) and, where it shows a number, the
 * number (`value`). It is built from the monitor's command table (core/
 * monitor.h: info chips, info chip, regs, disas, x/xp, info break, info
 * timeline), whose values come from the descriptors through core/descdoc's
 * walker and are read by peek only — so building it never changes the guest
 * — and the renderer (render.h) only draws it. Tests read the model. */
#ifndef WW_OV_MODEL_H
#define WW_OV_MODEL_H
#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

typedef enum {
    WW_OV_TEXT,        /* plain */
    WW_OV_DIM,         /* names, addresses, explanations */
    WW_OV_HEAD,        /* a section heading inside a panel */
    WW_OV_VALUE,       /* a number */
    WW_OV_CHANGED,     /* a number that changed since the model was last built */
    WW_OV_ACCENT,      /* the PC, the selected chip, a breakpoint */
    WW_OV_WARN,        /* errors, "unreadable" */
} ww_ov_style;

typedef struct ww_ov_cell {
    char *text;
    ww_ov_style style;
    unsigned width;    /* columns it takes at least (0: its length); pads with spaces */
} ww_ov_cell;

typedef struct ww_ov_line {
    GPtrArray *cells;  /* ww_ov_cell*, drawn left to right with one space between */
    char *key;         /* what the line shows: "IMR", "IMR.LTIM", a chip id, "0x000f1234" */
    bool has_value;
    uint64_t value;
    unsigned indent;   /* tree depth (chips) */
    bool selectable;   /* the selection moves over these lines only */
} ww_ov_line;

typedef enum {
    WW_OV_CHIPS,
    WW_OV_REGISTERS,
    WW_OV_CPU,
    WW_OV_DISASM,
    WW_OV_MEMORY,
    WW_OV_BREAKPOINTS,
    WW_OV_TIMELINE,
    WW_OV_NPANELS
} ww_ov_panel_id;

typedef struct ww_ov_panel {
    ww_ov_panel_id id;
    const char *name;  /* "chips", "registers", … */
    char *title;       /* shown in the frame: "registers: pic0 (i8259)" */
    GPtrArray *lines;  /* ww_ov_line* */
    int selected;      /* index into lines, or -1 */
} ww_ov_panel;

typedef struct ww_ov_model {
    ww_ov_panel panels[WW_OV_NPANELS];
    char *status;      /* the bottom line: state, time, keys, or the prompt */
    char *message;     /* the answer to the last command, or NULL */
} ww_ov_model;

const char *ww_ov_panel_name(ww_ov_panel_id id);

ww_ov_model *ww_ov_model_new(void);
void ww_ov_model_free(ww_ov_model *m);
void ww_ov_panel_clear(ww_ov_panel *p);

/* Building: a line, then its cells. fmt cells take printf formats. */
ww_ov_line *ww_ov_add_line(ww_ov_panel *p, const char *key);
ww_ov_cell *ww_ov_add_cell(ww_ov_line *l, ww_ov_style style, unsigned width, const char *text);
ww_ov_cell *ww_ov_add_cellf(ww_ov_line *l, ww_ov_style style, unsigned width, const char *fmt,
                            ...) G_GNUC_PRINTF(4, 5);
void ww_ov_line_set_value(ww_ov_line *l, uint64_t v);

/* Look-ups for the overlay and tests. */
ww_ov_panel *ww_ov_find_panel(ww_ov_model *m, const char *name);
ww_ov_line *ww_ov_find_line(const ww_ov_panel *p, const char *key);
/* The line as drawn (cells joined, padded), for tests and logs; g_free it. */
char *ww_ov_line_text(const ww_ov_line *l);

#endif
