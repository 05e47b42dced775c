/* bench/bus/bus.c — what an access costs: a plain C array, RAM through
 * ww_space_read (page-table fast path), RAM through the raw page table the
 * way a CPU core uses it, and a chip register through MMIO dispatch, all in
 * one run, printed as ns/access and as a ratio to the plain array.
 * Usage: bus-bench [N]   (N accesses per case, default 20,000,000) */
#include "core/machine.h"
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

typedef struct { ww_chip chip; uint8_t regs[16]; } benchdev_t;

static uint64_t bd_read(ww_chip *c, unsigned r, uint64_t off, unsigned size, ww_access how)
{
    return ((benchdev_t *)c)->regs[off & 15];
}

static void bd_write(ww_chip *c, unsigned r, uint64_t off, uint64_t v, unsigned size)
{
    ((benchdev_t *)c)->regs[off & 15] = (uint8_t)v;
}

static const ww_region_desc bd_regions[] = { { "regs", 16, 1, 1, WW_LITTLE_ENDIAN }, { NULL } };
static const ww_chip_class bd_class = {
    .type = "benchdev", .summary = "benchmark-only register file", .size = sizeof(benchdev_t),
    .regions = bd_regions, .read = bd_read, .write = bd_write,
};
WW_CHIP_REGISTER(bd_class)

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    uint64_t n = argc > 1 ? strtoull(argv[1], NULL, 0) : 20000000;
    GError *err = NULL;
    ww_machine *m = ww_machine_new();
    ww_space_config cfg = { .addr_bits = 32, .page_bits = 12, .endian = WW_LITTLE_ENDIAN };
    ww_space *s = ww_machine_add_space(m, "mem", &cfg, &err);
    uint8_t *ram = ww_machine_add_memory(m, "ram", 1 << 20, &err);
    ww_chip *dev = ww_machine_add_chip(m, "benchdev", "dev", &err);
    if (!s || !ram || !dev || !ww_machine_realize(m, &err) ||
        !ww_space_map_ram(s, "ram", 0, 1 << 20, ram, false, 0, &err) ||
        !ww_space_map_chip(s, "dev", 0xF0000000, 16, dev, 0, 1, 0, 0, &err)) {
        fprintf(stderr, "bus-bench: %s\n", err ? err->message : "set-up failed");
        return 2;
    }
    volatile uint64_t sink = 0;
    uint64_t mask = (1 << 20) - 4, acc = 0, v;
    double t0, t_arr, t_space, t_table, t_mmio;

    t0 = now();
    for (uint64_t i = 0; i < n; i++)
        acc += *(uint32_t *)(ram + ((i * 4) & mask));
    t_arr = now() - t0;
    sink += acc;

    acc = 0;
    t0 = now();
    for (uint64_t i = 0; i < n; i++) {
        ww_space_read(s, (i * 4) & mask, 4, &v);
        acc += v;
    }
    t_space = now() - t0;
    sink += acc;

    acc = 0;
    uint8_t *const *tbl = ww_space_read_table(s);
    t0 = now();
    for (uint64_t i = 0; i < n; i++) {
        uint8_t *p = ww_space_page_r(tbl, 12, (i * 4) & mask);
        acc += p ? ww_ld_le32(p) : 0;
    }
    t_table = now() - t0;
    sink += acc;

    acc = 0;
    t0 = now();
    for (uint64_t i = 0; i < n; i++) {
        ww_space_read(s, 0xF0000000 + (i & 15), 1, &v);
        acc += v;
    }
    t_mmio = now() - t0;
    sink += acc;

    double base = t_arr / (double)n * 1e9;
    printf("%-34s %10s %8s\n", "access (32-bit unless noted)", "ns/access", "ratio");
    printf("%-34s %10.2f %8.1fx\n", "plain C array (baseline)", base, 1.0);
    printf("%-34s %10.2f %8.1fx\n", "RAM via page table (CPU fast path)", t_table / (double)n * 1e9, t_table / t_arr);
    printf("%-34s %10.2f %8.1fx\n", "RAM via ww_space_read", t_space / (double)n * 1e9, t_space / t_arr);
    printf("%-34s %10.2f %8.1fx\n", "MMIO byte via chip dispatch", t_mmio / (double)n * 1e9, t_mmio / t_arr);
    printf("(%" G_GUINT64_FORMAT " accesses each; checksum %" G_GUINT64_FORMAT ")\n", n, (uint64_t)sink);
    ww_machine_free(m);
    return 0;
}
