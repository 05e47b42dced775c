/* core/user.c — the user-mode runner: static ELF loading, the initial stack
 * (argc/argv/envp/auxv as the Linux ELF loader builds it, fs/binfmt_elf.c
 * create_elf_tables), and the generic part of the Linux system calls a test
 * program needs. Families add only ABI glue (cpu/<family>/user.c).
 *
 * Memory layout (32-bit guests): the ELF's PT_LOAD pages; a 64 MiB brk heap
 * after them; a 512 MiB mmap area at 0x40000000; an 8 MiB stack below
 * 0xC0000000. Host memory for the big areas is calloc'd, so untouched pages
 * cost nothing. */
#include "core/user.h"
#include "core/machine.h"
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_ARCHES 8
static const ww_user_arch *arches[MAX_ARCHES];
static unsigned narches;

void ww_user_arch_register(const ww_user_arch *arch)
{
    if (narches < MAX_ARCHES)
        arches[narches++] = arch;
}

const ww_user_arch *ww_user_arch_find(uint16_t e_machine)
{
    for (unsigned i = 0; i < narches; i++)
        if (arches[i]->e_machine == e_machine)
            return arches[i];
    return NULL;
}

ww_sys ww_user_classic_syscall(uint64_t nr)
{
    switch (nr) {
    case 1:   return WW_SYS_EXIT;
    case 3:   return WW_SYS_READ;
    case 4:   return WW_SYS_WRITE;
    case 5:   return WW_SYS_OPEN;
    case 6:   return WW_SYS_CLOSE;
    case 13:  return WW_SYS_TIME;
    case 19:  return WW_SYS_LSEEK;
    case 20:  return WW_SYS_GETPID;
    case 24:  return WW_SYS_GETUID;     /* 16-bit ids on i386/m68k: all 0 here */
    case 37:  return WW_SYS_KILL;
    case 45:  return WW_SYS_BRK;
    case 47:  return WW_SYS_GETGID;
    case 49:  return WW_SYS_GETEUID;
    case 50:  return WW_SYS_GETEGID;
    case 54:  return WW_SYS_IOCTL;
    case 76:  return WW_SYS_GETRLIMIT;
    case 78:  return WW_SYS_GETTIMEOFDAY;
    case 85:  return WW_SYS_READLINK;
    case 91:  return WW_SYS_MUNMAP;
    case 122: return WW_SYS_UNAME;
    case 125: return WW_SYS_MPROTECT;
    case 140: return WW_SYS_LLSEEK;
    case 146: return WW_SYS_WRITEV;
    case 163: return WW_SYS_MREMAP;
    case 192: return WW_SYS_MMAP2;
    case 197: return WW_SYS_FSTAT64;
    case 403: return WW_SYS_CLOCK_GETTIME64;
    default:  return WW_SYS_UNKNOWN;
    }
}

#define HEAP_SIZE   (64u << 20)
#define MMAP_BASE   0x40000000u
#define MMAP_SIZE   (512u << 20)
#define STACK_TOP   0xC0000000u
#define STACK_SIZE  (8u << 20)
#define PAGE        4096u

/* Linux ELF constants (include/uapi/linux/elf.h). */
enum { PT_LOAD = 1, PT_PHDR = 6, ET_EXEC = 2, ET_DYN = 3 };
enum { AT_NULL = 0, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6, AT_BASE = 7,
       AT_FLAGS = 8, AT_ENTRY = 9, AT_UID = 11, AT_EUID = 12, AT_GID = 13, AT_EGID = 14,
       AT_PLATFORM = 15, AT_HWCAP = 16, AT_CLKTCK = 17, AT_SECURE = 23, AT_RANDOM = 25,
       AT_EXECFN = 31 };

typedef struct {
    ww_machine *m;
    ww_cpu *cpu;
    ww_space *mem;
    const ww_user_arch *arch;
    bool be;
    uint32_t brk_start, brk_cur, mmap_next;
    const ww_user_opts *opts;
    bool exited;
    int exit_code;
} user_ctx;

