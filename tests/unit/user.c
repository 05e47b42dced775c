/* tests/unit/user.c — the user-mode runner with the toy CPU: ELF loading,
 * the initial stack, write/exit/brk, faults, limits, bad files; and the
 * machine run loop with a halting CPU and a timer.
 *
 * The CPU under test is "wwtoycpu", defined here: a 7-instruction
 * byte-coded ISA and a user-mode ABI (ELF machine 0x7777, big-endian), so the
 * core's CPU plumbing (run loop, scheduler, user-mode runner) is tested
 * without any real CPU family.
 *   01 r imm32  r = imm          04 r s  r += s          07 r rel8  if (r) { r--; pc += rel }
 *   02          syscall          05 r i32 r += imm       08         halt
 *   03 r s      r = mem32[s]     other: illegal (SIGILL in user mode) */
#include "tests/harness.h"
#include "core/machine.h"
#include "core/user.h"
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- the toy CPU ---------------------------------------------------------- */

typedef struct {
    ww_cpu cpu;
    uint32_t r[8], pc;
    uint32_t model;
    bool halted;     /* until reset: the toy has no interrupts */
} toy_t;

static const char *const toy_models[] = { "toy1", NULL };

static bool fetch8(toy_t *t, uint8_t *b)
{
    uint64_t v;
    if (ww_space_read(t->cpu.chip.bus[0], t->pc++, 1, &v) != WW_BUS_OK)
        return false;
    *b = (uint8_t)v;
    return true;
}

static bool fetch32(toy_t *t, uint32_t *w)
{
    uint64_t v;
    if (ww_space_read(t->cpu.chip.bus[0], t->pc, 4, &v) != WW_BUS_OK)
        return false;
    t->pc += 4;
    *w = (uint32_t)v;
    return true;
}

static void fault(toy_t *t, int sig)
{
    t->cpu.stop = t->cpu.user_mode ? WW_STOP_USER_FAULT : WW_STOP_FATAL;
    t->cpu.stop_info = sig;
}

static uint64_t toy_run(ww_cpu *cpu, uint64_t budget)
{
    toy_t *t = (toy_t *)cpu;
    uint64_t done = 0;
    if (t->halted) {
        cpu->stop = WW_STOP_HALT;
        return 0;
    }
    while (done < budget && !cpu->exit_request) {
        uint8_t op, a = 0, b = 0;
        uint32_t imm = 0;
        uint64_t v;
        if (!fetch8(t, &op)) {
            fault(t, SIGSEGV);
            break;
        }
        done++;
        cpu->cycles++;
        switch (op) {
        case 1:
            if (!fetch8(t, &a) || !fetch32(t, &imm)) { fault(t, SIGSEGV); return done; }
            t->r[a & 7] = imm;
            break;
        case 2:
            if (cpu->user_mode) {
                cpu->stop = WW_STOP_SYSCALL;
                return done;
            }
            break;
        case 3:
            if (!fetch8(t, &a) || !fetch8(t, &b) ||
                ww_space_read(cpu->chip.bus[0], t->r[b & 7], 4, &v) != WW_BUS_OK) {
                fault(t, SIGSEGV);
                return done;
            }
            t->r[a & 7] = (uint32_t)v;
            break;
        case 4:
            if (!fetch8(t, &a) || !fetch8(t, &b)) { fault(t, SIGSEGV); return done; }
            t->r[a & 7] += t->r[b & 7];
            break;
        case 5:
            if (!fetch8(t, &a) || !fetch32(t, &imm)) { fault(t, SIGSEGV); return done; }
            t->r[a & 7] += imm;
            break;
        case 7:
            if (!fetch8(t, &a) || !fetch8(t, &b)) { fault(t, SIGSEGV); return done; }
            if (t->r[a & 7]) {
                t->r[a & 7]--;
                t->pc += (uint32_t)(int32_t)(int8_t)b;
            }
            break;
        case 8:
            t->halted = true;
            cpu->stop = WW_STOP_HALT;
            return done;
        default:
            t->pc--;
            fault(t, SIGILL);
            return done;
        }
    }
    return done;
}

static uint64_t toy_get_pc(ww_cpu *cpu) { return ((toy_t *)cpu)->pc; }
static void toy_set_pc(ww_cpu *cpu, uint64_t pc) { ((toy_t *)cpu)->pc = (uint32_t)pc; }

static const ww_reg_desc toy_regs[] = {
    { "r", .flags = WW_REG_INTERNAL, .at = WW_AT(toy_t, r[0]), .count = 8, .gdb = WW_GDB(0) },
    { "pc", .flags = WW_REG_INTERNAL, .at = WW_AT(toy_t, pc), .gdb = WW_GDB(8) },
    { NULL } };

