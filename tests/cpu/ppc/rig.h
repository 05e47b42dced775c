/* tests/cpu/ppc/rig.h — a one-CPU machine for the PowerPC tests: the "ppc"
 * chip on a 32-bit big-endian space with RAM at 0 (and optionally more). */
#ifndef WW_TESTS_PPC_RIG_H
#define WW_TESTS_PPC_RIG_H
#include "tests/harness.h"
#include "core/machine.h"
#include "cpu/ppc/ppc.h"

typedef struct {
    ww_machine *m;
    ww_space *mem;
    uint8_t *ram;
    uint64_t ram_size;
    ppc_cpu *cpu;
} ppc_rig;

/* engine: the CPU's "engine" property, NULL for its default. */
static inline void ppc_rig_init_engine(ppc_rig *r, const char *model, const char *engine,
                                       uint64_t ram_size)
{
    GError *err = NULL;
    r->m = ww_machine_new();
    ww_chip *chip = ww_machine_add_chip(r->m, "ppc", "cpu", &err);
    WW_CHECK_NOERR(chip, err);
    if (model)
        WW_CHECK_NOERR(ww_chip_set_prop(chip, "model", model, &err), err);
    if (engine)
        WW_CHECK_NOERR(ww_chip_set_prop(chip, "engine", engine, &err), err);
    ww_space_config cfg = { .addr_bits = 32, .page_bits = 12, .endian = WW_BIG_ENDIAN,
                            .unmapped = WW_UNMAPPED_BUS_ERROR };
    r->mem = ww_machine_add_space(r->m, "cpu.mem", &cfg, &err);
    WW_CHECK_NOERR(r->mem, err);
    r->ram_size = ram_size;
    r->ram = ww_machine_add_memory(r->m, "ram", ram_size, &err);
    WW_CHECK_NOERR(r->ram, err);
    WW_CHECK_NOERR(ww_space_map_ram(r->mem, "ram", 0, ram_size, r->ram, false, 0, &err), err);
    WW_CHECK_NOERR(ww_chip_bind_bus(chip, "mem", r->mem, &err), err);
    WW_CHECK_NOERR(ww_machine_realize(r->m, &err), err);
    r->cpu = (ppc_cpu *)chip;
}

static inline void ppc_rig_init(ppc_rig *r, const char *model, uint64_t ram_size)
{
    ppc_rig_init_engine(r, model, NULL, ram_size);
}

static inline void ppc_rig_free(ppc_rig *r)
{
    ww_machine_free(r->m);
}

/* Through the space, as a loader writes: a CPU caching decoded code from
 * that page must see the new word (core/space.h, code pages). */
static inline void ppc_rig_put32(ppc_rig *r, uint32_t addr, uint32_t v)
{
    uint8_t b[4];
    ww_st_be32(b, v);
    WW_CHECK(ww_space_load(r->mem, addr, b, 4, NULL));
}

/* Execute exactly one instruction word at address 0. */
static inline void ppc_rig_step1(ppc_rig *r, uint32_t insn)
{
    ppc_rig_put32(r, 0, insn);
    r->cpu->pc = 0;
    r->cpu->cpu.exit_request = 0;
    r->cpu->cpu.chip.cls->cpu->run(&r->cpu->cpu, 1);
}

#endif
