/* tests/chips/bridge/q35_mch.c — the Q35 host bridge (chips/bridge/q35_mch.c)
 * on a small PC-like machine: configuration mechanism #1 at CF8h/CFCh, the
 * MCH at 00:00.0 with the RAM bound to it, a test PCI function at 00:03.0, a
 * 256 KiB "BIOS" (read-only RAM the test fills) at 0FFFC0000h with its last
 * 128 KiB aliased at 0E0000h, and a stand-in for VGA memory at 0A0000h.
 * Every step goes through the I/O and memory spaces the way SeaBIOS
 * (src/fw/pciinit.c, src/fw/shadow.c, src/fw/smm.c) and Linux do it. */
#include "tests/harness.h"
#include "core/machine.h"
#include "core/mdl.h"

static const char *const rig_fmt =
    "<machine name='test/q35-mch' title='Q35 MCH test machine'>\n"
    "  <space name='cpu.mem' bits='%u' endian='little' unmapped='open-bus' open-bus='0xffffffff'/>\n"
    "  <space name='cpu.io' bits='16' endian='little' unmapped='open-bus' open-bus='0xffffffff'/>\n"
    "  <ram id='ram' size='%s'/>\n"
    "  <ram id='bios' size='256KiB'/>\n"
    "  <ram id='vga' size='128KiB'/>\n"
    "  <map space='cpu.mem' at='0' to='ram' window='mch.dram'/>\n"
    "  <map space='cpu.mem' at='0xfffc0000' to='bios' access='ro'/>\n"
    "  <map space='cpu.mem' at='0xe0000' size='128KiB' to='bios' offset='128KiB' access='ro'\n"
    "       priority='1'/>\n"
    "  <map space='cpu.mem' at='0xa0000' to='vga' priority='1'/>\n"
    "  <pcibus id='pci' mem='cpu.mem' io='cpu.io' dma='cpu.mem'/>\n"
    "  <chip id='conf' type='pci-conf1'/>\n"
    "  <space name='conf.cfg' alias='pci.cfg'/>\n"
    "  <map space='cpu.io' at='0xcf8' to='conf'/>\n"
    "  <chip id='mch' type='q35-mch'/>\n"
    "  <space name='mch.cfg' alias='pci.cfg'/>\n"
    "  <space name='mch.mem' alias='cpu.mem'/>\n"
    "  <pci chip='mch' slot='0'/>\n"
    "  <chip id='dev' type='wwtestpci'/>\n"
    "  <pci chip='dev' slot='3'/>\n"
    "</machine>\n";

typedef struct {
    ww_machine *m;
    ww_chip *mch;
    ww_space *mem, *io;
    uint8_t *ram, *bios, *vga;
    uint64_t ram_size;
} rig;

static void rig_init_with(rig *r, unsigned bits, const char *ram)
{
    char *xml = g_strdup_printf(rig_fmt, bits, ram);
    r->m = ww_test_machine_xml(xml);
    g_free(xml);
    r->mch = ww_machine_find_chip(r->m, "mch");
    r->mem = ww_machine_find_space(r->m, "cpu.mem");
    r->io = ww_machine_find_space(r->m, "cpu.io");
    uint64_t n;
    r->ram = ww_machine_find_memory(r->m, "ram", &r->ram_size);
    r->bios = ww_machine_find_memory(r->m, "bios", &n);
    r->vga = ww_machine_find_memory(r->m, "vga", &n);
    WW_CHECK(r->mch && r->mem && r->io && r->ram && r->bios && r->vga);
    /* The BIOS image: a pattern, so every byte says where it came from. */
    for (uint32_t i = 0; i < 256 * 1024; i++)
        r->bios[i] = (uint8_t)(i * 7 + 3);
    memset(r->vga, 0x5a, 128 * 1024);
}

static void rig_init(rig *r) { rig_init_with(r, 32, "8MiB"); }

static uint8_t bios_byte(uint32_t addr_in_top_256k) { return (uint8_t)(addr_in_top_256k * 7 + 3); }

/* ---- I/O and memory, as the CPU does them --------------------------------------- */

static uint64_t io_in(rig *r, uint16_t port, unsigned n)
{
    uint64_t v = 0;
    ww_space_read(r->io, port, n, &v);
    return v;
}
static void io_out(rig *r, uint16_t port, unsigned n, uint64_t v) { ww_space_write(r->io, port, n, v); }

static uint64_t rd(rig *r, uint64_t a, unsigned n)
{
    uint64_t v = 0;
    ww_space_read(r->mem, a, n, &v);
    return v;
}
static void wr(rig *r, uint64_t a, unsigned n, uint64_t v) { ww_space_write(r->mem, a, n, v); }

/* SeaBIOS src/hw/pci.c pci_ioconfig_*: CONFIG_ADDRESS then a CONFIG_DATA
 * access at the byte lane of the register. */