static const ww_cpu_ops toy_ops = {
    .family = "toy", .models = toy_models, .run = toy_run,
    .get_pc = toy_get_pc, .set_pc = toy_set_pc,
};

static const ww_prop_desc toy_props[] = {
    { "model", WW_PROP_ENUM, WW_AT(toy_t, model), "toy1", 0, 0, toy_models, WW_UNIT_NONE, "model" },
    { "clock", WW_PROP_UINT, WW_AT(toy_t, cpu.clock_hz), "1MHz", 0, 0, NULL, WW_UNIT_HZ, "clock" },
    { NULL } };

static const ww_bus_desc toy_buses[] = {
    { "mem", "memory", 32, WW_BIG_ENDIAN, WW_UNMAPPED_BUS_ERROR, 0 }, { NULL } };

static const ww_state_desc toy_state[] = {
    { "halted", WW_STATE_BOOL, WW_AT(toy_t, halted), "HLT until reset" }, { NULL } };

static const ww_chip_class toy_class = {
    .type = "wwtoycpu", .summary = "test-only toy CPU", .size = sizeof(toy_t),
    .props = toy_props, .regs = toy_regs, .state = toy_state, .buses = toy_buses,
    .cpu = &toy_ops,
};
WW_CHIP_REGISTER(toy_class)

/* ---- user-mode ABI: r0 = number (1 exit, 4 write, 45 brk), r1..r6 args ---- */

static bool toy_setup(ww_cpu *cpu, uint64_t entry, uint64_t sp, GError **err)
{
    toy_t *t = (toy_t *)cpu;
    t->pc = (uint32_t)entry;
    t->r[7] = (uint32_t)sp;
    return true;
}

static void toy_get_syscall(ww_cpu *cpu, uint64_t *nr, uint64_t args[6])
{
    toy_t *t = (toy_t *)cpu;
    *nr = t->r[0];
    for (int i = 0; i < 6; i++)
        args[i] = t->r[1 + i];
}

static ww_sys toy_map(uint64_t nr)
{
    switch (nr) {
    case 1:  return WW_SYS_EXIT;
    case 4:  return WW_SYS_WRITE;
    case 45: return WW_SYS_BRK;
    default: return WW_SYS_UNKNOWN;
    }
}

static void toy_set_return(ww_cpu *cpu, int64_t ret) { ((toy_t *)cpu)->r[0] = (uint32_t)ret; }

static const ww_user_arch toy_arch = {
    .family = "toy", .e_machine = 0x7777, .big_endian = true, .cpu_type = "wwtoycpu",
    .setup = toy_setup, .get_syscall = toy_get_syscall, .map_syscall = toy_map,
    .set_return = toy_set_return, .uname_machine = "toy",
};
WW_USER_ARCH_REGISTER(toy_arch)

/* ---- tests ------------------------------------------------------------------ */

/* A big-endian ELF32 executable with one PT_LOAD at 0x10000 holding `code`. */
static char *write_elf(const uint8_t *code, size_t len, uint16_t machine)
{
    uint8_t f[4096] = { 0 };
    memcpy(f, "\177ELF\1\2\1", 7);
    ww_st_be16(f + 16, 2);            /* ET_EXEC */
    ww_st_be16(f + 18, machine);
    ww_st_be32(f + 20, 1);
    ww_st_be32(f + 24, 0x10000 + 0x100);  /* entry */
    ww_st_be32(f + 28, 52);           /* phoff */
    ww_st_be16(f + 40, 52);
    ww_st_be16(f + 42, 32);
    ww_st_be16(f + 44, 1);
    uint8_t *ph = f + 52;
    ww_st_be32(ph, 1);                /* PT_LOAD */
    ww_st_be32(ph + 4, 0);
    ww_st_be32(ph + 8, 0x10000);
    ww_st_be32(ph + 16, 0x100 + (uint32_t)len);
    ww_st_be32(ph + 20, 0x2000);      /* bss after */
    memcpy(f + 0x100, code, len);
    char *path = g_build_filename(g_get_tmp_dir(), "ww-toy-XXXXXX", NULL);
    int fd = g_mkstemp(path);
    WW_CHECK(fd >= 0);
    WW_CHECK(write(fd, f, 0x100 + len) == (ssize_t)(0x100 + len));
    close(fd);
    return path;
}

static int run(const char *path, int argc, char **argv, GString *out, uint64_t max,
               bool *ok, GError **err)
{
    int p[2];
    WW_CHECK(pipe(p) == 0);
    ww_user_opts o = { .out_fd = p[1], .err_fd = p[1], .max_cycles = max };
    ww_user_result r;
    *ok = ww_user_run(path, argc, argv, &o, &r, err);
    close(p[1]);
    char buf[256];
    ssize_t n;
    while ((n = read(p[0], buf, sizeof buf)) > 0)
        g_string_append_len(out, buf, n);
    close(p[0]);
    return r.exit_code;
}

