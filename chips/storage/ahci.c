/* chips/storage/ahci.c — Intel ICH9 SATA controller in AHCI mode (PCI
 * 8086:2922, class 010601h), six ports, as QEMU's q35 board has it at 00:1F.2.
 *
 * Sources: Serial ATA AHCI 1.3 Specification: §2 PCI header and capabilities,
 * §3.1 generic host control (CAP, GHC, IS, PI, VS), §3.3 port registers
 * (PxCLB … PxSNTF, every field cited at its mask below), §4.2.1 received FIS
 * structure (DSFIS 00h, PSFIS 20h, RFIS 40h, SDBFIS 58h, UFIS 60h), §4.2.2
 * command list (the 32-byte command header: CFL, A, W, P, R, B, C, PRDTL,
 * PRDBC, CTBA), §4.2.3 command table (CFIS 00h, ACMD 40h, PRDT 80h; PRD: DBA,
 * DBC 21:0, I), §5 the HBA's state machines (what a command completion
 * writes, in which order), §6.2.2 error handling (a task file error stops the
 * port until PxCMD.ST is cleared; host bus errors), §10.4 resets (GHC.HR,
 * PxSCTL.DET COMRESET). Serial ATA revision 2.6 §10.3 for the FIS layouts
 * (Register H2D 27h, Register D2H 34h, PIO Setup 5Fh, Set Device Bits A1h).
 * Intel ICH9 datasheet 316972 §14 (D31:F2 configuration: PCS at 92h).
 * ATA and ATAPI commands are chips/storage/ata.c. What SeaBIOS (src/hw/ahci.c)
 * and Linux (drivers/ata/ahci.c, libahci.c) expect was read there; QEMU's
 * hw/ide/ahci.c was consulted for the ambiguous points (IS is the level of
 * the ports' enabled status bits; a PIO data-in command posts a PIO Setup FIS
 * whose E_Status is the final status, and a D2H FIS).
 *
 *   abar (BAR5, 4 KiB MMIO)  generic registers 00h-FFh, port n at 100h + 80h·n
 *   idp  (BAR4, 32 B I/O)    index (00h) / data (04h) window onto abar
 *   dma  bus master: command lists, FIS areas, command tables, PRDs, MSI
 *   intx → INTA# (the machine wires it to the LPC's PIRQA); MSI, 1 vector
 *   disk@0-5: one device per port; an ISO (cdrom) medium is an ATAPI drive
 *
 * Timing: a command is fetched 1 µs after PxCI is written and executed at
 * once (the data moves, the PRDs are walked); its completion (FIS, PxCI or
 * PxSACT bits, interrupt) follows after 10 µs + 3.3 ns per byte (about a
 * 3 Gb/s link). Commands of one port run one at a time, NCQ ones included.
 *
 * Bad input: every guest address is checked by core/dma.h; a command list,
 * FIS area, command table or PRD that is not RAM is a host bus fatal error
 * (PxIS.HBFS, the port stops as §6.2.2.2 says); a PRDT shorter than the
 * command's data, a command FIS that is not a Register H2D FIS or too short,
 * a command issued on a port without a device end in a task file error
 * (ABRT) the guest sees in PxTFD and the D2H FIS. Lengths are bounded by the
 * ATA command (at most 65,536 sectors) and PRDTL (65,535 entries).
 *
 * Not modelled: port multipliers and FIS-based switching (CAP.SPM = 0),
 * staggered spin-up, aggressive link power management, command completion
 * coalescing, enclosure management, hot plug (media are bound at start),
 * BIST and the partial/slumber states, 64-bit addresses above the machine's
 * 32-bit DMA space (CAP.S64A is set as on ICH9; such addresses are errors).
 * Test: tests/chips/storage/ahci.c */
#include "core/chip.h"
#include "core/dma.h"
#include "core/pci.h"
#include "chips/storage/ata.h"
#include <string.h>

#define NPORTS 6
#define NSLOTS 32
#define FETCH_NS 1000
#define CMD_NS 10000

/* Generic host control offsets (§3.1) and port register offsets (§3.3). */
enum { CAP = 0x00, GHC = 0x04, IS = 0x08, PI = 0x0c, VS = 0x10, CCC_CTL = 0x14,
       CCC_PORTS = 0x18, EM_LOC = 0x1c, EM_CTL = 0x20, CAP2 = 0x24, BOHC = 0x28,
       PORT_BASE = 0x100, PORT_STEP = 0x80 };
enum { PxCLB = 0x00, PxCLBU = 0x04, PxFB = 0x08, PxFBU = 0x0c, PxIS = 0x10, PxIE = 0x14,
       PxCMD = 0x18, PxTFD = 0x20, PxSIG = 0x24, PxSSTS = 0x28, PxSCTL = 0x2c, PxSERR = 0x30,
       PxSACT = 0x34, PxCI = 0x38, PxSNTF = 0x3c, PxFBS = 0x40, PxDEVSLP = 0x44 };
/* §3.1.1 CAP */
enum { CAP_NP = 0x1f, CAP_SXS = 1u << 5, CAP_NCS = 0x1f00, CAP_PSC = 1u << 13,
       CAP_SSC = 1u << 14, CAP_PMD = 1u << 15, CAP_SAM = 1u << 18, CAP_ISS = 0xf00000,
       CAP_SCLO = 1u << 24, CAP_SSNTF = 1u << 29, CAP_SNCQ = 1u << 30, CAP_S64A = 1u << 31 };
#define CAP_VALUE (CAP_S64A | CAP_SNCQ | CAP_SCLO | 1u << 20 /* ISS Gen 1 */ | CAP_SAM | \
                   (NSLOTS - 1) << 8 | (NPORTS - 1))
/* §3.1.2 GHC */
enum { GHC_HR = 1u << 0, GHC_IE = 1u << 1, GHC_MRSM = 1u << 2 };
#define GHC_AE (1u << 31)
#define VS_VALUE 0x00010000u   /* AHCI 1.0, what Linux and SeaBIOS see on QEMU */
/* §3.3.5 PxIS / §3.3.6 PxIE */
enum { IS_DHRS = 1u << 0, IS_PSS = 1u << 1, IS_DSS = 1u << 2, IS_SDBS = 1u << 3,
       IS_UFS = 1u << 4, IS_DPS = 1u << 5, IS_PCS = 1u << 6, IS_DMPS = 1u << 7,
       IS_PRCS = 1u << 22, IS_IPMS = 1u << 23, IS_OFS = 1u << 24, IS_INFS = 1u << 26,
       IS_IFS = 1u << 27, IS_HBDS = 1u << 28, IS_HBFS = 1u << 29, IS_TFES = 1u << 30 };