static uint32_t cfg_rd(rig *r, unsigned dev, unsigned reg, unsigned n)
{
    io_out(r, 0xcf8, 4, 0x80000000u | dev << 11 | (reg & 0xfc));
    return (uint32_t)io_in(r, (uint16_t)(0xcfc + (reg & (4 - n))), n);
}
static void cfg_wr(rig *r, unsigned dev, unsigned reg, unsigned n, uint32_t v)
{
    io_out(r, 0xcf8, 4, 0x80000000u | dev << 11 | (reg & 0xfc));
    io_out(r, (uint16_t)(0xcfc + (reg & (4 - n))), n, v);
}

/* SeaBIOS pciinit.c mch_mmconfig_setup: lower half 0, upper half, then the
 * lower half with the enable bit. */
static void mmconfig_setup(rig *r, uint64_t addr_and_flags)
{
    cfg_wr(r, 0, 0x60, 4, 0);
    cfg_wr(r, 0, 0x64, 4, (uint32_t)(addr_and_flags >> 32));
    cfg_wr(r, 0, 0x60, 4, (uint32_t)addr_and_flags);
}

static uint64_t pciexbar(rig *r)
{
    return cfg_rd(r, 0, 0x60, 4) | (uint64_t)cfg_rd(r, 0, 0x64, 4) << 32;
}

/* ECAM address of bus 0, device `dev`, register `reg` under a window at `base`. */
static uint64_t ecam(uint64_t base, unsigned bus, unsigned dev, unsigned reg)
{
    return base + ((uint64_t)bus << 20 | (uint64_t)dev << 15 | reg);
}

/* shadow.c __make_bios_writable_intel: read PAM0-7 as two dwords, PAM1-6 =
 * 33h, PAM0 = 30h, write them back. */
static void make_bios_writable(rig *r)
{
    uint8_t pam[8];
    uint32_t d0 = cfg_rd(r, 0, 0x90, 4), d1 = cfg_rd(r, 0, 0x94, 4);
    for (int i = 0; i < 4; i++) {
        pam[i] = (uint8_t)(d0 >> (8 * i));
        pam[4 + i] = (uint8_t)(d1 >> (8 * i));
    }
    for (int i = 0; i < 6; i++)
        pam[i + 1] = 0x33;
    pam[0] = 0x30;
    cfg_wr(r, 0, 0x90, 4, (uint32_t)pam[0] | pam[1] << 8 | pam[2] << 16 | (uint32_t)pam[3] << 24);
    cfg_wr(r, 0, 0x94, 4, (uint32_t)pam[4] | pam[5] << 8 | pam[6] << 16 | (uint32_t)pam[7] << 24);
}

/* ---- identity and reset ----------------------------------------------------------- */

WW_TEST("chips/q35-mch/identity", t_identity)
{
    rig r;
    rig_init(&r);
    /* 00:00.0 is an Intel 29C0 host bridge (class 06 00 00), single function. */
    WW_CHECK_EQ(cfg_rd(&r, 0, 0x00, 4), 0x29c08086);
    WW_CHECK_EQ(cfg_rd(&r, 0, 0x08, 4) >> 8, 0x060000);
    WW_CHECK_EQ(cfg_rd(&r, 0, 0x0e, 1), 0x00);
    WW_CHECK_EQ(cfg_rd(&r, 0, 0x3d, 1), 0);                 /* no interrupt pin */
    /* QEMU's subsystem IDs: SeaBIOS's qemu_detect() looks for 1AF4:1100 here
     * before it takes its QEMU paths ("Running on QEMU (q35)"). */
    WW_CHECK_EQ(cfg_rd(&r, 0, 0x2c, 4), 0x11001af4);
    /* SeaBIOS finds the test function behind it at 00:03.0. */
    WW_CHECK_EQ(cfg_rd(&r, 3, 0x00, 4), 0x56781234);
    ww_machine_free(r.m);
}

WW_TEST("chips/q35-mch/reset_values", t_reset_values)
{
    rig r;
    rig_init(&r);
    /* PCIEXBAR off at the datasheet default; PAM all "DRAM disabled"; SMRAM
     * 02h (compatible SMRAM in the A segment, closed); ESMRAMC 38h. */
    WW_CHECK_EQ(pciexbar(&r), 0xE0000000);
    WW_CHECK_EQ(cfg_rd(&r, 0, 0x90, 4), 0);
    WW_CHECK_EQ(cfg_rd(&r, 0, 0x94, 4) & 0xffffff, 0);
    WW_CHECK_EQ(cfg_rd(&r, 0, 0x9d, 1), 0x02);
    WW_CHECK_EQ(cfg_rd(&r, 0, 0x9e, 1), 0x38);
    /* No ECAM window yet: 0E0000000h reads all ones. */
    WW_CHECK_EQ(rd(&r, 0xE0000000, 4), 0xffffffff);
    ww_machine_free(r.m);
}

/* ---- RAM decode ----------------------------------------------------------------------- */

