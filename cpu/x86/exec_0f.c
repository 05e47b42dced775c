/* cpu/x86/exec_0f.c — the two-byte opcode map (0F xx), SDM vol. 2 table A-3.
 *
 * Model gating: 286 has only 0F 00/01/06 (system); 386 adds the 32-bit
 * forms, bit ops, SETcc, MOVZX/SX, SHLD/SHRD, Jcc rel16/32, MOV CR/DR; 486
 * adds BSWAP, CMPXCHG, XADD, INVLPG, INVD/WBINVD; the Pentium Pro adds
 * CPUID (also on late 486s, reported here), RDTSC, RDMSR/WRMSR, CMPXCHG8B
 * and CMOVcc. CPUID reports exactly these (no SSE, no PAE, no SYSENTER, no
 * PGE; the APIC only with apic=true): glibc then takes its generic i686 code
 * paths. */
#include "cpu/x86/x86.h"

static G_NORETURN void ud(x86_cpu *c) { x86_fault(c, X86_UD, -1); }

static void need(x86_cpu *c, int level)
{
    if (c->level < level)
        ud(c);
}

static void need_cpl0(x86_cpu *c)
{
    if (x86_pmode(c) && (c->cpl != 0 || x86_v86(c)))
        x86_fault(c, X86_GP, 0);
}

static void cpuid(x86_cpu *c)
{
    uint32_t leaf = c->r[EAX];
    uint32_t a = 0, b = 0, cc = 0, d = 0;
    if (leaf == 0) {
        a = 1;
        b = 0x756e6547; d = 0x49656e69; cc = 0x6c65746e; /* "GenuineIntel" */
    } else if (leaf == 1) {
        if (c->level == X86_I486) {
            a = 0x0480;                   /* family 4 model 8 (486DX4) */
            d = 1;                        /* FPU */
        } else {
            a = 0x0612;                   /* family 6 model 1 stepping 2 */
            /* FPU, PSE, TSC, MSR, CX8, CMOV */
            d = (1u << 0) | (1u << 3) | (1u << 4) | (1u << 5) | (1u << 8) | (1u << 15);
            if (c->apic && (c->msr_apicbase & 0x800))
                d |= 1u << 9;             /* APIC, while IA32_APIC_BASE.EN (SDM §10.4.3) */
        }
    }
    c->r[EAX] = a; c->r[EBX] = b; c->r[ECX] = cc; c->r[EDX] = d;
}

static bool rdmsr(x86_cpu *c, uint32_t idx, uint64_t *v)
{
    switch (idx) {
    case 0x10: *v = x86_tsc(c); return true;               /* TSC */
    case 0x1B: *v = c->msr_apicbase; return true;
    case 0x174: *v = c->msr_sysenter_cs; return true;
    case 0x175: *v = c->msr_sysenter_esp; return true;
    case 0x176: *v = c->msr_sysenter_eip; return true;
    case 0x277: *v = c->msr_pat; return true;
    case 0x8B: *v = 0; return true;                        /* microcode rev */
    case 0x17: *v = 0; return true;                        /* platform id */
    case 0x2A: *v = 0; return true;                        /* EBL_CR_POWERON */
    case 0x1A0: *v = c->msr_misc; return true;
    default: return false;
    }
}

/* IA32_APIC_BASE (SDM vol. 3 §10.4.4): bits 0-7, 9-10 and 32-63 (MAXPHYADDR
 * is 32 without PAE) are reserved, BSP is read-only. The local APIC keeps a
 * copy: it gets the value as an 8-byte write at offset 8 of the iack space
 * (chips/interrupt/lapic.c) and moves its registers there. */
static bool wrmsr_apicbase(x86_cpu *c, uint64_t v)
{
    if (v & ~0xFFFFF900ull)
        return false;
    c->msr_apicbase = (v & ~0x100ull) | (c->msr_apicbase & 0x100);
    if (c->apic && c->cpu.chip.bus[X86_BUS_IACK])
        ww_space_write(c->cpu.chip.bus[X86_BUS_IACK], 8, 8, c->msr_apicbase);
    /* The register page moved in memory: drop cached pointers (as an MMIO write does). */
    ww_space *mem = c->cpu.chip.bus[X86_BUS_MEM];
    if (mem && ww_space_generation(mem) != c->gen)
        x86_refresh_tables(c);
    return true;
}

