/* tests/chips/firmware/fw_cfg.c — the fw_cfg device driven through the bus as
 * its real clients drive it: SeaBIOS src/fw/paravirt.c (qemu_cfg_init: the
 * signature by port I/O, the ID, the file directory and the items by DMA or
 * by port I/O, skips), QEMU's linuxboot_dma.bin (every item by a DMA
 * descriptor on its stack), and hostile guests (descriptors and buffers
 * outside RAM, huge lengths, reads past the end). Facts: QEMU
 * docs/specs/fw_cfg.txt. */
#include "tests/harness.h"
#include "core/machine.h"
#include "chips/firmware/fw_cfg.h"

enum { SEL = 0x510, DATA = 0x511, DMA_HI = 0x514, DMA_LO = 0x518 };
enum { CTL_ERROR = 1, CTL_READ = 2, CTL_SKIP = 4, CTL_SELECT = 8, CTL_WRITE = 0x10 };
#define RAM_SIZE (1u << 20)
#define DESC 0x1000u        /* where the tests put their FWCfgDmaAccess */

typedef struct {
    ww_machine *m;
    ww_space *io, *mem;
    ww_chip *fw;
    uint8_t *ram;
} rig;

static void rig_xml(rig *r, const char *chip_attrs)
{
    char *xml = g_strdup_printf(
        "<machine name=\"test/fwcfg\">\n"
        "  <space name=\"cpu.io\" bits=\"16\" endian=\"little\" open-bus=\"0xffffffff\"/>\n"
        "  <space name=\"cpu.mem\" bits=\"32\" endian=\"little\"/>\n"
        "  <ram id=\"ram\" size=\"1MiB\"/>\n"
        "  <map space=\"cpu.mem\" at=\"0\" to=\"ram\"/>\n"
        "  <chip id=\"fwcfg\" type=\"fw_cfg\" %s/>\n"
        "  <space name=\"fwcfg.dma\" alias=\"cpu.mem\"/>\n"
        "  <map space=\"cpu.io\" at=\"0x510\" to=\"fwcfg.io\"/>\n"
        "  <map space=\"cpu.io\" at=\"0x514\" to=\"fwcfg.dma\"/>\n"
        "</machine>\n", chip_attrs);
    r->m = ww_test_machine_xml(xml);
    g_free(xml);
    r->io = ww_machine_find_space(r->m, "cpu.io");
    r->mem = ww_machine_find_space(r->m, "cpu.mem");
    r->fw = ww_machine_find_chip(r->m, "fwcfg");
    r->ram = ww_machine_find_memory(r->m, "ram", NULL);
    WW_CHECK(r->io && r->mem && r->fw && r->ram);
}

static void rig_init(rig *r)
{
    rig_xml(r, "");
}

static void rig_free(rig *r)
{
    ww_machine_free(r->m);
}

static void outw(rig *r, uint16_t port, uint16_t v) { ww_space_write(r->io, port, 2, v); }
static void outl(rig *r, uint16_t port, uint32_t v) { ww_space_write(r->io, port, 4, v); }
static uint8_t inb(rig *r, uint16_t port)
{
    uint64_t v = 0;
    ww_space_read(r->io, port, 1, &v);
    return (uint8_t)v;
}

/* SeaBIOS qemu_cfg_select / insb(PORT_QEMU_CFG_DATA, buf, len). */
static void cfg_select(rig *r, uint16_t key) { outw(r, SEL, key); }
static void cfg_read_pio(rig *r, void *buf, size_t len)
{
    uint8_t *b = buf;
    for (size_t i = 0; i < len; i++)
        b[i] = inb(r, DATA);
}

static void put_desc(rig *r, uint32_t at, uint32_t control, uint32_t length, uint64_t addr)
{
    ww_st_be32(r->ram + at, control);
    ww_st_be32(r->ram + at + 4, length);
    ww_st_be32(r->ram + at + 8, (uint32_t)(addr >> 32));
    ww_st_be32(r->ram + at + 12, (uint32_t)addr);
}

/* SeaBIOS qemu_cfg_dma_transfer: the descriptor on the stack, big-endian,
 * then outl(cpu_to_be32(&access), PORT_QEMU_CFG_DMA_ADDR_LOW); returns the
 * control word the device wrote back. */
static uint32_t cfg_dma(rig *r, uint32_t control, uint32_t length, uint64_t addr)
{
    put_desc(r, DESC, control, length, addr);
    outl(r, DMA_LO, GUINT32_SWAP_LE_BE(DESC));
    return ww_ld_be32(r->ram + DESC);
}

static void add(rig *r, const char *name, const char *text)
{
    GError *err = NULL;
    WW_CHECK_NOERR(ww_fw_cfg_add_file_copy(r->fw, name, text, strlen(text), &err), err);
}

WW_TEST("chips/fw_cfg/signature-by-ports", t_signature)
{
    rig r;
    rig_init(&r);
    /* qemu_cfg_init: select 0x0000, four inb of the data port give "QEMU". */
    char sig[5] = { 0 };
    cfg_select(&r, 0x0000);
    cfg_read_pio(&r, sig, 4);
    WW_CHECK_STR(sig, "QEMU");
    /* After reset the signature is already selected. */
    ww_machine_reset(r.m, WW_RESET_HARD);
    cfg_read_pio(&r, sig, 4);
    WW_CHECK_STR(sig, "QEMU");
    /* The selector port answers byte reads with data too (QEMU's combined region). */
    cfg_select(&r, 0x0000);
    WW_CHECK_EQ(inb(&r, SEL), 'Q');
    WW_CHECK_EQ(inb(&r, DATA), 'E');
    rig_free(&r);
}

