/* firmware-loaders/linux_x86.c — direct boot of a Linux x86 bzImage on the PC
 * (the "linux-x86" preparer), as QEMU's -kernel/-initrd/-append: the checks
 * and placement of linux_x86.h, the fw_cfg items QEMU's x86_load_linux sets
 * (hw/i386/x86.c), and QEMU's option ROM linuxboot_dma.bin (or linuxboot.bin
 * when the device has no DMA) as fw_cfg "genroms/…", first in the boot order.
 *
 * What linuxboot_dma.bin reads (QEMU pc-bios/optionrom/linuxboot_dma.c;
 * checked against Debian's 7.2 binary with objdump -mi8086): SETUP_ADDR,
 * SETUP_SIZE, SETUP_DATA; then the header's version at 0x206 (below 2.03 it
 * writes initrd_addr_max 0x37ffffff); INITRD_ADDR, INITRD_SIZE — if the
 * initrd does not end on the header's initrd_addr_max page it moves it below
 * the top of memory that INT 15h E801 reports and rewrites ramdisk_image —
 * INITRD_DATA; KERNEL_ADDR, KERNEL_SIZE, KERNEL_DATA; CMDLINE_ADDR,
 * CMDLINE_SIZE, CMDLINE_DATA; then it sets every segment to SETUP_ADDR >> 4,
 * SP to CMDLINE_ADDR - SETUP_ADDR - 16 and far-jumps to the setup at +0x200.
 * Addresses and sizes are 32-bit little-endian items. */
#include "firmware-loaders/linux_x86.h"
#include "firmware-loaders/pc.h"
#include "firmware-loaders/prepare.h"
#include "chips/firmware/fw_cfg.h"
#include "core/error.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static uint16_t ld16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t ld32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static void st16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static void st32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

bool ww_bzimage_parse(const uint8_t *img, size_t len, ww_bzimage *out, GError **err)
{
    memset(out, 0, sizeof *out);
    if (len >= 4 && !memcmp(img, "\177ELF", 4)) {
        g_set_error(err, WW_ERROR, WW_ERROR_UNSUPPORTED, "not a bzImage: an ELF file (a "
                    "vmlinux or multiboot kernel); expected arch/x86/boot/bzImage");
        return false;
    }
    if (len < LNX_HEADER_MIN) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "not a bzImage: %zu bytes is too short "
                    "for the boot header (expected at least %u)", len, LNX_HEADER_MIN);
        return false;
    }
    /* boot.rst: "header: Magic signature "HdrS"" at 0x202. */
    if (memcmp(img + LNX_HEADER, "HdrS", 4)) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "not a bzImage: no \"HdrS\" boot "
                    "signature at 0x202; expected a Linux x86 kernel image");
        return false;
    }
    out->version = ld16(img + LNX_VERSION);
    if (out->version < 0x0202) {
        g_set_error(err, WW_ERROR, WW_ERROR_UNSUPPORTED, "Linux boot protocol %u.%02u is too "
                    "old; expected 2.02 or newer (Linux 2.4 and later)", out->version >> 8,
                    out->version & 0xff);
        return false;
    }
    out->loadflags = img[LNX_LOADFLAGS];
    if (!(out->loadflags & LNX_LOADED_HIGH)) {
        g_set_error(err, WW_ERROR, WW_ERROR_UNSUPPORTED, "not a bzImage: loadflags.LOADED_HIGH "
                    "is clear (a zImage, loaded at 0x10000); expected a bzImage");
        return false;
    }
    /* "setup_sects: The size of the setup in sectors … If this field is 0,
     * the real value is 4"; the boot sector comes first. */
    unsigned sects = img[LNX_SETUP_SECTS] ? img[LNX_SETUP_SECTS] : 4;
    out->setup_size = (sects + 1) * 512;
    if (out->setup_size >= len) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "invalid kernel header: setup_sects says "
                    "%u bytes of setup but the file has %zu", out->setup_size, len);
        return false;
    }
    /* x86_load_linux ("High and recent kernel"): setup at 0x10000, the command
     * line at 0x20000, so the setup and its heap end below 0x20000. */
    if (out->setup_size > 0x10000 - 0x200) {
        g_set_error(err, WW_ERROR, WW_ERROR_UNSUPPORTED, "invalid kernel header: %u bytes of "
                    "setup do not fit between 0x10000 and the command line at 0x20000",
                    out->setup_size);
        return false;
    }
    if (len - out->setup_size > WW_FW_CFG_MAX_ITEM) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "kernel image of %zu bytes is too large",
                    len);
        return false;
    }
    out->kernel_size = (uint32_t)(len - out->setup_size);
    out->initrd_addr_max = out->version >= 0x0203 ? ld32(img + LNX_INITRD_ADDR_MAX) : 0x37ffffff;
    out->cmdline_size = out->version >= 0x0206 ? ld32(img + LNX_CMDLINE_SIZE) : 255;
    if (out->version >= 0x0205) {
        out->kernel_alignment = ld32(img + LNX_KERNEL_ALIGNMENT);
        out->relocatable = img[LNX_RELOCATABLE] != 0;
    }
    if (out->version >= 0x020c)
        out->xloadflags = ld16(img + LNX_XLOADFLAGS);
    if (out->version >= 0x020a && len >= LNX_INIT_SIZE + 4)
        out->init_size = ld32(img + LNX_INIT_SIZE);
    return true;
}

