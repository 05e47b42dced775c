/* tests/fuzz/ahci.c — libFuzzer harness for the ICH9 AHCI controller
 * (chips/storage/ahci.c) with its ATA/ATAPI devices (chips/storage/ata.c), the
 * way a hostile guest drives it: registers and the memory structures the HBA
 * fetches (command lists, command tables with FISes and packets, PRDTs, FIS
 * areas) are all under the input's control. A solo machine (core/solo.h)
 * holds the chip with 1 MiB of RAM on its DMA port; ports 0, 1, 3, 4, 5 have
 * 1 MiB memory disks, port 2 a CD (an ATAPI drive). Bus mastering and the six
 * ports are started first (CLB at 0x1000·n, FB at 0x10000 + 0x100·n, FRE, ST,
 * every interrupt enabled), then 8-byte records:
 *   op 0  register write (ABAR offset, 32-bit value)   op 1  register read
 *   op 2  RAM write: 5 bytes at a 16-byte-aligned address (anywhere, also out of RAM)
 *   op 3  time passes (fetches and completions run)
 *   op 4  configuration write (BARs, command, MSI)     op 5  a plausible command:
 *         header + Register H2D FIS (+ packet) + a PRD, then PxCI (and PxSACT
 *         for queued commands), with the fields from the record
 *   op 6  index/data pair access                       op 7  state save → load
 * At the end: peeks change nothing. No crash, no sanitizer report, no leak.
 * Run: tests/fuzz/run ahci 60. */
#include "tests/fuzz/fuzz.h"
#include "core/solo.h"
#include "core/space.h"
#include <string.h>

enum { R_CONFIG, R_ABAR, R_IDP };

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void ram_w32(ww_space *ram, uint64_t a, uint32_t v) { ww_space_write(ram, a, 4, v); }

static void abar_w(ww_solo *s, uint32_t off, uint32_t v)
{
    ww_space_write(s->region_space[R_ABAR], off, 4, v);
}

static bool same_state(ww_chip *c, GByteArray *a)
{
    GByteArray *b = g_byte_array_new();
    ww_chip_state_save(c, b);
    bool eq = a->len == b->len && !memcmp(a->data, b->data, a->len);
    g_byte_array_free(b, TRUE);
    return eq;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    GError *err = NULL;
    ww_solo *s = ww_solo_new("ich9-ahci", &err);
    FUZZ_CHECK(s);
    ww_chip *c = s->chip;
    ww_disk *cd = ww_disk_new_memory("cd.iso", 1u << 20, true);
    cd->cdrom = true;
    FUZZ_CHECK(ww_chip_bind_backend(c, WW_BACKEND_DISK, "disk", 2, cd, &err));
    ww_space *cfg = s->region_space[R_CONFIG];
    ww_space *ram = ww_machine_find_space(s->m, "dut.dma");
    FUZZ_CHECK(ram);
    ww_space_write(cfg, 0x04, 2, 0x0006);               /* memory decode, bus master */
    abar_w(s, 0x04, 0x2);                              /* GHC.IE */
    for (unsigned p = 0; p < 6; p++) {
        uint32_t b = 0x100 + 0x80 * p;
        abar_w(s, b + 0x00, 0x1000 * p);
        abar_w(s, b + 0x08, 0x10000 + 0x100 * p);
        abar_w(s, b + 0x14, 0xffffffff);
        abar_w(s, b + 0x18, 0x11);
    }
    for (size_t i = 0; i + 8 <= size; i += 8) {
        const uint8_t *p = data + i;
        uint32_t v = le32(p + 3);
        uint64_t x;
        switch (p[0] & 7) {
        case 0:
            abar_w(s, (uint32_t)(p[1] | p[2] << 8) & 0xffc, v);
            break;
        case 1:
            ww_space_read(s->region_space[R_ABAR], (uint32_t)(p[1] | p[2] << 8) & 0xffc, 4, &x);
            break;
        case 2: {
            uint64_t a = (uint64_t)(p[1] | p[2] << 8 | (p[0] & 0xf0) << 12) << 4;
            for (unsigned k = 0; k < 5; k++)
                ww_space_write(ram, a + k, 1, p[3 + k]);
            break;
        }
        case 3:
            ww_solo_advance(s, (uint64_t)(p[1] | p[2] << 8) * 100 + 1);
            break;
        case 4: {
            unsigned w = 1u << (p[6] % 3);
            ww_space_write(cfg, p[1] & ~(w - 1), w, v);
            break;
        }
        case 5: {
            unsigned port = p[1] % 6, slot = p[2] % 32, cmd = p[3];
            uint32_t hdr = 0x1000 * port + 32 * slot, ct = 0x40000 + 0x100 * slot + 0x2000 * port;
            uint32_t len = ((uint32_t)p[4] + 1) * 512, buf = 0x80000 + (p[7] & 0x3f) * 0x1000;
            bool ncq = cmd == 0x60 || cmd == 0x61, atapi = port == 2 && (p[0] & 0x80);
            ram_w32(ram, hdr, 1u << 16 | (atapi ? 1u << 5 : 0) | ((p[0] & 0x40) ? 1u << 6 : 0) | 5);
            ram_w32(ram, hdr + 8, ct);
            ram_w32(ram, hdr + 12, 0);
            uint8_t count = ncq ? (uint8_t)(slot << 3) : p[4];
            uint16_t feat = ncq ? p[4] : (p[0] & 0x20);
            ram_w32(ram, ct, 0x27u | 0x80u << 8 | (atapi ? 0xa0u : cmd) << 16 | (uint32_t)(feat & 0xff) << 24);
            ram_w32(ram, ct + 4, (uint32_t)p[5] | (uint32_t)p[6] << 8 | 0x40u << 24);
            ram_w32(ram, ct + 8, (uint32_t)(feat >> 8) << 24);
            ram_w32(ram, ct + 12, count);
            if (atapi) {
                ram_w32(ram, ct + 0x40, cmd | (uint32_t)p[5] << 24);
                ram_w32(ram, ct + 0x44, (uint32_t)p[6] << 16);
                ram_w32(ram, ct + 0x48, (uint32_t)p[4] & 3);
            }
            ram_w32(ram, ct + 0x80, buf);
            ram_w32(ram, ct + 0x84, 0);
            ram_w32(ram, ct + 0x8c, (p[0] & 0x10 ? len / 2 : len) - 1);
            uint32_t pb = 0x100 + 0x80 * port;
            if (ncq)
                abar_w(s, pb + 0x34, 1u << slot);
            abar_w(s, pb + 0x38, 1u << slot);
            break;
        }
        case 6:
            if (p[1] & 1)
                ww_space_write(s->region_space[R_IDP], p[1] & 4, 4, v);
            else
                ww_space_read(s->region_space[R_IDP], p[1] & 4, 4, &x);
            break;
        default: {
            GByteArray *b = g_byte_array_new();
            ww_chip_state_save(c, b);
            FUZZ_CHECK(ww_chip_state_load(c, b->data, b->len, &err));
            g_byte_array_free(b, TRUE);
            break;
        }
        }
    }
    ww_solo_advance(s, 100000);
    GByteArray *before = g_byte_array_new();
    ww_chip_state_save(c, before);
    ww_solo_peek_all(s);
    FUZZ_CHECK(same_state(c, before));
    g_byte_array_free(before, TRUE);
    ww_solo_free(s);
    ww_disk_free(cd);
    return 0;
}