WW_TEST("chips/fw_cfg/id-bits", t_id)
{
    rig r;
    rig_init(&r);
    /* Item 0x01 is LE32: bit 0 traditional interface, bit 1 DMA. */
    uint8_t id[4];
    cfg_select(&r, 0x0001);
    cfg_read_pio(&r, id, 4);
    WW_CHECK_EQ(ww_ld_le32(id), 3);
    rig_free(&r);
    /* dma=false: only the traditional bit, and the DMA register does nothing. */
    rig_xml(&r, "dma=\"false\"");
    cfg_select(&r, 0x0001);
    cfg_read_pio(&r, id, 4);
    WW_CHECK_EQ(ww_ld_le32(id), 1);
    put_desc(&r, DESC, (0x0001u << 16) | CTL_SELECT | CTL_READ, 4, 0x2000);
    outl(&r, DMA_LO, GUINT32_SWAP_LE_BE(DESC));
    WW_CHECK_EQ(ww_ld_be32(r.ram + DESC), (0x0001u << 16) | CTL_SELECT | CTL_READ);
    WW_CHECK_EQ(ww_ld_le32(r.ram + 0x2000), 0);
    rig_free(&r);
}

WW_TEST("chips/fw_cfg/select-rewinds", t_rewind)
{
    rig r;
    rig_init(&r);
    add(&r, "etc/test", "abcdef");
    uint16_t key;
    WW_CHECK(ww_fw_cfg_get_file(r.fw, "etc/test", &key));
    cfg_select(&r, key);
    WW_CHECK_EQ(inb(&r, DATA), 'a');
    WW_CHECK_EQ(inb(&r, DATA), 'b');
    /* Writing the selector again starts the item over, even the same key. */
    cfg_select(&r, key);
    WW_CHECK_EQ(inb(&r, DATA), 'a');
    rig_free(&r);
}

WW_TEST("chips/fw_cfg/past-end-and-missing-read-zero", t_past_end)
{
    rig r;
    rig_init(&r);
    add(&r, "etc/x", "xy");
    uint16_t key;
    ww_fw_cfg_get_file(r.fw, "etc/x", &key);
    cfg_select(&r, key);
    uint8_t b[5];
    cfg_read_pio(&r, b, 5);
    WW_CHECK(b[0] == 'x' && b[1] == 'y' && !b[2] && !b[3] && !b[4]);
    /* An item nobody set, a file selector past the directory, an arch key: 0. */
    static const uint16_t absent[] = { 0x0003, 0x0021, 0x3fff, 0x8005, 0x8040, 0xffff };
    for (size_t i = 0; i < G_N_ELEMENTS(absent); i++) {
        cfg_select(&r, absent[i]);
        WW_CHECK_EQ(inb(&r, DATA), 0);
    }
    rig_free(&r);
}

WW_TEST("chips/fw_cfg/peek-does-not-advance", t_peek)
{
    rig r;
    rig_init(&r);
    cfg_select(&r, 0);
    uint64_t v;
    /* A debugger's read shows the next byte and leaves it there. */
    WW_CHECK_EQ(ww_space_peek(r.io, DATA, 1, &v), WW_BUS_OK);
    WW_CHECK_EQ(v, 'Q');
    WW_CHECK_EQ(ww_space_peek(r.io, DATA, 1, &v), WW_BUS_OK);
    WW_CHECK_EQ(v, 'Q');
    WW_CHECK_EQ(inb(&r, DATA), 'Q');
    const ww_reg_desc *off = ww_chip_find_reg(r.fw->cls, "OFFSET", NULL);
    WW_CHECK_EQ(ww_chip_reg_get(r.fw, off, 0), 1);
    rig_free(&r);
}

WW_TEST("chips/fw_cfg/directory-layout", t_dir)
{
    rig r;
    rig_init(&r);
    /* Added out of order: the directory is sorted by name, selectors from 0x20. */
    add(&r, "etc/zz", "3");
    add(&r, "bootorder", "1");
    add(&r, "etc/aa", "22");
    WW_CHECK_EQ(ww_fw_cfg_file_count(r.fw), 3);
    /* qemu_cfg_init: the count is big-endian; each entry is size BE32,
     * select BE16, reserved, name[56]. Read by port I/O as older SeaBIOS. */
    uint8_t cnt[4];
    cfg_select(&r, 0x0019);
    cfg_read_pio(&r, cnt, 4);
    WW_CHECK_EQ(ww_ld_be32(cnt), 3);
    static const char *const names[] = { "bootorder", "etc/aa", "etc/zz" };
    static const uint32_t sizes[] = { 1, 2, 1 };
    for (unsigned i = 0; i < 3; i++) {
        uint8_t e[64];
        cfg_read_pio(&r, e, 64);
        WW_CHECK_EQ(ww_ld_be32(e), sizes[i]);
        WW_CHECK_EQ(ww_ld_be16(e + 4), 0x20 + i);
        WW_CHECK_EQ(ww_ld_be16(e + 6), 0);
        WW_CHECK_STR((const char *)e + 8, names[i]);
        WW_CHECK_EQ(e[63], 0);
    }
    /* Selecting 0x21 gives etc/aa's bytes. */
    cfg_select(&r, 0x21);
    WW_CHECK_EQ(inb(&r, DATA), '2');
    rig_free(&r);
}

