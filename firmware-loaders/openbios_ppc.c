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
 *   PPC_TBFREQ (the CPU's tb-freq), PPC_CLOCKFREQ (its clock), PPC_BUSFREQ (the
 *   MPC106's bus-freq property; without one, 4 × the time base: the 750 counts
 *   the time base at a quarter of the bus clock), PPC_IS_KVM 0, PPC_NVRAM_ADDR 0 (Old World: OpenBIOS uses Mac I/O
 *   + 0x60000), PPC_NVRAM_FLAT 0, PPC_VIACONFIG 0 (CUDA).
 * The kernel is an ELF (vmlinux) loaded into RAM as QEMU does: each segment at
 * (address & 0x0FFFFFFF) + 0x01000000 (KERNEL_LOAD_ADDR); the initrd at the
 * next 4 KiB boundary after kernel + 1 MiB (KERNEL_GAP); the command line at
 * the page after that, NUL-terminated, at most one page. */
#include "firmware-loaders/prepare.h"
#include "firmware-loaders/bootram.h"
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

/* The 60x bus clock a chip of the machine declares (the host bridge's
 * "bus-freq"), or 0. */
static uint64_t bus_freq(ww_machine *m)
{
    ww_chip *const *chips;
    unsigned n = ww_machine_chips(m, &chips);
    for (unsigned i = 0; i < n; i++) {
        uint64_t f = ww_chip_prop_uint(chips[i], "bus-freq");
        if (f)
            return f;
    }
    return 0;
}

typedef struct {
    uint32_t kernel_base, kernel_size, initrd_base, initrd_size, cmdline_base;
} kernel_layout;

/* Load the kernel, initrd and command line into RAM as QEMU does. */
static bool load_kernel(ww_prep *p, ww_space *mem, uint64_t ram, kernel_layout *l,
                        GError **err)
{
    const ww_mdl_opts *o = p->opts;
    GBytes *k = ww_bootram_read("--kernel", o->kernel, err);
    if (!k)
        return false;
    bool ok = false;
    GBytes *initrd = NULL;
    ww_bootram r;
    ww_bootram_init(&r, mem, ram);
    char *kwhat = g_strdup_printf("--kernel %s", o->kernel), *iwhat = NULL;
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
    uint64_t top;
    if (!ww_bootram_load_elf(&r, kwhat, &e, kimg, 0x0fffffffu, KERNEL_LOAD_ADDR, &top, err))
        goto out;
    top = MAX(top, (uint64_t)KERNEL_LOAD_ADDR);     /* no segment: an empty kernel */
    l->kernel_base = KERNEL_LOAD_ADDR;
    l->kernel_size = (uint32_t)(top - KERNEL_LOAD_ADDR);
    uint64_t next = ALIGN_UP((uint64_t)l->kernel_base + l->kernel_size + KERNEL_GAP);
    if (o->initrd) {
        if (!(initrd = ww_bootram_read("--initrd", o->initrd, err)))
            goto out;
        size_t ilen = g_bytes_get_size(initrd);
        iwhat = g_strdup_printf("--initrd %s", o->initrd);
        if (!ww_bootram_load(&r, iwhat, next, g_bytes_get_data(initrd, NULL), ilen, err))
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
        /* The page is the command line's (QEMU's cmdline_base; OpenBIOS reads from it). */
        if (!ww_bootram_reserve(&r, "--append", next, PAGE, err) ||
            !ww_space_load(mem, next, o->append, alen + 1, err))
            goto out;
        l->cmdline_base = (uint32_t)next;
    }
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

static bool openbios_ppc_run(ww_prep *p, GError **err)
{
    unsigned ncpu;
    ww_chip *cpu = ww_prep_find_cpu(p->m, "ppc", &ncpu);
    ww_chip *fw = ww_fw_cfg_find(p->m);
    if (!cpu || !fw || !ww_fw_cfg_is_mmio(fw) || !ww_prep_find_type(p->m, "heathrow"))
        return true;   /* not an Old World Power Mac with fw_cfg: nothing to do */
    ww_space *mem = cpu->bus[WW_CPU_BUS_MEM];
    uint64_t ram = mem ? ww_bootram_size(mem) : 0;
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
    uint64_t bus = bus_freq(p->m);
    if (!bus)
        bus = tb * 4;
    bool ok =
        ww_fw_cfg_set_u64(fw, WW_FW_CFG_RAM_SIZE, ram, err) &&
        ww_fw_cfg_set_u16(fw, WW_FW_CFG_NB_CPUS, (uint16_t)ncpu, err) &&
        ww_fw_cfg_set_u16(fw, WW_FW_CFG_MAX_CPUS, (uint16_t)ncpu, err) &&
        ww_fw_cfg_set_u16(fw, WW_FW_CFG_MACHINE_ID, ARCH_HEATHROW, err) &&
        ww_fw_cfg_set_u16(fw, WW_FW_CFG_NOGRAPHIC, ww_prep_has_display(p->m) ? 0 : 1, err) &&
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
        ww_fw_cfg_set_u32(fw, FW_CFG_PPC_BUSFREQ, (uint32_t)MIN(bus, UINT32_MAX), err) &&
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
