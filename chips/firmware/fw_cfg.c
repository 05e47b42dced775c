/* chips/firmware/fw_cfg.c — the QEMU firmware configuration device ("fw_cfg"),
 * through which SeaBIOS, OpenBIOS and QEMU's option ROMs (linuxboot_dma.bin)
 * read what the host prepared: the kernel, the ACPI tables, the e820 map.
 *
 * Source: QEMU docs/specs/fw_cfg.txt (rev. of QEMU 7.2): "Selector (Control)
 * Register", "Data Register", "Register Locations" (x86: selector 0x510
 * 16-bit LE, data 0x511 8-bit, DMA address 0x514; ARM "virt": data +0,
 * selector +8, DMA +16, all big-endian), "Signature", "Revision / feature
 * bitmap", "File Directory", "DMA interface". Behaviour at the edges follows
 * QEMU's hw/nvram/fw_cfg.c, which SeaBIOS and the Linux fw_cfg driver were
 * written against:
 *  - writing the selector rewinds the offset to 0; reads past the end of an
 *    item, or of an item that does not exist, return 0;
 *  - a wide MMIO data read returns the next bytes in string order (the
 *    register is big-endian), padded with zeros when the item ends;
 *  - the DMA address is latched by a 64-bit write at +0, or by a high-half
 *    write at +0 followed by a low-half write at +4 (the low write, or the
 *    64-bit one, starts the transfer, and the latch returns to 0);
 *  - a DMA read past the end of the item fills the guest buffer with zeros;
 *    a skip moves the offset; a write is an error (every item here is
 *    read-only: QEMU's writable files, vmgenid and the like, are not served);
 *  - reads of the DMA register give the signature "QEMU CFG".
 * Every guest address and length of a DMA goes through ww_dma_read/write on
 * the bus-master port "dma" (bound to the CPU's memory on the PC): a transfer
 * outside memory, wrapping, or too long sets the error bit in the guest's
 * control word (if that word is itself in memory), and never touches the host.
 *
 *          +---------+
 *  io.0   →|selector |  variant=io:   "io" at 0x510 (2 bytes), "dma" at 0x514 (8)
 *  io.1   ⇄| data    |  variant=mmio: "mmio" (24 bytes: data, selector, DMA)
 *  dma    →| DMA addr|→ dma (bus master: reads descriptors, writes items)
 *          +---------+
 *
 * Which items exist is host configuration (chips/firmware/fw_cfg.h), not chip
 * state: it is not saved with the chip and survives resets. Not modelled:
 * guest writes through the data register (removed from QEMU in 2.4) and
 * writable files; the x86 "fw_cfg" I/O region answering a 16-bit read.
 * Test: tests/chips/firmware/fw_cfg.c
 */
#include "core/chip.h"
#include "core/dma.h"
#include "core/machine.h"
#include "chips/firmware/fw_cfg.h"
#include <string.h>

/* fw_cfg.txt "DMA interface": FWCfgDmaAccess.control bits. */
enum { CTL_ERROR = 0x01, CTL_READ = 0x02, CTL_SKIP = 0x04, CTL_SELECT = 0x08,
       CTL_WRITE = 0x10 };
/* "Revision / feature bitmap" (item 0x01). */
enum { ID_TRADITIONAL = 0x01, ID_DMA = 0x02 };
/* Key bits (fw_cfg.txt "Selector Register"). */
enum { KEY_ENTRY = 0x3fff };

#define DMA_SIGNATURE 0x51454d5520434647ull   /* "QEMU CFG", big-endian */
#define DMA_CHUNK (1u << 20)                  /* bytes per ww_dma_write */
#define ZERO_CHUNK 65536u

/* Register locations. */
enum { IO_SELECTOR = 0, IO_DATA = 1 };
enum { DMA_HI = 0, DMA_LO = 4 };
enum { MMIO_DATA = 0, MMIO_SELECTOR = 8, MMIO_DMA = 16, MMIO_SIZE = 24 };
enum { VARIANT_IO, VARIANT_MMIO };
enum { REGION_IO, REGION_DMA, REGION_MMIO, REGION__COUNT };
enum { BUS_DMA, BUS__COUNT };

typedef struct fw_cfg_file {
    char name[WW_FW_CFG_MAX_NAME];
    GBytes *data;
} fw_cfg_file;

