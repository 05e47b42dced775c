/* tests/fuzz/x86.c — libFuzzer harness for the x86 interpreter.
 *
 * Input layout: byte 0 picks the model and the mode (real, protected with a
 * fuzzed GDT/IDT, paging, user mode), the next 64 bytes seed the registers,
 * the rest is copied into RAM at the code address and at the descriptor
 * tables. The space (24 address bits, so a run is cheap to set up) has
 * 1 MiB of RAM at 0, a named unmapped hole, an I/O space, and 64 KiB of RAM
 * at the top for the reset vector. The
 * run has a bounded budget: any crash, hang, UB or leak is a finding. */
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    uint8_t sel = data[0];
    const uint8_t *p = data + 1;
    size_t n = size - 1;

    ww_sched *sched = ww_sched_new();
    ww_chip *chip = ww_chip_new("x86", "cpu", sched, NULL);
    if (!chip) {
        ww_sched_free(sched);
        return 0;
    }
    ww_chip_set_prop(chip, "model", models[sel % 5], NULL);
    ww_space_config mcfg = { 24, 12, WW_LITTLE_ENDIAN,
                             (sel & 0x80) ? WW_UNMAPPED_BUS_ERROR : WW_UNMAPPED_OPEN_BUS,
                             0xFFFFFFFF };
    ww_space_config icfg = { 16, 12, WW_LITTLE_ENDIAN, WW_UNMAPPED_OPEN_BUS, 0xFFFFFFFF };
    ww_space *mem = ww_space_new("cpu.mem", &mcfg, NULL);
    ww_space *io = ww_space_new("cpu.io", &icfg, NULL);
    uint8_t *ram = calloc(1, 1 << 20);
    uint8_t *top = calloc(1, 1 << 16);
    ww_space_map_ram(mem, "ram", 0, 1 << 20, ram, false, 0, NULL);
    ww_space_map_unmapped(mem, "hole", 0x80000, 0x1000, 1, NULL);
    ww_space_map_ram(mem, "top", 0xFF0000u, 1 << 16, top, false, 0, NULL);
    ww_chip_bind_bus(chip, "mem", mem, NULL);
    ww_chip_bind_bus(chip, "io", io, NULL);
    ww_chip_realize(chip, NULL);
    ww_chip_reset(chip, WW_RESET_POWER);
    x86_cpu *c = (x86_cpu *)chip;

    /* Registers. */
    for (int i = 0; i < 8; i++)
        c->r[i] = take32(&p, &n);
    uint32_t fl = take32(&p, &n);
    uint32_t code = take32(&p, &n) & 0xFFFF;
    /* Copy the rest: code at 0x10000 + code, tables at 0x1000 (GDT) and 0x2000 (IDT). */
    size_t k = n < 0x8000 ? n : 0x8000;
    memcpy(ram + 0x10000 + code, p, k > 0xFFFF - code ? 0xFFFF - code : k);
    memcpy(ram + 0x1000, p, k > 0x1000 ? 0x1000 : k);
    memcpy(ram + 0x2000, p + (k / 2), (k - k / 2) > 0x800 ? 0x800 : (k - k / 2));
    memcpy(top + 0xFFF0, p, k > 16 ? 16 : k);

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
    /* A bounded run, in slices, with an interrupt request on the way. */
    ww_cpu *cpu = &c->cpu;
    for (int slice = 0; slice < 8; slice++) {
        cpu->stop = WW_STOP_NONE;
        fuzz_run_checked(cpu, 500, 4096);
        if (cpu->stop == WW_STOP_SYSCALL)
            continue;                      /* as the runner would, return 0 */
        if (cpu->stop == WW_STOP_FATAL || cpu->stop == WW_STOP_USER_FAULT)
            break;
        if (slice == 3) {
            chip->cls->signal(chip, 1, 0, 1); /* NMI */
            chip->cls->signal(chip, 0, 0, 1); /* INTR, no controller: ignored */
        }
    }
    char buf[128];
    /* An x86 instruction is at most 15 bytes (SDM vol. 2, 2.3.11). */
    unsigned len = ww_cpu_ops_of(cpu)->disasm(cpu, ww_cpu_ops_of(cpu)->get_pc(cpu), buf, sizeof buf);
    FUZZ_CHECK(len <= 15);

    ww_chip_free(chip);
    ww_space_free(mem);
    ww_space_free(io);
    ww_sched_free(sched);
    free(ram);
    free(top);
    return 0;
}
