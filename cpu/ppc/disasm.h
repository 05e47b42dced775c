/* cpu/ppc/disasm.h — disassembly: capstone (CS_ARCH_PPC, big-endian), with
 * the decode table's own mnemonic/operand metadata as the fallback for
 * encodings capstone 4 does not know (603 tlbld/tlbli …). */
#ifndef WW_CPU_PPC_DISASM_H
#define WW_CPU_PPC_DISASM_H
#include "cpu/ppc/ppc.h"

unsigned ppc_disasm(ww_cpu *cpu, uint64_t addr, char *out, size_t outlen);
/* Disassemble one word as if at addr: "mnemonic operands". */
void ppc_disasm_insn(ppc_cpu *c, uint32_t addr, uint32_t insn, char *out, size_t outlen);
void ppc_disasm_close(ppc_cpu *c);

#endif
