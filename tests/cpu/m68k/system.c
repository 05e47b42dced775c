/* tests/cpu/m68k/system.c — what the single-step vectors do not cover:
 * reset, interrupts (autovector, vectored through the "iack" bus, mask,
 * level-7 edge), STOP and wake-up, trace, bus error frames from an unmapped
 * address, double bus fault, the user-mode stops. A 68000 on a 24-bit bus
 * with 64 KiB RAM at 0 and hand-assembled code (opcodes from the PRM). */
#include "tests/harness.h"
#include "cpu/m68k/m68k.h"

typedef struct {
    ww_space *mem, *iack;
    uint8_t *ram, iackmem[4096];
    ww_chip *chip;
    m68k_t *m;
} rig;

static void rig_init_model(rig *r, bool with_iack, const char *model)
{
    GError *err = NULL;
    ww_space_config cfg = { .addr_bits = strcmp(model, "m68000") ? 32 : 24,
                            .endian = WW_BIG_ENDIAN, .unmapped = WW_UNMAPPED_BUS_ERROR };
    r->mem = ww_space_new("cpu.mem", &cfg, &err);
    r->ram = g_malloc0(65536);
    WW_CHECK_NOERR(ww_space_map_ram(r->mem, "ram", 0, 65536, r->ram, false, 0, &err), err);
    r->chip = ww_chip_new("m68k", "cpu", NULL, &err);
    WW_CHECK_NOERR(r->chip != NULL, err);
    WW_CHECK_NOERR(ww_chip_set_prop(r->chip, "model", model, &err), err);
    WW_CHECK_NOERR(ww_chip_bind_bus(r->chip, "mem", r->mem, &err), err);
    r->iack = NULL;
    if (with_iack) {
        ww_space_config ic = { .addr_bits = 8, .endian = WW_BIG_ENDIAN,
                               .unmapped = WW_UNMAPPED_BUS_ERROR };
        r->iack = ww_space_new("cpu.iack", &ic, &err);
        memset(r->iackmem, 0, sizeof r->iackmem);
        /* levels 1..3 answer with a vector; 4..7 have no device (autovector) */
        WW_CHECK_NOERR(ww_space_map_ram(r->iack, "vec", 0, 4, r->iackmem, true, 0, &err), err);
        WW_CHECK_NOERR(ww_chip_bind_bus(r->chip, "iack", r->iack, &err), err);
    }
    WW_CHECK_NOERR(ww_chip_realize(r->chip, &err), err);
    r->m = (m68k_t *)r->chip;
    /* Vectors: SSP 0x8000, PC 0x1000; every exception goes to 0x2000 + 4*vector,
     * where each handler is "moveq #vector,d7 ; stop #0x2700" (4+4 bytes, so
     * spaced by 16). */
    ww_st_be32(r->ram + 0, 0x8000);
    ww_st_be32(r->ram + 4, 0x1000);
    for (unsigned v = 2; v < 256; v++) {
        uint32_t h = 0x2000 + 16 * v;
        ww_st_be32(r->ram + 4 * v, h);
        ww_st_be16(r->ram + h, (uint16_t)(0x7e00 | (v & 0xff)));   /* moveq #v,d7 */
        ww_st_be16(r->ram + h + 2, 0x4e72);                        /* stop #0x2700 */
        ww_st_be16(r->ram + h + 4, 0x2700);
    }
}

static void rig_init(rig *r, bool with_iack)
{
    rig_init_model(r, with_iack, "m68000");
}

static void rig_free(rig *r)
{
    ww_chip_free(r->chip);
    ww_space_free(r->mem);
    if (r->iack)
        ww_space_free(r->iack);
    g_free(r->ram);
}

static void code(rig *r, uint32_t at, const uint16_t *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ww_st_be16(r->ram + at + 2 * i, w[i]);
}

static uint64_t run(rig *r, uint64_t budget)
{
    r->m->cpu.stop = WW_STOP_NONE;
    return ww_cpu_ops_of(&r->m->cpu)->run(&r->m->cpu, budget);
}

