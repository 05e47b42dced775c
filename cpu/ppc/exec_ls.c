/* cpu/ppc/exec_ls.c — integer and floating-point loads and stores, string and
 * multiple transfers, lwarx/stwcx., cache-control instructions
 * (MPCFPE32B §4.2.3, §4.3.4, §5.1). A faulting access leaves every register
 * untouched: the value is written (and rA updated) only after the access
 * succeeded. */
#include "cpu/ppc/exec.h"

static inline uint32_t ea_d(const ppc_cpu *c, uint32_t i)
{ return (RA(i) ? c->gpr[RA(i)] : 0) + (uint32_t)SIMM(i); }
static inline uint32_t ea_x(const ppc_cpu *c, uint32_t i)
{ return (RA(i) ? c->gpr[RA(i)] : 0) + c->gpr[RB(i)]; }

/* Decode size/sign/update/indexed from the opcode, once for all integer loads. */
typedef struct { unsigned size; bool sign, update, indexed, brev; } ls_kind;

static ls_kind load_kind(uint32_t i)
{
    unsigned po = i >> 26;
    if (po == 31) {
        switch ((i >> 1) & 0x3ff) {
        case 23:  return (ls_kind){ 4, false, false, true, false };  /* lwzx */
        case 55:  return (ls_kind){ 4, false, true, true, false };   /* lwzux */
        case 87:  return (ls_kind){ 1, false, false, true, false };  /* lbzx */
        case 119: return (ls_kind){ 1, false, true, true, false };   /* lbzux */
        case 279: return (ls_kind){ 2, false, false, true, false };  /* lhzx */
        case 311: return (ls_kind){ 2, false, true, true, false };   /* lhzux */
        case 343: return (ls_kind){ 2, true, false, true, false };   /* lhax */
        case 375: return (ls_kind){ 2, true, true, true, false };    /* lhaux */
        case 534: return (ls_kind){ 4, false, false, true, true };   /* lwbrx */
        case 790: return (ls_kind){ 2, false, false, true, true };   /* lhbrx */
        }
    }
    switch (po) {
    case 32: return (ls_kind){ 4, false, false, false, false };  /* lwz */
    case 33: return (ls_kind){ 4, false, true, false, false };   /* lwzu */
    case 34: return (ls_kind){ 1, false, false, false, false };  /* lbz */
    case 35: return (ls_kind){ 1, false, true, false, false };   /* lbzu */
    case 40: return (ls_kind){ 2, false, false, false, false };  /* lhz */
    case 41: return (ls_kind){ 2, false, true, false, false };   /* lhzu */
    case 42: return (ls_kind){ 2, true, false, false, false };   /* lha */
    default: return (ls_kind){ 2, true, true, false, false };    /* lhau (43) */
    }
}

static ls_kind store_kind(uint32_t i)
{
    unsigned po = i >> 26;
    if (po == 31) {
        switch ((i >> 1) & 0x3ff) {
        case 151: return (ls_kind){ 4, false, false, true, false };  /* stwx */
        case 183: return (ls_kind){ 4, false, true, true, false };   /* stwux */
        case 215: return (ls_kind){ 1, false, false, true, false };  /* stbx */
        case 247: return (ls_kind){ 1, false, true, true, false };   /* stbux */
        case 407: return (ls_kind){ 2, false, false, true, false };  /* sthx */
        case 439: return (ls_kind){ 2, false, true, true, false };   /* sthux */
        case 662: return (ls_kind){ 4, false, false, true, true };   /* stwbrx */
        case 918: return (ls_kind){ 2, false, false, true, true };   /* sthbrx */
        }
    }
    switch (po) {
    case 36: return (ls_kind){ 4, false, false, false, false };  /* stw */
    case 37: return (ls_kind){ 4, false, true, false, false };   /* stwu */
    case 38: return (ls_kind){ 1, false, false, false, false };  /* stb */
    case 39: return (ls_kind){ 1, false, true, false, false };   /* stbu */
    case 44: return (ls_kind){ 2, false, false, false, false };  /* sth */
    default: return (ls_kind){ 2, false, true, false, false };   /* sthu (45) */
    }
}

