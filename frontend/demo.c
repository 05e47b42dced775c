/* frontend/demo.c — `wirewrap demo`: boot the default machine.
 *
 * With --kernel/--initrd (the wrapper `./wirewrap demo` builds Debian's i386
 * kernel and a busybox initramfs with tests/guests/debian-i386.sh and passes
 * them), the demo boots the PC (machines/pc/q35.xml: SeaBIOS, then Linux) with
 * its serial console on this terminal: a shell you can type into; Ctrl-A X
 * quits, `poweroff -f` powers the machine off. The PC has no display chip yet,
 * so the console is the serial line.
 * Without a kernel it boots the bare test machines (PowerPC and 68000 running
 * project-written firmware), which need nothing from outside. */
#include "core/command.h"
#include "frontend/run.h"
#include <glib.h>
#include <stdio.h>
#include <string.h>

/* cryptomgr.notests: the kernel's crypto self-tests take some 3 G instructions,
 * a minute on the interpreter, and test the kernel, not the machine. */
#define PC_APPEND "console=ttyS0 cryptomgr.notests"

typedef struct {
    const char *machine, *title, *expect;
} demo_machine;

static const demo_machine demos[] = {
    { "test/ppc-bare",  "PowerPC 750 + ROM + RAM + 16550 UART (machines/test/ppc-bare.xml)", "ALL PASS" },
    { "test/m68k-bare", "Motorola 68000 + ROM + RAM + 16550 UART (machines/test/m68k-bare.xml)",
      "all tests passed" },
};

static int usage(FILE *f)
{
    fprintf(f, "usage: wirewrap demo [--kernel BZIMAGE --initrd INITRD [--append CMDLINE]]\n"
               "With a kernel: boot the PC (pc/q35) into Linux with its serial console on this\n"
               "terminal (Ctrl-A X quits; `poweroff -f` in the guest ends the run). `./wirewrap\n"
               "demo` builds the Debian i386 guest and passes it here.\n"
               "Without: boot the bare PowerPC and 68000 test machines headless.\n");
    return f == stdout ? 0 : 2;
}

static int bare_demo(void)
{
    printf("wirewrap demo: no kernel given (`./wirewrap demo` builds one and boots the PC);\n"
           "booting the bare test machines, headless, serial on stdout.\n"
           "No display chip exists yet, so no screenshot is written.\n");
    int worst = 0;
    for (size_t i = 0; i < G_N_ELEMENTS(demos); i++) {
        printf("\n== %s\n", demos[i].title);
        fflush(stdout);
        char *args[] = { (char *)"run", (char *)demos[i].machine, (char *)"--headless",
                         (char *)"--serial", (char *)"stdio", (char *)"--until", (char *)"2s",
                         (char *)"--expect", (char *)demos[i].expect, NULL };
        int rc = ww_run_main((int)G_N_ELEMENTS(args) - 1, args);
        fflush(stdout);
        printf("== %s: %s\n", demos[i].machine, rc == 0 ? "booted, firmware finished" : "did not finish");
        if (rc > worst)
            worst = rc;
    }
    return worst;
}

static int demo_main(int argc, char **argv)
{
    const char *kernel = NULL, *initrd = NULL, *append = PC_APPEND;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
            return usage(stdout);
        if (i + 1 < argc && !strcmp(argv[i], "--kernel"))
            kernel = argv[++i];
        else if (i + 1 < argc && !strcmp(argv[i], "--initrd"))
            initrd = argv[++i];
        else if (i + 1 < argc && !strcmp(argv[i], "--append"))
            append = argv[++i];
        else
            return usage(stderr);
    }
    if (!kernel)
        return bare_demo();
    fprintf(stderr, "wirewrap demo: booting Linux on the PC (pc/q35: SeaBIOS, then the kernel;\n"
                    "about a minute on the interpreter). Its console is this terminal: type at the\n"
                    "shell prompt; Ctrl-A X quits, `poweroff -f` powers the machine off.\n\n");
    char *args[16];
    int n = 0;
    args[n++] = (char *)"run";
    args[n++] = (char *)"pc/q35";
    args[n++] = (char *)"--kernel";
    args[n++] = (char *)kernel;
    if (initrd) {
        args[n++] = (char *)"--initrd";
        args[n++] = (char *)initrd;
    }
    args[n++] = (char *)"--append";
    args[n++] = (char *)append;
    args[n++] = (char *)"--serial";
    args[n++] = (char *)"stdio";
    args[n] = NULL;
    return ww_run_main(n, args);
}

static const ww_command demo_cmd = { "demo", "[--kernel K --initrd I]", "boot the default machine",
                                     demo_main };
WW_COMMAND_REGISTER(demo_cmd)
