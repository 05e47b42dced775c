/* cpu/ppc/debug.c — the debugger's translation (core/cpu.h `translate`):
 * an effective data address to a physical one as ppc_translate (mmu.c)
 * would find it with MSR[DR], but without side effects: the DBATs, then the
 * segment register and the hashed page table (MPCFPE32B §7.4-7.6) read with
 * peeks; no R/C bit is set, no translation cache entry filled, no exception
 * raised; supervisor or user key from MSR[PR] as for the CPU. The 603 (no
 * hardware table search) is looked up in the page table too, which is
 * where its TLB-miss handlers find their entries. */
#include "cpu/ppc/ppc.h"

static bool peek32(ppc_cpu *c, uint32_t pa, uint32_t *v)
{
    ww_space *s = c->cpu.chip.bus[PPC_BUS_MEM];
    uint64_t x = 0;
    if (!s || ww_space_peek(s, pa, 4, &x) != WW_BUS_OK)
        return false;
    *v = (uint32_t)x;
    return true;
}

bool ppc_debug_translate(ww_cpu *cpu, uint64_t vaddr, bool write, uint64_t *paddr)
{
    ppc_cpu *c = (ppc_cpu *)cpu;
    uint32_t ea = (uint32_t)vaddr;
    if (vaddr > UINT32_MAX)
        return false;
    if (!(c->msr & MSR_DR) || cpu->user_mode) {
        *paddr = ea;
        return true;
    }
    bool pr = c->msr & MSR_PR;
    for (unsigned n = 0; n < 4; n++) {          /* DBAT0-3 */
        uint32_t u = c->spr[SPR_IBAT0U + 8 + 2 * n], l = c->spr[SPR_IBAT0U + 9 + 2 * n];
        if (!(pr ? (u & 1) : (u & 2)))
            continue;
        uint32_t bl = (u >> 2) & 0x7ff, m = ~(bl << 17) & 0xfffe0000u;
        if ((ea & m) != (u & m))
            continue;
        unsigned pp = l & 3;
        if (pp == 0 || (write && (pp & 1)))
            return false;
        *paddr = (l & m) | (ea & ~m);
        return true;
    }
    uint32_t sr = c->sr[ea >> 28];
    if (sr & 0x80000000u)                       /* direct-store segment */
        return false;
    unsigned key = pr ? (sr >> 29) & 1 : (sr >> 30) & 1;
    uint32_t vsid = sr & 0xffffff, pi = (ea >> 12) & 0xffff, api = pi >> 10;
    uint32_t hash = (vsid & 0x7ffff) ^ pi;
    uint32_t sdr1 = c->spr[SPR_SDR1], org = sdr1 & 0xffff0000u, mask = sdr1 & 0x1ff;
    for (unsigned h = 0; h < 2; h++) {
        uint32_t hh = h ? ~hash : hash;
        uint32_t pteg = (org & 0xfe000000u) | ((((org >> 16) & 0x1ff) | ((hh >> 10) & mask)) << 16) |
                        ((hh & 0x3ff) << 6);
        uint32_t want = 0x80000000u | (vsid & 0xffffff) << 7 | (h ? 0x40 : 0) | api;
        for (unsigned k = 0; k < 8; k++) {
            uint32_t w0, w1;
            if (!peek32(c, pteg + 8 * k, &w0))
                return false;
            if (w0 != want)
                continue;
            if (!peek32(c, pteg + 8 * k + 4, &w1))
                return false;
            unsigned pp = w1 & 3;
            bool ok = !key ? (!write || pp != 3) : pp == 2 || (pp != 0 && !write);
            if (!ok)
                return false;
            *paddr = (w1 & 0xfffff000u) | (ea & 0xfff);
            return true;
        }
    }
    return false;
}
