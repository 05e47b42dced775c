/* tests/firmware-loaders/linux_x86.c — direct kernel boot on the PC: the
 * bzImage checks (Linux Documentation/x86/boot.rst), the placement of QEMU's
 * x86_load_linux, the fw_cfg items linuxboot_dma.bin reads, and the errors a
 * user sees before anything runs (through ww_firmware_prepare and through
 * `wirewrap run`, which exits 2). Kernels and initrds are generated. */
#include "tests/firmware-loaders/pcfw.h"
#include "firmware-loaders/linux_x86.h"
#include "firmware-loaders/prepare.h"
#include "chips/firmware/fw_cfg.h"
#include "frontend/run.h"
#include <glib/gstdio.h>
#include <fcntl.h>
#include <unistd.h>

static GByteArray *good_kernel(void)
{
    /* Protocol 2.15 (Linux 6.1), LOADED_HIGH, initrd below 2 GiB, 2 KiB command line. */
    return pcfw_bzimage(0x020f, 27, 0x01, 0x7fffffff, 2047, 100000);
}

WW_TEST("firmware-loaders/linux-x86/parse-good", t_parse)
{
    GByteArray *k = good_kernel();
    ww_bzimage b;
    GError *err = NULL;
    WW_CHECK_NOERR(ww_bzimage_parse(k->data, k->len, &b, &err), err);
    WW_CHECK_EQ(b.version, 0x020f);
    WW_CHECK_EQ(b.setup_size, 28 * 512);
    WW_CHECK_EQ(b.kernel_size, 100000);
    WW_CHECK_EQ(b.initrd_addr_max, 0x7fffffff);
    WW_CHECK_EQ(b.cmdline_size, 2047);
    WW_CHECK_EQ(b.kernel_alignment, 0x200000);
    WW_CHECK(b.relocatable);
    WW_CHECK_EQ(b.init_size, 0x800000);
    /* setup_sects 0 means 4 (boot.rst). */
    GByteArray *z = pcfw_bzimage(0x020f, 0, 0x01, 0x7fffffff, 2047, 10);
    WW_CHECK_NOERR(ww_bzimage_parse(z->data, z->len, &b, &err), err);
    WW_CHECK_EQ(b.setup_size, 5 * 512);
    /* Before 2.03 initrd_addr_max is 0x37ffffff, before 2.06 the line is 255. */
    GByteArray *o = pcfw_bzimage(0x0202, 4, 0x01, 0x12345678, 9999, 10);
    WW_CHECK_NOERR(ww_bzimage_parse(o->data, o->len, &b, &err), err);
    WW_CHECK_EQ(b.initrd_addr_max, 0x37ffffff);
    WW_CHECK_EQ(b.cmdline_size, 255);
    g_byte_array_free(k, TRUE);
    g_byte_array_free(z, TRUE);
    g_byte_array_free(o, TRUE);
}

WW_TEST("firmware-loaders/linux-x86/parse-errors", t_parse_errors)
{
    GError *err = NULL;
    ww_bzimage b;
    uint8_t junk[4096];
    for (unsigned i = 0; i < sizeof junk; i++)
        junk[i] = (uint8_t)(i * 31 + 7);
    WW_CHECK_ERR(ww_bzimage_parse(junk, sizeof junk, &b, &err), err, "not a bzImage");
    WW_CHECK_ERR(ww_bzimage_parse(junk, 100, &b, &err), err, "too short");
    memcpy(junk, "\177ELF", 4);
    WW_CHECK_ERR(ww_bzimage_parse(junk, sizeof junk, &b, &err), err, "ELF");
    /* A zImage: LOADED_HIGH clear. */
    GByteArray *z = pcfw_bzimage(0x020f, 4, 0x00, 0x7fffffff, 2047, 10);
    WW_CHECK_ERR(ww_bzimage_parse(z->data, z->len, &b, &err), err, "not a bzImage");
    g_byte_array_free(z, TRUE);
    /* Protocol 2.01. */
    GByteArray *old = pcfw_bzimage(0x0201, 4, 0x01, 0, 0, 10);
    WW_CHECK_ERR(ww_bzimage_parse(old->data, old->len, &b, &err), err, "too old");
    g_byte_array_free(old, TRUE);
    /* setup_sects beyond the file, and a setup too big for 0x10000-0x20000. */
    GByteArray *s = pcfw_bzimage(0x020f, 4, 0x01, 0x7fffffff, 2047, 10);
    s->data[0x1f1] = 200;
    WW_CHECK_ERR(ww_bzimage_parse(s->data, s->len, &b, &err), err, "invalid kernel header");
    g_byte_array_free(s, TRUE);
    GByteArray *big = pcfw_bzimage(0x020f, 200, 0x01, 0x7fffffff, 2047, 10);
    WW_CHECK_ERR(ww_bzimage_parse(big->data, big->len, &b, &err), err, "do not fit");
    g_byte_array_free(big, TRUE);
}

