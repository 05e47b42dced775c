/* tests/unit/toycpu.c — "wwtoycpu", a test-only CPU with a 7-instruction
 * byte-coded ISA and a user-mode ABI (ELF machine 0x7777, big-endian), so the
 * core's CPU plumbing (run loop, scheduler, user-mode runner) is tested
 * without any real CPU family.
 *   01 r imm32  r = imm          04 r s  r += s          07 r rel8  if (r) { r--; pc += rel }
 *   02          syscall          05 r i32 r += imm       08         halt
 *   03 r s      r = mem32[s]     other: illegal (SIGILL in user mode) */
#include "core/machine.h"
#include "core/user.h"
#include <signal.h>

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

static const ww_cpu_reg_desc toy_regs[] = {
    { "r0", 32, 0, WW_AT(toy_t, r[0]) }, { "r7", 32, 7, WW_AT(toy_t, r[7]) },
    { "pc", 32, 8, WW_AT(toy_t, pc) }, { NULL } };

static const ww_cpu_ops toy_ops = {
    .family = "toy", .models = toy_models, .run = toy_run,
    .get_pc = toy_get_pc, .set_pc = toy_set_pc, .regs = toy_regs,
};

static const ww_prop_desc toy_props[] = {
    { "model", WW_PROP_ENUM, WW_AT(toy_t, model), "toy1", 0, 0, toy_models, WW_UNIT_NONE, "model" },
    { "clock", WW_PROP_UINT, WW_AT(toy_t, cpu.clock_hz), "1MHz", 0, 0, NULL, WW_UNIT_HZ, "clock" },
    { NULL } };

static const ww_bus_desc toy_buses[] = {
    { "mem", "memory", 32, WW_BIG_ENDIAN, WW_UNMAPPED_BUS_ERROR, 0 }, { NULL } };

static const ww_chip_class toy_class = {
    .type = "wwtoycpu", .summary = "test-only toy CPU", .size = sizeof(toy_t),
    .props = toy_props, .buses = toy_buses, .cpu = &toy_ops,
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
