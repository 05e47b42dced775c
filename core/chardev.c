/* core/chardev.c — buffer and fd backends for guest serial output. */
#include "core/chardev.h"
#include <unistd.h>

void ww_chardev_receive(ww_chardev *c, const uint8_t *buf, size_t len)
{
    if (c && c->rx)
        c->rx(c->rx_chip, buf, len);
}

static void buffer_write(ww_chardev *c, const uint8_t *buf, size_t len)
{
    g_string_append_len(c->captured, (const char *)buf, (gssize)len);
}

ww_chardev *ww_chardev_new_buffer(void)
{
    ww_chardev *c = g_new0(ww_chardev, 1);
    c->write = buffer_write;
    c->captured = g_string_new(NULL);
    return c;
}

static void fd_write(ww_chardev *c, const uint8_t *buf, size_t len)
{
    int fd = GPOINTER_TO_INT(c->opaque);
    while (len) {
        ssize_t n = write(fd, buf, len);
        if (n <= 0)
            return;   /* host side closed: the guest's bytes are dropped */
        buf += n;
        len -= (size_t)n;
    }
}

ww_chardev *ww_chardev_new_fd(int fd)
{
    ww_chardev *c = g_new0(ww_chardev, 1);
    c->write = fd_write;
    c->opaque = GINT_TO_POINTER(fd);
    return c;
}

void ww_chardev_free(ww_chardev *c)
{
    if (!c)
        return;
    if (c->destroy)
        c->destroy(c);
    if (c->captured)
        g_string_free(c->captured, TRUE);
    g_free(c);
}