static bool wrmsr(x86_cpu *c, uint32_t idx, uint64_t v)
{
    switch (idx) {
    case 0x10: x86_set_tsc(c, v); return true;             /* TSC */
    case 0x1B: return wrmsr_apicbase(c, v);
    case 0x174: c->msr_sysenter_cs = v; return true;
    case 0x175: c->msr_sysenter_esp = v; return true;
    case 0x176: c->msr_sysenter_eip = v; return true;
    case 0x277: c->msr_pat = v; return true;
    case 0x8B: return true;
    case 0x1A0: c->msr_misc = v; return true;
    default: return false;
    }
}

static void bit_op(x86_cpu *c, unsigned kind, uint32_t bitoff, bool from_reg)
{
    unsigned osz = c->o32 ? 4 : 2;
    unsigned w = osz * 8;
    uint32_t v, bit;
    if (c->ea_reg) {
        bit = bitoff & (w - 1);
        v = x86_reg_read(c, c->rm, osz);
    } else {
        uint32_t off = c->ea_off;
        if (from_reg) {
            int32_t sb = (int32_t)x86_sext(bitoff, osz);
            off += (uint32_t)((sb >> (osz == 4 ? 5 : 4)) * (int32_t)osz);
            if (!c->a32)
                off &= 0xFFFF;
        }
        bit = bitoff & (w - 1);
        c->ea_off = off;
        v = x86_rd(c, c->ea_seg, off, osz);
    }
    bool old = (v >> bit) & 1;
    switch (kind) {
    case 4: break;                       /* BT */
    case 5: v |= 1u << bit; break;       /* BTS */
    case 6: v &= ~(1u << bit); break;    /* BTR */
    default: v ^= 1u << bit; break;      /* BTC */
    }
    /* The write before CF: a faulting write leaves the flags (exec.c alu_rm). */
    if (kind != 4)
        x86_rm_write(c, osz, v);
    x86_flags_sync(c);
    c->eflags = old ? (c->eflags | F_CF) : (c->eflags & ~F_CF);
}

static void op_grp6(x86_cpu *c)    /* 0F 00 */
{
    if (!x86_pmode(c) || x86_v86(c))
        ud(c);
    x86_decode_modrm(c);
    switch (c->regf) {
    case 0: x86_rm_write(c, c->ea_reg ? (c->o32 ? 4 : 2) : 2, c->ldtr.sel); return;
    case 1: x86_rm_write(c, c->ea_reg ? (c->o32 ? 4 : 2) : 2, c->tr.sel); return;
    case 2: {                            /* LLDT */
        need_cpl0(c);
        uint16_t sel = (uint16_t)x86_rm_read(c, 2);
        if ((sel & ~3) == 0) {
            c->ldtr.sel = sel;
            c->ldtr.attr = 0;
            return;
        }
        uint32_t lo, hi;
        if ((sel & 4) || !x86_read_desc(c, sel, &lo, &hi) || ((hi >> 8) & 0x1F) != 2)
            x86_fault(c, X86_GP, sel & ~3);
        if (!(hi & 0x8000))
            x86_fault(c, X86_NP, sel & ~3);
        x86_desc_to_cache(&c->ldtr, sel, lo, hi);
        return;
    }
    case 3: {                            /* LTR */
        need_cpl0(c);
        uint16_t sel = (uint16_t)x86_rm_read(c, 2);
        uint32_t lo, hi;
        unsigned type;
        if ((sel & ~3) == 0 || (sel & 4) || !x86_read_desc(c, sel, &lo, &hi))
            x86_fault(c, X86_GP, sel & ~3);
        type = (hi >> 8) & 0x1F;
        if (type != 1 && type != 9)
            x86_fault(c, X86_GP, sel & ~3);
        if (!(hi & 0x8000))
            x86_fault(c, X86_NP, sel & ~3);
        x86_desc_to_cache(&c->tr, sel, lo, hi);
        /* Mark busy. */
        x86_lin_write(c, c->gdt_base + (sel & ~7u) + 4, 4, hi | 0x200, true);
        return;
    }
    case 4: case 5: {                    /* VERR, VERW */
        uint16_t sel = (uint16_t)x86_rm_read(c, 2);
        uint32_t lo, hi;
        bool ok = false;
        if ((sel & ~3) && x86_read_desc(c, sel, &lo, &hi) && (hi & 0x1000)) {
            unsigned type = (hi >> 8) & 0x1F, dpl = (hi >> 13) & 3;
            bool conf = (type & 0x1C) == 0x1C;
            bool priv = conf || (dpl >= c->cpl && dpl >= (sel & 3u));
            if (c->regf == 4)
                ok = priv && (!(type & 8) || (type & 2));
            else
                ok = priv && !(type & 8) && (type & 2);
        }
        x86_flags_sync(c);
        c->eflags = ok ? (c->eflags | F_ZF) : (c->eflags & ~F_ZF);
        return;
    }
    default:
        ud(c);
    }
}

