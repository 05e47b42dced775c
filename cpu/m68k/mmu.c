/* cpu/m68k/mmu.c — the 68030 PMMU and the 68040 MMU.
 *
 * 68030 (030UM §9, PRM §10 PMOVE/PFLUSH/PLOAD/PTEST):
 *   TC (E SRE FCL PS IS TIA-TID), CRP/SRP (64-bit: L/U, LIMIT, DT, table
 *   address), TT0/TT1 (base, mask, E, CI, R/W, RWM, FC base/mask), MMUSR
 *   (B L S W I M T N). Table walks of up to four levels (plus a function-code
 *   level with FCL), short (4-byte) and long (8-byte) descriptors, early
 *   termination (a page descriptor above the last level), indirect page
 *   descriptors (DT 2/3 at the last level), limits (L/U), U set on every
 *   descriptor used and M on the page descriptor of a write, WP and S
 *   accumulated along the walk. A 22-entry ATC tagged by function code and
 *   logical page; a failed walk leaves an entry with B set, which the access
 *   faults on until it is flushed (030UM §9.2.1). Loading TC, SRP or CRP
 *   flushes the ATC unless PMOVEFD; TT writes never do (030UM §9.6).
 *   An invalid TC with E set, or a root pointer with DT = 0, takes the MMU
 *   configuration exception (vector 56, format $0, PC of the next
 *   instruction) and the TC is loaded with E clear.
 * 68EC030: TT0/TT1 (its AC0/AC1) through PMOVE; no translation; every other
 *   PMMU instruction is a line-F exception.
 * 68040 (040UM §3, PRM PFLUSH/PTEST (MC68040)): TC (E, P = 8K pages),
 *   URP/SRP, ITT0/1, DTT0/1 (base, mask, E, S field, U1 U0, CM, W), MMUSR
 *   (PA, B G U1 U0 S CM M W T R). Three-level walks (7/7/6 or 7/7/5 index
 *   bits), indirect page descriptors (PDT 2), U on every descriptor, M on
 *   writes, W accumulated, S (supervisor only), G (global). Data and
 *   instruction ATCs of 64 entries; PFLUSH(N) (An), PFLUSHA(N) with the G
 *   rule; PTEST(R/W) (An) walks with DFC and loads an ATC entry. CINV/CPUSH
 *   (caches are flags: no contents) and MOVE16.
 * A walk reads at most six descriptors, so no table a guest builds can loop;
 * a descriptor outside memory is a bus error of the walk (B).
 * Tests: tests/firmware/m68k/mmu030.S, mmu040.S (tests/cpu/m68k/firmware.c). */
#include "cpu/m68k/m68k.h"

/* 030 MMUSR */
enum { SR30_B = 0x8000, SR30_L = 0x4000, SR30_S = 0x2000, SR30_W = 0x0800, SR30_I = 0x0400,
       SR30_M = 0x0200, SR30_T = 0x0040 };
/* 040 MMUSR */
enum { SR40_B = 0x800, SR40_G = 0x400, SR40_S = 0x080, SR40_M = 0x010, SR40_W = 0x004,
       SR40_T = 0x002, SR40_R = 0x001 };

/* ---- physical access for table walks ---------------------------------------- */

static bool phys_rd32(m68k_t *m, uint32_t pa, uint32_t *v)
{
    m->cyc += 4;
    uint8_t *p = m68k_host(m, m->prtab, pa);
    if (p && (pa & 3) == 0) {
        *v = ww_ld_be32(p);
        return true;
    }
    ww_space *s = m->cpu.chip.bus[M68K_BUS_MEM];
    uint64_t x = 0;
    if (!s || (m->peek_walk ? ww_space_peek(s, pa & m->amask, 4, &x)
                            : ww_space_read(s, pa & m->amask, 4, &x)) != WW_BUS_OK)
        return false;
    *v = (uint32_t)x;
    return true;
}

static bool phys_wr32(m68k_t *m, uint32_t pa, uint32_t v)
{
    m->cyc += 4;
    uint8_t *p = m68k_host(m, m->pwtab, pa);
    if (p && (pa & 3) == 0) {
        ww_st_be32(p, v);
        return true;
    }
    ww_space *s = m->cpu.chip.bus[M68K_BUS_MEM];
    return s && ww_space_write(s, pa & m->amask, 4, v) == WW_BUS_OK;
}

/* ---- common ------------------------------------------------------------------ */

void m68k_mmu_flush_all(m68k_t *m)
{
    for (unsigned i = 0; i < ATC_030; i++)
        m->mmu.atc[i].valid = 0;
    for (unsigned i = 0; i < ATC_040; i++)
        m->mmu.datc[i].valid = m->mmu.iatc[i].valid = 0;
}

