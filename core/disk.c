/* core/disk.c — memory and raw-file block backends (core/backend.h). */
#include "core/backend.h"
#include "core/media.h"
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool range_ok(ww_disk *d, uint64_t off, size_t len, GError **err)
{
    if (off > d->size || len > d->size - off) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "%s: %zu bytes at %" G_GUINT64_FORMAT
                    " are beyond the end (%" G_GUINT64_FORMAT " bytes)", d->name, len, off,
                    d->size);
        return false;
    }
    return true;
}

bool ww_disk_read(ww_disk *d, uint64_t off, void *buf, size_t len, GError **err)
{
    return range_ok(d, off, len, err) && d->read(d, off, buf, len, err);
}

bool ww_disk_write(ww_disk *d, uint64_t off, const void *buf, size_t len, GError **err)
{
    if (d->readonly) {
        g_set_error(err, WW_ERROR, WW_ERROR_UNSUPPORTED, "%s is read-only", d->name);
        return false;
    }
    return range_ok(d, off, len, err) && d->write(d, off, buf, len, err);
}

bool ww_disk_flush(ww_disk *d, GError **err)
{
    return d->readonly || !d->flush || d->flush(d, err);
}

void ww_disk_free(ww_disk *d)
{
    if (!d)
        return;
    if (d->destroy)
        d->destroy(d);
    g_free(d->name);
    g_free(d);
}

static bool mem_read(ww_disk *d, uint64_t off, void *buf, size_t len, GError **err)
{
    memcpy(buf, (uint8_t *)d->opaque + off, len);
    return true;
}

static bool mem_write(ww_disk *d, uint64_t off, const void *buf, size_t len, GError **err)
{
    memcpy((uint8_t *)d->opaque + off, buf, len);
    return true;
}

static bool no_flush(ww_disk *d, GError **err) { return true; }
static void mem_destroy(ww_disk *d) { g_free(d->opaque); }

ww_disk *ww_disk_new_memory(const char *name, uint64_t size, bool readonly)
{
    ww_disk *d = g_new0(ww_disk, 1);
    *d = (ww_disk){ g_strdup(name), size, readonly, mem_read, mem_write, no_flush, mem_destroy,
                    g_malloc0(size ? size : 1) };
    return d;
}

static bool raw_read(ww_disk *d, uint64_t off, void *buf, size_t len, GError **err)
{
    int fd = GPOINTER_TO_INT(d->opaque);
    for (size_t done = 0; done < len;) {
        ssize_t n = pread(fd, (uint8_t *)buf + done, len - done, (off_t)(off + done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n == 0) {   /* short file: the rest reads as zeros */
                memset((uint8_t *)buf + done, 0, len - done);
                return true;
            }
            g_set_error(err, WW_ERROR, WW_ERROR_IO, "%s: read: %s", d->name, g_strerror(errno));
            return false;
        }
        done += (size_t)n;
    }
    return true;
}

static bool raw_write(ww_disk *d, uint64_t off, const void *buf, size_t len, GError **err)
{
    int fd = GPOINTER_TO_INT(d->opaque);
    for (size_t done = 0; done < len;) {
        ssize_t n = pwrite(fd, (const uint8_t *)buf + done, len - done, (off_t)(off + done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            g_set_error(err, WW_ERROR, WW_ERROR_IO, "%s: write: %s", d->name,
                        n < 0 ? g_strerror(errno) : "no progress");
            return false;
        }
        done += (size_t)n;
    }
    return true;
}

static bool raw_flush(ww_disk *d, GError **err)
{
    if (fdatasync(GPOINTER_TO_INT(d->opaque)) != 0) {
        g_set_error(err, WW_ERROR, WW_ERROR_IO, "%s: flush: %s", d->name, g_strerror(errno));
        return false;
    }
    return true;
}

static void raw_destroy(ww_disk *d) { close(GPOINTER_TO_INT(d->opaque)); }

ww_disk *ww_disk_open_raw(const char *path, bool readonly, GError **err)
{
    uint64_t size;
    int fd = ww_media_open_image(path, &readonly, &size, err);
    if (fd < 0)
        return NULL;
    ww_disk *d = g_new0(ww_disk, 1);
    *d = (ww_disk){ g_strdup(path), size, readonly, raw_read, raw_write,
                    raw_flush, raw_destroy, GINT_TO_POINTER(fd) };
    return d;
}
