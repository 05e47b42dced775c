/* core/command.h — subcommands of the `wirewrap` binary.
 *
 * Each tool file registers its subcommand (WW_COMMAND_REGISTER), so adding a
 * tool edits no other file. A command returns the process exit status:
 * 0 success, 1 the command's own "found problems" result (lint), 2 usage or
 * start-up errors. Commands are front-end code: they may print. */
#ifndef WW_COMMAND_H
#define WW_COMMAND_H

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

#endif
