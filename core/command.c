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

/* ---- numeric options ----------------------------------------------------- */

bool ww_command_parse_uint(const ww_num_option *opt, const char *text, uint64_t *out,
                           GError **err)
{
    const char *why = NULL;
    char *inner = NULL;
    uint64_t v = 0;
    size_t len = text ? strlen(text) : 0;
    /* ww_parse_uint tolerates surrounding spaces (XML attributes); a command
     * line never needs them, and "-5" must never reach a strtoull. */
    if (!len)
        why = "empty";
    else if (text[0] == '-' || text[0] == '+')
        why = "a sign is not allowed";
    else if (strpbrk(text, " \t\n\v\f\r"))
        why = "spaces are not allowed";
    else if (!g_ascii_isdigit(text[0]))
        why = "not a number";
    else if (opt->need_unit && opt->unit != WW_UNIT_NONE && !g_ascii_isalpha(text[len - 1]))
        why = "no unit";
    else {
        GError *e = NULL;
        if (!ww_parse_uint(text, opt->unit, &v, &e)) {
            inner = g_strdup(e->message);
            g_error_free(e);
        } else if (v < opt->min || v > opt->max) {
            why = "out of range";
        }
    }
    if (!why && !inner) {
        *out = v;
        return true;
    }
    if (inner && strstr(inner, "expected"))   /* it already says what would do */
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "%s %s", opt->name, inner);
    else if (inner)
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "%s %s; expected %s", opt->name, inner,
                    opt->expect);
    else
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "%s '%s': %s; expected %s", opt->name,
                    text ? text : "", why, opt->expect);
    g_free(inner);
    return false;
}
