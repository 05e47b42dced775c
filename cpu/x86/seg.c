/* cpu/x86/seg.c — segment registers, descriptor tables, far transfers.
 *
 * Protected-mode rules from SDM vol. 3 §5.5-5.8 (privilege checks for data,
 * stack and code segment loads) and vol. 2 (JMP/CALL/RET/IRET far). A real-
 * mode load changes only the selector and base: the cached limit and
 * attributes stay, which is what makes big real mode work (a 4 GiB limit
 * loaded in protected mode survives the return to real mode).
 * Not modelled: task switches, call gates (both raise #GP), V86 mode. */
#include "cpu/x86/x86.h"

void x86_set_seg_real(x86_cpu *c, int sreg, uint16_t sel)
{
    x86_seg *s = &c->seg[sreg];
    if (sreg == X86_CS)
        x86_fetch_flush(c);
    s->sel = sel;
    s->base = (uint32_t)sel << 4;
    if (x86_v86(c)) {
        s->limit = 0xFFFF;
        s->attr = 0x00F3;
        s->flat = 0;
    }
}

bool x86_read_desc(x86_cpu *c, uint16_t sel, uint32_t *lo, uint32_t *hi)
{
    uint32_t base, limit;
    if (c->cpu.user_mode) {
        /* The runner's process GDT lives in the CPU (cpu/x86/user.c). */
        unsigned i = sel >> 3;
        if ((sel & 4) || i >= 16 || !c->user_gdt[i][1])
            return false;
        *lo = c->user_gdt[i][0];
        *hi = c->user_gdt[i][1];
        return true;
    }
    if (sel & 4) {
        if (!(c->ldtr.attr & SEG_P))
            return false;
        base = c->ldtr.base;
        limit = c->ldtr.limit;
    } else {
        base = c->gdt_base;
        limit = c->gdt_limit;
    }
    uint32_t idx = sel & ~7u;
    if (idx + 7 > limit)
        return false;
    *lo = x86_lin_read(c, base + idx, 4, true);
    *hi = x86_lin_read(c, base + idx + 4, 4, true);
    return true;
}

static void set_accessed(x86_cpu *c, uint16_t sel, uint32_t hi)
{
    if ((hi & 0x100) || c->cpu.user_mode)
        return;
    uint32_t base = (sel & 4) ? c->ldtr.base : c->gdt_base;
    x86_lin_write(c, base + (sel & ~7u) + 4, 4, hi | 0x100, true);
}

void x86_desc_to_cache(x86_seg *s, uint16_t sel, uint32_t lo, uint32_t hi)
{
    s->sel = sel;
    s->base = (lo >> 16) | ((hi & 0xFF) << 16) | (hi & 0xFF000000u);
    uint32_t limit = (lo & 0xFFFF) | (hi & 0xF0000);
    if (hi & (1u << 23))
        limit = (limit << 12) | 0xFFF;
    s->limit = limit;
    s->attr = (uint16_t)((hi >> 8) & 0xF0FF);
    x86_seg_update_flat(s);
}

void x86_seg_update_flat(x86_seg *s)
{
    /* Present code/data with a 4 GiB expand-up limit needs no per-access
     * checks except the type: readable (data, or readable code), writable. */
    s->flat = 0;
    if ((s->attr & SEG_P) && (s->attr & 0x10) && s->limit == 0xFFFFFFFFu &&
        (s->attr & 0x1C) != 0x14) {
        bool code = s->attr & 8, rw = s->attr & 2;
        s->flat = (uint8_t)((!code || rw ? 1 : 0) | (!code && rw ? 2 : 0));
    }
}

