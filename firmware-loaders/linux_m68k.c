/* firmware-loaders/linux_m68k.c — direct boot of Linux/m68k on the 68k Macs
 * (the "linux-m68k" preparer: --kernel/--initrd/--append, as QEMU's q800
 * -kernel), firmware-free: the ELF vmlinux goes into RAM where its program
 * headers say, the bootinfo records follow it, and the CPU starts at the
 * entry point in the state arch/m68k/kernel/head.S expects.
 *
 * Keyed by what the machine holds: a 68k CPU whose memory has RAM at 0, and a
 * Macintosh board — the djMEMC (its "gestalt" property is the model ID).
 *
 * Sources: Linux arch/m68k/include/uapi/asm/bootinfo.h (records: u16 tag, u16
 * size including the header, data; BI_MACHTYPE, BI_CPUTYPE/FPUTYPE/MMUTYPE
 * bit masks, BI_MEMCHUNK (address, size), BI_RAMDISK (address, size),
 * BI_COMMAND_LINE (NUL-terminated), BI_LAST) and bootinfo-mac.h (BI_MAC_MODEL,
 * VADDR, VDEPTH, VROW, VDIM (height << 16 | width), SCCBASE, BTIME, GMTBIAS,
 * MEMSIZE (MiB), CPUID, ROMBASE, VIA1BASE); head.S (entered in supervisor
 * mode, interrupts masked, MMU and caches off; the bootinfo starts at _end,
 * the end of the loaded image; its own stack below _stext); arch/m68k/mac/
 * config.c (what mac_parse_bootinfo reads). The layout is QEMU's hw/m68k/
 * q800.c (7.2): segments at their physical addresses, the records at the end
 * of the image rounded up to an even address, the initrd page-aligned at the
 * top of RAM.
 *
 * Numbers for the records come from the machine: the CPU model, the RAM
 * mapped at 0, the framebuffer chip ("macfb": its base, geometry and row
 * bytes), the SCC (z85c30) as the CPU sees it through the IOSB's I/O slice,
 * VIA1 likewise, the RTC's time property for the boot time. Errors name the
 * file and what was expected: a file that is not a big-endian 68k ELF, a
 * kernel or initrd that does not fit in RAM, a command line too long. */
#include "firmware-loaders/prepare.h"
#include "firmware-loaders/bootram.h"
#include "core/error.h"
#include <string.h>

enum { EM_68K = 4 };
enum { BI_LAST = 0x0000, BI_MACHTYPE = 0x0001, BI_CPUTYPE = 0x0002, BI_FPUTYPE = 0x0003,
       BI_MMUTYPE = 0x0004, BI_MEMCHUNK = 0x0005, BI_RAMDISK = 0x0006,
       BI_COMMAND_LINE = 0x0007 };
enum { BI_MAC_MODEL = 0x8000, BI_MAC_VADDR = 0x8001, BI_MAC_VDEPTH = 0x8002,
       BI_MAC_VROW = 0x8003, BI_MAC_VDIM = 0x8004, BI_MAC_SCCBASE = 0x8006,
       BI_MAC_BTIME = 0x8007, BI_MAC_GMTBIAS = 0x8008, BI_MAC_MEMSIZE = 0x8009,
       BI_MAC_CPUID = 0x800a, BI_MAC_ROMBASE = 0x800b, BI_MAC_VIA1BASE = 0x8010 };
enum { MACH_MAC = 3 };
/* bootinfo.h: CPUB_68020 0 … CPUB_68060 3; FPUB_68881 0, 68882 1, 68040 2;
 * MMUB_68851 0, 68030 1, 68040 2. */
enum { CPUB_68020 = 0, CPUB_68030 = 1, CPUB_68040 = 2 };
enum { FPU_68881 = 1 << 0, FPU_68882 = 1 << 1, FPU_68040 = 1 << 2 };
enum { MMU_68851 = 1 << 0, MMU_68030 = 1 << 1, MMU_68040 = 1 << 2 };
#define PAGE 4096u
#define MAX_CMDLINE 1024u
#define MAX_BOOTINFO 4096u
#define MAC_ROMBASE 0x40800000u