WW_TEST("chips/q35-mch/dram_small_machine", t_dram_small)
{
    rig r;
    rig_init(&r);
    /* 8 MiB: DRAM at 0-9FFFFh and 100000h-7FFFFFh, on the fast path. */
    wr(&r, 0x1234, 4, 0xdeadbeef);
    WW_CHECK_EQ(r.ram[0x1234], 0xef);
    wr(&r, 0x7ffffc, 4, 0x01020304);
    WW_CHECK_EQ(rd(&r, 0x7ffffc, 4), 0x01020304);
    WW_CHECK(ww_space_read_table(r.mem)[0x100] == r.ram + 0x100000);
    /* Nothing above TOLUD (PCI space). */
    WW_CHECK_EQ(rd(&r, 0x800000, 4), 0xffffffff);
    /* The legacy area is not DRAM at reset: VGA at 0A0000h, nothing at
     * 0C0000h, the BIOS alias at 0E0000h and 0F0000h. */
    WW_CHECK_EQ(rd(&r, 0xA0000, 1), 0x5a);
    WW_CHECK_EQ(rd(&r, 0xC0000, 4), 0xffffffff);
    WW_CHECK_EQ(rd(&r, 0xFFFF0, 1), bios_byte(0x3FFF0));
    WW_CHECK_EQ(rd(&r, 0xE0000, 1), bios_byte(0x20000));
    /* TOLUD 8 MiB (bits 31:20 in 15:4), TOM one 64 MiB unit, TOUUD = TOLUD. */
    WW_CHECK_EQ(cfg_rd(&r, 0, 0xb0, 2), 0x0080);
    WW_CHECK_EQ(cfg_rd(&r, 0, 0xa0, 2), 1);
    WW_CHECK_EQ(cfg_rd(&r, 0, 0xa2, 2), 8);
    WW_CHECK_EQ(cfg_rd(&r, 0, 0xac, 4), 0x00800000);
    ww_machine_free(r.m);
}

WW_TEST("chips/q35-mch/dram_split_above_4g", t_dram_split)
{
    rig r;
    rig_init_with(&r, 36, "3GiB");
    /* 3 GiB >= 2.75 GiB: 2 GiB below 4 GiB, 1 GiB from 4 GiB on (pc_q35.c). */
    wr(&r, 0x7ffffff0, 4, 0x11111111);
    WW_CHECK_EQ(r.ram[0x7ffffff0], 0x11);
    WW_CHECK_EQ(rd(&r, 0x80000000, 4), 0xffffffff);           /* the PCI hole */
    wr(&r, 0x100000000ull + 0x40, 4, 0x22334455);
    WW_CHECK_EQ(r.ram[0x80000040], 0x55);
    WW_CHECK_EQ(rd(&r, 0x13ffffffcull, 4), 0);                  /* last word of RAM */
    WW_CHECK_EQ(rd(&r, 0x140000000ull, 4), 0xffffffff);         /* past it */
    /* TOLUD 2 GiB, TOUUD 5 GiB, TOM 3 GiB. */
    WW_CHECK_EQ(cfg_rd(&r, 0, 0xb0, 2), 0x8000);
    WW_CHECK_EQ(cfg_rd(&r, 0, 0xa2, 2), 0x1400);
    WW_CHECK_EQ(cfg_rd(&r, 0, 0xa0, 2), 0x30);
    ww_machine_free(r.m);
}

WW_TEST("chips/q35-mch/dram_split_thresholds", t_dram_thresholds)
{
    /* Exactly 2.75 GiB (0B0000000h) is the threshold: the hole starts at
     * 2 GiB and 768 MiB go above 4 GiB (TOUUD 4.75 GiB) … */
    rig r;
    rig_init_with(&r, 36, "2816MiB");
    WW_CHECK_EQ(cfg_rd(&r, 0, 0xb0, 2), 0x8000);
    WW_CHECK_EQ(cfg_rd(&r, 0, 0xa2, 2), 0x1300);
    ww_machine_free(r.m);
    /* … just under it, all the RAM stays below 4 GiB. */
    rig_init_with(&r, 36, "2800MiB");
    WW_CHECK_EQ(cfg_rd(&r, 0, 0xb0, 2), 2800 << 4);
    WW_CHECK_EQ(cfg_rd(&r, 0, 0xa2, 2), 2800);                 /* nothing above 4 GiB */
    WW_CHECK_EQ(rd(&r, 0x100000000ull, 4), 0xffffffff);
    wr(&r, 2800ull * 1024 * 1024 - 4, 4, 0x99887766);
    WW_CHECK_EQ(r.ram[2800ull * 1024 * 1024 - 1], 0x99);
    ww_machine_free(r.m);
}

WW_TEST("chips/q35-mch/dram_high_in_32bit_space", t_dram_high_32)
{
    /* 3 GiB in a 32-bit space: the 1 GiB above 4 GiB cannot be mapped; the
     * low 2 GiB still work. */
    rig r;
    rig_init_with(&r, 32, "3GiB");
    wr(&r, 0x10, 4, 0x12345678);
    WW_CHECK_EQ(rd(&r, 0x10, 4), 0x12345678);
    WW_CHECK_EQ(rd(&r, 0x80000000, 4), 0xffffffff);
    ww_machine_free(r.m);
}