/* LAR / LSL (SDM vol. 2): ZF=1 and the access rights or the limit when the
 * descriptor is visible at CPL/RPL and of an allowed type, else ZF=0. */
static void op_lar_lsl(x86_cpu *c, bool lsl)
{
    if (!x86_pmode(c) || x86_v86(c))
        ud(c);
    unsigned osz = c->o32 ? 4 : 2;
    x86_decode_modrm(c);
    uint16_t sel = (uint16_t)x86_rm_read(c, 2);
    uint32_t lo, hi;
    bool ok = (sel & ~3) && x86_read_desc(c, sel, &lo, &hi);
    if (ok) {
        unsigned type = (hi >> 8) & 0x1F, dpl = (hi >> 13) & 3;
        bool conf_code = (type & 0x1C) == 0x1C;
        if (!(type & 0x10)) {
            static const uint16_t lar_ok = 0x1A3E, lsl_ok = 0x0A0E;  /* system types */
            ok = ((lsl ? lsl_ok : lar_ok) >> (type & 0xF)) & 1;
        }
        if (ok && !conf_code && (dpl < c->cpl || dpl < (sel & 3u)))
            ok = false;
    }
    x86_flags_sync(c);
    if (!ok) {
        c->eflags &= ~F_ZF;
        return;
    }
    c->eflags |= F_ZF;
    uint32_t v;
    if (lsl) {
        x86_seg tmp;
        x86_desc_to_cache(&tmp, sel, lo, hi);
        v = tmp.limit;
    } else {
        v = hi & 0x00F0FF00u;
    }
    x86_reg_write(c, c->regf, osz, v);
}

static void op_grp7(x86_cpu *c)    /* 0F 01 */
{
    x86_decode_modrm(c);
    switch (c->regf) {
    case 0: case 1: {                    /* SGDT, SIDT */
        if (c->ea_reg)
            ud(c);
        uint16_t lim = c->regf ? c->idt_limit : c->gdt_limit;
        uint32_t base = c->regf ? c->idt_base : c->gdt_base;
        if (c->level == X86_I286)
            base |= 0xFF000000u;         /* the 286 stores FF in the 6th byte */
        else if (!c->o32)
            base &= 0x00FFFFFF;
        x86_wr(c, c->ea_seg, c->ea_off, 2, lim);
        x86_wr(c, c->ea_seg, (c->ea_off + 2) & (c->a32 ? ~0u : 0xFFFF), 4, base);
        return;
    }
    case 2: case 3: {                    /* LGDT, LIDT */
        if (c->ea_reg)
            ud(c);
        need_cpl0(c);
        uint16_t lim = (uint16_t)x86_rd(c, c->ea_seg, c->ea_off, 2);
        uint32_t base = x86_rd(c, c->ea_seg, (c->ea_off + 2) & (c->a32 ? ~0u : 0xFFFF), 4);
        if (!c->o32)
            base &= 0x00FFFFFF;
        if (c->regf == 2) { c->gdt_base = base; c->gdt_limit = lim; }
        else { c->idt_base = base; c->idt_limit = lim; }
        return;
    }
    case 4: {                            /* SMSW */
        uint32_t v = c->cr0;
        if (c->level == X86_I286)
            v |= 0xFFF0;
        x86_rm_write(c, c->ea_reg ? (c->o32 ? 4 : 2) : 2, v);
        return;
    }
    case 6: {                            /* LMSW: cannot clear PE */
        need_cpl0(c);
        uint32_t v = x86_rm_read(c, 2) & 0xF;
        uint32_t old = c->cr0;
        c->cr0 = (c->cr0 & ~0xEu) | (v & 0xE) | ((old | v) & 1);
        if ((old ^ c->cr0) & 1)
            c->cpl = 0;
        return;
    }
    case 7:                              /* INVLPG */
        need(c, X86_I486);
        if (c->ea_reg)
            ud(c);
        need_cpl0(c);
        x86_tlb_flush_page(c, c->seg[c->ea_seg].base + c->ea_off);
        return;
    default:
        ud(c);
    }
}