WW_TEST("firmware-loaders/linux-x86/layout-like-qemu", t_layout)
{
    GByteArray *k = good_kernel();
    ww_bzimage b;
    ww_linux_layout l;
    GError *err = NULL;
    WW_CHECK_NOERR(ww_bzimage_parse(k->data, k->len, &b, &err), err);
    /* 128 MiB: "High and recent kernel" addresses; initrd_max = RAM - 0x28000 - 1,
     * the initrd page-aligned below it. */
    WW_CHECK_NOERR(ww_linux_x86_layout(&b, 20, 5000000, 128u << 20, &l, &err), err);
    WW_CHECK_EQ(l.real_addr, 0x10000);
    WW_CHECK_EQ(l.cmdline_addr, 0x20000);
    WW_CHECK_EQ(l.prot_addr, 0x100000);
    WW_CHECK_EQ(l.initrd_max, (128u << 20) - 0x28000 - 1);
    WW_CHECK_EQ(l.initrd_addr, ((128u << 20) - 0x28000 - 1 - 5000000) & ~4095u);
    /* RAM above the kernel's initrd_addr_max: the kernel's limit wins. */
    WW_CHECK_NOERR(ww_linux_x86_layout(&b, 20, 4096, 3ull << 30, &l, &err), err);
    WW_CHECK_EQ(l.initrd_max, 0x7fffffff);
    WW_CHECK_EQ(l.initrd_addr, (0x7fffffffu - 4096) & ~4095u);
    /* XLF_CAN_BE_LOADED_ABOVE_4G (2.12+): no kernel limit, only RAM's. */
    k->data[0x236] = 0x02;
    WW_CHECK_NOERR(ww_bzimage_parse(k->data, k->len, &b, &err), err);
    WW_CHECK_NOERR(ww_linux_x86_layout(&b, 20, 4096, 0xb0000000ull, &l, &err), err);
    WW_CHECK_EQ(l.initrd_max, 0xb0000000u - 0x28000 - 1);
    g_byte_array_free(k, TRUE);
}

WW_TEST("firmware-loaders/linux-x86/layout-errors", t_layout_errors)
{
    GByteArray *k = good_kernel();
    ww_bzimage b;
    ww_linux_layout l;
    GError *err = NULL;
    WW_CHECK_NOERR(ww_bzimage_parse(k->data, k->len, &b, &err), err);
    /* An initrd as large as RAM, and one that would overlap the kernel. */
    WW_CHECK_ERR(ww_linux_x86_layout(&b, 0, 64u << 20, 64u << 20, &l, &err), err,
                 "does not fit in RAM");
    WW_CHECK_ERR(ww_linux_x86_layout(&b, 0, (16u << 20) - 0x100000, 16u << 20, &l, &err),
                 err, "does not fit in RAM");
    /* The command line: 2047 bytes pass, 2048 do not. */
    WW_CHECK_NOERR(ww_linux_x86_layout(&b, 2047, 0, 64u << 20, &l, &err), err);
    WW_CHECK_ERR(ww_linux_x86_layout(&b, 2048, 0, 64u << 20, &l, &err), err, "cmdline_size");
    /* A kernel larger than RAM. */
    WW_CHECK_ERR(ww_linux_x86_layout(&b, 0, 0, 1u << 20, &l, &err), err, "does not fit");
    g_byte_array_free(k, TRUE);
}

