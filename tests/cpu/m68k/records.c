/* tests/cpu/m68k/records.c — the cached 68000 engine's records of
 * cpu/m68k/tc_records_more.h (DBcc, Scc, EXT, SWAP, bit ops on Dn,
 * JMP/JSR/RTS, read-modify-write to memory, MOVE to -(An), MOVEM, PEA, LEA
 * (PC)) against
 * the uncached engine ("interp-slow"), in lockstep:
 *  - blocks: the cached engine returns after every block, the uncached one
 *    runs the same cycles; registers, queue, cycles compared after each,
 *    memory at the end;
 *  - budgets of 1 to 41 cycles in turn (they end inside blocks and inside
 *    a block's own loop);
 *  - free runs: the cached engine chaining from block to block (links, the
 *    jump cache, loops inside a block) against the uncached one, the same
 *    budgets, compared after each run.
 *  - wide budgets (up to 3000 cycles, about a block's worth): a machine
 *    enters a block only when its worst case fits (tc_run.c max_cycles),
 *    else the uncached loop finishes the budget — both stop at the same
 *    cycle ("worst": the instructions whose clocks depend on the data).
 * Programs (built from the assembly in the comments with m68k-linux-gnu-as
 * -m68000, linked at 0x1000): "flow" (DBcc taken / condition true / expired,
 * Scc, EXT, SWAP, BTST…BSET, a JMP table, JSR through every control mode,
 * RTS), "rmw" (ADD/SUB/AND/OR/EOR Dn,<ea>, ADDQ/SUBQ to memory in every
 * mode, pushes of every size and source, MOVEM -(An)/(An)+ with An in the
 * list and across a page, NOT/NEG/CLR/Scc on memory, PEA, LEA (PC), a
 * read-modify-write to the running block's own immediate), "nf" (the
 * records that leave out flags the next one overwrites), and the faults:
 * address and bus errors in each new record's target fetch, stack access or
 * operand (group-0 frames, compared in memory), each ending in its handler.
 * A 68000 on a 24-bit space, 64 KiB RAM at 0 (4 KiB pages), the rest
 * unmapped (bus error). */
#include "tests/harness.h"
#include "tests/cpu/m68k/rig.h"
#include "cpu/m68k/m68k.h"
#include "core/machine.h"

enum { BE_STOP = 0x1f00, AE_STOP = 0x1f10, RAM = 65536 };

/* flow.s
 * start: moveq #0,d1; moveq #5,d2; moveq #0,d3
 * 1:     addq.l #1,d3; dbf d2,1b           | taken (own block), expired
 *        moveq #0,d0; cmp.l d0,d3; dbne d2,2f  | condition true
 * 2:     seq d4; sne d5; move.l #$1234fe80,d6; ext.w d6; ext.l d6; swap d6
 *        btst #3,d6; bchg #17,d6; bclr d2,d6; bset #0,d6; btst d3,d6
 *        bchg d3,d6; bset d3,d5; moveq #3,d7
 * loop:  move.w d7,d0; add.w d0,d0; move.w tab(pc,d0.w),d0; jmp tab(pc,d0.w)
 * tab:   .word c0-tab, c1-tab, c2-tab, c3-tab
 * c0:    addq.l #1,d1; bra.s next
 * c1:    jsr sub1.w; bra.s next
 * c2:    lea sub2.w,a1; jsr (a1); bra.s next
 * c3:    lea sub2.w,a1; jsr sub3(pc); lea 4(a1),a2; jsr -4(a2)
 *        lea tab2(pc),a3; moveq #4,d0; jsr 0(a3,d0.w)
 * next:  dbf d7,loop
 *        lea fin.w,a0; jmp (a0)
 * sub1:  addq.l #2,d1; rts  (sub2 +4, sub3 +8)
 * tab2:  nop; nop; add.l #16,d1; rts
 * fin:   jmp fin2.l
 * fin2:  jmp fin3.w
 * fin3:  bra.s fin3                        | d1 = 1 + 2 + 4 + 28 = 35 */
