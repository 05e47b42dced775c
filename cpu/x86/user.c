/* cpu/x86/user.c — i386 Linux ABI glue for the user-mode runner.
 *
 * Flat 32-bit protected mode at CPL 3 with the selectors Linux gives a
 * process (arch/x86/include/asm/segment.h: __USER_CS 0x73, __USER_DS 0x7b,
 * TLS entries 6-8). System calls are `int 0x80`: number in EAX, arguments
 * in EBX ECX EDX ESI EDI EBP, result in EAX (arch/x86/entry/entry_32.S).
 * set_thread_area builds the descriptor as the kernel's fill_ldt() does
 * (arch/x86/include/asm/desc.h) into the CPU's user GDT, so `mov %gs`
 * loads it through the normal segment path. Numbers from
 * arch/x86/entry/syscalls/syscall_32.tbl. */
#include "cpu/x86/x86.h"
#include "core/user.h"
#include <errno.h>

static bool x86_user_setup(ww_cpu *cpu, uint64_t entry, uint64_t sp, GError **err)
{
    x86_cpu *c = (x86_cpu *)cpu;
    ww_chip_reset(&cpu->chip, WW_RESET_POWER);
    memset(c->user_gdt, 0, sizeof c->user_gdt);
    /* Flat 4 GiB, DPL 3, accessed: code (type B) and data (type 3). */
    c->user_gdt[14][0] = 0x0000FFFF; c->user_gdt[14][1] = 0x00CFFB00;
    c->user_gdt[15][0] = 0x0000FFFF; c->user_gdt[15][1] = 0x00CFF300;
    c->cr0 = 0x60000011 & ~0x60000000u;   /* PE + ET, caches irrelevant */
    c->cpl = 3;
    x86_desc_to_cache(&c->seg[X86_CS], 0x73, c->user_gdt[14][0], c->user_gdt[14][1]);
    for (int s = X86_ES; s <= X86_GS; s++) {
        if (s == X86_CS)
            continue;
        if (s == X86_FS || s == X86_GS)
            c->seg[s] = (x86_seg){ 0, 0, 0, 0, 0 };
        else
            x86_desc_to_cache(&c->seg[s], 0x7b, c->user_gdt[15][0], c->user_gdt[15][1]);
    }
    c->eflags = 0x202;
    c->lf_op = LF_NONE;
    x86_fetch_flush(c);
    c->eip = (uint32_t)entry;
    memset(c->r, 0, sizeof c->r);
    c->r[ESP] = (uint32_t)sp;
    (void)err;
    return true;
}

static void x86_user_get_syscall(ww_cpu *cpu, uint64_t *nr, uint64_t args[6])
{
    x86_cpu *c = (x86_cpu *)cpu;
    *nr = c->r[EAX];
    args[0] = c->r[EBX]; args[1] = c->r[ECX]; args[2] = c->r[EDX];
    args[3] = c->r[ESI]; args[4] = c->r[EDI]; args[5] = c->r[EBP];
}

static void x86_user_set_return(ww_cpu *cpu, int64_t ret)
{
    ((x86_cpu *)cpu)->r[EAX] = (uint32_t)ret;
}

/* i386 numbers of its own; the classic ones it shares with m68k and ppc
 * come from ww_user_classic_syscall (core/user.c). */
static ww_sys x86_user_map(uint64_t nr)
{
    switch (nr) {
    case 174: return WW_SYS_RT_SIGACTION;
    case 175: return WW_SYS_RT_SIGPROCMASK;
    case 186: return WW_SYS_SIGALTSTACK;
    case 191: return WW_SYS_UGETRLIMIT;
    case 199: return WW_SYS_GETUID;      /* getuid32 … getegid32 */
    case 200: return WW_SYS_GETGID;
    case 201: return WW_SYS_GETEUID;
    case 202: return WW_SYS_GETEGID;
    case 221: return WW_SYS_FCNTL64;
    case 224: return WW_SYS_GETTID;
    case 240: return WW_SYS_FUTEX;
    case 243: return WW_SYS_SET_THREAD_AREA;
    case 244: return WW_SYS_GET_THREAD_AREA;
    case 252: return WW_SYS_EXIT_GROUP;
    case 258: return WW_SYS_SET_TID_ADDRESS;
    case 265: return WW_SYS_CLOCK_GETTIME;
    case 270: return WW_SYS_TGKILL;
    case 295: return WW_SYS_OPENAT;
    case 305: return WW_SYS_READLINKAT;
    case 311: return WW_SYS_SET_ROBUST_LIST;
    case 340: return WW_SYS_PRLIMIT64;
    case 355: return WW_SYS_GETRANDOM;
    case 383: return WW_SYS_STATX;
    case 386: return WW_SYS_RSEQ;
    default:  return ww_user_classic_syscall(nr);
    }
}

/* struct user_desc (asm/ldt.h): entry_number, base_addr, limit, flags. */
static int64_t set_thread_area(x86_cpu *c, uint32_t uptr)
{
    uint32_t d[4];
    if (!ww_user_read(&c->cpu, uptr, d, sizeof d))
        return -EFAULT;
    uint32_t entry = d[0], base = d[1], limit = d[2], fl = d[3];
    if (entry == 0xFFFFFFFFu) {
        for (entry = 6; entry <= 8; entry++)
            if (!c->user_gdt[entry][1])
                break;
        if (entry > 8)
            return -ESRCH;
        if (!ww_user_write(&c->cpu, uptr, &entry, 4))
            return -EFAULT;
    }
    if (entry < 6 || entry > 8)
        return -EINVAL;
    unsigned seg32 = fl & 1, contents = (fl >> 1) & 3, ro = (fl >> 3) & 1;
    unsigned pages = (fl >> 4) & 1, notp = (fl >> 5) & 1, useable = (fl >> 6) & 1;
    if (base == 0 && limit == 0 && ro && notp) {   /* "empty" descriptor clears */
        c->user_gdt[entry][0] = c->user_gdt[entry][1] = 0;
        return 0;
    }
    c->user_gdt[entry][0] = ((base & 0xFFFF) << 16) | (limit & 0xFFFF);
    c->user_gdt[entry][1] = (base & 0xFF000000u) | ((base >> 16) & 0xFF) | (limit & 0xF0000) |
                            ((ro ^ 1u) << 9) | (contents << 10) | ((notp ^ 1u) << 15) |
                            (seg32 << 22) | (pages << 23) | (useable << 20) | 0x7000 | 0x100;
    return 0;
}

static bool x86_user_arch_syscall(ww_cpu *cpu, ww_sys sys, const uint64_t args[6],
                                  int64_t *ret)
{
    x86_cpu *c = (x86_cpu *)cpu;
    if (sys == WW_SYS_SET_THREAD_AREA) {
        *ret = set_thread_area(c, (uint32_t)args[0]);
        return true;
    }
    return false;
}

static const ww_user_arch x86_user_arch = {
    .family = "x86",
    .e_machine = 3,
    .big_endian = false,
    .cpu_type = "x86",
    .cpu_model = "pentium-pro",
    .page_bits = 12,
    .setup = x86_user_setup,
    .get_syscall = x86_user_get_syscall,
    .map_syscall = x86_user_map,
    .set_return = x86_user_set_return,
    .arch_syscall = x86_user_arch_syscall,
    .uname_machine = "i686",
    .hwcap = 0x8139,     /* CPUID.1:EDX as reported (FPU PSE TSC MSR CX8 CMOV) */
    .platform = "i686",
};
WW_USER_ARCH_REGISTER(x86_user_arch)
