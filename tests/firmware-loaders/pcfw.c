/* tests/firmware-loaders/pcfw.c — the shared PC rig of the firmware
 * preparation tests (pcfw.h), and two test-only chips: "wwtestq35mch", a PCI
 * function that only has the Q35 MCH's identity (8086:29c0, what acpi-pc
 * looks for), and "wwtestport", a one-byte I/O register to stand in for the
 * ISA chips (RTC, keyboard controller) whose models are other issues. */
#include "tests/firmware-loaders/pcfw.h"
#include "core/pci.h"
#include "chips/firmware/fw_cfg.h"
#include "firmware-loaders/romcat.h"
#include <glib/gstdio.h>

/* ---- test chips ---------------------------------------------------------------- */

typedef struct {
    ww_chip chip;
    ww_pci_function pci;
} testmch_t;

enum { MCH_CONFIG, MCH__COUNT };

static uint64_t mch_read(ww_chip *c, unsigned region, uint64_t off, unsigned size,
                         ww_access how)
{
    return 0;
}

static void mch_write(ww_chip *c, unsigned region, uint64_t off, uint64_t val, unsigned size)
{
}

static const ww_region_desc mch_regions[] = {
    [MCH_CONFIG] = { "config", 256, 1, 4, WW_LITTLE_ENDIAN, WW_REGION_PCI_CONFIG,
                     "configuration space" },
    [MCH__COUNT] = { 0 }
};

static const ww_pci_desc mch_pci = {
    .offset = offsetof(testmch_t, pci),
    .vendor = 0x8086, .device = 0x29c0, .class_code = 0x060000,
    .subsys_vendor = 0x1af4, .subsys = 0x1100,
};

static const ww_chip_class testmch_class = {
    .type = "wwtestq35mch",
    .summary = "test-only: a PCI function with the Q35 MCH's identity and nothing else",
    .size = sizeof(testmch_t),
    .version = 1,
    .regions = mch_regions,
    .pci = &mch_pci,
    .read = mch_read,
    .write = mch_write,
};
WW_CHIP_REGISTER(testmch_class)

typedef struct {
    ww_chip chip;
    uint8_t v;
} testport_t;

static uint64_t port_read(ww_chip *c, unsigned region, uint64_t off, unsigned size,
                          ww_access how)
{
    return ((testport_t *)c)->v;
}

static void port_write(ww_chip *c, unsigned region, uint64_t off, uint64_t val, unsigned size)
{
    ((testport_t *)c)->v = (uint8_t)val;
}

static const ww_region_desc port_regions[] = {
    { "io", 1, 1, 1, WW_LITTLE_ENDIAN, 0, "one byte" },
    { 0 }
};

static const ww_reg_desc port_regs[] = {
    { "V", 0, 0, 1, WW_RW, .at = WW_AT(testport_t, v) },
    { 0 }
};

static const ww_chip_class testport_class = {
    .type = "wwtestport",
    .summary = "test-only: one byte-wide I/O register",
    .size = sizeof(testport_t),
    .version = 1,
    .regions = port_regions,
    .regs = port_regs,
    .read = port_read,
    .write = port_write,
};
WW_CHIP_REGISTER(testport_class)

/* ---- the rig --------------------------------------------------------------------- */

char *pcfw_file(pcfw *p, const char *name, const void *data, size_t len)
{
    char *path = g_build_filename(p->dir, name, NULL);
    GError *err = NULL;
    WW_CHECK_NOERR(g_file_set_contents(path, data, (gssize)len, &err), err);
    return path;
}

