/* tests/chips/g3rig.h — the Power Mac G3 test machine the Mac I/O chip tests
 * share: the 60x bus as a big-endian 32-bit space "cpu.mem" (no CPU: the tests
 * are the CPU), 16 MiB of RAM at 0, the MPC106's configuration mechanism at
 * 0xFEC00000/0xFEE00000 (pci-conf1) and function 00:00.0, Heathrow at 00:10.0
 * with every sub-chip mapped in its macio space as machines/powermac/g3beige.xml
 * maps them, an ADB keyboard and mouse, and a probe watching the interrupt
 * lines and driving spare PIC inputs.
 *
 * Probe inputs (in@n): 0 pic.int  1 escc.int_a  2 escc.int_b  3 cuda.irq
 *                      4 ata0.irq 5 ata0.dmairq 6 dbdma.irq@4  7 board-less cuda.poweroff
 * Probe outputs (drv@n): 0 → pic.in@20 (level source)  1 → pic.in@40 (bank 2, edge)
 *                        2 → pic.in@5 (edge)
 * g3rig_init maps Heathrow's BAR at MIO (0x80800000) with memory decoding on,
 * as OpenBIOS leaves it. */
#ifndef WW_TESTS_G3RIG_H
#define WW_TESTS_G3RIG_H
#include "tests/chips/chipread.h"
#include "core/machine.h"
#include "core/chardev.h"
#include "core/backend.h"
#include "tests/harness.h"

#define MIO 0x80800000u

typedef struct {
    ww_machine *m;
    ww_sched *sched;
    ww_space *mem;
    ww_chip *pic, *escc, *cuda, *nvram, *ata0, *dbdma, *kbd, *mouse, *mio, *grackle;
    ww_chip *probe;
    ww_chardev *chr_a, *chr_b;
    ww_disk *disk;          /* ata0 master (g3rig_attach_disk) */
} g3rig;

void g3rig_init(g3rig *r);
void g3rig_free(g3rig *r);
/* A memory disk of `sectors` sectors with byte i = (i * 7 + i / 512) & 0xff. */
void g3rig_attach_disk(g3rig *r, unsigned sectors);

/* 60x bus accesses (big-endian numbers) and their byte-reversed forms, as
 * lwbrx/stwbrx (Linux's in_le32/out_le32) do them. */
uint32_t g3_rd32(g3rig *r, uint32_t a);
void g3_wr32(g3rig *r, uint32_t a, uint32_t v);
uint32_t g3_rdle32(g3rig *r, uint32_t a);
void g3_wrle32(g3rig *r, uint32_t a, uint32_t v);
uint16_t g3_rdle16(g3rig *r, uint32_t a);
void g3_wrle16(g3rig *r, uint32_t a, uint16_t v);
uint8_t g3_rd8(g3rig *r, uint32_t a);
void g3_wr8(g3rig *r, uint32_t a, uint8_t v);
uint8_t g3_peek8(g3rig *r, uint32_t a);
/* PCI configuration through 0xFEC00000/0xFEE00000 (bus 0), little-endian. */
uint32_t g3_cfg_read(g3rig *r, unsigned dev, unsigned fn, unsigned reg);
void g3_cfg_write(g3rig *r, unsigned dev, unsigned fn, unsigned reg, uint32_t v);

int g3_line(g3rig *r, unsigned probe_in);
unsigned g3_rises(g3rig *r, unsigned probe_in);
void g3_drive(g3rig *r, unsigned drv, int level);
void g3_advance(g3rig *r, ww_time dt);   /* virtual time forward by dt */

#endif
