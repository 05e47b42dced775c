/* cpu/ppc/tc_ops.c — the cached engine's records (cpu/ppc/tc.h): the decoder
 * that turns an instruction word into a record, and the handlers.
 *
 * Each handler below mirrors the decode table's handler for the same
 * instruction (exec_int.c, exec_ls.c) for the forms it accepts; the decoder
 * gives every other form — OE=1 arithmetic, invalid forms, supervisor and
 * cache instructions, FP, string and multiple transfers — to ppc_op_generic,
 * which calls the table's handler itself. Handler bodies share small inline
 * helpers, one line per instruction and record bit, as exec_ls.c does. */
#include "cpu/ppc/tc.h"

static inline uint32_t ra(const ppc_cpu *c, const ppc_dop *op) { return c->gpr[op->a]; }
static inline uint32_t rb(const ppc_cpu *c, const ppc_dop *op) { return c->gpr[op->b]; }

static inline void put(ppc_cpu *c, const ppc_dop *op, uint32_t r, bool rc)
{
    c->gpr[op->d] = r;
    if (rc)
        ppc_cr0(c, r);
}

/* a + b + carry-in, setting XER[CA] (exec_int.c add3 without OE). */
static inline uint32_t adc(ppc_cpu *c, uint32_t a, uint32_t b, uint32_t ci)
{
    uint64_t w = (uint64_t)a + b + ci;
    c->spr[SPR_XER] = (c->spr[SPR_XER] & ~XER_CA) | ((uint32_t)(w >> 32) << 29);
    return (uint32_t)w;
}

static inline uint32_t ca(const ppc_cpu *c) { return (c->spr[SPR_XER] >> 29) & 1; }

static inline uint32_t rotl(uint32_t v, unsigned n)
{
    return (v << (n & 31)) | (v >> ((32 - n) & 31));
}

/* ---- leaving the block ----------------------------------------------------- */

/* Any instruction the records do not run themselves: the table's handler,
 * with PC, next PC and the cycle count as the uncached loop has them; leave
 * the block if it branched, raised an exception, stopped the CPU or raised
 * attention (an access to a chip, a mode change). */
const ppc_dop *ppc_op_generic(ppc_cpu *c, const ppc_dop *op)
{
    tc_enter_slow(c, op);
    op->exec(c, op->insn);
    if (__builtin_expect(c->npc != op->pc + 4 || c->exc_taken || c->cpu.stop != WW_STOP_NONE ||
                         c->cpu.attention, 0)) {
        return tc_leave(c, op);
    }
    return tc_next(c, op);
}

void ppc_exec_illegal(ppc_cpu *c, uint32_t insn)
{
    if (c->cpu.user_mode)
        ppc_user_fault(c, SIG_ILL);
    else
        ppc_illegal(c, insn);
}

/* Put in place of a record by the run loop to stop before it (budget). */
const ppc_dop *ppc_op_stop(ppc_cpu *c, const ppc_dop *op)
{
    c->npc = op->pc;
    c->tc_slot = TC_LEFT;
    c->tc_n = tc_index(c, op);
    return NULL;
}

/* First record of an invalidated block, so that links to it need no test:
 * nothing runs, the run loop looks the PC up again. */
const ppc_dop *ppc_op_stale(ppc_cpu *c, const ppc_dop *op)
{
    return ppc_op_stop(c, op);
}

/* The end of op's block, going on at target in `next` (NULL: unknown): enter
 * next if the run loop would enter it now — within the budget (tc_limit
 * leaves room for the longest block; near the end the run loop decides) and
 * with attention clear — else stop with the exit noted. Entering is a tail
 * call (a jump in optimized builds); tc_chain bounds the nesting where the
 * compiler keeps the calls, and when it runs out the run loop's inner loop
 * takes the next block's first record instead. */
static inline const ppc_dop *block_end(ppc_cpu *c, const ppc_dop *op, uint32_t target,
                                       unsigned slot, ww_tc_block *next)
{
    ww_tc_block *b = op->blk;
    uint64_t base = c->tc_base + b->cycles;
    if (next && base <= c->tc_limit && !c->cpu.attention) {
        c->tc_base = base;
        c->tc_pc = target;
        const ppc_dop *first = (const ppc_dop *)next->ops;
        if (--c->tc_chain)
            return first->fn(c, first);
        return first;
    }
    c->npc = target;
    c->tc_slot = slot;
    c->tc_blk = b;
    return NULL;
}

/* Direct successors come from the block's links (an invalidated block's
 * first record is ppc_op_stale, so a link needs no validity test). */
static inline const ppc_dop *end_direct(ppc_cpu *c, const ppc_dop *op, uint32_t target,
                                        unsigned slot)
{
    return block_end(c, op, target, slot, op->blk->link[slot]);
}

/* Indirect ones from the jump cache (valid under the current translation),
 * as long as a page-table translation it needs is still cached (see
 * ppc_fetch_cached); links stay on one page, whose translation cannot leave
 * the cache while its blocks run. */
static inline const ppc_dop *end_indirect(ppc_cpu *c, const ppc_dop *op, uint32_t target)
{
    ww_tc_block *next = ww_tcache_jc_find(c->tc, target, op->blk->flags);
    if (next && c->tc_walks && !ppc_fetch_cached(c, target, (uint32_t)next->phys))
        next = NULL;
    return block_end(c, op, target, TC_LOOKUP, next);
}

/* After the last instruction of a block that does not end in a branch. */
const ppc_dop *ppc_op_end(ppc_cpu *c, const ppc_dop *op)
{
    return end_direct(c, op, op->pc, TC_FALL);
}

/* After an instruction that may change the mode bits or the translation:
 * back to the run loop, which looks the next block up with the new key. */
const ppc_dop *ppc_op_end_lookup(ppc_cpu *c, const ppc_dop *op)
{
    c->npc = op->pc;
    c->tc_slot = TC_LOOKUP;
    c->tc_blk = op->blk;
    return NULL;
}

