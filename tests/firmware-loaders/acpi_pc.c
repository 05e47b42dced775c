/* tests/firmware-loaders/acpi_pc.c — the Q35 ACPI tables, checked the way
 * SeaBIOS and Linux would see them: the loader script is run as SeaBIOS's
 * src/fw/romfile_loader.c runs it (tables to "high memory", the RSDP to the
 * F segment, pointers added, checksums fixed), then the RSDP → RSDT → FADT →
 * FACS/DSDT chain, the MADT and the MCFG are parsed back and every length,
 * signature and checksum is checked; the DSDT's AML is walked term by term,
 * and disassembled and recompiled with iasl (acpica-tools) when it is
 * installed. Facts: ACPI 6.4 §5.2, QEMU hw/acpi/bios-linker-loader.c. */
#include "tests/harness.h"
#include "firmware-loaders/acpi.h"
#include "firmware-loaders/acpi_pc.h"
#include "firmware-loaders/aml.h"
#include <glib/gstdio.h>
#include <stdlib.h>

#define TABLES_AT 0x07fc0000u   /* where the "loader" puts etc/acpi/tables */
#define RSDP_AT   0x000f5a00u   /* and etc/acpi/rsdp */

typedef struct {
    uint8_t *tables, *rsdp;
    size_t ntables, nrsdp;
    bool tables_alloc, rsdp_alloc;
    unsigned commands;
} linked;

static uint32_t rd32(const uint8_t *p) { return (uint32_t)p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }
static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint64_t rd64(const uint8_t *p) { return rd32(p) | (uint64_t)rd32(p + 4) << 32; }

static uint8_t sum8(const uint8_t *p, size_t n)
{
    uint8_t s = 0;
    for (size_t i = 0; i < n; i++)
        s = (uint8_t)(s + p[i]);
    return s;
}

/* The file a loader command names, with its (pretend) guest address. */
static uint8_t *file_of(linked *k, const char *name, size_t *len, uint32_t *addr)
{
    if (!strcmp(name, "etc/acpi/tables") && k->tables_alloc) {
        *len = k->ntables;
        *addr = TABLES_AT;
        return k->tables;
    }
    if (!strcmp(name, "etc/acpi/rsdp") && k->rsdp_alloc) {
        *len = k->nrsdp;
        *addr = RSDP_AT;
        return k->rsdp;
    }
    return NULL;
}

/* romfile_loader_execute, with its checks as failures. */
static void run_loader(const ww_acpi_pc_files *f, linked *k)
{
    memset(k, 0, sizeof *k);
    k->tables = g_memdup2(g_bytes_get_data(f->tables, &k->ntables), g_bytes_get_size(f->tables));
    k->rsdp = g_memdup2(g_bytes_get_data(f->rsdp, &k->nrsdp), g_bytes_get_size(f->rsdp));
    size_t n;
    const uint8_t *l = g_bytes_get_data(f->loader, &n);
    WW_CHECK_EQ(n % 128, 0);
    for (size_t off = 0; off < n; off += 128) {
        const uint8_t *e = l + off;
        uint32_t cmd = rd32(e);
        k->commands++;
        if (cmd == WW_ACPI_LOADER_ALLOCATE) {
            const char *name = (const char *)e + 4;
            WW_CHECK_EQ(e[4 + 55], 0);
            uint32_t align = rd32(e + 60);
            uint8_t zone = e[64];
            WW_CHECK_EQ(align & (align - 1), 0);
            if (!strcmp(name, "etc/acpi/tables")) {
                WW_CHECK_EQ(zone, WW_ACPI_ZONE_HIGH);
                WW_CHECK_EQ(TABLES_AT % align, 0);
                WW_CHECK_EQ(align, 64);   /* the FACS at offset 0 must be 64-byte aligned */
                k->tables_alloc = true;
            } else if (!strcmp(name, "etc/acpi/rsdp")) {
                WW_CHECK_EQ(zone, WW_ACPI_ZONE_FSEG);
                WW_CHECK_EQ(RSDP_AT % align, 0);
                k->rsdp_alloc = true;
            } else {
                WW_CHECK_MSG(0, "ALLOCATE of unknown file '%s'", name);
            }
        } else if (cmd == WW_ACPI_LOADER_ADD_POINTER) {
            const char *dst = (const char *)e + 4, *src = (const char *)e + 60;
            uint32_t offset = rd32(e + 116);
            uint8_t size = e[120];
            size_t dlen, slen;
            uint32_t daddr, saddr;
            uint8_t *d = file_of(k, dst, &dlen, &daddr);
            WW_CHECK_MSG(d && file_of(k, src, &slen, &saddr), "pointer %s -> %s before "
                         "ALLOCATE", dst, src);
            WW_CHECK(size == 1 || size == 2 || size == 4 || size == 8);
            WW_CHECK(offset + size <= dlen);
            uint64_t p = 0;
            memcpy(&p, d + offset, size);
            p = GUINT64_FROM_LE(p) + saddr;
            p = GUINT64_TO_LE(p);
            memcpy(d + offset, &p, size);
        } else if (cmd == WW_ACPI_LOADER_ADD_CHECKSUM) {
            const char *name = (const char *)e + 4;
            uint32_t at = rd32(e + 60), start = rd32(e + 64), len = rd32(e + 68);
            size_t flen;
            uint32_t addr;
            uint8_t *d = file_of(k, name, &flen, &addr);
            WW_CHECK(d && at < flen && start + len <= flen);
            d[at] = (uint8_t)(d[at] - sum8(d + start, len));
        } else {
            WW_CHECK_MSG(0, "unknown loader command %u", cmd);
        }
    }
    WW_CHECK(k->tables_alloc && k->rsdp_alloc);
}