static uint32_t brev(uint32_t v, unsigned size)
{
    return size == 4 ? __builtin_bswap32(v) : (uint32_t)__builtin_bswap16((uint16_t)v);
}

void ppc_load(ppc_cpu *c, uint32_t i)
{
    ls_kind k = load_kind(i);
    uint32_t ea = k.indexed ? ea_x(c, i) : ea_d(c, i), v;
    if (!ppc_read(c, ea, k.size, &v))
        return;
    if (k.brev)
        v = brev(v, k.size);
    if (k.sign)
        v = (uint32_t)(int16_t)v;
    if (k.update && RA(i))
        c->gpr[RA(i)] = ea;
    c->gpr[RD(i)] = v;
}

void ppc_store(ppc_cpu *c, uint32_t i)
{
    ls_kind k = store_kind(i);
    uint32_t ea = k.indexed ? ea_x(c, i) : ea_d(c, i), v = c->gpr[RD(i)];
    if (k.brev)
        v = brev(v, k.size);
    if (!ppc_write(c, ea, k.size, v))
        return;
    if (k.update && RA(i))
        c->gpr[RA(i)] = ea;
}

/* D-form loads and stores are the hottest instructions: one small handler
 * each, specialised from one inline body. */
static inline void load_d(ppc_cpu *c, uint32_t i, unsigned size, bool sign, bool update)
{
    uint32_t ea = ea_d(c, i), v;
    if (!ppc_read(c, ea, size, &v))
        return;
    if (sign)
        v = (uint32_t)(int16_t)v;
    if (update && RA(i))
        c->gpr[RA(i)] = ea;
    c->gpr[RD(i)] = v;
}

static inline void store_d(ppc_cpu *c, uint32_t i, unsigned size, bool update)
{
    uint32_t ea = ea_d(c, i);
    if (ppc_write(c, ea, size, c->gpr[RD(i)]) && update && RA(i))
        c->gpr[RA(i)] = ea;
}

void ppc_lwz(ppc_cpu *c, uint32_t i)  { load_d(c, i, 4, false, false); }
void ppc_lwzu(ppc_cpu *c, uint32_t i) { load_d(c, i, 4, false, true); }
void ppc_lbz(ppc_cpu *c, uint32_t i)  { load_d(c, i, 1, false, false); }
void ppc_lbzu(ppc_cpu *c, uint32_t i) { load_d(c, i, 1, false, true); }
void ppc_lhz(ppc_cpu *c, uint32_t i)  { load_d(c, i, 2, false, false); }
void ppc_lhzu(ppc_cpu *c, uint32_t i) { load_d(c, i, 2, false, true); }
void ppc_lha(ppc_cpu *c, uint32_t i)  { load_d(c, i, 2, true, false); }
void ppc_lhau(ppc_cpu *c, uint32_t i) { load_d(c, i, 2, true, true); }
void ppc_stw(ppc_cpu *c, uint32_t i)  { store_d(c, i, 4, false); }
void ppc_stwu(ppc_cpu *c, uint32_t i) { store_d(c, i, 4, true); }
void ppc_stb(ppc_cpu *c, uint32_t i)  { store_d(c, i, 1, false); }
void ppc_stbu(ppc_cpu *c, uint32_t i) { store_d(c, i, 1, true); }
void ppc_sth(ppc_cpu *c, uint32_t i)  { store_d(c, i, 2, false); }
void ppc_sthu(ppc_cpu *c, uint32_t i) { store_d(c, i, 2, true); }

/* ---- multiple and string ------------------------------------------------ */

static bool aligned_or_alignment_exc(ppc_cpu *c, uint32_t i, uint32_t ea)
{
    if (!(ea & 3))
        return true;
    ppc_alignment(c, i, ea);
    return false;
}

void ppc_lmw(ppc_cpu *c, uint32_t i)
{
    uint32_t ea = ea_d(c, i), v[32];
    unsigned r0 = RD(i);
    if (!aligned_or_alignment_exc(c, i, ea))
        return;
    for (unsigned r = r0; r < 32; r++)
        if (!ppc_read(c, ea + 4 * (r - r0), 4, &v[r]))
            return;
    for (unsigned r = r0; r < 32; r++)   /* rA in range: invalid form, loaded anyway */
        c->gpr[r] = v[r];
}

