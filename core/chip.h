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
    const ww_backend_desc *backends;
    const ww_window_desc *windows;
    const struct ww_pci_desc *pci; /* PCI functions: identity, BARs, capabilities */
    const ww_cpu_ops *cpu; /* non-NULL for CPUs (core/cpu.h) */
    /* Log categories the chip logs under besides its type and id (`-d NAME`),
     * e.g. the debug console's "seabios"; NULL-terminated, may be NULL. */
    const char *const *log_categories;

    bool (*realize)(ww_chip *, GError **);     /* after props are set */
    void (*unrealize)(ww_chip *);              /* free what realize allocated */
    void (*reset)(ww_chip *, ww_reset_kind);   /* after the core's register reset */
    uint64_t (*read)(ww_chip *, unsigned region, uint64_t off, unsigned size,
                     ww_access how);
    void (*write)(ww_chip *, unsigned region, uint64_t off, uint64_t val,
                  unsigned size);
    void (*signal)(ww_chip *, unsigned port, unsigned index, int level);
    bool (*post_load)(ww_chip *, GError **);   /* recompute derived state */
    /* Registers without storage (computed: a CPU's PC, a timer's count) and
     * registers flagged WW_REG_SIDE that are not at a bus offset (CPU registers
     * whose writes have effects: MSR, SR). Bus registers go through read/write.
     * The chip compares r with &its_regs[INDEX] to dispatch. */
    uint64_t (*reg_read)(ww_chip *, const ww_reg_desc *r, unsigned index);
    void (*reg_write)(ww_chip *, const ww_reg_desc *r, unsigned index, uint64_t val);
    /* Live views for people where fields are not enough (core/desc.h). */
    const ww_view_desc *views;
} ww_chip_class;

#define WW_MAX_BUSES 4

struct ww_input_slot;
struct ww_dma_hook;
struct ww_chip_timer;

