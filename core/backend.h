/* core/backend.h — the host objects a chip's backends bind to (core/desc.h,
 * ww_backend_desc). The machine description names the slots (<serial>,
 * <disk>, <display>, <input>), the front end supplies the objects, and the
 * core stores each pointer in the chip at the backend's offset. A chip must
 * work with nothing bound (no host stream, no media, no screen). */
#ifndef WW_BACKEND_H
#define WW_BACKEND_H
#include "core/chardev.h"
#include "core/error.h"
#include <stdbool.h>
#include <stdint.h>

/* A block device. Reads and writes are byte ranges inside [0, size); errors
 * come back as GError. The formats (raw, qcow2, ISO, the snapshot overlay)
 * and how images are opened are core/media.h. */
typedef struct ww_disk ww_disk;
struct ww_disk {
    char *name;          /* for messages: the file or image name */
    uint64_t size;       /* bytes */
    bool readonly;
    bool (*read)(ww_disk *d, uint64_t off, void *buf, size_t len, GError **err);
    bool (*write)(ww_disk *d, uint64_t off, const void *buf, size_t len, GError **err);
    bool (*flush)(ww_disk *d, GError **err);
    void (*destroy)(ww_disk *d);
    void *opaque;
    bool cdrom;          /* removable optical medium (an ISO image): 2048-byte blocks */
};
/* A disk held in host memory (tests, scratch images). */
ww_disk *ww_disk_new_memory(const char *name, uint64_t size, bool readonly);
/* A raw image file, opened read-write unless readonly (or the file is). */
ww_disk *ww_disk_open_raw(const char *path, bool readonly, GError **err);
bool ww_disk_read(ww_disk *d, uint64_t off, void *buf, size_t len, GError **err);
bool ww_disk_write(ww_disk *d, uint64_t off, const void *buf, size_t len, GError **err);
/* Make every completed write durable (a guest's FLUSH CACHE). */
bool ww_disk_flush(ww_disk *d, GError **err);
void ww_disk_free(ww_disk *d);

/* Where a display chip publishes its frames (the pipeline arrives with the
 * VGA/S3 work); opaque to chips until then. */
typedef struct ww_display ww_display;

/* Host input events for keyboards and mice (keycodes are USB HID usage IDs,
 * the layout-independent key numbering; the chip maps them to its scancodes). */
typedef struct ww_inputdev ww_inputdev;
struct ww_inputdev {
    void (*key)(void *chip, unsigned hid_usage, bool down);
    void (*mouse)(void *chip, int dx, int dy, int dz, unsigned buttons);
    void *chip;          /* set by the chip when bound */
};

#endif
