/* devtools/chipinfo.h — text description of a chip class from its descriptor. */
#ifndef WW_CHIPINFO_H
#define WW_CHIPINFO_H
#include "core/chip.h"

void ww_chipinfo_describe(const ww_chip_class *cls, GString *out);

#endif