static void linked_free(linked *k)
{
    g_free(k->tables);
    g_free(k->rsdp);
}

/* A table by its guest address: signature, length inside the file, checksum. */
static const uint8_t *table(linked *k, uint64_t addr, const char *sig)
{
    WW_CHECK_MSG(addr >= TABLES_AT && addr + 36 <= TABLES_AT + k->ntables,
                 "%s at 0x%" PRIx64 " is outside etc/acpi/tables", sig, addr);
    const uint8_t *t = k->tables + (addr - TABLES_AT);
    WW_CHECK_MSG(!memcmp(t, sig, 4), "expected %s at 0x%" PRIx64 ", found %.4s", sig, addr, t);
    uint32_t len = rd32(t + 4);
    WW_CHECK(len >= 36 && addr + len <= TABLES_AT + k->ntables);
    WW_CHECK_MSG(sum8(t, len) == 0, "%s checksum", sig);
    return t;
}

static const ww_acpi_pc_config pc1 = {
    .ncpus = 1, .below_4g = 128u << 20, .rtc = true, .kbd = true, .com = { 0x3f8 },
};

typedef struct {
    const uint8_t *rsdt, *fadt, *facs, *dsdt, *madt, *mcfg;
} chain;

static void walk(linked *k, chain *c)
{
    /* RSDP (rev 0): "RSD PTR ", checksum over 20 bytes, RSDT address. */
    WW_CHECK_EQ(k->nrsdp, 20);
    WW_CHECK(!memcmp(k->rsdp, "RSD PTR ", 8));
    WW_CHECK_EQ(sum8(k->rsdp, 20), 0);
    WW_CHECK_EQ(k->rsdp[15], 0);
    c->rsdt = table(k, rd32(k->rsdp + 16), "RSDT");
    uint32_t n = (rd32(c->rsdt + 4) - 36) / 4;
    WW_CHECK_EQ(n, 3);
    c->fadt = table(k, rd32(c->rsdt + 36), "FACP");
    c->madt = table(k, rd32(c->rsdt + 40), "APIC");
    c->mcfg = table(k, rd32(c->rsdt + 44), "MCFG");
    /* FADT → FACS (64-byte aligned, no checksum) and DSDT (both pointers). */
    uint32_t facs = rd32(c->fadt + 36);
    WW_CHECK_EQ(facs % 64, 0);
    c->facs = k->tables + (facs - TABLES_AT);
    WW_CHECK(!memcmp(c->facs, "FACS", 4));
    WW_CHECK_EQ(rd32(c->facs + 4), 64);
    c->dsdt = table(k, rd32(c->fadt + 40), "DSDT");
    WW_CHECK_EQ(rd64(c->fadt + 140), rd32(c->fadt + 40));
}

