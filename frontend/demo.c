/* frontend/demo.c — `wirewrap demo`: boot the default machine. Until a
 * bootable machine lands it says what the default machine is and what is
 * still missing, and lists the chip models that exist. */
#include "core/command.h"
#include "core/chip.h"
#include <stdio.h>

static int demo_main(int argc, char **argv)
{
    const ww_chip_class *const *list;
    unsigned n = ww_chip_class_list(&list);
    printf("wirewrap demo: the default machine is pc/q35 (SeaBIOS, serial console).\n"
           "It cannot boot yet: the x86 CPU core and the PC chipset are still being built.\n"
           "Chip models available now (%u):\n", n);
    for (unsigned i = 0; i < n; i++)
        printf("  %-12s %s\n", list[i]->type, list[i]->summary ? list[i]->summary : "");
    printf("Try: wirewrap chips i8259\n");
    return 0;
}

static const ww_command demo_cmd = { "demo", "", "boot the default machine", demo_main };
WW_COMMAND_REGISTER(demo_cmd)