#define IS_CPDS (1u << 31)
#define IS_VALID 0xfdc000ffu
/* §3.3.7 PxCMD */
enum { CMD_ST = 1u << 0, CMD_SUD = 1u << 1, CMD_POD = 1u << 2, CMD_CLO = 1u << 3,
       CMD_FRE = 1u << 4, CMD_CCS = 0x1f00, CMD_MPSS = 1u << 13, CMD_FR = 1u << 14,
       CMD_CR = 1u << 15, CMD_CPS = 1u << 16, CMD_ATAPI = 1u << 24, CMD_DLAE = 1u << 25,
       CMD_ALPE = 1u << 26, CMD_ASP = 1u << 27 };
#define CMD_ICC 0xf0000000u
#define CMD_STORED (CMD_ST | CMD_SUD | CMD_POD | CMD_FRE | CMD_ATAPI | CMD_DLAE | CMD_ALPE | \
                    CMD_ASP)
/* §3.3.8 PxTFD, §3.3.10 PxSSTS, §3.3.11 PxSCTL */
enum { TFD_STS = 0xff, TFD_ERR = 0xff00 };
enum { SSTS_DET = 0x00f, SSTS_SPD = 0x0f0, SSTS_IPM = 0xf00 };
enum { SCTL_DET = 0x00f, SCTL_SPD = 0x0f0, SCTL_IPM = 0xf00 };
#define SSTS_UP 0x113u   /* device present, communication established, Gen 1, active */
/* §4.2.2 command header DW0 */
enum { CH_CFL = 0x1f, CH_A = 1u << 5, CH_W = 1u << 6, CH_P = 1u << 7, CH_R = 1u << 8,
       CH_B = 1u << 9, CH_C = 1u << 10, CH_PMP = 0xf000 };
#define CH_PRDTL 0xffff0000u
/* received FIS area offsets (§4.2.1) and FIS types (SATA 2.6 §10.3) */
enum { RX_DSFIS = 0x00, RX_PSFIS = 0x20, RX_RFIS = 0x40, RX_SDBFIS = 0x58, RX_UFIS = 0x60 };
enum { FIS_H2D = 0x27, FIS_D2H = 0x34, FIS_PIO_SETUP = 0x5f, FIS_SDB = 0xa1 };
/* ICH9 D31:F2 configuration */
enum { CFG_PCS = 0x92 };

enum { R_CONFIG, R_ABAR, R_IDP, R__COUNT };
enum { BUS_DMA, BUS__COUNT };
enum { PORT_INTX, PORT__COUNT };
enum { BACKEND_DISK, BACKEND__COUNT };
enum { DONE_D2H, DONE_PIO_IN, DONE_SDB, DONE_SIG, DONE_HBF };

typedef struct ahci_port {
    /* registers (§3.3) */
    uint32_t clb, clbu, fb, fbu, is, ie, cmd, tfd, sig, ssts, sctl, serr, sact, ci, sntf;
    /* internal state */
    uint8_t stopped;        /* a task file or host bus error: no command until ST 0→1 */
    uint8_t busy;           /* a command executed; its completion is due at the timer */
    uint8_t slot;           /* … in this slot */
    uint8_t done;           /* DONE_*: what the completion posts */
    uint8_t ok;             /* it succeeded */
    uint8_t ncq;
    uint8_t status, error, device;
    uint16_t count;
    uint64_t lba;
    uint8_t sig_pending;    /* the signature D2H FIS waits for FRE */
    ww_timer timer;
    ww_ata_drive drive;
} ahci_port;

typedef struct {
    ww_chip chip;
    ww_pci_function pci;
    uint32_t ghc, is;
    uint16_t pcs;           /* ICH9 port control and status (config 92h) */
    uint32_t idp_index;
    ahci_port p[NPORTS];
    ww_disk *disk[NPORTS];
} ahci_t;

#define AT(m) WW_AT(ahci_t, m)
#define PAT(m) WW_AT(ahci_port, m)

/* ---- descriptor: fields --------------------------------------------------------- */
static const ww_field_desc cap_fields[] = {
    WW_FIELD(CAP_, NP, "ports - 1"), WW_FIELD(CAP_, NCS, "command slots - 1"),
    WW_FIELD(CAP_, SAM, "AHCI only"), WW_FIELD(CAP_, ISS, "interface speed (1: Gen 1)"),
    WW_FIELD(CAP_, SCLO, "command list override"), WW_FIELD(CAP_, SNCQ, "native command queuing"),
    WW_FIELD(CAP_, S64A, "64-bit addressing"), { 0 }
};
static const ww_field_desc ghc_fields[] = {
    WW_FIELD(GHC_, HR, "HBA reset (reads 0 when done)"), WW_FIELD(GHC_, IE, "interrupt enable"),
    WW_FIELD(GHC_, MRSM, "MSI revert to single message"),
    WW_FIELD_MASK("AE", GHC_AE, "AHCI enable (read-only 1: CAP.SAM)"), { 0 }
};
static const ww_field_desc pxis_fields[] = {
    WW_FIELD(IS_, DHRS, "D2H register FIS"), WW_FIELD(IS_, PSS, "PIO setup FIS"),
    WW_FIELD(IS_, DSS, "DMA setup FIS"), WW_FIELD(IS_, SDBS, "set device bits FIS"),
    WW_FIELD(IS_, UFS, "unknown FIS"), WW_FIELD(IS_, DPS, "descriptor processed"),
    WW_FIELD(IS_, PCS, "port connect change"), WW_FIELD(IS_, DMPS, "device mechanical presence"),
    WW_FIELD(IS_, PRCS, "PhyRdy change"), WW_FIELD(IS_, IPMS, "incorrect port multiplier"),
    WW_FIELD(IS_, OFS, "overflow"), WW_FIELD(IS_, INFS, "interface non-fatal error"),
    WW_FIELD(IS_, IFS, "interface fatal error"), WW_FIELD(IS_, HBDS, "host bus data error"),
    WW_FIELD(IS_, HBFS, "host bus fatal error"), WW_FIELD(IS_, TFES, "task file error"),
    WW_FIELD_MASK("CPDS", IS_CPDS, "cold port detect"), { 0 }
};
static const ww_field_desc pxcmd_fields[] = {
    WW_FIELD(CMD_, ST, "start: process the command list"), WW_FIELD(CMD_, SUD, "spin-up device"),
    WW_FIELD(CMD_, POD, "power on device"), WW_FIELD(CMD_, CLO, "command list override"),
    WW_FIELD(CMD_, FRE, "FIS receive enable"), WW_FIELD(CMD_, CCS, "current command slot"),
    WW_FIELD(CMD_, FR, "FIS receive running"), WW_FIELD(CMD_, CR, "command list running"),
    WW_FIELD(CMD_, ATAPI, "device is ATAPI (for LED only)"),
    WW_FIELD_MASK("ICC", CMD_ICC, "interface communication control"), { 0 }
};
static const ww_field_desc pxtfd_fields[] = {
    WW_FIELD(TFD_, STS, "status (BSY 7, DRQ 3, ERR 0)"), WW_FIELD(TFD_, ERR, "error"), { 0 }
};
static const ww_field_desc pxssts_fields[] = {
    WW_FIELD(SSTS_, DET, "3: device present, Phy communication"), WW_FIELD(SSTS_, SPD, "speed"),
    WW_FIELD(SSTS_, IPM, "1: active"), { 0 }
};
static const ww_field_desc pxsctl_fields[] = {
    WW_FIELD(SCTL_, DET, "1: COMRESET while set"), WW_FIELD(SCTL_, SPD, "speed limit"),
    WW_FIELD(SCTL_, IPM, "power transitions allowed"), { 0 }
};

