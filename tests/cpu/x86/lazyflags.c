/* tests/cpu/x86/lazyflags.c — the lazy arithmetic flags of cpu/x86/alu.c
 * against the eager formulas they replaced (kept here as the reference,
 * as cpu/x86/alu.c computed them up to the lazy-flags change), and EFLAGS
 * as everything outside the run loop sees it.
 *
 * For every lazy kind (ADD ADC SUB SBB CMP AND OR XOR INC DEC SHL SHR SAR,
 * the 286's /6 = SHL, and IMUL with a destination register) × operand size × edge values (0, 1, the sign bit
 * and its neighbours, all ones, nibble carries, random) × carry-in, with
 * the state before the operation itself lazy or materialised: the result,
 * the materialised EFLAGS (x86_flags, x86_flags_sync), CF/ZF accessors and
 * all 16 conditions must equal the eager reference. The eager kinds
 * (rotates, SETMO) are checked the same way, from a lazy state before them.
 * The other tests run a CMP on a chip and read EFLAGS through the register
 * descriptor, the gdb numbering, and a chip state save/load. */
#include "tests/harness.h"
#include "cpu/x86/x86.h"

/* ---- the eager reference (the formulas of the eager alu.c) ---------------- */

static bool parity8(uint32_t v)
{
    return !__builtin_parity(v & 0xFF);
}

static uint32_t ref_szp(uint32_t f, uint32_t res, unsigned size)
{
    f &= ~(F_SF | F_ZF | F_PF);
    res &= x86_mask(size);
    if (!res) f |= F_ZF;
    if (res & x86_sign(size)) f |= F_SF;
    if (parity8(res)) f |= F_PF;
    return f;
}

static uint32_t set_bit(uint32_t f, uint32_t flag, bool on)
{
    return on ? (f | flag) : (f & ~flag);
}

static uint32_t ref_alu(uint32_t *fl, unsigned op, uint32_t a, uint32_t b, unsigned size)
{
    uint32_t m = x86_mask(size), s = x86_sign(size);
    uint64_t r;
    uint32_t res;
    bool cf = false, of = false, af = false;
    a &= m;
    b &= m;
    switch (op) {
    case 0: case 2: {
        unsigned carry = (op == 2 && (*fl & F_CF)) ? 1 : 0;
        r = (uint64_t)a + b + carry;
        res = (uint32_t)r & m;
        cf = (r >> (size * 8)) & 1;
        of = ((a ^ res) & (b ^ res) & s) != 0;
        af = ((a ^ b ^ res) & 0x10) != 0;
        break;
    }
    case 3: case 5: case 7: {
        unsigned borrow = (op == 3 && (*fl & F_CF)) ? 1 : 0;
        r = (uint64_t)a - b - borrow;
        res = (uint32_t)r & m;
        cf = (r >> (size * 8)) & 1;
        of = ((a ^ b) & (a ^ res) & s) != 0;
        af = ((a ^ b ^ res) & 0x10) != 0;
        break;
    }
    case 1: res = a | b; break;
    case 4: res = a & b; break;
    default: res = a ^ b; break;
    }
    uint32_t f = *fl & ~F_ARITH;
    if (cf) f |= F_CF;
    if (of) f |= F_OF;
    if (af) f |= F_AF;
    *fl = ref_szp(f, res, size);
    return res;
}

static uint32_t ref_incdec(uint32_t *fl, bool dec, uint32_t a, unsigned size)
{
    uint32_t m = x86_mask(size), s = x86_sign(size);
    a &= m;
    uint32_t res = (dec ? a - 1 : a + 1) & m;
    uint32_t f = *fl & ~(F_ARITH & ~F_CF);
    if (dec ? (a == s) : (res == s)) f |= F_OF;
    if ((a ^ res) & 0x10) f |= F_AF;
    *fl = ref_szp(f, res, size);
    return res;
}

