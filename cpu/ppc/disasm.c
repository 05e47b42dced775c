/* cpu/ppc/disasm.c — disassembly through capstone 4 (CS_ARCH_PPC,
 * CS_MODE_32 | CS_MODE_BIG_ENDIAN), falling back to the decode table's
 * metadata (cpu/ppc/decode.c) when capstone rejects a word. Memory is read
 * with ww_space_peek at the given address taken as physical. */
#include "cpu/ppc/disasm.h"
#include <capstone/capstone.h>
#include <stdio.h>
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

static void fallback(ppc_cpu *c, uint32_t addr, uint32_t insn, char *out, size_t outlen)
{
    const ppc_op *op = ppc_decode(c, insn);
    if (!op) {
        snprintf(out, outlen, ".long 0x%08x", insn);
        return;
    }
    GString *s = g_string_new(op->name);
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

void ppc_disasm_insn(ppc_cpu *c, uint32_t addr, uint32_t insn, char *out, size_t outlen)
{
    if (!outlen)
        return;
    if (open_cs(c)) {
        uint8_t code[4] = { insn >> 24, (uint8_t)(insn >> 16), (uint8_t)(insn >> 8), (uint8_t)insn };
        cs_insn *ci = NULL;
        size_t n = cs_disasm(c->cs_handle, code, 4, addr, 1, &ci);
        if (n == 1) {
            if (ci[0].op_str[0])
                snprintf(out, outlen, "%s %s", ci[0].mnemonic, ci[0].op_str);
            else
                snprintf(out, outlen, "%s", ci[0].mnemonic);
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
    if (!cpu->chip.bus[0] || ww_space_peek(cpu->chip.bus[0], addr, 4, &v) != WW_BUS_OK) {
        if (outlen)
            out[0] = 0;
        return 0;
    }
    ppc_disasm_insn(c, (uint32_t)addr, (uint32_t)v, out, outlen);
    return 4;
}
