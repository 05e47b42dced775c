/* tests/chips/storage/ahci.c — chips/storage/ahci.c (with chips/storage/ata.c)
 * driven as a guest driver would: a small machine (inline XML: RAM, a PCI bus,
 * the HBA at 00:1F.2, a probe on INTA#), configuration through the bus's ECAM
 * space, registers through BAR5, command lists, tables and PRDTs in RAM.
 * Disks are memory disks (a CD is one with cdrom set). Time advances with
 * ww_machine_run_until (no CPU): a command completes within 1 ms. */
#include "tests/harness.h"
#include "core/machine.h"
#include "core/space.h"
#include "core/chip.h"
#include "core/pci.h"
#include "core/backend.h"
#include "tests/unit/testchip.h"

static const char *const machine_xml =
    "<machine name='test/ahci' title='AHCI test machine'>\n"
    "  <space name='cpu.mem' bits='32' endian='little' unmapped='open-bus' open-bus='0xffffffff'/>\n"
    "  <space name='cpu.io' bits='16' endian='little' unmapped='open-bus' open-bus='0xffffffff'/>\n"
    "  <ram id='ram' size='16MiB'/>\n"
    "  <map space='cpu.mem' at='0' to='ram'/>\n"
    "  <pcibus id='pci' mem='cpu.mem' io='cpu.io' dma='cpu.mem'/>\n"
    "  <chip id='ahci' type='ich9-ahci'/>\n"
    "  <pci chip='ahci' slot='31' function='2'/>\n"
    "  <chip id='probe' type='wwtestchip'/>\n"
    "  <wire from='ahci.intx' to='probe.in@0'/>\n"
    "</machine>\n";

#define ABAR 0xfebf0000u
#define CLB(p) (0x100000u + (p) * 0x1000u)
#define FB(p) (0x200000u + (p) * 0x1000u)
#define CT(p, s) (0x300000u + (p) * 0x10000u + (s) * 0x400u)
#define BUF 0x800000u
#define MSI_ADDR 0x00f00000u

enum { PxCLB = 0, PxFB = 8, PxIS = 0x10, PxIE = 0x14, PxCMD = 0x18, PxTFD = 0x20, PxSIG = 0x24,
       PxSSTS = 0x28, PxSCTL = 0x2c, PxSERR = 0x30, PxSACT = 0x34, PxCI = 0x38 };

typedef struct {
    ww_machine *m;
    ww_space *mem, *cfg;
    ww_chip *ahci;
    testchip_t *probe;
    ww_disk *disk[6];
} rig;

static uint32_t rd(rig *r, uint32_t a)
{
    uint64_t v = 0;
    ww_space_read(r->mem, a, 4, &v);
    return (uint32_t)v;
}
static void wr(rig *r, uint32_t a, uint32_t v) { ww_space_write(r->mem, a, 4, v); }
static uint8_t rd8(rig *r, uint32_t a)
{
    uint64_t v = 0;
    ww_space_read(r->mem, a, 1, &v);
    return (uint8_t)v;
}
static void wr8(rig *r, uint32_t a, uint8_t v) { ww_space_write(r->mem, a, 1, v); }
static uint32_t port(rig *r, unsigned p, unsigned reg) { return rd(r, ABAR + 0x100 + 0x80 * p + reg); }
static void set_port(rig *r, unsigned p, unsigned reg, uint32_t v) { wr(r, ABAR + 0x100 + 0x80 * p + reg, v); }
static uint32_t cfg_rd(rig *r, unsigned reg)
{
    uint64_t v = 0;
    ww_space_read(r->cfg, ww_pci_ecam(0, 31, 2) + reg, 4, &v);
    return (uint32_t)v;
}
static void cfg_wr(rig *r, unsigned reg, uint32_t v, unsigned size)
{
    ww_space_write(r->cfg, ww_pci_ecam(0, 31, 2) + reg, size, v);
}
static void run_us(rig *r, unsigned us)
{
    ww_machine_run_until(r->m, ww_sched_now(ww_machine_sched(r->m)) + us * 1000ull);
}

