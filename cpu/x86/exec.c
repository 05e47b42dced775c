/* cpu/x86/exec.c — prefixes and the one-byte opcode map.
 *
 * Opcode map: SDM vol. 2 appendix A, table A-2; 8086 forms from the 8086
 * Family User's Manual, table 4-12. Model differences, all from the
 * SingleStepTests hardware captures and the manuals:
 *  - 8086: 0F is POP CS; 60-6F alias 70-7F; C0/C1 alias C2/C3 and C8/C9
 *    alias CA/CB; F1 is a LOCK prefix; PUSH SP pushes the decremented SP;
 *    8C/8E use two bits of the segment field; 8F/C6/C7 ignore ModR/M reg;
 *    FF /7 aliases PUSH; D8-DF (ESC) decode an address and do nothing.
 *  - 286+: 186 additions (PUSHA, BOUND, ENTER, shifts by imm8, …), undefined
 *    opcodes raise #UD, shift counts are masked to 5 bits.
 *  - 386+: operand/address size prefixes, FS/GS, 0F xx extended map.
 * A REP string instruction runs at most 1024 iterations per step and then
 * restarts itself, so interrupts are taken and a huge CX cannot hang. */
#include "cpu/x86/x86.h"
#include <signal.h>

#define REP_CHUNK 1024

uint32_t x86_get_flags(const x86_cpu *c) { return x86_flags(c); }

/* Write the bits of `mask` in EFLAGS, keeping fixed bits per model:
 * bit 1 always 1, bits 3/5/15 always 0; the 8086 reads bits 12-15 as 1 and
 * the 286 in real mode as 0 (iAPX 286 PRM §C.6 "flags"). */
void x86_set_flags(x86_cpu *c, uint32_t v, uint32_t mask)
{
    x86_flags_sync(c);   /* the arithmetic flags outside mask are kept */
    uint32_t f = (c->eflags & ~mask) | (v & mask);
    f = (f & ~(0x8028u)) | 2;
    switch (c->level) {
    case X86_I8086:
        f = (f & 0x0FFF) | 0xF000;
        break;
    case X86_I286:
        f &= 0xFFFF;
        if (!x86_pmode(c))
            f &= 0x0FFF;
        break;
    case X86_I386:
        f &= 0x37FFF;   /* no AC, no ID */
        break;
    case X86_I486:
        f &= 0x277FFF;  /* AC and ID (late 486s have CPUID) */
        break;
    default:
        f &= 0x277FFF;
        break;
    }
    c->eflags = f;
}

void x86_push(x86_cpu *c, unsigned size, uint32_t v)
{
    if (x86_ss32(c)) {
        uint32_t sp = c->r[ESP] - size;
        x86_wr(c, X86_SS, sp, size, v);
        c->r[ESP] = sp;
    } else {
        uint16_t sp = (uint16_t)(c->r[ESP] - size);
        x86_wr(c, X86_SS, sp, size, v);
        c->r[ESP] = (c->r[ESP] & 0xFFFF0000u) | sp;
    }
}

/* Push v[0], v[1] … v[n-1] (the last at the new top) with every write made
 * before ESP moves: a push that faults leaves ESP as the instruction found
 * it, so the restarted far CALL or interrupt pushes the same frame (SDM
 * vol. 3 §6.5: a fault restores the state before the instruction). */
void x86_push_n(x86_cpu *c, unsigned size, const uint32_t *v, unsigned n)
{
    uint32_t sp = c->r[ESP], spm = x86_ss32(c) ? 0xFFFFFFFFu : 0xFFFF;
    for (unsigned i = 0; i < n; i++)
        x86_wr(c, X86_SS, (sp - size * (i + 1)) & spm, size, v[i]);
    c->r[ESP] = (sp & ~spm) | ((sp - size * n) & spm);
}

uint32_t x86_pop(x86_cpu *c, unsigned size)
{
    uint32_t v;
    if (x86_ss32(c)) {
        v = x86_rd(c, X86_SS, c->r[ESP], size);
        c->r[ESP] += size;
    } else {
        uint16_t sp = (uint16_t)c->r[ESP];
        v = x86_rd(c, X86_SS, sp, size);
        c->r[ESP] = (c->r[ESP] & 0xFFFF0000u) | (uint16_t)(sp + size);
    }
    return v;
}

static G_NORETURN void undefined(x86_cpu *c)
{
    x86_fault(c, X86_UD, -1);
}

static inline uint32_t imm(x86_cpu *c, unsigned size)
{
    return size == 1 ? x86_fetch8(c) : size == 2 ? x86_fetch16(c) : x86_fetch32(c);
}

static void jump_rel(x86_cpu *c, uint32_t disp)
{
    c->eip = (c->eip + disp) & (c->o32 ? 0xFFFFFFFFu : 0xFFFF);
    if (c->level >= X86_I286 && c->eip > c->seg[X86_CS].limit)
        x86_fault(c, X86_GP, 0);
}

/* ---- I/O ------------------------------------------------------------- */

static void io_check(x86_cpu *c, uint32_t port, unsigned size)
{
    /* CPL > IOPL: #GP (the TSS I/O bitmap is not modelled: all denied). */
    if (x86_pmode(c) && (c->cpl > ((c->eflags >> 12) & 3) || x86_v86(c)))
        x86_fault(c, X86_GP, 0);
    (void)port;
    (void)size;
}