/* ---- integer arithmetic --------------------------------------------------- */

static const ppc_dop *op_li(ppc_cpu *c, const ppc_dop *op)      { c->gpr[op->d] = op->imm; return tc_next(c, op); }
static const ppc_dop *op_addi(ppc_cpu *c, const ppc_dop *op)    { c->gpr[op->d] = ra(c, op) + op->imm; return tc_next(c, op); }
static const ppc_dop *op_add(ppc_cpu *c, const ppc_dop *op)     { put(c, op, ra(c, op) + rb(c, op), false); return tc_next(c, op); }
static const ppc_dop *op_add_rc(ppc_cpu *c, const ppc_dop *op)  { put(c, op, ra(c, op) + rb(c, op), true); return tc_next(c, op); }
static const ppc_dop *op_subf(ppc_cpu *c, const ppc_dop *op)    { put(c, op, rb(c, op) - ra(c, op), false); return tc_next(c, op); }
static const ppc_dop *op_subf_rc(ppc_cpu *c, const ppc_dop *op) { put(c, op, rb(c, op) - ra(c, op), true); return tc_next(c, op); }
static const ppc_dop *op_neg(ppc_cpu *c, const ppc_dop *op)     { put(c, op, -ra(c, op), false); return tc_next(c, op); }
static const ppc_dop *op_neg_rc(ppc_cpu *c, const ppc_dop *op)  { put(c, op, -ra(c, op), true); return tc_next(c, op); }

static const ppc_dop *op_addic(ppc_cpu *c, const ppc_dop *op)    { put(c, op, adc(c, ra(c, op), op->imm, 0), false); return tc_next(c, op); }
static const ppc_dop *op_addic_rc(ppc_cpu *c, const ppc_dop *op) { put(c, op, adc(c, ra(c, op), op->imm, 0), true); return tc_next(c, op); }
static const ppc_dop *op_subfic(ppc_cpu *c, const ppc_dop *op)   { put(c, op, adc(c, ~ra(c, op), op->imm, 1), false); return tc_next(c, op); }
static const ppc_dop *op_addc(ppc_cpu *c, const ppc_dop *op)     { put(c, op, adc(c, ra(c, op), rb(c, op), 0), op->x); return tc_next(c, op); }
static const ppc_dop *op_adde(ppc_cpu *c, const ppc_dop *op)     { put(c, op, adc(c, ra(c, op), rb(c, op), ca(c)), op->x); return tc_next(c, op); }
static const ppc_dop *op_addze(ppc_cpu *c, const ppc_dop *op)    { put(c, op, adc(c, ra(c, op), 0, ca(c)), op->x); return tc_next(c, op); }
static const ppc_dop *op_addme(ppc_cpu *c, const ppc_dop *op)    { put(c, op, adc(c, ra(c, op), 0xffffffffu, ca(c)), op->x); return tc_next(c, op); }
static const ppc_dop *op_subfc(ppc_cpu *c, const ppc_dop *op)    { put(c, op, adc(c, ~ra(c, op), rb(c, op), 1), op->x); return tc_next(c, op); }
static const ppc_dop *op_subfe(ppc_cpu *c, const ppc_dop *op)    { put(c, op, adc(c, ~ra(c, op), rb(c, op), ca(c)), op->x); return tc_next(c, op); }
static const ppc_dop *op_subfze(ppc_cpu *c, const ppc_dop *op)   { put(c, op, adc(c, ~ra(c, op), 0, ca(c)), op->x); return tc_next(c, op); }
static const ppc_dop *op_subfme(ppc_cpu *c, const ppc_dop *op)   { put(c, op, adc(c, ~ra(c, op), 0xffffffffu, ca(c)), op->x); return tc_next(c, op); }

static const ppc_dop *op_mulli(ppc_cpu *c, const ppc_dop *op) { c->gpr[op->d] = ra(c, op) * op->imm; return tc_next(c, op); }
static const ppc_dop *op_mullw(ppc_cpu *c, const ppc_dop *op) { put(c, op, ra(c, op) * rb(c, op), op->x); return tc_next(c, op); }
static const ppc_dop *op_mulhw(ppc_cpu *c, const ppc_dop *op)
{
    int64_t p = (int64_t)(int32_t)ra(c, op) * (int32_t)rb(c, op);
    put(c, op, (uint32_t)((uint64_t)p >> 32), op->x);
    return tc_next(c, op);
}
static const ppc_dop *op_mulhwu(ppc_cpu *c, const ppc_dop *op)
{
    put(c, op, (uint32_t)(((uint64_t)ra(c, op) * rb(c, op)) >> 32), op->x);
    return tc_next(c, op);
}
/* Undefined quotients as exec_int.c (the DingusPPC vectors' values). */
static const ppc_dop *op_divw(ppc_cpu *c, const ppc_dop *op)
{
    int32_t a = (int32_t)ra(c, op), b = (int32_t)rb(c, op);
    bool bad = b == 0 || (a == INT32_MIN && b == -1);
    put(c, op, bad ? (a < 0 ? 0xffffffffu : 0) : (uint32_t)(a / b), op->x);
    return tc_next(c, op);
}
static const ppc_dop *op_divwu(ppc_cpu *c, const ppc_dop *op)
{
    uint32_t a = ra(c, op), b = rb(c, op);
    put(c, op, b ? a / b : 0, op->x);
    return tc_next(c, op);
}

/* ---- logical, rotate, shift: d = rA (destination), a = rS, b = rB ---------- */