static void rig_init(rig *r, const bool cd[6])
{
    memset(r, 0, sizeof *r);
    r->m = ww_test_machine_xml(machine_xml);
    r->mem = ww_machine_find_space(r->m, "cpu.mem");
    r->cfg = ww_machine_find_space(r->m, "pci.cfg");
    r->ahci = ww_machine_find_chip(r->m, "ahci");
    r->probe = (testchip_t *)ww_machine_find_chip(r->m, "probe");
    WW_CHECK(r->mem && r->cfg && r->ahci && r->probe);
    GError *err = NULL;
    for (unsigned i = 0; i < 6; i++) {
        if (i == 4)
            continue;          /* port 4 stays empty */
        r->disk[i] = ww_disk_new_memory(cd && cd[i] ? "cd.iso" : "disk.img", 4 << 20, cd && cd[i]);
        r->disk[i]->cdrom = cd && cd[i];
        uint8_t *m = r->disk[i]->opaque;
        for (unsigned k = 0; k < (4u << 20); k++)
            m[k] = (uint8_t)(k * 7 + (k >> 9) + i);
        WW_CHECK_NOERR(ww_chip_bind_backend(r->ahci, WW_BACKEND_DISK, "disk", i, r->disk[i], &err),
                       err);
    }
    /* BAR5 at ABAR, memory decoding and bus mastering on */
    cfg_wr(r, 0x24, ABAR, 4);
    cfg_wr(r, 0x04, 0x0006, 2);
}

static void rig_free(rig *r)
{
    ww_machine_free(r->m);
    for (unsigned i = 0; i < 6; i++)
        ww_disk_free(r->disk[i]);
}

/* Linux's ahci_port_start order: CLB/FB, FRE, then ST; all interrupts enabled. */
static void start_port(rig *r, unsigned p)
{
    set_port(r, p, PxCMD, 0);
    set_port(r, p, PxCLB, CLB(p));
    set_port(r, p, PxCLB + 4, 0);
    set_port(r, p, PxFB, FB(p));
    set_port(r, p, PxFB + 4, 0);
    set_port(r, p, PxSERR, 0xffffffff);
    set_port(r, p, PxIS, 0xffffffff);
    set_port(r, p, PxIE, 0xfdc000ff);
    set_port(r, p, PxCMD, 0x10);           /* FRE */
    set_port(r, p, PxCMD, 0x11);           /* FRE | ST */
}

typedef struct { uint32_t addr, len; } prd;

/* Build command slot `s` of port p: a Register H2D FIS, an optional packet,
 * the PRDT; flags go to DW0 (W, A, C …). */
static void build(rig *r, unsigned p, unsigned s, uint8_t cmd, uint16_t features, uint64_t lba,
                  uint16_t count, uint8_t device, const prd *prds, unsigned n, uint32_t flags,
                  const uint8_t *cdb)
{
    uint32_t h = CLB(p) + 32 * s, t = CT(p, s);
    wr(r, h, (uint32_t)n << 16 | flags | 5);
    wr(r, h + 4, 0xdeadbeef);               /* PRDBC: the HBA writes it */
    wr(r, h + 8, t);
    wr(r, h + 12, 0);
    uint8_t f[20] = { 0x27, 0x80, cmd, (uint8_t)features, (uint8_t)lba, (uint8_t)(lba >> 8),
                      (uint8_t)(lba >> 16), device, (uint8_t)(lba >> 24), (uint8_t)(lba >> 32),
                      (uint8_t)(lba >> 40), (uint8_t)(features >> 8), (uint8_t)count,
                      (uint8_t)(count >> 8) };
    for (unsigned i = 0; i < 20; i++)
        wr8(r, t + i, f[i]);
    for (unsigned i = 0; cdb && i < 16; i++)
        wr8(r, t + 0x40 + i, cdb[i]);
    for (unsigned i = 0; i < n; i++) {
        wr(r, t + 0x80 + 16 * i, prds[i].addr);
        wr(r, t + 0x84 + 16 * i, 0);
        wr(r, t + 0x88 + 16 * i, 0);
        wr(r, t + 0x8c + 16 * i, prds[i].len - 1);
    }
}

