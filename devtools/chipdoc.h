/* devtools/chipdoc.h — Markdown page of a chip class, from its descriptor. */
#ifndef WW_CHIPDOC_H
#define WW_CHIPDOC_H
#include "core/chip.h"

void ww_chipdoc_markdown(const ww_chip_class *cls, GString *out);
/* One DIR/<type>.md per registered chip plus DIR/index.md; false + err on I/O. */
bool ww_chipdoc_write_all(const char *dir, unsigned *count, GError **err);

#endif
