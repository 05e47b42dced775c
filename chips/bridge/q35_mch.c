/* chips/bridge/q35_mch.c — Intel Q35-family GMCH host bridge and DRAM
 * controller, PCI 00:00.0, as QEMU's "-M q35" presents it (8086:29C0).
 *
 * Source: Intel 3 Series Chipset Family Datasheet (316966), chapter 4
 * "System Address Map" (legacy area 0A0000h-0FFFFFh: VGA or SMRAM, the PAM
 * segments; main memory to TOLUD; TSEG; memory above 4 GiB to TOUUD; the PCI
 * Express enhanced configuration window) and chapter 5, the D0:F0 register
 * descriptions: PCIEXBAR (60h), PAM0-PAM6 (90h-96h), SMRAM (9Dh), ESMRAMC
 * (9Eh), TOM (A0h), TOUUD (A2h), TSEGMB (ACh), TOLUD (B0h). Which registers
 * SeaBIOS and Linux use, the RAM split and the SMRAM visibility rules were
 * checked against QEMU (hw/pci-host/q35.c, hw/i386/pc_q35.c) and SeaBIOS 1.16
 * (src/fw/shadow.c make_bios_writable_intel, src/fw/pciinit.c
 * mch_mem_addr_setup, src/fw/smm.c).
 *
 *   config (D0:F0) ── PCIEXBAR ─→ window "ID.ecam" in mem: ECAM offset → cfg bus
 *                  ── PAMn, SMRAM, ESMRAMC ─→ windows onto the DRAM in mem
 *   window "dram"  ← <map space="cpu.mem" at="0" to="ram" window="mch.dram"/>:
 *                    the machine's RAM; the MCH hides that mapping and decodes
 *                    the RAM itself (below: "RAM decode")
 *   bus "cfg"      → alias the <pcibus> configuration space ("pci.cfg")
 *   bus "mem"      → alias the CPU's memory space ("cpu.mem")
 *
 * RAM decode (pc_q35.c): of R bytes of RAM, min(R, R >= 0xB0000000 ?
 * 0x80000000 : 0xB0000000) sit below 4 GiB (TOLUD), the rest from 4 GiB on
 * (TOUUD). Below TOLUD the MCH shows DRAM at 0-9FFFFh and 100000h-TOLUD (less
 * TSEG); 0A0000h-0FFFFFh follows SMRAM and the PAM registers, and where they
 * say "not DRAM" the access goes to what the machine maps below: VGA at
 * 0A0000h, the BIOS ROM alias at 0E0000h, or nothing (PCI).
 *
 * Window priorities: DRAM and ECAM 1 (above BARs, 0), the legacy area (PAM,
 * SMRAM) 2. The RAM mapping the MCH takes over spans [0, RAM size) while the
 * machine is built, so fixed maps inside it (the BIOS alias at 0E0000h, VGA
 * memory at 0A0000h) need priority 1: below shadow RAM and open SMRAM.
 *
 * Deliberately not modelled, and why:
 *  - PAM write-only mode (reads from ROM, writes to DRAM) needs a mapping
 *    whose reads and writes go to different places; SeaBIOS never uses it (it
 *    runs the copy from the high BIOS alias and goes straight from "off" to
 *    read/write), so it is approximated as read/write and logged (unimp).
 *  - SMM: the CPU has none, so only the non-SMM view exists: the A segment is
 *    DRAM when D_OPEN is set and H_SMRAME clear (QEMU's rule), high SMRAM
 *    (0FEDA0000h) shows it when D_OPEN and H_SMRAME are set, TSEG (G_SMRAME and
 *    T_EN) is cut from the top of low DRAM. D_CLS is stored only. SeaBIOS does
 *    not program SMRAM at all when the LPC reports SMM as done (see
 *    chips/bridge/ich9_lpc.c).
 *  - TOM, TOUUD, TSEGMB and TOLUD are written by a real BIOS; here the decode
 *    is fixed by the RAM size (as in QEMU, which leaves them reading 0), so
 *    they are read-only and report the decode the MCH does.
 *  - EPBAR/MCHBAR/DMIBAR, GGC/DEVEN (no integrated graphics), error
 *    registers, the TSEG extension and SMBASE registers of newer QEMU.
 * Test: tests/chips/bridge/q35_mch.c
 */
#include "core/chip.h"
#include "core/pci.h"