/* Host configuration: the items (not state). */
typedef struct fw_cfg_store {
    GArray *files;                 /* fw_cfg_file, sorted by name: selector 0x20 + index */
    GBytes *items[2][WW_FW_CFG_FILE_FIRST];   /* [arch-local][key]: numbered items */
    GBytes *signature, *id, *dir;  /* generated */
} fw_cfg_store;

typedef struct {
    ww_chip chip;
    uint32_t variant;              /* prop */
    bool dma_enabled;              /* prop */
    /* internal state (internal registers below) */
    /* Reset (QEMU fw_cfg_reset) selects the signature: KEY and OFFSET 0; the
     * items are host configuration and stay. */
    uint16_t key;                  /* selected item, as written */
    uint32_t offset;               /* next byte of it */
    uint64_t dma_addr;             /* latched FWCfgDmaAccess address */
    fw_cfg_store *store;           /* host configuration (not state) */
} fw_cfg_t;

#define AT(m) WW_AT(fw_cfg_t, m)

static const ww_reg_desc fw_cfg_regs[] = {
    /* name            region       off            w  flags */
    { "SELECTOR",      REGION_IO,   IO_SELECTOR,   2, WW_REG_WO | WW_REG_SIDE,
      .doc = "16-bit write: select an item, offset back to 0 (byte reads here return data)" },
    { "DATA",          REGION_IO,   IO_DATA,       1, WW_REG_RC,
      .doc = "next byte of the selected item (0 past its end)" },
    { "DMA_ADDR_HI",   REGION_DMA,  DMA_HI,        4, WW_REG_SIDE,
      .doc = "high half of the FWCfgDmaAccess address (big-endian); reads: \"QEMU\"" },
    { "DMA_ADDR_LO",   REGION_DMA,  DMA_LO,        4, WW_REG_SIDE,
      .doc = "low half; writing it starts the transfer; reads: \" CFG\"" },
    { "MMIO_DATA",     REGION_MMIO, MMIO_DATA,     8, WW_REG_RC,
      .doc = "next 1-8 bytes of the item in string order (big-endian register)" },
    { "MMIO_SELECTOR", REGION_MMIO, MMIO_SELECTOR, 2, WW_REG_SIDE,
      .doc = "16-bit big-endian write: select an item; reads 0" },
    { "MMIO_DMA",      REGION_MMIO, MMIO_DMA,      8, WW_REG_SIDE,
      .doc = "DMA address: 64-bit write, or high (+16) then low (+20) 32-bit halves" },
    { "KEY",    .flags = WW_REG_INTERNAL, .at = AT(key),
      .doc = "selected item (bit 15 arch-local, bit 14 ignored)" },
    { "OFFSET", .flags = WW_REG_INTERNAL, .at = AT(offset), .doc = "read position in the item" },
    { "DMA_ADDRESS", .flags = WW_REG_INTERNAL, .at = AT(dma_addr),
      .doc = "DMA address latch (high half written, low half pending)" },
    { 0 }
};

/* ---- the store ----------------------------------------------------------- */

static fw_cfg_store *store_new(bool dma)
{
    fw_cfg_store *s = g_new0(fw_cfg_store, 1);
    s->files = g_array_new(FALSE, TRUE, sizeof(fw_cfg_file));
    s->signature = g_bytes_new_static("QEMU", 4);
    uint8_t id[4];
    ww_st_le32(id, ID_TRADITIONAL | (dma ? ID_DMA : 0));
    s->id = g_bytes_new(id, 4);
    uint8_t zero[4] = { 0 };
    s->dir = g_bytes_new(zero, 4);
    return s;
}

static void store_free(fw_cfg_store *s)
{
    if (!s)
        return;
    for (guint i = 0; i < s->files->len; i++)
        g_bytes_unref(g_array_index(s->files, fw_cfg_file, i).data);
    g_array_free(s->files, TRUE);
    for (unsigned a = 0; a < 2; a++)
        for (unsigned k = 0; k < WW_FW_CFG_FILE_FIRST; k++)
            if (s->items[a][k])
                g_bytes_unref(s->items[a][k]);
    g_bytes_unref(s->signature);
    g_bytes_unref(s->id);
    g_bytes_unref(s->dir);
    g_free(s);
}