WW_TEST("chips/q35-mch/tolud_family_read_only", t_tolud_ro)
{
    rig r;
    rig_init(&r);
    /* A BIOS programming TOLUD/TOM/TOUUD/TSEGMB changes nothing: the decode
     * follows the RAM size. */
    cfg_wr(&r, 0, 0xb0, 2, 0x1230);
    cfg_wr(&r, 0, 0xa0, 4, 0xffffffff);
    cfg_wr(&r, 0, 0xac, 4, 0);
    WW_CHECK_EQ(cfg_rd(&r, 0, 0xb0, 2), 0x0080);
    WW_CHECK_EQ(cfg_rd(&r, 0, 0xa0, 2), 1);
    WW_CHECK_EQ(cfg_rd(&r, 0, 0xa2, 2), 8);
    WW_CHECK_EQ(cfg_rd(&r, 0, 0xac, 4), 0x00800000);
    wr(&r, 0x7ffff0, 1, 0x42);
    WW_CHECK_EQ(r.ram[0x7ffff0], 0x42);
    ww_machine_free(r.m);
}

/* ---- PCIEXBAR / ECAM ---------------------------------------------------------------- */

WW_TEST("chips/q35-mch/pciexbar_seabios_mmconfig", t_mmconfig)
{
    rig r;
    rig_init(&r);
    /* SeaBIOS: PCIEXBAR = 0B0000000h | enable, 256 MiB. */
    mmconfig_setup(&r, 0xB0000001);
    WW_CHECK_EQ(pciexbar(&r), 0xB0000001);
    /* The ECAM window: vendor/device of 00:00.0 and 00:03.0, any width. */
    WW_CHECK_EQ(rd(&r, ecam(0xB0000000, 0, 0, 0), 4), 0x29c08086);
    WW_CHECK_EQ(rd(&r, ecam(0xB0000000, 0, 3, 0), 4), 0x56781234);
    WW_CHECK_EQ(rd(&r, ecam(0xB0000000, 0, 3, 2), 2), 0x5678);
    WW_CHECK_EQ(rd(&r, ecam(0xB0000000, 0, 3, 1), 1), 0x12);
    /* pci_config_writel through ECAM: the device's own register 40h. */
    wr(&r, ecam(0xB0000000, 0, 3, 0x40), 4, 0xcafe0001);
    WW_CHECK_EQ(cfg_rd(&r, 3, 0x40, 4), 0xcafe0001);
    /* An empty slot and a bus nobody is on read all ones. */
    WW_CHECK_EQ(rd(&r, ecam(0xB0000000, 0, 7, 0), 4), 0xffffffff);
    WW_CHECK_EQ(rd(&r, ecam(0xB0000000, 200, 0, 0), 4), 0xffffffff);
    /* An 8-byte load is split into two configuration reads. */
    WW_CHECK_EQ(rd(&r, ecam(0xB0000000, 0, 3, 0), 8),
                0x56781234 | (uint64_t)cfg_rd(&r, 3, 4, 4) << 32);
    /* The MCH reprograms itself through ECAM (PAM1 here) like through CF8h. */
    wr(&r, ecam(0xB0000000, 0, 0, 0x91), 1, 0x11);
    WW_CHECK_EQ(cfg_rd(&r, 0, 0x91, 1), 0x11);
    ww_machine_free(r.m);
}

WW_TEST("chips/q35-mch/pciexbar_lengths_and_mask_bits", t_lengths)
{
    rig r;
    rig_init(&r);
    /* 128 MiB (LENGTH 01b): buses 0-127. Bit 27 is an address bit now. */
    mmconfig_setup(&r, 0xB8000003);
    WW_CHECK_EQ(pciexbar(&r), 0xB8000003);
    WW_CHECK_EQ(rd(&r, ecam(0xB8000000, 0, 3, 0), 4), 0x56781234);
    WW_CHECK_EQ(rd(&r, 0xB8000000 + (128u << 20), 4), 0xffffffff);   /* bus 128: not decoded */
    /* 64 MiB (10b) at 0BC000000h. */
    mmconfig_setup(&r, 0xBC000005);
    WW_CHECK_EQ(pciexbar(&r), 0xBC000005);
    WW_CHECK_EQ(rd(&r, ecam(0xBC000000, 0, 0, 0), 4), 0x29c08086);
    WW_CHECK_EQ(rd(&r, 0xB8000000, 4), 0xffffffff);                    /* the old window is gone */
    /* 256 MiB: bits 27:26 are address-mask bits and read 0. */
    mmconfig_setup(&r, 0xBC000001);
    WW_CHECK_EQ(pciexbar(&r), 0xB0000001);
    WW_CHECK_EQ(rd(&r, ecam(0xB0000000, 0, 3, 0), 4), 0x56781234);
    /* Reserved bits (25:3, 63:36) do not stick. */
    cfg_wr(&r, 0, 0x60, 4, 0xB0fffff9);
    cfg_wr(&r, 0, 0x64, 4, 0xfffffff0);
    WW_CHECK_EQ(pciexbar(&r), 0xB0000001);
    ww_machine_free(r.m);
}

