/* cpu/x86/exceptions.c — faults, interrupts and their delivery.
 *
 * Real mode: the IVT at IDTR.base (0 on the 8086), FLAGS/CS/IP pushed, IF
 * and TF cleared (8086 User's Manual §2.10 "Interrupts"). Protected mode:
 * interrupt/trap gates of the IDT with a stack switch through the TSS when
 * the privilege rises (SDM vol. 3 §6.12); task gates are not supported and
 * raise #GP. A fault during delivery escalates to #DF, a fault during #DF
 * shuts the CPU down (WW_STOP_FATAL), as SDM vol. 3 §6.15 (#DF) describes.
 * The 8086 pushes the address after DIV/IDIV for a divide error (it is a
 * trap there); 286 and later push the faulting instruction. */
#include "cpu/x86/x86.h"
#include <signal.h>

static bool has_error_code(int vec)
{
    return vec == X86_DF || (vec >= X86_TS && vec <= X86_GP) || vec == X86_PF ||
           vec == X86_AC;
}

G_NORETURN void x86_fault(x86_cpu *c, int vec, int err)
{
    if (!(vec == X86_DE && c->level == X86_I8086))
        c->eip = c->op_eip;
    c->rep_more = false;
    c->exc_vec = vec;
    c->exc_err = err;
    longjmp(c->jb, 1);
}

static int user_signal(int vec)
{
    switch (vec) {
    case X86_DE: case X86_MF: return SIGFPE;
    case X86_DB: case X86_BP: return SIGTRAP;
    case X86_UD: case X86_NM: return SIGILL;
    case X86_AC: return SIGBUS;
    default: return SIGSEGV;
    }
}

static void deliver_real(x86_cpu *c, int vec, uint32_t ret_eip)
{
    uint32_t addr = c->idt_base + (uint32_t)vec * 4;
    if (c->level >= X86_I286 && (uint32_t)vec * 4 + 3 > c->idt_limit)
        x86_fault(c, X86_GP, vec * 8 + 2);
    /* FLAGS, CS, IP all written before SP and FLAGS change (x86_push_n). */
    const uint32_t frame[3] = { c->eflags, c->seg[X86_CS].sel, ret_eip };
    x86_push_n(c, 2, frame, 3);
    c->eflags &= ~(F_IF | F_TF | F_AC | F_RF);
    uint16_t ip, cs;
    if (c->level == X86_I8086) {
        ip = (uint16_t)(x86_phys_read8(c, addr) | x86_phys_read8(c, addr + 1) << 8);
        cs = (uint16_t)(x86_phys_read8(c, addr + 2) | x86_phys_read8(c, addr + 3) << 8);
    } else {
        ip = (uint16_t)x86_lin_read(c, addr, 2, true);
        cs = (uint16_t)x86_lin_read(c, addr + 2, 2, true);
    }
    x86_set_seg_real(c, X86_CS, cs);
    c->eip = ip;
}

