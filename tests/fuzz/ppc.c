/* tests/fuzz/ppc.c — libFuzzer harness for the PowerPC core: random code and
 * a random register/MSR state on a small machine (64 KiB RAM at 0, a named
 * hole, a ROM at the high vectors, everything else a bus error), run for a
 * bounded slice of virtual time in supervisor mode (translation, BATs, page
 * table walks, exceptions, decrementer) or under the user-mode stop rules.
 * Also disassembles every code word. Must never crash, hang or leak.
 *
 * Input: byte 0 model/flags, then 32 GPR words, SR/BAT/SDR1/MSR words, FPRs,
 * the rest is code (repeated to fill RAM). */
#include "tests/fuzz/fuzz.h"
#include "core/machine.h"
#include "cpu/ppc/ppc.h"
#include "cpu/ppc/disasm.h"
#include <string.h>

typedef struct {
    ww_machine *m;
    ww_space *mem;
    uint8_t *ram, *rom;
    ppc_cpu *cpu[3];
} rig;

static rig *get_rig(void)
{
    static rig *r;   /* built once: a machine per input would dominate the run */
    if (r)
        return r;
    r = calloc(1, sizeof *r);
    GError *err = NULL;
    r->m = ww_machine_new();
    static const char *const models[] = { "ppc603", "ppc604", "ppc750" };
    static const char *const ids[] = { "cpu603", "cpu604", "cpu750" };
    ww_space_config cfg = { .addr_bits = 32, .page_bits = 12, .endian = WW_BIG_ENDIAN,
                            .unmapped = WW_UNMAPPED_BUS_ERROR };
    r->mem = ww_machine_add_space(r->m, "mem", &cfg, &err);
    r->ram = ww_machine_add_memory(r->m, "ram", 64 * 1024, &err);
    r->rom = ww_machine_add_memory(r->m, "rom", 64 * 1024, &err);
    ww_space_map_ram(r->mem, "ram", 0, 64 * 1024, r->ram, false, 0, &err);
    ww_space_map_ram(r->mem, "rom", 0xfff00000u, 64 * 1024, r->rom, true, 0, &err);
    ww_space_map_unmapped(r->mem, "hole", 0x8000, 0x1000, 1, &err);
    for (unsigned k = 0; k < 3; k++) {
        ww_chip *c = ww_machine_add_chip(r->m, "ppc", ids[k], &err);
        ww_chip_set_prop(c, "model", models[k], &err);
        ww_chip_set_prop(c, "clock", "100MHz", &err);
        ww_chip_bind_bus(c, "mem", r->mem, &err);
        r->cpu[k] = (ppc_cpu *)c;
    }
    if (!ww_machine_realize(r->m, &err))
        abort();
    return r;
}

static uint32_t word(const uint8_t **p, size_t *n)
{
    uint32_t v = 0;
    for (unsigned k = 0; k < 4; k++) {
        v = v << 8 | (*n ? **p : 0);
        if (*n) {
            (*p)++;
            (*n)--;
        }
    }
    return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    rig *r = get_rig();
    unsigned flags = data[0];
    const uint8_t *p = data + 1;
    size_t n = size - 1;
    ppc_cpu *c = r->cpu[(flags & 3) % 3];
    ww_chip_reset(&c->cpu.chip, WW_RESET_HARD);
    for (unsigned k = 0; k < 32; k++)
        c->gpr[k] = word(&p, &n);
    for (unsigned k = 0; k < 4; k++)
        c->sr[k * 4 + 1] = word(&p, &n);
    for (unsigned k = 0; k < 8; k++)
        c->spr[SPR_IBAT0U + k * 2] = word(&p, &n) & ~0u;
    c->spr[SPR_SDR1] = word(&p, &n) & 0xfff001ffu;
    ppc_set_msr(c, word(&p, &n));
    c->fpscr = word(&p, &n);
    for (unsigned k = 0; k < 4; k++)
        c->fpr[k] = (uint64_t)word(&p, &n) << 32 | word(&p, &n);
    c->spr[SPR_XER] = word(&p, &n);
    c->cr = word(&p, &n);
    ppc_dec_write(c, word(&p, &n) & 0xffff);
    c->cpu.user_mode = flags & 4;

    /* Code: the rest, repeated through RAM and ROM. */
    if (n) {
        /* first copy, then double the filled prefix until the block is full */
        size_t first = n < 64 * 1024 ? n : 64 * 1024;
        memcpy(r->ram, p, first);
        for (size_t done = first; done < 64 * 1024; done *= 2)
            memcpy(r->ram + done, r->ram, MIN(done, 64 * 1024 - done));
        memcpy(r->rom, r->ram + (n > 7 ? 7 : 0), 64 * 1024 - 8);
    } else {
        memset(r->ram, 0, 64 * 1024);
    }
    c->pc = (flags & 8) ? 0xfff00100u : (uint32_t)(flags & 0xf0) << 4;

    char buf[128];
    for (uint32_t a = 0; a < 64 && a < n; a += 4) {
        /* Fixed 32-bit instructions: 4 bytes, or 0 when unreadable. */
        unsigned len = ppc_disasm(&c->cpu, c->pc + a, buf, sizeof buf);
        FUZZ_CHECK(len == 0 || len == 4);
    }

    ww_cpu *cpu = &c->cpu;
    if (flags & 0x80) {
        /* interrupt inputs through the chip's signal() */
        c->cpu.chip.cls->signal(&c->cpu.chip, 0, 0, 1);
        c->cpu.chip.cls->signal(&c->cpu.chip, 1, 0, (flags >> 6) & 1);
    }
    for (unsigned slice = 0; slice < 8; slice++) {
        cpu->exit_request = 0;
        cpu->stop = WW_STOP_NONE;
        fuzz_run_checked(cpu, 512, 4096);
        if (cpu->stop == WW_STOP_SYSCALL) {
            c->gpr[3] = (uint32_t)-38;   /* ENOSYS and carry on */
            continue;
        }
        if (cpu->stop == WW_STOP_HALT || cpu->stop == WW_STOP_FATAL ||
            cpu->stop == WW_STOP_USER_FAULT)
            break;
    }
    c->cpu.chip.cls->signal(&c->cpu.chip, 0, 0, 0);
    c->ext_level = c->mcp_level = false;
    /* A little virtual time so the decrementer timer fires. */
    ww_machine_run_until(r->m, ww_sched_now(ww_machine_sched(r->m)) + 2000);
    return 0;
}