void m68k_mmu_update(m68k_t *m)
{
    uint8_t on = 0;
    if (m->mmu_kind == MMU_030)
        on = (m->mmu.tc >> 31) & 1;
    else if (m->mmu_kind == MMU_040)
        on = (m->mmu.tc >> 15) & 1;
    if (on != m->mmu_on) {
        m->mmu_on = on;
        m68k_refresh_tables(m);
    }
}

void m68k_mmu_reset(m68k_t *m)
{
    memset(&m->mmu, 0, sizeof m->mmu);
    m->mmu_on = 0;
    m->nwb = 0;
}

/* ---- 68030 ------------------------------------------------------------------- */

typedef struct {
    uint32_t pa;          /* physical address of la */
    uint32_t ppage;       /* physical page (PS-aligned) */
    uint16_t status;      /* MMUSR bits */
    unsigned levels;      /* descriptors fetched */
    uint32_t last_desc;   /* address of the last descriptor fetched */
    bool wp, s, ci, m;
} walk30;

static bool tc_valid(uint32_t tc)
{
    unsigned ps = (tc >> 20) & 15, is = (tc >> 16) & 15;
    unsigned sum = ps + is;
    if (ps < 8 || !((tc >> 12) & 15))
        return false;
    for (int i = 3; i >= 0; i--) {
        unsigned ti = (tc >> (4 * i)) & 15;
        if (!ti)
            break;
        sum += ti;
    }
    return sum == 32;
}

/* Does TT0/TT1 map this access transparently (030UM §9.7.3)? */
static bool tt30_match(const m68k_t *m, uint32_t la, unsigned fc, bool write, bool *ci)
{
    for (unsigned i = 0; i < 2; i++) {
        uint32_t tt = m->mmu.tt[i];
        if (!(tt & 0x8000))
            continue;
        uint32_t amask = (tt >> 16) & 0xff, base = tt >> 24;
        if (((la >> 24) ^ base) & ~amask & 0xff)
            continue;
        unsigned fcmask = tt & 7, fcbase = (tt >> 4) & 7;
        if ((fc ^ fcbase) & ~fcmask & 7)
            continue;
        if (!(tt & 0x100) && ((tt & 0x200) != 0) != !write)
            continue;
        if (ci)
            *ci = tt & 0x400;
        return true;
    }
    return false;
}

/* The 030 table walk. `limit_levels` stops after that many descriptor
 * levels (PTEST); `update` sets U/M as an access does (not for PTEST). */