static uint32_t io_in(x86_cpu *c, uint32_t port, unsigned size)
{
    io_check(c, port, size);
    ww_space *io = c->cpu.chip.bus[X86_BUS_IO];
    uint64_t v = 0xFFFFFFFFu;
    if (io && ww_space_read(io, port & 0xFFFF, size, &v) != WW_BUS_OK)
        v = 0xFFFFFFFFu;
    return (uint32_t)v & x86_mask(size);
}

static void io_out(x86_cpu *c, uint32_t port, unsigned size, uint32_t v)
{
    io_check(c, port, size);
    ww_space *io = c->cpu.chip.bus[X86_BUS_IO];
    if (io)
        ww_space_write(io, port & 0xFFFF, size, v & x86_mask(size));
    ww_space *mem = c->cpu.chip.bus[X86_BUS_MEM];
    if (mem && ww_space_generation(mem) != c->gen)
        x86_refresh_tables(c);
}

/* ---- string instructions ------------------------------------------------ */

static void string_op(x86_cpu *c, uint8_t op)
{
    unsigned size = (op & 1) ? (c->o32 ? 4 : 2) : 1;
    uint32_t am = c->a32 ? 0xFFFFFFFFu : 0xFFFF;
    int src_seg = c->seg_ovr >= 0 ? c->seg_ovr : X86_DS;
    uint32_t delta = (c->eflags & F_DF) ? (uint32_t)-size : size;
    unsigned n = 0;
    for (;;) {
        if (c->rep) {
            if ((c->r[ECX] & am) == 0)
                return;
            if (n++ == REP_CHUNK) {
                c->eip = c->op_eip;   /* restart: lets interrupts in */
                c->rep_more = true;
                return;
            }
        }
        uint32_t si = c->r[ESI] & am, di = c->r[EDI] & am;
        bool cmp = false;
        /* The 286 updates SI/DI (and CX under REP) before each access, so a
         * limit fault leaves them advanced (80286 hardware captures,
         * SingleStepTests 80286 A4-AF, 6C-6F: all 5,000 cases of each file):
         *  - CX is decremented at the start of the iteration, except for
         *    CMPS, which decrements it between its ES:DI and DS:SI reads (a
         *    fault on the ES:DI word leaves CX, one on DS:SI has it - 1);
         *  - a REP MOVS/STOS/INS whose ES:DI write overruns the limit has
         *    decremented CX once more in that iteration (1 becomes FFFFh).
         * The SCAS/LODS/OUTS read faults leave the single decrement. */
        bool early = c->level == X86_I286;
        bool early_cx = early && op != 0xA6 && op != 0xA7;
        if (early_cx && c->rep)
            c->r[ECX] = (c->r[ECX] & ~am) | ((c->r[ECX] - 1) & am);
#define UPD_SI() (c->r[ESI] = (c->r[ESI] & ~am) | ((si + delta) & am))
#define UPD_DI() (c->r[EDI] = (c->r[EDI] & ~am) | ((di + delta) & am))
#define DEC_CX() (c->r[ECX] = (c->r[ECX] & ~am) | ((c->r[ECX] - 1) & am))
#define WR_OVERRUN_286()                                                     \
        do {                                                                \
            if (early && c->rep && di + size - 1 > c->seg[X86_ES].limit)    \
                DEC_CX();                                                   \
        } while (0)
        switch (op) {
        case 0xA4: case 0xA5: {
            if (early) UPD_SI();
            uint32_t x = x86_rd(c, src_seg, si, size);
            if (early) UPD_DI();
            WR_OVERRUN_286();
            x86_wr(c, X86_ES, di, size, x);
            if (!early) { UPD_SI(); UPD_DI(); }
            break;
        }
        case 0xA6: case 0xA7: {
            uint32_t a, b;
            if (early) {            /* the 286 does the ES:DI side first */
                UPD_DI();
                b = x86_rd(c, X86_ES, di, size);
                if (c->rep)
                    DEC_CX();
                UPD_SI();
                a = x86_rd(c, src_seg, si, size);
            } else {
                a = x86_rd(c, src_seg, si, size);
                b = x86_rd(c, X86_ES, di, size);
            }
            x86_alu(c, 7, a, b, size);
            if (!early) { UPD_SI(); UPD_DI(); }
            cmp = true;
            break;
        }
        case 0xAA: case 0xAB:
            if (early) UPD_DI();
            WR_OVERRUN_286();
            x86_wr(c, X86_ES, di, size, c->r[EAX]);
            if (!early) UPD_DI();
            break;
        case 0xAC: case 0xAD:
            if (early) UPD_SI();
            x86_reg_write(c, EAX, size, x86_rd(c, src_seg, si, size));
            if (!early) UPD_SI();
            break;
        case 0xAE: case 0xAF:
            if (early) UPD_DI();
            x86_alu(c, 7, c->r[EAX], x86_rd(c, X86_ES, di, size), size);
            if (!early) UPD_DI();
            cmp = true;
            break;
        case 0x6C: case 0x6D: {
            uint32_t v = io_in(c, c->r[EDX] & 0xFFFF, size);
            if (early) UPD_DI();
            WR_OVERRUN_286();
            x86_wr(c, X86_ES, di, size, v);
            if (!early) UPD_DI();
            break;
        }
        default: /* 6E, 6F: OUTS */
            if (early) UPD_SI();
            io_out(c, c->r[EDX] & 0xFFFF, size, x86_rd(c, src_seg, si, size));
            if (!early) UPD_SI();
            break;
        }
#undef UPD_SI
#undef UPD_DI
#undef WR_OVERRUN_286
        if (!c->rep)
            return;
        if (!early)
            DEC_CX();
#undef DEC_CX
        if (cmp) {
            bool zf = x86_zf(c);
            if ((c->rep == 0xF3 && !zf) || (c->rep == 0xF2 && zf))
                return;
        }
    }
}

