/* firmware-loaders/pc_platform.c — the "pc-platform" preparer: what QEMU's PC
 * boards put in fw_cfg besides the kernel and the ACPI tables, for SeaBIOS
 * (src/fw/paravirt.c qemu_cfg_init, qemu_cfg_e820, qemu_cfg_legacy,
 * qemu_init_present_cpus_count; src/boot.c for bootorder and boot-fail-wait):
 *
 *   etc/e820           RAM below and above 4 GiB as Q35 splits it (pc.h),
 *                      entries { u64 address, u64 length, u32 type } LE,
 *                      type 1 = RAM (QEMU hw/i386/e820_memory_layout.c)
 *   NB_CPUS, MAX_CPUS  x86 CPUs in the machine (16-bit), and etc/boot-cpus
 *   RAM_SIZE           bytes of RAM (64-bit)
 *   NOGRAPHIC          1 when the machine has no display (SeaBIOS then
 *                      mirrors its screen to COM1: etc/sercon-port)
 *   BOOT_MENU          0
 *   IRQ0_OVERRIDE      1: the PIT is on I/O APIC pin 2 (the MADT says so too)
 *   etc/boot-fail-wait -1: "No bootable device." and wait, no reboot (QEMU's
 *                      default -boot reboot-timeout=-1)
 *   bootorder          the devices earlier preparers asked for, one
 *                      OpenFirmware path per line, NUL-terminated (QEMU
 *                      get_boot_devices_list)
 * It runs last (order 90) so that it can publish the boot order. */
#include "firmware-loaders/pc.h"
#include "firmware-loaders/prepare.h"
#include "chips/firmware/fw_cfg.h"
#include <string.h>

#define E820_RAM 1

static void e820_entry(GByteArray *t, uint64_t addr, uint64_t len, uint32_t type)
{
    uint8_t e[20];
    for (int i = 0; i < 8; i++) {
        e[i] = (uint8_t)(addr >> (8 * i));
        e[8 + i] = (uint8_t)(len >> (8 * i));
    }
    for (int i = 0; i < 4; i++)
        e[16 + i] = (uint8_t)(type >> (8 * i));
    g_byte_array_append(t, e, sizeof e);
}

static bool add_array(ww_chip *fw, const char *name, GByteArray *a, GError **err)
{
    GBytes *b = g_byte_array_free_to_bytes(a);
    bool ok = ww_fw_cfg_add_file(fw, name, b, err);
    g_bytes_unref(b);
    return ok;
}

static bool pc_platform_run(ww_prep *p, GError **err)
{
    ww_pc_info pc;
    int r = ww_pc_probe(p->m, &pc, err);
    if (r <= 0)
        return r == 0;
    ww_chip *fw = pc.fw_cfg;
    GByteArray *e820 = g_byte_array_new();
    e820_entry(e820, 0, pc.below_4g, E820_RAM);
    if (pc.above_4g)
        e820_entry(e820, 0x100000000ull, pc.above_4g, E820_RAM);
    if (!add_array(fw, "etc/e820", e820, err))
        return false;
    uint8_t cpus[2] = { (uint8_t)pc.ncpus, (uint8_t)(pc.ncpus >> 8) };
    if (!ww_fw_cfg_set_u16(fw, WW_FW_CFG_NB_CPUS, (uint16_t)pc.ncpus, err) ||
        !ww_fw_cfg_set_u16(fw, WW_FW_CFG_MAX_CPUS, (uint16_t)pc.ncpus, err) ||
        !ww_fw_cfg_add_file_copy(fw, "etc/boot-cpus", cpus, 2, err) ||
        !ww_fw_cfg_set_u64(fw, WW_FW_CFG_RAM_SIZE, pc.ram, err) ||
        !ww_fw_cfg_set_u16(fw, WW_FW_CFG_NOGRAPHIC, ww_prep_has_display(p->m) ? 0 : 1, err) ||
        !ww_fw_cfg_set_u16(fw, WW_FW_CFG_BOOT_MENU, 0, err) ||
        !ww_fw_cfg_set_u32(fw, WW_FW_CFG_IRQ0_OVERRIDE, 1, err))
        return false;
    uint8_t wait[4] = { 0xff, 0xff, 0xff, 0xff };
    if (!ww_fw_cfg_add_file_copy(fw, "etc/boot-fail-wait", wait, 4, err))
        return false;
    if (p->boot_devices->len) {
        GString *s = g_string_new(NULL);
        for (guint i = 0; i < p->boot_devices->len; i++)
            g_string_append_printf(s, "%s%s", i ? "\n" : "", (char *)p->boot_devices->pdata[i]);
        bool ok = ww_fw_cfg_add_file_copy(fw, "bootorder", s->str, s->len + 1, err);
        g_string_free(s, TRUE);
        if (!ok)
            return false;
    }
    return true;
}

static const ww_preparer pc_platform = {
    "pc-platform", "PC fw_cfg items for SeaBIOS: e820 map, CPU count, boot order", 90,
    pc_platform_run };
WW_PREPARER_REGISTER(pc_platform)
