/* core/machine.h — a running machine: chips, memory blocks, spaces, wires,
 * and the scheduler. core/mdl builds one from XML; tests build small ones
 * directly with these calls (a one-chip machine in a few lines). */
#ifndef WW_MACHINE_H
#define WW_MACHINE_H
#include "core/chip.h"
#include "core/space.h"
#include "core/cpu.h"
#include "core/pci.h"

typedef struct ww_machine ww_machine;

ww_machine *ww_machine_new(void);
/* What the machine is: its name and a hash of its expanded description (set
 * by core/mdl when built from XML; snapshots refuse another machine's state). */
void ww_machine_set_identity(ww_machine *m, const char *name, const char *hash);
const char *ww_machine_name(const ww_machine *m);
const char *ww_machine_hash(const ww_machine *m);
/* Memory blocks in creation order (snapshots). */
unsigned ww_machine_memories(ww_machine *m, const char ***ids, uint8_t ***mems,
                             uint64_t **sizes);
void ww_machine_free(ww_machine *m);
ww_sched *ww_machine_sched(ww_machine *m);

/* Create a chip (defaults applied, not realized). id must be unique. */
ww_chip *ww_machine_add_chip(ww_machine *m, const char *type, const char *id, GError **err);
ww_chip *ww_machine_find_chip(ww_machine *m, const char *id);
unsigned ww_machine_chips(ww_machine *m, ww_chip *const **out);
/* Realize every chip not yet realized, in creation order. */
bool ww_machine_realize(ww_machine *m, GError **err);

/* Memory blocks (zero-filled), owned by the machine. */
uint8_t *ww_machine_add_memory(ww_machine *m, const char *id, uint64_t size, GError **err);
uint8_t *ww_machine_find_memory(ww_machine *m, const char *id, uint64_t *size);

ww_space *ww_machine_add_space(ww_machine *m, const char *name,
                               const ww_space_config *cfg, GError **err);
/* "cpu.mem" style names: a chip's bus-master port, or a free-standing space. */
ww_space *ww_machine_find_space(ww_machine *m, const char *name);

/* Every named space in creation order (aliases included: *alias_of is the
 * index of the name it shares, or -1); the arrays are internal views. */
unsigned ww_machine_spaces(ww_machine *m, const char *const **names, ww_space *const **spaces,
                           const int **alias_of);

/* Give an existing space a second name: a chip's bus-master port "cpu1.mem"
 * that shares "cpu0.mem", a host bridge's "host.cfg" that is "pci.cfg". */
bool ww_machine_alias_space(ww_machine *m, const char *name, ww_space *space, GError **err);

/* PCI buses: "ID.cfg" is created (ECAM addressing); mem/io are where BARs
 * map, dma where bus masters' transfers go (any of them may be NULL). */
ww_pci_bus *ww_machine_add_pci_bus(ww_machine *m, const char *id, ww_space *mem, ww_space *io,
                                   ww_space *dma, GError **err);
ww_pci_bus *ww_machine_find_pci_bus(ww_machine *m, const char *id);
unsigned ww_machine_pci_buses(ww_machine *m, ww_pci_bus *const **out);

/* Backend slots: what the machine description declares a front end may bind
 * host objects to (<serial from=…>, <disk id=… to=…>, <display from=…>,
 * <input to=…>), in document order. */
typedef struct ww_backend_slot {
    ww_backend_type type;
    char *id;            /* <disk id=…>, or NULL */
    char *file;          /* <disk file=…> default image, or NULL */
    ww_chip *chip;
    unsigned backend, index;
    void *bound;         /* the host object currently bound (not owned) */
} ww_backend_slot;
bool ww_machine_add_backend_slot(ww_machine *m, ww_backend_type type, const char *id,
                                 const char *file, ww_chip *chip, unsigned backend,
                                 unsigned index, GError **err);
unsigned ww_machine_backend_slots(ww_machine *m, ww_backend_slot *const **out);
/* Bind obj to the n-th slot of a type (0 = the first <serial>), or by id. */
bool ww_machine_bind(ww_machine *m, ww_backend_type type, unsigned n, void *obj, GError **err);
bool ww_machine_bind_id(ww_machine *m, const char *id, void *obj, GError **err);

/* Wire "chip.port[@index]" (output) to "chip.port[@index]" (input). */
bool ww_machine_connect(ww_machine *m, const char *from, const char *to,
                        bool invert, GError **err);

void ww_machine_reset(ww_machine *m, ww_reset_kind kind);

/* Board-level requests a chip raises (chips/board/machine_control.c: the
 * power-off of an ACPI S5 write, a reset pulse): the run loop stops the slice
 * and the front end acts on them in ww_machine_take_request. */
typedef enum { WW_REQ_NONE, WW_REQ_POWEROFF, WW_REQ_RESET } ww_machine_req;
void ww_machine_request(ww_machine *m, ww_machine_req r);
ww_machine_req ww_machine_take_request(ww_machine *m);
/* Run CPUs (round-robin, fixed quanta) and timers until virtual time `until`
 * or a CPU stops with something other than WW_STOP_NONE/HALT. Returns the
 * stop reason of the CPU that stopped (WW_STOP_NONE when time ran out). */
ww_cpu_stop ww_machine_run_until(ww_machine *m, ww_time until);
void ww_machine_request_exit(ww_machine *m);

#endif
