/* tests/fuzz/qcow2.c — libFuzzer harness for the qcow2 parser and writer
 * (core/qcow2.c). Input: 8 bytes of operation seed, then a qcow2 file (seeds
 * made by qemu-img: tests/fuzz/corpus/qcow2). The file is opened read-write
 * from memory; whatever it claims, opening either fails with a message or
 * gives a disk on which: reads of a few ranges succeed or fail cleanly;
 * writes of known patterns (at offsets and lengths from the seed, within the
 * virtual size) then a flush either fail (the image refused them) or read
 * back exactly; and after a clean close the bytes written open again and the
 * same patterns read back — the writer never leaves an image it cannot
 * read itself. No crash, no sanitizer report, no leak.
 * Run: tests/fuzz/run qcow2 60. */
#include "tests/fuzz/fuzz.h"
#include "core/media.h"
#include <string.h>

#define NW 6

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 8 + 72)
        return 0;
    uint64_t seed;
    memcpy(&seed, data, 8);
    GError *err = NULL;
    ww_disk *d = ww_qcow2_open_memory(data + 8, size - 8, false, NULL, &err);
    if (!d) {
        FUZZ_CHECK(err && err->message[0]);
        g_clear_error(&err);
        return 0;
    }
    uint8_t buf[8192], pat[8192];
    uint64_t off[NW], len[NW];
    bool wrote[NW] = { false };
    for (unsigned i = 0; i < 3 && d->size; i++) {
        uint64_t o = (seed >> (i * 7)) % d->size;
        size_t n = (size_t)MIN((uint64_t)sizeof buf, d->size - o);
        if (!ww_disk_read(d, o, buf, n, &err))
            g_clear_error(&err);
    }
    bool all_ok = d->size > 0;
    for (unsigned i = 0; i < NW && d->size; i++) {
        uint64_t r = seed * (2 * i + 1) * 0x9e3779b97f4a7c15ull;
        off[i] = (r >> 11) % d->size;
        if (i & 1)
            off[i] = (i * 65536ull) % d->size;   /* some where the first clusters are */
        len[i] = MIN((uint64_t)(1 + (r & 4095) * 2), d->size - off[i]);
        memset(pat, 0x11 * (i + 1), len[i]);
        wrote[i] = ww_disk_write(d, off[i], pat, len[i], &err);
        if (!wrote[i]) {
            g_clear_error(&err);
            all_ok = false;
        }
    }
    if (!ww_disk_flush(d, &err)) {
        g_clear_error(&err);
        all_ok = false;
    }
    /* Each successful write reads back unless a later one overlapped it. */
    for (unsigned i = 0; all_ok && i < NW; i++) {
        bool later = false;
        for (unsigned j = i + 1; j < NW; j++)
            later |= off[j] < off[i] + len[i] && off[i] < off[j] + len[j];
        if (later)
            continue;
        FUZZ_CHECK(ww_disk_read(d, off[i], buf, len[i], &err));
        for (uint64_t k = 0; k < len[i]; k++)
            FUZZ_CHECK(buf[k] == 0x11 * (i + 1));
    }
    size_t n = 0;
    const uint8_t *bytes = ww_qcow2_memory_bytes(d, &n);
    FUZZ_CHECK(bytes);
    uint8_t *copy = all_ok ? g_memdup2(bytes, n) : NULL;
    ww_disk_free(d);
    if (copy) {
        /* what we wrote reopens and reads back (the copy predates the close's
         * release of the pool, which only frees clusters) */
        ww_disk *e = ww_qcow2_open_memory(copy, n, true, NULL, &err);
        FUZZ_CHECK(e);
        for (unsigned i = 0; i < NW; i++) {
            bool later = false;
            for (unsigned j = i + 1; j < NW; j++)
                later |= off[j] < off[i] + len[i] && off[i] < off[j] + len[j];
            if (later)
                continue;
            FUZZ_CHECK(ww_disk_read(e, off[i], buf, len[i], &err));
            for (uint64_t k = 0; k < len[i]; k++)
                FUZZ_CHECK(buf[k] == 0x11 * (i + 1));
        }
        ww_disk_free(e);
        g_free(copy);
    }
    return 0;
}