#define LEGACY_BASE   0xA0000u     /* the A segment: VGA or compatible SMRAM */
#define LEGACY_END    0x100000u
#define ASEG_SIZE     0x20000u
#define HIGH_SMRAM    0xFEDA0000u  /* H_SMRAME: the A segment seen up here */
#define GIB4          0x100000000ull
#define ECAM_MAX      0x10000000u  /* 256 MiB: 256 buses */
#define NSEG          13           /* F0000h (64 KiB) + C0000h-EFFFFh in 16 KiB */

enum { PRIO_DRAM = 1, PRIO_ECAM = 1, PRIO_LEGACY = 2 };

typedef struct {
    ww_chip chip;
    ww_pci_function pci;
    /* configuration registers with storage (the table below) */
    uint64_t pciexbar;
    uint8_t pam[7];
    uint8_t smram, esmramc;
    /* host objects: the RAM and the windows the MCH moves (not state: they
     * follow the registers and the RAM size) */
    ww_window *dram;                /* bound from XML */
    uint8_t *ram;
    uint64_t ram_size, below_4g, above_4g;
    ww_window *low, *mid, *high;    /* DRAM 0-9FFFFh, 1 MiB-TOLUD, 4 GiB-TOUUD */
    ww_window *seg[NSEG];           /* PAM segments */
    ww_window *aseg, *aseg_high;    /* open SMRAM at 0A0000h, at 0FEDA0000h */
    ww_window *ecam;
} q35_mch_t;

enum { R_CONFIG, R_ECAM, R__COUNT };
enum { BUS_CFG, BUS_MEM, BUS__COUNT };
enum { WIN_DRAM, WIN__COUNT };

/* D0:F0 configuration offsets (chapter 5). */
enum { PCIEXBAR = 0x60, PAM0 = 0x90, SMRAM = 0x9d, ESMRAMC = 0x9e, TOM = 0xa0, TOUUD = 0xa2,
       TSEGMB = 0xac, TOLUD = 0xb0 };

/* PCIEXBAR: base bits 35:26 (27 and 26 are address-mask bits, reading 0,
 * when the length makes them so), LENGTH 00 256 MiB, 01 128 MiB, 10 64 MiB,
 * 11 reserved; the 64-bit constants are macros because enums are int. */
#define PCIEXBAR_EN       0x0000000001ull
#define PCIEXBAR_LENGTH   0x0000000006ull
#define PCIEXBAR_ADDR     0x0FFC000000ull
#define PCIEXBAR_WMASK    (PCIEXBAR_ADDR | PCIEXBAR_LENGTH | PCIEXBAR_EN)
#define PCIEXBAR_RESET    0x00E0000000ull   /* datasheet default; QEMU resets to 0B0000000h */
/* PAMn: 00 DRAM disabled (to DMI/PCI), 01 read only, 10 write only, 11 read/write. */
enum { PAM_LOENABLE = 0x03, PAM_HIENABLE = 0x30 };
enum { PAM_OFF = 0, PAM_RO = 1, PAM_WO = 2, PAM_RW = 3 };
enum { SMRAM_C_BASE_SEG = 0x07, SMRAM_G_SMRAME = 0x08, SMRAM_D_LCK = 0x10, SMRAM_D_CLS = 0x20,
       SMRAM_D_OPEN = 0x40 };
enum { C_BASE_SEG_ASEG = 0x02 };   /* hardwired 010b: compatible SMRAM at 0A0000h */
enum { ESMRAMC_T_EN = 0x01, ESMRAMC_TSEG_SZ = 0x06, ESMRAMC_SM_L2 = 0x08, ESMRAMC_SM_L1 = 0x10,
       ESMRAMC_SM_CACHE = 0x20, ESMRAMC_E_SMERR = 0x40, ESMRAMC_H_SMRAME = 0x80 };
enum { ESMRAMC_RO_ONES = ESMRAMC_SM_CACHE | ESMRAMC_SM_L1 | ESMRAMC_SM_L2 };
enum { TOM_TOM = 0x03ff, TOUUD_TOUUD = 0xffff, TOLUD_TOLUD = 0xfff0 };
#define TSEGMB_TSEGMB 0xfff00000u

#define AT(m) WW_AT(q35_mch_t, m)

