/* tests/fuzz/bzimage.c — libFuzzer harness for the direct-boot checks of
 * firmware-loaders/linux_x86.c: a hostile kernel image, RAM size, initrd size
 * and command line go through ww_bzimage_parse, ww_linux_x86_layout and
 * ww_linux_x86_patch_setup. Input: 4 bytes RAM below 4 GiB (LE, in KiB),
 * 4 bytes initrd size, 1 byte command-line length, that many command-line
 * bytes, then the image. Whatever is accepted must keep the promises:
 * setup + kernel = the file, the setup fits below the command line, the
 * command line within cmdline_size, the initrd page-aligned between the
 * kernel's end and initrd_max, below RAM's top less the firmware's share.
 * Run: tests/fuzz/run bzimage 60 (seed: tests/fuzz/corpus/bzimage). */
#include "tests/fuzz/fuzz.h"
#include "firmware-loaders/linux_x86.h"
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 9)
        return 0;
    uint64_t below = ((uint64_t)(data[0] | data[1] << 8 | data[2] << 16 |
                                 (uint32_t)data[3] << 24) & 0x3fffff) << 10;  /* ≤ 4 GiB */
    uint64_t initrd = (uint32_t)(data[4] | data[5] << 8 | data[6] << 16 | (uint32_t)data[7] << 24);
    size_t clen = data[8];
    if (9 + clen > size)
        return 0;
    char *cmdline = g_strndup((const char *)data + 9, clen);
    const uint8_t *img = data + 9 + clen;
    size_t len = size - 9 - clen;
    ww_bzimage k;
    ww_linux_layout l;
    GError *err = NULL;
    if (!ww_bzimage_parse(img, len, &k, &err)) {
        FUZZ_CHECK(err && err->message[0]);
        g_clear_error(&err);
        g_free(cmdline);
        return 0;
    }
    FUZZ_CHECK((size_t)k.setup_size + k.kernel_size == len);
    FUZZ_CHECK(k.setup_size >= 2 * 512 && k.setup_size % 512 == 0);
    FUZZ_CHECK(k.setup_size <= 0x10000 - 0x200);
    FUZZ_CHECK(k.version >= 0x0202 && (k.loadflags & LNX_LOADED_HIGH));
    size_t cl = strlen(cmdline);
    if (ww_linux_x86_layout(&k, cl, initrd, below, &l, &err)) {
        FUZZ_CHECK(cl <= k.cmdline_size);
        FUZZ_CHECK(l.cmdline_addr + cl < 0x90000);
        FUZZ_CHECK((uint64_t)l.prot_addr + k.kernel_size <= below - WW_LINUX_X86_ACPI_DATA);
        FUZZ_CHECK((uint64_t)l.initrd_max < below - WW_LINUX_X86_ACPI_DATA);
        if (initrd) {
            FUZZ_CHECK(l.initrd_addr % 4096 == 0);
            FUZZ_CHECK(l.initrd_addr >= (uint64_t)l.prot_addr + k.kernel_size);
            FUZZ_CHECK((uint64_t)l.initrd_addr + initrd <= l.initrd_max);
        }
        uint8_t *setup = g_memdup2(img, k.setup_size);
        if (ww_linux_x86_patch_setup(setup, k.setup_size, &l, cmdline, (uint32_t)initrd, &err)) {
            FUZZ_CHECK(setup[LNX_TYPE_OF_LOADER] == 0xb0);
            FUZZ_CHECK(setup[LNX_LOADFLAGS] & LNX_CAN_USE_HEAP);
        } else {
            FUZZ_CHECK(err && strstr(err->message, "vga="));
            g_clear_error(&err);
        }
        g_free(setup);
    } else {
        FUZZ_CHECK(err && err->message[0]);
        g_clear_error(&err);
    }
    g_free(cmdline);
    return 0;
}
