/* tests/firmware-loaders/linuxboot.c — QEMU's own linuxboot_dma.bin (Debian
 * qemu-system-data) running on the x86 interpreter against this fw_cfg: the
 * "linux-x86" preparer serves a generated bzImage, initrd and command line;
 * tests/firmware/x86/optionrom.S plays SeaBIOS's part (the ROM copied to
 * 0xC8000, the boot stack, a far jump to its BEV); the option ROM reads every
 * item by DMA, copies the parts to the addresses in the items and jumps to the
 * setup code at SETUP_ADDR + 0x200, which here prints the command line it
 * finds at CMDLINE_ADDR on the debug console (0x402) and halts. */
#include "tests/firmware-loaders/pcfw.h"
#include "firmware-loaders/prepare.h"
#include "chips/firmware/fw_cfg.h"
#include "core/chardev.h"
#include <glib/gstdio.h>

WW_TEST("firmware-loaders/linuxboot/real-option-rom", t_linuxboot)
{
    char *fw = g_strdup_printf("%s/tests/firmware/x86/optionrom.bin", ww_test_build_dir());
    if (!g_file_test(fw, G_FILE_TEST_EXISTS))
        ww_test_skip("%s not built (i686 cross binutils missing?)", fw);
    if (!g_file_test("/usr/share/qemu/linuxboot_dma.bin", G_FILE_TEST_EXISTS))
        ww_test_skip("linuxboot_dma.bin missing (Debian package qemu-system-data)");
    char *xml = g_strdup_printf(
        "<machine name=\"test/linuxboot\">\n"
        "  <cpu id=\"cpu\" type=\"x86\" model=\"pentium-pro\"/>\n"
        "  <ram id=\"ram\" size=\"32MiB\"/>\n"
        "  <rom id=\"bios\" size=\"64KiB\" file=\"%s\"/>\n"
        "  <map space=\"cpu.mem\" at=\"0\" to=\"ram\"/>\n"
        "  <map space=\"cpu.mem\" at=\"0xf0000\" to=\"bios\" priority=\"1\"/>\n"
        "  <map space=\"cpu.mem\" at=\"0xffff0000\" to=\"bios\"/>\n"
        "  <chip id=\"fwcfg\" type=\"fw_cfg\"/>\n"
        "  <space name=\"fwcfg.dma\" alias=\"cpu.mem\"/>\n"
        "  <map space=\"cpu.io\" at=\"0x510\" to=\"fwcfg.io\"/>\n"
        "  <map space=\"cpu.io\" at=\"0x514\" to=\"fwcfg.dma\"/>\n"
        "  <chip id=\"debugcon\" type=\"debugcon\"/>\n"
        "  <map space=\"cpu.io\" at=\"0x402\" to=\"debugcon\"/>\n"
        "</machine>\n", fw);
    ww_machine *m = ww_test_machine_xml(xml);
    g_free(xml);
    g_free(fw);
    GError *err = NULL;
    ww_chardev *out = ww_chardev_new_buffer();
    WW_CHECK_NOERR(ww_chip_bind_backend(ww_machine_find_chip(m, "debugcon"), WW_BACKEND_CHARDEV,
                                        "console", 0, out, &err), err);

    /* A bzImage whose setup prints the command line. */
    GByteArray *k = pcfw_printing_kernel(300000);
    char *dir = g_dir_make_tmp("wwlinuxboot-XXXXXX", &err);
    WW_CHECK_NOERR(dir, err);
    char *kf = g_build_filename(dir, "bzImage", NULL), *rf = g_build_filename(dir, "initrd", NULL);
    WW_CHECK(g_file_set_contents(kf, (const char *)k->data, k->len, NULL));
    uint8_t rd[70000];
    for (unsigned i = 0; i < sizeof rd; i++)
        rd[i] = (uint8_t)(i * 5 + i / 256);
    WW_CHECK(g_file_set_contents(rf, (const char *)rd, sizeof rd, NULL));
    const char *cmdline = "console=ttyS0 wirewrap=linuxboot";
    ww_mdl_opts o = { .kernel = kf, .initrd = rf, .append = cmdline };
    WW_CHECK_NOERR(ww_firmware_prepare(m, &o, &err), err);

    /* SeaBIOS's part: the option ROM from fw_cfg at 0xC8000. */
    ww_chip *fwc = ww_machine_find_chip(m, "fwcfg");
    GBytes *rom = ww_fw_cfg_get_file(fwc, "genroms/linuxboot_dma.bin", NULL);
    WW_CHECK(rom);
    size_t rl;
    const uint8_t *rp = g_bytes_get_data(rom, &rl);
    ww_space *mem = ww_machine_find_space(m, "cpu.mem");
    WW_CHECK_NOERR(ww_space_load(mem, 0xc8000, rp, rl, &err), err);
    uint32_t initrd_addr = pcfw_u32(fwc, WW_FW_CFG_INITRD_ADDR);

    ww_machine_run_until(m, 20 * 1000 * 1000);
    /* The setup code ran and found the command line where the items said. */
    WW_CHECK_MSG(out->captured->len, "nothing on the debug console");
    ww_test_log("debugcon: %s", out->captured->str);
    WW_CHECK(g_str_has_prefix(out->captured->str, cmdline));
    uint8_t *ram = ww_machine_find_memory(m, "ram", NULL);
    /* Setup at 0x10000 with QEMU's header patches, the kernel at 1 MiB. */
    WW_CHECK(!memcmp(ram + 0x10000 + 0x202, "HdrS", 4));
    WW_CHECK_EQ(ram[0x10000 + 0x210], 0xb0);
    WW_CHECK_EQ(ww_ld_le32(ram + 0x10000 + 0x228), 0x20000);
    WW_CHECK(!memcmp(ram + 0x100000, k->data + 5 * 512, k->len - 5 * 512));
    /* The initrd: where the item said, unless linuxboot moved it below the
     * E801 top of memory (it does when the initrd does not end on the page of
     * the kernel's initrd_addr_max); ramdisk_image says where it is. */
    uint32_t at = ww_ld_le32(ram + 0x10000 + 0x218);
    ww_test_log("initrd item at 0x%x, loaded at 0x%x", initrd_addr, at);
    WW_CHECK(at + sizeof rd <= 32u << 20);
    WW_CHECK(!memcmp(ram + at, rd, sizeof rd));
    WW_CHECK_EQ(ww_ld_le32(ram + 0x10000 + 0x21c), sizeof rd);

    ww_machine_free(m);
    ww_chardev_free(out);
    g_byte_array_free(k, TRUE);
    g_unlink(kf);
    g_unlink(rf);
    g_rmdir(dir);
    g_free(kf);
    g_free(rf);
    g_free(dir);
}