static const ww_field_desc pciexbar_fields[] = {
    WW_FIELD(PCIEXBAR_, EN, "enhanced configuration window decode"),
    WW_FIELD(PCIEXBAR_, LENGTH, "0 256 MiB (buses 0-255), 1 128 MiB, 2 64 MiB, 3 reserved"),
    WW_FIELD(PCIEXBAR_, ADDR, "base address bits 35:26, aligned to the length"),
    { 0 }
};
static const ww_field_desc pam_fields[] = {
    WW_FIELD(PAM_, LOENABLE, "lower segment (PAM0: reserved): 0 off, 1 RO, 2 WO, 3 RW"),
    WW_FIELD(PAM_, HIENABLE, "upper segment (PAM0: 0F0000h-0FFFFFh)"),
    { 0 }
};
static const ww_field_desc smram_fields[] = {
    WW_FIELD(SMRAM_, C_BASE_SEG, "010b: compatible SMRAM is the A segment (read only)"),
    WW_FIELD(SMRAM_, G_SMRAME, "SMRAM enable (compatible and TSEG)"),
    WW_FIELD(SMRAM_, D_LCK, "lock: D_OPEN clears, G_SMRAME and ESMRAMC freeze until reset"),
    WW_FIELD(SMRAM_, D_CLS, "SMRAM closed to data accesses in SMM (stored only)"),
    WW_FIELD(SMRAM_, D_OPEN, "SMRAM visible outside SMM"),
    { 0 }
};
static const ww_field_desc esmramc_fields[] = {
    WW_FIELD(ESMRAMC_, T_EN, "TSEG enable"),
    WW_FIELD(ESMRAMC_, TSEG_SZ, "0 1 MiB, 1 2 MiB, 2 8 MiB, 3 reserved"),
    WW_FIELD(ESMRAMC_, SM_L2, "read only 1"), WW_FIELD(ESMRAMC_, SM_L1, "read only 1"),
    WW_FIELD(ESMRAMC_, SM_CACHE, "read only 1"),
    WW_FIELD(ESMRAMC_, E_SMERR, "invalid SMRAM access (write 1 to clear; never set here)"),
    WW_FIELD(ESMRAMC_, H_SMRAME, "SMRAM at 0FEDA0000h instead of the A segment"),
    { 0 }
};
static const ww_field_desc tom_fields[] = {
    WW_FIELD(TOM_, TOM, "installed DRAM, address bits 35:26 (64 MiB units)"), { 0 }
};
static const ww_field_desc touud_fields[] = {
    WW_FIELD(TOUUD_, TOUUD, "top of upper usable DRAM, address bits 35:20"), { 0 }
};
static const ww_field_desc tsegmb_fields[] = {
    WW_FIELD(TSEGMB_, TSEGMB, "TSEG base, address bits 31:20 (TOLUD without TSEG)"), { 0 }
};
static const ww_field_desc tolud_fields[] = {
    WW_FIELD(TOLUD_, TOLUD, "top of low usable DRAM, address bits 31:20"), { 0 }
};

static const char *const pam_names[] = { "PAM0", "PAM1", "PAM2", "PAM3", "PAM4", "PAM5", "PAM6" };

enum { REG_PCIEXBAR, REG_PAM, REG_SMRAM, REG_ESMRAMC, REG_TOM, REG_TOUUD, REG_TSEGMB, REG_TOLUD,
       REG__COUNT };

static const ww_reg_desc mch_regs[] = {
    /* name                          region    off       w  flags */
    [REG_PCIEXBAR] = { "PCIEXBAR",   R_CONFIG, PCIEXBAR, 8, WW_REG_SIDE, .reset = PCIEXBAR_RESET,
                       .mask = PCIEXBAR_WMASK, .at = AT(pciexbar), .fields = pciexbar_fields,
                       .doc = "PCI Express enhanced configuration (ECAM) window" },
    [REG_PAM]      = { "PAM",        R_CONFIG, PAM0,     1, WW_REG_SIDE, .mask = 0x33,
                       .at = AT(pam[0]), .count = 7, .names = pam_names, .fields = pam_fields,
                       .doc = "programmable attribute map: PAM0 0F0000h; PAMn (n=1-6) "
                              "0C0000h + (n-1)·32 KiB, low and high 16 KiB" },
    [REG_SMRAM]    = { "SMRAM",      R_CONFIG, SMRAM,    1, WW_REG_SIDE,
                       .reset = C_BASE_SEG_ASEG, .at = AT(smram), .fields = smram_fields,
                       .doc = "system management RAM control" },
    [REG_ESMRAMC]  = { "ESMRAMC",    R_CONFIG, ESMRAMC,  1, WW_REG_SIDE,
                       .reset = ESMRAMC_RO_ONES, .at = AT(esmramc), .fields = esmramc_fields,
                       .doc = "extended SMRAM control (TSEG, high SMRAM)" },
    [REG_TOM]      = { "TOM",        R_CONFIG, TOM,      2, WW_REG_RO, .fields = tom_fields,
                       .doc = "top of memory (computed from the RAM)" },
    [REG_TOUUD]    = { "TOUUD",      R_CONFIG, TOUUD,    2, WW_REG_RO, .fields = touud_fields,
                       .doc = "top of upper usable DRAM (computed)" },
    [REG_TSEGMB]   = { "TSEGMB",     R_CONFIG, TSEGMB,   4, WW_REG_RO, .fields = tsegmb_fields,
                       .doc = "TSEG memory base (computed)" },
    [REG_TOLUD]    = { "TOLUD",      R_CONFIG, TOLUD,    2, WW_REG_RO, .fields = tolud_fields,
                       .doc = "top of low usable DRAM (computed)" },
    [REG__COUNT]   = { 0 }
};