bool ww_user_read(ww_cpu *cpu, uint64_t addr, void *buf, size_t len)
{
    ww_space *s = cpu->chip.bus[WW_CPU_BUS_MEM];
    return s && addr + len >= addr && addr + len <= (1ull << 32) &&
           ww_space_read_buf(s, addr, buf, len) == WW_BUS_OK;
}

bool ww_user_write(ww_cpu *cpu, uint64_t addr, const void *buf, size_t len)
{
    ww_space *s = cpu->chip.bus[WW_CPU_BUS_MEM];
    return s && addr + len >= addr && addr + len <= (1ull << 32) &&
           ww_space_write_buf(s, addr, buf, len) == WW_BUS_OK;
}

static uint32_t rd16(const uint8_t *p, bool be) { return be ? ww_ld_be16(p) : ww_ld_le16(p); }
static uint32_t rd32(const uint8_t *p, bool be) { return be ? ww_ld_be32(p) : ww_ld_le32(p); }

static bool put32(user_ctx *u, uint32_t addr, uint32_t v)
{
    return ww_space_write(u->mem, addr, 4, v) == WW_BUS_OK; /* bus order = guest order */
}

static bool map_block(user_ctx *u, const char *id, uint32_t base, uint32_t size, GError **err)
{
    uint8_t *h = ww_machine_add_memory(u->m, id, size, err);
    return h && ww_space_map_ram(u->mem, id, base, size, h, false, 0, err);
}

/* ---- ELF loading ---------------------------------------------------------- */

typedef struct { uint32_t lo, hi; } range;

static bool load_elf(user_ctx *u, const uint8_t *f, size_t flen, uint32_t *entry,
                     uint32_t *phdr_addr, uint32_t *phnum, uint32_t *phent, GError **err)
{
    bool be = u->be;
    uint32_t phoff = rd32(f + 28, be);
    *entry = rd32(f + 24, be);
    *phent = rd16(f + 42, be);
    *phnum = rd16(f + 44, be);
    if (*phent < 32 || *phnum == 0 || *phnum > 256) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "bad ELF program header table (%u "
                    "entries of %u bytes); expected 1 to 256 entries of at least 32 bytes",
                    *phnum, *phent);
        return false;
    }
    if (phoff > flen || (uint64_t)*phnum * *phent > flen - phoff) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "truncated: the ELF program header table "
                    "(offset 0x%x, %u bytes) ends beyond the file's %zu bytes", phoff,
                    *phnum * *phent, flen);
        return false;
    }
    /* Merge the page ranges of every PT_LOAD into blocks. */
    range rs[64];
    unsigned nr = 0;
    *phdr_addr = 0;
    for (uint32_t i = 0; i < *phnum; i++) {
        const uint8_t *ph = f + phoff + (size_t)i * *phent;
        uint32_t type = rd32(ph, be), off = rd32(ph + 4, be), va = rd32(ph + 8, be);
        uint32_t fsz = rd32(ph + 16, be), msz = rd32(ph + 20, be);
        if (type == PT_PHDR)
            *phdr_addr = va;
        if (type != PT_LOAD || !msz)
            continue;
        if (fsz <= msz && (off > flen || fsz > flen - off)) {
            g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "truncated: ELF segment %u (file "
                        "offset 0x%x, 0x%x bytes) ends beyond the file's %zu bytes", i, off, fsz,
                        flen);
            return false;
        }
        if (fsz > msz || (uint64_t)va + msz > STACK_TOP - STACK_SIZE ||
            (va < MMAP_BASE + MMAP_SIZE && (uint64_t)va + msz > MMAP_BASE)) {
            g_set_error(err, WW_ERROR, WW_ERROR_INVALID,
                        "ELF segment %u (0x%x+0x%x) is malformed or collides with the runner's "
                        "memory layout", i, va, msz);
            return false;
        }
        if (!*phdr_addr && off == 0 && phoff + (uint64_t)*phnum * *phent <= fsz)
            *phdr_addr = va + phoff;
        range r = { va & ~(PAGE - 1), (uint32_t)(((uint64_t)va + msz + PAGE - 1) & ~(uint64_t)(PAGE - 1)) };
        bool merged = false;
        for (unsigned k = 0; k < nr; k++)
            if (r.lo <= rs[k].hi && rs[k].lo <= r.hi) {
                rs[k].lo = MIN(rs[k].lo, r.lo);
                rs[k].hi = MAX(rs[k].hi, r.hi);
                merged = true;
            }
        if (!merged) {
            if (nr == G_N_ELEMENTS(rs)) {
                g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "too many ELF segments");
                return false;
            }
            rs[nr++] = r;
        }
    }
    if (!nr) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "ELF has no loadable segment");
        return false;
    }
    uint32_t top = 0;
    for (unsigned k = 0; k < nr; k++) {
        char id[32];
        g_snprintf(id, sizeof id, "seg%u", k);
        if (!map_block(u, id, rs[k].lo, rs[k].hi - rs[k].lo, err))
            return false;
        top = MAX(top, rs[k].hi);
    }
    for (uint32_t i = 0; i < *phnum; i++) {
        const uint8_t *ph = f + phoff + (size_t)i * *phent;
        if (rd32(ph, be) != PT_LOAD)
            continue;
        uint32_t off = rd32(ph + 4, be), va = rd32(ph + 8, be), fsz = rd32(ph + 16, be);
        if (fsz && !ww_space_load(u->mem, va, f + off, fsz, err))
            return false;
    }
    u->brk_start = u->brk_cur = top;
    return map_block(u, "heap", top, HEAP_SIZE, err);
}