void x86_load_seg(x86_cpu *c, int sreg, uint16_t sel)
{
    if (!x86_pmode(c) || x86_v86(c)) {
        x86_set_seg_real(c, sreg, sel);
        return;
    }
    unsigned rpl = sel & 3;
    if ((sel & ~3) == 0) {
        if (sreg == X86_SS)
            x86_fault(c, X86_GP, 0);
        c->seg[sreg].sel = sel;
        c->seg[sreg].attr = 0;   /* null: any access faults */
        c->seg[sreg].flat = 0;
        c->seg[sreg].base = 0;
        c->seg[sreg].limit = 0;
        return;
    }
    uint32_t lo, hi;
    if (!x86_read_desc(c, sel, &lo, &hi))
        x86_fault(c, X86_GP, sel & ~3);
    unsigned type = (hi >> 8) & 0x1F, dpl = (hi >> 13) & 3;
    if (sreg == X86_SS) {
        if (rpl != c->cpl || dpl != c->cpl || (type & 0x1A) != 0x12)
            x86_fault(c, X86_GP, sel & ~3);
        if (!(hi & 0x8000))
            x86_fault(c, X86_SS_EXC, sel & ~3);
    } else {
        if (!(type & 0x10) || (type & 0x1A) == 0x18)   /* system or exec-only */
            x86_fault(c, X86_GP, sel & ~3);
        bool conf_code = (type & 0x1C) == 0x1C;
        if (!conf_code && (dpl < c->cpl || dpl < rpl))
            x86_fault(c, X86_GP, sel & ~3);
        if (!(hi & 0x8000))
            x86_fault(c, X86_NP, sel & ~3);
    }
    set_accessed(c, sel, hi);
    x86_desc_to_cache(&c->seg[sreg], sel, lo, hi | 0x100);
}

/* Load CS for a far JMP/CALL/RET to a code segment at privilege `cpl`. */
static void load_cs_checked(x86_cpu *c, uint16_t sel, unsigned *new_cpl, bool ret,
                            uint32_t *lo_out, uint32_t *hi_out)
{
    if ((sel & ~3) == 0)
        x86_fault(c, X86_GP, 0);
    uint32_t lo, hi;
    if (!x86_read_desc(c, sel, &lo, &hi))
        x86_fault(c, X86_GP, sel & ~3);
    unsigned type = (hi >> 8) & 0x1F, dpl = (hi >> 13) & 3, rpl = sel & 3;
    if ((type & 0x18) != 0x18)
        x86_fault(c, X86_GP, sel & ~3);   /* gates and TSSs: not modelled */
    bool conforming = type & 4;
    if (ret) {
        if (rpl < c->cpl || (conforming ? dpl > rpl : dpl != rpl))
            x86_fault(c, X86_GP, sel & ~3);
        *new_cpl = rpl;
    } else {
        if (conforming ? dpl > c->cpl : (rpl > c->cpl || dpl != c->cpl))
            x86_fault(c, X86_GP, sel & ~3);
        *new_cpl = c->cpl;
    }
    if (!(hi & 0x8000))
        x86_fault(c, X86_NP, sel & ~3);
    *lo_out = lo;
    *hi_out = hi;
}

/* A far CALL's CS:EIP, both written before ESP moves (x86_push_n). */
static void push_return(x86_cpu *c, bool o32)
{
    const uint32_t v[2] = { c->seg[X86_CS].sel, c->eip };
    x86_push_n(c, o32 ? 4 : 2, v, 2);
}

void x86_far_jump(x86_cpu *c, uint16_t sel, uint32_t off, bool call, bool o32)
{
    if (!x86_pmode(c) || x86_v86(c)) {
        if (call) {
            push_return(c, o32);
        }
        x86_set_seg_real(c, X86_CS, sel);
        c->eip = o32 ? off : off & 0xFFFF;
        return;
    }
    unsigned cpl;
    uint32_t lo, hi;
    load_cs_checked(c, sel, &cpl, false, &lo, &hi);
    x86_seg ncs;
    x86_desc_to_cache(&ncs, (uint16_t)((sel & ~3) | cpl), lo, hi);
    if (off > ncs.limit)
        x86_fault(c, X86_GP, 0);
    if (call) {
        push_return(c, o32);
    }
    set_accessed(c, sel, hi);
    c->seg[X86_CS] = ncs;
    x86_fetch_flush(c);
    c->eip = off;
}