static uint32_t ref_shift(uint32_t *fl, int level, unsigned op, uint32_t a, unsigned count,
                          unsigned size)
{
    unsigned w = size * 8;
    uint32_t m = x86_mask(size), s = x86_sign(size), f = *fl, res;
    bool cf;
    a &= m;
    if (count == 0)
        return a;
    switch (op) {
    case 0: {
        unsigned n = count % w;
        res = n ? ((a << n) | (a >> (w - n))) & m : a;
        cf = res & 1;
        f = set_bit(set_bit(f, F_CF, cf), F_OF, ((res & s) != 0) != cf);
        *fl = f;
        return res;
    }
    case 1: {
        unsigned n = count % w;
        res = n ? ((a >> n) | (a << (w - n))) & m : a;
        cf = (res & s) != 0;
        f = set_bit(set_bit(f, F_CF, cf), F_OF, (((res << 1) ^ res) & s) != 0);
        *fl = f;
        return res;
    }
    case 2: case 3: {
        unsigned n = count % (w + 1);
        uint64_t v = a | ((uint64_t)((f & F_CF) ? 1 : 0) << w);
        uint64_t wm = (2ull << w) - 1;
        if (n) {
            if (op == 2)
                v = ((v << n) | (v >> (w + 1 - n))) & wm;
            else
                v = ((v >> n) | (v << (w + 1 - n))) & wm;
        }
        res = (uint32_t)v & m;
        cf = (v >> w) & 1;
        f = set_bit(f, F_CF, cf);
        if (op == 2)
            f = set_bit(f, F_OF, ((res & s) != 0) != cf);
        else
            f = set_bit(f, F_OF, (((res << 1) ^ res) & s) != 0);
        *fl = f;
        return res;
    }
    case 6:
        if (level == X86_I8086) {
            res = m;
            *fl = ref_szp(f & ~(F_CF | F_OF | F_AF), res, size);
            return res;
        }
        /* fall through */
    case 4: {
        uint64_t v = count < 64 ? (uint64_t)a << count : 0;
        res = (uint32_t)v & m;
        cf = count <= w ? (v >> w) & 1 : 0;
        f &= ~F_AF;
        f = set_bit(set_bit(f, F_CF, cf), F_OF, ((res & s) != 0) != cf);
        break;
    }
    case 5:
        cf = count <= 32 ? (a >> (count - 1)) & 1 : 0;
        res = count < 32 ? a >> count : 0;
        f &= ~F_AF;
        f = set_bit(f, F_CF, cf);
        f = set_bit(f, F_OF, count <= 32 && ((a >> (count - 1)) & s) != 0);
        break;
    default: {
        int32_t sv = (int32_t)x86_sext(a, size);
        unsigned n = count >= w ? w - 1 : count - 1;
        cf = (sv >> n) & 1;
        res = (uint32_t)((sv >> n) >> 1) & m;
        f &= ~(F_AF | F_OF);
        f = set_bit(f, F_CF, cf);
        break;
    }
    }
    *fl = ref_szp(f, res, size);
    return res;
}

/* IMUL r, r/m (0F AF) and r, r/m, imm (69/6B) as exec.c computed them
 * before the change: materialise, CF = OF = overflow, SF/ZF/PF from the
 * truncated product, AF kept. */
static uint32_t ref_imul(uint32_t *fl, uint32_t a, uint32_t b, unsigned size)
{
    int64_t p = (int64_t)(int32_t)x86_sext(a, size) * (int32_t)x86_sext(b, size);
    uint32_t r = (uint32_t)p & x86_mask(size);
    bool ovf = (int64_t)(int32_t)x86_sext(r, size) != p;
    *fl = ref_szp(set_bit(set_bit(*fl, F_CF, ovf), F_OF, ovf), r, size);
    return r;
}

static bool ref_cond(uint32_t f, unsigned cc)
{
    bool r;
    switch (cc >> 1) {
    case 0: r = f & F_OF; break;
    case 1: r = f & F_CF; break;
    case 2: r = f & F_ZF; break;
    case 3: r = f & (F_CF | F_ZF); break;
    case 4: r = f & F_SF; break;
    case 5: r = f & F_PF; break;
    case 6: r = !(f & F_SF) != !(f & F_OF); break;
    default: r = (f & F_ZF) || (!(f & F_SF) != !(f & F_OF)); break;
    }
    return (cc & 1) ? !r : r;
}

/* ---- comparison ------------------------------------------------------------ */

static uint32_t rng_state = 12345;
static uint32_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state;
}

static const uint32_t edges[] = {
    0, 1, 2, 0x0F, 0x10, 0x7E, 0x7F, 0x80, 0x81, 0xFE, 0xFF, 0x100, 0x7FFF, 0x8000, 0x8001,
    0xFFFF, 0x10000, 0x7FFFFFFF, 0x80000000u, 0x80000001u, 0xFFFFFFFEu, 0xFFFFFFFFu,
    0x12345678, 0xF0F0F0F0u,
};

