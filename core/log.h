/* core/log.h — logging with per-chip categories.
 *
 * Library code never prints: it calls ww_log*(), which forwards to a handler
 * the front end installs (default: discard). Categories are chip types or
 * instance ids ("pic", "pit", "i8259"), plus the core ones "bus", "sched",
 * "cpu", "mdl"; `-d pic,pit` enables them. Guest errors (unmapped access,
 * reserved bits) and unimplemented features have their own kinds so they can be
 * enabled wholesale with `-d guest,unimp`. */
#ifndef WW_LOG_H
#define WW_LOG_H
#include <glib.h>
#include <stdbool.h>

typedef enum {
    WW_LOG_TRACE,       /* enabled per category */
    WW_LOG_GUEST_ERROR, /* the guest did something the hardware would not like */
    WW_LOG_UNIMP,       /* the guest used something we do not model */
    WW_LOG_WARN,        /* always shown when a handler is installed */
} ww_log_kind;

typedef void (*ww_log_handler)(ww_log_kind kind, const char *category,
                               const char *msg, void *opaque);

void ww_log_set_handler(ww_log_handler fn, void *opaque);
/* Comma-separated list: category names, "guest", "unimp", "all". */
void ww_log_enable(const char *list);
bool ww_log_enabled(ww_log_kind kind, const char *category);
void ww_log(ww_log_kind kind, const char *category, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);

#endif