/* fw_cfg.txt "File Directory": BE32 count, then per file BE32 size, BE16
 * select, BE16 reserved, char name[56]. */
static void store_rebuild_dir(fw_cfg_store *s)
{
    guint n = s->files->len;
    uint8_t *d = g_malloc0(4 + 64 * (size_t)n);
    ww_st_be32(d, n);
    for (guint i = 0; i < n; i++) {
        const fw_cfg_file *f = &g_array_index(s->files, fw_cfg_file, i);
        uint8_t *e = d + 4 + 64 * (size_t)i;
        ww_st_be32(e, (uint32_t)g_bytes_get_size(f->data));
        ww_st_be16(e + 4, (uint16_t)(WW_FW_CFG_FILE_FIRST + i));
        memcpy(e + 8, f->name, WW_FW_CFG_MAX_NAME);
    }
    g_bytes_unref(s->dir);
    s->dir = g_bytes_new_take(d, 4 + 64 * (size_t)n);
}

/* The item a selector names (bit 14, the old write channel, is ignored). */
static GBytes *item_of(const fw_cfg_t *f, uint16_t key)
{
    const fw_cfg_store *s = f->store;
    if (!s)
        return NULL;
    bool arch = key & WW_FW_CFG_ARCH_LOCAL;
    unsigned k = key & KEY_ENTRY;
    if (!arch) {
        switch (k) {
        case WW_FW_CFG_SIGNATURE: return s->signature;
        case WW_FW_CFG_ID:        return s->id;
        case WW_FW_CFG_FILE_DIR:  return s->dir;
        default: break;
        }
        if (k >= WW_FW_CFG_FILE_FIRST) {
            k -= WW_FW_CFG_FILE_FIRST;
            return k < s->files->len ? g_array_index(s->files, fw_cfg_file, k).data : NULL;
        }
    } else if (k >= WW_FW_CFG_FILE_FIRST) {
        return NULL;
    }
    return s->items[arch][k];
}

/* ---- guest side ------------------------------------------------------------- */

static void select_item(fw_cfg_t *f, uint16_t key)
{
    f->key = key;
    f->offset = 0;
    ww_chip_trace(&f->chip, "select 0x%04x%s", key, item_of(f, key) ? "" : " (no such item)");
}

/* Next `size` bytes of the selected item in string order, as a big-endian
 * number, zero-padded on the right past the end (QEMU fw_cfg_data_read). */
static uint64_t data_read(fw_cfg_t *f, unsigned size, bool peek)
{
    GBytes *b = item_of(f, f->key);
    size_t len = 0;
    const uint8_t *p = b ? g_bytes_get_data(b, &len) : NULL;
    uint64_t v = 0;
    uint32_t off = f->offset;
    for (unsigned i = 0; i < size; i++) {
        v <<= 8;
        if (p && off < len)
            v |= p[off++];
    }
    if (!peek)
        f->offset = off;
    return v;
}

static void dma_status(fw_cfg_t *f, uint64_t desc, uint32_t control)
{
    uint8_t b[4];
    ww_st_be32(b, control);
    /* FWCfgDmaAccess.control is the first field. If it is not in memory the
     * guest cannot see it anyway. */
    ww_dma_write(&f->chip, BUS_DMA, desc, b, 4);
}

static bool dma_copy_out(fw_cfg_t *f, uint64_t addr, const uint8_t *src, uint64_t n)
{
    while (n) {
        size_t c = (size_t)MIN(n, (uint64_t)DMA_CHUNK);
        if (ww_dma_write(&f->chip, BUS_DMA, addr, src, c) != WW_DMA_OK)
            return false;
        addr += c;
        src += c;
        n -= c;
    }
    return true;
}

static bool dma_zero(fw_cfg_t *f, uint64_t addr, uint64_t n)
{
    static const uint8_t zeros[ZERO_CHUNK];
    while (n) {
        size_t c = (size_t)MIN(n, (uint64_t)ZERO_CHUNK);
        if (ww_dma_write(&f->chip, BUS_DMA, addr, zeros, c) != WW_DMA_OK)
            return false;
        addr += c;
        n -= c;
    }
    return true;
}