WW_TEST("firmware-loaders/acpi-pc/loader-links-the-chain", t_chain)
{
    GError *err = NULL;
    ww_acpi_pc_files f;
    WW_CHECK_NOERR(ww_acpi_pc_build(&pc1, &f, &err), err);
    linked k;
    run_loader(&f, &k);
    chain c;
    walk(&k, &c);
    /* 2 allocations, 3 FADT pointers, 3 RSDT entries, 5 checksums, RSDP pointer and checksum. */
    WW_CHECK_EQ(k.commands, 2 + 3 + 3 + 5 + 2);
    linked_free(&k);
    ww_acpi_pc_files_clear(&f);
}

WW_TEST("firmware-loaders/acpi-pc/fadt-ich9", t_fadt)
{
    GError *err = NULL;
    ww_acpi_pc_files f;
    WW_CHECK_NOERR(ww_acpi_pc_build(&pc1, &f, &err), err);
    linked k;
    run_loader(&f, &k);
    chain c;
    walk(&k, &c);
    const uint8_t *t = c.fadt;
    WW_CHECK_EQ(rd32(t + 4), 244);            /* revision 3 length */
    WW_CHECK_EQ(t[8], 3);
    WW_CHECK_EQ(rd16(t + 46), 9);             /* SCI_INT */
    WW_CHECK_EQ(rd32(t + 48), 0xb2);          /* SMI_CMD */
    WW_CHECK_EQ(t[52], 2);                    /* ACPI_ENABLE */
    WW_CHECK_EQ(t[53], 3);                    /* ACPI_DISABLE */
    WW_CHECK_EQ(rd32(t + 56), 0x600);         /* PM1a_EVT_BLK */
    WW_CHECK_EQ(rd32(t + 64), 0x604);         /* PM1a_CNT_BLK */
    WW_CHECK_EQ(rd32(t + 76), 0x608);         /* PM_TMR_BLK */
    WW_CHECK_EQ(rd32(t + 80), 0x620);         /* GPE0_BLK */
    WW_CHECK_EQ(t[88], 4);                    /* PM1_EVT_LEN */
    WW_CHECK_EQ(t[89], 2);                    /* PM1_CNT_LEN */
    WW_CHECK_EQ(t[91], 4);                    /* PM_TMR_LEN */
    WW_CHECK_EQ(t[92], 16);                   /* GPE0_BLK_LEN */
    WW_CHECK_EQ(t[108], 0x32);                /* CENTURY */
    WW_CHECK_EQ(rd16(t + 109), 2);            /* IAPC_BOOT_ARCH: 8042 */
    uint32_t flags = rd32(t + 112);
    WW_CHECK(flags & (1u << 10));             /* RESET_REG_SUP */
    WW_CHECK(!(flags & (1u << 8)));           /* TMR_VAL_EXT clear: 24-bit PM timer */
    /* RESET_REG: system I/O, 8 bits, 0xCF9; RESET_VALUE 0x06. */
    WW_CHECK_EQ(t[116], 1);
    WW_CHECK_EQ(t[117], 8);
    WW_CHECK_EQ(rd64(t + 120), 0xcf9);
    WW_CHECK_EQ(t[128], 0x06);
    /* The extended blocks say the same as the 32-bit ones. */
    WW_CHECK_EQ(t[148], 1);
    WW_CHECK_EQ(t[149], 32);
    WW_CHECK_EQ(rd64(t + 152), 0x600);
    WW_CHECK_EQ(t[173], 16);
    WW_CHECK_EQ(rd64(t + 176), 0x604);
    WW_CHECK_EQ(t[209], 32);
    WW_CHECK_EQ(rd64(t + 212), 0x608);
    WW_CHECK_EQ(t[221], 128);
    WW_CHECK_EQ(rd64(t + 224), 0x620);
    linked_free(&k);
    ww_acpi_pc_files_clear(&f);
}

