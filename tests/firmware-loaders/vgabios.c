/* tests/firmware-loaders/vgabios.c — Debian's SeaBIOS with SeaBIOS's VGA BIOS
 * (vgabios.bin through fw_cfg "vgaroms/", the vga-rom preparer) on each S3
 * variant: the BIOS finds the card on PCI, runs the VGA BIOS, which sets
 * mode 3 and loads its font into plane 2, and SeaBIOS prints its banner on
 * the screen. The test reads the text back through the card's window (peek,
 * as the monitor would) and writes a 720x400 PNG of the screen (kept in
 * $WW_TEST_SHOTS when that is set, for docs/).
 *
 * The machine is the stand-in tests/firmware-loaders/seabios.c uses (the
 * test Q35 MCH, RAM over the shadowed BIOS, no RTC/LPC/IOAPIC) plus the card
 * at 00:02.0 and a display. */
#include "tests/firmware-loaders/pcfw.h"
#include "firmware-loaders/prepare.h"
#include "core/display.h"
#include <glib/gstdio.h>

static const char *const bios = "/usr/share/seabios/bios-256k.bin";

/* ---- wwtestecam: a test-only ECAM window -------------------------------------------
 * SeaBIOS switches to MMCONFIG at 0xB0000000 once it sees a Q35 MCH
 * ("PCIe: using q35 mmconfig"); the test MCH has no PCIEXBAR, so this chip
 * stands in for it: memory accesses go to the configuration space (its "cfg"
 * bus, aliased to pci.cfg) at the same offset, as the MCH's window does. */
typedef struct { ww_chip chip; } ecam_t;
enum { ECAM_MMIO, ECAM__REGIONS };
enum { ECAM_CFG, ECAM__BUSES };

static uint64_t ecam_read(ww_chip *c, unsigned region, uint64_t off, unsigned size, ww_access how)
{
    uint64_t v = size >= 8 ? UINT64_MAX : (1ull << (8 * size)) - 1;
    if (c->bus[ECAM_CFG]) {
        if (how == WW_PEEK)
            ww_space_peek(c->bus[ECAM_CFG], off, size, &v);
        else
            ww_space_read(c->bus[ECAM_CFG], off, size, &v);
    }
    return v;
}

static void ecam_write(ww_chip *c, unsigned region, uint64_t off, uint64_t val, unsigned size)
{
    if (c->bus[ECAM_CFG])
        ww_space_write(c->bus[ECAM_CFG], off, size, val);
}

static const ww_region_desc ecam_regions[] = {
    [ECAM_MMIO] = { "mmio", 1u << 28, 1, 4, WW_LITTLE_ENDIAN, 0, "ECAM window" },
    [ECAM__REGIONS] = { 0 }
};
static const ww_bus_desc ecam_buses[] = {
    [ECAM_CFG] = { "cfg", "the configuration space", 28, WW_LITTLE_ENDIAN, WW_UNMAPPED_OPEN_BUS,
                   UINT64_MAX },
    [ECAM__BUSES] = { 0 }
};
static const ww_chip_class ecam_class = {
    .type = "wwtestecam", .summary = "test-only PCI Express ECAM window", .size = sizeof(ecam_t),
    .version = 1, .regions = ecam_regions, .buses = ecam_buses, .read = ecam_read,
    .write = ecam_write,
};
WW_CHIP_REGISTER(ecam_class)

static ww_machine *build(const char *variant)
{
    char *xml = g_strdup_printf(
        "<machine name=\"test/seabios-vga\">\n"
        "  <cpu id=\"cpu\" type=\"x86\" model=\"pentium-pro\"/>\n"
        "  <ram id=\"ram\" size=\"64MiB\"/>\n"
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
        "  <chip id=\"mch\" type=\"wwtestq35mch\"/>\n"
        "  <pcibus id=\"pci\" mem=\"cpu.mem\" io=\"cpu.io\" dma=\"cpu.mem\"/>\n"
        "  <pci chip=\"mch\" slot=\"0\" function=\"0\"/>\n"
        "  <chip id=\"conf\" type=\"pci-conf1\"/>\n"
        "  <space name=\"conf.cfg\" alias=\"pci.cfg\"/>\n"
        "  <map space=\"cpu.io\" at=\"0xcf8\" to=\"conf\"/>\n"
        "  <chip id=\"ecam\" type=\"wwtestecam\"/>\n"
        "  <space name=\"ecam.cfg\" alias=\"pci.cfg\"/>\n"
        "  <map space=\"cpu.mem\" at=\"0xb0000000\" to=\"ecam\"/>\n"
        "  <chip id=\"video\" type=\"s3\" variant=\"%s\"/>\n"
        "  <pci chip=\"video\" slot=\"2\"/>\n"
        "  <space name=\"video.io\" alias=\"cpu.io\"/>\n"
        "  <space name=\"video.mem\" alias=\"cpu.mem\"/>\n"
        "  <display from=\"video\"/>\n"
        "</machine>\n", bios, variant);
    ww_machine *m = ww_test_machine_xml(xml);
    g_free(xml);
    /* The "shadowed" BIOS: its last 128 KiB as RAM at 0xE0000 (no PAM here). */
    uint8_t *ram = ww_machine_find_memory(m, "ram", NULL);
    uint8_t *rom = ww_machine_find_memory(m, "bios", NULL);
    memcpy(ram + 0xe0000, rom + 0x20000, 0x20000);
    return m;
}

