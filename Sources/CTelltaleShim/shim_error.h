// Internal to the shim: filling a tt_error.
#ifndef TELLTALE_SHIM_ERROR_H
#define TELLTALE_SHIM_ERROR_H

#include "telltale_shim.h"

/// Sets `err->code` and the message (printf-style; pass "%s" and the text for a
/// message that is not a literal). TT_OK also clears `err->needed`. NULL is ignored.
void tt_error_set(tt_error *err, int code, const char *format, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

#endif
