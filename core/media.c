/* core/media.c — opening disk images (core/media.h): format probing, the
 * --disk specification, ISO media, the snapshot overlay and backing files
 * (confined to the image's directory, bounded chains, no loops). */
#include "core/media.h"
#include "core/chip.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct ww_media_chain {
    unsigned depth;
    dev_t dev[WW_MEDIA_MAX_CHAIN];
    ino_t ino[WW_MEDIA_MAX_CHAIN];
};

static const char *const format_names[] = {
    [WW_FORMAT_PROBE] = "probe", [WW_FORMAT_RAW] = "raw", [WW_FORMAT_QCOW2] = "qcow2",
    [WW_FORMAT_ISO] = "iso", NULL
};

const char *ww_media_format_name(ww_media_format f)
{
    return f <= WW_FORMAT_ISO ? format_names[f] : "?";
}

static bool format_from_name(const char *s, ww_media_format *f)
{
    for (unsigned i = WW_FORMAT_RAW; format_names[i]; i++)
        if (!strcmp(s, format_names[i])) {
            *f = (ww_media_format)i;
            return true;
        }
    return false;
}

/* qcow2 magic at 0, or the ISO 9660 volume descriptor "CD001" at 32 KiB + 1
 * (ECMA-119 §8.1: the volume descriptor set starts at logical sector 16). */
static bool probe(const char *path, ww_media_format *f, GError **err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        g_set_error(err, WW_ERROR, WW_ERROR_IO, "%s: %s", path, g_strerror(errno));
        return false;
    }
    uint8_t b[8] = { 0 };
    *f = WW_FORMAT_RAW;
    if (pread(fd, b, 4, 0) == 4 && !memcmp(b, "QFI\xfb", 4))
        *f = WW_FORMAT_QCOW2;
    else if (pread(fd, b, 6, 0x8000) == 6 && !memcmp(b + 1, "CD001", 5))
        *f = WW_FORMAT_ISO;
    close(fd);
    return true;
}

/* QEMU's lock bytes (block/file-posix.c, raw_apply_lock_bytes and
 * raw_check_lock_bytes): a read lock on byte 100 + p says "I use permission
 * p", on byte 200 + p "I do not let others have p". Permissions (include/
 * block/block-common.h): bit 0 consistent read, bit 1 write. */
enum { LOCK_PERM_BASE = 100, LOCK_SHARED_BASE = 200, PERM_READ = 0, PERM_WRITE = 1 };

/* 1: set, 0: the file system has no locks (go on unlocked), -1: held. */
static int lock_byte(int fd, off_t at)
{
    struct flock l = { .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = at, .l_len = 1 };
    if (fcntl(fd, F_OFD_SETLK, &l) == 0)
        return 1;
    return errno == EAGAIN || errno == EACCES ? -1 : 0;
}

/* Another open file description holds a lock on the byte. */
static bool byte_taken(int fd, off_t at)
{
    struct flock l = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = at, .l_len = 1 };
    return fcntl(fd, F_OFD_GETLK, &l) == 0 && l.l_type != F_UNLCK;
}

bool ww_media_lock_fd(int fd, const char *path, bool write, GError **err)
{
    /* Lock first, then look: of two openers racing, each sees the other. */
    int r = lock_byte(fd, LOCK_PERM_BASE + PERM_READ);
    if (r > 0 && write)
        r = lock_byte(fd, LOCK_PERM_BASE + PERM_WRITE);
    if (r > 0)
        r = lock_byte(fd, LOCK_SHARED_BASE + PERM_WRITE);   /* no one else writes */
    if (r == 0)
        return true;
    const char *why = NULL;
    if (r < 0 || byte_taken(fd, LOCK_PERM_BASE + PERM_WRITE))
        why = "something else is writing it";
    else if (write && byte_taken(fd, LOCK_SHARED_BASE + PERM_WRITE))
        why = "it is open for reading elsewhere (read-only, snapshot=on or as a backing file), "
              "and readers allow no writer";
    else if (byte_taken(fd, LOCK_SHARED_BASE + PERM_READ))
        why = "something else has it and allows no reader";
    if (!why)
        return true;
    /* The descriptor is closed by the caller, which drops the bytes set. */
    g_set_error(err, WW_ERROR, WW_ERROR_IO, "%s: the image is in use: %s (another --disk, "
                "wirewrap, QEMU or qemu-img; `qemu-img … -U` reads without a lock)", path, why);
    return false;
}

