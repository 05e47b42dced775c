/* core/signal_internal.h — wiring calls used by core/machine and tests. */
#ifndef WW_SIGNAL_INTERNAL_H
#define WW_SIGNAL_INTERNAL_H
#include "core/signal.h"
#include <stdbool.h>

/* Connect an output line to input (port, index) of chip. */
void ww_line_connect(ww_line *l, ww_chip *chip, unsigned port, unsigned index, bool invert);

#endif
