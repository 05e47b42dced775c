/* firmware-loaders/acpi_pc.c — ACPI tables for the Q35/ICH9 PC, served through
 * fw_cfg the way QEMU's "-M q35" serves them (hw/i386/acpi-build.c, 7.2), and
 * the "acpi-pc" preparer that adds them to a machine whose PCI bus 0 holds
 * the Q35 MCH (8086:29c0 at 00:00.0 — the test SeaBIOS's qemu_detect and
 * pciinit make too).
 *
 * What SeaBIOS does with them (src/fw/paravirt.c, romfile_loader.c,
 * pciinit.c): when "etc/table-loader" exists it moves the ICH9 PM base to
 * 0x600 (qemu_cfg_init: acpi_pm_base = 0x0600; the default is 0xb000),
 * programs PMBASE/ACPI_CNTL (SCI on IRQ 9) and PCIEXBAR = 0xB0000000 (256
 * MiB), runs the loader script — the tables go to high memory, the RSDP to
 * the F segment, pointers and checksums are fixed up — and builds no tables
 * of its own.
 *
 * Tables (ACPI 6.4 §5.2): RSDP rev 0 → RSDT → FADT (rev 3), MADT, MCFG;
 * FADT → FACS, DSDT. Contents:
 *  - FADT: PM1a_EVT 0x600 (4 bytes), PM1a_CNT 0x604 (2), PM_TMR 0x608 (4,
 *    24-bit), GPE0 0x620 (16) — the ICH9 datasheet's "Power Management I/O
 *    Registers" at PMBASE, as QEMU's ich9.c lays them out; SCI_INT 9;
 *    SMI_CMD 0xB2 with ACPI_ENABLE 2 / ACPI_DISABLE 3 (QEMU's ICH9 APM_CNT
 *    handler sets SCI_EN on 2); reset register: I/O 0xCF9 (RST_CNT) value
 *    0x06; flags as QEMU's q35 (WBINVD, PROC_C1, SLP_BUTTON, RTC_S4,
 *    USE_PLATFORM_CLOCK, RESET_REG_SUP); IAPC_BOOT_ARCH 8042 when there is a
 *    keyboard controller; century in CMOS 0x32.
 *  - MADT: LAPIC 0xFEE00000 with PCAT_COMPAT; a Local APIC per CPU (ids from
 *    0); I/O APIC id 0 at 0xFEC00000, GSI base 0; overrides IRQ0 → GSI 2
 *    (flags 0: ISA defaults) and IRQ9 → GSI 9 level, active high (the SCI);
 *    LINT1 is NMI on every CPU.
 *  - MCFG: ECAM at 0xB0000000, segment 0, buses 0-255 (QEMU's default
 *    PCIEXBAR, which SeaBIOS programs).
 *  - DSDT (AML from aml.c): \_SB.PCI0 (_HID PNP0A08, _CID PNP0A03, _UID 0; no
 *    _ADR, which iasl rightly flags beside a _HID in QEMU's) with _CRS
 *    = bus numbers 0-255, the CF8-CFF config ports, I/O 0-0xCF7 and
 *    0xD00-0xFFFF, the VGA window A0000-BFFFF, the 32-bit window from the
 *    ECAM's end to the I/O APIC (0xC0000000-0xFEBFFFFF) and, when the CPU
 *    reaches it, QEMU's 32 GiB 64-bit window above RAM; _PRT for all 32
 *    slots in APIC mode with QEMU's ICH9 default routing (build_q35_routing_
 *    table: slots 0-0x17 rotate PIRQE-H, 0x18 and 0x1e start at PIRQE, 0x19-
 *    0x1d and 0x1f at PIRQA; PIRQA-H are I/O APIC inputs 16-23); under
 *    PCI0.ISA (00:1f.0) the RTC, keyboard, mouse and COM ports the machine
 *    has at their ISA addresses; \_SB.DRAC (PNP0C01) reserving the ECAM;
 *    \_PIC; and \_S5 = { 0, 0, 0, 0 }, so that Linux's poweroff writes
 *    SLP_TYP 0 | SLP_EN to PM1a_CNT — what QEMU's PM treats as soft off and
 *    what SeaBIOS's own APM shutdown writes (0x2000).
 * Not described: PIC-mode interrupt routing (link devices), PCI and CPU
 * hotplug, _OSC, HPET, S3/S4, SMBIOS. */
