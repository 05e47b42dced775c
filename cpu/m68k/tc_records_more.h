/* cpu/m68k/tc_records_more.h — more records of the 68000's cached engine:
 * the instructions the long bench's hot loops still ran through the decode
 * table's handler (op_generic): DBcc; Scc Dn; EXT, SWAP; BTST/BCHG/BCLR/BSET
 * on Dn; ADDX/SUBX Dy,Dx; JMP, JSR, RTS (with a block-to-block step through
 * the jump cache for their computed targets); ADD/SUB/AND/OR/EOR Dn,<ea>,
 * ADDQ/SUBQ #q,<ea>, NOT/NEG/CLR/Scc <ea> to memory; MOVE to -(An) (pushes);
 * MOVEM to -(An) and from (An)+ (prologues and epilogues); PEA; LEA (PC).
 *
 * Included by tc_run.c (after its records, before specialise()): the records
 * use its conventions and helpers — tc_next (no test between records:
 * slow() leaves the block itself when the run loop is needed),
 * the lazy queue (q_sync: pc, ir, irc made real before anything can read
 * them), rext / rprefetch (the words the block owns, not the bus: cycles
 * only), src_check / src_read / fast_ptr (a memory operand that cannot fault
 * or reach a chip, else slow(): the decode table's handler runs the whole
 * instruction, with tc_cur and the queue made real), reset_ae; the block's
 * last records end as tc_run.c's Bcc does — the queue made real, then
 * tc_chain, loop_back, or a jump: jump() (tc_cur and the queue real before
 * refills that may fault) or, to a valid block, enter_at (the refills from
 * its words) — so every entry into another block goes through tc_enter
 * (attention, the budget tc_lim / tc_left). Each record does what the handler named in its
 * comment does, in the same order, with the same cycles (UM tables 8-4 to
 * 8-12) and the same address-error bookkeeping; a bus access that may fault
 * (a jump's fetch, a stack access that is not in the fast tables) is made
 * through the bus functions the handler uses, so its group-0 frame is the
 * same. specialise_more() picks them; tc_run.c's specialise() asks it first. */

/* ---- DBcc Dn,<label> (exec_flow.c op_dbcc) ---------------------------------
 * x: condition, y: register, imm: the target. kind: the target is the start
 * of the record's own block (more_mark_loop): the taken branch runs the block
 * again without the run loop, as Bcc does (loop_back). The counter is
 * written after the target fetch: an address error there leaves Dn as it
 * was (a linked target cannot fault: Dn first, then the refills from it).
 * 10 clocks taken, 12 when the condition holds, 14 when it expires. */
/* DBcc taken to a target without a linked block: the refills may fault
 * (the address-error state for the frame; Dn as it was), then Dn. Out of
 * line: see jump_chain. */
static __attribute__((noinline)) void dbcc_far(m68k_t *m, const m68k_dop *d, uint32_t target,
                                               uint16_t cnt)
{
    m->ae_abs = 1;
    m->ae_pc = d->pc4;          /* the word after the displacement */
    jump(m, d, target);
    m68k_set_dn(m, d->y, 2, cnt);
    reset_ae(m);
    tc_chain(m, d);
}
static void op_dbcc_r(m68k_t *m, const m68k_dop *d)
{
    if (m68k_cond(m, d->x)) {
        m68k_idle(m, 4);
        rext(m, d, 0);
        rprefetch(m, d, 1);
        op_end(m, d + 1);       /* the end record: on to the next block */
        return;
    }
    unsigned r = d->y;
    uint16_t cnt = (uint16_t)(m->d[r] - 1);
    if (cnt != 0xffff) {
        uint32_t target = d->imm;
        m68k_idle(m, 2);
        if (d->kind) {
            m68k_set_dn(m, r, 2, cnt);
            loop_back(m, d);
            return;
        }
        ww_tc_block *n = tc_link(m, target);
        if (G_LIKELY(n != NULL) && !(target & 1)) {
            m68k_set_dn(m, r, 2, cnt);
            enter_at(m, d, target, n);
            return;
        }
        dbcc_far(m, d, target, cnt);
        return;
    }
    m68k_set_dn(m, r, 2, cnt);
    m68k_idle(m, 2);
    rext(m, d, 0);
    rprefetch(m, d, 1);
    op_end(m, d + 1);           /* the end record: on to the next block */
}

/* translate(): a DBcc that ends the block and branches to its start loops in
 * the block (the Bcc records are marked there). */