static void mov_cr(x86_cpu *c, bool to_cr)
{
    need_cpl0(c);
    x86_decode_modrm(c);
    unsigned n = c->regf;
    if (!to_cr) {
        uint32_t v;
        switch (n) {
        case 0: v = c->cr0; break;
        case 2: v = c->cr2; break;
        case 3: v = c->cr3; break;
        case 4: if (c->level < X86_PPRO) ud(c); v = c->cr4; break;
        default: ud(c);
        }
        c->r[c->rm] = v;
        return;
    }
    uint32_t v = c->r[c->rm];
    switch (n) {
    case 0: {
        uint32_t old = c->cr0;
        if ((v & 0x80000000u) && !(v & 1))
            x86_fault(c, X86_GP, 0);
        c->cr0 = (v & 0xE005003Fu) | 0x10;   /* ET is hardwired on 486+ */
        if ((old ^ c->cr0) & 0x80010001u)
            x86_tlb_flush(c);
        if ((old ^ c->cr0) & 1)
            c->cpl = 0;
        x86_fetch_flush(c);
        return;
    }
    case 2: c->cr2 = v; return;
    case 3: c->cr3 = v; x86_tlb_flush(c); return;
    case 4:
        if (c->level < X86_PPRO)
            ud(c);
        if (v & ~0x1Bu)                   /* VME, PVI, TSD, DE, PSE only */
            x86_fault(c, X86_GP, 0);
        if ((c->cr4 ^ v) & 0x10)
            x86_tlb_flush(c);
        c->cr4 = v;
        return;
    default:
        ud(c);
    }
}