static void walk030(m68k_t *m, uint32_t la, unsigned fc, bool write, unsigned max_levels,
                    bool update, walk30 *w)
{
    uint32_t tc = m->mmu.tc;
    unsigned ps = (tc >> 20) & 15, is = (tc >> 16) & 15;
    uint64_t root = (fc & 4) && (tc & 0x02000000) ? m->mmu.srp : m->mmu.crp;
    memset(w, 0, sizeof *w);
    unsigned dt = (unsigned)(root >> 32) & 3;
    uint32_t addr = (uint32_t)root & 0xfffffff0u;
    uint32_t lu = (uint32_t)(root >> 32);
    bool has_limit = true;
    unsigned ti[5], nlev = 0;
    if (tc & 0x01000000)
        ti[nlev++] = 0xff;              /* FC level: 3 index bits from the function code */
    for (int i = 3; i >= 0; i--) {
        unsigned t = (tc >> (4 * i)) & 15;
        if (!t)
            break;
        ti[nlev++] = t;
    }
    uint32_t rest = la << is;           /* index bits still to use, left-aligned */
    unsigned rest_bits = 32 - is;
    if (dt == 1) {
        /* The root pointer is a page descriptor: one big early termination. */
        w->pa = addr + (rest_bits >= 32 ? la : (la & ((1u << rest_bits) - 1)));
        w->ppage = w->pa & ~((1u << ps) - 1);
        return;
    }
    for (unsigned lev = 0; lev < nlev; lev++) {
        if (w->levels >= max_levels)
            return;
        unsigned bits = ti[lev] == 0xff ? 3 : ti[lev];
        uint32_t idx = ti[lev] == 0xff ? fc & 7 : rest >> (32 - bits);
        if (ti[lev] != 0xff) {
            rest = bits == 32 ? 0 : rest << bits;
            rest_bits -= bits;
        }
        if (dt == 0) {
            w->status |= SR30_I;
            return;
        }
        if (has_limit) {
            uint32_t limit = (lu >> 16) & 0x7fff;
            if ((lu & 0x80000000u) ? idx < limit : idx > limit) {
                w->status |= SR30_L | SR30_I;
                return;
            }
        }
        unsigned dsize = dt == 2 ? 4 : 8;
        uint32_t daddr = addr + idx * dsize;
        uint32_t d0, d1 = 0;
        w->levels++;
        w->last_desc = daddr;
        if (!phys_rd32(m, daddr, &d0) || (dsize == 8 && !phys_rd32(m, daddr + 4, &d1))) {
            w->status |= SR30_B | SR30_I;
            return;
        }
        unsigned ndt = d0 & 3;
        bool last = lev + 1 == nlev;
        if (ndt == 0) {
            w->status |= SR30_I;
            return;
        }
        if (last && ndt != 1) {
            /* Indirect: the descriptor points at the page descriptor. */
            uint32_t iaddr = (dsize == 4 ? d0 : d1) & 0xfffffffcu;
            dsize = ndt == 2 ? 4 : 8;
            if (w->levels >= max_levels)
                return;
            w->levels++;
            w->last_desc = daddr = iaddr;
            if (!phys_rd32(m, daddr, &d0) || (dsize == 8 && !phys_rd32(m, daddr + 4, &d1))) {
                w->status |= SR30_B | SR30_I;
                return;
            }
            ndt = d0 & 3;
            if (ndt != 1) {
                w->status |= SR30_I;
                return;
            }
        }
        w->wp |= (d0 & 4) != 0;
        if (dsize == 8)
            w->s |= (d0 & 0x100) != 0;
        if (ndt == 1) {
            /* Page descriptor (at the last level, or early termination). */
            uint32_t page = (dsize == 4 ? d0 : d1) & 0xffffff00u;
            uint32_t nd0 = d0 | 8 | (write && !w->wp ? 0x10 : 0);
            if (update && nd0 != d0)
                phys_wr32(m, daddr, nd0);
            w->m = (nd0 & 0x10) != 0;
            w->ci = (d0 & 0x40) != 0;
            /* The bits of la below the levels used (remaining index bits
             * and the page offset) are added to the page address: with early
             * termination the page covers them all (030UM §9.5.3.3). */
            uint32_t omask = rest_bits >= 32 ? 0xffffffffu : (1u << rest_bits) - 1;
            w->pa = page + (la & omask);
            w->ppage = w->pa & ~((1u << ps) - 1);
            if (w->wp)
                w->status |= SR30_W;
            if (w->s)
                w->status |= SR30_S;
            if (w->m)
                w->status |= SR30_M;
            return;
        }
        /* Table descriptor: on to the next level. */
        if (update && !(d0 & 8))
            phys_wr32(m, daddr, d0 | 8);
        addr = (dsize == 4 ? d0 : d1) & 0xfffffff0u;
        has_limit = dsize == 8;
        lu = d0;
        dt = ndt;
    }
    /* More TIx levels than descriptors: cannot happen with a valid TC. */
    w->status |= SR30_I;
}

static m68k_atc *atc30_find(m68k_t *m, uint32_t lpage, unsigned fc)
{
    for (unsigned i = 0; i < ATC_030; i++) {
        m68k_atc *e = &m->mmu.atc[i];
        if (e->valid && e->lpage == lpage && e->fc == fc)
            return e;
    }
    return NULL;
}

static m68k_atc *atc30_load(m68k_t *m, uint32_t la, unsigned fc, bool write)
{
    unsigned ps = (m->mmu.tc >> 20) & 15;
    uint32_t lpage = la >> ps;
    m68k_atc *e = atc30_find(m, lpage, fc);
    if (!e) {
        e = &m->mmu.atc[m->mmu.next];
        m->mmu.next = (uint8_t)((m->mmu.next + 1) % ATC_030);
    }
    walk30 w;
    walk030(m, la, fc, write, 99, true, &w);
    *e = (m68k_atc){ .lpage = lpage, .ppage = w.ppage, .valid = 1, .fc = (uint8_t)fc,
                     .wp = w.wp, .m = w.m, .ci = w.ci, .s = w.s,
                     .b = (w.status & (SR30_B | SR30_L | SR30_I)) != 0 };
    return e;
}

static bool translate030(m68k_t *m, uint32_t la, unsigned fc, bool write, uint32_t *pa)
{
    if (tt30_match(m, la, fc, write, NULL)) {
        *pa = la;
        return true;
    }
    unsigned ps = (m->mmu.tc >> 20) & 15;
    m68k_atc *e = atc30_find(m, la >> ps, fc);
    if (!e || (write && !e->m && !e->wp && !e->b))
        e = atc30_load(m, la, fc, write);
    if (e->b || (e->s && !(fc & 4)) || (write && e->wp)) {
        m->fault_atc = 1;
        return false;
    }
    *pa = e->ppage | (la & ((1u << ps) - 1));
    return true;
}

/* ---- 68040 ------------------------------------------------------------------- */

typedef struct {
    uint32_t ppage;
    uint32_t last_desc;
    uint32_t pdesc;       /* the page descriptor (its low bits: G U1 U0 S CM M W) */
    bool valid, bus, wp;
} walk40;

