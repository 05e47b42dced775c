/* cpu/x86/tc.c — the cached engine ("interp"): blocks of decoded records from
 * the shared translation cache (core/tcache.h), for the 386 and later models.
 *
 * Key: pc = CS base << 32 | EIP (so the records' EIPs stay right whatever
 * linear address they sit at), flags = the mode bits that change decoding or
 * fetching (CS D, PE, PG, CPL, VM, the model, user mode, whether the CS
 * limit is 4 GiB), phys = the space
 * address of the first byte. A block covers straight-line code inside one
 * page and inside the CS limit (an instruction that would cross either is
 * left to the uncached step, which faults or fetches across as the hardware
 * does); every entry checks that the block still lies within the CS limit,
 * and with paging on that the TLB still maps the page with fetch rights for
 * the CPL (a TLB miss goes to the uncached step, whose fetch walks the
 * tables). Blocks chain while they stay on one linear page (always, without
 * paging); budget and attention are tested once per block.
 *
 * Records: a decoder (decode below) fills one record per instruction: prefixes
 * applied (operand/address size, segment), ModR/M split into base, index,
 * scale, displacement and segment, immediates, branch targets, the length.
 * The common forms (MOV, ALU, TEST, LEA, INC/DEC, PUSH/POP, MOVZX/MOVSX,
 * SETcc, CMOVcc, shifts, IMUL r, r/m (, imm), group 3 MUL/IMUL/DIV/IDIV,
 * Jcc/JMP/CALL/RET) have handlers that take their operands
 * from the record and do what exec.c does in the same order (the flag
 * helpers of alu.c and x86.h are the same calls); the hottest have forms
 * specialised per operation or condition (specialise) and fast paths with
 * slow twins (FAST_ACCESS); every other instruction is a generic
 * record that runs the uncached step (x86_step) from its first byte, so its
 * semantics are the uncached interpreter's by construction. A Jcc right after
 * a CMP/TEST/ALU on 32-bit registers takes its condition from their operands
 * (fuse; the compare still sets EFLAGS through alu.c). RET and indirect
 * JMP/CALL enter the jump cache's block for the target when a chain would be
 * allowed there (lookup_next). A generic
 * instruction that transfers control or may change the mode bits (far
 * transfers, IRET, POPF, INT, HLT, I/O, CR/segment writes of the 0F map) ends
 * its block.
 *
 * Exactness (the uncached loop in cpu.c x86_run is the reference, held to it
 * by tests/cpu/x86/lockstep.c and the fuzz harness): a record that can fault
 * or reach the bus sets op_eip and the cycle count to what the uncached loop
 * has at that instruction first, so a fault (longjmp to x86_run) is taken at
 * the faulting instruction with the same EIP, cycles and restartable state;
 * a record whose access went the slow way (MMIO, a write to a code page, a
 * remap) leaves the block after itself when anything changed that the
 * uncached loop looks at after each instruction (a stop, the interrupt lines,
 * the attention word, the space's map). When the budget ends inside a block,
 * the record after the last instruction that fits is replaced by a stop for
 * the time of the run. A pending interrupt, the interrupt shadow, the trap
 * flag, breakpoints, HLT and code that cannot be cached (MMIO, a space without
 * a page table, the 8086 and 286 models) run in the uncached loop.
 *
 * Memory: the records' accesses go through ftlb_r/ftlb_w (x86.h), a linear
 * page -> host pointer cache filled after a slow access succeeded, each entry
 * a subset of the TLB entry of the same index; flat segments only (others
 * take x86_rd/x86_wr with all their checks). Pages the space marks as code
 * lose their write entries (the protect hook), so every write to code goes
 * through the space and invalidates the blocks it overlaps. */
#include "cpu/x86/x86.h"
#include "core/tcache.h"

#define TC_MAX_INSNS 48
#define TC_CHAIN 64
#define NOREG 8
#define TCF_BIGCS (1u << 10)    /* block flag: the CS limit is 4 GiB */

enum { TC_TAKEN = 0, TC_FALL = 1, TC_LOOKUP = 2, TC_LEFT = 3, TC_STOP = 4 };

typedef struct x86_dop x86_dop;
typedef const x86_dop *(*x86_dfn)(x86_cpu *c, const x86_dop *op);
struct x86_dop {
    x86_dfn fn;
    ww_tc_block *blk;       /* the last record: its block */
    uint32_t eip, next;     /* this instruction, the one after it */
    uint32_t imm;           /* immediate, or the branch target */
    uint32_t disp;
    uint32_t amask;         /* address size: FFFF or FFFFFFFF */
    const uint32_t *pbase, *pindex;   /* &c->r[base], &c->r[index], or a zero */
    uint8_t idx;            /* instructions of the block before this one */
    uint8_t size;           /* operand size */
    uint8_t reg;            /* ModR/M reg, or the register of the opcode */
    uint8_t rm;             /* the register operand when ea_reg */
    uint8_t base, index, scale;   /* NOREG: none */
    uint8_t seg;            /* segment of the memory operand */
    uint8_t ea_reg;
    uint8_t sub;            /* ALU operation, condition, shift op, opcode */
    uint8_t o32;
    uint8_t fuse, fa, fb;   /* Jcc after a compare: FUSE_*, its registers (disp: imm) */
};

/* A Jcc right after the compare that set its flags evaluates its condition
 * from the compare's operands (the compare record still sets EFLAGS through
 * alu.c; this only spares x86_cond): the operands are registers the compare
 * did not change, so they are still there. */
enum { FUSE_NONE, FUSE_CMP_RR, FUSE_CMP_RI, FUSE_TEST_RR, FUSE_RES };

/* ---- the fast TLB ------------------------------------------------------------ */

void x86_ftlb_flush(x86_cpu *c)
{
    memset(c->ftlb_r, 0, sizeof c->ftlb_r);
    memset(c->ftlb_w, 0, sizeof c->ftlb_w);
    c->ftlb_cpl = c->cpl;
}

/* After a slow access at lin succeeded: enter its page if the TLB (or no
 * paging) allows the access directly to RAM, with the same rights test as
 * mem.c fast_ptr. */
static void ftlb_fill(x86_cpu *c, uint32_t lin, bool write)
{
    uint8_t *const *tab = write ? c->wtab : c->rtab;
    if (!tab || c->page_bits != 12 || c->cpl != c->ftlb_cpl)
        return;
    uint32_t pa;
    if (c->cr0 & 0x80000000u) {
        const x86_tlb_entry *t = &c->tlb[(lin >> 12) & (X86_TLB_SIZE - 1)];
        if (t->tag != ((lin & 0xFFFFF000u) | 1))
            return;
        bool user = c->cpl == 3;
        if (user && !(t->flags & 2))
            return;
        if (write && (!(t->flags & 4) || (!(t->flags & 1) && (user || (c->cr0 & (1u << 16))))))
            return;
        pa = t->phys;
    } else {
        pa = lin & 0xFFFFF000u;
    }
    pa &= c->amask;
    uint8_t *p = tab[pa >> 12];
    if (!p)
        return;
    x86_ftlb *e = &(write ? c->ftlb_w : c->ftlb_r)[(lin >> 12) & (X86_TLB_SIZE - 1)];
    e->tag = (lin & 0xFFFFF000u) | 1;
    e->phys = pa;
    e->delta = (uintptr_t)p - (lin & 0xFFFFF000u);
}

static void protect(void *opaque, uint64_t page_addr)
{
    x86_cpu *c = opaque;
    for (unsigned i = 0; i < X86_TLB_SIZE; i++)
        if (c->ftlb_w[i].tag && c->ftlb_w[i].phys == (uint32_t)page_addr)
            c->ftlb_w[i].tag = 0;
}

/* ---- record helpers ------------------------------------------------------------ */

#define LIKELY(x) __builtin_expect(!!(x), 1)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)
#define NEXT(op) return (op)[1].fn(c, (op) + 1)

/* Where the uncached loop is while the instruction of op executes. */
static inline void at_insn(x86_cpu *c, const x86_dop *op)
{
    c->op_eip = op->eip;
    c->cpu.cycles = c->tc_base + op->idx;
}

/* Something the uncached loop tests after every instruction happened. */
static inline bool must_leave(const x86_cpu *c)
{
    return (c->cpu.stop | c->events | c->halted | c->cpu.attention) != 0 ||
           c->gen != c->tc->space_gen;
}

/* Leave the block after op completed; EIP is set. */
static const x86_dop *tc_leave(x86_cpu *c, const x86_dop *op)
{
    c->cpu.cycles = c->tc_base + op->idx + 1u;
    c->tc_slot = TC_LEFT;
    c->tc_check = false;
    return NULL;
}

static const x86_dop *__attribute__((noinline)) check_leave(x86_cpu *c, const x86_dop *op)
{
    c->tc_check = false;
    if (must_leave(c)) {
        c->eip = op->next;
        return tc_leave(c, op);
    }
    NEXT(op);
}

#define DONE(op)                                   \
    do {                                           \
        if (UNLIKELY(c->tc_check))                 \
            return check_leave(c, op);             \
        NEXT(op);                                  \
    } while (0)

static inline uint32_t block_last(const ww_tc_block *b)
{
    return (uint32_t)(uintptr_t)b->family;
}

/* The successor of a block that ended in an indirect transfer (RET, JMP/CALL
 * r/m): the jump cache's block for CS:EIP if it holds for the same keys as
 * a chain would (x86_run_cached): the same flags, and with paging the same
 * linear page as from and the same physical page (the jump cache is not
 * cleared on a remap; find checks phys, this the page from runs on). */
static inline ww_tc_block *lookup_next(x86_cpu *c, const ww_tc_block *from)
{
    uint64_t pc = (uint64_t)c->seg[X86_CS].base << 32 | c->eip;
    ww_tc_block *n = ww_tcache_jc_find(c->tc, pc, from->flags);
    if (n && (from->flags & 4) &&
        (((from->pc ^ pc) | (from->phys ^ n->phys)) & ~0xFFFull) != 0)
        return NULL;
    return n;
}

/* The end of a block: EIP is set; enter the successor in slot if it is linked,
 * fits the budget and the CS limit, and nothing asks for attention. An
 * invalidated successor's first record is op_stale, which goes back to the
 * run loop. mem: the last record may have gone the slow way. */
