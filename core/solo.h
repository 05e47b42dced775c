/* core/solo.h — a machine around one chip of any registered type, for the
 * registry-driven guarantees (tests/unit/allchips.c, tests/fuzz/allchips.c)
 * and tools: every region is mapped at 0 of a space of its own, every
 * bus-master port gets a space with RAM at 0, chardev backends a buffer, disk
 * backends a small memory disk. Inputs are driven through solo_set_input so
 * the chip sees level changes only, as wires deliver them. */
#ifndef WW_SOLO_H
#define WW_SOLO_H
#include "core/machine.h"
#include "core/backend.h"

#define WW_SOLO_RAM (1u << 20)

typedef struct ww_solo {
    ww_machine *m;
    ww_chip *chip;
    unsigned nregions;
    ww_space **region_space;     /* per region: the region at address 0 */
    unsigned ninputs;            /* input lines, all ports flattened */
    uint16_t *in_port, *in_index;
    uint8_t *in_level;
    ww_chardev *chardevs[8];
    ww_disk *disks[8];
    unsigned nchardev, ndisk;
} ww_solo;

/* Build (and realize) a solo machine; NULL + err if the type is unknown or
 * does not realize with its defaults. */
ww_solo *ww_solo_new(const char *type, GError **err);
void ww_solo_free(ww_solo *s);
void ww_solo_set_input(ww_solo *s, unsigned line, int level);
/* Time advances by ns, firing the chip's timers. */
void ww_solo_advance(ww_solo *s, ww_time ns);
/* Every region offset read with every width the region accepts under WW_PEEK,
 * every register through ww_chip_reg_get, and the dump. */
void ww_solo_peek_all(ww_solo *s);

#endif