/* Everything a reader can see of the CPU's flags, against the reference. */
static unsigned checks, failures;
static void compare(x86_cpu *c, uint32_t want, const char *what, unsigned op, uint32_t a,
                    uint32_t b, unsigned size)
{
    checks++;
    uint32_t got = x86_flags(c);
    bool bad = got != want || x86_get_flags(c) != want || x86_cf(c) != !!(want & F_CF) ||
               x86_zf(c) != !!(want & F_ZF);
    for (unsigned cc = 0; cc < 16; cc++)
        bad |= x86_cond(c, cc) != ref_cond(want, cc);
    /* materialising changes nothing a reader sees, and clears the lazy kind */
    uint32_t ef = c->eflags;
    uint8_t kind = c->lf_op;
    x86_flags_sync(c);
    bad |= c->eflags != want || c->lf_op != LF_NONE || x86_flags(c) != want;
    c->eflags = ef;
    c->lf_op = kind;
    if (bad && failures++ < 20)
        ww_test_note_failure("%s op %u size %u a %08x b %08x: flags %08x (lazy kind %u), "
                             "eager %08x", what, op, size, a, b, got, c->lf_op, want);
}

/* Put the CPU into a state whose flags are `f0`'s arithmetic bits, either
 * materialised or lazy (from an operation that produces exactly them is
 * hard in general, so: a random lazy op, whose result becomes the input). */
static uint32_t prepare(x86_cpu *c, uint32_t base, bool lazy)
{
    c->lf_op = LF_NONE;
    c->eflags = base;
    if (!lazy)
        return base;
    uint32_t f = base;
    unsigned size = 1u << (rnd() % 3);
    uint32_t a = rnd(), b = rnd() & (rnd() & 1 ? 0xFF : 0xFFFFFFFFu);
    switch (rnd() % 5) {
    case 4: {
        uint32_t r1 = x86_imul(c, a, b, size);
        WW_CHECK_EQ(r1, ref_imul(&f, a, b, size));
        break;
    }
    case 0: {
        unsigned op = rnd() % 8;
        uint32_t r1 = x86_alu(c, op, a, b, size);
        WW_CHECK_EQ(r1, ref_alu(&f, op, a, b, size));
        break;
    }
    case 1: {
        bool dec = rnd() & 1;
        uint32_t r1 = x86_incdec(c, dec, a, size);
        WW_CHECK_EQ(r1, ref_incdec(&f, dec, a, size));
        break;
    }
    default: {
        static const unsigned ops[] = { 4, 5, 7 };
        unsigned op = ops[rnd() % 3], cnt = 1 + rnd() % 31;
        uint32_t r1 = x86_shift(c, op, a, cnt, size);
        WW_CHECK_EQ(r1, ref_shift(&f, c->level, op, a, cnt, size));
        break;
    }
    }
    compare(c, f, "prepare", 0, a, b, size);
    return f;
}

static void one_case(x86_cpu *c, unsigned kind, unsigned op, uint32_t a, uint32_t b,
                     unsigned size, uint32_t base, bool lazy)
{
    uint32_t f = prepare(c, base, lazy);
    uint32_t got, want;
    const char *what;
    switch (kind) {
    case 0:
        what = "alu";
        got = x86_alu(c, op, a, b, size);
        want = ref_alu(&f, op, a, b, size);
        break;
    case 1:
        what = "incdec";
        got = x86_incdec(c, op, a, size);
        want = ref_incdec(&f, op, a, size);
        break;
    case 3:
        what = "imul";
        got = x86_imul(c, a, b, size);
        want = ref_imul(&f, a, b, size);
        break;
    default:
        what = "shift";
        got = x86_shift(c, op, a, b, size);
        want = ref_shift(&f, c->level, op, a, b, size);
        break;
    }
    if (got != want && failures++ < 20)
        ww_test_note_failure("%s op %u size %u a %08x b %08x: result %08x, eager %08x", what,
                             op, size, a, b, got, want);
    compare(c, f, what, op, a, b, size);
}