WW_TEST("chips/q35-mch/pciexbar_guest_errors", t_pciexbar_bad)
{
    rig r;
    rig_init(&r);
    /* Reserved length 11b: stored, but no window. */
    mmconfig_setup(&r, 0xB0000007);
    WW_CHECK_EQ(pciexbar(&r) & 7, 7);
    WW_CHECK_EQ(rd(&r, 0xB0000000, 4), 0xffffffff);
    /* Above 4 GiB in a 32-bit machine: refused, nothing breaks. */
    mmconfig_setup(&r, 0x8B0000001ull);
    WW_CHECK_EQ(pciexbar(&r), 0x8B0000001ull);
    WW_CHECK_EQ(rd(&r, 0xB0000000, 4), 0xffffffff);
    /* Over the BIOS and the rest of the top 256 MiB: the window stays
     * unmapped and the BIOS is still there. */
    mmconfig_setup(&r, 0xF0000001);
    WW_CHECK_EQ(rd(&r, 0xFFFFFFF0, 1), bios_byte(0x3FFF0));
    WW_CHECK_EQ(rd(&r, 0xF0000000, 4), 0xffffffff);
    /* At 0 it would cover the VGA memory and the BIOS alias: refused too,
     * and DRAM is untouched. */
    mmconfig_setup(&r, 0x00000001);
    wr(&r, 0x100, 4, 0x0badf00d);
    WW_CHECK_EQ(r.ram[0x100], 0x0d);
    /* Enable clear: the window goes away. */
    mmconfig_setup(&r, 0xB0000001);
    WW_CHECK_EQ(rd(&r, 0xB0000000, 4), 0x29c08086);
    mmconfig_setup(&r, 0xB0000000);
    WW_CHECK_EQ(rd(&r, 0xB0000000, 4), 0xffffffff);
    ww_machine_free(r.m);
}

WW_TEST("chips/q35-mch/pciexbar_above_4g_wide_space", t_pciexbar_high)
{
    rig r;
    rig_init_with(&r, 36, "8MiB");
    /* In a 36-bit space PCIEXBAR can sit above 4 GiB (SeaBIOS would not use
     * it then, Linux's MCFG could). */
    mmconfig_setup(&r, 0x800000001ull);
    WW_CHECK_EQ(rd(&r, ecam(0x800000000ull, 0, 3, 0), 4), 0x56781234);
    ww_machine_free(r.m);
}

/* ---- PAM ------------------------------------------------------------------------------- */

WW_TEST("chips/q35-mch/pam_seabios_make_bios_writable", t_pam_writable)
{
    rig r;
    rig_init(&r);
    /* make_bios_writable_intel: PAM0 bit 4 clear, so SeaBIOS runs the copy
     * from the high BIOS alias (0FFF00000h + address). */
    WW_CHECK_EQ(cfg_rd(&r, 0, 0x90, 1) & 0x10, 0);
    make_bios_writable(&r);
    WW_CHECK_EQ(cfg_rd(&r, 0, 0x90, 4), 0x33333330);
    WW_CHECK_EQ(cfg_rd(&r, 0, 0x94, 4) & 0xffffff, 0x333333);
    /* 0C0000h-0FFFFFh is now DRAM (it was zero), read/write, fast path … */
    WW_CHECK_EQ(rd(&r, 0xF0000, 4), 0);
    WW_CHECK(ww_space_write_table(r.mem)[0xF0] == r.ram + 0xF0000);
    /* … and the BIOS copies itself down from the top of 4 GiB. */
    for (uint32_t a = 0xE0000; a < 0x100000; a += 4)
        wr(&r, a, 4, rd(&r, 0xFFF00000 + a, 4));
    WW_CHECK_EQ(rd(&r, 0xFFFF0, 1), bios_byte(0x3FFF0));
    WW_CHECK_EQ(r.ram[0xFFFF0], bios_byte(0x3FFF0));
    WW_CHECK_EQ(r.ram[0xE0000], bios_byte(0x20000));
    /* Variables in the BIOS segment are writable now. */
    wr(&r, 0xF1234, 1, 0xab);
    WW_CHECK_EQ(r.ram[0xF1234], 0xab);
    /* Option ROM space at 0C0000h is DRAM too. */
    wr(&r, 0xC0000, 2, 0xaa55);
    WW_CHECK_EQ(r.ram[0xC0000], 0x55);
    ww_machine_free(r.m);
}