static inline __attribute__((always_inline)) const x86_dop *
tc_exit_inl(x86_cpu *c, const x86_dop *op, unsigned slot, bool mem)
{
    ww_tc_block *from = op->blk;
    uint64_t cyc = c->tc_base + from->ninsns;
    if (mem && UNLIKELY(c->tc_check)) {
        c->tc_check = false;
        if (must_leave(c)) {
            c->cpu.cycles = cyc;
            c->tc_slot = TC_LEFT;
            return NULL;
        }
    }
    ww_tc_block *n = slot < TC_LOOKUP ? from->link[slot] : lookup_next(c, from);
    if (LIKELY(n != NULL) && cyc + n->ninsns <= c->tc_end && !c->cpu.attention &&
        (LIKELY(n->flags & TCF_BIGCS) || block_last(n) <= c->seg[X86_CS].limit)) {
        c->tc_base = cyc;
        const x86_dop *first = (const x86_dop *)n->ops;
        if (LIKELY(--c->tc_chain))
            return first->fn(c, first);
        return first;
    }
    c->cpu.cycles = cyc;
    c->tc_slot = (uint8_t)slot;
    c->tc_blk = from;
    return NULL;
}

static const x86_dop *tc_exit(x86_cpu *c, const x86_dop *op, unsigned slot)
{
    return tc_exit_inl(c, op, slot, true);
}

static const uint32_t zero_reg;

static inline uint32_t ea(const x86_cpu *c, const x86_dop *op)
{
    (void)c;
    return (op->disp + *op->pbase + (*op->pindex << op->scale)) & op->amask;
}

static inline uint32_t ld(const uint8_t *p, unsigned size)
{
    return size == 1 ? *p : size == 2 ? ww_ld_le16(p) : ww_ld_le32(p);
}

static inline void st(uint8_t *p, unsigned size, uint32_t v)
{
    if (size == 1) *p = (uint8_t)v;
    else if (size == 2) ww_st_le16(p, (uint16_t)v);
    else ww_st_le32(p, v);
}

static uint32_t __attribute__((noinline)) rd_slow(x86_cpu *c, const x86_dop *op, int sreg,
                                                  uint32_t off, unsigned size)
{
    at_insn(c, op);
    uint32_t v = x86_rd(c, sreg, off, size);
    const x86_seg *s = &c->seg[sreg];
    if ((s->flat & 1) && off <= ~0u - (size - 1))
        ftlb_fill(c, s->base + off, false);
    if (must_leave(c))
        c->tc_check = true;
    return v;
}

static void __attribute__((noinline)) wr_slow(x86_cpu *c, const x86_dop *op, int sreg,
                                              uint32_t off, unsigned size, uint32_t v)
{
    at_insn(c, op);
    x86_wr(c, sreg, off, size, v);
    const x86_seg *s = &c->seg[sreg];
    if ((s->flat & 2) && off <= ~0u - (size - 1))
        ftlb_fill(c, s->base + off, true);
    if (must_leave(c))
        c->tc_check = true;
}

/* x86_rd / x86_wr with the fast path inline: a flat segment, an entry for the
 * page, the access inside it, no wrap of the offset. */
static inline uint32_t rd(x86_cpu *c, const x86_dop *op, int sreg, uint32_t off, unsigned size)
{
    const x86_seg *s = &c->seg[sreg];
    uint32_t lin = s->base + off;
    const x86_ftlb *e = &c->ftlb_r[(lin >> 12) & (X86_TLB_SIZE - 1)];
    if (LIKELY((s->flat & 1) && e->tag == (((lin + size - 1) & 0xFFFFF000u) | 1) &&
               off <= 0xFFFFFFFCu))
        return ld((const uint8_t *)(e->delta + lin), size);
    return rd_slow(c, op, sreg, off, size);
}

/* wr's fast path: false when the write must go the slow way (it alone can fault). */
static inline bool wr_fast(x86_cpu *c, int sreg, uint32_t off, unsigned size, uint32_t v)
{
    const x86_seg *s = &c->seg[sreg];
    uint32_t lin = s->base + off;
    const x86_ftlb *e = &c->ftlb_w[(lin >> 12) & (X86_TLB_SIZE - 1)];
    if (LIKELY((s->flat & 2) && e->tag == (((lin + size - 1) & 0xFFFFF000u) | 1) &&
               off <= 0xFFFFFFFCu)) {
        st((uint8_t *)(e->delta + lin), size, v);
        return true;
    }
    return false;
}

static inline void wr(x86_cpu *c, const x86_dop *op, int sreg, uint32_t off, unsigned size,
                      uint32_t v)
{
    if (LIKELY(wr_fast(c, sreg, off, size, v)))
        return;
    wr_slow(c, op, sreg, off, size, v);
}

static inline uint32_t rm_read(x86_cpu *c, const x86_dop *op, unsigned size)
{
    if (op->ea_reg)
        return x86_reg_read(c, op->rm, size);
    return rd(c, op, op->seg, ea(c, op), size);
}

/* Records with a fast path through the fast TLB only come in pairs: the fast
 * path changes nothing before its access and, on a miss, tail-calls its
 * _slow twin, which does the whole instruction again through rd/wr (the
 * slow accessors, the fault state, the fill); the fast path never goes the
 * slow way, so it needs no DONE check. The pair keeps the fast path free of
 * calls, so of the register saves and restores they cost. FAST_RD/FAST_WR:
 * rd's and wr's test, then p = the host address (once per record). */
#define NOINLINE __attribute__((noinline))
#define FAST_ACCESS(p, tab, bit, sreg, off, size, slow)                             \
    const x86_seg *s_ = &c->seg[sreg];                                              \
    uint32_t off_ = (off), lin_ = s_->base + off_;                                  \
    const x86_ftlb *e_ = &c->tab[(lin_ >> 12) & (X86_TLB_SIZE - 1)];                \
    if (UNLIKELY(!((s_->flat & bit) &&                                              \
                   e_->tag == (((lin_ + (size) - 1) & 0xFFFFF000u) | 1) &&          \
                   off_ <= 0xFFFFFFFCu)))                                           \
        return slow(c, op);                                                         \
    uint8_t *p = (uint8_t *)(e_->delta + lin_)
#define FAST_RD(p, sreg, off, size, slow) FAST_ACCESS(p, ftlb_r, 1, sreg, off, size, slow)
#define FAST_WR(p, sreg, off, size, slow) FAST_ACCESS(p, ftlb_w, 2, sreg, off, size, slow)

/* exec.c x86_push / x86_pop through the fast path. */
static inline void push(x86_cpu *c, const x86_dop *op, unsigned size, uint32_t v)
{
    if (LIKELY(x86_ss32(c))) {
        uint32_t sp = c->r[ESP] - size;
        wr(c, op, X86_SS, sp, size, v);
        c->r[ESP] = sp;
    } else {
        uint16_t sp = (uint16_t)(c->r[ESP] - size);
        wr(c, op, X86_SS, sp, size, v);
        c->r[ESP] = (c->r[ESP] & 0xFFFF0000u) | sp;
    }
}

static inline uint32_t pop(x86_cpu *c, const x86_dop *op, unsigned size)
{
    uint32_t v;
    if (LIKELY(x86_ss32(c))) {
        v = rd(c, op, X86_SS, c->r[ESP], size);
        c->r[ESP] += size;
    } else {
        uint16_t sp = (uint16_t)c->r[ESP];
        v = rd(c, op, X86_SS, sp, size);
        c->r[ESP] = (c->r[ESP] & 0xFFFF0000u) | (uint16_t)(sp + size);
    }
    return v;
}

static G_NORETURN void __attribute__((noinline)) gp_at(x86_cpu *c, const x86_dop *op)
{
    at_insn(c, op);
    x86_fault(c, X86_GP, 0);
}

/* A near transfer to t (exec.c jump_rel and the RET/indirect forms). */
static inline void near_to(x86_cpu *c, const x86_dop *op, uint32_t t)
{
    if (UNLIKELY(t > c->seg[X86_CS].limit))
        gp_at(c, op);
    c->eip = t;
}

/* ---- records ---------------------------------------------------------------- */

/* Any instruction: the uncached step from its first byte. */
static const x86_dop *op_generic(x86_cpu *c, const x86_dop *op)
{
    c->cpu.cycles = c->tc_base + op->idx;
    c->eip = op->eip;
    x86_step(c);
    if (UNLIKELY(c->eip != op->next || must_leave(c) || c->tc_check))
        return tc_leave(c, op);
    NEXT(op);
}

/* The same, ending the block: control transfers, mode changes. */
static const x86_dop *op_generic_end(x86_cpu *c, const x86_dop *op)
{
    c->cpu.cycles = c->tc_base + op->idx;
    c->eip = op->eip;
    x86_step(c);
    return tc_leave(c, op);
}

/* The budget ends before this record (run_partial). */
static const x86_dop *op_stop(x86_cpu *c, const x86_dop *op)
{
    c->cpu.cycles = c->tc_base + op->idx;
    c->eip = op->eip;
    c->tc_slot = TC_STOP;
    return NULL;
}

/* Stale: the block was invalidated; whoever enters goes back to the loop. */
static const x86_dop *op_stale(x86_cpu *c, const x86_dop *op)
{
    c->cpu.cycles = c->tc_base;
    c->eip = op->eip;
    c->tc_slot = TC_STOP;
    return NULL;
}

/* After the last instruction of a block that ends at a page end or the cap. */
static const x86_dop *op_end(x86_cpu *c, const x86_dop *op)
{
    c->eip = op->eip;
    return tc_exit_inl(c, op, TC_FALL, false);
}

static const x86_dop *op_nop(x86_cpu *c, const x86_dop *op) { NEXT(op); }

/* ALU r/m, reg (00-39 forms 0/1), reg, r/m (2/3), and r/m, imm (80-83):
 * sub = operation, imm = the immediate for 80-83. */
static const x86_dop *op_alu_rr(x86_cpu *c, const x86_dop *op)
{
    unsigned sz = op->size;
    uint32_t v = x86_alu(c, op->sub, x86_reg_read(c, op->rm, sz), x86_reg_read(c, op->reg, sz), sz);
    if (op->sub != 7)
        x86_reg_write(c, op->rm, sz, v);
    NEXT(op);
}

static const x86_dop *op_alu_rr32(x86_cpu *c, const x86_dop *op)
{
    uint32_t v = x86_alu(c, op->sub, c->r[op->rm], c->r[op->reg], 4);
    if (op->sub != 7)
        c->r[op->rm] = v;
    NEXT(op);
}

