/* cpu/x86/mem.c — memory access: segment checks, paging with a TLB, and
 * physical access through the "mem" space's page table fast path.
 *
 * Segment limit checks follow SDM vol. 3 §5.3 (expand-up and expand-down);
 * the 8086 has none and wraps offsets at 64 KiB (a word at offset FFFF takes
 * its high byte from offset 0). Paging is the two-level 32-bit scheme with
 * 4 KiB pages and, with CR4.PSE, 4 MiB pages (SDM vol. 3 §4.3); the TLB is a
 * direct-mapped cache flushed on CR3 loads, CR0/CR4 paging changes and
 * INVLPG (one page). Accessed/dirty bits are set as the SDM describes. */
#include "cpu/x86/x86.h"

void x86_refresh_tables(x86_cpu *c)
{
    ww_space *s = c->cpu.chip.bus[X86_BUS_MEM];
    if (!s) {
        c->rtab = c->wtab = NULL;
        return;
    }
    c->rtab = ww_space_read_table(s);
    c->wtab = ww_space_write_table(s);
    c->page_bits = ww_space_cfg(s)->page_bits;
    c->gen = ww_space_generation(s);
    unsigned bits = ww_space_cfg(s)->addr_bits;
    c->space_mask = bits >= 32 ? 0xFFFFFFFFu : (1u << bits) - 1;
    x86_apply_model(c);
    x86_fetch_flush(c);
    x86_ftlb_flush(c);
}

static inline uint8_t *phys_ptr(x86_cpu *c, uint8_t *const *tab, uint32_t pa)
{
    if (!tab)
        return NULL;
    return ww_space_page_r(tab, c->page_bits, pa);
}

static uint32_t phys_read_slow(x86_cpu *c, uint32_t pa, unsigned size)
{
    ww_space *s = c->cpu.chip.bus[X86_BUS_MEM];
    uint64_t v = 0;
    if (!s || ww_space_read(s, pa, size, &v) != WW_BUS_OK) {
        if (c->cpu.user_mode) {          /* the runner's unmapped pages: SIGSEGV */
            c->cr2 = pa;
            x86_fault(c, X86_PF, 4);
        }
        return x86_mask(size); /* no memory answers: the bus floats high */
    }
    return (uint32_t)v;
}

static void phys_write_slow(x86_cpu *c, uint32_t pa, unsigned size, uint32_t v)
{
    ww_space *s = c->cpu.chip.bus[X86_BUS_MEM];
    if (s && ww_space_write(s, pa, size, v) != WW_BUS_OK && c->cpu.user_mode) {
        c->cr2 = pa;
        x86_fault(c, X86_PF, 6);
    }
    /* An MMIO write may remap memory (PCI BARs, shadow RAM). */
    if (s && ww_space_generation(s) != c->gen)
        x86_refresh_tables(c);
}

uint8_t x86_phys_read8(x86_cpu *c, uint32_t pa)
{
    pa &= c->amask;
    uint8_t *p = phys_ptr(c, c->rtab, pa);
    return p ? *p : (uint8_t)phys_read_slow(c, pa, 1);
}

void x86_phys_write8(x86_cpu *c, uint32_t pa, uint8_t v)
{
    pa &= c->amask;
    uint8_t *p = phys_ptr(c, c->wtab, pa);
    if (p)
        *p = v;
    else
        phys_write_slow(c, pa, 1, v);
}

static uint32_t phys_read(x86_cpu *c, uint32_t pa, unsigned size)
{
    pa &= c->amask;
    uint32_t pmask = (1u << c->page_bits) - 1;
    if ((pa & pmask) + size <= pmask + 1) {
        uint8_t *p = phys_ptr(c, c->rtab, pa);
        if (p)
            return size == 1 ? *p : size == 2 ? ww_ld_le16(p) : ww_ld_le32(p);
        if ((pa & (size - 1)) == 0)
            return phys_read_slow(c, pa, size);
    }
    uint32_t v = 0;
    for (unsigned i = 0; i < size; i++)
        v |= (uint32_t)x86_phys_read8(c, pa + i) << (8 * i);
    return v;
}

static void phys_write(x86_cpu *c, uint32_t pa, unsigned size, uint32_t v)
{
    pa &= c->amask;
    uint32_t pmask = (1u << c->page_bits) - 1;
    if ((pa & pmask) + size <= pmask + 1) {
        uint8_t *p = phys_ptr(c, c->wtab, pa);
        if (p) {
            if (size == 1) *p = (uint8_t)v;
            else if (size == 2) ww_st_le16(p, (uint16_t)v);
            else ww_st_le32(p, v);
            return;
        }
        if ((pa & (size - 1)) == 0) {
            phys_write_slow(c, pa, size, v);
            return;
        }
    }
    for (unsigned i = 0; i < size; i++)
        x86_phys_write8(c, pa + i, (uint8_t)(v >> (8 * i)));
}