#include "firmware-loaders/acpi_pc.h"
#include "firmware-loaders/acpi.h"
#include "firmware-loaders/aml.h"
#include "firmware-loaders/pc.h"
#include "firmware-loaders/prepare.h"
#include "chips/firmware/fw_cfg.h"
#include "core/error.h"
#include <string.h>

#define FILE_TABLES "etc/acpi/tables"
#define FILE_RSDP   "etc/acpi/rsdp"
#define FILE_LOADER "etc/table-loader"

static const ww_acpi_ids ids = { "WIREWR", "WWPCQ35", "WWRP", 1, 1 };

/* ACPI 6.4 Table 5.10, FADT Fixed Feature Flags. */
enum {
    F_WBINVD = 1u << 0, F_PROC_C1 = 1u << 2, F_SLP_BUTTON = 1u << 5, F_RTC_S4 = 1u << 7,
    F_RESET_REG_SUP = 1u << 10, F_USE_PLATFORM_CLOCK = 1u << 15,
    F_FORCE_APIC_CLUSTER_MODEL = 1u << 18,
};
enum { IAPC_8042 = 1u << 1 };
enum { AS_SYSTEM_IO = 1 };
/* MADT structure types (§5.2.12). */
enum { MADT_LAPIC = 0, MADT_IOAPIC = 1, MADT_OVERRIDE = 2, MADT_LAPIC_NMI = 4 };
enum { MADT_PCAT_COMPAT = 1 };
/* MPS INTI flags: polarity bits 1-0 (01 active high), trigger bits 3-2 (11 level). */
enum { INTI_ACTIVE_HIGH_LEVEL = 0x000d };

/* ---- DSDT ---------------------------------------------------------------------- */

static unsigned q35_pirq(unsigned slot, unsigned pin)
{
    unsigned base = 4, head = slot & 3;          /* PIRQE + rotation */
    if (slot == 0x18 || slot == 0x1e)
        head = 0;
    else if (slot >= 0x19)
        base = 0, head = 0;                      /* PIRQA (D<n>IR defaults) */
    return base + ((head + pin) & 3);
}

static ww_aml *prt(void)
{
    ww_aml *pkg = ww_aml_package();
    for (unsigned slot = 0; slot < 32; slot++)
        for (unsigned pin = 0; pin < 4; pin++) {
            /* ACPI 6.4 §6.2.13 _PRT: { Address (device << 16 | 0xFFFF), Pin,
             * Source (0: SourceIndex is a GSI), SourceIndex }. */
            ww_aml *e = ww_aml_package();
            ww_aml_append(e, ww_aml_int((uint64_t)slot << 16 | 0xffff));
            ww_aml_append(e, ww_aml_int(pin));
            ww_aml_append(e, ww_aml_int(0));
            ww_aml_append(e, ww_aml_int(16 + q35_pirq(slot, pin)));
            ww_aml_append(pkg, e);
        }
    return pkg;
}

static ww_aml *pci0_crs(const ww_acpi_pc_config *c)
{
    ww_aml *rt = ww_aml_resource_template();
    ww_aml_res_word_bus(rt, 0x00, 0xff);
    ww_aml_res_io(rt, 0x0cf8, 0x0cf8, 0x01, 0x08);
    ww_aml_res_word_io(rt, 0x0000, 0x0cf7);
    ww_aml_res_word_io(rt, 0x0d00, 0xffff);
    ww_aml_res_dword_mem(rt, true, 0x000a0000, 0x000bffff);
    ww_aml_res_dword_mem(rt, false, (uint32_t)WW_Q35_PCI_HOLE32, (uint32_t)(WW_Q35_IOAPIC - 1));
    if (c->hole64) {
        /* QEMU pc_pci_hole64_start: above RAM over 4 GiB, 1 GiB aligned. */
        uint64_t start = (0x100000000ull + c->above_4g + (1ull << 30) - 1) & ~((1ull << 30) - 1);
        ww_aml_res_qword_mem(rt, false, start, start + WW_Q35_HOLE64_SIZE - 1);
    }
    return rt;
}

static ww_aml *isa_device(const char *name, const char *hid, int uid)
{
    ww_aml *d = ww_aml_device(name);
    ww_aml_append(d, ww_aml_name_decl("_HID", ww_aml_eisaid(hid)));
    if (uid >= 0)
        ww_aml_append(d, ww_aml_name_decl("_UID", ww_aml_int((uint64_t)uid)));
    return d;
}

