/* tests/cpu/x86/firmware.c — project-written test firmware (tests/firmware/x86,
 * assembled at build time) on the machine of fwrig.h. The firmware writes its
 * results to RAM and halts. */
#include "tests/harness.h"
#include "tests/cpu/x86/fwrig.h"
#include "cpu/x86/x86.h"

static void fw_boot_engine(x86_fw_rig *m, const char *name, const char *model, const char *engine)
{
    if (!x86_fw_new(m, name, model, engine))
        ww_test_skip("tests/firmware/x86/%s.bin not built (i686 cross binutils missing?)", name);
    ww_cpu *cpu = ww_cpu_of(m->chip);
    uint64_t spent = 0;
    while (spent < 1000000 && cpu->stop != WW_STOP_HALT && cpu->stop != WW_STOP_FATAL)
        spent += ww_cpu_ops_of(cpu)->run(cpu, 10000);
    WW_CHECK_MSG(cpu->stop == WW_STOP_HALT, "%s: CPU did not halt (stop %d, pc 0x%" PRIx64 ")",
                 name, cpu->stop, ww_cpu_ops_of(cpu)->get_pc(cpu));
}

static void fw_boot(x86_fw_rig *m, const char *name, const char *model)
{
    fw_boot_engine(m, name, model, "interp");
}

static uint32_t rd32(x86_fw_rig *m, uint32_t a) { return ww_ld_le32(m->ram + a); }

/* A result of a firmware image: the dword at addr, and what it shows. */
typedef struct {
    uint32_t addr, want;
    const char *what;
} fw_word;

static void check_words(x86_fw_rig *m, const char *image, const fw_word *w, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t got = rd32(m, w[i].addr);
        WW_CHECK_MSG(got == w[i].want, "%s: [%#x] = %#x, expected %#x (%s)", image, w[i].addr,
                     got, w[i].want, w[i].what);
    }
}

static void check_bigreal(const char *model)
{
    x86_fw_rig m;
    fw_boot(&m, "bigreal", model);
    ww_test_log("big real mode on %s", model);
    /* The finish marker: the program ran to its end. */
    WW_CHECK_EQ(rd32(&m, 0x504), 0x0D0E);
    /* ES kept its 4 GiB limit after returning to real mode: 2 MiB is reachable. */
    WW_CHECK_EQ(rd32(&m, 0x200000), 0xB16B00B5);
    WW_CHECK_EQ(rd32(&m, 0x500), 0xB16B00B5);
    /* FS, with the real-mode 64 KiB limit, faulted on the same access. */
    WW_CHECK_EQ(rd32(&m, 0x508), 13);
    /* And the cache really holds the big limit with a real-mode selector. */
    x86_cpu *c = (x86_cpu *)m.chip;
    WW_CHECK_EQ(c->seg[X86_ES].sel, 0);
    WW_CHECK_EQ(c->seg[X86_ES].limit, 0xFFFFFFFFu);
    WW_CHECK_EQ(c->seg[X86_FS].limit, 0xFFFF);
    x86_fw_free(&m);
}

WW_TEST("cpu/x86/firmware/big_real_mode", t_bigreal)
{
    check_bigreal("i386");
    check_bigreal("i486");
    check_bigreal("pentium-pro");
}