WW_TEST("firmware-loaders/linux-x86/setup-patches", t_patch)
{
    GByteArray *k = good_kernel();
    ww_bzimage b;
    ww_linux_layout l;
    GError *err = NULL;
    WW_CHECK_NOERR(ww_bzimage_parse(k->data, k->len, &b, &err), err);
    WW_CHECK_NOERR(ww_linux_x86_layout(&b, 10, 8192, 64u << 20, &l, &err), err);
    uint8_t *s = g_memdup2(k->data, b.setup_size);
    WW_CHECK_NOERR(ww_linux_x86_patch_setup(s, b.setup_size, &l, "vga=ext quiet", 8192, &err),
                   err);
    /* x86_load_linux: cmd_line_ptr, loader 0xB0, CAN_USE_HEAP, heap_end_ptr,
     * ramdisk_image/size, vid_mode from vga=. */
    WW_CHECK_EQ(ww_ld_le32(s + 0x228), 0x20000);
    WW_CHECK_EQ(s[0x210], 0xb0);
    WW_CHECK_EQ(s[0x211], 0x81);
    WW_CHECK_EQ(ww_ld_le16(s + 0x224), 0xfe00);
    WW_CHECK_EQ(ww_ld_le32(s + 0x218), l.initrd_addr);
    WW_CHECK_EQ(ww_ld_le32(s + 0x21c), 8192);
    WW_CHECK_EQ(ww_ld_le16(s + 0x1fa), 0xfffe);
    static const struct { const char *cmd; uint16_t mode; } modes[] = {
        { "vga=normal", 0xffff }, { "root=/dev/sda vga=ask", 0xfffd }, { "vga=0x317", 0x317 },
        { "vga=791 quiet", 791 },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(modes); i++) {
        WW_CHECK_NOERR(ww_linux_x86_patch_setup(s, b.setup_size, &l, modes[i].cmd, 0, &err),
                       err);
        WW_CHECK_EQ(ww_ld_le16(s + 0x1fa), modes[i].mode);
    }
    WW_CHECK_ERR(ww_linux_x86_patch_setup(s, b.setup_size, &l, "vga=bogus", 0, &err), err,
                 "vga=");
    WW_CHECK_ERR(ww_linux_x86_patch_setup(s, b.setup_size, &l, "vga=99999", 0, &err), err,
                 "vga=");
    g_free(s);
    g_byte_array_free(k, TRUE);
}

/* ---- the preparer on a machine ------------------------------------------------------ */

static GBytes *item(pcfw *p, uint16_t key)
{
    GBytes *b = ww_fw_cfg_get(p->fw, key);
    WW_CHECK_MSG(b, "fw_cfg item 0x%04x missing", key);
    return b;
}

WW_TEST("firmware-loaders/linux-x86/items-for-linuxboot", t_items)
{
    pcfw p;
    pcfw_init(&p, "128MiB", 0);
    GByteArray *k = good_kernel();
    char *kf = pcfw_file(&p, "bzImage", k->data, k->len);
    uint8_t rd[10000];
    for (unsigned i = 0; i < sizeof rd; i++)
        rd[i] = (uint8_t)(i ^ 0x5a);
    char *rf = pcfw_file(&p, "initrd", rd, sizeof rd);
    ww_mdl_opts o = pcfw_opts(&p, kf, rf, "console=ttyS0 root=/dev/ram0");
    GError *err = NULL;
    WW_CHECK_NOERR(ww_firmware_prepare(p.m, &o, &err), err);
    /* Addresses and sizes (LE32) as x86_load_linux sets them. */
    WW_CHECK_EQ(pcfw_u32(p.fw, WW_FW_CFG_SETUP_ADDR), 0x10000);
    WW_CHECK_EQ(pcfw_u32(p.fw, WW_FW_CFG_SETUP_SIZE), 28 * 512);
    WW_CHECK_EQ(pcfw_u32(p.fw, WW_FW_CFG_KERNEL_ADDR), 0x100000);
    WW_CHECK_EQ(pcfw_u32(p.fw, WW_FW_CFG_KERNEL_SIZE), 100000);
    WW_CHECK_EQ(pcfw_u32(p.fw, WW_FW_CFG_CMDLINE_ADDR), 0x20000);
    WW_CHECK_EQ(pcfw_u32(p.fw, WW_FW_CFG_CMDLINE_SIZE), strlen("console=ttyS0 root=/dev/ram0") + 1);
    uint32_t ia = pcfw_u32(p.fw, WW_FW_CFG_INITRD_ADDR);
    WW_CHECK_EQ(ia, ((128u << 20) - 0x28000 - 1 - sizeof rd) & ~4095u);
    WW_CHECK_EQ(pcfw_u32(p.fw, WW_FW_CFG_INITRD_SIZE), sizeof rd);
    /* Data: the setup with its patched header, the rest of the file, the
     * initrd, the command line with its NUL. */
    size_t n;
    const uint8_t *s = g_bytes_get_data(item(&p, WW_FW_CFG_SETUP_DATA), &n);
    WW_CHECK_EQ(n, 28 * 512);
    WW_CHECK_EQ(ww_ld_le32(s + 0x228), 0x20000);
    WW_CHECK_EQ(ww_ld_le32(s + 0x218), ia);
    WW_CHECK_EQ(s[0x210], 0xb0);
    WW_CHECK(!memcmp(s + 0x202, "HdrS", 4));
    const uint8_t *kd = g_bytes_get_data(item(&p, WW_FW_CFG_KERNEL_DATA), &n);
    WW_CHECK(n == 100000 && !memcmp(kd, k->data + 28 * 512, n));
    const uint8_t *id = g_bytes_get_data(item(&p, WW_FW_CFG_INITRD_DATA), &n);
    WW_CHECK(n == sizeof rd && !memcmp(id, rd, n));
    const char *cd = g_bytes_get_data(item(&p, WW_FW_CFG_CMDLINE_DATA), &n);
    WW_CHECK(n == strlen("console=ttyS0 root=/dev/ram0") + 1 && !cd[n - 1]);
    WW_CHECK_STR(cd, "console=ttyS0 root=/dev/ram0");
    /* The option ROM from the catalogue, and bootorder naming it first. */
    GBytes *rom = ww_fw_cfg_get_file(p.fw, "genroms/linuxboot_dma.bin", NULL);
    WW_CHECK(rom && g_bytes_equal(rom, p.optionrom));
    GBytes *bo = ww_fw_cfg_get_file(p.fw, "bootorder", NULL);
    WW_CHECK(bo);
    const char *bos = g_bytes_get_data(bo, &n);
    WW_CHECK(n == strlen("/rom@genroms/linuxboot_dma.bin") + 1);
    WW_CHECK_STR(bos, "/rom@genroms/linuxboot_dma.bin");
    g_free(kf);
    g_free(rf);
    g_byte_array_free(k, TRUE);
    pcfw_free(&p);
}