WW_TEST("chips/fw_cfg/host-api-errors", t_api_errors)
{
    rig r;
    rig_init(&r);
    GError *err = NULL;
    add(&r, "etc/one", "1");
    /* A second file of the same name. */
    WW_CHECK_ERR(ww_fw_cfg_add_file_copy(r.fw, "etc/one", "2", 1, &err), err, "already exists");
    /* 56 bytes do not fit name[56] with its NUL; 55 do. */
    char name[57];
    memset(name, 'n', 56);
    name[56] = 0;
    WW_CHECK_ERR(ww_fw_cfg_add_file_copy(r.fw, name, "x", 1, &err), err, "expected 1 to 55");
    name[55] = 0;
    WW_CHECK_NOERR(ww_fw_cfg_add_file_copy(r.fw, name, "x", 1, &err), err);
    WW_CHECK_ERR(ww_fw_cfg_add_file_copy(r.fw, "", "x", 1, &err), err, "expected 1 to 55");
    /* Numbered items: not the generated ones, not in the file range. */
    WW_CHECK_ERR(ww_fw_cfg_set_u32(r.fw, 0x0000, 1, &err), err, "cannot be set");
    WW_CHECK_ERR(ww_fw_cfg_set_u32(r.fw, 0x0001, 1, &err), err, "cannot be set");
    WW_CHECK_ERR(ww_fw_cfg_set_u32(r.fw, 0x0019, 1, &err), err, "cannot be set");
    WW_CHECK_ERR(ww_fw_cfg_set_u32(r.fw, 0x0020, 1, &err), err, "cannot be set");
    WW_CHECK_ERR(ww_fw_cfg_set_u32(r.fw, 0x8020, 1, &err), err, "cannot be set");
    /* Setting an item twice replaces it (QEMU fw_cfg_modify_*). */
    WW_CHECK_NOERR(ww_fw_cfg_set_u16(r.fw, 0x0005, 1, &err), err);
    WW_CHECK_NOERR(ww_fw_cfg_set_u16(r.fw, 0x0005, 2, &err), err);
    WW_CHECK_EQ(g_bytes_get_size(ww_fw_cfg_get(r.fw, 0x0005)), 2);
    cfg_select(&r, 0x0005);
    WW_CHECK_EQ(inb(&r, DATA), 2);
    /* Not a fw_cfg chip. */
    WW_CHECK_ERR(ww_fw_cfg_set_u16(NULL, 0x0005, 1, &err), err, "not a fw_cfg");
    /* An unrealized device has no items yet. */
    ww_chip *c = ww_chip_new("fw_cfg", "loose", ww_machine_sched(r.m), &err);
    WW_CHECK_NOERR(c, err);
    WW_CHECK_ERR(ww_fw_cfg_set_u16(c, 0x0005, 1, &err), err, "realized");
    ww_chip_free(c);
    rig_free(&r);
}

WW_TEST("chips/fw_cfg/numbers-are-little-endian", t_numbers)
{
    rig r;
    rig_init(&r);
    GError *err = NULL;
    /* QEMU fw_cfg_add_i16/i32/i64 store cpu_to_le*. */
    WW_CHECK_NOERR(ww_fw_cfg_set_u16(r.fw, 0x0005, 0x0102, &err), err);
    WW_CHECK_NOERR(ww_fw_cfg_set_u32(r.fw, 0x0007, 0x01020304, &err), err);
    WW_CHECK_NOERR(ww_fw_cfg_set_u64(r.fw, 0x0003, 0x0102030405060708ull, &err), err);
    uint8_t b[8];
    cfg_select(&r, 0x0005);
    cfg_read_pio(&r, b, 2);
    WW_CHECK_EQ(ww_ld_le16(b), 0x0102);
    cfg_select(&r, 0x0007);
    cfg_read_pio(&r, b, 4);
    WW_CHECK_EQ(ww_ld_le32(b), 0x01020304);
    cfg_select(&r, 0x0003);
    cfg_read_pio(&r, b, 8);
    WW_CHECK_EQ(ww_ld_le32(b), 0x05060708);
    WW_CHECK_EQ(ww_ld_le32(b + 4), 0x01020304);
    rig_free(&r);
}

WW_TEST("chips/fw_cfg/arch-local-and-write-channel", t_arch)
{
    rig r;
    rig_init(&r);
    GError *err = NULL;
    /* The legacy e820 item (0x8003) lives in the arch-local set. */
    WW_CHECK_NOERR(ww_fw_cfg_set_u32(r.fw, 0x8003, 0xaabbccdd, &err), err);
    WW_CHECK_NOERR(ww_fw_cfg_set_u32(r.fw, 0x0003, 0x11223344, &err), err);
    cfg_select(&r, 0x8003);
    WW_CHECK_EQ(inb(&r, DATA), 0xdd);
    cfg_select(&r, 0x0003);
    WW_CHECK_EQ(inb(&r, DATA), 0x44);
    /* Bit 14 (the old write channel) selects the same item. */
    cfg_select(&r, 0x4003);
    WW_CHECK_EQ(inb(&r, DATA), 0x44);
    cfg_select(&r, 0xc003);
    WW_CHECK_EQ(inb(&r, DATA), 0xdd);
    rig_free(&r);
}

