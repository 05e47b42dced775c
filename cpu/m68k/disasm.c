/* cpu/m68k/disasm.c — disassembly through capstone (CS_ARCH_M68K, 68000
 * mode), reading memory side-effect free with ww_space_peek. */
#include "cpu/m68k/m68k.h"
#include <capstone/capstone.h>
#include <stdio.h>

unsigned m68k_disasm(ww_cpu *cpu, uint64_t addr, char *out, size_t outlen);

unsigned m68k_disasm(ww_cpu *cpu, uint64_t addr, char *out, size_t outlen)
{
    ww_space *s = cpu->chip.bus[M68K_BUS_MEM];
    uint8_t buf[10];
    size_t n = 0;
    for (; n < sizeof buf; n++) {
        uint64_t v;
        if (!s || ww_space_peek(s, (addr + n) & ((m68k_t *)cpu)->amask, 1, &v) != WW_BUS_OK)
            break;
        buf[n] = (uint8_t)v;
    }
    if (n < 2)
        return 0;
    csh h;
    if (cs_open(CS_ARCH_M68K, (cs_mode)(CS_MODE_BIG_ENDIAN | CS_MODE_M68K_000), &h) != CS_ERR_OK)
        return 0;
    cs_insn *insn = NULL;
    unsigned len = 0;
    if (cs_disasm(h, buf, n, addr, 1, &insn) == 1) {
        snprintf(out, outlen, "%s %s", insn->mnemonic, insn->op_str);
        len = insn->size;
    } else {
        snprintf(out, outlen, "dc.w $%02x%02x", buf[0], buf[1]);
        len = 2;
    }
    if (insn)
        cs_free(insn, 1);
    cs_close(&h);
    return len;
}