uint32_t x86_phys_read32(x86_cpu *c, uint32_t pa) { return phys_read(c, pa, 4); }
void x86_phys_write32(x86_cpu *c, uint32_t pa, uint32_t v) { phys_write(c, pa, 4, v); }

/* ---- paging ------------------------------------------------------------ */

void x86_tlb_flush(x86_cpu *c)
{
    memset(c->tlb, 0, sizeof c->tlb);
    x86_fetch_flush(c);
    x86_ftlb_flush(c);
}

void x86_tlb_flush_page(x86_cpu *c, uint32_t lin)
{
    /* A 4 MiB page may sit in any slot: drop every entry it could cover. */
    for (unsigned i = 0; i < X86_TLB_SIZE; i++)
        if ((c->tlb[i].tag & 1) && ((c->tlb[i].tag ^ lin) & 0xFFC00000u) == 0) {
            c->tlb[i].tag = 0;
            x86_ftlb_drop(c, i << 12);
        }
    x86_fetch_flush(c);
}

/* Walk the tables (SDM vol. 3 §4.3, §4.6 for the rights). Returns the
 * physical address or raises #PF with CR2 = lin. */
static uint32_t page_walk(x86_cpu *c, uint32_t lin, bool write, bool user)
{
    uint32_t pde_a = (c->cr3 & 0xFFFFF000u) | ((lin >> 20) & 0xFFC);
    uint32_t pde = phys_read(c, pde_a, 4);
    uint32_t err = (write ? 2 : 0) | (user ? 4 : 0);
    bool wp = (c->cr0 & (1u << 16)) != 0;
    if (!(pde & 1))
        goto fault;
    if ((pde & 0x80) && (c->cr4 & 0x10)) {           /* 4 MiB page */
        bool rw = pde & 2, us = pde & 4;
        if ((user && (!us || (write && !rw))) || (!user && write && !rw && wp)) {
            err |= 1;
            goto fault;
        }
        uint32_t npde = pde | 0x20 | (write ? 0x40 : 0);
        if (npde != pde)
            phys_write(c, pde_a, 4, npde);
        uint32_t pa = (pde & 0xFFC00000u) | (lin & 0x3FFFFF);
        x86_tlb_entry *t = &c->tlb[(lin >> 12) & (X86_TLB_SIZE - 1)];
        x86_ftlb_drop(c, lin);   /* the fast entries stay a subset of the TLB */
        t->tag = (lin & 0xFFFFF000u) | 1;
        t->phys = pa & 0xFFFFF000u;
        t->flags = (rw ? 1 : 0) | (us ? 2 : 0) | ((npde & 0x40) ? 4 : 0);
        return pa;
    }
    uint32_t pte_a = (pde & 0xFFFFF000u) | ((lin >> 10) & 0xFFC);
    uint32_t pte = phys_read(c, pte_a, 4);
    if (!(pte & 1))
        goto fault;
    bool rw = (pde & 2) && (pte & 2), us = (pde & 4) && (pte & 4);
    if ((user && (!us || (write && !rw))) || (!user && write && !rw && wp)) {
        err |= 1;
        goto fault;
    }
    if (!(pde & 0x20))
        phys_write(c, pde_a, 4, pde | 0x20);
    uint32_t npte = pte | 0x20 | (write ? 0x40 : 0);
    if (npte != pte)
        phys_write(c, pte_a, 4, npte);
    x86_tlb_entry *t = &c->tlb[(lin >> 12) & (X86_TLB_SIZE - 1)];
    x86_ftlb_drop(c, lin);
    t->tag = (lin & 0xFFFFF000u) | 1;
    t->phys = pte & 0xFFFFF000u;
    t->flags = (rw ? 1 : 0) | (us ? 2 : 0) | ((npte & 0x40) ? 4 : 0);
    return t->phys | (lin & 0xFFF);
fault:
    c->cr2 = lin;
    x86_fault(c, X86_PF, (int)err);
}