static const uint16_t flow_words[] = {
    0x7200, 0x7405, 0x7600, 0x5283, 0x51ca, 0xfffc, 0x7000, 0xb680, 0x56ca, 0x0002,
    0x57c4, 0x56c5, 0x2c3c, 0x1234, 0xfe80, 0x4886, 0x48c6, 0x4846, 0x0806, 0x0003,
    0x0846, 0x0011, 0x0586, 0x08c6, 0x0000, 0x0706, 0x0746, 0x07c5, 0x7e03, 0x3007,
    0xd040, 0x303b, 0x0006, 0x4efb, 0x0002, 0x0008, 0x000c, 0x0012, 0x001a, 0x5281,
    0x6028, 0x4eb8, 0x1084, 0x6022, 0x43f8, 0x1088, 0x4e91, 0x601a, 0x43f8, 0x1088,
    0x4eba, 0x0026, 0x45e9, 0x0004, 0x4eaa, 0xfffc, 0x47fa, 0x001e, 0x7004, 0x4eb3,
    0x0000, 0x51cf, 0xffbe, 0x41f8, 0x109c, 0x4ed0, 0x5481, 0x4e75, 0x5881, 0x4e75,
    0x5081, 0x4e75, 0x4e71, 0x4e71, 0x0681, 0x0000, 0x0010, 0x4e75, 0x4ef9, 0x0000,
    0x10a2, 0x4ef8, 0x10a6, 0x60fe,
};
static const uint16_t rmw_words[] = {
    0x41f8, 0x3000, 0x223c, 0x1122, 0x3344, 0x7402, 0xd390, 0xd358, 0x9360, 0xc3a8,
    0x0004, 0x8370, 0x2000, 0xb3b8, 0x3010, 0x52b8, 0x3014, 0x5550, 0x5058, 0x5638,
    0x3020, 0x53a0, 0x76ff, 0xd7b8, 0x3018, 0x9778, 0x301c, 0xb738, 0x301e, 0x43f8,
    0x3100, 0x2301, 0x3301, 0x1301, 0x1303, 0x1f01, 0x2328, 0x0004, 0x3318, 0x233c,
    0x55aa, 0x55aa, 0x2309, 0x3338, 0x3010, 0x1330, 0x2002, 0x48e7, 0xf0e0, 0x7000,
    0x7200, 0x91c8, 0x4cdf, 0x070f, 0x48a7, 0x4040, 0x4c9f, 0x2020, 0x48e7, 0x8001,
    0x4cdf, 0x8040, 0x49f8, 0x3008, 0x48e4, 0xf000, 0x4cdc, 0x00f0, 0x41f8, 0x3040,
    0x4650, 0x44a8, 0x0004, 0x4428, 0x0001, 0x4218, 0x4220, 0x42a0, 0x4278, 0x3046,
    0x46b8, 0x3048, 0xb080, 0x57f8, 0x3022, 0x56d0, 0x57f0, 0x2006, 0x50e0, 0x4868,
    0x0004, 0x4878, 0x1234, 0x4879, 0x0001, 0x2345, 0x4850, 0x4870, 0x2002, 0x487a,
    0x0032, 0x487b, 0x2004, 0x47fa, 0x002a, 0x49fb, 0x20fe, 0x4cdf, 0x40eb, 0x223c,
    0x8000, 0x0001, 0x243c, 0x8000, 0x0000, 0xd481, 0xd581, 0x9381, 0x9742, 0xd903,
    0x7400, 0x7804, 0x5279, 0x0000, 0x10fc, 0x303c, 0x0005, 0xda40, 0x51cc, 0xfff2,
    0x60fe,
};
/* nf.s: the variants without the condition codes the next record
 * overwrites (tc_run.c nf_select), each followed by the kind of record that
 * allows it, with values that set X, N, Z, V and C differently each time;
 * the budget runs stop between each pair (the variant must then leave the
 * flags exact), ROXL/ADDX read X afterwards.
 * start: move.l #$80000001,d0; moveq #7,d7; lea start(pc),a0
 * loop:  move.l d0,d1; add.l d0,d1; move.l d7,d2; addq.l #1,d2; sub.l d1,d2
 *        andi.l #$ff00ff,d2; add.w d2,d2; or.l d0,d3; addi.b #$90,d3
 *        subq.b #3,d3; and.w d0,d4; move.w (a0)+,d5; ext.l d5; move.b (a0),d6
 *        moveq #-1,d4; subi.w #$8000,d4; neg.l d4; sub.w d5,d4; move.l d4,d6
 *        addi.l #$7fffffff,d6; move.w d6,d3; tst.l d6; roxl.l #1,d1
 *        addx.l d1,d2; add.l d2,d0; sub.l d0,d6; swap d6; andi.w #7,d6; swap d6
 *        dbf d7,loop
 * stop:  bra.s stop */