/* The memory destinations write before the flags are installed (x86_lf,
 * exec.c alu_rm): a write that faults in wr_slow leaves EFLAGS as before. */
static const x86_dop *op_alu_mr(x86_cpu *c, const x86_dop *op)
{
    unsigned sz = op->size;
    uint32_t off = ea(c, op);
    x86_lf f = x86_alu_lf(c, op->sub, rd(c, op, op->seg, off, sz), x86_reg_read(c, op->reg, sz), sz);
    if (op->sub != 7)
        wr(c, op, op->seg, off, sz, f.res >> f.sh);
    x86_lf_put(c, &f);
    DONE(op);
}

static const x86_dop *op_alu_rm(x86_cpu *c, const x86_dop *op)
{
    unsigned sz = op->size;
    uint32_t v = x86_alu(c, op->sub, x86_reg_read(c, op->reg, sz), rm_read(c, op, sz), sz);
    if (op->sub != 7)
        x86_reg_write(c, op->reg, sz, v);
    DONE(op);
}

static const x86_dop *NOINLINE op_alu_rm32_slow(x86_cpu *c, const x86_dop *op)
{
    uint32_t b = op->ea_reg ? c->r[op->rm] : rd(c, op, op->seg, ea(c, op), 4);
    uint32_t v = x86_alu(c, op->sub, c->r[op->reg], b, 4);
    if (op->sub != 7)
        c->r[op->reg] = v;
    DONE(op);
}

/* reg, m32 (the decoder gives register sources to op_alu_rr32) */
static const x86_dop *op_alu_rm32(x86_cpu *c, const x86_dop *op)
{
    FAST_RD(p, op->seg, ea(c, op), 4, op_alu_rm32_slow);
    uint32_t v = x86_alu(c, op->sub, c->r[op->reg], ww_ld_le32(p), 4);
    if (op->sub != 7)
        c->r[op->reg] = v;
    NEXT(op);
}

/* CMP r/m, reg and CMP r/m, imm with a memory operand (38/39, 80-83 /7):
 * read only, so not the read-modify-write records above. imm: the
 * immediate, or reg's value for the 38/39 forms (sub = 1). */
static const x86_dop *NOINLINE op_cmp_m_slow(x86_cpu *c, const x86_dop *op)
{
    unsigned sz = op->size;
    uint32_t a = rd(c, op, op->seg, ea(c, op), sz);
    x86_alu(c, 7, a, op->sub ? x86_reg_read(c, op->reg, sz) : op->imm, sz);
    DONE(op);
}

static const x86_dop *op_cmp_m(x86_cpu *c, const x86_dop *op)
{
    unsigned sz = op->size;
    FAST_RD(p, op->seg, ea(c, op), sz, op_cmp_m_slow);
    x86_alu(c, 7, ld(p, sz), op->sub ? x86_reg_read(c, op->reg, sz) : op->imm, sz);
    NEXT(op);
}

static const x86_dop *NOINLINE op_cmp_m32_slow(x86_cpu *c, const x86_dop *op)
{
    uint32_t a = rd(c, op, op->seg, ea(c, op), 4);
    x86_alu(c, 7, a, op->sub ? c->r[op->reg] : op->imm, 4);
    DONE(op);
}

static const x86_dop *op_cmp_m32(x86_cpu *c, const x86_dop *op)
{
    FAST_RD(p, op->seg, ea(c, op), 4, op_cmp_m32_slow);
    x86_alu(c, 7, ww_ld_le32(p), op->sub ? c->r[op->reg] : op->imm, 4);
    NEXT(op);
}

static const x86_dop *op_alu_ri(x86_cpu *c, const x86_dop *op)
{
    unsigned sz = op->size;
    uint32_t v = x86_alu(c, op->sub, x86_reg_read(c, op->rm, sz), op->imm, sz);
    if (op->sub != 7)
        x86_reg_write(c, op->rm, sz, v);
    NEXT(op);
}

/* 04, 0C, …: exec.c passes all of EAX */
static const x86_dop *op_alu_ai(x86_cpu *c, const x86_dop *op)
{
    unsigned sz = op->size;
    uint32_t v = x86_alu(c, op->sub, c->r[EAX], op->imm, sz);
    if (op->sub != 7)
        x86_reg_write(c, EAX, sz, v);
    NEXT(op);
}

static const x86_dop *op_alu_ri32(x86_cpu *c, const x86_dop *op)
{
    uint32_t v = x86_alu(c, op->sub, c->r[op->rm], op->imm, 4);
    if (op->sub != 7)
        c->r[op->rm] = v;
    NEXT(op);
}

static const x86_dop *op_alu_mi(x86_cpu *c, const x86_dop *op)
{
    unsigned sz = op->size;
    uint32_t off = ea(c, op);
    x86_lf f = x86_alu_lf(c, op->sub, rd(c, op, op->seg, off, sz), op->imm, sz);
    if (op->sub != 7)
        wr(c, op, op->seg, off, sz, f.res >> f.sh);
    x86_lf_put(c, &f);
    DONE(op);
}

static const x86_dop *op_alu_mi32(x86_cpu *c, const x86_dop *op)
{
    uint32_t off = ea(c, op);
    x86_lf f = x86_alu_lf(c, op->sub, rd(c, op, op->seg, off, 4), op->imm, 4);
    if (op->sub != 7)
        wr(c, op, op->seg, off, 4, f.res >> f.sh);
    x86_lf_put(c, &f);
    DONE(op);
}

/* TEST r/m, reg (84/85); op_test_m: the memory form. */
static const x86_dop *op_test_rm(x86_cpu *c, const x86_dop *op)
{
    unsigned sz = op->size;
    x86_alu(c, 4, rm_read(c, op, sz), x86_reg_read(c, op->reg, sz), sz);
    DONE(op);
}

static const x86_dop *op_test_m(x86_cpu *c, const x86_dop *op)
{
    unsigned sz = op->size;
    FAST_RD(p, op->seg, ea(c, op), sz, op_test_rm);
    x86_alu(c, 4, ld(p, sz), x86_reg_read(c, op->reg, sz), sz);
    NEXT(op);
}

/* MOV r/m, reg (88/89), reg, r/m (8A/8B), r/m, imm (C6/C7, B0-BF). */
static const x86_dop *op_mov_rr(x86_cpu *c, const x86_dop *op)
{
    x86_reg_write(c, op->rm, op->size, x86_reg_read(c, op->reg, op->size));
    NEXT(op);
}

static const x86_dop *op_mov_rr32(x86_cpu *c, const x86_dop *op)
{
    c->r[op->rm] = c->r[op->reg];
    NEXT(op);
}

static const x86_dop *NOINLINE op_mov_mr_slow(x86_cpu *c, const x86_dop *op)
{
    wr(c, op, op->seg, ea(c, op), op->size, x86_reg_read(c, op->reg, op->size));
    DONE(op);
}

static const x86_dop *op_mov_mr(x86_cpu *c, const x86_dop *op)
{
    FAST_WR(p, op->seg, ea(c, op), op->size, op_mov_mr_slow);
    st(p, op->size, x86_reg_read(c, op->reg, op->size));
    NEXT(op);
}

static const x86_dop *NOINLINE op_mov_mr32_slow(x86_cpu *c, const x86_dop *op)
{
    wr(c, op, op->seg, ea(c, op), 4, c->r[op->reg]);
    DONE(op);
}

static const x86_dop *op_mov_mr32(x86_cpu *c, const x86_dop *op)
{
    FAST_WR(p, op->seg, ea(c, op), 4, op_mov_mr32_slow);
    ww_st_le32(p, c->r[op->reg]);
    NEXT(op);
}

static const x86_dop *NOINLINE op_mov_rm_slow(x86_cpu *c, const x86_dop *op)
{
    x86_reg_write(c, op->reg, op->size, rd(c, op, op->seg, ea(c, op), op->size));
    DONE(op);
}

static const x86_dop *op_mov_rm(x86_cpu *c, const x86_dop *op)
{
    FAST_RD(p, op->seg, ea(c, op), op->size, op_mov_rm_slow);
    x86_reg_write(c, op->reg, op->size, ld(p, op->size));
    NEXT(op);
}

static const x86_dop *NOINLINE op_mov_rm32_slow(x86_cpu *c, const x86_dop *op)
{
    c->r[op->reg] = rd(c, op, op->seg, ea(c, op), 4);
    DONE(op);
}

static const x86_dop *op_mov_rm32(x86_cpu *c, const x86_dop *op)
{
    FAST_RD(p, op->seg, ea(c, op), 4, op_mov_rm32_slow);
    c->r[op->reg] = ww_ld_le32(p);
    NEXT(op);
}

static const x86_dop *op_mov_ri(x86_cpu *c, const x86_dop *op)
{
    x86_reg_write(c, op->rm, op->size, op->imm);
    NEXT(op);
}

static const x86_dop *NOINLINE op_mov_mi_slow(x86_cpu *c, const x86_dop *op)
{
    wr(c, op, op->seg, ea(c, op), op->size, op->imm);
    DONE(op);
}

static const x86_dop *op_mov_mi(x86_cpu *c, const x86_dop *op)
{
    FAST_WR(p, op->seg, ea(c, op), op->size, op_mov_mi_slow);
    st(p, op->size, op->imm);
    NEXT(op);
}

static const x86_dop *NOINLINE op_mov_mi32_slow(x86_cpu *c, const x86_dop *op)
{
    wr(c, op, op->seg, ea(c, op), 4, op->imm);
    DONE(op);
}

static const x86_dop *op_mov_mi32(x86_cpu *c, const x86_dop *op)
{
    FAST_WR(p, op->seg, ea(c, op), 4, op_mov_mi32_slow);
    ww_st_le32(p, op->imm);
    NEXT(op);
}

/* LEA (8D, memory form only). */
static const x86_dop *op_lea(x86_cpu *c, const x86_dop *op)
{
    x86_reg_write(c, op->reg, op->o32 ? 4 : 2, ea(c, op));
    NEXT(op);
}

static const x86_dop *op_lea32(x86_cpu *c, const x86_dop *op)
{
    c->r[op->reg] = ea(c, op);
    NEXT(op);
}

/* Group 3 (F6/F7): TEST r/m, imm (/0 /1) and MUL/IMUL/DIV/IDIV (/4-/7,
 * alu.c x86_muldiv as exec.c calls it; its #DE is taken at this
 * instruction: at_insn first). */
