/* tests/fuzz/ppc.c — libFuzzer harness for the PowerPC core: random code and
 * a random register/MSR state on a small machine (64 KiB RAM at 0, a named
 * hole, a ROM at the high vectors, a test device, everything else a bus
 * error), run for a bounded slice of virtual time in supervisor mode
 * (translation, BATs, page table walks, exceptions, decrementer) or under the
 * user-mode stop rules. Also disassembles every code word. Must never crash,
 * hang or leak.
 *
 * Every input runs twice, on two identical machines: one CPU set with the
 * cached engine (engine=interp: translated blocks, fast TLB), one with the
 * uncached reference (interp-slow). After every slice the two CPUs must hold
 * the same registers, cycle count and stop, and at the end the same memory:
 * random code rewrites itself (stores into the code it runs, across pages,
 * into the block running), jumps anywhere, runs from the device's MMIO code
 * region (words that change on every read), has the device copy memory by
 * DMA over code, and remaps a RAM window (an alias of RAM page 1) under the
 * code it runs. The cached engine must never run a stale block.
 *
 * Input: byte 0 model/flags, then 32 GPR words, SR/BAT/SDR1/MSR words, FPRs,
 * the rest is code (repeated to fill RAM). */
#include "tests/fuzz/fuzz.h"
#include "core/machine.h"
#include "core/dma.h"
#include "cpu/ppc/ppc.h"
#include "cpu/ppc/disasm.h"
#include <string.h>

/* ---- the test device ---------------------------------------------------------
 * regs at 0x9000: 0 SRC, 4 DST, 8 LEN, 12 CMD (1: DMA copy of LEN ≤ 256 bytes,
 * 2: show/hide the window), 16 SEED. code at 0x9100: word k reads
 * SEED * (k + 1) + reads * 0x9e3779b9 (reads counts every read). The window:
 * RAM page 1 seen again at 0xA000 when shown. */
enum { DEV_BASE = 0x9000u, CODE_BASE = 0x9100u, WIN_BASE = 0xa000u };

typedef struct {
    ww_chip chip;
    uint32_t src, dst, len, seed, reads;
    ww_window *win;
} fdev;

enum { R_REGS, R_CODE, R__COUNT };
enum { BUS_DMA, BUS__COUNT };

static const ww_region_desc fdev_regions[] = {
    [R_REGS] = { "regs", 32, 4, 4, WW_BIG_ENDIAN, false, "SRC DST LEN CMD SEED" },
    [R_CODE] = { "code", 256, 4, 4, WW_BIG_ENDIAN, false, "words that change on every read" },
    [R__COUNT] = { NULL }
};
static const ww_bus_desc fdev_buses[] = {
    [BUS_DMA] = { "dma", "copies", 32, WW_BIG_ENDIAN, WW_UNMAPPED_BUS_ERROR, 0 },
    [BUS__COUNT] = { NULL }
};

static uint64_t fdev_read(ww_chip *c, unsigned region, uint64_t off, unsigned size, ww_access how)
{
    fdev *d = (fdev *)c;
    if (region == R_CODE) {
        uint32_t n = how == WW_PEEK ? d->reads : d->reads++;
        return d->seed * (uint32_t)(off / 4 + 1) + n * 0x9e3779b9u;
    }
    switch (off) {
    case 0: return d->src;
    case 4: return d->dst;
    case 8: return d->len;
    case 16: return d->seed;
    default: return 0;
    }
}

static void fdev_write(ww_chip *c, unsigned region, uint64_t off, uint64_t val, unsigned size)
{
    fdev *d = (fdev *)c;
    if (region != R_REGS)
        return;
    switch (off) {
    case 0: d->src = (uint32_t)val; break;
    case 4: d->dst = (uint32_t)val; break;
    case 8: d->len = (uint32_t)val; break;
    case 16: d->seed = (uint32_t)val; break;
    case 12:
        if ((val & 3) == 1 && d->len <= 256) {
            uint8_t buf[256];
            if (ww_dma_read(c, BUS_DMA, d->src, buf, d->len) == WW_DMA_OK)
                ww_dma_write(c, BUS_DMA, d->dst, buf, d->len);
        } else if ((val & 3) == 2 && d->win) {
            if (d->win->hidden)
                ww_window_place(d->win, WIN_BASE, 0x1000);
            else
                ww_window_hide(d->win);
        }
        break;
    }
}

static const ww_chip_class fdev_class = {
    .type = "fuzz-ppcdev",
    .summary = "fuzz only: DMA copies, a RAM window, a code region that changes",
    .size = sizeof(fdev),
    .regions = fdev_regions,
    .buses = fdev_buses,
    .read = fdev_read,
    .write = fdev_write,
};
WW_CHIP_REGISTER(fdev_class)

/* ---- the two machines ------------------------------------------------------------ */

typedef struct {
    ww_machine *m;
    ww_space *mem;
    uint8_t *ram, *rom;
    fdev *dev;
    ppc_cpu *cpu[3];
} rig;

static rig *make_rig(const char *engine)
{
    rig *r = calloc(1, sizeof *r);
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
        ww_chip_set_prop(c, "engine", engine, &err);
        ww_chip_bind_bus(c, "mem", r->mem, &err);
        r->cpu[k] = (ppc_cpu *)c;
    }
    ww_chip *d = ww_machine_add_chip(r->m, "fuzz-ppcdev", "dev", &err);
    ww_chip_bind_bus(d, "dma", r->mem, &err);
    if (!ww_machine_realize(r->m, &err))
        abort();
    r->dev = (fdev *)d;
    /* Over RAM at priority 2: the device and its code cover part of 0x9000-0x9fff. */
    ww_space_map_chip(r->mem, "dev", DEV_BASE, 32, d, R_REGS, 1, 0, 2, &err);
    ww_space_map_chip(r->mem, "devcode", CODE_BASE, 256, d, R_CODE, 1, 0, 2, &err);
    r->dev->win = ww_window_open_ram(r->mem, d, "win", r->ram + 0x1000, 0x1000, false, 2, &err);
    if (err || !r->dev->win)
        abort();
    return r;
}