static const ppc_dop *op_and(ppc_cpu *c, const ppc_dop *op)    { put(c, op, ra(c, op) & rb(c, op), false); return tc_next(c, op); }
static const ppc_dop *op_and_rc(ppc_cpu *c, const ppc_dop *op) { put(c, op, ra(c, op) & rb(c, op), true); return tc_next(c, op); }
static const ppc_dop *op_or(ppc_cpu *c, const ppc_dop *op)     { put(c, op, ra(c, op) | rb(c, op), false); return tc_next(c, op); }
static const ppc_dop *op_or_rc(ppc_cpu *c, const ppc_dop *op)  { put(c, op, ra(c, op) | rb(c, op), true); return tc_next(c, op); }
static const ppc_dop *op_xor(ppc_cpu *c, const ppc_dop *op)    { put(c, op, ra(c, op) ^ rb(c, op), false); return tc_next(c, op); }
static const ppc_dop *op_xor_rc(ppc_cpu *c, const ppc_dop *op) { put(c, op, ra(c, op) ^ rb(c, op), true); return tc_next(c, op); }
static const ppc_dop *op_andc(ppc_cpu *c, const ppc_dop *op)   { put(c, op, ra(c, op) & ~rb(c, op), op->x); return tc_next(c, op); }
static const ppc_dop *op_orc(ppc_cpu *c, const ppc_dop *op)    { put(c, op, ra(c, op) | ~rb(c, op), op->x); return tc_next(c, op); }
static const ppc_dop *op_nand(ppc_cpu *c, const ppc_dop *op)   { put(c, op, ~(ra(c, op) & rb(c, op)), op->x); return tc_next(c, op); }
static const ppc_dop *op_nor(ppc_cpu *c, const ppc_dop *op)    { put(c, op, ~(ra(c, op) | rb(c, op)), op->x); return tc_next(c, op); }
static const ppc_dop *op_eqv(ppc_cpu *c, const ppc_dop *op)    { put(c, op, ~(ra(c, op) ^ rb(c, op)), op->x); return tc_next(c, op); }
static const ppc_dop *op_extsb(ppc_cpu *c, const ppc_dop *op)  { put(c, op, (uint32_t)(int8_t)ra(c, op), op->x); return tc_next(c, op); }
static const ppc_dop *op_extsh(ppc_cpu *c, const ppc_dop *op)  { put(c, op, (uint32_t)(int16_t)ra(c, op), op->x); return tc_next(c, op); }
static const ppc_dop *op_cntlzw(ppc_cpu *c, const ppc_dop *op)
{
    uint32_t v = ra(c, op);
    put(c, op, v ? (uint32_t)__builtin_clz(v) : 32, op->x);
    return tc_next(c, op);
}

/* Immediate forms: imm already shifted for the "s" variants. */
static const ppc_dop *op_ori(ppc_cpu *c, const ppc_dop *op)    { c->gpr[op->d] = ra(c, op) | op->imm; return tc_next(c, op); }
static const ppc_dop *op_xori(ppc_cpu *c, const ppc_dop *op)   { c->gpr[op->d] = ra(c, op) ^ op->imm; return tc_next(c, op); }
static const ppc_dop *op_andi_rc(ppc_cpu *c, const ppc_dop *op) { put(c, op, ra(c, op) & op->imm, true); return tc_next(c, op); }
static const ppc_dop *op_nop(ppc_cpu *c, const ppc_dop *op)    { return tc_next(c, op); }

/* rlw*: b = SH, imm = MASK(MB, ME). */
static const ppc_dop *op_rlwinm(ppc_cpu *c, const ppc_dop *op)    { put(c, op, rotl(ra(c, op), op->b) & op->imm, false); return tc_next(c, op); }
static const ppc_dop *op_rlwinm_rc(ppc_cpu *c, const ppc_dop *op) { put(c, op, rotl(ra(c, op), op->b) & op->imm, true); return tc_next(c, op); }
static const ppc_dop *op_rlwnm(ppc_cpu *c, const ppc_dop *op)     { put(c, op, rotl(ra(c, op), rb(c, op) & 31) & op->imm, op->x); return tc_next(c, op); }
static const ppc_dop *op_rlwimi(ppc_cpu *c, const ppc_dop *op)
{
    put(c, op, (rotl(ra(c, op), op->b) & op->imm) | (c->gpr[op->d] & ~op->imm), op->x);
    return tc_next(c, op);
}

static const ppc_dop *op_slw(ppc_cpu *c, const ppc_dop *op)
{
    uint32_t n = rb(c, op) & 63;
    put(c, op, n > 31 ? 0 : ra(c, op) << n, op->x);
    return tc_next(c, op);
}
static const ppc_dop *op_srw(ppc_cpu *c, const ppc_dop *op)
{
    uint32_t n = rb(c, op) & 63;
    put(c, op, n > 31 ? 0 : ra(c, op) >> n, op->x);
    return tc_next(c, op);
}

/* Arithmetic shift by n (0..63): CA = negative source and one bits lost. */
static inline uint32_t sra(ppc_cpu *c, uint32_t v, unsigned n)
{
    int32_t s = (int32_t)v;
    uint32_t r, lost;
    if (n > 31) {
        r = s < 0 ? 0xffffffffu : 0;
        lost = v;
    } else {
        r = (uint32_t)(s >> n);
        lost = n ? v & ((1u << n) - 1) : 0;
    }
    c->spr[SPR_XER] = (s < 0 && lost) ? (c->spr[SPR_XER] | XER_CA) : (c->spr[SPR_XER] & ~XER_CA);
    return r;
}
static const ppc_dop *op_sraw(ppc_cpu *c, const ppc_dop *op)  { put(c, op, sra(c, ra(c, op), rb(c, op) & 63), op->x); return tc_next(c, op); }
static const ppc_dop *op_srawi(ppc_cpu *c, const ppc_dop *op) { put(c, op, sra(c, ra(c, op), op->b), op->x); return tc_next(c, op); }

/* ---- compare, condition register, SPRs ------------------------------------ */

