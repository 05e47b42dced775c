/* tests/fuzz/x86.c — libFuzzer harness for the x86 interpreter.
 *
 * Input layout: byte 0 picks the model and the mode (real, protected with a
 * fuzzed GDT/IDT, paging, user mode), the next 64 bytes seed the registers,
 * the rest is copied into RAM at the code address and at the descriptor
 * tables. The space (24 address bits, so a run is cheap to set up) has
 * 1 MiB of RAM at 0, a named unmapped hole, an I/O space, and 64 KiB of RAM
 * at the top for the reset vector. The
 * run has a bounded budget: any crash, hang, UB or leak is a finding.
 *
 * Every input runs twice, on two identical machines: one CPU with engine
 * "interp" (the decoded-block cache, cpu/x86/tc.c, on 386+ models), one with
 * the reference "interp-slow" (cpu/x86/cpu.c). After
 * every slice both must hold the same registers, EFLAGS, segment caches,
 * cycle count and stop, and at the end the same RAM: random code rewrites
 * itself, jumps anywhere and faults, and a faster engine must not differ. */
#include "tests/fuzz/fuzz.h"
#include "core/chip.h"
#include "core/cpu.h"
#include "core/space.h"
#include "cpu/x86/x86.h"
#include <stdint.h>
#include <string.h>

static const char *const models[] = { "i8086", "i286", "i386", "i486", "pentium-pro" };

static uint32_t take32(const uint8_t **p, size_t *n)
{
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) {
        v = v << 8 | (*n ? **p : 0);
        if (*n) { (*p)++; (*n)--; }
    }
    return v;
}

typedef struct {
    ww_sched *sched;
    ww_chip *chip;
    ww_space *mem, *io;
    uint8_t *ram, *top;
    x86_cpu *c;
} rig;

static bool rig_new(rig *r, uint8_t sel, const char *engine)
{
    memset(r, 0, sizeof *r);
    r->sched = ww_sched_new();
    r->chip = ww_chip_new("x86", "cpu", r->sched, NULL);
    if (!r->chip) {
        ww_sched_free(r->sched);
        return false;
    }
    ww_chip_set_prop(r->chip, "model", models[sel % 5], NULL);
    ww_chip_set_prop(r->chip, "engine", engine, NULL);
    ww_space_config mcfg = { 24, 12, WW_LITTLE_ENDIAN,
                             (sel & 0x80) ? WW_UNMAPPED_BUS_ERROR : WW_UNMAPPED_OPEN_BUS,
                             0xFFFFFFFF };
    ww_space_config icfg = { 16, 12, WW_LITTLE_ENDIAN, WW_UNMAPPED_OPEN_BUS, 0xFFFFFFFF };
    r->mem = ww_space_new("cpu.mem", &mcfg, NULL);
    r->io = ww_space_new("cpu.io", &icfg, NULL);
    r->ram = calloc(1, 1 << 20);
    r->top = calloc(1, 1 << 16);
    ww_space_map_ram(r->mem, "ram", 0, 1 << 20, r->ram, false, 0, NULL);
    ww_space_map_unmapped(r->mem, "hole", 0x80000, 0x1000, 1, NULL);
    ww_space_map_ram(r->mem, "top", 0xFF0000u, 1 << 16, r->top, false, 0, NULL);
    ww_chip_bind_bus(r->chip, "mem", r->mem, NULL);
    ww_chip_bind_bus(r->chip, "io", r->io, NULL);
    ww_chip_realize(r->chip, NULL);
    ww_chip_reset(r->chip, WW_RESET_POWER);
    r->c = (x86_cpu *)r->chip;
    return true;
}

static void rig_free(rig *r)
{
    ww_chip_free(r->chip);
    ww_space_free(r->mem);
    ww_space_free(r->io);
    ww_sched_free(r->sched);
    free(r->ram);
    free(r->top);
}

/* Registers, RAM contents and the mode from the input. */
static void rig_load(rig *r, uint8_t sel, const uint8_t *p, size_t n)
{
    x86_cpu *c = r->c;
    uint8_t *ram = r->ram;
    for (int i = 0; i < 8; i++)
        c->r[i] = take32(&p, &n);
    uint32_t fl = take32(&p, &n);
    uint32_t code = take32(&p, &n) & 0xFFFF;
    /* Copy the rest: code at 0x10000 + code, tables at 0x1000 (GDT) and 0x2000 (IDT). */
    size_t k = n < 0x8000 ? n : 0x8000;
    memcpy(ram + 0x10000 + code, p, k > 0xFFFF - code ? 0xFFFF - code : k);
    memcpy(ram + 0x1000, p, k > 0x1000 ? 0x1000 : k);
    memcpy(ram + 0x2000, p + (k / 2), (k - k / 2) > 0x800 ? 0x800 : (k - k / 2));
    memcpy(r->top + 0xFFF0, p, k > 16 ? 16 : k);

    unsigned mode = (sel >> 3) & 3;
    c->eflags = (fl & 0x00000CD5u) | 2;
    if (mode == 0 || c->level == X86_I8086) {
        x86_set_seg_real(c, X86_CS, 0x1000);
        c->eip = code;
    } else {
        /* Flat protected mode at CPL 0 (mode 1), with paging (2) or the
         * user-mode runner's flat CPL 3 (3); tables come from the input. */
        c->cr0 |= 1;
        c->gdt_base = 0x1000; c->gdt_limit = 0xFFF;
        c->idt_base = 0x2000; c->idt_limit = 0x7FF;
        x86_desc_to_cache(&c->seg[X86_CS], 0x08, 0x0000FFFF, 0x00CF9B00);
        for (int s = 0; s < 6; s++)
            if (s != X86_CS)
                x86_desc_to_cache(&c->seg[s], 0x10, 0x0000FFFF, 0x00CF9300);
        c->eip = 0x10000 + code;
        if (mode == 2 && c->level >= X86_I386) {
            c->cr3 = 0x3000;              /* PD from input bytes at 0x3000: fuzzed */
            memcpy(ram + 0x3000, p, k > 0x1000 ? 0x1000 : k);
            ((uint32_t *)(void *)(ram + 0x3000))[0] = 0x00000083;   /* identity 4 MiB */
            c->cr4 |= 0x10;
            c->cr0 |= 0x80000000u;
        }
        if (mode == 3) {
            c->cpu.user_mode = true;
            c->cpl = 3;
        }
        if (c->level == X86_I286) {
            c->seg[X86_CS].attr &= ~SEG_DB;
            c->eip &= 0xFFFF;
            c->seg[X86_CS].base = 0x10000;
            c->eip = code;
        }
    }
}

