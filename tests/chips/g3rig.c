/* tests/chips/g3rig.c — the shared Power Mac G3 test machine (g3rig.h). */
#include "tests/chips/g3rig.h"

/* ---- the probe -------------------------------------------------------------- */

typedef struct {
    ww_chip chip;
    unsigned rises[8];
    ww_line drv[8];
} g3probe;

static void probe_signal(ww_chip *c, unsigned port, unsigned index, int level)
{
    g3probe *p = (g3probe *)c;
    if (port == 0 && index < 8 && level)
        p->rises[index]++;
}

static const ww_port_desc probe_ports[] = {
    { "in",  WW_PORT_IN,  8, 0, 0, "watched lines" },
    { "drv", WW_PORT_OUT, 8, 0, offsetof(g3probe, drv), "driven lines" },
    { 0 }
};

static const ww_chip_class probe_class = {
    .type = "g3rig-probe",
    .summary = "test-only line probe (G3 rig)",
    .size = sizeof(g3probe),
    .ports = probe_ports,
    .signal = probe_signal,
};
WW_CHIP_REGISTER(probe_class)

static const char *const rig_xml =
    "<machine name='test/g3rig' title='G3 chip test rig'>\n"
    "  <space name='cpu.mem' bits='32' endian='big' unmapped='open-bus' open-bus='0xffffffff'/>\n"
    "  <ram id='ram' size='16MiB'/>\n"
    "  <map space='cpu.mem' at='0' to='ram'/>\n"
    "  <pcibus id='pci' mem='cpu.mem' dma='cpu.mem'/>\n"
    "  <chip id='pcicfg' type='pci-conf1'/>\n"
    "  <space name='pcicfg.cfg' alias='pci.cfg'/>\n"
    "  <map space='cpu.mem' at='0xFEC00000' size='4' to='pcicfg.io'/>\n"
    "  <map space='cpu.mem' at='0xFEE00000' size='4' to='pcicfg.io' offset='4'/>\n"
    "  <chip id='grackle' type='mpc106' ram='16MiB'/>\n"
    "  <pci chip='grackle' slot='0'/>\n"
    "  <chip id='mio' type='heathrow'/>\n"
    "  <pci chip='mio' slot='16'/>\n"
    "  <chip id='pic' type='heathrow-pic'/>\n"
    "  <chip id='dbdma' type='dbdma'/>\n"
    "  <chip id='escc' type='z85c30'/>\n"
    "  <chip id='cuda' type='cuda'/>\n"
    "  <chip id='nvram' type='mac-nvram'/>\n"
    "  <chip id='ata0' type='macio-ata'/>\n"
    "  <space name='dbdma.dma' alias='cpu.mem'/>\n"
    "  <space name='ata0.mem' alias='cpu.mem'/>\n"
    "  <map space='mio.macio' at='0x00000' to='pic.regs'/>\n"
    "  <map space='mio.macio' at='0x00030' to='mio.fcr'/>\n"
    "  <map space='mio.macio' at='0x08000' to='dbdma.regs'/>\n"
    "  <map space='mio.macio' at='0x08B00' to='ata0.dma' priority='1'/>\n"
    "  <map space='mio.macio' at='0x12000' to='escc.legacy' stride='2'/>\n"
    "  <map space='mio.macio' at='0x13000' to='escc.macio' stride='0x10'/>\n"
    "  <map space='mio.macio' at='0x16000' to='cuda.via' stride='0x200'/>\n"
    "  <map space='mio.macio' at='0x20000' to='ata0.ata'/>\n"
    "  <map space='mio.macio' at='0x60000' size='0x20000' to='nvram.nvram' stride='0x10'/>\n"
    "  <chip id='kbd' type='adb-keyboard'/>\n"
    "  <chip id='mouse' type='adb-mouse'/>\n"
    "  <space name='kbd.adb' alias='cuda.adb'/>\n"
    "  <space name='mouse.adb' alias='cuda.adb'/>\n"
    "  <chip id='probe' type='g3rig-probe'/>\n"
    "  <wire from='pic.int' to='probe.in@0'/>\n"
    "  <wire from='escc.int_a' to='pic.in@15,probe.in@1'/>\n"
    "  <wire from='escc.int_b' to='pic.in@16,probe.in@2'/>\n"
    "  <wire from='cuda.irq' to='pic.in@18,probe.in@3'/>\n"
    "  <wire from='ata0.irq' to='pic.in@13,probe.in@4'/>\n"
    "  <wire from='ata0.dmairq' to='pic.in@2,probe.in@5'/>\n"
    "  <wire from='dbdma.irq@4' to='probe.in@6'/>\n"
    "  <wire from='cuda.poweroff' to='probe.in@7'/>\n"
    "  <wire from='probe.drv@0' to='pic.in@20'/>\n"
    "  <wire from='probe.drv@1' to='pic.in@40'/>\n"
    "  <wire from='probe.drv@2' to='pic.in@5'/>\n"
    "  <serial from='escc.serial@0'/>\n"
    "  <serial from='escc.serial@1'/>\n"
    "  <disk id='hd0' to='ata0.disk@0'/>\n"
    "  <input to='kbd.keyboard'/>\n"
    "  <input to='mouse.mouse'/>\n"
    "</machine>\n";

static ww_chip *chip(g3rig *r, const char *id)
{
    ww_chip *c = ww_machine_find_chip(r->m, id);
    if (!c)
        ww_test_fail_at(__FILE__, __LINE__, "rig has no chip %s", id);
    return c;
}