#define PNAMES(r) { "P0" #r, "P1" #r, "P2" #r, "P3" #r, "P4" #r, "P5" #r }
static const char *const n_clb[] = PNAMES(CLB), *const n_clbu[] = PNAMES(CLBU),
    *const n_fb[] = PNAMES(FB), *const n_fbu[] = PNAMES(FBU), *const n_is[] = PNAMES(IS),
    *const n_ie[] = PNAMES(IE), *const n_cmd[] = PNAMES(CMD), *const n_tfd[] = PNAMES(TFD),
    *const n_sig[] = PNAMES(SIG), *const n_ssts[] = PNAMES(SSTS), *const n_sctl[] = PNAMES(SCTL),
    *const n_serr[] = PNAMES(SERR), *const n_sact[] = PNAMES(SACT), *const n_ci[] = PNAMES(CI),
    *const n_sntf[] = PNAMES(SNTF), *const n_fbs[] = PNAMES(FBS);

#define PORTS(reg) .count = NPORTS, .step = PORT_STEP, .stride = sizeof(ahci_port), .names = reg
#define PREG(name, off, flags) name, R_ABAR, PORT_BASE + (off), 4, flags

enum { REG_CAP, REG_GHC, REG_IS, REG_PI, REG_VS, REG_CCC_CTL, REG_CCC_PORTS, REG_EM_LOC,
       REG_EM_CTL, REG_CAP2, REG_BOHC, REG_PCLB, REG_PCLBU, REG_PFB, REG_PFBU, REG_PIS, REG_PIE,
       REG_PCMD, REG_PTFD, REG_PSIG, REG_PSSTS, REG_PSCTL, REG_PSERR, REG_PSACT, REG_PCI,
       REG_PSNTF, REG_PFBS, REG_PCS, REG_IDP_INDEX, REG_IDP_DATA, REG__COUNT };

static const ww_reg_desc ahci_regs[] = {
    /* name                 region  offset     w  flags */
    [REG_CAP]       = { "CAP",       R_ABAR, CAP,       4, WW_REG_RO, .fields = cap_fields,
                        .doc = "HBA capabilities (HwInit)" },
    [REG_GHC]       = { "GHC",       R_ABAR, GHC,       4, WW_REG_SIDE, .at = AT(ghc),
                        .fields = ghc_fields, .doc = "global host control (AE reads 1)" },
    [REG_IS]        = { "IS",        R_ABAR, IS,        4, WW_REG_W1C, .at = AT(is),
                        .doc = "a port's bit: its PxIS & PxIE is non-zero (a level)" },
    [REG_PI]        = { "PI",        R_ABAR, PI,        4, WW_REG_RO, .doc = "ports implemented" },
    [REG_VS]        = { "VS",        R_ABAR, VS,        4, WW_REG_RO, .doc = "AHCI version" },
    [REG_CCC_CTL]   = { "CCC_CTL",   R_ABAR, CCC_CTL,   4, WW_REG_RO, .doc = "no coalescing" },
    [REG_CCC_PORTS] = { "CCC_PORTS", R_ABAR, CCC_PORTS, 4, WW_REG_RO },
    [REG_EM_LOC]    = { "EM_LOC",    R_ABAR, EM_LOC,    4, WW_REG_RO, .doc = "no enclosure management" },
    [REG_EM_CTL]    = { "EM_CTL",    R_ABAR, EM_CTL,    4, WW_REG_RO },
    [REG_CAP2]      = { "CAP2",      R_ABAR, CAP2,      4, WW_REG_RO },
    [REG_BOHC]      = { "BOHC",      R_ABAR, BOHC,      4, WW_REG_RO, .doc = "no BIOS handoff" },
    [REG_PCLB]  = { PREG("PxCLB",  PxCLB,  WW_RW),     .at = AT(p[0].clb),  PORTS(n_clb),
                    .mask = 0xfffffc00, .doc = "command list base (1 KiB aligned)" },
    [REG_PCLBU] = { PREG("PxCLBU", PxCLBU, WW_RW),     .at = AT(p[0].clbu), PORTS(n_clbu) },
    [REG_PFB]   = { PREG("PxFB",   PxFB,   WW_RW),     .at = AT(p[0].fb),   PORTS(n_fb),
                    .mask = 0xffffff00, .doc = "received FIS base (256-byte aligned)" },
    [REG_PFBU]  = { PREG("PxFBU",  PxFBU,  WW_RW),     .at = AT(p[0].fbu),  PORTS(n_fbu) },
    [REG_PIS]   = { PREG("PxIS",   PxIS,   WW_REG_W1C), .at = AT(p[0].is),  PORTS(n_is),
                    .fields = pxis_fields, .doc = "interrupt status" },
    [REG_PIE]   = { PREG("PxIE",   PxIE,   WW_REG_SIDE), .at = AT(p[0].ie), PORTS(n_ie),
                    .mask = IS_VALID, .fields = pxis_fields, .doc = "interrupt enable" },
    [REG_PCMD]  = { PREG("PxCMD",  PxCMD,  WW_REG_SIDE), .at = AT(p[0].cmd), PORTS(n_cmd),
                    .reset = CMD_SUD | CMD_POD, .fields = pxcmd_fields,
                    .doc = "command and status" },
    [REG_PTFD]  = { PREG("PxTFD",  PxTFD,  WW_REG_RO | WW_REG_CHIP_RESET), .at = AT(p[0].tfd),
                    PORTS(n_tfd), .reset = 0x7f, .fields = pxtfd_fields,
                    .doc = "task file data: the device's status and error" },
    [REG_PSIG]  = { PREG("PxSIG",  PxSIG,  WW_REG_RO | WW_REG_CHIP_RESET), .at = AT(p[0].sig),
                    PORTS(n_sig), .reset = 0xffffffff, .doc = "signature of the first D2H FIS" },
    [REG_PSSTS] = { PREG("PxSSTS", PxSSTS, WW_REG_RO | WW_REG_CHIP_RESET), .at = AT(p[0].ssts),
                    PORTS(n_ssts), .fields = pxssts_fields, .doc = "SStatus" },
    [REG_PSCTL] = { PREG("PxSCTL", PxSCTL, WW_REG_SIDE), .at = AT(p[0].sctl), PORTS(n_sctl),
                    .mask = 0xfff, .fields = pxsctl_fields, .doc = "SControl" },
    [REG_PSERR] = { PREG("PxSERR", PxSERR, WW_REG_W1C), .at = AT(p[0].serr), PORTS(n_serr),
                    .doc = "SError" },
    [REG_PSACT] = { PREG("PxSACT", PxSACT, WW_REG_SIDE), .at = AT(p[0].sact), PORTS(n_sact),
                    .doc = "SActive: NCQ tags outstanding (software sets, the HBA clears)" },
    [REG_PCI]   = { PREG("PxCI",   PxCI,   WW_REG_SIDE), .at = AT(p[0].ci), PORTS(n_ci),
                    .doc = "command issue (software sets, the HBA clears)" },
    [REG_PSNTF] = { PREG("PxSNTF", PxSNTF, WW_REG_W1C), .at = AT(p[0].sntf), PORTS(n_sntf) },
    [REG_PFBS]  = { PREG("PxFBS",  PxFBS,  WW_REG_RO), PORTS(n_fbs),
                    .doc = "no FIS-based switching" },
    [REG_PCS]   = { "PCS", R_CONFIG, CFG_PCS, 2, WW_RW, .at = AT(pcs), .mask = 0x003f,
                    .doc = "ICH9 port control and status: port enables (stored)" },
    [REG_IDP_INDEX] = { "IDP_INDEX", R_IDP, 0, 4, WW_RW, .at = AT(idp_index), .mask = 0xffc,
                        .doc = "index of the abar register IDP_DATA reaches" },
    [REG_IDP_DATA]  = { "IDP_DATA",  R_IDP, 4, 4, WW_REG_SIDE, .doc = "abar[IDP_INDEX]" },
    [REG__COUNT] = { 0 }
};