void pcfw_init(pcfw *p, const char *ram, unsigned flags)
{
    memset(p, 0, sizeof *p);
    GError *err = NULL;
    p->dir = g_dir_make_tmp("wwpcfw-XXXXXX", &err);
    WW_CHECK_NOERR(p->dir, err);
    /* A stand-in option ROM and a catalogue naming it (by its hashes). */
    uint8_t rom[512] = { 0x55, 0xaa, 0x01 };
    memcpy(rom + 0x40, "fake linuxboot", 14);
    p->optionrom = g_bytes_new(rom, sizeof rom);
    g_free(pcfw_file(p, "linuxboot_dma.bin", rom, sizeof rom));
    rom[0x40] = 'F';
    g_free(pcfw_file(p, "linuxboot.bin", rom, sizeof rom));
    uint32_t crc1, crc2;
    char sha1[41], sha2[41];
    ww_rom_hash(g_bytes_get_data(p->optionrom, NULL), sizeof rom, &crc1, sha1);
    ww_rom_hash(rom, sizeof rom, &crc2, sha2);
    char *cat = g_strdup_printf(
        "linuxboot-dma 512 %08x %s files=linuxboot_dma.bin source=user-supplied\n"
        "linuxboot 512 %08x %s files=linuxboot.bin source=user-supplied\n",
        crc1, sha1, crc2, sha2);
    p->catalogue = pcfw_file(p, "roms.txt", cat, strlen(cat));
    g_free(cat);
    p->rom_path[0] = p->dir;

    GString *x = g_string_new("<machine name=\"test/pcfw\">\n"
                              "  <cpu id=\"cpu\" type=\"x86\" model=\"pentium-pro\"/>\n");
    g_string_append_printf(x, "  <ram id=\"ram\" size=\"%s\"/>\n"
                              "  <map space=\"cpu.mem\" at=\"0\" to=\"ram\"/>\n", ram);
    if (!(flags & PCFW_NOFWCFG))
        g_string_append_printf(x, "  <chip id=\"fwcfg\" type=\"fw_cfg\"%s/>\n"
                                  "  <space name=\"fwcfg.dma\" alias=\"cpu.mem\"/>\n"
                                  "  <map space=\"cpu.io\" at=\"0x510\" to=\"fwcfg.io\"/>\n"
                                  "  <map space=\"cpu.io\" at=\"0x514\" to=\"fwcfg.dma\"/>\n",
                               (flags & PCFW_NODMA) ? " dma=\"false\"" : "");
    if (flags & PCFW_MCH)
        g_string_append(x, "  <chip id=\"mch\" type=\"wwtestq35mch\"/>\n"
                           "  <pcibus id=\"pci\" mem=\"cpu.mem\" io=\"cpu.io\" dma=\"cpu.mem\"/>\n"
                           "  <pci chip=\"mch\" slot=\"0\" function=\"0\"/>\n");
    if (flags & PCFW_ISA)
        g_string_append(x, "  <chip id=\"com1\" type=\"ns16550\"/>\n"
                           "  <map space=\"cpu.io\" at=\"0x3f8\" to=\"com1\"/>\n"
                           "  <chip id=\"kbd60\" type=\"wwtestport\"/>\n"
                           "  <chip id=\"kbd64\" type=\"wwtestport\"/>\n"
                           "  <chip id=\"rtc\" type=\"wwtestport\"/>\n"
                           "  <map space=\"cpu.io\" at=\"0x60\" to=\"kbd60\"/>\n"
                           "  <map space=\"cpu.io\" at=\"0x64\" to=\"kbd64\"/>\n"
                           "  <map space=\"cpu.io\" at=\"0x70\" to=\"rtc\"/>\n");
    if (flags & PCFW_DISPLAY)
        g_string_append(x, "  <chip id=\"tc\" type=\"wwtestchip\"/>\n");
    g_string_append(x, "</machine>\n");
    p->m = ww_test_machine_xml(x->str);
    g_string_free(x, TRUE);
    p->fw = ww_machine_find_chip(p->m, "fwcfg");
    if (flags & PCFW_DISPLAY) {
        /* A display slot, as <display from=…> declares one. */
        ww_chip *tc = ww_machine_find_chip(p->m, "tc");
        WW_CHECK_NOERR(ww_machine_add_backend_slot(p->m, WW_BACKEND_DISPLAY, NULL, NULL, tc, 0,
                                                   0, &err), err);
    }
}

