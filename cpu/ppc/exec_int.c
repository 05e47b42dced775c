/* cpu/ppc/exec_int.c — user-level integer, rotate/shift, compare, trap and
 * condition-register instructions (MPCFPE32B §4.2, §4.2.4, chapter 8).
 *
 * Results the architecture leaves undefined follow the DingusPPC vectors
 * (../shared/vectors/ppc): divw by zero or 0x80000000/-1 gives 0 or -1 by the
 * dividend's sign, divwu by zero gives 0, and CR0 is computed from that. */
#include "cpu/ppc/exec.h"

/* ---- add/subtract family: a + b + carry with CA and OV ------------------- */

static uint32_t add3(ppc_cpu *c, uint32_t insn, uint32_t a, uint32_t b, uint32_t ci,
                     bool set_ca)
{
    uint64_t wide = (uint64_t)a + b + ci;
    uint32_t r = (uint32_t)wide;
    uint32_t *xer = &c->spr[SPR_XER];
    if (set_ca)
        *xer = (wide >> 32) ? (*xer | XER_CA) : (*xer & ~XER_CA);
    if (insn & 0x400) {   /* OE */
        bool ov = ((a ^ r) & (b ^ r)) >> 31;
        *xer = ov ? (*xer | XER_OV | XER_SO) : (*xer & ~XER_OV);
    }
    return r;
}

static inline uint32_t ca(ppc_cpu *c) { return (c->spr[SPR_XER] >> 29) & 1; }

static void finish(ppc_cpu *c, uint32_t insn, uint32_t r)
{
    c->gpr[RD(insn)] = r;
    if (RCBIT(insn))
        ppc_cr0(c, r);
}

void ppc_add(ppc_cpu *c, uint32_t i)
{ finish(c, i, add3(c, i, c->gpr[RA(i)], c->gpr[RB(i)], 0, false)); }
void ppc_addc(ppc_cpu *c, uint32_t i)
{ finish(c, i, add3(c, i, c->gpr[RA(i)], c->gpr[RB(i)], 0, true)); }
void ppc_adde(ppc_cpu *c, uint32_t i)
{ finish(c, i, add3(c, i, c->gpr[RA(i)], c->gpr[RB(i)], ca(c), true)); }
void ppc_addme(ppc_cpu *c, uint32_t i)
{ finish(c, i, add3(c, i, c->gpr[RA(i)], 0xffffffffu, ca(c), true)); }
void ppc_addze(ppc_cpu *c, uint32_t i)
{ finish(c, i, add3(c, i, c->gpr[RA(i)], 0, ca(c), true)); }
void ppc_subf(ppc_cpu *c, uint32_t i)
{ finish(c, i, add3(c, i, ~c->gpr[RA(i)], c->gpr[RB(i)], 1, false)); }
void ppc_subfc(ppc_cpu *c, uint32_t i)
{ finish(c, i, add3(c, i, ~c->gpr[RA(i)], c->gpr[RB(i)], 1, true)); }
void ppc_subfe(ppc_cpu *c, uint32_t i)
{ finish(c, i, add3(c, i, ~c->gpr[RA(i)], c->gpr[RB(i)], ca(c), true)); }
void ppc_subfme(ppc_cpu *c, uint32_t i)
{ finish(c, i, add3(c, i, ~c->gpr[RA(i)], 0xffffffffu, ca(c), true)); }
void ppc_subfze(ppc_cpu *c, uint32_t i)
{ finish(c, i, add3(c, i, ~c->gpr[RA(i)], 0, ca(c), true)); }
void ppc_neg(ppc_cpu *c, uint32_t i)
{ finish(c, i, add3(c, i, ~c->gpr[RA(i)], 0, 1, false)); }

void ppc_addi(ppc_cpu *c, uint32_t i)
{ c->gpr[RD(i)] = (RA(i) ? c->gpr[RA(i)] : 0) + (uint32_t)SIMM(i); }
void ppc_addis(ppc_cpu *c, uint32_t i)
{ c->gpr[RD(i)] = (RA(i) ? c->gpr[RA(i)] : 0) + (UIMM(i) << 16); }

void ppc_addic(ppc_cpu *c, uint32_t i)
{
    /* addic (12) and addic. (13): the record bit is the opcode, not bit 31. */
    uint32_t r = add3(c, 0, c->gpr[RA(i)], (uint32_t)SIMM(i), 0, true);
    c->gpr[RD(i)] = r;
    if ((i >> 26) == 13)
        ppc_cr0(c, r);
}

void ppc_subfic(ppc_cpu *c, uint32_t i)
{ c->gpr[RD(i)] = add3(c, 0, ~c->gpr[RA(i)], (uint32_t)SIMM(i), 1, true); }

