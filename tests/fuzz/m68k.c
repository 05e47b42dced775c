/* tests/fuzz/m68k.c — libFuzzer harness for the 68000 interpreter: random
 * code and register state on a small bus (RAM with holes, a bus-error
 * region, a read-only ROM), run for a bounded budget in supervisor or user
 * mode, with random interrupt lines. Must never crash, hang or leak. */
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const size_t RAM = 64 * 1024;
    ww_space_config cfg = { .addr_bits = 24, .endian = WW_BIG_ENDIAN,
                            .unmapped = WW_UNMAPPED_BUS_ERROR };
    ww_space *s = ww_space_new("cpu.mem", &cfg, NULL);
    uint8_t *ram = g_malloc0(RAM), *ram2 = g_malloc0(RAM), *rom = g_malloc0(4096);
    ww_space_map_ram(s, "ram", 0, RAM, ram, false, 0, NULL);
    ww_space_map_ram(s, "ram2", 0x100000, RAM, ram2, false, 0, NULL);
    ww_space_map_ram(s, "rom", 0x200000, 4096, rom, true, 0, NULL);
    ww_space_map_unmapped(s, "hole", 0x8000, 0x1000, 1, NULL);   /* bus error inside RAM */
    ww_chip *c = ww_chip_new("m68k", "cpu", NULL, NULL);
    ww_chip_bind_bus(c, "mem", s, NULL);
    ww_chip_realize(c, NULL);
    m68k_t *m = (m68k_t *)c;

    const uint8_t *p = data;
    size_t n = size;
    for (int i = 0; i < 8; i++)
        m->d[i] = take32(&p, &n);
    for (int i = 0; i < 8; i++)
        m->a[i] = take32(&p, &n);
    uint32_t ctl = take32(&p, &n);
    m->sp[SP_ISP] = take32(&p, &n);
    m->sr = (uint16_t)(ctl & SR_MASK_68000);
    m->cpu.user_mode = (ctl >> 16) & 1;
    uint8_t irqs = (uint8_t)(ctl >> 24);
    /* Code (and everything else) fills RAM from 0x400; vectors stay
     * random-ish but mostly point back into RAM. */
    size_t code = n < RAM - 0x400 ? n : RAM - 0x400;
    memcpy(ram + 0x400, p, code);
    for (unsigned v = 0; v < 256; v++)
        ww_st_be32(ram + v * 4, 0x400 + ((v * 0x36) & 0x7ffe) + ((ctl >> 17) & 1));
    memcpy(ram2, p, code < RAM ? code : RAM);
    ww_cpu_ops_of(&m->cpu)->set_pc(&m->cpu, 0x400);
    for (unsigned i = 1; i < 8; i++)
        if (irqs & (1u << i))
            c->cls->signal(c, 0, i, 1);

    const ww_cpu_ops *ops = ww_cpu_ops_of(&m->cpu);
    for (int round = 0; round < 8; round++) {
        m->cpu.stop = WW_STOP_NONE;
        fuzz_run_checked(&m->cpu, 5000, 4096);
        if (m->cpu.stop == WW_STOP_FATAL)
            break;
        if (m->cpu.stop == WW_STOP_SYSCALL)
            m->d[0] = (uint32_t)-38;   /* -ENOSYS */
        if (m->cpu.stop == WW_STOP_USER_FAULT)
            break;
        if (m->cpu.stop == WW_STOP_HALT)
            c->cls->signal(c, 0, 7, round & 1);   /* an NMI edge wakes STOP */
    }
    char buf[128];
    /* 68k instructions are whole words, at most 22 bytes (68020+ forms). */
    unsigned len = ops->disasm(&m->cpu, 0x400, buf, sizeof buf);
    FUZZ_CHECK(len % 2 == 0 && len <= 22);
    for (const ww_reg_desc *r = c->cls->regs; r->name; r++)
        for (unsigned i = 0; i < ww_reg_count(r); i++)
            (void)ww_chip_reg_get(c, r, i);
    ww_chip_free(c);
    ww_space_free(s);
    g_free(ram);
    g_free(ram2);
    g_free(rom);
    return 0;
}
