/* tests/cpu/x86/smc.c — self-modifying code on the x86 interpreter (issue
 * 17): a store to the next instruction, a loop patching its own immediate,
 * a rewrite of an instruction that spans a 4 KiB page boundary, new code by
 * DMA from the test chip (tests/cpu/smcdev.h), the same bytes entered at two
 * offsets (a jump into the middle of an instruction), code in MMIO, the same
 * linear bytes under two CS bases, and writes from outside the CPU between
 * runs (the space's write paths, a loader). Paging, CR3/INVLPG and CS.D changes of code are in
 * tests/firmware/x86/tcache.S. Every program must give the
 * expected registers on each model and engine, run in large slices and one
 * instruction per run() call.
 *
 * The rule: instruction fetch always sees memory as it is (the P6 detects
 * self-modifying code exactly, SDM vol. 3A §8.1.3; the 8086/286 prefetch
 * queues are not modelled, cpu/x86/README.md). These programs are the
 * guard for a decoded-block cache: no stale block may run. */
#include "tests/harness.h"
#include "core/machine.h"
#include "tests/cpu/smcdev.h"
#include "cpu/x86/x86.h"

enum { SMC_PORT = 0x80 };              /* the chip's registers (tests/cpu/smcdev.h) */
enum { SMC_CODE = 0x10000 };           /* its region "code" in memory: 1000:0000 */

/* ---- the rig: 64 KiB RAM, the chip's ports at 80h, real mode at 0:1000 --- */

typedef struct {
    ww_machine *m;
    ww_space *mem, *io;
    uint8_t *ram;
    x86_cpu *c;
    smcdev *dev;
} smc_rig;

static void rig_init(smc_rig *r, const char *model, const char *engine)
{
    GError *err = NULL;
    r->m = ww_machine_new();
    ww_chip *chip = ww_machine_add_chip(r->m, "x86", "cpu", &err);
    WW_CHECK_NOERR(chip, err);
    WW_CHECK_NOERR(ww_chip_set_prop(chip, "model", model, &err), err);
    WW_CHECK_NOERR(ww_chip_set_prop(chip, "engine", engine, &err), err);
    ww_space_config cfg = { 32, 12, WW_LITTLE_ENDIAN, WW_UNMAPPED_OPEN_BUS, 0xFFFFFFFF };
    r->mem = ww_machine_add_space(r->m, "cpu.mem", &cfg, &err);
    WW_CHECK_NOERR(r->mem, err);
    ww_space_config icfg = { 16, 8, WW_LITTLE_ENDIAN, WW_UNMAPPED_OPEN_BUS, 0xFFFFFFFF };
    r->io = ww_machine_add_space(r->m, "cpu.io", &icfg, &err);
    WW_CHECK_NOERR(r->io, err);
    r->ram = ww_machine_add_memory(r->m, "ram", 64 * 1024, &err);
    WW_CHECK_NOERR(r->ram, err);
    WW_CHECK_NOERR(ww_space_map_ram(r->mem, "ram", 0, 64 * 1024, r->ram, false, 0, &err), err);
    WW_CHECK_NOERR(ww_chip_bind_bus(chip, "mem", r->mem, &err), err);
    WW_CHECK_NOERR(ww_chip_bind_bus(chip, "io", r->io, &err), err);
    ww_chip *dev = ww_machine_add_chip(r->m, "test-smcdev", "dev", &err);
    WW_CHECK_NOERR(dev, err);
    WW_CHECK_NOERR(ww_chip_bind_bus(dev, "dma", r->mem, &err), err);
    WW_CHECK_NOERR(ww_machine_realize(r->m, &err), err);
    WW_CHECK_NOERR(ww_space_map_chip(r->io, "dev", SMC_PORT, SMCDEV_REGS_SIZE, dev,
                                     SMCDEV_REGS_LE, 1, 0, 0, &err), err);
    WW_CHECK_NOERR(ww_space_map_chip(r->mem, "devcode", SMC_CODE, SMCDEV_CODE_SIZE, dev,
                                     SMCDEV_CODE, 1, 0, 0, &err), err);
    r->dev = (smcdev *)dev;
    ww_machine_reset(r->m, WW_RESET_POWER);
    r->c = (x86_cpu *)chip;
    x86_set_seg_real(r->c, X86_CS, 0);
    x86_set_seg_real(r->c, X86_DS, 0);
    x86_set_seg_real(r->c, X86_ES, 0);
    x86_set_seg_real(r->c, X86_SS, 0);
    r->c->r[ESP] = 0x8000;
    r->c->eip = 0x1000;
}