/* CR field d (x = its shift, 28 - 4 * d) := LT GT EQ SO. */
static inline void cmp_set(ppc_cpu *c, const ppc_dop *op, bool lt, bool gt)
{
    uint32_t v = (lt ? 8u : gt ? 4u : 2u) | (c->spr[SPR_XER] >> 31);
    c->cr = (c->cr & ~(0xfu << op->x)) | (v << op->x);
}
static const ppc_dop *op_cmp(ppc_cpu *c, const ppc_dop *op)
{
    int32_t a = (int32_t)ra(c, op), b = (int32_t)rb(c, op);
    cmp_set(c, op, a < b, a > b);
    return tc_next(c, op);
}
static const ppc_dop *op_cmpl(ppc_cpu *c, const ppc_dop *op)
{
    uint32_t a = ra(c, op), b = rb(c, op);
    cmp_set(c, op, a < b, a > b);
    return tc_next(c, op);
}
static const ppc_dop *op_cmpi(ppc_cpu *c, const ppc_dop *op)
{
    int32_t a = (int32_t)ra(c, op), b = (int32_t)op->imm;
    cmp_set(c, op, a < b, a > b);
    return tc_next(c, op);
}
static const ppc_dop *op_cmpli(ppc_cpu *c, const ppc_dop *op)
{
    uint32_t a = ra(c, op), b = op->imm;
    cmp_set(c, op, a < b, a > b);
    return tc_next(c, op);
}

static const ppc_dop *op_mfcr(ppc_cpu *c, const ppc_dop *op)  { c->gpr[op->d] = c->cr; return tc_next(c, op); }
static const ppc_dop *op_mtcrf(ppc_cpu *c, const ppc_dop *op) { c->cr = (c->cr & ~op->imm) | (ra(c, op) & op->imm); return tc_next(c, op); }
/* XER, LR, CTR: imm = the SPR number. */
static const ppc_dop *op_mfspr(ppc_cpu *c, const ppc_dop *op) { c->gpr[op->d] = c->spr[op->imm]; return tc_next(c, op); }
static const ppc_dop *op_mtspr(ppc_cpu *c, const ppc_dop *op) { c->spr[op->imm] = ra(c, op); return tc_next(c, op); }
static const ppc_dop *op_mtxer(ppc_cpu *c, const ppc_dop *op) { c->spr[SPR_XER] = ra(c, op) & 0xe000ff7fu; return tc_next(c, op); }

/* ---- loads and stores ------------------------------------------------------
 * ea = rA|0 + imm (D form) or rA|0 + rB (X form); the fast TLB hit is the
 * whole access, a miss goes through ppc_ld_fill / ppc_st_fill with the
 * uncached loop's context and leaves the block if the access faulted or
 * raised attention (a chip may have interrupted, kicked or remapped). */

static const ppc_dop *ld_slow(ppc_cpu *c, const ppc_dop *op, uint32_t ea)
{
    tc_enter_slow(c, op);
    uint32_t v;
    if (!ppc_ld_fill(c, ea, op->x & LS_SIZE, &v)) {
        return tc_leave(c, op);
    }
    if (op->x & LS_SIGN)
        v = (uint32_t)(int16_t)v;
    if (op->x & LS_UPDATE)
        c->gpr[op->a] = ea;
    c->gpr[op->d] = v;
    if (c->cpu.attention) {
        return tc_leave(c, op);
    }
    return tc_next(c, op);
}

static const ppc_dop *st_slow(ppc_cpu *c, const ppc_dop *op, uint32_t ea, uint32_t v)
{
    tc_enter_slow(c, op);
    if (!ppc_st_fill(c, ea, op->x & LS_SIZE, v)) {
        return tc_leave(c, op);
    }
    if (op->x & LS_UPDATE)
        c->gpr[op->a] = ea;
    if (c->cpu.attention) {     /* e.g. the store hit this very block's code */
        return tc_leave(c, op);
    }
    return tc_next(c, op);
}

static inline uint32_t ea_d(const ppc_cpu *c, const ppc_dop *op) { return ra(c, op) + op->imm; }
static inline uint32_t ea_x(const ppc_cpu *c, const ppc_dop *op) { return ra(c, op) + rb(c, op); }

static inline const ppc_dop *load(ppc_cpu *c, const ppc_dop *op, uint32_t ea, unsigned size, bool sign,
                        bool update)
{
    const ppc_ftlb_entry *e = tc_entry(c->tlb_r, ea);
    if (!tc_match(e, ea, size - 1))
        return ld_slow(c, op, ea);
    const uint8_t *p = (const uint8_t *)(e->addend + ea);
    uint32_t v = size == 4 ? ppc_be32(p) : size == 2 ? ww_ld_be16(p) : p[0];
    if (sign)
        v = (uint32_t)(int16_t)v;
    if (update)
        c->gpr[op->a] = ea;
    c->gpr[op->d] = v;
    return tc_next(c, op);
}

static inline const ppc_dop *store(ppc_cpu *c, const ppc_dop *op, uint32_t ea, unsigned size, bool update)
{
    uint32_t v = c->gpr[op->d];
    const ppc_ftlb_entry *e = tc_entry(c->tlb_w, ea);
    if (!tc_match(e, ea, size - 1))
        return st_slow(c, op, ea, v);
    uint8_t *p = (uint8_t *)(e->addend + ea);
    if (size == 4)
        ppc_st_be32(p, v);
    else if (size == 2)
        ww_st_be16(p, (uint16_t)v);
    else
        p[0] = (uint8_t)v;
    if (update)
        c->gpr[op->a] = ea;
    return tc_next(c, op);
}

