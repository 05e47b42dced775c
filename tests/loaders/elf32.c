/* tests/loaders/elf32.c — the ELF32 checks the elf-rom and openbios-ppc
 * preparers rely on, on Debian's openbios-ppc and on damaged copies of it. */
#include "tests/harness.h"
#include "firmware-loaders/elf32.h"

WW_TEST("loaders/elf32/openbios-ppc", t_openbios)
{
    gchar *data;
    gsize len;
    if (!g_file_get_contents("/usr/share/qemu/openbios-ppc", &data, &len, NULL))
        ww_test_skip("openbios-ppc missing (apt-get install qemu-system-data)");
    ww_elf32 e;
    GError *err = NULL;
    WW_CHECK_NOERR(ww_elf32_parse((const uint8_t *)data, len, &e, &err), err);
    /* Big-endian PowerPC, entry in the ROM, the image at 0xFFF00000 and the
     * reset branch at 0xFFFFFFFC. */
    WW_CHECK(e.big_endian);
    WW_CHECK_EQ(e.machine, 20);
    WW_CHECK_EQ(e.lowest, 0xfff00000);
    WW_CHECK_EQ(e.highest, 0xffffffff);
    WW_CHECK(e.entry >= 0xfff00000);
    /* Truncated: the header and segments are checked against the length. */
    WW_CHECK_ERR(ww_elf32_parse((const uint8_t *)data, 40, &e, &err), err, "truncated ELF");
    WW_CHECK_ERR(ww_elf32_parse((const uint8_t *)data, 4096, &e, &err), err, "runs past the end");
    /* A 64-bit class byte. */
    data[4] = 2;
    WW_CHECK_ERR(ww_elf32_parse((const uint8_t *)data, len, &e, &err), err, "64-bit");
    g_free(data);
}

WW_TEST("loaders/elf32/foreign", t_foreign)
{
    ww_elf32 e;
    GError *err = NULL;
    const uint8_t txt[] = "#!/bin/sh\necho not an elf\n";
    WW_CHECK_ERR(ww_elf32_parse(txt, sizeof txt, &e, &err), err, "not an ELF file");
}