static bool tt40_match(const m68k_t *m, uint32_t la, bool super, bool insn, uint32_t *ttr)
{
    const uint32_t *regs = insn ? m->mmu.itt : m->mmu.dtt;
    for (unsigned i = 0; i < 2; i++) {
        uint32_t tt = regs[i];
        if (!(tt & 0x8000))
            continue;
        uint32_t amask = (tt >> 16) & 0xff, base = tt >> 24;
        if (((la >> 24) ^ base) & ~amask & 0xff)
            continue;
        unsigned sf = (tt >> 13) & 3;
        if (sf == 0 && super)
            continue;
        if (sf == 1 && !super)
            continue;
        *ttr = tt;
        return true;
    }
    return false;
}

static void walk040(m68k_t *m, uint32_t la, bool super, bool write, bool update, walk40 *w)
{
    bool p8k = m->mmu.tc & 0x4000;
    uint32_t root = super ? (uint32_t)m->mmu.srp : m->mmu.urp;
    memset(w, 0, sizeof *w);
    uint32_t d;
    /* root level: LA 31-25 */
    uint32_t a = (root & 0xfffffe00u) + ((la >> 25) & 0x7f) * 4;
    w->last_desc = a;
    if (!phys_rd32(m, a, &d)) {
        w->bus = true;
        return;
    }
    if (!(d & 2))
        return;
    if (update && !(d & 8))
        phys_wr32(m, a, d | 8);
    w->wp |= (d & 4) != 0;
    /* pointer level: LA 24-18 */
    a = (d & 0xfffffe00u) + ((la >> 18) & 0x7f) * 4;
    w->last_desc = a;
    if (!phys_rd32(m, a, &d)) {
        w->bus = true;
        return;
    }
    if (!(d & 2))
        return;
    if (update && !(d & 8))
        phys_wr32(m, a, d | 8);
    w->wp |= (d & 4) != 0;
    /* page level: LA 17-12 (4K) or 17-13 (8K) */
    a = p8k ? (d & 0xffffff80u) + ((la >> 13) & 0x1f) * 4
            : (d & 0xffffff00u) + ((la >> 12) & 0x3f) * 4;
    w->last_desc = a;
    if (!phys_rd32(m, a, &d)) {
        w->bus = true;
        return;
    }
    if ((d & 3) == 2) {          /* indirect */
        a = d & 0xfffffffcu;
        w->last_desc = a;
        if (!phys_rd32(m, a, &d)) {
            w->bus = true;
            return;
        }
        if ((d & 3) == 2 || !(d & 3))
            return;
    }
    if (!(d & 3))
        return;
    w->wp |= (d & 4) != 0;
    uint32_t nd = d | 8;
    if (write && !w->wp && (super || !(d & 0x80)))
        nd |= 0x10;
    if (update && nd != d)
        phys_wr32(m, a, nd);
    w->pdesc = nd;
    w->ppage = p8k ? nd & 0xffffe000u : nd & 0xfffff000u;
    w->valid = true;
}

/* The entry for lpage, trying the one that matched last first (accesses
 * stay on a page: the search was a third of the boot's host time). Entries
 * are unique per page and space (atc40_load looks before it inserts), so the
 * hint finds what the scan would. */
static m68k_atc *atc40_find(m68k_atc *atc, uint8_t *hint, uint32_t lpage, bool super)
{
    unsigned h = *hint % ATC_040;
    if (atc[h].valid && atc[h].lpage == lpage && atc[h].fc == super)
        return &atc[h];
    for (unsigned i = 0; i < ATC_040; i++)
        if (atc[i].valid && atc[i].lpage == lpage && atc[i].fc == super) {
            *hint = (uint8_t)i;
            return &atc[i];
        }
    return NULL;
}

static m68k_atc *atc40_load(m68k_t *m, uint32_t la, bool super, bool insn, bool write,
                            walk40 *w)
{
    unsigned shift = (m->mmu.tc & 0x4000) ? 13 : 12;
    m68k_atc *atc = insn ? m->mmu.iatc : m->mmu.datc;
    uint8_t *next = insn ? &m->mmu.inext : &m->mmu.dnext;
    walk040(m, la, super, write, true, w);
    if (!w->valid)
        return NULL;
    m68k_atc *e = atc40_find(atc, insn ? &m->mmu.ihint : &m->mmu.dhint, la >> shift, super);
    if (!e) {
        e = &atc[*next];
        *next = (uint8_t)((*next + 1) % ATC_040);
    }
    uint32_t d = w->pdesc;
    *e = (m68k_atc){ .lpage = la >> shift, .ppage = w->ppage, .valid = 1, .fc = super,
                     .wp = w->wp, .m = (d & 0x10) != 0, .s = (d & 0x80) != 0,
                     .g = (d & 0x400) != 0, .cm = (uint8_t)((d >> 5) & 3),
                     .ux = (uint8_t)((d >> 8) & 3) };
    return e;
}