/* ---- initial stack --------------------------------------------------------- */

static bool push_bytes(user_ctx *u, uint32_t *sp, const void *data, size_t len)
{
    *sp -= (uint32_t)len;
    return ww_space_load(u->mem, *sp, data, len, NULL);
}

static bool build_stack(user_ctx *u, int argc, char **argv, uint32_t entry, uint32_t phdr,
                        uint32_t phnum, uint32_t phent, uint32_t *sp_out, GError **err)
{
    uint32_t sp = STACK_TOP - 16;
    uint32_t *argp = g_new0(uint32_t, (size_t)argc + 1);
    bool ok = true;
    for (int i = argc - 1; i >= 0; i--) {
        ok &= push_bytes(u, &sp, argv[i], strlen(argv[i]) + 1);
        argp[i] = sp;
    }
    uint32_t execfn = argc ? argp[0] : 0;
    uint32_t plat = 0;
    if (u->arch->platform) {
        ok &= push_bytes(u, &sp, u->arch->platform, strlen(u->arch->platform) + 1);
        plat = sp;
    }
    /* AT_RANDOM: 16 bytes; fixed so runs are reproducible. */
    static const uint8_t rnd[16] = { 0x57, 0x69, 0x72, 0x65, 0x77, 0x72, 0x61, 0x70,
                                     0x20, 0x72, 0x61, 0x6e, 0x64, 0x6f, 0x6d, 0x21 };
    ok &= push_bytes(u, &sp, rnd, sizeof rnd);
    uint32_t rnd_addr = sp;
    sp &= ~15u;

    uint64_t aux[40][2];
    unsigned na = 0;
#define AUX(k, v) do { aux[na][0] = (k); aux[na][1] = (v); na++; } while (0)
    AUX(AT_PHDR, phdr); AUX(AT_PHENT, phent); AUX(AT_PHNUM, phnum); AUX(AT_PAGESZ, PAGE);
    AUX(AT_BASE, 0); AUX(AT_FLAGS, 0); AUX(AT_ENTRY, entry); AUX(AT_UID, 0); AUX(AT_EUID, 0);
    AUX(AT_GID, 0); AUX(AT_EGID, 0); AUX(AT_HWCAP, u->arch->hwcap); AUX(AT_CLKTCK, 100);
    AUX(AT_SECURE, 0); AUX(AT_RANDOM, rnd_addr); AUX(AT_EXECFN, execfn);
    if (plat)
        AUX(AT_PLATFORM, plat);
#undef AUX
    if (u->arch->extra_auxv)
        na += u->arch->extra_auxv(aux + na, (unsigned)(G_N_ELEMENTS(aux) - na - 1));
    aux[na][0] = AT_NULL;
    aux[na][1] = 0;
    na++;

    /* argc, argv[], NULL, envp[] (empty), NULL, auxv pairs — 16-byte aligned. */
    uint32_t words = 1 + (uint32_t)argc + 1 + 1 + 2 * na;
    sp -= words * 4;
    sp &= ~15u;
    uint32_t p = sp;
    ok &= put32(u, p, (uint32_t)argc), p += 4;
    for (int i = 0; i < argc; i++)
        ok &= put32(u, p, argp[i]), p += 4;
    ok &= put32(u, p, 0), p += 4;
    ok &= put32(u, p, 0), p += 4;
    for (unsigned i = 0; i < na; i++) {
        ok &= put32(u, p, (uint32_t)aux[i][0]), p += 4;
        ok &= put32(u, p, (uint32_t)aux[i][1]), p += 4;
    }
    g_free(argp);
    if (!ok) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "arguments do not fit on the stack");
        return false;
    }
    *sp_out = sp;
    return true;
}

