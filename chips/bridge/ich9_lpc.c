/* chips/bridge/ich9_lpc.c — Intel ICH9 LPC interface bridge (PCI 00:1F.0,
 * 8086:2918) as QEMU's "-M q35" presents it: PCI interrupt routing, the ACPI
 * power management block, APM, reset control and the legacy processor
 * interface ports.
 *
 * Source: Intel I/O Controller Hub 9 (ICH9) Family Datasheet (316972):
 * §13.1 LPC configuration registers (PMBASE 40h, ACPI_CNTL 44h, GPIOBASE 48h,
 * GC 4Ch, PIRQ[A-D]_ROUT 60h-63h, SIRQ_CNTL 64h, PIRQ[E-H]_ROUT 68h-6Bh,
 * LPC_I/O_DEC 80h, LPC_EN 82h, GEN1-4_DEC 84h-93h, BIOS_CNTL DCh, RCBA F0h);
 * §13.4 ELCR1/ELCR2 (4D0h/4D1h); §13.7 processor interface registers (PORT92
 * 92h, RST_CNT CF9h as §13.7.5; NMI_SC at 61h is chips/timer/pc_nmi_sc.c, a
 * chip of its own that the machine maps beside this one); §13.8.1 GEN_PMCON_1-3 (A0h-A4h);
 * §13.8.2 APM_CNT/APM_STS (B2h/B3h); §13.8.3 the ACPI I/O block at PMBASE
 * (PM1_STS, PM1_EN, PM1_CNT, PM1_TMR, GPE0_STS/EN, SMI_EN, SMI_STS); §10.1
 * the chipset configuration registers behind RCBA (DxxIR, OIC, RC, HPTC,
 * GCS, BUC, FD, CG). What SeaBIOS and Linux use was checked against SeaBIOS
 * 1.16 (src/fw/pciinit.c mch_isa_bridge_setup/mch_isa_lpc_setup, src/fw/smm.c,
 * src/hw/timer.c, src/hw/pci.c pci_reboot) and QEMU (hw/isa/lpc_ich9.c,
 * hw/acpi/ich9.c, hw/acpi/core.c).
 *
 *              +---------+→ isa_irq@0-15  PIRQs routed by PIRQx_ROUT, and the SCI
 *   pirq@0-7  →|         |→ gsi@16-23     PIRQA-H always (IOAPIC pins 16-23), SCI 20-23
 *   pwrbtn    →|  ICH9   |→ sci  smi      raw SCI (already routed above) and SMI#
 *              |   LPC   |→ reset poweroff  requests the machine acts on (levels)
 *              |         |→ a20             PORT92 output
 *              +---------+
 *   config (00:1F.0); pm at PMBASE (window in bus "io"); rcba at RCBA (window
 *   in bus "mem"); apm B2h, rst CF9h, port92 92h, elcr 4D0h are
 *   fixed maps in the machine.
 *
 * SMM: the CPUs have none. SeaBIOS's ich9_lpc_apmc_smm_setup() (src/fw/smm.c)
 * first reads SMI_EN at PMBASE+30h and returns at once if APMC_EN is set;
 * otherwise it arms APMC, writes APM_CNT and spins in smm_relocate_and_restore()
 * `while (inb(PORT_SMI_STATUS) != 0x00)` until an SMI handler writes 0 to
 * APM_STS — forever without SMM. So, as QEMU does with "-machine smm=off"
 * (hw/acpi/ich9.c pm_reset: "Mark SMM as already inited"), SMI_EN resets to
 * APMC_EN unless the "smm" property is set. Without an SMI handler the ACPI
 * enable/disable commands the FADT names (SMI_CMD = B2h, 02h/03h, SeaBIOS's
 * and QEMU's q35 tables) are carried out here, setting or clearing SCI_EN, as
 * QEMU's ich9_apm_ctrl_changed does.
 *
 * Reset: RST_CNT.RST_CPU (CF9h) and PORT92.INIT_NOW raise "reset", which
 * stays high until this chip is reset; the soft-reset encoding (SYS_RST = 0,
 * CPU INIT only) is a hard reset too, as in QEMU (the CPUs have no INIT).
 *
 * Sleep states: SLP_EN with SLP_TYP 111b (ICH9 S5) or 000b (the S5 code of
 * the q35 ACPI tables of SeaBIOS and QEMU: `_S5 = {0, 0}`, "must match piix4
 * emulation") raises "poweroff". Other sleep types are not modelled: they set
 * WAK_STS at once (an instant wake-up) and are logged.
 *
 * Not modelled: the TCO block (PMBASE+60h), GPIO decode (GPIOBASE and GC are
 * stored only), LPC decode ranges (LPC_I/O_DEC, LPC_EN, GENx_DEC are stored
 * only: the machine's maps decide; LPC_EN resets to the COM/LPT/FDC ports the
 * machine maps, as in QEMU), interrupt routing per device (D31IR-D25IR are
 * stored only; the machine's wires from each INTx to pirq@n are the routing),
 * HPET decode (HPTC stored only), the RTC NMI mask (port 70h, the RTC's),
 * SMI timers, End-of-SMI gating, BIOS write protection. The 8259 trigger
 * mode in ELCR is stored for software; the interrupt controllers edge-detect.
 * Test: tests/chips/bridge/ich9_lpc.c
 */
#include "core/chip.h"
#include "core/pci.h"
#include <string.h>

#define PM_TIMER_HZ 3579545u   /* §13.8.3 PM1_TMR: 3.579545 MHz, 24 bits */
#define PM_TMR_MSB  (1u << 23)
#define PM_SIZE     128u
#define RCBA_SIZE   0x4000u

enum { PRIO_DECODE = 1 };   /* PM and RCBA windows: above BARs (0) */

typedef struct {
    ww_chip chip;
    ww_pci_function pci;
    bool smm;                 /* prop: an SMI handler exists */
    /* §13.1 configuration registers */
    uint32_t pmbase;
    uint8_t acpi_cntl;
    uint32_t gpiobase;
    uint8_t gc;
    uint8_t pirq_rout[8];     /* PIRQA-D at 60h, PIRQE-H at 68h */
    uint8_t sirq_cntl;
    uint16_t lpc_io_dec, lpc_en;
    uint32_t gen_dec[4];
    uint16_t gen_pmcon_1;
    uint8_t gen_pmcon_2;
    uint16_t gen_pmcon_3;
    uint8_t bios_cntl;
    uint32_t rcba;
    /* §13.8.3 ACPI I/O block */
    uint16_t pm1_sts, pm1_en;
    uint32_t pm1_cnt;
    uint64_t gpe0_sts, gpe0_en;
    uint32_t smi_en, smi_sts;
    /* §13.8.2 APM, §13.7 processor interface, §13.4 ELCR */
    uint8_t apm_cnt, apm_sts;
    uint8_t rst_cnt, port92;
    uint8_t elcr[2];
    /* §10.1 chipset configuration registers (RCBA) */
    uint16_t d31ir, d30ir, d29ir, d28ir, d27ir, d26ir, d25ir;
    uint8_t oic;
    uint32_t rc, hptc, gcs, buc, fd, cg;
    /* internal state (the list below) */
    uint8_t pirq_in;          /* PIRQA-H input levels */
    uint8_t reset_req, off;   /* levels of the request outputs */
    ww_timer pm_timer;        /* the next PM1_TMR bit 23 toggle */
    /* outputs and windows (not state) */
    ww_line isa_irq[16], gsi[24], sci, smi, poweroff, reset, a20;
    ww_window *pm_win, *rcba_win;
} ich9_lpc_t;