static void issue(rig *r, unsigned p, unsigned s)
{
    set_port(r, p, PxCI, 1u << s);
    run_us(r, 2000);
}

WW_TEST("chips/ich9-ahci/identity_and_ports", t_identity)
{
    rig r;
    bool cd[6] = { [2] = true };
    rig_init(&r, cd);
    /* PCI: 8086:2922, class 010601, INTA, MSI capability at 80h */
    WW_CHECK_EQ(cfg_rd(&r, 0), 0x29228086);
    WW_CHECK_EQ(cfg_rd(&r, 8) >> 8, 0x010601);
    WW_CHECK_EQ((cfg_rd(&r, 0x3c) >> 8) & 0xff, 1);
    WW_CHECK_EQ(cfg_rd(&r, 0x34) & 0xff, 0x80);
    /* CAP: 64-bit, NCQ, CLO, AHCI-only, 32 slots, 6 ports; PI, VS; AE reads 1 */
    WW_CHECK_EQ(rd(&r, ABAR + 0x00), 0xc1141f05);
    WW_CHECK_EQ(rd(&r, ABAR + 0x0c), 0x3f);
    WW_CHECK_EQ(rd(&r, ABAR + 0x10), 0x00010000);
    WW_CHECK_EQ(rd(&r, ABAR + 0x04), 0x80000000);
    /* devices: a disk's and a CD's signature, an empty port */
    WW_CHECK_EQ(port(&r, 0, PxSSTS), 0x113);
    WW_CHECK_EQ(port(&r, 0, PxSIG), 0x00000101);
    WW_CHECK_EQ(port(&r, 0, PxTFD) & 0xff, 0x50);
    WW_CHECK_EQ(port(&r, 2, PxSIG), 0xeb140101);
    WW_CHECK_EQ(port(&r, 4, PxSSTS), 0);
    WW_CHECK_EQ(port(&r, 4, PxSIG), 0xffffffff);
    /* COMRESET: DET = 1 takes the link down, DET = 0 brings it back with the signature */
    set_port(&r, 0, PxSCTL, 0x301);
    WW_CHECK_EQ(port(&r, 0, PxSSTS), 0);
    set_port(&r, 0, PxSCTL, 0x300);
    WW_CHECK_EQ(port(&r, 0, PxSSTS), 0x113);
    WW_CHECK_EQ(port(&r, 0, PxSIG), 0x00000101);
    /* the index/data pair reaches the same registers (BAR4, I/O) */
    ww_space *io = ww_machine_find_space(r.m, "cpu.io");
    cfg_wr(&r, 0x20, 0xc000, 4);
    cfg_wr(&r, 0x04, 0x0007, 2);
    ww_space_write(io, 0xc000, 4, 0x128);          /* index: P0SSTS */
    uint64_t v = 0;
    ww_space_read(io, 0xc004, 4, &v);
    WW_CHECK_EQ(v, 0x113);
    rig_free(&r);
}

