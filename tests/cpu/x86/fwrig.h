/* tests/cpu/x86/fwrig.h — the machine the x86 test firmware
 * (tests/firmware/x86, assembled at build time) runs on, built with the C
 * API: the "x86" chip, 4 MiB of RAM at 0, the 64 KiB image as ROM at
 * 0xFFFF0000 (reset) and at 0xF0000 (the real-mode alias). Used by
 * firmware.c and lockstep.c. */
#ifndef WW_TESTS_CPU_X86_FWRIG_H
#define WW_TESTS_CPU_X86_FWRIG_H
#include "tests/harness.h"
#include "core/machine.h"

typedef struct x86_fw_rig {
    ww_sched *sched;
    ww_chip *chip;
    ww_space *mem;
    uint8_t *ram, *rom;
} x86_fw_rig;

enum { X86_FW_RAM = 4 << 20 };

/* The machine for image `name` ($WW_BUILD/tests/firmware/x86/NAME.bin),
 * reset; model and engine: the CPU's properties (NULL: its default). False
 * when the image is not built (no i686 cross binutils). */
bool x86_fw_new(x86_fw_rig *m, const char *name, const char *model, const char *engine);
void x86_fw_free(x86_fw_rig *m);

#endif