static void irq(rig *r, unsigned level, int on)
{
    r->chip->cls->signal(r->chip, 0, level, on);
}

WW_TEST("cpu/m68k/system/reset_loads_ssp_pc", t_reset)
{
    rig r;
    rig_init(&r, false);
    ww_chip_reset(r.chip, WW_RESET_POWER);
    WW_CHECK_EQ(r.m->a[7], 0x8000);
    WW_CHECK_EQ(ww_cpu_ops_of(&r.m->cpu)->get_pc(&r.m->cpu), 0x1000);
    WW_CHECK_EQ(r.m->sr, 0x2700);
    rig_free(&r);
}

/* Mask 3 blocks level 3; level 4 autovectors (vector 28); level 2 is
 * vectored through iack (the device answers 0x40). */
WW_TEST("cpu/m68k/system/interrupt_mask_auto_and_vectored", t_irq)
{
    rig r;
    rig_init(&r, true);
    r.iackmem[2] = 0x40;
    static const uint16_t prog[] = { 0x46fc, 0x2300,    /* move #0x2300,sr */
                                     0x4e71, 0x60fe };  /* nop ; bra.s * */
    code(&r, 0x1000, prog, G_N_ELEMENTS(prog));
    ww_chip_reset(r.chip, WW_RESET_POWER);
    run(&r, 100);
    irq(&r, 3, 1);                   /* level 3 at mask 3: not taken */
    run(&r, 200);
    WW_CHECK_EQ(r.m->d[7], 0);
    irq(&r, 4, 1);                   /* level 4: autovector 28 */
    run(&r, 200);
    WW_CHECK_EQ(r.m->d[7], 28);
    WW_CHECK_EQ(r.m->cpu.stop, WW_STOP_HALT);  /* handler ends in STOP #0x2700 */
    /* frame: SR with the old mask 3, PC in the loop */
    WW_CHECK_EQ(ww_ld_be16(r.ram + r.m->a[7]) & 0x0700, 0x0300);
    irq(&r, 3, 0);
    irq(&r, 4, 0);

    /* vectored: a fresh CPU at mask 1, level 2 answered with vector 0x40 */
    ww_chip_reset(r.chip, WW_RESET_POWER);
    static const uint16_t prog2[] = { 0x46fc, 0x2100, 0x60fe };
    code(&r, 0x1000, prog2, G_N_ELEMENTS(prog2));
    ww_chip_reset(r.chip, WW_RESET_POWER);
    r.m->d[7] = 0;
    run(&r, 100);
    irq(&r, 2, 1);
    run(&r, 200);
    WW_CHECK_EQ(r.m->d[7], 0x40);
    rig_free(&r);
}

/* STOP halts run() until an interrupt; level 7 is taken at mask 7 on its edge. */
WW_TEST("cpu/m68k/system/stop_and_nmi", t_stop)
{
    rig r;
    rig_init(&r, false);
    static const uint16_t prog[] = { 0x4e72, 0x2700, 0x60fe };   /* stop #0x2700 */
    code(&r, 0x1000, prog, G_N_ELEMENTS(prog));
    ww_chip_reset(r.chip, WW_RESET_POWER);
    run(&r, 1000);
    WW_CHECK_EQ(r.m->cpu.stop, WW_STOP_HALT);
    uint64_t c = r.m->cpu.cycles;
    run(&r, 1000);                                   /* still stopped, no time used */
    WW_CHECK_EQ(r.m->cpu.stop, WW_STOP_HALT);
    WW_CHECK_EQ(r.m->cpu.cycles, c);
    irq(&r, 7, 1);                                   /* NMI edge */
    run(&r, 200);
    WW_CHECK_EQ(r.m->d[7], 31);
    rig_free(&r);
}

