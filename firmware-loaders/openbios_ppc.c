/* firmware-loaders/openbios_ppc.c — what OpenBIOS for PowerPC reads from
 * fw_cfg on an Old World Power Mac (the "openbios-ppc" preparer), and direct
 * kernel boot through it (--kernel/--initrd/--append, as QEMU's -kernel).
 *
 * Keyed by what the machine holds: a PowerPC CPU, a fw_cfg device of the mmio
 * variant (OpenBIOS's CFG_ADDR 0xF0000510 is the machine's business: a <map>),
 * and a Heathrow Mac I/O (machine id ARCH_HEATHROW = 2; OpenBIOS
 * arch/ppc/qemu/init.c known_arch[]). Items, as QEMU's hw/ppc/mac_oldworld.c
 * sets them (QEMU 7.2) and OpenBIOS reads them (arch/ppc/qemu/init.c,
 * drivers/macio.c, include/arch/common/fw_cfg.h for the arch-local keys):
 *   RAM_SIZE (64-bit), NB_CPUS, MAX_CPUS, MACHINE_ID, NOGRAPHIC (1 when the
 *   machine has no display: OpenBIOS then uses the ESCC "scca" for its console),
 *   BOOT_DEVICE ('m' with a kernel, else 'c'), KERNEL_ADDR/SIZE/CMDLINE,
 *   INITRD_ADDR/SIZE, and PPC_WIDTH/HEIGHT/DEPTH (800×600×32, QEMU's defaults),
 *   PPC_TBFREQ (the CPU's tb-freq), PPC_CLOCKFREQ (its clock), PPC_BUSFREQ (4 ×
 *   the time base: the 750 counts the time base at a quarter of the bus
 *   clock), PPC_IS_KVM 0, PPC_NVRAM_ADDR 0 (Old World: OpenBIOS uses Mac I/O
 *   + 0x60000), PPC_NVRAM_FLAT 0, PPC_VIACONFIG 0 (CUDA).
 * The kernel is an ELF (vmlinux) loaded into RAM as QEMU does: each segment at
 * (address & 0x0FFFFFFF) + 0x01000000 (KERNEL_LOAD_ADDR); the initrd at the
 * next 4 KiB boundary after kernel + 1 MiB (KERNEL_GAP); the command line at
 * the page after that, NUL-terminated, at most one page. */
#include "firmware-loaders/prepare.h"
#include "firmware-loaders/elf32.h"
#include "chips/firmware/fw_cfg.h"
#include "core/error.h"
#include <string.h>

enum { ARCH_HEATHROW = 2 };
enum {
    FW_CFG_PPC_WIDTH = WW_FW_CFG_ARCH_LOCAL + 0x00, FW_CFG_PPC_HEIGHT = WW_FW_CFG_ARCH_LOCAL + 0x01,
    FW_CFG_PPC_DEPTH = WW_FW_CFG_ARCH_LOCAL + 0x02, FW_CFG_PPC_TBFREQ = WW_FW_CFG_ARCH_LOCAL + 0x03,
    FW_CFG_PPC_CLOCKFREQ = WW_FW_CFG_ARCH_LOCAL + 0x04,
    FW_CFG_PPC_IS_KVM = WW_FW_CFG_ARCH_LOCAL + 0x05,
    FW_CFG_PPC_NVRAM_ADDR = WW_FW_CFG_ARCH_LOCAL + 0x08,
    FW_CFG_PPC_BUSFREQ = WW_FW_CFG_ARCH_LOCAL + 0x09,
    FW_CFG_PPC_NVRAM_FLAT = WW_FW_CFG_ARCH_LOCAL + 0x0a,
    FW_CFG_PPC_VIACONFIG = WW_FW_CFG_ARCH_LOCAL + 0x0b,
};
#define KERNEL_LOAD_ADDR 0x01000000u
#define KERNEL_GAP 0x00100000u
#define PAGE 4096u
#define ALIGN_UP(x) (((x) + PAGE - 1) & ~(uint64_t)(PAGE - 1))

static bool has_type(ww_machine *m, const char *type)
{
    ww_chip *const *chips;
    unsigned n = ww_machine_chips(m, &chips);
    for (unsigned i = 0; i < n; i++)
        if (!strcmp(chips[i]->cls->type, type))
            return true;
    return false;
}

static ww_chip *ppc_cpu(ww_machine *m, unsigned *count)
{
    ww_chip *const *chips, *first = NULL;
    unsigned n = ww_machine_chips(m, &chips);
    *count = 0;
    for (unsigned i = 0; i < n; i++) {
        const ww_cpu_ops *ops = chips[i]->cls->cpu;
        if (ops && ops->family && !strcmp(ops->family, "ppc")) {
            if (!first)
                first = chips[i];
            (*count)++;
        }
    }
    return first;
}