/* ---- BCD ------------------------------------------------------------------ */

static void op_daa_das(x86_cpu *c, bool sub)
{
    uint8_t al = (uint8_t)c->r[EAX], old = al;
    x86_flags_sync(c);
    bool cf = c->eflags & F_CF, af = c->eflags & F_AF, old_af = af;
    bool ncf = false;
    if ((al & 0xF) > 9 || af) {
        /* The 8086 takes CF only from the high-digit step (hardware capture). */
        ncf = c->level != X86_I8086 && (cf || (sub ? al < 6 : al > 0xF9));
        al = (uint8_t)(sub ? al - 6 : al + 6);
        af = true;
    } else {
        af = false;
    }
    /* 8086: with AF set on entry the high-digit threshold is 9F, not 99. */
    if (old > (c->level == X86_I8086 && old_af ? 0x9F : 0x99) || cf) {
        al = (uint8_t)(sub ? al - 0x60 : al + 0x60);
        ncf = true;
    }
    x86_reg_write(c, EAX, 1, al);
    uint32_t f = c->eflags & ~(F_CF | F_AF | F_OF);
    if (ncf) f |= F_CF;
    if (af) f |= F_AF;
    c->eflags = f;
    x86_set_szp(c, al, 1);
}

static void op_aaa_aas(x86_cpu *c, bool sub)
{
    uint8_t al = (uint8_t)c->r[EAX];
    uint8_t ah = (uint8_t)(c->r[EAX] >> 8);
    x86_flags_sync(c);
    bool adj = (al & 0xF) > 9 || (c->eflags & F_AF);
    if (adj) {
        if (c->level == X86_I8086) {
            al = (uint8_t)(sub ? al - 6 : al + 6);
            ah = (uint8_t)(sub ? ah - 1 : ah + 1);
        } else {
            uint16_t ax = (uint16_t)(c->r[EAX] & 0xFFFF);
            ax = (uint16_t)(sub ? ax - 6 : ax + 0x106);
            if (sub)
                ax = (uint16_t)(ax - 0x100);
            al = (uint8_t)ax;
            ah = (uint8_t)(ax >> 8);
        }
    }
    uint32_t f = c->eflags & ~(F_CF | F_AF);
    if (adj) f |= F_CF | F_AF;
    c->eflags = f;
    x86_set_szp(c, al, 1);
    al &= 0xF;
    x86_reg_write(c, EAX, 2, (uint32_t)ah << 8 | al);
}

/* ---- read-modify-write on r/m ------------------------------------------------
 * The memory write comes before any flag or register update: a write that
 * faults (#PF on a read-only page, #GP/#SS at a limit or through a read-only
 * segment) leaves the state of before the instruction, which the fault pushes
 * and restarts from (x86.h x86_lf). */

/* ALU op r/m, b (00-3F forms 0/1, 80-83): CMP (7) writes nothing. */
static void alu_rm(x86_cpu *c, unsigned alu, uint32_t b, unsigned size)
{
    x86_lf f = x86_alu_lf(c, alu, x86_rm_read(c, size), b, size);
    if (alu != 7)
        x86_rm_write(c, size, f.res >> f.sh);
    x86_lf_put(c, &f);
}

/* INC/DEC r/m (FE/FF /0 /1). */
static void incdec_rm(x86_cpu *c, unsigned size)
{
    x86_lf f = x86_incdec_lf(c, c->regf == 1, x86_rm_read(c, size), size);
    x86_rm_write(c, size, f.res >> f.sh);
    x86_incdec_put(c, &f);
}

/* Shift group on r/m, its value x already read; count masked. */
static void shift_rm(x86_cpu *c, unsigned size, uint32_t x, unsigned count)
{
    if (c->ea_reg) {
        x = x86_shift(c, c->regf, x, count, size);
        if (count)
            x86_reg_write(c, c->rm, size, x);
        return;
    }
    x86_fstate before = x86_fstate_get(c);
    x = x86_shift(c, c->regf, x, count, size);
    if (count)
        x86_rmw_wr(c, c->ea_seg, c->ea_off, size, x, &before);
}

/* ---- groups -------------------------------------------------------------- */

static void group_shift(x86_cpu *c, unsigned size, unsigned count)
{
    if (c->level >= X86_I286)
        count &= 31;
    shift_rm(c, size, x86_rm_read(c, size), count);
}

static void group3(x86_cpu *c, unsigned size)
{
    switch (c->regf) {
    case 0: case 1:                      /* /1 is an alias of TEST (8086, 286) */
        x86_alu(c, 4, x86_rm_read(c, size), imm(c, size), size);
        break;
    case 2:
        x86_rm_write(c, size, ~x86_rm_read(c, size));
        break;
    case 3: {                            /* NEG */
        x86_lf f = x86_alu_lf(c, 5, 0, x86_rm_read(c, size), size);
        x86_rm_write(c, size, f.res >> f.sh);
        x86_lf_put(c, &f);
        break;
    }
    default:
        x86_muldiv(c, c->regf, x86_rm_read(c, size), size);
        break;
    }
}