/* Through the space, as a loader writes. */
static void put(smc_rig *r, uint32_t at, const uint8_t *b, size_t n)
{
    WW_CHECK(ww_space_load(r->mem, at, b, n, NULL));
}

/* Run until HLT: in slices of `slice` instructions. */
static void run_to_hlt(smc_rig *r, uint64_t slice)
{
    ww_cpu *cpu = &r->c->cpu;
    for (unsigned k = 0; k < 10000 && !r->c->halted; k++) {
        cpu->exit_request = 0;
        ww_cpu_ops_of(cpu)->run(cpu, slice);
    }
}

/* ---- the programs ---------------------------------------------------------- */

typedef struct {
    const char *name;
    void (*load)(smc_rig *r);
    uint16_t want_ax, want_bx, want_dx;
} smc_prog;

/* mov byte [cs:1009], 2 rewrites the immediate of the very next mov al, 1. */
static void p_next(smc_rig *r)
{
    static const uint8_t code[] = {
        0x31, 0xC0,                           /* 1000 xor ax, ax */
        0x2E, 0xC6, 0x06, 0x09, 0x10, 0x02,   /* 1002 mov byte [cs:1009], 2 */
        0xB0, 0x01,                           /* 1008 mov al, 1 */
        0x31, 0xDB, 0x31, 0xD2,               /* 100a xor bx, bx; xor dx, dx */
        0xF4,                                 /* 100e hlt */
    };
    put(r, 0x1000, code, sizeof code);
}

/* A loop adds its own immediate and then increments it: 1 + 2 + 3. */
static void p_loop(smc_rig *r)
{
    static const uint8_t code[] = {
        0xB9, 0x03, 0x00,                     /* 1000 mov cx, 3 */
        0x31, 0xDB, 0x31, 0xD2, 0x31, 0xC0,   /* 1003 xor bx, bx; xor dx, dx; xor ax, ax */
        0x83, 0xC3, 0x01,                     /* 1009 add bx, 1 */
        0xFE, 0x06, 0x0B, 0x10,               /* 100c inc byte [100b] */
        0xE2, 0xF7,                           /* 1010 loop 1009 */
        0xF4,                                 /* 1012 hlt */
    };
    put(r, 0x1000, code, sizeof code);
}

/* mov ax, 0034h at 1FFE spans the page boundary at 2000 (its high immediate
 * byte is the first byte of the next page): run it, rewrite that byte, run
 * it again. */
static void p_page(smc_rig *r)
{
    static const uint8_t code[] = {
        0xE8, 0xFB, 0x0F,                     /* 1000 call 1ffe */
        0x89, 0xC2,                           /* 1003 mov dx, ax */
        0xC6, 0x06, 0x00, 0x20, 0x12,         /* 1005 mov byte [2000], 12h */
        0xE8, 0xF1, 0x0F,                     /* 100a call 1ffe */
        0x31, 0xDB,                           /* 100d xor bx, bx */
        0xF4,                                 /* 100f hlt */
    };
    static const uint8_t sub[] = { 0xB8, 0x34, 0x00, 0xC3 };   /* 1ffe mov ax, 34h; ret */
    put(r, 0x1000, code, sizeof code);
    put(r, 0x1FFE, sub, sizeof sub);
}

/* The chip copies mov al, 2; ret over the routine at 3000 (mov al, 1;
 * ret) between two calls of it. */