static void more_mark_loop(m68k_dop *last, uint32_t pc)
{
    if (last->fn == op_dbcc_r)
        last->kind = last->imm == pc;
}

/* ---- Scc Dn (exec_flow.c op_scc: a register operand has no bus cycle) --------
 * x: condition, y: register. 4 clocks, 6 when true. */
static AI void op_scc_d_(m68k_t *m, const m68k_dop *d)
{
    bool t = m68k_cond(m, d->x);
    rprefetch(m, d, 0);
    m68k_set_dn(m, d->y, 1, t ? 0xff : 0);
    if (t)
        m68k_idle(m, 2);
}
REC(op_scc_d)

/* ---- EXT.W, EXT.L, SWAP Dn (exec_move.c op_ext, op_swap) ------------------- */
static AI void op_extw_(m68k_t *m, const m68k_dop *d)
{
    m68k_set_dn(m, d->x, 2, m68k_sext(m->d[d->x], 1));
    m68k_flags_logic(m, m->d[d->x], 2);
    rprefetch(m, d, 0);
}
REC(op_extw)
static AI void op_extl_(m68k_t *m, const m68k_dop *d)
{
    m->d[d->x] = m68k_sext(m->d[d->x], 2);
    m68k_flags_logic(m, m->d[d->x], 4);
    rprefetch(m, d, 0);
}
REC(op_extl)
static AI void op_swap_(m68k_t *m, const m68k_dop *d)
{
    uint32_t v = m->d[d->x];
    v = v << 16 | v >> 16;
    m->d[d->x] = v;
    m68k_flags_logic(m, v, 4);
    rprefetch(m, d, 0);
}
REC(op_swap)

/* ---- BTST/BCHG/BCLR/BSET #n,Dn and Dm,Dn (exec_bit.c bitop) ------------------
 * x: the register tested, y: the one with the bit number (Dm form), kind:
 * 0 tst, 1 chg, 2 clr, 3 set. The bit number is mod 32 on a register; the
 * immediate one is the extension word, fetched first. */
static AI void bit_d(m68k_t *m, const m68k_dop *d, bool imm)
{
    unsigned kind = d->kind;
    unsigned bit = (imm ? rext(m, d, 0) : m->d[d->y]) & 31;
    uint32_t v = m->d[d->x], b = 1u << bit;
    m->sr = (uint16_t)((v & b) ? (m->sr & ~SR_Z) : (m->sr | SR_Z));
    rprefetch(m, d, imm ? 1 : 0);
    if (kind == 0) {
        m68k_idle(m, 2);
        return;
    }
    v = kind == 1 ? v ^ b : kind == 2 ? v & ~b : v | b;
    m68k_idle(m, (kind == 2 ? 4 : 2) + (bit >= 16 ? 2 : 0));
    m->d[d->x] = v;
}
static AI void op_bit_di_(m68k_t *m, const m68k_dop *d) { bit_d(m, d, true); }
static AI void op_bit_dd_(m68k_t *m, const m68k_dop *d) { bit_d(m, d, false); }
REC(op_bit_di) REC(op_bit_dd)

/* ---- ADDX, SUBX Dy,Dx (exec_alu.c op_addx, its register form) ---------------
 * x: Dx, y: Dy; the flag code of the decode table (X in, Z only cleared). */
static AI void addx_d(m68k_t *m, const m68k_dop *d, unsigned size, bool add)
{
    unsigned x = (m->sr & SR_X) ? 1 : 0;
    uint32_t v = add ? m68k_alu_add(m, m->d[d->y], m->d[d->x], size, x, true)
                     : m68k_alu_sub(m, m->d[d->y], m->d[d->x], size, x, true, false);
    rprefetch(m, d, 0);
    m68k_set_dn(m, d->x, size, v);
    if (size == 4)
        m68k_idle(m, 4);
}
static AI void op_addx_d_(m68k_t *m, const m68k_dop *d, unsigned z) { addx_d(m, d, z, true); }
static AI void op_subx_d_(m68k_t *m, const m68k_dop *d, unsigned z) { addx_d(m, d, z, false); }
SIZED(op_addx_d) SIZED(op_subx_d)

/* ---- JMP, JSR, RTS (exec_flow.c op_jmp, op_jsr, op_rts) ---------------------- */

