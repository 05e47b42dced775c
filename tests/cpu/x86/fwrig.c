/* tests/cpu/x86/fwrig.c — see fwrig.h. */
#include "tests/cpu/x86/fwrig.h"

bool x86_fw_new(x86_fw_rig *m, const char *name, const char *model, const char *engine)
{
    char *path = g_strdup_printf("%s/tests/firmware/x86/%s.bin", ww_test_build_dir(), name);
    gchar *img = NULL;
    gsize len = 0;
    bool have = g_file_get_contents(path, &img, &len, NULL);
    g_free(path);
    if (!have)
        return false;
    WW_CHECK_EQ(len, 0x10000);
    GError *err = NULL;
    m->sched = ww_sched_new();
    m->chip = ww_chip_new("x86", "cpu", m->sched, &err);
    WW_CHECK_NOERR(m->chip != NULL, err);
    if (model)
        WW_CHECK_NOERR(ww_chip_set_prop(m->chip, "model", model, &err), err);
    if (engine)
        WW_CHECK_NOERR(ww_chip_set_prop(m->chip, "engine", engine, &err), err);
    ww_space_config cfg = { 32, 12, WW_LITTLE_ENDIAN, WW_UNMAPPED_OPEN_BUS, 0xFFFFFFFF };
    m->mem = ww_space_new("cpu.mem", &cfg, &err);
    m->ram = g_malloc0(X86_FW_RAM);
    m->rom = (uint8_t *)img;
    WW_CHECK_NOERR(ww_space_map_ram(m->mem, "ram", 0, X86_FW_RAM, m->ram, false, 0, &err), err);
    WW_CHECK_NOERR(ww_space_map_ram(m->mem, "rom", 0xFFFF0000u, 0x10000, m->rom, true, 1, &err), err);
    WW_CHECK_NOERR(ww_space_map_ram(m->mem, "rom-low", 0xF0000, 0x10000, m->rom, true, 1, &err), err);
    WW_CHECK_NOERR(ww_chip_bind_bus(m->chip, "mem", m->mem, &err), err);
    WW_CHECK_NOERR(ww_chip_realize(m->chip, &err), err);
    ww_chip_reset(m->chip, WW_RESET_POWER);
    return true;
}

void x86_fw_free(x86_fw_rig *m)
{
    ww_chip_free(m->chip);
    ww_space_free(m->mem);
    ww_sched_free(m->sched);
    g_free(m->ram);
    g_free(m->rom);
}
