/* core/mdl.h — the machine-description language (DESIGN.md §7).
 *
 * A machine is one XML file (machines/<family>/<name>.xml). Loading goes in
 * three steps, each usable on its own:
 *   1. ww_mdl_parse: libxml2 parse (no network, no DTD, no entities, no
 *      XInclude, UTF-8 or UTF-16 or a declared ASCII-compatible encoding),
 *      our own <include href> and extends= (only inside allowed directories,
 *      depth ≤ 8, cycles refused), ${param} expansion with -p overrides. The
 *      result is a flat list of nodes with file:line.
 *   2. ww_mdl_instantiate: the semantic pass against chip descriptors, done by
 *      building the machine (chips, props, memory, spaces, maps, wires). Every
 *      error is "file:line: error: what; expected …".
 *   3. realize + reset (ww_mdl_load does all three).
 * The language by example: machines/test/README.md. Schema: machines/wirewrap.rng. */
#ifndef WW_MDL_H
#define WW_MDL_H
#include "core/machine.h"
#include "core/chardev.h"

#define WW_MDL_MAX_FILE      (1u << 20)  /* bytes per XML file */
#define WW_MDL_MAX_TOTAL     (16u << 20) /* bytes of XML per machine, includes and all */
#define WW_MDL_MAX_NODES     10000       /* elements after includes */
#define WW_MDL_MAX_ATTRS     256         /* attributes per element (libxml2 2.9 checks
                                            duplicates in quadratic time) */
#define WW_MDL_MAX_DEPTH     8           /* include/extends nesting */
#define WW_MDL_MAX_VALUE     4096        /* bytes of an attribute after ${} expansion */

typedef struct ww_mdl_opts {
    /* Extra machine directories: searched for names, allowed for includes. */
    const char *const *machine_dirs;
    /* --rom-path: searched first for ROM images. */
    const char *const *rom_path;
    /* roms.txt to use (default: the repo's). */
    const char *catalogue;
    /* lint/graph: validate everything but load no ROM files, realize nothing. */
    bool check_only;
    /* Attached to the chip named by the first <serial from=> (may be NULL). */
    ww_chardev *serial;
    /* Warnings are appended here as "file:line: warning: …\n" (may be NULL). */
    GString *warnings;
    /* Direct kernel boot (--kernel/--initrd/--append), for the firmware
     * preparers the front end runs after loading (firmware-loaders/prepare.h);
     * the loader itself does not read them. */
    const char *kernel, *initrd, *append;
} ww_mdl_opts;

typedef struct ww_mdl_node {
    char *kind;      /* element name: "chip", "map", … */
    char *file;      /* as shown in messages */
    int line;
    unsigned nattr;
    char **names, **values;   /* attributes, after ${} expansion */
} ww_mdl_node;

typedef struct ww_mdl_desc {
    char *file;      /* top file, as given/resolved */
    char *name, *title;
    GPtrArray *nodes;     /* ww_mdl_node*, document order (extends base first) */
    GPtrArray *params;    /* ww_mdl_node* of the <param> elements (final values in "value") */
    /* Real paths of the directories its files may come from: the machine
     * directories, then the top file's own (NULL-terminated). */
    char **dirs;
    GHashTable *index;    /* "kind\nkey" → node: see ww_mdl_find */
} ww_mdl_desc;

/* "pc/q35" → ".../machines/pc/q35.xml"; a path to an existing file is returned
 * as is. Search: opts->machine_dirs, $WIREWRAP_MACHINES, the repo's machines/
 * (found from the executable or cwd), ~/.local/share/wirewrap/machines. */
char *ww_mdl_resolve(const char *name, const ww_mdl_opts *opts, GError **err);
/* The machine directories in search order (NULL-terminated; g_strfreev). */
char **ww_mdl_machine_dirs(const ww_mdl_opts *opts);
/* Build dir of the running binary (build/<variant>) and the repo root. */
const char *ww_mdl_build_dir(void);
const char *ww_mdl_repo_dir(void);

ww_mdl_desc *ww_mdl_parse(const char *name, const char *const *params,
                          const ww_mdl_opts *opts, GError **err);
/* Parse from memory (fuzzing, tests); includes resolve relative to `dir`,
 * which is also the only allowed directory besides opts->machine_dirs. */
ww_mdl_desc *ww_mdl_parse_buffer(const char *display_name, const char *buf, size_t len,
                                 const char *dir, const char *const *params,
                                 const ww_mdl_opts *opts, GError **err);
void ww_mdl_desc_free(ww_mdl_desc *d);
const char *ww_mdl_node_get(const ww_mdl_node *n, const char *attr);
/* The first node of a kind whose key attribute (id for chips and memories,
 * name for spaces, chip for pci) has that value, in constant time. */
const ww_mdl_node *ww_mdl_find(const ww_mdl_desc *d, const char *kind, const char *key);

/* Build (and unless opts->check_only, realize and power-on reset) a machine. */
ww_machine *ww_mdl_instantiate(const ww_mdl_desc *d, const ww_mdl_opts *opts, GError **err);
/* Parse + instantiate + realize + reset. */
ww_machine *ww_mdl_load(const char *name, const char *const *params,
                        const ww_mdl_opts *opts, GError **err);
/* Validate without running: parse + instantiate(check_only). Warnings go to
 * diagnostics; returns false with err on the first error. */
bool ww_mdl_lint(const char *name, const char *const *params, const ww_mdl_opts *opts,
                 GString *diagnostics, GError **err);

/* Helpers shared by the loader and the tools. */
char *ww_mdl_suggest_text(const char *name, const char *const *candidates);

/* Files a machine names are confined: <include> and extends= to d->dirs;
 * <rom file=> to those, the build directory and the ROM search path
 * (rom_dirs: --rom-path, $WIREWRAP_ROM_PATH, …), so a machine file from
 * someone else cannot read any host file into guest memory. Symlinks are
 * resolved first. True when `real` (a real path) lies inside one of `dirs`. */
bool ww_mdl_path_inside(const char *real, const char *const *dirs);
/* The real path (g_free it) of a <rom file=> image, or NULL with err: WW_ERROR_NOT_FOUND
 * when it does not exist, WW_ERROR_INVALID naming the allowed places when
 * it lies outside them. */
char *ww_mdl_confine_rom(const ww_mdl_desc *d, const char *path, const char *const *rom_dirs,
                         GError **err);

#endif