static const uint16_t nf_words[] = {
    0x203c, 0x8000, 0x0001, 0x7e07, 0x41fa, 0xfff6, 0x2200, 0xd280, 0x2407, 0x5282, 0x9481,
    0x0282, 0x00ff, 0x00ff, 0xd442, 0x8680, 0x0603, 0x0090, 0x5703, 0xc840, 0x3a18, 0x48c5,
    0x1c10, 0x78ff, 0x0444, 0x8000, 0x4484, 0x9845, 0x2c04, 0x0686, 0x7fff, 0xffff, 0x3606,
    0x4a86, 0xe391, 0xd581, 0xd082, 0x9c80, 0x4846, 0x0246, 0x0007, 0x4846, 0x51cf, 0xffb6,
    0x60fe,
};
/* nff.s: a record that leaves its flags to the next one's slow path
 * (tc_run.c nf_fix), whose operand then faults: the frame's SR must hold
 * the first one's flags.
 *   f_nf_odd: moveq #1,d2; moveq #0,d0; move.l #$12345678,d1; moveq #-1,d3
 *             add.l d3,d3; tst.w ($3001).w          address error
 *   f_nf_bus: moveq #1,d2; moveq #-1,d3; move.l #$12345678,d1
 *             sub.l d1,d3; add.l ($20000).l,d0      bus error
 *   f_nf_alu: moveq #1,d2; moveq #-1,d0; lea $3000.w,a0; move.l #$80000000,(a0)
 *             lea $3003.w,a1; moveq #1,d3; add.l (a0),d0; move.l d0,(a1)  address error
 *   f_nf_mov: moveq #1,d2; moveq #0,d0; lea $3001.w,a1; moveq #-5,d1; moveq #1,d3
 *             move.w d1,d0; muls.w (a1)+,d0         address error */
static const uint16_t nf_faults_words[] = {
    0x7401, 0x7000, 0x223c, 0x1234, 0x5678, 0x76ff, 0xd683, 0x4a78, 0x3001, 0x7401, 0x76ff,
    0x223c, 0x1234, 0x5678, 0x9681, 0xd0b9, 0x0002, 0x0000,
    0x7401, 0x70ff, 0x41f8, 0x3000, 0x20bc, 0x8000, 0x0000, 0x43f8, 0x3003, 0x7601, 0xd090,
    0x2280, 0x7401, 0x7000, 0x43f8, 0x3001, 0x72fb, 0x7601, 0x3001, 0xc1d9,
};
static const uint16_t faults_words[] = {
    0x7401, 0x7000, 0x223c, 0x1234, 0x5678, 0x51ca, 0x0003, 0x7401, 0x7000, 0x223c,
    0x1234, 0x5678, 0x41f8, 0x1001, 0x4ed0, 0x7401, 0x7000, 0x223c, 0x1234, 0x5678,
    0x4ef9, 0x0002, 0x0000, 0x7401, 0x7000, 0x223c, 0x1234, 0x5678, 0x41f8, 0x1001,
    0x4e90, 0x7401, 0x7000, 0x223c, 0x1234, 0x5678, 0x41f8, 0x3001, 0x4e60, 0x46fc,
    0x0000, 0x4eb8, 0x1000, 0x7401, 0x7000, 0x223c, 0x1234, 0x5678, 0x41f9, 0x0002,
    0x0004, 0x4e60, 0x46fc, 0x0000, 0x4eb8, 0x1000, 0x7401, 0x7000, 0x223c, 0x1234,
    0x5678, 0x41f8, 0x3001, 0x4e60, 0x46fc, 0x0000, 0x4e75, 0x7401, 0x7000, 0x223c,
    0x1234, 0x5678, 0x41f9, 0x0002, 0x0000, 0x4e60, 0x46fc, 0x0000, 0x4e75, 0x7401,
    0x7000, 0x223c, 0x1234, 0x5678, 0x41f8, 0x3001, 0xd350, 0x7401, 0x7000, 0x223c,
    0x1234, 0x5678, 0x41f9, 0x0002, 0x0000, 0xd390, 0x7401, 0x7000, 0x223c, 0x1234,
    0x5678, 0x41f8, 0x3003, 0x53a0, 0x7401, 0x7000, 0x223c, 0x1234, 0x5678, 0x43f8,
    0x3003, 0x3300, 0x7401, 0x7000, 0x223c, 0x1234, 0x5678, 0x43f8, 0x3005, 0x2301,
    0x7401, 0x7000, 0x223c, 0x1234, 0x5678, 0x45f8, 0x3003, 0x48e2, 0xc000, 0x7401,
    0x7000, 0x223c, 0x1234, 0x5678, 0x45f8, 0xfff8, 0x4cda, 0x000f, 0x7401, 0x7000,
    0x223c, 0x1234, 0x5678, 0x41f8, 0x3001, 0x4e60, 0x46fc, 0x0000, 0x4868, 0x0004,
    0x7401, 0x7000, 0x223c, 0x1234, 0x5678, 0x41f8, 0x3001, 0x4250, 0x7401, 0x7000,
    0x223c, 0x1234, 0x5678, 0x41f9, 0x0002, 0x0000, 0x50d0,
};

