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

uint32_t x86_reg_read(x86_cpu *c, unsigned reg, unsigned size)
{
    if (size == 1)
        return reg < 4 ? c->r[reg] & 0xFF : (c->r[reg - 4] >> 8) & 0xFF;
    return size == 2 ? c->r[reg] & 0xFFFF : c->r[reg];
}

void x86_reg_write(x86_cpu *c, unsigned reg, unsigned size, uint32_t v)
{
    if (size == 1) {
        if (reg < 4)
            c->r[reg] = (c->r[reg] & ~0xFFu) | (v & 0xFF);
        else
            c->r[reg - 4] = (c->r[reg - 4] & ~0xFF00u) | ((v & 0xFF) << 8);
    } else if (size == 2) {
        c->r[reg] = (c->r[reg] & 0xFFFF0000u) | (v & 0xFFFF);
    } else {
        c->r[reg] = v;
    }
}

uint32_t x86_rm_read(x86_cpu *c, unsigned size)
{
    if (c->ea_reg)
        return x86_reg_read(c, c->rm, size);
    return x86_rd(c, c->ea_seg, c->ea_off, size);
}

void x86_rm_write(x86_cpu *c, unsigned size, uint32_t v)
{
    if (c->ea_reg)
        x86_reg_write(c, c->rm, size, v);
    else
        x86_wr(c, c->ea_seg, c->ea_off, size, v);
}