/* The first mapping of `chip` (any region, or the given one) in a space. */
static const ww_mapping *chip_mapping(ww_space *s, ww_chip *chip, int region)
{
    if (!s)
        return NULL;
    const ww_mapping *list;
    unsigned n = ww_space_mappings(s, &list);
    const ww_mapping *const *maps = (const ww_mapping *const *)list;
    for (unsigned i = 0; i < n; i++)
        if (maps[i]->kind == WW_MAP_CHIP && maps[i]->chip == chip && !maps[i]->hidden &&
            (region < 0 || maps[i]->region == (unsigned)region))
            return maps[i];
    return NULL;
}

/* Where the CPU sees `chip`: mapped in its memory directly, or in the
 * I/O slice of the IOSB (whose "io" region is mapped in the CPU's memory). */
static uint64_t cpu_address(ww_machine *m, ww_space *mem, ww_chip *chip)
{
    const ww_mapping *d = chip_mapping(mem, chip, -1);
    if (d)
        return d->base;
    ww_chip *iosb = ww_prep_find_type(m, "iosb");
    if (!iosb)
        return 0;
    const ww_mapping *io = chip_mapping(mem, iosb, ww_chip_find_region(iosb->cls, "io"));
    const ww_mapping *in = chip_mapping(iosb->bus[0], chip, -1);
    return io && in ? io->base + in->base : 0;
}

typedef struct {
    uint8_t buf[MAX_BOOTINFO];
    size_t len;
    bool overflow;
} bootinfo;

static void bi_record(bootinfo *b, uint16_t tag, const void *data, size_t n)
{
    size_t size = (4 + n + 1) & ~(size_t)1;     /* records keep the next one even */
    if (b->len + size + 4 > sizeof b->buf) {
        b->overflow = true;
        return;
    }
    uint8_t *p = b->buf + b->len;
    memset(p, 0, size);
    p[0] = (uint8_t)(tag >> 8);
    p[1] = (uint8_t)tag;
    p[2] = (uint8_t)(size >> 8);
    p[3] = (uint8_t)size;
    if (n)
        memcpy(p + 4, data, n);   /* a record may be empty (BI_LAST has no data) */
    b->len += size;
}

static void bi_u32(bootinfo *b, uint16_t tag, unsigned n, const uint32_t *v)
{
    uint8_t d[8];
    for (unsigned i = 0; i < n && i < 2; i++) {
        d[4 * i] = (uint8_t)(v[i] >> 24);
        d[4 * i + 1] = (uint8_t)(v[i] >> 16);
        d[4 * i + 2] = (uint8_t)(v[i] >> 8);
        d[4 * i + 3] = (uint8_t)v[i];
    }
    bi_record(b, tag, d, 4 * n);
}

static void bi1(bootinfo *b, uint16_t tag, uint32_t v)
{
    bi_u32(b, tag, 1, &v);
}

static void bi2(bootinfo *b, uint16_t tag, uint32_t v0, uint32_t v1)
{
    uint32_t v[2] = { v0, v1 };
    bi_u32(b, tag, 2, v);
}

static bool set_reg(ww_chip *cpu, const char *name, uint64_t v, GError **err)
{
    unsigned idx;
    const ww_reg_desc *r = ww_chip_find_reg(cpu->cls, name, &idx);
    if (!r) {
        g_set_error(err, WW_ERROR, WW_ERROR_FAILED, "%s has no register '%s'", cpu->id, name);
        return false;
    }
    ww_chip_reg_set(cpu, r, idx, v);
    return true;
}

static uint64_t reg_of(ww_chip *c, const char *name)
{
    unsigned idx;
    const ww_reg_desc *r = ww_chip_find_reg(c->cls, name, &idx);
    return r ? ww_chip_reg_get(c, r, idx) : 0;
}

