/* tests/unit/qcow2_crash.c — crash safety of the qcow2 writer (core/qcow2.c):
 * trials in which a child process writes to a qcow2 image through the block
 * layer and is killed with SIGKILL at a random moment. After each kill,
 * `qemu-img check` must find no corruption (leaked clusters are allowed, as
 * qcow2 allows them: exit status 0 or 3), and the image as qemu-img reads it
 * (`qemu-img convert -O raw`) must hold every write the child had flushed:
 * a sector holds the value it had at the last flush the child reported, or
 * one that a write after that flush put there.
 *
 * The child's writes are a deterministic sequence (seeded per trial): sizes
 * from one sector to 300 KiB at any offset, flushes every 1-8 writes; after
 * each flush it reports the write count on a pipe. Trials vary the image:
 * cluster size 512 B / 4 KiB / 64 KiB (small clusters grow the refcount table
 * under the writer), version 2 or 3, refcount widths, a backing file.
 * WW_CRASH_TRIALS (default 100) sets the number of trials. The guest-path
 * trials (AHCI + Linux) are tests/machines/pc-ahci-crash.test.sh. */
#include "tests/harness.h"
#include "core/media.h"
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define VSIZE (8u << 20)
#define SECT 512u
#define MAX_OPS 4000

typedef struct {
    uint64_t off;
    uint32_t len;
    uint8_t flush;     /* a flush follows this write */
} op;

static uint64_t rnd(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ull;
}

static void make_ops(uint64_t seed, op *ops, unsigned n)
{
    uint64_t s = seed | 1;
    unsigned every = 1 + (unsigned)(rnd(&s) % 8), k = 0;
    for (unsigned i = 0; i < n; i++) {
        uint32_t len = (uint32_t)(1 + rnd(&s) % (rnd(&s) & 1 ? 600 : 8)) * SECT;
        ops[i].off = (rnd(&s) % (VSIZE / SECT)) * SECT;
        if (ops[i].off + len > VSIZE)
            len = (uint32_t)(VSIZE - ops[i].off);
        ops[i].len = len;
        ops[i].flush = ++k % every == 0;
    }
}

/* Sector content of write i: every byte says which write and which sector. */
static void op_data(unsigned i, uint64_t off, uint8_t *b, uint32_t len)
{
    for (uint32_t k = 0; k < len; k += SECT) {
        uint64_t sec = (off + k) / SECT;
        for (uint32_t j = 0; j < SECT; j++)
            b[k + j] = (uint8_t)(i * 31 + sec * 7 + j);
        memcpy(b + k, &i, sizeof i);
    }
}

static G_GNUC_NORETURN void child(const char *path, uint64_t seed, int fd)
{
    GError *err = NULL;
    ww_disk *d = ww_media_open_spec(path, &err);
    if (!d)
        _exit(2);
    op *ops = g_new(op, MAX_OPS);
    make_ops(seed, ops, MAX_OPS);
    uint8_t *b = g_malloc(600 * SECT);
    for (unsigned i = 0; i < MAX_OPS; i++) {
        op_data(i, ops[i].off, b, ops[i].len);
        if (!ww_disk_write(d, ops[i].off, b, ops[i].len, &err))
            _exit(3);
        if (ops[i].flush) {
            if (!ww_disk_flush(d, &err))
                _exit(4);
            uint32_t n = i + 1;
            if (write(fd, &n, 4) != 4)
                _exit(5);
        }
    }
    ww_disk_free(d);
    _exit(0);
}