static void port_fire(ww_chip *c, unsigned index);

static const ww_state_desc port_fields[] = {
    { "stopped",     WW_STATE_U8,  PAT(stopped),     "error state: waits for ST 0→1" },
    { "busy",        WW_STATE_U8,  PAT(busy),        "a completion is due" },
    { "slot",        WW_STATE_U8,  PAT(slot),        "its slot" },
    { "done",        WW_STATE_U8,  PAT(done),        "what it posts: D2H, PIO-in, SDB, signature, bus error" },
    { "ok",          WW_STATE_U8,  PAT(ok) },
    { "ncq",         WW_STATE_U8,  PAT(ncq) },
    { "status",      WW_STATE_U8,  PAT(status) },
    { "error",       WW_STATE_U8,  PAT(error) },
    { "device",      WW_STATE_U8,  PAT(device) },
    { "count",       WW_STATE_U16, PAT(count) },
    { "lba",         WW_STATE_U64, PAT(lba) },
    { "sig_pending", WW_STATE_U8,  PAT(sig_pending), "the signature FIS waits for FRE",
      .flags = WW_STATE_CHIP_RESET },
    { "timer",       WW_STATE_TIMER, PAT(timer),     "command fetch / completion", .fire = port_fire },
    { "drive",       WW_STATE_RECORD, PAT(drive),    "the ATA/ATAPI device",
      .record = &ww_ata_drive_record },
    { 0 }
};
static const ww_record_desc port_record = { "port", sizeof(ahci_port), port_fields };
static const char *const port_names[] = { "port0", "port1", "port2", "port3", "port4", "port5" };

static const ww_state_desc ahci_state[] = {
    { "port", WW_STATE_RECORD, AT(p), "ports 0-5: internal state", .record = &port_record,
      .names = port_names },
    { 0 }
};

/* ---- interrupts (§10.6: IS is the ports' level; MSI per event) ----------------------- */
static void update_irq(ahci_t *h, bool event)
{
    uint32_t is = 0;
    for (unsigned i = 0; i < NPORTS; i++)
        if (h->p[i].is & h->p[i].ie)
            is |= 1u << i;
    h->is = is;
    bool level = is && (h->ghc & GHC_IE);
    if (ww_pci_msi_enabled(&h->chip)) {
        ww_pci_set_irq(&h->chip, 0);
        if (level && event)
            ww_pci_msi_notify(&h->chip, 0);
    } else {
        ww_pci_set_irq(&h->chip, level);
    }
}

static void port_event(ahci_t *h, ahci_port *p, uint32_t bits)
{
    p->is |= bits;
    update_irq(h, (bits & p->ie) != 0);
}

/* ---- DMA helpers -------------------------------------------------------------------- */
static bool dma_rd(ahci_t *h, uint64_t a, void *buf, size_t n)
{
    return ww_pci_master_enabled(&h->chip) && ww_dma_read(&h->chip, BUS_DMA, a, buf, n) == WW_DMA_OK;
}

static bool dma_wr(ahci_t *h, uint64_t a, const void *buf, size_t n)
{
    return ww_pci_master_enabled(&h->chip) && ww_dma_write(&h->chip, BUS_DMA, a, buf, n) == WW_DMA_OK;
}