WW_TEST("chips/fw_cfg/data-writes-ignored", t_data_write)
{
    rig r;
    rig_init(&r);
    cfg_select(&r, 0);
    WW_CHECK_EQ(inb(&r, DATA), 'Q');
    /* Byte writes to either port are the removed data-write interface: the
     * selection and the offset stay. */
    ww_space_write(r.io, DATA, 1, 0x55);
    ww_space_write(r.io, SEL, 1, 0x01);
    WW_CHECK_EQ(inb(&r, DATA), 'E');
    /* A 16-bit read is not a data access here (QEMU accepts bytes only). */
    uint64_t v;
    ww_space_read(r.io, SEL, 2, &v);
    WW_CHECK_EQ(inb(&r, DATA), 'M');
    rig_free(&r);
}

WW_TEST("chips/fw_cfg/dma-read-entry", t_dma_entry)
{
    rig r;
    rig_init(&r);
    add(&r, "etc/hello", "hello, fw_cfg");
    uint16_t key;
    ww_fw_cfg_get_file(r.fw, "etc/hello", &key);
    /* qemu_cfg_read_entry with DMA: select + read in one descriptor. */
    uint32_t st = cfg_dma(&r, (uint32_t)key << 16 | CTL_SELECT | CTL_READ, 13, 0x3000);
    WW_CHECK_EQ(st, 0);
    WW_CHECK(!memcmp(r.ram + 0x3000, "hello, fw_cfg", 13));
    /* The address latch went back to 0. */
    const ww_reg_desc *a = ww_chip_find_reg(r.fw->cls, "DMA_ADDRESS", NULL);
    WW_CHECK_EQ(ww_chip_reg_get(r.fw, a, 0), 0);
    /* The signature and ID read the same way (qemu_cfg_init's ID check). */
    st = cfg_dma(&r, 0x0001u << 16 | CTL_SELECT | CTL_READ, 4, 0x3100);
    WW_CHECK_EQ(st, 0);
    WW_CHECK_EQ(ww_ld_le32(r.ram + 0x3100), 3);
    rig_free(&r);
}

WW_TEST("chips/fw_cfg/dma-directory-like-seabios", t_dma_dir)
{
    rig r;
    rig_init(&r);
    add(&r, "etc/e820", "0123456789abcdefghij");
    add(&r, "bootorder", "/rom@genroms/linuxboot_dma.bin");
    /* qemu_cfg_init: count by a select+read, then one qemu_cfg_read (read,
     * no select) per 64-byte entry: the offset carries over. */
    WW_CHECK_EQ(cfg_dma(&r, 0x0019u << 16 | CTL_SELECT | CTL_READ, 4, 0x4000), 0);
    uint32_t n = ww_ld_be32(r.ram + 0x4000);
    WW_CHECK_EQ(n, 2);
    for (uint32_t i = 0; i < n; i++)
        WW_CHECK_EQ(cfg_dma(&r, CTL_READ, 64, 0x4100 + 64 * i), 0);
    WW_CHECK_STR((const char *)r.ram + 0x4100 + 8, "bootorder");
    WW_CHECK_EQ(ww_ld_be16(r.ram + 0x4100 + 4), 0x20);
    WW_CHECK_STR((const char *)r.ram + 0x4140 + 8, "etc/e820");
    WW_CHECK_EQ(ww_ld_be32(r.ram + 0x4140), 20);
    WW_CHECK_EQ(ww_ld_be16(r.ram + 0x4140 + 4), 0x21);
    rig_free(&r);
}

WW_TEST("chips/fw_cfg/dma-skip-then-read", t_dma_skip)
{
    rig r;
    rig_init(&r);
    add(&r, "etc/table", "AAAABBBBCCCC");
    uint16_t key;
    ww_fw_cfg_get_file(r.fw, "etc/table", &key);
    /* qemu_cfg_read_file with skip: select by port, DMA skip, DMA read (the
     * way SeaBIOS reads the legacy ACPI and SMBIOS items). */
    cfg_select(&r, key);
    WW_CHECK_EQ(cfg_dma(&r, CTL_SKIP, 4, 0), 0);
    WW_CHECK_EQ(cfg_dma(&r, CTL_READ, 4, 0x5000), 0);
    WW_CHECK(!memcmp(r.ram + 0x5000, "BBBB", 4));
    /* A skip does not touch memory, even at an address that is no memory. */
    WW_CHECK_EQ(cfg_dma(&r, CTL_SKIP, 2, 0xfffff000ull), 0);
    WW_CHECK_EQ(inb(&r, DATA), 'C');
    WW_CHECK_EQ(inb(&r, DATA), 'C');
    /* A huge skip past the end is done at once. */
    WW_CHECK_EQ(cfg_dma(&r, CTL_SKIP, 0xffffffffu, 0), 0);
    WW_CHECK_EQ(inb(&r, DATA), 0);
    rig_free(&r);
}