/* An interrupt during STOP returns (RTE) to the instruction after STOP. */
WW_TEST("cpu/m68k/system/stop_interrupt_returns_after_stop", t_stop_rte)
{
    rig r;
    rig_init(&r, false);
    static const uint16_t prog[] = { 0x4e72, 0x2000,    /* stop #0x2000 */
                                     0x7c05,            /* moveq #5,d6 */
                                     0x60fe };          /* bra.s * */
    code(&r, 0x1000, prog, G_N_ELEMENTS(prog));
    ww_st_be16(r.ram + 0x2000 + 16 * 27, 0x4e73);      /* level 3 handler: rte */
    ww_chip_reset(r.chip, WW_RESET_POWER);
    run(&r, 100);
    WW_CHECK_EQ(r.m->cpu.stop, WW_STOP_HALT);
    irq(&r, 3, 1);
    run(&r, 30);                                       /* into the handler */
    irq(&r, 3, 0);
    run(&r, 200);
    WW_CHECK_EQ(r.m->d[6], 5);
    WW_CHECK_EQ(r.m->a[7], 0x8000);
    rig_free(&r);
}

/* T set: the trace exception follows the next instruction; its frame PC is
 * the instruction after it. */
WW_TEST("cpu/m68k/system/trace", t_trace)
{
    rig r;
    rig_init(&r, false);
    static const uint16_t prog[] = { 0x46fc, 0xa700,    /* move #0xa700,sr (T=1) */
                                     0x7001,            /* moveq #1,d0 (traced) */
                                     0x7002 };
    code(&r, 0x1000, prog, G_N_ELEMENTS(prog));
    ww_chip_reset(r.chip, WW_RESET_POWER);
    run(&r, 300);
    WW_CHECK_EQ(r.m->d[7], 9);
    WW_CHECK_EQ(r.m->d[0], 1);
    WW_CHECK_EQ(ww_ld_be32(r.ram + r.m->a[7] + 2), 0x1006);
    rig_free(&r);
}

/* A read from an unmapped address is a bus error with a 14-byte frame:
 * SSW (read, data, FC 5), the address, IR. */
WW_TEST("cpu/m68k/system/bus_error_frame", t_buserr)
{
    rig r;
    rig_init(&r, false);
    static const uint16_t prog[] = { 0x2039, 0x0050, 0x0000 };   /* move.l $500000,d0 */
    code(&r, 0x1000, prog, G_N_ELEMENTS(prog));
    ww_chip_reset(r.chip, WW_RESET_POWER);
    run(&r, 200);
    WW_CHECK_EQ(r.m->d[7], 2);
    uint32_t sp = r.m->a[7];
    WW_CHECK_EQ(sp, 0x8000 - 14);
    WW_CHECK_EQ(ww_ld_be16(r.ram + sp) & 0x1f, 0x15);
    WW_CHECK_EQ(ww_ld_be32(r.ram + sp + 2), 0x500000);
    WW_CHECK_EQ(ww_ld_be16(r.ram + sp + 6), 0x2039);
    rig_free(&r);
}

/* An odd SSP makes the address-error frame itself fault: the CPU halts. */
WW_TEST("cpu/m68k/system/double_fault_halts", t_double)
{
    rig r;
    rig_init(&r, false);
    ww_st_be32(r.ram + 0, 0x8001);
    static const uint16_t prog[] = { 0x3010 };                   /* move.w (a0),d0 */
    code(&r, 0x1000, prog, G_N_ELEMENTS(prog));
    ww_chip_reset(r.chip, WW_RESET_POWER);
    r.m->a[0] = 0x3001;
    run(&r, 500);
    WW_CHECK_EQ(r.m->cpu.stop, WW_STOP_FATAL);
    rig_free(&r);
}

/* User mode: trap #0 stops with SYSCALL at the next instruction; ILLEGAL
 * stops with SIGILL; a privileged instruction with SIGILL too. */
