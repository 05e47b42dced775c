/* frontend/demo.c — `wirewrap demo`: boot the default machine.
 *
 * The PC (machines/pc/q35.xml) cannot boot yet: it has the PIC pair and the
 * PIT but no CPU, chipset or firmware loader. Until it can, the demo boots
 * the machines that do: the Power Mac-class test machine and the 68000 test
 * machine, each running project-written firmware over its 16550 UART, with
 * serial on stdout. Neither has a display chip yet, so no screenshot is
 * written; the demo says so. */
#include "core/command.h"
#include "frontend/run.h"
#include <glib.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    const char *machine, *title, *expect;
} demo_machine;

static const demo_machine demos[] = {
    { "test/ppc-bare",  "PowerPC 750 + ROM + RAM + 16550 UART (machines/test/ppc-bare.xml)", "ALL PASS" },
    { "test/m68k-bare", "Motorola 68000 + ROM + RAM + 16550 UART (machines/test/m68k-bare.xml)",
      "all tests passed" },
};

static int demo_main(int argc, char **argv)
{
    if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        printf("usage: wirewrap demo\nBoots the default machine headless with serial on stdout.\n");
        return 0;
    }
    if (argc > 1) {
        fprintf(stderr, "usage: wirewrap demo\n");
        return 2;
    }
    printf("wirewrap demo: the default machine pc/q35 cannot boot yet (no x86 CPU, chipset or\n"
           "SeaBIOS loader in it); booting the machines that can, headless, serial on stdout.\n"
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

static const ww_command demo_cmd = { "demo", "", "boot the default machine", demo_main };
WW_COMMAND_REGISTER(demo_cmd)
