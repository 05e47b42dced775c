/* frontend/user_cmd.c — `wirewrap user [OPTIONS] PROG [ARGS]`: run a static
 * Linux ELF of any built-in family without a machine (core/user.c). Exits with
 * the program's status (128+signal when it was killed). */
#include "core/command.h"
#include "core/user.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *f)
{
    fprintf(f, "usage: wirewrap user [--cpu MODEL] [--engine ENGINE] [--max-insns N] [--stats] "
               "PROG [ARGS...]\n");
}

static int user_main(int argc, char **argv)
{
    ww_user_opts o = { .out_fd = STDOUT_FILENO, .err_fd = STDERR_FILENO };
    bool stats = false;
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            printf("Runs a static 32-bit Linux program (i386, m68k, ppc) on wirewrap's CPU\n"
                   "interpreter with a few emulated system calls; used by the differential\n"
                   "tests against qemu-user and by the CPU benchmarks.\n"
                   "  --cpu MODEL     CPU model (default: the family's)\n"
                   "  --engine E      CPU engine, e.g. interp (default) or interp-slow\n"
                   "  --max-insns N   stop with an error after N instructions\n"
                   "  --stats         print instructions executed to stderr\n");
            return 0;
        } else if (!strcmp(argv[i], "--cpu") && i + 1 < argc) {
            o.cpu_model = argv[++i];
        } else if (!strcmp(argv[i], "--engine") && i + 1 < argc) {
            o.engine = argv[++i];
        } else if (!strcmp(argv[i], "--max-insns") && i + 1 < argc) {
            static const ww_num_option max_insns = {
                "--max-insns", WW_UNIT_NONE, false, 1, UINT64_MAX,
                "a whole number of instructions, 1 or more" };
            GError *err = NULL;
            if (!ww_command_parse_uint(&max_insns, argv[++i], &o.max_cycles, &err)) {
                fprintf(stderr, "wirewrap user: %s\n", err->message);
                g_error_free(err);
                return 2;
            }
        } else if ((!strcmp(argv[i], "--cpu") || !strcmp(argv[i], "--max-insns")) &&
                   i + 1 >= argc) {
            fprintf(stderr, "wirewrap user: %s needs a value\n", argv[i]);
            usage(stderr);
            return 2;
        } else if (!strcmp(argv[i], "--stats")) {
            stats = true;
        } else {
            fprintf(stderr, "wirewrap user: unknown option '%s'\n", argv[i]);
            usage(stderr);
            return 2;
        }
    }
    if (i >= argc) {
        usage(stderr);
        return 2;
    }
    ww_user_result r;
    GError *err = NULL;
    bool ok = ww_user_run(argv[i], argc - i, argv + i, &o, &r, &err);
    if (stats)
        fprintf(stderr, "wirewrap user: %" G_GUINT64_FORMAT " instructions\n", r.instructions);
    if (!ok) {
        fprintf(stderr, "wirewrap user: %s\n", err->message);
        g_error_free(err);
        return r.timed_out ? 124 : 2;
    }
    return r.exit_code;
}

static const ww_command user_cmd = {
    "user", "PROG [ARGS]", "run a static Linux ELF on a CPU interpreter (no machine)", user_main };
WW_COMMAND_REGISTER(user_cmd)