WW_TEST("chips/q35-mch/pam_seabios_make_bios_readonly", t_pam_readonly)
{
    rig r;
    rig_init(&r);
    make_bios_writable(&r);
    wr(&r, 0xF0000, 4, 0x600dc0de);
    wr(&r, 0xC8000, 4, 0x0000aa55);
    /* make_bios_readonly_intel: PAM0 = 10h, PAMn = 11h (31h for a half-used
     * 32 KiB block). */
    cfg_wr(&r, 0, 0x90, 4, 0x11111110);
    cfg_wr(&r, 0, 0x94, 4, 0x00311111);
    /* Reads come from DRAM, writes are dropped; the pages stay on the read
     * fast path but leave the write table. */
    WW_CHECK_EQ(rd(&r, 0xF0000, 4), 0x600dc0de);
    wr(&r, 0xF0000, 4, 0);
    WW_CHECK_EQ(r.ram[0xF0000], 0xde);
    WW_CHECK(ww_space_read_table(r.mem)[0xF0] == r.ram + 0xF0000);
    WW_CHECK(ww_space_write_table(r.mem)[0xF0] == NULL);
    WW_CHECK_EQ(rd(&r, 0xC8000, 2), 0xaa55);
    /* PAM6 = 31h: 0E8000h read-only, 0EC000h read/write. */
    wr(&r, 0xE8000, 1, 0x77);
    WW_CHECK_EQ(r.ram[0xE8000], 0);
    wr(&r, 0xEC000, 1, 0x77);
    WW_CHECK_EQ(r.ram[0xEC000], 0x77);
    ww_machine_free(r.m);
}

WW_TEST("chips/q35-mch/pam_halves_and_off", t_pam_halves)
{
    rig r;
    rig_init(&r);
    r.ram[0xC0000] = 0x11;
    r.ram[0xC4000] = 0x22;
    r.ram[0xE0000] = 0x33;
    /* PAM1 = 03h: 0C0000h-0C3FFFh RW DRAM, 0C4000h-0C7FFFh still PCI. */
    cfg_wr(&r, 0, 0x91, 1, 0x03);
    WW_CHECK_EQ(rd(&r, 0xC0000, 1), 0x11);
    WW_CHECK_EQ(rd(&r, 0xC4000, 1), 0xff);
    /* PAM5 = 30h: 0E0000h stays the ROM alias, 0E4000h shows DRAM. */
    cfg_wr(&r, 0, 0x95, 1, 0x30);
    WW_CHECK_EQ(rd(&r, 0xE0000, 1), bios_byte(0x20000));
    WW_CHECK_EQ(rd(&r, 0xE4000, 1), 0);
    /* PAM5 = 03h: the other way round. */
    cfg_wr(&r, 0, 0x95, 1, 0x03);
    WW_CHECK_EQ(rd(&r, 0xE0000, 1), 0x33);
    WW_CHECK_EQ(rd(&r, 0xE4000, 1), bios_byte(0x24000));
    /* Off again: the ROM alias shows, the shadow copy waits underneath. */
    cfg_wr(&r, 0, 0x95, 1, 0x00);
    WW_CHECK_EQ(rd(&r, 0xE0000, 1), bios_byte(0x20000));
    WW_CHECK_EQ(r.ram[0xE0000], 0x33);
    ww_machine_free(r.m);
}

WW_TEST("chips/q35-mch/pam_reserved_bits_and_write_only", t_pam_values)
{
    rig r;
    rig_init(&r);
    /* Reserved bits read 0; PAM0 has no low half. */
    cfg_wr(&r, 0, 0x90, 4, 0xffffffff);
    WW_CHECK_EQ(cfg_rd(&r, 0, 0x90, 4), 0x33333330);
    /* LAC (97h), beyond PAM6, is not a PAM register. */
    cfg_wr(&r, 0, 0x94, 4, 0xffffffff);
    WW_CHECK_EQ(cfg_rd(&r, 0, 0x94, 4), 0x00333333);
    /* Write-only (22h) is approximated as read/write: writes reach DRAM. */
    cfg_wr(&r, 0, 0x96, 1, 0x22);
    WW_CHECK_EQ(cfg_rd(&r, 0, 0x96, 1), 0x22);
    wr(&r, 0xE8000, 1, 0x9c);
    WW_CHECK_EQ(r.ram[0xE8000], 0x9c);
    ww_machine_free(r.m);
}

/* ---- SMRAM ------------------------------------------------------------------------------ */

WW_TEST("chips/q35-mch/smram_open_and_close", t_smram_open)
{
    rig r;
    rig_init(&r);
    r.ram[0xA0000] = 0x66;
    /* SeaBIOS smm.c: 02h|48h opens SMRAM (D_OPEN, G_SMRAME): the A segment
     * is DRAM, VGA hidden. */
    cfg_wr(&r, 0, 0x9d, 1, 0x02 | 0x48);
    WW_CHECK_EQ(cfg_rd(&r, 0, 0x9d, 1), 0x4a);
    WW_CHECK_EQ(rd(&r, 0xA0000, 1), 0x66);
    wr(&r, 0xBFFFF, 1, 0x67);
    WW_CHECK_EQ(r.ram[0xBFFFF], 0x67);
    WW_CHECK_EQ(r.vga[0x1FFFF], 0x5a);
    /* 02h|08h closes it: VGA again, the SMRAM contents kept. */
    cfg_wr(&r, 0, 0x9d, 1, 0x02 | 0x08);
    WW_CHECK_EQ(rd(&r, 0xA0000, 1), 0x5a);
    WW_CHECK_EQ(r.ram[0xA0000], 0x66);
    /* C_BASE_SEG is hardwired 010b. */
    cfg_wr(&r, 0, 0x9d, 1, 0x07);
    WW_CHECK_EQ(cfg_rd(&r, 0, 0x9d, 1), 0x02);
    ww_machine_free(r.m);
}