int ww_media_open_image(const char *path, bool *readonly, uint64_t *size, GError **err)
{
    int fd = open(path, (*readonly ? O_RDONLY : O_RDWR) | O_CLOEXEC);
    if (fd < 0 && !*readonly && (errno == EACCES || errno == EROFS || errno == EPERM)) {
        *readonly = true;   /* the user may read it but not write it: a read-only disk */
        fd = open(path, O_RDONLY | O_CLOEXEC);
    }
    if (fd < 0) {
        g_set_error(err, WW_ERROR, WW_ERROR_IO, "%s: %s", path, g_strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "%s: not a regular file; expected a disk "
                    "image", path);
        close(fd);
        return -1;
    }
    if (!ww_media_lock_fd(fd, path, !*readonly, err)) {
        close(fd);
        return -1;
    }
    *size = (uint64_t)st.st_size;
    return fd;
}

static bool chain_add(ww_media_chain *c, const char *path, GError **err)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        g_set_error(err, WW_ERROR, WW_ERROR_IO, "%s: %s", path, g_strerror(errno));
        return false;
    }
    for (unsigned i = 0; i < c->depth; i++)
        if (c->dev[i] == st.st_dev && c->ino[i] == st.st_ino) {
            g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "%s: backing file loop (the image is "
                        "its own backing file, %u levels up)", path, c->depth - i);
            return false;
        }
    if (c->depth >= WW_MEDIA_MAX_CHAIN) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "%s: backing file chain deeper than %d",
                    path, WW_MEDIA_MAX_CHAIN);
        return false;
    }
    c->dev[c->depth] = st.st_dev;
    c->ino[c->depth] = st.st_ino;
    c->depth++;
    return true;
}

static ww_disk *open_format(const char *path, ww_media_format f, bool readonly,
                            ww_media_chain *chain, GError **err)
{
    if (f == WW_FORMAT_PROBE && !probe(path, &f, err))
        return NULL;
    if (!chain_add(chain, path, err))
        return NULL;
    switch (f) {
    case WW_FORMAT_QCOW2:
        return ww_qcow2_open_chain(path, readonly, chain, err);
    case WW_FORMAT_ISO: {
        ww_disk *d = ww_disk_open_raw(path, true, err);
        if (d) {
            d->cdrom = true;
            if (d->size < 2048) {
                g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "%s: %" G_GUINT64_FORMAT " bytes "
                            "is not a CD image (less than one 2048-byte block)", path, d->size);
                ww_disk_free(d);
                return NULL;
            }
        }
        return d;
    }
    default:
        return ww_disk_open_raw(path, readonly, err);
    }
}

ww_disk *ww_media_open_backing(const char *image_path, const char *name, const char *format,
                               ww_media_chain *chain, GError **err)
{
    char *dir = g_path_get_dirname(image_path);
    char *cand = g_path_is_absolute(name) ? g_strdup(name) : g_build_filename(dir, name, NULL);
    char *real_dir = realpath(dir, NULL), *real = realpath(cand, NULL);
    ww_disk *d = NULL;
    if (!real) {
        g_set_error(err, WW_ERROR, WW_ERROR_NOT_FOUND, "%s: backing file %s: %s", image_path,
                    name, g_strerror(errno));
        goto out;
    }
    size_t n = real_dir ? strlen(real_dir) : 0;
    if (!real_dir || strncmp(real, real_dir, n) != 0 ||
        (real[n] != '/' && !(n == 1 && real_dir[0] == '/'))) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "%s: backing file %s resolves to %s, "
                    "outside the image's directory %s; backing files must sit beside the "
                    "image (or below it)", image_path, name, real, real_dir ? real_dir : dir);
        goto out;
    }
    ww_media_format f = WW_FORMAT_PROBE;
    if (format && !format_from_name(format, &f)) {
        g_set_error(err, WW_ERROR, WW_ERROR_UNSUPPORTED, "%s: backing file %s has format '%s'; "
                    "expected raw or qcow2", image_path, name, format);
        goto out;
    }
    /* A base image is only ever read. */
    d = open_format(real, f, true, chain, err);