WW_TEST("chips/fw_cfg/dma-read-past-end-zero-fills", t_dma_zero)
{
    rig r;
    rig_init(&r);
    add(&r, "etc/short", "xyz");
    uint16_t key;
    ww_fw_cfg_get_file(r.fw, "etc/short", &key);
    memset(r.ram + 0x6000, 0xee, 16);
    /* 3 bytes of the item, then zeros up to the length asked. */
    WW_CHECK_EQ(cfg_dma(&r, (uint32_t)key << 16 | CTL_SELECT | CTL_READ, 8, 0x6000), 0);
    WW_CHECK(!memcmp(r.ram + 0x6000, "xyz\0\0\0\0\0", 8));
    WW_CHECK_EQ(r.ram[0x6008], 0xee);
    /* An item that does not exist reads as zeros too. */
    memset(r.ram + 0x6000, 0xee, 16);
    WW_CHECK_EQ(cfg_dma(&r, 0x0007u << 16 | CTL_SELECT | CTL_READ, 4, 0x6000), 0);
    WW_CHECK_EQ(ww_ld_le32(r.ram + 0x6000), 0);
    rig_free(&r);
}

WW_TEST("chips/fw_cfg/dma-buffer-outside-ram", t_dma_bad_buf)
{
    rig r;
    rig_init(&r);
    add(&r, "etc/data", "0123456789");
    uint16_t key;
    ww_fw_cfg_get_file(r.fw, "etc/data", &key);
    /* A buffer above RAM (1 MiB): the error bit, no host access. */
    WW_CHECK_EQ(cfg_dma(&r, (uint32_t)key << 16 | CTL_SELECT | CTL_READ, 10, 0x200000),
                CTL_ERROR);
    /* Straddling the end of RAM: refused whole (nothing written before RAM's end). */
    memset(r.ram + RAM_SIZE - 4, 0xee, 4);
    WW_CHECK_EQ(cfg_dma(&r, (uint32_t)key << 16 | CTL_SELECT | CTL_READ, 10, RAM_SIZE - 4),
                CTL_ERROR);
    WW_CHECK_EQ(ww_ld_le32(r.ram + RAM_SIZE - 4), 0xeeeeeeee);
    /* A 64-bit address far beyond any bus, and one that wraps. */
    WW_CHECK_EQ(cfg_dma(&r, (uint32_t)key << 16 | CTL_SELECT | CTL_READ, 10,
                        0x123456789abcull), CTL_ERROR);
    WW_CHECK_EQ(cfg_dma(&r, (uint32_t)key << 16 | CTL_SELECT | CTL_READ, 10,
                        0xfffffffffffffffcull), CTL_ERROR);
    rig_free(&r);
}

WW_TEST("chips/fw_cfg/dma-huge-length", t_dma_huge)
{
    rig r;
    rig_init(&r);
    add(&r, "etc/data", "0123456789");
    uint16_t key;
    ww_fw_cfg_get_file(r.fw, "etc/data", &key);
    /* 4 GiB - 1 into a 1 MiB RAM: the item's bytes land, the zero fill runs
     * into the end of RAM and the transfer reports an error. */
    WW_CHECK_EQ(cfg_dma(&r, (uint32_t)key << 16 | CTL_SELECT | CTL_READ, 0xffffffffu, 0x8000),
                CTL_ERROR);
    WW_CHECK(!memcmp(r.ram + 0x8000, "0123456789", 10));
    /* The descriptor itself was not overwritten by the fill (it is below). */
    WW_CHECK_EQ(ww_ld_be32(r.ram + DESC + 4), 0xffffffffu);
    rig_free(&r);
}

WW_TEST("chips/fw_cfg/dma-descriptor-outside-ram", t_dma_bad_desc)
{
    rig r;
    rig_init(&r);
    /* The descriptor address is beyond RAM: nothing to read, nothing written,
     * no crash; the device stays usable. */
    outl(&r, DMA_LO, GUINT32_SWAP_LE_BE(0x00f00000u));
    outl(&r, DMA_LO, GUINT32_SWAP_LE_BE(RAM_SIZE - 8));   /* straddles RAM's end */
    WW_CHECK_EQ(cfg_dma(&r, 0x0000u << 16 | CTL_SELECT | CTL_READ, 4, 0x3000), 0);
    WW_CHECK(!memcmp(r.ram + 0x3000, "QEMU", 4));
    rig_free(&r);
}

WW_TEST("chips/fw_cfg/dma-write-refused", t_dma_write)
{
    rig r;
    rig_init(&r);
    add(&r, "etc/ro", "readonly");
    uint16_t key;
    ww_fw_cfg_get_file(r.fw, "etc/ro", &key);
    memcpy(r.ram + 0x3000, "XXXXXXXX", 8);
    /* Every item is read-only: a write DMA sets the error bit and the item keeps its bytes. */
    WW_CHECK_EQ(cfg_dma(&r, (uint32_t)key << 16 | CTL_SELECT | CTL_WRITE, 8, 0x3000), CTL_ERROR);
    GBytes *b = ww_fw_cfg_get(r.fw, key);
    WW_CHECK(!memcmp(g_bytes_get_data(b, NULL), "readonly", 8));
    /* No operation bit: only the selection happens (length treated as 0). */
    WW_CHECK_EQ(cfg_dma(&r, 0x0000u << 16 | CTL_SELECT, 100, 0x200000), 0);
    WW_CHECK_EQ(inb(&r, DATA), 'Q');
    rig_free(&r);
}