/* ---- decode rules ------------------------------------------------------------ */

/* What update() recomputes after a register write. */
enum { UPD_DRAM = 1, UPD_PAM = 2, UPD_SMRAM = 4, UPD_ECAM = 8, UPD_ALL = 15 };

static uint64_t ecam_length(uint64_t bar)
{
    switch ((bar & PCIEXBAR_LENGTH) >> 1) {
    case 0: return 256u << 20;
    case 1: return 128u << 20;
    case 2: return 64u << 20;
    default: return 0;   /* reserved */
    }
}

static uint64_t tseg_size(const q35_mch_t *m)
{
    if (!(m->smram & SMRAM_G_SMRAME) || !(m->esmramc & ESMRAMC_T_EN))
        return 0;
    switch ((m->esmramc & ESMRAMC_TSEG_SZ) >> 1) {
    case 0: return 1u << 20;
    case 1: return 2u << 20;
    case 2: return 8u << 20;
    default: return 0;   /* reserved: no TSEG (logged when written) */
    }
}

/* Low DRAM ends at TOLUD minus TSEG (never below 1 MiB). */
static uint64_t low_dram_end(const q35_mch_t *m)
{
    uint64_t t = tseg_size(m);
    return m->below_4g > LEGACY_END + t ? m->below_4g - t : LEGACY_END;
}

/* PAM segment s: 0 is 0F0000h-0FFFFFh (PAM0 high), 1-12 are the 16 KiB pieces
 * of 0C0000h-0EFFFFh (PAM1 low, PAM1 high, PAM2 low …). */
static uint32_t seg_base(unsigned s) { return s ? 0xC0000u + (s - 1) * 0x4000u : 0xF0000u; }
static uint32_t seg_size(unsigned s) { return s ? 0x4000u : 0x10000u; }
static unsigned seg_mode(const q35_mch_t *m, unsigned s)
{
    uint8_t v = m->pam[(s + 1) / 2];
    return (s & 1) ? v & PAM_LOENABLE : (v & PAM_HIENABLE) >> 4;
}

static uint64_t reg_value(const q35_mch_t *m, unsigned reg, unsigned e)
{
    switch (reg) {
    case REG_PCIEXBAR: return m->pciexbar;
    case REG_PAM:      return m->pam[e];
    case REG_SMRAM:    return m->smram;
    case REG_ESMRAMC:  return m->esmramc;
    case REG_TOM:      return (m->ram_size + (64u << 20) - 1) >> 26 & TOM_TOM;
    case REG_TOUUD:    return (m->above_4g ? GIB4 + m->above_4g : m->below_4g) >> 20 & TOUUD_TOUUD;
    case REG_TSEGMB:   return (m->ram ? low_dram_end(m) : 0) & TSEGMB_TSEGMB;
    case REG_TOLUD:    return (m->below_4g >> 20) << 4 & TOLUD_TOLUD;
    default:           return 0;
    }
}

/* ---- windows -------------------------------------------------------------------- */

static void place_or_hide(ww_window *w, bool on, uint64_t base, uint64_t size)
{
    if (!w)
        return;
    if (on)
        ww_window_place(w, base, size);
    else
        ww_window_hide(w);
}

static void update_dram(q35_mch_t *m)
{
    uint64_t end = low_dram_end(m);
    place_or_hide(m->low, true, 0, LEGACY_BASE);
    place_or_hide(m->mid, end > LEGACY_END, LEGACY_END, end - LEGACY_END);
    place_or_hide(m->high, m->above_4g != 0, GIB4, m->above_4g);
}