enum { R_CONFIG, R_PM, R_RCBA, R_APM, R_RST, R_PORT92, R_ELCR, R__COUNT };
enum { BUS_IO, BUS_MEM, BUS__COUNT };
enum { PORT_PIRQ, PORT_PWRBTN, PORT_ISA_IRQ, PORT_GSI, PORT_SCI, PORT_SMI, PORT_POWEROFF,
       PORT_RESET, PORT_A20, PORT__COUNT };

/* §13.1 */
enum { PMBASE_RTE = 0x0001, PMBASE_BA = 0xff80 };
enum { ACPI_CNTL_SCI_IRQ_SEL = 0x07, ACPI_CNTL_ACPI_EN = 0x80 };
enum { GPIOBASE_RTE = 0x0001, GPIOBASE_BA = 0xffc0 };
enum { GC_GPIO_EN = 0x10 };
enum { PIRQ_ROUT_IRQ = 0x0f, PIRQ_ROUT_IRQEN = 0x80 };   /* IRQEN = 1: not routed */
enum { LPC_EN_COMA_EN = 0x0001, LPC_EN_COMB_EN = 0x0002, LPC_EN_LPT_EN = 0x0004,
       LPC_EN_FDD_EN = 0x0008 };
enum { GEN_PMCON_1_SMI_LOCK = 0x0010 };
enum { RCBA_EN = 0x00000001 };
#define RCBA_BA 0xffffc000u
/* §13.8.3 PM1_STS, PM1_EN, PM1_CNT */
enum { PM1_TMROF = 0x0001, PM1_BM = 0x0010, PM1_GBL = 0x0020, PM1_PWRBTN = 0x0100,
       PM1_RTC = 0x0400, PM1_PRBTNOR = 0x0800, PM1_PCIEXPWAK = 0x4000, PM1_WAK = 0x8000 };
enum { PM1_STS_BITS = PM1_TMROF | PM1_BM | PM1_GBL | PM1_PWRBTN | PM1_RTC | PM1_PRBTNOR |
                      PM1_PCIEXPWAK | PM1_WAK,
       PM1_EN_BITS = PM1_TMROF | PM1_GBL | PM1_PWRBTN | PM1_RTC | PM1_PCIEXPWAK,
       PM1_SCI_EVENTS = PM1_TMROF | PM1_GBL | PM1_PWRBTN | PM1_RTC };
enum { PM1_CNT_SCI_EN = 0x0001, PM1_CNT_BM_RLD = 0x0002, PM1_CNT_GBL_RLS = 0x0004,
       PM1_CNT_SLP_TYP = 0x1c00, PM1_CNT_SLP_EN = 0x2000 };
enum { SLP_S0_Q35 = 0, SLP_S5 = 7 };   /* see the top of the file */
enum { PM1_TMR_VAL = 0xffffff };
/* §13.8.3 SMI_EN, SMI_STS */
enum { SMI_EN_GBL_SMI_EN = 0x01, SMI_EN_EOS = 0x02, SMI_EN_BIOS_EN = 0x04,
       SMI_EN_SLP_SMI_EN = 0x10, SMI_EN_APMC_EN = 0x20, SMI_EN_BIOS_RLS = 0x80 };
enum { SMI_STS_BIOS = 0x04, SMI_STS_SLP_SMI = 0x10, SMI_STS_APM = 0x20 };
/* §13.8.2, QEMU ICH9_APM_ACPI_ENABLE/DISABLE (the FADT's ACPI_ENABLE/DISABLE) */
enum { APM_ACPI_ENABLE = 0x02, APM_ACPI_DISABLE = 0x03 };
/* §13.7.5 RST_CNT */
enum { RST_CNT_SYS_RST = 0x02, RST_CNT_RST_CPU = 0x04, RST_CNT_FULL_RST = 0x08 };
/* §13.7 PORT92 */
enum { PORT92_INIT_NOW = 0x01, PORT92_ALT_A20_GATE = 0x02 };
/* §10.1 */
enum { DIR_IAR = 0x0007, DIR_IBR = 0x0070, DIR_ICR = 0x0700, DIR_IDR = 0x7000 };
enum { DIR_DEFAULT = 0x3210 };   /* INTA-D → PIRQA-D */
enum { OIC_AEN = 0x01, OIC_CEN = 0x02 };
enum { HPTC_AS = 0x03, HPTC_AE = 0x80 };
enum { GCS_BILD = 0x001, GCS_NO_REBOOT = 0x020, GCS_BBS = 0xc00 };

/* Configuration, PM and RCBA offsets. */
enum { PMBASE = 0x40, ACPI_CNTL = 0x44, GPIOBASE = 0x48, GC = 0x4c, PIRQA_ROUT = 0x60,
       SIRQ_CNTL = 0x64, PIRQE_ROUT = 0x68, LPC_IO_DEC = 0x80, LPC_EN = 0x82, GEN1_DEC = 0x84,
       GEN_PMCON_1 = 0xa0, GEN_PMCON_2 = 0xa2, GEN_PMCON_3 = 0xa4, BIOS_CNTL = 0xdc,
       RCBA = 0xf0 };
enum { PM1_STS = 0x00, PM1_EN = 0x02, PM1_CNT = 0x04, PM1_TMR = 0x08, GPE0_STS = 0x20,
       GPE0_EN = 0x28, SMI_EN = 0x30, SMI_STS = 0x34 };
enum { D31IR = 0x3140, D30IR = 0x3142, D29IR = 0x3144, D28IR = 0x3146, D27IR = 0x3148,
       D26IR = 0x314c, D25IR = 0x3150, OIC = 0x31ff, RC = 0x3400, HPTC = 0x3404, GCS = 0x3410,
       BUC = 0x3414, FD = 0x3418, CG = 0x341c };

#define AT(m) WW_AT(ich9_lpc_t, m)

