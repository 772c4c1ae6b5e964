/* SPDX-License-Identifier: GPL-3.0-or-later */
/* error.c: per-thread error messages (VOL_ERROR) and the GSL error handler. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include "vol_status.h"

static _Thread_local char last_message[1024];
static _Thread_local char last_where[256];

vol_status vol_error_set(vol_status code, const char *file, int line,
                         const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(last_message, sizeof last_message, fmt, ap);
    va_end(ap);
    snprintf(last_where, sizeof last_where, "%s:%d", file, line);
    return code;
}

const char *vol_error_message(void) { return last_message; }

const char *vol_error_where(void) { return last_where; }

void vol_error_clear(void)
{
    last_message[0] = '\0';
    last_where[0] = '\0';
}

const char *vol_status_name(vol_status code)
{
    switch (code) {
    case VOL_OK: return "success";
    case VOL_EINVAL: return "invalid input";
    case VOL_ENOMEM: return "out of memory";
    case VOL_EIO: return "input/output error";
    case VOL_ERANGE: return "value out of range";
    case VOL_EFAILED: return "runtime failure";
    }
    return "unknown status";
}

static void gsl_handler(const char *reason, const char *file, int line,
                        int gsl_errno)
{
    /* Recorded, never aborting: the caller checks the GSL return code. */
    vol_error_set(VOL_EFAILED, file, line, "GSL error %d: %s", gsl_errno, reason);
}

void vol_error_install_gsl_handler(void) { gsl_set_error_handler(gsl_handler); }