void pcfw_free(pcfw *p)
{
    ww_machine_free(p->m);
    GDir *d = g_dir_open(p->dir, 0, NULL);
    const char *n;
    while (d && (n = g_dir_read_name(d))) {
        char *f = g_build_filename(p->dir, n, NULL);
        g_unlink(f);
        g_free(f);
    }
    if (d)
        g_dir_close(d);
    g_rmdir(p->dir);
    g_free(p->dir);
    g_free(p->catalogue);
    g_bytes_unref(p->optionrom);
}

ww_mdl_opts pcfw_opts(pcfw *p, const char *kernel, const char *initrd, const char *append)
{
    return (ww_mdl_opts){ .rom_path = p->rom_path, .catalogue = p->catalogue,
                          .kernel = kernel, .initrd = initrd, .append = append };
}

GByteArray *pcfw_bzimage(uint16_t version, uint8_t sects, uint8_t loadflags,
                         uint32_t initrd_max, uint32_t cmdline_size, size_t kernel)
{
    size_t setup = ((sects ? sects : 4u) + 1) * 512u;
    GByteArray *b = g_byte_array_sized_new((guint)(setup + kernel));
    g_byte_array_set_size(b, (guint)(setup + kernel));
    memset(b->data, 0, setup);
    uint8_t *h = b->data;
    h[0x1f1] = sects;
    h[0x1fe] = 0x55;
    h[0x1ff] = 0xaa;
    h[0x200] = 0xeb;                 /* jmp over the header */
    h[0x201] = 0x66;
    memcpy(h + 0x202, "HdrS", 4);
    h[0x206] = (uint8_t)version;
    h[0x207] = (uint8_t)(version >> 8);
    h[0x211] = loadflags;
    ww_st_le32(h + 0x22c, initrd_max);
    ww_st_le32(h + 0x230, 0x200000);  /* kernel_alignment */
    h[0x234] = 1;                     /* relocatable */
    ww_st_le32(h + 0x238, cmdline_size);
    ww_st_le32(h + 0x260, 0x800000);  /* init_size */
    for (size_t i = 0; i < kernel; i++)
        b->data[setup + i] = (uint8_t)(i * 7 + 3);
    return b;
}

GByteArray *pcfw_printing_kernel(size_t kernel)
{
    /* Real-mode code at setup offset 0x268, where the header's jump at 0x200
     * lands (linuxboot enters at SETUP_ADDR + 0x200). */
    static const uint8_t code[] = {
        0xb8, 0x00, 0x20,       /* mov ax, 0x2000 */
        0x8e, 0xd8,             /* mov ds, ax */
        0x31, 0xf6,             /* xor si, si */
        0xba, 0x02, 0x04,       /* mov dx, 0x402 */
        0xac,                   /* lodsb */
        0x84, 0xc0,             /* test al, al */
        0x74, 0x03,             /* jz done */
        0xee,                   /* out dx, al */
        0xeb, 0xf8,             /* jmp lodsb */
        0xb0, 0x0a,             /* done: mov al, 10 */
        0xee,                   /* out dx, al */
        0xf4,                   /* hlt */
        0xeb, 0xfd,             /* jmp hlt */
    };
    GByteArray *k = pcfw_bzimage(0x020f, 4, 0x01, 0x7fffffff, 2047, kernel);
    memcpy(k->data + 0x268, code, sizeof code);
    return k;
}

uint32_t pcfw_u32(ww_chip *fw, uint16_t key)
{
    GBytes *b = ww_fw_cfg_get(fw, key);
    WW_CHECK_MSG(b && g_bytes_get_size(b) == 4, "fw_cfg item 0x%04x is not 4 bytes", key);
    return ww_ld_le32(g_bytes_get_data(b, NULL));
}