static void null_inaccessible(x86_cpu *c)
{
    static const int regs[] = { X86_ES, X86_DS, X86_FS, X86_GS };
    for (unsigned i = 0; i < 4; i++) {
        x86_seg *s = &c->seg[regs[i]];
        unsigned dpl = (s->attr >> 5) & 3;
        bool conf_code = (s->attr & 0x1C) == 0x1C;
        if ((s->attr & 0x10) && !conf_code && dpl < c->cpl) {
            s->sel = 0;
            s->attr = 0;
            s->flat = 0;
        }
    }
}

void x86_far_return(x86_cpu *c, uint16_t pop_extra, bool o32, bool iret)
{
    unsigned sz = o32 ? 4 : 2;
    if (!x86_pmode(c) || x86_v86(c)) {
        uint32_t ip = x86_pop(c, sz);
        uint16_t cs = (uint16_t)x86_pop(c, sz);
        uint32_t fl = iret ? x86_pop(c, sz) : 0;
        x86_set_seg_real(c, X86_CS, cs);
        c->eip = o32 ? ip : ip & 0xFFFF;
        if (iret)
            x86_set_flags(c, fl, o32 ? 0xFFFFFFFFu : 0xFFFF);
        if (x86_ss32(c)) c->r[ESP] += pop_extra;
        else c->r[ESP] = (c->r[ESP] & 0xFFFF0000u) | ((c->r[ESP] + pop_extra) & 0xFFFF);
        return;
    }
    if (iret && (c->eflags & F_NT))
        x86_fault(c, X86_GP, c->tr.sel & ~3);   /* nested task return: not modelled */
    unsigned cpl0 = c->cpl, iopl0 = (c->eflags >> 12) & 3;
    uint32_t sp = c->r[ESP];
    uint32_t spm = x86_ss32(c) ? 0xFFFFFFFFu : 0xFFFF;
    uint32_t ip = x86_rd(c, X86_SS, sp & spm, sz);
    uint16_t cs = (uint16_t)x86_rd(c, X86_SS, (sp + sz) & spm, 2);
    uint32_t fl = iret ? x86_rd(c, X86_SS, (sp + 2 * sz) & spm, sz) : 0;
    unsigned ncpl;
    uint32_t lo, hi;
    load_cs_checked(c, cs, &ncpl, true, &lo, &hi);
    uint32_t nsp = sp + (iret ? 3 : 2) * sz + pop_extra;
    if (ncpl > c->cpl) {
        uint32_t nesp = x86_rd(c, X86_SS, nsp & spm, sz);
        uint16_t nss = (uint16_t)x86_rd(c, X86_SS, (nsp + sz) & spm, 2);
        c->cpl = (uint8_t)ncpl;
        x86_fetch_flush(c);
        /* SS must be loaded at the new privilege. */
        x86_load_seg(c, X86_SS, nss);
        c->r[ESP] = (o32 ? nesp : nesp & 0xFFFF) + pop_extra;
        x86_desc_to_cache(&c->seg[X86_CS], cs, lo, hi);
        null_inaccessible(c);
    } else {
        x86_desc_to_cache(&c->seg[X86_CS], cs, lo, hi);
        if (x86_ss32(c)) c->r[ESP] = nsp;
        else c->r[ESP] = (c->r[ESP] & 0xFFFF0000u) | (nsp & 0xFFFF);
    }
    c->eip = o32 ? ip : ip & 0xFFFF;
    x86_fetch_flush(c);
    if (iret) {
        /* IOPL changes only at CPL 0, IF only when CPL <= IOPL (SDM IRET). */
        uint32_t mask = o32 ? 0x003F7FD5u : 0x7FD5;
        mask &= ~(F_VM | F_RF);
        if (cpl0 > 0)
            mask &= ~F_IOPL;
        if (cpl0 > iopl0)
            mask &= ~F_IF;
        x86_set_flags(c, fl, mask);
    }
}
