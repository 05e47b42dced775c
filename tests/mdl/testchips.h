/* tests/mdl/testchips.h — test-only chips for the machine-description tests
 * (registered in wwtest only): "mdltest" has a property of every type and
 * unit, two regions, input/output ports and a required port; "mdlcpu" is a CPU
 * with two bus-master ports that reads a reset vector; "mdluart" prints its
 * "message" on its serial line at virtual time "delay". */
#ifndef WW_TESTS_MDL_TESTCHIPS_H
#define WW_TESTS_MDL_TESTCHIPS_H
#include "core/cpu.h"
#include "core/chardev.h"

typedef struct {
    ww_chip chip;
    uint64_t clock, mem, delay;
    uint8_t count;
    bool flag;
    uint32_t mode;
    char *label;
    uint8_t regs[16], data[256];
    ww_line out_int, out[2];
} mdltest;

typedef struct {
    ww_cpu cpu;
    uint32_t model;
    uint32_t reset_vector;   /* big-endian long at mem 0, read on reset */
} mdlcpu;

#endif
