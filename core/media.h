/* core/media.h — the block layer behind ww_disk (core/backend.h): image
 * formats and how the front end opens them.
 *
 * Formats: raw files (core/disk.c), qcow2 version 2 and 3 read-write
 * (core/qcow2.c: L1/L2 tables, refcounts, backing files, zero clusters;
 * compressed clusters are read, and a write to one copies it out) and ISO
 * 9660 images as read-only CD-ROM media. `snapshot` puts every write in a
 * temporary qcow2 overlay (an unlinked file) whose backing is the image,
 * opened read-only: the image is never written.
 *
 * Safety promises, for hostile files too: every offset and size read from
 * an image is checked before use; an error is a GError (to the user) or a
 * failed ww_disk_read/write (to the guest, as an I/O error), never a host
 * crash, an out-of-bounds access or a write to another file. Backing files
 * are opened read-only, only inside the directory of the image that names
 * them (symlinks resolved first), at most WW_MEDIA_MAX_CHAIN deep and never
 * twice in one chain. Nothing is printed. */
#ifndef WW_MEDIA_H
#define WW_MEDIA_H
#include "core/backend.h"

typedef enum {
    WW_FORMAT_PROBE = 0,   /* qcow2 magic → qcow2, "CD001" at 32 KiB + 1 → iso, else raw */
    WW_FORMAT_RAW,
    WW_FORMAT_QCOW2,
    WW_FORMAT_ISO,
} ww_media_format;

#define WW_MEDIA_MAX_CHAIN 16   /* image + backing files */

typedef struct ww_media_opts {
    ww_media_format format;
    bool readonly;   /* open read-only even where the user may write */
    bool snapshot;   /* writes go to a temporary overlay */
} ww_media_opts;

/* Open an image file. */
ww_disk *ww_media_open(const char *path, const ww_media_opts *o, GError **err);
/* Parse "PATH[,format=raw|qcow2|iso][,snapshot=on|off][,readonly=on|off]"
 * (a comma inside PATH is written ",,", as QEMU does) and open it. */
ww_disk *ww_media_open_spec(const char *spec, GError **err);
bool ww_media_parse_spec(const char *spec, char **path, ww_media_opts *o, GError **err);
const char *ww_media_format_name(ww_media_format f);

/* ---- qcow2 (core/qcow2.c) ---------------------------------------------------- */
/* Open a qcow2 image; `chain` is the number of images above it (0 for the
 * top), for the depth limit and loop check. */
ww_disk *ww_qcow2_open(const char *path, bool readonly, GError **err);
/* An image held in memory (a copy of data): tests and the fuzz harness.
 * Backing files are refused unless `backing` is given (it is then owned). */
ww_disk *ww_qcow2_open_memory(const uint8_t *data, size_t len, bool readonly, ww_disk *backing,
                              GError **err);
/* The bytes of a memory image as they are now (after writes), for checks. */
const uint8_t *ww_qcow2_memory_bytes(ww_disk *d, size_t *len);
/* Write an empty qcow2 v3 image of `size` bytes (cluster_bits 16-21) to fd
 * (which must be empty), with an optional backing file name recorded in
 * the header. */
bool ww_qcow2_format_fd(int fd, uint64_t size, unsigned cluster_bits, const char *backing_name,
                        GError **err);
/* A temporary overlay over `base` (owned from now on; opened read-only):
 * an unlinked qcow2 file in $TMPDIR holds every write. */
ww_disk *ww_qcow2_new_overlay(ww_disk *base, GError **err);
/* Counters for tests and benchmarks. */
typedef struct ww_qcow2_stats {
    uint64_t allocated;    /* clusters allocated this session */
    uint64_t syncs;        /* fdatasync calls (ordering points) */
    uint64_t meta_flushes; /* L2/L1 write-backs */
} ww_qcow2_stats;
bool ww_qcow2_get_stats(ww_disk *d, ww_qcow2_stats *out);

/* Internal: lock an open image file the way QEMU does (block/file-posix.c:
 * open-file-description locks on QEMU's permission bytes, so that QEMU and
 * qemu-img see wirewrap's locks and wirewrap sees theirs): a writer excludes
 * every other opener, readers share with readers. Two writers, or a writer
 * and a reader, of one image (this process attaching it twice, another
 * wirewrap, a running QEMU, a `qemu-img` without -U) cannot both have it:
 * the second open is refused instead of corrupting or misreading the image.
 * The locks go with the descriptor (close, or the process dying). A file
 * system without locks leaves the image unlocked. */
bool ww_media_lock_fd(int fd, const char *path, bool write, GError **err);

/* Internal: open an image file for a format's driver (raw, qcow2): read-write unless
 * *readonly, falling back to read-only (and *readonly set) when the user may read it but
 * not write it (EACCES, EROFS, EPERM); a regular file; locked with ww_media_lock_fd for
 * the access it got. The descriptor (close it to drop the locks), or -1 with err set;
 * *size: the file's bytes. */
int ww_media_open_image(const char *path, bool *readonly, uint64_t *size, GError **err);

/* Internal: open a backing file for `image_path` (directory confinement,
 * chain limit, loop check by device and inode). core/media.c. */
typedef struct ww_media_chain ww_media_chain;
ww_disk *ww_media_open_backing(const char *image_path, const char *name, const char *format,
                               ww_media_chain *chain, GError **err);
ww_disk *ww_qcow2_open_chain(const char *path, bool readonly, ww_media_chain *chain,
                             GError **err);

#endif