WW_TEST("firmware-loaders/linux-x86/no-dma-uses-linuxboot-bin", t_nodma)
{
    pcfw p;
    pcfw_init(&p, "64MiB", PCFW_NODMA);
    GByteArray *k = good_kernel();
    char *kf = pcfw_file(&p, "bzImage", k->data, k->len);
    ww_mdl_opts o = pcfw_opts(&p, kf, NULL, NULL);
    GError *err = NULL;
    WW_CHECK_NOERR(ww_firmware_prepare(p.m, &o, &err), err);
    /* Without DMA QEMU picks linuxboot.bin; no initrd items; an empty command line. */
    WW_CHECK(ww_fw_cfg_get_file(p.fw, "genroms/linuxboot.bin", NULL));
    WW_CHECK(!ww_fw_cfg_get_file(p.fw, "genroms/linuxboot_dma.bin", NULL));
    WW_CHECK(!ww_fw_cfg_get(p.fw, WW_FW_CFG_INITRD_SIZE));
    WW_CHECK_EQ(pcfw_u32(p.fw, WW_FW_CFG_CMDLINE_SIZE), 1);
    g_free(kf);
    g_byte_array_free(k, TRUE);
    pcfw_free(&p);
}

/* Every user error stops preparation with a message naming the option. */
static void expect_prepare_error(pcfw *p, const char *kernel, const char *initrd,
                                 const char *append, const char *want)
{
    ww_mdl_opts o = pcfw_opts(p, kernel, initrd, append);
    GError *err = NULL;
    WW_CHECK_ERR(ww_firmware_prepare(p->m, &o, &err), err, want);
}

WW_TEST("firmware-loaders/linux-x86/user-errors", t_user_errors)
{
    pcfw p;
    pcfw_init(&p, "32MiB", 0);
    GByteArray *k = good_kernel();
    char *good = pcfw_file(&p, "bzImage", k->data, k->len);
    uint8_t junk[8192] = { 1, 2, 3 };
    char *notbz = pcfw_file(&p, "vmlinux", junk, sizeof junk);
    GByteArray *old = pcfw_bzimage(0x0201, 4, 0x01, 0, 0, 1000);
    char *oldf = pcfw_file(&p, "old", old->data, old->len);
    /* 32 MiB of initrd in 32 MiB of RAM. */
    GByteArray *rd = g_byte_array_sized_new(32u << 20);
    g_byte_array_set_size(rd, 32u << 20);
    char *bigrd = pcfw_file(&p, "initrd.big", rd->data, rd->len);
    char *longcmd = g_strnfill(3000, 'x');
    expect_prepare_error(&p, notbz, NULL, NULL, "--kernel");
    expect_prepare_error(&p, notbz, NULL, NULL, "not a bzImage");
    expect_prepare_error(&p, oldf, NULL, NULL, "too old");
    expect_prepare_error(&p, good, bigrd, NULL, "--initrd");
    expect_prepare_error(&p, good, bigrd, NULL, "does not fit in RAM");
    expect_prepare_error(&p, good, NULL, longcmd, "--append");
    expect_prepare_error(&p, good, NULL, longcmd, "cmdline_size");
    expect_prepare_error(&p, "/nonexistent/bzImage", NULL, NULL, "--kernel /nonexistent");
    expect_prepare_error(&p, good, "/nonexistent/initrd", NULL, "--initrd /nonexistent");
    expect_prepare_error(&p, NULL, bigrd, NULL, "without --kernel");
    expect_prepare_error(&p, NULL, NULL, "quiet", "without --kernel");
    g_free(good);
    g_free(notbz);
    g_free(oldf);
    g_free(bigrd);
    g_free(longcmd);
    g_byte_array_free(k, TRUE);
    g_byte_array_free(old, TRUE);
    g_byte_array_free(rd, TRUE);
    pcfw_free(&p);
}