WW_TEST("firmware-loaders/acpi-pc/madt-mcfg", t_madt)
{
    GError *err = NULL;
    ww_acpi_pc_config cfg = pc1;
    cfg.ncpus = 2;
    ww_acpi_pc_files f;
    WW_CHECK_NOERR(ww_acpi_pc_build(&cfg, &f, &err), err);
    linked k;
    run_loader(&f, &k);
    chain c;
    walk(&k, &c);
    const uint8_t *m = c.madt;
    WW_CHECK_EQ(rd32(m + 36), 0xfee00000);
    WW_CHECK_EQ(rd32(m + 40), 1);             /* PCAT_COMPAT */
    unsigned lapics = 0, ioapics = 0, nmis = 0;
    bool irq0 = false, sci = false;
    for (uint32_t off = 44; off < rd32(m + 4);) {
        const uint8_t *e = m + off;
        WW_CHECK(e[1] >= 2 && off + e[1] <= rd32(m + 4));
        switch (e[0]) {
        case 0:
            WW_CHECK_EQ(e[3], lapics);        /* APIC ids from 0 */
            WW_CHECK_EQ(rd32(e + 4), 1);
            lapics++;
            break;
        case 1:
            WW_CHECK_EQ(e[2], 0);             /* I/O APIC id 0 */
            WW_CHECK_EQ(rd32(e + 4), 0xfec00000);
            WW_CHECK_EQ(rd32(e + 8), 0);
            ioapics++;
            break;
        case 2:
            if (e[3] == 0) {
                WW_CHECK_EQ(rd32(e + 4), 2);  /* IRQ0 → GSI 2 */
                irq0 = true;
            } else if (e[3] == 9) {
                WW_CHECK_EQ(rd32(e + 4), 9);
                WW_CHECK_EQ(rd16(e + 8), 0x000d);   /* level, active high */
                sci = true;
            }
            break;
        case 4:
            WW_CHECK_EQ(e[2], 0xff);
            WW_CHECK_EQ(e[5], 1);             /* LINT1 */
            nmis++;
            break;
        default:
            WW_CHECK_MSG(0, "unexpected MADT entry type %u", e[0]);
        }
        off += e[1];
    }
    WW_CHECK(lapics == 2 && ioapics == 1 && irq0 && sci && nmis == 1);
    /* MCFG: one allocation, ECAM at 0xB0000000, segment 0, buses 0-255. */
    const uint8_t *g = c.mcfg;
    WW_CHECK_EQ(rd32(g + 4), 60);
    WW_CHECK_EQ(rd64(g + 44), 0xb0000000ull);
    WW_CHECK_EQ(rd16(g + 52), 0);
    WW_CHECK_EQ(g[54], 0);
    WW_CHECK_EQ(g[55], 255);
    linked_free(&k);
    ww_acpi_pc_files_clear(&f);
}

/* ---- the DSDT's AML ---------------------------------------------------------------- */

/* PkgLength decode (§20.2.4); returns bytes used, *len the encoded length. */
static unsigned pkglen(const uint8_t *p, size_t avail, size_t *len)
{
    WW_CHECK(avail >= 1);
    unsigned extra = p[0] >> 6;
    WW_CHECK(avail >= 1 + extra);
    if (!extra) {
        *len = p[0] & 0x3f;
        return 1;
    }
    size_t v = p[0] & 0x0f;
    for (unsigned i = 0; i < extra; i++)
        v |= (size_t)p[1 + i] << (4 + 8 * i);
    *len = v;
    return 1 + extra;
}

/* Find "Name (NAME, Package …)" and return the package's bytes. */
static const uint8_t *find_name(const uint8_t *aml, size_t n, const char *seg)
{
    for (size_t i = 0; i + 5 < n; i++)
        if (aml[i] == 0x08 && !memcmp(aml + i + 1, seg, 4))
            return aml + i + 5;
        else if (aml[i] == 0x08 && aml[i + 1] == '\\' && !memcmp(aml + i + 2, seg, 4))
            return aml + i + 6;
    return NULL;
}