static rig *rigs[2];   /* built once: [0] cached, [1] uncached */

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

/* Set one CPU (and the memory) of rig r up from the input. */
static ppc_cpu *setup(rig *r, const uint8_t *data, size_t size)
{
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
    ppc_tlb_flush(c);
    c->cpu.user_mode = flags & 4;

    /* Code: the rest, repeated through RAM and ROM — written through the
     * space, as a loader would, so cached blocks of the last input go. */
    static uint8_t img[64 * 1024];
    if (n) {
        size_t first = n < sizeof img ? n : sizeof img;
        memcpy(img, p, first);
        for (size_t done = first; done < sizeof img; done *= 2)
            memcpy(img + done, img, MIN(done, sizeof img - done));
    } else {
        memset(img, 0, sizeof img);
    }
    ww_space_load(r->mem, 0, img, sizeof img, NULL);
    memmove(img, img + (n > 7 ? 7 : 0), sizeof img - 8);
    ww_space_load(r->mem, 0xfff00000u, img, sizeof img - 8, NULL);
    c->pc = (flags & 8) ? 0xfff00100u : (uint32_t)(flags & 0xf0) << 4;

    /* The device: a seed from the code, no reads yet, the window hidden. */
    r->dev->seed = n >= 4 ? (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3] : 0x7c0802a6u;
    r->dev->reads = r->dev->src = r->dev->dst = r->dev->len = 0;
    ww_window_hide(r->dev->win);
    return c;
}

static bool same_cpu(const ppc_cpu *a, const ppc_cpu *b)
{
    return !memcmp(a->gpr, b->gpr, 32 * sizeof a->gpr[0]) && !memcmp(a->fpr, b->fpr, sizeof a->fpr) &&
           !memcmp(a->spr, b->spr, sizeof a->spr) && !memcmp(a->sr, b->sr, sizeof a->sr) &&
           a->pc == b->pc && a->msr == b->msr && a->cr == b->cr && a->fpscr == b->fpscr &&
           a->cpu.cycles == b->cpu.cycles && a->cpu.stop == b->cpu.stop &&
           a->cpu.stop_info == b->cpu.stop_info && a->resv_valid == b->resv_valid &&
           a->resv_addr == b->resv_addr && a->dec_pending == b->dec_pending &&
           !memcmp(a->gpr_shadow, b->gpr_shadow, sizeof a->gpr_shadow) &&
           !memcmp(a->itlb, b->itlb, sizeof a->itlb) && !memcmp(a->dtlb, b->dtlb, sizeof a->dtlb);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    for (unsigned k = 0; k < 2; k++)
        if (!rigs[k])
            rigs[k] = make_rig(k ? "interp-slow" : "interp");
    ppc_cpu *c[2];
    for (unsigned k = 0; k < 2; k++)
        c[k] = setup(rigs[k], data, size);
    unsigned flags = data[0];

    char buf[128];
    for (uint32_t a = 0; a < 64 && a + 1 < size; a += 4) {
        /* Fixed 32-bit instructions: 4 bytes, or 0 when unreadable. */
        unsigned len = ppc_disasm(&c[0]->cpu, c[0]->pc + a, buf, sizeof buf);
        FUZZ_CHECK(len == 0 || len == 4);
    }

    for (unsigned k = 0; k < 2; k++)
        if (flags & 0x80) {
            /* interrupt inputs through the chip's signal() */
            c[k]->cpu.chip.cls->signal(&c[k]->cpu.chip, 0, 0, 1);
            c[k]->cpu.chip.cls->signal(&c[k]->cpu.chip, 1, 0, (flags >> 6) & 1);
        }
    for (unsigned slice = 0; slice < 8; slice++) {
        uint64_t ran[2];
        for (unsigned k = 0; k < 2; k++) {
            ww_cpu *cpu = &c[k]->cpu;
            cpu->exit_request = 0;
            cpu->stop = WW_STOP_NONE;
            ran[k] = fuzz_run_checked(cpu, 512, 4096);
        }
        /* The cached engine did what the reference did. */
        FUZZ_CHECK(ran[0] == ran[1]);
        FUZZ_CHECK(same_cpu(c[0], c[1]));
        ww_cpu *cpu = &c[0]->cpu;
        if (cpu->stop == WW_STOP_SYSCALL) {
            c[0]->gpr[3] = c[1]->gpr[3] = (uint32_t)-38;   /* ENOSYS and carry on */
            continue;
        }
        if (cpu->stop == WW_STOP_HALT || cpu->stop == WW_STOP_FATAL ||
            cpu->stop == WW_STOP_USER_FAULT)
            break;
    }
    FUZZ_CHECK(!memcmp(rigs[0]->ram, rigs[1]->ram, 64 * 1024));
    FUZZ_CHECK(rigs[0]->dev->reads == rigs[1]->dev->reads);
    for (unsigned k = 0; k < 2; k++) {
        c[k]->cpu.chip.cls->signal(&c[k]->cpu.chip, 0, 0, 0);
        c[k]->ext_level = c[k]->mcp_level = false;
        /* A little virtual time so the decrementer timer fires. */
        ww_machine *m = rigs[k]->m;
        ww_machine_run_until(m, ww_sched_now(ww_machine_sched(m)) + 2000);
    }
    FUZZ_CHECK(!memcmp(rigs[0]->ram, rigs[1]->ram, 64 * 1024));
    return 0;
}
