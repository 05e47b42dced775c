/* tests/firmware-loaders/linux_m68k.c — direct Linux boot on the Quadra 800
 * (firmware-loaders/linux_m68k.c) and the ROM path (mac68k_rom.c): a small
 * m68k ELF is placed at its physical address, the bootinfo records follow the
 * image as arch/m68k/kernel/head.S and mac_parse_bootinfo read them, the
 * initrd sits page-aligned at the top of RAM, the CPU starts at the entry;
 * files that are not m68k ELFs, or do not fit, are refused before start with
 * a message naming the problem; without a kernel, a missing ROM is named. */
#include "tests/harness.h"
#include "core/machine.h"
#include "firmware-loaders/prepare.h"
#include <glib/gstdio.h>

static void put32(uint8_t *p, uint32_t v) { p[0] = v >> 24; p[1] = (uint8_t)(v >> 16); p[2] = (uint8_t)(v >> 8); p[3] = (uint8_t)v; }
static void put16(uint8_t *p, uint16_t v) { p[0] = v >> 8; p[1] = (uint8_t)v; }
static uint32_t get32(const uint8_t *p) { return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]; }

/* An ELF32 big-endian executable for `machine` with one PT_LOAD at paddr. */
static char *write_elf(uint16_t machine, uint32_t paddr, uint32_t filesz, uint32_t memsz,
                       uint32_t entry)
{
    size_t len = 52 + 32 + filesz;
    uint8_t *b = g_malloc0(len);
    memcpy(b, "\x7f" "ELF", 4);
    b[4] = 1;                  /* 32-bit */
    b[5] = 2;                  /* big-endian */
    b[6] = 1;
    put16(b + 16, 2);          /* ET_EXEC */
    put16(b + 18, machine);
    put32(b + 20, 1);
    put32(b + 24, entry);
    put32(b + 28, 52);         /* phoff */
    put16(b + 40, 52);         /* ehsize */
    put16(b + 42, 32);         /* phentsize */
    put16(b + 44, 1);          /* phnum */
    uint8_t *ph = b + 52;
    put32(ph, 1);              /* PT_LOAD */
    put32(ph + 4, 84);         /* offset */
    put32(ph + 8, paddr);      /* vaddr */
    put32(ph + 12, paddr);     /* paddr */
    put32(ph + 16, filesz);
    put32(ph + 20, memsz);
    put32(ph + 24, 7);
    for (uint32_t i = 0; i < filesz; i++)
        b[84 + i] = (uint8_t)(i * 13 + 1);
    char *path = NULL;
    int fd = g_file_open_tmp("wwm68k-XXXXXX.elf", &path, NULL);
    WW_CHECK(fd >= 0);
    WW_CHECK(write(fd, b, len) == (ssize_t)len);
    close(fd);
    g_free(b);
    return path;
}

static char *write_blob(size_t n, uint8_t fill)
{
    uint8_t *b = g_malloc(n);
    memset(b, fill, n);
    char *path = NULL;
    int fd = g_file_open_tmp("wwm68k-XXXXXX.bin", &path, NULL);
    WW_CHECK(fd >= 0);
    WW_CHECK(write(fd, b, n) == (ssize_t)n);
    close(fd);
    g_free(b);
    return path;
}

static ww_machine *quadra(void)
{
    return ww_test_machine_xml(
        "<machine name='t/q' title='t' extends='mac68k/quadra800.xml'>\n"
        "  <ram id='ram' size='16MiB'/>\n"
        "</machine>\n");
}

static uint64_t cpu_reg(ww_machine *m, const char *name)
{
    ww_chip *cpu = ww_machine_find_chip(m, "cpu");
    unsigned idx;
    const ww_reg_desc *r = ww_chip_find_reg(cpu->cls, name, &idx);
    WW_CHECK(r);
    return ww_chip_reg_get(cpu, r, idx);
}

