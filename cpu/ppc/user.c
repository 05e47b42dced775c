/* cpu/ppc/user.c — Linux ppc32 ABI glue for the user-mode runner.
 *
 * System calls (arch/powerpc/kernel/entry_32.S, syscall.tbl): `sc` with r0 =
 * number, r3-r8 = arguments; the result goes to r3, and an error sets CR0[SO]
 * with r3 = the positive errno. Process start (arch/powerpc/kernel/process.c
 * start_thread): r1 = the stack holding argc/argv/envp/auxv, other GPRs 0
 * (glibc's static _start finds argc through r1; r7 = 0 means no rtld_fini).
 * Auxiliary vector extras as ARCH_DLINFO (arch/powerpc/include/asm/elf.h):
 * two AT_IGNOREPPC, then the cache block sizes (32 bytes on 603e/604e/750). */
#include "core/user.h"
#include "cpu/ppc/ppc.h"

static bool ppc_user_setup(ww_cpu *cpu, uint64_t entry, uint64_t sp, GError **err)
{
    ppc_cpu *c = (ppc_cpu *)cpu;
    memset(c->gpr, 0, sizeof c->gpr);
    c->gpr[1] = (uint32_t)sp;
    c->pc = (uint32_t)entry & ~3u;
    c->msr = MSR_PR | MSR_FP | MSR_ME | MSR_EE | MSR_IR | MSR_DR;
    c->fpscr = 0;
    c->cr = 0;
    return true;
}

static void ppc_user_get_syscall(ww_cpu *cpu, uint64_t *nr, uint64_t args[6])
{
    ppc_cpu *c = (ppc_cpu *)cpu;
    *nr = c->gpr[0];
    for (unsigned k = 0; k < 6; k++)
        args[k] = c->gpr[3 + k];
}

static void ppc_user_set_return(ww_cpu *cpu, int64_t ret)
{
    ppc_cpu *c = (ppc_cpu *)cpu;
    if (ret < 0 && ret > -4096) {
        c->gpr[3] = (uint32_t)-ret;
        c->cr |= 1u << 28;                 /* CR0[SO]: error */
    } else {
        c->gpr[3] = (uint32_t)ret;
        c->cr &= ~(1u << 28);
    }
}

static ww_sys ppc_user_map(uint64_t nr)
{
    switch (nr) {
    case 90:  return WW_SYS_MMAP;
    case 173: return WW_SYS_RT_SIGACTION;
    case 174: return WW_SYS_RT_SIGPROCMASK;
    case 185: return WW_SYS_SIGALTSTACK;
    case 190: return WW_SYS_UGETRLIMIT;
    case 204: return WW_SYS_FCNTL64;
    case 207: return WW_SYS_GETTID;
    case 221: return WW_SYS_FUTEX;
    case 232: return WW_SYS_SET_TID_ADDRESS;
    case 234: return WW_SYS_EXIT_GROUP;
    case 246: return WW_SYS_CLOCK_GETTIME;
    case 250: return WW_SYS_TGKILL;
    case 286: return WW_SYS_OPENAT;
    case 296: return WW_SYS_READLINKAT;
    case 300: return WW_SYS_SET_ROBUST_LIST;
    case 325: return WW_SYS_PRLIMIT64;
    case 359: return WW_SYS_GETRANDOM;
    case 383: return WW_SYS_STATX;
    case 387: return WW_SYS_RSEQ;
    default:  return ww_user_classic_syscall(nr);
    }
}

enum { AT_DCACHEBSIZE = 19, AT_ICACHEBSIZE = 20, AT_UCACHEBSIZE = 21, AT_IGNOREPPC = 22 };

static unsigned ppc_user_auxv(uint64_t pairs[][2], unsigned max)
{
    static const uint64_t extra[][2] = {
        { AT_IGNOREPPC, AT_IGNOREPPC }, { AT_IGNOREPPC, AT_IGNOREPPC },
        { AT_DCACHEBSIZE, 32 }, { AT_ICACHEBSIZE, 32 }, { AT_UCACHEBSIZE, 0 },
    };
    unsigned n = MIN(max, (unsigned)G_N_ELEMENTS(extra));
    for (unsigned k = 0; k < n; k++) {
        pairs[k][0] = extra[k][0];
        pairs[k][1] = extra[k][1];
    }
    return n;
}

static const ww_user_arch ppc_user_arch = {
    .family = "ppc",
    .e_machine = 20,                /* EM_PPC */
    .big_endian = true,
    .cpu_type = "ppc",
    .cpu_model = "ppc750",
    .page_bits = 12,
    .setup = ppc_user_setup,
    .get_syscall = ppc_user_get_syscall,
    .map_syscall = ppc_user_map,
    .set_return = ppc_user_set_return,
    .uname_machine = "ppc",
    /* PPC_FEATURE_32 | PPC_FEATURE_HAS_FPU | PPC_FEATURE_HAS_MMU */
    .hwcap = 0x80000000u | 0x08000000u | 0x04000000u,
    .extra_auxv = ppc_user_auxv,
};
WW_USER_ARCH_REGISTER(ppc_user_arch)
