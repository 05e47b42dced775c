/* cpu/ppc/disasm.c — disassembly through capstone 4 (CS_ARCH_PPC,
 * CS_MODE_32 | CS_MODE_BIG_ENDIAN), falling back to the decode table's
 * metadata (cpu/ppc/decode.c) when capstone rejects a word. Memory is read
 * with ww_space_peek at the given address taken as physical. */
#include "cpu/ppc/disasm.h"
#include <capstone/capstone.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ppc_disasm_close(ppc_cpu *c)
{
    if (c->cs_ready) {
        csh h = c->cs_handle;
        cs_close(&h);
        c->cs_ready = false;
    }
}

static bool open_cs(ppc_cpu *c)
{
    if (c->cs_ready)
        return true;
    csh h;
    if (cs_open(CS_ARCH_PPC, CS_MODE_32 | CS_MODE_BIG_ENDIAN, &h) != CS_ERR_OK)
        return false;
    c->cs_handle = h;
    c->cs_ready = true;
    return true;
}

static const ppc_op *find_op(uint32_t insn);

/* Does bit 31 of this instruction mean Rc (record to CR0/CR1)? */
static bool has_rc(const ppc_op *op)
{
    static const char *const rc31[] = { "and", "andc", "or", "orc", "xor", "nand", "nor", "eqv",
        "slw", "srw", "sraw", "srawi", "extsb", "extsh", "cntlzw", "mulhw", "mulhwu", NULL };
    switch (op->po) {
    case 20: case 21: case 23: case 59:
        return true;
    case 63:
        return strcmp(op->name, "fcmpu") && strcmp(op->name, "fcmpo") && strcmp(op->name, "mcrfs");
    case 31:
        if (op->form == PPC_F_XO9)
            return true;
        for (unsigned k = 0; rc31[k]; k++)
            if (!strcmp(op->name, rc31[k]))
                return true;
        return false;
    default:
        return false;
    }
}

static void fallback(ppc_cpu *c, uint32_t addr, uint32_t insn, char *out, size_t outlen)
{
    const ppc_op *op = find_op(insn);
    if (!op) {
        snprintf(out, outlen, ".long 0x%08x", insn);
        return;
    }
    GString *s = g_string_new(op->name);
    if (op->form == PPC_F_XO9 && (insn & 0x400))
        g_string_append_c(s, 'o');
    if ((insn & 1) && has_rc(op))
        g_string_append_c(s, '.');
    bool first = true;
    for (const char *p = op->operands; *p; p++) {
        if (*p == ',')
            continue;
        g_string_append(s, first ? " " : ", ");
        first = false;
        switch (*p) {
        case 'D': case 'S': g_string_append_printf(s, "r%u", RD(insn)); break;
        case 'A': g_string_append_printf(s, "r%u", RA(insn)); break;
        case 'B': g_string_append_printf(s, "r%u", RB(insn)); break;
        case 'x': g_string_append_printf(s, "f%u", RD(insn)); break;
        case 'y': g_string_append_printf(s, "f%u", RA(insn)); break;
        case 'z': g_string_append_printf(s, "f%u", RB(insn)); break;
        case 'C': g_string_append_printf(s, "f%u", RC_(insn)); break;
        case 'I': g_string_append_printf(s, "%d", SIMM(insn)); break;
        case 'U': g_string_append_printf(s, "0x%x", UIMM(insn)); break;
        case 'd': g_string_append_printf(s, "%d(r%u)", SIMM(insn), RA(insn)); break;
        case 'f': g_string_append_printf(s, "cr%u", (insn >> 23) & 7); break;
        case 'g': g_string_append_printf(s, "cr%u", (insn >> 18) & 7); break;
        case 'c': g_string_append_printf(s, "%u, %u, %u", RD(insn), RA(insn), RB(insn)); break;
        case 'h': g_string_append_printf(s, "%u, %u, %u", RB(insn), RC_(insn), (insn >> 1) & 31); break;
        case 'n': g_string_append_printf(s, "%u", RB(insn)); break;
        case 'o': g_string_append_printf(s, "%u", RD(insn)); break;
        case 's': g_string_append_printf(s, "%u", ((insn >> 16) & 0x1f) | ((insn >> 6) & 0x3e0)); break;
        case 'r': g_string_append_printf(s, "%u", (insn >> 16) & 15); break;
        case 'm': g_string_append_printf(s, "0x%x", (insn >> 12) & 0xff); break;
        case 'L': {
            uint32_t li = insn & 0x03fffffc;
            if (li & 0x02000000)
                li |= 0xfc000000;
            g_string_append_printf(s, "0x%x", (insn & 2) ? li : addr + li);
            break;
        }
        case 'P': {
            uint32_t bd = (uint32_t)(int16_t)(insn & 0xfffc);
            g_string_append_printf(s, "%u, %u", RD(insn), RA(insn));
            if ((insn >> 26) == 16)
                g_string_append_printf(s, ", 0x%x", (insn & 2) ? bd : addr + bd);
            break;
        }
        default: break;
        }
    }
    snprintf(out, outlen, "%s", s->str);
    g_string_free(s, TRUE);
}

