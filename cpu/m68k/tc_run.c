/* cpu/m68k/tc_run.c — the 68000's cached engine: decoding into blocks of the
 * shared translation cache (core/tcache.h) and the specialised records; the
 * run loop that executes them is in cpu.c (loop_cached), next to the
 * uncached loop whose per-instruction steps it shares.
 *
 * A block starts at an instruction address and runs straight to the first
 * control transfer, SR writer, trap, instruction the 68000 does not decode,
 * or the end of the page, at most M68K_TC_MAX_INSNS instructions; it is
 * keyed by the address (the 68000 has no MMU: logical = space address) and
 * the SR bits S and T plus user mode (the block flags). Each record holds
 * the handler of the decode table (cpu/m68k/decode.c) for its opcode, and
 * for the commonest register-only forms a specialised handler that does the
 * same work without the generic effective-address code.
 *
 * The records run threaded: each calls the next (tc_next, a tail call)
 * with no test between them; the block's end is an end record (op_end),
 * the budget is tested once per block against the block's worst case
 * (exact stops: a block that may not fit runs on the uncached loop),
 * attention after the handlers that can change it (see the threading
 * comment below). The last record enters the next block itself when the run loop
 * would (tc_chain; a taken branch to a linked block refills from it:
 * branch), and a branch back to its own block's start runs the block again
 * from the record (loop_back). Register and memory operands get one function per
 * size and mode (tables built by the SIZED/SM_EACH/DM_EACH macros), so
 * flags and masks are inline code for one size.
 *
 * Exactness: the records make the same bus accesses in the same order with
 * the same cycle counts as the decode table's handlers; a memory operand is
 * checked first (aligned, one page, in the fast table — the write table
 * has no code pages) and anything else runs the table's handler (slow()),
 * so every fault, MMIO access and write to code takes the uncached path's
 * code with the state it expects (inst_pc, ae_pc_adj, ae_abs, prog_read as
 * begin() leaves them: the records that change them put them back).
 *
 * The prefetch queue: pc, ir and irc are architectural (group-0 frames, the
 * descriptor, the uncached fallback read them) but lazy inside a block:
 * made real from the records whenever something can read them (q_sync).
 * The words a record
 * fetches — its extension words, the refills, the closing prefetch — are
 * taken from the record (ext[], as decoded) instead of the bus: the block
 * owns them (translate() protects the block's bytes and the two words after
 * it, across a page when needed), it is valid, and nothing on a record's
 * fast path can write code, so they are what the bus would return. The
 * queue is checked against the block when a block is entered from the run
 * loop (ir and irc: both may hold words fetched before the code was
 * rewritten, which the 68000 executes — its prefetch, UM §6.1 — and so does
 * the uncached loop); between records it needs no check, since every word
 * came from the block.
 *
 * Condition codes nobody reads: translate() (nf_select) gives a record a
 * variant without the flags the next record of the block always overwrites
 * (nf_fix for a next record that goes the slow way).
 *
 * Invalidation: the code pages are marked in the space, so writes to them
 * by this CPU (its slow path), DMA, or the loader drop the overlapping
 * blocks and raise WW_CPU_ATTN_CODE, which ends the block after the
 * instruction that wrote. */
#include "cpu/m68k/m68k.h"

enum { M68K_TC_MAX_INSNS = 48 };
_Static_assert((int)M68K_TC_RUN >= (int)M68K_TC_MAX_INSNS, "a block fits one entry from the run loop");

/* ---- instruction lengths (PRM appendix A: extension words per mode) ------- */

static unsigned ea_ext(unsigned mode, unsigned reg, unsigned size)
{
    switch (mode) {
    case 5: case 6: return 2;
    case 7:
        switch (reg) {
        case 0: case 2: case 3: return 2;
        case 1: return 4;
        case 4: return size == 4 ? 4 : 2;
        default: return 0;
        }
    default: return 0;
    }
}

unsigned m68k_len_68000(uint16_t op)
{
    unsigned mode = (op >> 3) & 7, reg = op & 7, s = (op >> 6) & 3;
    unsigned size = 1u << s;
    switch (op >> 12) {
    case 0x0:
        if (op & 0x100)
            return mode == 1 ? 4 : 2 + ea_ext(mode, reg, 1);        /* MOVEP; BTST Dn */
        if (((op >> 9) & 7) == 4)
            return 4 + ea_ext(mode, reg, 1);                        /* BTST #n */
        if (s == 3)
            return 0;
        if ((op & 0x3f) == 0x3c)
            return 4;                                               /* to CCR/SR */
        return 2 + (s == 2 ? 4 : 2) + ea_ext(mode, reg, size);      /* ORI … CMPI */
    case 0x1: case 0x2: case 0x3: {
        unsigned msz = (op >> 12) == 1 ? 1 : (op >> 12) == 3 ? 2 : 4;
        return 2 + ea_ext(mode, reg, msz) + ea_ext((op >> 6) & 7, (op >> 9) & 7, msz);
    }
    case 0x4:
        if ((op & 0xfff8) == 0x4e50 || op == 0x4e72)
            return 4;                                               /* LINK, STOP */
        if ((op & 0xff80) == 0x4e80)
            return 2 + ea_ext(mode, reg, 4);                        /* JSR, JMP */
        if ((op & 0xff00) == 0x4e00)
            return 2;
        if ((op & 0xfb80) == 0x4880)
            return mode == 0 ? 2 : 4 + ea_ext(mode, reg, 2);        /* EXT; MOVEM */
        if ((op & 0xf1c0) == 0x41c0)
            return 2 + ea_ext(mode, reg, 4);                        /* LEA */
        if ((op & 0xf1c0) == 0x4180)
            return 2 + ea_ext(mode, reg, 2);                        /* CHK */
        return 2 + ea_ext(mode, reg, s == 3 ? 2 : size);
    case 0x5:
        if (s == 3)
            return mode == 1 ? 4 : 2 + ea_ext(mode, reg, 1);        /* DBcc; Scc */
        return 2 + ea_ext(mode, reg, size);
    case 0x6:
        return (op & 0xff) == 0 ? 4 : 2;
    case 0x7:
        return 2;
    case 0x8: case 0xc:
        return 2 + ea_ext(mode, reg, s == 3 ? 2 : size);
    case 0x9: case 0xb: case 0xd:
        return 2 + ea_ext(mode, reg, s == 3 ? ((op & 0x100) ? 4 : 2) : size);
    case 0xe:
        return s == 3 ? 2 + ea_ext(mode, reg, 2) : 2;
    default:
        return 2;                                                   /* line A, line F */
    }
}

/* The most clocks the 68000 can take for one instruction (ext0: the word
 * after the opcode), with the exception it may take itself: a block's worst
 * case is the sum (translate(): b->cycles), and a machine enters a block
 * only when all of it fits the cycle budget, so its records make no budget
 * test (tc_enter). From the UM's tables 8-4 to 8-12 (68000 UM §8), with
 * the longest effective address (12 clocks: (xxx).L, d8(An,Xn) takes 10):
 * DIVS 158 + 12 (DIVU 140; a zero divide takes 38 + EA), MULU/MULS 70 + 12,
 * a shift or rotate by a register 8 + 2 * 63, MOVEM 20 + 8 per register
 * (from memory, (xxx).L; to memory 16 + 8n), RESET 132, CHK 40 + EA when
 * it traps; everything else is at most 36 (MOVE.L (xxx).L,(xxx).L, ADDI.L
 * #,(xxx).L) — an exception it takes instead (privilege, line A/F, an
 * illegal opcode: 34) is shorter. Bus and address errors leave the block
 * (run()'s abort target), so their frames need no room here. Bounds only
 * need to be safe: a block that does not fit runs on the uncached loop. */
static unsigned max_cycles(uint16_t op, uint16_t ext0)
{
    unsigned s = (op >> 6) & 3, mode = (op >> 3) & 7;
    switch (op >> 12) {
    case 0x4:
        if ((op & 0xfb80) == 0x4880 && mode != 0)
            return 24 + 8 * (unsigned)__builtin_popcount(ext0);    /* MOVEM */
        if (op == 0x4e70)
            return 136;                                             /* RESET */
        if ((op & 0xf1c0) == 0x4180)
            return 56;                                              /* CHK */
        return 40;
    case 0x8:
        return s == 3 ? 176 : 40;                                   /* DIVU, DIVS */
    case 0xc:
        return s == 3 ? 88 : 40;                                    /* MULU, MULS */
    case 0xe:
        return s != 3 && (op & 0x20) ? 136 : 40;                    /* count in Dn */
    default:
        return 40;
    }
}

/* The instruction may change the flow or the mode: nothing after it joins
 * the block. */
static bool ends_block(uint16_t op)
{
    switch (op >> 12) {
    case 0x0:
        return (op & 0x1bf) == 0x3c || (op & 0x1ff) == 0x7c;        /* to CCR / SR */
    case 0x4:
        return (op & 0xff00) == 0x4e00 || (op & 0xf9c0) == 0x40c0 ||  /* RTS … JMP; SR/CCR */
               (op & 0xf1c0) == 0x4180 || op == 0x4afc;             /* CHK, ILLEGAL */
    case 0x5:
        return (op & 0xf8) == 0xc8;                                 /* DBcc */
    case 0x6: case 0xa: case 0xf:
        return true;
    default:
        return false;
    }
}

/* ---- records --------------------------------------------------------------- */

#define AI __attribute__((always_inline)) inline

/* Threading: each record ends by calling the next one (a tail call: one
 * indirect jump per instruction), with no test between records: everything
 * the run loop tests before an instruction is made once per block:
 *  - the block's end: the record after the last one is an end record
 *    (op_end) that chains or returns, so no record compares positions;
 *  - the budget: a block is only entered when all of it fits — the
 *    runner's in instructions (tc_left), a machine's in cycles: m->cyc (which
 *    runs on through the block) plus the block's worst case (max_cycles,
 *    summed by translate() into b->cycles) within tc_lim (loop_cached,
 *    tc_enter); when the budget ends inside a block, the uncached loop
 *    finishes instruction by instruction (exact stops: the first record
 *    whose end reaches tc_lim is the block's last or later);
 *  - attention (cpu.attention, the 68000's attn byte): only code off a
 *    record's fast path can change it — a decode-table handler (slow()),
 *    whose bus cycles reach chips, raise exceptions, write code, stop for a
 *    system call — and slow() then leaves the block after that instruction
 *    as the run loop would (through run()'s abort target: M68K_TC_STOP;
 *    op_generic returns instead); the exit bit another thread may set is
 *    seen at the block's end (tc_enter tests attention), within one block.
 * tc_cur is the record that may fault or the last one done, for the counts
 * (run() after a fault, loop_cached after a return): set by slow() and
 * jump() (the only calls that may fault) and on every return. The count of
 * the blocks entered one from the other is tc_left's (cpu.c tc_before).
 * begin() needs nothing per record: ae_pc_adj, ae_abs and prog_read are put
 * back by the records that change them (reset_ae), inst_pc is set before a
 * decode-table handler runs (only those read it). The stack holds at most a
 * block's records when the compiler does not make the calls jumps. */
