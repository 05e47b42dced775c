/* core/command.h — subcommands of the `wirewrap` binary.
 *
 * Each tool file registers its subcommand (WW_COMMAND_REGISTER), so adding a
 * tool edits no other file. A command returns the process exit status:
 * 0 success, 1 the command's own "found problems" result (lint), 2 usage or
 * start-up errors. Commands are front-end code: they may print. */
#ifndef WW_COMMAND_H
#define WW_COMMAND_H
#include "core/chip.h"

typedef struct ww_command {
    const char *name;
    const char *args;     /* "[NAME]" shown in --help */
    const char *summary;  /* one line */
    int (*main)(int argc, char **argv);   /* argv[0] is the command name */
} ww_command;

void ww_command_register(const ww_command *cmd);
#define WW_COMMAND_REGISTER(c) \
    static void __attribute__((constructor)) ww_register_cmd_##c(void) \
    { ww_command_register(&(c)); }
const ww_command *ww_command_find(const char *name);
unsigned ww_command_list(const ww_command *const **out); /* sorted by name */

/* A numeric command-line option. */
typedef struct ww_num_option {
    const char *name;     /* "--max-insns", shown in errors */
    ww_unit unit;         /* suffixes accepted (WW_UNIT_NONE: a plain number) */
    bool need_unit;       /* "1" alone is refused: is it ns or s? */
    uint64_t min, max;    /* inclusive range, in base units */
    const char *expect;   /* "a time with a unit (ns, us, ms, s), e.g. 2s" */
} ww_num_option;

/* The one parser every command uses for numeric options: the whole string
 * must be a number (decimal or 0x hex; decimals only with a unit), with no
 * sign, spaces or trailing text, a known unit suffix when the option has
 * units (required when need_unit), and within min..max. The error reads
 * "--opt 'TEXT': what is wrong; expected …"; the caller prints it and exits 2. */
bool ww_command_parse_uint(const ww_num_option *opt, const char *text, uint64_t *out,
                           GError **err);

#endif