static void update_pam(q35_mch_t *m)
{
    for (unsigned s = 0; s < NSEG; s++) {
        if (!m->seg[s])
            continue;
        unsigned mode = seg_mode(m, s);
        /* Write-only is approximated as read/write (see the top of the file). */
        ww_window_set_readonly(m->seg[s], mode == PAM_RO);
        place_or_hide(m->seg[s], mode != PAM_OFF, seg_base(s), seg_size(s));
    }
}

static void update_smram(q35_mch_t *m)
{
    bool open = m->smram & SMRAM_D_OPEN, high = m->esmramc & ESMRAMC_H_SMRAME;
    place_or_hide(m->aseg, open && !high, LEGACY_BASE, ASEG_SIZE);
    place_or_hide(m->aseg_high, open && high, HIGH_SMRAM, ASEG_SIZE);
}

static void update_ecam(q35_mch_t *m)
{
    if (!m->ecam)
        return;
    uint64_t len = ecam_length(m->pciexbar);
    if (!(m->pciexbar & PCIEXBAR_EN) || !len) {
        ww_window_hide(m->ecam);
        return;
    }
    uint64_t base = m->pciexbar & PCIEXBAR_ADDR & ~(len - 1);
    /* The guest may aim the window anywhere: over the machine's fixed devices
     * it stays unmapped; beyond the space ww_window_place refuses it. */
    const ww_mapping *hit = ww_space_fixed_overlap(m->ecam->space, base, len);
    if (hit) {
        ww_chip_guest_error(&m->chip, "PCIEXBAR 0x%" G_GINT64_MODIFIER "x (%" G_GUINT64_FORMAT
                            " MiB) covers '%s'; the window stays unmapped", base, len >> 20,
                            hit->name);
        ww_window_hide(m->ecam);
        return;
    }
    ww_window_place(m->ecam, base, len);
}

static void update(q35_mch_t *m, unsigned what)
{
    if (!m->chip.realized)
        return;
    if (what & (UPD_DRAM | UPD_SMRAM))
        update_dram(m);   /* TSEG follows SMRAM and ESMRAMC */
    if (what & UPD_PAM)
        update_pam(m);
    if (what & UPD_SMRAM)
        update_smram(m);
    if (what & UPD_ECAM)
        update_ecam(m);
}

/* ---- configuration space ---------------------------------------------------------- */

/* The register (and array element) holding configuration byte `off`. */
static int cfg_reg_at(unsigned off, unsigned *elem, unsigned *base)
{
    if (off < PCIEXBAR || off >= TOLUD + 2)
        return -1;   /* outside 60h-B1h: nothing implemented */
    for (unsigned i = 0; i < REG__COUNT; i++) {
        const ww_reg_desc *r = &mch_regs[i];
        for (unsigned e = 0; e < ww_reg_count(r); e++) {
            uint64_t o = ww_reg_offset(r, e);
            if (off >= o && off < o + ww_reg_width(r)) {
                *elem = e;
                *base = (unsigned)o;
                return (int)i;
            }
        }
    }
    return -1;
}