static void p_dma(smc_rig *r)
{
    static const uint8_t code[] = {
        0xE8, 0xFD, 0x1F,                     /* 1000 call 3000 */
        0x88, 0xC3,                           /* 1003 mov bl, al */
        0xBA, 0x80, 0x00,                     /* 1005 mov dx, 80h (SRC) */
        0xB8, 0x00, 0x31, 0xEF,               /* 1008 mov ax, 3100h; out dx, ax */
        0xB2, 0x84,                           /* 100c mov dl, 84h (DST) */
        0xB8, 0x00, 0x30, 0xEF,               /* 100e mov ax, 3000h; out dx, ax */
        0xB2, 0x88,                           /* 1012 mov dl, 88h (LEN) */
        0xB8, 0x03, 0x00, 0xEF,               /* 1014 mov ax, 3; out dx, ax */
        0xB2, 0x8C,                           /* 1018 mov dl, 8Ch (CMD) */
        0xB8, 0x01, 0x00, 0xEF,               /* 101a mov ax, 1; out dx, ax */
        0xE8, 0xDF, 0x1F,                     /* 101e call 3000 */
        0x31, 0xD2,                           /* 1021 xor dx, dx */
        0xB7, 0x00,                           /* 1023 mov bh, 0 */
        0xF4,                                 /* 1025 hlt */
    };
    static const uint8_t r1[] = { 0xB8, 0x01, 0x00, 0xC3 };    /* 3000 mov ax, 1; ret */
    static const uint8_t r2[] = { 0xB0, 0x02, 0x90, 0xC3 };    /* 3100 mov al, 2; nop; ret */
    put(r, 0x1000, code, sizeof code);
    put(r, 0x3000, r1, sizeof r1);
    put(r, 0x3100, r2, sizeof r2);
}

/* B8 B0 05 C3 at 1100 is mov ax, 05B0h; ret, and from 1101 mov al, 5; ret. */
static void p_middle(smc_rig *r)
{
    static const uint8_t code[] = {
        0xE8, 0xFD, 0x00,                     /* 1000 call 1100 */
        0x89, 0xC3,                           /* 1003 mov bx, ax */
        0x31, 0xC0,                           /* 1005 xor ax, ax */
        0xE8, 0xF7, 0x00,                     /* 1007 call 1101 */
        0x31, 0xD2,                           /* 100a xor dx, dx */
        0xF4,                                 /* 100c hlt */
    };
    static const uint8_t sub[] = { 0xB8, 0xB0, 0x05, 0xC3 };
    put(r, 0x1000, code, sizeof code);
    put(r, 0x1100, sub, sizeof sub);
}

/* Code in MMIO (the chip's "code" region at 1000:0000, mov ax, 1; retf):
 * called, rewritten by a store through the bus (mov ax, 7), called again.
 * Nothing there can be cached: every fetch goes to the chip. */
static void p_mmio(smc_rig *r)
{
    static const uint8_t code[] = {
        0x9A, 0x00, 0x00, 0x00, 0x10,         /* 1000 call far 1000:0000 */
        0x89, 0xC3,                           /* 1005 mov bx, ax */
        0xB8, 0x00, 0x10, 0x8E, 0xC0,         /* 1007 mov ax, 1000h; mov es, ax */
        0x26, 0xC6, 0x06, 0x01, 0x00, 0x07,   /* 100c mov byte [es:1], 7 */
        0x9A, 0x00, 0x00, 0x00, 0x10,         /* 1012 call far 1000:0000 */
        0x31, 0xD2,                           /* 1017 xor dx, dx */
        0xF4,                                 /* 1019 hlt */
    };
    static const uint8_t sub[] = { 0xB8, 0x01, 0x00, 0xCB };   /* mov ax, 1; retf */
    memcpy(r->dev->code, sub, sizeof sub);
    put(r, 0x1000, code, sizeof code);
}

/* The same linear bytes (at 2000h) reached as 0100:1000 and as 0200:0000:
 * call next; pop ax gives the IP, which depends on the CS base, so a block
 * keyed on the linear address alone would give the first IP twice. */
