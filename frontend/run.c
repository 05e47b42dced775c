/* frontend/run.c — `wirewrap run MACHINE`: load a machine description, attach
 * the serial line, run in virtual time. Headless only for now (SDL, monitor and
 * screenshots come later). Exit: 0 ran to --until (or --expect matched), 1 the
 * --expect string never appeared, 2 usage or start-up error (bad machine file,
 * missing ROM: the message names file:line). */
#include "frontend/run.h"
#include "core/command.h"
#include "core/mdl.h"
#include "firmware-loaders/prepare.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define CHUNK_NS (10 * 1000 * 1000ull)   /* check --expect every 10 ms of guest time */

typedef struct {
    int fd;             /* -1: discard */
    bool close_fd;
    const char *expect;
    GString *tail;      /* last bytes, enough to find expect across writes */
    bool seen;
} serial_sink;

static void sink_write(ww_chardev *c, const uint8_t *buf, size_t len)
{
    serial_sink *s = c->opaque;
    for (size_t off = 0; s->fd >= 0 && off < len;) {
        ssize_t n = write(s->fd, buf + off, len - off);
        if (n <= 0)
            break;
        off += (size_t)n;
    }
    if (s->expect && !s->seen) {
        g_string_append_len(s->tail, (const char *)buf, (gssize)len);
        if (memmem(s->tail->str, s->tail->len, s->expect, strlen(s->expect)))
            s->seen = true;
        size_t keep = strlen(s->expect);
        if (s->tail->len > keep)
            g_string_erase(s->tail, 0, (gssize)(s->tail->len - keep));
    }
}

static void sink_destroy(ww_chardev *c)
{
    serial_sink *s = c->opaque;
    if (s->close_fd && s->fd >= 0)
        close(s->fd);
    g_string_free(s->tail, TRUE);
    g_free(s);
}

static int usage(FILE *f)
{
    fprintf(f, "usage: wirewrap run MACHINE [-p NAME=VALUE]... [--headless]\n"
               "         [--serial stdio|file:PATH|none] [--until TIME] [--expect STRING]\n"
               "         [--rom-path DIR]... [--kernel FILE [--initrd FILE] [--append STR]]\n"
               "MACHINE is a file or a name like pc/q35 (machines/pc/q35.xml).\n"
               "--until 2s stops at that virtual time (units ns, us, ms, s; default: forever).\n"
               "--expect STR exits 0 once STR appears on the serial line, 1 if --until passes.\n"
               "--kernel/--initrd/--append boot a Linux kernel directly (as QEMU's -kernel).\n");
    return f == stdout ? 0 : 2;
}

int ww_run_main(int argc, char **argv)
{
    GPtrArray *params = g_ptr_array_new();
    GPtrArray *rom_path = g_ptr_array_new();
    const char *machine = NULL, *serial = "stdio", *expect = NULL;
    const char *kernel = NULL, *initrd = NULL, *append = NULL;
    ww_time until = WW_TIME_NEVER;
    int rc = 2;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool has_next = i + 1 < argc;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            rc = usage(stdout);
            goto out;
        } else if (!strcmp(a, "-p") && has_next) {
            g_ptr_array_add(params, argv[++i]);
        } else if (!strcmp(a, "--headless")) {
            /* the only mode so far */
        } else if (!strcmp(a, "--serial") && has_next) {
            serial = argv[++i];
        } else if (!strcmp(a, "--expect") && has_next) {
            expect = argv[++i];
            if (!*expect) {
                fprintf(stderr, "wirewrap run: --expect needs a non-empty string\n");
                goto out;
            }
        } else if (!strcmp(a, "--kernel") && has_next) {
            kernel = argv[++i];
        } else if (!strcmp(a, "--initrd") && has_next) {
            initrd = argv[++i];
        } else if (!strcmp(a, "--append") && has_next) {
            append = argv[++i];
        } else if (!strcmp(a, "--rom-path") && has_next) {
            g_ptr_array_add(rom_path, argv[++i]);
        } else if (!strcmp(a, "--until") && has_next) {
            GError *e = NULL;
            uint64_t t;
            if (!ww_parse_uint(argv[++i], WW_UNIT_NS, &t, &e)) {
                fprintf(stderr, "wirewrap run: --until %s: %s\n", argv[i], e->message);
                g_error_free(e);
                goto out;
            }
            until = t;
        } else if (a[0] != '-' && !machine) {
            machine = a;
        } else {
            fprintf(stderr, "wirewrap run: unexpected argument '%s'\n", a);
            usage(stderr);
            goto out;
        }
    }
    if (!machine) {
        usage(stderr);
        goto out;
    }
    serial_sink *s = g_new0(serial_sink, 1);
    s->fd = -1;
    s->expect = expect;
    s->tail = g_string_new(NULL);
    if (!strcmp(serial, "stdio")) {
        s->fd = STDOUT_FILENO;
    } else if (g_str_has_prefix(serial, "file:")) {
        s->fd = open(serial + 5, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        s->close_fd = true;
        if (s->fd < 0) {
            fprintf(stderr, "wirewrap run: --serial %s: %s\n", serial, g_strerror(errno));
            g_string_free(s->tail, TRUE);
            g_free(s);
            goto out;
        }
    } else if (strcmp(serial, "none")) {
        fprintf(stderr, "wirewrap run: --serial %s: expected stdio, file:PATH or none\n", serial);
        g_string_free(s->tail, TRUE);
        g_free(s);
        goto out;
    }
    ww_chardev *cd = g_new0(ww_chardev, 1);
    cd->write = sink_write;
    cd->destroy = sink_destroy;
    cd->opaque = s;

    g_ptr_array_add(params, NULL);
    g_ptr_array_add(rom_path, NULL);
    ww_mdl_opts opts = { .rom_path = (const char *const *)rom_path->pdata, .serial = cd,
                         .kernel = kernel, .initrd = initrd, .append = append };
    GError *err = NULL;
    ww_machine *m = ww_mdl_load(machine, (const char *const *)params->pdata, &opts, &err);
    if (m && !ww_firmware_prepare(m, &opts, &err)) {
        ww_machine_free(m);
        m = NULL;
    }
    if (!m) {
        fprintf(stderr, "%s\n", err->message);
        g_error_free(err);
        ww_chardev_free(cd);
        goto out;
    }
    rc = 0;
    ww_sched *sched = ww_machine_sched(m);
    while (!(expect && s->seen)) {
        ww_time now = ww_sched_now(sched);
        if (now >= until)
            break;
        ww_time next = until - now > CHUNK_NS ? now + CHUNK_NS : until;
        ww_cpu_stop stop = ww_machine_run_until(m, next);
        if (stop == WW_STOP_FATAL) {
            fprintf(stderr, "wirewrap run: a CPU stopped (fatal) at %" G_GUINT64_FORMAT " ns\n",
                    ww_sched_now(sched));
            rc = 1;
            break;
        }
    }
    if (expect && !s->seen) {
        if (rc == 0)
            fprintf(stderr, "wirewrap run: '%s' did not appear on the serial line by %"
                    G_GUINT64_FORMAT " ns of virtual time\n", expect, ww_sched_now(sched));
        rc = 1;
    }
    ww_machine_free(m);
    ww_chardev_free(cd);
out:
    g_ptr_array_free(params, TRUE);
    g_ptr_array_free(rom_path, TRUE);
    return rc;
}

static const ww_command run_cmd = {
    "run", "MACHINE [OPTIONS]", "run a machine headless (serial console, virtual time)",
    ww_run_main };
WW_COMMAND_REGISTER(run_cmd)