/* The bootinfo record with `tag` (NULL if none); *size its data bytes. */
static const uint8_t *record(const uint8_t *bi, uint16_t tag, unsigned *size)
{
    for (unsigned off = 0, k = 0; off < 4096 && k < 64; k++) {
        uint16_t t = (uint16_t)(bi[off] << 8 | bi[off + 1]), sz = (uint16_t)(bi[off + 2] << 8 | bi[off + 3]);
        if (t == tag) {
            *size = sz - 4u;
            return bi + off + 4;
        }
        if (t == 0 || sz < 4)
            return NULL;
        off += sz;
    }
    return NULL;
}

WW_TEST("firmware-loaders/linux-m68k/bootinfo", t_bootinfo)
{
    ww_machine *m = quadra();
    char *k = write_elf(4, 0x1000, 0x3000, 0x4001, 0x1000);
    char *rd = write_blob(5000, 0xab);
    ww_mdl_opts o = { .kernel = k, .initrd = rd, .append = "console=ttyS0 root=/dev/sda" };
    GError *err = NULL;
    WW_CHECK_NOERR(ww_firmware_prepare(m, &o, &err), err);
    uint64_t size;
    uint8_t *ram = ww_machine_find_memory(m, "ram", &size);
    WW_CHECK_EQ(size, 16u << 20);
    /* The segment at its physical address, the bss zeroed. */
    WW_CHECK_EQ(ram[0x1000], 1);
    WW_CHECK_EQ(ram[0x1001], 14);
    WW_CHECK_EQ(ram[0x4000], 0);
    /* The records at _end (0x5001) rounded up to even: 0x5002. */
    const uint8_t *bi = ram + 0x5002;
    unsigned n;
    const uint8_t *r = record(bi, 0x0001, &n);       /* BI_MACHTYPE */
    WW_CHECK(r && n == 4 && get32(r) == 3);
    r = record(bi, 0x0002, &n);                      /* BI_CPUTYPE: 68040 */
    WW_CHECK(r && get32(r) == 4);
    r = record(bi, 0x0003, &n);                      /* BI_FPUTYPE: 68040 */
    WW_CHECK(r && get32(r) == 4);
    r = record(bi, 0x0004, &n);                      /* BI_MMUTYPE: 68040 */
    WW_CHECK(r && get32(r) == 4);
    r = record(bi, 0x0005, &n);                      /* BI_MEMCHUNK 0, 16 MiB */
    WW_CHECK(r && n == 8 && get32(r) == 0 && get32(r + 4) == 16u << 20);
    r = record(bi, 0x8000, &n);                      /* BI_MAC_MODEL: Quadra 800 */
    WW_CHECK(r && get32(r) == 35);
    r = record(bi, 0x8001, &n);                      /* BI_MAC_VADDR */
    WW_CHECK(r && get32(r) == 0xF9000000u);
    r = record(bi, 0x8003, &n);                      /* BI_MAC_VROW: 640 bytes */
    WW_CHECK(r && get32(r) == 640);
    r = record(bi, 0x8004, &n);                      /* BI_MAC_VDIM */
    WW_CHECK(r && get32(r) == (480u << 16 | 640));
    r = record(bi, 0x8006, &n);                      /* BI_MAC_SCCBASE */
    WW_CHECK(r && get32(r) == 0x5000C020u);
    r = record(bi, 0x0007, &n);                      /* BI_COMMAND_LINE */
    WW_CHECK(r && !strcmp((const char *)r, "console=ttyS0 root=/dev/sda"));
    r = record(bi, 0x0006, &n);                      /* BI_RAMDISK at the top, page-aligned */
    WW_CHECK(r && get32(r + 4) == 5000);
    uint32_t at = get32(r);
    WW_CHECK_EQ(at & 0xfff, 0);
    WW_CHECK(at + 5000 <= 16u << 20 && at + 5000 + 4096 > 16u << 20);
    WW_CHECK_EQ(ram[at], 0xab);
    /* head.S's entry state. */
    WW_CHECK_EQ(cpu_reg(m, "pc"), 0x1000);
    WW_CHECK_EQ(cpu_reg(m, "sr") & 0xff00, 0x2700);
    ww_machine_free(m);
    g_unlink(k);
    g_unlink(rd);
    g_free(k);
    g_free(rd);
}