/* fw_cfg.txt "DMA interface": read the FWCfgDmaAccess at the latched address
 * (BE32 control, BE32 length, BE64 address), run it, write the control word
 * back: 0 when done, CTL_ERROR on failure. */
static void dma_transfer(fw_cfg_t *f)
{
    uint64_t desc = f->dma_addr;
    f->dma_addr = 0;
    uint8_t d[16];
    if (ww_dma_read(&f->chip, BUS_DMA, desc, d, sizeof d) != WW_DMA_OK) {
        ww_chip_guest_error(&f->chip, "DMA descriptor at 0x%" G_GINT64_MODIFIER "x is not in "
                            "memory", desc);
        dma_status(f, desc, CTL_ERROR);
        return;
    }
    uint32_t control = ww_ld_be32(d);
    uint64_t length = ww_ld_be32(d + 4);
    uint64_t addr = (uint64_t)ww_ld_be32(d + 8) << 32 | ww_ld_be32(d + 12);
    if (control & CTL_SELECT)
        select_item(f, (uint16_t)(control >> 16));
    bool read = false, write = false;
    if (control & CTL_READ)
        read = true;
    else if (control & CTL_WRITE)
        write = true;
    else if (!(control & CTL_SKIP))
        length = 0;   /* no operation: only the selection */
    ww_chip_trace(&f->chip, "DMA %s of %" G_GUINT64_FORMAT " bytes of 0x%04x at 0x%"
                  G_GINT64_MODIFIER "x", read ? "read" : write ? "write" : "skip", length,
                  f->key, addr);
    GBytes *b = item_of(f, f->key);
    size_t len = 0;
    const uint8_t *p = b ? g_bytes_get_data(b, &len) : NULL;
    uint32_t status = 0;
    while (length && !(status & CTL_ERROR)) {
        uint64_t n;
        if (!p || f->offset >= len) {
            /* Past the end: reads give zeros, skips move nothing. */
            n = length;
            if (read && !dma_zero(f, addr, n))
                status |= CTL_ERROR;
        } else {
            n = MIN(length, (uint64_t)(len - f->offset));
            if (read && !dma_copy_out(f, addr, p + f->offset, n))
                status |= CTL_ERROR;
            f->offset += (uint32_t)n;
        }
        if (write) {
            ww_chip_guest_error(&f->chip, "DMA write to read-only item 0x%04x", f->key);
            status |= CTL_ERROR;
        }
        addr += n;
        length -= n;
    }
    if (status & CTL_ERROR)
        ww_chip_guest_error(&f->chip, "DMA of item 0x%04x failed (guest buffer at 0x%"
                            G_GINT64_MODIFIER "x)", f->key, addr);
    dma_status(f, desc, status);
}

/* The DMA register (4 bytes high, 4 bytes low, big-endian), at `off` 0..7. */
static void dma_reg_write(fw_cfg_t *f, uint64_t off, uint64_t v, unsigned size)
{
    if (!f->dma_enabled) {
        ww_chip_guest_error(&f->chip, "DMA register written but the DMA interface is off "
                            "(dma=false)");
        return;
    }
    if (size == 4 && off == DMA_HI) {
        f->dma_addr = v << 32;
    } else if (size == 4 && off == DMA_LO) {
        f->dma_addr |= v & 0xffffffffu;
        dma_transfer(f);
    } else if (size == 8 && off == 0) {
        f->dma_addr = v;
        dma_transfer(f);
    } else {
        ww_chip_guest_error(&f->chip, "%u-byte write at DMA+%" G_GINT64_MODIFIER "u ignored; "
                            "expected 4 bytes at +0/+4 or 8 at +0", size, off);
    }
}

/* Reads of the DMA register return the signature bytes at those offsets. */
static uint64_t dma_reg_read(fw_cfg_t *f, uint64_t off, unsigned size)
{
    if (!f->dma_enabled || off + size > 8)
        return 0;
    unsigned shift = (unsigned)(8 * (8 - off - size));
    uint64_t mask = size >= 8 ? UINT64_MAX : (1ull << (8 * size)) - 1;
    return (DMA_SIGNATURE >> shift) & mask;
}

