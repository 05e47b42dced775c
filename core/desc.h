/* core/desc.h — the static descriptor types every chip and CPU declares once.
 *
 * A chip's properties, register windows, registers (with fields), extra state,
 * ports, buses, backends, windows and PCI identity are `static const` tables.
 * Everything generic — XML validation, reset, `wirewrap chips`, the dump, the
 * state walk behind snapshots, generated docs, gdb register lists, the overlay,
 * the registry-driven tests and fuzzing — is computed from them (DESIGN.md §3).
 *
 * Conventions (descriptor v2):
 *  - Every table ends with an entry whose name is NULL.
 *  - Tables that code indexes (regions, ports, buses, backends, windows, and
 *    registers a CPU dispatches on) use designated initializers with a named
 *    enum: `[PORT_IR] = { "ir", … }`, so no enum has to follow table order.
 *  - Storage is `.at = AT(member)` (offset + size of a member of the instance
 *    struct); arrays and records are described with `count`/`stride` and
 *    ww_record_desc, so `struct counter c[3]` is declared once.
 *  - Field lsb/width come from the one mask constant: WW_FIELD(IER_, ERBFI, …).
 *  - Everything described is reset by the core to its declared value before the
 *    chip's reset() runs; reset() keeps only behaviour (recomputing outputs,
 *    arming timers, values that depend on props or memory). */
#ifndef WW_DESC_H
#define WW_DESC_H
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

typedef struct ww_chip ww_chip;

/* Storage: offset + size of a member of the instance struct. */
typedef struct ww_at {
    size_t offset, size;
} ww_at;
#define WW_AT(type, member) { offsetof(type, member), sizeof(((type *)0)->member) }
/* Number of elements of an array member. */
#define WW_COUNT(type, member) \
    (sizeof(((type *)0)->member) / sizeof(((type *)0)->member[0]))

/* ---- bit fields ---------------------------------------------------------- */
typedef struct ww_field_desc {
    const char *name;
    uint8_t lsb, width;
    const char *doc;
} ww_field_desc;

/* lsb and width of a contiguous mask constant (a non-contiguous mask is a
 * compile-time error: the array size goes negative). */
#define WW_MASK_OK(m) ((m) != 0 && ((((m) >> __builtin_ctzll(m)) + 1) & ((m) >> __builtin_ctzll(m))) == 0)
#define WW_MASK_LSB(m) ((uint8_t)__builtin_ctzll(m))
#define WW_MASK_WIDTH(m) \
    ((uint8_t)(__builtin_popcountll(m) + 0 * sizeof(char[WW_MASK_OK(m) ? 1 : -1])))
/* A field named `name` whose bits are the mask `mask`. */
#define WW_FIELD_MASK(name, mask, doc) { name, WW_MASK_LSB(mask), WW_MASK_WIDTH(mask), doc }
/* A field named NAME whose mask is the constant PREFIX##NAME (IER_ERBFI). */
#define WW_FIELD(prefix, NAME, doc) WW_FIELD_MASK(#NAME, prefix##NAME, doc)

/* ---- properties --------------------------------------------------------- */
typedef enum {
    WW_PROP_UINT,   /* unsigned integer, stored in 1/2/4/8 bytes */
    WW_PROP_BOOL,   /* stored as bool */
    WW_PROP_ENUM,   /* one of choices[], stored as uint32_t index */
    WW_PROP_STRING, /* stored as char * (owned by the chip, freed by core) */
} ww_prop_type;

typedef enum {
    WW_UNIT_NONE,
    WW_UNIT_BYTES, /* accepts KiB MiB GiB (and K M G) */
    WW_UNIT_HZ,    /* accepts Hz kHz MHz GHz, decimals allowed: 783.36kHz */
    WW_UNIT_NS,    /* accepts ns us ms s */
} ww_unit;

typedef struct ww_prop_desc {
    const char *name;
    ww_prop_type type;
    ww_at at;                     /* storage in the instance struct */
    const char *def;              /* default as text, parsed like XML input */
    uint64_t min, max;            /* WW_PROP_UINT range (max 0 = type max) */
    const char *const *choices;   /* WW_PROP_ENUM: NULL-terminated */
    ww_unit unit;
    const char *doc;
} ww_prop_desc;

/* ---- register windows --------------------------------------------------- */
typedef enum { WW_LITTLE_ENDIAN, WW_BIG_ENDIAN } ww_endian;

enum {
    WW_REGION_STRICT     = 1u << 0, /* no width adapting: other sizes are refused */
    WW_REGION_PCI_CONFIG = 1u << 1, /* PCI configuration space: the core handles the
                                       standard header, the chip the rest (core/pci.h) */
};