void ppc_stmw(ppc_cpu *c, uint32_t i)
{
    uint32_t ea = ea_d(c, i);
    if (!aligned_or_alignment_exc(c, i, ea))
        return;
    for (unsigned r = RD(i); r < 32; r++)
        if (!ppc_write(c, ea + 4 * (r - RD(i)), 4, c->gpr[r]))
            return;
}

static void load_string(ppc_cpu *c, uint32_t i, uint32_t ea, unsigned n)
{
    uint32_t v[32];
    unsigned r = RD(i), nregs = (n + 3) / 4;
    memset(v, 0, sizeof v);
    for (unsigned k = 0; k < n; k++) {
        uint32_t b;
        if (!ppc_read(c, ea + k, 1, &b))
            return;
        v[k / 4] |= b << (24 - 8 * (k % 4));
    }
    for (unsigned k = 0; k < nregs; k++)
        c->gpr[(r + k) & 31] = v[k];
}

static void store_string(ppc_cpu *c, uint32_t i, uint32_t ea, unsigned n)
{
    unsigned r = RD(i);
    for (unsigned k = 0; k < n; k++) {
        uint32_t b = (c->gpr[(r + k / 4) & 31] >> (24 - 8 * (k % 4))) & 0xff;
        if (!ppc_write(c, ea + k, 1, b))
            return;
    }
}

void ppc_lswi(ppc_cpu *c, uint32_t i)
{
    unsigned n = RB(i) ? RB(i) : 32;
    load_string(c, i, RA(i) ? c->gpr[RA(i)] : 0, n);
}
void ppc_lswx(ppc_cpu *c, uint32_t i)
{ load_string(c, i, ea_x(c, i), c->spr[SPR_XER] & 0x7f); }
void ppc_stswi(ppc_cpu *c, uint32_t i)
{
    unsigned n = RB(i) ? RB(i) : 32;
    store_string(c, i, RA(i) ? c->gpr[RA(i)] : 0, n);
}
void ppc_stswx(ppc_cpu *c, uint32_t i)
{ store_string(c, i, ea_x(c, i), c->spr[SPR_XER] & 0x7f); }

/* ---- reservation -------------------------------------------------------- */


/* The reservation is kept by physical address (one CPU: only stwcx. and
 * exceptions' rfi clear it here; other bus masters' stores are not seen). */
void ppc_lwarx(ppc_cpu *c, uint32_t i)
{
    uint32_t ea = ea_x(c, i), v, pa;
    if (!aligned_or_alignment_exc(c, i, ea) || !ppc_read(c, ea, 4, &v) ||
        !ppc_translate(c, ea, PPC_ACC_READ, &pa))
        return;
    c->resv_valid = true;
    c->resv_addr = pa;
    c->gpr[RD(i)] = v;
}

void ppc_stwcx(ppc_cpu *c, uint32_t i)
{
    uint32_t ea = ea_x(c, i), pa;
    if (!aligned_or_alignment_exc(c, i, ea) || !ppc_translate(c, ea, PPC_ACC_WRITE, &pa))
        return;
    bool ok = c->resv_valid && c->resv_addr == pa;
    if (ok && !ppc_write(c, ea, 4, c->gpr[RD(i)]))
        return;
    c->resv_valid = false;
    ppc_set_cr_field(c, 0, (ok ? 2 : 0) | ((c->spr[SPR_XER] >> 31) & 1));
}

/* ---- cache control ------------------------------------------------------ */

void ppc_dcbz(ppc_cpu *c, uint32_t i)
{
    /* 32-byte cache blocks on 603e, 604e and 750. */
    uint32_t ea = ea_x(c, i) & ~31u;
    for (unsigned k = 0; k < 32; k += 4)
        if (!ppc_write(c, ea + k, 4, 0))
            return;
}

void ppc_cache_nop(ppc_cpu *c, uint32_t i)
{
    /* dcbf, dcbst, dcbt, dcbtst, icbi, sync, isync, eieio: memory is always
     * coherent here and instructions are fetched from memory every time, so
     * they order nothing; a reservation is not lost by them. */
}

void ppc_dcbi(ppc_cpu *c, uint32_t i)
{
    if (c->msr & MSR_PR)
        ppc_program(c, PROG_PRIV);
}

