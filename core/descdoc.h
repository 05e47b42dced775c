/* core/descdoc.h — the one walk of a chip descriptor for humans and tools.
 *
 * ww_doc_build() turns a class's descriptor into a neutral model: a title,
 * paragraphs and tables (rows of cells, register rows with their fields as
 * sub-rows). ww_doc_build_live() is the same walk over an instance: every
 * register element with its value (peek only) and its fields decoded, the
 * properties' current values, every port's line levels and every state field
 * with its value. Printers only lay the model out: text for `wirewrap chips
 * NAME` and the monitor's `info chip`, Markdown for `wirewrap chips
 * --markdown`, JSON for the monitor's protocol (ww_doc_to_json, and back with
 * ww_doc_from_json so the human monitor prints the very value tree the
 * protocol returns). Every name for a flag, unit or direction is spelled here
 * once. */
#ifndef WW_DESCDOC_H
#define WW_DESCDOC_H
#include "core/chip.h"
#include <json-glib/json-glib.h>

typedef struct ww_doc_row {
    char **cells;        /* one per column */
    GPtrArray *sub;      /* ww_doc_row* (register fields: bits, name, [value,] description) */
    /* Live documents: the typed value behind the "value" cell (JSON "value"
     * is then a number, or a list of numbers for an array of scalars). */
    bool has_value;
    uint64_t value;
    GArray *values;      /* uint64_t, for arrays (NULL otherwise) */
} ww_doc_row;

typedef struct ww_doc_table {
    char *title;         /* "Registers" */
    char *id;            /* "registers" (JSON key, anchors) */
    char *note;          /* a sentence under the title, or NULL */
    unsigned ncols;
    char **cols;         /* headers */
    unsigned sub_ncols;  /* cells of sub-rows: 3 (bits, name, description), live 4 */
    GPtrArray *rows;     /* ww_doc_row* */
} ww_doc_table;

typedef struct ww_doc {
    char *title, *summary;
    GPtrArray *paras;    /* char* */
    GPtrArray *tables;   /* ww_doc_table*; empty tables are kept (printed as "none") */
} ww_doc;

ww_doc *ww_doc_build(const ww_chip_class *cls);
/* The same walk over a live instance (values through ww_chip_reg_get: no side
 * effects). Tables: "properties", "registers" (one row per element, with a
 * "value" column and fields sub-rows bits/name/value/description),
 * "pci_header", "ports" (line levels), "state". */
ww_doc *ww_doc_build_live(ww_chip *chip);
void ww_doc_free(ww_doc *d);
void ww_doc_print_text(const ww_doc *d, GString *out);
void ww_doc_print_markdown(const ww_doc *d, GString *out);

/* JSON: {"title", "summary", "paras": [..], "tables": [{"id", "title",
 * "note", "columns": [..], "rows": [{COLUMN: cell, …, "fields": [..]}]}]}.
 * Cells are strings, keyed by column name; a typed "value" is a number (see
 * ww_json_uint) or a list of numbers, its text under "value-text". */
JsonNode *ww_doc_to_json(const ww_doc *d);
/* The inverse (for printing a value tree received or returned as JSON);
 * NULL with err when the node is not a document. */
ww_doc *ww_doc_from_json(JsonNode *node, GError **err);

/* An unsigned 64-bit number as JSON: an integer when it fits json-glib's
 * gint64, else a "0x…" string (exact either way); and back. */
JsonNode *ww_json_uint(uint64_t v);
bool ww_json_get_uint(JsonNode *n, uint64_t *out);

/* "RO,W1C,read-side-effect" etc.: the one spelling of register flags. */
char *ww_reg_flags_text(uint32_t flags);

#endif
