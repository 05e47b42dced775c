/* bench/snapshot/snapshot.c — snapshot-bench MACHINE STATE [-p NAME=VALUE]…:
 * builds MACHINE (with its ROMs, like `wirewrap run`), loads STATE (a state
 * file of that machine, e.g. from `run --save-state`), then times, best of 5:
 *   save   ww_snapshot_save to a file in $TMPDIR (serialize, compress, write,
 *          fsync, rename)
 *   load   ww_snapshot_load of that file (read, check, decompress, apply)
 * and beside them, on the same RAM, the same library and level the state file
 * uses (zstd level 1: ZSTD_compress and ZSTD_decompress of every RAM block,
 * whole), and zlib's compress2 level 1 / uncompress (what format 1 used: the
 * measurement behind the choice).
 * Prints ms (wall, and this process's CPU time: the library figures are CPU
 * time only) and sizes. Not a pass/fail test (bench/snapshot/run). */
#include "core/mdl.h"
#include "core/snapshot.h"
#include "firmware-loaders/prepare.h"
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>
#include <zstd.h>

static double now_ms(void) { return (double)g_get_monotonic_time() / 1000.0; }

/* This process's CPU time (user + system): the figure that holds on a loaded
 * machine, where wall time also counts other processes' turns. */
static double cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: snapshot-bench MACHINE STATE [-p NAME=VALUE]...\n");
        return 2;
    }
    GPtrArray *params = g_ptr_array_new();
    for (int i = 3; i + 1 < argc; i += 2)
        if (!strcmp(argv[i], "-p"))
            g_ptr_array_add(params, argv[i + 1]);
    g_ptr_array_add(params, NULL);
    GError *err = NULL;
    ww_chardev *cd = ww_chardev_new_buffer();
    ww_mdl_opts opts = { .serial = cd };
    ww_machine *m = ww_mdl_load(argv[1], (const char *const *)params->pdata, &opts, &err);
    if (m && !ww_firmware_prepare(m, &opts, &err)) {
        ww_machine_free(m);
        m = NULL;
    }
    if (!m || !ww_snapshot_load(m, argv[2], &err)) {
        fprintf(stderr, "snapshot-bench: %s\n", err->message);
        return 1;
    }
    const char **ids;
    uint8_t **mems;
    uint64_t *sizes;
    unsigned nm = ww_machine_memories(m, &ids, &mems, &sizes);
    uint64_t ram = 0;
    for (unsigned i = 0; i < nm; i++)
        ram += sizes[i];
    char *dir = g_dir_make_tmp("ww-snapbench-XXXXXX", NULL);
    char *path = g_build_filename(dir, "state.wws", NULL);
    double best_save = 1e9, best_load = 1e9, cpu_save = 1e9, cpu_load = 1e9;
    double best[2][2] = { { 1e9, 1e9 }, { 1e9, 1e9 } };   /* [zstd, zlib][compress, decompress] */
    uint64_t clen_total[2] = { 0, 0 };
    for (int rep = 0; rep < 5; rep++) {
        double t0 = now_ms(), c0 = cpu_ms();
        if (!ww_snapshot_save(m, path, &err)) {
            fprintf(stderr, "snapshot-bench: save: %s\n", err->message);
            return 1;
        }
        double t1 = now_ms(), c1 = cpu_ms();
        if (!ww_snapshot_load(m, path, &err)) {
            fprintf(stderr, "snapshot-bench: load: %s\n", err->message);
            return 1;
        }
        double t2 = now_ms(), c2 = cpu_ms();
        best_save = MIN(best_save, t1 - t0);
        best_load = MIN(best_load, t2 - t1);
        cpu_save = MIN(cpu_save, c1 - c0);
        cpu_load = MIN(cpu_load, c2 - c1);
        /* The libraries alone on the same bytes: every RAM block whole. */
        for (int lib = 0; lib < 2 && (rep < 2 || lib == 0); lib++) {
            double c = 0, u = 0;
            clen_total[lib] = 0;
            for (unsigned i = 0; i < nm; i++) {
                size_t bound = lib ? compressBound((uLong)sizes[i]) : ZSTD_compressBound(sizes[i]);
                uint8_t *z = g_malloc(bound), *back = g_malloc(sizes[i] ? sizes[i] : 1);
                size_t clen = bound, dlen = sizes[i];
                double a = cpu_ms();
                if (lib) {
                    uLongf cl = (uLongf)bound;
                    compress2(z, &cl, mems[i], (uLong)sizes[i], 1);
                    clen = cl;
                } else {
                    clen = ZSTD_compress(z, bound, mems[i], sizes[i], 1);
                }
                double b = cpu_ms();
                if (lib) {
                    uLongf dl = (uLongf)sizes[i];
                    uncompress(back, &dl, z, (uLong)clen);
                    dlen = dl;
                } else {
                    dlen = ZSTD_decompress(back, sizes[i], z, clen);
                }
                double e = cpu_ms();
                if (dlen != sizes[i] || memcmp(back, mems[i], sizes[i])) {
                    fprintf(stderr, "snapshot-bench: %s round trip differs\n", lib ? "zlib" : "zstd");
                    return 1;
                }
                c += b - a;
                u += e - b;
                clen_total[lib] += clen;
                g_free(z);
                g_free(back);
            }
            best[lib][0] = MIN(best[lib][0], c);
            best[lib][1] = MIN(best[lib][1], u);
        }
    }
    GStatBuf st;
    g_stat(path, &st);
    uint64_t zero_pages = 0, pages = 0;
    for (unsigned i = 0; i < nm; i++)
        for (uint64_t off = 0; off + 4096 <= sizes[i]; off += 4096, pages++) {
            static const uint8_t zero[4096];
            zero_pages += !memcmp(mems[i] + off, zero, 4096);
        }
    printf("machine %s: %u memory blocks, %.1f MiB (%.0f%% of 4 KiB pages all zero)\n", argv[1], nm,
           (double)ram / (1 << 20), pages ? 100.0 * (double)zero_pages / (double)pages : 0.0);
    printf("state file: %.2f MiB (format %u, zstd %s)\n", (double)st.st_size / (1 << 20),
           WW_SNAPSHOT_VERSION, ZSTD_versionString());
    printf("%-46s %8s %8s\n", "(best of 5)", "wall ms", "CPU ms");
    printf("%-46s %8.1f %8.1f\n", "save (walk + compress + write + fsync)", best_save, cpu_save);
    printf("%-46s %8.1f %8.1f\n", "load (read + check + decompress + apply)", best_load, cpu_load);
    printf("%-46s %8.1f %8.1f   (goal <= 250)\n", "save + load", best_save + best_load,
           cpu_save + cpu_load);
    printf("%-46s %8s %8.1f   (%.2f MiB)\n", "zstd level 1 compress of the RAM, whole", "",
           best[0][0], (double)clen_total[0] / (1 << 20));
    printf("%-46s %8s %8.1f\n", "zstd decompress of it", "", best[0][1]);
    printf("%-46s %8s %8.1f\n", "zstd compress + decompress", "", best[0][0] + best[0][1]);
    printf("%-46s %8s %8.1f   (%.2f MiB)\n", "zlib level 1 compress (format 1), whole", "",
           best[1][0], (double)clen_total[1] / (1 << 20));
    printf("%-46s %8s %8.1f\n", "zlib uncompress of it", "", best[1][1]);
    g_unlink(path);
    g_rmdir(dir);
    g_free(path);
    g_free(dir);
    ww_machine_free(m);
    ww_chardev_free(cd);
    g_ptr_array_free(params, TRUE);
    return 0;
}