/* A write of the bytes `be` selects (bit mask over the register) of `v`. */
static unsigned reg_write(q35_mch_t *m, unsigned reg, unsigned e, uint64_t v, uint64_t be)
{
    uint64_t old = reg_value(m, reg, e), nv = (old & ~be) | (v & be);
    switch (reg) {
    case REG_PCIEXBAR: {
        nv &= PCIEXBAR_WMASK;
        uint64_t len = ecam_length(nv);
        if (!len) {
            ww_chip_guest_error(&m->chip, "PCIEXBAR length 11b is reserved; no window");
        } else {
            nv &= ~((len - 1) & PCIEXBAR_ADDR);   /* address-mask bits read 0 */
        }
        m->pciexbar = nv;
        return UPD_ECAM;
    }
    case REG_PAM: {
        uint8_t b = (uint8_t)(nv & (e ? PAM_LOENABLE | PAM_HIENABLE : PAM_HIENABLE));
        if ((b & PAM_LOENABLE) == PAM_WO || (b & PAM_HIENABLE) >> 4 == PAM_WO)
            ww_log(WW_LOG_UNIMP, m->chip.id, "%s: write-only shadow mode treated as "
                   "read/write", pam_names[e]);
        m->pam[e] = b;
        return UPD_PAM;
    }
    case REG_SMRAM: {
        uint8_t b;
        if (m->smram & SMRAM_D_LCK)   /* locked: only D_CLS still changes */
            b = (uint8_t)((m->smram & ~SMRAM_D_CLS) | (nv & SMRAM_D_CLS));
        else
            b = (uint8_t)((nv & (SMRAM_D_OPEN | SMRAM_D_CLS | SMRAM_D_LCK | SMRAM_G_SMRAME)) |
                          C_BASE_SEG_ASEG);
        if (b & SMRAM_D_LCK)
            b &= (uint8_t)~SMRAM_D_OPEN;   /* "D_OPEN is reset to 0 when D_LCK is set" */
        m->smram = b;
        return UPD_SMRAM;
    }
    case REG_ESMRAMC: {
        uint8_t cleared = (uint8_t)(v & be & ESMRAMC_E_SMERR);
        uint8_t keep = (uint8_t)(m->esmramc & ESMRAMC_E_SMERR & ~cleared);
        if (m->smram & SMRAM_D_LCK) {
            m->esmramc = (uint8_t)((m->esmramc & ~ESMRAMC_E_SMERR) | keep);
            return 0;
        }
        uint8_t b = (uint8_t)((nv & (ESMRAMC_H_SMRAME | ESMRAMC_TSEG_SZ | ESMRAMC_T_EN)) |
                              ESMRAMC_RO_ONES | keep);
        if ((b & ESMRAMC_TSEG_SZ) == ESMRAMC_TSEG_SZ)
            ww_chip_guest_error(&m->chip, "ESMRAMC.TSEG_SZ 11b is reserved; no TSEG");
        m->esmramc = b;
        return UPD_SMRAM;
    }
    default:
        ww_log(WW_LOG_UNIMP, m->chip.id, "%s is computed from the RAM size; write ignored",
               mch_regs[reg].name);
        return 0;
    }
}

static uint64_t config_read(q35_mch_t *m, uint64_t off, unsigned size)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < size; i++) {
        unsigned e, base;
        int reg = cfg_reg_at((unsigned)(off + i), &e, &base);
        if (reg < 0)
            continue;   /* reserved and unmodelled registers read 0 */
        uint64_t rv = reg_value(m, (unsigned)reg, e);
        v |= ((rv >> (8 * (off + i - base))) & 0xff) << (8 * i);
    }
    return v;
}

static void config_write(q35_mch_t *m, uint64_t off, uint64_t val, unsigned size)
{
    unsigned what = 0;
    for (unsigned i = 0; i < size;) {
        unsigned e, base;
        int reg = cfg_reg_at((unsigned)(off + i), &e, &base);
        if (reg < 0) {
            ww_chip_unimp(&m->chip, "write", R_CONFIG, off + i);
            i++;
            continue;
        }
        unsigned w = ww_reg_width(&mch_regs[reg]);
        uint64_t v = 0, be = 0;
        for (; i < size && off + i < base + w; i++) {
            unsigned k = (unsigned)(off + i - base);
            v |= ((val >> (8 * i)) & 0xff) << (8 * k);
            be |= 0xffull << (8 * k);
        }
        what |= reg_write(m, (unsigned)reg, e, v, be);
    }
    update(m, what);
}

/* ---- the ECAM window: an offset in it is an ECAM address on the cfg bus --------- */

static uint64_t ecam_read(q35_mch_t *m, uint64_t off, unsigned size, ww_access how)
{
    uint64_t v = size >= 8 ? UINT64_MAX : (1ull << (8 * size)) - 1;
    ww_space *cfg = m->chip.bus[BUS_CFG];
    if (!cfg)
        return v;
    if (how == WW_PEEK)
        ww_space_peek(cfg, off, size, &v);
    else
        ww_space_read(cfg, off, size, &v);
    return v;
}

static uint64_t mch_read(ww_chip *c, unsigned region, uint64_t off, unsigned size, ww_access how)
{
    q35_mch_t *m = (q35_mch_t *)c;
    return region == R_ECAM ? ecam_read(m, off, size, how) : config_read(m, off, size);
}

static void mch_write(ww_chip *c, unsigned region, uint64_t off, uint64_t val, unsigned size)
{
    q35_mch_t *m = (q35_mch_t *)c;
    if (region == R_ECAM) {
        if (c->bus[BUS_CFG])
            ww_space_write(c->bus[BUS_CFG], off, size, val);
        return;
    }
    config_write(m, off, val, size);
}

/* ---- lifecycle ---------------------------------------------------------------------- */

static ww_window *open_ram(q35_mch_t *m, ww_space *s, const char *what, uint64_t off,
                           uint64_t size, int prio, GError **err)
{
    char *name = g_strdup_printf("%s.%s", m->chip.id, what);
    ww_window *w = ww_window_open_ram(s, &m->chip, name, m->ram + off, size, false, prio, err);
    g_free(name);
    return w;
}

