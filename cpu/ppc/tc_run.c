/* cpu/ppc/tc_run.c — the cached engine: blocks of decoded records from the
 * shared translation cache (core/tcache.h), looked up by effective PC, the
 * MSR bits that change fetching (IR, DR, PR, SE, BE) and the physical
 * address the PC translates to; chained while they stay on one page (or
 * while instruction translation is off, when PC and physical address cannot
 * part); budget and attention tested once per block.
 *
 * The uncached loop (ppc_step in cpu.c) is the reference, and this engine
 * reproduces it instruction for instruction: the same cycle count at every
 * access and at every stop, the same exceptions with the same SRR0/SRR1/DAR/
 * DSISR, interrupts at the same boundaries. Whatever it cannot do as fast —
 * a pending interrupt, the trace modes, the IABR, code fetched from a chip or
 * from a space without a page table — it does by calling ppc_step.
 *
 * Self-modifying code: the pages blocks come from are code pages of the
 * space, so any write to them (this CPU, another CPU, DMA, a loader)
 * invalidates the blocks it overlaps before the bytes change and raises
 * WW_CPU_ATTN_CODE; a store that hits its own block leaves the block after
 * itself. Instruction fetch therefore always sees memory as it is now — a
 * stronger rule than the architecture's (MPCFPE32B §5.1.5.2: new code is
 * only guaranteed after dcbst, sync, icbi, isync), so programs written either
 * way run; icbi and isync have nothing left to do. */
#include "cpu/ppc/tc.h"

uint32_t ppc_tc_flags(const ppc_cpu *c)
{
    return (c->msr & (MSR_IR | MSR_DR | MSR_PR | MSR_SE | MSR_BE)) |
           (c->cpu.user_mode ? 1u << 31 : 0);
}

/* Instruction translation is off for blocks with these flags. */
static bool direct_fetch(uint32_t flags)
{
    return (flags & (1u << 31)) || !(flags & MSR_IR);
}

static void protect(void *opaque, uint64_t page_addr)
{
    ppc_ftlb_protect(opaque, page_addr);
}

/* Links into an invalidated block are not cut: its first record now sends
 * whoever enters back to the run loop. */
static void invalidated(void *opaque, ww_tc_block *b)
{
    ((ppc_dop *)b->ops)[0].fn = ppc_op_stale;
}

bool ppc_tc_init(ppc_cpu *c)
{
    ww_space *s = c->cpu.chip.bus[PPC_BUS_MEM];
    if (c->tc || !s || !ww_space_read_table(s) || ww_space_cfg(s)->page_bits < 12)
        return false;       /* nothing to protect code with: stay uncached */
    ww_tcache_config cfg = {
        .op_size = sizeof(ppc_dop), .max_ops = PPC_TC_MAX_INSNS + 1, .pc_shift = 2,
        .protect = protect, .invalidate = invalidated, .opaque = c,
    };
    c->tc = ww_tcache_new(&cfg, &c->cpu, s);
    return true;
}

void ppc_tc_fini(ppc_cpu *c)
{
    ww_tcache_free(c->tc);
    c->tc = NULL;
}

/* Decode from pc (physical pa) to the first branch, mode change or page end. */
static ww_tc_block *translate(ppc_cpu *c, uint32_t pc, uint32_t pa)
{
    const uint8_t *host = c->rtab[pa >> c->page_bits];
    if (!host)
        return NULL;        /* a chip or a hole: fetched from the bus every time */
    host += pa & c->page_mask;
    ww_tc_block *b = ww_tcache_begin(c->tc, pc, c->tc_flags, pa);
    ppc_dop *ops = (ppc_dop *)b->ops;
    unsigned room = (0x1000 - (pc & 0xfff)) / 4, n = 0, how = DEC_GO;
    while (how == DEC_GO && n < room && n < PPC_TC_MAX_INSNS) {
        how = ppc_tc_decode(c, ppc_be32(host + 4 * n), pc + 4 * n, &ops[n]);
        n++;
    }
    unsigned nops = n;
    if (how == DEC_BRANCH && n >= 2)
        ppc_tc_fuse(&ops[n - 2], &ops[n - 1]);
    if (how != DEC_BRANCH) {
        ops[n] = (ppc_dop){ .fn = how == DEC_END ? ppc_op_end_lookup : ppc_op_end,
                            .pc = pc + 4 * n };
        nops++;
    }
    ops[nops - 1].blk = b;     /* the last record enters the next block */
    if (!ww_tcache_commit(c->tc, b, nops, n, n, 4 * n, WW_TC_NO_PAGE, 0))
        return NULL;
    return b;
}

/* The block at c->pc, translated if need be. NULL: none — either the fetch
 * faulted (c->tc_fault; the exception is raised, as the uncached fetch would)
 * or the code cannot be cached. */
static ww_tc_block *find(ppc_cpu *c)
{
    uint32_t pc = c->pc;
    ww_tc_block *b = ww_tcache_jc_find(c->tc, pc, c->tc_flags);
    if (__builtin_expect(b != NULL, 1) && (!c->tc_walks || ppc_fetch_cached(c, pc, (uint32_t)b->phys)))
        return b;
    uint32_t pa = pc;
    c->tc_fault = false;
    if (!c->fetch_direct) {
        c->npc = pc + 4;
        c->exc_taken = false;
        if (!ppc_translate(c, pc, PPC_ACC_FETCH, &pa)) {
            c->tc_fault = true;
            return NULL;
        }
    }
    b = ww_tcache_find(c->tc, pc, c->tc_flags, pa);
    if (b)
        ww_tcache_jc_put(c->tc, b);
    else
        b = translate(c, pc, pa);
    return b;
}