void g3rig_init(g3rig *r)
{
    memset(r, 0, sizeof *r);
    r->m = ww_test_machine_xml(rig_xml);
    r->sched = ww_machine_sched(r->m);
    r->mem = ww_machine_find_space(r->m, "cpu.mem");
    WW_CHECK(r->mem);
    r->pic = chip(r, "pic");
    r->escc = chip(r, "escc");
    r->cuda = chip(r, "cuda");
    r->nvram = chip(r, "nvram");
    r->ata0 = chip(r, "ata0");
    r->dbdma = chip(r, "dbdma");
    r->kbd = chip(r, "kbd");
    r->mouse = chip(r, "mouse");
    r->mio = chip(r, "mio");
    r->grackle = chip(r, "grackle");
    r->probe = chip(r, "probe");
    GError *err = NULL;
    r->chr_a = ww_chardev_new_buffer();
    r->chr_b = ww_chardev_new_buffer();
    WW_CHECK_NOERR(ww_machine_bind(r->m, WW_BACKEND_CHARDEV, 0, r->chr_a, &err), err);
    WW_CHECK_NOERR(ww_machine_bind(r->m, WW_BACKEND_CHARDEV, 1, r->chr_b, &err), err);
    /* Heathrow's BAR at MIO with memory decoding and mastering, as OpenBIOS leaves it. */
    g3_cfg_write(r, 16, 0, 0x10, MIO);
    g3_cfg_write(r, 16, 0, 0x04, 0x0006);
}

void g3rig_attach_disk(g3rig *r, unsigned sectors)
{
    r->disk = ww_disk_new_memory("rig-disk", (uint64_t)sectors * 512, false);
    uint8_t buf[512];
    GError *err = NULL;
    for (unsigned s = 0; s < sectors; s++) {
        for (unsigned i = 0; i < 512; i++) {
            uint64_t k = (uint64_t)s * 512 + i;
            buf[i] = (uint8_t)((k * 7 + k / 512) & 0xff);
        }
        WW_CHECK_NOERR(ww_disk_write(r->disk, (uint64_t)s * 512, buf, 512, &err), err);
    }
    WW_CHECK_NOERR(ww_machine_bind_id(r->m, "hd0", r->disk, &err), err);
}

void g3rig_free(g3rig *r)
{
    ww_machine_free(r->m);
    ww_chardev_free(r->chr_a);
    ww_chardev_free(r->chr_b);
    if (r->disk)
        ww_disk_free(r->disk);
}

static uint64_t rd(g3rig *r, uint32_t a, unsigned size)
{
    uint64_t v = 0;
    ww_space_read(r->mem, a, size, &v);
    return v;
}

uint32_t g3_rd32(g3rig *r, uint32_t a) { return (uint32_t)rd(r, a, 4); }
void g3_wr32(g3rig *r, uint32_t a, uint32_t v) { ww_space_write(r->mem, a, 4, v); }
/* (glib's swap macros may evaluate their argument twice: read first.) */
uint32_t g3_rdle32(g3rig *r, uint32_t a)
{
    uint32_t v = g3_rd32(r, a);
    return GUINT32_SWAP_LE_BE(v);
}
void g3_wrle32(g3rig *r, uint32_t a, uint32_t v) { g3_wr32(r, a, GUINT32_SWAP_LE_BE(v)); }
uint16_t g3_rdle16(g3rig *r, uint32_t a)
{
    uint16_t v = (uint16_t)rd(r, a, 2);
    return GUINT16_SWAP_LE_BE(v);
}
void g3_wrle16(g3rig *r, uint32_t a, uint16_t v)
{
    ww_space_write(r->mem, a, 2, GUINT16_SWAP_LE_BE(v));
}
uint8_t g3_rd8(g3rig *r, uint32_t a) { return (uint8_t)rd(r, a, 1); }
void g3_wr8(g3rig *r, uint32_t a, uint8_t v) { ww_space_write(r->mem, a, 1, v); }
uint8_t g3_peek8(g3rig *r, uint32_t a)
{
    uint64_t v = 0;
    ww_space_peek(r->mem, a, 1, &v);
    return (uint8_t)v;
}

uint32_t g3_cfg_read(g3rig *r, unsigned dev, unsigned fn, unsigned reg)
{
    g3_wrle32(r, 0xFEC00000u, 0x80000000u | dev << 11 | fn << 8 | (reg & 0xfc));
    return g3_rdle32(r, 0xFEE00000u);
}

void g3_cfg_write(g3rig *r, unsigned dev, unsigned fn, unsigned reg, uint32_t v)
{
    g3_wrle32(r, 0xFEC00000u, 0x80000000u | dev << 11 | fn << 8 | (reg & 0xfc));
    g3_wrle32(r, 0xFEE00000u, v);
}

int g3_line(g3rig *r, unsigned n) { return ww_input_level(r->probe, 0, n); }
unsigned g3_rises(g3rig *r, unsigned n) { return ((g3probe *)r->probe)->rises[n]; }
void g3_drive(g3rig *r, unsigned n, int level) { ww_line_set(&((g3probe *)r->probe)->drv[n], level); }
void g3_advance(g3rig *r, ww_time dt) { ww_sched_advance(r->sched, ww_sched_now(r->sched) + dt); }