static void p_csbase(smc_rig *r)
{
    static const uint8_t code[] = {
        0x9A, 0x00, 0x10, 0x00, 0x01,         /* 1000 call far 0100:1000 */
        0x89, 0xC3,                           /* 1005 mov bx, ax */
        0x9A, 0x00, 0x00, 0x00, 0x02,         /* 1007 call far 0200:0000 */
        0x89, 0xC2,                           /* 100c mov dx, ax */
        0x9A, 0x00, 0x10, 0x00, 0x01,         /* 100e call far 0100:1000 */
        0xF4,                                 /* 1013 hlt */
    };
    static const uint8_t sub[] = { 0xE8, 0x00, 0x00, 0x58, 0xCB };   /* call $+3; pop ax; retf */
    put(r, 0x1000, code, sizeof code);
    put(r, 0x2000, sub, sizeof sub);
}

static const smc_prog progs[] = {
    { "next instruction", p_next, 0x0002, 0, 0 },
    { "loop patching its immediate", p_loop, 0, 6, 0 },
    { "across a page boundary", p_page, 0x1234, 0, 0x0034 },
    { "by DMA", p_dma, 0x0002, 0x0001, 0 },
    { "into the middle of an instruction", p_middle, 0x0005, 0x05B0, 0 },
    { "in MMIO", p_mmio, 0x0007, 0x0001, 0 },
    { "at one linear address under two CS bases", p_csbase, 0x1003, 0x1003, 0x0003 },
};

static const char *const models[] = { "i286", "i386", "pentium-pro" };
static const char *const engines[] = { "interp", "interp-slow" };

static void check_prog(const smc_prog *p, const char *model, const char *engine, uint64_t slice)
{
    smc_rig r;
    rig_init(&r, model, engine);
    p->load(&r);
    run_to_hlt(&r, slice);
    x86_cpu *c = r.c;
    WW_CHECK_MSG(c->halted, "%s on %s/%s (slice %" PRIu64 "): did not halt, ip %04x", p->name,
                 model, engine, slice, c->eip);
    WW_CHECK_MSG((c->r[EAX] & 0xFFFF) == p->want_ax && (c->r[EBX] & 0xFFFF) == p->want_bx &&
                 (c->r[EDX] & 0xFFFF) == p->want_dx,
                 "%s on %s/%s (slice %" PRIu64 "): ax %04x bx %04x dx %04x, expected %04x %04x %04x",
                 p->name, model, engine, slice, c->r[EAX] & 0xFFFF, c->r[EBX] & 0xFFFF,
                 c->r[EDX] & 0xFFFF, p->want_ax, p->want_bx, p->want_dx);
    ww_machine_free(r.m);
}

WW_TEST("cpu/x86/smc/programs", x86_smc_programs)
{
    for (size_t i = 0; i < G_N_ELEMENTS(progs); i++)
        for (size_t m = 0; m < G_N_ELEMENTS(models); m++)
            for (size_t e = 0; e < G_N_ELEMENTS(engines); e++) {
                check_prog(&progs[i], models[m], engines[e], 100000);
                check_prog(&progs[i], models[m], engines[e], 1);   /* one instruction per run() */
                check_prog(&progs[i], models[m], engines[e], 3);   /* budgets ending inside blocks */
            }
}

/* Writes from outside the CPU between runs: each next run sees the new
 * immediate of mov ax, imm16 (ww_space_write, _write_buf, _load, a host
 * write announced with ww_space_notify_write). */