/* rmw.s: see the file comment (and NOT/NEG/CLR/Scc on memory, PEA in every
 * control mode, LEA (PC), ADDX/SUBX Dy,Dx); the loop at the end adds 6 + 7
 * + … + 10 to d5 through its own rewritten immediate (addq.w #1,smc+2 in the block). */
/* faults.s: each program starts moveq #1,d2; moveq #0,d0; move.l #$12345678,d1
 * (so the fault is inside a block), then
 *   f_dbcc_odd:     dbf d2,<odd>                  address error (target)
 *   f_jmp_odd:      lea $1001.w,a0; jmp (a0)      address error
 *   f_jmp_be:       jmp $20000                    bus error (target fetch)
 *   f_jsr_odd:      lea $1001.w,a0; jsr (a0)      address error, nothing pushed
 *   f_jsr_odd_sp:   (user, USP $3001) jsr $1000.w address error on the push
 *   f_jsr_be_sp:    (user, USP $20004) jsr        bus error on the push
 *   f_rts_odd_sp:   (user, USP $3001) rts         address error on the pop
 *   f_rts_be:       (user, USP $20000) rts        bus error on the pop
 *   f_rmw_odd:      add.w d1,($3001)              address error
 *   f_rmw_be:       add.l d1,($20000)             bus error
 *   f_rmw_pd_odd:   subq.l #1,-(a0) at $3003      address error
 *   f_movepd_odd:   move.w d0,-(a1) at $3003      address error
 *   f_movepd_l_odd: move.l d1,-(a1) at $3005      address error
 *   f_movem_odd:    movem.l d0-d1,-(a2) at $3003  address error
 *   f_movem_be:     movem.l ($fffff8)+,d0-d3      bus error
 *   f_pea_odd_sp:   (user, USP $3001) pea 4(a0)   address error on the push
 *   f_clr_odd:      clr.w ($3001)                 address error (its read)
 *   f_scc_be:       st ($20000)                   bus error (its read) */

/* worst.s: blocks of the instructions whose clocks depend on the data, each
 * near its longest (68000 UM §8: a shift by 63, DIVU/DIVS with a 16-bit
 * quotient, MULU of $ffff, MULS of $5555, MOVEM of 14 long registers): a
 * machine enters a block only when its worst case (tc_run.c max_cycles)
 * fits the cycle budget, since the records do not test it — a bound below
 * the real clocks runs a block past the budget's end, which the "wide"
 * budgets (up to 3000 clocks, about a block's worth) show against the
 * uncached engine.
 * start: moveq #63,d1; moveq #40,d7; lea $3000.w,a0
 * loop:  lsl.l d1,d0; asr.l d1,d3; ror.w d1,d4; roxl.l d1,d4; lsl.l d1,d0
 *        asr.l d1,d3; lsr.b d1,d4; bra.w 1f
 * 1:     move.l #$6ffff,d2; divu.w #7,d2; move.l #-98303,d5; divs.w #3,d5
 *        (twice more, the last without the DIVS); bra.w 2f
 * 2:     mulu.w #$ffff,d6; muls.w #$5555,d6 (three times); bra.w 3f
 * 3:     movem.l d0-d7/a1-a6,(a0); movem.l (a0),d0-d7/a1-a6 (twice)
 *        subq.l #1,d7; bne.s loop
 * stop:  bra.s stop */
