/* core/machine.h — a running machine: chips, memory blocks, spaces, wires,
 * and the scheduler. core/mdl builds one from XML; tests build small ones
 * directly with these calls (a one-chip machine in a few lines). */
#ifndef WW_MACHINE_H
#define WW_MACHINE_H
#include "core/chip.h"
#include "core/space.h"
#include "core/cpu.h"

typedef struct ww_machine ww_machine;

ww_machine *ww_machine_new(void);
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

/* Wire "chip.port[@index]" (output) to "chip.port[@index]" (input). */
bool ww_machine_connect(ww_machine *m, const char *from, const char *to,
                        bool invert, GError **err);

void ww_machine_reset(ww_machine *m, ww_reset_kind kind);
/* Run CPUs (round-robin, fixed quanta) and timers until virtual time `until`
 * or a CPU stops with something other than WW_STOP_NONE/HALT. Returns the
 * stop reason of the CPU that stopped (WW_STOP_NONE when time ran out). */
ww_cpu_stop ww_machine_run_until(ww_machine *m, ww_time until);
void ww_machine_request_exit(ww_machine *m);

#endif