void ppc_eciwx(ppc_cpu *c, uint32_t i)
{
    uint32_t ea = ea_x(c, i), v;
    if (!(c->spr[SPR_EAR] & 0x80000000u)) {
        c->spr[SPR_DAR] = ea;
        c->spr[SPR_DSISR] = 0x00100000u;
        ppc_exception(c, EXC_DSI, c->pc, 0);
        return;
    }
    if (ppc_read(c, ea, 4, &v))
        c->gpr[RD(i)] = v;
}

void ppc_ecowx(ppc_cpu *c, uint32_t i)
{
    uint32_t ea = ea_x(c, i);
    if (!(c->spr[SPR_EAR] & 0x80000000u)) {
        c->spr[SPR_DAR] = ea;
        c->spr[SPR_DSISR] = 0x02100000u;
        ppc_exception(c, EXC_DSI, c->pc, 0);
        return;
    }
    ppc_write(c, ea, 4, c->gpr[RD(i)]);
}

/* ---- floating-point loads and stores ------------------------------------ */

static bool read64(ppc_cpu *c, uint32_t ea, uint64_t *v)
{
    uint32_t hi, lo;
    if (!ppc_read(c, ea, 4, &hi) || !ppc_read(c, ea + 4, 4, &lo))
        return false;
    *v = (uint64_t)hi << 32 | lo;
    return true;
}

static bool write64(ppc_cpu *c, uint32_t ea, uint64_t v)
{
    uint32_t pa;
    /* Probe both words first so a fault on the second leaves memory intact. */
    if (!ppc_translate(c, ea + 4, PPC_ACC_WRITE, &pa))
        return false;
    return ppc_write(c, ea, 4, (uint32_t)(v >> 32)) && ppc_write(c, ea + 4, 4, (uint32_t)v);
}

/* FP accesses that are not word-aligned take the alignment exception on the
 * 603e/750 (750 UM §4.5.6); Linux fixes them up for user programs, so the
 * user-mode runner simply performs them. */
static bool fp_aligned(ppc_cpu *c, uint32_t i, uint32_t ea)
{
    if (!(ea & 3) || c->cpu.user_mode)
        return true;
    ppc_alignment(c, i, ea);
    return false;
}

void ppc_fload(ppc_cpu *c, uint32_t i)
{
    if (!ppc_fp_available(c))
        return;
    unsigned po = i >> 26, xo = (i >> 1) & 0x3ff;
    bool indexed = po == 31;
    bool dbl = indexed ? (xo == 599 || xo == 631) : (po == 50 || po == 51);
    bool update = indexed ? (xo == 567 || xo == 631) : (po == 49 || po == 51);
    uint32_t ea = indexed ? ea_x(c, i) : ea_d(c, i);
    uint64_t v;
    if (!fp_aligned(c, i, ea))
        return;
    if (dbl) {
        if (!read64(c, ea, &v))
            return;
    } else {
        uint32_t s;
        if (!ppc_read(c, ea, 4, &s))
            return;
        v = ppc_single_to_double(s);
    }
    if (update && RA(i))
        c->gpr[RA(i)] = ea;
    c->fpr[RD(i)] = v;
}

void ppc_fstore(ppc_cpu *c, uint32_t i)
{
    if (!ppc_fp_available(c))
        return;
    unsigned po = i >> 26, xo = (i >> 1) & 0x3ff;
    bool indexed = po == 31;
    uint32_t ea = indexed ? ea_x(c, i) : ea_d(c, i);
    uint64_t f = c->fpr[RD(i)];
    if (!fp_aligned(c, i, ea))
        return;
    if (indexed && xo == 983) {          /* stfiwx: low word, as is */
        ppc_write(c, ea, 4, (uint32_t)f);
        return;
    }
    bool dbl = indexed ? (xo == 727 || xo == 759) : (po == 54 || po == 55);
    bool update = indexed ? (xo == 695 || xo == 759) : (po == 53 || po == 55);
    bool ok = dbl ? write64(c, ea, f) : ppc_write(c, ea, 4, ppc_double_to_single(f));
    if (ok && update && RA(i))
        c->gpr[RA(i)] = ea;
}
