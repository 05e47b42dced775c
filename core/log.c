/* core/log.c — category logging; the front end installs the handler.
 * The enabled set and handler are process-wide settings of the front end,
 * not machine state. */
#include "core/log.h"
#include <string.h>

static ww_log_handler handler;
static void *handler_opaque;
static char **enabled;       /* NULL-terminated category list */
static bool all, guest, unimp;

void ww_log_set_handler(ww_log_handler fn, void *opaque)
{
    handler = fn;
    handler_opaque = opaque;
}

void ww_log_enable(const char *list)
{
    g_strfreev(enabled);
    enabled = NULL;
    all = guest = unimp = false;
    if (!list)
        return;
    enabled = g_strsplit(list, ",", -1);
    for (char **p = enabled; *p; p++) {
        g_strstrip(*p);
        if (!strcmp(*p, "all"))
            all = true;
        else if (!strcmp(*p, "guest"))
            guest = true;
        else if (!strcmp(*p, "unimp"))
            unimp = true;
    }
}

bool ww_log_enabled(ww_log_kind kind, const char *category)
{
    if (!handler)
        return false;
    if (kind == WW_LOG_WARN || all)
        return true;
    if ((kind == WW_LOG_GUEST_ERROR && guest) || (kind == WW_LOG_UNIMP && unimp))
        return true;
    if (!enabled || !category)
        return false;
    for (char **p = enabled; *p; p++)
        if (!strcmp(*p, category))
            return true;
    return false;
}

void ww_log(ww_log_kind kind, const char *category, const char *fmt, ...)
{
    if (!ww_log_enabled(kind, category))
        return;
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    handler(kind, category, msg, handler_opaque);
    g_free(msg);
}