static bool variant_ok(fw_cfg_t *f, unsigned region, const char *what, uint64_t off, bool peek)
{
    bool mmio = f->variant == VARIANT_MMIO;
    if (mmio == (region == REGION_MMIO))
        return true;
    if (!peek)
        ww_chip_guest_error(&f->chip, "%s at %s+0x%" G_GINT64_MODIFIER "x: this is the %s "
                            "variant (region '%s')", what, region == REGION_MMIO ? "mmio" :
                            region == REGION_DMA ? "dma" : "io", off, mmio ? "mmio" : "io",
                            mmio ? "mmio" : "io/dma");
    return false;
}

static uint64_t fw_cfg_read(ww_chip *c, unsigned region, uint64_t off, unsigned size,
                            ww_access how)
{
    fw_cfg_t *f = (fw_cfg_t *)c;
    bool peek = how == WW_PEEK;
    if (!variant_ok(f, region, "read", off, peek))
        return 0;
    switch (region) {
    case REGION_IO:
        /* QEMU's x86 region takes byte reads only, at either port: data. */
        if (size != 1) {
            if (!peek)
                ww_chip_guest_error(c, "%u-byte read of the fw_cfg ports; expected bytes",
                                    size);
            return 0;
        }
        return data_read(f, 1, peek);
    case REGION_DMA:
        return dma_reg_read(f, off, size);
    default:
        if (off < MMIO_SELECTOR)
            return data_read(f, MIN(size, (unsigned)(MMIO_SELECTOR - off)), peek);
        if (off >= MMIO_DMA)
            return dma_reg_read(f, off - MMIO_DMA, size);
        return 0;   /* the selector reads 0 */
    }
}

static void fw_cfg_write(ww_chip *c, unsigned region, uint64_t off, uint64_t val, unsigned size)
{
    fw_cfg_t *f = (fw_cfg_t *)c;
    if (!variant_ok(f, region, "write", off, false))
        return;
    switch (region) {
    case REGION_IO:
        if (off == IO_SELECTOR && size == 2)
            select_item(f, (uint16_t)val);
        else
            ww_chip_guest_error(c, "%u-byte write 0x%" G_GINT64_MODIFIER "x at port +%"
                                G_GINT64_MODIFIER "u ignored (data writes are not "
                                "supported; the selector takes 16 bits)", size, val, off);
        return;
    case REGION_DMA:
        dma_reg_write(f, off, val, size);
        return;
    default:
        if (off == MMIO_SELECTOR && size == 2)
            select_item(f, (uint16_t)val);
        else if (off >= MMIO_DMA)
            dma_reg_write(f, off - MMIO_DMA, val, size);
        else
            ww_chip_guest_error(c, "%u-byte write at mmio+0x%" G_GINT64_MODIFIER "x ignored",
                                size, off);
        return;
    }
}

static bool fw_cfg_realize(ww_chip *c, GError **err)
{
    fw_cfg_t *f = (fw_cfg_t *)c;
    f->store = store_new(f->dma_enabled);
    return true;
}

static void fw_cfg_unrealize(ww_chip *c)
{
    fw_cfg_t *f = (fw_cfg_t *)c;
    store_free(f->store);
    f->store = NULL;
}

/* ---- host side (fw_cfg.h) ------------------------------------------------------ */

static const ww_chip_class fw_cfg_class;

bool ww_fw_cfg_is(const ww_chip *chip)
{
    return chip && chip->cls == &fw_cfg_class;
}

ww_chip *ww_fw_cfg_find(ww_machine *m)
{
    ww_chip *const *chips;
    unsigned n = ww_machine_chips(m, &chips);
    for (unsigned i = 0; i < n; i++)
        if (ww_fw_cfg_is(chips[i]))
            return chips[i];
    return NULL;
}

bool ww_fw_cfg_is_mmio(const ww_chip *chip)
{
    return ww_fw_cfg_is(chip) && ((const fw_cfg_t *)chip)->variant == VARIANT_MMIO;
}

bool ww_fw_cfg_has_dma(const ww_chip *chip)
{
    return ww_fw_cfg_is(chip) && ((const fw_cfg_t *)chip)->dma_enabled;
}

static fw_cfg_t *need(ww_chip *chip, GError **err)
{
    if (!ww_fw_cfg_is(chip)) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "%s is not a fw_cfg device",
                    chip ? chip->id : "(null)");
        return NULL;
    }
    fw_cfg_t *f = (fw_cfg_t *)chip;
    if (!f->store) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "%s: fw_cfg items can be added only "
                    "once the device is realized", chip->id);
        return NULL;
    }
    return f;
}