static void load_far_ptr(x86_cpu *c, int sreg)
{
    unsigned osz = c->o32 ? 4 : 2;
    if (c->ea_reg)
        undefined(c);
    uint32_t off = x86_rd(c, c->ea_seg, c->ea_off, osz);
    uint16_t sel = (uint16_t)x86_rd(c, c->ea_seg, (c->ea_off + osz) & (c->a32 ? ~0u : 0xFFFF), 2);
    x86_load_seg(c, sreg, sel);
    x86_reg_write(c, c->regf, osz, off);
}

static void op_int(x86_cpu *c, int vec)
{
    if (c->cpu.user_mode && vec == 0x80) {
        c->cpu.stop = WW_STOP_SYSCALL;
        return;
    }
    x86_deliver(c, vec, -1, X86_SOFT, c->eip);
}

/* ENTER: the pushes go through a local stack pointer and ESP/EBP change only
 * after the last one and the probe of the new top, so a push or probe that
 * faults leaves them (the fault is restartable, SDM vol. 3 §6.5). */
static void op_enter(x86_cpu *c)
{
    unsigned osz = c->o32 ? 4 : 2;
    uint16_t alloc = x86_fetch16(c);
    unsigned level = x86_fetch8(c) & 31;
    uint32_t spm = x86_ss32(c) ? 0xFFFFFFFFu : 0xFFFF;
    uint32_t sp = c->r[ESP];
#define PUSH_AT(v)                                                      \
    do {                                                                \
        uint32_t v_ = (v);                                              \
        sp = (sp & ~spm) | ((sp - osz) & spm);                          \
        x86_wr(c, X86_SS, sp & spm, osz, v_);                           \
    } while (0)
    PUSH_AT(c->r[EBP]);
    uint32_t frame = sp & spm;
    if (level) {
        uint32_t bp = c->r[EBP];
        for (unsigned i = 1; i < level; i++) {
            bp = (bp & ~spm) | ((bp - osz) & spm);
            PUSH_AT(x86_rd(c, X86_SS, bp & spm, osz));
        }
        PUSH_AT(frame);
    }
#undef PUSH_AT
    sp = (sp & ~spm) | ((sp - alloc) & spm);
    /* Probe the new top so a bad allocation faults here (SDM ENTER). */
    if (alloc && c->level >= X86_I286)
        (void)x86_rd(c, X86_SS, sp & spm, 1);
    x86_reg_write(c, EBP, osz, frame);
    c->r[ESP] = sp;
}

/* 60-6F on the 186/286 and later (on the 8086 they alias the Jcc row). */
static void exec_186(x86_cpu *c, uint8_t op)
{
    unsigned osz = c->o32 ? 4 : 2;
    uint32_t v, t;
    switch (op) {
    case 0x60: {
        /* All eight writes before ESP moves: a push that faults leaves ESP
         * as it was, and the restarted PUSHA pushes the same frame. */
        uint32_t v8[8];
        memcpy(v8, c->r, sizeof v8);    /* ESP's slot: ESP before PUSHA */
        x86_push_n(c, osz, v8, 8);
        return;
    }
    case 0x61:
        for (int r = 7; r >= 0; r--) {
            v = x86_pop(c, osz);
            if (r != ESP)
                x86_reg_write(c, (unsigned)r, osz, v);
        }
        return;
    case 0x62: {
        x86_decode_modrm(c);
        if (c->ea_reg)
            undefined(c);
        int32_t idx = (int32_t)x86_sext(x86_reg_read(c, c->regf, osz), osz);
        int32_t lo = (int32_t)x86_sext(x86_rd(c, c->ea_seg, c->ea_off, osz), osz);
        int32_t hi = (int32_t)x86_sext(x86_rd(c, c->ea_seg,
                        (c->ea_off + osz) & (c->a32 ? ~0u : 0xFFFF), osz), osz);
        if (idx < lo || idx > hi)
            x86_fault(c, X86_BR, -1);
        return;
    }
    case 0x63:
        if (!x86_pmode(c) || x86_v86(c))
            undefined(c);
        x86_decode_modrm(c);            /* ARPL */
        v = x86_rm_read(c, 2);
        t = x86_reg_read(c, c->regf, 2);
        x86_flags_sync(c);
        if ((v & 3) < (t & 3)) {
            x86_rm_write(c, 2, (v & ~3u) | (t & 3));
            c->eflags |= F_ZF;
        } else {
            c->eflags &= ~F_ZF;
        }
        return;
    case 0x68:
        x86_push(c, osz, imm(c, osz));
        return;
    case 0x6A:
        x86_push(c, osz, (uint32_t)(int8_t)x86_fetch8(c));
        return;
    case 0x69: case 0x6B: {
        x86_decode_modrm(c);
        uint32_t a = x86_rm_read(c, osz);
        uint32_t b = op == 0x6B ? (uint32_t)(int8_t)x86_fetch8(c) : imm(c, osz);
        x86_reg_write(c, c->regf, osz, x86_imul(c, a, b, osz));
        return;
    }
    case 0x6C: case 0x6D: case 0x6E: case 0x6F:
        string_op(c, op);
        return;
    default:
        x86_fault(c, X86_UD, -1);
    }
}

/* The segment register of MOV Sreg (8C/8E): the 8086 decodes two bits of
 * the reg field; later models #UD past DS (286) or GS (386+). */
static unsigned sreg_field(x86_cpu *c)
{
    unsigned s = c->regf;
    if (c->level == X86_I8086)
        return s & 3;
    if (s > (c->level == X86_I286 ? 3u : 5u))
        undefined(c);
    return s;
}