static const ww_field_desc pmbase_fields[] = {
    WW_FIELD(PMBASE_, RTE, "1: I/O space (read only)"),
    WW_FIELD(PMBASE_, BA, "base of the 128-byte ACPI I/O block"), { 0 }
};
static const ww_field_desc acpi_cntl_fields[] = {
    WW_FIELD(ACPI_CNTL_, SCI_IRQ_SEL, "SCI: 0 IRQ9, 1 IRQ10, 2 IRQ11, 3 reserved, 4-7 IRQ20-23"),
    WW_FIELD(ACPI_CNTL_, ACPI_EN, "decode PMBASE and run the ACPI logic"), { 0 }
};
static const ww_field_desc gpiobase_fields[] = {
    WW_FIELD(GPIOBASE_, RTE, "1: I/O space"), WW_FIELD(GPIOBASE_, BA, "GPIO base (not decoded)"),
    { 0 }
};
static const ww_field_desc gc_fields[] = { WW_FIELD(GC_, GPIO_EN, "stored only"), { 0 } };
static const ww_field_desc pirq_fields[] = {
    WW_FIELD(PIRQ_ROUT_, IRQ, "ISA IRQ 3-7, 9-12, 14, 15 (others reserved: not routed)"),
    WW_FIELD(PIRQ_ROUT_, IRQEN, "1: not routed to the 8259s (the IOAPIC always sees it)"),
    { 0 }
};
static const ww_field_desc lpc_en_fields[] = {
    WW_FIELD(LPC_EN_, COMA_EN, "COM A (3F8h) decoded"), WW_FIELD(LPC_EN_, COMB_EN, "COM B (2F8h)"),
    WW_FIELD(LPC_EN_, LPT_EN, "LPT (378h)"), WW_FIELD(LPC_EN_, FDD_EN, "floppy (3F0h)"), { 0 }
};
static const ww_field_desc gen_pmcon_1_fields[] = {
    WW_FIELD(GEN_PMCON_1_, SMI_LOCK, "write once: GBL_SMI_EN can no longer change"), { 0 }
};
static const ww_field_desc rcba_fields[] = {
    WW_FIELD(RCBA_, EN, "decode the 16 KiB chipset configuration block"),
    WW_FIELD_MASK("BA", RCBA_BA, "base address bits 31:14"), { 0 }
};
static const ww_field_desc pm1_sts_fields[] = {
    WW_FIELD(PM1_, TMROF, "PM1_TMR bit 23 toggled"), WW_FIELD(PM1_, BM, "bus master (never set)"),
    WW_FIELD(PM1_, GBL, "BIOS released the global lock (SMI_EN.BIOS_RLS)"),
    WW_FIELD(PM1_, PWRBTN, "power button pressed"), WW_FIELD(PM1_, RTC, "RTC alarm (not wired)"),
    WW_FIELD(PM1_, PRBTNOR, "power button override"), WW_FIELD(PM1_, PCIEXPWAK, "PCIe wake"),
    WW_FIELD(PM1_, WAK, "woke from a sleep state"), { 0 }
};
static const ww_field_desc pm1_en_fields[] = {
    WW_FIELD_MASK("TMROF_EN", PM1_TMROF, NULL), WW_FIELD_MASK("GBL_EN", PM1_GBL, NULL),
    WW_FIELD_MASK("PWRBTN_EN", PM1_PWRBTN, NULL), WW_FIELD_MASK("RTC_EN", PM1_RTC, NULL),
    WW_FIELD_MASK("PCIEXPWAK_DIS", PM1_PCIEXPWAK, NULL), { 0 }
};
static const ww_field_desc pm1_cnt_fields[] = {
    WW_FIELD(PM1_CNT_, SCI_EN, "1: ACPI mode, PM events raise SCI"),
    WW_FIELD(PM1_CNT_, BM_RLD, "stored only"),
    WW_FIELD(PM1_CNT_, GBL_RLS, "write 1: OS released the global lock (SMI)"),
    WW_FIELD(PM1_CNT_, SLP_TYP, "sleep type: 7 (and 0, q35 tables) S5 soft off"),
    WW_FIELD(PM1_CNT_, SLP_EN, "write 1: enter SLP_TYP"), { 0 }
};
static const ww_field_desc pm1_tmr_fields[] = {
    WW_FIELD(PM1_TMR_, VAL, "3.579545 MHz count of virtual time"), { 0 }
};
static const ww_field_desc smi_en_fields[] = {
    WW_FIELD(SMI_EN_, GBL_SMI_EN, "SMI# from the enabled sources"),
    WW_FIELD(SMI_EN_, EOS, "end of SMI (stored only)"), WW_FIELD(SMI_EN_, BIOS_EN, "GBL_RLS SMI"),
    WW_FIELD(SMI_EN_, SLP_SMI_EN, "SLP_EN raises SMI instead of sleeping"),
    WW_FIELD(SMI_EN_, APMC_EN, "APM_CNT writes raise SMI; reset value set without SMM"),
    WW_FIELD(SMI_EN_, BIOS_RLS, "write 1: sets PM1_STS.GBL"), { 0 }
};
static const ww_field_desc smi_sts_fields[] = {
    WW_FIELD(SMI_STS_, BIOS, "GBL_RLS was written"), WW_FIELD(SMI_STS_, SLP_SMI, "SLP_EN trapped"),
    WW_FIELD(SMI_STS_, APM, "APM_CNT was written"), { 0 }
};
static const ww_field_desc rst_cnt_fields[] = {
    WW_FIELD(RST_CNT_, SYS_RST, "hard (1) or soft (0) reset; both are hard here, as in QEMU"),
    WW_FIELD(RST_CNT_, RST_CPU, "write 1: reset"),
    WW_FIELD(RST_CNT_, FULL_RST, "power-cycle on hard reset (stored)"), { 0 }
};
static const ww_field_desc port92_fields[] = {
    WW_FIELD(PORT92_, INIT_NOW, "write 1: CPU INIT (a reset request here, as in QEMU)"),
    WW_FIELD(PORT92_, ALT_A20_GATE, "A20M# released (output a20)"), { 0 }
};
static const ww_field_desc dir_fields[] = {
    WW_FIELD(DIR_, IAR, "INTA → PIRQ 0-7 (stored: routing is the machine's wires)"),
    WW_FIELD(DIR_, IBR, "INTB"), WW_FIELD(DIR_, ICR, "INTC"), WW_FIELD(DIR_, IDR, "INTD"), { 0 }
};
static const ww_field_desc oic_fields[] = {
    WW_FIELD(OIC_, AEN, "APIC enable (stored)"), WW_FIELD(OIC_, CEN, "coprocessor error"), { 0 }
};
static const ww_field_desc hptc_fields[] = {
    WW_FIELD(HPTC_, AS, "HPET at 0FED00000h + AS·4 KiB (stored)"),
    WW_FIELD(HPTC_, AE, "HPET decode (stored: the machine maps the HPET)"), { 0 }
};
static const ww_field_desc gcs_fields[] = {
    WW_FIELD(GCS_, BILD, "BIOS interface lock-down"), WW_FIELD(GCS_, NO_REBOOT, "TCO no reboot"),
    WW_FIELD(GCS_, BBS, "boot BIOS straps"), { 0 }
};

static const char *const pirqa_names[] = { "PIRQA_ROUT", "PIRQB_ROUT", "PIRQC_ROUT", "PIRQD_ROUT" };
static const char *const pirqe_names[] = { "PIRQE_ROUT", "PIRQF_ROUT", "PIRQG_ROUT", "PIRQH_ROUT" };
static const char *const gen_dec_names[] = { "GEN1_DEC", "GEN2_DEC", "GEN3_DEC", "GEN4_DEC" };

enum { REG_PMBASE, REG_ACPI_CNTL, REG_GPIOBASE, REG_GC, REG_PIRQA, REG_SIRQ_CNTL, REG_PIRQE,
       REG_LPC_IO_DEC, REG_LPC_EN, REG_GEN_DEC, REG_GEN_PMCON_1, REG_GEN_PMCON_2,
       REG_GEN_PMCON_3, REG_BIOS_CNTL, REG_RCBA,
       REG_PM1_STS, REG_PM1_EN, REG_PM1_CNT, REG_PM1_TMR, REG_GPE0_STS, REG_GPE0_EN,
       REG_SMI_EN, REG_SMI_STS,
       REG_APM_CNT, REG_APM_STS, REG_RST_CNT, REG_PORT92, REG_ELCR1, REG_ELCR2,
       REG_D31IR, REG_D30IR, REG_D29IR, REG_D28IR, REG_D27IR, REG_D26IR, REG_D25IR, REG_OIC,
       REG_RC, REG_HPTC, REG_GCS, REG_BUC, REG_FD, REG_CG,
       REG__COUNT };

