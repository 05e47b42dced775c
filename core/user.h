/* core/user.h — the user-mode runner (`wirewrap user PROG`): loads a static
 * ELF of any family into a flat space, runs it on one CPU without a machine,
 * and emulates the few Linux system calls test programs need. Families add
 * only their ABI glue (a ww_user_arch in cpu/<family>/user.c). */
#ifndef WW_USER_H
#define WW_USER_H
#include "core/cpu.h"
#include "core/space.h"

/* Generic system call numbers; each arch maps its own numbers to these. */
typedef enum {
    WW_SYS_UNKNOWN = 0,
    WW_SYS_EXIT, WW_SYS_EXIT_GROUP, WW_SYS_READ, WW_SYS_WRITE, WW_SYS_WRITEV,
    WW_SYS_BRK, WW_SYS_MMAP, WW_SYS_MMAP2, WW_SYS_MUNMAP, WW_SYS_MPROTECT,
    WW_SYS_UNAME, WW_SYS_SET_THREAD_AREA, WW_SYS_SET_TID_ADDRESS,
    WW_SYS_SET_ROBUST_LIST, WW_SYS_RSEQ, WW_SYS_IOCTL, WW_SYS_FSTAT64,
    WW_SYS_STATX, WW_SYS_GETPID, WW_SYS_GETTID, WW_SYS_GETUID, WW_SYS_GETEUID,
    WW_SYS_GETGID, WW_SYS_GETEGID, WW_SYS_RT_SIGACTION, WW_SYS_RT_SIGPROCMASK,
    WW_SYS_CLOCK_GETTIME, WW_SYS_CLOCK_GETTIME64, WW_SYS_GETRANDOM, WW_SYS_READLINK,
    WW_SYS_READLINKAT, WW_SYS_TGKILL, WW_SYS_KILL, WW_SYS_PRLIMIT64, WW_SYS_GETRLIMIT,
    WW_SYS_UGETRLIMIT, WW_SYS_OPEN, WW_SYS_OPENAT, WW_SYS_CLOSE, WW_SYS_LSEEK,
    WW_SYS_LLSEEK, WW_SYS_FCNTL64, WW_SYS_MREMAP, WW_SYS_SIGALTSTACK,
    WW_SYS_GET_THREAD_AREA, WW_SYS_TIME, WW_SYS_GETTIMEOFDAY, WW_SYS_FUTEX,
    WW_SYS_EXIT_TRAP,  /* arch-specific "abort" style stop: exit with 128+sig */
    WW_SYS__COUNT
} ww_sys;

typedef struct ww_user_arch {
    const char *family;      /* "x86" … matches ww_cpu_ops.family */
    uint16_t e_machine;      /* EM_386 = 3, EM_68K = 4, EM_PPC = 20, EM_ARM = 40 */
    bool big_endian;
    const char *cpu_type;    /* registered chip type to instantiate */
    const char *cpu_model;   /* default "model" property value (NULL: the class default) */
    unsigned page_bits;
    /* Called once after load: set PC, SP (already holding argc/argv/envp/auxv),
     * and whatever the ABI requires. */
    bool (*setup)(ww_cpu *cpu, uint64_t entry, uint64_t sp, GError **err);
    /* At WW_STOP_SYSCALL: fetch the arch syscall number and 6 arguments. */
    void (*get_syscall)(ww_cpu *cpu, uint64_t *nr, uint64_t args[6]);
    ww_sys (*map_syscall)(uint64_t nr);
    void (*set_return)(ww_cpu *cpu, int64_t ret);  /* negative = -errno */
    /* Optional: arch-specific syscalls (set_thread_area…); return true if handled. */
    bool (*arch_syscall)(ww_cpu *cpu, ww_sys sys, const uint64_t args[6], int64_t *ret);
    /* uname machine string: "i686", "m68k", "ppc" */
    const char *uname_machine;
    uint32_t hwcap;          /* AT_HWCAP */
    const char *platform;    /* AT_PLATFORM string, NULL for none */
    /* Optional extra auxv pairs (PPC cache line sizes…); returns the count. */
    unsigned (*extra_auxv)(uint64_t pairs[][2], unsigned max);
} ww_user_arch;

/* Guest memory helpers for arch glue (bounds-checked, through the bus). */
bool ww_user_read(ww_cpu *cpu, uint64_t addr, void *buf, size_t len);
bool ww_user_write(ww_cpu *cpu, uint64_t addr, const void *buf, size_t len);

/* System call numbers that i386, m68k and 32-bit PowerPC share (all three
 * kept the original Linux i386 numbering for these: the syscall.tbl files
 * under arch/x86/entry/syscalls, arch/m68k/kernel/syscalls,
 * arch/powerpc/kernel/syscalls). Arch glue maps its own numbers first and
 * falls back to this. WW_SYS_UNKNOWN for anything else. */
ww_sys ww_user_classic_syscall(uint64_t nr);

void ww_user_arch_register(const ww_user_arch *arch);
#define WW_USER_ARCH_REGISTER(a) \
    static void __attribute__((constructor)) ww_register_user_##a(void) \
    { ww_user_arch_register(&(a)); }
const ww_user_arch *ww_user_arch_find(uint16_t e_machine);

typedef struct ww_user_opts {
    const char *cpu_model;   /* override the arch's default model */
    const char *engine;      /* the CPU's "engine" property (NULL: its default) */
    uint64_t max_cycles;     /* 0 = unlimited */
    int out_fd, err_fd;      /* where guest fd 1 and 2 go (host fds) */
    uint64_t mem_size;       /* guest RAM bytes (default 256 MiB at 0) */
} ww_user_opts;

typedef struct ww_user_result {
    int exit_code;           /* as a shell would see it */
    uint64_t instructions;   /* cycles reported by the CPU */
    bool timed_out;
} ww_user_result;

/* Load and run argv[0] with argv. Returns false with err on load failures or
 * on an unrecoverable guest fault (err says which, exit_code 128+signal). */
bool ww_user_run(const char *path, int argc, char **argv, const ww_user_opts *opts,
                 ww_user_result *res, GError **err);

/* The same in steps, for tests that drive the CPU themselves (the lockstep
 * test of two engines): open loads the program, the caller calls the CPU's
 * run() and then ww_user_handle_stop, which serves a system call or records
 * the end, until ww_user_exited; close reports the result and frees it all.
 * handle_stop returns false (err set) on a stop the runner cannot serve. */
typedef struct ww_user_session ww_user_session;
ww_user_session *ww_user_open(const char *path, int argc, char **argv, const ww_user_opts *opts,
                              GError **err);
ww_cpu *ww_user_cpu(ww_user_session *s);
ww_space *ww_user_space(ww_user_session *s);
bool ww_user_handle_stop(ww_user_session *s, GError **err);
bool ww_user_exited(const ww_user_session *s);
void ww_user_close(ww_user_session *s, ww_user_result *res);

#endif