/* ---- system calls ---------------------------------------------------------- */

static int host_fd(user_ctx *u, uint64_t fd)
{
    if (fd == 1)
        return u->opts->out_fd;
    if (fd == 2)
        return u->opts->err_fd;
    return -1;
}

static int64_t sys_write(user_ctx *u, uint64_t fd, uint64_t buf, uint64_t len)
{
    int h = host_fd(u, fd);
    if (h < 0)
        return -EBADF;
    len = MIN(len, (uint64_t)(1u << 20));
    uint8_t *tmp = g_malloc(len ? len : 1);
    int64_t r;
    if (!ww_user_read(u->cpu, buf, tmp, len))
        r = -EFAULT;
    else {
        size_t done = 0;
        while (done < len) {
            ssize_t n = write(h, tmp + done, len - done);
            if (n <= 0)
                break;
            done += (size_t)n;
        }
        r = (int64_t)done;
    }
    g_free(tmp);
    return r;
}

static int64_t sys_writev(user_ctx *u, uint64_t fd, uint64_t iov, uint64_t cnt)
{
    if (cnt > 1024)
        return -EINVAL;
    int64_t total = 0;
    for (uint64_t i = 0; i < cnt; i++) {
        uint8_t e[8];
        if (!ww_user_read(u->cpu, iov + 8 * i, e, 8))
            return -EFAULT;
        uint32_t base = rd32(e, u->be), len = rd32(e + 4, u->be);
        if (!len)
            continue;
        int64_t r = sys_write(u, fd, base, len);
        if (r < 0)
            return total ? total : r;
        total += r;
    }
    return total;
}

static int64_t sys_mmap(user_ctx *u, const uint64_t a[6], uint64_t offset)
{
    uint32_t addr = (uint32_t)a[0], len = (uint32_t)a[1], flags = (uint32_t)a[3];
    (void)offset;
    if (!len)
        return -EINVAL;
    if (!(flags & 0x20))   /* MAP_ANONYMOUS: files are not supported */
        return -EACCES;
    uint32_t size = (len + PAGE - 1) & ~(PAGE - 1);
    if (flags & 0x10) {    /* MAP_FIXED: only inside areas we own */
        if (addr < MMAP_BASE || (uint64_t)addr + size > (uint64_t)MMAP_BASE + MMAP_SIZE)
            return -ENOMEM;
    } else {
        if ((uint64_t)u->mmap_next + size > (uint64_t)MMAP_BASE + MMAP_SIZE)
            return -ENOMEM;
        addr = u->mmap_next;
        u->mmap_next += size;
    }
    uint8_t *zero = g_malloc0(PAGE);
    for (uint32_t o = 0; o < size; o += PAGE)
        ww_space_write_buf(u->mem, addr + o, zero, PAGE);
    g_free(zero);
    return addr;
}