static ww_aml *isa(const ww_acpi_pc_config *c)
{
    ww_aml *lpc = ww_aml_device("ISA");
    ww_aml_append(lpc, ww_aml_name_decl("_ADR", ww_aml_int(0x001f0000)));
    if (c->rtc) {
        /* QEMU build_isa_devices_aml / mc146818rtc: IO 0x70, 2 bytes, IRQ 8. */
        ww_aml *d = isa_device("RTC", "PNP0B00", -1);
        ww_aml *rt = ww_aml_resource_template();
        ww_aml_res_io(rt, 0x70, 0x70, 0x10, 0x02);
        ww_aml_res_irq_noflags(rt, 8);
        ww_aml_append(d, ww_aml_name_decl("_CRS", rt));
        ww_aml_append(lpc, d);
    }
    if (c->kbd) {
        ww_aml *d = isa_device("KBD", "PNP0303", -1);
        ww_aml *rt = ww_aml_resource_template();
        ww_aml_res_io(rt, 0x60, 0x60, 0x01, 0x01);
        ww_aml_res_io(rt, 0x64, 0x64, 0x01, 0x01);
        ww_aml_res_irq_noflags(rt, 1);
        ww_aml_append(d, ww_aml_name_decl("_CRS", rt));
        ww_aml_append(lpc, d);
        d = isa_device("MOU", "PNP0F13", -1);
        rt = ww_aml_resource_template();
        ww_aml_res_irq_noflags(rt, 12);
        ww_aml_append(d, ww_aml_name_decl("_CRS", rt));
        ww_aml_append(lpc, d);
    }
    static const unsigned com_irq[4] = { 4, 3, 4, 3 };
    for (unsigned i = 0; i < 4; i++) {
        if (!c->com[i])
            continue;
        char name[5];
        g_snprintf(name, sizeof name, "COM%u", i + 1);
        ww_aml *d = isa_device(name, "PNP0501", (int)i + 1);
        ww_aml *rt = ww_aml_resource_template();
        ww_aml_res_io(rt, c->com[i], c->com[i], 0x00, 0x08);
        ww_aml_res_irq_noflags(rt, com_irq[i]);
        ww_aml_append(d, ww_aml_name_decl("_CRS", rt));
        ww_aml_append(lpc, d);
    }
    return lpc;
}

static void build_dsdt(GByteArray *t, const ww_acpi_pc_config *c)
{
    GByteArray *aml = g_byte_array_new();
    /* \PICF and \_PIC: the OS says which interrupt model it uses. */
    ww_aml_emit(ww_aml_name_decl("PICF", ww_aml_int(0)), aml);
    ww_aml *pic = ww_aml_method("_PIC", 1, false);
    ww_aml_append(pic, ww_aml_store(ww_aml_arg(0), ww_aml_name("PICF")));
    ww_aml_emit(pic, aml);

    ww_aml *sb = ww_aml_scope("\\_SB");
    ww_aml *pci0 = ww_aml_device("PCI0");
    ww_aml_append(pci0, ww_aml_name_decl("_HID", ww_aml_eisaid("PNP0A08")));
    ww_aml_append(pci0, ww_aml_name_decl("_CID", ww_aml_eisaid("PNP0A03")));
    ww_aml_append(pci0, ww_aml_name_decl("_UID", ww_aml_int(0)));
    ww_aml_append(pci0, ww_aml_name_decl("_CRS", pci0_crs(c)));
    ww_aml_append(pci0, ww_aml_name_decl("_PRT", prt()));
    ww_aml_append(pci0, isa(c));
    ww_aml_append(sb, pci0);
    /* QEMU build_q35_dram_controller: the ECAM is a motherboard resource. */
    ww_aml *drac = ww_aml_device("DRAC");
    ww_aml_append(drac, ww_aml_name_decl("_HID", ww_aml_eisaid("PNP0C01")));
    ww_aml *rt = ww_aml_resource_template();
    ww_aml_res_qword_mem(rt, false, WW_Q35_ECAM_BASE, WW_Q35_ECAM_BASE + WW_Q35_ECAM_SIZE - 1);
    ww_aml_append(drac, ww_aml_name_decl("_CRS", rt));
    ww_aml_append(sb, drac);
    ww_aml_emit(sb, aml);

    /* §7.4.2 \_Sx: { PM1a_CNT.SLP_TYP, PM1b_CNT.SLP_TYP, reserved, reserved }. */
    ww_aml *s5 = ww_aml_package();
    ww_aml_append(s5, ww_aml_int(WW_Q35_S5_SLP_TYP));
    ww_aml_append(s5, ww_aml_int(WW_Q35_S5_SLP_TYP));
    ww_aml_append(s5, ww_aml_int(0));
    ww_aml_append(s5, ww_aml_int(0));
    ww_aml_emit(ww_aml_name_decl("\\_S5", s5), aml);

    size_t off = ww_acpi_table_begin(t, "DSDT", 1, &ids);
    g_byte_array_append(t, aml->data, aml->len);
    ww_acpi_table_end(t, off);
    g_byte_array_free(aml, TRUE);
}

