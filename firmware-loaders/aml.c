/* firmware-loaders/aml.c — the AML encoder (aml.h). Opcodes: ACPI 6.4
 * §20.3 "AML Byte Stream Byte Values". */
#include "firmware-loaders/aml.h"
#include <string.h>

enum {
    ZeroOp = 0x00, OneOp = 0x01, NameOp = 0x08, BytePrefix = 0x0a, WordPrefix = 0x0b,
    DWordPrefix = 0x0c, StringPrefix = 0x0d, QWordPrefix = 0x0e, ScopeOp = 0x10,
    BufferOp = 0x11, PackageOp = 0x12, VarPackageOp = 0x13, MethodOp = 0x14,
    DualNamePrefix = 0x2e, MultiNamePrefix = 0x2f, ExtOpPrefix = 0x5b, DeviceOp = 0x82,
    RootChar = 0x5c, ParentPrefixChar = 0x5e, Arg0Op = 0x68, StoreOp = 0x70,
    ReturnOp = 0xa4,
};
/* §6.4: small and large resource item tags. */
enum {
    RES_IRQ_NOFLAGS = 0x22, RES_IO = 0x47, RES_END = 0x79,
    RES_DWORD = 0x87, RES_WORD = 0x88, RES_QWORD = 0x8a,
};
enum { AS_MEMORY = 0, AS_IO = 1, AS_BUS = 2 };
/* General flags of address space descriptors (§6.4.3.5, Table 6.44). */
enum { GF_MAX_FIXED = 0x08, GF_MIN_FIXED = 0x04 };

typedef enum { K_RAW, K_PKG_OP, K_PACKAGE, K_BUFFER, K_RESOURCES } aml_kind;

struct ww_aml {
    aml_kind kind;
    uint8_t op[2];
    unsigned nop;
    GByteArray *head;     /* K_PKG_OP: after the PkgLength, before the body */
    GByteArray *body;
    unsigned count;       /* K_PACKAGE: elements */
};

static ww_aml *node(aml_kind k)
{
    ww_aml *a = g_new0(ww_aml, 1);
    a->kind = k;
    a->head = g_byte_array_new();
    a->body = g_byte_array_new();
    return a;
}

void ww_aml_free(ww_aml *a)
{
    if (!a)
        return;
    g_byte_array_free(a->head, TRUE);
    g_byte_array_free(a->body, TRUE);
    g_free(a);
}

static void byte(GByteArray *b, uint8_t v)
{
    g_byte_array_append(b, &v, 1);
}

static void le(GByteArray *b, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        byte(b, (uint8_t)(v >> (8 * i)));
}

void ww_aml_pkglen(GByteArray *out, size_t n)
{
    /* §20.2.4: one byte holds lengths up to 63 (itself included); otherwise
     * bits 7-6 of the lead byte count 1-3 following bytes, its bits 3-0 are
     * the low nibble, the following bytes the rest, little-endian. */
    if (n + 1 <= 0x3f) {
        byte(out, (uint8_t)(n + 1));
        return;
    }
    unsigned extra = 1;
    while (extra < 3 && n + 1 + extra >= (1ull << (4 + 8 * extra)))
        extra++;
    size_t total = n + 1 + extra;
    byte(out, (uint8_t)(extra << 6 | (total & 0x0f)));
    for (unsigned i = 0; i < extra; i++)
        byte(out, (uint8_t)(total >> (4 + 8 * i)));
}

/* §20.2.2 NameString: RootChar / ParentPrefixChar* then NullName, a NameSeg,
 * DualNamePrefix + 2 segs, or MultiNamePrefix + count + segs. */
static void name_string(GByteArray *b, const char *path)
{
    const char *p = path;
    if (*p == '\\')
        byte(b, RootChar), p++;
    while (*p == '^')
        byte(b, ParentPrefixChar), p++;
    char **segs = *p ? g_strsplit(p, ".", -1) : g_new0(char *, 1);
    unsigned n = g_strv_length(segs);
    if (n == 2)
        byte(b, DualNamePrefix);
    else if (n > 2)
        byte(b, MultiNamePrefix), byte(b, (uint8_t)n);
    else if (n == 0)
        byte(b, 0x00);
    for (unsigned i = 0; i < n; i++) {
        char seg[4] = { '_', '_', '_', '_' };
        for (unsigned k = 0; k < 4 && segs[i][k]; k++) {
            char c = segs[i][k];
            seg[k] = (g_ascii_isupper(c) || g_ascii_isdigit(c) || c == '_') ? c : '_';
        }
        g_byte_array_append(b, (const uint8_t *)seg, 4);
    }
    g_strfreev(segs);
}