/* Bytes of RAM mapped from address 0 of the CPU's memory (one mapping). */
static uint64_t ram_at_0(ww_space *mem)
{
    const ww_mapping *list;
    unsigned n = ww_space_mappings(mem, &list);
    const ww_mapping *const *maps = (const ww_mapping *const *)list;
    uint64_t best = 0;
    for (unsigned i = 0; i < n; i++)
        if (maps[i]->kind == WW_MAP_RAM && !maps[i]->hidden && maps[i]->base == 0)
            best = MAX(best, maps[i]->size);
    return best;
}

static bool has_display(ww_machine *m)
{
    ww_backend_slot *const *slots;
    unsigned n = ww_machine_backend_slots(m, &slots);
    for (unsigned i = 0; i < n; i++)
        if (slots[i]->type == WW_BACKEND_DISPLAY)
            return true;
    return false;
}

static GBytes *read_file(const char *opt, const char *path, GError **err)
{
    gchar *data = NULL;
    gsize len = 0;
    GError *e = NULL;
    if (!g_file_get_contents(path, &data, &len, &e)) {
        g_set_error(err, WW_ERROR, WW_ERROR_NOT_FOUND, "%s %s: %s", opt, path, e->message);
        g_error_free(e);
        return NULL;
    }
    return g_bytes_new_take(data, len);
}

typedef struct {
    uint32_t kernel_base, kernel_size, initrd_base, initrd_size, cmdline_base;
} kernel_layout;

/* Load the kernel, initrd and command line into RAM as QEMU does. */
static bool load_kernel(ww_prep *p, ww_space *mem, uint64_t ram, kernel_layout *l,
                        GError **err)
{
    const ww_mdl_opts *o = p->opts;
    GBytes *k = read_file("--kernel", o->kernel, err);
    if (!k)
        return false;
    bool ok = false;
    GBytes *initrd = NULL;
    size_t klen;
    const uint8_t *kimg = g_bytes_get_data(k, &klen);
    ww_elf32 e;
    GError *pe = NULL;
    if (!ww_elf32_parse(kimg, klen, &e, &pe)) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "--kernel %s: %s; expected a PowerPC "
                    "vmlinux (ELF)", o->kernel, pe->message);
        g_error_free(pe);
        goto out;
    }
    if (e.machine != 20 || !e.big_endian) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "--kernel %s: an ELF for machine %u (%s "
                    "endian); expected a big-endian PowerPC vmlinux (machine 20)", o->kernel,
                    e.machine, e.big_endian ? "big" : "little");
        goto out;
    }
    uint64_t top = 0;
    for (unsigned i = 0; i < e.nsegs; i++) {
        uint64_t at = (e.seg[i].paddr & 0x0fffffffu) + (uint64_t)KERNEL_LOAD_ADDR;
        top = MAX(top, at + e.seg[i].memsz);
    }
    if (top > ram) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "--kernel %s: loaded at 0x%x it ends at "
                    "0x%" G_GINT64_MODIFIER "x, beyond the %" G_GUINT64_FORMAT " MiB of RAM",
                    o->kernel, KERNEL_LOAD_ADDR, top, ram >> 20);
        goto out;
    }
    for (unsigned i = 0; i < e.nsegs; i++) {
        uint64_t at = (e.seg[i].paddr & 0x0fffffffu) + (uint64_t)KERNEL_LOAD_ADDR;
        uint8_t *zero = g_malloc0(e.seg[i].memsz);
        memcpy(zero, kimg + e.seg[i].offset, e.seg[i].filesz);
        bool w = ww_space_load(mem, at, zero, e.seg[i].memsz, err);
        g_free(zero);
        if (!w)
            goto out;
    }
    l->kernel_base = KERNEL_LOAD_ADDR;
    l->kernel_size = (uint32_t)(top - KERNEL_LOAD_ADDR);
    uint64_t next = ALIGN_UP((uint64_t)l->kernel_base + l->kernel_size + KERNEL_GAP);
    if (o->initrd) {
        if (!(initrd = read_file("--initrd", o->initrd, err)))
            goto out;
        size_t ilen = g_bytes_get_size(initrd);
        if (!ilen) {
            g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "--initrd %s: the file is empty",
                        o->initrd);
            goto out;
        }
        if (next + ilen + PAGE > ram) {
            g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "--initrd %s: %zu bytes at 0x%"
                        G_GINT64_MODIFIER "x do not fit in %" G_GUINT64_FORMAT " MiB of RAM",
                        o->initrd, ilen, next, ram >> 20);
            goto out;
        }
        if (!ww_space_load(mem, next, g_bytes_get_data(initrd, NULL), ilen, err))
            goto out;
        l->initrd_base = (uint32_t)next;
        l->initrd_size = (uint32_t)ilen;
        next = ALIGN_UP(next + ilen);
    }
    if (o->append) {
        size_t alen = strlen(o->append);
        if (alen >= PAGE) {
            g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "--append: %zu bytes; expected at "
                        "most %u (one page, as QEMU copies it)", alen, PAGE - 1);
            goto out;
        }
        if (next + PAGE > ram || !ww_space_load(mem, next, o->append, alen + 1, err)) {
            if (err && !*err)
                g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "--append: no room in RAM");
            goto out;
        }
        l->cmdline_base = (uint32_t)next;
    }
    ok = true;
