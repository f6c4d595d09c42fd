// Internal to the shim: filling a tt_error (see shim_error.h).
#include <stdarg.h>
#include <stdio.h>

#include "shim_error.h"

void tt_error_set(tt_error *err, int code, const char *format, ...) {
    if (err == NULL) return;
    err->code = code;
    if (code == TT_OK) err->needed = 0;
    va_list ap;
    va_start(ap, format);
    vsnprintf(err->message, sizeof err->message, format, ap);
    va_end(ap);
}
