/* core/chip.h — chip classes, instances, the registry, and the generic
 * descriptor-driven operations (props, reset, dump, state walk).
 *
 * A chip is a plain struct whose first member is ww_chip, plus one const
 * ww_chip_class. A chip file registers its class with WW_CHIP_REGISTER(cls);
 * that runs at start-up (constructor), so adding chips/<function>/<name>.c needs
 * no edit anywhere else (the build globs every chips/ subfolder). */
#ifndef WW_CHIP_H
#define WW_CHIP_H
#include <glib.h>
#include "core/desc.h"
#include "core/error.h"
#include "core/log.h"
#include "core/sched.h"
#include "core/signal.h"

typedef struct ww_chip ww_chip;
typedef struct ww_machine ww_machine;
typedef struct ww_space ww_space;
typedef struct ww_cpu_ops ww_cpu_ops;
struct ww_chardev;

typedef enum { WW_RESET_POWER, WW_RESET_HARD, WW_RESET_SOFT } ww_reset_kind;

/* Reads carry an access kind: under WW_PEEK a handler must have no side
 * effects (the dump, monitor, overlay and fuzzers rely on it). */
typedef enum { WW_ACCESS, WW_PEEK } ww_access;

typedef struct ww_chip_class {
    const char *type;     /* name used in XML: "i8259" */
    const char *summary;  /* one line for `wirewrap chips` */
    const char *doc;      /* longer text for generated docs (sources, limits) */
    size_t size;          /* sizeof the instance struct */
    unsigned version;     /* snapshot version */
    const ww_prop_desc *props;
    const ww_region_desc *regions;
    const ww_reg_desc *regs;
    const ww_state_desc *state;
    const ww_port_desc *ports;
    const ww_bus_desc *buses;
    const ww_cpu_ops *cpu; /* non-NULL for CPUs (core/cpu.h) */

    bool (*realize)(ww_chip *, GError **);     /* after props are set */
    void (*unrealize)(ww_chip *);              /* free what realize allocated */
    void (*reset)(ww_chip *, ww_reset_kind);   /* after the core's register reset */
    uint64_t (*read)(ww_chip *, unsigned region, uint64_t off, unsigned size,
                     ww_access how);
    void (*write)(ww_chip *, unsigned region, uint64_t off, uint64_t val,
                  unsigned size);
    void (*signal)(ww_chip *, unsigned port, unsigned index, int level);
    bool (*post_load)(ww_chip *, GError **);   /* recompute derived state */
    /* Serial chips: connect a host stream (<serial> in XML, --serial). */
    void (*attach_chardev)(ww_chip *, struct ww_chardev *);
} ww_chip_class;

#define WW_MAX_BUSES 4

struct ww_input;

struct ww_chip {
    const ww_chip_class *cls;
    char *id;                 /* instance name ("pic0"): logs, monitor, XML */
    ww_machine *machine;
    ww_sched *sched;
    ww_space *bus[WW_MAX_BUSES]; /* bound bus-master ports (cls->buses order) */
    struct ww_input *inputs;  /* driver bookkeeping for input lines (core) */
    unsigned n_inputs;
    bool realized;
};

/* ---- registry ---------------------------------------------------------- */
void ww_chip_register(const ww_chip_class *cls);
#define WW_CHIP_REGISTER(cls) \
    static void __attribute__((constructor)) ww_register_##cls(void) \
    { ww_chip_register(&(cls)); }
const ww_chip_class *ww_chip_class_find(const char *type);
/* Sorted by type name; returns count; *out points to an internal array. */
unsigned ww_chip_class_list(const ww_chip_class *const **out);
/* Nearest registered type to a misspelt name (NULL if nothing is close). */
const char *ww_chip_class_suggest(const char *type);
/* Nearest of a NULL-terminated list of names (edit distance ≤ max(2,len/3)). */
const char *ww_suggest(const char *name, const char *const *candidates);

/* ---- lifecycle --------------------------------------------------------- */
/* Allocate an instance with default props; not yet realized. */
ww_chip *ww_chip_new(const char *type, const char *id, ww_sched *sched, GError **err);
bool ww_chip_set_prop(ww_chip *chip, const char *name, const char *value, GError **err);
const ww_prop_desc *ww_chip_find_prop(const ww_chip_class *cls, const char *name);
/* Current value as text ("1193182", "master", "true"); caller frees. */
char *ww_chip_get_prop(ww_chip *chip, const char *name);
uint64_t ww_chip_prop_uint(ww_chip *chip, const char *name); /* 0 if absent */
bool ww_chip_realize(ww_chip *chip, GError **err);
/* Registers with storage take their reset value, then cls->reset runs. */
void ww_chip_reset(ww_chip *chip, ww_reset_kind kind);
void ww_chip_free(ww_chip *chip);
bool ww_chip_bind_bus(ww_chip *chip, const char *bus, ww_space *space, GError **err);

/* Parse a number with an optional unit suffix ("64MiB", "33MHz", "0x1F", "10us"). */
bool ww_parse_uint(const char *text, ww_unit unit, uint64_t *out, GError **err);

/* ---- ports --------------------------------------------------------------- */
int ww_chip_find_port(const ww_chip_class *cls, const char *name);
unsigned ww_port_count(const ww_port_desc *p);
/* The output line for (port, index) of a chip; NULL if not an output. */
ww_line *ww_chip_out_line(ww_chip *chip, unsigned port, unsigned index);

/* ---- registers, dump, state walk ------------------------------------------ */
int ww_chip_find_region(const ww_chip_class *cls, const char *name);
const ww_reg_desc *ww_chip_find_reg(const ww_chip_class *cls, const char *name);
/* Value of a register without side effects: storage, else read(…, WW_PEEK). */
uint64_t ww_chip_reg_value(ww_chip *chip, const ww_reg_desc *r);
/* Human-readable register dump with decoded fields (generic, no chip code). */
void ww_chip_dump(ww_chip *chip, GString *out);

/* The state walk: every register with storage, then every state field, in
 * descriptor order. The snapshot writer and reader are visitors. */
typedef struct ww_state_item {
    const char *name;
    ww_state_type type;  /* registers are reported as U8/U16/U32/U64 */
    void *ptr;           /* host pointer to the first element */
    unsigned count;      /* elements */
    unsigned version;
} ww_state_item;
typedef bool (*ww_state_visitor)(ww_chip *chip, const ww_state_item *item,
                                 void *opaque, GError **err);
bool ww_chip_state_walk(ww_chip *chip, ww_state_visitor fn, void *opaque, GError **err);
size_t ww_state_elem_size(ww_state_type t);

/* One logging call for unmapped/unimplemented accesses, naming the chip
 * instance, region and offset. */
void ww_chip_unimp(ww_chip *chip, const char *what, unsigned region, uint64_t off);
void ww_chip_guest_error(ww_chip *chip, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
void ww_chip_trace(ww_chip *chip, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

#endif