static bool same_state(const x86_cpu *a, const x86_cpu *b)
{
    bool same = !memcmp(a->r, b->r, sizeof a->r) && a->eip == b->eip &&
                a->eflags == b->eflags && a->cpu.cycles == b->cpu.cycles &&
                a->cpu.stop == b->cpu.stop && a->cpl == b->cpl && a->halted == b->halted &&
                a->cr0 == b->cr0 && a->cr2 == b->cr2 && a->cr3 == b->cr3 &&
                a->cr4 == b->cr4 && a->last_exc == b->last_exc;
    for (int s = 0; same && s < 6; s++)
        same = a->seg[s].sel == b->seg[s].sel && a->seg[s].base == b->seg[s].base &&
               a->seg[s].limit == b->seg[s].limit && a->seg[s].attr == b->seg[s].attr;
    return same;
}

/* What differs, on stderr before the check traps. */
static void dump_diff(int slice, const x86_cpu *a, const x86_cpu *b)
{
    fprintf(stderr, "slice %d: fast / slow\n", slice);
    fprintf(stderr, "  eip %08x / %08x  eflags %08x / %08x  cycles %llu / %llu  stop %d / %d\n",
            a->eip, b->eip, a->eflags, b->eflags, (unsigned long long)a->cpu.cycles,
            (unsigned long long)b->cpu.cycles, a->cpu.stop, b->cpu.stop);
    fprintf(stderr, "  halted %d / %d  last_exc %d / %d  cpl %d / %d  cr0 %08x / %08x\n",
            a->halted, b->halted, a->last_exc, b->last_exc, a->cpl, b->cpl, a->cr0, b->cr0);
    for (int k = 0; k < 8; k++)
        if (a->r[k] != b->r[k])
            fprintf(stderr, "  r%d %08x / %08x\n", k, a->r[k], b->r[k]);
    for (int s = 0; s < 6; s++)
        if (a->seg[s].sel != b->seg[s].sel || a->seg[s].base != b->seg[s].base)
            fprintf(stderr, "  seg%d %04x:%08x / %04x:%08x\n", s, a->seg[s].sel,
                    a->seg[s].base, b->seg[s].sel, b->seg[s].base);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    uint8_t sel = data[0];
    rig fa, sl;
    if (!rig_new(&fa, sel, "interp"))
        return 0;
    if (!rig_new(&sl, sel, "interp-slow")) {
        rig_free(&fa);
        return 0;
    }
    rig_load(&fa, sel, data + 1, size - 1);
    rig_load(&sl, sel, data + 1, size - 1);

    /* A bounded run, in slices, with an interrupt request on the way; the
     * reference runs as many cycles as the fast engine did. Slices of 250
     * cycles: the two engines together cost what one did with 500. */
    rig *rs[2] = { &fa, &sl };
    for (int slice = 0; slice < 8; slice++) {
        uint64_t ran = 0;
        for (int e = 0; e < 2; e++) {
            ww_cpu *cpu = &rs[e]->c->cpu;
            cpu->stop = WW_STOP_NONE;
            /* A stop the fast engine saw at the budget's edge (a HLT as the
             * last instruction) the reference sees given one cycle more. */
            uint64_t want = e == 0 ? 250 : fa.c->cpu.stop != WW_STOP_NONE ? ran + 1 : ran;
            uint64_t got = fuzz_run_checked(cpu, want, 4096);
            if (e == 0)
                ran = got;
            else
                FUZZ_CHECK(got == ran);
        }
        if (!same_state(fa.c, sl.c))
            dump_diff(slice, fa.c, sl.c);
        FUZZ_CHECK(same_state(fa.c, sl.c));
        ww_cpu *cpu = &fa.c->cpu;
        if (cpu->stop == WW_STOP_SYSCALL)
            continue;                      /* as the runner would, return 0 */
        if (cpu->stop == WW_STOP_FATAL || cpu->stop == WW_STOP_USER_FAULT)
            break;
        if (slice == 3)
            for (int e = 0; e < 2; e++) {
                ww_chip *chip = rs[e]->chip;
                chip->cls->signal(chip, 1, 0, 1); /* NMI */
                chip->cls->signal(chip, 0, 0, 1); /* INTR, no controller: ignored */
            }
    }
    FUZZ_CHECK(!memcmp(fa.ram, sl.ram, 1 << 20) && !memcmp(fa.top, sl.top, 1 << 16));
    char buf[128];
    /* An x86 instruction is at most 15 bytes (SDM vol. 2, 2.3.11). */
    ww_cpu *cpu = &fa.c->cpu;
    unsigned len = ww_cpu_ops_of(cpu)->disasm(cpu, ww_cpu_ops_of(cpu)->get_pc(cpu), buf, sizeof buf);
    FUZZ_CHECK(len <= 15);

    rig_free(&fa);
    rig_free(&sl);
    return 0;
}