static const ppc_dop *op_lwz(ppc_cpu *c, const ppc_dop *op)   { return load(c, op, ea_d(c, op), 4, false, false); }
static const ppc_dop *op_lwzu(ppc_cpu *c, const ppc_dop *op)  { return load(c, op, ea_d(c, op), 4, false, true); }
static const ppc_dop *op_lwzx(ppc_cpu *c, const ppc_dop *op)  { return load(c, op, ea_x(c, op), 4, false, false); }
static const ppc_dop *op_lwzux(ppc_cpu *c, const ppc_dop *op) { return load(c, op, ea_x(c, op), 4, false, true); }
static const ppc_dop *op_lbz(ppc_cpu *c, const ppc_dop *op)   { return load(c, op, ea_d(c, op), 1, false, false); }
static const ppc_dop *op_lbzu(ppc_cpu *c, const ppc_dop *op)  { return load(c, op, ea_d(c, op), 1, false, true); }
static const ppc_dop *op_lbzx(ppc_cpu *c, const ppc_dop *op)  { return load(c, op, ea_x(c, op), 1, false, false); }
static const ppc_dop *op_lbzux(ppc_cpu *c, const ppc_dop *op) { return load(c, op, ea_x(c, op), 1, false, true); }
static const ppc_dop *op_lhz(ppc_cpu *c, const ppc_dop *op)   { return load(c, op, ea_d(c, op), 2, false, false); }
static const ppc_dop *op_lhzu(ppc_cpu *c, const ppc_dop *op)  { return load(c, op, ea_d(c, op), 2, false, true); }
static const ppc_dop *op_lhzx(ppc_cpu *c, const ppc_dop *op)  { return load(c, op, ea_x(c, op), 2, false, false); }
static const ppc_dop *op_lhzux(ppc_cpu *c, const ppc_dop *op) { return load(c, op, ea_x(c, op), 2, false, true); }
static const ppc_dop *op_lha(ppc_cpu *c, const ppc_dop *op)   { return load(c, op, ea_d(c, op), 2, true, false); }
static const ppc_dop *op_lhau(ppc_cpu *c, const ppc_dop *op)  { return load(c, op, ea_d(c, op), 2, true, true); }
static const ppc_dop *op_lhax(ppc_cpu *c, const ppc_dop *op)  { return load(c, op, ea_x(c, op), 2, true, false); }
static const ppc_dop *op_lhaux(ppc_cpu *c, const ppc_dop *op) { return load(c, op, ea_x(c, op), 2, true, true); }
static const ppc_dop *op_stw(ppc_cpu *c, const ppc_dop *op)   { return store(c, op, ea_d(c, op), 4, false); }
static const ppc_dop *op_stwu(ppc_cpu *c, const ppc_dop *op)  { return store(c, op, ea_d(c, op), 4, true); }
static const ppc_dop *op_stwx(ppc_cpu *c, const ppc_dop *op)  { return store(c, op, ea_x(c, op), 4, false); }
static const ppc_dop *op_stwux(ppc_cpu *c, const ppc_dop *op) { return store(c, op, ea_x(c, op), 4, true); }
static const ppc_dop *op_stb(ppc_cpu *c, const ppc_dop *op)   { return store(c, op, ea_d(c, op), 1, false); }
static const ppc_dop *op_stbu(ppc_cpu *c, const ppc_dop *op)  { return store(c, op, ea_d(c, op), 1, true); }
static const ppc_dop *op_stbx(ppc_cpu *c, const ppc_dop *op)  { return store(c, op, ea_x(c, op), 1, false); }
static const ppc_dop *op_stbux(ppc_cpu *c, const ppc_dop *op) { return store(c, op, ea_x(c, op), 1, true); }
static const ppc_dop *op_sth(ppc_cpu *c, const ppc_dop *op)   { return store(c, op, ea_d(c, op), 2, false); }
static const ppc_dop *op_sthu(ppc_cpu *c, const ppc_dop *op)  { return store(c, op, ea_d(c, op), 2, true); }
static const ppc_dop *op_sthx(ppc_cpu *c, const ppc_dop *op)  { return store(c, op, ea_x(c, op), 2, false); }
static const ppc_dop *op_sthux(ppc_cpu *c, const ppc_dop *op) { return store(c, op, ea_x(c, op), 2, true); }

/* ---- branches: the last record of a block ----------------------------------
 * Direct targets are in imm. Taken direct branches end in link slot 0, not
 * taken ones in slot 1 (both may be chained), indirect ones look up. */

static inline unsigned crbit(const ppc_cpu *c, unsigned b) { return (c->cr >> (31 - b)) & 1; }

static inline const ppc_dop *taken(ppc_cpu *c, const ppc_dop *op)
{
    return end_direct(c, op, op->imm, TC_TAKEN);
}

static inline const ppc_dop *not_taken(ppc_cpu *c, const ppc_dop *op)
{
    return end_direct(c, op, op->pc + 4, TC_FALL);
}

/* BO evaluation of exec_int.c bo_taken (decrements CTR when BO[2] is clear). */
static inline bool bo_ok(ppc_cpu *c, unsigned bo, unsigned bi)
{
    if (!(bo & 4))
        c->spr[SPR_CTR]--;
    bool ctr_ok = (bo & 4) || ((c->spr[SPR_CTR] != 0) ^ ((bo >> 1) & 1));
    bool cond_ok = (bo & 16) || (crbit(c, bi) == ((bo >> 3) & 1));
    return ctr_ok && cond_ok;
}

static const ppc_dop *op_b(ppc_cpu *c, const ppc_dop *op) { return taken(c, op); }
static const ppc_dop *op_bl(ppc_cpu *c, const ppc_dop *op)
{
    c->spr[SPR_LR] = op->pc + 4;
    return taken(c, op);
}

/* bc, any BO and LK: d = BO, a = BI. */
static const ppc_dop *op_bc(ppc_cpu *c, const ppc_dop *op)
{
    bool t = bo_ok(c, op->d, op->a);
    if (op->insn & 1)
        c->spr[SPR_LR] = op->pc + 4;
    return t ? taken(c, op) : not_taken(c, op);
}
/* bc on one CR bit (BO = 0b001zz / 0b011zz without LK): b = 31 - BI, x = the
 * value wanted (1 for set, 0 for clear). */