static void tc_chain(m68k_t *m, const m68k_dop *d);
/* The queue is lazy on the records' fast paths: pc, ir and irc are what
 * they were when the block was entered (or a handler left them) until
 * q_sync(m, n) makes them what they are when record n begins — its
 * address + 4, its opcode, the word after it: a record fetches exactly its
 * own words (the length decoder's, tests/cpu/m68k/cached.c "length"), all
 * of which the block owns, so the queue at each record's start is the
 * record's own first words. No fast path reads them (Bcc uses d->pc4);
 * they are made real for every reader: before a decode-table handler
 * (slow(): it fetches from the bus, its group-0 frames hold ir), before a
 * jump's refills, and whenever the records return to the run loop (op_end,
 * the branches into blocks not entered, tc_enter) — so the
 * descriptor, snapshots, gdb and the uncached loop only ever see them
 * real; entering a linked block leaves them lazy (the queue is the new
 * block's first words). After a handler they are real already (it fetched
 * them; they may even differ from the block's words: a write to code, which
 * sets attention: slow() leaves them as they are). */
static AI void q_sync(m68k_t *m, const m68k_dop *n)
{
    m->pc = n->pc4;
    m->ir = n->op;
    m->irc = n->ext[0];
}
/* Block to block without the run loop: after the block's last record, the
 * successor is entered directly when the run loop would enter it (tc_enter:
 * the same tests as loop_cached's path between blocks). Links are only made
 * between blocks of the same flags, and S and T still hold: only a
 * decode-table handler changes them, and op_generic comes here only when
 * they did not change. m->cyc runs on (tc_lim stays right: it is in
 * m->cyc's terms). A block without a link returns to the run loop, which
 * looks the successor up and links it. At most M68K_TC_RUN instructions
 * per entry from the run loop (tc_left; with loop_back: a bounded stack when
 * the calls are not jumps; none for the tests that stop after every
 * block). */
/* The linked successor of the running block at pc, valid, or NULL. */
static AI ww_tc_block *tc_link(const m68k_t *m, uint32_t pc)
{
    const ww_tc_block *b = m->tc_block;
    ww_tc_block *n = b->link[0];
    if (G_UNLIKELY(!n || n->pc != pc || !n->valid)) {
        n = b->link[1];
        if (!n || n->pc != pc || !n->valid)
            return NULL;
    }
    return n;
}
/* Enter n (valid, its first words in the queue) after the running block's
 * last record d, if the run loop would: nothing needs the loop (attention),
 * the budget holds all of n — the runner's in instructions (tc_left, also
 * the bound on instructions per entry from the run loop), a machine's in
 * cycles: n's worst case (translate(): b->cycles) from m->cyc stays within
 * tc_lim (the runner's is beyond reach), so no record of n needs to test
 * it. The count is not made here: the run loop derives the
 * blocks done from tc_left (m68k_tc_count in cpu.c). When n is not
 * entered, tc_cur is d and the queue is made real from q, the record whose
 * words it holds (NULL: it is real already). While a block runs tc_cur is
 * only kept where a fault can happen (slow(), jump(), the slow stack
 * accesses) and on every return. */
static AI void tc_enter(m68k_t *m, const m68k_dop *d, ww_tc_block *n, const m68k_dop *q)
{
    if (G_UNLIKELY(((m->attn | m->cpu.attention) != 0) | (m->tc_left < n->ninsns) |
                   (m->cyc + n->cycles > m->tc_lim)))
        goto out;
    m->tc_left -= n->ninsns;
    m->tc_block = n;
    const m68k_dop *n0 = (const m68k_dop *)n->ops;
    n0->fn(m, n0);
    return;
out:
    m->tc_cur = d;
    if (q)
        q_sync(m, q);
}
static AI void tc_next(m68k_t *m, const m68k_dop *d)
{
    const m68k_dop *n = d + 1;
    n->fn(m, n);
}
/* The record after a block's last one (translate() puts it there, with the
 * two words after the block: the queue at the next instruction): the whole
 * block ran; the successor is entered with the queue still lazy (its first
 * words are these), else the queue is made real for the run loop. */
static void op_end(m68k_t *m, const m68k_dop *e)
{
    ww_tc_block *n = tc_link(m, e->pc4 - 4);
    if (G_LIKELY(n != NULL) && ((const m68k_dop *)n->ops)->op == e->op) {
        tc_enter(m, e - 1, n, e);
        return;
    }
    m->tc_cur = e - 1;
    q_sync(m, e);
}
/* After a block's last record d with the queue real (a jump's refills, a
 * handler). */
static void tc_chain(m68k_t *m, const m68k_dop *d)
{
    ww_tc_block *n = tc_link(m, m->pc - 4);
    if (!n || G_UNLIKELY(((const m68k_dop *)n->ops)->op != m->ir)) {
        m->tc_cur = d;
        return;
    }
    tc_enter(m, d, n, NULL);
}
static AI void reset_ae(m68k_t *m)
{
    m->ae_pc_adj = -2;
    m->ae_abs = 0;
    m->prog_read = 0;
}
/* Fetches from the record (its words, as decoded: ext[j] is the word at the
 * instruction's address + 2 + 2j, through the one its closing prefetch
 * reads; translate() protects them with the block). They are what the bus
 * would give: the block is valid, and nothing a record does on its fast path
 * writes code (the write table has no code pages) — a write that does goes
 * the slow way, through the decode table's handler and real fetches. k:
 * fetches of this instruction before this one. Same cycles as
 * m68k_ext / m68k_prefetch. */
static AI uint16_t rext(m68k_t *m, const m68k_dop *d, unsigned k)
{
    m->cyc += 4;            /* pc and irc: lazy (q_sync) */
    return d->ext[k];
}
static AI uint32_t rext32(m68k_t *m, const m68k_dop *d, unsigned k)
{
    uint32_t hi = rext(m, d, k);
    return hi << 16 | rext(m, d, k + 1);
}
static AI void rprefetch(m68k_t *m, const m68k_dop *d, unsigned k)
{
    (void)d;
    (void)k;
    m->cyc += 4;            /* pc, ir and irc: lazy (q_sync) */
}
/* The decode table's handler, as the uncached loop calls it; it may fault
 * (tc_cur) and change what needs the run loop: true when attention is due
 * (the handler's bus cycles reached a chip, took an exception, wrote code,
 * stopped for a system call). */
static AI bool slow_h(m68k_t *m, const m68k_dop *d)
{
    m->inst_pc = d->pc4 - 4;
    m->tc_cur = d;
    q_sync(m, d);
    d->h(m, d->op);
    return (m->attn | m->cpu.attention) != 0;
}
/* Leave the block after record tc_cur, done (its handler ran), back to the
 * run loop: through run()'s abort target (M68K_TC_STOP: counted as the run
 * loop counts a returning block; cpu.c), since the record that called
 * slow() would go on to the next one without a test. The queue is real
 * (the handler's). */
static __attribute__((noinline, cold, noreturn)) void tc_stop(m68k_t *m)
{
    reset_ae(m);
    longjmp(*m->abort, M68K_TC_STOP);
}
/* The handler for a record's slow way (a memory operand that may fault or
 * reach a chip), inside a block. It does not return to the record: when the
 * run loop is needed after it, or the flow moved (an exception), the block
 * is left here (the records after this one make no test of their own);
 * else the records go on from the next one, and when they return (the run
 * of blocks ended) the run loop is reached the same way, through run()
 * (M68K_TC_STOP: the count is tc_before's either way). So a record's own
 * path needs no stack frame for this call (noreturn: nothing of the record
 * is live after it), and the slow way costs one longjmp more — it is the
 * way of a chip's registers, an access across a page, a fault. The
 * handler's cycles stay within the instruction's worst case (translate():
 * the bus has no wait states), so the block still fits the budget. A
 * record calls it last (`slow(m, d); return;`). */
static __attribute__((noinline, cold, noreturn)) void slow(m68k_t *m, const m68k_dop *d)
{
    if (!slow_h(m, d) && m->pc == d[1].pc4) {
        reset_ae(m);
        d[1].fn(m, d + 1);
    }
    tc_stop(m);
}
/* The slow path of a record with a memory operand, out of line: first the
 * flags the record before left to this one (nf_fix), then slow() (which
 * resets ae_* and goes on to the next record). */
static void nf_fix(m68k_t *m, const m68k_dop *p);
static __attribute__((noinline, cold, noreturn)) void slow_next(m68k_t *m, const m68k_dop *d)
{
    if (d->nfp)
        nf_fix(m, d - 1);
    slow(m, d);
}
/* A record function from a body NAME_ (REC), one that leaves ae_* changed
 * (RECM); one per operand size, NAME_tab[size], from NAME_(m, d, size)
 * (SIZED, SIZEDM: the size folds into the flag and mask code). */