WW_TEST("chips/q35-mch/smram_lock", t_smram_lock)
{
    rig r;
    rig_init(&r);
    /* D_LCK with D_OPEN: the lock wins, D_OPEN clears. */
    cfg_wr(&r, 0, 0x9d, 1, 0x5a);
    WW_CHECK_EQ(cfg_rd(&r, 0, 0x9d, 1), 0x1a);
    WW_CHECK_EQ(rd(&r, 0xA0000, 1), 0x5a);                   /* VGA */
    /* Locked: D_OPEN, G_SMRAME, D_LCK and ESMRAMC cannot change … */
    cfg_wr(&r, 0, 0x9d, 1, 0x42);
    WW_CHECK_EQ(cfg_rd(&r, 0, 0x9d, 1), 0x1a);
    cfg_wr(&r, 0, 0x9e, 1, 0x81);
    WW_CHECK_EQ(cfg_rd(&r, 0, 0x9e, 1), 0x38);
    /* … but D_CLS still does. */
    cfg_wr(&r, 0, 0x9d, 1, 0x3a);
    WW_CHECK_EQ(cfg_rd(&r, 0, 0x9d, 1), 0x3a);
    /* Only a reset unlocks. */
    ww_chip_reset(r.mch, WW_RESET_HARD);
    WW_CHECK_EQ(cfg_rd(&r, 0, 0x9d, 1), 0x02);
    cfg_wr(&r, 0, 0x9d, 1, 0x4a);
    WW_CHECK_EQ(cfg_rd(&r, 0, 0x9d, 1), 0x4a);
    ww_machine_free(r.m);
}

WW_TEST("chips/q35-mch/smram_high_and_tseg", t_smram_high_tseg)
{
    rig r;
    rig_init(&r);
    r.ram[0xA0010] = 0x44;
    r.ram[0x7FFFF0] = 0x45;
    /* H_SMRAME with D_OPEN: the A segment stays VGA, the same DRAM shows at
     * 0FEDA0000h. */
    cfg_wr(&r, 0, 0x9e, 1, 0x80);
    cfg_wr(&r, 0, 0x9d, 1, 0x4a);
    WW_CHECK_EQ(rd(&r, 0xA0010, 1), 0x5a);
    WW_CHECK_EQ(rd(&r, 0xFEDA0010, 1), 0x44);
    cfg_wr(&r, 0, 0x9d, 1, 0x0a);
    WW_CHECK_EQ(rd(&r, 0xFEDA0010, 1), 0xff);
    /* TSEG 1 MiB (G_SMRAME + T_EN): the top MiB of low DRAM leaves the
     * non-SMM view; TSEGMB says where it starts. */
    cfg_wr(&r, 0, 0x9e, 1, 0x01);
    WW_CHECK_EQ(cfg_rd(&r, 0, 0x9e, 1), 0x39);
    WW_CHECK_EQ(rd(&r, 0x7FFFF0, 1), 0xff);
    WW_CHECK_EQ(rd(&r, 0x6FFFF0, 1), 0);
    WW_CHECK_EQ(cfg_rd(&r, 0, 0xac, 4), 0x00700000);
    /* 2 MiB; without G_SMRAME no TSEG at all. */
    cfg_wr(&r, 0, 0x9e, 1, 0x03);
    WW_CHECK_EQ(rd(&r, 0x6FFFF0, 1), 0xff);
    cfg_wr(&r, 0, 0x9d, 1, 0x02);
    WW_CHECK_EQ(rd(&r, 0x7FFFF0, 1), 0x45);
    /* The reserved size 11b gives no TSEG. */
    cfg_wr(&r, 0, 0x9d, 1, 0x0a);
    cfg_wr(&r, 0, 0x9e, 1, 0x07);
    WW_CHECK_EQ(rd(&r, 0x7FFFF0, 1), 0x45);
    WW_CHECK_EQ(cfg_rd(&r, 0, 0xac, 4), 0x00800000);
    ww_machine_free(r.m);
}

/* ---- accesses of odd widths, state, errors ----------------------------------------- */