WW_TEST("cpu/x86/lazy_flags_match_eager", t_lazy_eager)
{
    static const int levels[] = { X86_I8086, X86_I286, X86_PPRO };
    x86_cpu *c = g_new0(x86_cpu, 1);
    checks = failures = 0;
    for (unsigned li = 0; li < G_N_ELEMENTS(levels); li++) {
        c->level = levels[li];
        for (unsigned size = 1; size <= 4; size *= 2) {
            unsigned w = size * 8;
            for (unsigned ia = 0; ia < G_N_ELEMENTS(edges) + 8; ia++) {
                uint32_t a = ia < G_N_ELEMENTS(edges) ? edges[ia] : rnd();
                for (unsigned ib = 0; ib < G_N_ELEMENTS(edges) + 8; ib++) {
                    uint32_t b = ib < G_N_ELEMENTS(edges) ? edges[ib] : rnd();
                    for (unsigned base_i = 0; base_i < 4; base_i++) {
                        /* carry in / out of the other arithmetic flags; IF and DF
                         * set to see that the non-arithmetic bits survive */
                        uint32_t base = 0x602 | (base_i & 1 ? F_CF : 0) |
                                        (base_i & 2 ? (F_ARITH & ~F_CF) : 0);
                        bool lazy = (ia + ib + base_i) & 1;
                        for (unsigned op = 0; op < 8; op++)
                            one_case(c, 0, op, a, b, size, base, lazy);
                        one_case(c, 3, 0, a, b, size, base, lazy);
                        if (ib == 0)
                            for (unsigned dec = 0; dec < 2; dec++)
                                one_case(c, 1, dec, a, 0, size, base, lazy);
                    }
                }
                /* every count the shift group can get: 286+ mask to 5 bits
                 * (exec.c), the 8086 passes CL as it is */
                static const unsigned counts[] = { 0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33,
                                                   63, 64, 65, 200, 255 };
                for (unsigned ci = 0; ci < G_N_ELEMENTS(counts); ci++) {
                    unsigned cnt = counts[ci];
                    if (c->level >= X86_I286)
                        cnt &= 31;
                    for (unsigned op = 0; op < 8; op++)
                        for (unsigned base_i = 0; base_i < 2; base_i++)
                            one_case(c, 2, op, a, cnt, size,
                                     0x202 | (base_i ? F_ARITH : 0), (ci + op + base_i) & 1);
                }
                (void)w;
            }
        }
    }
    ww_test_log("%u comparisons", checks);
    WW_CHECK(checks > 100000);
    WW_CHECK_EQ(failures, 0);
    g_free(c);
}

/* ---- EFLAGS outside the run loop -------------------------------------------- */

static x86_cpu *new_cpu(ww_sched *sched, ww_space **mem, uint8_t **ram)
{
    GError *err = NULL;
    ww_chip *chip = ww_chip_new("x86", "cpu", sched, &err);
    WW_CHECK_NOERR(chip != NULL, err);
    WW_CHECK_NOERR(ww_chip_set_prop(chip, "model", "pentium-pro", &err), err);
    ww_space_config cfg = { 32, 12, WW_LITTLE_ENDIAN, WW_UNMAPPED_OPEN_BUS, 0xFFFFFFFF };
    *mem = ww_space_new("cpu.mem", &cfg, &err);
    WW_CHECK_NOERR(*mem != NULL, err);
    *ram = g_malloc0(1 << 20);
    WW_CHECK_NOERR(ww_space_map_ram(*mem, "ram", 0, 1 << 20, *ram, false, 0, &err), err);
    WW_CHECK_NOERR(ww_chip_bind_bus(chip, "mem", *mem, &err), err);
    WW_CHECK_NOERR(ww_chip_realize(chip, &err), err);
    ww_chip_reset(chip, WW_RESET_POWER);
    x86_cpu *c = (x86_cpu *)chip;
    x86_set_seg_real(c, X86_CS, 0);
    x86_set_seg_real(c, X86_SS, 0);
    c->r[ESP] = 0x8000;
    c->eip = 0x1000;
    return c;
}

static uint64_t run(x86_cpu *c, uint64_t n)
{
    c->cpu.stop = WW_STOP_NONE;
    c->cpu.exit_request = 0;
    return ww_cpu_ops_of(&c->cpu)->run(&c->cpu, n);
}