/* No block at c->pc: finish what find() started. True when run() must return. */
static bool no_block(ppc_cpu *c)
{
    if (!c->tc_fault)
        return ppc_step(c);
    /* The fetch raised ISI (or a 603 ITLB miss, or a user-mode fault): the
     * uncached loop counts the instruction and goes on at the vector. */
    c->cpu.cycles++;
    if (c->cpu.stop != WW_STOP_NONE)
        return true;        /* PC stays on the instruction */
    c->pc = c->npc;
    return false;
}

/* Run records until one returns NULL: the block's own records call each
 * other, a block's last record enters the next block or hands it back. */
static void run_records(ppc_cpu *c, const ppc_dop *o)
{
    do {
        c->tc_chain = PPC_TC_CHAIN;
        o = o->fn(c, o);
    } while (o);
}

/* Run b's first `count` instructions (count < ninsns): the record after them
 * is replaced by a stop for the time of the call, and a compare fused with
 * that record gets its plain handler back. */
static void run_partial(ppc_cpu *c, ww_tc_block *b, unsigned count)
{
    ppc_dop *ops = (ppc_dop *)b->ops;
    ppc_dfn saved = ops[count].fn, fused = ops[count - 1].fn, plain = ppc_tc_unfused(fused);
    ops[count].fn = ppc_op_stop;
    if (plain)
        ops[count - 1].fn = plain;
    run_records(c, ops);
    ops[count].fn = saved;
    if (plain)
        ops[count - 1].fn = fused;
}

uint64_t ppc_run_cached(ppc_cpu *c, uint64_t budget)
{
    ww_cpu *cpu = &c->cpu;
    ww_tcache *tc = c->tc;
    uint64_t start = cpu->cycles, end = start + budget, blocks = 0;
    /* Records chain blocks while a whole block still fits (tests that step
     * block by block want every block to come back here). */
    c->tc_limit = c->tc_max_blocks || end < PPC_TC_MAX_INSNS ? 0 : end - PPC_TC_MAX_INSNS;
    if (cpu->exit_request)
        ww_cpu_attn_set(cpu, WW_CPU_ATTN_EXIT);
    ww_tc_block *b = NULL;
    while (cpu->cycles < end) {
        uint32_t attn = cpu->attention;
        if (__builtin_expect(attn != 0, 0)) {
            if (attn & WW_CPU_ATTN_EXIT) {
                if (cpu->exit_request)
                    break;
                ww_cpu_attn_clear(cpu, WW_CPU_ATTN_EXIT);
            }
            if (attn & WW_CPU_ATTN_CODE) {
                ww_cpu_attn_clear(cpu, WW_CPU_ATTN_CODE);
                b = NULL;   /* it may be gone */
            }
            if (cpu->attention & PPC_ATTN) {
                b = NULL;
                if (ppc_step(c))
                    break;
                if (c->tc_max_blocks && ++blocks >= c->tc_max_blocks)
                    break;
            }
            continue;
        }
        if (!b) {
            b = find(c);
            if (!b) {
                if (no_block(c))
                    break;
                if (c->tc_max_blocks && ++blocks >= c->tc_max_blocks)
                    break;
                continue;
            }
        }
        ppc_dop *ops = (ppc_dop *)b->ops;
        c->tc_base = cpu->cycles;
        c->tc_pc = (uint32_t)b->pc;
        uint64_t left = end - cpu->cycles;
        if (__builtin_expect(left < b->cycles, 0))
            run_partial(c, b, (unsigned)left);
        else
            run_records(c, ops);
        unsigned slot = c->tc_slot;
        if (__builtin_expect(slot == TC_LEFT, 0)) {
            /* The block may have been invalidated or flushed: do not touch it. */
            cpu->cycles = c->tc_base + c->tc_n;
            b = NULL;
            if (cpu->stop != WW_STOP_NONE) {
                if (cpu->stop != WW_STOP_FATAL && cpu->stop != WW_STOP_USER_FAULT)
                    c->pc = c->npc;
                break;
            }
            c->pc = c->npc;
        } else {
            ww_tc_block *from = c->tc_blk;
            cpu->cycles = c->tc_base + from->cycles;
            c->pc = c->npc;
            b = slot == TC_LOOKUP ? NULL : ww_tc_next(from, slot);
            if (!b && slot != TC_LOOKUP && cpu->cycles < end && !cpu->attention) {
                uint64_t flushes = ww_tcache_flushes(tc);
                b = find(c);
                if (!b) {
                    if (no_block(c))
                        break;
                } else if (ww_tcache_flushes(tc) == flushes &&
                           (direct_fetch(from->flags) || ((from->pc ^ b->pc) & ~0xfffull) == 0)) {
                    ww_tc_chain(from, slot, b);
                }
            }
        }
        if (c->tc_max_blocks && ++blocks >= c->tc_max_blocks)
            break;
    }
    return cpu->cycles - start;
}