static int64_t put_time(user_ctx *u, uint64_t addr, bool wide, bool usec)
{
    uint64_t ns = ww_ticks_to_ns(u->cpu->cycles, 1000000000ull) + 1700000000ull * WW_NS_PER_SEC;
    uint64_t sec = ns / WW_NS_PER_SEC, frac = ns % WW_NS_PER_SEC;
    if (usec)
        frac /= 1000;
    if (!addr)
        return 0;
    uint8_t b[16];
    if (wide) {
        for (int i = 0; i < 8; i++) {
            b[u->be ? 7 - i : i] = (uint8_t)(sec >> (8 * i));
            b[8 + (u->be ? 7 - i : i)] = (uint8_t)(frac >> (8 * i));
        }
        return ww_user_write(u->cpu, addr, b, 16) ? 0 : -EFAULT;
    }
    for (int i = 0; i < 4; i++) {
        b[u->be ? 3 - i : i] = (uint8_t)(sec >> (8 * i));
        b[4 + (u->be ? 3 - i : i)] = (uint8_t)(frac >> (8 * i));
    }
    return ww_user_write(u->cpu, addr, b, 8) ? 0 : -EFAULT;
}

static int64_t do_syscall(user_ctx *u, ww_sys sys, const uint64_t a[6])
{
    switch (sys) {
    case WW_SYS_EXIT:
    case WW_SYS_EXIT_GROUP:
        u->exited = true;
        u->exit_code = (int)(a[0] & 0xff);
        return 0;
    case WW_SYS_WRITE:  return sys_write(u, a[0], a[1], a[2]);
    case WW_SYS_WRITEV: return sys_writev(u, a[0], a[1], a[2]);
    case WW_SYS_READ:   return a[0] == 0 ? 0 : -EBADF;   /* stdin is empty */
    case WW_SYS_BRK:
        if (a[0] >= u->brk_start && a[0] <= (uint64_t)u->brk_start + HEAP_SIZE)
            u->brk_cur = (uint32_t)a[0];
        return u->brk_cur;
    case WW_SYS_MMAP:   return sys_mmap(u, a, a[5]);
    case WW_SYS_MMAP2:  return sys_mmap(u, a, a[5] * PAGE);
    case WW_SYS_MUNMAP:
    case WW_SYS_MPROTECT:
    case WW_SYS_SET_ROBUST_LIST:
    case WW_SYS_RT_SIGACTION:
    case WW_SYS_RT_SIGPROCMASK:
    case WW_SYS_SIGALTSTACK:
    case WW_SYS_FUTEX:
    case WW_SYS_FCNTL64:
        return 0;
    case WW_SYS_MREMAP: return -ENOMEM;
    case WW_SYS_UNAME: {
        /* struct new_utsname: 6 fields of 65 bytes. */
        char b[6 * 65] = { 0 };
        const char *f[6] = { "Linux", "wirewrap", "6.1.0", "#1 SMP wirewrap",
                             u->arch->uname_machine ? u->arch->uname_machine : "unknown", "(none)" };
        for (int i = 0; i < 6; i++)
            g_strlcpy(b + 65 * i, f[i], 65);
        return ww_user_write(u->cpu, a[0], b, sizeof b) ? 0 : -EFAULT;
    }
    case WW_SYS_SET_TID_ADDRESS:
    case WW_SYS_GETPID:
    case WW_SYS_GETTID:
        return 1000;
    case WW_SYS_GETUID: case WW_SYS_GETEUID: case WW_SYS_GETGID: case WW_SYS_GETEGID:
        return 0;
    case WW_SYS_IOCTL:  return -ENOTTY;
    case WW_SYS_CLOCK_GETTIME:   return put_time(u, a[1], false, false);
    case WW_SYS_CLOCK_GETTIME64: return put_time(u, a[1], true, false);
    case WW_SYS_GETTIMEOFDAY:    return put_time(u, a[0], false, true);
    case WW_SYS_TIME: {
        uint64_t sec = 1700000000ull + u->cpu->cycles / 1000000000ull;
        if (a[0])
            put32(u, (uint32_t)a[0], (uint32_t)sec);
        return (int64_t)sec;
    }
    case WW_SYS_GETRANDOM: {
        uint64_t n = MIN(a[1], (uint64_t)256);
        uint8_t b[256];
        for (uint64_t i = 0; i < n; i++)
            b[i] = (uint8_t)(i * 131 + 7);
        return ww_user_write(u->cpu, a[0], b, n) ? (int64_t)n : -EFAULT;
    }
    case WW_SYS_TGKILL:
    case WW_SYS_KILL: {
        int sig = (int)(sys == WW_SYS_TGKILL ? a[2] : a[1]);
        u->exited = true;
        u->exit_code = 128 + (sig & 0x7f);
        return 0;
    }
    case WW_SYS_CLOSE:  return a[0] <= 2 ? 0 : -EBADF;
    case WW_SYS_LSEEK:
    case WW_SYS_LLSEEK: return -ESPIPE;
    case WW_SYS_OPEN:
    case WW_SYS_OPENAT:
    case WW_SYS_READLINK:
    case WW_SYS_READLINKAT:
        return -ENOENT;
    default:
        return -ENOSYS;
    }
}