#define SIDE WW_REG_SIDE
static const ww_reg_desc lpc_regs[] = {
    /* §13.1 configuration (D31:F0)                off          w  flags */
    [REG_PMBASE]      = { "PMBASE",      R_CONFIG, PMBASE,      4, SIDE, .reset = PMBASE_RTE,
                          .mask = PMBASE_BA | PMBASE_RTE, .at = AT(pmbase),
                          .fields = pmbase_fields, .doc = "ACPI I/O block base" },
    [REG_ACPI_CNTL]   = { "ACPI_CNTL",   R_CONFIG, ACPI_CNTL,   1, SIDE, .mask = 0x87,
                          .at = AT(acpi_cntl), .fields = acpi_cntl_fields },
    [REG_GPIOBASE]    = { "GPIOBASE",    R_CONFIG, GPIOBASE,    4, WW_RW, .reset = GPIOBASE_RTE,
                          .mask = GPIOBASE_BA | GPIOBASE_RTE, .at = AT(gpiobase),
                          .fields = gpiobase_fields },
    [REG_GC]          = { "GC",          R_CONFIG, GC,          1, WW_RW, .mask = GC_GPIO_EN,
                          .at = AT(gc), .fields = gc_fields },
    [REG_PIRQA]       = { "PIRQA_ROUT",  R_CONFIG, PIRQA_ROUT,  1, SIDE, .reset = 0x80,
                          .mask = 0x8f, .at = AT(pirq_rout[0]), .count = 4,
                          .names = pirqa_names, .fields = pirq_fields },
    [REG_SIRQ_CNTL]   = { "SIRQ_CNTL",   R_CONFIG, SIRQ_CNTL,   1, WW_RW, .reset = 0x10,
                          .at = AT(sirq_cntl), .doc = "serial IRQ control (stored)" },
    [REG_PIRQE]       = { "PIRQE_ROUT",  R_CONFIG, PIRQE_ROUT,  1, SIDE, .reset = 0x80,
                          .mask = 0x8f, .at = AT(pirq_rout[4]), .count = 4,
                          .names = pirqe_names, .fields = pirq_fields },
    [REG_LPC_IO_DEC]  = { "LPC_IO_DEC",  R_CONFIG, LPC_IO_DEC,  2, WW_RW, .mask = 0x1377,
                          .at = AT(lpc_io_dec), .doc = "COM/LPT/FDD ranges (stored)" },
    [REG_LPC_EN]      = { "LPC_EN",      R_CONFIG, LPC_EN,      2, WW_REG_CHIP_RESET,
                          .mask = 0x3f0f, .at = AT(lpc_en), .fields = lpc_en_fields,
                          .doc = "LPC decode enables (stored; reset: the legacy devices the "
                                 "machine maps, as QEMU's ich9_lpc_machine_ready)" },
    [REG_GEN_DEC]     = { "GEN1_DEC",    R_CONFIG, GEN1_DEC,    4, WW_RW, .mask = 0x00fcfffd,
                          .at = AT(gen_dec[0]), .count = 4, .names = gen_dec_names,
                          .doc = "generic LPC decode ranges (stored)" },
    [REG_GEN_PMCON_1] = { "GEN_PMCON_1", R_CONFIG, GEN_PMCON_1, 2, SIDE, .at = AT(gen_pmcon_1),
                          .fields = gen_pmcon_1_fields, .doc = "§13.8.1" },
    [REG_GEN_PMCON_2] = { "GEN_PMCON_2", R_CONFIG, GEN_PMCON_2, 1, WW_RW, .at = AT(gen_pmcon_2),
                          .doc = "§13.8.1 (stored)" },
    [REG_GEN_PMCON_3] = { "GEN_PMCON_3", R_CONFIG, GEN_PMCON_3, 2, WW_RW, .at = AT(gen_pmcon_3),
                          .doc = "§13.8.1 (stored)" },
    [REG_BIOS_CNTL]   = { "BIOS_CNTL",   R_CONFIG, BIOS_CNTL,   1, WW_RW, .mask = 0x3f,
                          .at = AT(bios_cntl), .doc = "BIOS write enable/lock (stored)" },
    [REG_RCBA]        = { "RCBA",        R_CONFIG, RCBA,        4, SIDE, .mask = RCBA_BA | RCBA_EN,
                          .at = AT(rcba), .fields = rcba_fields,
                          .doc = "root complex register block base" },
    /* §13.8.3 ACPI I/O block at PMBASE */
    [REG_PM1_STS]     = { "PM1_STS",     R_PM, PM1_STS,  2, WW_REG_W1C | SIDE, .mask = PM1_STS_BITS,
                          .at = AT(pm1_sts), .fields = pm1_sts_fields },
    [REG_PM1_EN]      = { "PM1_EN",      R_PM, PM1_EN,   2, SIDE, .mask = PM1_EN_BITS,
                          .at = AT(pm1_en), .fields = pm1_en_fields },
    [REG_PM1_CNT]     = { "PM1_CNT",     R_PM, PM1_CNT,  4, SIDE,
                          .mask = PM1_CNT_SCI_EN | PM1_CNT_BM_RLD | PM1_CNT_SLP_TYP,
                          .at = AT(pm1_cnt), .fields = pm1_cnt_fields,
                          .doc = "SLP_EN with S5 powers off" },
    [REG_PM1_TMR]     = { "PM1_TMR",     R_PM, PM1_TMR,  4, WW_REG_RO, .fields = pm1_tmr_fields,
                          .doc = "ACPI PM timer (computed)" },
    [REG_GPE0_STS]    = { "GPE0_STS",    R_PM, GPE0_STS, 8, WW_REG_W1C | SIDE, .at = AT(gpe0_sts),
                          .doc = "general purpose events (no sources modelled)" },
    [REG_GPE0_EN]     = { "GPE0_EN",     R_PM, GPE0_EN,  8, SIDE, .at = AT(gpe0_en) },
    [REG_SMI_EN]      = { "SMI_EN",      R_PM, SMI_EN,   4, SIDE | WW_REG_CHIP_RESET,
                          .mask = ~(uint32_t)SMI_EN_BIOS_RLS, .at = AT(smi_en),
                          .fields = smi_en_fields,
                          .doc = "reset: APMC_EN unless prop smm (SMM counts as initialized)" },
    [REG_SMI_STS]     = { "SMI_STS",     R_PM, SMI_STS,  4, WW_REG_W1C | SIDE, .at = AT(smi_sts),
                          .fields = smi_sts_fields },
    /* fixed I/O ports */
    [REG_APM_CNT]     = { "APM_CNT",     R_APM, 0, 1, SIDE, .at = AT(apm_cnt),
                          .doc = "B2h: ACPI enable (02h) / disable (03h); SMI if APMC_EN" },
    [REG_APM_STS]     = { "APM_STS",     R_APM, 1, 1, WW_RW, .at = AT(apm_sts),
                          .doc = "B3h: scratch between BIOS and SMI handler" },
    [REG_RST_CNT]     = { "RST_CNT",     R_RST, 0, 1, SIDE, .mask = RST_CNT_SYS_RST | RST_CNT_FULL_RST,
                          .at = AT(rst_cnt), .fields = rst_cnt_fields, .doc = "CF9h" },
    [REG_PORT92]      = { "PORT92",      R_PORT92, 0, 1, SIDE, .mask = PORT92_ALT_A20_GATE,
                          .at = AT(port92), .fields = port92_fields, .doc = "92h" },
    [REG_ELCR1]       = { "ELCR1",       R_ELCR, 0, 1, WW_RW, .mask = 0xf8, .at = AT(elcr[0]),
                          .doc = "4D0h: IRQ3-7 level triggered (stored)" },
    [REG_ELCR2]       = { "ELCR2",       R_ELCR, 1, 1, WW_RW, .mask = 0xde, .at = AT(elcr[1]),
                          .doc = "4D1h: IRQ9-12, 14, 15 level triggered (stored)" },
    /* §10.1 chipset configuration registers at RCBA */
    [REG_D31IR]       = { "D31IR", R_RCBA, D31IR, 2, WW_RW, .reset = DIR_DEFAULT, .mask = 0x7777,
                          .at = AT(d31ir), .fields = dir_fields },
    [REG_D30IR]       = { "D30IR", R_RCBA, D30IR, 2, WW_RW, .mask = 0x7777, .at = AT(d30ir),
                          .fields = dir_fields },
    [REG_D29IR]       = { "D29IR", R_RCBA, D29IR, 2, WW_RW, .reset = DIR_DEFAULT, .mask = 0x7777,
                          .at = AT(d29ir), .fields = dir_fields },
    [REG_D28IR]       = { "D28IR", R_RCBA, D28IR, 2, WW_RW, .reset = DIR_DEFAULT, .mask = 0x7777,
                          .at = AT(d28ir), .fields = dir_fields },
    [REG_D27IR]       = { "D27IR", R_RCBA, D27IR, 2, WW_RW, .reset = DIR_DEFAULT, .mask = 0x7777,
                          .at = AT(d27ir), .fields = dir_fields },
    [REG_D26IR]       = { "D26IR", R_RCBA, D26IR, 2, WW_RW, .reset = DIR_DEFAULT, .mask = 0x7777,
                          .at = AT(d26ir), .fields = dir_fields },
    [REG_D25IR]       = { "D25IR", R_RCBA, D25IR, 2, WW_RW, .reset = DIR_DEFAULT, .mask = 0x7777,
                          .at = AT(d25ir), .fields = dir_fields },
    [REG_OIC]         = { "OIC",   R_RCBA, OIC,   1, WW_RW, .mask = 0x03, .at = AT(oic),
                          .fields = oic_fields },
    [REG_RC]          = { "RC",    R_RCBA, RC,    4, WW_RW, .at = AT(rc), .doc = "RTC configuration" },
    [REG_HPTC]        = { "HPTC",  R_RCBA, HPTC,  4, WW_RW, .mask = HPTC_AS | HPTC_AE,
                          .at = AT(hptc), .fields = hptc_fields },
    [REG_GCS]         = { "GCS",   R_RCBA, GCS,   4, WW_RW, .reset = GCS_NO_REBOOT,
                          .mask = GCS_BILD | GCS_NO_REBOOT | GCS_BBS, .at = AT(gcs),
                          .fields = gcs_fields, .doc = "general control and status" },
    [REG_BUC]         = { "BUC",   R_RCBA, BUC,   4, WW_RW, .at = AT(buc), .doc = "backed up control" },
    [REG_FD]          = { "FD",    R_RCBA, FD,    4, WW_RW, .at = AT(fd), .doc = "function disable" },
    [REG_CG]          = { "CG",    R_RCBA, CG,    4, WW_RW, .at = AT(cg), .doc = "clock gating" },
    [REG__COUNT]      = { 0 }
};
#undef SIDE