WW_TEST("firmware-loaders/linux-m68k/refuses-bad-kernels", t_bad)
{
    GError *err = NULL;
    /* Not an ELF. */
    char *blob = write_blob(4096, 0x4e);
    ww_machine *m = quadra();
    ww_mdl_opts o = { .kernel = blob };
    WW_CHECK_ERR(ww_firmware_prepare(m, &o, &err), err, "expected an m68k vmlinux");
    ww_machine_free(m);
    /* An ELF for the i386. */
    char *x86 = write_elf(3, 0x1000, 0x100, 0x100, 0x1000);
    m = quadra();
    o.kernel = x86;
    WW_CHECK_ERR(ww_firmware_prepare(m, &o, &err), err, "machine 3");
    ww_machine_free(m);
    /* A kernel that does not fit in the 16 MiB. */
    char *big = write_elf(4, 0xF00000, 0x100, 0x200000, 0xF00000);
    m = quadra();
    o.kernel = big;
    WW_CHECK_ERR(ww_firmware_prepare(m, &o, &err), err, "beyond the 16 MiB of RAM");
    ww_machine_free(m);
    /* An entry point outside the image. */
    char *ent = write_elf(4, 0x1000, 0x100, 0x100, 0x80000);
    m = quadra();
    o.kernel = ent;
    WW_CHECK_ERR(ww_firmware_prepare(m, &o, &err), err, "entry point");
    ww_machine_free(m);
    /* An initrd too big for what is left. */
    char *ok = write_elf(4, 0x1000, 0x100, 0x100, 0x1000);
    char *rd = write_blob(17u << 20, 0);
    m = quadra();
    o.kernel = ok;
    o.initrd = rd;
    WW_CHECK_ERR(ww_firmware_prepare(m, &o, &err), err, "do not fit");
    ww_machine_free(m);
    /* One that fits in RAM but, at the top of it, would lie over the kernel. */
    char *rd2 = write_blob((16u << 20) - 0x800, 0);
    m = quadra();
    o.initrd = rd2;
    WW_CHECK_ERR(ww_firmware_prepare(m, &o, &err), err, "overlaps --kernel ");
    ww_machine_free(m);
    /* A missing file. */
    m = quadra();
    o.kernel = "/nonexistent/vmlinux";
    o.initrd = NULL;
    WW_CHECK_ERR(ww_firmware_prepare(m, &o, &err), err, "/nonexistent/vmlinux");
    ww_machine_free(m);
    const char *files[] = { blob, x86, big, ent, ok, rd, rd2 };
    for (unsigned i = 0; i < G_N_ELEMENTS(files); i++) {
        g_unlink(files[i]);
        g_free((char *)files[i]);
    }
}

WW_TEST("firmware-loaders/mac68k-rom/missing-rom-named", t_rom)
{
    /* No kernel: the ROM path; with no ROM anywhere, the message names it. */
    ww_machine *m = quadra();
    char *dir = g_dir_make_tmp("wwrom-XXXXXX", NULL);
    const char *path[] = { dir, NULL };
    ww_mdl_opts o = { .rom_path = path };
    GError *err = NULL;
    g_setenv("HOME", dir, TRUE);
    WW_CHECK_ERR(ww_firmware_prepare(m, &o, &err), err, "mac-quadra800");
    ww_machine_free(m);
    /* A file that is the ROM by name but not by hash is not taken either. */
    char *f = g_build_filename(dir, "f1acad13.rom", NULL);
    uint8_t *junk = g_malloc0(1 << 20);
    WW_CHECK(g_file_set_contents(f, (const char *)junk, 1 << 20, NULL));
    m = quadra();
    WW_CHECK(!ww_firmware_prepare(m, &o, &err));
    g_clear_error(&err);
    ww_machine_free(m);
    g_unlink(f);
    g_rmdir(dir);
    g_free(f);
    g_free(junk);
    g_free(dir);
}