static uint32_t le32(const uint8_t *b) { return (uint32_t)b[0] | b[1] << 8 | b[2] << 16 | (uint32_t)b[3] << 24; }
static void put32(uint8_t *b, uint32_t v)
{
    b[0] = (uint8_t)v; b[1] = (uint8_t)(v >> 8); b[2] = (uint8_t)(v >> 16); b[3] = (uint8_t)(v >> 24);
}

static uint64_t fis_base(const ahci_port *p) { return (uint64_t)p->fbu << 32 | (p->fb & ~0xffu); }
static uint64_t clb_base(const ahci_port *p) { return (uint64_t)p->clbu << 32 | (p->clb & ~0x3ffu); }

/* Post a received FIS (§4.2.1) when FIS reception runs; false on a bus error. */
static bool post_fis(ahci_t *h, ahci_port *p, unsigned at, const uint8_t *fis, size_t n)
{
    if (!(p->cmd & CMD_FRE))
        return true;
    return dma_wr(h, fis_base(p) + at, fis, n);
}

static void fill_regs(uint8_t *f, uint8_t status, uint8_t error, uint8_t device, uint64_t lba,
                      uint16_t count)
{
    f[2] = status;
    f[3] = error;
    f[4] = (uint8_t)lba;
    f[5] = (uint8_t)(lba >> 8);
    f[6] = (uint8_t)(lba >> 16);
    f[7] = device;
    f[8] = (uint8_t)(lba >> 24);
    f[9] = (uint8_t)(lba >> 32);
    f[10] = (uint8_t)(lba >> 40);
    f[12] = (uint8_t)count;
    f[13] = (uint8_t)(count >> 8);
}

/* ---- port state ---------------------------------------------------------------------- */
static void port_stop_commands(ahci_port *p)
{
    ww_timer_del(&p->timer);
    p->busy = 0;
    p->ci = 0;
    p->sact = 0;
    p->cmd &= ~(uint32_t)CMD_CCS;
}

/* The device answers a reset with its signature in a D2H FIS (§10.4.1). */
static void link_up(ahci_t *h, unsigned i)
{
    ahci_port *p = &h->p[i];
    ww_disk *d = h->disk[i];
    if (!d) {
        p->ssts = 0;
        p->tfd = 0x7f;
        p->sig = 0xffffffff;
        return;
    }
    ww_ata_tf sig;
    ww_ata_reset(&p->drive, d, &sig);
    p->ssts = SSTS_UP;
    p->tfd = (uint32_t)sig.error << 8 | sig.command;
    p->sig = ww_ata_signature(d);
    p->sig_pending = 1;
    if (p->cmd & CMD_FRE) {
        uint8_t f[20] = { FIS_D2H };
        fill_regs(f, sig.command, sig.error, sig.device, sig.lba, sig.count);
        if (post_fis(h, p, RX_RFIS, f, sizeof f))
            p->sig_pending = 0;
    }
}

static void port_reset(ahci_t *h, unsigned i)
{
    ahci_port *p = &h->p[i];
    port_stop_commands(p);
    p->stopped = 0;
    link_up(h, i);
}

static void hba_reset(ahci_t *h)
{
    for (unsigned i = 0; i < NPORTS; i++) {
        ahci_port *p = &h->p[i];
        ww_timer_del(&p->timer);
        ww_record_reset(&port_record, p);
        p->clb = p->clbu = p->fb = p->fbu = p->is = p->ie = p->serr = p->sact = p->ci = 0;
        p->sntf = p->sctl = 0;
        p->cmd = CMD_SUD | CMD_POD;
        link_up(h, i);
    }
    h->ghc = 0;
    update_irq(h, false);
}

/* ---- the data path: the PRDT (§4.2.3.3) ------------------------------------------------- */
typedef struct {
    ahci_t *h;
    uint64_t prdt;
    uint32_t n, idx, off;      /* entries, current entry, bytes used of it */
    uint64_t dba;
    uint32_t dbc;
    bool loaded;
} prd_walk;

static ww_ata_xfer_status prd_next(prd_walk *w)
{
    if (w->loaded && w->off < w->dbc)
        return WW_ATA_XFER_OK;
    if (w->loaded) {
        w->idx++;
        w->off = 0;
        w->loaded = false;
    }
    if (w->idx >= w->n)
        return WW_ATA_XFER_SHORT;
    uint8_t e[16];
    if (!dma_rd(w->h, w->prdt + 16ull * w->idx, e, sizeof e))
        return WW_ATA_XFER_BUS_ERROR;
    w->dba = ((uint64_t)le32(e + 4) << 32 | le32(e)) & ~1ull;   /* DBA bit 0 reserved: word aligned */
    w->dbc = (le32(e + 12) & 0x3fffff) + 1;                     /* DBC 21:0 = bytes - 1 */
    w->loaded = true;
    return WW_ATA_XFER_OK;
}

static ww_ata_xfer_status prd_move(prd_walk *w, uint8_t *buf, size_t len, bool to_host)
{
    while (len) {
        ww_ata_xfer_status s = prd_next(w);
        if (s != WW_ATA_XFER_OK)
            return s;
        size_t n = MIN(len, (size_t)(w->dbc - w->off));
        bool ok = to_host ? dma_wr(w->h, w->dba + w->off, buf, n)
                          : dma_rd(w->h, w->dba + w->off, buf, n);
        if (!ok)
            return WW_ATA_XFER_BUS_ERROR;
        w->off += (uint32_t)n;
        buf += n;
        len -= n;
    }
    return WW_ATA_XFER_OK;
}

static ww_ata_xfer_status xfer_to_host(void *o, const uint8_t *buf, size_t len)
{
    return prd_move(o, (uint8_t *)buf, len, true);
}

static ww_ata_xfer_status xfer_from_host(void *o, uint8_t *buf, size_t len)
{
    return prd_move(o, buf, len, false);
}

/* ---- commands (§5.3.2 command fetch … §5.3.10) ---------------------------------------------- */
static void schedule(ahci_t *h, unsigned i, ww_time delay)
{
    ahci_port *p = &h->p[i];
    ww_timer_mod(&p->timer, ww_sched_now(h->chip.sched) + delay);
}

static void kick(ahci_t *h, unsigned i)
{
    ahci_port *p = &h->p[i];
    if ((p->cmd & CMD_ST) && !p->stopped && !p->busy && p->ci && !ww_timer_armed(&p->timer))
        schedule(h, i, FETCH_NS);
}

