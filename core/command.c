/* core/command.c — the subcommand table (filled by constructors). */
#include "core/command.h"
#include <stdlib.h>
#include <string.h>

#define MAX_COMMANDS 64
static const ww_command *cmds[MAX_COMMANDS];
static unsigned ncmds;

void ww_command_register(const ww_command *cmd)
{
    if (ncmds < MAX_COMMANDS && !ww_command_find(cmd->name))
        cmds[ncmds++] = cmd;
}

const ww_command *ww_command_find(const char *name)
{
    for (unsigned i = 0; i < ncmds; i++)
        if (!strcmp(cmds[i]->name, name))
            return cmds[i];
    return NULL;
}

static int cmp(const void *a, const void *b)
{
    return strcmp((*(const ww_command *const *)a)->name, (*(const ww_command *const *)b)->name);
}

unsigned ww_command_list(const ww_command *const **out)
{
    qsort(cmds, ncmds, sizeof cmds[0], cmp);
    *out = cmds;
    return ncmds;
}