static bool open_ecam(q35_mch_t *m, ww_space *mem, GError **err)
{
    if (!mem)
        return true;
    char *name = g_strdup_printf("%s.ecam", m->chip.id);
    m->ecam = ww_window_open_chip(mem, &m->chip, name, &m->chip, R_ECAM, PRIO_ECAM, err);
    g_free(name);
    return m->ecam != NULL;
}

static bool mch_realize(ww_chip *c, GError **err)
{
    q35_mch_t *m = (q35_mch_t *)c;
    ww_space *mem = c->bus[BUS_MEM];
    if (!m->dram)
        return open_ecam(m, mem, err);   /* no RAM bound: configuration and ECAM only */
    if (m->dram->kind != WW_MAP_RAM) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "window 'dram' is bound to '%s', which "
                    "is not writable RAM; expected <map … to=\"RAM\" window=\"%s.dram\"/>",
                    m->dram->name, c->id);
        return false;
    }
    if (m->dram->max_size < LEGACY_END) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "window 'dram': %" G_GUINT64_FORMAT
                    " bytes of RAM; expected at least 1 MiB", m->dram->max_size);
        return false;
    }
    if (m->dram->space != mem) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "window 'dram' is in space '%s' but bus "
                    "'mem' is '%s'; expected <space name=\"%s.mem\" alias=\"%s\"/>",
                    ww_space_name(m->dram->space), mem ? ww_space_name(mem) : "(none)", c->id,
                    ww_space_name(m->dram->space));
        return false;
    }
    m->ram = m->dram->host;
    m->ram_size = m->dram->max_size;
    /* pc_q35.c: the 32-bit PCI hole starts at 2 GiB for 2.75 GiB of RAM or more,
     * else at 2.75 GiB (0B0000000h, where SeaBIOS puts PCIEXBAR). */
    uint64_t lowmem = m->ram_size >= 0xB0000000u ? 0x80000000u : 0xB0000000u;
    m->below_4g = MIN(m->ram_size, lowmem);
    m->above_4g = m->ram_size - m->below_4g;
    ww_window_hide(m->dram);   /* the MCH decodes the RAM from here on */
    bool ok = (m->low = open_ram(m, mem, "dram-low", 0, LEGACY_BASE, PRIO_DRAM, err)) &&
              (m->mid = open_ram(m, mem, "dram", LEGACY_END, m->below_4g - LEGACY_END,
                                 PRIO_DRAM, err));
    const ww_space_config *sc = ww_space_cfg(mem);
    uint64_t limit = sc->addr_bits >= 64 ? UINT64_MAX : (1ull << sc->addr_bits) - 1;
    if (ok && m->above_4g) {
        if (m->above_4g - 1 > limit - GIB4 || GIB4 > limit)
            ww_log(WW_LOG_WARN, c->id, "%" G_GUINT64_FORMAT " MiB of RAM above 4 GiB do not "
                   "fit the %u-bit space %s; they stay unmapped", m->above_4g >> 20,
                   sc->addr_bits, ww_space_name(mem));
        else
            ok = (m->high = open_ram(m, mem, "dram-high", m->below_4g, m->above_4g, PRIO_DRAM,
                                     err)) != NULL;
    }
    for (unsigned s = 0; ok && s < NSEG; s++) {
        char what[16];
        g_snprintf(what, sizeof what, "pam%u", s);
        ok = (m->seg[s] = open_ram(m, mem, what, seg_base(s), seg_size(s), PRIO_LEGACY,
                                   err)) != NULL;
    }
    ok = ok && (m->aseg = open_ram(m, mem, "smram", LEGACY_BASE, ASEG_SIZE, PRIO_LEGACY, err));
    ok = ok && (m->aseg_high = open_ram(m, mem, "smram-high", LEGACY_BASE, ASEG_SIZE,
                                        PRIO_LEGACY, err));
    /* Opened last: where the guest aims PCIEXBAR at DRAM, DRAM wins. */
    return ok && open_ecam(m, mem, err);
}

static void mch_unrealize(ww_chip *c)
{
    q35_mch_t *m = (q35_mch_t *)c;
    ww_window **all[] = { &m->low, &m->mid, &m->high, &m->aseg, &m->aseg_high, &m->ecam };
    for (size_t i = 0; i < G_N_ELEMENTS(all); i++) {
        ww_window_close(*all[i]);
        *all[i] = NULL;
    }
    for (unsigned s = 0; s < NSEG; s++) {
        ww_window_close(m->seg[s]);
        m->seg[s] = NULL;
    }
}

