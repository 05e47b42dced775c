/* core/desc.h — the static descriptor types every chip declares once.
 *
 * A chip's properties, register windows, registers (with fields), extra state
 * and ports are `static const` tables. Everything generic — XML validation,
 * `wirewrap chips`, the dump, the state walk behind snapshots, generated docs,
 * the overlay — is computed from them (DESIGN.md §3). All tables end with an
 * entry whose name is NULL. */
#ifndef WW_DESC_H
#define WW_DESC_H
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

/* Offset + size of a member of the chip's instance struct. */
#define WW_AT(type, member) offsetof(type, member), sizeof(((type *)0)->member)

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
    size_t offset; /* storage in the instance struct */
    size_t size;
    const char *def;              /* default as text, parsed like XML input */
    uint64_t min, max;            /* WW_PROP_UINT range (max 0 = type max) */
    const char *const *choices;   /* WW_PROP_ENUM: NULL-terminated */
    ww_unit unit;
    const char *doc;
} ww_prop_desc;

/* ---- register windows --------------------------------------------------- */
typedef enum { WW_LITTLE_ENDIAN, WW_BIG_ENDIAN } ww_endian;

typedef struct ww_region_desc {
    const char *name;
    uint64_t size;          /* bytes of chip offset space */
    uint8_t min_access;     /* bytes: the bus adapts narrower/wider accesses */
    uint8_t max_access;
    ww_endian endian;       /* byte order of multi-byte registers */
    bool strict;            /* no width adapting: other sizes are refused */
    const char *doc;
} ww_region_desc;

/* ---- registers and fields ----------------------------------------------- */
typedef struct ww_field_desc {
    const char *name;
    uint8_t lsb, width;
    const char *doc;
} ww_field_desc;

enum {
    WW_REG_RO       = 1u << 0, /* writes ignored */
    WW_REG_WO       = 1u << 1, /* reads return no register value */
    WW_REG_W1C      = 1u << 2, /* write 1 to clear */
    WW_REG_RC       = 1u << 3, /* reading clears (or has another side effect) */
    WW_REG_SIDE     = 1u << 4, /* write has side effects beyond storing */
    WW_REG_INTERNAL = 1u << 5, /* not at a bus offset: internal latch/register */
};
#define WW_RW 0u

typedef struct ww_reg_desc {
    const char *name;
    uint8_t region;       /* index into the class's regions[] */
    uint64_t offset;      /* within the region (ignored for WW_REG_INTERNAL) */
    uint8_t width;        /* bytes */
    uint32_t flags;
    uint64_t reset;       /* value on reset (registers with storage) */
    size_t store;         /* storage offset in the instance struct … */
    size_t store_size;    /* … and its size; 0 = computed: value via peek */
    const ww_field_desc *fields; /* NULL-terminated, may be NULL */
    const char *doc;
} ww_reg_desc;

/* ---- extra state (what no register holds) ------------------------------- */
typedef enum {
    WW_STATE_U8, WW_STATE_U16, WW_STATE_U32, WW_STATE_U64,
    WW_STATE_I32, WW_STATE_I64, WW_STATE_BOOL,
    WW_STATE_TIME,  /* ww_time; saved relative to machine time */
    WW_STATE_TIMER, /* ww_timer: saved as deadline or "unarmed" */
} ww_state_type;

typedef struct ww_state_desc {
    const char *name;
    ww_state_type type;
    size_t offset;
    size_t size;      /* of the whole member (count = size / element size) */
    unsigned version; /* snapshot version that introduced the field */
    const char *doc;
} ww_state_desc;

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
/* A chip that masters buses (CPUs, DMA engines) names them; the machine binds
 * each to a ww_space; the chip finds it in chip->bus[i]. */
typedef enum { WW_UNMAPPED_OPEN_BUS, WW_UNMAPPED_BUS_ERROR } ww_unmapped_policy;

typedef struct ww_bus_desc {
    const char *name;   /* "mem", "io", "dma" */
    const char *doc;
    /* Defaults for the space the machine creates for this port ("cpu.mem"):
     * the XML may override them. */
    uint8_t addr_bits;  /* 0 = 32 */
    ww_endian endian;
    ww_unmapped_policy unmapped;
    uint64_t open_bus;  /* value of unmapped reads under OPEN_BUS */
} ww_bus_desc;

#endif