static int cmp_file(gconstpointer a, gconstpointer b)
{
    return strcmp(((const fw_cfg_file *)a)->name, ((const fw_cfg_file *)b)->name);
}

bool ww_fw_cfg_add_file(ww_chip *chip, const char *name, GBytes *data, GError **err)
{
    fw_cfg_t *f = need(chip, err);
    if (!f)
        return false;
    size_t nl = name ? strlen(name) : 0;
    if (!nl || nl >= WW_FW_CFG_MAX_NAME) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "%s: fw_cfg file name '%s' is %zu bytes; "
                    "expected 1 to %u", chip->id, name ? name : "", nl, WW_FW_CFG_MAX_NAME - 1);
        return false;
    }
    if (g_bytes_get_size(data) > WW_FW_CFG_MAX_ITEM) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "%s: fw_cfg file '%s' is %zu bytes; "
                    "expected at most %u", chip->id, name, g_bytes_get_size(data),
                    WW_FW_CFG_MAX_ITEM);
        return false;
    }
    GArray *files = f->store->files;
    if (files->len >= WW_FW_CFG_MAX_FILES) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "%s: the fw_cfg directory is full "
                    "(%u files)", chip->id, files->len);
        return false;
    }
    fw_cfg_file nf = { .data = NULL };
    memcpy(nf.name, name, nl);
    guint at = 0;
    while (at < files->len && cmp_file(&g_array_index(files, fw_cfg_file, at), &nf) < 0)
        at++;
    if (at < files->len && !cmp_file(&g_array_index(files, fw_cfg_file, at), &nf)) {
        g_set_error(err, WW_ERROR, WW_ERROR_CONFLICT, "%s: fw_cfg file '%s' already exists",
                    chip->id, name);
        return false;
    }
    nf.data = g_bytes_ref(data);
    g_array_insert_val(files, at, nf);
    store_rebuild_dir(f->store);
    return true;
}

bool ww_fw_cfg_add_file_copy(ww_chip *chip, const char *name, const void *data, size_t len,
                             GError **err)
{
    GBytes *b = g_bytes_new(data, len);
    bool ok = ww_fw_cfg_add_file(chip, name, b, err);
    g_bytes_unref(b);
    return ok;
}

bool ww_fw_cfg_set_item(ww_chip *chip, uint16_t key, GBytes *data, GError **err)
{
    fw_cfg_t *f = need(chip, err);
    if (!f)
        return false;
    bool arch = key & WW_FW_CFG_ARCH_LOCAL;
    unsigned k = key & ~WW_FW_CFG_ARCH_LOCAL;
    bool generated = !arch && (k == WW_FW_CFG_SIGNATURE || k == WW_FW_CFG_ID ||
                               k == WW_FW_CFG_FILE_DIR);
    if (k >= WW_FW_CFG_FILE_FIRST || generated) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "%s: fw_cfg item 0x%04x cannot be set; "
                    "expected 0x02-0x18 or 0x8000-0x801f (files are added by name; "
                    "0x00, 0x01 and 0x19 are the device's own)", chip->id, key);
        return false;
    }
    if (g_bytes_get_size(data) > WW_FW_CFG_MAX_ITEM) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "%s: fw_cfg item 0x%04x is %zu bytes; "
                    "expected at most %u", chip->id, key, g_bytes_get_size(data),
                    WW_FW_CFG_MAX_ITEM);
        return false;
    }
    GBytes **slot = &f->store->items[arch][k];
    if (*slot)
        g_bytes_unref(*slot);
    *slot = g_bytes_ref(data);
    return true;
}

static bool set_num(ww_chip *chip, uint16_t key, uint64_t v, unsigned n, GError **err)
{
    uint8_t b[8];
    for (unsigned i = 0; i < n; i++)
        b[i] = (uint8_t)(v >> (8 * i));
    GBytes *g = g_bytes_new(b, n);
    bool ok = ww_fw_cfg_set_item(chip, key, g, err);
    g_bytes_unref(g);
    return ok;
}

bool ww_fw_cfg_set_u16(ww_chip *chip, uint16_t key, uint16_t v, GError **err)
{
    return set_num(chip, key, v, 2, err);
}

