/* firmware-loaders/elf32.c — ELF32 parsing with every field checked
 * (elf32.h), and the "elf-rom" preparer: a ROM whose image is an ELF file is
 * laid out as its program headers say, as QEMU's load_elf does for
 * openbios-ppc (hw/ppc/mac_oldworld.c: "Load OpenBIOS (ELF)"). Keyed by what
 * the machine holds: any ROM mapping of a CPU's memory whose bytes start with
 * the ELF magic; the segments must fall inside that mapping. */
#include "firmware-loaders/elf32.h"
#include "firmware-loaders/prepare.h"
#include "core/error.h"
#include <string.h>

enum { PT_LOAD = 1 };

static uint32_t rd32(const uint8_t *p, bool be)
{
    return be ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]
              : (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static uint16_t rd16(const uint8_t *p, bool be)
{
    return be ? (uint16_t)(p[0] << 8 | p[1]) : (uint16_t)(p[1] << 8 | p[0]);
}

static bool fail(GError **err, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static bool fail(GError **err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *m = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_set_error_literal(err, WW_ERROR, WW_ERROR_INVALID, m);
    g_free(m);
    return false;
}

bool ww_elf32_parse(const uint8_t *img, size_t len, ww_elf32 *out, GError **err)
{
    memset(out, 0, sizeof *out);
    if (!ww_elf_is(img, len))
        return fail(err, "not an ELF file (no \\177ELF magic)");
    if (len < 52)
        return fail(err, "truncated ELF file: %zu bytes, the header alone is 52", len);
    if (img[4] != 1)
        return fail(err, "a %s ELF file; expected a 32-bit one (ELFCLASS32)",
                    img[4] == 2 ? "64-bit" : "bad-class");
    if (img[5] != 1 && img[5] != 2)
        return fail(err, "ELF byte order %u is neither little (1) nor big (2) endian", img[5]);
    bool be = img[5] == 2;
    out->big_endian = be;
    uint16_t type = rd16(img + 16, be);
    if (type != 2)
        return fail(err, "ELF type %u; expected an executable (ET_EXEC = 2)", type);
    out->machine = rd16(img + 18, be);
    out->entry = rd32(img + 24, be);
    uint32_t phoff = rd32(img + 28, be);
    uint16_t phentsize = rd16(img + 42, be), phnum = rd16(img + 44, be);
    if (phnum == 0)
        return fail(err, "the ELF file has no program headers");
    if (phentsize < 32)
        return fail(err, "ELF program header size %u; expected at least 32", phentsize);
    if (phoff > len || (uint64_t)phnum * phentsize > len - phoff)
        return fail(err, "truncated ELF file: %u program headers at 0x%x run past its %zu "
                    "bytes", phnum, phoff, len);
    out->lowest = UINT32_MAX;
    for (unsigned i = 0; i < phnum; i++) {
        const uint8_t *ph = img + phoff + (size_t)i * phentsize;
        if (rd32(ph, be) != PT_LOAD)
            continue;
        ww_elf_seg s = { rd32(ph + 4, be), rd32(ph + 12, be), rd32(ph + 8, be),
                         rd32(ph + 16, be), rd32(ph + 20, be) };
        if (s.memsz == 0)
            continue;
        if (s.filesz > s.memsz)
            return fail(err, "ELF segment %u: file size 0x%x exceeds its memory size 0x%x",
                        i, s.filesz, s.memsz);
        if (s.offset > len || s.filesz > len - s.offset)
            return fail(err, "truncated ELF file: segment %u (0x%x bytes at 0x%x) runs past "
                        "the end of the file (%zu bytes)", i, s.filesz, s.offset, len);
        if ((uint64_t)s.paddr + s.memsz > 0x100000000ull)
            return fail(err, "ELF segment %u at 0x%x + 0x%x wraps past 4 GiB", i, s.paddr,
                        s.memsz);
        if (out->nsegs >= WW_ELF_MAX_SEGS)
            return fail(err, "more than %u loadable ELF segments", WW_ELF_MAX_SEGS);
        out->seg[out->nsegs++] = s;
        out->lowest = MIN(out->lowest, s.paddr);
        out->highest = (uint32_t)MAX((uint64_t)out->highest, (uint64_t)s.paddr + s.memsz - 1);
    }
    if (!out->nsegs)
        return fail(err, "the ELF file has no loadable (PT_LOAD) segment");
    return true;
}

/* ---- the elf-rom preparer ---------------------------------------------------- */

static bool place_rom(ww_machine *m, const ww_mapping *mp, GError **err)
{
    size_t len = mp->size;
    uint8_t *copy = g_memdup2(mp->host, len);
    ww_elf32 e;
    GError *pe = NULL;
    bool ok = false;
    if (!ww_elf32_parse(copy, len, &e, &pe)) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "ROM '%s' holds an ELF image: %s",
                    mp->name, pe->message);
        g_error_free(pe);
        goto out;
    }
    for (unsigned i = 0; i < e.nsegs; i++) {
        const ww_elf_seg *s = &e.seg[i];
        if (s->paddr < mp->base || (uint64_t)s->paddr + s->memsz > mp->base + mp->size) {
            g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "ROM '%s' holds an ELF image whose "
                        "segment at 0x%08x-0x%08x lies outside the ROM (0x%08" G_GINT64_MODIFIER
                        "x-0x%08" G_GINT64_MODIFIER "x)", mp->name, s->paddr,
                        s->paddr + s->memsz - 1, mp->base, mp->base + mp->size - 1);
            goto out;
        }
    }
    /* The image replaces the file's bytes: zeros, then each segment. */
    memset(mp->host, 0, len);
    for (unsigned i = 0; i < e.nsegs; i++) {
        const ww_elf_seg *s = &e.seg[i];
        memcpy(mp->host + (s->paddr - mp->base), copy + s->offset, s->filesz);
    }
    ok = true;
out:
    g_free(copy);
    return ok;
}

static bool elf_rom_run(ww_prep *p, GError **err)
{
    ww_chip *const *chips;
    unsigned n = ww_machine_chips(p->m, &chips);
    GHashTable *done = g_hash_table_new(g_direct_hash, g_direct_equal);
    bool ok = true;
    for (unsigned i = 0; ok && i < n; i++) {
        if (!chips[i]->cls->cpu || !chips[i]->bus[WW_CPU_BUS_MEM])
            continue;
        const ww_mapping *list;
        unsigned k = ww_space_mappings(chips[i]->bus[WW_CPU_BUS_MEM], &list);
        const ww_mapping *const *maps = (const ww_mapping *const *)list;
        for (unsigned j = 0; ok && j < k; j++) {
            const ww_mapping *mp = maps[j];
            if (mp->kind != WW_MAP_ROM || !mp->host || mp->size < 52 ||
                g_hash_table_contains(done, mp->host) || !ww_elf_is(mp->host, mp->size))
                continue;
            g_hash_table_add(done, mp->host);
            ok = place_rom(p->m, mp, err);
        }
    }
    g_hash_table_destroy(done);
    return ok;
}

static const ww_preparer elf_rom = {
    "elf-rom", "a ROM holding an ELF image (OpenBIOS) is laid out by its program headers",
    0, elf_rom_run };
WW_PREPARER_REGISTER(elf_rom)