/* The block at a computed target (JMP, JSR, RTS: the block's last record):
 * one of the running block's links (tc_link), else the jump cache (a valid
 * block of the same flags at that pc: what the run loop's lookup finds
 * first, m68k_tc_find), which becomes the newest link as the run loop makes
 * it, so a switch's dispatch or a call and its return go on without the run
 * loop; NULL for the run loop to look up (or translate). These records do
 * not change S or T: the running block's flags are the target's. */
static AI ww_tc_block *tc_link_jc(m68k_t *m, uint32_t pc)
{
    ww_tc_block *n = tc_link(m, pc);
    if (G_LIKELY(n != NULL))
        return n;
    ww_tc_block *b = m->tc_block;
    n = ww_tcache_jc_find(m->tc, pc, b->flags);
    if (n) {
        ww_tc_chain(b, 1, b->link[0]);
        ww_tc_chain(b, 0, n);
    }
    return n;
}
/* To target after a computed jump's decode: refilled from the target's
 * block and entered when there is one (no fault is possible), else
 * jump() — tc_cur and the queue real, the refills from the bus, which may
 * fault — and back to the run loop (tc_cur: d, the queue real). */
static __attribute__((noinline)) void jump_far(m68k_t *m, const m68k_dop *d, uint32_t target)
{
    jump(m, d, target);     /* out of line: see jump_chain */
    reset_ae(m);
}
static AI void jump_jc(m68k_t *m, const m68k_dop *d, uint32_t target)
{
    ww_tc_block *n = tc_link_jc(m, target);
    if (G_LIKELY(n != NULL) && !(target & 1)) {
        reset_ae(m);        /* enter_at: begin()'s state (nothing faults now) */
        enter_at(m, d, target, n);
        return;
    }
    jump_far(m, d, target);
}

/* The target of JMP/JSR's control mode (m68k_ea_decode) and what the
 * decode and skip_refill add up to in clocks: the extension words are read
 * (4 each) but the refill after the last is not (the queue is reloaded from
 * the target); the indexed modes take 2 + 2. The words themselves need not
 * go through irc: the jump reloads it and pc before anything can see them.
 * prog_read as the decode leaves it (the PC-relative modes). */
static AI uint32_t jea(m68k_t *m, const m68k_dop *d, unsigned mode, unsigned *nwords)
{
    unsigned reg = d->y;
    uint32_t base = d->pc4 - 2;     /* pc - 2 at the decode: the word after the opcode */
    uint32_t w = d->ext[0];
    switch (mode) {
    case M_AI:
        *nwords = 0;
        return m->a[reg];
    case M_DI:
        m->cyc += 2;
        *nwords = 1;
        return m->a[reg] + (uint32_t)(int32_t)(int16_t)w;
    case M_IX:
        m->cyc += 6;
        *nwords = 1;
        return index_addr(m, m->a[reg], w);
    case M_AW:
        m->cyc += 2;
        *nwords = 1;
        return (uint32_t)(int32_t)(int16_t)w;
    case M_AL:
        m->cyc += 4;
        *nwords = 2;
        return w << 16 | d->ext[1];
    case M_PCDI:
        m->cyc += 2;
        m->prog_read = 1;
        *nwords = 1;
        return base + (uint32_t)(int32_t)(int16_t)w;
    default:    /* M_PCIX */
        m->cyc += 6;
        m->prog_read = 1;
        *nwords = 1;
        return index_addr(m, base, w);
    }
}

/* JMP <ea>: 8, 10, 14, 10, 12, 10, 14 clocks by mode (UM table 8-11). */
static AI void jmp_(m68k_t *m, const m68k_dop *d, unsigned mode)
{
    unsigned nw;
    uint32_t target = jea(m, d, mode, &nw);
    m->ae_pc_adj = mode == M_DI || mode == M_IX || mode >= M_PCDI ? -4 : -2;
    m->ae_abs = 1;
    m->ae_pc = d->pc4 - 2;
    jump_jc(m, d, target);
}

/* JSR <ea>: the first word at the target is fetched before the return
 * address is pushed (an odd target faults with nothing pushed); a push that
 * is not in the fast write table goes through m68k_push32. To a valid block
 * with a push in the fast write table nothing can fault: the refills come
 * from the block's words and it is entered (enter_at's work, the push
 * between the two fetches). Else tc_cur and the queue are made real first
 * (as jump() does): the fetches and a slow push may fault. */