WW_TEST("firmware-loaders/acpi-pc/dsdt-s5-and-structure", t_dsdt)
{
    GError *err = NULL;
    ww_acpi_pc_files f;
    WW_CHECK_NOERR(ww_acpi_pc_build(&pc1, &f, &err), err);
    linked k;
    run_loader(&f, &k);
    chain c;
    walk(&k, &c);
    size_t n = rd32(c.dsdt + 4) - 36;
    const uint8_t *aml = c.dsdt + 36;
    /* \_S5: Name (\_S5_, Package (4) { Zero, Zero, Zero, Zero }) — the bytes
     * Linux's acpi_get_sleep_type_data reads for poweroff. */
    const uint8_t s5[] = { 0x08, '\\', '_', 'S', '5', '_', 0x12, 0x06, 0x04, 0x00, 0x00, 0x00,
                           0x00 };
    WW_CHECK_MSG(memmem(aml, n, s5, sizeof s5), "\\_S5 package not found");
    /* The top level is exactly: Name(PICF), Method(_PIC), Scope(\_SB), Name(\_S5);
     * each PkgLength ends inside the table. */
    size_t off = 0;
    unsigned terms = 0;
    while (off < n) {
        uint8_t op = aml[off];
        size_t len;
        if (op == 0x10 || op == 0x14) {        /* Scope, Method */
            pkglen(aml + off + 1, n - off - 1, &len);
            WW_CHECK(off + 1 + len <= n);
            off += 1 + len;
        } else if (op == 0x08) {               /* Name: NameString then a data object */
            const uint8_t *v = aml + off + 1;
            size_t nl = v[0] == '\\' ? 5 : 4;
            v += nl;
            if (v[0] == 0x12) {
                pkglen(v + 1, n - (size_t)(v + 1 - aml), &len);
                off = (size_t)(v + 1 - aml) + len;
            } else {
                WW_CHECK_EQ(v[0], 0x00);       /* PICF = Zero */
                off = (size_t)(v + 1 - aml);
            }
        } else {
            WW_CHECK_MSG(0, "unexpected top-level opcode 0x%02x at %zu", op, off);
        }
        terms++;
    }
    WW_CHECK_EQ(off, n);
    WW_CHECK_EQ(terms, 4);
    /* PCI0: _HID EisaId PNP0A08 = 0x080AD041, _CID PNP0A03 = 0x030AD041. */
    const uint8_t hid[] = { 0x08, '_', 'H', 'I', 'D', 0x0c, 0x41, 0xd0, 0x0a, 0x08 };
    const uint8_t cid[] = { 0x08, '_', 'C', 'I', 'D', 0x0c, 0x41, 0xd0, 0x0a, 0x03 };
    WW_CHECK(memmem(aml, n, hid, sizeof hid) && memmem(aml, n, cid, sizeof cid));
    /* _PRT: 128 entries; slot 1 pin A is PIRQF (GSI 21), slot 0x1f pin A PIRQA (16). */
    const uint8_t *prt = find_name(aml, n, "_PRT");
    WW_CHECK(prt && prt[0] == 0x12);
    size_t plen;
    unsigned used = pkglen(prt + 1, n, &plen);
    WW_CHECK_EQ(prt[1 + used], 128);
    const uint8_t e1[] = { 0x12, 0x0b, 0x04, 0x0c, 0xff, 0xff, 0x01, 0x00, 0x00, 0x00, 0x0a, 21 };
    const uint8_t e1f[] = { 0x12, 0x0b, 0x04, 0x0c, 0xff, 0xff, 0x1f, 0x00, 0x00, 0x00, 0x0a, 16 };
    WW_CHECK(memmem(prt, plen, e1, sizeof e1) && memmem(prt, plen, e1f, sizeof e1f));
    /* COM1 at 0x3F8 with IRQ 4: IO (Decode16, 0x3F8, 0x3F8, 0, 8), IRQNoFlags {4}. */
    const uint8_t com1[] = { 0x47, 0x01, 0xf8, 0x03, 0xf8, 0x03, 0x00, 0x08, 0x22, 0x10, 0x00 };
    WW_CHECK(memmem(aml, n, com1, sizeof com1));
    linked_free(&k);
    ww_acpi_pc_files_clear(&f);
}