static const ppc_dop *op_bc_set(ppc_cpu *c, const ppc_dop *op)
{
    return (c->cr >> op->b) & 1 ? taken(c, op) : not_taken(c, op);
}
static const ppc_dop *op_bc_clear(ppc_cpu *c, const ppc_dop *op)
{
    return (c->cr >> op->b) & 1 ? not_taken(c, op) : taken(c, op);
}
static const ppc_dop *op_bdnz(ppc_cpu *c, const ppc_dop *op)
{
    return --c->spr[SPR_CTR] != 0 ? taken(c, op) : not_taken(c, op);
}
static const ppc_dop *op_bdz(ppc_cpu *c, const ppc_dop *op)
{
    return --c->spr[SPR_CTR] == 0 ? taken(c, op) : not_taken(c, op);
}

static const ppc_dop *op_bclr(ppc_cpu *c, const ppc_dop *op)
{
    uint32_t target = c->spr[SPR_LR] & ~3u;
    bool t = bo_ok(c, op->d, op->a);
    if (op->insn & 1)
        c->spr[SPR_LR] = op->pc + 4;
    return t ? end_indirect(c, op, target) : not_taken(c, op);
}
static const ppc_dop *op_blr(ppc_cpu *c, const ppc_dop *op)
{
    return end_indirect(c, op, c->spr[SPR_LR] & ~3u);
}
static const ppc_dop *op_blrl(ppc_cpu *c, const ppc_dop *op)
{
    uint32_t target = c->spr[SPR_LR] & ~3u;
    c->spr[SPR_LR] = op->pc + 4;
    return end_indirect(c, op, target);
}

/* bcctr never decrements CTR (exec_int.c: BO[2] forced). */
static const ppc_dop *op_bcctr(ppc_cpu *c, const ppc_dop *op)
{
    bool t = bo_ok(c, op->d | 4, op->a);
    if (op->insn & 1)
        c->spr[SPR_LR] = op->pc + 4;
    return t ? end_indirect(c, op, c->spr[SPR_CTR] & ~3u) : not_taken(c, op);
}
static const ppc_dop *op_bctr(ppc_cpu *c, const ppc_dop *op)
{
    return end_indirect(c, op, c->spr[SPR_CTR] & ~3u);
}
static const ppc_dop *op_bctrl(ppc_cpu *c, const ppc_dop *op)
{
    c->spr[SPR_LR] = op->pc + 4;
    return end_indirect(c, op, c->spr[SPR_CTR] & ~3u);
}

/* ---- compare and branch on its result -------------------------------------
 * A compare followed by the block's bc on a bit of the field it sets run as
 * one: the compare's record sets CR and takes the branch itself from the bc
 * record's fields (b = 31 - BI, x = the value wanted), one dispatch and one
 * CR read fewer. The bc record stays as it is: a run that must stop between
 * the two puts the compare's plain handler back (ppc_tc_unfused). */

static inline const ppc_dop *cmp_bc(ppc_cpu *c, const ppc_dop *op, bool lt, bool gt)
{
    cmp_set(c, op, lt, gt);
    const ppc_dop *br = op + 1;
    return ((c->cr >> br->b) & 1) == br->x ? taken(c, br) : not_taken(c, br);
}
static const ppc_dop *op_cmp_bc(ppc_cpu *c, const ppc_dop *op)
{
    int32_t a = (int32_t)ra(c, op), b = (int32_t)rb(c, op);
    return cmp_bc(c, op, a < b, a > b);
}
static const ppc_dop *op_cmpl_bc(ppc_cpu *c, const ppc_dop *op)
{
    uint32_t a = ra(c, op), b = rb(c, op);
    return cmp_bc(c, op, a < b, a > b);
}
static const ppc_dop *op_cmpi_bc(ppc_cpu *c, const ppc_dop *op)
{
    int32_t a = (int32_t)ra(c, op), b = (int32_t)op->imm;
    return cmp_bc(c, op, a < b, a > b);
}
static const ppc_dop *op_cmpli_bc(ppc_cpu *c, const ppc_dop *op)
{
    uint32_t a = ra(c, op), b = op->imm;
    return cmp_bc(c, op, a < b, a > b);
}

static const struct { ppc_dfn plain, fused; } fusions[] = {
    { op_cmp, op_cmp_bc }, { op_cmpl, op_cmpl_bc }, { op_cmpi, op_cmpi_bc }, { op_cmpli, op_cmpli_bc },
};

void ppc_tc_fuse(ppc_dop *cmp, const ppc_dop *bc)
{
    if (bc->fn != op_bc_set && bc->fn != op_bc_clear)
        return;
    unsigned bi = 31u - bc->b;
    for (unsigned k = 0; k < G_N_ELEMENTS(fusions); k++)
        if (cmp->fn == fusions[k].plain && (bi >> 2) == cmp->d)
            cmp->fn = fusions[k].fused;
}

ppc_dfn ppc_tc_unfused(ppc_dfn fn)
{
    for (unsigned k = 0; k < G_N_ELEMENTS(fusions); k++)
        if (fn == fusions[k].fused)
            return fusions[k].plain;
    return NULL;
}

/* ---- the decoder ---------------------------------------------------------- */

static uint32_t rlw_mask(unsigned mb, unsigned me)
{
    uint32_t a = 0xffffffffu >> mb, b = 0xffffffffu << (31 - me);
    return mb <= me ? (a & b) : (a | b);
}

static unsigned ra0(uint32_t i) { return RA(i) ? RA(i) : 32; }

/* Instructions that must end the block: they may change the mode bits, the
 * translation, the breakpoints or the decrementer (sc and rfi move the PC
 * anyway), or they always raise an exception. */
