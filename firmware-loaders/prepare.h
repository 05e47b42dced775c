/* firmware-loaders/prepare.h — firmware preparation: the content a built
 * machine's firmware reads from the host (fw_cfg items on the PC: the e820
 * map, the ACPI tables, a kernel to boot directly), computed from the machine
 * and the run's boot options (DESIGN.md §1, "firmware-loaders/ ── fill
 * ROM/RAM, fw_cfg files").
 *
 * A preparer is one file in firmware-loaders/ that registers itself with
 * WW_PREPARER_REGISTER, as chips do. It is keyed by what the machine holds —
 * chip types, PCI identities, how memory is mapped — never by the machine's
 * name: a preparer that finds nothing it knows returns true having done
 * nothing. ww_firmware_prepare runs every preparer in `order` after the
 * machine is built and reset and before it runs; the front end calls it. */
#ifndef WW_PREPARE_H
#define WW_PREPARE_H
#include "core/mdl.h"

typedef struct ww_romcat ww_romcat;

typedef struct ww_prep {
    ww_machine *m;
    const ww_mdl_opts *opts;  /* kernel, initrd, append, rom_path, catalogue */
    /* Set by the preparer that loaded opts->kernel (and initrd/append). */
    bool kernel_taken;
    /* Boot devices in priority order, as the firmware names them
     * (OpenFirmware-style paths for SeaBIOS's "bootorder": "/rom@genroms/
     * linuxboot_dma.bin"); a later preparer publishes them. */
    GPtrArray *boot_devices;
    ww_romcat *cat;           /* the ROM catalogue, loaded by ww_prep_rom */
} ww_prep;

typedef struct ww_preparer {
    const char *name;         /* "linux-x86" */
    const char *summary;      /* one line */
    int order;                /* lower runs first */
    bool (*run)(ww_prep *p, GError **err);
} ww_preparer;

void ww_preparer_register(const ww_preparer *p);
#define WW_PREPARER_REGISTER(p) \
    static void __attribute__((constructor)) ww_register_prep_##p(void) \
    { ww_preparer_register(&(p)); }
/* Sorted by order, then name; *out points to an internal array. */
unsigned ww_preparer_list(const ww_preparer *const **out);

/* Run every preparer on a built machine with the run's options (opts may be
 * NULL: no kernel, default catalogue). Fails on the first preparer's error,
 * and when --initrd/--append come without --kernel or no preparer of this
 * machine boots a kernel. */
bool ww_firmware_prepare(ww_machine *m, const ww_mdl_opts *opts, GError **err);

/* For preparers: a catalogued ROM (roms.txt id) found the usual way
 * (--rom-path, $WIREWRAP_ROM_PATH, …, the Debian package's file). */
GBytes *ww_prep_rom(ww_prep *p, const char *id, GError **err);

/* For preparers, what the machine holds (keyed by type, never by machine name):
 * the first chip of a type, or NULL; */
ww_chip *ww_prep_find_type(ww_machine *m, const char *type);
/* the first CPU of a family ("m68k", "ppc"), or NULL, and how many (count may be NULL); */
ww_chip *ww_prep_find_cpu(ww_machine *m, const char *family, unsigned *count);
/* whether it has a display back-end slot (a screen: firmware may use it for its console). */
bool ww_prep_has_display(ww_machine *m);

#endif