WW_TEST("chips/fw_cfg/dma-address-halves", t_dma_halves)
{
    rig r;
    rig_init(&r);
    put_desc(&r, DESC, 0x0000u << 16 | CTL_SELECT | CTL_READ, 4, 0x3000);
    /* High half then low half (QEMU fw_cfg_dma_mem_write): with a high half of
     * 1 the descriptor is at 4 GiB + DESC, outside RAM: nothing happens. */
    outl(&r, DMA_HI, GUINT32_SWAP_LE_BE(1));
    outl(&r, DMA_LO, GUINT32_SWAP_LE_BE(DESC));
    WW_CHECK_EQ(ww_ld_be32(r.ram + DESC), 0x0000u << 16 | CTL_SELECT | CTL_READ);
    /* The latch went back to 0 after that transfer: a low write alone works. */
    outl(&r, DMA_LO, GUINT32_SWAP_LE_BE(DESC));
    WW_CHECK_EQ(ww_ld_be32(r.ram + DESC), 0);
    WW_CHECK(!memcmp(r.ram + 0x3000, "QEMU", 4));
    /* High 0, low DESC: the same. */
    put_desc(&r, DESC, 0x0001u << 16 | CTL_SELECT | CTL_READ, 4, 0x3000);
    outl(&r, DMA_HI, 0);
    outl(&r, DMA_LO, GUINT32_SWAP_LE_BE(DESC));
    WW_CHECK_EQ(ww_ld_be32(r.ram + DESC), 0);
    WW_CHECK_EQ(ww_ld_le32(r.ram + 0x3000), 3);
    /* Reads of the register give "QEMU CFG"; they change nothing. */
    uint64_t v = 0;
    ww_space_read(r.io, DMA_HI, 4, &v);
    WW_CHECK_EQ(GUINT32_SWAP_LE_BE((uint32_t)v), 0x51454d55);
    ww_space_read(r.io, DMA_LO, 4, &v);
    WW_CHECK_EQ(GUINT32_SWAP_LE_BE((uint32_t)v), 0x20434647);
    /* Odd widths are ignored. */
    put_desc(&r, DESC, 0x0000u << 16 | CTL_SELECT | CTL_READ, 4, 0x3000);
    ww_space_write(r.io, DMA_LO, 2, 0x1000);
    ww_space_write(r.io, DMA_HI + 1, 1, 0x10);
    WW_CHECK_EQ(ww_ld_be32(r.ram + DESC), 0x0000u << 16 | CTL_SELECT | CTL_READ);
    rig_free(&r);
}

/* linuxboot_dma.bin (QEMU pc-bios/optionrom/linuxboot_dma.c, as disassembled
 * from Debian's qemu-system-data 7.2): bios_cfg_read_entry builds the
 * descriptor on its stack — control = key << 16 | SELECT | READ, swapped
 * with bswap — and writes bswap(%esp) to port 0x518 with one outl, then spins
 * while control & ~ERROR. It reads SETUP_ADDR/SIZE/DATA, INITRD_ADDR/SIZE/
 * DATA, KERNEL_ADDR/SIZE/DATA and CMDLINE_ADDR/SIZE/DATA in that order. */
static uint32_t lb_read_entry(rig *r, uint32_t sp, uint16_t key, uint32_t buf, uint32_t len)
{
    put_desc(r, sp, (uint32_t)key << 16 | CTL_SELECT | CTL_READ, len, buf);
    outl(r, DMA_LO, GUINT32_SWAP_LE_BE(sp));
    return ww_ld_be32(r->ram + sp);
}

static uint32_t lb_u32(rig *r, uint32_t sp, uint16_t key)
{
    WW_CHECK_EQ(lb_read_entry(r, sp, key, sp + 0x40, 4), 0);
    return ww_ld_le32(r->ram + sp + 0x40);
}