bool ww_fw_cfg_set_u32(ww_chip *chip, uint16_t key, uint32_t v, GError **err)
{
    return set_num(chip, key, v, 4, err);
}

bool ww_fw_cfg_set_u64(ww_chip *chip, uint16_t key, uint64_t v, GError **err)
{
    return set_num(chip, key, v, 8, err);
}

GBytes *ww_fw_cfg_get(ww_chip *chip, uint16_t key)
{
    return ww_fw_cfg_is(chip) ? item_of((fw_cfg_t *)chip, key) : NULL;
}

GBytes *ww_fw_cfg_get_file(ww_chip *chip, const char *name, uint16_t *key)
{
    if (!ww_fw_cfg_is(chip) || !((fw_cfg_t *)chip)->store || !name)
        return NULL;
    GArray *files = ((fw_cfg_t *)chip)->store->files;
    for (guint i = 0; i < files->len; i++) {
        const fw_cfg_file *e = &g_array_index(files, fw_cfg_file, i);
        if (!strncmp(e->name, name, WW_FW_CFG_MAX_NAME)) {
            if (key)
                *key = (uint16_t)(WW_FW_CFG_FILE_FIRST + i);
            return e->data;
        }
    }
    return NULL;
}

unsigned ww_fw_cfg_file_count(ww_chip *chip)
{
    if (!ww_fw_cfg_is(chip) || !((fw_cfg_t *)chip)->store)
        return 0;
    return ((fw_cfg_t *)chip)->store->files->len;
}

/* ---- descriptor ------------------------------------------------------------------ */

static const char *const fw_cfg_variants[] = { "io", "mmio", NULL };

static const ww_prop_desc fw_cfg_props[] = {
    { "variant", WW_PROP_ENUM, AT(variant), "io", 0, 0, fw_cfg_variants, WW_UNIT_NONE,
      "io: x86 ports (regions io at 0x510, dma at 0x514); mmio: one big-endian region "
      "(data +0, selector +8, DMA +16) as on ARM virt; PowerPC maps +8 and +0 with offset=" },
    { "dma", WW_PROP_BOOL, AT(dma_enabled), "true", 0, 0, NULL, WW_UNIT_NONE,
      "offer the DMA interface (ID bit 1); QEMU's Power Mac machines have none" },
    { 0 }
};

static const ww_region_desc fw_cfg_regions[] = {
    [REGION_IO]   = { "io", 2, 1, 2, WW_LITTLE_ENDIAN, 0,
                      "variant=io: selector (16-bit write at +0), data (byte reads)" },
    [REGION_DMA]  = { "dma", 8, 1, 8, WW_BIG_ENDIAN, 0,
                      "variant=io: DMA address, big-endian (x86: 0x514, low half 0x518)" },
    [REGION_MMIO] = { "mmio", MMIO_SIZE, 1, 8, WW_BIG_ENDIAN, 0,
                      "variant=mmio: data +0 (1-8 bytes), selector +8, DMA address +16" },
    [REGION__COUNT] = { 0 }
};

static const ww_bus_desc fw_cfg_buses[] = {
    [BUS_DMA] = { "dma", "where DMA descriptors and buffers are (PC: alias it to cpu.mem)",
                  64, WW_LITTLE_ENDIAN, WW_UNMAPPED_BUS_ERROR, 0 },
    [BUS__COUNT] = { 0 }
};

static const ww_chip_class fw_cfg_class = {
    .type = "fw_cfg",
    .summary = "QEMU firmware configuration device (fw_cfg), port I/O or MMIO, with DMA",
    .doc = "QEMU docs/specs/fw_cfg.txt: selector, data, signature, ID, file directory, "
           "DMA interface (read, skip, select; write is refused). Items are host "
           "configuration (chips/firmware/fw_cfg.h), filled by firmware-loaders/.",
    .size = sizeof(fw_cfg_t),
    .version = 1,
    .props = fw_cfg_props,
    .regions = fw_cfg_regions,
    .regs = fw_cfg_regs,
    .buses = fw_cfg_buses,
    .realize = fw_cfg_realize,
    .unrealize = fw_cfg_unrealize,
    .read = fw_cfg_read,
    .write = fw_cfg_write,
};
WW_CHIP_REGISTER(fw_cfg_class)