WW_TEST("chips/ich9-ahci/identify_read_write_irq", t_rw)
{
    rig r;
    rig_init(&r, NULL);
    wr(&r, ABAR + 0x04, 0x2);                /* GHC.IE */
    start_port(&r, 1);
    /* IDENTIFY DEVICE: PIO data-in; PIO Setup FIS then D2H FIS; INTx rises */
    prd p1[] = { { BUF, 512 } };
    build(&r, 1, 0, 0xec, 0, 0, 0, 0, p1, 1, 0, NULL);
    issue(&r, 1, 0);
    WW_CHECK_EQ(port(&r, 1, PxCI), 0);
    WW_CHECK(port(&r, 1, PxIS) & 0x3);       /* DHRS | PSS */
    WW_CHECK_EQ(rd(&r, ABAR + 0x08), 1u << 1);
    WW_CHECK_EQ(r.probe->last_level[0], 1);
    WW_CHECK_EQ(rd(&r, CLB(1) + 4), 512);    /* PRDBC */
    WW_CHECK_EQ(rd8(&r, FB(1) + 0x20), 0x5f);
    WW_CHECK_EQ(rd8(&r, FB(1) + 0x20 + 15), 0x50);   /* E_Status */
    WW_CHECK_EQ(rd8(&r, FB(1) + 0x40), 0x34);
    uint16_t w83 = (uint16_t)(rd8(&r, BUF + 166) | rd8(&r, BUF + 167) << 8);
    WW_CHECK(w83 & (1u << 10));             /* LBA48 */
    WW_CHECK_EQ(rd8(&r, BUF + 54 + 1), 'W'); /* model "WIREWRAP HARDDISK", byte-swapped */
    uint32_t sectors = rd(&r, BUF + 200);
    WW_CHECK_EQ(sectors, 8192);
    uint8_t sum = 0;
    for (unsigned i = 0; i < 512; i++)
        sum = (uint8_t)(sum + rd8(&r, BUF + i));
    WW_CHECK_EQ(sum, 0);                     /* word 255 checksum */
    /* acknowledging: PxIS W1C drops IS and INTx */
    set_port(&r, 1, PxIS, 0xffffffff);
    WW_CHECK_EQ(rd(&r, ABAR + 0x08), 0);
    WW_CHECK_EQ(r.probe->last_level[0], 0);
    /* WRITE DMA EXT of 3 sectors from three scattered buffers, then READ DMA EXT back */
    for (unsigned i = 0; i < 1536; i++)
        wr8(&r, BUF + 0x10000 + i, (uint8_t)(i ^ 0x5a));
    prd w[] = { { BUF + 0x10000, 512 }, { BUF + 0x10200, 1000 }, { BUF + 0x105e8, 24 } };
    build(&r, 1, 3, 0x35, 0, 100, 3, 0x40, w, 3, 1u << 6, NULL);
    issue(&r, 1, 3);
    WW_CHECK_EQ(port(&r, 1, PxCI), 0);
    WW_CHECK_EQ(port(&r, 1, PxTFD) & 0x89, 0);
    uint8_t *disk = r.disk[1]->opaque;
    for (unsigned i = 0; i < 1536; i++)
        WW_CHECK_EQ(disk[100 * 512 + i], (uint8_t)(i ^ 0x5a));
    prd rp[] = { { BUF + 0x20000, 1536 } };
    build(&r, 1, 4, 0x25, 0, 100, 3, 0x40, rp, 1, 0, NULL);
    issue(&r, 1, 4);
    for (unsigned i = 0; i < 1536; i++)
        WW_CHECK_EQ(rd8(&r, BUF + 0x20000 + i), (uint8_t)(i ^ 0x5a));
    WW_CHECK_EQ(rd(&r, CLB(1) + 32 * 4 + 4), 1536);
    /* FLUSH CACHE EXT, SET FEATURES (UDMA 6) */
    build(&r, 1, 5, 0xea, 0, 0, 0, 0, NULL, 0, 0, NULL);
    issue(&r, 1, 5);
    build(&r, 1, 5, 0xef, 0x03, 0, 0x46, 0, NULL, 0, 0, NULL);
    issue(&r, 1, 5);
    WW_CHECK_EQ(port(&r, 1, PxTFD) & 0xff, 0x50);
    rig_free(&r);
}

