/* cpu/x86/ea.c — ModR/M and SIB decoding (SDM vol. 2 §2.1.5, tables 2-1
 * to 2-3) and register/memory operand access. BP/ESP/EBP-based forms default
 * to SS; a segment prefix overrides. */
#include "cpu/x86/x86.h"

void x86_decode_modrm(x86_cpu *c)
{
    uint8_t m = x86_fetch8(c);
    c->modrm = m;
    c->mod = m >> 6;
    c->regf = (m >> 3) & 7;
    c->rm = m & 7;
    c->ea_reg = c->mod == 3;
    if (c->ea_reg)
        return;
    int seg = X86_DS;
    uint32_t off;
    if (!c->a32) {
        static const uint8_t base[8] = { EBX, EBX, EBP, EBP, 0xFF, 0xFF, EBP, EBX };
        static const uint8_t index[8] = { ESI, EDI, ESI, EDI, ESI, EDI, 0xFF, 0xFF };
        if (c->mod == 0 && c->rm == 6) {
            off = x86_fetch16(c);
        } else {
            off = 0;
            if (base[c->rm] != 0xFF)
                off += c->r[base[c->rm]];
            if (index[c->rm] != 0xFF)
                off += c->r[index[c->rm]];
            if (base[c->rm] == EBP)
                seg = X86_SS;
            if (c->mod == 1)
                off += (uint32_t)(int8_t)x86_fetch8(c);
            else if (c->mod == 2)
                off += x86_fetch16(c);
        }
        off &= 0xFFFF;
    } else {
        if (c->rm == 4) {
            uint8_t sib = x86_fetch8(c);
            unsigned ss = sib >> 6, idx = (sib >> 3) & 7, b = sib & 7;
            off = 0;
            if (b == 5 && c->mod == 0) {
                off = x86_fetch32(c);
            } else {
                off = c->r[b];
                if (b == ESP || b == EBP)
                    seg = X86_SS;
            }
            c->ea_esp = b == ESP;
            if (idx != 4)
                off += c->r[idx] << ss;
        } else if (c->rm == 5 && c->mod == 0) {
            off = x86_fetch32(c);
        } else {
            off = c->r[c->rm];
            if (c->rm == EBP)
                seg = X86_SS;
        }
        if (c->mod == 1)
            off += (uint32_t)(int8_t)x86_fetch8(c);
        else if (c->mod == 2)
            off += x86_fetch32(c);
    }
    c->ea_seg = c->seg_ovr >= 0 ? c->seg_ovr : seg;
    c->ea_off = off;
}