static void pm_timer_fire(ww_chip *c, unsigned index);

static const ww_state_desc lpc_state[] = {
    /* Inputs: their levels are the wires', a reset does not change them. */
    { "pirq_in",   WW_STATE_U8, AT(pirq_in),   "PIRQA-H input levels", .flags = WW_STATE_NORESET },
    { "reset_req", WW_STATE_U8, AT(reset_req), "a reset was requested (output reset)" },
    { "off",       WW_STATE_U8, AT(off),       "soft off was entered (output poweroff)" },
    { "pm_timer",  WW_STATE_TIMER, AT(pm_timer), "next PM1_TMR bit 23 toggle (TMROF_STS)",
      .fire = pm_timer_fire },
    { 0 }
};

/* ---- register storage --------------------------------------------------------- */

static void *reg_ptr(ich9_lpc_t *p, const ww_reg_desc *r, unsigned e)
{
    size_t stride = r->stride ? r->stride : r->at.size;
    return (uint8_t *)p + r->at.offset + e * stride;
}

static uint64_t stored(ich9_lpc_t *p, const ww_reg_desc *r, unsigned e)
{
    const void *q = reg_ptr(p, r, e);
    switch (r->at.size) {
    case 1: return *(const uint8_t *)q;
    case 2: { uint16_t v; memcpy(&v, q, 2); return v; }
    case 4: { uint32_t v; memcpy(&v, q, 4); return v; }
    default: { uint64_t v; memcpy(&v, q, 8); return v; }
    }
}

static void store(ich9_lpc_t *p, const ww_reg_desc *r, unsigned e, uint64_t v)
{
    void *q = reg_ptr(p, r, e);
    switch (r->at.size) {
    case 1: *(uint8_t *)q = (uint8_t)v; return;
    case 2: { uint16_t x = (uint16_t)v; memcpy(q, &x, 2); return; }
    case 4: { uint32_t x = (uint32_t)v; memcpy(q, &x, 4); return; }
    default: memcpy(q, &v, 8); return;
    }
}

static uint64_t reg_mask(const ww_reg_desc *r)
{
    unsigned w = ww_reg_width(r);
    uint64_t all = w >= 8 ? UINT64_MAX : (1ull << (8 * w)) - 1;
    return r->mask ? r->mask & all : all;
}

/* ---- time ------------------------------------------------------------------------- */

static uint64_t pm_ticks(ich9_lpc_t *p)
{
    return ww_ns_to_ticks(ww_sched_now(p->chip.sched), PM_TIMER_HZ);
}

/* The first nanosecond at which PM tick k has happened. */
static ww_time pm_tick_time(uint64_t k)
{
    unsigned __int128 ns = ((unsigned __int128)k * WW_NS_PER_SEC + PM_TIMER_HZ - 1) / PM_TIMER_HZ;
    return ns >= WW_TIME_NEVER ? WW_TIME_NEVER - 1 : (ww_time)ns;
}

static void arm_pm_timer(ich9_lpc_t *p)
{
    uint64_t next = (pm_ticks(p) / PM_TMR_MSB + 1) * PM_TMR_MSB;
    ww_timer_mod(&p->pm_timer, pm_tick_time(next));
}

/* ---- outputs ------------------------------------------------------------------------ */

/* The line the SCI drives: ISA IRQ 9-11 or IOAPIC input 20-23; -1 reserved. */
static int sci_irq(const ich9_lpc_t *p)
{
    static const int8_t sel[8] = { 9, 10, 11, -1, 20, 21, 22, 23 };
    return sel[p->acpi_cntl & ACPI_CNTL_SCI_IRQ_SEL];
}

static bool sci_level(const ich9_lpc_t *p)
{
    if (!(p->acpi_cntl & ACPI_CNTL_ACPI_EN) || !(p->pm1_cnt & PM1_CNT_SCI_EN))
        return false;
    return (p->pm1_sts & p->pm1_en & PM1_SCI_EVENTS) || (p->gpe0_sts & p->gpe0_en);
}