/* ---- fixed tables ------------------------------------------------------------------ */

static void build_facs(GByteArray *t)
{
    /* §5.2.10: 64 bytes, no checksum; everything else 0 (no waking vector). */
    size_t off = t->len;
    g_byte_array_append(t, (const uint8_t *)"FACS", 4);
    ww_acpi_put(t, 64, 4);
    while (t->len < off + 64)
        ww_acpi_put(t, 0, 1);
}

/* §5.2.9 Table 5.9, revision 3 (ACPI 2.0 layout, 244 bytes). The pointer
 * fields get offsets in the tables file; the loader adds its address. */
enum { FADT_FIRMWARE_CTRL = 36, FADT_DSDT = 40, FADT_X_DSDT = 140, FADT_LEN = 244 };

static void build_fadt(GByteArray *t, const ww_acpi_pc_config *c, size_t facs, size_t dsdt)
{
    size_t off = ww_acpi_table_begin(t, "FACP", 3, &ids);
    ww_acpi_put(t, facs, 4);                 /* FIRMWARE_CTRL */
    ww_acpi_put(t, dsdt, 4);                 /* DSDT */
    ww_acpi_put(t, 1, 1);                    /* INT_MODEL (1.0; QEMU keeps 1) */
    ww_acpi_put(t, 0, 1);                    /* Preferred_PM_Profile: unspecified */
    ww_acpi_put(t, WW_Q35_SCI_IRQ, 2);
    ww_acpi_put(t, WW_Q35_SMI_CMD, 4);
    ww_acpi_put(t, WW_Q35_ACPI_ENABLE, 1);
    ww_acpi_put(t, WW_Q35_ACPI_DISABLE, 1);
    ww_acpi_put(t, 0, 1);                    /* S4BIOS_REQ */
    ww_acpi_put(t, 0, 1);                    /* PSTATE_CNT */
    ww_acpi_put(t, WW_Q35_PM1A_EVT, 4);
    ww_acpi_put(t, 0, 4);                    /* PM1b_EVT_BLK */
    ww_acpi_put(t, WW_Q35_PM1A_CNT, 4);
    ww_acpi_put(t, 0, 4);                    /* PM1b_CNT_BLK */
    ww_acpi_put(t, 0, 4);                    /* PM2_CNT_BLK */
    ww_acpi_put(t, WW_Q35_PM_TMR, 4);
    ww_acpi_put(t, WW_Q35_GPE0, 4);
    ww_acpi_put(t, 0, 4);                    /* GPE1_BLK */
    ww_acpi_put(t, 4, 1);                    /* PM1_EVT_LEN */
    ww_acpi_put(t, 2, 1);                    /* PM1_CNT_LEN */
    ww_acpi_put(t, 0, 1);                    /* PM2_CNT_LEN */
    ww_acpi_put(t, 4, 1);                    /* PM_TMR_LEN */
    ww_acpi_put(t, WW_Q35_GPE0_LEN, 1);
    ww_acpi_put(t, 0, 1);                    /* GPE1_BLK_LEN */
    ww_acpi_put(t, 0, 1);                    /* GPE1_BASE */
    ww_acpi_put(t, 0, 1);                    /* CST_CNT */
    ww_acpi_put(t, 0x0fff, 2);               /* P_LVL2_LAT: no C2 */
    ww_acpi_put(t, 0x0fff, 2);               /* P_LVL3_LAT: no C3 */
    ww_acpi_put(t, 0, 2);                    /* FLUSH_SIZE */
    ww_acpi_put(t, 0, 2);                    /* FLUSH_STRIDE */
    ww_acpi_put(t, 0, 1);                    /* DUTY_OFFSET */
    ww_acpi_put(t, 0, 1);                    /* DUTY_WIDTH */
    ww_acpi_put(t, 0, 1);                    /* DAY_ALRM */
    ww_acpi_put(t, 0, 1);                    /* MON_ALRM */
    ww_acpi_put(t, 0x32, 1);                 /* CENTURY: CMOS 0x32 */
    ww_acpi_put(t, c->kbd ? IAPC_8042 : 0, 2);
    ww_acpi_put(t, 0, 1);                    /* reserved */
    uint32_t flags = F_WBINVD | F_PROC_C1 | F_SLP_BUTTON | F_RTC_S4 | F_USE_PLATFORM_CLOCK |
                     F_RESET_REG_SUP | (c->ncpus > 8 ? F_FORCE_APIC_CLUSTER_MODEL : 0);
    ww_acpi_put(t, flags, 4);
    ww_acpi_put_gas(t, AS_SYSTEM_IO, 8, 0, 0, WW_Q35_RESET_REG);
    ww_acpi_put(t, WW_Q35_RESET_VALUE, 1);
    ww_acpi_put(t, 0, 3);                    /* reserved */
    ww_acpi_put(t, 0, 8);                    /* X_FIRMWARE_CTRL: FIRMWARE_CTRL is used */
    ww_acpi_put(t, dsdt, 8);                 /* X_DSDT */
    ww_acpi_put_gas(t, AS_SYSTEM_IO, 32, 0, 0, WW_Q35_PM1A_EVT);
    ww_acpi_put_gas(t, 0, 0, 0, 0, 0);       /* X_PM1b_EVT_BLK */
    ww_acpi_put_gas(t, AS_SYSTEM_IO, 16, 0, 0, WW_Q35_PM1A_CNT);
    ww_acpi_put_gas(t, 0, 0, 0, 0, 0);       /* X_PM1b_CNT_BLK */
    ww_acpi_put_gas(t, 0, 0, 0, 0, 0);       /* X_PM2_CNT_BLK */
    ww_acpi_put_gas(t, AS_SYSTEM_IO, 32, 0, 0, WW_Q35_PM_TMR);
    ww_acpi_put_gas(t, AS_SYSTEM_IO, WW_Q35_GPE0_LEN * 8, 0, 0, WW_Q35_GPE0);
    ww_acpi_put_gas(t, 0, 0, 0, 0, 0);       /* X_GPE1_BLK */
    ww_acpi_table_end(t, off);
}