/* write(1, msg, 6); exit(argc + 40) — msg at 0x10140 */
static const uint8_t hello[] = {
    0x01, 0, 0, 0, 0, 4,        /* r0 = 4 (write) */
    0x01, 1, 0, 0, 0, 1,        /* r1 = 1 */
    0x01, 2, 0, 1, 0x01, 0x40,  /* r2 = 0x10140 */
    0x01, 3, 0, 0, 0, 6,        /* r3 = 6 */
    0x02,                       /* syscall */
    0x03, 5, 7,                 /* r5 = argc (mem32[sp]) */
    0x05, 5, 0, 0, 0, 40,       /* r5 += 40 */
    0x01, 0, 0, 0, 0, 1,        /* r0 = 1 (exit) */
    0x04, 1, 5,                 /* r1 = 0 + r5 (r1 was 1: fix below) */
};

WW_TEST("unit/user/elf_write_exit_argc", t_user_hello)
{
    uint8_t code[0x50] = { 0 };
    memcpy(code, hello, sizeof hello);
    /* r1 held 1 from the write; subtract it: r1 += 0xFFFFFFFF, then syscall. */
    static const uint8_t tail[] = { 0x05, 1, 0xFF, 0xFF, 0xFF, 0xFF, 0x02 };
    memcpy(code + sizeof hello, tail, sizeof tail);
    memcpy(code + 0x40, "hello\n", 6);
    char *path = write_elf(code, sizeof code, 0x7777);
    char *argv[] = { path, (char *)"arg1", NULL };
    GString *out = g_string_new(NULL);
    GError *err = NULL;
    bool ok;
    int rc = run(path, 2, argv, out, 0, &ok, &err);
    WW_CHECK_NOERR(ok, err);
    WW_CHECK_STR(out->str, "hello\n");
    WW_CHECK_EQ(rc, 42);   /* argc 2 + 40: the stack held argc */
    unlink(path);
    g_free(path);
    g_string_free(out, TRUE);
}

WW_TEST("unit/user/faults_and_limits", t_user_faults)
{
    GError *err = NULL;
    GString *out = g_string_new(NULL);
    bool ok;
    /* An illegal instruction kills the program with SIGILL: status 128+4. */
    static const uint8_t ill[] = { 0xEE };
    char *p1 = write_elf(ill, sizeof ill, 0x7777);
    char *a1[] = { p1, NULL };
    WW_CHECK_EQ(run(p1, 1, a1, out, 0, &ok, &err), 132);
    WW_CHECK_NOERR(ok, err);
    /* An endless loop stops at the instruction limit with an error. */
    static const uint8_t loop[] = { 0x01, 1, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 1, 0xFD,
                                    0x01, 1, 0xFF, 0xFF, 0xFF, 0xFF, 0x05, 1, 0, 0, 0, 0,
                                    0x07, 1, 0xEA };
    char *p2 = write_elf(loop, sizeof loop, 0x7777);
    char *a2[] = { p2, NULL };
    run(p2, 1, a2, out, 100000, &ok, &err);
    WW_CHECK_ERR(ok, err, "still running after");
    /* No CPU for this ELF machine. */
    char *p3 = write_elf(ill, sizeof ill, 0x6666);
    char *a3[] = { p3, NULL };
    run(p3, 1, a3, out, 0, &ok, &err);
    WW_CHECK_ERR(ok, err, "no CPU for ELF machine 26214");
    /* Not an ELF at all. */
    char *a4[] = { (char *)"tests/run", NULL };
    run("tests/run", 1, a4, out, 0, &ok, &err);
    WW_CHECK_ERR(ok, err, "not an ELF file");
    unlink(p1), unlink(p2), unlink(p3);
    g_free(p1), g_free(p2), g_free(p3);
    g_string_free(out, TRUE);
}

