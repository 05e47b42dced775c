/* tests/fuzz/m68k.c — libFuzzer harness for the m68k interpreter, every
 * model: the first input byte picks the model (68000, 68020, 68030, 68040,
 * 68EC030, 68LC040); then random code and register state on a small bus
 * (RAM with holes, a bus-error region, a read-only ROM), run for a bounded
 * budget in supervisor or user mode, with random interrupt lines. On the
 * 020+ the control, FPU and MMU registers are random too, and a third of the
 * inputs start with translation on: TC and the root pointers come from the
 * input, so the table walks read whatever the RAM holds (loops, descriptors
 * outside memory, invalid TC values). Must never crash, hang or leak.
 * On the 68000 the same input runs twice, on the cached engine (interp) and
 * the uncached one (interp-slow), and the two must agree after every round:
 * registers, cycles, stop reason and memory (the random code rewrites
 * itself, jumps into the middle of instructions, faults, takes interrupts). */
#include "tests/fuzz/fuzz.h"
#include "core/chip.h"
#include "core/cpu.h"
#include "core/space.h"
#include "cpu/m68k/m68k.h"
#include <string.h>

static uint32_t take32(const uint8_t **p, size_t *n)
{
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) {
        v <<= 8;
        if (*n) {
            v |= **p;
            (*p)++;
            (*n)--;
        }
    }
    return v;
}

typedef struct {
    ww_space *s;
    uint8_t *ram, *ram2, *rom;
    ww_chip *c;
    m68k_t *m;
} fuzz_cpu;

/* Build the bus and the CPU from the input; the engine property as given. */
static unsigned build(fuzz_cpu *f, const uint8_t *data, size_t size, const char *engine)
{
    static const char *const models[] = { "m68000", "m68020", "m68030", "m68040", "m68ec030",
                                          "m68lc040" };
    static const size_t RAM = 64 * 1024;
    const uint8_t *p = data;
    size_t n = size;
    unsigned model = n ? *p % G_N_ELEMENTS(models) : 0;
    if (n) {
        p++;
        n--;
    }
    bool wide = model != 0;
    ww_space_config cfg = { .addr_bits = wide ? 32 : 24, .endian = WW_BIG_ENDIAN,
                            .unmapped = WW_UNMAPPED_BUS_ERROR };
    ww_space *s = ww_space_new("cpu.mem", &cfg, NULL);
    uint8_t *ram = g_malloc0(RAM), *ram2 = g_malloc0(RAM), *rom = g_malloc0(4096);
    ww_space_map_ram(s, "ram", 0, RAM, ram, false, 0, NULL);
    ww_space_map_ram(s, "ram2", 0x100000, RAM, ram2, false, 0, NULL);
    ww_space_map_ram(s, "rom", 0x200000, 4096, rom, true, 0, NULL);
    ww_space_map_unmapped(s, "hole", 0x8000, 0x1000, 1, NULL);   /* bus error inside RAM */
    ww_chip *c = ww_chip_new("m68k", "cpu", NULL, NULL);
    FUZZ_CHECK(ww_chip_set_prop(c, "model", models[model], NULL));
    FUZZ_CHECK(ww_chip_set_prop(c, "engine", engine, NULL));
    ww_chip_bind_bus(c, "mem", s, NULL);
    ww_chip_realize(c, NULL);
    m68k_t *m = (m68k_t *)c;

    for (int i = 0; i < 8; i++)
        m->d[i] = take32(&p, &n);
    for (int i = 0; i < 8; i++)
        m->a[i] = take32(&p, &n);
    uint32_t ctl = take32(&p, &n);
    m->sp[SP_ISP] = take32(&p, &n);
    m->sr = (uint16_t)(ctl & m->sr_mask & ~SR_M);
    m->cpu.user_mode = (ctl >> 16) & 1;
    uint8_t irqs = (uint8_t)(ctl >> 24);
    if (wide) {
        m->sp[SP_MSP] = take32(&p, &n);
        m->vbr = (ctl & 0x40) ? 0x100000 : 0;
        m->sfc = (uint8_t)(ctl >> 18) & 7;
        m->dfc = (uint8_t)(ctl >> 21) & 7;
        m->fpu.fpcr = take32(&p, &n) & 0xfff0;
        for (int i = 0; i < 8; i++) {
            uint64_t hi = take32(&p, &n);
            ww_f80 f = { hi << 32 | take32(&p, &n), (uint16_t)take32(&p, &n) };
            m->fpu.fp[i] = ww_f80_to_ld(f);
        }
        uint32_t mmu = take32(&p, &n);
        if (mmu % 3 == 0 && m->mmu_kind != MMU_NONE) {
            /* Translation on with whatever the input says: the walks read
             * the RAM the code is in. */
            m->mmu.tc = take32(&p, &n);
            uint64_t crp = take32(&p, &n), srp;
            m->mmu.crp = crp << 32 | (take32(&p, &n) & 0xfff0);
            srp = take32(&p, &n);
            m->mmu.srp = srp << 32 | (take32(&p, &n) & 0xfff0);
            m->mmu.urp = take32(&p, &n) & 0xfe00;
            m->mmu.tt[0] = m->mmu.itt[0] = m->mmu.dtt[0] = take32(&p, &n);
            m->mmu.tt[1] = m->mmu.itt[1] = m->mmu.dtt[1] = take32(&p, &n);
            if (m->mmu_kind == MMU_040)
                m->mmu.tc &= 0xc000;
            m68k_mmu_update(m);
        }
    }
    /* Code (and everything else) fills RAM from 0x400; vectors stay
     * random-ish but mostly point back into RAM. */
    size_t code = n < RAM - 0x400 ? n : RAM - 0x400;
    memcpy(ram + 0x400, p, code);
    memcpy(ram2 + 0x400, p, code);
    for (unsigned v = 0; v < 256; v++) {
        uint32_t h = 0x400 + ((v * 0x36) & 0x7ffe) + ((ctl >> 17) & 1);
        ww_st_be32(ram + v * 4, h);
        ww_st_be32(ram2 + v * 4, m->vbr + h);
    }
    ww_cpu_ops_of(&m->cpu)->set_pc(&m->cpu, 0x400);
    for (unsigned i = 1; i < 8; i++)
        if (irqs & (1u << i))
            c->cls->signal(c, 0, i, 1);

    *f = (fuzz_cpu){ s, ram, ram2, rom, c, m };
    return model;
}

