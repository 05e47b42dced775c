/* bench/cpu-m68k/count.c — run one freestanding 68000 test program (static
 * ELF, trap #0 write/exit only) and print the guest instruction and cycle
 * counts, for bench/cpu-m68k/run (guest instructions per second, host
 * instructions per guest instruction under callgrind). Output of the guest
 * is discarded. Usage: m68k-count PROG.elf */
#include "core/chip.h"
#include "core/cpu.h"
#include "core/space.h"
#include "cpu/m68k/m68k.h"
#include <stdio.h>

#define MEM_BASE 0x80000000u
#define MEM_SIZE (4u << 20)

static bool load(ww_space *s, const uint8_t *f, size_t len, uint32_t *entry)
{
    if (len < 52 || memcmp(f, "\177ELF\1\2", 6) || ww_ld_be16(f + 18) != 4)
        return false;
    *entry = ww_ld_be32(f + 24);
    uint32_t phoff = ww_ld_be32(f + 28);
    unsigned phent = ww_ld_be16(f + 42), phnum = ww_ld_be16(f + 44);
    for (unsigned i = 0; i < phnum; i++) {
        const uint8_t *ph = f + phoff + (size_t)i * phent;
        if ((size_t)(ph - f) + 32 > len || ww_ld_be32(ph) != 1)
            continue;
        uint32_t off = ww_ld_be32(ph + 4), va = ww_ld_be32(ph + 8), fsz = ww_ld_be32(ph + 16);
        if (off > len || fsz > len - off || va < MEM_BASE || va - MEM_BASE + (uint64_t)fsz > MEM_SIZE)
            return false;
        if (ww_space_write_buf(s, va, f + off, fsz) != WW_BUS_OK)
            return false;
    }
    return true;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: m68k-count PROG.elf\n");
        return 2;
    }
    gchar *f;
    gsize len;
    if (!g_file_get_contents(argv[1], &f, &len, NULL)) {
        fprintf(stderr, "m68k-count: cannot read %s\n", argv[1]);
        return 2;
    }
    ww_space_config cfg = { .addr_bits = 32, .endian = WW_BIG_ENDIAN,
                            .unmapped = WW_UNMAPPED_BUS_ERROR };
    ww_space *s = ww_space_new("cpu.mem", &cfg, NULL);
    uint8_t *mem = g_malloc0(MEM_SIZE), *stack = g_malloc0(1u << 16);
    ww_space_map_ram(s, "mem", MEM_BASE, MEM_SIZE, mem, false, 0, NULL);
    ww_space_map_ram(s, "stack", 0x7fff0000u, 1u << 16, stack, false, 0, NULL);
    uint32_t entry;
    if (!load(s, (const uint8_t *)f, len, &entry)) {
        fprintf(stderr, "m68k-count: %s: not a loadable 68k ELF\n", argv[1]);
        return 2;
    }
    ww_chip *c = ww_chip_new("m68k", "cpu", NULL, NULL);
    ww_chip_bind_bus(c, "mem", s, NULL);
    m68k_t *m = (m68k_t *)c;
    m->cpu.user_mode = true;
    ww_chip_realize(c, NULL);
    /* argc = 1, argv = { NULL }: enough for these programs. */
    m->a[7] = 0x7fff0000u + 0xff00;
    ww_space_write(s, m->a[7], 4, 1);
    m->sr = 0;
    const ww_cpu_ops *ops = ww_cpu_ops_of(&m->cpu);
    ops->set_pc(&m->cpu, entry);
    int rc = -1;
    while (rc < 0) {
        m->cpu.stop = WW_STOP_NONE;
        ops->run(&m->cpu, 1u << 24);
        if (m->cpu.stop == WW_STOP_SYSCALL) {
            if (m->d[0] == 1)
                rc = (int)(m->d[1] & 0xff);
            else
                m->d[0] = m->d[0] == 4 ? m->d[3] : (uint32_t)-38;
        } else if (m->cpu.stop != WW_STOP_NONE) {
            fprintf(stderr, "m68k-count: stopped (%d) at 0x%08x\n", m->cpu.stop, m->pc - 4);
            rc = 255;
        }
    }
    printf("instructions %" G_GUINT64_FORMAT " cycles %" G_GUINT64_FORMAT " exit %d\n",
           m->insns, m->cpu.cycles, rc);
    ww_chip_free(c);
    ww_space_free(s);
    g_free(mem);
    g_free(stack);
    g_free(f);
    return 0;
}
