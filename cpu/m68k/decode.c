/* cpu/m68k/decode.c — the table-driven decoder.
 *
 * Each instruction group (exec_*.c) lists its encodings as 16-character
 * patterns ("0000 ddd1 ss00 1aaa" style, spaces ignored: 0/1 fixed, any other
 * character free) bound to a handler, a mnemonic and the addressing modes the
 * encoding accepts (PRM appendix A/B). At start-up the lists are expanded
 * into a 64K table: opcode -> entry. The first entry that matches an opcode
 * wins, so lists put special cases before general ones. Opcodes no entry
 * accepts raise illegal instruction (line A/F: their own vectors).
 *
 * One table per decode class (68000, 68020, 68030, 68040): an entry with a
 * model mask is added only to the tables of those models, so the 020+ lists
 * (exec_020.c, fpu.c, mmu.c), added first, override the 68000 entries they
 * refine (TST with every mode, Bcc.L …) and fill encodings the 68000 leaves
 * illegal. Second-word decoding (bit fields, MULL, the FPU) is the
 * handlers'. Each table is built on first use and never written again.
 */
#include "cpu/m68k/m68k.h"

typedef struct {
    m68k_handler fn[65536];
    uint16_t idx[65536];            /* 1 + index into all[], 0 = illegal */
    const m68k_op_info *all[1024];
    unsigned n;
} decode_table;

static decode_table *tables[DEC__COUNT];

static void op_illegal(m68k_t *m, uint16_t op)
{
    unsigned line = op >> 12;
    m68k_illegal(m, line == 0xa ? 10 : line == 0xf ? 11 : 4);
}

static bool parse_pattern(const char *p, uint16_t *mask, uint16_t *bits)
{
    unsigned n = 0;
    *mask = *bits = 0;
    for (; *p; p++) {
        if (*p == ' ')
            continue;
        if (n == 16)
            return false;
        uint16_t b = (uint16_t)(0x8000u >> n);
        if (*p == '0' || *p == '1') {
            *mask |= b;
            if (*p == '1')
                *bits |= b;
        }
        n++;
    }
    return n == 16;
}

static bool accepts(const m68k_op_info *o, unsigned op)
{
    if (o->ea) {
        int c = m68k_ea_class((op >> 3) & 7, op & 7);
        if (c < 0 || !(o->ea & (1u << c)))
            return false;
    }
    if (o->ea2) {
        int c = m68k_ea_class((op >> 6) & 7, (op >> 9) & 7);
        if (c < 0 || !(o->ea2 & (1u << c)))
            return false;
    }
    if ((o->flags & OPF_SIZE76) && ((op >> 6) & 3) == 3)
        return false;
    /* No byte operation takes an address register (PRM §2.2.2). */
    if ((o->flags & OPF_SIZE76) && ((op >> 6) & 3) == 0 && ((op >> 3) & 7) == 1 && o->ea)
        return false;
    return true;
}

static void add_list(decode_table *t, const m68k_op_info *list, unsigned dec)
{
    for (const m68k_op_info *o = list; o->pattern; o++) {
        uint16_t mask, bits;
        if (o->models && !(o->models & (1u << dec)))
            continue;
        if (!parse_pattern(o->pattern, &mask, &bits) || t->n >= G_N_ELEMENTS(t->all))
            g_error("m68k decoder: bad pattern \"%s\"", o->pattern); /* programming error */
        t->all[t->n++] = o;
        /* Visit only the opcodes the pattern matches: every subset of the
         * free bits. */
        uint16_t free = (uint16_t)~mask, sub = free;
        for (;;) {
            unsigned op = bits | sub;
            if (!t->idx[op] && accepts(o, op)) {
                t->idx[op] = (uint16_t)t->n;
                t->fn[op] = o->fn;
            }
            if (!sub)
                break;
            sub = (uint16_t)((sub - 1) & free);
        }
    }
}

static gpointer build(gpointer arg)
{
    unsigned dec = GPOINTER_TO_UINT(arg);
    decode_table *t = g_new0(decode_table, 1);
    if (dec != DEC_68000) {
        add_list(t, m68k_ops_020, dec);
        add_list(t, m68k_ops_fpu, dec);
        add_list(t, m68k_ops_mmu, dec);
    }
    add_list(t, m68k_ops_flow, dec);
    add_list(t, m68k_ops_move, dec);
    add_list(t, m68k_ops_bit, dec);
    add_list(t, m68k_ops_alu, dec);
    add_list(t, m68k_ops_shift, dec);
    for (unsigned op = 0; op < 65536; op++)
        if (!t->fn[op])
            t->fn[op] = op_illegal;
    return t;
}

/* The tables are built once and never written again: shared, immutable. */
const m68k_handler *m68k_dispatch(unsigned dec)
{
    static GOnce once[DEC__COUNT] = { G_ONCE_INIT, G_ONCE_INIT, G_ONCE_INIT, G_ONCE_INIT };
    if (dec >= DEC__COUNT)
        dec = DEC_68000;
    tables[dec] = g_once(&once[dec], build, GUINT_TO_POINTER(dec));
    return tables[dec]->fn;
}

const m68k_op_info *m68k_op_lookup(unsigned dec, uint16_t op)
{
    m68k_dispatch(dec);
    unsigned i = tables[dec]->idx[op];
    return i ? tables[dec]->all[i - 1] : NULL;
}

unsigned m68k_decode_class(const m68k_t *m)
{
    switch (m->level) {
    case 0:  return DEC_68000;
    case 2:  return DEC_68020;
    case 3:  return DEC_68030;
    default: return DEC_68040;
    }
}