bool ww_linux_x86_layout(const ww_bzimage *k, size_t cmdline_len, uint64_t initrd_size,
                         uint64_t below_4g, ww_linux_layout *out, GError **err)
{
    memset(out, 0, sizeof *out);
    out->real_addr = 0x10000;
    out->cmdline_addr = 0x20000;
    out->prot_addr = 0x100000;
    /* boot.rst "cmdline_size: The maximum size of the command line without
     * the terminating zero"; the line also stays below 0x90000 (EBDA side). */
    if (cmdline_len > k->cmdline_size || cmdline_len >= 0x90000 - out->cmdline_addr) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "the command line is %zu bytes; this "
                    "kernel takes at most %u (cmdline_size)", cmdline_len,
                    MIN(k->cmdline_size, 0x90000u - out->cmdline_addr - 1));
        return false;
    }
    uint64_t usable = below_4g > WW_LINUX_X86_ACPI_DATA ? below_4g - WW_LINUX_X86_ACPI_DATA : 0;
    if ((uint64_t)out->prot_addr + k->kernel_size > usable) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "the kernel (%u bytes at 0x%x) does not "
                    "fit in RAM: %" G_GUINT64_FORMAT " KiB below 4 GiB, of which the top "
                    "%u KiB are the firmware's", k->kernel_size, out->prot_addr, below_4g >> 10,
                    WW_LINUX_X86_ACPI_DATA >> 10);
        return false;
    }
    /* x86_load_linux: "highest address for loading the initrd". */
    uint64_t max;
    if (k->version >= 0x020c && (k->xloadflags & LNX_XLF_CAN_BE_LOADED_ABOVE_4G))
        max = UINT32_MAX;
    else
        max = k->initrd_addr_max;
    if (max >= usable)
        max = usable - 1;
    out->initrd_max = (uint32_t)max;
    if (!initrd_size)
        return true;
    /* QEMU: "if (initrd_size >= initrd_max) … initrd is too large". */
    uint64_t lowest = (uint64_t)out->prot_addr + k->kernel_size;
    uint64_t addr = initrd_size < max ? ((max - initrd_size) & ~4095ull) : 0;
    if (initrd_size >= max || addr < lowest) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "the initrd (%" G_GUINT64_FORMAT " bytes) "
                    "does not fit in RAM: it must lie between the kernel's end at 0x%"
                    G_GINT64_MODIFIER "x and 0x%x (the kernel's initrd_addr_max, or the top of "
                    "RAM below 4 GiB less %u KiB for the firmware)", initrd_size, lowest,
                    out->initrd_max, WW_LINUX_X86_ACPI_DATA >> 10);
        return false;
    }
    out->initrd_addr = (uint32_t)addr;
    return true;
}