/* JSR's way with the bus (see jsr_; out of line: see jump_chain). */
static __attribute__((noinline)) void jsr_far(m68k_t *m, const m68k_dop *d, unsigned mode,
                                              uint32_t target, uint32_t ret, uint8_t *p)
{
    m->ae_pc_adj = mode == M_DI || mode == M_IX || mode >= M_PCDI ? -4 : -2;
    m->ae_abs = 1;
    m->ae_pc = ret;
    m->tc_cur = d;
    q_sync(m, d);
    m->qbad = 0;
    m->jumped = 1;
    m->pc = target;
    m->irc = m68k_fetch_word(m, target);
    m->pc += 2;
    if (p) {
        m->a[7] -= 4;
        ww_st_be32(p, ret);
        m->cyc += 8;
    } else {
        m68k_push32(m, ret);
    }
    m68k_prefetch(m);
    reset_ae(m);
    /* The queue is the bus's: a block there is entered if it begins with
     * ir (a slow push may have written code: attention, tc_enter). */
    ww_tc_block *n = tc_link_jc(m, target);
    if (n && ((const m68k_dop *)n->ops)->op == m->ir)
        tc_enter(m, d, n, NULL);
}
static AI void jsr_(m68k_t *m, const m68k_dop *d, unsigned mode)
{
    unsigned nw;
    uint32_t target = jea(m, d, mode, &nw);
    uint32_t ret = d->pc4 - 2 + 2 * nw;
    uint8_t *p = fast_ptr(m, m->wtab, m->a[7] - 4, 4);
    ww_tc_block *n = tc_link_jc(m, target);
    if (G_LIKELY(n != NULL && p != NULL) && !(target & 1)) {
        m->a[7] -= 4;
        ww_st_be32(p, ret);
        m->cyc += 8;
        m->prog_read = 0;   /* jea's (PC modes): enter_at wants begin()'s state */
        enter_at(m, d, target, n);
        return;
    }
    jsr_far(m, d, mode, target, ret, p);
}

/* RTS: 16 clocks; the pop as m68k_pop32 does it (the slow way when the stack
 * is not in the fast read table: faults, chips — tc_cur and the queue real
 * first, as for a decode-table handler). */
static __attribute__((noinline)) uint32_t rts_pop(m68k_t *m, const m68k_dop *d)
{
    m->tc_cur = d;          /* out of line: see jump_chain */
    q_sync(m, d);
    return m68k_pop32(m);
}
static void op_rts_r(m68k_t *m, const m68k_dop *d)
{
    uint32_t pc;
    const uint8_t *p = fast_ptr(m, m->rtab, m->a[7], 4);
    if (G_LIKELY(p != NULL)) {
        pc = ww_ld_be32(p);
        m->cyc += 8;
        m->a[7] += 4;
    } else {
        pc = rts_pop(m, d);
    }
    m->ae_abs = 1;
    m->ae_pc = d->pc4 - 2;
    jump_jc(m, d, pc);
}

/* ---- read-modify-write to memory --------------------------------------------
 * ADD/SUB/AND/OR/EOR Dn,<ea> (exec_alu.c dn_to_ea), ADDQ/SUBQ #q,<ea>
 * (op_addq), NOT, NEG, CLR <ea> (op_not, op_neg, op_clr: the 68000 reads
 * CLR's operand too) and Scc <ea> (exec_flow.c op_scc: read, then written)
 * on (An) (An)+ -(An) d16(An) d8(An,Xn) (xxx).w (xxx).l: the operand is read
 * (src_read: the decode's extension words, -(An)'s 2 clocks, the (An)+
 * step), the flags and the result made, the next opcode fetched, the result
 * written. x: Dn, or imm: q (Scc: the condition); kind: below. Both the read
 * and the write table must give the operand's page (RAM, not code). */
