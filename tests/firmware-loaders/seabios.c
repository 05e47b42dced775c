/* tests/firmware-loaders/seabios.c — Debian's SeaBIOS (bios-256k.bin, the
 * q35 image) on the x86 interpreter with this fw_cfg, debugcon and the PC
 * preparers, as far as the chips that exist today allow: SeaBIOS finds
 * fw_cfg and its DMA interface, takes the e820 map, moves the PM base to
 * 0x600 because etc/table-loader exists, links the ACPI tables and parses
 * the DSDT, then boots genroms/linuxboot_dma.bin first (bootorder), which
 * loads the generated kernel whose setup prints the command line on 0x402.
 *
 * Stand-ins for what other issues model: the test MCH (Q35's PCI identity,
 * with QEMU's subsystem ids so SeaBIOS says "Running on QEMU (q35)", no PAM
 * or PCIEXBAR), RAM at 0xE0000-0xFFFFF already holding the BIOS's last
 * 128 KiB (what the MCH's PAM "shadowing" would give), no RTC (the CMOS
 * memory size reads as open bus), no LPC, I/O APIC or HPET. */
#include "tests/firmware-loaders/pcfw.h"
#include "firmware-loaders/prepare.h"
#include <glib/gstdio.h>

static void on_log(ww_log_kind kind, const char *cat, const char *msg, void *opaque)
{
    if (kind == WW_LOG_TRACE && !strcmp(cat, "seabios"))
        g_string_append_printf(opaque, "%s\n", msg);
}

WW_TEST("firmware-loaders/seabios/boots-through-fw-cfg", t_seabios)
{
    const char *bios = "/usr/share/seabios/bios-256k.bin";
    if (!g_file_test(bios, G_FILE_TEST_EXISTS))
        ww_test_skip("%s missing (Debian package seabios)", bios);
    if (!g_file_test("/usr/share/qemu/linuxboot_dma.bin", G_FILE_TEST_EXISTS))
        ww_test_skip("linuxboot_dma.bin missing (Debian package qemu-system-data)");
    GString *log = g_string_new(NULL);
    ww_log_set_handler(on_log, log);
    ww_log_enable("seabios");
    char *xml = g_strdup_printf(
        "<machine name=\"test/seabios\">\n"
        "  <cpu id=\"cpu\" type=\"x86\" model=\"pentium-pro\"/>\n"
        "  <ram id=\"ram\" size=\"128MiB\"/>\n"
        "  <rom id=\"bios\" size=\"256KiB\" file=\"%s\"/>\n"
        "  <map space=\"cpu.mem\" at=\"0\" to=\"ram\"/>\n"
        "  <map space=\"cpu.mem\" at=\"0xfffc0000\" to=\"bios\"/>\n"
        "  <chip id=\"pic0\" type=\"i8259\" variant=\"master\"/>\n"
        "  <chip id=\"pic1\" type=\"i8259\" variant=\"slave\"/>\n"
        "  <chip id=\"pit\" type=\"i8254\" clock=\"1.193182MHz\"/>\n"
        "  <map space=\"cpu.io\" at=\"0x20\" size=\"2\" to=\"pic0.io\"/>\n"
        "  <map space=\"cpu.io\" at=\"0xa0\" size=\"2\" to=\"pic1.io\"/>\n"
        "  <map space=\"cpu.io\" at=\"0x40\" size=\"4\" to=\"pit.io\"/>\n"
        "  <map space=\"pic0.cas\" at=\"2\" to=\"pic1.iack\"/>\n"
        "  <map space=\"cpu.iack\" at=\"0\" to=\"pic0.iack\"/>\n"
        "  <wire from=\"pic1.int\" to=\"pic0.ir@2\"/>\n"
        "  <wire from=\"pit.out@0\" to=\"pic0.ir@0\"/>\n"
        "  <wire from=\"pic0.int\" to=\"cpu.intr\"/>\n"
        "  <chip id=\"fwcfg\" type=\"fw_cfg\"/>\n"
        "  <space name=\"fwcfg.dma\" alias=\"cpu.mem\"/>\n"
        "  <map space=\"cpu.io\" at=\"0x510\" to=\"fwcfg.io\"/>\n"
        "  <map space=\"cpu.io\" at=\"0x514\" to=\"fwcfg.dma\"/>\n"
        "  <chip id=\"debugcon\" type=\"debugcon\"/>\n"
        "  <map space=\"cpu.io\" at=\"0x402\" to=\"debugcon\"/>\n"
        "  <chip id=\"com1\" type=\"ns16550\"/>\n"
        "  <map space=\"cpu.io\" at=\"0x3f8\" to=\"com1\"/>\n"
        "  <chip id=\"mch\" type=\"wwtestq35mch\"/>\n"
        "  <pcibus id=\"pci\" mem=\"cpu.mem\" io=\"cpu.io\" dma=\"cpu.mem\"/>\n"
        "  <pci chip=\"mch\" slot=\"0\" function=\"0\"/>\n"
        "  <chip id=\"conf\" type=\"pci-conf1\"/>\n"
        "  <space name=\"conf.cfg\" alias=\"pci.cfg\"/>\n"
        "  <map space=\"cpu.io\" at=\"0xcf8\" to=\"conf\"/>\n"
        "</machine>\n", bios);
    ww_machine *m = ww_test_machine_xml(xml);
    g_free(xml);
    /* The "shadowed" BIOS: its last 128 KiB as RAM at 0xE0000. */
    uint8_t *ram = ww_machine_find_memory(m, "ram", NULL);
    uint8_t *rom = ww_machine_find_memory(m, "bios", NULL);
    memcpy(ram + 0xe0000, rom + 0x20000, 0x20000);

    GError *err = NULL;
    char *dir = g_dir_make_tmp("wwseabios-XXXXXX", &err);
    WW_CHECK_NOERR(dir, err);
    char *kf = g_build_filename(dir, "bzImage", NULL);
    GByteArray *k = pcfw_printing_kernel(4096);
    WW_CHECK(g_file_set_contents(kf, (const char *)k->data, k->len, NULL));
    ww_mdl_opts o = { .kernel = kf, .append = "console=ttyS0 from=seabios" };
    WW_CHECK_NOERR(ww_firmware_prepare(m, &o, &err), err);

    ww_machine_run_until(m, 3000ull * 1000 * 1000);
    ww_machine_free(m);
    ww_log_set_handler(NULL, NULL);
    ww_test_log("%s", log->str);
    static const char *const want[] = {
        "Running on QEMU (q35)",
        "Found QEMU fw_cfg",
        "QEMU fw_cfg DMA interface supported",
        "qemu/e820: addr 0x0000000000000000 len 0x0000000008000000 [RAM]",
        "Moving pm_base to 0x600",
        "ACPI: parse DSDT",
        "Found 1 serial ports",
        "Booting from ROM...",
        "console=ttyS0 from=seabios",    /* printed by the kernel's setup */
    };
    for (size_t i = 0; i < G_N_ELEMENTS(want); i++)
        WW_CHECK_MSG(strstr(log->str, want[i]), "SeaBIOS log lacks \"%s\"", want[i]);
    g_string_free(log, TRUE);
    g_byte_array_free(k, TRUE);
    g_unlink(kf);
    g_rmdir(dir);
    g_free(kf);
    g_free(dir);
}
