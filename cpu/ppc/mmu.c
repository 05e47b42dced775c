/* cpu/ppc/mmu.c — address translation and memory access.
 *
 * MPCFPE32B chapter 7: block address translation (4 IBAT + 4 DBAT pairs),
 * segment registers and the hashed page table (primary and secondary PTEG,
 * R/C bit updates, PP/key protection). The 604e and 750 search the page
 * table in hardware; the 603e does not (603e UM §5.5.2): a miss in its 2-way,
 * 32-set I/D TLBs raises 0x1000/0x1100/0x1200 with IMISS/DMISS, ICMP/DCMP,
 * HASH1/HASH2 set and MSR[TGPR], and software loads the TLB with tlbli/tlbld.
 * A store to a 603 TLB entry whose C bit is clear also takes the store-miss
 * exception, so software can set C.
 *
 * Bus errors (unmapped physical addresses) raise the machine check exception
 * (checkstop with MSR[ME] = 0). Little-endian mode (MSR[LE]) is not modelled. */
#include "cpu/ppc/ppc.h"
#include <string.h>

/* DSISR / SRR1 bits (MPCFPE32B tables 6-8 and 6-10). */
enum {
    FAULT_NOT_FOUND = 1u << 30, FAULT_NOEXEC = 1u << 28, FAULT_PROT = 1u << 27,
    FAULT_DIRECT = 1u << 26, FAULT_STORE = 1u << 25,
};

/* The space was remapped (or this is the first look): new page-table
 * pointers, and every host pointer derived from the old map goes — the fast
 * TLB and the translated blocks. */
void ppc_refresh_tables(ppc_cpu *c)
{
    ww_space *s = c->cpu.chip.bus[PPC_BUS_MEM];
    c->rtab = ww_space_read_table(s);
    c->wtab = ww_space_write_table(s);
    c->map_gen = ww_space_generation(s);
    c->page_bits = ww_space_cfg(s)->page_bits;
    c->page_mask = (1u << c->page_bits) - 1;
    ppc_ftlb_flush(c);
    if (c->tc)
        ww_tcache_sync_space(c->tc);
}

/* ---- fast TLB (cached engine) ---------------------------------------------- */

void ppc_ftlb_flush(ppc_cpu *c)
{
    for (unsigned m = 0; m < PPC_FTLB_MODES; m++)
        for (unsigned k = 0; k < 2; k++)
            for (unsigned i = 0; i < PPC_FTLB_SIZE; i++)
                c->ftlb[m][k][i].tag = PPC_FTLB_INVALID;
}

/* The space page at page_addr now holds translated code: no write entry may
 * point into it any more (writes there must reach the space). */
void ppc_ftlb_protect(ppc_cpu *c, uint64_t page_addr)
{
    if (!c->rtab || (page_addr >> c->page_bits) >> (32 - c->page_bits))
        return;
    uintptr_t h = (uintptr_t)c->rtab[page_addr >> c->page_bits], size = (uintptr_t)1 << c->page_bits;
    for (unsigned m = 0; m < PPC_FTLB_MODES; m++)
        for (unsigned i = 0; i < PPC_FTLB_SIZE; i++) {
            ppc_ftlb_entry *e = &c->ftlb[m][1][i];
            uintptr_t host = e->tag + e->addend;
            if (e->tag != PPC_FTLB_INVALID && (!h || host - h < size))
                e->tag = PPC_FTLB_INVALID;
        }
}

static void ftlb_fill(ppc_ftlb_entry *t, uint32_t ea, const uint8_t *host)
{
    ppc_ftlb_entry *e = &t[(ea >> 12) & (PPC_FTLB_SIZE - 1)];
    e->tag = ea & ~0xfffu;
    e->addend = (uintptr_t)host - ea;
}

static void bus_error(ppc_cpu *c, uint32_t pa)
{
    if (c->cpu.user_mode) {        /* unmapped in user mode: Linux sends SIGSEGV */
        ppc_user_fault(c, SIG_SEGV);
        return;
    }
    if (!(c->msr & MSR_ME)) {      /* checkstop */
        c->cpu.stop = WW_STOP_FATAL;
        c->exc_taken = true;
        c->npc = c->pc;
        return;
    }
    /* SRR1[13]: transfer error acknowledge (603e UM table 4-7, 750 UM 4.5.2). */
    ppc_exception(c, EXC_MCHECK, c->pc, 1u << 18);
}