static void deliver_prot(x86_cpu *c, int vec, int err, int kind, uint32_t ret_eip)
{
    bool soft = kind == X86_SOFT;
    int ext = kind == X86_EXT || kind == X86_EXC ? 1 : 0;
    if ((uint32_t)vec * 8 + 7 > c->idt_limit)
        x86_fault(c, X86_GP, vec * 8 + 2 + ext);
    uint32_t lo = x86_lin_read(c, c->idt_base + (uint32_t)vec * 8, 4, true);
    uint32_t hi = x86_lin_read(c, c->idt_base + (uint32_t)vec * 8 + 4, 4, true);
    unsigned type = (hi >> 8) & 0x1F, dpl = (hi >> 13) & 3;
    if (type != 0x06 && type != 0x07 && type != 0x0E && type != 0x0F)
        x86_fault(c, X86_GP, vec * 8 + 2 + ext);
    if (soft && dpl < c->cpl)
        x86_fault(c, X86_GP, vec * 8 + 2);
    if (!(hi & 0x8000))
        x86_fault(c, X86_NP, vec * 8 + 2 + ext);
    bool gate32 = (type & 8) != 0;
    uint16_t sel = (uint16_t)(lo >> 16);
    uint32_t off = (lo & 0xFFFF) | (gate32 ? (hi & 0xFFFF0000u) : 0);
    if ((sel & ~3) == 0)
        x86_fault(c, X86_GP, ext);
    uint32_t dlo, dhi;
    if (!x86_read_desc(c, sel, &dlo, &dhi))
        x86_fault(c, X86_GP, (sel & ~3) + ext);
    unsigned ctype = (dhi >> 8) & 0x1F, cdpl = (dhi >> 13) & 3;
    if ((ctype & 0x18) != 0x18 || cdpl > c->cpl)
        x86_fault(c, X86_GP, (sel & ~3) + ext);
    if (!(dhi & 0x8000))
        x86_fault(c, X86_NP, (sel & ~3) + ext);
    uint32_t flags = c->eflags, frame[6];
    unsigned nf = 0;
    bool conforming = (ctype & 4) != 0;
    if (!conforming && cdpl < c->cpl) {
        /* Inner privilege: new stack from the TSS (32-bit TSS layout). */
        bool tss32 = (c->tr.attr & 0x8) != 0;
        uint32_t so = tss32 ? 4 + cdpl * 8 : 2 + cdpl * 4;
        if (so + (tss32 ? 7 : 3) > c->tr.limit)
            x86_fault(c, X86_TS, (c->tr.sel & ~3) + ext);
        uint32_t nesp = tss32 ? x86_lin_read(c, c->tr.base + so, 4, true)
                              : x86_lin_read(c, c->tr.base + so, 2, true);
        uint16_t nss = (uint16_t)x86_lin_read(c, c->tr.base + so + (tss32 ? 4 : 2), 2, true);
        uint32_t slo, shi;
        if ((nss & ~3) == 0 || !x86_read_desc(c, nss, &slo, &shi) || (nss & 3) != cdpl)
            x86_fault(c, X86_TS, (nss & ~3) + ext);
        x86_seg old_ss = c->seg[X86_SS];
        uint32_t old_esp = c->r[ESP];
        x86_desc_to_cache(&c->seg[X86_SS], nss, slo, shi);
        c->r[ESP] = nesp;
        c->cpl = (uint8_t)cdpl;
        x86_fetch_flush(c);
        frame[nf++] = old_ss.sel;
        frame[nf++] = old_esp;
    }
    /* The whole frame is written before ESP moves (x86_push_n). */
    frame[nf++] = flags;
    frame[nf++] = c->seg[X86_CS].sel;
    frame[nf++] = ret_eip;
    if (err >= 0)
        frame[nf++] = (uint32_t)err;
    x86_push_n(c, gate32 ? 4 : 2, frame, nf);
    x86_desc_to_cache(&c->seg[X86_CS], (uint16_t)((sel & ~3) | (conforming ? c->cpl : cdpl)),
                      dlo, dhi);
    if (!conforming)
        c->cpl = (uint8_t)cdpl;
    x86_fetch_flush(c);
    c->eip = gate32 ? off : off & 0xFFFF;
    c->eflags &= ~(F_TF | F_NT | F_RF | F_VM);
    if (!(type & 1))
        c->eflags &= ~F_IF;
}

void x86_deliver(x86_cpu *c, int vec, int err, int kind, uint32_t ret_eip)
{
    x86_flags_sync(c);   /* the FLAGS image pushed, and the state a user fault stops in */
    if (c->cpu.user_mode) {
        /* Linux: INT n through a DPL-0 gate is #GP; INT3/INTO keep theirs. */
        c->cpu.stop = WW_STOP_USER_FAULT;
        c->cpu.stop_info = (kind == X86_SOFT && vec != X86_BP && vec != X86_OF)
                         ? SIGSEGV : user_signal(vec);
        c->last_exc = vec;
        return;
    }
    if (kind == X86_EXC) {
        /* Contributory/page-fault combinations escalate (SDM table 6-5). */
        if (c->exc_depth >= 2 && vec != X86_DB && vec != X86_NMI) {
            c->cpu.stop = WW_STOP_FATAL;
            c->cpu.stop_info = vec;
            c->halted = 1;
            return;
        }
        if (c->exc_depth == 1 && c->level >= X86_I286 &&
            (vec == X86_DE || (vec >= X86_TS && vec <= X86_GP) || vec == X86_PF)) {
            c->exc_depth = 2;
            vec = X86_DF;
            err = 0;
        } else {
            c->exc_depth++;
        }
    }
    c->last_exc = vec;
    if (kind != X86_EXC || !has_error_code(vec) || !x86_pmode(c))
        err = -1;
    if (x86_pmode(c))
        deliver_prot(c, vec, err, kind, ret_eip);
    else
        deliver_real(c, vec, ret_eip);
    c->exc_depth = 0;
}

void x86_check_interrupts(x86_cpu *c)
{
    if (c->inhibit_irq) {
        c->inhibit_irq = 0;
        return;
    }
    if (c->nmi_pending && !c->nmi_blocked) {
        c->nmi_pending = 0;
        c->halted = 0;
        c->op_eip = c->eip;
        x86_deliver(c, X86_NMI, -1, X86_EXT, c->eip);
        return;
    }
    if (c->intr_line && (c->eflags & F_IF)) {
        ww_space *iack = c->cpu.chip.bus[X86_BUS_IACK];
        if (!iack)
            return; /* no interrupt controller: INTR is ignored */
        uint64_t v = 0xFF;
        ww_space_read(iack, 0, 1, &v);
        c->halted = 0;
        c->op_eip = c->eip;
        x86_deliver(c, (int)(v & 0xFF), -1, X86_EXT, c->eip);
    }
}