/* The table row for a word regardless of model (for the corrections). */
static const ppc_op *find_op(uint32_t insn)
{
    unsigned po = insn >> 26, x10 = (insn >> 1) & 0x3ff;
    for (const ppc_op *op = ppc_ops; op->name; op++) {
        if (op->po != po)
            continue;
        switch (op->form) {
        case PPC_F_NONE: return op;
        case PPC_F_X10:  if (op->xo == x10) return op; break;
        case PPC_F_XO9:  if (op->xo == (x10 & 0x1ff)) return op; break;
        case PPC_F_A5:   if (op->xo == (x10 & 0x1f)) return op; break;
        }
    }
    return NULL;
}

/* Capstone 4 gets a few 32-bit PowerPC encodings wrong or unhelpful; fix
 * them from the decode table (each case checked against ppcdisasmtest.csv):
 * the OE/Rc suffixes of XO-form arithmetic are dropped ("addeo." printed as
 * "adde"); 16-bit signed immediates print as unsigned ("addi r3, r4,
 * 0xfff0"); bc with BO = 1z1zz ("branch always") prints as bdnz; "sync 0";
 * and the 603 tlbld/tlbli decode as 4xx tlbwe. */
static void correct(const ppc_op *op, uint32_t insn, uint32_t addr, char *mn, size_t mnlen,
                    char *ops, size_t opslen)
{
    unsigned po = insn >> 26;
    if (op->form == PPC_F_XO9 && (insn & 0x401)) {
        size_t l = strlen(mn);
        while (l && (mn[l - 1] == '.' || mn[l - 1] == 'o'))
            mn[--l] = 0;
        snprintf(mn + l, mnlen - l, "%s%s", (insn & 0x400) ? "o" : "", (insn & 1) ? "." : "");
    }
    if (po == 3 || po == 7 || po == 8 || po == 11 || (po >= 12 && po <= 15)) {
        char *last = strrchr(ops, ' ');
        last = last ? last + 1 : ops;
        if (!strncmp(last, "0x", 2)) {
            unsigned long v = strtoul(last, NULL, 16);
            if (v >= 0x8000 && v <= 0xffff)
                snprintf(last, opslen - (size_t)(last - ops), "-0x%lx", 0x10000 - v);
        }
    }
    if (po == 16 && (RD(insn) & 0x14) == 0x14) {
        uint32_t bd = (uint32_t)(int16_t)(insn & 0xfffc);
        snprintf(mn, mnlen, "b%s%s", (insn & 1) ? "l" : "", (insn & 2) ? "a" : "");
        snprintf(ops, opslen, "0x%x", (insn & 2) ? bd : addr + bd);
    }
    if (!strcmp(op->name, "sync") && !strcmp(ops, "0"))
        ops[0] = 0;
}

void ppc_disasm_insn(ppc_cpu *c, uint32_t addr, uint32_t insn, char *out, size_t outlen)
{
    if (!outlen)
        return;
    const ppc_op *op = find_op(insn);
    if (op && op->models) {          /* implementation-specific: our own table */
        fallback(c, addr, insn, out, outlen);
        return;
    }
    if (open_cs(c)) {
        uint8_t code[4] = { insn >> 24, (uint8_t)(insn >> 16), (uint8_t)(insn >> 8), (uint8_t)insn };
        cs_insn *ci = NULL;
        size_t n = cs_disasm(c->cs_handle, code, 4, addr, 1, &ci);
        if (n == 1) {
            char mn[40], ops[160];
            snprintf(mn, sizeof mn, "%s", ci[0].mnemonic);
            snprintf(ops, sizeof ops, "%s", ci[0].op_str);
            if (op)
                correct(op, insn, addr, mn, sizeof mn, ops, sizeof ops);
            if (ops[0])
                snprintf(out, outlen, "%s %s", mn, ops);
            else
                snprintf(out, outlen, "%s", mn);
            cs_free(ci, n);
            return;
        }
        if (ci)
            cs_free(ci, n);
    }
    fallback(c, addr, insn, out, outlen);
}

unsigned ppc_disasm(ww_cpu *cpu, uint64_t addr, char *out, size_t outlen)
{
    ppc_cpu *c = (ppc_cpu *)cpu;
    uint64_t v;
    if (!cpu->chip.bus[PPC_BUS_MEM] || ww_space_peek(cpu->chip.bus[PPC_BUS_MEM], addr, 4, &v) != WW_BUS_OK) {
        if (outlen)
            out[0] = 0;
        return 0;
    }
    ppc_disasm_insn(c, (uint32_t)addr, (uint32_t)v, out, outlen);
    return 4;
}
