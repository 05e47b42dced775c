/* cpu/m68k/user.c — Linux/m68k system-call glue for the user-mode runner
 * (`wirewrap user PROG`): `trap #0` with the number in d0 and arguments in
 * d1-d5, a0; the result in d0 (Linux arch/m68k/kernel/entry.S; numbers from
 * asm/unistd.h). The program runs in user mode with USP = the initial stack.
 * Exceptions other than trap #0 stop the runner with the signal Linux would
 * send (cpu.c, m68k_user_stop). */
#include "cpu/m68k/m68k.h"
#include "core/user.h"

static bool m68k_user_setup(ww_cpu *cpu, uint64_t entry, uint64_t sp, GError **err)
{
    m68k_t *m = (m68k_t *)cpu;
    m->sr = 0;                 /* user mode, interrupt mask 0 */
    m->halted = m->stopped = 0;
    m->a[7] = (uint32_t)sp;
    m->sp[SP_ISP] = (uint32_t)sp - 0x10000;
    ww_cpu_ops_of(cpu)->set_pc(cpu, entry);
    (void)err;
    return true;
}

static void m68k_user_get_syscall(ww_cpu *cpu, uint64_t *nr, uint64_t args[6])
{
    m68k_t *m = (m68k_t *)cpu;
    *nr = m->d[0];
    args[0] = m->d[1];
    args[1] = m->d[2];
    args[2] = m->d[3];
    args[3] = m->d[4];
    args[4] = m->d[5];
    args[5] = m->a[0];
}

static ww_sys m68k_user_map(uint64_t nr)
{
    switch (nr) {
    case 174: return WW_SYS_RT_SIGACTION;
    case 175: return WW_SYS_RT_SIGPROCMASK;
    case 186: return WW_SYS_SIGALTSTACK;
    case 191: return WW_SYS_UGETRLIMIT;
    case 221: return WW_SYS_GETTID;
    case 235: return WW_SYS_FUTEX;
    case 239: return WW_SYS_FCNTL64;
    case 247: return WW_SYS_EXIT_GROUP;
    case 253: return WW_SYS_SET_TID_ADDRESS;
    case 260: return WW_SYS_CLOCK_GETTIME;
    case 265: return WW_SYS_TGKILL;
    case 288: return WW_SYS_OPENAT;
    case 298: return WW_SYS_READLINKAT;
    case 304: return WW_SYS_SET_ROBUST_LIST;
    case 333: return WW_SYS_GET_THREAD_AREA;
    case 334: return WW_SYS_SET_THREAD_AREA;
    case 339: return WW_SYS_PRLIMIT64;
    case 352: return WW_SYS_GETRANDOM;
    case 379: return WW_SYS_STATX;
    case 384: return WW_SYS_RSEQ;
    default:  return ww_user_classic_syscall(nr);
    }
}

/* Linux/m68k keeps the thread pointer in the kernel: set_thread_area stores
 * it, get_thread_area returns it (arch/m68k/kernel/sys_m68k.c). */
static bool m68k_user_arch_syscall(ww_cpu *cpu, ww_sys sys, const uint64_t args[6], int64_t *ret)
{
    m68k_t *m = (m68k_t *)cpu;
    switch (sys) {
    case WW_SYS_SET_THREAD_AREA:
        m->user_tls = (uint32_t)args[0];
        *ret = 0;
        return true;
    case WW_SYS_GET_THREAD_AREA:
        *ret = m->user_tls;
        return true;
    default:
        return false;
    }
}

static void m68k_user_set_return(ww_cpu *cpu, int64_t ret)
{
    ((m68k_t *)cpu)->d[0] = (uint32_t)ret;
}

static const ww_user_arch m68k_user_arch = {
    .family = "m68k",
    .e_machine = 4,            /* EM_68K */
    .big_endian = true,
    .cpu_type = "m68k",
    .cpu_model = "m68040",  /* runs 68000 and glibc (68020+) programs alike */
    .page_bits = 12,
    .setup = m68k_user_setup,
    .get_syscall = m68k_user_get_syscall,
    .map_syscall = m68k_user_map,
    .set_return = m68k_user_set_return,
    .arch_syscall = m68k_user_arch_syscall,
    .uname_machine = "m68k",
};
WW_USER_ARCH_REGISTER(m68k_user_arch)