/* Read up to want bytes at off (fewer at end of file). */
static bool read_at(int fd, const char *path, uint8_t *buf, uint64_t off, size_t want,
                    size_t *got, GError **err)
{
    size_t n = 0;
    while (n < want) {
        ssize_t r = pread(fd, buf + n, want - n, (off_t)(off + n));
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            g_set_error(err, WW_ERROR, WW_ERROR_IO, "%s: %s", path, g_strerror(errno));
            return false;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    *got = n;
    return true;
}

/* Read what loading uses and no more: the ELF header, the program header
 * table and the file bytes of the PT_LOAD segments, as the ELF's own sizes
 * say, never past the file's size. Anything but a regular file is refused
 * before it is read (/dev/zero, a FIFO or a terminal would never end). */
static bool read_elf(const char *path, uint8_t **data, size_t *len, GError **err)
{
    *data = NULL;
    *len = 0;
    /* O_NONBLOCK: opening a FIFO must not wait for a writer. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        g_set_error(err, WW_ERROR, errno == ENOENT ? WW_ERROR_NOT_FOUND : WW_ERROR_IO,
                    "%s: %s", path, g_strerror(errno));
        return false;
    }
    struct stat st;
    bool ok = false;
    if (fstat(fd, &st) != 0) {
        g_set_error(err, WW_ERROR, WW_ERROR_IO, "%s: %s", path, g_strerror(errno));
        goto out;
    }
    if (!S_ISREG(st.st_mode)) {
        const char *what = S_ISDIR(st.st_mode) ? "a directory" : S_ISCHR(st.st_mode)
                           ? "a character device" : S_ISBLK(st.st_mode) ? "a block device"
                           : S_ISFIFO(st.st_mode) ? "a FIFO" : S_ISSOCK(st.st_mode)
                           ? "a socket" : "not a regular file";
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "%s: %s; expected a static ELF executable "
                    "(a regular file)", path, what);
        goto out;
    }
    size_t fsize = (size_t)MIN((uint64_t)st.st_size, (uint64_t)SIZE_MAX);
    uint8_t hdr[52];
    size_t got;
    if (!read_at(fd, path, hdr, 0, MIN(sizeof hdr, fsize), &got, err))
        goto out;
    /* The header's own sizes bound the read; the caller's checks then say
     * what is wrong with a header that does not add up. */
    uint64_t want = got;
    if (got == sizeof hdr && !memcmp(hdr, "\177ELF", 4) && hdr[4] == 1) {
        bool be = hdr[5] == 2;
        uint32_t phoff = rd32(hdr + 28, be), phent = rd16(hdr + 42, be), phnum = rd16(hdr + 44, be);
        uint64_t ph_end = (uint64_t)phoff + (uint64_t)phent * phnum;
        if (phent >= 32 && phnum && phnum <= 256 && ph_end > fsize)
            want = fsize;   /* truncated: the message gives the real size */
        if (phent >= 32 && phnum && phnum <= 256 && ph_end <= fsize) {
            want = MAX(want, ph_end);
            size_t tlen = (size_t)(ph_end - phoff), tgot = 0;
            uint8_t *ph = g_malloc(tlen);
            if (!read_at(fd, path, ph, phoff, tlen, &tgot, err)) {
                g_free(ph);
                goto out;
            }
            for (uint32_t i = 0; tgot == tlen && i < phnum; i++) {
                const uint8_t *p = ph + (size_t)i * phent;
                uint32_t off = rd32(p + 4, be), fsz = rd32(p + 16, be), msz = rd32(p + 20, be);
                if (rd32(p, be) == PT_LOAD && fsz <= msz)
                    want = MAX(want, MIN((uint64_t)off + fsz, (uint64_t)fsize));
            }
            g_free(ph);
        }
    }
    *data = g_malloc(want ? (size_t)want : 1);
    if (!read_at(fd, path, *data, 0, (size_t)want, len, err)) {
        g_free(*data);
        *data = NULL;
        goto out;
    }
    ok = true;
out:
    close(fd);
    return ok;
}

struct ww_user_session {
    user_ctx u;
    ww_user_opts opts;
};

ww_user_session *ww_user_open(const char *path, int argc, char **argv, const ww_user_opts *opts,
                              GError **err)
{
    uint8_t *f = NULL;
    size_t flen = 0;
    if (!read_elf(path, &f, &flen, err))
        return NULL;
    const uint8_t *e = f;
    ww_user_session *s = g_new0(ww_user_session, 1);
    s->opts = *opts;
    user_ctx *u = &s->u;
    u->opts = &s->opts;
    bool ok = false;
    if (flen < 4 || memcmp(e, "\177ELF", 4) != 0) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "%s: not an ELF file", path);
        goto out;
    }
    if (flen < 52) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "%s: truncated: the ELF header needs 52 "
                    "bytes, the file has %zu", path, flen);
        goto out;
    }
    if (e[4] != 1) {
        g_set_error(err, WW_ERROR, WW_ERROR_UNSUPPORTED, "%s: only 32-bit ELF is supported", path);
        goto out;
    }
    u->be = e[5] == 2;
    uint16_t type = (uint16_t)rd16(e + 16, u->be), mach = (uint16_t)rd16(e + 18, u->be);
    u->arch = ww_user_arch_find(mach);
    if (!u->arch) {
        g_set_error(err, WW_ERROR, WW_ERROR_UNSUPPORTED,
                    "%s: no CPU for ELF machine %u in this build", path, mach);
        goto out;
    }
    if (u->arch->big_endian != u->be) {
        g_set_error(err, WW_ERROR, WW_ERROR_UNSUPPORTED, "%s: wrong byte order for %s", path,
                    u->arch->family);
        goto out;
    }
    if (type != ET_EXEC) {
        g_set_error(err, WW_ERROR, WW_ERROR_UNSUPPORTED, "%s: %s; only static executables "
                    "(ET_EXEC) are supported", path, type == ET_DYN ? "a PIE or shared object" : "not an executable");
        goto out;
    }
    u->m = ww_machine_new();
    ww_chip *c = ww_machine_add_chip(u->m, u->arch->cpu_type, "cpu", err);
    if (!c)
        goto out;
    const char *model = opts->cpu_model ? opts->cpu_model : u->arch->cpu_model;
    if (model && !ww_chip_set_prop(c, "model", model, err))
        goto out;
    if (opts->engine && !ww_chip_set_prop(c, "engine", opts->engine, err))
        goto out;
    u->cpu = ww_cpu_of(c);
    if (!u->cpu) {
        g_set_error(err, WW_ERROR, WW_ERROR_FAILED, "chip '%s' is not a CPU", u->arch->cpu_type);
        goto out;
    }
    ww_space_config cfg = { .addr_bits = 32, .page_bits = u->arch->page_bits ? u->arch->page_bits : 12,
                            .endian = u->be ? WW_BIG_ENDIAN : WW_LITTLE_ENDIAN,
                            .unmapped = WW_UNMAPPED_BUS_ERROR };
    u->mem = ww_machine_add_space(u->m, "cpu.mem", &cfg, err);
    if (!u->mem || !ww_chip_bind_bus(c, "mem", u->mem, err))
        goto out;
    u->cpu->user_mode = true;
    uint32_t entry, phdr, phnum, phent, sp;
    if (!load_elf(u, e, flen, &entry, &phdr, &phnum, &phent, err)) {
        g_prefix_error(err, "%s: ", path);
        goto out;
    }
    if (!map_block(u, "mmap", MMAP_BASE, MMAP_SIZE, err) ||
        !map_block(u, "stack", STACK_TOP - STACK_SIZE, STACK_SIZE, err))
        goto out;
    u->mmap_next = MMAP_BASE;
    if (!ww_machine_realize(u->m, err))
        goto out;
    u->cpu->user_mode = true;
    if (!build_stack(u, argc, argv, entry, phdr, phnum, phent, &sp, err) ||
        !u->arch->setup(u->cpu, entry, sp, err))
        goto out;
    ok = true;