ww_aml *ww_aml_int(uint64_t v)
{
    ww_aml *a = node(K_RAW);
    if (v == 0)
        byte(a->body, ZeroOp);
    else if (v == 1)
        byte(a->body, OneOp);
    else if (v <= 0xff)
        byte(a->body, BytePrefix), le(a->body, v, 1);
    else if (v <= 0xffff)
        byte(a->body, WordPrefix), le(a->body, v, 2);
    else if (v <= 0xffffffffu)
        byte(a->body, DWordPrefix), le(a->body, v, 4);
    else
        byte(a->body, QWordPrefix), le(a->body, v, 8);
    return a;
}

ww_aml *ww_aml_string(const char *s)
{
    ww_aml *a = node(K_RAW);
    byte(a->body, StringPrefix);
    g_byte_array_append(a->body, (const uint8_t *)s, (guint)strlen(s) + 1);
    return a;
}

ww_aml *ww_aml_eisaid(const char *id)
{
    /* §19.6.35 EISAID: three letters of 5 bits ('A' = 1) and four hex digits,
     * stored big-endian in a DWord ("PNP0A03" → 0x030AD041 little-endian). */
    uint32_t v = 0;
    if (strlen(id) == 7) {
        v = (uint32_t)((id[0] - 0x40) & 0x1f) << 26 | (uint32_t)((id[1] - 0x40) & 0x1f) << 21 |
            (uint32_t)((id[2] - 0x40) & 0x1f) << 16 |
            (uint32_t)(g_ascii_xdigit_value(id[3]) & 0xf) << 12 |
            (uint32_t)(g_ascii_xdigit_value(id[4]) & 0xf) << 8 |
            (uint32_t)(g_ascii_xdigit_value(id[5]) & 0xf) << 4 |
            (uint32_t)(g_ascii_xdigit_value(id[6]) & 0xf);
    }
    ww_aml *a = node(K_RAW);
    byte(a->body, DWordPrefix);
    le(a->body, GUINT32_SWAP_LE_BE(v), 4);
    return a;
}

ww_aml *ww_aml_name(const char *path)
{
    ww_aml *a = node(K_RAW);
    name_string(a->body, path);
    return a;
}

ww_aml *ww_aml_arg(unsigned n)
{
    ww_aml *a = node(K_RAW);
    byte(a->body, (uint8_t)(Arg0Op + MIN(n, 6u)));
    return a;
}

ww_aml *ww_aml_buffer(const void *data, size_t len)
{
    ww_aml *a = node(K_BUFFER);
    g_byte_array_append(a->body, data, (guint)len);
    return a;
}

ww_aml *ww_aml_name_decl(const char *name, ww_aml *value)
{
    ww_aml *a = node(K_RAW);
    byte(a->body, NameOp);
    name_string(a->body, name);
    ww_aml_emit(value, a->body);
    return a;
}

ww_aml *ww_aml_store(ww_aml *src, ww_aml *dst)
{
    ww_aml *a = node(K_RAW);
    byte(a->body, StoreOp);
    ww_aml_emit(src, a->body);
    ww_aml_emit(dst, a->body);
    return a;
}

ww_aml *ww_aml_return(ww_aml *v)
{
    ww_aml *a = node(K_RAW);
    byte(a->body, ReturnOp);
    ww_aml_emit(v, a->body);
    return a;
}

static ww_aml *pkg_op(uint8_t op0, uint8_t op1, const char *path)
{
    ww_aml *a = node(K_PKG_OP);
    a->op[0] = op0;
    a->op[1] = op1;
    a->nop = op1 ? 2 : 1;
    if (path)
        name_string(a->head, path);
    return a;
}

ww_aml *ww_aml_scope(const char *path)
{
    return pkg_op(ScopeOp, 0, path);
}

ww_aml *ww_aml_device(const char *path)
{
    return pkg_op(ExtOpPrefix, DeviceOp, path);
}

ww_aml *ww_aml_method(const char *name, unsigned nargs, bool serialized)
{
    ww_aml *a = pkg_op(MethodOp, 0, name);
    /* MethodFlags: bits 2-0 ArgCount, bit 3 SerializeFlag, bits 7-4 SyncLevel. */
    byte(a->head, (uint8_t)(MIN(nargs, 7u) | (serialized ? 0x08 : 0)));
    return a;
}

ww_aml *ww_aml_package(void)
{
    return node(K_PACKAGE);
}

ww_aml *ww_aml_resource_template(void)
{
    return node(K_RESOURCES);
}

void ww_aml_append(ww_aml *parent, ww_aml *child)
{
    ww_aml_emit(child, parent->body);
    parent->count++;
}