static int run(const char *cmd, char **out)
{
    char *argv[] = { "/bin/sh", "-c", (char *)cmd, NULL };
    int status = -1;
    if (!g_spawn_sync(NULL, argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, out, NULL, &status,
                      NULL))
        return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

WW_TEST("unit/qcow2/crash_sigkill_trials", t_crash)
{
    char *qi = g_find_program_in_path("qemu-img");
    if (!qi)
        ww_test_skip("qemu-img is not installed (Debian package qemu-utils)");
    g_free(qi);
    const char *env = getenv("WW_CRASH_TRIALS");
    unsigned trials = env ? (unsigned)atoi(env) : 100;
    char *dir = g_dir_make_tmp("wwcrash-XXXXXX", NULL);
    WW_CHECK(dir);
    char *img = g_build_filename(dir, "t.qcow2", NULL);
    char *rawout = g_build_filename(dir, "t.raw", NULL);
    op *ops = g_new(op, MAX_OPS);
    uint8_t *model = g_malloc(VSIZE), *got = NULL, *b = g_malloc(600 * SECT);
    uint64_t rs = (uint64_t)time(NULL) * 2654435761u ^ (uint64_t)getpid();
    if (getenv("WW_CRASH_SEED"))
        rs = strtoull(getenv("WW_CRASH_SEED"), NULL, 0);
    ww_test_log("seed 0x%" PRIx64 "\n", rs);
    unsigned leaks = 0, clean = 0, finished = 0;
    uint64_t flushed_total = 0;
    for (unsigned t = 0; t < trials; t++) {
        uint64_t seed = rnd(&rs);
        static const char *const shapes[] = {
            "-o cluster_size=65536", "-o cluster_size=4096", "-o cluster_size=512",
            "-o cluster_size=512,compat=0.10", "-o cluster_size=4096,refcount_bits=1",
            "-o cluster_size=4096,refcount_bits=64", "-o cluster_size=65536 -F raw -b base.raw",
        };
        const char *shape = shapes[seed % G_N_ELEMENTS(shapes)];
        bool backing = strstr(shape, "base.raw") != NULL;
        char *cmd = g_strdup_printf("cd '%s' && rm -f t.qcow2 base.raw && %s"
                                    "qemu-img create -q -f qcow2 %s t.qcow2 %u",
                                    dir, backing ? "head -c 8388608 /dev/urandom > base.raw && " : "",
                                    shape, VSIZE);
        WW_CHECK_MSG(run(cmd, NULL) == 0, "%s", cmd);
        g_free(cmd);
        if (backing) {
            char *bp = g_build_filename(dir, "base.raw", NULL);
            gsize n;
            gchar *c;
            WW_CHECK(g_file_get_contents(bp, &c, &n, NULL) && n == VSIZE);
            memcpy(model, c, VSIZE);
            g_free(c);
            g_free(bp);
        } else {
            memset(model, 0, VSIZE);
        }
        int pfd[2];
        WW_CHECK(pipe(pfd) == 0);
        pid_t pid = fork();
        WW_CHECK(pid >= 0);
        if (pid == 0) {
            close(pfd[0]);
            child(img, seed, pfd[1]);
        }
        close(pfd[1]);
        /* kill after a random time: 0-120 ms */
        uint64_t us = rnd(&rs) % 120000;
        struct timespec ts = { (time_t)(us / 1000000), (long)(us % 1000000) * 1000 };
        nanosleep(&ts, NULL);
        kill(pid, SIGKILL);
        int status;
        waitpid(pid, &status, 0);
        if (WIFEXITED(status)) {
            WW_CHECK_MSG(WEXITSTATUS(status) == 0, "trial %u: the writer failed (exit %d)", t,
                         WEXITSTATUS(status));
            finished++;
        }
        uint32_t flushed = 0, n;
        while (read(pfd[0], &n, 4) == 4)
            flushed = n;
        close(pfd[0]);
        flushed_total += flushed;
        char *out = NULL;
        cmd = g_strdup_printf("qemu-img check '%s'", img);
        int rc = run(cmd, &out);
        g_free(cmd);
        WW_CHECK_MSG(rc == 0 || rc == 3, "trial %u (%s, seed 0x%" PRIx64 ", %u writes flushed): "
                     "qemu-img check exit %d:\n%s", t, shape, seed, flushed, rc, out);
        if (rc == 3)
            leaks++;
        else
            clean++;
        g_free(out);
        cmd = g_strdup_printf("rm -f '%s' && qemu-img convert -O raw '%s' '%s'", rawout, img, rawout);
        WW_CHECK_MSG(run(cmd, NULL) == 0, "trial %u: qemu-img convert failed", t);
        g_free(cmd);
        gsize glen;
        WW_CHECK(g_file_get_contents(rawout, (gchar **)&got, &glen, NULL) && glen == VSIZE);
        /* the image at the last reported flush, then what later writes may have done */
        make_ops(seed, ops, MAX_OPS);
        for (unsigned i = 0; i < flushed; i++) {
            op_data(i, ops[i].off, b, ops[i].len);
            memcpy(model + ops[i].off, b, ops[i].len);
        }
        for (uint64_t sec = 0; sec < VSIZE / SECT; sec++) {
            const uint8_t *g = got + sec * SECT;
            if (!memcmp(g, model + sec * SECT, SECT))
                continue;
            bool ok = false;
            for (unsigned i = flushed; !ok && i < MAX_OPS; i++)
                if (sec * SECT >= ops[i].off && sec * SECT < ops[i].off + ops[i].len) {
                    op_data(i, sec * SECT, b, SECT);
                    ok = !memcmp(g, b, SECT);
                }
            WW_CHECK_MSG(ok, "trial %u (%s, seed 0x%" PRIx64 "): sector %" PRIu64 " holds neither "
                         "its content at flush %u nor a later write's", t, shape, seed, sec, flushed);
        }
        g_free(got);
        got = NULL;
    }
    ww_test_log("%u trials: %u clean, %u with leaked clusters only, %u writers finished before "
                "the kill; %" PRIu64 " flushed writes verified\n", trials, clean, leaks, finished,
                flushed_total);
    char *rm = g_strdup_printf("rm -rf '%s'", dir);
    WW_CHECK(system(rm) == 0);
    g_free(rm);
    g_free(dir);
    g_free(img);
    g_free(rawout);
    g_free(ops);
    g_free(model);
    g_free(b);
}