static inline uint32_t translate(x86_cpu *c, uint32_t lin, bool write, bool sys)
{
    if (!(c->cr0 & 0x80000000u))
        return lin;
    bool user = !sys && c->cpl == 3;
    x86_tlb_entry *t = &c->tlb[(lin >> 12) & (X86_TLB_SIZE - 1)];
    if (t->tag == ((lin & 0xFFFFF000u) | 1)) {
        bool ok = true;
        if (user && !(t->flags & 2))
            ok = false;
        if (write && (!(t->flags & 4) || (!(t->flags & 1) && (user || (c->cr0 & (1u << 16))))))
            ok = false;
        if (ok)
            return t->phys | (lin & 0xFFF);
    }
    return page_walk(c, lin, write, user);
}

uint32_t x86_lin_read(x86_cpu *c, uint32_t lin, unsigned size, bool sys)
{
    if (((lin & 0xFFF) + size) > 0x1000) {
        uint32_t v = 0;
        for (unsigned i = 0; i < size; i++)
            v |= (uint32_t)phys_read(c, translate(c, lin + i, false, sys), 1) << (8 * i);
        return v;
    }
    return phys_read(c, translate(c, lin, false, sys), size);
}

void x86_lin_write(x86_cpu *c, uint32_t lin, unsigned size, uint32_t v, bool sys)
{
    if (((lin & 0xFFF) + size) > 0x1000) {
        /* Check every page before writing any byte (no partial writes). */
        uint32_t pa[4];
        for (unsigned i = 0; i < size; i++)
            pa[i] = translate(c, lin + i, true, sys);
        for (unsigned i = 0; i < size; i++)
            phys_write(c, pa[i], 1, v >> (8 * i));
        return;
    }
    phys_write(c, translate(c, lin, true, sys), size, v);
}

/* ---- segmented access -------------------------------------------------- */

static G_NORETURN void seg_fault(x86_cpu *c, int sreg)
{
    /* The 286 in real mode raises INT 13 for any segment overrun, stack
     * included (hardware capture: RET/LEAVE with SP=FFFF). */
    bool ss = sreg == X86_SS && !(c->level == X86_I286 && !x86_pmode(c));
    x86_fault(c, ss ? X86_SS_EXC : X86_GP, 0);
}

/* Limit and type checks (SDM vol. 3 §5.3, §5.4). 286 real mode raises #GP
 * (INT 13) for a word at offset FFFF (iAPX 286 PRM, real-mode exceptions). */
static inline void seg_check(x86_cpu *c, int sreg, uint32_t off, unsigned size, bool write)
{
    const x86_seg *s = &c->seg[sreg];
    if (x86_pmode(c) && !x86_v86(c)) {
        if (!(s->attr & SEG_P))
            seg_fault(c, sreg);
        unsigned type = s->attr & 0x1F;
        if (write && ((type & 0x18) == 0x18 || !(type & 2)))
            seg_fault(c, sreg);          /* code segment or read-only data */
        if (!write && (type & 0x1A) == 0x18)
            seg_fault(c, sreg);          /* execute-only code */
        if ((type & 0x1C) == 0x14) {     /* expand-down data */
            uint32_t upper = (s->attr & SEG_DB) ? 0xFFFFFFFFu : 0xFFFFu;
            if (off <= s->limit || off + size - 1 > upper || off + size - 1 < off)
                seg_fault(c, sreg);
            return;
        }
    }
    if (off + size - 1 > s->limit || off + size - 1 < off)
        seg_fault(c, sreg);
}

/* Host pointer for an access that stays inside one RAM page and needs no
 * page walk (paging off, or a TLB hit with the rights); NULL otherwise. */
static inline uint8_t *fast_ptr(x86_cpu *c, uint8_t *const *tab, uint32_t lin, unsigned size,
                                bool write)
{
    if ((lin & 0xFFF) + size > 0x1000 || !tab || c->page_bits != 12)
        return NULL;
    uint32_t pa;
    if (c->cr0 & 0x80000000u) {
        const x86_tlb_entry *t = &c->tlb[(lin >> 12) & (X86_TLB_SIZE - 1)];
        if (t->tag != ((lin & 0xFFFFF000u) | 1))
            return NULL;
        bool user = c->cpl == 3;
        if (user && !(t->flags & 2))
            return NULL;
        if (write && (!(t->flags & 4) || (!(t->flags & 1) && (user || (c->cr0 & (1u << 16))))))
            return NULL;
        pa = t->phys | (lin & 0xFFF);
    } else {
        pa = lin;
    }
    pa &= c->amask;
    uint8_t *p = tab[pa >> 12];
    return p ? p + (pa & 0xFFF) : NULL;
}