out:
    g_free(f);
    if (!ok) {
        ww_machine_free(u->m);
        g_free(s);
        return NULL;
    }
    return s;
}

ww_cpu *ww_user_cpu(ww_user_session *s) { return s->u.cpu; }
ww_space *ww_user_space(ww_user_session *s) { return s->u.mem; }
bool ww_user_exited(const ww_user_session *s) { return s->u.exited; }

bool ww_user_handle_stop(ww_user_session *s, GError **err)
{
    user_ctx *u = &s->u;
    const ww_cpu_ops *ops = ww_cpu_ops_of(u->cpu);
    switch (u->cpu->stop) {
    case WW_STOP_NONE:
        return true;
    case WW_STOP_SYSCALL: {
        uint64_t nr, a[6];
        u->arch->get_syscall(u->cpu, &nr, a);
        ww_sys sys = u->arch->map_syscall(nr);
        int64_t r;
        if (!(u->arch->arch_syscall && u->arch->arch_syscall(u->cpu, sys, a, &r))) {
            r = do_syscall(u, sys, a);
            if (sys == WW_SYS_UNKNOWN)
                ww_log(WW_LOG_UNIMP, "user", "system call %" G_GUINT64_FORMAT " -> ENOSYS", nr);
        }
        if (!u->exited)
            u->arch->set_return(u->cpu, r);
        return true;
    }
    case WW_STOP_USER_FAULT:
        u->exited = true;
        u->exit_code = 128 + (u->cpu->stop_info & 0x7f);
        ww_log(WW_LOG_WARN, "user", "guest killed by signal %d at pc 0x%" G_GINT64_MODIFIER "x",
               u->cpu->stop_info, ops->get_pc(u->cpu));
        return true;
    default:
        g_set_error(err, WW_ERROR, WW_ERROR_FAILED, "CPU stopped (reason %d) at pc 0x%"
                    G_GINT64_MODIFIER "x", u->cpu->stop, ops->get_pc(u->cpu));
        return false;
    }
}