WW_TEST("chips/q35-mch/config_straddling_accesses", t_straddle)
{
    rig r;
    rig_init(&r);
    /* A dword at 9Ch reads the (unimplemented) 9Ch, SMRAM, ESMRAMC and 9Fh. */
    WW_CHECK_EQ(cfg_rd(&r, 0, 0x9c, 4), 0x00380200);
    /* A word write at 9Dh sets SMRAM and ESMRAMC together. */
    io_out(&r, 0xcf8, 4, 0x8000009c);
    io_out(&r, 0xcfd, 2, 0x804a);
    WW_CHECK_EQ(cfg_rd(&r, 0, 0x9d, 1), 0x4a);
    WW_CHECK_EQ(cfg_rd(&r, 0, 0x9e, 1), 0xb8);
    /* A byte write into the middle of PCIEXBAR changes only that byte. */
    mmconfig_setup(&r, 0xB0000001);
    cfg_wr(&r, 0, 0x63, 1, 0xC0);
    WW_CHECK_EQ(pciexbar(&r), 0xC0000001);
    WW_CHECK_EQ(rd(&r, 0xC0000000, 4), 0x29c08086);
    ww_machine_free(r.m);
}

WW_TEST("chips/q35-mch/state_round_trip", t_state)
{
    rig r;
    rig_init(&r);
    mmconfig_setup(&r, 0xB0000001);
    make_bios_writable(&r);
    cfg_wr(&r, 0, 0x9d, 1, 0x4a);
    r.ram[0xF0000] = 0x12;
    GByteArray *b = g_byte_array_new();
    ww_chip_state_save(r.mch, b);
    /* A reset closes everything … */
    ww_chip_reset(r.mch, WW_RESET_HARD);
    WW_CHECK_EQ(rd(&r, 0xB0000000, 4), 0xffffffff);
    WW_CHECK_EQ(rd(&r, 0xF0000, 1), bios_byte(0x30000));
    WW_CHECK_EQ(rd(&r, 0xA0000, 1), 0x5a);
    /* … and loading the state puts every window back. */
    GError *err = NULL;
    WW_CHECK_NOERR(ww_chip_state_load(r.mch, b->data, b->len, &err), err);
    WW_CHECK_EQ(rd(&r, 0xB0000000, 4), 0x29c08086);
    WW_CHECK_EQ(rd(&r, 0xF0000, 1), 0x12);
    WW_CHECK_EQ(rd(&r, 0xA0000, 1), 0);
    g_byte_array_free(b, TRUE);
    ww_machine_free(r.m);
}

WW_TEST("chips/q35-mch/peek_is_pure", t_peek)
{
    rig r;
    rig_init(&r);
    mmconfig_setup(&r, 0xB0000001);
    GByteArray *a = g_byte_array_new(), *b = g_byte_array_new();
    ww_chip_state_save(r.mch, a);
    /* The debugger reads the whole configuration space and the ECAM window. */
    for (unsigned off = 0; off < 256; off++) {
        uint64_t v;
        io_out(&r, 0xcf8, 4, 0x80000000u | (off & 0xfc));
        ww_space_peek(r.io, 0xcfc + (off & 3), 1, &v);
        ww_space_peek(r.mem, 0xB0000000 + off, 1, &v);
    }
    ww_chip_state_save(r.mch, b);
    WW_CHECK(a->len == b->len && !memcmp(a->data, b->data, a->len));
    g_byte_array_free(a, TRUE);
    g_byte_array_free(b, TRUE);
    ww_machine_free(r.m);
}

static void expect_build_error(const char *xml, const char *substr)
{
    GError *err = NULL;
    ww_mdl_desc *d = ww_mdl_parse_buffer("inline.xml", xml, strlen(xml), NULL, NULL, NULL, &err);
    WW_CHECK_NOERR(d, err);
    ww_machine *m = ww_mdl_instantiate(d, NULL, &err);
    ww_mdl_desc_free(d);
    WW_CHECK_ERR(m != NULL, err, substr);
}

WW_TEST("chips/q35-mch/binding_errors", t_binding)
{
    /* The RAM must be writable RAM in the space of bus "mem". */
    expect_build_error(
        "<machine name='t' title='t'>\n"
        "  <space name='cpu.mem' bits='32'/>\n"
        "  <ram id='ram' size='8MiB'/>\n"
        "  <map space='cpu.mem' at='0' to='ram' access='ro' window='mch.dram'/>\n"
        "  <chip id='mch' type='q35-mch'/>\n"
        "  <space name='mch.mem' alias='cpu.mem'/>\n"
        "</machine>\n", "not writable RAM");
    expect_build_error(
        "<machine name='t' title='t'>\n"
        "  <space name='cpu.mem' bits='32'/>\n"
        "  <ram id='ram' size='8MiB'/>\n"
        "  <map space='cpu.mem' at='0' to='ram' window='mch.dram'/>\n"
        "  <chip id='mch' type='q35-mch'/>\n"
        "</machine>\n", "expected <space name=\"mch.mem\" alias=\"cpu.mem\"/>");
    expect_build_error(
        "<machine name='t' title='t'>\n"
        "  <space name='cpu.mem' bits='32'/>\n"
        "  <ram id='ram' size='512KiB'/>\n"
        "  <map space='cpu.mem' at='0' to='ram' window='mch.dram'/>\n"
        "  <chip id='mch' type='q35-mch'/>\n"
        "  <space name='mch.mem' alias='cpu.mem'/>\n"
        "</machine>\n", "expected at least 1 MiB");
}