WW_TEST("firmware-loaders/acpi-pc/devices-follow-config", t_devices)
{
    GError *err = NULL;
    ww_acpi_pc_config cfg = { .ncpus = 1, .below_4g = 64u << 20 };
    ww_acpi_pc_files f;
    WW_CHECK_NOERR(ww_acpi_pc_build(&cfg, &f, &err), err);
    size_t n;
    const uint8_t *t = g_bytes_get_data(f.tables, &n);
    /* Without the ISA chips there is no RTC/KBD/COM device, no 8042 flag,
     * and no 64-bit window (QWord memory descriptor 0x8a only in DRAC). */
    WW_CHECK(!memmem(t, n, "COM1", 4) && !memmem(t, n, "KBD_", 4) && !memmem(t, n, "RTC_", 4));
    unsigned qwords = 0;
    for (const uint8_t *p = t; (p = memmem(p, n - (size_t)(p - t), "\x8a\x2b\x00", 3)); p++)
        qwords++;
    WW_CHECK_EQ(qwords, 1);
    ww_acpi_pc_files_clear(&f);
    cfg.hole64 = true;
    cfg.above_4g = 1u << 30;
    WW_CHECK_NOERR(ww_acpi_pc_build(&cfg, &f, &err), err);
    t = g_bytes_get_data(f.tables, &n);
    /* The 64-bit window starts at 4 GiB + RAM above, 1 GiB aligned: 5 GiB. */
    const uint8_t start[] = { 0x00, 0x00, 0x00, 0x40, 0x01, 0x00, 0x00, 0x00 };
    WW_CHECK(memmem(t, n, start, sizeof start));
    ww_acpi_pc_files_clear(&f);
    cfg.ncpus = 0;
    WW_CHECK_ERR(ww_acpi_pc_build(&cfg, &f, &err), err, "CPUs");
}

WW_TEST("firmware-loaders/aml/pkglen-and-ints", t_aml)
{
    /* §20.2.4: 63 bytes fit one byte; 64 need two (0x40 | low nibble, rest). */
    GByteArray *b = g_byte_array_new();
    ww_aml_pkglen(b, 62);
    WW_CHECK(b->len == 1 && b->data[0] == 63);
    g_byte_array_set_size(b, 0);
    ww_aml_pkglen(b, 62 + 1);           /* 63 + 2 = 65 = 0x41 */
    WW_CHECK(b->len == 2 && b->data[0] == 0x41 && b->data[1] == 0x04);
    g_byte_array_set_size(b, 0);
    ww_aml_pkglen(b, 4093);             /* 4095: still two bytes */
    WW_CHECK(b->len == 2 && b->data[0] == 0x4f && b->data[1] == 0xff);
    g_byte_array_set_size(b, 0);
    ww_aml_pkglen(b, 4094);             /* 4097 with three bytes */
    WW_CHECK(b->len == 3 && b->data[0] == 0x81 && b->data[1] == 0x00 && b->data[2] == 0x01);
    g_byte_array_set_size(b, 0);
    /* Integers take the shortest encoding; EISAID PNP0A03 is 0x030AD041. */
    ww_aml_emit(ww_aml_int(0), b);
    ww_aml_emit(ww_aml_int(1), b);
    ww_aml_emit(ww_aml_int(0x12), b);
    ww_aml_emit(ww_aml_int(0x1234), b);
    ww_aml_emit(ww_aml_int(0x12345678), b);
    ww_aml_emit(ww_aml_eisaid("PNP0A03"), b);
    const uint8_t want[] = { 0x00, 0x01, 0x0a, 0x12, 0x0b, 0x34, 0x12, 0x0c, 0x78, 0x56, 0x34,
                             0x12, 0x0c, 0x41, 0xd0, 0x0a, 0x03 };
    WW_CHECK_EQ(b->len, sizeof want);
    WW_CHECK(!memcmp(b->data, want, sizeof want));
    /* Names: a dual name and a root path. */
    g_byte_array_set_size(b, 0);
    ww_aml_emit(ww_aml_name("\\_SB.PCI0"), b);
    WW_CHECK_EQ(b->len, 10);
    WW_CHECK(!memcmp(b->data, "\\\x2e_SB_PCI0", 10));
    g_byte_array_free(b, TRUE);
}