enum { W_ADD, W_SUB, W_AND, W_OR, W_EOR, W_ADDQ, W_SUBQ, W_NOT, W_NEG, W_CLR, W_SCC };
static AI bool rmw_(m68k_t *m, const m68k_dop *d, unsigned size, unsigned dm)
{
    uint32_t addr;
    ea_addr(m, d, dm, d->y, size, 0, &addr);
    const uint8_t *rp = fast_ptr(m, m->rtab, addr, size);
    uint8_t *wp = fast_ptr(m, m->wtab, addr, size);
    if (!rp || !wp) {
        slow_next(m, d);        /* no frame on the fast path */
        return false;
    }
    uint32_t v = src_read(m, d, dm, d->y, size, rp, 0), s = m->d[d->x], r;
    switch (d->kind) {
    case W_ADD:  r = add_f(m, s, v, size); break;
    case W_SUB:  r = sub_f(m, s, v, size, false); break;
    case W_AND:  r = v & s; m68k_flags_logic(m, r, size); break;
    case W_OR:   r = v | s; m68k_flags_logic(m, r, size); break;
    case W_EOR:  r = v ^ s; m68k_flags_logic(m, r, size); break;
    case W_ADDQ: r = add_f(m, d->imm, v, size); break;
    case W_SUBQ: r = sub_f(m, d->imm, v, size, false); break;
    case W_NOT:  r = ~v; m68k_flags_logic(m, r, size); break;
    case W_NEG:  r = sub_f(m, v, 0, size, false); break;
    case W_CLR:  r = 0; m68k_flags_logic(m, 0, size); break;
    default:     r = m68k_cond(m, d->imm) ? 0xff : 0; break;
    }
    rprefetch(m, d, ext_words(dm, size));
    m->cyc += size == 4 ? 8 : 4;
    store(wp, size, r);         /* last: it may alias m for the compiler */
    return true;
}

/* ---- MOVE <ea>,-(An) (exec_move.c op_move, dmode 4) ----------------------------
 * The source as move_ reads it; the destination's decode takes no time here
 * (its 2 clocks are given back); the flags, the next opcode, the write (for
 * a long the 68000 writes the low word first, one place either way for
 * memory that cannot fault), An. The source moves no register the
 * destination uses (specialise_more). x: An, y: the source register. */
static AI bool movepd_(m68k_t *m, const m68k_dop *d, unsigned size, unsigned sm)
{
    unsigned dr = d->x;
    const uint8_t *sp = src_check(m, d, sm, d->y, size);
    uint32_t da = m->a[dr] - an_step(dr, size);
    uint8_t *dp = fast_ptr(m, m->wtab, da, size);
    if (!sp || !dp) {
        slow_next(m, d);        /* no frame on the fast path */
        return false;
    }
    uint32_t v = src_read(m, d, sm, d->y, size, sp, 0);
    m68k_flags_logic(m, v, size);
    rprefetch(m, d, ext_words(sm, size));
    m->cyc += size == 4 ? 8 : 4;
    m->a[dr] = da;
    store(dp, size, v);         /* last: it may alias m for the compiler */
    return true;
}

/* ---- MOVEM (exec_move.c op_movem) for <list>,-(An) and (An)+,<list> -----------
 * x: An. The list is the extension word; the whole run of registers (and
 * for the loads the 68000's extra word read after them) must lie in one page
 * of the fast table, aligned, else the handler runs. Stores: the registers
 * from A7 down to D0, An's initial value for An itself, 8 + 4n (words) or
 * 8 + 8n (longs) clocks; loads: D0 up to A7, words sign-extended, An = the
 * final address, 12 + 4n / 12 + 8n. */
static AI uint8_t *fast_run(m68k_t *m, uint8_t *const *tab, uint32_t addr, uint32_t len)
{
    if (addr & 1)
        return NULL;
    uint32_t a = addr & m->amask;
    if ((a & m->pmask) + len > m->pmask + 1)
        return NULL;
    uint8_t *p = tab[a >> m->page_bits];
    return p ? p + (a & m->pmask) : NULL;
}
static AI void movem_st_(m68k_t *m, const m68k_dop *d, unsigned size)
{
    unsigned mask = d->ext[0], reg = d->x, n = ones16(mask);
    uint32_t start = m->a[reg], lo = start - n * size;
    uint8_t *p = n ? fast_run(m, m->wtab, lo, n * size) : NULL;
    if (!p) {
        slow(m, d);
        return;
    }
    rext(m, d, 0);
    p += n * size;
    for (unsigned i = 0; i < 16; i++) {
        if (!(mask & (1u << i)))
            continue;
        unsigned r = 15 - i;
        uint32_t v = r < 8 ? m->d[r] : r - 8 == reg ? start : m->a[r - 8];
        p -= size;
        store(p, size, v);
    }
    m->cyc += n * (size == 4 ? 8 : 4);
    m->a[reg] = lo;
    rprefetch(m, d, 1);
}
static AI void movem_ld_(m68k_t *m, const m68k_dop *d, unsigned size)
{
    unsigned mask = d->ext[0], reg = d->x, n = ones16(mask);
    uint32_t addr = m->a[reg];
    const uint8_t *p = n ? fast_run(m, m->rtab, addr, n * size + 2) : NULL;
    if (!p) {
        slow(m, d);
        return;
    }
    rext(m, d, 0);
    for (unsigned i = 0; i < 16; i++) {
        if (!(mask & (1u << i)))
            continue;
        uint32_t v = size == 4 ? ww_ld_be32(p) : m68k_sext(ww_ld_be16(p), 2);
        if (i < 8)
            m->d[i] = v;
        else
            m->a[i - 8] = v;
        p += size;
    }
    m->cyc += n * (size == 4 ? 8 : 4) + 4;      /* + the extra read */
    m->a[reg] = addr + n * size;
    rprefetch(m, d, 1);
}
static AI void op_movem_st_(m68k_t *m, const m68k_dop *d, unsigned z) { movem_st_(m, d, z); }
static AI void op_movem_ld_(m68k_t *m, const m68k_dop *d, unsigned z) { movem_ld_(m, d, z); }
SIZEDM(op_movem_st) SIZEDM(op_movem_ld)