struct ww_chip {
    const ww_chip_class *cls;
    char *id;                 /* instance name ("pic0"): logs, monitor, XML */
    ww_machine *machine;
    ww_sched *sched;
    ww_space *bus[WW_MAX_BUSES]; /* bound bus-master ports: bus[BUS_X], X the
                                    designated index in cls->buses */
    struct ww_dma_hook *dma[WW_MAX_BUSES]; /* translation (IOMMU) per port; core/dma.h */
    struct ww_input_slot *inputs;  /* driver bookkeeping for input lines (core) */
    struct ww_chip_timer *timers; /* bindings of the chip's WW_STATE_TIMER items (core) */
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
/* Every described register and state field (records and arrays included)
 * takes its declared reset value and chip timers are disarmed — except what
 * is flagged NORESET — then cls->reset runs. */
void ww_chip_reset(ww_chip *chip, ww_reset_kind kind);
void ww_chip_free(ww_chip *chip);
bool ww_chip_bind_bus(ww_chip *chip, const char *bus, ww_space *space, GError **err);
int ww_chip_find_bus(const ww_chip_class *cls, const char *name);

/* Parse a number with an optional unit suffix ("64MiB", "33MHz", "0x1F", "10us"). */
bool ww_parse_uint(const char *text, ww_unit unit, uint64_t *out, GError **err);

/* ---- ports --------------------------------------------------------------- */
int ww_chip_find_port(const ww_chip_class *cls, const char *name);
unsigned ww_port_count(const ww_port_desc *p);
/* The output line for (port, index) of a chip; NULL if not an output. */
ww_line *ww_chip_out_line(ww_chip *chip, unsigned port, unsigned index);

/* ---- registers ------------------------------------------------------------ */
int ww_chip_find_region(const ww_chip_class *cls, const char *name);
unsigned ww_reg_count(const ww_reg_desc *r);           /* elements (1 unless an array) */
unsigned ww_reg_width(const ww_reg_desc *r);           /* bytes */
uint64_t ww_reg_offset(const ww_reg_desc *r, unsigned index);  /* bus offset of element */
int ww_reg_gdb(const ww_reg_desc *r, unsigned index);  /* gdb number, -1 if none */
/* Element name: names[index], or name+index for arrays, or name. */
void ww_reg_name(const ww_reg_desc *r, unsigned index, char *buf, size_t len);
/* Find a register element by name ("IRR", "CW1", "r31"), case-insensitive. */
const ww_reg_desc *ww_chip_find_reg(const ww_chip_class *cls, const char *name,
                                    unsigned *index);
/* The register element with gdb number n (gdbstub, tests). */
const ww_reg_desc *ww_chip_find_gdb_reg(const ww_chip_class *cls, int n, unsigned *index);
/* Value without side effects: storage, else reg_read, else read(…, WW_PEEK). */
uint64_t ww_chip_reg_get(ww_chip *chip, const ww_reg_desc *r, unsigned index);
/* Set a value as a debugger would: reg_write for WW_REG_SIDE internal registers,
 * else storage; bus registers without storage are written through write(). */
void ww_chip_reg_set(ww_chip *chip, const ww_reg_desc *r, unsigned index, uint64_t val);
/* Extended precision held host-independently (x87 / 68881 layout): what
 * snapshots and gdb see of a WW_STATE_F80 / WW_FMT_F80 long double. Exact
 * (payloads included) where long double is the x87 format; elsewhere exact
 * for every value the host type can hold. */
typedef struct ww_f80 {
    uint64_t mant;     /* explicit integer bit in bit 63 */
    uint16_t sexp;     /* sign in bit 15, biased exponent (bias 16383) in bits 14..0 */
} ww_f80;
ww_f80 ww_f80_from_ld(long double v);
long double ww_f80_to_ld(ww_f80 f);
/* The 10-byte little-endian layout gdb and FSAVE use. */
void ww_f80_to_bytes(ww_f80 f, uint8_t out[10]);
ww_f80 ww_f80_from_bytes(const uint8_t in[10]);

/* ---- the state walk ------------------------------------------------------- */
/* Every register with storage, then every state field, in descriptor order,
 * records flattened ("counter1.n"); PCI functions add their configuration
 * header first. The snapshot writer and reader are visitors. */
typedef struct ww_state_item {
    const char *name;    /* full name; valid during the visit only */
    ww_state_type type;  /* registers are reported as U8/U16/U32/U64 */
    void *ptr;           /* host pointer to the first element */
    unsigned count;      /* elements, contiguous */
    unsigned version;
    uint64_t reset;      /* declared reset value of each element */
    uint32_t flags;      /* WW_STATE_NORESET / WW_STATE_CHIP_RESET */
} ww_state_item;
typedef bool (*ww_state_visitor)(ww_chip *chip, const ww_state_item *item,
                                 void *opaque, GError **err);
bool ww_chip_state_walk(ww_chip *chip, ww_state_visitor fn, void *opaque, GError **err);
size_t ww_state_elem_size(ww_state_type t);
/* Reset the fields of one record (a struct inside a chip, e.g. one counter)
 * to their declared values, as chip reset does for the whole chip. */
void ww_record_reset(const ww_record_desc *r, void *rec);
/* Read/write element i of an item as an integer (scalars, BOOL, TIME). */
uint64_t ww_state_item_get(const ww_state_item *it, unsigned i);
void ww_state_item_set(const ww_state_item *it, unsigned i, uint64_t v);

/* Serialize a chip's state (the walk, by name, host-independent) and load
 * it back: load checks every name, type and count before changing anything,
 * then runs post_load. core/state.c. */
void ww_chip_state_save(ww_chip *chip, GByteArray *out);
bool ww_chip_state_load(ww_chip *chip, const uint8_t *buf, size_t len, GError **err);
/* Everything ww_chip_state_load checks, changing nothing. */
bool ww_chip_state_check(ww_chip *chip, const uint8_t *buf, size_t len, GError **err);

/* ---- backends and windows ---------------------------------------------------- */
/* Bind a host object (ww_chardev *, ww_disk *, …; NULL unbinds) to backend
 * `name` (or the first of `type` when name is NULL) slot `index`. */
bool ww_chip_bind_backend(ww_chip *chip, ww_backend_type type, const char *name,
                          unsigned index, void *obj, GError **err);
void *ww_chip_backend(ww_chip *chip, unsigned backend, unsigned index);
int ww_chip_find_backend(const ww_chip_class *cls, ww_backend_type type, const char *name);
const char *ww_backend_type_name(ww_backend_type t);
int ww_chip_find_window(const ww_chip_class *cls, const char *name);

/* ---- human dump ------------------------------------------------------------ */
/* Register dump with decoded fields (generic, no chip code; peek only). */
void ww_chip_dump(ww_chip *chip, GString *out);

/* One logging call for unmapped/unimplemented accesses, naming the chip
 * instance, region and offset. */
void ww_chip_unimp(ww_chip *chip, const char *what, unsigned region, uint64_t off);
void ww_chip_guest_error(ww_chip *chip, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
void ww_chip_trace(ww_chip *chip, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

#endif