typedef struct ww_region_desc {
    const char *name;
    uint64_t size;          /* bytes of chip offset space */
    uint8_t min_access;     /* bytes: the bus adapts narrower/wider accesses */
    uint8_t max_access;
    ww_endian endian;       /* byte order of multi-byte registers */
    uint32_t flags;         /* WW_REGION_* */
    const char *doc;
} ww_region_desc;

/* ---- registers -------------------------------------------------------------- */
enum {
    WW_REG_RO         = 1u << 0, /* writes ignored */
    WW_REG_WO         = 1u << 1, /* reads return no register value */
    WW_REG_W1C        = 1u << 2, /* write 1 to clear */
    WW_REG_RC         = 1u << 3, /* reading has a side effect (clears, pops, acknowledges) */
    WW_REG_SIDE       = 1u << 4, /* writing has side effects beyond storing (for internal
                                    and CPU registers: set through the chip's reg_write) */
    WW_REG_INTERNAL   = 1u << 5, /* not at a bus offset: internal latch, CPU register */
    WW_REG_NORESET    = 1u << 6, /* kept across reset (battery-backed, sticky) */
    WW_REG_CHIP_RESET = 1u << 7, /* the chip's reset() computes the value (from a prop,
                                    memory or inputs); the declared reset is not checked */
};
#define WW_RW 0u

/* How a register's value is formatted for humans and gdb. */
typedef enum {
    WW_FMT_INT,   /* unsigned integer of `width` bytes */
    WW_FMT_F64,   /* IEEE double held in 8 bytes of storage */
    WW_FMT_F80,   /* x87/68881 extended: storage is a host long double */
} ww_reg_format;

/* gdb register numbers are stored + 1 so that 0 means "not in gdb's list". */
#define WW_GDB(n) ((n) + 1)

typedef struct ww_reg_desc {
    const char *name;      /* datasheet mnemonic; arrays: element i is name+i unless names[] */
    uint8_t region;        /* index into the class's regions[] */
    uint64_t offset;       /* within the region (ignored for WW_REG_INTERNAL) */
    uint8_t width;         /* bytes; 0 = the storage size */
    uint32_t flags;        /* WW_REG_* */
    /* optional, by name: */
    uint64_t reset;        /* value on reset (registers with storage) */
    uint64_t mask;         /* bits that exist (0 = all): a debugger's write keeps only these */
    ww_at at;              /* storage of element 0; size 0 = computed (peek / reg_read) */
    const ww_field_desc *fields;
    const char *doc;
    uint16_t count;        /* array of registers: elements (0 = 1) */
    uint32_t step;         /* … bus offset between elements (0 = width) */
    size_t stride;         /* … storage offset between elements (0 = at.size) */
    const char *const *names; /* … element names (count of them), else name+index */
    int gdb;               /* WW_GDB(n): gdb number of element 0 (elements follow) */
    const char *group;     /* CPUs: "general", "float", "system", "mmu", "vector" … */
    ww_reg_format format;
} ww_reg_desc;

/* ---- state (what no register holds) ---------------------------------------- */
typedef enum {
    WW_STATE_U8, WW_STATE_U16, WW_STATE_U32, WW_STATE_U64,
    WW_STATE_I32, WW_STATE_I64, WW_STATE_BOOL,
    WW_STATE_TIME,   /* ww_time; saved relative to machine time */
    WW_STATE_TIMER,  /* ww_timer owned by the chip: the core initializes it, disarms it
                        on reset and free, saves its deadline; .fire is its callback */
    WW_STATE_F80,    /* long double (host format); saved as 80-bit extended (ww_f80) */
    WW_STATE_RECORD, /* a struct (or array of structs) described by .record */
} ww_state_type;

enum {
    WW_STATE_NORESET    = 1u << 0, /* kept across reset (e.g. battery-backed CMOS RAM) */
    WW_STATE_CHIP_RESET = 1u << 1, /* reset() computes it; the declared reset is not checked */
};

/* All ones in every element, whatever its width. */
#define WW_ONES UINT64_MAX

struct ww_record_desc;

typedef struct ww_state_desc {
    const char *name;
    ww_state_type type;
    ww_at at;          /* the whole member: count = size / element size */
    const char *doc;
    /* optional, by name: */
    uint64_t reset;    /* value of every element on reset (scalars, TIME) */
    uint32_t flags;    /* WW_STATE_* */
    unsigned version;  /* snapshot version that introduced the field (0 = 1) */
    const struct ww_record_desc *record;            /* WW_STATE_RECORD */
    const char *const *names;                       /* RECORD arrays: element names */
    void (*fire)(ww_chip *chip, unsigned index);    /* WW_STATE_TIMER: index = element
                                                       (timers in records: the record index) */
} ww_state_desc;