/* pmode.S: each test stores [vector, error, cr2, extra] at 0x610 + 16 n. */
#define SLOT(n, k) (0x610 + 16 * (n) + 4 * (k))
static const fw_word pmode_words[] = {
    { 0x600, 0x0D0E, "the end marker" },
    { SLOT(0, 0), 6, "#UD from ud2" },
    { SLOT(0, 1), 0xFFFFFFFFu, "#UD: no error code" },
    { SLOT(1, 0), 13, "#GP for a selector beyond the GDT limit" },
    { SLOT(1, 1), 0x80, "#GP: the selector" },
    { SLOT(2, 0), 13, "#GP writing through a read-only data segment" },
    { SLOT(2, 1), 0, "#GP(0)" },
    { SLOT(3, 0), 13, "#GP reading past a byte-granular limit of 0xFFF" },
    { SLOT(3, 1), 0, "#GP(0)" },
    { SLOT(4, 3), 0xCAFEBABE, "a 4 KiB page maps linear 0x800000 to physical 0x100000" },
    { 0x100010, 0xCAFEBABE, "the write at physical 0x100000 + 0x10" },
    { SLOT(5, 0), 14, "#PF writing a not-present page" },
    { SLOT(5, 1), 2, "#PF error code 2 (write, not present, supervisor)" },
    { SLOT(5, 2), 0xC00004, "CR2 = the address" },
    { SLOT(6, 3), 0x5A5A1234, "a 4 MiB page maps linear 0x400000 to physical 0" },
    { SLOT(7, 3), 0x11223344, "after the PTE changed, INVLPG shows the new frame" },
    { 0x101010, 0x11223344, "the write at the new frame" },
    { SLOT(8, 0), 14, "CR0.WP: #PF for a supervisor write to a read-only page" },
    { SLOT(8, 1), 3, "#PF error code 3 (P|W)" },
    { SLOT(8, 2), 0x801008, "CR2 = the address" },
    { SLOT(9, 0), 0xFFF, "LSL of a valid selector" },
    { SLOT(9, 1), 0x00C09300, "LAR of a valid selector" },
    { SLOT(9, 2), 0, "LSL of the null selector: ZF = 0" },
    { SLOT(9, 3), 0x55, "LSL of the null selector: the destination kept" },
};
#undef SLOT

WW_TEST("cpu/x86/firmware/pmode_exceptions_paging", t_pmode)
{
    x86_fw_rig m;
    fw_boot(&m, "pmode", "pentium-pro");
    check_words(&m, "pmode", pmode_words, G_N_ELEMENTS(pmode_words));
    /* The accessed/dirty bits were set in the PTE that was written. */
    WW_CHECK_EQ(rd32(&m, 0x11000) & 0x60, 0x60);
    x86_fw_free(&m);
}

WW_TEST("cpu/x86/firmware/i8086_reset_wraps_1mib", t_8086_reset)
{
    /* An 8086 on the same machine starts at F000:FFF0 = 0xFFFF0 (the low ROM
     * alias) and has a 20-bit address bus. The bigreal image begins with CLI
     * and a far jump; run just a few instructions and check CS:IP. */
    char *path = g_strdup_printf("%s/tests/firmware/x86/bigreal.bin", ww_test_build_dir());
    if (!g_file_test(path, G_FILE_TEST_EXISTS))
        ww_test_skip("%s not built", path);
    GError *err = NULL;
    ww_sched *s = ww_sched_new();
    ww_chip *chip = ww_chip_new("x86", "cpu", s, &err);
    WW_CHECK_NOERR(chip != NULL, err);
    WW_CHECK_NOERR(ww_chip_set_prop(chip, "model", "i8086", &err), err);
    ww_space_config cfg = { 20, 12, WW_LITTLE_ENDIAN, WW_UNMAPPED_OPEN_BUS, 0xFF };
    ww_space *mem = ww_space_new("cpu.mem", &cfg, &err);
    uint8_t *ram = g_malloc0(1 << 20);
    WW_CHECK_NOERR(ww_space_map_ram(mem, "ram", 0, 1 << 20, ram, false, 0, &err), err);
    WW_CHECK_NOERR(ww_chip_bind_bus(chip, "mem", mem, &err), err);
    WW_CHECK_NOERR(ww_chip_realize(chip, &err), err);
    ww_chip_reset(chip, WW_RESET_POWER);
    x86_cpu *c = (x86_cpu *)chip;
    WW_CHECK_EQ(c->seg[X86_CS].sel, 0xF000);
    WW_CHECK_EQ(c->eip, 0xFFF0);
    /* JMP FAR 1234:5678 at 0xFFFF0; the next fetch is at 0x179B8. */
    static const uint8_t jmp[] = { 0xEA, 0x78, 0x56, 0x34, 0x12 };
    memcpy(ram + 0xFFFF0, jmp, sizeof jmp);
    ram[0x179B8] = 0x90;
    ww_cpu_ops_of(&c->cpu)->run(&c->cpu, 2);
    WW_CHECK_EQ(c->seg[X86_CS].sel, 0x1234);
    WW_CHECK_EQ(c->eip, 0x5679);
    ww_chip_free(chip);
    ww_space_free(mem);
    ww_sched_free(s);
    g_free(ram);
    g_free(path);
}