static const uint16_t worst_words[] = {
    0x723f, 0x7e28, 0x41f8, 0x3000, 0xe3a8, 0xe2a3, 0xe27c, 0xe3b4, 0xe3a8, 0xe2a3,
    0xe22c, 0x6000, 0x0002, 0x243c, 0x0006, 0xffff, 0x84fc, 0x0007, 0x2a3c, 0xfffe,
    0x8001, 0x8bfc, 0x0003, 0x243c, 0x0006, 0xffff, 0x84fc, 0x0007, 0x2a3c, 0xfffe,
    0x8001, 0x8bfc, 0x0003, 0x243c, 0x0006, 0xffff, 0x84fc, 0x0007, 0x6000, 0x0002,
    0xccfc, 0xffff, 0xcdfc, 0x5555, 0xccfc, 0xffff, 0xcdfc, 0x5555, 0xccfc, 0xffff,
    0xcdfc, 0x5555, 0x6000, 0x0002, 0x48d0, 0x7eff, 0x4cd0, 0x7eff, 0x48d0, 0x7eff,
    0x4cd0, 0x7eff, 0x5387, 0x6688, 0x60fe,
};

typedef struct {
    const char *name;
    const uint16_t *w;
    unsigned n;
    uint32_t entry, stop;   /* where it must end */
} rprog;
#define RP(name, w, entry, stop) { name, w, G_N_ELEMENTS(w), entry, stop }
static const rprog progs[] = {
    RP("flow", flow_words, 0x1000, 0x10a6),
    RP("rmw", rmw_words, 0x1000, 0x1104),
    RP("worst", worst_words, 0x1000, 0x1080),
    RP("nf", nf_words, 0x1000, 0x1058),
    RP("nf-odd", nf_faults_words, 0x1000, AE_STOP),
    RP("nf-bus", nf_faults_words, 0x1012, BE_STOP),
    RP("nf-alu", nf_faults_words, 0x1024, AE_STOP),
    RP("nf-mov", nf_faults_words, 0x103c, AE_STOP),
    RP("dbcc-odd", faults_words, 0x1000, AE_STOP),
    RP("jmp-odd", faults_words, 0x100e, AE_STOP),
    RP("jmp-bus", faults_words, 0x101e, BE_STOP),
    RP("jsr-odd", faults_words, 0x102e, AE_STOP),
    RP("jsr-odd-sp", faults_words, 0x103e, AE_STOP),
    RP("jsr-bus-sp", faults_words, 0x1056, BE_STOP),
    RP("rts-odd-sp", faults_words, 0x1070, AE_STOP),
    RP("rts-bus", faults_words, 0x1086, BE_STOP),
    RP("rmw-odd", faults_words, 0x109e, AE_STOP),
    RP("rmw-bus", faults_words, 0x10ae, BE_STOP),
    RP("rmw-pd-odd", faults_words, 0x10c0, AE_STOP),
    RP("movepd-odd", faults_words, 0x10d0, AE_STOP),
    RP("movepd-l-odd", faults_words, 0x10e0, AE_STOP),
    RP("movem-odd", faults_words, 0x10f0, AE_STOP),
    RP("movem-bus", faults_words, 0x1102, BE_STOP),
    RP("pea-odd-sp", faults_words, 0x1114, AE_STOP),
    RP("clr-odd", faults_words, 0x112c, AE_STOP),
    RP("scc-bus", faults_words, 0x113c, BE_STOP),
};

typedef m68k_rig rig;

static void rig_init(rig *r, const char *engine, const rprog *p)
{
    m68k_rig_add(r, engine, RAM);
    m68k_rig_realize(r, engine);
    /* SSP, PC; bus and address error handlers that stop */
    ww_st_be32(r->ram, 0x8000);
    ww_st_be32(r->ram + 4, p->entry);
    ww_st_be32(r->ram + 8, BE_STOP);
    ww_st_be32(r->ram + 12, AE_STOP);
    ww_st_be16(r->ram + BE_STOP, 0x60fe);
    ww_st_be16(r->ram + AE_STOP, 0x60fe);
    for (unsigned i = 0; i < p->n; i++)
        ww_st_be16(r->ram + 0x1000 + 2 * i, p->w[i]);
    ww_machine_reset(r->mach, WW_RESET_POWER);
}

static bool stopped_at(const m68k_t *m, uint32_t at) { return m->pc - 4 == at; }