/* ---- multiply / divide -------------------------------------------------- */

static void set_ov(ppc_cpu *c, uint32_t insn, bool ov)
{
    if (!(insn & 0x400))
        return;
    uint32_t *xer = &c->spr[SPR_XER];
    *xer = ov ? (*xer | XER_OV | XER_SO) : (*xer & ~XER_OV);
}

void ppc_mullw(ppc_cpu *c, uint32_t i)
{
    int64_t p = (int64_t)(int32_t)c->gpr[RA(i)] * (int32_t)c->gpr[RB(i)];
    set_ov(c, i, p != (int32_t)p);
    finish(c, i, (uint32_t)p);
}

void ppc_mulhw(ppc_cpu *c, uint32_t i)
{
    int64_t p = (int64_t)(int32_t)c->gpr[RA(i)] * (int32_t)c->gpr[RB(i)];
    finish(c, i, (uint32_t)((uint64_t)p >> 32));
}

void ppc_mulhwu(ppc_cpu *c, uint32_t i)
{
    uint64_t p = (uint64_t)c->gpr[RA(i)] * c->gpr[RB(i)];
    finish(c, i, (uint32_t)(p >> 32));
}

void ppc_mulli(ppc_cpu *c, uint32_t i)
{ c->gpr[RD(i)] = (uint32_t)((int64_t)(int32_t)c->gpr[RA(i)] * SIMM(i)); }

void ppc_divw(ppc_cpu *c, uint32_t i)
{
    int32_t a = (int32_t)c->gpr[RA(i)], b = (int32_t)c->gpr[RB(i)];
    bool bad = b == 0 || (a == INT32_MIN && b == -1);
    set_ov(c, i, bad);
    finish(c, i, bad ? (a < 0 ? 0xffffffffu : 0) : (uint32_t)(a / b));
}

void ppc_divwu(ppc_cpu *c, uint32_t i)
{
    uint32_t a = c->gpr[RA(i)], b = c->gpr[RB(i)];
    set_ov(c, i, b == 0);
    finish(c, i, b ? a / b : 0);
}

/* ---- logical ------------------------------------------------------------ */

static void logical(ppc_cpu *c, uint32_t i, uint32_t r)
{
    c->gpr[RA(i)] = r;
    if (RCBIT(i))
        ppc_cr0(c, r);
}

void ppc_and(ppc_cpu *c, uint32_t i)  { logical(c, i, c->gpr[RD(i)] & c->gpr[RB(i)]); }
void ppc_andc(ppc_cpu *c, uint32_t i) { logical(c, i, c->gpr[RD(i)] & ~c->gpr[RB(i)]); }
void ppc_or(ppc_cpu *c, uint32_t i)   { logical(c, i, c->gpr[RD(i)] | c->gpr[RB(i)]); }
void ppc_orc(ppc_cpu *c, uint32_t i)  { logical(c, i, c->gpr[RD(i)] | ~c->gpr[RB(i)]); }
void ppc_xor(ppc_cpu *c, uint32_t i)  { logical(c, i, c->gpr[RD(i)] ^ c->gpr[RB(i)]); }
void ppc_nand(ppc_cpu *c, uint32_t i) { logical(c, i, ~(c->gpr[RD(i)] & c->gpr[RB(i)])); }
void ppc_nor(ppc_cpu *c, uint32_t i)  { logical(c, i, ~(c->gpr[RD(i)] | c->gpr[RB(i)])); }
void ppc_eqv(ppc_cpu *c, uint32_t i)  { logical(c, i, ~(c->gpr[RD(i)] ^ c->gpr[RB(i)])); }
void ppc_extsb(ppc_cpu *c, uint32_t i) { logical(c, i, (uint32_t)(int8_t)c->gpr[RD(i)]); }
void ppc_extsh(ppc_cpu *c, uint32_t i) { logical(c, i, (uint32_t)(int16_t)c->gpr[RD(i)]); }
void ppc_cntlzw(ppc_cpu *c, uint32_t i)
{
    uint32_t v = c->gpr[RD(i)];
    logical(c, i, v ? (uint32_t)__builtin_clz(v) : 32);
}