/* A host bus fatal error (§6.2.2.2): the port stops where it is. */
static void bus_error(ahci_t *h, unsigned i, unsigned slot)
{
    ahci_port *p = &h->p[i];
    ww_chip_guest_error(&h->chip, "port %u slot %u: a command structure is not RAM", i, slot);
    p->stopped = 1;
    p->cmd = (p->cmd & ~(uint32_t)CMD_CCS) | (uint32_t)slot << 8;
    port_event(h, p, IS_HBFS);
}

static void exec_slot(ahci_t *h, unsigned i, unsigned slot)
{
    ahci_port *p = &h->p[i];
    uint8_t hdr[16];
    p->cmd = (p->cmd & ~(uint32_t)CMD_CCS) | (uint32_t)slot << 8;
    if (!dma_rd(h, clb_base(p) + 32ull * slot, hdr, sizeof hdr)) {
        bus_error(h, i, slot);
        return;
    }
    uint32_t dw0 = le32(hdr);
    uint64_t ctba = ((uint64_t)le32(hdr + 12) << 32 | le32(hdr + 8)) & ~0x7full;
    uint8_t ct[0x50];
    if (!dma_rd(h, ctba, ct, sizeof ct)) {
        bus_error(h, i, slot);
        return;
    }
    prd_walk w = { h, ctba + 0x80, dw0 >> 16, 0, 0, 0, 0, false };
    ww_ata_xfer x = { xfer_to_host, xfer_from_host, &w };
    ww_ata_tf tf = {
        .command = ct[2], .features = (uint16_t)(ct[3] | ct[11] << 8), .device = ct[7],
        .lba = (uint64_t)ct[4] | (uint64_t)ct[5] << 8 | (uint64_t)ct[6] << 16 |
               (uint64_t)ct[8] << 24 | (uint64_t)ct[9] << 32 | (uint64_t)ct[10] << 40,
        .count = (uint16_t)(ct[12] | ct[13] << 8), .control = ct[15] };
    ww_ata_result r = { 0 };
    p->slot = (uint8_t)slot;
    p->ncq = 0;
    p->busy = 1;
    p->tfd |= ATA_ST_BSY;
    ww_time cost = CMD_NS;
    if (ct[0] != FIS_H2D || (dw0 & CH_CFL) < 5) {
        ww_chip_guest_error(&h->chip, "port %u slot %u: command FIS type %02x, %u dwords; "
                            "expected a Register H2D FIS (27h) of 5", i, slot, ct[0], dw0 & CH_CFL);
        r.tf.command = ATA_ST_DRDY | ATA_ST_ERR;
        r.tf.error = ATA_ER_ABRT;
        p->done = DONE_D2H;
    } else if (!(ct[1] & 0x80)) {
        /* A device control FIS (C = 0): SRST set, then cleared, resets the device
         * (the software reset of §10.4.1); the second one answers with the signature. */
        if (tf.control & 0x04) {
            p->ci &= ~(1u << slot);
            p->busy = 0;
            p->tfd = (p->tfd & ~0xffu) | ATA_ST_BSY;
            return;
        }
        p->done = DONE_SIG;
        r.tf.command = 0;
    } else if (!h->disk[i]) {
        r.tf.command = ATA_ST_DRDY | ATA_ST_ERR;
        r.tf.error = ATA_ER_ABRT;
        p->done = DONE_D2H;
    } else {
        bool ncq = ww_ata_is_ncq(tf.command);
        if (ncq) {
            p->ncq = 1;
            p->ci &= ~(1u << slot);      /* the device accepted it: its D2H clears BSY */
            p->tfd &= ~(uint32_t)ATA_ST_BSY;
        }
        ww_ata_exec(&p->drive, h->disk[i], &tf, ct + 0x40, &x, &r);
        if (r.xfer == WW_ATA_XFER_BUS_ERROR) {
            p->done = DONE_HBF;
        } else {
            if (r.xfer == WW_ATA_XFER_SHORT && r.tf.command & ATA_ST_ERR)
                p->is |= IS_OFS;         /* the PRDT ended before the data (noted, §3.3.5) */
            p->done = ncq ? DONE_SDB : r.proto == WW_ATA_PIO_IN ? DONE_PIO_IN : DONE_D2H;
        }
        uint8_t bc[4];
        put32(bc, (uint32_t)r.bytes);    /* PRDBC: bytes transferred */
        if (p->done != DONE_HBF && !dma_wr(h, clb_base(p) + 32ull * slot + 4, bc, 4))
            p->done = DONE_HBF;
        cost += r.bytes * 10 / 3;
    }
    p->ok = !(r.tf.command & ATA_ST_ERR);
    p->status = r.tf.command;
    p->error = r.tf.error;
    p->device = r.tf.device;
    p->lba = r.tf.lba;
    p->count = r.tf.count;
    schedule(h, i, cost);
}

static void complete(ahci_t *h, unsigned i)
{
    ahci_port *p = &h->p[i];
    unsigned slot = p->slot;
    uint32_t bit = 1u << slot;
    p->busy = 0;
    uint8_t f[20] = { 0 };
    uint32_t events = 0;
    switch (p->done) {
    case DONE_HBF:
        bus_error(h, i, slot);
        return;
    case DONE_SDB: {
        /* Set Device Bits FIS (SATA 2.6 §10.3.7): I = 1, status, error, SActive */
        uint8_t s[8] = { FIS_SDB, 0x40, (uint8_t)(p->status & 0x77), p->error };
        if (p->ok)
            put32(s + 4, bit);
        if (!post_fis(h, p, RX_SDBFIS, s, sizeof s)) {
            bus_error(h, i, slot);
            return;
        }
        p->tfd = (uint32_t)p->error << 8 | p->status;
        events = IS_SDBS;
        if (p->ok) {
            p->sact &= ~bit;
        } else {
            ww_ata_tf out = { .command = p->status, .error = p->error, .device = p->device,
                              .lba = p->lba, .count = p->count };
            ww_ata_ncq_error(&p->drive, slot, &out);
            p->stopped = 1;
            events |= IS_TFES;
        }
        break;
    }
    case DONE_SIG: {
        ww_ata_tf sig;
        ww_ata_reset(&p->drive, h->disk[i], &sig);
        if (h->disk[i]) {
            p->sig = ww_ata_signature(h->disk[i]);
            p->status = sig.command;
            p->error = sig.error;
            p->lba = sig.lba;
            p->count = sig.count;
        } else {
            p->status = 0x7f;
            p->error = 0;
        }
        p->ok = 1;
        __attribute__((fallthrough));   /* the signature travels in a D2H FIS */
    }
    case DONE_PIO_IN:
    case DONE_D2H:
    default:
        if (p->done == DONE_PIO_IN && p->ok) {
            /* PIO Setup FIS (§10.3.11): D = 1 (to host), I = 1, E_Status = final status */
            uint8_t ps[20] = { FIS_PIO_SETUP, 0x60 };
            fill_regs(ps, p->status, p->error, p->device, p->lba, p->count);
            ps[15] = p->status;
            ps[16] = 0x00;
            ps[17] = 0x02;   /* transfer count 512 (IDENTIFY and its kin) */
            if (!post_fis(h, p, RX_PSFIS, ps, sizeof ps)) {
                bus_error(h, i, slot);
                return;
            }
            events |= IS_PSS;
        }
        f[0] = FIS_D2H;
        f[1] = 0x40;     /* I */
        fill_regs(f, p->status, p->error, p->device, p->lba, p->count);
        if (!post_fis(h, p, RX_RFIS, f, sizeof f)) {
            bus_error(h, i, slot);
            return;
        }
        p->tfd = (uint32_t)p->error << 8 | p->status;
        events |= IS_DHRS;
        if (p->ok) {
            p->ci &= ~bit;
        } else {
            p->stopped = 1;    /* §6.2.2.1: PxCI keeps the failed command; ST 1→0 clears it */
            events |= IS_TFES;
        }
        break;
    }
    port_event(h, p, events);
}