/* PIRQx_ROUT bits 3:0: the ISA IRQs a PIRQ may be steered to (§13.1 PIRQx_ROUT). */
static bool routable(unsigned irq)
{
    return (0xdef8u >> irq) & 1;   /* 3-7, 9-12, 14, 15 */
}

static void update_irqs(ich9_lpc_t *p)
{
    bool sci = sci_level(p);
    int target = sci_irq(p);
    ww_line_set(&p->sci, sci);
    uint16_t isa = 0;
    for (unsigned n = 0; n < 8; n++) {
        uint8_t r = p->pirq_rout[n];
        if ((p->pirq_in >> n & 1) && !(r & PIRQ_ROUT_IRQEN) && routable(r & PIRQ_ROUT_IRQ))
            isa |= (uint16_t)(1u << (r & PIRQ_ROUT_IRQ));
    }
    if (sci && target >= 0 && target < 16)
        isa |= (uint16_t)(1u << target);
    for (unsigned i = 0; i < 16; i++)
        ww_line_set(&p->isa_irq[i], isa >> i & 1);
    for (unsigned i = 16; i < 24; i++)
        ww_line_set(&p->gsi[i], (p->pirq_in >> (i - 16) & 1) || (sci && target == (int)i));
}

static void update_smi(ich9_lpc_t *p)
{
    /* Each modelled SMI source with its enable (§13.8.3 SMI_EN/SMI_STS). */
    bool src = ((p->smi_sts & SMI_STS_APM) && (p->smi_en & SMI_EN_APMC_EN)) ||
               ((p->smi_sts & SMI_STS_SLP_SMI) && (p->smi_en & SMI_EN_SLP_SMI_EN)) ||
               ((p->smi_sts & SMI_STS_BIOS) && (p->smi_en & SMI_EN_BIOS_EN));
    ww_line_set(&p->smi, (p->smi_en & SMI_EN_GBL_SMI_EN) && src);
}

static void update_legacy(ich9_lpc_t *p)
{
    ww_line_set(&p->a20, p->port92 & PORT92_ALT_A20_GATE);
    ww_line_set(&p->reset, p->reset_req);
    ww_line_set(&p->poweroff, p->off);
}

/* A guest-placed decoder: nothing over the machine's fixed devices. */
static void place_decoder(ich9_lpc_t *p, ww_window *w, bool on, uint64_t base, uint64_t size,
                          const char *what)
{
    if (!w)
        return;
    const ww_mapping *hit = on ? ww_space_fixed_overlap(w->space, base, size) : NULL;
    if (hit) {
        ww_chip_guest_error(&p->chip, "%s 0x%" G_GINT64_MODIFIER "x overlaps '%s' in %s; not "
                            "decoded", what, base, hit->name, ww_space_name(w->space));
        on = false;
    }
    if (on)
        ww_window_place(w, base, size);
    else
        ww_window_hide(w);
}

static void update_pm_window(ich9_lpc_t *p)
{
    uint32_t base = p->pmbase & PMBASE_BA;
    /* §13.1 ACPI_CNTL: ACPI_EN enables the decode; a base of 0 decodes nothing (QEMU). */
    place_decoder(p, p->pm_win, (p->acpi_cntl & ACPI_CNTL_ACPI_EN) && base, base, PM_SIZE,
                  "PMBASE");
}

static void update_rcba_window(ich9_lpc_t *p)
{
    place_decoder(p, p->rcba_win, p->rcba & RCBA_EN, p->rcba & RCBA_BA, RCBA_SIZE, "RCBA");
}

/* ---- behaviour ---------------------------------------------------------------------------- */

static void request_reset(ich9_lpc_t *p, const char *why)
{
    ww_chip_trace(&p->chip, "reset requested (%s)", why);
    p->reset_req = 1;
    ww_line_set(&p->reset, 1);
}

/* §13.8.3 PM1_CNT.SLP_EN: enter the sleep state SLP_TYP names. */
static void sleep_enter(ich9_lpc_t *p, unsigned typ)
{
    if (p->smi_en & SMI_EN_SLP_SMI_EN) {   /* the SMI handler decides */
        p->smi_sts |= SMI_STS_SLP_SMI;
        update_smi(p);
        return;
    }
    if (typ == SLP_S5 || typ == SLP_S0_Q35) {
        ww_chip_trace(&p->chip, "soft off (SLP_TYP %u)", typ);
        p->off = 1;
        ww_line_set(&p->poweroff, 1);
        return;
    }
    ww_log(WW_LOG_UNIMP, p->chip.id, "sleep type %u is not modelled: waking at once", typ);
    p->pm1_sts |= PM1_WAK;
}

/* A write of the bytes `be` selects (a bit mask over the register) of `v`.
 * Returns nothing: every effect is applied here. */
static void reg_write(ich9_lpc_t *p, unsigned reg, unsigned e, uint64_t v, uint64_t be)
{
    const ww_reg_desc *r = &lpc_regs[reg];
    uint64_t m = reg_mask(r), w = v & be;
    uint64_t old = r->at.size ? stored(p, r, e) : 0, nv = ((old & ~be) | w) & m;
    switch (reg) {
    case REG_PMBASE:
        store(p, r, e, nv | PMBASE_RTE);
        update_pm_window(p);
        return;
    case REG_ACPI_CNTL:
        store(p, r, e, nv);
        update_pm_window(p);
        update_irqs(p);
        return;
    case REG_GPIOBASE:
        store(p, r, e, nv | GPIOBASE_RTE);
        return;
    case REG_PIRQA:
    case REG_PIRQE:
        store(p, r, e, nv);
        update_irqs(p);
        return;
    case REG_GEN_PMCON_1:
        nv |= old & GEN_PMCON_1_SMI_LOCK;   /* write once */
        store(p, r, e, nv);
        return;
    case REG_RCBA:
        store(p, r, e, nv);
        update_rcba_window(p);
        return;
    case REG_PM1_STS:
    case REG_GPE0_STS:
    case REG_SMI_STS:   /* write 1 to clear */
        store(p, r, e, old & ~(w & m));
        update_irqs(p);
        update_smi(p);
        return;
    case REG_PM1_EN:
    case REG_GPE0_EN:
        store(p, r, e, nv);
        update_irqs(p);
        return;
    case REG_PM1_CNT:
        store(p, r, e, nv);
        if (w & PM1_CNT_GBL_RLS) {   /* the OS released the global lock */
            p->smi_sts |= SMI_STS_BIOS;
            update_smi(p);
        }
        update_irqs(p);
        if (w & PM1_CNT_SLP_EN)
            sleep_enter(p, (unsigned)(nv & PM1_CNT_SLP_TYP) >> 10);
        return;
    case REG_PM1_TMR:
        ww_chip_guest_error(&p->chip, "write to the read-only PM1_TMR ignored");
        return;
    case REG_SMI_EN:
        if (p->gen_pmcon_1 & GEN_PMCON_1_SMI_LOCK)   /* GBL_SMI_EN is locked */
            nv = (nv & ~(uint64_t)SMI_EN_GBL_SMI_EN) | (old & SMI_EN_GBL_SMI_EN);
        store(p, r, e, nv);
        if (w & SMI_EN_BIOS_RLS) {   /* the BIOS released the global lock */
            p->pm1_sts |= PM1_GBL;
            update_irqs(p);
        }
        update_smi(p);
        return;
    case REG_APM_CNT:
        store(p, r, e, nv);
        /* QEMU ich9_apm_ctrl_changed: the FADT's ACPI enable/disable commands
         * switch SCI_EN here, there is no SMI handler to do it. */
        if (nv == APM_ACPI_ENABLE || nv == APM_ACPI_DISABLE) {
            p->pm1_cnt = nv == APM_ACPI_ENABLE ? p->pm1_cnt | PM1_CNT_SCI_EN
                                               : p->pm1_cnt & ~(uint32_t)PM1_CNT_SCI_EN;
            update_irqs(p);
            return;
        }
        if (p->smi_en & SMI_EN_APMC_EN) {
            p->smi_sts |= SMI_STS_APM;
            update_smi(p);
        }
        return;
    case REG_RST_CNT:
        store(p, r, e, nv);
        if (w & RST_CNT_RST_CPU)
            request_reset(p, "RST_CNT");
        return;
    case REG_PORT92:
        store(p, r, e, nv);
        update_legacy(p);
        if (w & PORT92_INIT_NOW)
            request_reset(p, "PORT92 INIT_NOW");
        return;
    default:   /* registers that only store */
        store(p, r, e, nv);
        return;
    }
}