static void madt_override(GByteArray *t, uint8_t irq, uint32_t gsi, uint16_t flags)
{
    /* §5.2.12.5 Interrupt Source Override: bus 0 (ISA), source, GSI, flags. */
    ww_acpi_put(t, MADT_OVERRIDE, 1);
    ww_acpi_put(t, 10, 1);
    ww_acpi_put(t, 0, 1);
    ww_acpi_put(t, irq, 1);
    ww_acpi_put(t, gsi, 4);
    ww_acpi_put(t, flags, 2);
}

static void build_madt(GByteArray *t, const ww_acpi_pc_config *c)
{
    size_t off = ww_acpi_table_begin(t, "APIC", 1, &ids);
    ww_acpi_put(t, WW_Q35_LAPIC, 4);
    ww_acpi_put(t, MADT_PCAT_COMPAT, 4);
    for (unsigned i = 0; i < c->ncpus; i++) {
        /* §5.2.12.2 Processor Local APIC: UID, APIC ID, flags (1 enabled). */
        ww_acpi_put(t, MADT_LAPIC, 1);
        ww_acpi_put(t, 8, 1);
        ww_acpi_put(t, i, 1);
        ww_acpi_put(t, i, 1);
        ww_acpi_put(t, 1, 4);
    }
    /* §5.2.12.3 I/O APIC: id, reserved, address, GSI base. */
    ww_acpi_put(t, MADT_IOAPIC, 1);
    ww_acpi_put(t, 12, 1);
    ww_acpi_put(t, 0, 1);
    ww_acpi_put(t, 0, 1);
    ww_acpi_put(t, WW_Q35_IOAPIC, 4);
    ww_acpi_put(t, 0, 4);
    madt_override(t, 0, 2, 0);
    madt_override(t, WW_Q35_SCI_IRQ, WW_Q35_SCI_IRQ, INTI_ACTIVE_HIGH_LEVEL);
    /* §5.2.12.7 Local APIC NMI: all processors (0xff), flags 0, LINT1. */
    ww_acpi_put(t, MADT_LAPIC_NMI, 1);
    ww_acpi_put(t, 6, 1);
    ww_acpi_put(t, 0xff, 1);
    ww_acpi_put(t, 0, 2);
    ww_acpi_put(t, 1, 1);
    ww_acpi_table_end(t, off);
}