static void port_fire(ww_chip *c, unsigned i)
{
    ahci_t *h = (ahci_t *)c;
    ahci_port *p = &h->p[i];
    if (p->busy)
        complete(h, i);
    if (!(p->cmd & CMD_ST) || p->stopped || p->busy)
        return;
    uint32_t pend = p->ci;
    if (!pend)
        return;
    /* round robin from the slot after the last one */
    unsigned start = ((p->cmd & CMD_CCS) >> 8) + 1;
    for (unsigned k = 0; k < NSLOTS; k++) {
        unsigned s = (start + k) % NSLOTS;
        if (pend & (1u << s)) {
            exec_slot(h, i, s);
            return;
        }
    }
}

/* ---- register access ----------------------------------------------------------------------- */
static uint32_t port_read(ahci_t *h, unsigned i, unsigned r)
{
    ahci_port *p = &h->p[i];
    switch (r) {
    case PxCLB:  return p->clb;
    case PxCLBU: return p->clbu;
    case PxFB:   return p->fb;
    case PxFBU:  return p->fbu;
    case PxIS:   return p->is;
    case PxIE:   return p->ie;
    case PxCMD:  return p->cmd;
    case PxTFD:  return p->tfd;
    case PxSIG:  return p->sig;
    case PxSSTS: return p->ssts;
    case PxSCTL: return p->sctl;
    case PxSERR: return p->serr;
    case PxSACT: return p->sact;
    case PxCI:   return p->ci;
    case PxSNTF: return p->sntf;
    default:     return 0;       /* PxFBS, PxDEVSLP, reserved and vendor: 0 */
    }
}

static void write_cmd(ahci_t *h, unsigned i, uint32_t v)
{
    ahci_port *p = &h->p[i];
    uint32_t old = p->cmd;
    p->cmd = (old & ~CMD_STORED) | (v & CMD_STORED) | CMD_SUD | CMD_POD;
    if ((v & CMD_FRE) && !(old & CMD_FRE)) {
        p->cmd |= CMD_FR;
        if (p->sig_pending && h->disk[i]) {
            uint8_t f[20] = { FIS_D2H };
            fill_regs(f, (uint8_t)p->tfd, (uint8_t)(p->tfd >> 8), 0,
                      ww_ata_is_atapi(h->disk[i]) ? 0xeb1401 : 1, 1);
            if (post_fis(h, p, RX_RFIS, f, sizeof f))
                p->sig_pending = 0;
        }
    } else if (!(v & CMD_FRE)) {
        p->cmd &= ~(uint32_t)CMD_FR;
    }
    if ((v & CMD_ST) && !(old & CMD_ST)) {
        p->cmd |= CMD_CR;
        p->stopped = 0;
        kick(h, i);
    } else if (!(v & CMD_ST) && (old & CMD_ST)) {
        /* §3.3.7 ST: clearing it stops the list; PxCI and PxSACT are cleared */
        port_stop_commands(p);
        p->cmd &= ~(uint32_t)CMD_CR;
        p->stopped = 0;
    }
    if (v & CMD_CLO)   /* command list override: BSY and DRQ read clear */
        p->tfd &= ~(uint32_t)(ATA_ST_BSY | ATA_ST_DRQ);
}

static void port_write(ahci_t *h, unsigned i, unsigned r, uint32_t v)
{
    ahci_port *p = &h->p[i];
    switch (r) {
    case PxCLB:  p->clb = v & 0xfffffc00u; break;
    case PxCLBU: p->clbu = v; break;
    case PxFB:   p->fb = v & 0xffffff00u; break;
    case PxFBU:  p->fbu = v; break;
    case PxIS:
        p->is &= ~v;
        update_irq(h, false);
        break;
    case PxIE: {
        bool before = p->is & p->ie;
        p->ie = v & IS_VALID;
        update_irq(h, !before && (p->is & p->ie));
        break;
    }
    case PxCMD:
        write_cmd(h, i, v);
        break;
    case PxSCTL: {
        uint32_t old = p->sctl;
        p->sctl = v & 0xfff;
        if ((v & SCTL_DET) == 1) {          /* COMRESET asserted: the link is down */
            port_stop_commands(p);
            p->ssts = 0;
            p->tfd = 0x80;
            p->sig = 0xffffffff;
        } else if ((old & SCTL_DET) == 1 && (v & SCTL_DET) == 0) {
            p->stopped = 0;
            link_up(h, i);
        }
        break;
    }
    case PxSERR: p->serr &= ~v; break;
    case PxSACT:
        if (p->cmd & CMD_ST)
            p->sact |= v;
        break;
    case PxCI:
        if (p->cmd & CMD_ST) {
            p->ci |= v;
            kick(h, i);
        }
        break;
    case PxSNTF: p->sntf &= ~v; break;
    default:
        ww_chip_unimp(&h->chip, "write", R_ABAR, PORT_BASE + PORT_STEP * i + r);
        break;
    }
}

