/* cpu/m68k/disasm.c — disassembly through capstone (CS_ARCH_M68K in the
 * model's mode), reading memory side-effect free with ww_space_peek
 * (physical addresses: with the MMU on, the caller names physical memory). */
#include "cpu/m68k/m68k.h"
#include <capstone/capstone.h>
#include <stdio.h>

unsigned m68k_disasm(ww_cpu *cpu, uint64_t addr, char *out, size_t outlen);

unsigned m68k_disasm(ww_cpu *cpu, uint64_t addr, char *out, size_t outlen)
{
    ww_space *s = cpu->chip.bus[M68K_BUS_MEM];
    uint8_t buf[22];
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
    static const int modes[] = { [0] = CS_MODE_M68K_000, [2] = CS_MODE_M68K_020,
                                 [3] = CS_MODE_M68K_030, [4] = CS_MODE_M68K_040 };
    unsigned level = ((m68k_t *)cpu)->level;
    cs_mode mode = (cs_mode)(CS_MODE_BIG_ENDIAN | modes[level < 5 ? level : 0]);
    if (cs_open(CS_ARCH_M68K, mode, &h) != CS_ERR_OK)
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