#define REC(name) static void name(m68k_t *m, const m68k_dop *d) { name##_(m, d); tc_next(m, d); }
#define RECM(name) \
    static void name(m68k_t *m, const m68k_dop *d) { name##_(m, d); reset_ae(m); tc_next(m, d); }
#define SIZED_(name, post)                                                                  \
    static void name##1(m68k_t *m, const m68k_dop *d) { name##_(m, d, 1); post; tc_next(m, d); } \
    static void name##2(m68k_t *m, const m68k_dop *d) { name##_(m, d, 2); post; tc_next(m, d); } \
    static void name##4(m68k_t *m, const m68k_dop *d) { name##_(m, d, 4); post; tc_next(m, d); } \
    static const m68k_dfn name##_tab[5] = { NULL, name##1, name##2, NULL, name##4 };
#define SIZED(name) SIZED_(name, (void)0)
#define SIZEDM(name) SIZED_(name, reset_ae(m))

/* ADD, SUB, CMP without X in (m68k.h): inline for one size. */
static AI uint32_t add_f(m68k_t *m, uint32_t s, uint32_t d, unsigned size)
{
    return m68k_add_cc(m, s, d, size, 0, false);
}
static AI uint32_t sub_f(m68k_t *m, uint32_t s, uint32_t d, unsigned size, bool cmp)
{
    return m68k_sub_cc(m, s, d, size, 0, false, cmp);
}

/* Condition codes nobody reads. The 68000's flags are eager, but inside a
 * block translate() knows what comes next (nf_select): when the next
 * record always overwrites N, Z, V, C (and X) without reading them, this
 * one need not compute them — a variant with nf = NF_NZVC computes only X
 * (where the instruction writes X), NF_ALL none. Only register-only
 * records (no slow path, no fault: nothing can see the flags in between)
 * count as the next one (or one with a memory operand whose slow path
 * first makes the flags: nf_fix), and never the end record. Nothing else
 * can see the flags between the two: tc_next makes no test, and a block
 * is only entered when its worst case fits the budget (max_cycles), so it
 * is left only after its last record, through a slow path or a fault. */
enum { NF_NONE, NF_NZVC, NF_ALL };
/* X alone of an ADD / SUB (carry, borrow out of the operand size). */
static AI void x_add(m68k_t *m, uint32_t s, uint32_t d, unsigned size)
{
    uint32_t mask = m68k_mask(size), r = (s + d) & mask;
    m->sr = (uint16_t)((m->sr & ~SR_X) | (r < (s & mask) ? SR_X : 0));
}
static AI void x_sub(m68k_t *m, uint32_t s, uint32_t d, unsigned size)
{
    uint32_t mask = m68k_mask(size);
    m->sr = (uint16_t)((m->sr & ~SR_X) | ((d & mask) < (s & mask) ? SR_X : 0));
}

/* Any instruction: its decode-table handler. It may take an exception
 * (the flow moves: the block is left). */
static void op_generic(m68k_t *m, const m68k_dop *d)
{
    bool stop = slow_h(m, d);
    reset_ae(m);
    /* The block's last record (a jump, a return, an SR writer …) chains
     * when S and T still hold (tc_chain does not test them); elsewhere an
     * exception (the flow moved) leaves the block. */
    if (d[1].fn == op_end) {
        if (!stop && !((m->sr ^ m->tc_block->flags) & (SR_S | SR_T)))
            tc_chain(m, d);
        return;
    }
    if (G_UNLIKELY(stop || m->pc != d[1].pc4))
        return;             /* tc_cur: d (slow_h) */
    tc_next(m, d);
}

/* Register r of d0-d7, a0-a7 (0-15) without a test: the two arrays are
 * adjacent in m68k_t (addressed from the struct, not past d[]). */
_Static_assert(offsetof(m68k_t, a) == offsetof(m68k_t, d) + 8 * sizeof(uint32_t),
               "a[] follows d[]");
static AI uint32_t rn(const m68k_t *m, unsigned r)
{
    uint32_t v;
    memcpy(&v, (const char *)m + offsetof(m68k_t, d) + 4 * r, 4);
    return v;
}

/* MOVEQ #imm,Dn */
static AI void op_moveq_(m68k_t *m, const m68k_dop *d)
{
    m->d[d->x] = d->imm;
    m->sr = (uint16_t)((m->sr & ~(SR_N | SR_Z | SR_V | SR_C)) | d->kind);    /* N, Z of imm */
    rprefetch(m, d, 0);
}
REC(op_moveq)

/* MOVE.s Dn/An,Dm */
static AI void move_dd(m68k_t *m, const m68k_dop *d, unsigned size, unsigned nf)
{
    uint32_t v = rn(m, d->y) & m68k_mask(size);
    rprefetch(m, d, 0);
    if (!nf)
        m68k_flags_logic(m, v, size);
    m68k_set_dn(m, d->x, size, v);
}
static AI void op_move_dd_(m68k_t *m, const m68k_dop *d, unsigned z) { move_dd(m, d, z, NF_NONE); }
static AI void op_move_dd_n_(m68k_t *m, const m68k_dop *d, unsigned z) { move_dd(m, d, z, NF_ALL); }
/* … the value kept for the next record's slow path (nf_fix) */
static AI void op_move_dd_p_(m68k_t *m, const m68k_dop *d, unsigned z)
{
    m->nf_s = rn(m, d->y);
    move_dd(m, d, z, NF_ALL);
}
SIZED(op_move_dd) SIZED(op_move_dd_n) SIZED(op_move_dd_p)

/* MOVEA.s Dn/An,Am */
static AI void op_movea_r_(m68k_t *m, const m68k_dop *d)
{
    uint32_t v = rn(m, d->y);
    m->a[d->x] = m68k_sext(v & m68k_mask(d->size), d->size);
    rprefetch(m, d, 0);
}
REC(op_movea_r)

/* ADDQ/SUBQ #q,An: the whole register, no flags */
static AI void op_addq_a_(m68k_t *m, const m68k_dop *d)
{
    m->a[d->x] += d->imm;       /* imm is -q for SUBQ */
    rprefetch(m, d, 0);
    m68k_idle(m, 4);
}
REC(op_addq_a)

/* The records' ALU operations (d->kind): dn OP s with every flag it
 * writes (alu_cc), or with none but X where nf keeps it (alu_nx; CMP
 * writes nothing: 0). */
enum { K_ADD, K_SUB, K_CMP, K_AND, K_OR, K_EOR };
static AI uint32_t alu_cc(m68k_t *m, unsigned kind, uint32_t s, uint32_t dn, unsigned size)
{
    uint32_t v;
    switch (kind) {
    case K_ADD: return add_f(m, s, dn, size);
    case K_SUB: return sub_f(m, s, dn, size, false);
    case K_CMP: return sub_f(m, s, dn, size, true);
    case K_AND: v = dn & s; break;
    case K_OR:  v = dn | s; break;
    default:    v = dn ^ s; break;
    }
    m68k_flags_logic(m, v, size);
    return v;
}
static AI uint32_t alu_nx(m68k_t *m, unsigned kind, uint32_t s, uint32_t dn, unsigned size,
                          unsigned nf)
{
    switch (kind) {
    case K_ADD:
        if (nf == NF_NZVC)
            x_add(m, s, dn, size);
        return dn + s;
    case K_SUB:
        if (nf == NF_NZVC)
            x_sub(m, s, dn, size);
        return dn - s;
    case K_CMP: return 0;
    case K_AND: return dn & s;
    case K_OR:  return dn | s;
    default:    return dn ^ s;
    }
}

/* ADDQ/SUBQ #q,Dn */
static AI void addq_d(m68k_t *m, const m68k_dop *d, unsigned size, unsigned nf)
{
    uint32_t dn = m->d[d->x], v;
    rprefetch(m, d, 0);
    if (size == 4)
        m68k_idle(m, 4);
    const unsigned kind = d->y ? K_SUB : K_ADD;
    v = nf ? alu_nx(m, kind, d->imm, dn, size, nf) : alu_cc(m, kind, d->imm, dn, size);
    m68k_set_dn(m, d->x, size, v);
}
static AI void op_addq_d_(m68k_t *m, const m68k_dop *d, unsigned z) { addq_d(m, d, z, NF_NONE); }
static AI void op_addq_d_x_(m68k_t *m, const m68k_dop *d, unsigned z) { addq_d(m, d, z, NF_NZVC); }
static AI void op_addq_d_n_(m68k_t *m, const m68k_dop *d, unsigned z) { addq_d(m, d, z, NF_ALL); }
SIZED(op_addq_d) SIZED(op_addq_d_x) SIZED(op_addq_d_n)

/* ADD/SUB/CMP/AND/OR Dn/An,Dm (exec_alu.c ea_to_dn with a register source) */
static AI void alu_rd_p(m68k_t *m, const m68k_dop *d, int kind, unsigned size, unsigned nf,
                        bool pend)
{
    uint32_t s = rn(m, d->y) & m68k_mask(size), dn = m->d[d->x], v;
    rprefetch(m, d, 0);
    if (size == 4)
        m68k_idle(m, kind != K_CMP ? 4 : 2);   /* UM table 8-4 */
    if (!nf) {
        v = alu_cc(m, kind, s, dn, size);
    } else {
        if (pend) {
            m->nf_s = s;        /* for nf_fix */
            m->nf_d = dn;
        }
        v = alu_nx(m, kind, s, dn, size, nf);
    }
    if (kind != K_CMP)
        m68k_set_dn(m, d->x, size, v);
}
static AI void alu_rd_nf(m68k_t *m, const m68k_dop *d, int kind, unsigned size, unsigned nf)
{
    alu_rd_p(m, d, kind, size, nf, false);
}
static AI void alu_rd(m68k_t *m, const m68k_dop *d, int kind, unsigned size)
{
    alu_rd_nf(m, d, kind, size, NF_NONE);
}
static AI void op_add_rd_(m68k_t *m, const m68k_dop *d, unsigned z) { alu_rd(m, d, K_ADD, z); }
static AI void op_sub_rd_(m68k_t *m, const m68k_dop *d, unsigned z) { alu_rd(m, d, K_SUB, z); }
static AI void op_cmp_rd_(m68k_t *m, const m68k_dop *d, unsigned z) { alu_rd(m, d, K_CMP, z); }
static AI void op_and_rd_(m68k_t *m, const m68k_dop *d, unsigned z) { alu_rd(m, d, K_AND, z); }
static AI void op_or_rd_(m68k_t *m, const m68k_dop *d, unsigned z)  { alu_rd(m, d, K_OR, z); }
SIZED(op_add_rd) SIZED(op_sub_rd) SIZED(op_cmp_rd) SIZED(op_and_rd) SIZED(op_or_rd)
/* … without the flags the next record overwrites (nf_select): _x keeps X. */
static AI void op_add_rd_x_(m68k_t *m, const m68k_dop *d, unsigned z) { alu_rd_nf(m, d, K_ADD, z, NF_NZVC); }
static AI void op_add_rd_n_(m68k_t *m, const m68k_dop *d, unsigned z) { alu_rd_nf(m, d, K_ADD, z, NF_ALL); }
static AI void op_sub_rd_x_(m68k_t *m, const m68k_dop *d, unsigned z) { alu_rd_nf(m, d, K_SUB, z, NF_NZVC); }
static AI void op_sub_rd_n_(m68k_t *m, const m68k_dop *d, unsigned z) { alu_rd_nf(m, d, K_SUB, z, NF_ALL); }
static AI void op_and_rd_n_(m68k_t *m, const m68k_dop *d, unsigned z) { alu_rd_nf(m, d, K_AND, z, NF_ALL); }
static AI void op_or_rd_n_(m68k_t *m, const m68k_dop *d, unsigned z)  { alu_rd_nf(m, d, K_OR, z, NF_ALL); }
SIZED(op_add_rd_x) SIZED(op_add_rd_n) SIZED(op_sub_rd_x) SIZED(op_sub_rd_n)
SIZED(op_and_rd_n) SIZED(op_or_rd_n)
/* … and the ones whose next record may go the slow way (a memory operand):
 * the operands kept for its slow path (nf_fix). */
static AI void op_add_rd_xp_(m68k_t *m, const m68k_dop *d, unsigned z) { alu_rd_p(m, d, K_ADD, z, NF_NZVC, true); }
static AI void op_add_rd_np_(m68k_t *m, const m68k_dop *d, unsigned z) { alu_rd_p(m, d, K_ADD, z, NF_ALL, true); }
static AI void op_sub_rd_xp_(m68k_t *m, const m68k_dop *d, unsigned z) { alu_rd_p(m, d, K_SUB, z, NF_NZVC, true); }
static AI void op_sub_rd_np_(m68k_t *m, const m68k_dop *d, unsigned z) { alu_rd_p(m, d, K_SUB, z, NF_ALL, true); }
SIZED(op_add_rd_xp) SIZED(op_add_rd_np) SIZED(op_sub_rd_xp) SIZED(op_sub_rd_np)

/* EOR Dn,Dm (exec_alu.c dn_to_ea, its register form) */
static AI void op_eor_dd_(m68k_t *m, const m68k_dop *d, unsigned size)
{
    uint32_t v = (m->d[d->x] ^ m->d[d->y]) & m68k_mask(size);
    m68k_flags_logic(m, v, size);
    rprefetch(m, d, 0);
    m68k_set_dn(m, d->y, size, v);
    if (size == 4)
        m68k_idle(m, 4);
}
SIZED(op_eor_dd)

/* NOT, NEG, CLR Dn (exec_alu.c op_not, op_neg, op_clr: a register operand
 * has no bus cycle; CLR's read of it does nothing) */
enum { UK_NOT, UK_NEG, UK_CLR };
static AI void unary_d(m68k_t *m, const m68k_dop *d, int kind, unsigned size)
{
    uint32_t v = m->d[d->x];
    if (kind == UK_NOT) {
        v = ~v;
        m68k_flags_logic(m, v, size);
    } else if (kind == UK_NEG) {
        v = sub_f(m, v, 0, size, false);
    } else {
        v = 0;
        m68k_flags_logic(m, 0, size);
    }
    rprefetch(m, d, 0);
    m68k_set_dn(m, d->x, size, v);
    if (size == 4)
        m68k_idle(m, 2);
}
static AI void op_not_d_(m68k_t *m, const m68k_dop *d, unsigned z) { unary_d(m, d, UK_NOT, z); }
static AI void op_neg_d_(m68k_t *m, const m68k_dop *d, unsigned z) { unary_d(m, d, UK_NEG, z); }
static AI void op_clr_d_(m68k_t *m, const m68k_dop *d, unsigned z) { unary_d(m, d, UK_CLR, z); }
SIZED(op_not_d) SIZED(op_neg_d) SIZED(op_clr_d)

/* m68k_jump with the queue first made real for the frame. */
static AI void jump(m68k_t *m, const m68k_dop *d, uint32_t target)
{
    m->tc_cur = d;          /* the refills may fault: the queue as the frame sees it */
    m->ir = d->op;
    m->irc = d->ext[0];
    m68k_jump(m, target);
}

/* A taken branch (d, the block's last record) to the start of its own
 * block (translate() marks it: d->kind): the two refills read the words the
 * block owns (its first opcode and the word after it), as jump() would
 * fetch them (8 clocks); then the block runs again from its first record
 * without the run loop if the run loop would run it (tc_enter). Nothing can
 * fault here, so the address-error state (ae_abs, ae_pc) is not set, and
 * the queue stays lazy: it is the block's first words (tc_enter makes it
 * real when it returns). qbad stays 0 (it is the 020+'s; the cached engine
 * is the 68000's), and jumped is the 020+'s trace flag (exec_insn). */
static AI void loop_back(m68k_t *m, const m68k_dop *d)
{
    ww_tc_block *b = m->tc_block;
    m->cyc += 8;
    tc_enter(m, d, b, (const m68k_dop *)b->ops);
}

/* A taken branch (d, the block's last record) to target, not its own
 * block's start: to a linked block, the two refills read the words that
 * block owns (its first opcode and the word after it: a valid block's
 * words are what the bus gives, from the fast table — the 68000's fetches
 * take 4 clocks each there) and the block is entered; else jump() fetches
 * and tc_chain looks for a link. */
/* The refills from n (valid, at target, even: they cannot fault), then
 * n is entered if the run loop would (tc_enter; the queue lazy as in
 * loop_back). The address-error state must be begin()'s (the caller puts
 * it back if it changed it). */
static AI void enter_at(m68k_t *m, const m68k_dop *d, uint32_t target, ww_tc_block *n)
{
    (void)target;           /* n->pc */
    m->cyc += 8;
    tc_enter(m, d, n, (const m68k_dop *)n->ops);
}
/* A taken branch to a target without a linked block: the refills from the
 * bus (they may fault: the address-error state names ae_pc), then
 * tc_chain. Out of line (noinline: the bus calls need a stack frame, which
 * the branch records' paths into linked blocks then do without). */
static __attribute__((noinline)) void jump_chain(m68k_t *m, const m68k_dop *d, uint32_t target,
                                                 uint32_t ae_pc)
{
    m->ae_abs = 1;
    m->ae_pc = ae_pc;
    jump(m, d, target);
    reset_ae(m);
    tc_chain(m, d);
}
/* Bcc's taken branch: the address-error state only for the refills that
 * may fault (jump()). */
static AI void branch(m68k_t *m, const m68k_dop *d, uint32_t target)
{
    ww_tc_block *n = tc_link(m, target);
    if (G_LIKELY(n != NULL) && !(target & 1)) {
        enter_at(m, d, target, n);
        return;
    }
    jump_chain(m, d, target, d->pc4 - 2);
}

/* Bcc.B (not BSR: exec_flow.c op_bcc) */
static void op_bcc_b(m68k_t *m, const m68k_dop *d)
{
    if (m68k_cond(m, d->x)) {
        uint32_t base = d->pc4 - 2;
        m68k_idle(m, 2);
        if (d->kind) {
            loop_back(m, d);
            return;
        }
        branch(m, d, base + d->imm);
        return;
    }
    m68k_idle(m, 4);
    rprefetch(m, d, 0);
    op_end(m, d + 1);       /* the end record: on to the next block */
}

/* ---- memory operands without the generic effective-address code ----------
 * A record with a memory operand first checks, changing nothing, that the
 * access cannot fault and needs no bus cycle of a chip: the address (from
 * the registers and the displacement already in irc) is aligned and its
 * bytes are in one page of the fast table (RAM/ROM; the write table has no
 * code pages, so a write to code goes the generic way and invalidates). If
 * not, the decode table's handler runs the whole instruction (slow_next:
 * out of line, and it resets ae_*). Otherwise it does what that handler
 * does in the same order: the same extension-word fetches (from the
 * record: they cannot fault), the same cycles, the same register updates;
 * nothing after the check can fault, so the address-error bookkeeping
 * (ae_pc_adj, prog_read) is left as the records keep it. */

enum { M_DN, M_AN, M_AI, M_PI, M_PD, M_DI, M_IX, M_AW, M_AL, M_PCDI, M_PCIX, M_IM };

/* (An)+ / -(An) step: a7 stays even for bytes. */
static inline uint32_t an_step(unsigned reg, unsigned size)
{
    return size == 1 && reg == 7 ? 2 : size;
}

static inline uint8_t *fast_ptr(m68k_t *m, uint8_t *const *tab, uint32_t addr, unsigned size)
{
    if (size > 1 && (addr & 1))
        return NULL;                        /* address error: the generic path */
    uint32_t a = addr & m->amask;
    if (size == 4 && (a & m->pmask) > m->pmask - 3)
        return NULL;                        /* across a page */
    uint8_t *p = tab[a >> m->page_bits];
    return p ? p + (a & m->pmask) : NULL;
}

static inline uint32_t load(const uint8_t *p, unsigned size)
{
    return size == 1 ? *p : size == 2 ? ww_ld_be16(p) : ww_ld_be32(p);
}
static inline void store(uint8_t *p, unsigned size, uint32_t v)
{
    if (size == 1)
        *p = (uint8_t)v;
    else if (size == 2)
        ww_st_be16(p, (uint16_t)v);
    else
        ww_st_be32(p, v);
}

/* The word k places ahead in the queue (irc, then the code at pc, which the
 * refills will fetch: nothing writes before they do), as decoded: the words
 * are the instruction's own, the block is valid and the queue was checked
 * when it was entered (see loop_cached in cpu.c). */
static inline bool peek(const m68k_dop *d, unsigned k, uint32_t *w)
{
    *w = d->ext[k];
    return true;
}

/* d8(An,Xn) with brief extension word ext (68000: bits 10-8 ignored). */
static inline uint32_t index_addr(const m68k_t *m, uint32_t base, uint32_t ext)
{
    uint32_t x = rn(m, (ext >> 12) & 15);    /* bit 15: An */
    if (!(ext & 0x0800))
        x = (uint32_t)(int32_t)(int16_t)x;
    return base + x + (uint32_t)(int32_t)(int8_t)ext;
}

/* Extension words of a fast mode. */
static inline unsigned ext_words(unsigned mode, unsigned size)
{
    switch (mode) {
    case M_DI: case M_IX: case M_AW: return 1;
    case M_AL: return 2;
    case M_IM: return size == 4 ? 2 : 1;
    default: return 0;
    }
}

/* The address of a memory operand whose extension words start k places
 * ahead in the queue, before anything changes; false if they cannot be
 * read ahead. */
static AI bool ea_addr(const m68k_t *m, const m68k_dop *d, unsigned mode, unsigned reg,
                       unsigned size, unsigned k, uint32_t *addr)
{
    uint32_t w, w2;
    switch (mode) {
    case M_PD: *addr = m->a[reg] - an_step(reg, size); return true;
    case M_DI:
        if (!peek(d, k, &w))
            return false;
        *addr = m->a[reg] + (uint32_t)(int32_t)(int16_t)w;
        return true;
    case M_IX:
        if (!peek(d, k, &w))
            return false;
        *addr = index_addr(m, m->a[reg], w);
        return true;
    case M_AW:
        if (!peek(d, k, &w))
            return false;
        *addr = (uint32_t)(int32_t)(int16_t)w;
        return true;
    case M_AL:
        if (!peek(d, k, &w) || !peek(d, k + 1, &w2))
            return false;
        *addr = w << 16 | w2;
        return true;
    default: *addr = m->a[reg]; return true;
    }
}

/* Read the source operand (modes Dn An (An) (An)+ -(An) d16(An) (xxx).w #imm)
 * as m68k_read_ea does; p is the checked host pointer of a memory operand. */
static inline __attribute__((always_inline)) uint32_t src_read(m68k_t *m, const m68k_dop *d,
                                                               unsigned mode,
                                                               unsigned reg, unsigned size,
                                                               const uint8_t *p, unsigned k0)
{
    switch (mode) {
    case M_DN: return m->d[reg] & m68k_mask(size);
    case M_AN: return m->a[reg] & m68k_mask(size);
    case M_IM:
        return size == 4 ? rext32(m, d, k0) : (rext(m, d, k0) & m68k_mask(size));
    default:
        break;
    }
    /* ae_pc_adj, prog_read: nothing here can fault (the operand was checked,
     * the extension words are the record's), so they stay as the records
     * leave them (reset_ae); only the slow path changes them (slow()). */
    /* The load first: a byte pointer may alias m, so the counts after it
     * stay in a register (the order is not visible: nothing can fault). */
    uint32_t v = load(p, size);
    if (mode == M_PD) {
        m68k_idle(m, 2);
        m->a[reg] -= an_step(reg, size);
    } else if (mode == M_DI || mode == M_AW) {
        rext(m, d, k0);
    } else if (mode == M_IX) {
        rext(m, d, k0);
        m68k_idle(m, 2);
    } else if (mode == M_AL) {
        rext32(m, d, k0);
    }
    m->cyc += size == 4 ? 8 : 4;
    if (mode == M_PI)
        m->a[reg] += an_step(reg, size);
    return v;
}

/* The source's host pointer, or NULL when the generic handler must run
 * (registers and immediates need none: a dummy). */
static AI const uint8_t *src_check_k(m68k_t *m, const m68k_dop *d, unsigned mode, unsigned reg,
                                     unsigned size, unsigned k0)
{
    static const uint8_t none;
    uint32_t addr;
    if (mode == M_DN || mode == M_AN || mode == M_IM)
        return &none;
    if (!ea_addr(m, d, mode, reg, size, k0, &addr))
        return NULL;
    return fast_ptr(m, m->rtab, addr, size);
}
static AI const uint8_t *src_check(m68k_t *m, const m68k_dop *d, unsigned mode, unsigned reg,
                                   unsigned size)
{
    return src_check_k(m, d, mode, reg, size, 0);
}

/* MOVE <ea>,<ea> (exec_move.c op_move, the cases without a fault). */
static AI bool move_nf(m68k_t *m, const m68k_dop *d, unsigned size, unsigned sm, unsigned dm,
                       unsigned nf)
{
    unsigned sr = d->y, dr = d->x;
    const uint8_t *sp = src_check(m, d, sm, sr, size);
    uint8_t *dp = NULL;
    if (!sp)
        goto generic;
    if (dm >= M_AI) {
        /* The destination's address before the source runs: its extension
         * words follow the source's in the queue, and the source moves no
         * register the address uses (the record says). */
        uint32_t da;
        if (!ea_addr(m, d, dm, dr, size, ext_words(sm, size), &da) ||
            !(dp = fast_ptr(m, m->wtab, da, size)))
            goto generic;
    }
    uint32_t v = src_read(m, d, sm, sr, size, sp, 0);
    switch (dm) {
    case M_DN:
        rprefetch(m, d, ext_words(sm, size));
        if (!nf)
            m68k_flags_logic(m, v, size);
        m68k_set_dn(m, dr, size, v);
        return true;
    case M_AN:
        m->a[dr] = m68k_sext(v, size);
        rprefetch(m, d, ext_words(sm, size));
        return true;
    default:
        /* No fault possible from here (ae_*: see src_read). */
        if (dm == M_DI || dm == M_IX) {
            rext(m, d, ext_words(sm, size));
            if (dm == M_IX)
                m68k_idle(m, 2);
        } else if (dm == M_AW) {
            rext(m, d, ext_words(sm, size));
        } else if (dm == M_AL) {
            rext32(m, d, ext_words(sm, size));
        }
        m->cyc += size == 4 ? 8 : 4;
        if (dm == M_PI)
            m->a[dr] += an_step(dr, size);
        m68k_flags_logic(m, v, size);
        rprefetch(m, d, ext_words(sm, size) + ext_words(dm, size));
        store(dp, size, v);     /* last: it may alias m for the compiler */
        return true;
    }
generic:
    slow_next(m, d);
    return false;
}
static AI bool move_(m68k_t *m, const m68k_dop *d, unsigned size, unsigned sm, unsigned dm)
{
    return move_nf(m, d, size, sm, dm, NF_NONE);
}

/* TST <ea> */
static AI bool tst_(m68k_t *m, const m68k_dop *d, unsigned size, unsigned sm)
{
    const uint8_t *sp = src_check(m, d, sm, d->y, size);
    if (!sp) {
        slow_next(m, d);
        return false;
    }
    m68k_flags_logic(m, src_read(m, d, sm, d->y, size, sp, 0), size);
    rprefetch(m, d, ext_words(sm, size));
    return true;
}

/* ADD/SUB/CMP/AND/OR <ea>,Dn (exec_alu.c ea_to_dn) */
static AI bool alu_nf(m68k_t *m, const m68k_dop *d, unsigned size, unsigned sm, unsigned nf)
{
    unsigned kind = d->kind;
    const uint8_t *sp = src_check(m, d, sm, d->y, size);
    if (!sp) {
        slow_next(m, d);
        return false;
    }
    uint32_t s = src_read(m, d, sm, d->y, size, sp, 0), v, dn = m->d[d->x];
    if (nf) {
        /* The _p variants (not CMP): the flags left to the next record's
         * slow path (nf_fix), X kept for NF_NZVC. */
        rprefetch(m, d, ext_words(sm, size));
        if (size == 4)
            m68k_idle(m, sm < 2 || sm == M_IM ? 4 : 2);
        m->nf_s = s;
        m->nf_d = dn;
        v = alu_nx(m, kind, s, dn, size, nf);
        m68k_set_dn(m, d->x, size, v);
        return true;
    }
    v = alu_cc(m, kind, s, dn, size);
    rprefetch(m, d, ext_words(sm, size));
    if (kind != K_CMP)
        m68k_set_dn(m, d->x, size, v);
    if (size == 4) {
        /* UM table 8-4: 8 clocks from a register or immediate, CMP.l 6 */
        bool regimm = sm < 2 || sm == M_IM;
        m68k_idle(m, kind != K_CMP && regimm ? 4 : 2);
    }
    return true;
}
static AI bool alu_(m68k_t *m, const m68k_dop *d, unsigned z, unsigned sm) { return alu_nf(m, d, z, sm, NF_NONE); }
static AI bool alup_x_(m68k_t *m, const m68k_dop *d, unsigned z, unsigned sm) { return alu_nf(m, d, z, sm, NF_NZVC); }
static AI bool alup_n_(m68k_t *m, const m68k_dop *d, unsigned z, unsigned sm) { return alu_nf(m, d, z, sm, NF_ALL); }

/* ADDA/SUBA/CMPA <ea>,An (exec_alu.c op_adda) */
static AI bool adda_(m68k_t *m, const m68k_dop *d, unsigned size, unsigned sm)
{
    const uint8_t *sp = src_check(m, d, sm, d->y, size);
    if (!sp) {
        slow_next(m, d);
        return false;
    }
    uint32_t s = m68k_sext(src_read(m, d, sm, d->y, size, sp, 0), size);
    rprefetch(m, d, ext_words(sm, size));
    if (d->kind == K_CMP) {
        sub_f(m, s, m->a[d->x], 4, true);
        m68k_idle(m, 2);
        return true;
    }
    m->a[d->x] = d->kind == K_ADD ? m->a[d->x] + s : m->a[d->x] - s;
    bool regimm = sm < 2 || sm == M_IM;
    m68k_idle(m, size == 2 || regimm ? 4 : 2);
    return true;
}

/* ORI/ANDI/SUBI/ADDI/EORI/CMPI #imm,Dn (exec_alu.c m68k_op_imm) */
static AI void imm_d(m68k_t *m, const m68k_dop *d, unsigned size, unsigned nf)
{
    unsigned kind = d->kind;
    uint32_t imm = size == 4 ? rext32(m, d, 0) : (rext(m, d, 0) & m68k_mask(size));
    uint32_t dn = m->d[d->x] & m68k_mask(size), v;
    if (nf) {
        /* No flags but X (ADDI/SUBI: NF_NZVC). */
        rprefetch(m, d, size == 4 ? 2 : 1);
        if (size == 4)
            m68k_idle(m, kind == K_CMP ? 2 : 4);
        v = alu_nx(m, kind, imm, dn, size, nf);
        if (kind != K_CMP)
            m68k_set_dn(m, d->x, size, v);
        return;
    }
    v = alu_cc(m, kind, imm, dn, size);      /* dn and imm in the size: so is v */
    rprefetch(m, d, size == 4 ? 2 : 1);
    if (kind == K_CMP) {
        if (size == 4)
            m68k_idle(m, 2);
        return;
    }
    m68k_set_dn(m, d->x, size, v);
    if (size == 4)
        m68k_idle(m, 4);
}
static AI void op_imm_d_(m68k_t *m, const m68k_dop *d, unsigned z) { imm_d(m, d, z, NF_NONE); }
static AI void op_imm_d_x_(m68k_t *m, const m68k_dop *d, unsigned z) { imm_d(m, d, z, NF_NZVC); }
static AI void op_imm_d_n_(m68k_t *m, const m68k_dop *d, unsigned z) { imm_d(m, d, z, NF_ALL); }
SIZEDM(op_imm_d) SIZEDM(op_imm_d_x) SIZEDM(op_imm_d_n)

/* CMPI #imm,<ea> on memory (exec_alu.c m68k_op_imm): the immediate, then
 * the operand's extension words and read. */
static AI bool cmpi_(m68k_t *m, const m68k_dop *d, unsigned size, unsigned sm)
{
    unsigned ki = size == 4 ? 2 : 1;
    const uint8_t *sp = src_check_k(m, d, sm, d->y, size, ki);
    if (!sp) {
        slow_next(m, d);
        return false;
    }
    uint32_t imm = size == 4 ? rext32(m, d, 0) : (rext(m, d, 0) & m68k_mask(size));
    uint32_t v = src_read(m, d, sm, d->y, size, sp, ki);
    sub_f(m, imm, v, size, true);
    rprefetch(m, d, ki + ext_words(sm, size));
    return true;
}

/* Set bits of a 16-bit value (the baseline x86-64 has no popcnt): two
 * lookups in a table of the bytes'. */
#define ONES2(n) n, n + 1, n + 1, n + 2
#define ONES4(n) ONES2(n), ONES2(n + 1), ONES2(n + 1), ONES2(n + 2)
#define ONES6(n) ONES4(n), ONES4(n + 1), ONES4(n + 1), ONES4(n + 2)
static const uint8_t ones8[256] = { ONES6(0), ONES6(1), ONES6(1), ONES6(2) };
static AI unsigned ones16(uint32_t x)
{
    return ones8[x & 0xff] + ones8[(x >> 8) & 0xff];
}

/* MULU/MULS <ea>,Dn (exec_alu.c op_mul): 38 + 2n clocks, n the ones of the
 * source (MULU) or its 01/10 bit pairs with a zero below bit 0 (MULS). */
static AI bool mul_k(m68k_t *m, const m68k_dop *d, unsigned size, unsigned sm, bool muls)
{
    const uint8_t *sp = src_check(m, d, sm, d->y, size);
    if (!sp) {
        slow_next(m, d);
        return false;
    }
    uint32_t s = src_read(m, d, sm, d->y, size, sp, 0), res;
    unsigned r = d->x, n;
    if (muls) {
        res = (uint32_t)((int32_t)(int16_t)s * (int32_t)(int16_t)m->d[r]);
        uint32_t x = (s << 1) & 0x1ffff;
        n = ones16((x ^ (x >> 1)) & 0xffff);
    } else {
        res = (s & 0xffff) * (m->d[r] & 0xffff);
        n = ones16(s & 0xffff);
    }
    m->d[r] = res;
    m68k_flags_logic(m, res, 4);
    rprefetch(m, d, ext_words(sm, size));
    m68k_idle(m, 34 + 2 * n);
    return true;
}

/* ASL/ASR/LSL/LSR #n,Dn in closed form (exec_shift.c shift, which goes bit
 * by bit): C and X the last bit out, V (ASL) set when the sign changed at
 * any step — when the bits that pass through the sign are not all equal. */
static AI void shift_n(m68k_t *m, const m68k_dop *d, unsigned size, unsigned n)
{
    unsigned bits = size * 8;
    uint32_t mask = m68k_mask(size), v = m->d[d->x] & mask, r, c;
    uint16_t f = 0;
    bool left = d->kind & 1, arith = !(d->kind & 2);
    if (left) {
        r = (v << n) & mask;
        c = (v >> (bits - n)) & 1;
        if (arith) {
            int32_t t = (int32_t)m68k_sext(v, size) >> (bits - 1 - n);
            if (t != 0 && t != -1)
                f |= SR_V;
        }
    } else if (arith) {
        int32_t t = (int32_t)m68k_sext(v, size);
        c = (uint32_t)(t >> (n - 1)) & 1;
        r = (uint32_t)(t >> n) & mask;
    } else {
        c = (v >> (n - 1)) & 1;
        r = v >> n;
    }
    if (r & m68k_msb(size))
        f |= SR_N;
    if (!r)
        f |= SR_Z;
    if (c)
        f |= SR_C | SR_X;
    m->sr = (uint16_t)((m->sr & ~0x1f) | f);
    rprefetch(m, d, 0);
    m68k_set_dn(m, d->x, size, r);
    m68k_idle(m, (size == 4 ? 4 : 2) + 2 * n);
}
static AI void op_shift_imm_(m68k_t *m, const m68k_dop *d, unsigned size)
{
    shift_n(m, d, size, d->imm);
}
SIZED(op_shift_imm)
/* … by Dy (mod 64): the closed form for 1 to bits - 1, else the table's
 * handler (a count of 0 or past the operand). */
static AI void op_shift_reg_(m68k_t *m, const m68k_dop *d, unsigned size)
{
    unsigned n = m->d[d->y] & 63;
    if (G_LIKELY(n - 1 < size * 8 - 1))
        shift_n(m, d, size, n);
    else
        slow(m, d);
}
SIZED(op_shift_reg)

/* The memory-operand records, one per size and mode (the mode switches of
 * the helpers above fold away). Source modes M_DN … M_AL and M_IM;
 * destinations M_DN … M_AL but -(An). */
#define SM_EACH(X, z) X(z, 0) X(z, 1) X(z, 2) X(z, 3) X(z, 4) X(z, 5) X(z, 6) X(z, 7) \
                      X(z, 8) X(z, 11)
/* (No reset_ae: the fast paths leave ae_* alone, the slow ones reset them.) */
#define SZ_SM_FN(impl, z, sm)                                                           \
    static void impl##z##_##sm(m68k_t *m, const m68k_dop *d)                           \
    {                                                                                   \
        if (impl##_(m, d, z, sm))                                                       \
            tc_next(m, d);                                                                  \
    }
#define TST_FN(z, sm) SZ_SM_FN(tst, z, sm)
#define ALU_FN(z, sm) SZ_SM_FN(alu, z, sm)
#define ADDA_FN(z, sm) SZ_SM_FN(adda, z, sm)
SM_EACH(TST_FN, 1) SM_EACH(TST_FN, 2) SM_EACH(TST_FN, 4)
SM_EACH(ALU_FN, 1) SM_EACH(ALU_FN, 2) SM_EACH(ALU_FN, 4)
#define ALUP_FN(z, sm) SZ_SM_FN(alup_x, z, sm) SZ_SM_FN(alup_n, z, sm)
#define ALUPX_ENT(z, sm) [sm] = alup_x##z##_##sm,
#define ALUPN_ENT(z, sm) [sm] = alup_n##z##_##sm,
SM_EACH(ALUP_FN, 1) SM_EACH(ALUP_FN, 2) SM_EACH(ALUP_FN, 4)
static const m68k_dfn alup_x_tab[5][12] = {
    [1] = { SM_EACH(ALUPX_ENT, 1) }, [2] = { SM_EACH(ALUPX_ENT, 2) }, [4] = { SM_EACH(ALUPX_ENT, 4) },
};
static const m68k_dfn alup_n_tab[5][12] = {
    [1] = { SM_EACH(ALUPN_ENT, 1) }, [2] = { SM_EACH(ALUPN_ENT, 2) }, [4] = { SM_EACH(ALUPN_ENT, 4) },
};
SM_EACH(ADDA_FN, 2) SM_EACH(ADDA_FN, 4)
#define CMPI_FN(z, sm) SZ_SM_FN(cmpi, z, sm)
SM_EACH(CMPI_FN, 1) SM_EACH(CMPI_FN, 2) SM_EACH(CMPI_FN, 4)
#define CMPI_ENT(z, sm) [sm] = cmpi##z##_##sm,
static const m68k_dfn cmpi_tab[5][12] = {
    [1] = { SM_EACH(CMPI_ENT, 1) }, [2] = { SM_EACH(CMPI_ENT, 2) }, [4] = { SM_EACH(CMPI_ENT, 4) },
};
/* MULU (mul2_*) and MULS (muls2_*) */
static AI bool mul_(m68k_t *m, const m68k_dop *d, unsigned z, unsigned sm) { return mul_k(m, d, z, sm, false); }
static AI bool muls_(m68k_t *m, const m68k_dop *d, unsigned z, unsigned sm) { return mul_k(m, d, z, sm, true); }
#define MUL_FN(z, sm) SZ_SM_FN(mul, z, sm) SZ_SM_FN(muls, z, sm)
SM_EACH(MUL_FN, 2)
#define MUL_ENT(z, sm) [sm] = mul##z##_##sm,
#define MULS_ENT(z, sm) [sm] = muls##z##_##sm,
static const m68k_dfn mul_tab[12] = { SM_EACH(MUL_ENT, 2) };
static const m68k_dfn muls_tab[12] = { SM_EACH(MULS_ENT, 2) };
#define TST_ENT(z, sm) [sm] = tst##z##_##sm,
#define ALU_ENT(z, sm) [sm] = alu##z##_##sm,
#define ADDA_ENT(z, sm) [sm] = adda##z##_##sm,
static const m68k_dfn tst_tab[5][12] = {
    [1] = { SM_EACH(TST_ENT, 1) }, [2] = { SM_EACH(TST_ENT, 2) }, [4] = { SM_EACH(TST_ENT, 4) },
};
static const m68k_dfn alu_tab[5][12] = {
    [1] = { SM_EACH(ALU_ENT, 1) }, [2] = { SM_EACH(ALU_ENT, 2) }, [4] = { SM_EACH(ALU_ENT, 4) },
};
static const m68k_dfn adda_tab[5][12] = {
    [2] = { SM_EACH(ADDA_ENT, 2) }, [4] = { SM_EACH(ADDA_ENT, 4) },
};
#define MV_FN(z, sm, dm)                                                                \
    static void mv##z##_##sm##_##dm(m68k_t *m, const m68k_dop *d)                      \
    {                                                                                   \
        if (move_(m, d, z, sm, dm))                                                     \
            tc_next(m, d);                                                                  \
    }
#define MV_ENT(z, sm, dm) [dm] = mv##z##_##sm##_##dm,
#define DM_EACH(X, z, sm) X(z, sm, 0) X(z, sm, 1) X(z, sm, 2) X(z, sm, 3) X(z, sm, 5) \
                          X(z, sm, 6) X(z, sm, 7) X(z, sm, 8)
#define MV_FNS(z, sm) DM_EACH(MV_FN, z, sm)
#define MV_ROW(z, sm) [sm] = { DM_EACH(MV_ENT, z, sm) },
SM_EACH(MV_FNS, 1) SM_EACH(MV_FNS, 2) SM_EACH(MV_FNS, 4)
static const m68k_dfn move_tab[5][12][9] = {
    [1] = { SM_EACH(MV_ROW, 1) }, [2] = { SM_EACH(MV_ROW, 2) }, [4] = { SM_EACH(MV_ROW, 4) },
};
/* MOVE <ea>,Dn without N, Z, V, C (nf_select). */
#define MVN_FN(z, sm)                                                                   \
    static void mvn##z##_##sm(m68k_t *m, const m68k_dop *d)                            \
    {                                                                                   \
        if (move_nf(m, d, z, sm, M_DN, NF_ALL))                                         \
            tc_next(m, d);                                                                  \
    }
#define MVN_ENT(z, sm) [sm] = mvn##z##_##sm,
SM_EACH(MVN_FN, 1) SM_EACH(MVN_FN, 2) SM_EACH(MVN_FN, 4)
static const m68k_dfn moven_tab[5][12] = {
    [1] = { SM_EACH(MVN_ENT, 1) }, [2] = { SM_EACH(MVN_ENT, 2) }, [4] = { SM_EACH(MVN_ENT, 4) },
};

/* The fast source modes, as record modes; -1 for the others. */
static int fast_src_mode(unsigned mode, unsigned reg)
{
    if (mode < 7)
        return (int)mode;
    if (reg == 0)
        return M_AW;
    if (reg == 1)
        return M_AL;
    if (reg == 4)
        return M_IM;
    return -1;
}

/* Bcc.W (not BSR: exec_flow.c op_bcc) */
static void op_bcc_w(m68k_t *m, const m68k_dop *d)
{
    uint32_t base = d->pc4 - 2;
    if (m68k_cond(m, d->x)) {
        uint32_t disp = (uint32_t)(int32_t)(int16_t)d->ext[0];
        m68k_idle(m, 2);
        if (d->kind) {
            loop_back(m, d);
            return;
        }
        branch(m, d, base + disp);
        return;
    }
    m68k_idle(m, 4);
    rext(m, d, 0);
    rprefetch(m, d, 1);
    op_end(m, d + 1);       /* the end record: on to the next block */
}

/* LEA <ea>,An (exec_move.c op_lea) for (An) d16(An) d8(An,Xn) (xxx).w (xxx).l */
static AI bool op_lea_fast_(m68k_t *m, const m68k_dop *d)
{
    uint32_t addr;
    unsigned mode = d->smode, reg = d->y;
    if (!ea_addr(m, d, mode, reg, 4, 0, &addr)) {
        slow_next(m, d);
        return false;
    }
    if (mode == M_DI || mode == M_AW || mode == M_IX)
        rext(m, d, 0);
    else if (mode == M_AL)
        rext32(m, d, 0);
    if (mode == M_IX)
        m68k_idle(m, 2 + 2);    /* the index; LEA's own 2 for the indexed modes */
    m->a[d->x] = addr;
    rprefetch(m, d, ext_words(mode, 4));
    return true;
}
static void op_lea_fast(m68k_t *m, const m68k_dop *d) { if (op_lea_fast_(m, d)) tc_next(m, d); }

/* DBcc, Scc, EXT, SWAP, bit ops on Dn, JMP/JSR/RTS, read-modify-write to
 * memory, MOVE to -(An), MOVEM: tc_records_more.h (specialise_more). */
#include "cpu/m68k/tc_records_more.h"

/* ---- flags nobody reads: the choice of variants --------------------------- */

/* What the record d (as specialise() made it) always writes of the
 * condition codes without reading any, on every path: NF_ALL (X, N, Z, V,
 * C), NF_NZVC, or NF_NONE. Only register and immediate operands: such a
 * record has no slow path and cannot fault, so nothing between it and the
 * record before can see that record's flags. */
static unsigned nf_kills(const m68k_dop *d)
{
    m68k_dfn f = d->fn;
    if (f == op_moveq || f == op_extw || f == op_extl || f == op_swap ||
        f == mul_tab[M_DN] || f == mul_tab[M_IM] || f == muls_tab[M_DN] || f == muls_tab[M_IM])
        return NF_NZVC;
    static const unsigned sizes[3] = { 1, 2, 4 };
    for (unsigned i = 0; i < 3; i++) {
        unsigned z = sizes[i];
        if (f == op_add_rd_tab[z] || f == op_sub_rd_tab[z] || f == op_addq_d_tab[z] ||
            f == op_neg_d_tab[z] || f == op_shift_imm_tab[z])
            return NF_ALL;
        if (f == op_imm_d_tab[z] || f == alu_tab[z][M_IM])
            return d->kind == K_ADD || d->kind == K_SUB ? NF_ALL : NF_NZVC;
        if (f == op_move_dd_tab[z] || f == op_cmp_rd_tab[z] || f == op_and_rd_tab[z] ||
            f == op_or_rd_tab[z] || f == op_eor_dd_tab[z] || f == op_not_d_tab[z] ||
            f == op_clr_d_tab[z] || f == tst_tab[z][M_DN] || f == move_tab[z][M_IM][M_DN])
            return NF_NZVC;
    }
    return NF_NONE;
}
/* The same for a record with a memory operand whose only other path is
 * slow_next (the handler): its fast path writes these flags, and its slow
 * path first makes the record before's flags (nf_fix; that record keeps its
 * operands for it, the _p variants). */
static unsigned nf_kills_mem(const m68k_dop *d)
{
    m68k_dfn f = d->fn;
    static const unsigned sizes[3] = { 1, 2, 4 };
    for (unsigned sm = M_AI; sm <= M_AL; sm++) {
        if (f == mul_tab[sm] || f == muls_tab[sm])
            return NF_NZVC;
        for (unsigned i = 0; i < 3; i++) {
            unsigned z = sizes[i];
            if (f == alu_tab[z][sm])
                return d->kind == K_ADD || d->kind == K_SUB ? NF_ALL : NF_NZVC;
            if (f == tst_tab[z][sm] || f == cmpi_tab[z][sm])
                return NF_NZVC;
        }
    }
    for (unsigned i = 0; i < 3; i++)
        for (unsigned sm = 0; sm < 12; sm++)
            for (unsigned dm = 0; dm < 9; dm++)
                if (dm != M_AN && move_tab[sizes[i]][sm][dm] && f == move_tab[sizes[i]][sm][dm])
                    return NF_NZVC;     /* not MOVEA: no flags */
    return NF_NONE;
}
/* The _p variant of d for lvl (it keeps its operands for nf_fix), or NULL. */
static m68k_dfn nf_variant_p(const m68k_dop *d, unsigned lvl)
{
    if (lvl == NF_NONE)
        return NULL;
    bool all = lvl == NF_ALL;
    static const unsigned sizes[3] = { 1, 2, 4 };
    for (unsigned i = 0; i < 3; i++) {
        unsigned z = sizes[i];
        if (d->fn == op_add_rd_tab[z])
            return (all ? op_add_rd_np_tab : op_add_rd_xp_tab)[z];
        if (d->fn == op_sub_rd_tab[z])
            return (all ? op_sub_rd_np_tab : op_sub_rd_xp_tab)[z];
        if (d->fn == op_move_dd_tab[z])
            return op_move_dd_p_tab[z];
        for (unsigned sm = 0; sm < 12; sm++)
            if (alu_tab[z][sm] && d->fn == alu_tab[z][sm] && d->kind != K_CMP)
                return (all ? alup_n_tab : alup_x_tab)[z][sm];
    }
    return NULL;
}
/* The flags of p, a _p variant whose next record goes the slow way, from
 * the operands it kept: as the full record makes them. */
static void nf_fix(m68k_t *m, const m68k_dop *p)
{
    static const unsigned sizes[3] = { 1, 2, 4 };
    for (unsigned i = 0; i < 3; i++) {
        unsigned z = sizes[i];
        if (p->fn == op_add_rd_np_tab[z] || p->fn == op_add_rd_xp_tab[z])
            add_f(m, m->nf_s, m->nf_d, z);
        else if (p->fn == op_sub_rd_np_tab[z] || p->fn == op_sub_rd_xp_tab[z])
            sub_f(m, m->nf_s, m->nf_d, z, false);
        else if (p->fn == op_move_dd_p_tab[z])
            m68k_flags_logic(m, m->nf_s, z);
        for (unsigned sm = 0; sm < 12; sm++) {
            if (!alup_x_tab[z][sm] || (p->fn != alup_x_tab[z][sm] && p->fn != alup_n_tab[z][sm]))
                continue;
            (void)alu_cc(m, p->kind, m->nf_s, m->nf_d, z);
        }
    }
}
/* The variant of d that leaves what the next record overwrites (lvl, from
 * nf_kills) uncomputed; d's own function when there is none. */
static m68k_dfn nf_variant(const m68k_dop *d, unsigned lvl)
{
    m68k_dfn f = d->fn;
    if (lvl == NF_NONE)
        return f;
    bool all = lvl == NF_ALL;
    static const unsigned sizes[3] = { 1, 2, 4 };
    for (unsigned i = 0; i < 3; i++) {
        unsigned z = sizes[i];
        if (f == op_add_rd_tab[z])
            return (all ? op_add_rd_n_tab : op_add_rd_x_tab)[z];
        if (f == op_sub_rd_tab[z])
            return (all ? op_sub_rd_n_tab : op_sub_rd_x_tab)[z];
        if (f == op_addq_d_tab[z])
            return (all ? op_addq_d_n_tab : op_addq_d_x_tab)[z];
        if (f == op_imm_d_tab[z])
            return (all ? op_imm_d_n_tab : op_imm_d_x_tab)[z];
        if (f == op_and_rd_tab[z])
            return op_and_rd_n_tab[z];      /* no X to keep */
        if (f == op_or_rd_tab[z])
            return op_or_rd_n_tab[z];
        if (f == op_move_dd_tab[z])
            return op_move_dd_n_tab[z];
        for (unsigned sm = M_AI; sm < 12; sm++)
            if (moven_tab[z][sm] && f == move_tab[z][sm][M_DN])
                return moven_tab[z][sm];
    }
    return f;
}
/* Within the block's n records (never the end record: the block's last
 * record computes every flag). */
static void nf_select(m68k_dop *ops, unsigned n)
{
    for (unsigned i = 0; i + 1 < n; i++) {
        unsigned lvl = nf_kills(&ops[i + 1]);
        if (lvl != NF_NONE) {
            ops[i].fn = nf_variant(&ops[i], lvl);
            continue;
        }
        m68k_dfn f = nf_variant_p(&ops[i], nf_kills_mem(&ops[i + 1]));
        if (f) {
            ops[i].fn = f;
            ops[i + 1].nfp = 1;
        }
    }
}

/* Fill d for op; the decode table's handler h is the reference. Only valid
 * encodings get a specialised record (the table's handler raises the
 * others). */
static void specialise(m68k_dop *d, uint16_t op)
{
    unsigned mode = (op >> 3) & 7, reg = op & 7, rx = (op >> 9) & 7, s = (op >> 6) & 3;
    int sm = fast_src_mode(mode, reg);
    d->fn = op_generic;
    if (!m68k_op_lookup(DEC_68000, op))
        return;
    if (specialise_more(d, op))
        return;
    switch (op >> 12) {
    case 0x0: {
        static const int8_t kinds[8] = { K_OR, K_AND, K_SUB, K_ADD, -1, K_EOR, K_CMP, -1 };
        if ((op & 0x100) || s == 3 || kinds[rx] < 0)
            return;
        if (mode != 0) {
            if (kinds[rx] == K_CMP && mode >= 2 && sm >= 0 && sm != M_IM) {
                d->y = (uint8_t)reg;        /* CMPI #imm,<ea> */
                d->fn = cmpi_tab[1u << s][sm];
            }
            return;
        }
        d->x = (uint8_t)reg;
        d->size = (uint8_t)(1u << s);
        d->kind = (uint8_t)kinds[rx];
        d->fn = op_imm_d_tab[d->size];
        return;
    }
    case 0x1: case 0x2: case 0x3: {
        unsigned size = (op >> 12) == 1 ? 1 : (op >> 12) == 3 ? 2 : 4;
        unsigned dmode = (op >> 6) & 7;
        d->size = (uint8_t)size;
        d->x = (uint8_t)rx;
        if (mode <= 1 && dmode <= 1) {      /* registers only */
            d->y = (uint8_t)(mode ? 8 + reg : reg);
            d->fn = dmode == 1 ? op_movea_r : op_move_dd_tab[size];
            return;
        }
        int dm = fast_src_mode(dmode, rx);
        if (sm < 0 || dm < 0 || dm == M_PD || dm == M_IM)
            return;
        if (dm >= M_AI && (sm == M_PI || sm == M_PD) &&
            (reg == rx || dm == M_IX))
            return;                         /* the source moves the destination */
        dmode = (unsigned)dm;
        d->smode = (uint8_t)sm;
        d->y = (uint8_t)reg;
        d->dmode = (uint8_t)dmode;
        d->fn = move_tab[size][sm][dmode];
        return;
    }
    case 0x4:
        if ((op & 0xf1c0) == 0x41c0 && sm >= M_AI && sm != M_PI && sm != M_PD && sm != M_IM) {
            d->smode = (uint8_t)sm;                                 /* LEA */
            d->y = (uint8_t)reg;
            d->x = (uint8_t)rx;
            d->fn = op_lea_fast;
            return;
        }
        if ((op & 0xf900) == 0x4000 && (op & 0x600) && s != 3 && mode == 0) { /* NEG CLR NOT */
            d->x = (uint8_t)reg;
            d->fn = ((op & 0x600) == 0x400 ? op_neg_d_tab : (op & 0x600) == 0x200 ? op_clr_d_tab
                     : op_not_d_tab)[1u << s];
            return;
        }
        if ((op & 0xff00) == 0x4a00 && s != 3 && sm >= 0) {         /* TST */
            d->smode = (uint8_t)sm;
            d->y = (uint8_t)reg;
            d->size = (uint8_t)(1u << s);
            d->fn = tst_tab[d->size][sm];
        }
        return;
    case 0x5:
        if (s == 3 || mode > 1)
            return;
        d->x = (uint8_t)reg;
        d->size = (uint8_t)(1u << s);
        d->imm = rx ? rx : 8;
        d->y = (op & 0x100) != 0;
        if (mode == 1) {
            d->imm = d->y ? (uint32_t)-(int32_t)d->imm : d->imm;
            d->fn = op_addq_a;
        } else {
            d->fn = op_addq_d_tab[d->size];
        }
        return;
    case 0x6: {
        unsigned cc = (op >> 8) & 15;
        if (cc == 1)
            return;
        d->x = (uint8_t)cc;
        if ((op & 0xff) == 0) {
            d->fn = op_bcc_w;
            return;
        }
        d->imm = (uint32_t)(int32_t)(int8_t)op;
        d->fn = op_bcc_b;
        return;
    }
    case 0x7:
        d->x = (uint8_t)rx;
        d->imm = (uint32_t)(int32_t)(int8_t)op;
        d->kind = (uint8_t)((d->imm ? 0 : SR_Z) | (d->imm >> 31 ? SR_N : 0));
        d->fn = op_moveq;
        return;
    case 0x8: case 0x9: case 0xb: case 0xc: case 0xd: {
        unsigned line = op >> 12;
        if (s == 3) {                       /* ADDA, SUBA, CMPA; DIVx, MULx */
            if (line == 0xc && sm >= 0) {
                d->x = (uint8_t)rx;         /* MULU, MULS */
                d->y = (uint8_t)reg;
                d->kind = (op & 0x100) != 0;
                d->fn = (d->kind ? muls_tab : mul_tab)[sm];
                return;
            }
            if (line == 0x8 || line == 0xc || sm < 0)
                return;
            d->x = (uint8_t)rx;
            d->y = (uint8_t)reg;
            d->smode = (uint8_t)sm;
            d->size = (op & 0x100) ? 4 : 2;
            d->kind = line == 0xd ? K_ADD : line == 0x9 ? K_SUB : K_CMP;
            d->fn = adda_tab[d->size][sm];
            return;
        }
        if (op & 0x100) {                   /* Dn,<ea>; EOR, CMPM, ADDX … */
            if (line == 0xb && mode == 0) {
                d->x = (uint8_t)rx;         /* EOR Dn,Dm */
                d->y = (uint8_t)reg;
                d->fn = op_eor_dd_tab[1u << s];
            }
            return;
        }
        d->x = (uint8_t)rx;
        d->size = (uint8_t)(1u << s);
        if (mode <= 1) {
            d->y = (uint8_t)(mode ? 8 + reg : reg);
            d->fn = (line == 0xd ? op_add_rd_tab : line == 0x9 ? op_sub_rd_tab
                     : line == 0xb ? op_cmp_rd_tab : line == 0xc ? op_and_rd_tab
                     : op_or_rd_tab)[d->size];
            return;
        }
        if (sm < 0)
            return;
        d->y = (uint8_t)reg;
        d->smode = (uint8_t)sm;
        d->kind = line == 0xd ? K_ADD : line == 0x9 ? K_SUB : line == 0xb ? K_CMP
                : line == 0xc ? K_AND : K_OR;
        d->fn = alu_tab[d->size][sm];
        return;
    }
    case 0xe: {
        unsigned type = (op >> 3) & 3, n = rx ? rx : 8;
        bool left = op & 0x100;
        if (s == 3 || type > 1)
            return;
        d->x = (uint8_t)reg;
        d->size = (uint8_t)(1u << s);
        d->kind = (uint8_t)((left ? 1 : 0) | (type == 1 ? 2 : 0));
        if (op & 0x20) {                    /* count in Dy */
            d->y = (uint8_t)rx;
            d->fn = op_shift_reg_tab[d->size];
            return;
        }
        if (type == 0 && left && s == 0 && n == 8)
            return;
        d->imm = n;
        d->fn = op_shift_imm_tab[d->size];
        return;
    }
    default:
        return;
    }
}

/* ---- the cache ---------------------------------------------------------------- */

bool m68k_tc_init(m68k_t *m)
{
    ww_space *s = m->cpu.chip.bus[M68K_BUS_MEM];
    if (m->tc || m->level || !s || !ww_space_read_table(s) || ww_space_cfg(s)->page_bits < 12)
        return false;       /* nothing to protect code with: stay uncached */
    ww_tcache_config cfg = {
        .op_size = sizeof(m68k_dop), .max_ops = M68K_TC_MAX_INSNS + 1, .pc_shift = 1,
    };
    m->tc = ww_tcache_new(&cfg, &m->cpu, s);
    return true;
}

void m68k_tc_fini(m68k_t *m)
{
    ww_tcache_free(m->tc);
    m->tc = NULL;
}

uint32_t m68k_tc_flags(const m68k_t *m)
{
    return (m->sr & (SR_S | SR_T)) | (m->cpu.user_mode ? 1u << 31 : 0);
}

/* The code word at offset o of a block whose first page has room bytes
 * from the block's start (host) and continues at host2. */
static uint16_t code_word(const uint8_t *host, const uint8_t *host2, uint32_t room, uint32_t o)
{
    return o < room ? ww_ld_be16(host + o) : ww_ld_be16(host2 + (o - room));
}

static ww_tc_block *translate(m68k_t *m, uint32_t pc, uint32_t flags)
{
    uint32_t pa = pc & m->amask;
    const uint8_t *host = m->prtab ? m->prtab[pa >> m->page_bits] : NULL;
    if (!host)
        return NULL;        /* a chip or a hole: from the bus every time */
    uint32_t off = pa & m->pmask, room = m->pmask + 1 - off;
    uint32_t pa2 = (pa - off + m->pmask + 1) & m->amask;
    const uint8_t *host2 = NULL;
    bool tried2 = false;
    host += off;
    const m68k_handler *tab = m->dispatch;
    ww_tc_block *b = ww_tcache_begin(m->tc, pc, flags, pa);
    m68k_dop *ops = (m68k_dop *)b->ops;
    unsigned n = 0, pos = 0, worst = 0;
    const unsigned max_n = m->tc_max_insns && m->tc_max_insns < M68K_TC_MAX_INSNS
                         ? m->tc_max_insns : M68K_TC_MAX_INSNS;
    while (n < max_n && pos + 2 <= room) {
        uint16_t op = ww_ld_be16(host + pos);
        unsigned len = m68k_len_68000(op);
        if (len == 0)
            len = 2;
        if (pos + len > room)
            break;          /* crosses the page: the next block starts with it */
        if (pos + len + 4 > room && !host2) {
            /* The record's fetches (through the word after the next
             * opcode) reach the next page: it must be memory too. */
            if (!tried2)
                host2 = m->prtab[pa2 >> m->page_bits];
            tried2 = true;
            if (!host2)
                break;
        }
        m68k_dop *d = &ops[n++];
        memset(d, 0, sizeof *d);
        d->h = tab[op];
        d->op = op;
        d->pc4 = pc + pos + 4;
        for (unsigned k = 0; k <= len / 2; k++)
            d->ext[k] = code_word(host, host2, room, pos + 2 + 2 * k);
        specialise(d, op);
        worst += max_cycles(op, d->ext[0]);
        pos += len;
        if (ends_block(op))
            break;
    }
    if (n == 0) {
        ww_tcache_abort(m->tc, b);
        return NULL;
    }
    nf_select(ops, n);
    /* A branch back to the block's start loops inside the block. */
    m68k_dop *last = &ops[n - 1];
    if (last->fn == op_bcc_b || last->fn == op_bcc_w) {
        uint32_t at = last->pc4 - 2;    /* the branch's address + 2 */
        uint32_t disp = last->fn == op_bcc_b ? last->imm : (uint32_t)(int32_t)(int16_t)last->ext[0];
        last->kind = at + disp == pc;
    }
    more_mark_loop(last, pc);
    /* After the last record, the end record (tc_next: no record tests for
     * the block's end); its pc4 is where the next instruction's prefetch
     * starts (op_generic compares it). */
    m68k_dop *e = &ops[n];
    memset(e, 0, sizeof *e);
    e->fn = op_end;
    e->pc4 = pc + pos + 4;
    e->op = code_word(host, host2, room, pos);
    e->ext[0] = code_word(host, host2, room, pos + 2);
    /* The block owns the two words after its last instruction as well: the
     * records' fetches read them from ext[] (a write to them must drop the
     * block as a write to the block does). */
    uint32_t end = pos + 4;
    bool cross = end > room;
    if (!ww_tcache_commit(m->tc, b, n + 1, n, worst, cross ? room : end,
                          cross ? pa2 : WW_TC_NO_PAGE, cross ? end - room : 0))
        return NULL;
    return b;
}

ww_tc_block *m68k_tc_find(m68k_t *m, uint32_t flags)
{
    uint32_t pc = m->pc - 4;
    ww_tc_block *b = ww_tcache_jc_find(m->tc, pc, flags);
    if (G_LIKELY(b != NULL))
        return b;
    ww_tcache_sync_space(m->tc);
    b = ww_tcache_find(m->tc, pc, flags, pc & m->amask);
    if (b)
        ww_tcache_jc_put(m->tc, b);
    else
        b = translate(m, pc, flags);
    return b;
}
