/* core/error.c — the wirewrap GError domain. */
#include "core/error.h"

GQuark ww_error_quark(void)
{
    return g_quark_from_static_string("wirewrap-error-quark");
}