WW_TEST("cpu/m68k/system/user_mode_stops", t_user)
{
    rig r;
    rig_init(&r, false);
    static const uint16_t prog[] = { 0x4e40, 0x4afc };           /* trap #0 ; illegal */
    code(&r, 0x1000, prog, G_N_ELEMENTS(prog));
    r.m->cpu.user_mode = true;
    r.m->sr = 0;
    ww_cpu_ops_of(&r.m->cpu)->set_pc(&r.m->cpu, 0x1000);
    run(&r, 100);
    WW_CHECK_EQ(r.m->cpu.stop, WW_STOP_SYSCALL);
    WW_CHECK_EQ(ww_cpu_ops_of(&r.m->cpu)->get_pc(&r.m->cpu), 0x1002);
    run(&r, 100);
    WW_CHECK_EQ(r.m->cpu.stop, WW_STOP_USER_FAULT);
    WW_CHECK_EQ(r.m->cpu.stop_info, 4);
    rig_free(&r);
}

/* Disassembly through capstone. */
WW_TEST("cpu/m68k/system/disasm", t_disasm)
{
    rig r;
    rig_init(&r, false);
    static const uint16_t prog[] = { 0x2039, 0x0050, 0x0000 };
    code(&r, 0x1000, prog, G_N_ELEMENTS(prog));
    char buf[64];
    unsigned n = ww_cpu_ops_of(&r.m->cpu)->disasm(&r.m->cpu, 0x1000, buf, sizeof buf);
    WW_CHECK_EQ(n, 6);
    WW_CHECK_MSG(strstr(buf, "move.l") && strstr(buf, "d0"), "disassembly: %s", buf);
    rig_free(&r);
}

/* MOVE.l Dn,(xxx).w to an odd address: the address error is taken after
 * the 68000's two ALU passes over the operand, so the stacked SR already
 * holds the MOVE's flags (N, Z of the long; V and C cleared) while X is
 * kept. To d16(An) only the high-word pass has run: V and C are still the
 * old ones (exec_move.c has the whole table). */
WW_TEST("cpu/m68k/system/move_long_address_error_flags", t_move_ae_flags)
{
    rig r;
    rig_init(&r, false);
    static const uint16_t prog[] = { 0x44fc, 0x0013,    /* move #$13,ccr (X V C) */
                                     0x21c0, 0x0101,    /* move.l d0,$0101.w */
                                     0x4e71 };
    code(&r, 0x1000, prog, G_N_ELEMENTS(prog));
    ww_chip_reset(r.chip, WW_RESET_POWER);
    r.m->d[0] = 0x80001234;
    run(&r, 200);
    WW_CHECK_EQ(r.m->d[7], 3);
    uint32_t sp = r.m->a[7];
    WW_CHECK_EQ(ww_ld_be32(r.ram + sp + 2), 0x0101);            /* access address */
    WW_CHECK_EQ(ww_ld_be16(r.ram + sp + 6), 0x21c0);            /* IR */
    WW_CHECK_EQ(ww_ld_be16(r.ram + sp + 8), 0x2718);            /* SR: X N, V C clear */

    static const uint16_t prog2[] = { 0x44fc, 0x0013,   /* move #$13,ccr */
                                      0x2140, 0x0001,   /* move.l d0,1(a0) */
                                      0x4e71 };
    code(&r, 0x1000, prog2, G_N_ELEMENTS(prog2));
    ww_chip_reset(r.chip, WW_RESET_POWER);
    r.m->d[0] = 0x80001234;
    r.m->a[0] = 0x3000;
    run(&r, 200);
    WW_CHECK_EQ(r.m->d[7], 3);
    sp = r.m->a[7];
    WW_CHECK_EQ(ww_ld_be32(r.ram + sp + 2), 0x3001);
    WW_CHECK_EQ(ww_ld_be16(r.ram + sp + 8), 0x271b);            /* SR: X N V C */
    rig_free(&r);
}

/* 68020+: a prefetch that faults is reported only when the word is used
 * (020UM §7.1.1). Code that ends on the last word before a hole runs; code
 * that runs into the hole takes a bus error there (format $B, the stacked
 * PC the missing word's address, SSW FB/RB). */