static const fw_word ring3_words[] = {
    { 0x600, 0x0D0E, "the end marker" },
    { 0x650, 0, "IRET to CPL 3 nulled DS (a DPL 0 data segment)" },
    { 0x620, 3, "INT 0x80 through a DPL 3 trap gate: from CPL 3" },
    { 0x624, 0, "INT 0x80: the handler at CPL 0" },
    { 0x628, 0x23, "the old SS pushed on the TSS's ring 0 stack" },
    { 0x62C, 0x80000, "the old ESP pushed" },
    { 0x630, 14, "a user read of a supervisor page: #PF" },
    { 0x634, 5, "#PF error code U|P = 5" },
    { 0x638, 0x400000, "CR2 = the address" },
    { 0x640, 13, "HLT at CPL 3: #GP" },
    { 0x644, 0, "#GP(0)" },
    { 0x648, 3, "#GP taken from CPL 3" },
};

WW_TEST("cpu/x86/firmware/ring3_transitions", t_ring3)
{
    x86_fw_rig m;
    fw_boot(&m, "ring3", "pentium-pro");
    check_words(&m, "ring3", ring3_words, G_N_ELEMENTS(ring3_words));
    x86_fw_free(&m);
}

/* Code that changes meaning without a write to its bytes (tcache.S): a code
 * page remapped by PTE + INVLPG, by CR3 loads, the same bytes as 16- and
 * 32-bit code; on both engines. */
static const fw_word tcache_words[] = {
    { 0x600, 0x0D0E, "the end marker" },
    { 0x700, 1, "call through linear 0x800000: routine A" },
    { 0x704, 2, "PTE -> routine B, INVLPG" },
    { 0x708, 1, "PTE -> A again, CR3 reloaded" },
    { 0x70C, 2, "CR3 = a second directory mapping B" },
    { 0x710, 1, "CR3 = the first directory" },
    { 0x714, 0xFFFF1234u, "dual as 16-bit code" },
    { 0x718, 0x90901234u, "dual as 32-bit code" },
    { 0x71C, 0xFFFF1234u, "dual as 16-bit code again" },
};

WW_TEST("cpu/x86/firmware/code_remapped", t_tcache)
{
    static const char *const engines[] = { "interp", "interp-slow" };
    for (unsigned e = 0; e < 2; e++) {
        x86_fw_rig m;
        fw_boot_engine(&m, "tcache", "pentium-pro", engines[e]);
        ww_test_log("engine %s", engines[e]);
        check_words(&m, engines[e], tcache_words, G_N_ELEMENTS(tcache_words));
        x86_fw_free(&m);
    }
}

/* Read-modify-write instructions whose memory write faults (rmw.S): the
 * fault sees the state before the instruction (EFLAGS pushed, registers,
 * memory untouched) and the restarted instruction gives the reference
 * result; on both engines (the cached engine's ALU, INC/DEC and shift
 * records, and the uncached step). */
