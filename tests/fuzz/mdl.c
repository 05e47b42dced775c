/* tests/fuzz/mdl.c — libFuzzer harness for the machine-description loader:
 * arbitrary bytes are parsed as a machine file from memory (includes resolve
 * relative to tests/fuzz/corpus/mdl and may not leave the machine directories),
 * then validated and instantiated against the registered chips in lint mode
 * (no multi-GiB RAM, no ROM files). Every path must end in a machine or a
 * GError, never a crash or a leak. Run: tests/fuzz/run mdl 60. */
#include "core/mdl.h"
#include <stddef.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const params[] = { "ram=1MiB", NULL };
    ww_mdl_opts opts = { .check_only = true };
    GString *warn = g_string_new(NULL);
    opts.warnings = warn;
    GError *err = NULL;
    /* -p only for inputs that declare a "ram" param; others would fail on it. */
    bool with_p = size > 4 && memmem(data, size, "\"ram\"", 5) != NULL;
    ww_mdl_desc *d = ww_mdl_parse_buffer("fuzz.xml", (const char *)data, size,
                                         "tests/fuzz/corpus/mdl", with_p ? params : NULL,
                                         &opts, &err);
    if (d) {
        ww_machine *m = ww_mdl_instantiate(d, &opts, &err);
        ww_machine_free(m);
        ww_mdl_desc_free(d);
    }
    g_clear_error(&err);
    g_string_free(warn, TRUE);
    return 0;
}