WW_TEST("cpu/m68k/system/prefetch_fault_deferred", t_prefetch_defer)
{
    static const char *const models[] = { "m68020", "m68030", "m68040" };
    for (unsigned k = 0; k < G_N_ELEMENTS(models); k++) {
        rig r;
        rig_init_model(&r, false, models[k]);
        static const uint16_t prog[] = { 0x41f8, 0x3000,      /* lea $3000.w,a0 */
                                         0x4ef9, 0x0000, 0xfffc }; /* jmp $fffc */
        code(&r, 0x1000, prog, G_N_ELEMENTS(prog));
        ww_st_be16(r.ram + 0xfffc, 0x7205);                  /* moveq #5,d1 */
        ww_st_be16(r.ram + 0xfffe, 0x4ed0);                  /* jmp (a0): 0x10000 unused */
        ww_st_be16(r.ram + 0x3000, 0x4e72);                  /* stop #$2700 */
        ww_st_be16(r.ram + 0x3002, 0x2700);
        ww_chip_reset(r.chip, WW_RESET_POWER);
        run(&r, 400);
        WW_CHECK_EQ(r.m->d[1], 5);
        WW_CHECK_EQ(r.m->d[7], 0);                           /* no exception */
        WW_CHECK_EQ(r.m->cpu.stop, WW_STOP_HALT);

        ww_st_be16(r.ram + 0xfffe, 0x4e71);                  /* nop: runs into 0x10000 */
        ww_chip_reset(r.chip, WW_RESET_POWER);
        run(&r, 400);
        WW_CHECK_EQ(r.m->d[1], 5);
        WW_CHECK_EQ(r.m->d[7], 2);                           /* bus error */
        uint32_t sp = r.m->a[7];
        WW_CHECK_EQ(ww_ld_be32(r.ram + sp + 2), 0x10000);    /* stacked PC */
        if (k < 2) {
            WW_CHECK_EQ(ww_ld_be16(r.ram + sp + 6), 0xb008);
            WW_CHECK_EQ(ww_ld_be16(r.ram + sp + 0x0a), 0x5006);
            WW_CHECK_EQ(ww_ld_be32(r.ram + sp + 0x24), 0x10000);
        } else {
            WW_CHECK_EQ(ww_ld_be16(r.ram + sp + 6), 0x7008);
            WW_CHECK_EQ(ww_ld_be32(r.ram + sp + 0x14), 0x10000);
        }
        rig_free(&r);
    }
}

/* 68020+: every register of the descriptor reads back what the control
 * instructions wrote (MOVEC through the chip's register table). */
WW_TEST("cpu/m68k/system/registers_from_descriptor", t_regs_desc)
{
    rig r;
    rig_init_model(&r, false, "m68040");
    ww_chip_reset(r.chip, WW_RESET_POWER);
    WW_CHECK(m68k_movec_write(r.m, 0x801, 0x4000));   /* VBR */
    WW_CHECK(m68k_movec_write(r.m, 0x806, 0x12345));  /* URP: 512-aligned */
    WW_CHECK(m68k_movec_write(r.m, 0x803, 0x7000));   /* MSP */
    WW_CHECK(!m68k_movec_write(r.m, 0x802, 1));       /* no CAAR on the 040 */
    unsigned idx;
    const ww_reg_desc *d;
    WW_CHECK((d = ww_chip_find_reg(r.chip->cls, "vbr", &idx)));
    WW_CHECK_EQ(ww_chip_reg_get(r.chip, d, idx), 0x4000);
    WW_CHECK((d = ww_chip_find_reg(r.chip->cls, "urp", &idx)));
    WW_CHECK_EQ(ww_chip_reg_get(r.chip, d, idx), 0x12200);
    WW_CHECK((d = ww_chip_find_reg(r.chip->cls, "msp", &idx)));
    WW_CHECK_EQ(ww_chip_reg_get(r.chip, d, idx), 0x7000);
    WW_CHECK((d = ww_chip_find_gdb_reg(r.chip->cls, 26, &idx)));
    WW_CHECK_STR(d->name, "fpcontrol");
    WW_CHECK((d = ww_chip_find_gdb_reg(r.chip->cls, 20, &idx)));
    WW_CHECK_EQ(idx, 2);                              /* fp2 */
    rig_free(&r);
}