static void build_mcfg(GByteArray *t)
{
    /* PCI Firmware Specification 3.0 §4.1.2: reserved 8 bytes, then per
     * segment: base, segment, start bus, end bus, reserved. */
    size_t off = ww_acpi_table_begin(t, "MCFG", 1, &ids);
    ww_acpi_put(t, 0, 8);
    ww_acpi_put(t, WW_Q35_ECAM_BASE, 8);
    ww_acpi_put(t, 0, 2);
    ww_acpi_put(t, 0, 1);
    ww_acpi_put(t, 255, 1);
    ww_acpi_put(t, 0, 4);
    ww_acpi_table_end(t, off);
}

void ww_acpi_pc_files_clear(ww_acpi_pc_files *f)
{
    if (f->tables)
        g_bytes_unref(f->tables);
    if (f->rsdp)
        g_bytes_unref(f->rsdp);
    if (f->loader)
        g_bytes_unref(f->loader);
    memset(f, 0, sizeof *f);
}

bool ww_acpi_pc_build(const ww_acpi_pc_config *c, ww_acpi_pc_files *out, GError **err)
{
    memset(out, 0, sizeof *out);
    if (!c->ncpus || c->ncpus > 255) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "ACPI: %u CPUs; expected 1 to 255 "
                    "(xAPIC ids)", c->ncpus);
        return false;
    }
    GByteArray *t = g_byte_array_new(), *l = g_byte_array_new(), *r = g_byte_array_new();
    /* QEMU acpi_build: the FACS first, so the file's 64-byte alignment aligns it. */
    size_t facs = t->len;
    build_facs(t);
    size_t dsdt = t->len;
    build_dsdt(t, c);
    size_t fadt = t->len;
    build_fadt(t, c, facs, dsdt);
    size_t madt = t->len;
    build_madt(t, c);
    size_t mcfg = t->len;
    build_mcfg(t);
    size_t rsdt = ww_acpi_table_begin(t, "RSDT", 1, &ids);
    size_t entries = t->len;
    const size_t pointed[] = { fadt, madt, mcfg };
    for (size_t i = 0; i < G_N_ELEMENTS(pointed); i++)
        ww_acpi_put(t, pointed[i], 4);
    ww_acpi_table_end(t, rsdt);

    /* §5.2.5.3 RSDP, revision 0 (ACPI 1.0: 20 bytes, RSDT only), as QEMU's pc. */
    g_byte_array_append(r, (const uint8_t *)"RSD PTR ", 8);
    ww_acpi_put(r, 0, 1);
    for (unsigned i = 0; i < 6; i++)
        ww_acpi_put(r, (uint8_t)ids.oem_id[i], 1);
    ww_acpi_put(r, 0, 1);
    ww_acpi_put(r, rsdt, 4);
    r->data[8] = ww_acpi_checksum(r->data, 20);

    /* The loader script, in QEMU's order: the tables, their pointers, their
     * checksums (after the pointers they cover), then the RSDP. */
    bool ok = ww_acpi_loader_allocate(l, FILE_TABLES, 64, WW_ACPI_ZONE_HIGH) &&
              ww_acpi_loader_add_pointer(l, FILE_TABLES, (uint32_t)(fadt + FADT_FIRMWARE_CTRL),
                                         4, FILE_TABLES) &&
              ww_acpi_loader_add_pointer(l, FILE_TABLES, (uint32_t)(fadt + FADT_DSDT), 4,
                                         FILE_TABLES) &&
              ww_acpi_loader_add_pointer(l, FILE_TABLES, (uint32_t)(fadt + FADT_X_DSDT), 8,
                                         FILE_TABLES);
    for (size_t i = 0; ok && i < G_N_ELEMENTS(pointed); i++)
        ok = ww_acpi_loader_add_pointer(l, FILE_TABLES, (uint32_t)(entries + 4 * i), 4,
                                        FILE_TABLES);
    const size_t sums[] = { dsdt, fadt, madt, mcfg, rsdt };
    for (size_t i = 0; ok && i < G_N_ELEMENTS(sums); i++) {
        uint32_t len = (uint32_t)(t->data[sums[i] + 4] | t->data[sums[i] + 5] << 8 |
                                  t->data[sums[i] + 6] << 16 |
                                  (uint32_t)t->data[sums[i] + 7] << 24);
        ok = ww_acpi_loader_add_checksum(l, FILE_TABLES, (uint32_t)sums[i], len,
                                         (uint32_t)sums[i] + 9);
    }
    ok = ok && ww_acpi_loader_allocate(l, FILE_RSDP, 16, WW_ACPI_ZONE_FSEG) &&
         ww_acpi_loader_add_pointer(l, FILE_RSDP, 16, 4, FILE_TABLES) &&
         ww_acpi_loader_add_checksum(l, FILE_RSDP, 0, 20, 8);
    out->tables = g_byte_array_free_to_bytes(t);
    out->rsdp = g_byte_array_free_to_bytes(r);
    out->loader = g_byte_array_free_to_bytes(l);
    if (!ok) {
        ww_acpi_pc_files_clear(out);
        g_set_error(err, WW_ERROR, WW_ERROR_FAILED, "ACPI: a loader file name is too long");
    }
    return ok;
}

