/* core/chardev.h — a host character stream attached to a guest serial chip.
 *
 * Guest → host: the chip calls ww_chardev_write(). Host → guest: the front end
 * calls ww_chardev_receive(), which hands bytes to the attached chip's rx
 * callback (the chip buffers or drops them as its FIFO would). Front ends make
 * stdio/file/socket backends; tests use the buffer backend. */
#ifndef WW_CHARDEV_H
#define WW_CHARDEV_H
#include <glib.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ww_chardev ww_chardev;
struct ww_chardev {
    void (*write)(ww_chardev *c, const uint8_t *buf, size_t len);
    void (*destroy)(ww_chardev *c);
    void *opaque;
    /* set by the chip on attach: */
    void (*rx)(void *chip, const uint8_t *buf, size_t len);
    void *rx_chip;
    GString *captured;   /* buffer backend only */
    /* set by an observer (the session's serial capture for wait-serial):
     * sees every byte the guest writes, whatever the backend */
    void (*tap)(void *opaque, const uint8_t *buf, size_t len);
    void *tap_opaque;
};

static inline void ww_chardev_write(ww_chardev *c, const uint8_t *buf, size_t len)
{
    if (c && c->write)
        c->write(c, buf, len);
    if (c && c->tap)
        c->tap(c->tap_opaque, buf, len);
}
void ww_chardev_receive(ww_chardev *c, const uint8_t *buf, size_t len);
/* Everything written is appended to c->captured. */
ww_chardev *ww_chardev_new_buffer(void);
/* Written bytes go to a host fd (not closed on free). */
ww_chardev *ww_chardev_new_fd(int fd);
void ww_chardev_free(ww_chardev *c);

#endif