void ppc_andi(ppc_cpu *c, uint32_t i)
{ c->gpr[RA(i)] = c->gpr[RD(i)] & UIMM(i); ppc_cr0(c, c->gpr[RA(i)]); }
void ppc_andis(ppc_cpu *c, uint32_t i)
{ c->gpr[RA(i)] = c->gpr[RD(i)] & (UIMM(i) << 16); ppc_cr0(c, c->gpr[RA(i)]); }
void ppc_ori(ppc_cpu *c, uint32_t i)   { c->gpr[RA(i)] = c->gpr[RD(i)] | UIMM(i); }
void ppc_oris(ppc_cpu *c, uint32_t i)  { c->gpr[RA(i)] = c->gpr[RD(i)] | (UIMM(i) << 16); }
void ppc_xori(ppc_cpu *c, uint32_t i)  { c->gpr[RA(i)] = c->gpr[RD(i)] ^ UIMM(i); }
void ppc_xoris(ppc_cpu *c, uint32_t i) { c->gpr[RA(i)] = c->gpr[RD(i)] ^ (UIMM(i) << 16); }

/* ---- rotate and shift --------------------------------------------------- */

static inline uint32_t rotl(uint32_t v, unsigned n) { n &= 31; return n ? (v << n) | (v >> (32 - n)) : v; }

/* MASK(mb, me) of MPCFPE32B §4.2.1.4: ones from bit mb to bit me (MSB-0),
 * wrapping when mb > me. */
static inline uint32_t mask(unsigned mb, unsigned me)
{
    uint32_t a = 0xffffffffu >> mb, b = 0xffffffffu << (31 - me);
    return mb <= me ? (a & b) : (a | b);
}

void ppc_rlwinm(ppc_cpu *c, uint32_t i)
{ logical(c, i, rotl(c->gpr[RD(i)], RB(i)) & mask(RC_(i), (i >> 1) & 31)); }
void ppc_rlwnm(ppc_cpu *c, uint32_t i)
{ logical(c, i, rotl(c->gpr[RD(i)], c->gpr[RB(i)] & 31) & mask(RC_(i), (i >> 1) & 31)); }
void ppc_rlwimi(ppc_cpu *c, uint32_t i)
{
    uint32_t m = mask(RC_(i), (i >> 1) & 31);
    logical(c, i, (rotl(c->gpr[RD(i)], RB(i)) & m) | (c->gpr[RA(i)] & ~m));
}

void ppc_slw(ppc_cpu *c, uint32_t i)
{
    uint32_t n = c->gpr[RB(i)] & 63;
    logical(c, i, n > 31 ? 0 : c->gpr[RD(i)] << n);
}

void ppc_srw(ppc_cpu *c, uint32_t i)
{
    uint32_t n = c->gpr[RB(i)] & 63;
    logical(c, i, n > 31 ? 0 : c->gpr[RD(i)] >> n);
}

static void sra(ppc_cpu *c, uint32_t i, unsigned n)
{
    int32_t s = (int32_t)c->gpr[RD(i)];
    uint32_t r, lost;
    if (n > 31) {
        r = s < 0 ? 0xffffffffu : 0;
        lost = (uint32_t)s;
    } else {
        r = (uint32_t)(s >> n);
        lost = n ? (uint32_t)s & ((1u << n) - 1) : 0;
    }
    /* CA: negative source and one bits shifted out. */
    uint32_t *xer = &c->spr[SPR_XER];
    *xer = (s < 0 && lost) ? (*xer | XER_CA) : (*xer & ~XER_CA);
    logical(c, i, r);
}

void ppc_sraw(ppc_cpu *c, uint32_t i)  { sra(c, i, c->gpr[RB(i)] & 63); }
void ppc_srawi(ppc_cpu *c, uint32_t i) { sra(c, i, RB(i)); }

/* ---- compare and trap --------------------------------------------------- */

static void cmp_set(ppc_cpu *c, uint32_t i, bool lt, bool gt)
{
    uint32_t v = lt ? 8 : gt ? 4 : 2;
    ppc_set_cr_field(c, (i >> 23) & 7, v | ((c->spr[SPR_XER] >> 31) & 1));
}

void ppc_cmp(ppc_cpu *c, uint32_t i)
{
    int32_t a = (int32_t)c->gpr[RA(i)], b = (int32_t)c->gpr[RB(i)];
    cmp_set(c, i, a < b, a > b);
}
void ppc_cmpl(ppc_cpu *c, uint32_t i)
{
    uint32_t a = c->gpr[RA(i)], b = c->gpr[RB(i)];
    cmp_set(c, i, a < b, a > b);
}
void ppc_cmpi(ppc_cpu *c, uint32_t i)
{
    int32_t a = (int32_t)c->gpr[RA(i)], b = SIMM(i);
    cmp_set(c, i, a < b, a > b);
}
void ppc_cmpli(ppc_cpu *c, uint32_t i)
{
    uint32_t a = c->gpr[RA(i)], b = UIMM(i);
    cmp_set(c, i, a < b, a > b);
}