WW_TEST("chips/ich9-ahci/ncq_and_msi", t_ncq)
{
    rig r;
    rig_init(&r, NULL);
    /* MSI: address, data, enable (capability at 80h: control 82h, data 8Ch) */
    cfg_wr(&r, 0x84, MSI_ADDR, 4);
    cfg_wr(&r, 0x88, 0, 4);                 /* upper address (a 64-bit capability) */
    cfg_wr(&r, 0x8c, 0x4321, 2);
    cfg_wr(&r, 0x82, 0x0001, 2);
    wr(&r, ABAR + 0x04, 0x2);
    start_port(&r, 0);
    /* two queued writes (tags 2 and 7) issued together, then a queued read */
    for (unsigned i = 0; i < 4096; i++)
        wr8(&r, BUF + i, (uint8_t)(i * 13));
    prd a[] = { { BUF, 2048 } }, b[] = { { BUF + 2048, 2048 } };
    build(&r, 0, 2, 0x61, 4, 1000, 2 << 3, 0x40, a, 1, 1u << 6, NULL);
    build(&r, 0, 7, 0x61, 4, 2000, 7 << 3, 0x40, b, 1, 1u << 6, NULL);
    set_port(&r, 0, PxSACT, (1u << 2) | (1u << 7));
    set_port(&r, 0, PxCI, (1u << 2) | (1u << 7));
    run_us(&r, 3000);
    WW_CHECK_EQ(port(&r, 0, PxSACT), 0);
    WW_CHECK_EQ(port(&r, 0, PxCI), 0);
    WW_CHECK(port(&r, 0, PxIS) & (1u << 3));        /* SDBS */
    WW_CHECK_EQ(rd8(&r, FB(0) + 0x58), 0xa1);        /* the SDB FIS */
    WW_CHECK_EQ(rd(&r, MSI_ADDR), 0x4321);           /* the message went out */
    WW_CHECK_EQ(r.probe->last_level[0], 0);          /* and not INTx */
    uint8_t *disk = r.disk[0]->opaque;
    for (unsigned i = 0; i < 2048; i++) {
        WW_CHECK_EQ(disk[1000 * 512 + i], (uint8_t)(i * 13));
        WW_CHECK_EQ(disk[2000 * 512 + i], (uint8_t)((i + 2048) * 13));
    }
    prd c[] = { { BUF + 0x8000, 2048 } };
    build(&r, 0, 9, 0x60, 4, 2000, 9 << 3, 0x40, c, 1, 0, NULL);
    set_port(&r, 0, PxSACT, 1u << 9);
    set_port(&r, 0, PxCI, 1u << 9);
    run_us(&r, 2000);
    WW_CHECK_EQ(port(&r, 0, PxSACT), 0);
    for (unsigned i = 0; i < 2048; i++)
        WW_CHECK_EQ(rd8(&r, BUF + 0x8000 + i), (uint8_t)((i + 2048) * 13));
    rig_free(&r);
}

