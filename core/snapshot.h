/* core/snapshot.h — whole-machine state files (DESIGN.md §5; the save/restore
 * issue).
 *
 * A snapshot is every chip's state walk (core/state.c, by name, versioned),
 * every memory block (zstd-compressed; format 1 files, zlib, still load),
 * the virtual time and the order of the armed timers, in sections with a CRC each, behind a header naming the
 * machine and the hash of its expanded description. Saving writes a
 * temporary file in the same directory, fsyncs it and renames it over the
 * final name, so a crash never leaves a half-written state under that name.
 * Loading reads and checks the whole file first — magic, format version,
 * machine, every section's CRC and length, every chip's names, types, counts
 * and versions, every memory size — and changes the running machine only
 * when all of it fits; any failure is a GError naming the section, and the
 * machine is as it was. */
#ifndef WW_SNAPSHOT_H
#define WW_SNAPSHOT_H
#include "core/machine.h"

#define WW_SNAPSHOT_VERSION 2   /* 2: memory blocks in zstd (1: zlib) */

/* Serialize to memory / restore from memory (the file functions use these). */
GByteArray *ww_snapshot_build(ww_machine *m, GError **err);
bool ww_snapshot_restore(ww_machine *m, const uint8_t *buf, size_t len, GError **err);

bool ww_snapshot_save(ww_machine *m, const char *path, GError **err);
bool ww_snapshot_load(ww_machine *m, const char *path, GError **err);

#endif