uint32_t x86_rd(x86_cpu *c, int sreg, uint32_t off, unsigned size)
{
    const x86_seg *s = &c->seg[sreg];
    if (c->level == X86_I8086) {
        uint32_t v = 0;
        for (unsigned i = 0; i < size; i++)
            v |= (uint32_t)x86_phys_read8(c, s->base + ((off + i) & 0xFFFF)) << (8 * i);
        return v;
    }
    if (!(s->flat & 1) || off + size - 1 < off)
        seg_check(c, sreg, off, size, false);
    uint8_t *p = fast_ptr(c, c->rtab, s->base + off, size, false);
    if (p)
        return size == 1 ? *p : size == 2 ? ww_ld_le16(p) : ww_ld_le32(p);
    return x86_lin_read(c, s->base + off, size, false);
}

void x86_wr(x86_cpu *c, int sreg, uint32_t off, unsigned size, uint32_t v)
{
    const x86_seg *s = &c->seg[sreg];
    if (c->level == X86_I8086) {
        for (unsigned i = 0; i < size; i++)
            x86_phys_write8(c, s->base + ((off + i) & 0xFFFF), (uint8_t)(v >> (8 * i)));
        return;
    }
    if (!(s->flat & 2) || off + size - 1 < off)
        seg_check(c, sreg, off, size, true);
    uint8_t *p = fast_ptr(c, c->wtab, s->base + off, size, true);
    if (p) {
        if (size == 1) *p = (uint8_t)v;
        else if (size == 2) ww_st_le16(p, (uint16_t)v);
        else ww_st_le32(p, v);
        return;
    }
    x86_lin_write(c, s->base + off, size, v, false);
}

/* The segment checks and the page walk of a write of size bytes (up to 8:
 * CMPXCHG8B's two dwords) at sreg:off, faulting as x86_wr would; nothing is
 * written (the accessed/dirty bits are, as the write that follows would). */
void x86_wr_check(x86_cpu *c, int sreg, uint32_t off, unsigned size)
{
    const x86_seg *s = &c->seg[sreg];
    if (c->level == X86_I8086)
        return;                          /* no checks to fail */
    if (!(s->flat & 2) || off + size - 1 < off)
        seg_check(c, sreg, off, size, true);
    uint32_t lin = s->base + off;
    (void)translate(c, lin, true, false);
    if ((lin & 0xFFF) + size > 0x1000)
        (void)translate(c, lin + size - 1, true, false);
}

/* Instruction fetch, slow path: CS limit checked per byte on 286+ (#GP(0));
 * an instruction longer than 15 bytes (286: 10) is #GP (SDM vol. 3 §6.15;
 * iAPX 286 PRM, instruction length limit). On 386+ the fast window does not
 * see the length limit: x86_step bounds the prefixes instead. After a byte
 * from plain memory the window is refilled for the rest of its page. */
uint8_t x86_fetch8_slow(x86_cpu *c)
{
    const x86_seg *s = &c->seg[X86_CS];
    uint32_t ipm = x86_ip_mask(c), ip = c->eip & ipm;
    c->eip = (ip + 1) & ipm;
    uint32_t lin;
    uint64_t room;
    const uint8_t *p;
    uint8_t v;
    if (c->level == X86_I8086) {
        ip &= 0xFFFF;
        c->eip = (ip + 1) & 0xFFFF;
        lin = (s->base + ip) & c->amask;
        v = x86_phys_read8(c, lin);
        p = c->rtab ? ww_space_page_r(c->rtab, c->page_bits, lin) : NULL;
        room = 0xFFFF - ip;                /* the byte at FFFF wraps: slow path */
    } else {
        if (ip > s->limit)
            x86_fault(c, X86_GP, 0);
        if (((ip - c->op_eip) & ipm) >= (c->level == X86_I286 ? 10u : 15u))
            x86_fault(c, X86_GP, 0);
        lin = s->base + ip;
        v = (uint8_t)x86_lin_read(c, lin, 1, false);
        p = fast_ptr(c, c->rtab, lin, 1, false);
        room = (uint64_t)s->limit - ip + 1;
        if (ipm == 0xFFFF && 0xFFFFu - ip < room)
            room = 0xFFFFu - ip;
        if (c->level == X86_I286)
            p = NULL;                      /* keep the exact 10-byte check */
    }
    if (p && c->page_bits == 12) {
        uint32_t in_page = 0x1000 - (lin & 0xFFF);
        c->fast_lo = ip;
        c->fast_len = room < in_page ? (uint32_t)room : in_page;
        c->fast_delta = (uintptr_t)p - ip;
    }
    return v;
}