/* ---- the preparer ------------------------------------------------------------------ */

/* The Q35 MCH: vendor 8086, device 29c0 at 00:00.0 (SeaBIOS qemu_detect). */
static bool has_q35_mch(ww_machine *m)
{
    ww_chip *const *chips;
    unsigned n = ww_machine_chips(m, &chips);
    for (unsigned i = 0; i < n; i++) {
        const ww_pci_desc *d = chips[i]->cls->pci;
        if (!d || d->vendor != 0x8086 || d->device != 0x29c0)
            continue;
        const ww_pci_function *f = ww_pci_fn(chips[i]);
        if (f && f->placed && f->busnr == 0 && f->devfn == 0)
            return true;
    }
    return false;
}

static bool is_type(ww_chip *c, const char *type)
{
    return c && !strcmp(c->cls->type, type);
}

static bool acpi_pc_run(ww_prep *p, GError **err)
{
    ww_pc_info pc;
    int r = ww_pc_probe(p->m, &pc, err);
    if (r <= 0)
        return r == 0;
    if (!has_q35_mch(p->m))
        return true;
    ww_acpi_pc_config c = {
        .ncpus = pc.ncpus, .below_4g = pc.below_4g, .above_4g = pc.above_4g,
        .hole64 = ww_space_cfg(pc.mem)->addr_bits > 32,
    };
    if (pc.io) {
        /* ISA devices the machine has at their standard ports. */
        c.rtc = ww_pc_chip_at(pc.io, 0x70) != NULL;
        c.kbd = ww_pc_chip_at(pc.io, 0x60) != NULL && ww_pc_chip_at(pc.io, 0x64) != NULL;
        static const uint16_t com[4] = { 0x3f8, 0x2f8, 0x3e8, 0x2e8 };
        for (unsigned i = 0; i < 4; i++)
            if (is_type(ww_pc_chip_at(pc.io, com[i]), "ns16550"))
                c.com[i] = com[i];
    }
    ww_acpi_pc_files f;
    if (!ww_acpi_pc_build(&c, &f, err))
        return false;
    bool ok = ww_fw_cfg_add_file(pc.fw_cfg, FILE_RSDP, f.rsdp, err) &&
              ww_fw_cfg_add_file(pc.fw_cfg, FILE_TABLES, f.tables, err) &&
              ww_fw_cfg_add_file(pc.fw_cfg, FILE_LOADER, f.loader, err);
    ww_acpi_pc_files_clear(&f);
    return ok;
}

static const ww_preparer acpi_pc = {
    "acpi-pc", "ACPI tables of the Q35/ICH9 PC (RSDP, RSDT, FADT, FACS, DSDT, MADT, MCFG) "
    "with SeaBIOS's table-loader script", 30, acpi_pc_run };
WW_PREPARER_REGISTER(acpi_pc)