out:
    g_bytes_unref(k);
    if (initrd)
        g_bytes_unref(initrd);
    return ok;
}

static bool openbios_ppc_run(ww_prep *p, GError **err)
{
    unsigned ncpu;
    ww_chip *cpu = ppc_cpu(p->m, &ncpu);
    ww_chip *fw = ww_fw_cfg_find(p->m);
    if (!cpu || !fw || !ww_fw_cfg_is_mmio(fw) || !has_type(p->m, "heathrow"))
        return true;   /* not an Old World Power Mac with fw_cfg: nothing to do */
    ww_space *mem = cpu->bus[WW_CPU_BUS_MEM];
    uint64_t ram = mem ? ram_at_0(mem) : 0;
    if (!ram) {
        g_set_error(err, WW_ERROR, WW_ERROR_NOT_FOUND, "%s: no RAM mapped at address 0 of its "
                    "memory; OpenBIOS needs it there", cpu->id);
        return false;
    }
    kernel_layout l = { 0 };
    bool kernel = p->opts && p->opts->kernel;
    if (kernel && !load_kernel(p, mem, ram, &l, err))
        return false;
    uint64_t clock = ((ww_cpu *)cpu)->clock_hz;
    uint64_t tb = ww_chip_prop_uint(cpu, "tb-freq");
    if (!tb)
        tb = clock / 4;
    bool ok =
        ww_fw_cfg_set_u64(fw, WW_FW_CFG_RAM_SIZE, ram, err) &&
        ww_fw_cfg_set_u16(fw, WW_FW_CFG_NB_CPUS, (uint16_t)ncpu, err) &&
        ww_fw_cfg_set_u16(fw, WW_FW_CFG_MAX_CPUS, (uint16_t)ncpu, err) &&
        ww_fw_cfg_set_u16(fw, WW_FW_CFG_MACHINE_ID, ARCH_HEATHROW, err) &&
        ww_fw_cfg_set_u16(fw, WW_FW_CFG_NOGRAPHIC, has_display(p->m) ? 0 : 1, err) &&
        ww_fw_cfg_set_u16(fw, WW_FW_CFG_BOOT_DEVICE, kernel ? 'm' : 'c', err) &&
        ww_fw_cfg_set_u32(fw, WW_FW_CFG_KERNEL_ADDR, l.kernel_base, err) &&
        ww_fw_cfg_set_u32(fw, WW_FW_CFG_KERNEL_SIZE, l.kernel_size, err) &&
        ww_fw_cfg_set_u32(fw, WW_FW_CFG_KERNEL_CMDLINE, l.cmdline_base, err) &&
        ww_fw_cfg_set_u32(fw, WW_FW_CFG_INITRD_ADDR, l.initrd_base, err) &&
        ww_fw_cfg_set_u32(fw, WW_FW_CFG_INITRD_SIZE, l.initrd_size, err) &&
        ww_fw_cfg_set_u16(fw, FW_CFG_PPC_WIDTH, 800, err) &&
        ww_fw_cfg_set_u16(fw, FW_CFG_PPC_HEIGHT, 600, err) &&
        ww_fw_cfg_set_u16(fw, FW_CFG_PPC_DEPTH, 32, err) &&
        ww_fw_cfg_set_u32(fw, FW_CFG_PPC_TBFREQ, (uint32_t)tb, err) &&
        ww_fw_cfg_set_u32(fw, FW_CFG_PPC_CLOCKFREQ, (uint32_t)MIN(clock, UINT32_MAX), err) &&
        ww_fw_cfg_set_u32(fw, FW_CFG_PPC_BUSFREQ, (uint32_t)MIN(tb * 4, UINT32_MAX), err) &&
        ww_fw_cfg_set_u32(fw, FW_CFG_PPC_IS_KVM, 0, err) &&
        ww_fw_cfg_set_u32(fw, FW_CFG_PPC_NVRAM_ADDR, 0, err) &&
        ww_fw_cfg_set_u32(fw, FW_CFG_PPC_NVRAM_FLAT, 0, err) &&
        ww_fw_cfg_set_u32(fw, FW_CFG_PPC_VIACONFIG, 0, err);
    if (ok && kernel)
        p->kernel_taken = true;
    return ok;
}

static const ww_preparer openbios_ppc = {
    "openbios-ppc", "OpenBIOS's fw_cfg items on an Old World Power Mac; --kernel/--initrd/"
    "--append loaded as QEMU's g3beige does", 20, openbios_ppc_run };
WW_PREPARER_REGISTER(openbios_ppc)
