/* tests/firmware-loaders/openbios_ppc.c — the "openbios-ppc" preparer: the
 * fw_cfg items OpenBIOS reads on an Old World Power Mac, read back over the
 * 60x bus as OpenBIOS's arch/ppc/qemu/init.c does it (a big-endian 16-bit
 * selector write at CFG_ADDR 0xF0000510, then data bytes at CFG_ADDR + 2), and
 * direct kernel boot (QEMU hw/ppc/mac_oldworld.c's layout: the ELF at
 * 0x01000000, the initrd a page-aligned 1 MiB gap after it, the command line on
 * the page after the initrd). Kernels are small ELFs built here. */
#include "tests/harness.h"
#include "core/machine.h"
#include "core/mdl.h"
#include "core/space.h"
#include "firmware-loaders/prepare.h"
#include "chips/firmware/fw_cfg.h"
#include <glib/gstdio.h>
#include <string.h>

#define CFG_ADDR 0xF0000510u
enum { ARCH_LOCAL = 0x8000 };
enum { PPC_WIDTH = ARCH_LOCAL, PPC_HEIGHT, PPC_DEPTH, PPC_TBFREQ, PPC_CLOCKFREQ, PPC_IS_KVM,
       PPC_NVRAM_ADDR = ARCH_LOCAL + 8, PPC_BUSFREQ, PPC_NVRAM_FLAT, PPC_VIACONFIG };

/* The G3's CPU, RAM, fw_cfg as machines/powermac/g3beige.xml maps it, and a
 * Heathrow (what marks the machine as Old World); `extra` is more XML. */
static ww_machine *mac(const char *ram, bool heathrow, const char *extra)
{
    char *xml = g_strdup_printf(
        "<machine name='test/oldworld'>\n"
        "  <cpu id='cpu' type='ppc' model='ppc750' clock='266MHz' tb-freq='16.6MHz'/>\n"
        "  <ram id='ram' size='%s'/>\n"
        "  <map space='cpu.mem' at='0' to='ram'/>\n"
        "  <chip id='fwcfg' type='fw_cfg' variant='mmio' dma='false'/>\n"
        "  <map space='cpu.mem' at='0xF0000510' size='2' to='fwcfg.mmio' offset='8'/>\n"
        "  <map space='cpu.mem' at='0xF0000512' size='1' to='fwcfg.mmio' offset='0'/>\n"
        "%s%s"
        "</machine>\n", ram,
        heathrow ? "  <pcibus id='pci' mem='cpu.mem' dma='cpu.mem'/>\n"
                   "  <chip id='mio' type='heathrow'/>\n"
                   "  <pci chip='mio' slot='16'/>\n" : "",
        extra ? extra : "");
    ww_machine *m = ww_test_machine_xml(xml);
    g_free(xml);
    return m;
}

/* OpenBIOS's fw_cfg_read: select, then read len bytes one at a time. */
static void cfg_read(ww_machine *m, uint16_t key, uint8_t *buf, unsigned len)
{
    ww_space *mem = ww_machine_find_space(m, "cpu.mem");
    WW_CHECK(mem);
    ww_space_write(mem, CFG_ADDR, 2, key);
    for (unsigned i = 0; i < len; i++) {
        uint64_t v = 0;
        ww_space_read(mem, CFG_ADDR + 2, 1, &v);
        buf[i] = (uint8_t)v;
    }
}