static const x86_dop *op_test_i(x86_cpu *c, const x86_dop *op)
{
    unsigned sz = op->size;
    x86_alu(c, 4, rm_read(c, op, sz), op->imm, sz);
    DONE(op);
}

static const x86_dop *op_muldiv(x86_cpu *c, const x86_dop *op)
{
    at_insn(c, op);
    x86_muldiv(c, op->reg, rm_read(c, op, op->size), op->size);
    DONE(op);
}

/* MOVZX / MOVSX (0F B6/B7/BE/BF): size = source size, sub = sign. */
static const x86_dop *op_movx(x86_cpu *c, const x86_dop *op)
{
    uint32_t v = rm_read(c, op, op->size);
    if (op->sub)
        v = x86_sext(v, op->size);
    x86_reg_write(c, op->reg, op->o32 ? 4 : 2, v);
    DONE(op);
}

/* MOVZX r32, r/m8 and r/m16: the common ones. */
static const x86_dop *NOINLINE op_movzb_m32_slow(x86_cpu *c, const x86_dop *op)
{
    c->r[op->reg] = rd(c, op, op->seg, ea(c, op), 1);
    DONE(op);
}

static const x86_dop *op_movzb_m32(x86_cpu *c, const x86_dop *op)
{
    FAST_RD(p, op->seg, ea(c, op), 1, op_movzb_m32_slow);
    c->r[op->reg] = *p;
    NEXT(op);
}

static const x86_dop *NOINLINE op_movzw_m32_slow(x86_cpu *c, const x86_dop *op)
{
    c->r[op->reg] = rd(c, op, op->seg, ea(c, op), 2);
    DONE(op);
}

static const x86_dop *op_movzw_m32(x86_cpu *c, const x86_dop *op)
{
    FAST_RD(p, op->seg, ea(c, op), 2, op_movzw_m32_slow);
    c->r[op->reg] = ww_ld_le16(p);
    NEXT(op);
}

static const x86_dop *op_movzb_r32(x86_cpu *c, const x86_dop *op)
{
    c->r[op->reg] = x86_reg_read(c, op->rm, 1);
    NEXT(op);
}

/* INC/DEC reg (40-4F) and r/m (FE/FF /0 /1): sub = dec. */
static const x86_dop *op_incdec_r(x86_cpu *c, const x86_dop *op)
{
    unsigned sz = op->size;
    x86_reg_write(c, op->rm, sz, x86_incdec(c, op->sub, x86_reg_read(c, op->rm, sz), sz));
    NEXT(op);
}

static const x86_dop *op_incdec_r40(x86_cpu *c, const x86_dop *op)
{
    x86_reg_write(c, op->rm, op->size, x86_incdec(c, op->sub, c->r[op->rm], op->size));
    NEXT(op);
}

static const x86_dop *op_incdec_m(x86_cpu *c, const x86_dop *op)
{
    unsigned sz = op->size;
    uint32_t off = ea(c, op);
    x86_lf f = x86_incdec_lf(c, op->sub, rd(c, op, op->seg, off, sz), sz);
    wr(c, op, op->seg, off, sz, f.res >> f.sh);   /* before the flags (op_alu_mr) */
    x86_incdec_put(c, &f);
    DONE(op);
}

/* Shift group (C0/C1 imm, D0/D1 by 1, D2/D3 by CL): sub = op, imm = count,
 * reg = 0xFF for CL. exec.c group_shift. */
static const x86_dop *op_shift(x86_cpu *c, const x86_dop *op)
{
    unsigned sz = op->size;
    unsigned count = (op->reg == 0xFF ? c->r[ECX] & 0xFF : op->imm) & 31;
    if (op->ea_reg) {
        uint32_t v = x86_shift(c, op->sub, x86_reg_read(c, op->rm, sz), count, sz);
        if (count)
            x86_reg_write(c, op->rm, sz, v);
        NEXT(op);
    }
    uint32_t off = ea(c, op);
    uint32_t v = rd(c, op, op->seg, off, sz);
    if (!count)
        DONE(op);
    /* The write before the flags (op_alu_mr): x86_shift writes them, so the
     * state from before is back in place while the slow path may fault. */
    x86_fstate before = x86_fstate_get(c);
    v = x86_shift(c, op->sub, v, count, sz);
    if (LIKELY(wr_fast(c, op->seg, off, sz, v)))
        DONE(op);
    x86_fstate after = x86_fstate_get(c);
    x86_fstate_put(c, &before);
    wr_slow(c, op, op->seg, off, sz, v);
    x86_fstate_put(c, &after);
    DONE(op);
}

/* SETcc (0F 90-9F). */
static const x86_dop *op_setcc(x86_cpu *c, const x86_dop *op)
{
    uint32_t v = x86_cond(c, op->sub) ? 1 : 0;
    if (op->ea_reg) {
        x86_reg_write(c, op->rm, 1, v);
        NEXT(op);
    }
    wr(c, op, op->seg, ea(c, op), 1, v);
    DONE(op);
}

/* CMOVcc (0F 40-4F, P6): the source is read either way (exec_0f.c). */
static const x86_dop *op_cmov(x86_cpu *c, const x86_dop *op)
{
    uint32_t v = rm_read(c, op, op->size);
    if (x86_cond(c, op->sub))
        x86_reg_write(c, op->reg, op->size, v);
    DONE(op);
}

/* IMUL reg, r/m (0F AF: sub = 0) and reg, r/m, imm (69/6B: sub = 1, imm
 * sign-extended): alu.c x86_imul, as the uncached step (the r/m operand is
 * read first, then the product written to reg). */
static const x86_dop *op_imul(x86_cpu *c, const x86_dop *op)
{
    unsigned sz = op->size;
    uint32_t v = rm_read(c, op, sz);
    uint32_t a = op->sub ? op->imm : x86_reg_read(c, op->reg, sz);
    x86_reg_write(c, op->reg, sz, x86_imul(c, a, v, sz));
    DONE(op);
}

static const x86_dop *op_imul_rr32(x86_cpu *c, const x86_dop *op)
{
    c->r[op->reg] = x86_imul(c, c->r[op->reg], c->r[op->rm], 4);
    NEXT(op);
}

static const x86_dop *NOINLINE op_imul_rm32_slow(x86_cpu *c, const x86_dop *op)
{
    uint32_t v = rd(c, op, op->seg, ea(c, op), 4);
    c->r[op->reg] = x86_imul(c, c->r[op->reg], v, 4);
    DONE(op);
}

static const x86_dop *op_imul_rm32(x86_cpu *c, const x86_dop *op)
{
    FAST_RD(p, op->seg, ea(c, op), 4, op_imul_rm32_slow);
    c->r[op->reg] = x86_imul(c, c->r[op->reg], ww_ld_le32(p), 4);
    NEXT(op);
}

static const x86_dop *op_imul_ri32(x86_cpu *c, const x86_dop *op)
{
    c->r[op->reg] = x86_imul(c, c->r[op->rm], op->imm, 4);
    NEXT(op);
}

/* PUSH reg (50-57), imm (68/6A: rm = NOREG), r/m (FF /6). The fast pushes:
 * a 32-bit stack (else the slow twin, exec.c's rules); one body for both
 * value sources. */