static bool phys_read(ppc_cpu *c, uint32_t pa, unsigned size, uint32_t *val)
{
    ww_space *s = c->cpu.chip.bus[PPC_BUS_MEM];
    if (c->rtab) {
        uint32_t in = pa & ((1u << c->page_bits) - 1);
        uint8_t *p = c->rtab[pa >> c->page_bits];
        if (p && in + size <= (1u << c->page_bits)) {
            p += in;
            *val = size == 4 ? ww_ld_be32(p) : size == 2 ? ww_ld_be16(p) : p[0];
            return true;
        }
    }
    uint64_t v = 0;
    ww_bus_status st = ww_space_read(s, pa, size, &v);
    ppc_check_map(c);           /* an MMIO access may have changed the map */
    if (st != WW_BUS_OK) {
        bus_error(c, pa);
        return false;
    }
    *val = (uint32_t)v;
    return true;
}

static bool phys_write(ppc_cpu *c, uint32_t pa, unsigned size, uint32_t val)
{
    ww_space *s = c->cpu.chip.bus[PPC_BUS_MEM];
    if (c->wtab) {
        uint32_t in = pa & ((1u << c->page_bits) - 1);
        uint8_t *p = c->wtab[pa >> c->page_bits];
        if (p && in + size <= (1u << c->page_bits)) {
            p += in;
            if (size == 4)
                ww_st_be32(p, val);
            else if (size == 2)
                ww_st_be16(p, (uint16_t)val);
            else
                p[0] = (uint8_t)val;
            return true;
        }
    }
    ww_bus_status st = ww_space_write(s, pa, size, val);
    ppc_check_map(c);
    if (st != WW_BUS_OK) {
        bus_error(c, pa);
        return false;
    }
    return true;
}

bool ppc_phys_read32(ppc_cpu *c, uint32_t pa, uint32_t *v) { return phys_read(c, pa, 4, v); }
bool ppc_phys_write32(ppc_cpu *c, uint32_t pa, uint32_t v) { return phys_write(c, pa, 4, v); }

/* ---- faults ---------------------------------------------------------------- */

static void data_fault(ppc_cpu *c, uint32_t ea, uint32_t dsisr)
{
    if (c->cpu.user_mode) {
        ppc_user_fault(c, SIG_SEGV);
        return;
    }
    c->spr[SPR_DAR] = ea;
    c->spr[SPR_DSISR] = dsisr;
    ppc_exception(c, EXC_DSI, c->pc, 0);
}

static void instr_fault(ppc_cpu *c, uint32_t ea, uint32_t srr1)
{
    if (c->cpu.user_mode) {
        ppc_user_fault(c, SIG_SEGV);
        return;
    }
    ppc_exception(c, EXC_ISI, ea, srr1);
}

static void fault(ppc_cpu *c, uint32_t ea, int acc, uint32_t bits)
{
    if (acc == PPC_ACC_FETCH)
        instr_fault(c, ea, bits);
    else
        data_fault(c, ea, bits | (acc == PPC_ACC_WRITE ? FAULT_STORE : 0));
}

/* ---- BATs -------------------------------------------------------------------- */

/* 0: no BAT matched; 1: translated; -1: protection fault raised. */
static int bat_lookup(ppc_cpu *c, uint32_t ea, int acc, uint32_t *pa)
{
    unsigned base = acc == PPC_ACC_FETCH ? SPR_IBAT0U : SPR_IBAT0U + 8;
    bool pr = c->msr & MSR_PR;
    for (unsigned n = 0; n < 4; n++) {
        uint32_t u = c->spr[base + 2 * n], l = c->spr[base + 2 * n + 1];
        if (!(pr ? (u & 1) : (u & 2)))
            continue;
        uint32_t bl = (u >> 2) & 0x7ff, m = ~(bl << 17) & 0xfffe0000u;
        if ((ea & m) != (u & m))
            continue;
        unsigned pp = l & 3;
        if (pp == 0 || (acc == PPC_ACC_WRITE && (pp & 1))) {
            fault(c, ea, acc, FAULT_PROT);
            return -1;
        }
        if (acc == PPC_ACC_FETCH && (l & 0x8)) {    /* guarded: no fetch */
            fault(c, ea, acc, FAULT_NOEXEC);
            return -1;
        }
        *pa = (l & m) | (ea & ~m);
        return 1;
    }
    return 0;
}