/* ---- iasl ---------------------------------------------------------------------- */

static char *write_table(const char *dir, const char *name, const uint8_t *t)
{
    char *p = g_build_filename(dir, name, NULL);
    WW_CHECK(g_file_set_contents(p, (const char *)t, rd32(t + 4), NULL));
    return p;
}

static char *run(const char *cmd, int *status)
{
    char *out = NULL, *errs = NULL;
    GError *err = NULL;
    gboolean ok = g_spawn_command_line_sync(cmd, &out, &errs, status, &err);
    WW_CHECK_NOERR(ok, err);
    char *all = g_strconcat(out, errs, NULL);
    g_free(out);
    g_free(errs);
    return all;
}

WW_TEST("firmware-loaders/acpi-pc/iasl-disassembles", t_iasl)
{
    char *iasl = g_find_program_in_path("iasl");
    if (!iasl)
        ww_test_skip("iasl not installed (Debian package acpica-tools)");
    GError *err = NULL;
    ww_acpi_pc_files f;
    WW_CHECK_NOERR(ww_acpi_pc_build(&pc1, &f, &err), err);
    linked k;
    run_loader(&f, &k);
    chain c;
    walk(&k, &c);
    char *dir = g_dir_make_tmp("wwacpi-XXXXXX", &err);
    WW_CHECK_NOERR(dir, err);
    const struct { const char *file; const uint8_t *t; const char *want; } tabs[] = {
        { "dsdt.dat", c.dsdt, "PNP0A08" }, { "facp.dat", c.fadt, "PM1A Control Block Address : 00000604" },
        { "apic.dat", c.madt, "FEC00000" }, { "mcfg.dat", c.mcfg, "00000000B0000000" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(tabs); i++) {
        char *p = write_table(dir, tabs[i].file, tabs[i].t);
        char *cmd = g_strdup_printf("%s -d %s", iasl, p);
        int st = 0;
        char *out = run(cmd, &st);
        ww_test_log("%s", out);
        WW_CHECK_MSG(g_spawn_check_wait_status(st, NULL), "iasl -d %s failed", tabs[i].file);
        WW_CHECK_MSG(!strstr(out, "Error") && !strstr(out, "Invalid"), "iasl on %s: %s",
                     tabs[i].file, out);
        char *dsl = g_strndup(p, strlen(p) - 4);
        char *dslp = g_strconcat(dsl, ".dsl", NULL);
        gchar *text = NULL;
        WW_CHECK(g_file_get_contents(dslp, &text, NULL, NULL));
        WW_CHECK_MSG(strstr(text, tabs[i].want), "%s disassembly lacks %s", tabs[i].file,
                     tabs[i].want);
        if (i == 0) {
            /* The DSDT's source recompiles without errors. */
            WW_CHECK(strstr(text, "Name (\\_S5, Package (0x04)"));
            char *cc = g_strdup_printf("%s -p %s/re %s", iasl, dir, dslp);
            char *o2 = run(cc, &st);
            WW_CHECK_MSG(g_spawn_check_wait_status(st, NULL) && strstr(o2, " 0 Errors, 0 Warnings"),
                         "iasl recompile: %s", o2);
            g_free(o2);
            g_free(cc);
        }
        g_free(text);
        g_free(dslp);
        g_free(dsl);
        g_free(out);
        g_free(cmd);
        g_free(p);
    }
    char *rm = g_strdup_printf("rm -rf %s", dir);
    int st;
    g_free(run(rm, &st));
    g_free(rm);
    g_free(dir);
    g_free(iasl);
    linked_free(&k);
    ww_acpi_pc_files_clear(&f);
}