static void exec_one(x86_cpu *c, uint8_t op)
{
    unsigned osz = c->o32 ? 4 : 2;
    unsigned size = (op & 1) ? osz : 1;
    bool i8086 = c->level == X86_I8086;
    uint32_t v, t;

    switch (op) {
    case 0x00 ... 0x05: case 0x08 ... 0x0D: case 0x10 ... 0x15: case 0x18 ... 0x1D:
    case 0x20 ... 0x25: case 0x28 ... 0x2D: case 0x30 ... 0x35: case 0x38 ... 0x3D: {
        unsigned alu = op >> 3;
        switch (op & 7) {
        case 0: case 1:
            x86_decode_modrm(c);
            alu_rm(c, alu, x86_reg_read(c, c->regf, size), size);
            return;
        case 2: case 3:
            x86_decode_modrm(c);
            v = x86_alu(c, alu, x86_reg_read(c, c->regf, size), x86_rm_read(c, size), size);
            if (alu != 7)
                x86_reg_write(c, c->regf, size, v);
            return;
        default:
            v = x86_alu(c, alu, c->r[EAX], imm(c, size), size);
            if (alu != 7)
                x86_reg_write(c, EAX, size, v);
            return;
        }
    }
    case 0x40 ... 0x4F: {
        unsigned r = op & 7;
        x86_reg_write(c, r, osz, x86_incdec(c, op >= 0x48, c->r[r], osz));
        return;
    }
    case 0x50 ... 0x57: {
        unsigned r = op & 7;
        if (r == ESP && i8086)
            v = (c->r[ESP] - 2) & 0xFFFF;     /* 8086 pushes the new SP */
        else
            v = c->r[r];
        x86_push(c, osz, v);
        return;
    }
    case 0x58 ... 0x5F:
        v = x86_pop(c, osz);
        x86_reg_write(c, op & 7, osz, v);
        return;
    case 0x60 ... 0x6F:
        if (!i8086) {
            exec_186(c, op);
            return;
        }
        /* on the 8086 60-6F alias 70-7F */
        /* fall through */
    case 0x70 ... 0x7F: {
        uint32_t d = (uint32_t)(int8_t)x86_fetch8(c);
        if (x86_cond(c, op & 0xF))
            jump_rel(c, d);
        return;
    }
    case 0x91 ... 0x97: {
        unsigned r = op & 7;
        v = x86_reg_read(c, r, osz);
        x86_reg_write(c, r, osz, x86_reg_read(c, EAX, osz));
        x86_reg_write(c, EAX, osz, v);
        return;
    }
    case 0xB0 ... 0xBF: {
        unsigned sz = op < 0xB8 ? 1 : osz;
        x86_reg_write(c, op & 7, sz, imm(c, sz));
        return;
    }
    case 0xD8 ... 0xDF:
        if (c->level >= X86_I386 && !(c->cr0 & 4)) {
            if (c->cr0 & 8)
                x86_fault(c, X86_NM, -1);
            x86_exec_fpu(c, op);
            return;
        }
        if (c->level >= X86_I286 && (c->cr0 & 0xC))
            x86_fault(c, X86_NM, -1);   /* EM or TS: device not available */
        x86_decode_modrm(c);            /* ESC with no coprocessor: no-op */
        if (c->level == X86_I286 && !c->ea_reg)
            (void)x86_rd(c, c->ea_seg, c->ea_off, 2);  /* the 286 still checks the limit */
        return;
    case 0x06: case 0x0E: case 0x16: case 0x1E:
        x86_push(c, osz, c->seg[op >> 3].sel);
        return;
    case 0x07: case 0x17: case 0x1F:
        v = x86_pop(c, osz);
        x86_load_seg(c, op >> 3, (uint16_t)v);
        if (op == 0x17)
            c->inhibit_irq = 1;
        return;
    case 0x0F:
        if (i8086) {                          /* POP CS */
            x86_set_seg_real(c, X86_CS, (uint16_t)x86_pop(c, 2));
            return;
        }
        x86_exec_0f(c);
        return;
    case 0x27: op_daa_das(c, false); return;
    case 0x2F: op_daa_das(c, true); return;
    case 0x37: op_aaa_aas(c, false); return;
    case 0x3F: op_aaa_aas(c, true); return;
    case 0x80: case 0x81: case 0x82: case 0x83: {
        x86_decode_modrm(c);
        unsigned sz = op == 0x81 || op == 0x83 ? osz : 1;
        uint32_t b = op == 0x83 ? (uint32_t)(int8_t)x86_fetch8(c) : imm(c, sz);
        alu_rm(c, c->regf, b, sz);
        return;
    }
    case 0x84: case 0x85:
        x86_decode_modrm(c);
        x86_alu(c, 4, x86_rm_read(c, size), x86_reg_read(c, c->regf, size), size);
        return;
    case 0x86: case 0x87:
        x86_decode_modrm(c);
        v = x86_rm_read(c, size);
        x86_rm_write(c, size, x86_reg_read(c, c->regf, size));
        x86_reg_write(c, c->regf, size, v);
        return;
    case 0x88: case 0x89:
        x86_decode_modrm(c);
        x86_rm_write(c, size, x86_reg_read(c, c->regf, size));
        return;
    case 0x8A: case 0x8B:
        x86_decode_modrm(c);
        x86_reg_write(c, c->regf, size, x86_rm_read(c, size));
        return;
    case 0x8C: {
        x86_decode_modrm(c);
        unsigned s = sreg_field(c);
        /* A register destination takes the zero-extended selector on 386+. */
        x86_rm_write(c, c->ea_reg ? osz : 2, c->seg[s].sel);
        return;
    }
    case 0x8D:
        x86_decode_modrm(c);
        if (c->ea_reg)
            undefined(c);
        x86_reg_write(c, c->regf, osz, c->ea_off);
        return;
    case 0x8E: {
        x86_decode_modrm(c);
        unsigned s = sreg_field(c);
        if (s == X86_CS && !i8086)
            undefined(c);
        v = x86_rm_read(c, 2);
        if (s == X86_CS)
            x86_set_seg_real(c, X86_CS, (uint16_t)v);
        else
            x86_load_seg(c, (int)s, (uint16_t)v);
        if (s == X86_SS)
            c->inhibit_irq = 1;
        return;
    }
    case 0x8F:
        x86_decode_modrm(c);
        if (c->regf != 0 && !i8086)
            undefined(c);
        if (c->ea_reg) {
            x86_rm_write(c, osz, x86_pop(c, osz));   /* POP ESP: the popped value */
        } else {
            /* ESP moves after the memory write: a faulting write leaves it.
             * An ESP base addresses with ESP after the pop (SDM POP). */
            uint32_t sp = c->r[ESP];
            v = x86_pop(c, osz);
            uint32_t nsp = c->r[ESP];
            if (c->a32 && c->rm == 4 && c->ea_esp)
                c->ea_off += osz;
            c->r[ESP] = sp;
            x86_rm_write(c, osz, v);
            c->r[ESP] = nsp;
        }
        return;
    case 0x90:
        return;
    case 0x98:
        if (c->o32) c->r[EAX] = x86_sext(c->r[EAX], 2);
        else x86_reg_write(c, EAX, 2, x86_sext(c->r[EAX], 1));
        return;
    case 0x99:
        v = (c->r[EAX] & x86_sign(osz)) ? 0xFFFFFFFFu : 0;
        x86_reg_write(c, EDX, osz, v);
        return;
    case 0x9A: {
        uint32_t off = imm(c, osz);
        uint16_t sel = x86_fetch16(c);
        x86_far_jump(c, sel, off, true, c->o32);
        return;
    }
    case 0x9B:
        if (c->level >= X86_I386 && (c->cr0 & 0xA) == 0xA)
            x86_fault(c, X86_NM, -1);
        return;
    case 0x9C:
        if (x86_v86(c) && ((c->eflags >> 12) & 3) < 3)
            x86_fault(c, X86_GP, 0);
        v = x86_flags(c);
        if (c->o32)
            v &= ~(F_VM | F_RF);
        x86_push(c, osz, v);
        return;
    case 0x9D: {
        v = x86_pop(c, osz);
        uint32_t mask = c->o32 ? 0xFFFFFFFFu : 0xFFFF;
        mask &= ~(F_VM | F_RF);
        if (x86_pmode(c)) {
            if (c->cpl > 0)
                mask &= ~F_IOPL;
            if (c->cpl > ((c->eflags >> 12) & 3))
                mask &= ~F_IF;
        }
        x86_set_flags(c, v, mask);
        return;
    }
    case 0x9E:
        x86_set_flags(c, (c->r[EAX] >> 8) & 0xFF, F_SF | F_ZF | F_AF | F_PF | F_CF);
        return;
    case 0x9F:
        x86_reg_write(c, 4, 1, x86_flags(c) & 0xFF);
        return;
    case 0xA0: case 0xA1: case 0xA2: case 0xA3: {
        uint32_t off = c->a32 ? x86_fetch32(c) : x86_fetch16(c);
        int s = c->seg_ovr >= 0 ? c->seg_ovr : X86_DS;
        if (op < 0xA2)
            x86_reg_write(c, EAX, size, x86_rd(c, s, off, size));
        else
            x86_wr(c, s, off, size, c->r[EAX]);
        return;
    }
    case 0xA4: case 0xA5: case 0xA6: case 0xA7:
    case 0xAA: case 0xAB: case 0xAC: case 0xAD: case 0xAE: case 0xAF:
        string_op(c, op);
        return;
    case 0xA8: case 0xA9:
        x86_alu(c, 4, c->r[EAX], imm(c, size), size);
        return;
    case 0xC0: case 0xC1:
        if (i8086)
            goto ret_near;
        x86_decode_modrm(c);
        {
            unsigned sz = op == 0xC0 ? 1 : osz;
            uint32_t x = x86_rm_read(c, sz);
            shift_rm(c, sz, x, x86_fetch8(c) & 31);
        }
        return;
    case 0xC2: case 0xC3:
    ret_near: {
        uint16_t extra = (op & 1) ? 0 : x86_fetch16(c);
        v = x86_pop(c, osz);
        c->eip = c->o32 ? v : v & 0xFFFF;
        if (x86_ss32(c)) c->r[ESP] += extra;
        else c->r[ESP] = (c->r[ESP] & 0xFFFF0000u) | ((c->r[ESP] + extra) & 0xFFFF);
        if (c->level >= X86_I286 && c->eip > c->seg[X86_CS].limit)
            x86_fault(c, X86_GP, 0);
        return;
    }
    case 0xC4: case 0xC5:
        x86_decode_modrm(c);
        load_far_ptr(c, op == 0xC4 ? X86_ES : X86_DS);
        return;
    case 0xC6: case 0xC7:
        x86_decode_modrm(c);
        if (c->regf != 0 && !i8086)
            undefined(c);
        x86_rm_write(c, size, imm(c, size));
        return;
    case 0xC8:
        if (i8086)
            goto ret_far;
        op_enter(c);
        return;
    case 0xC9:
        if (i8086)
            goto ret_far;
        {
            /* Read first: a faulting LEAVE leaves SP alone. */
            uint32_t spm = x86_ss32(c) ? 0xFFFFFFFFu : 0xFFFF;
            v = x86_rd(c, X86_SS, c->r[EBP] & spm, osz);
            c->r[ESP] = (c->r[ESP] & ~spm) | ((c->r[EBP] + osz) & spm);
            x86_reg_write(c, EBP, osz, v);
        }
        return;
    case 0xCA: case 0xCB:
    ret_far: {
        uint16_t extra = (op & 1) ? 0 : x86_fetch16(c);
        x86_far_return(c, extra, c->o32, false);
        return;
    }
    case 0xCC:
        x86_deliver(c, X86_BP, -1, X86_SOFT, c->eip);
        return;
    case 0xCD:
        op_int(c, x86_fetch8(c));
        return;
    case 0xCE:
        if (x86_flags(c) & F_OF)
            x86_deliver(c, X86_OF, -1, X86_SOFT, c->eip);
        return;
    case 0xCF:
        if (x86_v86(c))
            x86_fault(c, X86_GP, 0);
        x86_far_return(c, 0, c->o32, true);
        return;
    case 0xD0: case 0xD1:
        x86_decode_modrm(c);
        group_shift(c, size, 1);
        return;
    case 0xD2: case 0xD3:
        x86_decode_modrm(c);
        group_shift(c, size, c->r[ECX] & 0xFF);
        return;
    case 0xD4: {
        uint8_t base = x86_fetch8(c);
        if (base == 0)
            x86_fault(c, X86_DE, -1);
        uint8_t al = (uint8_t)c->r[EAX];
        x86_reg_write(c, EAX, 2, (uint32_t)(al / base) << 8 | (al % base));
        c->lf_op = LF_NONE;   /* all six are written */
        c->eflags &= ~(F_CF | F_OF | F_AF);
        x86_set_szp(c, al % base, 1);
        return;
    }
    case 0xD5: {
        uint8_t base = x86_fetch8(c);
        uint8_t al = (uint8_t)c->r[EAX], ah = (uint8_t)(c->r[EAX] >> 8);
        /* The flags come from the final 8-bit add AL + AH*base. */
        x86_alu(c, 0, al, (uint8_t)(ah * base), 1);
        x86_reg_write(c, EAX, 2, (uint8_t)(al + ah * base));
        return;
    }
    case 0xD6:
        x86_reg_write(c, EAX, 1, x86_cf(c) ? 0xFF : 0);
        return;
    case 0xD7: {
        int s = c->seg_ovr >= 0 ? c->seg_ovr : X86_DS;
        uint32_t off = (c->r[EBX] + (c->r[EAX] & 0xFF)) & (c->a32 ? ~0u : 0xFFFF);
        x86_reg_write(c, EAX, 1, x86_rd(c, s, off, 1));
        return;
    }
    case 0xE0: case 0xE1: case 0xE2: case 0xE3: {
        uint32_t d = (uint32_t)(int8_t)x86_fetch8(c);
        uint32_t am = c->a32 ? 0xFFFFFFFFu : 0xFFFF;
        bool take;
        if (op == 0xE3) {
            take = (c->r[ECX] & am) == 0;
        } else {
            c->r[ECX] = (c->r[ECX] & ~am) | ((c->r[ECX] - 1) & am);
            take = (c->r[ECX] & am) != 0;
            if (op == 0xE0) take = take && !x86_zf(c);
            if (op == 0xE1) take = take && x86_zf(c);
        }
        if (take)
            jump_rel(c, d);
        return;
    }
    case 0xE4: case 0xE5:
        t = x86_fetch8(c);
        x86_reg_write(c, EAX, size, io_in(c, t, size));
        return;
    case 0xE6: case 0xE7:
        t = x86_fetch8(c);
        io_out(c, t, size, c->r[EAX]);
        return;
    case 0xEC: case 0xED:
        x86_reg_write(c, EAX, size, io_in(c, c->r[EDX] & 0xFFFF, size));
        return;
    case 0xEE: case 0xEF:
        io_out(c, c->r[EDX] & 0xFFFF, size, c->r[EAX]);
        return;
    case 0xE8: {
        uint32_t d = imm(c, osz);
        x86_push(c, osz, c->eip);
        jump_rel(c, d);
        return;
    }
    case 0xE9:
        jump_rel(c, imm(c, osz));
        return;
    case 0xEA: {
        uint32_t off = imm(c, osz);
        uint16_t sel = x86_fetch16(c);
        x86_far_jump(c, sel, off, false, c->o32);
        return;
    }
    case 0xEB:
        jump_rel(c, (uint32_t)(int8_t)x86_fetch8(c));
        return;
    case 0xF1:
        x86_deliver(c, X86_DB, -1, X86_EXT, c->eip);   /* ICEBP (386+) */
        return;
    case 0xF4:
        if (x86_pmode(c) && c->cpl != 0)
            x86_fault(c, X86_GP, 0);
        c->halted = 1;
        return;
    case 0xF5: x86_flags_sync(c); c->eflags ^= F_CF; return;
    case 0xF6: case 0xF7:
        x86_decode_modrm(c);
        group3(c, size);
        return;
    case 0xF8: x86_flags_sync(c); c->eflags &= ~F_CF; return;
    case 0xF9: x86_flags_sync(c); c->eflags |= F_CF; return;
    case 0xFA: case 0xFB:
        if (x86_pmode(c) && c->cpl > ((c->eflags >> 12) & 3))
            x86_fault(c, X86_GP, 0);
        if (op == 0xFA) {
            c->eflags &= ~F_IF;
        } else {
            if (!(c->eflags & F_IF))
                c->inhibit_irq = 1;
            c->eflags |= F_IF;
        }
        return;
    case 0xFC: c->eflags &= ~F_DF; return;
    case 0xFD: c->eflags |= F_DF; return;
    case 0xFE:
        x86_decode_modrm(c);
        if (c->regf < 2) {
            incdec_rm(c, 1);
            return;
        }
        undefined(c);
    case 0xFF:
        x86_decode_modrm(c);
        switch (c->regf) {
        case 0: case 1:
            incdec_rm(c, osz);
            return;
        case 2:
            v = x86_rm_read(c, osz);
            x86_push(c, osz, c->eip);
            c->eip = c->o32 ? v : v & 0xFFFF;
            if (c->level >= X86_I286 && c->eip > c->seg[X86_CS].limit)
                x86_fault(c, X86_GP, 0);
            return;
        case 3: case 5: {
            if (c->ea_reg)
                undefined(c);
            uint32_t off = x86_rd(c, c->ea_seg, c->ea_off, osz);
            uint16_t sel = (uint16_t)x86_rd(c, c->ea_seg,
                              (c->ea_off + osz) & (c->a32 ? ~0u : 0xFFFF), 2);
            x86_far_jump(c, sel, off, c->regf == 3, c->o32);
            return;
        }
        case 4:
            v = x86_rm_read(c, osz);
            c->eip = c->o32 ? v : v & 0xFFFF;
            if (c->level >= X86_I286 && c->eip > c->seg[X86_CS].limit)
                x86_fault(c, X86_GP, 0);
            return;
        case 6: case 7:
            if (c->regf == 7 && !i8086)
                undefined(c);
            v = x86_rm_read(c, osz);
            if (i8086 && c->ea_reg && c->rm == ESP)
                v = (v - 2) & 0xFFFF;           /* PUSH SP: the new SP */
            x86_push(c, osz, v);
            return;
        default:
            undefined(c);
        }
    }
    undefined(c);
}