static bool translate040(m68k_t *m, uint32_t la, unsigned fc, bool write, uint32_t *pa)
{
    bool super = fc & 4, insn = (fc & 3) == 2;
    uint32_t ttr;
    if (tt40_match(m, la, super, insn, &ttr)) {
        if (write && (ttr & 4)) {
            m->fault_atc = 1;
            return false;
        }
        *pa = la;
        return true;
    }
    unsigned shift = (m->mmu.tc & 0x4000) ? 13 : 12;
    m68k_atc *e = atc40_find(insn ? m->mmu.iatc : m->mmu.datc,
                             insn ? &m->mmu.ihint : &m->mmu.dhint, la >> shift, super);
    walk40 w;
    if (!e || (write && !e->m && !e->wp && !(e->s && !super)))
        e = atc40_load(m, la, super, insn, write, &w);
    if (!e || (e->s && !super) || (write && e->wp)) {
        m->fault_atc = 1;
        return false;
    }
    *pa = e->ppage | (la & ((1u << shift) - 1));
    return true;
}

bool m68k_translate(m68k_t *m, uint32_t la, unsigned fc, bool write, uint32_t *pa)
{
    if (m->mmu_kind == MMU_040)
        return translate040(m, la, fc, write, pa);
    return translate030(m, la, fc, write, pa);
}

/* ---- the debugger's view (core/cpu.h translate) ---------------------------------
 * A logical data address as the CPU would translate it now, without side
 * effects: the transparent-translation registers, then the table walk with
 * update off (no U or M bit set: 030UM §9.5.3, 040UM §3.2.2) and descriptors
 * read with peeks, no ATC entry loaded or consulted (a stale ATC entry is the
 * guest's business, the tables are the truth), no fault raised, the cycle
 * count untouched. Supervisor or user data space from SR.S, as the CPU's own
 * data accesses; a write to a write-protected page, or a user access to a
 * supervisor-only page, does not translate. */
bool m68k_debug_translate(ww_cpu *cpu, uint64_t vaddr, bool write, uint64_t *paddr)
{
    m68k_t *m = (m68k_t *)cpu;
    if (vaddr > UINT32_MAX)
        return false;
    uint32_t la = (uint32_t)vaddr, pa = la;
    if (!m->mmu_on || (m->mmu_kind != MMU_030 && m->mmu_kind != MMU_040)) {
        *paddr = la;
        return true;
    }
    bool super = m68k_super(m), ok;
    uint64_t cyc = m->cyc;
    m->peek_walk = 1;
    if (m->mmu_kind == MMU_040) {
        uint32_t ttr;
        if (tt40_match(m, la, super, false, &ttr)) {
            ok = !(write && (ttr & 4));
        } else {
            walk40 w;
            walk040(m, la, super, write, false, &w);
            unsigned shift = (m->mmu.tc & 0x4000) ? 13 : 12;
            ok = w.valid && !w.bus && !((w.pdesc & 0x80) && !super) && !(write && w.wp);
            pa = w.ppage | (la & ((1u << shift) - 1));
        }
    } else {
        unsigned fc = super ? 5 : 1;          /* supervisor / user data */
        if (tt30_match(m, la, fc, write, NULL)) {
            ok = true;
        } else {
            walk30 w;
            walk030(m, la, fc, write, 99, false, &w);
            ok = !(w.status & (SR30_B | SR30_L | SR30_I)) && !(w.s && !super) &&
                 !(write && w.wp);
            pa = w.pa;
        }
    }
    m->peek_walk = 0;
    m->cyc = cyc;
    *paddr = pa;
    return ok;
}

/* ---- 68030 instructions (PMOVE, PFLUSH, PLOAD, PTEST) ------------------------- */

/* FC field of PFLUSH/PLOAD/PTEST (030UM §9.8): 10XXX immediate, 01DDD Dn,
 * 00000 SFC, 00001 DFC; anything else is not an encoding. */
static bool fc_field(m68k_t *m, unsigned f, unsigned *fc)
{
    if ((f & 0x18) == 0x10)
        *fc = f & 7;
    else if ((f & 0x18) == 0x08)
        *fc = m->d[f & 7] & 7;
    else if (f == 0)
        *fc = m->sfc;
    else if (f == 1)
        *fc = m->dfc;
    else
        return false;
    return true;
}

/* The address of a 64-bit PMOVE operand ((An)+ and -(An) step by 8). */
static uint32_t quad_addr(m68k_t *m, unsigned mode, unsigned reg)
{
    if (mode == 3) {
        uint32_t a = m->a[reg];
        m->a[reg] += 8;
        return a;
    }
    if (mode == 4)
        return m->a[reg] -= 8;
    m68k_ea ea;
    m68k_ea_decode(m, &ea, mode, reg, 4);
    return ea.addr;
}

