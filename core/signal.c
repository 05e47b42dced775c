/* core/signal.c — propagating output lines to connected inputs. */
#include "core/chip.h"
#include "core/signal_internal.h"
#include "core/timeline.h"

void ww_input_drive(ww_chip *chip, unsigned port, unsigned index, int delta);

void ww_line_set(ww_line *l, int level)
{
    level = level != 0;
    if (level == l->level)
        return;
    l->level = level;
    if (l->trace)
        ww_timeline_line(l->trace, level);
    for (unsigned i = 0; i < l->nsinks; i++) {
        ww_sink *s = &l->sinks[i];
        int asserted = level ^ s->invert;
        ww_input_drive(s->chip, s->port, s->index, asserted ? +1 : -1);
    }
}

void ww_line_connect(ww_line *l, ww_chip *chip, unsigned port, unsigned index, bool invert)
{
    l->sinks = g_renew(ww_sink, l->sinks, l->nsinks + 1);
    l->sinks[l->nsinks++] = (ww_sink){ chip, (uint16_t)port, (uint16_t)index, invert };
    if (l->level ^ invert)
        ww_input_drive(chip, port, index, +1);
}