static uint64_t reg_value(ich9_lpc_t *p, unsigned reg, unsigned e)
{
    switch (reg) {
    case REG_PM1_TMR:
        return pm_ticks(p) & PM1_TMR_VAL;
    default:
        return stored(p, &lpc_regs[reg], e);
    }
}

/* ---- register access: any width, any alignment ---------------------------------------- */

/* The register table lists each region's registers together: where they are. */
static const uint8_t region_regs[R__COUNT][2] = {
    [R_CONFIG] = { REG_PMBASE, REG_RCBA },       [R_PM]     = { REG_PM1_STS, REG_SMI_STS },
    [R_RCBA]   = { REG_D31IR, REG_CG },          [R_APM]    = { REG_APM_CNT, REG_APM_STS },
    [R_RST]    = { REG_RST_CNT, REG_RST_CNT },   [R_PORT92] = { REG_PORT92, REG_PORT92 },
    [R_ELCR]   = { REG_ELCR1, REG_ELCR2 },
};

static int reg_at(unsigned region, uint64_t off, unsigned *elem, uint64_t *base)
{
    if (region >= R__COUNT || (region == R_RCBA && (off < D31IR || off >= CG + 4)))
        return -1;
    for (unsigned i = region_regs[region][0]; i <= region_regs[region][1]; i++) {
        const ww_reg_desc *r = &lpc_regs[i];
        if (r->region != region)
            continue;
        for (unsigned e = 0; e < ww_reg_count(r); e++) {
            uint64_t o = ww_reg_offset(r, e);
            if (off >= o && off < o + ww_reg_width(r)) {
                *elem = e;
                *base = o;
                return (int)i;
            }
        }
    }
    return -1;
}

static uint64_t lpc_read(ww_chip *c, unsigned region, uint64_t off, unsigned size, ww_access how)
{
    ich9_lpc_t *p = (ich9_lpc_t *)c;
    uint64_t v = 0;
    for (unsigned i = 0; i < size; i++) {
        unsigned e;
        uint64_t base;
        int reg = reg_at(region, off + i, &e, &base);
        /* No register read has a side effect. */
        if (reg < 0)
            continue;   /* reserved and unmodelled registers read 0 */
        uint64_t rv = reg_value(p, (unsigned)reg, e);
        v |= ((rv >> (8 * (off + i - base))) & 0xff) << (8 * i);
    }
    return v;
}

static void lpc_write(ww_chip *c, unsigned region, uint64_t off, uint64_t val, unsigned size)
{
    ich9_lpc_t *p = (ich9_lpc_t *)c;
    for (unsigned i = 0; i < size;) {
        unsigned e;
        uint64_t base;
        int reg = reg_at(region, off + i, &e, &base);
        if (reg < 0) {
            ww_chip_unimp(c, "write", region, off + i);
            i++;
            continue;
        }
        unsigned w = ww_reg_width(&lpc_regs[reg]);
        uint64_t v = 0, be = 0;
        for (; i < size && off + i < base + w; i++) {
            unsigned k = (unsigned)(off + i - base);
            v |= ((val >> (8 * i)) & 0xff) << (8 * k);
            be |= 0xffull << (8 * k);
        }
        reg_write(p, (unsigned)reg, e, v, be);
    }
}

/* ---- inputs ------------------------------------------------------------------------------- */

static void lpc_signal(ww_chip *c, unsigned port, unsigned index, int level)
{
    ich9_lpc_t *p = (ich9_lpc_t *)c;
    switch (port) {
    case PORT_PIRQ:
        if (index >= 8)
            return;
        p->pirq_in = (uint8_t)((p->pirq_in & ~(1u << index)) | (level ? 1u << index : 0));
        update_irqs(p);
        return;
    case PORT_PWRBTN:
        if (level) {   /* §13.8.3 PM1_STS: a press sets PWRBTN_STS */
            p->pm1_sts |= PM1_PWRBTN;
            update_irqs(p);
        }
        return;
    default:
        return;
    }
}

static void pm_timer_fire(ww_chip *c, unsigned index)
{
    ich9_lpc_t *p = (ich9_lpc_t *)c;
    p->pm1_sts |= PM1_TMROF;   /* §13.8.3 PM1_STS.TMROF_STS: bit 23 of PM1_TMR toggled */
    update_irqs(p);
    arm_pm_timer(p);
}

/* ---- lifecycle ------------------------------------------------------------------------------ */

static bool lpc_realize(ww_chip *c, GError **err)
{
    ich9_lpc_t *p = (ich9_lpc_t *)c;
    char *name;
    if (c->bus[BUS_IO]) {
        name = g_strdup_printf("%s.pm", c->id);
        p->pm_win = ww_window_open_chip(c->bus[BUS_IO], c, name, c, R_PM, PRIO_DECODE, err);
        g_free(name);
        if (!p->pm_win)
            return false;
    }
    if (c->bus[BUS_MEM]) {
        name = g_strdup_printf("%s.rcba", c->id);
        p->rcba_win = ww_window_open_chip(c->bus[BUS_MEM], c, name, c, R_RCBA, PRIO_DECODE, err);
        g_free(name);
        if (!p->rcba_win)
            return false;
    }
    return true;
}

static void lpc_unrealize(ww_chip *c)
{
    ich9_lpc_t *p = (ich9_lpc_t *)c;
    ww_window_close(p->pm_win);
    ww_window_close(p->rcba_win);
    p->pm_win = p->rcba_win = NULL;
}

static void update_all(ich9_lpc_t *p)
{
    update_pm_window(p);
    update_rcba_window(p);
    update_irqs(p);
    update_smi(p);
    update_legacy(p);
}