WW_TEST("unit/user/refuses_devices_and_truncated_files", t_user_bad_input)
{
    GError *err = NULL;
    GString *out = g_string_new(NULL);
    bool ok;
    /* Issue 20: /dev/zero was read without bound (9 GB after 9 s) and a FIFO
     * blocked the open; neither is a program. */
    char *a0[] = { (char *)"/dev/zero", NULL };
    run("/dev/zero", 1, a0, out, 0, &ok, &err);
    WW_CHECK_ERR(ok, err, "/dev/zero: a character device; expected a static ELF executable");
    char *dir = g_dir_make_tmp("ww-user-XXXXXX", NULL);
    char *fifo = g_build_filename(dir, "fifo", NULL);
    WW_CHECK(mkfifo(fifo, 0600) == 0);
    char *a1[] = { fifo, NULL };
    run(fifo, 1, a1, out, 0, &ok, &err);
    WW_CHECK_ERR(ok, err, "fifo: a FIFO; expected");
    run(dir, 1, a1, out, 0, &ok, &err);
    WW_CHECK_ERR(ok, err, "a directory; expected");

    /* Truncated headers: the message names the file and what is missing. */
    static const uint8_t ill[] = { 0xEE };
    char *p = write_elf(ill, sizeof ill, 0x7777);
    gchar *img;
    gsize len;
    WW_CHECK(g_file_get_contents(p, &img, &len, NULL));
    char *cut = g_build_filename(dir, "cut.elf", NULL);
    char *a2[] = { cut, NULL };
    static const struct { size_t len; const char *want; } cuts[] = {
        { 40, "cut.elf: truncated: the ELF header needs 52 bytes, the file has 40" },
        { 60, "cut.elf: truncated: the ELF program header table (offset 0x34, 32 bytes) ends "
              "beyond the file's 60 bytes" },
        { 0x80, "cut.elf: truncated: ELF segment 0 (file offset 0x0, 0x101 bytes) ends beyond "
                "the file's 128 bytes" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cuts); i++) {
        WW_CHECK(g_file_set_contents(cut, img, (gssize)cuts[i].len, NULL));
        run(cut, 1, a2, out, 0, &ok, &err);
        WW_CHECK_ERR(ok, err, cuts[i].want);
    }

    /* Only what the ELF's sizes name is read: the program behind a 4 GiB
     * sparse tail still runs (the whole file used to be read into memory). */
    int fd = open(cut, O_WRONLY | O_TRUNC);
    WW_CHECK(fd >= 0 && write(fd, img, len) == (ssize_t)len);
    WW_CHECK(ftruncate(fd, (off_t)4 << 30) == 0);
    close(fd);
    WW_CHECK_EQ(run(cut, 1, a2, out, 0, &ok, &err), 132);
    WW_CHECK_NOERR(ok, err);

    unlink(cut), unlink(p), unlink(fifo), rmdir(dir);
    g_free(cut), g_free(p), g_free(fifo), g_free(dir), g_free(img);
    g_string_free(out, TRUE);
}

static void tick(void *opaque, unsigned arg) { (*(int *)opaque)++; }

WW_TEST("unit/machine/run_loop_halt_and_timers", t_run_loop)
{
    GError *err = NULL;
    ww_machine *m = ww_machine_new();
    ww_chip *c = ww_machine_add_chip(m, "wwtoycpu", "cpu", &err);
    WW_CHECK_NOERR(c, err);
    ww_space_config cfg = { .addr_bits = 32, .endian = WW_BIG_ENDIAN,
                            .unmapped = WW_UNMAPPED_BUS_ERROR };
    ww_space *s = ww_machine_add_space(m, "cpu.mem", &cfg, &err);
    WW_CHECK_NOERR(s, err);
    WW_CHECK_NOERR(ww_chip_bind_bus(c, "mem", s, &err), err);
    WW_CHECK_ERR(ww_chip_bind_bus(c, "io", s, &err), err, "has no bus port 'io'");
    uint8_t *ram = ww_machine_add_memory(m, "ram", 4096, &err);
    WW_CHECK_NOERR(ww_space_map_ram(s, "ram", 0, 4096, ram, false, 0, &err), err);
    /* r1 = 999; loop 1000 times; halt. At 1 MHz: ~1 ms of virtual time. */
    static const uint8_t prog[] = { 0x01, 1, 0, 0, 0x03, 0xE7, 0x07, 1, 0xFD, 0x08 };
    memcpy(ram, prog, sizeof prog);
    WW_CHECK_NOERR(ww_machine_realize(m, &err), err);
    ww_cpu *cpu = ww_cpu_of(c);
    WW_CHECK(cpu && cpu->clock_hz == 1000000);
    int fired = 0;
    ww_timer t;
    ww_timer_init(&t, ww_machine_sched(m), tick, &fired, 0);
    ww_timer_mod(&t, 5000000);   /* 5 ms */
    WW_CHECK_EQ(ww_machine_run_until(m, 10000000), WW_STOP_NONE);
    /* 1 + 1000 loop steps + HLT; then the halted CPU lets time skip to the end. */
    WW_CHECK_EQ(cpu->cycles, 1002);
    WW_CHECK_EQ(fired, 1);
    WW_CHECK_EQ(ww_sched_now(ww_machine_sched(m)), 10000000);
    WW_CHECK_EQ(cpu->stop, WW_STOP_HALT);
    ww_machine_free(m);
}