/* After the PMOVE completed (its queue moved on): the next instruction. */
static void config_exception(m68k_t *m)
{
    m68k_exception(m, 56, m->pc - 4);
}

static void pflush030(m68k_t *m, unsigned fc, unsigned mask, bool with_ea, uint32_t la)
{
    unsigned ps = (m->mmu.tc >> 20) & 15;
    for (unsigned i = 0; i < ATC_030; i++) {
        m68k_atc *e = &m->mmu.atc[i];
        if (!e->valid || ((e->fc ^ fc) & mask & 7))
            continue;
        if (with_ea && e->lpage != la >> ps)
            continue;
        e->valid = 0;
    }
}

static void ptest030(m68k_t *m, uint32_t la, unsigned fc, bool write, unsigned level,
                     bool areg, unsigned reg)
{
    uint16_t st = 0;
    if (tt30_match(m, la, fc, write, NULL)) {
        st |= SR30_T;
        if (level == 0) {
            m->mmu.mmusr = st;    /* transparent: nothing in the ATC to report */
            return;
        }
    }
    if (level == 0) {
        unsigned ps = (m->mmu.tc >> 20) & 15;
        m68k_atc *e = atc30_find(m, la >> ps, fc);
        if (!e) {
            st |= SR30_I;
        } else {
            if (e->b)
                st |= SR30_B | SR30_I;
            if (e->wp)
                st |= SR30_W;
            if (e->m)
                st |= SR30_M;
            if (e->s && !(fc & 4))
                st |= SR30_S;
        }
        m->mmu.mmusr = st;
        return;
    }
    walk30 w;
    walk030(m, la, fc, write, level, false, &w);
    st |= w.status;
    if (w.s && !(fc & 4))
        st |= SR30_S;
    else
        st &= (uint16_t)~SR30_S;
    st |= (uint16_t)(w.levels & 7);
    m->mmu.mmusr = st;
    if (areg)
        m->a[reg] = w.last_desc;
}