/* ---- PEA <ea> (exec_move.c op_pea) and LEA d16(PC)/d8(PC,Xn),An (op_lea) ------
 * The address as m68k_ea_decode makes it (the extension words, 2 clocks for
 * an index; the PC-relative base is the word after the opcode), PEA's 2 more
 * for the indexed modes; PEA pushes it (the absolute modes fetch the next
 * opcode first, the others after the push — one place either way for a
 * push that cannot fault: it must be in the fast write table, checked
 * first, else the handler runs). PEA 12, 16, 20, 16, 20, 16, 20 clocks by
 * mode; LEA (PC) 8, (PC,Xn) 12. x: An (LEA), y: the mode's register. */
static AI uint32_t cea(m68k_t *m, const m68k_dop *d, unsigned mode)
{
    uint32_t w = d->ext[0], base = d->pc4 - 2;
    switch (mode) {
    case M_AI: return m->a[d->y];
    case M_DI: return m->a[d->y] + (uint32_t)(int32_t)(int16_t)w;
    case M_IX: return index_addr(m, m->a[d->y], w);
    case M_AW: return (uint32_t)(int32_t)(int16_t)w;
    case M_AL: return w << 16 | d->ext[1];
    case M_PCDI: return base + (uint32_t)(int32_t)(int16_t)w;
    default: return index_addr(m, base, w);
    }
}
static AI void pea_(m68k_t *m, const m68k_dop *d, unsigned size, unsigned mode)
{
    (void)size;
    uint8_t *p = fast_ptr(m, m->wtab, m->a[7] - 4, 4);
    if (!p) {
        slow(m, d);
        return;
    }
    uint32_t addr = cea(m, d, mode);
    unsigned nw = mode == M_AI ? 0 : mode == M_AL ? 2 : 1;
    if (nw == 1)
        rext(m, d, 0);
    else if (nw == 2)
        rext32(m, d, 0);
    if (mode == M_IX || mode == M_PCIX)
        m68k_idle(m, 4);
    m->a[7] -= 4;
    ww_st_be32(p, addr);
    m->cyc += 8;
    rprefetch(m, d, nw);
}
static AI void lea_pc_(m68k_t *m, const m68k_dop *d, unsigned size, unsigned mode)
{
    (void)size;
    uint32_t addr = cea(m, d, mode);
    rext(m, d, 0);
    if (mode == M_PCIX)
        m68k_idle(m, 4);    /* the index; LEA's own 2 for the indexed modes */
    m->a[d->x] = addr;
    rprefetch(m, d, 1);
}

/* ---- the tables: one function per size and mode ---------------------------- */
#define MORE_MODE_FN(impl, z, sm)                                                       \
    static void impl##z##_##sm(m68k_t *m, const m68k_dop *d)                           \
    {                                                                                   \
        impl##_(m, d, z, sm);                                                           \
        reset_ae(m);                                                                    \
        tc_next(m, d);                                                                  \
    }
/* Memory destinations: (An) (An)+ -(An) d16(An) d8(An,Xn) (xxx).w (xxx).l */
#define DMEM_EACH(X, z) X(z, 2) X(z, 3) X(z, 4) X(z, 5) X(z, 6) X(z, 7) X(z, 8)
/* … for a body that returns false after its slow path (slow_next): tc_run.c's
 * SZ_SM_FN. */