WW_TEST("chips/ich9-ahci/bad_input", t_bad)
{
    rig r;
    rig_init(&r, NULL);
    start_port(&r, 0);
    /* An LBA beyond the disk: a task file error; PxCI keeps the command, the
     * port waits for ST to be cleared (AHCI §6.2.2.1) */
    prd p1[] = { { BUF, 512 } };
    build(&r, 0, 0, 0x25, 0, 1ull << 40, 1, 0x40, p1, 1, 0, NULL);
    issue(&r, 0, 0);
    WW_CHECK(port(&r, 0, PxIS) & (1u << 30));      /* TFES */
    WW_CHECK_EQ(port(&r, 0, PxCI), 1);
    WW_CHECK_EQ(port(&r, 0, PxTFD), 0x1441);       /* IDNF|ABRT, DRDY|ERR */
    set_port(&r, 0, PxCMD, 0x10);                  /* ST off: PxCI clears */
    WW_CHECK_EQ(port(&r, 0, PxCI), 0);
    set_port(&r, 0, PxIS, 0xffffffff);
    set_port(&r, 0, PxCMD, 0x11);
    /* A PRD pointing outside RAM: host bus fatal error, nothing written anywhere */
    prd bad[] = { { 0xfec00000, 512 } };
    build(&r, 0, 1, 0x25, 0, 0, 1, 0x40, bad, 1, 0, NULL);
    issue(&r, 0, 1);
    WW_CHECK(port(&r, 0, PxIS) & (1u << 29));      /* HBFS */
    set_port(&r, 0, PxCMD, 0x10);
    set_port(&r, 0, PxIS, 0xffffffff);
    /* A command list outside RAM */
    set_port(&r, 0, PxCLB, 0xfff00000);
    set_port(&r, 0, PxCMD, 0x11);
    issue(&r, 0, 0);
    WW_CHECK(port(&r, 0, PxIS) & (1u << 29));
    set_port(&r, 0, PxCMD, 0x10);
    set_port(&r, 0, PxIS, 0xffffffff);
    set_port(&r, 0, PxCLB, CLB(0));
    set_port(&r, 0, PxCMD, 0x11);
    /* A PRDT shorter than the data: ABRT and OFS; a huge PRDTL of tiny entries ends */
    prd shortp[] = { { BUF, 512 } };
    build(&r, 0, 2, 0x25, 0, 0, 8, 0x40, shortp, 1, 0, NULL);
    issue(&r, 0, 2);
    WW_CHECK(port(&r, 0, PxIS) & (1u << 30));
    WW_CHECK(port(&r, 0, PxIS) & (1u << 24));
    set_port(&r, 0, PxCMD, 0x10);
    set_port(&r, 0, PxIS, 0xffffffff);
    set_port(&r, 0, PxCMD, 0x11);
    /* Not a Register H2D FIS */
    build(&r, 0, 3, 0xec, 0, 0, 0, 0, p1, 1, 0, NULL);
    wr8(&r, CT(0, 3), 0x34);
    issue(&r, 0, 3);
    WW_CHECK(port(&r, 0, PxIS) & (1u << 30));
    set_port(&r, 0, PxCMD, 0x10);
    set_port(&r, 0, PxIS, 0xffffffff);
    set_port(&r, 0, PxCMD, 0x11);
    /* An unknown command: ABRT */
    build(&r, 0, 4, 0x77, 0, 0, 0, 0, NULL, 0, 0, NULL);
    issue(&r, 0, 4);
    WW_CHECK_EQ(port(&r, 0, PxTFD), 0x0441);
    set_port(&r, 0, PxCMD, 0x10);
    set_port(&r, 0, PxIS, 0xffffffff);
    /* A port reset in the middle of a command: the command never runs */
    set_port(&r, 0, PxCMD, 0x11);
    for (unsigned i = 0; i < 512; i++)
        wr8(&r, BUF + 0x4000 + i, 0xee);
    prd w[] = { { BUF + 0x4000, 512 } };
    build(&r, 0, 5, 0x35, 0, 7, 1, 0x40, w, 1, 1u << 6, NULL);
    uint8_t before = ((uint8_t *)r.disk[0]->opaque)[7 * 512];
    set_port(&r, 0, PxCI, 1u << 5);
    set_port(&r, 0, PxSCTL, 0x301);                /* COMRESET before the fetch */
    run_us(&r, 2000);
    set_port(&r, 0, PxSCTL, 0x300);
    WW_CHECK_EQ(port(&r, 0, PxCI), 0);
    WW_CHECK_EQ(((uint8_t *)r.disk[0]->opaque)[7 * 512], before);
    WW_CHECK_EQ(port(&r, 0, PxSIG), 0x101);
    /* HBA reset clears everything and the ports come back */
    wr(&r, ABAR + 0x04, 1);
    WW_CHECK_EQ(rd(&r, ABAR + 0x04), 0x80000000);
    WW_CHECK_EQ(port(&r, 0, PxCMD) & 1, 0);
    WW_CHECK_EQ(port(&r, 0, PxSSTS), 0x113);
    /* an empty port: commands fail */
    start_port(&r, 4);
    build(&r, 4, 0, 0xec, 0, 0, 0, 0, p1, 1, 0, NULL);
    issue(&r, 4, 0);
    WW_CHECK(port(&r, 4, PxIS) & (1u << 30));
    rig_free(&r);
}