static void on_log(ww_log_kind kind, const char *cat, const char *msg, void *opaque)
{
    if (kind == WW_LOG_TRACE && !strcmp(cat, "seabios"))
        g_string_append_printf(opaque, "%s\n", msg);
    else if (kind != WW_LOG_TRACE)
        g_string_append_printf(opaque, "[%s] %s\n", cat, msg);
}

/* The screen's text as the chip holds it: 80x25 cells at B8000h. */
static GString *screen_text(ww_machine *m)
{
    ww_space *mem = ww_machine_find_space(m, "cpu.mem");
    GString *s = g_string_new(NULL);
    for (unsigned row = 0; row < 25; row++) {
        for (unsigned col = 0; col < 80; col++) {
            uint64_t v = ' ';
            ww_space_peek(mem, 0xb8000 + (row * 80 + col) * 2, 1, &v);
            g_string_append_c(s, v >= 0x20 && v < 0x7f ? (char)v : '.');
        }
        g_string_append_c(s, '\n');
    }
    return s;
}

static void banner(const char *variant)
{
    if (!g_file_test(bios, G_FILE_TEST_EXISTS))
        ww_test_skip("%s missing (Debian package seabios)", bios);
    if (!g_file_test("/usr/share/seabios/vgabios-isavga.bin", G_FILE_TEST_EXISTS))
        ww_test_skip("vgabios.bin missing (Debian package seabios)");
    GString *log = g_string_new(NULL);
    ww_log_set_handler(on_log, log);
    ww_log_enable("seabios,guest,unimp");
    ww_machine *m = build(variant);
    ww_display *d = ww_display_new();
    GError *err = NULL;
    WW_CHECK_NOERR(ww_machine_bind(m, WW_BACKEND_DISPLAY, 0, d, &err), err);
    ww_mdl_opts o = { 0 };
    WW_CHECK_NOERR(ww_firmware_prepare(m, &o, &err), err);
    ww_chip *card = ww_machine_find_chip(m, "video");
    const ww_reg_desc *misc = ww_chip_find_reg(card->cls, "MISC", NULL);
    GString *text = NULL;
    /* SeaBIOS prints the banner once the VGA BIOS has set mode 3 (about
     * 20 ms of guest time here), then finds nothing to boot and waits. */
    unsigned ms;
    for (ms = 10; ms <= 3000; ms += 10) {
        ww_machine_run_until(m, ms * 1000000ull);
        if (text)
            g_string_free(text, TRUE);
        text = screen_text(m);
        if (strstr(text->str, "No bootable device"))
            break;
    }
    ww_test_log("after %u ms: MISC %02x", ms, (unsigned)ww_chip_reg_get(card, misc, 0));
    ww_log_set_handler(NULL, NULL);
    ww_test_log("SeaBIOS log:\n%s\nscreen:\n%s", log->str, text->str);
    WW_CHECK_MSG(strstr(log->str, "Scan for VGA option rom"), "SeaBIOS did not look for a VGA BIOS");
    WW_CHECK_MSG(strstr(log->str, "Turning on vga text mode console"),
                 "SeaBIOS did not run the VGA BIOS");
    WW_CHECK_MSG(strstr(text->str, "SeaBIOS (version"), "no banner on the screen:\n%s", text->str);
    /* The picture: mode 3, 720x400, the banner's first letter in light grey on black. */
    ww_display_update(d);
    WW_CHECK_EQ(ww_display_width(d), 720);
    WW_CHECK_EQ(ww_display_height(d), 400);
    const ww_display_mode *dm = ww_display_current(d);
    WW_CHECK(dm && dm->kind == WW_DISPLAY_TEXT);
    unsigned row = 0;
    const char *at = strstr(text->str, "SeaBIOS (version");
    row = (unsigned)(at - text->str) / 81;
    unsigned col = (unsigned)(at - text->str) % 81;
    unsigned pitch, lit = 0;
    const uint32_t *px = ww_display_pixels(d, &pitch);
    for (unsigned y = row * 16; y < row * 16 + 16; y++)
        for (unsigned x = col * 9; x < col * 9 + 9 * 7; x++)
            lit += (px[y * pitch / 4 + x] & 0xffffff) == 0xaaaaaa;
    WW_CHECK_MSG(lit > 100, "only %u light grey dots in \"SeaBIOS\"", lit);
    const char *keep = g_getenv("WW_TEST_SHOTS");
    char *dir = keep ? g_strdup(keep) : g_dir_make_tmp("wwvgabios-XXXXXX", &err);
    WW_CHECK_NOERR(dir, err);
    char *name = g_strdup_printf("seabios-%s.png", variant);
    char *path = g_build_filename(dir, name, NULL);
    WW_CHECK_NOERR(ww_display_save_png(d, path, &err), err);
    unsigned w, h;
    uint32_t *back = ww_png_read_xrgb(path, &w, &h, &err);
    WW_CHECK_NOERR(back, err);
    WW_CHECK(w == 720 && h == 400);
    g_free(back);
    if (!keep) {
        g_unlink(path);
        g_rmdir(dir);
    }
    g_free(path);
    g_free(name);
    g_free(dir);
    g_string_free(text, TRUE);
    g_string_free(log, TRUE);
    ww_machine_free(m);
    ww_display_free(d);
}

WW_TEST("firmware-loaders/vgabios/banner_on_trio64", t_trio64) { banner("trio64"); }
WW_TEST("firmware-loaders/vgabios/banner_on_virge", t_virge) { banner("virge"); }
WW_TEST("firmware-loaders/vgabios/banner_on_vision864", t_vision864) { banner("vision864"); }