WW_TEST("chips/fw_cfg/linuxboot-dma-sequence", t_linuxboot)
{
    rig r;
    rig_init(&r);
    GError *err = NULL;
    uint8_t setup[1024], kernel[3000], initrd[777];
    for (unsigned i = 0; i < sizeof setup; i++) setup[i] = (uint8_t)(i * 7);
    for (unsigned i = 0; i < sizeof kernel; i++) kernel[i] = (uint8_t)(i * 13 + 1);
    for (unsigned i = 0; i < sizeof initrd; i++) initrd[i] = (uint8_t)(i * 3 + 5);
    const char cmdline[] = "console=ttyS0";
    struct { uint16_t key; uint32_t v; } nums[] = {
        { 0x16, 0x10000 }, { 0x17, sizeof setup }, { 0x0a, 0x80000 }, { 0x0b, sizeof initrd },
        { 0x07, 0x40000 }, { 0x08, sizeof kernel }, { 0x13, 0x20000 }, { 0x14, sizeof cmdline },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(nums); i++)
        WW_CHECK_NOERR(ww_fw_cfg_set_u32(r.fw, nums[i].key, nums[i].v, &err), err);
    struct { uint16_t key; const void *d; size_t n; } blobs[] = {
        { 0x18, setup, sizeof setup }, { 0x12, initrd, sizeof initrd },
        { 0x11, kernel, sizeof kernel }, { 0x15, cmdline, sizeof cmdline },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(blobs); i++) {
        GBytes *b = g_bytes_new(blobs[i].d, blobs[i].n);
        WW_CHECK_NOERR(ww_fw_cfg_set_item(r.fw, blobs[i].key, b, &err), err);
        g_bytes_unref(b);
    }
    uint32_t sp = 0x6f00;   /* SeaBIOS boots option ROMs on a stack below 0x7000 */
    uint32_t setup_addr = lb_u32(&r, sp, 0x16), setup_size = lb_u32(&r, sp, 0x17);
    WW_CHECK_EQ(lb_read_entry(&r, sp, 0x18, setup_addr, setup_size), 0);
    uint32_t initrd_addr = lb_u32(&r, sp, 0x0a), initrd_size = lb_u32(&r, sp, 0x0b);
    WW_CHECK_EQ(lb_read_entry(&r, sp, 0x12, initrd_addr, initrd_size), 0);
    uint32_t kernel_addr = lb_u32(&r, sp, 0x07), kernel_size = lb_u32(&r, sp, 0x08);
    WW_CHECK_EQ(lb_read_entry(&r, sp, 0x11, kernel_addr, kernel_size), 0);
    uint32_t cmd_addr = lb_u32(&r, sp, 0x13), cmd_size = lb_u32(&r, sp, 0x14);
    WW_CHECK_EQ(lb_read_entry(&r, sp, 0x15, cmd_addr, cmd_size), 0);
    /* Everything landed where the items said. */
    WW_CHECK(!memcmp(r.ram + 0x10000, setup, sizeof setup));
    WW_CHECK(!memcmp(r.ram + 0x80000, initrd, sizeof initrd));
    WW_CHECK(!memcmp(r.ram + 0x40000, kernel, sizeof kernel));
    WW_CHECK_STR((const char *)r.ram + 0x20000, cmdline);
    rig_free(&r);
}

WW_TEST("chips/fw_cfg/large-item-by-dma", t_large)
{
    rig r;
    rig_init(&r);
    /* Items larger than one host DMA chunk arrive whole. */
    size_t n = 900 * 1024;
    uint8_t *big = g_malloc(n);
    for (size_t i = 0; i < n; i++)
        big[i] = (uint8_t)(i ^ (i >> 8));
    GError *err = NULL;
    GBytes *b = g_bytes_new_take(big, n);
    WW_CHECK_NOERR(ww_fw_cfg_add_file(r.fw, "etc/big", b, &err), err);
    uint16_t key;
    ww_fw_cfg_get_file(r.fw, "etc/big", &key);
    WW_CHECK_EQ(cfg_dma(&r, (uint32_t)key << 16 | CTL_SELECT | CTL_READ, (uint32_t)n, 0x10000), 0);
    WW_CHECK(!memcmp(r.ram + 0x10000, g_bytes_get_data(b, NULL), n));
    g_bytes_unref(b);
    rig_free(&r);
}

WW_TEST("chips/fw_cfg/reset-keeps-items", t_reset)
{
    rig r;
    rig_init(&r);
    add(&r, "etc/keep", "kept");
    uint16_t key;
    ww_fw_cfg_get_file(r.fw, "etc/keep", &key);
    cfg_select(&r, key);
    WW_CHECK_EQ(inb(&r, DATA), 'k');
    /* A reset selects the signature; the host's items are still there. */
    ww_machine_reset(r.m, WW_RESET_SOFT);
    WW_CHECK_EQ(inb(&r, DATA), 'Q');
    cfg_select(&r, key);
    WW_CHECK_EQ(inb(&r, DATA), 'k');
    rig_free(&r);
}

WW_TEST("chips/fw_cfg/state-roundtrip", t_state)
{
    rig r;
    rig_init(&r);
    cfg_select(&r, 0);
    inb(&r, DATA);
    inb(&r, DATA);
    outl(&r, DMA_HI, GUINT32_SWAP_LE_BE(0x12));
    /* The guest-visible state (key, offset, DMA latch) is chip state. */
    GByteArray *b = g_byte_array_new();
    ww_chip_state_save(r.fw, b);
    ww_machine_reset(r.m, WW_RESET_POWER);
    GError *err = NULL;
    WW_CHECK_NOERR(ww_chip_state_load(r.fw, b->data, b->len, &err), err);
    g_byte_array_free(b, TRUE);
    WW_CHECK_EQ(inb(&r, DATA), 'M');
    const ww_reg_desc *a = ww_chip_find_reg(r.fw->cls, "DMA_ADDRESS", NULL);
    WW_CHECK_EQ(ww_chip_reg_get(r.fw, a, 0), 0x12ull << 32);
    rig_free(&r);
}

/* The MMIO variant: QEMU's ARM "virt" layout (data +0, 8 bytes wide;
 * selector +8; DMA +16; all big-endian), here on a big-endian bus as the
 * PowerPC machines have, and the Power Mac layout (selector at 0x510, data
 * at 0x512) made from the same region with offset=. */