/* CPU, FPU and MMU as bootinfo names them, from the CPU's model. */
static void cpu_types(ww_chip *cpu, uint32_t *c, uint32_t *f, uint32_t *mm, uint32_t *macid)
{
    char *model = ww_chip_get_prop(cpu, "model");
    char *fpu = ww_chip_get_prop(cpu, "fpu");
    bool f81 = fpu && !strcmp(fpu, "68881"), nofpu = fpu && !strcmp(fpu, "none");
    if (model && !strcmp(model, "m68020")) {
        *c = 1u << CPUB_68020; *mm = MMU_68851; *macid = CPUB_68020;
        *f = nofpu ? 0 : f81 ? FPU_68881 : FPU_68882;
    } else if (model && (!strcmp(model, "m68030") || !strcmp(model, "m68ec030"))) {
        *c = 1u << CPUB_68030; *mm = MMU_68030; *macid = CPUB_68030;
        *f = nofpu ? 0 : f81 ? FPU_68881 : FPU_68882;
    } else {
        *c = 1u << CPUB_68040; *mm = MMU_68040; *macid = CPUB_68040;
        *f = model && !strcmp(model, "m68lc040") ? 0 : FPU_68040;
    }
    g_free(model);
    g_free(fpu);
}

static bool linux_m68k_run(ww_prep *p, GError **err)
{
    ww_chip *cpu = ww_prep_find_cpu(p->m, "m68k", NULL), *board = ww_prep_find_type(p->m, "djmemc");
    const ww_mdl_opts *o = p->opts;
    if (!cpu || !board || !o || !o->kernel)
        return true;            /* not a 68k Mac, or no kernel to boot */
    ww_space *mem = cpu->bus[WW_CPU_BUS_MEM];
    uint64_t ram = mem ? ww_bootram_size(mem) : 0;
    if (!ram) {
        g_set_error(err, WW_ERROR, WW_ERROR_NOT_FOUND, "%s: no RAM mapped at address 0 of its "
                    "memory; Linux/m68k needs it there", cpu->id);
        return false;
    }
    ram = MIN(ram, 0xffff0000ull);
    GBytes *k = ww_bootram_read("--kernel", o->kernel, err), *initrd = NULL;
    if (!k)
        return false;
    bool ok = false;
    ww_bootram r;
    ww_bootram_init(&r, mem, ram);
    char *kwhat = g_strdup_printf("--kernel %s", o->kernel), *iwhat = NULL;
    size_t klen;
    const uint8_t *kimg = g_bytes_get_data(k, &klen);
    ww_elf32 e;
    GError *pe = NULL;
    if (!ww_elf32_parse(kimg, klen, &e, &pe)) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "--kernel %s: %s; expected an m68k "
                    "vmlinux (ELF)", o->kernel, pe->message);
        g_error_free(pe);
        goto out;
    }
    if (e.machine != EM_68K || !e.big_endian) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "--kernel %s: an ELF for machine %u (%s "
                    "endian); expected a big-endian m68k vmlinux (machine 4)", o->kernel,
                    e.machine, e.big_endian ? "big" : "little");
        goto out;
    }
    if (!e.nsegs) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "--kernel %s: no loadable segment; "
                    "expected a vmlinux", o->kernel);
        goto out;
    }
    if (e.entry < e.lowest || e.entry > e.highest) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "--kernel %s: the entry point 0x%x is "
                    "outside its segments; expected a vmlinux", o->kernel, e.entry);
        goto out;
    }
    /* The segments at their physical addresses, the bootinfo records right after the
     * image (head.S finds them at _end), room for them claimed now. */
    uint64_t end;
    if (!ww_bootram_load_elf(&r, kwhat, &e, kimg, 0xffffffffu, 0, &end, err))
        goto out;
    uint64_t bi_at = (end + 1) & ~1ull;
    char *bwhat = g_strdup_printf("--kernel %s: the bootinfo records after it", o->kernel);
    bool room = ww_bootram_reserve(&r, bwhat, bi_at, MAX_BOOTINFO, err);
    g_free(bwhat);
    if (!room)
        goto out;

    bootinfo b = { .len = 0 };
    uint32_t ct, ft, mt, macid;
    cpu_types(cpu, &ct, &ft, &mt, &macid);
    bi1(&b, BI_MACHTYPE, MACH_MAC);
    bi1(&b, BI_CPUTYPE, ct);
    bi1(&b, BI_FPUTYPE, ft);
    bi1(&b, BI_MMUTYPE, mt);
    bi1(&b, BI_MAC_CPUID, macid);
    bi1(&b, BI_MAC_MODEL, (uint32_t)ww_chip_prop_uint(board, "gestalt"));
    bi1(&b, BI_MAC_MEMSIZE, (uint32_t)(ram >> 20));
    bi2(&b, BI_MEMCHUNK, 0, (uint32_t)ram);
    ww_chip *fb = ww_prep_find_type(p->m, "macfb");
    if (fb) {
        uint32_t w = (uint32_t)ww_chip_prop_uint(fb, "width");
        uint32_t h = (uint32_t)ww_chip_prop_uint(fb, "height");
        bi1(&b, BI_MAC_VADDR, (uint32_t)(ww_chip_prop_uint(fb, "base") + reg_of(fb, "START")));
        bi1(&b, BI_MAC_VDEPTH, (uint32_t)ww_chip_prop_uint(fb, "depth"));
        bi1(&b, BI_MAC_VROW, (uint32_t)reg_of(fb, "ROWBYTES"));
        bi1(&b, BI_MAC_VDIM, h << 16 | (w & 0xffff));
    }
    ww_chip *scc = ww_prep_find_type(p->m, "z85c30");
    uint64_t scc_at = scc ? cpu_address(p->m, mem, scc) : 0;
    if (scc_at)
        bi1(&b, BI_MAC_SCCBASE, (uint32_t)scc_at);
    ww_chip *via = ww_prep_find_type(p->m, "via6522");
    uint64_t via_at = via ? cpu_address(p->m, mem, via) : 0;
    if (via_at)
        bi1(&b, BI_MAC_VIA1BASE, (uint32_t)via_at);
    ww_chip *rtc = ww_prep_find_type(p->m, "mac-rtc");
    if (rtc)
        bi1(&b, BI_MAC_BTIME, (uint32_t)ww_chip_prop_uint(rtc, "time"));
    bi1(&b, BI_MAC_GMTBIAS, 0);
    bi1(&b, BI_MAC_ROMBASE, MAC_ROMBASE);

    if (o->initrd) {
        if (!(initrd = ww_bootram_read("--initrd", o->initrd, err)))
            goto out;
        /* Page-aligned at the top of RAM (q800.c); over the kernel or its records, the
         * check says so. */
        size_t ilen = g_bytes_get_size(initrd);
        uint64_t at = ilen <= ram ? (ram - ilen) & ~(uint64_t)(PAGE - 1) : 0;
        iwhat = g_strdup_printf("--initrd %s", o->initrd);
        if (!ww_bootram_load(&r, iwhat, at, g_bytes_get_data(initrd, NULL), ilen, err))
            goto out;
        bi2(&b, BI_RAMDISK, (uint32_t)at, (uint32_t)ilen);
    }
    if (o->append) {
        size_t alen = strlen(o->append);
        if (alen >= MAX_CMDLINE) {
            g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "--append: %zu bytes; expected at "
                        "most %u (Linux/m68k's COMMAND_LINE_SIZE - 1 is 255: longer is cut)",
                        alen, MAX_CMDLINE - 1);
            goto out;
        }
        bi_record(&b, BI_COMMAND_LINE, o->append, alen + 1);
    }
    bi_record(&b, BI_LAST, NULL, 0);
    if (b.overflow) {
        g_set_error(err, WW_ERROR, WW_ERROR_FAILED, "the bootinfo records exceed %u bytes",
                    MAX_BOOTINFO);
        goto out;
    }
    if (!ww_space_load(mem, bi_at, b.buf, b.len, err))   /* inside the span reserved above */
        goto out;
    /* head.S: supervisor, interrupts masked, MMU off (the CPU's reset state). */
    if (!set_reg(cpu, "sr", 0x2700, err) || !set_reg(cpu, "pc", e.entry, err) ||
        !set_reg(cpu, "isp", bi_at & ~3ull, err))
        goto out;
    p->kernel_taken = true;
    ok = true;
out:
    ww_bootram_clear(&r);
    g_free(kwhat);
    g_free(iwhat);
    g_bytes_unref(k);
    if (initrd)
        g_bytes_unref(initrd);
    return ok;
}

static const ww_preparer linux_m68k = {
    "linux-m68k", "Linux/m68k on a 68k Mac: the vmlinux, the bootinfo records and the "
    "CPU state head.S expects (--kernel/--initrd/--append, as QEMU's q800)", 30,
    linux_m68k_run };
WW_PREPARER_REGISTER(linux_m68k)