static uint32_t cfg32(ww_machine *m, uint16_t key)
{
    uint8_t b[4];
    cfg_read(m, key, b, 4);
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static uint16_t cfg16(ww_machine *m, uint16_t key)
{
    uint8_t b[2];
    cfg_read(m, key, b, 2);
    return (uint16_t)(b[0] | b[1] << 8);
}

static uint32_t ram32(ww_machine *m, uint32_t a)
{
    uint64_t v = 0;
    ww_space_read(ww_machine_find_space(m, "cpu.mem"), a, 4, &v);
    return (uint32_t)v;
}

/* A big-endian ELF32 (machine `machine`) with one PT_LOAD segment of `filesz`
 * bytes (a counting pattern) to be loaded at paddr, memsz bytes in memory. */
static GByteArray *elf(uint16_t machine, uint32_t paddr, uint32_t filesz, uint32_t memsz)
{
    GByteArray *a = g_byte_array_new();
    uint8_t h[52 + 32] = { 0x7f, 'E', 'L', 'F', 1, 2, 1 };
#define BE16(o, v) (h[o] = (uint8_t)((v) >> 8), h[(o) + 1] = (uint8_t)(v))
#define BE32(o, v) (BE16(o, (v) >> 16), BE16((o) + 2, (v) & 0xffff))
    BE16(16, 2);              /* ET_EXEC */
    BE16(18, machine);
    BE32(20, 1);
    BE32(24, paddr);          /* entry */
    BE32(28, 52);             /* phoff */
    BE16(40, 52);             /* ehsize */
    BE16(42, 32);             /* phentsize */
    BE16(44, 1);              /* phnum */
    BE16(46, 40);             /* shentsize */
    BE32(52, 1);              /* PT_LOAD */
    BE32(56, 0x100);          /* offset */
    BE32(60, 0xc0000000u | paddr);
    BE32(64, paddr);
    BE32(68, filesz);
    BE32(72, memsz);
    BE32(76, 7);
    BE32(80, 0x1000);
#undef BE16
#undef BE32
    g_byte_array_append(a, h, sizeof h);
    g_byte_array_set_size(a, 0x100 + filesz);
    memset(a->data + sizeof h, 0, 0x100 - sizeof h);
    for (uint32_t i = 0; i < filesz; i++)
        a->data[0x100 + i] = (uint8_t)(i * 3 + 1);
    return a;
}

/* Files in a scratch directory, removed with it by drop(). */
static char *scratch(const char *name, const void *data, size_t len)
{
    char *dir = g_dir_make_tmp("ww-obppc-XXXXXX", NULL);
    WW_CHECK(dir);
    char *p = g_build_filename(dir, name, NULL);
    g_free(dir);
    WW_CHECK(g_file_set_contents(p, data, (gssize)len, NULL));
    return p;
}

static void drop(char *path)
{
    char *dir = g_path_get_dirname(path);
    g_unlink(path);
    g_rmdir(dir);
    g_free(dir);
    g_free(path);
}

WW_TEST("firmware-loaders/openbios-ppc/items-over-the-bus", t_items)
{
    ww_machine *m = mac("64MiB", true, NULL);
    GError *err = NULL;
    WW_CHECK_NOERR(ww_firmware_prepare(m, NULL, &err), err);
    /* The signature and the revision OpenBIOS insists on (1: no DMA). */
    uint8_t sig[4];
    cfg_read(m, 0x0000, sig, 4);
    WW_CHECK(!memcmp(sig, "QEMU", 4));
    WW_CHECK_EQ(cfg32(m, 0x0001), 1);
    /* RAM size (64-bit), one CPU, ARCH_HEATHROW, no display: NOGRAPHIC. */
    WW_CHECK_EQ(cfg32(m, WW_FW_CFG_RAM_SIZE), 64u << 20);
    WW_CHECK_EQ(cfg16(m, WW_FW_CFG_NB_CPUS), 1);
    WW_CHECK_EQ(cfg16(m, WW_FW_CFG_MAX_CPUS), 1);
    WW_CHECK_EQ(cfg16(m, WW_FW_CFG_MACHINE_ID), 2);
    WW_CHECK_EQ(cfg16(m, WW_FW_CFG_NOGRAPHIC), 1);
    /* No kernel: boot from the disk ('c'), kernel items zero. */
    WW_CHECK_EQ(cfg16(m, WW_FW_CFG_BOOT_DEVICE), 'c');
    WW_CHECK_EQ(cfg32(m, WW_FW_CFG_KERNEL_SIZE), 0);
    WW_CHECK_EQ(cfg32(m, WW_FW_CFG_INITRD_SIZE), 0);
    WW_CHECK_EQ(cfg32(m, WW_FW_CFG_KERNEL_CMDLINE), 0);
    ww_machine_free(m);
}

WW_TEST("firmware-loaders/openbios-ppc/ppc-items", t_ppc_items)
{
    ww_machine *m = mac("32MiB", true, NULL);
    GError *err = NULL;
    WW_CHECK_NOERR(ww_firmware_prepare(m, NULL, &err), err);
    /* Frame buffer geometry as QEMU's defaults; the CPU's clock and time base
     * from the machine; the bus at four times the time base (no bridge says
     * otherwise); CUDA, not PMU;
     * Old World NVRAM (address 0: OpenBIOS uses Mac I/O + 0x60000). */
    WW_CHECK_EQ(cfg16(m, PPC_WIDTH), 800);
    WW_CHECK_EQ(cfg16(m, PPC_HEIGHT), 600);
    WW_CHECK_EQ(cfg16(m, PPC_DEPTH), 32);
    WW_CHECK_EQ(cfg32(m, PPC_CLOCKFREQ), 266000000u);
    WW_CHECK_EQ(cfg32(m, PPC_TBFREQ), 16600000u);
    WW_CHECK_EQ(cfg32(m, PPC_BUSFREQ), 66400000u);
    WW_CHECK_EQ(cfg32(m, PPC_IS_KVM), 0);
    WW_CHECK_EQ(cfg32(m, PPC_NVRAM_ADDR), 0);
    WW_CHECK_EQ(cfg32(m, PPC_NVRAM_FLAT), 0);
    WW_CHECK_EQ(cfg32(m, PPC_VIACONFIG), 0);
    /* An item nobody set reads as zeros past its end (QEMU: 0). */
    uint8_t b[2] = { 0xaa, 0xaa };
    cfg_read(m, ARCH_LOCAL + 0x30, b, 2);
    WW_CHECK_EQ(b[0] | b[1], 0);
    ww_machine_free(m);
}

WW_TEST("firmware-loaders/openbios-ppc/bus-freq-from-the-bridge", t_busfreq)
{
    /* The MPC106's bus-freq (66 MHz, as g3beige.xml and QEMU's BUSFREQ) wins
     * over four times the time base. */
    ww_machine *m = mac("32MiB", true,
                        "  <chip id='grackle' type='mpc106' ram='32MiB' bus-freq='66MHz'/>\n"
                        "  <pci chip='grackle' slot='0'/>\n");
    GError *err = NULL;
    WW_CHECK_NOERR(ww_firmware_prepare(m, NULL, &err), err);
    WW_CHECK_EQ(cfg32(m, PPC_BUSFREQ), 66000000u);
    WW_CHECK_EQ(cfg32(m, PPC_TBFREQ), 16600000u);
    ww_machine_free(m);
}

WW_TEST("firmware-loaders/openbios-ppc/display-clears-nographic", t_display)
{
    /* With a display slot OpenBIOS is told to use it (NOGRAPHIC 0). */
    ww_machine *m = mac("32MiB", true, "  <chip id='tc' type='wwtestchip'/>\n");
    GError *err = NULL;
    /* A display slot, as <display from=…> declares one. */
    WW_CHECK_NOERR(ww_machine_add_backend_slot(m, WW_BACKEND_DISPLAY, NULL, NULL,
                                               ww_machine_find_chip(m, "tc"), 0, 0, &err), err);
    WW_CHECK_NOERR(ww_firmware_prepare(m, NULL, &err), err);
    WW_CHECK_EQ(cfg16(m, WW_FW_CFG_NOGRAPHIC), 0);
    ww_machine_free(m);
}

WW_TEST("firmware-loaders/openbios-ppc/kernel-layout", t_kernel)
{
    ww_machine *m = mac("64MiB", true, NULL);
    /* A kernel linked at 0xC0000000 (paddr 0) of 0x3000 bytes, 0x5000 in
     * memory; an initrd of 10000 bytes; a command line. */
    GByteArray *k = elf(20, 0, 0x3000, 0x5000);
    char *kp = scratch("vmlinux", k->data, k->len);
    uint8_t initrd[10000];
    for (unsigned i = 0; i < sizeof initrd; i++)
        initrd[i] = (uint8_t)(i ^ 0x5a);
    char *ip = scratch("initrd", initrd, sizeof initrd);
    ww_mdl_opts o = { .kernel = kp, .initrd = ip, .append = "console=ttyS0 root=/dev/ram" };
    GError *err = NULL;
    WW_CHECK_NOERR(ww_firmware_prepare(m, &o, &err), err);
    /* The kernel at KERNEL_LOAD_ADDR, its size its memory image, BSS zeroed. */
    WW_CHECK_EQ(cfg16(m, WW_FW_CFG_BOOT_DEVICE), 'm');
    WW_CHECK_EQ(cfg32(m, WW_FW_CFG_KERNEL_ADDR), 0x01000000u);
    WW_CHECK_EQ(cfg32(m, WW_FW_CFG_KERNEL_SIZE), 0x5000);
    WW_CHECK_EQ(ram32(m, 0x01000000u), 0x0104070au);
    WW_CHECK_EQ(ram32(m, 0x01003000u), 0);
    /* The initrd 1 MiB after the kernel's end, page-aligned; its bytes. */
    uint32_t ia = cfg32(m, WW_FW_CFG_INITRD_ADDR);
    WW_CHECK_EQ(ia, 0x01105000u);
    WW_CHECK_EQ(cfg32(m, WW_FW_CFG_INITRD_SIZE), sizeof initrd);
    WW_CHECK_EQ(ram32(m, ia), 0x5a5b5859u);
    /* The command line on the page after the initrd, NUL-terminated. */
    uint32_t ca = cfg32(m, WW_FW_CFG_KERNEL_CMDLINE);
    WW_CHECK_EQ(ca, 0x01108000u);
    WW_CHECK_EQ(ram32(m, ca), ('c' << 24) | ('o' << 16) | ('n' << 8) | 's');
    WW_CHECK_EQ(ram32(m, ca + 24) & 0xff, 0);
    g_byte_array_free(k, TRUE);
    drop(kp);
    drop(ip);
    ww_machine_free(m);
}

WW_TEST("firmware-loaders/openbios-ppc/bad-kernels", t_bad)
{
    ww_machine *m = mac("20MiB", true, NULL);
    GError *err = NULL;
    /* Not an ELF (a bzImage-like blob), a little-endian or x86 ELF, one that
     * ends beyond RAM, a missing file: each named. */
    char *txt = scratch("notelf", "MZ not an elf at all, padded out....................", 52);
    ww_mdl_opts o = { .kernel = txt };
    WW_CHECK_ERR(ww_firmware_prepare(m, &o, &err), err, "expected a PowerPC vmlinux");
    GByteArray *x86 = elf(3, 0, 0x100, 0x100);
    char *xp = scratch("x86", x86->data, x86->len);
    o.kernel = xp;
    WW_CHECK_ERR(ww_firmware_prepare(m, &o, &err), err, "machine 3");
    GByteArray *big = elf(20, 0, 0x100, 16u << 20);
    char *bp = scratch("big", big->data, big->len);
    o.kernel = bp;
    WW_CHECK_ERR(ww_firmware_prepare(m, &o, &err), err, "beyond the 20 MiB of RAM");
    o.kernel = "/nonexistent/vmlinux";
    WW_CHECK_ERR(ww_firmware_prepare(m, &o, &err), err, "--kernel /nonexistent/vmlinux");
    g_byte_array_free(x86, TRUE);
    g_byte_array_free(big, TRUE);
    drop(txt);
    drop(xp);
    drop(bp);
    ww_machine_free(m);
}

WW_TEST("firmware-loaders/openbios-ppc/bad-initrd-and-append", t_bad_initrd)
{
    ww_machine *m = mac("20MiB", true, NULL);
    GByteArray *k = elf(20, 0, 0x100, 0x1000);
    char *kp = scratch("small", k->data, k->len);
    char *ep = scratch("empty", "", 0);
    GError *err = NULL;
    /* An empty initrd, an initrd that does not fit, a command line over a page. */
    ww_mdl_opts o = { .kernel = kp, .initrd = ep };
    WW_CHECK_ERR(ww_firmware_prepare(m, &o, &err), err, "the file is empty");
    uint8_t *huge = g_malloc0(4u << 20);
    char *hp = scratch("huge", huge, 4u << 20);
    o.initrd = hp;
    WW_CHECK_ERR(ww_firmware_prepare(m, &o, &err), err, "do not fit");
    char *longline = g_malloc(5000);
    memset(longline, 'x', 4999);
    longline[4999] = 0;
    o.initrd = NULL;
    o.append = longline;
    WW_CHECK_ERR(ww_firmware_prepare(m, &o, &err), err, "expected at most 4095");
    g_free(huge);
    drop(hp);
    g_free(longline);
    g_byte_array_free(k, TRUE);
    drop(kp);
    drop(ep);
    ww_machine_free(m);
}

WW_TEST("firmware-loaders/openbios-ppc/not-an-old-world-mac", t_not_mac)
{
    /* A PowerPC with fw_cfg but no Heathrow: the preparer sets nothing. */
    ww_machine *m = mac("16MiB", false, NULL);
    GError *err = NULL;
    WW_CHECK_NOERR(ww_firmware_prepare(m, NULL, &err), err);
    WW_CHECK(!ww_fw_cfg_get(ww_machine_find_chip(m, "fwcfg"), WW_FW_CFG_MACHINE_ID));
    ww_machine_free(m);
}
