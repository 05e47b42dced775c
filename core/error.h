/* core/error.h — the one GError domain of wirewrap.
 * Library code reports every failure through GError; only frontend/ prints. */
#ifndef WW_ERROR_H
#define WW_ERROR_H
#include <glib.h>

#define WW_ERROR ww_error_quark()
GQuark ww_error_quark(void);

typedef enum {
    WW_ERROR_FAILED,      /* anything not below */
    WW_ERROR_NOT_FOUND,   /* unknown chip type, property, port, file, ROM */
    WW_ERROR_INVALID,     /* value of the wrong type, out of range, bad syntax */
    WW_ERROR_CONFLICT,    /* overlapping map, duplicate id, double connection */
    WW_ERROR_UNSUPPORTED, /* access wider than a region allows, unsupported ELF… */
    WW_ERROR_IO,          /* host file I/O */
} ww_error_code;

#endif
