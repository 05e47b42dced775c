/* tests/firmware-loaders/pc_platform.c — the preparer registry and the PC
 * preparers on built machines: what SeaBIOS reads from fw_cfg (etc/e820, the
 * CPU count, etc/boot-fail-wait, NOGRAPHIC; src/fw/paravirt.c) and, with the
 * Q35 MCH present, the ACPI files and the ISA devices the DSDT describes. */
#include "tests/firmware-loaders/pcfw.h"
#include "firmware-loaders/prepare.h"
#include "firmware-loaders/pc.h"
#include "chips/firmware/fw_cfg.h"

WW_TEST("firmware-loaders/prepare/registry", t_registry)
{
    const ww_preparer *const *list;
    unsigned n = ww_preparer_list(&list);
    /* The three PC preparers are registered, in order: the kernel before the
     * tables, the platform (which publishes the boot order) last. */
    int lx = -1, acpi = -1, plat = -1;
    for (unsigned i = 0; i < n; i++) {
        if (!strcmp(list[i]->name, "linux-x86")) lx = (int)i;
        if (!strcmp(list[i]->name, "acpi-pc")) acpi = (int)i;
        if (!strcmp(list[i]->name, "pc-platform")) plat = (int)i;
        if (i)
            WW_CHECK(list[i - 1]->order <= list[i]->order);
    }
    WW_CHECK(lx >= 0 && acpi > lx && plat > acpi);
}

WW_TEST("firmware-loaders/pc/q35-split", t_split)
{
    /* hw/i386/pc_q35.c: below 4 GiB = min(RAM, RAM >= 0xB0000000 ? 2 GiB : 0xB0000000). */
    WW_CHECK_EQ(ww_pc_q35_below_4g(128ull << 20), 128ull << 20);
    WW_CHECK_EQ(ww_pc_q35_below_4g(0xa0000000ull), 0xa0000000ull);
    WW_CHECK_EQ(ww_pc_q35_below_4g(0xafffffffull), 0xafffffffull);
    WW_CHECK_EQ(ww_pc_q35_below_4g(0xb0000000ull), 0x80000000ull);
    WW_CHECK_EQ(ww_pc_q35_below_4g(4ull << 30), 0x80000000ull);
}

static const uint8_t *file(pcfw *p, const char *name, size_t *len)
{
    GBytes *b = ww_fw_cfg_get_file(p->fw, name, NULL);
    WW_CHECK_MSG(b, "fw_cfg file %s missing", name);
    return g_bytes_get_data(b, len);
}

WW_TEST("firmware-loaders/pc-platform/items", t_items)
{
    pcfw p;
    pcfw_init(&p, "128MiB", 0);
    GError *err = NULL;
    WW_CHECK_NOERR(ww_firmware_prepare(p.m, NULL, &err), err);
    /* etc/e820: one RAM entry { 0, 128 MiB, 1 } (20 bytes, little-endian). */
    size_t n;
    const uint8_t *e = file(&p, "etc/e820", &n);
    WW_CHECK_EQ(n, 20);
    WW_CHECK_EQ(ww_ld_le32(e) | (uint64_t)ww_ld_le32(e + 4) << 32, 0);
    WW_CHECK_EQ(ww_ld_le32(e + 8) | (uint64_t)ww_ld_le32(e + 12) << 32, 128ull << 20);
    WW_CHECK_EQ(ww_ld_le32(e + 16), 1);
    /* One CPU; RAM_SIZE; no display: NOGRAPHIC; boot-fail-wait -1. */
    GBytes *b = ww_fw_cfg_get(p.fw, WW_FW_CFG_NB_CPUS);
    WW_CHECK(b && g_bytes_get_size(b) == 2 && ww_ld_le16(g_bytes_get_data(b, NULL)) == 1);
    b = ww_fw_cfg_get(p.fw, WW_FW_CFG_MAX_CPUS);
    WW_CHECK(b && ww_ld_le16(g_bytes_get_data(b, NULL)) == 1);
    const uint8_t *bc = file(&p, "etc/boot-cpus", &n);
    WW_CHECK(n == 2 && ww_ld_le16(bc) == 1);
    b = ww_fw_cfg_get(p.fw, WW_FW_CFG_RAM_SIZE);
    WW_CHECK(b && g_bytes_get_size(b) == 8 && ww_ld_le32(g_bytes_get_data(b, NULL)) == 128u << 20);
    b = ww_fw_cfg_get(p.fw, WW_FW_CFG_NOGRAPHIC);
    WW_CHECK(b && ww_ld_le16(g_bytes_get_data(b, NULL)) == 1);
    WW_CHECK_EQ(pcfw_u32(p.fw, WW_FW_CFG_IRQ0_OVERRIDE), 1);
    const uint8_t *w = file(&p, "etc/boot-fail-wait", &n);
    WW_CHECK(n == 4 && ww_ld_le32(w) == 0xffffffffu);
    /* No kernel: no bootorder (SeaBIOS's default order). No MCH: no ACPI. */
    WW_CHECK(!ww_fw_cfg_get_file(p.fw, "bootorder", NULL));
    WW_CHECK(!ww_fw_cfg_get_file(p.fw, "etc/table-loader", NULL));
    pcfw_free(&p);
}