/* ---- page table ------------------------------------------------------------- */

static bool pp_allows(unsigned key, unsigned pp, bool write)
{
    if (!key)
        return write ? pp != 3 : true;
    switch (pp) {
    case 0:  return false;
    case 2:  return true;
    default: return !write;
    }
}

static uint32_t pteg_addr(const ppc_cpu *c, uint32_t hash)
{
    uint32_t sdr1 = c->spr[SPR_SDR1];
    uint32_t org = sdr1 & 0xffff0000u, mask = sdr1 & 0x1ff;
    return (org & 0xfe000000u) | ((((org >> 16) & 0x1ff) | ((hash >> 10) & mask)) << 16) |
           ((hash & 0x3ff) << 6);
}

/* Hardware table search (604e/750). Returns 1 found (pa set), 0 not found,
 * -1 when a bus error was raised reading the table. */
static int htab_search(ppc_cpu *c, uint32_t ea, uint32_t vsid, unsigned key, int acc,
                       uint32_t *pa, bool *prot_fault)
{
    uint32_t pi = (ea >> 12) & 0xffff, api = pi >> 10;
    uint32_t hash = (vsid & 0x7ffff) ^ pi;
    for (unsigned h = 0; h < 2; h++) {
        uint32_t pteg = pteg_addr(c, h ? ~hash : hash);
        uint32_t want = 0x80000000u | (vsid & 0xffffff) << 7 | (h ? 0x40 : 0) | api;
        for (unsigned k = 0; k < 8; k++) {
            uint32_t w0, w1;
            if (!phys_read(c, pteg + 8 * k, 4, &w0))
                return -1;
            if (w0 != want)
                continue;
            if (!phys_read(c, pteg + 8 * k + 4, 4, &w1))
                return -1;
            bool write = acc == PPC_ACC_WRITE;
            if (!pp_allows(key, w1 & 3, write)) {
                *prot_fault = true;
                /* R is set even when the access is refused (MPCFPE32B 7.5.3). */
                if (!(w1 & 0x100) && !phys_write(c, pteg + 8 * k + 4, 4, w1 | 0x100))
                    return -1;
                return 0;
            }
            uint32_t nw1 = w1 | 0x100 | (write ? 0x80 : 0);
            if (nw1 != w1 && !phys_write(c, pteg + 8 * k + 4, 4, nw1))
                return -1;
            if (acc == PPC_ACC_FETCH && (w1 & 0x8)) {
                *prot_fault = true;   /* guarded page: no instruction fetch */
                return 0;
            }
            *pa = (w1 & 0xfffff000u) | (ea & 0xfff);
            return 1;
        }
    }
    return 0;
}

/* ---- 603 software TLB ----------------------------------------------------- */

void ppc_tlb_flush(ppc_cpu *c)
{
    /* The 603 TLB survives segment and SDR1 writes (software owns it); only
     * tlbie clears its entries. The translation cache goes entirely, and with
     * it what was derived from it: the fast TLB and the jump cache (its
     * entries assumed the old instruction translation). */
    memset(c->xc, 0, sizeof c->xc);
    ppc_ftlb_flush(c);
    if (c->tc)
        ww_tcache_jc_clear(c->tc);
}

void ppc_tlb_invalidate(ppc_cpu *c, uint32_t ea)
{
    ppc_tlb_flush(c);
    unsigned set = (ea >> 12) & 31;
    for (unsigned w = 0; w < 2; w++) {
        c->itlb[set][w].cmp = 0;
        c->dtlb[set][w].cmp = 0;
    }
}