/* x86_load_linux's "handle vga= parameter". */
static bool vga_mode(const char *cmdline, bool *set, uint16_t *mode, GError **err)
{
    const char *v = strstr(cmdline, "vga=");
    *set = v != NULL;
    if (!v)
        return true;
    v += 4;
    if (!strncmp(v, "normal", 6)) {
        *mode = 0xffff;
    } else if (!strncmp(v, "ext", 3)) {
        *mode = 0xfffe;
    } else if (!strncmp(v, "ask", 3)) {
        *mode = 0xfffd;
    } else {
        char *end = NULL;
        errno = 0;
        unsigned long n = strtoul(v, &end, 0);
        if (end == v || errno || n > 0xffff || (*end && *end != ' ') || *v == '-') {
            g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "invalid 'vga=' kernel parameter; "
                        "expected vga=normal, ext, ask or a mode number");
            return false;
        }
        *mode = (uint16_t)n;
    }
    return true;
}

bool ww_linux_x86_patch_setup(uint8_t *setup, size_t setup_size, const ww_linux_layout *l,
                              const char *cmdline, uint32_t initrd_size, GError **err)
{
    if (setup_size < LNX_HEADER_MIN) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "setup of %zu bytes has no full header",
                    setup_size);
        return false;
    }
    bool vga;
    uint16_t mode = 0;
    if (!vga_mode(cmdline, &vga, &mode, err))
        return false;
    st32(setup + LNX_CMD_LINE_PTR, l->cmdline_addr);          /* protocol 2.02+ */
    if (vga)
        st16(setup + LNX_VID_MODE, mode);
    /* "High nybble = B reserved for QEMU; low nybble is revision number." */
    setup[LNX_TYPE_OF_LOADER] = 0xB0;
    setup[LNX_LOADFLAGS] |= LNX_CAN_USE_HEAP;
    st16(setup + LNX_HEAP_END_PTR, (uint16_t)(l->cmdline_addr - l->real_addr - 0x200));
    if (initrd_size) {
        st32(setup + LNX_RAMDISK_IMAGE, l->initrd_addr);
        st32(setup + LNX_RAMDISK_SIZE, initrd_size);
    }
    return true;
}

/* ---- the preparer ------------------------------------------------------------- */

static GBytes *map_file(const char *opt, const char *path, GError **err)
{
    GError *e = NULL;
    GMappedFile *f = g_mapped_file_new(path, FALSE, &e);
    if (!f) {
        g_set_error(err, WW_ERROR, WW_ERROR_IO, "%s %s: %s", opt, path, e->message);
        g_error_free(e);
        return NULL;
    }
    GBytes *b = g_mapped_file_get_bytes(f);
    g_mapped_file_unref(f);
    return b;
}

static bool set32(ww_chip *fw, uint16_t key, uint32_t v, GError **err)
{
    return ww_fw_cfg_set_u32(fw, key, v, err);
}

static bool set_bytes(ww_chip *fw, uint16_t key, GBytes *b, GError **err)
{
    return ww_fw_cfg_set_item(fw, key, b, err);
}