static bool ends_block(uint32_t i)
{
    unsigned po = i >> 26, xo = (i >> 1) & 0x3ff;
    if (po == 17)
        return true;                    /* sc */
    if (po == 19)
        return xo == 50 || xo == 150;   /* rfi, isync */
    if (po != 31)
        return false;
    switch (xo) {
    case 146: case 210: case 242:       /* mtmsr, mtsr, mtsrin */
    case 306: case 566: case 467:       /* tlbie, tlbsync, mtspr */
    case 978: case 1010:                /* tlbld, tlbli */
        return true;
    default:
        return false;
    }
}

/* Loads and stores: D form (po 32-45) and X form (31/xo). */
static bool decode_ls(ppc_dop *op, uint32_t i, unsigned po, unsigned xo)
{
    static const struct { ppc_dfn d, x; unsigned size; bool sign, store; } k[] = {
        [0] = { op_lwz, op_lwzx, 4, false, false }, [1] = { op_lwzu, op_lwzux, 4, false, false },
        [2] = { op_lbz, op_lbzx, 1, false, false }, [3] = { op_lbzu, op_lbzux, 1, false, false },
        [4] = { op_stw, op_stwx, 4, false, true },  [5] = { op_stwu, op_stwux, 4, false, true },
        [6] = { op_stb, op_stbx, 1, false, true },  [7] = { op_stbu, op_stbux, 1, false, true },
        [8] = { op_lhz, op_lhzx, 2, false, false }, [9] = { op_lhzu, op_lhzux, 2, false, false },
        [10] = { op_lha, op_lhax, 2, true, false }, [11] = { op_lhau, op_lhaux, 2, true, false },
        [12] = { op_sth, op_sthx, 2, false, true }, [13] = { op_sthu, op_sthux, 2, false, true },
    };
    bool indexed = po == 31;
    unsigned n;
    if (indexed) {
        /* xo = 23 + 32 * n for lwzx (0) … sthux (13), in the same order. */
        if ((xo & 31) != 23 || (xo >> 5) > 13)
            return false;
        n = xo >> 5;
        if (indexed && (i & 1))
            return false;               /* reserved bit set: leave it to the table */
    } else {
        if (po < 32 || po > 45)
            return false;
        n = po - 32;
    }
    bool update = n & 1;
    if (update && (RA(i) == 0 || (!k[n].store && RA(i) == RD(i))))
        return false;                   /* invalid forms: as the table handles them */
    op->fn = indexed ? k[n].x : k[n].d;
    op->d = RD(i);
    op->a = update ? RA(i) : ra0(i);
    op->b = RB(i);
    op->imm = (uint32_t)SIMM(i);
    op->x = (uint8_t)(k[n].size | (k[n].sign ? LS_SIGN : 0) | (update ? LS_UPDATE : 0));
    return true;
}

/* X/XO forms of primary 31 the records run: d, a, b set per form. */
static bool decode_31(ppc_dop *op, uint32_t i, unsigned xo)
{
    bool rc = i & 1, oe = i & 0x400;
    unsigned xo9 = xo & 0x1ff;
    /* XO form arithmetic: rD, rA, rB; OE=1 goes to the table (XER[OV]). */
    ppc_dfn xo_fn = NULL;
    switch (xo9) {
    case 266: xo_fn = rc ? op_add_rc : op_add; break;
    case 40:  xo_fn = rc ? op_subf_rc : op_subf; break;
    case 104: xo_fn = rc ? op_neg_rc : op_neg; break;
    case 10:  xo_fn = op_addc; break;
    case 138: xo_fn = op_adde; break;
    case 202: xo_fn = op_addze; break;
    case 234: xo_fn = op_addme; break;
    case 8:   xo_fn = op_subfc; break;
    case 136: xo_fn = op_subfe; break;
    case 200: xo_fn = op_subfze; break;
    case 232: xo_fn = op_subfme; break;
    case 235: xo_fn = op_mullw; break;
    case 75:  xo_fn = op_mulhw; break;
    case 11:  xo_fn = op_mulhwu; break;
    case 491: xo_fn = op_divw; break;
    case 459: xo_fn = op_divwu; break;
    }
    if (xo_fn) {
        if (oe && xo9 != 75 && xo9 != 11)
            return false;
        if ((xo9 == 75 || xo9 == 11) && (xo & 0x200))
            return false;               /* mulhw has no OE form: bit 21 is reserved */
        op->fn = xo_fn;
        op->d = RD(i);
        op->a = RA(i);
        op->b = RB(i);
        op->x = rc;
        return true;
    }
    /* X form logical and shifts: rA <- rS op rB. */
    ppc_dfn lx = NULL;
    switch (xo) {
    case 28:  lx = rc ? op_and_rc : op_and; break;
    case 444: lx = rc ? op_or_rc : op_or; break;
    case 316: lx = rc ? op_xor_rc : op_xor; break;
    case 60:  lx = op_andc; break;
    case 412: lx = op_orc; break;
    case 476: lx = op_nand; break;
    case 124: lx = op_nor; break;
    case 284: lx = op_eqv; break;
    case 954: lx = op_extsb; break;
    case 922: lx = op_extsh; break;
    case 26:  lx = op_cntlzw; break;
    case 24:  lx = op_slw; break;
    case 536: lx = op_srw; break;
    case 792: lx = op_sraw; break;
    case 824: lx = op_srawi; break;
    }
    if (lx) {
        op->fn = lx;
        op->d = RA(i);
        op->a = RD(i);
        op->b = RB(i);
        op->x = rc;
        return true;
    }
    if (rc)
        return false;
    switch (xo) {
    case 0: case 32:                    /* cmp, cmpl: crfD, rA, rB */
        op->fn = xo ? op_cmpl : op_cmp;
        op->d = (i >> 23) & 7;
        op->x = (uint8_t)(28 - 4 * op->d);
        op->a = RA(i);
        op->b = RB(i);
        return true;
    case 19:                            /* mfcr */
        op->fn = op_mfcr;
        op->d = RD(i);
        return true;
    case 144: {                         /* mtcrf */
        unsigned crm = (i >> 12) & 0xff;
        op->imm = 0;
        for (unsigned f = 0; f < 8; f++)
            if (crm & (0x80 >> f))
                op->imm |= 0xf0000000u >> (4 * f);
        op->fn = op_mtcrf;
        op->a = RD(i);
        return true;
    }
    case 339: case 467: {               /* mfspr, mtspr of XER, LR, CTR */
        unsigned n = ((i >> 16) & 0x1f) | ((i >> 6) & 0x3e0);
        if (n != SPR_XER && n != SPR_LR && n != SPR_CTR)
            return false;
        op->imm = n;
        if (xo == 339) {
            op->fn = op_mfspr;
            op->d = RD(i);
        } else {
            op->fn = n == SPR_XER ? op_mtxer : op_mtspr;
            op->a = RD(i);
        }
        return true;
    }
    }
    return false;
}