void ppc_tlb_load(ppc_cpu *c, bool instr, uint32_t ea)
{
    unsigned set = (ea >> 12) & 31;
    ppc_tlb_entry *e = instr ? c->itlb[set] : c->dtlb[set];
    /* SRR1[14] names the way to replace (set by the miss exception). */
    unsigned way = (c->spr[SPR_SRR1] >> 17) & 1;
    ppc_tlb_flush(c);     /* the replaced entry may be cached in the derived tables */
    e[way] = (ppc_tlb_entry){ .cmp = c->spr[instr ? SPR_ICMP : SPR_DCMP],
                              .rpa = c->spr[SPR_RPA], .ea = ea & 0xfffff000u };
}

static void tlb603_miss(ppc_cpu *c, uint32_t ea, uint32_t vsid, unsigned key, int acc,
                        unsigned set)
{
    uint32_t pi = (ea >> 12) & 0xffff, api = pi >> 10;
    uint32_t hash = (vsid & 0x7ffff) ^ pi;
    uint32_t cmp = 0x80000000u | (vsid & 0xffffff) << 7 | api;
    bool instr = acc == PPC_ACC_FETCH;
    unsigned victim = c->tlb_victim[instr][set];
    c->tlb_victim[instr][set] ^= 1;
    c->spr[instr ? SPR_IMISS : SPR_DMISS] = ea;
    c->spr[instr ? SPR_ICMP : SPR_DCMP] = cmp;
    c->spr[SPR_HASH1] = pteg_addr(c, hash);
    c->spr[SPR_HASH2] = pteg_addr(c, ~hash);
    /* 603e UM table 4-8: SRR1[0-3] CR0, [12] key, [13] D/I, [14] way, [15] S/L. */
    uint32_t srr1 = (c->cr & 0xf0000000u) | (key ? 1u << 19 : 0) | (instr ? 1u << 18 : 0) |
                    (victim ? 1u << 17 : 0) | (acc == PPC_ACC_WRITE ? 1u << 16 : 0);
    uint32_t vec = instr ? EXC_ITLB : acc == PPC_ACC_WRITE ? EXC_DSTLB : EXC_DLTLB;
    ppc_exception(c, vec, c->pc, srr1);
    ppc_set_msr(c, c->msr | MSR_TGPR);
}

/* 603: 1 hit, 0 miss exception raised, -1 protection fault raised. */
static int tlb603_lookup(ppc_cpu *c, uint32_t ea, uint32_t vsid, unsigned key, int acc,
                         uint32_t *pa)
{
    unsigned set = (ea >> 12) & 31;
    uint32_t api = (ea >> 22) & 0x3f;
    uint32_t cmp = 0x80000000u | (vsid & 0xffffff) << 7 | api;
    ppc_tlb_entry *e = acc == PPC_ACC_FETCH ? c->itlb[set] : c->dtlb[set];
    for (unsigned w = 0; w < 2; w++) {
        if ((e[w].cmp & ~0x40u) != cmp || e[w].ea != (ea & 0xfffff000u))
            continue;
        uint32_t rpa = e[w].rpa;
        bool write = acc == PPC_ACC_WRITE;
        if (!pp_allows(key, rpa & 3, write)) {
            fault(c, ea, acc, FAULT_PROT);
            return -1;
        }
        if (write && !(rpa & 0x80)) {       /* C clear: let software set it */
            tlb603_miss(c, ea, vsid, key, acc, set);
            return 0;
        }
        *pa = (rpa & 0xfffff000u) | (ea & 0xfff);
        return 1;
    }
    tlb603_miss(c, ea, vsid, key, acc, set);
    return 0;
}

/* ---- translate ------------------------------------------------------------ */

/* A new translation-cache entry. The cached engine's fast TLB entries of the
 * same index (one per translated mode) go with the old one: a fast TLB hit
 * must imply a translation-cache hit, or the uncached interpreter would walk
 * the page table (and set R/C bits) where the cached engine does not. */
static void xc_fill(ppc_cpu *c, ppc_xc_entry *xe, int acc, uint32_t ea, uint32_t tag, uint32_t pa)
{
    *xe = (ppc_xc_entry){ tag, pa & ~0xfffu };
    if (acc != PPC_ACC_FETCH) {
        unsigned i = (ea >> 12) & (PPC_FTLB_SIZE - 1);
        c->ftlb[PPC_FTLB_SUP][acc][i].tag = PPC_FTLB_INVALID;
        c->ftlb[PPC_FTLB_USER][acc][i].tag = PPC_FTLB_INVALID;
    }
}