out:
    g_free(dir);
    g_free(cand);
    free(real_dir);
    free(real);
    return d;
}

ww_disk *ww_media_open(const char *path, const ww_media_opts *o, GError **err)
{
    ww_media_chain chain = { 0 };
    bool ro = o->readonly || o->snapshot;
    ww_disk *d = open_format(path, o->format, ro, &chain, err);
    if (!d || !o->snapshot || d->cdrom)
        return d;
    return ww_qcow2_new_overlay(d, err);
}

static bool parse_bool(const char *key, const char *v, bool *out, GError **err)
{
    if (!strcmp(v, "on") || !strcmp(v, "true") || !strcmp(v, "yes") || !strcmp(v, "1"))
        *out = true;
    else if (!strcmp(v, "off") || !strcmp(v, "false") || !strcmp(v, "no") || !strcmp(v, "0"))
        *out = false;
    else {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "%s=%s: expected on or off", key, v);
        return false;
    }
    return true;
}

bool ww_media_parse_spec(const char *spec, char **path, ww_media_opts *o, GError **err)
{
    *o = (ww_media_opts){ 0 };
    GString *p = g_string_new(NULL);
    const char *s = spec;
    for (; *s; s++) {
        if (*s == ',' && s[1] == ',') {
            g_string_append_c(p, ',');
            s++;
        } else if (*s == ',') {
            break;
        } else {
            g_string_append_c(p, *s);
        }
    }
    if (!p->len) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "'%s': no image path", spec);
        g_string_free(p, TRUE);
        return false;
    }
    char **opts = *s ? g_strsplit(s + 1, ",", -1) : g_new0(char *, 1);
    bool ok = true;
    for (char **k = opts; ok && *k; k++) {
        char *eq = strchr(*k, '=');
        if (!eq) {
            g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "'%s': option '%s' needs a value; "
                        "expected format=, snapshot= or readonly=", spec, *k);
            ok = false;
            break;
        }
        *eq = 0;
        const char *v = eq + 1;
        if (!strcmp(*k, "format")) {
            if (!format_from_name(v, &o->format)) {
                g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "format=%s: expected raw, qcow2 "
                            "or iso", v);
                ok = false;
            }
        } else if (!strcmp(*k, "snapshot")) {
            ok = parse_bool(*k, v, &o->snapshot, err);
        } else if (!strcmp(*k, "readonly")) {
            ok = parse_bool(*k, v, &o->readonly, err);
        } else {
            static const char *const keys[] = { "format", "snapshot", "readonly", NULL };
            const char *near = ww_suggest(*k, keys);
            g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "unknown disk option '%s'%s%s%s; "
                        "expected format=, snapshot= or readonly=", *k,
                        near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
            ok = false;
        }
    }
    g_strfreev(opts);
    if (ok)
        *path = g_string_free(p, FALSE);
    else
        g_string_free(p, TRUE);
    return ok;
}

ww_disk *ww_media_open_spec(const char *spec, GError **err)
{
    char *path;
    ww_media_opts o;
    if (!ww_media_parse_spec(spec, &path, &o, err))
        return NULL;
    ww_disk *d = ww_media_open(path, &o, err);
    g_free(path);
    return d;
}