void x86_exec_0f(x86_cpu *c)
{
    uint8_t op = x86_fetch8(c);
    unsigned osz = c->o32 ? 4 : 2;
    uint32_t v, t;

    if (c->level == X86_I286 && op > 0x06)
        ud(c);                           /* the 286 has 0F 00-03, 05 (LOADALL: not modelled), 06 */
    if (op >= 0x80 && op <= 0x8F) {              /* Jcc rel16/32 */
        uint32_t d = osz == 4 ? x86_fetch32(c) : (uint32_t)(int16_t)x86_fetch16(c);
        if (x86_cond(c, op & 0xF)) {
            c->eip = (c->eip + d) & (c->o32 ? 0xFFFFFFFFu : 0xFFFF);
            if (c->eip > c->seg[X86_CS].limit)
                x86_fault(c, X86_GP, 0);
        }
        return;
    }
    if (op >= 0x90 && op <= 0x9F) {              /* SETcc */
        x86_decode_modrm(c);
        x86_rm_write(c, 1, x86_cond(c, op & 0xF) ? 1 : 0);
        return;
    }
    if (op >= 0x40 && op <= 0x4F) {              /* CMOVcc */
        need(c, X86_PPRO);
        x86_decode_modrm(c);
        v = x86_rm_read(c, osz);                 /* the read happens either way */
        if (x86_cond(c, op & 0xF))
            x86_reg_write(c, c->regf, osz, v);
        else if (osz == 4)
            x86_reg_write(c, c->regf, 4, c->r[c->regf]);
        return;
    }
    if (op >= 0xC8 && op <= 0xCF) {              /* BSWAP */
        need(c, X86_I486);
        v = c->r[op & 7];
        c->r[op & 7] = __builtin_bswap32(v);
        return;
    }
    switch (op) {
    case 0x00: op_grp6(c); return;
    case 0x01: op_grp7(c); return;
    case 0x02: op_lar_lsl(c, false); return;
    case 0x03: op_lar_lsl(c, true); return;
    case 0x06:
        need_cpl0(c);
        c->cr0 &= ~8u;
        return;
    case 0x08: case 0x09:
        need(c, X86_I486);
        need_cpl0(c);
        return;
    case 0x0B:
        ud(c);
    case 0x20: mov_cr(c, false); return;
    case 0x22: mov_cr(c, true); return;
    case 0x21: case 0x23:
        need_cpl0(c);
        x86_decode_modrm(c);
        if (op == 0x21)
            c->r[c->rm] = c->dr[c->regf];
        else
            c->dr[c->regf] = c->r[c->rm];
        return;
    case 0x30: case 0x32: {
        need(c, X86_PPRO);
        need_cpl0(c);
        uint64_t m;
        if (op == 0x32) {
            if (!rdmsr(c, c->r[ECX], &m))
                x86_fault(c, X86_GP, 0);
            c->r[EAX] = (uint32_t)m;
            c->r[EDX] = (uint32_t)(m >> 32);
        } else if (!wrmsr(c, c->r[ECX], (uint64_t)c->r[EDX] << 32 | c->r[EAX])) {
            x86_fault(c, X86_GP, 0);
        }
        return;
    }
    case 0x31:
        need(c, X86_PPRO);
        if ((c->cr4 & 4) && c->cpl != 0 && x86_pmode(c))
            x86_fault(c, X86_GP, 0);
    {
        uint64_t tsc = x86_tsc(c);
        c->r[EAX] = (uint32_t)tsc;
        c->r[EDX] = (uint32_t)(tsc >> 32);
        return;
    }
    case 0xA2:
        need(c, X86_I486);
        cpuid(c);
        return;
    case 0xA0: case 0xA8:
        x86_push(c, osz, c->seg[op == 0xA0 ? X86_FS : X86_GS].sel);
        return;
    case 0xA1: case 0xA9:
        v = x86_pop(c, osz);
        x86_load_seg(c, op == 0xA1 ? X86_FS : X86_GS, (uint16_t)v);
        return;
    case 0xA3: case 0xAB: case 0xB3: case 0xBB:
        x86_decode_modrm(c);
        bit_op(c, 4 + ((op >> 3) & 3), x86_reg_read(c, c->regf, osz), true);
        return;
    case 0xBA:
        x86_decode_modrm(c);
        if (c->regf < 4)
            ud(c);
        bit_op(c, c->regf, x86_fetch8(c), false);
        return;
    case 0xA4: case 0xA5: case 0xAC: case 0xAD: {
        x86_decode_modrm(c);
        v = x86_rm_read(c, osz);
        unsigned cnt = ((op & 1) ? c->r[ECX] : x86_fetch8(c)) & 31;
        if (!cnt)
            return;
        x86_fstate before = x86_fstate_get(c);
        v = x86_shld(c, v, x86_reg_read(c, c->regf, osz), cnt, osz, op >= 0xAC);
        if (c->ea_reg)
            x86_reg_write(c, c->rm, osz, v);
        else                                   /* the write before the flags */
            x86_rmw_wr(c, c->ea_seg, c->ea_off, osz, v, &before);
        return;
    }
    case 0xAF:
        x86_decode_modrm(c);
        v = x86_rm_read(c, osz);
        x86_reg_write(c, c->regf, osz, x86_imul(c, x86_reg_read(c, c->regf, osz), v, osz));
        return;
    case 0xB0: case 0xB1: {
        need(c, X86_I486);
        unsigned sz = op == 0xB0 ? 1 : osz;
        x86_decode_modrm(c);
        v = x86_rm_read(c, sz);
        /* Memory first, then EAX and the flags: a faulting write leaves them. */
        x86_lf f = x86_alu_lf(c, 7, c->r[EAX], v, sz);
        if (f.res == 0) {
            x86_rm_write(c, sz, x86_reg_read(c, c->regf, sz));
        } else {
            x86_rm_write(c, sz, v);            /* the write happens anyway */
            x86_reg_write(c, EAX, sz, v);
        }
        x86_lf_put(c, &f);
        return;
    }
    case 0xC0: case 0xC1: {
        need(c, X86_I486);
        unsigned sz = op == 0xC0 ? 1 : osz;
        x86_decode_modrm(c);
        v = x86_rm_read(c, sz);
        t = x86_reg_read(c, c->regf, sz);
        x86_lf f = x86_alu_lf(c, 0, v, t, sz);
        uint32_t sum = f.res >> f.sh;
        if (c->ea_reg) {
            /* TEMP = SRC + DEST; SRC = DEST; DEST = TEMP (SDM XADD): with one
             * register for both, the sum wins. */
            x86_reg_write(c, c->regf, sz, v);
            x86_reg_write(c, c->rm, sz, sum);
        } else {
            x86_wr(c, c->ea_seg, c->ea_off, sz, sum);   /* before the register, the flags */
            x86_reg_write(c, c->regf, sz, v);
        }
        x86_lf_put(c, &f);
        return;
    }
    case 0xC7: {
        need(c, X86_PPRO);
        x86_decode_modrm(c);
        if (c->regf != 1 || c->ea_reg)
            ud(c);
        uint32_t lo = x86_rd(c, c->ea_seg, c->ea_off, 4);
        uint32_t hi = x86_rd(c, c->ea_seg, c->ea_off + 4, 4);
        /* One 8-byte write: both dwords are checked (segment, pages) before
         * the low one is written, so a fault writes nothing. */
        x86_wr_check(c, c->ea_seg, c->ea_off, 8);
        x86_flags_sync(c);
        if (lo == c->r[EAX] && hi == c->r[EDX]) {
            x86_wr(c, c->ea_seg, c->ea_off, 4, c->r[EBX]);
            x86_wr(c, c->ea_seg, c->ea_off + 4, 4, c->r[ECX]);
            c->eflags |= F_ZF;
        } else {
            x86_wr(c, c->ea_seg, c->ea_off, 4, lo);
            x86_wr(c, c->ea_seg, c->ea_off + 4, 4, hi);
            c->r[EAX] = lo;
            c->r[EDX] = hi;
            c->eflags &= ~F_ZF;
        }
        return;
    }
    case 0xB2: case 0xB4: case 0xB5: {
        x86_decode_modrm(c);
        if (c->ea_reg)
            ud(c);
        uint32_t off = x86_rd(c, c->ea_seg, c->ea_off, osz);
        uint16_t sel = (uint16_t)x86_rd(c, c->ea_seg,
                          (c->ea_off + osz) & (c->a32 ? ~0u : 0xFFFF), 2);
        x86_load_seg(c, op == 0xB2 ? X86_SS : op == 0xB4 ? X86_FS : X86_GS, sel);
        x86_reg_write(c, c->regf, osz, off);
        return;
    }
    case 0xB6: case 0xB7: case 0xBE: case 0xBF: {
        unsigned ssz = (op & 1) ? 2 : 1;
        x86_decode_modrm(c);
        v = x86_rm_read(c, ssz);
        if (op >= 0xBE)
            v = x86_sext(v, ssz);
        x86_reg_write(c, c->regf, osz, v);
        return;
    }
    case 0xBC: case 0xBD:
        x86_decode_modrm(c);
        v = x86_rm_read(c, osz);
        x86_flags_sync(c);
        if (!v) {
            c->eflags |= F_ZF;               /* destination unchanged */
            return;
        }
        c->eflags &= ~F_ZF;
        x86_reg_write(c, c->regf, osz,
                      op == 0xBC ? (uint32_t)__builtin_ctz(v) : 31u - (uint32_t)__builtin_clz(v));
        return;
    default:
        ud(c);
    }
}
