/* tests/cpu/m68k/rig.h: the bare 68000 rig of the cached-engine tests
 * (cached.c, chain.c, records.c): a 24-bit big-endian space whose unmapped
 * addresses bus-error, RAM at 0, the CPU on `engine`. m68k_rig_add builds it
 * without realizing (a test may add chips first); m68k_rig_realize finishes. */
#ifndef WW_TESTS_CPU_M68K_RIG_H
#define WW_TESTS_CPU_M68K_RIG_H

#include <string.h>
#include "tests/harness.h"
#include "cpu/m68k/m68k.h"
#include "core/machine.h"

typedef struct {
    ww_machine *mach;
    ww_space *mem;
    uint8_t *ram;
    ww_chip *cpu;
    m68k_t *m;
} m68k_rig;

static inline void m68k_rig_add(m68k_rig *r, const char *engine, size_t ram_size)
{
    GError *err = NULL;
    r->mach = ww_machine_new();
    ww_space_config cfg = { .addr_bits = 24, .page_bits = 12, .endian = WW_BIG_ENDIAN,
                            .unmapped = WW_UNMAPPED_BUS_ERROR };
    r->mem = ww_machine_add_space(r->mach, "mem", &cfg, &err);
    WW_CHECK_NOERR(r->mem, err);
    r->ram = ww_machine_add_memory(r->mach, "ram", ram_size, &err);
    WW_CHECK_NOERR(r->ram, err);
    WW_CHECK_NOERR(ww_space_map_ram(r->mem, "ram", 0, ram_size, r->ram, false, 0, &err), err);
    r->cpu = ww_machine_add_chip(r->mach, "m68k", "cpu", &err);
    WW_CHECK_NOERR(r->cpu, err);
    WW_CHECK_NOERR(ww_chip_set_prop(r->cpu, "engine", engine, &err), err);
    WW_CHECK_NOERR(ww_chip_bind_bus(r->cpu, "mem", r->mem, &err), err);
}

/* Realize; engine "interp" must have its cache. */
static inline void m68k_rig_realize(m68k_rig *r, const char *engine)
{
    GError *err = NULL;
    WW_CHECK_NOERR(ww_machine_realize(r->mach, &err), err);
    r->m = (m68k_t *)r->cpu;
    WW_CHECK(strcmp(engine, "interp") || r->m->tc);
}

/* One run() call with budget, as the machine loop makes it. */
static inline uint64_t m68k_rig_run(m68k_t *m, uint64_t budget)
{
    m->cpu.exit_request = 0;
    m->cpu.stop = WW_STOP_NONE;
    return m->cpu.chip.cls->cpu->run(&m->cpu, budget);
}

/* The architectural state both engines must agree on after a run. */
static inline bool m68k_rig_same(const m68k_t *a, const m68k_t *b)
{
    return !memcmp(a->d, b->d, sizeof a->d) && !memcmp(a->a, b->a, sizeof a->a) &&
           !memcmp(a->sp, b->sp, sizeof a->sp) && a->pc == b->pc && a->sr == b->sr &&
           a->ir == b->ir && a->irc == b->irc && a->cpu.cycles == b->cpu.cycles &&
           a->cpu.stop == b->cpu.stop && a->insns == b->insns && a->halted == b->halted &&
           a->stopped == b->stopped && a->trace_pending == b->trace_pending;
}

#endif