WW_TEST("cpu/x86/smc/outside-writes", x86_smc_outside)
{
    for (size_t e = 0; e < G_N_ELEMENTS(engines); e++) {
        smc_rig r;
        rig_init(&r, "pentium-pro", engines[e]);
        static const uint8_t code[] = { 0xB8, 0x01, 0x00, 0xF4 };   /* mov ax, 1; hlt */
        put(&r, 0x1000, code, sizeof code);
        for (unsigned way = 0; way < 5; way++) {
            r.c->eip = 0x1000;
            r.c->halted = false;
            run_to_hlt(&r, 100);
            WW_CHECK_MSG((r.c->r[EAX] & 0xFFFF) == way + 1, "way %u: ax %04x", way,
                         r.c->r[EAX] & 0xFFFF);
            if (way == 4)
                break;
            uint16_t next = (uint16_t)(way + 2);
            uint8_t le[2] = { (uint8_t)next, (uint8_t)(next >> 8) };
            switch (way) {
            case 0: WW_CHECK_EQ(ww_space_write(r.mem, 0x1001, 2, next), WW_BUS_OK); break;
            case 1: WW_CHECK_EQ(ww_space_write_buf(r.mem, 0x1001, le, 2), WW_BUS_OK); break;
            case 2: WW_CHECK(ww_space_load(r.mem, 0x1001, le, 2, NULL)); break;
            default:
                ww_space_notify_write(r.mem, 0x1001, 2);
                memcpy(r.ram + 0x1001, le, 2);
                break;
            }
        }
        ww_machine_free(r.m);
    }
}

/* The cached engine evaluates a Jcc right after CMP/TEST/SUB on 32-bit
 * registers from the operands (cpu/x86/tc.c fuse): every condition on edge
 * operands, both engines, the same taken/not-taken bytes and flags. */
WW_TEST("cpu/x86/tc/compare-branch", x86_tc_compare_branch)
{
    static const uint32_t vals[] = { 0, 1, 0xFF, 0x7FFFFFFF, 0x80000000, 0x80000001,
                                     0xFFFFFFFF, 0x12345678 };
    /* cmp eax, ebx; cmp eax, imm32; test eax, ebx; sub eax, ebx */
    static const uint8_t forms[4][3] = { { 0x39, 0xD8 }, { 0x81, 0xF8 }, { 0x85, 0xD8 },
                                         { 0x29, 0xD8 } };
    for (unsigned f = 0; f < 4; f++) {
        uint8_t got[2][1024];
        uint32_t flags[2];
        for (unsigned e = 0; e < 2; e++) {
            smc_rig r;
            rig_init(&r, "pentium-pro", engines[e]);
            uint8_t *p = r.ram + 0x1000;
            *p++ = 0xBF; *p++ = 0x00; *p++ = 0x80;              /* mov di, 8000h */
            for (unsigned i = 0; i < 8; i++)
                for (unsigned j = 0; j < 8; j++)
                    for (unsigned cc = 0; cc < 16; cc++) {
                        *p++ = 0x31; *p++ = 0xC9;                  /* xor cx, cx */
                        *p++ = 0x66; *p++ = 0xB8;                  /* mov eax, a */
                        ww_st_le32(p, vals[i]); p += 4;
                        *p++ = 0x66; *p++ = 0xBB;                  /* mov ebx, b */
                        ww_st_le32(p, vals[j]); p += 4;
                        *p++ = 0x66; *p++ = forms[f][0]; *p++ = forms[f][1];
                        if (f == 1) {
                            ww_st_le32(p, vals[j]); p += 4;
                        }
                        *p++ = (uint8_t)(0x70 + cc); *p++ = 0x01;  /* jcc +1 */
                        *p++ = 0x41;                               /* inc cx */
                        *p++ = 0x88; *p++ = 0x0D;                  /* mov [di], cl */
                        *p++ = 0x47;                               /* inc di */
                    }
            *p++ = 0xF4;
            WW_CHECK(p < r.ram + 0x8000);
            ww_space_notify_write(r.mem, 0x1000, (uint64_t)(p - (r.ram + 0x1000)));
            run_to_hlt(&r, 100000);
            WW_CHECK_MSG(r.c->halted, "form %u on %s: no halt", f, engines[e]);
            memcpy(got[e], r.ram + 0x8000, sizeof got[e]);
            flags[e] = r.c->eflags;
            ww_machine_free(r.m);
        }
        for (unsigned k = 0; k < 1024; k++)
            WW_CHECK_MSG(got[0][k] == got[1][k], "form %u: a %08x b %08x cc %x: %s %u, %s %u", f,
                         vals[k / 128], vals[(k / 16) % 8], k % 16, engines[0], got[0][k],
                         engines[1], got[1][k]);
        WW_CHECK_EQ(flags[0], flags[1]);
    }
}