#define PUSH_REC(name, val)                                                  \
    static const x86_dop *NOINLINE name##_slow(x86_cpu *c, const x86_dop *op) \
    {                                                                        \
        push(c, op, op->size, (val));                                        \
        DONE(op);                                                            \
    }                                                                        \
    static const x86_dop *name(x86_cpu *c, const x86_dop *op)               \
    {                                                                        \
        unsigned sz = op->size;                                              \
        uint32_t sp = c->r[ESP] - sz;                                        \
        if (UNLIKELY(!x86_ss32(c)))                                          \
            return name##_slow(c, op);                                       \
        FAST_WR(p, X86_SS, sp, sz, name##_slow);                             \
        st(p, sz, (val));                                                    \
        c->r[ESP] = sp;                                                      \
        NEXT(op);                                                            \
    }
PUSH_REC(op_push_r, c->r[op->rm])
PUSH_REC(op_push_i, op->imm)

static const x86_dop *op_push_m(x86_cpu *c, const x86_dop *op)
{
    uint32_t v = rm_read(c, op, op->size);
    push(c, op, op->size, v);
    DONE(op);
}

/* POP reg (58-5F). */
static const x86_dop *NOINLINE op_pop_r_slow(x86_cpu *c, const x86_dop *op)
{
    uint32_t v = pop(c, op, op->size);
    x86_reg_write(c, op->rm, op->size, v);
    DONE(op);
}

static const x86_dop *op_pop_r(x86_cpu *c, const x86_dop *op)
{
    unsigned sz = op->size;
    if (UNLIKELY(!x86_ss32(c)))
        return op_pop_r_slow(c, op);
    FAST_RD(p, X86_SS, c->r[ESP], sz, op_pop_r_slow);
    uint32_t v = ld(p, sz);
    c->r[ESP] += sz;
    x86_reg_write(c, op->rm, sz, v);
    NEXT(op);
}

/* LEAVE (C9). */
static const x86_dop *op_leave(x86_cpu *c, const x86_dop *op)
{
    unsigned osz = op->size;
    uint32_t spm = x86_ss32(c) ? 0xFFFFFFFFu : 0xFFFF;
    uint32_t v = rd(c, op, X86_SS, c->r[EBP] & spm, osz);
    c->r[ESP] = (c->r[ESP] & ~spm) | ((c->r[EBP] + osz) & spm);
    x86_reg_write(c, EBP, osz, v);
    DONE(op);
}

/* CDQ/CWD (99), CWDE/CBW (98). */
static const x86_dop *op_cwd(x86_cpu *c, const x86_dop *op)
{
    unsigned osz = op->size;
    x86_reg_write(c, EDX, osz, (c->r[EAX] & x86_sign(osz)) ? 0xFFFFFFFFu : 0);
    NEXT(op);
}

static const x86_dop *op_cbw(x86_cpu *c, const x86_dop *op)
{
    if (op->o32)
        c->r[EAX] = x86_sext(c->r[EAX], 2);
    else
        x86_reg_write(c, EAX, 2, x86_sext(c->r[EAX], 1));
    NEXT(op);
}

/* XCHG reg, eAX (91-97). */
static const x86_dop *op_xchg_ax(x86_cpu *c, const x86_dop *op)
{
    unsigned osz = op->size, r = op->rm;
    uint32_t v = x86_reg_read(c, r, osz);
    x86_reg_write(c, r, osz, x86_reg_read(c, EAX, osz));
    x86_reg_write(c, EAX, osz, v);
    NEXT(op);
}

/* ---- block ends ---- */

/* Jcc (70-7F, 0F 80-8F): imm = target. */
static const x86_dop *op_jcc(x86_cpu *c, const x86_dop *op)
{
    if (x86_cond(c, op->sub)) {
        near_to(c, op, op->imm);
        return tc_exit_inl(c, op, TC_TAKEN, false);
    }
    c->eip = op->next;
    return tc_exit_inl(c, op, TC_FALL, false);
}

static inline bool parity_even(uint32_t v) { return !__builtin_parity(v & 0xFF); }

/* x86_cond's answer after CMP a, b / TEST a, b (32-bit), or, for FUSE_RES,
 * after an operation whose 32-bit result a is in a register (E, NE, S, NS). */
static inline __attribute__((always_inline)) bool fused_cond(unsigned kind, unsigned cc, uint32_t a, uint32_t b)
{
    bool t;
    if (kind == FUSE_TEST_RR) {
        uint32_t r = a & b;
        switch (cc >> 1) {
        case 0: case 1: t = false; break;          /* O, B: OF = CF = 0 */
        case 2: case 3: t = r == 0; break;         /* E, BE */
        case 4: case 6: t = r >> 31; break;        /* S, L (SF != OF) */
        case 5: t = parity_even(r); break;
        default: t = r == 0 || (r >> 31); break;   /* LE */
        }
    } else if (kind == FUSE_RES) {
        t = (cc >> 1) == 2 ? a == 0 : a >> 31;
    } else {
        uint32_t r = a - b;
        switch (cc >> 1) {
        case 0: t = ((a ^ b) & (a ^ r)) >> 31; break;
        case 1: t = a < b; break;
        case 2: t = a == b; break;
        case 3: t = a <= b; break;
        case 4: t = r >> 31; break;
        case 5: t = parity_even(r); break;
        case 6: t = (int32_t)a < (int32_t)b; break;
        default: t = (int32_t)a <= (int32_t)b; break;
        }
    }
    return t ^ (cc & 1);
}

static inline __attribute__((always_inline)) const x86_dop *
jcc_fused(x86_cpu *c, const x86_dop *op, unsigned kind, unsigned cc)
{
    uint32_t b = kind == FUSE_CMP_RI ? op->disp : c->r[op->fb];
    if (fused_cond(kind, cc, c->r[op->fa], b)) {
        near_to(c, op, op->imm);
        return tc_exit_inl(c, op, TC_TAKEN, false);
    }
    c->eip = op->next;
    return tc_exit_inl(c, op, TC_FALL, false);
}

/* One handler per kind and condition: the condition folds to a compare. */
#define JF(k, cc) \
    static const x86_dop *op_jf_##k##_##cc(x86_cpu *c, const x86_dop *op) \
    { return jcc_fused(c, op, k, cc); }
#define JF16(k) JF(k, 0) JF(k, 1) JF(k, 2) JF(k, 3) JF(k, 4) JF(k, 5) JF(k, 6) JF(k, 7) \
    JF(k, 8) JF(k, 9) JF(k, 10) JF(k, 11) JF(k, 12) JF(k, 13) JF(k, 14) JF(k, 15)
JF16(1) JF16(2) JF16(3)
JF(4, 4) JF(4, 5) JF(4, 8) JF(4, 9)
#define JFT(k) { op_jf_##k##_0, op_jf_##k##_1, op_jf_##k##_2, op_jf_##k##_3, op_jf_##k##_4, \
    op_jf_##k##_5, op_jf_##k##_6, op_jf_##k##_7, op_jf_##k##_8, op_jf_##k##_9, op_jf_##k##_10, \
    op_jf_##k##_11, op_jf_##k##_12, op_jf_##k##_13, op_jf_##k##_14, op_jf_##k##_15 }
static const x86_dfn fused_fns[4][16] = {
    JFT(1), JFT(2), JFT(3),
    { [4] = op_jf_4_4, [5] = op_jf_4_5, [8] = op_jf_4_8, [9] = op_jf_4_9 },
};
#undef JF
#undef JF16
#undef JFT

/* Fuse the block's last two records when they are a compare and its Jcc. */
static void fuse(x86_dop *cmp, x86_dop *jcc)
{
    if (jcc->fn != op_jcc)
        return;
    unsigned cc = jcc->sub;
    if ((cmp->fn == op_alu_rr32 || cmp->fn == op_alu_ri32) && cmp->sub == 7) {
        jcc->fuse = cmp->fn == op_alu_rr32 ? FUSE_CMP_RR : FUSE_CMP_RI;
        jcc->fa = cmp->rm;
        jcc->fb = cmp->reg;
        jcc->disp = cmp->imm;
    } else if (cmp->fn == op_test_rm && cmp->ea_reg && cmp->size == 4) {
        jcc->fuse = FUSE_TEST_RR;
        jcc->fa = cmp->rm;
        jcc->fb = cmp->reg;
    } else if ((cmp->fn == op_alu_rr32 || cmp->fn == op_alu_ri32) &&
               (cc >> 1 == 2 || cc >> 1 == 4)) {
        jcc->fuse = FUSE_RES;              /* ADD/OR/ADC/SBB/AND/SUB/XOR: ZF, SF of the result */
        jcc->fa = cmp->rm;
    } else {
        return;
    }
    jcc->fn = fused_fns[jcc->fuse - 1][cc];
}

/* ---- specialised records: the operation (ALU op, shift, condition) fixed
 * in the handler, so x86_alu's and x86_cond's switches fold away ---- */

/* ALU reg, reg / reg, imm (32-bit) for the operations whose flags need no
 * call (not ADC/SBB, whose carry-in may take x86_lazy_arith): the same
 * x86_alu call as op_alu_rr32 / op_alu_ri32. */
#define ALU32(opn)                                                                   \
    static const x86_dop *op_alu_rr32_##opn(x86_cpu *c, const x86_dop *op)           \
    {                                                                                \
        uint32_t v = x86_alu(c, opn, c->r[op->rm], c->r[op->reg], 4);                \
        if (opn != 7)                                                                \
            c->r[op->rm] = v;                                                        \
        NEXT(op);                                                                    \
    }                                                                                \
    static const x86_dop *op_alu_ri32_##opn(x86_cpu *c, const x86_dop *op)           \
    {                                                                                \
        uint32_t v = x86_alu(c, opn, c->r[op->rm], op->imm, 4);                      \
        if (opn != 7)                                                                \
            c->r[op->rm] = v;                                                        \
        NEXT(op);                                                                    \
    }
ALU32(0) ALU32(1) ALU32(4) ALU32(5) ALU32(6) ALU32(7)
#undef ALU32
static const x86_dfn alu_rr32_fns[8] = {
    op_alu_rr32_0, op_alu_rr32_1, op_alu_rr32, op_alu_rr32,
    op_alu_rr32_4, op_alu_rr32_5, op_alu_rr32_6, op_alu_rr32_7,
};
static const x86_dfn alu_ri32_fns[8] = {
    op_alu_ri32_0, op_alu_ri32_1, op_alu_ri32, op_alu_ri32,
    op_alu_ri32_4, op_alu_ri32_5, op_alu_ri32_6, op_alu_ri32_7,
};

/* SHL/SHR/SAR r32 by an immediate count of 1..31 (C1, D1 /4 /5 /6 /7): what
 * alu.c x86_shift does for them, inline (the lazy state of the same kind). */
#define SHIFT32(name, kind, expr)                                                    \
    static const x86_dop *op_##name##_ri32(x86_cpu *c, const x86_dop *op)            \
    {                                                                                \
        uint32_t a = c->r[op->rm], n = op->imm, res = (expr);                        \
        c->lf_a = a;                                                                 \
        c->lf_b = n;                                                                 \
        c->lf_sh = 0;                                                                \
        c->lf_res = res;                                                             \
        c->lf_op = kind;                                                             \
        c->r[op->rm] = res;                                                          \
        NEXT(op);                                                                    \
    }
SHIFT32(shl, LF_SHL, a << n)
SHIFT32(shr, LF_SHR, a >> n)
SHIFT32(sar, LF_SAR, (uint32_t)((int32_t)a >> n))
#undef SHIFT32

/* Jcc (not fused) and CMOVcc r32, r32 with the condition in the handler. */
#define CC16(m) m(0) m(1) m(2) m(3) m(4) m(5) m(6) m(7) m(8) m(9) m(10) m(11) m(12) \
    m(13) m(14) m(15)
#define CC_FNS(prefix) { prefix##0, prefix##1, prefix##2, prefix##3, prefix##4, prefix##5, \
    prefix##6, prefix##7, prefix##8, prefix##9, prefix##10, prefix##11, prefix##12,      \
    prefix##13, prefix##14, prefix##15 }
#define JCC(cc)                                                                      \
    static const x86_dop *op_jcc_##cc(x86_cpu *c, const x86_dop *op)                 \
    {                                                                                \
        if (x86_cond(c, cc)) {                                                       \
            near_to(c, op, op->imm);                                                 \
            return tc_exit_inl(c, op, TC_TAKEN, false);                              \
        }                                                                            \
        c->eip = op->next;                                                           \
        return tc_exit_inl(c, op, TC_FALL, false);                                   \
    }
#define CMOV32(cc)                                                                   \
    static const x86_dop *op_cmov_rr32_##cc(x86_cpu *c, const x86_dop *op)           \
    {                                                                                \
        if (x86_cond(c, cc))                                                         \
            c->r[op->reg] = c->r[op->rm];                                            \
        NEXT(op);                                                                    \
    }
CC16(JCC)
CC16(CMOV32)
static const x86_dfn jcc_fns[16] = CC_FNS(op_jcc_);
static const x86_dfn cmov_rr32_fns[16] = CC_FNS(op_cmov_rr32_);
#undef JCC
#undef CMOV32
#undef CC16
#undef CC_FNS

/* After decoding (and fuse): the records that have a specialised form. */
static void specialise(x86_dop *op)
{
    if (op->fn == op_alu_rr32)
        op->fn = alu_rr32_fns[op->sub & 7];
    else if (op->fn == op_alu_ri32)
        op->fn = alu_ri32_fns[op->sub & 7];
    else if (op->fn == op_jcc)
        op->fn = jcc_fns[op->sub & 15];
    else if (op->fn == op_cmov && op->ea_reg && op->size == 4)
        op->fn = cmov_rr32_fns[op->sub & 15];
    else if (op->fn == op_shift && op->ea_reg && op->size == 4 && op->reg != 0xFF &&
             (op->imm & 31) != 0 && op->sub >= 4) {
        op->imm &= 31;
        op->fn = op->sub == 5 ? op_shr_ri32 : op->sub == 7 ? op_sar_ri32 : op_shl_ri32;
    }
}

static const x86_dop *op_jmp(x86_cpu *c, const x86_dop *op)
{
    near_to(c, op, op->imm);
    return tc_exit_inl(c, op, TC_TAKEN, false);
}

static const x86_dop *op_call(x86_cpu *c, const x86_dop *op)
{
    push(c, op, op->size, op->next);
    near_to(c, op, op->imm);
    return tc_exit(c, op, TC_TAKEN);
}

/* RET (C3) and RET imm16 (C2). */
static const x86_dop *op_ret(x86_cpu *c, const x86_dop *op)
{
    uint32_t v = pop(c, op, op->size);
    uint16_t extra = (uint16_t)op->imm;
    if (x86_ss32(c))
        c->r[ESP] += extra;
    else
        c->r[ESP] = (c->r[ESP] & 0xFFFF0000u) | ((c->r[ESP] + extra) & 0xFFFF);
    near_to(c, op, op->o32 ? v : v & 0xFFFF);
    return tc_exit(c, op, TC_LOOKUP);
}

/* CALL r/m (FF /2), JMP r/m (FF /4). */
static const x86_dop *op_call_ind(x86_cpu *c, const x86_dop *op)
{
    uint32_t v = rm_read(c, op, op->size);
    push(c, op, op->size, op->next);
    near_to(c, op, op->o32 ? v : v & 0xFFFF);
    return tc_exit(c, op, TC_LOOKUP);
}

static const x86_dop *op_jmp_ind(x86_cpu *c, const x86_dop *op)
{
    uint32_t v = rm_read(c, op, op->size);
    near_to(c, op, op->o32 ? v : v & 0xFFFF);
    return tc_exit(c, op, TC_LOOKUP);
}

/* ---- the decoder ------------------------------------------------------------ */

enum { DEC_GO, DEC_END, DEC_FAIL };

typedef struct {
    const uint8_t *p;
    unsigned pos, avail;
} dec_bytes;

static bool need(const dec_bytes *d, unsigned n) { return d->pos + n <= d->avail; }

static uint32_t take(dec_bytes *d, unsigned n)
{
    uint32_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v |= (uint32_t)d->p[d->pos + i] << (8 * i);
    d->pos += n;
    return v;
}

/* ModR/M (and SIB, displacement) as ea.c decodes it. */
static bool dec_modrm(dec_bytes *d, bool a32, int seg_ovr, x86_dop *op)
{
    if (!need(d, 1))
        return false;
    uint8_t m = (uint8_t)take(d, 1);
    unsigned mod = m >> 6, rm = m & 7;
    op->reg = (m >> 3) & 7;
    op->rm = (uint8_t)rm;
    op->ea_reg = mod == 3;
    op->base = op->index = NOREG;
    op->scale = 0;
    op->disp = 0;
    op->amask = a32 ? 0xFFFFFFFFu : 0xFFFF;
    if (op->ea_reg)
        return true;
    int seg = X86_DS;
    if (!a32) {
        static const uint8_t base[8] = { EBX, EBX, EBP, EBP, NOREG, NOREG, EBP, EBX };
        static const uint8_t index[8] = { ESI, EDI, ESI, EDI, ESI, EDI, NOREG, NOREG };
        if (mod == 0 && rm == 6) {
            if (!need(d, 2))
                return false;
            op->disp = take(d, 2);
        } else {
            op->base = base[rm];
            op->index = index[rm];
            if (base[rm] == EBP)
                seg = X86_SS;
            if (mod == 1) {
                if (!need(d, 1))
                    return false;
                op->disp = (uint32_t)(int8_t)take(d, 1);
            } else if (mod == 2) {
                if (!need(d, 2))
                    return false;
                op->disp = take(d, 2);
            }
        }
    } else {
        if (rm == 4) {
            if (!need(d, 1))
                return false;
            uint8_t sib = (uint8_t)take(d, 1);
            unsigned ss = sib >> 6, idx = (sib >> 3) & 7, b = sib & 7;
            if (b == 5 && mod == 0) {
                if (!need(d, 4))
                    return false;
                op->disp = take(d, 4);
            } else {
                op->base = (uint8_t)b;
                if (b == ESP || b == EBP)
                    seg = X86_SS;
            }
            if (idx != 4) {
                op->index = (uint8_t)idx;
                op->scale = (uint8_t)ss;
            }
        } else if (rm == 5 && mod == 0) {
            if (!need(d, 4))
                return false;
            op->disp = take(d, 4);
        } else {
            op->base = (uint8_t)rm;
            if (rm == EBP)
                seg = X86_SS;
        }
        if (mod == 1) {
            if (!need(d, 1))
                return false;
            op->disp += (uint32_t)(int8_t)take(d, 1);
        } else if (mod == 2) {
            if (!need(d, 4))
                return false;
            op->disp += take(d, 4);
        }
    }
    op->seg = (uint8_t)(seg_ovr >= 0 ? seg_ovr : seg);
    return true;
}

static bool dec_imm(dec_bytes *d, unsigned n, uint32_t *v)
{
    if (!need(d, n))
        return false;
    *v = take(d, n);
    return true;
}

/* One-byte opcodes (386+) with a ModR/M byte. */
static bool has_modrm(uint8_t op)
{
    if (op < 0x40)
        return (op & 7) < 4 && (op & 0xF) != 0xF && (op & 0xF) != 0x7 && (op & 0xF) != 0x6;
    return (op >= 0x80 && op <= 0x8F) || op == 0x62 || op == 0x63 || op == 0x69 ||
           op == 0x6B || op == 0xC0 || op == 0xC1 || (op >= 0xC4 && op <= 0xC7) ||
           (op >= 0xD0 && op <= 0xD3) || (op >= 0xD8 && op <= 0xDF) || op == 0xF6 ||
           op == 0xF7 || op == 0xFE || op == 0xFF;
}

/* Immediate bytes of a one-byte opcode (386+), F6/F7 given their reg field. */
static unsigned imm_bytes(uint8_t op, unsigned osz, unsigned asz, unsigned reg)
{
    if (op < 0x40)
        return (op & 7) == 4 ? 1 : (op & 7) == 5 ? osz : 0;
    switch (op) {
    case 0x68: case 0x69: case 0x81: case 0xA9: case 0xC7: case 0xE8: case 0xE9:
        return osz;
    case 0x6A: case 0x6B: case 0x80: case 0x82: case 0x83: case 0xA8: case 0xC0: case 0xC1:
    case 0xC6: case 0xCD: case 0xD4: case 0xD5: case 0xEB:
        return 1;
    case 0xA0: case 0xA1: case 0xA2: case 0xA3:
        return asz;
    case 0xC2: case 0xCA:
        return 2;
    case 0xC8:
        return 3;
    case 0x9A: case 0xEA:
        return osz + 2;
    case 0xF6:
        return reg < 2 ? 1 : 0;
    case 0xF7:
        return reg < 2 ? osz : 0;
    }
    if ((op >= 0x70 && op <= 0x7F) || (op >= 0xE0 && op <= 0xE7) || (op >= 0xB0 && op <= 0xB7))
        return 1;
    if (op >= 0xB8 && op <= 0xBF)
        return osz;
    return 0;
}

/* Generic one-byte instructions that neither transfer control nor change the
 * mode bits: the block goes on after them. */
static bool generic_goes_on(uint8_t op)
{
    switch (op) {
    case 0x9A: case 0x9D: case 0xC2: case 0xC3: case 0xCA: case 0xCB: case 0xCC: case 0xCD:
    case 0xCE: case 0xCF: case 0xE0: case 0xE1: case 0xE2: case 0xE3: case 0xE4: case 0xE5:
    case 0xE6: case 0xE7: case 0xE8: case 0xE9: case 0xEA: case 0xEB: case 0xEC: case 0xED:
    case 0xEE: case 0xEF: case 0xF1: case 0xF4: case 0xFF: case 0x0F:
    case 0x6C: case 0x6D: case 0x6E: case 0x6F:
        return false;
    }
    return !(op >= 0x70 && op <= 0x7F);
}

/* Fill op for the instruction at eip (bytes d). */
static unsigned decode(x86_cpu *c, dec_bytes *d, uint32_t eip, x86_dop *op)
{
    bool def32 = (c->seg[X86_CS].attr & SEG_DB) != 0 && x86_pmode(c);
    bool o32 = def32, a32 = def32;
    int seg_ovr = -1;
    unsigned rep = 0, lock = 0, nprefix = 0;
    uint8_t b;
    const unsigned p0 = d->pos;
    memset(op, 0, sizeof *op);
    op->eip = eip;
    op->base = op->index = NOREG;
    for (;; nprefix++) {
        if (nprefix >= 14 || !need(d, 1))
            return DEC_FAIL;
        b = (uint8_t)take(d, 1);
        if (b == 0x26 || b == 0x2E || b == 0x36 || b == 0x3E)
            seg_ovr = (b >> 3) & 3;
        else if (b == 0x64 || b == 0x65)
            seg_ovr = b - 0x64 + X86_FS;
        else if (b == 0x66)
            o32 = !def32;
        else if (b == 0x67)
            a32 = !def32;
        else if (b == 0xF0)
            lock = 1;
        else if (b == 0xF2 || b == 0xF3)
            rep = b;
        else
            break;
    }
    unsigned osz = o32 ? 4 : 2, asz = a32 ? 4 : 2;
    unsigned size = (b & 1) ? osz : 1;
    op->o32 = o32;
    op->amask = a32 ? 0xFFFFFFFFu : 0xFFFF;
    op->seg = (uint8_t)(seg_ovr >= 0 ? seg_ovr : X86_DS);
    unsigned how = DEC_GO;
    /* A prefix the records do not model: the uncached step does it all. */
    bool plain = !rep && !lock;
    uint32_t ipm = (c->seg[X86_CS].attr & SEG_DB) ? 0xFFFFFFFFu : 0xFFFF;
#define FINISH()                                  \
    do {                                          \
        op->next = (eip + (d->pos - p0)) & ipm;          \
        return how;                               \
    } while (0)
#define GENERIC_LEN()                                                   \
    do {                                                                \
        op->fn = how == DEC_END ? op_generic_end : op_generic;          \
        FINISH();                                                       \
    } while (0)

    if (b == 0x0F) {
        if (!need(d, 1))
            return DEC_FAIL;
        uint8_t b2 = (uint8_t)take(d, 1);
        if (plain && b2 >= 0x80 && b2 <= 0x8F) {
            uint32_t disp;
            if (!dec_imm(d, osz, &disp))
                return DEC_FAIL;
            if (osz == 2)
                disp = (uint32_t)(int16_t)disp;
            op->fn = op_jcc;
            op->sub = b2 & 0xF;
            op->imm = ((eip + (d->pos - p0)) + disp) & (o32 ? 0xFFFFFFFFu : 0xFFFF);
            how = DEC_END;
            FINISH();
        }
        bool modrm = (b2 >= 0x40 && b2 <= 0x4F) || (b2 >= 0x90 && b2 <= 0x9F) || b2 == 0xAF ||
                     b2 == 0xA3 || b2 == 0xAB || b2 == 0xB3 || b2 == 0xBB || b2 == 0xBC ||
                     b2 == 0xBD || b2 == 0xA4 || b2 == 0xA5 || b2 == 0xAC || b2 == 0xAD ||
                     b2 == 0xBA || b2 == 0xB6 || b2 == 0xB7 || b2 == 0xBE || b2 == 0xBF;
        bool noarg = b2 >= 0xC8 && b2 <= 0xCF;
        if (!modrm && !noarg) {
            op->fn = op_generic_end;      /* the length is the step's business */
            return DEC_END;
        }
        if (modrm && !dec_modrm(d, a32, seg_ovr, op))
            return DEC_FAIL;
        if (b2 == 0xA4 || b2 == 0xAC || b2 == 0xBA) {
            uint32_t v;
            if (!dec_imm(d, 1, &v))
                return DEC_FAIL;
        }
        if (plain && (b2 == 0xB6 || b2 == 0xB7 || b2 == 0xBE || b2 == 0xBF)) {
            op->fn = op_movx;
            op->size = (b2 & 1) ? 2 : 1;
            op->sub = b2 >= 0xBE;
            if (o32 && b2 == 0xB6)
                op->fn = op->ea_reg ? op_movzb_r32 : op_movzb_m32;
            else if (o32 && b2 == 0xB7 && !op->ea_reg)
                op->fn = op_movzw_m32;
            FINISH();
        }
        if (plain && b2 >= 0x40 && b2 <= 0x4F && c->level >= X86_PPRO) {
            op->fn = op_cmov;
            op->size = (uint8_t)osz;
            op->sub = b2 & 0xF;
            FINISH();
        }
        if (plain && b2 == 0xAF) {
            op->size = (uint8_t)osz;
            if (osz == 4)
                op->fn = op->ea_reg ? op_imul_rr32 : op_imul_rm32;
            else
                op->fn = op_imul;
            FINISH();
        }
        if (plain && b2 >= 0x90 && b2 <= 0x9F) {
            op->fn = op_setcc;
            op->sub = b2 & 0xF;
            FINISH();
        }
        GENERIC_LEN();
    }

    bool modrm = has_modrm(b);
    if (modrm && !dec_modrm(d, a32, seg_ovr, op))
        return DEC_FAIL;
    uint32_t imm = 0;
    unsigned ib = imm_bytes(b, osz, asz, op->reg);
    if (ib > 4) {              /* far pointer: generic, ends the block */
        if (!need(d, ib))
            return DEC_FAIL;
        d->pos += ib;
    } else if (ib && !dec_imm(d, ib, &imm)) {
        return DEC_FAIL;
    }
    if (b == 0x83 || b == 0x6A || b == 0x6B || b == 0xEB || (b >= 0x70 && b <= 0x7F) ||
        (b >= 0xE0 && b <= 0xE3))
        imm = (uint32_t)(int8_t)imm;          /* the sign-extended imm8 forms */
    op->imm = imm;
    op->size = (uint8_t)size;

    if (!plain) {
        how = generic_goes_on(b) && !(b >= 0xA4 && b <= 0xAF) ? DEC_GO : DEC_END;
        GENERIC_LEN();
    }
    switch (b) {
    case 0x00 ... 0x05: case 0x08 ... 0x0D: case 0x10 ... 0x15: case 0x18 ... 0x1D:
    case 0x20 ... 0x25: case 0x28 ... 0x2D: case 0x30 ... 0x35: case 0x38 ... 0x3D:
        op->sub = b >> 3;
        switch (b & 7) {
        case 0: case 1:
            op->fn = op->ea_reg ? (size == 4 ? op_alu_rr32 : op_alu_rr) : op_alu_mr;
            if (!op->ea_reg && op->sub == 7) {
                op->fn = size == 4 ? op_cmp_m32 : op_cmp_m;   /* CMP m, reg: no write */
                op->sub = 1;
            }
            break;
        case 2: case 3:
            if (op->ea_reg) {
                /* reg, reg the other way round: rm is the destination */
                uint8_t t = op->rm;
                op->rm = op->reg;
                op->reg = t;
                op->fn = size == 4 ? op_alu_rr32 : op_alu_rr;
            } else {
                op->fn = size == 4 ? op_alu_rm32 : op_alu_rm;
            }
            break;
        default:
            op->rm = EAX;
            op->fn = size == 4 ? op_alu_ri32 : op_alu_ai;
            break;
        }
        FINISH();
    case 0x40 ... 0x4F:
        op->rm = b & 7;
        op->sub = b >= 0x48;
        op->size = (uint8_t)osz;
        op->fn = op_incdec_r40;
        FINISH();
    case 0x50 ... 0x57:
        op->rm = b & 7;
        op->size = (uint8_t)osz;
        op->fn = op_push_r;
        FINISH();
    case 0x58 ... 0x5F:
        op->rm = b & 7;
        op->size = (uint8_t)osz;
        op->fn = op_pop_r;
        FINISH();
    case 0x68: case 0x6A:
        op->size = (uint8_t)osz;
        op->fn = op_push_i;
        FINISH();
    case 0x69: case 0x6B:
        op->size = (uint8_t)osz;
        op->sub = 1;
        op->fn = osz == 4 && op->ea_reg ? op_imul_ri32 : op_imul;
        FINISH();
    case 0x70 ... 0x7F:
        op->fn = op_jcc;
        op->sub = b & 0xF;
        op->imm = ((eip + (d->pos - p0)) + imm) & (o32 ? 0xFFFFFFFFu : 0xFFFF);
        how = DEC_END;
        FINISH();
    case 0x80 ... 0x83:
        op->sub = op->reg;
        op->size = (uint8_t)(b == 0x81 || b == 0x83 ? osz : 1);
        if (op->ea_reg)
            op->fn = op->size == 4 ? op_alu_ri32 : op_alu_ri;
        else
            op->fn = op->size == 4 ? op_alu_mi32 : op_alu_mi;
        if (!op->ea_reg && op->sub == 7) {
            op->fn = op->size == 4 ? op_cmp_m32 : op_cmp_m;   /* CMP m, imm: no write */
            op->sub = 0;
        }
        FINISH();
    case 0x84: case 0x85:
        op->fn = op->ea_reg ? op_test_rm : op_test_m;
        FINISH();
    case 0x88: case 0x89:
        op->fn = op->ea_reg ? (size == 4 ? op_mov_rr32 : op_mov_rr)
                            : (size == 4 ? op_mov_mr32 : op_mov_mr);
        FINISH();
    case 0x8A: case 0x8B:
        if (op->ea_reg) {
            uint8_t t = op->rm;
            op->rm = op->reg;
            op->reg = t;
            op->fn = size == 4 ? op_mov_rr32 : op_mov_rr;
        } else {
            op->fn = size == 4 ? op_mov_rm32 : op_mov_rm;
        }
        FINISH();
    case 0x8D:
        if (op->ea_reg)
            break;
        op->fn = o32 ? op_lea32 : op_lea;
        FINISH();
    case 0x90:
        op->fn = op_nop;
        FINISH();
    case 0x91 ... 0x97:
        op->rm = b & 7;
        op->size = (uint8_t)osz;
        op->fn = op_xchg_ax;
        FINISH();
    case 0x98:
        op->fn = op_cbw;
        FINISH();
    case 0x99:
        op->size = (uint8_t)osz;
        op->fn = op_cwd;
        FINISH();
    case 0xB0 ... 0xBF:
        op->rm = b & 7;
        op->size = (uint8_t)(b < 0xB8 ? 1 : osz);
        op->fn = op_mov_ri;
        FINISH();
    case 0xC0: case 0xC1: case 0xD0: case 0xD1: case 0xD2: case 0xD3:
        op->sub = op->reg;
        if (b >= 0xD2) {
            op->reg = 0xFF;
        } else {
            op->reg = 0;
            if (b >= 0xD0)
                op->imm = 1;
        }
        op->fn = op_shift;
        FINISH();
    case 0xC2: case 0xC3:
        op->size = (uint8_t)osz;
        op->imm = b == 0xC2 ? imm : 0;
        op->fn = op_ret;
        how = DEC_END;
        FINISH();
    case 0xC6: case 0xC7:
        if (op->reg != 0)
            break;
        op->fn = op->ea_reg ? op_mov_ri : size == 4 ? op_mov_mi32 : op_mov_mi;
        FINISH();
    case 0xC9:
        op->size = (uint8_t)osz;
        op->fn = op_leave;
        FINISH();
    case 0xE8:
        if (osz == 2)
            imm = (uint32_t)(int16_t)imm;
        op->size = (uint8_t)osz;
        op->imm = ((eip + (d->pos - p0)) + imm) & (o32 ? 0xFFFFFFFFu : 0xFFFF);
        op->fn = op_call;
        how = DEC_END;
        FINISH();
    case 0xE9: case 0xEB:
        if (b == 0xE9 && osz == 2)
            imm = (uint32_t)(int16_t)imm;
        op->imm = ((eip + (d->pos - p0)) + imm) & (o32 ? 0xFFFFFFFFu : 0xFFFF);
        op->fn = op_jmp;
        how = DEC_END;
        FINISH();
    case 0xF6: case 0xF7:
        op->size = (uint8_t)(b == 0xF6 ? 1 : osz);
        if (op->reg < 2) {
            op->fn = op_test_i;
            FINISH();
        }
        if (op->reg >= 4) {
            op->fn = op_muldiv;
            FINISH();
        }
        break;
    case 0xFE: case 0xFF:
        op->size = (uint8_t)(b == 0xFE ? 1 : osz);
        switch (op->reg) {
        case 0: case 1:
            op->sub = op->reg;
            if (op->ea_reg)
                op->fn = op_incdec_r;
            else
                op->fn = op_incdec_m;
            FINISH();
        case 2:
            if (b == 0xFE)
                break;
            op->fn = op_call_ind;
            how = DEC_END;
            FINISH();
        case 4:
            if (b == 0xFE)
                break;
            op->fn = op_jmp_ind;
            how = DEC_END;
            FINISH();
        case 6:
            if (b == 0xFE)
                break;
            op->fn = op_push_m;
            FINISH();
        }
        break;
    }
    how = generic_goes_on(b) ? DEC_GO : DEC_END;
    GENERIC_LEN();
#undef FINISH
#undef GENERIC_LEN
}

/* ---- blocks ---------------------------------------------------------------- */

static uint32_t tc_flags(const x86_cpu *c)
{
    return ((c->seg[X86_CS].attr & SEG_DB) ? 1u : 0) | (c->cr0 & 1) << 1 |
           (c->cr0 >> 31) << 2 | (uint32_t)c->cpl << 3 | (uint32_t)c->level << 5 |
           (c->cpu.user_mode ? 1u << 8 : 0) | ((c->eflags & F_VM) ? 1u << 9 : 0) |
           (c->seg[X86_CS].limit == 0xFFFFFFFFu ? TCF_BIGCS : 0);
}

/* The space address the fetch at lin reads, if it needs no walk (paging
 * off, or a TLB entry with the rights the uncached fetch checks). */
static bool fetch_phys(const x86_cpu *c, uint32_t lin, uint32_t *pa)
{
    if (c->cr0 & 0x80000000u) {
        const x86_tlb_entry *t = &c->tlb[(lin >> 12) & (X86_TLB_SIZE - 1)];
        if (t->tag != ((lin & 0xFFFFF000u) | 1) || (c->cpl == 3 && !(t->flags & 2)))
            return false;
        *pa = (t->phys | (lin & 0xFFF)) & c->amask;
    } else {
        *pa = lin & c->amask;
    }
    return true;
}

static void invalidated(void *opaque, ww_tc_block *b)
{
    (void)opaque;
    ((x86_dop *)b->ops)[0].fn = op_stale;
}

void x86_tc_init(x86_cpu *c)
{
    c->tc_tried = true;
    ww_space *s = c->cpu.chip.bus[X86_BUS_MEM];
    if (c->tc || !s || !ww_space_read_table(s) || ww_space_cfg(s)->page_bits != 12)
        return;             /* nothing to protect code with: stay uncached */
    ww_tcache_config cfg = {
        .op_size = sizeof(x86_dop), .max_ops = TC_MAX_INSNS + 1, .pc_shift = 0,
        .protect = protect, .invalidate = invalidated, .opaque = c,
    };
    c->tc = ww_tcache_new(&cfg, &c->cpu, s);
}

void x86_tc_fini(x86_cpu *c)
{
    ww_tcache_free(c->tc);
    c->tc = NULL;
    c->tc_tried = false;
}

void x86_tc_unpatch(x86_cpu *c)
{
    if (c->tc_patch) {
        ((x86_dop *)c->tc_patch)->fn = (x86_dfn)c->tc_patch_fn;
        c->tc_patch = NULL;
    }
}

static ww_tc_block *translate(x86_cpu *c, uint64_t pc, uint32_t flags, uint32_t pa)
{
    if (!c->rtab || c->page_bits != 12)
        return NULL;
    const uint8_t *host = c->rtab[pa >> 12];
    if (!host)
        return NULL;        /* a chip or a hole: fetched from the bus every time */
    uint32_t eip = (uint32_t)pc;
    const x86_seg *cs = &c->seg[X86_CS];
    if (eip > cs->limit)
        return NULL;
    uint64_t avail = 0x1000 - (pa & 0xFFF), lim = (uint64_t)cs->limit - eip + 1;
    if (!(cs->attr & SEG_DB)) {
        if (eip > 0xFFFF)
            return NULL;
        lim = MIN(lim, 0x10000u - eip);
    }
    dec_bytes d = { host + (pa & 0xFFF), 0, (unsigned)MIN(avail, lim) };
    ww_tc_block *b = ww_tcache_begin(c->tc, pc, flags, pa);
    x86_dop *ops = (x86_dop *)b->ops;
    unsigned n = 0, how = DEC_GO;
    while (how == DEC_GO && n < TC_MAX_INSNS) {
        unsigned start = d.pos;
        how = decode(c, &d, eip + start, &ops[n]);
        if (how == DEC_FAIL) {
            d.pos = start;
            break;
        }
        ops[n].idx = (uint8_t)n;
        ops[n].pbase = ops[n].base < NOREG ? &c->r[ops[n].base] : &zero_reg;
        ops[n].pindex = ops[n].index < NOREG ? &c->r[ops[n].index] : &zero_reg;
        n++;
    }
    if (!n) {
        ww_tcache_abort(c->tc, b);
        return NULL;
    }
    if (n >= 2)
        fuse(&ops[n - 2], &ops[n - 1]);
    for (unsigned i = 0; i < n; i++)
        specialise(&ops[i]);
    unsigned nops = n;
    if (how != DEC_END) {
        ops[n] = (x86_dop){ .fn = op_end, .eip = ops[n - 1].next, .idx = (uint8_t)n };
        nops++;
    }
    ops[nops - 1].blk = b;
    b->family = (void *)(uintptr_t)(eip + d.pos - 1);
    if (!ww_tcache_commit(c->tc, b, nops, n, n, d.pos, WW_TC_NO_PAGE, 0))
        return NULL;
    return b;
}

/* The block at CS:EIP, translated if need be; NULL: the uncached step runs
 * the next instruction. */
static ww_tc_block *find(x86_cpu *c)
{
    uint32_t eip = c->eip, base = c->seg[X86_CS].base, pa;
    if (!fetch_phys(c, base + eip, &pa))
        return NULL;
    if (c->cpl != c->ftlb_cpl)
        x86_ftlb_flush(c);
    uint64_t pc = (uint64_t)base << 32 | eip;
    uint32_t flags = tc_flags(c);
    ww_tc_block *b = ww_tcache_jc_find(c->tc, pc, flags);
    if (!b || b->phys != pa) {
        b = ww_tcache_find(c->tc, pc, flags, pa);
        if (b)
            ww_tcache_jc_put(c->tc, b);
        else
            b = translate(c, pc, flags, pa);
        if (!b)
            return NULL;
    }
    if (block_last(b) > c->seg[X86_CS].limit)
        return NULL;
    return b;
}

static void run_records(x86_cpu *c, const x86_dop *o)
{
    do {
        c->tc_chain = TC_CHAIN;
        o = o->fn(c, o);
    } while (o);
}

/* Run b's first count instructions (count < ninsns). */
static void run_partial(x86_cpu *c, ww_tc_block *b, unsigned count)
{
    x86_dop *ops = (x86_dop *)b->ops;
    c->tc_patch = &ops[count];
    c->tc_patch_fn = (void *)ops[count].fn;
    ops[count].fn = op_stop;
    uint64_t end = c->tc_end;
    c->tc_end = 0;          /* no chaining out of a partial block */
    run_records(c, ops);
    c->tc_end = end;
    x86_tc_unpatch(c);
}

/* Nothing the uncached loop would do between two instructions but fetch the
 * next one (interrupts that cannot be taken now included). */
static bool quiet(const x86_cpu *c)
{
    if (!c->events)
        return true;
    if (c->inhibit_irq || c->rep_more || (c->nmi_pending && !c->nmi_blocked))
        return false;
    return !(c->intr_line && (c->eflags & F_IF));
}

void x86_run_cached(x86_cpu *c, uint64_t end)
{
    ww_cpu *cpu = &c->cpu;
    ww_tcache *tc = c->tc;
    if (!tc || c->level < X86_I386) {
        x86_run_fast(c, end);     /* no cache for this space or model */
        return;
    }
    x86_tc_unpatch(c);
    c->tc_end = end;
    c->tc_check = false;
    if (cpu->exit_request)
        ww_cpu_attn_set(cpu, WW_CPU_ATTN_EXIT);
    ww_tcache_sync_space(tc);
    ww_tc_block *b = NULL;
    while (cpu->cycles < end) {
        uint32_t attn = cpu->attention;
        if (UNLIKELY(attn != 0)) {
            if (attn & WW_CPU_ATTN_EXIT) {
                if (cpu->exit_request)
                    return;
                ww_cpu_attn_clear(cpu, WW_CPU_ATTN_EXIT);
            }
            if (attn & WW_CPU_ATTN_CODE) {
                ww_cpu_attn_clear(cpu, WW_CPU_ATTN_CODE);
                b = NULL;
            }
        }
        if (UNLIKELY(c->halted | cpu->bp_on | (c->eflags & F_TF)) || !quiet(c))
            return;             /* the uncached loop's turn: one careful step */
        if (!b) {
            if (ww_tcache_sync_space(tc))
                continue;
            b = find(c);
            if (!b)
                return;
        }
        c->tc_base = cpu->cycles;
        uint64_t left = end - cpu->cycles;
        if (UNLIKELY(left < b->ninsns))
            run_partial(c, b, (unsigned)left);
        else
            run_records(c, (const x86_dop *)b->ops);
        unsigned slot = c->tc_slot;
        if (slot >= TC_LEFT) {
            b = NULL;
            if (slot == TC_LEFT && (cpu->stop | c->events) && !x86_after_step_rare(c, 0))
                return;
            continue;
        }
        ww_tc_block *from = c->tc_blk;
        b = slot == TC_LOOKUP ? NULL : ww_tc_next(from, slot);
        if (b || slot == TC_LOOKUP || cpu->cycles >= end || cpu->attention)
            continue;
        uint64_t flushes = ww_tcache_flushes(tc);
        if (!quiet(c) || c->halted)
            continue;
        b = find(c);
        if (b && ww_tcache_flushes(tc) == flushes &&
            (!(from->flags & 4) || ((from->pc ^ b->pc) & ~0xFFFull) == 0) &&
            (from->pc >> 32) == (b->pc >> 32))
            ww_tc_chain(from, slot, b);
    }
}