static uint32_t abar_read(ahci_t *h, uint64_t off)
{
    if (off >= PORT_BASE) {
        unsigned i = (unsigned)((off - PORT_BASE) / PORT_STEP);
        return i < NPORTS ? port_read(h, i, (unsigned)((off - PORT_BASE) % PORT_STEP)) : 0;
    }
    switch (off) {
    case CAP: return CAP_VALUE;
    case GHC: return h->ghc | GHC_AE;
    case IS:  return h->is;
    case PI:  return (1u << NPORTS) - 1;
    case VS:  return VS_VALUE;
    default:  return 0;
    }
}

static void abar_write(ahci_t *h, uint64_t off, uint32_t v)
{
    if (off >= PORT_BASE) {
        unsigned i = (unsigned)((off - PORT_BASE) / PORT_STEP);
        if (i < NPORTS)
            port_write(h, i, (unsigned)((off - PORT_BASE) % PORT_STEP), v);
        else
            ww_chip_unimp(&h->chip, "write", R_ABAR, off);
        return;
    }
    switch (off) {
    case GHC:
        if (v & GHC_HR) {
            hba_reset(h);                   /* §10.4.3: done at once, HR reads 0 */
            return;
        }
        h->ghc = v & GHC_IE;
        update_irq(h, true);
        break;
    case IS:
        /* write 1 to clear; a port whose status is still pending sets it again */
        update_irq(h, false);
        break;
    case CAP: case PI: case VS: case CAP2:
        break;                              /* HwInit: Linux writes CAP/PI back after HR */
    default:
        ww_chip_unimp(&h->chip, "write", R_ABAR, off);
        break;
    }
}

static uint64_t ahci_read(ww_chip *c, unsigned region, uint64_t off, unsigned size,
                          ww_access how)
{
    ahci_t *h = (ahci_t *)c;
    switch (region) {
    case R_CONFIG:
        if (off == CFG_PCS)
            return h->pcs;
        return 0;
    case R_IDP:
        if (off == 0)
            return h->idp_index;
        if (off == 4)
            return abar_read(h, h->idp_index & 0xffc);
        return 0xffffffff;
    default:
        return abar_read(h, off & ~3ull);
    }
}

static void ahci_write(ww_chip *c, unsigned region, uint64_t off, uint64_t val, unsigned size)
{
    ahci_t *h = (ahci_t *)c;
    switch (region) {
    case R_CONFIG:
        if (off == CFG_PCS)
            h->pcs = (uint16_t)(val & 0x3f);
        return;
    case R_IDP:
        if (off == 0)
            h->idp_index = (uint32_t)val & 0xffc;
        else if (off == 4)
            abar_write(h, h->idp_index & 0xffc, (uint32_t)val);
        return;
    default:
        abar_write(h, off & ~3ull, (uint32_t)val);
        return;
    }
}

static void ahci_reset(ww_chip *c, ww_reset_kind kind)
{
    ahci_t *h = (ahci_t *)c;
    for (unsigned i = 0; i < NPORTS; i++)
        link_up(h, i);
    update_irq(h, false);
}

static void disk_bound(ww_chip *c, unsigned index)
{
    ahci_t *h = (ahci_t *)c;
    if (index < NPORTS)
        port_reset(h, index);
}

static bool ahci_post_load(ww_chip *c, GError **err)
{
    ahci_t *h = (ahci_t *)c;
    bool is = h->is && (h->ghc & GHC_IE);
    if (!ww_pci_msi_enabled(c))
        ww_pci_set_irq(c, is);
    return true;
}

static const ww_region_desc ahci_regions[] = {
    [R_CONFIG] = { "config", 256, 1, 4, WW_LITTLE_ENDIAN, WW_REGION_PCI_CONFIG,
                   "configuration space (00:1F.2)" },
    [R_ABAR]   = { "abar", 0x1000, 4, 4, WW_LITTLE_ENDIAN, 0, "AHCI registers (BAR5)" },
    [R_IDP]    = { "idp", 0x20, 4, 4, WW_LITTLE_ENDIAN, 0, "index/data pair (BAR4)" },
    [R__COUNT] = { 0 }
};

static const ww_pci_desc ahci_pci = {
    .offset = offsetof(ahci_t, pci),
    .vendor = 0x8086, .device = 0x2922, .revision = 0x02, .class_code = 0x010601,
    .subsys_vendor = 0x1af4, .subsys = 0x1100,
    .int_pin = 1,
    .bars = {
        [4] = { WW_BAR_IO, 0x20, R_IDP, false, "index/data pair" },
        [5] = { WW_BAR_MEM32, 0x1000, R_ABAR, false, "ABAR: the AHCI registers" },
    },
    .msi_offset = 0x80, .msi_vectors = 1,
};

static const ww_port_desc ahci_ports[] = {
    [PORT_INTX] = { "intx", WW_PORT_OUT, 1, 0, offsetof(ahci_t, pci.intx), "INTA#" },
    [PORT__COUNT] = { 0 }
};

static const ww_bus_desc ahci_buses[] = {
    [BUS_DMA] = { "dma", "bus master: command lists, FIS areas, PRDs, MSI (bound by <pci>)", 32,
                  WW_LITTLE_ENDIAN, WW_UNMAPPED_BUS_ERROR, 0 },
    [BUS__COUNT] = { 0 }
};

static const ww_backend_desc ahci_backends[] = {
    [BACKEND_DISK] = { "disk", WW_BACKEND_DISK, offsetof(ahci_t, disk), NPORTS,
                       "the device on port n: a disk image, or an ISO (an ATAPI DVD-ROM)",
                       disk_bound },
    [BACKEND__COUNT] = { 0 }
};

static const ww_chip_class ahci_class = {
    .type = "ich9-ahci",
    .summary = "Intel ICH9 AHCI SATA controller (PCI 8086:2922): 6 ports, NCQ, ATAPI, MSI",
    .doc = "AHCI 1.3 HBA with the ATA/ATAPI devices of chips/storage/ata.c: disks (raw, qcow2) "
           "and CD/DVD-ROM drives (ISO images) on disk@0-5.",
    .size = sizeof(ahci_t),
    .version = 1,
    .regions = ahci_regions,
    .regs = ahci_regs,
    .state = ahci_state,
    .ports = ahci_ports,
    .buses = ahci_buses,
    .backends = ahci_backends,
    .pci = &ahci_pci,
    .reset = ahci_reset,
    .read = ahci_read,
    .write = ahci_write,
    .post_load = ahci_post_load,
};
WW_CHIP_REGISTER(ahci_class)
