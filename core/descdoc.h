/* core/descdoc.h — the one walk of a chip descriptor for humans and tools.
 *
 * ww_doc_build() turns a class's descriptor into a neutral model: a title,
 * paragraphs and tables (rows of cells, register rows with their fields as
 * sub-rows). Printers only lay it out: text for `wirewrap chips NAME`,
 * Markdown for `wirewrap chips --markdown`, and later JSON for the monitor.
 * Every name for a flag, unit or direction is spelled here once. */
#ifndef WW_DESCDOC_H
#define WW_DESCDOC_H
#include "core/chip.h"

typedef struct ww_doc_row {
    char **cells;        /* one per column */
    GPtrArray *sub;      /* ww_doc_row* (register fields: bits, name, description) */
} ww_doc_row;

typedef struct ww_doc_table {
    char *title;         /* "Registers" */
    char *id;            /* "registers" (JSON key, anchors) */
    char *note;          /* a sentence under the title, or NULL */
    unsigned ncols;
    char **cols;         /* headers */
    GPtrArray *rows;     /* ww_doc_row* */
} ww_doc_table;

typedef struct ww_doc {
    char *title, *summary;
    GPtrArray *paras;    /* char* */
    GPtrArray *tables;   /* ww_doc_table*; empty tables are kept (printed as "none") */
} ww_doc;

ww_doc *ww_doc_build(const ww_chip_class *cls);
void ww_doc_free(ww_doc *d);
void ww_doc_print_text(const ww_doc *d, GString *out);
void ww_doc_print_markdown(const ww_doc *d, GString *out);

/* "RO,W1C,read-side-effect" etc.: the one spelling of register flags. */
char *ww_reg_flags_text(uint32_t flags);

#endif