/* Whether the translation cache still holds the instruction translation of
 * ea's page to pa's page (mode PR): a block translated there may run without
 * a new walk, as the uncached interpreter would fetch without one. */
bool ppc_fetch_cached(const ppc_cpu *c, uint32_t ea, uint32_t pa)
{
    uint32_t tag = (ea & ~0xfffu) | ((c->msr & MSR_PR) ? 2 : 0) | 1;
    const ppc_xc_entry *xe = &c->xc[PPC_ACC_FETCH][(ea >> 12) & (PPC_XC_SIZE - 1)];
    return xe->tag == tag && xe->pa == (pa & ~0xfffu);
}

bool ppc_translate(ppc_cpu *c, uint32_t ea, int acc, uint32_t *pa)
{
    bool on = acc == PPC_ACC_FETCH ? (c->msr & MSR_IR) : (c->msr & MSR_DR);
    if (!on || c->cpu.user_mode) {
        *pa = ea;
        return true;
    }
    uint32_t tag = (ea & ~0xfffu) | ((c->msr & MSR_PR) ? 2 : 0) | 1;
    ppc_xc_entry *xe = &c->xc[acc][(ea >> 12) & (PPC_XC_SIZE - 1)];
    if (xe->tag == tag) {
        *pa = xe->pa | (ea & 0xfff);
        return true;
    }
    int b = bat_lookup(c, ea, acc, pa);
    if (b > 0)
        xc_fill(c, xe, acc, ea, tag, *pa);
    if (b)
        return b > 0;
    uint32_t sr = c->sr[ea >> 28];
    if (sr & 0x80000000u) {             /* direct-store segment: not on these parts */
        fault(c, ea, acc, acc == PPC_ACC_FETCH ? FAULT_NOEXEC : FAULT_DIRECT);
        return false;
    }
    if (acc == PPC_ACC_FETCH && (sr & 0x10000000u)) {   /* no-execute segment */
        fault(c, ea, acc, FAULT_NOEXEC);
        return false;
    }
    unsigned key = (c->msr & MSR_PR) ? (sr >> 29) & 1 : (sr >> 30) & 1;
    uint32_t vsid = sr & 0xffffff;
    if (c->model == PPC_MODEL_603)
        return tlb603_lookup(c, ea, vsid, key, acc, pa) > 0;
    bool prot = false;
    int r = htab_search(c, ea, vsid, key, acc, pa, &prot);
    if (r > 0) {
        xc_fill(c, xe, acc, ea, tag, *pa);   /* R (and C for a write) now set */
        return true;
    }
    if (r == 0)
        fault(c, ea, acc, prot ? FAULT_PROT : FAULT_NOT_FOUND);
    return false;
}

/* ---- virtual accesses --------------------------------------------------------- */

/* DABR (604e/750): a data access to the double word at DABR[0-28] with the
 * matching direction (DR bit 31 = read, DW bit 30 = write) and BT (bit 29)
 * equal to MSR[DR] raises a DSI with DSISR[9] before the access. */
static bool dabr_hit(ppc_cpu *c, uint32_t ea, unsigned size, bool write)
{
    uint32_t d = c->spr[SPR_DABR];
    if (c->model == PPC_MODEL_603 || c->cpu.user_mode || !(d & (write ? 2 : 1)))
        return false;
    if (!(d & 4) != !(c->msr & MSR_DR))
        return false;
    if ((ea & ~7u) != (d & ~7u) && ((ea + size - 1) & ~7u) != (d & ~7u))
        return false;
    c->spr[SPR_DAR] = ea;
    c->spr[SPR_DSISR] = 0x00400000u | (write ? 0x02000000u : 0);
    ppc_exception(c, EXC_DSI, c->pc, 0);
    return true;
}

bool ppc_read_slow(ppc_cpu *c, uint32_t ea, unsigned size, uint32_t *val)
{
    if (dabr_hit(c, ea, size, false))
        return false;
    if (((ea & 0xfff) + size) > 0x1000) {      /* crosses a page: byte by byte */
        uint32_t v = 0, b;
        for (unsigned k = 0; k < size; k++) {
            if (!ppc_read(c, ea + k, 1, &b))
                return false;
            v = v << 8 | b;
        }
        *val = v;
        return true;
    }
    uint32_t pa;
    return ppc_translate(c, ea, PPC_ACC_READ, &pa) && phys_read(c, pa, size, val);
}