static void trap(ppc_cpu *c, unsigned to, uint32_t a, uint32_t b)
{
    bool t = ((to & 16) && (int32_t)a < (int32_t)b) || ((to & 8) && (int32_t)a > (int32_t)b) ||
             ((to & 4) && a == b) || ((to & 2) && a < b) || ((to & 1) && a > b);
    if (t)
        ppc_program(c, PROG_TRAP);
}

void ppc_tw(ppc_cpu *c, uint32_t i)  { trap(c, RD(i), c->gpr[RA(i)], c->gpr[RB(i)]); }
void ppc_twi(ppc_cpu *c, uint32_t i) { trap(c, RD(i), c->gpr[RA(i)], (uint32_t)SIMM(i)); }

/* ---- condition register ------------------------------------------------- */

static inline unsigned crbit(const ppc_cpu *c, unsigned b) { return (c->cr >> (31 - b)) & 1; }

void ppc_crop(ppc_cpu *c, uint32_t i)
{
    unsigned a = crbit(c, RA(i)), b = crbit(c, RB(i)), r;
    switch ((i >> 1) & 0x3ff) {
    case 257: r = a & b; break;          /* crand */
    case 129: r = a & !b; break;         /* crandc */
    case 289: r = !(a ^ b); break;       /* creqv */
    case 225: r = !(a & b); break;       /* crnand */
    case 33:  r = !(a | b); break;       /* crnor */
    case 449: r = a | b; break;          /* cror */
    case 417: r = a | !b; break;         /* crorc */
    default:  r = a ^ b; break;          /* crxor (193) */
    }
    unsigned d = RD(i);
    c->cr = (c->cr & ~(1u << (31 - d))) | ((r & 1u) << (31 - d));
}

void ppc_mcrf(ppc_cpu *c, uint32_t i)
{ ppc_set_cr_field(c, (i >> 23) & 7, c->cr >> (4 * (7 - ((i >> 18) & 7)))); }

void ppc_mcrxr(ppc_cpu *c, uint32_t i)
{
    ppc_set_cr_field(c, (i >> 23) & 7, c->spr[SPR_XER] >> 28);
    c->spr[SPR_XER] &= 0x0fffffffu;
}

void ppc_mfcr(ppc_cpu *c, uint32_t i) { c->gpr[RD(i)] = c->cr; }

void ppc_mtcrf(ppc_cpu *c, uint32_t i)
{
    unsigned crm = (i >> 12) & 0xff;
    uint32_t m = 0;
    for (unsigned f = 0; f < 8; f++)
        if (crm & (0x80 >> f))
            m |= 0xf0000000u >> (4 * f);
    c->cr = (c->cr & ~m) | (c->gpr[RD(i)] & m);
}

/* ---- branches (MPCFPE32B §4.2.4) ---------------------------------------- */

static bool bo_taken(ppc_cpu *c, unsigned bo, unsigned bi)
{
    if (!(bo & 4))
        c->spr[SPR_CTR]--;
    bool ctr_ok = (bo & 4) || ((c->spr[SPR_CTR] != 0) ^ ((bo >> 1) & 1));
    bool cond_ok = (bo & 16) || (crbit(c, bi) == ((bo >> 3) & 1));
    return ctr_ok && cond_ok;
}

void ppc_b(ppc_cpu *c, uint32_t i)
{
    uint32_t li = i & 0x03fffffc;
    if (li & 0x02000000)
        li |= 0xfc000000;
    uint32_t target = (i & 2) ? li : c->pc + li;
    if (i & 1)
        c->spr[SPR_LR] = c->pc + 4;
    c->npc = target;
}

void ppc_bc(ppc_cpu *c, uint32_t i)
{
    uint32_t bd = (uint32_t)(int16_t)(i & 0xfffc);
    bool t = bo_taken(c, RD(i), RA(i));
    if (i & 1)
        c->spr[SPR_LR] = c->pc + 4;
    if (t)
        c->npc = (i & 2) ? bd : c->pc + bd;
}

void ppc_bclr(ppc_cpu *c, uint32_t i)
{
    uint32_t target = c->spr[SPR_LR] & ~3u;
    bool t = bo_taken(c, RD(i), RA(i));
    if (i & 1)
        c->spr[SPR_LR] = c->pc + 4;
    if (t)
        c->npc = target;
}

void ppc_bcctr(ppc_cpu *c, uint32_t i)
{
    /* BO[2] clear (decrement CTR) is an invalid form for bcctr; the CTR is
     * then neither decremented nor tested on these parts, as we do here. */
    unsigned bo = RD(i) | 4;
    bool t = bo_taken(c, bo, RA(i));
    if (i & 1)
        c->spr[SPR_LR] = c->pc + 4;
    if (t)
        c->npc = c->spr[SPR_CTR] & ~3u;
}