#define RMW_FN(z, sm) SZ_SM_FN(rmw, z, sm)
#define RMW_ENT(z, sm) [sm] = rmw##z##_##sm,
DMEM_EACH(RMW_FN, 1) DMEM_EACH(RMW_FN, 2) DMEM_EACH(RMW_FN, 4)
static const m68k_dfn rmw_tab[5][12] = {
    [1] = { DMEM_EACH(RMW_ENT, 1) }, [2] = { DMEM_EACH(RMW_ENT, 2) },
    [4] = { DMEM_EACH(RMW_ENT, 4) },
};
#define MOVEPD_FN(z, sm) SZ_SM_FN(movepd, z, sm)
#define MOVEPD_ENT(z, sm) [sm] = movepd##z##_##sm,
SM_EACH(MOVEPD_FN, 1) SM_EACH(MOVEPD_FN, 2) SM_EACH(MOVEPD_FN, 4)
static const m68k_dfn movepd_tab[5][12] = {
    [1] = { SM_EACH(MOVEPD_ENT, 1) }, [2] = { SM_EACH(MOVEPD_ENT, 2) },
    [4] = { SM_EACH(MOVEPD_ENT, 4) },
};
/* JMP/JSR: the control modes (An) d16(An) d8(An,Xn) (xxx).w (xxx).l d16(PC)
 * d8(PC,Xn); they end the block (no tc_next: the chain is theirs). */
#define CTL_EACH(X) X(2) X(5) X(6) X(7) X(8) X(9) X(10)
#define JMP_FN(sm)                                                                      \
    static void jmp_##sm(m68k_t *m, const m68k_dop *d) { jmp_(m, d, sm); }              \
    static void jsr_##sm(m68k_t *m, const m68k_dop *d) { jsr_(m, d, sm); }
CTL_EACH(JMP_FN)
#define JMP_ENT(sm) [sm] = jmp_##sm,
#define JSR_ENT(sm) [sm] = jsr_##sm,
static const m68k_dfn jmp_tab[12] = { CTL_EACH(JMP_ENT) };
static const m68k_dfn jsr_tab[12] = { CTL_EACH(JSR_ENT) };
#define PEA_FN(sm) MORE_MODE_FN(pea, 4, sm)
#define PEA_ENT(sm) [sm] = pea4_##sm,
CTL_EACH(PEA_FN)
static const m68k_dfn pea_tab[12] = { CTL_EACH(PEA_ENT) };
MORE_MODE_FN(lea_pc, 4, 9) MORE_MODE_FN(lea_pc, 4, 10)

/* The record for op, if this file has one (d->fn set, true); the decode
 * table knows op as a 68000 instruction (specialise checked). */