void ww_user_close(ww_user_session *s, ww_user_result *res)
{
    if (!s)
        return;
    if (res) {
        res->exit_code = s->u.exit_code;
        res->instructions = s->u.cpu ? s->u.cpu->cycles : 0;
    }
    ww_machine_free(s->u.m);
    g_free(s);
}

bool ww_user_run(const char *path, int argc, char **argv, const ww_user_opts *opts,
                 ww_user_result *res, GError **err)
{
    *res = (ww_user_result){ 0 };
    ww_user_session *s = ww_user_open(path, argc, argv, opts, err);
    if (!s)
        return false;
    ww_cpu *cpu = s->u.cpu;
    const ww_cpu_ops *ops = ww_cpu_ops_of(cpu);
    uint64_t limit = opts->max_cycles ? opts->max_cycles : UINT64_MAX;
    bool ok = true;
    while (!s->u.exited) {
        if (cpu->cycles >= limit) {
            res->timed_out = true;
            g_set_error(err, WW_ERROR, WW_ERROR_FAILED, "%s: still running after %" G_GUINT64_FORMAT
                        " instructions", path, cpu->cycles);
            ok = false;
            break;
        }
        cpu->exit_request = 0;
        cpu->stop = WW_STOP_NONE;
        ops->run(cpu, MIN(limit - cpu->cycles, (uint64_t)1 << 24));
        if (!ww_user_handle_stop(s, err)) {
            g_prefix_error(err, "%s: ", path);
            ok = false;
            break;
        }
    }
    bool timed_out = res->timed_out;
    ww_user_close(s, res);
    res->timed_out = timed_out;
    return ok;
}
