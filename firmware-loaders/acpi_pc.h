/* firmware-loaders/acpi_pc.h — the ACPI tables of a Q35/ICH9 PC as QEMU's
 * "-M q35" serves them to SeaBIOS (acpi_pc.c). The builder is separate from
 * the preparer so that tests and tools can build tables for any layout. */
#ifndef WW_ACPI_PC_H
#define WW_ACPI_PC_H
#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

/* The platform the tables describe (ICH9 as SeaBIOS programs it; acpi_pc.c
 * cites the sources). */
#define WW_Q35_PM_BASE     0x600u      /* PMBASE once "etc/table-loader" exists */
#define WW_Q35_PM1A_EVT    (WW_Q35_PM_BASE + 0x00)
#define WW_Q35_PM1A_CNT    (WW_Q35_PM_BASE + 0x04)
#define WW_Q35_PM_TMR      (WW_Q35_PM_BASE + 0x08)
#define WW_Q35_GPE0        (WW_Q35_PM_BASE + 0x20)
#define WW_Q35_GPE0_LEN    16u
#define WW_Q35_SCI_IRQ     9u
#define WW_Q35_SMI_CMD     0xb2u       /* APM_CNT */
#define WW_Q35_ACPI_ENABLE 0x02u
#define WW_Q35_ACPI_DISABLE 0x03u
#define WW_Q35_RESET_REG   0xcf9u      /* RST_CNT */
#define WW_Q35_RESET_VALUE 0x06u       /* SYS_RST | RST_CPU: hard reset */
#define WW_Q35_S5_SLP_TYP  0u          /* QEMU's PM and SeaBIOS's APM off: SLP_TYP 0 */
#define WW_Q35_ECAM_BASE   0xb0000000ull
#define WW_Q35_ECAM_SIZE   0x10000000ull  /* 256 MiB: buses 0-255 */
#define WW_Q35_PCI_HOLE32  0xc0000000ull  /* 32-bit BARs from the ECAM's end … */
#define WW_Q35_IOAPIC      0xfec00000ull  /* … to the I/O APIC */
#define WW_Q35_LAPIC       0xfee00000ull
#define WW_Q35_HOLE64_SIZE (1ull << 35)   /* QEMU's default pci-hole64-size */

typedef struct ww_acpi_pc_config {
    unsigned ncpus;            /* LAPIC ids 0..ncpus-1 */
    uint64_t below_4g, above_4g;
    bool hole64;               /* describe a 64-bit PCI window above RAM */
    bool rtc;                  /* ISA devices present at their standard ports */
    bool kbd;                  /* i8042 at 0x60/0x64: keyboard and mouse */
    uint16_t com[4];           /* 16550s at 0x3f8, 0x2f8, 0x3e8, 0x2e8 (0 = none) */
} ww_acpi_pc_config;

/* The three fw_cfg files: "etc/acpi/tables", "etc/acpi/rsdp", "etc/table-loader". */
typedef struct ww_acpi_pc_files {
    GBytes *tables, *rsdp, *loader;
} ww_acpi_pc_files;

bool ww_acpi_pc_build(const ww_acpi_pc_config *c, ww_acpi_pc_files *out, GError **err);
void ww_acpi_pc_files_clear(ww_acpi_pc_files *f);

#endif