static void explain(const char *what, uint64_t step, const m68k_t *a, const m68k_t *b)
{
    GString *d = g_string_new(NULL);
    for (unsigned k = 0; k < 8; k++) {
        if (a->d[k] != b->d[k])
            g_string_append_printf(d, " d%u %08x/%08x", k, a->d[k], b->d[k]);
        if (a->a[k] != b->a[k])
            g_string_append_printf(d, " a%u %08x/%08x", k, a->a[k], b->a[k]);
    }
    ww_test_fail_at(__FILE__, __LINE__, "%s, step %" G_GUINT64_FORMAT ": cached pc %06x cycles %"
                    G_GUINT64_FORMAT " sr %04x ir %04x irc %04x insns %" G_GUINT64_FORMAT
                    ", uncached pc %06x cycles %" G_GUINT64_FORMAT
                    " sr %04x ir %04x irc %04x insns %" G_GUINT64_FORMAT ";%s", what, step,
                    a->pc, a->cpu.cycles, a->sr, a->ir, a->irc, (uint64_t)a->insns, b->pc,
                    b->cpu.cycles, b->sr, b->ir, b->irc, (uint64_t)b->insns, d->str);
    g_string_free(d, TRUE);
}

enum { BY_BLOCK, BY_BUDGET, FREE, WIDE };

/* One program on both engines, in the given lockstep. */
static void lockstep(const rprog *p, int how)
{
    rig fa, sl;
    rig_init(&fa, "interp", p);
    rig_init(&sl, "interp-slow", p);
    m68k_t *a = fa.m, *b = sl.m;
    if (how == BY_BLOCK)
        a->tc_max_blocks = 1;
    WW_CHECK(m68k_rig_same(a, b));
    uint64_t step = 0;
    while (!stopped_at(a, p->stop) && !a->halted && step < 20000) {
        uint64_t budget = how == BY_BLOCK ? 1u << 20 : how == BY_BUDGET ? 1 + step % 41
                        : how == WIDE ? 1 + (step * 97) % 3000 : 1 + (step * 37) % 400;
        uint64_t n = m68k_rig_run(a, budget);
        uint64_t m = m68k_rig_run(b, how == BY_BLOCK ? n : budget);
        WW_CHECK_MSG(m == n, "%s step %" G_GUINT64_FORMAT ": %" G_GUINT64_FORMAT
                     " cycles cached, %" G_GUINT64_FORMAT " uncached", p->name, step, n, m);
        if (!m68k_rig_same(a, b)) {
            explain(p->name, step, a, b);
            break;
        }
        step++;
    }
    WW_CHECK_MSG(stopped_at(a, p->stop), "%s: ended at %06x, not %06x", p->name, a->pc - 4,
                 p->stop);
    WW_CHECK_MSG(!memcmp(fa.ram, sl.ram, RAM), "%s: memory differs", p->name);
    WW_CHECK(a->tc->translated > 0);
    if (how == BY_BLOCK)    /* (the others' budgets may fit no block of a short program) */
        WW_CHECK_MSG(a->tc_entered > 0, "%s: no block ran", p->name);
    if (p->w == flow_words)
        WW_CHECK_MSG(a->d[1] == 35, "flow: d1 = %u, want 35", a->d[1]);
    ww_machine_free(fa.mach);
    ww_machine_free(sl.mach);
}

WW_TEST("cpu/m68k/records/lockstep/block", m68k_records_block)
{
    for (unsigned i = 0; i < G_N_ELEMENTS(progs); i++)
        lockstep(&progs[i], BY_BLOCK);
}

WW_TEST("cpu/m68k/records/lockstep/budget", m68k_records_budget)
{
    for (unsigned i = 0; i < G_N_ELEMENTS(progs); i++)
        lockstep(&progs[i], BY_BUDGET);
}

WW_TEST("cpu/m68k/records/lockstep/free", m68k_records_free)
{
    for (unsigned i = 0; i < G_N_ELEMENTS(progs); i++)
        lockstep(&progs[i], FREE);
}

/* Budgets about a block's worth, so that some end inside a block whose
 * worst case fits and some in one whose worst case does not (the uncached
 * loop finishes it): every program, stops at the same cycle. */
WW_TEST("cpu/m68k/records/lockstep/wide", m68k_records_wide)
{
    for (unsigned i = 0; i < G_N_ELEMENTS(progs); i++)
        lockstep(&progs[i], WIDE);
}