static bool linux_x86_run(ww_prep *p, GError **err)
{
    const ww_mdl_opts *o = p->opts;
    if (!o || !o->kernel)
        return true;
    ww_pc_info pc;
    int r = ww_pc_probe(p->m, &pc, err);
    if (r <= 0)
        return r == 0;
    const char *cmdline = o->append ? o->append : "";
    GBytes *kernel = map_file("--kernel", o->kernel, err);
    if (!kernel)
        return false;
    GBytes *initrd = NULL, *setup = NULL, *prot = NULL, *rom = NULL;
    bool ok = false;
    size_t klen = 0;
    const uint8_t *kimg = g_bytes_get_data(kernel, &klen);
    ww_bzimage k;
    ww_linux_layout l;
    GError *e = NULL;
    if (!ww_bzimage_parse(kimg, klen, &k, &e)) {
        g_set_error(err, WW_ERROR, e->code, "--kernel %s: %s", o->kernel, e->message);
        goto out;
    }
    if (o->initrd && !(initrd = map_file("--initrd", o->initrd, err)))
        goto out;
    uint64_t isize = initrd ? g_bytes_get_size(initrd) : 0;
    if (isize > WW_FW_CFG_MAX_ITEM) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "--initrd %s: %" G_GUINT64_FORMAT " bytes "
                    "is more than 4 GiB", o->initrd, isize);
        goto out;
    }
    if (initrd && !isize) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "--initrd %s: the file is empty", o->initrd);
        goto out;
    }
    if (!ww_linux_x86_layout(&k, strlen(cmdline), isize, pc.below_4g, &l, &e)) {
        /* Name the option the error is about. */
        if (g_str_has_prefix(e->message, "the initrd"))
            g_set_error(err, WW_ERROR, e->code, "--initrd %s: %s", o->initrd, e->message);
        else if (g_str_has_prefix(e->message, "the command line"))
            g_set_error(err, WW_ERROR, e->code, "--append: %s", e->message);
        else
            g_set_error(err, WW_ERROR, e->code, "--kernel %s: %s", o->kernel, e->message);
        goto out;
    }
    /* The setup as the kernel will see it: QEMU copies the header it patched
     * over the first setup_size bytes. */
    uint8_t *s = g_memdup2(kimg, k.setup_size);
    if (!ww_linux_x86_patch_setup(s, k.setup_size, &l, cmdline, (uint32_t)isize, &e)) {
        g_free(s);
        g_set_error(err, WW_ERROR, e->code, "--append: %s", e->message);
        goto out;
    }
    setup = g_bytes_new_take(s, k.setup_size);
    prot = g_bytes_new_from_bytes(kernel, k.setup_size, k.kernel_size);
    bool dma = ww_fw_cfg_has_dma(pc.fw_cfg);
    const char *rom_id = dma ? "linuxboot-dma" : "linuxboot";
    const char *rom_file = dma ? "genroms/linuxboot_dma.bin" : "genroms/linuxboot.bin";
    if (!(rom = ww_prep_rom(p, rom_id, &e))) {
        g_set_error(err, WW_ERROR, e->code, "--kernel needs QEMU's option ROM: %s", e->message);
        goto out;
    }
    ww_chip *fw = pc.fw_cfg;
    GBytes *cmd = g_bytes_new(cmdline, strlen(cmdline) + 1);
    ok = set32(fw, WW_FW_CFG_CMDLINE_ADDR, l.cmdline_addr, err) &&
         set32(fw, WW_FW_CFG_CMDLINE_SIZE, (uint32_t)strlen(cmdline) + 1, err) &&
         set_bytes(fw, WW_FW_CFG_CMDLINE_DATA, cmd, err) &&
         (!initrd || (set32(fw, WW_FW_CFG_INITRD_ADDR, l.initrd_addr, err) &&
                      set32(fw, WW_FW_CFG_INITRD_SIZE, (uint32_t)isize, err) &&
                      set_bytes(fw, WW_FW_CFG_INITRD_DATA, initrd, err))) &&
         set32(fw, WW_FW_CFG_KERNEL_ADDR, l.prot_addr, err) &&
         set32(fw, WW_FW_CFG_KERNEL_SIZE, k.kernel_size, err) &&
         set_bytes(fw, WW_FW_CFG_KERNEL_DATA, prot, err) &&
         set32(fw, WW_FW_CFG_SETUP_ADDR, l.real_addr, err) &&
         set32(fw, WW_FW_CFG_SETUP_SIZE, k.setup_size, err) &&
         set_bytes(fw, WW_FW_CFG_SETUP_DATA, setup, err) &&
         ww_fw_cfg_add_file(fw, rom_file, rom, err);
    g_bytes_unref(cmd);
    if (ok) {
        /* QEMU gives the option ROM bootindex 0: "/rom@genroms/…" first. */
        g_ptr_array_insert(p->boot_devices, 0, g_strdup_printf("/rom@%s", rom_file));
        p->kernel_taken = true;
    }
out:
    g_clear_error(&e);
    g_bytes_unref(kernel);
    if (initrd)
        g_bytes_unref(initrd);
    if (setup)
        g_bytes_unref(setup);
    if (prot)
        g_bytes_unref(prot);
    if (rom)
        g_bytes_unref(rom);
    return ok;
}

static const ww_preparer linux_x86 = {
    "linux-x86", "direct boot of a Linux bzImage through fw_cfg and linuxboot_dma.bin "
    "(--kernel/--initrd/--append)", 20, linux_x86_run };
WW_PREPARER_REGISTER(linux_x86)
