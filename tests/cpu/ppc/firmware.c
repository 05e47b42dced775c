/* tests/cpu/ppc/firmware.c — the ppc-bare test firmware
 * (tests/firmware/ppc/bare.S) on a machine built with the C API: the "ppc"
 * chip, 4 MiB RAM at 0, the firmware in a 1 MiB ROM at 0xFFF00000 and a
 * test-only UART stand-in at 0xF0000000 that captures THR writes (LSR reads
 * "transmitter empty"). The same firmware runs on machines/test/ppc-bare.xml
 * with the real 16550 in tests/machines/ppc-bare.test.sh. */
#include "tests/cpu/ppc/rig.h"

typedef struct {
    ww_chip chip;
    GString *out;
} capuart;

static uint64_t capuart_read(ww_chip *c, unsigned region, uint64_t off, unsigned size,
                             ww_access how)
{
    return off == 5 ? 0x60 : 0;      /* LSR: THRE | TEMT */
}

static void capuart_write(ww_chip *c, unsigned region, uint64_t off, uint64_t val,
                          unsigned size)
{
    capuart *u = (capuart *)c;
    if (off == 0 && u->out)
        g_string_append_c(u->out, (char)val);
}

static const ww_region_desc capuart_regions[] = {
    { "regs", 8, 1, 1, WW_BIG_ENDIAN, false, "THR at 0, LSR at 5" },
    { NULL }
};

static const ww_chip_class capuart_class = {
    .type = "ppctest-capuart",
    .summary = "test only: captures bytes written to offset 0",
    .size = sizeof(capuart),
    .regions = capuart_regions,
    .read = capuart_read,
    .write = capuart_write,
};
WW_CHIP_REGISTER(capuart_class)

static GString *run_firmware(const char *model, ww_time until, ppc_cpu **cpu_out,
                             ww_machine **m_out)
{
    char *path = g_strdup_printf("%s/tests/firmware/ppc/bare.bin", ww_test_build_dir());
    gchar *img = NULL;
    gsize len = 0;
    if (!g_file_get_contents(path, &img, &len, NULL))
        ww_test_skip("%s not built (powerpc-linux-gnu-as missing?)", path);
    g_free(path);
    GError *err = NULL;
    ppc_rig r;
    ppc_rig_init(&r, model, 4u << 20);
    uint8_t *rom = ww_machine_add_memory(r.m, "rom", 1u << 20, &err);
    WW_CHECK_NOERR(rom, err);
    WW_CHECK(len <= (1u << 20));
    memcpy(rom, img, len);
    g_free(img);
    WW_CHECK_NOERR(ww_space_map_ram(r.mem, "rom", 0xfff00000u, 1u << 20, rom, true, 0, &err), err);
    ww_chip *u = ww_machine_add_chip(r.m, "ppctest-capuart", "uart", &err);
    WW_CHECK_NOERR(u, err);
    WW_CHECK_NOERR(ww_machine_realize(r.m, &err), err);
    WW_CHECK_NOERR(ww_space_map_chip(r.mem, "uart", 0xf0000000u, 8, u, 0, 1, 0, 0, &err), err);
    GString *out = g_string_new(NULL);
    ((capuart *)u)->out = out;
    ww_machine_reset(r.m, WW_RESET_POWER);
    ww_machine_run_until(r.m, until);
    ((capuart *)u)->out = NULL;
    *cpu_out = r.cpu;
    *m_out = r.m;
    return out;
}

WW_TEST("cpu/ppc/firmware/bare-750", ppc_firmware_750)
{
    ppc_cpu *c;
    ww_machine *m;
    GString *out = run_firmware("ppc750", 20 * 1000 * 1000, &c, &m);
    ww_test_log("serial output:\n%s", out->str);
    WW_CHECK(strstr(out->str, "wirewrap ppc-bare test firmware, PVR 00080202"));
    WW_CHECK(strstr(out->str, "PASS: page table mapped access"));
    WW_CHECK(strstr(out->str, "PASS: DSI load DSISR=40000000 DAR=20000024"));
    WW_CHECK(strstr(out->str, "PASS: DSI store DSISR=0A000000 DAR=30000008"));
    WW_CHECK(strstr(out->str, "PASS: decrementer interrupt"));
    WW_CHECK(strstr(out->str, "ALL PASS"));
    WW_CHECK(!strstr(out->str, "FAIL"));
    /* It ends asleep (MSR[POW]) with the decrementer exception taken once. */
    WW_CHECK(c->msr & MSR_POW);
    g_string_free(out, TRUE);
    ww_machine_free(m);
}

WW_TEST("cpu/ppc/firmware/bare-604", ppc_firmware_604)
{
    ppc_cpu *c;
    ww_machine *m;
    GString *out = run_firmware("ppc604", 20 * 1000 * 1000, &c, &m);
    ww_test_log("serial output:\n%s", out->str);
    WW_CHECK(strstr(out->str, "PVR 00090202"));
    WW_CHECK(strstr(out->str, "ALL PASS"));
    g_string_free(out, TRUE);
    ww_machine_free(m);
}

WW_TEST("cpu/ppc/firmware/bare-603", ppc_firmware_603)
{
    /* The 603e has no hardware table search: the firmware's own 0x1100/0x1200
     * handlers reload the software TLB (tlbld) or raise the DSI themselves. */
    ppc_cpu *c;
    ww_machine *m;
    GString *out = run_firmware("ppc603", 20 * 1000 * 1000, &c, &m);
    ww_test_log("serial output:\n%s", out->str);
    WW_CHECK(strstr(out->str, "PVR 00060103"));
    WW_CHECK(strstr(out->str, "PASS: page table mapped access"));
    WW_CHECK(strstr(out->str, "PASS: DSI store DSISR=0A000000 DAR=30000008"));
    WW_CHECK(strstr(out->str, "ALL PASS"));
    WW_CHECK(!(c->msr & MSR_TGPR));
    g_string_free(out, TRUE);
    ww_machine_free(m);
}