WW_TEST("firmware-loaders/linux-x86/no-fw-cfg", t_no_fwcfg)
{
    pcfw p;
    pcfw_init(&p, "32MiB", PCFW_NOFWCFG);
    GByteArray *k = good_kernel();
    char *good = pcfw_file(&p, "bzImage", k->data, k->len);
    /* Nothing on this machine boots a kernel: said before the run, not ignored. */
    expect_prepare_error(&p, good, NULL, NULL, "no way to boot a kernel");
    /* Without --kernel the machine prepares fine (nothing to do). */
    GError *err = NULL;
    WW_CHECK_NOERR(ww_firmware_prepare(p.m, NULL, &err), err);
    g_free(good);
    g_byte_array_free(k, TRUE);
    pcfw_free(&p);
}

WW_TEST("firmware-loaders/linux-x86/missing-option-rom", t_missing_rom)
{
    pcfw p;
    pcfw_init(&p, "32MiB", 0);
    GByteArray *k = good_kernel();
    char *good = pcfw_file(&p, "bzImage", k->data, k->len);
    /* The catalogue's file is not where the lookup searches: the error says
     * which ROM and where it looked. */
    char *rom = g_build_filename(p.dir, "linuxboot_dma.bin", NULL);
    g_unlink(rom);
    ww_mdl_opts o = pcfw_opts(&p, good, NULL, NULL);
    o.rom_path = NULL;
    GError *err = NULL;
    /* (An installed Debian file does not match the test catalogue's hashes.) */
    WW_CHECK_ERR(ww_firmware_prepare(p.m, &o, &err), err, "linuxboot-dma");
    g_free(rom);
    g_free(good);
    g_byte_array_free(k, TRUE);
    pcfw_free(&p);
}

/* `wirewrap run` stops with exit status 2 and the message before running. */
WW_TEST("firmware-loaders/linux-x86/run-exits-2", t_run)
{
    pcfw p;
    pcfw_init(&p, "32MiB", 0);
    const char *xml =
        "<machine name=\"test/pcfw-run\">\n"
        "  <cpu id=\"cpu\" type=\"x86\" model=\"pentium-pro\"/>\n"
        "  <ram id=\"ram\" size=\"32MiB\"/>\n"
        "  <map space=\"cpu.mem\" at=\"0\" to=\"ram\"/>\n"
        "  <chip id=\"fwcfg\" type=\"fw_cfg\"/>\n"
        "  <space name=\"fwcfg.dma\" alias=\"cpu.mem\"/>\n"
        "  <map space=\"cpu.io\" at=\"0x510\" to=\"fwcfg.io\"/>\n"
        "  <map space=\"cpu.io\" at=\"0x514\" to=\"fwcfg.dma\"/>\n"
        "</machine>\n";
    char *mf = pcfw_file(&p, "pc.xml", xml, strlen(xml));
    uint8_t junk[8192] = { 0 };
    char *notbz = pcfw_file(&p, "vmlinux", junk, sizeof junk);
    /* (The messages go to stderr; the test runs in its own process.) */
    int saved = dup(STDERR_FILENO), null = open("/dev/null", O_WRONLY);
    dup2(null, STDERR_FILENO);
    char *argv1[] = { "run", mf, "--serial", "none", "--until", "1ms", "--kernel", notbz, NULL };
    int rc1 = ww_run_main(8, argv1);
    char *argv2[] = { "run", mf, "--serial", "none", "--until", "1ms", "--initrd", notbz, NULL };
    int rc2 = ww_run_main(8, argv2);
    dup2(saved, STDERR_FILENO);
    close(null);
    close(saved);
    WW_CHECK_EQ(rc1, 2);
    WW_CHECK_EQ(rc2, 2);
    g_free(mf);
    g_free(notbz);
    pcfw_free(&p);
}