static void op_pmmu030(m68k_t *m, uint16_t op)
{
    if (m->mmu_kind != MMU_030 && m->mmu_kind != MMU_EC030) {
        m68k_illegal(m, 11);
        return;
    }
    if (!m68k_super(m)) {
        m68k_privilege_violation(m);
        return;
    }
    uint16_t ext = m68k_ext(m);
    unsigned mode = (op >> 3) & 7, reg = op & 7;
    unsigned kind = ext >> 13;
    bool ec = m->mmu_kind == MMU_EC030;
    m68k_ea ea;
    if (kind == 0 || kind == 2 || kind == 3) {
        /* PMOVE: ext bits 12-10 register, 9 direction (1 = to memory), 8 FD. */
        unsigned preg = (ext >> 10) & 7;
        bool to_mem = ext & 0x200, fd = ext & 0x100;
        unsigned size;
        if (kind == 0 && (preg == 2 || preg == 3) && !(ext & 0xff))
            size = 4;                                   /* TT0, TT1 */
        else if (kind == 2 && preg == 0 && !(ext & 0xff) && !ec)
            size = 4;                                   /* TC */
        else if (kind == 2 && (preg == 2 || preg == 3) && !(ext & 0xff) && !ec)
            size = 8;                                   /* SRP, CRP */
        else if (kind == 3 && preg == 0 && !(ext & 0x1ff) && !ec)
            size = 2;                                   /* MMUSR */
        else {
            m68k_illegal(m, 11);
            return;
        }
        if (mode < 2 && size == 8) {
            m68k_illegal(m, 11);
            return;
        }
        if (mode == 7 && reg == 4 && to_mem) {
            m68k_illegal(m, 11);
            return;
        }
        uint64_t v = 0;
        if (to_mem) {
            if (kind == 0)
                v = m->mmu.tt[preg - 2];
            else if (kind == 3)
                v = m->mmu.mmusr & 0xffff;
            else if (preg == 0)
                v = m->mmu.tc;
            else
                v = preg == 2 ? m->mmu.srp : m->mmu.crp;
            if (mode < 2) {
                if (mode)
                    m->a[reg] = (uint32_t)v;
                else
                    m->d[reg] = size == 2 ? (m->d[reg] & 0xffff0000u) | (uint32_t)v : (uint32_t)v;
            } else if (size == 8) {
                uint32_t a = quad_addr(m, mode, reg);
                m68k_write32(m, a, (uint32_t)(v >> 32));
                m68k_write32(m, a + 4, (uint32_t)v);
            } else {
                m68k_ea_decode(m, &ea, mode, reg, size);
                m68k_ea_write(m, &ea, size, (uint32_t)v);
            }
            m68k_prefetch(m);
            return;
        }
        if (mode < 2) {
            v = mode ? m->a[reg] : m->d[reg];
            if (size == 2)
                v &= 0xffff;
        } else if (mode == 7 && reg == 4) {
            if (size == 8) {
                v = (uint64_t)m68k_ext32(m) << 32;
                v |= m68k_ext32(m);
            } else {
                v = size == 4 ? m68k_ext32(m) : m68k_ext(m);
            }
        } else if (size == 8) {
            uint32_t a = quad_addr(m, mode, reg);
            v = (uint64_t)m68k_read32(m, a) << 32;
            v |= m68k_read32(m, a + 4);
        } else {
            m68k_ea_decode(m, &ea, mode, reg, size);
            v = m68k_ea_read(m, &ea, size);
        }
        if (kind == 0) {
            m->mmu.tt[preg - 2] = (uint32_t)v & 0xffff8777u;
        } else if (kind == 3) {
            m->mmu.mmusr = (uint32_t)v & 0xee47;
        } else if (preg == 0) {
            uint32_t tc = (uint32_t)v & 0x83ffffffu;
            if (!fd)
                m68k_mmu_flush_all(m);
            if ((tc & 0x80000000u) && !tc_valid(tc)) {
                m->mmu.tc = tc & 0x7fffffffu;
                m68k_mmu_update(m);
                m68k_prefetch(m);
                config_exception(m);
                return;
            }
            m->mmu.tc = tc;
            m68k_mmu_update(m);
        } else {
            uint64_t rp = v & 0xffff0003fffffff0ull;
            if (preg == 2)
                m->mmu.srp = rp;
            else
                m->mmu.crp = rp;
            if (!fd)
                m68k_mmu_flush_all(m);
            if (!((v >> 32) & 3)) {
                m68k_prefetch(m);
                config_exception(m);
                return;
            }
        }
        m68k_prefetch(m);
        return;
    }
    if (ec) {
        m68k_illegal(m, 11);
        return;
    }
    unsigned fc;
    if (kind == 1) {
        unsigned fmode = (ext >> 10) & 7;
        if (fmode == 0) {
            /* PLOAD: bit 9 = read */
            if ((ext & 0x1e0) != 0 || mode < 2 || !fc_field(m, ext & 0x1f, &fc)) {
                m68k_illegal(m, 11);
                return;
            }
            m68k_ea_decode(m, &ea, mode, reg, 4);
            bool write = !(ext & 0x200);
            if (!tt30_match(m, ea.addr, fc, write, NULL))
                atc30_load(m, ea.addr, fc, write);
            m68k_prefetch(m);
            return;
        }
        unsigned mask = (ext >> 5) & 15;
        if (fmode == 1 && !(ext & 0x3ff) && mode == 0 && reg == 0) {
            m68k_mmu_flush_all(m);                  /* PFLUSHA */
        } else if ((fmode == 4 || fmode == 6) && !(ext & 0x200) && fc_field(m, ext & 0x1f, &fc)) {
            uint32_t la = 0;
            if (fmode == 6) {
                if (mode < 2) {
                    m68k_illegal(m, 11);
                    return;
                }
                m68k_ea_decode(m, &ea, mode, reg, 4);
                la = ea.addr;
            }
            pflush030(m, fc, mask, fmode == 6, la);
        } else {
            m68k_illegal(m, 11);
            return;
        }
        m68k_prefetch(m);
        return;
    }
    if (kind == 4) {
        /* PTEST: level (12-10), R/W (9), A (8), register (7-5), FC (4-0). */
        unsigned level = (ext >> 10) & 7;
        bool areg = ext & 0x100;
        if (mode < 2 || (mode == 7 && reg == 4) || !fc_field(m, ext & 0x1f, &fc) ||
            (areg && !level)) {
            m68k_illegal(m, 11);
            return;
        }
        m68k_ea_decode(m, &ea, mode, reg, 4);
        if (ea.pending)
            m->a[ea.reg] = ea.new_an;
        ptest030(m, ea.addr, fc, !(ext & 0x200), level, areg, (ext >> 5) & 7);
        m68k_prefetch(m);
        return;
    }
    m68k_illegal(m, 11);
}

/* ---- 68040 instructions ------------------------------------------------------------ */

static void pflush040(m68k_t *m, bool all, bool keep_global, uint32_t la, bool super)
{
    unsigned shift = (m->mmu.tc & 0x4000) ? 13 : 12;
    for (unsigned k = 0; k < 2; k++) {
        m68k_atc *atc = k ? m->mmu.iatc : m->mmu.datc;
        for (unsigned i = 0; i < ATC_040; i++) {
            m68k_atc *e = &atc[i];
            if (!e->valid || (keep_global && e->g))
                continue;
            if (!all && (e->lpage != la >> shift || e->fc != super))
                continue;
            e->valid = 0;
        }
    }
}