static void rig_mmio(rig *r)
{
    r->m = ww_test_machine_xml(
        "<machine name=\"test/fwcfg-mmio\">\n"
        "  <space name=\"bus\" bits=\"32\" endian=\"big\"/>\n"
        "  <ram id=\"ram\" size=\"1MiB\"/>\n"
        "  <map space=\"bus\" at=\"0\" to=\"ram\"/>\n"
        "  <chip id=\"fwcfg\" type=\"fw_cfg\" variant=\"mmio\"/>\n"
        "  <space name=\"fwcfg.dma\" alias=\"bus\"/>\n"
        "  <map space=\"bus\" at=\"0x09020000\" to=\"fwcfg.mmio\"/>\n"
        "  <map space=\"bus\" at=\"0xf0000510\" size=\"2\" to=\"fwcfg.mmio\" offset=\"8\"/>\n"
        "  <map space=\"bus\" at=\"0xf0000512\" size=\"1\" to=\"fwcfg.mmio\" offset=\"0\"/>\n"
        "</machine>\n");
    r->mem = ww_machine_find_space(r->m, "bus");
    r->fw = ww_machine_find_chip(r->m, "fwcfg");
    r->ram = ww_machine_find_memory(r->m, "ram", NULL);
    r->io = NULL;
}

WW_TEST("chips/fw_cfg/mmio-arm-layout", t_mmio)
{
    rig r;
    rig_mmio(&r);
    WW_CHECK(ww_fw_cfg_is_mmio(r.fw));
    add(&r, "etc/name", "0123456789");
    uint16_t key;
    ww_fw_cfg_get_file(r.fw, "etc/name", &key);
    /* Selector: 16-bit big-endian write at +8. */
    ww_space_write(r.mem, 0x09020008, 2, 0x0000);
    /* A 4-byte data read gives "QEMU" in string order on a big-endian bus. */
    uint64_t v;
    ww_space_read(r.mem, 0x09020000, 4, &v);
    WW_CHECK_EQ(v, 0x51454d55);
    /* An 8-byte read of a 10-byte item, then the last 2 bytes zero-padded. */
    ww_space_write(r.mem, 0x09020008, 2, key);
    ww_space_read(r.mem, 0x09020000, 8, &v);
    WW_CHECK_EQ(v, 0x3031323334353637ull);
    ww_space_read(r.mem, 0x09020000, 8, &v);
    WW_CHECK_EQ(v, 0x3839000000000000ull);
    /* DMA: one 64-bit big-endian write at +16. */
    uint8_t *d = r.ram + DESC;
    ww_st_be32(d, (uint32_t)key << 16 | CTL_SELECT | CTL_READ);
    ww_st_be32(d + 4, 10);
    ww_st_be32(d + 8, 0);
    ww_st_be32(d + 12, 0x2000);
    ww_space_write(r.mem, 0x09020010, 8, DESC);
    WW_CHECK_EQ(ww_ld_be32(d), 0);
    WW_CHECK(!memcmp(r.ram + 0x2000, "0123456789", 10));
    /* And as two 32-bit halves at +16 and +20. */
    ww_st_be32(d, 0x0000u << 16 | CTL_SELECT | CTL_READ);
    ww_st_be32(d + 4, 4);
    ww_space_write(r.mem, 0x09020010, 4, 0);
    ww_space_write(r.mem, 0x09020014, 4, DESC);
    WW_CHECK_EQ(ww_ld_be32(d), 0);
    WW_CHECK(!memcmp(r.ram + 0x2000, "QEMU", 4));
    /* The DMA register reads "QEMU CFG". */
    ww_space_read(r.mem, 0x09020010, 8, &v);
    WW_CHECK_EQ(v, 0x51454d5520434647ull);
    rig_free(&r);
}

WW_TEST("chips/fw_cfg/mmio-powermac-layout", t_mmio_mac)
{
    rig r;
    rig_mmio(&r);
    /* OpenBIOS on QEMU's Power Macs: 16-bit selector at 0xf0000510, byte
     * data at 0xf0000512. */
    ww_space_write(r.mem, 0xf0000510, 2, 0x0000);
    char sig[5] = { 0 };
    for (int i = 0; i < 4; i++) {
        uint64_t v;
        ww_space_read(r.mem, 0xf0000512, 1, &v);
        sig[i] = (char)v;
    }
    WW_CHECK_STR(sig, "QEMU");
    rig_free(&r);
}

WW_TEST("chips/fw_cfg/wrong-variant-region-ignored", t_variant)
{
    rig r;
    rig_mmio(&r);
    /* The mmio variant has no x86 ports: those regions do nothing. */
    GError *err = NULL;
    ww_space *s = ww_machine_add_space(r.m, "extra", &(ww_space_config){ 16, 12,
        WW_LITTLE_ENDIAN, WW_UNMAPPED_OPEN_BUS, 0xff }, &err);
    WW_CHECK_NOERR(s, err);
    WW_CHECK_NOERR(ww_space_map_chip(s, "io", 0x510, 2, r.fw, 0, 1, 0, 0, &err), err);
    ww_space_write(s, 0x510, 2, 0x0001);
    uint64_t v;
    ww_space_read(s, 0x511, 1, &v);
    WW_CHECK_EQ(v, 0);
    ww_space_read(r.mem, 0x09020000, 1, &v);
    WW_CHECK_EQ(v, 'Q');   /* still the signature: the stray write selected nothing */
    rig_free(&r);
}