WW_TEST("cpu/x86/lazy_flags_exact_outside_run", t_lazy_outside)
{
    ww_sched *sched = ww_sched_new();
    ww_space *mem, *mem2;
    uint8_t *ram, *ram2;
    x86_cpu *c = new_cpu(sched, &mem, &ram);
    ww_chip *chip = &c->cpu.chip;
    /* cmp al, 0x81 (AL = 0x7F: 7F - 81 borrows and overflows: CF SF OF,
     * AF from 0xF - 0x1 no, PF of 0xFE no); jo +2; hlt; hlt; mov bl, 1; hlt */
    static const uint8_t code[] = { 0x3C, 0x81, 0x70, 0x02, 0xF4, 0xF4, 0xB3, 0x01, 0xF4 };
    memcpy(ram + 0x1000, code, sizeof code);
    c->r[EAX] = 0x7F;
    c->eflags = 0x202 | F_ZF | F_PF | F_AF;   /* stale bits the CMP must replace */
    WW_CHECK_EQ(run(c, 1), 1);                /* the CMP only: the run ends inside a block */
    uint32_t want = 0x202 | F_CF | F_SF | F_OF;
    WW_CHECK_EQ(c->lf_op, LF_NONE);
    WW_CHECK_EQ(c->eflags, want);
    /* the register descriptor, and gdb's register 9 */
    unsigned idx;
    const ww_reg_desc *d = ww_chip_find_reg(chip->cls, "eflags", &idx);
    WW_CHECK(d);
    WW_CHECK_EQ(ww_chip_reg_get(chip, d, idx), want);
    const ww_reg_desc *g = ww_chip_find_gdb_reg(chip->cls, 9, &idx);
    WW_CHECK(g == d);
    WW_CHECK_EQ(ww_chip_reg_get(chip, g, idx), want);
    /* the state walk behind snapshots: a second CPU loaded from it takes
     * the JO the first one would */
    GByteArray *st = g_byte_array_new();
    ww_chip_state_save(chip, st);
    x86_cpu *c2 = new_cpu(sched, &mem2, &ram2);
    memcpy(ram2 + 0x1000, code, sizeof code);
    GError *err = NULL;
    WW_CHECK_NOERR(ww_chip_state_load(&c2->cpu.chip, st->data, st->len, &err), err);
    WW_CHECK_EQ(c2->eflags, want);
    run(c2, 10);
    WW_CHECK_EQ(c2->r[EBX] & 0xFF, 1);
    WW_CHECK_EQ(c2->eip, 0x1009);
    /* a debugger write between slices replaces the flags: clear OF, and
     * the JO of the first CPU falls through to the HLT at 1004 */
    ww_chip_reg_set(chip, d, 0, want & ~F_OF);
    run(c, 10);
    WW_CHECK_EQ(c->eip, 0x1005);
    WW_CHECK_EQ(c->r[EBX] & 0xFF, 0);
    g_byte_array_free(st, TRUE);
    ww_chip_free(&c2->cpu.chip);
    ww_chip_free(chip);
    ww_space_free(mem);
    ww_space_free(mem2);
    ww_sched_free(sched);
    g_free(ram);
    g_free(ram2);
}

/* A fault pushes exact FLAGS: INC leaves CF from a CMP before it, then a
 * #DE (DIV by 0) pushes FLAGS through the real-mode IVT; PUSHF and LAHF see
 * the same. */
WW_TEST("cpu/x86/lazy_flags_pushed_exact", t_lazy_pushed)
{
    ww_sched *sched = ww_sched_new();
    ww_space *mem;
    uint8_t *ram;
    x86_cpu *c = new_cpu(sched, &mem, &ram);
    /* cmp al, 1 (AL = 0: CF SF AF PF); inc bl (BL = 7F: OF SF AF, CF kept);
     * pushf; lahf; div cl (CL = 0: #DE) */
    static const uint8_t code[] = { 0x3C, 0x01, 0xFE, 0xC3, 0x9C, 0x9F, 0xF6, 0xF1 };
    memcpy(ram + 0x1000, code, sizeof code);
    ww_st_le16(ram + 0, 0x2000);              /* #DE handler 0000:2000: hlt */
    ram[0x2000] = 0xF4;
    c->r[EAX] = 0;
    c->r[EBX] = 0x7F;
    c->r[ECX] = 0;
    c->eflags = 0x202;
    run(c, 6);
    uint32_t want = 0x202 | F_CF | F_SF | F_AF | F_OF;   /* INC 7F: 80, PF of 80h clear */
    WW_CHECK_EQ(c->last_exc, X86_DE);
    WW_CHECK_EQ(ww_ld_le16(ram + 0x8000 - 2), want & 0xFFFF);        /* PUSHF */
    WW_CHECK_EQ((c->r[EAX] >> 8) & 0xFF, want & 0xFF);               /* LAHF */
    WW_CHECK_EQ(ww_ld_le16(ram + 0x8000 - 4), want & 0xFFFF);        /* #DE frame */
    WW_CHECK_EQ(c->eflags, want & ~F_IF);     /* the handler runs with IF clear */
    ww_chip_free(&c->cpu.chip);
    ww_space_free(mem);
    ww_sched_free(sched);
    g_free(ram);
}