static unsigned decode_branch(ppc_dop *op, uint32_t i, uint32_t pc, unsigned po, unsigned xo)
{
    unsigned bo = RD(i), bi = RA(i);
    bool lk = i & 1;
    op->d = (uint8_t)bo;
    op->a = (uint8_t)bi;
    if (po == 18) {
        uint32_t li = i & 0x03fffffc;
        if (li & 0x02000000)
            li |= 0xfc000000;
        op->imm = (i & 2) ? li : pc + li;
        op->fn = lk ? op_bl : op_b;
        return DEC_BRANCH;
    }
    if (po == 16) {
        uint32_t bd = (uint32_t)(int16_t)(i & 0xfffc);
        op->imm = (i & 2) ? bd : pc + bd;
        op->fn = op_bc;
        if (!lk && (bo & 4) && (bo & 16))
            op->fn = op_b;
        else if (!lk && (bo & 4)) {
            op->fn = (bo & 8) ? op_bc_set : op_bc_clear;
            op->b = (uint8_t)(31 - bi);
            op->x = (bo >> 3) & 1;
        } else if (!lk && (bo & 16))
            op->fn = (bo & 2) ? op_bdz : op_bdnz;
        return DEC_BRANCH;
    }
    if (xo == 16) {                     /* bclr */
        op->fn = (bo & 4) && (bo & 16) ? (lk ? op_blrl : op_blr) : op_bclr;
        return DEC_BRANCH;
    }
    op->fn = (bo & 16) ? (lk ? op_bctrl : op_bctr) : op_bcctr;   /* bcctr */
    return DEC_BRANCH;
}

unsigned ppc_tc_decode(ppc_cpu *c, uint32_t i, uint32_t pc, ppc_dop *op)
{
    const ppc_op *t = ppc_decode(c, i);
    *op = (ppc_dop){ .fn = ppc_op_generic, .exec = t ? t->exec : ppc_exec_illegal, .insn = i,
                     .pc = pc };
    if (!t)
        return DEC_END;                 /* always raises the program exception */
    unsigned po = i >> 26, xo = (i >> 1) & 0x3ff;
    switch (po) {
    case 16: case 18:
        return decode_branch(op, i, pc, po, xo);
    case 19:
        if (xo == 16 || xo == 528)
            return decode_branch(op, i, pc, po, xo);
        break;
    case 14: case 15:                   /* addi, addis */
        op->imm = po == 14 ? (uint32_t)SIMM(i) : UIMM(i) << 16;
        op->fn = RA(i) ? op_addi : op_li;
        op->d = RD(i);
        op->a = RA(i);
        return DEC_GO;
    case 7:                             /* mulli */
        op->fn = op_mulli;
        op->d = RD(i);
        op->a = RA(i);
        op->imm = (uint32_t)SIMM(i);
        return DEC_GO;
    case 8: case 12: case 13:           /* subfic, addic, addic. */
        op->fn = po == 8 ? op_subfic : po == 12 ? op_addic : op_addic_rc;
        op->d = RD(i);
        op->a = RA(i);
        op->imm = (uint32_t)SIMM(i);
        return DEC_GO;
    case 10: case 11:                   /* cmpli, cmpi */
        op->fn = po == 10 ? op_cmpli : op_cmpi;
        op->d = (i >> 23) & 7;
        op->x = (uint8_t)(28 - 4 * op->d);
        op->a = RA(i);
        op->imm = po == 10 ? UIMM(i) : (uint32_t)SIMM(i);
        return DEC_GO;
    case 24: case 25: case 26: case 27: case 28: case 29:   /* ori … andis. */
        op->d = RA(i);
        op->a = RD(i);
        op->imm = (po & 1) ? UIMM(i) << 16 : UIMM(i);
        op->fn = po >= 28 ? op_andi_rc : po >= 26 ? op_xori : op_ori;
        if (po == 24 && i == 0x60000000u)
            op->fn = op_nop;            /* ori 0,0,0 */
        return DEC_GO;
    case 20: case 21: case 23: {        /* rlwimi, rlwinm, rlwnm */
        bool rc = i & 1;
        op->d = RA(i);
        op->a = RD(i);
        op->b = RB(i);
        op->x = rc;
        op->imm = rlw_mask(RC_(i), (i >> 1) & 31);
        op->fn = po == 20 ? op_rlwimi : po == 23 ? op_rlwnm : rc ? op_rlwinm_rc : op_rlwinm;
        return DEC_GO;
    }
    case 31:
        if (decode_ls(op, i, po, xo) || decode_31(op, i, xo))
            return DEC_GO;
        break;
    default:
        if (decode_ls(op, i, po, xo))
            return DEC_GO;
        break;
    }
    return ends_block(i) ? DEC_END : DEC_GO;
}
