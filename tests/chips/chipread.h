/* tests/chips/chipread.h — a chip's register or state item by name, as the
 * monitor would read it (the descriptor's accessors, no side effects); a
 * name the chip does not have fails the test. Shared by the chip rigs. */
#ifndef WW_TESTS_CHIPREAD_H
#define WW_TESTS_CHIPREAD_H
#include "core/chip.h"

uint64_t chip_reg(ww_chip *c, const char *name);
uint64_t chip_state(ww_chip *c, const char *name, unsigned idx);

#endif