bool ppc_write_slow(ppc_cpu *c, uint32_t ea, unsigned size, uint32_t val)
{
    if (dabr_hit(c, ea, size, true))
        return false;
    if (((ea & 0xfff) + size) > 0x1000) {
        uint32_t pa;
        /* Check the second page first so a fault leaves memory unchanged. */
        if (!ppc_translate(c, (ea + size - 1), PPC_ACC_WRITE, &pa))
            return false;
        for (unsigned k = 0; k < size; k++)
            if (!ppc_write(c, ea + k, 1, (val >> (8 * (size - 1 - k))) & 0xff))
                return false;
        return true;
    }
    uint32_t pa;
    return ppc_translate(c, ea, PPC_ACC_WRITE, &pa) && phys_write(c, pa, size, val);
}

bool ppc_fetch_slow(ppc_cpu *c, uint32_t ea, uint32_t *insn)
{
    uint32_t pa;
    if (!(c->msr & MSR_IR) || c->cpu.user_mode) {
        pa = ea;
    } else if (!ppc_translate(c, ea, PPC_ACC_FETCH, &pa)) {
        return false;
    }
    ww_space *s = c->cpu.chip.bus[PPC_BUS_MEM];
    if (c->rtab) {
        uint8_t *p = c->rtab[pa >> c->page_bits];
        if (p) {
            *insn = ww_ld_be32(p + (pa & ((1u << c->page_bits) - 1)));
            return true;
        }
    }
    uint64_t v = 0;
    ww_bus_status st = ww_space_read(s, pa, 4, &v);
    ppc_check_map(c);
    if (st != WW_BUS_OK) {
        if (c->cpu.user_mode) {
            ppc_user_fault(c, SIG_SEGV);
        } else if (!(c->msr & MSR_ME)) {
            c->cpu.stop = WW_STOP_FATAL;
            c->exc_taken = true;
        } else {
            ppc_exception(c, EXC_MCHECK, ea, 1u << 18);
        }
        return false;
    }
    *insn = (uint32_t)v;
    return true;
}

/* ---- cached engine: accesses that make fast TLB entries ------------------------ */

/* Exactly ppc_read / ppc_write (same faults, same order of side effects); an
 * access inside one page that translates to RAM (ROM for reads) also leaves
 * an entry in the current mode's fast TLB. */
bool ppc_ld_fill(ppc_cpu *c, uint32_t ea, unsigned size, uint32_t *val)
{
    if (!c->ftlb_ok || !c->rtab || (ea & 0xfff) + size > 0x1000)
        return ppc_read(c, ea, size, val);
    uint32_t pa;
    if (!ppc_translate(c, ea, PPC_ACC_READ, &pa))
        return false;
    uint8_t *p = c->rtab[pa >> c->page_bits];
    if (!p)
        return phys_read(c, pa, size, val);
    p += pa & c->page_mask;
    ftlb_fill(c->tlb_r, ea, p);
    *val = size == 4 ? ppc_be32(p) : size == 2 ? ww_ld_be16(p) : p[0];
    return true;
}

bool ppc_st_fill(ppc_cpu *c, uint32_t ea, unsigned size, uint32_t val)
{
    if (!c->ftlb_ok || !c->wtab || (ea & 0xfff) + size > 0x1000)
        return ppc_write(c, ea, size, val);
    uint32_t pa;
    if (!ppc_translate(c, ea, PPC_ACC_WRITE, &pa))
        return false;
    uint8_t *p = c->wtab[pa >> c->page_bits];
    if (!p)     /* ROM, MMIO, a code page: the space sees the write */
        return phys_write(c, pa, size, val);
    p += pa & c->page_mask;
    ftlb_fill(c->tlb_w, ea, p);
    if (size == 4)
        ppc_st_be32(p, val);
    else if (size == 2)
        ww_st_be16(p, (uint16_t)val);
    else
        p[0] = (uint8_t)val;
    return true;
}
