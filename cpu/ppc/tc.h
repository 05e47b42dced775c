/* cpu/ppc/tc.h — the cached engine's decoded records: the handlers of
 * cpu/ppc/tc_ops.c, shared with the decoder and run loop in cpu/ppc/tc_run.c.
 *
 * A block's records run threaded: each handler does its instruction and calls
 * the next record's handler (a tail call), so straight-line code costs one
 * indirect jump per instruction, and returns what the last one returns. The
 * last record of a block (a branch or an end record) enters the next block
 * when that block is linked (or, for an indirect branch, in the jump cache),
 * within the budget, and attention is clear — the run loop's own test, done
 * once per block — by calling its first record, or, every PPC_TC_CHAIN
 * blocks, by returning that record for the run loop's inner loop to call (so
 * the stack stays bounded when the compiler does not turn the calls into
 * jumps); otherwise it returns NULL with the next PC in c->npc, how the
 * block ended in c->tc_slot and the block in c->tc_blk. A record that must
 * leave early (an exception, a stop, an access that went to the bus and may
 * have changed what follows) returns NULL with tc_slot 3 and the count of
 * instructions completed.
 *
 * Exactness: a record only runs an instruction itself when the outcome cannot
 * differ from the decode table's handler (cpu/ppc/exec_*.c); anything rarer
 * or harder goes through ppc_op_generic, which calls that handler with
 * c->pc, c->npc and the cycle count set as the uncached loop has them. */
#ifndef WW_CPU_PPC_TC_H
#define WW_CPU_PPC_TC_H
#include "cpu/ppc/exec.h"

#define PPC_TC_MAX_INSNS 64
#define PPC_TC_CHAIN 64          /* blocks entered by calls before the run loop's turn */

enum { TC_TAKEN = 0, TC_FALL = 1, TC_LOOKUP = 2, TC_LEFT = 3 };

/* Load/store records keep their access in x: size | sign | update. */
enum { LS_SIZE = 7, LS_SIGN = 8, LS_UPDATE = 16 };

static inline const ppc_dop *tc_next(ppc_cpu *c, const ppc_dop *op)
{
    return op[1].fn(c, op + 1);
}

/* Instructions of the running block before op. */
static inline uint32_t tc_index(const ppc_cpu *c, const ppc_dop *op)
{
    return (op->pc - c->tc_pc) >> 2;
}

/* What the uncached loop has in place while an instruction executes. */
static inline void tc_enter_slow(ppc_cpu *c, const ppc_dop *op)
{
    c->pc = op->pc;
    c->npc = op->pc + 4;
    c->exc_taken = false;
    c->cpu.cycles = c->tc_base + tc_index(c, op);
}

/* Leave the block after op (op completed, or raised an exception). */
static inline const ppc_dop *tc_leave(ppc_cpu *c, const ppc_dop *op)
{
    c->tc_slot = TC_LEFT;
    c->tc_n = tc_index(c, op) + 1;
    return NULL;
}

/* The fast TLB entry for ea (16-byte entries: the index scaled in one step). */
static inline const ppc_ftlb_entry *tc_entry(const ppc_ftlb_entry *t, uint32_t ea)
{
    _Static_assert(sizeof(ppc_ftlb_entry) == 16 && PPC_FTLB_SIZE == 256, "index arithmetic");
    return (const ppc_ftlb_entry *)((const char *)t + ((ea >> 8) & 0xff0));
}

/* Hit: the entry maps ea's page and the access (size align + 1) is aligned. */
static inline bool tc_match(const ppc_ftlb_entry *e, uint32_t ea, uint32_t align)
{
    return __builtin_expect(e->tag == (ea & (0xfffff000u | align)), 1);
}

/* tc_ops.c */
const ppc_dop *ppc_op_generic(ppc_cpu *c, const ppc_dop *op);
const ppc_dop *ppc_op_stop(ppc_cpu *c, const ppc_dop *op);
const ppc_dop *ppc_op_stale(ppc_cpu *c, const ppc_dop *op);
const ppc_dop *ppc_op_end(ppc_cpu *c, const ppc_dop *op);
const ppc_dop *ppc_op_end_lookup(ppc_cpu *c, const ppc_dop *op);
void ppc_exec_illegal(ppc_cpu *c, uint32_t insn);
/* A compare right before the block's bc on its field: fused (tc_ops.c). */
void ppc_tc_fuse(ppc_dop *cmp, const ppc_dop *bc);
ppc_dfn ppc_tc_unfused(ppc_dfn fn);   /* the plain handler of a fused one, else NULL */
/* Fills op for insn at pc; returns 0, or how the block must end. */
enum { DEC_GO, DEC_BRANCH, DEC_END };
unsigned ppc_tc_decode(ppc_cpu *c, uint32_t insn, uint32_t pc, ppc_dop *op);

#endif