void ww_aml_res_io(ww_aml *rt, uint16_t min, uint16_t max, uint8_t align, uint8_t len)
{
    /* §6.4.2.5 I/O Port Descriptor: tag, information (bit 0: 16-bit decode),
     * min, max, alignment, length. */
    byte(rt->body, RES_IO);
    byte(rt->body, 0x01);
    le(rt->body, min, 2);
    le(rt->body, max, 2);
    byte(rt->body, align);
    byte(rt->body, len);
}

void ww_aml_res_irq_noflags(ww_aml *rt, unsigned irq)
{
    /* §6.4.2.1 IRQ Descriptor, 2-byte form: high true, edge sensitive. */
    byte(rt->body, RES_IRQ_NOFLAGS);
    le(rt->body, irq < 16 ? 1u << irq : 0, 2);
}

static void addr_desc(ww_aml *rt, uint8_t tag, unsigned width, uint8_t type, uint8_t tflags,
                      uint64_t min, uint64_t max)
{
    /* §6.4.3.5: tag, length (16-bit), resource type, general flags, type
     * specific flags, then granularity, min, max, translation, length. */
    byte(rt->body, tag);
    le(rt->body, 3 + 5 * width, 2);
    byte(rt->body, type);
    byte(rt->body, GF_MAX_FIXED | GF_MIN_FIXED);   /* producer, positive decode */
    byte(rt->body, tflags);
    le(rt->body, 0, width);
    le(rt->body, min, width);
    le(rt->body, max, width);
    le(rt->body, 0, width);
    le(rt->body, max - min + 1, width);
}

void ww_aml_res_word_bus(ww_aml *rt, uint16_t min, uint16_t max)
{
    addr_desc(rt, RES_WORD, 2, AS_BUS, 0, min, max);
}

void ww_aml_res_word_io(ww_aml *rt, uint16_t min, uint16_t max)
{
    addr_desc(rt, RES_WORD, 2, AS_IO, 0x03 /* _RNG: entire range */, min, max);
}

/* Memory type flags (Table 6.47): bit 0 read-write, bits 2-1 _MEM (1 cacheable). */
void ww_aml_res_dword_mem(ww_aml *rt, bool cacheable, uint32_t min, uint32_t max)
{
    addr_desc(rt, RES_DWORD, 4, AS_MEMORY, (uint8_t)(0x01 | (cacheable ? 0x02 : 0)), min, max);
}

void ww_aml_res_qword_mem(ww_aml *rt, bool cacheable, uint64_t min, uint64_t max)
{
    addr_desc(rt, RES_QWORD, 8, AS_MEMORY, (uint8_t)(0x01 | (cacheable ? 0x02 : 0)), min, max);
}

void ww_aml_emit(ww_aml *a, GByteArray *out)
{
    switch (a->kind) {
    case K_RAW:
        g_byte_array_append(out, a->body->data, a->body->len);
        break;
    case K_PKG_OP:
        g_byte_array_append(out, a->op, a->nop);
        ww_aml_pkglen(out, a->head->len + a->body->len);
        g_byte_array_append(out, a->head->data, a->head->len);
        g_byte_array_append(out, a->body->data, a->body->len);
        break;
    case K_PACKAGE: {
        /* §20.2.5.4: PackageOp PkgLength NumElements (a byte); more than 255
         * elements need VarPackageOp with a TermArg count. */
        GByteArray *cnt = g_byte_array_new();
        if (a->count <= 255) {
            byte(cnt, (uint8_t)a->count);
            byte(out, PackageOp);
        } else {
            ww_aml *n = ww_aml_int(a->count);
            ww_aml_emit(n, cnt);
            byte(out, VarPackageOp);
        }
        ww_aml_pkglen(out, cnt->len + a->body->len);
        g_byte_array_append(out, cnt->data, cnt->len);
        g_byte_array_append(out, a->body->data, a->body->len);
        g_byte_array_free(cnt, TRUE);
        break;
    }
    case K_RESOURCES: {
        /* §6.4.2.9 End Tag: checksum 0 means "no checksum". */
        uint8_t end[2] = { RES_END, 0 };
        g_byte_array_append(a->body, end, 2);
    }
    /* fall through */
    case K_BUFFER: {
        GByteArray *size = g_byte_array_new();
        ww_aml *n = ww_aml_int(a->body->len);
        ww_aml_emit(n, size);
        byte(out, BufferOp);
        ww_aml_pkglen(out, size->len + a->body->len);
        g_byte_array_append(out, size->data, size->len);
        g_byte_array_append(out, a->body->data, a->body->len);
        g_byte_array_free(size, TRUE);
        break;
    }
    }
    ww_aml_free(a);
}