static void op_pflush040(m68k_t *m, uint16_t op)
{
    if (m->mmu_kind != MMU_040) {
        m68k_illegal(m, 11);
        return;
    }
    if (!m68k_super(m)) {
        m68k_privilege_violation(m);
        return;
    }
    unsigned opmode = (op >> 3) & 3;
    pflush040(m, opmode >= 2, !(opmode & 1), m->a[op & 7], (m->dfc & 4) != 0);
    m68k_prefetch(m);
}

static void op_ptest040(m68k_t *m, uint16_t op)
{
    if (m->mmu_kind != MMU_040) {
        m68k_illegal(m, 11);
        return;
    }
    if (!m68k_super(m)) {
        m68k_privilege_violation(m);
        return;
    }
    uint32_t la = m->a[op & 7];
    bool write = !(op & 0x20), super = m->dfc & 4, insn = (m->dfc & 3) == 2;
    uint32_t ttr, st = 0;
    if (tt40_match(m, la, super, insn, &ttr)) {
        st = (la & 0xfffff000u) | SR40_T | SR40_R | (ttr & 0x364);
    } else {
        walk40 w;
        m68k_atc *e = atc40_load(m, la, super, insn, write, &w);
        if (e) {
            st = e->ppage | SR40_R | (w.pdesc & 0x7e0) | (e->wp ? SR40_W : 0) |
                 (e->m ? SR40_M : 0);
        } else if (w.bus) {
            st = SR40_B;
        }
    }
    m->mmu.mmusr = st;
    m68k_prefetch(m);
}

static void op_cinv_cpush(m68k_t *m, uint16_t op)
{
    if (!m68k_super(m)) {
        m68k_privilege_violation(m);
        return;
    }
    m68k_prefetch(m);            /* the caches hold no contents */
}

/* MOVE16: 16 aligned bytes (PRM MOVE16; the low four address bits are
 * ignored). (Ax)+,(Ay)+ steps both by 16; the other forms have one
 * absolute address. */
static void op_move16(m68k_t *m, uint16_t op)
{
    uint32_t src, dst;
    unsigned rx = op & 7;
    if ((op & 0xfff8) == 0xf620) {
        uint16_t ext = m68k_ext(m);
        if ((ext & 0x8fff) != 0x8000) {
            m68k_illegal(m, 11);
            return;
        }
        unsigned ry = (ext >> 12) & 7;
        src = m->a[rx];
        dst = m->a[ry];
        uint32_t buf[4];
        for (unsigned i = 0; i < 4; i++)
            buf[i] = m68k_read32(m, (src & ~15u) + 4 * i);
        for (unsigned i = 0; i < 4; i++)
            m68k_write32(m, (dst & ~15u) + 4 * i, buf[i]);
        m->a[rx] += 16;
        if (ry != rx)
            m->a[ry] += 16;
        m68k_prefetch(m);
        return;
    }
    uint32_t abs = m68k_ext32(m);
    unsigned form = (op >> 3) & 3;    /* 0 (Ay)+,abs 1 abs,(Ay)+ 2 (Ay),abs 3 abs,(Ay) */
    if (form == 0 || form == 2) {
        src = m->a[rx];
        dst = abs;
    } else {
        src = abs;
        dst = m->a[rx];
    }
    uint32_t buf[4];
    for (unsigned i = 0; i < 4; i++)
        buf[i] = m68k_read32(m, (src & ~15u) + 4 * i);
    for (unsigned i = 0; i < 4; i++)
        m68k_write32(m, (dst & ~15u) + 4 * i, buf[i]);
    if (form < 2)
        m->a[rx] += 16;
    m68k_prefetch(m);
}

const m68k_op_info m68k_ops_mmu[] = {
    /* pattern               handler         name      ea  ea2 flags models */
    { "1111 0000 00-- ----", op_pmmu030,     "pmmu",   0,  0,  0,    MODELS_030 },
    { "1111 0101 000- ----", op_pflush040,   "pflush", 0,  0,  0,    MODELS_040 },
    { "1111 0101 0100 1---", op_ptest040,    "ptestw", 0,  0,  0,    MODELS_040 },
    { "1111 0101 0110 1---", op_ptest040,    "ptestr", 0,  0,  0,    MODELS_040 },
    { "1111 0100 ---- ----", op_cinv_cpush,  "cinv",   0,  0,  0,    MODELS_040 },
    { "1111 0110 0010 0---", op_move16,      "move16", 0,  0,  0,    MODELS_040 },
    { "1111 0110 000- ----", op_move16,      "move16", 0,  0,  0,    MODELS_040 },
    { NULL }
};