/* A struct type inside a chip: its size (the stride of arrays of it) and its
 * fields, with offsets relative to the struct. */
typedef struct ww_record_desc {
    const char *name;
    size_t size;
    const ww_state_desc *fields;
} ww_record_desc;

/* ---- ports (signals) ---------------------------------------------------- */
typedef enum { WW_PORT_IN, WW_PORT_OUT } ww_port_dir;

enum {
    WW_PORT_REQUIRED = 1u << 0, /* lint warns when unconnected */
    WW_PORT_EDGE     = 1u << 1, /* documentation: the chip acts on edges */
};

typedef struct ww_port_desc {
    const char *name;
    ww_port_dir dir;
    uint16_t count;   /* lines in this port ("irq@0".."irq@7"); 0 means 1 */
    uint32_t flags;
    size_t offset;    /* WW_PORT_OUT: offset of ww_line[count] in the struct */
    const char *doc;
} ww_port_desc;

/* ---- bus-master ports ---------------------------------------------------- */
/* A chip that masters buses (CPUs, DMA engines, PCI devices) names them; the
 * machine binds each to a ww_space; the chip finds it in chip->bus[BUS_X]
 * with BUS_X its designated index in this table. */
typedef enum { WW_UNMAPPED_OPEN_BUS, WW_UNMAPPED_BUS_ERROR } ww_unmapped_policy;

typedef struct ww_bus_desc {
    const char *name;   /* "mem", "io", "dma" */
    const char *doc;
    /* Defaults for the space the machine creates for this port ("cpu.mem"):
     * the XML may override them, or alias the port to another space. */
    uint8_t addr_bits;  /* 0 = 32 */
    ww_endian endian;
    ww_unmapped_policy unmapped;
    uint64_t open_bus;  /* value of unmapped reads under OPEN_BUS */
} ww_bus_desc;

/* ---- backends (typed host attachments) -------------------------------------- */
/* A chip declares what it can attach to on the host side; XML (<serial>,
 * <disk>, <display>, <input>) and the command line bind them generically.
 * The core stores the bound object's pointer at .offset (NULL = nothing
 * attached: the chip must work without it). core/backend.h has the types. */
typedef enum {
    WW_BACKEND_CHARDEV, /* ww_chardev: a byte stream (serial line) */
    WW_BACKEND_DISK,    /* ww_disk: a block device (core/backend.h) */
    WW_BACKEND_DISPLAY, /* ww_display: where the chip publishes frames */
    WW_BACKEND_INPUT,   /* ww_input: host keyboard/mouse events to the chip */
    WW_BACKEND_NET,
    WW_BACKEND_AUDIO,
    WW_BACKEND__COUNT
} ww_backend_type;

typedef struct ww_backend_desc {
    const char *name;     /* "serial", "disk", "screen" */
    ww_backend_type type;
    size_t offset;        /* where the core stores the object pointer(s) */
    uint16_t count;       /* slots (0 = 1): "disk@0".."disk@5" */
    const char *doc;
    /* Called after (un)binding, so the chip can register its callbacks (a
     * chardev's rx) or pick up media. May be NULL. */
    void (*bound)(ww_chip *chip, unsigned index);
} ww_backend_desc;

/* ---- windows (mappings the chip moves) -------------------------------------- */
/* A window is a mapping in a space that its owner opens, moves, resizes and
 * hides at run time (a ROM overlay, a bank, a PCI BAR). A window declared here
 * is bound from XML: <map … window="chip.name"/>; the core stores the
 * ww_window* at .offset. Chips may also open windows themselves (core/space.h). */
typedef struct ww_window_desc {
    const char *name;
    size_t offset;        /* ww_window *[count] in the instance struct */
    uint16_t count;       /* 0 = 1 */
    const char *doc;
} ww_window_desc;

/* ---- views (live state that fields cannot show) ------------------------------ */
/* Where registers and state fields are not enough for a person — a ring
 * buffer's content in queue order, a decoded descriptor list — a chip
 * declares a view; the live descriptor walk (core/descdoc.c, the monitor's
 * `info chip`) shows one row per view in its "views" table. fill() appends
 * the text and, for JSON, the values (uint64_t; may stay empty); it reads
 * state only (no side effects). Views are never saved: they are derived. */
struct _GString;
struct _GArray;
typedef struct ww_view_desc {
    const char *name;
    const char *doc;
    void (*fill)(ww_chip *chip, struct _GString *text, struct _GArray *values);
} ww_view_desc;

#endif
