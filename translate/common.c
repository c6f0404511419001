/*
 * common.c: error reporting shared by every mode.
 */
#include "common.h"
#include <stdarg.h>

const char *crossemu_progname = "crossemu";

void error_report(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s: ", crossemu_progname);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

GQuark crossemu_error_quark(void)
{
    return g_quark_from_static_string("crossemu-error-quark");
}