/* One round; false when the run is over. */
static bool round_of(fuzz_cpu *f, int round)
{
    m68k_t *m = f->m;
    m->cpu.stop = WW_STOP_NONE;
    fuzz_run_checked(&m->cpu, 5000 >> m->cyc_shift, 4096);   /* about as many instructions */
    if (m->cpu.stop == WW_STOP_FATAL)
        return false;
    if (m->cpu.stop == WW_STOP_SYSCALL)
        m->d[0] = (uint32_t)-38;   /* -ENOSYS */
    if (m->cpu.stop == WW_STOP_USER_FAULT)
        return false;
    if (m->cpu.stop == WW_STOP_HALT)
        f->c->cls->signal(f->c, 0, 7, round & 1);   /* an NMI edge wakes STOP */
    return true;
}

static void same(const fuzz_cpu *x, const fuzz_cpu *y)
{
    const m68k_t *a = x->m, *b = y->m;
    FUZZ_CHECK(!memcmp(a->d, b->d, sizeof a->d) && !memcmp(a->a, b->a, sizeof a->a));
    FUZZ_CHECK(!memcmp(a->sp, b->sp, sizeof a->sp) && a->pc == b->pc && a->sr == b->sr);
    FUZZ_CHECK(a->ir == b->ir && a->irc == b->irc && a->cpu.cycles == b->cpu.cycles);
    FUZZ_CHECK(a->cpu.stop == b->cpu.stop && a->halted == b->halted && a->stopped == b->stopped);
    FUZZ_CHECK(!memcmp(x->ram, y->ram, 64 * 1024) && !memcmp(x->ram2, y->ram2, 64 * 1024));
}

static void finish(fuzz_cpu *f)
{
    ww_chip *c = f->c;
    m68k_t *m = f->m;
    const ww_cpu_ops *ops = ww_cpu_ops_of(&m->cpu);
    char buf[128];
    /* 68k instructions are whole words, at most 22 bytes (68020+ forms). */
    unsigned len = ops->disasm(&m->cpu, 0x400, buf, sizeof buf);
    FUZZ_CHECK(len % 2 == 0 && len <= 22);
    for (const ww_reg_desc *r = c->cls->regs; r->name; r++)
        for (unsigned i = 0; i < ww_reg_count(r); i++)
            (void)ww_chip_reg_get(c, r, i);
    ww_chip_free(c);
    ww_space_free(f->s);
    g_free(f->ram);
    g_free(f->ram2);
    g_free(f->rom);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_cpu a, b;
    unsigned model = build(&a, data, size, "interp");
    if (model == 0) {
        build(&b, data, size, "interp-slow");
        FUZZ_CHECK(a.m->tc && !b.m->tc);
        for (int round = 0; round < 8; round++) {
            bool ga = round_of(&a, round), gb = round_of(&b, round);
            same(&a, &b);
            if (!ga || !gb)
                break;
        }
        finish(&b);
    } else {
        for (int round = 0; round < 8 && round_of(&a, round); round++)
            ;
    }
    finish(&a);
    return 0;
}