WW_TEST("chips/ich9-ahci/atapi", t_atapi)
{
    rig r;
    bool cd[6] = { [2] = true };
    rig_init(&r, cd);
    start_port(&r, 2);
    /* IDENTIFY DEVICE aborts with the signature; IDENTIFY PACKET DEVICE answers */
    prd p1[] = { { BUF, 512 } };
    build(&r, 2, 0, 0xec, 0, 0, 0, 0, p1, 1, 0, NULL);
    issue(&r, 2, 0);
    WW_CHECK(port(&r, 2, PxIS) & (1u << 30));
    WW_CHECK_EQ(rd8(&r, FB(2) + 0x40 + 5), 0x14);
    WW_CHECK_EQ(rd8(&r, FB(2) + 0x40 + 6), 0xeb);
    set_port(&r, 2, PxCMD, 0x10);
    set_port(&r, 2, PxIS, 0xffffffff);
    set_port(&r, 2, PxCMD, 0x11);
    build(&r, 2, 0, 0xa1, 0, 0, 0, 0, p1, 1, 0, NULL);
    issue(&r, 2, 0);
    WW_CHECK_EQ(port(&r, 2, PxCI), 0);
    WW_CHECK_EQ(rd8(&r, BUF + 1) >> 6, 2);         /* word 0: ATAPI */
    /* INQUIRY through PACKET (A bit): a CD/DVD device */
    uint8_t inq[16] = { 0x12, 0, 0, 0, 36 };
    prd p36[] = { { BUF, 36 } };
    build(&r, 2, 1, 0xa0, 0, 0, 0, 0, p36, 1, 1u << 5, inq);
    issue(&r, 2, 1);
    WW_CHECK_EQ(port(&r, 2, PxCI), 0);
    WW_CHECK_EQ(rd8(&r, BUF), 0x05);
    WW_CHECK_EQ(rd8(&r, BUF + 8), 'W');
    /* READ CAPACITY: 2048 blocks of 2048 bytes → last LBA 2047 */
    uint8_t cap[16] = { 0x25 };
    prd p8[] = { { BUF, 8 } };
    build(&r, 2, 2, 0xa0, 0, 0, 0, 0, p8, 1, 1u << 5, cap);
    issue(&r, 2, 2);
    WW_CHECK_EQ(rd8(&r, BUF + 2), 0x07);
    WW_CHECK_EQ(rd8(&r, BUF + 3), 0xff);
    /* READ(10) of blocks 3-4 by DMA */
    uint8_t rd10[16] = { 0x28, 0, 0, 0, 0, 3, 0, 0, 2 };
    prd p4k[] = { { BUF + 0x1000, 4096 } };
    build(&r, 2, 3, 0xa0, 1, 0, 0, 0, p4k, 1, 1u << 5, rd10);
    issue(&r, 2, 3);
    WW_CHECK_EQ(port(&r, 2, PxCI), 0);
    uint8_t *disk = r.disk[2]->opaque;
    for (unsigned i = 0; i < 4096; i += 97)
        WW_CHECK_EQ(rd8(&r, BUF + 0x1000 + i), disk[3 * 2048 + i]);
    /* beyond the end: CHECK CONDITION, then REQUEST SENSE says ILLEGAL REQUEST / 21h */
    uint8_t far[16] = { 0x28, 0, 0, 1, 0, 0, 0, 0, 1 };
    build(&r, 2, 4, 0xa0, 1, 0, 0, 0, p4k, 1, 1u << 5, far);
    issue(&r, 2, 4);
    WW_CHECK(port(&r, 2, PxIS) & (1u << 30));
    WW_CHECK_EQ(port(&r, 2, PxTFD) >> 12, 5);      /* sense key in the error register */
    set_port(&r, 2, PxCMD, 0x10);
    set_port(&r, 2, PxIS, 0xffffffff);
    set_port(&r, 2, PxCMD, 0x11);
    uint8_t rs[16] = { 0x03, 0, 0, 0, 18 };
    prd p18[] = { { BUF, 18 } };
    build(&r, 2, 5, 0xa0, 0, 0, 0, 0, p18, 1, 1u << 5, rs);
    issue(&r, 2, 5);
    WW_CHECK_EQ(rd8(&r, BUF + 2), 5);
    WW_CHECK_EQ(rd8(&r, BUF + 12), 0x21);
    /* a write to the CD is refused (no such command) */
    uint8_t w10[16] = { 0x2a, 0, 0, 0, 0, 0, 0, 0, 1 };
    build(&r, 2, 6, 0xa0, 1, 0, 0, 0, p4k, 1, (1u << 5) | (1u << 6), w10);
    issue(&r, 2, 6);
    WW_CHECK(port(&r, 2, PxIS) & (1u << 30));
    rig_free(&r);
}
