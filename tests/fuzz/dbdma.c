/* tests/fuzz/dbdma.c — DBDMA programs a hostile guest writes: the input fills
 * the channel's RAM (descriptors that loop, branch anywhere, point outside
 * RAM or at nothing, carry absurd counts), then drives the channel registers
 * and, for the ATA bus's channel (chips/storage/macio_ata.c), ATA commands
 * with any count and LBA, while virtual time advances. The chips run alone
 * (core/solo.h: their bus-master port sees 1 MiB of RAM at 0 and nothing
 * else). No crash, hang, sanitizer report or leak; a step ends in bounded work.
 *   byte 0: bit 0 picks dbdma or macio-ata
 *   next 2048 bytes: RAM from 0 (descriptors), the rest 6-byte records:
 *     op, arg, value (32-bit BE): 0 CommandPtr  1 ChannelControl  2 a select
 *     register  3 advance time  4 ATA task file + command  5 RAM word at arg*64
 * Run: tests/fuzz/run dbdma 60 */
#include "tests/fuzz/fuzz.h"
#include "core/solo.h"
#include <string.h>

#define PROG 2048u

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    bool ata = data[0] & 1;
    GError *err = NULL;
    ww_solo *s = ww_solo_new(ata ? "macio-ata" : "dbdma", &err);
    FUZZ_CHECK(s);
    ww_chip *c = s->chip;
    ww_space *ram = c->bus[0];
    FUZZ_CHECK(ram);
    size_t n = MIN(size - 1, (size_t)PROG);
    ww_space_write_buf(ram, 0, data + 1, n);
    ww_space *regs = s->region_space[ata ? 1 : 0];    /* the channel registers */
    ww_space *task = ata ? s->region_space[0] : NULL;
    unsigned chan_base = 0;
    for (size_t p = 1 + n; p + 6 <= size; p += 6) {
        uint8_t op = data[p] % 6, arg = data[p + 1];
        uint32_t v = be32(data + p + 2);
        if (!ata)
            chan_base = (arg & 15) * 0x100u;
        switch (op) {
        case 0: ww_space_write(regs, chan_base + 0x0c, 4, v); break;
        case 1: ww_space_write(regs, chan_base + 0x00, 4, v); break;
        case 2: ww_space_write(regs, chan_base + 0x10 + (arg & 3) * 4, 4, v); break;
        case 3: ww_solo_advance(s, (ww_time)(v % 2000000) + 1); break;
        case 4:
            if (task) {
                ww_space_write(task, 0x60, 1, 0xe0 | (v & 0x1f));   /* device, LBA 27-24 */
                ww_space_write(task, 0x20, 1, (v >> 8) & 0xff);      /* count */
                ww_space_write(task, 0x30, 1, (v >> 16) & 0xff);     /* LBA 7-0 */
                ww_space_write(task, 0x40, 1, v >> 24);
                ww_space_write(task, 0x70, 1, arg);                  /* command */
                uint64_t x;
                for (unsigned k = 0; k < 4; k++)
                    ww_space_read(task, 0x00, 2, &x);              /* some PIO data */
            }
            break;
        default:
            ww_space_write(ram, (uint64_t)arg * 64, 4, v);
            break;
        }
    }
    ww_solo_advance(s, 1000000);
    ww_solo_peek_all(s);
    ww_solo_free(s);
    return 0;
}