static bool specialise_more(m68k_dop *d, uint16_t op)
{
    unsigned mode = (op >> 3) & 7, reg = op & 7, rx = (op >> 9) & 7, s = (op >> 6) & 3;
    int sm = fast_src_mode(mode, reg);
    switch (op >> 12) {
    case 0x0:
        if (mode != 0)
            return false;
        if (op & 0x100) {                                   /* BTST … BSET Dm,Dn */
            d->x = (uint8_t)reg;
            d->y = (uint8_t)rx;
            d->kind = (uint8_t)s;
            d->fn = op_bit_dd;
            return true;
        }
        if ((op & 0xff00) == 0x0800) {                      /* BTST … BSET #n,Dn */
            d->x = (uint8_t)reg;
            d->kind = (uint8_t)s;
            d->fn = op_bit_di;
            return true;
        }
        return false;
    case 0x1: case 0x2: case 0x3: {
        unsigned size = (op >> 12) == 1 ? 1 : (op >> 12) == 3 ? 2 : 4;
        if (((op >> 6) & 7) != 4 || sm < 0)
            return false;
        if ((sm == M_PI || sm == M_PD) && reg == rx)
            return false;                                   /* the source moves An */
        d->x = (uint8_t)rx;                                 /* MOVE <ea>,-(An) */
        d->y = (uint8_t)reg;
        d->smode = (uint8_t)sm;
        d->fn = movepd_tab[size][sm];
        return true;
    }
    case 0x4: {
        /* the control modes, as record modes (-1: not one) */
        int cm = mode == 7 ? (reg <= 3 ? 7 + (int)reg : -1)
               : mode == 2 || mode >= 5 ? (int)mode : -1;
        if ((op & 0xf900) == 0x4000 && (op & 0x600) && s != 3 && mode >= 2 && sm >= 0 &&
            sm <= M_AL) {                                   /* NEG CLR NOT <mem> */
            d->y = (uint8_t)reg;
            d->kind = (op & 0x600) == 0x400 ? W_NEG : (op & 0x600) == 0x200 ? W_CLR : W_NOT;
            d->fn = rmw_tab[1u << s][sm];
            return true;
        }
        if ((op & 0xffc0) == 0x4840 && cm >= 0) {           /* PEA */
            d->y = (uint8_t)reg;
            d->fn = pea_tab[cm];
            return true;
        }
        if ((op & 0xf1c0) == 0x41c0 && (cm == M_PCDI || cm == M_PCIX)) {   /* LEA (PC) */
            d->x = (uint8_t)rx;
            d->fn = cm == M_PCDI ? lea_pc4_9 : lea_pc4_10;
            return true;
        }
        if ((op & 0xffb8) == 0x4880) {                      /* EXT.W, EXT.L */
            d->x = (uint8_t)reg;
            d->fn = (op & 0x40) ? op_extl : op_extw;
            return true;
        }
        if ((op & 0xfff8) == 0x4840) {                      /* SWAP */
            d->x = (uint8_t)reg;
            d->fn = op_swap;
            return true;
        }
        if ((op & 0xfb80) == 0x4880 && (mode == 3 || mode == 4)) {     /* MOVEM */
            bool to_reg = op & 0x400;
            if (to_reg != (mode == 3))
                return false;
            d->x = (uint8_t)reg;
            d->fn = (to_reg ? op_movem_ld_tab : op_movem_st_tab)[(op & 0x40) ? 4 : 2];
            return true;
        }
        if (op == 0x4e75) {                                 /* RTS */
            d->fn = op_rts_r;
            return true;
        }
        if ((op & 0xff80) == 0x4e80) {                      /* JSR, JMP */
            if (cm < 0)
                return false;
            d->y = (uint8_t)reg;
            d->fn = ((op & 0x40) ? jmp_tab : jsr_tab)[cm];
            return true;
        }
        return false;
    }
    case 0x5:
        if (s == 3) {
            if (mode == 1) {                                /* DBcc */
                d->x = (uint8_t)((op >> 8) & 15);
                d->y = (uint8_t)reg;
                d->imm = d->pc4 - 2 + (uint32_t)(int32_t)(int16_t)d->ext[0];
                d->fn = op_dbcc_r;
                return true;
            }
            d->x = (uint8_t)((op >> 8) & 15);
            d->y = (uint8_t)reg;
            if (mode == 0) {                                /* Scc Dn */
                d->fn = op_scc_d;
                return true;
            }
            if (sm < 0 || sm > M_AL)
                return false;
            d->x = 0;                                       /* Scc <mem> */
            d->imm = (op >> 8) & 15;
            d->kind = W_SCC;
            d->fn = rmw_tab[1][sm];
            return true;
        }
        if (mode < 2 || sm < 0 || sm > M_AL)
            return false;
        d->y = (uint8_t)reg;                                /* ADDQ/SUBQ #q,<mem> */
        d->imm = rx ? rx : 8;
        d->kind = (op & 0x100) ? W_SUBQ : W_ADDQ;
        d->fn = rmw_tab[1u << s][sm];
        return true;
    case 0x8: case 0x9: case 0xb: case 0xc: case 0xd: {
        unsigned line = op >> 12;
        if (s != 3 && (op & 0x100) && mode == 0 && (line == 0xd || line == 0x9)) {
            d->x = (uint8_t)rx;                             /* ADDX, SUBX Dy,Dx */
            d->y = (uint8_t)reg;
            d->fn = (line == 0xd ? op_addx_d_tab : op_subx_d_tab)[1u << s];
            return true;
        }
        if (s == 3 || !(op & 0x100) || mode < 2 || sm < 0 || sm > M_AL)
            return false;
        d->x = (uint8_t)rx;                                 /* <op> Dn,<mem> */
        d->y = (uint8_t)reg;
        d->kind = line == 0xd ? W_ADD : line == 0x9 ? W_SUB : line == 0xc ? W_AND
                : line == 0x8 ? W_OR : W_EOR;
        d->fn = rmw_tab[1u << s][sm];
        return true;
    }
    default:
        return false;
    }
}