WW_TEST("cpu/x86/firmware/rmw_write_faults", t_rmw)
{
    static const char *const engines[] = { "interp", "interp-slow" };
    static const char *const names[] = {
        "add m32,r", "adc m32,r", "sbb m8,r", "sub m16,imm", "add m32,imm8", "and m32,imm32",
        "xor m8,imm", "inc m32", "dec m16", "inc m8", "neg m32", "not m32", "shl m32,imm",
        "sar m32,1", "shr m32,cl", "rol m32,imm", "rcr m16,cl", "shld m32,r,imm",
        "shrd m32,r,cl", "bts m32,imm", "btc m32,r", "xadd m32,r", "cmpxchg m32 (fails)",
        "cmpxchg m8 (succeeds)", "xchg m32,r", "cmpxchg8b across pages",
        "gs: add m32,r", "gs: adc m8,imm", "gs: dec m32", "gs: shl m32,1", "gs: rcl m32,imm",
        "gs: xadd m16,r", "gs: btr m32,imm", "gs: neg m8", "pop m32", "gs: pop m32",
    };
    enum { FLAGS0 = 0x8D7, SEED = 0x80007F0F, SEED2 = 0x13579BDF };
    for (unsigned e = 0; e < 2; e++) {
        x86_fw_rig m;
        fw_boot_engine(&m, "rmw", "pentium-pro", engines[e]);
        ww_test_log("engine %s", engines[e]);
        WW_CHECK_EQ(rd32(&m, 0x600), 0x0D0E);
        WW_CHECK_EQ(rd32(&m, 0x624), G_N_ELEMENTS(names));
        WW_CHECK_MSG(rd32(&m, 0x628) == 0x2222, "%s: POP [ESP] addressed with ESP before the "
                     "pop (%#x)", engines[e], rd32(&m, 0x628));
        /* PUSHA at CPL 3 faulting on its fourth push (USTACK = 0x80200C). */
        WW_CHECK_MSG(rd32(&m, 0x640) == 0x80200C && rd32(&m, 0x634) == 0x80200C - 32,
                     "%s: PUSHA: ESP %#x at the fault, %#x after, expected 0x80200c and "
                     "0x801fec", engines[e], rd32(&m, 0x640), rd32(&m, 0x634));
        WW_CHECK_EQ(rd32(&m, 0x638), 0xA0);
        WW_CHECK_EQ(rd32(&m, 0x63C), 0xD7);
        /* ENTER 16, 3 at CPL 3 faulting on its third push. */
        WW_CHECK_MSG(rd32(&m, 0x644) == 0x804008 && rd32(&m, 0x650) == 0x1100,
                     "%s: ENTER: ESP %#x EBP %#x at the fault, expected 0x804008 0x1100",
                     engines[e], rd32(&m, 0x644), rd32(&m, 0x650));
        WW_CHECK_MSG(rd32(&m, 0x648) == 0x803FE8 && rd32(&m, 0x64C) == 0x804004,
                     "%s: ENTER: ESP %#x EBP %#x after, expected 0x803fe8 0x804004",
                     engines[e], rd32(&m, 0x648), rd32(&m, 0x64C));
        /* A far CALL at CPL 3 faulting on its second push (EIP). */
        WW_CHECK_MSG(rd32(&m, 0x654) == 0x806004 && rd32(&m, 0x658) == 0x805FFC &&
                     rd32(&m, 0x660) == 0x806004,
                     "%s: far CALL: ESP %#x at the fault, %#x in the callee, %#x after the "
                     "far RET, expected 0x806004 0x805ffc 0x806004", engines[e],
                     rd32(&m, 0x654), rd32(&m, 0x658), rd32(&m, 0x660));
        WW_CHECK_EQ(rd32(&m, 0x65C) & 0xFFFF, 0x23);
        unsigned changed = 0;
        GString *bad = g_string_new(NULL);   /* every failing case, then one failure */
#define BAD(cond, ...) do { if (!(cond)) { g_string_append_printf(bad, "\n  %s %s: ", \
                                 engines[e], what); g_string_append_printf(bad, __VA_ARGS__); \
                                 } } while (0)
        for (unsigned n = 0; n < G_N_ELEMENTS(names); n++) {
#define S(k) rd32(&m, 0x1000 + 128 * n + 4 * (k))
            const char *what = names[n];
            bool gs = strncmp(what, "gs:", 3) == 0;
            BAD(S(10) == 1, "%u faults", S(10));
            BAD(S(11) == (gs ? 13u : 14u) && S(12) == (gs ? 0u : 3u), "vector %u error %u",
                S(11), S(12));
            BAD((S(13) & F_ARITH) == (FLAGS0 & F_ARITH),
                "EFLAGS %08x pushed by the fault, before %08x", S(13), FLAGS0);
            BAD(S(14) == SEED && S(15) == SEED2, "memory %08x %08x at the fault", S(14), S(15));
            BAD(S(16) == S(18) && S(17) == S(19), "EAX %08x EDX %08x at the fault, before "
                "%08x %08x", S(16), S(17), S(18), S(19));
            for (unsigned k = 0; k < 5; k++)
                BAD(S(k) == S(5 + k), "item %u after the restart %08x, reference %08x", k,
                    S(5 + k), S(k));
            if ((S(0) & F_ARITH) != (FLAGS0 & F_ARITH))
                changed++;
#undef S
        }
#undef BAD
        WW_CHECK_MSG(bad->len == 0, "%s", bad->str);
        g_string_free(bad, TRUE);
        /* The cases change the flags they are run with (the test can fail):
         * all but NOT, XCHG, CMPXCHG8B (which sets ZF, already set), BTR
         * of a set bit (CF = 1, already set) and the two POPs. */
        WW_CHECK_EQ(changed, G_N_ELEMENTS(names) - 6);
        x86_fw_free(&m);
    }
}
