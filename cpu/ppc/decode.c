/* cpu/ppc/decode.c — the one decode table: opcode pattern, mnemonic, operand
 * layout and handler per row (opcode numbers from MPCFPE32B appendix A.2,
 * 603e/750 user's manuals for the implementation-specific rows).
 *
 * At realize each CPU flattens it into its own dispatch array: 64 primary
 * slots plus 1024 extended-opcode slots for each of primary 19, 31, 59, 63.
 * Rows not present for the chosen model are left out, so their encodings
 * raise the illegal-instruction program exception, as on the part.
 *
 * Operand letters (fallback disassembler, cpu/ppc/disasm.c): D/S rD, A rA,
 * B rB, C frC, I SIMM, U UIMM, d d(rA), f crfD, g crfS, c crbD,crbA,crbB,
 * h SH,MB,ME, n NB, o TO, s SPR, r SR, m CRM/FM, L LI, P BO,BI,BD, x FP rD,
 * y FP rA, z FP rB. */
#include "cpu/ppc/exec.h"

#define M603 (1u << PPC_MODEL_603)

const ppc_op ppc_ops[] = {
    /* name      po  xo    form        models operands exec */
    { "twi",      3,   0, PPC_F_NONE,  0, "o,A,I",  ppc_twi },
    { "mulli",    7,   0, PPC_F_NONE,  0, "D,A,I",  ppc_mulli },
    { "subfic",   8,   0, PPC_F_NONE,  0, "D,A,I",  ppc_subfic },
    { "cmpli",   10,   0, PPC_F_NONE,  0, "f,A,U",  ppc_cmpli },
    { "cmpi",    11,   0, PPC_F_NONE,  0, "f,A,I",  ppc_cmpi },
    { "addic",   12,   0, PPC_F_NONE,  0, "D,A,I",  ppc_addic },
    { "addic.",  13,   0, PPC_F_NONE,  0, "D,A,I",  ppc_addic },
    { "addi",    14,   0, PPC_F_NONE,  0, "D,A,I",  ppc_addi },
    { "addis",   15,   0, PPC_F_NONE,  0, "D,A,I",  ppc_addis },
    { "bc",      16,   0, PPC_F_NONE,  0, "P",      ppc_bc },
    { "sc",      17,   0, PPC_F_NONE,  0, "",       ppc_sc },
    { "b",       18,   0, PPC_F_NONE,  0, "L",      ppc_b },
    { "rlwimi",  20,   0, PPC_F_NONE,  0, "A,S,h",  ppc_rlwimi },
    { "rlwinm",  21,   0, PPC_F_NONE,  0, "A,S,h",  ppc_rlwinm },
    { "rlwnm",   23,   0, PPC_F_NONE,  0, "A,S,B",  ppc_rlwnm },
    { "ori",     24,   0, PPC_F_NONE,  0, "A,S,U",  ppc_ori },
    { "oris",    25,   0, PPC_F_NONE,  0, "A,S,U",  ppc_oris },
    { "xori",    26,   0, PPC_F_NONE,  0, "A,S,U",  ppc_xori },
    { "xoris",   27,   0, PPC_F_NONE,  0, "A,S,U",  ppc_xoris },
    { "andi.",   28,   0, PPC_F_NONE,  0, "A,S,U",  ppc_andi },
    { "andis.",  29,   0, PPC_F_NONE,  0, "A,S,U",  ppc_andis },
    { "lwz",     32,   0, PPC_F_NONE,  0, "D,d",    ppc_lwz },
    { "lwzu",    33,   0, PPC_F_NONE,  0, "D,d",    ppc_lwzu },
    { "lbz",     34,   0, PPC_F_NONE,  0, "D,d",    ppc_lbz },
    { "lbzu",    35,   0, PPC_F_NONE,  0, "D,d",    ppc_lbzu },
    { "stw",     36,   0, PPC_F_NONE,  0, "S,d",    ppc_stw },
    { "stwu",    37,   0, PPC_F_NONE,  0, "S,d",    ppc_stwu },
    { "stb",     38,   0, PPC_F_NONE,  0, "S,d",    ppc_stb },
    { "stbu",    39,   0, PPC_F_NONE,  0, "S,d",    ppc_stbu },
    { "lhz",     40,   0, PPC_F_NONE,  0, "D,d",    ppc_lhz },
    { "lhzu",    41,   0, PPC_F_NONE,  0, "D,d",    ppc_lhzu },
    { "lha",     42,   0, PPC_F_NONE,  0, "D,d",    ppc_lha },
    { "lhau",    43,   0, PPC_F_NONE,  0, "D,d",    ppc_lhau },
    { "sth",     44,   0, PPC_F_NONE,  0, "S,d",    ppc_sth },
    { "sthu",    45,   0, PPC_F_NONE,  0, "S,d",    ppc_sthu },
    { "lmw",     46,   0, PPC_F_NONE,  0, "D,d",    ppc_lmw },
    { "stmw",    47,   0, PPC_F_NONE,  0, "S,d",    ppc_stmw },
    { "lfs",     48,   0, PPC_F_NONE,  0, "x,d",    ppc_fload },
    { "lfsu",    49,   0, PPC_F_NONE,  0, "x,d",    ppc_fload },
    { "lfd",     50,   0, PPC_F_NONE,  0, "x,d",    ppc_fload },
    { "lfdu",    51,   0, PPC_F_NONE,  0, "x,d",    ppc_fload },
    { "stfs",    52,   0, PPC_F_NONE,  0, "x,d",    ppc_fstore },
    { "stfsu",   53,   0, PPC_F_NONE,  0, "x,d",    ppc_fstore },
    { "stfd",    54,   0, PPC_F_NONE,  0, "x,d",    ppc_fstore },
    { "stfdu",   55,   0, PPC_F_NONE,  0, "x,d",    ppc_fstore },

    /* primary 19 */
    { "mcrf",    19,   0, PPC_F_X10,   0, "f,g",    ppc_mcrf },
    { "bclr",    19,  16, PPC_F_X10,   0, "P",      ppc_bclr },
    { "crnor",   19,  33, PPC_F_X10,   0, "c",      ppc_crop },
    { "rfi",     19,  50, PPC_F_X10,   0, "",       ppc_rfi },
    { "crandc",  19, 129, PPC_F_X10,   0, "c",      ppc_crop },
    { "isync",   19, 150, PPC_F_X10,   0, "",       ppc_cache_nop },
    { "crxor",   19, 193, PPC_F_X10,   0, "c",      ppc_crop },
    { "crnand",  19, 225, PPC_F_X10,   0, "c",      ppc_crop },
    { "crand",   19, 257, PPC_F_X10,   0, "c",      ppc_crop },
    { "creqv",   19, 289, PPC_F_X10,   0, "c",      ppc_crop },
    { "crorc",   19, 417, PPC_F_X10,   0, "c",      ppc_crop },
    { "cror",    19, 449, PPC_F_X10,   0, "c",      ppc_crop },
    { "bcctr",   19, 528, PPC_F_X10,   0, "P",      ppc_bcctr },

    /* primary 31 */
    { "cmp",     31,   0, PPC_F_X10,   0, "f,A,B",  ppc_cmp },
    { "tw",      31,   4, PPC_F_X10,   0, "o,A,B",  ppc_tw },
    { "subfc",   31,   8, PPC_F_XO9,   0, "D,A,B",  ppc_subfc },
    { "addc",    31,  10, PPC_F_XO9,   0, "D,A,B",  ppc_addc },
    { "mulhwu",  31,  11, PPC_F_X10,   0, "D,A,B",  ppc_mulhwu },
    { "mfcr",    31,  19, PPC_F_X10,   0, "D",      ppc_mfcr },
    { "lwarx",   31,  20, PPC_F_X10,   0, "D,A,B",  ppc_lwarx },
    { "lwzx",    31,  23, PPC_F_X10,   0, "D,A,B",  ppc_load },
    { "slw",     31,  24, PPC_F_X10,   0, "A,S,B",  ppc_slw },
    { "cntlzw",  31,  26, PPC_F_X10,   0, "A,S",    ppc_cntlzw },
    { "and",     31,  28, PPC_F_X10,   0, "A,S,B",  ppc_and },
    { "cmpl",    31,  32, PPC_F_X10,   0, "f,A,B",  ppc_cmpl },
    { "subf",    31,  40, PPC_F_XO9,   0, "D,A,B",  ppc_subf },
    { "dcbst",   31,  54, PPC_F_X10,   0, "A,B",    ppc_cache_nop },
    { "lwzux",   31,  55, PPC_F_X10,   0, "D,A,B",  ppc_load },
    { "andc",    31,  60, PPC_F_X10,   0, "A,S,B",  ppc_andc },
    { "mulhw",   31,  75, PPC_F_X10,   0, "D,A,B",  ppc_mulhw },
    { "mfmsr",   31,  83, PPC_F_X10,   0, "D",      ppc_mfmsr },
    { "dcbf",    31,  86, PPC_F_X10,   0, "A,B",    ppc_cache_nop },
    { "lbzx",    31,  87, PPC_F_X10,   0, "D,A,B",  ppc_load },
    { "neg",     31, 104, PPC_F_XO9,   0, "D,A",    ppc_neg },
    { "lbzux",   31, 119, PPC_F_X10,   0, "D,A,B",  ppc_load },
    { "nor",     31, 124, PPC_F_X10,   0, "A,S,B",  ppc_nor },
    { "subfe",   31, 136, PPC_F_XO9,   0, "D,A,B",  ppc_subfe },
    { "adde",    31, 138, PPC_F_XO9,   0, "D,A,B",  ppc_adde },
    { "mtcrf",   31, 144, PPC_F_X10,   0, "m,S",    ppc_mtcrf },
    { "mtmsr",   31, 146, PPC_F_X10,   0, "S",      ppc_mtmsr },
    { "stwcx.",  31, 150, PPC_F_X10,   0, "S,A,B",  ppc_stwcx },
    { "stwx",    31, 151, PPC_F_X10,   0, "S,A,B",  ppc_store },
    { "stwux",   31, 183, PPC_F_X10,   0, "S,A,B",  ppc_store },
    { "subfze",  31, 200, PPC_F_XO9,   0, "D,A",    ppc_subfze },
    { "addze",   31, 202, PPC_F_XO9,   0, "D,A",    ppc_addze },
    { "mtsr",    31, 210, PPC_F_X10,   0, "r,S",    ppc_mtsr },
    { "stbx",    31, 215, PPC_F_X10,   0, "S,A,B",  ppc_store },
    { "subfme",  31, 232, PPC_F_XO9,   0, "D,A",    ppc_subfme },
    { "addme",   31, 234, PPC_F_XO9,   0, "D,A",    ppc_addme },
    { "mullw",   31, 235, PPC_F_XO9,   0, "D,A,B",  ppc_mullw },
    { "mtsrin",  31, 242, PPC_F_X10,   0, "S,B",    ppc_mtsrin },
    { "dcbtst",  31, 246, PPC_F_X10,   0, "A,B",    ppc_cache_nop },
    { "stbux",   31, 247, PPC_F_X10,   0, "S,A,B",  ppc_store },
    { "add",     31, 266, PPC_F_XO9,   0, "D,A,B",  ppc_add },
    { "dcbt",    31, 278, PPC_F_X10,   0, "A,B",    ppc_cache_nop },
    { "lhzx",    31, 279, PPC_F_X10,   0, "D,A,B",  ppc_load },
    { "eqv",     31, 284, PPC_F_X10,   0, "A,S,B",  ppc_eqv },
    { "tlbie",   31, 306, PPC_F_X10,   0, "B",      ppc_tlbie },
    { "eciwx",   31, 310, PPC_F_X10,   0, "D,A,B",  ppc_eciwx },
    { "lhzux",   31, 311, PPC_F_X10,   0, "D,A,B",  ppc_load },
    { "xor",     31, 316, PPC_F_X10,   0, "A,S,B",  ppc_xor },
    { "mfspr",   31, 339, PPC_F_X10,   0, "D,s",    ppc_mfspr },
    { "lhax",    31, 343, PPC_F_X10,   0, "D,A,B",  ppc_load },
    { "mftb",    31, 371, PPC_F_X10,   0, "D,s",    ppc_mftb },
    { "lhaux",   31, 375, PPC_F_X10,   0, "D,A,B",  ppc_load },
    { "sthx",    31, 407, PPC_F_X10,   0, "S,A,B",  ppc_store },
    { "orc",     31, 412, PPC_F_X10,   0, "A,S,B",  ppc_orc },
    { "ecowx",   31, 438, PPC_F_X10,   0, "S,A,B",  ppc_ecowx },
    { "sthux",   31, 439, PPC_F_X10,   0, "S,A,B",  ppc_store },
    { "or",      31, 444, PPC_F_X10,   0, "A,S,B",  ppc_or },
    { "divwu",   31, 459, PPC_F_XO9,   0, "D,A,B",  ppc_divwu },
    { "mtspr",   31, 467, PPC_F_X10,   0, "s,S",    ppc_mtspr },
    { "dcbi",    31, 470, PPC_F_X10,   0, "A,B",    ppc_dcbi },
    { "nand",    31, 476, PPC_F_X10,   0, "A,S,B",  ppc_nand },
    { "divw",    31, 491, PPC_F_XO9,   0, "D,A,B",  ppc_divw },
    { "mcrxr",   31, 512, PPC_F_X10,   0, "f",      ppc_mcrxr },
    { "lswx",    31, 533, PPC_F_X10,   0, "D,A,B",  ppc_lswx },
    { "lwbrx",   31, 534, PPC_F_X10,   0, "D,A,B",  ppc_load },
    { "lfsx",    31, 535, PPC_F_X10,   0, "x,A,B",  ppc_fload },
    { "srw",     31, 536, PPC_F_X10,   0, "A,S,B",  ppc_srw },
    { "tlbsync", 31, 566, PPC_F_X10,   0, "",       ppc_tlbsync },
    { "lfsux",   31, 567, PPC_F_X10,   0, "x,A,B",  ppc_fload },
    { "mfsr",    31, 595, PPC_F_X10,   0, "D,r",    ppc_mfsr },
    { "lswi",    31, 597, PPC_F_X10,   0, "D,A,n",  ppc_lswi },
    { "sync",    31, 598, PPC_F_X10,   0, "",       ppc_cache_nop },
    { "lfdx",    31, 599, PPC_F_X10,   0, "x,A,B",  ppc_fload },
    { "lfdux",   31, 631, PPC_F_X10,   0, "x,A,B",  ppc_fload },
    { "mfsrin",  31, 659, PPC_F_X10,   0, "D,B",    ppc_mfsrin },
    { "stswx",   31, 661, PPC_F_X10,   0, "S,A,B",  ppc_stswx },
    { "stwbrx",  31, 662, PPC_F_X10,   0, "S,A,B",  ppc_store },
    { "stfsx",   31, 663, PPC_F_X10,   0, "x,A,B",  ppc_fstore },
    { "stfsux",  31, 695, PPC_F_X10,   0, "x,A,B",  ppc_fstore },
    { "stswi",   31, 725, PPC_F_X10,   0, "S,A,n",  ppc_stswi },
    { "stfdx",   31, 727, PPC_F_X10,   0, "x,A,B",  ppc_fstore },
    { "stfdux",  31, 759, PPC_F_X10,   0, "x,A,B",  ppc_fstore },
    { "lhbrx",   31, 790, PPC_F_X10,   0, "D,A,B",  ppc_load },
    { "sraw",    31, 792, PPC_F_X10,   0, "A,S,B",  ppc_sraw },
    { "srawi",   31, 824, PPC_F_X10,   0, "A,S,n",  ppc_srawi },
    { "eieio",   31, 854, PPC_F_X10,   0, "",       ppc_cache_nop },
    { "sthbrx",  31, 918, PPC_F_X10,   0, "S,A,B",  ppc_store },
    { "extsh",   31, 922, PPC_F_X10,   0, "A,S",    ppc_extsh },
    { "extsb",   31, 954, PPC_F_X10,   0, "A,S",    ppc_extsb },
    { "tlbld",   31, 978, PPC_F_X10, M603, "B",     ppc_tlbld },
    { "icbi",    31, 982, PPC_F_X10,   0, "A,B",    ppc_cache_nop },
    { "stfiwx",  31, 983, PPC_F_X10,   0, "x,A,B",  ppc_fstore },
    { "tlbli",   31, 1010, PPC_F_X10, M603, "B",    ppc_tlbli },
    { "dcbz",    31, 1014, PPC_F_X10,  0, "A,B",    ppc_dcbz },

    /* primary 59: single precision (fsqrts is not on these parts) */
    { "fdivs",   59,  18, PPC_F_A5,    0, "x,y,z",  ppc_fp_arith },
    { "fsubs",   59,  20, PPC_F_A5,    0, "x,y,z",  ppc_fp_arith },
    { "fadds",   59,  21, PPC_F_A5,    0, "x,y,z",  ppc_fp_arith },
    { "fres",    59,  24, PPC_F_A5,    0, "x,z",    ppc_fp_arith },
    { "fmuls",   59,  25, PPC_F_A5,    0, "x,y,C",  ppc_fp_arith },
    { "fmsubs",  59,  28, PPC_F_A5,    0, "x,y,C,z", ppc_fp_arith },
    { "fmadds",  59,  29, PPC_F_A5,    0, "x,y,C,z", ppc_fp_arith },
    { "fnmsubs", 59,  30, PPC_F_A5,    0, "x,y,C,z", ppc_fp_arith },
    { "fnmadds", 59,  31, PPC_F_A5,    0, "x,y,C,z", ppc_fp_arith },

    /* primary 63: double precision and FPSCR (fsqrt is not on these parts) */
    { "fdiv",    63,  18, PPC_F_A5,    0, "x,y,z",  ppc_fp_arith },
    { "fsub",    63,  20, PPC_F_A5,    0, "x,y,z",  ppc_fp_arith },
    { "fadd",    63,  21, PPC_F_A5,    0, "x,y,z",  ppc_fp_arith },
    { "fsel",    63,  23, PPC_F_A5,    0, "x,y,C,z", ppc_fp_arith },
    { "fmul",    63,  25, PPC_F_A5,    0, "x,y,C",  ppc_fp_arith },
    { "frsqrte", 63,  26, PPC_F_A5,    0, "x,z",    ppc_fp_arith },
    { "fmsub",   63,  28, PPC_F_A5,    0, "x,y,C,z", ppc_fp_arith },
    { "fmadd",   63,  29, PPC_F_A5,    0, "x,y,C,z", ppc_fp_arith },
    { "fnmsub",  63,  30, PPC_F_A5,    0, "x,y,C,z", ppc_fp_arith },
    { "fnmadd",  63,  31, PPC_F_A5,    0, "x,y,C,z", ppc_fp_arith },
    { "fcmpu",   63,   0, PPC_F_X10,   0, "f,y,z",  ppc_fp_cmp },
    { "frsp",    63,  12, PPC_F_X10,   0, "x,z",    ppc_frsp },
    { "fctiw",   63,  14, PPC_F_X10,   0, "x,z",    ppc_fctiw },
    { "fctiwz",  63,  15, PPC_F_X10,   0, "x,z",    ppc_fctiw },
    { "fcmpo",   63,  32, PPC_F_X10,   0, "f,y,z",  ppc_fp_cmp },
    { "mtfsb1",  63,  38, PPC_F_X10,   0, "c",      ppc_fpscr_op },
    { "fneg",    63,  40, PPC_F_X10,   0, "x,z",    ppc_fp_move },
    { "mcrfs",   63,  64, PPC_F_X10,   0, "f,g",    ppc_fpscr_op },
    { "mtfsb0",  63,  70, PPC_F_X10,   0, "c",      ppc_fpscr_op },
    { "fmr",     63,  72, PPC_F_X10,   0, "x,z",    ppc_fp_move },
    { "mtfsfi",  63, 134, PPC_F_X10,   0, "f,U",    ppc_fpscr_op },
    { "fnabs",   63, 136, PPC_F_X10,   0, "x,z",    ppc_fp_move },
    { "fabs",    63, 264, PPC_F_X10,   0, "x,z",    ppc_fp_move },
    { "mffs",    63, 583, PPC_F_X10,   0, "x",      ppc_fpscr_op },
    { "mtfsf",   63, 711, PPC_F_X10,   0, "m,z",    ppc_fpscr_op },
    { NULL, 0, 0, 0, 0, NULL, NULL }
};

/* Which of the four extended-opcode groups a primary opcode uses (-1: none). */
const int8_t ppc_ext_groups[64] = {
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,   /* 0-15 */
    -1, -1, -1,  0, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,  1,   /* 16-31 */
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,   /* 32-47 */
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,  2, -1, -1, -1,  3,   /* 48-63 */
};

static int ext_group(unsigned po) { return ppc_ext_groups[po & 63]; }

void ppc_build_dispatch(ppc_cpu *c)
{
    memset(c->dispatch, 0, sizeof c->dispatch);
    for (const ppc_op *op = ppc_ops; op->name; op++) {
        if (op->models && !(op->models & (1u << c->model)))
            continue;
        int g = ext_group(op->po);
        if (g < 0) {
            c->dispatch[op->po] = op;
            continue;
        }
        const ppc_op **tab = &c->dispatch[64 + 1024 * g];
        switch (op->form) {
        case PPC_F_XO9:
            tab[op->xo] = op;
            tab[op->xo | 0x200] = op;
            break;
        case PPC_F_A5:
            for (unsigned hi = 0; hi < 32; hi++)
                tab[hi << 5 | op->xo] = op;
            break;
        default:
            tab[op->xo] = op;
            break;
        }
    }
}