static void lpc_reset(ww_chip *c, ww_reset_kind kind)
{
    ich9_lpc_t *p = (ich9_lpc_t *)c;
    /* Without SMM, SMM counts as initialized (see the top of the file). */
    p->smi_en = p->smm ? 0 : SMI_EN_APMC_EN;
    /* LPC_EN reports the legacy devices present (QEMU ich9_lpc_machine_ready;
     * SeaBIOS's q35 DSDT answers the _STA of COM1, COM2, LPT and FDC0 from
     * these bits). */
    static const struct { uint16_t port, bit; } legacy[] = {
        { 0x3f8, LPC_EN_COMA_EN }, { 0x2f8, LPC_EN_COMB_EN }, { 0x378, LPC_EN_LPT_EN },
        { 0x3f0, LPC_EN_FDD_EN },
    };
    p->lpc_en = 0;
    for (size_t i = 0; c->bus[BUS_IO] && i < G_N_ELEMENTS(legacy); i++)
        if (ww_space_fixed_overlap(c->bus[BUS_IO], legacy[i].port, 1))
            p->lpc_en |= legacy[i].bit;
    arm_pm_timer(p);
    update_all(p);
}

static bool lpc_post_load(ww_chip *c, GError **err)
{
    ich9_lpc_t *p = (ich9_lpc_t *)c;
    /* Values come from the file: only bits the registers have. */
    for (unsigned i = 0; i < REG__COUNT; i++) {
        const ww_reg_desc *r = &lpc_regs[i];
        for (unsigned e = 0; r->at.size && e < ww_reg_count(r); e++)
            store(p, r, e, stored(p, r, e) & reg_mask(r));
    }
    p->pmbase |= PMBASE_RTE;
    p->gpiobase |= GPIOBASE_RTE;
    p->reset_req = p->reset_req != 0;
    p->off = p->off != 0;
    arm_pm_timer(p);   /* a function of the time: the same deadline the file holds */
    update_all(p);
    return true;
}

static const ww_prop_desc lpc_props[] = {
    { "smm", WW_PROP_BOOL, AT(smm), "false", 0, 0, NULL, WW_UNIT_NONE,
      "the CPU handles SMIs: SMI_EN resets to 0 and firmware sets SMM up (SeaBIOS then "
      "waits for an SMI handler); false marks SMM as initialized, as QEMU's smm=off" },
    { 0 }
};

static const ww_region_desc lpc_regions[] = {
    [R_CONFIG] = { "config", 256, 1, 4, WW_LITTLE_ENDIAN, WW_REGION_PCI_CONFIG,
                   "D31:F0 configuration space" },
    [R_PM]     = { "pm", PM_SIZE, 1, 4, WW_LITTLE_ENDIAN, 0, "ACPI I/O block (window at PMBASE)" },
    [R_RCBA]   = { "rcba", RCBA_SIZE, 1, 4, WW_LITTLE_ENDIAN, 0,
                   "chipset configuration registers (window at RCBA)" },
    [R_APM]    = { "apm", 2, 1, 1, WW_LITTLE_ENDIAN, 0, "APM_CNT, APM_STS (PC: B2h)" },
    [R_RST]    = { "rst", 1, 1, 1, WW_LITTLE_ENDIAN, 0, "RST_CNT (PC: CF9h, above pci-conf1)" },
    [R_PORT92] = { "port92", 1, 1, 1, WW_LITTLE_ENDIAN, 0, "fast A20 and INIT (PC: 92h)" },
    [R_ELCR]   = { "elcr", 2, 1, 1, WW_LITTLE_ENDIAN, 0, "8259 edge/level control (PC: 4D0h)" },
    [R__COUNT] = { 0 }
};

static const ww_bus_desc lpc_buses[] = {
    [BUS_IO]  = { "io", "the I/O space PMBASE decodes in (alias cpu.io)", 16, WW_LITTLE_ENDIAN,
                  WW_UNMAPPED_OPEN_BUS, UINT64_MAX },
    [BUS_MEM] = { "mem", "the memory space RCBA decodes in (alias cpu.mem)", 36,
                  WW_LITTLE_ENDIAN, WW_UNMAPPED_OPEN_BUS, UINT64_MAX },
    [BUS__COUNT] = { 0 }
};

#define OUT(m) offsetof(ich9_lpc_t, m)
static const ww_port_desc lpc_ports[] = {
    [PORT_PIRQ]      = { "pirq", WW_PORT_IN, 8, 0, 0, "PIRQA#-PIRQH# (from the INTx wires)" },
    [PORT_PWRBTN]    = { "pwrbtn", WW_PORT_IN, 1, WW_PORT_EDGE, 0,
                         "power button: a rising edge sets PWRBTN_STS" },
    [PORT_ISA_IRQ]   = { "isa_irq", WW_PORT_OUT, 16, 0, OUT(isa_irq),
                         "ISA IRQ n: routed PIRQs and the SCI (to the 8259s and IOAPIC 0-15)" },
    [PORT_GSI]       = { "gsi", WW_PORT_OUT, 24, 0, OUT(gsi),
                         "IOAPIC inputs: 16-23 PIRQA-H (and the SCI at 20-23); 0-15 unused" },
    [PORT_SCI]       = { "sci", WW_PORT_OUT, 1, 0, OUT(sci),
                         "the SCI level (already on the IRQ SCI_IRQ_SEL picks: observe only)" },
    [PORT_SMI]       = { "smi", WW_PORT_OUT, 1, 0, OUT(smi), "SMI# (asserted high)" },
    [PORT_POWEROFF]  = { "poweroff", WW_PORT_OUT, 1, 0, OUT(poweroff),
                         "high once the guest entered S5: end the run" },
    [PORT_RESET]     = { "reset", WW_PORT_OUT, 1, 0, OUT(reset),
                         "high from a reset request (CF9h, 92h) until this chip is reset: "
                         "hard-reset the machine" },
    [PORT_A20]       = { "a20", WW_PORT_OUT, 1, 0, OUT(a20), "PORT92.ALT_A20_GATE" },
    [PORT__COUNT]    = { 0 }
};
#undef OUT

static const ww_pci_desc lpc_pci = {
    .offset = offsetof(ich9_lpc_t, pci),
    .vendor = 0x8086, .device = 0x2918, .revision = 0x02,   /* QEMU ICH9_A2_LPC_REVISION */
    .class_code = 0x060100,                                  /* bridge, ISA */
    .multifunction = true,                                   /* D31: LPC, SATA, SMBus */
    .subsys_vendor = 0x1af4, .subsys = 0x1100,               /* QEMU's defaults */
};

static const ww_chip_class ich9_lpc_class = {
    .type = "ich9-lpc",
    .summary = "Intel ICH9 LPC bridge (PCI 8086:2918): PIRQ routing, ACPI PM, APM, CF9h reset",
    .doc = "ICH9 datasheet 316972 §10.1, §13.1, §13.4, §13.7, §13.8 as QEMU's q35 uses it: "
           "PIRQA-H to ISA IRQs and IOAPIC 16-23, the ACPI block at PMBASE (PM1 status/"
           "enable/control, the 3.579545 MHz PM timer, GPE0, SMI_EN/STS), SCI routing, S5 "
           "power-off, APM B2h/B3h with ACPI enable/disable, RST_CNT, port 92h, ELCR, the RCBA block. No SMM: SMM reads as initialized.",
    .size = sizeof(ich9_lpc_t),
    .version = 1,
    .props = lpc_props,
    .regions = lpc_regions,
    .regs = lpc_regs,
    .state = lpc_state,
    .ports = lpc_ports,
    .buses = lpc_buses,
    .pci = &lpc_pci,
    .realize = lpc_realize,
    .unrealize = lpc_unrealize,
    .reset = lpc_reset,
    .read = lpc_read,
    .write = lpc_write,
    .signal = lpc_signal,
    .post_load = lpc_post_load,
};
WW_CHIP_REGISTER(ich9_lpc_class)