static inline __attribute__((always_inline)) void step_inline(x86_cpu *c)
{
    c->op_eip = c->eip;
    c->seg_ovr = -1;
    c->rep = 0;
    c->lock = 0;
    bool def32 = (c->seg[X86_CS].attr & SEG_DB) != 0 && x86_pmode(c);
    c->o32 = c->a32 = def32;
    for (unsigned nprefix = 0;; nprefix++) {
        if (nprefix >= 14 && c->level >= X86_I386)
            x86_fault(c, X86_GP, 0);       /* 15-byte limit (see x86_fetch8_slow) */
        if (nprefix >= 4096)
            return;                        /* 8086: no limit; end the step, keep going */
        uint8_t op = x86_fetch8(c);
        /* Bitmap of the prefix bytes 26 2E 36 3E 64-67 F0-F3: one predictable
         * test keeps the common unprefixed case to a single dispatch. */
        static const uint32_t prefix_map[8] = { 0, 0x40404040u, 0, 0x000000F0u, 0, 0, 0,
                                                0x000F0000u };
        if (!((prefix_map[op >> 5] >> (op & 31)) & 1)) {
            exec_one(c, op);
            return;
        }
        switch (op) {
        case 0x26: case 0x2E: case 0x36: case 0x3E:
            c->seg_ovr = (op >> 3) & 3;
            continue;
        case 0x64: case 0x65:
            if (c->level < X86_I386)
                break;
            c->seg_ovr = op - 0x64 + X86_FS;
            continue;
        case 0x66:
            if (c->level < X86_I386)
                break;
            c->o32 = !def32;
            continue;
        case 0x67:
            if (c->level < X86_I386)
                break;
            c->a32 = !def32;
            continue;
        case 0xF0:
            c->lock = 1;
            continue;
        case 0xF1:
            if (c->level >= X86_I386)
                break;
            c->lock = 1;                      /* 8086/286: LOCK alias */
            continue;
        case 0xF2: case 0xF3:
            c->rep = op;
            continue;
        }
        exec_one(c, op);
        return;
    }
}

void x86_step(x86_cpu *c)
{
    step_inline(c);
}

/* The fast uncached loop (engine "interp" where there is no block cache:
 * 8086/286, no page table; cpu/x86/tc.c otherwise): it lives here, out of
 * x86_run's setjmp frame (a function that calls setjmp keeps its locals in
 * memory) and with x86_step
 * and the opcode switch inlined into it. A fault longjmps through this frame
 * to x86_run, which keeps no state here. */
void x86_run_fast(x86_cpu *c, const uint64_t end)
{
    ww_cpu *cpu = &c->cpu;
    while (cpu->cycles < end && !(cpu->exit_request | c->halted | cpu->bp_on)) {
        uint32_t tf = c->eflags & F_TF;
        step_inline(c);
        cpu->cycles++;
        if (__builtin_expect(cpu->stop | tf | c->events, 0) && !x86_after_step_rare(c, tf))
            return;
    }
}