static void mch_reset(ww_chip *c, ww_reset_kind kind)
{
    /* The registers took their reset values: DRAM below 640 KiB and from
     * 1 MiB, the legacy area off (the BIOS ROM alias shows), SMRAM closed,
     * no ECAM window. */
    update((q35_mch_t *)c, UPD_ALL);
}

static bool mch_post_load(ww_chip *c, GError **err)
{
    q35_mch_t *m = (q35_mch_t *)c;
    /* Values come from the file: keep only bits the hardware has. */
    m->pciexbar &= PCIEXBAR_WMASK;
    m->pam[0] &= PAM_HIENABLE;
    for (unsigned i = 1; i < 7; i++)
        m->pam[i] &= PAM_LOENABLE | PAM_HIENABLE;
    m->smram = (uint8_t)((m->smram & ~SMRAM_C_BASE_SEG) | C_BASE_SEG_ASEG);
    m->esmramc |= ESMRAMC_RO_ONES;
    update(m, UPD_ALL);
    return true;
}

static const ww_region_desc mch_regions[] = {
    [R_CONFIG] = { "config", 256, 1, 4, WW_LITTLE_ENDIAN, WW_REGION_PCI_CONFIG,
                   "D0:F0 configuration space" },
    [R_ECAM]   = { "ecam", ECAM_MAX, 1, 4, WW_LITTLE_ENDIAN, 0,
                   "PCIEXBAR window: offset = bus << 20 | device << 15 | function << 12 | "
                   "register, forwarded to the cfg bus" },
    [R__COUNT] = { 0 }
};

static const ww_bus_desc mch_buses[] = {
    [BUS_CFG] = { "cfg", "where ECAM accesses go (alias the <pcibus> ID.cfg space)",
                  WW_PCI_CFG_BITS, WW_LITTLE_ENDIAN, WW_UNMAPPED_OPEN_BUS, UINT64_MAX },
    [BUS_MEM] = { "mem", "the CPU memory space the MCH decodes (alias cpu.mem): DRAM, "
                  "shadow RAM, SMRAM and ECAM windows (36 physical address bits)", 36,
                  WW_LITTLE_ENDIAN,
                  WW_UNMAPPED_OPEN_BUS, UINT64_MAX },
    [BUS__COUNT] = { 0 }
};

static const ww_window_desc mch_windows[] = {
    [WIN_DRAM] = { "dram", offsetof(q35_mch_t, dram),
                   .doc = "the machine's RAM (<map … to=\"ram\" window=\"mch.dram\"/> in the "
                          "space of bus 'mem'); the MCH splits it below/above 4 GiB" },
    [WIN__COUNT] = { 0 }
};

static const ww_pci_desc mch_pci = {
    .offset = offsetof(q35_mch_t, pci),
    .vendor = 0x8086, .device = 0x29c0, .revision = 0,
    .class_code = 0x060000,   /* bridge, host */
    /* QEMU's default subsystem IDs (Red Hat, "QEMU virtual machine"):
     * SeaBIOS's qemu_detect() takes its QEMU paths (fw_cfg, e820, PCI
     * setup) only when 00:00.0 carries them. */
    .subsys_vendor = 0x1af4, .subsys = 0x1100,
};

static const ww_chip_class q35_mch_class = {
    .type = "q35-mch",
    .summary = "Intel Q35 GMCH host bridge (PCI 8086:29C0): RAM decode, PAM, SMRAM, PCIEXBAR",
    .doc = "Intel 3 Series Chipset datasheet 316966 ch. 4-5 as QEMU's q35 uses it: splits the "
           "RAM below/above 4 GiB, shadow RAM for 0C0000h-0FFFFFh (PAM0-6; write-only mode "
           "approximated as read/write), the A segment as VGA or open SMRAM, TSEG, the "
           "PCIEXBAR (ECAM) window onto the PCI configuration space. No SMM view.",
    .size = sizeof(q35_mch_t),
    .version = 1,
    .regions = mch_regions,
    .regs = mch_regs,
    .buses = mch_buses,
    .windows = mch_windows,
    .pci = &mch_pci,
    .realize = mch_realize,
    .unrealize = mch_unrealize,
    .reset = mch_reset,
    .read = mch_read,
    .write = mch_write,
    .post_load = mch_post_load,
};
WW_CHIP_REGISTER(q35_mch_class)