WW_TEST("firmware-loaders/pc-platform/display-and-large-ram", t_display)
{
    pcfw p;
    /* 3 GiB: Q35 puts 2 GiB below 4 GiB; the rest is beyond the 32-bit bus,
     * so the e820 map does not claim it. */
    pcfw_init(&p, "3GiB", PCFW_DISPLAY);
    GError *err = NULL;
    /* The machine maps all 3 GiB at 0, which covers the 2 GiB Q35 reports. */
    WW_CHECK_NOERR(ww_firmware_prepare(p.m, NULL, &err), err);
    size_t n;
    const uint8_t *e = file(&p, "etc/e820", &n);
    WW_CHECK_EQ(n, 20);
    WW_CHECK_EQ(ww_ld_le32(e + 8), 0x80000000u);
    GBytes *b = ww_fw_cfg_get(p.fw, WW_FW_CFG_NOGRAPHIC);
    WW_CHECK(b && ww_ld_le16(g_bytes_get_data(b, NULL)) == 0);
    pcfw_free(&p);
}

WW_TEST("firmware-loaders/pc-platform/not-a-pc", t_not_pc)
{
    /* No x86 CPU: the PC preparers do nothing (and fail nothing). */
    ww_machine *m = ww_test_machine_xml(
        "<machine name=\"test/notpc\">\n"
        "  <space name=\"bus\" bits=\"32\" endian=\"big\"/>\n"
        "  <chip id=\"fwcfg\" type=\"fw_cfg\" variant=\"mmio\"/>\n"
        "  <map space=\"bus\" at=\"0xf0000510\" to=\"fwcfg.mmio\"/>\n"
        "</machine>\n");
    GError *err = NULL;
    WW_CHECK_NOERR(ww_firmware_prepare(m, NULL, &err), err);
    WW_CHECK_EQ(ww_fw_cfg_file_count(ww_machine_find_chip(m, "fwcfg")), 0);
    ww_machine_free(m);
}

WW_TEST("firmware-loaders/pc-platform/ram-not-at-0", t_no_ram)
{
    ww_machine *m = ww_test_machine_xml(
        "<machine name=\"test/noram\">\n"
        "  <cpu id=\"cpu\" type=\"x86\" model=\"pentium-pro\"/>\n"
        "  <ram id=\"ram\" size=\"1MiB\"/>\n"
        "  <map space=\"cpu.mem\" at=\"0x100000\" to=\"ram\"/>\n"
        "  <chip id=\"fwcfg\" type=\"fw_cfg\"/>\n"
        "  <map space=\"cpu.io\" at=\"0x510\" to=\"fwcfg.io\"/>\n"
        "</machine>\n");
    GError *err = NULL;
    WW_CHECK_ERR(ww_firmware_prepare(m, NULL, &err), err, "no RAM mapped at address 0");
    ww_machine_free(m);
}

WW_TEST("firmware-loaders/acpi-pc/preparer-on-q35", t_acpi_machine)
{
    pcfw p;
    pcfw_init(&p, "256MiB", PCFW_MCH | PCFW_ISA);
    GError *err = NULL;
    WW_CHECK_NOERR(ww_firmware_prepare(p.m, NULL, &err), err);
    /* The three files SeaBIOS's qemu_platform_setup looks for; with
     * etc/table-loader it also moves the PM base to 0x600. */
    size_t nt, nr, nl;
    const uint8_t *t = file(&p, "etc/acpi/tables", &nt);
    file(&p, "etc/acpi/rsdp", &nr);
    file(&p, "etc/table-loader", &nl);
    WW_CHECK_EQ(nr, 20);
    WW_CHECK_EQ(nl % 128, 0);
    /* The machine's ISA chips are in the DSDT: COM1 (the 16550 at 0x3F8), the
     * keyboard (0x60/0x64), the RTC (0x70); the FADT says an 8042 exists. */
    WW_CHECK(memmem(t, nt, "COM1", 4) && memmem(t, nt, "KBD_", 4) && memmem(t, nt, "RTC_", 4));
    const uint8_t *fadt = memmem(t, nt, "FACP", 4);
    WW_CHECK(fadt && ww_ld_le16(fadt + 109) == 2);
    pcfw_free(&p);
}
